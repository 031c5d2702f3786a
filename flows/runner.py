"""The task runner of build_release: local worker processes by default, threads, or a Dask cluster.

Only the runner differs between them; the flow submits the same tasks with the same arguments (paths
and small settings), so a run on a cluster publishes the same bytes as a local run.  On a cluster every
worker needs the project installed (``uv sync``), the input and output folders at the same paths (a
shared file system), and, across machines, a Prefect API all workers reach (``PREFECT_API_URL``).
"""

from __future__ import annotations

import atexit
import logging
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flows.config import Config


def task_runner_for(config: Config):
    from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

    if config.dask_address or config.dask_workers:
        from prefect_dask import DaskTaskRunner

        if config.dask_address:
            return DaskTaskRunner(address=config.dask_address)
        return DaskTaskRunner(
            cluster_class="distributed.LocalCluster",
            cluster_kwargs={
                "n_workers": config.dask_workers,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
            },
        )
    if config.runner_kind == "thread":
        return ThreadPoolTaskRunner(max_workers=config.n_process)
    # The model is loaded once in each worker process, as it starts, while the flow reads the input.
    return ProcessPoolTaskRunner(max_workers=config.n_process, initializer=start_worker)


def start_worker() -> None:
    """Initializer of each local worker process: the model and gazetteer loaded, and an exit without teardown."""
    from flows.stages.nlp import preload_model

    preload_model()
    # Registered before Prefect starts its services in this process: atexit runs the last registered first, so
    # Prefect's own exit handlers (and multiprocessing's, which flush the result queue) have run by then.
    atexit.register(exit_without_teardown)


def exit_without_teardown() -> None:
    """End a worker process once its pool shuts it down, skipping the interpreter's teardown.

    A spawned worker exits through ``sys.exit``: Python then frees every module and object one by one (spaCy's
    model, Prefect, polars), about 0.9 CPU seconds and 2 s on a busy 2-core machine, during which the flow waits
    for the pool to stop.  Results and logs have left by then; files are closed by the tasks that wrote them.
    The status is 0: a pool's worker ends normally when the pool shuts down (a killed one runs no exit handlers).
    """
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()
    os._exit(0)


def runner_workers(config: Config) -> int:
    """How many tasks run at once (to cut per-document work into enough units)."""
    return config.dask_workers or config.n_process
