"""Bench: the triggers a rule change adds on text we did not write, and a fixed-seed sample of them to judge.

``--dump PATH`` writes every trigger the coder finds in the VOA stories and the WCXB dev pages' gold text (one row per
trigger: source, doc id, sentence index, category, CAMEO code, trigger text, sentence), from the parses that
``bench/coder_coverage.py --cache`` keeps; run it before and after a change, then ``--before A --after B`` lists the
triggers of B that A lacks (same sentence and category) and draws a random sample of 40 of them (seed 909) for a
reader to judge whether each is a real event of the coded type.

Usage: uv run python bench/coder_added.py --cache DOCBIN --dump PATH
       uv run python bench/coder_added.py --before A --after B [--sample 40]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 909  # ninth round: drawn once, after the round's rules


def dump(cache: Path, out: Path) -> None:
    from bench.coder_coverage import parsed, texts
    from transforms.extract.events.triggers import detect_triggers
    from transforms.nlp.pipeline import load_corrected_pipeline

    nlp = load_corrected_pipeline()
    items = texts()
    docs = parsed(nlp, items, cache)
    with out.open("w", encoding="utf-8") as f:
        for (source, doc_id, _), doc in zip(items, docs, strict=True):
            for si, sent in enumerate(doc.sents):
                for t in detect_triggers(sent):
                    text = " ".join(sent.text.split())
                    f.write(f"{source}\t{doc_id}\t{si}\t{t.category}\t{t.cameo_code}\t{t.text}\t{text}\n")


def rows(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line]


def added(before: Path, after: Path, size: int) -> None:
    old = {tuple(r[:4]) for r in rows(before)}
    new = [r for r in rows(after) if tuple(r[:4]) not in old]
    gone = {tuple(r[:4]) for r in rows(after)}
    lost = [r for r in rows(before) if tuple(r[:4]) not in gone]
    print(f"triggers before {len(old)}, after {len(rows(after))}: added {len(new)}, gone {len(lost)}")
    sample = random.Random(SEED).sample(new, min(size, len(new)))
    for r in sorted(sample, key=lambda r: (r[0], r[1], int(r[2]))):
        print("\t".join(r))
    print("== gone")
    for r in lost:
        print("\t".join(r))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path)
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--before", type=Path)
    ap.add_argument("--after", type=Path)
    ap.add_argument("--sample", type=int, default=40)
    a = ap.parse_args()
    if a.dump:
        dump(a.cache, a.dump)
    else:
        added(a.before, a.after, a.sample)
