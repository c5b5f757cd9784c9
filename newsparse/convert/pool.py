"""The process pool: planned inputs in; results out, in input order, from ``jobs`` workers.

It owns the signal handlers of a run: from the start of every command, SIGTERM
raises newsparse.sigterm.Terminated in the main process; during a run, Ctrl-C and
SIGTERM wait for a write in progress; with workers, they are passed on, the
workers stop between records and hand back what they did, and the signal is
raised once their results are in. A second signal acts at once.
"""

from __future__ import annotations

import contextlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol

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
# The pipe that carries results back: a batch of 64 files rendered as JSON Lines is
# about 650 KB, which through Linux's default 64 KiB pipe means a worker blocks on
# every few writes until this process reads. 1 MiB (the unprivileged maximum,
# /proc/sys/fs/pipe-max-size) lets a worker hand over most of a batch and go on:
# 1.87 s against 1.93 s for the same run with the default pipe (best of 5).
RESULT_PIPE_SIZE = 1 << 20


class Critical:
    """Marks the sections that a signal must not break into: a write in progress.

    A signal handler that finds ``inside`` true stores what it would do in
    ``pending``; it is done as soon as the section ends.
    """

    def __init__(self) -> None:
        self.inside = False
        self.pending: Callable[[], None] | None = None

    @contextlib.contextmanager
    def __call__(self) -> Iterator[None]:
        self.inside = True
        try:
            yield
        finally:
            self.inside = False
            act, self.pending = self.pending, None
            if act is not None:
                act()


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


if TYPE_CHECKING:
    _Entry = tuple[list[FileTask | Failure], Future[list[ConvertedFile]] | None]


class Worker(Protocol):
    """What works on one input in a worker process: a Converter, or a Renderer."""

    stopped: Callable[[], bool]

    def new_result(self, path: str) -> ConvertedFile: ...

    def convert(self, task: FileTask, result: ConvertedFile) -> None: ...


if TYPE_CHECKING:
    WorkerType = Callable[[ConvertSettings, Callable[[], bool], Critical], Worker]


class Batch:
    """Runs a stream of planned inputs through ``jobs`` workers; use as a context manager.

    With ``jobs == 1`` everything runs in this process. Otherwise worker processes
    are started on entry (before the caller starts any thread), at most
    ``jobs * 4`` batches of inputs are in flight, and results come back in input
    order. After an interrupt (KeyboardInterrupt or any exception raised while
    iterating), call :meth:`stop`: it makes the workers stop between records and
    returns the results of work that finished but was not yet handed back.
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
        self._signal: int | None = None
        self._critical = Critical()
        self._saved: dict[int, Any] = {}

    def __enter__(self) -> Batch:
        if self.jobs > 1:
            import multiprocessing
            import sys
            from concurrent.futures import ProcessPoolExecutor

            # fork is cheap and safe here: no thread has been started yet.
            method = "fork" if sys.platform.startswith("linux") else None
            context = multiprocessing.get_context(method)
            # A byte of shared memory, not an Event: workers read it between records,
            # and Event.is_set takes a lock each time.
            self._stop_flag = context.RawValue("b", 0)
            self._pool = ProcessPoolExecutor(
                self.jobs,
                mp_context=context,
                initializer=_init_worker,
                initargs=(self.settings, self._stop_flag, self.worker),
            )
            _widen_result_pipe(self._pool)
            self._pool.submit(_ready).result()  # start the workers now
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
    # passes it on to the workers (which stop the same way and hand back what they
    # did) and raises it once their results are in. A second signal acts at once.

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
        if self._pool is None:
            if self._critical.inside and self._critical.pending is None:
                self._critical.pending = lambda: self._act(signum)
                return
            self._act(signum)
        elif self._signal is None:
            self._signal = signum
            self._stop_workers()
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
        from newsparse.convert.plan import FileTask

        assert self._pool is not None
        window = self.jobs * 4
        pending = self._pending
        batch: list[FileTask | Failure] = []
        size = submitted = 0
        for task in tasks:
            batch.append(task)
            size += isinstance(task, FileTask)
            if size >= min(MAX_BATCH, 1 << (submitted // self.jobs)):
                pending.append(self._submit(batch))
                submitted += 1
                batch, size = [], 0
                while len(pending) >= window:
                    yield from self._collect(pending.popleft())
        if batch:
            pending.append(self._submit(batch))
        while pending:
            yield from self._collect(pending.popleft())

    def _submit(self, batch: list[FileTask | Failure]) -> _Entry:
        from newsparse.convert.plan import FileTask

        assert self._pool is not None
        work = [task for task in batch if isinstance(task, FileTask)]
        return (batch, self._pool.submit(_convert_batch, work) if work else None)

    def _collect(self, entry: _Entry) -> Iterator[ConvertedFile | Failure]:
        from newsparse.model import Failure

        self._current = entry
        batch, future = entry
        results = future.result() if future is not None else []
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
        for _, future in entries:
            if future is not None:
                future.cancel()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None
        done, self._unhanded = self._unhanded, []
        for _, future in entries:
            if (
                future is not None
                and future.done()
                and not future.cancelled()
                and future.exception() is None
            ):
                done.extend(future.result())
        self._pending.clear()
        self._current = None
        return done


# Worker-process side. A worker ignores signals while it waits for work; while it
# converts, SIGINT or SIGTERM stops it between records, or at once when it is blocked
# reading, but never inside a write. It then hands back what it did.

_converter: Worker | None = None
_critical = Critical()
_busy = False


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


def _init_worker(settings: ConvertSettings, stop_flag: Any, worker: WorkerType) -> None:
    import signal

    signal.signal(signal.SIGINT, _on_worker_signal)
    signal.signal(signal.SIGTERM, _on_worker_signal)
    global _converter
    _converter = worker(settings, lambda: stop_flag.value != 0, _critical)


def _on_worker_signal(signum: int, frame: object) -> None:
    if not _busy:
        return
    if _critical.inside:
        _critical.pending = _interrupt
        return
    _interrupt()


def _interrupt() -> None:
    global _busy
    _busy = False  # one interruption per task
    raise KeyboardInterrupt


def _ready() -> None:
    """A no-op task: running it proves the workers have started."""


def _convert_batch(tasks: list[FileTask]) -> list[ConvertedFile]:
    from newsparse.reader import display_path

    global _busy
    assert _converter is not None
    results: list[ConvertedFile] = []
    try:
        _busy = True
        for task in tasks:
            if _converter.stopped():
                break
            results.append(_converter.new_result(display_path(task.path)))
            _converter.convert(task, results[-1])
    except KeyboardInterrupt:
        if results:
            results[-1].abandon()
    finally:
        _busy = False
    return results
