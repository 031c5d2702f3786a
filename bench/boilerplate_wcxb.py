"""Boilerplate removal on the WCXB dev pages: plain text (select-all copy) and HTML, tuning and test parts.

Usage: uv run python bench/boilerplate_wcxb.py [--data PATH] [--out bench/results/boilerplate_wcxb.md]

Data: ../shared/data/wcxb_dev/wcxb_dev.jsonl.gz, 205 article pages with gold main content (WCXB, CC BY 4.0;
see its SOURCE.md).  The gold is the article body without its title, as the benchmark's annotators marked it.

Split (fixed before any tuning, never changed): a page is in the tuning part when the first byte of
sha256(page id) is even, else in the test part.  Thresholds were chosen on the tuning part only.

Systems, each page scored against the gold:
- plain text: the page's select-all text (``transforms.ingest.html.page_text_lines``: all visible text, one
  line per block, scripts and styles dropped), given to the pipeline as .txt files would be (no site name);
  "keep all" is that text unchanged, "newsevents" the ``documents.text`` that ``clean_documents`` makes of
  it, with all pages cleaned together as one corpus (cross-document templates included);
- HTML: "trafilatura default" is ``trafilatura.extract(html)`` with its defaults; "trafilatura
  favor_recall" the same with ``favor_recall=True``; "trafilatura, comments off" is trafilatura as newsevents
  called it before the combination; "newsevents" is the page through ``parse_inputs`` (trafilatura's view
  and readability combined with the classified select-all view and the article body the page's structured
  data states, figure captions left out) and ``clean_documents``.

Metric (the ScrapingHub article-extraction benchmark's): multisets of word 4-gram shingles (tokens ``\\w+``);
per page precision and recall; both averaged over pages; F1 is the harmonic mean of the two averages.  The
mean of per-page F1 is shown beside it.

Accounting: every line of the plain-text pages that ``clean_documents`` removes must have a ``boilerplate``
row whose reason is in ``transforms.schemas.BOILERPLATE_REASONS``; the script fails otherwise.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transforms.clean.documents import clean_documents  # noqa: E402
from transforms.ingest.html import page_text_lines  # noqa: E402
from transforms.ingest.parse import INPUT_RECORDS_SCHEMA, RAW_DOCUMENTS_SCHEMA, parse_inputs  # noqa: E402
from transforms.schemas import BOILERPLATE_REASONS  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "wcxb_dev" / "wcxb_dev.jsonl.gz"
DEFAULT_OUT = ROOT / "bench" / "results" / "boilerplate_wcxb.md"
PARTS = ("tuning", "test", "all")
_TOKEN = re.compile(r"\w+")


def part_of(page_id: str) -> str:
    """The fixed split: tuning when sha256(id)'s first byte is even, else test."""
    return "tuning" if hashlib.sha256(page_id.encode("utf-8")).digest()[0] % 2 == 0 else "test"


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def precision_recall(gold: str, predicted: str) -> tuple[float, float]:
    g, p = shingles(gold), shingles(predicted)
    tp = sum((g & p).values())
    fp = sum(p.values()) - tp
    fn = sum(g.values()) - tp
    if fp == fn == 0:
        return 1.0, 1.0
    precision = 0.0 if tp == fp == 0 else tp / (tp + fp)
    recall = 0.0 if tp == fn == 0 else tp / (tp + fn)
    return precision, recall


def summary(pages: list[dict], predictions: dict[str, str]) -> dict[str, tuple[float, float, float, float, int]]:
    """part -> (F1 of mean P and mean R, mean P, mean R, mean per-page F1, pages)."""
    out = {}
    for part in PARTS:
        scores = [
            precision_recall(p["main_content"], predictions[p["id"]])
            for p in pages
            if part == "all" or part_of(p["id"]) == part
        ]
        mean_p = statistics.mean(s[0] for s in scores)
        mean_r = statistics.mean(s[1] for s in scores)
        f1 = 2 * mean_p * mean_r / (mean_p + mean_r) if mean_p + mean_r else 0.0
        per_page = statistics.mean(2 * p * r / (p + r) if p + r else 0.0 for p, r in scores)
        out[part] = (f1, mean_p, mean_r, per_page, len(scores))
    return out


def _raw_txt(pages: list[dict], texts: dict[str, str]) -> pl.DataFrame:
    rows = []
    for p in pages:
        row = dict.fromkeys(RAW_DOCUMENTS_SCHEMA)
        row.update(doc_id=p["id"], source_uri=f"{p['id']}.txt", format="txt", raw_text=texts[p["id"]])
        rows.append(row)
    return pl.DataFrame(rows, schema=RAW_DOCUMENTS_SCHEMA, orient="row")


