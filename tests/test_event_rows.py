"""Event rows built on columns (``event_tables``) equal the per-cluster reference (``_event_row``), ties included."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from transforms.ids import stable_id, stable_ids
from transforms.link.events import (
    _CREATED,
    Cluster,
    Mention,
    _created,
    _event_dating,
    _event_place,
    event_tables,
    linked_rows,
    unique_orders,
)
from transforms.schemas import PLOVER_QUAD_CLASS, TABLES

_PLACES = [
    None,
    {
        "entity_id": "e_kharkiv",
        "name": "Kharkiv",
        "country_code": "UKR",
        "latitude": 49.99,
        "longitude": 36.23,
        "geo_precision": "city",
    },
    {
        "entity_id": "e_ukraine",
        "name": "Ukraine",
        "country_code": "UKR",
        "latitude": 49.0,
        "longitude": 32.0,
        "geo_precision": "country",
    },
    {
        "entity_id": None,
        "name": "Donbas",
        "country_code": "UKR",
        "latitude": None,
        "longitude": None,
        "geo_precision": "region",
    },
]
_DAYS = [date(2024, 3, 1), date(2024, 3, 2)]
# Few values per field, so that the orders and tie-breaks of the reference are exercised: the same document and
# sentence twice, equal publication times, equal confidences, lists repeating an id.
_IDS = st.lists(st.sampled_from(["e1", "e2", "e3"]), max_size=3)
_CODES = st.lists(st.sampled_from(["RUSMIL", "UKRGOV", "USA"]), max_size=2)
_TEXTS = st.sampled_from([None, "", "Russian forces", "Kyiv"])


@st.composite
def _member(draw, category: str, order: int) -> Mention:
    sentence_idx = draw(st.integers(0, 2))
    published = draw(st.sampled_from([None, *_DAYS]))
    place = draw(st.sampled_from(_PLACES))
    return Mention(
        doc_id=draw(st.sampled_from(["d1", "d2", "d3"])),
        sentence_idx=sentence_idx,
        char_start=sentence_idx * 100 + draw(st.integers(0, 1)),
        char_end=sentence_idx * 100 + 50,
        sentence=f"sentence {sentence_idx}",
        category=category,
        trigger=draw(st.sampled_from(["attacked", "shelled"])),
        strength=0.9,
        mood="asserted",
        event_date=draw(st.sampled_from([None, *_DAYS])),
        precision=draw(st.sampled_from(["day", "month", "report", "unresolved"])),
        date_text=draw(st.sampled_from([None, "", "on Friday", "March 1"])),
        actor_text=draw(_TEXTS),
        actor_ids=draw(_IDS),
        actor_keys=set(),
        recipient_text=draw(_TEXTS),
        recipient_ids=draw(_IDS),
        recipient_keys=set(),
        place=place,
        place_explicit=place is not None,
        place_keys=set(),
        fatalities=draw(st.sampled_from([None, 0, 3, 12])),
        published_at=datetime(published.year, published.month, published.day, 9, tzinfo=UTC) if published else None,
        dup_key=draw(st.sampled_from(["d1", "d2", "k9"])),
        confidence=draw(st.sampled_from([0.0, 0.3, 0.5115, 0.72, 0.99])),
        cameo_code=draw(st.sampled_from([None, "190", "193"])),
        date_source=draw(st.sampled_from(["sentence", "relative", "report", "none"])),
        actor_codes=draw(_CODES),
        recipient_codes=draw(_CODES),
        place_source=draw(st.sampled_from(["sentence", "incident", "dateline", "document"])) if place else "none",
        place_relation=draw(st.sampled_from([None, "event", "participant", "statement", "incident"]))
        if place
        else None,
        order=order,
    )


@st.composite
def _clusters(draw) -> list[Cluster]:
    clusters, order = [], 0
    for _ in range(draw(st.integers(0, 6))):
        category = draw(st.sampled_from(["ASSAULT", "CONSULT"]))
        mentions = []
        for _ in range(draw(st.integers(1, 4))):
            mentions.append(draw(_member(category, order)))
            order += 1
        first = mentions[0]
        # a cluster's date is its first mention's, or that of a mention joining it later (another one's)
        dated = draw(st.sampled_from(mentions))
        clusters.append(
            Cluster(category=category, mentions=mentions, event_date=dated.event_date, precision=first.precision)
        )
    return clusters


# The reference: an event's row built in Python, one cluster at a time, as the events stage built them before its
# rows were built on columns (``event_tables``).


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


def _event_row(c: Cluster) -> dict:
    ms = sorted(c.mentions, key=lambda m: (m.doc_id, m.sentence_idx))
    first = _earliest(c)
    event_id = stable_id("event", c.category, first.doc_id, first.char_start)
    placed = _event_place(ms)
    place = placed.place if placed else None
    per_dup: dict[str, float] = {}
    for m in ms:
        per_dup[m.dup_key] = max(per_dup.get(m.dup_key, 0.0), m.confidence)
    miss = 1.0
    for v in per_dup.values():
        miss *= 1.0 - v
    # each mention's toll is from its own sentence; max, not sum: reports of one event repeat its toll
    dead = [m.fatalities for m in ms if m.fatalities is not None]
    pubs = [m.published_at for m in ms if m.published_at is not None]
    with_actor = [m for m in ms if m.actor_text]
    with_recip = [m for m in ms if m.recipient_text]
    event_date, precision, date_text, date_source = _event_dating(c, ms)
    return {
        "event_id": event_id,
        "event_type": c.category,
        "quad_class": PLOVER_QUAD_CLASS[c.category],
        "cameo_code": first.cameo_code,
        "event_date": event_date,
        "date_precision": precision,
        "date_text": date_text,
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
        "geo_source": placed.place_source if placed else "none",
        "fatalities": max(dead) if dead else None,
        "evidence": first.sentence,
        "confidence": round(min(0.99, 1.0 - miss), 4),
        "n_mentions": len(ms),
        "n_documents": len(per_dup),
        "first_reported_at": min(pubs) if pubs else None,
    }


def _reference(clusters: list[Cluster]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The event and event-mention rows of ``_event_row``, one cluster at a time."""
    ev_schema = TABLES["events"].schema | _CREATED
    em_schema = TABLES["event_mentions"].schema | _CREATED | {"_position": pl.Int64()}
    events, mentions = [], []
    for c in clusters:
        created = dict(zip(_CREATED, _created(c.mentions[0]), strict=True))
        row = _event_row(c)
        events.append(row | created)
        for position, m in enumerate(c.mentions):
            own = {name: getattr(m, name) for name in TABLES["event_mentions"].schema if name != "event_id"}
            mentions.append({"event_id": row["event_id"], **own, **created, "_position": position})
    return pl.DataFrame(events, schema=ev_schema), pl.DataFrame(mentions, schema=em_schema)


