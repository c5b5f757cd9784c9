"""Unit tests for newsparse.parser: layout rules, dedup of the lead, and findings."""

from __future__ import annotations

import datetime as dt

from newsparse.model import Article, Failure, RawRecord
from newsparse.parser import paragraphs_of, parse_record

TODAY = dt.date(2026, 11, 28)
HEADER = " date 2026-01-23 https://site.com/20260123/story-1.html"
LEAD = "The minister met the ambassador on Monday to discuss trade and energy links."
IMG = "https://cdn.site.com/img/photo_0:0:10:10.jpg"


def record(*blocks: str, header: str = HEADER) -> RawRecord:
    lines = "\n\n".join(blocks).split("\n")
    return RawRecord("f.txt", 1, header, ("", *lines))


def article(*blocks: str, header: str = HEADER) -> Article:
    result = parse_record(record(*blocks, header=header), today=TODAY)
    assert isinstance(result, Article), result
    return result


def failure(*blocks: str, header: str = HEADER) -> Failure:
    result = parse_record(record(*blocks, header=header), today=TODAY)
    assert isinstance(result, Failure), result
    return result


def codes(a: Article) -> list[str]:
    return [f.code for f in a.findings]


def test_paragraphs_of_joins_lines_and_numbers_paragraphs() -> None:
    paragraphs = paragraphs_of(["", "a", "b  ", "", "", "c"], 2)
    assert [(p.line, p.text) for p in paragraphs] == [(3, "a b"), (7, "c")]


def test_parse_record_seed_layout_keeps_the_lead_once() -> None:
    a = article("Headline", LEAD, IMG, LEAD + " More text follows.")
    assert a.headline == "Headline"
    assert a.lead == LEAD
    assert a.images == (IMG,)
    assert a.body == LEAD + " More text follows."
    assert a.findings == ()


def test_parse_record_lead_as_its_own_body_paragraph_is_kept_once() -> None:
    a = article("Headline", LEAD, IMG, LEAD, "Second paragraph.")
    assert a.body == f"{LEAD}\n\nSecond paragraph."


def test_parse_record_body_that_does_not_repeat_the_lead_gets_it_prepended() -> None:
    a = article("Headline", LEAD, IMG, "Other text entirely.")
    assert a.lead == LEAD
    assert a.body == f"{LEAD}\n\nOther text entirely."


def test_parse_record_lead_repeated_twice_is_kept_once_with_a_warning() -> None:
    a = article("Headline", LEAD, IMG, LEAD, LEAD + " And more.")
    assert a.body == LEAD + " And more."
    assert codes(a) == ["NP206"]


def test_parse_record_image_right_after_headline_means_no_lead() -> None:
    a = article("Headline", IMG, "First body paragraph.", "Second.")
    assert a.lead is None
    assert a.images == (IMG,)
    assert a.body == "First body paragraph.\n\nSecond."


def test_parse_record_without_image_a_repeated_paragraph_is_the_lead() -> None:
    a = article("Headline", LEAD, LEAD + " Then the rest.", "More.")
    assert a.lead == LEAD
    assert a.body == f"{LEAD} Then the rest.\n\nMore."


def test_parse_record_without_image_or_repeat_everything_is_body() -> None:
    a = article("Headline", "First paragraph here.", "Second paragraph here.")
    assert a.lead is None
    assert a.body == "First paragraph here.\n\nSecond paragraph here."


def test_parse_record_short_paragraph_that_starts_the_next_is_not_a_lead() -> None:
    a = article("Headline", "Moscow", "Moscow said on Monday that talks would go on.")
    assert a.lead is None
    assert a.body == "Moscow\n\nMoscow said on Monday that talks would go on."


def test_parse_record_teaser_lead_with_ellipsis_matches_the_full_text() -> None:
    teaser = "The minister met the ambassador on Monday to discuss..."
    a = article("Headline", teaser, IMG, LEAD)
    assert a.lead == teaser
    assert a.body == LEAD


def test_parse_record_several_image_lines_in_any_grouping() -> None:
    a = article(
        "Headline", LEAD, "https://c.com/1.jpg\nhttps://c.com/2.png", "//c.com/3.webp", LEAD
    )
    assert a.images == ("https://c.com/1.jpg", "https://c.com/2.png", "https://c.com/3.webp")
    assert a.image == "https://c.com/1.jpg"


def test_parse_record_image_inside_the_body_goes_to_images() -> None:
    a = article("Headline", LEAD, IMG, LEAD, "https://c.com/inline.jpg", "Last.")
    assert a.images == (IMG, "https://c.com/inline.jpg")
    assert a.body == f"{LEAD}\n\nLast."


def test_parse_record_scheme_relative_and_grouped_images_inside_the_body() -> None:
    a = article(
        "Headline",
        LEAD,
        IMG,
        LEAD,
        "//c.com/inline.jpg",
        "https://c.com/a.png\n//c.com/b.gif",
        "Text with https://c.com/x.jpg\nhttps://c.com/y.jpg",
    )
    assert a.images == (
        IMG,
        "https://c.com/inline.jpg",
        "https://c.com/a.png",
        "https://c.com/b.gif",
    )
    assert a.body == f"{LEAD}\n\nText with https://c.com/x.jpg https://c.com/y.jpg"


def test_parse_record_bare_link_inside_the_body_stays_text() -> None:
    a = article("Headline", LEAD, IMG, LEAD, "https://t.me/channel", "Last.")
    assert a.body == f"{LEAD}\n\nhttps://t.me/channel\n\nLast."


