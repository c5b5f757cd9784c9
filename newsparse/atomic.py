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
from typing import IO


@contextlib.contextmanager
def atomic_write(
    path: str, *, binary: bool = False, keep_mode_of: str | None = None
) -> Iterator[IO[str]] | Iterator[IO[bytes]]:
    """Open a temporary file to write; on success it replaces ``path`` in one rename.

    Text is written as UTF-8 with LF line endings. ``keep_mode_of`` copies the
    permission bits of an existing file (by default, of ``path`` itself when it
    exists; otherwise the usual umask-based mode applies).
    """
    folder = os.path.dirname(os.path.abspath(path))
    fd, temp = tempfile.mkstemp(prefix=".", suffix=".newsparse-tmp", dir=folder)
    try:
        mode = _mode_for(keep_mode_of or path)
        os.fchmod(fd, mode)
        if binary:
            handle: IO[str] | IO[bytes] = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def _mode_for(path: str) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
