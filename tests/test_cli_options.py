"""Unit tests for the shared CLI options."""

from __future__ import annotations

import click
import pytest

from newsparse.cli.options import Size


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("8M", 8 * 1024**2),
        ("512k", 512 * 1024),
        ("1000000", 1_000_000),
        ("1.5MiB", 1572864),
        ("2g", 2 * 1024**3),
        ("4KB", 4096),
    ],
)
def test_size_reads_units(text: str, size: int) -> None:
    assert Size().convert(text, None, None) == size


@pytest.mark.parametrize("text", ["lots", "", "12q", "100"])
def test_size_rejects_nonsense_and_tiny_sizes(text: str) -> None:
    with pytest.raises(click.BadParameter):
        Size().convert(text, None, None)
