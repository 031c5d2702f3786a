"""Paragraph spans of clean texts and their repeats across documents (exact and lightly reworded).

Outlets reuse background paragraphs with light edits ("Approximately 25,000 residents..." vs "Nearly
25,000 residents..."), so exact matching misses them.  A paragraph repeats an earlier one (in canonical
document order: earliest published first, then doc_id; then paragraph order) when both have the same
normalised text, or share a verbatim run of ``min_shared_run`` words (the n-gram containment idea of
text-reuse detection, cf. the METER corpus) AND most of the smaller paragraph's vocabulary.  On the
sample articles reused pairs share runs of 8-18 words with containment >= 0.69; the closest unrelated
pair shares 7 words, so both conditions are needed.  ``first_doc_id`` is where the earliest paragraph
of the chain of repeats appeared.

One cap keeps the cost linear in the corpus: a paragraph is compared only with the earliest
``MAX_RUN_SOURCES`` paragraphs holding each of its runs (a run in more paragraphs than that is a stock
phrase; see ``run_pairs``).  Below the cap the result is the rule above exactly.

Split for scale: ``paragraph_fingerprints`` runs per document and gives compact rows (hashes only); the
corpus-wide passes work on paragraph positions (integers) and 64-bit hashes: ``paragraph_positions``,
``exact_firsts``, ``SharedRunFilter`` (which runs can be shared at all), ``run_pairs``,
``containment_targets`` and ``chain_roots``.  Only first occurrences of a text take part in the run
pairs (a verbatim copy has the same runs and words as its earlier original, so it is never the earliest
match).  ``mark_repeats`` composes the passes in memory; flows.stages.corpus runs them over the unit
files; ``build_paragraphs`` composes fingerprints and ``mark_repeats`` for small inputs.
"""

from __future__ import annotations

import re

import numpy as np
import polars as pl

from transforms.clean.documents import normalise_for_hash
from transforms.ids import content_id, fingerprints64
from transforms.schemas import TABLES

PARAGRAPHS_SCHEMA = TABLES["paragraphs"].schema
# Output of paragraph_fingerprints(), input of mark_repeats().
FINGERPRINTS_SCHEMA = {
    "doc_id": pl.String(),
    "para_idx": pl.Int64(),
    "char_start": pl.Int64(),
    "char_end": pl.Int64(),
    "para_hash": pl.String(),
    "runs": pl.List(pl.UInt64()),  # hashes of every run of min_shared_run words
    "vocab": pl.List(pl.UInt64()),  # hashes of the distinct words
}
# Input of mark_repeats(): the canonical order of documents.
DOCUMENT_ORDER_SCHEMA = {"doc_id": pl.String(), "published_at": pl.Datetime("us", "UTC")}

# A later paragraph is paired with at most this many of the earliest paragraphs holding each of its runs (see
# run_pairs).  A reworded copy finds its source (or an earlier copy of it) among the first holders of the runs
# they share; a run held by more paragraphs than this is a stock phrase, and pairing every holder would cost
# the square of its frequency.  The seeds, the VOA stories and the WCXB pages (where at most 13 distinct
# paragraphs share a run) give the same tables with and without it.
MAX_RUN_SOURCES = 10

_WORD = re.compile(r"\w+")
# A paragraph: a run of lines holding non-space text (clean text separates them with a blank line).
_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph in text: runs of non-blank lines, surrounding whitespace excluded."""
    spans = []
    for m in _PARAGRAPH.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def paragraph_fingerprints(doc_id: str, text: str, *, min_shared_run: int = 8) -> list[dict]:
    """FINGERPRINTS_SCHEMA rows of one document's paragraphs."""
    rows = []
    for idx, (start, end) in enumerate(paragraph_spans(text or "")):
        norm = normalise_for_hash(text[start:end])
        words = _WORD.findall(norm)
        runs = {" ".join(words[i : i + min_shared_run]) for i in range(len(words) - min_shared_run + 1)}
        rows.append(
            {
                "doc_id": doc_id,
                "para_idx": idx,
                "char_start": start,
                "char_end": end,
                "para_hash": content_id(norm),
                "runs": sorted(fingerprints64(runs)),
                "vocab": sorted(fingerprints64(set(words))),
            }
        )
    return rows


def document_ranks(order: pl.DataFrame) -> pl.DataFrame:
    """doc_id -> rank (UInt32) in canonical document order: earliest published, undated last, then doc_id."""
    return (
        order.select("doc_id", "published_at")
        .sort(pl.col("published_at").is_null(), "published_at", "doc_id")
        .select("doc_id", pl.int_range(pl.len(), dtype=pl.UInt32()).alias("rank"))
    )


