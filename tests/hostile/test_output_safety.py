"""Output safety: front matter cannot be broken out of, no input HTML reaches Markdown as
live HTML, convert never writes outside its output folder, and the suite has no network."""

from __future__ import annotations

import os
import socket
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from newsparse.model import Article, Origin
from newsparse.writers.markdown import render_markdown

from .support import files_in, invoke, record, run_process

# A renderer that does NOT filter dangerous link schemes itself (markdown-it does by
# default), so that a javascript: link the writer let through would show up.
_MD = MarkdownIt("commonmark")
_MD.validateLink = lambda url: True  # type: ignore[method-assign]
_ALLOWED_TAGS = {"p", "h1", "img", "br", "hr", "a"}
_ALLOWED_ATTRIBUTES = {"img": {"src", "alt"}, "a": {"href"}}
_DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")

HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    "<script src=//evil.example/x.js></script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "![pic](javascript:alert(1))",
    "[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&lt;img src=x onerror=alert(1)&gt;",
    "&#60;iframe src=javascript:alert(1)&#62;",
    "<svg onload=alert(1)>",
    "<!-- comment --> <![CDATA[x]]> <?php echo 1; ?> <!DOCTYPE html>",
    "<The Palace> is a play",
    "`code` *em* _em_ **strong** ~~del~~ | table |",
    "# heading",
    "> quote",
    "- list item",
    "1. ordered",
    "    indented code",
    "```",
    "---",
    "===",
    "\\<script>escaped backslash",
    "<div\nonclick=alert(1)>split tag</div>",
]

HOSTILE_HEADLINES = [
    "---",
    "--- a: 1 ---",
    "...",
    "!!python/object/apply:os.system ['echo pwned']",
    "!!python/object:__main__.X {}",
    "&anchor *alias",
    "key: value",
    "'single' \"double\" `back`",
    "- list",
    "? complex key",
    "%YAML 1.1",
    "null",
    "true",
    "2026-01-23",
    "0x1F",
    "# not a comment",
    "@at {brace} [bracket]",
    "tab\there",
    "\u2028line\u2029separators\x85",
    "<script>alert(1)</script>Title",
]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def _split_front_matter(document: str) -> tuple[dict[str, Any], str]:
    assert document.startswith("---\n"), document[:80]
    end = document.index("\n---\n", 3)
    data = yaml.safe_load(document[4 : end + 1])
    assert isinstance(data, dict)
    return data, document[end + 5 :]


def assert_markdown_is_inert(markdown: str) -> None:
    """No raw HTML and no dangerous link survives CommonMark rendering."""
    tokens = _MD.parse(markdown)
    stack = list(tokens)
    while stack:
        token = stack.pop()
        assert token.type not in ("html_block", "html_inline"), (token.type, token.content)
        if token.type in ("link_open", "image"):
            target = str(token.attrGet("href") or token.attrGet("src") or "")
            assert not target.strip().lower().startswith(_DANGEROUS_SCHEMES), target
        stack.extend(token.children or [])
    parser = _Tags()
    parser.feed(_MD.render(markdown))
    for tag, attributes in parser.found:
        assert tag in _ALLOWED_TAGS, tag
        for name, _ in attributes:
            assert name in _ALLOWED_ATTRIBUTES.get(tag, set()), (tag, name)


def _article(headline: str, body: str = "Body.", image: str | None = None) -> Article:
    return Article(
        url="https://example.com/a",
        original_url="https://example.com/a",
        date="2026-01-23",
        headline=headline,
        lead=None,
        images=(image,) if image else (),
        body=body,
        origin=Origin("in.txt", 1),
    )


# --- front matter ---------------------------------------------------------------


@pytest.mark.parametrize("headline", HOSTILE_HEADLINES)
def test_markdown_front_matter_round_trips_a_hostile_headline(headline: str) -> None:
    data, rest = _split_front_matter(render_markdown(_article(headline)))
    assert data["title"] == headline
    assert list(data) == ["title", "date", "url", "source", "image", "id"]
    assert_markdown_is_inert(rest)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/a?q='\"---\"'",
        "https://example.com/!!python/object:os.system",
        "https://example.com/a#---\n---",
        "https://example.com/%0A---%0A",
    ],
)
def test_markdown_front_matter_round_trips_a_hostile_url(url: str) -> None:
    article = Article(url, url, "2026-01-23", "H", None, (url,), "B", Origin("x", 1))
    data, rest = _split_front_matter(render_markdown(article))
    assert (data["url"], data["image"]) == (url, url)
    assert_markdown_is_inert(rest)


@given(headline=st.text(min_size=1, max_size=80), url_tail=st.text(max_size=40))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_markdown_front_matter_round_trips_any_text(headline: str, url_tail: str) -> None:
    # Text as it can reach a writer: the reader turns lone surrogates into U+FFFD.
    headline = headline.encode("utf-8", "replace").decode("utf-8")
    url = "https://example.com/" + url_tail.encode("utf-8", "replace").decode("utf-8")
    article = Article(url, url, "2026-01-23", headline, None, (), "B", Origin("x", 1))
    data, _ = _split_front_matter(render_markdown(article))
    assert (data["title"], data["url"]) == (headline, url)


