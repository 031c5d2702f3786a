"""flows/config.py: defaults, precedence (defaults < file < overrides) and errors that name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.config import ConfigError, load_config
from flows.settings import PROJECT_ROOT


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "newsevents.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_any_file(tmp_path):
    config = load_config(project_root=tmp_path)
    assert config.input == tmp_path / "seeds"
    assert config.output == tmp_path / "output"
    assert config.cron == "0 3 * * *"
    assert config.timezone == "UTC"
    assert config.runner_kind == "process"
    assert config.shard_size == 1000
    assert config.events_memory_mb is None  # the events pass takes a share of the machine's memory
    assert config.text_policy_for("000_a.txt", None) == "full"
    assert config.sources == ()
    assert config.path is None
    assert config.sources_metadata() == [
        {"name": "seeds", "licence": "unknown", "text_policy": "full", "match": ["*"], "url": None}
    ]


def test_the_events_memory_budget_is_read_from_the_run_section(tmp_path):
    assert load_config(write(tmp_path, "[run]\nevents_memory_mb = 6000\n")).events_memory_mb == 6000


def test_committed_file_gives_full_text_for_seeds():
    config = load_config()
    assert config.path == PROJECT_ROOT / "newsevents.toml"
    assert config.input == PROJECT_ROOT / "seeds"
    assert {config.text_policy_for(p.name, None) for p in (PROJECT_ROOT / "seeds").iterdir()} == {"full"}


def test_project_root_file_is_found_and_paths_are_relative_to_it(tmp_path):
    write(
        tmp_path,
        '[run]\ninput = "articles"\nn_process = 3\n[schedule]\ncron = "15 6 * * 1"\ntimezone = "Europe/Berlin"\n',
    )
    config = load_config(project_root=tmp_path)
    assert config.input == tmp_path / "articles"
    assert config.n_process == 3
    assert (config.cron, config.timezone) == ("15 6 * * 1", "Europe/Berlin")


def test_overrides_win_and_none_means_not_given(tmp_path, monkeypatch):
    path = write(tmp_path, '[run]\ninput = "a"\noutput = "b"\nn_process = 2\nbatch_size = 8\n')
    monkeypatch.chdir(tmp_path)
    config = load_config(
        path,
        overrides={
            "input": "cli_in",
            "n_process": 5,
            "batch_size": None,
            "schedule.cron": "*/10 * * * *",
            "defaults": {"text_policy": "snippet"},
        },
    )
    assert config.input == (Path.cwd() / "cli_in").resolve()
    assert config.output == tmp_path / "b"
    assert config.n_process == 5
    assert config.batch_size == 8  # None did not override the file
    assert config.cron == "*/10 * * * *"
    assert config.default_text_policy == "snippet"


def test_sources_first_match_wins_then_name_then_defaults(tmp_path):
    path = write(
        tmp_path,
        """
[defaults]
text_policy = "none"
licence = "LicenseRef-Unknown"

[[sources]]
name = "Wire"
match = ["wire/*", "*.jsonl*"]
licence = "LicenseRef-Wire"
text_policy = "snippet"

[[sources]]
name = "Open Post"
match = "open/*"
licence = "CC-BY-4.0"
text_policy = "full"
url = "https://open.example"

