"""Compressed bytes in; the bytes they hold out: gzip, bzip2 and xz, told apart by their
first bytes, not by the file's name."""

from __future__ import annotations

import io
import os
from typing import BinaryIO

#: The compression a file name's extension promises.
COMPRESSION_OF_EXTENSION = {".gz": "gzip", ".bz2": "bzip2", ".xz": "xz"}
_MAGIC = {b"\x1f\x8b": "gzip", b"BZh": "bzip2", b"\xfd7zXZ\x00": "xz"}


def compression_of(head: bytes, path: str) -> str | None:
    """The compression of a file from its first bytes ("gzip", "bzip2", "xz" or None).

    Content decides, not the name; only an empty file is taken at its name's word.
    """
    for magic, kind in _MAGIC.items():
        if head.startswith(magic):
            return kind
    if not head:
        return COMPRESSION_OF_EXTENSION.get(os.path.splitext(path)[1].lower())
    return None


class Prefixed(io.RawIOBase):
    """A raw stream that serves already-read bytes, then the rest of a stream."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head.nbytes:
            n = min(len(buffer), self._head.nbytes)
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class XZStreams(io.RawIOBase):
    """The decompressed bytes of an .xz file: one or more streams, each optionally
    followed by stream padding (NUL bytes, a multiple of four), as ``xz -t`` accepts.

    lzma.LZMAFile reads concatenated streams but takes padding for a truncated stream,
    which cost a valid file its last record.
    """

    _CHUNK = 64 * 1024

    def __init__(self, raw: BinaryIO) -> None:
        import lzma

        self._lzma = lzma
        self._raw = raw
        self._decoder = lzma.LZMADecompressor()
        self._input = b""
        self._started = False  # has the current stream had any input?
        self._between = False  # has a stream ended, with padding or another stream to come?
        self._padding = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while True:
            if self._between:
                data = self._input or self._raw.read(self._CHUNK)
                self._input = b""
                if not data:
                    if self._padding % 4:
                        raise self._lzma.LZMAError("stream padding is not a multiple of 4 bytes")
                    return 0
                stripped = data.lstrip(b"\0")
                self._padding += len(data) - len(stripped)
                if not stripped:
                    continue
                if self._padding % 4:
                    raise self._lzma.LZMAError("stream padding is not a multiple of 4 bytes")
                self._between, self._padding = False, 0
                self._decoder = self._lzma.LZMADecompressor()
                self._input, self._started = stripped, False
            if self._decoder.needs_input:
                data = self._input or self._raw.read(self._CHUNK)
                self._input = b""
                if not data:
                    if not self._started:
                        return 0  # an empty file
                    raise EOFError(
                        "Compressed file ended before the end-of-stream marker was reached"
                    )
                self._started = True
            else:
                data = b""
            out = self._decoder.decompress(data, max_length=len(buffer))
            if self._decoder.eof:
                self._input = self._decoder.unused_data
                self._between = True
            if out:
                buffer[: len(out)] = out
                return len(out)
