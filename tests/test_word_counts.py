"""The parser's word counts, taken from its clean paragraphs, equal the definition.

docs/format.md defines ``word_count`` as the whitespace-separated tokens of ``body``
plus one per Chinese or Japanese character; model.count_words implements it. The
parser counts from what it knows instead (clean paragraphs hold single spaces only),
with model.count_clean_words; these tests hold the two to the same number.
"""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import REMNANTS, WORDS, dump_texts

from newsparse.model import Article, count_clean_words, count_words
from newsparse.normalize import clean_text
from newsparse.pipeline import parse_lines

#: Characters that decide a count: every kind of whitespace and of invisible
#: character, CJK ideographs and kana (BMP and beyond), Hangul, Thai, Arabic, Latin.
_CHARACTERS = [
    " ",
    "  ",
    "\t",
    "\u00a0",
    "\u2003",
    "\u3000",
    "\u202f",
    "\u200b",
    "\u2060",
    "\ufeff",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1f",
    "\x85",
    "\u2028",
    "\u2029",
    "\u180e",
    "\u00ad",
    "東",
    "京",
    "ア",
    "ひ",
    "ー",
    "\u3400",
    "\uf900",
    "\U00020000",
    "\U0002a6d6",
    "、",
    "。",
    "가",
    "ไทย",
    "\u0e31",
    "ق",
    "\u064b",
    "é",
    "e\u0301",
    "x",
    "Tower",
    "-",
    "'",
    "!",
    "1",
]
_PIECES = st.one_of(
    st.sampled_from(_CHARACTERS),
    st.sampled_from([word for words in WORDS.values() for word in words]),
    st.sampled_from(REMNANTS),
    st.text(max_size=3),
)


def _clean_paragraphs(raw: list[str]) -> list[str]:
    return [paragraph for text in raw for paragraph in clean_text(text).paragraphs]


def test_word_counts_no_printable_character_but_space_is_whitespace() -> None:
    """The premise of clean_text's fast route: printable text holds no whitespace but
    the ASCII space, so collapsing spaces leaves words separated by single spaces."""
    spaces = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c.isprintable()]
    assert spaces == [" "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=30).map("".join), max_size=6))
def test_word_counts_of_clean_paragraphs_follow_the_definition(raw: list[str]) -> None:
    paragraphs = _clean_paragraphs(raw)
    text = "\n\n".join(paragraphs)
    assert all(p and " ".join(p.split()) == p for p in paragraphs)
    assert count_clean_words(paragraphs, text) == count_words(text)


@pytest.mark.parametrize(
    ("paragraphs", "words"),
    [
        (["서울 지하철 개통"], 3),  # Hangul: past U+3040, but no CJK
        (["서울 東京 news"], 4),  # Hangul first, CJK after it
        (["emoji \U0001f600 here", "then 東京"], 6),
        (["\u3131 is a jamo", "and 京"], 6),  # U+3131: Hangul, then CJK
        (["Москва и Киев"], 3),
        (["𠀀𠀁 beyond the BMP"], 5),
    ],
)
def test_word_counts_clean_words_past_the_first_cjk_block(
    paragraphs: list[str], words: int
) -> None:
    text = "\n\n".join(paragraphs)
    assert count_clean_words(paragraphs, text) == count_words(text) == words


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("The minister said on Monday that talks would continue.", 9),
        ("Tower東京news opens", 5),
        ("北海道で大雪。\n\n交通機関が乱れた", 15),  # "。" is no CJK character: a token
        ("서울 지하철 개통", 3),
        ("รัฐมนตรีกล่าว การเจรจา", 2),
        ("قال الوزير إن المفاوضات ستستمر", 5),
        ("Москва\u00a0и  東京 agree,\tand\u3000𠀀 too", 8),
        ("<p>One <b>two</b></p><p>three&nbsp;four</p>", 4),
    ],
)
def test_word_counts_parser_counts_bodies_in_every_script(body: str, words: int) -> None:
    lines = [
        " date 2026-01-23 https://site.com/a.html",
        "",
        "A headline here",
        "",
        *body.split("\n"),
    ]
    [article] = parse_lines(lines, "a.txt")
    assert isinstance(article, Article)
    assert article.counted_words == words
    assert article.word_count == count_words(article.body) == words


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(dump_texts())
def test_word_counts_parser_counts_follow_the_definition(text: str) -> None:
    for item in parse_lines(text.split("\n"), "a.txt"):
        if isinstance(item, Article):
            assert item.counted_words is not None
            assert item.counted_words == count_words(item.body)


def test_word_counts_article_made_by_hand_counts_its_body() -> None:
    from newsparse.model import Origin

    article = Article(
        "https://a.com/1",
        "https://a.com/1",
        "2026-01-23",
        "H",
        None,
        (),
        "東京 news\n\nmore",
        Origin("f", 1),
    )
    assert article.counted_words is None
    assert article.word_count == 4
