"""Which rules apply where: ``select`` / ``ignore`` / ``extend-select`` and per-file ignores.

Codes and prefixes work as in ruff: ``NP1`` means every header rule, ``NP10``
NP101-NP109, ``ALL`` (or ``NP``) every rule. Within one layer of settings the
most specific prefix wins, and on a tie ``ignore`` wins. Layers apply in
order (the config file, then the command line); a layer that sets ``select``
starts again from its selection, one that does not only adjusts the previous
layer's result.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from newsparse.codes import RULES
from newsparse.errors import NewsparseError


class SelectionError(NewsparseError, ValueError):
    """A code or prefix that names no rule, or a malformed per-file ignore."""


@dataclass(frozen=True, slots=True)
class Layer:
    """One source of settings: ``select`` None means "keep the previous selection"."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()


def normalize_code(prefix: str) -> str:
    """``np1`` -> ``NP1``; ``ALL`` -> ``NP``. Raises SelectionError for a prefix of no rule."""
    text = prefix.strip().upper()
    if text == "ALL":
        return "NP"
    if not text or not any(code.startswith(text) for code in RULES):
        raise SelectionError(f"unknown rule code or prefix {prefix.strip()!r}")
    return text


def normalize_codes(prefixes: Iterable[str]) -> tuple[str, ...]:
    """Normalize codes given as a list or as comma-separated strings."""
    result = []
    for item in prefixes:
        for part in item.split(","):
            if part.strip():
                result.append(normalize_code(part))
    return tuple(result)


def parse_per_file_ignore(text: str) -> tuple[str, tuple[str, ...]]:
    """``GLOB:CODE[,CODE...]`` as given on the command line."""
    glob, sep, codes = text.rpartition(":")
    if not sep or not glob.strip() or not codes.strip():
        raise SelectionError(f"per-file ignore {text!r} is not GLOB:CODE[,CODE...]")
    return glob.strip(), normalize_codes([codes])


def _longest(code: str, prefixes: Sequence[str]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=0)


@dataclass(frozen=True, slots=True)
class Selector:
    """The resolved selection: the enabled codes, and per-file ignores by glob."""

    enabled: frozenset[str]
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())

    @classmethod
    def resolve(cls, layers: Sequence[Layer]) -> Selector:
        enabled = set(RULES)
        per_file: list[tuple[str, tuple[str, ...]]] = []
        for layer in layers:
            selected = (*(layer.select or ()), *layer.extend_select)
            state = set()
            for code in RULES:
                chosen, ignored = _longest(code, selected), _longest(code, layer.ignore)
                if ignored and ignored >= chosen:
                    continue
                if chosen or (layer.select is None and code in enabled):
                    state.add(code)
            enabled = state
            per_file.extend(layer.per_file_ignores)
        return cls(frozenset(enabled), tuple(per_file))

    def applies(self, code: str, paths: Sequence[str]) -> bool:
        """Whether ``code`` is reported for a file known by any of ``paths``
        (its shown path, its path relative to the config file...)."""
        if code not in self.enabled:
            return False
        for glob, prefixes in self.per_file_ignores:
            if any(code.startswith(p) for p in prefixes) and any(
                fnmatchcase(path, glob) or fnmatchcase(path.rsplit("/", 1)[-1], glob)
                for path in paths
            ):
                return False
        return True
