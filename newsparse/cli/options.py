"""Options shared by several commands, declared once."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from newsparse.reader import DEFAULT_MAX_RECORD

F = TypeVar("F", bound=Callable[..., Any])

_SIZE_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


class Size(click.ParamType):  # type: ignore[type-arg]
    """A size such as ``8M``, ``512k`` or ``1000000``."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().lower().removesuffix("b").removesuffix("i")
        unit = text[-1:] if text[-1:] in _SIZE_UNITS else ""
        number = text[: len(text) - len(unit)]
        try:
            size = int(float(number) * _SIZE_UNITS[unit])
        except ValueError:
            self.fail(f"{value!r} is not a size (such as 8M, 512k or 1000000)", param, ctx)
        if size < 1024:
            self.fail("must be at least 1k", param, ctx)
        return size


def paths_argument(func: F) -> F:
    return click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))(func)


def exclude_option(func: F) -> F:
    return click.option(
        "--exclude",
        multiple=True,
        metavar="GLOB",
        help="Skip files and folders whose name or path inside a folder argument matches "
        "this glob (repeatable). Hidden files are always skipped.",
    )(func)


def max_record_option(func: F) -> F:
    return click.option(
        "--max-record-size",
        type=Size(),
        default=DEFAULT_MAX_RECORD,
        show_default="8M",
        help="Skip and report any record (or line) larger than this many characters.",
    )(func)


def strict_option(func: F) -> F:
    return click.option(
        "--strict", is_flag=True, help="Stop at the first finding of any kind, and fail."
    )(func)


def require_paths(paths: tuple[str, ...]) -> tuple[str, ...]:
    """The paths to read; with none given, stdin if it is not a terminal."""
    if paths:
        return paths
    if sys.stdin is None or sys.stdin.isatty():
        raise click.UsageError("no input: give files or folders, or - to read stdin")
    return ("-",)


def refuse_input_as_output(output: str, inputs: tuple[str, ...] | list[str], what: str = "output"
                           ) -> None:
    """A usage error (exit 2, nothing written) when ``output`` is one of ``inputs`` or would
    be created inside an input folder."""
    from newsparse.atomic import output_conflict

    problem = output_conflict(output, inputs, what)
    if problem is not None:
        click.echo(f"newsparse: error: {problem}", err=True)
        sys.exit(2)  # EXIT_USAGE (newsparse.cli imports this module)
