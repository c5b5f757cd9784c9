"""One contract: the same situation gets the same exit code and message from every command.

``CONTRACT`` is the table: for each situation, the exit code of each command (None where
the situation cannot arise for it) and the shape of the message every command prints.
``test_contract_*`` runs every command on every situation in-process, through
``newsparse.cli.main(argv)``, and checks the exit code, the message and that a usage
error created nothing. docs/exit-codes.md shows the same table, generated from this
one between ``<!-- contract:start -->`` and ``<!-- contract:end -->``
(``NEWSPARSE_UPDATE_DOCS=1 pytest tests/test_contract.py`` regenerates it).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsparse.cli import main

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "exit-codes.md"
COMMANDS = ("parse", "convert", "check", "fmt", "stats")
GOOD = " date 2026-01-23 https://example.com/a.html\n\nHeadline\n\nBody text.\n"
BAD_RECORD = " date 2026-02-30 https://example.com/b.html\n\nHeadline\n\nBody text.\n"


@dataclass(frozen=True)
class Situation:
    """A row of the table. ``message`` is a template: ``{path}`` is the input, ``{output}``
    the output named, ``...`` any text; it must match a whole line the command prints
    (stderr, or stdout for check's report)."""

    text: str
    codes: dict[str, int | None]
    message: str
    note: str = ""
    #: commands that count the finding in their report instead of printing the message
    counted: tuple[str, ...] = ()


def _codes(*codes: int | None) -> dict[str, int | None]:
    return dict(zip(COMMANDS, codes, strict=True))


CONTRACT = (
    Situation(
        "A path that does not exist",
        _codes(2, 2, 2, 2, 2),
        "newsparse: error: path '{path}' does not exist",
        "a usage error, after the usage hint; found before anything is read or created",
    ),
    Situation(
        "No dump files found (an empty folder, every file excluded)",
        _codes(0, 0, 0, 0, 0),
        "newsparse: warning: no dump files found in {path}",
        "nothing is created",
    ),
    Situation(
        "An empty or blank-lines-only file",
        _codes(0, 0, 0, 0, 0),
        "{path}:1: NP113 empty file: ...",
        "a warning; fmt leaves the file as it is",
    ),
    Situation(
        "The same, with `--strict`",
        _codes(1, 1, 1, 1, 1),
        "{path}:1: NP113 empty file: ...",
        "`--strict` makes warnings fail, on every command",
    ),
    Situation(
        "An output whose folder does not exist",
        _codes(2, 2, 2, None, None),
        "newsparse: error: cannot write {output}: its folder does not exist",
        "a usage error found before the run; nothing is written",
    ),
    Situation(
        "An output that fails while it is written",
        _codes(1, 1, 1, 1, 1),
        "newsparse: error: cannot write {output}: No space left on device",
        "a full disk, no permission; here `/dev/full`",
    ),
    Situation(
        "A file that cannot be read as a dump",
        _codes(1, 1, 1, 1, 1),
        "{path}:1: NP404 binary file, not a dump",
        "",
    ),
    Situation(
        "A record that fails",
        _codes(1, 1, 1, 0, 0),
        "{path}:1: NP105 ...",
        "fmt keeps the record as it is (a warning); stats counts it in its report",
        counted=("stats",),
    ),
    Situation(
        "A file `fmt --check` would change",
        _codes(None, None, None, 1, None),
        "would reformat {path}",
        "",
    ),
)


# ---------------------------------------------------------------- running a command


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return (self.stdout + self.stderr).splitlines()


def invoke(argv: list[str], *, full_stdout: bool = False) -> Run:
    """``newsparse ARGV`` in this process, through main(); stdout can be /dev/full."""
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", newline="\n", write_through=True)
    with contextlib.ExitStack() as stack:
        if full_stdout:
            out: io.TextIOWrapper = stack.enter_context(open("/dev/full", "w"))
        else:
            out = io.TextIOWrapper(out_bytes, encoding="utf-8", newline="\n", write_through=True)
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        previous = signal.getsignal(signal.SIGTERM)
        stack.callback(signal.signal, signal.SIGTERM, previous)
        old_stdin = sys.stdin
        sys.stdin = io.TextIOWrapper(io.BytesIO())
        stack.callback(setattr, sys, "stdin", old_stdin)
        env = {"NO_COLOR": "1"}
        stack.enter_context(_environ(env))
        code = main(argv)
    return Run(code, out_bytes.getvalue().decode(), err_bytes.getvalue().decode())


@contextlib.contextmanager
def _environ(values: dict[str, str]) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


# ---------------------------------------------------------------- each situation


@dataclass(frozen=True)
class Case:
    argv: list[str]
    path: str
    output: str = ""
    full_stdout: bool = False


def _base(command: str, paths: list[str], tmp: Path) -> list[str]:
    if command == "convert":
        return ["convert", *paths, "-o", str(tmp / "out"), "-j", "1"]
    if command == "fmt":
        return ["fmt", "--check", *paths]
    return [command, *paths]


def _write(path: Path, data: str | bytes) -> str:
    if isinstance(data, str):
        data = data.encode()
    path.write_bytes(data)
    return str(path)


def _case(situation: str, command: str, tmp: Path) -> Case:
    if situation == "A path that does not exist":
        path = str(tmp / "nosuch")
        return Case(_base(command, [path], tmp), path)
    if situation.startswith("No dump files found"):
        folder = tmp / "empty"
        folder.mkdir()
        return Case(_base(command, [str(folder)], tmp), str(folder))
    if situation == "An empty or blank-lines-only file":
        path = _write(tmp / "blank.txt", "\n\n")
        return Case(_base(command, [path], tmp), path)
    if situation == "The same, with `--strict`":
        path = _write(tmp / "blank.txt", "\n\n")
        return Case([*_base(command, [path], tmp), "--strict"], path)
    if situation == "An output whose folder does not exist":
        path = _write(tmp / "good.txt", GOOD)
        output = str(
            tmp
            / "missing"
            / {"parse": "a.jsonl", "convert": "errors.jsonl", "check": "report.txt"}[command]
        )
        flag = "--errors" if command == "convert" else "-o"
        return Case([*_base(command, [path], tmp), flag, output], path, output)
    if situation == "An output that fails while it is written":
        path = _write(tmp / "good.txt", GOOD)
        if command in ("parse", "check"):
            return Case([*_base(command, [path], tmp), "-o", "/dev/full"], path, "/dev/full")
        argv = {
            "convert": [*_base(command, [path], tmp), "--dry-run"],
            "fmt": ["fmt", "--stdout", path],
            "stats": ["stats", path],
        }[command]
        return Case(argv, path, "stdout", full_stdout=True)
    if situation == "A file that cannot be read as a dump":
        path = _write(tmp / "picture.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
        return Case(_base(command, [path], tmp), path)
    if situation == "A record that fails":
        path = _write(tmp / "bad.txt", BAD_RECORD)
        return Case(_base(command, [path], tmp), path)
    if situation == "A file `fmt --check` would change":
        path = _write(tmp / "messy.txt", GOOD.replace(" date 2026-01-23", "DATE: Jan 23, 2026"))
        return Case(_base(command, [path], tmp), path)
    raise AssertionError(f"no case for {situation!r}")


def _pattern(template: str, case: Case) -> re.Pattern[str]:
    parts = re.split(r"(\{path\}|\{output\}|\.\.\.)", template)
    values = {"{path}": re.escape(case.path), "{output}": re.escape(case.output), "...": ".*"}
    return re.compile("".join(values.get(part, re.escape(part)) for part in parts))


def _tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


CELLS = [
    (s.text, command) for s in CONTRACT for command in COMMANDS if s.codes[command] is not None
]


@pytest.mark.parametrize(("situation", "command"), CELLS)
def test_contract_every_command_same_exit_code_and_message(
    tmp_path: Path, situation: str, command: str
) -> None:
    row = next(s for s in CONTRACT if s.text == situation)
    case = _case(situation, command, tmp_path)
    before = _tree(tmp_path)
    run = invoke(case.argv, full_stdout=case.full_stdout)
    assert run.code == row.codes[command], run
    pattern = _pattern(row.message, case)
    if command in row.counted:
        code = row.message.split()[1]
        assert re.search(rf"^\s+1\s+{code}\s", run.stdout, re.M), run
    else:
        assert any(pattern.fullmatch(line) for line in run.lines), (pattern.pattern, run)
    if run.code == 2 or situation.startswith("No dump files found"):
        assert _tree(tmp_path) == before  # found before anything was created
    if run.code == 2:
        assert run.stderr.splitlines()[-1].startswith("newsparse: error: ")


def test_contract_missing_path_is_found_before_other_paths_are_read(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.txt", GOOD)
    run = invoke(["convert", good, str(tmp_path / "nosuch"), "-o", str(tmp_path / "out")])
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr == (
        "Usage: newsparse convert [OPTIONS] [PATHS]...\n"
        "Try 'newsparse convert --help' for help.\n\n"
        f"newsparse: error: path '{tmp_path / 'nosuch'}' does not exist\n"
    )
    assert not (tmp_path / "out").exists()


def test_contract_fmt_check_passes_right_after_fmt_on_a_record_it_keeps(tmp_path: Path) -> None:
    kept = " date 2026-01-23 https://example.com/a\n\nHeadline\n\nAT&amp;amp;T said so.\n"
    path = _write(tmp_path / "kept.txt", kept + "\n" + BAD_RECORD)
    assert invoke(["fmt", path]).code == 0
    check = invoke(["fmt", "--check", path])
    assert check.code == 0, check
    assert re.search(r":1: NP210 record left as it is", check.stderr)
    ignored = invoke(["fmt", "--check", "--ignore", "NP210,NP105", path])
    assert (ignored.code, ignored.stderr) == (0, "1 file would be left unchanged.\n")
    assert invoke(["fmt", "--check", "--strict", path]).code == 1


def test_contract_every_library_run_carries_its_exit_code(tmp_path: Path) -> None:
    from newsparse.check import CheckSettings, check_paths
    from newsparse.convert.totals import Totals
    from newsparse.fmt_report import FormatReport
    from newsparse.stats import collect
    from newsparse.tally import Tally

    blank = _write(tmp_path / "blank.txt", "\n\n")
    assert [check_paths([blank], CheckSettings(strict=s)).exit_code for s in (False, True)] == [
        0,
        1,
    ]
    assert collect([blank]).exit_code == 0
    assert collect([_write(tmp_path / "p.txt", b"\x89PNG\r\n\x1a\n" + bytes(256))]).exit_code == 1
    assert (Tally(findings=1).exit_code, Tally(findings=1, strict=True).exit_code) == (0, 1)
    assert Totals(refused=1).exit_code == 1
    assert FormatReport(changes_fail=True, reformatted=1).exit_code == 1
    from newsparse.outcome import Outcome

    results: list[Outcome] = [
        check_paths([blank]),
        collect([blank]),
        Tally(),
        Totals(),
        FormatReport(),
    ]
    assert all(isinstance(result, Outcome) for result in results)
    assert [result.summary() for result in results] == [
        "Found 1 warning in 1 file.",
        "1 file, 0 records: 0 articles, 0 failed",
        "0 records: 0 written, 0 reported",
        "Converted 0 files, 0 records: 0 articles written, 0 reported.",
        "No files to format.",
    ]


def test_contract_exit_codes_agree_with_outcome() -> None:
    from newsparse import outcome

    assert (outcome.EXIT_OK, outcome.EXIT_FAILURES, outcome.EXIT_USAGE) == (0, 1, 2)
    assert {code for row in CONTRACT for code in row.codes.values()} == {None, 0, 1, 2}
    from newsparse.errors import NewsparseError, RunError

    assert issubclass(RunError, NewsparseError)
    assert outcome.write_failed("x", "Disk full").exit_code == outcome.EXIT_FAILURES


# ---------------------------------------------------------------- the docs table


def render_table() -> str:
    """The docs table: one row per situation, one column per command."""
    head = "| Situation | " + " | ".join(f"`{c}`" for c in COMMANDS) + " | Message | Note |"
    rule = "|---" * (len(COMMANDS) + 3) + "|"
    rows = [head, rule]
    for row in CONTRACT:
        codes = " | ".join("—" if row.codes[c] is None else str(row.codes[c]) for c in COMMANDS)
        rows.append(f"| {row.text} | {codes} | `{row.message}` | {row.note} |")
    return "\n".join(rows) + "\n"


MARKED = re.compile(r"(<!-- contract:start -->\n)(.*?)(<!-- contract:end -->)", re.S)


def test_contract_docs_table_is_the_tested_table() -> None:
    text = PAGE.read_text(encoding="utf-8")
    match = MARKED.search(text)
    assert match is not None, f"{PAGE}: no <!-- contract:start --> marker"
    fresh = render_table()
    if os.environ.get("NEWSPARSE_UPDATE_DOCS") == "1" and match.group(2) != fresh:
        PAGE.write_text(text[: match.start(2)] + fresh + text[match.end(2) :], encoding="utf-8")
        return
    assert match.group(2) == fresh, (
        "docs/exit-codes.md: the table differs from tests/test_contract.py's CONTRACT; run "
        "NEWSPARSE_UPDATE_DOCS=1 pytest tests/test_contract.py and review the diff"
    )
