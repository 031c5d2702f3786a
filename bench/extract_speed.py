"""Bench: CPU cost of the extract stage per document, as a rule-change run pays it (cached parses re-extracted).

A sample of documents (the first N synthetic articles of a bench corpus, default the bench's own generator, plus
the 89 VOA stories) is parsed once with the base model, as the flow parses them, and each parse is kept as the
parse cache keeps it (``flows.cache.doc_to_bytes``) in ``--work``.  ``--warm`` further articles are extracted
first, untimed (per-process set-up, as a worker process pays it once).  Then, per document, in CPU seconds
(``time.process_time``): reading the parse back (``doc_from_bytes``, as ``flows.stages.nlp`` does) and
``extract_document`` (the NER corrections, sentences, mentions, quotes, event candidates), and encoding the rows
as the extraction cache stores them.  Then what an event rule change pays instead (the entity pass's rows in
the entity cache, ``flows.stages.nlp``): reading the parse and the cached entity rows, the event pass (quotes and
events), encoding; its rows digest must equal the first one.  ``--rows FILE`` writes every document's encoded rows (to compare two
versions of the code byte for byte); ``--profile`` prints a cProfile of the extraction pass.

Usage: uv run python bench/extract_speed.py [--n 300] [--warm 100] [--repeat 3] [--corpus FILE] [--work DIR] [--rows FILE] [--profile]
Appends a dated section to bench/results/extract_speed.md (unless --no-write).
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import json
import os
import pstats
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows.settings import SHARED_DIR  # noqa: E402

VOA = SHARED_DIR / "data" / "voa" / "voa_stories.jsonl"
OUT = ROOT / "bench" / "results" / "extract_speed.md"


def _published(value: str | None) -> date | None:
    if not value:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00").replace(" ", "T")).date()


def sample(n: int, corpus: Path | None, warm: int) -> tuple[list, list]:
    """(timed, warm-up) documents as (doc_id, text, publication day): the first n synthetic articles and the VOA
    stories are timed; the next ``warm`` articles are extracted first, untimed."""
    if corpus is not None:
        with corpus.open(encoding="utf-8") as handle:
            articles = [json.loads(line) for _, line in zip(range(n + warm), handle, strict=False)]
    else:
        from bench.pipeline_speed import synthetic_articles, voa_sentences

        articles = synthetic_articles(n + warm, voa_sentences())
    voa = [json.loads(line) for line in VOA.read_text(encoding="utf-8").splitlines()]

    def rows(items):
        return [(str(a["id"]), a["text"], _published(a.get("published"))) for a in items]

    return rows(articles[:n] + voa), rows(articles[n:])


def parses(docs: list[tuple[str, str, date | None]], work: Path) -> list[bytes]:
    """The DocBin bytes of every document's base-model parse, made once and kept in ``work``."""
    from flows.cache import doc_to_bytes
    from transforms.nlp.pipeline import iter_parsed, load_pipeline

    digest = hashlib.sha256("\x1e".join(text for _, text, _ in docs).encode()).hexdigest()[:16]
    path = work / f"parses-{digest}.jsonl"
    if path.exists():
        return [bytes.fromhex(line) for line in path.read_text().splitlines()]
    nlp = load_pipeline()
    blobs = [doc_to_bytes(doc) for doc in iter_parsed(nlp, [text for _, text, _ in docs])]
    work.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(blob.hex() for blob in blobs) + "\n")
    return blobs


def _timed_pass(docs, blobs, vocab, rows_out: Path | None, profile_out: Path | None) -> dict:
    from flows.cache import doc_from_bytes
    from flows.stages.nlp import _decode_entities, _encode
    from transforms.extract.document import ENTITY_SPANS, apply_entity_spans, entity_pass, event_pass, extract_document

    load = extract = encode = 0.0
    events_load = events_extract = events_encode = 0.0
    encoded: list[bytes] = []
    events_encoded: list[bytes] = []
    profiler = cProfile.Profile() if profile_out is not None else None
    for (doc_id, text, published), blob in zip(docs, blobs, strict=True):
        t0 = time.process_time()
        doc = doc_from_bytes(blob, vocab)
        t1 = time.process_time()
        if profiler is not None:
            profiler.enable()
        rows = extract_document(doc_id, doc, published=published, text=text)
        if profiler is not None:
            profiler.disable()
        t2 = time.process_time()
        encoded.append(_encode(rows))
        t3 = time.process_time()
        load, extract, encode = load + t1 - t0, extract + t2 - t1, encode + t3 - t2
        # An event rule change: the entity pass's rows come from the entity cache (made here, untimed), then
        # the parse is read, the cached corrections applied, the quotes and events extracted and encoded.
        entry = _encode(entity_pass(doc_id, doc_from_bytes(blob, vocab), text=text))
        t4 = time.process_time()
        doc = doc_from_bytes(blob, vocab)
        cached = _decode_entities(entry)
        t5 = time.process_time()
        apply_entity_spans(doc, cached[ENTITY_SPANS])
        rows = event_pass(doc_id, doc, cached, published=published, text=text)
        t6 = time.process_time()
        events_encoded.append(_encode(rows))
        t7 = time.process_time()
        events_load, events_extract = events_load + t5 - t4, events_extract + t6 - t5
        events_encode += t7 - t6
    if rows_out is not None:
        rows_out.write_bytes(b"\n".join(encoded) + b"\n")
    if profiler is not None:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(60)
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(60)
        print(out.getvalue())
        profiler.dump_stats(str(profile_out))
    n = len(docs)
    return {
        "load": 1000 * load / n,
        "extract": 1000 * extract / n,
        "encode": 1000 * encode / n,
        "digest": hashlib.sha256(b"\n".join(encoded)).hexdigest()[:16],
        "events_load": 1000 * events_load / n,
        "events_extract": 1000 * events_extract / n,
        "events_encode": 1000 * events_encode / n,
        "events_digest": hashlib.sha256(b"\n".join(events_encoded)).hexdigest()[:16],
    }


