"""The worker side of the pool: batches of planned inputs in, each worker process's results out.

A worker ignores signals while it waits for work; while it converts, SIGINT or
SIGTERM stops it between records, or at once when it is blocked reading, but
never inside a write. It then hands back what it did. The pool in
:mod:`newsparse.convert.pool` starts workers with :func:`start` and gives them
:func:`convert_batch` tasks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsparse.convert.critical import Critical

if TYPE_CHECKING:
    from newsparse.convert.plan import FileTask
    from newsparse.convert.pool import Worker, WorkerType
    from newsparse.convert.worker import ConvertedFile, ConvertSettings

_converter: Worker | None = None
_critical = Critical()
_busy = False


def start(settings: ConvertSettings, stop_flag: Any, worker: WorkerType) -> None:
    """Set up a new worker process: its signal handlers, and the converter it keeps."""
    import signal

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    global _converter
    _converter = worker(settings, lambda: stop_flag.value != 0, _critical)


def _on_signal(signum: int, frame: object) -> None:
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


def ready() -> None:
    """A no-op task: running it proves the workers have started."""


def convert_batch(tasks: list[FileTask]) -> list[ConvertedFile]:
    """Convert the tasks in turn, up to the stop flag or a signal; what was done."""
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
