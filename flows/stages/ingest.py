"""Stage 1, ingest: input records streamed into raw shards, and the input fingerprint folded as they pass."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from prefect import task

from flows import readers
from flows.work import WorkDir, write_frame
from transforms.ingest import INPUT_RECORDS_SCHEMA

# A shard is also cut when its records reach this many bytes, so one shard of large pages stays small in memory.
MAX_SHARD_BYTES = 256 * 1024 * 1024


@dataclass
class IngestResult:
    shard_rows: dict[int, int] = field(default_factory=dict)  # shard -> number of input records
    fingerprint: str = ""
    n_records: int = 0


def _record_digest(record: dict) -> bytes:
    """What identifies a record's content: its bytes' SHA-256, or the reason it was not read and its size."""
    if record.get("sha256"):
        return record["sha256"].encode()
    return f"{record.get('read_error')}:{record.get('size')}".encode()


def shard_records(records: Iterable[dict], work: WorkDir, *, shard_size: int, settings: dict) -> IngestResult:
    """Write records into raw shards of at most ``shard_size`` records (or MAX_SHARD_BYTES), folding the
    fingerprint as they pass (the reader's order is fixed): memory holds one shard, never the input."""
    result = IngestResult()
    digest = hashlib.sha256()
    batch: list[dict] = []
    batch_bytes = 0

    def flush() -> None:
        nonlocal batch, batch_bytes
        if batch:
            shard = len(result.shard_rows)
            write_frame(pl.DataFrame(batch, schema=INPUT_RECORDS_SCHEMA, orient="row"), work.raw_shard(shard))
            result.shard_rows[shard] = len(batch)
        batch, batch_bytes = [], 0

    for record in records:
        digest.update(record["source_uri"].encode("utf-8", "surrogateescape") + b"\0" + _record_digest(record) + b"\n")
        batch.append({k: record.get(k) for k in INPUT_RECORDS_SCHEMA})
        batch_bytes += len(record.get("data") or b"")
        result.n_records += 1
        if len(batch) >= shard_size or batch_bytes >= MAX_SHARD_BYTES:
            flush()
    flush()
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    result.fingerprint = "sha256:" + digest.hexdigest()
    return result


@task(retries=2, retry_delay_seconds=1)
def ingest_inputs(
    input_dir: Path, work: WorkDir, *, max_file_bytes: int, max_record_bytes: int, shard_size: int, settings: dict
) -> IngestResult:
    """Read the input folder into raw shards (I/O: the only stage that touches the input)."""
    records = readers.iter_input_records(input_dir, max_file_bytes=max_file_bytes, max_record_bytes=max_record_bytes)
    return shard_records(records, work, shard_size=shard_size, settings=settings)
