"""Settings for ``newsparse check`` from ``[tool.newsparse.check]`` in ``pyproject.toml``.

The file is found by searching upward from the current folder for the first
``pyproject.toml`` that has a ``[tool.newsparse]`` table. Keys are kebab-case
and mirror the command-line options; paths in the file (``baseline``,
``output-file``) are relative to the file's folder and must stay inside that
folder's tree (no absolute path, no ``..`` out of it, no symbolic link out of
it): a repository being checked never chooses where a report is written
outside itself. Command-line options win.

The file is read whole but at most MAX_BYTES of it, so that ``--config
/dev/zero`` cannot fill memory; TOML nested too deeply to parse and numbers
out of range are configuration errors like any other.

Reading TOML needs :mod:`tomllib` (Python 3.11+) or the ``tomli`` package on
3.10. Without either, a ``pyproject.toml`` that has no ``[tool.newsparse``
table is skipped as usual, and one that has it is a clear configuration error.
"""

from __future__ import annotations

import difflib
import importlib
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsparse.check.select import Layer, SelectionError, normalize_code, normalize_codes
from newsparse.check.settings_file import NotRegularFile, read_head
from newsparse.codes import RULES
from newsparse.errors import NewsparseError
from newsparse.limits import MAX_RECORD_SIZE, MIN_RECORD_SIZE
from newsparse.model import Severity

TABLE = "tool.newsparse.check"

_KEYS = (
    "select",
    "ignore",
    "extend-select",
    "per-file-ignores",
    "severity",
    "exclude",
    "output-format",
    "output-file",
    "statistics",
    "strict",
    "exit-zero",
    "baseline",
    "max-record-size",
)


#: The most bytes read from a configuration file. The largest pyproject.toml
#: files in the wild are tens of KiB; this is a hundred times that.
MAX_BYTES = 4 * 1024 * 1024


class ConfigError(NewsparseError):
    """The configuration file cannot be read, or holds a setting that makes no sense."""


@dataclass(frozen=True, slots=True)
class FileConfig:
    """What a config file says; None (or empty) where it says nothing."""

    path: Path | None = None
    layer: Layer = field(default_factory=Layer)
    severity: Mapping[str, Severity] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    output_format: str | None = None
    output_file: str | None = None
    statistics: bool | None = None
    strict: bool | None = None
    exit_zero: bool | None = None
    baseline: str | None = None
    max_record_size: int | None = None

    @property
    def root(self) -> Path | None:
        """The folder of the config file: per-file-ignore globs are relative to it."""
        return self.path.parent if self.path is not None else None


def _toml_loads() -> Any:
    """``tomllib.loads``, or ``tomli.loads`` on 3.10, or None when neither exists."""
    name = "tomllib" if sys.version_info >= (3, 11) else "tomli"
    try:
        return importlib.import_module(name).loads
    except ImportError:
        return None


