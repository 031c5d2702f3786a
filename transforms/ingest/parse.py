"""Parse input records (bytes) into raw article records and rejects. Pure: no file system access.

An *input record* is what ``flows/readers.py`` yields: one ``.txt``/``.html`` file, or one line of a
``.jsonl``/``.jsonl.gz`` file, or a file or line the reader could not or would not read (``read_error``
set).  ``parse_record`` turns one record into either one raw document or one ``rejects`` row; it never
raises, so one hostile input can never stop a run.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

from transforms.ids import content_id
from transforms.ingest.fields import (
    _detail_text,
    _language_code,
    _normalise_newlines,
    _Reject,
    _split_authors,
    _str_or_none,
    _valid_unicode,
)
from transforms.ingest.html import extract_html
from transforms.schemas import TABLES

# One input record, produced by flows/readers.py (one per .txt/.html file or per JSONL line).
INPUT_RECORDS_SCHEMA = {
    "source_uri": pl.String(),  # path relative to the input folder ('#L<n>' for a JSONL line), see flows/readers.py
    "format": pl.String(),  # txt | html | jsonl (one line of a .jsonl or .jsonl.gz file) | null: unsupported
    "size": pl.Int64(),  # bytes of the record (of the file when it was not read)
    "sha256": pl.String(),  # hex digest of the record's bytes when they were all read, else null
    "data": pl.Binary(),  # the bytes; null when the reader did not keep them (oversized, unreadable, ...)
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

REJECTS_SCHEMA = TABLES["rejects"].schema

# The hard cap on one text: texts over spaCy's max_length are parsed in pieces (transforms/nlp/pipeline.py);
# beyond this a text is rejected ("too_long").  5,000,000 characters is about 800,000 words, ten times the
# longest book-length features news sites publish, and bounds the memory of one document's parse.
DEFAULT_MAX_TEXT_CHARS = 5_000_000
# Share of C0 control characters (other than tab/newline/CR/FF) above which a NUL-free file is
# still binary rather than text: real text has essentially none.
BINARY_CONTROL_SHARE = 0.01

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)

_LOG = logging.getLogger(__name__)


def doc_id_for(source_uri: str, raw: bytes) -> str:
    """Content-derived document ID: first 16 hex chars of sha256(source_uri + '\\n' + raw bytes)."""
    return content_id(source_uri.encode("utf-8") + b"\n" + raw)


def format_of(source_uri: str) -> str | None:
    """Input format from the file name (txt, html, jsonl, jsonl.gz) or None when unsupported."""
    name = source_uri.rsplit("/", 1)[-1].lower()
    if name.endswith(".jsonl.gz"):
        return "jsonl.gz"
    for ext, fmt in ((".txt", "txt"), (".html", "html"), (".htm", "html"), (".jsonl", "jsonl")):
        if name.endswith(ext):
            return fmt
    return None


def _decode_text(data: bytes) -> str:
    """Bytes of a text file to str, or _Reject(binary_file | undecodable)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _Reject("undecodable", f"invalid UTF-16: {exc.reason} at byte {exc.start}") from None
    else:
        if b"\x00" in data:
            raise _Reject("binary_file", f"contains NUL bytes (first at byte {data.index(0)})")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _Reject("undecodable", f"not valid UTF-8: {exc.reason} at byte {exc.start}") from None
    _check_textual(text)
    return text


def _check_textual(text: str) -> None:
    n_control = len(_CONTROL.findall(text))
    if "\x00" in text or (text and n_control / len(text) > BINARY_CONTROL_SHARE):
        raise _Reject("binary_file", f"{n_control} control characters in {len(text)} characters")


def _decode_html(data: bytes) -> str:
    """HTML bytes to str: UTF-8, else the charset the page declares; never a guessed lossy decode."""
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _Reject("binary_file", "contains NUL bytes")
    try:
        return _decode_text(data)
    except _Reject as rej:
        if rej.reason != "undecodable":
            raise
        match = _META_CHARSET.search(data[:4096])
        if not match:
            raise
        charset = match.group(1).decode("ascii", "replace")
        try:
            text = data.decode(charset)
        except (LookupError, UnicodeDecodeError) as exc:
            raise _Reject("undecodable", f"not valid UTF-8 nor declared charset {charset!r}: {exc}") from None
        _check_textual(text)
        return text


def _doc(source_uri: str, raw: bytes, fmt: str, **fields: Any) -> dict[str, Any]:
    row = {k: None for k in RAW_DOCUMENTS_SCHEMA}
    row.update(fields)
    row.update(doc_id=doc_id_for(source_uri, raw), source_uri=source_uri, format=fmt)
    return row


def _parse_txt(uri: str, data: bytes) -> dict[str, Any]:
    text = _normalise_newlines(_decode_text(data))
    if not text.strip():
        raise _Reject("empty_file", "only whitespace")
    return _doc(uri, data, "txt", raw_text=text)


def _parse_html(uri: str, data: bytes) -> dict[str, Any]:
    html = _decode_html(data)
    if not html.strip():
        raise _Reject("empty_file", "only whitespace")
    return _doc(uri, data, "html", **extract_html(html))


