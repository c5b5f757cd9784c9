"""Pure clean-up functions for text, dates and URLs.

Each text function has a fast path for the common case (plain text with no
markup), so that beautifulsoup4, ftfy and dateutil are imported and run only
for the input that needs them.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from typing import NamedTuple

from newsparse import codes
from newsparse.errors import NewsparseError

# --- text -------------------------------------------------------------------

# Characters removed outright: zero-width space, word joiner, BOM used as ZWNBSP,
# soft hyphen. ZWJ and ZWNJ are kept: they carry meaning in Persian, Indic scripts
# and emoji sequences.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

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
    but NFC and spaces, so they take a few C-speed scans instead of a dozen.
    A differential test holds the two routes to the same result.
    """
    # isprintable() is False for every character the general route removes or
    # folds: controls, format characters (zero-width, soft hyphen, BOM) and every
    # whitespace but the ASCII space. Printable text only needs its spaces folded.
    if raw.isprintable() and "<" not in raw and "&" not in raw:
        if raw.isascii():
            return _plain(raw)
        if _mojibake_hint().search(raw) is None:
            if not unicodedata.is_normalized("NFC", raw):
                raw = unicodedata.normalize("NFC", raw)  # canonical: stays printable
            return _plain(raw)
    return clean_text_general(raw)


def _plain(text: str) -> CleanText:
    """The paragraph of printable text: its only whitespace is the ASCII space."""
    if "  " in text or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split())
    return CleanText((text,) if text else ())


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
        had_entities = _ENTITY.search(text) is not None
        blocks = strip_html(text)
    else:
        if "&" in text and _ENTITY.search(text):
            had_entities = True
            import html

            text = html.unescape(text)
        blocks = [text]
    paragraphs = []
    for block in blocks:
        if not block.isascii():
            block = _INVISIBLE.sub("", block)
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
            if not (0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFDCF
                    or 0xFDF0 <= code <= 0xFFFD):
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
    return re.sub(
        r"<(script|style)\b.*?(?:</\1\s*>|$)", "", markup, flags=re.IGNORECASE | re.S
    )


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
    return bool(_tag().search(text) or _ENTITY.search(text))


# --- dates ------------------------------------------------------------------

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_YMD_SLASH = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_DMY_DOT = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")


class DateError(NewsparseError, ValueError):
    """A date that cannot be read; ``impossible`` when it parses but cannot exist."""

    def __init__(self, message: str, *, impossible: bool = False) -> None:
        super().__init__(message)
        self.impossible = impossible


#: Zone abbreviations read as fixed offsets, in seconds. An abbreviation names an offset
#: only by convention, and some are ambiguous; newsparse takes the reading news sites use
#: most: CST is US Central (not China), IST is India (not Ireland or Israel), BST is
#: British Summer Time. Any other abbreviation is reported (NP112), never dropped silently.
ZONE_ABBREVIATIONS: dict[str, int] = {
    "UTC": 0, "GMT": 0, "Z": 0, "UT": 0,
    "EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
    "MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
    "CET": 3600, "CEST": 2 * 3600, "BST": 3600, "MSK": 3 * 3600,
    "IST": 5 * 3600 + 1800, "JST": 9 * 3600,
}
# A UTC offset as written right after a time: 10:00+01:00, 10:00:00.5 -0500, 10:00+01.
_OFFSET = re.compile(
    r"\d:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?P<sign>[+-])(\d{2}):?(\d{2})?(?::?(\d{2}))?$"
)
# Seconds with a fraction longer than datetime's microseconds (nanoseconds: 9 digits).
_LONG_FRACTION = re.compile(r"(\d{2}:\d{2}:\d{2})[.,](\d{7,})")
_ISO_FRACTION = re.compile(r"(T\d{2}:\d{2}:\d{2})(?:\.\d{1,6})?")


class DateReading(NamedTuple):
    """A header date read: its ISO 8601 form, and what the reading had to say about it
    (``(code, message)`` pairs, such as an unknown zone abbreviation)."""

    iso: str
    notes: tuple[tuple[codes.Rule, str], ...] = ()


def parse_date(text: str) -> str:
    """Turn a header date into ISO 8601 (see :func:`read_date`); raises DateError."""
    return read_date(text).iso


