"""newsparse.formatter: records in canonical form, unsafe ones kept verbatim and reported."""

from __future__ import annotations

import bz2
import gzip
import lzma

import pytest

import newsparse
from newsparse.codes import UNFORMATTABLE_RECORD
from newsparse.fmt_report import FormatReport
from newsparse.formatter import (
    FormattedFile,
    comparable,
    compress,
    format_bytes,
    format_text,
    unified_diff,
)

H = " date 2026-01-23 https://site.com/20260123/story-1.html"
LEAD = "The minister met the ambassador on Monday to discuss cooperation."


def fmt(text: str) -> str:
    result = format_text(text)
    return text if result.text is None else result.text


def codes(text: str) -> list[str]:
    return [failure.finding.code for failure in format_text(text).reports]


def assert_equivalent(before: str, after: str) -> None:
    a, b = newsparse.loads(before), newsparse.loads(after)
    assert [comparable(x) for x in a] == [comparable(x) for x in b]
    assert [(f.finding.code, f.finding.message) for f in a.failures] == [
        (f.finding.code, f.finding.message) for f in b.failures
    ]


# --- layouts that round-trip ---------------------------------------------------------

ROUND_TRIPS = {
    "seed layout": f"{H}\n\nHeadline\n\n{LEAD}\n\nhttps://cdn.site.com/a.jpg\n\n{LEAD} More.\n",
    "no lead, no image": f"{H}\n\nHeadline\n\nFirst.\n\nSecond.\n",
    "no lead, image": f"{H}\n\nHeadline\n\nhttps://cdn.site.com/a.jpg\n\nBody.\n",
    "lead, no image": f"{H}\n\nHeadline\n\n{LEAD}\n\n{LEAD} More.\n",
    "several images": f"{H}\n\nHeadline\n\n{LEAD}\n\nhttps://cdn.site.com/a.jpg\n"
    f"https://cdn.site.com/b.jpg\n\n{LEAD}\n\nMore.\n",
    "lead repeated twice": f"{H}\n\nHeadline\n\n{LEAD}\n\nhttps://cdn.site.com/a.jpg\n\n"
    f"{LEAD}\n\n{LEAD} More.\n",
    "body without lead copy": f"{H}\n\nHeadline\n\n{LEAD}\n\nhttps://cdn.site.com/a.jpg\n\n"
    "Other text.\n",
    "empty body": f"{H}\n\nHeadline\n",
}