def _read_toml(path: Path, *, required: bool) -> dict[str, Any] | None:
    try:
        raw = read_head(path, MAX_BYTES + 1)
        text = raw.decode("utf-8")
    except NotRegularFile:
        raise ConfigError(f"{path}: not a regular file") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConfigError(f"{path}: cannot read: {reason}") from None
    if len(raw) > MAX_BYTES:
        raise ConfigError(f"{path}: larger than {MAX_BYTES // 2**20} MiB; not a config file")
    if not required and "[tool.newsparse" not in text and "tool.newsparse" not in text:
        return None
    loads = _toml_loads()
    if loads is None:
        raise ConfigError(
            f"{path}: reading [tool.newsparse] needs Python 3.11+ or the tomli package "
            "(pip install tomli)"
        )
    try:
        data: dict[str, Any] = loads(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError is a ValueError
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    return data


def _newsparse_table(data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    tool = data.get("tool")
    if not isinstance(tool, Mapping):
        return None
    table = tool.get("newsparse")
    return table if isinstance(table, Mapping) else None


def find_config(start: Path) -> Path | None:
    """The first ``pyproject.toml`` with a ``[tool.newsparse]`` table, from ``start`` up."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            data = _read_toml(candidate, required=False)
            if data is not None and _newsparse_table(data) is not None:
                return candidate
    return None


def load_config(path: Path | None = None, *, start: Path | None = None) -> FileConfig:
    """Read the settings of ``path``, or of the file found upward from ``start``
    (the current folder by default). No file found: the empty configuration."""
    if path is None:
        path = find_config(start if start is not None else Path.cwd())
        if path is None:
            return FileConfig()
    data = _read_toml(path, required=True)
    assert data is not None
    table = _newsparse_table(data) or {}
    for key in table:
        if key != "check":  # a setting one level too high is a mistake, never ignored
            hint = f" (settings go in [{TABLE}])" if key in _KEYS else ""
            raise ConfigError(f"{path}: [tool.newsparse]: unknown key {key!r}{hint}")
    check = table.get("check", {})
    if not isinstance(check, Mapping):
        raise ConfigError(f"{path}: [{TABLE}] must be a table")
    try:
        return _parse(path, check)
    except SelectionError as exc:
        raise ConfigError(f"{path}: [{TABLE}]: {exc}") from None


def _parse(path: Path, table: Mapping[str, Any]) -> FileConfig:
    for key in table:
        if key not in _KEYS:
            close = difflib.get_close_matches(key.replace("_", "-"), _KEYS, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ConfigError(f"{path}: [{TABLE}]: unknown key {key!r}{hint}")

    def strings(key: str) -> tuple[str, ...] | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: [{TABLE}]: {key} must be a list of strings")
        return tuple(value)

    def flag(key: str) -> bool | None:
        value = table.get(key)
        if value is not None and not isinstance(value, bool):
            raise ConfigError(f"{path}: [{TABLE}]: {key} must be true or false")
        return value

    def text(key: str) -> str | None:
        value = table.get(key)
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"{path}: [{TABLE}]: {key} must be a string")
        return value

    select = strings("select")
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, Mapping):
        raise ConfigError(f"{path}: [{TABLE}]: per-file-ignores must be a table of glob = [codes]")
    ignores = []
    for glob, codes in per_file.items():
        if isinstance(codes, str):
            codes = [codes]
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ConfigError(
                f"{path}: [{TABLE}.per-file-ignores]: {glob!r} must be a list of codes"
            )
        ignores.append((glob, normalize_codes(codes)))
    layer = Layer(
        select=normalize_codes(select) if select is not None else None,
        ignore=normalize_codes(strings("ignore") or ()),
        extend_select=normalize_codes(strings("extend-select") or ()),
        per_file_ignores=tuple(ignores),
    )
    severity = _severity(path, table.get("severity", {}))
    output_format = text("output-format")
    if output_format is not None:
        from newsparse.reporters import FORMATS

        if output_format not in FORMATS:
            raise ConfigError(
                f"{path}: [{TABLE}]: output-format must be one of "
                f"{', '.join(FORMATS)}, not {output_format!r}"
            )
    size = table.get("max-record-size")
    if size is not None and (
        not isinstance(size, int)
        or isinstance(size, bool)
        or not MIN_RECORD_SIZE <= size <= MAX_RECORD_SIZE
    ):
        raise ConfigError(
            f"{path}: [{TABLE}]: max-record-size must be a number of "
            f"characters from {MIN_RECORD_SIZE} to {MAX_RECORD_SIZE}"
        )
    baseline = _inside(path, "baseline", text("baseline"))
    output_file = _inside(path, "output-file", text("output-file"))
    return FileConfig(
        path=path,
        layer=layer,
        severity=severity,
        exclude=strings("exclude") or (),
        output_format=output_format,
        output_file=output_file,
        statistics=flag("statistics"),
        strict=flag("strict"),
        exit_zero=flag("exit-zero"),
        baseline=baseline,
        max_record_size=size,
    )


def _inside(path: Path, key: str, value: str | None) -> str | None:
    """``value``, a path in the config file, taken relative to the file's folder; a
    ConfigError if it leaves that folder's tree, by its spelling or by a symbolic link."""
    if not value:
        return None
    folder = path.parent
    target = folder / value
    problem = None
    if "\0" in value:
        problem = "holds a NUL character"
    elif Path(value).is_absolute() or Path(value).drive:
        problem = "is absolute"
    elif not _within(os.path.normpath(target), os.path.normpath(folder)):
        problem = "leaves the config file's folder"
    else:
        # Symbolic links are followed all the way, the file's own included: a write
        # that followed a link out of the tree would land outside it.
        if not _within(os.path.realpath(target), os.path.realpath(folder)):
            problem = "leads out of the config file's folder through a symbolic link"
    if problem is not None:
        raise ConfigError(
            f"{path}: [{TABLE}]: {key} {value!r} {problem}; paths in a "
            "config file must stay inside its folder"
        )
    return str(target)


def _within(child: str, parent: str) -> bool:
    return child == parent or child.startswith(parent.rstrip(os.sep) + os.sep)


def _severity(path: Path, value: Any) -> dict[str, Severity]:
    if not isinstance(value, Mapping):
        raise ConfigError(
            f'{path}: [{TABLE}]: severity must be a table of CODE = "error" or "warning"'
        )
    result: dict[str, Severity] = {}
    levels = []
    for prefix, level in value.items():
        if level not in ("error", "warning"):
            raise ConfigError(
                f'{path}: [{TABLE}.severity]: {prefix} must be "error" or "warning", not {level!r}'
            )
        levels.append((normalize_code(prefix), level))
    for chosen, level in sorted(levels, key=lambda item: len(item[0])):  # specific ones win
        for code in RULES:
            if code.startswith(chosen):
                result[code] = "error" if level == "error" else "warning"
    return result
