"""The corpus-wide stages on compact tables equal the simple in-memory rules (tests/reference_corpus.py).

Three levels: the compact pure functions against the reference on arbitrary small inputs (Hypothesis); the
partitioned passes (several partitions summed) against the one-partition path; and the flow's stages over a
work folder of several units against the in-memory functions.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from flows.stages import corpus, link
from flows.stages.documents import DedupeSettings
from flows.work import WorkDir, write_frame
from tests import reference_corpus as reference
from transforms.clean.documents import content_hash
from transforms.dedupe.near_duplicates import (
    BAND_KEYS_SCHEMA,
    DOCUMENT_KEYS_SCHEMA,
    band_keys,
    candidate_index_pairs,
    duplicate_clusters,
    mark_duplicates,
)
from transforms.dedupe.paragraphs import (
    DOCUMENT_ORDER_SCHEMA,
    FINGERPRINTS_SCHEMA,
    SharedRunFilter,
    chain_roots,
    hash_codes,
    mark_repeats,
    paragraph_fingerprints,
    run_pairs,
)
from transforms.extract.entities import RAW_MENTIONS_SCHEMA, mention_id
from transforms.extract.quotes import QUOTE_CANDIDATES_SCHEMA
from transforms.link.entities import (
    add_evidence,
    add_mention_counts,
    add_name_counts,
    assign_clusters,
    count_names,
    decide_entities,
    decide_names,
    entities_table,
    entity_mention_rows,
    link_entities,
    mention_counts,
    partition_evidence,
)
from transforms.link.quotes import link_quotes
from transforms.schemas import TABLES

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DAYS = st.one_of(st.none(), st.integers(1, 4).map(lambda d: datetime(2024, 1, d, tzinfo=UTC)))

# --- near duplicates -------------------------------------------------------------------------------------


@st.composite
def document_keys(draw):
    ids = draw(st.lists(st.integers(0, 40).map(lambda i: f"d{i:02d}"), unique=True, max_size=12))
    hashes = st.one_of(st.none(), st.sampled_from("abcdefg"))
    keys = pl.DataFrame(
        {"doc_id": ids, "content_hash": [draw(hashes) for _ in ids], "published_at": [draw(DAYS) for _ in ids]},
        schema=DOCUMENT_KEYS_SCHEMA,
    )
    edges = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=6)) if ids else []
    return keys, edges


@SETTINGS
@given(document_keys())
def test_duplicate_clusters_equal_the_union_find_reference(case):
    keys, edges = case
    assert_frame_equal(duplicate_clusters(keys, edges), reference.duplicate_clusters(keys, edges))


@SETTINGS
@given(st.lists(st.one_of(st.none(), st.lists(st.integers(0, 5), max_size=4)), max_size=12))
def test_candidate_pairs_are_the_documents_sharing_a_band_key(bands):
    table = pl.DataFrame(
        {"doc": list(range(len(bands))), "bands": bands}, schema={"doc": pl.UInt32(), "bands": pl.List(pl.UInt64())}
    )
    expected = {
        (a, b)
        for a, x in enumerate(bands)
        for b, y in enumerate(bands)
        if a < b and x and y and any(i < len(y) and k == y[i] for i, k in enumerate(x))
    }
    assert set(candidate_index_pairs(table).rows()) == expected


# --- paragraph repeats -----------------------------------------------------------------------------------

WORDS = "a b c d e f g h i j".split()


@st.composite
def paragraph_corpus(draw):
    """Documents whose paragraphs are drawn from a few base paragraphs, edited and recased (shared runs)."""
    base = draw(st.lists(st.lists(st.sampled_from(WORDS), min_size=2, max_size=14), min_size=1, max_size=5))
    docs = []
    for i in draw(st.lists(st.integers(0, 30), unique=True, min_size=1, max_size=6)):
        paragraphs = []
        for words in draw(st.lists(st.sampled_from(base), min_size=1, max_size=4)):
            edited = list(words)
            for k in draw(st.lists(st.integers(0, len(words) - 1), max_size=2)):
                edited[k] = draw(st.sampled_from(WORDS))
            text = " ".join(edited)
            paragraphs.append(text.upper() if draw(st.booleans()) else text)
        docs.append((f"d{i:02d}", "\n\n".join(paragraphs), draw(DAYS)))
    return docs, draw(st.sampled_from([3, 4, 8])), draw(st.sampled_from([0.3, 0.6, 0.9]))


def _fingerprints(docs, run) -> tuple[pl.DataFrame, pl.DataFrame]:
    rows = [row for doc_id, text, _ in docs for row in paragraph_fingerprints(doc_id, text, min_shared_run=run)]
    order = pl.DataFrame([(d, when) for d, _, when in docs], schema=DOCUMENT_ORDER_SCHEMA, orient="row")
    return pl.DataFrame(rows, schema=FINGERPRINTS_SCHEMA), order


@SETTINGS
@given(paragraph_corpus())
def test_paragraph_repeats_equal_the_reference(case):
    docs, run, containment = case
    fingerprints, order = _fingerprints(docs, run)
    expected = reference.mark_repeats(fingerprints, order, min_word_containment=containment)
    assert_frame_equal(mark_repeats(fingerprints, order, min_word_containment=containment), expected)
    # Capped pairing changes nothing while no run is in more paragraphs than the cap.
    assert_frame_equal(
        mark_repeats(fingerprints, order, min_word_containment=containment, max_run_sources=None), expected
    )


@SETTINGS
@given(st.lists(st.integers(0, 6), max_size=60), st.one_of(st.none(), st.integers(1, 4)))
def test_run_pairs_pair_each_paragraph_with_the_earliest_holders_of_its_runs(runs, cap):
    rows = pl.DataFrame({"pos": range(len(runs)), "run": runs}, schema={"pos": pl.UInt32(), "run": pl.UInt64()})
    got = set(run_pairs(rows, max_run_sources=cap).rows())
    expected = set()
    for run in set(runs):
        holders = [p for p, r in enumerate(runs) if r == run]
        sources = holders if cap is None else holders[:cap]
        expected |= {(p, q) for p in holders for q in sources if q < p}
    assert got == expected


@SETTINGS
@given(st.lists(st.integers(0, 2**64 - 1), max_size=40), st.lists(st.integers(0, 39), max_size=40))
def test_shared_run_filter_passes_every_run_seen_twice(values, repeats):
    runs = np.array(values + [values[i] for i in repeats if i < len(values)], dtype=np.uint64)
    filt = SharedRunFilter()
    filt.MIN_RUNS = 0  # build the bitmap even for a few runs
    half = len(runs) // 2
    filt.add(runs[:half])
    filt.add(runs[half:])
    filt.finish()
    passed = filt.may_be_shared(runs)
    unique, counts = np.unique(runs, return_counts=True)
    shared = set(unique[counts > 1].tolist())
    assert all(passed[i] for i, r in enumerate(runs.tolist()) if r in shared)


@SETTINGS
@given(st.lists(st.lists(st.tuples(st.integers(0, 2**32 - 1), st.integers(0, 2**32 - 1)), max_size=30), max_size=6))
def test_distinct_pairs_keep_each_pair_once_whatever_the_batches(batches):
    pairs = corpus.DistinctPairs()
    for batch in batches:
        pairs.add(pl.DataFrame(batch, schema={"pos": pl.UInt32(), "pos_j": pl.UInt32()}, orient="row"))
    got = pairs.frame()
    assert got.schema == pl.Schema({"pos": pl.UInt32(), "pos_j": pl.UInt32()})
    assert got.rows() == sorted({pair for batch in batches for pair in batch})


def test_hash_codes_are_the_integers_the_hex_digits_spell():
    hashes = ["0000000000000001", "ffffffffffffffff", "8000000000000000", "00ab4daf7c2673f8"]
    assert hash_codes(pl.Series(hashes)).tolist() == [int(h, 16) for h in hashes]
    with pytest.raises(ValueError, match="16 hex digits"):
        hash_codes(pl.Series(["abc"]))


def test_chain_roots_follow_targets_to_the_first_paragraph():
    targets = pl.DataFrame(
        {"pos": [1, 3, 4, 6], "target": [0, 1, 3, 5]}, schema={"pos": pl.UInt32(), "target": pl.UInt32()}
    )
    assert chain_roots(7, targets).tolist() == [0, 0, 2, 0, 0, 5, 5]


# --- entities ----------------------------------------------------------------------------------------------

NAMES = [
    "John Smith", "Smith", "John", "Mary Smith", "Jones", "Bob Jones", "European Union", "EU", "E.U.",
    "Ministry of Defense", "Defense Ministry", "MD", "Paris", "France", "U.S.", "US", "United States", "French",
    "Americans", "the Red Cross", "Red Cross", "RC", "World Health Organization", "WHO", "Who", "-", "- -",
    "Zoë Ñuñez", "Ñuñez", "New York", "NY",
]  # fmt: skip
LABELS = ["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "LANGUAGE"]


@st.composite
def raw_mentions(draw):
    """Mentions of a few documents: shared names, label noise, one-word persons, brackets and acronyms."""
    rows = []
    for doc in draw(st.lists(st.integers(0, 20).map(lambda i: f"doc{i:02d}"), unique=True, max_size=6)):
        position, previous = 0, None
        for k in range(draw(st.integers(0, 10))):
            text = draw(st.sampled_from(NAMES))
            start = position + draw(st.integers(0, 3))
            end = start + len(text)
            position = end + 1
            rows.append(
                {
                    "mention_id": mention_id(doc, start, end),
                    "doc_id": doc,
                    "sentence_idx": k // 3,
                    "char_start": start,
                    "char_end": end,
                    "text": text,
                    "label": draw(st.sampled_from(LABELS[:5]) | st.sampled_from(LABELS)),
                    "paren_of": previous if previous and draw(st.booleans()) else None,
                }
            )
            previous = rows[-1]["mention_id"]
    frame = pl.DataFrame(rows, schema=RAW_MENTIONS_SCHEMA, orient="row")
    return frame.sample(fraction=1.0, shuffle=True, seed=draw(st.integers(0, 100))) if rows else frame


@SETTINGS
@given(raw_mentions())
def test_entities_equal_the_reference(raw):
    entities, mentions = link_entities(raw)
    expected_entities, expected_mentions = reference.link_entities(raw)
    assert_frame_equal(mentions, expected_mentions)
    assert_frame_equal(entities, expected_entities)


def _link_in_partitions(raw: pl.DataFrame, n_parts: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The passes of link_entities over partitions of whole documents, aggregates summed between passes."""
    docs = raw["doc_id"].unique().sort().to_list()
    parts = [raw.filter(pl.col("doc_id").is_in(docs[i::n_parts])) for i in range(n_parts)]
    decisions = decide_names(add_name_counts(*(count_names(p) for p in parts)))
    assigned = [assign_clusters(p, decisions) for p in parts]
    evidence = add_evidence(*(partition_evidence(p, a, decisions) for p, a in zip(parts, assigned)))
    entities = decide_entities(decisions, evidence)
    mentions = [entity_mention_rows(p, a, entities) for p, a in zip(parts, assigned)]
    table = entities_table(entities, add_mention_counts(*(mention_counts(m) for m in mentions)))
    return table, TABLES["entity_mentions"].conform(pl.concat(mentions))