def read_date(text: str) -> DateReading:
    """Turn a header date into ISO 8601, with notes about what could not be kept.

    A date alone gives ``YYYY-MM-DD``; a date with a time gives the full timestamp,
    with its UTC offset when one was given (a zone is never dropped silently or
    invented). Zone abbreviations in ZONE_ABBREVIATIONS become their offsets; another
    one is left out with a note. Fractions of a second are kept as written, nanoseconds
    included. Raises DateError: NP104 when the text is not a date, NP105 (impossible)
    when it names a day, time or offset that cannot exist.
    """
    text = text.strip()
    if m := _ISO_DAY.match(text):
        return DateReading(_day(int(m[1]), int(m[2]), int(m[3]), text))
    if m := _YMD_SLASH.match(text):
        return DateReading(_day(int(m[1]), int(m[2]), int(m[3]), text))
    if m := _DMY_DOT.match(text):
        return DateReading(_day(int(m[3]), int(m[2]), int(m[1]), text))
    _check_offset(text)
    fraction = None
    if (long := _LONG_FRACTION.search(text)) is not None:
        # datetime holds microseconds: parse with six digits, then put every digit back.
        fraction = long[2]
        text = text[: long.start(2)] + fraction[:6] + text[long.end(2) :]
    reading = _read_stamp(text)
    if fraction is not None and "T" in reading.iso:
        iso = _ISO_FRACTION.sub(lambda m: f"{m[1]}.{fraction}", reading.iso, count=1)
        reading = reading._replace(iso=iso)
    return reading


def _read_stamp(text: str) -> DateReading:
    if _ISO_TIME.match(text):
        try:
            stamp = _dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            pass
        else:
            return DateReading(stamp.isoformat())
    return _parse_with_dateutil(text)


def _check_offset(text: str) -> None:
    """Raise DateError for a UTC offset of 24 hours or more (datetime cannot hold one,
    and no zone on Earth is further than 14 hours from UTC)."""
    m = _OFFSET.search(text)
    if m is None:
        return
    hours, minutes, seconds = int(m[2]), int(m[3] or 0), int(m[4] or 0)
    if hours >= 24 or minutes >= 60 or seconds >= 60:
        raise DateError(
            f"date {text!r} has a UTC offset that cannot exist ({text[m.start('sign'):]}: "
            "an offset must be under 24 hours)",
            impossible=True,
        )


def _day(year: int, month: int, day: int, text: str) -> str:
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError as exc:
        raise DateError(f"date {text!r} cannot exist: {exc}", impossible=True) from None


def _parse_with_dateutil(text: str) -> DateReading:
    import warnings

    from dateutil import parser as du

    # Two different defaults: if they give different results, the text left a part out.
    first = _dt.datetime(2001, 1, 1)
    second = _dt.datetime(2002, 2, 2)
    try:
        # dateutil warns (UnknownTimezoneWarning) about a zone name it cannot read and
        # drops it; the warning is caught here and becomes a note, never stderr output.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            a = du.parse(text, default=first, tzinfos=ZONE_ABBREVIATIONS)
            b = du.parse(text, default=second, tzinfos=ZONE_ABBREVIATIONS)
            iso = a.isoformat() if _HAS_TIME.search(text) else a.date().isoformat()
    except du.ParserError as exc:
        if "out of range" in str(exc) or "must be in" in str(exc):
            raise DateError(f"date {text!r} cannot exist", impossible=True) from None
        raise DateError(f"cannot parse date {text!r}") from None
    except (OverflowError, ValueError) as exc:
        if "offset" in str(exc):
            raise DateError(f"date {text!r} has a UTC offset that cannot exist",
                            impossible=True) from None
        raise DateError(f"cannot parse date {text!r}") from None
    if (a.year, a.month, a.day) != (b.year, b.month, b.day):
        raise DateError(f"date {text!r} is incomplete (needs a year, month and day)")
    notes: list[tuple[codes.Rule, str]] = []
    for warning in caught:
        if issubclass(warning.category, du.UnknownTimezoneWarning):
            zone = re.search(r"tzname (\S+)", str(warning.message))
            name = zone[1] if zone else "?"
            notes.append((codes.DATE_ZONE_UNKNOWN, f"zone abbreviation {name!r} in date "
                          f"{text!r} is not known; the time is kept without a UTC offset"))
    return DateReading(iso, tuple(dict.fromkeys(notes)))  # both parses warn: report once


