"""A path named as a settings file (``--config``, ``--baseline``) in; its first bytes out.

Opened without blocking and checked before it is read: a FIFO, a terminal or a
device named by mistake would otherwise hang the run, waiting for a writer, or
feed it endless bytes.
"""

from __future__ import annotations

import os
import stat

from newsparse.errors import NewsparseError


class NotRegularFile(NewsparseError, OSError):
    """The path names something other than a regular file."""


def read_head(path: str | os.PathLike[str], limit: int) -> bytes:
    """At most ``limit`` bytes of the regular file at ``path``; raises OSError
    (NotRegularFile for a FIFO, a device, a socket or a folder)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with open(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(f"{os.fspath(path)}: not a regular file")
        return handle.read(limit)
