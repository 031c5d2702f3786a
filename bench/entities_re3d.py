"""Entity layer vs the plain spaCy model on the re3d dev set: precision/recall/F1 per type.

Usage: uv run python bench/entities_re3d.py [--data PATH] [--out bench/results/entities_re3d.md]

Tuning and test halves: the 21 dev documents are split by a fixed rule, the parity of the SHA-256 of the
document id (even: tuning, odd: test). Rules may be tuned on the tuning half only; the test half is text the
rules never saw. Each half is run through the pipeline on its own (corpus-level linking sees only that half).

Label mapping (re3d -> ours, see the data's SOURCE.md): Person -> PERSON, Organisation -> ORG,
Location -> PLACE (our GPE, LOC and FAC), Nationality -> NORP. Other re3d labels are not entity types here.
A prediction counts only if its span and mapped type equal a gold entity's (no partial credit).

Scoring choices (applied identically to both systems; the strict table is always printed too):

1. Names only (the headline table). re3d annotates every referring expression, not just names: pronouns
   ("we", "they", "he"), common noun phrases ("the airport", "Iraqi security forces", "patients"), even
   coordinates. No NER system, ours or spaCy's, targets those, so they bury the comparison in recall both
   systems cannot have. The headline table keeps the gold spans that contain a name token: a capitalised
   word (or acronym) that is not a pronoun or determiner and, when it opens its sentence, also appears
   capitalised mid-sentence somewhere in the set (so "Witnesses said" is not a name, "Syria has" is).
   Predictions whose span equals a dropped gold span are ignored (neither right nor wrong) for both systems.
2. Leading article ignored. re3d spans include "the" ("the United Nations"); our names drop it by design
   (canonical names), spaCy keeps it sometimes. "the"/"a"/"an" at the start of a span is stripped on gold
   and on both systems' predictions before matching.
3. Strict: every gold span of the four types, exact characters. Shown for reference; it mostly measures
   article conventions and the non-name annotations above.

Known annotation conventions that cost both systems equally: re3d keeps only the longest span where
entities overlapped ("Baghdad , Iraq", "the Doura district of Baghdad"), so a correct nested name counts
as a false positive; groups of people ("Syrians", "IS fighters") are Organisation, where NER says NORP.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "re3d" / "re3d_dev.jsonl"
GOLD_MAP = {"Person": "PERSON", "Organisation": "ORG", "Location": "PLACE", "Nationality": "NORP"}
PRED_MAP = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "NORP": "NORP"}
TYPES = ("PERSON", "ORG", "PLACE", "NORP")

ARTICLES = ("the ", "The ", "a ", "A ", "an ", "An ")
# Closed-class words that are capitalised only because they open a sentence (or "I"): never a name.
NOT_NAMES = frozenset(
    """i me my mine myself we us our ours ourselves you your yours he him his himself she her hers herself
    it its itself they them their theirs themselves this that these those the a an one another some
    any all each every here there who what which""".split()
)
_WORD = re.compile(r"\S+")


def half(doc_id: str) -> str:
    """'tuning' or 'test' for a document, by the parity of the SHA-256 of its id (a fixed rule)."""
    return "tuning" if int(hashlib.sha256(doc_id.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "test"


def strip_article(text: str, span: tuple) -> tuple:
    """Drop a leading article from a (doc, start, end, type) span: re3d keeps 'the', our names do not."""
    doc_id, start, end, t = span
    for a in ARTICLES:
        if text[start:end].startswith(a) and end > start + len(a):
            return (doc_id, start + len(a), end, t)
    return span


def mid_sentence_capitals(texts: list[str]) -> set[str]:
    """Words seen capitalised somewhere other than the start of a line (the data has one sentence per line)."""
    out = set()
    for text in texts:
        for line in text.split("\n"):
            words = line.split()
            for prev, w in zip(words, words[1:]):
                if w[:1].isupper() and prev not in {'"', "“", "'", ".", ":", "(", "["}:
                    out.add(w)
    return out


def is_name(text: str, start: int, end: int, capitals: set[str]) -> bool:
    """Whether a gold span contains a name token (see the module docstring, choice 1)."""
    line_start = text.rfind("\n", 0, start) + 1
    for m in _WORD.finditer(text, start, end):
        w = m.group()
        acronym = w.isupper() and len(w) > 1  # "US" is a name, "Us" a pronoun
        if not w[:1].isupper() or (w.lower() in NOT_NAMES and not acronym):
            continue
        opens_sentence = not text[line_start : start + m.start() - start].strip(" \"“'([")
        if not opens_sentence or w in capitals or acronym:
            return True
    return False


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


def table(title: str, gold: set, base_pred: set, ours_pred: set) -> list[str]:
    base, ours = score(gold, base_pred), score(gold, ours_pred)
    lines = [
        "",
        f"**{title}**",
        "",
        "| type | n | spaCy sm P | R | F1 | newsevents P | R | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for t in (*TYPES, "ALL"):
        bp, br, bf, n = base[t]
        op, orr, of, _ = ours[t]
        lines.append(f"| {t} | {n} | {bp:.3f} | {br:.3f} | {bf:.3f} | {op:.3f} | {orr:.3f} | {of:.3f} |")
    return lines


def predictions(records: list[dict]) -> tuple[set, set]:
    """(plain spaCy spans, newsevents spans) as (doc_id, start, end, type) for one set of documents."""
    from transforms.link.entities import build_entities
    from transforms.nlp.pipeline import load_base_model, load_corrected_pipeline, parse_texts

    texts = [r["text"] for r in records]
    ids = [r["id"] for r in records]
    base_docs = parse_texts(load_base_model(), texts)
    base_pred = {
        (i, e.start_char, e.end_char, PRED_MAP[e.label_])
        for i, d in zip(ids, base_docs, strict=True)
        for e in d.ents
        if e.label_ in PRED_MAP
    }
    _, mentions = build_entities(ids, parse_texts(load_corrected_pipeline(), texts), None)
    ours_pred = {
        (r["doc_id"], r["char_start"], r["char_end"], PRED_MAP[r["label"]])
        for r in mentions.iter_rows(named=True)
        if r["label"] in PRED_MAP
    }
    return base_pred, ours_pred


def report(title: str, records: list[dict], capitals: set[str], *, all_tables: bool) -> tuple[list[str], set, set]:
    """The scoring tables for one set of documents, plus the names-only gold and our names-only predictions."""
    text_of = {r["id"]: r["text"] for r in records}
    gold = {
        (r["id"], e["start"], e["end"], GOLD_MAP[e["label"]])
        for r in records
        for e in r["entities"]
        if e["label"] in GOLD_MAP
    }
    base_pred, ours_pred = predictions(records)

    def norm(spans: set) -> set:
        return {strip_article(text_of[s[0]], s) for s in spans}

    g_art = norm(gold)
    g_names = {g for g in g_art if is_name(text_of[g[0]], g[1], g[2], capitals)}
    dont_care = {g[:3] for g in g_art - g_names}

    def names_only(spans: set) -> set:
        return {s for s in norm(spans) if s[:3] not in dont_care}

    lines = [
        "",
        f"## {title}",
        "",
        f"{len(records)} documents; gold spans that are names: {len(g_names)} of {len(gold)} "
        "(the rest are pronouns and common noun phrases).",
    ]
    lines += table(
        "Names (gold spans containing a name), leading article ignored on both sides: the headline table",
        g_names,
        names_only(base_pred),
        names_only(ours_pred),
    )
    if all_tables:
        lines += table("All gold spans, leading article ignored on both sides", g_art, norm(base_pred), norm(ours_pred))
    lines += table("Strict: all gold spans, exact span + type", gold, base_pred, ours_pred)
    return lines, g_names, names_only(ours_pred)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "entities_re3d.md")
    args = ap.parse_args()

    records = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    capitals = mid_sentence_capitals([r["text"] for r in records])
    tuning = [r for r in records if half(r["id"]) == "tuning"]
    test = [r for r in records if half(r["id"]) == "test"]
    lines = [
        f"re3d dev ({len(records)} docs: BBC_Online + Wikipedia), split by the parity of sha256(doc id): "
        f"{len(tuning)} tuning docs, {len(test)} test docs. PLACE = GPE+LOC+FAC; `n` = gold spans per type.",
        "Rules may be tuned on the tuning half only; the test half is text they never saw.",
    ]
    errors: Counter = Counter()
    for title, subset in (("Test half (never used for tuning)", test), ("Tuning half", tuning)):
        part, g_names, ours_names = report(title, subset, capitals, all_tables=False)
        lines += part
        errors.update(f"{title.split()[0].lower()} {x[-1]}" for x in ours_names - g_names)
    part, _, _ = report(
        "Both halves together (for comparison with earlier results)", records, capitals, all_tables=True
    )
    lines += part
    out = "\n".join(lines)
    print(out)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(out + "\n", encoding="utf-8")
    print("\nfalse positives per half and type (ours, names table):", dict(sorted(errors.items())))


if __name__ == "__main__":
    main()
