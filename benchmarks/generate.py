"""Generate realistic raw dump corpora for benchmarks, deterministically.

The text comes from ``seed_text.txt`` (a few dozen paragraphs in eight languages,
written for this project). Each record has the dump layout: a header line with an
ISO date and a URL that repeats the date, a headline, a lead, usually an image
line, and a body that starts with the lead and goes on for 1-6 KB. A share of
records carries HTML remnants and entities; optionally a share of files is CRLF,
starts with a BOM, or is gzip-compressed.

Examples::

    # 20,000 articles in a folder tree, one to five records per file
    python3 benchmarks/generate.py benchmarks/corpus-20k --articles 20000

    # one ~1 GB file, streamed to disk (never held in memory)
    python3 benchmarks/generate.py benchmarks/corpus-1g/big.txt --single-file --size 1G

The same arguments and ``--seed`` always give the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

SEED_TEXT = Path(__file__).resolve().parent / "seed_text.txt"
FILES_PER_FOLDER = 1000

# Share of records per language: news archives are mostly English, the rest mixed.
LANGUAGE_WEIGHTS = {"en": 50, "de": 10, "ru": 10, "fr": 8, "es": 8, "ja": 5, "ko": 4, "ar": 5}

_HTML_WRAPPERS = (
    "<p>{}</p>",
    "{} <br>",
    '<div class="article-text">{}</div>',
    "<p><strong>{}</strong></p>",
)
# Bylines end each body, so that bodies are (all but) unique, as in a real archive.
_FIRST = (
    "Anna Jonas Maria Pavel Claire Diego Yuki Min-jun Layla Tom Sofia Ivan Lucas Emma Omar "
    "Hana Elena Marco Sara Ben"
).split()
_LAST = (
    "Keller Novak Moreau Garcia Sato Kim Haddad Brown Petrova Rossi Jensen Silva Weber "
    "Ivanova Dubois Lopez Tanaka Park Nasser Clark"
).split()
_RECENT = 64
_ENTITY_SWAPS = ((" and ", " &amp; "), ('"', "&quot;"), (" - ", " &#8211; "), (", ", ",&nbsp;"))


@dataclass
class Language:
    code: str
    site: str
    headlines: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


def load_seed(path: Path = SEED_TEXT) -> dict[str, Language]:
    """Read the seed text: ``@ lang site`` blocks of ``H`` headlines and ``P`` paragraphs."""
    languages: dict[str, Language] = {}
    current: Language | None = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, rest = line.partition(" ")
        if kind == "@":
            code, site = rest.split()
            current = languages.setdefault(code, Language(code, site))
        elif kind in ("H", "P") and current is not None:
            (current.headlines if kind == "H" else current.paragraphs).append(rest.strip())
        else:
            raise ValueError(f"{path}:{number}: cannot read seed line {line!r}")
    return languages


def _slug(headline: str) -> str:
    words = re.findall(r"[a-z0-9]+", headline.lower())
    return "-".join(words[:9]) or "article"


def _htmlify(rng: random.Random, paragraph: str) -> str:
    for old, new in rng.sample(_ENTITY_SWAPS, 2):
        paragraph = paragraph.replace(old, new, 1)
    return rng.choice(_HTML_WRAPPERS).format(paragraph)


class RecordMaker:
    """Makes one record's text at a time, from a seeded random generator."""

    def __init__(
        self,
        seed: int = 1,
        html_share: float = 0.1,
        body_size: tuple[int, int] = (1000, 6000),
        duplicate_share: float = 0.0,
    ) -> None:
        self.rng = random.Random(seed)
        self.languages = load_seed()
        self.codes = [c for c in LANGUAGE_WEIGHTS if c in self.languages]
        self.weights = [LANGUAGE_WEIGHTS[c] for c in self.codes]
        self.html_share = html_share
        self.body_size = body_size
        self.duplicate_share = duplicate_share
        self.recent: list[str] = []
        self.count = 0

    def record(self) -> str:
        """One record, ending with a newline. With ``duplicate_share``, that share of
        records repeats one of the last few records: the same article twice."""
        rng = self.rng
        if self.duplicate_share and self.recent and rng.random() < self.duplicate_share:
            return rng.choice(self.recent)
        text = self._new_record()
        if len(self.recent) < _RECENT:
            self.recent.append(text)
        else:
            self.recent[rng.randrange(_RECENT)] = text
        return text

    def _new_record(self) -> str:
        rng = self.rng
        self.count += 1
        lang = self.languages[rng.choices(self.codes, self.weights)[0]]
        year, month, day = rng.randint(2012, 2025), rng.randint(1, 12), rng.randint(1, 28)
        stamp = f"{year:04d}{month:02d}{day:02d}"
        if rng.random() < 0.15:
            date = (
                f"{year:04d}-{month:02d}-{day:02d}T{rng.randint(0, 23):02d}:"
                f"{rng.randint(0, 59):02d}:00+0{rng.randint(0, 3)}:00"
            )
        else:
            date = f"{year:04d}-{month:02d}-{day:02d}"
        headline = rng.choice(lang.headlines)
        if rng.random() < 0.5:
            longer = f"{headline}: {rng.choice(lang.headlines)}"
            limit = rng.randint(60, 110)
            if len(longer) > limit:
                longer = longer[:limit].rsplit(" ", 1)[0]
            headline = longer.rstrip(" :,.")
        article_id = 1_100_000_000 + self.count * 7919 % 100_000_000
        url = f"https://{lang.site}/{stamp}/{_slug(headline)}-{article_id}.html"
        if rng.random() < 0.05:
            url += "?utm_source=feed&utm_medium=rss"
        lead = rng.choice(lang.paragraphs)
        target = rng.randint(*self.body_size)
        body: list[str] = [lead]
        size = len(lead)
        while size < target:
            paragraph = rng.choice(lang.paragraphs)
            if paragraph == body[-1]:  # never the same paragraph twice in a row
                continue
            body.append(paragraph)
            size += len(paragraph) + 1
        byline = f"\u2014 {rng.choice(_FIRST)} {rng.choice(_LAST)}, {day:02d}.{month:02d}.{year}"
        body.append(f"{byline} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}")
        html = rng.random() < self.html_share
        if html:
            body = [_htmlify(rng, p) for p in body]
        # 40% like the real seed: the whole body on one long line.
        body_text = " ".join(body) if rng.random() < 0.4 else "\n\n".join(body)
        parts = [f" date {date} {url}", headline, lead]
        if rng.random() < 0.8:
            parts.append(
                f"https://cdn.{lang.site}/img/{year}/{month:02d}/{article_id}_0:0:1920:1080_"
                f"{rng.getrandbits(64):016x}.jpg"
            )
        parts.append(body_text)
        return "\n\n".join(parts) + "\n"

    def file_text(self, records: int) -> str:
        return "\n".join(self.record() for _ in range(records))


