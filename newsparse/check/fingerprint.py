"""Digests and fingerprints that identify what a finding is about, and the path shown for it."""

from __future__ import annotations

import hashlib
import os


def digest(text: str) -> bytes:
    """A 16-byte digest: what the archive-wide rules keep in memory per article."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def fingerprint(*parts: str) -> str:
    """A short, stable hex fingerprint of some text."""
    return hashlib.blake2b(
        "\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=8
    ).hexdigest()


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
