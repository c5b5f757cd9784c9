"""``newsparse stats``: every number held to the same number computed
here from ``parse`` output (and ``check --statistics``) over generated archives."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from archives import make_archive
from click.testing import CliRunner, Result

from newsparse.cli import cli
from newsparse.stats import ArchiveStats, percentile, periods_between
from newsparse.stats_report import bar, time_rows

Record = dict[str, Any]


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module", params=[3, 11])
def archive(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_archive(tmp_path_factory.mktemp("stats") / "archive", seed=request.param, files=45)


def parsed(archive: Path, *argv: str) -> list[Record]:
    return [json.loads(line) for line in run("parse", archive, *argv).stdout.splitlines()]


def stats_json(archive: Path, *argv: str) -> dict[str, Any]:
    result = run("stats", archive, "--format", "json", *argv)
    data: dict[str, Any] = json.loads(result.stdout)
    # a file that cannot be read as a dump is reported and fails the run, as in every command
    assert result.exit_code == (1 if data["totals"]["failed_files"] else 0), result.stderr
    return data


def utc_day(date: str) -> str:
    if len(date) == 10:
        return date
    stamp = dt.datetime.fromisoformat(date)
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.timezone.utc)
    return stamp.strftime("%Y-%m-%d")


def utc_month(date: str) -> str:
    return utc_day(date)[:7]


def nearest_rank(values: list[int], share: float) -> int:
    ordered = sorted(values)
    return ordered[math.ceil(share * len(ordered)) - 1]


def test_stats_json_matches_counts_computed_from_parse_output(archive: Path) -> None:
    records = parsed(archive)
    data = stats_json(archive)
    totals = data["totals"]
    assert totals["articles"] == totals["selected"] == len(records)
    assert data["sources"] == dict(
        sorted(Counter(r["source"] for r in records).items(), key=lambda item: (-item[1], item[0]))
    )
    assert list(data["sources"].values()) == sorted(data["sources"].values(), reverse=True)
    assert data["per_month"] == dict(sorted(Counter(utc_month(r["date"]) for r in records).items()))
    assert data["per_year"] == dict(
        sorted(Counter(utc_month(r["date"])[:4] for r in records).items())
    )
    assert data["per_day"] == dict(sorted(Counter(utc_day(r["date"]) for r in records).items()))
    assert any(utc_day(r["date"]) != r["date"][:10] for r in records)  # zones move some days
    assert totals["distinct_urls"] == len({r["url"] for r in records})
    assert totals["duplicate_urls"] == len(records) - len({r["url"] for r in records})
    bodies = [r["body"] for r in records if r["body"].strip()]
    assert totals["duplicate_bodies"] == len(bodies) - len(set(bodies))
    assert totals["duplicate_urls"] > 0 and totals["duplicate_bodies"] > 0  # the archive has some
    words = [r["word_count"] for r in records]
    assert {k: data["word_counts"][k] for k in ("min", "p10", "median", "p90", "max")} == {
        "min": min(words),
        "p10": nearest_rank(words, 0.1),
        "median": nearest_rank(words, 0.5),
        "p90": nearest_rank(words, 0.9),
        "max": max(words),
    }
    assert sum(b["articles"] for b in data["word_counts"]["histogram"]) == len(records)
    assert totals["with_lead"] == sum(r["lead"] is not None for r in records)
    assert totals["with_image"] == sum(r["image"] is not None for r in records)
    assert totals["first_day"] == min(data["per_day"]) and totals["last_day"] == max(
        data["per_day"]
    )


def test_stats_findings_are_counted_as_check_statistics_counts_them(archive: Path) -> None:
    check = run("check", archive, "--statistics", "--output-format", "json")
    expected = [
        {k: row[k] for k in ("code", "name", "severity", "count")}
        for row in json.loads(check.stdout)
    ]
    found = stats_json(archive)["findings"]
    assert found == expected
    assert {"NP501", "NP502", "NP101", "NP105"} <= {row["code"] for row in found}


def test_stats_totals_add_up_with_the_parse_summary(archive: Path) -> None:
    summary = run("parse", archive).stderr.splitlines()[-1]
    totals = stats_json(archive)["totals"]
    assert summary.startswith(
        f"newsparse: {totals['records']} records: {totals['articles']} "
        f"written, {totals['failed_records']} reported"
    )


@pytest.mark.parametrize(
    "argv",
    [
        ("--since", "2004-01-01", "--until", "2025-06-30"),
        ("--source", "bbc.co.uk", "--unique", "url"),
        ("--unique", "body", "--include", "part2/*"),
    ],
)
def test_stats_selection_counts_what_parse_keeps(archive: Path, argv: tuple[str, ...]) -> None:
    kept = parsed(archive, *argv)
    everything = parsed(archive)
    data = stats_json(archive, *argv)
    totals = data["totals"]
    assert totals["selected"] == len(kept)
    if "--include" not in argv:
        assert totals["articles"] == len(everything)
        assert totals["filtered"] + totals["left_out_duplicates"] == len(everything) - len(kept)
    assert data["per_month"] == dict(sorted(Counter(utc_month(r["date"]) for r in kept).items()))
    assert data["sources"] == dict(
        sorted(Counter(r["source"] for r in kept).items(), key=lambda item: (-item[1], item[0]))
    )


@pytest.mark.parametrize("by", ["day", "month", "year"])
def test_stats_csv_period_table_has_every_period_with_gaps_as_zero(archive: Path, by: str) -> None:
    data = stats_json(archive)
    result = run("stats", archive, "--format", "csv", "--by", by)
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert rows[0] == [by, "articles"]
    counts = {period: int(n) for period, n in rows[1:]}
    assert {p: n for p, n in counts.items() if n} == data[f"per_{by}"]
    assert list(counts) == list(periods_between(min(counts), max(counts), by))
    assert 0 in counts.values()  # the archive spans decades with gaps


def test_stats_csv_source_and_code_tables(archive: Path) -> None:
    data = stats_json(archive)
    sources = list(
        csv.reader(io.StringIO(run("stats", archive, "--format", "csv", "--by", "source").stdout))
    )
    assert sources[0] == ["source", "articles"]
    assert {s: int(n) for s, n in sources[1:]} == data["sources"]
    codes = list(
        csv.reader(io.StringIO(run("stats", archive, "--format", "csv", "--by", "code").stdout))
    )
    assert [[c, nm, sv, int(n)] for c, nm, sv, n in codes[1:]] == [
        [f["code"], f["name"], f["severity"], f["count"]] for f in data["findings"]
    ]


def test_stats_text_report_off_a_terminal_is_plain_ascii(archive: Path) -> None:
    result = run("stats", archive, "--top", "3")
    text = result.stdout
    assert text.isascii()
    assert "\x1b" not in text
    data = stats_json(archive)
    assert result.exit_code == (1 if data["totals"]["failed_files"] else 0)
    others = len(data["sources"]) - 3
    assert f"  {others} other sources " in text
    assert "Articles per year (" in text and "months do not fit)" in text
    assert "(no article in " in text  # the gaps are shown
    assert "  min " in text and " median " in text
    assert all(len(line) <= 80 for line in text.splitlines())


def test_stats_text_by_source_is_a_usage_error(archive: Path) -> None:
    result = run("stats", archive, "--by", "source")
    assert result.exit_code == 2
    assert "--by source gives a table: use it with --format csv" in result.stderr


def test_stats_with_no_file_to_read_warns_and_a_missing_path_is_a_usage_error(
    tmp_path: Path,
) -> None:
    empty = run("stats", tmp_path)
    assert (empty.exit_code, empty.stdout) == (0, "")
    assert empty.stderr == f"newsparse: warning: no dump files found in {tmp_path}\n"
    missing = run("stats", tmp_path / "nope")
    assert (missing.exit_code, missing.stdout) == (2, "")
    assert missing.stderr.endswith(f"newsparse: error: path '{tmp_path / 'nope'}' does not exist\n")


def test_stats_of_files_with_no_article_reports_zeros_and_nulls(tmp_path: Path) -> None:
    (tmp_path / "notes.html").write_text("<p>Not a dump.</p>\n")
    data = json.loads(run("stats", tmp_path, "--format", "json").stdout)
    assert data["totals"]["files"] == 1 and data["totals"]["first_day"] is None
    assert data["totals"]["lead_share"] is None and data["word_counts"]["median"] is None
    assert data["findings"] == [
        {"code": "NP101", "name": "no-header", "severity": "error", "count": 1}
    ]
    text = run("stats", tmp_path).stdout
    assert "no dated article" in text


def _stats(per_day: dict[str, int]) -> ArchiveStats:
    return ArchiveStats(per_day=Counter(per_day))


def test_stats_time_rows_fold_gaps_of_three_periods_or_more() -> None:
    stats = _stats({"2020-01-05": 2, "2020-03-01": 1, "2020-08-09": 4})
    assert time_rows(stats, "month") == (
        "month",
        [
            ("2020-01", 2),
            ("2020-02", 0),
            ("2020-03", 1),
            ("2020-04 to 2020-07", 0, 4),
            ("2020-08", 4),
        ],
    )


def test_stats_time_rows_step_up_until_they_fit() -> None:
    stats = _stats({"1900-01-01": 1, "1950-06-01": 2, "2020-12-31": 3})
    # Lone days with long gaps between them fit by day: a gap is one row.
    assert time_rows(stats, "day", max_rows=5) == (
        "day",
        [
            ("1900-01-01", 1),
            ("1900-01-02 to 1950-05-31", 0, (dt.date(1950, 5, 31) - dt.date(1900, 1, 1)).days),
            ("1950-06-01", 2),
            ("1950-06-02 to 2020-12-30", 0, (dt.date(2020, 12, 30) - dt.date(1950, 6, 1)).days),
            ("2020-12-31", 3),
        ],
    )
    unit, rows = time_rows(stats, "day", max_rows=4)
    assert unit == "31 years"  # months and years give 5 rows; 121 years in 4 spans
    assert rows == [("1900-1930", 1), ("1931-1961", 2), ("1962-1992", 0), ("1993-2020", 3)]


def test_stats_bars_scale_and_never_hide_a_small_count() -> None:
    assert bar(10, 10, 20, fancy=False) == "#" * 20
    assert bar(1, 1000, 20, fancy=False) == "#"
    assert bar(0, 10, 20, fancy=False) == ""
    assert bar(3, 8, 1, fancy=True) == "▍"
    assert bar(10, 10, 2, fancy=True) == "██"


def test_stats_percentile_is_nearest_rank() -> None:
    counts = Counter({1: 1, 2: 1, 3: 1, 4: 1})
    assert [percentile(counts, s) for s in (0.1, 0.5, 0.9, 1.0)] == [1, 2, 4, 4]
    assert percentile(Counter(), 0.5) is None
