"""Stages 2-3 per unit of a shard: raw records parsed into documents, cleaned, and fingerprinted for the
corpus-wide duplicate and paragraph-repeat stages."""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import polars as pl
from prefect import task

from flows.cache import candidates_cache, clean_cache
from flows.work import Unit, WorkDir, read_files, write_frame
from transforms import clean, ingest
from transforms.clean import CLEAN_DOCUMENTS_SCHEMA
from transforms.clean.boilerplate import (
    TEMPLATE_CANDIDATES_SCHEMA,
    TEMPLATE_MAX_WORDS,
    TEMPLATE_SHAPES_SCHEMA,
    template_candidates,
    template_shapes,
)
from transforms.dedupe.near_duplicates import BAND_KEYS_SCHEMA, band_keys
from transforms.dedupe.paragraphs import FINGERPRINTS_SCHEMA, paragraph_fingerprints
from transforms.ingest import INPUT_RECORDS_SCHEMA
from transforms.schemas import TABLES

STAGE = "documents"


@dataclass(frozen=True)
class DedupeSettings:
    threshold: float
    shingle_size: int = 5
    num_perm: int = 128
    min_shared_run: int = 8


@dataclass(frozen=True)
class CleanCacheSettings:
    """Where the clean cache lives and what keys it besides each document: the clean version
    (``versioning.clean_version``) and the dedupe settings (band keys and fingerprints depend on them)."""

    output_dir: Path
    clean_version: str
    full_refresh: bool = False


@dataclass
class CleanCounts:
    n_cleaned: int = 0
    n_from_cache: int = 0

    def add(self, other: CleanCounts) -> None:
        self.n_cleaned += other.n_cleaned
        self.n_from_cache += other.n_from_cache


# What the clean stage writes per unit, one frame each; a cache entry holds one document's rows of each.
_CLEAN_OUTPUTS = ("clean", "boilerplate", "bands", "paragraphs")
# What the candidates cache holds per document (the same entry format, one frame).
_CANDIDATE_OUTPUTS = ("template_candidates",)


@task
def prepare_unit(work: WorkDir, unit: Unit, max_text_chars: int, cache: CleanCacheSettings | None = None) -> int:
    """Raw documents, rejects and site-template candidate lines of one unit of input records; returns the
    number of documents.  The candidate lines come from the candidates cache for documents an earlier run saw
    (their per-line rules were most of an incremental run's documents stage)."""
    records = pl.read_parquet(work.raw_shard(unit.shard)).slice(unit.start, unit.stop - unit.start)
    raw, rejects = ingest.parse_inputs(records.select(list(INPUT_RECORDS_SCHEMA)), max_text_chars=max_text_chars)
    write_frame(raw, work.unit_file(STAGE, unit, "raw"))
    write_frame(rejects, work.unit_file(STAGE, unit, "rejects"))
    write_frame(_template_candidates(raw, cache), work.unit_file(STAGE, unit, "template_candidates"))
    return raw.height


def _template_candidates(raw: pl.DataFrame, cache: CleanCacheSettings | None) -> pl.DataFrame:
    """template_candidates(raw), each document's rows from the candidates cache when present (they depend on
    its doc_id, site and raw text and on the clean code only), the others computed and stored."""
    if cache is None:
        return template_candidates(raw)
    store = candidates_cache(cache.output_dir, clean=cache.clean_version, max_words=TEMPLATE_MAX_WORDS)
    inputs = raw.select("doc_id", "source_name", "raw_text")
    keys = [_candidates_key(row) for row in inputs.rows()]
    parts: list[pl.DataFrame | None] = [
        None if cache.full_refresh else _decode_candidates(store.get(key)) for key in keys
    ]
    missing = [i for i, part in enumerate(parts) if part is None]
    if missing:
        todo = inputs[missing]
        fresh = _per_document({"template_candidates": template_candidates(todo)}, todo["doc_id"].to_list())
        for i in missing:
            entry = fresh[inputs["doc_id"][i]]
            store.put(keys[i], _encode_entry(entry, _CANDIDATE_OUTPUTS))
            parts[i] = entry["template_candidates"]
    # Rows in document order, as template_candidates writes them.
    return pl.concat(parts, how="vertical") if parts else template_candidates(raw)


