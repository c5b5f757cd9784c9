"""Pipes, signals, write failures and determinism, tested on real processes."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from readiness import open_when_read, wait_for, wait_until_read

from .support import (
    HANG_TIMEOUT,
    ROOT,
    SAMPLES,
    SEED,
    assert_no_traceback,
    files_in,
    record,
    records,
    run_process,
)

# Real processes, pipes and signals: run by `pytest -m slow` (.ci/run), not by default.
pytestmark = pytest.mark.slow

PY = sys.executable


def _shell(script: str, cwd: Path) -> tuple[str, str]:
    """Run a bash script (``$PY`` is this Python); return its stdout and stderr."""
    done = subprocess.run(
        ["bash", "-c", script],
        capture_output=True,
        cwd=cwd,
        env={**os.environ, "PY": PY},
        timeout=HANG_TIMEOUT,
        check=False,
    )
    return done.stdout.decode(), done.stderr.decode()


@pytest.fixture(scope="module")
def big_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 1 MB of JSON output: far more than a pipe buffer holds."""
    path = tmp_path_factory.mktemp("big") / "big.txt"
    path.write_text(records(3000), encoding="utf-8")
    return path


# --- closed pipes -----------------------------------------------------------------


def test_parse_into_head_ends_quietly_with_141(big_input: Path) -> None:
    out, err = _shell(
        f'"$PY" -m newsparse parse {big_input} | head -1; echo "status=${{PIPESTATUS[0]}}"',
        big_input.parent,
    )
    first, status = out.splitlines()
    assert first.startswith('{"id":"')  # a whole first line: compact JSON Lines
    assert status == "status=141"
    assert err == ""


def test_parse_to_a_closed_pipe_ends_quietly_with_141(big_input: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [PY, "-m", "newsparse", "parse", str(big_input)],
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=HANG_TIMEOUT,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (141, b"")


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_parse_formats_into_head_end_quietly(big_input: Path, fmt: str) -> None:
    out, err = _shell(
        f'"$PY" -m newsparse parse -f {fmt} {big_input} | head -c 100 >/dev/null; '
        'echo "status=${PIPESTATUS[0]}"',
        big_input.parent,
    )
    assert (out, err) == ("status=141\n", "")


@pytest.mark.parametrize(
    "args",
    [
        ["check", "bad.txt"],
        ["check", "bad.txt", "--output-format", "json"],
        ["fmt", "--stdout", "bad.txt"],
        ["fmt", "--diff", "bad.txt"],
        ["parse", "-f", "json", "big.txt"],
    ],
    ids=["check", "check-json", "fmt-stdout", "fmt-diff", "parse-json"],
)
def test_commands_writing_to_a_closed_pipe_end_quietly_with_141(
    big_input: Path, tmp_path: Path, args: list[str]
) -> None:
    # A pipe whose reader is gone before anything is written: EPIPE is certain (with
    # `| head -1` a single large write can finish before head exits).
    (tmp_path / "bad.txt").write_text(
        "".join(
            f" date 2026-02-30 https://e.com/{i}\r\n\r\nH\r\n\r\nB\r\n\r\n" for i in range(2000)
        ),
        encoding="utf-8",
    )
    shutil.copy(big_input, tmp_path / "big.txt")
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [PY, "-m", "newsparse", *args],
            stdout=write_end,
            cwd=tmp_path,
            stderr=subprocess.PIPE,
            timeout=HANG_TIMEOUT,
            check=False,
        )
    finally:
        os.close(write_end)
    err = done.stderr.decode()
    assert_no_traceback(err)
    assert done.returncode == 141, err
    assert "Broken pipe" not in err


def test_parse_with_stdout_closed_says_so_in_one_line(tmp_path: Path) -> None:
    _, err = _shell(f'"$PY" -m newsparse parse {SEED} >&-; echo "status=$?" >&2', tmp_path)
    assert err == ("newsparse: error: cannot write stdout: Bad file descriptor\nstatus=1\n")


def test_parse_to_a_file_works_with_stdout_closed(tmp_path: Path) -> None:
    _, err = _shell(
        f'"$PY" -m newsparse parse {SEED} -o out.jsonl >&-; echo "status=$?" >&2', tmp_path
    )
    assert err == "status=0\n"
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").count("\n") == 1