_URL_DAY = re.compile(
    r"/((?:19|20)\d{2})[-/]?(0[1-9]|1[0-2])[-/]?(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)"
)


def url_date(url: str) -> str | None:
    """The publication day a URL path gives (``/20260123/``, ``/2026/01/23/``), if any."""
    from urllib.parse import urlsplit  # on first use: see normalize_url

    path = urlsplit(url).path
    m = _URL_DAY.search(path)
    if not m:
        return None
    try:
        return _dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


# --- URLs -------------------------------------------------------------------

#: Query parameters dropped from URLs: analytics and click identifiers that do
#: not change the page. Any key starting with ``utm_`` is dropped as well.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid",
        "twclid", "ttclid", "li_fat_id", "igshid", "mc_cid", "mc_eid", "_ga", "_gl",
        "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "rb_clickid",
        "s_cid", "wickedid", "ocid", "ncid", "cmpid", "at_medium", "at_campaign",
    }
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


class URLError(NewsparseError, ValueError):
    """A URL that is not an absolute http(s) URL with a host."""


#: Characters no URL may hold: C0 and C1 controls, DEL, and any whitespace (a header's
#: ASCII spaces are encoded as %20 before the URL gets here).
_URL_FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f\s]")


def normalize_url(url: str) -> str:
    """Normalize an article URL; raise URLError when it is not an http(s) URL.

    Trims it, turns ``//host`` into ``https://host``, lower-cases the scheme and
    host, drops a default port and the TRACKING_PARAMETERS, and keeps everything
    else exactly as it was (path, other parameters in order, fragment). A backslash
    before the query is a slash, as browsers read http(s) URLs, so
    ``https://site.com\\@evil.com/`` stays on site.com. A URL holding a control
    character or whitespace is an error.
    """
    # urllib.parse is imported on first use, not at start: it costs about 1 ms
    # (it brings ipaddress), which commands that read no URL never need.
    from urllib.parse import urlsplit, urlunsplit

    url = url.strip()
    if (bad := _URL_FORBIDDEN.search(url)) is not None:
        raise URLError(f"URL holds a control or whitespace character "
                       f"(U+{ord(bad.group()):04X}): {url!r}")
    url = _browser_slashes(url)
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise URLError(f"not a valid URL: {url!r} ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise URLError(f"not an http(s) URL: {url!r}")
    host = parts.hostname
    if not host:
        raise URLError(f"URL has no host: {url!r}")
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    if "@" in parts.netloc:
        netloc = parts.netloc.rpartition("@")[0] + "@" + netloc
    query = parts.query
    if query:
        query = "&".join(p for p in query.split("&") if p and not _is_tracking(p))
    return urlunsplit((scheme, netloc, parts.path, query, parts.fragment))


def _is_tracking(pair: str) -> bool:
    key = pair.split("=", 1)[0].lower()
    return key.startswith("utm_") or key in TRACKING_PARAMETERS


def _browser_slashes(url: str) -> str:
    """Backslashes before the query or fragment read as slashes, as the WHATWG URL
    standard (every browser) reads http(s) and scheme-relative URLs; urlsplit alone
    would take ``https://site.com\\@evil.com/`` for a URL on evil.com."""
    if "\\" not in url:
        return url
    end = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    head = url[:end]
    scheme = head.split(":", 1)[0].lower() if ":" in head.split("/", 1)[0] else ""
    if scheme not in ("", *_DEFAULT_PORTS):
        return url
    return head.replace("\\", "/") + url[end:]


def source_of(url: str) -> str:
    """The site an URL belongs to: its host, without ``www.``, read as a browser reads it."""
    from urllib.parse import urlsplit  # on first use: see normalize_url

    try:
        host = urlsplit(_browser_slashes(url.strip())).hostname or ""
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


_URL_TOKEN = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:)?//\S+$")


def looks_like_url(token: str) -> bool:
    """True for a single token shaped like an absolute or scheme-relative URL."""
    return _URL_TOKEN.match(token) is not None
