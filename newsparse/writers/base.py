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
