"""Every file newsparse writes goes through here: a temporary file beside the target,
then one rename.

Contract:

- An interrupted write never leaves a partial file under the target's name; the
  temporary file is removed on any exception (KeyboardInterrupt and SystemExit
  included), or, if the process is killed, by the next run that writes into the
  same folder (:func:`clean_stale_temporaries`).
- A replaced file keeps its owner, group, permission bits and extended
  attributes (POSIX ACLs included). When one of them cannot be kept, the file is
  left alone and :class:`Refused` is raised (NP607).
- ``special="refuse"`` (fmt, convert): an existing symbolic link, FIFO, device,
  socket or folder at the target is never written into nor replaced (NP603).
  ``special="write"`` (a ``-o`` path such as /dev/null) writes into a device or
  FIFO, since renaming over it would destroy it.
- ``expect``: the target must still be the file that was read (same inode, size,
  modification and change times) at the moment of the rename, or it is left
  alone (NP604). A write racing the last microseconds before the rename cannot
  be detected by any user-space check; every earlier one is.

:func:`replace_problem` says, before any work is done, why a file must not be
replaced in place (hard links, no write permission), and :func:`output_conflict`
tells a command whether an output path is one of its inputs.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, Literal, overload

from newsparse import STARTED, codes
from newsparse.errors import NewsparseError

#: The rules a target left alone breaks (see ``newsparse rules``).
SPECIAL_TARGET, CHANGED, HARD_LINKED, READ_ONLY, METADATA_LOST = (
    codes.OUTPUT_WRITE_FAILED,
    codes.CHANGED_WHILE_READ,
    codes.HARD_LINKED_FILE,
    codes.READ_ONLY_FILE,
    codes.METADATA_NOT_KEPT,
)

#: Temporary files are ``.<8 random characters>.newsparse-tmp`` (tempfile.mkstemp's
#: alphabet), hidden so that a folder walk never takes one for an input.
TEMP_PREFIX, TEMP_SUFFIX = ".", ".newsparse-tmp"
_TEMP_NAME = re.compile(r"\A\.[a-z0-9_]{8}\.newsparse-tmp\Z")

#: When this run started: only temporaries last modified before it are stale.
RUN_STARTED = STARTED

Special = Literal["write", "refuse"]


class Refused(NewsparseError, OSError):
    """The target was left alone on purpose; ``rule`` is the registry's rule saying why.

    It is an OSError, so that callers that already report failed writes report it
    too (``exc.strerror`` is the message).
    """

    def __init__(self, rule: codes.Rule, message: str) -> None:
        super().__init__(0, message)
        self.rule = rule


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What identifies a file's content as it was read: if any of these differ
    later, the file was replaced, written, truncated, appended to or chmod-ed."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int

    @classmethod
    def of(cls, info: os.stat_result) -> Snapshot:
        return cls(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


@overload
def atomic_write(
    path: str,
    *,
    binary: Literal[False] = False,
    mode: int | None = None,
    fsync: bool = True,
    special: Special = "write",
    expect: Snapshot | None = None,
) -> contextlib.AbstractContextManager[IO[str]]: ...


@overload
def atomic_write(
    path: str,
    *,
    binary: Literal[True],
    mode: int | None = None,
    fsync: bool = True,
    special: Special = "write",
    expect: Snapshot | None = None,
) -> contextlib.AbstractContextManager[IO[bytes]]: ...


def atomic_write(
    path: str,
    *,
    binary: bool = False,
    mode: int | None = None,
    fsync: bool = True,
    special: Special = "write",
    expect: Snapshot | None = None,
) -> contextlib.AbstractContextManager[IO[str]] | contextlib.AbstractContextManager[IO[bytes]]:
    """Open a temporary file to write; on success it replaces ``path`` in one rename.

    Text is written as UTF-8 with LF line endings. A replaced file keeps its owner,
    group, mode and extended attributes; a new file gets ``mode``, or the usual
    umask-based mode. ``fsync=False`` skips flushing the file to disk before the
    rename, for callers that write many files and sync once at the end (the rename
    is still atomic). Raises OSError, or :class:`Refused` when the target is left
    alone on purpose (see the module docstring for ``special`` and ``expect``).
    """
    return _atomic_write(path, binary, mode, fsync, special, expect)


@contextlib.contextmanager
def _atomic_write(
    path: str,
    binary: bool,
    mode: int | None,
    fsync: bool,
    special: Special,
    expect: Snapshot | None,
) -> Iterator[Any]:
    pending = AtomicFile(path, mode=mode, fsync=fsync, special=special, expect=expect)
    handle: IO[Any] = pending.raw if binary else _text(pending.raw)
    try:
        yield handle
        if not binary:
            handle.flush()
        pending.commit()
    except BaseException:
        pending.discard()
        raise


def _text(raw: IO[bytes]) -> IO[str]:
    import io

    return io.TextIOWrapper(raw, encoding="utf-8", newline="\n", write_through=True)


class AtomicFile:
    """A temporary file beside ``path`` that replaces it on :meth:`commit`.

    For callers that decide only at the end whether to replace the target (fmt
    writes record by record, then finds whether anything changed): write to
    ``raw``, then call :meth:`commit` or :meth:`discard`.
    """

    def __init__(
        self,
        path: str,
        *,
        mode: int | None = None,
        fsync: bool = True,
        special: Special = "write",
        expect: Snapshot | None = None,
    ) -> None:
        self.path = path
        self.fsync = fsync
        self.expect = expect
        self.temp: str | None = None
        existing = _existing(path, follow=special == "write")
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            if special == "refuse" or stat.S_ISDIR(existing.st_mode):
                raise Refused(
                    SPECIAL_TARGET,
                    f"{_kind(existing.st_mode)} is in the way; not written through or replaced",
                )
            # A device or a FIFO (/dev/null, /dev/stdout, a named pipe) cannot be
            # replaced atomically, and renaming over it would destroy it: write into it.
            self.raw: IO[bytes] = open(path, "wb")  # noqa: SIM115 - closed in commit/discard
            return
        folder = os.path.dirname(os.path.abspath(path))
        clean_stale_temporaries(folder)
        fd, self.temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
        try:
            _lock(fd)  # held until the file is closed: it tells a cleaner this one is live
            if existing is None:
                os.fchmod(fd, _new_mode(mode))
            else:
                _keep_metadata(fd, path, existing)
            self.raw = os.fdopen(fd, "wb")
        except BaseException:
            os.close(fd)
            self._remove_temp()
            raise

    def commit(self) -> None:
        """Replace the target with what was written (or finish writing into a device)."""
        if self.temp is None:
            self.raw.close()
            return
        try:
            self.raw.flush()
            if self.fsync:
                os.fsync(self.raw.fileno())
            self.raw.close()
            if self.expect is not None:
                now = _existing(self.path, follow=False)
                if now is None or Snapshot.of(now) != self.expect:
                    raise Refused(
                        CHANGED,
                        "file changed while it was being formatted; left as it is (run fmt again)",
                    )
            os.replace(self.temp, self.path)
            self.temp = None
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        """Leave the target as it was and remove the temporary file."""
        with contextlib.suppress(OSError):
            self.raw.close()
        self._remove_temp()

    def _remove_temp(self) -> None:
        if self.temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.temp)
            self.temp = None


def _existing(path: str, *, follow: bool) -> os.stat_result | None:
    try:
        return os.stat(path) if follow else os.lstat(path)
    except FileNotFoundError:
        return None


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def _new_mode(new: int | None) -> int:
    if new is not None:
        return new
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _keep_metadata(fd: int, path: str, info: os.stat_result) -> None:
    """Give the temporary file the target's owner, group, mode and extended attributes.

    The owner goes first: chown(2) clears the set-user-ID bit and file capabilities,
    which the later steps then restore.
    """
    current = os.fstat(fd)
    if (current.st_uid, current.st_gid) != (info.st_uid, info.st_gid):
        try:
            os.fchown(fd, info.st_uid, info.st_gid)
        except OSError as exc:
            raise Refused(
                METADATA_LOST,
                f"cannot keep its owner and group "
                f"({info.st_uid}:{info.st_gid}): {exc.strerror or exc}; "
                "left as it is",
            ) from None
    os.fchmod(fd, stat.S_IMODE(info.st_mode))
    for name, value in _xattrs(path):
        try:
            os.setxattr(fd, name, value)
        except OSError as exc:
            raise Refused(
                METADATA_LOST,
                f"cannot keep its extended attribute {name}: {exc.strerror or exc}; left as it is",
            ) from None


def _xattrs(path: str) -> Iterable[tuple[str, bytes]]:
    """The extended attributes this process can read (none where the platform has none)."""
    if not hasattr(os, "listxattr"):
        return ()
    try:
        names = os.listxattr(path)
    except OSError as exc:
        if exc.errno in (errno.ENOTSUP, errno.EOPNOTSUPP):
            return ()
        raise
    return [(name, os.getxattr(path, name)) for name in names]


_cleaned: set[str] = set()


def _lock(fd: int) -> bool:
    """Take an exclusive lock on an open file without waiting; False if another live
    process holds it. The kernel drops a lock when its process dies, however it dies."""
    try:
        import fcntl
    except ImportError:  # not POSIX: the age of a temporary is the only sign
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def clean_stale_temporaries(folder: str, *, started: float | None = None) -> list[str]:
    """Remove the temporary files a killed newsparse run left in ``folder``.

    A temporary is removed only when its name is one newsparse makes
    (``.xxxxxxxx.newsparse-tmp``), it is a regular file last modified before this
    run started (``started``, by default RUN_STARTED), and no live process holds
    its lock (a writer locks its temporary for as long as it writes, so a slow run
    that started earlier is never disturbed). Each folder is looked at once per
    run. Returns the paths removed.
    """
    key = os.path.abspath(folder)
    if started is None:
        if key in _cleaned:
            return []
        if len(_cleaned) > 4096:
            _cleaned.clear()
        _cleaned.add(key)
    limit = RUN_STARTED if started is None else started
    removed: list[str] = []
    try:
        names = [name for name in os.listdir(folder) if _TEMP_NAME.match(name)]
    except OSError:
        return removed
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    for name in names:
        temp = os.path.join(folder, name)
        with contextlib.suppress(OSError):
            fd = os.open(temp, flags)
            try:
                info = os.fstat(fd)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < limit and _lock(fd):
                    os.unlink(temp)
                    removed.append(temp)
            finally:
                os.close(fd)
    return removed


def replace_problem(path: str, info: os.stat_result) -> Refused | None:
    """Why a file must not be replaced in place by a new one, or None.

    A file with several hard links would be split from its other names by a
    rename; a file the user cannot write (or that has no write bit at all, which
    marks it read-only even for root) must not change under them.
    """
    if info.st_nlink > 1:
        return Refused(
            HARD_LINKED,
            f"file has {info.st_nlink} hard links; left as it is, "
            "since replacing it would split it from its other names",
        )
    writable = info.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    if not writable or not os.access(path, os.W_OK):
        return Refused(READ_ONLY, "file is read-only; left as it is")
    return None


def output_conflict(output: str, inputs: Iterable[str], what: str = "output") -> str | None:
    """The usage error to give when ``output`` is one of ``inputs``, or would be
    created inside an input folder, where a walk would read it (a hidden name is
    not walked); None when it is safe.

    Files are compared by device and inode (so a link, a ``./`` or a second path to
    the same file is caught), folders by their real path.
    """
    if output == "-":
        return None
    from newsparse.reader import display_path

    try:
        out_info: os.stat_result | None = os.stat(output)
    except OSError:
        out_info = None
    if out_info is not None and not stat.S_ISREG(out_info.st_mode):
        return None  # /dev/null, a FIFO: writing into it replaces no input
    out_folder = os.path.realpath(os.path.dirname(os.path.abspath(output)))
    for source in inputs:
        if source == "-":
            # `parse - -o a.txt < a.txt`: standard input can be the output file itself.
            try:
                stdin = os.fstat(0)
            except OSError:
                continue
            if out_info is not None and os.path.samestat(stdin, out_info):
                return (
                    f"{what} {display_path(output)} is the standard input; write it somewhere else"
                )
            continue
        try:
            info = os.stat(source)
        except OSError:
            continue
        shown = f"{what} {display_path(output)}"
        if stat.S_ISDIR(info.st_mode):
            folder = os.path.realpath(source)
            inside = os.path.join(out_folder, os.path.basename(output))
            if inside.startswith(folder.rstrip(os.sep) + os.sep) and not any(
                # the walk skips hidden entries: .newsparse-baseline.json is safe there
                part.startswith(".")
                for part in inside[len(folder) :].split(os.sep)
            ):
                return (
                    f"{shown} is inside the input folder {display_path(source)}; "
                    "write it somewhere else"
                )
        elif out_info is not None and os.path.samestat(info, out_info):
            return f"{shown} is the input {display_path(source)}; write it somewhere else"
    return None