@settings(max_examples=200, deadline=None)
@given(_clusters())
def test_event_rows_on_columns_equal_the_reference(clusters):
    ev, em = event_tables(clusters)
    expected_ev, expected_em = _reference(clusters)
    assert_frame_equal(ev, expected_ev)
    assert_frame_equal(em, expected_em)


@settings(max_examples=100, deadline=None)
@given(_clusters(), st.booleans())
def test_event_rows_gathered_from_the_mentions_rows_equal_those_read_from_the_mentions(clusters, all_rows):
    """The fields gathered from the rows the mentions were made from (by ``order``); from the mentions themselves
    when the rows lack one of them, or when two rows share an order."""
    mentions = [m for c in clusters for m in c.mentions]
    for order, m in enumerate(mentions):
        m.order = order
    rows = linked_rows(mentions if all_rows else mentions[1:])
    expected_ev, expected_em = event_tables(clusters)
    ev, em = event_tables(clusters, unique_orders(rows))
    assert_frame_equal(ev, expected_ev)
    assert_frame_equal(em, expected_em)
    if rows.height:
        assert unique_orders(pl.concat([rows, rows])) is None
    if mentions:  # the rows' own values are those taken when they hold every mention
        renamed = unique_orders(rows.with_columns(pl.lit("from rows").alias("trigger")))
        _, em = event_tables(clusters, renamed)
        assert (em["trigger"] == "from rows").all() == all_rows


def test_an_event_takes_the_most_frequent_actor_and_the_noisy_or_of_its_reports():
    day = date(2024, 3, 1)
    base = dict(
        sentence="Troops shelled the town.",
        category="ASSAULT",
        trigger="shelled",
        strength=0.9,
        mood="asserted",
        event_date=day,
        precision="day",
        date_text="March 1",
        actor_text=None,
        actor_keys=set(),
        recipient_text=None,
        recipient_ids=[],
        recipient_keys=set(),
        place=None,
        place_explicit=False,
        place_keys=set(),
        fatalities=None,
        published_at=datetime(2024, 3, 1, 9, tzinfo=UTC),
    )
    one = Mention(
        doc_id="a", sentence_idx=0, char_start=0, char_end=9, actor_ids=["e2"], dup_key="a", confidence=0.5, **base
    )
    two = Mention(
        doc_id="b",
        sentence_idx=0,
        char_start=0,
        char_end=9,
        actor_ids=["e1", "e2"],
        dup_key="b",
        confidence=0.5,
        **base,
    )
    copy = Mention(
        doc_id="c", sentence_idx=0, char_start=0, char_end=9, actor_ids=[], dup_key="b", confidence=0.2, **base
    )
    ev, em = event_tables([Cluster(category="ASSAULT", mentions=[one, two, copy], event_date=day, precision="day")])
    row = ev.row(0, named=True)
    assert row["actor_entity_ids"] == ["e2", "e1"]  # named twice, then once
    assert row["confidence"] == 0.75  # 1 - (1 - 0.5) * (1 - 0.5): the copy's report counts once, at its best
    assert row["n_mentions"] == 3 and row["n_documents"] == 2
    assert em["_position"].to_list() == [0, 1, 2]
    assert em["event_id"].unique().to_list() == [row["event_id"]]


def test_stable_ids_equal_stable_id_row_by_row():
    rows = [("ASSAULT", "d1", 0), ("CONSULT", "d\u00e92", 1234), ("ASSAULT", "", -1)]
    columns = [list(c) for c in zip(*rows, strict=True)]
    assert stable_ids("event", *columns) == [stable_id("event", *r) for r in rows]
    assert stable_ids("event", [], [], []) == []
