"""What every streaming writer shares: the output stream and the context-manager protocol."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from newsparse.model import Article


class StreamWriter:
    """Writes each article to ``out`` as it arrives; ``close`` writes any closing text."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.count = 0

    def write(self, article: Article) -> None:
        self.out.write(self.render(article))
        self.count += 1

    def render(self, article: Article) -> str:
        raise NotImplementedError

    def close(self) -> None:
        """Finish the document. Streams are flushed, never closed: they belong to the caller."""

    def __enter__(self) -> StreamWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class PieceWriter(StreamWriter):
    """A writer whose articles are rendered apart from their place in the output.

    ``piece`` turns one article into UTF-8 bytes that do not depend on what was
    written before; ``write_piece`` adds the separators and writes. ``parse -j N``
    renders pieces in worker processes and writes them here, in input order, so
    the output is byte-identical to rendering and writing one article at a time.
    Bytes go straight to the binary stream under ``out`` when it has one, 64 KiB
    at a time: that stream can be unbuffered (``python -u``, PYTHONUNBUFFERED),
    and one write per article then took a quarter of parse's time.
    """

    CHUNK = 64 * 1024

    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self._binary: IO[bytes] | None = getattr(out, "buffer", None)
        self._pending = bytearray()
        if self._binary is not None:
            out.flush()  # anything written as text so far goes first

    def piece(self, article: Article) -> bytes:
        raise NotImplementedError

    def separator(self) -> bytes:
        """What goes before the next piece (it may depend on ``count``)."""
        return b""

    def write(self, article: Article) -> None:
        self.write_piece(self.piece(article))

    def write_piece(self, piece: bytes) -> None:
        self.emit(self.separator() + piece)
        self.count += 1

    def render(self, article: Article) -> str:
        return (self.separator() + self.piece(article)).decode("utf-8")

    def emit(self, data: bytes) -> None:
        if self._binary is None:
            self.out.write(data.decode("utf-8"))
            return
        self._pending += data
        if len(self._pending) >= self.CHUNK:
            self.flush()

    def flush(self) -> None:
        """Write what is pending to the binary stream, all of it.

        An unbuffered stream's write can write less than it was given: a signal
        that arrives while a write to a full pipe waits cuts it short (Ctrl-C
        under ``parse -j``, whose handler lets the run finish the file). The
        rest is written in turn, so that no line is ever cut in two.
        """
        if self._binary is None or not self._pending:
            return
        pending, self._pending = memoryview(self._pending), bytearray()
        while pending:
            written = self._binary.write(pending)
            pending = pending[written or 0 :]

    def close(self) -> None:
        self.flush()
