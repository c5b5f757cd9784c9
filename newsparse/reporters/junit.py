"""``junit``: JUnit XML for CI test reports.

One ``<testsuite>`` per file with findings, one ``<testcase>`` per finding.
A finding that fails the run (an error, or any finding under ``--strict``)
is a ``<failure>``; a warning that does not fail it is a passing testcase
that carries its message in ``<system-out>``, so the report agrees with the
exit code. A clean run is one suite with one passing testcase.

Every attribute and text node goes through :func:`xml_text`: the text is escaped
for display (names and messages come from the archive and are shown to
people by CI pages), and any character XML 1.0 does not allow is then
dropped, so that the document is well-formed whatever the input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import groupby
from xml.etree import ElementTree as ET

from newsparse.diagnostics import CheckResult, Diagnostic
from newsparse.display import display
from newsparse.reporters import ReportOptions, summary
from newsparse.tally import plural

# The complement of XML 1.0's Char production (tab, LF, CR, U+0020-U+D7FF,
# U+E000-U+FFFD, U+10000-U+10FFFF): ElementTree writes these as they are.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text for an XML attribute or text node: escaped for display, then XML-legal."""
    return _NOT_XML.sub("", display(text))


def _fails(diagnostic: Diagnostic, strict: bool) -> bool:
    return strict or diagnostic.severity == "error"


def _suite(root: ET.Element, name: str, cases: Iterable[Diagnostic], strict: bool) -> None:
    items = list(cases)
    failures = sum(1 for d in items if _fails(d, strict))
    suite = ET.SubElement(
        root,
        "testsuite",
        name=xml_text(name),
        tests=str(len(items)),
        failures=str(failures),
        errors="0",
        skipped="0",
    )
    for d in items:
        place = f"{d.path}:{d.line}:{d.column}"
        case = ET.SubElement(
            suite,
            "testcase",
            name=f"{d.code} {d.name} at line {d.line}",
            classname=xml_text(d.path),
            file=xml_text(d.path),
            line=str(d.line),
        )
        text = f"{place}: {d.code} {d.message}"
        if _fails(d, strict):
            failure = ET.SubElement(case, "failure", message=xml_text(d.message), type=d.code)
            failure.text = xml_text(text)
        else:
            out = ET.SubElement(case, "system-out")
            out.text = xml_text(f"warning: {text}")


def render(result: CheckResult, options: ReportOptions) -> str:
    diagnostics = result.diagnostics
    total_failures = sum(1 for d in diagnostics if _fails(d, options.strict))
    root = ET.Element(
        "testsuites",
        name="newsparse check",
        tests=str(max(len(diagnostics), 1)),
        failures=str(total_failures),
        errors="0",
    )
    if not diagnostics:
        suite = ET.SubElement(
            root, "testsuite", name="newsparse", tests="1", failures="0", errors="0", skipped="0"
        )
        case = ET.SubElement(suite, "testcase", name="newsparse check", classname="newsparse")
        out = ET.SubElement(case, "system-out")
        out.text = xml_text(f"{summary(result)} {plural(result.files, 'file')} checked.")
    for path, group in groupby(diagnostics, key=lambda d: d.path):
        _suite(root, path, group, options.strict)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
