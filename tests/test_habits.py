"""The project's habits hold: one version, checks in CI and pre-commit, shell completion
that completes, and tests that cite only what a reader can open."""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from newsparse import __version__

ROOT = Path(__file__).resolve().parent.parent
# tomllib on 3.11+, the tomli dependency on 3.10.
_toml = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")
PYPROJECT: dict[str, Any] = _toml.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_habits_version_is_defined_once() -> None:
    project = PYPROJECT["project"]
    assert "version" not in project
    assert "version" in project["dynamic"]
    attr = PYPROJECT["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    assert attr == "newsparse.__version__"
    assert importlib.metadata.version("newsparse") == __version__


def test_habits_ci_runs_the_readme_command_then_every_check() -> None:
    lines = [
        line
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith(("#", "set ", "cd ", "export "))
    ]
    required = [
        "pip install '.[test]' && pytest",
        'pytest -m "slow and not cluster" -n auto --cov-append',
        "pip install '.[cluster]' && pytest -m cluster --cov-append",
        "coverage report",
        "ruff format --check newsparse tests benchmarks",
        "ruff check newsparse tests benchmarks",
        "mypy",
        "pip install '.[docs]' && mkdocs build --strict --site-dir \"$(mktemp -d)\"",
    ]
    # Every check runs, in this order (other steps, such as the compiled build, may
    # stand between or after them).
    positions = [lines.index(step) if step in lines else -1 for step in required]
    assert positions == sorted(positions)
    assert -1 not in positions, [s for s, p in zip(required, positions, strict=True) if p < 0]


def test_habits_default_suite_leaves_the_slow_tests_to_ci() -> None:
    options = PYPROJECT["tool"]["pytest"]["ini_options"]
    assert "-m 'not slow'" in options["addopts"]
    assert any(marker.startswith("slow:") for marker in options["markers"])
    assert PYPROJECT["tool"]["coverage"]["report"]["fail_under"] > 50
    assert set(PYPROJECT["tool"]["mypy"]["files"]) == {"newsparse", "tests"}


def test_habits_pre_commit_runs_ruff_ruff_format_and_mypy() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert sorted(hooks) == ["mypy", "ruff", "ruff-format"]
    assert hooks["ruff"]["entry"].startswith("ruff check")
    assert hooks["ruff-format"]["entry"].startswith("ruff format")
    assert hooks["mypy"]["entry"] == "mypy"
    assert hooks["mypy"]["pass_filenames"] is False  # mypy reads its files from pyproject


def _bash_complete(words: str) -> list[str]:
    """What bash offers after ``words``, through the script click prints for bash."""
    scripts = Path(sys.executable).parent
    assert shutil.which("newsparse", path=str(scripts)), f"no newsparse script in {scripts}"
    script = (
        'eval "$(_NEWSPARSE_COMPLETE=bash_source newsparse)"\n'
        f"COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1))\n"
        "_newsparse_completion newsparse\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {**os.environ, "PATH": f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=env, timeout=60, check=True
    )
    assert done.stderr == ""
    return done.stdout.split()


def test_habits_bash_completion_completes_a_partial_command() -> None:
    assert _bash_complete("newsparse pa") == ["parse"]
    assert _bash_complete("newsparse parse --form") == ["--format"]
    assert _bash_complete("newsparse parse --format ''") == [
        "jsonl",
        "json",
        "md",
        "csv",
        "sqlite",
        "parquet",
    ]


def test_habits_tests_cite_no_issue_numbers_or_missing_files() -> None:
    issue = re.compile(r"\bissue #?\d+", re.IGNORECASE)
    # Project documents are named in capitals (README.md); test data in lower case.
    document = re.compile(r"(?<![\w/])[A-Z][A-Z_]+\.md\b")
    for path in sorted((ROOT / "tests").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert issue.search(text) is None, f"{path.name} cites an issue number"
        for name in document.findall(text):
            assert (ROOT / name).exists(), f"{path.name} cites {name}, not in the repository"
