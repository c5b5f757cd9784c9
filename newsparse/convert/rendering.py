"""``parse -j N``: inputs in; their articles rendered for one output stream, in input order, out.

It runs on convert's machinery: a :class:`Renderer` takes the place of the
Converter in the worker processes of :mod:`newsparse.convert.pool`, and
:func:`parse_parallel` hands what it rendered back in input order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsparse.convert.plan import FileTask
from newsparse.convert.pool import Batch
from newsparse.convert.worker import ConvertedFile, ConvertSettings
from newsparse.errors import ParseError
from newsparse.model import Article, Failure, Finding
from newsparse.pipeline import Options, parse_input
from newsparse.tally import Tally
from newsparse.walk import iter_files

if TYPE_CHECKING:
    from newsparse.convert.critical import Critical

#: A file whose rendered output passes this many bytes is handed back unfinished
#: and parsed again by the writing process, streaming: the output of one huge
#: file is never held in memory whole, nor sent between processes.
MAX_PIECES = 8 * 1024 * 1024


@dataclass(slots=True)
class ParsedFile(ConvertedFile):
    """One input as ``parse`` writes it, in order: rendered articles (bytes, from the
    format's writer; or the articles themselves for a writer that cannot render
    apart), failures, and last a ParseError that ends the run (``--strict``).
    ``too_big``: nothing was kept; the writing process parses the input itself."""

    items: list[bytes | Article | Failure | Finding | ParseError] = field(default_factory=list)
    too_big: bool = False
    source: str = ""  # the path as walked (``path`` is made printable)


class Renderer:
    """Parses inputs and renders their articles for one output format, in a worker."""

    def __init__(
        self,
        settings: ConvertSettings,
        stopped: Callable[[], bool] = lambda: False,
        critical: Critical | None = None,
    ) -> None:
        import io

        from newsparse.writers import writer_for

        self.settings = settings
        self.stopped = stopped
        writer = writer_for(settings.format, io.StringIO())
        self._piece: Callable[[Article], bytes] | None = getattr(writer, "piece", None)

    def new_result(self, path: str) -> ParsedFile:
        return ParsedFile(path)

    def convert(self, task: FileTask, result: ConvertedFile) -> None:
        assert isinstance(result, ParsedFile)
        result.source = task.path
        items = result.items
        size = 0
        try:
            for item in parse_input(task.path, self.settings.options):
                result.tally.add(item)
                if isinstance(item, Article):
                    if self._piece is None:
                        items.append(item)
                    else:
                        piece = self._piece(item)
                        size += len(piece)
                        items.append(piece)
                else:  # failures, and file findings (parse shows the empty file's)
                    items.append(item)
                if size > MAX_PIECES:
                    result.too_big = True
                    items.clear()
                    return
                if self.stopped():
                    result.interrupted = True
                    return
        except ParseError as exc:
            items.append(exc)


def parse_parallel(
    paths: Iterable[str],
    options: Options,
    fmt: str,
    jobs: int,
    tally: Tally,
    *,
    exclude: Iterable[str] = (),
    include: Iterable[str] = (),
) -> Iterator[bytes | Article | Failure | Finding]:
    """What :func:`~newsparse.pipeline.parse_paths` gives, parsed by ``jobs`` worker
    processes: failures, and articles rendered for the writer of ``fmt`` (its
    ``piece``), in input order. Counts go to ``tally``, file by file; ParseError is
    raised where parse_paths would raise it. Stdin (``-``) cannot be shared with
    workers: give it to parse_paths instead.
    """
    from newsparse.pipeline import parse_input as parse_here

    def tasks() -> Iterator[FileTask | Failure]:
        for item in iter_files(paths, exclude=exclude, include=include):
            # parse has no output files: only the input path and size of a task are used.
            yield item if isinstance(item, Failure) else FileTask(item[0], "", "", size=item[1])

    settings = ConvertSettings(root="", format=fmt, options=options)
    with Batch(settings, jobs, worker=Renderer, sync=False) as pool:
        for result in pool.results(tasks()):
            if isinstance(result, Failure):
                if options.strict:
                    raise ParseError(result.finding)
                tally.add(result)
                yield result
                continue
            assert isinstance(result, ParsedFile)
            if result.too_big:
                for item in parse_here(result.source, options):
                    tally.add(item)
                    yield item
                continue
            for done in result.items:
                if isinstance(done, ParseError):
                    raise done
                yield done
            tally += result.tally
