"""JSON Lines: one article object per line."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from newsparse.writers.base import StreamWriter

if TYPE_CHECKING:
    from newsparse.model import Article


_COMPACT = json.JSONEncoder(ensure_ascii=False)


def article_json(article: Article, indent: int | None = None) -> str:
    """One article as JSON text (UTF-8 characters kept as they are)."""
    if indent is None:
        return _COMPACT.encode(article.to_dict())  # one encoder, not one per article
    return json.dumps(article.to_dict(), ensure_ascii=False, indent=indent)


def render_jsonl(article: Article) -> str:
    """One article as one line of JSON Lines."""
    return article_json(article) + "\n"


class JSONLinesWriter(StreamWriter):
    def render(self, article: Article) -> str:
        return article_json(article) + "\n"
