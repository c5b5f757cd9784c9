"""The byte streams under ``newsparse fmt``'s rewrite: the original read a second time
in step, each formatted byte compared with it as it is made, the output compressed as
the original was, and the formatted text read back once to see it parses the same.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from typing import IO, Any, BinaryIO

from newsparse.errors import InputError
from newsparse.reader import SAMPLE_SIZE, TextInput

#: Bytes copied at a time (the equal prefix, the original to stdout).
CHUNK = 1024 * 1024


class Positional(io.RawIOBase):
    """Reads a file descriptor with pread(2), from its own position: several readers
    can read one open file independently (and stdin, spooled, likewise)."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = os.pread(self._fd, len(buffer), self._position)
        buffer[: len(data)] = data
        self._position += len(data)
        return len(data)


class Sink:
    """Canonical text in, piece by piece; compared with the original's bytes as it
    comes. From the first difference on, the bytes go to the output that
    ``open_output`` gives (None: nowhere). Also checks that the text reads back
    as the lines it was made of (see ``ReadBack``)."""

    def __init__(
        self, original: BinaryIO, open_output: Callable[[int], IO[bytes] | None], max_line: int
    ) -> None:
        self._original = original
        self._open_output = open_output
        self._out: IO[bytes] | None = None
        self._same = True
        self._matched = 0
        self._read_back = ReadBack(max_line)

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self._read_back.feed(text, data)
        if self._same:
            if read_exactly(self._original, len(data)) == data:
                self._matched += len(data)
                return
            self._differ()
        if self._out is not None:
            self._out.write(data)

    def _differ(self) -> None:
        self._same = False
        self._out = self._open_output(self._matched)

    def finish(self) -> bool:
        """Whether the canonical bytes differ from the original; flushes the output."""
        if self._same and read_exactly(self._original, 1):
            self._differ()  # the original goes on after the canonical text ends
        if self._out is not None:
            self._out.flush()
            if isinstance(self._out, Compressed):
                self._out.close()  # writes the compressed stream's end
        return not self._same

    @property
    def reads_back(self) -> bool:
        return self._read_back.ok()


def read_exactly(stream: BinaryIO | IO[bytes], size: int) -> bytes:
    """``size`` bytes, or fewer only at the end; corrupt data reads as nothing more."""
    chunks: list[bytes] = []
    while size > 0:
        try:
            chunk = stream.read(size)
        except Exception:  # OSError, EOFError, zlib.error, LZMAError: corrupt data
            chunk = b""
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


class ReadBack:
    """Checks that the canonical bytes decode to exactly the lines meant.

    What the reader decides from a file's first 64 KiB (encoding, compression, a
    binary file) is checked by reading back that much output, in complete lines;
    after it, a line reads back as written unless it holds a carriage return (a
    line break to the reader) or is over the line size limit.
    """

    def __init__(self, max_line: int) -> None:
        self._max_line = max_line
        self._head: list[bytes] | None = []
        self._head_size = 0
        self._ok = True

    def feed(self, text: str, data: bytes) -> None:
        if self._head is not None:
            self._head.append(data)
            self._head_size += len(data)
            if self._head_size > SAMPLE_SIZE:
                self._check_head()
            return
        if self._ok and (
            "\r" in text or any(len(line) >= self._max_line for line in text.split("\n"))
        ):
            self._ok = False

    def _check_head(self) -> None:
        assert self._head is not None
        data = b"".join(self._head)
        self._head = None
        expected = data.decode("utf-8").split("\n")[:-1]
        try:
            with TextInput.from_stream(io.BytesIO(data), "-", max_line=self._max_line) as back:
                self._ok = list(back.lines()) == expected and back.encoding == "utf-8"
        except InputError:
            self._ok = False

    def ok(self) -> bool:
        if self._head is not None:
            self._check_head()
        return self._ok


class Compressed(io.BufferedIOBase):
    """Compresses into ``raw`` as it is written; :meth:`close` ends the compressed stream
    (and leaves ``raw`` open). The bytes are those of ``formatter.compress`` on the
    whole text: one-shot and incremental compressors make the same stream."""

    def __init__(self, raw: IO[bytes], compressor: Any) -> None:
        super().__init__()
        self._raw = raw
        self.compressor = compressor

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self._raw.write(self.compressor.compress(data))
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._raw.write(self.compressor.flush())
        super().close()


def compressor(raw: IO[bytes], kind: str | None) -> IO[bytes]:
    """A writer that compresses into ``raw`` as ``kind``, or ``raw`` itself."""
    if kind is None:
        return raw
    if kind == "gzip":
        import zlib

        # What gzip.compress(data, mtime=0) makes: level 9, a gzip header with mtime 0.
        compressor: Any = zlib.compressobj(9, zlib.DEFLATED, 31)
    elif kind == "bzip2":
        import bz2

        compressor = bz2.BZ2Compressor(9)
    else:
        import lzma

        compressor = lzma.LZMACompressor()
    return Compressed(raw, compressor)  # type: ignore[return-value]


def copy_bytes(source: BinaryIO | IO[bytes], out: IO[bytes], size: int | None = None) -> int:
    """Copy ``size`` bytes (or everything) from ``source`` to ``out``, in chunks; corrupt
    compressed data ends the copy early. Returns the number of bytes copied."""
    copied = 0
    while size is None or copied < size:
        chunk = read_exactly(source, CHUNK if size is None else min(CHUNK, size - copied))
        if not chunk:
            break
        out.write(chunk)
        copied += len(chunk)
    return copied
