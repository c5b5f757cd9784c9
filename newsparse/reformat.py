"""One dump file in; checked, diffed, printed or rewritten in place, streaming.

Memory holds one record (bounded by the record size limit) and the first 64 KiB
of output, whatever the size of the file: the file is decoded record by record
(``formatter.stream_lines``), and each canonical record is compared, as it is
made, with the original's bytes read a second time in step (decompressed when
the file is compressed). Only at the first byte that differs is anything
written: a temporary file beside the original (``atomic.AtomicFile``) gets the
equal prefix, copied from the original, then the rest as it is formatted, in the
file's own compression. The temporary file replaces the original only when the
whole file was formatted, and only if the file is still the one that was read.

Before the first write, a file that must not be replaced is reported and left
alone (``atomic.replace_problem``: hard links, read-only); so is one whose owner,
group or extended attributes cannot be kept, or that changed while it was being
formatted (``atomic``). ``--diff`` alone holds the file's text, both versions, in
memory (difflib needs them whole).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import io
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, BinaryIO, Literal

from newsparse import codes
from newsparse.atomic import AtomicFile, Refused, Snapshot, replace_problem
from newsparse.compression import compression_of
from newsparse.errors import InputError, NewsparseError
from newsparse.formatter import UNSAFE_FILE_RULES, stream_lines, unified_diff
from newsparse.model import Failure, Finding
from newsparse.reader import DEFAULT_MAX_RECORD, SAMPLE_SIZE, TextInput, display_path
from newsparse.walk import iter_paths

Action = Literal["check", "diff", "stdout", "write"]

#: Bytes copied at a time (the equal prefix, the original to stdout).
_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class FileStatus:
    """What became of one file. ``failed`` means it was left untouched as a whole
    (``reports`` says why); ``changed`` that its canonical form differs from it;
    ``written`` that it was replaced. ``error`` is a write that failed for a reason
    outside newsparse (a full disk); ``diff`` the unified diff, for ``--diff``."""

    path: str
    name: str
    changed: bool = False
    failed: bool = False
    written: bool = False
    reports: tuple[Failure, ...] = ()
    records: int = 0
    verbatim: int = 0
    fragments: int = 0
    error: str | None = None
    diff: str = ""


def format_paths(
    paths: Iterable[str],
    action: Action,
    *,
    exclude: Iterable[str] = (),
    max_record: int = DEFAULT_MAX_RECORD,
    today: _dt.date | None = None,
    stdout: BinaryIO | None = None,
) -> Iterator[FileStatus]:
    """Format files, folders (recursively, in sorted order) and ``-``, one at a time."""
    for path in iter_paths(paths, exclude=exclude):
        if isinstance(path, Failure):
            name = path.finding.path
            yield FileStatus(name, name, failed=True, reports=(path,))
        else:
            yield format_path(path, action, max_record=max_record, today=today, stdout=stdout)


def format_path(
    path: str,
    action: Action,
    *,
    max_record: int = DEFAULT_MAX_RECORD,
    today: _dt.date | None = None,
    stdout: BinaryIO | None = None,
) -> FileStatus:
    """Format one file (``-`` is stdin, spooled to a temporary file first).

    ``check`` writes nothing; ``diff`` also makes the diff; ``stdout`` prints the
    canonical text (or the original, when the file cannot be formatted) to
    ``stdout``; ``write`` replaces the file when it changes.
    """
    name = display_path(path)
    job = _Job(path, name, action, max_record, today, stdout)
    if path == "-":
        with tempfile.TemporaryFile() as spool:
            shutil.copyfileobj(sys.stdin.buffer, spool, _CHUNK)
            spool.flush()
            job.action = "stdout" if action == "write" else action
            return job.run(spool.fileno(), None)
    try:
        # Non-blocking, so that a FIFO given by name is refused instead of waited on.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return job.failure(codes.BINARY_FILE, f"cannot read: {exc.strerror or exc}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return job.failure(codes.BINARY_FILE, "not a regular file; left as it is")
        return job.run(fd, info)
    finally:
        os.close(fd)


class _Stop(NewsparseError):
    """The file must be left alone; carries the reason."""

    def __init__(self, rule: codes.Rule, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


class _Job:
    def __init__(
        self, path: str, name: str, action: Action, max_record: int,
        today: _dt.date | None, stdout: BinaryIO | None,
    ) -> None:
        self.path = path
        self.name = name
        self.action = action
        self.max_record = max_record
        self.today = today
        self.stdout = stdout
        self.fd = -1
        self.info: os.stat_result | None = None
        self.kind: str | None = None
        self.target: AtomicFile | None = None
        self.out: IO[bytes] | None = None
        self.spool: IO[bytes] | None = None

    def failure(self, rule: codes.Rule, message: str) -> FileStatus:
        failure = Failure(Finding(rule, message, self.name, 1), "file")
        return FileStatus(self.path, self.name, failed=True, reports=(failure,))

    def original(self) -> BinaryIO:
        """The file's content from its first byte, decompressed, on its own read position."""
        raw = io.BufferedReader(_Positional(self.fd), _CHUNK)
        if self.kind == "gzip":
            import gzip

            return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
        if self.kind == "bzip2":
            import bz2

            return bz2.BZ2File(raw, mode="rb")  # type: ignore[return-value]
        if self.kind == "xz":
            import lzma

            return lzma.LZMAFile(raw, mode="rb")  # type: ignore[return-value]
        return raw

    def run(self, fd: int, info: os.stat_result | None) -> FileStatus:
        self.fd, self.info = fd, info
        self.kind = compression_of(os.pread(fd, 6, 0), self.path)
        try:
            return self._run()
        finally:
            if isinstance(self.out, _Compressed):
                with contextlib.suppress(Exception):
                    self.out.close()  # before the temporary file goes: nothing left to flush
            if self.target is not None:
                self.target.discard()
            if self.spool is not None:
                self.spool.close()

    def _run(self) -> FileStatus:
        sink = _Sink(self.original(), self._open_output, self.max_record)
        try:
            with TextInput.from_stream(
                io.BufferedReader(_Positional(self.fd), _CHUNK), self.path,
                max_line=self.max_record,
            ) as source:
                done = stream_lines(
                    _stopping_at_unsafe(source), self.name, sink.write,
                    max_record=self.max_record, today=self.today,
                )
                unsafe = [Failure(f, "file") for f in source.findings
                          if f.rule in UNSAFE_FILE_RULES]
        except InputError as exc:  # not text at all: nothing to print either
            return FileStatus(self.path, self.name, failed=True,
                              reports=(Failure(exc.finding, "file"),))
        except _Stop as stop:
            return self._untouched((Failure(Finding(stop.rule, stop.message, self.name, 1),
                                            "file"),))
        except OSError as exc:  # writing the temporary file (reads fail as InputError)
            return self._write_failed(exc)
        if unsafe:
            return self._untouched(tuple(unsafe))
        if not done.ok:
            return self._untouched(done.reports, done.records)
        try:
            changed = sink.finish()
        except _Stop as stop:
            return self._untouched((Failure(Finding(stop.rule, stop.message, self.name, 1),
                                            "file"),), done.records)
        except OSError as exc:
            return self._write_failed(exc)
        if not sink.reads_back:
            message = "file left as it is: its formatted text would not read back the same"
            failure = Failure(Finding(codes.UNFORMATTABLE_FILE, message, self.name, 1), "file")
            reports = (*done.reports, failure)
            return self._untouched(reports, done.records)
        status = FileStatus(self.path, self.name, changed, False, False, done.reports,
                            done.records, done.verbatim, done.fragments)
        if self.action == "stdout":
            self._print(self.spool if changed else None)
        elif self.action == "diff" and changed:
            status = _replace(status, diff=self._diff(source.encoding))
        elif self.action == "write" and changed:
            return self._commit(status)
        return status

    def _write_failed(self, exc: OSError) -> FileStatus:
        """The temporary file (or the spool) could not be made or written: a full disk,
        a folder the user cannot write. The file is left as it was."""
        if self.action == "stdout":
            raise exc  # nothing sensible to print; the command reports the failed write
        return FileStatus(self.path, self.name, changed=True, error=exc.strerror or str(exc))

    def _untouched(self, reports: tuple[Failure, ...], records: int = 0) -> FileStatus:
        if self.action == "stdout":
            self._print(None)
        return FileStatus(self.path, self.name, failed=True, reports=reports, records=records)

    def _open_output(self, matched: int) -> IO[bytes] | None:
        """At the first difference: where the canonical bytes go from now on, with the
        equal prefix (``matched`` bytes) already in it; None when nothing is kept."""
        if self.action == "check":
            return None
        if self.action in ("diff", "stdout"):
            self.spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed in run()
            out: IO[bytes] = self.spool
        else:
            assert self.info is not None
            target = os.path.realpath(self.path)
            problem = replace_problem(target, self.info)
            if problem is not None:
                raise _Stop(problem.rule, problem.strerror or str(problem))
            try:
                self.target = AtomicFile(target, special="refuse", expect=Snapshot.of(self.info))
            except Refused as exc:
                raise _Stop(exc.rule, exc.strerror or str(exc)) from None
            out = self.out = _compressor(self.target.raw, self.kind)
        if _copy(self.original(), out, matched) != matched:
            raise _Stop(codes.BINARY_FILE, "cannot read the file a second time; left as it is")
        return out

    def _commit(self, status: FileStatus) -> FileStatus:
        target = self.target
        assert target is not None
        try:
            target.commit()
        except Refused as exc:
            report = Failure(Finding(exc.rule, exc.strerror or str(exc), self.name, 1), "file")
            return _replace(status, failed=True, reports=(*status.reports, report))
        except OSError as exc:
            return _replace(status, error=exc.strerror or str(exc))
        finally:
            self.target = None
        return _replace(status, written=True)

    def _print(self, spool: IO[bytes] | None) -> None:
        assert self.stdout is not None
        if spool is None:
            _copy(self.original(), self.stdout)
        else:
            spool.seek(0)
            _copy(spool, self.stdout)
        self.stdout.flush()

    def _diff(self, encoding: str) -> str:
        assert self.spool is not None
        before = self.original().read().decode(encoding, errors="replace")
        before = before.replace("\r\n", "\n").replace("\r", "\n")
        self.spool.seek(0)
        return unified_diff(before, self.spool.read().decode("utf-8"), self.name)


