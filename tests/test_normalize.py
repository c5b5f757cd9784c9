"""Unit tests for the clean-up modules: newsparse.normalize (text), dates and urls."""

from __future__ import annotations

import pytest

from newsparse.dates import DateError, parse_date, url_date
from newsparse.normalize import clean_text, collapse
from newsparse.urls import URLError, looks_like_url, normalize_url, source_of


def paragraphs(raw: str) -> list[str]:
    return list(clean_text(raw).paragraphs)


# --- text -------------------------------------------------------------------


def test_collapse_folds_runs_of_whitespace_including_nbsp() -> None:
    assert collapse("  a \t b\u00a0\u00a0c\u2003d  ") == "a b c d"


def test_clean_text_plain_ascii_takes_the_fast_path_unchanged() -> None:
    result = clean_text("Plain   text,  nothing\tspecial.")
    assert result.paragraphs == ("Plain text, nothing special.",)
    assert not (result.had_tags or result.had_entities or result.had_mojibake)


def test_clean_text_blank_gives_no_paragraph() -> None:
    assert paragraphs("   ") == []


def test_clean_text_decodes_entities_exactly_once() -> None:
    result = clean_text("Smith &amp; Sons said &#8220;yes&#8221;&nbsp;&amp;lt;b&amp;gt;")
    assert result.paragraphs == ("Smith & Sons said \u201cyes\u201d &lt;b&gt;",)
    assert result.had_entities and not result.had_tags


def test_clean_text_removes_tags_and_splits_blocks_into_paragraphs() -> None:
    result = clean_text("<p>One <b>bold</b> move.</p><p>Two<br>Three</p>")
    assert result.paragraphs == ("One bold move.", "Two", "Three")
    assert result.had_tags


def test_clean_text_drops_script_and_style_content() -> None:
    raw = "Before <script>alert('x')</script><style>p{color:red}</style>after."
    assert paragraphs(raw) == ["Before after."]


def test_clean_text_drops_unclosed_script_to_the_end() -> None:
    assert paragraphs("Text <script>var a = 1; never closed") == ["Text"]


def test_clean_text_keeps_text_that_only_looks_like_a_tag() -> None:
    raw = "The musical <The Palace: Tale of Jang Noksu> opens."
    assert paragraphs(raw) == [raw]
    assert not clean_text(raw).had_tags


def test_clean_text_keeps_fake_tag_next_to_real_markup() -> None:
    raw = "<p>The musical <The Palace: Tale of Jang Noksu> opens.</p>"
    assert paragraphs(raw) == ["The musical <The Palace: Tale of Jang Noksu> opens."]


def test_clean_text_keeps_comparisons_and_arrows() -> None:
    assert paragraphs("If a < b and c > d then <-- look") == ["If a < b and c > d then <-- look"]


def test_clean_text_link_keeps_its_text_not_its_href() -> None:
    assert paragraphs('See <a href="javascript:alert(1)">the list</a>.') == ["See the list."]


def test_clean_text_removes_zero_width_and_soft_hyphens_but_keeps_zwnj() -> None:
    assert paragraphs("soft\u00adhyphen zero\u200bwidth join\u2060er") == [
        "softhyphen zerowidth joiner"
    ]
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # ZWNJ is meaningful
    assert paragraphs(persian) == [persian]


def test_clean_text_applies_nfc() -> None:
    assert paragraphs("Cafe\u0301") == ["Caf\u00e9"]


def test_clean_text_repairs_mojibake() -> None:
    result = clean_text("The minister\u00e2\u20ac\u2122s visit \u00e2\u20ac\u201d brief")
    assert result.paragraphs == ("The minister\u2019s visit \u2014 brief",)
    assert result.had_mojibake


def test_clean_text_leaves_real_accented_text_alone() -> None:
    for text in ("S\u00c3O PAULO", "Fran\u00e7ois \u00e0 Montr\u00e9al", "na\u00efve caf\u00e9"):
        result = clean_text(text)
        assert result.paragraphs == (text,)
        assert not result.had_mojibake


def test_clean_text_removes_control_characters() -> None:
    result = clean_text("Head\x00line\x07 here")
    assert result.paragraphs == ("Headline here",)
    assert result.had_control


def test_clean_text_survives_deeply_nested_tags() -> None:
    raw = "<div>" * 100_000 + "deep" + "</div>" * 100_000
    assert paragraphs(raw) == ["deep"]


