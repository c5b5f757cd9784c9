"""URLs and paths in; the dump files to read out, in order, cut into the groups that
one task each parses, and the paths that could not be listed.

Local paths are walked as ``newsparse parse`` walks them; a URL is listed through
fsspec, whose listing also gives each object's size, so that no object of a folder is
asked for its size alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import fsspec

from newsparse import codes
from newsparse.errors import RunError
from newsparse.model import Failure, Finding
from newsparse.outcome import EXIT_USAGE
from newsparse.reader import display_path
from newsparse.walk import iter_files, matches

#: Files per task. Each task costs 2 ms or so of scheduling CPU, shared by the
#: scheduler (in this process for local:N) and the worker: on 20,000 articles in
#: 11,410 files with local:1, 64 files a task (179 tasks) took 4.06 s, 128 took 4.00 s,
#: 256 (45 tasks) 3.75 s and 512 3.71 s; with local:2, 2.44, 2.40, 2.25 and 2.21 s.
#: 256 keeps about 20 tasks per worker on 2 workers for that corpus. A task holds its
#: files' articles in memory only in read_dumps, and BYTES_PER_PARTITION bounds that.
FILES_PER_PARTITION = 256

#: Bytes of dumps (as stored) per task, at most, unless one file is bigger: a few
#: big files still spread over the workers. 64 MiB is about 2 s of parsing on one
#: core (105 MB of generated dumps took 3.0 s), long enough that the 2 ms a task
#: costs does not count, and short enough to balance 2 workers from 256 MiB on.
BYTES_PER_PARTITION = 64 * 1024 * 1024
StorageOptions = Mapping[str, Any] | None


def is_url(path: str) -> bool:
    """Whether a path names a file through fsspec (``s3://``, ``gs://``, ``memory://``...)."""
    return "://" in path


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
    patterns = tuple(exclude)
    files: list[str] = []
    sizes: list[int] = []
    failures: list[Failure] = []
    for path in [urlpath] if isinstance(urlpath, str) else urlpath:
        if not is_url(path):
            for item in iter_files([path], exclude=patterns):
                if isinstance(item, Failure):
                    failures.append(item)
                else:
                    files.append(item[0])
                    sizes.append(item[1])
            continue
        try:
            # Inside the try: an unknown protocol, a backend not installed, options it
            # does not take, or a store that connects at once fail here.
            fs, root = fsspec.core.url_to_fs(path, **dict(storage_options or {}))
            info = fs.info(root)  # one request says whether it is a folder, and the size
            if info.get("type") == "directory":
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
            else:
                files.append(path)
                sizes.append(int(info.get("size") or 0))
        except FileNotFoundError:
            failures.append(cannot_read(path, "no such file or folder"))
        except OSError as exc:
            failures.append(cannot_read(path, str(exc.strerror or exc)))
        except Exception as exc:
            raise storage_error(path, exc, EXIT_USAGE) from exc
    return files, sizes, failures


def storage_error(path: str, exc: Exception, exit_code: int, doing: str = "read") -> RunError:
    """The store itself cannot be used: no credentials, an endpoint that does not answer,
    options it does not take. fsspec's backends raise their own types for these (botocore's
    NoCredentialsError is not an OSError); a missing or forbidden object is an OSError,
    and stays a finding on that one file. Found while listing, before anything is read or
    written, it is a usage error (exit 2); later, the run stops with exit 1."""
    return RunError(exit_code, f"cannot {doing} {path}: {exc}")


def cannot_read(path: str, reason: str) -> Failure:
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
