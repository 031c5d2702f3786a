"""Stage 3, corpus-wide on compact tables: near-duplicate clusters and paragraph repeats.

Both read the unit files of the documents stage a column or two at a time and keep integer keys (document
and paragraph positions, 64-bit hashes) rather than strings or Python objects; texts are read again only
for the candidate pairs of near-duplicates.  The decisions are the pure functions of transforms.dedupe.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from prefect import task

from flows.cache import dedupe_cache
from flows.stages.documents import STAGE, CleanCacheSettings, DedupeSettings
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
from transforms.dedupe.repeat_index import repairing_rows, stale_holders
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
        # Where the run rows wait between the pass that buckets them and the joins (one bucket read at a time).
        self.spill = work.root / "duplicates" / "runs"
        order = document_keys(work).select(list(DOCUMENT_ORDER_SCHEMA))
        self.doc_ids = order["doc_id"].sort()
        rank_of_code = (
            pl.DataFrame({"doc_id": self.doc_ids}).join(document_ranks(order), on="doc_id", maintain_order="left")
        )["rank"].to_numpy()
        self.published_at = (
            pl.DataFrame({"doc_id": self.doc_ids}).join(order, on="doc_id", how="left", maintain_order="left")
        )["published_at"]
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
        self.para_idx = np.concatenate(para_idx) if para_idx else np.empty(0, np.int64)
        self.hash = np.concatenate(hashes) if hashes else np.empty(0, np.uint64)
        self.pos = positions(rank_of_code[self.doc_code], self.para_idx)
        self.first = exact_firsts(self.hash, self.pos)
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
def find_paragraph_repeats(
    work: WorkDir, *, max_run_sources: int = MAX_RUN_SOURCES, index: RepeatIndex | None = None
) -> int:
    """tables/paragraphs.parquet; returns the number of paragraphs.

    Passes over the unit files: paragraph positions and exact copies (three narrow columns); the runs of
    first occurrences through ``SharedRunFilter`` (low 32 bits only), then again for the runs that passed
    (exact 64-bit pairs); the word lists of the paragraphs in candidate pairs; last, each unit's rows with
    the document its chain of repeats starts in.

    With ``index`` (the previous run's reworded-repeat targets, kept in the cache), a corpus that only
    grew pairs and scores just the paragraphs whose partners changed (``transforms.dedupe.repeat_index``);
    any other corpus takes the full passes.  Either way the index is rewritten for the next run.
    """
    paras = _Paragraphs(work)
    if not paras.n:
        write_frame(TABLES["paragraphs"].empty(), work.table("paragraphs"))
        return 0
    current = _paragraph_keys(paras)
    previous = index.load() if index else None
    reworded = _grown_targets(paras, current, previous, max_run_sources) if previous is not None else None
    if reworded is None:
        reworded = _reworded_targets(paras, max_run_sources)
    if index:
        index.save(_index_rows(current, reworded))
    exact = pl.DataFrame({"pos": paras.pos, "target": paras.first}).filter(pl.col("target") < pl.col("pos"))
    root = chain_roots(paras.n, pl.concat([exact.cast(reworded.schema), reworded]))
    return _write_paragraphs(work, paras, root)


def _reworded_targets(paras: _Paragraphs, max_run_sources: int) -> pl.DataFrame:
    """(pos, target) of every first occurrence that rewords an earlier one: the full passes."""
    pairs = _run_pairs(paras, max_run_sources)
    return _scored(paras, pairs)


def _scored(paras: _Paragraphs, pairs: pl.DataFrame) -> pl.DataFrame:
    involved = np.zeros(paras.n, dtype=bool)
    involved[pairs["pos"].to_numpy()] = True
    involved[pairs["pos_j"].to_numpy()] = True
    vocab = _vocab_of(paras, involved)
    return containment_targets(pairs, vocab, batch_pairs=CONTAINMENT_BATCH_PAIRS)


# --- the repeat index: the previous run's targets, so a grown corpus re-pairs only what changed ---------------

REPEAT_INDEX_SCHEMA = {
    "doc_id": pl.String(),
    "published_at": pl.Datetime("us", "UTC"),
    "para_idx": pl.Int64(),
    "para_hash": pl.UInt64(),
    "target_doc_id": pl.String(),
    "target_para_idx": pl.Int64(),
}
_PARAGRAPH_KEY = ["doc_id", "published_at", "para_idx", "para_hash"]


@dataclass(frozen=True)
class RepeatIndex:
    """The file holding, for every paragraph of the previous run's corpus, what places it in canonical
    order, its text's hash and its reworded-repeat target (null when none), under a cache key of the
    dedupe code and settings (``flows.cache.dedupe_cache``)."""

    path: Path
    read: bool = True  # False under --full-refresh: the full passes, and the index written afresh

    def load(self) -> pl.DataFrame | None:
        if not self.read:
            return None
        try:
            frame = pl.read_parquet(self.path)
        except Exception:  # absent or damaged: the full passes, never a failed run
            return None
        return frame if dict(frame.schema) == REPEAT_INDEX_SCHEMA else None

    def save(self, frame: pl.DataFrame) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        os.close(fd)
        try:
            frame.write_parquet(tmp)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def repeat_index(cache: CleanCacheSettings, dedupe: DedupeSettings, *, max_run_sources: int = MAX_RUN_SOURCES):
    """The flow's repeat index: in the dedupe cache under the clean version and dedupe settings (both decide
    fingerprints and targets), one file per cap on run sources."""
    store = dedupe_cache(cache.output_dir, clean=cache.clean_version, dedupe=asdict(dedupe))
    return RepeatIndex(store.directory / f"paragraph_repeats-{max_run_sources}.parquet", read=not cache.full_refresh)


def _paragraph_keys(paras: _Paragraphs) -> pl.DataFrame:
    """Per paragraph row: its key columns (REPEAT_INDEX_SCHEMA's first four) and its position."""
    return pl.DataFrame(
        {
            "doc_id": paras.doc_ids.gather(paras.doc_code),
            "published_at": paras.published_at.gather(paras.doc_code),
            "para_idx": paras.para_idx.astype(np.int64),
            "para_hash": paras.hash,
            "pos": paras.pos,
        }
    ).cast({k: v for k, v in REPEAT_INDEX_SCHEMA.items() if k in _PARAGRAPH_KEY})


def _index_rows(current: pl.DataFrame, reworded: pl.DataFrame) -> pl.DataFrame:
    at = current.select(
        pl.col("pos").alias("target"),
        pl.col("doc_id").alias("target_doc_id"),
        pl.col("para_idx").alias("target_para_idx"),
    )
    targets = reworded.join(at, on="target").select("pos", "target_doc_id", "target_para_idx")
    return (
        current.join(targets, on="pos", how="left")
        .sort("doc_id", "para_idx")
        .select(list(REPEAT_INDEX_SCHEMA))
        .cast(REPEAT_INDEX_SCHEMA)
    )


def _grown_targets(
    paras: _Paragraphs, current: pl.DataFrame, previous: pl.DataFrame, max_run_sources: int
) -> pl.DataFrame | None:
    """(pos, target) of reworded repeats from the previous run's index, or None when the corpus did not only
    grow (a paragraph of the previous corpus is gone or changed, or a document's publication time changed:
    then the full passes decide)."""
    known = current.join(
        previous.with_columns(pl.lit(True).alias("known")), on=_PARAGRAPH_KEY, how="left", nulls_equal=True
    )
    if known["known"].sum() != previous.height:
        return None
    is_old = np.zeros(paras.n, dtype=bool)
    is_old[known.filter(pl.col("known"))["pos"].to_numpy()] = True
    kept = _kept_targets(known)
    if is_old.all():
        return kept
    # First occurrences now and in the previous corpus (the exact copies among its paragraphs alone).
    first_now = np.zeros(paras.n, dtype=bool)
    first_now[paras.pos] = paras.first == paras.pos
    old_rows = np.flatnonzero(is_old[paras.pos])
    first_before = np.zeros(paras.n, dtype=bool)
    old_first = exact_firsts(paras.hash[old_rows], paras.pos[old_rows])
    first_before[paras.pos[old_rows][old_first == paras.pos[old_rows]]] = True
    # Two passes over the run buckets: which paragraphs must be paired again (a change in any of their runs),
    # then their pairs.
    holds = first_now[paras.pos] | first_before[paras.pos]
    repair = first_now & ~first_before
    found = DistinctPairs()
    with _run_buckets(paras, holds) as buckets:
        for rows in buckets:
            holders = _holders(rows, first_now, first_before, max_run_sources)
            repair[holders.filter("stale")["pos"].to_numpy()] = True
        for rows in buckets:
            holders = _holders(rows, first_now, first_before, max_run_sources)
            rows = repairing_rows(holders, repair, max_run_sources=max_run_sources)
            pairs = run_pairs(rows, max_run_sources=max_run_sources)
            found.add(pairs.filter(pl.Series(repair[pairs["pos"].to_numpy()])))
    pairs = found.frame()
    repaired = _scored(paras, pairs)
    keep = first_now & first_before & ~repair
    kept = kept.filter(pl.Series(keep[kept["pos"].to_numpy()]))
    return pl.concat([kept, repaired]).sort("pos")


def _kept_targets(known: pl.DataFrame) -> pl.DataFrame:
    """(pos, target) of the previous corpus's reworded repeats, at their current positions."""
    at = known.select(
        pl.col("doc_id").alias("target_doc_id"), pl.col("para_idx").alias("target_para_idx"), pl.col("pos").alias("t")
    )
    return (
        known.filter(pl.col("known") & pl.col("target_doc_id").is_not_null())
        .join(at, on=["target_doc_id", "target_para_idx"])
        .select(pl.col("pos").cast(pl.UInt32()), pl.col("t").cast(pl.UInt32()).alias("target"))
    )


def _holders(rows: pl.DataFrame, first_now: np.ndarray, first_before: np.ndarray, max_run_sources: int):
    """stale_holders of one bucket's run rows (pos, run)."""
    pos = rows["pos"].to_numpy()
    runs = rows["run"].to_numpy()
    return stale_holders(runs, pos, first_now[pos], first_before[pos], max_run_sources=max_run_sources)


# Candidate pairs scored at a time: each carries both paragraphs' word lists (about 600 bytes a pair while
# joined), so 20,000 keep the scoring near 40 MB (transforms.dedupe's default, 200,000, is for small corpora).
CONTAINMENT_BATCH_PAIRS = 20_000
# Run rows (pos, run) per bucket of run_pairs: its sort, rank and partner lists cost some 700 bytes a row, so
# buckets of this many rows keep each join near 50 MB (8 buckets at least, so a 1,000-article corpus's buckets
# are as large as a 20,000-article one's).  Buckets wait in files (``_RunBuckets``), one read at a time, so
# memory does not grow with the corpus; at most 2 ** MAX_BUCKET_BITS files are open while they are written.
RUN_ROWS_PER_BUCKET = 60_000
MAX_BUCKET_BITS = 9
# Run rows held before they are written to their buckets (``_RunBuckets.add``): 16 bytes a row (pos, run,
# bucket) plus a sorted copy, some 64 MB.
RUN_ROWS_PER_FLUSH = 2_000_000


def _run_pairs(paras: _Paragraphs, max_run_sources: int) -> pl.DataFrame:
    # The same two paragraphs share runs of many buckets: each bucket's pairs are merged into one set of
    # distinct pairs as they come, never all buckets' pairs at once (ten times the distinct ones).
    pairs = DistinctPairs()
    with _run_buckets(paras, paras.first == paras.pos) as buckets:
        for rows in buckets:
            pairs.add(run_pairs(rows, max_run_sources=max_run_sources))
    return pairs.frame()


def _run_buckets(paras: _Paragraphs, holds: np.ndarray) -> _RunBuckets:
    """Run rows (pos, run) of the paragraph rows where ``holds`` (row order) whose run another of them holds
    too, bucketed by the run's top bits: pairs never cross buckets, so each is joined alone."""
    keeps = [holds[paras.rows(i)] for i in range(len(paras.files))]
    runs_filter = SharedRunFilter()
    n_runs = 0
    for i, keep in enumerate(keeps):
        runs = paras.lists(i, "runs", keep)[1]
        runs_filter.add(runs)
        n_runs += len(runs)
    runs_filter.finish()
    bits = min(MAX_BUCKET_BITS, max(3, int(np.ceil(np.log2(max(1, n_runs / RUN_ROWS_PER_BUCKET))))))
    buckets = _RunBuckets(paras.spill, 1 << bits)
    try:
        for i, keep in enumerate(keeps):
            pos, runs = paras.lists(i, "runs", keep)
            shared = runs_filter.may_be_shared(runs)
            runs = runs[shared]
            buckets.add(pos[shared].astype(np.uint32), runs, (runs >> np.uint64(64 - bits)).astype(np.uint32))
        buckets.close_writers()
    except BaseException:
        buckets.remove()
        raise
    return buckets


class _RunBuckets:
    """Run rows (pos, run) by bucket, written to one Arrow stream file per bucket as each unit file is read,
    then read back one bucket at a time (iterating yields each non-empty bucket's rows, in bucket order, as
    often as asked).  Held in memory, every bucket of a 20,000-article corpus (8.8 M rows) was some 200 MB
    of the duplicates stage's peak, and a 1,000-article corpus's one twentieth of that."""

    _SCHEMA = pa.schema([("pos", pa.uint32()), ("run", pa.uint64())])

    def __init__(self, folder: Path, n: int, *, flush_rows: int = RUN_ROWS_PER_FLUSH):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.n = n
        self.flush_rows = flush_rows
        self._writers: dict[int, pa.ipc.RecordBatchStreamWriter | None] = {}
        self._pending: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self._pending_rows = 0

    def add(self, pos: np.ndarray, runs: np.ndarray, bucket: np.ndarray) -> None:
        """Rows (pos, run) with their buckets, kept until ``flush_rows`` are pending, then written bucket by
        bucket: one write per bucket and flush, not per bucket and unit file (at 100,000 articles 51,200
        small frames converted and written one by one were most of the pass)."""
        self._pending.append((pos, runs, bucket))
        self._pending_rows += len(pos)
        if self._pending_rows >= self.flush_rows:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        pos, runs, bucket = (np.concatenate(column) for column in zip(*self._pending, strict=True))
        self._pending, self._pending_rows = [], 0
        if not len(bucket):
            return
        order = np.argsort(bucket, kind="stable")
        pos, runs, bucket = pos[order], runs[order], bucket[order]
        starts = np.flatnonzero(np.r_[True, bucket[1:] != bucket[:-1]])
        for start, stop in zip(starts, np.r_[starts[1:], len(bucket)], strict=True):
            batch = pa.RecordBatch.from_arrays(
                [pa.array(pos[start:stop]), pa.array(runs[start:stop])], schema=self._SCHEMA
            )
            self._writer(int(bucket[start])).write_batch(batch)

    def _writer(self, bucket: int) -> pa.ipc.RecordBatchStreamWriter:
        writer = self._writers.get(bucket)
        if writer is None:  # the first rows of this bucket (writing after close_writers is not supported)
            writer = self._writers[bucket] = pa.ipc.new_stream(str(self._path(bucket)), self._SCHEMA)
        return writer

    def _path(self, bucket: int) -> Path:
        return self.folder / f"{bucket:04d}.arrow"

    def write(self, bucket: int, rows: pl.DataFrame) -> None:
        self._flush()  # rows added before come first
        self._writer(bucket).write_table(rows.select("pos", "run").to_arrow().cast(self._SCHEMA))

    def close_writers(self) -> None:
        self._flush()
        for writer in self._writers.values():
            if writer is not None:
                writer.close()
        self._writers = dict.fromkeys(self._writers)  # the buckets written stay known, their writers closed

    def __iter__(self):
        for bucket in range(self.n):
            path = self._path(bucket)
            if bucket in self._writers and path.exists():
                with pa.ipc.open_stream(str(path)) as reader:
                    table = reader.read_all()
                if table.num_rows:
                    yield pl.from_arrow(table).rechunk()

    def remove(self) -> None:
        self._pending, self._pending_rows = [], 0  # rows not yet written are dropped with the files
        self.close_writers()
        for bucket in self._writers:
            self._path(bucket).unlink(missing_ok=True)
        self._writers = {}

    def __enter__(self) -> _RunBuckets:
        return self

    def __exit__(self, *exc) -> None:
        self.remove()


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
        # Sort and drop repeats by hand: numpy 2's np.unique on integers builds a hash table first, which on
        # tens of millions of keys cost most of this stage (profiled at 20,000 articles).
        keys = np.concatenate([self._merged, *self._pending])
        keys.sort()
        self._merged = keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys
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
