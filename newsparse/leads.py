"""Lead and body paragraphs in; which text is the lead, and the body without its repeat, out.

Dumps repeat the lead at the start of the body, but rarely byte for byte: the lead is
often a teaser cut anywhere (``...the cable anch…``), cut inside brackets (``[…]``),
followed by a "Read more »" link, or written with other quotes, dashes and spacing
than the body. This module decides, for the parser:

- :func:`place_lead`: whether the body repeats a known lead (then the body is kept
  as it is, minus extra whole copies of the lead at its start) or not (then the lead
  is put in front of it, so no text is ever dropped);
- :func:`opens_with_lead`: with no image line, whether the first paragraph is a lead
  because the next one repeats it;
- :func:`headline_is_lead`: whether a record's first paragraph is really a lead
  (the body repeats it), so the headline is missing.

The rule, for a lead L and the text T that follows it (paragraphs joined by spaces):

1. L is split into its *core* and a *cut marker*: a trailing read-more phrase
   (:data:`READ_MORE`), then a trailing ellipsis (``...``, ``…``, ``[…]``, ``[...]``,
   ``(...)``).
2. Both are compared on a key (:func:`key`): quotes, dashes and ellipses folded,
   a leading ``- `` or ``•`` dropped, and whitespace kept only between two letters or
   digits (so ``x.Y`` equals ``x. Y``).
3. T repeats L when its key starts with the key of L's core, and either the match
   ends at a word boundary, or (cut mid-word) L had a cut marker or its core is at
   least :data:`LEAD_MIN` characters long.

The common case, T starting with L exactly at a word boundary, is one
``str.startswith`` before any of this.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

#: A lead cut mid-word with no ellipsis, and a paragraph taken for a lead with no
#: image line to mark it, must be at least this long: "Moscow" followed by
#: "Moscow said..." is a dateline, not a lead.
LEAD_MIN = 40

#: "Read more" links that scrapers leave after a cut lead, by language, lower case.
#: A phrase is stripped only from the end of a lead, and only after an ellipsis or
#: with link decoration (``»``, ``›``, ``→``, ``>`` or brackets around it), so a
#: lead that ends in the words "read more" as text is left alone.
READ_MORE: dict[str, tuple[str, ...]] = {
    "en": (
        "read more",
        "continue reading",
        "keep reading",
        "read the full story",
        "read full story",
        "read the full article",
        "read full article",
        "read on",
        "more",
    ),
    "de": (
        "weiterlesen",
        "mehr lesen",
        "lesen sie mehr",
        "lesen sie weiter",
        "mehr erfahren",
        "zum artikel",
        "mehr",
    ),
    "fr": ("lire la suite", "lire plus", "en savoir plus", "la suite"),
    "es": (
        "leer más",
        "leer mas",
        "seguir leyendo",
        "sigue leyendo",
        "continuar leyendo",
        "ver más",
        "leer la nota completa",
    ),
    "it": (
        "leggi tutto",
        "leggi di più",
        "leggi di piu",
        "continua a leggere",
        "leggi il resto",
        "leggi l'articolo",
    ),
    "pt": (
        "leia mais",
        "ler mais",
        "continue lendo",
        "continuar lendo",
        "continuar a ler",
        "saiba mais",
        "leia a matéria completa",
    ),
    "pl": ("czytaj dalej", "czytaj więcej", "czytaj całość", "więcej"),
    "ru": ("читать далее", "читать дальше", "читать полностью", "подробнее", "далее"),
    "nl": ("lees meer", "lees verder", "verder lezen", "lees het hele artikel", "meer"),
}

# Phrases by their last word, so that a lead is checked against the few phrases that
# could end it, with plain string comparisons (a regex alternation of all of them,
# searched at every position of a lead's end, cost 0.17 ms a lead).
_BY_LAST_WORD: dict[str, tuple[str, ...]] = {}
_LAST_WORD = re.compile(r"\w+$")
for _phrase in sorted({p for group in READ_MORE.values() for p in group}, key=len, reverse=True):
    _last = _LAST_WORD.search(_phrase).group()  # type: ignore[union-attr]  # all end in letters
    _BY_LAST_WORD[_last] = (*_BY_LAST_WORD.get(_last, ()), _phrase)
del _phrase, _last
#: The longest cut marker (ellipsis, phrase, decoration) a copy of a lead can add.
_MARKER_MAX = 48
_ARROWS = "\u00bb\u203a\u2192>"


def _is_ellipsis(marks: str) -> bool:
    """A run of dots and ``…`` is an ellipsis when it has a ``…`` or two dots."""
    return "\u2026" in marks or len(marks) >= 2


def _strip_ellipsis(text: str) -> str | None:
    """``text`` without a trailing ``…``, ``...``, ``[…]``, ``[...]`` or ``(...)`` (also
    ``….`` and the like), or None when it has none."""
    text = text.rstrip()
    closer = text[-1:]
    if closer in ("]", ")"):
        inner = text[:-1].rstrip()
        core = inner.rstrip(".\u2026")
        if _is_ellipsis(inner[len(core) :]):
            core = core.rstrip()
            if core.endswith("[" if closer == "]" else "("):
                return core[:-1]
        return None
    core = text.rstrip(".\u2026")
    return core if _is_ellipsis(text[len(core) :]) else None


def _strip_read_more(text: str) -> str | None:
    """``text`` without a trailing read-more link, or None when it has none. The phrase
    counts only after an ellipsis or with link decoration: an arrow, or brackets."""
    end = text.rstrip().rstrip(".:!").rstrip()
    stripped = end.rstrip(_ARROWS).rstrip()
    arrow = len(stripped) < len(end)
    closer = stripped[-1:]
    if closer in ("]", ")"):
        stripped = stripped[:-1].rstrip()
    token = stripped[-40:].rsplit(None, 1)[-1:]
    last = _LAST_WORD.search(token[0]) if token else None  # "...Weiterlesen" too
    if last is None:
        return None
    for phrase in _BY_LAST_WORD.get(last.group().lower(), ()):
        if stripped[-len(phrase) :].lower() != phrase:
            continue
        before = stripped[: len(stripped) - len(phrase)]
        if before[-1:].isalnum() or before[-1:] == "_":
            continue  # "Furthermore": the phrase must be a whole word
        before = before.rstrip()
        bracketed = closer in ("]", ")") and before[-1:] == ("[" if closer == "]" else "(")
        if bracketed:
            before = before[:-1]
        cut = _strip_ellipsis(before)
        if cut is not None:
            return cut
        if arrow or bracketed:
            return before
    return None


# Folded to one form each: quotes and apostrophes, dashes and minus signs, ellipses.
_FOLD = (
    *((char, "'") for char in "\u2018\u2019\u201a\u201b\u2032\u00b4\u2039\u203a"),
    *((char, '"') for char in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"),
    *((char, "-") for char in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043"),
    ("\u2026", "..."),
)
# Pattern strings, compiled on first use through re's own cache: key() runs for one
# lead in fifteen (333 of 5,000 generated articles), and compiling these three at
# import cost 0.55 ms of every start.
_FOLDABLE = "[" + "".join(char for char, _ in _FOLD) + "]"
_BULLET = r"[-*\u2022\u00b7\u25aa\u2023\u25e6]\s+|[\u2022\u00b7\u25aa\u2023\u25e6]"
_PUNCTUATION = r"[^\w ]"


def key(text: str) -> str:
    """The form two texts are compared in: punctuation folded, spacing loose.

    Spaces are kept only between two word characters, so "x. Y" and "x.Y" agree.
    (str.replace per character present, rather than str.translate with a table or
    a regex with lookarounds: 4 us against 16 and 12 for a 300-character lead.)
    """
    if not text.isascii() and re.search(_FOLDABLE, text):
        for char, folded_char in _FOLD:
            if char in text:
                text = text.replace(char, folded_char)
    folded = " ".join(text.split())
    if folded[:1] in "-*\u2022\u00b7\u25aa\u2023\u25e6" and folded:
        folded = re.sub(_BULLET, "", folded, count=1)
    for mark in set(re.findall(_PUNCTUATION, folded)):
        folded = folded.replace(" " + mark, mark).replace(mark + " ", mark)
    return folded


class Lead:
    """A lead as written; its core (the text without a cut marker) is worked out only
    when the exact comparison fails, so the common case pays for none of it."""

    __slots__ = ("_core", "_cut", "_key", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._core: str | None = None
        self._cut = False
        self._key: str | None = None

    def _split(self) -> str:
        core = _strip_read_more(self.text)
        if core is None:
            core = _strip_ellipsis(self.text)
        self._cut = core is not None
        self._core = (self.text if core is None else core).rstrip()
        return self._core

    @property
    def core(self) -> str:
        """The lead without a trailing read-more phrase or ellipsis."""
        return self._split() if self._core is None else self._core

    @property
    def cut(self) -> bool:
        """Whether the lead ended in a read-more phrase or an ellipsis."""
        if self._core is None:
            self._split()
        return self._cut

    @property
    def core_key(self) -> str:
        if self._key is None:
            self._key = key(self.core)
        return self._key


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"


_WORDS = re.compile(r"\w+")


def _first_word(text: str) -> str:
    found = _WORDS.search(text)
    return "" if found is None else found.group()


def _opening(paragraphs: Sequence[str], start: int, size: int) -> tuple[str, bool]:
    """At least ``size`` characters of the paragraphs from ``start``, joined by spaces
    and cut to ``size``, and whether that is all of their text."""
    parts: list[str] = []
    length = -1
    index = start
    while index < len(paragraphs) and length < size:
        parts.append(paragraphs[index])
        length += len(paragraphs[index]) + 1
        index += 1
    text = parts[0] if len(parts) == 1 else " ".join(parts)
    return text[:size], index == len(paragraphs) and length <= size


def _exact_start(text: str, lead: str) -> bool:
    """``text`` starts with ``lead`` exactly, at a word boundary."""
    return text.startswith(lead) and (
        len(text) == len(lead) or not _word(text[len(lead)]) or not _word(lead[-1])
    )


def _key_match(paragraphs: Sequence[str], start: int, lead: Lead) -> tuple[str, int] | None:
    """The key of the text from ``start`` when it starts with the key of the lead's
    core, and the length of that core key; None when it does not."""
    # The first run of word characters survives the key unchanged: when it differs,
    # the keys cannot match, and most paragraphs that are not the lead stop here.
    head, lead_head = paragraphs[start][:1], lead.text[:1]
    if head != lead_head and head.isalnum() and lead_head.isalnum():
        return None
    lead_word = _first_word(lead.text)
    if not lead_word or not _first_word(paragraphs[start][:200]).startswith(lead_word[:20]):
        return None
    # Then the first words but the last (which the lead may cut) must agree as well:
    # two paragraphs that start with "The" rarely share three more words.
    # (The text's window is twice the lead's: its punctuation and spacing may differ.)
    # (A cut marker is at the end: a long lead's first 80 characters are all core.)
    core = lead.text if len(lead.text) > 80 + _MARKER_MAX else lead.core
    lead_words = _WORDS.findall(core[:80])[1:-1]
    if lead_words:
        head = paragraphs[start]
        head = head[:160] if len(head) >= 160 else _opening(paragraphs, start, 160)[0]
        if _WORDS.findall(head)[1 : len(lead_words) + 1] != lead_words:
            return None
    core_key = lead.core_key
    if not core_key:
        return None
    # Keys differ from the raw text in length; widen the slice until its key is
    # safely longer than the lead's (a key's last character depends on what follows).
    size = len(lead.core) + 32
    while True:
        text, whole = _opening(paragraphs, start, size)
        text_key = key(text)
        if whole or len(text_key) >= len(core_key) + 4:
            break
        size *= 2
    return (text_key, len(core_key)) if text_key.startswith(core_key) else None


def repeats(paragraphs: Sequence[str], start: int, lead: Lead) -> bool:
    """Whether the text from paragraph ``start`` on repeats ``lead`` (the module's rule)."""
    if start >= len(paragraphs) or not lead.text:
        return False
    first = paragraphs[start]
    if len(first) >= len(lead.text):  # the common case: no join needed
        if _exact_start(first, lead.text):
            return True
    elif lead.text.startswith(first) and _exact_start(
        _opening(paragraphs, start, len(lead.text) + 1)[0], lead.text
    ):
        return True
    matched = _key_match(paragraphs, start, lead)
    if matched is None:
        return False
    text_key, end = matched
    if end == len(text_key) or not _word(text_key[end]) or not _word(text_key[end - 1]):
        return True  # a word boundary (a space kept in a key is not a word character)
    return lead.cut or len(lead.core) >= LEAD_MIN


def copy_span(paragraphs: Sequence[str], start: int, lead: Lead) -> int:
    """How many paragraphs from ``start`` are, together, a copy of the lead in any of
    its forms (the same core key); 0 when they are not."""
    # No copy is longer than the lead, its cut marker, and an eighth more for other
    # punctuation and spacing ("x.Y" for "x. Y", "..." for "…").
    limit = len(lead.text) + _MARKER_MAX + len(lead.text) // 8
    parts: list[str] = []
    length = -1
    for index in range(start, len(paragraphs)):
        parts.append(paragraphs[index])
        length += len(paragraphs[index]) + 1
        if length > limit:
            return 0
        text = parts[0] if len(parts) == 1 else " ".join(parts)
        if text == lead.text:
            return len(parts)
        if len(parts) == 1 and (
            # A copy starts with the lead's first word, and is not the whole lead and
            # then more than a cut marker could be; most paragraphs fail one of these.
            _first_word(text[:200]) != _first_word(lead.text[:200])
            or (text.startswith(lead.text) and len(text) > len(lead.text) + _MARKER_MAX)
        ):
            return 0
        if lead.core_key and key(Lead(text).core) == lead.core_key:
            return len(parts)
    return 0


class Placement(NamedTuple):
    """The lead as written, the body with the lead once, and how many extra copies of
    the lead were dropped from the start of the body."""

    lead: str
    body: list[str]
    copies: int


def place_lead(lead_paragraphs: Sequence[str], body: Sequence[str]) -> Placement:
    """Lead paragraphs (one lead that markup may have split) and body paragraphs in;
    the lead, and the body holding the lead's text once, out.

    Whole copies of the lead at the start of the body are dropped while the text after
    them still repeats the lead. Each step looks at no more than about twice the
    lead's length, so this is linear in the number of copies (no re-slicing of the
    body per copy). A body that does not repeat the lead gets the lead paragraphs in
    front of it.
    """
    text = lead_paragraphs[0] if len(lead_paragraphs) == 1 else " ".join(lead_paragraphs)
    if body and len(body[0]) > len(text) + _MARKER_MAX and _exact_start(body[0], text):
        # The common case: the first paragraph is the lead and more than a cut marker
        # could add, so it is no copy, and it repeats the lead.
        return Placement(text, list(body), 0)
    lead = Lead(text)
    start = copies = 0
    while (span := copy_span(body, start, lead)) and repeats(body, start + span, lead):
        start += span
        copies += 1
    kept = list(body[start:])
    if not repeats(body, start, lead):
        kept[:0] = lead_paragraphs
    return Placement(lead.text, kept, copies)


def opens_with_lead(body: Sequence[str]) -> bool:
    """With no image line, whether ``body[0]`` is a lead: the next paragraph is the same
    text in any form, or repeats it and it is at least :data:`LEAD_MIN` characters long."""
    if len(body) < 2:
        return False
    first, second = body[0], body[1]
    if second == first:
        return True
    if len(first) >= LEAD_MIN:
        lead = Lead(first)
        if repeats(body, 1, lead) and len(lead.core) >= LEAD_MIN:
            return True
    # Short: only the same text counts. A key drops at most every other character.
    return (
        len(second) <= 2 * len(first) + 8
        and _first_word(second) == _first_word(first)
        and key(second) == key(first)
    )


_SENTENCE_END = frozenset(".!?\u3002\uff01\uff1f")
_CLOSING = "\"'\u201d\u2019\u00bb)]"


def headline_is_lead(headline: str, body: Sequence[str]) -> bool:
    """Whether the first paragraph, taken for the headline, is a lead that the body
    repeats, so that the record has no headline.

    It must be at least :data:`LEAD_MIN` characters long, the body must repeat it, and
    it must read as a lead rather than as a headline that the first sentence happens
    to start with: it ends like a sentence or with a cut marker, or the body carries
    on from it mid-word.
    """
    if len(headline) < LEAD_MIN or not body:
        return False
    lead = Lead(headline)
    if not repeats(body, 0, lead) or len(lead.core) < LEAD_MIN:
        return False
    if lead.cut or headline.rstrip(_CLOSING)[-1:] in _SENTENCE_END:
        return True
    matched = _key_match(body, 0, lead)  # None: an exact match, so at a word boundary
    if matched is None:
        return False
    text_key, end = matched
    return end < len(text_key) and _word(text_key[end]) and _word(text_key[end - 1])
