"""Unit tests for newsparse.reader: finding files, decompressing, decoding."""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
from pathlib import Path

import pytest

from newsparse.errors import InputError
from newsparse.model import Failure
from newsparse.reader import DEFAULT_MAX_RECORD, TextInput, display_path
from newsparse.walk import iter_files, iter_paths

TEXT = " date 2026-01-23 https://s.com/a\n\nZüge fahren „wieder“\n\nBody – text.\n"


def read(
    path: Path, *, max_line: int = DEFAULT_MAX_RECORD
) -> tuple[list[str], list[str], TextInput]:
    with TextInput(str(path), max_line=max_line) as source:
        lines = list(source.lines())
    return lines, [f.code for f in source.findings], source


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_text_input_plain_utf8_has_no_findings(tmp_path: Path) -> None:
    lines, codes, source = read(write(tmp_path, "a.txt", TEXT.encode()))
    assert lines == TEXT.split("\n")[:-1]
    assert codes == [] and source.encoding == "utf-8"


def test_text_input_utf8_bom_is_removed_and_noted(tmp_path: Path) -> None:
    lines, codes, _ = read(write(tmp_path, "a.txt", b"\xef\xbb\xbf" + TEXT.encode()))
    assert lines[0] == " date 2026-01-23 https://s.com/a"
    assert codes == ["NP402"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_text_input_utf16_with_or_without_bom(tmp_path: Path, encoding: str) -> None:
    lines, codes, _ = read(write(tmp_path, "a.txt", TEXT.encode(encoding)))
    assert lines == TEXT.split("\n")[:-1]
    assert codes == ["NP401"]


def test_text_input_cp1252_is_detected(tmp_path: Path) -> None:
    text = " date 2026-01-23 https://s.com/a\n\nLe prix a atteint 1,12 € à Besançon, déjà «cher».\n"
    lines, codes, source = read(write(tmp_path, "a.txt", text.encode("cp1252")))
    assert lines[2] == "Le prix a atteint 1,12 € à Besançon, déjà «cher»."
    assert codes == ["NP401"] and source.encoding == "cp1252"


def test_text_input_cp1251_is_detected(tmp_path: Path) -> None:
    text = " date 2026-01-15 https://s.com/a\n\nВ Новосибирске открыли новый мост через Обь раньше срока.\n"
    lines, _, source = read(write(tmp_path, "a.txt", text.encode("cp1251")))
    assert lines[2] == "В Новосибирске открыли новый мост через Обь раньше срока."
    assert source.encoding == "cp1251"


@pytest.mark.parametrize(("newline", "name"), [("\r\n", "CRLF"), ("\r", "CR")])
def test_text_input_crlf_and_cr_become_lf_and_are_noted(
    tmp_path: Path, newline: str, name: str
) -> None:
    lines, codes, source = read(write(tmp_path, "a.txt", TEXT.replace("\n", newline).encode()))
    assert lines == TEXT.split("\n")[:-1]
    assert codes == ["NP403"]
    assert name in source.findings[0].message


def test_text_input_invalid_utf8_mid_file_is_replaced_and_reported_by_line(tmp_path: Path) -> None:
    data = TEXT.encode() + b"caf\xe9 au lait\n"
    lines, codes, source = read(write(tmp_path, "a.txt", data))
    assert lines[-1] == "caf\ufffd au lait"
    assert codes == ["NP405"]
    assert source.findings[0].line == 6
    assert "0xe9" in source.findings[0].message


_FRENCH = (
    " date 2026-01-23 https://s.com/a\n\nLe co\u00fbt de la vie \u00e0 Paris a augment\u00e9.\n"
)
_DEEP = _FRENCH * 4000  # about 300 KB, far past the 64 KB sample


@pytest.mark.parametrize(
    ("name", "data", "shown"),
    [
        ("utf8.txt", _DEEP.encode() + b"bad \xff byte\n", "0xff"),
        ("utf8.txt.gz", gzip.compress(_DEEP.encode() + b"bad \xff byte\n"), "0xff"),
        ("cp1252.txt", _DEEP.encode("cp1252") + b"bad \x81 byte\n", "0x81"),
        (
            "utf16.txt",
            (_DEEP + "bad ").encode("utf-16") + b"\x00\xd8" + " byte\n".encode("utf-16-le"),
            "0x00",
        ),
        ("small.txt", _FRENCH.encode() + b"bad \xff byte\n", "0xff"),
        ("ends_mid_character.txt", _FRENCH.encode() + b"bad \xc3", "0xc3"),
    ],
    ids=["utf8-deep", "gzip-deep", "cp1252-deep", "utf16-deep", "utf8-small", "utf8-cut"],
)
def test_text_input_invalid_bytes_anywhere_are_reported(
    tmp_path: Path, name: str, data: bytes, shown: str
) -> None:
    # Lines are not scanned for undecodable bytes when the whole input was the
    # sample and is valid UTF-8; a bad byte anywhere else must still be found.
    lines, codes, source = read(write(tmp_path, name, data))
    assert lines[-1].startswith("bad \ufffd")
    assert codes[-1] == "NP405"
    assert source.findings[-1].line == len(lines)
    assert shown in source.findings[-1].message


def test_text_input_clean_small_file_is_not_scanned_but_reads_the_same(tmp_path: Path) -> None:
    lines, codes, source = read(write(tmp_path, "a.txt", _FRENCH.encode()))
    assert lines == _FRENCH.split("\n")[:-1]
    assert codes == []
    assert not source._may_hold_escapes


def test_text_input_binary_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "a.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(InputError) as info, TextInput(str(path)):
        pass
    assert info.value.finding.code == "NP404"
    assert str(info.value) == f"{path}:1: NP404 binary file, not a dump"


@pytest.mark.parametrize(
    ("name", "compress"),
    [
        ("a.txt.gz", gzip.compress),
        ("a.txt.bz2", bz2.compress),
        ("a.txt.xz", lzma.compress),
        ("no-extension", gzip.compress),
    ],
)
def test_text_input_decompresses_by_content(tmp_path: Path, name: str, compress: object) -> None:
    lines, codes, _ = read(write(tmp_path, name, compress(TEXT.encode())))  # type: ignore[operator]
    assert lines == TEXT.split("\n")[:-1] and codes == []


def test_text_input_gz_name_without_gzip_content_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt.gz", TEXT.encode())
    with pytest.raises(InputError) as info, TextInput(str(path)):
        pass
    assert info.value.finding.code == "NP406"
    assert "not a gzip file" in info.value.finding.message


def test_text_input_truncated_gz_keeps_what_came_before_the_damage(tmp_path: Path) -> None:
    data = gzip.compress((TEXT * 2000).encode())
    path = write(tmp_path, "a.txt.gz", data[: len(data) // 2])
    got: list[str] = []
    with TextInput(str(path)) as source, pytest.raises(InputError) as info:
        for line in source.lines():
            got.append(line)
    assert len(got) > 100
    assert info.value.finding.code == "NP406"
    assert info.value.finding.line == len(got) + 1


def test_text_input_overlong_line_is_skipped_and_reported(tmp_path: Path) -> None:
    data = (TEXT + "x" * 5000 + "\nafter\n").encode()
    lines, codes, source = read(write(tmp_path, "a.txt", data), max_line=2048)
    assert lines[-2:] == ["", "after"]
    assert codes == ["NP209"] and source.findings[0].line == 6


def test_text_input_directory_as_a_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info, TextInput(str(tmp_path)):
        pass
    assert info.value.finding.code == "NP404"


def test_text_input_from_stream_reads_and_leaves_the_stream_open(tmp_path: Path) -> None:
    import io

    stream = io.BytesIO(gzip.compress(TEXT.encode()))
    with TextInput.from_stream(stream, "<mem>") as source:
        assert list(source.lines())[2] == "Züge fahren „wieder“"
    assert not stream.closed


def test_iter_paths_walks_folders_sorted_skipping_hidden_and_excluded(tmp_path: Path) -> None:
    for name in ["b.txt", "a.txt", ".hidden.txt", "sub/c.txt", "sub/skip/d.txt", ".git/e.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = list(iter_paths([str(tmp_path)], exclude=["skip"]))
    assert found == [str(tmp_path / n) for n in ["a.txt", "b.txt", "sub/c.txt"]]
    assert list(iter_paths([str(tmp_path)], exclude=["sub/*.txt"]))[-1] == str(
        tmp_path / "sub/skip/d.txt"
    )


def test_iter_files_gives_what_iter_paths_gives_with_each_size(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name, size in [("b.txt", 3), ("a.txt", 0), ("sub/c.txt", 70_000)]:
        (tmp_path / name).write_bytes(b"x" * size)
    given = [str(tmp_path), str(tmp_path / "b.txt"), "-", str(tmp_path / "missing.txt")]
    files = list(iter_files(given))
    *found, missing = files
    assert [f if isinstance(f, Failure) else f[0] for f in found] == list(iter_paths(given))[:-1]
    assert found == [
        (str(tmp_path / "a.txt"), 0),
        (str(tmp_path / "b.txt"), 3),
        (str(tmp_path / "sub/c.txt"), 70_000),
        (str(tmp_path / "b.txt"), 3),
        ("-", 0),
    ]
    assert isinstance(missing, Failure)


def test_iter_paths_survives_a_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x")
    os.symlink("..", tmp_path / "a" / "loop")
    assert list(iter_paths([str(tmp_path)])) == [str(tmp_path / "a" / "x.txt")]


def test_iter_paths_reports_missing_paths_and_special_files(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    found = list(iter_paths([str(tmp_path / "missing.txt"), str(tmp_path)]))
    assert all(isinstance(f, Failure) for f in found)
    messages = [f.finding.message for f in found if isinstance(f, Failure)]
    assert messages == [
        "cannot read: No such file or directory",
        "not a regular file (a FIFO); skipped",
    ]


def test_iter_paths_passes_stdin_and_explicit_files_through(tmp_path: Path) -> None:
    assert list(iter_paths(["-", "x/y.txt"])) == ["-"] + [
        f for f in iter_paths(["x/y.txt"]) if isinstance(f, Failure)
    ]


def test_display_path_escapes_newlines_and_undecodable_bytes() -> None:
    assert display_path("a\nb.txt") == "a\\nb.txt"
    assert display_path(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    assert display_path("normal/ok.txt") == "normal/ok.txt"


def test_text_input_nul_heavy_junk_is_binary_not_utf16(tmp_path: Path) -> None:
    path = write(tmp_path, "junk.dat", b"\x00\x01\x02\x03\xff\xfe" * 200)
    with pytest.raises(InputError) as info, TextInput(str(path)):
        pass
    assert info.value.finding.code == "NP404"


def test_iter_paths_walks_a_tree_deeper_than_the_recursion_limit(tmp_path: Path) -> None:
    import sys

    depth = sys.getrecursionlimit() + 100
    folder = tmp_path
    for _ in range(depth):  # os.makedirs itself recurses
        folder = folder / "d"
        folder.mkdir()
    (folder / "deep.txt").write_text("x")
    (tmp_path / "top.txt").write_text("x")
    try:
        found = list(iter_paths([str(tmp_path)]))
        assert found == [str(folder / "deep.txt"), str(tmp_path / "top.txt")]
    finally:  # shutil.rmtree (pytest's clean-up) recurses too: take it down by hand
        (folder / "deep.txt").unlink()
        while folder != tmp_path:
            folder.rmdir()
            folder = folder.parent


LEGACY_CASES = {
    "russian-cp1251": (
        "В Новосибирске открыли новый мост через Обь. Движение по новому мосту открыли в четверг.",
        "cp1251",
    ),
    "russian-koi8": (
        "В Новосибирске открыли новый мост через Обь. Движение по новому мосту открыли в четверг.",
        "koi8_r",
    ),
    "german": (
        "Bahnstreik beendet: Züge fahren wieder nach Plan. Die Gewerkschaft sprach von einem großen Erfolg.",
        "cp1252",
    ),
    "german-short": ("Überschrift\n\nKörper.", "cp1252"),
    "spanish": (
        "El niño comió piñata en la mañana; ¿qué pasó después? Según él, todo salió bien.",
        "cp1252",
    ),
    "polish": ("Zażółć gęślą jaźń. Wczoraj w Łodzi otwarto nową linię tramwajową.", "cp1250"),
    "czech": ("Příliš žluťoučký kůň úpěl ďábelské ódy. Vláda schválila nový rozpočet.", "cp1250"),
    "greek": ("Η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία.", "cp1253"),
    "turkish": (
        "Türkiye Büyük Millet Meclisi bugün yeni bütçeyi görüştü. Şehir halkı ağır kış koşullarından şikâyetçi.",
        "cp1254",
    ),
    "typography": ("He said “yes” — it’s done… 5 € only.", "cp1252"),
}


@pytest.mark.parametrize("case", sorted(LEGACY_CASES))
def test_text_input_legacy_code_pages_decode_exactly(tmp_path: Path, case: str) -> None:
    """Short samples are where charset-normalizer versions disagree; each must still decode."""
    body, encoding = LEGACY_CASES[case]
    text = f" date 2026-01-23 https://s.com/a\n\n{body}\n"
    lines, codes, _ = read(write(tmp_path, "a.txt", text.encode(encoding)))
    assert "\n".join(lines) + "\n" == text
    assert codes == ["NP401"]
