"""What ``newsparse fmt`` did to each file in; the run's counts, black's summary line and
the exit status out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsparse import codes
from newsparse.tally import plural

if TYPE_CHECKING:
    from newsparse.formatter import FormattedFile
    from newsparse.reformat import FileStatus

#: Files left as they are because of what they hold, not because they cannot be read
#: or written: no header (NP101), bytes invalid in the encoding (NP405), nothing at all
#: (NP113). Like a record kept verbatim, they are warnings for fmt (exit 0): ``check``
#: is where the problem fails a build. A record or line over the size limit (NP209) is
#: a file fmt cannot read whole: that fails, as an unreadable file does.
KEPT_FILE_RULES = frozenset({codes.NO_HEADER, codes.INVALID_BYTES, codes.EMPTY_FILE})


@dataclass(slots=True)
class FormatReport:
    """Counts for a run, black's summary line, and the exit status.

    ``check`` words the summary as a forecast, ``printed`` as text sent to stdout.
    Records kept verbatim, text outside any record and files kept as they are
    (KEPT_FILE_RULES) are warnings: they fail the run only under ``strict``, and
    ``selects`` (``--select``/``--ignore``) says which codes count at all. A file
    that cannot be read or written fails the run, and so, under ``check``, does a
    file that would change.
    """

    check: bool = False
    printed: bool = False
    strict: bool = False
    #: ``fmt --check``: a file that would change fails the run (``--diff`` alone does not)
    changes_fail: bool = False
    selects: Callable[[str], bool] = lambda code: True
    reformatted: int = 0
    unchanged: int = 0
    failed: int = 0
    kept: int = 0
    unformatted_records: int = 0
    fragments: int = 0
    warnings: int = 0

    def add(self, result: FormattedFile | FileStatus, *, write_failed: bool = False) -> None:
        if write_failed:
            self.failed += 1
            return
        if result.failed:
            rules = {report.finding.rule for report in result.reports}
            if not rules or not rules <= KEPT_FILE_RULES:
                self.failed += 1
                return
            self.kept += 1
            self.unchanged += 1
        else:
            self.unformatted_records += result.verbatim
            self.fragments += result.fragments
            if result.changed:
                self.reformatted += 1
            else:
                self.unchanged += 1
        self.warnings += sum(self.selects(r.finding.code) for r in result.reports)

    def is_warning(self, result: FormattedFile | FileStatus) -> bool:
        """Whether ``result``'s reports are warnings (else they fail the run)."""
        return not result.failed or (
            bool(result.reports)
            and all(report.finding.rule in KEPT_FILE_RULES for report in result.reports)
        )

    @property
    def files(self) -> int:
        return self.reformatted + self.unchanged + self.failed

    @property
    def problems(self) -> bool:
        """True when a file could not be read or written."""
        return bool(self.failed)

    @property
    def exit_code(self) -> int:
        """1 when a file could not be read or written, when (``changes_fail``) a file would
        change, or (``strict``) on a warning; else 0."""
        failed = self.failed or (self.changes_fail and self.reformatted)
        return 1 if failed or (self.strict and self.warnings) else 0

    def parts(self) -> list[tuple[str, str]]:
        """The summary's parts, each with its kind (``changed``, ``same``, ``failed``,
        ``warning``)."""
        would = self.check
        parts = []
        if self.reformatted:
            verb = (
                "would be reformatted"
                if would
                else "reformatted to stdout"
                if self.printed
                else "reformatted"
            )
            parts.append((f"{plural(self.reformatted, 'file')} {verb}", "changed"))
        if self.unchanged:
            verb = (
                "would be left unchanged"
                if would
                else "printed to stdout unchanged"
                if self.printed
                else "left unchanged"
            )
            parts.append((f"{plural(self.unchanged, 'file')} {verb}", "same"))
        if self.failed:
            verb = "would fail to reformat" if would else "failed to reformat"
            parts.append((f"{plural(self.failed, 'file')} {verb}", "failed"))
        if self.warnings:
            parts.append((f"{plural(self.warnings, 'warning')}", "warning"))
        return parts

    def summary(self) -> str:
        """``3 files reformatted, 120 files left unchanged.``"""
        parts = self.parts()
        if not parts:
            return "No files to format."
        return ", ".join(text for text, _ in parts) + "."
