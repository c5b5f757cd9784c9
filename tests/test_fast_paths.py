"""The fast paths give exactly what the slow, general paths give.

strip_html splits plain formatting markup itself instead of asking
beautifulsoup4; wherever it does, the result must equal beautifulsoup4's.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsparse.normalize import (
    CleanText,
    _simple_blocks,
    _strip_with_soup,
    clean_plain,
    clean_text,
    clean_text_general,
    strip_html,
)

_TAG_NAMES = [
    "p",
    "P",
    "br",
    "BR",
    "div",
    "b",
    "strong",
    "em",
    "i",
    "a",
    "span",
    "li",
    "ul",
    "h2",
    "td",
    "tr",
    "table",
    "font",
    "q",
    "sup",
    "script",
    "style",
    "img",
    "iframe",
    "template",
    "svg",
    "u",
    "blockquote",
    "hr",
    "section",
    "code",
    "del",
    "ins",
]
_ATTRS = [
    "",
    ' class="x"',
    " href='https://e.com/a?b=1&amp;c=2'",
    " id=a1",
    ' title="a>b"',
    " data-x",
    " a = \"1\" b='2'",
    ' style="color: red"',
    " /",
    ' x="&quot;"',
    " onclick=\"f('<')\"",
    "  ",
    ' class="x" /',
    "\u00a0",
    " a=b\u00a0c",
    "\x0b",
    "\t\n",
]
_ENTITIES = [
    "&amp;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&nbsp;",
    "&apos;",
    "&copy;",
    "&#8220;",
    "&#x201D;",
    "&#65;",
    "&#150;",
    "&#0;",
    "&#xD800;",
    "&#1114112;",
    "&amp",
    "&nbsp",
    "&;",
    "&#;",
    "&notit;",
    "& ",
    "&#x41;",
    "&#32;",
    "&#127;",
    "&#160;",
    "&#65533;",
]
_TEXTS = [
    "Hello",
    " world ",
    "AT&T",
    "a < b",
    "<The Palace>",
    "x > y",
    "\u00a0",
    " ",
    "Grüße",
    "Привет",
    "東京",
    "<!-- c -->",
    "<!DOCTYPE html>",
    "</ p>",
    "<br",
    "a;b",
    "\n",
    "\t",
    "<p",
    "<<",
    "&",
    "#",
    "<![CDATA[x]]>",
    "<?php ?>",
    "\u200b",
]


@st.composite
def _markup(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["start", "end", "entity", "text", "text", "free"]))
        if kind == "start":
            parts.append(f"<{draw(st.sampled_from(_TAG_NAMES))}{draw(st.sampled_from(_ATTRS))}>")
        elif kind == "end":
            parts.append(f"</{draw(st.sampled_from(_TAG_NAMES))}>")
        elif kind == "entity":
            parts.append(draw(st.sampled_from(_ENTITIES)))
        elif kind == "text":
            parts.append(draw(st.sampled_from(_TEXTS)))
        else:
            parts.append(draw(st.text(alphabet="ab <>&;#/=\"'pP\u00e9", max_size=8)))
    return "".join(parts)


@settings(max_examples=600, deadline=None)
@given(_markup())
def test_fast_paths_simple_markup_splits_as_beautifulsoup_does(text: str) -> None:
    fast = _simple_blocks(text)
    if fast is not None:
        assert fast == _strip_with_soup(text)
    assert strip_html(text) == _strip_with_soup(text)


@pytest.mark.parametrize(
    "text",
    [
        "<p>One paragraph &amp; a half.</p><p>Two &#8220;quoted&#8221;.</p>",
        "Line one<br>line two<br/>line three <BR />four",
        '<div class="article-text">Body <a href="https://e.com/x">link</a> text</div>',
        "<p><strong>Bold lead</strong> then text,&nbsp;with a space.</p>",
        "A play titled <The Palace> opens <b>tonight</b>.",
        "<h2>Sub</h2><ul><li>one</li><li>two</li></ul>",
    ],
)
def test_fast_paths_common_remnants_take_the_fast_path(text: str) -> None:
    assert _simple_blocks(text) is not None
    assert _simple_blocks(text) == _strip_with_soup(text)


@pytest.mark.parametrize(
    "text",
    [
        "<p>x<script>alert(1)</script>y</p>",
        "a <!-- hidden --> b <b>c</b>",
        "<p>AT&T <b>x</b></p>",
        '<p title="a>b">text</p>',
        "<b>x</b> &copy; 2026",
        "<p>x&#150;y</p>",
        "<template><p>x</p></template>",
    ],
)
def test_fast_paths_other_markup_goes_to_beautifulsoup(text: str) -> None:
    assert _simple_blocks(text) is None
    assert strip_html(text) == _strip_with_soup(text)


def test_fast_paths_numeric_references_decode_as_beautifulsoup_does() -> None:
    codes = [*range(0x20, 0x180), *range(0x2000, 0x2100), 0xD7FF, 0xE000, 0xFDCF, 0xFDF0, 0xFFFD]
    for code in codes:
        for ref in (f"&#{code};", f"&#x{code:X};", f"&#x{code:x};"):
            text = f"<b>a{ref}b</b>"
            if _simple_blocks(text) is not None:
                assert _simple_blocks(text) == _strip_with_soup(text), ref


def test_fast_paths_clean_text_reports_tags_and_entities_as_before() -> None:
    result = clean_text("<p>Fish &amp; chips.</p><p>Second.</p>")
    assert result.paragraphs == ("Fish & chips.", "Second.")
    assert (result.had_tags, result.had_entities) == (True, True)


# Characters where the two cleaning routes could part: every kind of whitespace and
# invisible character, controls, markup, mojibake pairs, decomposed accents, CJK.
_CLEANING_ALPHABET = (
    "ab Z.\t\n\r\x0b\x0c\x00\x07\x1c\x1f\x7f\x85\u00a0\u1680\u2003\u2028\u2029\u202f\u3000"
    "\u200b\u200c\u200d\u2060\ufeff\u00ad<>&;#p/\u00e9e\u0301\u00c3\u00a9\u00e2\u20ac\u2122"
    "\u0416\u6771\uac00\U0001f600\ud800"
)
# Whole pieces that single characters rarely spell: entities and real tags.
_CLEANING_PIECES = [
    "&amp;",
    "&#8203;",
    "&#x41;",
    "&nbsp;",
    "<p>",
    "</p>",
    "<br>",
    "<b>x</b>",
    "a < b",
    "AT&T",
    "<The Palace>",
    "\u00c3\u00a9t\u00c3\u00a9",
    " ",
    "  ",
]


@settings(max_examples=1500, deadline=None)
@given(
    st.text(alphabet=_CLEANING_ALPHABET, max_size=24)
    | st.text(max_size=24)
    | st.lists(
        st.sampled_from(_CLEANING_PIECES) | st.text(alphabet=_CLEANING_ALPHABET, max_size=3),
        max_size=6,
    ).map("".join)
)
def test_fast_paths_clean_text_equals_the_general_route(raw: str) -> None:
    assert clean_text(raw) == clean_text_general(raw)
    _assert_plain_as_general(raw)


def _assert_plain_as_general(raw: str) -> None:
    """clean_plain (the parser's entry) declines, or gives the general route's one
    paragraph (none for blank text) with nothing found."""
    plain = clean_plain(raw)
    if plain is not None:
        assert CleanText((plain,) if plain else ()) == clean_text_general(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "Plain  ascii   text ",
        "Gr\u00fc\u00dfe aus K\u00f6ln",
        "Cafe\u0301 au lait",  # decomposed: NFC composes it
        "\u6771\u4eac  \u90fd",
        "tab\there",
        "nbsp\u00a0here",
        "zero\u200bwidth",
        "It\u00e2\u20ac\u2122s mojibake",
        "Fish &amp; chips",
        "Caf\u00e9 &amp; bar",
        "<p>One</p><p>Two</p>",
        "Gr\u00fc\u00dfe <b>aus</b> K\u00f6ln",
        "a < b and c > d",
        " ",
        "",
    ],
)
def test_fast_paths_clean_text_common_cases_equal_the_general_route(raw: str) -> None:
    assert clean_text(raw) == clean_text_general(raw)
    _assert_plain_as_general(raw)


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("Plain  ascii   text ", "Plain ascii text"),
        ("Cafe\u0301 au lait", "Caf\u00e9 au lait"),
        ("\u6771\u4eac  \u90fd", "\u6771\u4eac \u90fd"),
        (" ", ""),
        ("", ""),
        ("tab\there", None),
        ("nbsp\u00a0here", None),
        ("It\u00e2\u20ac\u2122s mojibake", None),
        ("Fish &amp; chips", None),
        ("a < b", None),
    ],
)
def test_fast_paths_clean_plain_takes_plain_text_only(raw: str, plain: str | None) -> None:
    assert clean_plain(raw) == plain
