"""Stage 3, corpus-wide on compact tables: near-duplicate clusters and paragraph repeats."""

from __future__ import annotations

import polars as pl
from prefect import task

from flows.stages.documents import STAGE, DedupeSettings
from flows.work import WorkDir, read_files, scan_files, write_frame
from transforms.dedupe.near_duplicates import (
    BAND_KEYS_SCHEMA,
    DOCUMENT_KEYS_SCHEMA,
    candidate_pairs,
    duplicate_clusters,
    verified_pairs,
)
from transforms.dedupe.paragraphs import DOCUMENT_ORDER_SCHEMA, FINGERPRINTS_SCHEMA, mark_repeats


def document_keys(work: WorkDir) -> pl.DataFrame:
    """doc_id, content_hash, published_at of every clean document (the keys of both corpus stages)."""
    return scan_files(work.unit_files(STAGE, "clean"), DOCUMENT_KEYS_SCHEMA).collect()


def _texts_of(work: WorkDir):
    files = work.unit_files(STAGE, "clean")

    def text_of(doc_ids) -> dict[str, str]:
        wanted = pl.Series(list(doc_ids), dtype=pl.String())
        found = scan_files(files, {"doc_id": pl.String(), "text": pl.String()}).filter(pl.col("doc_id").is_in(wanted))
        return dict(found.collect().rows())

    return text_of


@task
def find_duplicates(work: WorkDir, dedupe: DedupeSettings) -> int:
    """tables/duplicates.parquet (doc_id, dup_cluster_id, dup_of); returns the number of near-duplicate pairs."""
    keys = document_keys(work)
    # Exact copies after the first (by doc_id) are settled by content_hash: only representatives get LSH bands.
    representatives = keys.sort("doc_id").unique("content_hash", keep="first").select("doc_id")
    bands = read_files(work.unit_files(STAGE, "bands"), BAND_KEYS_SCHEMA).join(representatives, on="doc_id")
    edges = verified_pairs(
        candidate_pairs(bands), _texts_of(work), threshold=dedupe.threshold, shingle_size=dedupe.shingle_size
    )
    write_frame(duplicate_clusters(keys, edges), work.table("duplicates"))
    return len(edges)


@task
def find_paragraph_repeats(work: WorkDir) -> int:
    """tables/paragraphs.parquet; returns the number of paragraphs."""
    fingerprints = read_files(work.unit_files(STAGE, "paragraphs"), FINGERPRINTS_SCHEMA)
    order = document_keys(work).select(list(DOCUMENT_ORDER_SCHEMA))
    paragraphs = mark_repeats(fingerprints, order)
    write_frame(paragraphs, work.table("paragraphs"))
    return paragraphs.height
