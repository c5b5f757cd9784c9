"""``newsparse fmt``: rewrite dump files in the canonical form."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from newsparse.cli import EXIT_OK, EXIT_USAGE, console, options
from newsparse.errors import RunError
from newsparse.fmt_report import FormatReport
from newsparse.reformat import format_paths

if TYPE_CHECKING:
    from newsparse.reformat import Action


def _out(data: bytes) -> None:
    stream = console.stdout_buffer()
    stream.write(data)
    stream.flush()


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@options.paths_argument
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; list the files that would change and exit 1 if any would.",
)
@click.option(
    "--diff", is_flag=True, help="Write nothing; print a unified diff of the changes to stdout."
)
@click.option(
    "--stdout",
    "to_stdout",
    is_flag=True,
    help="Print the formatted text to stdout instead of rewriting the files.",
)
@click.option(
    "-q", "--quiet", is_flag=True, help="Print only problems: no file names and no summary."
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODE[,CODE...]",
    help="Report only these codes among the warnings (records and files kept as "
    "they are), as check does (codes or prefixes such as NP2, or ALL).",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CODE[,CODE...]",
    help="Do not report these codes among the warnings.",
)
@options.strict_option
@options.exclude_option
@options.max_record_option
def fmt(
    paths: tuple[str, ...],
    check: bool,
    diff: bool,
    to_stdout: bool,
    quiet: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    strict: bool,
    exclude: tuple[str, ...],
    max_record_size: int,
) -> FormatReport | int:
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
    that cannot be formatted safely is kept exactly as it was and reported as a
    warning, `path:line: CODE message`; the rest of its file is still formatted.
    So is a file kept as it is for what it holds (empty, no header, invalid
    bytes): `newsparse check` is where those fail a build. A file that cannot be
    read (not text, corrupt, over the size limit) fails.

    \b
    Examples:
      newsparse fmt dumps/
      newsparse fmt --check dumps/          # in CI or a pre-commit hook
      newsparse fmt --diff dumps/2026/01/story.txt
      newsparse fmt - < story.txt > story.formatted.txt

    \b
    Exit codes: 0 done (or, with --check, nothing would change; warnings alone
    do not fail, unless --strict); 1 some file would change (--check), or a file
    could not be read or written; 2 usage error (docs/exit-codes.md).
    """
    paths = options.require_paths(paths)
    if to_stdout and (check or diff):
        raise click.UsageError("--stdout cannot be combined with --check or --diff")
    selects = _selection(select, ignore)
    if options.nothing_found(paths, exclude):
        return EXIT_OK
    color = console.use_color()
    report = FormatReport(
        check=check or diff, printed=to_stdout, strict=strict, changes_fail=check, selects=selects
    )
    if check or diff:
        action: Action = "diff" if diff else "check"
    else:
        action = "stdout" if to_stdout else "write"
    stdout = console.stdout_buffer() if action == "stdout" or "-" in paths else None
    results = format_paths(
        paths, action, exclude=exclude, max_record=max_record_size, stdout=stdout
    )
    for result in results:
        warning = report.is_warning(result)
        for failure in result.reports:
            if not warning or selects(failure.finding.code):
                console.report(failure, color)
        if result.error is not None:
            console.error(f"cannot write {result.name}: {result.error}")
        elif result.changed and not result.failed:
            if action == "diff":
                _out(result.diff.encode("utf-8", "replace"))
            if quiet:
                pass
            elif action in ("check", "diff"):
                why = (
                    ""
                    if result.diff or action == "check"
                    else (
                        " (line endings, encoding or byte-order mark only: no line of text changes)"
                    )
                )
                console.say(f"would reformat {result.name}{why}")
            elif action == "write":
                console.say(f"reformatted {result.name}")
        report.add(result, write_failed=result.error is not None)
    if not quiet:
        _summary(report, color)
    return report


def _selection(select: tuple[str, ...], ignore: tuple[str, ...]) -> Callable[[str], bool]:
    """Which codes fmt reports among its warnings (check's --select and --ignore)."""
    from newsparse.check.select import Layer, SelectionError, Selector, normalize_codes

    if not select and not ignore:
        return lambda code: True
    try:
        layer = Layer(
            select=normalize_codes(select) if select else None, ignore=normalize_codes(ignore)
        )
    except SelectionError as exc:
        raise RunError(EXIT_USAGE, str(exc)) from None
    enabled = Selector.resolve([layer]).enabled
    return enabled.__contains__


def _summary(report: FormatReport, color: bool) -> None:
    parts = report.parts()
    if not parts:
        console.say(report.summary())
        return
    styles: dict[str, dict[str, Any]] = {
        "changed": {"bold": True},
        "same": {},
        "failed": {"fg": "red"},
        "warning": {"fg": "yellow"},
    }
    shown = [click.style(text, **styles[kind]) if color else text for text, kind in parts]
    click.echo(", ".join(shown) + ".", err=True, color=color)
