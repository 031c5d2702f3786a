"""The jobs of the events pass (flows.stages.link._link_events), each run in this process or in a worker process.

A job is told every file it reads and the folder it writes to, and hands back file paths (or, run in the stage's
own process, frames): this module imports what linking and clustering need and nothing of the flow (Prefect,
spaCy's pipeline), so a worker process starts in the time of those imports.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polars as pl

from flows.work import read_files, release_memory, write_frame
from transforms.extract.events.mentions import EVENT_CANDIDATES_SCHEMA
from transforms.link.parties import left_out
from transforms.schemas import TABLES

EVENT_TABLES = ("events", "event_mentions")
REJECTS = "event_rejects"  # the key of the left-out candidates' rows in a linking job's spill


@contextmanager
def no_cycle_collection():
    """Pause the cycle collector: the events pass builds millions of small objects (linked mentions, their sets,
    clusters) that form no reference cycles and are freed by reference counting, yet every few thousand of them
    made the collector traverse all that were alive, a cost growing with the corpus (at 100,000 articles a third
    of the conversion back from rows and of the clustering)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class Partition:
    """One partition of documents to link: its event candidate files, the entity mentions they name
    (``event_entities``), the order of its first candidate in the corpus, and its documents and publication days
    (rows of the corpus's frames)."""

    candidates: list[Path]
    lookup: Path
    first_order: int
    documents: pl.DataFrame
    days: pl.DataFrame


@dataclass
class LinkJob:
    """Consecutive partitions linked by one job (pass 1), against the corpus's entities."""

    entities: Path
    partitions: list[Partition]
    folder: Path  # of the job's spill files
    spill_rows: int
    in_files: bool  # hand every row back as files


@dataclass
class Linked:
    """What a linking job hands back: each (category, year) group's rows (frames or files, in partition order),
    its row count, the dayless keys of each category (``dayless_rows``) and the event_rejects rows of the candidates
    the party rules left out (transforms.link.parties.left_out; frames or files, in partition order)."""

    parts: dict[tuple, list]
    rows: dict[tuple, int]
    dayless: dict[str, set[str]]
    rejects: list = field(default_factory=list)


def link_partitions(job: LinkJob) -> Linked:
    """Pass 1 for a job's partitions: their candidates linked (``link_rows``) and split by (category, year)."""
    from transforms.link.event_linking import dayless_rows, link_rows

    with no_cycle_collection():
        facts = _key_facts(job.entities)
        dayless: dict[str, set[str]] = {}
        rows: dict[tuple, int] = {}
        linked_by_group = Spill(job.folder, max_rows=job.spill_rows)
        rejects = Spill(job.folder / "rejects", max_rows=job.spill_rows)  # kept as the linked rows are
        for part in job.partitions:
            candidates, left = left_out(read_files(part.candidates, EVENT_CANDIDATES_SCHEMA))
            if left.height:
                rejects.add(REJECTS, left)
            del left
            lookup = read_files([part.lookup], TABLES["entity_mentions"].schema)
            linked = link_rows(candidates, part.documents, lookup, facts, part.days, first_order=part.first_order)
            for category, keys in dayless_rows(linked).items():
                dayless.setdefault(category, set()).update(keys)
            del candidates, lookup
            by_group = linked.with_columns(pl.col("year").fill_null(-1).alias("_year"))
            for (category, year), rows_of in by_group.partition_by("category", "_year", as_dict=True).items():
                group = (category, None if year == -1 else year)
                linked_by_group.add(group, rows_of.drop("_year"))
                rows[group] = rows.get(group, 0) + rows_of.height
            del linked, by_group
        job.partitions.clear()
        left_out_rows = rejects.contents(in_files=job.in_files).get(REJECTS, [])
        return Linked(linked_by_group.contents(in_files=job.in_files), rows, dayless, left_out_rows)


def _key_facts(entities_path: Path):
    stat = entities_path.stat()
    return _key_facts_of(str(entities_path), stat.st_size, stat.st_mtime_ns)


# The name facts of the entities file (path, size, modification time) a process links with, kept from one job to
# the next: a worker links several runs of partitions, whose names recur (Zipf).  Cleared by the clustering jobs.
@lru_cache(maxsize=1)
def _key_facts_of(path: str, size: int, mtime_ns: int):
    from transforms.link.event_linking import KeyFacts
    from transforms.link.events import country_entities

    entities = pl.read_parquet(path)
    return KeyFacts(entities, country_entities(entities))


def forget_key_facts() -> None:
    _key_facts_of.cache_clear()


