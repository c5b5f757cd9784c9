"""Numbered lines in; raw records out. A record starts at a header line, and only there."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator
from typing import Final

from newsparse.codes import (
    EMPTY_FILE,
    NO_HEADER,
    TEXT_OUTSIDE_RECORD,
)
from newsparse.errors import InputError
from newsparse.model import Failure, Finding, RawRecord
from newsparse.reader import DEFAULT_MAX_RECORD

#: Characters that may stand before ``date`` without showing: every character that
#: str.isspace accepts (NBSP, ideographic and the other Unicode spaces) and the invisible
#: format characters that scrapers and ``cat`` leave there (soft hyphen, zero-width spaces
#: and joiners, LRM/RLM and other bidi controls, word joiner, BOM; Unicode category Cf as
#: it appears in text). A string for str.lstrip, not a regex class: compiling
#: ``[\s...]`` into the 64K-entry table its non-Latin-1 ranges need cost about 0.5 ms of
#: every start (1.9 million instructions), a twentieth of what newsparse's own imports
#: took then (benchmarks/README.md).
HEADER_PREFIX = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"  # str.isspace
    "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u206a\u206b\u206c\u206d"
    "\u206e\u206f\ufeff"  # invisible
)
#: The first character of every line that can be a header: the fast pre-check in
#: split_records, so that an ordinary body line costs one set lookup (the regex on every
#: line that starts with a non-ASCII letter cost 30% more time in the splitter).
HEADER_START = frozenset("dD" + HEADER_PREFIX)
# The date patterns below are strings, compiled on first use through re's own cache:
# the common header (a day, then the URL) never needs them, and compiling the three at
# import cost 0.55 ms of every start.
_DATE_START = (
    r"(?i)^(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)"
    r"[a-z]*\b.*\d)"
)
#: A date names a year: four digits, or a two-digit year in a d.m.yy / d/m/yy form. Without
#: it, "Date 2 of the tour" would pass for a date.
_DATE_YEAR = r"\d{4}|\b\d{1,2}[./-]\d{1,2}[./-]\d{2}\b"
_MONTHS_DAYS = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*[.,]?"
)
# A token that can be part of a date: numbers, month and day names, AM/PM, zone
# abbreviations (upper case as they are written: "in" and "of" are not zones), offsets.
_DATE_TOKEN = (
    rf"(?:[0-9][0-9:+\-./,TZ]*|(?i:{_MONTHS_DAYS})|(?i:[ap]\.?m\.?)|(?i:utc|gmt)|[A-Z]{{1,5}},?"
    r"|[+-]\d{2}:?\d{2}|at)"
)
# A file that holds no record and no text (empty, or blank lines only) is found here,
# and only here (codes.EMPTY_FILE): every command meets empty input through the splitter.

# ASCII case folding only: a scheme is ASCII, and Unicode folding (the Kelvin sign
# for k...) made this pattern 0.35 ms to compile at every start against 0.09.
_URL_LIKE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:[/\\]|//|www\.)", re.IGNORECASE | re.ASCII)


# Header and Fragment are plain classes, not frozen dataclasses: building one costs
# about half a millisecond of every start (see model.Finding). Immutable by convention.


class Header:
    """The parts of a header line: the date text and the URL text, either may be missing.

    ``url`` is the rest of the line after the date, as written (inner spaces kept).
    ``prefix`` holds what stood before ``date`` other than spaces and tabs: Unicode
    whitespace, invisible characters, a byte-order mark.
    """

    __slots__ = ("date", "prefix", "url")

    def __init__(self, date: str | None, url: str | None, prefix: str = "") -> None:
        self.date: Final = date
        self.url: Final = url
        self.prefix: Final = prefix

    def _key(self) -> tuple[str | None, str | None, str]:
        return (self.date, self.url, self.prefix)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Header):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Header(date={self.date!r}, url={self.url!r}, prefix={self.prefix!r})"


def _date_like(tokens: list[str]) -> bool:
    """Every token can be part of a date, the first starts like one, and it names a year."""
    if not tokens or not all(re.fullmatch(_DATE_TOKEN, token) for token in tokens):
        return False
    text = " ".join(tokens)
    return re.match(_DATE_START, text) is not None and re.search(_DATE_YEAR, text) is not None


def _date_ish(text: str) -> bool:
    """The text starts like a date and names a year, whatever its other words."""
    return re.match(_DATE_START, text) is not None and re.search(_DATE_YEAR, text) is not None


def parse_header(line: str) -> Header | None:
    """Read a header line, or return None when the line is not one.

    A header is optional whitespace or invisible characters, ``date`` (any case,
    optionally with a colon), then a date and a URL. The line is a header when:

    - a URL-shaped token (``scheme:/``, ``//``, ``www.``) follows a text that starts
      like a date and names a year (four digits, or d.m.yy), or follows
      at most one other word (``date yesterday https://...``, reported as a bad date),
      or directly follows ``date`` (a header without a date); the rest of the line from
      that token on is the URL, spaces and all;
    - or a date-like text ends the line (a header without a URL), or is followed by one
      single token that is not URL-shaped (a header whose URL is bad).

    Anything else ("Date night ideas", "Date 2 of the tour starts in Lyon.") is text.
    There is no length limit here: an over-long header is still a header, so that the
    parser reports it instead of the splitter merging it into the record before.
    """
    parts = _after_date(line)
    if parts is None:
        return None
    prefix, rest = parts
    tokens = rest.split()
    if not tokens:
        return None
    url_at = next((i for i, token in enumerate(tokens) if _URL_LIKE.match(token)), None)
    if url_at is not None:
        date_tokens = tokens[:url_at]
        # A text that starts like a date and names a year is enough: a header whose date
        # holds a word the token grammar lacks ("10:00 est", "23 января 2026") is
        # reported as a bad date, never merged silently into the record before.
        if url_at > 1 and not _date_ish(" ".join(date_tokens)):
            return None
        url: str | None = _rest_from(rest, tokens, url_at)
    else:
        count = 0
        while count < len(tokens) and re.fullmatch(_DATE_TOKEN, tokens[count]):
            count += 1
        if count < len(tokens) - 1:
            count = len(tokens) - 1  # several words after the date: never a URL
        date_tokens = tokens[:count]
        if not _date_like(date_tokens):
            return None
        url = tokens[count] if count < len(tokens) else None
    date = " ".join(date_tokens) if date_tokens else None
    if prefix and not prefix.isascii():  # keep only what is not a plain space or tab
        prefix = prefix.replace(" ", "").replace("\t", "")
    elif prefix:
        prefix = prefix.strip(" \t")  # ASCII: other controls such as \x0b stay, reported
    return Header(date, url, prefix)


def _after_date(line: str) -> tuple[str, str] | None:
    """(prefix, rest) of a line that starts ``date`` behind HEADER_PREFIX characters, in
    any case, then a colon (dropped) or whitespace (kept in the rest); else None."""
    rest = line.lstrip(HEADER_PREFIX)
    if rest[:4].lower() != "date":  # only ASCII D, A, T and E lower to these letters
        return None
    prefix = line[: len(line) - len(rest)]
    if rest[4:5] == ":":
        return prefix, rest[5:]
    if rest[4:5].isspace():  # str.isspace is exactly what a regex's \s matches
        return prefix, rest[4:]
    return None


def _rest_from(rest: str, tokens: list[str], index: int) -> str:
    """The text of ``rest`` from its token number ``index`` to its end, stripped."""
    pos = 0
    for token in tokens[:index]:
        pos = rest.index(token, pos) + len(token)
    return rest[rest.index(tokens[index], pos) :].strip()


def split_records(
    lines: Iterable[str],
    path: str,
    *,
    max_record: int = DEFAULT_MAX_RECORD,
    overlong: Container[int] = (),
) -> Iterator[RawRecord | Fragment | Finding]:
    """Split a file's lines into raw records.

    Text before the first header cannot be placed in any record; it is yielded
    as a Fragment, to be reported rather than lost. A file with no record and no
    text (empty, or only blank lines) yields one finding instead, EMPTY_FILE
    (a warning: there is nothing to lose, and nothing to parse). A record larger than
    ``max_record`` characters keeps its header but not its lines, and is marked
    ``too_large``, and so is a record holding a line listed in ``overlong`` (line
    numbers the reader skipped for being over the limit).
    """
    header: str | None = None
    header_line = 0
    body: list[str] = []
    preamble: list[str] = []
    preamble_size = 0
    preamble_line = 0
    size = 0
    too_large = False
    number = 0
    try:
        for number, line in enumerate(lines, 1):
            if line and line[0] in HEADER_START and parse_header(line) is not None:
                if header is not None:
                    yield RawRecord(path, header_line, header, tuple(body), too_large)
                elif preamble_size:
                    complete = preamble_size <= max_record
                    yield Fragment(path, preamble_line, tuple(preamble), complete)
                header, header_line, body, size, too_large = line, number, [], len(line), False
                continue
            if header is None:
                if line.strip() or preamble_size or number in overlong:
                    preamble_line = preamble_line or number
                    preamble_size += max_record + 1 if number in overlong else len(line) + 1
                    if preamble_size <= max_record:
                        preamble.append(line)
                continue
            if too_large:
                continue
            size += len(line) + 1
            if size > max_record or number in overlong:
                too_large = True
                body = []
                continue
            body.append(line)
    except InputError:
        # The input broke off part-way: the record being read is incomplete. Report
        # it as cut off rather than parse what is left of it.
        if header is not None:
            yield RawRecord(path, header_line, header, (), cut_off=True)
        raise
    if header is not None:
        yield RawRecord(path, header_line, header, tuple(body), too_large)
    elif preamble_size:
        yield Fragment(
            path, preamble_line, tuple(preamble), preamble_size <= max_record, whole_file=True
        )
    else:
        what = f"only blank lines ({number:,})" if number else "nothing"
        yield Finding(EMPTY_FILE, f"empty file: it holds {what}, no record", path, 1)


class Fragment:
    """Text outside any record (before the first header), with where it starts."""

    __slots__ = ("complete", "line", "lines", "path", "whole_file")

    def __init__(
        self,
        path: str,
        line: int,
        lines: tuple[str, ...],
        complete: bool = True,
        whole_file: bool = False,
    ) -> None:
        self.path: Final = path
        self.line: Final = line
        self.lines: Final = lines
        self.complete: Final = complete
        self.whole_file: Final = whole_file

    def _key(self) -> tuple[str, int, tuple[str, ...], bool, bool]:
        return (self.path, self.line, self.lines, self.complete, self.whole_file)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Fragment):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"Fragment(path={self.path!r}, line={self.line!r}, lines={self.lines!r}, "
            f"complete={self.complete!r}, whole_file={self.whole_file!r})"
        )

    def failure(self) -> Failure:
        """The report for this text: NP101 when the file has no header at all."""
        if self.whole_file:
            finding = Finding(NO_HEADER, "no header line: not a dump", self.path, self.line)
            return Failure(finding, "file")
        message = "text before the first header belongs to no record"
        return Failure(Finding(TEXT_OUTSIDE_RECORD, message, self.path, self.line), "fragment")