def test_parse_with_stderr_closed_still_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "h.txt"
    bad.write_text(" date 2026-01-23 https://e.com/a\n", encoding="utf-8")
    out, _ = _shell(f'"$PY" -m newsparse parse {bad} 2>&-; echo "status=$?"', tmp_path)
    assert out == "status=1\n"


# --- signals ----------------------------------------------------------------------


@contextlib.contextmanager
def _fifo_feeder(fifo: Path, timeout: float = HANG_TIMEOUT) -> Iterator[int]:
    """Wait until a process has opened ``fifo`` for reading, then hold its write end open
    (the reader blocks, mid-input) until the block ends."""
    fd = open_when_read(fifo, timeout)
    try:
        yield fd
    finally:
        os.close(fd)


def _default_sigint() -> None:
    # CI may start us with SIGINT ignored; Python only installs its handler if it is not.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _temp_files(folder: Path) -> list[str]:
    return [name for name in files_in(folder) if name.endswith(".newsparse-tmp")]


SIGNALS = [(signal.SIGINT, 130), (signal.SIGTERM, 143)]


def _start(args: list[str], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [PY, "-m", "newsparse", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_default_sigint,
    )


def _stop(
    process: subprocess.Popen[bytes], signum: int, timeout: float = HANG_TIMEOUT
) -> tuple[int, str]:
    process.send_signal(signum)
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail(f"newsparse did not stop within {timeout} s of signal {signum}")
    text = err.decode("utf-8", "replace")
    assert_no_traceback(text)
    return process.returncode, text


@pytest.mark.parametrize(("signum", "code"), SIGNALS)
def test_parse_signal_mid_input_leaves_no_file(tmp_path: Path, signum: int, code: int) -> None:
    fifo = tmp_path / "big-input"
    os.mkfifo(fifo)
    process = _start(["parse", str(fifo), "-o", "out.jsonl"], tmp_path)
    with _fifo_feeder(fifo) as fd:
        os.write(fd, records(100).encode())
        wait_for(lambda: bool(_temp_files(tmp_path)), "parse starts its output file")
        status, err = _stop(process, signum)
    assert status == code
    assert err == ("newsparse: interrupted\n" if code == 130 else "newsparse: terminated\n")
    assert files_in(tmp_path) == ["big-input"]


def _convert_blocked_on_an_input(tmp_path: Path) -> tuple[subprocess.Popen[bytes], int]:
    """convert a.txt b.txt, with b.txt a FIFO that is open but never ends (a hung input)."""
    shutil.copy(SAMPLES / "multi_record.txt", tmp_path / "a.txt")
    fifo = tmp_path / "b.txt"
    os.mkfifo(fifo)
    process = _start(["convert", "a.txt", "b.txt", "-o", "out", "-j", "1"], tmp_path)
    fd = open_when_read(fifo)  # convert has opened the FIFO to read it
    os.write(fd, records(5).encode())
    wait_until_read(fd)  # convert has the records, and now waits for more
    return process, fd


def _assert_convert_stopped_cleanly(tmp_path: Path, status: int, code: int, err: str) -> None:
    assert status == code
    assert err.splitlines()[-1].startswith("Interrupted after ")
    assert _temp_files(tmp_path) == []
    for name in files_in(tmp_path / "out"):  # whatever was written is complete
        assert (tmp_path / "out" / name).read_text(encoding="utf-8").endswith("}\n")


@pytest.mark.parametrize(("signum", "code"), SIGNALS)
def test_convert_one_signal_stops_a_run_blocked_on_input(
    tmp_path: Path, signum: int, code: int
) -> None:
    process, fd = _convert_blocked_on_an_input(tmp_path)
    try:
        status, err = _stop(process, signum)
    finally:
        os.close(fd)
    _assert_convert_stopped_cleanly(tmp_path, status, code, err)


@pytest.mark.parametrize(("signum", "code"), SIGNALS)
def test_convert_second_signal_stops_a_run_blocked_on_input(
    tmp_path: Path, signum: int, code: int
) -> None:
    process, fd = _convert_blocked_on_an_input(tmp_path)
    try:
        # Two signals in a row, as from an impatient user: the second may land while
        # the first is being handled, which must not leave a temporary file or a traceback.
        process.send_signal(signum)
        status, err = _stop(process, signum)
    finally:
        os.close(fd)
    assert status == code
    assert _temp_files(tmp_path) == []
    assert_no_traceback(err)


@pytest.mark.parametrize(("signum", "code"), SIGNALS)
def test_fmt_signal_mid_run_leaves_every_file_whole(tmp_path: Path, signum: int, code: int) -> None:
    """fmt rewrites a.txt, then blocks reading stdin (-) when the signal comes."""
    original = (SAMPLES / "crlf_windows.txt").read_bytes()
    (tmp_path / "a.txt").write_bytes(original)
    process = subprocess.Popen(
        [PY, "-m", "newsparse", "fmt", "a.txt", "-"],
        cwd=tmp_path,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_default_sigint,
    )
    assert process.stdin is not None
    process.stdin.write(records(5).encode())
    process.stdin.flush()
    wait_until_read(process.stdin.fileno())  # a.txt is done: fmt is reading stdin
    assert (tmp_path / "a.txt").read_bytes() != original
    status, _ = _stop(process, signum)
    process.stdin.close()
    assert status == code
    assert files_in(tmp_path) == ["a.txt"]
    formatted = (tmp_path / "a.txt").read_bytes()
    assert b"\r" not in formatted and formatted.endswith(b"\n")
    result = run_process(["parse", str(tmp_path / "a.txt")])
    reference = run_process(["parse", str(SAMPLES / "crlf_windows.txt")])
    assert [a["body"] for a in result.articles()] == [a["body"] for a in reference.articles()]


@pytest.mark.parametrize(("signum", "code"), SIGNALS)
def test_check_signal_mid_run_exits_with_the_signal_code(
    tmp_path: Path, signum: int, code: int
) -> None:
    fifo = tmp_path / "b.txt"
    os.mkfifo(fifo)
    process = _start(["check", str(SEED), "b.txt", "-o", "report.txt"], tmp_path)
    with _fifo_feeder(fifo) as fd:
        os.write(fd, records(5).encode())
        wait_until_read(fd)  # check has the records, and now waits for more
        status, _ = _stop(process, signum)
    assert status == code
    assert files_in(tmp_path) == ["b.txt"]


# --- write failures ---------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["parse", str(SEED)],
        ["parse", "-f", "md", str(SEED)],
        ["check", str(SAMPLES)],
        ["fmt", "--stdout", str(SAMPLES / "multi_record.txt")],
        ["schema"],
    ],
    ids=["parse", "parse-md", "check", "fmt", "schema"],
)
def test_stdout_to_dev_full_is_one_error_line(tmp_path: Path, args: list[str]) -> None:
    quoted = " ".join(f"'{a}'" for a in args)
    out, err = _shell(f'"$PY" -m newsparse {quoted} > /dev/full; echo "status=$?"', tmp_path)
    assert out == "status=1\n"
    assert err.splitlines()[-1] == "newsparse: error: cannot write stdout: No space left on device"


