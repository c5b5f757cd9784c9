"""CI output formats stay well-formed and mean what we mean, whatever the file names
and messages hold: each format is read back with the parser its consumer uses."""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote_to_bytes
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from newsparse.codes import RULES
from newsparse.diagnostics import CheckResult, Diagnostic
from newsparse.display import display, unicode_safe
from newsparse.model import Article, Origin
from newsparse.reporters import ReportOptions, render
from newsparse.reporters.junit import xml_text
from newsparse.writers.markdown import render_markdown

from .support import invoke, record
from .test_display import HOSTILE_NAMES, assert_inert, dangerous, hostile_chars, hostile_text

# --- GitHub Actions workflow commands --------------------------------------------

#: One annotation as the runner parses it (actions/runner, ActionCommand.TryParseV2):
#: ``::`` command, a space, comma-separated key=value properties, ``::``, the message.
ANNOTATION = re.compile(r"::(error|warning) ([^:]*)::(.*)", re.DOTALL)


def _unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(text: str) -> str:
    return _unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def parse_github(output: str) -> list[tuple[str, dict[str, str], str]]:
    """Every line of the output, read as the runner reads it: a line ends at CR or LF."""
    assert output == "" or output.endswith("\n")
    parsed = []
    for line in re.split("\r\n|\r|\n", output)[:-1]:
        match = ANNOTATION.fullmatch(line)
        assert match is not None, f"not one of our annotations: {line!r}"
        properties = dict(p.split("=", 1) for p in match[2].split(","))
        assert list(properties) == ["file", "line", "col", "title"], line
        parsed.append(
            (
                match[1],
                {k: _unescape_property(v) for k, v in properties.items()},
                _unescape_data(match[3]),
            )
        )
    return parsed


@given(path=hostile_text, message=hostile_text)
def test_github_every_line_is_the_annotation_we_mean(path: str, message: str) -> None:
    found = [
        Diagnostic(path, 3, 2, RULES["NP105"], message, "error", "f"),
        Diagnostic("b.txt", 1, 1, RULES["NP106"], message, "warning", "g"),
    ]
    parsed = parse_github(render("github", CheckResult(found, files=2)))
    assert [(kind, props["title"], props["line"]) for kind, props, _ in parsed] == [
        ("error", "NP105", "3"),
        ("warning", "NP106", "1"),
    ]
    assert parsed[0][1]["file"] == unicode_safe(path)  # the real name: the annotation attaches
    assert parsed[0][2] == display(f"{path}:3:2: NP105 {message}")
    assert_inert(parsed[0][2])


def test_github_newline_in_a_name_is_percent_0a() -> None:
    found = Diagnostic("new\nline.txt", 1, 1, RULES["NP105"], "m", "error", "f")
    assert render("github", CheckResult([found], files=1)) == (
        "::error file=new%0Aline.txt,line=1,col=1,title=NP105::new\\nline.txt:1:1: NP105 m\n"
    )


# --- JUnit XML -------------------------------------------------------------------


#: XML 1.0's Char production, written out independently of the reporter.
def _xml_char(char: str) -> bool:
    point = ord(char)
    return (
        point in (0x9, 0xA, 0xD)
        or 0x20 <= point <= 0xD7FF
        or 0xE000 <= point <= 0xFFFD
        or (0x10000 <= point <= 0x10FFFF)
    )


@given(hostile_text)
def test_junit_xml_text_holds_only_xml_characters(text: str) -> None:
    assert all(_xml_char(c) for c in xml_text(text))


@given(path=hostile_text, message=hostile_text, strict=st.booleans())
def test_junit_is_well_formed_for_any_name_and_message(
    path: str, message: str, strict: bool
) -> None:
    found = [Diagnostic(path, 3, 1, RULES["NP106"], message, "warning", "f")]
    document = render("junit", CheckResult(found, files=1), ReportOptions(strict=strict))
    root = ET.fromstring(document.encode("utf-8"))  # raises on a document not well-formed
    case = root.find("testsuite/testcase")
    assert case is not None
    assert case.get("file") == display(path)
    text = case.findtext("failure") if strict else case.findtext("system-out")
    expected = f"{path}:3:1: NP106 {message}"
    assert text == display(expected if strict else f"warning: {expected}")


# --- SARIF -------------------------------------------------------------------------

_URI = re.compile(r"(?:[A-Za-z0-9\-._~/]|%[0-9A-F]{2})*")


#: Real relative file names: any bytes but NUL, as os.fsdecode gives them to newsparse
#: (hostile text encoded with surrogatepass gives bytes that are not UTF-8 too).
file_names = (
    st.one_of(
        st.binary(min_size=1, max_size=30),
        st.text(hostile_chars, min_size=1, max_size=30).map(
            lambda t: t.encode("utf-8", "surrogatepass")
        ),
    )
    .map(lambda b: b.replace(b"\0", b"").lstrip(b"/"))
    .filter(bool)
    .map(os.fsdecode)
)


@given(file_names)
def test_sarif_uri_decodes_to_the_real_bytes_of_the_name(path: str) -> None:
    found = Diagnostic(path, 1, 1, RULES["NP105"], "m", "error", "f")
    data = json.loads(render("sarif", CheckResult([found], files=1)).encode("utf-8"))
    location = data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    uri = location["artifactLocation"]["uri"]
    assert _URI.fullmatch(uri), uri  # RFC 3986: unreserved, '/', and %XX only
    assert unquote_to_bytes(uri) == os.fsencode(path)
    assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"


