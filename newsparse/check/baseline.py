"""Baselines: record today's findings so that an old archive can adopt the check.

A baseline entry is keyed on the file (relative to the baseline's folder),
the code and a fingerprint of what the finding is about (the record's URL,
the duplicated body, or the message for file-level findings), with a count.
Line numbers are not part of the key, so records moving up or down a file do
not bring baselined findings back; a new finding of the same kind in the same
file shows once the count is used up.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from newsparse.check.settings_file import NotRegularFile, read_head
from newsparse.diagnostics import Diagnostic
from newsparse.display import unicode_safe
from newsparse.errors import NewsparseError

VERSION = 1

#: The most bytes read from a baseline file. A baseline entry is about 200 bytes, so
#: this holds over 300,000 findings; it stops ``--baseline /dev/zero`` (or a
#: runaway file) from filling memory.
MAX_BYTES = 64 * 1024 * 1024
#: json builds the whole document before it can be checked, and a byte cap alone does
#: not bound that: 64 MiB of ``{},`` became 21 million dicts and 1.7 GB. Counting the
#: bytes that open a container or separate values first (in C, about 30 ms for 64 MiB)
#: bounds it: at most a million objects or arrays (one per finding) and 3 million
#: commas (an entry has 5, and its message some: 330,000 real entries, the most
#: 64 MiB holds, have about 2 million). Worst case measured: 3 million short
#: strings, 340 MB; a real 300,000-finding baseline (55 MB) takes 260 MB.
MAX_CONTAINERS = 1_000_000
MAX_COMMAS = 3_000_000

Key = tuple[str, str, str]


class BaselineError(NewsparseError):
    """A baseline file that cannot be read or written, or is not a baseline."""


def _no_constant(name: str) -> Any:
    """``Infinity``, ``-Infinity`` and ``NaN`` are not JSON, and no count."""
    raise ValueError(f"{name} is not allowed")


def _entry_key(entry: Any) -> tuple[Key, int] | None:
    """The key and count of one baseline entry, or None if it is not one."""
    if not isinstance(entry, dict):
        return None
    path, code, fingerprint = entry.get("path"), entry.get("code"), entry.get("fingerprint")
    count = entry.get("count", 1)
    if not (isinstance(path, str) and isinstance(code, str) and isinstance(fingerprint, str)):
        return None
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        return None
    return (path, code, fingerprint), count


def _key(diagnostic: Diagnostic, folder: str) -> Key:
    path = diagnostic.path
    if path != "-":
        path = os.path.relpath(os.path.abspath(path), folder).replace(os.sep, "/")
    return (unicode_safe(path), diagnostic.code, diagnostic.fingerprint)


@dataclass(slots=True)
class Baseline:
    """Known findings, by key, with how many of each are known."""

    folder: str
    counts: Counter[Key]

    @classmethod
    def load(cls, path: str) -> Baseline:
        try:
            raw = read_head(path, MAX_BYTES + 1)
        except FileNotFoundError:
            raise BaselineError(f"baseline file not found: {path}") from None
        except NotRegularFile:
            raise BaselineError(f"baseline {path} is not a regular file") from None
        except OSError as exc:
            raise BaselineError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
        if len(raw) > MAX_BYTES:
            raise BaselineError(f"baseline {path} is larger than {MAX_BYTES // 2**20} MiB")
        if raw.count(b"{") + raw.count(b"[") > MAX_CONTAINERS or raw.count(b",") > MAX_COMMAS:
            raise BaselineError(
                f"baseline {path} holds more than {MAX_CONTAINERS:,} "
                f"objects or {MAX_COMMAS:,} values"
            )
        try:
            text = raw.decode("utf-8")
            del raw  # the bytes are not needed while json builds the document
            data = json.loads(text, parse_constant=_no_constant)
        except (ValueError, UnicodeDecodeError) as exc:
            raise BaselineError(f"baseline {path} is not valid JSON: {exc}") from None
        except RecursionError:
            raise BaselineError(f"baseline {path} is nested too deeply to be a baseline") from None
        counts: Counter[Key] = Counter()
        entries = data.get("findings") if isinstance(data, dict) else None
        if (
            not isinstance(data, dict)
            or data.get("newsparse-baseline") != VERSION
            or not (isinstance(entries, list))
        ):
            raise BaselineError(f"{path} is not a newsparse baseline (version {VERSION})")
        for number, entry in enumerate(entries, 1):
            entry_key = _entry_key(entry)
            if entry_key is None:
                raise BaselineError(
                    f"{path}: entry {number} needs path, code and fingerprint "
                    "(strings) and count (a whole number, at least 1)"
                )
            key, count = entry_key
            counts[key] += count
        return cls(os.path.dirname(os.path.abspath(path)), counts)

    def filter(self, diagnostics: Iterable[Diagnostic]) -> tuple[list[Diagnostic], int]:
        """The diagnostics the baseline does not cover, and how many it covered."""
        remaining = Counter(self.counts)
        kept: list[Diagnostic] = []
        covered = 0
        for diagnostic in sorted(diagnostics, key=Diagnostic.sort_key):
            key = _key(diagnostic, self.folder)
            if remaining[key] > 0:
                remaining[key] -= 1
                covered += 1
            else:
                kept.append(diagnostic)
        return kept, covered


def render(diagnostics: Iterable[Diagnostic], path: str) -> str:
    """The baseline text for ``diagnostics``, to be written at ``path``."""
    folder = os.path.dirname(os.path.abspath(path))
    counts: Counter[Key] = Counter()
    messages: dict[Key, str] = {}
    for diagnostic in sorted(diagnostics, key=Diagnostic.sort_key):
        key = _key(diagnostic, folder)
        counts[key] += 1
        messages.setdefault(key, unicode_safe(diagnostic.message))
    entries: list[dict[str, Any]] = [
        {
            "path": p,
            "code": c,
            "fingerprint": f,
            "count": counts[(p, c, f)],
            "message": messages[(p, c, f)],
        }
        for p, c, f in sorted(counts)
    ]
    data = {"newsparse-baseline": VERSION, "findings": entries}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write(diagnostics: Iterable[Diagnostic], path: str) -> int:
    """Write a baseline atomically; return the number of findings recorded."""
    from newsparse.atomic import atomic_write

    items = list(diagnostics)
    try:
        with atomic_write(path) as handle:
            handle.write(render(items, path))
    except OSError as exc:
        raise BaselineError(f"cannot write baseline {path}: {exc.strerror or exc}") from None
    return len(items)
