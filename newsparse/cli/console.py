"""Messages on stderr: ``path:line: CODE message``, coloured only on a terminal.

Every line for a person goes through :func:`newsparse.display.display` (via
:func:`say`, :func:`report` and :func:`error`), so that no file name, headline,
URL or message from the archive can move the cursor, recolour the terminal,
reorder text or fake a line.

``NO_COLOR`` (any value) turns colour off; ``FORCE_COLOR`` (any value but
empty or ``0``) turns it on even when stderr is not a terminal.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import BinaryIO, TextIO

import click

from newsparse.display import display, display_path
from newsparse.model import Failure, Finding


def use_color(stream: TextIO | None = None) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR")
    if force and force != "0":
        return True
    stream = stream or sys.stderr
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def say(text: str, *, err: bool = True) -> None:
    """Print one line of untrusted text for a person (stderr by default), escaped."""
    click.echo(display(text), err=err)


def format_finding(finding: Finding, color: bool) -> str:
    place = f"{display_path(finding.path)}:{finding.line}:"
    code = finding.code
    if color:
        place = click.style(place, bold=True)
        code = click.style(code, fg="red" if finding.severity == "error" else "yellow", bold=True)
    return f"{place} {code} {display(finding.message)}"


def report(item: Failure | Finding, color: bool) -> None:
    """Print one failure or finding to stderr."""
    finding = item.finding if isinstance(item, Failure) else item
    click.echo(format_finding(finding, color), err=True, color=color)


def error(message: str) -> None:
    """A one-line error about the run itself (not about the input), on stderr."""
    click.echo(f"newsparse: error: {display(message)}", err=True)


def warning(message: str) -> None:
    """A one-line warning about the run itself (not about the input), on stderr."""
    click.echo(f"newsparse: warning: {display(message)}", err=True)


def stdout_buffer() -> BinaryIO:
    """stdout as bytes. Raises OSError (EBADF) when newsparse was started with stdout
    closed (``>&-``), so that the failure is reported like any other failed write."""
    if sys.stdout is None:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))
    return sys.stdout.buffer
