"""One file (or stdin) in; decoded, numbered lines out.

The reader only decodes: it undoes compression (newsparse.compression), detects
the encoding from the first 64 KiB (newsparse.encoding), and yields lines with
LF endings. What it sees on the way (a BOM, CRLF, a legacy encoding, invalid
bytes) becomes findings. Finding the files in folders is newsparse.walk's job.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import re
import sys
from collections.abc import Iterator
from typing import BinaryIO

from newsparse import codes
from newsparse.codes import (
    BINARY_FILE,
    BYTE_ORDER_MARK,
    CORRUPT_COMPRESSION,
    INVALID_BYTES,
    LINE_ENDINGS,
    NOT_UTF8,
    RECORD_TOO_LARGE,
)
from newsparse.compression import (
    COMPRESSION_OF_EXTENSION,
    Prefixed,
    XZStreams,
    compression_of,
)
from newsparse.display import SURROGATE
from newsparse.display import display_path as display_path  # convert and formatter use it
from newsparse.encoding import guess_legacy, is_binary, mostly_text, utf16_without_bom
from newsparse.errors import InputError
from newsparse.model import Finding

SAMPLE_SIZE = 64 * 1024
DEFAULT_MAX_RECORD = 8 * 1024 * 1024
#: The largest input read whole and split once (the fast path; see TextInput._whole_lines):
#: every input whose encoding sample is the whole of it. Measured in CPU time over text cut
#: from a generated corpus, reading a file costs 20/26/68/131/250 us line by line against
#: 12/14/45/80/158 us whole, at 1/4/16/32/64 KiB: 35-45% less at every size, 9 us per file
#: at the smallest. A larger bound would also gain (61% at 1 MiB) but needs a second read
#: and a way back to the general path after it; at 64 KiB the one read suffices, and
#: memory stays bounded. The generated 20,000-article corpus has no file over 64 KiB.
WHOLE_MAX = SAMPLE_SIZE - 1

_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"%PDF",
    b"PK\x03\x04",
    b"\x7fELF",
    b"RIFF",
    b"\x00\x00\x01\x00",
    b"OggS",
    b"ID3",
    b"7z\xbc\xaf",
)
_ESCAPE_ERRORS = "newsparse-escape"


def _escape_any_byte(exc: UnicodeError) -> tuple[str, int]:
    """Like surrogateescape, but for every undecodable byte, ASCII ones included (a
    dangling odd byte at the end of UTF-16): each becomes U+DC00 + byte, which
    ``lines()`` then reports and replaces with U+FFFD."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(chr(0xDC00 + byte) for byte in bad), exc.end


codecs.register_error(_ESCAPE_ERRORS, _escape_any_byte)


