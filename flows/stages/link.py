"""Stage 6, corpus-wide on compact rows: canonical entities, quote speakers, events across documents."""

from __future__ import annotations

import polars as pl
from prefect import task

from flows.stages.documents import STAGE as DOCUMENTS_STAGE
from flows.stages.nlp import extracted
from flows.work import WorkDir, read_files, scan_files, write_frame
from transforms.link import link_extracted

LINKED_TABLES = ("entities", "entity_mentions", "quotes", "events", "event_mentions")
_DOCUMENT_KEYS = {"doc_id": pl.String(), "published_at": pl.Datetime("us", "UTC"), "published_precision": pl.String()}
_PARAGRAPH_KEYS = {"doc_id": pl.String(), "first_doc_id": pl.String(), "is_repeat": pl.Boolean()}


@task
def link_corpus(work: WorkDir) -> dict[str, int]:
    """tables/<name>.parquet for the linked tables; returns their row counts."""
    documents = (
        scan_files(work.unit_files(DOCUMENTS_STAGE, "clean"), _DOCUMENT_KEYS)
        .join(pl.scan_parquet(work.table("duplicates")), on="doc_id", how="left")
        .collect()
    )
    paragraphs = read_files([work.table("paragraphs")], _PARAGRAPH_KEYS)
    tables = link_extracted(
        {name: extracted(work, name) for name in ("mentions", "quotes", "events")}, documents, paragraphs
    )
    for name in LINKED_TABLES:
        write_frame(tables[name], work.table(name))
    write_frame(extracted(work, "sentences"), work.table("sentences"))
    return {name: tables[name].height for name in LINKED_TABLES}


def linked(work: WorkDir, name: str, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return read_files([work.table(name)], schema)
