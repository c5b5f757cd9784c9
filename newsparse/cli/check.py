"""``newsparse check`` and ``newsparse rules``: wiring only; the work is in newsparse.check."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import click
from click.core import ParameterSource

from newsparse.check import CheckResult, CheckSettings, SelectionError, Selector, check_paths
from newsparse.check.baseline import Baseline
from newsparse.check.config import FileConfig, load_config
from newsparse.check.select import Layer, normalize_codes, parse_per_file_ignore
from newsparse.cli import EXIT_FAILURES, EXIT_OK, EXIT_USAGE, console, options
from newsparse.codes import RULES, explain, lookup
from newsparse.errors import NewsparseError, RunError
from newsparse.outcome import write_failed
from newsparse.reader import DEFAULT_MAX_RECORD
from newsparse.reporters import FORMATS, ReportOptions, render
from newsparse.tally import plural

_CODES = "CODE[,CODE...]"


def _fail(message: str) -> NoReturn:
    """A usage, configuration or baseline problem: exit 2 with a one-line message."""
    raise RunError(EXIT_USAGE, message)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@options.paths_argument
@click.option(
    "--output-format",
    type=click.Choice(FORMATS),
    default=None,
    help="text (default), json, github, junit, sarif or gitlab.",
)
@click.option(
    "-o",
    "--output-file",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Write the report to this file (atomically) instead of stdout.",
)
@click.option(
    "--select",
    multiple=True,
    metavar=_CODES,
    help="Check only these rules (codes or prefixes such as NP1, or ALL).",
)
@click.option("--ignore", multiple=True, metavar=_CODES, help="Skip these rules.")
@click.option(
    "--extend-select",
    multiple=True,
    metavar=_CODES,
    help="Check these rules on top of the selection.",
)
@click.option(
    "--per-file-ignores",
    multiple=True,
    metavar="GLOB:" + _CODES,
    help="Skip rules in the files matching a glob (repeatable).",
)
@options.exclude_option
@click.option(
    "--statistics/--no-statistics",
    default=None,
    help="Print counts by code instead of each finding (text and json).",
)
@click.option("--strict/--no-strict", default=None, help="Make warnings fail the run too.")
@click.option(
    "--exit-zero/--no-exit-zero", default=None, help="Exit 0 even when there are findings."
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Ignore the findings recorded in this baseline file.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Record the current findings in this baseline file, and exit 0.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Read [tool.newsparse.check] from this file instead of searching "
    "upward for pyproject.toml.",
)
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@options.max_record_option
@options.scheduler_options
@click.pass_context
def check(
    ctx: click.Context,
    paths: tuple[str, ...],
    output_format: str | None,
    output_file: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    extend_select: tuple[str, ...],
    per_file_ignores: tuple[str, ...],
    exclude: tuple[str, ...],
    statistics: bool | None,
    strict: bool | None,
    exit_zero: bool | None,
    baseline: str | None,
    write_baseline: str | None,
    config_file: str | None,
    isolated: bool,
    max_record_size: int,
    scheduler: str | None = None,
    storage_options: tuple[tuple[str, Any], ...] = (),
    files_per_partition: int | None = None,
) -> CheckResult | int:
    """Lint dump files and folders (recursively), or - (stdin), for CI.

    Prints `path:line:col: CODE message` per finding and a summary line, or a
    report for CI (--output-format). Settings can also live in
    [tool.newsparse.check] in pyproject.toml; options given here win.
    `newsparse rules` lists the codes.

    \b
    Examples:
      newsparse check dumps/
      newsparse check dumps/ --select NP1,NP2 --ignore NP106 --strict
      newsparse check dumps/ --output-format github
      newsparse check dumps/ --output-format sarif -o newsparse.sarif
      newsparse check dumps/ --write-baseline .newsparse-baseline.json
      newsparse check dumps/ --baseline .newsparse-baseline.json
      newsparse check s3://archive/dumps/ --scheduler tcp://scheduler:8786

    \b
    Exit codes: 0 no failing findings; 1 errors found (or warnings, with
    --strict), or the report could not be written; 2 usage, configuration or
    baseline error (docs/exit-codes.md).
    """
    if not paths:
        raise click.UsageError("no input: give files or folders, or - to read stdin")
    on_dask = options.cluster_settings(storage_options, files_per_partition, scheduler, paths)
    try:
        config = (
            FileConfig() if isolated else load_config(Path(config_file) if config_file else None)
        )
        cli_layer = Layer(
            select=normalize_codes(select) if select else None,
            ignore=normalize_codes(ignore),
            extend_select=normalize_codes(extend_select),
            per_file_ignores=tuple(parse_per_file_ignore(p) for p in per_file_ignores),
        )
    except (NewsparseError, SelectionError) as exc:
        _fail(str(exc))
    fmt = output_format or config.output_format or "text"
    show_statistics = _pick(statistics, config.statistics)
    if show_statistics and fmt not in ("text", "json"):
        raise click.UsageError("--statistics works with the text and json output formats")
    baseline_file = baseline or config.baseline
    if ctx.get_parameter_source("max_record_size") == ParameterSource.DEFAULT:
        max_record_size = config.max_record_size or DEFAULT_MAX_RECORD
    try:
        known = Baseline.load(baseline_file) if baseline_file and not write_baseline else None
    except NewsparseError as exc:
        _fail(str(exc))
    fail_on_warnings = _pick(strict, config.strict)
    settings = CheckSettings(
        strict=fail_on_warnings,
        selector=Selector.resolve([config.layer, cli_layer]),
        severity=config.severity,
        exclude=(*config.exclude, *exclude),
        max_record=max_record_size,
        baseline=known,
        root=str(config.root) if config.root else None,
    )
    if write_baseline:
        options.check_output(write_baseline, paths, "baseline")
    elif output_file or config.output_file:
        options.check_output(output_file or config.output_file or "-", paths)
    cluster_run = on_dask is not None
    if not cluster_run and options.nothing_found(paths, settings.exclude):
        return EXIT_OK
    if cluster_run:
        from newsparse.cli import cluster

        result = cluster.check(paths, settings, scheduler, on_dask)
    else:
        result = check_paths(paths, settings)
    if write_baseline:
        from newsparse.check import baseline as baselines

        try:
            count = baselines.write(result.diagnostics, write_baseline)
        except NewsparseError as exc:
            raise RunError(EXIT_FAILURES, str(exc)) from None
        console.say(f"newsparse: wrote {plural(count, 'finding')} to {write_baseline}")
        return EXIT_OK
    destination = output_file or config.output_file
    to_stdout = destination is None or destination == "-"
    color = fmt == "text" and to_stdout and console.use_color(sys.stdout)
    report = render(fmt, result, ReportOptions(fail_on_warnings, color, show_statistics))
    _emit(report, destination, color)
    if _pick(exit_zero, config.exit_zero):
        return EXIT_OK
    return result


def _pick(flag: bool | None, configured: bool | None) -> bool:
    """The command line wins; then the config file; then off."""
    return bool(configured) if flag is None else flag


def _emit(report: str, destination: str | None, color: bool) -> None:
    if destination is None or destination == "-":
        sys.stdout.flush()
        out = console.stdout_buffer()
        out.write(report.encode("utf-8"))
        out.flush()
        return
    from newsparse.atomic import atomic_write

    try:
        with atomic_write(destination) as handle:
            handle.write(report)
    except OSError as exc:
        raise write_failed(destination, exc.strerror or str(exc)) from None


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("code", required=False)
@click.option(
    "--output-format",
    type=click.Choice(("text", "json")),
    default="text",
    show_default=True,
    help="text: a table, or the explanation. json: the same data.",
)
def rules(code: str | None, output_format: str) -> None:
    """List the rules and their codes, or explain one rule (by code or name).

    \b
    Examples:
      newsparse rules
      newsparse rules NP105
      newsparse rules date-impossible
      newsparse rules --output-format json | jq -r '.[] | select(.severity == "error") | .code'

    Exit codes: 0 success; 2 unknown code.
    """
    import json

    if code is not None:
        rule = lookup(code)
        if rule is None:
            _fail(f"unknown rule {code!r}; `newsparse rules` lists them")
        assert rule is not None
        if output_format == "json":
            click.echo(json.dumps(_rule_dict(rule.code), indent=2, ensure_ascii=False))
        else:
            click.echo(explain(rule), nl=False)
        return
    if output_format == "json":
        data = [_rule_dict(c) for c in RULES]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    width = max(len(r.name) for r in RULES.values())
    click.echo(f"{'Code':<5}  {'Name':<{width}}  {'Severity':<8}  Summary")
    for rule in RULES.values():
        click.echo(f"{rule.code}  {rule.name:<{width}}  {rule.severity:<8}  {rule.summary}")


def _rule_dict(code: str) -> dict[str, str]:
    rule = RULES[code]
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity,
        "summary": rule.summary,
        "explanation": rule.explanation,
        "bad": rule.bad,
        "good": rule.good,
    }
