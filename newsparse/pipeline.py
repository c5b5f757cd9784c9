"""Wires reader -> splitter -> parser into one stream of results over many inputs."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Container, Iterable, Iterator
from typing import BinaryIO, Final

from newsparse.errors import InputError, ParseError
from newsparse.model import Article, Failure, Finding
from newsparse.parser import parse_record
from newsparse.reader import DEFAULT_MAX_RECORD, TextInput
from newsparse.splitter import Fragment, split_records
from newsparse.walk import iter_paths

#: One item of a parse stream: an article, something that could not become one,
#: or a finding about a whole file (its encoding, line endings...).
Item = Article | Failure | Finding


class Options:
    """How to parse. ``strict`` raises ParseError on the first finding of any kind.

    Immutable by convention; a plain class, not a frozen dataclass, which would cost
    half a millisecond of every start to build (see model.Finding)."""

    __slots__ = ("max_record", "strict", "today")

    def __init__(
        self,
        strict: bool = False,
        max_record: int = DEFAULT_MAX_RECORD,
        today: _dt.date | None = None,
    ) -> None:
        self.strict: Final = strict
        self.max_record: Final = max_record
        self.today: Final = today

    def _key(self) -> tuple[bool, int, _dt.date | None]:
        return (self.strict, self.max_record, self.today)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Options):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"Options(strict={self.strict!r}, max_record={self.max_record!r}, today={self.today!r})"
        )


DEFAULT = Options()


def parse_lines(
    lines: Iterable[str],
    path: str,
    options: Options = DEFAULT,
    *,
    overlong: Container[int] = (),
) -> Iterator[Article | Failure | Finding]:
    """Parse already-decoded lines (no line endings) into articles and failures (and
    the finding of an empty file, codes.EMPTY_FILE).

    ``overlong`` holds the numbers of lines the reader skipped for being over the
    size limit: their records are reported as too large, not parsed without them.
    """
    today = options.today or _dt.datetime.now(_dt.timezone.utc).date()
    for unit in split_records(lines, path, max_record=options.max_record, overlong=overlong):
        if isinstance(unit, Finding):
            if options.strict:
                raise ParseError(unit)
            yield unit
            continue
        result = unit.failure() if isinstance(unit, Fragment) else parse_record(unit, today=today)
        if options.strict:
            if isinstance(result, Failure):
                raise ParseError(result.finding)
            if result.findings:
                raise ParseError(result.findings[0])
        yield result


def parse_input(path: str, options: Options = DEFAULT) -> Iterator[Item]:
    """Parse one file (or ``-`` for stdin): its articles and failures, then its file findings."""
    return _parse_text_input(TextInput(path, max_line=options.max_record), options)


def parse_stream(stream: BinaryIO, name: str, options: Options = DEFAULT) -> Iterator[Item]:
    """Parse an open binary stream exactly as :func:`parse_input` parses a file of that
    name: the same decompression, encoding detection, size limits and findings, with
    ``name`` as the origin of everything found. The stream is not closed."""
    return _parse_text_input(
        TextInput.from_stream(stream, name, max_line=options.max_record), options
    )


def _parse_text_input(text_input: TextInput, options: Options) -> Iterator[Item]:
    """The one reading path: every file, stream and stdin is parsed here."""
    try:
        with text_input as source:
            try:
                yield from parse_lines(
                    source.lines(), source.name, options, overlong=source.overlong
                )
            except InputError as exc:
                yield Failure(exc.finding, "file")
            for finding in source.findings:
                if options.strict:
                    raise ParseError(finding)
                yield finding
    except InputError as exc:
        if options.strict:
            raise ParseError(exc.finding) from None
        yield Failure(exc.finding, "file")


def parse_paths(
    paths: Iterable[str],
    options: Options = DEFAULT,
    *,
    exclude: Iterable[str] = (),
    skip_folder: str | None = None,
    include: Iterable[str] = (),
    after_file: Callable[[], None] | None = None,
) -> Iterator[Item]:
    """Parse files, folders (recursively, in sorted order) and ``-`` (stdin), streaming.

    ``exclude`` holds glob patterns for names or relative paths to skip in folders;
    ``include``, when given, the patterns a file in a folder must match to be read.
    ``after_file`` is called when a file's items have all been yielded.
    """
    for path in iter_paths(paths, exclude=exclude, skip_folder=skip_folder, include=include):
        if isinstance(path, Failure):
            if options.strict:
                raise ParseError(path.finding)
            yield path
        else:
            yield from parse_input(path, options)
            if after_file is not None:
                after_file()
