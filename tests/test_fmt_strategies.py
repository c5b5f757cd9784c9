"""tests/strategies.py draws every variant that docs/format.md lists."""

from __future__ import annotations

import bz2
import gzip
import lzma
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, settings
from hypothesis.errors import NoSuchExample
from strategies import dump_files, dump_texts, headers, images, records


def _plain(file: tuple[str, bytes]) -> bytes:
    suffix, data = file
    opener = {".gz": gzip.decompress, ".bz2": bz2.decompress, ".xz": lzma.decompress}
    for ending, decompress in opener.items():
        if suffix.endswith(ending):
            return decompress(data)
    return data


COVERAGE: dict[str, tuple[str, Any]] = {
    "header without leading space": ("header", lambda h: h.startswith("d")),
    "header with a tab": ("header", lambda h: h.startswith("\t")),
    "Date: keyword": ("header", lambda h: "Date:" in h),
    "DATE keyword": ("header", lambda h: "DATE " in h),
    "date with time and zone": ("header", lambda h: "T" in h and "+" in h.split()[1]),
    "dotted date": ("header", lambda h: any(t.count(".") == 2 for t in h.split()[1:2])),
    "month-name date": ("header", lambda h: re.search(r"[A-Z][a-z]{2,8} \d", h) is not None),
    "scheme-relative URL": ("header", lambda h: " //" in h or "\t//" in h),
    "tracking parameter": ("header", lambda h: "utm_" in h or "fbclid" in h),
    "upper-case host": ("header", lambda h: ".COM" in h or ".ORG" in h),
    "impossible date": ("header", lambda h: any(d in h for d in ("2026-02-30", "31.04.2020"))),
    "URL that is not a URL": ("header", lambda h: "site.com/story.html" in h.split()[-1:]),
    "image line that is not a URL": ("image", lambda i: i.startswith("cdn.")),
    "truncated record": ("record", lambda r: "\n" not in r),
    "several images": ("record", lambda r: r.count("photo") + r.count("cdn") >= 2),
    "HTML tag": ("record", lambda r: "<p>" in r or "<br>" in r),
    "entity": ("record", lambda r: "&#8220;" in r or "&amp;" in r),
    "text like a tag": ("record", lambda r: "<The Palace>" in r),
    "mojibake": ("record", lambda r: "\u00e2\u20ac\u2122" in r or "\u00c3\u00a9" in r),
    "invisible characters": ("record", lambda r: any(c in r for c in "\u200b\u00ad\u2060")),
    "right-to-left script": ("record", lambda r: "الوزير" in r or "القاهرة" in r),
    "several records": ("text", lambda t: t.count("date") + t.count("Date") >= 3),
    "text before the first header": ("text", lambda t: t.startswith(("Exported", "Archive"))),
    "no final newline": ("text", lambda t: bool(t) and not t.endswith("\n")),
    "CRLF": ("file", lambda f: b"\r\n" in _plain(f)),
    "lone CR": ("file", lambda f: b"\r" in _plain(f) and b"\r\n" not in _plain(f)),
    "UTF-16": ("file", lambda f: _plain(f).startswith(b"\xff\xfe")),
    "UTF-8 BOM": ("file", lambda f: _plain(f).startswith(b"\xef\xbb\xbf")),
    "gzip": ("file", lambda f: f[0] == ".txt.gz"),
    "bzip2": ("file", lambda f: f[0] == ".txt.bz2"),
    "xz": ("file", lambda f: f[0] == ".txt.xz"),
    "binary junk": ("file", lambda f: f[0] == ".png"),
}


STRATEGIES: dict[str, Any] = {
    "header": headers(),
    "image": images(),
    "record": records(),
    "text": dump_texts(),
    "file": dump_files(),
}
# How many examples hypothesis may draw to find one variant. A fixed derandomized draw
# of 60-150 examples missed variants whenever the strategies or the hypothesis version
# changed; searching for each variant finds the common ones in a few draws and leaves
# room for the rare ones.
SEARCH = 2_000


@pytest.mark.parametrize(
    ("kind", "variant"), [(kind, name) for name, (kind, _) in COVERAGE.items()]
)
def test_strategies_cover_every_variant(kind: str, variant: str) -> None:
    hit = COVERAGE[variant][1]
    try:
        find(
            STRATEGIES[kind],
            hit,
            settings=settings(
                max_examples=SEARCH,
                database=None,
                derandomize=True,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                phases=[Phase.generate],
            ),
        )
    except NoSuchExample:
        pytest.fail(f"the {kind} strategy never draws the {variant!r} variant")
