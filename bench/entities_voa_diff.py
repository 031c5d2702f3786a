"""Entities on unseen news: where newsevents and the plain model disagree on the VOA stories, judged by reading.

Usage: uv run python bench/entities_voa_diff.py [--out bench/results/entities_voa_diff.md]

The 89 VOA stories (../shared/data/voa) have no entity gold and no rule was written from them. Both systems
run on them: the plain `en_core_web_sm` (its `doc.ents`) and newsevents (the model plus our corrections and
corpus-level linking, i.e. the published `entity_mentions`). Mentions are compared as (doc, span, type) with
PLACE = GPE+LOC+FAC and a leading article ignored, as in bench/entities_re3d.py. Where they differ, a
fixed-seed sample (random.Random(SEED)) of 30 mentions only newsevents has and 30 only the plain model has is
drawn; each was judged by a careful reader against its sentence: `right` when the span is a complete name of
that type (OntoNotes conventions: no titles, no articles), else `wrong`. The verdicts live in
bench/entities_voa_judgements.tsv (keyed by system, doc id, offsets, type); rows not yet judged are listed
as such. A system's mentions that the other lacks being right more often is the measure of which is better.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from entities_re3d import PRED_MAP, strip_article  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "voa" / "voa_stories.jsonl"
JUDGEMENTS = ROOT / "bench" / "entities_voa_judgements.tsv"
SEED = 11
PER_SIDE = 30


def mentions(records: list[dict]) -> tuple[set, set]:
    """(plain, newsevents) mentions as (doc_id, start, end, type), leading article stripped."""
    from transforms.link.entities import build_entities
    from transforms.nlp.pipeline import load_base_model, load_corrected_pipeline, parse_texts

    ids, texts = [r["id"] for r in records], [r["text"] for r in records]
    text_of = dict(zip(ids, texts, strict=True))
    plain = {
        (i, e.start_char, e.end_char, PRED_MAP[e.label_])
        for i, d in zip(ids, parse_texts(load_base_model(), texts), strict=True)
        for e in d.ents
        if e.label_ in PRED_MAP
    }
    _, ments = build_entities(ids, parse_texts(load_corrected_pipeline(), texts), None)
    ours = {
        (r["doc_id"], r["char_start"], r["char_end"], PRED_MAP[r["label"]])
        for r in ments.iter_rows(named=True)
        if r["label"] in PRED_MAP
    }
    return ({strip_article(text_of[m[0]], m) for m in plain}, {strip_article(text_of[m[0]], m) for m in ours})


def context(text: str, start: int, end: int, width: int = 70) -> str:
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    return f"…{left}**[{text[start:end]}]**{right}…".replace("|", "/")


def read_judgements(path: Path) -> dict[tuple, tuple[str, str]]:
    if not path.exists():
        return {}
    out = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"):
            key = (row["system"], row["doc_id"], int(row["char_start"]), int(row["char_end"]), row["type"])
            out[key] = (row["verdict"], row.get("note", ""))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "entities_voa_diff.md")
    ap.add_argument("--unjudged", type=Path, help="write the sample rows without a verdict here (TSV)")
    args = ap.parse_args()

    records = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [{"id": str(r["id"]), "text": r["text"]} for r in records]
    text_of = {r["id"]: r["text"] for r in records}
    plain, ours = mentions(records)
    only = {"newsevents": sorted(ours - plain), "plain": sorted(plain - ours)}
    rng = random.Random(SEED)
    sample = {side: rng.sample(rows, min(PER_SIDE, len(rows))) for side, rows in only.items()}
    judged = read_judgements(JUDGEMENTS)

    lines = [
        f"VOA stories: {len(records)} documents. Mentions (PERSON/ORG/PLACE/NORP): plain model {len(plain)}, "
        f"newsevents {len(ours)}; in both {len(plain & ours)}; only newsevents {len(only['newsevents'])}; "
        f"only plain {len(only['plain'])}.",
        f"Sample: {PER_SIDE} of each side where they differ, random.Random({SEED}); verdicts in "
        "bench/entities_voa_judgements.tsv.",
        "",
        "| system (mentions only it has) | judged | right | wrong | share right |",
        "|---|---:|---:|---:|---:|",
    ]
    unjudged, detail = [], []
    per_type: Counter = Counter()
    for side in ("newsevents", "plain"):
        verdicts = Counter()
        for doc_id, start, end, etype in sample[side]:
            key = (side, doc_id, start, end, etype)
            verdict, note = judged.get(key, ("", ""))
            if verdict:
                verdicts[verdict] += 1
                per_type[(side, etype, verdict)] += 1
            else:
                unjudged.append((*key, text_of[doc_id][start:end], context(text_of[doc_id], start, end)))
            detail.append(
                f"| {side} | {etype} | {context(text_of[doc_id], start, end)} | {verdict or 'unjudged'} | {note} |"
            )
        n = verdicts["right"] + verdicts["wrong"]
        share = f"{verdicts['right'] / n:.2f}" if n else "-"
        lines.append(f"| {side} | {n} | {verdicts['right']} | {verdicts['wrong']} | {share} |")
    lines += ["", "Per type (right/judged):", "", "| type | newsevents only | plain only |", "|---|---:|---:|"]
    for etype in ("PERSON", "ORG", "PLACE", "NORP"):
        cells = []
        for side in ("newsevents", "plain"):
            right, wrong = per_type[(side, etype, "right")], per_type[(side, etype, "wrong")]
            cells.append(f"{right}/{right + wrong}")
        lines.append(f"| {etype} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## The sample",
        "",
        "| system | type | mention in context | verdict | note |",
        "|---|---|---|---|---|",
    ]
    lines += detail
    out = "\n".join(lines)
    print("\n".join(lines[:12]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(out + "\n", encoding="utf-8")
    if args.unjudged:
        with args.unjudged.open("w", encoding="utf-8") as fh:
            fh.write("system\tdoc_id\tchar_start\tchar_end\ttype\ttext\tcontext\n")
            for row in unjudged:
                fh.write("\t".join(str(x) for x in row) + "\n")
    if unjudged:
        print(f"\n{len(unjudged)} sampled mentions have no verdict yet", file=sys.stderr)


if __name__ == "__main__":
    main()
