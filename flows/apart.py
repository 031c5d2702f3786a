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
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
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


def _call(module: str, name: str, cwd: str, environ: dict[str, str], path: list[str], args: tuple, kwargs: dict):
    os.chdir(cwd)
    sys.path[:] = path
    os.environ.clear()
    os.environ.update(environ)
    target = getattr(import_module(module), name)
    result = getattr(target, "fn", target)(*args, **kwargs)  # a Prefect task's function, not a nested task run
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return result, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024  # Linux: ru_maxrss in KiB


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
