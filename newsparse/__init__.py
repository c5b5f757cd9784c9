"""newsparse: turn raw news dump files into clean, normalized articles.

>>> import newsparse
>>> text = " date 2026-01-23 https://Example.com/a.html?utm_source=x\\n\\nHello\\n\\nWorld."
>>> article = newsparse.loads(text)[0]
>>> article.url, article.date, article.body
('https://example.com/a.html', '2026-01-23', 'World.')
"""

from __future__ import annotations

import time as _time
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: When this process began to use newsparse; worker processes forked from it inherit
#: it. A temporary file last modified before it belongs to an earlier run
#: (newsparse.atomic cleans those up), which a time taken at a lazy import would not say.
STARTED = _time.time()

# The public API is imported on first use (PEP 562), so that `newsparse --version`
# and `--help`, which import this package for its version, load none of it.
_PUBLIC = {
    "Article": "newsparse.model",
    "Failure": "newsparse.model",
    "Finding": "newsparse.model",
    "Origin": "newsparse.model",
    "Articles": "newsparse.api",
    "dumps": "newsparse.api",
    "load": "newsparse.api",
    "loads": "newsparse.api",
    "parse": "newsparse.api",
    "parse_stream": "newsparse.api",
    "InputError": "newsparse.errors",
    "NewsparseError": "newsparse.errors",
    "ParseError": "newsparse.errors",
    "RunError": "newsparse.errors",
    "Options": "newsparse.pipeline",
    "parse_paths": "newsparse.pipeline",
}

if TYPE_CHECKING:
    from newsparse.api import Articles, dumps, load, loads, parse, parse_stream
    from newsparse.errors import InputError, NewsparseError, ParseError, RunError
    from newsparse.model import Article, Failure, Finding, Origin
    from newsparse.pipeline import Options, parse_paths


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'newsparse' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])


__all__ = [
    "Article",
    "Articles",
    "Failure",
    "Finding",
    "InputError",
    "NewsparseError",
    "Options",
    "Origin",
    "ParseError",
    "RunError",
    "__version__",
    "dumps",
    "load",
    "loads",
    "parse",
    "parse_paths",
    "parse_stream",
]
