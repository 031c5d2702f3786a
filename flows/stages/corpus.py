"""Stage 3, corpus-wide on compact tables: near-duplicate clusters and paragraph repeats.

Both read the unit files of the documents stage a column or two at a time and keep integer keys (document
and paragraph positions, 64-bit hashes) rather than strings or Python objects; texts are read again only
for the candidate pairs of near-duplicates.  The decisions are the pure functions of transforms.dedupe.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from prefect import task

from flows.stages.documents import STAGE, DedupeSettings
from flows.work import FrameWriter, WorkDir, scan_files, write_frame
from transforms.dedupe.near_duplicates import (
    DOCUMENT_KEYS_SCHEMA,
    candidate_index_pairs,
    duplicate_clusters,
    verified_pairs,
)
from transforms.dedupe.paragraphs import (
    DOCUMENT_ORDER_SCHEMA,
    MAX_RUN_SOURCES,
    SharedRunFilter,
    chain_roots,
    containment_targets,
    document_ranks,
    exact_firsts,
    hash_codes,
    paragraph_rows,
    positions,
    run_pairs,
)
from transforms.schemas import TABLES


def document_keys(work: WorkDir) -> pl.DataFrame:
    """doc_id, content_hash, published_at of every clean document (the keys of both corpus stages)."""
    return scan_files(work.unit_files(STAGE, "clean"), DOCUMENT_KEYS_SCHEMA).collect()


# --- near duplicates -------------------------------------------------------------------------------------


@task
def find_duplicates(work: WorkDir, dedupe: DedupeSettings) -> int:
    """tables/duplicates.parquet (doc_id, dup_cluster_id, dup_of); returns the number of near-duplicate pairs."""
    keys = document_keys(work)
    doc_ids = keys.select(pl.col("doc_id").sort())["doc_id"]
    index = pl.DataFrame({"doc_id": doc_ids}).with_row_index("doc")
    # Exact copies after the first (by doc_id) are settled by content_hash: only representatives get LSH bands.
    representatives = keys.sort("doc_id").unique("content_hash", keep="first").select("doc_id")
    bands = (
        scan_files(work.unit_files(STAGE, "bands"), {"doc_id": pl.String(), "bands": pl.List(pl.UInt64())})
        .join(representatives.lazy(), on="doc_id", how="semi")
        .join(index.lazy(), on="doc_id")
        .select("doc", "bands")
        .collect()
    )
    pairs = candidate_index_pairs(bands)
    del bands
    candidates = pl.DataFrame({"doc_a": doc_ids.gather(pairs["a"]), "doc_b": doc_ids.gather(pairs["b"])})
    edges = verified_pairs(
        candidates, _candidate_texts(work, candidates), threshold=dedupe.threshold, shingle_size=dedupe.shingle_size
    )
    write_frame(duplicate_clusters(keys, edges), work.table("duplicates"))
    return len(edges)


def _candidate_texts(work: WorkDir, candidates: pl.DataFrame):
    """text_of(doc_ids) for verified_pairs: the texts of every candidate, read in one pass over the units."""
    wanted = pa.array(pl.concat([candidates["doc_a"], candidates["doc_b"]]).unique().to_list(), pa.string())
    # One unit file at a time (a lazy scan over all of them decodes every text first), filtered by Arrow, which
    # copies the kept texts: a polars filter would keep views into each file's whole text buffer alive.
    parts = []
    for path in work.unit_files(STAGE, "clean") if candidates.height else []:
        table = pq.read_table(path, columns=["doc_id", "text"])
        parts.append(pl.from_arrow(table.filter(pc.is_in(table["doc_id"], value_set=wanted))))
    texts = pl.concat(parts) if parts else pl.DataFrame(schema={"doc_id": pl.String(), "text": pl.String()})

    def text_of(doc_ids) -> dict[str, str]:
        return dict(texts.filter(pl.col("doc_id").is_in(pl.Series(list(doc_ids), dtype=pl.String()).implode())).rows())

    return text_of


# --- paragraph repeats -----------------------------------------------------------------------------------


class _Paragraphs:
    """Every paragraph as a row number in unit-file order, with integer arrays indexed by that row: its
    position in canonical order, the position of the first paragraph with its text, its document's code."""

    def __init__(self, work: WorkDir):
        self.files = work.unit_files(STAGE, "paragraphs")
        order = document_keys(work).select(list(DOCUMENT_ORDER_SCHEMA))
        self.doc_ids = order["doc_id"].sort()
        rank_of_code = (
            pl.DataFrame({"doc_id": self.doc_ids}).join(document_ranks(order), on="doc_id", maintain_order="left")
        )["rank"].to_numpy()
        codes, para_idx, hashes, counts = [], [], [], []
        for path in self.files:
            unit = pl.read_parquet(path, columns=["doc_id", "para_idx", "para_hash"])
            code = self.doc_ids.search_sorted(unit["doc_id"]).to_numpy().astype(np.uint32)
            if unit.height and not self.doc_ids.gather(np.minimum(code, len(self.doc_ids) - 1)).equals(unit["doc_id"]):
                raise ValueError(f"{path}: paragraphs of documents that are not among the clean documents")
            codes.append(code)
            para_idx.append(unit["para_idx"].to_numpy())
            hashes.append(hash_codes(unit["para_hash"]))
            counts.append(unit.height)
        self.offsets = np.r_[0, np.cumsum(counts)].astype(np.int64)
        self.doc_code = np.concatenate(codes) if codes else np.empty(0, np.uint32)
        self.pos = positions(rank_of_code[self.doc_code], np.concatenate(para_idx) if para_idx else np.empty(0))
        self.first = exact_firsts(np.concatenate(hashes) if hashes else np.empty(0, np.uint64), self.pos)
        self.n = len(self.pos)

    def rows(self, i: int) -> slice:
        return slice(int(self.offsets[i]), int(self.offsets[i + 1]))

    def lists(self, i: int, column: str, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(positions repeated per element, flat values) of a list column for the unit's rows where keep."""
        lists = pq.read_table(self.files[i], columns=[column]).column(column).combine_chunks()
        lists = lists.filter(pa.array(keep))
        counts = pc.list_value_length(lists).fill_null(0).to_numpy(zero_copy_only=False)
        values = pc.list_flatten(lists).to_numpy(zero_copy_only=False)
        return np.repeat(self.pos[self.rows(i)][keep], counts), values


@task
def find_paragraph_repeats(work: WorkDir, *, max_run_sources: int = MAX_RUN_SOURCES) -> int:
    """tables/paragraphs.parquet; returns the number of paragraphs.

    Passes over the unit files: paragraph positions and exact copies (three narrow columns); the runs of
    first occurrences through ``SharedRunFilter`` (low 32 bits only), then again for the runs that passed
    (exact 64-bit pairs); the word lists of the paragraphs in candidate pairs; last, each unit's rows with
    the document its chain of repeats starts in.
    """
    paras = _Paragraphs(work)
    if not paras.n:
        write_frame(TABLES["paragraphs"].empty(), work.table("paragraphs"))
        return 0
    pairs = _run_pairs(paras, max_run_sources)
    involved = np.zeros(paras.n, dtype=bool)
    involved[pairs["pos"].to_numpy()] = True
    involved[pairs["pos_j"].to_numpy()] = True
    vocab = _vocab_of(paras, involved)
    exact = pl.DataFrame({"pos": paras.pos, "target": paras.first}).filter(pl.col("target") < pl.col("pos"))
    targets = pl.concat([exact, containment_targets(pairs, vocab, batch_pairs=CONTAINMENT_BATCH_PAIRS)])
    del pairs, vocab
    root = chain_roots(paras.n, targets)
    return _write_paragraphs(work, paras, root)


# Candidate pairs scored at a time: each carries both paragraphs' word lists (about 600 bytes a pair while
# joined), so 50,000 keep the scoring near 100 MB (transforms.dedupe's default, 200,000, is for small corpora).
CONTAINMENT_BATCH_PAIRS = 50_000
# Run rows (pos, run) per bucket of run_pairs: its sort, rank and partner lists cost some 700 bytes a row, so
# buckets of this many rows keep each join near 200 MB (8 buckets at least).  At most 64: every unit file adds
# one frame per bucket, and a million-article corpus has 1,000 units (the cap is reached at 16 M run rows).
RUN_ROWS_PER_BUCKET = 250_000
MAX_BUCKET_BITS = 6


def _run_pairs(paras: _Paragraphs, max_run_sources: int) -> pl.DataFrame:
    firsts = [paras.first[paras.rows(i)] == paras.pos[paras.rows(i)] for i in range(len(paras.files))]
    runs_filter = SharedRunFilter()
    n_runs = 0
    for i, keep in enumerate(firsts):
        runs = paras.lists(i, "runs", keep)[1]
        runs_filter.add(runs)
        n_runs += len(runs)
    runs_filter.finish()
    # Runs that passed, bucketed by their top bits: pairs never cross buckets, so each is joined alone.
    bits = min(MAX_BUCKET_BITS, max(3, int(np.ceil(np.log2(max(1, n_runs / RUN_ROWS_PER_BUCKET))))))
    buckets: list[list[pl.DataFrame]] = [[] for _ in range(1 << bits)]
    for i, keep in enumerate(firsts):
        pos, runs = paras.lists(i, "runs", keep)
        shared = runs_filter.may_be_shared(runs)
        runs = runs[shared]
        bucket = (runs >> np.uint64(64 - bits)).astype(np.uint32)
        rows = pl.DataFrame({"pos": pos[shared].astype(np.uint32), "run": runs, "bucket": bucket})
        for (bucket,), part in rows.partition_by("bucket", as_dict=True, include_key=False).items():
            buckets[bucket].append(part)
    del runs_filter
    # The same two paragraphs share runs of many buckets: each bucket's pairs are merged into one set of
    # distinct pairs as they come, never all buckets' pairs at once (ten times the distinct ones).
    pairs = DistinctPairs()
    while buckets:
        parts = buckets.pop()
        if parts:
            pairs.add(run_pairs(pl.concat(parts), max_run_sources=max_run_sources))
    return pairs.frame()


class DistinctPairs:
    """Distinct (pos, pos_j) pairs of paragraph positions, added a frame at a time, kept as sorted 64-bit keys.

    Added keys wait until they are as many as the distinct keys merged so far, then are merged with them, so
    the merges cost a constant factor over one sort and only the distinct pairs plus one batch are alive.
    """

    def __init__(self):
        self._merged = np.empty(0, dtype=np.uint64)
        self._pending: list[np.ndarray] = []
        self._pending_size = 0

    def add(self, pairs: pl.DataFrame) -> None:
        keys = (pairs["pos"].cast(pl.UInt64()).to_numpy() << np.uint64(32)) | pairs["pos_j"].cast(
            pl.UInt64()
        ).to_numpy()
        self._pending.append(keys)
        self._pending_size += len(keys)
        if self._pending_size > max(len(self._merged), 1 << 20):
            self._merge()

    def _merge(self) -> None:
        self._merged = np.unique(np.concatenate([self._merged, *self._pending]))
        self._pending, self._pending_size = [], 0

    def frame(self) -> pl.DataFrame:
        self._merge()
        return pl.DataFrame(
            {
                "pos": (self._merged >> np.uint64(32)).astype(np.uint32),
                "pos_j": (self._merged & np.uint64(0xFFFFFFFF)).astype(np.uint32),
            }
        )


def _vocab_of(paras: _Paragraphs, involved: np.ndarray) -> pl.DataFrame:
    parts = []
    for i in range(len(paras.files)):
        keep = involved[paras.pos[paras.rows(i)]]
        if keep.any():
            table = pq.read_table(paras.files[i], columns=["vocab"]).filter(pa.array(keep))
            parts.append(pl.from_arrow(table).with_columns(pl.Series("pos", paras.pos[paras.rows(i)][keep])))
    return pl.concat(parts) if parts else pl.DataFrame(schema={"vocab": pl.List(pl.UInt64()), "pos": pl.UInt32()})


_ROW_COLUMNS = {
    "doc_id": pl.String(),
    "para_idx": pl.Int64(),
    "char_start": pl.Int64(),
    "char_end": pl.Int64(),
    "para_hash": pl.String(),
}


def _write_paragraphs(work: WorkDir, paras: _Paragraphs, root: np.ndarray) -> int:
    """Each unit's paragraphs with the document its chain starts in, appended to tables/paragraphs.parquet."""
    doc_at = np.empty(paras.n, dtype=np.uint32)
    doc_at[paras.pos] = paras.doc_code
    with FrameWriter(work.table("paragraphs"), TABLES["paragraphs"].schema) as table:
        for i, path in enumerate(paras.files):
            rows = pl.read_parquet(path, columns=list(_ROW_COLUMNS))
            table.write(paragraph_rows(rows, paras.doc_ids.gather(doc_at[root[paras.pos[paras.rows(i)]]])))
    return paras.n
