"""``sarif``: SARIF 2.1.0, as code scanning tools read it.

Every rule of the registry is in ``tool.driver.rules`` (with its explanation
and default level); every result has a ``ruleId`` and a ``ruleIndex`` into
that list, a level, a message and a physical location with a relative URI
(``uriBaseId`` ``%SRCROOT%``) and a region. ``partialFingerprints`` carries
the line-independent fingerprint that baselines use.

A URI is percent-encoded (RFC 3986) from the real bytes of the file name, so
that decoding it gives back exactly that name, newlines and bytes that are
not UTF-8 included; messages keep their text (JSON escapes controls).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from newsparse import __version__
from newsparse.codes import RULES
from newsparse.diagnostics import CheckResult, Diagnostic
from newsparse.display import unicode_safe
from newsparse.reporters import ReportOptions

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

_INDEX = {code: index for index, code in enumerate(RULES)}


def _rule(code: str) -> dict[str, Any]:
    rule = RULES[code]
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation},
        "help": {
            "text": f"{rule.explanation}\n\nBad:\n{rule.bad}\n\nGood:\n{rule.good}",
            "markdown": f"{rule.explanation}\n\nBad:\n\n```\n{rule.bad}\n```\n\n"
            f"Good:\n\n```\n{rule.good}\n```",
        },
        "defaultConfiguration": {"level": rule.severity},
        "properties": {"tags": [rule.code[:3] + "xx"]},
    }


def _uri(path: str) -> str:
    """The file's URI: every byte but the unreserved ones and ``/`` percent-encoded."""
    if os.path.isabs(path):
        return Path(path).as_uri()  # percent-encodes os.fsencode(path) the same way
    return quote(os.fsencode(path), safe="/")


def _result(d: Diagnostic) -> dict[str, Any]:
    location: dict[str, Any] = {"uri": _uri(d.path)}
    if not os.path.isabs(d.path):
        location["uriBaseId"] = "%SRCROOT%"
    return {
        "ruleId": d.code,
        "ruleIndex": _INDEX[d.code],
        "level": d.severity,
        "message": {"text": unicode_safe(d.message)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": location,
                    "region": {"startLine": d.line, "startColumn": d.column},
                }
            }
        ],
        "partialFingerprints": {"newsparse/v1": d.fingerprint},
    }


def render(result: CheckResult, options: ReportOptions) -> str:
    data = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "newsparse",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule(code) for code in RULES],
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": [_result(d) for d in result.diagnostics],
            }
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
