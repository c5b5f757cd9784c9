"""A header's date text in; an ISO 8601 date out, with notes on what could not be kept.

Pure functions. ISO dates take a fast path; other forms go through dateutil,
imported only for them. Also the date a URL's path holds, to compare with.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import NamedTuple

from newsparse import codes
from newsparse.errors import NewsparseError
from newsparse.urls import path_of

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# Every other pattern here is a string, compiled on first use through re's own cache:
# most headers give a day alone (85% in the generated corpus), and compiling these eight
# at import cost 0.5 ms of every start.
_ISO_TIME = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}"
_YMD_SLASH = r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$"
_DMY_DOT = r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"
_HAS_TIME = r"\d{1,2}:\d{2}"


class DateError(NewsparseError, ValueError):
    """A date that cannot be read; ``impossible`` when it parses but cannot exist."""

    def __init__(self, message: str, *, impossible: bool = False) -> None:
        super().__init__(message)
        self.impossible = impossible


#: Zone abbreviations read as fixed offsets, in seconds. An abbreviation names an offset
#: only by convention, and some are ambiguous; newsparse takes the reading news sites use
#: most: CST is US Central (not China), IST is India (not Ireland or Israel), BST is
#: British Summer Time. Any other abbreviation is reported (NP112), never dropped silently.
ZONE_ABBREVIATIONS: dict[str, int] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "UT": 0,
    "EST": -5 * 3600,
    "EDT": -4 * 3600,
    "CST": -6 * 3600,
    "CDT": -5 * 3600,
    "MST": -7 * 3600,
    "MDT": -6 * 3600,
    "PST": -8 * 3600,
    "PDT": -7 * 3600,
    "CET": 3600,
    "CEST": 2 * 3600,
    "BST": 3600,
    "MSK": 3 * 3600,
    "IST": 5 * 3600 + 1800,
    "JST": 9 * 3600,
}
# A UTC offset as written right after a time: 10:00+01:00, 10:00:00.5 -0500, 10:00+01.
_OFFSET = r"\d:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?P<sign>[+-])(\d{2}):?(\d{2})?(?::?(\d{2}))?$"
# Seconds with a fraction longer than datetime's microseconds (nanoseconds: 9 digits).
_LONG_FRACTION = r"(\d{2}:\d{2}:\d{2})[.,](\d{7,})"
_ISO_FRACTION = r"(T\d{2}:\d{2}:\d{2})(?:\.\d{1,6})?"
# "UTC+3" / "GMT+0100" as news sites write them: dateutil reads the POSIX way (3 hours
# west, -03:00); dropping the zone word leaves "+3", which it reads as +03:00.
_UTC_PLUS = r"(?i)\b(?:UTC|GMT|UT)\s*(?=[+-]\d)"


class DateReading(NamedTuple):
    """A header date read: its ISO 8601 form, and what the reading had to say about it
    (``(code, message)`` pairs, such as an unknown zone abbreviation)."""

    iso: str
    notes: tuple[tuple[codes.Rule, str], ...] = ()


def parse_date(text: str) -> str:
    """Turn a header date into ISO 8601 (see :func:`read_date`); raises DateError."""
    return read_date(text).iso


def read_date(text: str) -> DateReading:
    """Turn a header date into ISO 8601, with notes about what could not be kept.

    A date alone gives ``YYYY-MM-DD``; a date with a time gives the full timestamp,
    with its UTC offset when one was given (a zone is never dropped silently or
    invented). Zone abbreviations in ZONE_ABBREVIATIONS become their offsets; another
    one is left out with a note. Fractions of a second are kept as written, nanoseconds
    included. Raises DateError: NP104 when the text is not a date, NP105 (impossible)
    when it names a day, time or offset that cannot exist.
    """
    text = text.strip()
    if m := _ISO_DAY.match(text):
        return DateReading(_day(int(m[1]), int(m[2]), int(m[3]), text))
    if m := re.match(_YMD_SLASH, text):
        return DateReading(_day(int(m[1]), int(m[2]), int(m[3]), text))
    if m := re.match(_DMY_DOT, text):
        return DateReading(_day(int(m[3]), int(m[2]), int(m[1]), text))
    text = re.sub(_UTC_PLUS, "", text)
    _check_offset(text)
    fraction = None
    if (long := re.search(_LONG_FRACTION, text)) is not None:
        # datetime holds microseconds: parse with six digits, then put every digit back.
        fraction = long[2]
        text = text[: long.start(2)] + fraction[:6] + text[long.end(2) :]
    reading = _read_stamp(text)
    if fraction is not None and "T" in reading.iso:
        iso = re.sub(_ISO_FRACTION, lambda m: f"{m[1]}.{fraction}", reading.iso, count=1)
        reading = reading._replace(iso=iso)
    return reading


def _read_stamp(text: str) -> DateReading:
    if re.match(_ISO_TIME, text):
        try:
            stamp = _dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            pass
        else:
            return DateReading(stamp.isoformat())
    return _parse_with_dateutil(text)


def _check_offset(text: str) -> None:
    """Raise DateError for a UTC offset of 24 hours or more (datetime cannot hold one,
    and no zone on Earth is further than 14 hours from UTC)."""
    m = re.search(_OFFSET, text)
    if m is None:
        return
    hours, minutes, seconds = int(m[2]), int(m[3] or 0), int(m[4] or 0)
    if hours >= 24 or minutes >= 60 or seconds >= 60:
        raise DateError(
            f"date {text!r} has a UTC offset that cannot exist ({text[m.start('sign') :]}: "
            "an offset must be under 24 hours)",
            impossible=True,
        )


def _day(year: int, month: int, day: int, text: str) -> str:
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError as exc:
        raise DateError(f"date {text!r} cannot exist: {exc}", impossible=True) from None


def _parse_with_dateutil(text: str) -> DateReading:
    import warnings

    from dateutil import parser as du

    # Two different defaults: if they give different results, the text left a part out.
    first = _dt.datetime(2001, 1, 1)
    second = _dt.datetime(2002, 2, 2)
    try:
        # dateutil warns (UnknownTimezoneWarning) about a zone name it cannot read and
        # drops it; the warning is caught here and becomes a note, never stderr output.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            a = du.parse(text, default=first, tzinfos=ZONE_ABBREVIATIONS)
            b = du.parse(text, default=second, tzinfos=ZONE_ABBREVIATIONS)
            iso = a.isoformat() if re.search(_HAS_TIME, text) else a.date().isoformat()
    except du.ParserError as exc:
        if "out of range" in str(exc) or "must be in" in str(exc):
            raise DateError(f"date {text!r} cannot exist", impossible=True) from None
        raise DateError(f"cannot parse date {text!r}") from None
    except (OverflowError, ValueError) as exc:
        if "offset" in str(exc):
            raise DateError(
                f"date {text!r} has a UTC offset that cannot exist", impossible=True
            ) from None
        raise DateError(f"cannot parse date {text!r}") from None
    if (a.year, a.month, a.day) != (b.year, b.month, b.day):
        raise DateError(f"date {text!r} is incomplete (needs a year, month and day)")
    notes: list[tuple[codes.Rule, str]] = []
    for warning in caught:
        if issubclass(warning.category, du.UnknownTimezoneWarning):
            zone = re.search(r"tzname (\S+)", str(warning.message))
            name = zone[1] if zone else "?"
            notes.append(
                (
                    codes.DATE_ZONE_UNKNOWN,
                    f"zone abbreviation {name!r} in date "
                    f"{text!r} is not known; the time is kept without a UTC offset",
                )
            )
    return DateReading(iso, tuple(dict.fromkeys(notes)))  # both parses warn: report once


_URL_DAY = re.compile(
    r"/((?:19|20)\d{2})[-/]?(0[1-9]|1[0-2])[-/]?(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)"
)


def url_date(url: str) -> str | None:
    """The publication day a URL path gives (``/20260123/``, ``/2026/01/23/``), if any."""
    m = _URL_DAY.search(path_of(url))
    if not m:
        return None
    try:
        return _dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None
