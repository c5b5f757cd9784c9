"""Unit tests for newsparse.pipeline: wiring reader, splitter and parser into one stream."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsparse.errors import ParseError
from newsparse.model import Article, Failure, Finding
from newsparse.pipeline import Options, parse_input, parse_lines, parse_paths

GOOD = " date 2026-01-23 https://a.com/1.html\n\nFirst\n\nBody one.\n"
BAD = " date 2026-02-30 https://a.com/2.html\n\nSecond\n\nBody two.\n"


def test_parse_lines_yields_articles_and_failures_in_order() -> None:
    items = list(parse_lines((GOOD + BAD + GOOD).split("\n"), "f.txt"))
    assert [type(i).__name__ for i in items] == ["Article", "Failure", "Article"]


def test_parse_lines_text_before_the_first_header_is_a_fragment_failure() -> None:
    (fragment, article) = parse_lines(("junk\n" + GOOD).split("\n"), "f.txt")
    assert isinstance(fragment, Failure) and fragment.scope == "fragment"
    assert isinstance(article, Article)


def test_parse_lines_today_decides_what_is_in_the_future() -> None:
    lines = GOOD.split("\n")
    early = next(iter(parse_lines(lines, "f.txt", Options(today=dt.date(2020, 1, 1)))))
    late = next(iter(parse_lines(lines, "f.txt", Options(today=dt.date(2026, 6, 1)))))
    assert isinstance(early, Article) and [f.code for f in early.findings] == ["NP106"]
    assert isinstance(late, Article) and late.findings == ()


def test_parse_input_ends_with_the_file_findings(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(GOOD.replace("\n", "\r\n").encode())
    items = list(parse_input(str(path)))
    assert isinstance(items[0], Article)
    assert isinstance(items[-1], Finding) and items[-1].code == "NP403"


def test_parse_input_strict_raises_on_a_file_finding(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(GOOD.replace("\n", "\r\n").encode())
    with pytest.raises(ParseError, match="NP403"):
        list(parse_input(str(path), Options(strict=True)))


def test_parse_paths_reports_missing_paths_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    items = list(parse_paths([str(tmp_path / "missing"), str(tmp_path)]))
    assert isinstance(items[0], Failure) and items[0].finding.code == "NP404"
    assert isinstance(items[1], Article)


def test_parse_paths_honours_the_record_size_limit(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD.replace("Body one.", "x" * 5000) + GOOD)
    items = list(parse_paths([str(tmp_path)], Options(max_record=2048)))
    assert isinstance(items[0], Failure) and items[0].finding.code == "NP209"
    assert isinstance(items[1], Article)
