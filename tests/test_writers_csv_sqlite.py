"""CSV and SQLite outputs: values read back exactly, FTS in step,
reruns add and replace, an interrupted run keeps whole files only."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsparse.cli import cli
from newsparse.model import Article, Failure, Origin
from newsparse.pipeline import parse_paths
from newsparse.writers import FormatError, flat, resolve_format, writer_for
from newsparse.writers import sqlite as sqlite_writer
from newsparse.writers.sqlite import DatabaseError, SQLiteWriter

WORDS = ("amber", "birch", "cedar", "dahlia", "ember", "fjord", "garnet", "heron")


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def article(n: int, **changes: object) -> Article:
    values: dict[str, object] = {
        "url": f"https://www.example.com/2026/01/{n:02d}/story-{n}.html",
        "original_url": f"https://www.example.com/2026/01/{n:02d}/story-{n}.html?utm_source=x",
        "date": f"2026-01-{n % 28 + 1:02d}",
        "headline": f'Headline {n}, with "quotes" and a comma',
        "lead": None if n % 3 == 0 else f"A lead for {n}.\n\nIts second paragraph.",
        "images": ()
        if n % 2
        else (f"https://img.example.com/{n}.jpg", "https://img.example.com/b.jpg"),
        "body": f"Body {n} {WORDS[n % len(WORDS)]} über, «quoted»;\r\nwith a CR LF and 東京.\n\nMore.",
        "origin": Origin(f"dir/file {n % 2}.txt", n * 10 + 1),
    }
    values.update(changes)
    return Article(**values)  # type: ignore[arg-type]


def record(n: int, body: str | None = None) -> str:
    text = body or f"The body of story {n} holds {WORDS[n % len(WORDS)]} and more words."
    return (
        f" date 2026-01-{n % 28 + 1:02d} https://example.com/2026/story-{n}.html\n\n"
        f"Headline {n}\n\n{text}\n"
    )


def expected_cells(item: Article) -> dict[str, str]:
    data = item.to_dict()
    origin = data.pop("origin")
    cells = {key: "" if value is None else str(value) for key, value in data.items()}
    cells["images"] = json.dumps(data["images"], ensure_ascii=False)
    cells["origin_path"], cells["origin_line"] = origin["path"], str(origin["line"])
    return cells


# --- format from the extension ----------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "output", "expected"),
    [
        (None, None, "jsonl"),
        (None, "-", "jsonl"),
        (None, "a.csv", "csv"),
        (None, "a.DB", "sqlite"),
        (None, "a.sqlite", "sqlite"),
        (None, "a.md", "md"),
        (None, "a.json", "json"),
        (None, "a.txt", "jsonl"),
        ("csv", "a.csv", "csv"),
        ("md", "notes.txt", "md"),
        ("json", None, "json"),
    ],
)
def test_resolve_format_follows_the_extension_unless_given(
    given: str | None, output: str | None, expected: str
) -> None:
    assert resolve_format(given, output, "jsonl") == expected


def test_resolve_format_refuses_a_format_that_contradicts_the_extension() -> None:
    with pytest.raises(FormatError, match=r"-f json contradicts the extension of a\.csv"):
        resolve_format("json", "a.csv", "jsonl")


def test_cli_parse_contradicting_format_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(record(1))
    result = run("parse", tmp_path / "a.txt", "-f", "jsonl", "-o", tmp_path / "out.db")
    assert result.exit_code == 2
    assert "-f jsonl contradicts the extension" in result.stderr
    assert not (tmp_path / "out.db").exists()


# --- CSV ----------------------------------------------------------------------------------


def test_csv_columns_are_the_record_keys_with_origin_split() -> None:
    keys = list(article(1).to_dict())
    assert list(flat.COLUMNS) == [*keys[:-1], "origin_path", "origin_line"]


def _write_csv(path: Path, articles: list[Article]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out, writer_for("csv", out) as writer:
        for item in articles:
            writer.write(item)


def test_csv_reads_back_with_the_same_values_in_the_csv_module(tmp_path: Path) -> None:
    articles = [article(n) for n in range(1, 8)]
    path = tmp_path / "a.csv"
    _write_csv(path, articles)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows == [expected_cells(a) for a in articles]
    assert json.loads(rows[1]["images"]) == [
        "https://img.example.com/2.jpg",
        "https://img.example.com/b.jpg",
    ]


def test_csv_is_rfc_4180_crlf_rows_and_quoted_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    _write_csv(path, [article(3)])
    data = path.read_bytes()
    assert data.startswith(
        b"id,url,original_url,source,date,headline,lead,image,images,body,word_count,origin_path,origin_line\r\n"
    )
    assert data.endswith(b",dir/file 1.txt,31\r\n")
    assert b'"Headline 3, with ""quotes"" and a comma"' in data


def test_csv_with_no_article_is_the_header_row_alone(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    _write_csv(path, [])
    assert path.read_bytes() == b",".join(c.encode() for c in flat.COLUMNS) + b"\r\n"


def test_csv_reads_back_with_the_same_values_in_pandas(tmp_path: Path) -> None:
    pandas = pytest.importorskip("pandas")
    articles = [article(n) for n in range(1, 8)]
    path = tmp_path / "a.csv"
    _write_csv(path, articles)
    frame = pandas.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    assert frame.to_dict("records") == [expected_cells(a) for a in articles]
    numbers = pandas.read_csv(path, keep_default_na=False)
    assert numbers["word_count"].tolist() == [a.word_count for a in articles]


def test_cli_parse_csv_output_follows_the_extension(tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text(record(1) + "\n" + record(2))
    result = run("parse", source, "-o", tmp_path / "out.csv")
    assert result.exit_code == 0, result.stderr
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["headline"] for row in rows] == ["Headline 1", "Headline 2"]
    assert [row["origin_line"] for row in rows] == ["1", "7"]


def test_cli_convert_csv_writes_one_table_per_input(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(record(1) + "\n" + record(2))
    (tmp_path / "in" / "b.txt.gz").write_bytes(__import__("gzip").compress(record(3).encode()))
    result = run("convert", tmp_path / "in", "-o", tmp_path / "out", "-f", "csv", "-j", "1")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.csv", "b.csv"]
    with (tmp_path / "out" / "a.csv").open(encoding="utf-8", newline="") as handle:
        assert [row["headline"] for row in csv.DictReader(handle)] == ["Headline 1", "Headline 2"]


# --- SQLite -------------------------------------------------------------------------------


def _rows(db: Path, query: str, *args: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return [tuple(r) for r in connection.execute(query, args)]


def _fts_ok(db: Path) -> None:
    with sqlite3.connect(db) as connection:  # raises on an index out of step
        connection.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")


def test_sqlite_columns_are_typed_and_images_are_json(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with SQLiteWriter(str(db)) as writer:
        writer.write(article(2))
        writer.write(article(3))
    types = _rows(
        db,
        "SELECT typeof(word_count), typeof(origin_line), typeof(lead), date, images "
        "FROM articles ORDER BY origin_line",
    )
    assert types == [
        ("integer", "integer", "text", "2026-01-03", json.dumps(list(article(2).images))),
        ("integer", "integer", "null", "2026-01-04", "[]"),
    ]
    assert _rows(
        db, f"SELECT {', '.join(flat.COLUMNS)} FROM articles WHERE id = ?", article(2).id
    ) == [sqlite_writer.row(article(2))]


def test_sqlite_fts_query_matches_a_plain_substring_search(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    articles = [article(n) for n in range(1, 30)]
    with SQLiteWriter(str(db)) as writer:
        for item in articles:
            writer.write(item)
    for word in (*WORDS, "zebra"):
        found = {
            row[0]
            for row in _rows(
                db,
                "SELECT a.id FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
                "WHERE articles_fts MATCH ?",
                word,
            )
        }
        expected = {
            a.id for a in articles if word in f"{a.headline} {a.lead or ''} {a.body}".lower()
        }
        assert found == expected, word
    assert len(_rows(db, "SELECT id FROM articles")) == 29


def _tree(root: Path, bodies: dict[str, list[int]]) -> None:
    root.mkdir(exist_ok=True)
    for name, numbers in bodies.items():
        (root / name).write_text("\n".join(record(n) for n in numbers))


def test_sqlite_rerun_adds_new_articles_and_replaces_changed_ones(tmp_path: Path) -> None:
    _tree(tmp_path / "in", {"a.txt": [1, 2], "b.txt": [3]})
    db = tmp_path / "archive.db"
    first = run("parse", tmp_path / "in", "-o", db)
    assert first.exit_code == 0, first.stderr
    assert first.stderr == f"newsparse: {db}: 3 added, 0 replaced, 0 unchanged\n"
    (tmp_path / "in" / "b.txt").write_text(record(3, body="A rewritten body about a zebra."))
    (tmp_path / "in" / "c.txt").write_text(record(4))
    second = run("parse", tmp_path / "in", "-o", db)
    assert second.stderr == f"newsparse: {db}: 1 added, 1 replaced, 2 unchanged\n"
    assert _rows(db, "SELECT headline FROM articles ORDER BY headline") == [
        ("Headline 1",),
        ("Headline 2",),
        ("Headline 3",),
        ("Headline 4",),
    ]
    assert _rows(
        db,
        "SELECT a.headline FROM articles_fts JOIN articles a "
        "ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH 'zebra'",
    ) == [("Headline 3",)]
    assert _rows(db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'dahlia'") == [
        (0,)
    ]
    _fts_ok(db)


def test_sqlite_failures_are_recorded_and_replaced_per_file(tmp_path: Path) -> None:
    bad = " date 2026-02-30 https://example.com/bad.html\n\nBad\n\nBody.\n"
    (tmp_path / "a.txt").write_text(record(1) + "\n" + bad)
    db = tmp_path / "a.db"
    result = run("parse", tmp_path / "a.txt", "-o", db)
    assert result.exit_code == 1
    assert _rows(db, "SELECT path, line, code FROM failures") == [
        (str(tmp_path / "a.txt"), 7, "NP105")
    ]
    (tmp_path / "a.txt").write_text(record(1))
    assert run("parse", tmp_path / "a.txt", "-o", db).exit_code == 0
    assert _rows(db, "SELECT count(*) FROM failures") == [(0,)]


class Interrupted(Exception):
    pass


def _interrupt_after(
    items: Iterator[Article | Failure | object], path: str, count: int
) -> Iterator[Article | Failure | object]:
    """The items of a parse stream, interrupted after ``count`` articles of ``path``."""
    seen = 0
    for item in items:
        if isinstance(item, Article) and item.origin.path == path:
            if seen == count:
                raise Interrupted
            seen += 1
        yield item


def _load(db: Path, items: Iterator[Article | Failure | object]) -> None:
    with SQLiteWriter(str(db)) as writer:
        for item in items:
            if isinstance(item, Article):
                writer.write(item)
            elif isinstance(item, Failure):
                writer.write_failure(item)


def test_sqlite_an_interrupted_run_keeps_whole_files_and_a_rerun_completes(tmp_path: Path) -> None:
    _tree(tmp_path / "in", {"a.txt": [1, 2], "b.txt": [3, 4, 5], "c.txt": [6]})
    db = tmp_path / "a.db"
    _load(db, parse_paths([str(tmp_path / "in")]))
    assert len(_rows(db, "SELECT id FROM articles")) == 6
    # A rerun over changed inputs stops in the middle of b.txt: a.txt is in, b.txt is
    # as it was before (not half old, half new), c.txt is untouched.
    _tree(tmp_path / "in", {"a.txt": [7, 1], "b.txt": [3, 4, 8], "c.txt": [6, 9]})
    (tmp_path / "in" / "b.txt").write_text(
        "\n".join(record(n, body=f"New body {n} about a zebra.") for n in (3, 4, 8))
    )
    with pytest.raises(Interrupted):
        _load(
            db,
            _interrupt_after(
                parse_paths([str(tmp_path / "in")]), str(tmp_path / "in" / "b.txt"), 2
            ),
        )
    assert _rows(db, "SELECT headline FROM articles ORDER BY headline") == [
        (f"Headline {n}",) for n in (1, 2, 3, 4, 5, 6, 7)
    ]
    assert _rows(db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'zebra'") == [(0,)]
    _fts_ok(db)
    _load(db, parse_paths([str(tmp_path / "in")]))
    assert _rows(db, "SELECT count(*) FROM articles") == [(9,)]
    assert _rows(db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'zebra'") == [(3,)]
    _fts_ok(db)


def test_sqlite_index_is_rebuilt_over_rows_that_predate_it(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with SQLiteWriter(str(db)) as writer:
        writer.write(article(4))
    with sqlite3.connect(db) as connection:
        connection.execute("DROP TABLE articles_fts")
    with SQLiteWriter(str(db)):
        pass
    assert _rows(db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'ember'") == [(1,)]


def test_sqlite_without_fts5_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_writer, "has_fts5", lambda: False)
    (tmp_path / "a.txt").write_text(record(1))
    result = run("parse", tmp_path / "a.txt", "-o", tmp_path / "a.db")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"newsparse: error: cannot write {tmp_path / 'a.db'}: this Python's SQLite ("
    )
    assert "built without FTS5" in result.stderr


def test_sqlite_has_fts5_here() -> None:
    assert sqlite_writer.has_fts5() is True


def test_sqlite_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_text("not a database, just notes " * 100)
    with pytest.raises(
        DatabaseError, match=f"cannot use {db} as an article database: file is not a database"
    ):
        SQLiteWriter(str(db))


def test_cli_parse_sqlite_to_stdout_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(record(1))
    result = run("parse", tmp_path / "a.txt", "-f", "sqlite")
    assert result.exit_code == 2
    assert "-f sqlite writes a database file: give it with -o FILE.db" in result.stderr


def test_cli_convert_into_a_database_follows_the_extension_and_reruns_clean(tmp_path: Path) -> None:
    _tree(tmp_path / "in", {"a.txt": [1, 2], "b.txt": [3]})
    db = tmp_path / "archive.db"
    first = run("convert", tmp_path / "in", "-o", db)
    assert first.exit_code == 0, first.stderr
    assert first.stderr.startswith(
        "Converted 2 files, 3 records: 3 articles written, 0 reported in "
    )
    assert _rows(
        db, "SELECT origin_path, origin_line FROM articles ORDER BY origin_path, origin_line"
    ) == [
        (str(tmp_path / "in" / "a.txt"), 1),
        (str(tmp_path / "in" / "a.txt"), 7),
        (str(tmp_path / "in" / "b.txt"), 1),
    ]
    second = run("convert", tmp_path / "in", "-o", db)
    assert second.stderr.startswith(
        "Converted 2 files, 3 records: 0 articles written, 3 up to date, 0 reported in "
    )
    _fts_ok(db)


def test_cli_convert_format_that_contradicts_a_database_name_is_a_usage_error(
    tmp_path: Path,
) -> None:
    _tree(tmp_path / "in", {"a.txt": [1]})
    result = run("convert", tmp_path / "in", "-o", tmp_path / "x.db", "-f", "json")
    assert result.exit_code == 2
    assert f"-f json contradicts the extension of {tmp_path / 'x.db'}" in result.stderr


def test_sqlite_index_is_found_the_way_datasette_and_sqlite_utils_look(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with SQLiteWriter(str(db)) as writer:
        writer.write(article(5))
    # Both tools find a table's FTS index by this pattern on its CREATE statement.
    assert _rows(
        db,
        "SELECT name FROM sqlite_master WHERE rootpage = 0 AND "
        "sql LIKE '%VIRTUAL TABLE%USING FTS%content=[articles]%'",
    ) == [("articles_fts",)]


def test_sqlite_utils_searches_the_database_directly(tmp_path: Path) -> None:
    sqlite_utils = pytest.importorskip("sqlite_utils")
    db = tmp_path / "a.db"
    with SQLiteWriter(str(db)) as writer:
        for n in range(1, 9):
            writer.write(article(n))
    table = sqlite_utils.Database(str(db))["articles"]
    assert table.detect_fts() == "articles_fts"
    assert [row["id"] for row in table.search("fjord")] == [article(5).id]


def test_csv_runs_through_csvkit_csvstat(tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    csvstat = Path(sys.executable).with_name("csvstat")
    if not csvstat.exists():
        csvstat = Path(shutil.which("csvstat") or "")
    if not csvstat.is_file():
        pytest.skip("csvkit is not installed")
    path = tmp_path / "a.csv"
    _write_csv(path, [article(n) for n in range(1, 8)])
    done = subprocess.run(
        [str(csvstat), "--count", str(path)], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout.strip()) == (0, "7")


def test_sqlite_rerun_over_the_same_article_in_two_files_changes_nothing(tmp_path: Path) -> None:
    _tree(tmp_path / "in", {"a.txt": [1], "b.txt": [1, 2]})
    db = tmp_path / "a.db"
    first = run("parse", tmp_path / "in", "-o", db)
    assert first.stderr == f"newsparse: {db}: 2 added, 0 replaced, 1 unchanged\n"
    second = run("parse", tmp_path / "in", "-o", db)
    assert second.stderr == f"newsparse: {db}: 0 added, 0 replaced, 3 unchanged\n"
    assert _rows(db, "SELECT headline, origin_path FROM articles ORDER BY headline") == [
        ("Headline 1", str(tmp_path / "in" / "a.txt")),
        ("Headline 2", str(tmp_path / "in" / "b.txt")),
    ]


@pytest.mark.slow
@pytest.mark.parametrize("command", ["parse", "convert"])
def test_sqlite_a_run_stopped_by_ctrl_c_keeps_whole_files(tmp_path: Path, command: str) -> None:
    """A real SIGINT while the run is blocked inside an input (a FIFO that never ends):
    the files before it are in, none of its articles are, and a rerun completes."""
    import os
    import signal
    import subprocess
    import sys
    import time

    db = tmp_path / "a.db"
    (tmp_path / "a.txt").write_text(record(1))
    (tmp_path / "c.txt").write_text(record(3))
    assert run(command, tmp_path / "a.txt", tmp_path / "c.txt", "-o", db).exit_code == 0
    (tmp_path / "a.txt").write_text(record(1) + "\n" + record(4))
    fifo = tmp_path / "b.txt"
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsparse", command, "a.txt", "b.txt", "c.txt", "-o", "a.db"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError:
            assert time.monotonic() < deadline, f"{command} never opened the FIFO"
            time.sleep(0.01)
    try:
        # Two whole records and the header of a third: the first two become articles.
        os.write(
            fd,
            (record(5) + "\n" + record(6) + "\n" + " date 2026-01-01 https://x.com/7\n").encode(),
        )
        time.sleep(0.3)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    finally:
        os.close(fd)
    assert proc.returncode == 130, stderr
    assert _rows(db, "SELECT headline FROM articles ORDER BY headline") == [
        ("Headline 1",),
        ("Headline 3",),
        ("Headline 4",),
    ]
    _fts_ok(db)
    fifo.unlink()
    (tmp_path / "b.txt").write_text(record(5) + "\n" + record(6))
    done = run(command, tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt", "-o", db)
    assert done.exit_code == 0, done.stderr
    assert _rows(db, "SELECT count(*) FROM articles") == [(5,)]
    _fts_ok(db)


def test_sqlite_a_database_with_another_articles_table_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as connection:
        connection.execute("CREATE TABLE articles (title TEXT, url TEXT)")
        connection.execute("INSERT INTO articles VALUES ('T', 'u')")
    connection.close()
    with pytest.raises(
        DatabaseError,
        match=r"cannot use .*other\.db as an article database: its "
        r"articles table has other columns \(title, url\)",
    ):
        SQLiteWriter(str(db))
    assert _rows(db, "SELECT name FROM sqlite_master ORDER BY name") == [("articles",)]
