"""Which entity-correction passes earn their place: re3d TUNING half, headline F1 with each pass switched off.

Usage: uv run python bench/entities_ablation.py [--half tuning] [--out bench/results/entities_ablation.md]

Each row replaces one pass of transforms/extract/entity_rules.py by a no-op, reruns the corrections on the
same base-model parse, links the mentions (transforms/link/entities.py) and scores the headline table of
bench/entities_re3d.py. A pass whose removal does not lower F1 on the tuning half is a candidate to go. The
test half is never used here (that is what keeps it unseen).
"""

from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from entities_re3d import (  # noqa: E402
    DEFAULT_DATA,
    GOLD_MAP,
    PRED_MAP,
    TYPES,
    half,
    is_name,
    mid_sentence_capitals,
    score,
    strip_article,
)

import transforms.extract.entity_rules as rules  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# pass name -> (attribute of entity_rules, replacement)
ABLATIONS = {
    "missed names (gazetteer, demonyms, surnames)": ("_missed_names", lambda *a, **k: []),
    "repeated acronyms": ("_repeated_acronyms", lambda *a, **k: []),
    "parenthetical alternates": ("_parenthetical_alternates", lambda *a, **k: []),
    "doc-level label consistency (whole pass)": ("_consistent_labels", lambda doc, spans, people: list(spans)),
    "person evidence in consistency": ("_person_evidence", lambda *a, **k: False),
    "person context (apposition, title, age, coordination)": ("_persons_by_context", lambda doc, spans: list(spans)),
    "given names joined to their surname": ("_join_split_person_names", lambda doc, spans: list(spans)),
    "role-phrase split": ("_split_role_phrase", lambda *a, **k: None),
    "leading role words stripped": ("_strip_leading_roles", lambda doc, s, e: s),
    "place+demonym runs split": ("_split_place_demonym_run", lambda *a, **k: None),
    "bylines": ("_is_byline", lambda *a, **k: False),
    "name heads (FAC/LOC/GPE)": ("_head_label", lambda *a, **k: None),
    "bare town tagged ORG becomes a place": ("_bare_town_tagged_org", lambda *a, **k: False),
    "gazetteer labels": ("_gazetteer_label", lambda *a, **k: None),
}


@contextmanager
def patched(attr: str | None, replacement):
    if attr is None:
        yield
        return
    original = getattr(rules, attr)
    setattr(rules, attr, replacement)
    try:
        yield
    finally:
        setattr(rules, attr, original)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--half", default="tuning", choices=["tuning"])
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "entities_ablation.md")
    args = ap.parse_args()

    from spacy.tokens import Doc

    from transforms.link.entities import build_entities
    from transforms.nlp.pipeline import load_base_model, parse_texts

    records = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    capitals = mid_sentence_capitals([r["text"] for r in records])
    records = [r for r in records if half(r["id"]) == args.half]
    ids, texts = [r["id"] for r in records], [r["text"] for r in records]
    text_of = dict(zip(ids, texts, strict=True))
    gold = {
        (r["id"], e["start"], e["end"], GOLD_MAP[e["label"]])
        for r in records
        for e in r["entities"]
        if e["label"] in GOLD_MAP
    }
    g_art = {strip_article(text_of[g[0]], g) for g in gold}
    g_names = {g for g in g_art if is_name(text_of[g[0]], g[1], g[2], capitals)}
    dont_care = {g[:3] for g in g_art - g_names}
    nlp = load_base_model()
    base_bytes = [d.to_bytes() for d in parse_texts(nlp, texts)]

    def names_only(spans):
        return {s for s in (strip_article(text_of[x[0]], x) for x in spans) if s[:3] not in dont_care}

    def run(attr, replacement):
        with patched(attr, replacement):
            docs = [rules.fix_entities(Doc(nlp.vocab).from_bytes(b)) for b in base_bytes]
        _, mentions = build_entities(ids, docs, None)
        pred = {
            (r["doc_id"], r["char_start"], r["char_end"], PRED_MAP[r["label"]])
            for r in mentions.iter_rows(named=True)
            if r["label"] in PRED_MAP
        }
        return score(g_names, names_only(pred))

    plain = score(
        g_names,
        names_only(
            {
                (i, e.start_char, e.end_char, PRED_MAP[e.label_])
                for i, b in zip(ids, base_bytes, strict=True)
                for e in Doc(nlp.vocab).from_bytes(b).ents
                if e.label_ in PRED_MAP
            }
        ),
    )
    full = run(None, None)
    lines = [
        f"re3d dev, {args.half} half ({len(records)} docs), headline table (names, article ignored): F1 per type.",
        "Each row switches one pass off; the change against all passes on is in brackets (negative: the pass helps).",
        "",
        "| configuration | " + " | ".join(TYPES) + " | ALL |",
        "|---|" + "---:|" * (len(TYPES) + 1),
        "| plain en_core_web_sm | " + " | ".join(f"{plain[t][2]:.3f}" for t in (*TYPES, "ALL")) + " |",
        "| all passes on | " + " | ".join(f"{full[t][2]:.3f}" for t in (*TYPES, "ALL")) + " |",
    ]
    for name, (attr, replacement) in ABLATIONS.items():
        res = run(attr, replacement)
        cells = [f"{res[t][2]:.3f} ({res[t][2] - full[t][2]:+.3f})" for t in (*TYPES, "ALL")]
        lines.append(f"| without {name} | " + " | ".join(cells) + " |")
    out = "\n".join(lines)
    print(out)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(out + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
