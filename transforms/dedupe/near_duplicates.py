"""Exact and near-duplicate documents: content hashes, MinHash-LSH candidates verified by true Jaccard.

Split for scale: ``band_keys`` runs per document (in the shard stage) and yields a few integers per
document; ``candidate_index_pairs`` (on integer document indices) and ``duplicate_clusters`` (polars,
with a union-find over the few groups near-duplicate edges touch) run corpus-wide on those compact rows;
only the candidate pairs' texts are read again to verify them (``verified_pairs``, a batch at a time).
``mark_duplicates`` composes them for small inputs and tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

import polars as pl

from transforms.clean.documents import content_hash
from transforms.ids import content_id, fingerprint64

# mark_duplicates output: its input columns plus these two.
DUPLICATE_COLUMNS = {"dup_cluster_id": pl.String(), "dup_of": pl.String()}
# Output of duplicate_clusters().
DUPLICATES_SCHEMA = {"doc_id": pl.String(), **DUPLICATE_COLUMNS}
# Input of candidate_pairs(): one row per document; ``bands`` null for an empty text or an exact copy.
BAND_KEYS_SCHEMA = {"doc_id": pl.String(), "bands": pl.List(pl.UInt64())}
# Input of duplicate_clusters(): what decides clusters and their canonical document.
DOCUMENT_KEYS_SCHEMA = {"doc_id": pl.String(), "content_hash": pl.String(), "published_at": pl.Datetime("us", "UTC")}

_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = 5) -> set[str]:
    """Word k-shingles of the casefolded text (the whole text as one shingle when shorter than k words)."""
    words = _WORD.findall(text.casefold())
    if not words:
        return set()
    if len(words) < k:
        return {" ".join(words)}
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def lsh_threshold_for(threshold: float, lsh_threshold: float | None = None) -> float:
    """LSH runs below the verification threshold (default threshold - 0.1) so its banding misses few true pairs;
    every candidate is verified, so this costs time, not precision."""
    return min(max(lsh_threshold if lsh_threshold is not None else threshold - 0.1, 0.01), 0.99)


@lru_cache(maxsize=16)
def lsh_bands(lsh_threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) minimising false positives + false negatives at the threshold (datasketch's rule)."""
    from datasketch.lsh import _optimal_param

    return _optimal_param(lsh_threshold, num_perm, 0.5, 0.5)


def band_keys(
    text: str, *, threshold: float = 0.8, shingle_size: int = 5, num_perm: int = 128, seed: int = 1
) -> list[int] | None:
    """One 64-bit key per LSH band of the text's MinHash (None for a text without words).

    Two documents are LSH candidates when any band key is equal, as in datasketch's MinHashLSH buckets.
    """
    from datasketch import MinHash

    sh = shingles(text, shingle_size)
    if not sh:
        return None
    m = MinHash(num_perm=num_perm, seed=seed)
    m.update_batch([s.encode("utf-8") for s in sorted(sh)])
    bands, rows = lsh_bands(lsh_threshold_for(threshold), num_perm)
    values = m.hashvalues
    return [fingerprint64(values[i * rows : (i + 1) * rows].tobytes()) for i in range(bands)]


def candidate_index_pairs(band_table: pl.DataFrame) -> pl.DataFrame:
    """Unordered pairs (a < b) of document indices sharing at least one band key (``doc``: UInt32 index).

    The compact form of ``candidate_pairs``: integer keys only, one band at a time, and only keys that occur
    twice in their band are joined, so the join holds a few rows per candidate, never one per document.
    """
    valid = band_table.filter(pl.col("bands").is_not_null())
    n_bands = valid.select(pl.col("bands").list.len().max()).item() or 0
    pairs = [pl.DataFrame(schema={"a": pl.UInt32(), "b": pl.UInt32()})]
    for band in range(n_bands):
        keys = valid.select(
            pl.col("doc").cast(pl.UInt32()), pl.col("bands").list.get(band, null_on_oob=True).alias("key")
        ).drop_nulls("key")
        shared = keys.filter(pl.col("key").is_duplicated())
        pairs.append(
            shared.join(shared, on="key", suffix="_b")
            .filter(pl.col("doc") < pl.col("doc_b"))
            .select(pl.col("doc").alias("a"), pl.col("doc_b").alias("b"))
        )
    return pl.concat(pairs).unique().sort("a", "b")


def candidate_pairs(band_table: pl.DataFrame) -> pl.DataFrame:
    """Unordered pairs (doc_a < doc_b) of documents sharing at least one band key."""
    ids = band_table.select(pl.col("doc_id").unique().sort())
    index = ids.with_row_index("doc")
    pairs = candidate_index_pairs(band_table.join(index, on="doc_id").select("doc", "bands"))
    doc_id = ids["doc_id"]
    return pl.DataFrame(
        {"doc_a": doc_id.gather(pairs["a"]), "doc_b": doc_id.gather(pairs["b"])},
        schema={"doc_a": pl.String(), "doc_b": pl.String()},
    )


def verified_pairs(
    pairs: pl.DataFrame,
    text_of: Callable[[Iterable[str]], dict[str, str]],
    *,
    threshold: float,
    shingle_size: int = 5,
    batch_pairs: int = 500,
) -> list[tuple[str, str]]:
    """Candidate pairs whose true Jaccard similarity of word shingles is >= threshold.

    ``text_of(doc_ids)`` returns the texts of the given documents (only candidates are read again).  Pairs
    are verified ``batch_pairs`` at a time, so only one batch's shingle sets are alive at once (a
    500-word text has ~500 shingles as Python strings: about 50 kB).
    """
    out = []
    for batch in pairs.iter_slices(batch_pairs):
        ids = sorted(set(batch["doc_a"].to_list()) | set(batch["doc_b"].to_list()))
        texts = text_of(ids)
        sets = {i: shingles(texts.get(i) or "", shingle_size) for i in ids}
        for a, b in batch.select("doc_a", "doc_b").iter_rows():
            sa, sb = sets[a], sets[b]
            if sa and sb and len(sa & sb) / len(sa | sb) >= threshold:
                out.append((a, b))
    return out