[[sources]]
name = "Catch all wire"
match = "wire/*"
text_policy = "full"
""",
    )
    config = load_config(path)
    assert config.text_policy_for("wire/a.txt", None) == "snippet"  # first of two matching entries
    assert config.text_policy_for("feed.jsonl#L3", None) == "snippet"
    assert config.text_policy_for("open/b.html", None) == "full"
    assert config.text_policy_for("misc/c.txt", "open post") == "full"  # by source_name
    assert config.text_policy_for("misc/c.txt", "Someone") == "none"  # defaults
    assert config.sources[2].licence == "LicenseRef-Unknown"  # inherits the default licence
    used = config.sources_metadata([("wire/a.txt", None), ("misc/x.txt", None)])
    assert [s["name"] for s in used] == ["Wire", "default"]
    assert used[1]["text_policy"] == "none"
    assert [s["name"] for s in config.sources_metadata()] == ["Wire", "Open Post", "Catch all wire"]
    assert config.sources_metadata()[1]["url"] == "https://open.example"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[[sources]]\nname = "x"\ntext_policy = "partial"\n',
            "sources[0].text_policy: 'partial' is not one of full|snippet|none",
        ),
        ('[run]\ninptu = "x"\n', "run.inptu: unknown key"),
        ('[rnu]\ninput = "x"\n', "rnu: unknown section"),
        ('[run]\nn_process = "4"\n', "run.n_process: expected an integer"),
        ("[run]\nn_process = true\n", "run.n_process: expected an integer"),
        ("[run]\nn_process = 0\n", "run.n_process: must be >= 1"),
        ("[run]\ndup_threshold = 1.5\n", "run.dup_threshold: must be in (0, 1]"),
        ('[schedule]\ncron = "0 3 * *"\n', "schedule.cron: '0 3 * *' is not a valid cron"),
        ('[schedule]\ncron = "61 3 * * *"\n', "schedule.cron:"),
        ('[schedule]\ntimezone = "Mars/Olympus"\n', "schedule.timezone: 'Mars/Olympus' is not an IANA timezone"),
        ('[runner]\nkind = "fibers"\n', "runner.kind: 'fibers' is not one of process|thread"),
        ("[runner]\ndask_workers = 0\n", "runner.dask_workers: must be >= 1"),
        ('[runner]\ndask_address = "tcp://h:1"\ndask_workers = 2\n', "runner.dask_address: give either"),
        ("[run]\nshard_size = 0\n", "run.shard_size: must be >= 1"),
        ("[run]\nevents_memory_mb = 0\n", "run.events_memory_mb: must be >= 1"),
        ("[run]\nevents_memory_mb = 1.5\n", "run.events_memory_mb: expected an integer"),
        ('[defaults]\ntext_policy = "some"\n', "defaults.text_policy: 'some' is not one of full|snippet|none"),
        ('[[sources]]\nmatch = "*"\n', "sources[0].name: required"),
        ('[[sources]]\nname = "a"\n[[sources]]\nname = "b"\nlicense = "x"\n', "sources[1].license: unknown key"),
        ('[[sources]]\nname = "a"\nmatch = 3\n', "sources[0].match: expected a glob"),
        ('[[sources]]\nname = "a"\n[[sources]]\nname = "A"\n', "sources[1].name: duplicate source name"),
        ('sources = "all"\n', "sources: must be an array of tables"),
        ("[run\n", "is not valid TOML"),
    ],
)
def test_invalid_config_names_the_key(tmp_path, toml, message):
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, toml))
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"n_process": "many"}, "run.n_process: expected an integer"),
        ({"inputs": "x"}, "inputs: unknown override"),
        ({"schedule.cron": "whenever"}, "schedule.cron: 'whenever' is not a valid cron"),
    ],
)
def test_invalid_overrides_name_the_key(tmp_path, overrides, message):
    with pytest.raises(ConfigError) as info:
        load_config(project_root=tmp_path, overrides=overrides)
    assert message in str(info.value)


def test_explicit_missing_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.toml")


def test_task_runner_follows_runner_settings(tmp_path):
    from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner
    from prefect_dask import DaskTaskRunner

    default = load_config(project_root=tmp_path, overrides={"n_process": 2}).task_runner()
    assert isinstance(default, ProcessPoolTaskRunner) and default._max_workers == 2
    threads = load_config(write(tmp_path, '[runner]\nkind = "thread"\n'))
    assert isinstance(threads.task_runner(), ThreadPoolTaskRunner)
    remote = load_config(project_root=tmp_path, overrides={"runner.dask_address": "tcp://127.0.0.1:8786"})
    assert isinstance(remote.task_runner(), DaskTaskRunner) and remote.task_runner().address == "tcp://127.0.0.1:8786"
    local = load_config(project_root=tmp_path, overrides={"runner.dask_workers": 2}).task_runner()
    assert isinstance(local, DaskTaskRunner) and local.cluster_kwargs["n_workers"] == 2


def test_fingerprint_settings_track_data_relevant_settings_only(tmp_path):
    base = load_config(project_root=tmp_path).fingerprint_settings()
    assert (
        base
        == load_config(
            project_root=tmp_path, overrides={"n_process": 4, "output": "elsewhere", "events_memory_mb": 100}
        ).fingerprint_settings()
    )
    assert base != load_config(project_root=tmp_path, overrides={"dup_threshold": 0.5}).fingerprint_settings()
    snippet = load_config(write(tmp_path, '[[sources]]\nname = "w"\nmatch = "*"\ntext_policy = "snippet"\n'))
    assert snippet.fingerprint_settings()["sources"][0]["text_policy"] == "snippet"
    assert base != snippet.fingerprint_settings()
