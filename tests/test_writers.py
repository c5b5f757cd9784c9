"""Unit tests for the JSON, JSON Lines and Markdown writers.

Markdown is checked with a real CommonMark parser (markdown-it-py) and its front
matter with PyYAML's safe loader.
"""

from __future__ import annotations

import io
import json

import pytest
import yaml
from markdown_it import MarkdownIt

from newsparse.model import Article, Origin
from newsparse.writers import writer_for
from newsparse.writers.markdown import escape_inline, front_matter, render_markdown

MD = MarkdownIt("commonmark")


def make(headline: str = "Headline", body: str = "Body.", **kw: object) -> Article:
    fields: dict[str, object] = {
        "url": "https://site.com/a.html",
        "original_url": "https://site.com/a.html",
        "date": "2026-01-23",
        "headline": headline,
        "lead": None,
        "images": (),
        "body": body,
        "origin": Origin("f.txt", 1),
    }
    fields.update(kw)
    return Article(**fields)  # type: ignore[arg-type]


def render(fmt: str, articles: list[Article]) -> str:
    out = io.StringIO()
    with writer_for(fmt, out) as writer:
        for article in articles:
            writer.write(article)
    return out.getvalue()


def split_front_matter(document: str) -> tuple[dict[str, object], str]:
    assert document.startswith("---\n")
    end = document.index("\n---\n", 3)
    return yaml.safe_load(document[4:end]), document[end + 5 :]


def test_jsonl_writer_writes_one_object_per_line() -> None:
    text = render("jsonl", [make("A"), make("B")])
    lines = text.splitlines()
    assert [json.loads(line)["headline"] for line in lines] == ["A", "B"]
    assert text.endswith("\n")


def test_jsonl_writer_keeps_non_ascii_as_utf8() -> None:
    assert "Züge" in render("jsonl", [make("Züge")])


def test_jsonl_writer_writes_compact_utf8_bytes_to_the_binary_stream() -> None:
    binary = io.BytesIO()
    out = io.TextIOWrapper(binary, encoding="utf-8", newline="\n")
    with writer_for("jsonl", out) as writer:
        writer.write(make(headline="Grüße", body="Körper."))
    out.flush()
    line = binary.getvalue()
    assert line.startswith(b'{"id":"') and line.endswith(b',"origin":{"path":"f.txt","line":1}}\n')
    assert '"headline":"Grüße"'.encode() in line


