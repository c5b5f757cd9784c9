"""The archive-wide index: duplicates found by digest, memory independent of article size."""

from __future__ import annotations

import sys

from newsparse.check.archive import DuplicateIndex
from newsparse.model import Article, Origin


def article(url: str, body: str, line: int = 1) -> Article:
    return Article(
        url=url,
        original_url=url,
        date="2026-01-23",
        headline="H",
        lead=None,
        images=(),
        body=body,
        origin=Origin("a.txt", line),
    )


def _size(index: DuplicateIndex) -> int:
    """The bytes the index holds per article: its arrays and the set of URL digests."""
    arrays = (index._url_keys, index._body_keys, index._places)
    total = sum(a.itemsize * len(a) for a in arrays)
    total += sys.getsizeof(index._seen_urls) + sum(sys.getsizeof(k) for k in index._seen_urls)
    return total


def test_check_archive_memory_does_not_grow_with_body_size() -> None:
    small, large = DuplicateIndex(), DuplicateIndex()
    for n in range(2000):
        small.add(article(f"https://s.com/{n}.html", f"short {n}", n), "a.txt")
        large.add(article(f"https://s.com/{n}.html", f"long {n} " + "x" * 100_000, n), "a.txt")
    assert len(small) == len(large) == 2000
    assert _size(large) == _size(small)
    assert _size(large) < 2000 * 160  # bytes per article, whatever the body size


def test_check_archive_large_group_names_five_places_and_counts_the_rest() -> None:
    index = DuplicateIndex()
    for n in range(1, 10_001):
        index.add(article("https://s.com/same.html", f"body {n}", n), "a.txt")
    found = list(index.findings())
    assert len(found) == 10_000
    assert found[0].message == (
        "duplicate URL https://s.com/same.html: also at a.txt:2, a.txt:3, a.txt:4, a.txt:5, "
        "a.txt:6 and 9994 more"
    )


def test_check_archive_body_group_counts_only_other_urls() -> None:
    index = DuplicateIndex()
    for n in range(1, 8):
        index.add(article("https://s.com/1.html", "same", n), "a.txt")
    index.add(article("https://t.com/2.html", "same", 3), "b.txt")
    body = {(f.path, f.line): f.message for f in index.findings() if f.code == "NP502"}
    assert body[("b.txt", 3)] == (
        "same body as a.txt:1, a.txt:2, a.txt:3, a.txt:4, a.txt:5 and 2 more, under a different URL"
    )
    assert body[("a.txt", 4)] == "same body as b.txt:3, under a different URL"


def test_check_archive_no_duplicates_no_findings() -> None:
    index = DuplicateIndex()
    index.add(article("https://s.com/1.html", "one"), "a.txt")
    index.add(article("https://s.com/2.html", "two", 9), "a.txt")
    index.add(article("https://s.com/3.html", "", 12), "a.txt")
    index.add(article("https://s.com/4.html", "", 15), "a.txt")
    assert list(index.findings()) == []


def test_check_archive_same_url_and_body_is_one_duplicate_url() -> None:
    index = DuplicateIndex()
    index.add(article("https://s.com/1.html", "same"), "a.txt")
    index.add(article("https://s.com/1.html", "same", 7), "b.txt")
    found = [(f.code, f.path, f.line, f.message) for f in index.findings()]
    assert found == [
        ("NP501", "a.txt", 1, "duplicate URL https://s.com/1.html: also at b.txt:7"),
        ("NP501", "b.txt", 7, "duplicate URL https://s.com/1.html: also at a.txt:1"),
    ]


def test_check_archive_body_group_names_only_other_urls() -> None:
    index = DuplicateIndex()
    index.add(article("https://s.com/1.html", "same"), "a.txt")
    index.add(article("https://s.com/1.html", "same", 7), "a.txt")
    index.add(article("https://t.com/2.html", "same", 3), "b.txt")
    body = [(f.path, f.line, f.message) for f in index.findings() if f.code == "NP502"]
    assert body == [
        ("a.txt", 1, "same body as b.txt:3, under a different URL"),
        ("a.txt", 7, "same body as b.txt:3, under a different URL"),
        ("b.txt", 3, "same body as a.txt:1, a.txt:7, under a different URL"),
    ]
