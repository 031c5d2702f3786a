"""flows/deploy.py and prefect.yaml: the scheduled deployment of build_release.

The deployment is registered with the API server the test process already runs when that server is the tests'
own (each xdist worker's, in a Prefect home of its own); otherwise with a Prefect test server
(``prefect_test_harness``) for the module, which takes 20-60 s to start here.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
import yaml

from flows.config import load_config
from flows.deploy import DEPLOYMENT_NAME, FLOW_NAME, build_deployment, deployment_parameters, serve
from flows.settings import PROJECT_ROOT

CRON, TIMEZONE = "17 4 * * 2", "Europe/Berlin"


@pytest.fixture
def config(tmp_path: Path):
    (tmp_path / "articles").mkdir()
    path = tmp_path / "newsevents.toml"
    path.write_text(
        f'[run]\ninput = "articles"\noutput = "out"\n[schedule]\ncron = "{CRON}"\ntimezone = "{TIMEZONE}"\n',
        encoding="utf-8",
    )
    return load_config(path)


@pytest.fixture(scope="module")
def prefect_server(tests_own_prefect_server):
    if tests_own_prefect_server:
        yield
        return
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


def test_build_deployment_carries_the_configured_schedule(config):
    deployment = build_deployment(config)
    assert deployment.name == DEPLOYMENT_NAME
    assert deployment.entrypoint == "flows.build.build_release"
    [schedule] = deployment.schedules
    assert (schedule.schedule.cron, schedule.schedule.timezone) == (CRON, TIMEZONE)
    assert deployment.parameters == deployment_parameters(config)
    assert deployment.parameters["input_dir"] == str(config.input)
    assert deployment.parameters["config_path"] == str(config.path)


def test_default_schedule_is_daily():
    deployment = build_deployment(load_config(project_root=Path("/nonexistent")))
    assert deployment.schedules[0].schedule.cron == "0 3 * * *"


def test_serve_registers_the_deployment_with_its_schedule(prefect_server, config):
    from prefect import get_client

    serve(config, run_once=True)

    with get_client(sync_client=True) as client:
        registered = client.read_deployment_by_name(f"{FLOW_NAME}/{DEPLOYMENT_NAME}")
    assert [(s.schedule.cron, s.schedule.timezone) for s in registered.schedules] == [(CRON, TIMEZONE)]
    assert all(s.active for s in registered.schedules)  # run_once does not pause the schedule
    assert registered.parameters["output_dir"] == str(config.output)
    assert registered.entrypoint == "flows.build.build_release"
    assert registered.global_concurrency_limit is not None and registered.global_concurrency_limit.limit == 1


def test_prefect_yaml_declares_the_same_deployment_for_a_work_pool():
    from prefect.cli.deploy._models import PrefectYamlModel

    from flows.build import build_release

    spec = PrefectYamlModel.model_validate(yaml.safe_load((PROJECT_ROOT / "prefect.yaml").read_text()))
    [deployment] = spec.deployments
    committed = load_config()  # the repo's newsevents.toml
    assert deployment.name == DEPLOYMENT_NAME
    assert deployment.entrypoint == "flows/build.py:build_release"
    assert (PROJECT_ROOT / deployment.entrypoint.split(":")[0]).is_file()
    assert deployment.work_pool is not None and deployment.work_pool.name
    [schedule] = deployment.schedules
    assert (schedule.cron, schedule.timezone) == (committed.cron, committed.timezone)
    flow_parameters = set(inspect.signature(build_release.fn).parameters)
    assert set(deployment.parameters) <= flow_parameters
    assert (PROJECT_ROOT / deployment.parameters["config_path"]).is_file()
