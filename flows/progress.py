"""Progress of the long stages of a run, as the person watching it needs it.

The flow wraps each long stage (parse, extract, ...) in ``stage`` and advances it as work comes back::

    from flows import progress

    with progress.stage("parse", total=len(shards), unit="shards") as bar:
        for future in as_completed(futures):  # results of worker processes or a Dask cluster
            bar.advance(1)

On a terminal this draws a ``rich.progress`` bar (done/total, rate, time left); otherwise (a log file,
a pipe, a served run) it writes one plain line every ``interval_seconds`` and a closing line, so logs
stay readable and never fill with carriage returns. Always advance from the process that opened the
stage: when the work runs in worker processes, the parent advances as each result arrives, which is
also the moment that work is really done. ``advance`` is thread-safe (task runners call back from
threads).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO

from rich.progress import ProgressColumn
from rich.text import Text

# Environment switch for plain lines even on a terminal (e.g. screen recordings, CI that fakes a TTY).
PLAIN_ENV = "NEWSEVENTS_PROGRESS_PLAIN"
# A plain line every 10 s: often enough to see a run is alive, rare enough that a long run's log stays
# short (a 1-hour parse writes 360 lines).
DEFAULT_INTERVAL_SECONDS = 10.0


def _count(n: float) -> str:
    return f"{n:,.0f}"


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class StageProgress:
    """Progress of one stage; made by ``stage``, advanced by the flow."""

    def __init__(
        self,
        name: str,
        total: int | None,
        *,
        unit: str,
        stream: IO[str],
        interactive: bool,
        interval_seconds: float,
        clock: Callable[[], float],
    ) -> None:
        self.name = name
        self.total = total
        self.unit = unit
        self.completed = 0
        self._stream = stream
        self._interactive = interactive
        self._interval = interval_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._started = clock()
        self._last_line = self._started
        self._rich = None
        self._task_id = None

    # -- numbers -------------------------------------------------------------------------------

    @property
    def elapsed(self) -> float:
        return self._clock() - self._started

    @property
    def rate(self) -> float | None:
        """Units per second so far (None before the first unit or before any time passed)."""
        elapsed = self.elapsed
        return self.completed / elapsed if self.completed and elapsed > 0 else None

    @property
    def seconds_left(self) -> float | None:
        rate = self.rate
        if rate is None or self.total is None:
            return None
        return max(0.0, (self.total - self.completed) / rate)

    def status_line(self) -> str:
        """One line: 'parse: 500/1,000 documents (50%), 23.8 documents/s, about 21 s left'."""
        done = _count(self.completed)
        if self.total:
            head = f"{self.name}: {done}/{_count(self.total)} {self.unit} ({100 * self.completed / self.total:.0f}%)"
        else:
            head = f"{self.name}: {done} {self.unit}"
        parts = [head]
        if self.rate is not None:
            parts.append(f"{self.rate:,.1f} {self.unit}/s")
        if self.seconds_left is not None:
            parts.append(f"about {_duration(self.seconds_left)} left")
        return ", ".join(parts)

    def closing_line(self) -> str:
        line = f"{self.name}: {_count(self.completed)} {self.unit} in {_duration(self.elapsed)}"
        if self.rate is not None:
            line += f" ({self.rate:,.1f} {self.unit}/s)"
        return line

    # -- updates -------------------------------------------------------------------------------

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more units as done (call from the process that opened the stage)."""
        with self._lock:
            self.completed += n
            if self._rich is not None:
                self._rich.update(self._task_id, completed=self.completed)
                return
            now = self._clock()
            if now - self._last_line >= self._interval:
                self._last_line = now
                self._write(self.status_line())

    def set_total(self, total: int) -> None:
        """The total, when it is known only once the stage started (e.g. after the cache lookup)."""
        with self._lock:
            self.total = total
            if self._rich is not None:
                self._rich.update(self._task_id, total=total)

    def _write(self, line: str) -> None:
        self._stream.write(line + "\n")
        self._stream.flush()

    # -- lifecycle (used by ``stage``) ---------------------------------------------------------

    def _open(self) -> None:
        if not self._interactive:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._rich = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(self.unit),
            _RateColumn(self.unit),
            TimeRemainingColumn(),
            TextColumn("left"),
            console=Console(file=self._stream),
        )
        self._rich.start()
        self._task_id = self._rich.add_task(self.name, total=self.total)

    def _close(self) -> None:
        if self._rich is not None:
            self._rich.stop()
            self._rich = None
        self._write(self.closing_line())


class _RateColumn(ProgressColumn):
    """'23.8 documents/s' from rich's own speed estimate."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f}/s" if speed else "-/s", style="progress.data.speed")


def is_interactive(stream: IO[str]) -> bool:
    """A bar only on a real terminal, and not when NEWSEVENTS_PROGRESS_PLAIN asks for plain lines."""
    if os.environ.get(PLAIN_ENV, "").strip() not in ("", "0"):
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


@contextmanager
def stage(
    name: str,
    total: int | None = None,
    *,
    unit: str = "documents",
    stream: IO[str] | None = None,
    interactive: bool | None = None,
    interval_seconds: float = DEFAULT_INTERVAL_SECONDS,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[StageProgress]:
    """Report the progress of one stage; see the module docstring. ``stream`` defaults to stdout."""
    stream = stream if stream is not None else sys.stdout
    progress = StageProgress(
        name,
        total,
        unit=unit,
        stream=stream,
        interactive=is_interactive(stream) if interactive is None else interactive,
        interval_seconds=interval_seconds,
        clock=clock,
    )
    progress._open()
    try:
        yield progress
    finally:
        progress._close()
