"""benchmarks/importtime.py reads ``-X importtime`` output into modules and importers."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.slow  # fresh interpreters, as the benchmarks run them

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "importtime.py"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("importtime", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_importtime_names_each_module_with_its_importer() -> None:
    tool = _tool()
    # json.decoder imports json.scanner; json itself imports json.decoder and json.encoder.
    rows = tool.imports([sys.executable, "-X", "importtime", "-c", "import json"])
    parents = {name: parent for name, _, _, parent in rows}
    assert (parents["json"], parents["json.decoder"], parents["json.scanner"]) == (
        "",
        "json",
        "json.decoder",
    )
    assert all(own >= 0 and total >= own for _, own, total, _ in rows)


def test_importtime_table_leaves_out_the_click_apps_imports() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--runs", "1"], capture_output=True, text=True, check=True
    )
    lines = done.stdout.splitlines()
    names = {line.split("`")[1] for line in lines[2:-1]}
    assert lines[:2] == ["| Module | Self (us) | Imported by |", "|---|---|---|"]
    assert "newsparse.parser" in names and "click" not in names and "click.core" not in names
    assert lines[-1].startswith("| **newsparse's share, in all** | **")