def duplicate_clusters(keys: pl.DataFrame, edges: Iterable[tuple[str, str]] | pl.DataFrame) -> pl.DataFrame:
    """DUPLICATES_SCHEMA rows (sorted by doc_id): exact copies share a content_hash, near ones an edge.

    The canonical document of a cluster is the earliest published, undated last, then the smallest doc_id.
    Vectorised: documents are grouped by content_hash in polars; only the groups that near-duplicate edges
    touch go through a union-find (a few per cent of the corpus), so no per-document Python object exists.
    """
    docs = keys.select("doc_id", "content_hash", "published_at").sort("doc_id").with_row_index("i")
    # Exact copies: each document starts in the group of the first document with its content_hash (nulls too).
    docs = docs.join(
        docs.group_by("content_hash").agg(pl.col("i").min().alias("group")),
        on="content_hash",
        how="left",
        nulls_equal=True,
    )
    edge_frame = (
        edges if isinstance(edges, pl.DataFrame) else pl.DataFrame(list(edges), schema=["doc_a", "doc_b"], orient="row")
    )
    group_of = docs.select("doc_id", "group")
    linked = (
        edge_frame.select(pl.col("doc_a").cast(pl.String()), pl.col("doc_b").cast(pl.String()))
        .join(group_of.rename({"doc_id": "doc_a", "group": "ga"}), on="doc_a")
        .join(group_of.rename({"doc_id": "doc_b", "group": "gb"}), on="doc_b")
        .select("ga", "gb")
    )
    roots = _group_roots(linked.rows())
    cluster = pl.DataFrame(
        {"group": list(roots), "cluster": list(roots.values())}, schema={"group": pl.UInt32(), "cluster": pl.UInt32()}
    )
    docs = docs.join(cluster, on="group", how="left").with_columns(pl.col("cluster").fill_null(pl.col("group")))
    canonical = (
        docs.sort(pl.col("published_at").is_null(), "published_at", "doc_id")
        .group_by("cluster", maintain_order=True)
        .agg(pl.col("doc_id").first().alias("canonical"))
    )
    cluster_ids = canonical.with_columns(
        pl.Series(
            "dup_cluster_id", [content_id("dup_cluster\n" + c) for c in canonical["canonical"]], dtype=pl.String()
        )
    )
    return (
        docs.join(cluster_ids, on="cluster", how="left")
        .sort("i")
        .select(
            "doc_id",
            "dup_cluster_id",
            pl.when(pl.col("doc_id") != pl.col("canonical")).then(pl.col("canonical")).alias("dup_of"),
        )
        .cast(DUPLICATES_SCHEMA)
    )


def _group_roots(edges: list[tuple[int, int]]) -> dict[int, int]:
    """Union-find over the groups near-duplicate edges touch: group -> smallest group of its component."""
    parent: dict[int, int] = {}

    def find(i: int) -> int:
        parent.setdefault(i, i)
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {g: find(g) for g in list(parent)}


def representative_band_keys(docs: pl.DataFrame, **kwargs) -> pl.DataFrame:
    """BAND_KEYS_SCHEMA for documents (doc_id, text, content_hash): exact copies after the first get no bands,
    they are settled by content_hash already."""
    seen: set[str] = set()
    out = []
    for doc_id, text, key in docs.sort("doc_id").select("doc_id", "text", "content_hash").rows():
        key = key or content_hash(text or "")
        out.append((doc_id, None if key in seen else band_keys(text or "", **kwargs)))
        seen.add(key)
    return pl.DataFrame(out, schema=BAND_KEYS_SCHEMA, orient="row")


def mark_duplicates(
    docs: pl.DataFrame,
    *,
    threshold: float = 0.8,
    shingle_size: int = 5,
    num_perm: int = 128,
    seed: int = 1,
) -> pl.DataFrame:
    """Add dup_cluster_id and dup_of to clean documents (input columns + DUPLICATE_COLUMNS, sorted by doc_id)."""
    ordered = docs.sort("doc_id")
    if "content_hash" not in ordered.columns:
        ordered = ordered.with_columns(
            pl.col("text").map_elements(content_hash, return_dtype=pl.String).alias("content_hash")
        )
    bands = representative_band_keys(
        ordered, threshold=threshold, shingle_size=shingle_size, num_perm=num_perm, seed=seed
    )
    texts = dict(ordered.select("doc_id", "text").rows())
    edges = verified_pairs(
        candidate_pairs(bands), lambda ids: {i: texts[i] for i in ids}, threshold=threshold, shingle_size=shingle_size
    )
    keys = ordered.select(
        "doc_id",
        "content_hash",
        (pl.col("published_at") if "published_at" in ordered.columns else pl.lit(None, pl.Datetime("us", "UTC"))).alias(
            "published_at"
        ),
    )
    marks = duplicate_clusters(keys, edges)
    out = ordered.drop([c for c in DUPLICATE_COLUMNS if c in ordered.columns])
    return out.join(marks, on="doc_id", how="left", maintain_order="left")
