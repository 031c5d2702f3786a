"""Parse raw input files (bytes) into raw article records and rejects. Pure: no file system access."""

from __future__ import annotations

import gzip
import io
import json
import logging
import re
import zlib
from typing import Any

import polars as pl

from transforms.ids import content_id
from transforms.ingest.fields import _language_code, _normalise_newlines, _Reject, _split_authors, _str_or_none
from transforms.ingest.html import extract_html
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

REJECTS_SCHEMA = TABLES["rejects"].schema

# A .jsonl.gz may legally expand far beyond its compressed size; cap it so a zip bomb becomes a
# reject instead of exhausting memory.
DEFAULT_MAX_DECOMPRESSED_BYTES = 200_000_000
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
    except (ValueError, RecursionError) as exc:
        raise _Reject("malformed_json", f"{type(exc).__name__}: {str(exc)[:200]}") from None
    if not isinstance(record, dict):
        raise _Reject("malformed_json", f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    html = record.get("html")
    url = _str_or_none(record.get("url"))
    fields: dict[str, Any] = {}
    if isinstance(text, str) and text.strip():
        fields["raw_text"] = _normalise_newlines(text)
    elif isinstance(html, str) and html.strip():
        fields = extract_html(html, url=url)
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


def _jsonl_lines(uri: str, data: bytes, fmt: str, max_decompressed: int) -> bytes:
    if fmt == "jsonl.gz":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
                out = gz.read(max_decompressed + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise _Reject("undecodable", f"not a valid gzip stream: {exc}") from None
        if len(out) > max_decompressed:
            raise _Reject("oversized", f"decompresses to more than {max_decompressed} bytes")
        data = out
    if not data.strip():
        raise _Reject("empty_file", "no JSON lines")
    if b"\x00" in data:
        raise _Reject("binary_file", "contains NUL bytes")
    return data


def parse_inputs(
    files: pl.DataFrame, *, max_decompressed_bytes: int = DEFAULT_MAX_DECOMPRESSED_BYTES
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Turn read input files into raw documents (RAW_DOCUMENTS_SCHEMA) and rejects (TABLES['rejects'])."""
    docs: list[dict[str, Any]] = []
    rejects: list[dict[str, Any]] = []

    def reject(uri: str, reason: str, detail: str) -> None:
        rejects.append({"source_uri": uri, "reason": reason, "detail": detail})

    for row in files.iter_rows(named=True):
        uri = row["source_uri"]
        data = row.get("data")
        try:
            if row.get("read_error"):
                raise _Reject(row["read_error"], row.get("read_detail") or row["read_error"])
            fmt = format_of(uri)
            if fmt is None:
                raise _Reject("unsupported_extension", "expected .txt, .html, .htm, .jsonl or .jsonl.gz")
            if data is None:
                raise _Reject("unreadable", "no data was read")
            if not data:
                raise _Reject("empty_file", "0 bytes")
            if fmt == "txt":
                docs.append(_parse_txt(uri, data))
            elif fmt == "html":
                docs.append(_parse_html(uri, data))
            else:
                payload = _jsonl_lines(uri, data, fmt, max_decompressed_bytes)
                for n, line in enumerate(payload.split(b"\n"), start=1):
                    if not line.strip():
                        continue  # blank separator lines are not records
                    line_uri = f"{uri}#L{n}"
                    try:
                        docs.append(_parse_json_record(line_uri, line.rstrip(b"\r")))
                    except _Reject as rej:
                        reject(line_uri, rej.reason, rej.detail)
        except _Reject as rej:
            reject(uri, rej.reason, rej.detail)
        except Exception as exc:  # never let one hostile input stop the run
            _LOG.exception("unexpected error parsing %s", uri)
            reject(uri, "unreadable", f"unexpected {type(exc).__name__}: {exc}")

    raw = (
        pl.DataFrame(docs, schema=RAW_DOCUMENTS_SCHEMA, orient="row")
        if docs
        else pl.DataFrame(schema=RAW_DOCUMENTS_SCHEMA)
    )
    rej = pl.DataFrame(rejects, schema=REJECTS_SCHEMA, orient="row") if rejects else TABLES["rejects"].empty()
    # Input order is source_uri order with JSONL lines in file order; sort by doc_id for a stable key.
    return raw.sort("doc_id"), TABLES["rejects"].conform(rej)
