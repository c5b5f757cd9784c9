"""fmt and convert never lose or damage a file: appends made while formatting, owners,
modes, extended attributes, hard links and read-only files survive; memory stays bounded
by the record size limit; no output is an input, a link out of OUTDIR or a special file;
temporaries left by a killed run are cleaned up.

Cases that need an ordinary user run the CLI in a forked child that has become
``nobody`` (real and effective ids), on files in a folder under /tmp it can reach.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsparse import atomic
from newsparse.atomic import AtomicFile
from newsparse.cli import cli

from .support import (
    HANG_TIMEOUT,
    Run,
    invoke,
    record,
    records,
    run_capped,
    run_process,
    write_chunks,
)

NOBODY, NOGROUP = 65534, 65534
MESSY = "DATE: Jan 23, 2026 https://site.com/a.html\r\n\r\n<b>First</b>  \r\n\r\nBody one."
CANONICAL = " date 2026-01-23 https://site.com/a.html\n\nFirst\n\nBody one.\n"
APPENDED = "\n" + record("https://site.com/late.html", headline="Late")

needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="needs root, to make files owned by another user and to become that user",
)


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[Path]:
    """A folder the ordinary user can reach and write (pytest's tmp_path is root-only)."""
    folder = Path(tempfile.mkdtemp(prefix="newsparse-test-", dir="/tmp"))
    folder.chmod(0o777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def as_user(args: list[str], uid: int = NOBODY, gid: int = NOGROUP) -> Run:
    """Run the CLI in a forked child that has become ``uid``:``gid`` for good."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 0
        try:
            os.close(read_end)
            os.setgroups([])
            os.setresgid(gid, gid, gid)
            os.setresuid(uid, uid, uid)
            result = CliRunner().invoke(cli, args)
            crash = None
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                crash = repr(result.exception)
            payload = [result.exit_code, result.stdout, result.stderr, crash]
            with os.fdopen(write_end, "w", encoding="utf-8") as out:
                json.dump(payload, out)
        except BaseException:
            code = 3
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, encoding="utf-8") as inp:
        data = inp.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the child could not become the user"
    exit_code, stdout, stderr, crash = json.loads(data)
    assert crash is None, crash
    return Run(exit_code, stdout, stderr)


def owned(path: Path, text: str, mode: int, uid: int = NOBODY, gid: int = NOGROUP) -> Path:
    path.write_bytes(text.encode())
    os.chown(path, uid, gid)
    path.chmod(mode)
    return path


# --- files that change while fmt formats them ----------------------------------------


def _commit_after(change: Callable[[str], None]) -> Callable[[AtomicFile], None]:
    """AtomicFile.commit, with ``change(path)`` done first: a deterministic stand-in for
    another program writing between fmt's read and its rename."""
    original = AtomicFile.commit

    def commit(self: AtomicFile) -> None:
        change(self.path)
        original(self)

    return commit


def _append(path: str) -> None:
    with open(path, "a", encoding="utf-8") as out:
        out.write(APPENDED)


def _rewrite_same_size(path: str) -> None:
    data = Path(path).read_bytes()
    Path(path).write_bytes(data.replace(b"Body", b"BODY"))


def _replace_by_rename(path: str) -> None:
    other = path + ".new"
    Path(other).write_bytes(Path(path).read_bytes())
    os.replace(other, path)


def _chmod(path: str) -> None:
    os.chmod(path, 0o600)


@pytest.mark.parametrize("change", [_append, _rewrite_same_size, _replace_by_rename, _chmod])
def test_fmt_file_changed_while_formatting_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: Callable[[str], None]
) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes((MESSY + "\r\n\r\n" + records(50).replace("\n", "\r\n")).encode())
    monkeypatch.setattr(AtomicFile, "commit", _commit_after(change))
    run = invoke(["fmt", str(path)])
    assert run.code == 1
    assert run.stderr == (
        f"{path}:1: NP604 file changed while it was being formatted; left as it is "
        "(run fmt again)\n1 file failed to reformat.\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.txt"]  # no temporary left
    if change is _append:
        assert path.read_bytes().endswith(APPENDED.encode())
        assert path.read_bytes().startswith(b"DATE: Jan 23, 2026")  # not formatted


@pytest.mark.slow
def test_fmt_process_append_to_a_20000_record_file_is_kept(tmp_path: Path) -> None:
    """End to end: a real fmt process stops just before its rename and says so through a
    FIFO; the test appends a record, then lets it go on. The append must survive."""
    path = tmp_path / "big.txt"
    path.write_text(
        records(20_000).replace(" date 2026-01-23", "DATE: Jan 23, 2026"), encoding="utf-8"
    )
    ready, go = tmp_path / "ready", tmp_path / "go"
    os.mkfifo(ready)
    os.mkfifo(go)
    hook = (
        "import sys\n"
        "from newsparse.atomic import AtomicFile\n"
        "from newsparse.cli import main\n"
        "original = AtomicFile.commit\n"
        "def commit(self):\n"
        f"    open({str(ready)!r}, 'w').close()\n"  # tell the test: formatted, not renamed
        f"    open({str(go)!r}).read()\n"  # wait for the test's append
        "    original(self)\n"
        "AtomicFile.commit = commit\n"
        "sys.exit(main(['fmt', sys.argv[1]]))\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", hook, str(path)], stderr=subprocess.PIPE, text=True
    )
    try:
        with open(ready, encoding="utf-8") as signal:  # blocks until the hook opens it
            signal.read()
        _append(str(path))
        with open(go, "w", encoding="utf-8"):
            pass
        _, stderr = process.communicate(timeout=HANG_TIMEOUT)
    finally:
        process.kill()
    assert process.returncode == 1
    assert stderr == (
        f"{path}:1: NP604 file changed while it was being formatted; left as it is "
        "(run fmt again)\n1 file failed to reformat.\n"
    )
    text = path.read_text(encoding="utf-8")
    assert text.endswith(APPENDED)
    assert text.count("DATE: Jan 23, 2026") == 20_000


