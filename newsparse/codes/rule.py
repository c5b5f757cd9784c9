"""What a rule is: a code, a name, a severity and its documentation.

The constants themselves live in the family modules of :mod:`newsparse.codes`;
each registers itself here when it is made, so that a rule sent to another
process (``parse -j``, ``convert -j``) comes back as the same object.
"""

from __future__ import annotations

from typing import Final, Literal

Severity = Literal["error", "warning"]

_REGISTERED: dict[str, Rule] = {}


class Rule:
    """One problem newsparse can report. A finding holds the rule it breaks.

    A plain class, not a dataclass: building a dataclass costs about half a
    millisecond of every start (see model.Finding). There is one object per
    code, so rules compare by identity.
    """

    __slots__ = ("bad", "code", "explanation", "good", "name", "severity", "summary")

    def __init__(
        self,
        code: str,
        name: str,
        severity: Severity,
        summary: str,
        explanation: str,
        bad: str,
        good: str,
    ) -> None:
        if code in _REGISTERED:
            raise ValueError(f"two rules with the code {code}")
        self.code: Final = code
        self.name: Final = name
        self.severity: Final[Severity] = severity
        self.summary: Final = summary
        self.explanation: Final = explanation
        self.bad: Final = bad
        self.good: Final = good
        _REGISTERED[code] = self

    def __repr__(self) -> str:
        return f"<Rule {self.code} {self.name}>"

    def __reduce__(self) -> tuple[object, tuple[str]]:
        # By code, not by value: a finding crosses between processes with a few bytes
        # for its rule rather than the whole explanation, and is the same object after.
        return (registered, (self.code,))


def registered(code: str) -> Rule:
    """The rule made with this code (``KeyError`` if there is none)."""
    return _REGISTERED[code]


def registered_rules() -> tuple[Rule, ...]:
    """Every rule made so far, in the order they were made."""
    return tuple(_REGISTERED.values())
