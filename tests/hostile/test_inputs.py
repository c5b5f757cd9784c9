"""Hostile inputs to ``newsparse parse``: a clear message or a correct result, never a
traceback or a hang. Each case asserts the exact exit code, output and messages."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import pytest
from compiled import interpreted_only

from newsparse import api
from newsparse.reader import SAMPLE_SIZE, TextInput

from .support import (
    SEED,
    assert_accounted,
    count_headers,
    invoke,
    record,
    records,
    run_process,
)

# --- empty and minimal files ------------------------------------------------


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"", "nothing"),
        (b" \n\t\n   \r\n", "only blank lines (3)"),
        (b"\n\n\n", "only blank lines (3)"),
    ],
    ids=["zero-bytes", "whitespace", "newlines"],
)
def test_parse_empty_or_blank_file_is_zero_records_one_warning_and_exit_0(
    tmp_path: Path, content: bytes, what: str
) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    run = invoke(["parse", str(path)])
    assert (run.code, run.stdout, run.stderr) == (
        0,
        "",
        f"{path}:1: NP113 empty file: it holds {what}, no record\n",
    )


def test_parse_header_line_alone_is_reported_as_truncated(tmp_path: Path) -> None:
    path = tmp_path / "h.txt"
    path.write_text(" date 2026-01-23 https://example.com/a.html", encoding="utf-8")
    run = invoke(["parse", str(path)])
    assert run.code == 1
    assert run.stdout == ""
    assert run.stderr == (
        f"{path}:1: NP205 truncated record: a header and nothing else\n"
        "newsparse: 1 record: 0 written, 1 reported\n"
    )


def test_parse_headers_only_reports_every_record(tmp_path: Path) -> None:
    path = tmp_path / "headers.txt"
    path.write_text(
        "".join(f" date 2026-01-2{i} https://example.com/{i}\n" for i in range(3)),
        encoding="utf-8",
    )
    run = invoke(["parse", str(path)])
    assert run.code == 1
    assert run.stderr.splitlines() == [
        f"{path}:{i}: NP205 truncated record: a header and nothing else" for i in (1, 2, 3)
    ] + ["newsparse: 3 records: 0 written, 3 reported"]
    assert_accounted(run, [str(path)])


def test_parse_text_with_no_header_is_reported_as_not_a_dump(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\nnothing else\n", encoding="utf-8")
    run = invoke(["parse", str(path)])
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr.splitlines()[0] == f"{path}:1: NP101 no header line: not a dump"


def test_parse_empty_stdin_is_zero_records(tmp_path: Path) -> None:
    run = invoke(["parse", "-"], input=b"")
    assert (run.code, run.stdout, run.stderr) == (
        0,
        "",
        "-:1: NP113 empty file: it holds nothing, no record\n",
    )


# --- bytes and encodings ----------------------------------------------------


def test_parse_nul_bytes_in_a_record_are_removed_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes(record(body="Body\x00 with\x00 NUL.").encode())
    run = invoke(["parse", str(path)])
    assert run.code == 0
    (article,) = run.articles()
    assert article["body"] == "Body with NUL."
    (item,) = api.load(str(path))
    assert [f.code for f in item.findings] == ["NP304"]


def test_parse_invalid_utf8_after_the_sample_is_replaced_and_reported(tmp_path: Path) -> None:
    # Clean UTF-8 (with multi-byte text) for more than the detection sample, then bad bytes:
    # the encoding is decided before the damage is seen.
    clean = records(1000, prefix="https://example.com/ü/").replace("Story", "Geschichte Ä")
    assert len(clean.encode()) > SAMPLE_SIZE
    damaged = record("https://example.com/bad", body="Bad \xff\xfe bytes here.").encode("latin-1")
    path = tmp_path / "mid.txt"
    path.write_bytes(clean.encode() + b"\n" + damaged)
    run = invoke(["parse", str(path)])
    assert run.code == 0
    articles = run.articles()
    assert len(articles) == 1001
    assert articles[-1]["body"] == "Bad \ufffd\ufffd bytes here."
    assert articles[0]["headline"] == "Geschichte Ä 0"
    with TextInput(str(path)) as text:
        list(text.lines())
    line = clean.count("\n") + 1 + 4 + 1
    assert [(f.code, f.line, f.message) for f in text.findings] == [
        ("NP405", line, "invalid utf-8 bytes replaced with U+FFFD: 0xff, 0xfe")
    ]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_parse_utf16_without_bom_gives_the_same_article(tmp_path: Path, codec: str) -> None:
    path = tmp_path / f"{codec}.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode(codec))
    run = invoke(["parse", str(path)])
    reference = invoke(["parse", str(SEED)])
    assert run.code == 0
    (article,) = run.articles()
    (expected,) = reference.articles()
    expected["origin"] = {"path": str(path), "line": 1}
    assert article == expected
    with TextInput(str(path)) as text:
        pass
    assert text.encoding == codec


def test_parse_utf16_with_odd_byte_count_keeps_the_record(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + record().encode("utf-16-le") + b"\x00")
    run = invoke(["parse", str(path)])
    assert run.code == 0
    assert [a["headline"] for a in run.articles()] == ["Headline"]


def test_parse_mixed_line_endings_are_all_line_breaks(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(
        b" date 2026-01-23 https://example.com/a\r\n\r\nHeadline\r\rFirst line\rsecond line\n"
        b"\nLast paragraph\r\n"
    )
    run = invoke(["parse", str(path)])
    assert run.code == 0
    (article,) = run.articles()
    assert article["headline"] == "Headline"
    assert article["body"] == "First line second line\n\nLast paragraph"
    with TextInput(str(path)) as text:
        assert len(list(text.lines())) == 8
    assert [(f.code, f.message) for f in text.findings] == [
        ("NP403", "file uses CR and CRLF and LF line endings")
    ]


@pytest.mark.parametrize(
    "raw",
    [
        "Lone \ud800 surrogate".encode("utf-8", "surrogatepass"),  # CESU-style 0xED 0xA0 0x80
        "Lone \udfff low".encode("utf-8", "surrogatepass"),
    ],
    ids=["high", "low"],
)
def test_parse_encoded_lone_surrogate_never_reaches_output(tmp_path: Path, raw: bytes) -> None:
    clean = records(1000, prefix="https://example.com/é/").replace("Story", "Été")
    path = tmp_path / "surrogate.txt"
    path.write_bytes(
        clean.encode()
        + b"\n"
        + record("https://example.com/s").encode().replace(b"Body text.", raw)
    )
    for fmt in ("jsonl", "json", "md"):
        run = invoke(["parse", "-f", fmt, str(path)])
        assert run.code == 0
        run.stdout.encode("utf-8")  # no lone surrogate can be in the output
        assert "\ufffd" in run.stdout


@pytest.mark.parametrize("fmt", ["jsonl", "json", "md"])
def test_api_lone_surrogate_in_text_gives_encodable_output(fmt: str) -> None:
    doc = record(headline="Head \ud83d line", body="Body \udc80 text.")
    result = api.loads(doc)
    rendered = api.dumps(result, format=fmt)  # type: ignore[arg-type]
    rendered.encode("utf-8")
    assert "\ud83d" not in rendered and "\udc80" not in rendered


def test_parse_a_binary_file_is_one_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2048))
    run = invoke(["parse", str(path)])
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr.splitlines() == [
        f"{path}:1: NP404 binary file, not a dump",
        "newsparse: 0 records: 0 written, 0 reported; 1 file failed",
    ]


# --- pathological HTML --------------------------------------------------------


def test_parse_100000_nested_tags_keep_the_text(tmp_path: Path) -> None:
    path = tmp_path / "nested.txt"
    depth = 100_000
    body = "<div>" * depth + "deep text" + "</div>" * depth
    path.write_text(record(body=body), encoding="utf-8")
    run = invoke(["parse", str(path)])
    assert run.code == 0
    (article,) = run.articles()
    assert article["body"] == "deep text"


def test_parse_100000_unclosed_nested_tags_keep_the_text(tmp_path: Path) -> None:
    path = tmp_path / "unclosed.txt"
    path.write_text(record(body="<b><i>" * 50_000 + "still here"), encoding="utf-8")
    run = invoke(["parse", str(path)])
    assert run.code == 0
    (article,) = run.articles()
    assert article["body"] == "still here"


def test_parse_unclosed_script_drops_only_its_own_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "script.txt"
    body = "Before <script>alert(1); never closed\n\nThe next paragraph survives."
    path.write_text(record(body=body), encoding="utf-8")
    run = invoke(["parse", "-f", "md", str(path)])
    assert run.code == 0
    assert "alert" not in run.stdout and "<script" not in run.stdout
    json_run = invoke(["parse", str(path)])
    assert json_run.articles()[0]["body"] == "Before\n\nThe next paragraph survives."


@pytest.mark.slow
def test_parse_a_million_entities_decode_in_bounded_time(tmp_path: Path) -> None:
    path = tmp_path / "entities.txt"
    path.write_text(record(body="&amp;&#60;&lt;" * 333_334), encoding="utf-8")
    run = run_process(["parse", str(path)], timeout=30)
    assert run.code == 0
    (article,) = run.articles()
    assert article["body"] == "&<<" * 333_334


@pytest.mark.slow
def test_parse_a_million_entities_inside_tags(tmp_path: Path) -> None:
    path = tmp_path / "entities-tags.txt"
    path.write_text(record(body="<p>" + "&quot;" * 1_000_000 + "</p>"), encoding="utf-8")
    run = run_process(["parse", str(path)], timeout=30)
    assert run.code == 0
    assert run.articles()[0]["body"] == '"' * 1_000_000


# --- file names and file kinds -------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "shown"),
    [
        (b"new\nline.txt", "new\\nline.txt"),
        (b"with space.txt", "with space.txt"),
        (b"bad\xff\xfename.txt", "bad\\xff\\xfename.txt"),
        (b"-leading-dash.txt", "-leading-dash.txt"),
        (b"tab\there\x1b[31m.txt", "tab\\there\\x1b[31m.txt"),
    ],
    ids=["newline", "space", "non-utf8", "dash", "control"],
)
def test_parse_strange_file_names_are_read_and_shown_on_one_line(
    tmp_path: Path, name: bytes, shown: str
) -> None:
    folder = os.fsencode(tmp_path)
    path = os.path.join(folder, name)
    with open(path, "wb") as out:
        out.write(record().encode() + b"\n date 2026-01-24 https://example.com/b\n")
    # As a file argument (after --, since a name may start with '-') and inside a folder.
    for args in (["parse", "--", os.fsdecode(path)], ["parse", str(tmp_path)]):
        run = run_process(args)
        assert run.code == 1
        (article,) = run.articles()
        assert article["origin"] == {"path": f"{tmp_path}/{shown}", "line": 1}
        assert run.stderr.splitlines() == [
            f"{tmp_path}/{shown}:7: NP205 truncated record: a header and nothing else",
            "newsparse: 2 records: 1 written, 1 reported",
        ]


@pytest.mark.slow
def test_parse_leading_dash_name_without_separator_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "-x.txt").write_text(record(), encoding="utf-8")
    run = run_process(["parse", "-x.txt"], cwd=tmp_path)
    assert run.code == 2
    assert "No such option" in run.stderr


@interpreted_only
def test_parse_unreadable_file_is_reported_and_the_rest_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """chmod 000 does not stop root, so the denial is simulated at open()."""
    import newsparse.reader as reader

    locked = tmp_path / "a-locked.txt"
    locked.write_text(record(), encoding="utf-8")
    (tmp_path / "b-open.txt").write_text(record("https://example.com/b"), encoding="utf-8")
    real_open = open

    def guarded(file: object, *args: object, **kwargs: object) -> object:
        if os.fspath(file) == str(locked):  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied", str(locked))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(reader, "open", guarded, raising=False)
    run = invoke(["parse", str(tmp_path)])
    assert run.code == 1
    assert [a["url"] for a in run.articles()] == ["https://example.com/b"]
    assert run.stderr.splitlines() == [
        f"{locked}:1: NP404 cannot read: Permission denied",
        "newsparse: 1 record: 1 written, 0 reported; 1 file failed",
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: chmod 000 does not stop root")
def test_parse_chmod_000_file_is_reported(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(record(), encoding="utf-8")
    locked.chmod(0)
    run = invoke(["parse", str(locked)])
    assert run.code == 1
    assert run.stderr.splitlines()[0] == f"{locked}:1: NP404 cannot read: Permission denied"


@pytest.mark.slow
def test_parse_fifo_in_a_folder_is_skipped_not_blocked_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "a.fifo")
    (tmp_path / "b.txt").write_text(record(), encoding="utf-8")
    run = run_process(["parse", str(tmp_path)], timeout=20)
    assert run.code == 1
    assert len(run.articles()) == 1
    assert run.stderr.splitlines() == [
        f"{tmp_path}/a.fifo:1: NP404 not a regular file (a FIFO); skipped",
        "newsparse: 1 record: 1 written, 0 reported; 1 file failed",
    ]


@pytest.mark.slow
def test_parse_device_in_a_folder_is_skipped_not_read(tmp_path: Path) -> None:
    device = tmp_path / "zero"
    try:
        os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # like /dev/zero
    except (PermissionError, OSError) as exc:
        os.symlink("/dev/zero", device)  # without CAP_MKNOD: a link to the real one
        assert exc is not None
    run = run_process(["parse", str(tmp_path)], timeout=20)
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr.splitlines()[0] == f"{device}:1: NP404 not a regular file (a device); skipped"


@pytest.mark.slow
def test_parse_device_given_as_a_file_is_read_and_rejected(tmp_path: Path) -> None:
    run = run_process(["parse", "/dev/zero"], timeout=20)
    assert (run.code, run.stdout) == (1, "")
    assert run.stderr.splitlines()[0] == "/dev/zero:1: NP404 binary file, not a dump"


@pytest.mark.slow
def test_parse_symlink_loop_is_reported_not_followed_forever(tmp_path: Path) -> None:
    os.symlink("loop-b", tmp_path / "loop-a")
    os.symlink("loop-a", tmp_path / "loop-b")
    (tmp_path / "sub").mkdir()
    os.symlink("..", tmp_path / "sub" / "up")  # a folder loop
    (tmp_path / "sub" / "story.txt").write_text(record(), encoding="utf-8")
    run = run_process(["parse", str(tmp_path)], timeout=20)
    assert run.code == 1
    assert len(run.articles()) == 1
    assert run.stderr.splitlines() == [
        f"{tmp_path}/loop-a:1: NP404 cannot read: Too many levels of symbolic links",
        f"{tmp_path}/loop-b:1: NP404 cannot read: Too many levels of symbolic links",
        "newsparse: 1 record: 1 written, 0 reported; 2 files failed",
    ]
    direct = invoke(["parse", str(tmp_path / "loop-a")])
    assert direct.code == 1
    assert direct.stderr.splitlines()[0] == (
        f"{tmp_path}/loop-a:1: NP404 cannot read: Too many levels of symbolic links"
    )


def test_parse_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    run = invoke(["parse", str(tmp_path / "nope.txt")])
    assert (run.code, run.stdout) == (2, "")
    assert run.stderr.splitlines()[-1] == (
        f"newsparse: error: path '{tmp_path}/nope.txt' does not exist"
    )


def test_api_directory_opened_as_a_file_is_a_clear_error(tmp_path: Path) -> None:
    from newsparse.errors import InputError

    with pytest.raises(InputError) as caught, TextInput(str(tmp_path)):
        pass
    assert str(caught.value) == f"{tmp_path}:1: NP404 is a directory, not a file"


def test_parse_directory_given_as_a_file_is_walked(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(record(), encoding="utf-8")
    run = invoke(["parse", str(tmp_path)])
    assert run.code == 0
    assert [a["origin"] for a in run.articles()] == [{"path": f"{tmp_path}/x.txt", "line": 1}]


def test_parse_counts_match_an_independent_header_count(tmp_path: Path) -> None:
    path = tmp_path / "mixed-damage.txt"
    path.write_text(
        "preamble text\n\n"
        + record()
        + " date 2026-02-30 https://example.com/bad-date\n\nH\n\nB\n"
        + " date 2026-01-23 not-a-url\n\nH\n\nB\n"
        + " date 2026-01-23 https://example.com/trunc\n",
        encoding="utf-8",
    )
    run = invoke(["parse", str(path)])
    assert run.code == 1
    assert count_headers(str(path)) == 4
    assert_accounted(run, [str(path)])
