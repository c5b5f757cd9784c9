"""Writers turn articles into text (JSON Lines, a JSON array, Markdown, CSV, the dump
form) or into an SQLite database (:mod:`newsparse.writers.sqlite`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Protocol

from newsparse.errors import NewsparseError

if TYPE_CHECKING:
    from newsparse.model import Article

#: The formats written to a text stream, by writer_for.
STREAM_FORMATS = ("jsonl", "json", "md", "csv")
#: Every output format: the stream formats and ``sqlite`` (a database file, not a stream).
FORMATS = (*STREAM_FORMATS, "sqlite")
EXTENSIONS = {"jsonl": ".jsonl", "json": ".json", "md": ".md", "csv": ".csv"}
#: Formats that give one output per input file (with convert), not one per article.
PER_FILE = ("jsonl", "csv")
#: The format an output file's extension asks for.
FORMAT_OF_EXTENSION = {
    ".jsonl": "jsonl",
    ".json": "json",
    ".md": "md",
    ".csv": "csv",
    ".db": "sqlite",
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
    ".parquet": "parquet",
}


class FormatError(NewsparseError, ValueError):
    """``-f`` contradicts the extension of ``-o`` (a usage error)."""


def format_from_extension(path: str | None) -> str | None:
    """The format the extension of ``path`` names (``.jsonl``, ``.db``...), or None."""
    if path is None or path == "-":
        return None
    import os

    return FORMAT_OF_EXTENSION.get(os.path.splitext(path)[1].lower())


def resolve_format(given: str | None, output: str | None, default: str) -> str:
    """The output format: ``-f`` if given, else the one ``-o``'s extension names, else
    ``default``. Raises FormatError when ``-f`` and a known extension disagree."""
    implied = format_from_extension(output)
    if given is None:
        return implied or default
    if implied is not None and implied != given:
        raise FormatError(
            f"-f {given} contradicts the extension of {output} (which means {implied}); "
            "drop -f, or change the file name"
        )
    return given


class Writer(Protocol):
    def write(self, article: Article) -> None: ...

    def close(self) -> None: ...

    def __enter__(self) -> Writer: ...

    def __exit__(self, *exc_info: object) -> None: ...


#: The one format dispatch: each stream format's module, its streaming writer, and the
#: function that renders one article as a whole file of it (``convert``'s outputs).
#: Modules are imported on first use, so that a run loads only its own format.
_STREAM_WRITERS = {
    "jsonl": ("newsparse.writers.jsonl", "JSONLinesWriter", "render_jsonl"),
    "json": ("newsparse.writers.json", "JSONArrayWriter", "render_json_document"),
    "md": ("newsparse.writers.markdown", "MarkdownWriter", "render_markdown"),
    "csv": ("newsparse.writers.csv", "CSVWriter", "render_csv_row"),
}


def _part(format: str, index: int) -> object:
    from importlib import import_module

    try:
        entry = _STREAM_WRITERS[format]
    except KeyError:
        raise ValueError(
            f"unknown format {format!r}; choose from {', '.join(STREAM_FORMATS)}"
        ) from None
    return getattr(import_module(entry[0]), entry[index])


def writer_for(format: str, out: IO[str]) -> Writer:
    """The writer for a format name, writing to ``out`` as articles arrive."""
    make: Callable[[IO[str]], Writer] = _part(format, 1)  # type: ignore[assignment]
    return make(out)


def renderer_for(format: str) -> Callable[[Article], str]:
    """The function that renders one article as the text of a file of ``format``
    (one JSON document, one Markdown file, one JSON line, one CSV row)."""
    render: Callable[[Article], str] = _part(format, 2)  # type: ignore[assignment]
    return render
