"""Dump text in; the same dump in canonical form out, record by record.

A record is rewritten only when that is safe: it parses to an article, and the
canonical text generated from that article (``writers.dump``) parses back to
the same article, field by field. Anything else is kept verbatim and reported:
records that fail to parse, records the canonical form cannot carry, records
whose parse would drop a line, and text before the first header. A file that
cannot be read, holds no header, has a record or line over the size limit, or
has bytes that are invalid in its encoding is left untouched and reported.

Formatting is idempotent: a canonical record parses to the article it was made
from, and a verbatim record is kept as it is each time.
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsparse import codes
from newsparse.compression import compression_of
from newsparse.errors import InputError
from newsparse.model import Article, Failure, Finding, RawRecord
from newsparse.parser import parse_record
from newsparse.reader import DEFAULT_MAX_RECORD, TextInput, display_path
from newsparse.splitter import Fragment, split_records
from newsparse.writers.dump import dump_lines

if TYPE_CHECKING:
    pass


#: Findings that mean parsing dropped a line of the record's text (NP207), or a zone
#: abbreviation it could not read from the header date (NP112): such a record is kept
#: verbatim, so that formatting never deletes what the parser set aside.
DROPPING_RULES = frozenset({codes.IMAGE_NOT_URL, codes.DATE_ZONE_UNKNOWN})

#: File findings that make a file unsafe to rewrite: a line was cut for size, or
#: invalid bytes were replaced (rewriting would make the replacement permanent).
UNSAFE_FILE_RULES = frozenset({codes.RECORD_TOO_LARGE, codes.INVALID_BYTES})

#: The fields an article is made of, named first when a round trip changes one
#: (the other to_dict() keys are derived from them).
_FIELDS = ("url", "original_url", "date", "headline", "lead", "images", "body")


@dataclass(frozen=True, slots=True)
class Formatted:
    """A file's text in canonical form, and what could not be formatted.

    ``text`` is None when the file must be left untouched as a whole (no header,
    or a record over the size limit); ``reports`` then says why. ``records``
    counts the records found, ``verbatim`` those kept as they were, and
    ``fragments`` the pieces of text before the first header, kept as well.
    """

    text: str | None
    reports: tuple[Failure, ...] = ()
    records: int = 0
    verbatim: int = 0
    fragments: int = 0


def format_lines(
    lines: Iterable[str],
    path: str,
    *,
    max_record: int = DEFAULT_MAX_RECORD,
    today: _dt.date | None = None,
) -> Formatted:
    """Format decoded lines (without line endings) of one file into canonical text."""
    pieces: list[str] = []
    done = stream_lines(lines, path, pieces.append, max_record=max_record, today=today)
    if not done.ok:
        return Formatted(None, done.reports, done.records)
    return Formatted("".join(pieces), done.reports, done.records, done.verbatim, done.fragments)


@dataclass(frozen=True, slots=True)
class Streamed:
    """What :func:`stream_lines` did. ``ok`` is False when the file must be left
    untouched as a whole (what was written so far is then to be thrown away)."""

    ok: bool
    reports: tuple[Failure, ...] = ()
    records: int = 0
    verbatim: int = 0
    fragments: int = 0


def stream_lines(
    lines: Iterable[str],
    path: str,
    write: Callable[[str], object],
    *,
    max_record: int = DEFAULT_MAX_RECORD,
    today: _dt.date | None = None,
) -> Streamed:
    """Format decoded lines record by record, handing the canonical text to ``write``
    as each record is done: memory holds one record, whatever the file's size.

    The pieces written join into ``"\n\n".join(records) + "\n"`` (nothing for no record).
    """
    if today is None:
        today = _dt.datetime.now(_dt.timezone.utc).date()
    reports: list[Failure] = []
    records = verbatim = fragments = 0
    first = True

    def put(piece: list[str]) -> None:
        nonlocal first
        write(("\n" if not first else "") + "\n".join(piece) + "\n")
        first = False

    for unit in split_records(lines, path, max_record=max_record):
        if isinstance(unit, Finding):  # an empty file: canonical as it is, left as it is
            return Streamed(False, (Failure(unit, "file"),))
        if isinstance(unit, Fragment):
            if not unit.complete:
                return Streamed(
                    False, (_too_large(path, unit.line, "text before the first header"),)
                )
            if unit.whole_file:
                return Streamed(False, (unit.failure(),))
            reports.append(unit.failure())
            put(_trimmed(unit.lines))
            fragments += 1
            continue
        records += 1
        if unit.too_large:
            return Streamed(False, (_too_large(path, unit.line, "record"),), records)
        lines_out, problem = format_record(unit, today=today, max_record=max_record)
        put(lines_out)
        if problem is not None:
            reports.append(problem)
            verbatim += 1
    return Streamed(True, tuple(reports), records, verbatim, fragments)


def format_text(text: str, path: str = "<string>", *, today: _dt.date | None = None) -> Formatted:
    """Format dump text (any line endings) into canonical text.

    >>> format_text(" DATE: Jan 23, 2026 //Example.com/a\\r\\nHello\\r\\n\\r\\nWorld.").text
    ' date 2026-01-23 //Example.com/a\\n\\nHello\\n\\nWorld.\\n'
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = io.StringIO(text, newline=None).read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return format_lines(lines, path, today=today)


