"""Baselines: record the findings of today, hide them tomorrow, survive line shifts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsparse.cli import cli

OLD = " date 1970-01-01 https://site.com/old-{n}.html\n\nOld Story {n}\n\nBody {n}.\n\n"
BAD = " date 2026-02-30 https://site.com/bad-{n}.html\n\nBad Date {n}\n\nBody b{n}.\n\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(OLD.format(n=1) + BAD.format(n=1), encoding="utf-8")
    return tmp_path


def test_check_baseline_write_then_check_is_clean(archive: Path) -> None:
    code, out, err = run("a.txt", "--write-baseline", "base.json")
    assert (code, out, err) == (0, "", "newsparse: wrote 2 findings to base.json\n")
    data = json.loads((archive / "base.json").read_text(encoding="utf-8"))
    assert data["newsparse-baseline"] == 1
    assert [(e["path"], e["code"], e["count"]) for e in data["findings"]] == [
        ("a.txt", "NP105", 1),
        ("a.txt", "NP106", 1),
    ]
    assert run("a.txt", "--baseline", "base.json") == (
        0,
        "All checks passed (2 findings in the baseline).\n",
        "",
    )


def test_check_baseline_survives_line_shifts(archive: Path) -> None:
    run("a.txt", "--write-baseline", "base.json")
    shifted = " date 2026-01-01 https://site.com/new.html\n\nNew Story\n\nNew body.\n\n"
    text = (archive / "a.txt").read_text(encoding="utf-8")
    (archive / "a.txt").write_text(shifted + text, encoding="utf-8")
    assert run("a.txt", "--baseline", "base.json")[:2] == (
        0,
        "All checks passed (2 findings in the baseline).\n",
    )


def test_check_baseline_reports_new_findings(archive: Path) -> None:
    run("a.txt", "--write-baseline", "base.json")
    with (archive / "a.txt").open("a", encoding="utf-8") as handle:
        handle.write(OLD.format(n=2) + BAD.format(n=2))
    code, out, _ = run("a.txt", "--baseline", "base.json")
    assert code == 1
    assert out == (
        "a.txt:13: NP106 date 1970-01-01 is before 1990\n"
        "a.txt:19: NP105 date '2026-02-30' cannot exist: day is out of range for month\n"
        "Found 1 error and 1 warning in 1 file (2 more in the baseline).\n"
    )


def test_check_baseline_counts_identical_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    truncated = " date 2026-01-23 https://site.com/t.html\n"
    (tmp_path / "a.txt").write_text(truncated * 2 + "\n", encoding="utf-8")
    run("a.txt", "--write-baseline", "base.json")
    (tmp_path / "a.txt").write_text(truncated * 3 + "\n", encoding="utf-8")
    code, out, _ = run("a.txt", "--baseline", "base.json")
    assert code == 1
    assert out.splitlines()[-1] == "Found 1 error in 1 file (2 more in the baseline)."


def test_check_baseline_paths_relative_to_baseline_file(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (archive / "ci").mkdir()
    run("a.txt", "--write-baseline", "ci/base.json")
    data = json.loads((archive / "ci" / "base.json").read_text(encoding="utf-8"))
    assert {e["path"] for e in data["findings"]} == {"../a.txt"}
    monkeypatch.chdir(archive / "ci")
    assert run("../a.txt", "--baseline", "base.json")[0] == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "newsparse: error: baseline file not found: base.json\n"),
        ("{not json", "newsparse: error: baseline base.json is not valid JSON: "),
        ('{"findings": []}', "newsparse: error: base.json is not a newsparse baseline"),
        (
            '{"newsparse-baseline": 1, "findings": [{"path": "a.txt"}]}',
            "newsparse: error: base.json: entry 1 needs path, code and fingerprint (strings) "
            "and count (a whole number, at least 1)\n",
        ),
    ],
)
def test_check_baseline_bad_file_exits_2(archive: Path, content: str | None, message: str) -> None:
    if content is not None:
        (archive / "base.json").write_text(content, encoding="utf-8")
    code, out, err = run("a.txt", "--baseline", "base.json")
    assert (code, out) == (2, "")
    assert err.startswith(message)
