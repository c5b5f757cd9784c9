"""End-to-end tests of `newsparse convert`, through CliRunner and as a real subprocess."""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from readiness import open_when_read, wait_for, wait_until_read

from newsparse.cli import cli

BAD_DATE = " date 2026-02-30 https://example.com/bad.html\n\nBad\n\nBody.\n"
TIMING = re.compile(r" in \d+\.\d s \([\d,]+ records/s\)\.$")


def record(n: int) -> str:
    return (
        f" date 2026-01-23 https://example.com/20260123/story-{n}.html\n\n"
        f"Headline {n}\n\n"
        f"The body of story {n}, long enough to be a body.\n"
    )


def run(*args: str | Path, cwd: Path | None = None) -> Result:
    argv = [str(a) for a in args]
    if cwd is None:
        return CliRunner().invoke(cli, argv)
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, argv)
    finally:
        os.chdir(old)


def lines(stderr: str) -> list[str]:
    """stderr lines, with the run time and rate (which vary) taken out of the summary."""
    return [TIMING.sub(" in T.", line) for line in stderr.splitlines()]


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def headline(path: Path) -> str:
    data: str = json.loads(path.read_text())["headline"]
    return data


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """dumps/: a plain file, a gzipped one in a subfolder, a multi-record file with a
    failed record, and binary junk."""
    src = tmp_path / "dumps"
    (src / "2026" / "01").mkdir(parents=True)
    (src / "2026" / "01" / "a.txt").write_text(record(1))
    (src / "2026" / "01" / "b.txt.gz").write_bytes(gzip.compress(record(2).encode()))
    (src / "multi.txt").write_text(record(3) + BAD_DATE + record(4))
    (src / "junk.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return tmp_path


def test_cli_convert_mirrors_the_tree_and_names_outputs_after_inputs(tree: Path) -> None:
    result = run("convert", "dumps", "-o", "out", "-j", "1", cwd=tree)
    assert result.exit_code == 1
    assert sorted(files(tree / "out")) == [
        "2026/01/a.json",
        "2026/01/b.json",
        "multi.1.json",
        "multi.3.json",
    ]
    assert headline(tree / "out/2026/01/b.json") == "Headline 2"
    assert headline(tree / "out/multi.3.json") == "Headline 4"
    article = json.loads((tree / "out/2026/01/a.json").read_text())
    assert article["origin"] == {"path": "dumps/2026/01/a.txt", "line": 1}
    assert result.stdout == ""
    assert lines(result.stderr) == [
        "dumps/junk.txt:1: NP404 binary file, not a dump",
        "dumps/multi.txt:6: NP105 date '2026-02-30' cannot exist: day is out of range for month",
        "Converted 4 files, 5 records: 4 articles written, 1 reported; 1 file failed in T.",
    ]


def test_cli_convert_writes_markdown_with_the_md_extension(tree: Path) -> None:
    result = run("convert", "dumps/2026", "-o", "out", "-f", "md", cwd=tree)
    assert result.exit_code == 0
    assert sorted(files(tree / "out")) == ["01/a.md", "01/b.md"]
    assert (tree / "out/01/a.md").read_text().startswith("---\ntitle: Headline 1\n")


def test_cli_convert_jsonl_writes_one_file_per_input(tree: Path) -> None:
    result = run("convert", "dumps", "-o", "out", "-f", "jsonl", cwd=tree)
    assert result.exit_code == 1
    assert sorted(files(tree / "out")) == ["2026/01/a.jsonl", "2026/01/b.jsonl", "multi.jsonl"]
    rows = (tree / "out/multi.jsonl").read_text().splitlines()
    assert [json.loads(row)["headline"] for row in rows] == ["Headline 3", "Headline 4"]


def test_cli_convert_output_is_identical_for_one_and_two_jobs(tree: Path) -> None:
    one = run("convert", "dumps", "-o", "out1", "-j", "1", "--errors", "e1.jsonl", cwd=tree)
    two = run("convert", "dumps", "-o", "out2", "-j", "2", "--errors", "e2.jsonl", cwd=tree)
    assert one.exit_code == two.exit_code == 1
    assert files(tree / "out1") == files(tree / "out2")
    assert lines(one.stderr) == lines(two.stderr)
    assert (tree / "e1.jsonl").read_text() == (tree / "e2.jsonl").read_text()


def test_cli_convert_reports_two_inputs_with_one_output_name(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(record(1))
    (tmp_path / "in" / "a.txt.gz").write_bytes(gzip.compress(record(2).encode()))
    result = run("convert", "in", "-o", "out", cwd=tmp_path)
    assert result.exit_code == 1
    assert files(tmp_path / "out") == {"a.json": (tmp_path / "out/a.json").read_bytes()}
    assert headline(tmp_path / "out/a.json") == "Headline 1"
    assert lines(result.stderr) == [
        "in/a.txt.gz:1: NP601 output out/a.json would take a name that belongs to in/a.txt; "
        "not written",
        "Converted 2 files, 2 records: 1 article written, 1 reported in T.",
    ]


def test_cli_convert_rerun_on_an_unchanged_tree_writes_nothing(tree: Path) -> None:
    run("convert", "dumps", "-o", "out", cwd=tree)
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (tree / "out").rglob("*")}
    time.sleep(0.01)
    result = run("convert", "dumps", "-o", "out", cwd=tree)
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (tree / "out").rglob("*")}
    assert after == before
    assert lines(result.stderr)[-1] == (
        "Converted 4 files, 5 records: 0 articles written, 4 up to date, 1 reported; "
        "1 file failed in T."
    )


