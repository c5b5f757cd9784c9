"""Duplicate findings (NP501, NP502) over Dask: articles or digests in; a lazy frame of
findings out, one shuffle per rule on the digest.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING

from newsparse.check.archive import (
    ArchiveFinding,
    body_group_findings,
    body_key,
    url_group_findings,
    url_key,
)
from newsparse.check.fingerprint import relative_path
from newsparse.dask.listing import is_url
from newsparse.reader import display_path

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd


def shown_path(path: str) -> str:
    """The path as ``newsparse check`` shows it: relative to here; a URL as it is."""
    return path if is_url(path) else relative_path(display_path(path))


def digest_frame(rows: Iterable[tuple[str, int, str, str]]) -> pd.DataFrame:
    """The few small columns the duplicate rules need, from (path, line, url, body):
    the URL and body digests ``check`` keeps, the place, and the URL text."""
    import pandas as pd

    paths, lines, urls, url_keys, body_keys = [], [], [], [], []
    for path, line, url, body in rows:
        paths.append(shown_path(path))
        lines.append(line)
        urls.append(url)
        url_keys.append(url_key(url))
        body_keys.append(body_key(body))
    return pd.DataFrame(
        {
            "url_key": pd.Series(url_keys, dtype="uint64"),
            "body_key": pd.Series(body_keys, dtype="uint64"),
            "path": pd.Series(paths, dtype="string[pyarrow]"),
            "line": pd.Series(lines, dtype="int64"),
            "url": pd.Series(urls, dtype="string[pyarrow]"),
        }
    )


def _article_digests(articles: pd.DataFrame) -> pd.DataFrame:
    origin = articles["origin"].struct
    return digest_frame(
        zip(
            origin.field("path").tolist(),
            origin.field("line").tolist(),
            articles["url"].tolist(),
            articles["body"].tolist(),
            strict=True,
        )
    )


def _findings_frame(found: Iterable[ArchiveFinding]) -> pd.DataFrame:
    import pandas as pd

    rows = [(f.rule.code, f.path, f.line, f.message, f.key) for f in found]
    columns = ["code", "path", "line", "message", "key"]
    frame = (
        pd.DataFrame(rows, columns=columns)
        if rows
        else pd.DataFrame({name: [] for name in columns})
    )
    return frame.astype(
        {
            "code": "string[pyarrow]",
            "path": "string[pyarrow]",
            "line": "int64",
            "message": "string[pyarrow]",
            "key": "string[pyarrow]",
        }
    )


def _url_findings(part: pd.DataFrame) -> pd.DataFrame:
    part = part.sort_values("url_key", kind="stable")
    rows = zip(
        part["url_key"].tolist(),
        part["path"].tolist(),
        part["line"].tolist(),
        part["url"].tolist(),
        strict=True,
    )
    found: list[ArchiveFinding] = []
    for key, group in itertools.groupby(rows, key=lambda row: row[0]):
        members = list(group)
        if len(members) > 1:
            found.extend(url_group_findings(members[0][3], key, [(p, n) for _, p, n, _ in members]))
    return _findings_frame(found)


def _body_findings(part: pd.DataFrame) -> pd.DataFrame:
    part = part.sort_values("body_key", kind="stable")
    rows = zip(
        part["body_key"].tolist(),
        part["path"].tolist(),
        part["line"].tolist(),
        part["url_key"].tolist(),
        strict=True,
    )
    found: list[ArchiveFinding] = []
    for key, group in itertools.groupby(rows, key=lambda row: row[0]):
        members = [((path, line), url) for _, path, line, url in group]
        if len(members) > 1:
            found.extend(body_group_findings(key, members))
    return _findings_frame(found)


def duplicate_findings(digests: dd.DataFrame) -> dd.DataFrame:
    """The NP501 and NP502 findings from a frame of :func:`digest_frame` columns: one shuffle per
    rule, on the digest, so that each group of duplicates meets in one partition."""
    import dask.dataframe as dd

    meta = _findings_frame(())
    by_url = digests[["url_key", "path", "line", "url"]].shuffle(on="url_key")
    bodies = digests[digests["body_key"] != 0][["body_key", "path", "line", "url_key"]]
    by_body = bodies.shuffle(on="body_key")
    return dd.concat(
        [
            by_url.map_partitions(_url_findings, meta=meta),
            by_body.map_partitions(_body_findings, meta=meta),
        ]
    )


def duplicates(articles: dd.DataFrame) -> dd.DataFrame:
    """The archive-wide findings of ``newsparse check`` (NP501 duplicate URL, NP502 same
    body under another URL) over an articles frame from :func:`read_dumps`: the same
    path, line and message per finding, as a lazy frame of code, path, line, message
    and key (the fingerprint a baseline uses)."""
    digests = articles.map_partitions(_article_digests, meta=digest_frame(()))
    return duplicate_findings(digests)
