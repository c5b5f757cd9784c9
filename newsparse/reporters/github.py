"""``github``: GitHub Actions workflow commands, one annotation per finding.

``::error file=PATH,line=N,col=N,title=CODE::PATH:N:N: CODE message``. The
place is repeated in the message, because the log view shows only the
message. Paths never start with ``./``, which GitHub fails to match to the
pull request's files.

The runner reads stdout line by line (a line ends at CR or LF) and runs every
line that starts with ``::`` as a command, so a hostile file name or headline
must never start a line of its own. Values are escaped exactly as GitHub's
toolkit does (``@actions/core``, ``command.ts``): ``%``, CR and LF in the
message; those and ``:`` and ``,`` in properties. The ``file`` property keeps
the real name (a newline becomes ``%0A``, which the runner turns back into a
newline), so that the annotation attaches to the file. The message is the
text a person reads in the log, so it is first escaped for display
(:func:`newsparse.display.display`: no terminal escapes, no bidi overrides).
"""

from __future__ import annotations

from newsparse.diagnostics import CheckResult, Diagnostic
from newsparse.display import display, unicode_safe
from newsparse.reporters import ReportOptions


def escape_data(text: str) -> str:
    """A message value, escaped as the toolkit's ``escapeData``."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value, escaped as the toolkit's ``escapeProperty``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(diagnostic: Diagnostic) -> str:
    d = diagnostic
    properties = ",".join(
        f"{name}={escape_property(value)}"
        for name, value in (
            ("file", unicode_safe(d.path)),
            ("line", str(d.line)),
            ("col", str(d.column)),
            ("title", d.code),
        )
    )
    message = display(f"{d.path}:{d.line}:{d.column}: {d.code} {d.message}")
    return f"::{d.severity} {properties}::{escape_data(message)}"


def render(result: CheckResult, options: ReportOptions) -> str:
    return "".join(command(d) + "\n" for d in result.diagnostics)
