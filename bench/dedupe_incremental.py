"""Bench: the corpus-wide duplicates stage (near-duplicates + paragraph repeats) full, unchanged and grown by 1%.

Input: the documents-stage unit files of a run (``documents/`` of a run's work folder, copied while the run
was in its later stages) and the corpus it was built from.  The bench adds 1% new synthetic articles the way
``bench/pipeline_speed.py`` does (``synthetic_articles(n // 100, offset=n)``: their publication days
interleave with the corpus's), cleans them in-process into one more unit, then runs the stage, each case in a
fresh process so that its peak RSS is its own:

1. full: the corpus, no repeat index (writes one);
2. unchanged: the same corpus with that index (the rule-change run);
3. grown: the corpus + 1% with the index;
4. grown, full: the corpus + 1% without an index (the reference: its tables must equal case 3's).

Usage: uv run python bench/dedupe_incremental.py DOCUMENTS_DIR CORPUS_JSONL WORK_DIR
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def build_added_unit(work: Path, n_added: int, offset: int) -> None:
    """documents/99999-0000000/{clean,bands,paragraphs}.parquet for n_added new synthetic articles."""
    from bench.pipeline_speed import synthetic_articles, voa_sentences, write_corpus
    from flows.config import load_config
    from flows.stages.documents import DedupeSettings, _clean_rows
    from flows.stages.ingest import ingest_inputs
    from flows.work import WorkDir, write_frame
    from transforms import ingest
    from transforms.clean.boilerplate import template_candidates, template_shapes
    from transforms.ingest import INPUT_RECORDS_SCHEMA

    folder = work / "added-input"
    folder.mkdir(parents=True, exist_ok=True)
    write_corpus(folder, synthetic_articles(n_added, voa_sentences(), offset=offset), name="added.jsonl")
    shutil.rmtree(work / "added-work", ignore_errors=True)
    (work / "added-work").mkdir()
    scratch = WorkDir(work / "added-work")
    config = load_config(None)
    result = ingest_inputs.fn(
        folder,
        scratch,
        max_file_bytes=config.max_file_bytes,
        max_record_bytes=config.max_record_bytes,
        shard_size=10_000,
        settings={},
    )
    records = pl.read_parquet(scratch.raw_shard(0))
    raw, _ = ingest.parse_inputs(records.select(list(INPUT_RECORDS_SCHEMA)), max_text_chars=config.max_text_chars)
    shapes = template_shapes(template_candidates(raw))
    rows = _clean_rows(raw.sort("doc_id"), shapes, DedupeSettings(threshold=0.8))
    unit = work / "grown" / "documents" / "99999-0000000"
    for name in ("clean", "bands", "paragraphs"):
        write_frame(rows[name], unit / f"{name}.parquet")
    print(f"added {rows['clean'].height} documents ({result.n_records} records)", flush=True)


def run_case(work: Path, index: Path | None) -> dict:
    """The stage on work/documents in this process: seconds (wall, CPU) and peak RSS."""
    from flows.stages import corpus
    from flows.stages.documents import DedupeSettings
    from flows.work import WorkDir

    folder = WorkDir(work)
    (work / "tables").mkdir(exist_ok=True)
    start, cpu = time.monotonic(), time.process_time()
    corpus.find_duplicates.fn(folder, DedupeSettings(threshold=0.8))
    near = time.process_time() - cpu
    corpus.find_paragraph_repeats.fn(folder, index=corpus.RepeatIndex(index) if index else None)
    return {
        "wall_s": round(time.monotonic() - start, 1),
        "cpu_s": round(time.process_time() - cpu, 1),
        "near_duplicates_cpu_s": round(near, 1),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "load": os.getloadavg()[0],
    }


def main() -> None:
    if sys.argv[1] == "--case":
        print(json.dumps(run_case(Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else None)))
        return
    documents, corpus_file, work = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    n = sum(1 for _ in corpus_file.open())
    base, grown = work / "base", work / "grown"
    for folder in (base, grown):
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(documents, folder / "documents")
    build_added_unit(work, n // 100, n)
    reference = work / "grown-full"
    shutil.rmtree(reference, ignore_errors=True)
    shutil.copytree(grown / "documents", reference / "documents")
    index = work / "index.parquet"
    index.unlink(missing_ok=True)
    results = {}
    for name, folder, with_index in (
        ("full", base, True),
        ("unchanged", base, True),
        ("grown by 1%", grown, True),
        ("grown by 1%, full", reference, False),
    ):
        args = [sys.executable, __file__, "--case", str(folder)] + ([str(index)] if with_index else [])
        out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
        results[name] = json.loads(out.strip().splitlines()[-1])
        print(name, results[name], flush=True)
    for table in ("paragraphs", "duplicates"):
        same = pl.read_parquet(grown / "tables" / f"{table}.parquet").equals(
            pl.read_parquet(reference / "tables" / f"{table}.parquet")
        )
        print(f"{table}: grown with the index equals the full pass: {same}")
        if not same:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
