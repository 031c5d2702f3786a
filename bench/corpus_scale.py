"""The corpus-wide stages alone on synthetic compact tables: time and peak memory at 100,000 and 1,000,000 articles.

Usage: uv run python bench/corpus_scale.py [--n 1000000] [--events yes|no] [--keep] [--work DIR] [--events-only]

1. Generates, in a work folder laid out as the flow's (``documents/<unit>/{clean,bands,paragraphs}.parquet``,
   ``extract/<unit>/{sentences,mentions,quotes,events}.parquet``, units of 1,000 documents), synthetic rows
   with the schemas the corpus-wide stages read and the per-article counts of the VOA release (65 entity
   mentions, 13 quotes, 7 event candidates, 31 sentences; 10 paragraphs of ~47 words, where VOA has one).
   Repetition as a crawl has it: ~1% exact copies, ~3% near-duplicate documents (1% of words edited) and
   ~1% heavier rewrites that LSH may propose but verification rejects; ~5% of paragraphs reused from a pool
   of background paragraphs (verbatim or with a word or two edited), 1% carrying a stock sentence; names
   drawn Zipf-like from pools that grow with the corpus: persons (surnames shared between persons, first
   mention in full then the surname), organisations with acronyms and "Name (ACR)" brackets, gazetteer
   places and demonyms, label noise between PERSON, ORG and GPE.
2. Runs, in one child process, the stage functions the flow runs (``flows.stages.corpus``:
   find_duplicates, find_paragraph_repeats; ``flows.stages.link``: entities, quotes, sentences), then the
   events stage (``flows.stages.link.link_events_stage``) in a second child process, so that its peak memory
   is its own (``--events no`` skips it).
3. Reports wall time, CPU time (user+system of the process) and peak RSS (psutil, polled every 50 ms) per
   stage, and appends the table to bench/results/corpus_scale.md (one section per corpus size).

Generation is not timed.  The machine is shared: the load average during the run is reported with it, and
CPU time is the figure that does not depend on other processes.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results" / "corpus_scale.md"
UNIT_DOCS = 1000
SEED = 20260101

# Per-article counts of the VOA release (shared/data/voa, 89 stories): 5,751 entity mentions, 1,153 quotes,
# 638 event mentions, 2,777 sentences.
MENTIONS, QUOTES, EVENTS, SENTENCES = 65, 13, 7, 31
PARAGRAPHS, PARAGRAPH_WORDS = 10, 47
EDIT_RATE = {2: 0.01, 3: 0.08}  # share of words replaced in a near copy (kind 2) and a heavier rewrite (kind 3)
LABEL_SHARES = {  # VOA release: GPE 42%, PERSON 23%, ORG 18%, NORP 13%, LOC 3%, the rest 1%
    "GPE": 0.42,
    "PERSON": 0.23,
    "ORG": 0.18,
    "NORP": 0.13,
    "LOC": 0.03,
    "FAC": 0.003,
    "EVENT": 0.002,
    "LAW": 0.002,
    "WORK_OF_ART": 0.002,
    "PRODUCT": 0.0005,
    "LANGUAGE": 0.0005,
}
CATEGORIES = ("ASSAULT", "CONSULT", "DISAPPROVE", "DEMAND", "COERCE", "AID", "AGREE", "SUPPORT", "THREATEN")
# One CAMEO code per category (CAMEO2PLOVER).
CAMEO_OF = {
    "ASSAULT": "190",
    "CONSULT": "040",
    "DISAPPROVE": "111",
    "DEMAND": "100",
    "COERCE": "171",
    "AID": "070",
    "AGREE": "030",
    "SUPPORT": "050",
    "THREATEN": "130",
}
PRECISION_SHARES = {"report": 0.69, "day": 0.11, "month": 0.09, "year": 0.09, "unresolved": 0.02}
# VOA release: about half of the events' actors and recipients carry a CAMEO-style code.
ACTOR_CODE_SHARE = 0.5
ACTOR_CODES = tuple(
    f"{c}{s}" for c in ("USA", "CHN", "RUS", "UKR", "IRN", "PAK", "IND", "GBR") for s in ("", "GOV", "MIL")
)

# --- deterministic hashing and sampling ------------------------------------------------------------------

_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a 64-bit hash of 64-bit integers (wrapping arithmetic)."""
    x = x.astype(np.uint64, copy=True)
    x ^= x >> np.uint64(30)
    x *= _M1
    x ^= x >> np.uint64(27)
    x *= _M2
    x ^= x >> np.uint64(31)
    return x


def hex_ids(values: np.ndarray) -> pl.Series:
    """16-hex-digit strings of 64-bit integers (the shape of transforms.ids.stable_id)."""
    raw = np.frombuffer(values.astype(">u8").tobytes().hex().encode("ascii"), dtype="S16")
    return pl.Series(raw).cast(pl.String())


