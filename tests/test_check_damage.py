"""Every kind of damage listed in docs/format.md is caught, with the right code at the right line,
in one run over one damaged archive."""

from __future__ import annotations

import codecs
import gzip
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsparse.cli import cli

OK = " date 2026-01-23 https://site.com/20260123/ok-{n}.html\n\nHeadline {n}\n\nBody number {n}.\n"


@pytest.fixture
def damaged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    d = tmp_path / "archive"
    d.mkdir()
    # a truncated record (a header and nothing else), in the middle of a file
    (d / "truncated.txt").write_text(
        OK.format(n=1) + "\n date 2026-01-23 https://site.com/cut.html\n" + OK.format(n=2),
        encoding="utf-8",
    )
    (d / "junk.bin").write_bytes(random.Random(0).randbytes(4000))
    (d / "impossible.txt").write_text(
        "\n\n" + OK.format(n=3).replace("2026-01-23", "2026-02-30"), encoding="utf-8"
    )
    (d / "not-a-url.txt").write_text(
        OK.format(n=4) + "\n date 2026-01-23 site.com/x.html\n\nHeadline\n\nBody x.\n",
        encoding="utf-8",
    )
    (d / "twice-a.txt").write_text(OK.format(n=5), encoding="utf-8")
    (d / "twice-b.txt").write_text("\n" + OK.format(n=5), encoding="utf-8")
    (d / "mismatch.txt").write_text(
        OK.format(n=6).replace("2026-01-23", "2026-01-25"), encoding="utf-8"
    )
    (d / "bom.txt").write_bytes(codecs.BOM_UTF8 + OK.format(n=7).encode())
    (d / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + OK.format(n=8).encode("utf-16-le"))
    (d / "cp1252.txt").write_bytes(
        OK.format(n=9)
        .replace("Body", "Caf\u00e9 cr\u00e8me na\u00efve \u00e9t\u00e9 Body")
        .encode("cp1252")
    )
    (d / "mojibake.txt").write_text(
        OK.format(n=10).replace("Body", "It\u00e2\u20ac\u2122s the body"), encoding="utf-8"
    )
    (d / "crlf.txt").write_bytes(OK.format(n=11).replace("\n", "\r\n").encode())
    (d / "cr.txt").write_bytes(OK.format(n=12).replace("\n", "\r").encode())
    (d / "html.txt").write_text(
        OK.format(n=13).replace("Body", "<p>Smith &amp; Sons</p> Body"), encoding="utf-8"
    )
    (d / "empty.txt").write_text("", encoding="utf-8")
    (d / "notes.txt").write_text("These are my notes, not a dump.\n", encoding="utf-8")
    (d / "preamble.txt").write_text("Exported by scraper v2\n" + OK.format(n=14), encoding="utf-8")
    (d / "cut.txt.gz").write_bytes(
        gzip.compress("\n".join(OK.format(n=100 + i) for i in range(200)).encode())[:300]
    )
    return tmp_path


def test_check_damage_every_kind_caught_at_its_line(damaged: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "archive", "--output-format", "json"])
    assert result.exit_code == 1
    found = [(f["path"], f["line"], f["code"]) for f in json.loads(result.stdout)]
    assert found == [
        ("archive/bom.txt", 1, "NP402"),
        ("archive/cp1252.txt", 1, "NP401"),
        ("archive/cr.txt", 1, "NP403"),
        ("archive/crlf.txt", 1, "NP403"),
        ("archive/cut.txt.gz", 151, "NP406"),  # the record the damage cut off
        ("archive/cut.txt.gz", 156, "NP406"),  # the damage itself
        ("archive/empty.txt", 1, "NP113"),
        ("archive/html.txt", 5, "NP301"),
        ("archive/html.txt", 5, "NP302"),
        ("archive/impossible.txt", 3, "NP105"),
        ("archive/junk.bin", 1, "NP404"),
        ("archive/mismatch.txt", 1, "NP107"),
        ("archive/mojibake.txt", 5, "NP303"),
        ("archive/not-a-url.txt", 7, "NP108"),
        ("archive/notes.txt", 1, "NP101"),
        ("archive/preamble.txt", 1, "NP208"),
        ("archive/truncated.txt", 7, "NP205"),
        ("archive/twice-a.txt", 1, "NP501"),
        ("archive/twice-b.txt", 2, "NP501"),
        ("archive/utf16.txt", 1, "NP401"),
    ]


def test_check_damage_summary_and_strict(damaged: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "archive"])
    assert result.stdout.splitlines()[-1] == "Found 9 errors and 11 warnings in 18 files."
    ok = CliRunner().invoke(cli, ["check", "archive/crlf.txt"])
    assert ok.exit_code == 0
    strict = CliRunner().invoke(cli, ["check", "archive/crlf.txt", "--strict"])
    assert strict.exit_code == 1
