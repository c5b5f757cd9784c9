"""Options shared by several commands, declared once."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from newsparse.limits import MAX_RECORD_SIZE, MIN_RECORD_SIZE
from newsparse.reader import DEFAULT_MAX_RECORD

if TYPE_CHECKING:
    from newsparse.filters import Bound, Selection

F = TypeVar("F", bound=Callable[..., Any])

_SIZE_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


class Size(click.ParamType):  # type: ignore[type-arg]
    """A size such as ``8M``, ``512k`` or ``1000000``, from 1k to 1024G (newsparse.limits)."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().lower().removesuffix("b").removesuffix("i")
        unit = text[-1:] if text[-1:] in _SIZE_UNITS else ""
        number = text[: len(text) - len(unit)]
        try:
            amount = float(number) * _SIZE_UNITS[unit]
        except ValueError:
            self.fail(f"{value!r} is not a size (such as 8M, 512k or 1000000)", param, ctx)
        # Compared as a float first: int() of an infinite float (1e400, inf) overflows.
        if not MIN_RECORD_SIZE <= amount <= MAX_RECORD_SIZE:  # NaN fails this too
            self.fail(f"must be from 1k to 1024G, not {value!r}", param, ctx)
        return int(amount)


def paths_argument(func: F) -> F:
    return click.argument(
        "paths", nargs=-1, type=click.Path(allow_dash=True), callback=_existing_paths
    )(func)


def _existing_paths(
    ctx: click.Context, param: click.Parameter, paths: tuple[str, ...]
) -> tuple[str, ...]:
    """A path that does not exist is a usage error (exit 2), found before anything is
    read or created, as black does. ``-`` and URLs (s3://...) are not local paths; a
    path that exists but cannot be read (no permission) is reported by the run."""
    import os

    for path in paths:
        if path == "-" or "://" in path:
            continue
        try:
            os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            from newsparse.display import display

            raise click.UsageError(f"path {display(path)!r} does not exist", ctx) from None
        except (OSError, ValueError):
            continue
    return paths


def exclude_option(func: F) -> F:
    return click.option(
        "--exclude",
        multiple=True,
        metavar="GLOB",
        help="Skip files and folders whose name or path inside a folder argument matches "
        "this glob (repeatable). Hidden files are always skipped.",
    )(func)


def include_option(func: F) -> F:
    return click.option(
        "--include",
        multiple=True,
        metavar="GLOB",
        help="In folder arguments, read only the files whose name or path inside the folder "
        "matches this glob (repeatable), such as '*.txt*'. Files named as arguments are "
        "always read.",
    )(func)


