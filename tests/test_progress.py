"""flows/progress.py: plain lines off a terminal, a rich bar on one, counts from many threads."""

from __future__ import annotations

import io
import threading

import pytest

from flows import progress


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines_every_interval_and_a_closing_line():
    stream, clock = io.StringIO(), FakeClock()
    with progress.stage("parse", total=100, stream=stream, interval_seconds=10, clock=clock) as bar:
        for _ in range(10):
            clock.now += 2  # 10 documents every 2 s: 5 documents/s
            bar.advance(10)
    lines = stream.getvalue().splitlines()
    # A line after 10 s and after 20 s of work, then the closing line; nothing in between.
    assert lines == [
        "parse: 50/100 documents (50%), 5.0 documents/s, about 10 s left",
        "parse: 100/100 documents (100%), 5.0 documents/s, about 0 s left",
        "parse: 100 documents in 20 s (5.0 documents/s)",
    ]


def test_unknown_total_and_late_total():
    stream, clock = io.StringIO(), FakeClock()
    with progress.stage("extract", unit="shards", stream=stream, interval_seconds=1, clock=clock) as bar:
        clock.now += 1
        bar.advance(3)
        bar.set_total(6)
        clock.now += 1
        bar.advance(3)
    assert stream.getvalue().splitlines() == [
        "extract: 3 shards, 3.0 shards/s",
        "extract: 6/6 shards (100%), 3.0 shards/s, about 0 s left",
        "extract: 6 shards in 2 s (3.0 shards/s)",
    ]


def test_a_stage_that_fails_still_closes_its_line():
    stream = io.StringIO()
    with pytest.raises(RuntimeError), progress.stage("parse", total=5, stream=stream) as bar:
        bar.advance(2)
        raise RuntimeError("boom")
    assert stream.getvalue().splitlines()[-1].startswith("parse: 2 documents in ")


def test_terminal_gets_a_rich_bar(monkeypatch):
    monkeypatch.delenv(progress.PLAIN_ENV, raising=False)
    terminal = FakeTerminal()
    assert progress.is_interactive(terminal)
    with progress.stage("parse", total=4, stream=terminal) as bar:
        assert bar._rich is not None
        bar.advance(4)
    assert "parse" in terminal.getvalue() and "4/4" in terminal.getvalue()
    monkeypatch.setenv(progress.PLAIN_ENV, "1")
    assert not progress.is_interactive(terminal)
    assert not progress.is_interactive(io.StringIO())


def test_advance_from_many_threads_counts_every_unit():
    stream = io.StringIO()
    with progress.stage("parse", total=8000, stream=stream, interval_seconds=0.0) as bar:
        threads = [threading.Thread(target=lambda: [bar.advance(1) for _ in range(1000)]) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert bar.completed == 8000
    assert stream.getvalue().splitlines()[-1].startswith("parse: 8,000 documents in ")


def test_advance_as_worker_processes_return():
    """The documented use with worker processes: the parent advances as each result comes back."""
    from concurrent.futures import ProcessPoolExecutor, as_completed

    stream = io.StringIO()
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(abs, -i) for i in range(6)]
        with progress.stage("parse", total=len(futures), unit="shards", stream=stream) as bar:
            results = []
            for future in as_completed(futures):
                results.append(future.result())
                bar.advance(1)
    assert sorted(results) == list(range(6)) and bar.completed == 6
    assert stream.getvalue().splitlines()[-1].startswith("parse: 6 shards in ")
