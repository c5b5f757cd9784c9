"""A JSON array of article objects, streamed: memory does not grow with the input.

Indented by two spaces, for people reading it; JSON Lines is the compact form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsparse.writers.base import PieceWriter
from newsparse.writers.jsonl import article_bytes, article_json

if TYPE_CHECKING:
    from newsparse.model import Article


def render_json_document(article: Article) -> str:
    """One article as a JSON document of its own (what ``convert -f json`` writes)."""
    return article_json(article, indent=2) + "\n"


class JSONArrayWriter(PieceWriter):
    def piece(self, article: Article) -> bytes:
        return b"  " + article_bytes(article, indent=True).replace(b"\n", b"\n  ")

    def separator(self) -> bytes:
        return b",\n" if self.count else b"[\n"

    def close(self) -> None:
        self.emit(b"\n]\n" if self.count else b"[]\n")
        super().close()
