"""Header lines in disguise, dates that once crashed or lost precision, URLs as browsers
read them, and the one reading path."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import re
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner
from compiled import interpreted_only
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import disguised_dump_texts, disguised_headers, header_lookalikes

import newsparse
from newsparse.cli import cli
from newsparse.dates import read_date
from newsparse.model import Article, Failure, Finding, RawRecord
from newsparse.parser import parse_record
from newsparse.pipeline import parse_paths
from newsparse.reader import TextInput
from newsparse.splitter import Header, parse_header
from newsparse.tally import Tally
from newsparse.urls import source_of

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BODY = "\n\nHeadline {n}\n\nBody {n} goes on here.\n"


def _record(header: str, n: int = 1) -> str:
    return header + BODY.format(n=n)


def _codes(result: newsparse.Articles) -> list[str]:
    return [f.finding.code for f in result.failures]


# --- which lines are headers -----------------------------------------------------


@pytest.mark.parametrize(
    ("prefix"),
    [
        "\ufeff",
        "\u00a0",
        "\u3000",
        "\u2003",
        "\u200b",
        "\u200e",
        "\u2060",
        "\u00ad",
        "\ufeff \t",
        " \u202f",
        " \u200b \u200b\t",
    ],
)
def test_parse_header_reads_a_header_behind_invisible_characters(prefix: str) -> None:
    header = parse_header(f"{prefix}date 2026-01-23 https://s.com/a")
    assert header == Header(
        "2026-01-23", "https://s.com/a", prefix.replace(" ", "").replace("\t", "")
    )


# The pattern that found "date" until str.lstrip and str.lower took over its work (its
# character class cost about 0.5 ms to compile at every start), kept as the reference that
# splitter._after_date must agree with.
_INVISIBLE = "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
_HEADER_PATTERN = re.compile(
    rf"(?P<prefix>[\s{_INVISIBLE}]*)date(?::|(?=\s))(?P<rest>.*)$", re.IGNORECASE | re.S
)


def _reference_parts(line: str) -> tuple[str, str] | None:
    m = _HEADER_PATTERN.match(line)
    return None if m is None else (m["prefix"], m["rest"])


def test_after_date_reads_every_character_as_the_reference_pattern_does() -> None:
    # Over every code point, each part of _after_date against the pattern's: the
    # characters that may stand before "date", the characters that lower to its
    # letters, and the whitespace that may follow it.
    from newsparse.splitter import HEADER_PREFIX

    everything = "".join(map(chr, range(0x110000)))
    before = re.compile(rf"[\s{_INVISIBLE}]", re.IGNORECASE).findall(everything)
    assert sorted(HEADER_PREFIX) == before
    lowered = sorted(c for c in everything if c.lower() in ("d", "a", "t", "e"))
    assert lowered == sorted(re.compile("[date]", re.IGNORECASE).findall(everything))
    assert lowered == ["A", "D", "E", "T", "a", "d", "e", "t"]
    assert [c for c in everything if c.isspace()] == re.findall(r"\s", everything)


@given(
    st.tuples(
        st.text(alphabet=" \t\u00a0\u200b\ufeff\u3000\x0bx", max_size=3),
        st.sampled_from(["date", "Date", "DATE", "dAtE", "dat", "dates", "\u0130ate", "da te"]),
        st.sampled_from(["", ":", " ", "\t", "\u00a0", "\u2028", ": ", "::", "x", "-"]),
        st.text(max_size=4),
    ).map("".join)
)
def test_after_date_agrees_with_the_reference_pattern_on_mixed_lines(line: str) -> None:
    from newsparse.splitter import _after_date

    assert _after_date(line) == _reference_parts(line)


def test_header_start_holds_every_first_character_a_header_can_have() -> None:
    # split_records only calls parse_header for lines whose first character is in
    # HEADER_START: a character the header pattern accepts first but the set lacks
    # would make such headers body text again.
    from newsparse.splitter import HEADER_START

    accepted = {
        chr(c)
        for c in range(0x110000)
        if _reference_parts(chr(c) + "date 2026-01-23 https://s.com/a") is not None
    }
    assert accepted | {"d", "D"} == HEADER_START
    assert {" ", "\t", "\ufeff", "\u00a0", "\u200b", "\u3000"} <= accepted


def test_parse_header_url_is_the_rest_of_the_line_spaces_and_all() -> None:
    assert parse_header(" date 2022-02-01 https://example.com/news item=5  ") == Header(
        "2022-02-01", "https://example.com/news item=5"
    )


@pytest.mark.parametrize(
    "line",
    [
        "Date 2 of the tour starts in Lyon.",
        "Date 5 of the race is in Nice.",
        "Date 3 of the trip was long",
        "DATE 5 OF THE TOUR",
        "Date night ideas https://example.com/ideas",
        "Date of the 2026 festival: https://example.com/festival",
        "Date 3 of the festival, see www.example.com for tickets",
        "date of the meeting: to be announced",
    ],
)
def test_parse_header_date_word_prose_is_not_a_header(line: str) -> None:
    assert parse_header(line) is None


def test_parse_header_over_long_line_is_still_a_header() -> None:
    line = " date 2026-01-23 https://s.com/" + "a" * 5000
    header = parse_header(line)
    assert header is not None and header.date == "2026-01-23"


# --- what the parser makes of them -----------------------------------------------


def test_load_files_joined_with_cat_keep_both_records(tmp_path: Path) -> None:
    part = b"\xef\xbb\xbf" + _record(" date 2026-01-01 https://a.com/1").encode()
    path = tmp_path / "joined.txt"
    path.write_bytes(part + part.replace(b"a.com/1", b"a.com/2"))
    result = newsparse.load(path)
    assert [a.url for a in result] == ["https://a.com/1", "https://a.com/2"]
    assert result[0].body == "Body 1 goes on here."
    assert [(f.code, f.line) for f in result[1].findings] == [("NP110", 6)]
    assert "U+FEFF" in result[1].findings[0].message


@pytest.mark.parametrize("prefix", ["\u00a0", "\u200b", "\u3000 ", "\u200e\t"])
def test_loads_header_behind_unicode_space_starts_a_record(prefix: str) -> None:
    text = _record(" date 2026-01-01 https://a.com/1") + _record(
        f"{prefix}date 2026-01-02 https://a.com/2", 2
    )
    result = newsparse.loads(text)
    assert [a.headline for a in result] == ["Headline 1", "Headline 2"]
    assert [f.code for f in result[1].findings] == ["NP110"]


@pytest.mark.parametrize(
    "line",
    [
        "Date 2 of the tour starts in Lyon.",
        "Date 5 of the race is in Nice.",
        "Date 3 of the trip was long",
    ],
)
def test_loads_date_word_prose_stays_in_the_body(line: str) -> None:
    text = _record(" date 2026-01-01 https://a.com/1") + f"\n{line}\n\nMore.\n"
    result = newsparse.loads(text)
    assert result.failures == []
    assert result[0].body == f"Body 1 goes on here.\n\n{line}\n\nMore."


@pytest.mark.parametrize("first", [True, False])
def test_loads_url_with_space_is_encoded_and_reported(first: bool) -> None:
    header = " date 2022-02-01 https://example.com/news item=5"
    text = (
        _record(header)
        if first
        else _record(" date 2022-02-01 https://a.com/0", 0) + _record(header)
    )
    result = newsparse.loads(text)
    assert result.failures == []
    article = result[-1]
    assert article.url == "https://example.com/news%20item=5"
    assert article.original_url == "https://example.com/news item=5"
    assert [f.code for f in article.findings] == ["NP109"]
    assert len(result) == (1 if first else 2)


def test_loads_over_long_header_is_reported_not_merged() -> None:
    long_header = " date 2026-01-02 https://a.com/" + "x" * 5000
    text = _record(" date 2026-01-01 https://a.com/1") + _record(long_header, 2)
    result = newsparse.loads(text)
    assert result[0].body == "Body 1 goes on here."
    assert [(f.finding.code, f.finding.line) for f in result.failures] == [("NP111", 6)]


@pytest.mark.parametrize(
    "url",
    [
        "https://a.com/x\x1b[31m",
        "https://a.com/\x07x",
        "https://a.com/a\tb",
        "https://a.com/a\u00a0b",
        "https://a.com/a\x00b",
        "https://a.com/a\x85b",
    ],
)
def test_loads_url_with_control_or_whitespace_is_np108(url: str) -> None:
    result = newsparse.loads(_record(f" date 2026-01-01 {url}"))
    assert list(result) == []
    assert _codes(result) == ["NP108"]


def test_source_follows_the_browser_on_backslashes() -> None:
    (article,) = newsparse.loads(_record(" date 2026-01-01 https://example.com\\@evil.com/a"))
    assert article.source == "example.com"
    assert article.url == "https://example.com/@evil.com/a"
    assert source_of("https://example.com\\@evil.com/a") == "example.com"


# --- dates -------------------------------------------------------------------------


def test_read_date_offset_check_reads_only_an_offset_after_a_time() -> None:
    assert read_date("10:00 23-01-25").iso == "2025-01-23T10:00:00"
    assert read_date("2026-01-02T10:00:00+23:59").iso == "2026-01-02T10:00:00+23:59"


@pytest.mark.parametrize("offset", ["+24:00", "-24:00", "+25:30", "+2400", "+99:00", " AM +2400"])
def test_loads_offset_of_a_day_or_more_is_np105_and_the_run_goes_on(offset: str) -> None:
    text = _record(f" date 2026-01-02T10:00:00{offset} https://a.com/1") + _record(
        " date 2026-01-03 https://a.com/2", 2
    )
    result = newsparse.loads(text)
    assert _codes(result) == ["NP105"]
    assert [a.url for a in result] == ["https://a.com/2"]


@pytest.mark.parametrize(
    ("zone", "offset"),
    [
        ("UTC", "+00:00"),
        ("GMT", "+00:00"),
        ("Z", "+00:00"),
        ("EST", "-05:00"),
        ("EDT", "-04:00"),
        ("CST", "-06:00"),
        ("CDT", "-05:00"),
        ("MST", "-07:00"),
        ("MDT", "-06:00"),
        ("PST", "-08:00"),
        ("PDT", "-07:00"),
        ("CET", "+01:00"),
        ("CEST", "+02:00"),
        ("BST", "+01:00"),
        ("MSK", "+03:00"),
        ("IST", "+05:30"),
        ("JST", "+09:00"),
    ],
)
def test_read_date_maps_known_zone_abbreviations(zone: str, offset: str) -> None:
    assert read_date(f"2026-01-02T10:00:00 {zone}").iso == f"2026-01-02T10:00:00{offset}"
    assert read_date(f"Jan 2, 2026 10:00 {zone}").iso == f"2026-01-02T10:00:00{offset}"


def test_loads_unknown_zone_is_reported_and_never_warns() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (article,) = newsparse.loads(_record(" date 2026-01-02T10:00:00 AEST https://a.com/1"))
    assert article.date == "2026-01-02T10:00:00"
    assert [f.code for f in article.findings] == ["NP112"]
    assert "'AEST'" in article.findings[0].message


def test_cli_unknown_zone_prints_no_library_warning(tmp_path: Path) -> None:
    path = tmp_path / "zone.txt"
    path.write_text(_record(" date 2026-01-02T10:00:00 XYZT https://a.com/1"), encoding="utf-8")
    parsed = CliRunner().invoke(cli, ["parse", str(path)])
    assert (parsed.exit_code, parsed.stderr) == (0, "")
    checked = CliRunner().invoke(cli, ["check", str(path)])
    assert checked.stdout.splitlines()[0] == (
        f"{path}:1: NP112 zone abbreviation 'XYZT' in date '2026-01-02T10:00:00 XYZT' is "
        "not known; the time is kept without a UTC offset"
    )
    assert "Warning" not in checked.stderr + parsed.stderr


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("2026-01-02T10:00:00.123456789Z", "2026-01-02T10:00:00.123456789+00:00"),
        ("2026-01-02T10:00:00.000000001+01:00", "2026-01-02T10:00:00.000000001+01:00"),
        ("2026-01-02 10:00:00,1234567", "2026-01-02T10:00:00.1234567"),
        ("2026-01-02T10:00:00.123456Z", "2026-01-02T10:00:00.123456+00:00"),
    ],
)
def test_read_date_keeps_sub_microsecond_precision_as_written(written: str, iso: str) -> None:
    assert read_date(written).iso == iso


# --- the record boundary guard -----------------------------------------------------


@interpreted_only
def test_parse_record_reports_an_exception_as_np119(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsparse.normalize import clean_plain

    def explode(text: str) -> str | None:
        if "BOOM" in text:
            raise RuntimeError("designed to raise")
        return clean_plain(text)

    monkeypatch.setattr("newsparse.parser.clean_plain", explode)
    text = (
        _record(" date 2026-01-01 https://a.com/1")
        + " date 2026-01-02 https://a.com/2\n\nBOOM headline\n\nBody.\n"
        + _record(" date 2026-01-03 https://a.com/3", 3)
    )
    result = newsparse.loads(text)
    assert [a.url for a in result] == ["https://a.com/1", "https://a.com/3"]
    (failure,) = result.failures
    assert (failure.finding.code, failure.finding.line, failure.scope) == ("NP119", 6, "record")
    assert failure.finding.message == (
        "internal error while parsing this record (RuntimeError: designed to raise)"
    )


@interpreted_only
def test_parse_record_lets_sigterm_through(monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGTERM raises Terminated wherever the run is; inside a record it must stop the
    run (exit 143), as Ctrl-C does, not become that record's NP119 failure."""
    from newsparse.sigterm import Terminated

    def terminated(text: str) -> str | None:
        raise Terminated()

    monkeypatch.setattr("newsparse.parser.clean_plain", terminated)
    with pytest.raises(Terminated):
        newsparse.loads(_record(" date 2026-01-01 https://a.com/1"))


