"""``newsparse check``: rule selection, configuration, archive-wide rules and baselines.

The parser's findings (NP1xx-NP4xx) come from :mod:`newsparse.pipeline`; this
package adds the archive-wide rules (NP5xx), decides which findings apply
where and at what severity, and holds them against a baseline.
"""

from __future__ import annotations

from newsparse.check.runner import CheckSettings, check_paths
from newsparse.check.select import Layer, SelectionError, Selector
from newsparse.diagnostics import CheckResult, Diagnostic

__all__ = [
    "CheckResult",
    "CheckSettings",
    "Diagnostic",
    "Layer",
    "SelectionError",
    "Selector",
    "check_paths",
]
