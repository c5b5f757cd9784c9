"""``--scheduler``, URLs and ``-f parquet`` for ``parse`` and ``check``: wiring only.

Imported only when one of them is asked for, so that the plain CLI never loads dask,
pandas, pyarrow or fsspec. A missing optional dependency is one line naming the
extra to install, and exit 2. The work is in :mod:`newsparse.dask` and
:mod:`newsparse.arrow`.
"""

from __future__ import annotations

import contextlib
import importlib.util
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, NoReturn

import click

from newsparse.cli import EXIT_USAGE, console
from newsparse.outcome import write_failed
from newsparse.tally import plural

if TYPE_CHECKING:
    from newsparse.arrow import ParquetWriter
    from newsparse.check import CheckResult, CheckSettings
    from newsparse.tally import Tally

#: What each extra provides, by the module that must be importable.
_EXTRA_MODULES = {
    "dask": ("dask", "distributed", "fsspec", "pandas"),
    "parquet": ("pyarrow",),
    "s3": ("s3fs",),
    "gcs": ("gcsfs",),
}
#: The extra that reads each URL scheme (others need only fsspec itself).
_SCHEME_EXTRAS = {"s3": "s3", "s3a": "s3", "gs": "gcs", "gcs": "gcs"}


def require(extras: Iterable[str], why: str) -> None:
    """Exit 2 with one line when an extra is not installed."""
    for extra in extras:
        if any(importlib.util.find_spec(module) is None for module in _EXTRA_MODULES[extra]):
            _fail(f"{why} needs the {extra} extra: pip install 'newsparse[{extra}]'")


def _require_for(scheduler: str | None, paths: Iterable[str], parquet: bool) -> None:
    paths = list(paths)
    urls = [path for path in paths if "://" in path]
    require(["dask"], f"--scheduler {scheduler}" if scheduler else urls[0])
    if parquet:
        require(["parquet"], "-f parquet")
    for url in urls:
        extra = _SCHEME_EXTRAS.get(url.split("://", 1)[0].lower())
        if extra:
            require([extra], url)


def _fail(message: str) -> NoReturn:
    """A missing extra or an unreachable scheduler: a usage error, exit 2."""
    from newsparse.errors import RunError

    raise RunError(EXIT_USAGE, message)


@contextlib.contextmanager
def _run_on(scheduler: str | None) -> Iterator[None]:
    """The scheduler, started or reached before any work: a bad spec or an unreachable
    address is a usage error, not a traceback."""
    from newsparse.dask import scheduler as connect

    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(connect(scheduler or "threads"))
        except ValueError as exc:
            _fail(str(exc))
        except OSError as exc:  # distributed raises OSError (a timeout) when unreachable
            _fail(f"cannot reach the scheduler {scheduler}: {exc}")
        yield


@contextlib.contextmanager
def parquet_file(path: str | None) -> Iterator[ParquetWriter]:
    """``parse -f parquet -o FILE``: the articles streamed into one Parquet file, written
    atomically (complete, or not at all)."""
    if path is None or path == "-":
        raise click.UsageError("-f parquet writes a file: give -o FILE.parquet")
    require(["parquet"], "-f parquet")
    from newsparse.arrow import ParquetWriter
    from newsparse.atomic import atomic_write

    try:
        with atomic_write(path, binary=True) as handle, ParquetWriter(handle) as writer:
            yield writer
    except OSError as exc:
        raise write_failed(path, exc.strerror or str(exc)) from None


def parse(
    paths: tuple[str, ...],
    output: str | None,
    fmt: str,
    scheduler: str | None,
    exclude: tuple[str, ...],
    fail_fast: bool,
    max_record_size: int,
    strict: bool = False,
    on_dask: dict[str, Any] | None = None,
) -> Tally:
    """``newsparse parse SRC -o DEST/ --scheduler ...``: numbered parts in DEST."""
    if fail_fast:
        raise click.UsageError(
            "--fail-fast stops at the first finding; it does not work with --scheduler or URLs"
        )
    if output is None or output == "-":
        raise click.UsageError("with --scheduler or URLs, give -o DEST/ (a folder or URL)")
    if fmt not in ("parquet", "jsonl"):
        raise click.UsageError("with --scheduler or URLs, -f is parquet or jsonl")
    if "-" in paths:
        raise click.UsageError("stdin (-) cannot be read on a cluster")
    _require_for(scheduler, (*paths, output), fmt == "parquet")
    from newsparse import dask as cluster

    write = cluster.to_parquet if fmt == "parquet" else cluster.to_jsonl
    on_dask = on_dask or {}
    with _run_on(scheduler):
        try:
            summary = write(
                list(paths),
                output,
                dest_options=on_dask.get("storage_options"),  # one store, one set of options
                exclude=exclude,
                max_record_size=max_record_size,
                **on_dask,
            )
        except OSError as exc:  # the destination cannot be written
            raise write_failed(output, exc.strerror or str(exc)) from None
    color = console.use_color()
    for failure in summary.failures:
        console.report(failure, color)
    tally = summary.tally
    click.echo(f"newsparse: {plural(len(summary.parts), 'part')} in {output}", err=True)
    if tally.failed:
        click.echo(f"newsparse: {tally.summary()}", err=True)
    tally.strict = strict
    return tally


def check(
    paths: tuple[str, ...],
    settings: CheckSettings,
    scheduler: str | None,
    on_dask: dict[str, Any] | None = None,
) -> CheckResult:
    """``newsparse check SRC --scheduler ...``: the same result, computed on the cluster."""
    if "-" in paths:
        raise click.UsageError("stdin (-) cannot be read on a cluster")
    _require_for(scheduler, paths, parquet=False)
    from newsparse import dask as cluster

    with _run_on(scheduler):
        return cluster.check(list(paths), settings, **(on_dask or {}))
