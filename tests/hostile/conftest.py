"""Session fixtures for the hostile-input suite (builders are in support.py)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def zeros_gzip_member(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A gzip member of 1 GiB of zeros (about 1 MB), built once per session, streaming."""
    path = tmp_path_factory.mktemp("bomb") / "zeros.gz-member"
    zeros = bytes(4 * 1024 * 1024)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        for _ in range(256):
            out.write(zeros)
    return path
