"""Taking failing rows out of the tables, with every row that depends on them.

Polars; on ``TableFiles`` (the run's gate) the passes read only the columns they follow and the kept
tables are written back one at a time.  The rows failing a row rule seed the quarantine; the dependency graph in
``references.py`` is then followed to a fixed point:

1. a row whose non-nullable reference points at a removed row is removed (``depends_on:<rule>``);
2. an aggregate goes with its parts (an event with any removed mention, an entity with none left);
3. nullable references and id lists pointing at removed rows are cleared (``unlinked`` rows);
4. the counts of entities that lost some mentions are recomputed.

Each removed or unlinked row becomes one row of the ``quarantine`` table: the table, the row's
primary key as JSON, the rule (the root rule for dependants), what was observed (the failing value;
for a dependant, the row it depended on; for an unlinked row, the references cleared) and the action.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from flows.validation.references import (
    AGGREGATES,
    ALL_REMOVED,
    ANY_REMOVED,
    NEVER_QUARANTINED,
    REFERENCES,
    REMOVE,
    UNLINK,
    Reference,
)
from flows.work import TableFiles, lazy_table, table_height, write_frame
from transforms.schemas import TABLES

ROW = "__row"
DEPENDS_ON = "depends_on:"
QUARANTINE = "quarantine"
# One removed row: its position in its table, the root rule, what was observed, and (dependants)
# the table and key of the row it depended on.
_REMOVED_SCHEMA = {ROW: pl.UInt32(), "rule": pl.String(), "observed": pl.String(), "depth": pl.Int32()}


@dataclass(frozen=True)
class Failure:
    """Rows of ``table`` (positions) failing ``rule``, with the observed value of each."""

    table: str
    rule: str
    rows: Sequence[int]
    observed: Sequence[str]


def key_json(table: str) -> pl.Expr:
    """The primary key of each row as a JSON object, columns in key order: {"doc_id":"…","line_no":3}."""
    return pl.struct(list(TABLES[table].primary_key)).struct.json_encode()


def documents_of_rows(table: str, rows: Sequence[int], tables: Mapping[str, pl.DataFrame]) -> int | None:
    """How many distinct documents the given rows of ``table`` come from (None when unknowable)."""
    df = lazy_table(tables, table)
    if df is None:
        return None
    columns = df.collect_schema().names()
    positions = list(rows)
    if "doc_id" in columns:
        return df.select("doc_id").collect()[positions]["doc_id"].n_unique()
    for aggregate in AGGREGATES:
        parts = lazy_table(tables, aggregate.parts)
        if aggregate.table == table and parts is not None and aggregate.key in columns:
            keys = df.select(aggregate.key).collect()[positions][aggregate.key]
            return (
                parts.select(aggregate.key, "doc_id")
                .filter(pl.col(aggregate.key).is_in(keys.implode()))
                .collect()
                .get_column("doc_id")
                .n_unique()
            )
    return None


class _Quarantine:
    """The removal state: per table, the removed rows (position, root rule, observed, depth).

    The tables are lazy frames (file scans for ``TableFiles``): each pass reads the columns it follows
    (keys, references) and the removed rows, never whole tables; ``result`` yields the kept tables one
    at a time.
    """

    def __init__(self, tables: Mapping[str, pl.DataFrame]):
        self.tables = {name: lazy_table(tables, name).with_row_index(ROW) for name in tables if name in TABLES}
        self.heights = {name: table_height(tables, name) for name in self.tables}
        self.removed = {name: pl.DataFrame(schema=_REMOVED_SCHEMA) for name in self.tables}

    def add(self, table: str, rows: pl.DataFrame) -> int:
        """Add rows (``_REMOVED_SCHEMA``) not removed yet; the first reason of a row wins. Returns how many."""
        if table in NEVER_QUARANTINED or table not in self.removed or rows.is_empty():
            return 0
        fresh = rows.select(list(_REMOVED_SCHEMA)).cast(_REMOVED_SCHEMA).unique(ROW, keep="first", maintain_order=True)
        fresh = fresh.join(self.removed[table].select(ROW), on=ROW, how="anti")
        if fresh.is_empty():
            return 0
        self.removed[table] = pl.concat([self.removed[table], fresh])
        return fresh.height

    def _columns(self, table: str, columns: Sequence[str]) -> pl.LazyFrame:
        """The row position, the primary key and ``columns`` of ``table``."""
        wanted = dict.fromkeys([ROW, *TABLES[table].primary_key, *columns])
        return self.tables[table].select(list(wanted))

    def removed_rows(self, table: str, columns: Sequence[str] = ()) -> pl.DataFrame:
        """The removed rows of ``table`` (their key and ``columns``), ``rule``, ``observed`` and ``parent``."""
        removed = self.removed[table]
        return (
            self._columns(table, columns)
            .join(removed.lazy(), on=ROW, how="inner")
            .sort(ROW)
            .with_columns(pl.format("{} {}", pl.lit(table), key_json(table)).alias("parent"))
            .collect()
        )

    def kept_rows(self, table: str, columns: Sequence[str] | None = None) -> pl.LazyFrame:
        """The rows of ``table`` not removed (all columns, or the key and ``columns``), lazily."""
        rows = self.tables[table] if columns is None else self._columns(table, columns)
        return rows.join(self.removed[table].select(ROW).lazy(), on=ROW, how="anti").sort(ROW)

    # --- the passes ------------------------------------------------------------------------------

    def follow_reference(self, ref: Reference) -> int:
        """Rows whose (non-nullable) reference points at a removed row go too."""
        if ref.table not in self.tables or ref.target not in self.tables:
            return 0
        parents = (
            self.removed_rows(ref.target, [ref.target_column])
            .select(pl.col(ref.target_column).alias("__value"), "rule", "parent", "depth")
            .unique("__value", keep="first", maintain_order=True)
        )
        children = (
            self.kept_rows(ref.table, [ref.column])
            .join(parents.lazy(), left_on=ref.column, right_on="__value", how="inner", maintain_order="left")
            .select(ROW, "rule", pl.col("parent").alias("observed"), (pl.col("depth") + 1).alias("depth"))
            .collect()
        )
        return self.add(ref.table, children)

    def follow_aggregate(self, table: str, parts: str, key: str, removed_when: str) -> int:
        """An event goes with any removed mention; an entity when none of its mentions is left."""
        if table not in self.tables or parts not in self.tables:
            return 0
        lost = (
            self.removed_rows(parts, [key])
            .sort(ROW)
            .group_by(key, maintain_order=True)
            .agg(pl.len().alias("__lost"), pl.col("rule").first(), pl.col("parent").first(), pl.col("depth").first())
        )
        if removed_when == ALL_REMOVED:
            totals = self.tables[parts].group_by(key).agg(pl.len().alias("__total")).collect()
            lost = lost.join(totals, on=key).filter(pl.col("__lost") == pl.col("__total"))
        elif removed_when != ANY_REMOVED:
            raise ValueError(removed_when)
        gone = (
            self.kept_rows(table, [key])
            .join(lost.lazy(), on=key, how="inner", maintain_order="left")
            .select(ROW, "rule", pl.col("parent").alias("observed"), (pl.col("depth") + 1).alias("depth"))
            .collect()
        )
        return self.add(table, gone)

    def cascade(self) -> None:
        """Follow removals through references and aggregates until nothing more goes."""
        while True:
            added = sum(self.follow_reference(r) for r in REFERENCES if r.on_target_removed == REMOVE)
            added += sum(self.follow_aggregate(a.table, a.parts, a.key, a.removed_when) for a in AGGREGATES)
            if not added:
                return

    # --- the outputs -----------------------------------------------------------------------------

    def unlink(self, ref: Reference, table_df: pl.LazyFrame) -> tuple[pl.LazyFrame, pl.DataFrame]:
        """Clear references to removed rows in the kept rows; returns (table, unlinked records)."""
        empty = pl.DataFrame(schema={ROW: pl.UInt32(), "rule": pl.String(), "observed": pl.String()})
        if ref.target not in self.tables or self.removed[ref.target].is_empty():
            return table_df, empty
        gone = (
            self.removed_rows(ref.target, [ref.target_column])
            .select(pl.col(ref.target_column).alias("__value"), "rule")
            .unique("__value", keep="first", maintain_order=True)
        )
        if ref.many:
            hits = (
                table_df.select(ROW, pl.col(ref.column).alias("__value"))
                .explode("__value")
                .join(gone.lazy(), on="__value", how="inner", maintain_order="left")
                .collect()
            )
            new_values = pl.col(ref.column).list.eval(
                pl.element().filter(~pl.element().is_in(gone["__value"].implode()))
            )
            table_df = table_df.with_columns(
                pl.when(pl.col(ROW).is_in(hits[ROW].implode()))
                .then(pl.when(new_values.list.len() > 0).then(new_values).otherwise(None))
                .otherwise(pl.col(ref.column))
                .alias(ref.column)
            )
        else:
            hits = (
                table_df.select(ROW, pl.col(ref.column).alias("__value"))
                .join(gone.lazy(), on="__value", how="inner", maintain_order="left")
                .collect()
            )
            table_df = table_df.with_columns(
                pl.when(pl.col(ROW).is_in(hits[ROW].implode()))
                .then(None)
                .otherwise(pl.col(ref.column))
                .alias(ref.column)
            )
        records = hits.group_by(ROW, maintain_order=True).agg(
            pl.col("rule").first(),
            pl.format("{} lost {}", pl.lit(ref.column), pl.col("__value")).str.join(", ").alias("observed"),
        )
        return table_df, records

    def result(self) -> tuple[dict[str, pl.LazyFrame], pl.DataFrame]:
        """The kept tables (lazy: references cleared, entity counts recomputed) and the quarantine table."""
        kept = {name: self.kept_rows(name) for name in self.tables}
        records: list[pl.DataFrame] = []
        for name in self.tables:
            if self.removed[name].is_empty():
                continue
            removed = self.removed_rows(name)
            records.append(
                removed.select(
                    pl.lit(name).alias("table"),
                    key_json(name).alias("key"),
                    pl.when(pl.col("depth") > 0)
                    .then(pl.lit(DEPENDS_ON) + pl.col("rule"))
                    .otherwise(pl.col("rule"))
                    .alias("rule"),
                    pl.col("observed"),
                    pl.lit("removed").alias("action"),
                )
            )
        unlinked: dict[str, list[pl.DataFrame]] = {}
        for ref in REFERENCES:
            if ref.on_target_removed == UNLINK and ref.table in kept and ref.table not in NEVER_QUARANTINED:
                kept[ref.table], hits = self.unlink(ref, kept[ref.table])
                if not hits.is_empty():
                    unlinked.setdefault(ref.table, []).append(hits)
        for name, parts in unlinked.items():
            keys = kept[name].select(ROW, *TABLES[name].primary_key).collect()
            hits = (
                pl.concat(parts)
                .group_by(ROW, maintain_order=True)
                .agg(pl.col("rule").first(), pl.col("observed").str.join("; "))
                .join(keys, on=ROW, how="inner", maintain_order="left")
            )
            records.append(
                hits.select(
                    pl.lit(name).alias("table"),
                    key_json(name).alias("key"),
                    (pl.lit(DEPENDS_ON) + pl.col("rule")).alias("rule"),
                    pl.col("observed"),
                    pl.lit("unlinked").alias("action"),
                )
            )
        kept = self._recount_entities(kept)
        tables = {name: lf.drop(ROW) for name, lf in kept.items()}
        quarantine = pl.concat(records) if records else TABLES[QUARANTINE].empty()
        return tables, TABLES[QUARANTINE].conform(quarantine)

    def _recount_entities(self, kept: dict[str, pl.LazyFrame]) -> dict[str, pl.LazyFrame]:
        """Entities that lost some mentions: n_mentions and n_documents counted again over the kept mentions."""
        if not all(t in kept for t in ("entities", "entity_mentions")):
            return kept
        if self.removed["entity_mentions"].is_empty():
            return kept
        counts = (
            kept["entity_mentions"]
            .group_by("entity_id")
            .agg(
                pl.len().cast(pl.Int64).alias("__n_mentions"),
                pl.col("doc_id").n_unique().cast(pl.Int64).alias("__n_docs"),
            )
            .collect()
        )
        entities = (
            kept["entities"]
            .join(counts.lazy(), on="entity_id", how="left", maintain_order="left")
            .with_columns(
                pl.col("__n_mentions").fill_null(pl.col("n_mentions")).alias("n_mentions"),
                pl.col("__n_docs").fill_null(pl.col("n_documents")).alias("n_documents"),
            )
            .drop("__n_mentions", "__n_docs")
        )
        return {**kept, "entities": entities}


def quarantine_failures(
    tables: Mapping[str, pl.DataFrame], failures: Sequence[Failure], *, folder: Path | None = None
) -> tuple[Mapping[str, pl.DataFrame], pl.DataFrame]:
    """Remove the failing rows and their dependants: (the kept tables, the ``quarantine`` table).

    Tables outside the schemas pass through untouched; ``rejects`` is never touched.  The kept
    tables keep their row order, so they stay sorted by primary key.  With ``folder`` (the gate
    on ``TableFiles``) the kept tables are written there one at a time and returned as ``TableFiles``;
    otherwise they are returned as frames.
    """
    state = _Quarantine(tables)
    for failure in failures:
        state.add(
            failure.table,
            pl.DataFrame(
                {
                    ROW: list(failure.rows),
                    "rule": [failure.rule] * len(failure.rows),
                    "observed": list(failure.observed) or [None] * len(failure.rows),
                    "depth": [0] * len(failure.rows),
                },
                schema=_REMOVED_SCHEMA,
            ),
        )
    state.cascade()
    kept, quarantine = state.result()
    names = [name for name in tables if name != QUARANTINE]

    def table(name: str) -> pl.DataFrame:
        return kept[name].collect() if name in kept else tables[name]

    if folder is None:
        out: dict[str, pl.DataFrame] = {name: table(name) for name in names}
        out[QUARANTINE] = quarantine
        return out, quarantine
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        write_frame(table(name), folder / f"{name}.parquet")
    write_frame(quarantine, folder / f"{QUARANTINE}.parquet")
    return TableFiles(folder, [*names, QUARANTINE]), quarantine