def test_parse_md_front_matter_survives_hostile_dump_headlines(tmp_path: Path) -> None:
    for i, headline in enumerate(HOSTILE_HEADLINES):
        path = tmp_path / f"h{i}.txt"
        path.write_text(record(headline=headline, body="Body."), encoding="utf-8")
        md = invoke(["parse", "-f", "md", str(path)])
        js = invoke(["parse", str(path)])
        assert md.code == js.code == 0
        data, rest = _split_front_matter(md.stdout)
        assert data["title"] == js.articles()[0]["headline"]
        assert_markdown_is_inert(rest)


# --- no live HTML in Markdown ---------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_parse_md_hostile_body_renders_inert(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.txt"
    body = f"Lead words {text} trailing words.\n\n{text}\n\nEnd."
    path.write_text(record(headline=f"Head {text}", body=body), encoding="utf-8")
    run = invoke(["parse", "-f", "md", str(path)])
    assert run.code == 0
    _, rest = _split_front_matter(run.stdout)
    assert_markdown_is_inert(rest)
    assert "<script" not in _MD.render(rest)


@given(
    headline=st.text(min_size=1, max_size=60),
    body=st.lists(st.text(min_size=1, max_size=120), min_size=1, max_size=4),
    fragments=st.lists(st.sampled_from(HOSTILE_TEXT), max_size=3),
)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_markdown_any_text_renders_inert(
    headline: str, body: list[str], fragments: list[str]
) -> None:
    paragraphs = [" ".join((p, *fragments)).strip() or "x" for p in body]
    article = _article(
        headline.strip() or "x",
        "\n\n".join(paragraphs),
        image="https://example.com/i.jpg?a=<b>&c=)(",
    )
    _, rest = _split_front_matter(render_markdown(article))
    assert_markdown_is_inert(rest)


@pytest.mark.parametrize(
    "image",
    [
        "https://example.com/a>.jpg",
        "https://example.com/a b.jpg",
        "https://example.com/a).jpg",
        "https://example.com/a\\",
        'https://example.com/a" onerror="alert(1).jpg',
        "https://example.com/<script>.jpg",
    ],
)
def test_markdown_image_url_cannot_break_out(image: str) -> None:
    _, rest = _split_front_matter(render_markdown(_article("H", image=image)))
    assert_markdown_is_inert(rest)
    images = [c for t in _MD.parse(rest) for c in (t.children or []) if c.type == "image"]
    assert len(images) == 1


# --- paths are contained (convert) -----------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        name: (folder / name).read_bytes()
        for name in files_in(folder)
        if (folder / name).is_file() and not (folder / name).is_symlink()
    }


def test_convert_outputs_stay_inside_the_output_folder(tmp_path: Path) -> None:
    src = tmp_path / "src"
    out = tmp_path / "out"
    outside = tmp_path / "outside"
    for folder in (src, out, outside):
        folder.mkdir()
    (outside / "keep.json").write_text("precious", encoding="utf-8")
    names = [
        b"..txt",
        b"...txt",
        b"new\nline.txt",
        b"bad\xffname.txt",
        b"-dash.txt",
        b"back\\slash.txt",
        b"%2e%2e.txt",
        b"story.txt",
    ]
    for raw_name in names:
        with open(os.path.join(os.fsencode(src), raw_name), "wb") as handle:
            handle.write(record().encode())
    (src / "sub").mkdir()
    (src / "sub" / "story.txt").write_text(record(), encoding="utf-8")
    (src / "linked").mkdir()
    (src / "linked" / "keep.txt").write_text(record(), encoding="utf-8")
    # A folder link and a file link planted in the output folder point outside it.
    os.symlink(outside, out / "linked")
    os.symlink(outside / "keep.json", out / "story.json")
    before = _snapshot(outside)

    run = run_process(["convert", str(src), "-o", str(out), "-j", "1", "--overwrite"])
    assert run.code == 1
    assert _snapshot(outside) == before
    real_out = os.path.realpath(out)
    for name in files_in(out):
        target = out / name
        if target.is_symlink():
            continue
        assert os.path.realpath(target).startswith(real_out + os.sep), name
    assert run.stderr.splitlines()[:2] == [
        f"{src}/linked/keep.txt:1: NP603 cannot write {out}/linked/keep.json: "
        "its folder leads outside the output folder (a symbolic link?)",
        f"{src}/story.txt:1: NP603 output {out}/story.json is a symbolic link or a special "
        "file; not written through or replaced",
    ]
    # Hidden inputs (..txt, ...txt) are skipped; odd names are %-escaped; the planted
    # file link is neither written through nor replaced.
    assert files_in(out) == [
        "%252e%252e.json",
        "-dash.json",
        "back\\slash.json",
        "bad%FFname.json",
        "linked",
        "new%0Aline.json",
        "story.json",
        "sub",
        "sub/story.json",
    ]
    assert (out / "story.json").is_symlink()


def test_convert_refuses_an_output_folder_inside_its_input(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(record(), encoding="utf-8")
    run = invoke(["convert", str(tmp_path / "a.txt"), "-o", str(tmp_path / "a.txt" / "x")])
    assert run.code in (1, 2)
    assert not (tmp_path / "a.txt" / "x").exists()
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == record()


# --- no network -------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_suite_has_no_network() -> None:
    from pytest_socket import SocketBlockedError

    with pytest.raises(SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(SocketBlockedError):
        socket.create_connection(("127.0.0.1", 9), timeout=1)
