"""The package's shape: rule codes only in the registry, short modules, no import cycle."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

from newsparse import codes
from newsparse.model import Finding

PACKAGE = Path(__file__).resolve().parent.parent / "newsparse"
REGISTRY = PACKAGE / "codes"


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_structure_code_strings_appear_only_in_the_registry() -> None:
    """Code refers to a rule by its constant; the "NPxxx" strings live in newsparse/codes/."""
    literal = re.compile(r"""["']NP\d""")
    outside = [
        f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
        for path in _modules() if REGISTRY not in path.parents
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if literal.search(line)
    ]
    assert outside == []


def test_structure_every_registry_constant_is_in_the_registry_table() -> None:
    constants = {name: value for name, value in vars(codes).items()
                 if isinstance(value, codes.Rule)}
    assert sorted(rule.code for rule in constants.values()) == sorted(codes.RULES)
    assert all(name == rule.name.upper().replace("-", "_") for name, rule in constants.items())


def test_structure_a_finding_holds_its_rule_across_processes() -> None:
    """Pickled (as parse -j and convert -j send it), a finding comes back with the very
    rule object, sent by its code rather than with its whole explanation."""
    finding = Finding(codes.DATE_IMPOSSIBLE, "date '2026-02-30' cannot exist", "a.txt", 3)
    data = pickle.dumps(finding)
    again = pickle.loads(data)
    assert again == finding
    assert again.rule is codes.DATE_IMPOSSIBLE
    assert (again.code, again.severity) == ("NP105", "error")
    assert codes.DATE_IMPOSSIBLE.explanation.encode() not in data


def test_structure_every_exception_is_a_newsparse_error() -> None:
    """One base class: ``except NewsparseError`` catches whatever newsparse raises."""
    import importlib
    import inspect

    from newsparse.errors import NewsparseError

    strays = []
    for path in _modules():
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:  # an optional extra (pyarrow, dask) not installed
            assert exc.name is not None and not exc.name.startswith("newsparse")
            continue
        for value in vars(module).values():
            if (inspect.isclass(value) and issubclass(value, BaseException)
                    and value.__module__ == name and not issubclass(value, NewsparseError)):
                strays.append(f"{name}.{value.__name__}")
    assert strays == []
