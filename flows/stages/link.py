"""Stage 6, corpus-wide on compact rows: canonical entities, quote speakers, events across documents.

Entities run as passes over partitions of the extract units (whole documents, at most ``PARTITION_ROWS``
mentions each) with small corpus-wide decisions between them (transforms.link.entities); entity_mentions
and quotes are appended to tables/<name>.parquet a partition at a time, so no corpus-sized frame is built.  Events are clustered by transforms.link.events.link_events from the mentions
and entities it can look up (see ``link_events_stage``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
from prefect import task

from flows.stages.documents import STAGE as DOCUMENTS_STAGE
from flows.stages.nlp import STAGE as EXTRACT_STAGE
from flows.stages.nlp import extracted
from flows.work import FrameWriter, WorkDir, combine_files, read_files, scan_files, write_frame
from transforms.extract.document import EXTRACTED_SCHEMAS
from transforms.extract.events.roles import is_country_name
from transforms.link.entities import (
    ASSIGNED_SCHEMA,
    PLACE_LABELS,
    add_evidence,
    add_mention_counts,
    add_name_counts,
    assign_clusters,
    count_names,
    decide_entities,
    decide_names,
    entities_table,
    entity_mention_rows,
    mention_counts,
    partition_evidence,
)
from transforms.link.events import link_events
from transforms.link.quotes import link_quotes
from transforms.schemas import TABLES

STAGE = "link"
LINKED_TABLES = ("entities", "entity_mentions", "quotes", "events", "event_mentions")
# Mentions per partition: large enough that per-partition overheads vanish, small enough that one partition's
# frames (~100 bytes a mention, a few copies while joining) stay within a few hundred MB.
PARTITION_ROWS = 2_000_000
_DOCUMENT_KEYS = {"doc_id": pl.String(), "published_at": pl.Datetime("us", "UTC"), "published_precision": pl.String()}
_PARAGRAPH_KEYS = {"doc_id": pl.String(), "first_doc_id": pl.String(), "is_repeat": pl.Boolean()}
_MENTIONS = EXTRACTED_SCHEMAS["mentions"]
_SPEAKERS = {"mention_id": pl.String(), "entity_id": pl.String()}


@task
def link_corpus(work: WorkDir) -> dict[str, int]:
    """tables/<name>.parquet for the linked tables and sentences; returns the linked tables' row counts."""
    counts = link_entities_stage(work)
    counts |= link_quotes_stage(work)
    counts |= link_events_stage(work)
    copy_sentences(work)
    return counts


def partitions(work: WorkDir) -> list[list[str]]:
    """Consecutive extract units grouped so each group holds at most PARTITION_ROWS mentions (or one unit)."""
    import pyarrow.parquet as pq

    rows = PARTITION_ROWS
    groups: list[list[str]] = []
    size = 0
    for path in work.unit_files(EXTRACT_STAGE, "mentions"):
        n = pq.read_metadata(path).num_rows
        if not groups or size + n > rows:
            groups.append([])
            size = 0
        groups[-1].append(path.parent.name)
        size += n
    return groups


def _files(work: WorkDir, stage: str, units: list[str], name: str) -> list[Path]:
    return [work.root / stage / unit / f"{name}.parquet" for unit in units]


def _part_file(work: WorkDir, index: int, name: str) -> Path:
    return work.root / STAGE / f"{index:05d}" / f"{name}.parquet"


def _summed(parts, add: Callable, size: Callable, limit: int = 8_000_000):
    """Sum per-partition aggregates as they come, merging whenever the pending ones grow past ``limit`` rows."""
    pending, total = [], 0
    for part in parts:
        pending.append(part)
        total += size(part)
        if total > limit and len(pending) > 1:
            pending = [add(*pending)]
            total = size(pending[0])
    return add(*pending)


