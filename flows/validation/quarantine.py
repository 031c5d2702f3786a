"""Taking failing rows out of the tables, with every row that depends on them.

Pure polars, no I/O.  The rows failing a row rule seed the quarantine; the dependency graph in
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
    df = tables.get(table)
    if df is None:
        return None
    picked = df[list(rows)]
    if "doc_id" in picked.columns:
        return picked["doc_id"].n_unique()
    for aggregate in AGGREGATES:
        parts = tables.get(aggregate.parts)
        if aggregate.table == table and parts is not None and aggregate.key in picked.columns:
            return (
                parts.filter(pl.col(aggregate.key).is_in(picked[aggregate.key].implode()))
                .get_column("doc_id")
                .n_unique()
            )
    return None


class _Quarantine:
    """The removal state: per table, the removed rows (position, root rule, observed, depth)."""

    def __init__(self, tables: Mapping[str, pl.DataFrame]):
        self.tables = {name: df.with_row_index(ROW) for name, df in tables.items() if name in TABLES}
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

    def removed_rows(self, table: str) -> pl.DataFrame:
        """The removed rows of ``table`` with all their columns, ``rule``, ``observed`` and ``parent``."""
        removed = self.removed[table]
        return (
            self.tables[table]
            .join(removed, on=ROW, how="inner")
            .sort(ROW)
            .with_columns(pl.format("{} {}", pl.lit(table), key_json(table)).alias("parent"))
        )

    def kept_rows(self, table: str) -> pl.DataFrame:
        return self.tables[table].join(self.removed[table].select(ROW), on=ROW, how="anti").sort(ROW)

    # --- the passes ------------------------------------------------------------------------------

    def follow_reference(self, ref: Reference) -> int:
        """Rows whose (non-nullable) reference points at a removed row go too."""
        if ref.table not in self.tables or ref.target not in self.tables:
            return 0
        parents = (
            self.removed_rows(ref.target)
            .select(pl.col(ref.target_column).alias("__value"), "rule", "parent", "depth")
            .unique("__value", keep="first", maintain_order=True)
        )
        children = self.kept_rows(ref.table).join(
            parents, left_on=ref.column, right_on="__value", how="inner", maintain_order="left"
        )
        return self.add(
            ref.table,
            children.select(ROW, "rule", pl.col("parent").alias("observed"), (pl.col("depth") + 1).alias("depth")),
        )

    def follow_aggregate(self, table: str, parts: str, key: str, removed_when: str) -> int:
        """An event goes with any removed mention; an entity when none of its mentions is left."""
        if table not in self.tables or parts not in self.tables:
            return 0
        lost = (
            self.removed_rows(parts)
            .sort(ROW)
            .group_by(key, maintain_order=True)
            .agg(pl.len().alias("__lost"), pl.col("rule").first(), pl.col("parent").first(), pl.col("depth").first())
        )
        if removed_when == ALL_REMOVED:
            totals = self.tables[parts].group_by(key).agg(pl.len().alias("__total"))
            lost = lost.join(totals, on=key).filter(pl.col("__lost") == pl.col("__total"))
        elif removed_when != ANY_REMOVED:
            raise ValueError(removed_when)
        gone = self.kept_rows(table).join(lost, on=key, how="inner", maintain_order="left")
        return self.add(
            table,
            gone.select(ROW, "rule", pl.col("parent").alias("observed"), (pl.col("depth") + 1).alias("depth")),
        )

    def cascade(self) -> None:
        """Follow removals through references and aggregates until nothing more goes."""
        while True:
            added = sum(self.follow_reference(r) for r in REFERENCES if r.on_target_removed == REMOVE)
            added += sum(self.follow_aggregate(a.table, a.parts, a.key, a.removed_when) for a in AGGREGATES)
            if not added:
                return

    # --- the outputs -----------------------------------------------------------------------------

    def unlink(self, ref: Reference, table_df: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
        """Clear references to removed rows in the kept rows; returns (table, unlinked records)."""
        empty = pl.DataFrame(schema={ROW: pl.UInt32(), "rule": pl.String(), "observed": pl.String()})
        if ref.target not in self.tables or self.removed[ref.target].is_empty():
            return table_df, empty
        gone = (
            self.removed_rows(ref.target)
            .select(pl.col(ref.target_column).alias("__value"), "rule")
            .unique("__value", keep="first", maintain_order=True)
        )
        if ref.many:
            hits = (
                table_df.select(ROW, pl.col(ref.column).alias("__value"))
                .explode("__value")
                .join(gone, on="__value", how="inner", maintain_order="left")
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
            hits = table_df.select(ROW, pl.col(ref.column).alias("__value")).join(
                gone, on="__value", how="inner", maintain_order="left"
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

    def result(self) -> tuple[dict[str, pl.DataFrame], pl.DataFrame]:
        """The kept tables (references cleared, entity counts recomputed) and the quarantine table."""
        kept = {name: self.kept_rows(name) for name in self.tables}
        records: list[pl.DataFrame] = []
        for name in self.tables:
            removed = self.removed_rows(name)
            if removed.is_empty():
                continue
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
            hits = (
                pl.concat(parts)
                .group_by(ROW, maintain_order=True)
                .agg(pl.col("rule").first(), pl.col("observed").str.join("; "))
                .join(kept[name], on=ROW, how="inner")
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
        kept = _recount_entities(kept, self.tables)
        tables = {name: df.drop(ROW) for name, df in kept.items()}
        quarantine = pl.concat(records) if records else TABLES[QUARANTINE].empty()
        return tables, TABLES[QUARANTINE].conform(quarantine)


def _recount_entities(kept: dict[str, pl.DataFrame], before: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Entities that lost some mentions: n_mentions and n_documents counted again over the kept mentions."""
    if not all(t in kept for t in ("entities", "entity_mentions")):
        return kept
    if kept["entity_mentions"].height == before["entity_mentions"].height:
        return kept
    counts = (
        kept["entity_mentions"]
        .group_by("entity_id")
        .agg(
            pl.len().cast(pl.Int64).alias("__n_mentions"), pl.col("doc_id").n_unique().cast(pl.Int64).alias("__n_docs")
        )
    )
    entities = (
        kept["entities"]
        .join(counts, on="entity_id", how="left", maintain_order="left")
        .with_columns(
            pl.col("__n_mentions").fill_null(pl.col("n_mentions")).alias("n_mentions"),
            pl.col("__n_docs").fill_null(pl.col("n_documents")).alias("n_documents"),
        )
        .drop("__n_mentions", "__n_docs")
    )
    return {**kept, "entities": entities}


def quarantine_failures(
    tables: Mapping[str, pl.DataFrame], failures: Sequence[Failure]
) -> tuple[dict[str, pl.DataFrame], pl.DataFrame]:
    """Remove the failing rows and their dependants: (the kept tables, the ``quarantine`` table).

    Tables outside the schemas pass through untouched; ``rejects`` is never touched.  The kept
    tables keep their row order, so they stay sorted by primary key.
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
    out = {name: kept.get(name, df) for name, df in tables.items() if name != QUARANTINE}
    out[QUARANTINE] = quarantine
    return out, quarantine
