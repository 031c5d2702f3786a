"""Entity layer vs the plain spaCy model on the re3d dev set: exact-span precision/recall/F1 per type.

Usage: uv run python bench/entities_re3d.py [--data PATH] [--out bench/results/entities_re3d.md]

Label mapping (re3d -> ours, see the data's SOURCE.md): Person -> PERSON, Organisation -> ORG,
Location -> places (GPE, LOC, FAC), Nationality -> NORP. Other re3d labels are not entity types here.
A prediction counts only if its character span and mapped type equal a gold entity's.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "re3d" / "re3d_dev.jsonl"
GOLD_MAP = {"Person": "PERSON", "Organisation": "ORG", "Location": "PLACE", "Nationality": "NORP"}
PRED_MAP = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "NORP": "NORP"}
TYPES = ("PERSON", "ORG", "PLACE", "NORP")


ARTICLES = ("the ", "The ", "a ", "an ")


def strip_article(text: str, span: tuple) -> tuple:
    """Drop a leading article from a (doc, start, end, type) span: re3d keeps 'the', our names do not."""
    doc_id, start, end, t = span
    for a in ARTICLES:
        if text[start:end].startswith(a):
            return (doc_id, start + len(a), end, t)
    return span


def score(gold: set, pred: set) -> dict[str, tuple[float, float, float, int]]:
    out = {}
    for t in (*TYPES, "ALL"):
        g = {x for x in gold if t == "ALL" or x[-1] == t}
        p = {x for x in pred if t == "ALL" or x[-1] == t}
        tp = len(g & p)
        prec = tp / len(p) if p else 0.0
        rec = tp / len(g) if g else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[t] = (prec, rec, f1, len(g))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "entities_re3d.md")
    args = ap.parse_args()

    from transforms.entities import build_entities
    from transforms.nlp import load_base_model, load_pipeline, parse_texts

    records = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [r["text"] for r in records]
    ids = [r["id"] for r in records]
    gold = {(r["id"], e["start"], e["end"], GOLD_MAP[e["label"]]) for r in records for e in r["entities"] if e["label"] in GOLD_MAP}

    base_docs = parse_texts(load_base_model(), texts)
    base_pred = {(i, e.start_char, e.end_char, PRED_MAP[e.label_]) for i, d in zip(ids, base_docs) for e in d.ents if e.label_ in PRED_MAP}
    ours_docs = parse_texts(load_pipeline(), texts)
    _, mentions = build_entities(ids, ours_docs, None)
    ours_pred = {(r["doc_id"], r["char_start"], r["char_end"], PRED_MAP[r["label"]]) for r in mentions.iter_rows(named=True) if r["label"] in PRED_MAP}

    text_of = dict(zip(ids, texts, strict=True))

    def norm(spans: set) -> set:
        return {strip_article(text_of[s[0]], s) for s in spans}

    lines = [f"re3d dev ({len(records)} docs: BBC_Online + Wikipedia); gold counts per type in `n`; PLACE = GPE+LOC+FAC."]
    for title, g, b, o in (
        ("Span + type match, leading article ignored on both sides (our names drop 'the' by design)", norm(gold), norm(base_pred), norm(ours_pred)),
        ("Strict exact span + type match", gold, base_pred, ours_pred),
    ):
        base, ours = score(g, b), score(g, o)
        lines += ["", f"**{title}**", "", "| type | n | spaCy sm P | R | F1 | newsevents P | R | F1 |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for t in (*TYPES, "ALL"):
            bp, br, bf, n = base[t]
            op, orr, of, _ = ours[t]
            lines.append(f"| {t} | {n} | {bp:.3f} | {br:.3f} | {bf:.3f} | {op:.3f} | {orr:.3f} | {of:.3f} |")
    table = "\n".join(lines)
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table + "\n", encoding="utf-8")
    errors = Counter()
    for x in sorted(ours_pred - gold):
        errors[x[-1]] += 1
    print("\nfalse positives per type (ours):", dict(sorted(errors.items())))


if __name__ == "__main__":
    main()
