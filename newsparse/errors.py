"""The exceptions newsparse raises, one per kind of failure, all under NewsparseError.

The others are defined beside the code that raises them (``DateError`` in
normalize, ``ConfigError`` in check.config...) and derive from NewsparseError
too, so that ``except NewsparseError`` catches every one of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # model imports normalize, which imports this module
    from newsparse.model import Finding


class NewsparseError(Exception):
    """Base class for every newsparse error."""


class InputError(NewsparseError):
    """An input cannot be read as a dump at all (or stops being readable part-way)."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(str(finding))
        self.finding = finding

    def __reduce__(self) -> tuple[type[InputError], tuple[Finding]]:
        # Pickled with its finding (not its message), to cross from a worker process.
        return (type(self), (self.finding,))


class ParseError(NewsparseError):
    """Raised in strict mode for the first finding, instead of recording it."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(str(finding))
        self.finding = finding

    def __reduce__(self) -> tuple[type[ParseError], tuple[Finding]]:
        # Pickled with its finding (not its message), to cross from a worker process.
        return (type(self), (self.finding,))


class RunError(NewsparseError):
    """The run itself cannot go on (not a problem with one input): ``exit_code`` and a
    one-line ``message`` (newsparse.outcome has the codes). Usage problems found before
    the run are exit 2, an output that fails while it is written exit 1."""

    def __init__(self, exit_code: int, message: str) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.message = message

    def __reduce__(self) -> tuple[type[RunError], tuple[int, str]]:
        # Pickled with both arguments, to cross from a Dask worker.
        return (type(self), (self.exit_code, self.message))
