"""Converting one input: a planned input in; its output files written, and a ConvertedFile out.

Each output is written atomically, after comparing with what is already on
disk. A Converter runs in this process or in a worker process of
:mod:`newsparse.convert.pool`; only small ConvertedFile records travel back.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from newsparse import codes
from newsparse.codes import Rule
from newsparse.convert.naming import output_name
from newsparse.convert.plan import FileTask
from newsparse.model import Article, Failure, Finding
from newsparse.pipeline import Options, parse_input
from newsparse.reader import display_path
from newsparse.tally import Tally
from newsparse.writers import PER_FILE, renderer_for

if TYPE_CHECKING:
    from newsparse.filters import Selection

#: Rules for problems with outputs rather than inputs (see ``newsparse rules``).
NAME_CLASH, OUTPUT_DIFFERS, WRITE_FAILED = (
    codes.OUTPUT_NAME_CLASH,
    codes.OUTPUT_DIFFERS,
    codes.OUTPUT_WRITE_FAILED,
)


@dataclass(frozen=True, slots=True)
class ConvertSettings:
    """How to convert, shared by every worker. ``root`` is the real path of the output folder."""

    root: str
    format: str = "json"
    options: Options = field(default_factory=Options)
    overwrite: bool = False
    skip_existing: bool = False
    dry_run: bool = False
    #: which articles to write (--since, --source...); None writes every one
    selection: Selection | None = None


@dataclass(slots=True)
class ConvertedFile:
    """What became of one input. ``tally`` counts what was parsed; the other counts say
    what became of its articles:
    ``written + unchanged + refused + tally.left_out == tally.articles``.
    """

    path: str
    tally: Tally = field(default_factory=Tally)
    written: int = 0
    unchanged: int = 0
    refused: int = 0
    skipped: bool = False
    interrupted: bool = False
    failures: list[Failure] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    #: findings about the file as a whole (its encoding, line endings, that it is empty)
    warnings: list[Finding] = field(default_factory=list)

    def abandon(self) -> None:
        """Mark the input as left part-way: articles parsed but not written are not
        counted (a resumed run will convert them)."""
        self.interrupted = True
        self.tally.articles = self.written + self.unchanged + self.refused + self.tally.left_out


State = Literal["new", "same", "differs", "blocked"]


def compare(path: str, data: bytes) -> State:
    """Whether ``path`` is missing, holds exactly ``data``, holds something else, or is
    ``blocked`` by something that is not a regular file (a symbolic link, a folder, a
    FIFO, a device), which is never opened, written through or replaced.
    """
    try:
        info = os.lstat(path)
    except OSError:
        return "new"
    if not stat.S_ISREG(info.st_mode):
        return "blocked"
    if info.st_size != len(data):
        return "differs"
    try:
        with open(path, "rb") as handle:
            return "same" if handle.read() == data else "differs"
    except OSError:
        return "differs"


def write_atomically(path: str, data: bytes, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    An interruption at any moment leaves either the old file or the new one, never
    a partial one. Files are not fsynced one by one (that costs ten times the write
    itself): :meth:`Batch.close` syncs once at the end. A replaced file keeps its
    owner, group, permission bits and extended attributes; a new one gets ``mode``.
    A symbolic link or a special file in the way raises ``atomic.Refused``.
    """
    from newsparse.atomic import atomic_write

    with atomic_write(path, binary=True, mode=mode, fsync=False, special="refuse") as handle:
        handle.write(data)


