"""``newsparse check`` end to end: output, exit codes, options, files and stdin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsparse.cli import cli

GOOD = (
    " date 2026-01-23 https://site.com/20260123/story-1.html\n\nMinister Meets Ambassador\n\n"
    "Talks will continue in March.\n"
)
WARN = " date 1970-01-01 https://site.com/old.html\n\nOld Story\n\nBody.\n"
ERROR = " date 2026-02-30 https://site.com/bad.html\n\nBad Date\n\nBody.\n"


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An archive in the current folder: one clean file, one warning, one error."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dumps").mkdir()
    (tmp_path / "dumps" / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "dumps" / "old.txt").write_text(WARN, encoding="utf-8")
    (tmp_path / "dumps" / "zz.txt").write_text(
        GOOD.replace("story-1", "story-2").replace("March", "May") + "\n" + ERROR, encoding="utf-8"
    )
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", *args])
    return result.exit_code, result.stdout, result.stderr


def test_check_text_output_relative_sorted_with_summary(archive: Path) -> None:
    code, out, err = run("./dumps")
    assert out == (
        "dumps/old.txt:1: NP106 date 1970-01-01 is before 1990\n"
        "dumps/zz.txt:7: NP105 date '2026-02-30' cannot exist: day is out of range for month\n"
        "Found 1 error and 1 warning in 2 files.\n"
    )
    assert (code, err) == (1, "")


def test_check_absolute_paths_inside_cwd_become_relative(archive: Path) -> None:
    _, out, _ = run(str(archive / "dumps" / "old.txt"))
    assert out.splitlines()[0] == "dumps/old.txt:1: NP106 date 1970-01-01 is before 1990"


def test_check_exit_zero_when_clean(archive: Path) -> None:
    assert run("dumps/good.txt") == (0, "All checks passed.\n", "")


def test_check_warnings_pass_unless_strict(archive: Path) -> None:
    assert run("dumps/old.txt")[0] == 0
    assert run("dumps/old.txt", "--strict")[0] == 1
    assert run("dumps/old.txt", "--strict", "--no-strict")[0] == 0


def test_check_exit_zero_flag(archive: Path) -> None:
    code, out, _ = run("dumps", "--exit-zero")
    assert code == 0
    assert out.endswith("Found 1 error and 1 warning in 2 files.\n")


def test_check_no_paths_is_usage_error(archive: Path) -> None:
    code, _, err = run()
    assert code == 2
    assert "no input: give files or folders, or - to read stdin" in err


def test_check_no_files_found_is_a_warning_and_exit_0(archive: Path) -> None:
    (archive / "empty").mkdir()
    assert run("empty") == (0, "", "newsparse: warning: no dump files found in empty\n")
    code, out, err = run("missing.txt")
    assert (code, out) == (2, "")
    assert err.endswith("newsparse: error: path 'missing.txt' does not exist\n")


def test_check_excluded_everything_is_a_warning_and_exit_0(archive: Path) -> None:
    assert run("dumps", "--exclude", "*.txt") == (
        0,
        "",
        "newsparse: warning: no dump files found in dumps\n",
    )


def test_check_bad_option_value_exits_2(archive: Path) -> None:
    code, _, err = run("dumps", "--output-format", "xml")
    assert code == 2 and "'xml' is not one of" in err
    code, _, err = run("dumps", "--select", "NP9")
    assert (code, err) == (2, "newsparse: error: unknown rule code or prefix 'NP9'\n")
    code, _, err = run("dumps", "--per-file-ignores", "nocodes")
    assert code == 2 and "is not GLOB:CODE[,CODE...]" in err
    code, _, err = run("dumps", "--statistics", "--output-format", "github")
    assert code == 2 and "--statistics works with the text and json output formats" in err


def test_check_select_ignore_extend_select(archive: Path) -> None:
    assert run("dumps", "--select", "NP1", "--ignore", "NP105")[1] == (
        "dumps/old.txt:1: NP106 date 1970-01-01 is before 1990\nFound 1 warning in 1 file.\n"
    )
    assert run("dumps", "--select", "np2,NP4")[:2] == (0, "All checks passed.\n")
    code, out, _ = run("dumps", "--select", "NP2", "--extend-select", "NP105")
    assert (code, out.splitlines()[-1]) == (1, "Found 1 error in 1 file.")
    assert run("dumps", "--ignore", "ALL")[1] == "All checks passed.\n"


def test_check_per_file_ignores(archive: Path) -> None:
    code, out, _ = run("dumps", "--per-file-ignores", "dumps/z*.txt:NP1")
    assert (code, out.splitlines()[-1]) == (0, "Found 1 warning in 1 file.")
    code, out, _ = run("dumps", "--per-file-ignores", "old.txt:NP106")
    assert out.splitlines()[-1] == "Found 1 error in 1 file."


def test_check_output_file_and_statistics(archive: Path) -> None:
    code, out, _ = run("dumps", "-o", "report.json", "--output-format", "json")
    assert (code, out) == (1, "")
    data = json.loads((archive / "report.json").read_text(encoding="utf-8"))
    assert [d["code"] for d in data] == ["NP106", "NP105"]
    code, out, _ = run("dumps", "--statistics")
    assert out == (
        "1  NP105  error    date-impossible\n"
        "1  NP106  warning  date-out-of-range\n"
        "Found 1 error and 1 warning in 2 files.\n"
    )


def test_check_output_file_unwritable_exits_2(archive: Path) -> None:
    code, _, err = run("dumps", "-o", "no/such/folder/report.txt")
    assert code == 2
    assert err.startswith("newsparse: error: cannot write no/such/folder/report.txt: ")


def test_check_color_forced_and_disabled(archive: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run("dumps")[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run("dumps")[1]
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b[" not in run("dumps", "--output-format", "json")[1]


def test_check_stdin(archive: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "-"], input=WARN)
    assert result.stdout == (
        "-:1: NP106 date 1970-01-01 is before 1990\nFound 1 warning in 1 file.\n"
    )
    assert result.exit_code == 0


def _subprocess(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "newsparse", "check", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_check_subprocess_findings_and_exit_codes(archive: Path) -> None:
    done = _subprocess("dumps", cwd=archive)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "dumps/old.txt:1: NP106 date 1970-01-01 is before 1990",
        "dumps/zz.txt:7: NP105 date '2026-02-30' cannot exist: day is out of range for month",
        "Found 1 error and 1 warning in 2 files.",
    ]
    assert _subprocess("dumps/good.txt", cwd=archive).returncode == 0
    assert _subprocess("dumps/old.txt", "--strict", cwd=archive).returncode == 1
    assert _subprocess("dumps", "--exit-zero", cwd=archive).returncode == 0
    assert _subprocess("nothing-here", cwd=archive).returncode == 2
    assert _subprocess("dumps", "--bogus", cwd=archive).returncode == 2


def test_check_subprocess_github_format(archive: Path) -> None:
    done = _subprocess("./dumps", "--output-format", "github", cwd=archive)
    assert done.stdout.splitlines() == [
        "::warning file=dumps/old.txt,line=1,col=1,title=NP106::"
        "dumps/old.txt:1:1: NP106 date 1970-01-01 is before 1990",
        "::error file=dumps/zz.txt,line=7,col=1,title=NP105::"
        "dumps/zz.txt:7:1: NP105 date '2026-02-30' cannot exist: day is out of range for month",
    ]
    assert done.returncode == 1


def test_check_help_has_examples() -> None:
    result = CliRunner().invoke(cli, ["check", "-h"])
    assert result.exit_code == 0
    assert "newsparse check dumps/ --output-format github" in result.stdout
