"""`newsevents serve` alone (no Prefect server started by anyone else) runs its deployment to the end.

A bare `newsevents serve` in a subprocess, with its own PREFECT_HOME and output folder and no
PREFECT_API_URL, as on a fresh machine. The test triggers a run of the served deployment through the
API serve reports, and waits for it and for a run the schedule created (cron every minute) to complete;
the triggered run must publish a release.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.deploy import DEPLOYMENT_NAME, FLOW_NAME
from tests.conftest import SEEDS_DIR

# Generous: the server's first start migrates a new database, and the machine is shared.
SERVER_TIMEOUT_SECONDS = 300
RUN_TIMEOUT_SECONDS = 600


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_line(path: Path, needle: str, process: subprocess.Popen, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = path.read_text(errors="replace") if path.exists() else ""
        if needle in text:
            return text
        if process.poll() is not None:
            raise AssertionError(f"serve exited with {process.returncode}:\n{text[-3000:]}")
        time.sleep(1)
    raise AssertionError(f"no {needle!r} within {timeout} s:\n{path.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A bare `newsevents serve` on a free port; yields (api_url, output folder, log file)."""
    root = tmp_path_factory.mktemp("serve")
    (root / "articles").mkdir()
    for seed in SEEDS_DIR.glob("*.txt"):
        (root / "articles" / seed.name).write_bytes(seed.read_bytes())
    config = root / "newsevents.toml"
    config.write_text(
        '[run]\ninput = "articles"\noutput = "out"\n[schedule]\ncron = "* * * * *"\ntimezone = "UTC"\n',
        encoding="utf-8",
    )
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env.update(PREFECT_HOME=str(root / "prefect-home"), PREFECT_RUNNER_POLL_FREQUENCY="2")
    env.pop("PREFECT_LOGGING_LEVEL", None)
    log = root / "serve.log"
    with log.open("wb") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "serve", "--config", str(config), "--port", str(port)],
            stdout=handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=root,
        )
    try:
        _wait_for_line(log, "Serving deployment", process, SERVER_TIMEOUT_SECONDS)
        yield f"http://127.0.0.1:{port}/api", root / "out", log
    finally:
        # Ctrl-C, as a user stops it: serve pauses the schedule, then stops the server it started.
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        server_pid = re.search(r"local Prefect server at \S+ \(pid (\d+)", log.read_text(errors="replace"))
        if server_pid and _alive(int(server_pid.group(1))):
            os.kill(int(server_pid.group(1)), signal.SIGKILL)
            raise AssertionError("serve left its Prefect server running")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) counts as stopped.
    status = Path(f"/proc/{pid}/status")
    return not (status.is_file() and "State:\tZ" in status.read_text())


def _final_state(client, flow_run_id, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = client.read_flow_run(flow_run_id)
        if run.state is not None and run.state.is_final():
            return run
        time.sleep(3)
    raise AssertionError(f"flow run {flow_run_id} not finished after {timeout} s (state {run.state})")


@pytest.mark.e2e
def test_triggered_and_scheduled_runs_of_a_bare_serve_complete_and_publish(served):
    from prefect import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId
    from prefect.settings import PREFECT_API_URL, temporary_settings

    api_url, output, log = served
    assert f"Prefect API {api_url}" in log.read_text()
    with temporary_settings(updates={PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        deployment = client.read_deployment_by_name(f"{FLOW_NAME}/{DEPLOYMENT_NAME}")
        triggered = client.create_flow_run_from_deployment(deployment.id)
        run = _final_state(client, triggered.id, RUN_TIMEOUT_SECONDS)
        assert run.state.is_completed(), f"{run.state!r}\n{log.read_text(errors='replace')[-4000:]}"

        # The scheduler of the local server created runs from the cron; wait for one to complete.
        deadline = time.monotonic() + RUN_TIMEOUT_SECONDS
        scheduled_done = []
        while not scheduled_done and time.monotonic() < deadline:
            runs = client.read_flow_runs(
                deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment.id]))
            )
            scheduled = [r for r in runs if r.auto_scheduled]
            assert all(not (r.state and r.state.is_cancelled()) for r in scheduled), [r.state for r in scheduled]
            scheduled_done = [r for r in scheduled if r.state is not None and r.state.is_completed()]
            time.sleep(3)
        assert scheduled_done, f"no scheduled run completed\n{log.read_text(errors='replace')[-4000:]}"

    latest = (output / "LATEST").read_text().strip()
    release = output / "releases" / latest
    assert (release / "manifest.json").is_file() and (release / "index.html").is_file()
    assert "Deployment concurrency slot lost" not in log.read_text(errors="replace")
