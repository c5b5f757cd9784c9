"""``gitlab``: a GitLab code quality report (a JSON list of issues).

Each issue has ``description``, ``check_name``, ``fingerprint`` (unique per
issue: GitLab merges issues that share one), ``severity`` (``major`` for
errors, ``minor`` for warnings) and ``location.path`` / ``location.lines.begin``.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from newsparse.diagnostics import CheckResult
from newsparse.display import unicode_safe
from newsparse.reporters import ReportOptions

_SEVERITY = {"error": "major", "warning": "minor"}


def render(result: CheckResult, options: ReportOptions) -> str:
    seen: Counter[tuple[str, str, str]] = Counter()
    issues: list[dict[str, Any]] = []
    for d in result.diagnostics:
        key = (d.path, d.code, d.fingerprint)
        occurrence = seen[key]
        seen[key] += 1
        unique = hashlib.md5(
            "\x1f".join((*key, str(occurrence))).encode("utf-8", "surrogatepass"),
            usedforsecurity=False,
        ).hexdigest()
        issues.append(
            {
                "type": "issue",
                "check_name": d.code,
                "description": unicode_safe(f"{d.code} {d.message}"),
                "categories": ["Style" if d.severity == "warning" else "Bug Risk"],
                "fingerprint": unique,
                "severity": _SEVERITY[d.severity],
                "location": {"path": unicode_safe(d.path), "lines": {"begin": d.line}},
            }
        )
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
