"""Event linking at corpus scale: clustering group by group and the partitioned stage give the tables of one pass."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import tempfile
from collections import defaultdict
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from polars.testing import assert_frame_equal
from polars.testing.parametric import column, dataframes

from tests.test_events_when_where import _mention, _mentions
from transforms.extract.document import EXTRACTED_SCHEMAS
from transforms.link.events import (
    _clustered,
    _order_key,
    cluster_groups,
    cluster_mentions,
    dayless_keys,
    event_tables,
    finish_event_tables,
    group_order,
    linked_rows,
    mention_group,
    mentions_from_rows,
    named_rows,
    ordered_rows,
)

ROOT = Path(__file__).resolve().parent.parent


def _numbered(mentions):
    for i, m in enumerate(mentions):
        m.order = i
    return mentions


def _grouped(mentions):
    by_group = defaultdict(list)
    for m in mentions:
        by_group[mention_group(m)].append(m)
    return list(cluster_groups(sorted(by_group, key=group_order), by_group.__getitem__, dayless_keys(mentions)))


def _members(clusters):
    return [[m.doc_id for m in c.mentions] for c in clusters]


@settings(max_examples=150, deadline=None)
@given(_mentions())
def test_clustering_group_by_group_equals_one_pass(mentions):
    mentions = _numbered(mentions)
    one_pass = cluster_mentions(mentions)
    parts = _grouped(mentions)
    grouped = sorted(
        (c for part in parts for c in part), key=lambda c: (*_order_key(c.mentions[0]), c.mentions[0].order)
    )
    assert _members(grouped) == _members(one_pass)  # same clusters, same creation order, same joining order
    one = finish_event_tables(*map(list, zip(event_tables(one_pass), strict=True)))
    many = [event_tables(part) for part in parts]
    split = finish_event_tables([p[0] for p in many], [p[1] for p in many])
    assert_frame_equal(split[0], one[0])
    assert_frame_equal(split[1], one[1])


def test_a_dayless_mention_joins_a_dated_event_of_another_year_across_groups():
    dated = _mention(0, day=date(2023, 6, 1), actors={"RUS"}, recipients={"UKR"})
    later = _mention(1, day=date(2024, 6, 1), actors={"CHN"}, recipients={"USA"})
    dayless = _mention(2, actors={"RUS"}, recipients={"UKR"}, pub="none")
    parts = _grouped(_numbered([dated, later, dayless]))
    clusters = [c for part in parts for c in part]
    assert sorted(_members(clusters)) == [["d0", "d2"], ["d1"]]


def test_tied_event_ids_keep_the_order_of_one_pass():
    # the same sentence (document, offset) reports two events of one type in different years: one event_id
    a = _mention(0, day=date(2024, 3, 1), actors={"e1"})
    b = _mention(0, day=date(2023, 3, 1), actors={"e2"})
    b.precision = "month"  # clustered first in one pass (finer dates first), in the later group here
    mentions = _numbered([a, b])
    one = finish_event_tables(*map(list, zip(event_tables(cluster_mentions(mentions)), strict=True)))
    many = [event_tables(part) for part in _grouped(mentions)]
    split = finish_event_tables([p[0] for p in many], [p[1] for p in many])
    assert one[0]["event_id"].n_unique() == 1 and one[0].height == 2
    assert_frame_equal(split[0], one[0])
    assert_frame_equal(split[1], one[1])


@settings(max_examples=50, deadline=None)
@given(_mentions())
def test_linked_rows_round_trip(mentions):
    mentions = _numbered(mentions)
    for m in mentions:
        m.place = {"entity_id": None, "name": "X", "country_code": "RUS", "latitude": 1.5, "longitude": None}
        m.place["geo_precision"] = "country"
    back = mentions_from_rows(linked_rows(mentions))
    for m, r in zip(mentions, back, strict=True):
        for name in m.__dataclass_fields__:
            if name != "identities":
                assert getattr(r, name) == getattr(m, name), name


def _created(c):
    return (*_order_key(c.mentions[0]), c.mentions[0].order)


@settings(max_examples=150, deadline=None)
@given(_mentions())
def test_retiring_finished_clusters_keeps_the_clusters_of_one_pass(mentions):
    """Clusters handed out as soon as no later mention looks up their buckets (one at a time here) are those of
    one pass, with the same members in the same order; none is found after it was handed out."""
    mentions = _numbered(mentions)
    one_pass = cluster_mentions(mentions)
    ordered = sorted(mentions, key=lambda m: (*_order_key(m), m.order))
    parts = list(_clustered(ordered, [], tolerance_days=1, retire=True, batch=1))
    assert _members(sorted((c for p in parts for c in p), key=_created)) == _members(one_pass)


def test_a_cluster_no_later_mention_can_find_is_handed_out_early():
    days = [date(2024, 1, 1), date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1)]
    mentions = _numbered([_mention(i, day=d, precision="report", recipients={"e1"}) for i, d in enumerate(days)])
    ordered = sorted(mentions, key=lambda m: (*_order_key(m), m.order))
    parts = list(_clustered(ordered, [], tolerance_days=1, retire=True, batch=1))
    assert _members(parts[0]) == [["d0", "d1"]]  # January's event, out before February's report is clustered
    assert sorted(_members(c for p in parts for c in p)) == [["d0", "d1"], ["d2"], ["d3"]]


@settings(max_examples=50, deadline=None)
@given(_mentions())
def test_groups_clustered_from_rows_equal_groups_of_mention_objects(mentions):
    """The stage hands cluster_groups each group's rows (made into objects a chunk at a time, clusters retired
    as they finish): the tables are those of the groups' Mention objects."""
    mentions = _numbered(mentions)
    for m in mentions:  # a complete place record, as the rows carry one
        m.place = {"entity_id": None, "name": "X", "country_code": "RUS", "latitude": 1.5, "longitude": None}
        m.place["geo_precision"] = "country"
    rows = linked_rows(mentions)
    assert ordered_rows(rows)["order"].to_list() == [
        m.order for m in sorted(mentions, key=lambda m: (*_order_key(m), m.order))
    ]
    by_group = defaultdict(list)
    for m in mentions:
        by_group[mention_group(m)].append(m)
    groups = sorted(by_group, key=group_order)
    keys = dayless_keys(mentions)

    def tables(parts):
        made = [event_tables(part) for part in parts]
        return finish_event_tables([p[0] for p in made], [p[1] for p in made])

    def load(group):
        category, year = group
        return rows.filter(
            (pl.col("category") == category) & (pl.col("year").is_null() if year is None else pl.col("year") == year)
        )

    expected = tables(cluster_groups(groups, by_group.__getitem__, keys))
    got = tables(cluster_groups(groups, load, keys))
    assert_frame_equal(got[0], expected[0])
    assert_frame_equal(got[1], expected[1])


