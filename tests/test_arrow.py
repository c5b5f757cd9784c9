"""The Arrow schema matches `newsparse schema`; `parse -f parquet` round-trips through
pyarrow, pandas and Dask, one row group at a time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from newsparse.arrow import ARTICLE_SCHEMA, ParquetWriter, articles_table  # noqa: E402
from newsparse.cli import cli  # noqa: E402
from newsparse.cli.parse import schema_text  # noqa: E402

pytestmark = pytest.mark.cluster

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

_JSON_TYPES = {"string": pa.string(), "integer": pa.int64()}


def _arrow_type(spec: dict[str, Any]) -> tuple[Any, bool]:
    """The Arrow type a JSON Schema property maps to, and whether it may be null."""
    kinds = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
    nullable = "null" in kinds
    (kind,) = [k for k in kinds if k != "null"]
    if kind == "array":
        item, _ = _arrow_type(spec["items"])
        return pa.list_(pa.field("element", item, nullable=False)), nullable
    if kind == "object":
        fields = [
            pa.field(name, _arrow_type(sub)[0], nullable=False)
            for name, sub in spec["properties"].items()
        ]
        return pa.struct(fields), nullable
    return _JSON_TYPES[kind], nullable


def _parse_jsonl(*paths: Path) -> list[dict[str, Any]]:
    result = CliRunner().invoke(cli, ["parse", *map(str, paths)])
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_arrow_schema_matches_json_schema_field_for_field() -> None:
    schema = json.loads(schema_text())
    expected = [(name, *_arrow_type(spec)) for name, spec in schema["properties"].items()]
    actual = [(f.name, f.type, f.nullable) for f in ARTICLE_SCHEMA]
    assert actual == expected
    assert ARTICLE_SCHEMA.names == schema["required"]


def test_arrow_table_rows_equal_jsonl_records() -> None:
    from newsparse import load

    articles = load(SAMPLES / "000_0833b96511dd5aaf.txt")
    assert articles_table(articles).to_pylist() == [a.to_dict() for a in articles]


def test_arrow_parse_parquet_reads_back_in_pyarrow_pandas_and_dask(tmp_path: Path) -> None:
    out = tmp_path / "articles.parquet"
    result = CliRunner().invoke(cli, ["parse", str(SAMPLES), "-f", "parquet", "-o", str(out)])
    assert result.exit_code == 1  # samples/damaged is reported, as with -f jsonl
    expected = _parse_jsonl(SAMPLES)
    table = pq.read_table(out)
    assert table.schema.equals(ARTICLE_SCHEMA)
    assert table.to_pylist() == expected

    import dask.dataframe as dd
    import pandas as pd

    frame = pd.read_parquet(out)
    assert len(frame) == len(expected)
    first = frame.iloc[0]
    assert list(first["images"]) == expected[0]["images"]
    assert first["origin"] == expected[0]["origin"]
    lazy = dd.read_parquet(str(out)).compute()
    assert lazy["url"].tolist() == [record["url"] for record in expected]
    assert [int(o["line"]) for o in lazy["origin"]] == [r["origin"]["line"] for r in expected]


def test_arrow_parquet_writer_writes_row_groups_as_articles_stream(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsparse import arrow, load

    monkeypatch.setattr(arrow, "ROW_GROUP_ARTICLES", 2)
    articles = load(SAMPLES / "multi_record.txt") + load(SAMPLES / "languages.txt")
    assert len(articles) == 7
    out = tmp_path / "groups.parquet"
    with ParquetWriter(str(out)) as writer:
        for article in articles:
            writer.write(article)
            assert len(writer._pending) < 2  # never more than one row group held
    meta = pq.ParquetFile(out).metadata
    assert meta.num_rows == len(articles)
    assert meta.num_row_groups == 4  # 2 + 2 + 2 + 1


def test_arrow_parse_parquet_without_output_file_is_a_usage_error() -> None:
    result = CliRunner().invoke(
        cli, ["parse", str(SAMPLES / "000_0833b96511dd5aaf.txt"), "-f", "parquet"]
    )
    assert result.exit_code == 2
    assert "-f parquet writes a file: give -o FILE.parquet" in result.stderr


def test_arrow_parse_parquet_of_nothing_is_a_valid_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    out = tmp_path / "none.parquet"
    CliRunner().invoke(cli, ["parse", str(empty), "-f", "parquet", "-o", str(out)])
    table = pq.read_table(out)
    assert table.num_rows == 0
    assert table.schema.equals(ARTICLE_SCHEMA)