def _candidates_key(row: tuple) -> str:
    """SHA-256 of what a document's candidate lines depend on: its (doc_id, source_name, raw_text)."""
    return hashlib.sha256(json.dumps(row, ensure_ascii=False).encode("utf-8")).hexdigest()


def _decode_candidates(blob: bytes | None) -> pl.DataFrame | None:
    """A cached entry, or None for a miss (absent, damaged, or not of the candidates' schema)."""
    entry = _decode_entry(blob, _CANDIDATE_OUTPUTS)
    frame = entry["template_candidates"] if entry is not None else None
    return frame if frame is not None and frame.schema == pl.Schema(TEMPLATE_CANDIDATES_SCHEMA) else None


@task
def find_site_templates(work: WorkDir) -> int:
    """tables/template_shapes.parquet: lines that recur across unrelated stories of one site (corpus-wide, on
    the compact candidate rows); returns their number."""
    candidates = read_files(work.unit_files(STAGE, "template_candidates"), TEMPLATE_CANDIDATES_SCHEMA)
    shapes = template_shapes(candidates)
    write_frame(shapes, work.table("template_shapes"))
    return shapes.height


@task
def clean_unit(
    work: WorkDir, unit: Unit, dedupe: DedupeSettings, cache: CleanCacheSettings | None = None
) -> CleanCounts:
    """Clean documents and boilerplate of one unit, with their LSH band keys and paragraph fingerprints.

    Behind a per-document cache: a document's rows depend on its raw row, the clean code and settings, and
    of the corpus-wide template shapes only on those that match its own candidate lines; that set is part
    of its key, so a document added elsewhere re-cleans exactly the documents whose templates it changes.
    """
    raw = read_files([work.unit_file(STAGE, unit, "raw")], ingest.RAW_DOCUMENTS_SCHEMA).sort("doc_id")
    shapes = read_files([work.table("template_shapes")], TEMPLATE_SHAPES_SCHEMA)
    counts = CleanCounts()
    store = clean_cache(cache.output_dir, clean=cache.clean_version, dedupe=asdict(dedupe)) if cache else None
    keys = _entry_keys(raw, _matched_shapes(work, unit, shapes)) if store else {}
    cached: dict[str, dict[str, pl.DataFrame]] = {}
    if store and not cache.full_refresh:
        for doc_id, key in keys.items():
            entry = _decode_entry(store.get(key))
            if entry is not None:
                cached[doc_id] = entry
    todo = raw.filter(~pl.col("doc_id").is_in(list(cached)))
    fresh = _clean_rows(todo, shapes, dedupe)
    counts.n_cleaned, counts.n_from_cache = todo.height, len(cached)
    if store:
        for doc_id, entry in _per_document(fresh, fresh["clean"]["doc_id"].to_list()).items():
            store.put(keys[doc_id], _encode_entry(entry))
    # Rows in the order a plain clean of the unit writes them: documents by doc_id, each one's rows in order.
    order = {doc_id: i for i, doc_id in enumerate(raw["doc_id"].to_list())}
    for name in _CLEAN_OUTPUTS:
        parts = [fresh[name], *(entry[name] for entry in cached.values())]
        frame = pl.concat(parts, how="vertical") if len(parts) > 1 else parts[0]
        frame = (
            frame.with_row_index("__pos")
            .sort(pl.col("doc_id").replace_strict(order, return_dtype=pl.Int64), "__pos", maintain_order=True)
            .drop("__pos")
            if cached
            else frame
        )
        write_frame(frame, work.unit_file(STAGE, unit, name))
    return counts


def _clean_rows(raw: pl.DataFrame, shapes: pl.DataFrame, dedupe: DedupeSettings) -> dict[str, pl.DataFrame]:
    """The four per-document outputs of the clean stage for some raw documents."""
    docs, boilerplate = clean.clean_shard(raw, shapes)
    fingerprints = [
        row
        for doc_id, text in docs.select("doc_id", "text").rows()
        for row in paragraph_fingerprints(doc_id, text, min_shared_run=dedupe.min_shared_run)
    ]
    return {
        "clean": docs,
        "boilerplate": boilerplate,
        "bands": _band_keys(docs, dedupe),
        "paragraphs": pl.DataFrame(fingerprints, schema=FINGERPRINTS_SCHEMA),
    }