def _replace(status: FileStatus, **changes: object) -> FileStatus:
    import dataclasses

    return dataclasses.replace(status, **changes)  # type: ignore[arg-type]


def _stopping_at_unsafe(source: TextInput) -> Iterator[str]:
    """The source's lines, ending at the first finding that makes the file unsafe to
    rewrite (a line cut for size, invalid bytes): there is no need to read on."""
    findings = source.findings
    seen = len(findings)
    for line in source.lines():
        if len(findings) != seen:
            if any(f.rule in UNSAFE_FILE_RULES for f in findings[seen:]):
                return
            seen = len(findings)
        yield line


class _Positional(io.RawIOBase):
    """Reads a file descriptor with pread(2), from its own position: several readers
    can read one open file independently (and stdin, spooled, likewise)."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = os.pread(self._fd, len(buffer), self._position)
        buffer[: len(data)] = data
        self._position += len(data)
        return len(data)


class _Sink:
    """Canonical text in, piece by piece; compared with the original's bytes as it
    comes. From the first difference on, the bytes go to the output that
    ``open_output`` gives (None: nowhere). Also checks that the text reads back
    as the lines it was made of (see ``_ReadBack``)."""

    def __init__(
        self, original: BinaryIO, open_output: Callable[[int], IO[bytes] | None], max_line: int
    ) -> None:
        self._original = original
        self._open_output = open_output
        self._out: IO[bytes] | None = None
        self._same = True
        self._matched = 0
        self._read_back = _ReadBack(max_line)

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self._read_back.feed(text, data)
        if self._same:
            if _read_exactly(self._original, len(data)) == data:
                self._matched += len(data)
                return
            self._differ()
        if self._out is not None:
            self._out.write(data)

    def _differ(self) -> None:
        self._same = False
        self._out = self._open_output(self._matched)

    def finish(self) -> bool:
        """Whether the canonical bytes differ from the original; flushes the output."""
        if self._same and _read_exactly(self._original, 1):
            self._differ()  # the original goes on after the canonical text ends
        if self._out is not None:
            self._out.flush()
            if isinstance(self._out, _Compressed):
                self._out.close()  # writes the compressed stream's end
        return not self._same

    @property
    def reads_back(self) -> bool:
        return self._read_back.ok()


def _read_exactly(stream: BinaryIO | IO[bytes], size: int) -> bytes:
    """``size`` bytes, or fewer only at the end; corrupt data reads as nothing more."""
    chunks: list[bytes] = []
    while size > 0:
        try:
            chunk = stream.read(size)
        except Exception:  # OSError, EOFError, zlib.error, LZMAError: corrupt data
            chunk = b""
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


class _ReadBack:
    """Checks that the canonical bytes decode to exactly the lines meant.

    What the reader decides from a file's first 64 KiB (encoding, compression, a
    binary file) is checked by reading back that much output, in complete lines;
    after it, a line reads back as written unless it holds a carriage return (a
    line break to the reader) or is over the line size limit.
    """

    def __init__(self, max_line: int) -> None:
        self._max_line = max_line
        self._head: list[bytes] | None = []
        self._head_size = 0
        self._ok = True

    def feed(self, text: str, data: bytes) -> None:
        if self._head is not None:
            self._head.append(data)
            self._head_size += len(data)
            if self._head_size > SAMPLE_SIZE:
                self._check_head()
            return
        if self._ok and ("\r" in text or any(len(line) >= self._max_line
                                             for line in text.split("\n"))):
            self._ok = False

    def _check_head(self) -> None:
        assert self._head is not None
        data = b"".join(self._head)
        self._head = None
        expected = data.decode("utf-8").split("\n")[:-1]
        try:
            with TextInput.from_stream(io.BytesIO(data), "-", max_line=self._max_line) as back:
                self._ok = list(back.lines()) == expected and back.encoding == "utf-8"
        except InputError:
            self._ok = False

    def ok(self) -> bool:
        if self._head is not None:
            self._check_head()
        return self._ok


class _Compressed(io.BufferedIOBase):
    """Compresses into ``raw`` as it is written; :meth:`close` ends the compressed stream
    (and leaves ``raw`` open). The bytes are those of ``formatter.compress`` on the
    whole text: one-shot and incremental compressors make the same stream."""

    def __init__(self, raw: IO[bytes], compressor: Any) -> None:
        super().__init__()
        self._raw = raw
        self._compressor = compressor

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self._raw.write(self._compressor.compress(data))
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._raw.write(self._compressor.flush())
        super().close()


def _compressor(raw: IO[bytes], kind: str | None) -> IO[bytes]:
    """A writer that compresses into ``raw`` as ``kind``, or ``raw`` itself."""
    if kind is None:
        return raw
    if kind == "gzip":
        import zlib

        # What gzip.compress(data, mtime=0) makes: level 9, a gzip header with mtime 0.
        compressor: Any = zlib.compressobj(9, zlib.DEFLATED, 31)
    elif kind == "bzip2":
        import bz2

        compressor = bz2.BZ2Compressor(9)
    else:
        import lzma

        compressor = lzma.LZMACompressor()
    return _Compressed(raw, compressor)  # type: ignore[return-value]


def _copy(source: BinaryIO | IO[bytes], out: IO[bytes], size: int | None = None) -> int:
    """Copy ``size`` bytes (or everything) from ``source`` to ``out``, in chunks; corrupt
    compressed data ends the copy early. Returns the number of bytes copied."""
    copied = 0
    while size is None or copied < size:
        chunk = _read_exactly(source, _CHUNK if size is None else min(_CHUNK, size - copied))
        if not chunk:
            break
        out.write(chunk)
        copied += len(chunk)
    return copied
