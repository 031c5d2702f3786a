"""The same flow on every task runner: local processes (default), threads, and a Dask cluster, same bytes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli import main
from flows.config import load_config

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _data_digests(output: Path) -> dict[str, str]:
    release = output / "releases" / (output / "LATEST").read_text().strip()
    return _release_digests(release)


def _release_digests(release: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((release / "data").glob("*.parquet"))}


@pytest.fixture(scope="module")
def default_run(seed_release):
    """The data of the session's seeds release: a run of the seeds on the project's configuration (local worker
    processes, two of them) with the run date this module's runs pin as well (conftest.SEEDS_RUN_EPOCH)."""
    config = load_config()  # the repo's newsevents.toml, which the seeds build reads
    runner = (config.runner_kind, config.n_process, config.dask_address, config.dask_workers)
    assert runner == ("process", 2, None, None)
    return _release_digests(seed_release)


@pytest.fixture(scope="module")
def monkeypatch_module(seeds_run_epoch):
    mp = pytest.MonkeyPatch()
    # The seeds release's creation time for every run of this module, so runs on different runners can be
    # compared with it byte for byte.
    mp.setenv("SOURCE_DATE_EPOCH", seeds_run_epoch)
    yield mp
    mp.undo()


@pytest.mark.e2e
def test_dask_cluster_gives_byte_identical_data(default_run, monkeypatch_module, tmp_path):
    import distributed

    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        out = tmp_path / "dask"
        assert (
            main(["run", "--input", str(SEEDS), "--output", str(out), "--dask-address", cluster.scheduler_address]) == 0
        )
    assert _data_digests(out) == default_run
    assert len(default_run) >= 10


@pytest.mark.e2e
def test_thread_runner_gives_byte_identical_data(default_run, monkeypatch_module, tmp_path):
    config = tmp_path / "threads.toml"
    config.write_text('[runner]\nkind = "thread"\n', encoding="utf-8")
    out = tmp_path / "threads"
    assert main(["run", "--input", str(SEEDS), "--output", str(out), "--config", str(config)]) == 0
    assert _data_digests(out) == default_run


def test_worker_exit_without_teardown_keeps_buffered_output_and_status():
    """A worker process ends by os._exit: what it printed (buffered, into a pipe) must still arrive, and the
    status must say it ended normally."""
    code = (
        "import atexit, sys\n"
        "from flows.runner import exit_without_teardown\n"
        "atexit.register(exit_without_teardown)\n"
        "sys.stdout.write('last words')\n"
        "sys.stderr.write('last error words')\n"
    )
    root = Path(__file__).resolve().parent.parent
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, env=env)
    assert done.returncode == 0
    assert done.stdout == "last words"
    assert done.stderr == "last error words"
