"""Generated dump archives for the stats and filter tests: dates across years with
gaps, times with and without zones, hosts and their subdomains, repeated URLs and
bodies, blank bodies, failed records and a stray non-dump file.

Import as ``from archives import make_archive``. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from pathlib import Path

HOSTS = (
    "example.com",
    "news.example.com",
    "www.example.com",
    "bbc.co.uk",
    "notbbc.co.uk",
    "world.bbc.co.uk",
    "sputnikglobe.com",
)
WORDS = (
    "grain",
    "port",
    "minister",
    "talks",
    "river",
    "market",
    "storm",
    "court",
    "vote",
    "rail",
    "harbour",
    "budget",
)


def _date(rng: random.Random) -> str:
    year = rng.choice((1998, 1999, 2003, 2004, 2004, 2025, 2026))  # decades, with gaps
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    kind = rng.random()
    if kind < 0.6:
        return f"{year}-{month:02d}-{day:02d}"
    hour, minute = rng.randint(0, 23), rng.randint(0, 59)
    if kind < 0.75:
        return f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00"
    zone = rng.choice(("Z", "+02:00", "-05:00", "+14:00", "-11:00"))
    return f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00{zone}"


def _body(rng: random.Random) -> str:
    if rng.random() < 0.05:
        return ""
    paragraphs = []
    for _ in range(rng.randint(1, 4)):
        paragraphs.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 60))) + ".")
    return "\n\n".join(paragraphs)


def make_archive(root: Path, seed: int = 1, files: int = 12) -> Path:
    """Write ``files`` dump files (some gzip-free, some with several records) under ``root``."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    urls: list[str] = []
    bodies: list[str] = []
    for number in range(files):
        records = []
        for _ in range(rng.randint(1, 6)):
            roll = rng.random()
            if urls and roll < 0.1:
                url = rng.choice(urls)  # the same URL again
            else:
                host = rng.choice(HOSTS)
                url = f"https://{host}/story-{rng.randint(1, 10**6)}.html"
                if rng.random() < 0.1:
                    url += "?utm_source=feed"  # the same normalized URL as without
                urls.append(url.split("?")[0])
            body = rng.choice(bodies) if bodies and rng.random() < 0.1 else _body(rng)
            bodies.append(body)
            if rng.random() < 0.05:
                records.append(f" date 2026-02-30 {url}\n\nBroken Date Headline\n\nA body.\n")
                continue
            lead = ""
            if rng.random() < 0.5:
                lead = "A lead paragraph that is long enough to count as a lead here.\n\n"
            image = "https://img.example.com/a.jpg\n\n" if rng.random() < 0.4 else ""
            headline = f"Headline {number} {rng.choice(WORDS).title()} Story"
            records.append(f" date {_date(rng)} {url}\n\n{headline}\n\n{lead}{image}{body}\n")
        folder = root / f"part{number % 3}"
        folder.mkdir(exist_ok=True)
        (folder / f"dump{number:03d}.txt").write_text("\n".join(records), encoding="utf-8")
    (root / "notes.html").write_text("<html><body>Not a dump.</body></html>\n")
    return root