# --- dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2026-01-23", "2026-01-23"),
        ("2026/01/23", "2026-01-23"),
        ("2026.1.3", "2026-01-03"),
        ("23.01.2026", "2026-01-23"),
        ("3.1.2026", "2026-01-03"),
        ("Jan 23, 2026", "2026-01-23"),
        ("23 January 2026", "2026-01-23"),
        ("January 23 2026", "2026-01-23"),
        ("2026-01-23T08:15:00+01:00", "2026-01-23T08:15:00+01:00"),
        ("2026-01-23T08:15:00Z", "2026-01-23T08:15:00+00:00"),
        ("2026-01-23 08:15", "2026-01-23T08:15:00"),
        ("Fri, 23 Jan 2026 08:15:00 +0100", "2026-01-23T08:15:00+01:00"),
    ],
)
def test_parse_date_gives_iso_8601(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["2026-02-30", "30.02.2026", "2026/13/01", "Feb 30, 2026"])
def test_parse_date_impossible_date_raises_impossible(text: str) -> None:
    with pytest.raises(DateError) as info:
        parse_date(text)
    assert info.value.impossible


@pytest.mark.parametrize("text", ["yesterday", "soon-ish", "Jan 2026", "12:30"])
def test_parse_date_unreadable_or_incomplete_raises(text: str) -> None:
    with pytest.raises(DateError) as info:
        parse_date(text)
    assert not info.value.impossible


def test_parse_date_iso_day_does_not_import_dateutil() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from newsparse.dates import parse_date;"
        "parse_date('2026-01-23'); parse_date('2026-01-23T08:15:00+01:00');"
        "print('dateutil' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://sputnikglobe.com/20260123/story-1123512338.html", "2026-01-23"),
        ("https://site.com/2026/01/23/story.html", "2026-01-23"),
        ("https://site.com/news/2026-01-23/story", "2026-01-23"),
        ("https://site.com/story-1123512338.html", None),
        ("https://site.com/20261399/story.html", None),
    ],
)
def test_url_date_reads_the_day_in_the_path(url: str, day: str | None) -> None:
    assert url_date(url) == day


# --- URLs -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("  https://site.com/a.html  ", "https://site.com/a.html"),
        ("//site.com/a.html", "https://site.com/a.html"),
        ("HTTPS://WWW.Site.COM/Path/Keep.HTML", "https://www.site.com/Path/Keep.HTML"),
        ("https://site.com:443/a", "https://site.com/a"),
        ("http://site.com:80/a", "http://site.com/a"),
        ("http://site.com:8080/a", "http://site.com:8080/a"),
        (
            "https://site.com/a?utm_source=x&id=5&fbclid=abc&UTM_Medium=y&b=2#top",
            "https://site.com/a?id=5&b=2#top",
        ),
        ("https://site.com/a?gclid=1&msclkid=2", "https://site.com/a"),
        ("https://site.com/a?q=%20x&sort=", "https://site.com/a?q=%20x&sort="),
        ("https://user@Site.com/a", "https://user@site.com/a"),
        ("http://[::1]:8000/a", "http://[::1]:8000/a"),
    ],
)
def test_normalize_url_cleans_and_keeps_the_rest(raw: str, normal: str) -> None:
    assert normalize_url(raw) == normal


@pytest.mark.parametrize(
    "raw",
    [
        "not-a-url",
        "ftp://site.com/a",
        "https:///path-only",
        "javascript:alert(1)",
        "https://site.com:99999/a",
        "https://si te.com/a",
        "mailto:a@b.c",
    ],
)
def test_normalize_url_rejects_what_is_not_an_http_url(raw: str) -> None:
    with pytest.raises(URLError):
        normalize_url(raw)


def test_source_of_drops_www() -> None:
    assert source_of("https://www.sputnikglobe.com/a") == "sputnikglobe.com"
    assert source_of("https://news.bbc.co.uk/a") == "news.bbc.co.uk"


def test_looks_like_url_accepts_absolute_and_scheme_relative_only() -> None:
    assert looks_like_url("https://a.com/x.jpg")
    assert looks_like_url("//a.com/x.jpg")
    assert not looks_like_url("a.com/x.jpg")
    assert not looks_like_url("https://a.com/x y.jpg")
