"""The library API, shaped like ``json``: load, loads, dumps, plus a streaming parse."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Iterator
from typing import IO, BinaryIO, Literal, cast

from newsparse.display import SURROGATE
from newsparse.model import Article, Failure, Finding
from newsparse.pipeline import DEFAULT, Item, Options, parse_lines, parse_paths
from newsparse.pipeline import parse_stream as _parse_stream
from newsparse.reader import DEFAULT_MAX_RECORD

Format = Literal["jsonl", "json", "md"]


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


def loads(text: str | bytes, path: str | None = None, *, strict: bool = False) -> Articles:
    """Parse dump text into articles.

    >>> doc = " date 2026-01-23 https://example.com/a.html\\n\\nHello\\n\\nWorld."
    >>> [a.headline for a in loads(doc)]
    ['Hello']

    Recoverable damage is recorded in each article's ``findings``; records that
    cannot become articles are in the result's ``failures``. With ``strict=True``
    the first finding of any kind raises ParseError instead. Bytes are read exactly
    as a file holding them would be (compression, encoding detection, size limits).
    """
    if isinstance(text, (bytes, bytearray, memoryview)):
        return _collect(parse_stream(io.BytesIO(bytes(text)), path or "<bytes>", strict=strict))
    if not isinstance(text, str):
        raise TypeError(f"loads() takes str or bytes, not {type(text).__name__}")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.isascii():
        # Lone surrogates (text decoded with surrogateescape, say) cannot be written as
        # UTF-8: they become U+FFFD, as the reader does with undecodable bytes.
        text = re.sub(SURROGATE, "\ufffd", text)
    lines = io.StringIO(text, newline=None).read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return _collect(parse_lines(lines, path or "<string>", Options(strict=strict)))


def load(source: str | os.PathLike[str] | IO[bytes], *, strict: bool = False) -> Articles:
    """Parse a dump file: a path (compressed or not, any encoding) or a binary file object.

    A file object is read by :func:`parse_stream`, exactly as its path would be.
    """
    if isinstance(source, (str, os.PathLike)):
        return _collect(parse_paths([os.fspath(source)], Options(strict=strict)))
    return _collect(parse_stream(source, strict=strict))


def parse_stream(
    fileobj: IO[bytes],
    name: str | None = None,
    *,
    max_record_size: int = DEFAULT_MAX_RECORD,
    strict: bool = False,
) -> Iterator[Item]:
    """Stream articles, failures and file findings from an open binary file object.

    It does exactly what reading a local file does (the same decompression, encoding
    detection, size limits and findings); ``load``, ``load(path)`` and stdin all go
    through it. ``name`` is the origin of everything found (give one: fsspec and
    network file objects often have no ``.name``); it defaults to the object's
    ``name``, else ``<stream>``. The file object is not closed. A text-mode file
    object raises TypeError.
    """
    if isinstance(fileobj, io.TextIOBase) or isinstance(fileobj.read(0), str):
        raise TypeError(
            "parse_stream() needs a binary file object (open it with 'rb'); "
            "for text already decoded, use loads()"
        )
    if name is None:
        name = str(getattr(fileobj, "name", "<stream>"))
    options = Options(strict=strict, max_record=max_record_size)
    return _parse_stream(cast(BinaryIO, fileobj), name, options)


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


__all__ = ["DEFAULT", "Articles", "Finding", "dumps", "load", "loads", "parse", "parse_stream"]
