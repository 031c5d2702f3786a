"""Incremental runs: adding one article parses only it, and the tables equal a full rebuild."""

from __future__ import annotations

import json
import shutil

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flows.build import build_release
from tests.conftest import ROOT, SEEDS_DIR

ADDED = ROOT / "tests" / "fixtures" / "voa_6202743.jsonl"


@pytest.fixture(scope="module")
def first_seeds_run(tmp_path_factory, threads_config):
    """The seeds run both module fixtures start from, built once (run time pinned, so ingested_at and the
    CalVer version do not depend on when the test runs): each fixture goes on in a copy of its output folder,
    as a user's next run reads the folder the last run left, instead of building the same first release again."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
    base = tmp_path_factory.mktemp("first_seeds_run")
    inputs, output = base / "in", base / "out"
    shutil.copytree(SEEDS_DIR, inputs)
    first = build_release(input_dir=str(inputs), output_dir=str(output), config_path=str(threads_config))
    mp.undo()
    return first, inputs, output


@pytest.fixture(scope="module")
def incremental(tmp_path_factory, threads_config, first_seeds_run):
    """Seeds run, then seeds + one added article (cached), then the same input with --full-refresh."""
    first, first_inputs, first_output = first_seeds_run
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
    base = tmp_path_factory.mktemp("incremental")
    inputs, output, rebuilt = base / "in", base / "out", base / "rebuilt"
    shutil.copytree(first_inputs, inputs)
    shutil.copytree(first_output, output, symlinks=True)
    shutil.copy(ADDED, inputs / ADDED.name)
    second = build_release(input_dir=str(inputs), output_dir=str(output), config_path=str(threads_config))
    full = build_release(
        input_dir=str(inputs), output_dir=str(rebuilt), full_refresh=True, config_path=str(threads_config)
    )
    mp.undo()
    return first, second, full, output, rebuilt


def _tables(release):
    return {p.stem: pl.read_parquet(p) for p in sorted((release / "data").glob("*.parquet"))}


def test_only_the_new_document_is_parsed(incremental):
    first, second, full, *_ = incremental
    assert (first.n_parsed, first.n_from_cache) == (5, 0)
    assert (second.n_parsed, second.n_from_cache) == (1, 5)
    assert (full.n_parsed, full.n_from_cache) == (6, 0)


def test_the_summary_gives_cpu_seconds_of_every_timed_stage(incremental):
    first, second, *_ = incremental
    for run in (first, second):
        assert set(run.cpu_seconds) == set(run.timings) - {"startup"}
        assert all(seconds >= 0 for seconds in run.cpu_seconds.values())
        assert sum(run.cpu_seconds.values()) > 0


def test_only_the_new_document_is_cleaned(incremental):
    first, second, full, *_ = incremental
    assert (first.n_cleaned, first.n_clean_cached) == (5, 0)
    assert (second.n_cleaned, second.n_clean_cached) == (1, 5)
    assert (full.n_cleaned, full.n_clean_cached) == (6, 0)


def test_incremental_tables_equal_full_refresh(incremental):
    _, second, full, *_ = incremental
    from pathlib import Path

    incremental_tables, full_tables = _tables(Path(second.release_path)), _tables(Path(full.release_path))
    assert set(incremental_tables) == set(full_tables)
    for name in incremental_tables:
        assert_frame_equal(incremental_tables[name], full_tables[name], check_row_order=True)


def test_two_releases_index_changelog_and_diff_agree(incremental, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # rich wraps tables to the terminal width
    first, second, _, output, _ = incremental
    assert first.version != second.version and first.status == second.status == "published"
    index = json.loads((output / "releases" / "index.json").read_text())
    assert [r["version"] for r in index["releases"]] == [second.version, first.version]
    changelog = (output / "releases" / second.version / "CHANGELOG.md").read_text()
    assert first.version in changelog
    documents_row = next(line for line in changelog.splitlines() if line.startswith("| documents |"))
    _, _, before, after, added, removed, changed, _ = (cell.strip() for cell in documents_row.split("|"))
    assert (before, after, added, removed) == ("5", "6", "1", "0")

    from flows.commands import diff_cli

    assert diff_cli(output, first.version, second.version) == 0
    printed = capsys.readouterr().out
    documents_printed = next(line for line in printed.splitlines() if "documents" in line and "│" in line)
    numbers = [cell.strip() for cell in documents_printed.split("│") if cell.strip()]
    assert numbers[1:6] == [before, after, added, removed, changed]
    assert diff_cli(output, first.version, "v1999.01.01") != 0


def test_independent_runs_write_byte_identical_data_files(incremental):
    """Determinism: same input and pipeline, another output folder and no cache -> the same bytes."""
    from pathlib import Path

    _, second, full, *_ = incremental
    manifests = [json.loads((Path(r.release_path) / "manifest.json").read_text()) for r in (second, full)]
    checksums = [{name: info["sha256"] for name, info in m["tables"].items()} for m in manifests]
    assert checksums[0] == checksums[1]
    from transforms.schemas import TABLES

    assert len(checksums[0]) == len(TABLES)


@pytest.fixture(scope="module")
def rule_and_model_changes(tmp_path_factory, threads_config, first_seeds_run):
    """Seeds run; then an extraction rule change; then a damaged cached parse; then a model/settings change."""
    from flows import versioning

    first, inputs, first_output = first_seeds_run
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1700000000")
    output = tmp_path_factory.mktemp("caches") / "out"
    shutil.copytree(first_output, output, symlinks=True)
    real_pipeline = versioning.pipeline_version()
    # A rule edit changes the extraction version (and the pipeline version, so a new release is due).
    mp.setattr(versioning, "extraction_version", lambda *a, **k: "rule-edited")
    mp.setattr(versioning, "pipeline_version", lambda *a, **k: real_pipeline + ".rule")
    rule = build_release(input_dir=str(inputs), output_dir=str(output), config_path=str(threads_config))
    damaged = sorted((output / ".cache" / "parse").rglob("*.bin"))[0]
    damaged.write_bytes(b"not a parse")
    mp.setattr(versioning, "extraction_version", lambda *a, **k: "rule-edited-again")
    mp.setattr(versioning, "pipeline_version", lambda *a, **k: real_pipeline + ".again")
    after_damage = build_release(input_dir=str(inputs), output_dir=str(output), config_path=str(threads_config))
    settings = versioning.parse_settings()
    mp.setattr(versioning, "parse_settings", lambda: {**settings, "model": "another-model-version"})
    mp.setattr(versioning, "pipeline_version", lambda *a, **k: real_pipeline + ".model")
    model = build_release(input_dir=str(inputs), output_dir=str(output), config_path=str(threads_config))
    mp.undo()
    return first, rule, after_damage, model


def test_rule_change_re_extracts_from_cached_parses(rule_and_model_changes):
    first, rule, *_ = rule_and_model_changes
    assert rule.status == "published"
    assert (rule.n_parsed, rule.n_extracted) == (0, 5)
    from pathlib import Path

    before, after = _tables(Path(first.release_path)), _tables(Path(rule.release_path))
    # Nothing really changed in the rules: the re-extracted tables equal the first run's.
    for name in ("entities", "entity_mentions", "quotes", "events", "event_mentions", "sentences"):
        assert_frame_equal(before[name], after[name])


def test_damaged_cache_entry_is_a_miss(rule_and_model_changes):
    *_, after_damage, _ = rule_and_model_changes
    assert (after_damage.n_parsed, after_damage.n_extracted) == (1, 5)


def test_model_change_re_parses(rule_and_model_changes):
    *_, model = rule_and_model_changes
    assert (model.n_parsed, model.n_extracted) == (5, 5)
