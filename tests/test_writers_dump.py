"""The dump generator: Article -> canonical dump text, knowing nothing of parsing."""

from __future__ import annotations

import io

import newsparse
from newsparse.model import Article, Origin
from newsparse.writers.dump import DumpWriter, dump_lines, header_line, render_dump


def _article(**fields: object) -> Article:
    values: dict[str, object] = {
        "url": "https://site.com/a.html",
        "original_url": "https://SITE.com/a.html?utm_source=x",
        "date": "2026-01-23",
        "headline": "Headline",
        "lead": None,
        "images": (),
        "body": "First paragraph.\n\nSecond paragraph.",
        "origin": Origin("x.txt", 1),
    }
    values.update(fields)
    return Article(**values)  # type: ignore[arg-type]


def test_writers_dump_seed_renders_as_the_seed(seed_text: str) -> None:
    article = newsparse.loads(seed_text)[0]
    assert render_dump(article) == seed_text.rstrip("\n") + "\n"


def test_writers_dump_header_keeps_original_url_and_leading_space() -> None:
    article = _article(date="2026-01-23T08:15:00+01:00")
    assert (
        header_line(article)
        == " date 2026-01-23T08:15:00+01:00 https://SITE.com/a.html?utm_source=x"
    )


def test_writers_dump_no_lead_no_image() -> None:
    assert render_dump(_article()) == (
        " date 2026-01-23 https://SITE.com/a.html?utm_source=x\n\nHeadline\n\n"
        "First paragraph.\n\nSecond paragraph.\n"
    )


def test_writers_dump_lead_then_images_then_body_repeating_the_lead() -> None:
    article = _article(
        lead="The lead.",
        images=("https://cdn.site.com/1.jpg", "https://cdn.site.com/2.jpg"),
        body="The lead.\n\nMore.",
    )
    assert dump_lines(article) == [
        " date 2026-01-23 https://SITE.com/a.html?utm_source=x",
        "",
        "Headline",
        "",
        "The lead.",
        "",
        "https://cdn.site.com/1.jpg",
        "https://cdn.site.com/2.jpg",
        "",
        "The lead.",
        "",
        "More.",
    ]


def test_writers_dump_images_without_lead() -> None:
    article = _article(images=("https://cdn.site.com/1.jpg",), body="Body.")
    assert render_dump(article).split("\n")[2:] == [
        "Headline",
        "",
        "https://cdn.site.com/1.jpg",
        "",
        "Body.",
        "",
    ]


def test_writers_dump_empty_body_ends_after_headline() -> None:
    assert render_dump(_article(body="")) == (
        " date 2026-01-23 https://SITE.com/a.html?utm_source=x\n\nHeadline\n"
    )


def test_writers_dump_writer_separates_records_with_one_blank_line() -> None:
    out = io.StringIO()
    with DumpWriter(out) as writer:
        writer.write(_article(body="One."))
        writer.write(_article(headline="Two", body="Two."))
    assert out.getvalue() == (
        " date 2026-01-23 https://SITE.com/a.html?utm_source=x\n\nHeadline\n\nOne.\n"
        "\n"
        " date 2026-01-23 https://SITE.com/a.html?utm_source=x\n\nTwo\n\nTwo.\n"
    )
    assert writer.count == 2


def test_writers_dump_round_trips_through_the_parser() -> None:
    article = _article(
        lead="The lead paragraph, long enough to count as a lead of its own.",
        images=("https://cdn.site.com/1.jpg",),
        body="The lead paragraph, long enough to count as a lead of its own.\n\nMore.",
    )
    again = newsparse.loads(render_dump(article), "x.txt")[0]
    assert again == article
