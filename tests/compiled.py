"""Which build of newsparse the tests run on: pure Python, or the optional mypyc build."""

from __future__ import annotations

import pytest

import newsparse.parser

#: True under the optional mypyc build (NEWSPARSE_MYPYC=1), whose compiled modules call
#: each other directly: a test that monkeypatches a module global cannot reach them.
COMPILED = not newsparse.parser.__file__.endswith(".py")

interpreted_only = pytest.mark.skipif(
    COMPILED, reason="monkeypatches a module global, which compiled code does not look up"
)
