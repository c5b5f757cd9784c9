"""The startup floors of benchmarks/run.py: the minimal click app, and the same app with
newsparse's start-up collector set-up, print the file they are given."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "000_0833b96511dd5aaf.txt"


def _run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_benchmarks_apps_print_the_file() -> None:
    expected = SEED.read_text(encoding="utf-8")
    for script in ("minimal_click_app.py", "minimal_click_app_frozen.py"):
        done = _run(script, str(SEED))
        assert (done.returncode, done.stdout, done.stderr) == (0, expected, "")


def test_benchmarks_apps_frozen_one_freezes_what_click_made() -> None:
    code = (
        "import gc, runpy, sys; sys.argv = ['app', sys.argv[1]]\n"
        f"sys.path.insert(0, {str(ROOT / 'benchmarks')!r})  # as for a script run directly\n"
        "try:\n"
        "    runpy.run_module('minimal_click_app_frozen', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(gc.get_freeze_count() > 10_000, gc.isenabled(), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(SEED)], capture_output=True, text=True, timeout=60
    )
    assert done.stderr == "True True\n"
