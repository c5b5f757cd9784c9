"""``github``: GitHub Actions workflow commands, one annotation per finding.

``::error file=PATH,line=N,col=N,title=CODE::PATH:N:N: CODE message``. The
place is repeated in the message, because the log view shows only the
message. Properties escape ``%``, CR, LF, ``:`` and ``,``; the message
escapes ``%``, CR and LF, as GitHub's toolkit does. Paths never start with
``./``, which GitHub fails to match to the pull request's files.
"""

from __future__ import annotations

from newsparse.reporters import ReportOptions
from newsparse.rules.diagnostic import Diagnostic
from newsparse.rules.runner import CheckResult


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(diagnostic: Diagnostic) -> str:
    d = diagnostic
    properties = ",".join(
        f"{name}={escape_property(value)}"
        for name, value in (
            ("file", d.path), ("line", str(d.line)), ("col", str(d.column)), ("title", d.code)
        )
    )
    message = f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}"
    return f"::{d.severity} {properties}::{escape_data(message)}"


def render(result: CheckResult, options: ReportOptions) -> str:
    return "".join(command(d) + "\n" for d in result.diagnostics)