def _parse_json_record(uri: str, line: bytes) -> dict[str, Any]:
    try:
        text_line = line.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _Reject("undecodable", f"not valid UTF-8: {exc.reason} at byte {exc.start}") from None
    try:
        record = json.loads(text_line)
    except (ValueError, RecursionError) as exc:  # RecursionError: a value nested thousands deep
        raise _Reject("malformed_json", f"{type(exc).__name__}: {str(exc)[:200]}") from None
    if not isinstance(record, dict):
        raise _Reject("malformed_json", f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    html = record.get("html")
    url = _str_or_none(record.get("url"))
    fields: dict[str, Any] = {}
    if isinstance(text, str) and text.strip():
        fields["raw_text"] = _normalise_newlines(_valid_unicode(text))
    elif isinstance(html, str) and html.strip():
        fields = extract_html(_valid_unicode(html), url=url)
    else:
        raise _Reject("missing_text", "record has no non-empty string 'text' or 'html'")
    authors = _split_authors(record.get("authors", record.get("author")))
    published = record.get("published")
    overrides = {
        "url": url,
        "title": _str_or_none(record.get("title")),
        "authors": authors,
        "published_raw": _str_or_none(published),
        "source_name": _str_or_none(record.get("source")),
        "language": _language_code(record.get("language")),
    }
    # Fields the record states win over what trafilatura read from its html.
    fields.update({k: v for k, v in overrides.items() if v is not None})
    return _doc(uri, line, "jsonl", **fields)


_PARSERS = {"txt": _parse_txt, "html": _parse_html, "jsonl": _parse_json_record}


def _parse_checked(source_uri: str, fmt: str | None, data: bytes | None, max_text_chars: int) -> dict[str, Any]:
    if fmt is None:
        raise _Reject("unsupported_extension", "expected .txt, .html, .htm, .jsonl or .jsonl.gz")
    parser = _PARSERS.get(fmt)
    if parser is None:
        raise _Reject("unsupported_extension", f"unknown record format {fmt!r}")
    if data is None:
        raise _Reject("unreadable", "no data was read")
    if not data.strip():
        raise _Reject("empty_file", "0 bytes" if not data else "only whitespace")
    doc = parser(source_uri, data)
    if len(doc["raw_text"]) > max_text_chars:
        raise _Reject("too_long", f"{len(doc['raw_text'])} characters > limit of {max_text_chars}")
    return doc


def _reject_row(source_uri: str, reason: str, detail: Any) -> dict[str, Any]:
    return {"source_uri": source_uri, "reason": reason, "detail": _detail_text(detail)}


def parse_record(
    source_uri: str,
    format: str | None,  # noqa: A002 - the record's key, named as in INPUT_RECORDS_SCHEMA
    data: bytes | None,
    read_error: str | None = None,
    read_detail: str | None = None,
    *,
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """One input record to ``(raw_document, None)`` (RAW_DOCUMENTS_SCHEMA) or ``(None, reject)`` (rejects).

    Never raises: an unexpected error on hostile input becomes a reject with reason ``unreadable``.
    """
    source_uri = _valid_unicode(source_uri)
    try:
        if read_error:
            raise _Reject(read_error, read_detail or read_error)
        return _parse_checked(source_uri, format, data, max_text_chars), None
    except _Reject as rej:
        return None, _reject_row(source_uri, rej.reason, rej.detail)
    except Exception as exc:  # never let one hostile input stop the run
        _LOG.exception("unexpected error parsing %s", source_uri)
        return None, _reject_row(source_uri, "unreadable", f"unexpected {type(exc).__name__}: {exc}")


def raw_documents_frame(docs: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    """Raw document rows as a frame (RAW_DOCUMENTS_SCHEMA), sorted by doc_id."""
    rows = list(docs)
    frame = (
        pl.DataFrame(rows, schema=RAW_DOCUMENTS_SCHEMA, orient="row")
        if rows
        else pl.DataFrame(schema=RAW_DOCUMENTS_SCHEMA)
    )
    return frame.sort("doc_id")


def rejects_frame(rejects: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    """Reject rows as the published ``rejects`` table (sorted by its key)."""
    rows = list(rejects)
    frame = pl.DataFrame(rows, schema=REJECTS_SCHEMA, orient="row") if rows else TABLES["rejects"].empty()
    return TABLES["rejects"].conform(frame)


def parse_inputs(
    records: pl.DataFrame, *, max_text_chars: int = DEFAULT_MAX_TEXT_CHARS
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Input records (INPUT_RECORDS_SCHEMA) to raw documents (sorted by doc_id) and rejects: parse_record per row."""
    docs: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []
    for row in records.iter_rows(named=True):
        doc, reject = parse_record(
            row["source_uri"],
            row.get("format"),
            row.get("data"),
            row.get("read_error"),
            row.get("read_detail"),
            max_text_chars=max_text_chars,
        )
        if doc is not None:
            docs.append(doc)
        if reject is not None:
            rejects.append(reject)
    return raw_documents_frame(docs), rejects_frame(rejects)
