"""CSV: one header row, then one row per article (RFC 4180, UTF-8, CRLF row ends).

The columns are the record's fields in the documented order, with two changes
that keep every cell a plain value: ``images`` is a JSON array in one cell, and
``origin`` becomes ``origin_path`` and ``origin_line``. A missing lead or image
is an empty cell. Cells are quoted only when they hold a comma, a quote or a
line break, so the file loads with the same values in Python's csv module,
pandas and csvkit.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING

from newsparse.writers.base import StreamWriter
from newsparse.writers.flat import COLUMNS, flat_row

if TYPE_CHECKING:
    from newsparse.model import Article


def csv_row(article: Article) -> list[str | int]:
    """One article as the cells of a row, in COLUMNS order; a null lead or image is an
    empty cell."""
    return ["" if cell is None else cell for cell in flat_row(article)]


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV text (the csv module's RFC 4180 dialect: CRLF after every row)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


HEADER = csv_text([COLUMNS])


def render_csv_row(article: Article) -> str:
    return csv_text([csv_row(article)])


class CSVWriter(StreamWriter):
    """Writes the header row first (also when there is no article), then a row per article."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self._rows = csv.writer(out, lineterminator="\r\n")
        self._rows.writerow(COLUMNS)

    def write(self, article: Article) -> None:
        self._rows.writerow(csv_row(article))
        self.count += 1
