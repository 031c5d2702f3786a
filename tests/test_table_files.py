"""Release tables handed on as files (flows.work.TableFiles): the gate and publishing give the same
results, tables and bytes as on frames in memory, while reading one table (or a few columns) at a time."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest

from flows.publish import publish_release
from flows.validation import quarantine_failures, run_gate
from flows.validation.quarantine import Failure
from flows.work import TableFiles, lazy_table, table_height, table_schema
from tests.test_validation import (
    RUN_DATE,
    _append_to_text,
    _assert_references_hold,
    _many_documents,
    build_valid_tables,
)
from transforms.schemas import TABLES


@pytest.fixture(scope="module")
def valid_tables() -> dict[str, pl.DataFrame]:
    return build_valid_tables()


def _as_files(tables: dict[str, pl.DataFrame], folder) -> TableFiles:
    return TableFiles.write(folder, tables)


def test_table_files_read_back_every_table_with_its_schema(valid_tables, tmp_path):
    files = _as_files(valid_tables, tmp_path / "release")
    assert list(files) == list(valid_tables) and len(files) == len(valid_tables)
    for name, df in valid_tables.items():
        assert files[name].equals(df) and files[name].schema == df.schema, name
        assert table_height(files, name) == df.height and table_schema(files, name) == df.schema
        assert lazy_table(files, name).collect().equals(df)
    assert "nonexistent" not in files and files.get("nonexistent") is None
    with pytest.raises(KeyError):
        files["nonexistent"]


def _gate_both_ways(tables, tmp_path):
    in_memory = run_gate(tables, run_date=RUN_DATE, subject="s")
    on_files = run_gate(_as_files(tables, tmp_path / "release"), run_date=RUN_DATE, subject="s")
    return in_memory, on_files


def _gate_on_files(tables_and_gate, tmp_path, **arguments):
    """A gate run of test_validation.py (conftest's fixture: tables, in-memory gate) and the same run on files."""
    tables, in_memory = tables_and_gate
    return in_memory, run_gate(_as_files(tables, tmp_path / "release"), run_date=RUN_DATE, **arguments)


def _assert_same_gate(in_memory, on_files):
    assert isinstance(on_files.tables, TableFiles)
    assert on_files.outcome.results == in_memory.outcome.results
    assert on_files.outcome.quarantine_counts == in_memory.outcome.quarantine_counts
    assert on_files.quarantine.equals(in_memory.quarantine)
    assert list(on_files.tables) == list(in_memory.tables)
    for name in in_memory.tables:
        assert on_files.tables[name].equals(in_memory.tables[name]), name


def test_gate_on_files_quarantines_an_event_as_on_frames(gate_on_a_future_event, tmp_path):
    # The valid tables with events' first event_date set to 2050-01-01.
    in_memory, on_files = _gate_on_files(gate_on_a_future_event, tmp_path, subject="test run")
    assert on_files.success and on_files.quarantine.height == 2
    _assert_same_gate(in_memory, on_files)


def test_gate_on_files_removes_a_document_with_its_dependants_as_on_frames(valid_tables, tmp_path):
    # doc_a carries the entities, quotes and events: removing it cascades through every reference and
    # aggregate and unlinks what the other documents pointed at.
    tables = _append_to_text(_many_documents(valid_tables, 1), "doc_a", "\nAdvertisement")
    in_memory, on_files = _gate_both_ways(tables, tmp_path)
    assert on_files.success and "doc_a" not in set(on_files.tables["documents"]["doc_id"])
    assert set(on_files.quarantine["table"]) >= {"documents", "entity_mentions", "events"}
    _assert_same_gate(in_memory, on_files)
    _assert_references_hold({name: on_files.tables[name] for name in on_files.tables})


def test_gate_on_files_that_blocks_keeps_the_files(gate_blocked_by_boilerplate, tmp_path):
    # Ten documents, doc_c00 and doc_c01 ending in "Advertisement".
    in_memory, on_files = _gate_on_files(gate_blocked_by_boilerplate, tmp_path)
    assert not on_files.success and on_files.outcome.results == in_memory.outcome.results
    assert on_files.tables.folder == tmp_path / "release" and on_files.tables.height("documents") == 10


def test_quarantine_on_files_writes_kept_tables_equal_to_frames(valid_tables, tmp_path):
    failure = Failure("entity_mentions", "entity_mentions.rule", [0], ["x"])
    kept, quarantine = quarantine_failures(valid_tables, [failure])
    files_kept, files_quarantine = quarantine_failures(
        _as_files(valid_tables, tmp_path / "in"), [failure], folder=tmp_path / "out"
    )
    assert files_quarantine.equals(quarantine) and quarantine.height >= 1
    assert files_kept.folder == tmp_path / "out"
    for name in kept:
        assert files_kept[name].equals(kept[name]), name


def _published(tables, output_dir) -> dict:
    publish_release(
        tables,
        output_dir=output_dir,
        input_fingerprint="f",
        pipeline_version="p",
        created_at=dt.datetime(2023, 9, 30, 12, tzinfo=dt.UTC),
    )
    (release,) = (output_dir / "releases").glob("v*")
    return json.loads((release / "manifest.json").read_text())


def test_publishing_files_gives_the_bytes_of_publishing_frames(valid_tables, tmp_path):
    tables = {**valid_tables, "quarantine": TABLES["quarantine"].empty()}
    from_frames = _published(tables, tmp_path / "frames")
    from_files = _published(_as_files(tables, tmp_path / "release"), tmp_path / "files")
    assert from_files["tables"] == from_frames["tables"]
    assert {e["sha256"] for e in from_files["tables"].values()} == {e["sha256"] for e in from_frames["tables"].values()}
