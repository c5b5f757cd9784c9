"""The library API, shaped like ``json``: load, loads, dumps, plus a streaming parse."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Iterator
from typing import IO, BinaryIO, Literal, cast

from newsparse.errors import InputError, ParseError
from newsparse.model import Article, Failure, Finding
from newsparse.pipeline import DEFAULT, Item, Options, parse_lines, parse_paths

Format = Literal["jsonl", "json", "md"]
_SURROGATE = re.compile("[\ud800-\udfff]")


class Articles(list[Article]):
    """A list of articles that also carries what could not become an article.

    ``failures`` holds the records (and files) that were reported instead of
    parsed, so that nothing is lost silently.
    """

    def __init__(self, articles: Iterable[Article] = (), failures: Iterable[Failure] = ()):
        super().__init__(articles)
        self.failures: list[Failure] = list(failures)


def _collect(items: Iterable[Item], into: Articles | None = None) -> Articles:
    result = Articles() if into is None else into
    for item in items:
        if isinstance(item, Article):
            result.append(item)
        elif isinstance(item, Failure):
            result.failures.append(item)
    return result


def loads(text: str, path: str | None = None, *, strict: bool = False) -> Articles:
    """Parse dump text into articles.

    >>> doc = " date 2026-01-23 https://example.com/a.html\\n\\nHello\\n\\nWorld."
    >>> [a.headline for a in loads(doc)]
    ['Hello']

    Recoverable damage is recorded in each article's ``findings``; records that
    cannot become articles are in the result's ``failures``. With ``strict=True``
    the first finding of any kind raises ParseError instead.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.isascii():
        # Lone surrogates (text decoded with surrogateescape, say) cannot be written as
        # UTF-8: they become U+FFFD, as the reader does with undecodable bytes.
        text = _SURROGATE.sub("\ufffd", text)
    lines = io.StringIO(text, newline=None).read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return _collect(parse_lines(lines, path or "<string>", Options(strict=strict)))


def load(source: str | os.PathLike[str] | IO[bytes], *, strict: bool = False) -> Articles:
    """Parse a dump file: a path (compressed or not, any encoding) or a binary file object."""
    if isinstance(source, (str, os.PathLike)):
        return _collect(parse_paths([os.fspath(source)], Options(strict=strict)))
    from newsparse.reader import TextInput

    name = str(getattr(source, "name", "<stream>"))
    result = Articles()
    try:
        with TextInput.from_stream(cast(BinaryIO, source), name) as text:
            result = _collect(parse_lines(text.lines(), name, Options(strict=strict)), result)
    except InputError as exc:  # unreadable, or broken part-way: keep what came before
        if strict:
            raise ParseError(exc.finding) from None
        result.failures.append(Failure(exc.finding, "file"))
    return result


def parse(paths: Iterable[str], *, strict: bool = False) -> Iterator[Item]:
    """Stream articles, failures and file findings from files, folders and ``-``."""
    return parse_paths(paths, Options(strict=strict))


def dumps(articles: Iterable[Article], format: Format = "jsonl") -> str:
    """Render articles as JSON Lines, a JSON array, or Markdown."""
    from newsparse.writers import writer_for

    out = io.StringIO()
    with writer_for(format, out) as writer:
        for article in articles:
            writer.write(article)
    return out.getvalue()


__all__ = ["DEFAULT", "Articles", "Finding", "dumps", "load", "loads", "parse"]
