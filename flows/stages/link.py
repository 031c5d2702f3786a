"""Stage 6, corpus-wide on compact rows: canonical entities, quote speakers, events across documents.

Entities run as passes over partitions of the extract units (whole documents, at most ``PARTITION_ROWS``
mentions each) with small corpus-wide decisions between them (transforms.link.entities); entity_mentions
and quotes are appended to tables/<name>.parquet a partition at a time, so no corpus-sized frame is built.  Events
are linked per partition of documents, clustered per (category, year) group and written a hex digit of their
ids at a time (``link_events_stage``; partitions and categories in worker processes at scale): the tables of
transforms.link.events.link_events over the whole corpus.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import polars as pl
from prefect import task

from flows.apart import worker_processes
from flows.stages.documents import STAGE as DOCUMENTS_STAGE
from flows.stages.event_jobs import (
    EVENT_TABLES,
    ClusterJob,
    LinkJob,
    Partition,
    cluster_categories,
    cluster_peak_mb,
    forget_key_facts,
    frames,
    link_partitions,
    no_cycle_collection,
)
from flows.stages.nlp import STAGE as EXTRACT_STAGE
from flows.work import FrameWriter, WorkDir, combine_files, read_files, release_memory, scan_files, write_frame
from transforms.extract.document import EXTRACTED_SCHEMAS
from transforms.extract.events.rejects import LINK, reason_counts
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
from transforms.link.parties import APOLITICAL_STORY, NO_PARTY, PRIVATE_PARTIES
from transforms.link.quotes import link_quotes
from transforms.schemas import TABLES

STAGE = "link"
LINKED_TABLES = ("entities", "entity_mentions", "quotes", "events", "event_mentions", "event_rejects")
# Mentions per partition: large enough that per-partition overheads vanish, small enough that one partition's
# frames (~100 bytes a mention, a few copies while joining) stay within some 50 MB.  A 1,000-article corpus
# (about 65,000 mentions) is one partition; at 2,000,000 the whole 20,000-article corpus (1.3 million) was one
# too, and the entity pass alone rose from 220 to 750 MB (to 470 MB with partitions of this size).
PARTITION_ROWS = 100_000
# Linked event mentions (or event rows) held in memory by the events pass before it writes them to files: a few
# hundred bytes a row (the sentence text), so at most some 100 MB.
SPILL_ROWS = 300_000
# Event candidates below which the events pass runs in the stage's process even when given workers: a worker
# process starts in some 4 CPU seconds (imports, gazetteer, dictionaries), against 8.6 for the whole pass at 10,000
# articles (70,000 candidates); on the 89 VOA stories two workers took the link stage from 6.5 to 14.3 CPU s.
WORKER_MIN_CANDIDATES = 200_000
# The share of the machine's memory the events pass's workers may fill when [run] events_memory_mb is not set:
# half, leaving the rest to the flow's own process, the stage's process and whatever else the machine runs.
DEFAULT_MEMORY_SHARE = 0.5
_DOCUMENT_KEYS = {"doc_id": pl.String(), "published_at": pl.Datetime("us", "UTC"), "published_precision": pl.String()}
_PARAGRAPH_KEYS = {"doc_id": pl.String(), "first_doc_id": pl.String(), "is_repeat": pl.Boolean()}
_MENTIONS = EXTRACTED_SCHEMAS["mentions"]
_SPEAKERS = {"mention_id": pl.String(), "entity_id": pl.String()}
_NAMING_COLUMNS = ("actor_mention_ids", "recipient_mention_ids", "place_candidates")  # read by _named_mentions


@task
def link_corpus(work: WorkDir, *, workers: int = 1, memory_mb: int | None = None) -> dict[str, int]:
    """tables/<name>.parquet for the linked tables and sentences; returns the linked tables' row counts and the
    event candidates that made no event for want of a party (``without_party``), for naming only private parties
    (``private_parties``) and for an apolitical story (``apolitical_story``; transforms.link.parties), counted from
    tables/event_rejects.parquet (``event_rejects``: every candidate set aside by extraction or linking).
    ``workers``, ``memory_mb``: processes of the events pass and their memory budget (``link_events_stage``)."""
    counts = link_entities_stage(work)
    release_memory()
    counts |= link_quotes_stage(work)
    release_memory()  # the events pass holds the most: it starts from what is alive, not what was mapped
    counts |= link_events_stage(work, workers=workers, memory_mb=memory_mb)
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
            write_frame(TABLES["entity_mentions"].empty(), _part_file(work, i, "event_entities"))
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
            write_frame(_speakers(work, units, rows), _part_file(work, i, "speakers"))
            write_frame(_event_entities(work, units, rows), _part_file(work, i, "event_entities"))
            counts.append(mention_counts(rows))
    entity_table = entities_table(entities, add_mention_counts(*counts))
    write_frame(entity_table, work.table("entities"))
    return {"entities": entity_table.height, "entity_mentions": table.rows}


def _speakers(work: WorkDir, units: list[str], rows: pl.DataFrame) -> pl.DataFrame:
    """mention_id -> entity_id of the partition's mentions that its quote candidates name as speakers: the only
    rows link_quotes looks up (every mention's was a file as large as entity_mentions, written and read back)."""
    files = [p for p in _files(work, EXTRACT_STAGE, units, "quotes") if p.exists()]
    named = read_files(files, {"speaker_mention_id": pl.String()})["speaker_mention_id"].drop_nulls()
    return rows.filter(pl.col("mention_id").is_in(named.implode())).select(list(_SPEAKERS))


def _event_entities(work: WorkDir, units: list[str], rows: pl.DataFrame) -> pl.DataFrame:
    """The entity mentions of a partition that event linking looks up: those its event candidates name, and the
    place mentions of their documents (a document's setting)."""
    files = _event_files(work, units)
    # The three columns that name mentions, not the candidates' sentences, dates and codes.
    candidates = read_files(files, {c: EXTRACTED_SCHEMAS["events"][c] for c in _NAMING_COLUMNS})
    named = _named_mentions(candidates)
    return rows.filter(pl.col("label").is_in(PLACE_LABELS) | pl.col("mention_id").is_in(named.implode()))


def link_quotes_stage(work: WorkDir) -> dict[str, int]:
    """tables/quotes.parquet: each partition's quote candidates with the speaker's entity (same documents)."""
    with FrameWriter(work.table("quotes"), TABLES["quotes"].schema) as table:
        for i, units in enumerate(partitions(work)):
            candidates = read_files(_files(work, EXTRACT_STAGE, units, "quotes"), EXTRACTED_SCHEMAS["quotes"])
            speakers = read_files([_part_file(work, i, "speakers")], _SPEAKERS)
            table.write(link_quotes(candidates, speakers))
    return {"quotes": table.rows}


def link_events_stage(work: WorkDir, *, workers: int = 1, memory_mb: int | None = None) -> dict[str, int]:
    """``_link_events`` with Python's cycle collector paused (``no_cycle_collection``); ``workers``: processes
    that link partitions and cluster categories side by side (1: all in this process); ``memory_mb``: the
    budget their clustering peaks share (None: ``default_memory_mb``)."""
    budget = default_memory_mb() if memory_mb is None else memory_mb
    with no_cycle_collection():
        return _link_events(work, workers if _event_candidate_count(work) >= WORKER_MIN_CANDIDATES else 1, budget)


def default_memory_mb() -> int:
    """The events pass's memory budget when none is configured: ``DEFAULT_MEMORY_SHARE`` of the machine's
    physical memory."""
    return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") * DEFAULT_MEMORY_SHARE / 2**20)


def _event_candidate_count(work: WorkDir) -> int:
    import pyarrow.parquet as pq

    return sum(pq.read_metadata(p).num_rows for p in work.unit_files(EXTRACT_STAGE, "events"))


def _link_events(work: WorkDir, workers: int, memory_mb: float) -> dict[str, int]:
    """tables/events.parquet and tables/event_mentions.parquet, in three passes of bounded memory.

    1. Per partition of documents (``partitions``): its candidates linked as columns
       (transforms.link.event_linking.link_rows) against the entity mentions link_events looks up (the
       partition's ``event_entities``, written by link_entities_stage), the corpus's entities and country
       entities, straight to compact rows (transforms.link.events.LINKED_SCHEMA) split by (category, year) group
       (``event_jobs.link_partitions``).
    2. Per category (transforms.link.events.cluster_groups over its groups): its rows made into mentions a chunk
       at a time in clustering order and clustered, each cluster handed out as soon as no later mention of the
       group can find it (so a group's mentions and clusters are not all alive at once), event and event-mention
       rows kept split by the first hex digit of the event id (``event_jobs.cluster_categories``).
    3. Per hex digit, in order: the rows sorted and appended to the tables.
    With ``workers`` above 1, runs of consecutive partitions (pass 1) and the categories (pass 2, largest first)
    are jobs of that many worker processes (``flows.apart.worker_processes``), which hand their rows back as files;
    with one, a single job does each pass in this process.  Categories are clustered side by side only while the
    estimates of their peaks (``event_jobs.cluster_peak_mb``) add up to at most ``memory_mb``: the clustering of
    the largest categories is the pass's peak, and two of them at once passed 8 GB at 1,000,000 articles.  Categories never share an event (``cluster_groups``),
    and each digit's rows are put together in category order, so the tables are the same either way.
    Rows kept between passes stay in memory up to ``SPILL_ROWS`` and go to files beyond (``event_jobs.Spill``).
    The tables equal link_events over the whole corpus (tests/test_link_events_scale.py).
    """
    from transforms.link.events import finish_event_tables, group_order

    in_files = workers > 1  # a worker's rows come back as files, not as pickled frames
    with worker_processes(workers) as run:
        linked = run(link_partitions, _link_jobs(work, workers))
        forget_key_facts()
        groups: dict[tuple, list] = {}
        rows: dict[str, int] = {}
        dayless: dict[str, set[str]] = {}
        rejects = combine_rejects(work, [part for job in linked for part in job.rejects])
        for job in linked:
            for group, parts in job.parts.items():
                groups.setdefault(group, []).extend(parts)
            for group, n in job.rows.items():
                rows[group[0]] = rows.get(group[0], 0) + n
            for category, keys in job.dayless.items():
                dayless.setdefault(category, set()).update(keys)
        del linked
        categories: dict[str, dict[tuple, list]] = {}
        for group in sorted(groups, key=group_order):
            categories.setdefault(group[0], {})[group] = groups.pop(group)
        folder = work.root / STAGE / "events_out"
        if in_files:  # one job a category, the largest first (the last to start should be short)
            order = sorted(categories, key=lambda c: -rows[c])
            jobs = [
                ClusterJob([(c, categories[c], dayless.get(c, set()))], folder / f"{i:03d}", SPILL_ROWS, True)
                for i, c in enumerate(order)
            ]
            costs = [cluster_peak_mb(rows[c]) for c in order]
            done = dict(zip(order, run(cluster_categories, jobs, costs, memory_mb), strict=True))
            rows_by_digit = [done[c] for c in categories]  # category order: each digit's parts as one pass adds them
        else:
            jobs = [
                ClusterJob([(c, g, dayless.get(c, set())) for c, g in categories.items()], folder, SPILL_ROWS, False)
            ]
            rows_by_digit = run(cluster_categories, jobs)
        del jobs, categories
    with (
        FrameWriter(work.table("events"), TABLES["events"].schema) as events,
        FrameWriter(work.table("event_mentions"), TABLES["event_mentions"].schema) as mentions,
    ):
        for digit in sorted({d for job in rows_by_digit for parts in job.values() for d in parts}):
            ev, em = finish_event_tables(
                *(frames(p for job in rows_by_digit for p in job[name].pop(digit, [])) for name in EVENT_TABLES)
            )
            events.write(ev)
            mentions.write(em)
    left_out = reason_counts(
        scan_files([rejects], {"stage": pl.String(), "reason": pl.String()}).filter(pl.col("stage") == LINK).collect()
    )
    return {
        "events": events.rows,
        "event_mentions": mentions.rows,
        "event_rejects": pq_rows(rejects),
        "without_party": left_out[NO_PARTY],
        "private_parties": left_out[PRIVATE_PARTIES],
        "apolitical_story": left_out[APOLITICAL_STORY],
    }


def combine_rejects(work: WorkDir, left_out: list) -> Path:
    """tables/event_rejects.parquet: the candidates the extraction set aside (every extract unit's file) and those
    the link stage left out (``left_out``: frames or files, in partition order), a file or frame at a time;
    assembly sorts it."""
    schema = TABLES["event_rejects"].schema
    with FrameWriter(work.table("event_rejects"), schema) as table:
        for path in work.unit_files(EXTRACT_STAGE, "event_rejects"):
            table.write(read_files([path], schema))
        for part in left_out:
            table.write(frames([part])[0])
    return work.table("event_rejects")


def pq_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.read_metadata(path).num_rows


def _link_jobs(work: WorkDir, workers: int) -> list[LinkJob]:
    """Pass 1's jobs: all partitions in one job, or (``workers`` above 1) runs of consecutive partitions of at most
    ``SPILL_ROWS`` candidates, and at least four runs a worker (so that the workers finish together)."""
    import pyarrow.parquet as pq

    from transforms.link.event_linking import days_frame
    from transforms.link.events import publication_days

    documents = (
        scan_files(work.unit_files(DOCUMENTS_STAGE, "clean"), _DOCUMENT_KEYS)
        .join(pl.scan_parquet(work.table("duplicates")), on="doc_id", how="left")
        .collect()
    )
    days = days_frame(publication_days(documents, _lending_paragraphs(work, documents)))
    groups = partitions(work)
    documents_of, days_of = _by_partition(work, groups, documents, days)
    runs: list[list[Partition]] = []
    first, size = 0, 0
    sizes = [sum(pq.read_metadata(p).num_rows for p in _event_files(work, units)) for units in groups]
    limit = max(1, min(SPILL_ROWS, -(-sum(sizes) // (4 * workers)))) if workers > 1 else None
    for i, units in enumerate(groups):
        if not runs or (limit is not None and size and size + sizes[i] > limit):
            runs.append([])
            size = 0
        runs[-1].append(
            Partition(
                _event_files(work, units),
                _part_file(work, i, "event_entities"),
                first,
                documents_of.pop(i, documents.clear()),
                days_of.pop(i, days.clear()),
            )
        )
        first += sizes[i]
        size += sizes[i]
    folder = work.root / STAGE / "events_linked"
    return [
        LinkJob(work.table("entities"), run, folder / f"{j:05d}", SPILL_ROWS, workers > 1) for j, run in enumerate(runs)
    ]


def _by_partition(
    work: WorkDir, groups: list[list[str]], documents: pl.DataFrame, days: pl.DataFrame
) -> tuple[dict[int, pl.DataFrame], dict[int, pl.DataFrame]]:
    """The rows of ``documents`` and ``days`` (both keyed by doc_id) of each partition's event candidates, split
    once: filtering the corpus's frames for every partition grew with the square of the corpus."""
    owners = [
        scan_files(_event_files(work, units), {"doc_id": pl.String()})
        .unique()
        .with_columns(pl.lit(i, pl.Int64).alias("_part"))
        .collect()
        for i, units in enumerate(groups)
    ]
    owners = [o for o in owners if o.height] or [pl.DataFrame(schema={"doc_id": pl.String(), "_part": pl.Int64})]
    owner = pl.concat(owners)

    def split(frame: pl.DataFrame) -> dict[int, pl.DataFrame]:
        joined = frame.join(owner, on="doc_id", how="inner", maintain_order="left")
        return {i: part for (i,), part in joined.partition_by("_part", as_dict=True, include_key=False).items()}

    return split(documents), split(days)


def _lending_paragraphs(work: WorkDir, documents: pl.DataFrame) -> pl.DataFrame:
    """The paragraph rows publication_days reads: the repeats shared between documents, and every paragraph of
    the documents without a report day (it counts them); the rest of the table is never looked at."""
    from transforms.extract.events.dates import REPORT_PRECISIONS

    dated = pl.col("published_at").is_not_null() & pl.col("published_precision").is_in(list(REPORT_PRECISIONS))
    undated = documents.filter(~dated.fill_null(False))["doc_id"]
    return (
        pl.scan_parquet(work.table("paragraphs"))
        .select(list(_PARAGRAPH_KEYS))
        .filter(
            (pl.col("is_repeat") & (pl.col("doc_id") != pl.col("first_doc_id")))
            | pl.col("doc_id").is_in(undated.implode())
        )
        .collect()
    )


def _event_files(work: WorkDir, units: list[str]) -> list[Path]:
    """The event candidate files of extract units (a unit without an events file has none)."""
    return [p for p in _files(work, EXTRACT_STAGE, units, "events") if p.exists()]


def _named_mentions(candidates: pl.DataFrame) -> pl.Series:
    """The entity mentions event candidates name (actors, recipients, place candidates)."""
    return pl.concat(
        [
            candidates.select(pl.col("actor_mention_ids").explode().alias("mention_id")),
            candidates.select(pl.col("recipient_mention_ids").explode().alias("mention_id")),
            candidates.select(pl.col("place_candidates").explode().struct.field("mention_id")),
        ]
    ).drop_nulls()["mention_id"]


def copy_sentences(work: WorkDir) -> Path:
    """tables/sentences.parquet: the extracted sentences of every unit, streamed into one file."""
    files = work.unit_files(EXTRACT_STAGE, "sentences")
    if not files:
        return write_frame(TABLES["sentences"].empty(), work.table("sentences"))
    return combine_files(files, work.table("sentences"), TABLES["sentences"].schema)


def linked(work: WorkDir, name: str, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return read_files([work.table(name)], schema)