class Zipf:
    """Ranks 0..size-1 with P(rank k) proportional to 1/(k+offset)^s (inverse CDF on a precomputed table)."""

    def __init__(self, size: int, s: float = 1.0, offset: float = 2.7):
        weights = 1.0 / np.power(np.arange(size, dtype=np.float64) + offset, s)
        self.cdf = np.cumsum(weights / weights.sum())

    def __call__(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return np.minimum(np.searchsorted(self.cdf, rng.random(n)), len(self.cdf) - 1)


def _syllable_words(rng: np.random.Generator, n: int, lo: int, hi: int, capital: bool) -> list[str]:
    onsets = "b c d f g h j k l m n p r s t v w z br ch dr gr kh sh st th tr".split()
    vowels = "a e i o u ai ea ia io ou".split()
    out, seen = [], set()
    while len(out) < n:
        k = int(rng.integers(lo, hi + 1))
        word = "".join(onsets[rng.integers(len(onsets))] + vowels[rng.integers(len(vowels))] for _ in range(k))
        word = word.capitalize() if capital else word
        if word not in seen:
            seen.add(word)
            out.append(word)
    return out


# --- pools -------------------------------------------------------------------------------------------------


class Pools:
    """Vocabularies and name pools, sized from the corpus size and built once (the same in every worker)."""

    def __init__(self, n_docs: int):
        from transforms.gazetteer import demonyms, places

        rng = np.random.default_rng(SEED)
        self.words = np.array(_syllable_words(rng, 60_000, 1, 4, capital=False), dtype=object)
        self.word_len = np.array([len(w) for w in self.words], dtype=np.int64)
        self.word_zipf = Zipf(len(self.words), s=1.05)
        self.background = [self.paragraph_words(rng) for _ in range(max(2_000, n_docs // 50))]
        self.background_zipf = Zipf(len(self.background), s=1.1)
        self.stock = [self.paragraph_words(rng, 12) for _ in range(30)]
        # Persons: first names x surnames; surnames are shared by several persons.
        firsts = _syllable_words(rng, 3_000, 2, 3, capital=True)
        lasts = _syllable_words(rng, max(5_000, n_docs // 4), 2, 4, capital=True)
        n_persons = max(5_000, n_docs)
        last_of = Zipf(len(lasts), s=0.9)(rng, n_persons)
        first_of = Zipf(len(firsts), s=0.9)(rng, n_persons)
        self.person_full = np.array([f"{firsts[f]} {lasts[s]}" for f, s in zip(first_of, last_of)], dtype=object)
        self.person_last = np.array([lasts[s] for s in last_of], dtype=object)
        self.person_zipf = Zipf(n_persons, s=1.0)
        # Organisations: "<Adj> <Noun> <Kind>", with their acronym.
        stems = _syllable_words(rng, 4_000, 2, 3, capital=True)
        kinds = "Ministry Party Agency Council Union Front Committee Bank Institute Commission Movement Court".split()
        n_orgs = max(2_000, n_docs // 3)
        org_words = [
            (stems[a], stems[b], kinds[k])
            for a, b, k in zip(
                rng.integers(len(stems), size=n_orgs),
                rng.integers(len(stems), size=n_orgs),
                rng.integers(len(kinds), size=n_orgs),
            )
        ]
        self.org_full = np.array([" ".join(w) for w in org_words], dtype=object)
        self.org_acronym = np.array(["".join(x[0] for x in w).upper() for w in org_words], dtype=object)
        self.org_zipf = Zipf(n_orgs, s=1.0)
        # Places: gazetteer names (most populous first) and invented towns; demonyms from the gazetteer.
        gazetteer = sorted({p.name for p in places().values()}, key=lambda n: -places()[_fold(n)].population)
        towns = _syllable_words(rng, max(2_000, n_docs // 10), 2, 3, capital=True)
        self.places = np.array(gazetteer[:20_000] + towns, dtype=object)
        self.place_zipf = Zipf(len(self.places), s=1.0)
        self.demonyms = np.array(sorted({d.name for d in demonyms().values()}), dtype=object)
        self.demonym_zipf = Zipf(len(self.demonyms), s=1.2)
        self.misc = np.array(_syllable_words(rng, 3_000, 2, 4, capital=True), dtype=object)
        self.misc_zipf = Zipf(len(self.misc), s=1.0)

    def paragraph_words(self, rng: np.random.Generator, n: int | None = None) -> np.ndarray:
        n = n or max(12, int(rng.normal(PARAGRAPH_WORDS, 12)))
        return self.word_zipf(rng, n).astype(np.uint64)


def _fold(name: str) -> str:
    from transforms.gazetteer import fold

    return fold(name)


# --- one unit ---------------------------------------------------------------------------------------------


def _doc_paragraphs(pools: Pools, rng: np.random.Generator, n_docs: int):
    """Word ids of each document's paragraphs, with exact copies, near-duplicates and reused paragraphs.

    Returns (paragraphs per document, kind per document, source document of each copy).
    """
    docs: list[list[np.ndarray]] = []
    kind = rng.choice(4, size=n_docs, p=[0.95, 0.01, 0.03, 0.01])  # new, exact copy, near copy, rewrite
    kind[0] = 0
    source = np.zeros(n_docs, dtype=np.int64)
    for i in range(n_docs):
        if kind[i]:
            source[i] = int(rng.integers(i))
            if kind[i] == 1:
                docs.append([p.copy() for p in docs[source[i]]])
                continue
            paragraphs = []
            for p in docs[source[i]]:
                q = p.copy()
                changed = rng.random(len(q)) < EDIT_RATE[int(kind[i])]
                q[changed] = pools.word_zipf(rng, int(changed.sum()))
                paragraphs.append(q)
            docs.append(paragraphs)
            continue
        paragraphs = []
        for _ in range(max(1, int(rng.poisson(PARAGRAPHS)))):
            if rng.random() < 0.05:
                p = pools.background[int(pools.background_zipf(rng, 1)[0])].copy()
                if rng.random() < 0.5:
                    p[rng.integers(len(p), size=int(rng.integers(1, 3)))] = pools.word_zipf(rng, 1)[0]
            else:
                p = pools.paragraph_words(rng)
            if rng.random() < 0.01:
                p = np.concatenate([p, pools.stock[int(rng.integers(len(pools.stock)))]])
            paragraphs.append(p)
        docs.append(paragraphs)
    return docs, kind, source


def _fingerprints(doc_ids: list[str], docs: list[list[np.ndarray]], pools: Pools, run: int = 8):
    """FINGERPRINTS_SCHEMA rows (hash functions of word ids stand in for the hashes of word strings)."""
    from transforms.dedupe.paragraphs import FINGERPRINTS_SCHEMA

    paras = [p for d in docs for p in d]
    para_doc = np.repeat(np.arange(len(docs)), [len(d) for d in docs])
    para_idx = np.concatenate([np.arange(len(d)) for d in docs])
    lengths = np.array([len(p) for p in paras])
    words = np.concatenate(paras)
    para_of_word = np.repeat(np.arange(len(paras)), lengths)
    chars = np.array([pools.word_len[p].sum() + len(p) - 1 for p in paras])
    starts = np.zeros(len(paras), dtype=np.int64)
    for d in range(len(docs)):
        first = np.searchsorted(para_doc, d)
        n = len(docs[d])
        starts[first : first + n] = np.concatenate([[0], np.cumsum(chars[first : first + n - 1] + 2)])
    # Runs: a hash of each window of `run` words inside a paragraph; vocab: a hash of each distinct word.
    hashed = mix(words * np.uint64(1_000_003) + np.uint64(7))
    windows = np.lib.stride_tricks.sliding_window_view(hashed, run) if len(hashed) >= run else np.empty((0, run))
    coeff = mix(np.arange(1, run + 1, dtype=np.uint64))
    run_hash = mix((windows * coeff).sum(axis=1, dtype=np.uint64)) if len(windows) else np.empty(0, np.uint64)
    ok = para_of_word[: len(run_hash)] == para_of_word[run - 1 : run - 1 + len(run_hash)]
    runs = _set_lists(para_of_word[: len(run_hash)][ok], run_hash[ok], len(paras))
    vocab = _set_lists(para_of_word, mix(words), len(paras))
    position = np.concatenate([np.arange(n, dtype=np.uint64) for n in lengths])
    para_hash = mix(np.add.reduceat(mix(hashed + position), np.r_[0, np.cumsum(lengths)[:-1]]))
    return pl.DataFrame(
        {
            "doc_id": pl.Series(doc_ids).gather(para_doc),
            "para_idx": para_idx,
            "char_start": starts,
            "char_end": starts + chars,
            "para_hash": hex_ids(para_hash),
            "runs": runs,
            "vocab": vocab,
        }
    ).cast(FINGERPRINTS_SCHEMA)


def _set_lists(owner: np.ndarray, values: np.ndarray, n: int) -> pl.Series:
    """Sorted distinct values per owner 0..n-1 as a List(UInt64) series."""
    order = np.lexsort((values, owner))
    owner, values = owner[order], values[order]
    keep = np.r_[True, (owner[1:] != owner[:-1]) | (values[1:] != values[:-1])]
    owner, values = owner[keep], values[keep]
    counts = np.bincount(owner, minlength=n)
    offsets = np.r_[0, np.cumsum(counts)].astype(np.int64)
    import pyarrow as pa

    return pl.Series(pa.LargeListArray.from_arrays(pa.array(offsets), pa.array(values, type=pa.uint64()))).cast(
        pl.List(pl.UInt64())
    )


def _texts(docs: list[list[np.ndarray]], pools: Pools) -> list[str]:
    return ["\n\n".join(" ".join(pools.words[p]) for p in d) for d in docs]


def _bands(kind: np.ndarray, source: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """14 LSH band keys per document; a near copy keeps each of its source's keys with probability J^9.

    14 bands of 9 rows is what lsh_bands() gives for the default threshold (0.8 - 0.1); J is the expected
    shingle Jaccard similarity after editing a share p of words: s = (1-p)^5 shingles survive, J = s/(2-s).
    """
    bands = mix(rng.integers(0, 2**63, size=(len(kind), 14), dtype=np.uint64))
    for i in np.flatnonzero(kind):
        if kind[i] == 1:
            bands[i] = bands[source[i]]
            continue
        survive = (1 - EDIT_RATE[int(kind[i])]) ** 5
        keep = rng.random(14) < (survive / (2 - survive)) ** 9
        bands[i, keep] = bands[source[i], keep]
    return bands


def make_unit(args: tuple[int, int, Path]) -> dict:
    """Write one unit of UNIT_DOCS documents; returns its row counts."""
    unit, n_total, root = args
    from flows.work import write_frame

    pools = _pools(n_total)
    rng = np.random.default_rng([SEED, unit])
    n = min(UNIT_DOCS, n_total - unit * UNIT_DOCS)
    first = unit * UNIT_DOCS
    doc_ids = hex_ids(mix(np.arange(first, first + n, dtype=np.uint64) + np.uint64(1 << 40))).to_list()
    docs, kind, source = _doc_paragraphs(pools, rng, n)
    texts = _texts(docs, pools)
    name = f"{unit:05d}-0000000"
    documents, extract = root / "documents" / name, root / "extract" / name
    published = _published(rng, n)
    write_frame(_clean(doc_ids, texts, published, rng), documents / "clean.parquet")
    band_rows = pl.DataFrame(
        {"doc_id": doc_ids, "bands": _bands(kind, source, rng)},
        schema={"doc_id": pl.String(), "bands": pl.List(pl.UInt64())},
    )
    write_frame(band_rows, documents / "bands.parquet")
    fingerprints = _fingerprints(doc_ids, docs, pools)
    write_frame(fingerprints, documents / "paragraphs.parquet")
    lengths = np.array([len(t) for t in texts])
    mentions = _mentions(doc_ids, lengths, pools, rng)
    write_frame(mentions, extract / "mentions.parquet")
    write_frame(_sentences(doc_ids, lengths), extract / "sentences.parquet")
    write_frame(_quotes(doc_ids, lengths, mentions, pools, rng), extract / "quotes.parquet")
    write_frame(_events(doc_ids, lengths, published, mentions, pools, rng), extract / "events.parquet")
    return {"documents": n, "paragraphs": fingerprints.height, "mentions": mentions.height}


_POOLS: dict[int, Pools] = {}


def _pools(n_total: int) -> Pools:
    if n_total not in _POOLS:
        _POOLS[n_total] = Pools(n_total)
    return _POOLS[n_total]


def _published(rng, n) -> np.ndarray:
    start = datetime(2024, 1, 1, tzinfo=UTC).timestamp()
    seconds = rng.integers(0, 2 * 365 * 86400, size=n) + int(start)
    return seconds


def _clean(doc_ids, texts, published, rng) -> pl.DataFrame:
    from transforms.clean import CLEAN_DOCUMENTS_SCHEMA

    n = len(doc_ids)
    undated = rng.random(n) < 0.05
    return (
        pl.DataFrame(
            {
                "doc_id": doc_ids,
                "source_uri": [f"crawl/{d}.html" for d in doc_ids],
                "source_name": "Synthetic Wire",
                "url": [f"https://example.org/{d}" for d in doc_ids],
                "title": [t[:60] for t in texts],
                "authors": [["Staff"]] * n,
                "published_at": pl.Series(published * 1_000_000).cast(pl.Datetime("us", "UTC")),
                "published_precision": "second",
                "published_source": "metadata",
                "updated_at": None,
                "language": "en",
                "text": texts,
                "n_chars": [len(t) for t in texts],
                "n_words": [t.count(" ") + 1 for t in texts],
                "content_hash": [hashlib.sha256(" ".join(t.casefold().split()).encode()).hexdigest() for t in texts],
                "boilerplate_lines": 0,
            }
        )
        .with_columns(
            pl.when(pl.Series(undated)).then(None).otherwise(pl.col("published_at")).alias("published_at"),
            pl.when(pl.Series(undated))
            .then(pl.lit("none"))
            .otherwise(pl.col("published_precision"))
            .alias("published_precision"),
        )
        .cast(CLEAN_DOCUMENTS_SCHEMA)
    )


def _mentions(doc_ids, lengths, pools: Pools, rng) -> pl.DataFrame:
    """RAW_MENTIONS_SCHEMA rows: ~65 per document, non-overlapping, in text order."""
    from transforms.extract.entities import RAW_MENTIONS_SCHEMA
    from transforms.extract.entities import mention_id as mention_id_of

    counts = np.maximum(1, rng.poisson(MENTIONS, size=len(doc_ids)))
    doc = np.repeat(np.arange(len(doc_ids)), counts)
    total = len(doc)
    labels = np.array(list(LABEL_SHARES))
    p = np.array(list(LABEL_SHARES.values()))
    label = labels[rng.choice(len(labels), size=total, p=p / p.sum())]
    text = np.empty(total, dtype=object)
    paren = np.zeros(total, dtype=bool)
    # Persons: each document talks about a few persons; the first mention of one is the full name, later
    # ones mostly the surname.
    is_person = label == "PERSON"
    cast = pools.person_zipf(rng, len(doc_ids) * 5).reshape(len(doc_ids), 5)
    person = cast[doc[is_person], rng.integers(5, size=int(is_person.sum()))]
    seen = (
        pl.DataFrame({"doc": doc[is_person], "person": person})
        .select(pl.int_range(pl.len()).over("doc", "person").alias("k"))["k"]
        .to_numpy()
    )
    surname = (seen > 0) & (rng.random(len(seen)) < 0.7)
    text[is_person] = np.where(surname, pools.person_last[person], pools.person_full[person])
    # Organisations: full names, 10% acronyms; 10% of full names are followed by "(ACR)".
    is_org = np.flatnonzero(label == "ORG")
    org = pools.org_zipf(rng, len(is_org))
    short = rng.random(len(is_org)) < 0.1
    text[is_org] = np.where(short, pools.org_acronym[org], pools.org_full[org])
    bracket = is_org[(~short) & (rng.random(len(is_org)) < 0.1)]
    bracket = bracket[(bracket + 1 < total) & (doc[np.minimum(bracket + 1, total - 1)] == doc[bracket])]
    text[bracket + 1] = pools.org_acronym[org[np.searchsorted(is_org, bracket)]]
    label[bracket + 1] = "ORG"
    paren[bracket + 1] = True
    for lab, names, zipf in (
        ("GPE", pools.places, pools.place_zipf),
        ("LOC", pools.places, pools.place_zipf),
        ("NORP", pools.demonyms, pools.demonym_zipf),
    ):
        where = np.flatnonzero((label == lab) & ~paren)
        text[where] = names[zipf(rng, len(where))]
    rest = np.flatnonzero(text == None)  # noqa: E711 (object array)
    text[rest] = pools.misc[pools.misc_zipf(rng, len(rest))]
    # Label noise: the tagger disagrees with itself on 5% of PERSON/ORG/GPE mentions.
    noisy = np.isin(label, ["PERSON", "ORG", "GPE"]) & (rng.random(total) < 0.05) & ~paren
    label[noisy] = rng.choice(["PERSON", "ORG", "GPE"], size=int(noisy.sum()))
    lengths_m = np.array([len(t) for t in text])
    gaps = rng.integers(5, 60, size=total)
    doc_first = np.r_[0, np.cumsum(counts)[:-1]]
    offset = np.cumsum(gaps + lengths_m) - lengths_m
    start = offset - np.repeat(offset[doc_first] - gaps[doc_first], counts)
    # "Name (ACR)": the acronym starts two characters after the name ends.
    start = np.where(paren, np.r_[0, start[:-1] + lengths_m[:-1] + 2], start)
    end = start + lengths_m
    span = np.repeat(np.maximum.reduceat(end, doc_first), counts)
    sentence = np.minimum(SENTENCES - 1, start * SENTENCES // np.maximum(span, 1))
    ids = pl.Series(doc_ids).gather(doc)
    # The extract stage's own mention IDs (a hash of doc_id and offsets), which the link stage keeps.
    mention_id = pl.Series([mention_id_of(d, a, b) for d, a, b in zip(ids, start.tolist(), end.tolist())])
    paren_of = mention_id.shift(1)
    return (
        pl.DataFrame(
            {
                "mention_id": mention_id,
                "doc_id": ids,
                "sentence_idx": sentence,
                "char_start": start,
                "char_end": end,
                "text": pl.Series(text.tolist(), dtype=pl.String()),
                "label": pl.Series(label.tolist(), dtype=pl.String()),
                "paren_of": paren_of,
            }
        )
        .with_columns(pl.when(pl.Series(paren)).then(pl.col("paren_of")).alias("paren_of"))
        .select(list(RAW_MENTIONS_SCHEMA))
        .cast(RAW_MENTIONS_SCHEMA)
    )


def _sentences(doc_ids, lengths) -> pl.DataFrame:
    from transforms.schemas import TABLES

    doc = np.repeat(np.arange(len(doc_ids)), SENTENCES)
    k = np.tile(np.arange(SENTENCES), len(doc_ids))
    start = lengths[doc] * k // SENTENCES
    end = lengths[doc] * (k + 1) // SENTENCES - 1
    return pl.DataFrame(
        {"doc_id": pl.Series(doc_ids).gather(doc), "sentence_idx": k, "char_start": start, "char_end": end}
    ).cast(TABLES["sentences"].schema)


def _doc_mentions(mentions: pl.DataFrame, label_filter=None) -> pl.DataFrame:
    m = mentions.filter(label_filter) if label_filter is not None else mentions
    return m.select("doc_id", "mention_id", "text").with_columns(
        pl.int_range(pl.len()).over("doc_id").alias("k"), pl.len().over("doc_id").alias("n")
    )


def _pick(rng, doc_ids, per_doc, pool: pl.DataFrame, share: float) -> pl.DataFrame:
    """For each of per_doc rows per document: a random mention of ``pool`` from the same document (or none)."""
    doc = np.repeat(np.arange(len(doc_ids)), per_doc)
    frame = pl.DataFrame(
        {"doc_id": pl.Series(doc_ids).gather(doc), "u": rng.random(len(doc)), "take": rng.random(len(doc)) < share}
    )
    sizes = pool.group_by("doc_id").agg(pl.len().alias("n"))
    frame = frame.join(sizes, on="doc_id", how="left", maintain_order="left").with_columns(
        (pl.col("u") * pl.col("n").fill_null(0)).floor().cast(pl.UInt32()).alias("k")
    )
    return frame.join(
        pool.select("doc_id", pl.col("k").cast(pl.UInt32()), "mention_id", "text"),
        on=["doc_id", "k"],
        how="left",
        maintain_order="left",
    ).with_columns(
        pl.when(pl.col("take")).then(pl.col("mention_id")).alias("mention_id"),
        pl.when(pl.col("take")).then(pl.col("text")).alias("text"),
    )


def _quotes(doc_ids, lengths, mentions, pools, rng) -> pl.DataFrame:
    from transforms.extract.quotes import QUOTE_CANDIDATES_SCHEMA

    persons = _doc_mentions(mentions, pl.col("label") == "PERSON")
    picked = _pick(rng, doc_ids, QUOTES, persons, 0.75)
    n = picked.height
    start = rng.integers(0, np.maximum(1, np.repeat(lengths, QUOTES) - 120))
    words = pools.words[pools.word_zipf(rng, n * 14)].reshape(n, 14)
    return (
        pl.DataFrame(
            {
                "quote_id": hex_ids(mix(np.arange(n, dtype=np.uint64) + np.uint64(rng.integers(2**40)))),
                "doc_id": picked["doc_id"],
                "speaker_text": picked["text"].fill_null("officials"),
                "text": [" ".join(w) for w in words],
                "char_start": start,
                "char_end": start + 100,
                "cue": rng.choice(["said", "told", "added", "says", "warned"], size=n),
                "direct": rng.random(n) < 0.6,
                "speaker_mention_id": picked["mention_id"],
            }
        )
        .select(list(QUOTE_CANDIDATES_SCHEMA))
        .cast(QUOTE_CANDIDATES_SCHEMA)
    )


def _events(doc_ids, lengths, published, mentions, pools, rng) -> pl.DataFrame:
    from transforms.extract.events.mentions import EVENT_CANDIDATES_SCHEMA

    n_docs = len(doc_ids)
    n = n_docs * EVENTS
    actors = _pick(
        rng, doc_ids, EVENTS, _doc_mentions(mentions, pl.col("label").is_in(["PERSON", "ORG", "GPE", "NORP"])), 0.7
    )
    recipients = _pick(
        rng, doc_ids, EVENTS, _doc_mentions(mentions, pl.col("label").is_in(["PERSON", "ORG", "GPE", "NORP"])), 0.4
    )
    places = _pick(rng, doc_ids, EVENTS, _doc_mentions(mentions, pl.col("label").is_in(["GPE", "LOC", "FAC"])), 0.6)
    # Dating as in the VOA release: 69% the report's day, 11% a day, 9% a month, 9% a year, 2% none.
    # A candidate dated by its report has no date of its own (precision unresolved, date_source report): the
    # link stage gives it the report's day.
    drawn = rng.choice(list(PRECISION_SHARES), size=n, p=list(PRECISION_SHARES.values()))
    dated = ~np.isin(drawn, ["report", "unresolved"])
    precision = np.where(dated, drawn, "unresolved")
    report_day = np.repeat(published // 86400, EVENTS)
    day = report_day - rng.integers(0, 3, size=n)
    source = np.where(
        drawn == "report",
        "report",
        np.where(dated, rng.choice(["sentence", "relative"], size=n), "none"),
    )
    codes = np.array(ACTOR_CODES)[Zipf(len(ACTOR_CODES))(rng, 2 * n)].reshape(2, n)
    coded = rng.random((2, n)) < ACTOR_CODE_SHARE
    sentence = rng.integers(0, SENTENCES, size=n)
    start = np.repeat(lengths, EVENTS) * sentence // SENTENCES
    words = pools.words[pools.word_zipf(rng, n * 20)].reshape(n, 20)
    category = np.array(CATEGORIES)[Zipf(len(CATEGORIES))(rng, n)]
    frame = pl.DataFrame(
        {
            "doc_id": actors["doc_id"],
            "sentence_idx": sentence,
            "char_start": start,
            "char_end": start + 140,
            "sentence": [" ".join(w) for w in words],
            "category": category,
            "cameo_code": [CAMEO_OF[c] for c in category],
            "trigger": "attacked",
            "strength": np.round(rng.uniform(0.45, 0.95, size=n), 2),
            "mood": rng.choice(["realis", "reported", "intent"], size=n, p=[0.8, 0.15, 0.05]),
            "event_date": pl.Series(np.where(dated, day, 0)).cast(pl.Date()),
            "precision": precision,
            "date_text": pl.Series(["on Monday"] * n).set(pl.Series(~dated), None) if n else [],
            "date_source": source,
            "report_date": pl.Series(report_day).cast(pl.Date()),
            "actor_text": actors["text"],
            "actor_mention_ids": actors["mention_id"],
            "actor_codes": pl.Series(codes[0]).set(pl.Series(~coded[0]) | actors["mention_id"].is_null(), None),
            "recipient_text": recipients["text"],
            "recipient_mention_ids": recipients["mention_id"],
            "recipient_codes": pl.Series(codes[1]).set(pl.Series(~coded[1]) | recipients["mention_id"].is_null(), None),
            "place_mention": places["mention_id"],
            "relation": rng.choice(["event", "participant", "statement"], size=n, p=[0.6, 0.3, 0.1]),
            "distance": rng.integers(0, 12, size=n),
            "fatalities": pl.Series(rng.integers(1, 40, size=n)).set(pl.Series(rng.random(n) >= 0.05), None),
            "story_sentences": np.full(n, SENTENCES),
            # the stories' share of political sentences spread over the range of the VOA stories (0.28 to 1),
            # without a draw from rng (that would change every table drawn after it from earlier rounds' corpora)
            "story_political_sentences": np.repeat(_political_sentences(n_docs), EVENTS),
        }
    )
    place = pl.struct(pl.col("place_mention").alias("mention_id"), "relation", "distance")
    empty_places = pl.lit([], EVENT_CANDIDATES_SCHEMA["place_candidates"])
    return (
        frame.with_columns(
            pl.when(pl.Series(dated)).then(pl.col("event_date")).alias("event_date"),
            _as_list("actor_mention_ids"),
            _as_list("recipient_mention_ids"),
            _as_list("actor_codes"),
            _as_list("recipient_codes"),
            pl.lit(None, pl.String()).alias("dateline"),
            pl.lit(None, pl.String()).alias("dateline_mention_id"),
            # the trigger "attacked" at the sentence's start, coded by the dictionary's ASSAULT block (no draw
            # from rng: the corpus's other columns stay those of earlier rounds)
            pl.col("char_start").alias("trigger_start"),
            (pl.col("char_start") + len("attacked")).alias("trigger_end"),
            pl.lit("CAMEO.2.0.txt", pl.String()).alias("code_source"),
            pl.when(pl.col("place_mention").is_null())
            .then(empty_places)
            .otherwise(pl.concat_list(place))
            .alias("place_candidates"),
        )
        .select(list(EVENT_CANDIDATES_SCHEMA))
        .cast(EVENT_CANDIDATES_SCHEMA)
    )


def _political_sentences(n_docs: int) -> np.ndarray:
    low = int(0.28 * SENTENCES)
    return low + (np.arange(n_docs) * 7) % (SENTENCES - low + 1)


def _as_list(column: str) -> pl.Expr:
    return (
        pl.when(pl.col(column).is_null())
        .then(pl.lit([], pl.List(pl.String())))
        .otherwise(pl.concat_list(column))
        .alias(column)
    )


def generate(n_docs: int, root: Path, workers: int) -> dict:
    """Write the synthetic work folder for n_docs documents (skipped when it is there already)."""
    marker = root / "generated.json"
    if marker.exists():
        return json.loads(marker.read_text())
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    units = [(u, n_docs, root) for u in range(-(-n_docs // UNIT_DOCS))]
    totals: dict[str, int] = {}
    started = time.time()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for i, counts in enumerate(pool.map(make_unit, units, chunksize=4)):
            for k, v in counts.items():
                totals[k] = totals.get(k, 0) + v
            if i % 50 == 0:
                print(f"  generated {i + 1}/{len(units)} units ({time.time() - started:.0f} s)", flush=True)
    totals["generation_seconds"] = round(time.time() - started)
    marker.write_text(json.dumps(totals))
    return totals


# --- running the stages -----------------------------------------------------------------------------------


class PeakRSS:
    """Peak resident memory of this process, polled every 50 ms (``reset`` starts a new stage)."""

    def __init__(self):
        import psutil

        self._process = psutil.Process()
        self.peak = 0
        self._stop = False
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self):
        # the children (a stage's worker processes) looked up once a second: finding them reads every process's
        # /proc entry (2 ms), which every 50 ms was some 4% of a core, counted in the stage's CPU time
        children, found = [], 0.0
        while not self._stop:
            if time.time() - found > 1.0:
                children, found = self._process.children(recursive=True), time.time()
            self.peak = max(self.peak, _rss_sum([self._process, *children]))
            time.sleep(0.05)

    def reset(self) -> None:
        self.peak = _tree_rss(self._process)

    def stop(self) -> None:
        self._stop = True


def _tree_rss(process) -> int:
    """Resident memory of a process and its children (a stage's worker processes), summed."""
    return _rss_sum([process, *process.children(recursive=True)])


def _rss_sum(processes) -> int:
    import psutil

    total = 0
    for p in processes:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            continue
    return total


def run_stages(
    root: Path, stages: list[str], events_workers: int = 1, events_memory_mb: int | None = None
) -> list[dict]:
    """Run the corpus-wide stages on the work folder at root; one dict per stage (seconds, cpu, peak MB)."""
    import resource

    from flows.stages import corpus, link
    from flows.stages.documents import DedupeSettings
    from flows.work import WorkDir

    work = WorkDir(root)
    if "near-duplicates" in stages:  # a fresh run: nothing from a previous one
        shutil.rmtree(root / "tables", ignore_errors=True)
        shutil.rmtree(root / link.STAGE, ignore_errors=True)

    def repeats() -> dict:
        corpus.find_paragraph_repeats.fn(work)
        marked = pl.scan_parquet(work.table("paragraphs")).select(pl.len(), pl.col("is_repeat").sum()).collect()
        return {"paragraphs": marked.item(0, 0), "repeats": marked.item(0, 1)}

    steps = {
        "near-duplicates": lambda: {
            "near-duplicate pairs": corpus.find_duplicates.fn(work, DedupeSettings(threshold=0.8))
        },
        "paragraph repeats": repeats,
        "entities": lambda: link.link_entities_stage(work),
        "quotes": lambda: link.link_quotes_stage(work),
        "sentences": lambda: link.copy_sentences(work),
        "events": lambda: link.link_events_stage(work, workers=events_workers, memory_mb=events_memory_mb),
    }
    parts = _events_parts() if "events" in stages else {}
    # the stage's worker processes (spawned: they import this file as __mp_main__) time their parts into files here
    worker_parts = Path(tempfile.mkdtemp(prefix="corpus_scale_parts_"))
    os.environ[_WORKER_PARTS] = str(worker_parts)
    if "events" in stages:
        _report_parts(parts)
    memory = PeakRSS()
    out = []
    for name in stages:
        memory.reset()
        waits0 = _waits()
        cpu0, wall0 = _cpu(), time.time()
        result = steps[name]()
        wall, cpu = time.time() - wall0, _cpu() - cpu0
        out.append(
            {
                "stage": name,
                "seconds": round(wall, 1),
                "cpu_seconds": round(cpu, 1),
                "peak_mb": round(max(memory.peak, memory._process.memory_info().rss) / 2**20),
                "result": result if isinstance(result, int | dict) else None,
                "load": round(os.getloadavg()[0], 1),
                "waits": _waits_since(waits0),
            }
        )
        if name == "events":
            for reported in worker_parts.glob("*.json"):
                for k, v in json.loads(reported.read_text()).items():
                    parts[k] = parts.get(k, 0.0) + v
            out[-1]["parts"] = {k: round(v, 1) for k, v in parts.items()}
            peaks = [json.loads(line) for f in worker_parts.glob("*.peaks") for line in f.read_text().splitlines()]
            if peaks:
                out[-1]["cluster_peaks"] = sorted(peaks, key=lambda p: -p["rows"])
        print(json.dumps(out[-1]), flush=True)
    memory.stop()
    shutil.rmtree(worker_parts, ignore_errors=True)
    out.append(
        {
            "stage": "process peak (ru_maxrss)",
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        }
    )
    workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if workers_peak:
        out.append({"stage": "largest worker process peak (ru_maxrss)", "peak_mb": round(workers_peak / 1024)})
    return out


# The parts of the events stage, CPU seconds each: (module, function) -> label (the functions the stage calls;
# "name facts" run inside "linking").
EVENT_PARTS = {
    ("event_linking", "link_rows"): "linking (link_rows)",
    ("event_linking", "KeyFacts._compute"): "of which name facts",
    ("events", "mentions_from_rows"): "from compact rows",
    ("events", "_clustered"): "clustering",  # a generator: the time of its steps, less the parts run inside them
    ("events", "event_tables"): "event rows",
    ("events", "finish_event_tables"): "sorting event rows",
}


def _events_parts(on_change=None) -> dict[str, float]:
    """Wrap the events stage's parts so that their CPU seconds add up in the returned dict (looked up by name
    when the stage runs, so the wrappers are the functions it calls); ``on_change(parts)`` after each call."""
    from transforms.link import event_linking, events

    modules = {"event_linking": event_linking, "events": events}
    parts: dict[str, float] = {}

    def timed(fn, label):
        def wrapper(*args, **kwargs):
            started = _cpu()
            try:
                result = fn(*args, **kwargs)
            finally:
                parts[label] = parts.get(label, 0.0) + _cpu() - started
                if on_change:
                    on_change(parts)
            return steps(result, label) if inspect.isgenerator(result) else result

        return wrapper

    def steps(generator, label):
        while True:
            others = sum(v for k, v in parts.items() if k != label)
            started = _cpu()
            try:
                item = next(generator)
            except StopIteration:
                return
            finally:
                inner = sum(v for k, v in parts.items() if k != label) - others
                parts[label] = parts.get(label, 0.0) + _cpu() - started - inner
                if on_change:
                    on_change(parts)
            yield item

    for (module, name), label in EVENT_PARTS.items():
        owner = modules[module]
        *path, attr = name.split(".")
        for step in path:
            owner = getattr(owner, step)
        if hasattr(owner, attr):
            setattr(owner, attr, timed(getattr(owner, attr), label))
    return parts


def _report_parts(parts: dict[str, float], every: float = 30.0) -> None:
    """Print the events parts' CPU seconds so far every ``every`` seconds (a run stopped by its timeout reports
    how far each part got)."""
    import threading

    def report():
        while True:
            time.sleep(every)
            print("PARTS " + json.dumps({k: round(v, 1) for k, v in parts.items()}), flush=True)

    threading.Thread(target=report, daemon=True).start()


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (a stage's worker processes)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _waits() -> dict:
    """Where a stage's wall time goes besides its CPU time, as counters read before and after it (Linux /proc):
    the time this process's threads spent runnable but waiting for a core (``schedstat`` run delay, per thread),
    the machine's I/O pressure (time some task stalled on I/O, ``/proc/pressure/io``), and the bytes this
    process made the storage layer read and write (``/proc/self/io``).  Empty where /proc lacks them."""
    counters: dict = {"threads": {}}
    for task in Path("/proc/self/task").glob("*"):
        try:
            counters["threads"][task.name] = int((task / "schedstat").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    try:
        some = Path("/proc/pressure/io").read_text().splitlines()[0]
        counters["io_stall_us"] = int(some.rsplit("total=", 1)[1])
    except (OSError, IndexError, ValueError):
        pass
    try:
        fields = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines())
        counters["read_bytes"], counters["write_bytes"] = int(fields["read_bytes"]), int(fields["write_bytes"])
    except (OSError, KeyError, ValueError):
        pass
    return counters


def _waits_since(before: dict) -> dict:
    """The counters of ``_waits`` since ``before``: run-queue seconds (summed over threads), machine-wide I/O
    stall seconds, MB read and written."""
    now = _waits()
    out = {"run_queue_s": round(sum(v - before["threads"].get(t, 0) for t, v in now["threads"].items()) / 1e9, 1)}
    if "io_stall_us" in now and "io_stall_us" in before:
        out["io_stall_s"] = round((now["io_stall_us"] - before["io_stall_us"]) / 1e6, 1)
    for key in ("read_bytes", "write_bytes"):
        if key in now and key in before:
            out[key.replace("_bytes", "_mb")] = round((now[key] - before[key]) / 2**20)
    return out


def _table(n_docs: int, counts: dict, results: list[dict], events_note: str) -> str:
    timed = [r for r in results if "seconds" in r]
    notes: list[str] = []
    corpus = [r for r in timed if not r["stage"].startswith("events")]
    events = [r for r in timed if r["stage"].startswith("events")]
    lines = [
        f"## {n_docs:,} articles",
        "",
        f"Measured {datetime.now(tz=UTC):%Y-%m-%d} on this machine ({os.cpu_count()} cores, shared: load average"
        f" during the stages {min(r['load'] for r in timed)}-{max(r['load'] for r in timed)}).  Synthetic rows:"
        f" {counts['documents']:,} documents, {counts['paragraphs']:,} paragraphs, {counts['mentions']:,} entity"
        f" mentions (plus {QUOTES} quotes, {EVENTS} event candidates and {SENTENCES} sentences per article).",
        "",
        "| stage | wall s | CPU s | peak RSS MB | result |",
        "|---|---|---|---|---|",
    ]
    for r in corpus:
        lines.append(f"| {r['stage']} | {r['seconds']} | {r['cpu_seconds']} | {r['peak_mb']:,} | {_result(r)} |")
    wall = sum(r["seconds"] for r in corpus)
    cpu = sum(r["cpu_seconds"] for r in corpus)
    peak = max(r["peak_mb"] for r in corpus)
    lines.append(f"| **corpus-wide stages (without events)** | **{wall:.0f}** | **{cpu:.0f}** | **{peak:,}** | |")
    waited = [r for r in corpus if r.get("waits")]
    if waited:  # where the wall time beyond CPU time went (``_waits``)
        notes.append(
            "Wall time beyond CPU time, per stage (threads runnable but waiting for a core, summed over threads;"
            " the machine's I/O stall; MB this process read from and wrote to storage): "
            + "; ".join(
                f"{r['stage']} {r['waits'].get('run_queue_s', '?')} s waiting for a core,"
                f" I/O stall {r['waits'].get('io_stall_s', '?')} s,"
                f" read {r['waits'].get('read_mb', '?'):,} MB, written {r['waits'].get('write_mb', '?'):,} MB"
                for r in waited
            )
            + "."
        )
    process = [r for r in results if r["stage"].startswith("process peak")]
    if process:  # the first process's: it ran every stage above
        lines.append(f"| (peak RSS of that process, ru_maxrss) | | | {process[0]['peak_mb']:,} | |")
    for r in events:  # in a process of its own
        lines.append(
            f"| {r['stage']}, separately | {r['seconds']} | {r['cpu_seconds']} | {r['peak_mb']:,} | {_result(r)} |"
        )
    if events:
        wall_all = wall + sum(r["seconds"] for r in events)
        cpu_all = cpu + sum(r["cpu_seconds"] for r in events)
        peak_all = max(peak, *(r["peak_mb"] for r in events))
        lines.append(
            f"| **corpus-wide stages (with events)** | **{wall_all:.0f}** | **{cpu_all:.0f}** | **{peak_all:,}** | |"
        )
    else:
        lines.append(f"| events (link_events) | not run | | | {events_note} |")
    lines.append("")
    for note in notes:
        lines += [note, ""]
    return "\n".join(lines)


def _result(r: dict) -> str:
    res = r.get("result")
    if isinstance(res, dict):
        return ", ".join(f"{k} {v:,}" for k, v in res.items())
    if isinstance(res, int):
        return f"{res:,}"
    return ""


def _write_results(n_docs: int, section: str) -> None:
    """Replace this size's section of bench/results/corpus_scale.md (sections sorted by size)."""
    header = (
        "# Corpus-wide stages at scale (bench/corpus_scale.py)\n\n"
        "Synthetic compact tables shaped like the flow's unit files; the stage functions the flow runs.  Target"
        " (issue 10): the corpus-wide stages on 1,000,000 articles in at most 10 minutes and 8 GB.\n\n"
    )
    sections = {}
    if RESULTS.exists():
        for part in RESULTS.read_text().split("\n## ")[1:]:
            title = part.split("\n", 1)[0]
            sections[(int(title.split(" ", 1)[0].replace(",", "")), title)] = "## " + part.rstrip() + "\n"
    title = section.split("\n", 1)[0].removeprefix("## ")
    sections[(n_docs, title)] = section
    RESULTS.write_text(header + "\n".join(sections[k] for k in sorted(sections)))


def _events_table(n_docs: int, counts: dict, results: list[dict]) -> str:
    """The section of an --events-only run: the events stage alone, on tables the other stages wrote before."""
    lines = [
        f"## {n_docs:,} articles: events stage alone",
        "",
        f"Measured {datetime.now(tz=UTC):%Y-%m-%d} on this machine ({os.cpu_count()} cores, shared: load average"
        f" at the end {', '.join(str(r['load']) for r in results if 'load' in r)}), on the synthetic tables of the"
        " section above"
        f" ({counts['documents']:,} documents, {EVENTS} event candidates per article) and the entity tables the"
        " entities stage wrote from them.",
        "",
        "| stage | wall s | CPU s | peak RSS MB | result |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        if "seconds" in r:
            lines.append(f"| {r['stage']} | {r['seconds']} | {r['cpu_seconds']} | {r['peak_mb']:,} | {_result(r)} |")
        else:  # the process's peak (ru_maxrss)
            lines.append(f"| {r['stage']} | | | {r['peak_mb']:,} | |")
    parts = next((r["parts"] for r in results if r.get("parts")), None)
    if parts:
        lines.append("")
        lines.append("CPU seconds by part: " + ", ".join(f"{k} {v}" for k, v in parts.items()) + ".")
    peaks = next((r["cluster_peaks"] for r in results if r.get("cluster_peaks")), None)
    if peaks:
        from flows.stages.event_jobs import cluster_peak_mb

        lines.append("")
        lines.append(
            "Clustering jobs in worker processes, peak resident memory (MB, measured; estimated): "
            + "; ".join(
                f"{', '.join(p['categories'])} {p['rows']:,} rows {p['peak_mb']:,}; {cluster_peak_mb(p['rows']):,.0f}"
                for p in peaks
            )
            + "."
        )
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="articles (default 1,000,000)")
    parser.add_argument("--events", choices=["yes", "no"], default="yes")
    parser.add_argument("--work", type=Path, default=None, help="folder for the synthetic tables")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic tables for another run")
    parser.add_argument("--workers", type=int, default=2, help="processes generating the tables")
    parser.add_argument(
        "--events-only", action="store_true", help="only the events stage, on a --work folder kept by an earlier run"
    )
    parser.add_argument("--events-timeout", type=float, default=30, help="minutes link_events may run")
    parser.add_argument(
        "--events-workers",
        type=int,
        default=2,
        help="processes of the events stage (the CPU seconds by part are this process's only: 1 to have them all)",
    )
    parser.add_argument(
        "--events-memory-mb",
        type=int,
        default=None,
        help="the memory budget of the events stage's workers (default: the stage's, a share of the machine's)",
    )
    parser.add_argument("--stages-only", type=Path, help=argparse.SUPPRESS)  # child process: run the stages
    parser.add_argument("--stages", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stages_only:
        results = run_stages(args.stages_only, args.stages.split(","), args.events_workers, args.events_memory_mb)
        print("RESULTS " + json.dumps(results), flush=True)
        return
    root = args.work or ROOT / "output" / ".bench" / f"corpus_scale_{args.n}"
    if args.events_only:  # the other stages' tables are there from a run with --keep
        counts = json.loads((root / "generated.json").read_text())
        results = _child(root, ["events"], events_workers=args.events_workers, events_memory_mb=args.events_memory_mb)
        _write_results(args.n, _events_table(args.n, counts, results))
        print(RESULTS.read_text())
        return
    print(f"generating {args.n:,} articles in {root}", flush=True)
    counts = generate(args.n, root, args.workers)
    print(json.dumps(counts), flush=True)
    stages = ["near-duplicates", "paragraph repeats", "entities", "quotes", "sentences"]
    results = _child(root, stages)
    note = "not run (--events no)"
    if args.events == "yes":
        results += _child(
            root,
            ["events"],
            timeout=args.events_timeout * 60,
            events_workers=args.events_workers,
            events_memory_mb=args.events_memory_mb,
        )
    _write_results(args.n, _table(args.n, counts, results, note))
    print(RESULTS.read_text())
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)


def _child(
    root: Path,
    stages: list[str],
    timeout: float | None = None,
    events_workers: int = 1,
    events_memory_mb: int | None = None,
) -> list[dict]:
    """Run stages in a fresh process, so its peak memory is the stages' own, not the generator's.

    With ``timeout`` (seconds), a child still running then is stopped and reported as unfinished, with the
    CPU time and peak RSS it had reached (polled here).
    """
    import psutil

    command = [sys.executable, __file__, "--stages-only", str(root), "--stages", ",".join(stages)]
    command += ["--events-workers", str(events_workers)]
    if events_memory_mb is not None:
        command += ["--events-memory-mb", str(events_memory_mb)]
    started = time.time()
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as proc:
        child, peak, cpu = psutil.Process(proc.pid), 0, 0.0
        while proc.poll() is None and (timeout is None or time.time() - started < timeout):
            try:
                peak = max(peak, _tree_rss(child))
                times = child.cpu_times()  # and of its worker processes that have ended
                cpu = times.user + times.system + times.children_user + times.children_system
            except psutil.NoSuchProcess:
                break
            time.sleep(0.5)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
            reported = [line for line in proc.stdout.read().splitlines() if line.startswith("PARTS ")]
            return [
                {
                    "stage": f"{', '.join(stages)} (stopped: not finished after {timeout / 60:g} min)",
                    "seconds": round(time.time() - started, 1),
                    "cpu_seconds": round(cpu, 1),
                    "peak_mb": round(peak / 2**20),
                    "result": None,
                    "load": round(os.getloadavg()[0], 1),
                    "parts": json.loads(reported[-1][len("PARTS ") :]) if reported else {},
                }
            ]
        output = proc.stdout.read()
    for line in output.splitlines():
        if line.startswith("RESULTS "):
            return json.loads(line[len("RESULTS ") :])
        print(line, flush=True)
    raise SystemExit(f"stages failed (exit {proc.returncode})")


_WORKER_PARTS = "CORPUS_SCALE_WORKER_PARTS"


def _cluster_peaks(folder: Path) -> None:
    """In a worker process: each clustering job's peak resident memory (the kernel's high-water mark, reset as the
    job starts: /proc/self/clear_refs) and its categories' linked rows, to <folder>/<pid>.peaks, one line a job
    (what flows.stages.event_jobs.cluster_peak_mb estimates)."""
    import pyarrow.parquet as pq

    from flows.stages import event_jobs

    cluster = event_jobs.cluster_categories

    def measured(job):
        rows = sum(
            pq.read_metadata(p).num_rows if isinstance(p, Path) else len(p)
            for _, groups, _ in job.categories
            for parts in groups.values()
            for p in parts
        )
        names = [c for c, _, _ in job.categories]
        Path("/proc/self/clear_refs").write_text("5")
        result = cluster(job)
        status = Path("/proc/self/status").read_text()
        hwm = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
        with Path(folder, f"{os.getpid()}.peaks").open("a") as out:
            out.write(json.dumps({"categories": names, "rows": rows, "peak_mb": hwm // 1024}) + "\n")
        return result

    event_jobs.cluster_categories = measured


if __name__ == "__main__":
    main()
elif __name__ == "__mp_main__" and os.environ.get(_WORKER_PARTS):  # a worker process of the events stage
    _events_parts(
        on_change=lambda parts: Path(os.environ[_WORKER_PARTS], f"{os.getpid()}.json").write_text(json.dumps(parts))
    )
    _cluster_peaks(Path(os.environ[_WORKER_PARTS]))
