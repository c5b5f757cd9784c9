"""End-to-end tests of `newsparse fmt`, as an archive keeper, CI or an editor calls it."""

from __future__ import annotations

import gzip
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsparse.atomic import AtomicFile
from newsparse.cli import cli
from newsparse.codes import UNFORMATTABLE_RECORD

H1 = " date 2026-01-23 https://site.com/20260123/one-1.html"
CANONICAL = f"{H1}\n\nFirst\n\nBody one.\n"
MESSY = "DATE: Jan 23, 2026 https://site.com/20260123/one-1.html\r\n\r\n<b>First</b>  \r\n\r\n\r\nBody one."
BROKEN = " date 2026-02-30 https://site.com/2.html\n\n  Second,   as it was  \n"


def run(*args: str, stdin: str | bytes | None = None) -> Result:
    return CliRunner().invoke(cli, ["fmt", *args], input=stdin)


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode())
    return path


def test_fmt_check_clean_file_exits_0(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", CANONICAL)
    result = run("--check", str(path))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "1 file would be left unchanged.\n"


def test_fmt_check_lists_files_that_would_change_and_exits_1(tmp_path: Path) -> None:
    messy = write(tmp_path / "b.txt", MESSY)
    write(tmp_path / "a.txt", CANONICAL)
    result = run("--check", str(tmp_path))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"would reformat {messy}\n1 file would be reformatted, 1 file would be left unchanged.\n"
    )
    assert messy.read_bytes() == MESSY.encode()


def test_fmt_diff_prints_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path / "b.txt", MESSY)
    result = run("--diff", str(path))
    assert result.exit_code == 0
    assert result.stdout == (
        f"--- {path}\n"
        f"+++ {path}\n"
        "@@ -1,6 +1,5 @@\n"
        "-DATE: Jan 23, 2026 https://site.com/20260123/one-1.html\n"
        "+ date 2026-01-23 https://site.com/20260123/one-1.html\n"
        " \n"
        "-<b>First</b>  \n"
        "+First\n"
        " \n"
        "-\n"
        "-Body one.\n"
        "\\ No newline at end of file\n"
        "+Body one.\n"
    )
    assert result.stderr == f"would reformat {path}\n1 file would be reformatted.\n"
    assert path.read_bytes() == MESSY.encode()


def test_fmt_check_with_diff_exits_1(tmp_path: Path) -> None:
    path = write(tmp_path / "b.txt", MESSY)
    result = run("--check", "--diff", str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"--- {path}\n+++ {path}\n@@ ")


def test_fmt_rewrites_in_place_keeping_permissions(tmp_path: Path) -> None:
    path = write(tmp_path / "b.txt", MESSY)
    path.chmod(0o640)
    before = path.stat().st_ino
    result = run(str(path))
    assert result.exit_code == 0
    assert result.stderr == f"reformatted {path}\n1 file reformatted.\n"
    assert path.read_bytes() == CANONICAL.encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.stat().st_ino != before  # replaced by rename, not rewritten in place
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.txt"]  # no temporary file left


def test_fmt_leaves_unchanged_file_alone(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", CANONICAL)
    before = path.stat()
    result = run(str(path))
    assert (result.exit_code, result.stderr) == (0, "1 file left unchanged.\n")
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_fmt_interrupted_write_leaves_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "b.txt", MESSY)

    def fail(self: AtomicFile) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(AtomicFile, "commit", fail)
    result = run(str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"newsparse: error: cannot write {path}: Permission denied\n1 file failed to reformat.\n"
    )
    assert path.read_bytes() == MESSY.encode()


def test_fmt_keeps_unparseable_record_intact_and_formats_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path / "mixed.txt", BROKEN + "\n\n" + MESSY)
    result = run(str(path))
    assert result.exit_code == 0  # a record kept verbatim is a warning; check fails it
    assert result.stderr == (
        f"{path}:1: NP105 date '2026-02-30' cannot exist: day is out of range for month\n"
        f"reformatted {path}\n"
        "1 file reformatted, 1 warning.\n"
    )
    assert path.read_text() == BROKEN + "\n" + CANONICAL


