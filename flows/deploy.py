"""The scheduled deployment of ``flows.build.build_release``.

Two ways to run it on a schedule, both with the cron and timezone from ``[schedule]`` in the config:

* ``newsevents serve`` (``serve(config)``): this process registers the deployment with the Prefect
  API and runs the scheduled flow runs itself. No work pool or worker needed.
* ``prefect deploy`` with ``prefect.yaml`` at the project root: the same deployment, registered
  for a work pool whose worker runs it (for a team with a Prefect server).

Prefect is imported lazily so the rest of the CLI starts fast.
"""

from __future__ import annotations

import asyncio
import signal
from typing import TYPE_CHECKING, Any

from flows.config import Config

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

DEPLOYMENT_NAME = "newsevents-daily"
FLOW_NAME = "build_release"
DEPLOYMENT_TAGS = ["newsevents"]
# Two overlapping runs would race to publish the same release; one at a time.
CONCURRENCY_LIMIT = 1


def deployment_parameters(config: Config) -> dict[str, Any]:
    """Flow parameters of every scheduled run: absolute paths, so the run does not depend on the
    directory the runner was started from; the config file so its sources and policies apply."""
    return {
        "input_dir": str(config.input),
        "output_dir": str(config.output),
        "config_path": str(config.path) if config.path else None,
        "full_refresh": False,
    }


def build_deployment(config: Config) -> RunnerDeployment:
    """The ``newsevents-daily`` deployment of ``build_release`` with the configured cron schedule."""
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    from flows.build import build_release

    return build_release.to_deployment(
        name=DEPLOYMENT_NAME,
        schedules=[Cron(config.cron, timezone=config.timezone)],
        parameters=deployment_parameters(config),
        concurrency_limit=CONCURRENCY_LIMIT,
        description=(
            f"Build, validate and publish a newsevents release from {config.input} "
            f"on cron '{config.cron}' ({config.timezone})."
        ),
        tags=DEPLOYMENT_TAGS,
        # Module path (flows.build.build_release), not a file path relative to the current
        # directory: the installed package is found wherever `newsevents serve` is started.
        entrypoint_type=EntrypointType.MODULE_PATH,
    )


def serve(config: Config, *, run_once: bool = False) -> None:
    """Register the deployment and run its scheduled flow runs in this process until interrupted
    (Ctrl-C; the schedule is then paused so runs do not pile up while nobody serves them).
    ``run_once``: register, poll for due runs once and return (for tests and smoke checks)."""
    from prefect.runner import Runner

    deployment = build_deployment(config)
    runner = Runner(name="newsevents", limit=CONCURRENCY_LIMIT, pause_on_shutdown=not run_once)
    runner.add_deployment(deployment)
    if not run_once:
        print(
            f"Serving deployment '{FLOW_NAME}/{DEPLOYMENT_NAME}' on cron '{config.cron}' ({config.timezone}).\n"
            f"Runs appear in the Prefect UI; start one now with:\n"
            f"  prefect deployment run '{FLOW_NAME}/{DEPLOYMENT_NAME}'\n"
            "Stop with Ctrl-C.",
            flush=True,
        )
    previous_sigterm = signal.getsignal(signal.SIGTERM)
    try:
        asyncio.run(runner.start(run_once=run_once))
    except KeyboardInterrupt:
        print("Stopped serving; the schedule is paused until served again.", flush=True)
    finally:
        # Runner.start installs its own SIGTERM handler (exits the process); restore the caller's.
        signal.signal(signal.SIGTERM, previous_sigterm)
