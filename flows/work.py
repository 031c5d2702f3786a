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

import contextlib
import os
import shutil
from collections.abc import Iterable, Iterator, Mapping
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


def trim_c_heap() -> None:
    """Give the C heap's free pages back to the OS (glibc's ``malloc_trim``; nothing elsewhere): freed frames and
    batches stay mapped in the process otherwise, and the next stage or view then adds to them."""
    import ctypes
    import ctypes.util

    with contextlib.suppress(OSError, AttributeError):  # not glibc: its allocator manages its own pages
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)


@contextlib.contextmanager
def long_lived_objects_frozen():
    """Within the block, the objects alive at its start stay out of garbage collections (``gc.freeze``).

    Entered once the imports are done: the modules, classes and registries of Prefect, polars and spaCy (some
    220,000 objects in the flow process, twice that once Great Expectations is imported) live as long as the
    process, and each full collection of ``release_memory`` between stages scanned them all again (0.23 CPU
    seconds each with GX).  What is frozen is still freed when its last reference goes; only its reference cycles
    wait for the block's end, which hands every frozen object back to the collector (a process running many
    flows, such as ``newsevents serve`` or the test session, keeps nothing frozen between them)."""
    import gc

    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def freeze_long_lived_objects() -> None:
    """Add the objects alive now to those frozen (inside ``long_lived_objects_frozen``, e.g. after a late import)."""
    import gc

    gc.freeze()


def release_memory() -> None:
    """Between stages and passes: collect garbage and trim the C heap, so the next one's peak starts from what is
    alive rather than from what the last one left mapped."""
    import gc

    gc.collect()
    trim_c_heap()


def units_of(counts: dict[int, int], *, max_rows: int) -> Iterator[Unit]:
    """Slices of at most ``max_rows`` rows of every shard (shard -> row count)."""
    for shard in sorted(counts):
        for start in range(0, counts[shard], max_rows):
            yield Unit(shard, start, min(start + max_rows, counts[shard]))


def unit_rows(total: int, workers: int, *, shard_size: int, per_worker: int = 4, minimum: int = 8) -> int:
    """Rows per unit: small enough that each worker gets ``per_worker`` units (load balance), never above a shard.

    Not capped lower: units of at most 125 documents (seventh round) did not bound a parsing worker's growth, which
    is per document parsed, and at 20,000 articles (160 units against 20) the documents stage of a +1% run took
    31.5 s against 12.9, the run 0.104 of the full run (docs/evaluation/speed.md)."""
    return max(1, min(shard_size, max(minimum, -(-total // max(1, workers * per_worker)))))


class TableFiles(Mapping[str, pl.DataFrame]):
    """Release tables kept as files in one folder (``<name>.parquet``), handed from stage to stage.

    Indexing reads the whole table; ``scan`` reads lazily (only the columns and rows a step asks for);
    ``height`` and ``schema`` come from the file's footer.  No step holds every table at once: the
    quality gate builds one view at a time from scans, publishing copies one table at a time.
    """

    def __init__(self, folder: Path, names: Iterable[str]):
        self.folder = Path(folder)
        self._names = list(dict.fromkeys(names))

    @classmethod
    def write(cls, folder: Path, tables: Mapping[str, pl.DataFrame]) -> TableFiles:
        """Write every table (one at a time when ``tables`` is itself file-backed) into ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        for name in tables:
            write_frame(tables[name], folder / f"{name}.parquet")
        return cls(folder, list(tables))

    def path(self, name: str) -> Path:
        if name not in self._names:
            raise KeyError(name)
        return self.folder / f"{name}.parquet"

    def __getitem__(self, name: str) -> pl.DataFrame:
        return pl.read_parquet(self.path(name))

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def scan(self, name: str) -> pl.LazyFrame:
        return pl.scan_parquet(self.path(name))

    def height(self, name: str) -> int:
        import pyarrow.parquet as pq

        return pq.read_metadata(self.path(name)).num_rows

    def schema(self, name: str) -> pl.Schema:
        return self.scan(name).collect_schema()

    def with_table(self, name: str, df: pl.DataFrame) -> TableFiles:
        """These tables plus (or with a new) ``name``, written into the same folder."""
        write_frame(df, self.folder / f"{name}.parquet")
        return TableFiles(self.folder, [*self._names, name])

    def __repr__(self) -> str:  # Prefect and logs show the folder, never the rows
        return f"TableFiles({str(self.folder)!r}, {self._names!r})"


def lazy_table(tables: Mapping[str, pl.DataFrame], name: str) -> pl.LazyFrame | None:
    """A table as a lazy frame (a file scan for ``TableFiles``), or None when it is missing."""
    if name not in tables:
        return None
    return tables.scan(name) if isinstance(tables, TableFiles) else tables[name].lazy()


def table_height(tables: Mapping[str, pl.DataFrame], name: str) -> int:
    return tables.height(name) if isinstance(tables, TableFiles) else tables[name].height


def table_schema(tables: Mapping[str, pl.DataFrame], name: str) -> pl.Schema:
    return tables.schema(name) if isinstance(tables, TableFiles) else tables[name].schema