def format_record(
    raw: RawRecord, *, today: _dt.date | None = None, max_record: int = DEFAULT_MAX_RECORD
) -> tuple[list[str], Failure | None]:
    """One record's lines in canonical form, or its own lines and the reason it is kept."""
    result = parse_record(raw, today=today)
    if isinstance(result, Failure):
        return verbatim_lines(raw), result
    dropped = next((f for f in result.findings if f.rule in DROPPING_RULES), None)
    if dropped is not None:
        return verbatim_lines(raw), Failure(dropped, "record")
    lines = dump_lines(result)
    problem = _round_trip_problem(result, lines, raw, today, max_record)
    if problem is not None:
        message = f"record left as it is: {problem}"
        return verbatim_lines(raw), Failure(
            Finding(codes.UNFORMATTABLE_RECORD, message, raw.path, raw.line), "record"
        )
    return lines, None


def verbatim_lines(raw: RawRecord) -> list[str]:
    """A record's header and lines as read, without the empty lines that end it."""
    return _trimmed((raw.header, *raw.lines))


def comparable(article: Article) -> dict[str, object]:
    """An article's fields as compared for equivalence: every field but its origin."""
    data = article.to_dict()
    del data["origin"]
    return data


def _trimmed(lines: Iterable[str]) -> list[str]:
    kept = list(lines)
    while kept and kept[-1] == "":
        kept.pop()
    return kept


def _too_large(path: str, line: int, what: str) -> Failure:
    message = f"{what} is over the size limit; file left as it is"
    return Failure(Finding(codes.RECORD_TOO_LARGE, message, path, line), "file")


def _round_trip_problem(
    article: Article, lines: list[str], raw: RawRecord, today: _dt.date | None, max_record: int
) -> str | None:
    """Why the canonical lines would not parse back to ``article``, or None if they do."""
    units = list(split_records(lines, raw.path, max_record=max_record))
    if len(units) != 1 or not isinstance(units[0], RawRecord):
        return f"its canonical form would split into {len(units)} parts"
    again = parse_record(units[0], today=today)
    if isinstance(again, Failure):
        return f"its canonical form would not parse ({again.finding.code})"
    if any(f.rule in DROPPING_RULES for f in again.findings):
        return "its canonical form would lose an image line"
    before, after = comparable(article), comparable(again)
    for key in (*_FIELDS, *before):
        if after[key] != before[key]:
            return f"its {key} would change in canonical form"
    return None


