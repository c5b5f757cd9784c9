"""The reader's fast path (a small UTF-8 input read whole and split once) gives exactly
the lines, records and findings of the general path (a text wrapper read line by line).

Every test reads and parses the same bytes twice, once as TextInput chooses and once
with the fast path turned off (``whole_max = 0``), and compares the lines, the reader's
findings, articles (all their fields and findings), failures and file findings. Named cases also pin which path was taken, so
that the comparison is known to exercise the fast path, and the fallbacks.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import disguised_dump_texts, dump_files, dump_texts

from newsparse.errors import InputError
from newsparse.model import Article, Finding
from newsparse.pipeline import Options, _parse_text_input, parse_input
from newsparse.reader import DEFAULT_MAX_RECORD, SAMPLE_SIZE, WHOLE_MAX, TextInput

TODAY = dt.date(2026, 2, 1)
RECORD = (
    " date 2026-01-23 https://site.com/2026/01/23/talks.html\n\nTalks go on\n\n"
    "The minister said on Monday that talks would continue.\n\n"
    "Москва, 東京 and القاهرة sent delegations.\n"
)


def _parsed(data: bytes, name: str, *, fast: bool, max_line: int) -> list[Any]:
    """Every item parsed from ``data``, with each article's findings beside it (an
    Article's equality leaves its findings out)."""
    source = TextInput.from_stream(io.BytesIO(data), name, max_line=max_line)
    if not fast:
        source.whole_max = 0
    items = _parse_text_input(source, Options(today=TODAY, max_record=max_line))
    return [
        (item, item.findings, item.word_count) if isinstance(item, Article) else item
        for item in items
    ]


def _read(data: bytes, name: str, *, fast: bool, max_line: int) -> tuple[Any, ...]:
    """The lines, findings and over-long line numbers the reader gives, or its error."""
    source = TextInput.from_stream(io.BytesIO(data), name, max_line=max_line)
    if not fast:
        source.whole_max = 0
    try:
        with source:
            lines = list(source.lines())
    except InputError as exc:
        return ("error", exc.finding)
    return (lines, source.findings, source.overlong, source.encoding)


def _takes_fast_path(data: bytes, *, max_line: int = DEFAULT_MAX_RECORD) -> bool:
    with TextInput.from_stream(io.BytesIO(data), "a.txt", max_line=max_line) as source:
        return source._whole is not None


def assert_same(
    data: bytes, name: str = "a.txt", *, max_line: int = DEFAULT_MAX_RECORD
) -> list[Any]:
    assert _read(data, name, fast=True, max_line=max_line) == _read(
        data, name, fast=False, max_line=max_line
    )
    fast = _parsed(data, name, fast=True, max_line=max_line)
    assert fast == _parsed(data, name, fast=False, max_line=max_line)
    return fast


def test_reader_fast_path_bound_is_below_the_sample_size() -> None:
    assert WHOLE_MAX == SAMPLE_SIZE - 1


@pytest.mark.parametrize(
    ("data", "fast", "codes"),
    [
        pytest.param(b"", True, ["NP113"], id="empty file"),
        pytest.param(b"\n", True, ["NP113"], id="one empty line"),
        pytest.param(b"\n\n\n", True, ["NP113"], id="blank lines only"),
        pytest.param(RECORD.encode(), True, [], id="one record"),
        pytest.param(RECORD.encode().rstrip(b"\n"), True, [], id="no final newline"),
        pytest.param((RECORD + "\n\n").encode() * 3, True, [], id="three records"),
        pytest.param(RECORD.replace("\n", "\r\n").encode(), False, ["NP403"], id="CRLF"),
        pytest.param(RECORD.replace("\n", "\r").encode(), False, ["NP403"], id="lone CR"),
        pytest.param(
            RECORD.encode().replace(b"\n\n", b"\r\n\n", 1), False, ["NP403"], id="one CRLF among LF"
        ),
        pytest.param(RECORD.encode() + b"\r", False, ["NP403"], id="CR at the very end"),
        pytest.param(b"\xef\xbb\xbf" + RECORD.encode(), False, ["NP402"], id="UTF-8 BOM"),
        pytest.param(RECORD.encode("utf-16"), False, ["NP401"], id="UTF-16"),
        pytest.param(RECORD.encode() + b"tail \xff", False, ["NP405"], id="invalid byte at end"),
        pytest.param(
            RECORD.encode() + "東".encode()[:2], False, ["NP405"], id="character cut at end"
        ),
        pytest.param(
            RECORD.encode().replace(b"Monday", b"Mon\x00day"), True, [], id="NUL byte in the body"
        ),
        pytest.param(
            RECORD.replace("Monday", "Mon\u2028day\x85x\x0cy\x1cz").encode(),
            True,
            [],
            id="characters splitlines would break at",
        ),
        pytest.param(
            ("Caf\u00e9 " * 30 + "\n").encode("cp1252") + RECORD.encode("cp1252", "replace"),
            False,
            ["NP401"],
            id="cp1252",
        ),
    ],
)
def test_reader_fast_path_matches_general_path_on_edge_cases(
    data: bytes, fast: bool, codes: list[str]
) -> None:
    assert _takes_fast_path(data) is fast
    items = assert_same(data)
    file_codes = [
        item.code for item in items if not isinstance(item, tuple) and hasattr(item, "code")
    ]
    assert file_codes == codes


