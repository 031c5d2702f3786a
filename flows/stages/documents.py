"""Stages 2-3 per unit of a shard: raw records parsed into documents, cleaned, and fingerprinted for the
corpus-wide duplicate and paragraph-repeat stages."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from prefect import task

from flows.work import Unit, WorkDir, read_files, write_frame
from transforms import clean, ingest
from transforms.clean import CLEAN_DOCUMENTS_SCHEMA
from transforms.clean.boilerplate import (
    TEMPLATE_CANDIDATES_SCHEMA,
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


@task
def prepare_unit(work: WorkDir, unit: Unit, max_text_chars: int) -> int:
    """Raw documents, rejects and site-template candidate lines of one unit of input records; returns the
    number of documents."""
    records = pl.read_parquet(work.raw_shard(unit.shard)).slice(unit.start, unit.stop - unit.start)
    raw, rejects = ingest.parse_inputs(records.select(list(INPUT_RECORDS_SCHEMA)), max_text_chars=max_text_chars)
    write_frame(raw, work.unit_file(STAGE, unit, "raw"))
    write_frame(rejects, work.unit_file(STAGE, unit, "rejects"))
    write_frame(template_candidates(raw), work.unit_file(STAGE, unit, "template_candidates"))
    return raw.height


@task
def find_site_templates(work: WorkDir) -> int:
    """tables/template_shapes.parquet: lines that recur across unrelated stories of one site (corpus-wide, on
    the compact candidate rows); returns their number."""
    candidates = read_files(work.unit_files(STAGE, "template_candidates"), TEMPLATE_CANDIDATES_SCHEMA)
    shapes = template_shapes(candidates)
    write_frame(shapes, work.table("template_shapes"))
    return shapes.height


@task
def clean_unit(work: WorkDir, unit: Unit, dedupe: DedupeSettings) -> int:
    """Clean documents and boilerplate of one unit, with their LSH band keys and paragraph fingerprints."""
    raw = read_files([work.unit_file(STAGE, unit, "raw")], ingest.RAW_DOCUMENTS_SCHEMA)
    shapes = read_files([work.table("template_shapes")], TEMPLATE_SHAPES_SCHEMA)
    docs, boilerplate = clean.clean_shard(raw, shapes)
    write_frame(docs, work.unit_file(STAGE, unit, "clean"))
    write_frame(boilerplate, work.unit_file(STAGE, unit, "boilerplate"))
    write_frame(_band_keys(docs, dedupe), work.unit_file(STAGE, unit, "bands"))
    fingerprints = [
        row
        for doc_id, text in docs.select("doc_id", "text").rows()
        for row in paragraph_fingerprints(doc_id, text, min_shared_run=dedupe.min_shared_run)
    ]
    write_frame(pl.DataFrame(fingerprints, schema=FINGERPRINTS_SCHEMA), work.unit_file(STAGE, unit, "paragraphs"))
    return docs.height


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
