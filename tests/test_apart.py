"""Corpus-wide stages in processes of their own (flows.apart): results, errors, accounting, memory."""

from __future__ import annotations

import os

import psutil
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from prefect import task

from flows import apart


def _pid_and_cwd() -> tuple[int, str]:
    return os.getpid(), os.getcwd()


def _fails(message: str) -> None:
    raise ValueError(message)


def _hold(mb: int) -> int:
    block = bytearray(mb * 2**20)
    block[::4096] = b"x" * len(block[::4096])  # touch every page: resident, not just reserved
    return len(block) // 2**20


@task
def _task_returning(value: int) -> int:
    return value * 2


def test_a_stage_runs_in_another_process_in_the_callers_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pid, cwd = apart.in_own_process(_pid_and_cwd)
    assert pid != os.getpid()
    assert cwd == str(tmp_path)


def test_a_stage_sees_the_environment_as_it_is_when_called(monkeypatch):
    apart.start_stage_server()  # the server's own environment is the one it started with
    monkeypatch.setenv("NEWSEVENTS_APART_PROBE", "set after the server started")
    assert apart.in_own_process(os.getenv, "NEWSEVENTS_APART_PROBE") == "set after the server started"


def test_a_prefect_task_runs_as_its_function_not_a_task_run():
    assert apart.in_own_process(_task_returning, 21) == 42


def test_an_error_in_the_stage_is_raised_in_the_caller():
    with pytest.raises(ValueError, match="bad row"):
        apart.in_own_process(_fails, "bad row")


def test_a_stage_process_that_dies_is_a_stage_error():
    with pytest.raises(apart.StageProcessError, match="_exit"):
        apart.in_own_process(os._exit, 3)


def test_the_stage_memory_is_not_kept_by_the_caller_but_counted():
    before = psutil.Process().memory_info().rss
    cpu_before = apart.ended_cpu_seconds()
    assert apart.in_own_process(_hold, 300) == 300
    assert psutil.Process().memory_info().rss - before < 100 * 2**20
    assert apart.ended_peak_mb() >= 300
    assert apart.ended_cpu_seconds() > cpu_before


def _square_and_pid(value: int) -> tuple[int, int]:
    return value * value, os.getpid()


def _spin(seconds: float) -> float:
    import time

    started = time.process_time()
    while time.process_time() - started < seconds:
        pass
    return seconds


def _spin_in_workers(seconds: float) -> list[float]:
    with apart.worker_processes(2) as run:
        return run(_spin, [seconds, seconds])


def test_worker_processes_run_the_jobs_elsewhere_and_give_their_results_in_order():
    with apart.worker_processes(2) as run:
        results = run(_square_and_pid, [3, 1, 2])
        assert run(_square_and_pid, [4])[0][0] == 16  # the pool serves more than one call
    assert [square for square, _ in results] == [9, 1, 4]
    assert os.getpid() not in {pid for _, pid in results}
    with apart.worker_processes(1) as run:
        assert run(_square_and_pid, [3]) == [(9, os.getpid())]


def test_a_stage_counts_the_cpu_time_of_its_worker_processes():
    before = apart.ended_cpu_seconds()
    assert apart.in_own_process(_spin_in_workers, 0.5) == [0.5, 0.5]
    assert apart.ended_cpu_seconds() - before >= 1.0


class _Ledger:
    """The jobs running at once and the most their costs ever added up to, beside a run of the largest job alone."""

    def __init__(self, costs: list[float]):
        import threading

        self.costs, self.lock, self.running, self.peak, self.alone_ok = costs, threading.Lock(), set(), 0.0, True
        self.most_at_once = 0

    def job(self, index: int) -> int:
        import time

        with self.lock:
            self.running.add(index)
            self.most_at_once = max(self.most_at_once, len(self.running))
            self.peak = max(self.peak, sum(self.costs[i] for i in self.running))
        time.sleep(0.002)
        with self.lock:
            self.running.discard(index)
        return index * 10


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(min_value=0, max_value=100), min_size=0, max_size=8),
    st.floats(min_value=1, max_value=200),
    st.integers(min_value=1, max_value=3),
)
def test_jobs_run_within_the_memory_budget_and_give_their_results_in_order(costs, budget, workers):
    from concurrent.futures import ThreadPoolExecutor

    ledger = _Ledger(costs)
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = apart.run_within_budget(pool, ledger.job, list(range(len(costs))), costs, budget, workers)
    assert results == [i * 10 for i in range(len(costs))]
    assert ledger.most_at_once <= workers
    # at once, the costs stay within the budget, except a job over it by itself, which runs alone
    assert ledger.peak <= max([budget, *costs])


def test_a_job_waits_for_room_in_the_budget_and_the_first_that_fits_goes_first():
    # running: 6 of 10; waiting: 5 (does not fit), 3 (fits) -> the 3
    assert apart.next_within_budget([0, 1], [6.0], [5.0, 3.0], 10.0) == 1
    assert apart.next_within_budget([0], [6.0], [5.0], 10.0) is None
    assert apart.next_within_budget([0, 1], [], [50.0, 3.0], 10.0) == 0  # over the budget alone: runs alone


def test_worker_processes_keep_to_a_budget_of_one_job_at_a_time():
    with apart.worker_processes(2) as run:
        results = run(_square_and_pid, [3, 1, 2], [5.0, 5.0, 5.0], 6.0)
    assert [square for square, _ in results] == [9, 1, 4]
    assert len({pid for _, pid in results}) >= 1
