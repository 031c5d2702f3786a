"""Peak memory and throughput of ingest on a ~1 GB .jsonl.gz: the streaming reader + parse_record, in shards.

Usage: uv run python bench/ingest_memory.py [--gb 1.0] [--shard-size 1000]

Builds (in a temporary folder, deleted afterwards) a gzipped JSONL file of about ``--gb`` GB from the VOA
stories (public domain; ``../shared/data/voa``), each story repeated under new ids with its paragraphs in a
varied order.  A fresh Python process then streams it as the flow will: ``flows.readers.iter_input_records``
-> ``transforms.ingest.parse.parse_record`` per record -> raw documents and rejects batched into Parquet
shards of ``--shard-size`` records, and the input fingerprint folded from each record's digest.  The child
reports its peak resident memory (``ru_maxrss``) and its memory after imports (the reference, measured in
the same process).  Target (issue 9): peak under 500 MB.  Writes bench/results/ingest_memory.md.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VOA = ROOT.parent / "shared" / "data" / "voa" / "voa_stories.jsonl"
RESULTS = ROOT / "bench" / "results" / "ingest_memory.md"
TARGET_PEAK_MB = 500


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def write_corpus(path: Path, target_bytes: int, *, seed: int = 11) -> int:
    """Write VOA stories, re-IDed and reshuffled, until the gzip file reaches ``target_bytes``; return records."""
    stories = [json.loads(line) for line in VOA.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(seed)
    n = 0
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as out:
        while raw.tell() < target_bytes:
            for _ in range(1000):
                story = dict(stories[n % len(stories)])
                paragraphs = story["text"].split("\n")
                rng.shuffle(paragraphs)
                story.update(id=f"{story['id']}-{n}", text="\n".join(paragraphs))
                out.write(json.dumps(story, ensure_ascii=False).encode() + b"\n")
                n += 1
    return n


def measure(input_dir: Path, shard_dir: Path, shard_size: int) -> dict:
    """Stream ``input_dir`` through ingest in shards (runs in its own process); return the figures."""
    from flows.readers import iter_input_records
    from transforms.ingest.parse import parse_record, raw_documents_frame, rejects_frame

    baseline = _rss_mb()
    fingerprint = hashlib.sha256()
    docs: list[dict] = []
    rejects: list[dict] = []
    n_records = n_docs = n_rejects = n_bytes = n_shards = 0

    def flush() -> None:
        nonlocal n_shards
        if docs:
            raw_documents_frame(docs).write_parquet(shard_dir / f"raw-{n_shards:05d}.parquet", compression="zstd")
        if rejects:
            rejects_frame(rejects).write_parquet(shard_dir / f"rejects-{n_shards:05d}.parquet")
        n_shards += 1
        docs.clear()
        rejects.clear()

    start = time.perf_counter()
    for record in iter_input_records(input_dir):
        n_records += 1
        n_bytes += record["size"] or 0
        fingerprint.update(record["source_uri"].encode() + b"\0" + (record["sha256"] or "-").encode())
        doc, reject = parse_record(
            record["source_uri"], record["format"], record["data"], record["read_error"], record["read_detail"]
        )
        if doc is not None:
            docs.append(doc)
            n_docs += 1
        else:
            rejects.append(reject)
            n_rejects += 1
        if len(docs) + len(rejects) >= shard_size:
            flush()
    flush()
    seconds = time.perf_counter() - start
    return {
        "records": n_records,
        "documents": n_docs,
        "rejects": n_rejects,
        "shards": n_shards,
        "record_bytes": n_bytes,
        "seconds": seconds,
        "baseline_rss_mb": baseline,
        "peak_rss_mb": _rss_mb(),
        "fingerprint": "sha256:" + fingerprint.hexdigest(),
    }


def _table(args, gz_bytes: int, written: int, figures: dict) -> str:
    ok = figures["peak_rss_mb"] < TARGET_PEAK_MB
    rows = [
        ("input", f"one .jsonl.gz of {gz_bytes / 1e9:.2f} GB ({figures['record_bytes'] / 1e9:.2f} GB of JSON lines)"),
        ("records", f"{figures['records']:,} ({figures['documents']:,} documents, {figures['rejects']:,} rejects)"),
        ("shards", f"{figures['shards']:,} of at most {args.shard_size:,} records"),
        ("seconds", f"{figures['seconds']:.1f}"),
        ("records/s", f"{figures['records'] / figures['seconds']:,.0f}"),
        ("MB/s (uncompressed)", f"{figures['record_bytes'] / 1e6 / figures['seconds']:.1f}"),
        ("memory after imports (reference)", f"{figures['baseline_rss_mb']:.0f} MB"),
        ("peak resident memory", f"{figures['peak_rss_mb']:.0f} MB"),
        ("peak minus reference", f"{figures['peak_rss_mb'] - figures['baseline_rss_mb']:.0f} MB"),
        ("target: peak under 500 MB", "met" if ok else "NOT met"),
    ]
    assert written == figures["records"], (written, figures["records"])
    lines = [
        "# Ingest memory (bench/ingest_memory.py)",
        "",
        f"Streaming reader + parse_record in shards, one process; Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs.",
        "",
        "| measure | value |",
        "|---|---|",
        *[f"| {name} | {value} |" for name, value in rows],
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gb", type=float, default=1.0, help="size of the gzipped input file to build")
    parser.add_argument("--shard-size", type=int, default=1000)
    parser.add_argument("--measure", nargs=2, metavar=("INPUT_DIR", "SHARD_DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure[0]), Path(args.measure[1]), args.shard_size)))
        return

    work = Path(tempfile.mkdtemp(prefix="ingest-memory-"))
    try:
        (work / "in").mkdir()
        (work / "shards").mkdir()
        corpus = work / "in" / "voa-large.jsonl.gz"
        started = time.perf_counter()
        written = write_corpus(corpus, int(args.gb * 1e9))
        print(
            f"wrote {written:,} records, {corpus.stat().st_size / 1e9:.2f} GB in {time.perf_counter() - started:.0f} s"
        )
        child = subprocess.run(
            [
                sys.executable,
                __file__,
                "--shard-size",
                str(args.shard_size),
                "--measure",
                str(work / "in"),
                str(work / "shards"),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        table = _table(args, corpus.stat().st_size, written, figures)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(table, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
