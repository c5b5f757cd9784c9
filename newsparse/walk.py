"""Paths and folders in; the files to read, in a fixed order, out (and what cannot be
read, as failures in its place).

Folders are walked depth-first in sorted order, hidden entries and newsparse's
temporary files left out, ``--exclude`` and ``--include`` globs applied, each
file read once however many links lead to it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator

from newsparse.codes import BINARY_FILE, Rule
from newsparse.display import display_path
from newsparse.model import Failure, Finding


def _failure(path: str, rule: Rule, message: str, line: int = 1) -> Failure:
    return Failure(Finding(rule, message, display_path(path), line), "file")


def iter_paths(
    paths: Iterable[str],
    *,
    skip_folder: str | None = None,
    exclude: Iterable[str] = (),
    include: Iterable[str] = (),
) -> Iterator[str | Failure]:
    """Expand paths into the files to read, in a deterministic order.

    Files are yielded as given (``-`` is stdin). Folders are walked recursively in
    sorted order, skipping hidden entries, entries whose name or path relative to
    the folder matches an ``exclude`` glob, and ``skip_folder`` (an output folder
    inside the input). Symbolic links are followed, but no folder is walked
    twice, so a link loop ends. Entries in a folder that are not regular files,
    and paths that cannot be read, are yielded as failures. With ``include``
    globs, a file in a folder is read only when its name or relative path matches
    one (folders are still walked); files given by name are always read.
    """
    for item in iter_files(paths, skip_folder=skip_folder, exclude=exclude, include=include):
        yield item if isinstance(item, Failure) else item[0]


def iter_files(
    paths: Iterable[str],
    *,
    skip_folder: str | None = None,
    exclude: Iterable[str] = (),
    include: Iterable[str] = (),
) -> Iterator[tuple[str, int] | Failure]:
    """What :func:`iter_paths` gives, with each file's size in bytes as the walk found
    it (0 for stdin). The sizes cost nothing more: every file's status is read anyway.
    """
    excluded = _identity(skip_folder) if skip_folder else None
    patterns = tuple(exclude)
    for path in paths:
        if path == "-":
            yield (path, 0)
            continue
        info = _stat(path)
        if isinstance(info, Failure):
            yield info
        elif stat.S_ISDIR(info.st_mode):
            yield from _walk(path, {(info.st_dev, info.st_ino)}, excluded, patterns, tuple(include))
        else:
            yield (path, info.st_size)


def _stat(path: str) -> os.stat_result | Failure:
    """The file's status (following links), or the failure that reports why not."""
    try:
        return os.stat(path)
    except OSError as exc:
        return _failure(path, BINARY_FILE, f"cannot read: {exc.strerror or exc}")


def matches(name: str, relative: str, patterns: tuple[str, ...]) -> bool:
    """A pattern without ``/`` matches a name at any depth; one with ``/`` matches the
    path inside the folder argument, component by component (``*`` stops at ``/``)."""
    from fnmatch import fnmatchcase

    for pattern in patterns:
        pattern = pattern.strip("/")
        if "/" not in pattern:
            if fnmatchcase(name, pattern):
                return True
            continue
        want, have = pattern.split("/"), relative.split("/")
        if len(want) == len(have) and all(map(fnmatchcase, have, want)):
            return True
    return False


def _identity(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _walk(
    root: str,
    seen: set[tuple[int, int]],
    excluded: tuple[int, int] | None,
    patterns: tuple[str, ...],
    include: tuple[str, ...] = (),
) -> Iterator[tuple[str, int] | Failure]:
    """Depth first, each folder's entries in sorted order; a stack, not recursion, so
    that no depth of folders can exhaust Python's recursion limit."""
    listing = _listing(root)
    if isinstance(listing, Failure):
        yield listing
        return
    stack = [(root, "", iter(listing))]
    while stack:
        folder, relative, names = stack[-1]
        name = next(names, None)
        if name is None:
            stack.pop()
            continue
        if name.startswith(".") or matches(name, relative + name, patterns):
            continue
        path = os.path.join(folder, name)
        info = _stat(path)
        if isinstance(info, Failure):
            yield info
        elif stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in seen or key == excluded:
                continue
            seen.add(key)
            listing = _listing(path)
            if isinstance(listing, Failure):
                yield listing
            else:
                stack.append((path, relative + name + "/", iter(listing)))
        elif include and not matches(name, relative + name, include):
            continue
        elif stat.S_ISREG(info.st_mode):
            yield (path, info.st_size)
        else:
            yield _failure(
                path, BINARY_FILE, f"not a regular file ({_kind(info.st_mode)}); skipped"
            )


def _listing(folder: str) -> list[str] | Failure:
    """The names in a folder, sorted, or the failure that reports why it cannot be read."""
    try:
        return sorted(os.listdir(folder))
    except OSError as exc:
        return _failure(folder, BINARY_FILE, f"cannot read folder: {exc.strerror or exc}")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "special file"
