"""PLOVER event mentions per sentence: trigger, roles, date, place and magnitude (clustering is in transforms.link.events).

Confidence.  A mention's confidence is ``strength x roles x date``: ``strength`` is the trigger's
lexical strength (0.45 for a bare death, 0.9 for "killed", "demanded") times its mood factor (1.0
done, 0.95 reported in a that-clause, 0.85 stated intent or threat, 0.75 refusal); ``roles`` is
0.7 + 0.2 if the actor is known + 0.1 if a recipient or place is; ``date`` is 1.0 day, 0.95 month,
0.9 year, 0.85 unresolved.  An event's confidence is the noisy-OR of its independent reports
(one per duplicate cluster, the best mention of each), capped at 0.99: 1 - prod(1 - c_i).  On the
PLOVER dev sentences top-1 type accuracy rises with confidence (see bench/results/events_plover.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from transforms.extract.events.dates import find_date_spans, resolve
from transforms.extract.events.roles import (
    PLACE_LABELS,
    PLACE_PREPS,
    EntityIndex,
    core_tokens,
    fatalities,
    geo_precision,
    role_heads,
    span_text,
)
from transforms.extract.events.triggers import REPORTING, detect_triggers
from transforms.nlp.sentences import trimmed_span

PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "unresolved": 3}
DATE_FACTOR = {"day": 1.0, "month": 0.95, "year": 0.9, "unresolved": 0.85}
GEO_RANK = {"point": 0, "city": 1, "region": 2, "country": 3, "none": 4}
# Reporting verbs date the report, not the event they report.
DATE_BLOCKING = REPORTING - {"become", "know", "learn", "announce", "declare", "confirm"}
FATAL_CATEGORIES = {"ASSAULT", "COERCE", "CRIME", "PROTEST"}
SYMMETRIC = {"CONSULT", "COOPERATE", "AGREE"}


@dataclass
class Mention:
    doc_id: str
    sentence_idx: int
    char_start: int
    char_end: int
    sentence: str
    category: str
    trigger: str
    strength: float
    mood: str
    event_date: date | None
    precision: str
    date_text: str | None
    actor_text: str | None
    actor_ids: list[str]
    actor_keys: set[str]
    recipient_text: str | None
    recipient_ids: list[str]
    recipient_keys: set[str]
    place: dict | None
    place_explicit: bool
    place_keys: set[str]
    fatalities: int | None
    published_at: datetime | None
    dup_key: str
    confidence: float = 0.0


def _sentence_dates(doc, published: date | None):
    """Per sentence: list of (root token, Resolved) with relative dates chained through the text."""
    context: date | None = None
    out = []
    # doc.text and Span.ents scan the whole document on every access: read them once per document, not
    # once per sentence (per sentence it is quadratic: tens of minutes for a 1.5 M-character article).
    text = doc.text
    date_ents = [e for e in doc.ents if e.label_ == "DATE"]
    next_ent = 0
    for s in doc.sents:
        found = []
        spans = {(doc[s.start].idx + a, doc[s.start].idx + b) for a, b in find_date_spans(s.text)}
        sentence_ents = []  # the DATE entities inside this sentence, as s.ents would give them
        while next_ent < len(date_ents) and date_ents[next_ent].start < s.end:
            e = date_ents[next_ent]
            if e.start >= s.start and e.end <= s.end:
                sentence_ents.append(e)
            next_ent += 1
        for e in sentence_ents:
            if not any(a <= e.start_char < b or e.start_char <= a < e.end_char for a, b in spans):
                spans.add((e.start_char, e.end_char))
        for a, b in sorted(spans):
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is None or not len(span):
                continue
            r = resolve(text[a:b], published, context)
            found.append((span.root, r))
            if r.precision == "day":
                context = r.date  # "the next day" counts from here
        out.append(found)
    return out


def _ancestors(t) -> list:
    out = []
    while t.head.i != t.i and len(out) < 40:
        t = t.head
        out.append(t)
    return out


def _governor(t):
    """First verb (or the token itself) governing a date expression."""
    x = t
    for _ in range(40):
        if x.pos_ in ("VERB", "AUX") or x.head.i == x.i:
            return x
        x = x.head
    return x


def _event_date(doc, trig, dates):
    anchor = doc[trig.anchor_i]
    noun = doc[trig.token_i]
    anc = _ancestors(anchor)
    best = None
    for root, r in dates:
        gov = _governor(root)
        direct = gov.i in (anchor.i, noun.i) or any(x.i == noun.i for x in [root, *_ancestors(root)][:4])
        up = any(x.i == gov.i for x in anc) and gov.lemma_.lower() not in DATE_BLOCKING
        if trig.mood in ("intent", "threat", "obligation"):
            ok = up  # a promise or threat is dated by when it was made, not by when the act would happen
        else:
            ok = direct or up
        if not ok:
            continue
        if best is None or PRECISION_RANK[r.precision] < PRECISION_RANK[best.precision]:
            best = r
    if best is None:
        return None, "unresolved", None
    return best.date, best.precision, best.text


def _arg(doc, heads, index: EntityIndex, doc_id: str, prior_person: dict | None):
    tokens = sorted({t for h in heads for t in core_tokens(h)}, key=lambda t: t.i)
    if not tokens:
        return None, [], set(), set()
    text = "; ".join(x for x in (span_text(core_tokens(h)) for h in heads) if x) or None
    ids, keys, covered = [], set(), set()
    for t in tokens:
        for m in index.mentions(doc_id, t.idx, t.idx + len(t.text)):
            if m["mention_id"] in covered:
                continue
            covered.add(m["mention_id"])
            for eid in index.ids_for(m):
                if eid not in ids:
                    ids.append(eid)
            keys.update(index.ids_for(m))
            code = index.code_of(m)
            if code:
                keys.add(code)
    if not ids and prior_person and len(heads) == 1 and heads[0].lower_ in ("he", "she", "him", "her"):
        ids = [prior_person["entity_id"]]
        keys = {prior_person["entity_id"]}
        text = prior_person["text"]
    return text, ids, keys, {t.i for t in tokens}


def _place(doc, sent, trig, index: EntityIndex, doc_id: str, role_tokens: set[int]):
    """Place entity in the sentence (not part of an actor or recipient), attached places first."""
    best = None
    for m in index.mentions(doc_id, sent.start_char, sent.end_char):
        e = index.entities.get(m["entity_id"], {})
        if (m.get("label") or e.get("type")) not in PLACE_LABELS and e.get("type") not in PLACE_LABELS:
            continue
        span = doc.char_span(m["char_start"], m["char_end"], alignment_mode="expand")
        if span is None or any(t.i in role_tokens for t in span):
            continue
        root = span.root
        attached = root.head.dep_ == "prep" and root.head.lower_ in PLACE_PREPS or root.dep_ == "npadvmod"
        prec = geo_precision(e or {"name": m["text"], "type": m.get("label")})
        score = (0 if attached else 1, GEO_RANK[prec], abs(root.i - trig.token_i))
        if best is None or score < best[0]:
            best = (score, m, e, prec)
    if best is None:
        return None
    _, m, e, prec = best
    return {
        "entity_id": m["entity_id"],
        "name": e.get("name") or m["text"],
        "country_code": e.get("country_code"),
        "latitude": e.get("latitude"),
        "longitude": e.get("longitude"),
        "geo_precision": prec,
    }


def _doc_setting(index: EntityIndex, doc_id: str, *, min_share: float = 0.4, min_count: int = 2):
    """The document's own setting: its dominant non-country place, when one clearly dominates."""
    counts: dict[str, int] = {}
    for m in index.by_doc.get(doc_id, ()):
        e = index.entities.get(m["entity_id"], {})
        if (m.get("label") or e.get("type")) in PLACE_LABELS and geo_precision(e or {"name": m["text"]}) != "country":
            counts[m["entity_id"]] = counts.get(m["entity_id"], 0) + 1
    if not counts:
        return None
    eid, n = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    if n < min_count or n / sum(counts.values()) < min_share:
        return None
    e = index.entities.get(eid, {})
    return {
        "entity_id": eid,
        "name": e.get("name"),
        "country_code": e.get("country_code"),
        "latitude": e.get("latitude"),
        "longitude": e.get("longitude"),
        "geo_precision": geo_precision(e),
    }


