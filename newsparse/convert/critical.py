"""Critical sections: the writes in progress that a signal must not break into.

A signal handler of the pool (in this process, or in a worker) checks ``inside``
and, when a write is in progress, leaves what it would do in ``pending``; that is
done as soon as the write ends, so that no output is ever left half-written.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator


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
