"""NP2xx: record structure (headline, lead, body, images, limits)."""

from __future__ import annotations

from newsparse.codes.rule import Rule

MISSING_HEADLINE = Rule(
    "NP201",
    "missing-headline",
    "error",
    "Record has no headline",
    "The first text after the header is the headline. A record whose first text is an "
    "image URL, or that has no text at all after the header, has none. Nor has a record "
    "whose first paragraph is a lead: the body repeats it (in any of the forms a lead "
    "takes, see the lead rule), it is at least 40 characters long, and it ends like a "
    "sentence, with an ellipsis or read-more link, or mid-word.",
    " date 2026-01-23 https://site.com/story.html\n\nhttps://cdn.site.com/a.jpg",
    " date 2026-01-23 https://site.com/story.html\n\nThe headline\n\nThe body.",
)

HEADLINE_TOO_LONG = Rule(
    "NP202",
    "headline-too-long",
    "warning",
    "Headline is suspiciously long",
    "A headline longer than 250 characters is usually a lead or body paragraph that "
    "took the headline's place because the real headline is missing.",
    " date 2026-01-23 https://site.com/s.html\n\n<a whole paragraph of 400 characters>",
    " date 2026-01-23 https://site.com/s.html\n\nA short headline",
)

HEADLINE_SENTENCE = Rule(
    "NP203",
    "headline-sentence",
    "warning",
    "Headline ends like a sentence",
    "Headlines rarely end with a full stop. One that does is often the lead, sitting "
    "where the headline should be. Abbreviations and ellipses are allowed.",
    " date 2026-01-23 https://site.com/s.html\n\nThe minister met the ambassador on Monday.",
    " date 2026-01-23 https://site.com/s.html\n\nMinister Meets Ambassador",
)

EMPTY_BODY = Rule(
    "NP204",
    "empty-body",
    "error",
    "Record has a headline but no body",
    "An article needs text. A record with a headline and nothing else is usually cut "
    "off; the article is still written, with an empty body.",
    " date 2026-01-23 https://site.com/s.html\n\nHeadline",
    " date 2026-01-23 https://site.com/s.html\n\nHeadline\n\nThe body.",
)

TRUNCATED_RECORD = Rule(
    "NP205",
    "truncated-record",
    "error",
    "Record is a header and nothing else",
    "A header line followed by no text at all (or directly by the next header) is a "
    "truncated record. It cannot become an article and is reported instead.",
    " date 2026-01-23 https://site.com/a.html\n date 2026-01-23 https://site.com/b.html",
    " date 2026-01-23 https://site.com/a.html\n\nHeadline\n\nBody.",
)

LEAD_REPEATED_TWICE = Rule(
    "NP206",
    "lead-repeated-twice",
    "warning",
    "Body repeats the lead more than once",
    "Dumps repeat the lead once at the start of the body; newsparse keeps it once. A body "
    "that starts with the lead twice over (or more) is a scraper fault. A copy is one or "
    "more whole paragraphs holding the lead in any of its forms (with or without its "
    "ellipsis or read-more link, other quotes, dashes or spacing); copies are dropped "
    "while the text after them still repeats the lead, so the last repeat is kept.",
    "Lead.\n\nimage-url\n\nLead.\n\nLead.\n\nMore body.",
    "Lead.\n\nimage-url\n\nLead. More body.",
)

IMAGE_NOT_URL = Rule(
    "NP207",
    "image-not-url",
    "error",
    "Image line is not an http(s) URL",
    "Lines in the image position must be absolute http(s) URLs (or `//host/...`). "
    "Anything else is reported and left out of `images`.",
    "cdn.site.com/img/photo.jpg",
    "https://cdn.site.com/img/photo.jpg",
)

TEXT_OUTSIDE_RECORD = Rule(
    "NP208",
    "text-outside-record",
    "error",
    "Text before the first header belongs to no record",
    "A record starts at a header line and nothing else starts one, so text above the "
    "first header cannot be placed in any article. It is reported, never dropped silently.",
    "Exported 2019-05-01\n date 2026-01-23 https://site.com/s.html\n...",
    " date 2026-01-23 https://site.com/s.html\n...",
)

RECORD_TOO_LARGE = Rule(
    "NP209",
    "record-too-large",
    "error",
    "Record or line is over the size limit",
    "A record over the size limit (8 MiB of text by default, `--max-record-size`) is "
    "skipped and reported, so that a damaged file cannot exhaust memory.",
    "<a header followed by 100 MB of text without a newline>",
    "<records of ordinary size>",
)

UNFORMATTABLE_RECORD = Rule(
    "NP210",
    "unformattable-record",
    "error",
    "Record cannot be written in canonical form without changing its content",
    "`newsparse fmt` rewrites a record only when its canonical form parses back to the "
    "same article. The dump format has no escaping, so text that would read differently "
    "once cleaned (a paragraph that becomes a header or an image line, entities escaped "
    "twice, an image line that is not a URL) cannot be carried. Such a record is left "
    "exactly as it was and reported; fix the source text.",
    "<p>date 2026-01-01 https://site.com/other.html</p>",
    "A paragraph that reads as text.",
)
