"""A finding as ``newsparse check`` reports it: place, code, severity and a fingerprint."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import Any

from newsparse.codes import Rule, Severity
from newsparse.model import FINDING_KEYS


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One reported finding.

    ``path`` is relative to the current folder where possible, with ``/`` and no
    leading ``./``. ``fingerprint`` identifies what the finding is about (the
    record's URL, the duplicated body...) independently of line numbers, so
    that a baseline survives records moving up or down a file.
    """

    path: str
    line: int
    column: int
    rule: Rule
    message: str
    severity: Severity
    fingerprint: str

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def name(self) -> str:
        return self.rule.name

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)

    def to_dict(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in FINDING_KEYS}


def digest(text: str) -> bytes:
    """A 16-byte digest: what the archive-wide rules keep in memory per article."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def fingerprint(*parts: str) -> str:
    """A short, stable hex fingerprint of some text."""
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"),
                           digest_size=8).hexdigest()


def relative_path(path: str, cwd: str | None = None) -> str:
    """The path to show: relative to ``cwd`` when inside it, ``/``-separated, no ``./``.

    ``-`` (stdin) stays as it is.
    """
    if path == "-":
        return path
    normal = os.path.normpath(path)
    if os.path.isabs(normal):
        base = cwd if cwd is not None else os.getcwd()
        try:
            inside = os.path.relpath(normal, base)
        except ValueError:  # another drive on Windows
            inside = normal
        if not inside.startswith(os.pardir):
            normal = inside
    return normal.replace(os.sep, "/")