class TextInput:
    """One input, decoded. Use as a context manager; iterate ``lines()``.

    ``findings`` collects what was noticed about the file as a whole (encoding,
    BOM, line endings) and per line (invalid bytes). Opening raises InputError
    for files that cannot be read as text at all.
    """

    def __init__(
        self, path: str, *, max_line: int = DEFAULT_MAX_RECORD, stream: BinaryIO | None = None
    ) -> None:
        self.path = path
        self.name = display_path(path)
        self.max_line = max_line
        self._stream = stream
        self.findings: list[Finding] = []
        #: Numbers of the lines skipped for being over ``max_line`` (yielded as "").
        self.overlong: set[int] = set()
        self.encoding = "utf-8"
        self._raw: BinaryIO | None = None
        self._text: io.TextIOWrapper | None = None
        self._broken: BaseException | None = None
        #: False when the whole input was read as the sample and is valid UTF-8: then
        #: no line can hold an escaped byte, and lines are not scanned for them.
        self._may_hold_escapes = True
        self._sample_is_utf8 = False
        #: The sample, decoded, when it is valid UTF-8 on its own (_detect decodes it).
        self._sample_text: str | None = None
        #: Inputs up to this many bytes may take the fast path (0 turns it off).
        self.whole_max = WHOLE_MAX
        #: The lines of an input read whole (the fast path), else None.
        self._whole: list[str] | None = None
        #: "gzip", "bzip2" or "xz" when the input was compressed.
        self.compression: str | None = None
        #: What a read raises when compressed data is corrupt (zlib.error and
        #: lzma.LZMAError are not OSErrors).
        self._corrupt: tuple[type[Exception], ...] = (OSError, EOFError, ValueError)

    @classmethod
    def from_stream(cls, stream: BinaryIO, name: str, **kwargs: int) -> TextInput:
        """Read an already-open binary stream (it is not closed afterwards)."""
        return cls(name, stream=stream, **kwargs)

    def __enter__(self) -> TextInput:
        try:
            self._open()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._text is not None and self._raw is None:
            self._text.detach()  # leave a borrowed stream open
            self._text = None
        for stream in (self._text, self._raw):
            if stream is not None:
                with contextlib.suppress(OSError, EOFError, ValueError):
                    stream.close()
        self._text = None
        self._raw = None

    def _error(self, rule: codes.Rule, message: str, line: int = 1) -> InputError:
        return InputError(Finding(rule, message, self.name, line))

    def _open(self) -> None:
        if self._stream is not None or self.path == "-":
            raw: BinaryIO = self._stream or sys.stdin.buffer
            self._raw = None  # never close a stream we did not open
        else:
            try:
                raw = open(self.path, "rb")  # noqa: SIM115 - closed in close()
            except IsADirectoryError:
                raise self._error(BINARY_FILE, "is a directory, not a file") from None
            except OSError as exc:
                raise self._error(BINARY_FILE, f"cannot read: {exc.strerror or exc}") from None
            self._raw = raw
        stream = self._decompress(raw)
        sample = self._read_sample(stream)
        encoding = self._detect(sample)
        self.encoding = encoding
        self._whole = self._whole_lines(sample)
        if self._whole is not None:
            self._may_hold_escapes = False  # it is valid UTF-8 through and through
            return
        rest: BinaryIO = io.BytesIO() if self._broken else stream
        buffered = io.BufferedReader(Prefixed(sample, rest), buffer_size=SAMPLE_SIZE)
        # A sample shorter than SAMPLE_SIZE is the whole input (the read stopped at
        # its end, or at corrupt data, after which nothing more is read).
        if len(sample) < SAMPLE_SIZE and self._sample_is_utf8:
            self._may_hold_escapes = False
        self._text = io.TextIOWrapper(
            buffered, encoding=encoding, errors=_ESCAPE_ERRORS, newline=None
        )

    def _whole_lines(self, sample: bytes) -> list[str] | None:
        """The fast path: the lines of a small plain UTF-8 input, split once; or None.

        It takes only inputs on which the general path (a TextIOWrapper read line by
        line) finds nothing: the sample is the whole input, uncompressed, valid UTF-8
        without a BOM, with LF endings only (CR and CRLF are translated and reported
        there), and shorter than the line-size limit, so no line can be over it. Then
        ``str.split("\n")`` gives exactly the lines ``readline`` would, as a
        TextIOWrapper with universal newlines breaks lines at LF and CR only.
        A differential test (tests/test_reader_fast_path.py) holds the two to the
        same records and findings.
        """
        if (
            len(sample) >= SAMPLE_SIZE  # not known to be the whole input
            or len(sample) > self.whole_max
            or self.compression is not None
            or self._broken is not None
            or self.encoding != "utf-8"
            or not (self._sample_is_utf8 or not sample)  # an empty input is not checked
            or self.findings
        ):
            return None
        # Decoded once, by _detect: decoding it again took 13% of the time of reading
        # small files (96 against 83 ms for the 2,837 files of 5,000 articles).
        text = self._sample_text if self._sample_text is not None else ""
        if "\r" in text or len(text) >= self.max_line:
            return None
        lines = text.split("\n")
        if lines[-1] == "":  # the final line ending ends a line; it does not start one
            lines.pop()
        return lines

    def _read_sample(self, stream: BinaryIO) -> bytes:
        """The first SAMPLE_SIZE bytes, or as many as could be read before corrupt data."""
        read = getattr(stream, "read1", stream.read)
        chunks: list[bytes] = []
        size = 0
        while size < SAMPLE_SIZE:
            try:
                chunk = read(SAMPLE_SIZE - size)
            except self._corrupt as exc:
                self._broken = exc
                break
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)

    def _decompress(self, raw: BinaryIO) -> BinaryIO:
        ext = os.path.splitext(self.path)[1].lower()
        expected = COMPRESSION_OF_EXTENSION.get(ext)
        if hasattr(raw, "peek"):
            head = raw.peek(6)[:6]
        else:
            head = raw.read(6)
            raw = io.BufferedReader(Prefixed(head, raw))
        kind = compression_of(head, self.path)
        if expected and kind != expected:
            raise self._error(CORRUPT_COMPRESSION, f"not a {expected} file, despite its {ext} name")
        self.compression = kind
        if kind == "gzip":
            import gzip
            import zlib

            self._corrupt += (zlib.error,)
            return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
        if kind == "bzip2":
            import bz2

            return bz2.BZ2File(raw, mode="rb")  # type: ignore[return-value]
        if kind == "xz":
            import lzma

            self._corrupt += (lzma.LZMAError,)
            return io.BufferedReader(XZStreams(raw), buffer_size=SAMPLE_SIZE)
        return raw

    def _detect(self, sample: bytes) -> str:
        for bom, encoding in (
            (codecs.BOM_UTF32_LE, "utf-32"),
            (codecs.BOM_UTF32_BE, "utf-32"),
            (codecs.BOM_UTF8, "utf-8-sig"),
            (codecs.BOM_UTF16_LE, "utf-16"),
            (codecs.BOM_UTF16_BE, "utf-16"),
        ):
            if sample.startswith(bom):
                if encoding == "utf-8-sig":
                    self._note(BYTE_ORDER_MARK, "file starts with a UTF-8 byte-order mark")
                else:
                    self._note(NOT_UTF8, f"file is {encoding.upper()}, not UTF-8")
                return encoding
        if not sample:
            return "utf-8"
        if b"\x00" in sample:
            utf16 = utf16_without_bom(sample)
            if utf16 and mostly_text(sample, utf16):
                self._note(NOT_UTF8, f"file is {utf16.upper()} without a byte-order mark")
                return utf16
        if sample.startswith(_BINARY_MAGIC) or is_binary(sample):
            raise self._error(BINARY_FILE, "binary file, not a dump")
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            text = decoder.decode(sample, final=False)
            # Valid so far; it is valid on its own if no character was left unfinished.
            self._sample_is_utf8 = not decoder.getstate()[0]
            if self._sample_is_utf8:
                self._sample_text = text  # what sample.decode("utf-8") would give
            return "utf-8"
        except UnicodeDecodeError:
            pass
        text = sample.decode("utf-8", "surrogateescape")
        escaped = len(re.findall(SURROGATE, text))
        multibyte = sum(1 for c in text if ord(c) > 0x7F and not 0xDC80 <= ord(c) <= 0xDCFF)
        if multibyte > escaped:
            return "utf-8"  # mostly valid UTF-8: the bad bytes are reported line by line
        encoding = guess_legacy(sample)
        self._note(NOT_UTF8, f"file is not UTF-8; decoded as {encoding}")
        return encoding

    def _note(self, rule: codes.Rule, message: str, line: int = 1) -> None:
        self.findings.append(Finding(rule, message, self.name, line))

    def lines(self) -> Iterator[str]:
        """Yield the lines without their line endings, one per line of the file.

        An overlong line is yielded as the empty string (a NP209 finding is
        recorded), so that line numbers stay right and memory stays bounded.
        Raises InputError, with the line number, when compressed data turns out
        to be corrupt part-way.
        """
        if self._whole is not None:
            whole, self._whole = self._whole, None
            yield from whole
            return
        text = self._text
        assert text is not None, "lines() needs the input to be open"
        limit = self.max_line
        number = 0
        readline = text.readline
        scan = self._may_hold_escapes
        try:
            while True:
                line = readline(limit)
                if not line:
                    break
                number += 1
                if line[-1] == "\n":
                    line = line[:-1]
                elif len(line) >= limit:
                    while True:
                        rest = readline(limit)
                        if not rest or rest[-1] == "\n":
                            break
                    self._note(
                        RECORD_TOO_LARGE,
                        f"line is over the size limit of {limit} characters; skipped",
                        number,
                    )
                    self.overlong.add(number)
                    line = ""
                # A lone surrogate (Cs) is unprintable: most lines skip the search.
                if scan and not line.isprintable() and re.search(SURROGATE, line):
                    line = self._scrub(line, number)
                yield line
        except self._corrupt as exc:
            self._broken = exc
        if self._broken is not None:
            raise self._error(
                CORRUPT_COMPRESSION,
                f"corrupt compressed data: {_reason(self._broken)}; the rest of the file is lost",
                number + 1,
            )
        if text.newlines is not None and text.newlines != "\n":
            kinds = text.newlines if isinstance(text.newlines, tuple) else (text.newlines,)
            names = " and ".join(sorted({"\r\n": "CRLF", "\r": "CR", "\n": "LF"}[k] for k in kinds))
            self._note(LINE_ENDINGS, f"file uses {names} line endings")

    def _scrub(self, line: str, number: int) -> str:
        bad = re.findall(SURROGATE, line)
        shown = ", ".join(
            f"0x{ord(c) - 0xDC00:02x}" if 0xDC00 <= ord(c) <= 0xDCFF else f"U+{ord(c):04X}"
            for c in bad[:3]
        )
        self._note(
            INVALID_BYTES, f"invalid {self.encoding} bytes replaced with U+FFFD: {shown}", number
        )
        return re.sub(SURROGATE, "\ufffd", line)


def _reason(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
