"""The process pool under ``parse -j`` and ``convert -j``: its result pipe and its stop flag."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, ClassVar

import pytest

from newsparse.convert.plan import FileTask
from newsparse.convert.pool import BYTES_PER_BATCH, MAX_BATCH, RESULT_PIPE_SIZE, Batch, _batches
from newsparse.convert.rendering import ParsedFile, Renderer
from newsparse.convert.worker import ConvertedFile, ConvertSettings
from newsparse.model import Failure
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


# A worker that says which process converted each input. Until this process has
# converted an input itself, the workers wait at the gate: the test then knows that
# this process took a batch while the oldest one was still out, without timing.
_GATE = None


class _WhoConverts:
    def __init__(self, settings: ConvertSettings, stopped: Any, critical: Any) -> None:
        self.stopped = stopped
        self.parent = _PARENT

    def new_result(self, path: str) -> ConvertedFile:
        return ConvertedFile(path)

    def convert(self, task: FileTask, result: ConvertedFile) -> None:
        assert _GATE is not None
        if os.getpid() == self.parent:
            _GATE.set()
        else:
            assert _GATE.wait(timeout=60), "this process never converted a batch"
        result.outputs.append(str(os.getpid()))


_PARENT = os.getpid()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_pool_this_process_converts_while_the_oldest_batch_is_out(tmp_path: Path) -> None:
    import multiprocessing

    global _GATE
    _GATE = multiprocessing.get_context("fork").Event()  # forked with the workers
    tasks = _inputs(tmp_path, 200)
    with Batch(_settings(), 2, worker=_WhoConverts, sync=False) as pool:
        results = list(pool.results(tasks))
        workers = {child.pid for child in multiprocessing.active_children()}
    assert [r.path for r in results if isinstance(r, ConvertedFile)] == [t.path for t in tasks]
    converted_by = {int(r.outputs[0]) for r in results if isinstance(r, ConvertedFile)}
    assert len(workers) == 1  # -j 2: this process and one worker
    assert converted_by == {os.getpid()} | workers


class _BrokenIntoAtThird(_WhoConverts):
    """In this process, a second Ctrl-C arrives while the third input is converted."""

    taken: ClassVar[list[str]] = []

    def convert(self, task: FileTask, result: ConvertedFile) -> None:
        if os.getpid() == self.parent:
            self.taken.append(result.path)
            if len(self.taken) == 3:
                raise KeyboardInterrupt
        super().convert(task, result)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_pool_stop_hands_back_what_this_process_converted(tmp_path: Path) -> None:
    import multiprocessing

    global _GATE
    _GATE = multiprocessing.get_context("fork").Event()
    _BrokenIntoAtThird.taken.clear()
    tasks = _inputs(tmp_path, 200)
    handed: list[ConvertedFile | Failure] = []
    with Batch(_settings(), 2, worker=_BrokenIntoAtThird, sync=False) as pool:
        with pytest.raises(KeyboardInterrupt):
            for result in pool.results(tasks):
                handed.append(result)
        stopped = pool.stop()
    results = {r.path: r for r in [*handed, *stopped] if isinstance(r, ConvertedFile)}
    assert len(results) == len(handed) + len(stopped)  # nothing handed back twice
    # The two inputs this process finished, and the third, abandoned part-way.
    taken = _BrokenIntoAtThird.taken
    assert [results[path].interrupted for path in taken] == [False, False, True]
    assert stopped[-1].path == taken[-1]
    assert set(results) <= {t.path for t in tasks}


def test_pool_second_signal_waits_for_the_write_in_progress(tmp_path: Path) -> None:
    import signal

    with Batch(_settings(), 2, worker=Renderer, sync=False) as pool:
        pool._note_signal(signal.SIGINT, None)  # the first: workers are told to stop
        assert pool._stop_flag.value == 1
        written = []
        with pytest.raises(KeyboardInterrupt), pool._critical():
            pool._note_signal(signal.SIGINT, None)  # the second, inside a write
            written.append("whole")
        assert written == ["whole"]
        pool.stop()


# Set by the test below: the highest input a worker has started, and the pool itself.
_STARTED: Any = None
_POOL: Batch | None = None


class _WaitsForTheWorker(_WhoConverts):
    """In this process, at its first input: opens the gate and waits until the workers
    have finished every batch they were given. At its second (the same batch): waits
    until a worker has started an input that comes after this batch, which it can only
    have been given while this process was converting the batch."""

    mine: ClassVar[list[int]] = []
    seen: ClassVar[list[int]] = []  # the highest input started, when the second is done

    def convert(self, task: FileTask, result: ConvertedFile) -> None:
        import time

        index = int(Path(task.path).stem)
        if os.getpid() != self.parent:
            super().convert(task, result)
            _STARTED.value = max(_STARTED.value, index)
            return
        self.mine.append(index)
        if len(self.mine) == 1:
            assert _GATE is not None and _POOL is not None
            _GATE.set()
            for _ in range(3000):  # up to 30 s: a test that fails, not hangs
                if all(future.done() for _, future, here in _POOL._pending if not here):
                    break
                time.sleep(0.01)
        elif len(self.mine) == 2:
            for _ in range(3000):
                if _STARTED.value > index:
                    break
                time.sleep(0.01)
            self.seen.append(_STARTED.value)
        result.outputs.append(str(os.getpid()))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_pool_workers_are_given_batches_while_this_process_converts(tmp_path: Path) -> None:
    """A worker through its batches is not left waiting for this process to finish
    one of its own: it is handed more between this process's inputs."""
    import multiprocessing

    global _GATE, _STARTED, _POOL
    context = multiprocessing.get_context("fork")
    _GATE, _STARTED = context.Event(), context.RawValue("i", -1)
    _WaitsForTheWorker.mine.clear()
    _WaitsForTheWorker.seen.clear()
    tasks = _inputs(tmp_path, 40)
    with Batch(_settings(), 2, worker=_WaitsForTheWorker, sync=False) as pool:
        _POOL = pool
        try:
            results = list(pool.results(tasks))
        finally:
            _POOL = None
    assert [r.path for r in results if isinstance(r, ConvertedFile)] == [t.path for t in tasks]
    # The workers hold inputs 0 and 1 (a batch each) at the gate; this process takes
    # the next batch, 2 and 3; a worker starts input 4 or later (it is given 4 to 9 in
    # two batches) before this process is done with 3. Without that, it would be 1.
    assert _WaitsForTheWorker.mine[:2] == [2, 3]
    assert len(_WaitsForTheWorker.seen) == 1
    assert _WaitsForTheWorker.seen[0] > 3


