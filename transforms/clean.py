"""Metadata extraction and boilerplate removal over all raw documents."""

from __future__ import annotations

import polars as pl

CLEAN_DOCUMENTS_SCHEMA = {
    "doc_id": pl.String(),
    "source_uri": pl.String(),
    "source_name": pl.String(),
    "url": pl.String(),
    "title": pl.String(),
    "authors": pl.List(pl.String()),
    "published_at": pl.Datetime("us", "UTC"),
    "published_precision": pl.String(),
    "published_source": pl.String(),
    "updated_at": pl.Datetime("us", "UTC"),
    "language": pl.String(),
    "text": pl.String(),
    "n_chars": pl.Int64(),
    "n_words": pl.Int64(),
    "content_hash": pl.String(),
    "boilerplate_lines": pl.Int64(),
}


def clean_documents(raw: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Clean raw documents: (CLEAN_DOCUMENTS_SCHEMA frame, TABLES['boilerplate'] frame)."""
    raise NotImplementedError
