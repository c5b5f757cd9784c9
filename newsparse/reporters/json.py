"""``json``: a list of findings, each with path, line, column, code, severity and message.

With ``--statistics``: a list of ``{code, name, severity, count}``. JSON escapes
control characters itself; the bytes of a file name that are not UTF-8 show as
``\\xff``, as on the terminal.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from newsparse.codes import RULES
from newsparse.diagnostics import CheckResult
from newsparse.display import unicode_safe
from newsparse.reporters import ReportOptions


def render(result: CheckResult, options: ReportOptions) -> str:
    data: list[dict[str, Any]]
    if options.statistics:
        counts = Counter(d.code for d in result.diagnostics)
        severity = {d.code: d.severity for d in result.diagnostics}
        data = [
            {"code": code, "name": RULES[code].name, "severity": severity[code], "count": n}
            for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        ]
    else:
        data = [
            {**d.to_dict(), "path": unicode_safe(d.path), "message": unicode_safe(d.message)}
            for d in result.diagnostics
        ]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
