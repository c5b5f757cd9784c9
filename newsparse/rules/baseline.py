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

from newsparse.errors import NewsparseError
from newsparse.rules.diagnostic import Diagnostic

VERSION = 1

Key = tuple[str, str, str]


class BaselineError(NewsparseError):
    """A baseline file that cannot be read or written, or is not a baseline."""


def _key(diagnostic: Diagnostic, folder: str) -> Key:
    path = diagnostic.path
    if path != "-":
        path = os.path.relpath(os.path.abspath(path), folder).replace(os.sep, "/")
    return (path, diagnostic.code, diagnostic.fingerprint)


@dataclass(slots=True)
class Baseline:
    """Known findings, by key, with how many of each are known."""

    folder: str
    counts: Counter[Key]

    @classmethod
    def load(cls, path: str) -> Baseline:
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except FileNotFoundError:
            raise BaselineError(f"baseline file not found: {path}") from None
        except OSError as exc:
            raise BaselineError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise BaselineError(f"baseline {path} is not valid JSON: {exc}") from None
        counts: Counter[Key] = Counter()
        entries = data.get("findings") if isinstance(data, dict) else None
        if not isinstance(data, dict) or data.get("newsparse-baseline") != VERSION or not (
            isinstance(entries, list)
        ):
            raise BaselineError(f"{path} is not a newsparse baseline (version {VERSION})")
        for number, entry in enumerate(entries, 1):
            try:
                key = (str(entry["path"]), str(entry["code"]), str(entry["fingerprint"]))
                count = int(entry.get("count", 1))
            except (TypeError, KeyError, ValueError):
                raise BaselineError(f"{path}: entry {number} needs path, code, fingerprint "
                                    "and count") from None
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
        messages.setdefault(key, diagnostic.message)
    entries: list[dict[str, Any]] = [
        {"path": p, "code": c, "fingerprint": f, "count": counts[(p, c, f)],
         "message": messages[(p, c, f)]}
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
