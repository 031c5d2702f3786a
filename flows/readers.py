"""The one module that reads input files from disk; everything after it works on bytes in frames."""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl

from transforms.ingest.parse import INPUT_FILES_SCHEMA

DEFAULT_MAX_BYTES = 20_000_000


def _is_hidden(rel: Path) -> bool:
    # Hidden files and folders (.DS_Store, .git/, editor swap files) are tool or OS metadata, never
    # articles a user put in the folder; reading them would only fill the rejects table with noise.
    return any(part.startswith(".") for part in rel.parts)


def read_input_files(input_dir: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> pl.DataFrame:
    """Read every non-hidden file under input_dir, recursively (INPUT_FILES_SCHEMA, sorted by source_uri).

    Files larger than ``max_bytes`` are not read (data null, read_error "oversized"); files the OS
    refuses to give us get read_error "unreadable".  Decoding and format checks happen in ingest.
    """
    root = Path(input_dir)
    rows: list[dict] = []
    # os.walk with followlinks=False: a symlinked folder could loop or escape the input folder.
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(root)
            if _is_hidden(rel):
                continue
            rows.append(_read_one(path, rel.as_posix(), max_bytes))
    rows.sort(key=lambda r: r["source_uri"])
    return (
        pl.DataFrame(rows, schema=INPUT_FILES_SCHEMA, orient="row") if rows else pl.DataFrame(schema=INPUT_FILES_SCHEMA)
    )


def _read_one(path: Path, source_uri: str, max_bytes: int) -> dict:
    row = {"source_uri": source_uri, "size": None, "data": None, "read_error": None, "read_detail": None}
    try:
        size = path.stat().st_size
        row["size"] = size
        if not path.is_file():
            row["read_error"], row["read_detail"] = "unreadable", "not a regular file"
            return row
        if size > max_bytes:
            row["read_error"] = "oversized"
            row["read_detail"] = f"{size} bytes > limit of {max_bytes} bytes; not read"
            return row
        with path.open("rb") as fh:
            # Read at most one byte past the limit: the file may have grown since stat().
            data = fh.read(max_bytes + 1)
        if len(data) > max_bytes:
            row["read_error"] = "oversized"
            row["read_detail"] = f"more than {max_bytes} bytes; not read"
            return row
        row["size"] = len(data)
        row["data"] = data
    except OSError as exc:
        row["read_error"] = "unreadable"
        row["read_detail"] = f"{type(exc).__name__}: {exc.strerror or exc}"
    return row
