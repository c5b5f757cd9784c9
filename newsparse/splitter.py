"""Numbered lines in; raw records out. A record starts at a header line, and only there."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass

from newsparse.errors import InputError
from newsparse.model import Failure, Finding, RawRecord
from newsparse.reader import DEFAULT_MAX_RECORD

_HEADER = re.compile(r"^[ \t]*date\b:?(?P<rest>.*)$", re.IGNORECASE)
_DATE_START = re.compile(
    r"^(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)"
    r"[a-z]*\b.*\d)",
    re.IGNORECASE,
)
# A token that can be part of a date: numbers, month and day names, AM/PM, zones.
_DATE_TOKEN = re.compile(
    r"^(?:[0-9][0-9:+\-./,TZ]*|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|"
    r"thu|fri|sat|sun)[a-z]*[.,]?|[ap]\.?m\.?|utc|gmt|[A-Z]{2,5}|[+-]\d{2}:?\d{2})$",
    re.IGNORECASE,
)
_URL_LIKE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:/|//|www\.)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Header:
    """The parts of a header line: the date text and the URL text, either may be missing."""

    date: str | None
    url: str | None


def parse_header(line: str) -> Header | None:
    """Read a header line, or return None when the line is not one.

    A header is optional spaces or tabs, ``date`` (any case, optionally with a
    colon), then a date and a URL. A line that starts with the word "date" is a
    header only if what follows starts like a date or ends with a URL, so that
    body text such as "Date night ideas" never starts a record.
    """
    if len(line) > 4096:
        return None
    m = _HEADER.match(line)
    if m is None:
        return None
    rest = m["rest"]
    if rest and not rest[0].isspace():
        return None
    tokens = rest.split()
    if not tokens:
        return None
    if _URL_LIKE.match(tokens[-1]) or (len(tokens) > 1 and not _DATE_TOKEN.match(tokens[-1])):
        # The last token is the URL: one that looks like a URL, or anything that
        # cannot be part of a date (` date 2026-01-23 not-a-url`).
        url: str | None = tokens[-1]
        date_tokens = tokens[:-1]
    else:
        url, date_tokens = None, tokens
    date = " ".join(date_tokens) if date_tokens else None
    if url is None or not _URL_LIKE.match(url):
        # With no URL-shaped token, only a line whose every other word can be part
        # of a date is a header: "Date 5 was chosen" stays body text.
        if date is None or not _DATE_START.match(date):
            return None
        if not all(_DATE_TOKEN.match(token) for token in date_tokens):
            return None
    return Header(date, url)


def split_records(
    lines: Iterable[str],
    path: str,
    *,
    max_record: int = DEFAULT_MAX_RECORD,
    overlong: Container[int] = (),
) -> Iterator[RawRecord | Fragment]:
    """Split a file's lines into raw records.

    Text before the first header cannot be placed in any record; it is yielded
    as a Fragment, to be reported rather than lost. A record larger than
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
    try:
        for number, line in enumerate(lines, 1):
            if line and line[0] in " \tdD" and parse_header(line) is not None:
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


@dataclass(frozen=True, slots=True)
class Fragment:
    """Text outside any record (before the first header), with where it starts."""

    path: str
    line: int
    lines: tuple[str, ...]
    complete: bool = True
    whole_file: bool = False

    def failure(self) -> Failure:
        """The report for this text: NP101 when the file has no header at all."""
        if self.whole_file:
            finding = Finding("NP101", "no header line: not a dump", self.path, self.line)
            return Failure(finding, "file")
        message = "text before the first header belongs to no record"
        return Failure(Finding("NP208", message, self.path, self.line), "fragment")
