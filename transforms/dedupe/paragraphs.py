"""Paragraph spans of clean texts and their repeats across documents (exact and lightly reworded).

Outlets reuse background paragraphs with light edits ("Approximately 25,000 residents..." vs "Nearly
25,000 residents..."), so exact matching misses them.  A paragraph repeats an earlier one (in canonical
document order: earliest published first, then doc_id; then paragraph order) when both have the same
normalised text, or share a verbatim run of ``min_shared_run`` words (the n-gram containment idea of
text-reuse detection, cf. the METER corpus) AND most of the smaller paragraph's vocabulary.  On the
sample articles reused pairs share runs of 8-18 words with containment >= 0.69; the closest unrelated
pair shares 7 words, so both conditions are needed.  ``first_doc_id`` is where the earliest paragraph
of the chain of repeats appeared.

Split for scale: ``paragraph_fingerprints`` runs per document and gives compact rows (hashes only);
``mark_repeats`` runs corpus-wide on them with polars; ``build_paragraphs`` composes both.
"""

from __future__ import annotations

import re

import polars as pl

from transforms.clean.documents import normalise_for_hash
from transforms.ids import content_id, fingerprint64
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
                "runs": sorted(fingerprint64(r) for r in runs),
                "vocab": sorted(fingerprint64(w) for w in set(words)),
            }
        )
    return rows


def _positions(fingerprints: pl.DataFrame, order: pl.DataFrame) -> pl.DataFrame:
    """Fingerprints with ``pos``: the paragraph's rank in canonical order (documents, then paragraphs)."""
    ranked = order.select(
        "doc_id",
        pl.struct(pl.col("published_at").is_null().alias("undated"), "published_at", "doc_id")
        .rank("dense")
        .alias("doc_rank"),
    )
    return (
        fingerprints.join(ranked, on="doc_id", how="left")
        .sort("doc_rank", "para_idx")
        .with_row_index("pos")
        .with_columns(pl.col("pos").cast(pl.Int64))
    )


def _exact_targets(paras: pl.DataFrame) -> pl.DataFrame:
    """pos -> earliest earlier paragraph with the same normalised text."""
    first = paras.group_by("para_hash").agg(pl.col("pos").min().alias("target"))
    return (
        paras.select("pos", "para_hash")
        .join(first, on="para_hash")
        .filter(pl.col("target") < pl.col("pos"))
        .select("pos", "target")
    )


def _run_targets(paras: pl.DataFrame, exact: pl.DataFrame, min_word_containment: float) -> pl.DataFrame:
    """pos -> earliest earlier paragraph sharing a run and most of the smaller vocabulary (for non-exact ones)."""
    runs = paras.select("pos", "runs").explode("runs").drop_nulls("runs")
    pairs = (
        runs.join(runs, on="runs", suffix="_j")
        .filter(pl.col("pos_j") < pl.col("pos"))
        .select("pos", "pos_j")
        .unique()
        .join(exact.select("pos"), on="pos", how="anti")
    )
    if pairs.is_empty():
        return pl.DataFrame(schema={"pos": pl.Int64(), "target": pl.Int64()})
    vocab = paras.select("pos", "vocab", pl.col("vocab").list.len().alias("n_vocab"))
    scored = (
        pairs.join(vocab, on="pos")
        .join(vocab.rename({"pos": "pos_j", "vocab": "vocab_j", "n_vocab": "n_vocab_j"}), on="pos_j")
        .with_columns(
            (
                pl.col("vocab").list.set_intersection("vocab_j").list.len()
                / pl.max_horizontal(pl.min_horizontal("n_vocab", "n_vocab_j"), pl.lit(1))
            ).alias("containment")
        )
        .filter(pl.col("containment") >= min_word_containment)
    )
    return scored.group_by("pos").agg(pl.col("pos_j").min().alias("target"))


def _chain_roots(n: int, targets: pl.DataFrame) -> list[int]:
    """root[pos]: follow pos -> target (always earlier) to the first paragraph of the chain."""
    root = list(range(n))
    target = dict(targets.select("pos", "target").rows())
    for pos in range(n):  # targets point backwards, so the target's root is already final
        if pos in target:
            root[pos] = root[target[pos]]
    return root


def mark_repeats(fingerprints: pl.DataFrame, order: pl.DataFrame, *, min_word_containment: float = 0.6) -> pl.DataFrame:
    """TABLES['paragraphs'] from the paragraphs' fingerprints and the documents' publication times."""
    if fingerprints.is_empty():
        return TABLES["paragraphs"].empty()
    paras = _positions(fingerprints, order)
    exact = _exact_targets(paras)
    targets = pl.concat([exact, _run_targets(paras, exact, min_word_containment)])
    root = _chain_roots(paras.height, targets)
    doc_of = paras["doc_id"].to_list()
    out = paras.with_columns(pl.Series("first_doc_id", [doc_of[r] for r in root], dtype=pl.String())).with_columns(
        (pl.col("first_doc_id") != pl.col("doc_id")).alias("is_repeat")
    )
    return TABLES["paragraphs"].conform(out)


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