class Converter:
    """Parses inputs and writes their outputs, one input at a time.

    ``stopped`` is polled between records: when it returns true the input being
    converted is abandoned (its finished outputs stay, nothing partial is left).
    Each write runs inside ``critical()``, which the pool uses to hold a signal
    back until the write is done (:class:`newsparse.convert.critical.Critical`).
    """

    def __init__(
        self,
        settings: ConvertSettings,
        stopped: Callable[[], bool] = lambda: False,
        critical: Callable[[], AbstractContextManager[None]] | None = None,
    ) -> None:
        self.settings = settings
        self.stopped = stopped
        self.critical = critical or contextlib.nullcontext
        self._folders: set[str] = set()
        self._verdict: Callable[[Article], str | None] | None = None
        if settings.selection is not None:
            from newsparse.filters import ArticleFilter

            self._verdict = ArticleFilter(settings.selection).verdict
        umask = os.umask(0o22)
        os.umask(umask)
        self._mode = 0o666 & ~umask
        self._render = renderer_for(settings.format)

    def new_result(self, path: str) -> ConvertedFile:
        return ConvertedFile(path)

    def convert(self, task: FileTask, result: ConvertedFile) -> None:
        """Convert one input, filling in ``result`` as it goes (so that it is right so far
        even if an exception interrupts)."""
        settings = self.settings
        if settings.skip_existing and task.clash is None and self._done_before(task):
            result.skipped = True
            return
        jsonl = settings.format in PER_FILE  # one output per input
        lines: list[str] = []
        first: Article | None = None
        records = 0
        for item in parse_input(task.path, settings.options):
            result.tally.add(item)
            if isinstance(item, Article):
                records += 1
                left_out = self._verdict(item) if self._verdict is not None else None
                if left_out is not None:  # still numbered: names do not move with a filter
                    result.tally.leave_out(left_out)
                elif jsonl:
                    first = first or item
                    lines.append(self._render(item))
                elif records == 1:
                    first = item  # its name depends on whether another record follows
                else:
                    name = output_name(task.stem, settings.format, records)
                    self._put(task, result, name, self._render(item), item.origin.line)
            elif isinstance(item, Failure):
                records += item.scope == "record"
                result.failures.append(item)
            else:
                result.warnings.append(item)
            if self.stopped():
                result.abandon()
                return
        if first is None:
            return
        if jsonl:
            if settings.format == "csv":
                from newsparse.writers.csv import HEADER

                lines.insert(0, HEADER)
            self._put(
                task,
                result,
                output_name(task.stem, settings.format),
                "".join(lines),
                first.origin.line,
                len(lines),
            )
        else:
            number = 1 if records > 1 else None
            name = output_name(task.stem, settings.format, number)
            self._put(task, result, name, self._render(first), first.origin.line)

    def _done_before(self, task: FileTask) -> bool:
        """True when the output that is written last for this input exists and is newer."""
        try:
            source = os.stat(task.path).st_mtime_ns
        except OSError:
            return False
        fmt = self.settings.format
        names = [output_name(task.stem, fmt)]
        if fmt not in PER_FILE:
            names.append(output_name(task.stem, fmt, 1))
        for name in names:
            try:
                info = os.stat(os.path.join(task.folder, name))
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode) and info.st_mtime_ns >= source:
                return True
        return False

    def _put(
        self, task: FileTask, result: ConvertedFile, name: str, text: str, line: int, count: int = 1
    ) -> None:
        settings = self.settings
        path = os.path.join(task.folder, name)
        shown = display_path(path)
        scope: Literal["record", "file"] = "file" if settings.format in PER_FILE else "record"

        def refuse(rule: Rule, message: str) -> None:
            result.refused += count
            result.failures.append(Failure(Finding(rule, message, result.path, line), scope))

        if task.clash is not None:
            return refuse(
                NAME_CLASH,
                f"output {shown} would take a name that belongs to {task.clash}; not written",
            )
        data = text.encode("utf-8", "surrogateescape")
        state = compare(path, data)
        if state == "same":
            result.unchanged += count
            return None
        if state == "blocked":
            return refuse(
                WRITE_FAILED,
                f"output {shown} is a symbolic link or a special file; "
                "not written through or replaced",
            )
        if state == "differs" and not settings.overwrite:
            return refuse(
                OUTPUT_DIFFERS,
                f"output {shown} exists and differs; not replaced (--overwrite replaces it)",
            )
        if settings.dry_run:
            result.outputs.append(path)
            result.written += count
            return None
        try:
            self._make_folder(task.folder)
            with self.critical():
                write_atomically(path, data, self._mode)
                result.written += count
        except OSError as exc:
            return refuse(WRITE_FAILED, f"cannot write {shown}: {exc.strerror or exc}")
        return None

    def _make_folder(self, folder: str) -> None:
        """Create ``folder`` unless it exists; never through a link that leaves the root."""
        if folder in self._folders:
            return
        root = self.settings.root
        real = os.path.realpath(folder)
        if real != root and not real.startswith(root.rstrip(os.sep) + os.sep):
            raise OSError(0, "its folder leads outside the output folder (a symbolic link?)")
        os.makedirs(folder, exist_ok=True)
        if len(self._folders) > 4096:
            self._folders.clear()
        self._folders.add(folder)
