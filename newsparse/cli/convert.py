"""``newsparse convert``: dump trees in, one file per article out (see newsparse.convert)."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

import click

from newsparse.cli import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    console,
    options,
)
from newsparse.codes import EMPTY_FILE
from newsparse.model import Article, Failure, Finding
from newsparse.outcome import write_failed
from newsparse.pipeline import Options
from newsparse.reader import display_path
from newsparse.sigterm import Terminated
from newsparse.writers import FORMATS, format_from_extension

if TYPE_CHECKING:
    from newsparse.convert.totals import Totals
    from newsparse.convert.worker import ConvertSettings
    from newsparse.filters import Bound, Selection


@contextlib.contextmanager
def _errors_report(path: str | None) -> Iterator[IO[str] | None]:
    """The --errors file, written atomically when the run ends (interrupted or not)."""
    if path is None:
        yield None
        return
    from newsparse.atomic import atomic_write

    writing = atomic_write(path)
    try:
        handle: IO[str] = writing.__enter__()
    except OSError as exc:
        raise write_failed(path, exc.strerror or str(exc)) from None
    try:
        yield handle
    except BaseException:
        writing.__exit__(*sys.exc_info())
        raise
    try:
        writing.__exit__(None, None, None)
    except OSError as exc:
        raise write_failed(path, exc.strerror or str(exc)) from None


def _error_record(failure: Failure) -> str:
    finding = failure.finding
    record = {
        "path": finding.path,
        "line": finding.line,
        "code": finding.code,
        "severity": finding.severity,
        "message": finding.message,
        "scope": failure.scope,
    }
    return json.dumps(record, ensure_ascii=False) + "\n"


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@options.paths_argument
@click.option(
    "-o",
    "--output-dir",
    "outdir",
    required=True,
    metavar="OUTDIR",
    type=click.Path(),
    help="Folder to write into; it mirrors the input tree. With -f sqlite "
    "(or a name ending in .db or .sqlite): the database file.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="json (the default) or md: one file per article. jsonl or csv: one file per input "
    "file. sqlite: one database, updated in place, one transaction per input file.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Worker processes.  [default: the number of CPUs]",
)
@click.option(
    "--skip-existing",
    is_flag=True,
    help="Do not read inputs whose outputs exist and are newer than them (resume a run).",
)
@click.option("--overwrite", is_flag=True, help="Replace existing outputs that differ.")
@click.option("--dry-run", is_flag=True, help="List the outputs that would be written; write none.")
@click.option(
    "--errors",
    "errors_path",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Also write every failure to FILE, as JSON Lines.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar.  [default: when stderr is a terminal]",
)
@click.option("-q", "--quiet", is_flag=True, help="No summary (failures are still reported).")
@options.strict_option
@options.exclude_option
@options.include_option
@options.selection_options
@options.max_record_option
def convert(
    paths: tuple[str, ...],
    outdir: str,
    fmt: str | None,
    jobs: int | None,
    skip_existing: bool,
    overwrite: bool,
    dry_run: bool,
    errors_path: str | None,
    progress: bool | None,
    quiet: bool,
    strict: bool,
    exclude: tuple[str, ...],
    include: tuple[str, ...],
    since: Bound | None,
    until: Bound | None,
    hosts: tuple[str, ...],
    unique: str | None,
    max_record_size: int,
) -> Totals | int:
    """Convert dump files and folders into one output file per article, under OUTDIR.

    The output tree mirrors the input tree: a/b/story.txt (or story.txt.gz)
    becomes OUTDIR/a/b/story.json; a file holding several records gives
    story.1.json, story.2.json, ... by record order. Every file is written
    atomically, and existing outputs are compared first: an identical one is
    left alone, a different one is reported unless --overwrite. Failures are
    reported as `path:line: CODE message` and the other files go on.

    \b
    Examples:
      newsparse convert dumps/ -o articles/
      newsparse convert dumps/2026 dumps/2025 -o articles/ -f md -j 8
      newsparse convert dumps/ -o articles/ --skip-existing --errors errors.jsonl
      newsparse convert dumps/ -o articles/ --dry-run
      newsparse convert dumps/ -o archive.db
      newsparse convert dumps/ -o 2025/ --since 2025-01-01 --until 2025-12-31

    \b
    Exit codes: 0 every record written or up to date (warnings alone do not
    fail, unless --strict); 1 something was reported, or an output failed;
    2 usage error; 130 interrupted (Ctrl-C); 143 terminated
    (docs/exit-codes.md).
    """
    from newsparse.convert import plan, pool
    from newsparse.convert.totals import Totals
    from newsparse.convert.worker import ConvertedFile
    from newsparse.progress import NoProgress, ProgressBar

    chosen = options.selection(since, until, hosts, unique)
    if unique is not None:
        jobs = 1  # keeping the first of each URL or body needs every article in order
    try:
        sources = plan.check_sources(paths, outdir)
    except plan.SourceError as exc:
        raise click.UsageError(str(exc)) from None
    if errors_path is not None:
        options.check_output(errors_path, sources, "--errors file")
    implied = format_from_extension(outdir)
    if fmt is None:
        fmt = "sqlite" if implied == "sqlite" else "json"
    elif (fmt == "sqlite") != (implied == "sqlite") and implied is not None:
        raise click.UsageError(f"-f {fmt} contradicts the extension of {outdir}")
    if fmt == "sqlite":
        if dry_run or skip_existing or overwrite:
            raise click.UsageError(
                "-f sqlite updates the database in place: --dry-run, "
                "--skip-existing and --overwrite do not apply"
            )
        options.check_output(outdir, sources, "database")
        if options.nothing_found(sources, exclude, include):
            return EXIT_OK
        return _into_database(
            sources,
            outdir,
            exclude,
            include,
            chosen,
            max_record_size,
            errors_path,
            progress,
            quiet,
            strict,
        )
    if os.path.isfile(outdir):
        raise click.UsageError(
            f"-o {outdir} is a file; convert writes into a folder "
            "(or into a database, with -f sqlite)"
        )
    options.check_output(outdir, sources, folder=True)
    if options.nothing_found(sources, exclude, include):
        return EXIT_OK
    settings = _settings(outdir, fmt, overwrite, skip_existing, dry_run, max_record_size, chosen)
    color = console.use_color()
    if progress is None:
        progress = not quiet and sys.stderr.isatty()
    totals = Totals(strict=strict)
    started = time.monotonic()
    stopped: BaseException | None = None
    with (
        pool.Batch(settings, jobs or pool.default_jobs()) as runner,
        _errors_report(errors_path) as errors_file,
        ProgressBar(sys.stderr) if progress else NoProgress() as bar,
    ):

        def handle(item: ConvertedFile | Failure) -> None:
            totals.add(item)
            failures = [item] if isinstance(item, Failure) else item.failures
            for failure in failures:
                console.report(failure, color)
                if errors_file is not None:
                    errors_file.write(_error_record(failure))
            if isinstance(item, ConvertedFile):
                for warning in item.warnings:
                    if strict or warning.rule is EMPTY_FILE:  # a file that gave nothing
                        console.report(warning, color)
                for output in item.outputs:
                    console.say(output, err=False)
                bar.advance(1, item.written + item.unchanged)
            else:
                bar.advance(1, 0)

        def planned() -> Iterator[plan.FileTask | Failure]:
            return plan.plan_tasks(sources, outdir, fmt, exclude=exclude, include=include)

        bar.count_in_background(planned)
        try:
            for item in runner.results(planned()):
                handle(item)
        except (KeyboardInterrupt, Terminated) as exc:
            stopped = exc
            for result in runner.stop():
                handle(result)
    seconds = time.monotonic() - started
    summary = totals.summary(seconds, dry_run=dry_run, interrupted=stopped is not None)
    if stopped is not None:
        console.say(summary)
        return EXIT_TERMINATED if isinstance(stopped, Terminated) else EXIT_INTERRUPTED
    if not quiet:
        console.say(summary)
    return totals


def _settings(
    outdir: str,
    fmt: str,
    overwrite: bool,
    skip_existing: bool,
    dry_run: bool,
    max_record: int,
    selection: Selection | None,
) -> ConvertSettings:
    import os

    from newsparse.convert.worker import ConvertSettings

    if not dry_run:
        try:
            os.makedirs(outdir, exist_ok=True)
        except OSError as exc:
            raise write_failed(outdir, exc.strerror or str(exc)) from None
    return ConvertSettings(
        root=os.path.realpath(outdir),
        format=fmt,
        options=Options(max_record=max_record),
        overwrite=overwrite,
        skip_existing=skip_existing,
        dry_run=dry_run,
        selection=selection,
    )


def _into_database(
    sources: list[str],
    database: str,
    exclude: tuple[str, ...],
    include: tuple[str, ...],
    selection: Selection | None,
    max_record: int,
    errors_path: str | None,
    progress: bool | None,
    quiet: bool,
    strict: bool,
) -> Totals | int:
    """``convert -f sqlite``: every input into one database, one transaction per input.

    The inputs are parsed in this process, in the order convert walks them: a
    database has one writer, so -j does not apply. An interrupted run keeps every
    input finished before it, and none of the input it was in.
    """
    from newsparse.convert.totals import Totals
    from newsparse.convert.worker import ConvertedFile
    from newsparse.filters import ArticleFilter
    from newsparse.pipeline import parse_input
    from newsparse.progress import NoProgress, ProgressBar
    from newsparse.walk import iter_paths
    from newsparse.writers.sqlite import SQLiteWriter

    color = console.use_color()
    if progress is None:
        progress = not quiet and sys.stderr.isatty()
    settings = Options(max_record=max_record)
    totals = Totals(strict=strict)
    verdict = ArticleFilter(selection).verdict if selection is not None else None
    started = time.monotonic()
    stopped: BaseException | None = None
    with (
        _errors_report(errors_path) as errors_file,
        ProgressBar(sys.stderr) if progress else NoProgress() as bar,
    ):

        def report(failure: Failure) -> None:
            console.report(failure, color)
            if errors_file is not None:
                errors_file.write(_error_record(failure))

        try:
            with SQLiteWriter(database) as db:
                for path in iter_paths(sources, exclude=exclude, include=include):
                    if isinstance(path, Failure):
                        report(path)
                        db.write_failure(path)
                        totals.add(path)
                        bar.advance(1, 0)
                        continue
                    result = ConvertedFile(display_path(path))
                    before = db.added + db.replaced, db.unchanged
                    for item in parse_input(path, settings):
                        if isinstance(item, Failure):
                            report(item)
                            db.write_failure(item)
                        elif isinstance(item, Finding) and (strict or item.rule is EMPTY_FILE):
                            console.report(item, color)
                        result.tally.add(item)
                        if not isinstance(item, Article):
                            continue
                        left_out = verdict(item) if verdict is not None else None
                        if left_out is None:
                            db.write(item)
                        else:
                            result.tally.leave_out(left_out)
                    db.end_file()
                    result.written = db.added + db.replaced - before[0]
                    result.unchanged = db.unchanged - before[1]
                    totals.add(result)
                    bar.advance(1, result.written + result.unchanged)
        except (KeyboardInterrupt, Terminated) as exc:
            stopped = exc
    summary = totals.summary(time.monotonic() - started, interrupted=stopped is not None)
    if stopped is not None:
        console.say(summary)
        return EXIT_TERMINATED if isinstance(stopped, Terminated) else EXIT_INTERRUPTED
    if not quiet:
        console.say(summary)
    return totals
