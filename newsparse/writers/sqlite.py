"""SQLite: articles, failures and a full-text index in one database file.

Articles and failures in; a database that ``datasette`` and ``sqlite-utils``
browse as it is:

- ``articles``, keyed by ``id``, with typed columns: ``word_count`` and
  ``origin_line`` are integers, ``date`` is ISO 8601 text, ``images`` is a JSON
  array as text, and ``origin`` is ``origin_path`` and ``origin_line``;
- ``failures`` (``path``, ``line``, ``code``, ``message``): what could not
  become an article;
- ``articles_fts``, an FTS5 index over ``headline``, ``lead`` and ``body`` with
  ``articles`` as its content table, kept in step by triggers (the names and
  layout ``sqlite-utils enable-fts --create-triggers`` uses, so datasette finds it).

Each input file is one transaction: its articles are added (new ids) or
replaced (same id, other content: any column but the origin), and its failures
replace the ones recorded for that path before. An article whose content is
unchanged is left alone, origin included: the origin is where the content was
stored from, so that a rerun over an archive with the same article in two
files changes nothing. An interrupted run leaves the database as it was after
the last whole file. Only the standard library's ``sqlite3`` is used; FTS5 is
checked when the database is opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsparse.errors import NewsparseError
from newsparse.writers.flat import COLUMNS, flat_row

if TYPE_CHECKING:
    from newsparse.model import Article, Failure

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    original_url TEXT NOT NULL,
    source TEXT NOT NULL,
    date TEXT NOT NULL,
    headline TEXT NOT NULL,
    lead TEXT,
    image TEXT,
    images TEXT NOT NULL,
    body TEXT NOT NULL,
    word_count INTEGER NOT NULL,
    origin_path TEXT NOT NULL,
    origin_line INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (
    path TEXT NOT NULL,
    line INTEGER NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS failures_path ON failures (path);
CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, headline, lead, body)
    VALUES (new.rowid, new.headline, new.lead, new.body);
END;
CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, headline, lead, body)
    VALUES ('delete', old.rowid, old.headline, old.lead, old.body);
END;
CREATE TRIGGER IF NOT EXISTS articles_au AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, headline, lead, body)
    VALUES ('delete', old.rowid, old.headline, old.lead, old.body);
    INSERT INTO articles_fts (rowid, headline, lead, body)
    VALUES (new.rowid, new.headline, new.lead, new.body);
END;
"""

# Written as sqlite-utils writes it: datasette and sqlite-utils find a table's index by
# matching ``content=[articles]`` (or ``content="articles"``) in this statement.
_FTS = (
    "CREATE VIRTUAL TABLE [articles_fts] USING FTS5 ("
    "[headline], [lead], [body], content=[articles])"
)
#: The columns that make an article's content: all but its origin (the last two).
CONTENT = COLUMNS[:-2]
_SELECT = f"SELECT {', '.join(CONTENT)} FROM articles WHERE id = ?"
_INSERT = f"INSERT INTO articles ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
_UPDATE = f"UPDATE articles SET {', '.join(f'{c} = ?' for c in COLUMNS[1:])} WHERE id = ?"


class DatabaseError(NewsparseError):
    """The database cannot be opened or written, or this SQLite has no FTS5."""


row = flat_row  # one article as a row of ``articles``, in COLUMNS order


def has_fts5() -> bool:
    """Whether this Python's SQLite was built with FTS5 (most are; some old builds are not)."""
    import sqlite3

    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
    except sqlite3.OperationalError:
        return False
    finally:
        probe.close()
    return True


