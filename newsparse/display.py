"""Untrusted text in; text that cannot change what a terminal or a viewer shows out.

Headlines, URLs, file names and messages come from the archive, so they may
hold characters that act on whatever shows them: C0 and C1 controls (ESC and
U+009B start terminal escape sequences, CR and LF fake new lines), bidi
overrides, embeddings, isolates and marks (they reorder what is shown, the
"Trojan Source" trick), line and paragraph separators, non-characters, and
lone surrogates (the bytes of a file name that are not UTF-8, which cannot
even be encoded on output).

:func:`display` is THE escaping function for people: every line newsparse
prints on stdout or stderr for a person goes through it. Each such character
becomes the escape Python's ``repr`` would show (``\\n``, ``\\x1b``,
``\\u202e``); an undecodable byte of a file name shows as ``\\xff``. Text
without any of them is returned unchanged (and as the same object), so the
common case costs one regular-expression search.

:func:`display_path` is :func:`display` for a file name that starts a line.
:func:`unicode_safe` is for machine outputs (JSON, SARIF, baselines), whose
own syntax escapes controls: it only replaces lone surrogates, which no UTF-8
output can hold.
"""

from __future__ import annotations

import re


def _noncharacters() -> str:
    # U+FDD0..U+FDEF, and the last two code points of each of the 17 planes.
    ends = "".join(
        f"\\U{plane << 16 | 0xFFFE:08x}\\U{plane << 16 | 0xFFFF:08x}" for plane in range(17)
    )
    return "\\ufdd0-\\ufdef" + ends


#: Every code point that display() escapes, as a character class (a pattern string).
#: Compiled on first use, through re's own cache: the class spans 17 planes and takes
#: 0.56 ms to compile, 1% of every start, and a run whose text is all printable (the
#: common case: see display()) never needs it.
UNSAFE = (
    "["
    "\\x00-\\x1f\\x7f-\\x9f"  # C0, DEL, C1 (U+0085 NEL and U+009B CSI among them)
    "\\u061c\\u200e\\u200f"  # bidi marks: ALM, LRM, RLM
    "\\u202a-\\u202e"  # bidi embeddings and overrides: LRE RLE PDF LRO RLO
    "\\u2066-\\u2069"  # bidi isolates: LRI RLI FSI PDI
    "\\u2028\\u2029"  # line and paragraph separators
    "\\ud800-\\udfff" + _noncharacters() + "]"  # lone surrogates (undecodable bytes of a file name)
)

#: Lone surrogates; a pattern string too (0.13 ms to compile, rarely needed).
SURROGATE = "[\\ud800-\\udfff]"
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    point = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if 0xDC80 <= point <= 0xDCFF:  # surrogateescape: the byte that was not UTF-8
        return f"\\x{point - 0xDC00:02x}"
    if point < 0x100:
        return f"\\x{point:02x}"
    if point < 0x10000:
        return f"\\u{point:04x}"
    return f"\\U{point:08x}"


def display(text: str) -> str:
    """``text`` with every character that can change what is shown escaped."""
    # Every character escaped here is one str.isprintable() rejects (categories Cc, Cf,
    # Cs, Cn, Zl, Zp), so printable text is safe: 0.3 us a line in C, against 6-8 us
    # for the search.
    if text.isprintable():
        return text
    if re.search(UNSAFE, text) is None:
        return text
    return re.sub(UNSAFE, _escape, text)


def display_path(path: str) -> str:
    """A file name as :func:`display` shows it, and never starting with ``:``.

    Lines of findings start with the path; a CI runner (GitHub Actions) runs a
    line that starts with ``::`` (after blanks) as a workflow command, so a file
    named ``::error title=Pwned::x.txt`` would fake an annotation even in the
    plain text output, and so would one named ``:`` (``path:line:`` follows).
    ``./`` in front names the same file.
    """
    shown = display(path)
    return "./" + shown if shown.lstrip().startswith(":") else shown


def unicode_safe(text: str) -> str:
    """``text`` with lone surrogates escaped as :func:`display` does, and nothing else."""
    if text.isprintable() or re.search(SURROGATE, text) is None:
        return text
    return re.sub(SURROGATE, _escape, text)
