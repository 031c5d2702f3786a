"""Actor codes on the 89 VOA stories: how many entity mentions get a CAMEO-style code, and are they right?

Usage: uv run python bench/actor_codes_voa.py [--data PATH] [--out bench/results/actor_codes_voa.md]

Each story is parsed with the project's pipeline (``transforms.nlp.load_corrected_pipeline()``).  Every PERSON, ORG,
GPE and NORP entity mention is coded with ``actor_codes(mention, entity_type=label, on_date=published)``
in two settings: the dictionaries alone, and with the entity's country from the gazetteer
(``lookup_place`` for GPE, ``lookup_demonym`` for NORP), as the pipeline passes it from the entities table,
and a third that adds the mention's title and the codes of the same name elsewhere in the story.  No context
country is passed (that depends on the caller).

A fixed-seed sample of 40 coded mentions (the 40 smallest hashes of seed 20251130 + story + offset, third setting) is listed with its sentence; the
verdicts are a careful reader's (the engineer's), kept in ``bench/actor_codes_voa_judgements.tsv`` keyed by
story id and offset, so a rerun shows which rows are still unjudged.  A code is ``right`` when it is the
code a CAMEO coder would give the mention on that date following the Phoenix dictionaries' conventions,
``partly`` when the country or the body is right but the sector is missing or wrong, ``wrong`` otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from datetime import UTC, date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "voa" / "voa_stories.jsonl"
JUDGEMENTS = ROOT / "bench" / "actor_codes_voa_judgements.tsv"
LABELS = ("PERSON", "ORG", "GPE", "NORP")
SEED, SAMPLE, ROLE_SAMPLE = 20251130, 40, 20


def _published(s: str | None) -> date | None:
    try:
        return date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None


def _judgements() -> dict[tuple[str, int], tuple[str, str, str]]:
    """(story, offset) -> (codes judged, verdict, note)."""
    out = {}
    if JUDGEMENTS.exists():
        for line in JUDGEMENTS.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            doc_id, start, _mention, codes, verdict, note = (line.split("\t") + [""] * 6)[:6]
            out[(doc_id, int(start))] = (codes, verdict, note)
    return out


def _verdict(judged: dict, row) -> tuple[str, str]:
    """The verdict on a row, unless its codes changed since it was judged."""
    codes, verdict, note = judged.get((row[0], row[1]), ("", "unjudged", ""))
    if verdict != "unjudged" and codes != " ".join(row[4]):
        return "unjudged", f"codes changed since judged ({codes})"
    return verdict, note


def _sample(rows: list, n: int) -> list:
    """The n rows whose hash (seed, story, offset) is smallest: a fixed-seed sample that a change elsewhere in
    the results does not reshuffle, so the verdicts stay attached to their rows."""
    ranked = sorted(rows, key=lambda r: hashlib.sha256(f"{SEED}|{r[0]}|{r[1]}".encode()).hexdigest())
    return sorted(ranked[:n], key=lambda r: (r[0], r[1]))


def _judged_table(title: str, sample: list, judged: dict) -> list[str]:
    verdicts = Counter(_verdict(judged, r)[0] for r in sample)
    right, n_judged = verdicts["right"], len(sample) - verdicts["unjudged"]
    lines = [
        "",
        f"## {title}",
        "",
        f"right {right}, partly {verdicts['partly']}, wrong {verdicts['wrong']}, unjudged {verdicts['unjudged']}"
        + (f"; precision (right / judged) {right / n_judged:.2f}" if n_judged else "")
        + ".  Verdicts: `bench/actor_codes_voa_judgements.tsv`.",
        "",
        "| story | mention | label | codes | verdict | note | sentence |",
        "|---|---|---|---|---|---|---|",
    ]
    for doc_id, start, text, label, codes, sent in sample:
        verdict, note = _verdict(judged, (doc_id, start, text, label, codes))
        short = sent if len(sent) <= 160 else sent[:157] + "..."
        lines.append(
            f"| {doc_id}@{start} | {text} | {label} | {' '.join(codes)} | {verdict} | {note} | "
            + short.replace("|", "/")
            + " |"
        )
    return lines


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "actor_codes_voa.md")
    args = ap.parse_args()

    from transforms.extract.events.actors import actor_codes, best_codes, mention_phrase
    from transforms.gazetteer import lookup_demonym, lookup_place
    from transforms.nlp.pipeline import load_corrected_pipeline, parse_texts

    stories = [json.loads(x) for x in args.data.read_text(encoding="utf-8").splitlines() if x.strip()]
    docs = parse_texts(load_corrected_pipeline(), [s["text"] for s in stories])

    total, coded_plain, coded_gaz, coded_doc = Counter(), Counter(), Counter(), Counter()
    rows = []
    for story, doc in zip(stories, docs, strict=True):
        pub = _published(story.get("published"))
        per_name: dict[tuple[str, str], list[list[str]]] = {}
        mentions = []
        for e in doc.ents:
            if e.label_ not in LABELS:
                continue
            total[e.label_] += 1
            plain = actor_codes(e.text, entity_type=e.label_, on_date=pub)
            country = None
            if e.label_ == "GPE" and (p := lookup_place(e.text)) is not None:
                country = p.country_code
            elif e.label_ == "NORP" and (dm := lookup_demonym(e.text)) is not None:
                country = dm.country_code
            gaz = actor_codes(e.text, entity_type=e.label_, country_code=country, on_date=pub)
            titled = actor_codes(mention_phrase(e), entity_type=e.label_, country_code=country, on_date=pub)
            # one person per surname in a story, as the entity linker merges "Trump" into "Donald Trump"
            name = (e.label_, e.text.split()[-1] if e.label_ == "PERSON" else e.text)
            if e.label_ != "PERSON" or len(e.text.split()) > 1:  # a surname alone may be someone else
                per_name.setdefault(name, []).append(titled)
            mentions.append((e, name, gaz or titled))
            coded_plain[e.label_] += bool(plain)
            coded_gaz[e.label_] += bool(gaz)
        best = {name: best_codes(c) for name, c in per_name.items()}
        best = {name: best.get(name, []) for _, name, _ in mentions}
        for e, name, own in mentions:
            codes = own or best[name]
            coded_doc[e.label_] += bool(codes)
            if codes:
                rows.append((str(story["id"]), e.start_char, e.text, e.label_, codes, e.sent.text.strip()))

    # Event mentions of the same stories, with the release's canonical entities (build_entities): how many
    # whose actor names an entity get an actor code, and where their dates come from.
    from datetime import datetime

    import polars as pl

    from transforms.extract.events.mentions import EVENT_CANDIDATES_SCHEMA, event_candidates
    from transforms.link.entities import build_entities
    from transforms.link.events import EntityIndex, link_mentions

    ids = [str(s["id"]) for s in stories]
    entities, entity_mentions = build_entities(ids, docs, None)
    index = EntityIndex(entities, entity_mentions)
    by_doc: dict[str, list[dict]] = {}
    for m in entity_mentions.iter_rows(named=True):
        by_doc.setdefault(m["doc_id"], []).append(m)
    candidates, doc_rows = [], []
    for story, doc_id, doc in zip(stories, ids, docs, strict=True):
        pub = _published(story.get("published"))
        candidates += event_candidates(doc_id, doc, by_doc.get(doc_id, []), pub)
        doc_rows.append(
            {
                "doc_id": doc_id,
                "published_at": datetime(pub.year, pub.month, pub.day, tzinfo=UTC) if pub else None,
                "dup_cluster_id": doc_id,
                "dup_of": None,
            }
        )
    documents = pl.DataFrame(
        doc_rows,
        schema={
            "doc_id": pl.String,
            "published_at": pl.Datetime("us", "UTC"),
            "dup_cluster_id": pl.String,
            "dup_of": pl.String,
        },
    )
    with_actor = coded_actor = n_mentions = 0
    sources: Counter[str] = Counter()
    role_rows = []
    for m in link_mentions(pl.DataFrame(candidates, schema=EVENT_CANDIDATES_SCHEMA, orient="row"), documents, index):
        n_mentions += 1
        sources[m.date_source] += 1
        if m.actor_ids:
            with_actor += 1
            coded_actor += bool(m.actor_codes)
        if m.actor_codes:
            role_rows.append(
                (m.doc_id, m.char_start, f"{m.actor_text} ({m.category})", "actor", m.actor_codes, m.sentence)
            )

    judged = _judgements()
    sample = _sample(rows, SAMPLE)
    role_sample = _sample(role_rows, ROLE_SAMPLE)

    n = sum(total.values())
    lines = [
        "# Actor codes on the VOA stories",
        "",
        f"Generated by `bench/actor_codes_voa.py` on {len(stories)} VOA stories ({n} PERSON/ORG/GPE/NORP entity "
        "mentions found by `transforms.nlp.load_corrected_pipeline()`), each coded with `actor_codes(mention, "
        "entity_type=label, on_date=published)`; the second setting adds the entity's country from the "
        "gazetteer, as the pipeline does.  No context country.",
        "",
        "| label | mentions | (1) dictionaries | (2) + gazetteer country | (3) + titles, same name in the story |",
        "|---|---:|---:|---:|---:|",
    ]

    def cell(c: int, t: int) -> str:
        return f"{c} ({c / t:.1%})" if t else "0"

    for label in LABELS:
        t = total[label]
        lines.append(
            f"| {label} | {t} | {cell(coded_plain[label], t)} | {cell(coded_gaz[label], t)} | "
            f"{cell(coded_doc[label], t)} |"
        )
    cp, cg, cd = sum(coded_plain.values()), sum(coded_gaz.values()), sum(coded_doc.values())
    lines.append(f"| all | {n} | {cell(cp, n)} | {cell(cg, n)} | {cell(cd, n)} |")
    lines += [
        "",
        "(1) the mention's text alone; (2) with the entity's country from the gazetteer (GPE, NORP); (3) also "
        "the mention's title and apposition (`mention_phrase`: 'U.S. President Donald Trump', 'Marco Rubio, the "
        "U.S. secretary of state') and, for a mention that gets no code, the most specific code of the same name "
        "elsewhere in the story (`best_codes`; a person is one per surname, as the entity linker merges them). "
        "(3) is what the extract stage (`event_candidates`) does for a role whose head is the name.",
    ]
    lines += [
        "",
        f"Event mentions (`event_candidates` + `link_mentions`, entities from `build_entities` as in a release): {n_mentions}; with "
        "an actor entity "
        f"{with_actor}, of which {coded_actor} ({coded_actor / max(with_actor, 1):.1%}) have actor codes.  Date "
        "source of the mentions: "
        + ", ".join(f"{k} {v} ({v / max(n_mentions, 1):.0%})" for k, v in sorted(sources.items()))
        + " (report = no date in the sentence; the event row takes the report's day).",
    ]
    lines += _judged_table(f"{len(sample)} coded entity mentions (seed {SEED}), judged", sample, judged)
    lines += _judged_table(
        f"{len(role_sample)} coded event actors (seed {SEED}; story@sentence offset), judged", role_sample, judged
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[:16]))


if __name__ == "__main__":
    main()
