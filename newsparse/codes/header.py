"""NP1xx: the header line (date and URL) that starts every record."""

from __future__ import annotations

from newsparse.codes.rule import Rule

NO_HEADER = Rule(
    "NP101",
    "no-header",
    "error",
    "File holds no header line, so it is not a dump",
    "Every record starts with a header line: optional whitespace, the word `date`, a date "
    "and the article URL. A file without one holds no records at all and is probably not "
    "a dump.",
    "Venezuela, Russia Reaffirm Commitment\n\nVenezuelan Foreign Minister ...",
    " date 2026-01-23 https://site.com/20260123/story-1123512338.html\n\n"
    "Venezuela, Russia Reaffirm Commitment",
)

HEADER_MISSING_DATE = Rule(
    "NP102",
    "header-missing-date",
    "error",
    "Header line has no date",
    "The header must give the publication date before the URL. Without it the record "
    "cannot become an article.",
    " date https://site.com/story.html",
    " date 2026-01-23 https://site.com/story.html",
)

HEADER_MISSING_URL = Rule(
    "NP103",
    "header-missing-url",
    "error",
    "Header line has no URL",
    "The header must end with the article URL. Without it the record has no identity "
    "and cannot become an article.",
    " date 2026-01-23",
    " date 2026-01-23 https://site.com/story.html",
)

DATE_UNPARSEABLE = Rule(
    "NP104",
    "date-unparseable",
    "error",
    "Header date cannot be parsed",
    "The date must be in a recognised form: ISO 8601 (with or without a time and zone), "
    "`2026/01/23`, `23.01.2026`, `Jan 23, 2026` and the like.",
    " date yesterday https://site.com/story.html",
    " date 2026-01-23 https://site.com/story.html",
)

DATE_IMPOSSIBLE = Rule(
    "NP105",
    "date-impossible",
    "error",
    "Header date cannot exist",
    "The date parses but names a day that does not exist in the calendar, such as "
    "30 February. It is almost always a scraper bug.",
    " date 2026-02-30 https://site.com/story.html",
    " date 2026-02-28 https://site.com/story.html",
)

DATE_OUT_OF_RANGE = Rule(
    "NP106",
    "date-out-of-range",
    "warning",
    "Header date is in the future or before 1990",
    "News dumps are written after the fact and the web archives in them start in the "
    "1990s, so a date after today or before 1990 usually means a mangled date.",
    " date 1970-01-01 https://site.com/story.html",
    " date 2026-01-23 https://site.com/story.html",
)

DATE_URL_MISMATCH = Rule(
    "NP107",
    "date-url-mismatch",
    "warning",
    "Header date disagrees with the date in the URL",
    "Many sites put the publication day in the URL path (`/20260123/` or `/2026/01/23/`). "
    "When the header gives another day, one of the two is wrong.",
    " date 2026-01-24 https://site.com/20260123/story.html",
    " date 2026-01-23 https://site.com/20260123/story.html",
)

URL_INVALID = Rule(
    "NP108",
    "url-invalid",
    "error",
    "Header URL is not an http(s) URL with a host",
    "The article URL must use http or https and name a host, and hold no control "
    "character (ESC, BEL...) and no whitespace other than the spaces a header may hold "
    "(NP109). Scheme-relative URLs (`//site.com/...`) are accepted and become https; a "
    "backslash before the query is read as a slash, as browsers do.",
    " date 2026-01-23 ftp:/story.html",
    " date 2026-01-23 https://site.com/story.html",
)

URL_HAS_SPACES = Rule(
    "NP109",
    "url-has-spaces",
    "warning",
    "Header URL holds spaces, which were encoded as %20",
    "Everything after the header date is the URL, spaces included: a scraper wrote the "
    "URL without encoding it. The `url` field holds the spaces encoded as `%20`, the "
    "`original_url` field keeps the URL as written. Other whitespace or a control "
    "character in a URL is an error (NP108).",
    " date 2022-02-01 https://site.com/news item=5",
    " date 2022-02-01 https://site.com/news%20item=5",
)

HEADER_HIDDEN_PREFIX = Rule(
    "NP110",
    "header-hidden-prefix",
    "warning",
    "Header line starts with invisible characters or Unicode spaces",
    "Before `date` stand characters that do not show: a byte-order mark (two dump files "
    "joined with `cat`, each starting with one), a non-breaking or other Unicode space, "
    "a zero-width space or a direction mark. The line is still a header; the warning "
    "says where the file was pieced together or mangled.",
    "[U+FEFF, invisible] date 2026-01-23 https://site.com/story.html",
    " date 2026-01-23 https://site.com/story.html",
)

HEADER_TOO_LONG = Rule(
    "NP111",
    "header-too-long",
    "error",
    "Header line is over 4096 characters",
    "A header is a date and one URL; real ones stay well under 2,000 characters. A longer "
    "header line is damage (two lines run together, binary junk) and its record is "
    "reported, never parsed and never merged into the record before it.",
    " date 2026-01-23 https://site.com/aaaa... (5,000 characters)",
    " date 2026-01-23 https://site.com/story.html",
)

DATE_ZONE_UNKNOWN = Rule(
    "NP112",
    "date-zone-unknown",
    "warning",
    "Header date names a zone abbreviation newsparse does not know",
    "Known abbreviations become UTC offsets: UTC, GMT, UT, Z, EST/EDT, CST/CDT, MST/MDT, "
    "PST/PDT (North America), CET/CEST, BST (British Summer Time), MSK, IST (India) and "
    "JST. Any other abbreviation is ambiguous or unknown: the time is kept without an "
    "offset and this warning says so. Write the offset itself to be exact.",
    " date 2026-01-23T10:00:00 AEST https://site.com/story.html",
    " date 2026-01-23T10:00:00+10:00 https://site.com/story.html",
)

EMPTY_FILE = Rule(
    "NP113",
    "empty-file",
    "warning",
    "File is empty, or holds only blank lines",
    "The file holds no record and no text, so there is nothing to parse and nothing "
    "is lost. Every command reports it the same way, as a warning: `check --strict` "
    "(or `--strict` on any command) fails on it, and `fmt` leaves the file as it is. "
    "An empty file is often a scraper run that stopped early.",
    "(a file of 0 bytes, or of blank lines)",
    " date 2026-01-23 https://site.com/story.html\n\nHeadline\n\nBody.",
)

RECORD_CRASHED = Rule(
    "NP119",
    "record-crashed",
    "error",
    "newsparse failed on this record; it is reported and the run goes on",
    "An unexpected error was raised while parsing the record (a newsparse bug, or a "
    "library meeting input it was never tested on). The record is reported with the "
    "error, and every other record is processed as usual. Please report it with the "
    "record that caused it.",
    "a record that makes a parser step raise",
    "the same record after the bug is fixed",
)
