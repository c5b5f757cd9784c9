"""End-to-end tests of `newsparse parse` and `newsparse schema`, as a shell or CI calls them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from newsparse import __version__
from newsparse.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "000_0833b96511dd5aaf.txt"
BROKEN = " date 2026-02-30 https://a.com/2.html\n\nSecond\n\nBody two.\n"
GOOD = " date 2026-01-23 https://a.com/1.html\n\nFirst\n\nBody one.\n"


def run(*args: str, stdin: str | bytes | None = None, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), input=stdin, env=env)


def test_cli_parse_seed_prints_one_exact_record() -> None:
    result = run("parse", str(SEED))
    assert result.exit_code == 0
    assert result.stderr == ""
    expected = json.loads((ROOT / "tests/golden/000_0833b96511dd5aaf.txt.json").read_text())
    expected_article = expected["articles"][0] | {"origin": {"path": str(SEED), "line": 1}}
    # JSON Lines is compact: no space after ',' or ':'.
    compact = json.dumps(expected_article, ensure_ascii=False, separators=(",", ":"))
    assert result.stdout == compact + "\n"


def test_cli_parse_reads_stdin_with_dash_and_names_it_dash() -> None:
    result = run("parse", "-", stdin=GOOD)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["origin"] == {"path": "-", "line": 1}


def test_cli_parse_reads_stdin_when_no_path_is_given() -> None:
    result = run("parse", stdin=GOOD.encode("utf-16"))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["headline"] == "First"


def test_cli_parse_reports_failures_and_still_writes_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_text(GOOD + BROKEN)
    result = run("parse", str(path))
    assert result.exit_code == 1
    assert [json.loads(line)["headline"] for line in result.stdout.splitlines()] == ["First"]
    assert result.stderr.splitlines() == [
        f"{path}:6: NP105 date '2026-02-30' cannot exist: day is out of range for month",
        "newsparse: 2 records: 1 written, 1 reported",
    ]


def test_cli_parse_not_a_dump_is_reported_by_name(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("Shopping list\n- eggs\n")
    result = run("parse", str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        result.stderr.splitlines()[0] == f"{tmp_path}/notes.txt:1: NP101 no header line: not a dump"
    )


def test_cli_parse_json_format_is_one_array() -> None:
    result = run("parse", "-f", "json", str(SEED), str(SEED))
    assert result.exit_code == 0
    assert [a["id"] for a in json.loads(result.stdout)] == ["70a34b1e00215d2a"] * 2


def test_cli_parse_json_of_nothing_is_an_empty_array(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = run("parse", "-f", "json", str(tmp_path / "empty.txt"))
    assert (result.exit_code, result.stdout) == (0, "[]\n")


def test_cli_parse_markdown_has_front_matter_and_headline() -> None:
    result = run("parse", "-f", "md", str(SEED))
    assert result.exit_code == 0
    assert result.stdout.startswith("---\ntitle: Venezuela, Russia Reaffirm Commitment")
    assert "\n# Venezuela, Russia Reaffirm Commitment to Strategic Cooperation\n" in result.stdout


def test_cli_parse_output_file_is_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    result = run("parse", str(SEED), "-o", str(out))
    assert (result.exit_code, result.stdout) == (0, "")
    assert json.loads(out.read_text())["source"] == "sputnikglobe.com"
    assert [p.name for p in tmp_path.iterdir()] == ["articles.jsonl"]


def test_cli_parse_output_into_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "a.jsonl"
    result = run("parse", str(SEED), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == f"newsparse: error: cannot write {out}: its folder does not exist\n"
    assert not (tmp_path / "missing").exists()


def test_cli_parse_exclude_skips_matching_names() -> None:
    result = run("parse", str(ROOT / "samples"), "--exclude", "damaged", "--exclude", "*.gz")
    assert result.exit_code == 0
    paths = {json.loads(line)["origin"]["path"] for line in result.stdout.splitlines()}
    assert not any("damaged" in p or p.endswith(".gz") for p in paths)
    kept = {str(p) for p in (ROOT / "samples").glob("*.*") if not p.name.endswith(".gz")}
    assert paths == kept


def test_cli_parse_fail_fast_stops_at_the_first_finding(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(GOOD.replace("\n", "\r\n").encode())
    assert run("parse", str(path)).exit_code == 0
    result = run("parse", "--fail-fast", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"newsparse: error: {path}:1: NP403 file uses CRLF line endings\n"


def test_cli_parse_strict_makes_warnings_fail_and_writes_every_article(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(GOOD.replace("\n", "\r\n").encode())
    result = run("parse", "--strict", str(path))
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr == (
        f"{path}:1: NP403 file uses CRLF line endings\n"
        "newsparse: 1 record: 1 written, 0 reported; 1 finding (--strict)\n"
    )


def test_cli_parse_usage_errors_exit_2() -> None:
    assert run("parse", "-f", "xml", str(SEED)).exit_code == 2
    assert run("parse", "--max-record-size", "lots", str(SEED)).exit_code == 2
    assert run("nonsense").exit_code == 2


def test_cli_parse_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = run("parse", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert result.stderr.endswith(f"newsparse: error: path '{tmp_path}/nope.txt' does not exist\n")


def test_cli_help_and_version() -> None:
    assert run("--version").stdout == f"newsparse, version {__version__}\n"
    for flag in ("-h", "--help"):
        result = run(flag)
        assert result.exit_code == 0
        for command in ("parse", "convert", "check", "fmt", "rules", "schema"):
            assert f"  {command} " in result.stdout
    parse_help = run("parse", "-h").stdout
    assert "Examples:" in parse_help and "newsparse parse dumps/ > articles.jsonl" in parse_help


def test_cli_schema_is_valid_and_validates_output() -> None:
    schema = json.loads(run("schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    article = json.loads(run("parse", str(SEED)).stdout)
    jsonschema.validate(article, schema)
    assert set(schema["required"]) == set(article)


def test_cli_parse_colour_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(BROKEN)
    plain = run("parse", str(path))
    forced = run("parse", str(path), env={"FORCE_COLOR": "1"})
    disabled = run("parse", str(path), env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in plain.stderr
    assert "\x1b[" in forced.stderr
    assert "\x1b[" not in disabled.stderr


def _subprocess(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "newsparse", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        **kwargs,
    )


def test_cli_python_dash_m_runs_the_same_command() -> None:
    result = _subprocess("parse", str(SEED))
    assert result.returncode == 0
    assert json.loads(result.stdout)["date"] == "2026-01-23"


def test_cli_parse_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    for i in range(400):
        (tmp_path / f"{i:03}.txt").write_text(SEED.read_text())
    shell = f'{sys.executable} -m newsparse parse {tmp_path} | head -1; echo "status=${{PIPESTATUS[0]}}"'
    result = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=60)
    lines = result.stdout.splitlines()
    assert json.loads(lines[0])["source"] == "sputnikglobe.com"
    assert lines[-1] == "status=141"
    assert result.stderr == ""


def test_cli_parse_in_c_locale_writes_utf8() -> None:
    sample = ROOT / "samples" / "languages.txt"
    result = subprocess.run(
        [sys.executable, "-m", "newsparse", "parse", str(sample)],
        capture_output=True,
        env={**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": ""},
        timeout=60,
    )
    assert result.returncode == 0
    assert "서울 지하철" in result.stdout.decode("utf-8")


def test_cli_parse_output_that_is_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    """-o accepts folders only with --scheduler (numbered parts); otherwise exit 2."""
    result = run("parse", str(SEED), "-o", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"newsparse: error: invalid value for '-o' / '--output': File {str(tmp_path)!r} "
        "is a directory.\n"
    )
