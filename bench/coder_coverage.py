"""Bench: what the event coder leaves uncoded in text we did not write (the VOA stories, the WCXB dev pages' gold text).

For every sentence that gets no trigger, the sentence's main verbs (the root, its coordinated verbs, and the clause a
verb of saying reports) are looked up in the CAMEO verb dictionary (``cameo_verbs.tsv`` and our ``news_verbs.tsv``: counted when its own
code, its block's default or one of its block's patterns gives a PLOVER category; verbs of saying are read through
the clause they report) and in the PLOVER codebook's category definitions (``plover_reference.html``: the verbs and nouns of each category's
text); a sentence whose main verb is in either, or whose verbless head is an event noun of the dictionary, is listed
with the reason the coder gave it nothing:

- ``lemma_missing``: the verb is named in the codebook's definitions but has no dictionary entry;
- ``pattern_needs_argument:one_category`` / ``:several_categories``: the verb's block has no default code and none
  of its patterns matched the parse's arguments; the patterns written for the verb (else its block's) give one PLOVER
  category, or several;
- ``null_code``: the dictionary codes the verb's reading as no PLOVER event (a comment, an appeal: CAMEO 01x/02x);
- ``screened:<reason>``: the verb was coded, and a codability rule (``codable.py``, ``triggers._not_codable``)
  dropped it;
- ``mood``: coded, and the mood rules (``mood.py``) read it as hypothetical, an intent under a frame, or nothing;
- ``not_a_verb``: the parser did not tag the dictionary word a verb, or made it an auxiliary;
- ``nominal_event``: no main verb of the dictionary, but an event noun (ours or derived from the CAMEO verbs) heads
  the root's subject or object, or is the root itself;
- ``headline_no_verb``: a heading or verbless fragment whose nouns include an event noun.

Sentences with no dictionary verb and no event noun are counted, not listed: they are the coder's true negatives or
out of the dictionary's reach. Usage: uv run python bench/coder_coverage.py [--out PATH]
(writes bench/results/coder_coverage9.md).
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows.settings import SHARED_DIR  # noqa: E402
from transforms.extract.events.codable import heading  # noqa: E402
from transforms.extract.events.coder import code_noun, code_verb, verb_entry  # noqa: E402
from transforms.extract.events.dictionary import lexicon  # noqa: E402
from transforms.extract.events.mood import irrealis_ancestor, mood_of  # noqa: E402
from transforms.extract.events.triggers import REPORTING, _not_codable, detect_triggers  # noqa: E402
from transforms.nlp.pipeline import load_corrected_pipeline, parse_texts  # noqa: E402

VOA = SHARED_DIR / "data" / "voa" / "voa_stories.jsonl"
WCXB = SHARED_DIR / "data" / "wcxb_dev" / "wcxb_dev.jsonl.gz"
CODEBOOK = SHARED_DIR / "data" / "plover" / "plover_reference.html"
OUT = ROOT / "bench" / "results" / "coder_coverage9.md"
EXAMPLES = 6  # example sentences listed per reason and source
# Codebook words too general to say a sentence is about an event of a category ("include", "take", "use").
GENERAL = frozenset(
    "be have do include take use make get go come give see know think say tell report state "
    "code category event action act form mode example other".split()
)


def texts() -> list[tuple[str, str, str]]:
    """(source, doc id, text) of the VOA stories and the WCXB dev pages' gold main text."""
    out = []
    for line in VOA.read_text(encoding="utf-8").splitlines():
        if line.strip():
            s = json.loads(line)
            out.append(("voa", s["id"], s["text"]))
    with gzip.open(WCXB, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if (r.get("main_content") or "").strip():
                out.append(("wcxb", r["id"], r["main_content"]))
    return out


def codebook_lemmas(nlp) -> dict[str, set[str]]:
    """lemma -> the PLOVER categories whose definition text names it (verbs and nouns only)."""
    raw = html.unescape(re.sub(r"<[^>]+>", " ", CODEBOOK.read_text(encoding="utf-8")))
    parts = re.split(
        r"\n\s*(AGREE|CONSULT|SUPPORT|CONCEDE|COOPERATE|AID|RETREAT|INVESTIGATE|DEMAND|DISAPPROVE|"
        r"REJECT|THREATEN|PROTEST|CRIME|SANCTION|MOBILIZE|COERCE|ASSAULT)\s*\n",
        raw,
    )
    out: dict[str, set[str]] = defaultdict(set)
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        for t in nlp(" ".join(body.split())[:20000]):
            lemma = t.lemma_.lower()
            if t.pos_ in ("VERB", "NOUN") and t.is_alpha and not t.is_stop and lemma not in GENERAL:
                out[lemma].add(name)
    return out


def main_verbs(sent) -> list:
    """The root, its coordinated verbs, and the verbs of the clauses a verb of saying at the root reports."""
    roots = [t for t in sent if t.dep_ == "ROOT"]
    out = []
    for r in roots:
        out.append(r)
        out += [c for c in r.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
        if r.lemma_.lower() in REPORTING:
            for c in r.children:
                if c.dep_ == "ccomp":
                    out.append(c)
                    out += [g for g in c.children if g.dep_ == "conj" and g.pos_ in ("VERB", "AUX")]
    return out


def pattern_categories(v, lex) -> Counter:
    """PLOVER categories the dictionary's patterns give the verb: the patterns of its block written for it (the
    line's comment names the verb), else all of the block's, plus our patterns keyed by the verb."""
    entry = verb_entry(v, lex)
    if entry is None:
        return Counter()
    block = [p for p in lex.patterns.get(entry.block, []) if p.applies_to(entry.lemma)]
    own = [p for p in block if any(w.split()[0] == entry.lemma for w in p.written_for)]
    out = Counter()
    for p in (own or block) + lex.news_patterns.get(entry.lemma, []):
        cat = p.plover or lex.plover_of(p.code) or (lex.plover_of(p.passive_code) if p.passive_code else None)
        if cat:
            out[cat] += 1
    return out


def reached(v, lex, book: dict[str, set[str]]) -> bool:
    """The dictionary can code the verb as a PLOVER event (its own code, its block's default, or a pattern), or the
    codebook's definitions name it."""
    entry = verb_entry(v, lex)
    if entry is not None and (entry.plover or lex.plover_of(entry.code) or pattern_categories(v, lex)):
        return True
    return entry is None and v.lemma_.lower() in book


def verb_reason(v, lex) -> str | None:
    """Why a main verb that the dictionary or the codebook names gave no trigger (None: it is not such a verb)."""
    entry = verb_entry(v, lex)
    if v.pos_ not in ("VERB", "AUX") or v.dep_ in ("aux", "auxpass") or v.lemma_.lower() == "be":
        return "not_a_verb" if entry is not None else None
    coded = code_verb(v, lex)
    if coded is None:
        return "lemma_missing"
    if coded.plover is None:
        if coded.kind == "block" and entry is not None and not entry.explicit:
            cats = pattern_categories(v, lex)
            return "pattern_needs_argument:" + ("one_category" if len(cats) == 1 else "several_categories")
        return "null_code"
    reason = _not_codable(v, coded, lex)
    if reason:
        return f"screened:{reason}"
    mood = mood_of(v, coded.plover, lex)
    if mood is None or irrealis_ancestor(v, mood.frame_head if mood.frame_head is not None else v, lex):
        return "mood"
    return "dropped_later"


def noun_events(sent, lex) -> list:
    """Event nouns at the head of the sentence: the root itself, or the root's subject or object."""
    heads = [t for t in sent if t.dep_ == "ROOT"]
    cand = list(heads) + [c for h in heads for c in h.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr")]
    return [n for n in cand if code_noun(n, lex) and code_noun(n, lex)[1]]


def classify(sent, lex, book: dict[str, set[str]]) -> tuple[str, str] | None:
    """(reason, word) for an untriggered sentence the dictionary or codebook should reach, else None."""
    for v in main_verbs(sent):
        lemma = v.lemma_.lower()
        if lemma in REPORTING or not reached(v, lex, book):
            continue  # a verb of saying is read through the clause it reports
        if verb_entry(v, lex) is None and v.pos_ not in ("VERB", "AUX"):
            continue
        reason = verb_reason(v, lex)
        if reason:
            return reason, lemma
    nouns = noun_events(sent, lex)
    if nouns:
        return ("headline_no_verb" if heading(sent) else "nominal_event"), nouns[0].lemma_.lower()
    return None


def parsed(nlp, items, cache: Path | None) -> list:
    """The parses, kept in a DocBin at ``cache`` (a scratch path) so that rule edits re-run without re-parsing."""
    from spacy.tokens import DocBin

    if cache is not None and cache.exists():
        return list(DocBin().from_disk(cache).get_docs(nlp.vocab))
    docs = parse_texts(nlp, [t for _, _, t in items])
    if cache is not None:
        DocBin(store_user_data=False, docs=docs).to_disk(cache)
    return docs


def run(out_path: Path = OUT, cache: Path | None = None) -> str:
    nlp = load_corrected_pipeline()
    lex = lexicon()
    book = codebook_lemmas(nlp)
    items = texts()
    docs = parsed(nlp, items, cache)
    n_sent, n_trig = Counter(), Counter()
    reasons: dict[str, Counter] = defaultdict(Counter)
    words: dict[str, Counter] = defaultdict(Counter)
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    untouched = Counter()
    for (source, doc_id, _), doc in zip(items, docs, strict=True):
        for sent in doc.sents:
            if not sent.text.strip() or len(sent) < 3:
                continue
            n_sent[source] += 1
            if detect_triggers(sent):
                n_trig[source] += 1
                continue
            got = classify(sent, lex, book)
            if got is None:
                untouched[source] += 1
                continue
            reason, word = got
            reasons[reason][source] += 1
            words[reason][word] += 1
            if len(examples[(reason, source)]) < EXAMPLES:
                examples[(reason, source)].append(f"{doc_id}: {' '.join(sent.text.split())[:220]} [{word}]")
    lines = [
        "# Coder coverage on text we did not write (ninth round)",
        "",
        "`uv run python bench/coder_coverage.py`: the VOA stories (89) and the WCXB dev pages' gold main text (205"
        " pages, many not news). A sentence is listed when it gets no trigger and its main verb is in the CAMEO verb"
        " dictionary or the PLOVER codebook's category definitions, or its head is an event noun; the reasons are"
        " defined in the script's docstring.",
        "",
        "| source | sentences | with a trigger | untriggered, listed | untriggered, not reached |",
        "|---|---:|---:|---:|---:|",
    ]
    for s in ("voa", "wcxb"):
        listed = sum(reasons[r][s] for r in reasons)
        lines.append(f"| {s} | {n_sent[s]} | {n_trig[s]} | {listed} | {untouched[s]} |")
    lines += ["", "| reason | VOA | WCXB | total | commonest words |", "|---|---:|---:|---:|---|"]
    for r in sorted(reasons, key=lambda r: -sum(reasons[r].values())):
        common = ", ".join(f"{w} {k}" for w, k in words[r].most_common(12))
        lines.append(f"| {r} | {reasons[r]['voa']} | {reasons[r]['wcxb']} | {sum(reasons[r].values())} | {common} |")
    lines += ["", "## Examples (first sentences of each reason and source, in corpus order)", ""]
    for r in sorted(reasons, key=lambda r: -sum(reasons[r].values())):
        lines.append(f"### {r}")
        lines.append("")
        for s in ("voa", "wcxb"):
            lines += [f"- {s} {e}" for e in examples[(r, s)]]
        lines.append("")
    text = "\n".join(lines) + "\n"
    out_path.write_text(text, encoding="utf-8")
    return text


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--cache", type=Path, default=None, help="a scratch DocBin of the parses (made when missing)")
    args = ap.parse_args()
    print(run(args.out, args.cache))
