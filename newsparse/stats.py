"""Archive statistics: articles and failures in, one pass; an ArchiveStats with every count out.

Memory stays flat in the size of the articles: per article only the digests
``check`` keeps for its duplicate rules (three 8-byte integers); everything else
is a counter keyed by something small and bounded (a day, a host, a word
count, a code). Rendering is elsewhere (:mod:`newsparse.stats_report`).

Definitions (the documented meaning of each number):

- ``records = articles + failed_records``; ``articles`` counts every article
  parsed, ``selected`` those a selection (``--since``...) kept, and every other
  number about articles is about the selected ones.
- ``distinct_urls`` counts normalized URLs; ``duplicate_urls = selected -
  distinct_urls`` (what ``--unique url`` would drop). ``duplicate_bodies`` counts
  articles whose non-blank body came before (what ``--unique body`` would drop).
- Periods are UTC days: a timestamp with a zone is converted to UTC, one
  without is taken as UTC, a day alone is that day (as in ``--since``).
- Word-count percentiles are nearest-rank: ``p10`` is the smallest count with at
  least 10% of articles at or below it; the median is ``p50``.
- ``findings`` counts what ``check --statistics`` counts with its default rules:
  failures, file findings, article findings, empty files (NP113) and the
  archive-wide duplicates (NP501, NP502). With a selection, everything read is
  still counted, but NP501 and NP502 are about the selected articles only.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsparse import codes
from newsparse.model import Article, Failure, Finding
from newsparse.pipeline import DEFAULT, Options, parse_input
from newsparse.reader import display_path
from newsparse.walk import iter_paths

if TYPE_CHECKING:
    from newsparse.filters import Selection

#: Version of the JSON document (``stats --format json``); raised on any change of shape.
JSON_VERSION = 1
UNITS = ("day", "month", "year")
#: Upper bounds of the word-count histogram's bins; the last bin is open-ended.
WORD_BINS = (0, 99, 199, 299, 499, 999, 1999, 4999)


def utc_day(date: str) -> str | None:
    """The UTC day (``YYYY-MM-DD``) of an article's ``date``; None if it is not ISO."""
    if len(date) == 10:
        return date
    try:
        stamp = _dt.datetime.fromisoformat(date)
    except ValueError:
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(_dt.timezone.utc)
    return stamp.date().isoformat()


def period(day: str, unit: str) -> str:
    """``2026-01-23`` by ``day``, ``2026-01`` by ``month``, ``2026`` by ``year``."""
    return day if unit == "day" else day[:7] if unit == "month" else day[:4]


def periods_between(first: str, last: str, unit: str) -> Iterator[str]:
    """Every period from ``first`` to ``last`` (both periods of ``unit``), gaps included."""
    if unit == "year":
        yield from (f"{year:04d}" for year in range(int(first), int(last) + 1))
    elif unit == "month":
        year, month = int(first[:4]), int(first[5:7])
        while f"{year:04d}-{month:02d}" <= last:
            yield f"{year:04d}-{month:02d}"
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        day, end = _dt.date.fromisoformat(first), _dt.date.fromisoformat(last)
        while day <= end:
            yield day.isoformat()
            day += _dt.timedelta(days=1)


def percentile(counts: Counter[int], share: float) -> int | None:
    """The nearest-rank percentile of the values counted in ``counts`` (value -> how many)."""
    total = sum(counts.values())
    if not total:
        return None
    rank = max(1, math.ceil(share * total))
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if seen >= rank:
            return value
    raise AssertionError("unreachable: rank <= total")


