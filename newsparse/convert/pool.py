"""The process pool: planned inputs in; results out, in input order, from ``jobs`` processes.

This process is one of them: it writes the results, and while the oldest batch is
still with a worker it converts the next batch itself. What it converts never
crosses between processes: ``parse -j 2`` over 20,000 articles on 2 cores took
3.27 s of CPU in all, against 3.5 s with two workers and a writer that only
waited, and 1.71-1.75 s of wall time against 1.82 s (``-j 1``: 3.0 s).

It owns the signal handlers of a run: from the start of every command, SIGTERM
raises newsparse.sigterm.Terminated in the main process; during a run, Ctrl-C and
SIGTERM wait for a write in progress; with workers, they are passed on, every
process stops and hands back what it did, and the signal is raised here once the
results are in. A second signal acts at once, except inside a write, which it
waits for.
"""

from __future__ import annotations

import contextlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol

from newsparse.convert.critical import Critical

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from newsparse.convert.plan import FileTask
    from newsparse.convert.worker import ConvertedFile, ConvertSettings
    from newsparse.model import Failure

# Files per batch sent to a worker, once the first few (1, 2, 4, ...) have got every
# worker going. On 20,000 articles (11,410 files) with -j 2, the best of 5 runs took
# 1.86 s with 64, 1.93 s with 32 and 1.89 s with 128 (which holds twice the output in
# flight).
MAX_BATCH = 64
# A batch also ends once its files hold this many bytes, so that big files are shared
# out in small batches, and no process is left with a long last batch while the
# others wait. 64 files of that tree hold about 590 KB and are not cut; 200 files of
# 100 records (525 KB each) go 2 to a batch, and convert -j 2 over them took 1.84 s
# against 2.12 s (-j 1: 3.20 s), 1.73x the speed of -j 1 instead of 1.50x.
BYTES_PER_BATCH = 1 << 20
# The pipe that carries results back: a batch of 64 files rendered as JSON Lines is
# about 650 KB, which through Linux's default 64 KiB pipe means a worker blocks on
# every few writes until this process reads. 1 MiB (the unprivileged maximum,
# /proc/sys/fs/pipe-max-size) lets a worker hand over most of a batch and go on:
# 1.87 s against 1.93 s for the same run with the default pipe (best of 5).
RESULT_PIPE_SIZE = 1 << 20
# Batches each worker holds unfinished: the one it converts and the next, so that it
# never waits for this process. This process tops the workers up between the inputs
# it converts itself, not only between its batches: over 20,000 articles with -j 2,
# the worker then waited 0.13-0.17 s in all instead of 0.29-0.31 s (three runs each).
QUEUED = 2


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


if TYPE_CHECKING:
    # A batch, what becomes of it, and whether this process did it (or it had no work).
    _Entry = tuple[list[FileTask | Failure], Future[list[ConvertedFile]], bool]


class Worker(Protocol):
    """What works on one input in a worker process: a Converter, or a Renderer."""

    stopped: Callable[[], bool]

    def new_result(self, path: str) -> ConvertedFile: ...

    def convert(self, task: FileTask, result: ConvertedFile) -> None: ...


if TYPE_CHECKING:
    WorkerType = Callable[[ConvertSettings, Callable[[], bool], Critical], Worker]


