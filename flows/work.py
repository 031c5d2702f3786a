"""The work folder of one run: shards and staged tables exchanged between tasks as Parquet files.

Layout (under ``<output>/.work/<run>/``)::

    raw/00000.parquet               input records of shard 0 (bytes as read; at most shard_size records)
    documents/00000-0000.parquet    one unit of shard 0: raw documents, then clean documents, rejects ...
    extract/00000-0000/<name>.parquet
    tables/<table>.parquet          corpus-wide tables (link stage) and the assembled release tables

Tasks exchange these paths, never frames of the whole corpus.  A run removes its folder when it ends;
folders of runs that died are removed by the next run that holds the publish lock.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

WORK_DIRNAME = ".work"


@dataclass(frozen=True)
class Unit:
    """A slice of one shard: the grain of per-document tasks (several per shard when the corpus is small,
    so that every worker has work)."""

    shard: int
    start: int
    stop: int

    @property
    def name(self) -> str:
        return f"{self.shard:05d}-{self.start:07d}"


@dataclass(frozen=True)
class WorkDir:
    root: Path

    @classmethod
    def create(cls, output_dir: Path, created_at: datetime) -> WorkDir:
        base = Path(output_dir) / WORK_DIRNAME
        root = base / f"run-{created_at.strftime('%Y%m%dT%H%M%SZ')}-{os.getpid()}"
        root.mkdir(parents=True, exist_ok=False)
        return cls(root)

    def raw_shard(self, shard: int) -> Path:
        return self.root / "raw" / f"{shard:05d}.parquet"

    def unit_file(self, stage: str, unit: Unit, name: str) -> Path:
        return self.root / stage / unit.name / f"{name}.parquet"

    def unit_files(self, stage: str, name: str) -> list[Path]:
        return sorted((self.root / stage).glob(f"*/{name}.parquet"))

    def table(self, name: str) -> Path:
        return self.root / "tables" / f"{name}.parquet"

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def remove_dead_runs(output_dir: Path) -> list[Path]:
    """Remove work folders of runs whose process is gone (killed runs; a finished run removes its own)."""
    removed = []
    base = Path(output_dir) / WORK_DIRNAME
    for run in sorted(base.glob("run-*-*")) if base.is_dir() else []:
        pid = run.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(run, ignore_errors=True)
            removed.append(run)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_frame(df: pl.DataFrame, path: Path) -> Path:
    """Write a frame for another task (fast compression; these files never leave the work folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    df.write_parquet(path, compression="lz4", statistics=False)
    return path


def scan_files(paths: Iterable[Path], schema: dict[str, pl.DataType]) -> pl.LazyFrame:
    """One lazy frame over many files of one schema (an empty frame of that schema when there are none)."""
    paths = [str(p) for p in paths]
    if not paths:
        return pl.LazyFrame(schema=schema)
    return pl.scan_parquet(paths).select(list(schema))


def read_files(paths: Iterable[Path], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return scan_files(paths, schema).collect()


def combine_files(paths: Iterable[Path], target: Path, schema: dict[str, pl.DataType]) -> Path:
    """One file for another task from many files of one schema, streamed: never the whole table in memory."""
    target.parent.mkdir(parents=True, exist_ok=True)
    scan_files(paths, schema).sink_parquet(target, compression="lz4", statistics=False)
    return target


class FrameWriter:
    """One file for another task written a frame at a time (one row group each): a corpus-wide table built
    partition by partition, never whole in memory.  Use as a context manager; an empty table still gets its
    schema."""

    def __init__(self, path: Path, schema: dict[str, pl.DataType]):
        self.path, self.schema = path, schema
        self.rows = 0
        self._writer = None

    def __enter__(self) -> FrameWriter:
        import pyarrow.parquet as pq

        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._arrow_schema = pl.DataFrame(schema=self.schema).to_arrow().schema
        self._writer = pq.ParquetWriter(self.path, self._arrow_schema, compression="lz4", write_statistics=False)
        return self

    def write(self, df: pl.DataFrame) -> None:
        self._writer.write_table(df.select(list(self.schema)).cast(self.schema).to_arrow().cast(self._arrow_schema))
        self.rows += df.height

    def __exit__(self, *exc) -> None:
        self._writer.close()


def units_of(counts: dict[int, int], *, max_rows: int) -> Iterator[Unit]:
    """Slices of at most ``max_rows`` rows of every shard (shard -> row count)."""
    for shard in sorted(counts):
        for start in range(0, counts[shard], max_rows):
            yield Unit(shard, start, min(start + max_rows, counts[shard]))


def unit_rows(total: int, workers: int, *, shard_size: int, per_worker: int = 4, minimum: int = 8) -> int:
    """Rows per unit: small enough that each worker gets ``per_worker`` units (load balance), never above a shard."""
    return max(1, min(shard_size, max(minimum, -(-total // max(1, workers * per_worker)))))
