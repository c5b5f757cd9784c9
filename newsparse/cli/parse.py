"""``newsparse parse`` and ``newsparse schema``."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

import click

from newsparse.cli import EXIT_OK, console, options
from newsparse.codes import EMPTY_FILE
from newsparse.model import Article, Failure, Finding
from newsparse.outcome import write_failed
from newsparse.pipeline import Options, parse_paths
from newsparse.tally import Tally
from newsparse.writers import FORMATS, FormatError, Writer, resolve_format, writer_for

if TYPE_CHECKING:
    from newsparse.arrow import ParquetWriter
    from newsparse.filters import Bound
    from newsparse.writers.sqlite import SQLiteWriter


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
            raise write_failed(path, exc.strerror or str(exc)) from None


@contextlib.contextmanager
def _writer(fmt: str, output: str | None) -> Iterator[Writer | SQLiteWriter | ParquetWriter]:
    """The writer of a format: into a stream (stdout or a file written atomically), into
    a database updated in place, one transaction per input file, or into a Parquet file
    whose row groups are written as the articles stream."""
    if fmt == "sqlite":
        if output is None or output == "-":
            raise click.UsageError("-f sqlite writes a database file: give it with -o FILE.db")
        from newsparse.writers.sqlite import SQLiteWriter

        with SQLiteWriter(output) as database:
            yield database
        console.say(f"newsparse: {database.summary()}")
        return
    if fmt == "parquet":
        from newsparse.cli.cluster import parquet_file

        with parquet_file(output) as parquet:
            yield parquet
        return
    with _output(output) as out, writer_for(fmt, out) as writer:
        yield writer


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@options.paths_argument
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice((*FORMATS, "parquet")),
    default=None,
    help="jsonl: one object a line (the default). json: one array. md: Markdown with YAML "
    "front matter. csv: a table with a header row. sqlite: a database with a full-text "
    "index (needs -o). parquet: Parquet (needs -o, and the parquet extra). Without -f, "
    "the extension of -o decides (.jsonl .json .md .csv .db .sqlite .parquet).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(allow_dash=True),
    help="Write to this file (atomically; a database is updated in place) instead of stdout; "
    "with --scheduler, a folder or URL for the numbered parts.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Parse in this many processes; the output is the same, in the same order. "
    "Applies to jsonl, json and md without --since/--until/--source/--unique and "
    "without stdin; otherwise one process parses.",
)
@options.scheduler_options
@options.exclude_option
@options.include_option
@options.selection_options
@options.strict_option
@click.option("--fail-fast", is_flag=True, help="Stop at the first finding of any kind, and fail.")
@options.max_record_option
def parse(
    paths: tuple[str, ...],
    fmt: str | None,
    output: str | None,
    jobs: int,
    exclude: tuple[str, ...],
    include: tuple[str, ...],
    since: Bound | None,
    until: Bound | None,
    hosts: tuple[str, ...],
    unique: str | None,
    strict: bool,
    fail_fast: bool,
    max_record_size: int,
    scheduler: str | None = None,
    storage_options: tuple[tuple[str, Any], ...] = (),
    files_per_partition: int | None = None,
) -> Tally | int:
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
      newsparse parse dumps/ -o articles.csv
      newsparse parse dumps/ -o archive.db && datasette archive.db
      newsparse parse dumps/ --since 2025-01-01 --source bbc.co.uk --unique url
      newsparse parse s3://archive/dumps/ -o s3://archive/articles/ -f parquet --scheduler local:2
      newsparse parse -j 4 dumps/ > articles.jsonl

    \b
    Exit codes: 0 every record parsed (warnings alone do not fail, unless
    --strict); 1 some record or file was reported, or an output failed;
    2 usage error (docs/exit-codes.md).
    """
    try:
        fmt = resolve_format(fmt, output, "jsonl")
    except FormatError as exc:
        raise click.UsageError(str(exc)) from None
    paths = options.require_paths(paths)
    on_dask = options.cluster_settings(
        storage_options, files_per_partition, scheduler, (*paths, output or "")
    )
    if on_dask is not None:
        from newsparse.cli import cluster

        return cluster.parse(
            paths, output, fmt, scheduler, exclude, fail_fast, max_record_size, strict, on_dask
        )
    if output is not None and os.path.isdir(output):
        raise click.BadParameter(f"File {output!r} is a directory.", param_hint="'-o' / '--output'")
    if output is not None:
        options.check_output(output, paths)
    if options.nothing_found(paths, exclude, include):
        return EXIT_OK
    color = console.use_color()
    tally = Tally(strict=strict)
    settings = Options(strict=fail_fast, max_record=max_record_size)
    chosen = options.selection(since, until, hosts, unique)
    verdict = None
    if chosen is not None:
        from newsparse.filters import ArticleFilter

        verdict = ArticleFilter(chosen).verdict
    with _writer(fmt, output) as writer:
        # Workers render articles to bytes, so a filter that must see each article in
        # order (--unique keeps the first), a database, stdin and --strict (which shows
        # each article's findings) stay in this process.
        if (
            jobs > 1
            and "-" not in paths
            and verdict is None
            and not strict
            and fmt in ("jsonl", "json", "md")
        ):
            _parse_in_parallel(paths, settings, fmt, jobs, tally, writer, exclude, include, color)
        else:
            record_failure = getattr(writer, "write_failure", None)
            for item in parse_paths(
                paths,
                settings,
                exclude=exclude,
                include=include,
                after_file=getattr(writer, "end_file", None),
            ):
                tally.add(item)
                if isinstance(item, Article):
                    if strict:  # they fail the run: say which
                        for finding in item.findings:
                            console.report(finding, color)
                    if verdict is not None and (left_out := verdict(item)) is not None:
                        tally.leave_out(left_out)
                        continue
                    writer.write(item)
                elif isinstance(item, Failure):
                    console.report(item, color)
                    if record_failure is not None:
                        record_failure(item)
                elif _said(item, strict):
                    console.report(item, color)
    if tally.failed or tally.left_out or tally.exit_code:
        console.say(f"newsparse: {tally.summary()}")
    return tally


def _parse_in_parallel(
    paths: tuple[str, ...],
    settings: Options,
    fmt: str,
    jobs: int,
    tally: Tally,
    writer: Any,
    exclude: tuple[str, ...],
    include: tuple[str, ...],
    color: bool,
) -> None:
    """``parse -j N``: worker processes render articles, this one writes them in order."""
    from newsparse.convert.rendering import parse_parallel

    for piece in parse_parallel(
        paths, settings, fmt, jobs, tally, exclude=exclude, include=include
    ):
        if isinstance(piece, bytes):
            writer.write_piece(piece)
        elif isinstance(piece, Article):
            writer.write(piece)
        elif isinstance(piece, Failure) or _said(piece, tally.strict):
            console.report(piece, color)


def _said(finding: Finding, strict: bool) -> bool:
    """Whether parse prints a file finding: a file that gave nothing (EMPTY_FILE) always,
    the others (encoding, line endings) when --strict makes them fail the run."""
    return strict or finding.rule is EMPTY_FILE


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
