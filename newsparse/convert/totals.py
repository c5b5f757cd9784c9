"""The counts of a whole conversion run, and its closing summary line."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsparse.convert.worker import ConvertedFile
from newsparse.model import Failure
from newsparse.tally import Tally, plural


@dataclass(slots=True)
class Totals:
    """The counts of a whole run. Every record read is an article written, an article
    already up to date, or reported: ``records == written + unchanged + left out + reported``."""

    files: int = 0
    skipped: int = 0
    tally: Tally = field(default_factory=Tally)
    written: int = 0
    unchanged: int = 0
    refused: int = 0
    #: whether warnings fail the run too (--strict)
    strict: bool = False

    @property
    def records(self) -> int:
        return self.tally.records

    @property
    def exit_code(self) -> int:
        """1 when a record, file or output was reported (or, under ``strict``, when
        anything was found), else 0: see newsparse.outcome."""
        return 1 if self.failed or (self.strict and self.tally.findings) else 0

    @property
    def reported(self) -> int:
        """Records not written: failed to parse, or their output was refused."""
        return self.tally.failed_records + self.refused

    @property
    def failed(self) -> bool:
        return self.tally.failed or self.refused > 0

    def add(self, item: ConvertedFile | Failure) -> None:
        self.files += 1
        if isinstance(item, Failure):
            self.tally.add(item)
            return
        if item.skipped:
            self.skipped += 1
            return
        self.tally += item.tally
        self.tally.files += 1  # an input's own tally counts what is in it, not the file
        self.written += item.written
        self.unchanged += item.unchanged
        self.refused += item.refused

    def summary(
        self, seconds: float | None = None, *, dry_run: bool = False, interrupted: bool = False
    ) -> str:
        """``Converted 12 files, 43 records: 40 articles written, 2 up to date, 1 reported;
        1 file failed in 0.4 s (107 records/s).`` (the time only when ``seconds`` is given)."""
        lead = "Interrupted after" if interrupted else "Dry run:" if dry_run else "Converted"
        verb = "to write" if dry_run else "written"
        parts = [f"{plural(self.written, 'article')} {verb}"]
        if self.unchanged:
            parts.append(f"{self.unchanged:,} up to date")
        if self.tally.filtered:
            parts.append(f"{self.tally.filtered:,} filtered")
        if self.tally.duplicates:
            parts.append(plural(self.tally.duplicates, "duplicate"))
        parts.append(f"{self.reported:,} reported")
        counted = f"{plural(self.files, 'file')}, {plural(self.records, 'record')}"
        text = f"{lead} {counted}: {', '.join(parts)}"
        if self.tally.failed_files:
            text += f"; {plural(self.tally.failed_files, 'file')} failed"
        if self.tally.fragments:
            text += f"; {plural(self.tally.fragments, 'text fragment')} outside any record"
        if self.skipped:
            text += f"; {plural(self.skipped, 'file')} skipped (up to date)"
        if self.strict and self.tally.findings:
            text += f"; {plural(self.tally.findings, 'finding')} (--strict)"
        if seconds is None:
            return f"{text}."
        rate = self.records / seconds if seconds > 0 else 0.0
        return f"{text} in {seconds:.1f} s ({rate:,.0f} records/s)."
