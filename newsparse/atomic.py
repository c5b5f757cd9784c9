"""Atomic file writes: a temporary file beside the target, then a rename.

An interrupted write never leaves a partial file under the target's name; the
temporary file is removed on any exception (KeyboardInterrupt and SystemExit
included).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from typing import IO, Any, Literal, overload


@overload
def atomic_write(
    path: str,
    *,
    binary: Literal[False] = False,
    keep_mode_of: str | None = None,
    mode: int | None = None,
    fsync: bool = True,
) -> contextlib.AbstractContextManager[IO[str]]: ...


@overload
def atomic_write(
    path: str,
    *,
    binary: Literal[True],
    keep_mode_of: str | None = None,
    mode: int | None = None,
    fsync: bool = True,
) -> contextlib.AbstractContextManager[IO[bytes]]: ...


def atomic_write(
    path: str,
    *,
    binary: bool = False,
    keep_mode_of: str | None = None,
    mode: int | None = None,
    fsync: bool = True,
) -> contextlib.AbstractContextManager[IO[str]] | contextlib.AbstractContextManager[IO[bytes]]:
    """Open a temporary file to write; on success it replaces ``path`` in one rename.

    Text is written as UTF-8 with LF line endings. ``keep_mode_of`` copies the
    permission bits of an existing file (by default, of ``path`` itself when it
    exists); a new file gets ``mode``, or the usual umask-based mode. ``fsync=False``
    skips flushing the file to disk before the rename, for callers that write many
    files and sync once at the end (the rename is still atomic).
    """
    return _atomic_write(path, binary, keep_mode_of, mode, fsync)


@contextlib.contextmanager
def _atomic_write(
    path: str, binary: bool, keep_mode_of: str | None, mode: int | None, fsync: bool
) -> Iterator[Any]:
    if _is_special(path):
        # A device or a FIFO (/dev/null, /dev/stdout, a named pipe) cannot be replaced
        # atomically, and renaming over it would destroy it: write into it instead.
        special = open(path, "wb") if binary else open(path, "w", encoding="utf-8")  # noqa: SIM115
        with special:
            yield special
        return
    folder = os.path.dirname(os.path.abspath(path))
    fd, temp = tempfile.mkstemp(prefix=".", suffix=".newsparse-tmp", dir=folder)
    try:
        os.fchmod(fd, _mode_for(keep_mode_of or path, mode))
        if binary:
            handle: IO[Any] = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        with handle:
            yield handle
            handle.flush()
            if fsync:
                os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _is_special(path: str) -> bool:
    """True for an existing target that is not a regular file (a device, a FIFO, a socket)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _mode_for(path: str, new: int | None) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        if new is not None:
            return new
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
