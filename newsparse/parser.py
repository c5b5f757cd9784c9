"""A raw record in; an Article (with its findings) or a Failure out.

The layout of a record after its header is: headline, lead (optional), image
URL lines (optional), body paragraphs. Paragraphs are separated by blank lines;
a paragraph broken across lines is joined.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence

from newsparse.model import Article, Failure, Finding, Origin, Paragraph, RawRecord
from newsparse.normalize import (
    CleanText,
    DateError,
    URLError,
    clean_text,
    looks_like_url,
    normalize_url,
    parse_date,
    url_date,
)
from newsparse.splitter import parse_header

HEADLINE_MAX = 250
EARLIEST_YEAR = 1990
LEAD_MIN = 40

_IMAGE_EXT = re.compile(
    r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?|heic)(?:[?#]\S*)?$", re.IGNORECASE
)
_TEXT_CODES = (
    ("had_tags", "NP301", "HTML tags in the text were removed"),
    ("had_entities", "NP302", "HTML entities in the text were decoded"),
    ("had_mojibake", "NP303", "mojibake (UTF-8 read as cp1252) was repaired"),
    ("had_control", "NP304", "control characters in the text were removed"),
)


def paragraphs_of(lines: Sequence[str], first_line: int) -> list[Paragraph]:
    """Group lines into paragraphs at blank lines, keeping each one's first line number."""
    paragraphs = []
    current: list[str] = []
    start = first_line
    for offset, line in enumerate(lines):
        stripped = line.strip()
        if stripped:
            if not current:
                start = first_line + offset
            current.append(stripped)
        elif current:
            paragraphs.append(Paragraph(start, tuple(current)))
            current = []
    if current:
        paragraphs.append(Paragraph(start, tuple(current)))
    return paragraphs


def _single_tokens(paragraph: Paragraph) -> bool:
    return all(len(line.split(None, 1)) == 1 for line in paragraph.lines)


def _in_image_slot(paragraph: Paragraph) -> bool:
    """An image line where the format puts them: a bare URL, or anything shaped like an
    image path, alone on its line."""
    return _single_tokens(paragraph) and all(
        looks_like_url(line) or _IMAGE_EXT.search(line) for line in paragraph.lines
    )


def _inline_image(paragraph: Paragraph) -> bool:
    """An image line inside the body: only a URL that names an image file counts.

    The lines are stripped (see paragraphs_of) and a URL has no spaces, so this needs
    no separate single-token check; it runs for every body paragraph, and text fails
    the URL match at its first word."""
    return all(looks_like_url(line) and _IMAGE_EXT.search(line) for line in paragraph.lines)


