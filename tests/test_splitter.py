"""Unit tests for newsparse.splitter: header lines and record boundaries."""

from __future__ import annotations

import pytest

from newsparse.codes import EMPTY_FILE
from newsparse.model import Finding, RawRecord
from newsparse.reader import DEFAULT_MAX_RECORD
from newsparse.splitter import Fragment, Header, parse_header, split_records


@pytest.mark.parametrize(
    ("line", "header"),
    [
        (" date 2026-01-23 https://s.com/a", Header("2026-01-23", "https://s.com/a")),
        ("date 2026-01-23 https://s.com/a", Header("2026-01-23", "https://s.com/a")),
        ("    date 2026-01-23 https://s.com/a  ", Header("2026-01-23", "https://s.com/a")),
        ("\tDATE 2026/01/23 //s.com/a", Header("2026/01/23", "//s.com/a")),
        ("Date: Jan 23, 2026 https://s.com/a", Header("Jan 23, 2026", "https://s.com/a")),
        (
            " date 2026-01-23T08:15:00+01:00 https://s.com/a",
            Header("2026-01-23T08:15:00+01:00", "https://s.com/a"),
        ),
        (" date 2026-01-23", Header("2026-01-23", None)),
        (" date https://s.com/a", Header(None, "https://s.com/a")),
        (" date yesterday https://s.com/a", Header("yesterday", "https://s.com/a")),
        (" date 2026-03-11 not-a-url", Header("2026-03-11", "not-a-url")),
        (" date 2026-01-23 12:00 CET", Header("2026-01-23 12:00 CET", None)),
    ],
)
def test_parse_header_reads_variants(line: str, header: Header) -> None:
    assert parse_header(line) == header


@pytest.mark.parametrize(
    "line",
    [
        "Date night ideas for couples",
        "Date 5 was chosen by the committee",
        "Dates are set for the talks",
        "update 2026-01-23 https://s.com/a",
        "The date 2026-01-23 https://s.com/a",
        "date",
        "Date:",
        "",
        "Date 2 of the tour starts in Lyon.",
    ],
)
def test_parse_header_rejects_body_text(line: str) -> None:
    assert parse_header(line) is None


def _split(
    text: str, *, max_record: int = DEFAULT_MAX_RECORD
) -> list[RawRecord | Fragment | Finding]:
    return list(split_records(text.split("\n"), "f.txt", max_record=max_record))


def test_split_records_starts_a_record_at_each_header() -> None:
    units = _split(
        " date 2026-01-01 https://a.com/1\n\nOne\n date 2026-01-02 https://a.com/2\n\nTwo"
    )
    assert [(u.line, u.lines) for u in units if isinstance(u, RawRecord)] == [
        (1, ("", "One")),
        (4, ("", "Two")),
    ]


def test_split_records_reports_text_before_the_first_header() -> None:
    units = _split("\nExport 2019\n\n date 2026-01-01 https://a.com/1\n\nOne")
    fragment = units[0]
    assert isinstance(fragment, Fragment)
    assert fragment.line == 2
    assert fragment.failure().finding.code == "NP208"
    assert isinstance(units[1], RawRecord)


def test_split_records_file_without_header_is_not_a_dump() -> None:
    (fragment,) = _split("just some text\nmore text")
    assert isinstance(fragment, Fragment)
    failure = fragment.failure()
    assert (failure.finding.code, failure.scope, failure.finding.line) == ("NP101", "file", 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty file: it holds only blank lines (1), no record"),
        ("\n\n  \n\t", "empty file: it holds only blank lines (4), no record"),
    ],
)
def test_split_records_empty_or_blank_text_is_one_empty_file_finding(
    text: str, message: str
) -> None:
    assert _split(text) == [Finding(EMPTY_FILE, message, "f.txt", 1)]
    assert EMPTY_FILE.severity == "warning"


def test_split_records_no_line_at_all_is_an_empty_file() -> None:
    assert list(split_records([], "f.txt")) == [
        Finding(EMPTY_FILE, "empty file: it holds nothing, no record", "f.txt", 1)
    ]


def test_split_records_marks_a_record_over_the_size_limit() -> None:
    big = (
        " date 2026-01-01 https://a.com/1\n\nHeadline\n\n"
        + "x" * 5000
        + "\n date 2026-01-02 https://a.com/2\n\nOk"
    )
    first, second = _split(big, max_record=1024)
    assert isinstance(first, RawRecord) and first.too_large and first.lines == ()
    assert isinstance(second, RawRecord) and not second.too_large
