"""Stage 1, ingest: raw input bytes to raw article records and rejects."""

from transforms.ingest.parse import (
    INPUT_FILES_SCHEMA,
    RAW_DOCUMENTS_SCHEMA,
    doc_id_for,
    extract_html,
    format_of,
    parse_inputs,
)

__all__ = ["INPUT_FILES_SCHEMA", "RAW_DOCUMENTS_SCHEMA", "doc_id_for", "extract_html", "format_of", "parse_inputs"]