class _RecordParser:
    def __init__(self, raw: RawRecord, today: _dt.date) -> None:
        self.raw = raw
        self.today = today
        self.findings: list[Finding] = []
        self.noted: set[str] = set()

    def finding(self, code: str, message: str, line: int | None = None) -> Finding:
        return Finding(code, message, self.raw.path, self.raw.line if line is None else line)

    def fail(self, code: str, message: str, line: int | None = None) -> Failure:
        return Failure(self.finding(code, message, line), "record")

    def note(self, code: str, message: str, line: int | None = None) -> None:
        self.findings.append(self.finding(code, message, line))

    def clean(self, paragraph: Paragraph) -> list[str]:
        result: CleanText = clean_text(paragraph.text)
        if result.had_tags or result.had_entities or result.had_mojibake or result.had_control:
            for attribute, code, message in _TEXT_CODES:
                if getattr(result, attribute) and code not in self.noted:
                    self.noted.add(code)
                    self.note(code, message, paragraph.line)
        return list(result.paragraphs)

    def image(self, line: str, number: int) -> str | None:
        try:
            if not looks_like_url(line):
                raise URLError(line)
            return normalize_url(line)
        except URLError:
            self.note("NP207", f"image line is not an http(s) URL: {line[:200]!r}", number)
            return None

    def parse(self) -> Article | Failure:
        raw = self.raw
        if raw.cut_off:
            return self.fail("NP406", "record is cut off by corrupt compressed data after it")
        if raw.too_large:
            return self.fail("NP209", "record is over the size limit; skipped")
        header = parse_header(raw.header)
        if header is None:  # the splitter only makes records from header lines
            return self.fail("NP101", "record does not start with a header line")
        if header.date is None:
            return self.fail("NP102", "header has no date")
        try:
            date = parse_date(header.date)
        except DateError as bad_date:  # one name per exception type: mypyc types each name
            return self.fail("NP105" if bad_date.impossible else "NP104", str(bad_date))
        if header.url is None:
            return self.fail("NP103", "header has no URL")
        try:
            url = normalize_url(header.url)
        except URLError as bad_url:
            return self.fail("NP108", str(bad_url))

        paragraphs = paragraphs_of(raw.lines, raw.line + 1)
        if not paragraphs:
            return self.fail("NP205", "truncated record: a header and nothing else")
        first, rest = paragraphs[0], paragraphs[1:]
        if _in_image_slot(first) and (looks_like_url(first.lines[0]) or not rest):
            return self.fail("NP201", "record has no headline", first.line)
        headline = " ".join(self.clean(first))
        if not headline:
            return self.fail("NP201", "record has no headline", first.line)

        images, lead, body = self.layout(rest)
        self.check(date, url, headline, body, first.line)
        return Article(
            url=url,
            original_url=header.url,
            date=date,
            headline=headline,
            lead=lead,
            images=tuple(images),
            body="\n\n".join(body),
            origin=Origin(raw.path, raw.line),
            findings=tuple(self.findings),
        )

    def layout(self, rest: list[Paragraph]) -> tuple[list[str], str | None, list[str]]:
        """Split what follows the headline into images, lead and body paragraphs."""
        slot = next((i for i in (0, 1) if i < len(rest) and _in_image_slot(rest[i])), None)
        images: list[str] = []
        lead_paragraphs: list[str] = []
        if slot is not None:
            for paragraph in rest[:slot]:
                lead_paragraphs.extend(self.clean(paragraph))
            end = slot
            while end < len(rest) and _in_image_slot(rest[end]):
                end += 1
            image_paragraphs, rest = rest[slot:end], rest[end:]
            for paragraph in image_paragraphs:
                for offset, line in enumerate(paragraph.lines):
                    if (image := self.image(line, paragraph.line + offset)) is not None:
                        images.append(image)
        body: list[str] = []
        for paragraph in rest:
            if _inline_image(paragraph):
                for offset, line in enumerate(paragraph.lines):
                    if (image := self.image(line, paragraph.line + offset)) is not None:
                        images.append(image)
            else:
                body.extend(self.clean(paragraph))

        if lead_paragraphs:
            # The lead is one paragraph; markup inside it may have split it in several.
            lead: str | None = " ".join(lead_paragraphs)
        elif slot is None and len(body) > 1 and _repeats(body[1], body[0]):
            lead, body = body[0], body[1:]
        else:
            return images, None, body
        assert lead is not None
        repeated = False
        while (span := _lead_span(body, lead)) and _starts_with(_opening(body[span:], lead), lead):
            body = body[span:]
            repeated = True
        if repeated:
            self.note("NP206", "the body repeats the lead more than once; the copies were dropped")
        if not _starts_with(_opening(body, lead), lead):
            body = [*(lead_paragraphs or [lead]), *body]
        return images, lead, body

    def check(self, date: str, url: str, headline: str, body: list[str], line: int) -> None:
        """Record the warnings about a record that still makes an article."""
        if len(headline) > HEADLINE_MAX:
            self.note("NP202", f"headline is {len(headline)} characters long", line)
        elif _ends_like_sentence(headline):
            self.note("NP203", "headline ends like a sentence", line)
        if not body:
            self.note("NP204", "record has a headline but no body")
        day = _dt.date.fromisoformat(date[:10])
        if day.year < EARLIEST_YEAR:
            self.note("NP106", f"date {date} is before {EARLIEST_YEAR}")
        elif day > self.today + _dt.timedelta(days=1):
            self.note("NP106", f"date {date} is in the future")
        in_url = url_date(url)
        if in_url is not None and in_url != date[:10]:
            slack = 1 if len(date) > 10 else 0
            gap = abs((_dt.date.fromisoformat(in_url) - day).days)
            if gap > slack:
                self.note("NP107", f"header date {date[:10]} disagrees with {in_url} in the URL")


def _starts_with(text: str, lead: str) -> bool:
    """True when ``text`` starts with ``lead`` at a word boundary. A lead cut off with an
    ellipsis matches the full text it was cut from."""
    key = lead
    if key.endswith(("...", "\u2026")):
        key = key.rstrip(".\u2026").rstrip()
    if not key or not text.startswith(key):
        return False
    # A word boundary: the text ends, the next character is not a letter or digit, or
    # the lead ends in punctuation (CJK text has no spaces after "。").
    return len(text) == len(key) or not text[len(key)].isalnum() or not key[-1].isalnum()


def _opening(paragraphs: list[str], lead: str) -> str:
    """The start of the text, paragraphs joined by spaces, just long enough to compare
    with the lead (a lead split by markup spans several body paragraphs)."""
    text = ""
    for paragraph in paragraphs:
        text = f"{text} {paragraph}" if text else paragraph
        if len(text) > len(lead):
            break
    return text


def _lead_span(body: list[str], lead: str) -> int:
    """How many opening paragraphs of the body make up exactly the lead (0 if none do)."""
    text = ""
    for count, paragraph in enumerate(body, 1):
        text = f"{text} {paragraph}" if text else paragraph
        if len(text) >= len(lead):
            return count if text == lead else 0
    return 0


def _repeats(text: str, candidate: str) -> bool:
    """With no image line, a paragraph is the lead only if the next one repeats it. A short
    paragraph ("Moscow") that merely starts the next one is not a lead."""
    return text == candidate or (len(candidate) >= LEAD_MIN and _starts_with(text, candidate))


def _ends_like_sentence(headline: str) -> bool:
    if not headline.endswith(".") or headline.endswith(".."):
        return False
    last = headline.split()[-1][:-1]
    return len(last) >= 4 and "." not in last and last.isalpha()


def parse_record(raw: RawRecord, *, today: _dt.date | None = None) -> Article | Failure:
    """Parse one raw record into an Article, or a Failure when it cannot be one."""
    if today is None:
        today = _dt.datetime.now(_dt.timezone.utc).date()
    return _RecordParser(raw, today).parse()