class DateBound(click.ParamType):  # type: ignore[type-arg]
    """A day (2026-01-23) or an ISO 8601 timestamp, for --since and --until."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from newsparse.filters import Bound, BoundError, parse_bound

        if isinstance(value, Bound):
            return value
        try:
            return parse_bound(str(value))
        except BoundError as exc:
            self.fail(str(exc), param, ctx)


def selection_options(func: F) -> F:
    """--since, --until, --source and --unique: which articles to keep (newsparse.filters)."""
    func = click.option(
        "--unique",
        type=click.Choice(("url", "body")),
        help="Keep only the first article for each normalized URL, or for each body.",
    )(func)
    func = click.option(
        "--source",
        "hosts",
        multiple=True,
        metavar="HOST",
        help="Keep articles from this host or its subdomains (repeatable).",
    )(func)
    func = click.option(
        "--until",
        type=DateBound(),
        metavar="DATE",
        help="Keep articles up to this day or timestamp, inclusive (UTC unless a zone is "
        "given; an article with no time counts as its whole day).",
    )(func)
    return click.option(
        "--since",
        type=DateBound(),
        metavar="DATE",
        help="Keep articles from this day or timestamp on, inclusive.",
    )(func)


def selection(
    since: Bound | None, until: Bound | None, sources: tuple[str, ...], unique: str | None
) -> Selection | None:
    """The Selection the options give, or None when they select everything."""
    if since is None and until is None and not sources and unique is None:
        return None  # without importing newsparse.filters (1 ms of every start)
    from newsparse.filters import Selection

    chosen = Selection(since, until, sources, unique)  # type: ignore[arg-type]
    return chosen if chosen.active else None


def max_record_option(func: F) -> F:
    return click.option(
        "--max-record-size",
        type=Size(),
        default=DEFAULT_MAX_RECORD,
        show_default="8M",
        help="Skip and report any record (or line) larger than this many characters.",
    )(func)


def strict_option(func: F) -> F:
    return click.option("--strict", is_flag=True, help="Make warnings fail the run too (exit 1).")(
        func
    )


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


#: Keys whose values stay text even when they read as JSON numbers (``secret=12345``).
_TEXT_KEYS = frozenset({"key", "secret", "token", "password", "username", "profile"})
#: Words read as JSON's true, false and null in any case: ``anon=False`` kept as the
#: text "False" would be true to s3fs, and make every request anonymous.
_WORDS = {"true": True, "false": False, "null": None, "none": None}


class StorageOption(click.ParamType):  # type: ignore[type-arg]
    """``KEY=VALUE``, one fsspec storage option: VALUE is read as JSON when it is JSON
    (``anon=true``, ``client_kwargs={"region_name": "eu-west-1"}``), else kept as text;
    true, false and null in any case (and None); credentials always as text. The key and
    the value lose the spaces around them."""

    name = "key=value"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[str, Any]:
        if isinstance(value, tuple):
            return value
        key, equals, text = str(value).partition("=")
        key, text = key.strip(), text.strip()
        if not equals or not key:
            self.fail(f"{value!r} is not KEY=VALUE", param, ctx)
        if text.lower() in _WORDS:
            return key, _WORDS[text.lower()]
        if key in _TEXT_KEYS:
            return key, text
        import json

        try:
            return key, json.loads(text)
        except ValueError:
            return key, text


def scheduler_options(func: F) -> F:
    """``--scheduler`` and ``--storage-option``: the Dask runs of docs/cluster.md."""
    func = click.option(
        "--storage-option",
        "storage_options",
        type=StorageOption(),
        multiple=True,
        metavar="KEY=VALUE",
        help="An fsspec option for URLs, as s3fs or gcsfs take them (endpoint_url=..., "
        "anon=true; VALUE is read as JSON when it is JSON); repeat for more. Only with "
        "URLs or --scheduler.",
    )(func)
    func = click.option(
        "--files-per-partition",
        type=click.IntRange(min=1),
        metavar="N",
        help="With --scheduler or URLs: at most this many files parsed by one task "
        "(default 256; a task also stops at 64 MiB of files).",
    )(func)
    return scheduler_option(func)


def cluster_settings(
    storage_options: tuple[tuple[str, Any], ...],
    files_per_partition: int | None,
    scheduler: str | None,
    paths: tuple[str, ...],
) -> dict[str, Any] | None:
    """What ``--storage-option`` and ``--files-per-partition`` ask of newsparse.dask, as
    keyword arguments, when Dask runs the job (:func:`cluster_wanted`); None when it
    does not, and a usage error if either was given then."""
    if not cluster_wanted(scheduler, paths):
        for given, name in (
            (storage_options, "--storage-option"),
            (files_per_partition, "--files-per-partition"),
        ):
            if given:
                raise click.UsageError(f"{name} applies to URLs (s3://...) and --scheduler runs")
        return None
    settings: dict[str, Any] = {"storage_options": dict(storage_options)}
    if files_per_partition is not None:
        settings["files_per_partition"] = files_per_partition
    return settings


def cluster_wanted(scheduler: str | None, paths: tuple[str, ...]) -> bool:
    """Dask runs the job when asked to, or when a path is a URL (s3://...)."""
    return scheduler is not None or any("://" in path for path in paths)


def refuse_input_as_output(
    output: str, inputs: tuple[str, ...] | list[str], what: str = "output"
) -> None:
    """A usage error (exit 2, nothing written) when ``output`` is one of ``inputs`` or would
    be created inside an input folder."""
    from newsparse.atomic import output_conflict

    problem = output_conflict(output, inputs, what)
    if problem is not None:
        from newsparse.errors import RunError
        from newsparse.outcome import EXIT_USAGE

        raise RunError(EXIT_USAGE, problem)


def check_output(
    output: str, inputs: tuple[str, ...] | list[str], what: str = "output", *, folder: bool = False
) -> None:
    """Refuse, before the run, an output that cannot be written where it is named: its
    folder does not exist or is not a folder, it is a folder (``folder``: it is not), or
    it is an input. A usage error (exit 2), nothing written; a write that fails later
    (permission, a full disk) is exit 1."""
    import errno
    import os

    from newsparse.display import display_path
    from newsparse.errors import RunError
    from newsparse.outcome import EXIT_USAGE

    if output == "-":
        return
    shown = display_path(output)
    if folder:  # created with its parents: every existing ancestor must be a folder
        place = os.path.abspath(output)
        while not os.path.lexists(place) and os.path.dirname(place) != place:
            place = os.path.dirname(place)
        if os.path.exists(place) and not os.path.isdir(place):
            problem = errno.EEXIST if place == os.path.abspath(output) else errno.ENOTDIR
            reason = "it is a file" if problem == errno.EEXIST else os.strerror(problem)
            raise RunError(EXIT_USAGE, f"cannot write into {shown}: {reason}")
        return
    parent = os.path.dirname(os.path.abspath(output))
    try:
        os.stat(parent)
        is_folder = os.path.isdir(parent)
    except OSError as exc:
        if exc.errno not in (errno.ENOENT, errno.ENOTDIR):
            is_folder = True  # no permission to look: the write will say
        else:
            raise RunError(EXIT_USAGE, f"cannot write {shown}: its folder does not exist") from None
    if not is_folder:
        raise RunError(EXIT_USAGE, f"cannot write {shown}: {os.strerror(errno.ENOTDIR)}")
    if os.path.isdir(output):
        raise RunError(EXIT_USAGE, f"cannot write {shown}: {os.strerror(errno.EISDIR)}")
    refuse_input_as_output(output, inputs, what)


def nothing_found(
    paths: tuple[str, ...] | list[str], exclude: tuple[str, ...] = (), include: tuple[str, ...] = ()
) -> bool:
    """When the paths hold no file at all, say so (a warning on stderr) and return True:
    the command then stops, exit 0, having created nothing."""
    from newsparse.outcome import found_nothing, no_dump_files

    if not found_nothing(paths, exclude=exclude, include=include):
        return False
    from newsparse.cli import console

    console.warning(no_dump_files(paths))
    return True
