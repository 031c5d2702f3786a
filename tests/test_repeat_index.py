"""The duplicates stage over a grown corpus: the previous run's repeat index gives the tables of a full pass.

Documents arrive in any order (Hypothesis picks which ones come first, and their publication days
interleave with the later ones'), exact copies may arrive before their earlier originals, and a small cap
on run sources makes the first holders of runs change often.
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

from flows.stages import corpus
from flows.work import WorkDir
from tests.test_corpus_scale import _fingerprints, _write_units, paragraph_corpus
from transforms.dedupe.paragraphs import mark_repeats
from transforms.dedupe.repeat_index import stale_holders
from transforms.schemas import TABLES

GROWN = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _stage(docs, run: int, index: corpus.RepeatIndex, cap: int | None) -> pl.DataFrame:
    with tempfile.TemporaryDirectory() as tmp:
        work = WorkDir(Path(tmp))
        _write_units(work, docs, 2, run)
        corpus.find_paragraph_repeats.fn(work, max_run_sources=cap, index=index)
        return TABLES["paragraphs"].conform(pl.read_parquet(work.table("paragraphs")))


def _expected(docs, run: int, cap: int | None) -> pl.DataFrame:
    fingerprints, order = _fingerprints(docs, run)
    return mark_repeats(fingerprints, order, max_run_sources=cap)


@GROWN
@given(paragraph_corpus(), st.data(), st.sampled_from([None, 1, 2, 10]))
def test_grown_corpus_equals_a_full_pass(case, data, cap):
    docs, run, _ = case
    first = data.draw(st.lists(st.sampled_from(range(len(docs))), unique=True), label="first")
    earlier = [docs[i] for i in sorted(first)]
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as mp:
        index = corpus.RepeatIndex(Path(tmp) / "repeats.parquet")
        if earlier:
            assert_frame_equal(_stage(earlier, run, index, cap), _expected(earlier, run, cap))
            assert index.load() is not None

            def full_passes(*args, **kwargs):
                raise AssertionError("a corpus that only grew must not take the full passes")

            mp.setattr(corpus, "_reworded_targets", full_passes)
        assert_frame_equal(_stage(docs, run, index, cap), _expected(docs, run, cap))


@GROWN
@given(paragraph_corpus(), st.data())
def test_a_corpus_that_lost_a_document_takes_the_full_passes(case, data):
    docs, run, _ = case
    kept = data.draw(st.lists(st.sampled_from(range(len(docs))), unique=True, max_size=len(docs) - 1), label="kept")
    smaller = [docs[i] for i in sorted(kept)]
    with tempfile.TemporaryDirectory() as tmp:
        index = corpus.RepeatIndex(Path(tmp) / "repeats.parquet")
        _stage(docs, run, index, 2)
        if smaller:
            assert_frame_equal(_stage(smaller, run, index, 2), _expected(smaller, run, 2))


def test_a_damaged_index_is_ignored(tmp_path):
    docs = [("d1", "a b c d e f g h", None), ("d2", "a b c d e f g x", None)]
    index = corpus.RepeatIndex(tmp_path / "repeats.parquet")
    index.path.write_bytes(b"not parquet")
    assert index.load() is None
    assert_frame_equal(_stage(docs, 3, index, 10), _expected(docs, 3, 10))
    assert index.load() is not None


def test_stale_holders_are_the_holders_after_a_change_in_the_first_sources():
    # One run held by positions 0..5; position 1 is new, position 4 was a first occurrence and is no more.
    pos = np.array([0, 1, 2, 3, 4, 5])
    in_new = np.array([1, 1, 1, 1, 0, 1], dtype=bool)
    in_old = np.array([1, 0, 1, 1, 1, 1], dtype=bool)
    runs = np.full(6, 7, dtype=np.uint64)
    got = stale_holders(runs, pos, in_new, in_old, max_run_sources=3)
    # The new holder at 1 enters the first three: every later holder's partners may change.
    assert got["pos"].to_list() == [0, 1, 2, 3, 5]
    assert got["stale"].to_list() == [False, False, True, True, True]
    assert got["rank"].to_list() == [0, 1, 2, 3, 4]
    # With a cap of 1 neither change reaches the first holder: nothing is stale.
    assert not stale_holders(runs, pos, in_new, in_old, max_run_sources=1)["stale"].any()


def test_an_earlier_new_source_takes_over_a_later_paragraph_it_rewords(tmp_path):
    """q arrives last but comes first: p (which rewords both h and q) must now point to q, while h (sharing
    only three words with q) stays a first of its own; a stale old target would leave p with h's document."""
    day = [datetime(2024, 1, d, tzinfo=UTC) for d in (1, 2, 3)]
    h = ("d1", "a b c d e f g h i j", day[1])
    p = ("d2", "a b c d e f k l m n", day[2])
    q = ("d0", "a b c k l m n o p r", day[0])
    index = corpus.RepeatIndex(tmp_path / "repeats.parquet")
    for cap in (1, None):
        index.path.unlink(missing_ok=True)
        before = _stage([h, p], 3, index, cap)
        assert before.filter(pl.col("doc_id") == "d2")["first_doc_id"].to_list() == ["d1"]
        after = _stage([q, h, p], 3, index, cap)
        assert_frame_equal(after, _expected([q, h, p], 3, cap))
        assert dict(after.select("doc_id", "first_doc_id").rows()) == {"d0": "d0", "d1": "d1", "d2": "d0"}
