"""The docs cannot drift: examples are run, generated parts are regenerated and compared.

What is checked, page by page (README.md, CONTRIBUTING.md and docs/*.md, but not
docs/_incoming/, which holds drafts not yet folded in):

- every ```console block is run: each ``$ command`` line runs in bash at the top of
  the checkout, and the lines after it must be exactly what it prints on stdout
  (a command must print nothing on stderr: write ``2>&1`` or ``2>/dev/null`` to show
  or hide it, so that the block shows everything a user sees);
- no other fenced block may use ``samples/`` (such an example would not be run),
  except the README Quickstart, whose commands install the package;
- the generated parts between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``
  markers: the rules table in docs/rules.md and the module map in CONTRIBUTING.md.

After a deliberate change of output, regenerate everything with
``NEWSPARSE_UPDATE_DOCS=1 pytest tests/test_docs.py`` and review the diff.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from newsparse.cli import COMMANDS, cli
from newsparse.codes import markdown_table

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
DOCS = ROOT / "docs"
PAGES = [README, CONTRIBUTING, ROOT / "CHANGELOG.md", *sorted(DOCS.glob("*.md"))]
UPDATE = os.environ.get("NEWSPARSE_UPDATE_DOCS") == "1"
QUICKSTART = [
    "pip install . && newsparse parse samples/ --exclude damaged",
    "pip install '.[test]' && pytest",
]
README_LIMIT = 10_000  # bytes: the issue asks for at most 10 KB

FENCE = re.compile(r"^```([a-z]*)\n(.*?)^```$", re.S | re.M)
CONSOLE = re.compile(r"^```console\n(.*?)^```$", re.S | re.M)
# The shell the examples run in: the console script of this interpreter first on
# PATH, and fixed colour, width, zone and locale, so the output is the same anywhere.
ENV = {
    **os.environ,
    "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    "NO_COLOR": "1",
    "COLUMNS": "100",
    "TZ": "UTC",
    "LC_ALL": "C.UTF-8",
}
ENV.pop("FORCE_COLOR", None)


def _page_id(page: Path) -> str:
    return str(page.relative_to(ROOT))


# ---------------------------------------------------------------- console examples


def _run(command: str) -> str:
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.stderr == "", f"$ {command}\nprinted on stderr:\n{done.stderr}"
    return done.stdout


def _commands(block: str) -> list[str]:
    return [line[2:] for line in block.splitlines() if line.startswith("$ ")]


def _rerun(block: str) -> str:
    """The block with each command followed by what it prints now."""
    parts = []
    for command in _commands(block):
        output = _run(command)
        if output and not output.endswith("\n"):
            output += "\n"  # so the closing fence stays on a line of its own
        parts.append(f"$ {command}\n{output}")
    return "".join(parts)


def _with_fresh_examples(text: str) -> str:
    return CONSOLE.sub(lambda m: f"```console\n{_rerun(m.group(1))}```", text)


@pytest.mark.slow  # about 30 subprocesses: 3 s of CPU on a busy 2-core machine
@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_docs_console_examples_print_what_they_show(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    fresh = _with_fresh_examples(text)
    if UPDATE and fresh != text:
        page.write_text(fresh, encoding="utf-8")
        text = fresh
    assert CONSOLE.findall(fresh) == CONSOLE.findall(text), (
        f"{_page_id(page)}: an example prints something else now; "
        "run NEWSPARSE_UPDATE_DOCS=1 pytest tests/test_docs.py and review the diff"
    )


def test_docs_console_blocks_start_with_a_command() -> None:
    for page in PAGES:
        for block in CONSOLE.findall(page.read_text(encoding="utf-8")):
            assert block.startswith("$ "), f"{_page_id(page)}: console block without a command"


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_docs_examples_on_samples_are_all_run(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    quickstart = _quickstart_block() if page == README else None
    for language, block in FENCE.findall(text):
        if language != "console" and block != quickstart:
            assert "samples/" not in block, (
                f"{_page_id(page)}: this example uses samples/ but is not run; "
                f"make it a ```console block:\n{block}"
            )
    prose = FENCE.sub("", text)
    inline = re.findall(r"`[^`\n]*samples/[^`\n]*`", prose)
    assert [code for code in inline if "newsparse " in code] == [], (
        f"{_page_id(page)}: a command on samples/ in running text is not run; "
        "show it in a ```console block"
    )


def test_docs_example_runner_sees_a_change_of_output() -> None:
    good = "```console\n$ printf 'a\\nb\\n'\na\nb\n```\n"
    assert _with_fresh_examples(good) == good
    assert _with_fresh_examples(good.replace("\nb\n```", "\nc\n```")) == good


def test_docs_example_runner_refuses_stderr() -> None:
    with pytest.raises(AssertionError, match="printed on stderr"):
        _run("echo oops >&2")


# ---------------------------------------------------------------- generated parts


def _generated(text: str, name: str, fresh: str, where: str) -> str:
    """``text`` with the block between NAME markers replaced by ``fresh``; fails when absent."""
    start, end = f"<!-- {name}:start -->\n", f"<!-- {name}:end -->"
    assert start in text and end in text, f"{where} has no {start.strip()} ... {end} block"
    head, rest = text.split(start, 1)
    return head + start + fresh + end + rest.split(end, 1)[1]


def _check_generated(page: Path, name: str, fresh: str) -> None:
    text = page.read_text(encoding="utf-8")
    regenerated = _generated(text, name, fresh, _page_id(page))
    if UPDATE and regenerated != text:
        page.write_text(regenerated, encoding="utf-8")
        text = regenerated
    assert text == regenerated, (
        f"{_page_id(page)}: the {name} block is out of date; "
        "run NEWSPARSE_UPDATE_DOCS=1 pytest tests/test_docs.py"
    )


def test_docs_rules_table_in_sync() -> None:
    _check_generated(DOCS / "rules.md", "rules-table", markdown_table())


def module_map() -> str:
    """A Markdown table: each module of the package and the first line of its docstring."""
    rows = ["| Module | Its job |", "| --- | --- |"]
    package = ROOT / "newsparse"
    for path in sorted(package.rglob("*.py")):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        job = " ".join(doc.split("\n\n", 1)[0].split()).replace("``", "`").replace("|", "\\|")
        assert job, f"{path.relative_to(ROOT)} has no module docstring"
        name = path.relative_to(ROOT).as_posix()
        if path.name == "__init__.py" and path.parent != package:
            name = name.removesuffix("__init__.py")
        rows.append(f"| `{name}` | {job} |")
    return "\n".join(rows) + "\n"


def test_docs_module_map_in_sync() -> None:
    _check_generated(CONTRIBUTING, "module-map", module_map())


def test_docs_generated_block_must_exist() -> None:
    with pytest.raises(AssertionError, match="has no <!-- rules-table:start -->"):
        _generated("no markers here\n", "rules-table", "x\n", "page")


# ---------------------------------------------------------------- references


REPO_PATH = re.compile(r"`((?:\.ci|benchmarks|docs|newsparse|samples|tests)/[\w./-]*)`")


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_docs_named_files_exist(page: Path) -> None:
    named = REPO_PATH.findall(FENCE.sub("", page.read_text(encoding="utf-8")))
    drafts = "docs/_incoming/"  # made by the branch that has a draft; the site leaves it out
    assert [p for p in named if not (ROOT / p).exists() and not p.startswith(drafts)] == []


def _links(page: Path) -> list[str]:
    return re.findall(r"\]\(([^)#\s]+)", page.read_text(encoding="utf-8"))


def test_docs_links_point_somewhere() -> None:
    # docs/*.md links are checked by `mkdocs build --strict`; these pages are outside it
    assert "docs/format.md" in _links(README)
    local = [link for page in PAGES[:3] for link in _links(page) if "://" not in link]
    assert [link for link in local if not (ROOT / link).exists()] == []


# ---------------------------------------------------------------- README and commands


def _quickstart_block() -> str:
    section = README.read_text(encoding="utf-8").split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    blocks = FENCE.findall(section)
    assert len(blocks) == 1, "the Quickstart holds one code block, with its two commands"
    return str(blocks[0][1])


def test_docs_quickstart_has_exactly_two_commands_and_ci_runs_them() -> None:
    commands = [line for line in _quickstart_block().splitlines() if line.strip()]
    assert commands == QUICKSTART
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    # verbatim, each at the start of a line (the first with its output sent away)
    assert [any(line.startswith(c) for line in ci) for c in commands] == [True, True]
    assert commands[1] in ci


def test_docs_readme_is_at_most_10_kb() -> None:
    assert len(README.read_bytes()) <= README_LIMIT


def test_docs_ci_builds_the_site_strictly() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "mkdocs build --strict" in ci


def test_docs_site_nav_lists_every_page() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = {next(iter(entry.values())) for entry in config["nav"]}
    assert nav == {page.name for page in DOCS.glob("*.md")}
    assert "_incoming/" in config["exclude_docs"]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_docs_every_command_has_help_with_an_example(command: str) -> None:
    for flag in ("-h", "--help"):
        result = CliRunner().invoke(cli, [command, flag])
        assert result.exit_code == 0, result.output
        assert f"newsparse {command}" in result.stdout  # an example of its own use
    assert COMMANDS[command][2] in CliRunner().invoke(cli, ["--help"]).stdout


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_docs_every_command_has_a_section_and_a_readme_row(command: str) -> None:
    commands_page = (DOCS / "commands.md").read_text(encoding="utf-8")
    assert f"\n## `newsparse {command}`\n" in commands_page
    assert f"| `newsparse {command}" in README.read_text(encoding="utf-8")
