"""Streaming: peak memory does not grow with the size of the input.

A large single dump file is generated with benchmarks/generate.py, then each
command runs in a fresh process whose peak RSS is read by a fresh wrapper
process (``ru_maxrss`` of its children). Two sizes, eight times apart, must peak
within a few megabytes of each other: memory is flat, not proportional.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

# Memory measurement on 16 MB inputs, in fresh processes: `pytest -m slow` runs it.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
SMALL, LARGE = 2 * MB, 16 * MB
#: How much more the large input may peak than the small one. Holding the large
#: file (or its articles) in memory would cost 20 MB or more.
FLAT_SLACK_MB = 8
CEILING_MB = 100

_WRAPPER = """
import json, resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
print(json.dumps({"code": code,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks/generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    folder = tmp_path_factory.mktemp("streaming")
    generate = _generator()
    paths = {}
    for name, size in (("small", SMALL), ("large", LARGE)):
        path = folder / f"{name}.txt"
        generate.write_single(path, size=size, seed=11)
        paths[name] = path
    yield paths
    for path in paths.values():
        path.unlink()


def _peak(*args: str) -> tuple[int, float]:
    command = [sys.executable, "-m", "newsparse", *args]
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *command],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    data = json.loads(done.stdout)
    return data["code"], data["maxrss_mb"]


def _assert_flat(small: float, large: float) -> None:
    assert large < CEILING_MB, f"peak {large:.0f} MB for a {LARGE // MB} MB input"
    assert large - small < FLAT_SLACK_MB, (
        f"peak grew from {small:.0f} MB to {large:.0f} MB with the input size"
    )


def test_streaming_memory_parse_is_flat(dumps: dict[str, Path]) -> None:
    code_small, small = _peak("parse", str(dumps["small"]))
    code_large, large = _peak("parse", str(dumps["large"]))
    assert (code_small, code_large) == (0, 0)
    _assert_flat(small, large)


def test_streaming_memory_parse_json_array_is_flat(dumps: dict[str, Path]) -> None:
    code_small, small = _peak("parse", "-f", "json", str(dumps["small"]))
    code_large, large = _peak("parse", "-f", "json", str(dumps["large"]))
    assert (code_small, code_large) == (0, 0)
    _assert_flat(small, large)


def test_streaming_memory_check_is_flat(dumps: dict[str, Path]) -> None:
    # The generated archive is clean, so check exits 0: a crash cannot pass as a small peak.
    code_small, small = _peak("check", str(dumps["small"]))
    code_large, large = _peak("check", str(dumps["large"]))
    assert (code_small, code_large) == (0, 0)
    _assert_flat(small, large)


def test_streaming_memory_convert_is_flat(dumps: dict[str, Path], tmp_path: Path) -> None:
    code_small, small = _peak("convert", str(dumps["small"]), "-o", str(tmp_path / "small"))
    code_large, large = _peak("convert", str(dumps["large"]), "-o", str(tmp_path / "large"))
    assert (code_small, code_large) == (0, 0)
    _assert_flat(small, large)


@pytest.mark.slow
def test_streaming_memory_stats_is_flat(dumps: dict[str, Path]) -> None:
    _, small = _peak("stats", "--format", "json", str(dumps["small"]))
    _, large = _peak("stats", "--format", "json", str(dumps["large"]))
    _assert_flat(small, large)


@pytest.mark.slow
@pytest.mark.parametrize("output", ["out.csv", "out.db"])
def test_streaming_memory_csv_and_sqlite_outputs_are_flat(
    dumps: dict[str, Path], tmp_path: Path, output: str
) -> None:
    _, small = _peak("parse", str(dumps["small"]), "-o", str(tmp_path / f"small-{output}"))
    _, large = _peak("parse", str(dumps["large"]), "-o", str(tmp_path / f"large-{output}"))
    _assert_flat(small, large)