def test_fmt_binary_file_fails_and_is_left_untouched(tmp_path: Path) -> None:
    junk = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    path = tmp_path / "photo.png"
    path.write_bytes(junk)
    result = run(str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{path}:1: NP404 binary file, not a dump\n1 file failed to reformat.\n"
    )
    assert path.read_bytes() == junk


def test_fmt_rewrites_compressed_file_in_same_compression(tmp_path: Path) -> None:
    path = tmp_path / "b.txt.gz"
    path.write_bytes(gzip.compress(MESSY.encode()))
    result = run(str(path))
    assert result.exit_code == 0
    data = path.read_bytes()
    assert data[:2] == b"\x1f\x8b"
    assert gzip.decompress(data) == CANONICAL.encode()
    assert run("--check", str(path)).exit_code == 0


def test_fmt_follows_symlink_and_rewrites_its_target(tmp_path: Path) -> None:
    target = write(tmp_path / "real.txt", MESSY)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    result = run(str(link))
    assert result.exit_code == 0
    assert link.is_symlink()
    assert target.read_bytes() == CANONICAL.encode()


def test_fmt_folder_leaves_links_out_of_it_as_they_are(tmp_path: Path) -> None:
    archive, other = tmp_path / "archive", tmp_path / "other"
    (other / "deep").mkdir(parents=True)
    outside = write(other / "shared.txt", MESSY)
    deep = write(other / "deep" / "d.txt", MESSY)
    archive.mkdir()
    own = write(archive / "a.txt", MESSY)
    (archive / "b.txt").symlink_to(outside)  # a link to a file outside
    (archive / "c").symlink_to(other / "deep", target_is_directory=True)  # to a folder
    (archive / "own-link.txt").symlink_to(own)  # inside: followed as before
    result = run(str(archive))
    assert result.exit_code == 1
    assert (own.read_bytes(), outside.read_bytes(), deep.read_bytes()) == (
        CANONICAL.encode(),
        MESSY.encode(),
        MESSY.encode(),
    )
    assert result.stderr.splitlines() == [
        f"reformatted {archive / 'a.txt'}",
        f"{archive / 'b.txt'}:1: NP609 a link to {outside}, outside {archive}; left as it is",
        f"{archive / 'c' / 'd.txt'}:1: NP609 a link to {deep}, outside {archive}; left as it is",
        "1 file reformatted, 1 file left unchanged, 2 files failed to reformat.",
    ], result.stderr
    # Checking reads only: the same files are checked, links and all.
    assert run("--check", "-q", str(archive)).exit_code == 1


def test_fmt_stdin_dash_writes_formatted_text_to_stdout() -> None:
    result = run("-", stdin=MESSY.encode("utf-16"))
    assert result.exit_code == 0
    assert result.stdout == CANONICAL
    assert result.stderr == "reformatted -\n1 file reformatted.\n"


def test_fmt_stdin_check_prints_nothing_on_stdout() -> None:
    result = run("--check", "-q", "-", stdin=MESSY)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "")


def test_fmt_stdout_option_leaves_file_unchanged(tmp_path: Path) -> None:
    path = write(tmp_path / "b.txt", MESSY)
    result = run("--stdout", "-q", str(path))
    assert (result.exit_code, result.stdout, result.stderr) == (0, CANONICAL, "")
    assert path.read_bytes() == MESSY.encode()


def test_fmt_stdout_echoes_input_it_cannot_format() -> None:
    result = run("-", stdin="no header here\n")
    assert result.exit_code == 0  # kept as it is: a warning for fmt, an error for check
    assert result.stdout == "no header here\n"
    assert result.stderr == (
        "-:1: NP101 no header line: not a dump\n1 file left unchanged, 1 warning.\n"
    )


def test_fmt_quiet_still_reports_problems(tmp_path: Path) -> None:
    path = write(tmp_path / "mixed.txt", BROKEN)
    result = run("-q", str(path))
    assert result.exit_code == 0
    assert result.stderr == (
        f"{path}:1: NP105 date '2026-02-30' cannot exist: day is out of range for month\n"
    )


