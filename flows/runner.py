"""The task runner of build_release: local worker processes by default, threads, or a Dask cluster.

Only the runner differs between them; the flow submits the same tasks with the same arguments (paths
and small settings), so a run on a cluster publishes the same bytes as a local run.  On a cluster every
worker needs the project installed (``uv sync``), the input and output folders at the same paths (a
shared file system), and, across machines, a Prefect API all workers reach (``PREFECT_API_URL``).
"""

from __future__ import annotations

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
    from flows.stages.nlp import preload_model

    # The model is loaded once in each worker process, as it starts, while the flow reads the input.
    return ProcessPoolTaskRunner(max_workers=config.n_process, initializer=preload_model)


def runner_workers(config: Config) -> int:
    """How many tasks run at once (to cut per-document work into enough units)."""
    return config.dask_workers or config.n_process
