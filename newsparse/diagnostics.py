"""What ``newsparse check`` finds, as every reporter reads it: diagnostics and the result.

This module sits between the check engine (:mod:`newsparse.check`), which makes
these, and the output formats (:mod:`newsparse.reporters`), which render them,
so that neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsparse.codes import Rule, Severity
from newsparse.model import FINDING_KEYS


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One reported finding.

    ``path`` is relative to the current folder where possible, with ``/`` and no
    leading ``./``. ``fingerprint`` identifies what the finding is about (the
    record's URL, the duplicated body...) independently of line numbers, so
    that a baseline survives records moving up or down a file.
    """

    path: str
    line: int
    column: int
    rule: Rule
    message: str
    severity: Severity
    fingerprint: str

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def name(self) -> str:
        return self.rule.name

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in FINDING_KEYS}


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The diagnostics of a run (sorted by path, then line), how many files were read,
    and how many findings the baseline covered."""

    diagnostics: list[Diagnostic]
    files: int
    baselined: int = 0
    strict: bool = False

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors

    @property
    def files_with_findings(self) -> int:
        return len({d.path for d in self.diagnostics})

    def failed(self, strict: bool = False) -> bool:
        """Whether the run fails: an error, or under ``strict`` any finding."""
        return bool(self.diagnostics if strict else self.errors)

    @property
    def exit_code(self) -> int:
        """1 when an error was found (any finding, under ``strict``), else 0."""
        return 1 if self.failed(self.strict) else 0

    def summary(self) -> str:
        """``Found 3 errors and 2 warnings in 2 files.`` or ``All checks passed.``"""
        from newsparse.tally import plural  # the one pluralizer: 1 file, 1,354 files

        if not self.diagnostics:
            if not self.baselined:
                return "All checks passed."
            return f"All checks passed ({plural(self.baselined, 'finding')} in the baseline)."
        counts = []
        if self.errors:
            counts.append(plural(self.errors, "error"))
        if self.warnings:
            counts.append(plural(self.warnings, "warning"))
        files = plural(self.files_with_findings, "file")
        tail = f" ({self.baselined:,} more in the baseline)" if self.baselined else ""
        return f"Found {' and '.join(counts)} in {files}{tail}."