@pytest.fixture
def full_device(tmp_path: Path) -> Path:
    """A private node for the /dev/full device (so a bug cannot replace the real one)."""
    node = tmp_path / "full"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 7))
        probe = os.open(node, os.O_WRONLY)
        try:
            with pytest.raises(OSError) as full:
                os.write(probe, b"x")
            assert full.value.errno == errno.ENOSPC
        finally:
            os.close(probe)
    except PermissionError:
        pytest.skip("cannot create a device node here (not root, or a nodev file system)")
    return node


def test_parse_output_onto_a_full_device_fails_and_keeps_the_device(full_device: Path) -> None:
    run = run_process(["parse", str(SEED), "-o", str(full_device)])
    assert stat.S_ISCHR(os.stat(full_device).st_mode), "the device node was replaced by a file"
    assert run.code == 1
    assert run.stderr == f"newsparse: error: cannot write {full_device}: No space left on device\n"


def test_parse_output_onto_a_fifo_writes_into_it(tmp_path: Path) -> None:
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # so that opening to write cannot block
    try:
        run = run_process(["parse", str(SEED), "-o", str(fifo)], timeout=20)
        try:
            got = os.read(reader, 1 << 16)
        except BlockingIOError:
            got = b""
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode), "the FIFO was replaced by a regular file"
    assert run.code == 0
    assert got.count(b"\n") == 1


