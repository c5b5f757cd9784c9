"""The data model: raw records, paragraphs, clean articles and findings."""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from newsparse.codes.rule import Rule, Severity

__all__ = [
    "FINDING_KEYS", "Article", "Failure", "Finding", "Origin", "Paragraph", "RawRecord", "Scope",
    "Severity", "count_words",
]
Scope = Literal["file", "record", "fragment"]

# Chinese and Japanese are written without spaces between words; each ideograph or
# kana counts as one word (the convention word processors use). Korean puts spaces
# between words, so its words are counted by them.
_CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"


@functools.cache
def _cjk_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(one CJK character, a run of them), compiled on first use: a character class
    this wide takes milliseconds to compile, and ASCII text never needs it."""
    return re.compile(f"[{_CJK_RANGES}]"), re.compile(f"[{_CJK_RANGES}]+")


def count_words(text: str) -> int:
    """Count words: each CJK character is a word, and so is each run of other characters
    between whitespace and CJK characters ("Tower東京news" is four words)."""
    if text.isascii():
        return len(text.split())
    cjk_char, cjk_run = _cjk_patterns()
    if cjk_char.search(text) is None:  # twice as fast as searching with the run pattern
        return len(text.split())
    # Each run counts a word per character and separates words as a space would;
    # whole runs, not single characters, keep the number of objects made small.
    return sum(map(len, cjk_run.findall(text))) + len(cjk_run.sub(" ", text).split())


#: The keys of a finding in every machine-readable report, in order.
FINDING_KEYS = ("path", "line", "column", "code", "severity", "message")


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem found in the input, tied to a place in it: the rule it breaks (a
    constant of :mod:`newsparse.codes`), what exactly is wrong, and where."""

    rule: Rule
    message: str
    path: str
    line: int
    column: int = 1

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code} {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in FINDING_KEYS}


@dataclass(frozen=True, slots=True)
class Failure:
    """Input that could not be made into an article, and why.

    ``scope`` says what was lost: a whole ``file`` (unreadable, not a dump),
    one ``record`` (a header whose record cannot become an article), or a
    ``fragment`` (text outside any record).
    """

    finding: Finding
    scope: Scope

    def __str__(self) -> str:
        return str(self.finding)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record was read: the path as given (``-`` for stdin) and the header's line."""

    path: str
    line: int


class Paragraph(NamedTuple):
    """A block of raw text lines, with the line number it starts on.

    A named tuple, as it is internal and made for every paragraph of every record:
    one takes about a third of the time of a frozen dataclass to make (it also
    compares equal to a plain tuple, which nothing here relies on)."""

    line: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.lines)


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One record as split from a file: its header and its raw lines, before parsing."""

    path: str
    line: int
    header: str
    lines: tuple[str, ...]
    too_large: bool = False
    cut_off: bool = False

    @property
    def text(self) -> str:
        """The record exactly as read (decoded), header included."""
        return "\n".join((self.header, *self.lines))


@dataclass(frozen=True, slots=True)
class Article:
    """A clean, normalized article."""

    url: str
    original_url: str
    date: str
    headline: str
    lead: str | None
    images: tuple[str, ...]
    body: str
    origin: Origin
    findings: tuple[Finding, ...] = field(default=(), compare=False, repr=False)

    @property
    def id(self) -> str:
        """A stable id: the first 16 hex digits of the SHA-256 of the normalized URL."""
        return hashlib.sha256(self.url.encode("utf-8")).hexdigest()[:16]

    @property
    def source(self) -> str:
        from newsparse.normalize import source_of

        return source_of(self.url)

    @property
    def image(self) -> str | None:
        return self.images[0] if self.images else None

    @property
    def paragraphs(self) -> list[str]:
        return self.body.split("\n\n") if self.body else []

    @property
    def word_count(self) -> int:
        return count_words(self.body)

    def to_dict(self) -> dict[str, Any]:
        """The JSON record, with exactly the documented keys in the documented order."""
        return {
            "id": self.id,
            "url": self.url,
            "original_url": self.original_url,
            "source": self.source,
            "date": self.date,
            "headline": self.headline,
            "lead": self.lead,
            "image": self.image,
            "images": list(self.images),
            "body": self.body,
            "word_count": self.word_count,
            "origin": {"path": self.origin.path, "line": self.origin.line},
        }