def test_parse_record_guard_covers_every_caller() -> None:
    raw = RawRecord("f.txt", 1, " date 2026-01-02T10:00:00+24:00 https://a.com/1", ("", "H"))
    result = parse_record(raw)
    assert isinstance(result, Failure) and result.finding.code == "NP105"


# --- compressed input ----------------------------------------------------------------


def _two_records() -> bytes:
    return (
        _record(" date 2026-01-01 https://a.com/1") + _record(" date 2026-01-02 https://a.com/2", 2)
    ).encode()


@pytest.mark.parametrize(
    "data",
    [
        lzma.compress(_two_records()) + b"\0" * 4,
        lzma.compress(_two_records()) + b"\0" * 12,
        lzma.compress(_two_records()[:40]) + b"\0" * 8 + lzma.compress(_two_records()[40:]),
        lzma.compress(_two_records()[:40]) + lzma.compress(_two_records()[40:]) + b"\0" * 4,
    ],
    ids=["padding-4", "padding-12", "padding-between-streams", "two-streams-and-padding"],
)
def test_load_xz_with_stream_padding_keeps_every_record(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "padded.txt.xz"
    path.write_bytes(data)
    result = newsparse.load(path)
    assert result.failures == []
    assert [a.url for a in result] == ["https://a.com/1", "https://a.com/2"]


def test_load_xz_with_bad_padding_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt.xz"
    path.write_bytes(lzma.compress(_two_records()) + b"\0" * 3)
    result = newsparse.load(path)
    assert [a.url for a in result] == ["https://a.com/1"]
    assert _codes(result) == ["NP406", "NP406"]


# --- one reading path ------------------------------------------------------------------


def _summary(result: newsparse.Articles) -> tuple[list[str], list[tuple[str, int]]]:
    return [a.url for a in result], [(f.finding.code, f.finding.line) for f in result.failures]


@pytest.mark.parametrize(
    "data",
    [
        _record(" date 2026-01-01 https://a.com/1").encode()
        + b"x" * 100_000
        + b"\n"
        + _record(" date 2026-01-02 https://a.com/2", 2).encode(),
        gzip.compress(_two_records(), mtime=0),
        bz2.compress(_two_records()),
        "\ufeff".encode() + _two_records().replace(b"a.com/2", "a.com/\u00e9".encode()),
        _two_records().replace(b"Body", b"Caf\xe9 body"),
    ],
    ids=["over-the-limit", "gzip", "bzip2", "bom", "cp1252"],
)
def test_load_path_stream_bytes_and_parse_stream_agree(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    by_path = newsparse.load(path)
    with path.open("rb") as stream:
        by_stream = newsparse.load(stream)
    by_bytes = newsparse.loads(data)
    assert _summary(by_path) == _summary(by_stream) == _summary(by_bytes)
    with path.open("rb") as stream:
        items = list(newsparse.parse_stream(stream, "remote/in.txt"))
    names = {
        item.path
        if isinstance(item, Finding)
        else item.finding.path
        if isinstance(item, Failure)
        else item.origin.path
        for item in items
    }
    assert names == {"remote/in.txt"}


def test_load_stream_applies_the_line_size_limit() -> None:
    data = _record(" date 2026-01-01 https://a.com/1").encode() + b"x" * (9 * 1024 * 1024)
    result = newsparse.load(io.BytesIO(data))
    assert list(result) == []
    assert _codes(result) == ["NP209"]
    items = list(newsparse.parse_stream(io.BytesIO(data), "big.txt", max_record_size=1000))
    assert [i.code for i in items if isinstance(i, Finding)] == ["NP209"]


def test_cli_parse_stdin_shares_the_reading_path() -> None:
    data = _record(" date 2026-01-01 https://a.com/1").encode() + b"x" * 5000 + b"\n"
    result = CliRunner().invoke(cli, ["parse", "-", "--max-record-size", "1k"], input=data)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "-:1: NP209 record is over the size limit; skipped",
        "newsparse: 1 record: 0 written, 1 reported",
    ]


def test_parse_stream_is_public_and_lazy() -> None:
    assert "parse_stream" in newsparse.__all__
    assert newsparse.parse_stream is newsparse.api.parse_stream


def test_loads_rejects_what_is_neither_text_nor_bytes() -> None:
    with pytest.raises(TypeError, match="loads\\(\\) takes str or bytes, not int"):
        newsparse.loads(5)  # type: ignore[arg-type]


def test_load_rejects_a_text_mode_file_object() -> None:
    with pytest.raises(TypeError, match="needs a binary file object"):
        newsparse.load(io.StringIO(_record(" date 2026-01-01 https://a.com/1")))  # type: ignore[arg-type]


# --- properties: every header is found, and written or reported --------------------------

_PERMISSIVE_START = re.compile(r"^[\s\u00ad\u200b-\u200f\u2060\ufeff]*date:?\s", re.IGNORECASE)
_URL_LIKE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:/|//|www\.)", re.IGNORECASE)
_DATE_LIKE = re.compile(r"\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2}")


def permissive_is_header(line: str) -> bool:
    """A date word, then something date-like, then a URL-like token: the scan the issue
    gives as the definition, written independently of the splitter."""
    m = _PERMISSIVE_START.match(line)
    if m is None:
        return False
    tokens = line[m.end() :].split()
    url_at = next((i for i, t in enumerate(tokens) if _URL_LIKE.match(t)), None)
    return url_at is not None and any(_DATE_LIKE.search(t) for t in tokens[:url_at])


def _decoded_lines(path: Path) -> list[str]:
    with TextInput(str(path)) as text:
        return list(text.lines())


@SETTINGS
@given(disguised_headers())
def test_every_disguised_header_is_a_header(line: str) -> None:
    assert permissive_is_header(line)
    assert parse_header(line) is not None


@SETTINGS
@given(header_lookalikes())
def test_no_lookalike_is_a_header(line: str) -> None:
    assert not permissive_is_header(line)
    assert parse_header(line) is None


@pytest.mark.slow
@SETTINGS
@given(disguised_dump_texts())
def test_records_found_equal_the_permissive_header_count(text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dump.txt"
        path.write_bytes(("\ufeff" + text).encode("utf-8"))
        lines = _decoded_lines(path)
        tally = Tally()
        for item in parse_paths([str(path)]):
            tally.add(item)
    permissive = sum(permissive_is_header(line) for line in lines)
    assert permissive == sum(parse_header(line) is not None for line in lines)
    assert tally.articles + tally.failed_records == permissive
    assert tally.fragments == 0


@pytest.mark.slow
@SETTINGS
@given(disguised_dump_texts())
def test_disguised_files_are_written_or_reported_and_never_merged(text: str) -> None:
    result = newsparse.loads(text.encode("utf-8"))
    headers = [line for line in text.split("\n") if permissive_is_header(line)]
    assert len(result) + len(result.failures) == len(headers)
    for article in result:
        assert isinstance(article, Article)
        assert not any(permissive_is_header(line) for line in article.body.split("\n"))


def test_fmt_keeps_a_record_whose_zone_it_cannot_read() -> None:
    from newsparse.formatter import format_text

    text = _record(" date 2026-01-02T10:00:00 AEST https://a.com/1")
    formatted = format_text(text)
    assert formatted.text == text.rstrip("\n") + "\n"
    assert [r.finding.code for r in formatted.reports] == ["NP112"]


@pytest.mark.parametrize(
    "date",
    [
        "2026-01-02 10:00 est",
        "2026-01-02 10:00 Uhr",
        "23 января 2026",
        "23 de enero de 2026",
        "2026-01-02 10:00 (UTC)",
        "2026-01-02 10:00 UTC+3",
        "2026-01-02T10:00:00 America/New_York",
    ],
)
def test_loads_header_with_an_unfamiliar_date_word_is_never_merged(date: str) -> None:
    # A year, then a URL: the permissive scan calls this a header, so the record is
    # written or reported, never swallowed into the body of the record before.
    text = _record(" date 2026-01-01 https://a.com/1") + _record(f" date {date} https://a.com/2", 2)
    result = newsparse.loads(text)
    assert result[0].body == "Body 1 goes on here."
    assert len(result) + len(result.failures) == 2


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("2026-01-02 10:00 UTC+3", "2026-01-02T10:00:00+03:00"),
        ("2026-01-02 10:00 GMT+0100", "2026-01-02T10:00:00+01:00"),
        ("2026-01-02 10:00 utc-05:00", "2026-01-02T10:00:00-05:00"),
        ("Jan 2, 2026 10:00 GMT +5:30", "2026-01-02T10:00:00+05:30"),
    ],
)
def test_read_date_utc_plus_offset_keeps_its_sign(written: str, iso: str) -> None:
    # dateutil reads "GMT+3" the POSIX way, as three hours WEST of UTC; news sites mean east.
    assert read_date(written).iso == iso
