"""Folder conversion: dump trees in, one output file per article out.

Three parts, each usable alone:

- **Planning** (:func:`plan_tasks`) walks the inputs in a deterministic order and
  decides where each input's outputs go. It runs in the calling process and
  reserves output names as it goes, so two inputs can never be given the same
  name, whatever the number of workers.
- **Converting** (:class:`Converter`) parses one input and writes its outputs,
  each atomically, comparing with what is already on disk first. It runs in
  worker processes; only small :class:`ConvertedFile` records travel back.
- **Running** (:class:`Batch`) feeds planned inputs to the workers with bounded
  work in flight and hands results back in input order, so that reports, counts
  and outputs do not depend on the number of workers.

The naming rule
---------------
An input's output names come from its path relative to the source argument it
was found under (a source that is a file maps to its own name):

- compression extensions (``.gz``, ``.bz2``, ``.xz``), then ``.txt``, are
  stripped: ``a/b/story.txt``, ``a/b/story.txt.gz`` and ``a/b/story.gz`` all give
  the stem ``a/b/story``;
- a file that holds exactly one record gives ``story.json`` (or ``.md``); a file
  that holds several gives ``story.1.json``, ``story.2.json``, ... numbered by
  record order, counting records that failed too, so names do not move when a
  record is repaired;
- with ``jsonl`` (or ``csv``) every input gives one ``story.jsonl`` (``story.csv``)
  holding all its articles;
- with several source arguments, a folder source is mirrored under its own name
  (``OUTDIR/2025/...``); with a single folder source its contents go straight
  into ``OUTDIR``. File sources always go straight into ``OUTDIR``.
- ``%``, control characters, line separators and bytes that are not UTF-8 are
  written as ``%XX`` (the bytes in hex), so every name is printable and distinct
  inputs give distinct names.

Each input owns its stem and every numbered name of it. An input whose stem is
taken (``story.txt`` then ``story.txt.gz``), or whose names could meet another's
(``story.1.txt`` next to ``story.txt``), is reported, not written (NP601).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from newsparse import codes
from newsparse.codes import Rule
from newsparse.errors import NewsparseError
from newsparse.model import Article, Failure, Finding
from newsparse.pipeline import Options, parse_input
from newsparse.reader import display_path, iter_paths
from newsparse.tally import Tally, plural
from newsparse.writers import EXTENSIONS, PER_FILE

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from newsparse.filters import Selection

#: Rules for problems with outputs rather than inputs (see ``newsparse rules``).
NAME_CLASH, OUTPUT_DIFFERS, WRITE_FAILED = (
    codes.OUTPUT_NAME_CLASH, codes.OUTPUT_DIFFERS, codes.OUTPUT_WRITE_FAILED,
)

_COMPRESSED = (".gz", ".bz2", ".xz")
_UNSAFE = re.compile("[%\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_NUMBERED = re.compile(r"^(.+)\.(\d+)$")
MAX_BATCH = 32


class SourceError(NewsparseError):
    """The source arguments cannot be converted as given (a usage error)."""


# ---------------------------------------------------------------------------
# Naming


def safe_name(name: str) -> str:
    """A file name made printable and unambiguous: ``%`` and unsafe characters become ``%XX``.

    Characters become the hex of their UTF-8 bytes; bytes that were not UTF-8
    (decoded by the OS layer as surrogate escapes) become the original byte.
    """
    if name.isascii() and name.isprintable() and "%" not in name:
        return name

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if "\udc80" <= char <= "\udcff":
            return f"%{ord(char) - 0xDC00:02X}"
        return "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))

    return _UNSAFE.sub(escape, name)


def output_stem(name: str) -> str:
    """An input file name without its compression and ``.txt`` extensions, made safe."""
    lower = name.lower()
    for ext in _COMPRESSED:
        if lower.endswith(ext) and len(name) > len(ext):
            name, lower = name[: -len(ext)], lower[: -len(ext)]
            break
    if lower.endswith(".txt") and len(name) > 4:
        name = name[:-4]
    return safe_name(name)


def output_name(stem: str, fmt: str, number: int | None = None) -> str:
    """``story.json``, or ``story.3.json`` for the third record of a multi-record file."""
    return stem + ("" if number is None else f".{number}") + EXTENSIONS[fmt]


def _source_name(source: str) -> str:
    return safe_name(os.path.basename(os.path.abspath(source))) or "root"


# ---------------------------------------------------------------------------
# Planning


@dataclass(frozen=True, slots=True)
class FileTask:
    """One input to convert: where it is and where its outputs go.

    ``clash`` names the input that already owns these output names: the input is
    then still read (so that its records are counted and reported), but nothing
    of it is written.
    """

    path: str
    folder: str
    stem: str
    clash: str | None = None


def check_sources(sources: Iterable[str], outdir: str) -> list[str]:
    """The source arguments, validated; raises SourceError for a usage problem."""
    sources = list(sources)
    if not sources:
        raise SourceError("no input: give the files or folders to convert")
    if "-" in sources:
        raise SourceError("convert reads files and folders, not stdin (-); use 'newsparse parse -'")
    out_real = os.path.realpath(outdir)
    folders: dict[str, str] = {}
    for source in sources:
        real = os.path.realpath(source)
        if real == out_real or real.startswith(out_real.rstrip(os.sep) + os.sep):
            raise SourceError(f"input {display_path(source)} is inside the output folder "
                              f"{display_path(outdir)}")
        if len(sources) > 1 and os.path.isdir(source):
            name = _source_name(source)
            if name in folders:
                raise SourceError(
                    f"folders {display_path(folders[name])} and {display_path(source)} would "
                    f"both be mirrored as {display_path(os.path.join(outdir, name))}; "
                    "convert them one at a time, into different output folders"
                )
            folders[name] = source
    return sources


class _Names:
    """Stems reserved so far, per output folder, for the folders on the walk's current path.

    The walk is depth-first and distinct input folders map to distinct output
    folders, so a folder's names can be forgotten once the walk has left it:
    memory grows with the largest folder, not with the tree.
    """

    def __init__(self, numbered: bool) -> None:
        self.numbered = numbered
        self._stack: list[tuple[str, dict[str, str], dict[str, str]]] = []

    def reserve(self, folder: str, stem: str, owner: str) -> str | None:
        """Reserve ``stem`` in ``folder`` for ``owner``; or return who already holds it."""
        stack = self._stack
        while stack and not (folder == stack[-1][0]
                             or folder.startswith(stack[-1][0].rstrip(os.sep) + os.sep)):
            stack.pop()
        if not stack or stack[-1][0] != folder:
            stack.append((folder, {}, {}))
        _, stems, bases = stack[-1]
        holder = stems.get(stem)
        numbered = _NUMBERED.match(stem) if self.numbered else None
        if holder is None and self.numbered:
            # story.1 (single: story.1.json) meets story (multi: story.1.json)
            holder = bases.get(stem) or (stems.get(numbered[1]) if numbered else None)
        if holder is not None:
            return holder
        stems[stem] = owner
        if numbered:
            bases.setdefault(numbered[1], owner)
        return None


def plan_tasks(
    sources: list[str],
    outdir: str,
    fmt: str,
    *,
    exclude: Iterable[str] = (),
    include: Iterable[str] = (),
) -> Iterator[FileTask | Failure]:
    """Every input to convert, in a deterministic order, with its output place.

    Paths that cannot be read are yielded as failures, in their place.
    ``outdir`` is skipped when it lies inside a source folder.
    """
    names = _Names(numbered=fmt not in PER_FILE)
    outdir = os.path.normpath(outdir)
    exclude = tuple(exclude)
    mirror = len(sources) > 1
    for source in sources:
        if not os.path.isdir(source):
            for item in iter_paths([source]):
                if isinstance(item, Failure):
                    yield item
                else:
                    yield _task(names, item, outdir, output_stem(os.path.basename(source)))
            continue
        root = os.path.join(outdir, _source_name(source)) if mirror else outdir
        prefix = os.path.join(source, "")
        for item in iter_paths([source], exclude=exclude, skip_folder=outdir, include=include):
            if isinstance(item, Failure):
                yield item
                continue
            parts = item[len(prefix):].split(os.sep)
            folder = os.path.join(root, *map(safe_name, parts[:-1])) if len(parts) > 1 else root
            yield _task(names, item, folder, output_stem(parts[-1]))


def _task(names: _Names, path: str, folder: str, stem: str) -> FileTask:
    owner = display_path(path)
    return FileTask(path, folder, stem, names.reserve(folder, stem, owner))


# ---------------------------------------------------------------------------
# Converting one input


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


    def abandon(self) -> None:
        """Mark the input as left part-way: articles parsed but not written are not
        counted (a resumed run will convert them)."""
        self.interrupted = True
        self.tally.articles = self.written + self.unchanged + self.refused + self.tally.left_out


class Critical:
    """Marks the sections that a signal must not break into: a write in progress.

    A signal handler that finds ``inside`` true stores what it would do in
    ``pending``; it is done as soon as the section ends.
    """

    def __init__(self) -> None:
        self.inside = False
        self.pending: Callable[[], None] | None = None

    @contextlib.contextmanager
    def __call__(self) -> Iterator[None]:
        self.inside = True
        try:
            yield
        finally:
            self.inside = False
            act, self.pending = self.pending, None
            if act is not None:
                act()


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
    """

    def __init__(
        self,
        settings: ConvertSettings,
        stopped: Callable[[], bool] = lambda: False,
        critical: Critical | None = None,
    ) -> None:
        self.settings = settings
        self.stopped = stopped
        self.critical = critical or Critical()
        self._folders: set[str] = set()
        self._verdict: Callable[[Article], str | None] | None = None
        if settings.selection is not None:
            from newsparse.filters import ArticleFilter

            self._verdict = ArticleFilter(settings.selection).verdict
        umask = os.umask(0o22)
        os.umask(umask)
        self._mode = 0o666 & ~umask
        if settings.format == "md":
            from newsparse.writers.markdown import render_markdown

            self._render: Callable[[Article], str] = render_markdown
        elif settings.format == "csv":
            from newsparse.writers.csv import render_csv_row

            self._render = render_csv_row
        else:
            from newsparse.writers.jsonl import article_json

            if settings.format == "json":
                self._render = lambda article: article_json(article, indent=2) + "\n"
            else:
                self._render = lambda article: article_json(article) + "\n"

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
            if self.stopped():
                result.abandon()
                return
        if first is None:
            return
        if jsonl:
            if settings.format == "csv":
                from newsparse.writers.csv import HEADER

                lines.insert(0, HEADER)
            self._put(task, result, output_name(task.stem, settings.format), "".join(lines),
                      first.origin.line, len(lines))
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
            return refuse(NAME_CLASH, f"output {shown} would take a name that belongs to "
                          f"{task.clash}; not written")
        data = text.encode("utf-8", "surrogateescape")
        state = compare(path, data)
        if state == "same":
            result.unchanged += count
            return None
        if state == "blocked":
            return refuse(WRITE_FAILED, f"output {shown} is a symbolic link or a special file; "
                          "not written through or replaced")
        if state == "differs" and not settings.overwrite:
            return refuse(OUTPUT_DIFFERS, f"output {shown} exists and differs; not replaced "
                          "(--overwrite replaces it)")
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


