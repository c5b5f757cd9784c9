"""NP3xx: text that was cleaned (tags, entities, mojibake, control characters)."""

from __future__ import annotations

from newsparse.codes.rule import Rule

HTML_REMNANTS = Rule(
    "NP301",
    "html-remnants",
    "warning",
    "HTML tags left in the text",
    "Scrapers sometimes leave markup in the text. newsparse removes real tags (block "
    "tags and `<br>` become paragraph breaks, `<script>` and `<style>` are dropped) but "
    "keeps text that only looks like a tag, such as `<The Palace>`.",
    "<p>The minister said <b>no</b>.</p>",
    "The minister said no.",
)

HTML_ENTITIES = Rule(
    "NP302",
    "html-entities",
    "warning",
    "HTML entities left in the text",
    "Entities such as `&amp;`, `&#8220;` and `&nbsp;` should have been decoded. "
    "newsparse decodes them once.",
    "Smith &amp; Sons said &#8220;yes&#8221;",
    "Smith & Sons said \u201cyes\u201d",
)

MOJIBAKE = Rule(
    "NP303",
    "mojibake",
    "error",
    "Text was decoded with the wrong encoding (mojibake)",
    "UTF-8 text that was once read as cp1252 shows sequences such as `â€™` and `Ã©`. "
    "newsparse repairs it where the repair is unambiguous; the archive should be fixed.",
    "The minister\u00e2\u20ac\u2122s visit",
    "The minister\u2019s visit",
)

CONTROL_CHARACTERS = Rule(
    "NP304",
    "control-characters",
    "warning",
    "Control characters in the text",
    "NUL and other C0 control characters have no place in article text. They are removed.",
    "Head\\x00line",
    "Headline",
)
