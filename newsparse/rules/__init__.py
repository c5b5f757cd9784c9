"""``newsparse check``: rule selection, configuration, archive-wide rules and baselines.

The parser's findings (NP1xx-NP4xx) come from :mod:`newsparse.pipeline`; this
package adds the archive-wide rules (NP5xx), decides which findings apply
where and at what severity, and holds them against a baseline.
"""

from __future__ import annotations

from newsparse.rules.diagnostic import Diagnostic
from newsparse.rules.runner import CheckResult, Settings, check_paths
from newsparse.rules.select import Layer, SelectionError, Selector

__all__ = [
    "CheckResult",
    "Diagnostic",
    "Layer",
    "SelectionError",
    "Selector",
    "Settings",
    "check_paths",
]
