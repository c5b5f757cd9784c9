"""Paths, folders and stdin in; decoded, numbered lines out.

The reader only decodes: it finds the files, undoes compression, detects the
encoding from the first 64 KiB, and yields lines with LF endings. What it sees
on the way (a BOM, CRLF, a legacy encoding, invalid bytes) becomes findings.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
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
from newsparse.display import display_path as display_path  # convert and formatter use it
from newsparse.errors import InputError
from newsparse.model import Failure, Finding

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

_ESCAPED = re.compile(r"[\ud800-\udfff]")  # escaped: mypyc cannot compile a lone surrogate
_BINARY_MAGIC = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x7fELF", b"RIFF",
    b"\x00\x00\x01\x00", b"OggS", b"ID3", b"7z\xbc\xaf",
)
_COMPRESSION = {".gz": "gzip", ".bz2": "bzip2", ".xz": "xz"}
_MAGIC = {b"\x1f\x8b": "gzip", b"BZh": "bzip2", b"\xfd7zXZ\x00": "xz"}
_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32))
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


def _failure(path: str, rule: codes.Rule, message: str, line: int = 1) -> Failure:
    return Failure(Finding(rule, message, display_path(path), line), "file")


def iter_paths(
    paths: Iterable[str],
    *,
    skip_folder: str | None = None,
    exclude: Iterable[str] = (),
    include: Iterable[str] = (),
) -> Iterator[str | Failure]:
    """Expand paths into the files to read, in a deterministic order.

    Files are yielded as given (``-`` is stdin). Folders are walked recursively in
    sorted order, skipping hidden entries, entries whose name or path relative to
    the folder matches an ``exclude`` glob, and ``skip_folder`` (an output folder
    inside the input). Symbolic links are followed, but no folder is walked
    twice, so a link loop ends. Entries in a folder that are not regular files,
    and paths that cannot be read, are yielded as failures. With ``include``
    globs, a file in a folder is read only when its name or relative path matches
    one (folders are still walked); files given by name are always read.
    """
    excluded = _identity(skip_folder) if skip_folder else None
    patterns = tuple(exclude)
    for path in paths:
        if path == "-":
            yield path
            continue
        info = _stat(path)
        if isinstance(info, Failure):
            yield info
        elif stat.S_ISDIR(info.st_mode):
            yield from _walk(
                path, {(info.st_dev, info.st_ino)}, excluded, patterns, tuple(include)
            )
        else:
            yield path


def _stat(path: str) -> os.stat_result | Failure:
    """The file's status (following links), or the failure that reports why not."""
    try:
        return os.stat(path)
    except OSError as exc:
        return _failure(path, BINARY_FILE, f"cannot read: {exc.strerror or exc}")


def _matches(name: str, relative: str, patterns: tuple[str, ...]) -> bool:
    """A pattern without ``/`` matches a name at any depth; one with ``/`` matches the
    path inside the folder argument, component by component (``*`` stops at ``/``)."""
    from fnmatch import fnmatchcase

    for pattern in patterns:
        pattern = pattern.strip("/")
        if "/" not in pattern:
            if fnmatchcase(name, pattern):
                return True
            continue
        want, have = pattern.split("/"), relative.split("/")
        if len(want) == len(have) and all(map(fnmatchcase, have, want)):
            return True
    return False


