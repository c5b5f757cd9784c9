"""The process pool under ``parse -j`` and ``convert -j``: its result pipe and its stop flag."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from newsparse.convert.plan import FileTask
from newsparse.convert.pool import RESULT_PIPE_SIZE, Batch
from newsparse.convert.rendering import ParsedFile, Renderer
from newsparse.convert.worker import ConvertSettings
from newsparse.pipeline import Options

RECORD = " date 2026-01-23 https://example.com/a/{n}.html\nHeadline {n}\nLead {n}.\n\nBody {n}.\n"


def _inputs(tmp_path: Path, count: int) -> list[FileTask]:
    tasks = []
    for n in range(count):
        path = tmp_path / f"{n:02}.txt"
        path.write_text(RECORD.format(n=n))
        tasks.append(FileTask(str(path), "", ""))
    return tasks


def _settings() -> ConvertSettings:
    return ConvertSettings(root="", format="jsonl", options=Options())


def _pipe_max() -> int:
    try:
        return int(Path("/proc/sys/fs/pipe-max-size").read_text())
    except OSError:
        return 0


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or _pipe_max() < RESULT_PIPE_SIZE,
    reason="pipe sizes are set on Linux, up to /proc/sys/fs/pipe-max-size",
)
def test_pool_result_pipe_holds_a_whole_batch() -> None:
    import fcntl

    with Batch(_settings(), 2, worker=Renderer, sync=False) as pool:
        writer = pool._pool._result_queue._writer  # type: ignore[union-attr]
        assert fcntl.fcntl(writer.fileno(), fcntl.F_GETPIPE_SZ) == RESULT_PIPE_SIZE


def test_pool_workers_see_the_stop_flag_before_each_input(tmp_path: Path) -> None:
    tasks = _inputs(tmp_path, 3)
    with Batch(_settings(), 2, worker=Renderer, sync=False) as pool:
        first = list(pool.results(tasks[:1]))
        pool._stop_flag.value = 1
        rest = list(pool.results(tasks[1:]))
    assert len(first) == 1
    assert isinstance(first[0], ParsedFile)
    assert (first[0].path, first[0].tally.articles) == (tasks[0].path, 1)
    assert rest == []


def test_pool_workers_give_what_one_process_gives(tmp_path: Path) -> None:
    tasks = _inputs(tmp_path, 70)  # more than one full batch of 64
    outcomes = []
    for jobs in (1, 2):
        with Batch(_settings(), jobs, worker=Renderer, sync=False) as pool:
            results = list(pool.results(tasks))
        assert all(isinstance(result, ParsedFile) for result in results)
        outcomes.append([(r.path, r.items) for r in results if isinstance(r, ParsedFile)])
    assert len(outcomes[0]) == 70
    assert outcomes[1] == outcomes[0]


def test_pool_runs_where_pipes_cannot_be_widened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "fcntl", None)  # as on Windows: import fcntl fails
    tasks = _inputs(tmp_path, 2)
    with Batch(_settings(), 2, worker=Renderer, sync=False) as pool:
        results = list(pool.results(tasks))
    assert [(r.path, r.tally.articles) for r in results if isinstance(r, ParsedFile)] == [
        (task.path, 1) for task in tasks
    ]
