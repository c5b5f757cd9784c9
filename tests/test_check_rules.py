"""Every rule, through the CLI: a minimal bad file gives the code at the right line, and a
minimal good file gives nothing."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsparse.cli import cli
from newsparse.codes import RULES

HEADER = " date 2026-01-23 https://site.com/20260123/story-1.html"
LEAD = "The minister met the ambassador on Monday to discuss trade and energy."
GOOD = (
    f"{HEADER}\n\nMinister Meets Ambassador\n\n{LEAD}\n\n"
    "https://cdn.site.com/img/photo_1:2.jpg\n\n"
    f"{LEAD} Talks will continue in March.\n"
)


def record(
    header: str = HEADER,
    headline: str = "Minister Meets Ambassador",
    body: str = "Talks will continue in March.",
) -> str:
    return f"{header}\n\n{headline}\n\n{body}\n"


def _gz_truncated() -> bytes:
    data = gzip.compress(GOOD.encode() * 50)
    return data[: len(data) // 2]


# code -> (file name, bad content, expected line of the finding, good content)
CASES: dict[str, tuple[str, bytes, int, bytes]] = {
    "NP101": ("a.txt", b"Just some notes\nabout nothing\n", 1, GOOD.encode()),
    "NP102": ("a.txt", record(" date https://site.com/s.html").encode(), 1, GOOD.encode()),
    "NP103": ("a.txt", record(" date 2026-01-23").encode(), 1, GOOD.encode()),
    "NP104": (
        "a.txt",
        ("x\n" + record(" date yesterday https://s.com/s.html")).encode(),
        2,
        GOOD.encode(),
    ),
    "NP105": (
        "a.txt",
        record(" date 2026-02-30 https://s.com/s.html").encode(),
        1,
        record(" date 2026-02-28 https://s.com/s.html").encode(),
    ),
    "NP106": (
        "a.txt",
        record(" date 1970-01-01 https://s.com/s.html").encode(),
        1,
        record(" date 1990-01-01 https://s.com/s.html").encode(),
    ),
    "NP107": (
        "a.txt",
        record(" date 2026-01-24 https://s.com/20260123/s.html").encode(),
        1,
        record(" date 2026-01-23 https://s.com/2026/01/23/s.html").encode(),
    ),
    "NP108": (
        "a.txt",
        record(" date 2026-01-23 ftp://site.com/s.html").encode(),
        1,
        record(" date 2026-01-23 //site.com/s.html").encode(),
    ),
    "NP109": (
        "a.txt",
        record(" date 2026-01-23 https://s.com/news item=5").encode(),
        1,
        GOOD.encode(),
    ),
    "NP110": (
        "a.txt",
        record("\u00a0date 2026-01-23 https://s.com/s.html").encode(),
        1,
        GOOD.encode(),
    ),
    "NP111": (
        "a.txt",
        record(" date 2026-01-23 https://s.com/" + "a" * 5000).encode(),
        1,
        GOOD.encode(),
    ),
    "NP112": (
        "a.txt",
        record(" date 2026-01-23T10:00:00 AEST https://s.com/s.html").encode(),
        1,
        GOOD.encode(),
    ),
    "NP113": ("a.txt", b"\n \n\t\n", 1, GOOD.encode()),
    "NP201": (
        "a.txt",
        f"{HEADER}\n\nhttps://cdn.site.com/a.jpg\n\nBody.\n".encode(),
        3,
        GOOD.encode(),
    ),
    "NP202": ("a.txt", record(headline="Word " * 60).encode(), 3, GOOD.encode()),
    "NP203": (
        "a.txt",
        record(headline="The minister met the ambassador on Monday.").encode(),
        3,
        record(headline="Minister Meets Ambassador, U.S. Says...").encode(),
    ),
    "NP204": ("a.txt", f"\n{HEADER}\n\nHeadline\n".encode(), 2, GOOD.encode()),
    "NP205": ("a.txt", (HEADER + "\n\n\n" + GOOD).encode(), 1, GOOD.encode()),
    "NP206": (
        "a.txt",
        f"{HEADER}\n\nHeadline\n\n{LEAD}\n\nhttps://c.com/i.jpg\n\n{LEAD}\n\n"
        f"{LEAD}\n\nMore body.\n".encode(),
        1,
        GOOD.encode(),
    ),
    "NP207": (
        "a.txt",
        f"{HEADER}\n\nHeadline\n\n{LEAD}\n\ncdn.site.com/img/photo.jpg\n\n{LEAD} More.\n".encode(),
        7,
        GOOD.encode(),
    ),
    "NP208": ("a.txt", ("Exported 2019-05-01\n\n" + GOOD).encode(), 1, GOOD.encode()),
    "NP301": (
        "a.txt",
        record(body="Line one\n\n<p>The minister said <b>no</b>.</p>").encode(),
        7,
        record(body="A play called <The Palace> opened.").encode(),
    ),
    "NP302": (
        "a.txt",
        record(body="Smith &amp; Sons said &#8220;yes&#8221;").encode(),
        5,
        record(body="Smith & Sons said \u201cyes\u201d, at 5 &c.").encode(),
    ),
    "NP303": (
        "a.txt",
        record(body="The minister\u00e2\u20ac\u2122s visit").encode(),
        5,
        record(body="The minister\u2019s visit to S\u00e3o Paulo").encode(),
    ),
    "NP304": ("a.txt", record(body="Body\x01 text").encode(), 5, GOOD.encode()),
    "NP401": (
        "a.txt",
        record(body="Caf\u00e9 cr\u00e8me \u00e0 la gare, na\u00efve \u00e9l\u00e8ve").encode(
            "cp1252"
        ),
        1,
        record(body="Caf\u00e9 cr\u00e8me").encode(),
    ),
    "NP402": ("a.txt", b"\xef\xbb\xbf" + GOOD.encode(), 1, GOOD.encode()),
    "NP403": ("a.txt", GOOD.replace("\n", "\r\n").encode(), 1, GOOD.encode()),
    "NP404": ("a.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, 1, GOOD.encode()),
    "NP405": (
        "a.txt",
        record(body="Caf\u00e9 cr\u00e8me \u00e0 la gare").encode() + b"bad \xff byte\n",
        6,
        GOOD.encode(),
    ),
    "NP406": ("a.txt.gz", _gz_truncated(), 1, gzip.compress(GOOD.encode())),
}


def _check(folder: Path, *args: str) -> tuple[int, list[dict[str, object]]]:
    """`newsparse check FOLDER ARGS` as JSON: (exit code, findings); callers assert the code."""
    result = CliRunner().invoke(cli, ["check", str(folder), "--output-format", "json", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def test_rules_every_parser_rule_has_a_case() -> None:
    # NP209 has its own tests (size limits), NP5xx are archive-wide (test_check_archive),
    # NP210 comes from `newsparse fmt` (test_fmt_library), NP6xx from convert (test_convert),
    # NP119 from a record that makes the parser raise (test_headers), NP604-NP607 from
    # fmt's and convert's write safety (hostile/test_write_safety), NP608 from fmt
    # (test_fmt_library), NP609 from fmt over a folder (test_fmt_cli).
    assert set(CASES) | {
        "NP119",
        "NP209",
        "NP210",
        "NP501",
        "NP502",
        "NP601",
        "NP602",
        "NP603",
        "NP604",
        "NP605",
        "NP606",
        "NP607",
        "NP608",
        "NP609",
    } == set(RULES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_rules_bad_file_gives_code_at_line(tmp_path: Path, code: str) -> None:
    name, bad, line, _ = CASES[code]
    (tmp_path / name).write_bytes(bad)
    exit_code, findings = _check(tmp_path)
    places = {(f["code"], f["line"]) for f in findings}
    assert (code, line) in places, findings
    expected_exit = 1 if any(f["severity"] == "error" for f in findings) else 0
    assert exit_code == expected_exit
    assert exit_code == (1 if RULES[code].severity == "error" else 0)


@pytest.mark.parametrize("code", sorted(CASES))
def test_rules_good_file_is_clean(tmp_path: Path, code: str) -> None:
    name, _, _, good = CASES[code]
    (tmp_path / name).write_bytes(good)
    exit_code, findings = _check(tmp_path)
    assert findings == []
    assert exit_code == 0


def test_rules_record_too_large_is_np209(tmp_path: Path) -> None:
    big = record(body="word word word word word word word word\n" * 40)
    (tmp_path / "a.txt").write_text(big + GOOD.replace("story-1", "story-2"), encoding="utf-8")
    exit_code, findings = _check(tmp_path, "--max-record-size", "1k")
    assert [(f["code"], f["line"]) for f in findings] == [("NP209", 1)]
    assert exit_code == 1
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    assert _check(tmp_path, "--max-record-size", "1k") == (0, [])


def test_rules_duplicate_url_names_every_place(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        record(" date 2026-01-23 https://site.com/a.html"), encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text(
        GOOD + record(" date 2026-01-23 https://SITE.com/a.html?utm_source=x", body="Other."),
        encoding="utf-8",
    )
    _, findings = _check(tmp_path)
    assert [(f["path"], f["line"], f["code"], f["message"]) for f in findings] == [
        (
            f"{tmp_path}/a.txt",
            1,
            "NP501",
            f"duplicate URL https://site.com/a.html: also at {tmp_path}/b.txt:10",
        ),
        (
            f"{tmp_path}/b.txt",
            10,
            "NP501",
            f"duplicate URL https://site.com/a.html: also at {tmp_path}/a.txt:1",
        ),
    ]


def test_rules_duplicate_url_good_has_distinct_urls(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        record(" date 2026-01-23 https://site.com/a.html")
        + record(" date 2026-01-23 https://site.com/b.html", body="Other."),
        encoding="utf-8",
    )
    assert _check(tmp_path) == (0, [])


def test_rules_duplicate_body_names_every_place(tmp_path: Path) -> None:
    text = "The same syndicated story, word for word."
    (tmp_path / "a.txt").write_text(
        record(" date 2026-01-23 https://a.com/x.html", body=text)
        + record(" date 2026-01-23 https://b.com/y.html", body=text)
        + record(" date 2026-01-23 https://c.com/z.html", body=text),
        encoding="utf-8",
    )
    _, findings = _check(tmp_path)
    path = f"{tmp_path}/a.txt"
    assert [(f["line"], f["code"], f["message"]) for f in findings] == [
        (1, "NP502", f"same body as {path}:6, {path}:11, under a different URL"),
        (6, "NP502", f"same body as {path}:1, {path}:11, under a different URL"),
        (11, "NP502", f"same body as {path}:1, {path}:6, under a different URL"),
    ]


def test_rules_duplicate_body_good_has_distinct_bodies(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        record(" date 2026-01-23 https://a.com/x.html", body="One story.")
        + record(" date 2026-01-23 https://b.com/y.html", body="Another story."),
        encoding="utf-8",
    )
    assert _check(tmp_path) == (0, [])


def test_rules_empty_file_is_np113_a_warning(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"\n  \n")
    (tmp_path / "zero.txt").write_bytes(b"")
    exit_code, findings = _check(tmp_path)
    assert [
        (Path(str(f["path"])).name, f["code"], f["line"], f["severity"], f["message"])
        for f in findings
    ] == [
        (
            "empty.txt",
            "NP113",
            1,
            "warning",
            "empty file: it holds only blank lines (2), no record",
        ),
        ("zero.txt", "NP113", 1, "warning", "empty file: it holds nothing, no record"),
    ]
    assert exit_code == 0
