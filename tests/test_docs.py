"""The docs cannot drift: every command has help with an example and is in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newsparse.cli import COMMANDS, cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
# Pages written for the docs site but not yet folded in (docs/_incoming/<helper>.md)
# document commands too, until the README or the site takes them over.
INCOMING = "".join(
    page.read_text(encoding="utf-8")
    for page in sorted((Path(__file__).resolve().parent.parent / "docs" / "_incoming").glob("*.md"))
)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_docs_every_command_has_help_with_an_example(command: str) -> None:
    for flag in ("-h", "--help"):
        result = CliRunner().invoke(cli, [command, flag])
        assert result.exit_code == 0, result.output
        assert f"newsparse {command}" in result.stdout  # an example of its own use
    assert COMMANDS[command][2] in CliRunner().invoke(cli, ["--help"]).stdout


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_docs_every_command_is_in_the_readme(command: str) -> None:
    assert f"`newsparse {command}" in README + INCOMING


def test_docs_quickstart_has_exactly_two_commands() -> None:
    section = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line for line in block.splitlines() if line.strip()]
    assert commands == [
        "pip install . && newsparse parse samples/ --exclude damaged",
        "pip install '.[test]' && pytest",
    ]
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert commands[1] in ci