@pytest.mark.parametrize("text", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_fmt_layout_round_trips(text: str) -> None:
    formatted = format_text(text)
    assert formatted.reports == ()
    assert formatted.text is not None
    assert_equivalent(text, formatted.text)
    assert fmt(formatted.text) == formatted.text


def test_fmt_canonical_text_is_already_canonical() -> None:
    for name, text in ROUND_TRIPS.items():
        if name not in ("lead repeated twice", "body without lead copy"):
            assert fmt(text) == text


def test_fmt_body_gets_the_lead_the_parser_gives_it() -> None:
    raw = ROUND_TRIPS["body without lead copy"]
    assert fmt(raw) == raw.replace("Other text.", f"{LEAD}\n\nOther text.")
    twice = ROUND_TRIPS["lead repeated twice"]
    assert fmt(twice) == twice.replace(f"{LEAD}\n\n{LEAD} More", f"{LEAD} More")


def test_fmt_layout_variants_become_the_canonical_layout() -> None:
    raw = (
        "\tDATE: Jan 23, 2026   //Site.COM/20260123/story-1.html?utm_source=x  \r\n"
        "\r\n\r\n"
        "<p>Smith &amp; Sons</p>  \r\n"
        "\r\n"
        "A body paragraph\r\n"
        "split across lines.\u00a0\r\n"
        "\r\n\r\n"
        "https://cdn.site.com/inline.jpg\r\n"
        "\r\n"
        "Last <b>one</b>."
    )
    assert fmt(raw) == (
        " date 2026-01-23 //Site.COM/20260123/story-1.html?utm_source=x\n\n"
        "Smith & Sons\n\n"
        "A body paragraph split across lines.\n\n"  # the lead: it stands before the image
        "https://cdn.site.com/inline.jpg\n\n"
        "A body paragraph split across lines.\n\n"  # the body starts with the lead
        "Last one.\n"
    )
    assert_equivalent(raw, fmt(raw))


def test_fmt_records_stay_in_order_separated_by_one_blank_line() -> None:
    raw = f"{H}\n\nOne\n\nBody one.\n\n\n\n{H}\n\nTwo\n\nBody two."
    assert fmt(raw) == f"{H}\n\nOne\n\nBody one.\n\n{H}\n\nTwo\n\nBody two.\n"


def test_fmt_empty_and_blank_text_are_left_as_they_are() -> None:
    for text in ("", "\n \n\n"):
        result = format_text(text)
        assert result.text is None  # never made empty: canonical as it is
        assert [r.finding.code for r in result.reports] == ["NP113"]


# --- what is kept verbatim -------------------------------------------------------------


def test_fmt_unparseable_record_kept_verbatim_and_reported() -> None:
    bad = " date yesterday https://site.com/a.html\n\n  Keep   me  \n\n\n"
    raw = f"{bad}{H}\n\n<b>Two</b>\n\nBody."
    result = format_text(raw, "x.txt")
    assert result.text == (
        f" date yesterday https://site.com/a.html\n\n  Keep   me  \n\n{H}\n\nTwo\n\nBody.\n"
    )
    assert [str(f) for f in result.reports] == ["x.txt:1: NP104 cannot parse date 'yesterday'"]
    assert (result.records, result.verbatim) == (2, 1)


def test_fmt_truncated_record_kept_between_records() -> None:
    raw = f"{H}\n\nOne\n\nBody.\n date 2026-01-24 https://site.com/b.html\n{H}\n\nTwo\n\nB."
    assert fmt(raw) == (
        f"{H}\n\nOne\n\nBody.\n\n date 2026-01-24 https://site.com/b.html\n\n{H}\n\nTwo\n\nB.\n"
    )
    assert codes(raw) == ["NP205"]


def test_fmt_image_line_that_is_not_a_url_keeps_the_record() -> None:
    raw = f"{H}\n\nHeadline\n\n{LEAD}\n\ncdn.site.com/a.jpg\n\n{LEAD}\n"
    result = format_text(raw)
    assert result.text == raw
    assert codes(raw) == ["NP207"]


def test_fmt_text_before_first_header_kept_on_top() -> None:
    raw = f"\n\nExported 2019\n\nby scraper\n\n\n{H}\n\n<p>Headline</p>\n\nBody."
    result = format_text(raw)
    assert result.text == f"Exported 2019\n\nby scraper\n\n{H}\n\nHeadline\n\nBody.\n"
    assert codes(raw) == ["NP208"]
    assert result.fragments == 1


def test_fmt_file_without_header_left_untouched() -> None:
    result = format_text("just some text\n")
    assert result.text is None
    assert codes("just some text\n") == ["NP101"]


@pytest.mark.parametrize(
    ("case", "raw", "problem"),
    [
        (
            "double-escaped entity",
            f"{H}\n\nHeadline\n\nAT&amp;amp;T said so.\n",
            "its body would change in canonical form",
        ),
        (
            "escaped tag",
            f"{H}\n\nUse &lt;b&gt; here\n\nBody.\n",
            "its headline would change in canonical form",
        ),
        (
            "header inside a paragraph",
            f"{H}\n\nHeadline\n\nText <p>date 2026-01-01 https://x.com/a</p>\n",
            "its canonical form would split into 2 parts",
        ),
        (
            "image URL inside a paragraph",
            f"{H}\n\nHeadline\n\nText.\n\nMore <p>https://x.com/a.jpg</p>\n",
            "its images would change in canonical form",
        ),
    ],
)
def test_fmt_record_the_format_cannot_carry_is_kept(case: str, raw: str, problem: str) -> None:
    result = format_text(raw, "x.txt")
    assert result.text == raw
    assert [str(f) for f in result.reports] == [
        f"x.txt:1: {UNFORMATTABLE_RECORD.code} record left as it is: {problem}"
    ]
    assert newsparse.loads(raw)  # the record itself parses: only its canonical form differs


@pytest.mark.parametrize(
    "raw",
    [
        f"{H}\n\nHeadline\n\n<p>One.</p><p>Two.</p>\n\nhttps://cdn.site.com/a.jpg\n\nBody.\n",
        f"{H}\n\nHeadline\n\n{LEAD}\n\nhttps://cdn.site.com/a.jpg\n\n{LEAD}\n\n{LEAD}\n\n{LEAD}\n",
    ],
    ids=["lead split by markup", "lead three times"],
)
def test_fmt_lead_cases_the_parser_normalizes_are_formatted_equivalently(raw: str) -> None:
    result = format_text(raw, "x.txt")
    assert result.text is not None and result.text != raw
    assert [str(f) for f in result.reports] == []
    before = [a.to_dict() | {"origin": None} for a in newsparse.loads(raw)]
    after = [a.to_dict() | {"origin": None} for a in newsparse.loads(result.text)]
    assert before == after


def test_fmt_too_large_record_leaves_file_untouched() -> None:
    from newsparse.formatter import format_lines

    lines = [H, "", "Headline", "", "x" * 3000]
    result = format_lines(lines, "x.txt", max_record=2048)
    assert result.text is None
    assert [str(f) for f in result.reports] == [
        "x.txt:1: NP209 record is over the size limit; file left as it is"
    ]


# --- bytes, encodings, compression ----------------------------------------------------

CANONICAL = f"{H}\n\nÜberschrift\n\nKörper.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (CANONICAL.encode("utf-8"), "utf-8"),
        (CANONICAL.encode("utf-8-sig"), "utf-8-sig"),
        (CANONICAL.encode("utf-16"), "utf-16"),
        (CANONICAL.encode("cp1252"), "cp1252"),
        (CANONICAL.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
        (CANONICAL.replace("\n", "\r").encode("utf-8"), "utf-8"),
    ],
    ids=["utf-8", "bom", "utf-16", "cp1252", "crlf", "cr"],
)
def test_fmt_bytes_become_utf8_lf(data: bytes, encoding: str) -> None:
    result = format_bytes(data, "x.txt")
    assert result.output == CANONICAL.encode("utf-8")
    assert result.encoding == encoding
    assert result.changed is (encoding != "utf-8" or data != result.output)


