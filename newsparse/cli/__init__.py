"""The ``newsparse`` command line: a thin Click layer over the library.

Subcommands are loaded only when they run, so that ``newsparse --version`` and
``newsparse parse`` pay for nothing they do not use.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from newsparse import __version__

# The exit codes are newsparse.outcome's; the commands import them from here too.
from newsparse.outcome import EXIT_FAILURES as EXIT_FAILURES
from newsparse.outcome import EXIT_INTERRUPTED as EXIT_INTERRUPTED
from newsparse.outcome import EXIT_OK as EXIT_OK
from newsparse.outcome import EXIT_PIPE as EXIT_PIPE
from newsparse.outcome import EXIT_TERMINATED as EXIT_TERMINATED
from newsparse.outcome import EXIT_USAGE as EXIT_USAGE
from newsparse.outcome import Outcome
from newsparse.sigterm import Terminated, terminate_on_sigterm

#: name -> (module, function, one-line help). The help is here so that
#: ``newsparse --help`` does not import every command.
COMMANDS = {
    "parse": ("newsparse.cli.parse", "parse", "Parse dumps and stream articles to stdout."),
    "convert": ("newsparse.cli.convert", "convert", "Convert dump folders into article files."),
    "check": ("newsparse.cli.check", "check", "Lint dump archives, with CI output formats."),
    "fmt": ("newsparse.cli.fmt", "fmt", "Rewrite dumps into the canonical form."),
    "stats": ("newsparse.cli.stats", "stats", "Know your archive: counts, dates, sources."),
    "rules": ("newsparse.cli.check", "rules", "List the finding codes, or explain one."),
    "schema": ("newsparse.cli.parse", "schema", "Print the JSON Schema of an article."),
}


CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if _available(name)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attribute, _ = COMMANDS[cmd_name]
        try:  # one import, no separate search first: this is on every run's path
            loaded = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            return None
        command: click.Command = getattr(loaded, attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command, and turn how it ended into output and an exit status: the one
        place where that is done. A command returns its outcome (anything with an
        ``exit_code``) or an int; run errors arrive as exceptions."""
        try:
            outcome = super().invoke(ctx)
        except click.BadParameter as exc:
            if isinstance(exc, click.MissingParameter):
                _usage_error(exc)
            # A bad option value is one line, like every run error (not the usage block).
            message = exc.format_message()
            _run_error(ctx, message[:1].lower() + message[1:], EXIT_USAGE)
        except click.UsageError as exc:
            _usage_error(exc)
        except click.ClickException as exc:
            _run_error(ctx, exc.format_message(), exc.exit_code)
        except BrokenPipeError:
            _silence_stdout()
            ctx.exit(EXIT_PIPE)
        except (KeyboardInterrupt, click.exceptions.Abort):
            click.echo("newsparse: interrupted", err=True)
            ctx.exit(EXIT_INTERRUPTED)
        except Terminated:
            click.echo("newsparse: terminated", err=True)
            ctx.exit(EXIT_TERMINATED)
        except Exception as exc:
            from newsparse.errors import (
                NewsparseError,  # not at import: --version needs none
                RunError,
            )

            if isinstance(exc, RunError):
                _run_error(ctx, exc.message, exc.exit_code)
            # A refused write (atomic.Refused) is an OSError too: main reports it as one.
            if not isinstance(exc, NewsparseError) or isinstance(exc, OSError):
                raise
            _run_error(ctx, str(exc), EXIT_FAILURES)
        ctx.exit(exit_code(outcome))


def exit_code(outcome: Outcome | int | None) -> int:
    """The exit status of what a command returned: an outcome's, an int, or 0 for None."""
    if outcome is None:
        return EXIT_OK
    if isinstance(outcome, int):
        return outcome
    return outcome.exit_code


def _usage_error(exc: click.UsageError) -> None:
    """A usage error: the command's usage and where help is, then one error line in the
    form every error has, ``newsparse: error: <message>``; exit 2."""
    from newsparse.cli import console

    ctx = exc.ctx
    if ctx is not None:
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            option = max(ctx.command.get_help_option_names(ctx), key=len)  # --help, as click
            hint = f"Try '{ctx.command_path} {option}' for help.\n"
        click.echo(ctx.get_usage() + "\n" + hint, err=True, color=ctx.color)
    console.error(exc.format_message())
    if ctx is not None:
        ctx.exit(EXIT_USAGE)
    raise click.exceptions.Exit(EXIT_USAGE)


def _run_error(ctx: click.Context, message: str, code: int) -> None:
    """One form for every command's run error: ``newsparse: error: <message>``."""
    from newsparse.cli import console

    console.error(message)
    ctx.exit(code)


def _available(name: str) -> bool:
    from importlib.util import find_spec

    return find_spec(COMMANDS[name][0]) is not None


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so the final flush cannot fail."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


@click.group(cls=LazyGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="newsparse")
def cli() -> None:
    """Turn raw news dump files into clean, normalized articles.

    \b
    Examples:
      newsparse parse dumps/ > articles.jsonl
      newsparse parse -f md dumps/2026/01/story.txt
      newsparse convert dumps/ -o out/ -f json
      newsparse check dumps/ --output-format github
      newsparse fmt --check dumps/
      newsparse stats dumps/

    Exit codes, the same for every command: 0 success (warnings alone do not
    fail, unless --strict), 1 some input or output failed, 2 usage error (found
    before anything is read or created), 130 interrupted, 141 output pipe closed,
    143 terminated. See docs/exit-codes.md.
    """


def main(argv: list[str] | None = None) -> int:
    """Run newsparse with ``argv`` (default: the command line) and return its exit
    status; the console script (newsparse.__main__) exits with it. Tests call it
    in-process."""
    terminate_on_sigterm()
    code: Any = EXIT_OK
    try:
        cli.main(args=argv, prog_name="newsparse")
    except SystemExit as exc:
        code = exc.code
    except KeyboardInterrupt:
        click.echo("newsparse: interrupted", err=True)
        code = EXIT_INTERRUPTED
    except Terminated:
        code = EXIT_TERMINATED
    except OSError as exc:
        code = _write_failed(exc)
    try:
        if sys.stdout is not None:  # None when started with stdout closed (>&-)
            sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        code = EXIT_PIPE
    except (OSError, ValueError):
        pass
    if code is None:
        return EXIT_OK
    if not isinstance(code, int):  # sys.exit("message"): click prints nothing for it
        click.echo(str(code), err=True)
        return EXIT_FAILURES
    return code


def _write_failed(exc: OSError) -> int:
    """Report a failed write (a full disk, /dev/full, a closed stdout) in one line."""
    import os

    from newsparse.cli import console

    _silence_stdout()
    where = os.fsdecode(exc.filename) if exc.filename else "stdout"
    console.error(f"cannot write {where}: {exc.strerror or exc}")
    return EXIT_FAILURES
