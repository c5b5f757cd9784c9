"""fmt is idempotent and keeps every article, over generated dumps and over samples/."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES
from hypothesis import HealthCheck, given, settings
from strategies import dump_files, dump_texts, records

import newsparse
from newsparse.errors import InputError
from newsparse.formatter import comparable, compress, format_bytes, format_text

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FILE_SETTINGS = settings(SETTINGS, max_examples=50)

Parsed = tuple[list[dict[str, Any]], list[tuple[str, str]]]


def fmt(text: str) -> str:
    result = format_text(text)
    return text if result.text is None else result.text


def parsed_text(text: str) -> Parsed:
    articles = newsparse.loads(text)
    return (
        [comparable(a) for a in articles],
        [(f.finding.code, f.finding.message) for f in articles.failures],
    )


def parsed_bytes(data: bytes) -> Parsed:
    try:
        articles = newsparse.load(io.BytesIO(data))
    except InputError as exc:
        return [], [(exc.finding.code, exc.finding.message)]
    return (
        [comparable(a) for a in articles],
        [(f.finding.code, f.finding.message) for f in articles.failures],
    )


def formatted_file(data: bytes, name: str) -> bytes:
    """The file's bytes after fmt: canonical and recompressed, or as they were."""
    result = format_bytes(data, name)
    return data if result.output is None else compress(result.output, result.compression)


@SETTINGS
@given(records())
def test_fmt_idempotent_and_equivalent_over_generated_records(text: str) -> None:
    once = fmt(text)
    assert fmt(once) == once
    assert parsed_text(once) == parsed_text(text)


@FILE_SETTINGS
@given(dump_texts())
def test_fmt_idempotent_and_equivalent_over_generated_dumps(text: str) -> None:
    once = fmt(text)
    assert fmt(once) == once
    assert parsed_text(once) == parsed_text(text)


@FILE_SETTINGS
@given(dump_files())
def test_fmt_idempotent_and_equivalent_over_generated_files(file: tuple[str, bytes]) -> None:
    suffix, data = file
    once = formatted_file(data, "x" + suffix)
    assert formatted_file(once, "x" + suffix) == once
    assert parsed_bytes(once) == parsed_bytes(data)


def _samples() -> list[Path]:
    if not SAMPLES.is_dir():
        return []
    return sorted(
        path
        for path in SAMPLES.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.parts)
    )


@pytest.mark.parametrize("sample", _samples(), ids=lambda p: str(p.relative_to(SAMPLES)))
def test_fmt_idempotent_and_equivalent_over_samples(sample: Path) -> None:
    data = sample.read_bytes()
    once = formatted_file(data, sample.name)
    assert formatted_file(once, sample.name) == once
    assert parsed_bytes(once) == parsed_bytes(data)


def test_fmt_samples_are_found() -> None:
    assert any(path.name == "000_0833b96511dd5aaf.txt" for path in _samples())
