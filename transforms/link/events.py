"""Events: event mentions linked to canonical entities and places, then clustered across documents.

A mention's confidence is ``strength x roles x date`` (see transforms.extract.events.mentions); an
event's is the noisy-OR of its independent reports (one per duplicate cluster), capped at 0.99.

Clustering is greedy in a fixed order (precision, publication time, document, sentence) and only
compares a mention with the clusters it could join: those of its category whose date is compatible
(looked up by day, month and year) or that share a participant key.  The candidate set is a superset
of every cluster with a non-zero score, so the result equals a scan of all clusters while the cost
stays proportional to the candidates, not to the corpus.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import polars as pl

from transforms.extract.events.mentions import PRECISION_RANK
from transforms.extract.events.roles import PLACE_LABELS, geo_precision
from transforms.gazetteer import country_code, is_country_name
from transforms.ids import stable_id
from transforms.schemas import PLOVER_QUAD_CLASS, TABLES

# Output schemas: TABLES["events"], TABLES["event_mentions"].
EVENTS_SCHEMA = TABLES["events"].schema
EVENT_MENTIONS_SCHEMA = TABLES["event_mentions"].schema

DATE_FACTOR = {"day": 1.0, "month": 0.95, "year": 0.9, "unresolved": 0.85}
GEO_RANK = {"point": 0, "city": 1, "region": 2, "country": 3, "none": 4}
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
    cameo_code: str | None = None  # CAMEO code of the trigger's pattern
    # sentence|relative (the sentence dates it), none (a date expression that names no date, or no
    # publication date), report (no date in the sentence: the report's day, in report_date)
    date_source: str = "none"
    report_date: date | None = None
    actor_codes: list[str] = field(default_factory=list)
    recipient_codes: list[str] = field(default_factory=list)


@dataclass
class Cluster:
    category: str
    mentions: list[Mention] = field(default_factory=list)
    event_date: date | None = None
    precision: str = "unresolved"
    actor_keys: set[str] = field(default_factory=set)
    recipient_keys: set[str] = field(default_factory=set)
    place_keys: set[str] = field(default_factory=set)


class EntityIndex:
    """Canonical entities and the entity of every mention, for linking roles and places."""

    def __init__(self, entities: pl.DataFrame, entity_mentions: pl.DataFrame):
        self.entities = {r["entity_id"]: r for r in entities.iter_rows(named=True)} if entities.height else {}
        self.mentions = (
            {r["mention_id"]: r for r in entity_mentions.iter_rows(named=True)} if entity_mentions.height else {}
        )
        self._by_doc: dict[str, list[dict]] | None = None
        # The country entity for each ISO code: a GPE whose canonical name is that country.
        self.country_entity: dict[str, str] = {}
        for eid in sorted(self.entities):
            e = self.entities[eid]
            if e.get("type") in ("GPE", "LOC") and e.get("name") and is_country_name(e["name"]):
                code = e.get("country_code") or country_code(e["name"])
                if code and code not in self.country_entity:
                    self.country_entity[code] = eid

    def doc_mentions(self, doc_id: str) -> list[dict]:
        if self._by_doc is None:
            self._by_doc = defaultdict(list)
            for m in sorted(self.mentions.values(), key=lambda r: (r["doc_id"], r["char_start"], r["char_end"])):
                self._by_doc[m["doc_id"]].append(m)
        return self._by_doc.get(doc_id, [])

    def code_of(self, m: dict) -> str | None:
        e = self.entities.get(m["entity_id"], {})
        label = m.get("label") or e.get("type")
        if label in ("NORP", "GPE"):
            return e.get("country_code") or country_code(m["text"]) or country_code(e.get("name") or "")
        if label == "ORG":
            return _country_in_text(m["text"]) or e.get("country_code")
        if label in ("LOC", "FAC"):
            return e.get("country_code")
        return None

    def ids_for(self, m: dict) -> list[str]:
        """Entity ids an argument mention stands for: a demonym acts for its country, a state organ too."""
        e = self.entities.get(m["entity_id"], {})
        label = m.get("label") or e.get("type")
        code = self.code_of(m)
        if label == "NORP" and code and code in self.country_entity:
            return [self.country_entity[code]]
        ids = [m["entity_id"]]
        if label == "ORG" and code and code in self.country_entity:
            ids.append(self.country_entity[code])
        return ids

    def place_of(self, m: dict) -> dict | None:
        """The place a mention names (its entity's name, country, coordinates, precision), or None."""
        e = self.entities.get(m["entity_id"], {})
        if (m.get("label") or e.get("type")) not in PLACE_LABELS and e.get("type") not in PLACE_LABELS:
            return None
        prec = geo_precision(e or {"name": m["text"], "type": m.get("label")})
        return {
            "entity_id": m["entity_id"],
            "name": e.get("name") or m["text"],
            "country_code": e.get("country_code"),
            "latitude": e.get("latitude"),
            "longitude": e.get("longitude"),
            "geo_precision": prec,
        }


def _country_in_text(text: str) -> str | None:
    """A country named or implied inside an organisation name ('the Azerbaijani Defense Ministry')."""
    import re

    words = re.findall(r"[A-Za-z][\w.-]*", text)
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            code = country_code(" ".join(words[i : i + n]))
            if code:
                return code
    return None


def _role(mention_ids: list[str] | None, index: EntityIndex) -> tuple[list[str], set[str]]:
    """Entity ids (first seen first) and clustering keys (ids and country codes) of a role's mentions."""
    ids: list[str] = []
    keys: set[str] = set()
    for mid in mention_ids or ():
        m = index.mentions.get(mid)
        if m is None:
            continue
        for eid in index.ids_for(m):
            if eid not in ids:
                ids.append(eid)
        keys.update(index.ids_for(m))
        code = index.code_of(m)
        if code:
            keys.add(code)
    return ids, keys


def _best_place(candidates: list[dict] | None, index: EntityIndex) -> dict | None:
    """The sentence's place: attached places first, then the most precise, then the nearest to the trigger."""
    best = None
    for cand in candidates or ():
        m = index.mentions.get(cand["mention_id"])
        place = index.place_of(m) if m is not None else None
        if place is None:
            continue
        score = (0 if cand["attached"] else 1, GEO_RANK[place["geo_precision"]], cand["distance"])
        if best is None or score < best[0]:
            best = (score, place)
    return best[1] if best else None


def _doc_setting(index: EntityIndex, doc_id: str, *, min_share: float = 0.4, min_count: int = 2) -> dict | None:
    """The document's own setting: its dominant non-country place, when one clearly dominates."""
    counts: dict[str, int] = {}
    for m in index.doc_mentions(doc_id):
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


def link_mentions(candidates: pl.DataFrame, documents: pl.DataFrame, index: EntityIndex) -> list[Mention]:
    """Event candidates (extract stage) with roles and places linked to entities and their confidence."""
    docs = {
        r["doc_id"]: r
        for r in documents.select("doc_id", "published_at", "dup_cluster_id", "dup_of").iter_rows(named=True)
    }
    settings: dict[str, dict | None] = {}
    out = []
    for row in candidates.iter_rows(named=True):
        doc = docs.get(row["doc_id"], {})
        a_ids, a_keys = _role(row["actor_mention_ids"], index)
        r_ids, r_keys = _role(row["recipient_mention_ids"], index)
        place = _best_place(row["place_candidates"], index)
        explicit = place is not None
        if place is None:
            if row["doc_id"] not in settings:
                settings[row["doc_id"]] = _doc_setting(index, row["doc_id"])
            place = settings[row["doc_id"]]
        p_keys = set()
        if place:
            p_keys.add(place["entity_id"])
            if place.get("country_code"):
                p_keys.add(place["country_code"])
        a_text, r_text = row["actor_text"], row["recipient_text"]
        roles = 0.7 + (0.2 if (a_ids or a_text) else 0.0) + (0.1 if (r_ids or r_text or explicit) else 0.0)
        out.append(
            Mention(
                doc_id=row["doc_id"],
                sentence_idx=row["sentence_idx"],
                char_start=row["char_start"],
                char_end=row["char_end"],
                sentence=row["sentence"],
                category=row["category"],
                trigger=row["trigger"],
                strength=row["strength"],
                mood=row["mood"],
                event_date=row["event_date"],
                precision=row["precision"],
                date_text=row["date_text"],
                actor_text=a_text,
                actor_ids=a_ids,
                actor_keys=a_keys,
                recipient_text=r_text,
                recipient_ids=r_ids,
                recipient_keys=r_keys,
                place=place,
                place_explicit=explicit,
                place_keys=p_keys,
                fatalities=row["fatalities"],
                published_at=doc.get("published_at"),
                dup_key=doc.get("dup_cluster_id") or doc.get("dup_of") or row["doc_id"],
                confidence=round(min(0.99, row["strength"] * roles * DATE_FACTOR[row["precision"]]), 4),
                cameo_code=row["cameo_code"],
                date_source=row["date_source"],
                report_date=row["report_date"],
                actor_codes=row["actor_codes"] or [],
                recipient_codes=row["recipient_codes"] or [],
            )
        )
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


def _participant_keys(category: str, actor_keys: set[str], recipient_keys: set[str]) -> set[str]:
    """Keys whose overlap ``_score`` requires before an undated pair can join (see the symmetric rule there)."""
    return actor_keys | recipient_keys if category in SYMMETRIC else actor_keys


class _ClusterIndex:
    """Clusters by category and date bucket, and by participant key: the only ones a mention can join."""

    def __init__(self):
        self.by_bucket: dict[tuple, list[int]] = defaultdict(list)
        self.by_key: dict[tuple[str, str], set[int]] = defaultdict(set)

    def add(self, i: int, c: Cluster) -> None:
        if c.event_date is None:
            return
        d, cat = c.event_date, c.category
        self.by_bucket[("year-all", cat, d.year)].append(i)
        if c.precision == "day":
            self.by_bucket[("day", cat, d)].append(i)
            self.by_bucket[("day-in-month", cat, d.year, d.month)].append(i)
        elif c.precision == "month":
            self.by_bucket[("month", cat, d.year, d.month)].append(i)
        else:
            self.by_bucket[("year", cat, d.year)].append(i)

    def add_keys(self, i: int, c: Cluster, keys: set[str]) -> None:
        for k in keys:
            self.by_key[(c.category, k)].add(i)

    def candidates(self, m: Mention, tolerance_days: int) -> list[int]:
        cat, found = m.category, set()
        for k in _participant_keys(cat, m.actor_keys, m.recipient_keys):
            found |= self.by_key.get((cat, k), set())
        d = m.event_date
        if d is not None:
            if m.precision == "day":
                buckets = [("day", cat, d + timedelta(days=k)) for k in range(-tolerance_days, tolerance_days + 1)]
                buckets += [("month", cat, d.year, d.month), ("year", cat, d.year)]
            elif m.precision == "month":
                buckets = [("day-in-month", cat, d.year, d.month), ("month", cat, d.year, d.month)]
                buckets += [("year", cat, d.year)]
            else:
                buckets = [("year-all", cat, d.year)]
            for b in buckets:
                found.update(self.by_bucket.get(b, ()))
        return sorted(found)


def cluster_mentions(mentions: list[Mention], *, tolerance_days: int = 0) -> list[Cluster]:
    """Greedy, order-independent clustering: same category, compatible dates, overlapping participants."""
    order = sorted(
        mentions,
        key=lambda m: (
            PRECISION_RANK[m.precision],
            m.published_at is None,
            m.published_at or datetime.min,
            m.doc_id,
            m.sentence_idx,
            m.category,
        ),
    )
    clusters: list[Cluster] = []
    index = _ClusterIndex()
    for m in order:
        best, best_key = None, None
        pub = m.published_at.date() if m.published_at is not None else None
        for i in index.candidates(m, tolerance_days):
            c = clusters[i]
            s = _score(c, m, tolerance_days)
            if not s:
                continue
            # an undated mention most likely reports the news of the day: prefer the cluster nearest publication
            gap = abs((c.event_date - pub).days) if (pub and c.event_date) else 10**6
            key = (-s, gap)
            if best_key is None or key < best_key:
                best, best_key = i, key
        if best is None:
            best = len(clusters)
            clusters.append(Cluster(category=m.category, event_date=m.event_date, precision=m.precision))
            index.add(best, clusters[best])
        c = clusters[best]
        c.mentions.append(m)
        c.actor_keys |= m.actor_keys
        c.recipient_keys |= m.recipient_keys
        c.place_keys |= m.place_keys
        index.add_keys(best, c, _participant_keys(c.category, m.actor_keys, m.recipient_keys))
    return clusters


def _earliest(c: Cluster) -> Mention:
    return min(
        c.mentions, key=lambda m: (m.published_at is None, m.published_at or datetime.min, m.doc_id, m.sentence_idx)
    )


def _ranked_ids(lists: list[list[str]]) -> list[str]:
    count: dict[str, int] = {}
    first: dict[str, int] = {}
    for li in lists:
        for eid in li:
            count[eid] = count.get(eid, 0) + 1
            first.setdefault(eid, len(first))
    return sorted(count, key=lambda e: (-count[e], first[e]))


def _event_dating(c: Cluster, ms: list[Mention], dated: list[Mention]) -> tuple[date | None, str, str]:
    """(event_date, date_precision, date_source): the cluster's date, else the earliest report's day
    when its undated mentions have no date expression at all, else none."""
    if c.event_date is not None:
        return c.event_date, c.precision, dated[0].date_source if dated else "sentence"
    reports = [m.report_date for m in ms if m.date_source == "report" and m.report_date is not None]
    if reports:
        return min(reports), "report", "report"
    return None, "unresolved", "none"


def _event_row(c: Cluster) -> dict:
    ms = sorted(c.mentions, key=lambda m: (m.doc_id, m.sentence_idx))
    first = _earliest(c)
    event_id = stable_id("event", c.category, first.doc_id, first.char_start)
    dated = [m for m in ms if m.precision == c.precision and m.event_date == c.event_date and m.date_text]
    best_place = min(
        (m for m in ms if m.place),
        default=None,
        key=lambda m: (not m.place_explicit, GEO_RANK[m.place["geo_precision"]], m.doc_id, m.sentence_idx),
    )
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
    event_date, precision, date_source = _event_dating(c, ms, dated)
    return {
        "event_id": event_id,
        "event_type": c.category,
        "quad_class": PLOVER_QUAD_CLASS[c.category],
        "cameo_code": first.cameo_code,
        "event_date": event_date,
        "date_precision": precision,
        "date_text": dated[0].date_text if dated else None,
        "date_source": date_source,
        "actor_entity_ids": _ranked_ids([m.actor_ids for m in ms]) or None,
        "actor_text": max(with_actor, key=lambda m: (len(m.actor_ids), m.confidence)).actor_text
        if with_actor
        else None,
        "actor_codes": _ranked_ids([m.actor_codes for m in ms]) or None,
        "recipient_entity_ids": _ranked_ids([m.recipient_ids for m in ms]) or None,
        "recipient_text": max(with_recip, key=lambda m: (len(m.recipient_ids), m.confidence)).recipient_text
        if with_recip
        else None,
        "recipient_codes": _ranked_ids([m.recipient_codes for m in ms]) or None,
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


def build_events(doc_ids, docs, documents, entities, entity_mentions, **kwargs) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Events of already parsed documents whose entity mentions are linked already (small inputs, tests and
    benchmarks): event_candidates per document, then link_events."""
    from transforms.extract.events.mentions import EVENT_CANDIDATES_SCHEMA, event_candidates

    by_doc: dict[str, list[dict]] = {}
    for m in entity_mentions.iter_rows(named=True):
        by_doc.setdefault(m["doc_id"], []).append(m)
    info = {r["doc_id"]: r for r in documents.iter_rows(named=True)}
    rows = []
    for doc_id, doc in zip(doc_ids, docs, strict=True):
        if doc is None or not len(doc):
            continue
        row = info.get(doc_id, {})
        pub = row.get("published_at")
        published = pub.date() if pub is not None and row.get("published_precision") in ("second", "day") else None
        rows.extend(event_candidates(doc_id, doc, by_doc.get(doc_id, []), published))
    candidates = pl.DataFrame(rows, schema=EVENT_CANDIDATES_SCHEMA, orient="row")
    return link_events(candidates, documents, entities, entity_mentions, **kwargs)


def link_events(
    candidates: pl.DataFrame,
    documents: pl.DataFrame,
    entities: pl.DataFrame,
    entity_mentions: pl.DataFrame,
    *,
    tolerance_days: int = 0,
    min_confidence: float = 0.0,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Events clustered across documents and their mentions: (TABLES['events'], TABLES['event_mentions']).

    ``candidates``: event candidates of every document (EVENT_CANDIDATES_SCHEMA, extract stage);
    ``documents``: doc_id, published_at, dup_cluster_id, dup_of of those documents.
    """
    index = EntityIndex(entities, entity_mentions)
    mentions = [m for m in link_mentions(candidates, documents, index) if m.confidence >= min_confidence]
    clusters = cluster_mentions(mentions, tolerance_days=tolerance_days)
    ev_rows, em_rows = [], []
    for c in clusters:
        row = _event_row(c)
        ev_rows.append(row)
        for m in c.mentions:
            em_rows.append(
                {
                    "event_id": row["event_id"],
                    "doc_id": m.doc_id,
                    "sentence_idx": m.sentence_idx,
                    "char_start": m.char_start,
                    "char_end": m.char_end,
                    "trigger": m.trigger,
                    "cameo_code": m.cameo_code,
                    "confidence": m.confidence,
                }
            )
    te, tm = TABLES["events"], TABLES["event_mentions"]
    events = te.conform(pl.DataFrame(ev_rows, schema=te.schema)) if ev_rows else te.empty()
    ems = tm.conform(pl.DataFrame(em_rows, schema=tm.schema)) if em_rows else tm.empty()
    return events, ems
