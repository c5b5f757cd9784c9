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


def scheduler_option(func: F) -> F:
    return click.option(
        "--scheduler",
        metavar="threads|local:N|tcp://HOST:PORT",
        help="Run on Dask (the dask extra; see docs/cluster.md): in threads, on N local "
        "worker processes, or on a remote scheduler. Paths may then be URLs (s3://...).",
    )(func)


def cluster_wanted(scheduler: str | None, paths: tuple[str, ...]) -> bool:
    """Dask runs the job when asked to, or when a path is a URL (s3://...)."""
    return scheduler is not None or any("://" in path for path in paths)