@dataclass
class Shares:
    """Shares of files (0..1) written with CRLF, a UTF-8 BOM, or gzip compression."""

    crlf: float = 0.0
    bom: float = 0.0
    gz: float = 0.0


def _encode(text: str, rng: random.Random, shares: Shares) -> tuple[bytes, bool]:
    if shares.crlf and rng.random() < shares.crlf:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if shares.bom and rng.random() < shares.bom:
        data = b"\xef\xbb\xbf" + data
    compress = bool(shares.gz) and rng.random() < shares.gz
    return data, compress


def records_per_file(rng: random.Random, max_per_file: int) -> int:
    """Most files hold one record; the rest hold two to ``max_per_file``."""
    if max_per_file <= 1 or rng.random() < 0.7:
        return 1
    return rng.randint(2, max_per_file)


def write_tree(
    out: Path,
    articles: int,
    *,
    seed: int = 1,
    max_per_file: int = 5,
    per_file: int = 0,
    html_share: float = 0.1,
    shares: Shares | None = None,
    body_size: tuple[int, int] = (1000, 6000),
    duplicate_share: float = 0.0,
) -> tuple[int, int]:
    """Write ``articles`` records into files under ``out``; return (files, bytes).
    ``per_file`` fixes the number of records per file (else 1..``max_per_file``)."""
    shares = shares or Shares()
    maker = RecordMaker(seed, html_share, body_size, duplicate_share)
    layout = random.Random(seed + 1)
    written = files = total = 0
    while written < articles:
        wanted = per_file or records_per_file(layout, max_per_file)
        count = min(wanted, articles - written)
        data, compress = _encode(maker.file_text(count), layout, shares)
        folder = out / f"{files // FILES_PER_FOLDER:04d}"
        if files % FILES_PER_FOLDER == 0:
            folder.mkdir(parents=True, exist_ok=True)
        name = f"{files:07d}_{count}.txt"
        if compress:
            data = gzip.compress(data, mtime=0)
            name += ".gz"
        (folder / name).write_bytes(data)
        written += count
        files += 1
        total += len(data)
    return files, total


