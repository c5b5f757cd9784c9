"""Shared fixtures. The suite runs with sockets disabled (see pyproject addopts)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture
def seed_text() -> str:
    return (SAMPLES / "000_0833b96511dd5aaf.txt").read_text(encoding="utf-8")
