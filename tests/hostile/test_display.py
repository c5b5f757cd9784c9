"""Untrusted text is inert on the terminal: every line for a person goes through one
escaping function, and no file name, headline, URL or message can move the cursor,
recolour, reorder the text, fake a line, or fake a CI workflow command."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import click
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsparse.cli import console
from newsparse.codes import RULES
from newsparse.diagnostics import CheckResult, Diagnostic
from newsparse.display import display, display_path, unicode_safe
from newsparse.model import Finding
from newsparse.reporters import render

from .support import invoke, record

# The class, written out independently of newsparse.display's regular expression.
BIDI = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
#: One of each kind, for the strategies to draw often: C0 (ESC, CR, LF, BEL, NUL), DEL,
#: C1 (NEL, CSI), bidi overrides/isolates/marks, separators, non-characters, surrogates.
DANGEROUS = (
    "\x1b",
    "\r",
    "\n",
    "\x07",
    "\x00",
    "\t",
    "\x7f",
    "\x85",
    "\x9b",
    "\u202e",
    "\u202a",
    "\u2066",
    "\u2069",
    "\u200f",
    "\u061c",
    "\u2028",
    "\u2029",
    "\ufffe",
    "\uffff",
    "\ufdd0",
    "\U0001fffe",
    "\U0010ffff",
    "\udcff",
    "\ud800",
)


def dangerous(char: str) -> bool:
    """Whether a character can change what a terminal or a text viewer shows."""
    point = ord(char)
    return (
        unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp")
        or point in BIDI
        or 0xFDD0 <= point <= 0xFDEF
        or point & 0xFFFE == 0xFFFE  # U+xFFFE and U+xFFFF of every plane
    )


def assert_inert(text: str) -> None:
    bad = sorted({f"U+{ord(c):04X}" for c in text if dangerous(c)})
    assert bad == [], f"{bad} in {text!r}"


#: Any code point at all (surrogates included), with the dangerous ones drawn often.
hostile_chars = st.one_of(
    st.sampled_from(DANGEROUS), st.characters(exclude_categories=()), st.sampled_from(":/%,")
)
hostile_text = st.text(hostile_chars, max_size=40)


@given(hostile_text)
def test_display_escapes_every_dangerous_character(text: str) -> None:
    shown = display(text)
    assert_inert(shown)
    assert display(shown) == shown  # escaping twice changes nothing more
    if not any(dangerous(c) for c in text):
        assert shown == text  # safe text is shown as it is


@given(hostile_text)
def test_display_path_never_starts_a_workflow_command(path: str) -> None:
    shown = display_path(path)
    assert_inert(shown)
    assert not (shown + ":1:").lstrip().startswith("::")  # as a finding line starts


@given(hostile_text)
def test_display_unicode_safe_removes_only_surrogates(text: str) -> None:
    safe = unicode_safe(text)
    safe.encode("utf-8")  # never raises
    if not any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        assert safe == text


def test_display_escapes_as_repr_shows_them() -> None:
    assert display("a\x1b[2Jb\r\n\t\x9b\u202e\u2028\ufffe\U0001ffff") == (
        "a\\x1b[2Jb\\r\\n\\t\\x9b\\u202e\\u2028\\ufffe\\U0001ffff"
    )
    assert display(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"  # the byte, not UTF-8


@given(path=hostile_text, message=hostile_text)
def test_display_console_finding_lines_are_inert(path: str, message: str) -> None:
    finding = Finding(RULES["NP105"], message, path, 3)
    plain = console.format_finding(finding, False)
    assert_inert(plain)
    assert not plain.lstrip().startswith("::")
    # With colour, the only escapes are our own: removing them gives the plain line.
    assert click.unstyle(console.format_finding(finding, True)) == plain


@given(path=hostile_text, message=hostile_text)
def test_display_text_report_is_inert(path: str, message: str) -> None:
    found = Diagnostic(path, 3, 1, RULES["NP105"], message, "error", "f")
    text = render("text", CheckResult([found], files=1))
    lines = text.split("\n")
    assert len(lines) == 3 and lines[-1] == ""  # one finding line, the summary, the end
    assert_inert(text.replace("\n", ""))
    assert not text.lstrip().startswith("::")


#: File names that attack a terminal or a CI log: every command is run on each.
HOSTILE_NAMES = {
    "newline": "new\nline.txt",
    "escape": "esc\x1b[31mred\x1b]0;title\x07.txt",
    "workflow-command": "::error title=Pwned::Fake failure.txt",
    "bidi-override": "invoice\u202etxt.exe",
    "csi": "csi\x9b2J.txt",
    "separator": "line\u2028sep.txt",
    "not-utf8": os.fsdecode(b"latin\xe9.txt"),
}
#: A damaged record (impossible date, a headline with escapes) so that every command
#: reports something that names the file.
HOSTILE_RECORD = record(date="2026-02-30", headline="Head\x1b[2J\u202eline")


def _commands(name: str) -> dict[str, list[str]]:
    return {
        "parse": ["parse", name],
        "convert": ["convert", name, "-o", "out"],
        "fmt": ["fmt", name],
        "fmt-check": ["fmt", "--check", name],
        "check": ["check", name],
        "check-statistics": ["check", "--statistics", name],
    }


@pytest.mark.parametrize("kind", sorted(HOSTILE_NAMES))
def test_display_every_command_prints_hostile_names_inert(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    name = HOSTILE_NAMES[kind]
    monkeypatch.chdir(tmp_path)
    # What follows a line break in the name must never start a line of its own.
    tails = [name.split(c, 1)[1] for c in name if c in "\n\r\x85\u2028"]
    for command, args in _commands(name).items():
        with open(os.fsencode(name), "w", encoding="utf-8") as handle:
            handle.write(
                HOSTILE_RECORD.replace("2026-02-30", "2026-13-45")
                if command.startswith("fmt")
                else HOSTILE_RECORD
            )
        run = invoke(args)
        assert run.code in (0, 1), (command, run.stderr)
        for stream in (run.stdout, run.stderr):
            for line in stream.split("\n"):  # only LF: any other break must be escaped
                assert_inert(line)
                assert not any(line.startswith(tail) for tail in tails), (command, line)
                assert not line.lstrip().startswith("::"), (command, line)
        if command in ("parse", "check", "convert"):
            assert display_path(name) in run.stderr + run.stdout, (command, run.stderr)


def test_display_run_errors_are_inert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    name = "missing\x1b[2J\u202e.json"
    run = invoke(["check", "--baseline", name, "."])
    assert run.code == 2
    assert run.stderr == f"newsparse: error: baseline file not found: {display(name)}\n"
    run = invoke(["parse", "--max-record-size", "\x1b[2J", "-"], input=b"")
    assert run.code == 2
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("newsparse: error: ")
    assert_inert(run.stderr[:-1])


@settings(max_examples=25, deadline=None)
@given(headline=hostile_text, url_tail=st.text(hostile_chars, max_size=10))
def test_display_parse_findings_are_inert_for_any_record(headline: str, url_tail: str) -> None:
    text = record(date="2026-02-30", url="https://example.com/" + url_tail, headline=headline)
    run = invoke(["parse", "-"], input=text.encode("utf-8", "surrogatepass"))
    for line in run.stderr.splitlines():
        assert_inert(line)


def test_display_fast_path_is_sound_for_every_code_point() -> None:
    # display() returns str.isprintable() text unchanged without searching it, so every
    # character of the class must be one that isprintable() rejects: all 1,114,112.
    import sys

    from newsparse.display import UNSAFE

    escaped = [c for c in map(chr, range(sys.maxunicode + 1)) if re.match(UNSAFE, c)]
    assert [f"U+{ord(c):04X}" for c in escaped if c.isprintable()] == []
    assert all(dangerous(c) for c in escaped)
    assert sum(1 for c in map(chr, range(sys.maxunicode + 1)) if dangerous(c)) == len(escaped)


def test_display_fmt_diff_shows_hostile_text_inert(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The diff is for a person: archive text in it (kept by fmt, or dropped: the '-'
    # lines hold the original) must not clear the screen, reorder text or fake lines.
    monkeypatch.chdir(tmp_path)
    Path("d.txt").write_text(
        " date 2026-01-02 https://example.com/a  \n\nHead\x1b[2J\u202eline\t\x9bx\n\n"
        "Body\u2028text.\n",
        encoding="utf-8",
    )
    run = invoke(["fmt", "--diff", "d.txt"])
    assert run.stdout.split("\n") == [
        "--- d.txt",
        "+++ d.txt",
        "@@ -1,5 +1,5 @@",
        "- date 2026-01-02 https://example.com/a  ",
        "+ date 2026-01-02 https://example.com/a",
        " ",
        "-Head\\x1b[2J\\u202eline\t\\x9bx",
        "+Head[2J\\u202eline \\x9bx",
        " ",
        "-Body\\u2028text.",
        "+Body text.",
        "",
    ]
