"""Bench: event typing and roles on the PLOVER gold-standard dev sentences.

Each record is one sentence with one gold PLOVER category and gold source/target actor strings.
Prediction = the top-ranked trigger of the sentence (closest to the root, then strongest); a
sentence with no trigger counts as a miss. Actor/recipient match = a content word shared between
our role text and a gold actor string (over records whose gold list is non-empty).
Usage: uv run python bench/events_plover.py [path-to-jsonl]
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transforms.extract.events.mentions import build_events  # noqa: E402
from transforms.extract.events.roles import spacy_entity_frames  # noqa: E402
from transforms.extract.events.triggers import detect_triggers  # noqa: E402
from transforms.nlp.pipeline import load_pipeline  # noqa: E402
from transforms.schemas import PLOVER_CATEGORIES  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "plover" / "plover_gsr_dev.jsonl"
OUT = ROOT / "bench" / "results" / "events_plover.md"
STOP = {"the", "of", "and", "in", "a", "an", "to", "for", "on", "its", "his", "her", "their", "from", "with", "s"}


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", (text or "").lower()) if w not in STOP and len(w) > 1}


def matches(ours: str | None, gold: list[str]) -> bool:
    w = words(ours)
    return bool(w) and any(w & words(g) for g in gold)


def main(path: Path = DEV) -> str:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = load_pipeline()
    texts = [r["text"] for r in rows]
    docs = list(nlp.pipe(texts))
    ids = [r["id"] for r in rows]
    preds, confs = [], []
    a_hit = a_n = r_hit = r_n = 0
    for r, doc_id, doc in zip(rows, ids, docs, strict=True):
        trig = detect_triggers(doc[:])
        pred = trig[0].category if trig else "NONE"
        preds.append(pred)
        documents = pl.DataFrame(
            {
                "doc_id": [doc_id],
                "text": [r["text"]],
                "published_at": [datetime(2000, 1, 1, tzinfo=UTC)],
                "published_precision": ["day"],
                "dup_of": [None],
                "dup_cluster_id": [doc_id],
            },
            schema_overrides={"published_at": pl.Datetime("us", "UTC"), "dup_of": pl.String},
        )
        ents, ments = spacy_entity_frames([doc_id], [doc])
        events, _ = build_events([doc_id], [doc], documents, ents, ments)
        ev = events.filter(pl.col("event_type") == pred)
        row = ev.row(0, named=True) if ev.height else {}
        confs.append(row.get("confidence", 0.0))
        if r["source_actors"]:
            a_n += 1
            a_hit += matches(row.get("actor_text"), r["source_actors"])
        if r["target_actors"]:
            r_n += 1
            r_hit += matches(row.get("recipient_text"), r["target_actors"])
    gold = [r["event"] for r in rows]
    n = len(rows)
    acc = sum(p == g for p, g in zip(preds, gold)) / n
    lines = ["| category | n | precision | recall | F1 |", "|---|---:|---:|---:|---:|"]
    f1s = []
    for c in PLOVER_CATEGORIES:
        tp = sum(p == c and g == c for p, g in zip(preds, gold))
        fp = sum(p == c and g != c for p, g in zip(preds, gold))
        fn = sum(p != c and g == c for p, g in zip(preds, gold))
        support = sum(g == c for g in gold)
        if support == 0 and fp == 0:
            continue
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        if support:
            f1s.append(f1)
        lines.append(f"| {c} | {support} | {prec:.2f} | {rec:.2f} | {f1:.2f} |")
    macro = sum(f1s) / len(f1s)
    none = preds.count("NONE")
    # confidence means something: accuracy of the top event above and below the median confidence
    med = sorted(confs)[n // 2]
    hi = [p == g for p, g, c in zip(preds, gold, confs) if c >= med]
    lo = [p == g for p, g, c in zip(preds, gold, confs) if c < med]
    confusions = Counter((g, p) for p, g in zip(preds, gold) if p != g).most_common(8)
    report = "\n".join(
        [
            f"# Event typing on PLOVER GSR dev ({n} sentences)",
            "",
            f"- event-type accuracy (top-1): **{acc:.3f}**",
            f"- macro-F1 over the {len(f1s)} gold categories: **{macro:.3f}**",
            f"- sentences with no event found: {none}",
            f"- actor matches gold: {a_hit}/{a_n} = {a_hit / max(a_n, 1):.3f}; recipient matches gold: {r_hit}/{r_n} = {r_hit / max(r_n, 1):.3f}",
            f"- accuracy at confidence >= median ({med:.2f}): {sum(hi) / max(len(hi), 1):.3f} (n={len(hi)}); below: {sum(lo) / max(len(lo), 1):.3f} (n={len(lo)})",
            "",
            *lines,
            "",
            "Most frequent confusions (gold -> predicted): " + ", ".join(f"{g}->{p} ({k})" for (g, p), k in confusions),
            "",
        ]
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(report, encoding="utf-8")
    print(report)
    return report


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEV)