# ---------------------------------------------------------------------------
# Running many inputs


@dataclass(slots=True)
class Totals:
    """The counts of a whole run. Every record read is an article written, an article
    already up to date, or reported: ``records == written + unchanged + left out + reported``."""

    files: int = 0
    skipped: int = 0
    tally: Tally = field(default_factory=Tally)
    written: int = 0
    unchanged: int = 0
    refused: int = 0

    @property
    def records(self) -> int:
        return self.tally.records

    @property
    def reported(self) -> int:
        """Records not written: failed to parse, or their output was refused."""
        return self.tally.failed_records + self.refused

    @property
    def failed(self) -> bool:
        return self.tally.failed or self.refused > 0

    def add(self, item: ConvertedFile | Failure) -> None:
        self.files += 1
        if isinstance(item, Failure):
            self.tally.add(item)
            return
        if item.skipped:
            self.skipped += 1
            return
        other = item.tally
        tally = self.tally
        tally.files += 1
        tally.articles += other.articles
        tally.failed_records += other.failed_records
        tally.failed_files += other.failed_files
        tally.fragments += other.fragments
        tally.findings += other.findings
        tally.filtered += other.filtered
        tally.duplicates += other.duplicates
        self.written += item.written
        self.unchanged += item.unchanged
        self.refused += item.refused

    def summary(self, seconds: float, *, dry_run: bool = False, interrupted: bool = False) -> str:
        """``Converted 12 files, 43 records: 40 articles written, 2 up to date, 1 reported;
        1 file failed in 0.4 s (107 records/s).``"""
        lead = "Interrupted after" if interrupted else "Dry run:" if dry_run else "Converted"
        verb = "to write" if dry_run else "written"
        parts = [f"{plural(self.written, 'article')} {verb}"]
        if self.unchanged:
            parts.append(f"{self.unchanged} up to date")
        if self.tally.filtered:
            parts.append(f"{self.tally.filtered} filtered")
        if self.tally.duplicates:
            parts.append(plural(self.tally.duplicates, "duplicate").replace(",", ""))
        parts.append(f"{self.reported} reported")
        counted = f"{plural(self.files, 'file')}, {plural(self.records, 'record')}"
        text = f"{lead} {counted}: {', '.join(parts)}"
        if self.tally.failed_files:
            text += f"; {plural(self.tally.failed_files, 'file')} failed"
        if self.tally.fragments:
            text += f"; {plural(self.tally.fragments, 'text fragment')} outside any record"
        if self.skipped:
            text += f"; {plural(self.skipped, 'file')} skipped (up to date)"
        rate = self.records / seconds if seconds > 0 else 0.0
        return f"{text} in {seconds:.1f} s ({rate:,.0f} records/s)."


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_Entry = tuple[list[FileTask | Failure], "Future[list[ConvertedFile]] | None"]


