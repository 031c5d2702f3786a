"""Exact and near-duplicate detection, and cross-document paragraph repeats."""

from __future__ import annotations

import polars as pl


def mark_duplicates(docs: pl.DataFrame, *, threshold: float = 0.8) -> pl.DataFrame:
    """Add dup_cluster_id and dup_of to clean documents."""
    raise NotImplementedError


def build_paragraphs(docs: pl.DataFrame) -> pl.DataFrame:
    """Paragraph spans of each text with repeats marked (TABLES['paragraphs'])."""
    raise NotImplementedError
