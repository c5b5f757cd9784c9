"""Raw text in; clean text out: markup, entities, mojibake and control characters removed.

Pure functions. Each has a fast path for the common case (plain text with no
markup), so that beautifulsoup4 and ftfy are imported and run only for the
input that needs them. Dates are cleaned in :mod:`newsparse.dates`, URLs in
:mod:`newsparse.urls`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

# Characters removed outright: zero-width space, word joiner, BOM used as ZWNBSP,
# soft hyphen. ZWJ and ZWNJ are kept: they carry meaning in Persian, Indic scripts
# and emoji sequences.
# (A pattern string, compiled on first use through re's cache: each is a format character,
# so only unprintable text is searched, and compiling it at import cost 0.3 ms of every start.)
_INVISIBLE = "[\u200b\u2060\ufeff\u00ad]"
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
# (A pattern string too: only text holding "&" is searched.)
_ENTITY = r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"

# Real HTML: a tag whose name is an HTML element name. `<The Palace>` is not one.
_TAG_NAMES = (
    "a|abbr|address|article|aside|audio|b|bdi|bdo|blockquote|body|br|button|caption|cite|"
    "code|col|colgroup|dd|del|details|dfn|div|dl|dt|em|embed|figcaption|figure|font|footer|"
    "form|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|kbd|label|li|link|main|mark|meta|"
    "nav|noscript|object|ol|p|picture|pre|q|s|samp|script|section|small|source|span|strike|"
    "strong|style|sub|summary|sup|svg|table|tbody|td|template|tfoot|th|thead|time|tr|tt|u|ul|"
    "var|video|wbr|center"
)


@functools.cache
def _tag() -> re.Pattern[str]:
    """The real-tag pattern, compiled on first use: most text has no '<' at all."""
    return re.compile(
        rf"</?(?:{_TAG_NAMES})(?:\s[^<>]*)?/?>|<!--.*?(?:-->|$)", re.IGNORECASE | re.S
    )


_BLOCK_TAGS = frozenset(
    "address article aside blockquote br caption dd div dl dt figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead "
    "tr ul".split()
)


def _cp1252(byte: int) -> str:
    return bytes([byte]).decode("cp1252", "ignore") or chr(byte)


# Mojibake looks like a UTF-8 lead byte read as cp1252 (Ã, â, Ð, ...) followed by a
# continuation byte read as cp1252 (€, ™, ©, ...). This only decides whether to ask
# ftfy, which makes the real, conservative call.
@functools.cache
def _mojibake_hint() -> re.Pattern[str]:
    """Compiled on first use, so that ASCII input never pays for it."""
    return re.compile(
        "[" + re.escape("".join(_cp1252(b) for b in range(0xC2, 0xF5))) + "]"
        "[" + re.escape("".join(_cp1252(b) for b in range(0x80, 0xC0))) + "]"
    )


class CleanText(NamedTuple):
    """Clean paragraphs, plus what was found and repaired on the way.

    A named tuple rather than a frozen dataclass: one is made per paragraph, and a
    tuple takes about a third of the time to make."""

    paragraphs: tuple[str, ...]
    had_tags: bool = False
    had_entities: bool = False
    had_mojibake: bool = False
    had_control: bool = False


def collapse(text: str) -> str:
    """Collapse every run of whitespace (including non-breaking spaces) to one space."""
    return " ".join(text.split())


def clean_text(raw: str) -> CleanText:
    """Clean one raw paragraph of dump text into zero or more clean paragraphs.

    Most paragraphs are printable text with no markup. For them, each step of
    the general route (:func:`clean_text_general`) is known to change nothing
    but NFC and spaces, so they take a few C-speed scans instead of a dozen
    (:func:`clean_plain`). A differential test holds the two routes to the same result.
    """
    plain = clean_plain(raw)
    if plain is not None:
        return CleanText((plain,) if plain else ())
    return clean_text_general(raw)


def clean_plain(raw: str) -> str | None:
    """The one clean paragraph of printable text with no markup ("" when it is blank),
    or None when the text needs :func:`clean_text_general`.

    The parser's entry for a paragraph: it makes no CleanText, as nothing was found
    to report (a fifth of the time of cleaning a plain paragraph went on that: 2.2
    against 1.7 us)."""
    # isprintable() is False for every character the general route removes or
    # folds: controls, format characters (zero-width, soft hyphen, BOM) and every
    # whitespace but the ASCII space. Printable text only needs its spaces folded.
    if not raw.isprintable() or "<" in raw or "&" in raw:
        return None
    if not raw.isascii():
        if _mojibake_hint().search(raw) is not None:
            return None
        if not unicodedata.is_normalized("NFC", raw):
            raw = unicodedata.normalize("NFC", raw)  # canonical: stays printable
    # The only whitespace left is the ASCII space.
    if "  " in raw or raw[:1] == " " or raw[-1:] == " ":
        return " ".join(raw.split())
    return raw


def clean_text_general(raw: str) -> CleanText:
    """Clean any paragraph, running every step; :func:`clean_text` is the fast entry."""
    had_control = _CONTROL.search(raw) is not None
    text = _CONTROL.sub("", raw) if had_control else raw
    had_mojibake = False
    if not text.isascii() and _mojibake_hint().search(text):
        fixed = repair_mojibake(text)
        had_mojibake = fixed != text
        text = fixed
    had_tags = False
    had_entities = False
    if "<" in text and _tag().search(text):
        had_tags = True
        had_entities = re.search(_ENTITY, text) is not None
        blocks = strip_html(text)
    else:
        if "&" in text and re.search(_ENTITY, text):
            had_entities = True
            import html

            text = html.unescape(text)
        blocks = [text]
    paragraphs = []
    for block in blocks:
        if not block.isascii():
            if not block.isprintable():
                block = re.sub(_INVISIBLE, "", block)
            if not unicodedata.is_normalized("NFC", block):
                block = unicodedata.normalize("NFC", block)
        block = collapse(block)
        if block:
            paragraphs.append(block)
    return CleanText(tuple(paragraphs), had_tags, had_entities, had_mojibake, had_control)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as cp1252 or latin-1, where the repair is unambiguous."""
    import ftfy

    fixed: str = ftfy.fix_encoding(text)
    return fixed


