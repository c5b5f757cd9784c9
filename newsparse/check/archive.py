"""Archive-wide rules: the same URL twice (NP501), the same body under other URLs (NP502).

Memory stays proportional to the number of articles, not their size, and small
per article: three 8-byte integers in arrays (a digest of the URL, a digest of
the body, and the place as a path number and a line), plus the URL digests seen
so far. URL text is kept only for URLs seen twice, to name them. Duplicate groups
are found at the end by sorting the digests.
"""

from __future__ import annotations

import hashlib
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from newsparse import codes
from newsparse.codes import Rule
from newsparse.model import Article

Place = tuple[str, int]

#: How many other places a duplicate finding names; the rest are counted.
SHOWN_PLACES = 5
EMPTY_BODY = _EMPTY = 0  # the body key of an empty body: never a duplicate


@dataclass(frozen=True, slots=True)
class ArchiveFinding:
    """A finding of an archive-wide rule, with the key it is about (for fingerprints)."""

    rule: Rule
    path: str
    line: int
    message: str
    key: str

    @property
    def code(self) -> str:
        return self.rule.code


def digest(text: str) -> int:
    """An 8-byte digest as an integer, never 0. At a million articles the chance of two
    different texts sharing one is about 3 in 100 million."""
    data = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(data, "little") | 1


class DuplicateIndex:
    """Collects digests while articles stream past; ``findings()`` at the end."""

    def __init__(self) -> None:
        self._paths: list[str] = []
        self._path_ids: dict[str, int] = {}
        self._url_keys = array("Q")
        self._body_keys = array("Q")
        self._places = array("Q")  # path number << 32 | line
        self._seen_urls: set[int] = set()
        self._url_text: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._url_keys)

    def add(self, article: Article, path: str) -> None:
        """Record an article found in ``path`` (the path as it is to be shown)."""
        number = self._path_ids.get(path)
        if number is None:
            number = self._path_ids[path] = len(self._paths)
            self._paths.append(path)
        key = url_key(article.url)
        if key in self._seen_urls:
            self._url_text.setdefault(key, article.url)
        else:
            self._seen_urls.add(key)
        self._url_keys.append(key)
        self._body_keys.append(body_key(article.body))
        self._places.append(number << 32 | min(article.origin.line, 0xFFFFFFFF))

    @property
    def distinct_urls(self) -> int:
        return len(self._seen_urls)

    def distinct_bodies(self) -> int:
        """How many different non-blank bodies were added."""
        return len(set(self._body_keys) - {_EMPTY})

    def nonblank_bodies(self) -> int:
        return len(self._body_keys) - self._body_keys.count(_EMPTY)

    def counts(self) -> dict[str, int]:
        """How many findings of each code ``findings()`` gives, without making them."""
        by_url = sum(len(group) for group in _groups(self._url_keys))
        by_body = sum(
            len(group)
            for group in _groups(self._body_keys)
            if len({self._url_keys[i] for i in group}) > 1
        )
        return {codes.DUPLICATE_URL.code: by_url, codes.DUPLICATE_BODY.code: by_body}

    def _place(self, index: int) -> Place:
        packed = self._places[index]
        return self._paths[packed >> 32], packed & 0xFFFFFFFF

    def findings(self) -> Iterator[ArchiveFinding]:
        """One finding per place involved in a duplicate, naming the other places.

        Each group costs O(n log n) however large it is: messages name at most
        SHOWN_PLACES places and count the rest.
        """
        for group in _groups(self._url_keys):
            key = self._url_keys[group[0]]
            yield from url_group_findings(self._url_text[key], key, [self._place(i) for i in group])
        for group in _groups(self._body_keys):
            yield from body_group_findings(
                self._body_keys[group[0]], [(self._place(i), self._url_keys[i]) for i in group]
            )


def url_key(url: str) -> int:
    """The digest the URL rule (NP501) groups articles by: equal URLs, equal keys."""
    return digest(url)


def body_key(body: str) -> int:
    """The digest the body rule (NP502) groups articles by; 0 for an empty body, which
    is never a duplicate."""
    return digest(body) if body.strip() else EMPTY_BODY


def url_group_findings(url: str, key: int, places: Iterable[Place]) -> Iterator[ArchiveFinding]:
    """A duplicate-URL finding (NP501) for every place of one URL seen more than once
    (``key`` is its url_key)."""
    ordered = sorted(places)
    for place in ordered:
        shown = _first((p for p in ordered if p != place), SHOWN_PLACES)
        others = _describe(shown, len(ordered) - 1)
        yield ArchiveFinding(
            codes.DUPLICATE_URL,
            place[0],
            place[1],
            f"duplicate URL {url}: also at {others}",
            f"{key:016x}",
        )


def body_group_findings(key: int, members: Iterable[tuple[Place, int]]) -> Iterator[ArchiveFinding]:
    """The duplicate-body findings (NP502) for one body digest (``key``), given each place
    that has it with its url_key: nothing unless the body is found under two URLs or more."""
    ordered = sorted(members)
    per_url = Counter(url for _, url in ordered)
    if len(per_url) < 2:
        return
    described: dict[int, str] = {}
    for place, url in ordered:
        if url not in described:  # once per URL: linear in the group overall
            shown = _first((p for p, u in ordered if u != url), SHOWN_PLACES)
            described[url] = _describe(shown, len(ordered) - per_url[url])
        yield ArchiveFinding(
            codes.DUPLICATE_BODY,
            place[0],
            place[1],
            f"same body as {described[url]}, under a different URL",
            f"{key:016x}",
        )


def _groups(keys: Sequence[int]) -> list[list[int]]:
    """The indices of every key that occurs more than once, grouped, in order of first
    occurrence (the empty key excepted)."""
    order = sorted(range(len(keys)), key=keys.__getitem__)
    groups = []
    start = 0
    while start < len(order):
        end = start + 1
        key = keys[order[start]]
        while end < len(order) and keys[order[end]] == key:
            end += 1
        if end - start > 1 and key != _EMPTY:
            groups.append(sorted(order[start:end]))
        start = end
    groups.sort(key=lambda group: group[0])
    return groups


def _first(places: Iterator[Place], count: int) -> list[Place]:
    return list(islice(places, count))


def _describe(shown: list[Place], total: int) -> str:
    """``a.txt:1, b.txt:7``, and ``and 12 more`` beyond the places shown."""
    text = ", ".join(f"{path}:{line}" for path, line in shown)
    return text + (f" and {total - len(shown)} more" if total > len(shown) else "")
