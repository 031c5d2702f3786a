"""Shared fixtures: environment for Prefect/GX, the spaCy pipeline and the seed articles."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
import websockets.asyncio.connection as websockets_connection

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "seeds"
SHARED_DATA = ROOT.parent / "shared" / "data"

os.environ.setdefault("PREFECT_HOME", str(ROOT / ".prefect"))
# Prefect logs "Stopping temporary server" at interpreter exit, after pytest has closed the stream
# its console handler holds ("ValueError: I/O operation on closed file"); INFO logs add nothing here.
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
from flows.server import start_if_needed  # noqa: E402
from flows.settings import apply_environment  # noqa: E402

apply_environment()
# One Prefect API server for the whole session, as `newsevents run` starts one per run: without it every
# in-process flow, and every worker process of the process runner, boots a temporary server of its own
# (10-20 s each on a busy 2-core machine). Tests of server start-up clear PREFECT_API_URL for their child.
_PREFECT_SERVER = start_if_needed()

# After an in-process flow run, Prefect's events client keeps a websocket open from a background thread and
# pings it with the global `random` (websockets draws each ping's payload with random.getrandbits). Hypothesis
# flags any change of the global random state during a draw, so a ping that lands mid-draw raised an
# intermittent HypothesisDeprecationWarning ("Do not use the `random` module inside strategies"). The pings
# get a generator of their own.
websockets_connection.random = random.Random()


@pytest.fixture(scope="session", autouse=True)
def prefect_server_ready():
    if _PREFECT_SERVER is not None:
        _PREFECT_SERVER.wait_ready()


@pytest.fixture(scope="session")
def nlp():
    """The base model with the project's NER corrections, loaded once per test session."""
    from transforms.nlp.pipeline import load_corrected_pipeline

    return load_corrected_pipeline()


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """The five seed articles by file name, exactly as given."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt"))}


@pytest.fixture(scope="session")
def threads_config(tmp_path_factory) -> Path:
    """The project's configuration with the thread runner, for end-to-end tests of what does not depend on the
    runner (caches, the gate, locking). Each run on local worker processes spawns two interpreters that import
    Prefect and load the spaCy model: about 12 of a seeds run's 20 CPU seconds, twice its wall time on this
    2-core machine (2 December 2026), where threads reuse the model this process already loaded. The process
    runner keeps its end-to-end tests: the seeds and VOA releases, the hostile inputs, the runners' byte-identity
    tests and the served run."""
    text = (ROOT / "newsevents.toml").read_text(encoding="utf-8")
    threads = text.replace('kind = "process"', 'kind = "thread"')
    assert threads != text, "newsevents.toml no longer names the process runner"
    path = tmp_path_factory.mktemp("threads_config") / "newsevents.toml"
    path.write_text(threads, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def seed_output(tmp_path_factory) -> Path:
    """An output folder holding one release built from seeds/ through the real CLI and Prefect flow."""
    from flows.cli import main

    output = tmp_path_factory.mktemp("seed_output")
    exit_code = main(["run", "--input", str(SEEDS_DIR), "--output", str(output)])
    assert exit_code == 0, "building the seeds release failed"
    return output


@pytest.fixture(scope="session")
def seed_release(seed_output) -> Path:
    """The release folder named by LATEST in the seeds build."""
    version = (seed_output / "LATEST").read_text().strip()
    return seed_output / "releases" / version


@pytest.fixture(scope="session")
def seed_tables(seed_release) -> dict:
    """Every published table of the seeds release as a polars DataFrame."""
    import polars as pl

    return {p.stem: pl.read_parquet(p) for p in sorted((seed_release / "data").glob("*.parquet"))}


# The VOA release is built with its run date pinned (SOURCE_DATE_EPOCH, 2026-01-01, after the newest story):
# the same release, version and ingested_at on any day the tests run.
VOA_RUN_EPOCH = "1767225600"


@pytest.fixture(scope="session")
def voa_release(tmp_path_factory) -> Path:
    """The release built from the 89 VOA stories in ../shared through the real CLI and Prefect flow."""
    import shutil

    from flows.cli import main

    source = SHARED_DATA / "voa" / "voa_stories.jsonl"
    assert source.is_file(), f"shared VOA data missing: {source}"
    inputs = tmp_path_factory.mktemp("voa_input")
    shutil.copyfile(source, inputs / source.name)
    output = tmp_path_factory.mktemp("voa_output")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", VOA_RUN_EPOCH)
    try:
        exit_code = main(["run", "--input", str(inputs), "--output", str(output)])
    finally:
        mp.undo()
    assert exit_code == 0, "building the VOA release failed"
    return output / "releases" / (output / "LATEST").read_text().strip()
