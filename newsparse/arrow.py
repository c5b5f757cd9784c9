"""Articles in, Arrow tables and Parquet files out (needs the ``parquet`` extra: pyarrow).

``ARTICLE_SCHEMA`` is the Arrow form of ``newsparse schema``: the same fields in the
same order, ``images`` a list of strings and ``origin`` a struct of path and line.
Only ``lead`` and ``image`` may be null, as in the JSON Schema.

Tables are built straight from articles, column by column, and written with
pyarrow: never through pandas, whose list columns written to Parquet cannot be
read back by pandas itself (pandas #57411, arrow #39914).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

if TYPE_CHECKING:
    from newsparse.model import Article, Failure

ORIGIN_TYPE = pa.struct(
    [pa.field("path", pa.string(), nullable=False), pa.field("line", pa.int64(), nullable=False)]
)

ARTICLE_SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        pa.field("url", pa.string(), nullable=False),
        pa.field("original_url", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("date", pa.string(), nullable=False),
        pa.field("headline", pa.string(), nullable=False),
        pa.field("lead", pa.string(), nullable=True),
        pa.field("image", pa.string(), nullable=True),
        pa.field(
            "images", pa.list_(pa.field("element", pa.string(), nullable=False)), nullable=False
        ),
        pa.field("body", pa.string(), nullable=False),
        pa.field("word_count", pa.int64(), nullable=False),
        pa.field("origin", ORIGIN_TYPE, nullable=False),
    ]
)

#: What could not become an article: the finding's keys, then the scope that was lost.
FAILURE_SCHEMA = pa.schema(
    [
        pa.field("path", pa.string(), nullable=False),
        pa.field("line", pa.int64(), nullable=False),
        pa.field("column", pa.int64(), nullable=False),
        pa.field("code", pa.string(), nullable=False),
        pa.field("severity", pa.string(), nullable=False),
        pa.field("message", pa.string(), nullable=False),
        pa.field("scope", pa.string(), nullable=False),
    ]
)

#: Articles per row group. Peak RSS of `parse -f parquet` was 373 MB with 8,192 (and
#: 64 MiB of text); with these, 188 MB for a 50 MB and for a 200 MB dump alike, of which
#: importing pyarrow (and pandas, which it loads) is 119 MB.
ROW_GROUP_ARTICLES = 1024
#: ...or fewer, once the buffered bodies reach this many characters (long articles).
ROW_GROUP_CHARS = 8 * 1024 * 1024


def articles_table(articles: Iterable[Article]) -> pa.Table:
    """The articles as one Arrow table with ``ARTICLE_SCHEMA``."""
    columns: dict[str, list[Any]] = {name: [] for name in ARTICLE_SCHEMA.names}
    for article in articles:
        for name, value in article.to_dict().items():
            columns[name].append(value)
    return pa.Table.from_pydict(columns, schema=ARTICLE_SCHEMA)


def failures_table(failures: Iterable[Failure]) -> pa.Table:
    """The failures as one Arrow table with ``FAILURE_SCHEMA``."""
    rows = [{**failure.finding.to_dict(), "scope": failure.scope} for failure in failures]
    return pa.Table.from_pylist(rows, schema=FAILURE_SCHEMA)


class ParquetWriter:
    """Writes articles to a Parquet file as they arrive, one row group at a time, so
    that memory holds at most one row group (``ROW_GROUP_ARTICLES`` articles or
    ``ROW_GROUP_CHARS`` characters of body), however many articles are written.

    An empty run still writes a valid file: the schema and no rows.
    """

    def __init__(self, out: str | IO[bytes]) -> None:
        self._writer = pq.ParquetWriter(out, ARTICLE_SCHEMA, compression="zstd")
        self._pending: list[Article] = []
        self._chars = 0
        self.count = 0

    def write(self, article: Article) -> None:
        self._pending.append(article)
        self._chars += len(article.body)
        self.count += 1
        if len(self._pending) >= ROW_GROUP_ARTICLES or self._chars >= ROW_GROUP_CHARS:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._writer.write_table(articles_table(self._pending))
            self._pending = []
            self._chars = 0

    def close(self) -> None:
        self._flush()
        self._writer.close()

    def __enter__(self) -> ParquetWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
