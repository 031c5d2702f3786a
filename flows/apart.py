"""Corpus-wide stages in processes of their own.

A corpus-wide stage (near-duplicates, paragraph repeats, linking, assembly) peaks a few hundred MB above what
the flow process holds, and what it frees does not all go back to the OS: Python's object arenas stay mapped
while any object in them lives, polars' allocator keeps freed pages for a while, glibc's heap fragments. Run
in the flow process, each stage started from the last one's leftovers, so the flow process's peak rose stage
by stage with the corpus (1,239 MB at 20,000 articles, where each stage alone peaked at 440-870 MB).

Here a stage runs in a process forked from a server process that imported the stage modules once
(multiprocessing's forkserver: a fork, not a new interpreter, so a stage starts in milliseconds, not the
seconds of importing polars and Prefect), and all of its memory goes back to the OS when it returns. Its
arguments and its result cross by pickle: paths and small tables, as between any two tasks. The child runs
in the caller's working directory, environment and import path, so relative paths and settings mean what they mean in
the flow process.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import sys
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Executor, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from importlib import import_module
from typing import Any

# Imported once by the server process, shared (copy on write) by every stage process forked from it.
STAGE_MODULES = ("flows.stages.corpus", "flows.stages.link", "flows.stages.assemble", "transforms.link.events")


# CPU seconds and peak resident memory (MB) of the stage processes that have ended: the flow's accounting adds
# them to its own (a stage process is the forkserver's child, so the flow process never reaps it).
_ENDED = {"cpu_seconds": 0.0, "peak_mb": 0}


def ended_cpu_seconds() -> float:
    return _ENDED["cpu_seconds"]


def ended_peak_mb() -> int:
    return _ENDED["peak_mb"]


class StageProcessError(RuntimeError):
    """A stage's process ended without a result (killed, out of memory, or crashed in native code)."""


def _context():
    context = multiprocessing.get_context("forkserver")
    # Only takes effect before the server starts; a server started earlier (by this process) still serves.
    context.set_forkserver_preload(list(STAGE_MODULES))
    return context


def start_stage_server() -> None:
    """Start the server process now, so that its imports overlap the per-document stages."""
    from multiprocessing import forkserver

    _context()
    forkserver.ensure_running()


@contextmanager
def worker_processes(workers: int):
    """``run(function, jobs)`` -> ``[function(job) for job in jobs]``, the jobs run in the order given (the longest
    first finish soonest) on a pool of ``workers`` processes kept for the block (their imports paid once), results
    in the jobs' order; with one worker, in this process.

    The processes are spawned (a new interpreter each): a stage process is a child of the fork server, whose own
    fork server would not be this process's, and forking a process whose thread pools (polars) have run may copy a
    held lock.  Spawned processes are this process's children, so their CPU time counts in its ``RUSAGE_CHILDREN``
    once the pool has ended."""
    if workers <= 1:
        yield lambda function, jobs, costs=None, budget=None: [function(job) for job in jobs]
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:

        def run(function: Callable[[Any], Any], jobs: list, costs: list[float] | None = None, budget=None) -> list:
            """``costs`` (an estimate of each job's peak memory) and ``budget``: see ``run_within_budget``."""
            if costs is not None and budget is not None:
                return run_within_budget(pool, function, jobs, costs, budget, workers)
            futures = [pool.submit(function, job) for job in jobs]
            return [future.result() for future in futures]

        yield run


def run_within_budget(
    pool: Executor, function: Callable[[Any], Any], jobs: list, costs: list[float], budget: float, workers: int
) -> list:
    """``[function(job) for job in jobs]`` on ``pool``, at most ``workers`` at once and never more at once than the
    ``costs`` of the running jobs (their estimated peak memory) allow within ``budget``: a job starts when it fits
    beside those running (``next_within_budget``: the first in the order given that fits, so largest first when the
    jobs come so), and a job over the budget by itself starts when none runs, and runs alone.  The results are in
    the jobs' order."""
    results: list[Any] = [None] * len(jobs)
    waiting = list(range(len(jobs)))
    running: dict = {}  # future -> job index
    while waiting or running:
        while waiting and len(running) < workers:
            index = next_within_budget(waiting, [costs[i] for i in running.values()], costs, budget)
            if index is None:
                break
            waiting.remove(index)
            running[pool.submit(function, jobs[index])] = index
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            results[running.pop(future)] = future.result()
    return results


def next_within_budget(waiting: list[int], running: list[float], costs: list[float], budget: float) -> int | None:
    """With none ``running``, the first ``waiting`` job, even over the budget (it runs alone: a smaller job started
    first would leave the largest, and longest, to the end); else the first waiting job whose cost fits in
    ``budget`` beside the running ones' costs, or None (it has to wait)."""
    if not running:
        return waiting[0] if waiting else None
    used = sum(running)
    return next((index for index in waiting if used + costs[index] <= budget), None)


def _call(module: str, name: str, cwd: str, environ: dict[str, str], path: list[str], args: tuple, kwargs: dict):
    os.chdir(cwd)
    sys.path[:] = path
    os.environ.clear()
    os.environ.update(environ)
    target = getattr(import_module(module), name)
    result = getattr(target, "fn", target)(*args, **kwargs)  # a Prefect task's function, not a nested task run
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    # the stage's worker processes (worker_processes) count in its CPU time; the peak is that of one process
    cpu_seconds = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return result, cpu_seconds, max(own.ru_maxrss, children.ru_maxrss) // 1024  # Linux: ru_maxrss in KiB


def in_own_process(stage, *args, **kwargs) -> Any:
    """``stage(*args, **kwargs)`` (a module-level function or Prefect task) in a process of its own."""
    function = getattr(stage, "fn", stage)
    where = (function.__module__, function.__name__, os.getcwd(), dict(os.environ), list(sys.path))
    with ProcessPoolExecutor(max_workers=1, mp_context=_context()) as pool:
        try:
            result, cpu_seconds, peak_mb = pool.submit(_call, *where, args, kwargs).result()
        except BrokenProcessPool as error:
            raise StageProcessError(
                f"the process of stage {function.__name__} ended without a result (killed or out of memory?)"
            ) from error
    _ENDED["cpu_seconds"] += cpu_seconds
    _ENDED["peak_mb"] = max(_ENDED["peak_mb"], peak_mb)
    return result