def test_parse_output_under_a_file_fails_with_the_reason(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    run = run_process(["parse", str(SEED), "-o", str(blocker / "out.jsonl")])
    assert (run.code, run.stdout) == (2, "")  # found before the run: a usage error
    assert run.stderr.endswith(f"cannot write {blocker}/out.jsonl: Not a directory\n")
    assert files_in(tmp_path) == ["file"]


def test_parse_write_error_uses_the_newsparse_error_prefix(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    run = run_process(["parse", str(SEED), "-o", str(blocker / "out.jsonl")])
    assert run.stderr == f"newsparse: error: cannot write {blocker}/out.jsonl: Not a directory\n"


@pytest.mark.skipif(
    os.geteuid() == 0,
    reason="running as root: a read-only folder does not "
    "stop root (ENOTDIR covers the failure path instead)",
)
def test_parse_output_in_a_read_only_folder_fails(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    run = run_process(["parse", str(SEED), "-o", str(folder / "out.jsonl")])
    assert run.code == 1
    assert run.stderr.endswith(f"cannot write {folder}/out.jsonl: Permission denied\n")


def test_convert_into_a_path_under_a_file_fails_cleanly(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    run = run_process(["convert", str(SEED), "-o", str(blocker / "out")])
    assert run.code in (1, 2)
    assert "Not a directory" in run.stderr or "not a directory" in run.stderr
    assert files_in(tmp_path) == ["file"]


def test_fmt_of_a_file_in_a_folder_it_cannot_write_is_reported(tmp_path: Path) -> None:
    # A file reached through a path under a non-folder does not exist: a usage error
    # that names it, and nothing is created.
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    run = run_process(["fmt", str(blocker / "a.txt")])
    assert run.code == 2
    assert run.stderr.endswith(f"newsparse: error: path '{blocker}/a.txt' does not exist\n")
    assert files_in(tmp_path) == ["file"]


# --- determinism ------------------------------------------------------------------

ENVIRONMENTS = [
    {"LC_ALL": "C", "TZ": "UTC"},
    {"LC_ALL": "C.UTF-8", "TZ": "Asia/Tokyo"},
    {"LANG": "de_DE.UTF-8", "TZ": "America/Los_Angeles"},
    {"LC_ALL": "tr_TR.UTF-8", "TZ": "Pacific/Kiritimati"},
]


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "TZ"))}
    return {**env, **extra}


@pytest.mark.parametrize("fmt", ["jsonl", "md"])
def test_parse_output_is_identical_across_locales_and_zones(fmt: str) -> None:
    runs = [
        run_process(["parse", "-f", fmt, "samples"], cwd=ROOT, env=_env(extra))
        for extra in ENVIRONMENTS
    ]
    first = runs[0]
    assert first.code == 1 and first.stdout
    for other in runs[1:]:
        assert (other.code, other.stdout, other.stderr) == (first.code, first.stdout, first.stderr)


def test_check_output_is_identical_across_locales_and_zones() -> None:
    runs = [
        run_process(["check", "samples"], cwd=ROOT, env=_env(extra)) for extra in ENVIRONMENTS[:2]
    ]
    assert runs[0].stdout
    assert (runs[0].code, runs[0].stdout) == (runs[1].code, runs[1].stdout)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        name: (folder / name).read_bytes() for name in files_in(folder) if (folder / name).is_file()
    }


@pytest.mark.parametrize("fmt", ["json", "md", "jsonl"])
def test_convert_output_is_identical_across_job_counts(tmp_path: Path, fmt: str) -> None:
    src = tmp_path / "src"
    shutil.copytree(SAMPLES, src)
    for i in range(12):  # enough files for several workers to share
        (src / f"extra{i:02}.txt").write_text(
            records(3, prefix=f"https://e.com/{i}/"), encoding="utf-8"
        )
    trees: list[dict[str, bytes]] = []
    for jobs, extra in (("1", ENVIRONMENTS[0]), ("2", ENVIRONMENTS[1]), ("2", ENVIRONMENTS[3])):
        out = tmp_path / f"out-{len(trees)}"
        run = run_process(
            ["convert", str(src), "-o", str(out), "-f", fmt, "-j", jobs, "-q"], env=_env(extra)
        )
        assert run.code == 1
        trees.append(_tree(out))
    assert len(trees[0]) > 12
    assert trees[0] == trees[1] == trees[2]


def test_fmt_output_is_identical_across_runs_and_zones(tmp_path: Path) -> None:
    text = record(date="23.01.2026") + "\n" + record("https://e.com/b", date="Jan 5, 2026 10:00")
    outputs = []
    for extra in ENVIRONMENTS:
        run = run_process(["fmt", "-"], input=text.encode(), env=_env(extra))
        outputs.append((run.code, run.stdout))
    assert outputs[0][1].startswith(" date 2026-01-23 ")
    assert all(o == outputs[0] for o in outputs)
