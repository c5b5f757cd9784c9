"""``newsparse stats``: wiring only; the counting is in newsparse.stats, the drawing in
newsparse.stats_report."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from newsparse.cli import EXIT_OK, console, options
from newsparse.pipeline import Options

if TYPE_CHECKING:
    from newsparse.filters import Bound
    from newsparse.stats import ArchiveStats

TABLES = ("day", "month", "year", "source", "code", "words")


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@options.paths_argument
@click.option(
    "--by",
    type=click.Choice(TABLES),
    default="month",
    show_default=True,
    help="The period of the articles-per-period chart (day, month or year). With "
    "--format csv, the table to print: a period, source, code (findings) or words "
    "(the word-count histogram).",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=15,
    show_default=True,
    metavar="N",
    help="How many sources the chart shows; the rest are one line.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json", "csv")),
    default="text",
    show_default=True,
    help="text: a report for people. json: every count, as one document. csv: one table.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar.  [default: when stderr is a terminal]",
)
@options.exclude_option
@options.include_option
@options.selection_options
@options.strict_option
@options.max_record_option
def stats(
    paths: tuple[str, ...],
    by: str,
    top: int,
    fmt: str,
    progress: bool | None,
    exclude: tuple[str, ...],
    include: tuple[str, ...],
    since: Bound | None,
    until: Bound | None,
    hosts: tuple[str, ...],
    unique: str | None,
    strict: bool,
    max_record_size: int,
) -> ArchiveStats | int:
    """Know your archive: counts, dates, sources, word counts and findings, in one pass.

    Reads files, folders (recursively) or - (stdin) once, with flat memory, and
    prints a report; --format json gives every count (every day, month and
    source, not only the top ones) as one document.

    \b
    Examples:
      newsparse stats dumps/
      newsparse stats dumps/ --by year --top 30
      newsparse stats dumps/ --since 2025-01-01 --source bbc.co.uk
      newsparse stats dumps/ --format json | jq '.totals'
      newsparse stats dumps/ --format csv --by day > per-day.csv

    Paths that cannot be read are also reported on stderr as they are met.

    Exit codes: 0 the report was written (records that fail are counted in it);
    1 a file could not be read (reported on stderr), or the report could not be
    written, or, with --strict, anything was found; 2 usage error
    (docs/exit-codes.md).
    """
    from newsparse.progress import NoProgress, ProgressBar
    from newsparse.stats import collect

    if fmt == "text" and by not in ("day", "month", "year"):
        raise click.UsageError(f"--by {by} gives a table: use it with --format csv")
    paths = options.require_paths(paths)
    if progress is None:
        progress = sys.stderr.isatty()
    chosen = options.selection(since, until, hosts, unique)
    if options.nothing_found(paths, exclude, include):
        return EXIT_OK
    color = console.use_color()

    with ProgressBar(sys.stderr, "Reading") if progress else NoProgress() as bar:
        from newsparse.walk import iter_paths

        bar.count_in_background(lambda: iter_paths(paths, exclude=exclude, include=include))
        result = collect(
            paths,
            Options(max_record=max_record_size),
            exclude=exclude,
            include=include,
            selection=chosen,
            on_file=lambda articles: bar.advance(1, articles),
            on_unreadable=lambda failure: console.report(failure, color),
            on_empty=lambda finding: console.report(finding, color),
        )
    out = console.stdout_buffer()
    if fmt == "json":
        import json

        text = json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n"
    elif fmt == "csv":
        from newsparse.stats_report import csv_table
        from newsparse.writers.csv import csv_text

        text = csv_text(csv_table(result, by))
    else:
        text = _text_report(result, by, top)
    out.write(text.encode("utf-8"))
    out.flush()
    result.strict = strict
    return result


def _text_report(result: object, by: str, top: int) -> str:
    import io
    import os

    from rich.console import Console

    from newsparse.stats import ArchiveStats
    from newsparse.stats_report import print_report

    assert isinstance(result, ArchiveStats)
    terminal = sys.stdout is not None and sys.stdout.isatty()
    color = terminal and console.use_color(sys.stdout)
    buffer = io.StringIO()
    try:
        width = os.get_terminal_size(sys.stdout.fileno()).columns if terminal else 80
    except (OSError, ValueError):
        width = 80
    screen = Console(
        file=buffer,
        force_terminal=terminal,
        no_color=not color,
        width=min(width, 120),
        highlight=False,
        emoji=False,
        color_system="auto" if color else None,
    )
    print_report(result, screen, unit=by, top=top)
    return buffer.getvalue()
