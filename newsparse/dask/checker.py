"""``newsparse check`` over Dask: dump files in; the CheckResult the plain check gives out.

Each task checks its group of files as ``newsparse check`` does and returns its
diagnostics and the digests of its articles; the duplicate rules then run over
all the digests (newsparse.dask.duplicates).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import dask

from newsparse import codes
from newsparse.dask.duplicates import digest_frame, duplicate_findings
from newsparse.dask.listing import FILES_PER_PARTITION, StorageOptions, partitions
from newsparse.dask.tasks import parse_files
from newsparse.model import Article
from newsparse.pipeline import Options

if TYPE_CHECKING:
    import pandas as pd

    from newsparse.check import CheckResult, CheckSettings, Diagnostic


def check(
    urlpath: str | Sequence[str],
    settings: CheckSettings,
    storage_options: StorageOptions = None,
    files_per_partition: int = FILES_PER_PARTITION,
) -> CheckResult:
    """What ``newsparse check`` finds, computed on the current Dask scheduler: each task
    checks a group of files and keeps the digests of its articles; the archive-wide
    rules then run with one shuffle each. The selection, severities and baseline apply
    as locally, and the result is sorted the same way."""
    import dask.dataframe as dd

    from newsparse.check.runner import Collector, finish

    chunks, unlisted = partitions(
        urlpath, storage_options, files_per_partition, exclude=settings.exclude
    )
    # The baseline is applied once, here: tasks need not carry it.
    task_settings = replace(settings, baseline=None)
    parts = [
        dask.delayed(_check_group, pure=True, nout=2)(group, task_settings, storage_options)
        for group in chunks
    ]
    collect = Collector(settings)
    for failure in unlisted:
        collect.finding(failure.finding)
    if parts:
        # Both frames come from the same tasks: computed together, each file is read once.
        checked = dd.from_delayed([part[0] for part in parts], meta=_diagnostic_frame(()))
        digests = dd.from_delayed([part[1] for part in parts], meta=digest_frame(()))
        diagnostics: Any
        found: Any
        diagnostics, found = dask.compute(checked, duplicate_findings(digests))
        collect.diagnostics.extend(_diagnostics(diagnostics))
        for code, path, line, message, key in zip(
            found["code"],
            found["path"],
            found["line"],
            found["message"],
            found["key"],
            strict=True,
        ):
            collect.add(codes.RULES[code], path, int(line), 1, message, key)
    return finish(collect, sum(len(group) for group in chunks))


def _check_group(
    files: list[str], settings: CheckSettings, storage_options: StorageOptions
) -> tuple[pd.DataFrame, pd.DataFrame]:
    from newsparse.check.runner import Collector, check_items

    collect = Collector(settings)
    options = Options(max_record=settings.max_record, today=settings.today)
    rows: list[tuple[str, int, str, str]] = []

    def keep(article: Article, shown: str) -> None:
        rows.append((shown, article.origin.line, article.url, article.body))

    for name in files:
        check_items(parse_files([name], options, storage_options), name, collect, keep)
    return _diagnostic_frame(collect.diagnostics), digest_frame(rows)


_DIAGNOSTIC_KEYS = ("path", "line", "column", "code", "message", "severity", "fingerprint")


def _diagnostic_frame(diagnostics: Iterable[Diagnostic]) -> pd.DataFrame:
    import pandas as pd

    rows = [tuple(getattr(d, key) for key in _DIAGNOSTIC_KEYS) for d in diagnostics]
    frame = pd.DataFrame(rows, columns=list(_DIAGNOSTIC_KEYS))
    return frame.astype(
        {
            key: "int64" if key in ("line", "column") else "string[pyarrow]"
            for key in _DIAGNOSTIC_KEYS
        }
    )


def _diagnostics(frame: pd.DataFrame) -> Iterator[Diagnostic]:
    from newsparse.check import Diagnostic

    columns = [frame[key].tolist() for key in _DIAGNOSTIC_KEYS]
    for path, line, column, code, message, severity, key in zip(*columns, strict=True):
        yield Diagnostic(path, int(line), int(column), codes.RULES[code], message, severity, key)
