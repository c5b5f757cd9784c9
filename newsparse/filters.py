"""Selecting articles: by date, by source host, and one article per URL or per body.

Articles in, one at a time; out, for each, whether the selection keeps it, and if
not, why (``"filtered"`` by date or source, or a ``"duplicate"``). The rules:

- ``since`` and ``until`` are inclusive bounds, each a day (``2026-01-23``) or a
  full timestamp (``2026-01-23T12:00:00+02:00``). Everything is compared in UTC: a
  timestamp with a zone is converted, one without a zone (in the bound or in the
  article) is taken as UTC. A day as ``until`` runs to the end of that day.
- An article dated by a day alone (no time) stands for that whole day, in UTC: it
  is kept when its day meets the range, so ``--since 2026-01-23T18:00`` keeps an
  article dated ``2026-01-23``.
- ``sources`` are hosts; each matches itself and its subdomains (``bbc.co.uk``
  matches ``news.bbc.co.uk``, not ``notbbc.co.uk``). ``www.`` is ignored on both
  sides, as in the ``source`` field.
- ``unique`` keeps the first article for each normalized URL (``url``) or for each
  body (``body``; blank bodies are never duplicates), among the articles the
  other filters kept. Only 8-byte digests are kept (the ones ``check`` uses for
  NP501 and NP502), so memory grows by a few dozen bytes per distinct article.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from newsparse.errors import NewsparseError

if TYPE_CHECKING:
    from newsparse.model import Article

Unique = Literal["url", "body"]
Verdict = Literal["filtered", "duplicate"]

_UTC = _dt.timezone.utc
_DAY = _dt.timedelta(days=1)


class BoundError(NewsparseError, ValueError):
    """A --since or --until value that is neither a day nor a timestamp."""


@dataclass(frozen=True, slots=True)
class Bound:
    """An instant in UTC, and whether the text was a day alone."""

    instant: _dt.datetime
    day_only: bool


def parse_bound(text: str) -> Bound:
    """``2026-01-23`` (a day) or an ISO 8601 timestamp (``Z`` or an offset, or neither)."""
    value = text.strip()
    try:
        if len(value) == 10:
            day = _dt.date.fromisoformat(value)
            return Bound(_dt.datetime(day.year, day.month, day.day, tzinfo=_UTC), True)
        stamp = _dt.datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise BoundError(
            f"{text!r} is not a date (2026-01-23) or a timestamp (2026-01-23T12:00:00+02:00)"
        ) from None
    return Bound(_as_utc(stamp), False)


def _as_utc(stamp: _dt.datetime) -> _dt.datetime:
    return stamp.replace(tzinfo=_UTC) if stamp.tzinfo is None else stamp.astimezone(_UTC)


def article_span(date: str) -> tuple[_dt.datetime, _dt.datetime]:
    """The instants an article's ``date`` covers, as [start, end) in UTC: a whole day for
    a day alone, a single instant (end = start) for a timestamp."""
    if len(date) == 10:
        day = _dt.date.fromisoformat(date)
        start = _dt.datetime(day.year, day.month, day.day, tzinfo=_UTC)
        return start, start + _DAY
    stamp = _as_utc(_dt.datetime.fromisoformat(date))
    return stamp, stamp


def normalize_host(host: str) -> str:
    """A host as given on the command line, made comparable with ``Article.source``."""
    from urllib.parse import urlsplit

    host = host.strip()
    if "//" in host:
        host = urlsplit(host).hostname or ""
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


@dataclass(frozen=True, slots=True)
class Selection:
    """What to keep. The default keeps everything."""

    since: Bound | None = None
    until: Bound | None = None
    sources: tuple[str, ...] = ()
    unique: Unique | None = None

    @property
    def active(self) -> bool:
        return bool(self.since or self.until or self.sources or self.unique)


class ArticleFilter:
    """Applies a Selection to a stream of articles, in order (``unique`` keeps the first)."""

    def __init__(self, selection: Selection) -> None:
        from newsparse.check.archive import body_key, url_key

        self.selection = selection
        self.filtered = 0
        self.duplicates = 0
        self._low = selection.since.instant if selection.since else None
        until = selection.until
        # A day as --until runs to the end of that day: the bound becomes exclusive.
        self._high = (
            None if until is None else (until.instant + _DAY if until.day_only else until.instant)
        )
        self._high_inclusive = until is not None and not until.day_only
        self._hosts = tuple(normalize_host(h) for h in selection.sources)
        self._key = (
            None
            if selection.unique is None
            else (
                (lambda article: url_key(article.url))
                if selection.unique == "url"
                else (lambda article: body_key(article.body))
            )
        )
        self._seen: set[int] = set()

    def verdict(self, article: Article) -> Verdict | None:
        """None to keep the article; otherwise why it is left out (and it is counted)."""
        if (self._low is not None or self._high is not None) and not self._in_range(article):
            self.filtered += 1
            return "filtered"
        if self._hosts and not self._from_source(article.source):
            self.filtered += 1
            return "filtered"
        if self._key is not None:
            key = self._key(article)
            if key:  # 0: a blank body, never a duplicate
                if key in self._seen:
                    self.duplicates += 1
                    return "duplicate"
                self._seen.add(key)
        return None

    def keep(self, article: Article) -> bool:
        return self.verdict(article) is None

    def _in_range(self, article: Article) -> bool:
        try:
            start, end = article_span(article.date)
        except ValueError:  # not ISO: cannot be placed in time, so not in any range
            return False
        whole_day = end != start
        if self._low is not None and (end <= self._low if whole_day else start < self._low):
            return False
        high = self._high
        if high is None:
            return True
        return start <= high if self._high_inclusive else start < high

    def _from_source(self, source: str) -> bool:
        source = source.lower()
        source = source[4:] if source.startswith("www.") else source
        return any(source == host or source.endswith("." + host) for host in self._hosts)
