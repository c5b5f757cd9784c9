"""Waiting for a child process to be ready, instead of sleeping a guessed time.

The signal tests feed a child through a pipe or FIFO and signal it mid-input. The
child is ready once it has read every byte written so far: from then on it is
either working on them or blocked reading more, which is the state under test.
"""

from __future__ import annotations

import array
import errno
import fcntl
import os
import termios
import time
from collections.abc import Callable

#: How often the conditions below are polled, in seconds. A poll, not a delay: the
#: wait ends at the first poll that finds the condition true.
POLL = 0.005


def open_when_read(fifo: str | os.PathLike[str], timeout: float = 60) -> int:
    """The write end of ``fifo``, opened once a process has opened it for reading."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO or time.monotonic() > deadline:
                raise
            time.sleep(POLL)


def unread_bytes(fd: int) -> int:
    """How many bytes written into the pipe or FIFO ``fd`` nobody has read yet.

    Linux answers FIONREAD on either end of a pipe with the bytes it holds.
    """
    count = array.array("i", [0])
    fcntl.ioctl(fd, termios.FIONREAD, count)
    return count[0]


def wait_until_read(fd: int, timeout: float = 60) -> None:
    """Return once the reader of the pipe or FIFO ``fd`` has read everything written."""
    deadline = time.monotonic() + timeout
    while unread_bytes(fd):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{unread_bytes(fd)} bytes still unread after {timeout} s")
        time.sleep(POLL)


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
    """Return once ``condition()`` is true; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not after {timeout} s")
        time.sleep(POLL)
