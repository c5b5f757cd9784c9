"""newsparse: turn raw news dump files into clean, normalized articles.

>>> import newsparse
>>> text = " date 2026-01-23 https://Example.com/a.html?utm_source=x\\n\\nHello\\n\\nWorld."
>>> article = newsparse.loads(text)[0]
>>> article.url, article.date, article.body
('https://example.com/a.html', '2026-01-23', 'World.')
"""

from __future__ import annotations

from newsparse.api import Articles, dumps, load, loads, parse
from newsparse.errors import InputError, NewsparseError, ParseError
from newsparse.model import Article, Failure, Finding, Origin
from newsparse.pipeline import Options, parse_paths

__version__ = "0.1.0"

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
    "__version__",
    "dumps",
    "load",
    "loads",
    "parse",
    "parse_paths",
]