class Batch:
    """Runs a stream of planned inputs through ``jobs`` processes; use as a context manager.

    With ``jobs == 1`` everything runs in this process. Otherwise ``jobs - 1``
    worker processes are started on entry (before the caller starts any thread),
    this process converts a batch whenever the oldest one in flight is not back
    (handing the workers more between its inputs), at most ``jobs * 4`` batches of
    inputs are in flight, and results come back in input order. After an interrupt
    (KeyboardInterrupt or any exception raised while iterating), call :meth:`stop`:
    it makes the workers stop between records and returns the results of work that
    finished but was not yet handed back.
    """

    def __init__(
        self,
        settings: ConvertSettings,
        jobs: int = 1,
        *,
        worker: WorkerType | None = None,
        sync: bool = True,
    ) -> None:
        if worker is None:
            from newsparse.convert.worker import Converter

            worker = Converter
        self.settings = settings
        self.jobs = max(1, jobs)
        self.worker = worker
        self.sync = sync  # sync the disk once at the end (convert writes files; parse none)
        self._pool: ProcessPoolExecutor | None = None
        self._stop_flag: Any = None
        self._pending: deque[_Entry] = deque()
        self._current: _Entry | None = None
        self._unhanded: list[ConvertedFile] = []
        self._partial: ConvertedFile | None = None
        self._converting = False  # this process is converting a batch, with workers
        self._signal: int | None = None
        self._critical = Critical()
        self._saved: dict[int, Any] = {}
        self._untaken: Iterator[list[FileTask | Failure]] | None = None  # those not yet taken
        self._queue = QUEUED * (self.jobs - 1)  # batches the workers should hold unfinished

    def __enter__(self) -> Batch:
        if self.jobs > 1:
            import multiprocessing
            import sys
            from concurrent.futures import ProcessPoolExecutor

            from newsparse.convert import worker_process

            # fork is cheap and safe here: no thread has been started yet.
            method = "fork" if sys.platform.startswith("linux") else None
            context = multiprocessing.get_context(method)
            # A byte of shared memory, not an Event: workers read it between records,
            # and Event.is_set takes a lock each time.
            self._stop_flag = context.RawValue("b", 0)
            self._pool = ProcessPoolExecutor(
                self.jobs - 1,  # this process is the other one
                mp_context=context,
                initializer=worker_process.start,
                initargs=(self.settings, self._stop_flag, self.worker),
            )
            _widen_result_pipe(self._pool)
            self._pool.submit(worker_process.ready).result()  # start the workers now
        self._defer_signals()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers, and flush what was written to disk (one sync for the run)."""
        self._restore_signals()
        if self._pool is not None:
            self._stop_flag.value = 1
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self.sync and not self.settings.dry_run and hasattr(os, "sync"):
            os.sync()

    # Signals. In this process (-j 1) Ctrl-C and SIGTERM act at once, as usual, except
    # inside a write, which they wait for. With workers, this process notes the signal,
    # raises the stop flag (which every process checks between records) and passes the
    # signal on to the workers, which stop at once unless inside a write. If this
    # process is converting a batch itself, it does the same; otherwise it raises the
    # signal once the workers' results are in. A second signal acts at once, except
    # inside a write.

    def _defer_signals(self) -> None:
        import signal
        import threading

        if threading.current_thread() is not threading.main_thread():
            return
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous = signal.getsignal(signum)
            if previous not in (signal.SIG_IGN, None):
                self._saved[signum] = previous
                signal.signal(signum, self._note_signal)

    def _note_signal(self, signum: int, frame: object) -> None:
        if self._pool is not None and self._signal is None:
            self._signal = signum
            self._stop_workers()
            if self._converting and not self._critical.inside:
                # As in a worker: at once, so that a read that blocks cannot hold it.
                self._act(signum)
        elif self._critical.inside and self._critical.pending is None:
            self._critical.pending = lambda: self._act(signum)
        else:
            self._act(signum)

    def _act(self, signum: int) -> None:
        """Do what the signal did before the run: raise KeyboardInterrupt, Terminated..."""
        import signal

        previous = self._saved.get(signum)
        self._restore_signals()
        if callable(previous):
            previous(signum, None)
        signal.raise_signal(signum)

    def _restore_signals(self) -> None:
        import signal

        for signum, handler in self._saved.items():
            signal.signal(signum, handler)
        self._saved.clear()

    def _raise_signal(self) -> None:
        """At a safe point: act on a signal that arrived while workers were busy."""
        if self._signal is not None:
            self._act(self._signal)

    def _stop_workers(self) -> None:
        """Tell every worker to stop: between records, or at once if blocked reading."""
        import multiprocessing
        import signal

        self._stop_flag.value = 1
        for child in multiprocessing.active_children():
            if child.pid is not None:
                with contextlib.suppress(OSError):
                    os.kill(child.pid, signal.SIGINT)

    def results(self, tasks: Iterable[FileTask | Failure]) -> Iterator[ConvertedFile | Failure]:
        """Convert every task; yield one result per task (failures as they are), in order.

        A signal that arrives meanwhile is raised after the result being worked on
        has been yielded (KeyboardInterrupt for Ctrl-C); then call :meth:`stop`.
        """
        items = self._in_process(tasks) if self._pool is None else self._pooled(tasks)
        for item in items:
            yield item
            self._raise_signal()
        self._raise_signal()

    def _in_process(self, tasks: Iterable[FileTask | Failure]) -> Iterator[ConvertedFile | Failure]:
        from newsparse.model import Failure
        from newsparse.reader import display_path

        converter = self.worker(self.settings, lambda: False, self._critical)
        for task in tasks:
            if isinstance(task, Failure):
                yield task
                continue
            self._partial = converter.new_result(display_path(task.path))
            converter.convert(task, self._partial)
            result, self._partial = self._partial, None
            yield result

    def _pooled(self, tasks: Iterable[FileTask | Failure]) -> Iterator[ConvertedFile | Failure]:
        """Batches go to the workers; while the oldest is not back, this process
        converts the next batch itself. Results are handed back in input order."""
        assert self._pool is not None
        flag = self._stop_flag
        here = self.worker(self.settings, lambda: flag.value != 0, self._critical)
        pending = self._pending
        self._untaken = _batches(tasks, self.jobs)
        while True:
            self._top_up()
            if not pending:
                return
            if self._untaken is not None and self._room() and not pending[0][1].done():
                batch = next(self._untaken, None)
                if batch is None:
                    self._untaken = None
                else:
                    self._convert_here(here, batch)
                continue
            yield from self._collect(pending.popleft())

    def _room(self) -> bool:
        """Whether another batch may be taken: not told to stop, and fewer than
        ``jobs * 4`` batches in flight (which bounds the results held in memory)."""
        return not self._stop_flag.value and len(self._pending) < self.jobs * 4

    def _top_up(self) -> None:
        """Hand the workers batches until each has QUEUED it has not finished.

        Called between batches and between the inputs of a batch this process
        converts, so that a worker that is quick through its batches does not wait
        for this process to finish one of its own.
        """
        while self._untaken is not None and self._room() and self._unfinished() < self._queue:
            batch = next(self._untaken, None)
            if batch is None:
                self._untaken = None
            else:
                self._pending.append(self._submit(batch))

    def _unfinished(self) -> int:
        """How many batches the workers hold and have not finished, up to ``_queue``:
        they finish in about the order given, so the newest are counted first."""
        count = 0
        for _, future, here in reversed(self._pending):
            if here:
                continue
            if future.done():
                break
            count += 1
            if count >= self._queue:
                break
        return count

    def _submit(self, batch: list[FileTask | Failure]) -> _Entry:
        from concurrent.futures import Future

        from newsparse.convert import worker_process
        from newsparse.convert.plan import FileTask

        assert self._pool is not None
        work = [task for task in batch if isinstance(task, FileTask)]
        if not work:
            done: Future[list[ConvertedFile]] = Future()
            done.set_result([])
            return (batch, done, True)
        return (batch, self._pool.submit(worker_process.convert_batch, work), False)

    def _convert_here(self, here: Worker, batch: list[FileTask | Failure]) -> None:
        """Convert a batch in this process, as a worker would, into the last entry of
        pending: it is there before the first input is done, so that :meth:`stop`
        finds whatever was done, however the batch is cut short."""
        from concurrent.futures import Future

        from newsparse.convert.plan import FileTask
        from newsparse.reader import display_path

        results: list[ConvertedFile] = []
        done: Future[list[ConvertedFile]] = Future()
        done.set_result(results)  # filled below, in place
        self._pending.append((batch, done, True))
        self._converting = True
        try:
            for task in batch:
                if not isinstance(task, FileTask):
                    continue
                if self._stop_flag.value:
                    break
                self._partial = here.new_result(display_path(task.path))
                here.convert(task, self._partial)
                results.append(self._partial)
                self._partial = None
                # Between inputs, with signals deferred: a submit is not to be broken into.
                self._converting = False
                self._top_up()
                self._converting = True
        finally:
            self._converting = False

    def _collect(self, entry: _Entry) -> Iterator[ConvertedFile | Failure]:
        from newsparse.model import Failure

        self._current = entry
        batch, future, _ = entry
        results = future.result()
        self._current = None
        self._unhanded = results
        for task in batch:
            if isinstance(task, Failure):
                yield task
            elif results:
                yield results.pop(0)
            else:
                return  # the workers were told to stop: the rest was not converted

    def stop(self) -> list[ConvertedFile]:
        """Stop the workers; the results of inputs finished (or abandoned part-way) but
        not yet handed back. Their outputs are on disk, so they belong in the counts."""
        self._restore_signals()
        if self._pool is None:
            partial, self._partial = self._partial, None
            if partial is not None:
                partial.abandon()
                return [partial]
            return []
        self._stop_workers()
        entries = list(self._pending)
        if self._current is not None:
            entries.insert(0, self._current)
        for _, future, _ in entries:
            future.cancel()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None
        done, self._unhanded = self._unhanded, []
        for _, future, _ in entries:
            if future.done() and not future.cancelled() and future.exception() is None:
                done.extend(future.result())
        # The input this process was converting when a signal broke in (its batch is
        # the last entry), unless the signal came just after it was done.
        partial, self._partial = self._partial, None
        if partial is not None and not any(result is partial for result in done):
            partial.abandon()
            done.append(partial)
        self._pending.clear()
        self._current = None
        return done


def _batches(tasks: Iterable[FileTask | Failure], jobs: int) -> Iterator[list[FileTask | Failure]]:
    """The tasks cut into batches: 1 input each for the first ``jobs`` batches, then 2,
    4, ... up to MAX_BATCH inputs or BYTES_PER_BATCH bytes, so that every process has
    work from the start and none has much left at the end."""
    from newsparse.convert.plan import FileTask

    batch: list[FileTask | Failure] = []
    files = stored = cut = 0
    for task in tasks:
        batch.append(task)
        if isinstance(task, FileTask):
            files += 1
            stored += task.size
        if files >= min(MAX_BATCH, 1 << (cut // jobs)) or stored >= BYTES_PER_BATCH:
            yield batch
            cut += 1
            batch, files, stored = [], 0, 0
    if batch:
        yield batch


def _widen_result_pipe(pool: ProcessPoolExecutor) -> None:
    """Give the pool's result pipe RESULT_PIPE_SIZE bytes, where the platform allows it.

    The pipe is private to ProcessPoolExecutor (``_result_queue._writer``, stable since
    Python 3.3): when it is not there, or the system refuses, the default size stays.
    """
    try:
        import fcntl
    except ImportError:  # not on Windows
        return
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux only
    if writer is None or set_size is None:
        return
    with contextlib.suppress(OSError, ValueError):
        fcntl.fcntl(writer.fileno(), set_size, RESULT_PIPE_SIZE)
