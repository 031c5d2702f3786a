"""Command-line errors: clear messages and non-zero exits, before any work starts."""

from __future__ import annotations

import pytest

from flows.cli import main
from tests.conftest import SEEDS_DIR as SEEDS


def test_missing_input_folder(tmp_path, capsys):
    assert main(["run", "--input", str(tmp_path / "nope"), "--output", str(tmp_path / "out")]) == 2
    assert "input folder not found" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_invalid_config_names_the_key(tmp_path, capsys):
    config = tmp_path / "bad.toml"
    config.write_text('[defaults]\ntext_policy = "partial"\n')
    assert main(["run", "--config", str(config)]) == 2
    assert "text_policy" in capsys.readouterr().err


def test_missing_config_file(tmp_path, capsys):
    assert main(["run", "--config", str(tmp_path / "missing.toml")]) == 2
    assert "missing.toml" in capsys.readouterr().err


def test_bad_process_count(tmp_path, capsys):
    assert main(["run", "--n-process", "0", "--output", str(tmp_path)]) == 2
    assert "n_process" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["run", "--no-such-flag"], ["diff", "v1"]])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_unknown_release_in_diff(tmp_path, capsys):
    assert main(["diff", "v2020.01.01", "v2020.01.02", "--output", str(tmp_path)]) != 0


def test_version_names_package_pipeline_and_schema(capsys):
    from flows.versioning import pipeline_version
    from transforms.schemas import SCHEMA_VERSION

    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    printed = capsys.readouterr().out.strip()
    assert printed.startswith("newsevents ")
    assert pipeline_version() in printed and f"schema version {SCHEMA_VERSION}" in printed


@pytest.mark.parametrize(
    "argv", [["releases", "--output", "OUT"], ["--debug", "releases", "--output", "OUT"], ["releases", "--debug"]]
)
def test_debug_flag_is_accepted_before_or_after_the_command(argv, tmp_path, capsys):
    argv = [str(tmp_path) if a == "OUT" else a for a in argv]
    assert main(argv) == 0


def test_export_of_a_missing_release_is_one_line_without_traceback(tmp_path, capsys):
    assert main(["export", "events", "--output", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("newsevents: no release in ") and "Traceback" not in err
    assert len([line for line in err.splitlines() if line.startswith("newsevents:")]) == 1


def test_diff_rows_without_table_is_a_usage_error(tmp_path, capsys):
    assert main(["diff", "v1", "v2", "--rows", "3", "--output", str(tmp_path)]) == 2
    assert "--rows needs --table" in capsys.readouterr().err


# A run whose clean stage raises, in a subprocess so the output is exactly what a user's terminal shows.
FAILING_RUN = """
import sys
from transforms import clean

def broken_clean(raw, shapes, **kwargs):
    raise RuntimeError("cleaning rule exploded on purpose")

clean.clean_shard = broken_clean
from flows.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.fixture(scope="module")
def failing_run(tmp_path_factory):
    """A seeds run whose clean stage raises, as a user's terminal shows it (stdout and stderr)."""
    import os
    import subprocess
    import sys

    output = tmp_path_factory.mktemp("failing")
    # Threads, so the patched cleaner runs in this process (worker processes would import the real one).
    config = output / "threads.toml"
    config.write_text('[runner]\nkind = "thread"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_LOGGING_LEVEL"}  # Prefect's default, INFO
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            FAILING_RUN,
            "run",
            "--input",
            str(SEEDS),
            "--output",
            str(output),
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    return done.returncode, done.stdout + done.stderr


@pytest.mark.e2e
def test_a_failing_run_prints_one_message_and_no_traceback(failing_run):
    exit_code, output = failing_run
    assert exit_code == 1
    assert output.count("cleaning rule exploded on purpose") == 1, output
    assert "Traceback" not in output
    assert "newsevents: RuntimeError: cleaning rule exploded on purpose" in output
    assert "--debug" in output
    assert "Finished in state" not in output and "Task run" not in output  # Prefect's INFO lines stay quiet


def test_debug_shows_the_traceback(tmp_path, monkeypatch, capsys):
    import flows.build

    def failing_build(**kwargs):
        raise RuntimeError("the flow broke on purpose")

    monkeypatch.setattr(flows.build, "build_release", failing_build)
    argv = ["run", "--input", str(SEEDS), "--output", str(tmp_path)]
    assert main(argv) == 1
    quiet = capsys.readouterr().err
    assert "Traceback" not in quiet and quiet.count("the flow broke on purpose") == 1
    assert main(["--debug", *argv]) == 1
    loud = capsys.readouterr().err
    assert "Traceback (most recent call last)" in loud and "failing_build" in loud
    assert loud.rstrip().endswith("newsevents: RuntimeError: the flow broke on purpose")


def test_a_closed_pipe_ends_export_quietly(tmp_path, monkeypatch, capsys):
    """`newsevents export events | head`: the reader leaving is not an error."""
    import io

    import polars as pl

    import flows.commands
    from flows.commands import write_export

    class ClosedPipe(io.StringIO):
        def write(self, text):
            raise BrokenPipeError(32, "Broken pipe")

    path = tmp_path / "t.parquet"
    pl.DataFrame({"a": ["x"] * 10}).write_parquet(path)
    with pytest.raises(BrokenPipeError):
        write_export(path, ClosedPipe(), "csv")

    def export_to_closed_pipe(*args, **kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(flows.commands, "export_cli", export_to_closed_pipe)
    assert main(["export", "events", "--output", str(tmp_path)]) == 0
    assert capsys.readouterr().err == ""