def test_reader_fast_path_binary_input_fails_alike() -> None:
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    items = assert_same(data, "a.png")
    assert [item.finding.code for item in items] == ["NP404"]


def test_reader_fast_path_many_nul_bytes_fail_alike() -> None:
    items = assert_same(b"date\x00" * 200)
    assert [item.finding.code for item in items] == ["NP404"]


@pytest.mark.parametrize("extra", [-2, -1, 0, 1])
def test_reader_fast_path_line_at_the_size_limit_matches(extra: int) -> None:
    body = "word " * 40 + "end"
    data = (RECORD + "\n" + body + "\n").encode()
    limit = len(body) + extra  # a line of `limit` characters or more is over it
    assert _takes_fast_path(data, max_line=limit) is False
    items = assert_same(data, max_line=limit)
    line_findings = [(item.code, item.line) for item in items if isinstance(item, Finding)]
    assert line_findings == ([("NP209", 9)] if extra <= 0 else [])


def test_reader_fast_path_file_just_under_the_limit_of_one_line_takes_it() -> None:
    data = RECORD.encode()
    assert _takes_fast_path(data, max_line=len(RECORD) + 1) is True
    assert _takes_fast_path(data, max_line=len(RECORD)) is False
    assert_same(data, max_line=len(RECORD) + 1)


@pytest.mark.parametrize("size", [SAMPLE_SIZE - 1, SAMPLE_SIZE, SAMPLE_SIZE + 1])
def test_reader_fast_path_size_bound_matches(size: int) -> None:
    records = (RECORD + "\n") * (size // len(RECORD.encode()) + 1)
    data = records.encode()[: size - 1] + b"\n"
    assert len(data) == size
    assert _takes_fast_path(data) is (size <= WHOLE_MAX)
    assert len(assert_same(data)) > 100


def test_reader_fast_path_compressed_input_keeps_the_general_path() -> None:
    import gzip

    data = gzip.compress(RECORD.encode(), mtime=0)
    assert _takes_fast_path(data) is False
    assert assert_same(data, "a.txt.gz")[0][0].headline == "Talks go on"


def test_reader_fast_path_file_by_path_matches_stream(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(RECORD.encode() * 2)
    with TextInput(str(path)) as source:
        assert source._whole is not None
    from_file = list(parse_input(str(path), Options(today=TODAY)))
    assert from_file == [
        item[0] if isinstance(item, tuple) else item
        for item in _parsed(path.read_bytes(), str(path), fast=False, max_line=DEFAULT_MAX_RECORD)
    ]


#: Pieces that exercise the reader: line endings of every kind, invalid and cut
#: characters, a BOM in the middle, NUL, header and body text.
_PIECES = [
    b"\n",
    b"\n",
    b"\n\n",
    b"\r",
    b"\r\n",
    b"\xff",
    b"\xe6\x9d",
    b"\xe6\x9d\xb1",
    b"\xef\xbb\xbf",
    b"\x00",
    b" ",
    b"\xc2\xa0",
    b"\xe2\x80\xa8",
    b"\xc2\x85",
    b" date 2026-01-23 https://site.com/a",
    b"date 2026-01-23 https://b.com/x.html",
    b"Headline here",
    b"The body of it.",
    b"https://img.com/a.jpg",
    "Грузия".encode(),
    "東京".encode(),
    b"<p>x</p>",
    b"&amp;",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.sampled_from([8, 40, 1 << 20]))
def test_reader_fast_path_matches_on_pieces_of_bytes(pieces: list[bytes], limit: int) -> None:
    assert_same(b"".join(pieces), max_line=limit)


@settings(max_examples=200, deadline=None)
@pytest.mark.slow
@given(dump_texts())
def test_reader_fast_path_matches_on_dump_texts(text: str) -> None:
    assert_same(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=None)
@pytest.mark.slow
@given(dump_files())
def test_reader_fast_path_matches_on_dump_files(file: tuple[str, bytes]) -> None:
    suffix, data = file
    assert_same(data, "a" + suffix)


@settings(max_examples=100, deadline=None)
@pytest.mark.slow
@given(disguised_dump_texts())
def test_reader_fast_path_matches_on_disguised_dump_texts(text: str) -> None:
    assert_same(text.encode("utf-8", "surrogatepass"))
