"""Exact and near-duplicate documents: content hashes, MinHash-LSH candidates verified by true Jaccard."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime

import polars as pl

from transforms.clean.documents import content_hash

# mark_duplicates output: its input columns plus these two.
DUPLICATE_COLUMNS = {"dup_cluster_id": pl.String(), "dup_of": pl.String()}

_WORD = re.compile(r"\w+")


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
