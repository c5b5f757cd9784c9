"""Builders and runners for the hostile-input suite.

Every hostile input is made at test time in tmp_path (big ones streamed in
chunks), so nothing large is committed. Helpers run the CLI in-process through
click's CliRunner, or as a real process with a timeout that guards against hangs.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import resource
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsparse.cli import cli

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "000_0833b96511dd5aaf.txt"
#: Seconds any one subprocess may take before the test calls it a hang.
HANG_TIMEOUT = 60
SUMMARY = re.compile(
    r"^newsparse: (\d+) records?: (\d+) written, (\d+) reported(?:;.*)?$", re.MULTILINE
)
# Python's traceback banner, and the last line of any uncaught exception.
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\w+(?:Error|Exception): ", re.M)


def record(
    url: str = "https://example.com/a.html",
    *,
    date: str = "2026-01-23",
    headline: str = "Headline",
    body: str = "Body text.",
) -> str:
    """One dump record in the seed's layout, ending with a newline."""
    return f" date {date} {url}\n\n{headline}\n\n{body}\n"


def records(count: int, *, prefix: str = "https://example.com/n/") -> str:
    """``count`` distinct records, separated by a blank line."""
    return "\n".join(record(f"{prefix}{i}.html", headline=f"Story {i}") for i in range(count))


def write_chunks(path: Path, head: bytes, chunk: bytes, repeat: int, tail: bytes = b"") -> Path:
    """Write head, then ``chunk`` ``repeat`` times, then tail: a big file in bounded memory."""
    with open(path, "wb") as out:
        out.write(head)
        for _ in range(repeat):
            out.write(chunk)
        out.write(tail)
    return path


def gzip_member(data: bytes) -> bytes:
    """One gzip member with a fixed mtime, so that builds are reproducible."""
    return gzip.compress(data, mtime=0)


@dataclass(frozen=True)
class Run:
    """What one CLI run did: exit code, stdout (text), stderr (text)."""

    code: int
    stdout: str
    stderr: str

    def articles(self) -> list[dict[str, object]]:
        """The JSON Lines articles on stdout."""
        return [json.loads(line) for line in self.stdout.splitlines() if line.strip()]

    def summary(self) -> tuple[int, int, int] | None:
        """(records, written, reported) from the summary line, if one was printed."""
        m = SUMMARY.search(self.stderr)
        return (int(m[1]), int(m[2]), int(m[3])) if m else None


def assert_no_traceback(text: str) -> None:
    assert TRACEBACK.search(text) is None, f"traceback in output:\n{text[-3000:]}"


def invoke(args: Sequence[str], *, input: bytes | str | None = None) -> Run:
    """Run the CLI in-process. An exception other than SystemExit fails the test."""
    result: Result = CliRunner().invoke(cli, list(args), input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        detail = "".join(traceback.format_exception(result.exception))
        raise AssertionError(f"newsparse {' '.join(args)} raised:\n{detail}")
    run = Run(result.exit_code, result.stdout, result.stderr)
    assert_no_traceback(run.stderr)
    return run


def run_process(
    args: Sequence[str],
    *,
    input: bytes | None = None,
    cwd: Path | str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = HANG_TIMEOUT,
    stdout: int | None = subprocess.PIPE,
) -> Run:
    """Run ``python -m newsparse ARGS`` as a real process; a hang fails after ``timeout``."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "newsparse", *args],
            input=input,
            stdout=stdout,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=env,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"newsparse {' '.join(map(str, args))} hung for more than {timeout} s")
    text = done.stdout.decode("utf-8", "replace") if done.stdout else ""
    run = Run(done.returncode, text, done.stderr.decode("utf-8", "replace"))
    assert_no_traceback(run.stderr)
    return run


def count_headers(path: str) -> int:
    """Records in a file, counted independently of the pipeline: header lines in the
    decoded input (0 for a file that cannot be read as text at all)."""
    from newsparse.errors import InputError
    from newsparse.reader import TextInput
    from newsparse.splitter import parse_header

    count = 0
    try:
        with TextInput(path) as text:
            for line in text.lines():
                count += parse_header(line) is not None
    except InputError:
        pass
    return count


def assert_accounted(run: Run, paths: Iterable[str]) -> None:
    """Every record found is either written (stdout) or reported (the summary line)."""
    found = sum(count_headers(p) for p in paths)
    written = len(run.articles())
    summary = run.summary()
    if summary is None:
        assert run.code == 0, run.stderr
        assert written == found, (written, found, run.stderr)
    else:  # parse prints the summary exactly when something failed, and then exits 1
        assert run.code == 1, run.stderr
        records_, written_, reported = summary
        assert (records_, written_) == (found, written), (summary, found, written, run.stderr)
        assert records_ == written_ + reported


def files_in(folder: Path) -> list[str]:
    """Every entry in a folder tree, hidden ones included, relative and sorted."""
    return sorted(
        os.path.relpath(os.path.join(d, n), folder)
        for d, dirs, names in os.walk(folder)
        for n in (*dirs, *names)
    )


#: Address-space cap for big-input runs: far below what holding a 100 MB line (or a
#: 1 GiB decompressed stream) as bytes plus a Python string would need.
MEMORY_CAP = 768 * 1024 * 1024


def run_capped(args: list[str], timeout: float = HANG_TIMEOUT) -> tuple[int, str, str]:
    """``python -m newsparse ARGS`` with its address space capped at MEMORY_CAP:
    a memory blow-up shows as a MemoryError, which fails the test."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    try:
        done = subprocess.run(
            [sys.executable, "-m", "newsparse", *args],
            capture_output=True,
            preexec_fn=cap,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"newsparse {' '.join(args)} hung for more than {timeout} s")
    stderr = done.stderr.decode("utf-8", "replace")
    assert "MemoryError" not in stderr
    assert_no_traceback(stderr)
    return done.returncode, done.stdout.decode("utf-8", "replace"), stderr
