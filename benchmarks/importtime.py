"""What ``newsparse parse FILE`` imports beyond the minimal click app, and what each costs.

Runs both under ``python -X importtime`` several times, keeps the least self time
of each module (microseconds; the least of several runs is the one least
disturbed by the machine), leaves out every module the minimal click app imports
too (the floor both pay), and prints a Markdown table, largest first, with each
module's importer. ``-X importtime`` adds its own overhead to every import, so the
total is larger than the start-up difference measured in CPU time by ``run.py``.

    python3 benchmarks/importtime.py                      # this interpreter
    python3 benchmarks/importtime.py --python /venv/bin/python --runs 15

Modules imported with importlib.import_module (newsparse.cli's lazy commands) are
not reported by ``-X importtime`` itself, only what they import.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED_FILE = HERE.parent / "samples" / "000_0833b96511dd5aaf.txt"
_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")

# The console script's own work, without the script file: the same imports.
_PARSE = "import sys; from newsparse.cli import main; sys.exit(main(['parse', sys.argv[1]]))"


def imports(argv: list[str]) -> list[tuple[str, int, int, str]]:
    """(module, self us, cumulative us, importer) for each import ``argv`` makes."""
    # Run from benchmarks/, so that "-c" finds the installed newsparse, not the checkout's.
    done = subprocess.run(argv, capture_output=True, text=True, check=True, cwd=HERE)
    rows: list[tuple[str, int, int, str]] = []
    stack: list[tuple[int, str]] = []  # (depth, module) of imports still open, innermost last
    for line in reversed(done.stderr.splitlines()):  # a parent is printed after its children
        m = _LINE.match(line)
        if m is None:
            continue
        depth, name = len(m[3]) // 2, m[4]
        while stack and stack[-1][0] >= depth:
            stack.pop()
        rows.append((name, int(m[1]), int(m[2]), stack[-1][1] if stack else ""))
        stack.append((depth, name))
    return rows


def least(argv: list[str], runs: int) -> dict[str, tuple[int, int, str]]:
    """Each module's least self time over ``runs`` runs, with its cumulative time and
    importer from the run that gave it."""
    best: dict[str, tuple[int, int, str]] = {}
    for _ in range(runs):
        for name, own, total, parent in imports(argv):
            if name not in best or own < best[name][0]:
                best[name] = (own, total, parent)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable, help="the interpreter to measure")
    parser.add_argument("--runs", type=int, default=10, help="runs of each (default 10)")
    args = parser.parse_args()
    seed = str(SEED_FILE)
    app = least([args.python, "-X", "importtime", str(HERE / "minimal_click_app.py"), seed], 1)
    ours = least([args.python, "-X", "importtime", "-c", _PARSE, seed], args.runs)
    extra = sorted(
        ((own, name, parent) for name, (own, _, parent) in ours.items() if name not in app),
        reverse=True,
    )
    print("| Module | Self (us) | Imported by |")
    print("|---|---|---|")
    for own, name, parent in extra:
        print(f"| `{name}` | {own:,} | {f'`{parent}`' if parent else ''} |")
    print(f"| **newsparse's share, in all** | **{sum(own for own, _, _ in extra):,}** | |")


if __name__ == "__main__":
    main()
