"""Heavy dependencies load only on the paths that need them (startup time).

Each case runs the real command line in a fresh interpreter and reads back
``sys.modules`` as it stands when the command has finished.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "samples"

HEAVY = (
    "rich",
    "bs4",
    "dateutil",
    "charset_normalizer",
    "yaml",
    "ftfy",
    "multiprocessing",
    "concurrent.futures",
    "jsonschema",
    "markdown_it",
    "csv",
    "sqlite3",
    "_sqlite3",
    # The cluster extras (docs/cluster.md): only --scheduler, URLs and -f parquet load them.
    "dask",
    "distributed",
    "pandas",
    "pyarrow",
    "fsspec",
    "s3fs",
    "gcsfs",
)

_RUN_CLI = """
import json, sys
out = sys.argv.pop(1)
from newsparse.cli import main
code = main(sys.argv[1:])
with open(out, "w") as handle:
    json.dump({"code": code, "modules": sorted(sys.modules)}, handle)
"""


def _modules_after(tmp_path: Path, *args: str) -> tuple[int, set[str]]:
    report = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", _RUN_CLI, str(report), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert report.exists(), done.stderr
    data = json.loads(report.read_text())
    return data["code"], set(data["modules"])


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY)


def _plain_file(tmp_path: Path) -> Path:
    path = tmp_path / "plain.txt"
    path.write_text(
        " date 2026-01-23 https://example.com/20260123/story-1.html\n\n"
        "A Plain Headline\n\n"
        "A lead paragraph that is long enough to count as a real lead here.\n\n"
        "https://cdn.example.com/img/1.jpg\n\n"
        "A lead paragraph that is long enough to count as a real lead here. And more.\n",
        encoding="utf-8",
    )
    return path


def test_lazy_imports_version_imports_nothing_heavy(tmp_path: Path) -> None:
    code, modules = _modules_after(tmp_path, "--version")
    assert code == 0
    assert _heavy(modules) == []


def test_lazy_imports_parse_of_seed_file_imports_nothing_heavy(tmp_path: Path) -> None:
    code, modules = _modules_after(tmp_path, "parse", str(SAMPLES / "000_0833b96511dd5aaf.txt"))
    assert code == 0
    assert _heavy(modules) == []
    assert "newsparse.writers.jsonl" in modules
    # Start-up: with no selection option, the filters module is not even loaded.
    assert "newsparse.filters" not in modules


def test_lazy_imports_parse_of_plain_file_imports_nothing_heavy(tmp_path: Path) -> None:
    code, modules = _modules_after(tmp_path, "parse", str(_plain_file(tmp_path)))
    assert code == 0
    assert _heavy(modules) == []
    # The encoding detection and HTML paths are not even loaded for plain UTF-8.
    assert "html.parser" not in modules


def test_lazy_imports_help_imports_no_command_module(tmp_path: Path) -> None:
    code, modules = _modules_after(tmp_path, "--help")
    assert code == 0
    assert _heavy(modules) == []
    commands = {
        "newsparse.cli.parse",
        "newsparse.cli.check",
        "newsparse.cli.convert",
        "newsparse.cli.fmt",
        "newsparse.cli.stats",
    }
    assert sorted(commands & modules) == []


def test_lazy_imports_library_loads_imports_nothing_heavy(tmp_path: Path) -> None:
    code = (
        "import sys, newsparse\n"
        "newsparse.loads(' date 2026-01-23 https://example.com/a.html\\n\\nHello\\n\\nWorld.')\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert _heavy(set(done.stdout.split())) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>Body with a <script>track()</script> script.</p>", "bs4"),
        ("Plain body.", "dateutil"),
    ],
)
def test_lazy_imports_slow_paths_do_load_their_dependency(
    tmp_path: Path, text: str, expected: str
) -> None:
    """A control: the probe sees a heavy import when the input needs it."""
    date = "Jan 23, 2026" if expected == "dateutil" else "2026-01-23"
    path = tmp_path / "needs.txt"
    path.write_text(
        f" date {date} https://example.com/a.html\n\nHeadline Here\n\n{text}\n", encoding="utf-8"
    )
    code, modules = _modules_after(tmp_path, "parse", str(path))
    assert code == 0
    assert expected in modules


def test_lazy_imports_simple_html_remnants_skip_beautifulsoup(tmp_path: Path) -> None:
    path = tmp_path / "remnants.txt"
    path.write_text(
        " date 2026-01-23 https://example.com/a.html\n\nHeadline Here\n\n"
        "<p>Body with <b>markup</b> &amp; an entity.</p><p>Second&nbsp;one.</p>\n",
        encoding="utf-8",
    )
    code, modules = _modules_after(tmp_path, "parse", str(path))
    assert code == 0
    assert _heavy(modules) == []


@pytest.mark.parametrize(("output", "expected"), [("out.csv", "csv"), ("out.db", "sqlite3")])
def test_lazy_imports_csv_and_sqlite_outputs_load_their_module(
    tmp_path: Path, output: str, expected: str
) -> None:
    """A control for the HEAVY list: the probe sees csv and sqlite3 when they are used."""
    code, modules = _modules_after(
        tmp_path, "parse", str(_plain_file(tmp_path)), "-o", str(tmp_path / output)
    )
    assert code == 0
    assert expected in modules


def test_lazy_imports_check_imports_no_cluster_module(tmp_path: Path) -> None:
    code, modules = _modules_after(tmp_path, "check", "--isolated", str(_plain_file(tmp_path)))
    assert code == 0
    assert _heavy(modules) == []
    assert sorted({"newsparse.dask", "newsparse.arrow", "newsparse.cli.cluster"} & modules) == []


@pytest.mark.cluster
def test_lazy_imports_parquet_loads_pyarrow_but_not_dask(tmp_path: Path) -> None:
    """A control for the probe above: -f parquet does load its own dependency."""
    pytest.importorskip("pyarrow")
    out = tmp_path / "out.parquet"
    code, modules = _modules_after(
        tmp_path, "parse", str(_plain_file(tmp_path)), "-f", "parquet", "-o", str(out)
    )
    assert code == 0
    assert "pyarrow" in modules
    # (pyarrow itself imports pandas, when installed, on building its first array.)
    assert sorted(m for m in ("dask", "distributed", "fsspec") if m in modules) == []
