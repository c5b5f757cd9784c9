"""The ``newsparse`` console script's entry (newsparse.__main__): the collector is off
while start-up imports, and what they made is frozen; callers of newsparse.cli.main keep
the collector as they set it.

Each case runs in a fresh interpreter: freezing is for the whole process.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "000_0833b96511dd5aaf.txt"

# Runs one entry with the arguments after the first, then reports the collector's state.
# The threshold of 1 makes the collector run at almost every allocation, so a collection
# during start-up's imports is certain unless the entry keeps the collector off. Counted:
# collections once newsparse.cli is being imported and before anything is frozen (for the
# console entry, exactly its imports; for a library caller, which imported the CLI
# first, its whole run). After the freeze the threshold goes back.
_REPORT = """
import gc, json, sys
entry = sys.argv.pop(1)
if entry == "console":
    from newsparse.__main__ import main
else:
    from newsparse.cli import main
before_freeze = []
def watch(phase, info):
    if phase == "start" and gc.get_freeze_count() == 0 and "newsparse.cli" in sys.modules:
        before_freeze.append(info["generation"])
    elif gc.get_freeze_count():
        gc.set_threshold(700, 10, 10)
gc.callbacks.append(watch)
gc.set_threshold(1, 1, 1)
code = main() if entry == "console" else main(sys.argv[1:])
gc.callbacks.remove(watch)
gc.set_threshold(700, 10, 10)
import click, newsparse.cli
tracked = {id(o) for o in gc.get_objects()}  # the permanent generation is not listed
print(json.dumps({
    "code": code,
    "enabled": gc.isenabled(),
    "frozen": gc.get_freeze_count(),
    "collected_before_freeze": len(before_freeze) > 0,
    "cli_main_collected": id(newsparse.cli.main) in tracked,
    "click_command_collected": id(click.Command.__dict__["__init__"]) in tracked,
}))
"""

# What runpy does for ``python -m newsparse``, with the collector's state printed at exit
# (after the SystemExit that the module's ``__main__`` block raises).
_AS_MODULE = """
import atexit, gc, json, runpy, sys
atexit.register(
    lambda: print(json.dumps({"frozen": gc.get_freeze_count(), "enabled": gc.isenabled()}),
                  file=sys.stderr)
)
sys.argv = ["newsparse", *sys.argv[1:]]
runpy.run_module("newsparse", run_name="__main__", alter_sys=True)
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
    assert state["collected_before_freeze"] is False
    assert state["cli_main_collected"] is False
    assert state["click_command_collected"] is False
    assert isinstance(state["frozen"], int) and state["frozen"] > 10_000


def test_entry_library_callers_keep_their_collector() -> None:
    state = _state("library", "parse", str(SEED))
    assert state == {
        "code": 0,
        "enabled": True,
        "frozen": 0,
        "collected_before_freeze": True,
        "cli_main_collected": True,
        "click_command_collected": True,
    }


def test_entry_keeps_a_collector_the_caller_turned_off() -> None:
    code = (
        "import gc; gc.disable(); from newsparse.__main__ import main; "
        "main(); print(gc.isenabled())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.splitlines()[-1] == "False"


def test_entry_python_m_newsparse_runs_the_same_entry() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _AS_MODULE, "parse", str(SEED)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["url"].startswith("https://sputnikglobe.com/20260123/")
    state = json.loads(done.stderr.splitlines()[-1])
    assert state["enabled"] is True
    assert state["frozen"] > 10_000


def test_entry_console_script_is_the_collector_aware_entry() -> None:
    toml = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")
    project = toml.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"] == {"newsparse": "newsparse.__main__:main"}
