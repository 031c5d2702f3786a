"""What keeps the flow process's and the workers' memory flat in the corpus: units no larger than a shard, tables
written in key order a slice at a time, the full text policy as no copy, paragraph run buckets on files."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from flows.stages import assemble, corpus
from flows.work import WorkDir, unit_rows, units_of
from transforms.publish.text_policy import apply_text_policy
from transforms.schemas import TABLES


@pytest.mark.parametrize("total", [1_000, 5_000, 20_000, 1_000_000])
def test_units_never_exceed_a_shard_and_cover_the_corpus(total):
    rows = unit_rows(total, 2, shard_size=1_000)
    assert rows <= 1_000
    units = list(units_of({0: 1_000, 1: total - 1_000} if total > 1_000 else {0: total}, max_rows=rows))
    assert sum(u.stop - u.start for u in units) == total
    assert max(u.stop - u.start for u in units) <= rows


def test_small_corpora_still_get_several_units_per_worker():
    assert unit_rows(89, 2, shard_size=1_000) == 12
    assert unit_rows(10, 2, shard_size=1_000) == 8


_KEYS = st.sampled_from(["a", "b", "c", "d", None])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(_KEYS, st.one_of(st.none(), st.integers(0, 3)), st.integers(0, 99)), max_size=40),
    st.integers(1, 7),
)
def test_write_conformed_equals_conform_in_any_row_order(rows, slice_rows):
    # Repeated and null keys: conform's sort is stable, so rows with equal keys keep their order; the slices
    # written must give exactly that order too.
    df = pl.DataFrame(
        {
            "doc_id": [r[0] for r in rows],
            "para_idx": [r[1] for r in rows],
            "char_start": [r[2] for r in rows],
            "char_end": [r[2] + 1 for r in rows],
            "para_hash": [f"h{i}" for i in range(len(rows))],
            "first_doc_id": [r[0] for r in rows],
            "is_repeat": [False] * len(rows),
            "extra": list(range(len(rows))),  # not a column of the table: dropped, as conform drops it
        },
        schema_overrides={"doc_id": pl.String(), "para_idx": pl.Int64(), "first_doc_id": pl.String()},
    )
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        mp.setattr(assemble, "WRITE_ROWS", slice_rows)
        path = Path(tmp) / "paragraphs.parquet"
        assemble._write_conformed(df, "paragraphs", path)
        assert_frame_equal(pl.read_parquet(path), TABLES["paragraphs"].conform(df))


def test_write_conformed_names_a_missing_column(tmp_path):
    with pytest.raises(ValueError, match="missing columns"):
        assemble._write_conformed(pl.DataFrame({"doc_id": ["a"]}), "paragraphs", tmp_path / "p.parquet")


def _documents(policies: list[str]) -> pl.DataFrame:
    n = len(policies)
    rows = {c.name: [None] * n for c in TABLES["documents"].columns}
    rows |= {
        "doc_id": [f"d{i}" for i in range(n)][::-1],
        "text": ["Officials met in the capital. They agreed.", None, "A second text."][:n],
        "text_policy": policies,
        "published_at": [dt.datetime(2025, 1, 1 + i, tzinfo=dt.UTC) for i in range(n)],
    }
    return pl.DataFrame(rows, schema=TABLES["documents"].schema)


def _events(doc_ids: list[str]) -> pl.DataFrame:
    rows = {c.name: [None] * len(doc_ids) for c in TABLES["events"].columns}
    rows |= {"event_id": [f"e{i}" for i in range(len(doc_ids))][::-1], "evidence": ["Officials met", None, "x"]}
    return pl.DataFrame({k: v[: len(doc_ids)] for k, v in rows.items()}, schema=TABLES["events"].schema)


@pytest.mark.parametrize("policies", [["full", "full", "full"], ["full", "snippet", "full"], ["none", "full", "full"]])
def test_text_policy_in_assembly_equals_apply_text_policy(policies, tmp_path):
    documents = _documents(policies)
    work = WorkDir(tmp_path)
    events = _events(documents["doc_id"].to_list())
    work.table("events").parent.mkdir(parents=True)
    events.write_parquet(work.table("events"))
    for name, columns in assemble._POLICY_COLUMNS.items():
        pl.DataFrame(schema={c: TABLES[name].schema[c] for c in columns}).write_parquet(work.table(name))
    got = assemble._with_text_policy(work, documents)
    expected = apply_text_policy(
        {
            "documents": documents,
            "events": events,
            **{n: pl.read_parquet(work.table(n)) for n in assemble._POLICY_COLUMNS},
        },
        dict(documents.select("doc_id", "text_policy").rows()),
    )
    for name in ("documents", "events"):
        assert_frame_equal(TABLES[name].conform(got[name]), expected[name])


def test_paragraph_run_buckets_are_read_back_whole_and_removed(tmp_path):
    buckets = corpus._RunBuckets(tmp_path / "runs", 4)
    parts = {
        1: [pl.DataFrame({"pos": [3, 1], "run": [7, 9]}), pl.DataFrame({"pos": [2], "run": [7]})],
        3: [pl.DataFrame({"pos": [0], "run": [1]})],
    }
    for bucket, frames in parts.items():
        for frame in frames:
            buckets.write(bucket, frame.cast({"pos": pl.UInt32(), "run": pl.UInt64()}))
    buckets.close_writers()
    with buckets:
        for _ in range(2):  # read as often as asked
            got = list(buckets)
            assert [g.to_dict(as_series=False) for g in got] == [
                {"pos": [3, 1, 2], "run": [7, 9, 7]},
                {"pos": [0], "run": [1]},
            ]
    assert not list((tmp_path / "runs").iterdir())


def test_paragraph_run_buckets_added_in_batches_hold_every_row_in_its_bucket(tmp_path):
    rng = np.random.default_rng(7)
    pos = rng.integers(0, 1000, 500).astype(np.uint32)
    runs = rng.integers(0, 2**63, 500, dtype=np.uint64)
    bucket = (runs >> np.uint64(61)).astype(np.uint32)
    buckets = corpus._RunBuckets(tmp_path / "runs", 8, flush_rows=64)  # flushed every 64 rows
    for start in range(0, 500, 30):
        buckets.add(pos[start : start + 30], runs[start : start + 30], bucket[start : start + 30])
    buckets.close_writers()
    with buckets:
        got = pl.concat(list(buckets))
        assert sorted(zip(got["pos"], got["run"], strict=True)) == sorted(zip(pos, runs, strict=True))
        for part in buckets:  # each bucket's rows together, and only them
            assert len(set((part["run"].to_numpy() >> np.uint64(61)).tolist())) == 1
