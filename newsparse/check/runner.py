"""Run the check: parse every file, apply the selection, add the archive-wide findings.

The result is what every reporter needs: the diagnostics (sorted by path, then
line), how many files were read, and how many findings the baseline covered.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from newsparse.check.archive import DuplicateIndex
from newsparse.check.baseline import Baseline
from newsparse.check.fingerprint import fingerprint, relative_path
from newsparse.check.select import Selector
from newsparse.codes import RULES, Rule
from newsparse.diagnostics import CheckResult, Diagnostic
from newsparse.model import Article, Failure, Finding, Severity
from newsparse.pipeline import Item, Options, parse_input
from newsparse.reader import DEFAULT_MAX_RECORD
from newsparse.walk import iter_paths


@dataclass(frozen=True, slots=True)
class CheckSettings:
    """How to check: which rules, where, at what severity."""

    selector: Selector = field(default_factory=lambda: Selector(frozenset(RULES)))
    severity: Mapping[str, Severity] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    max_record: int = DEFAULT_MAX_RECORD
    baseline: Baseline | None = None
    #: the folder of the config file: per-file-ignore globs also match paths relative to it
    root: str | None = None
    today: _dt.date | None = None
    #: warnings fail the run too (--strict)
    strict: bool = False


class Collector:
    def __init__(self, settings: CheckSettings) -> None:
        self.settings = settings
        self.diagnostics: list[Diagnostic] = []
        self._places: dict[str, tuple[str, ...]] = {}

    def shown(self, path: str) -> str:
        return path if "://" in path else relative_path(path)  # a URL is shown as it is

    def _paths(self, shown: str) -> tuple[str, ...]:
        """The names a file goes by for per-file-ignore globs."""
        names = self._places.get(shown)
        if names is None:
            names = (shown,)
            root = self.settings.root
            if root is not None and shown != "-":
                inside = os.path.relpath(os.path.abspath(shown), root).replace(os.sep, "/")
                if not inside.startswith(".."):
                    names = (shown, inside)
            self._places[shown] = names
        return names

    def add(self, rule: Rule, path: str, line: int, column: int, message: str, key: str) -> None:
        shown = self.shown(path)
        if not self.settings.selector.applies(rule.code, self._paths(shown)):
            return
        severity = self.settings.severity.get(rule.code) or rule.severity
        self.diagnostics.append(Diagnostic(shown, line, column, rule, message, severity, key))

    def finding(self, finding: Finding, key: str | None = None, path: str | None = None) -> None:
        """Add a finding; ``path`` is the real name of the file it is about (the finding
        itself carries the name escaped for display)."""
        self.add(
            finding.rule,
            path or finding.path,
            finding.line,
            finding.column,
            finding.message,
            key or fingerprint(finding.code, finding.message),
        )


def check_paths(paths: Iterable[str], settings: CheckSettings | None = None) -> CheckResult:
    """Check files, folders (recursively) and ``-`` (stdin), as ``newsparse check`` does."""
    settings = settings or CheckSettings()
    collect = Collector(settings)
    index = DuplicateIndex()
    options = Options(max_record=settings.max_record, today=settings.today)
    files = 0
    for path in iter_paths(paths, exclude=settings.exclude):
        if isinstance(path, Failure):
            collect.finding(path.finding)
            continue
        files += 1
        check_items(parse_input(path, options), path, collect, index.add)
    for found in index.findings():
        collect.add(found.rule, found.path, found.line, 1, found.message, found.key)
    return finish(collect, files)


def check_items(
    items: Iterable[Item], path: str, collect: Collector, index: Callable[[Article, str], None]
) -> None:
    """The findings of one file's parse stream; each article also goes to ``index`` (for
    the archive-wide rules) with the path as shown.

    Diagnostics carry the real name: each output format escapes it its own way (the
    SARIF URI must name the very file, the terminal must not run it)."""
    shown = collect.shown(path)
    for item in items:
        if isinstance(item, Article):
            index(item, shown)
            key = fingerprint(item.url)
            for finding in item.findings:
                collect.finding(finding, key, path)
        elif isinstance(item, Failure):
            collect.finding(item.finding, path=path)
        else:  # a file finding: its encoding, line endings, or that it is empty
            collect.finding(item, path=path)


def finish(collect: Collector, files: int) -> CheckResult:
    """The result: the baseline applied, the diagnostics sorted."""
    settings = collect.settings
    diagnostics = collect.diagnostics
    baselined = 0
    if settings.baseline is not None:
        diagnostics, baselined = settings.baseline.filter(diagnostics)
    diagnostics.sort(key=Diagnostic.sort_key)
    return CheckResult(diagnostics, files, baselined, settings.strict)
