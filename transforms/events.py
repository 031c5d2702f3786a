"""PLOVER event detection per sentence, roles, dates, magnitudes and clustering across documents.

Confidence.  A mention's confidence is ``strength x roles x date``: ``strength`` is the trigger's
lexical strength (0.45 for a bare death, 0.9 for "killed", "demanded") times its mood factor (1.0
done, 0.95 reported in a that-clause, 0.85 stated intent or threat, 0.75 refusal); ``roles`` is
0.7 + 0.2 if the actor is known + 0.1 if a recipient or place is; ``date`` is 1.0 day, 0.95 month,
0.9 year, 0.85 unresolved.  An event's confidence is the noisy-OR of its independent reports
(one per duplicate cluster, the best mention of each), capped at 0.99: 1 - prod(1 - c_i).  On the
PLOVER dev sentences top-1 type accuracy rises with confidence (see bench/results/events_plover.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import polars as pl

from transforms.dates import find_date_spans, resolve
from transforms.event_roles import (
    PLACE_LABELS,
    PLACE_PREPS,
    EntityIndex,
    core_tokens,
    fatalities,
    geo_precision,
    role_heads,
    span_text,
)
from transforms.event_triggers import REPORTING, detect_triggers
from transforms.nlp import trimmed_span
from transforms.schemas import PLOVER_QUAD_CLASS, TABLES

# Output schemas: TABLES["events"], TABLES["event_mentions"].
EVENTS_SCHEMA = TABLES["events"].schema
EVENT_MENTIONS_SCHEMA = TABLES["event_mentions"].schema

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


@dataclass
class Cluster:
    category: str
    mentions: list[Mention] = field(default_factory=list)
    event_date: date | None = None
    precision: str = "unresolved"
    actor_keys: set[str] = field(default_factory=set)
    recipient_keys: set[str] = field(default_factory=set)
    place_keys: set[str] = field(default_factory=set)


def _sentence_dates(doc, published: date | None):
    """Per sentence: list of (root token, Resolved) with relative dates chained through the text."""
    context: date | None = None
    out = []
    for s in doc.sents:
        found = []
        spans = {(doc[s.start].idx + a, doc[s.start].idx + b) for a, b in find_date_spans(s.text)}
        for e in s.ents:
            if e.label_ == "DATE" and not any(a <= e.start_char < b or e.start_char <= a < e.end_char for a, b in spans):
                spans.add((e.start_char, e.end_char))
        for a, b in sorted(spans):
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is None or not len(span):
                continue
            r = resolve(doc.text[a:b], published, context)
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
    return {"entity_id": m["entity_id"], "name": e.get("name") or m["text"], "country_code": e.get("country_code"),
            "latitude": e.get("latitude"), "longitude": e.get("longitude"), "geo_precision": prec}


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
    return {"entity_id": eid, "name": e.get("name"), "country_code": e.get("country_code"),
            "latitude": e.get("latitude"), "longitude": e.get("longitude"), "geo_precision": geo_precision(e)}


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
        prior = [m for m in index.by_doc.get(doc_id, ()) if m["char_end"] <= sent.start_char and (m.get("label") == "PERSON")]
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
            out.append(Mention(
                doc_id=doc_id, sentence_idx=si, char_start=s0, char_end=e0, sentence=text[s0:e0],
                category=trig.category, trigger=trig.text, strength=trig.strength, mood=trig.mood,
                event_date=ev_date, precision=prec, date_text=dtext,
                actor_text=a_text, actor_ids=a_ids, actor_keys=a_keys,
                recipient_text=r_text, recipient_ids=r_ids, recipient_keys=r_keys,
                place=place, place_explicit=explicit, place_keys=p_keys,
                fatalities=dead if trig.category in FATAL_CATEGORIES else None,
                published_at=pub, dup_key=doc_row.get("dup_cluster_id") or doc_row.get("dup_of") or doc_id,
                confidence=conf,
            ))
    return out


def _dates_compatible(c: Cluster, m: Mention, tolerance_days: int) -> bool | None:
    """True/False when both are dated; None when either is unresolved."""
    if c.event_date is None or m.event_date is None:
        return None
    p = max(PRECISION_RANK[c.precision], PRECISION_RANK[m.precision])
    a, b = c.event_date, m.event_date
    if p == 0:
        return abs((a - b).days) <= tolerance_days
    if p == 1:
        return (a.year, a.month) == (b.year, b.month)
    return a.year == b.year


def _score(c: Cluster, m: Mention, tolerance_days: int) -> int | None:
    if c.category != m.category:
        return None
    dated = _dates_compatible(c, m, tolerance_days)
    if dated is False:
        return None
    if c.category in SYMMETRIC:
        # "A met B" and "B hosted A" report one meeting: compare all participants
        a = bool((c.actor_keys | c.recipient_keys) & (m.actor_keys | m.recipient_keys))
        r = a
    else:
        a = bool(c.actor_keys & m.actor_keys)
        r = bool(c.recipient_keys & m.recipient_keys)
        if not a and (c.actor_keys & m.recipient_keys or c.recipient_keys & m.actor_keys):
            return None  # roles reversed: A against B and B against A are two events
    p = bool(c.place_keys & m.place_keys)
    if dated:
        return (a + r + p) or None  # same type, same date, one shared participant or place
    # an undated mention joins only with an actor and a recipient or place in common
    return (a + r + p) if a and (r or p) else None


def cluster_mentions(mentions: list[Mention], *, tolerance_days: int = 0) -> list[Cluster]:
    """Greedy, order-independent clustering: same category, compatible dates, overlapping participants."""
    order = sorted(mentions, key=lambda m: (
        PRECISION_RANK[m.precision], m.published_at is None, m.published_at or datetime.min,
        m.doc_id, m.sentence_idx, m.category))
    clusters: list[Cluster] = []
    for m in order:
        best, best_key = None, None
        pub = m.published_at.date() if m.published_at is not None else None
        for c in clusters:
            s = _score(c, m, tolerance_days)
            if not s:
                continue
            # an undated mention most likely reports the news of the day: prefer the cluster nearest publication
            gap = abs((c.event_date - pub).days) if (pub and c.event_date) else 10**6
            key = (-s, gap)
            if best_key is None or key < best_key:
                best, best_key = c, key
        if best is None:
            best = Cluster(category=m.category, event_date=m.event_date, precision=m.precision)
            clusters.append(best)
        best.mentions.append(m)
        best.actor_keys |= m.actor_keys
        best.recipient_keys |= m.recipient_keys
        best.place_keys |= m.place_keys
    return clusters


def _earliest(c: Cluster) -> Mention:
    return min(c.mentions, key=lambda m: (m.published_at is None, m.published_at or datetime.min, m.doc_id, m.sentence_idx))


def _ranked_ids(lists: list[list[str]]) -> list[str]:
    count: dict[str, int] = {}
    first: dict[str, int] = {}
    for li in lists:
        for eid in li:
            count[eid] = count.get(eid, 0) + 1
            first.setdefault(eid, len(first))
    return sorted(count, key=lambda e: (-count[e], first[e]))


def _event_row(c: Cluster) -> dict:
    ms = sorted(c.mentions, key=lambda m: (m.doc_id, m.sentence_idx))
    first = _earliest(c)
    event_id = hashlib.sha1(f"event|{c.category}|{first.doc_id}|{first.char_start}".encode()).hexdigest()[:16]
    dated = [m for m in ms if m.precision == c.precision and m.event_date == c.event_date and m.date_text]
    best_place = min((m for m in ms if m.place), default=None, key=lambda m: (
        not m.place_explicit, GEO_RANK[m.place["geo_precision"]], m.doc_id, m.sentence_idx))
    place = best_place.place if best_place else None
    per_dup: dict[str, float] = {}
    for m in ms:
        per_dup[m.dup_key] = max(per_dup.get(m.dup_key, 0.0), m.confidence)
    miss = 1.0
    for v in per_dup.values():
        miss *= 1.0 - v
    dead = [m.fatalities for m in ms if m.fatalities is not None]
    pubs = [m.published_at for m in ms if m.published_at is not None]
    with_actor = [m for m in ms if m.actor_text]
    with_recip = [m for m in ms if m.recipient_text]
    return {
        "event_id": event_id,
        "event_type": c.category,
        "quad_class": PLOVER_QUAD_CLASS[c.category],
        "event_date": c.event_date,
        "date_precision": c.precision,
        "date_text": dated[0].date_text if dated else None,
        "actor_entity_ids": _ranked_ids([m.actor_ids for m in ms]) or None,
        "actor_text": max(with_actor, key=lambda m: (len(m.actor_ids), m.confidence)).actor_text if with_actor else None,
        "recipient_entity_ids": _ranked_ids([m.recipient_ids for m in ms]) or None,
        "recipient_text": max(with_recip, key=lambda m: (len(m.recipient_ids), m.confidence)).recipient_text if with_recip else None,
        "location_entity_id": place["entity_id"] if place else None,
        "location_name": place["name"] if place else None,
        "country_code": place["country_code"] if place else None,
        "latitude": place["latitude"] if place else None,
        "longitude": place["longitude"] if place else None,
        "geo_precision": place["geo_precision"] if place else "none",
        "fatalities": max(dead) if dead else None,  # max, not sum: reports of one event repeat its toll
        "evidence": first.sentence,
        "confidence": round(min(0.99, 1.0 - miss), 4),
        "n_mentions": len(ms),
        "n_documents": len(per_dup),
        "first_reported_at": min(pubs) if pubs else None,
    }


def build_events(
    doc_ids: Sequence[str],
    docs: Sequence,
    documents: pl.DataFrame,
    entities: pl.DataFrame,
    entity_mentions: pl.DataFrame,
    *,
    tolerance_days: int = 0,
    min_confidence: float = 0.0,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Events clustered across documents and their mentions: (TABLES['events'], TABLES['event_mentions'])."""
    rows = {r["doc_id"]: r for r in documents.iter_rows(named=True)} if documents.height else {}
    index = EntityIndex(entities, entity_mentions)
    mentions: list[Mention] = []
    for doc_id, doc in zip(doc_ids, docs, strict=True):
        if doc is None or not len(doc):
            continue
        mentions.extend(m for m in detect_mentions(doc_id, doc, rows.get(doc_id, {}), index) if m.confidence >= min_confidence)
    clusters = cluster_mentions(mentions, tolerance_days=tolerance_days)
    ev_rows, em_rows = [], []
    for c in clusters:
        row = _event_row(c)
        ev_rows.append(row)
        for m in c.mentions:
            em_rows.append({"event_id": row["event_id"], "doc_id": m.doc_id, "sentence_idx": m.sentence_idx,
                            "char_start": m.char_start, "char_end": m.char_end, "trigger": m.trigger,
                            "confidence": m.confidence})
    te, tm = TABLES["events"], TABLES["event_mentions"]
    events = te.conform(pl.DataFrame(ev_rows, schema=te.schema)) if ev_rows else te.empty()
    ems = tm.conform(pl.DataFrame(em_rows, schema=tm.schema)) if em_rows else tm.empty()
    return events, ems
