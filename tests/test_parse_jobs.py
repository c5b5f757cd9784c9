"""``parse -j N``: the same bytes on stdout and stderr, the same exit code, as ``-j 1``.

Each case runs the command twice in this process (workers are forked from it)
and compares everything the user can see.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsparse.cli import cli
from newsparse.convert import rendering

ROOT = Path(__file__).resolve().parent.parent


def _parse(*args: str) -> Result:
    cwd = os.getcwd()
    os.chdir(ROOT)  # paths in the output are shown as given: relative ones
    try:
        return CliRunner().invoke(cli, ["parse", *args])
    finally:
        os.chdir(cwd)


def _same(*args: str, jobs: int = 2) -> Result:
    one, many = _parse(*args), _parse("-j", str(jobs), *args)
    assert many.exception is None or isinstance(many.exception, SystemExit), many.output
    assert (many.exit_code, many.stdout_bytes, many.stderr) == (
        one.exit_code,
        one.stdout_bytes,
        one.stderr,
    )
    return many


@pytest.mark.parametrize("fmt", ["jsonl", "json", "md"])
def test_parse_jobs_samples_give_the_same_bytes_and_reports(fmt: str) -> None:
    result = _same("samples", "-f", fmt)
    assert result.exit_code == 1  # samples/damaged is reported
    assert result.stderr.endswith(
        "newsparse: 51 records: 42 written, 9 reported; 2 files failed; "
        "1 text fragment outside any record\n"
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated dumps: 300 articles in files of 1-5 records, some gzip, CRLF, HTML."""
    path = tmp_path_factory.mktemp("corpus") / "tree"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "generate.py"),
            str(path),
            "--articles",
            "300",
            "--gz-share",
            "0.1",
            "--crlf-share",
            "0.1",
            "--html-share",
            "0.3",
        ],
        check=True,
        capture_output=True,
    )
    (path / "zz-not-a-dump.txt").write_text("no header here\n", encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [2, 3])
def test_parse_jobs_generated_corpus_gives_the_same_bytes(corpus: Path, jobs: int) -> None:
    result = _same(str(corpus), jobs=jobs)
    assert result.stdout_bytes.count(b"\n") == 300
    assert result.stderr.splitlines()[-2:] == [
        f"{corpus}/zz-not-a-dump.txt:1: NP101 no header line: not a dump",
        "newsparse: 300 records: 300 written, 0 reported; 1 file failed",
    ]


def test_parse_jobs_strict_stops_at_the_same_finding() -> None:
    result = _same("--fail-fast", "samples")
    assert result.exit_code == 1
    assert result.stderr.startswith("newsparse: error: ")


def test_parse_jobs_file_too_big_to_hold_is_parsed_by_the_writer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Workers are forked after this, so they see the small limit too.
    monkeypatch.setattr(rendering, "MAX_PIECES", 100)
    _same("samples", "-f", "json")


def test_parse_jobs_stdin_is_parsed_in_process() -> None:
    text = (ROOT / "samples" / "000_0833b96511dd5aaf.txt").read_bytes()
    one = CliRunner().invoke(cli, ["parse", "-"], input=text)
    many = CliRunner().invoke(cli, ["parse", "-j", "2", "-"], input=text)
    assert (many.exit_code, many.stdout_bytes) == (0, one.stdout_bytes)
    assert many.stdout_bytes.count(b"\n") == 1


def test_parse_jobs_zero_is_a_usage_error() -> None:
    result = _parse("-j", "0", "samples")
    assert result.exit_code == 2
    assert "-j" in result.stderr


@pytest.mark.slow
def test_parse_jobs_ctrl_c_exits_130_with_whole_lines(corpus: Path) -> None:
    import json
    import signal

    process = subprocess.Popen(
        [sys.executable, "-m", "newsparse", "parse", "-j", "2", str(corpus), str(corpus)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()  # ready: workers are writing
    process.send_signal(signal.SIGINT)
    rest = process.stdout.read()  # not communicate(): it would skip what readline buffered
    err = process.stderr.read()
    assert process.wait(timeout=60) == 130
    assert err.decode().splitlines()[-1] == "newsparse: interrupted"
    lines = (first + rest).splitlines()
    assert len(lines) < 600
    for line in lines:
        json.loads(line)  # every line written is whole


@pytest.mark.slow
def test_parse_jobs_closed_pipe_ends_quietly_with_141(corpus: Path) -> None:
    shell = (
        f"{sys.executable} -m newsparse parse -j 2 {corpus} {corpus} | head -1; "
        'echo "status=${PIPESTATUS[0]}"'
    )
    result = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=60)
    lines = result.stdout.splitlines()
    assert lines[0].startswith('{"id":"')
    assert lines[-1] == "status=141"
    assert result.stderr == ""