@dataclass(slots=True)
class ArchiveStats:
    """Every count of one pass over an archive (see the module docstring for meanings)."""

    files: int = 0
    articles: int = 0
    failed_records: int = 0
    failed_files: int = 0
    fragments: int = 0
    filtered: int = 0
    left_out_duplicates: int = 0
    selected: int = 0
    distinct_urls: int = 0
    duplicate_bodies: int = 0
    with_lead: int = 0
    with_image: int = 0
    undated: int = 0
    per_day: Counter[str] = field(default_factory=Counter)
    per_source: Counter[str] = field(default_factory=Counter)
    word_counts: Counter[int] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)
    #: every finding fails the run (--strict), not only a file that cannot be read
    strict: bool = False

    @property
    def records(self) -> int:
        return self.articles + self.failed_records

    @property
    def duplicate_urls(self) -> int:
        return self.selected - self.distinct_urls

    @property
    def first_day(self) -> str | None:
        return min(self.per_day) if self.per_day else None

    @property
    def last_day(self) -> str | None:
        return max(self.per_day) if self.per_day else None

    def per(self, unit: str) -> Counter[str]:
        """Articles per ``day``, ``month`` or ``year`` (periods with none are absent)."""
        if unit == "day":
            return Counter(self.per_day)
        result: Counter[str] = Counter()
        for day, count in self.per_day.items():
            result[period(day, unit)] += count
        return result

    def series(self, unit: str) -> list[tuple[str, int]]:
        """Every period from the first to the last, with its count (0 for a gap)."""
        counts = self.per(unit)
        if not counts:
            return []
        return [(p, counts[p]) for p in periods_between(min(counts), max(counts), unit)]

    def word_summary(self) -> dict[str, int | None]:
        counts = self.word_counts
        return {
            "min": min(counts) if counts else None,
            "p10": percentile(counts, 0.10),
            "median": percentile(counts, 0.50),
            "p90": percentile(counts, 0.90),
            "max": max(counts) if counts else None,
        }

    def word_histogram(self) -> list[tuple[int, int | None, int]]:
        """(from, to, articles) per bin of WORD_BINS; ``to`` None for the last, open bin."""
        bins: list[tuple[int, int | None, int]] = []
        low = 0
        for high in (*WORD_BINS, None):
            count = sum(
                n
                for words, n in self.word_counts.items()
                if words >= low and (high is None or words <= high)
            )
            bins.append((low, high, count))
            if high is not None:
                low = high + 1
        return bins

    def summary(self) -> str:
        """``45 files, 1,354 records: 1,300 articles, 54 failed; 2 files failed``."""
        from newsparse.tally import plural

        text = (
            f"{plural(self.files, 'file')}, {plural(self.records, 'record')}: "
            f"{plural(self.articles, 'article')}, {self.failed_records:,} failed"
        )
        if self.failed_files:
            text += f"; {plural(self.failed_files, 'file')} failed"
        return text

    @property
    def exit_code(self) -> int:
        """1 when a file could not be read as a dump (it was reported on stderr), else 0:
        records that fail are what the report counts, not a reason to fail, unless
        ``strict``: then any finding fails the run, as in every command."""
        return 1 if self.failed_files or (self.strict and any(self.findings.values())) else 0

    def to_json(self) -> dict[str, Any]:
        """The whole result as plain JSON values (the documented ``--format json`` shape)."""
        from newsparse.codes import RULES

        selected = self.selected
        words = self.word_summary()
        return {
            "version": JSON_VERSION,
            "totals": {
                "files": self.files,
                "records": self.records,
                "articles": self.articles,
                "failed_records": self.failed_records,
                "failed_files": self.failed_files,
                "fragments": self.fragments,
                "filtered": self.filtered,
                "left_out_duplicates": self.left_out_duplicates,
                "selected": selected,
                "distinct_urls": self.distinct_urls,
                "duplicate_urls": self.duplicate_urls,
                "duplicate_bodies": self.duplicate_bodies,
                "first_day": self.first_day,
                "last_day": self.last_day,
                "undated": self.undated,
                "with_lead": self.with_lead,
                "with_image": self.with_image,
                "lead_share": round(self.with_lead / selected, 4) if selected else None,
                "image_share": round(self.with_image / selected, 4) if selected else None,
            },
            "per_day": dict(sorted(self.per_day.items())),
            "per_month": dict(sorted(self.per("month").items())),
            "per_year": dict(sorted(self.per("year").items())),
            "sources": dict(_ranked(self.per_source)),
            "word_counts": {
                **words,
                "histogram": [
                    {"from": low, "to": high, "articles": n}
                    for low, high, n in self.word_histogram()
                ],
            },
            "findings": [
                {
                    "code": code,
                    "name": RULES[code].name,
                    "severity": RULES[code].severity,
                    "count": count,
                }
                for code, count in _ranked(self.findings)
            ],
        }


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    """Most first; ties by name, so that the order is stable."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


class StatsCollector:
    """Takes a parse stream one file at a time; ``result()`` at the end."""

    def __init__(self, selection: Selection | None = None) -> None:
        from newsparse.check.archive import DuplicateIndex

        self.stats = ArchiveStats()
        self._index = DuplicateIndex()
        self._verdict: Callable[[Article], str | None] | None = None
        if selection is not None and selection.active:
            from newsparse.filters import ArticleFilter

            self._verdict = ArticleFilter(selection).verdict

    def add_failure(self, failure: Failure) -> None:
        """A failure that is not part of a file's stream (an unreadable path)."""
        self._failure(failure)

    def add_file(self, items: Iterable[Article | Failure | Finding], path: str) -> int:
        """Count one file's parse stream; return how many articles it held."""
        stats = self.stats
        stats.files += 1
        articles = 0
        for item in items:
            if isinstance(item, Article):
                articles += 1
                self._article(item, path)
            elif isinstance(item, Failure):
                self._failure(item)
            else:  # a file finding, the empty file's included (as check reports it)
                stats.findings[item.code] += 1
        return articles

    def _failure(self, failure: Failure) -> None:
        stats = self.stats
        stats.findings[failure.finding.code] += 1
        if failure.scope == "record":
            stats.failed_records += 1
        elif failure.scope == "file":
            stats.failed_files += 1
        else:
            stats.fragments += 1

    def _article(self, article: Article, path: str) -> None:
        stats = self.stats
        stats.articles += 1
        for finding in article.findings:  # found whether or not it is selected, as in check
            stats.findings[finding.code] += 1
        if self._verdict is not None:
            verdict = self._verdict(article)
            if verdict == "duplicate":
                stats.left_out_duplicates += 1
                return
            if verdict is not None:
                stats.filtered += 1
                return
        stats.selected += 1
        self._index.add(article, path)
        day = utc_day(article.date)
        if day is None:
            stats.undated += 1
        else:
            stats.per_day[day] += 1
        stats.per_source[article.source] += 1
        stats.word_counts[article.word_count] += 1
        stats.with_lead += article.lead is not None
        stats.with_image += bool(article.images)

    def result(self) -> ArchiveStats:
        stats = self.stats
        index = self._index
        stats.distinct_urls = index.distinct_urls
        stats.duplicate_bodies = index.nonblank_bodies() - index.distinct_bodies()
        for code, count in index.counts().items():
            if count:
                stats.findings[code] = count
        return stats


