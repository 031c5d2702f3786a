"""Cleaning per shard with corpus-wide templates, and never losing article text on real stories and pages."""

from __future__ import annotations

import gzip
import hashlib
import json
import re

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tests.conftest import SHARED_DATA
from tests.test_clean import _wrapped, raw_frame
from transforms.clean.boilerplate import (
    TEMPLATE_CANDIDATES_SCHEMA,
    TEMPLATE_SHAPES_SCHEMA,
    story_families,
    template_candidates,
    template_shapes,
)
from transforms.clean.documents import clean_documents, clean_shard
from transforms.clean.metadata import word_count
from transforms.ids import fingerprint64
from transforms.ingest.html import page_text_lines
from transforms.schemas import BOILERPLATE_REASONS

VOA = SHARED_DATA / "voa" / "voa_stories.jsonl"
WCXB = SHARED_DATA / "wcxb_dev" / "wcxb_dev.jsonl.gz"


@pytest.fixture(scope="module")
def corpus(seed_texts):
    """Five raw documents: four seed stories wrapped in one site's furniture, and the fifth seed as it is."""
    bodies = [t for _, t in sorted(seed_texts.items())]
    texts = [_wrapped(b, i) for i, b in enumerate(bodies[:4])] + bodies[4:]
    sites = ["Caucasus Daily"] * 4 + [None]
    return raw_frame(texts, source_name=sites)


def test_candidates_are_a_compact_per_document_table(corpus):
    cands = template_candidates(corpus)
    assert cands.schema == pl.Schema(TEMPLATE_CANDIDATES_SCHEMA)
    assert set(cands["kind"]) == {"shape", "prose"}
    # One row per candidate or prose line at most, never the text itself.
    n_lines = sum(len(t.split("\n")) for t in corpus["raw_text"])
    assert cands.height < n_lines
    one = template_candidates(corpus.head(1))
    assert_frame_equal(one, cands.filter(pl.col("doc_id") == corpus["doc_id"][0]))


def test_fingerprint_is_not_pythons_salted_hash():
    digest = hashlib.blake2b(b"Subscribe | Sign in", digest_size=8).digest()
    assert fingerprint64("Subscribe | Sign in") == int.from_bytes(digest, "big")


def test_shards_give_the_same_result_as_the_whole_corpus(corpus):
    whole_docs, whole_bp = clean_documents(corpus)
    shards = [corpus.slice(0, 2), corpus.slice(2, 3)]
    # (a) per shard, (b) once over the concatenated compact tables, (c) per shard.
    shapes = template_shapes(pl.concat([template_candidates(s) for s in shards]))
    assert shapes.schema == pl.Schema(TEMPLATE_SHAPES_SCHEMA)
    assert shapes.height == 6  # the six furniture lines of the wrapped stories
    assert_frame_equal(shapes, template_shapes(template_candidates(corpus)))
    parts = [clean_shard(s, shapes) for s in shards]
    docs = pl.concat([p[0] for p in parts]).sort("doc_id")
    bp = pl.concat([p[1] for p in parts]).sort("doc_id", "line_no")
    assert_frame_equal(docs, whole_docs)
    assert_frame_equal(bp, whole_bp)
    assert bp.filter(pl.col("reason") == "site_template").height == 4 * 6


def test_a_document_alone_is_cleaned_the_same_given_the_shapes(corpus):
    shapes = template_shapes(template_candidates(corpus))
    docs, _ = clean_shard(corpus, shapes)
    for i in range(corpus.height):
        alone, _ = clean_shard(corpus.slice(i, 1), shapes)
        assert_frame_equal(alone, docs.filter(pl.col("doc_id") == corpus["doc_id"][i]))


def test_story_families_join_copies_and_only_copies(seed_texts):
    story = seed_texts[next(n for n in seed_texts if n.startswith("004"))]
    other = seed_texts[next(n for n in seed_texts if n.startswith("000"))]
    copies = raw_frame([story, story.replace("Friday", "Friday evening"), other])
    fam = dict(story_families(template_candidates(copies)).iter_rows())
    ids = copies["doc_id"].to_list()
    assert fam[ids[0]] == fam[ids[1]] != fam[ids[2]]


# --- never lose article text ------------------------------------------------------------------------

_SENTENCE_END = re.compile(r'(?<=[a-z0-9]{2}[.!?]) (?=["“]?[A-Z])|(?<=[a-z0-9]{2}[.!?]["”]) (?=["“]?[A-Z])')


def _voa_texts() -> list[str]:
    assert VOA.exists(), f"shared VOA stories missing at {VOA}"
    return [json.loads(line)["text"] for line in VOA.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("layout", ["as given", "one sentence per line", "one sentence per paragraph"])
def test_voa_stories_lose_under_one_percent_of_words(layout):
    texts = _voa_texts()
    assert len(texts) == 89
    if layout == "one sentence per line":
        texts = [_SENTENCE_END.sub("\n", t) for t in texts]
    elif layout == "one sentence per paragraph":
        texts = [_SENTENCE_END.sub("\n\n", t) for t in texts]
    docs, _ = clean_documents(raw_frame(texts))
    before = sum(word_count(t) for t in texts)
    after = sum(docs["n_words"])
    assert after <= before
    assert (before - after) / before < 0.01


@pytest.fixture(scope="module")
def wcxb_pages():
    assert WCXB.exists(), f"shared WCXB pages missing at {WCXB}"
    with gzip.open(WCXB, "rt", encoding="utf-8") as f:
        # The first 30 pages keep the test short; bench/boilerplate_wcxb.py checks all 205 the same way.
        return [json.loads(line) for _, line in zip(range(30), f)]


def test_every_removed_line_of_benchmark_pages_has_a_documented_reason(wcxb_pages):
    texts = ["\n".join(page_text_lines(p["html"])) for p in wcxb_pages]
    raw = raw_frame(texts)
    docs, bp = clean_documents(raw)
    assert set(bp["reason"]) <= set(BOILERPLATE_REASONS)
    assert bp.height > 1000  # these pages are full of menus: the cleaner does remove lines
    by_doc = {d: set(g["line_no"]) for (d,), g in bp.group_by("doc_id")}
    for row in raw.iter_rows(named=True):
        doc = docs.filter(pl.col("doc_id") == row["doc_id"]).row(0, named=True)
        gone = by_doc.get(row["doc_id"], set())
        kept = [" ".join(x.split()) for no, x in enumerate(row["raw_text"].split("\n")) if x.strip() and no not in gone]
        assert doc["text"].replace("\n\n", "\n").split("\n") == kept
        assert doc["boilerplate_lines"] == len(gone)