@SETTINGS
@given(raw_mentions(), st.integers(2, 4))
def test_entities_in_partitions_equal_one_partition(raw, n_parts):
    if raw.is_empty():
        return
    entities, mentions = _link_in_partitions(raw, n_parts)
    expected_entities, expected_mentions = link_entities(raw)
    assert_frame_equal(mentions, expected_mentions)
    assert_frame_equal(entities, expected_entities)


def test_bracket_and_acronym_redirects_hold_across_partitions():
    rows = [
        ("d1", 0, "World Health Organization", "ORG", None),
        ("d1", 30, "WHO", "ORG", mention_id("d1", 0, 25)),
        ("d2", 0, "WHO", "ORG", None),
        ("d3", 0, "Mary Smith", "PERSON", None),
        ("d4", 0, "Smith", "PERSON", None),
        ("d5", 0, "Mary Smith", "PERSON", None),
        ("d6", 0, "John Lee", "PERSON", None),
        ("d7", 0, "Lee", "PERSON", None),
        ("d8", 0, "Barack Obama", "PERSON", None),
        ("d9", 0, "Obama", "PERSON", None),
    ]
    raw = pl.DataFrame(
        [
            {
                "mention_id": mention_id(d, s, s + len(t)),
                "doc_id": d,
                "sentence_idx": 0,
                "char_start": s,
                "char_end": s + len(t),
                "text": t,
                "label": lab,
                "paren_of": p,
            }
            for d, s, t, lab, p in rows
        ],
        schema=RAW_MENTIONS_SCHEMA,
    )
    entities, mentions = _link_in_partitions(raw, 4)
    by_doc = dict(mentions.select("doc_id", "entity_id").unique("doc_id").rows())
    names = dict(entities.select("entity_id", "name").rows())
    # WHO in d2 (another partition) joins the organisation its bracket in d1 names; Smith in d4 falls back
    # to the corpus's full name with that last word, named in full in d3 and d5; Obama to the public figure the
    # actor dictionaries list, named once; Lee stays apart from John Lee, named in full once, in another story.
    assert names[by_doc["d2"]] == "World Health Organization"
    assert names[by_doc["d4"]] == "Mary Smith"
    assert names[by_doc["d9"]] == "Barack Obama"
    assert names[by_doc["d7"]] == "Lee"


