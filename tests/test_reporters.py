"""Every output format, checked against what its consumer expects."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from newsparse.codes import RULES
from newsparse.diagnostics import CheckResult, Diagnostic
from newsparse.reporters import FORMATS, ReportOptions, render, summary
from newsparse.reporters.github import escape_data, escape_property

CASES = Path(__file__).parent / "check_cases"

ERROR = Diagnostic(
    "dumps/a b.txt",
    3,
    1,
    RULES["NP105"],
    "date '2026-02-30' cannot exist",
    "error",
    "0011223344556677",
)
WARNING = Diagnostic(
    "dumps/c,d:e.txt",
    7,
    2,
    RULES["NP106"],
    "date 1970-01-01 is before 1990\n50%",
    "warning",
    "8899aabbccddeeff",
)
RESULT = CheckResult([ERROR, WARNING], files=3)
CLEAN = CheckResult([], files=2)


def test_reporters_text_lines_and_summary() -> None:
    assert render("text", RESULT) == (
        "dumps/a b.txt:3: NP105 date '2026-02-30' cannot exist\n"
        "dumps/c,d:e.txt:7:2: NP106 date 1970-01-01 is before 1990\\n50%\n"
        "Found 1 error and 1 warning in 2 files.\n"
    )
    assert render("text", CLEAN) == "All checks passed.\n"


def test_reporters_text_color_marks_codes() -> None:
    text = render("text", RESULT, ReportOptions(color=True))
    assert "\x1b[31m\x1b[1mNP105\x1b[0m" in text
    assert "\x1b[33m\x1b[1mNP106\x1b[0m" in text
    assert "\x1b[" not in render("text", RESULT)


@pytest.mark.parametrize(
    ("errors", "warnings", "baselined", "expected"),
    [
        (0, 0, 0, "All checks passed."),
        (0, 0, 4, "All checks passed (4 findings in the baseline)."),
        (1, 0, 0, "Found 1 error in 1 file."),
        (3, 2, 0, "Found 3 errors and 2 warnings in 1 file."),
        (0, 2, 1, "Found 2 warnings in 1 file (1 more in the baseline)."),
    ],
)
def test_reporters_summary_wording(
    errors: int, warnings: int, baselined: int, expected: str
) -> None:
    found = [ERROR] * errors + [
        Diagnostic("a.txt", 1, 1, RULES["NP106"], "m", "warning", "f")
    ] * warnings
    found = [Diagnostic("a.txt", d.line, 1, d.rule, d.message, d.severity, "f") for d in found]
    assert summary(CheckResult(found, 1, baselined)) == expected


def test_reporters_text_statistics_counts_by_code() -> None:
    result = CheckResult([ERROR, WARNING, ERROR], files=2)
    assert render("text", result, ReportOptions(statistics=True)) == (
        "2  NP105  error    date-impossible\n"
        "1  NP106  warning  date-out-of-range\n"
        "Found 2 errors and 1 warning in 2 files.\n"
    )


def test_reporters_json_fields() -> None:
    assert json.loads(render("json", RESULT)) == [
        {
            "path": "dumps/a b.txt",
            "line": 3,
            "column": 1,
            "code": "NP105",
            "severity": "error",
            "message": "date '2026-02-30' cannot exist",
        },
        {
            "path": "dumps/c,d:e.txt",
            "line": 7,
            "column": 2,
            "code": "NP106",
            "severity": "warning",
            "message": "date 1970-01-01 is before 1990\n50%",
        },
    ]
    assert json.loads(render("json", CLEAN)) == []
    stats = json.loads(render("json", RESULT, ReportOptions(statistics=True)))
    assert stats == [
        {"code": "NP105", "name": "date-impossible", "severity": "error", "count": 1},
        {"code": "NP106", "name": "date-out-of-range", "severity": "warning", "count": 1},
    ]


def test_reporters_github_escaping() -> None:
    assert escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"
    assert escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"


def test_reporters_github_lines_exact() -> None:
    assert render("github", RESULT).splitlines() == [
        "::error file=dumps/a b.txt,line=3,col=1,title=NP105::"
        "dumps/a b.txt:3:1: NP105 date '2026-02-30' cannot exist",
        "::warning file=dumps/c%2Cd%3Ae.txt,line=7,col=2,title=NP106::"
        "dumps/c,d:e.txt:7:2: NP106 date 1970-01-01 is before 1990\\n50%25",
    ]
    assert render("github", CLEAN) == ""


def test_reporters_junit_is_xml_with_failures() -> None:
    root = ET.fromstring(render("junit", RESULT))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures")) == ("2", "1")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["dumps/a b.txt", "dumps/c,d:e.txt"]
    failure = suites[0].find("testcase/failure")
    assert failure is not None
    assert failure.get("type") == "NP105"
    assert failure.text == "dumps/a b.txt:3:1: NP105 date '2026-02-30' cannot exist"
    warning_case = suites[1].find("testcase")
    assert warning_case is not None and warning_case.find("failure") is None
    assert warning_case.findtext("system-out") == (
        "warning: dumps/c,d:e.txt:7:2: NP106 date 1970-01-01 is before 1990\\n50%"
    )


def test_reporters_junit_strict_makes_warnings_failures() -> None:
    root = ET.fromstring(render("junit", RESULT, ReportOptions(strict=True)))
    assert root.get("failures") == "2"
    assert len(root.findall("testsuite/testcase/failure")) == 2


def test_reporters_junit_clean_run_is_one_passing_testcase() -> None:
    root = ET.fromstring(render("junit", CLEAN))
    cases = root.findall("testsuite/testcase")
    assert len(cases) == 1
    assert list(cases[0]) and cases[0].find("failure") is None
    assert root.get("failures") == "0"


def test_reporters_sarif_validates_against_schema() -> None:
    schema = json.loads((CASES / "sarif-2.1.0-subset.schema.json").read_text())
    data = json.loads(render("sarif", RESULT))
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    run = data["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    first = run["results"][0]
    assert first["ruleId"] == "NP105" and first["level"] == "error"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "dumps/a%20b.txt", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 3, "startColumn": 1}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"].endswith("/")
    assert json.loads(render("sarif", CLEAN))["runs"][0]["results"] == []


def test_reporters_sarif_schema_rejects_a_result_without_rule_id() -> None:
    schema = json.loads((CASES / "sarif-2.1.0-subset.schema.json").read_text())
    data = json.loads(render("sarif", RESULT))
    del data["runs"][0]["results"][0]["ruleId"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_reporters_gitlab_code_quality() -> None:
    issues = json.loads(render("gitlab", CheckResult([ERROR, ERROR, WARNING], files=1)))
    assert [(i["check_name"], i["severity"], i["location"]) for i in issues] == [
        ("NP105", "major", {"path": "dumps/a b.txt", "lines": {"begin": 3}}),
        ("NP105", "major", {"path": "dumps/a b.txt", "lines": {"begin": 3}}),
        ("NP106", "minor", {"path": "dumps/c,d:e.txt", "lines": {"begin": 7}}),
    ]
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == 3 and all(len(f) == 32 for f in fingerprints)
    assert issues[0]["description"] == "NP105 date '2026-02-30' cannot exist"
    assert json.loads(render("gitlab", CLEAN)) == []


def test_reporters_unknown_format_raises() -> None:
    with pytest.raises(ValueError, match="unknown output format 'xml'"):
        render("xml", CLEAN)
    assert FORMATS == ("text", "json", "github", "junit", "sarif", "gitlab")
