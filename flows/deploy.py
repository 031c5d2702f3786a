"""The scheduled deployment of ``flows.build.build_release``.

Two ways to run it on a schedule, both with the cron and timezone from ``[schedule]`` in the config:

* ``newsevents serve`` (``serve(config)``): this process registers the deployment with the Prefect
  API and runs the scheduled flow runs itself. No work pool or worker needed. Without
  ``PREFECT_API_URL`` it starts a local Prefect server for as long as it serves (see ``prefect_api``).
* ``prefect deploy`` with ``prefect.yaml`` at the project root: the same deployment, registered
  for a work pool whose worker runs it (for a team with a Prefect server).

Prefect is imported lazily so the rest of the CLI starts fast.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flows.config import Config

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

DEPLOYMENT_NAME = "newsevents-daily"
FLOW_NAME = "build_release"
DEPLOYMENT_TAGS = ["newsevents"]
# Two overlapping runs would race to publish the same release; one at a time.
CONCURRENCY_LIMIT = 1
# Prefect's own default port, so the UI is where Prefect's documentation says it is.
DEFAULT_SERVER_PORT = 4200
SERVER_LOG_FILENAME = "newsevents-serve-server.log"
DEFAULT_SERVER_STARTUP_SECONDS = 120.0


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


def _port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _wait_until_healthy(api_url: str, server: subprocess.Popen, log_path: Path, timeout: float) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            tail = log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise RuntimeError(f"the local Prefect server exited with code {server.returncode}:\n{tail}")
        try:
            if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"the local Prefect server did not answer within {timeout:.0f} s (log: {log_path})")


@contextmanager
def prefect_api(port: int = DEFAULT_SERVER_PORT) -> Iterator[str]:
    """The Prefect API that ``serve`` registers with and its flow runs report to.

    ``PREFECT_API_URL`` when set. Otherwise a full local Prefect server (``prefect server start``)
    for as long as this block runs, and its URL exported to this process and the flow-run processes
    it spawns. Why not Prefect's temporary server: that server runs no background services, so no
    scheduled run is ever created; and each flow-run process, finding no API URL, starts a temporary
    server of its own, whose in-memory lease store has never seen the deployment's concurrency lease
    taken by the runner, so the run is cancelled with "Deployment concurrency slot lost during
    provisioning" (prefect/server/orchestration/core_policy.py).
    """
    from prefect.settings import PREFECT_API_URL, PREFECT_HOME, temporary_settings

    configured = PREFECT_API_URL.value()
    if configured:
        yield str(configured)
        return
    if not _port_is_free(port):
        raise RuntimeError(
            f"port {port} is in use. If a Prefect server runs there, use it: "
            f"PREFECT_API_URL=http://127.0.0.1:{port}/api newsevents serve; or choose another port with --port."
        )
    api_url = f"http://127.0.0.1:{port}/api"
    log_path = Path(PREFECT_HOME.value()) / SERVER_LOG_FILENAME
    log_path.parent.mkdir(parents=True, exist_ok=True)
    timeout = float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", DEFAULT_SERVER_STARTUP_SECONDS))
    with log_path.open("ab") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            # Its own session: Ctrl-C reaches only serve, which still needs the server to pause the
            # schedule on its way out, and then stops it below.
            start_new_session=True,
        )
    print(f"Started a local Prefect server at http://127.0.0.1:{port} (pid {server.pid}, log: {log_path}).", flush=True)
    previous = os.environ.get("PREFECT_API_URL")
    try:
        _wait_until_healthy(api_url, server, log_path, timeout)
        os.environ["PREFECT_API_URL"] = api_url  # inherited by the runner's flow-run processes
        with temporary_settings(updates={PREFECT_API_URL: api_url}):
            yield api_url
    finally:
        if previous is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = previous
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def serve(config: Config, *, run_once: bool = False, port: int = DEFAULT_SERVER_PORT) -> None:
    """Register the deployment and run its scheduled and triggered flow runs in this process until
    interrupted (Ctrl-C; the schedule is then paused so runs do not pile up while nobody serves them).
    ``run_once``: register, poll for due runs once and return (for tests and smoke checks).
    ``port``: where the local Prefect server listens when PREFECT_API_URL is not set."""
    from prefect.runner import Runner

    with prefect_api(port) as api_url:
        deployment = build_deployment(config)
        runner = Runner(name="newsevents", limit=CONCURRENCY_LIMIT, pause_on_shutdown=not run_once)
        runner.add_deployment(deployment)
        if not run_once:
            ui_url = api_url.removesuffix("/api")
            print(
                f"Serving deployment '{FLOW_NAME}/{DEPLOYMENT_NAME}' on cron '{config.cron}' ({config.timezone}).\n"
                f"Prefect API {api_url}; runs appear in the UI at {ui_url}. Start one now with:\n"
                f"  PREFECT_API_URL={api_url} prefect deployment run '{FLOW_NAME}/{DEPLOYMENT_NAME}'\n"
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
