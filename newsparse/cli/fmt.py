"""``newsparse fmt``: rewrite dump files in the canonical form."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from newsparse.cli import EXIT_FAILURES, EXIT_OK, console, options
from newsparse.formatter import FormatReport
from newsparse.reformat import format_paths

if TYPE_CHECKING:
    from newsparse.reformat import Action


def _out(data: bytes) -> None:
    stream = console.stdout_buffer()
    stream.write(data)
    stream.flush()


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@options.paths_argument
@click.option("--check", is_flag=True,
              help="Write nothing; list the files that would change and exit 1 if any would.")
@click.option("--diff", is_flag=True,
              help="Write nothing; print a unified diff of the changes to stdout.")
@click.option("--stdout", "to_stdout", is_flag=True,
              help="Print the formatted text to stdout instead of rewriting the files.")
@click.option("-q", "--quiet", is_flag=True,
              help="Print only problems: no file names and no summary.")
@options.exclude_option
@options.max_record_option
def fmt(
    paths: tuple[str, ...],
    check: bool,
    diff: bool,
    to_stdout: bool,
    quiet: bool,
    exclude: tuple[str, ...],
    max_record_size: int,
) -> None:
    """Rewrite dump files, folders (recursively) or - (stdin) in the canonical form.

    Each record becomes: ` date <ISO date> <URL>`, the headline, the lead, the
    image URLs and the body paragraphs, a blank line between each; records are
    separated by one blank line; UTF-8, LF, one final newline. Compressed files
    keep their compression. Files are formatted record by record into a
    temporary file, which replaces the file only when all of it is formatted,
    keeping its owner, group, mode and extended attributes. A file that
    changed meanwhile, has hard links or is read-only is reported and left
    as it is.

    Parsing the result gives the same articles as parsing the original. A record
    that cannot be formatted safely is kept exactly as it was and reported as
    `path:line: CODE message`; the rest of its file is still formatted.

    \b
    Examples:
      newsparse fmt dumps/
      newsparse fmt --check dumps/          # in CI or a pre-commit hook
      newsparse fmt --diff dumps/2026/01/story.txt
      newsparse fmt - < story.txt > story.formatted.txt

    \b
    Exit codes: 0 done (or, with --check, nothing would change); 1 some file
    would change (--check), or a record or file was reported; 2 usage error.
    """
    paths = options.require_paths(paths)
    if to_stdout and (check or diff):
        raise click.UsageError("--stdout cannot be combined with --check or --diff")
    color = console.use_color()
    report = FormatReport(check=check or diff)
    would_change = False
    if check or diff:
        action: Action = "diff" if diff else "check"
    else:
        action = "stdout" if to_stdout else "write"
    stdout = console.stdout_buffer() if action == "stdout" or "-" in paths else None
    results = format_paths(paths, action, exclude=exclude, max_record=max_record_size,
                           stdout=stdout)
    for result in results:
        for failure in result.reports:
            console.report(failure, color)
        if result.error is not None:
            console.error(f"cannot write {result.name}: {result.error}")
        elif result.changed and not result.failed:
            if action == "diff":
                _out(result.diff.encode("utf-8", "replace"))
            would_change = would_change or action in ("check", "diff")
            if not quiet:
                done = "would reformat" if action in ("check", "diff") else "reformatted"
                console.say(f"{done} {result.name}")
        report.add(result, write_failed=result.error is not None)
    if not quiet:
        _summary(report, color)
    failed = report.problems or (check and would_change)
    sys.exit(EXIT_FAILURES if failed else EXIT_OK)


def _summary(report: FormatReport, color: bool) -> None:
    parts = report.parts()
    if not parts:
        console.say(report.summary())
        return
    styles: dict[str, dict[str, Any]] = {
        "changed": {"bold": True}, "same": {}, "failed": {"fg": "red"},
    }
    shown = [click.style(text, **styles[kind]) if color else text for text, kind in parts]
    click.echo(", ".join(shown) + ".", err=True, color=color)
