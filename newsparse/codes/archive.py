"""NP5xx: archive-wide (the same article twice across files)."""

from __future__ import annotations

from newsparse.codes.rule import Rule

DUPLICATE_URL = Rule(
    "NP501",
    "duplicate-url",
    "warning",
    "The same article URL appears more than once",
    "After normalization (tracking parameters removed, host lower-cased) two records "
    "have the same URL. Every place is named.",
    "two records with https://site.com/a.html and https://SITE.com/a.html?utm_source=x",
    "each URL once",
)

DUPLICATE_BODY = Rule(
    "NP502",
    "duplicate-body",
    "warning",
    "The same body appears under different URLs",
    "Two records with different URLs carry exactly the same body text, usually a "
    "syndicated copy or a scraper fault. Every place is named.",
    "https://a.com/x.html and https://b.com/y.html with identical bodies",
    "distinct bodies",
)
