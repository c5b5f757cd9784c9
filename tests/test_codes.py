"""The rule registry and ``newsparse rules`` (tests/test_docs.py keeps docs/rules.md in sync)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from click.testing import CliRunner

from newsparse.cli import cli
from newsparse.codes import FAMILIES, RULES, explain, lookup, markdown_table


def test_codes_registry_is_well_formed() -> None:
    names = [rule.name for rule in RULES.values()]
    assert len(set(names)) == len(names)
    for code, rule in RULES.items():
        assert re.fullmatch(r"NP[1-6]\d\d", code) and rule.code == code
        assert code[:3] in FAMILIES
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
        assert rule.severity in ("error", "warning")
        assert rule.summary and not rule.summary.endswith(".")
        assert rule.explanation and rule.bad and rule.good and rule.bad != rule.good


def test_codes_core_codes_keep_their_numbers() -> None:
    stable = {f"NP10{i}" for i in range(1, 9)} | {f"NP20{i}" for i in range(1, 10)}
    stable |= {f"NP30{i}" for i in range(1, 5)} | {f"NP40{i}" for i in range(1, 7)}
    assert stable <= set(RULES)
    assert RULES["NP105"].name == "date-impossible"


def test_codes_lookup_by_code_or_name() -> None:
    assert lookup("np105") is RULES["NP105"]
    assert lookup("date-impossible") is RULES["NP105"]
    assert lookup("NP999") is None


def test_codes_markdown_table_has_every_rule() -> None:
    lines = markdown_table().splitlines()
    assert lines[:2] == ["| Code | Name | Severity | Summary |", "| --- | --- | --- | --- |"]
    assert lines[2] == (
        "| `NP101` | `no-header` | error | File holds no header line, so it is not a dump |"
    )
    assert len(lines) == 2 + len(RULES)


def test_codes_rules_command_lists_every_rule() -> None:
    result = CliRunner().invoke(cli, ["rules"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Code", "Name", "Severity", "Summary"]
    assert lines[1] == (
        "NP101  no-header             error     File holds no header line, so it is not a dump"
    )
    assert [line.split()[0] for line in lines[1:]] == list(RULES)


def test_codes_rules_command_explains_one() -> None:
    result = CliRunner().invoke(cli, ["rules", "NP105"])
    assert result.exit_code == 0
    assert result.stdout == explain(RULES["NP105"])
    assert result.stdout.startswith("NP105 date-impossible (error)\n\nHeader date cannot exist.\n")
    assert "Bad:\n     date 2026-02-30 https://site.com/story.html\n" in result.stdout
    assert "Good:\n     date 2026-02-28 https://site.com/story.html\n" in result.stdout


def test_codes_rules_command_json() -> None:
    result = CliRunner().invoke(cli, ["rules", "--output-format", "json"])
    data = json.loads(result.stdout)
    assert [d["code"] for d in data] == list(RULES)
    one = json.loads(CliRunner().invoke(cli, ["rules", "NP501", "--output-format", "json"]).stdout)
    assert (one["name"], one["severity"]) == ("duplicate-url", "warning")


def test_codes_rules_unknown_code_exits_2() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "newsparse", "rules", "NP999"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "newsparse: error: unknown rule 'NP999'; `newsparse rules` lists them\n"
