"""A raw record in; an Article (with its findings) or a Failure out.

The layout of a record after its header is: headline, lead (optional), image
URL lines (optional), body paragraphs. Paragraphs are separated by blank lines;
a paragraph broken across lines is joined.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence

from newsparse import codes
from newsparse.codes import (
    CONTROL_CHARACTERS,
    CORRUPT_COMPRESSION,
    DATE_IMPOSSIBLE,
    DATE_OUT_OF_RANGE,
    DATE_UNPARSEABLE,
    DATE_URL_MISMATCH,
    EMPTY_BODY,
    HEADER_HIDDEN_PREFIX,
    HEADER_MISSING_DATE,
    HEADER_MISSING_URL,
    HEADER_TOO_LONG,
    HEADLINE_SENTENCE,
    HEADLINE_TOO_LONG,
    HTML_ENTITIES,
    HTML_REMNANTS,
    IMAGE_NOT_URL,
    LEAD_REPEATED_TWICE,
    MISSING_HEADLINE,
    MOJIBAKE,
    NO_HEADER,
    RECORD_CRASHED,
    RECORD_TOO_LARGE,
    TRUNCATED_RECORD,
    URL_HAS_SPACES,
    URL_INVALID,
)
from newsparse.dates import DateError, read_date, url_date
from newsparse.leads import headline_is_lead, opens_with_lead, place_lead
from newsparse.model import (
    Article,
    Failure,
    Finding,
    Origin,
    Paragraph,
    RawRecord,
    count_clean_words,
)
from newsparse.normalize import CleanText, clean_plain, clean_text_general
from newsparse.splitter import parse_header
from newsparse.urls import URLError, looks_like_url, normalize_url

HEADLINE_MAX = 250
#: A header line longer than this is reported (NP111), not read: real headers are a date
#: and one URL, well under 2,000 characters, and browsers cap URLs near there too.
HEADER_MAX = 4096
EARLIEST_YEAR = 1990

_IMAGE_EXT = re.compile(
    r"\.(?:jpe?g|png|gif|webp|avif|svg|bmp|tiff?|heic)(?:[?#]\S*)?$", re.IGNORECASE
)
_TEXT_RULES = (
    ("had_tags", HTML_REMNANTS, "HTML tags in the text were removed"),
    ("had_entities", HTML_ENTITIES, "HTML entities in the text were decoded"),
    ("had_mojibake", MOJIBAKE, "mojibake (UTF-8 read as cp1252) was repaired"),
    ("had_control", CONTROL_CHARACTERS, "control characters in the text were removed"),
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
        self.noted: set[codes.Rule] = set()

    def finding(self, rule: codes.Rule, message: str, line: int | None = None) -> Finding:
        return Finding(rule, message, self.raw.path, self.raw.line if line is None else line)

    def fail(self, rule: codes.Rule, message: str, line: int | None = None) -> Failure:
        return Failure(self.finding(rule, message, line), "record")

    def note(self, rule: codes.Rule, message: str, line: int | None = None) -> None:
        self.findings.append(self.finding(rule, message, line))

    def clean(self, paragraph: Paragraph) -> list[str]:
        lines = paragraph.lines
        raw = lines[0] if len(lines) == 1 else " ".join(lines)  # paragraph.text
        plain = clean_plain(raw)
        if plain is not None:
            return [plain] if plain else []
        result: CleanText = clean_text_general(raw)
        if result.had_tags or result.had_entities or result.had_mojibake or result.had_control:
            for attribute, rule, message in _TEXT_RULES:
                if getattr(result, attribute) and rule not in self.noted:
                    self.noted.add(rule)
                    self.note(rule, message, paragraph.line)
        return list(result.paragraphs)

    def image(self, line: str, number: int) -> str | None:
        try:
            if not looks_like_url(line):
                raise URLError(line)
            return normalize_url(line)
        except URLError:
            self.note(IMAGE_NOT_URL, f"image line is not an http(s) URL: {line[:200]!r}", number)
            return None

    def parse(self) -> Article | Failure:
        raw = self.raw
        if raw.cut_off:
            return self.fail(
                CORRUPT_COMPRESSION, "record is cut off by corrupt compressed data after it"
            )
        if raw.too_large:
            return self.fail(RECORD_TOO_LARGE, "record is over the size limit; skipped")
        header = parse_header(raw.header)
        if header is None:  # the splitter only makes records from header lines
            return self.fail(NO_HEADER, "record does not start with a header line")
        if len(raw.header) > HEADER_MAX:
            return self.fail(
                HEADER_TOO_LONG,
                f"header line is {len(raw.header)} characters long "
                f"(the limit is {HEADER_MAX}); the record is skipped",
            )
        if header.prefix:
            shown = ", ".join(f"U+{ord(c):04X}" for c in dict.fromkeys(header.prefix))
            self.note(
                HEADER_HIDDEN_PREFIX,
                "header line starts with invisible characters or "
                f"Unicode spaces before 'date' ({shown})",
            )
        if header.date is None:
            return self.fail(HEADER_MISSING_DATE, "header has no date")
        try:
            reading = read_date(header.date)
        except DateError as bad_date:  # one name per exception type: mypyc types each name
            rule = DATE_IMPOSSIBLE if bad_date.impossible else DATE_UNPARSEABLE
            return self.fail(rule, str(bad_date))
        date = reading.iso
        for rule, message in reading.notes:
            self.note(rule, message)
        if header.url is None:
            return self.fail(HEADER_MISSING_URL, "header has no URL")
        written = header.url
        if " " in written:
            written = written.replace(" ", "%20")
            self.note(
                URL_HAS_SPACES, f"header URL holds spaces, encoded as %20: {header.url[:200]!r}"
            )
        try:
            url = normalize_url(written)
        except URLError as bad_url:
            return self.fail(URL_INVALID, str(bad_url))

        paragraphs = paragraphs_of(raw.lines, raw.line + 1)
        if not paragraphs:
            return self.fail(TRUNCATED_RECORD, "truncated record: a header and nothing else")
        first, rest = paragraphs[0], paragraphs[1:]
        if _in_image_slot(first) and (looks_like_url(first.lines[0]) or not rest):
            return self.fail(MISSING_HEADLINE, "record has no headline", first.line)
        headline = " ".join(self.clean(first))
        if not headline:
            return self.fail(MISSING_HEADLINE, "record has no headline", first.line)

        images, lead, body = self.layout(rest)
        if lead is None and headline_is_lead(headline, body):
            return self.fail(
                MISSING_HEADLINE,
                "record has no headline: its first paragraph is a lead the body repeats",
                first.line,
            )
        self.check(date, url, headline, body, first.line)
        text = "\n\n".join(body)
        return Article(
            url=url,
            original_url=header.url,
            date=date,
            headline=headline,
            lead=lead,
            images=tuple(images),
            body=text,
            origin=Origin(raw.path, raw.line),
            findings=tuple(self.findings),
            counted_words=count_clean_words(body, text),
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
            # A URL holds no space (looks_like_url), and text finds one within a few
            # characters: skipping the check for text took 4% off parse_record, and
            # 4% more than a pre-check for "//" (which scans all of every paragraph).
            if " " not in paragraph.lines[0] and _inline_image(paragraph):
                for offset, line in enumerate(paragraph.lines):
                    if (image := self.image(line, paragraph.line + offset)) is not None:
                        images.append(image)
            else:
                body.extend(self.clean(paragraph))

        if lead_paragraphs:
            # The lead is one paragraph; markup inside it may have split it in several.
            placed = place_lead(lead_paragraphs, body)
        elif slot is None and opens_with_lead(body):
            placed = place_lead(body[:1], body[1:])
        else:
            return images, None, body
        if placed.copies:
            self.note(
                LEAD_REPEATED_TWICE,
                "the body repeats the lead more than once; the copies were dropped",
            )
        return images, placed.lead, placed.body

    def check(self, date: str, url: str, headline: str, body: list[str], line: int) -> None:
        """Record the warnings about a record that still makes an article."""
        if len(headline) > HEADLINE_MAX:
            self.note(HEADLINE_TOO_LONG, f"headline is {len(headline)} characters long", line)
        elif _ends_like_sentence(headline):
            self.note(HEADLINE_SENTENCE, "headline ends like a sentence", line)
        if not body:
            self.note(EMPTY_BODY, "record has a headline but no body")
        day = _dt.date.fromisoformat(date[:10])
        if day.year < EARLIEST_YEAR:
            self.note(DATE_OUT_OF_RANGE, f"date {date} is before {EARLIEST_YEAR}")
        elif day > self.today + _dt.timedelta(days=1):
            self.note(DATE_OUT_OF_RANGE, f"date {date} is in the future")
        in_url = url_date(url)
        if in_url is not None and in_url != date[:10]:
            slack = 1 if len(date) > 10 else 0
            gap = abs((_dt.date.fromisoformat(in_url) - day).days)
            if gap > slack:
                self.note(
                    DATE_URL_MISMATCH, f"header date {date[:10]} disagrees with {in_url} in the URL"
                )


def _ends_like_sentence(headline: str) -> bool:
    if not headline.endswith(".") or headline.endswith(".."):
        return False
    last = headline.split()[-1][:-1]
    return len(last) >= 4 and "." not in last and last.isalpha()


def parse_record(raw: RawRecord, *, today: _dt.date | None = None) -> Article | Failure:
    """Parse one raw record into an Article, or a Failure when it cannot be one.

    This is the record boundary: whatever one record's date, URL or text raises
    (a bug, or a library meeting input it was never tested on) becomes that record's
    NP119 failure, and the run goes on with the next record.
    """
    if today is None:
        today = _dt.datetime.now(_dt.timezone.utc).date()
    try:
        return _RecordParser(raw, today).parse()
    except Exception as exc:  # the guard itself (Ctrl-C and exit are not Exceptions)
        message = f"internal error while parsing this record ({type(exc).__name__}: {exc})"
        return Failure(Finding(RECORD_CRASHED, message[:500], raw.path, raw.line), "record")