def test_pool_batches_grow_to_max_batch_small_files() -> None:
    tasks: list[FileTask | Failure] = [FileTask(f"{n}.txt", "", "", size=9_000) for n in range(300)]
    sizes = [len(batch) for batch in _batches(tasks, 2)]
    assert sizes == [1, 1, 2, 2, 4, 4, 8, 8, 16, 16, 32, 32, MAX_BATCH, MAX_BATCH, 46]


def test_pool_batches_end_at_the_byte_budget() -> None:
    big = BYTES_PER_BATCH // 2 + 1  # two such files pass the budget
    tasks: list[FileTask | Failure] = [FileTask(f"{n}.txt", "", "", size=big) for n in range(20)]
    sizes = [len(batch) for batch in _batches(tasks, 2)]
    assert sizes == [1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2]
    small = [FileTask(f"s{n}.txt", "", "", size=1) for n in range(8)]
    huge = FileTask("huge.txt", "", "", size=10 * BYTES_PER_BATCH)
    mixed: list[FileTask | Failure] = [*small[:3], huge, *small[3:]]
    assert [len(batch) for batch in _batches(mixed, 1)] == [1, 2, 1, 5]  # the huge file alone


class _Recorded(_WhoConverts):
    """Notes each input this process finishes (its last step, after the result is full)."""

    finished: ClassVar[list[str]] = []

    def convert(self, task: FileTask, result: ConvertedFile) -> None:
        super().convert(task, result)
        if os.getpid() == self.parent:
            self.finished.append(result.path)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
@pytest.mark.parametrize("signals", [1, 2])
@pytest.mark.parametrize("at", range(1, 30))
def test_pool_ctrl_c_anywhere_in_this_process_loses_nothing(
    tmp_path: Path, at: int, signals: int
) -> None:
    """Ctrl-C (once, or twice at once) arrives at the ``at``-th line this process runs
    while converting batches itself: whatever it finished is handed back once, whole.
    (Two such places once lost a finished batch, or returned an input twice.)"""
    import multiprocessing
    import signal

    global _GATE
    _GATE = multiprocessing.get_context("fork").Event()
    _Recorded.finished.clear()
    lines = [0]

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        if frame.f_code.co_name != "_convert_here":
            return None

        def line(frame: Any, event: str, arg: Any) -> Any:
            if event == "line":
                lines[0] += 1
                if lines[0] == at:
                    for _ in range(signals):
                        signal.raise_signal(signal.SIGINT)
            return line

        return line

    tasks = _inputs(tmp_path, 200)
    handed: list[ConvertedFile | Failure] = []
    with Batch(_settings(), 2, worker=_Recorded, sync=False) as pool:
        sys.settrace(tracer)
        try:
            with pytest.raises(KeyboardInterrupt):
                for result in pool.results(tasks):
                    handed.append(result)
        finally:
            sys.settrace(None)
        stopped = pool.stop()
    results = [r for r in [*handed, *stopped] if isinstance(r, ConvertedFile)]
    paths = [r.path for r in results]
    assert len(paths) == len(handed) + len(stopped) == len(set(paths))  # nothing twice
    assert set(_Recorded.finished) <= set(paths)  # nothing this process finished is lost
    assert sum(r.interrupted for r in results) <= 2  # at most the input each process was on


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_pool_ctrl_c_stops_this_process_at_once_while_it_converts(tmp_path: Path) -> None:
    """As a worker does: a read that would block must not hold the first Ctrl-C back."""
    import multiprocessing
    import signal

    global _GATE
    _GATE = multiprocessing.get_context("fork").Event()
    reached: list[bytes] = []

    class _ReadsAfterCtrlC(_WhoConverts):
        def convert(self, task: FileTask, result: ConvertedFile) -> None:
            if os.getpid() == self.parent:
                read_end, write_end = os.pipe()
                os.close(write_end)  # the read below ends at once: a test that fails, not hangs
                try:
                    signal.raise_signal(signal.SIGINT)
                    reached.append(os.read(read_end, 1))
                finally:
                    os.close(read_end)
            super().convert(task, result)

    tasks = _inputs(tmp_path, 50)
    with Batch(_settings(), 2, worker=_ReadsAfterCtrlC, sync=False) as pool:
        with pytest.raises(KeyboardInterrupt):
            list(pool.results(tasks))
        pool.stop()
    assert reached == []
