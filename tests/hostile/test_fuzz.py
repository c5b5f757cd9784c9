"""Fuzzing through the CLI: random bytes, random mutations of the samples and generated
dumps go through ``newsparse parse`` (and check, fmt). Whatever the input: no traceback,
exit 1 exactly when the command reports a failure (else 0), and every record found is
accounted for (written or reported).

Records are counted independently: header lines in the decoded input
(``parse_header`` over ``TextInput(path).lines()``), compared with the articles on
stdout plus the records the summary line reports.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .support import SAMPLES, assert_accounted, count_headers, invoke, run_process

# Fuzzing, partly through real processes: `pytest -m slow` runs it.
pytestmark = pytest.mark.slow

# Reproducible in CI (CI=true), exploring anew on a developer's machine. For a long hunt,
# multiply every example count: NEWSPARSE_FUZZ_SCALE=50 pytest -m slow tests/hostile/test_fuzz.py
SCALE = max(1, int(os.environ.get("NEWSPARSE_FUZZ_SCALE", "1")))
FUZZ = settings(
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_TEXT_SAMPLES = sorted(
    p
    for p in SAMPLES.rglob("*")
    if p.is_file() and p.suffix not in (".gz", ".xz", ".png") and p.name != "README.md"
)
_DECOMPRESS = {".gz": gzip.decompress, ".bz2": bz2.decompress, ".xz": lzma.decompress}
_COMPRESS = {
    ".gz": lambda data: gzip.compress(data, mtime=0),
    ".bz2": bz2.compress,
    ".xz": lzma.compress,
}
_COMPRESSED_SAMPLES = sorted(
    p for p in SAMPLES.rglob("*") if p.suffix in _DECOMPRESS and "damaged" not in p.parts
)

# Bytes that matter to the reader, splitter and cleaner.
_INTERESTING = [
    b"\n",
    b"\r",
    b"\r\n",
    b"\x00",
    b"\xff",
    b"\xc3",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b" date 2026-01-23 https://fuzz.example.com/x\n",
    b"date ",
    b"\n\n",
    b"<script>",
    b"</div>",
    b"<p>",
    b"&amp;",
    b"&#",
    b"---\n",
    b"\t",
    b"\x1b[31m",
    b"\xed\xa0\x80",
    b"https://",
    b"//",
    b"\x85",
    b"\xe2\x80\xa8",
]


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` after a few random edits: deletions, insertions, duplications, flips,
    truncation."""
    edited = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(
            st.sampled_from(["delete", "insert", "interesting", "duplicate", "flip", "truncate"])
        )
        at = draw(st.integers(0, len(edited)))
        if kind == "delete":
            del edited[at : at + draw(st.integers(1, 200))]
        elif kind == "insert":
            edited[at:at] = draw(st.binary(min_size=1, max_size=40))
        elif kind == "interesting":
            edited[at:at] = draw(st.sampled_from(_INTERESTING))
        elif kind == "duplicate":
            edited[at:at] = edited[at : at + draw(st.integers(1, 400))]
        elif kind == "flip" and edited:
            where = min(at, len(edited) - 1)
            edited[where] ^= draw(st.integers(1, 255))
        elif kind == "truncate":
            del edited[at:]
    return bytes(edited)


def _check_parse(name: str, data: bytes) -> None:
    """Parse ``data`` saved as ``name``: no traceback, every record accounted for."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, name)
        Path(path).write_bytes(data)
        run = invoke(["parse", path])
        assert_accounted(run, [path])  # exit 1 exactly when something is reported


def _check_other_commands(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, name)
        Path(path).write_bytes(data)
        # The input is random, so the exit code is read off what each command reports.
        check = invoke(["check", path])
        errors = re.search(r"^Found \d+ errors?\b", check.stdout, re.M)
        assert check.code == (1 if errors else 0), check.stdout
        fmt = invoke(["fmt", "--stdout", path])
        unformatted = re.search(
            r"failed to reformat|could not be formatted|outside any record", fmt.stderr
        )
        assert fmt.code == (1 if unformatted else 0), fmt.stderr
        markdown = invoke(["parse", "-f", "md", path])
        assert markdown.code == (1 if markdown.summary() else 0), markdown.stderr


@given(data=st.binary(max_size=4096), name=st.sampled_from(["x.txt", "x.dat", "x.txt.bz2"]))
@settings(FUZZ, max_examples=80 * SCALE)
def test_fuzz_parse_random_bytes(data: bytes, name: str) -> None:
    _check_parse(name, data)


@given(data=st.data(), sample=st.sampled_from(_TEXT_SAMPLES))
@settings(FUZZ, max_examples=120 * SCALE)
def test_fuzz_parse_mutated_samples(data: st.DataObject, sample: Path) -> None:
    raw = data.draw(mutated(sample.read_bytes()))
    _check_parse(sample.name, raw)


@given(data=st.data(), sample=st.sampled_from(_COMPRESSED_SAMPLES))
@settings(FUZZ, max_examples=40 * SCALE)
def test_fuzz_parse_mutated_compressed_samples(data: st.DataObject, sample: Path) -> None:
    """Mutate the text inside, then compress again (.gz, .bz2, .xz); for .bz2 also mutate
    the compressed bytes themselves."""
    ext = sample.suffix
    text = data.draw(mutated(_DECOMPRESS[ext](sample.read_bytes())))
    packed = _COMPRESS[ext](text)
    if ext == ".bz2" and data.draw(st.booleans()):
        packed = data.draw(mutated(packed))
    _check_parse(sample.name, packed)


@given(data=st.data(), sample=st.sampled_from(_TEXT_SAMPLES))
@settings(FUZZ, max_examples=30 * SCALE)
def test_fuzz_check_fmt_and_md_mutated_samples(data: st.DataObject, sample: Path) -> None:
    _check_other_commands(sample.name, data.draw(mutated(sample.read_bytes())))


def _generated_files() -> st.SearchStrategy[tuple[str, bytes]]:
    from strategies import dump_files  # tests/strategies.py: realistic damaged dumps

    result: st.SearchStrategy[tuple[str, bytes]] = dump_files()
    return result


@given(file=_generated_files())
@settings(FUZZ, max_examples=60 * SCALE)
def test_fuzz_parse_generated_dumps(file: tuple[str, bytes]) -> None:
    suffix, raw = file
    _check_parse("gen" + suffix, raw)


@given(data=st.data())
@settings(FUZZ, max_examples=4 * SCALE)
def test_fuzz_parse_subprocess(data: st.DataObject) -> None:
    """A few through a real process: stdin and a file, stdout and stderr as bytes."""
    sample = data.draw(st.sampled_from(_TEXT_SAMPLES))
    raw = data.draw(mutated(sample.read_bytes()))
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, sample.name)
        Path(path).write_bytes(raw)
        run = run_process(["parse", path], timeout=30)
        assert_accounted(run, [path])  # exit 1 exactly when something is reported
        piped = run_process(["parse", "-"], input=raw, timeout=30)
        assert piped.code == run.code, piped.stderr
        assert len(piped.articles()) == len(run.articles())
        assert count_headers(path) >= len(run.articles())
