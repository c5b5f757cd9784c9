"""benchmarks/generate.py makes realistic, deterministic corpora that newsparse parses."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

# Benchmark tooling, tested through fresh interpreters: `pytest -m slow` runs it.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
GENERATE = ROOT / "benchmarks" / "generate.py"
REFERENCE = ROOT / "benchmarks" / "reference.py"


def _generate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(GENERATE), *args], capture_output=True, text=True, timeout=60
    )


def _parse(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsparse", "parse", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "corpus"
    done = _generate(str(out), "--articles", "300", "--seed", "4")
    assert done.returncode == 0, done.stderr
    return out


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_benchmarks_generator_writes_the_requested_number_of_records(corpus: Path) -> None:
    files = _files(corpus)
    counts = [int(p.name.split("_")[1].split(".")[0]) for p in files]
    assert sum(counts) == 300
    assert counts.count(1) > len(counts) // 2  # mostly one record per file
    assert max(counts) > 1  # and some multi-record files


def test_benchmarks_generator_corpus_parses_without_failures(corpus: Path) -> None:
    done = _parse(str(corpus))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    articles = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(articles) == 300
    assert len({a["id"] for a in articles}) == 300
    assert all(a["headline"] and a["body"] for a in articles)
    # Without an image line, a lead is found only where the body repeats it word for
    # word; an HTML body does not, so a few articles have no lead.
    with_lead = [a for a in articles if a["lead"]]
    assert len(with_lead) > 0.8 * 300
    assert all(a["body"].startswith(a["lead"]) for a in with_lead)


def test_benchmarks_generator_text_is_realistic(corpus: Path) -> None:
    records = []
    for path in _files(corpus):
        text = path.read_text(encoding="utf-8")
        records.extend(text.split("\n date "))
    assert len(records) == 300
    html = sum(1 for r in records if "<p>" in r or "<br>" in r or "<div" in r or "&amp;" in r)
    assert 0.03 * 300 < html < 0.25 * 300
    assert sum(1 for r in records if not r.isascii()) > 0.2 * 300
    sizes = sorted(len(r.encode("utf-8")) for r in records)
    assert 1_000 < sizes[len(sizes) // 2] < 12_000


def test_benchmarks_generator_is_deterministic(tmp_path: Path, corpus: Path) -> None:
    again = tmp_path / "again"
    assert _generate(str(again), "--articles", "300", "--seed", "4").returncode == 0
    first = {p.relative_to(corpus): p.read_bytes() for p in _files(corpus)}
    second = {p.relative_to(again): p.read_bytes() for p in _files(again)}
    assert first == second
    other = tmp_path / "other"
    assert _generate(str(other), "--articles", "300", "--seed", "5").returncode == 0
    assert {p.relative_to(other): p.read_bytes() for p in _files(other)} != first


def test_benchmarks_generator_shares_give_crlf_bom_and_gzip(tmp_path: Path) -> None:
    out = tmp_path / "mixed"
    done = _generate(
        str(out),
        "--articles",
        "200",
        "--crlf-share",
        "0.3",
        "--bom-share",
        "0.3",
        "--gz-share",
        "0.3",
        "--html-share",
        "0",
    )
    assert done.returncode == 0, done.stderr
    files = _files(out)
    raw = [gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes() for p in files]
    assert any(p.suffix == ".gz" for p in files)
    assert any(b"\r\n" in data for data in raw)
    assert any(data.startswith(b"\xef\xbb\xbf") for data in raw)
    parsed = _parse(str(out))
    assert len(parsed.stdout.splitlines()) == 200


def test_benchmarks_generator_single_file_stops_at_the_size(tmp_path: Path) -> None:
    path = tmp_path / "big" / "one.txt"
    done = _generate(str(path), "--single-file", "--size", "1M")
    assert done.returncode == 0, done.stderr
    size = path.stat().st_size
    assert 1024 * 1024 <= size < 1024 * 1024 + 20_000
    records = int(done.stderr.split(": ")[1].split()[0])
    parsed = _parse(str(path))
    assert parsed.returncode == 0, parsed.stderr
    assert len(parsed.stdout.splitlines()) == records


def test_benchmarks_generator_rejects_bad_arguments(tmp_path: Path) -> None:
    done = _generate(str(tmp_path / "x"), "--single-file")
    assert done.returncode == 2
    assert "--single-file needs --size or --articles" in done.stderr
    done = _generate(str(tmp_path / "x"), "--articles", "5", "--html-share", "2")
    assert done.returncode == 2
    assert "a share is between 0 and 1, not 2" in done.stderr


def test_benchmarks_reference_writes_one_object_per_record(corpus: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(REFERENCE), str(corpus)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(rows) == 300
    assert all(r["url"].startswith("https://") and r["headline"] for r in rows)


def test_benchmarks_generator_duplicate_share_repeats_whole_articles(tmp_path: Path) -> None:
    out = tmp_path / "dups"
    assert (
        _generate(
            str(out), "--articles", "400", "--duplicate-share", "0.1", "--seed", "9"
        ).returncode
        == 0
    )
    ids = [json.loads(line)["id"] for line in _parse(str(out)).stdout.splitlines()]
    assert len(ids) == 400
    assert 15 < len(ids) - len(set(ids)) < 80


def test_benchmarks_generator_bodies_are_unique_without_duplicates(corpus: Path) -> None:
    bodies = [json.loads(line)["body"] for line in _parse(str(corpus)).stdout.splitlines()]
    assert len(set(bodies)) == len(bodies) == 300
