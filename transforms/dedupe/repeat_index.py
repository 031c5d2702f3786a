"""Paragraph repeats of a grown corpus from the previous corpus's result: which paragraphs must be paired again.

A paragraph's reworded-repeat target (``paragraphs.containment_targets``) depends only on its partners: the
earliest ``max_run_sources`` first occurrences holding each of its word runs that come before it
(``paragraphs.run_pairs``).  When documents are added, wherever they fall in canonical order, a paragraph
of the previous corpus keeps its partners, and so its target, unless one of its runs' first
``max_run_sources`` holders before it changed: a new first occurrence entered them, or a previous first
occurrence left them because an added exact copy now comes before it.  ``stale_holders`` finds those
paragraphs from the run rows of both corpora; only they and the new first occurrences are paired and
scored again, everything else keeps the previous target, so the result is the one a full pass gives.
"""

from __future__ import annotations

import numpy as np
import polars as pl

# Rows of stale_holders(): the holders now, in (run, pos) order.
HOLDERS_SCHEMA = {"run": pl.UInt64(), "pos": pl.UInt32(), "rank": pl.UInt32(), "stale": pl.Boolean()}


def stale_holders(
    run: np.ndarray, pos: np.ndarray, in_new: np.ndarray, in_old: np.ndarray, *, max_run_sources: int | None
) -> pl.DataFrame:
    """HOLDERS_SCHEMA rows of the current holders (``in_new``) of each run, with their rank among them.

    Input: one row per run of a paragraph that is a first occurrence now (``in_new``) or was one in the
    previous corpus (``in_old``), positions in current canonical order.  ``stale``: the holder comes after
    a change among its run's first ``max_run_sources`` holders (in either corpus), so its partners through
    that run may differ from the previous corpus's.
    """
    order = np.lexsort((pos, run))
    run, pos = run[order], pos[order].astype(np.uint32)
    in_new, in_old = in_new[order].astype(bool), in_old[order].astype(bool)
    n = len(run)
    if not n:
        return pl.DataFrame(schema=HOLDERS_SCHEMA)
    start = np.r_[True, run[1:] != run[:-1]]
    starts = np.flatnonzero(start)
    group = np.cumsum(start) - 1

    def rank_among(flag: np.ndarray) -> np.ndarray:
        before = np.cumsum(flag) - flag  # flagged rows before this one, over the whole array
        return before - before[starts][group]

    cap = n + 1 if max_run_sources is None else max_run_sources
    rank_new, rank_old = rank_among(in_new), rank_among(in_old)
    changed = (in_new != in_old) & ((in_new & (rank_new < cap)) | (in_old & (rank_old < cap)))
    never = np.iinfo(np.uint32).max
    change_at = np.minimum.reduceat(np.where(changed, pos, never).astype(np.uint32), starts)
    stale = pos > change_at[group]
    return pl.DataFrame(
        {"run": run[in_new], "pos": pos[in_new], "rank": rank_new[in_new], "stale": stale[in_new]},
        schema=HOLDERS_SCHEMA,
    )


def repairing_rows(holders: pl.DataFrame, repair: np.ndarray, *, max_run_sources: int | None) -> pl.DataFrame:
    """Run rows (pos, run) whose ``run_pairs`` gives every partner of the paragraphs where ``repair[pos]``:
    those paragraphs' rows plus the first ``max_run_sources`` holders of their runs (their only partners)."""
    if not holders.height:
        return pl.DataFrame(schema={"pos": pl.UInt32(), "run": pl.UInt64()})
    mine = pl.Series(repair[holders["pos"].to_numpy()])
    runs = holders.filter(mine).select("run").unique()
    head = pl.lit(True) if max_run_sources is None else pl.col("rank") < max_run_sources
    return (
        holders.with_columns(mine.alias("mine"))
        .join(runs, on="run", how="semi")
        .filter(head | pl.col("mine"))
        .select("pos", "run")
    )
