"""Unit tests for newsparse.atomic: complete files or none, modes kept, devices spared."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from newsparse.atomic import atomic_write


def test_atomic_write_replaces_the_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("old")
    with atomic_write(str(path)) as handle:
        handle.write("new\n")
        assert path.read_text() == "old"  # nothing visible until the rename
    assert path.read_text() == "new\n"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_atomic_write_leaves_the_old_file_when_interrupted(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("old")
    with pytest.raises(KeyboardInterrupt), atomic_write(str(path)) as handle:
        handle.write("half")
        raise KeyboardInterrupt
    assert path.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_atomic_write_keeps_permissions_and_sets_new_ones(tmp_path: Path) -> None:
    kept = tmp_path / "kept.txt"
    kept.write_text("x")
    kept.chmod(0o600)
    with atomic_write(str(kept)) as handle:
        handle.write("y")
    with atomic_write(str(tmp_path / "new.bin"), binary=True, mode=0o640) as handle:
        handle.write(b"z")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "new.bin").stat().st_mode) == 0o640


def test_atomic_write_writes_text_as_utf8_with_lf(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    with atomic_write(str(path)) as handle:
        handle.write("Züge\n")
    assert path.read_bytes() == "Züge\n".encode()


def test_atomic_write_writes_into_a_fifo_instead_of_replacing_it(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    with atomic_write(str(fifo), binary=True) as handle:
        handle.write(b"through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