def strip_html(text: str) -> list[str]:
    """Remove real HTML from text and return its paragraphs.

    Block tags and ``<br>`` become paragraph breaks, ``<script>`` and ``<style>``
    are dropped with their content, entities are decoded once, and anything that
    only looks like a tag (``<The Palace>``) is kept as text.
    """
    simple = _simple_blocks(text)
    if simple is not None:
        return simple
    return _strip_with_soup(text)


def _strip_with_soup(text: str) -> list[str]:
    """strip_html's general route: escape every '<' that does not open a real tag (so
    the HTML parser keeps it as text), then let beautifulsoup4 split the blocks."""
    pieces = []
    pos = 0
    for match in _tag().finditer(text):
        pieces.append(text[pos : match.start()].replace("<", "&lt;"))
        pieces.append(match.group())
        pos = match.end()
    pieces.append(text[pos:].replace("<", "&lt;"))
    markup = "".join(pieces)
    try:
        return _soup_blocks(markup)
    except RecursionError:  # pathological nesting: fall back to a flat strip
        import html

        flat = _tag().sub("\n\n", _drop_scripts(markup))
        return html.unescape(flat).split("\n\n")


# The fast path of strip_html: markup made only of these tags, with well-formed
# attributes, and only these entities, is split exactly as beautifulsoup4 splits it,
# without building a tree. Anything else (comments, script, style, template, media,
# pre, odd attributes or entities) goes to beautifulsoup4.
_SIMPLE_TAGS = (_BLOCK_TAGS - {"pre"}) | frozenset(
    "a abbr b bdi bdo cite code del dfn em font i ins kbd mark q s samp small span strike "
    "strong sub sup tt u var".split()
)


