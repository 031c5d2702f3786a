"""Stage 1, ingest: raw input bytes to raw article records and rejects."""

from transforms.ingest.parse import (
    INPUT_RECORDS_SCHEMA,
    RAW_DOCUMENTS_SCHEMA,
    doc_id_for,
    extract_html,
    format_of,
    parse_inputs,
    parse_record,
)

__all__ = [
    "INPUT_RECORDS_SCHEMA",
    "RAW_DOCUMENTS_SCHEMA",
    "doc_id_for",
    "extract_html",
    "format_of",
    "parse_inputs",
    "parse_record",
]
