"""Counting what a run read, wrote and reported, so that the counts add up."""

from __future__ import annotations

from newsparse.model import Article, Failure, Finding

#: The names of Tally's counts, in order; ``+=`` sums each of them.
COUNTS = (
    "files",
    "articles",
    "failed_records",
    "failed_files",
    "fragments",
    "findings",
    "filtered",
    "duplicates",
)


class Tally:
    """Counts of a parse stream. ``records == articles + failed_records``, always, and
    ``articles == written + filtered + duplicates``: an article a selection leaves out
    (``--since``, ``--source``, ``--unique``...) is still counted, as left out.

    A plain class rather than a dataclass: building a dataclass costs about half a
    millisecond of every start (see model.Finding), and every parse builds this one.
    """

    __slots__ = (*COUNTS, "strict")

    def __init__(
        self,
        files: int = 0,
        articles: int = 0,
        failed_records: int = 0,
        failed_files: int = 0,
        fragments: int = 0,
        findings: int = 0,
        filtered: int = 0,
        duplicates: int = 0,
        strict: bool = False,
    ) -> None:
        self.files = files
        self.articles = articles
        self.failed_records = failed_records
        self.failed_files = failed_files
        self.fragments = fragments
        self.findings = findings
        self.filtered = filtered
        self.duplicates = duplicates
        #: whether warnings fail the run too (--strict)
        self.strict = strict

    def _key(self) -> tuple[int | bool, ...]:
        return (*(getattr(self, name) for name in COUNTS), self.strict)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Tally):
            return NotImplemented
        return self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass was

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in (*COUNTS, "strict"))
        return f"Tally({fields})"

    @property
    def exit_code(self) -> int:
        """1 when a record, file or fragment was reported (or, under ``strict``, when
        anything was found), else 0: see newsparse.outcome."""
        return 1 if self.failed or (self.strict and self.findings) else 0

    @property
    def records(self) -> int:
        return self.articles + self.failed_records

    @property
    def written(self) -> int:
        """Articles not left out by a selection."""
        return self.articles - self.filtered - self.duplicates

    @property
    def left_out(self) -> int:
        return self.filtered + self.duplicates

    def leave_out(self, verdict: str) -> None:
        """Count an article (already added) that a selection left out, and why."""
        if verdict == "duplicate":
            self.duplicates += 1
        else:
            self.filtered += 1

    @property
    def failed(self) -> bool:
        return bool(self.failed_records or self.failed_files or self.fragments)

    def add(self, item: Article | Failure | Finding) -> None:
        if isinstance(item, Article):
            self.articles += 1
            self.findings += len(item.findings)
        elif isinstance(item, Failure):
            if item.scope == "record":
                self.failed_records += 1
            elif item.scope == "file":
                self.failed_files += 1
            else:
                self.fragments += 1
        else:
            self.findings += 1

    def __iadd__(self, other: Tally) -> Tally:
        """Add another tally's counts to this one (every count, whatever is added later)."""
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.strict = self.strict or other.strict
        return self

    def summary(self) -> str:
        """``12 records: 8 written, 1 filtered, 1 duplicate, 2 reported; 1 file failed``."""
        counts = [f"{self.written:,} written"]
        if self.filtered:
            counts.append(f"{self.filtered:,} filtered")
        if self.duplicates:
            counts.append(plural(self.duplicates, "duplicate"))
        counts.append(f"{self.failed_records:,} reported")
        parts = [f"{plural(self.records, 'record')}: {', '.join(counts)}"]
        if self.failed_files:
            parts.append(f"{plural(self.failed_files, 'file')} failed")
        if self.fragments:
            parts.append(f"{plural(self.fragments, 'text fragment')} outside any record")
        if self.strict and self.findings:
            parts.append(f"{plural(self.findings, 'finding')} (--strict)")
        return "; ".join(parts)


def plural(count: int, noun: str) -> str:
    """``1 file``, ``2 files``, ``12,000 files``: a count and its noun, for summaries."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")