def _bench():
    spec = importlib.util.spec_from_file_location("corpus_scale", ROOT / "bench" / "corpus_scale.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus_scale"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def synthetic_units(tmp_path_factory) -> Path:
    """Three synthetic units of 100 documents (bench/corpus_scale.py, seeded) with their corpus-wide duplicate and
    paragraph-repeat tables and the entity stage's tables (one unit a partition): the input every case of the
    partitioned event stage starts from, written once and copied. The entity stage reads none of the settings the
    cases vary (spilling, workers, memory), so each case ran the same entity linking before."""
    from flows.stages import corpus, link
    from flows.stages.documents import DedupeSettings
    from flows.work import WorkDir

    bench = _bench()
    bench.UNIT_DOCS = 100
    root = tmp_path_factory.mktemp("synthetic_units")
    for unit in range(3):
        bench.make_unit((unit, 300, root))
    work = WorkDir(root)
    corpus.find_duplicates.fn(work, DedupeSettings(threshold=0.8))
    corpus.find_paragraph_repeats.fn(work)
    old = link.PARTITION_ROWS
    link.PARTITION_ROWS = 1  # one unit a partition
    try:
        assert len(link.partitions(work)) == 3
        link.link_entities_stage(work)
    finally:
        link.PARTITION_ROWS = old
    return root


@pytest.fixture(scope="module")
def whole_corpus_events(synthetic_units):
    """link_events over the whole synthetic corpus, given the entity mentions the stage looks up: the tables every
    case of the partitioned stage must give (its input is the same in every case), computed once."""
    from flows.stages import link
    from flows.work import WorkDir
    from transforms.link.entities import PLACE_LABELS
    from transforms.link.events import link_events

    work = WorkDir(synthetic_units)
    candidates = pl.concat([pl.read_parquet(p) for p in work.unit_files("extract", "events")])
    documents = (
        pl.concat([pl.read_parquet(p) for p in work.unit_files("documents", "clean")])
        .select("doc_id", "published_at", "published_precision")
        .join(pl.read_parquet(work.table("duplicates")), on="doc_id", how="left")
    )
    named = link._named_mentions(candidates)
    looked_up = pl.read_parquet(work.table("entity_mentions")).filter(
        pl.col("label").is_in(PLACE_LABELS) | pl.col("mention_id").is_in(named.implode())
    )
    events, event_mentions = link_events(
        candidates,
        documents,
        pl.read_parquet(work.table("entities")),
        looked_up,
        paragraphs=pl.read_parquet(work.table("paragraphs")),
    )
    return candidates, events, event_mentions


@pytest.mark.parametrize(
    ("spill_rows", "workers", "min_candidates", "memory_mb"),
    [(None, 1, None, None), (1, 1, None, None), (None, 2, 0, None), (None, 2, 0, 1), (None, 2, None, None)],
)
def test_the_partitioned_stage_equals_link_events_over_the_whole_corpus(
    synthetic_units, whole_corpus_events, spill_rows, workers, min_candidates, memory_mb
):
    """Synthetic unit files (bench/corpus_scale.py), three units in three partitions: the stage's tables are
    those of link_events over the whole corpus, given the entity mentions the stage looks up; also when the
    rows kept between its passes go to files at every step (``spill_rows=1``), and when its jobs run in two
    worker processes (whose rows come back as files), which it starts only for enough candidates, with the
    machine's share of memory or a budget of 1 MB, which no category fits (each clustered alone)."""
    from flows.stages import link
    from flows.work import WorkDir
    from transforms.link.parties import with_parties

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "units"
        shutil.copytree(synthetic_units, root)
        work = WorkDir(root)
        old = link.PARTITION_ROWS, link.SPILL_ROWS, link.WORKER_MIN_CANDIDATES
        link.PARTITION_ROWS = 1  # one unit a partition
        link.SPILL_ROWS = spill_rows or old[1]
        link.WORKER_MIN_CANDIDATES = old[2] if min_candidates is None else min_candidates
        try:
            assert len(link.partitions(work)) == 3
            counts = link.link_events_stage(work, workers=workers, memory_mb=memory_mb)
            for kept in ("events_linked", "events_out"):
                in_files = spill_rows == 1 or (workers > 1 and min_candidates == 0)
                assert bool(list((root / "link" / kept).rglob("*.parquet"))) == in_files, kept
        finally:
            link.PARTITION_ROWS, link.SPILL_ROWS, link.WORKER_MIN_CANDIDATES = old
        candidates, events, event_mentions = whole_corpus_events
        assert events.height > 100
        left_out = counts["without_party"] + counts["private_parties"] + counts["apolitical_story"]
        assert left_out == candidates.height - with_parties(candidates).height
        assert (counts["events"], counts["event_mentions"]) == (events.height, event_mentions.height)
        assert_frame_equal(pl.read_parquet(work.table("events")), events)
        assert_frame_equal(pl.read_parquet(work.table("event_mentions")), event_mentions)


@settings(max_examples=100, deadline=None)
@given(
    dataframes(
        cols=[column(name, dtype=dtype) for name, dtype in EXTRACTED_SCHEMAS["events"].items()]
        + [column("published_at", dtype=pl.Datetime("us", "UTC"))],
        max_size=30,
    )
)
def test_named_rows_are_the_rows_iter_rows_gives(frame):
    # repr: equal values, types and key order, NaN equal to NaN (two NaN floats never compare equal)
    assert repr(list(named_rows(frame, chunk=7))) == repr(list(frame.iter_rows(named=True)))