@pytest.mark.parametrize(
    ("suffix", "kind", "opener"),
    [
        (".gz", "gzip", gzip.decompress),
        (".bz2", "bzip2", bz2.decompress),
        (".xz", "xz", lzma.decompress),
    ],
)
def test_fmt_compressed_bytes_keep_their_compression(
    suffix: str, kind: str, opener: object
) -> None:
    data = compress(f"{H}\r\n\r\nHeadline\r\n\r\nBody.".encode(), kind)
    result = format_bytes(data, "x.txt" + suffix)
    assert (result.compression, result.changed) == (kind, True)
    assert result.output == f"{H}\n\nHeadline\n\nBody.\n".encode()
    unchanged = format_bytes(compress(result.output, kind), "x.txt" + suffix)
    assert unchanged.changed is False


def test_fmt_gzip_output_is_reproducible() -> None:
    assert compress(b"abc", "gzip") == compress(b"abc", "gzip")
    assert compress(b"abc", "gzip")[4:8] == b"\0\0\0\0"  # mtime 0


def test_fmt_invalid_bytes_leave_file_untouched() -> None:
    text = f"{H}\n\nÜberschrift für Bürger\n\nCAFE au lait, Größe, Straße.\n"
    data = text.encode().replace(b"CAFE", b"caf\xe9")  # UTF-8 but for one byte
    result = format_bytes(data, "x.txt")
    assert result.output is None
    assert [str(f) for f in result.reports] == [
        "x.txt:5: NP405 invalid utf-8 bytes replaced with U+FFFD: 0xe9"
    ]


