"""What a rule is: a code, a name, a severity and its documentation.

The constants themselves live in the family modules of :mod:`newsparse.codes`;
each registers itself here when it is made, so that a rule sent to another
process (``parse -j``, ``convert -j``) comes back as the same object.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

_REGISTERED: dict[str, Rule] = {}


@dataclass(frozen=True, slots=True, repr=False)
class Rule:
    """One problem newsparse can report. A finding holds the rule it breaks."""

    code: str
    name: str
    severity: Severity
    summary: str
    explanation: str
    bad: str
    good: str

    def __post_init__(self) -> None:
        if self.code in _REGISTERED:
            raise ValueError(f"two rules with the code {self.code}")
        _REGISTERED[self.code] = self

    def __repr__(self) -> str:
        return f"<Rule {self.code} {self.name}>"

    def __reduce__(self) -> tuple[object, tuple[str]]:
        # By code, not by value: a finding crosses between processes with a few bytes
        # for its rule rather than the whole explanation, and is equal to the original.
        return (registered, (self.code,))


def registered(code: str) -> Rule:
    """The rule made with this code (``KeyError`` if there is none)."""
    return _REGISTERED[code]


def registered_rules() -> tuple[Rule, ...]:
    """Every rule made so far, in the order they were made."""
    return tuple(_REGISTERED.values())
