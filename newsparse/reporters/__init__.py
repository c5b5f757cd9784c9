"""Output formats for ``newsparse check``: each module renders a CheckResult as text.

| format | for |
| --- | --- |
| text   | people: ``path:line:col: CODE message`` and a summary line |
| json   | scripts: a list of findings |
| github | GitHub Actions workflow commands (annotations on the pull request) |
| junit  | CI test reports (JUnit XML) |
| sarif  | code scanning (SARIF 2.1.0) |
| gitlab | GitLab code quality reports |
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from newsparse.diagnostics import CheckResult

FORMATS = ("text", "json", "github", "junit", "sarif", "gitlab")


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """How to render: ``strict`` says whether warnings fail (JUnit marks failing findings
    as failures), ``color`` applies to text only."""

    strict: bool = False
    color: bool = False
    statistics: bool = False


def render(fmt: str, result: CheckResult, options: ReportOptions | None = None) -> str:
    """The whole report in format ``fmt`` (one of FORMATS)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}")
    module = importlib.import_module(f"newsparse.reporters.{fmt}")
    text: str = module.render(result, options or ReportOptions())
    return text


def summary(result: CheckResult) -> str:
    """``Found 3 errors and 2 warnings in 2 files.`` or ``All checks passed.``"""
    return result.summary()
