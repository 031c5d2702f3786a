"""Stage 1, ingest: input records streamed into raw shards, and the input fingerprint."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from prefect import task

from flows import readers
from flows.work import WorkDir, write_frame
from transforms.ingest import INPUT_FILES_SCHEMA

# A shard is also cut when its records reach this many bytes, so one shard of large pages stays small in memory.
MAX_SHARD_BYTES = 256 * 1024 * 1024


@dataclass
class IngestResult:
    shard_rows: dict[int, int] = field(default_factory=dict)  # shard -> number of input records
    fingerprint: str = ""
    n_records: int = 0


def input_records(input_dir: Path, *, max_file_bytes: int) -> Iterator[dict]:
    """The input records one by one (INPUT_FILES_SCHEMA rows), in a stable order."""
    files = readers.read_input_files(input_dir, max_bytes=max_file_bytes)
    yield from files.iter_rows(named=True)


def _record_digest(record: dict) -> bytes:
    data = record.get("data")
    if data is not None:
        return hashlib.sha256(data).digest()
    return f"{record.get('read_error')}:{record.get('size')}".encode()


def fingerprint_of(digests: Iterable[tuple[str, bytes]], settings: dict) -> str:
    """Hash of every input record's source_uri and content digest (in source_uri order) plus the settings
    that change published data."""
    digest = hashlib.sha256()
    for uri, content in sorted(digests):
        digest.update(uri.encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
        digest.update(content)
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    return "sha256:" + digest.hexdigest()


def shard_records(records: Iterable[dict], work: WorkDir, *, shard_size: int, settings: dict) -> IngestResult:
    """Write records into raw shards of at most ``shard_size`` records (or MAX_SHARD_BYTES), folding the
    fingerprint as they pass: memory holds one shard, never the input."""
    result = IngestResult()
    digests: list[tuple[str, bytes]] = []
    batch: list[dict] = []
    batch_bytes = 0

    def flush() -> None:
        nonlocal batch, batch_bytes
        if batch:
            shard = len(result.shard_rows)
            write_frame(pl.DataFrame(batch, schema=INPUT_FILES_SCHEMA, orient="row"), work.raw_shard(shard))
            result.shard_rows[shard] = len(batch)
        batch, batch_bytes = [], 0

    for record in records:
        digests.append((record["source_uri"], _record_digest(record)))
        batch.append({k: record.get(k) for k in INPUT_FILES_SCHEMA})
        batch_bytes += len(record.get("data") or b"")
        result.n_records += 1
        if len(batch) >= shard_size or batch_bytes >= MAX_SHARD_BYTES:
            flush()
    flush()
    result.fingerprint = fingerprint_of(digests, settings)
    return result


@task(retries=2, retry_delay_seconds=1)
def ingest_inputs(input_dir: Path, work: WorkDir, *, max_file_bytes: int, shard_size: int, settings: dict):
    """Read the input folder into raw shards (I/O: the only stage that touches the input)."""
    return shard_records(
        input_records(input_dir, max_file_bytes=max_file_bytes), work, shard_size=shard_size, settings=settings
    )
