"""Shared fixtures: environment for Prefect/GX, the spaCy pipeline and the seed articles."""

from __future__ import annotations

import functools
import json
import os
import random
from pathlib import Path

import pytest
import websockets.asyncio.connection as websockets_connection

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "seeds"
# ../shared beside the checkout, as flows.settings reads it (NEWSEVENTS_SHARED for a worktree elsewhere)
SHARED_DATA = Path(os.environ.get("NEWSEVENTS_SHARED", ROOT.parent / "shared")) / "data"

os.environ.setdefault("PREFECT_HOME", str(ROOT / ".prefect"))
# Under pytest-xdist (`make test` runs two workers) each worker process gets a Prefect home of its own below the
# session's: the temporary API server keeps its SQLite database there, and two servers writing one database file
# lock each other out ("database is locked"). A server the user configured (PREFECT_API_URL, or a profile in
# the shared home) is kept and shared, as without workers.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
# Prefect logs "Stopping temporary server" at interpreter exit, after pytest has closed the stream
# its console handler holds ("ValueError: I/O operation on closed file"); INFO logs add nothing here.
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
from flows.server import configured_api_url, start_if_needed  # noqa: E402
from flows.settings import apply_environment  # noqa: E402

_WORKER_HOME = bool(_WORKER and not configured_api_url())
if _WORKER_HOME:
    os.environ["PREFECT_HOME"] = str(Path(os.environ["PREFECT_HOME"]) / "test-workers" / _WORKER)
apply_environment()
_PREFECT_SERVER = None

# Each test's wall seconds in a recorded run of the whole suite (setup, call and teardown, two workers): the
# scheduler deals out the longest units first. Units go to a worker as it runs out of work, so a long unit dealt
# last keeps one worker busy after the other has finished: the suite's wall time is then that unit's end, not half
# the work. Longest-first ("LPT", Graham 1969, Bounds on multiprocessing timing anomalies) keeps the finish within
# 7/6 of the best split on two workers. Re-record after adding slow tests:
# `pytest -n 2 --dist loadgroup --record-durations`.
DURATIONS_FILE = "tests/durations.json"

# After an in-process flow run, Prefect's events client keeps a websocket open from a background thread and
# pings it with the global `random` (websockets draws each ping's payload with random.getrandbits). Hypothesis
# flags any change of the global random state during a draw, so a ping that lands mid-draw raised an
# intermittent HypothesisDeprecationWarning ("Do not use the `random` module inside strategies"). The pings
# get a generator of their own.
websockets_connection.random = random.Random()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--record-durations",
        action="store_true",
        help=f"write each test's seconds into {DURATIONS_FILE}, the order in which `--dist loadgroup` deals tests",
    )


def pytest_configure(config: pytest.Config) -> None:
    """One Prefect API server for each process that runs tests, as `newsevents run` starts one per run: without
    it every in-process flow, and every worker process of the process runner, boots a temporary server of its own
    (10-20 s each on a busy 2-core machine). Tests of server start-up clear PREFECT_API_URL for their child.
    The xdist controller runs no test and starts none: each worker starts its own (Prefect is not imported yet
    here, which start_if_needed requires, as at import time)."""
    global _PREFECT_SERVER
    controller = not hasattr(config, "workerinput") and getattr(config.option, "dist", "no") != "no"
    if not controller:
        _PREFECT_SERVER = start_if_needed()