def _identity(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


def _walk(
    root: str,
    seen: set[tuple[int, int]],
    excluded: tuple[int, int] | None,
    patterns: tuple[str, ...],
    include: tuple[str, ...] = (),
) -> Iterator[str | Failure]:
    """Depth first, each folder's entries in sorted order; a stack, not recursion, so
    that no depth of folders can exhaust Python's recursion limit."""
    listing = _listing(root)
    if isinstance(listing, Failure):
        yield listing
        return
    stack = [(root, "", iter(listing))]
    while stack:
        folder, relative, names = stack[-1]
        name = next(names, None)
        if name is None:
            stack.pop()
            continue
        if name.startswith(".") or _matches(name, relative + name, patterns):
            continue
        path = os.path.join(folder, name)
        info = _stat(path)
        if isinstance(info, Failure):
            yield info
        elif stat.S_ISDIR(info.st_mode):
            key = (info.st_dev, info.st_ino)
            if key in seen or key == excluded:
                continue
            seen.add(key)
            listing = _listing(path)
            if isinstance(listing, Failure):
                yield listing
            else:
                stack.append((path, relative + name + "/", iter(listing)))
        elif include and not _matches(name, relative + name, include):
            continue
        elif stat.S_ISREG(info.st_mode):
            yield path
        else:
            yield _failure(path, BINARY_FILE,
                           f"not a regular file ({_kind(info.st_mode)}); skipped")


def _listing(folder: str) -> list[str] | Failure:
    """The names in a folder, sorted, or the failure that reports why it cannot be read."""
    try:
        return sorted(os.listdir(folder))
    except OSError as exc:
        return _failure(folder, BINARY_FILE, f"cannot read folder: {exc.strerror or exc}")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "special file"


def compression_of(head: bytes, path: str) -> str | None:
    """The compression of a file from its first bytes ("gzip", "bzip2", "xz" or None).

    Content decides, not the name; only an empty file is taken at its name's word.
    """
    for magic, kind in _MAGIC.items():
        if head.startswith(magic):
            return kind
    if not head:
        return _COMPRESSION.get(os.path.splitext(path)[1].lower())
    return None


class _Prefixed(io.RawIOBase):
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


class _XZStreams(io.RawIOBase):
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
                    raise EOFError("Compressed file ended before the end-of-stream marker "
                                   "was reached")
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
        buffered = io.BufferedReader(_Prefixed(sample, rest), buffer_size=SAMPLE_SIZE)
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
        try:
            text = sample.decode("utf-8")
        except UnicodeDecodeError:  # not expected: the sample was checked above
            return None
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
        expected = _COMPRESSION.get(ext)
        if hasattr(raw, "peek"):
            head = raw.peek(6)[:6]
        else:
            head = raw.read(6)
            raw = io.BufferedReader(_Prefixed(head, raw))
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
            return io.BufferedReader(_XZStreams(raw), buffer_size=SAMPLE_SIZE)
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
            utf16 = _utf16_without_bom(sample)
            if utf16 and _mostly_text(sample, utf16):
                self._note(NOT_UTF8, f"file is {utf16.upper()} without a byte-order mark")
                return utf16
        if sample.startswith(_BINARY_MAGIC) or _is_binary(sample):
            raise self._error(BINARY_FILE, "binary file, not a dump")
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            decoder.decode(sample, final=False)
            # Valid so far; it is valid on its own if no character was left unfinished.
            self._sample_is_utf8 = not decoder.getstate()[0]
            return "utf-8"
        except UnicodeDecodeError:
            pass
        text = sample.decode("utf-8", "surrogateescape")
        escaped = len(_ESCAPED.findall(text))
        multibyte = sum(1 for c in text if ord(c) > 0x7F and not 0xDC80 <= ord(c) <= 0xDCFF)
        if multibyte > escaped:
            return "utf-8"  # mostly valid UTF-8: the bad bytes are reported line by line
        encoding = _guess_legacy(sample)
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
                    self._note(RECORD_TOO_LARGE, "line is over the size limit of "
                               f"{limit} characters; skipped", number)
                    self.overlong.add(number)
                    line = ""
                if scan and not line.isascii() and _ESCAPED.search(line):
                    line = self._scrub(line, number)
                yield line
        except self._corrupt as exc:
            self._broken = exc
        if self._broken is not None:
            raise self._error(
                CORRUPT_COMPRESSION, f"corrupt compressed data: {_reason(self._broken)}; "
                "the rest of the file is lost", number + 1)
        if text.newlines is not None and text.newlines != "\n":
            kinds = text.newlines if isinstance(text.newlines, tuple) else (text.newlines,)
            names = " and ".join(sorted({"\r\n": "CRLF", "\r": "CR", "\n": "LF"}[k]
                                         for k in kinds))
            self._note(LINE_ENDINGS, f"file uses {names} line endings")

    def _scrub(self, line: str, number: int) -> str:
        bad = _ESCAPED.findall(line)
        shown = ", ".join(f"0x{ord(c) - 0xDC00:02x}" if 0xDC00 <= ord(c) <= 0xDCFF
                          else f"U+{ord(c):04X}" for c in bad[:3])
        self._note(INVALID_BYTES, f"invalid {self.encoding} bytes replaced with U+FFFD: {shown}",
                   number)
        return _ESCAPED.sub("\ufffd", line)


def _reason(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def _is_binary(sample: bytes) -> bool:
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return control > max(8, len(sample) // 20)


def _utf16_without_bom(sample: bytes) -> str | None:
    even = sample[0::2]
    odd = sample[1::2]
    if not odd:
        return None
    zeros_even = even.count(0) / len(even)
    zeros_odd = odd.count(0) / len(odd)
    if zeros_odd > 0.3 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.3 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


def _mostly_text(sample: bytes, encoding: str) -> bool:
    """True when the sample decodes to text with few replacement or control characters."""
    text = sample[: len(sample) // 2 * 2].decode(encoding, "replace")
    bad = sum(1 for c in text if c == "\ufffd" or (c < " " and c not in "\t\n\r\f"))
    return bad <= max(8, len(text) // 20)


#: The legacy code pages newsparse considers, most common first (ties go to the earlier).
#: Mac Roman is left out on purpose: it is all but absent from news archives, and over
#: Latin text its high half reads as plausibly as any Windows page, so charset-normalizer
#: versions disagree about it on short samples.
LEGACY_ENCODINGS = (
    "cp1252", "cp1250", "cp1251", "koi8_r", "cp1253", "cp1254", "cp1257", "cp1255",
    "cp1256", "koi8_u", "iso8859_2", "iso8859_5", "iso8859_7", "iso8859_15",
)


def _guess_legacy(sample: bytes) -> str:
    """The single-byte code page that reads the sample best.

    charset-normalizer measures each candidate's "chaos" (how garbled the text
    looks) and "coherence" (how much it looks like a language). Of the candidates
    within 0.1 of the least chaos, take the most coherent; on a tie, the most
    common code page. Without this, short samples get exotic answers (cp1257 for
    French, big5 for German).
    """
    from charset_normalizer import from_bytes

    # Only lines with non-ASCII bytes say anything about the code page; headers, URLs
    # and plain-ASCII lines would dilute the statistics of a short sample.
    evidence = b"\n".join(line for line in sample.split(b"\n") if not line.isascii())
    matches = list(from_bytes(evidence or sample, cp_isolation=list(LEGACY_ENCODINGS)))
    if not matches:
        return "cp1252"
    least = min(m.chaos for m in matches)
    close = [m for m in matches if m.chaos <= least + 0.1]
    rank = {name: i for i, name in enumerate(LEGACY_ENCODINGS)}
    best = max(close, key=lambda m: (round(m.coherence, 2), -rank.get(m.encoding, 99)))
    encoding = str(best.encoding)
    try:  # name the common code page when it reads the sample identically
        if encoding != "cp1252" and sample.decode("cp1252") == sample.decode(encoding):
            return "cp1252"
    except UnicodeDecodeError:
        pass
    return encoding
