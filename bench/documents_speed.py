"""Bench: CPU cost of the documents stage (read, site templates, clean) per 1,000 articles, in one process.

The stage's tasks (``prepare_unit``, ``find_site_templates``, ``clean_unit``) run in this process on the units a
one-process run makes, over a synthetic corpus of the pipeline bench (``bench/pipeline_speed.py``), with a fresh
clean cache (so every document is cleaned and its cache entry written, as in a first run).  Prints the CPU seconds
of each step and a digest of every unit file the stage wrote (to compare two versions of the code: equal digests,
equal tables).  ``--profile`` prints a cProfile of the stage.

Usage: uv run python bench/documents_speed.py [--n 1000] [--work DIR] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import pstats
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    import polars as pl

    from bench.pipeline_speed import synthetic_articles, voa_sentences, write_corpus
    from flows import readers, versioning
    from flows.stages.documents import (
        CleanCacheSettings,
        DedupeSettings,
        clean_unit,
        find_site_templates,
        prepare_unit,
    )
    from flows.stages.ingest import shard_records
    from flows.work import WorkDir, unit_rows, units_of

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsevents-documents-speed"))
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)

    corpus = args.work / f"corpus-{args.n}"
    if not (corpus / "articles.jsonl").exists():
        write_corpus(corpus, synthetic_articles(args.n, voa_sentences()))
    out = args.work / "out"
    shutil.rmtree(out, ignore_errors=True)
    work = WorkDir.create(out, datetime.now(UTC))
    ingest = shard_records(readers.iter_input_records(corpus), work, shard_size=1000, settings={})
    units = list(units_of(ingest.shard_rows, max_rows=unit_rows(ingest.n_records, 1, shard_size=1000)))
    cache = CleanCacheSettings(output_dir=out, clean_version=versioning.clean_version())
    dedupe = DedupeSettings(threshold=0.8)
    profiler = cProfile.Profile() if args.profile else None
    t0 = time.process_time()
    if profiler is not None:
        profiler.enable()
    for unit in units:
        prepare_unit.fn(work, unit, 10_000_000, cache)
    t1 = time.process_time()
    find_site_templates.fn(work)
    t2 = time.process_time()
    for unit in units:
        clean_unit.fn(work, unit, dedupe, cache)
    t3 = time.process_time()
    if profiler is not None:
        profiler.disable()
    digest = hashlib.sha256()
    for path in sorted((work.root / "documents").rglob("*.parquet")):
        digest.update(path.relative_to(work.root).as_posix().encode())
        digest.update(repr(pl.read_parquet(path).rows()).encode())
    print(
        f"{ingest.n_records} articles, {len(units)} units: read {t1 - t0:.2f}, templates {t2 - t1:.2f}, "
        f"clean {t3 - t2:.2f} CPU s; tables digest {digest.hexdigest()[:16]}"
    )
    if profiler is not None:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(40)
    shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
