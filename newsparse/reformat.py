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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, BinaryIO, Literal

from newsparse import codes
from newsparse.atomic import AtomicFile, Refused, Snapshot, replace_problem
from newsparse.compression import compression_of
from newsparse.errors import InputError, NewsparseError
from newsparse.formatter import UNSAFE_FILE_RULES, stream_lines, unified_diff
from newsparse.model import Failure, Finding
from newsparse.reader import DEFAULT_MAX_RECORD, TextInput, display_path
from newsparse.rewrite import CHUNK, Compressed, Positional, Sink, compressor, copy_bytes
from newsparse.walk import iter_paths

Action = Literal["check", "diff", "stdout", "write"]


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
    """Format files, folders (recursively, in sorted order) and ``-``, one at a time.

    A file found in a folder whose real place is outside that folder (through a
    symbolic link) is not rewritten: codes.LINK_OUTSIDE_FOLDER."""
    for given in paths:
        folder = _real_folder(given) if action == "write" else None
        for path in iter_paths([given], exclude=exclude):
            if isinstance(path, Failure):
                name = path.finding.path
                yield FileStatus(name, name, failed=True, reports=(path,))
            elif folder is not None and not _inside(path, folder):
                job = _Job(path, display_path(path), action, max_record, today, stdout)
                real = display_path(os.path.realpath(path))
                yield job.failure(
                    codes.LINK_OUTSIDE_FOLDER,
                    f"a link to {real}, outside {display_path(given)}; left as it is",
                )
            else:
                yield format_path(path, action, max_record=max_record, today=today, stdout=stdout)


def _real_folder(path: str) -> str | None:
    """The real path of a folder argument (None for a file or stdin)."""
    return os.path.realpath(path) if path != "-" and os.path.isdir(path) else None


def _inside(path: str, folder: str) -> bool:
    real = os.path.realpath(path)
    return real.startswith(folder.rstrip(os.sep) + os.sep)


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
            shutil.copyfileobj(sys.stdin.buffer, spool, CHUNK)
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
        self,
        path: str,
        name: str,
        action: Action,
        max_record: int,
        today: _dt.date | None,
        stdout: BinaryIO | None,
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
        raw = io.BufferedReader(Positional(self.fd), CHUNK)
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
            if isinstance(self.out, Compressed):
                with contextlib.suppress(Exception):
                    self.out.close()  # before the temporary file goes: nothing left to flush
            if self.target is not None:
                self.target.discard()
            if self.spool is not None:
                self.spool.close()

    def _run(self) -> FileStatus:
        sink = Sink(self.original(), self._open_output, self.max_record)
        try:
            with TextInput.from_stream(
                io.BufferedReader(Positional(self.fd), CHUNK),
                self.path,
                max_line=self.max_record,
            ) as source:
                done = stream_lines(
                    _stopping_at_unsafe(source),
                    self.name,
                    sink.write,
                    max_record=self.max_record,
                    today=self.today,
                )
                unsafe = [
                    Failure(f, "file") for f in source.findings if f.rule in UNSAFE_FILE_RULES
                ]
        except InputError as exc:  # not text at all: nothing to print either
            return FileStatus(
                self.path, self.name, failed=True, reports=(Failure(exc.finding, "file"),)
            )
        except _Stop as stop:
            return self._untouched(
                (Failure(Finding(stop.rule, stop.message, self.name, 1), "file"),)
            )
        except OSError as exc:  # writing the temporary file (reads fail as InputError)
            return self._write_failed(exc)
        if unsafe:
            return self._untouched(tuple(unsafe))
        if not done.ok:
            return self._untouched(done.reports, done.records)
        try:
            changed = sink.finish()
        except _Stop as stop:
            return self._untouched(
                (Failure(Finding(stop.rule, stop.message, self.name, 1), "file"),), done.records
            )
        except OSError as exc:
            return self._write_failed(exc)
        if not sink.reads_back:
            message = "file left as it is: its formatted text would not read back the same"
            failure = Failure(Finding(codes.UNFORMATTABLE_FILE, message, self.name, 1), "file")
            reports = (*done.reports, failure)
            return self._untouched(reports, done.records)
        status = FileStatus(
            self.path,
            self.name,
            changed,
            False,
            False,
            done.reports,
            done.records,
            done.verbatim,
            done.fragments,
        )
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
            out = self.out = compressor(self.target.raw, self.kind)
        if copy_bytes(self.original(), out, matched) != matched:
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
            copy_bytes(self.original(), self.stdout)
        else:
            spool.seek(0)
            copy_bytes(spool, self.stdout)
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
