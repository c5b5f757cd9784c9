"""Unit tests of newsparse.convert: naming, planning, comparing, atomic writes and counts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsparse.codes import RULES
from newsparse.convert.naming import output_name, output_stem, safe_name
from newsparse.convert.plan import FileTask, SourceError, check_sources, plan_tasks
from newsparse.convert.pool import Batch
from newsparse.convert.totals import Totals
from newsparse.convert.worker import (
    ConvertedFile,
    Converter,
    ConvertSettings,
    compare,
    write_atomically,
)
from newsparse.model import Failure, Finding


def record(n: int, headline: str | None = None) -> str:
    return (
        f" date 2026-01-23 https://example.com/20260123/story-{n}.html\n\n"
        f"{headline or f'Headline {n}'}\n\n"
        f"The body of story {n}, long enough to be a body.\n"
    )


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("story.txt", "story"),
        ("story.TXT", "story"),
        ("story.txt.gz", "story"),
        ("story.gz", "story"),
        ("story.txt.bz2", "story"),
        ("story.xz", "story"),
        ("story.dump", "story.dump"),
        ("story", "story"),
        (".txt", ".txt"),
        ("story.txt.txt", "story.txt"),
    ],
)
def test_convert_output_stem_strips_compression_then_txt(name: str, stem: str) -> None:
    assert output_stem(name) == stem


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("plain-name_1.txt", "plain-name_1.txt"),
        ("Привет мир", "Привет мир"),
        ("new\nline", "new%0Aline"),
        ("tab\there", "tab%09here"),
        ("100%", "100%25"),
        ("bell\x07\x7f", "bell%07%7F"),
        ("c1\x85", "c1%C2%85"),
        ("sep\u2028x", "sep%E2%80%A8x"),
        (os.fsdecode(b"caf\xe9"), "caf%E9"),
    ],
)
def test_convert_safe_name_escapes_unsafe_characters_as_hex(name: str, safe: str) -> None:
    assert safe_name(name) == safe


def test_convert_safe_name_keeps_distinct_names_distinct() -> None:
    names = ["a%0A", "a\n", os.fsdecode(b"a\xc2"), "a\xc2", "a%C2", "a%25"]
    assert len({safe_name(n) for n in names}) == len(names)


def test_convert_output_name_numbers_only_when_asked() -> None:
    assert output_name("story", "json") == "story.json"
    assert output_name("story", "md", 3) == "story.3.md"
    assert output_name("story", "jsonl") == "story.jsonl"


def _tasks(items: list[FileTask | Failure]) -> list[tuple[str, str, str | None]]:
    return [(t.folder, t.stem, t.clash) for t in items if isinstance(t, FileTask)]


def test_convert_plan_mirrors_a_single_folder_straight_into_outdir(tmp_path: Path) -> None:
    src = tmp_path / "dumps"
    (src / "2026" / "01").mkdir(parents=True)
    (src / "2026" / "01" / "a.txt").write_text(record(1))
    (src / "top.txt.gz").write_bytes(b"")
    out = str(tmp_path / "out")
    assert _tasks(list(plan_tasks([str(src)], out, "json"))) == [
        (os.path.join(out, "2026", "01"), "a", None),
        (out, "top", None),
    ]


def test_convert_plan_tasks_carry_the_size_of_their_input(tmp_path: Path) -> None:
    src = tmp_path / "dumps"
    src.mkdir()
    (src / "a.txt").write_text(record(1))
    (src / "b.txt").write_text(record(2) * 3)
    single = tmp_path / "one.txt"
    single.write_text(record(3))
    tasks = list(plan_tasks([str(src), str(single)], str(tmp_path / "out"), "json"))
    assert [(t.path, t.size) for t in tasks if isinstance(t, FileTask)] == [
        (str(p), p.stat().st_size) for p in [src / "a.txt", src / "b.txt", single]
    ]


def test_convert_plan_mirrors_each_folder_under_its_name_when_several(tmp_path: Path) -> None:
    for name in ("2025", "2026"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.txt").write_text(record(1))
    (tmp_path / "loose.txt").write_text(record(2))
    out = str(tmp_path / "out")
    sources = [str(tmp_path / "2025"), str(tmp_path / "2026"), str(tmp_path / "loose.txt")]
    assert _tasks(list(plan_tasks(sources, out, "json"))) == [
        (os.path.join(out, "2025"), "a", None),
        (os.path.join(out, "2026"), "a", None),
        (out, "loose", None),
    ]


def test_convert_plan_reports_a_second_input_with_the_same_stem(tmp_path: Path) -> None:
    for name in ("a.gz", "a.txt", "a.txt.gz", "b.1.txt", "b.txt", "c.txt", "c.2.txt", "e", "e.5"):
        (tmp_path / name).write_text(record(1))
    planned = _tasks(list(plan_tasks([str(tmp_path)], str(tmp_path / "out"), "json")))
    clashes = {stem: clash for _, stem, clash in planned}
    a_gz = str(tmp_path / "a.gz")
    assert [clash for _, stem, clash in planned if stem == "a"] == [None, a_gz, a_gz]
    assert clashes["b"] == str(tmp_path / "b.1.txt")  # b (several records) could make b.1
    assert clashes["c"] == str(tmp_path / "c.2.txt")  # sorted order: c.2.txt comes first
    assert clashes["e.5"] == str(tmp_path / "e")  # e (several records) could make e.5
    assert clashes["b.1"] is None and clashes["c.2"] is None and clashes["e"] is None


def test_convert_plan_jsonl_numbered_stems_do_not_clash(tmp_path: Path) -> None:
    for name in ("b.1.txt", "b.txt"):
        (tmp_path / name).write_text(record(1))
    planned = _tasks(list(plan_tasks([str(tmp_path)], str(tmp_path / "out"), "jsonl")))
    assert [clash for _, _, clash in planned] == [None, None]


def test_convert_plan_forgets_folders_the_walk_has_left(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(record(1))
    planned = _tasks(list(plan_tasks([str(tmp_path)], str(tmp_path / "out"), "json")))
    assert [clash for _, _, clash in planned] == [None, None]


def test_convert_check_sources_refuses_stdin_and_nothing(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not stdin"):
        check_sources(["-"], str(tmp_path))
    with pytest.raises(SourceError, match="no input"):
        check_sources([], str(tmp_path))


def test_convert_check_sources_refuses_an_input_inside_the_output(tmp_path: Path) -> None:
    (tmp_path / "out" / "in").mkdir(parents=True)
    with pytest.raises(SourceError, match="is inside the output folder"):
        check_sources([str(tmp_path / "out" / "in")], str(tmp_path / "out"))
    with pytest.raises(SourceError, match="is inside the output folder"):
        check_sources([str(tmp_path / "out")], str(tmp_path / "out"))


def test_convert_check_sources_refuses_two_folders_with_one_name(tmp_path: Path) -> None:
    (tmp_path / "a" / "dumps").mkdir(parents=True)
    (tmp_path / "b" / "dumps").mkdir(parents=True)
    with pytest.raises(SourceError, match="would both be mirrored as"):
        check_sources([str(tmp_path / "a/dumps"), str(tmp_path / "b/dumps")], str(tmp_path / "o"))


def test_convert_compare_tells_new_same_and_different(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    assert compare(str(path), b"x") == "new"
    path.write_bytes(b"x")
    assert compare(str(path), b"x") == "same"
    assert compare(str(path), b"y") == "differs"
    assert compare(str(path), b"xx") == "differs"


def test_convert_compare_never_opens_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)  # opening it would block
    assert compare(str(fifo), b"") == "blocked"
    (tmp_path / "real.json").write_bytes(b"x")
    (tmp_path / "link.json").symlink_to(tmp_path / "real.json")
    assert compare(str(tmp_path / "link.json"), b"x") == "blocked"


def test_convert_write_atomically_leaves_the_old_file_when_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b"old")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(str(path), b"new content")
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]


def test_convert_write_atomically_keeps_the_mode_of_a_replaced_file(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b"old")
    path.chmod(0o600)
    write_atomically(str(path), b"new")
    assert path.read_bytes() == b"new"
    assert path.stat().st_mode & 0o777 == 0o600
    write_atomically(str(tmp_path / "b.json"), b"new", 0o640)
    assert (tmp_path / "b.json").stat().st_mode & 0o777 == 0o640


def test_convert_converter_numbers_records_and_counts_failures(tmp_path: Path) -> None:
    src = tmp_path / "multi.txt"
    src.write_text(
        record(1) + " date 2026-02-30 https://example.com/x.html\n\nBad\n\nB.\n" + record(3)
    )
    out = tmp_path / "out"
    converter = Converter(ConvertSettings(root=str(out)))
    result = ConvertedFile(str(src))
    converter.convert(FileTask(str(src), str(out), "multi"), result)
    assert sorted(p.name for p in out.iterdir()) == ["multi.1.json", "multi.3.json"]
    assert (result.written, result.unchanged, result.refused) == (2, 0, 0)
    assert (result.tally.articles, result.tally.failed_records) == (2, 1)
    assert [f.finding.code for f in result.failures] == ["NP105"]


def test_convert_converter_stops_between_records_when_asked(tmp_path: Path) -> None:
    src = tmp_path / "multi.txt"
    src.write_text(record(1) + record(2) + record(3))
    out = tmp_path / "out"
    converter = Converter(ConvertSettings(root=str(out)), stopped=lambda: True)
    result = ConvertedFile(str(src))
    converter.convert(FileTask(str(src), str(out), "multi"), result)
    assert result.interrupted
    assert result.written == 0 and not out.exists()


def test_convert_converter_refuses_a_folder_that_leads_outside(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(record(1))
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "sub").symlink_to(elsewhere)
    result = ConvertedFile(str(src))
    Converter(ConvertSettings(root=str(out))).convert(
        FileTask(str(src), str(out / "sub"), "a"), result
    )
    assert result.refused == 1 and result.written == 0
    assert list(elsewhere.iterdir()) == []
    assert result.failures[0].finding.code == "NP603"
    assert "leads outside the output folder" in result.failures[0].finding.message


def test_convert_runs_identically_in_process_and_in_workers(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for n in range(6):
        (src / f"{n}.txt").write_text(record(n) * (n % 2 + 1) if n != 3 else "\x00\x01" * 50)
    outcomes = []
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        with Batch(ConvertSettings(root=str(out)), jobs) as batch:
            items = list(batch.results(plan_tasks([str(src)], str(out), "json")))
        outcomes.append(
            [
                (i.path, i.written, [str(f) for f in i.failures])
                if isinstance(i, ConvertedFile)
                else str(i)
                for i in items
            ]
        )
        assert len(items) == 6
    assert outcomes[0] == outcomes[1]


def test_convert_totals_add_up_and_summarise() -> None:
    totals = Totals()
    result = ConvertedFile("a.txt", written=3, unchanged=1, refused=1)
    result.tally.files, result.tally.articles, result.tally.failed_records = 1, 5, 2
    totals.add(result)
    totals.add(Failure(Finding(RULES["NP404"], "binary file, not a dump", "b.bin", 1), "file"))
    totals.add(ConvertedFile("c.txt", skipped=True))
    assert totals.records == totals.written + totals.unchanged + totals.reported == 7
    assert totals.failed
    assert totals.summary(2.0) == (
        "Converted 3 files, 7 records: 3 articles written, 1 up to date, 3 reported; "
        "1 file failed; 1 file skipped (up to date) in 2.0 s (4 records/s)."
    )
    assert totals.summary(2.0, dry_run=True).startswith(
        "Dry run: 3 files, 7 records: 3 articles to write,"
    )
    assert totals.summary(2.0, interrupted=True).startswith("Interrupted after 3 files")