class _CountingRaw(io.RawIOBase):
    """An unbuffered binary stream (as stdout is under PYTHONUNBUFFERED) that counts writes."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.chunks.append(bytes(data))
        return len(data)


@pytest.mark.parametrize("fmt", ["jsonl", "json", "md"])
def test_writer_gathers_small_writes_on_an_unbuffered_stream(fmt: str) -> None:
    raw = _CountingRaw()
    out = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")  # type: ignore[type-var]
    with writer_for(fmt, out) as writer:
        for _ in range(100):
            writer.write(make())
    expected = render(fmt, [make()] * 100).encode("utf-8")
    assert (b"".join(raw.chunks), len(raw.chunks)) == (expected, 1)


class _ShortRaw(_CountingRaw):
    """Writes at most 1,000 bytes a call, as a pipe write cut short by a signal does."""

    def write(self, data: bytes) -> int:  # type: ignore[override]
        return super().write(bytes(data[:1000]))


@pytest.mark.parametrize("fmt", ["jsonl", "json", "md"])
def test_writer_writes_everything_when_writes_are_cut_short(fmt: str) -> None:
    raw = _ShortRaw()
    out = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")  # type: ignore[type-var]
    with writer_for(fmt, out) as writer:
        for _ in range(20):
            writer.write(make(body="Body. " * 100))
    assert b"".join(raw.chunks) == render(fmt, [make(body="Body. " * 100)] * 20).encode()


def test_jsonl_writer_replaces_lone_surrogates_instead_of_failing() -> None:
    text = render("jsonl", [make(headline="bad \udcff byte", body="x \ud800")])
    record = json.loads(text)
    assert (record["headline"], record["body"]) == ("bad \ufffd byte", "x \ufffd")
    text.encode("utf-8")  # strict: no surrogate left


def test_json_writer_indents_by_two_spaces() -> None:
    text = render("json", [make()])
    assert text.startswith('[\n  {\n    "id": "')
    assert text.endswith(
        '    "origin": {\n      "path": "f.txt",\n      "line": 1\n    }\n  }\n]\n'
    )


@pytest.mark.parametrize("count", [0, 1, 3])
def test_json_writer_streams_a_valid_array(count: int) -> None:
    text = render("json", [make(str(i)) for i in range(count)])
    assert [a["headline"] for a in json.loads(text)] == [str(i) for i in range(count)]


def test_markdown_front_matter_loads_as_the_json_values() -> None:
    article = make(images=("https://c.com/i.jpg",))
    meta, _ = split_front_matter(render_markdown(article))
    assert meta == front_matter(article)
    assert meta == {
        "title": "Headline",
        "date": "2026-01-23",
        "url": "https://site.com/a.html",
        "source": "site.com",
        "image": "https://c.com/i.jpg",
        "id": article.id,
    }


@pytest.mark.parametrize(
    "headline",
    [
        "Key: value with colon",
        "\"Quoted\" and 'single'",
        "# Not a comment",
        "---",
        "- leading dash",
        "!!python/object:os.system",
        "yes",
        "null",
        "2026-01-23",
        "[flow, list]",
        "{a: b}",
        "& anchor * alias",
        "tab\there",
        "% directive",
        "…ellipsis",
        "@at `tick`",
        "| pipe",
        "> folded",
        "a\u2028line separator",
        "trailing space ",
        "0x1F",
        "1e3",
        "~",
        "\u202eright-to-left override",
    ],
)
def test_markdown_front_matter_round_trips_hostile_headlines(headline: str) -> None:
    meta, _ = split_front_matter(render_markdown(make(headline)))
    assert meta["title"] == headline


def _html(markdown: str) -> str:
    html: str = MD.render(markdown)
    return html


def _tokens(markdown: str) -> list[str]:
    types = []
    for token in MD.parse(markdown):
        types.append(token.type)
        types.extend(child.type for child in token.children or [])
    return types


@pytest.mark.parametrize(
    "paragraph",
    [
        "# not a heading",
        "> not a quote",
        "- not a list",
        "+ not a list",
        "* not a list",
        "1. not a list",
        "2) not a list",
        "--- not a rule",
        "===",
        "```not a fence",
        "~~~ not a fence",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "![x](javascript:alert(1))",
        "**not bold**",
        "_not em_",
        "&copy; stays literal",
        "back\\slash",
        "<https://autolink.com>",
        "line ending in two spaces  ",
        "| a | b |",
    ],
)
def test_markdown_body_text_never_becomes_markup(paragraph: str) -> None:
    document = render_markdown(make(body=f"First.\n\n{paragraph}"))
    _, content = split_front_matter(document)
    tokens = _tokens(content)
    assert "html_inline" not in tokens and "html_block" not in tokens
    assert "link_open" not in tokens and "image" not in tokens
    for kind in (
        "bullet_list_open",
        "ordered_list_open",
        "blockquote_open",
        "hr",
        "fence",
        "em_open",
        "strong_open",
        "code_inline",
    ):
        assert kind not in tokens
    assert [t.type for t in MD.parse(content)].count("heading_open") == 1
    rendered = _html(content)
    # Rendered HTML holds no live element from the input: no script, no link, no image.
    assert "<script" not in rendered and "href=" not in rendered and "<img" not in rendered


def test_markdown_renders_text_back_exactly() -> None:
    body = "A < b & c > d, 5 * 3 = 15_000 [sic] `x` \\ ok!"
    _, content = split_front_matter(render_markdown(make(headline="Ends with #", body=body)))
    tokens = MD.parse(content)
    texts = [t.content for t in tokens if t.type == "inline"]
    heading = MD.parseInline(texts[0])[0].children
    assert "".join(c.content for c in heading or [] if c.type == "text") == "Ends with #"
    paragraph = MD.parseInline(texts[-1])[0].children
    assert "".join(c.content for c in paragraph or [] if c.type == "text") == body


def test_markdown_image_and_paragraphs_in_order() -> None:
    article = make(images=("https://c.com/a_(1).jpg",), body="One.\n\nTwo.")
    _, content = split_front_matter(render_markdown(article))
    assert content == "\n# Headline\n\n![Headline](<https://c.com/a_(1).jpg>)\n\nOne.\n\nTwo.\n"
    image = [c for t in MD.parse(content) for c in t.children or [] if c.type == "image"]
    assert image[0].attrs["src"] == "https://c.com/a_(1).jpg"


def test_escape_inline_is_idempotent_on_plain_words() -> None:
    assert escape_inline("Plain words, nothing else.") == "Plain words, nothing else."


def test_writer_for_unknown_format_names_the_choices() -> None:
    with pytest.raises(ValueError, match="choose from jsonl, json, md"):
        writer_for("xml", io.StringIO())