def positions(doc_rank: np.ndarray, para_idx: np.ndarray) -> np.ndarray:
    """Each paragraph's place (UInt32) in canonical order: by its document's rank, then its index."""
    order = np.lexsort((para_idx, doc_rank))
    pos = np.empty(len(order), dtype=np.uint32)
    pos[order] = np.arange(len(order), dtype=np.uint32)
    return pos


def paragraph_positions(index: pl.DataFrame, order: pl.DataFrame) -> np.ndarray:
    """Each paragraph's place in canonical order (documents by ``order``, then paragraphs), per row.

    ``index``: doc_id and para_idx of every paragraph, in any row order; ``order``: DOCUMENT_ORDER_SCHEMA,
    one row per document (a paragraph of a document missing from it sorts first).
    """
    ranked = index.select("doc_id", "para_idx").join(
        document_ranks(order), on="doc_id", how="left", maintain_order="left"
    )
    doc_rank = ranked.select((pl.col("rank").cast(pl.Int64()) + 1).fill_null(0))["rank"].to_numpy()
    return positions(doc_rank, ranked["para_idx"].to_numpy())


def hash_codes(para_hash: pl.Series) -> np.ndarray:
    """The 16-hex-digit paragraph hashes (transforms.ids.content_id) as the 64-bit integers they spell."""
    parts = pl.DataFrame({"h": para_hash}).select(
        pl.col("h").str.len_bytes().alias("n"),
        pl.col("h").str.slice(0, 8).str.to_integer(base=16, strict=False).cast(pl.UInt64()).alias("hi"),
        pl.col("h").str.slice(8, 8).str.to_integer(base=16, strict=False).cast(pl.UInt64()).alias("lo"),
    )
    if parts.height and ((parts["n"] != 16).any() or parts["hi"].has_nulls() or parts["lo"].has_nulls()):
        raise ValueError("paragraph hashes must be 16 hex digits (transforms.ids.content_id)")
    return (parts["hi"].to_numpy() << np.uint64(32)) | parts["lo"].to_numpy()