# --- files --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FormattedFile:
    """One file formatted: its bytes before and after, and what was reported.

    ``original`` is the file's content (decompressed); ``output`` the canonical
    UTF-8 bytes (uncompressed), or None when the file is left untouched.
    """

    path: str
    name: str
    original: bytes
    output: bytes | None
    compression: str | None = None
    encoding: str = "utf-8"
    reports: tuple[Failure, ...] = ()
    records: int = 0
    verbatim: int = 0
    fragments: int = 0

    @property
    def failed(self) -> bool:
        """True when the file is left untouched as a whole."""
        return self.output is None

    @property
    def changed(self) -> bool:
        return self.output is not None and self.output != self.original

    @property
    def text(self) -> bytes:
        """What to print for this file: the canonical bytes, or the original if untouched."""
        return self.original if self.output is None else self.output

    def original_text(self) -> str:
        """The original content as the reader decoded it, with LF line endings."""
        text = self.original.decode(self.encoding, errors="replace")
        return text.replace("\r\n", "\n").replace("\r", "\n")

    def diff(self) -> str:
        """A unified diff from the original text to the canonical text ('' if none)."""
        if self.output is None:
            return ""
        return unified_diff(self.original_text(), self.output.decode("utf-8"), self.name)


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff with ``--- name`` and ``+++ name`` headers, marking a missing
    final newline the way diff(1) does.

    The diff is for a person, so archive text in it goes through display() (ESC,
    U+009B, bidi overrides, U+2028 would act on the terminal); tabs stay tabs.
    """
    import difflib

    from newsparse.display import display

    out: list[str] = []
    for line in difflib.unified_diff(_with_ends(before), _with_ends(after), name, name):
        body = line[:-1] if line.endswith("\n") else line
        shown = "\t".join(display(part) for part in body.split("\t"))
        if line.endswith("\n"):
            out.append(shown + "\n")
        else:
            out.append(shown + "\n\\ No newline at end of file\n")
    return "".join(out)


def _with_ends(text: str) -> list[str]:
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    if not lines[-1]:
        lines.pop()
    return lines


def _file_failure(path: str, rule: codes.Rule, message: str, line: int = 1) -> FormattedFile:
    name = display_path(path)
    return FormattedFile(
        path, name, b"", None, reports=(Failure(Finding(rule, message, name, line), "file"),)
    )


def compress(data: bytes, kind: str | None) -> bytes:
    """Compress ``data`` as ``kind`` (gzip with mtime 0, so output is reproducible)."""
    if kind == "gzip":
        import gzip

        return gzip.compress(data, mtime=0)
    if kind == "bzip2":
        import bz2

        return bz2.compress(data)
    if kind == "xz":
        import lzma

        return lzma.compress(data)
    return data


def _decompress(data: bytes, kind: str | None) -> bytes:
    if kind == "gzip":
        import gzip

        return gzip.decompress(data)
    if kind == "bzip2":
        import bz2

        return bz2.decompress(data)
    if kind == "xz":
        import lzma

        return lzma.decompress(data)
    return data


def format_bytes(
    data: bytes,
    path: str,
    *,
    max_record: int = DEFAULT_MAX_RECORD,
    today: _dt.date | None = None,
) -> FormattedFile:
    """Format a file's bytes (compressed or not, in any encoding the reader knows)."""
    name = display_path(path)
    try:
        with TextInput.from_stream(io.BytesIO(data), path, max_line=max_record) as source:
            lines = list(source.lines())
    except InputError as exc:
        return FormattedFile(path, name, b"", None, reports=(Failure(exc.finding, "file"),))
    kind = compression_of(data, path)
    original = _decompress(data, kind)
    unsafe = tuple(Failure(f, "file") for f in source.findings if f.rule in UNSAFE_FILE_RULES)
    if unsafe:
        return FormattedFile(path, name, original, None, kind, source.encoding, unsafe)
    formatted = format_lines(lines, name, max_record=max_record, today=today)
    output = None if formatted.text is None else formatted.text.encode("utf-8")
    reports = formatted.reports
    if formatted.text is not None and not _reads_back(formatted.text, max_record):
        output = None
        message = "file left as it is: its formatted text would not read back the same"
        reports = (*reports, Failure(Finding(codes.UNFORMATTABLE_FILE, message, name, 1), "file"))
    return FormattedFile(
        path,
        name,
        original,
        output,
        kind,
        source.encoding,
        reports,
        formatted.records,
        formatted.verbatim,
        formatted.fragments,
    )


def _reads_back(text: str, max_record: int) -> bool:
    """True when the canonical bytes decode to exactly the lines meant (no control
    characters taken for a binary file, no bytes taken for compression)."""
    expected = text.split("\n")[:-1]
    try:
        with TextInput.from_stream(
            io.BytesIO(text.encode("utf-8")), "-", max_line=max_record
        ) as back:
            return list(back.lines()) == expected and back.encoding == "utf-8"
    except InputError:
        return False