@dataclass
class ClusterJob:
    """Categories clustered by one job (pass 2): each with its groups' rows (in ``group_order``) and its dayless
    keys."""

    categories: list[tuple[str, dict[tuple, list], set[str]]]
    folder: Path  # of the job's spill files
    spill_rows: int
    in_files: bool


# The peak resident memory of a worker clustering a category, in MB, as a line in the category's linked rows:
# fitted to the largest worker process of the twelfth round's events passes on the synthetic corpus
# (bench/corpus_scale.py, two workers), the one that clustered the largest category (ASSAULT): 2,383 MB for its
# 480,269 rows at 300,000 articles, 6,261 MB for its 1,600,897 rows at 1,000,000.  The clusters of a group's day-,
# month- and year-dated mentions stay alive until the report-dated mentions of their days are done, so the peak
# grows with the category's rows.
CLUSTER_BASE_MB = 720
CLUSTER_MB_PER_ROW = 0.00346


def cluster_peak_mb(rows: int) -> float:
    """The estimated peak memory (MB) of a worker process clustering a category of ``rows`` linked rows."""
    return CLUSTER_BASE_MB + CLUSTER_MB_PER_ROW * rows


def cluster_categories(job: ClusterJob) -> dict[str, dict[str, list]]:
    """Pass 2 for a job's categories (``cluster_groups``, then ``event_tables``): events and event_mentions rows
    (frames or files) by the first hex digit of the event id."""
    from transforms.link.events import LINKED_SCHEMA, cluster_groups, event_tables, unique_orders

    forget_key_facts()  # a worker that linked before: its name facts are no longer needed
    with no_cycle_collection():
        rows_by_digit = {name: Spill(job.folder / name, max_rows=job.spill_rows) for name in EVENT_TABLES}
        loaded: list = [None]  # the fields of the group being clustered, which event rows are gathered from
        for category, groups, dayless in job.categories:

            def load(group, groups=groups):  # rows: cluster_groups makes them into objects a chunk at a time
                rows = pl.concat(frames(groups.pop(group))).select(list(LINKED_SCHEMA))
                loaded[0] = unique_orders(rows)
                return rows

            for clusters in cluster_groups(list(groups), load, {category: dayless}):
                for name, rows in zip(EVENT_TABLES, event_tables(clusters, loaded[0]), strict=True):
                    digits = rows.with_columns(pl.col("event_id").str.head(1).alias("_digit"))
                    for (digit,), part in digits.partition_by("_digit", as_dict=True, include_key=False).items():
                        rows_by_digit[name].add(digit, part)
                del clusters
            loaded[0] = None
        job.categories.clear()
        done = {name: spill.contents(in_files=job.in_files) for name, spill in rows_by_digit.items()}
    if job.in_files:  # a worker: the next category it clusters starts from what is alive, as its estimate assumes
        release_memory()
    return done


def frames(parts) -> list[pl.DataFrame]:
    """The frames of parts kept by ``Spill`` (frames, or files read back)."""
    return [pl.read_parquet(p) if isinstance(p, Path) else p for p in parts]


class Spill:
    """Parts (frames) collected under keys, in memory until they pass ``max_rows`` rows in all, then written to
    files (``<folder>/<n>/<key index>.parquet``, concatenated) so memory stays bounded on any corpus; ``contents``
    gives each key's parts in the order they were added.  A corpus whose rows fit writes no file: thousands of
    small files (one per group and partition, then per group and hex digit) were a third of the events pass."""

    def __init__(self, folder: Path, *, max_rows: int):
        self.folder, self.max_rows = folder, max_rows
        self._parts: dict = {}
        self._files: dict = {}
        self._ids: dict = {}
        self._rows = 0
        self._spills = 0

    def keys(self) -> set:
        return set(self._parts) | set(self._files)

    def add(self, key, part) -> None:
        self._parts.setdefault(key, []).append(part)
        self._rows += len(part)
        if self._rows > self.max_rows:
            self._spill()

    def _spill(self) -> None:
        for key, parts in self._parts.items():
            index = self._ids.setdefault(key, len(self._ids))
            path = self.folder / f"{self._spills:05d}" / f"{index:05d}.parquet"
            self._files.setdefault(key, []).append(write_frame(pl.concat(parts, how="vertical"), path))
        self._parts, self._rows = {}, 0
        self._spills += 1

    def contents(self, *, in_files: bool) -> dict:
        """key -> its parts in the order they were added: files, then frames (``in_files``: the frames written to
        files first); the spill is empty after."""
        if in_files and self._parts:
            self._spill()
        out = {key: self._files.pop(key, []) + self._parts.pop(key, []) for key in self.keys()}
        self._rows = 0
        return out