def measure(docs, blobs, warm, warm_blobs, *, passes: int, rows_out: Path | None, profile_out: Path | None) -> list:
    """``passes`` timed passes, each in a fresh process forked after the warm-up, so no pass finds what an earlier
    pass left in a per-process cache (a run extracts each document once).  The warm-up extracts other documents
    first: lexicons, gazetteer, compiled patterns and per-process indexes are built once per worker process in a
    run and serve thousands of documents, so the timed passes measure that steady state."""
    import multiprocessing

    from flows.cache import doc_from_bytes
    from transforms.extract.document import extract_document
    from transforms.nlp.pipeline import load_pipeline

    vocab = load_pipeline().vocab
    for (doc_id, _, published), blob in zip(warm, warm_blobs, strict=True):
        extract_document(doc_id, doc_from_bytes(blob, vocab), published=published)
    context = multiprocessing.get_context("fork")
    results = []
    for i in range(passes):
        with context.Pool(1) as pool:
            args = (docs, blobs, vocab, rows_out if i == 0 else None, profile_out if i == 0 else None)
            results.append(pool.apply(_timed_pass, args))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="synthetic articles (the VOA stories are added)")
    parser.add_argument("--warm", type=int, default=100, help="further articles extracted first, untimed")
    parser.add_argument("--corpus", type=Path, help="articles.jsonl to take them from (default: generated)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed passes (one process each); the fastest is reported"
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsevents-extract-speed"))
    parser.add_argument("--rows", type=Path, help="write every document's encoded rows here")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)

    docs, warm = sample(args.n, args.corpus, args.warm)
    blobs = parses(docs + warm, args.work)
    runs = measure(
        docs,
        blobs[: len(docs)],
        warm,
        blobs[len(docs) :],
        passes=args.repeat,
        rows_out=args.rows,
        profile_out=args.work / "extract.prof" if args.profile else None,
    )
    best = min(runs, key=lambda r: r["load"] + r["extract"])
    words = sum(len(text.split()) for _, text, _ in docs) / len(docs)
    load_avg = os.getloadavg()[0]
    print(
        f"{len(docs)} documents ({words:.0f} words each on average), best of {args.repeat}: "
        f"read parse {best['load']:.2f} ms, extract_document {best['extract']:.2f} ms, "
        f"encode rows {best['encode']:.2f} ms CPU per document; rows digest {best['digest']}; "
        f"event rule changed (entity pass cached): read parse and entity rows {best['events_load']:.2f} ms, "
        f"quotes and events {best['events_extract']:.2f} ms, encode rows {best['events_encode']:.2f} ms, "
        f"rows digest {best['events_digest']}; load average {load_avg:.2f}"
    )
    if not args.no_write:
        # Appended, not rewritten: the file keeps every earlier round's comparison tables, which a plain
        # write_text used to wipe.
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        previous = OUT.read_text() if OUT.exists() else "# Extract stage: CPU per document from cached parses\n"
        OUT.write_text(
            previous.rstrip("\n") + f"\n\n## Run of {stamp}\n\n"
            "| documents | words/doc | pass | read parse (+ entity rows) ms | extraction ms | encode rows ms "
            "| rows digest |\n"
            "|---:|---:|---|---:|---:|---:|---|\n"
            f"| {len(docs)} | {words:.0f} | extract_document | {best['load']:.2f} | {best['extract']:.2f} "
            f"| {best['encode']:.2f} | {best['digest']} |\n"
            f"| {len(docs)} | {words:.0f} | event pass on cached entity rows | {best['events_load']:.2f} "
            f"| {best['events_extract']:.2f} | {best['events_encode']:.2f} | {best['events_digest']} |\n\n"
            f"CPU milliseconds per document (time.process_time, best of {args.repeat} passes), load average "
            f"{load_avg:.2f}, measured with `uv run python bench/extract_speed.py "
            f"{' '.join(argv if argv is not None else sys.argv[1:])}`.\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
