"""How a run ends: one exit status per situation, the same for every command.

The exit codes (docs/exit-codes.md has the table, which tests/test_contract.py runs):

- 0: the run did its job (warnings alone do not fail it, unless ``--strict``);
- 1: a record or file was reported, an output failed while being written, or
  (``fmt --check``) a file would change;
- 2: a usage error, found before anything is read or created: a path that does not
  exist, an output whose folder does not exist, a bad option or configuration;
- 130, 141, 143: interrupted, output pipe closed, terminated.

A run that cannot go on raises ``newsparse.errors.RunError`` with its exit code and a
one-line message; the command line prints ``newsparse: error: <message>`` and exits
with it. This module imports nothing at start-up: ``newsparse --version`` loads it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from newsparse.errors import RunError

EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED, EXIT_PIPE, EXIT_TERMINATED = 130, 141, 143


@runtime_checkable
class Outcome(Protocol):
    """What every run returns: its counts, a one-line summary and its exit status, as
    black's report carries its return code. tally.Tally (parse), batch.Totals (convert),
    rules.CheckResult (check), formatter.FormatReport (fmt), stats.ArchiveStats (stats).
    """

    @property
    def exit_code(self) -> int: ...

    def summary(self) -> str: ...


def write_failed(path: str, reason: str) -> RunError:
    """An output that failed while being written (a full disk, no permission): exit 1."""
    from newsparse.errors import RunError

    return RunError(EXIT_FAILURES, f"cannot write {path}: {reason}")


def no_dump_files(paths: Iterable[str]) -> str:
    """The warning for a run that found nothing to read (exit 0, nothing created)."""
    from newsparse.display import display_path

    return f"no dump files found in {', '.join(display_path(p) for p in paths)}"


def found_nothing(
    paths: Iterable[str], *, exclude: Iterable[str] = (), include: Iterable[str] = ()
) -> bool:
    """True when the paths hold no file to read at all: empty folders, or every file
    excluded. A path that cannot be read is something found (and reported), and so is
    ``-``. Walks only up to the first file."""
    from newsparse.walk import iter_paths

    return next(iter(iter_paths(paths, exclude=exclude, include=include)), None) is None
