"""Property tests: parsing never raises, and every record is written or reported."""

from __future__ import annotations

import io
import json

import jsonschema
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

import newsparse
from newsparse.cli.parse import schema_text
from newsparse.leads import Lead, key
from newsparse.model import Article, Origin
from newsparse.splitter import parse_header
from newsparse.writers.markdown import render_markdown

VALIDATOR = jsonschema.Draft202012Validator(json.loads(schema_text()))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

headers = st.sampled_from(
    [
        " date 2026-01-23 https://site.com/20260123/a.html",
        "Date: 2026-01-23T08:15:00+01:00 //Site.com/b?utm_source=x",
        "\tDATE Jan 23, 2026 https://site.com/c",
        " date 2026-02-30 https://site.com/d",
        " date 2026-01-23 not-a-url",
        " date https://site.com/e",
        " date 23.01.2026",
        "\ufeff date 2026-01-23 https://site.com/f g",
        "\u00a0Date: 2026-01-02T10:00:00 EST https://site.com/g\x1b",
        " date 2026-01-02T10:00:00+24:00 https://site.com/h",
        "Date 5 of the race is in Nice.",
    ]
)
pieces = st.one_of(
    st.text(min_size=0, max_size=80),
    st.sampled_from(
        [
            "",
            "",
            "Headline",
            "https://cdn.site.com/i.jpg",
            "<p>para</p><br>x",
            "&amp; &#8220;",
            "<The Palace>",
            "<script>x",
            "caf\u00c3\u00a9",
            "\u200b\u00ad",
            "# heading",
            "- item",
            "A lead paragraph that is long enough to count as a lead for sure.",
            "\x00\x07",
            "A lead paragraph that is long enough to count as a lead for sure. More.",
        ]
    ),
)
documents = st.lists(st.one_of(headers, pieces), min_size=0, max_size=40).map("\n".join)


def header_count(text: str) -> int:
    lines = io.StringIO(text.removeprefix("\ufeff"), newline=None).read().split("\n")
    return sum(parse_header(line) is not None for line in lines)


@SETTINGS
@given(documents)
def test_loads_never_raises_and_accounts_for_every_record(text: str) -> None:
    result = newsparse.loads(text, "doc.txt")
    failed = sum(1 for f in result.failures if f.scope == "record")
    assert len(result) + failed == header_count(text)
    for article in result:
        VALIDATOR.validate(article.to_dict())
        assert article.headline == article.headline.strip() != ""
        assert "\n\n\n" not in article.body
        if article.lead is not None:  # the body holds the lead, in one of its forms
            assert key(article.body).startswith(Lead(article.lead).core_key)


@SETTINGS
@given(st.text())
def test_loads_arbitrary_text_never_raises(text: str) -> None:
    newsparse.loads(text)


@SETTINGS
@given(st.binary(max_size=2000))
def test_load_arbitrary_bytes_never_raises(data: bytes) -> None:
    result = newsparse.load(io.BytesIO(data))
    for article in result:
        VALIDATOR.validate(article.to_dict())
        json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")  # no lone surrogates


markdownish = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "\n",
                "\n\n",
                "    ",
                "\t",
                "#",
                ">",
                "-",
                "+",
                "*",
                "_",
                "1.",
                "2)",
                "===",
                "---",
                "```",
                "~~~",
                "<",
                ">",
                "[",
                "](",
                ")",
                "!",
                "&amp;",
                "`",
                "\\",
                "|",
                "<div>",
                "<!--",
                "javascript:",
                " ",
                "x",
                "word",
            ]
        ),
        st.text(max_size=5),
    ),
    max_size=30,
).map("".join)


@SETTINGS
@given(st.text(min_size=1).filter(lambda s: s.strip()), markdownish)
@example("H", "a\n\n    indented code")
@example("H", "x\n- item")
@example("H", "a\n===")
@example("H", "p\n\n\t\ttabbed")
@example("H\n===", "x")
def test_markdown_front_matter_round_trips_and_text_stays_text(headline: str, body: str) -> None:
    article = Article(
        url="https://site.com/a",
        original_url="https://site.com/a",
        date="2026-01-23",
        headline=headline,
        lead=None,
        images=(),
        body=body,
        origin=Origin("f", 1),
    )
    document = render_markdown(article)
    end = document.index("\n---\n", 3)
    assert yaml.safe_load(document[4:end])["title"] == headline
    tokens = MarkdownIt("commonmark").parse(document[end + 5 :])
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not kinds & {"html_inline", "html_block", "link_open", "image", "fence", "code_block"}
