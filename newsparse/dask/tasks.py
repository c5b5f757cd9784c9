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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import dask
import fsspec

from newsparse import codes
from newsparse.errors import NewsparseError, RunError
from newsparse.model import Article, Failure, Finding
from newsparse.outcome import EXIT_FAILURES, EXIT_USAGE
from newsparse.pipeline import Item, Options, parse_input, parse_stream
from newsparse.reader import DEFAULT_MAX_RECORD, display_path
from newsparse.tally import Tally
from newsparse.walk import iter_paths

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd


#: Files per task. Each task costs 2 ms or so of scheduling CPU, shared by the
#: scheduler (in this process for local:N) and the worker: on 20,000 articles in
#: 11,410 files with local:1, 64 files a task (179 tasks) took 4.06 s, 128 took 4.00 s,
#: 256 (45 tasks) 3.75 s and 512 3.71 s; with local:2, 2.44, 2.40, 2.25 and 2.21 s.
#: 256 keeps about 20 tasks per worker on 2 workers for that corpus. A task holds its
#: files' articles in memory only in read_dumps (a few MB for 256 files of the usual
#: size): with files of 100 MB or more, give a smaller number (1 for files of a gigabyte).
FILES_PER_PARTITION = 256

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

#: Bytes of dumps (as stored) per task, at most, unless one file is bigger: a few
#: big files still spread over the workers. 64 MiB is about 2 s of parsing on one
#: core (105 MB of generated dumps took 3.0 s), long enough that the 2 ms a task
#: costs does not count, and short enough to balance 2 workers from 256 MiB on.
BYTES_PER_PARTITION = 64 * 1024 * 1024

StorageOptions = Mapping[str, Any] | None
PartFormat = Literal["parquet", "jsonl"]


def is_url(path: str) -> bool:
    """Whether a path names a file through fsspec (``s3://``, ``gs://``, ``memory://``...)."""
    return "://" in path


# --- Which files -----------------------------------------------------------------------


def list_dumps(
    urlpath: str | Sequence[str],
    storage_options: StorageOptions = None,
    *,
    exclude: Iterable[str] = (),
) -> tuple[list[str], list[Failure]]:
    """The files to read, in order, and the paths that could not be listed.

    Local paths are expanded exactly as ``newsparse parse`` expands them. A URL to a
    folder (prefix) lists every object below it, sorted, skipping hidden names and
    ``exclude`` globs as locally; files are named by their full URL.
    """
    files, _, failures = _list_sized(urlpath, storage_options, exclude)
    return files, failures


def partitions(
    urlpath: str | Sequence[str],
    storage_options: StorageOptions = None,
    files_per_partition: int = FILES_PER_PARTITION,
    *,
    exclude: Iterable[str] = (),
) -> tuple[list[list[str]], list[Failure]]:
    """The files to read in groups, one group per task, and the paths that could not
    be listed. A group holds up to ``files_per_partition`` files and, unless it is one
    file, up to BYTES_PER_PARTITION bytes (as stored: a compressed file counts as its
    compressed size), so that a few big files still spread over the workers."""
    files, sizes, failures = _list_sized(urlpath, storage_options, exclude)
    return groups(files, files_per_partition, sizes), failures


def _list_sized(
    urlpath: str | Sequence[str], storage_options: StorageOptions, exclude: Iterable[str]
) -> tuple[list[str], list[int], list[Failure]]:
    """list_dumps, with the size of each file (from the listing itself, for a URL)."""
    from newsparse.walk import matches  # the same glob rules as a local folder walk

    patterns = tuple(exclude)
    files: list[str] = []
    sizes: list[int] = []
    failures: list[Failure] = []
    for path in [urlpath] if isinstance(urlpath, str) else urlpath:
        if not is_url(path):
            for item in iter_paths([path], exclude=patterns):
                if isinstance(item, Failure):
                    failures.append(item)
                else:
                    files.append(item)
                    sizes.append(_local_size(item))
            continue
        fs, root = fsspec.core.url_to_fs(path, **dict(storage_options or {}))
        try:
            if fs.isdir(root):
                base = root.rstrip("/")
                found = fs.find(root, detail=True)
                for name in sorted(found):
                    parts = name[len(base) + 1 :].split("/")
                    if not any(
                        part.startswith(".") or matches(part, "/".join(parts[: i + 1]), patterns)
                        for i, part in enumerate(parts)
                    ):
                        files.append(fs.unstrip_protocol(name))
                        sizes.append(int(found[name].get("size") or 0))
            elif fs.isfile(root):
                files.append(path)
                sizes.append(int(fs.size(root) or 0))
            else:
                failures.append(_cannot_read(path, "no such file or folder"))
        except OSError as exc:
            failures.append(_cannot_read(path, str(exc.strerror or exc)))
        except Exception as exc:
            raise _storage_error(path, exc, EXIT_USAGE) from exc
    return files, sizes, failures


def _local_size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:  # gone since the walk: parsing it reports that
        return 0


def _storage_error(path: str, exc: Exception, exit_code: int) -> RunError:
    """The store itself cannot be used: no credentials, an endpoint that does not answer,
    options it does not take. fsspec's backends raise their own types for these (botocore's
    NoCredentialsError is not an OSError); a missing or forbidden object is an OSError,
    and stays a finding on that one file. Found while listing, before anything is read or
    written, it is a usage error (exit 2); later, the run stops with exit 1."""
    return RunError(exit_code, f"cannot read {path}: {exc}")


def _cannot_read(path: str, reason: str) -> Failure:
    finding = Finding(codes.BINARY_FILE, f"cannot read: {reason}", display_path(path), 1)
    return Failure(finding, "file")


def groups(
    files: Sequence[str], files_per_partition: int, sizes: Sequence[int] | None = None
) -> list[list[str]]:
    """``files`` in order, cut into groups of at most ``files_per_partition`` files and,
    when ``sizes`` are given, at most BYTES_PER_PARTITION bytes (a bigger file is a group
    of its own)."""
    if files_per_partition < 1:
        raise ValueError("files_per_partition must be at least 1")
    result: list[list[str]] = []
    group: list[str] = []
    total = 0
    for index, name in enumerate(files):
        size = sizes[index] if sizes is not None else 0
        if group and (len(group) >= files_per_partition or total + size > BYTES_PER_PARTITION):
            result.append(group)
            group, total = [], 0
        group.append(name)
        total += size
    if group:
        result.append(group)
    return result


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
            yield _cannot_read(name, str(exc.strerror or exc))
        except NewsparseError:
            raise
        except Exception as exc:
            raise _storage_error(name, exc, EXIT_FAILURES) from exc


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

    Each partition is one group of ``files_per_partition`` files, parsed once for both
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
        fs, root = fsspec.core.url_to_fs(dest, **dict(dest_options or {}))
        fs.makedirs(root, exist_ok=True)
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
        with fsspec.open(path, "wb", **dict(dest_options or {})) as handle:
            yield handle
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
        with (
            dask.config.set(_LOCAL_WORKERS),
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                # Its small HTTP server (health, metrics) on any free loopback port: on
                # 8787, taken by another cluster, distributed warns on stderr.
                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            ) as cluster,
            Client(cluster),
        ):
            yield
        return
    if is_url(spec):
        with Client(spec):
            yield
        return
    raise ValueError(f"unknown scheduler {spec!r}: give threads, local:N or tcp://host:port")
