"""The same hostile inputs through every command (parse, check, fmt, convert): each gives
the exit code each one documents and a message naming the file, never a traceback; big
inputs stay bounded."""

from __future__ import annotations

import gzip
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from .support import (
    SEED,
    files_in,
    invoke,
    record,
    records,
    run_capped,
    write_chunks,
)

MiB = 1024 * 1024


def _binary(path: Path) -> None:
    path.write_bytes(b"\x7fELF" + bytes(range(256)) * 8)


def _nested(path: Path) -> None:
    path.write_text(record(body="<div>" * 100_000 + "deep" + "</div>" * 100_000), encoding="utf-8")


def _half(data: bytes) -> bytes:
    return data[: len(data) // 2]


#: name -> (file name, builder, whether the file is damaged so that exit 1 is expected)
INPUTS: dict[str, tuple[str, Callable[[Path], object], bool]] = {
    "empty": ("empty.txt", lambda p: p.write_bytes(b""), False),
    "header-alone": ("h.txt", lambda p: p.write_text(" date 2026-01-23 https://e.com/a"), True),
    "nul-bytes": ("nul.txt", lambda p: p.write_bytes(record(body="a\x00b").encode()), False),
    "binary": ("bin.txt", _binary, True),
    "utf16-no-bom": ("u16.txt", lambda p: p.write_bytes(record().encode("utf-16-le")), False),
    "corrupt-gz": ("c.txt.gz", lambda p: p.write_bytes(b"\x1f\x8bjunkjunkjunk"), True),
    "not-gzip": ("n.txt.gz", lambda p: p.write_bytes(SEED.read_bytes()), True),
    "truncated-gz": (
        "t.txt.gz",
        lambda p: p.write_bytes(_half(gzip.compress(records(50).encode(), mtime=0))),
        True,
    ),
    "nested-html": ("deep.txt", _nested, False),
    "entities": ("ent.txt", lambda p: p.write_text(record(body="&amp;" * 200_000)), False),
}
#: (input, command) pairs that exit 1 although the input is not damaged, and why.
EXIT_1_UNDAMAGED = {
    ("entities", "fmt-check"): "fmt would decode the entities",
    ("nested-html", "fmt-check"): "fmt would strip the tags",
    ("nul-bytes", "fmt-check"): "fmt would drop the NUL byte",
    ("utf16-no-bom", "fmt-check"): "fmt would rewrite the file as UTF-8",
}

#: (input, command) pairs that exit 0 although the input is damaged, and why.
EXIT_0_DAMAGED = {
    ("header-alone", "fmt-stdout"): "a record fmt keeps verbatim is a warning (check fails it)",
}

COMMANDS = {
    "parse": lambda path, tmp: ["parse", path],
    "check": lambda path, tmp: ["check", path],
    "fmt-check": lambda path, tmp: ["fmt", "--check", path],
    "fmt-stdout": lambda path, tmp: ["fmt", "--stdout", path],
    "convert": lambda path, tmp: ["convert", path, "-o", os.path.join(tmp, "out"), "-j", "1"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("kind", sorted(INPUTS))
def test_every_command_handles_hostile_input(tmp_path: Path, kind: str, command: str) -> None:
    name, build, damaged = INPUTS[kind]
    path = tmp_path / name
    build(path)
    before = path.read_bytes()
    run = invoke(COMMANDS[command](str(path), str(tmp_path)))
    fails = (damaged and (kind, command) not in EXIT_0_DAMAGED) or (
        kind,
        command,
    ) in EXIT_1_UNDAMAGED
    assert run.code == (1 if fails else 0), run.stderr
    if damaged:
        # check reports on stdout (its report), the others on stderr.
        assert re.search(rf"^{re.escape(str(path))}:\d+:", run.stdout + run.stderr, re.M), (
            run.stderr
        )
    if command != "fmt-stdout" and not command.startswith("parse"):
        # check, fmt --check and convert never touch their input.
        assert path.read_bytes() == before


@pytest.mark.parametrize("command", ["check", "fmt-check", "convert"])
def test_every_command_handles_a_folder_of_strange_entries(tmp_path: Path, command: str) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(record(), encoding="utf-8")
    os.mkfifo(src / "pipe.txt")
    os.symlink("loop.txt", src / "loop.txt")
    with open(os.path.join(os.fsencode(src), b"bad\xff\nname.txt"), "wb") as handle:
        handle.write(record("https://e.com/odd").encode())
    run = invoke(COMMANDS[command](str(src), str(tmp_path)))
    assert run.code == 1, run.stderr
    messages = run.stdout + run.stderr  # check reports on stdout, the others on stderr
    assert f"{src}/pipe.txt:1:" in messages
    assert "NP404 not a regular file (a FIFO)" in messages
    assert f"{src}/loop.txt:1:" in messages
    assert "NP404 cannot read: Too many levels of symbolic links" in messages
    if command == "convert":
        assert files_in(tmp_path / "out") == ["bad%FF%0Aname.json", "good.json"]


@pytest.fixture(scope="module")
def huge_line(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 100 MB line with no newline, after a good record: built once, streamed."""
    head = (record("https://example.com/first") + "\n").encode()
    head += b" date 2026-01-24 https://example.com/huge\n\nHuge\n\n"
    return write_chunks(tmp_path_factory.mktemp("huge") / "huge.txt", head, b"z" * MiB, 100)


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [["check"], ["fmt", "--check"], ["convert", "-j", "1", "-o"]],
    ids=["check", "fmt-check", "convert"],
)
def test_every_command_reads_a_100_mb_line_in_bounded_memory(
    tmp_path: Path, huge_line: Path, args: list[str]
) -> None:
    argv = (
        [*args, str(tmp_path / "out"), str(huge_line)]
        if args[0] == "convert"
        else [*args, str(huge_line)]
    )
    code, _, stderr = run_capped(argv)
    assert code == 1, stderr  # the 100 MB record is over the size limit: NP209, an error
    if args[0] == "convert":
        first = (tmp_path / "out" / "huge.1.json").read_text(encoding="utf-8")
        assert '"url": "https://example.com/first"' in first