def collect(
    paths: Iterable[str],
    options: Options = DEFAULT,
    *,
    exclude: Iterable[str] = (),
    include: Iterable[str] = (),
    selection: Selection | None = None,
    on_file: Callable[[int], None] | None = None,
    on_unreadable: Callable[[Failure], None] | None = None,
    on_empty: Callable[[Finding], None] | None = None,
) -> ArchiveStats:
    """Read files, folders and ``-`` once and count everything. ``on_file(articles)`` is
    called after each file (for a progress bar); ``on_unreadable(failure)`` for each path
    that cannot be read at all (a folder that cannot be listed, a binary file), and
    ``on_empty(finding)`` for each file that holds nothing (codes.EMPTY_FILE)."""
    collector = StatsCollector(selection)

    def said(items: Iterable[Article | Failure | Finding]) -> Iterator[Article | Failure | Finding]:
        """The items, with the file that cannot be read as a dump (binary, corrupt) and
        the file that holds nothing said as they pass."""
        for item in items:
            if on_empty is not None and isinstance(item, Finding) and item.rule is codes.EMPTY_FILE:
                on_empty(item)
            elif on_unreadable is not None and isinstance(item, Failure) and item.scope == "file":
                on_unreadable(item)
            yield item

    for path in iter_paths(paths, exclude=exclude, include=include):
        if isinstance(path, Failure):
            collector.add_failure(path)
            if on_unreadable is not None:
                on_unreadable(path)
            continue
        articles = collector.add_file(said(parse_input(path, options)), display_path(path))
        if on_file is not None:
            on_file(articles)
    return collector.result()