def exact_firsts(para_hash: pl.Series | np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Per row: the position of the earliest paragraph with the same normalised text (its own when first)."""
    keys = pl.DataFrame({"para_hash": para_hash, "pos": pos})
    return keys.select(pl.col("pos").min().over("para_hash"))["pos"].to_numpy()


class SharedRunFilter:
    """Which word runs may occur in two or more paragraphs, from one pass over every paragraph's runs.

    A corpus of a million articles has ~4e8 runs, nearly all unique; holding them with their paragraph
    would need ~5 GB.  This keeps the low 32 bits of each run only (1.6 GB at that size, bucketed so they
    are never copied at once), sorts them, and marks the 32-bit values seen twice in a bitmap (512 MB).  A
    run that is really shared always passes; a few unique ones pass by a 32-bit collision, and the exact
    64-bit join after it (``run_pairs``) drops them, so the filter changes cost, never results.
    """

    _BUCKET_SHIFT = np.uint32(29)  # 8 buckets by the top 3 of the 32 bits

    MIN_RUNS = 1 << 24  # below this many runs the exact join is cheap and the bitmap is not built

    def __init__(self):
        self._buckets: list[list[np.ndarray]] = [[] for _ in range(8)]
        self._bitmap: np.ndarray | None = None
        self._n = 0

    def add(self, runs: np.ndarray) -> None:
        self._n += len(runs)
        low = (runs & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        low.sort()
        cuts = np.searchsorted(low, np.arange(1, 8, dtype=np.uint32) << self._BUCKET_SHIFT)
        for bucket, part in enumerate(np.split(low, cuts)):
            if len(part):
                self._buckets[bucket].append(part)

    def finish(self) -> None:
        if self._n < self.MIN_RUNS:
            self._buckets = [[] for _ in range(8)]
            return
        bitmap = np.zeros(1 << 29, dtype=np.uint8)
        for bucket in range(8):
            values = np.concatenate(self._buckets[bucket]) if self._buckets[bucket] else np.empty(0, np.uint32)
            self._buckets[bucket] = []
            values.sort()
            repeated = values[1:][values[1:] == values[:-1]]  # sorted: drop repeats by hand (np.unique hashes)
            repeated = repeated[np.r_[True, repeated[1:] != repeated[:-1]]] if len(repeated) else repeated
            byte = repeated >> np.uint32(3)
            bits = np.left_shift(np.uint8(1), (repeated & np.uint32(7)).astype(np.uint8))
            starts = np.flatnonzero(np.r_[True, byte[1:] != byte[:-1]]) if len(byte) else np.empty(0, np.int64)
            if len(starts):
                bitmap[byte[starts]] |= np.bitwise_or.reduceat(bits, starts)
        self._bitmap = bitmap

    def may_be_shared(self, runs: np.ndarray) -> np.ndarray:
        if self._bitmap is None:
            return np.ones(len(runs), dtype=bool)
        low = (runs & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        bits = np.left_shift(np.uint8(1), (low & np.uint32(7)).astype(np.uint8))
        return (self._bitmap[low >> np.uint32(3)] & bits) != 0


def run_pairs(run_rows: pl.DataFrame, *, max_run_sources: int | None = None) -> pl.DataFrame:
    """(pos, pos_j) pairs, pos_j < pos, of paragraphs sharing a run (``run_rows``: one row per paragraph and run).

    ``max_run_sources``: a later paragraph is paired only with the earliest ``max_run_sources`` paragraphs that
    contain a run.  A run in thousands of paragraphs is a stock phrase, and pairing every two of them costs
    the square of its frequency; an earlier paragraph a reworded copy was taken from is among the first
    paragraphs holding the runs they share, and those runs are rarer anyway.  None pairs every two.
    """
    shared = (
        run_rows.select(pl.col("run"), pl.col("pos").cast(pl.UInt32()))
        .filter(pl.len().over("run") > 1)
        .sort("run", "pos")
        .with_row_index("i")
    )
    # Sorted by run then position: a row's rank in its run is its distance from the run's first row, and the
    # earlier paragraphs of the run are the rows just before it.
    first = pl.when(pl.col("run") != pl.col("run").shift()).then(pl.col("i")).forward_fill().fill_null(0)
    ranked = shared.with_columns(first.alias("first"))
    n_partners = pl.col("i") - pl.col("first")
    if max_run_sources is not None:
        n_partners = pl.min_horizontal(n_partners, pl.lit(max_run_sources, pl.UInt32()))
    partners = (
        ranked.select("pos", pl.int_ranges(pl.col("first"), pl.col("first") + n_partners, dtype=pl.UInt32()).alias("j"))
        .explode("j")
        .drop_nulls("j")
    )
    pos_of = shared["pos"]
    return (
        partners.with_columns(pos_of.gather(partners["j"]).alias("pos_j"))
        .filter(pl.col("pos_j") < pl.col("pos"))
        .select("pos", "pos_j")
        .unique()
    )


def containment_targets(
    pairs: pl.DataFrame, vocab: pl.DataFrame, *, min_word_containment: float = 0.6, batch_pairs: int = 200_000
) -> pl.DataFrame:
    """pos -> earliest pos_j of the pairs whose paragraphs share most of the smaller vocabulary.

    ``vocab``: pos and vocab (distinct word hashes) of every paragraph in ``pairs``; pairs are scored
    ``batch_pairs`` at a time so the joined word lists of only one batch are alive.
    """
    words = vocab.select(pl.col("pos").cast(pl.UInt32()), "vocab", pl.col("vocab").list.len().alias("n_vocab"))
    words_j = words.rename({"pos": "pos_j", "vocab": "vocab_j", "n_vocab": "n_vocab_j"})
    found = []
    for batch in pairs.select(pl.col("pos").cast(pl.UInt32()), pl.col("pos_j").cast(pl.UInt32())).iter_slices(
        batch_pairs
    ):
        scored = (
            batch.join(words, on="pos")
            .join(words_j, on="pos_j")
            .with_columns(
                (
                    pl.col("vocab").list.set_intersection("vocab_j").list.len()
                    / pl.max_horizontal(pl.min_horizontal("n_vocab", "n_vocab_j"), pl.lit(1))
                ).alias("containment")
            )
            .filter(pl.col("containment") >= min_word_containment)
        )
        found.append(scored.group_by("pos").agg(pl.col("pos_j").min().alias("target")))
    schema = {"pos": pl.UInt32(), "target": pl.UInt32()}
    if not found:
        return pl.DataFrame(schema=schema)
    return pl.concat(found).group_by("pos").agg(pl.col("target").min()).cast(schema)


def chain_roots(n: int, targets: pl.DataFrame) -> np.ndarray:
    """root[pos]: follow pos -> target (always earlier) to the first paragraph of the chain.

    Pointer jumping: every step doubles the length of chain each position has followed, so a few
    vectorised steps replace a Python loop over every paragraph.
    """
    root = np.arange(n, dtype=np.int64)
    if targets.height:
        root[targets["pos"].to_numpy()] = targets["target"].to_numpy()
    while True:
        jumped = root[root]
        if np.array_equal(jumped, root):
            return root
        root = jumped


def repeat_targets(
    fingerprints: pl.DataFrame,
    pos: np.ndarray,
    firsts: np.ndarray,
    *,
    min_word_containment: float = 0.6,
    max_run_sources: int | None = None,
) -> pl.DataFrame:
    """(pos, target) for every paragraph that repeats an earlier one, exactly or reworded (in-memory form).

    Exact copies point at the first paragraph with their text.  Only first occurrences take part in the
    run join, on both sides: a copy has the same runs and words as its first occurrence, which comes
    earlier, so it is never the earliest paragraph a reworded one matches.
    """
    exact = pl.DataFrame({"pos": pos, "target": firsts}).filter(pl.col("target") < pl.col("pos"))
    first = firsts == pos
    run_rows = (
        fingerprints.select(pl.Series("pos", pos), "runs")
        .filter(pl.Series(first))
        .explode("runs")
        .drop_nulls("runs")
        .rename({"runs": "run"})
    )
    pairs = run_pairs(run_rows, max_run_sources=max_run_sources)
    involved = pl.concat([pairs["pos"], pairs["pos_j"]]).unique()
    vocab = fingerprints.select(pl.Series("pos", pos), "vocab").filter(pl.col("pos").is_in(involved.implode()))
    reworded = containment_targets(pairs, vocab, min_word_containment=min_word_containment)
    return pl.concat([exact.cast({"pos": pl.UInt32(), "target": pl.UInt32()}), reworded])


def paragraph_rows(fingerprints: pl.DataFrame, first_doc_id: pl.Series) -> pl.DataFrame:
    """TABLES['paragraphs'] rows of fingerprints whose first_doc_id is known (one per row)."""
    return TABLES["paragraphs"].conform(
        fingerprints.with_columns(first_doc_id.alias("first_doc_id")).with_columns(
            (pl.col("first_doc_id") != pl.col("doc_id")).alias("is_repeat")
        )
    )


def mark_repeats(
    fingerprints: pl.DataFrame,
    order: pl.DataFrame,
    *,
    min_word_containment: float = 0.6,
    max_run_sources: int | None = MAX_RUN_SOURCES,
) -> pl.DataFrame:
    """TABLES['paragraphs'] from the paragraphs' fingerprints and the documents' publication times.

    The in-memory form of the corpus stage (flows.stages.corpus runs the same passes unit by unit).
    """
    if fingerprints.is_empty():
        return TABLES["paragraphs"].empty()
    pos = paragraph_positions(fingerprints, order)
    firsts = exact_firsts(fingerprints["para_hash"], pos)
    targets = repeat_targets(
        fingerprints, pos, firsts, min_word_containment=min_word_containment, max_run_sources=max_run_sources
    )
    root = chain_roots(len(pos), targets)
    doc_at = np.empty(len(pos), dtype=np.int64)
    doc_at[pos] = np.arange(len(pos))
    first_doc_id = fingerprints["doc_id"].gather(doc_at[root[pos]])
    return paragraph_rows(fingerprints, first_doc_id)


def build_paragraphs(docs: pl.DataFrame, *, min_shared_run: int = 8, min_word_containment: float = 0.6) -> pl.DataFrame:
    """Paragraph spans of each text with exact and lightly reworded repeats marked (TABLES['paragraphs'])."""
    rows = [
        row
        for doc_id, text in docs.select("doc_id", "text").rows()
        for row in paragraph_fingerprints(doc_id, text, min_shared_run=min_shared_run)
    ]
    fingerprints = pl.DataFrame(rows, schema=FINGERPRINTS_SCHEMA) if rows else pl.DataFrame(schema=FINGERPRINTS_SCHEMA)
    published = docs["published_at"] if "published_at" in docs.columns else pl.Series([None] * docs.height)
    order = pl.DataFrame({"doc_id": docs["doc_id"], "published_at": published}, schema=DOCUMENT_ORDER_SCHEMA)
    return mark_repeats(fingerprints, order, min_word_containment=min_word_containment)
