"""A sample of a file's first bytes in; whether it is binary, and its encoding, out.

Detection only: decoding, and the findings about it, are the reader's job.
"""

from __future__ import annotations

_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32))


def is_binary(sample: bytes) -> bool:
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return control > max(8, len(sample) // 20)


def utf16_without_bom(sample: bytes) -> str | None:
    even = sample[0::2]
    odd = sample[1::2]
    if not odd:
        return None
    zeros_even = even.count(0) / len(even)
    zeros_odd = odd.count(0) / len(odd)
    if zeros_odd > 0.3 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.3 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


def mostly_text(sample: bytes, encoding: str) -> bool:
    """True when the sample decodes to text with few replacement or control characters."""
    text = sample[: len(sample) // 2 * 2].decode(encoding, "replace")
    bad = sum(1 for c in text if c == "\ufffd" or (c < " " and c not in "\t\n\r\f"))
    return bad <= max(8, len(text) // 20)


#: The legacy code pages newsparse considers, most common first (ties go to the earlier).
#: Mac Roman is left out on purpose: it is all but absent from news archives, and over
#: Latin text its high half reads as plausibly as any Windows page, so charset-normalizer
#: versions disagree about it on short samples.
LEGACY_ENCODINGS = (
    "cp1252",
    "cp1250",
    "cp1251",
    "koi8_r",
    "cp1253",
    "cp1254",
    "cp1257",
    "cp1255",
    "cp1256",
    "koi8_u",
    "iso8859_2",
    "iso8859_5",
    "iso8859_7",
    "iso8859_15",
)


def guess_legacy(sample: bytes) -> str:
    """The single-byte code page that reads the sample best.

    charset-normalizer measures each candidate's "chaos" (how garbled the text
    looks) and "coherence" (how much it looks like a language). Of the candidates
    within 0.1 of the least chaos, take the most coherent; on a tie, the most
    common code page. Without this, short samples get exotic answers (cp1257 for
    French, big5 for German).
    """
    from charset_normalizer import from_bytes

    # Only lines with non-ASCII bytes say anything about the code page; headers, URLs
    # and plain-ASCII lines would dilute the statistics of a short sample.
    evidence = b"\n".join(line for line in sample.split(b"\n") if not line.isascii())
    matches = list(from_bytes(evidence or sample, cp_isolation=list(LEGACY_ENCODINGS)))
    if not matches:
        return "cp1252"
    least = min(m.chaos for m in matches)
    close = [m for m in matches if m.chaos <= least + 0.1]
    rank = {name: i for i, name in enumerate(LEGACY_ENCODINGS)}
    best = max(close, key=lambda m: (round(m.coherence, 2), -rank.get(m.encoding, 99)))
    encoding = str(best.encoding)
    try:  # name the common code page when it reads the sample identically
        if encoding != "cp1252" and sample.decode("cp1252") == sample.decode(encoding):
            return "cp1252"
    except UnicodeDecodeError:
        pass
    return encoding
