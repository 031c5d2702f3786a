"""Command-line errors: clear messages and non-zero exits, before any work starts."""

from __future__ import annotations

import pytest

from flows.cli import main


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
