"""Unit tests for the library API: loads, load, parse, dumps, strict mode."""

from __future__ import annotations

import doctest
import gzip
import io
import json
from pathlib import Path

import pytest

import newsparse
from newsparse import Article, ParseError

SEED = Path(__file__).resolve().parent.parent / "samples" / "000_0833b96511dd5aaf.txt"
TWO = (
    " date 2026-01-23 https://a.com/1.html\n\nFirst\n\nBody one.\n"
    " date 2026-02-30 https://a.com/2.html\n\nSecond\n\nBody two.\n"
)


def test_loads_returns_articles_and_keeps_failures() -> None:
    result = newsparse.loads(TWO, "two.txt")
    assert [a.headline for a in result] == ["First"]
    assert [(f.finding.code, f.finding.path, f.finding.line) for f in result.failures] == [
        ("NP105", "two.txt", 6)
    ]


def test_loads_accepts_crlf_and_a_bom() -> None:
    result = newsparse.loads("\ufeff" + TWO.replace("\n", "\r\n"))
    assert [a.headline for a in result] == ["First"]


def test_loads_strict_raises_on_the_first_finding() -> None:
    with pytest.raises(ParseError) as info:
        newsparse.loads(TWO, "two.txt", strict=True)
    assert (
        str(info.value)
        == "two.txt:6: NP105 date '2026-02-30' cannot exist: day is out of range for month"
    )


def test_loads_strict_raises_on_warnings_too() -> None:
    text = " date 2026-01-23 https://a.com/1.html\n\n<b>Bold</b> headline\n\nBody.\n"
    assert newsparse.loads(text)[0].findings[0].code == "NP301"
    with pytest.raises(ParseError, match="NP301"):
        newsparse.loads(text, strict=True)


def test_load_reads_a_path_and_a_binary_file_object() -> None:
    from_path = newsparse.load(SEED)
    from_file = newsparse.load(io.BytesIO(gzip.compress(SEED.read_bytes())))
    assert len(from_path) == 1
    assert from_path[0].to_dict() | {"origin": None} == from_file[0].to_dict() | {"origin": None}


def test_load_binary_junk_is_a_failure_not_an_exception() -> None:
    result = newsparse.load(io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(range(256))))
    assert list(result) == []
    assert result.failures[0].finding.code == "NP404"


def test_parse_streams_articles_failures_and_file_findings(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(TWO.replace("\n", "\r\n").encode())
    kinds = [type(item).__name__ for item in newsparse.parse([str(tmp_path)])]
    assert kinds == ["Article", "Failure", "Finding"]


def test_dumps_renders_each_format() -> None:
    articles = newsparse.load(SEED)
    assert json.loads(newsparse.dumps(articles))["date"] == "2026-01-23"
    assert json.loads(newsparse.dumps(articles, "json"))[0]["source"] == "sputnikglobe.com"
    assert newsparse.dumps(articles, "md").startswith("---\ntitle: Venezuela, Russia")


def test_public_api_is_listed_in_all() -> None:
    for name in newsparse.__all__:
        assert hasattr(newsparse, name)
    assert isinstance(newsparse.loads(TWO)[0], Article)


@pytest.mark.parametrize("module", ["newsparse", "newsparse.api"])
def test_docstring_examples_run(module: str) -> None:
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


def test_load_broken_stream_keeps_the_articles_before_the_damage() -> None:
    data = gzip.compress((TWO.replace("2026-02-30", "2026-02-03") * 500).encode())
    result = newsparse.load(io.BytesIO(data[: len(data) // 2]))
    assert len(result) > 10
    assert [f.finding.code for f in result.failures][-1] == "NP406"
