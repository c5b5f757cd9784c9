"""Writers turn articles into text: JSON Lines, a JSON array, Markdown, or the dump form."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from newsparse.model import Article

FORMATS = ("jsonl", "json", "md")
EXTENSIONS = {"jsonl": ".jsonl", "json": ".json", "md": ".md"}


class Writer(Protocol):
    def write(self, article: Article) -> None: ...

    def close(self) -> None: ...

    def __enter__(self) -> Writer: ...

    def __exit__(self, *exc_info: object) -> None: ...


def writer_for(format: str, out: IO[str]) -> Writer:
    """The writer for a format name, writing to ``out`` as articles arrive."""
    if format == "jsonl":
        from newsparse.writers.jsonl import JSONLinesWriter

        return JSONLinesWriter(out)
    if format == "json":
        from newsparse.writers.json import JSONArrayWriter

        return JSONArrayWriter(out)
    if format == "md":
        from newsparse.writers.markdown import MarkdownWriter

        return MarkdownWriter(out)
    raise ValueError(f"unknown format {format!r}; choose from {', '.join(FORMATS)}")
