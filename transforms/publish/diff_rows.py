"""Example rows behind a release diff: a few rows added, removed and changed in one table.

``newsevents diff V1 V2 --table events --rows 5`` shows them. Works on ``polars.LazyFrame`` scans of
the two Parquet files: only the key columns and one content hash per row are joined, and only the
example rows are read in full, so a large table is never held in memory. Pure: frames in, frames out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

_HASH = "__row_hash"


@dataclass(frozen=True)
class RowChange:
    """One column of one changed row: its value before and after."""

    key: tuple
    column: str
    before: object
    after: object


@dataclass(frozen=True)
class DiffExamples:
    """Up to ``limit`` example rows of each kind, with the totals they were drawn from."""

    table: str
    key: tuple[str, ...]
    added: pl.DataFrame
    removed: pl.DataFrame
    changed: tuple[RowChange, ...]
    n_added: int
    n_removed: int
    n_changed: int


def _comparable(old: pl.LazyFrame, new: pl.LazyFrame, key: Sequence[str]) -> tuple[list[str], list[str]]:
    """(key columns, compared columns): columns both versions share with the same type."""
    old_schema, new_schema = old.collect_schema(), new.collect_schema()
    missing = [c for c in key if c not in old_schema or c not in new_schema or old_schema[c] != new_schema[c]]
    if missing:
        raise ValueError(f"key columns missing or retyped between the releases: {missing}")
    compared = [c for c in new_schema if c in old_schema and old_schema[c] == new_schema[c] and c not in key]
    return list(key), compared


def _hashed(frame: pl.LazyFrame, key: list[str], compared: list[str]) -> pl.LazyFrame:
    # Both sides are hashed in one process with one seed, so equal content gives equal hashes.
    content = pl.struct(compared).hash(seed=0) if compared else pl.lit(0, dtype=pl.UInt64)
    return frame.select(*key, content.alias(_HASH)).unique(subset=key, keep="first", maintain_order=True)


def _rows_for_keys(frame: pl.LazyFrame, keys: pl.DataFrame, key: list[str]) -> pl.DataFrame:
    return frame.join(keys.lazy(), on=key, how="semi", nulls_equal=True).sort(key, nulls_last=True).collect()


def diff_examples(
    table: str,
    old: pl.LazyFrame,
    new: pl.LazyFrame,
    primary_key: Sequence[str],
    *,
    limit: int = 5,
) -> DiffExamples:
    """The first ``limit`` rows (in key order) added, removed and changed from ``old`` to ``new``.

    *Changed* means the same key with different content in the columns both versions share with the
    same type (as in the changelog); each changed row is reported column by column.
    """
    if limit < 0:
        raise ValueError("limit must be >= 0")
    key, compared = _comparable(old, new, primary_key)
    joined = _hashed(old, key, compared).join(
        _hashed(new, key, compared), on=key, how="full", nulls_equal=True, coalesce=True, suffix="_new"
    )
    in_old, in_new = pl.col(_HASH).is_not_null(), pl.col(f"{_HASH}_new").is_not_null()
    kinds = joined.select(
        *key,
        pl.when(~in_old)
        .then(pl.lit("added"))
        .when(~in_new)
        .then(pl.lit("removed"))
        .when(pl.col(_HASH) != pl.col(f"{_HASH}_new"))
        .then(pl.lit("changed"))
        .otherwise(None)
        .alias("kind"),
    ).filter(pl.col("kind").is_not_null())
    counts = dict(kinds.group_by("kind").len().collect().iter_rows())
    first = kinds.sort(key, nulls_last=True)

    def keys_of(kind: str) -> pl.DataFrame:
        return first.filter(pl.col("kind") == kind).select(key).head(limit).collect()

    added = _rows_for_keys(new, keys_of("added"), key)
    removed = _rows_for_keys(old, keys_of("removed"), key)
    changed_keys = keys_of("changed")
    before = _rows_for_keys(old, changed_keys, key)
    after = _rows_for_keys(new, changed_keys, key)
    return DiffExamples(
        table=table,
        key=tuple(key),
        added=added,
        removed=removed,
        changed=tuple(_column_changes(before, after, key, compared)),
        n_added=int(counts.get("added", 0)),
        n_removed=int(counts.get("removed", 0)),
        n_changed=int(counts.get("changed", 0)),
    )


def _column_changes(before: pl.DataFrame, after: pl.DataFrame, key: list[str], compared: list[str]) -> list[RowChange]:
    after_by_key = {tuple(row[k] for k in key): row for row in after.iter_rows(named=True)}
    changes = []
    for old_row in before.iter_rows(named=True):
        row_key = tuple(old_row[k] for k in key)
        new_row = after_by_key.get(row_key)
        if new_row is None:
            continue
        changes += [
            RowChange(row_key, column, old_row[column], new_row[column])
            for column in compared
            if old_row[column] != new_row[column]
        ]
    return changes
