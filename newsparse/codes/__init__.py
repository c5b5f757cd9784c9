"""The registry of finding codes: one constant per problem newsparse can report.

Code refers to a rule by its constant (``codes.NO_HEADER``), never by its code
string: the ``"NPxxx"`` strings appear in this package only. A finding holds
its rule; reports, baselines and the config file use the rule's code.

Families: NP1xx header, NP2xx structure, NP3xx text, NP4xx encoding and file,
NP5xx archive-wide, NP6xx outputs, one module each. Codes are stable; a retired
code is never reused.
"""

from __future__ import annotations

from newsparse.codes.archive import (
    DUPLICATE_BODY,
    DUPLICATE_URL,
)
from newsparse.codes.file import (
    BINARY_FILE,
    BYTE_ORDER_MARK,
    CORRUPT_COMPRESSION,
    INVALID_BYTES,
    LINE_ENDINGS,
    NOT_UTF8,
)
from newsparse.codes.header import (
    DATE_IMPOSSIBLE,
    DATE_OUT_OF_RANGE,
    DATE_UNPARSEABLE,
    DATE_URL_MISMATCH,
    DATE_ZONE_UNKNOWN,
    EMPTY_FILE,
    HEADER_HIDDEN_PREFIX,
    HEADER_MISSING_DATE,
    HEADER_MISSING_URL,
    HEADER_TOO_LONG,
    NO_HEADER,
    RECORD_CRASHED,
    URL_HAS_SPACES,
    URL_INVALID,
)
from newsparse.codes.outputs import (
    CHANGED_WHILE_READ,
    HARD_LINKED_FILE,
    LINK_OUTSIDE_FOLDER,
    METADATA_NOT_KEPT,
    OUTPUT_DIFFERS,
    OUTPUT_NAME_CLASH,
    OUTPUT_WRITE_FAILED,
    READ_ONLY_FILE,
    UNFORMATTABLE_FILE,
)
from newsparse.codes.rule import Rule, Severity, registered_rules
from newsparse.codes.structure import (
    EMPTY_BODY,
    HEADLINE_SENTENCE,
    HEADLINE_TOO_LONG,
    IMAGE_NOT_URL,
    LEAD_REPEATED_TWICE,
    MISSING_HEADLINE,
    RECORD_TOO_LARGE,
    TEXT_OUTSIDE_RECORD,
    TRUNCATED_RECORD,
    UNFORMATTABLE_RECORD,
)
from newsparse.codes.text import (
    CONTROL_CHARACTERS,
    HTML_ENTITIES,
    HTML_REMNANTS,
    MOJIBAKE,
)

__all__ = [
    "BINARY_FILE",
    "BYTE_ORDER_MARK",
    "CHANGED_WHILE_READ",
    "CONTROL_CHARACTERS",
    "CORRUPT_COMPRESSION",
    "DATE_IMPOSSIBLE",
    "DATE_OUT_OF_RANGE",
    "DATE_UNPARSEABLE",
    "DATE_URL_MISMATCH",
    "DATE_ZONE_UNKNOWN",
    "DUPLICATE_BODY",
    "DUPLICATE_URL",
    "EMPTY_BODY",
    "EMPTY_FILE",
    "FAMILIES",
    "HARD_LINKED_FILE",
    "HEADER_HIDDEN_PREFIX",
    "HEADER_MISSING_DATE",
    "HEADER_MISSING_URL",
    "HEADER_TOO_LONG",
    "HEADLINE_SENTENCE",
    "HEADLINE_TOO_LONG",
    "HTML_ENTITIES",
    "HTML_REMNANTS",
    "IMAGE_NOT_URL",
    "INVALID_BYTES",
    "LEAD_REPEATED_TWICE",
    "LINE_ENDINGS",
    "LINK_OUTSIDE_FOLDER",
    "METADATA_NOT_KEPT",
    "MISSING_HEADLINE",
    "MOJIBAKE",
    "NOT_UTF8",
    "NO_HEADER",
    "OUTPUT_DIFFERS",
    "OUTPUT_NAME_CLASH",
    "OUTPUT_WRITE_FAILED",
    "READ_ONLY_FILE",
    "RECORD_CRASHED",
    "RECORD_TOO_LARGE",
    "RULES",
    "TEXT_OUTSIDE_RECORD",
    "TRUNCATED_RECORD",
    "UNFORMATTABLE_FILE",
    "UNFORMATTABLE_RECORD",
    "URL_HAS_SPACES",
    "URL_INVALID",
    "Rule",
    "Severity",
    "explain",
    "lookup",
    "markdown_table",
]

#: Every rule, in the order of their codes (the family modules hold the constants).
_RULES: tuple[Rule, ...] = tuple(sorted(registered_rules(), key=lambda rule: rule.code))

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}

#: The families, by the first digit of the code.
FAMILIES = {
    "NP1": "header",
    "NP2": "structure",
    "NP3": "text",
    "NP4": "encoding and file",
    "NP5": "archive-wide",
    "NP6": "outputs",
}

_BY_NAME = {rule.name: rule for rule in _RULES}


def lookup(code_or_name: str) -> Rule | None:
    """The rule with this code (any case) or name, or None."""
    key = code_or_name.strip()
    return RULES.get(key.upper()) or _BY_NAME.get(key.lower())


def explain(rule: Rule) -> str:
    """The full explanation of a rule, as ``newsparse rules CODE`` prints it."""
    import textwrap  # 1.4 ms of every start otherwise: the registry loads on every run

    return "\n".join(
        [
            f"{rule.code} {rule.name} ({rule.severity})",
            "",
            f"{rule.summary}.",
            "",
            textwrap.fill(rule.explanation, width=79),
            "",
            "Bad:",
            _indent(rule.bad),
            "",
            "Good:",
            _indent(rule.good),
            "",
        ]
    )


def _indent(example: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in example.split("\n"))


def markdown_table() -> str:
    """The rules table of docs/rules.md, generated from the registry (tests/test_docs.py)."""
    rows = ["| Code | Name | Severity | Summary |", "| --- | --- | --- | --- |"]
    for rule in _RULES:
        summary = rule.summary.replace("|", "\\|")
        rows.append(f"| `{rule.code}` | `{rule.name}` | {rule.severity} | {summary} |")
    return "\n".join(rows) + "\n"