def link_entities_stage(work: WorkDir) -> dict[str, int]:
    """tables/entities.parquet and tables/entity_mentions.parquet (plus link/<partition>/speakers.parquet:
    mention_id -> entity_id, for the quotes of the same partition)."""
    groups = partitions(work)

    def mentions(units: list[str], columns: list[str]) -> pl.DataFrame:
        return read_files(_files(work, EXTRACT_STAGE, units, "mentions"), {c: _MENTIONS[c] for c in columns})

    names = (
        _summed((count_names(mentions(g, ["text", "label"])) for g in groups), add_name_counts, len) if groups else None
    )
    if names is None or names.is_empty():
        write_frame(TABLES["entities"].empty(), work.table("entities"))
        write_frame(TABLES["entity_mentions"].empty(), work.table("entity_mentions"))
        for i in range(len(groups)):
            write_frame(pl.DataFrame(schema=_SPEAKERS), _part_file(work, i, "speakers"))
        return {"entities": 0, "entity_mentions": 0}
    decisions = decide_names(names)
    del names

    def evidence_of(index: int, units: list[str]):
        raw = mentions(units, ["mention_id", "doc_id", "char_start", "char_end", "text", "label", "paren_of"])
        assigned = assign_clusters(raw, decisions)
        write_frame(assigned, _part_file(work, index, "assigned"))
        return partition_evidence(raw, assigned, decisions)

    evidence = _summed(
        (evidence_of(i, g) for i, g in enumerate(groups)), add_evidence, lambda e: e.forms.height + e.brackets.height
    )
    entities = decide_entities(decisions, evidence)
    counts = []
    with FrameWriter(work.table("entity_mentions"), TABLES["entity_mentions"].schema) as table:
        for i, units in enumerate(groups):
            assigned = read_files([_part_file(work, i, "assigned")], ASSIGNED_SCHEMA)
            raw = mentions(units, ["mention_id", "doc_id", "sentence_idx", "char_start", "char_end", "text"])
            rows = entity_mention_rows(raw, assigned, entities)
            table.write(rows)
            write_frame(rows.select(list(_SPEAKERS)), _part_file(work, i, "speakers"))
            counts.append(mention_counts(rows))
    entity_table = entities_table(entities, add_mention_counts(*counts))
    write_frame(entity_table, work.table("entities"))
    return {"entities": entity_table.height, "entity_mentions": table.rows}


def link_quotes_stage(work: WorkDir) -> dict[str, int]:
    """tables/quotes.parquet: each partition's quote candidates with the speaker's entity (same documents)."""
    with FrameWriter(work.table("quotes"), TABLES["quotes"].schema) as table:
        for i, units in enumerate(partitions(work)):
            candidates = read_files(_files(work, EXTRACT_STAGE, units, "quotes"), EXTRACTED_SCHEMAS["quotes"])
            speakers = read_files([_part_file(work, i, "speakers")], _SPEAKERS)
            table.write(link_quotes(candidates, speakers))
    return {"quotes": table.rows}


def link_events_stage(work: WorkDir) -> dict[str, int]:
    """tables/events.parquet and tables/event_mentions.parquet.

    link_events looks up only the entity mentions the candidates name (actors, recipients, place
    candidates) and the place mentions of their documents (a document's setting), and only their entities
    plus the countries (a demonym or state organ acts for its country): the same answers as the whole
    tables, without loading every mention.
    """
    candidates = extracted(work, "events")
    documents = (
        scan_files(work.unit_files(DOCUMENTS_STAGE, "clean"), _DOCUMENT_KEYS)
        .join(pl.scan_parquet(work.table("duplicates")), on="doc_id", how="left")
        .collect()
    )
    named = pl.concat(
        [
            candidates.select(pl.col("actor_mention_ids").explode().alias("mention_id")),
            candidates.select(pl.col("recipient_mention_ids").explode().alias("mention_id")),
            candidates.select(pl.col("place_candidates").explode().struct.field("mention_id")),
        ]
    ).drop_nulls()
    mentions = (
        pl.scan_parquet(work.table("entity_mentions"))
        .filter(pl.col("label").is_in(PLACE_LABELS) | pl.col("mention_id").is_in(named["mention_id"].implode()))
        .collect()
    )
    entities = pl.read_parquet(work.table("entities"))
    places = entities.filter(pl.col("type").is_in(["GPE", "LOC"]))
    countries = places.filter(pl.Series([is_country_name(n) for n in places["name"]], dtype=pl.Boolean()))
    looked_up = pl.concat([mentions["entity_id"], countries["entity_id"]]).implode()
    entities = entities.filter(pl.col("entity_id").is_in(looked_up))
    paragraphs = read_files([work.table("paragraphs")], _PARAGRAPH_KEYS)
    events, event_mentions = link_events(candidates, documents, entities, mentions, paragraphs=paragraphs)
    write_frame(events, work.table("events"))
    write_frame(event_mentions, work.table("event_mentions"))
    return {"events": events.height, "event_mentions": event_mentions.height}


def copy_sentences(work: WorkDir) -> Path:
    """tables/sentences.parquet: the extracted sentences of every unit, streamed into one file."""
    files = work.unit_files(EXTRACT_STAGE, "sentences")
    if not files:
        return write_frame(TABLES["sentences"].empty(), work.table("sentences"))
    return combine_files(files, work.table("sentences"), TABLES["sentences"].schema)


def linked(work: WorkDir, name: str, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return read_files([work.table(name)], schema)