class Batch:
    """Runs a stream of planned inputs through ``jobs`` workers; use as a context manager.

    With ``jobs == 1`` everything runs in this process. Otherwise worker processes
    are started on entry (before the caller starts any thread), at most
    ``jobs * 4`` batches of inputs are in flight, and results come back in input
    order. After an interrupt (KeyboardInterrupt or any exception raised while
    iterating), call :meth:`stop`: it makes the workers stop between records and
    returns the results of work that finished but was not yet handed back.
    """

    def __init__(self, settings: ConvertSettings, jobs: int = 1) -> None:
        self.settings = settings
        self.jobs = max(1, jobs)
        self._pool: ProcessPoolExecutor | None = None
        self._event: Any = None
        self._pending: deque[_Entry] = deque()
        self._current: _Entry | None = None
        self._unhanded: list[ConvertedFile] = []
        self._partial: ConvertedFile | None = None
        self._signal: int | None = None
        self._critical = Critical()
        self._saved: dict[int, Any] = {}

    def __enter__(self) -> Batch:
        if self.jobs > 1:
            import multiprocessing
            import sys
            from concurrent.futures import ProcessPoolExecutor

            # fork is cheap and safe here: no thread has been started yet.
            method = "fork" if sys.platform.startswith("linux") else None
            context = multiprocessing.get_context(method)
            self._event = context.Event()
            self._pool = ProcessPoolExecutor(
                self.jobs, mp_context=context, initializer=_init_worker,
                initargs=(self.settings, self._event),
            )
            self._pool.submit(_ready).result()  # start the workers now
        self._defer_signals()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers, and flush what was written to disk (one sync for the run)."""
        self._restore_signals()
        if self._pool is not None:
            self._event.set()
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if not self.settings.dry_run and hasattr(os, "sync"):
            os.sync()

    # Signals. In this process (-j 1) Ctrl-C and SIGTERM act at once, as usual, except
    # inside a write, which they wait for. With workers, this process notes the signal,
    # passes it on to the workers (which stop the same way and hand back what they
    # did) and raises it once their results are in. A second signal acts at once.

    def _defer_signals(self) -> None:
        import signal
        import threading

        if threading.current_thread() is not threading.main_thread():
            return
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous = signal.getsignal(signum)
            if previous not in (signal.SIG_IGN, None):
                self._saved[signum] = previous
                signal.signal(signum, self._note_signal)

    def _note_signal(self, signum: int, frame: object) -> None:
        if self._pool is None:
            if self._critical.inside and self._critical.pending is None:
                self._critical.pending = lambda: self._act(signum)
                return
            self._act(signum)
        elif self._signal is None:
            self._signal = signum
            self._stop_workers()
        else:
            self._act(signum)

    def _act(self, signum: int) -> None:
        """Do what the signal did before the run: raise KeyboardInterrupt, Terminated..."""
        import signal

        previous = self._saved.get(signum)
        self._restore_signals()
        if callable(previous):
            previous(signum, None)
        signal.raise_signal(signum)

    def _restore_signals(self) -> None:
        import signal

        for signum, handler in self._saved.items():
            signal.signal(signum, handler)
        self._saved.clear()

    def _raise_signal(self) -> None:
        """At a safe point: act on a signal that arrived while workers were busy."""
        if self._signal is not None:
            self._act(self._signal)

    def _stop_workers(self) -> None:
        """Tell every worker to stop: between records, or at once if blocked reading."""
        import multiprocessing
        import signal

        self._event.set()
        for child in multiprocessing.active_children():
            if child.pid is not None:
                with contextlib.suppress(OSError):
                    os.kill(child.pid, signal.SIGINT)

    def results(self, tasks: Iterable[FileTask | Failure]) -> Iterator[ConvertedFile | Failure]:
        """Convert every task; yield one result per task (failures as they are), in order.

        A signal that arrives meanwhile is raised after the result being worked on
        has been yielded (KeyboardInterrupt for Ctrl-C); then call :meth:`stop`.
        """
        items = self._in_process(tasks) if self._pool is None else self._pooled(tasks)
        for item in items:
            yield item
            self._raise_signal()
        self._raise_signal()

    def _in_process(self, tasks: Iterable[FileTask | Failure]) -> Iterator[ConvertedFile | Failure]:
        converter = Converter(self.settings, critical=self._critical)
        for task in tasks:
            if isinstance(task, Failure):
                yield task
                continue
            self._partial = ConvertedFile(display_path(task.path))
            converter.convert(task, self._partial)
            result, self._partial = self._partial, None
            yield result

    def _pooled(self, tasks: Iterable[FileTask | Failure]) -> Iterator[ConvertedFile | Failure]:
        assert self._pool is not None
        window = self.jobs * 4
        pending = self._pending
        batch: list[FileTask | Failure] = []
        size = submitted = 0
        for task in tasks:
            batch.append(task)
            size += isinstance(task, FileTask)
            if size >= min(MAX_BATCH, 1 << (submitted // self.jobs)):
                pending.append(self._submit(batch))
                submitted += 1
                batch, size = [], 0
                while len(pending) >= window:
                    yield from self._collect(pending.popleft())
        if batch:
            pending.append(self._submit(batch))
        while pending:
            yield from self._collect(pending.popleft())

    def _submit(self, batch: list[FileTask | Failure]) -> _Entry:
        assert self._pool is not None
        work = [task for task in batch if isinstance(task, FileTask)]
        return (batch, self._pool.submit(_convert_batch, work) if work else None)

    def _collect(self, entry: _Entry) -> Iterator[ConvertedFile | Failure]:
        self._current = entry
        batch, future = entry
        results = future.result() if future is not None else []
        self._current = None
        self._unhanded = results
        for task in batch:
            if isinstance(task, Failure):
                yield task
            elif results:
                yield results.pop(0)
            else:
                return  # the workers were told to stop: the rest was not converted

    def stop(self) -> list[ConvertedFile]:
        """Stop the workers; the results of inputs finished (or abandoned part-way) but
        not yet handed back. Their outputs are on disk, so they belong in the counts."""
        self._restore_signals()
        if self._pool is None:
            partial, self._partial = self._partial, None
            if partial is not None:
                partial.abandon()
                return [partial]
            return []
        self._stop_workers()
        entries = list(self._pending)
        if self._current is not None:
            entries.insert(0, self._current)
        for _, future in entries:
            if future is not None:
                future.cancel()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None
        done, self._unhanded = self._unhanded, []
        for _, future in entries:
            if (future is not None and future.done() and not future.cancelled()
                    and future.exception() is None):
                done.extend(future.result())
        self._pending.clear()
        self._current = None
        return done


# Worker-process side. A worker ignores signals while it waits for work; while it
# converts, SIGINT or SIGTERM stops it between records, or at once when it is blocked
# reading, but never inside a write. It then hands back what it did.

_converter: Converter | None = None
_critical = Critical()
_busy = False


def _init_worker(settings: ConvertSettings, event: Any) -> None:
    import signal

    signal.signal(signal.SIGINT, _on_worker_signal)
    signal.signal(signal.SIGTERM, _on_worker_signal)
    global _converter
    _converter = Converter(settings, event.is_set, _critical)


def _on_worker_signal(signum: int, frame: object) -> None:
    if not _busy:
        return
    if _critical.inside:
        _critical.pending = _interrupt
        return
    _interrupt()


def _interrupt() -> None:
    global _busy
    _busy = False  # one interruption per task
    raise KeyboardInterrupt


def _ready() -> None:
    """A no-op task: running it proves the workers have started."""


def _convert_batch(tasks: list[FileTask]) -> list[ConvertedFile]:
    global _busy
    assert _converter is not None
    results: list[ConvertedFile] = []
    try:
        _busy = True
        for task in tasks:
            if _converter.stopped():
                break
            results.append(ConvertedFile(display_path(task.path)))
            _converter.convert(task, results[-1])
    except KeyboardInterrupt:
        if results:
            results[-1].abandon()
    finally:
        _busy = False
    return results
