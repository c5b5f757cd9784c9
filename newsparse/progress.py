"""A progress bar for long runs: files done (of how many), articles, rate and ETA.

rich is imported only when a bar is shown. The total is not known while the
inputs stream in; a background thread counts them, and the bar shows a total
and an ETA once the count is done.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TextIO


class NoProgress:
    """The progress bar when there is none: every call does nothing."""

    def __enter__(self) -> NoProgress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def count_in_background(self, count: Callable[[], Iterable[object]]) -> None:
        return None

    def advance(self, files: int, articles: int) -> None:
        return None


class ProgressBar(NoProgress):
    """A rich progress bar on ``stream``, refreshed a few times a second."""

    REFRESH = 0.1

    def __init__(self, stream: TextIO, label: str = "Converting") -> None:
        self.stream = stream
        self.label = label
        self.files = 0
        self.articles = 0
        self.total: int | None = None
        self._started = time.monotonic()
        self._last = 0.0
        self._progress: Any = None
        self._task: Any = None
        self._stop = threading.Event()

    def __enter__(self) -> ProgressBar:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        console = Console(file=self.stream, force_terminal=True)
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(bar_width=24),
            TextColumn("{task.fields[counts]}"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            refresh_per_second=5,
        )
        self._progress.start()
        self._task = self._progress.add_task(self.label, total=None, counts="")
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._update()
        self._progress.stop()

    def count_in_background(self, count: Callable[[], Iterable[object]]) -> None:
        """Count the items of ``count()`` in a thread, then show the total."""

        def run() -> None:
            total = 0
            for _ in count():
                if self._stop.is_set():
                    return
                total += 1
            self.total = total

        threading.Thread(target=run, name="newsparse-count", daemon=True).start()

    def advance(self, files: int, articles: int) -> None:
        self.files += files
        self.articles += articles
        now = time.monotonic()
        if now - self._last >= self.REFRESH:
            self._last = now
            self._update()

    def _update(self) -> None:
        elapsed = time.monotonic() - self._started
        done = f"{self.files:,}" if self.total is None else f"{self.files:,}/{self.total:,}"
        counts = f"{done} files, {self.articles:,} articles"
        if elapsed > 0:
            counts += f", {self.files / elapsed:,.0f} files/s"
        self._progress.update(self._task, completed=self.files, total=self.total, counts=counts)
