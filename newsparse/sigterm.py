"""SIGTERM in; Terminated raised in the main thread out, so that a terminated run
unwinds and cleans up (temporary files, the summary) as an interrupted one does.

Its own module, not newsparse.convert.pool's (which defers both signals during a
write): every command installs this handler at start, and the pool is 0.3 ms of
imports that a plain ``parse`` does not otherwise need.
"""

from __future__ import annotations


class Terminated(BaseException):
    """SIGTERM arrived; unwinding runs every cleanup, as for Ctrl-C.

    A BaseException, as KeyboardInterrupt is: the signal can arrive anywhere, and an
    ``except Exception`` on the way (the parser's per-record guard, NP119) or an
    ``except NewsparseError`` (reading a config file) must not swallow it."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated()


def terminate_on_sigterm() -> None:
    """From now on, SIGTERM raises Terminated in this (main) thread."""
    import signal

    signal.signal(signal.SIGTERM, _on_sigterm)