def test_cli_convert_refuses_to_replace_a_different_output(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(record(1))
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.json").write_text("mine\n")
    result = run("convert", "in", "-o", "out", cwd=tmp_path)
    assert result.exit_code == 1
    assert (tmp_path / "out" / "a.json").read_text() == "mine\n"
    assert lines(result.stderr) == [
        "in/a.txt:1: NP602 output out/a.json exists and differs; not replaced "
        "(--overwrite replaces it)",
        "Converted 1 file, 1 record: 0 articles written, 1 reported in T.",
    ]
    result = run("convert", "in", "-o", "out", "--overwrite", cwd=tmp_path)
    assert result.exit_code == 0
    assert headline(tmp_path / "out" / "a.json") == "Headline 1"


def test_cli_convert_skip_existing_skips_inputs_older_than_their_output(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for n in (1, 2):
        (tmp_path / "in" / f"{n}.txt").write_text(record(n))
    (tmp_path / "in" / "multi.txt").write_text(record(3) + record(4))
    assert run("convert", "in", "-o", "out", cwd=tmp_path).exit_code == 0
    result = run("convert", "in", "-o", "out", "--skip-existing", cwd=tmp_path)
    assert result.exit_code == 0
    assert lines(result.stderr) == [
        "Converted 3 files, 0 records: 0 articles written, 0 reported; "
        "3 files skipped (up to date) in T."
    ]
    later = time.time() + 5
    os.utime(tmp_path / "in" / "2.txt", (later, later))
    (tmp_path / "out" / "1.json").unlink()
    result = run("convert", "in", "-o", "out", "--skip-existing", cwd=tmp_path)
    assert lines(result.stderr) == [
        "Converted 3 files, 2 records: 1 article written, 1 up to date, 0 reported; "
        "1 file skipped (up to date) in T."
    ]


def test_cli_convert_errors_file_lists_every_failure_as_json_lines(tree: Path) -> None:
    result = run("convert", "dumps", "-o", "out", "--errors", "errors.jsonl", "-q", cwd=tree)
    assert result.exit_code == 1
    rows = [json.loads(row) for row in (tree / "errors.jsonl").read_text().splitlines()]
    assert rows == [
        {
            "path": "dumps/junk.txt",
            "line": 1,
            "code": "NP404",
            "severity": "error",
            "message": "binary file, not a dump",
            "scope": "file",
        },
        {
            "path": "dumps/multi.txt",
            "line": 6,
            "code": "NP105",
            "severity": "error",
            "message": "date '2026-02-30' cannot exist: day is out of range for month",
            "scope": "record",
        },
    ]


def test_cli_convert_quiet_keeps_failures_and_drops_the_summary(tree: Path) -> None:
    result = run("convert", "dumps", "-o", "out", "--quiet", cwd=tree)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 2
    assert not any(line.startswith("Converted") for line in result.stderr.splitlines())
    clean = run("convert", "dumps/2026", "-o", "out2", "-q", cwd=tree)
    assert (clean.exit_code, clean.stderr) == (0, "")


def test_cli_convert_dry_run_lists_outputs_and_writes_nothing(tree: Path) -> None:
    result = run("convert", "dumps", "-o", "out", "--dry-run", cwd=tree)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "out/2026/01/a.json",
        "out/2026/01/b.json",
        "out/multi.3.json",
        "out/multi.1.json",
    ]
    assert lines(result.stderr)[-1] == (
        "Dry run: 4 files, 5 records: 4 articles to write, 1 reported; 1 file failed in T."
    )
    assert not (tree / "out").exists()


def test_cli_convert_several_sources_are_mirrored_under_their_names(tree: Path) -> None:
    (tree / "extra").mkdir()
    (tree / "extra" / "x.txt").write_text(record(9))
    result = run("convert", "dumps/2026", "extra", "dumps/multi.txt", "-o", "out", cwd=tree)
    assert result.exit_code == 1
    assert sorted(files(tree / "out")) == [
        "2026/01/a.json",
        "2026/01/b.json",
        "extra/x.json",
        "multi.1.json",
        "multi.3.json",
    ]


def test_cli_convert_output_names_are_safe_for_odd_input_names(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    odd = [b"new\nline.txt", b"tab\tand\x1bescape.txt", b"caf\xe9.txt", b"100%.txt", b"-dash.txt"]
    for n, name in enumerate(odd):
        (src / os.fsdecode(name)).write_text(record(n))
    (src / os.fsdecode(b"sub\x01dir")).mkdir()
    (src / os.fsdecode(b"sub\x01dir") / "z.txt").write_text(record(9))
    result = run("convert", "in", "-o", "out", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert sorted(files(tmp_path / "out")) == [
        "-dash.json",
        "100%25.json",
        "caf%E9.json",
        "new%0Aline.json",
        "sub%01dir/z.json",
        "tab%09and%1Bescape.json",
    ]


def test_cli_convert_never_writes_outside_outdir(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(record(7))
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "a.txt").write_text(record(1))
    (src / "link").symlink_to(outside)  # an input symlink out of the tree
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "sub").symlink_to(outside)  # an output folder that leads out
    result = run("convert", "in", "-o", "out", cwd=tmp_path)
    assert result.exit_code == 1
    assert sorted(p.name for p in outside.iterdir()) == ["secret.txt"]
    assert headline(tmp_path / "out" / "link" / "secret.json") == "Headline 7"
    assert lines(result.stderr)[0] == (
        "in/sub/a.txt:1: NP603 cannot write out/sub/a.json: its folder leads outside the "
        "output folder (a symbolic link?)"
    )


def test_cli_convert_survives_a_symlink_loop(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "deep").mkdir(parents=True)
    (src / "deep" / "a.txt").write_text(record(1))
    (src / "deep" / "loop").symlink_to(src)
    (src / "self").symlink_to(".")
    result = run("convert", "in", "-o", "out", cwd=tmp_path)
    assert result.exit_code == 0
    assert sorted(files(tmp_path / "out")) == ["deep/a.json"]


def test_cli_convert_outdir_inside_the_source_is_not_read_back(tree: Path) -> None:
    first = run("convert", "dumps", "-o", "dumps/out", "-f", "jsonl", cwd=tree)
    second = run("convert", "dumps", "-o", "dumps/out", "-f", "jsonl", cwd=tree)
    assert lines(first.stderr)[-1].startswith("Converted 4 files, 5 records:")
    assert lines(second.stderr)[-1].startswith("Converted 4 files, 5 records:")
    assert sorted(files(tree / "dumps" / "out")) == [
        "2026/01/a.jsonl",
        "2026/01/b.jsonl",
        "multi.jsonl",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("convert", "-", "-o", "out"), "convert reads files and folders, not stdin (-)"),
        (("convert", "-o", "out"), "no input: give the files or folders to convert"),
        (("convert", "out/in", "-o", "out"), "input out/in is inside the output folder out"),
        (("convert", "in"), "Missing option '-o' / '--output-dir'."),
        (("convert", "in", "-o", "out", "-j", "0"), "0 is not in the range x>=1."),
    ],
)
def test_cli_convert_usage_errors_exit_2(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "out" / "in").mkdir(parents=True)
    result = run(*args, cwd=tmp_path)
    assert result.exit_code == 2
    assert message in result.stderr


