"""Planning: the source arguments in; every input, in a fixed order, with its output place out.

The walk runs in the calling process and reserves output names as it goes, so
two inputs can never be given the same name, whatever the number of workers
(the naming rule is in :mod:`newsparse.convert.naming`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from newsparse.convert.naming import output_stem, safe_name, source_name
from newsparse.errors import NewsparseError
from newsparse.model import Failure
from newsparse.reader import display_path
from newsparse.walk import iter_files
from newsparse.writers import PER_FILE

_NUMBERED = re.compile(r"^(.+)\.(\d+)$")


class SourceError(NewsparseError):
    """The source arguments cannot be converted as given (a usage error)."""


@dataclass(frozen=True, slots=True)
class FileTask:
    """One input to convert: where it is and where its outputs go.

    ``clash`` names the input that already owns these output names: the input is
    then still read (so that its records are counted and reported), but nothing
    of it is written.
    """

    path: str
    folder: str
    stem: str
    clash: str | None = None
    #: bytes as stored, from the walk (0 when not known): the pool weighs batches by it
    size: int = 0


def check_sources(sources: Iterable[str], outdir: str) -> list[str]:
    """The source arguments, validated; raises SourceError for a usage problem."""
    sources = list(sources)
    if not sources:
        raise SourceError("no input: give the files or folders to convert")
    if "-" in sources:
        raise SourceError("convert reads files and folders, not stdin (-); use 'newsparse parse -'")
    out_real = os.path.realpath(outdir)
    folders: dict[str, str] = {}
    for source in sources:
        real = os.path.realpath(source)
        if real == out_real or real.startswith(out_real.rstrip(os.sep) + os.sep):
            raise SourceError(
                f"input {display_path(source)} is inside the output folder {display_path(outdir)}"
            )
        if len(sources) > 1 and os.path.isdir(source):
            name = source_name(source)
            if name in folders:
                raise SourceError(
                    f"folders {display_path(folders[name])} and {display_path(source)} would "
                    f"both be mirrored as {display_path(os.path.join(outdir, name))}; "
                    "convert them one at a time, into different output folders"
                )
            folders[name] = source
    return sources


class _Names:
    """Stems reserved so far, per output folder, for the folders on the walk's current path.

    The walk is depth-first and distinct input folders map to distinct output
    folders, so a folder's names can be forgotten once the walk has left it:
    memory grows with the largest folder, not with the tree.
    """

    def __init__(self, numbered: bool) -> None:
        self.numbered = numbered
        self._stack: list[tuple[str, dict[str, str], dict[str, str]]] = []

    def reserve(self, folder: str, stem: str, owner: str) -> str | None:
        """Reserve ``stem`` in ``folder`` for ``owner``; or return who already holds it."""
        stack = self._stack
        while stack and not (
            folder == stack[-1][0] or folder.startswith(stack[-1][0].rstrip(os.sep) + os.sep)
        ):
            stack.pop()
        if not stack or stack[-1][0] != folder:
            stack.append((folder, {}, {}))
        _, stems, bases = stack[-1]
        holder = stems.get(stem)
        numbered = _NUMBERED.match(stem) if self.numbered else None
        if holder is None and self.numbered:
            # story.1 (single: story.1.json) meets story (multi: story.1.json)
            holder = bases.get(stem) or (stems.get(numbered[1]) if numbered else None)
        if holder is not None:
            return holder
        stems[stem] = owner
        if numbered:
            bases.setdefault(numbered[1], owner)
        return None


def plan_tasks(
    sources: list[str],
    outdir: str,
    fmt: str,
    *,
    exclude: Iterable[str] = (),
    include: Iterable[str] = (),
) -> Iterator[FileTask | Failure]:
    """Every input to convert, in a deterministic order, with its output place.

    Paths that cannot be read are yielded as failures, in their place.
    ``outdir`` is skipped when it lies inside a source folder.
    """
    names = _Names(numbered=fmt not in PER_FILE)
    outdir = os.path.normpath(outdir)
    exclude = tuple(exclude)
    mirror = len(sources) > 1
    for source in sources:
        if not os.path.isdir(source):
            for item in iter_files([source]):
                if isinstance(item, Failure):
                    yield item
                else:
                    stem = output_stem(os.path.basename(source))
                    yield _task(names, item, outdir, stem)
            continue
        root = os.path.join(outdir, source_name(source)) if mirror else outdir
        prefix = os.path.join(source, "")
        for item in iter_files([source], exclude=exclude, skip_folder=outdir, include=include):
            if isinstance(item, Failure):
                yield item
                continue
            parts = item[0][len(prefix) :].split(os.sep)
            folder = os.path.join(root, *map(safe_name, parts[:-1])) if len(parts) > 1 else root
            yield _task(names, item, folder, output_stem(parts[-1]))


def _task(names: _Names, file: tuple[str, int], folder: str, stem: str) -> FileTask:
    path, size = file
    return FileTask(path, folder, stem, names.reserve(folder, stem, display_path(path)), size)
