"""Oversized records, long lines and compression: memory stays bounded by the record size
limit, and what is over it is reported, never silently cut. Big inputs are streamed into
tmp_path in chunks and removed afterwards."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from collections.abc import Callable
from pathlib import Path

import pytest

from newsparse.reader import TextInput

from .support import (
    SEED,
    assert_accounted,
    gzip_member,
    invoke,
    record,
    records,
    run_capped,
    write_chunks,
)

MiB = 1024 * 1024


# --- oversized records and lines ---------------------------------------------


@pytest.mark.slow
def test_parse_100_mb_line_without_newline_is_bounded(tmp_path: Path) -> None:
    head = (record("https://example.com/first") + "\n").encode()
    head += b" date 2026-01-24 https://example.com/huge\n\nHuge record\n\n"
    path = write_chunks(tmp_path / "huge.txt", head, b"x" * MiB, 100)
    try:
        code, stdout, _ = run_capped(["parse", str(path)])
    finally:
        path.unlink()
    urls = [json.loads(line)["url"] for line in stdout.splitlines()]
    assert urls[0] == "https://example.com/first"
    assert "x" * 100 not in stdout  # the 100 MB line never reaches the output
    assert code == 1  # its record is reported: NP209, an error


def test_parse_record_over_the_limit_is_reported_and_the_next_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "big-record.txt"
    many_lines = "\n".join("word " * 30 for _ in range(100))  # ~15 kB in short lines
    path.write_text(
        record("https://example.com/big", body=many_lines) + "\n" + record(), encoding="utf-8"
    )
    run = invoke(["parse", "--max-record-size", "4k", str(path)])
    assert run.code == 1
    assert [a["url"] for a in run.articles()] == ["https://example.com/a.html"]
    assert run.stderr.splitlines() == [
        f"{path}:1: NP209 record is over the size limit; skipped",
        "newsparse: 2 records: 1 written, 1 reported",
    ]
    assert_accounted(run, [str(path)])


def test_parse_line_over_the_limit_reports_its_record(tmp_path: Path) -> None:
    path = tmp_path / "long-line.txt"
    path.write_text(
        record("https://example.com/long", body="short start\n" + "y" * 5000) + "\n" + record(),
        encoding="utf-8",
    )
    run = invoke(["parse", "--max-record-size", "4k", str(path)])
    assert run.code == 1
    assert [a["url"] for a in run.articles()] == ["https://example.com/a.html"]
    assert run.stderr.splitlines() == [
        f"{path}:1: NP209 record is over the size limit; skipped",
        "newsparse: 2 records: 1 written, 1 reported",
    ]


def test_reader_line_over_the_limit_keeps_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("a\n" + "b" * 5000 + "\nc\n", encoding="utf-8")
    with TextInput(str(path), max_line=1024) as text:
        lines = list(text.lines())
    assert lines == ["a", "", "c"]
    assert [(f.code, f.line) for f in text.findings] == [("NP209", 2)]


def test_parse_max_record_size_rejects_nonsense() -> None:
    for value, message in (("lots", "'lots' is not a size"), ("10", "must be from 1k to 1024G")):
        run = invoke(["parse", "--max-record-size", value, "-"], input=b"")
        assert run.code == 2
        assert message in run.stderr


# --- compression ----------------------------------------------------------------


def test_parse_truncated_gz_keeps_the_complete_records_before_the_cut(tmp_path: Path) -> None:
    data = gzip_member(records(200).encode())
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    run = invoke(["parse", str(path)])
    assert run.code == 1
    written = len(run.articles())
    assert 0 < written < 200
    lines = run.stderr.splitlines()
    assert "NP406 record is cut off by corrupt compressed data after it" in lines[0]
    assert "NP406 corrupt compressed data:" in lines[1]
    assert (
        lines[-1]
        == f"newsparse: {written + 1} records: {written} written, 1 reported; 1 file failed"
    )
    assert_accounted(run, [str(path)])


def test_parse_gz_that_is_not_gzip_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt.gz"
    path.write_bytes(SEED.read_bytes())
    run = invoke(["parse", str(path)])
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr.splitlines() == [
        f"{path}:1: NP406 not a gzip file, despite its .gz name",
        "newsparse: 0 records: 0 written, 0 reported; 1 file failed",
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("junk.gz", b"\x1f\x8b" + b"garbage" * 20),
        ("junk.bz2", b"BZh9" + b"garbage" * 20),
        ("junk.xz", b"\xfd7zXZ\x00" + b"garbage" * 20),
        ("empty.gz", b""),
    ],
)
def test_parse_corrupt_compressed_file_is_one_message(
    tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    run = invoke(["parse", str(path)])
    assert run.stdout == ""
    if content:
        assert run.code == 1
        assert run.stderr.splitlines()[0].startswith(f"{path}:1: NP406 corrupt compressed data:")
    else:  # a zero-byte .gz is an empty file: one warning, as for any empty file
        assert (run.code, run.stderr) == (
            0,
            f"{path}:1: NP113 empty file: it holds nothing, no record\n",
        )


_COMPRESSORS: dict[str, Callable[[bytes], bytes]] = {
    "gz": gzip_member,
    "bz2": bz2.compress,
    "xz": lzma.compress,
}


@pytest.mark.parametrize(
    ("ext", "where"),
    [
        ("gz", "early"),
        ("gz", "middle"),
        ("bz2", "early"),
        ("bz2", "middle"),
        ("xz", "early"),
        ("xz", "middle"),
    ],
)
def test_parse_flipped_bytes_in_compressed_data_are_reported(
    tmp_path: Path, ext: str, where: str
) -> None:
    data = bytearray(_COMPRESSORS[ext](SEED.read_bytes() * 50))
    start = 20 if where == "early" else len(data) // 2
    for i in range(start, start + 16):
        data[i] ^= 0xA5
    path = tmp_path / f"flipped.txt.{ext}"
    path.write_bytes(bytes(data))
    run = invoke(["parse", str(path)])
    assert run.code == 1
    assert "NP406 corrupt compressed data:" in run.stderr
    assert_accounted(run, [str(path)])


@pytest.mark.slow
def test_parse_zero_bomb_is_rejected_quickly(tmp_path: Path, zeros_gzip_member: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(zeros_gzip_member.read_bytes())
    code, stdout, stderr = run_capped(["parse", str(path)], timeout=20)
    assert (code, stdout) == (1, "")
    assert stderr.splitlines() == [
        f"{path}:1: NP404 binary file, not a dump",
        "newsparse: 0 records: 0 written, 0 reported; 1 file failed",
    ]


@pytest.mark.slow
def test_parse_zero_bomb_after_text_is_bounded_by_the_record_limit(
    tmp_path: Path, zeros_gzip_member: Path
) -> None:
    """A 1 GiB run of NUL bytes after enough text to pass encoding detection: one endless
    line, read in limit-sized pieces, never held whole. The record after it survives."""
    before = records(1500)  # > 64 KiB, so the zeros are past the detection sample
    before += "\n date 2026-01-23 https://example.com/bomb\n\nBomb\n\n"
    after = "\n" + record("https://example.com/after", headline="After the bomb")
    path = tmp_path / "bomb.txt.gz"
    with open(path, "wb") as out:
        out.write(gzip_member(before.encode()))
        out.write(zeros_gzip_member.read_bytes())
        out.write(gzip_member(after.encode()))
    code, stdout, _ = run_capped(["parse", str(path)])
    urls = [json.loads(line)["url"] for line in stdout.splitlines()]
    # The record holding the endless line is test_parse_line_over_the_limit_reports_its_record's
    # business; every record around it must come through.
    kept = [url for url in urls if url != "https://example.com/bomb"]
    assert kept == [f"https://example.com/n/{i}.html" for i in range(1500)] + [
        "https://example.com/after"
    ]
    assert "\\u0000" not in stdout
    assert code == 1  # the record holding the endless line is reported: NP209, an error


def test_gzip_member_helper_round_trips() -> None:
    assert gzip.decompress(gzip_member(b"abc") + gzip_member(b"def")) == b"abcdef"