def test_parse_record_image_line_that_is_not_a_url_is_reported() -> None:
    a = article("Headline", LEAD, "cdn.site.com/img/photo.jpg", LEAD)
    assert a.images == ()
    assert codes(a) == ["NP207"]
    assert a.findings[0].line == 7  # header 1, blank, headline 3, blank, lead 5, blank


def test_parse_record_paragraph_split_across_lines_is_joined() -> None:
    a = article("Headline\ncontinued", "Body line one\nline two.")
    assert a.headline == "Headline continued"
    assert a.body == "Body line one line two."


def test_parse_record_html_is_cleaned_and_reported_once_per_kind() -> None:
    a = article("<b>Head</b> &amp; line", "<p>One</p><p>Two &amp; three</p>")
    assert a.headline == "Head & line"
    assert a.body == "One\n\nTwo & three"
    assert codes(a) == ["NP301", "NP302"]


def test_parse_record_normalizes_url_date_and_keeps_the_original() -> None:
    header = "Date: 23.01.2026 //WWW.Site.com:443/20260123/a.html?utm_source=x&id=1"
    a = article("Headline", "Body.", header=header)
    assert a.url == "https://www.site.com/20260123/a.html?id=1"
    assert a.original_url == "//WWW.Site.com:443/20260123/a.html?utm_source=x&id=1"
    assert a.source == "site.com"
    assert a.date == "2026-01-23"


def test_parse_record_date_url_mismatch_is_a_warning() -> None:
    a = article("Headline", "Body.", header=" date 2026-01-25 https://s.com/20260123/a.html")
    assert codes(a) == ["NP107"]


def test_parse_record_timestamp_allows_a_day_of_zone_slack() -> None:
    header = " date 2026-01-24T00:30:00+09:00 https://s.com/20260123/a.html"
    assert codes(article("Headline", "Body.", header=header)) == []


def test_parse_record_dates_out_of_range_are_warnings() -> None:
    old = article("Headline", "Body.", header=" date 1970-01-01 https://s.com/a.html")
    future = article("Headline", "Body.", header=" date 2031-01-01 https://s.com/a.html")
    assert codes(old) == ["NP106"] and codes(future) == ["NP106"]


def test_parse_record_headline_warnings() -> None:
    long = article("Word " * 60, "Body.")
    sentence = article("The minister met the ambassador on Monday.", "Body.")
    abbreviation = article("Talks Resume in the U.S.", "Body.")
    assert codes(long) == ["NP202"]
    assert codes(sentence) == ["NP203"]
    assert codes(abbreviation) == []


def test_parse_record_headline_only_is_written_with_an_empty_body() -> None:
    a = article("Headline")
    assert a.body == "" and a.lead is None
    assert codes(a) == ["NP204"]


def test_parse_record_failures_name_the_code_and_line() -> None:
    cases = {
        " date 2026-02-30 https://s.com/a": "NP105",
        " date yesterday https://s.com/a": "NP104",
        " date https://s.com/a": "NP102",
        " date 2026-01-23": "NP103",
        " date 2026-01-23 ftp://s.com/a": "NP108",
    }
    for header, code in cases.items():
        result = failure("Headline", "Body.", header=header)
        assert (result.finding.code, result.finding.line, result.scope) == (code, 1, "record")


def test_parse_record_header_alone_is_truncated() -> None:
    result = parse_record(RawRecord("f.txt", 7, HEADER, ("", "  ")), today=TODAY)
    assert isinstance(result, Failure)
    assert (result.finding.code, result.finding.line) == ("NP205", 7)


def test_parse_record_image_where_the_headline_should_be_is_a_missing_headline() -> None:
    result = failure(IMG, "Body.")
    assert result.finding.code == "NP201"
    assert result.finding.line == 3


def test_parse_record_article_to_dict_has_exactly_the_documented_keys() -> None:
    a = article("Headline", LEAD, IMG, LEAD)
    assert list(a.to_dict()) == [
        "id",
        "url",
        "original_url",
        "source",
        "date",
        "headline",
        "lead",
        "image",
        "images",
        "body",
        "word_count",
        "origin",
    ]
    assert a.to_dict()["origin"] == {"path": "f.txt", "line": 1}
    assert len(a.id) == 16 and a.id == article("Other", "x").id  # same URL, same id


def test_parse_record_lead_split_by_markup_is_one_lead_and_kept_once() -> None:
    split_lead = "<p>Lead part A is here.</p><p>Lead part B follows.</p>"
    a = article("Headline", split_lead, IMG, split_lead + "<p>Body C.</p>")
    assert a.lead == "Lead part A is here. Lead part B follows."
    assert a.body == "Lead part A is here.\n\nLead part B follows.\n\nBody C."


def test_parse_record_lead_split_by_markup_and_not_repeated_is_prepended_once() -> None:
    a = article("Headline", "<p>Part A of the lead.</p><p>Part B.</p>", IMG, "Body C.")
    assert a.body == "Part A of the lead.\n\nPart B.\n\nBody C."


def test_parse_record_lead_repeated_three_times_is_kept_once() -> None:
    a = article("Headline", LEAD, IMG, LEAD, LEAD, LEAD + " Rest.")
    assert a.body == LEAD + " Rest."
    assert codes(a) == ["NP206"]