def test_fmt_stdout_with_check_is_a_usage_error(tmp_path: Path) -> None:
    result = run("--stdout", "--check", str(write(tmp_path / "a.txt", CANONICAL)))
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "\nnewsparse: error: --stdout cannot be combined with --check or --diff\n"
    )


def test_fmt_empty_folder_has_nothing_to_format(tmp_path: Path) -> None:
    result = run(str(tmp_path))
    assert (result.exit_code, result.stderr) == (
        0,
        f"newsparse: warning: no dump files found in {tmp_path}\n",
    )


def test_fmt_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    result = run(str(missing))
    assert result.exit_code == 2
    assert result.stderr.endswith(f"newsparse: error: path '{missing}' does not exist\n")


def test_fmt_unreadable_file_fails(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    result = run("--check", str(path))
    assert result.exit_code == 1
    assert result.stderr.endswith("1 file would fail to reformat.\n")


def test_fmt_help_shows_examples_and_exit_codes() -> None:
    result = run("-h")
    assert result.exit_code == 0
    assert "newsparse fmt --check dumps/" in result.stdout
    assert "Exit codes: 0 done" in result.stdout


# --- through a real process ----------------------------------------------------------


def _process(
    *args: str, stdin: bytes = b"", cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "newsparse", "fmt", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=60,
        check=False,
    )


def test_fmt_process_check_then_format_then_check(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", MESSY)
    write(tmp_path / "a.txt", CANONICAL)
    first = _process("--check", ".", cwd=tmp_path)
    assert (first.returncode, first.stdout) == (1, b"")
    assert first.stderr == (
        b"would reformat ./b.txt\n1 file would be reformatted, 1 file would be left unchanged.\n"
    )
    done = _process(".", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        0,
        b"reformatted ./b.txt\n1 file reformatted, 1 file left unchanged.\n",
    )
    again = _process("--check", ".", cwd=tmp_path)
    assert (again.returncode, again.stderr) == (0, b"2 files would be left unchanged.\n")


def test_fmt_process_filters_stdin_to_stdout() -> None:
    done = _process("-", stdin=MESSY.encode("cp1252"))
    assert (done.returncode, done.stdout) == (0, CANONICAL.encode())


def test_fmt_process_reports_unformattable_record_as_a_warning(tmp_path: Path) -> None:
    text = f"{H1}\n\nHeadline\n\nAT&amp;amp;T said so.\n"
    path = write(tmp_path / "x.txt", text)
    done = _process(str(path))
    assert done.returncode == 0
    assert done.stderr.decode() == (
        f"{path}:1: {UNFORMATTABLE_RECORD.code} record left as it is: its body would change "
        "in canonical form\n1 file left unchanged, 1 warning.\n"
    )
    assert path.read_text() == text


def test_fmt_exclude_skips_matching_files(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", MESSY)
    (tmp_path / "damaged").mkdir()
    (tmp_path / "damaged" / "junk.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    result = run("--check", "--exclude", "damaged", str(tmp_path))
    assert (result.exit_code, result.stderr) == (
        1,
        f"would reformat {tmp_path / 'b.txt'}\n1 file would be reformatted.\n",
    )


def test_fmt_stdout_says_printed_not_reformatted(tmp_path: Path) -> None:
    path = write(tmp_path / "messy.txt", MESSY)
    result = run("--stdout", str(path))
    assert result.exit_code == 0
    assert result.stdout == CANONICAL
    assert result.stderr == "1 file reformatted to stdout.\n"  # the file itself is untouched
    assert path.read_bytes() == MESSY.encode()


def test_fmt_diff_of_line_endings_only_says_why_the_diff_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(CANONICAL.replace("\n", "\r\n").encode())
    result = run("--diff", str(path))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        f"would reformat {path} (line endings, encoding or byte-order mark only: no line "
        "of text changes)\n1 file would be reformatted.\n"
    )
