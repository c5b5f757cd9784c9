"""A JSON array of article objects, streamed: memory does not grow with the input."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsparse.writers.base import StreamWriter
from newsparse.writers.jsonl import article_json

if TYPE_CHECKING:
    from newsparse.model import Article


def render_json_document(article: Article) -> str:
    """One article as a JSON document of its own (what ``convert -f json`` writes)."""
    return article_json(article, indent=2) + "\n"


class JSONArrayWriter(StreamWriter):
    def render(self, article: Article) -> str:
        text = "  " + article_json(article, indent=2).replace("\n", "\n  ")
        return ("[\n" if self.count == 0 else ",\n") + text

    def close(self) -> None:
        self.out.write("\n]\n" if self.count else "[]\n")
