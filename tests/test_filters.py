"""Selecting articles: parse, convert and the library, each held to
the same selection computed here in plain Python over the unfiltered JSON Lines."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from archives import make_archive
from click.testing import CliRunner, Result

from newsparse.cli import cli
from newsparse.filters import ArticleFilter, BoundError, Selection, parse_bound
from newsparse.model import Article, Origin

UTC = dt.timezone.utc
Record = dict[str, Any]


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def records_of(result: Result) -> list[Record]:
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_archive(tmp_path_factory.mktemp("filters") / "archive", seed=7, files=40)


@pytest.fixture(scope="module")
def everything(archive: Path) -> list[Record]:
    result = run("parse", archive)
    assert result.exit_code == 1  # the archive has broken records and a non-dump
    return records_of(result)


# --- the reference: the selection in plain Python over JSON records ----------------------


def _moment(text: str) -> tuple[dt.datetime, dt.datetime]:
    """[first, last] instant a date or timestamp text stands for, in UTC."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        start = dt.datetime.fromisoformat(text).replace(tzinfo=UTC)
        return start, start + dt.timedelta(days=1) - dt.timedelta(microseconds=1)
    stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    stamp = stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)
    return stamp, stamp


def expected(
    records: list[Record],
    since: str | None = None,
    until: str | None = None,
    hosts: tuple[str, ...] = (),
    unique: str | None = None,
) -> list[Record]:
    kept, seen = [], set()
    for record in records:
        first, last = _moment(record["date"])
        if since is not None and last < _moment(since)[0]:
            continue
        if until is not None and first > _moment(until)[1]:
            continue
        if hosts:
            source = record["source"]
            if not any(source == h or source.endswith("." + h) for h in hosts):
                continue
        if unique is not None:
            key = record[unique]
            if unique == "body" and not key.strip():
                kept.append(record)
                continue
            if key in seen:
                continue
            seen.add(key)
        kept.append(record)
    return kept


CASES = [
    (("--since", "2004-01-01"), {"since": "2004-01-01"}),
    (("--until", "2003-12-31"), {"until": "2003-12-31"}),
    (
        ("--since", "2004-03-01", "--until", "2004-09-30"),
        {"since": "2004-03-01", "until": "2004-09-30"},
    ),
    (("--since", "2004-06-10T18:30:00+02:00"), {"since": "2004-06-10T18:30:00+02:00"}),
    (("--until", "2025-05-05T05:00:00Z"), {"until": "2025-05-05T05:00:00Z"}),
    (("--since", "1999-02-03T04:05:06"), {"since": "1999-02-03T04:05:06"}),
    (("--source", "bbc.co.uk"), {"hosts": ("bbc.co.uk",)}),
    (
        ("--source", "example.com", "--source", "sputnikglobe.com"),
        {"hosts": ("example.com", "sputnikglobe.com")},
    ),
    (("--source", "www.news.example.com"), {"hosts": ("news.example.com",)}),
    (("--unique", "url"), {"unique": "url"}),
    (("--unique", "body"), {"unique": "body"}),
    (
        ("--since", "2000-01-01", "--source", "example.com", "--unique", "url"),
        {"since": "2000-01-01", "hosts": ("example.com",), "unique": "url"},
    ),
]


@pytest.mark.parametrize(("argv", "selection"), CASES)
def test_filters_parse_keeps_what_the_reference_keeps_and_counts_the_rest(
    archive: Path, everything: list[Record], argv: tuple[str, ...], selection: dict[str, Any]
) -> None:
    want = expected(everything, **selection)
    result = run("parse", archive, *argv)
    got = records_of(result)
    assert [r["origin"] for r in got] == [r["origin"] for r in want]
    assert got == want
    left_out = len(everything) - len(want)
    assert 0 < len(want) < len(everything) or selection.get("unique")
    summary = result.stderr.splitlines()[-1]
    numbers = dict(
        (name, int(n))
        for n, name in re.findall(r"(\d+) (written|filtered|duplicates?|reported)", summary)
    )
    assert numbers["written"] == len(want)
    assert (
        numbers.get("filtered", 0) + numbers.get("duplicates", numbers.get("duplicate", 0))
        == left_out
    )
    assert sum(numbers.values()) == int(summary.split()[1])  # the numbers add up to the records


def test_filters_the_archive_exercises_duplicates_and_zones(everything: list[Record]) -> None:
    """A control: the generated archive has what the cases are about."""
    assert len({r["url"] for r in everything}) < len(everything)
    assert len({r["body"] for r in everything if r["body"]}) < len(
        [r for r in everything if r["body"]]
    )
    assert any(r["date"].endswith("+14:00") for r in everything)
    assert any(len(r["date"]) == 10 for r in everything)


