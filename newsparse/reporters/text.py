"""``text``: ``path:line: CODE message`` (``path:line:col:`` when a finding names a
column), sorted, then a summary line.

Paths and messages are escaped by :func:`newsparse.display.display`: this is
what a terminal shows.
"""

from __future__ import annotations

from collections import Counter

import click

from newsparse.codes import RULES
from newsparse.diagnostics import CheckResult, Diagnostic
from newsparse.display import display, display_path
from newsparse.reporters import ReportOptions, summary


def line(diagnostic: Diagnostic, color: bool = False) -> str:
    # Column 1 is the line as a whole (every finding today): no column is meant.
    column = f":{diagnostic.column}" if diagnostic.column > 1 else ""
    place = f"{display_path(diagnostic.path)}:{diagnostic.line}{column}:"
    code = diagnostic.code
    if color:
        place = click.style(place, bold=True)
        hue = "red" if diagnostic.severity == "error" else "yellow"
        code = click.style(code, fg=hue, bold=True)
    return f"{place} {code} {display(diagnostic.message)}"


def statistics(result: CheckResult) -> list[str]:
    """One line per code: count, code, severity and name, most frequent first."""
    counts = Counter(d.code for d in result.diagnostics)
    severity = {d.code: d.severity for d in result.diagnostics}
    width = len(str(max(counts.values(), default=0)))
    return [
        f"{count:>{width}}  {code}  {severity[code]:<7}  {RULES[code].name}"
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def render(result: CheckResult, options: ReportOptions) -> str:
    if options.statistics:
        lines = statistics(result)
    else:
        lines = [line(d, options.color) for d in result.diagnostics]
    text = summary(result)
    if options.color:
        text = click.style(text, fg="red" if result.failed(options.strict) else "green")
    lines.append(text)
    return "\n".join(lines) + "\n"
