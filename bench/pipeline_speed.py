"""Throughput and memory of each pipeline stage on the VOA stories (public domain), run in-process.

Usage: uv run python bench/pipeline_speed.py [--copies N] [--n-process P]
Writes bench/results/pipeline_speed_p<n_process>.md. Copies are re-IDed (and lightly varied) so dedupe sees
near-duplicates at scale, as a crawl would produce.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
VOA = ROOT.parent / "shared" / "data" / "voa" / "voa_stories.jsonl"
RESULTS_DIR = ROOT / "bench" / "results"


def _input_frame(copies: int) -> pl.DataFrame:
    """Input records (one per JSONL line, as flows/readers.py yields them) for ``copies`` copies of the stories."""
    import io

    from flows.readers import iter_jsonl_stream
    from transforms.ingest.parse import INPUT_RECORDS_SCHEMA

    lines = VOA.read_text(encoding="utf-8").splitlines()
    out = []
    for copy in range(copies):
        for line in lines:
            record = json.loads(line)
            if copy:
                record["id"] = f"{record['id']}-{copy}"
                record["text"] = record["text"].replace(" the ", " a ", copy % 3)
            out.append(json.dumps(record))
    data = ("\n".join(out) + "\n").encode()
    records = list(iter_jsonl_stream("voa.jsonl", io.BytesIO(data), max_record_bytes=len(data)))
    return pl.DataFrame(records, schema=INPUT_RECORDS_SCHEMA, orient="row")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=3)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()

    from transforms import clean, dedupe, ingest, nlp
    from transforms.extract import quotes
    from transforms.link import entities, events

    timings: list[tuple[str, float, int]] = []

    def timed(stage, n, fn, *a, **kw):
        start = time.perf_counter()
        result = fn(*a, **kw)
        timings.append((stage, time.perf_counter() - start, n))
        return result

    files = _input_frame(args.copies)
    raw, _ = timed("ingest", 0, ingest.parse_inputs, files)
    n = raw.height
    timings[-1] = ("ingest", timings[-1][1], n)
    docs, _ = timed("clean", n, clean.clean_documents, raw)
    docs = timed("dedupe", n, dedupe.mark_duplicates, docs)
    timed("paragraphs", n, dedupe.build_paragraphs, docs)
    pipeline = timed("load model", 0, nlp.load_pipeline)
    ids, texts = docs["doc_id"].to_list(), docs["text"].to_list()
    parsed = timed(
        "spacy parse", n, nlp.parse_texts, pipeline, texts, n_process=args.n_process, batch_size=args.batch_size
    )
    ent_table, mentions = timed("entities", n, entities.build_entities, ids, parsed, docs)
    timed("quotes", n, quotes.build_quotes, ids, parsed, mentions)
    timed("events", n, events.build_events, ids, parsed, docs, ent_table, mentions)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    n_chars = sum(len(t) for t in texts)
    lines = [
        "# Pipeline speed (bench/pipeline_speed.py)",
        "",
        f"{n} documents ({n_chars:,} characters; VOA stories x{args.copies}), n_process={args.n_process}, "
        f"batch_size={args.batch_size}, Python {platform.python_version()}, {platform.machine()}.",
        "",
        "| stage | seconds | documents/s |",
        "|---|---:|---:|",
    ]
    for stage, seconds, count in timings:
        rate = f"{count / seconds:,.1f}" if count and seconds > 0 else "-"
        lines.append(f"| {stage} | {seconds:.2f} | {rate} |")
    total = sum(s for _, s, _ in timings)
    n_dups = docs.filter(pl.col("dup_of").is_not_null()).height
    lines += [
        f"| **total** | {total:.2f} | {n / total:,.1f} |",
        "",
        f"Peak resident memory: {peak_mib:,.0f} MiB. Near-duplicates found: {n_dups} of the "
        f"{n - n // args.copies} re-IDed copies ({args.copies - 1} lightly edited copies of each story).",
    ]
    results = RESULTS_DIR / f"pipeline_speed_p{args.n_process}.md"
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
