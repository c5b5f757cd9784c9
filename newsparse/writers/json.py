"""A JSON array of article objects, streamed: memory does not grow with the input.

Indented by two spaces, for people reading it; JSON Lines is the compact form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsparse.writers.base import StreamWriter
from newsparse.writers.jsonl import article_json

if TYPE_CHECKING:
    from newsparse.model import Article


class JSONArrayWriter(StreamWriter):
    def render(self, article: Article) -> str:
        text = "  " + article_json(article, indent=2).replace("\n", "\n  ")
        return ("[\n" if self.count == 0 else ",\n") + text

    def close(self) -> None:
        self.out.write("\n]\n" if self.count else "[]\n")
