"""Session fixtures for the hostile-input suite (builders are in support.py)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # deflate, no name, mtime 0


@pytest.fixture(scope="session")
def zeros_gzip_member(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A gzip member of 1 GiB of zeros (about 1 MB), built once per session.

    Compressing the GiB takes 2.9 s of CPU. A full flush resets the compressor, so the
    deflate bytes of 4 MiB of zeros are the same each time: they are made once and
    written 256 times, then the empty last block and the trailer (0.25 s in all).
    """
    zeros = bytes(4 * 1024 * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(256):
        crc = zlib.crc32(zeros, crc)
    path = tmp_path_factory.mktemp("bomb") / "zeros.gz-member"
    with open(path, "wb") as out:
        out.write(_GZIP_HEADER)
        for _ in range(256):
            out.write(block)
        out.write(zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush(zlib.Z_FINISH))
        out.write(struct.pack("<II", crc, (256 * len(zeros)) & 0xFFFFFFFF))
    return path
