"""Exact and near-duplicate detection, and cross-document paragraph repeats."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime

import polars as pl

from transforms.clean import content_hash, normalise_for_hash
from transforms.schemas import TABLES

# mark_duplicates output: its input columns plus these two.
DUPLICATE_COLUMNS = {"dup_cluster_id": pl.String(), "dup_of": pl.String()}
PARAGRAPHS_SCHEMA = TABLES["paragraphs"].schema

_WORD = re.compile(r"\w+")
# A paragraph: a run of lines holding non-space text (clean text separates them with a blank line).
_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")


def _sha16(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def shingles(text: str, k: int = 5) -> set[str]:
    """Word k-shingles of the casefolded text (the whole text as one shingle when shorter than k words)."""
    words = _WORD.findall(text.casefold())
    if not words:
        return set()
    if len(words) < k:
        return {" ".join(words)}
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def _order_key(published_at: datetime | None, doc_id: str) -> tuple:
    # Earliest published first, undated last, then smallest doc_id: the canonical-document rule.
    return (published_at is None, published_at or datetime.min, doc_id)


def mark_duplicates(
    docs: pl.DataFrame,
    *,
    threshold: float = 0.8,
    shingle_size: int = 5,
    num_perm: int = 128,
    lsh_threshold: float | None = None,
    seed: int = 1,
) -> pl.DataFrame:
    """Add dup_cluster_id and dup_of to clean documents (input columns + DUPLICATE_COLUMNS, sorted by doc_id).

    Exact duplicates share a content_hash; near-duplicates are MinHash-LSH candidates whose true
    Jaccard similarity of word ``shingle_size``-shingles is >= ``threshold``.  LSH runs at a lower
    threshold (``lsh_threshold``, default threshold - 0.1) so that its banding misses few true
    pairs; every candidate is verified, so this costs time, not precision.
    """
    from datasketch import MinHash, MinHashLSH

    rows = list(docs.sort("doc_id").iter_rows(named=True))
    n = len(rows)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_hash: dict[str, int] = {}
    for i, row in enumerate(rows):
        key = row.get("content_hash") or content_hash(row.get("text") or "")
        if key in by_hash:
            union(i, by_hash[key])
        else:
            by_hash[key] = i

    sets = [shingles(row.get("text") or "", shingle_size) for row in rows]
    lsh_t = min(max(lsh_threshold if lsh_threshold is not None else threshold - 0.1, 0.01), 0.99)
    lsh = MinHashLSH(threshold=lsh_t, num_perm=num_perm)
    sketches: dict[int, MinHash] = {}
    for i, sh in enumerate(sets):
        if not sh or i != by_hash.get(rows[i].get("content_hash") or "", i):
            continue  # empty texts and exact copies are settled by content_hash already
        m = MinHash(num_perm=num_perm, seed=seed)
        m.update_batch([s.encode("utf-8") for s in sorted(sh)])
        sketches[i] = m
    for i, m in sketches.items():
        for j in sorted(lsh.query(m)):
            a, b = sets[i], sets[j]
            if len(a & b) / len(a | b) >= threshold:
                union(i, j)
        lsh.insert(i, m)

    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(find(i), []).append(i)
    cluster_id = [""] * n
    dup_of: list[str | None] = [None] * n
    for group in members.values():
        canonical = min(group, key=lambda i: _order_key(rows[i].get("published_at"), rows[i]["doc_id"]))
        cid = _sha16("dup_cluster\n" + rows[canonical]["doc_id"])
        for i in group:
            cluster_id[i] = cid
            dup_of[i] = None if i == canonical else rows[canonical]["doc_id"]
    out = docs.sort("doc_id").drop([c for c in DUPLICATE_COLUMNS if c in docs.columns])
    return out.with_columns(
        pl.Series("dup_cluster_id", cluster_id, dtype=pl.String()),
        pl.Series("dup_of", dup_of, dtype=pl.String()),
    )


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


def build_paragraphs(
    docs: pl.DataFrame, *, min_shared_run: int = 8, min_word_containment: float = 0.6
) -> pl.DataFrame:
    """Paragraph spans of each text with exact and lightly reworded repeats marked (TABLES['paragraphs'])."""
    # Outlets reuse background paragraphs with light edits ("Approximately 25,000 Armenians reside..."
    # vs "Nearly 25,000 Armenians reside..." in seeds 001/003), so exact matching misses them. A
    # paragraph repeats an earlier one when both share a verbatim run of `min_shared_run` words (the
    # n-gram containment idea of text-reuse detection, cf. the METER corpus) AND most of the smaller
    # paragraph's vocabulary. On the seeds the reused pairs share runs of 8-18 words with containment
    # >= 0.69; the closest unrelated pair shares 7 words, so both conditions are needed.
    cols = docs.columns
    rows = sorted(
        docs.iter_rows(named=True),
        key=lambda r: _order_key(r.get("published_at") if "published_at" in cols else None, r["doc_id"]),
    )
    first_seen: dict[str, str] = {}
    run_index: dict[tuple[str, ...], list[int]] = {}
    seen_vocab: list[tuple[frozenset[str], str]] = []  # per paragraph in canonical order: (words, first_doc_id)
    out = []
    for row in rows:
        text = row.get("text") or ""
        for idx, (start, end) in enumerate(paragraph_spans(text)):
            norm = normalise_for_hash(text[start:end])
            words = _WORD.findall(norm)
            vocab = frozenset(words)
            runs = {tuple(words[i : i + min_shared_run]) for i in range(len(words) - min_shared_run + 1)}
            first = first_seen.get(norm)
            if first is None:
                candidates = sorted({j for run in runs for j in run_index.get(run, ())})
                for j in candidates:  # canonical order: the earliest matching paragraph wins
                    other_vocab, other_first = seen_vocab[j]
                    overlap = len(vocab & other_vocab) / max(1, min(len(vocab), len(other_vocab)))
                    if overlap >= min_word_containment:
                        first = other_first
                        break
            if first is None:
                first = row["doc_id"]
            first_seen.setdefault(norm, first)
            for run in runs:
                run_index.setdefault(run, []).append(len(seen_vocab))
            seen_vocab.append((vocab, first))
            out.append(
                {
                    "doc_id": row["doc_id"],
                    "para_idx": idx,
                    "char_start": start,
                    "char_end": end,
                    "para_hash": _sha16(norm),
                    "first_doc_id": first,
                    "is_repeat": first != row["doc_id"],
                }
            )
    frame = pl.DataFrame(out, schema=PARAGRAPHS_SCHEMA, orient="row") if out else TABLES["paragraphs"].empty()
    return TABLES["paragraphs"].conform(frame)
