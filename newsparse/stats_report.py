"""The ``stats`` report as text for a terminal (drawn with rich), and as CSV tables.

ArchiveStats in; text out. On a terminal the report has colour, box-drawn tables
and bars of eighth-blocks; anywhere else (a pipe, a file, a CI log) it is plain
ASCII with no escape codes, so that ``less`` and log viewers show it as it is.
Long time series are aggregated to fit: days become months, months years, years
spans of years, until there are at most ``MAX_ROWS`` bars; and a run of
``GAP_RUN`` or more empty periods is one line that says how long the gap is.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from newsparse.stats import UNITS, ArchiveStats
from newsparse.tally import plural

if TYPE_CHECKING:
    from rich.console import Console

MAX_ROWS = 40
GAP_RUN = 3
_EIGHTHS = " ▏▎▍▌▋▊▉█"


def bar(count: int, largest: int, width: int, fancy: bool) -> str:
    """A bar ``width`` long for ``largest``; any count above zero shows at least a sliver."""
    if count <= 0 or largest <= 0 or width <= 0:
        return ""
    exact = count / largest * width
    if not fancy:
        return "#" * max(1, round(exact))
    eighths = max(1, round(exact * 8))
    return "█" * (eighths // 8) + (_EIGHTHS[eighths % 8] if eighths % 8 else "")


def time_rows(
    stats: ArchiveStats, unit: str, max_rows: int = MAX_ROWS
) -> tuple[str, list[tuple[str, int] | tuple[str, int, int]]]:
    """(the unit shown, rows): a row is (label, count), or (label, 0, periods) for a gap.

    The unit steps up (day, month, year, then spans of years) until the series
    fits in ``max_rows`` rows once its gaps are folded.
    """
    shown = unit
    while True:
        series = stats.series(shown) if shown in UNITS else _spans(stats, shown)
        rows = _fold_gaps(series)
        if len(rows) <= max_rows or shown not in UNITS:
            return shown, rows
        if shown == "year":
            years = len(series)
            shown = f"{math.ceil(years / max_rows)} years"
        else:
            shown = UNITS[UNITS.index(shown) + 1]


def _spans(stats: ArchiveStats, shown: str) -> list[tuple[str, int]]:
    size = int(shown.split()[0])
    years = stats.series("year")
    spans = []
    for start in range(0, len(years), size):
        chunk = years[start : start + size]
        label = chunk[0][0] if len(chunk) == 1 else f"{chunk[0][0]}-{chunk[-1][0]}"
        spans.append((label, sum(count for _, count in chunk)))
    return spans


def _fold_gaps(series: list[tuple[str, int]]) -> list[tuple[str, int] | tuple[str, int, int]]:
    rows: list[tuple[str, int] | tuple[str, int, int]] = []
    index = 0
    while index < len(series):
        label, count = series[index]
        if count == 0:
            end = index
            while end + 1 < len(series) and series[end + 1][1] == 0:
                end += 1
            run = end - index + 1
            if run >= GAP_RUN:
                rows.append((f"{label} to {series[end][0]}", 0, run))
                index = end + 1
                continue
        rows.append((label, count))
        index += 1
    return rows


def _unit_plural(unit: str, count: int) -> str:
    if unit in UNITS:
        return plural(count, unit)
    return f"{count:,} spans of {unit}"


def print_report(
    stats: ArchiveStats, console: Console, *, unit: str = "month", top: int = 15
) -> None:
    """Print the whole report: totals, articles per period, sources, word counts, findings."""
    from rich.text import Text

    from newsparse.codes import RULES

    fancy = console.is_terminal
    width = console.width

    def heading(text: str, first: bool = False) -> None:
        if not first:
            console.print()
        console.print(Text(text, style="bold"))
        if not fancy:
            console.print("-" * len(text))

    def line(*parts: tuple[str, str]) -> None:
        text = Text("  ")
        for part, style in parts:
            text.append(part, style=style)
        text.rstrip()
        console.print(text, overflow="ignore", crop=False, no_wrap=True)

    selected = stats.selected

    def share(count: int) -> str:
        return f"{count / selected:.1%} of articles" if selected else ""

    left_out = (
        f"{stats.filtered:,} filtered, {stats.left_out_duplicates:,} duplicates left out"
        if stats.filtered or stats.left_out_duplicates
        else ""
    )
    rows = [
        ("files", f"{stats.files:,}", ""),
        ("records", f"{stats.records:,}", ""),
        ("articles", f"{stats.articles:,}", left_out),
    ]
    if selected != stats.articles:
        rows.append(("selected", f"{selected:,}", "the rest of the report counts these"))
    rows += [
        (
            "failures",
            f"{stats.failed_records:,}",
            f"records; {plural(stats.failed_files, 'file')} failed, "
            f"{plural(stats.fragments, 'fragment')} outside any record",
        ),
        ("distinct URLs", f"{stats.distinct_urls:,}", ""),
        ("duplicate URLs", f"{stats.duplicate_urls:,}", "articles whose URL came before"),
        ("duplicate bodies", f"{stats.duplicate_bodies:,}", "articles whose body came before"),
        ("with a lead", f"{stats.with_lead:,}", share(stats.with_lead)),
        ("with an image", f"{stats.with_image:,}", share(stats.with_image)),
    ]
    heading("Archive", first=True)
    label_width = max(len(r[0]) for r in rows)
    number_width = max(len(r[1]) for r in rows)
    for label, number, note in rows:
        line(
            (label.ljust(label_width + 2), ""),
            (number.rjust(number_width), "bold"),
            ("  " + note, "dim"),
        )
    dates = f"{stats.first_day} to {stats.last_day}" if stats.first_day else "none"
    undated = f"  ({stats.undated:,} undated)" if stats.undated else ""
    line(("dates".ljust(label_width + 2), ""), (dates, "bold"), (undated, "dim"))

    shown, series = time_rows(stats, unit)
    title = f"Articles per {shown}"
    if shown != unit:
        title += f" ({_unit_plural(unit, len(stats.series(unit)))} do not fit)"
    heading(title)
    if not series:
        line(("no dated article", "dim"))
    else:
        _bars(
            console,
            [(r[0], r[1]) for r in series],
            width,
            fancy,
            gaps={r[0]: r[2] for r in series if len(r) == 3},
            unit=shown,
        )

    ranked = sorted(stats.per_source.items(), key=lambda item: (-item[1], item[0]))
    heading(f"Top {min(top, len(ranked))} of {plural(len(ranked), 'source')}")
    if ranked:
        shown_sources = ranked[:top]
        rest = ranked[top:]
        if rest:
            shown_sources.append(
                (f"{plural(len(rest), 'other source')}", sum(count for _, count in rest))
            )
        _bars(console, shown_sources, width, fancy)
    else:
        line(("no article", "dim"))

    words = stats.word_summary()
    heading("Word counts")
    if words["max"] is None:
        line(("no article", "dim"))
    else:
        line(
            (
                f"min {words['min']:,}   p10 {words['p10']:,}   median {words['median']:,}   "
                f"p90 {words['p90']:,}   max {words['max']:,}",
                "",
            )
        )
        bins = [
            (
                f"{low:,}"
                if high == low
                else f"{low:,}-{high:,}"
                if high is not None
                else f"{low:,}+",
                count,
            )
            for low, high, count in stats.word_histogram()
        ]
        _bars(console, bins, min(width, 72), fancy)

    heading("Findings by code")
    if not stats.findings:
        line(("none", "dim"))
        return
    found = sorted(stats.findings.items(), key=lambda item: (-item[1], item[0]))
    count_width = max(len(f"{count:,}") for _, count in found)
    for code, count in found:
        rule = RULES[code]
        line(
            (f"{count:>{count_width},}  ", ""),
            (code, "red" if rule.severity == "error" else "yellow"),
            (f"  {rule.severity:<7}  {rule.name}", ""),
        )


def _bars(
    console: Console,
    rows: list[tuple[str, int]],
    width: int,
    fancy: bool,
    gaps: dict[str, int] | None = None,
    unit: str = "",
) -> None:
    from rich.text import Text

    gaps = gaps or {}
    label_width = max(len(label) for label, _ in rows)
    count_width = max(len(f"{count:,}") for _, count in rows)
    room = max(10, width - label_width - count_width - 6)
    largest = max(count for _, count in rows)
    for label, count in rows:
        line = Text("  " + label.ljust(label_width) + "  ")
        if label in gaps:
            line.append(f"(no article in {_unit_plural(unit, gaps[label])})", style="dim")
        else:
            line.append(f"{count:>{count_width},} ")
            line.append(bar(count, largest, room, fancy), style="cyan")
        line.rstrip()
        console.print(line, overflow="ignore", crop=False, no_wrap=True)


def csv_table(stats: ArchiveStats, by: str) -> list[tuple[Any, ...]]:
    """The rows of ``stats --format csv --by BY``, header first.

    ``day``, ``month``, ``year``: every period from the first to the last, gaps as 0.
    ``source``: every source, most articles first. ``code``: every finding code.
    ``words``: the word-count histogram.
    """
    if by in UNITS:
        return [(by, "articles"), *stats.series(by)]
    if by == "source":
        ranked = sorted(stats.per_source.items(), key=lambda item: (-item[1], item[0]))
        return [("source", "articles"), *ranked]
    if by == "code":
        from newsparse.codes import RULES

        return [
            ("code", "name", "severity", "count"),
            *(
                (code, RULES[code].name, RULES[code].severity, count)
                for code, count in sorted(
                    stats.findings.items(), key=lambda item: (-item[1], item[0])
                )
            ),
        ]
    if by == "words":
        return [
            ("from", "to", "articles"),
            *(
                (low, "" if high is None else high, count)
                for low, high, count in stats.word_histogram()
            ),
        ]
    raise ValueError(f"unknown table {by!r}")