def test_cli_convert_progress_is_off_unless_a_terminal_or_forced(tree: Path) -> None:
    quiet = run("convert", "dumps/2026", "-o", "out1", cwd=tree)
    assert lines(quiet.stderr) == [
        "Converted 2 files, 2 records: 2 articles written, 0 reported in T."
    ]
    shown = run("convert", "dumps/2026", "-o", "out2", "--progress", cwd=tree)
    assert shown.exit_code == 0
    assert "Converting" in shown.stderr
    assert "2/2 files, 2 articles" in shown.stderr


def _python(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsparse", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_convert_as_a_subprocess_gives_exact_output_and_exit_code(tree: Path) -> None:
    done = _python("convert", "dumps", "-o", "out", "-j", "2", "--dry-run", cwd=tree)
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == "out/2026/01/a.json"
    assert lines(done.stderr) == [
        "dumps/junk.txt:1: NP404 binary file, not a dump",
        "dumps/multi.txt:6: NP105 date '2026-02-30' cannot exist: day is out of range for month",
        "Dry run: 4 files, 5 records: 4 articles to write, 1 reported; 1 file failed in T.",
    ]
    assert _python("convert", "dumps/2026", "-o", "out", cwd=tree).returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize(
    ("jobs", "signum", "code"),
    [("2", signal.SIGINT, 130), ("1", signal.SIGINT, 130), ("2", signal.SIGTERM, 143)],
)
def test_cli_convert_interrupted_leaves_no_partial_file_and_resumes(
    tmp_path: Path, jobs: str, signum: int, code: int
) -> None:
    src = tmp_path / "in"
    total = 1200
    for folder in range(3):
        (src / str(folder)).mkdir(parents=True)
        for n in range(total // 3):
            (src / str(folder) / f"{n:04d}.txt").write_text(record(folder * 10000 + n))
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsparse", "convert", "in", "-o", "out", "-j", jobs],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for(lambda: any(out.rglob("*.json")), "convert writes its first article")
    proc.send_signal(signum)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == code, stderr
    assert re.fullmatch(
        r"Interrupted after [\d,]+ files?, [\d,]+ records?: [\d,]+ articles? "
        r"written, 0 reported in .*\n",
        stderr,
    )
    written = sorted(out.rglob("*.json"))
    assert 0 < len(written) < total
    assert [p for p in out.rglob("*") if p.name.startswith(".")] == []
    for path in written:
        json.loads(path.read_text())  # complete, not cut off
    done = _python("convert", "in", "-o", "out", "-j", jobs, "--skip-existing", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(list(out.rglob("*.json"))) == total
    skipped = f"{len(written):,} file{'' if len(written) == 1 else 's'} skipped (up to date)"
    assert skipped in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_convert_one_sigint_stops_a_run_blocked_reading_an_input(
    tmp_path: Path, jobs: str
) -> None:
    (tmp_path / "a.txt").write_text(record(1))
    fifo = tmp_path / "b.txt"
    os.mkfifo(fifo)  # an input that is open but never ends
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsparse", "convert", "a.txt", "b.txt", "-o", "out", "-j", jobs],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    fd = open_when_read(fifo)
    try:
        os.write(fd, (record(2) + record(3)).encode())
        wait_until_read(fd)  # convert has the records, and now waits for more
        # With -j 2, a.txt is converted alongside: its article is part of the expected summary.
        wait_for((tmp_path / "out" / "a.json").exists, "convert writes out/a.json")
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)  # a hang guard, generous for a loaded machine
    finally:
        os.close(fd)
    assert proc.returncode == 130
    assert lines(stderr) == [
        "Interrupted after 2 files, 1 record: 1 article written, 0 reported in T."
    ]
    assert sorted(os.listdir(tmp_path / "out")) == ["a.json"]


def test_cli_convert_outputs_that_cannot_be_made_are_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(record(1))
    (tmp_path / "file").write_text("x")
    result = run("convert", "a.txt", "-o", "file/out", cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        "newsparse: error: cannot write into file/out: Not a directory\n",
    )
    result = run("convert", "a.txt", "-o", "out", "--errors", "file/e.jsonl", cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (
        2,
        "newsparse: error: cannot write file/e.jsonl: Not a directory\n",
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "file"]