@pytest.fixture(scope="session", autouse=True)
def prefect_server_ready():
    """The session's server answers, within the start-up time `newsevents run` allows its own (flows/cli.py): on a
    2-core machine at a load average of 20 two workers' servers each took over the fixed 120 s, and every test of
    the run failed at setup (2 December 2026)."""
    if _PREFECT_SERVER is not None:
        _PREFECT_SERVER.wait_ready(float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")))


@pytest.fixture(scope="session")
def tests_own_prefect_server(prefect_server_ready) -> bool:
    """Whether this process's API server is the tests' own: a temporary server started above whose database
    lies in the worker's home made above (PREFECT_HOME/test-workers/<worker>), which no user's server reads.
    Without xdist the server's home is the user's PREFECT_HOME (`make` sets the project's .prefect), so a test
    that registers things (a deployment and its schedule) must not use it there."""
    return _PREFECT_SERVER is not None and _WORKER_HOME


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


# The seeds release is built with its run date pinned (SOURCE_DATE_EPOCH, 2025-11-30): its bytes are then those of
# any other run of the seeds on the same date, so test_runners.py compares its thread and Dask runs with this
# release (built on the default process runner) instead of building the seeds once more, and the hostile run's
# seeds rows (ingested_at is the run's day) equal this release's on any day, also across midnight.
SEEDS_RUN_EPOCH = "1764460800"


def run_dated(epoch: str, input_dir: Path, output_dir: Path) -> int:
    """`newsevents run` in this process, its run date pinned to ``epoch`` (SOURCE_DATE_EPOCH); the exit code."""
    from flows.cli import main

    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", epoch)
    try:
        return main(["run", "--input", str(input_dir), "--output", str(output_dir)])
    finally:
        mp.undo()


@pytest.fixture(scope="session")
def seeds_run_epoch() -> str:
    """SOURCE_DATE_EPOCH of the seeds release, for runs compared with it byte for byte."""
    return SEEDS_RUN_EPOCH


@pytest.fixture(scope="session")
def run_on_seeds_date():
    """`newsevents run` on the seeds release's run date: a callable of (input folder, output folder)."""
    return functools.partial(run_dated, SEEDS_RUN_EPOCH)


@pytest.fixture(scope="session")
def seed_output(tmp_path_factory) -> Path:
    """An output folder holding one release built from seeds/ through the real CLI and Prefect flow, on the
    project's configuration (the process runner, two workers) with the run date pinned."""
    output = tmp_path_factory.mktemp("seed_output")
    assert run_dated(SEEDS_RUN_EPOCH, SEEDS_DIR, output) == 0, "building the seeds release failed"
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

    source = SHARED_DATA / "voa" / "voa_stories.jsonl"
    assert source.is_file(), f"shared VOA data missing: {source}"
    inputs = tmp_path_factory.mktemp("voa_input")
    shutil.copyfile(source, inputs / source.name)
    output = tmp_path_factory.mktemp("voa_output")
    exit_code = run_dated(VOA_RUN_EPOCH, inputs, output)
    assert exit_code == 0, "building the VOA release failed"
    return output / "releases" / (output / "LATEST").read_text().strip()


# The gate's in-memory runs that test_validation.py checks and test_table_files.py takes as the reference of the
# same run on table files: the same tables and arguments, run once for both modules (some 300 expectations each).
@pytest.fixture(scope="session")
def gate_on_a_future_event():
    """The gate tests' valid tables with one event dated after the run date, and the gate's run on them."""
    import datetime as dt

    from flows.validation import run_gate
    from tests.test_validation import RUN_DATE, _set_first, build_valid_tables

    tables = _set_first(build_valid_tables(), "events", "event_date", dt.date(2050, 1, 1))
    return tables, run_gate(tables, run_date=RUN_DATE, subject="test run")


@pytest.fixture(scope="session")
def gate_blocked_by_boilerplate():
    """Ten documents of which two end in an advertisement (a row rule failing above its threshold), and the
    gate's run on them."""
    from flows.validation import run_gate
    from tests.test_validation import RUN_DATE, _append_to_text, _many_documents, build_valid_tables

    tables = _many_documents(build_valid_tables(), 8)
    for doc_id in ("doc_c00", "doc_c01"):
        tables = _append_to_text(tables, doc_id, "\nAdvertisement")
    return tables, run_gate(tables, run_date=RUN_DATE)


# Release builds read by tests in several modules, by group name: the fixtures that build or read each one.
# test_standard_valid asks for its release by name (request.getfixturevalue), so a parameter naming one of
# these fixtures counts as reading it too.
SHARED_BUILDS = {
    "seed_output": {"seed_output", "seed_release", "seed_tables"},
    "voa_release": {"voa_release"},
    "gate_runs": {"gate_on_a_future_event", "gate_blocked_by_boilerplate"},
}


def _shared_fixtures(item: pytest.Item) -> set[str]:
    """Keys of the expensive fixture instances the test shares with other tests: the release builds above and
    the module- (or class-) scoped fixtures of its own module."""
    params = getattr(getattr(item, "callspec", None), "params", {})
    names = set(item.fixturenames) | {value for value in params.values() if isinstance(value, str)}
    keys = {group for group, readers in SHARED_BUILDS.items() if names & readers}
    # _fixtureinfo is pytest's own record of the item's fixture closure (no public accessor gives the scopes).
    definitions = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    module = item.nodeid.split("::")[0]
    for name in item.fixturenames:
        if definitions.get(name) and definitions[name][-1].scope in ("module", "class"):
            keys.add(f"{module}::{name}")
    return keys


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that share an expensive fixture instance run on one xdist worker, which builds it once: a release
    build is 20-150 s, and a module fixture is rebuilt by any other worker that runs one of the module's tests.
    Tests sharing any key are joined (union-find), so a module whose fixture also reads a release goes with every
    other reader of that release; every other test is dealt out one by one. Each grouped test gets an
    xdist_group mark, and each worker writes its groups for the controller's scheduler (below): xdist's own
    loadgroup passes the group in the test's node ID, which pytest 9.2 no longer lets a plugin change, so it
    silently stopped grouping (pytest-xdist issue #1386). Without xdist the marks do nothing."""
    groups = _worker_groups(items)
    for item in items:
        if item.nodeid in groups:
            item.add_marker(pytest.mark.xdist_group(groups[item.nodeid]))
    groups_file = getattr(config, "workerinput", {}).get("newsevents_groups_file")
    if groups_file:
        path = Path(f"{groups_file}.{config.workerinput['workerid']}")
        written = path.with_name(f"{path.name}.tmp")
        written.write_text(json.dumps(groups), encoding="utf-8")
        written.replace(path)


def _worker_groups(items: list[pytest.Item]) -> dict[str, str]:
    """Each grouped test's node ID -> its group's name (the release builds it reads, or its first key)."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    shared = {item.nodeid: _shared_fixtures(item) for item in items}
    for keys in shared.values():
        first, *rest = sorted(keys) or [None]
        for key in rest:
            parent[root(key)] = root(first)
    members: dict[str, set[str]] = {}
    for keys in shared.values():
        for key in keys:
            members.setdefault(root(key), set()).add(key)
    groups = {}
    for nodeid, keys in shared.items():
        if keys:
            group = members[root(min(keys))]
            groups[nodeid] = "+".join(sorted(group & SHARED_BUILDS.keys())) or min(group)
    return groups


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """xdist controller: where each worker writes its groups (one file a worker, in the run's temporary folder;
    pytest's own handle on it, as the tmp_path_factory fixture is not available to hooks)."""
    node.workerinput["newsevents_groups_file"] = str(node.config._tmp_path_factory.getbasetemp() / "groups.json")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """`--dist loadgroup` by the groups the workers wrote (falling back on xdist's own reading of the node ID)."""
    if config.getoption("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class SharedFixtureScheduling(LoadGroupScheduling):
        groups: dict[str, str]
        ordered = False

        def schedule(self) -> None:
            if self.collection is None:  # the first call: every worker has collected and written its groups
                self.groups = {}
                for path in config._tmp_path_factory.getbasetemp().glob("groups.json.gw*"):
                    self.groups.update(json.loads(path.read_text(encoding="utf-8")))
            super().schedule()

        def _split_scope(self, nodeid: str) -> str:
            return self.groups.get(nodeid) or super()._split_scope(nodeid)

        def _assign_work_unit(self, node) -> None:
            if not self.ordered:  # the first assignment: the work queue holds every unit
                self.ordered = True
                order_longest_first(self.workqueue, recorded_durations(config.rootpath / DURATIONS_FILE))
            super()._assign_work_unit(node)

    return SharedFixtureScheduling(config, log)


def recorded_durations(path: Path) -> dict[str, float]:
    """nodeid -> seconds; tests not recorded (new, or under the file's threshold) count as `other_tests`."""
    if not path.is_file():
        return {}
    recorded = json.loads(path.read_text(encoding="utf-8"))
    return {"": recorded["other_tests"], **recorded["tests"]}


def order_longest_first(workqueue, durations: dict[str, float]) -> None:
    """Reorder xdist's work queue (scope -> {nodeid: done}) by the recorded seconds of each unit, longest first;
    ties keep xdist's order. Without a record the order is xdist's."""
    if not durations:
        return
    default = durations[""]

    def seconds(unit: dict[str, bool]) -> float:
        return sum(durations.get(nodeid, default) for nodeid in unit)

    units = sorted(workqueue.items(), key=lambda scope_unit: -seconds(scope_unit[1]))
    workqueue.clear()
    workqueue.update(units)


# Tests under this many seconds are recorded as one mean: their order barely moves the finish, and the file stays
# short and stable between recordings.
RECORD_THRESHOLD_SECONDS = 1.0
_TEST_SECONDS: dict[str, float] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Setup, call and teardown seconds of each test, as the process that prints the report sees them (under xdist,
    the controller, which gets every worker's reports)."""
    _TEST_SECONDS[report.nodeid] = _TEST_SECONDS.get(report.nodeid, 0.0) + report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    if not config.getoption("record_durations") or hasattr(config, "workerinput") or not _TEST_SECONDS:
        return
    slow = {nodeid: round(s, 1) for nodeid, s in sorted(_TEST_SECONDS.items()) if s >= RECORD_THRESHOLD_SECONDS}
    rest = [s for nodeid, s in _TEST_SECONDS.items() if nodeid not in slow]
    record = {"other_tests": round(sum(rest) / max(len(rest), 1), 3), "tests": slow}
    (config.rootpath / DURATIONS_FILE).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