def test_sarif_newline_in_a_name_is_percent_0a_not_a_backslash() -> None:
    found = Diagnostic("new\nline.txt", 1, 1, RULES["NP105"], "m", "error", "f")
    data = json.loads(render("sarif", CheckResult([found], files=1)))
    location = data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "new%0Aline.txt"


def test_sarif_absolute_uri_decodes_to_the_real_bytes(tmp_path: Path) -> None:
    path = str(tmp_path / os.fsdecode(b"a\nb\xff c.txt"))
    found = Diagnostic(path, 1, 1, RULES["NP105"], "m", "error", "f")
    data = json.loads(render("sarif", CheckResult([found], files=1)))
    uri = data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"
    ]
    assert uri.startswith("file:///")
    assert unquote_to_bytes(uri.removeprefix("file://")) == os.fsencode(path)


# --- JSON and GitLab ---------------------------------------------------------------


@given(path=hostile_text, message=hostile_text)
def test_json_formats_are_valid_utf8_json_for_any_name(path: str, message: str) -> None:
    result = CheckResult([Diagnostic(path, 1, 1, RULES["NP105"], message, "error", "f")], files=1)
    found = json.loads(render("json", result).encode("utf-8"))
    assert (found[0]["path"], found[0]["message"]) == (unicode_safe(path), unicode_safe(message))
    issue = json.loads(render("gitlab", result).encode("utf-8"))[0]
    assert issue["location"]["path"] == unicode_safe(path)


# --- every format, end to end, on files whose NAME is hostile ---------------------


def _check(tmp_path: Path, name: str, fmt: str) -> str:
    with open(os.fsencode(tmp_path / name), "w", encoding="utf-8") as handle:
        handle.write(record(date="2026-02-30", headline="Head\x1b[2J\u202eline"))
    run = invoke(["check", "--output-format", fmt, name])
    assert run.code == 1, run.stderr
    assert run.stderr == ""
    return run.stdout


@pytest.mark.parametrize("kind", sorted(HOSTILE_NAMES))
def test_check_every_format_reads_back_a_hostile_file_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    name = HOSTILE_NAMES[kind]
    monkeypatch.chdir(tmp_path)
    text = _check(tmp_path, name, "text")
    assert text.split("\n")[0].startswith(display(name) if name[0] != ":" else "./" + name)
    assert all(not dangerous(c) for c in text.replace("\n", ""))
    (annotation,) = parse_github(_check(tmp_path, name, "github"))
    assert annotation[1]["file"] == unicode_safe(name)
    root = ET.fromstring(_check(tmp_path, name, "junit").encode("utf-8"))
    assert [s.get("name") for s in root.iter("testsuite")] == [display(name)]
    sarif = json.loads(_check(tmp_path, name, "sarif"))
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"
    ]
    assert unquote_to_bytes(uri) == os.fsencode(name)
    assert [d["path"] for d in json.loads(_check(tmp_path, name, "json"))] == [unicode_safe(name)]
    gitlab = json.loads(_check(tmp_path, name, "gitlab"))
    assert [i["location"]["path"] for i in gitlab] == [unicode_safe(name)]


# --- Markdown image destinations ---------------------------------------------------

_MD = MarkdownIt("commonmark")
_MD.validateLink = lambda url: True  # type: ignore[method-assign]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


@settings(max_examples=200, deadline=None)
@given(tail=st.text(st.one_of(hostile_chars, st.sampled_from("<>\\ ()[]\"'`!*_")), max_size=30))
def test_markdown_image_destination_never_holds_controls_or_breaks_out(tail: str) -> None:
    image = "https://example.com/i" + tail.encode("utf-8", "replace").decode("utf-8")
    article = Article(
        "https://example.com/a",
        "https://example.com/a",
        "2026-01-23",
        "H",
        None,
        (image,),
        "Body.",
        Origin("x", 1),
    )
    document = render_markdown(article)
    line = next(x for x in document.split("\n") if x.startswith("!["))
    destination = line[line.index("](<") + 3 : -2]
    assert line.endswith(">)")
    assert not re.search(r"[\s<>\\]", destination), destination
    assert_inert(destination)
    parser = _Elements()
    parser.feed(_MD.render(document[document.index("\n---\n") + 5 :]))
    assert [tag for tag, _ in parser.found] == ["h1", "p", "img", "p"]
    (src,) = [attrs["src"] for tag, attrs in parser.found if tag == "img"]
    assert src is not None and src.startswith("https://example.com/i")


def test_baseline_round_trips_hostile_file_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "dumps").mkdir()
    monkeypatch.chdir(tmp_path)
    for name in HOSTILE_NAMES.values():
        with open(os.fsencode(tmp_path / "dumps" / name), "w", encoding="utf-8") as handle:
            handle.write(record(date="2026-02-30"))
    written = invoke(["check", "--write-baseline", "base.json", "dumps"])
    assert written.code == 0
    assert written.stderr == f"newsparse: wrote {len(HOSTILE_NAMES)} findings to base.json\n"
    paths = [e["path"] for e in json.loads(Path("base.json").read_text("utf-8"))["findings"]]
    assert sorted(paths) == sorted(f"dumps/{unicode_safe(n)}" for n in HOSTILE_NAMES.values())
    again = invoke(["check", "--baseline", "base.json", "dumps"])
    assert (again.code, again.stdout) == (
        0,
        f"All checks passed ({len(HOSTILE_NAMES)} findings in the baseline).\n",
    )
