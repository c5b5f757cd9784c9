"""Output names: an input's path in, the names of its outputs out.

The naming rule
---------------
An input's output names come from its path relative to the source argument it
was found under (a source that is a file maps to its own name):

- compression extensions (``.gz``, ``.bz2``, ``.xz``), then ``.txt``, are
  stripped: ``a/b/story.txt``, ``a/b/story.txt.gz`` and ``a/b/story.gz`` all give
  the stem ``a/b/story``;
- a file that holds exactly one record gives ``story.json`` (or ``.md``); a file
  that holds several gives ``story.1.json``, ``story.2.json``, ... numbered by
  record order, counting records that failed too, so names do not move when a
  record is repaired;
- with ``jsonl`` (or ``csv``) every input gives one ``story.jsonl`` (``story.csv``)
  holding all its articles;
- with several source arguments, a folder source is mirrored under its own name
  (``OUTDIR/2025/...``); with a single folder source its contents go straight
  into ``OUTDIR``. File sources always go straight into ``OUTDIR``.
- ``%``, control characters, line separators and bytes that are not UTF-8 are
  written as ``%XX`` (the bytes in hex), so every name is printable and distinct
  inputs give distinct names.

Each input owns its stem and every numbered name of it. An input whose stem is
taken (``story.txt`` then ``story.txt.gz``), or whose names could meet another's
(``story.1.txt`` next to ``story.txt``), is reported, not written (NP601).
"""

from __future__ import annotations

import os
import re

from newsparse.writers import EXTENSIONS

_COMPRESSED = (".gz", ".bz2", ".xz")
_UNSAFE = re.compile("[%\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def safe_name(name: str) -> str:
    """A file name made printable and unambiguous: ``%`` and unsafe characters become ``%XX``.

    Characters become the hex of their UTF-8 bytes; bytes that were not UTF-8
    (decoded by the OS layer as surrogate escapes) become the original byte.
    """
    if name.isascii() and name.isprintable() and "%" not in name:
        return name

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if "\udc80" <= char <= "\udcff":
            return f"%{ord(char) - 0xDC00:02X}"
        return "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))

    return _UNSAFE.sub(escape, name)


def output_stem(name: str) -> str:
    """An input file name without its compression and ``.txt`` extensions, made safe."""
    lower = name.lower()
    for ext in _COMPRESSED:
        if lower.endswith(ext) and len(name) > len(ext):
            name, lower = name[: -len(ext)], lower[: -len(ext)]
            break
    if lower.endswith(".txt") and len(name) > 4:
        name = name[:-4]
    return safe_name(name)


def output_name(stem: str, fmt: str, number: int | None = None) -> str:
    """``story.json``, or ``story.3.json`` for the third record of a multi-record file."""
    return stem + ("" if number is None else f".{number}") + EXTENSIONS[fmt]


def source_name(source: str) -> str:
    return safe_name(os.path.basename(os.path.abspath(source))) or "root"