@functools.cache
def _simple_tag() -> re.Pattern[str]:
    # ASCII whitespace only: the HTML parser reads "<br\u00a0>" as a tag named "br\u00a0".
    return re.compile(
        r"<(/?)([A-Za-z][A-Za-z0-9]*)((?:[ \t\n\r\f]+[A-Za-z_:][-A-Za-z0-9_:.]*(?:[ \t\n\r\f]*="
        r"[ \t\n\r\f]*(?:\"[^\"<>&]*\"|'[^'<>&]*'|[^ \t\n\r\f\"'=<>&`]+))?)*)[ \t\n\r\f]*(/?)>"
    )


@functools.cache
def _simple_entity() -> re.Pattern[str]:
    return re.compile(r"&(?:(amp|lt|gt|quot|nbsp)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));")


_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "nbsp": "\u00a0"}


def _simple_text(piece: str) -> str | None:
    """Text between tags as beautifulsoup4 makes it (entities decoded; text of ASCII
    spaces only becomes one space or newline), or None when an entity is not simple."""
    if "&" not in piece:
        return _soup_space(piece)
    out = []
    pos = 0
    for m in _simple_entity().finditer(piece):
        if "&" in piece[pos : m.start()]:
            return None
        if m[1]:
            out.append(piece[pos : m.start()] + _NAMED[m[1]])
        else:
            code = int(m[2]) if m[2] else int(m[3], 16)
            if not (
                0x20 <= code <= 0x7E
                or 0xA0 <= code <= 0xD7FF
                or 0xE000 <= code <= 0xFDCF
                or 0xFDF0 <= code <= 0xFFFD
            ):
                return None
            out.append(piece[pos : m.start()] + chr(code))
        pos = m.end()
    if "&" in piece[pos:]:
        return None
    out.append(piece[pos:])
    return _soup_space("".join(out))


def _soup_space(text: str) -> str:
    if text and not text.strip(" \n\t\f\r"):
        return "\n" if "\n" in text else " "
    return text


def _simple_blocks(text: str) -> list[str] | None:
    """strip_html for plain formatting and block tags, or None when the markup needs
    a real HTML parser."""
    blocks: list[str] = []
    current: list[str] = []
    pos = 0
    for match in _tag().finditer(text):
        tag = _simple_tag().fullmatch(match.group())
        if tag is None or tag[2].lower() not in _SIMPLE_TAGS or (tag[1] and (tag[3] or tag[4])):
            return None
        piece = _simple_text(text[pos : match.start()])
        if piece is None:
            return None
        current.append(piece)
        if not tag[1] and tag[2].lower() in _BLOCK_TAGS:
            blocks.append("".join(current))
            current = []
        pos = match.end()
    piece = _simple_text(text[pos:])
    if piece is None:
        return None
    current.append(piece)
    blocks.append("".join(current))
    return [b for b in blocks if b.strip()]


def _drop_scripts(markup: str) -> str:
    return re.sub(r"<(script|style)\b.*?(?:</\1\s*>|$)", "", markup, flags=re.IGNORECASE | re.S)


def _soup_blocks(markup: str) -> list[str]:
    from bs4 import BeautifulSoup
    from bs4.element import NavigableString, Tag

    soup = BeautifulSoup(markup, "html.parser")
    blocks: list[str] = []
    current: list[str] = []
    for node in soup.descendants:
        if isinstance(node, Tag):
            if node.name.lower() in _BLOCK_TAGS:
                blocks.append("".join(current))
                current = []
        # Exactly NavigableString: script, style, template, comments and CDATA are
        # subclasses and are dropped.
        elif type(node) is NavigableString:
            current.append(str(node))
    blocks.append("".join(current))
    return [b for b in blocks if b.strip()]


def has_html(text: str) -> bool:
    """True when the text holds a real HTML tag or an entity."""
    return bool(_tag().search(text) or re.search(_ENTITY, text))
