"""The data model: raw records, paragraphs, clean articles and findings."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, Final, Literal, NamedTuple

from newsparse.codes.rule import Rule
from newsparse.codes.rule import Severity as Severity  # where model's users look for it

Scope = Literal["file", "record", "fragment"]

# Chinese and Japanese are written without spaces between words; each ideograph or
# kana counts as one word (the convention word processors use). Korean puts spaces
# between words, so its words are counted by them.
_CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"


@functools.cache
def _cjk_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(one CJK character, a run of them, any character from the first CJK block on),
    compiled on first use: a character class this wide takes milliseconds to compile,
    and ASCII text never needs it."""
    return (
        re.compile(f"[{_CJK_RANGES}]"),
        re.compile(f"[{_CJK_RANGES}]+"),
        re.compile("[\u3040-\U0002fa1f]"),
    )


def count_words(text: str) -> int:
    """Count words: each CJK character is a word, and so is each run of other characters
    between whitespace and CJK characters ("Tower東京news" is four words)."""
    if text.isascii():
        return len(text.split())
    cjk_char, cjk_run, _ = _cjk_patterns()
    if cjk_char.search(text) is None:  # twice as fast as searching with the run pattern
        return len(text.split())
    # Each run counts a word per character and separates words as a space would;
    # whole runs, not single characters, keep the number of objects made small.
    return sum(map(len, cjk_run.findall(text))) + len(cjk_run.sub(" ", text).split())


@functools.cache
def _sha256() -> Callable[[bytes], Any]:
    """SHA-256 from CPython's own module when there is one: hashlib loads OpenSSL,
    about 2 ms of every start, for a hash of a few dozen bytes per article."""
    from importlib import import_module

    for name in ("_sha256", "_sha2"):  # Python 3.10-3.11; 3.12 and later
        try:
            sha256: Callable[[bytes], Any] = import_module(name).sha256
            return sha256
        except (ImportError, AttributeError):
            continue
    from hashlib import sha256 as openssl_sha256

    return openssl_sha256


def count_clean_words(paragraphs: tuple[str, ...] | list[str], text: str) -> int:
    """``count_words(text)`` for ``text = "\n\n".join(paragraphs)``, without splitting it.

    The paragraphs must be clean, as the parser's are (normalize.clean_text collapses
    every run of whitespace to one space and drops empty paragraphs): each is non-empty,
    with no whitespace but single spaces between words. Then, but for CJK characters,
    its words are its spaces plus one, and one scan for CJK finds the text needs no more.
    """
    if not text.isascii():
        cjk_char, _, from_cjk = _cjk_patterns()
        # One range is searched in two thirds of the time of the five CJK ranges (6 against
        # 10 us for 3,600 characters of Cyrillic); only text it finds (Hangul, emoji, CJK)
        # is searched for CJK.
        beyond = from_cjk.search(text)
        if beyond is not None and cjk_char.search(text, beyond.start()) is not None:
            return count_words(text)
    return text.count(" ") + len(paragraphs)


#: The keys of a finding in every machine-readable report, in order.
FINDING_KEYS = ("path", "line", "column", "code", "severity", "message")


# The model's classes are plain classes, not frozen dataclasses: each dataclass costs
# about half a millisecond of every start to build (0.9 ms for Article), and all of
# them are built on every run. They are immutable by convention (Final) and compare,
# hash, print and pickle by value, as the dataclasses did. They pickle by calling their
# constructor (__reduce__): compiled by mypyc, they cannot be unpickled attribute by
# attribute, and parse -j sends findings, failures and articles between processes.


class Finding:
    """A problem found in the input, tied to a place in it: the rule it breaks (a
    constant of :mod:`newsparse.codes`), what exactly is wrong, and where."""

    __slots__ = ("column", "line", "message", "path", "rule")

    #: ``column``: 1 is the line as a whole (no column is meant); text reports show others

    def __init__(self, rule: Rule, message: str, path: str, line: int, column: int = 1) -> None:
        self.rule: Final = rule
        self.message: Final = message
        self.path: Final = path
        self.line: Final = line
        self.column: Final = column

    def _key(self) -> tuple[Rule, str, str, int, int]:
        return (self.rule, self.message, self.path, self.line, self.column)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Finding):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"Finding(rule={self.rule!r}, message={self.message!r}, path={self.path!r}, "
            f"line={self.line!r}, column={self.column!r})"
        )

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

    def __reduce__(self) -> tuple[type[Finding], tuple[Rule, str, str, int, int]]:
        return (Finding, self._key())