def check_accounts(raw: pl.DataFrame, docs: pl.DataFrame, bp: pl.DataFrame) -> tuple[int, int]:
    """(removed lines, documents whose text is not exactly their non-blank lines minus the removed ones)."""
    unknown = set(bp["reason"]) - set(BOILERPLATE_REASONS)
    if unknown:
        raise SystemExit(f"undocumented reasons: {sorted(unknown)}")
    kept_by_doc = dict(zip(docs["doc_id"], docs["text"]))
    rows = bp.group_by("doc_id").agg(pl.col("line_no"))
    removed_by_doc = dict(zip(rows["doc_id"].to_list(), rows["line_no"].to_list()))
    removed = missing = 0
    for doc_id, raw_text in zip(raw["doc_id"], raw["raw_text"]):
        lines = raw_text.split("\n")
        gone = set(removed_by_doc.get(doc_id) or [])
        kept = [" ".join(line.split()) for no, line in enumerate(lines) if line.strip() and no not in gone]
        text_lines = [line for line in kept_by_doc[doc_id].replace("\n\n", "\n").split("\n") if line]
        removed += len(gone)
        # A non-blank line missing from the text without a row would be a silent loss.
        missing += text_lines != kept
    return removed, missing


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    import trafilatura

    with gzip.open(args.data, "rt", encoding="utf-8") as f:
        pages = [json.loads(line) for line in f]
    print(f"{len(pages)} pages", flush=True)

    systems: dict[str, dict[str, str]] = {}
    timings: dict[str, float] = {}

    start = time.process_time()
    plain = {p["id"]: "\n".join(page_text_lines(p["html"])) for p in pages}
    timings["select-all text"] = time.process_time() - start
    systems["plain: keep all"] = plain

    start = time.process_time()
    raw = _raw_txt(pages, plain)
    docs, bp = clean_documents(raw)
    timings["newsevents clean (plain)"] = time.process_time() - start
    systems["plain: newsevents"] = dict(zip(docs["doc_id"], docs["text"]))
    removed, missing = check_accounts(raw, docs, bp)
    reasons = bp["reason"].value_counts().sort(["count", "reason"], descending=[True, False])

    start = time.process_time()
    systems["html: trafilatura default"] = {p["id"]: trafilatura.extract(p["html"]) or "" for p in pages}
    timings["trafilatura default"] = time.process_time() - start
    systems["html: trafilatura favor_recall"] = {
        p["id"]: trafilatura.extract(p["html"], favor_recall=True) or "" for p in pages
    }
    systems["html: trafilatura, comments off"] = {
        p["id"]: trafilatura.extract(p["html"], url=p["url"], include_comments=False) or "" for p in pages
    }

    start = time.process_time()
    files = pl.DataFrame(
        [
            {
                "source_uri": f"{p['id']}.html",
                "format": "html",
                "size": len(p["html"].encode()),
                "sha256": None,
                "data": p["html"].encode(),
                "read_error": None,
                "read_detail": None,
            }
            for p in pages
        ],
        schema=INPUT_RECORDS_SCHEMA,
        orient="row",
    )
    html_raw, rejects = parse_inputs(files)
    timings["newsevents ingest (html)"] = time.process_time() - start
    html_docs, _ = clean_documents(html_raw)
    timings["newsevents ingest + clean (html)"] = time.process_time() - start
    by_uri = dict(zip(html_docs["source_uri"], html_docs["text"]))
    systems["html: newsevents"] = {p["id"]: by_uri.get(f"{p['id']}.html", "") for p in pages}

    results = {name: summary(pages, preds) for name, preds in systems.items()}
    n_parts = Counter(part_of(p["id"]) for p in pages)
    lines = [
        "# Boilerplate removal on WCXB dev pages (4-gram shingle F1)",
        "",
        f"{len(pages)} article pages; fixed split by sha256(id): tuning {n_parts['tuning']}, test {n_parts['test']}. "
        "F1 = harmonic mean of per-page precision and recall averaged over pages (ScrapingHub benchmark); "
        "mean F1 = mean of per-page F1.",
        "",
        "| system | part | F1 | precision | recall | mean F1 | pages |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for name, by_part in results.items():
        for part in PARTS:
            f1, p, r, mf, n = by_part[part]
            lines.append(f"| {name} | {part} | {f1:.3f} | {p:.3f} | {r:.3f} | {mf:.3f} | {n} |")
    base = results["html: trafilatura default"]
    ours = results["html: newsevents"]
    lines += [
        "",
        "HTML, newsevents minus trafilatura default (F1): "
        + ", ".join(f"{part} {ours[part][0] - base[part][0]:+.3f}" for part in PARTS)
        + "; to four decimals: "
        + ", ".join(
            f"{part} {ours[part][0]:.4f} - {base[part][0]:.4f} = {ours[part][0] - base[part][0]:+.4f}" for part in PARTS
        ),
        "",
        f"HTML rejects (no main text): {rejects.height}.",
        "",
        f"Plain text: {removed} lines removed, each with a boilerplate row whose reason is in "
        f"BOILERPLATE_REASONS; documents whose text is not their lines minus those rows: {missing}.",
        "",
        "| reason | lines removed (plain text, all pages) |",
        "|---|---:|",
        *[f"| {reason} | {count} |" for reason, count in reasons.iter_rows()],
        "",
        "CPU seconds of this process (time.process_time, so the load of the shared machine does not count; load "
        f"average at the end {os.getloadavg()[0]:.1f}): " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()) + ".",
        "",
        "HTML, newsevents over trafilatura default, CPU: ingest (extraction) "
        f"{timings['newsevents ingest (html)'] / timings['trafilatura default']:.1f} times, ingest + clean "
        f"{timings['newsevents ingest + clean (html)'] / timings['trafilatura default']:.1f} times. Each page's "
        "markup is parsed once (trafilatura's loader); the select-all text, trafilatura, readability (on a copy), "
        "the structured-data reader and the date readers share the tree.",
        "",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    if missing:
        raise SystemExit(f"{missing} documents lost lines without a boilerplate row")


if __name__ == "__main__":
    main()