# --- the flow's stages over a work folder of several units -------------------------------------------------


def _unit(work: WorkDir, stage: str, i: int, name: str) -> Path:
    return work.root / stage / f"{i:05d}-0000000" / f"{name}.parquet"


def _write_units(work: WorkDir, docs: list[tuple[str, str, datetime | None]], n_units: int, run: int) -> pl.DataFrame:
    """documents/<unit>/{clean,bands,paragraphs} for docs split into n_units; returns the clean rows."""
    clean = pl.DataFrame(
        [(d, text, when, content_hash(text)) for d, text, when in docs],
        schema={
            "doc_id": pl.String(),
            "text": pl.String(),
            "published_at": pl.Datetime("us", "UTC"),
            "content_hash": pl.String(),
        },
        orient="row",
    )
    for i in range(n_units):
        part = clean.gather(list(range(i, clean.height, n_units)))
        write_frame(part, _unit(work, "documents", i, "clean"))
        # Every document gets its band keys, as in the documents stage; exact copies are dropped corpus-wide.
        bands = pl.DataFrame(
            {"doc_id": part["doc_id"], "bands": [band_keys(t) for t in part["text"]]}, schema=BAND_KEYS_SCHEMA
        )
        write_frame(bands, _unit(work, "documents", i, "bands"))
        rows = [
            r for d, t in part.select("doc_id", "text").rows() for r in paragraph_fingerprints(d, t, min_shared_run=run)
        ]
        write_frame(pl.DataFrame(rows, schema=FINGERPRINTS_SCHEMA), _unit(work, "documents", i, "paragraphs"))
    return clean


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraph_corpus(), st.integers(1, 3), st.booleans(), st.sampled_from([1, 7, 250_000]))
def test_flow_paragraph_and_duplicate_stages_equal_the_in_memory_functions(case, n_units, bitmap, bucket_rows):
    docs, run, _ = case
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        if bitmap:  # the 32-bit prefilter on, as on a large corpus
            mp.setattr(SharedRunFilter, "MIN_RUNS", 0)
        # Few rows per bucket: many buckets, the same paragraph pairs found in several of them.
        mp.setattr(corpus, "RUN_ROWS_PER_BUCKET", bucket_rows)
        work = WorkDir(Path(tmp))
        clean = _write_units(work, docs, n_units, run)
        corpus.find_paragraph_repeats.fn(work)
        corpus.find_duplicates.fn(work, DedupeSettings(threshold=0.8))
        fingerprints, order = _fingerprints(docs, run)
        assert_frame_equal(
            TABLES["paragraphs"].conform(pl.read_parquet(work.table("paragraphs"))), mark_repeats(fingerprints, order)
        )
        expected = mark_duplicates(clean).select("doc_id", "dup_cluster_id", "dup_of")
        assert_frame_equal(pl.read_parquet(work.table("duplicates")).sort("doc_id"), expected)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_mentions(), st.integers(1, 3), st.integers(1, 40))
