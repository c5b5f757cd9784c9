"""The package's shape: rule codes only in the registry, short modules, no import cycle."""

from __future__ import annotations

import ast
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
        for path in _modules()
        if REGISTRY not in path.parents
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if literal.search(line)
    ]
    assert outside == []


def test_structure_every_registry_constant_is_in_the_registry_table() -> None:
    constants = {
        name: value for name, value in vars(codes).items() if isinstance(value, codes.Rule)
    }
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
    """One base class: ``except NewsparseError`` catches every error newsparse raises.
    A signal is not an error: sigterm.Terminated (SIGTERM) is a BaseException, as
    KeyboardInterrupt is, so that no ``except Exception`` can swallow it."""
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
            if (
                inspect.isclass(value)
                and issubclass(value, Exception)
                and value.__module__ == name
                and not issubclass(value, NewsparseError)
            ):
                strays.append(f"{name}.{value.__name__}")
    assert strays == []
    from newsparse.sigterm import Terminated

    assert Terminated.__mro__[1:] == (BaseException, object)


#: The longest a module may be: past this, it does more than one job.
MAX_LINES = 450


def test_structure_no_module_is_over_the_line_limit() -> None:
    lengths = {
        str(path.relative_to(PACKAGE.parent)): len(path.read_text("utf-8").splitlines())
        for path in _modules()
    }
    assert {name: lines for name, lines in lengths.items() if lines > MAX_LINES} == {}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, name: str, is_package: bool, known: set[str]) -> set[str]:
    """The package's modules that ``name`` imports anywhere it runs: at module level and
    inside functions (but not under ``if TYPE_CHECKING:``, which never runs)."""
    found: set[str] = set()
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".") if is_package else name.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join([*package, base] if base else package)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        stack.extend(ast.iter_child_nodes(node))
    return {module for module in found if module in known and module != name}


def _import_graph() -> dict[str, set[str]]:
    paths = {_module_name(path): path for path in _modules()}
    known = set(paths)
    return {
        name: _imports(ast.parse(path.read_text("utf-8")), name, path.name == "__init__.py", known)
        for name, path in paths.items()
    }


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle, as the modules along it (the first repeated at the end), or []."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[module] = 2
        return []

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return []


def test_structure_the_import_graph_has_no_cycle() -> None:
    """Counting imports inside functions too: a lazy import is still a dependency."""
    assert _cycle(_import_graph()) == []


def test_structure_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert _cycle(graph) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


def test_structure_reporters_do_not_import_the_check_engine() -> None:
    graph = _import_graph()
    reporters = {
        name: targets for name, targets in graph.items() if name.startswith("newsparse.reporters")
    }
    assert reporters
    assert {
        name: sorted(t for t in targets if t.startswith("newsparse.check"))
        for name, targets in reporters.items()
    } == {name: [] for name in reporters}