class Failure:
    """Input that could not be made into an article, and why.

    ``scope`` says what was lost: a whole ``file`` (unreadable, not a dump),
    one ``record`` (a header whose record cannot become an article), or a
    ``fragment`` (text outside any record).
    """

    __slots__ = ("finding", "scope")

    def __init__(self, finding: Finding, scope: Scope) -> None:
        self.finding: Final = finding
        self.scope: Final = scope

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Failure):
            return NotImplemented
        return (self.finding, self.scope) == (other.finding, other.scope)

    def __hash__(self) -> int:
        return hash((self.finding, self.scope))

    def __repr__(self) -> str:
        return f"Failure(finding={self.finding!r}, scope={self.scope!r})"

    def __str__(self) -> str:
        return str(self.finding)

    def __reduce__(self) -> tuple[type[Failure], tuple[Finding, Scope]]:
        return (Failure, (self.finding, self.scope))


class Origin:
    """Where a record was read: the path as given (``-`` for stdin) and the header's line."""

    __slots__ = ("line", "path")

    def __init__(self, path: str, line: int) -> None:
        self.path: Final = path
        self.line: Final = line

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Origin):
            return NotImplemented
        return (self.path, self.line) == (other.path, other.line)

    def __hash__(self) -> int:
        return hash((self.path, self.line))

    def __repr__(self) -> str:
        return f"Origin(path={self.path!r}, line={self.line!r})"

    def __reduce__(self) -> tuple[type[Origin], tuple[str, int]]:
        return (Origin, (self.path, self.line))


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


class RawRecord:
    """One record as split from a file: its header and its raw lines, before parsing."""

    __slots__ = ("cut_off", "header", "line", "lines", "path", "too_large")

    def __init__(
        self,
        path: str,
        line: int,
        header: str,
        lines: tuple[str, ...],
        too_large: bool = False,
        cut_off: bool = False,
    ) -> None:
        self.path: Final = path
        self.line: Final = line
        self.header: Final = header
        self.lines: Final = lines
        self.too_large: Final = too_large
        self.cut_off: Final = cut_off

    def _key(self) -> tuple[str, int, str, tuple[str, ...], bool, bool]:
        return (self.path, self.line, self.header, self.lines, self.too_large, self.cut_off)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RawRecord):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"RawRecord(path={self.path!r}, line={self.line!r}, header={self.header!r}, "
            f"lines={self.lines!r}, too_large={self.too_large!r}, cut_off={self.cut_off!r})"
        )

    def __reduce__(
        self,
    ) -> tuple[type[RawRecord], tuple[str, int, str, tuple[str, ...], bool, bool]]:
        return (RawRecord, self._key())

    @property
    def text(self) -> str:
        """The record exactly as read (decoded), header included."""
        return "\n".join((self.header, *self.lines))


class Article:
    """A clean, normalized article.

    Equality, hashing and repr cover the eight fields that make the article; the
    ``findings`` about it and ``counted_words`` (a cache) do not take part."""

    __slots__ = (
        "body",
        "counted_words",
        "date",
        "findings",
        "headline",
        "images",
        "lead",
        "origin",
        "original_url",
        "url",
    )

    def __init__(
        self,
        url: str,
        original_url: str,
        date: str,
        headline: str,
        lead: str | None,
        images: tuple[str, ...],
        body: str,
        origin: Origin,
        findings: tuple[Finding, ...] = (),
        counted_words: int | None = None,
    ) -> None:
        self.url: Final = url
        self.original_url: Final = original_url
        self.date: Final = date
        self.headline: Final = headline
        self.lead: Final = lead
        self.images: Final = images
        self.body: Final = body
        self.origin: Final = origin
        self.findings: Final = findings
        #: The words of ``body``, when whoever made the article counted them (the parser
        #: does, from its clean paragraphs); None to count them from ``body`` when asked.
        self.counted_words: Final = counted_words

    def _key(
        self,
    ) -> tuple[str, str, str, str, str | None, tuple[str, ...], str, Origin]:
        return (
            self.url,
            self.original_url,
            self.date,
            self.headline,
            self.lead,
            self.images,
            self.body,
            self.origin,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Article):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"Article(url={self.url!r}, original_url={self.original_url!r}, "
            f"date={self.date!r}, headline={self.headline!r}, lead={self.lead!r}, "
            f"images={self.images!r}, body={self.body!r}, origin={self.origin!r})"
        )

    def __reduce__(self) -> tuple[type[Article], tuple[Any, ...]]:
        return (Article, (*self._key(), self.findings, self.counted_words))

    @property
    def id(self) -> str:
        """A stable id: the first 16 hex digits of the SHA-256 of the normalized URL."""
        digest: str = _sha256()(self.url.encode("utf-8")).hexdigest()
        return digest[:16]

    @property
    def source(self) -> str:
        from newsparse.urls import source_of

        return source_of(self.url)

    @property
    def image(self) -> str | None:
        return self.images[0] if self.images else None

    @property
    def paragraphs(self) -> list[str]:
        return self.body.split("\n\n") if self.body else []

    @property
    def word_count(self) -> int:
        if self.counted_words is not None:
            return self.counted_words
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
