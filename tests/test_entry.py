"""The ``newsparse`` console script's entry (newsparse.__main__): the collector is off
while start-up imports, and what they made is frozen; callers of newsparse.cli.main keep
the collector as they set it.

Each case runs in a fresh interpreter: freezing is for the whole process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "samples" / "000_0833b96511dd5aaf.txt"

# Runs one entry with the arguments after the first, then reports the collector's state.
_REPORT = """
import gc, json, sys
entry = sys.argv.pop(1)
if entry == "console":
    from newsparse.__main__ import main
    code = main()
else:
    from newsparse.cli import main
    code = main(sys.argv[1:])
import click, newsparse.cli
tracked = {id(o) for o in gc.get_objects()}  # the permanent generation is not listed
print(json.dumps({
    "code": code,
    "enabled": gc.isenabled(),
    "frozen": gc.get_freeze_count(),
    "cli_main_collected": id(newsparse.cli.main) in tracked,
    "click_command_collected": id(click.Command.__dict__["__init__"]) in tracked,
}))
"""


def _state(entry: str, *args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _REPORT, entry, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    state: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return state


def test_entry_freezes_what_start_up_imported_and_leaves_the_collector_on() -> None:
    state = _state("console", "parse", str(SEED))
    assert state["code"] == 0
    assert state["enabled"] is True
    assert state["cli_main_collected"] is False
    assert state["click_command_collected"] is False
    assert isinstance(state["frozen"], int) and state["frozen"] > 10_000


def test_entry_library_callers_keep_their_collector() -> None:
    state = _state("library", "parse", str(SEED))
    assert state == {
        "code": 0,
        "enabled": True,
        "frozen": 0,
        "cli_main_collected": True,
        "click_command_collected": True,
    }


def test_entry_python_m_newsparse_runs_the_same_entry() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "newsparse", "parse", str(SEED)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["url"].startswith("https://sputnikglobe.com/20260123/")
