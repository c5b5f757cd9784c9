"""Dump files (local or fsspec URLs) in; Dask DataFrames, or Parquet or JSON Lines parts
written by the tasks themselves, out. Also the scheduler to run them on.

The unit of work is a group of files: one task opens each file of its group (through
fsspec for a URL), parses it with :func:`newsparse.parse_stream`, the one reading path,
and turns what it found into Arrow tables, or writes its own numbered part. Articles
never travel between tasks as records: only tables, counts and the failures do.
Failures are never dropped: each task returns them, and they are counted in the
:class:`Summary` exactly as ``newsparse parse`` counts them.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import dask
import fsspec

from newsparse.dask.listing import (
    FILES_PER_PARTITION,
    StorageOptions,
    cannot_read,
    is_url,
    partitions,
    storage_error,
)
from newsparse.errors import NewsparseError
from newsparse.model import Article, Failure
from newsparse.outcome import EXIT_FAILURES, EXIT_USAGE
from newsparse.pipeline import Item, Options, parse_input, parse_stream
from newsparse.reader import DEFAULT_MAX_RECORD
from newsparse.tally import Tally

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd


#: How ``local:N`` starts its workers. Forked, not spawned, on Linux: a spawned worker
#: imports distributed, dask and newsparse again, 0.3 s of CPU and of wall time each
#: before it takes a task (distributed supports fork through this key; macOS and
#: Windows keep spawn). The statistical profiler, which samples every worker's stack
#: every 10 ms for the dashboard that local:N does not serve, is off.
_LOCAL_WORKERS: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
}
if sys.platform.startswith("linux"):
    _LOCAL_WORKERS["distributed.worker.multiprocessing-method"] = "fork"

PartFormat = Literal["parquet", "jsonl"]


# --- One task: parse a group of files --------------------------------------------------


def parse_files(
    files: Iterable[str], options: Options, storage_options: StorageOptions = None
) -> Iterator[Item]:
    """Articles, failures and file findings of each file in turn, as ``newsparse parse``
    streams them; a URL is opened with fsspec and read through ``parse_stream``."""
    for name in files:
        if not is_url(name):
            yield from parse_input(name, options)
            continue
        try:
            with fsspec.open(name, "rb", **dict(storage_options or {})) as handle:
                yield from parse_stream(handle, name, options)
        except OSError as exc:  # opening failed (missing object, no permission, network)
            yield cannot_read(name, str(exc.strerror or exc))
        except NewsparseError:
            raise
        except Exception as exc:
            raise storage_error(name, exc, EXIT_FAILURES) from exc


@dataclass(slots=True)
class Summary:
    """What a run over many files did: its counts, every failure, and the parts written."""

    tally: Tally = field(default_factory=Tally)
    failures: list[Failure] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    def add(self, other: Summary) -> None:
        self.tally += other.tally
        self.failures.extend(other.failures)
        self.parts.extend(other.parts)


def _consume(items: Iterable[Item], summary: Summary) -> Iterator[Article]:
    """The articles of a stream; failures are kept and everything is counted."""
    for item in items:
        summary.tally.add(item)
        if isinstance(item, Article):
            yield item
        elif isinstance(item, Failure):
            summary.failures.append(item)


def _frames(
    files: list[str], options: Options, storage_options: StorageOptions
) -> tuple[pd.DataFrame, pd.DataFrame]:
    from newsparse.arrow import articles_table, failures_table

    summary = Summary()
    articles = articles_table(_consume(parse_files(files, options, storage_options), summary))
    return _pandas(articles), _pandas(failures_table(summary.failures))


def _pandas(table: Any) -> pd.DataFrame:
    """Arrow-backed columns all through: lists and structs stay lists and structs."""
    import pandas as pd

    frame: pd.DataFrame = table.to_pandas(types_mapper=pd.ArrowDtype)
    return frame


# --- DataFrames ------------------------------------------------------------------------


def read_dumps(
    urlpath: str | Sequence[str],
    storage_options: StorageOptions = None,
    files_per_partition: int = FILES_PER_PARTITION,
    *,
    exclude: Iterable[str] = (),
    max_record_size: int = DEFAULT_MAX_RECORD,
) -> tuple[dd.DataFrame, dd.DataFrame]:
    """The articles and the failures of dump files, as two lazy Dask DataFrames.

    Each partition is one group of files (up to ``files_per_partition`` of them and
    BYTES_PER_PARTITION bytes: newsparse.dask.listing), parsed once for both
    frames: compute them together (``dask.compute(articles, failures)``) or persist
    them, or each compute parses the files again. Columns follow ``newsparse schema``
    (``newsparse.arrow.ARTICLE_SCHEMA``) with Arrow-backed dtypes; failures have the
    keys of a finding plus ``scope``.
    """
    import dask.dataframe as dd

    from newsparse.arrow import ARTICLE_SCHEMA, FAILURE_SCHEMA, failures_table

    chunks, unlisted = partitions(urlpath, storage_options, files_per_partition, exclude=exclude)
    options = Options(max_record=max_record_size)
    meta_articles = _pandas(ARTICLE_SCHEMA.empty_table())
    meta_failures = _pandas(FAILURE_SCHEMA.empty_table())
    parts = [
        dask.delayed(_frames, pure=True, nout=2)(group, options, storage_options)
        for group in chunks
    ]
    listed = [dask.delayed(_pandas)(failures_table(unlisted))] if unlisted else []
    if not parts:
        empty = dd.from_pandas(meta_articles, npartitions=1)
        return empty, (
            dd.from_delayed(listed, meta=meta_failures)
            if listed
            else dd.from_pandas(meta_failures, npartitions=1)
        )
    articles = dd.from_delayed([part[0] for part in parts], meta=meta_articles)
    failures = dd.from_delayed([*(part[1] for part in parts), *listed], meta=meta_failures)
    return articles, failures


# --- Parts written by the tasks themselves ---------------------------------------------


def to_parquet(
    urlpath: str | Sequence[str],
    dest: str,
    storage_options: StorageOptions = None,
    files_per_partition: int = FILES_PER_PARTITION,
    *,
    dest_options: StorageOptions = None,
    exclude: Iterable[str] = (),
    max_record_size: int = DEFAULT_MAX_RECORD,
) -> Summary:
    """Parse dump files on the current Dask scheduler into ``dest/part.NNNNN.parquet``.

    Each task parses its group of files and streams its articles into its own part,
    written from Arrow (row group by row group), so that pandas, Dask and pyarrow all
    read the folder back. Returns the counts and every failure.
    """
    return _write_parts(
        "parquet",
        urlpath,
        dest,
        storage_options,
        files_per_partition,
        dest_options,
        exclude,
        max_record_size,
    )


def to_jsonl(
    urlpath: str | Sequence[str],
    dest: str,
    storage_options: StorageOptions = None,
    files_per_partition: int = FILES_PER_PARTITION,
    *,
    dest_options: StorageOptions = None,
    exclude: Iterable[str] = (),
    max_record_size: int = DEFAULT_MAX_RECORD,
) -> Summary:
    """As :func:`to_parquet`, into ``dest/part.NNNNN.jsonl``: each line exactly as
    ``newsparse parse`` writes it."""
    return _write_parts(
        "jsonl",
        urlpath,
        dest,
        storage_options,
        files_per_partition,
        dest_options,
        exclude,
        max_record_size,
    )


def _write_parts(
    fmt: PartFormat,
    urlpath: str | Sequence[str],
    dest: str,
    storage_options: StorageOptions,
    files_per_partition: int,
    dest_options: StorageOptions,
    exclude: Iterable[str],
    max_record_size: int,
) -> Summary:
    chunks, unlisted = partitions(urlpath, storage_options, files_per_partition, exclude=exclude)
    if is_url(dest):
        try:
            fs, root = fsspec.core.url_to_fs(dest, **dict(dest_options or {}))
            fs.makedirs(root, exist_ok=True)
        except OSError:
            raise  # the destination cannot be written: the caller says so
        except Exception as exc:  # the store cannot be used: no credentials...
            raise storage_error(dest, exc, EXIT_USAGE, "write") from exc
    else:
        os.makedirs(dest, exist_ok=True)
    options = Options(max_record=max_record_size)
    tasks = [
        dask.delayed(_write_part, pure=False)(
            fmt, group, _part_name(dest, number, fmt), options, storage_options, dest_options
        )
        for number, group in enumerate(chunks)
    ]
    summary = Summary(failures=list(unlisted))
    for failure in unlisted:
        summary.tally.add(failure)
    for part in dask.compute(*tasks):
        summary.add(part)
    return summary


def _part_name(dest: str, number: int, fmt: PartFormat) -> str:
    separator = "" if dest.endswith("/") else "/"
    return f"{dest}{separator}part.{number:05d}.{fmt}"


@contextlib.contextmanager
def _open_part(path: str, dest_options: StorageOptions) -> Iterator[Any]:
    """A local part is written atomically; an object store makes an object visible only
    once it is complete anyway."""
    if is_url(path):
        try:
            opened = fsspec.open(path, "wb", **dict(dest_options or {}))
            handle = opened.open()  # entered once: a second open would start a new object
        except OSError:
            raise
        except Exception as exc:  # the store cannot be used (any more): stop the run
            raise storage_error(path, exc, EXIT_FAILURES, "write") from exc
        try:
            yield handle
        finally:
            opened.close()
    else:
        from newsparse.atomic import atomic_write

        with atomic_write(path, binary=True, fsync=False) as handle:
            yield handle


def _write_part(
    fmt: PartFormat,
    files: list[str],
    path: str,
    options: Options,
    storage_options: StorageOptions,
    dest_options: StorageOptions,
) -> Summary:
    summary = Summary(parts=[path])
    articles = _consume(parse_files(files, options, storage_options), summary)
    with _open_part(path, dest_options) as handle:
        if fmt == "parquet":
            from newsparse.arrow import ParquetWriter

            with ParquetWriter(handle) as parquet:
                for article in articles:
                    parquet.write(article)
        else:
            from newsparse.writers import writer_for

            text = io.TextIOWrapper(handle, encoding="utf-8", newline="\n")
            with writer_for("jsonl", text) as writer:
                for article in articles:
                    writer.write(article)
            text.detach()  # flushed; the handle belongs to _open_part
    return summary


# --- Schedulers ------------------------------------------------------------------------


class _QuietRunErrors:
    """A logging filter for local:N workers: a task that stops the run with a RunError
    (a store that cannot be used) is reported by newsparse in one line, and the worker's
    own "Compute Failed" block, a dozen lines with a traceback, would only repeat it
    on stderr."""

    def filter(self, record: Any) -> bool:
        return not (
            str(record.msg).startswith("Compute Failed") and "RunError(" in str(record.args)
        )


@contextlib.contextmanager
def scheduler(spec: str) -> Iterator[None]:
    """Run the Dask computations inside on ``threads`` (this process), ``local:N`` (a
    cluster of N single-threaded worker processes on this machine) or a remote
    scheduler's address (``tcp://host:8786``)."""
    if spec == "threads":
        with dask.config.set(scheduler="threads"):
            yield
        return
    import logging

    from distributed import Client, LocalCluster

    # Every shuffle (duplicates) logs two WARNINGs that say it started and ended.
    logging.getLogger("distributed.shuffle._scheduler_plugin").setLevel(logging.ERROR)

    if spec.startswith("local:"):
        workers = int(spec.removeprefix("local:"))
        if workers < 1:
            raise ValueError("local:N needs at least one worker")
        with contextlib.ExitStack() as stack:
            # Before the workers are forked, so that they have it too.
            quiet, worker_log = _QuietRunErrors(), logging.getLogger("distributed.worker")
            worker_log.addFilter(quiet)
            stack.callback(worker_log.removeFilter, quiet)
            stack.enter_context(dask.config.set(_LOCAL_WORKERS))
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    # Its small HTTP server (health, metrics) on any free loopback port:
                    # on 8787, taken by another cluster, distributed warns on stderr.
                    scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                )
            )
            stack.enter_context(Client(cluster))
            yield
        return
    if is_url(spec):
        with Client(spec):
            yield
        return
    raise ValueError(f"unknown scheduler {spec!r}: give threads, local:N or tcp://host:port")