def _matched_shapes(work: WorkDir, unit: Unit, shapes: pl.DataFrame) -> dict[str, list[int]]:
    """doc_id -> the sorted template shape hashes of its site that its own candidate lines have."""
    candidates = read_files([work.unit_file(STAGE, unit, "template_candidates")], TEMPLATE_CANDIDATES_SCHEMA)
    matched = (
        candidates.filter(pl.col("kind") == "shape")
        .join(shapes, left_on=["site", "hash"], right_on=["site", "shape_hash"], how="semi", nulls_equal=True)
        .group_by("doc_id")
        .agg(pl.col("hash").unique().sort())
    )
    return dict(matched.rows())


def _entry_keys(raw: pl.DataFrame, matched: dict[str, list[int]]) -> dict[str, str]:
    """doc_id -> cache entry key: SHA-256 of the raw row (every column) and its matched template shapes."""
    keys = {}
    for row in raw.iter_rows(named=True):
        payload = json.dumps(
            [row, matched.get(row["doc_id"], [])], default=str, sort_keys=True, ensure_ascii=False
        ).encode("utf-8")
        keys[row["doc_id"]] = hashlib.sha256(payload).hexdigest()
    return keys


def _per_document(frames: dict[str, pl.DataFrame], doc_ids: list[str]) -> dict[str, dict[str, pl.DataFrame]]:
    """Each document's rows of each output (a document with no rows in an output gets an empty frame)."""
    by_doc: dict[str, dict[str, pl.DataFrame]] = {doc_id: {} for doc_id in doc_ids}
    for name, frame in frames.items():
        parts = frame.partition_by("doc_id", as_dict=True, maintain_order=True) if frame.height else {}
        for doc_id, entry in by_doc.items():
            entry[name] = parts.get((doc_id,), frame.clear())
    return by_doc


def _encode_entry(entry: dict[str, pl.DataFrame], names: tuple[str, ...] = _CLEAN_OUTPUTS) -> bytes:
    """One document's frames as Arrow IPC streams, each behind its 8-byte length (types kept exactly)."""
    out = io.BytesIO()
    for name in names:
        buffer = io.BytesIO()
        entry[name].write_ipc_stream(buffer)
        data = buffer.getvalue()
        out.write(len(data).to_bytes(8, "little"))
        out.write(data)
    return out.getvalue()


def _decode_entry(blob: bytes | None, names: tuple[str, ...] = _CLEAN_OUTPUTS) -> dict[str, pl.DataFrame] | None:
    """A cached entry, or None for a miss (absent or damaged: a cache entry is never trusted blindly)."""
    if blob is None:
        return None
    entry, pos = {}, 0
    try:
        for name in names:
            size = int.from_bytes(blob[pos : pos + 8], "little")
            chunk = blob[pos + 8 : pos + 8 + size]
            if size == 0 or len(chunk) != size:
                return None
            entry[name] = pl.read_ipc_stream(io.BytesIO(chunk))
            pos += 8 + size
    except Exception:  # Arrow raises several types on damaged bytes
        return None
    return entry if pos == len(blob) else None


def _band_keys(docs: pl.DataFrame, dedupe: DedupeSettings) -> pl.DataFrame:
    # Every document gets its keys here; exact copies are settled corpus-wide by content_hash (their bands are
    # dropped there, so they add no candidate pairs).
    rows = [
        (
            doc_id,
            band_keys(
                text or "",
                threshold=dedupe.threshold,
                shingle_size=dedupe.shingle_size,
                num_perm=dedupe.num_perm,
            ),
        )
        for doc_id, text in docs.select("doc_id", "text").rows()
    ]
    return pl.DataFrame(rows, schema=BAND_KEYS_SCHEMA, orient="row")


def clean_documents(work: WorkDir) -> pl.LazyFrame:
    return (
        pl.scan_parquet([str(p) for p in work.unit_files(STAGE, "clean")])
        if work.unit_files(STAGE, "clean")
        else pl.LazyFrame(schema=CLEAN_DOCUMENTS_SCHEMA)
    )


def rejects(work: WorkDir) -> pl.DataFrame:
    return read_files(work.unit_files(STAGE, "rejects"), TABLES["rejects"].schema)
