"""Archive-wide rules: the same URL twice (NP501), the same body under other URLs (NP502).

Memory stays proportional to the number of articles, not their size: per
article only 16-byte digests of the URL and the body are kept, with the
place (path, line). The URL text is kept only for URLs seen twice, to name it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from newsparse.model import Article
from newsparse.rules.diagnostic import digest

Place = tuple[str, int]


@dataclass(frozen=True, slots=True)
class ArchiveFinding:
    """A finding of an archive-wide rule, with the key it is about (for fingerprints)."""

    code: str
    path: str
    line: int
    message: str
    key: str


class DuplicateIndex:
    """Collects digests while articles stream past; ``findings()`` at the end."""

    def __init__(self) -> None:
        # digest -> first place, or the list of every place once seen twice
        self._urls: dict[bytes, Place | list[Place]] = {}
        self._url_text: dict[bytes, str] = {}
        # body digest -> (url digest, place), or the list of them once seen twice
        self._bodies: dict[bytes, tuple[bytes, Place] | list[tuple[bytes, Place]]] = {}

    def __len__(self) -> int:
        return len(self._urls)

    def add(self, article: Article, path: str) -> None:
        """Record an article found in ``path`` (the path as it is to be shown)."""
        place = (path, article.origin.line)
        url_key = digest(article.url)
        seen = self._urls.get(url_key)
        if seen is None:
            self._urls[url_key] = place
        else:
            if isinstance(seen, tuple):
                seen = self._urls[url_key] = [seen]
                self._url_text[url_key] = article.url
            seen.append(place)
        if not article.body.strip():
            return
        body_key = digest(article.body)
        entry = (url_key, place)
        same = self._bodies.get(body_key)
        if same is None:
            self._bodies[body_key] = entry
        elif isinstance(same, tuple):
            self._bodies[body_key] = [same, entry]
        else:
            same.append(entry)

    def findings(self) -> Iterator[ArchiveFinding]:
        """One finding per place involved in a duplicate, naming every other place."""
        for url_key, url in self._url_text.items():
            places = self._urls[url_key]
            assert isinstance(places, list)
            for place in places:
                others = _places(p for p in places if p is not place)
                yield ArchiveFinding(
                    "NP501", place[0], place[1],
                    f"duplicate URL {url}: also at {others}", url_key.hex(),
                )
        for body_key, group in self._bodies.items():
            if isinstance(group, tuple) or len({url for url, _ in group}) < 2:
                continue
            for url_key, place in group:
                others = _places(p for u, p in group if u != url_key)
                yield ArchiveFinding(
                    "NP502", place[0], place[1],
                    f"same body as {others}, under a different URL", body_key.hex(),
                )


def _places(places: Iterator[Place]) -> str:
    return ", ".join(f"{path}:{line}" for path, line in sorted(places))
