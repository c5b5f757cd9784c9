"""An article in; one flat row out: the columns that CSV and SQLite share.

``images`` is a JSON array in one cell and ``origin`` is two columns, so that a
table holds every field of the record (docs/outputs.md).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsparse.model import Article

#: The columns, in order. A test holds them to the keys of Article.to_dict.
COLUMNS = (
    "id",
    "url",
    "original_url",
    "source",
    "date",
    "headline",
    "lead",
    "image",
    "images",
    "body",
    "word_count",
    "origin_path",
    "origin_line",
)


def flat_row(article: Article) -> tuple[Any, ...]:
    """One article as the cells of a row, in COLUMNS order (None where a field is null)."""
    data = article.to_dict()
    return (
        data["id"],
        data["url"],
        data["original_url"],
        data["source"],
        data["date"],
        data["headline"],
        data["lead"],
        data["image"],
        json.dumps(data["images"], ensure_ascii=False),
        data["body"],
        data["word_count"],
        data["origin"]["path"],
        data["origin"]["line"],
    )
