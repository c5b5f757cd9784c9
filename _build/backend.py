"""setuptools' build backend, plus mypy in the build requirements when NEWSPARSE_MYPYC=1.

Only the requirements change: everything else is setuptools.build_meta's own.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403  (the rest of the backend, as it is)

# mypyc type-checks what it compiles, with pyproject.toml's [tool.mypy]: it needs
# the stubs of the libraries those modules import (orjson ships its own).
_MYPYC = ["mypy>=1.10", "types-python-dateutil", "types-PyYAML", "orjson>=3.8"]


def _requires(hook: Callable[..., list[str]], config_settings: object) -> list[str]:
    """setuptools' requirements, plus mypy for the compiled build. setuptools runs
    setup.py to find its own: that run must not compile, as mypy is not there yet."""
    wanted = os.environ.get("NEWSPARSE_MYPYC", "0")
    os.environ["NEWSPARSE_MYPYC"] = "0"
    try:
        requires = hook(config_settings)
    finally:
        os.environ["NEWSPARSE_MYPYC"] = wanted
    return [*requires, *(_MYPYC if wanted == "1" else [])]


def get_requires_for_build_wheel(config_settings: dict[str, object] | None = None) -> list[str]:
    return _requires(_setuptools.get_requires_for_build_wheel, config_settings)


def get_requires_for_build_editable(
    config_settings: dict[str, object] | None = None,
) -> list[str]:
    return _requires(_setuptools.get_requires_for_build_editable, config_settings)
