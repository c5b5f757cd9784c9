"""The registry of finding codes: one entry per problem newsparse can report.

Families: NP1xx header, NP2xx structure, NP3xx text, NP4xx encoding and file,
NP5xx archive-wide. Codes are stable; a retired code is never reused.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from newsparse.model import Severity


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    explanation: str
    bad: str
    good: str


_RULES = (
    # NP1xx: the header line
    Rule(
        "NP101", "no-header", "error",
        "File holds no header line, so it is not a dump",
        "Every record starts with a header line: optional whitespace, the word `date`, a date "
        "and the article URL. A file without one holds no records at all and is probably not "
        "a dump.",
        "Venezuela, Russia Reaffirm Commitment\n\nVenezuelan Foreign Minister ...",
        " date 2026-01-23 https://site.com/20260123/story-1123512338.html\n\n"
        "Venezuela, Russia Reaffirm Commitment",
    ),
    Rule(
        "NP102", "header-missing-date", "error",
        "Header line has no date",
        "The header must give the publication date before the URL. Without it the record "
        "cannot become an article.",
        " date https://site.com/story.html",
        " date 2026-01-23 https://site.com/story.html",
    ),
    Rule(
        "NP103", "header-missing-url", "error",
        "Header line has no URL",
        "The header must end with the article URL. Without it the record has no identity "
        "and cannot become an article.",
        " date 2026-01-23",
        " date 2026-01-23 https://site.com/story.html",
    ),
    Rule(
        "NP104", "date-unparseable", "error",
        "Header date cannot be parsed",
        "The date must be in a recognised form: ISO 8601 (with or without a time and zone), "
        "`2026/01/23`, `23.01.2026`, `Jan 23, 2026` and the like.",
        " date yesterday https://site.com/story.html",
        " date 2026-01-23 https://site.com/story.html",
    ),
    Rule(
        "NP105", "date-impossible", "error",
        "Header date cannot exist",
        "The date parses but names a day that does not exist in the calendar, such as "
        "30 February. It is almost always a scraper bug.",
        " date 2026-02-30 https://site.com/story.html",
        " date 2026-02-28 https://site.com/story.html",
    ),
    Rule(
        "NP106", "date-out-of-range", "warning",
        "Header date is in the future or before 1990",
        "News dumps are written after the fact and the web archives in them start in the "
        "1990s, so a date after today or before 1990 usually means a mangled date.",
        " date 1970-01-01 https://site.com/story.html",
        " date 2026-01-23 https://site.com/story.html",
    ),
    Rule(
        "NP107", "date-url-mismatch", "warning",
        "Header date disagrees with the date in the URL",
        "Many sites put the publication day in the URL path (`/20260123/` or `/2026/01/23/`). "
        "When the header gives another day, one of the two is wrong.",
        " date 2026-01-24 https://site.com/20260123/story.html",
        " date 2026-01-23 https://site.com/20260123/story.html",
    ),
    Rule(
        "NP108", "url-invalid", "error",
        "Header URL is not an http(s) URL with a host",
        "The article URL must use http or https and name a host, and hold no control "
        "character (ESC, BEL...) and no whitespace other than the spaces a header may hold "
        "(NP109). Scheme-relative URLs (`//site.com/...`) are accepted and become https; a "
        "backslash before the query is read as a slash, as browsers do.",
        " date 2026-01-23 ftp:/story.html",
        " date 2026-01-23 https://site.com/story.html",
    ),
    Rule(
        "NP109", "url-has-spaces", "warning",
        "Header URL holds spaces, which were encoded as %20",
        "Everything after the header date is the URL, spaces included: a scraper wrote the "
        "URL without encoding it. The `url` field holds the spaces encoded as `%20`, the "
        "`original_url` field keeps the URL as written. Other whitespace or a control "
        "character in a URL is an error (NP108).",
        " date 2022-02-01 https://site.com/news item=5",
        " date 2022-02-01 https://site.com/news%20item=5",
    ),
    Rule(
        "NP110", "header-hidden-prefix", "warning",
        "Header line starts with invisible characters or Unicode spaces",
        "Before `date` stand characters that do not show: a byte-order mark (two dump files "
        "joined with `cat`, each starting with one), a non-breaking or other Unicode space, "
        "a zero-width space or a direction mark. The line is still a header; the warning "
        "says where the file was pieced together or mangled.",
        "[U+FEFF, invisible] date 2026-01-23 https://site.com/story.html",
        " date 2026-01-23 https://site.com/story.html",
    ),
    Rule(
        "NP111", "header-too-long", "error",
        "Header line is over 4096 characters",
        "A header is a date and one URL; real ones stay well under 2,000 characters. A longer "
        "header line is damage (two lines run together, binary junk) and its record is "
        "reported, never parsed and never merged into the record before it.",
        " date 2026-01-23 https://site.com/aaaa... (5,000 characters)",
        " date 2026-01-23 https://site.com/story.html",
    ),
    Rule(
        "NP112", "date-zone-unknown", "warning",
        "Header date names a zone abbreviation newsparse does not know",
        "Known abbreviations become UTC offsets: UTC, GMT, UT, Z, EST/EDT, CST/CDT, MST/MDT, "
        "PST/PDT (North America), CET/CEST, BST (British Summer Time), MSK, IST (India) and "
        "JST. Any other abbreviation is ambiguous or unknown: the time is kept without an "
        "offset and this warning says so. Write the offset itself to be exact.",
        " date 2026-01-23T10:00:00 AEST https://site.com/story.html",
        " date 2026-01-23T10:00:00+10:00 https://site.com/story.html",
    ),
    Rule(
        "NP113", "empty-file", "warning",
        "File is empty, or holds only blank lines",
        "The file holds no record and no text, so there is nothing to parse and nothing "
        "is lost. Every command reports it the same way, as a warning: `check --strict` "
        "(or `--strict` on any command) fails on it, and `fmt` leaves the file as it is. "
        "An empty file is often a scraper run that stopped early.",
        "(a file of 0 bytes, or of blank lines)",
        " date 2026-01-23 https://site.com/story.html\n\nHeadline\n\nBody.",
    ),
    Rule(
        "NP119", "record-crashed", "error",
        "newsparse failed on this record; it is reported and the run goes on",
        "An unexpected error was raised while parsing the record (a newsparse bug, or a "
        "library meeting input it was never tested on). The record is reported with the "
        "error, and every other record is processed as usual. Please report it with the "
        "record that caused it.",
        "a record that makes a parser step raise",
        "the same record after the bug is fixed",
    ),
    # NP2xx: record structure
    Rule(
        "NP201", "missing-headline", "error",
        "Record has no headline",
        "The first text after the header is the headline. A record whose first text is an "
        "image URL, or that has no text at all after the header, has none. Nor has a record "
        "whose first paragraph is a lead: the body repeats it (in any of the forms a lead "
        "takes, see the lead rule), it is at least 40 characters long, and it ends like a "
        "sentence, with an ellipsis or read-more link, or mid-word.",
        " date 2026-01-23 https://site.com/story.html\n\nhttps://cdn.site.com/a.jpg",
        " date 2026-01-23 https://site.com/story.html\n\nThe headline\n\nThe body.",
    ),
    Rule(
        "NP202", "headline-too-long", "warning",
        "Headline is suspiciously long",
        "A headline longer than 250 characters is usually a lead or body paragraph that "
        "took the headline's place because the real headline is missing.",
        " date 2026-01-23 https://site.com/s.html\n\n<a whole paragraph of 400 characters>",
        " date 2026-01-23 https://site.com/s.html\n\nA short headline",
    ),
    Rule(
        "NP203", "headline-sentence", "warning",
        "Headline ends like a sentence",
        "Headlines rarely end with a full stop. One that does is often the lead, sitting "
        "where the headline should be. Abbreviations and ellipses are allowed.",
        " date 2026-01-23 https://site.com/s.html\n\nThe minister met the ambassador on Monday.",
        " date 2026-01-23 https://site.com/s.html\n\nMinister Meets Ambassador",
    ),
    Rule(
        "NP204", "empty-body", "error",
        "Record has a headline but no body",
        "An article needs text. A record with a headline and nothing else is usually cut "
        "off; the article is still written, with an empty body.",
        " date 2026-01-23 https://site.com/s.html\n\nHeadline",
        " date 2026-01-23 https://site.com/s.html\n\nHeadline\n\nThe body.",
    ),
    Rule(
        "NP205", "truncated-record", "error",
        "Record is a header and nothing else",
        "A header line followed by no text at all (or directly by the next header) is a "
        "truncated record. It cannot become an article and is reported instead.",
        " date 2026-01-23 https://site.com/a.html\n date 2026-01-23 https://site.com/b.html",
        " date 2026-01-23 https://site.com/a.html\n\nHeadline\n\nBody.",
    ),
    Rule(
        "NP206", "lead-repeated-twice", "warning",
        "Body repeats the lead more than once",
        "Dumps repeat the lead once at the start of the body; newsparse keeps it once. A body "
        "that starts with the lead twice over (or more) is a scraper fault. A copy is one or "
        "more whole paragraphs holding the lead in any of its forms (with or without its "
        "ellipsis or read-more link, other quotes, dashes or spacing); copies are dropped "
        "while the text after them still repeats the lead, so the last repeat is kept.",
        "Lead.\n\nimage-url\n\nLead.\n\nLead.\n\nMore body.",
        "Lead.\n\nimage-url\n\nLead. More body.",
    ),
    Rule(
        "NP207", "image-not-url", "error",
        "Image line is not an http(s) URL",
        "Lines in the image position must be absolute http(s) URLs (or `//host/...`). "
        "Anything else is reported and left out of `images`.",
        "cdn.site.com/img/photo.jpg",
        "https://cdn.site.com/img/photo.jpg",
    ),
    Rule(
        "NP208", "text-outside-record", "error",
        "Text before the first header belongs to no record",
        "A record starts at a header line and nothing else starts one, so text above the "
        "first header cannot be placed in any article. It is reported, never dropped silently.",
        "Exported 2019-05-01\n date 2026-01-23 https://site.com/s.html\n...",
        " date 2026-01-23 https://site.com/s.html\n...",
    ),
    Rule(
        "NP209", "record-too-large", "error",
        "Record or line is over the size limit",
        "A record over the size limit (8 MiB of text by default, `--max-record-size`) is "
        "skipped and reported, so that a damaged file cannot exhaust memory.",
        "<a header followed by 100 MB of text without a newline>",
        "<records of ordinary size>",
    ),
    Rule(
        "NP210", "unformattable-record", "error",
        "Record cannot be written in canonical form without changing its content",
        "`newsparse fmt` rewrites a record only when its canonical form parses back to the "
        "same article. The dump format has no escaping, so text that would read differently "
        "once cleaned (a paragraph that becomes a header or an image line, entities escaped "
        "twice, an image line that is not a URL) cannot be carried. Such a record is left "
        "exactly as it was and reported; fix the source text.",
        "<p>date 2026-01-01 https://site.com/other.html</p>",
        "A paragraph that reads as text.",
    ),
    # NP3xx: text
    Rule(
        "NP301", "html-remnants", "warning",
        "HTML tags left in the text",
        "Scrapers sometimes leave markup in the text. newsparse removes real tags (block "
        "tags and `<br>` become paragraph breaks, `<script>` and `<style>` are dropped) but "
        "keeps text that only looks like a tag, such as `<The Palace>`.",
        "<p>The minister said <b>no</b>.</p>",
        "The minister said no.",
    ),
    Rule(
        "NP302", "html-entities", "warning",
        "HTML entities left in the text",
        "Entities such as `&amp;`, `&#8220;` and `&nbsp;` should have been decoded. "
        "newsparse decodes them once.",
        "Smith &amp; Sons said &#8220;yes&#8221;",
        "Smith & Sons said \u201cyes\u201d",
    ),
    Rule(
        "NP303", "mojibake", "error",
        "Text was decoded with the wrong encoding (mojibake)",
        "UTF-8 text that was once read as cp1252 shows sequences such as `â€™` and `Ã©`. "
        "newsparse repairs it where the repair is unambiguous; the archive should be fixed.",
        "The minister\u00e2\u20ac\u2122s visit",
        "The minister\u2019s visit",
    ),
    Rule(
        "NP304", "control-characters", "warning",
        "Control characters in the text",
        "NUL and other C0 control characters have no place in article text. They are removed.",
        "Head\\x00line",
        "Headline",
    ),
    # NP4xx: encoding and file
    Rule(
        "NP401", "not-utf8", "warning",
        "File is not UTF-8",
        "Dumps should be UTF-8. newsparse detects UTF-16 and legacy single-byte encodings "
        "(cp1252, latin-1, cp1251, ...) and decodes them, but detection is a guess; "
        "`newsparse fmt` rewrites the file as UTF-8.",
        "<a cp1252 file>",
        "<the same file in UTF-8>",
    ),
    Rule(
        "NP402", "byte-order-mark", "warning",
        "File starts with a byte-order mark",
        "A UTF-8 byte-order mark is harmless to newsparse but trips up other tools. "
        "`newsparse fmt` removes it.",
        "\\xef\\xbb\\xbf date 2026-01-23 https://...",
        " date 2026-01-23 https://...",
    ),
    Rule(
        "NP403", "line-endings", "warning",
        "File uses CRLF or CR line endings",
        "The canonical form uses LF. newsparse reads CRLF and lone CR; `newsparse fmt` "
        "rewrites them.",
        "Headline\\r\\n",
        "Headline\\n",
    ),
    Rule(
        "NP404", "binary-file", "error",
        "File is binary or cannot be read",
        "The file holds binary data (an image, an archive of another kind), cannot be opened, "
        "or is not a regular file. It is skipped and reported.",
        "<a PNG image in the dump folder>",
        "<only dump files in the dump folder>",
    ),
    Rule(
        "NP405", "invalid-bytes", "error",
        "Bytes that are not valid in the file's encoding",
        "A UTF-8 file with an invalid byte sequence in it. The bytes are replaced with "
        "U+FFFD so that the rest of the line survives; the source should be repaired.",
        "caf\\xe9 in an otherwise UTF-8 file",
        "caf\\xc3\\xa9",
    ),
    Rule(
        "NP406", "corrupt-compression", "error",
        "Compressed file is truncated or corrupt",
        "A `.gz`, `.bz2` or `.xz` file that ends early or is not what its name says. "
        "Records read before the damage are kept; the rest of the file is lost.",
        "<a .gz file cut off in the middle>",
        "<a complete .gz file>",
    ),
    # NP5xx: archive-wide
    Rule(
        "NP501", "duplicate-url", "warning",
        "The same article URL appears more than once",
        "After normalization (tracking parameters removed, host lower-cased) two records "
        "have the same URL. Every place is named.",
        "two records with https://site.com/a.html and https://SITE.com/a.html?utm_source=x",
        "each URL once",
    ),
    Rule(
        "NP502", "duplicate-body", "warning",
        "The same body appears under different URLs",
        "Two records with different URLs carry exactly the same body text, usually a "
        "syndicated copy or a scraper fault. Every place is named.",
        "https://a.com/x.html and https://b.com/y.html with identical bodies",
        "distinct bodies",
    ),
    # NP6xx: outputs (convert)
    Rule(
        "NP601", "output-name-clash", "error",
        "Two inputs would be written under the same output name",
        "Each input owns its output names (`story.json`, `story.1.json`, ...). A later input "
        "whose names are taken (`story.txt` then `story.txt.gz`) or could meet another's "
        "(`story.1.txt` next to `story.txt`) is reported and not written, never overwritten.",
        "dumps/a.txt and dumps/a.txt.gz",
        "one of them renamed or excluded",
    ),
    Rule(
        "NP602", "output-differs", "error",
        "An existing output differs and was not replaced",
        "`newsparse convert` never replaces an output that differs from what it would write "
        "unless `--overwrite` is given. Identical outputs are left alone.",
        "out/a.json edited by hand",
        "newsparse convert ... --overwrite",
    ),
    Rule(
        "NP603", "output-write-failed", "error",
        "An output could not be written",
        "The output folder cannot be created or written (permissions, disk full, a file "
        "where a folder should be), or it leads outside OUTDIR through a symbolic link; or "
        "the output name is taken by a symbolic link, a FIFO, a device or a folder. newsparse "
        "never writes through a link or into a special file there, and never replaces one.",
        "out/sub -> /etc, out/a.json -> /dev/tty",
        "a plain folder, and no links at output names",
    ),
    Rule(
        "NP604", "changed-while-read", "error",
        "The file changed while it was being formatted, and was left as it is",
        "`newsparse fmt` checks, just before it replaces a file, that the file is still the "
        "one it read: same inode, size, modification and change times. A file that was "
        "appended to, rewritten, replaced or chmod-ed meanwhile is left alone, so that "
        "nothing another program wrote is lost. Run `fmt` again once the writer is done.",
        "a crawler appends to dumps/today.txt while fmt runs",
        "newsparse fmt dumps/today.txt  (after the crawler is done)",
    ),
    Rule(
        "NP605", "hard-linked-file", "error",
        "The file has several hard links, and was left as it is",
        "`newsparse fmt` replaces a file with a rename, which would split it from its other "
        "names: they would keep the old text. A file with more than one link that would "
        "change is reported and left alone. Format one copy and link it again, or break "
        "the link on purpose (`cp --remove-destination`).",
        "dumps/a.txt and backup/a.txt are one file (ln)",
        "one name per file, or a symbolic link",
    ),
    Rule(
        "NP606", "read-only-file", "error",
        "The file is read-only, and was left as it is",
        "`newsparse fmt` does not rewrite a file the user cannot write, nor one with no "
        "write permission bit at all (that marks it read-only, even for root), although "
        "replacing it through its folder would be possible.",
        "chmod 444 dumps/a.txt",
        "chmod u+w dumps/a.txt, then newsparse fmt dumps/a.txt",
    ),
    Rule(
        "NP607", "metadata-not-kept", "error",
        "The file's owner, group or extended attributes could not be kept, so it was left "
        "as it is",
        "A file replaced by `newsparse fmt` or `convert --overwrite` keeps its owner, group, "
        "mode and extended attributes (ACLs included). When this user may not give the new "
        "file the same owner or group (only root can give a file to someone else), or an "
        "attribute cannot be set, the file is left alone rather than changed behind its "
        "owner's back.",
        "alice runs fmt on a file owned by bob in a shared folder",
        "bob runs fmt on it (or root does)",
    ),
)

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}

#: The families, by the first digit of the code.
FAMILIES = {
    "NP1": "header",
    "NP2": "structure",
    "NP3": "text",
    "NP4": "encoding and file",
    "NP5": "archive-wide",
    "NP6": "outputs",
}

_BY_NAME = {rule.name: rule for rule in _RULES}


def lookup(code_or_name: str) -> Rule | None:
    """The rule with this code (any case) or name, or None."""
    key = code_or_name.strip()
    return RULES.get(key.upper()) or _BY_NAME.get(key.lower())


def explain(rule: Rule) -> str:
    """The full explanation of a rule, as ``newsparse rules CODE`` prints it."""
    return "\n".join(
        [
            f"{rule.code} {rule.name} ({rule.severity})",
            "",
            f"{rule.summary}.",
            "",
            textwrap.fill(rule.explanation, width=79),
            "",
            "Bad:",
            _indent(rule.bad),
            "",
            "Good:",
            _indent(rule.good),
            "",
        ]
    )


def _indent(example: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in example.split("\n"))


def markdown_table() -> str:
    """The rules table of docs/rules.md, generated from the registry (tests/test_docs.py)."""
    rows = ["| Code | Name | Severity | Summary |", "| --- | --- | --- | --- |"]
    for rule in _RULES:
        summary = rule.summary.replace("|", "\\|")
        rows.append(f"| `{rule.code}` | `{rule.name}` | {rule.severity} | {summary} |")
    return "\n".join(rows) + "\n"
