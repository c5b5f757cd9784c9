"""``newsparse convert``: dump trees in, one file per article out (see newsparse.batch)."""

from __future__ import annotations

import contextlib
import json
import sys
import time
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, NoReturn

import click

from newsparse.cli import (
    EXIT_FAILURES,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    Terminated,
    console,
    options,
)
from newsparse.model import Failure
from newsparse.pipeline import Options
from newsparse.reader import display_path
from newsparse.writers import FORMATS

if TYPE_CHECKING:
    from newsparse.batch import Settings


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
        _fail(f"cannot write {path}: {exc.strerror or exc}")
    try:
        yield handle
    except BaseException:
        writing.__exit__(*sys.exc_info())
        raise
    try:
        writing.__exit__(None, None, None)
    except OSError as exc:
        _fail(f"cannot write {path}: {exc.strerror or exc}")


def _fail(message: str) -> NoReturn:
    """A problem with the run itself (not with an input): one line, exit 1."""
    console.error(message)
    sys.exit(EXIT_FAILURES)


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
    "-o", "--output-dir", "outdir", required=True, metavar="OUTDIR",
    type=click.Path(file_okay=False), help="Folder to write into; it mirrors the input tree.",
)
@click.option(
    "-f", "--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True,
    help="json or md: one file per article. jsonl: one file per input file.",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), metavar="N",
    help="Worker processes.  [default: the number of CPUs]",
)
@click.option(
    "--skip-existing", is_flag=True,
    help="Do not read inputs whose outputs exist and are newer than them (resume a run).",
)
@click.option("--overwrite", is_flag=True, help="Replace existing outputs that differ.")
@click.option("--dry-run", is_flag=True, help="List the outputs that would be written; write none.")
@click.option(
    "--errors", "errors_path", type=click.Path(dir_okay=False), metavar="FILE",
    help="Also write every failure to FILE, as JSON Lines.",
)
@click.option(
    "--progress/--no-progress", default=None,
    help="Show a progress bar.  [default: when stderr is a terminal]",
)
@click.option("-q", "--quiet", is_flag=True, help="No summary (failures are still reported).")
@options.exclude_option
@options.max_record_option
def convert(
    paths: tuple[str, ...],
    outdir: str,
    fmt: str,
    jobs: int | None,
    skip_existing: bool,
    overwrite: bool,
    dry_run: bool,
    errors_path: str | None,
    progress: bool | None,
    quiet: bool,
    exclude: tuple[str, ...],
    max_record_size: int,
) -> None:
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

    \b
    Exit codes: 0 every record written or up to date; 1 something was reported;
    2 usage error; 130 interrupted (Ctrl-C); 143 terminated.
    """
    from newsparse import batch
    from newsparse.progress import NoProgress, ProgressBar

    try:
        sources = batch.check_sources(paths, outdir)
    except batch.SourceError as exc:
        raise click.UsageError(str(exc)) from None
    if errors_path is not None:
        options.refuse_input_as_output(errors_path, sources, "--errors file")
    settings = _settings(outdir, fmt, overwrite, skip_existing, dry_run, max_record_size)
    color = console.use_color()
    if progress is None:
        progress = not quiet and sys.stderr.isatty()
    totals = batch.Totals()
    started = time.monotonic()
    stopped: BaseException | None = None
    with batch.Batch(settings, jobs or batch.default_jobs()) as runner, \
            _errors_report(errors_path) as errors_file, \
            (ProgressBar(sys.stderr) if progress else NoProgress()) as bar:

        def handle(item: batch.FileResult | Failure) -> None:
            totals.add(item)
            failures = [item] if isinstance(item, Failure) else item.failures
            for failure in failures:
                console.report(failure, color)
                if errors_file is not None:
                    errors_file.write(_error_record(failure))
            if isinstance(item, batch.FileResult):
                for output in item.outputs:
                    click.echo(display_path(output))
                bar.advance(1, item.written + item.unchanged)
            else:
                bar.advance(1, 0)

        def plan() -> Iterator[batch.FileTask | Failure]:
            return batch.plan_tasks(sources, outdir, fmt, exclude=exclude)

        bar.count_in_background(plan)
        try:
            for item in runner.results(plan()):
                handle(item)
        except (KeyboardInterrupt, Terminated) as exc:
            stopped = exc
            for result in runner.stop():
                handle(result)
    seconds = time.monotonic() - started
    summary = totals.summary(seconds, dry_run=dry_run, interrupted=stopped is not None)
    if stopped is not None:
        click.echo(summary, err=True)
        sys.exit(EXIT_TERMINATED if isinstance(stopped, Terminated) else EXIT_INTERRUPTED)
    if not quiet:
        click.echo(summary, err=True)
    sys.exit(EXIT_FAILURES if totals.failed else EXIT_OK)


def _settings(
    outdir: str, fmt: str, overwrite: bool, skip_existing: bool, dry_run: bool, max_record: int
) -> Settings:
    import os

    from newsparse.batch import Settings

    if not dry_run:
        try:
            os.makedirs(outdir, exist_ok=True)
        except OSError as exc:
            _fail(f"cannot create {outdir}: {exc.strerror or exc}")
    return Settings(
        root=os.path.realpath(outdir), format=fmt, options=Options(max_record=max_record),
        overwrite=overwrite, skip_existing=skip_existing, dry_run=dry_run,
    )
