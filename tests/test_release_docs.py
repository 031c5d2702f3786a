"""Pure release documents: diffs, changelog, data package descriptor and dataset card."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import polars as pl
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.publish.docs import (
    DATAPACKAGE_V2_PROFILE,
    changelog_markdown,
    datapackage_descriptor,
    dataset_card_markdown,
    diff_releases,
    diff_table,
    frictionless_field_type,
)
from transforms.schemas import TABLES

CREATED_AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def independent_counts(old: list[dict], new: list[dict], key: str) -> tuple[int, int, int]:
    old_by_key = {r[key]: r for r in old}
    new_by_key = {r[key]: r for r in new}
    added = len(new_by_key.keys() - old_by_key.keys())
    removed = len(old_by_key.keys() - new_by_key.keys())
    changed = sum(old_by_key[k] != new_by_key[k] for k in old_by_key.keys() & new_by_key.keys())
    return added, removed, changed


def test_every_declared_dtype_maps_to_a_table_schema_type():
    allowed = {"string", "integer", "number", "boolean", "datetime", "date", "any"}
    for table in TABLES.values():
        for column in table.columns:
            assert frictionless_field_type(column.dtype)["type"] in allowed, (table.name, column.name)
    # What frictionless can read back from Parquet (through pandas): lists as any, nullable ints as number.
    assert frictionless_field_type(pl.List(pl.String())) == {"type": "any", "parquetType": "list<string>"}
    assert frictionless_field_type(pl.Int64(), nullable=True) == {"type": "number", "parquetType": "int64"}
    assert frictionless_field_type(pl.Int64(), nullable=False) == {"type": "integer"}
    assert frictionless_field_type(pl.Datetime("us", "UTC"))["type"] == "datetime"


def test_diff_counts_added_removed_changed_by_primary_key():
    old = pl.DataFrame({"k": ["a", "b", "c", "d"], "v": [1, 2, 3, 4], "tags": [["x"], [], None, ["y"]]})
    new = pl.DataFrame({"k": ["b", "c", "d", "e", "f"], "v": [2, 30, 4, 5, 6], "tags": [[], None, ["z"], None, []]})
    diff = diff_table("t", old, new, ["k"])
    assert (diff.rows_added, diff.rows_removed, diff.rows_changed) == (2, 1, 2)  # c: v changed, d: tags changed
    assert (diff.rows_before, diff.rows_after) == (4, 5)
    assert independent_counts(old.to_dicts(), new.to_dicts(), "k") == (2, 1, 2)
    assert not diff.has_schema_change


def test_diff_with_composite_key_and_null_in_key():
    old = pl.DataFrame({"doc": ["d1", "d1", "d2", None], "idx": [0, 1, 0, 0], "v": ["a", "b", "c", "n"]})
    new = pl.DataFrame({"doc": ["d1", "d2", "d2", None], "idx": [1, 0, 1, 0], "v": ["B", "c", "d", "n"]})
    diff = diff_table("t", old, new, ["doc", "idx"])
    # (d1,0) removed; (d2,1) added; (d1,1) changed; (d2,0) and (None,0) unchanged.
    assert (diff.rows_added, diff.rows_removed, diff.rows_changed) == (1, 1, 1)


rows_strategy = st.dictionaries(
    keys=st.text(alphabet="abcdef", min_size=1, max_size=3),
    values=st.tuples(st.integers(-3, 3), st.one_of(st.none(), st.text(alphabet="xy", max_size=2))),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(old=rows_strategy, new=rows_strategy)
def test_diff_agrees_with_a_set_based_diff(old, new):
    def frame(rows):
        return pl.DataFrame(
            {"k": list(rows), "n": [v[0] for v in rows.values()], "s": [v[1] for v in rows.values()]},
            schema={"k": pl.String, "n": pl.Int64, "s": pl.String},
        )

    diff = diff_table("t", frame(old), frame(new), ["k"])
    as_dicts = lambda rows: [{"k": k, "n": v[0], "s": v[1]} for k, v in rows.items()]  # noqa: E731
    assert (diff.rows_added, diff.rows_removed, diff.rows_changed) == independent_counts(
        as_dicts(old), as_dicts(new), "k"
    )


def test_schema_changes_are_reported_and_rows_compared_on_shared_columns():
    old = pl.DataFrame({"k": ["a", "b"], "v": [1, 2], "gone": ["x", "y"], "num": [1, 2]})
    new = pl.DataFrame({"k": ["a", "b"], "v": [1, 3], "fresh": [True, False], "num": [1.0, 2.0]})
    diff = diff_table("t", old, new, ["k"])
    assert diff.columns_added == ("fresh",)
    assert diff.columns_removed == ("gone",)
    assert diff.columns_retyped == (("num", "Int64", "Float64"),)
    assert diff.rows_changed == 1  # only b's v changed; the added/removed/retyped columns do not count
    release_diff = diff_releases(
        {"rejects": old.rename({"k": "source_uri"}).with_columns(reason=pl.lit("r"))},
        {"rejects": new.rename({"k": "source_uri"}).with_columns(reason=pl.lit("r"))},
        old_version="v2026.11.22",
        new_version="v2026.11.23",
        old_schema_version=1,
        new_schema_version=2,
    )
    text = changelog_markdown(release_diff, created_at=CREATED_AT)
    assert "- `rejects`: columns added: fresh" in text
    assert "- `rejects`: columns removed: gone" in text
    assert "- `rejects`: column retyped: num Int64 -> Float64" in text
    assert "Schema version: 1 -> 2." in text


def test_tables_added_and_removed_between_releases():
    docs = TABLES["documents"].empty()
    rejects = pl.DataFrame(
        {"source_uri": ["a"], "reason": ["empty_file"], "detail": [None]}, schema=TABLES["rejects"].schema
    )
    diff = diff_releases(
        {"documents": docs, "rejects": rejects},
        {"documents": docs, "events": TABLES["events"].empty()},
        old_version="v1",
        new_version="v2",
    )
    assert [d.table for d in diff.tables] == ["documents", "events", "rejects"]  # declared order
    assert diff.table("events").table_added
    assert diff.table("rejects").table_removed and diff.table("rejects").rows_removed == 1
    text = changelog_markdown(diff, created_at=CREATED_AT)
    assert "- `rejects`: table removed" in text and "- `events`: new table with columns: event_id" in text


def test_first_release_changelog_counts_everything_as_added():
    docs = pl.DataFrame({"doc_id": ["a", "b"]}).with_columns(
        *[pl.lit(None).cast(c.dtype).alias(c.name) for c in TABLES["documents"].columns if c.name != "doc_id"]
    )
    diff = diff_releases(None, {"documents": docs}, old_version=None, new_version="v2026.11.23")
    text = changelog_markdown(diff, created_at=CREATED_AT)
    assert "First release" in text
    assert "| documents | 0 | 2 | 2 | 0 | 0 |" in text


# --------------------------------------------------------------------------------------------


def _resources(names):
    return {n: {"path": f"data/{n}.parquet", "bytes": 100, "sha256": "ab" * 32, "rows": 1} for n in names}


def test_datapackage_descriptor_structure():
    descriptor = datapackage_descriptor(
        version="v2026.11.23",
        created_at=CREATED_AT,
        resources=_resources(["documents", "event_mentions", "events"]),
        sources=[{"name": "seeds", "licence": "publisher", "text_policy": "full", "url": "https://example.org"}],
    )
    assert descriptor["$schema"] == DATAPACKAGE_V2_PROFILE
    assert descriptor["version"] == "v2026.11.23" and descriptor["created"] == "2026-11-23T09:30:00Z"
    assert [r["name"] for r in descriptor["resources"]] == ["documents", "events", "event_mentions"]
    mentions = descriptor["resources"][2]
    assert mentions["hash"] == "sha256:" + "ab" * 32 and mentions["format"] == "parquet"
    assert "bytes" not in mentions  # frictionless cannot count the bytes of a Parquet file
    assert mentions["schema"]["primaryKey"] == ["event_id", "doc_id", "sentence_idx", "char_start"]
    assert [fk["reference"]["resource"] for fk in mentions["schema"]["foreignKeys"]] == ["events", "documents"]
    doc_id = next(f for f in descriptor["resources"][0]["schema"]["fields"] if f["name"] == "doc_id")
    assert doc_id["constraints"] == {"required": True} and doc_id["description"]
    assert descriptor["sources"] == [
        {"title": "seeds", "path": "https://example.org", "description": "licence: publisher; text policy: full"}
    ]
    no_url = datapackage_descriptor(
        version="v1",
        created_at=CREATED_AT,
        resources=_resources(["documents"]),
        sources=[{"name": "seeds", "url": None, "match": ["*"], "licence": "x"}],
    )
    assert no_url["sources"] == [{"title": "seeds", "description": "licence: x; files: *"}]
    assert descriptor["licenses"][0]["name"]


def test_foreign_keys_to_unpublished_tables_are_left_out():
    descriptor = datapackage_descriptor(
        version="v1", created_at=CREATED_AT, resources=_resources(["entity_mentions", "documents"])
    )
    mentions = next(r for r in descriptor["resources"] if r["name"] == "entity_mentions")
    targets = [fk["reference"]["resource"] for fk in mentions["schema"]["foreignKeys"]]
    assert targets == ["documents"]  # entities is not in this release


def test_datapackage_refuses_undeclared_tables():
    with pytest.raises(KeyError, match="mystery"):
        datapackage_descriptor(version="v1", created_at=CREATED_AT, resources=_resources(["documents", "mystery"]))


def test_frictionless_accepts_the_descriptor_for_every_table():
    from frictionless import Package

    descriptor = datapackage_descriptor(version="v2026.11.23", created_at=CREATED_AT, resources=_resources(TABLES))
    report = Package.validate_descriptor(descriptor)
    assert report.valid, report.flatten(["type", "note"])
    descriptor["resources"][0]["schema"]["primaryKey"] = ["no_such_field"]
    assert not Package.validate_descriptor(descriptor).valid


# --------------------------------------------------------------------------------------------


def _card(row_counts, **kwargs):
    return dataset_card_markdown(
        version="v2026.11.23",
        created_at=CREATED_AT,
        pipeline_version="0.1.0",
        row_counts=row_counts,
        text_policy_summary={"full": 4, "snippet": 1},
        **kwargs,
    )


def test_card_has_hf_header_dictionary_and_required_sections():
    counts = {name: i for i, name in enumerate(TABLES)}
    card = _card(
        counts,
        sources=[
            {"name": "VOA", "licence": "public domain", "text_policy": "full", "match": ["*.txt", "voa/*"], "url": None}
        ],
    )
    header = yaml.safe_load(re.match(r"^---\n(.*?)\n---\n", card, re.S).group(1))
    assert [c["config_name"] for c in header["configs"]] == list(TABLES)
    assert header["configs"][0]["data_files"] == "data/documents.parquet"
    assert header["license"] == "cc-by-4.0" and header["task_categories"] and "news" in header["tags"]
    for section in [
        "## What it is",
        "## How it was made",
        "## Data dictionary",
        "## Licence and attribution",
        "## Known limitations",
        "## How to use",
        "### DuckDB",
        "### polars",
        "### pandas",
        "### R (arrow)",
        "## How to cite",
        "@misc{newsevents_v2026_11_23",
    ]:
        assert section in card, section
    for table in TABLES.values():
        assert f"### `{table.name}`" in card
        for column in table.columns:
            assert f"| `{column.name}` |" in card and column.description.replace("|", "\\|") in card
    assert "full: 4 documents, snippet: 1 document." in card
    assert "| VOA | *.txt, voa/* | public domain | full |" in card
    assert f"| `events` | {counts['events']} | `data/events.parquet` |" in card


def test_card_without_event_tables_has_no_event_examples():
    card = _card({"documents": 2, "rejects": 0})
    header = yaml.safe_load(re.match(r"^---\n(.*?)\n---\n", card, re.S).group(1))
    assert [c["config_name"] for c in header["configs"]] == ["documents", "rejects"]
    assert "events.parquet" not in card and "documents.parquet" in card
    assert "### `events`" not in card


def test_card_is_deterministic():
    counts = {"documents": 2, "events": 1, "event_mentions": 3}
    assert _card(counts) == _card(counts)