# --- owners, modes, extended attributes -------------------------------------------------


@needs_root
def test_fmt_keeps_owner_group_mode_and_extended_attributes(tmp_path: Path) -> None:
    path = owned(tmp_path / "theirs.txt", MESSY, 0o640)
    os.setxattr(path, "user.origin", b"crawler-7")
    run = invoke(["fmt", str(path)])
    assert (run.code, run.stderr) == (0, f"reformatted {path}\n1 file reformatted.\n")
    info = path.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (NOBODY, NOGROUP, 0o640)
    assert os.getxattr(path, "user.origin") == b"crawler-7"
    assert path.read_text(encoding="utf-8") == CANONICAL


@needs_root
def test_fmt_keeps_setgid_and_sticky_bits(tmp_path: Path) -> None:
    path = owned(tmp_path / "odd.txt", MESSY, 0o2750)
    assert invoke(["fmt", str(path)]).code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o2750


@needs_root
def test_convert_overwrite_keeps_owner_group_and_mode(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    (src / "a.txt").write_text(record(), encoding="utf-8")
    output = owned(out / "a.json", "{}\n", 0o640)
    os.setxattr(output, "user.kept", b"yes")
    run = invoke(["convert", str(src), "-o", str(out), "-j", "1", "--overwrite"])
    assert run.code == 0, run.stderr
    info = output.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (NOBODY, NOGROUP, 0o640)
    assert os.getxattr(output, "user.kept") == b"yes"
    assert json.loads(output.read_text(encoding="utf-8"))["headline"] == "Headline"


@needs_root
def test_fmt_as_user_leaves_a_file_whose_owner_it_cannot_keep(shared: Path) -> None:
    """nobody may replace root's world-writable file through its own folder, but the new
    file would belong to nobody: it is left alone instead."""
    folder = shared / "mine"
    folder.mkdir()
    os.chown(folder, NOBODY, NOGROUP)
    path = owned(folder / "roots.txt", MESSY, 0o666, uid=0, gid=0)
    run = as_user(["fmt", str(path)])
    assert run.code == 1
    assert run.stderr == (
        f"{path}:1: NP607 cannot keep its owner and group (0:0): Operation not permitted; "
        "left as it is\n1 file failed to reformat.\n"
    )
    assert path.read_bytes() == MESSY.encode()
    assert path.stat().st_uid == 0
    assert sorted(p.name for p in folder.iterdir()) == ["roots.txt"]


# --- hard links and read-only files -------------------------------------------------------


def test_fmt_leaves_a_hard_linked_file_and_its_links_alone(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_text(MESSY, encoding="utf-8")
    os.link(path, tmp_path / "b-link.txt")
    run = invoke(["fmt", str(path)])
    assert run.code == 1
    assert run.stderr == (
        f"{path}:1: NP605 file has 2 hard links; left as it is, since replacing it would "
        "split it from its other names\n1 file failed to reformat.\n"
    )
    assert path.read_bytes() == MESSY.encode()
    assert os.path.samefile(path, tmp_path / "b-link.txt")


def test_fmt_hard_linked_file_already_canonical_is_not_reported(tmp_path: Path) -> None:
    path = tmp_path / "b.txt"
    path.write_text(CANONICAL, encoding="utf-8")
    os.link(path, tmp_path / "b-link.txt")
    run = invoke(["fmt", str(path)])
    assert (run.code, run.stderr) == (0, "1 file left unchanged.\n")


@needs_root
def test_fmt_as_user_leaves_a_read_only_file_alone(shared: Path) -> None:
    folder = shared / "mine"
    folder.mkdir()
    os.chown(folder, NOBODY, NOGROUP)
    path = owned(folder / "ro.txt", MESSY, 0o444)
    before = path.stat()
    run = as_user(["fmt", str(path)])
    assert run.code == 1
    assert run.stderr == (
        f"{path}:1: NP606 file is read-only; left as it is\n1 file failed to reformat.\n"
    )
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert as_user(["fmt", "--check", str(path)]).code == 1  # a forecast still works


@needs_root
def test_fmt_as_user_leaves_a_file_it_cannot_write_alone(shared: Path) -> None:
    """Group-writable for another group: the bits say writable, access(2) says no."""
    folder = shared / "mine"
    folder.mkdir()
    os.chown(folder, NOBODY, NOGROUP)
    path = owned(folder / "theirs.txt", MESSY, 0o664, uid=0, gid=0)
    run = as_user(["fmt", str(path)])
    assert run.code == 1
    assert "NP606 file is read-only; left as it is" in run.stderr.splitlines()[0]
    assert path.read_bytes() == MESSY.encode()


@needs_root
def test_fmt_as_user_in_a_folder_it_cannot_write_reports_the_failed_write(shared: Path) -> None:
    """The file is writable, its folder is not: no temporary file can be made beside it."""
    path = owned(shared / "mine.txt", MESSY, 0o644)
    shared.chmod(0o755)  # root's folder, not writable by nobody
    run = as_user(["fmt", str(path)])
    assert run.code == 1
    assert run.stderr == (
        f"newsparse: error: cannot write {path}: Permission denied\n1 file failed to reformat.\n"
    )
    assert path.read_bytes() == MESSY.encode()
    assert sorted(p.name for p in shared.iterdir()) == ["mine.txt"]


def test_fmt_leaves_a_file_without_write_bits_alone_even_for_root(tmp_path: Path) -> None:
    path = tmp_path / "ro.txt"
    path.write_text(MESSY, encoding="utf-8")
    path.chmod(0o444)
    run = invoke(["fmt", str(path)])
    assert run.code == 1
    assert run.stderr.splitlines()[0] == f"{path}:1: NP606 file is read-only; left as it is"
    assert path.read_bytes() == MESSY.encode()


# --- memory ------------------------------------------------------------------------------


def _text_bomb(path: Path, expanded: int) -> Path:
    """A gzip file of one header and ``expanded`` bytes of 1000-character lines."""
    line = ("word " * 200)[:999].encode() + b"\n"
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(b" date 2026-01-23 https://site.com/a.html\n\nHeadline\n\n")
        block = line * 1024
        for _ in range(expanded // len(block)):
            out.write(block)
    return path


@pytest.fixture(scope="module")
def text_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _text_bomb(tmp_path_factory.mktemp("bomb") / "bomb.txt.gz", 1024 * 1024 * 1024)


@pytest.mark.slow
@pytest.mark.parametrize("option", ["--check", None])
def test_fmt_gzip_expanding_to_1_gib_stays_in_bounded_memory(
    text_bomb: Path, option: str | None
) -> None:
    path = text_bomb
    before = path.read_bytes()
    args = ["fmt", *([option] if option else []), str(path)]
    code, _, stderr = run_capped(args, timeout=HANG_TIMEOUT * 2)
    assert code == 1
    assert stderr.splitlines()[0] == (
        f"{path}:1: NP209 record is over the size limit; file left as it is"
    )
    assert path.read_bytes() == before


def test_fmt_large_sparse_file_is_read_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "sparse.txt"
    with open(path, "wb") as out:
        out.write(b" date 2026-01-23 https://site.com/a.html\n\nHeadline\n\n")
        out.truncate(4 * 1024 * 1024 * 1024)  # 4 GiB of holes: zeros when read
    code, _, stderr = run_capped(["fmt", "--check", str(path)])
    assert code == 1
    assert stderr.splitlines()[0] == f"{path}:1: NP404 binary file, not a dump"


@pytest.mark.slow
def test_fmt_many_records_stream_to_the_same_result_as_in_memory(tmp_path: Path) -> None:
    """A file well past the 64 KiB sample, formatted by the streaming path, gives exactly
    the in-memory result, and formatting it again changes nothing."""
    from newsparse.formatter import format_bytes

    data = records(2_000).replace(" date 2026-01-23", "DATE: Jan 23, 2026").encode()
    path = write_chunks(tmp_path / "many.txt", b"", data, 1)
    expected = format_bytes(data, str(path)).output
    assert invoke(["fmt", str(path)]).code == 0
    assert path.read_bytes() == expected
    assert invoke(["fmt", "--check", str(path)]).code == 0


# --- outputs that are inputs --------------------------------------------------------------


def _same(path: Path, before: os.stat_result) -> bool:
    after = path.stat()
    return (after.st_ino, after.st_size, after.st_mtime_ns) == (
        before.st_ino,
        before.st_size,
        before.st_mtime_ns,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["parse", "{a}", "-o", "{a}"],
        ["parse", "{a}", "-o", "{dot_a}"],
        ["parse", "{link}", "-o", "{a}"],
        ["check", "{a}", "-o", "{a}"],
        ["check", "{a}", "--write-baseline", "{a}"],
        ["convert", "{a}", "-o", "{out}", "--errors", "{a}"],
        ["parse", "{folder}", "-o", "{folder}/all.jsonl"],
        ["check", "{folder}", "--write-baseline", "{folder}/sub/baseline.json"],
        ["convert", "{folder}", "-o", "{out}", "--errors", "{folder}/errors.jsonl"],
    ],
)
def test_output_that_is_an_input_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    folder = tmp_path / "dumps"
    (folder / "sub").mkdir(parents=True)
    a = folder / "a.txt"
    a.write_text(record(), encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(a)
    monkeypatch.chdir(tmp_path)
    names = {
        "a": str(a),
        "dot_a": "./dumps/a.txt",
        "link": str(tmp_path / "link.txt"),
        "out": str(tmp_path / "out"),
        "folder": str(folder),
    }
    before = a.stat()
    listing = sorted(p.name for p in folder.rglob("*"))
    run = invoke([arg.format(**names) for arg in args])
    assert run.code == 2
    assert run.stderr.startswith("newsparse: error: ")
    assert run.stderr.rstrip().endswith("; write it somewhere else")
    assert len(run.stderr.splitlines()) == 1
    assert _same(a, before)
    assert sorted(p.name for p in folder.rglob("*")) == listing
    assert not (tmp_path / "out").exists()


def test_hidden_output_inside_an_input_folder_is_allowed(tmp_path: Path) -> None:
    """The walk skips hidden names, so a hidden baseline beside the dumps is never read."""
    (tmp_path / "a.txt").write_text(record(), encoding="utf-8")
    baseline = tmp_path / ".newsparse-baseline.json"
    run = invoke(["check", str(tmp_path), "--write-baseline", str(baseline)])
    assert run.code == 0, run.stderr
    assert baseline.exists()


def test_output_to_a_device_is_not_an_input(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(record(), encoding="utf-8")
    assert invoke(["parse", str(tmp_path / "a.txt"), "-o", os.devnull]).code == 0


# --- links and special files in OUTDIR ----------------------------------------------------


def test_convert_overwrite_never_writes_through_a_link_or_into_a_special_file(
    tmp_path: Path,
) -> None:
    src, out, outside = tmp_path / "src", tmp_path / "out", tmp_path / "outside"
    for folder in (src, out, outside):
        folder.mkdir()
    for name in ("fifo_link", "device_link", "fifo", "folder", "dangling", "inside_link"):
        (src / f"{name}.txt").write_text(record(f"https://site.com/{name}.html"), encoding="utf-8")
    os.mkfifo(outside / "pipe")
    # Opened for reading without blocking, so that a wrong write would not hang the run
    # but leave bytes to find.
    pipe = os.open(outside / "pipe", os.O_RDONLY | os.O_NONBLOCK)
    (out / "fifo_link.json").symlink_to(outside / "pipe")
    (out / "device_link.json").symlink_to(os.devnull)
    os.mkfifo(out / "fifo.json")
    (out / "folder.json").mkdir()
    (out / "dangling.json").symlink_to(outside / "missing.json")
    (out / "real.json").write_text("{}\n", encoding="utf-8")
    (out / "inside_link.json").symlink_to(out / "real.json")
    try:
        run = invoke(["convert", str(src), "-o", str(out), "-j", "1", "--overwrite"])
        try:
            leaked = os.read(pipe, 1 << 16)
        except BlockingIOError:
            leaked = b""
    finally:
        os.close(pipe)
    assert leaked == b""
    assert run.code == 1
    assert sorted(run.stderr.splitlines()[:-1]) == sorted(
        f"{src}/{name}.txt:1: NP603 output {out}/{name}.json is a symbolic link or a special "
        "file; not written through or replaced"
        for name in ("fifo_link", "device_link", "fifo", "folder", "dangling", "inside_link")
    )
    assert (out / "real.json").read_text(encoding="utf-8") == "{}\n"
    assert not (outside / "missing.json").exists()
    assert (out / "fifo_link.json").is_symlink() and (out / "dangling.json").is_symlink()
    assert stat.S_ISFIFO(os.lstat(out / "fifo.json").st_mode)


def test_fmt_named_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    run = run_process(["fmt", str(fifo)], timeout=20)
    assert run.code == 1
    assert run.stderr.splitlines()[0] == f"{fifo}:1: NP404 not a regular file; left as it is"


def test_atomic_write_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    """The class, at the one write path: nothing but a regular file is replaced."""
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "link").symlink_to(os.devnull)
    (tmp_path / "folder").mkdir()
    reader = os.open(tmp_path / "fifo", os.O_RDONLY | os.O_NONBLOCK)  # a wrong open won't hang
    try:
        for name in ("fifo", "link", "folder"):
            with pytest.raises(atomic.Refused) as caught:
                AtomicFile(str(tmp_path / name), special="refuse")
            assert caught.value.rule.code == "NP603"
    finally:
        os.close(reader)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "folder", "link"]


# --- temporaries left by a killed run -----------------------------------------------------


def _temporaries(tmp_path: Path) -> dict[str, Path]:
    old = atomic.RUN_STARTED - 3600
    stale = tmp_path / ".k1ll3d_x.newsparse-tmp"
    fresh = tmp_path / ".fr3sh_xx.newsparse-tmp"
    other = tmp_path / ".notours.newsparse-tmp.keep"
    for path in (stale, fresh, other):
        path.write_bytes(b"half a file")
    for path in (stale, other):
        os.utime(path, (old, old))
    return {"stale": stale, "fresh": fresh, "other": other}


def test_fmt_removes_its_stale_temporaries_and_no_others(tmp_path: Path) -> None:
    temps = _temporaries(tmp_path)
    path = tmp_path / "b.txt"
    path.write_text(MESSY, encoding="utf-8")
    assert invoke(["fmt", str(path)]).code == 0
    assert not temps["stale"].exists()
    assert temps["fresh"].exists() and temps["other"].exists()


def test_convert_removes_its_stale_temporaries_from_outdir(tmp_path: Path) -> None:
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    (src / "a.txt").write_text(record(), encoding="utf-8")
    temps = _temporaries(out)
    assert invoke(["convert", str(src), "-o", str(out), "-j", "1"]).code == 0
    assert not temps["stale"].exists()
    assert temps["fresh"].exists() and temps["other"].exists()
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["a.json"]


def test_old_temporary_of_a_live_writer_is_kept(tmp_path: Path) -> None:
    """A run that started earlier and is still writing (slowly) holds its temporary's
    lock: however old the file looks, the cleaner leaves it."""
    import fcntl

    temps = _temporaries(tmp_path)
    with open(temps["stale"], "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        assert atomic.clean_stale_temporaries(str(tmp_path), started=atomic.RUN_STARTED) == []
    assert temps["stale"].exists()
    removed = atomic.clean_stale_temporaries(str(tmp_path), started=atomic.RUN_STARTED)
    assert removed == [str(temps["stale"])]


def test_killed_fmt_leaves_a_temporary_the_next_run_removes(tmp_path: Path) -> None:
    """A fmt process killed (SIGKILL) after it made its temporary file leaves it behind;
    the next fmt into that folder removes it once it is older than that run's start."""
    path = tmp_path / "b.txt"
    path.write_text(MESSY, encoding="utf-8")
    ready = tmp_path / "ready"
    os.mkfifo(ready)
    hook = (
        "import os, sys\n"
        "from newsparse.atomic import AtomicFile\n"
        "from newsparse.cli import main\n"
        "def commit(self):\n"
        f"    open({str(ready)!r}, 'w').close()\n"
        "    os.kill(os.getpid(), 9)\n"
        "AtomicFile.commit = commit\n"
        "sys.exit(main(['fmt', sys.argv[1]]))\n"
    )
    process = subprocess.Popen([sys.executable, "-c", hook, str(path)], stderr=subprocess.DEVNULL)
    with open(ready, encoding="utf-8") as signal:
        signal.read()
    assert process.wait(timeout=HANG_TIMEOUT) == -9
    ready.unlink()
    left = [p for p in tmp_path.iterdir() if p.name.endswith(".newsparse-tmp")]
    assert len(left) == 1 and path.read_bytes() == MESSY.encode()
    old = atomic.RUN_STARTED - 3600  # as if the killed run were before this one
    os.utime(left[0], (old, old))
    assert invoke(["fmt", str(path)]).code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.txt"]
    assert path.read_text(encoding="utf-8") == CANONICAL


@pytest.mark.slow
@pytest.mark.parametrize("command", ["parse", "check"])
def test_output_that_is_the_file_on_stdin_is_a_usage_error(tmp_path: Path, command: str) -> None:
    """`newsparse parse - -o a.txt < a.txt`: standard input is the file a.txt, compared by
    device and inode like any other input, so a.txt is not replaced by its own output."""
    a = tmp_path / "a.txt"
    a.write_text(record(), encoding="utf-8")
    before = a.read_bytes()
    with a.open("rb") as stdin:
        done = subprocess.run(
            [sys.executable, "-m", "newsparse", command, "-", "-o", str(a)],
            stdin=stdin,
            capture_output=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.decode() == (
        f"newsparse: error: output {a} is the standard input; write it somewhere else\n"
    )
    assert a.read_bytes() == before