def test_fmt_binary_file_left_untouched() -> None:
    result = format_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "a.png")
    assert (result.failed, result.changed) == (True, False)
    assert [str(f) for f in result.reports] == ["a.png:1: NP404 binary file, not a dump"]


def test_fmt_text_that_would_not_read_back_leaves_file_untouched() -> None:
    # A kept fragment of control characters: as UTF-8 it would look like a binary file.
    junk = "\x01\x02\x03\x04\x05\x06\x07\x08" * 4
    data = f"{junk}\n{H}\n\nHeadline\n\nBody.".encode("utf-16")
    result = format_bytes(data, "x.txt")
    assert result.output is None
    assert [f.finding.code for f in result.reports] == ["NP208", "NP608"]
    assert str(result.reports[-1]) == (
        "x.txt:1: NP608 file left as it is: its formatted text would not read back the same"
    )


# --- diffs and the summary ------------------------------------------------------------


def test_fmt_diff_marks_missing_final_newline() -> None:
    assert unified_diff("a\nb", "a\nb\n", "f.txt") == (
        "--- f.txt\n+++ f.txt\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"
    )


def test_fmt_result_diff_is_empty_when_only_bytes_change() -> None:
    result = format_bytes(CANONICAL.replace("\n", "\r\n").encode(), "x.txt")
    assert result.changed is True
    assert result.diff() == ""


@pytest.mark.parametrize(
    ("check", "counts", "summary"),
    [
        (False, (3, 120, 0, 0), "3 files reformatted, 120 files left unchanged."),
        (True, (3, 120, 0, 0), "3 files would be reformatted, 120 files would be left unchanged."),
        (False, (0, 1, 1, 0), "1 file left unchanged, 1 file failed to reformat."),
        (True, (1, 0, 2, 0), "1 file would be reformatted, 2 files would fail to reformat."),
        (False, (1, 0, 0, 3), "1 file reformatted, 3 warnings."),
        (False, (0, 0, 0, 0), "No files to format."),
    ],
)
def test_fmt_report_summary_words_like_black(
    check: bool, counts: tuple[int, int, int, int], summary: str
) -> None:
    reformatted, unchanged, failed, warnings = counts
    report = FormatReport(
        check=check, reformatted=reformatted, unchanged=unchanged, failed=failed, warnings=warnings
    )
    assert report.summary() == summary
    assert report.problems is bool(failed)


@pytest.mark.parametrize(
    ("changes_fail", "strict", "counts", "exit_code"),
    [
        (False, False, (3, 0, 0, 0), 0),  # fmt and fmt --diff: changes are the job
        (True, False, (3, 0, 0, 0), 1),  # fmt --check: a file would change
        (True, False, (0, 5, 0, 2), 0),  # warnings alone pass
        (True, True, (0, 5, 0, 2), 1),  # unless --strict
        (False, False, (0, 5, 1, 0), 1),  # a file that cannot be read or written fails
    ],
)
def test_fmt_report_exit_code(
    changes_fail: bool, strict: bool, counts: tuple[int, int, int, int], exit_code: int
) -> None:
    reformatted, unchanged, failed, warnings = counts
    report = FormatReport(
        changes_fail=changes_fail,
        strict=strict,
        reformatted=reformatted,
        unchanged=unchanged,
        failed=failed,
        warnings=warnings,
    )
    assert report.exit_code == exit_code


def test_fmt_report_counts_files() -> None:
    report = FormatReport()
    report.add(format_bytes(b"", "empty.txt"))
    report.add(format_bytes(f"{H}\n\nH\n\nB.".encode(), "a.txt"))
    report.add(format_bytes(f"{H}\n\nH\n\nB.".encode(), "b.txt"), write_failed=True)
    report.add(FormattedFile("c", "c", b"", None))
    # the empty file is left unchanged, with a warning (NP113)
    assert (report.reformatted, report.unchanged, report.failed) == (1, 1, 2)
    assert (report.kept, report.warnings) == (1, 1)
    assert report.files == 4