def detect_mentions(doc_id: str, doc, doc_row: dict, index: EntityIndex) -> list[Mention]:
    """Event mentions of one document (one per PLOVER category per sentence)."""
    pub = doc_row.get("published_at")
    published = pub.date() if pub is not None and doc_row.get("published_precision") in ("second", "day") else None
    dates = _sentence_dates(doc, published)
    setting = None
    setting_done = False
    text = doc.text
    out = []
    for si, sent in enumerate(doc.sents):
        triggers = detect_triggers(sent)
        if not triggers:
            continue
        s0, e0 = trimmed_span(text, sent.start_char, sent.end_char)
        if e0 <= s0:
            continue
        prior = [
            m for m in index.by_doc.get(doc_id, ()) if m["char_end"] <= sent.start_char and (m.get("label") == "PERSON")
        ]
        prior_person = prior[-1] if prior else None
        dead = fatalities(sent)
        for trig in triggers:
            a_heads, r_heads = role_heads(doc, trig)
            a_text, a_ids, a_keys, a_tok = _arg(doc, a_heads, index, doc_id, prior_person)
            r_text, r_ids, r_keys, r_tok = _arg(doc, r_heads, index, doc_id, prior_person)
            place = _place(doc, sent, trig, index, doc_id, a_tok | r_tok)
            explicit = place is not None
            if place is None:
                if not setting_done:
                    setting, setting_done = _doc_setting(index, doc_id), True
                place = setting
            p_keys = set()
            if place:
                p_keys.add(place["entity_id"])
                if place.get("country_code"):
                    p_keys.add(place["country_code"])
            ev_date, prec, dtext = _event_date(doc, trig, dates[si])
            roles = 0.7 + (0.2 if (a_ids or a_text) else 0.0) + (0.1 if (r_ids or r_text or explicit) else 0.0)
            conf = round(min(0.99, trig.strength * roles * DATE_FACTOR[prec]), 4)
            out.append(
                Mention(
                    doc_id=doc_id,
                    sentence_idx=si,
                    char_start=s0,
                    char_end=e0,
                    sentence=text[s0:e0],
                    category=trig.category,
                    trigger=trig.text,
                    strength=trig.strength,
                    mood=trig.mood,
                    event_date=ev_date,
                    precision=prec,
                    date_text=dtext,
                    actor_text=a_text,
                    actor_ids=a_ids,
                    actor_keys=a_keys,
                    recipient_text=r_text,
                    recipient_ids=r_ids,
                    recipient_keys=r_keys,
                    place=place,
                    place_explicit=explicit,
                    place_keys=p_keys,
                    fatalities=dead if trig.category in FATAL_CATEGORIES else None,
                    published_at=pub,
                    dup_key=doc_row.get("dup_cluster_id") or doc_row.get("dup_of") or doc_id,
                    confidence=conf,
                )
            )
    return out
