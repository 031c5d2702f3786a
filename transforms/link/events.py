"""Event mentions clustered across documents into events (one row per real-world event)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import polars as pl

from transforms.extract.events.mentions import GEO_RANK, PRECISION_RANK, SYMMETRIC, Mention, detect_mentions
from transforms.extract.events.roles import EntityIndex
from transforms.schemas import PLOVER_QUAD_CLASS, TABLES

# Output schemas: TABLES["events"], TABLES["event_mentions"].
EVENTS_SCHEMA = TABLES["events"].schema
EVENT_MENTIONS_SCHEMA = TABLES["event_mentions"].schema


@dataclass
class Cluster:
    category: str
    mentions: list[Mention] = field(default_factory=list)
    event_date: date | None = None
    precision: str = "unresolved"
    actor_keys: set[str] = field(default_factory=set)
    recipient_keys: set[str] = field(default_factory=set)
    place_keys: set[str] = field(default_factory=set)


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
    event_id = hashlib.sha1(f"event|{c.category}|{first.doc_id}|{first.char_start}".encode()).hexdigest()[:16]
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
        mentions.extend(
            m for m in detect_mentions(doc_id, doc, rows.get(doc_id, {}), index) if m.confidence >= min_confidence
        )
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
                    "confidence": m.confidence,
                }
            )
    te, tm = TABLES["events"], TABLES["event_mentions"]
    events = te.conform(pl.DataFrame(ev_rows, schema=te.schema)) if ev_rows else te.empty()
    ems = tm.conform(pl.DataFrame(em_rows, schema=tm.schema)) if em_rows else tm.empty()
    return events, ems