def write_single(
    path: Path,
    *,
    size: int | None = None,
    articles: int | None = None,
    seed: int = 1,
    html_share: float = 0.1,
    body_size: tuple[int, int] = (1000, 6000),
    duplicate_share: float = 0.0,
) -> tuple[int, int]:
    """Stream records into one file until ``size`` bytes or ``articles`` records;
    return (records, bytes). Memory stays flat: one record is held at a time."""
    if size is None and articles is None:
        raise ValueError("give a size or a number of articles")
    maker = RecordMaker(seed, html_share, body_size, duplicate_share)
    path.parent.mkdir(parents=True, exist_ok=True)
    count = total = 0
    with open(path, "wb") as handle:
        for data in _records_bytes(maker):
            if (size is not None and total >= size) or (articles is not None and count >= articles):
                break
            total += _write(handle, data if count == 0 else b"\n" + data)
            count += 1
    return count, total


def _records_bytes(maker: RecordMaker) -> Iterator[bytes]:
    while True:
        yield maker.record().encode("utf-8")


def _write(handle: BinaryIO, data: bytes) -> int:
    handle.write(data)
    return len(data)


def parse_size(text: str) -> int:
    """``500M``, ``1G``, ``50MB`` or a plain number of bytes."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([kmg]?)b?", text.strip().lower())
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (try 50M or 1G)")
    factor = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[m[2]]
    return int(float(m[1]) * factor)


def _range(text: str) -> tuple[int, int]:
    low, sep, high = text.partition(":")
    if not sep or not low.isdigit() or not high.isdigit() or int(low) > int(high):
        raise argparse.ArgumentTypeError(f"not a range: {text!r} (try 1000:6000)")
    return int(low), int(high)


def _share(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"a share is between 0 and 1, not {text}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Generate a realistic dump corpus (deterministic for a given --seed)."
    )
    parser.add_argument("out", type=Path, help="output folder (or file with --single-file)")
    parser.add_argument("--articles", type=int, help="number of records to write")
    parser.add_argument("--size", type=parse_size, help="with --single-file: stop at this size")
    parser.add_argument("--single-file", action="store_true", help="write one big dump file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--max-per-file",
        type=int,
        default=5,
        help="records per file: 70%% one, else 2..N (default 5)",
    )
    parser.add_argument(
        "--per-file",
        type=int,
        default=0,
        help="exactly this many records per file (overrides --max-per-file)",
    )
    parser.add_argument(
        "--body-size",
        type=_range,
        default=(1000, 6000),
        help="body length range in characters (default 1000:6000)",
    )
    parser.add_argument(
        "--html-share",
        type=_share,
        default=0.1,
        help="share of records with HTML remnants and entities (default 0.1)",
    )
    parser.add_argument(
        "--duplicate-share",
        type=_share,
        default=0.0,
        help="share of records that repeat a recent record (default 0)",
    )
    parser.add_argument("--crlf-share", type=_share, default=0.0, help="share of CRLF files")
    parser.add_argument("--bom-share", type=_share, default=0.0, help="share of files with a BOM")
    parser.add_argument("--gz-share", type=_share, default=0.0, help="share of .gz files")
    args = parser.parse_args(argv)
    if args.single_file:
        if args.articles is None and args.size is None:
            parser.error("--single-file needs --size or --articles")
        count, total = write_single(
            args.out,
            size=args.size,
            articles=args.articles,
            seed=args.seed,
            html_share=args.html_share,
            body_size=args.body_size,
            duplicate_share=args.duplicate_share,
        )
        print(f"{args.out}: {count} records, {total / 1e6:.1f} MB", file=sys.stderr)
        return 0
    if args.articles is None:
        parser.error("give --articles")
    shares = Shares(args.crlf_share, args.bom_share, args.gz_share)
    files, total = write_tree(
        args.out,
        args.articles,
        seed=args.seed,
        max_per_file=args.max_per_file,
        per_file=args.per_file,
        html_share=args.html_share,
        shares=shares,
        body_size=args.body_size,
        duplicate_share=args.duplicate_share,
    )
    print(
        f"{args.out}: {args.articles} records in {files} files, {total / 1e6:.1f} MB",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    os.umask(0o022)
    sys.exit(main())
