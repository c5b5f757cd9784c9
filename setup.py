"""The build, with one switch: ``NEWSPARSE_MYPYC=1`` compiles the hot modules with mypyc.

``pip install .`` builds pure Python and needs no compiler. With the switch,
``NEWSPARSE_MYPYC=1 pip install .`` compiles the modules listed below into C
extensions (the build backend in ``_build/`` then adds mypy to the build
requirements, and a C compiler is needed); the same ``.py`` files are installed
beside them, and the compiled ones are imported first. Everything else in
pyproject.toml applies to both builds.
"""

from __future__ import annotations

import os

from setuptools import setup

#: The modules compiled with NEWSPARSE_MYPYC=1: where parsing spends its time,
#: with no code that works only when interpreted.
MYPYC_MODULES = [
    "newsparse/model.py",
    "newsparse/normalize.py",
    "newsparse/dates.py",
    "newsparse/urls.py",
    "newsparse/splitter.py",
    "newsparse/parser.py",
    "newsparse/reader.py",
    # Split out of reader.py; compiled as they were there.
    "newsparse/compression.py",
    "newsparse/encoding.py",
    "newsparse/walk.py",
]


def _ext_modules() -> list[object]:
    if os.environ.get("NEWSPARSE_MYPYC", "0") != "1":
        return []
    from mypyc.build import mypycify

    level = os.environ.get("NEWSPARSE_MYPYC_OPT_LEVEL", "3")
    return list(mypycify(MYPYC_MODULES, opt_level=level))


setup(ext_modules=_ext_modules())
