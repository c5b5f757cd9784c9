"""Archives beyond one machine: dump files (local or fsspec URLs) in; Dask DataFrames,
Parquet or JSON Lines parts, and duplicate findings out.

Needs the ``dask`` extra (dask, distributed, fsspec); Parquet and DataFrames also
need ``parquet`` (pyarrow), S3 ``s3`` and GCS ``gcs``. Nothing else in newsparse
imports this module.

Four parts: :mod:`~newsparse.dask.listing` (which files, in which groups),
:mod:`~newsparse.dask.tasks` (reading, frames, parts and schedulers),
:mod:`~newsparse.dask.duplicates` (the archive-wide rules) and
:mod:`~newsparse.dask.checker` (``newsparse check``). This package gives their public
names in one place.
"""

from __future__ import annotations

from newsparse.dask.checker import (
    check,
)
from newsparse.dask.duplicates import (
    digest_frame,
    duplicate_findings,
    duplicates,
    shown_path,
)
from newsparse.dask.listing import (
    BYTES_PER_PARTITION,
    FILES_PER_PARTITION,
    StorageOptions,
    is_url,
    list_dumps,
    partitions,
)
from newsparse.dask.tasks import (
    PartFormat,
    Summary,
    parse_files,
    read_dumps,
    scheduler,
    to_jsonl,
    to_parquet,
)

__all__ = [
    "BYTES_PER_PARTITION",
    "FILES_PER_PARTITION",
    "PartFormat",
    "StorageOptions",
    "Summary",
    "check",
    "digest_frame",
    "duplicate_findings",
    "duplicates",
    "is_url",
    "list_dumps",
    "parse_files",
    "partitions",
    "read_dumps",
    "scheduler",
    "shown_path",
    "to_jsonl",
    "to_parquet",
]
