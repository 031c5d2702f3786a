"""Parse raw input files (bytes) into raw article records and rejects. Pure: no file system access."""

from __future__ import annotations

import polars as pl

from transforms.schemas import TABLES

# Input of parse_inputs, produced by flows/readers.py
INPUT_FILES_SCHEMA = {
    "source_uri": pl.String(),  # path relative to the input dir, posix separators
    "size": pl.Int64(),
    "data": pl.Binary(),  # null when the reader did not read it (oversized, unreadable)
    "read_error": pl.String(),  # snake_case reason from the reader, else null
    "read_detail": pl.String(),
}

RAW_DOCUMENTS_SCHEMA = {
    "doc_id": pl.String(),
    "source_uri": pl.String(),
    "format": pl.String(),  # txt | html | jsonl
    "raw_text": pl.String(),  # txt/jsonl text as given; html: the main text extracted
    "url": pl.String(),
    "title": pl.String(),
    "authors": pl.List(pl.String()),
    "published_raw": pl.String(),  # date string from metadata (html/jsonl), else null
    "source_name": pl.String(),
    "language": pl.String(),
}


def parse_inputs(files: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Turn read input files into raw documents (RAW_DOCUMENTS_SCHEMA) and rejects (TABLES['rejects'])."""
    raise NotImplementedError