class SQLiteWriter:
    """Writes articles and failures into the database at ``path``, one transaction per input.

    ``added``, ``replaced`` and ``unchanged`` count what became of the articles
    written. Use as a context manager: leaving it on an exception rolls back the
    input being written, and keeps every input before it.
    """

    def __init__(self, path: str) -> None:
        import sqlite3

        self.path = path
        self.added = self.replaced = self.unchanged = 0
        self._current: str | None = None
        if not has_fts5():
            raise DatabaseError(
                f"cannot write {path}: this Python's SQLite ({sqlite3.sqlite_version}) "
                "was built without FTS5, which the full-text index needs; use a Python "
                "whose SQLite has it (python.org and most Linux builds do)"
            )
        try:
            self._db = sqlite3.connect(path, isolation_level=None)
        except sqlite3.Error as exc:
            raise DatabaseError(f"cannot open {path}: {exc}") from None
        try:
            self._setup()
        except BaseException:
            self._db.close()
            raise

    def _setup(self) -> None:
        import sqlite3

        db = self._db
        try:
            # WAL: a commit per input costs no fsync (synchronous=NORMAL), and is
            # still all-or-nothing if the process dies.
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            columns = tuple(r[1] for r in db.execute("PRAGMA table_info(articles)"))
            if columns and columns != COLUMNS:
                raise DatabaseError(
                    f"cannot use {self.path} as an article database: its articles table has "
                    f"other columns ({', '.join(columns)}); write to a new file"
                )
            exists = db.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'"
            ).fetchone()
            # One script, one transaction: the tables, the index, and (for an index made
            # over rows already there) a rebuild that fills it.
            script = (
                SCHEMA
                if exists
                else (
                    _FTS
                    + ";\n"
                    + SCHEMA
                    + "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');\n"
                )
            )
            db.executescript("BEGIN;\n" + script + "COMMIT;\n")
        except sqlite3.Error as exc:
            raise DatabaseError(f"cannot use {self.path} as an article database: {exc}") from None

    def _enter(self, path: str) -> None:
        """Start the transaction of input ``path`` (committing the one before)."""
        if path == self._current:
            return
        db = self._db
        if self._current is not None:
            db.execute("COMMIT")
        db.execute("BEGIN")
        db.execute("DELETE FROM failures WHERE path = ?", (path,))
        self._current = path

    def write(self, article: Article) -> None:
        import sqlite3

        values = row(article)
        try:
            self._enter(article.origin.path)
            old = self._db.execute(_SELECT, (values[0],)).fetchone()
            if old is None:
                self._db.execute(_INSERT, values)
                self.added += 1
            elif tuple(old) != values[: len(CONTENT)]:
                self._db.execute(_UPDATE, (*values[1:], values[0]))
                self.replaced += 1
            else:
                self.unchanged += 1
        except sqlite3.Error as exc:
            raise DatabaseError(f"cannot write {self.path}: {exc}") from None

    def write_failure(self, failure: Failure) -> None:
        import sqlite3

        finding = failure.finding
        try:
            self._enter(finding.path)
            self._db.execute(
                "INSERT INTO failures (path, line, code, message) VALUES (?, ?, ?, ?)",
                (finding.path, finding.line, finding.code, finding.message),
            )
        except sqlite3.Error as exc:
            raise DatabaseError(f"cannot write {self.path}: {exc}") from None

    def end_file(self) -> None:
        """Commit the input written so far, now that it is whole: a run stopped while it
        waits for the next input (a slow disk, a pipe) keeps it."""
        import sqlite3

        if self._current is None:
            return
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise DatabaseError(f"cannot write {self.path}: {exc}") from None
        self._current = None

    def close(self) -> None:
        """Commit the last input and close the database."""
        import sqlite3

        try:
            if self._current is not None:
                self._db.execute("COMMIT")
                self._current = None
        except sqlite3.Error as exc:
            raise DatabaseError(f"cannot write {self.path}: {exc}") from None
        finally:
            self._db.close()

    def abort(self) -> None:
        """Roll back the input being written, keep the ones before, close the database."""
        if self._current is not None and self._db.in_transaction:
            self._db.execute("ROLLBACK")
        self._current = None
        self._db.close()

    def summary(self) -> str:
        """``archive.db: 12 added, 1 replaced, 40 unchanged``."""
        return (
            f"{self.path}: {self.added:,} added, {self.replaced:,} replaced, "
            f"{self.unchanged:,} unchanged"
        )

    def __enter__(self) -> SQLiteWriter:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()
