"""Unit tests for newsparse.tally: counting so that the numbers add up."""

from __future__ import annotations

from newsparse.codes import RULES
from newsparse.model import Article, Failure, Finding, Origin
from newsparse.tally import Tally, plural

ARTICLE = Article(
    "https://a.com/1",
    "https://a.com/1",
    "2026-01-23",
    "H",
    None,
    (),
    "B",
    Origin("f", 1),
    (Finding(RULES["NP301"], "m", "f", 3),),
)


def failure(scope: str) -> Failure:
    return Failure(Finding(RULES["NP105"], "m", "f", 1), scope)  # type: ignore[arg-type]


def test_tally_records_are_articles_plus_failed_records() -> None:
    tally = Tally()
    for item in (
        ARTICLE,
        ARTICLE,
        failure("record"),
        failure("file"),
        failure("fragment"),
        Finding(RULES["NP403"], "m", "f", 1),
    ):
        tally.add(item)
    assert (tally.records, tally.articles, tally.failed_records) == (3, 2, 1)
    assert (tally.failed_files, tally.fragments, tally.findings) == (1, 1, 3)
    assert tally.failed
    assert tally.summary() == (
        "3 records: 2 written, 1 reported; 1 file failed; 1 text fragment outside any record"
    )


def test_tally_clean_run_has_not_failed() -> None:
    tally = Tally()
    tally.add(ARTICLE)
    tally.add(Finding(RULES["NP403"], "m", "f", 1))
    assert not tally.failed
    assert tally.summary() == "1 record: 1 written, 0 reported"


def test_plural_counts_with_separators() -> None:
    assert [plural(n, "file") for n in (0, 1, 2, 12000)] == [
        "0 files",
        "1 file",
        "2 files",
        "12,000 files",
    ]


def test_tally_left_out_articles_are_counted_so_that_records_add_up() -> None:
    tally = Tally()
    for _ in range(5):
        tally.add(ARTICLE)
    tally.leave_out("filtered")
    tally.leave_out("filtered")
    tally.leave_out("duplicate")
    assert (tally.records, tally.written, tally.filtered, tally.duplicates) == (5, 2, 2, 1)
    assert not tally.failed
    assert tally.summary() == "5 records: 2 written, 2 filtered, 1 duplicate, 0 reported"


def test_tally_summary_has_thousands_separators_in_every_count() -> None:
    tally = Tally(files=3, articles=7_595, failed_records=1_738, filtered=1_354, duplicates=1_001)
    assert tally.summary() == (
        "9,333 records: 5,240 written, 1,354 filtered, 1,001 duplicates, 1,738 reported"
    )


def test_totals_summary_has_thousands_separators_in_every_count() -> None:
    from newsparse.convert.totals import Totals

    totals = Totals(
        files=2,
        tally=Tally(articles=9_000, failed_records=1_738),
        written=1_354,
        unchanged=7_595,
        refused=51,
    )
    assert totals.summary(1.0) == (
        "Converted 2 files, 10,738 records: 1,354 articles written, 7,595 up to date, "
        "1,789 reported in 1.0 s (10,738 records/s)."
    )


def test_junit_says_1_file_checked() -> None:
    from newsparse.check import CheckResult
    from newsparse.reporters import ReportOptions, render

    report = render("junit", CheckResult([], 1), ReportOptions(False, False, False))
    assert "All checks passed. 1 file checked." in report


def test_tally_plus_equals_sums_every_count_and_keeps_strict() -> None:
    total = Tally(files=1, articles=2, failed_records=3, findings=4)
    total += Tally(
        files=10,
        articles=20,
        failed_records=30,
        failed_files=1,
        fragments=2,
        findings=40,
        filtered=5,
        duplicates=6,
        strict=True,
    )
    assert total == Tally(11, 22, 33, 1, 2, 44, 5, 6, strict=True)
    assert repr(total) == (
        "Tally(files=11, articles=22, failed_records=33, failed_files=1, fragments=2, "
        "findings=44, filtered=5, duplicates=6, strict=True)"
    )