def test_filters_include_reads_only_matching_files_in_folders(
    archive: Path, everything: list[Record]
) -> None:
    result = run("parse", archive, "--include", "*.txt*")
    assert result.exit_code == 1  # the broken records are still reported
    assert "notes.html" not in result.stderr
    assert records_of(result) == everything
    only = run("parse", archive, "--include", "part1/*.txt")
    assert {Path(r["origin"]["path"]).parent.name for r in records_of(only)} == {"part1"}
    named = run("parse", archive / "notes.html", "--include", "*.txt")
    assert "NP101" in named.stderr  # a file named as an argument is always read


def test_filters_convert_writes_what_parse_keeps(tmp_path: Path, archive: Path) -> None:
    argv = ("--since", "2004-01-01", "--source", "example.com", "--unique", "url")
    want = records_of(run("parse", archive, *argv))
    result = run("convert", archive, "-o", tmp_path / "out", "-f", "jsonl", *argv)
    got = [
        json.loads(line)
        for path in sorted((tmp_path / "out").rglob("*.jsonl"))
        for line in path.read_text().splitlines()
    ]
    assert sorted(r["id"] for r in got) == sorted(r["id"] for r in want)
    broken = result.stderr.count(" NP105 ")
    assert re.search(
        rf"{len(want)} articles written, \d+ filtered, \d+ duplicates?, {broken} reported",
        result.stderr,
    ), result.stderr


def test_filters_convert_keeps_record_numbers_in_names_when_one_is_left_out(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        " date 2020-01-01 https://a.com/1.html\n\nOld\n\nOld body.\n\n"
        " date 2026-01-01 https://a.com/2.html\n\nNew\n\nNew body.\n"
    )
    result = run("convert", tmp_path / "in", "-o", tmp_path / "out", "--since", "2025-01-01")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.2.json"]
    assert "1 article written, 1 filtered, 0 reported" in result.stderr


def _article(date: str, url: str = "https://a.com/x.html", body: str = "Body.") -> Article:
    return Article(url, url, date, "H", None, (), body, Origin("f", 1))


@pytest.mark.parametrize(
    ("date", "since", "until", "kept"),
    [
        ("2026-01-23", "2026-01-23T18:00:00", None, True),  # the whole day meets the range
        ("2026-01-23", "2026-01-24", None, False),
        ("2026-01-23", None, "2026-01-23", True),
        ("2026-01-23T23:30:00-02:00", None, "2026-01-23", False),  # 01:30 UTC on the 24th
        ("2026-01-23T23:30:00-02:00", "2026-01-24", None, True),
        ("2026-01-24T00:30:00+02:00", None, "2026-01-23", True),  # 22:30 UTC on the 23rd
        ("2026-01-23T12:00:00", "2026-01-23T12:00:00Z", "2026-01-23T12:00:00+00:00", True),
        ("2026-01-23T12:00:00", "2026-01-23T12:00:01Z", None, False),
        ("2026-01-23", None, "2026-01-22T23:59:59Z", False),
    ],
)
def test_filters_date_bounds_are_inclusive_and_compared_in_utc(
    date: str, since: str | None, until: str | None, kept: bool
) -> None:
    selection = Selection(
        parse_bound(since) if since else None, parse_bound(until) if until else None
    )
    assert ArticleFilter(selection).keep(_article(date)) is kept


@pytest.mark.parametrize("text", ["yesterday", "2026-13-01", "2026-01", "23.01.2026", ""])
def test_filters_bad_bounds_are_refused(text: str) -> None:
    with pytest.raises(BoundError):
        parse_bound(text)


def test_filters_bad_bound_is_a_usage_error(tmp_path: Path) -> None:
    result = run("parse", tmp_path, "--since", "last week")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "newsparse: error: invalid value for '--since': 'last week' is not a date"
    )


def test_filters_source_matches_subdomains_not_lookalikes() -> None:
    keep = ArticleFilter(Selection(sources=("https://www.BBC.co.uk/news",))).keep
    assert [
        keep(_article("2026-01-01", url))
        for url in (
            "https://bbc.co.uk/a",
            "https://www.bbc.co.uk/a",
            "https://world.bbc.co.uk/a",
            "https://notbbc.co.uk/a",
            "https://bbc.co.uk.evil.com/a",
        )
    ] == [True, True, True, False, False]


def test_filters_unique_body_never_drops_blank_bodies() -> None:
    unique = ArticleFilter(Selection(unique="body"))
    kept = [
        unique.keep(_article("2026-01-01", f"https://a.com/{n}", body))
        for n, body in enumerate(["", "  ", "Same.", "Same.", ""])
    ]
    assert kept == [True, True, True, False, True]
    assert (unique.duplicates, unique.filtered) == (1, 0)


def test_filters_convert_include_skips_files_that_do_not_match(
    tmp_path: Path, archive: Path
) -> None:
    result = run("convert", archive, "-o", tmp_path / "out", "-f", "jsonl", "--include", "*.txt*")
    assert "notes.html" not in result.stderr
    assert sorted(p.name for p in (tmp_path / "out").rglob("*") if p.is_file()) == sorted(
        p.name.replace(".txt", ".jsonl") for p in archive.rglob("*.txt")
    )
