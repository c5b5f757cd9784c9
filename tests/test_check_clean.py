"""No false errors: real-looking clean articles in many languages and header variants."""

from __future__ import annotations

import bz2
import gzip
import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from newsparse.cli import cli

CLEAN = Path(__file__).parent / "check_cases" / "clean"

VARIANTS = {
    "tab-and-colon.txt": "\tDate: 2025-03-01T08:15:00+01:00 https://Example.COM/a/story.html"
    "?utm_source=feed&id=7\n\nRegional Trains Return\n\n"
    "Service resumed on Saturday morning.\n",
    "dotted-date.txt": "DATE 01.03.2025 //www.example.de/artikel/123.html\n\n"
    "Neue Brücke eröffnet\n\nDie Brücke wurde am Samstag\neröffnet und "
    "ist ab sofort befahrbar.\n",
    "named-month.txt": "date Mar 2, 2025 https://example.com/2025/03/02/story.html\n\n"
    "Theatre Stages <The Palace> Again\n\nThe play <The Palace> returns "
    "to the stage.\n\nDate night ideas for the weekend are on page 4.\n",
    "no-final-newline.txt": " date 2025-03-03 https://example.com/n.html\n\nA Headline\n\n"
    "Body without a final newline",
    "several-images.txt": " date 2025-03-04 https://example.com/i.html\n\nPhotos of the Day\n\n"
    "https://cdn.example.com/1.jpg\nhttps://cdn.example.com/2.png\n\n"
    "Captions follow.\n",
    "nbsp-and-abbrev.txt": " date 2025-03-05 https://example.com/u.html\n\n"
    "Talks Resume, U.S. Officials Say\n\nNegotiators\u00a0met again "
    "on Wednesday.\n",
}


def _check(folder: Path) -> tuple[int, list[dict[str, object]]]:
    """`newsparse check FOLDER` as JSON: (exit code, findings)."""
    result = CliRunner().invoke(cli, ["check", str(folder), "--output-format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    data: list[dict[str, object]] = json.loads(result.stdout)
    return result.exit_code, data


def _records(folder: Path) -> int:
    result = CliRunner().invoke(cli, ["parse", str(folder)])
    return len(result.stdout.splitlines())


def test_check_clean_multilingual_archive_has_no_findings() -> None:
    assert _check(CLEAN) == (0, [])
    languages = {p.stem.split("-")[0] for p in CLEAN.glob("*.txt")}
    assert {"de", "ru", "ko", "ja", "ar", "th", "fr", "en"} <= languages


def test_check_clean_variants_and_compression_have_no_errors(tmp_path: Path) -> None:
    for name, text in VARIANTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    for path in CLEAN.glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "ru.txt.gz").write_bytes(gzip.compress((CLEAN / "ru.txt").read_bytes()))
    (tmp_path / "ru.txt").unlink()
    (tmp_path / "ja.txt.bz2").write_bytes(bz2.compress((CLEAN / "ja.txt").read_bytes()))
    (tmp_path / "ja.txt").unlink()
    assert _check(tmp_path) == (0, [])
    assert _records(tmp_path) == 12 + len(VARIANTS)