def test_flow_entity_and_quote_stages_equal_the_in_memory_functions(raw, n_units, partition_rows):
    docs = raw["doc_id"].unique().sort().to_list()
    # A quote's speaker is a mention of its own document (or none), as quotes_of gives it.
    persons = raw.filter(pl.col("label") == "PERSON").group_by("doc_id").agg(pl.col("mention_id").min())
    speaker_of = dict(persons.rows())
    candidates = pl.DataFrame(
        [
            {c: None for c in QUOTE_CANDIDATES_SCHEMA}
            | {"quote_id": f"q{i}{k}", "doc_id": d, "text": "x", "char_start": 0, "char_end": 1, "direct": True}
            | {"speaker_mention_id": speaker_of.get(d) if k else None}
            for i, d in enumerate(docs)
            for k in range(2)
        ],
        schema=QUOTE_CANDIDATES_SCHEMA,
    )
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        mp.setattr(link, "PARTITION_ROWS", partition_rows)
        work = WorkDir(Path(tmp))
        for i in range(n_units):
            mine = docs[i::n_units]
            write_frame(raw.filter(pl.col("doc_id").is_in(mine)), _unit(work, "extract", i, "mentions"))
            write_frame(candidates.filter(pl.col("doc_id").is_in(mine)), _unit(work, "extract", i, "quotes"))
        link.link_entities_stage(work)
        link.link_quotes_stage(work)
        entities, mentions = link_entities(raw)
        tables = {
            n: TABLES[n].conform(pl.read_parquet(work.table(n))) for n in ("entities", "entity_mentions", "quotes")
        }
        assert_frame_equal(tables["entities"], entities)
        assert_frame_equal(tables["entity_mentions"], mentions)
        assert_frame_equal(tables["quotes"], link_quotes(candidates, mentions))
