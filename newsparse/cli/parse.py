"""``newsparse parse`` and ``newsparse schema``."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import IO

import click

from newsparse.cli import EXIT_FAILURES, EXIT_OK, console, options
from newsparse.model import Article, Failure
from newsparse.pipeline import Options, parse_paths
from newsparse.tally import Tally
from newsparse.writers import FORMATS, writer_for


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[IO[str]]:
    """stdout as UTF-8 text, or a file written atomically (complete, or not at all)."""
    if path is None or path == "-":
        import io

        binary = console.stdout_buffer()
        stream = io.TextIOWrapper(binary, encoding="utf-8", newline="\n")
        try:
            yield stream
            stream.flush()
        finally:
            # detach() flushes; after a failed write that fails again: drop what is left.
            with contextlib.suppress(OSError):
                stream.detach()
    else:
        from newsparse.atomic import atomic_write

        try:
            with atomic_write(path) as handle:
                yield handle
        except OSError as exc:
            raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from None


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@options.paths_argument
@click.option(
    "-f", "--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True,
    help="jsonl: one object a line. json: one array. md: Markdown with YAML front matter.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, allow_dash=True),
    help="Write to this file (atomically) instead of stdout.",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True,
    help="Parse in this many processes; the output is the same, in the same order.",
)
@options.exclude_option
@options.strict_option
@options.max_record_option
def parse(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    jobs: int,
    exclude: tuple[str, ...],
    strict: bool,
    max_record_size: int,
) -> None:
    """Parse dump files, folders (recursively) or - (stdin) and stream articles.

    Records that cannot become articles, and files that are not dumps, are
    reported on stderr as `path:line: CODE message`; every other record is
    still written.

    \b
    Examples:
      newsparse parse dumps/ > articles.jsonl
      newsparse parse dumps/ | jq -r 'select(.source == "sputnikglobe.com") | .headline'
      zcat old.txt.gz | newsparse parse - -f md
      newsparse parse -f json -o articles.json dumps/2026/
      newsparse parse -j 4 dumps/ > articles.jsonl

    \b
    Exit codes: 0 every record parsed; 1 some record or file was reported;
    2 usage error.
    """
    paths = options.require_paths(paths)
    color = console.use_color()
    tally = Tally()
    settings = Options(strict=strict, max_record=max_record_size)
    with _output(output) as out, writer_for(fmt, out) as writer:
        if jobs > 1 and "-" not in paths:  # stdin is one stream: it cannot be shared
            from newsparse.batch import parse_parallel

            for piece in parse_parallel(paths, settings, fmt, jobs, tally, exclude=exclude):
                if isinstance(piece, bytes):
                    writer.write_piece(piece)  # type: ignore[attr-defined]
                elif isinstance(piece, Article):
                    writer.write(piece)
                else:
                    console.report(piece, color)
        else:
            for item in parse_paths(paths, settings, exclude=exclude):
                tally.add(item)
                if isinstance(item, Article):
                    writer.write(item)
                elif isinstance(item, Failure):
                    console.report(item, color)
    if tally.failed:
        click.echo(f"newsparse: {tally.summary()}", err=True)
    sys.exit(EXIT_FAILURES if tally.failed else EXIT_OK)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
def schema() -> None:
    """Print the JSON Schema that every article record follows.

    \b
    Example:
      newsparse schema > article.schema.json
    """
    click.echo(schema_text(), nl=False)


def schema_text() -> str:
    from importlib.resources import files

    return files("newsparse").joinpath("schema.json").read_text(encoding="utf-8")


