"""Event rows built on columns (``event_tables``) equal the per-cluster reference (``_event_row``), ties included."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from transforms.ids import stable_id, stable_ids
from transforms.link.events import _CREATED, Cluster, Mention, _created, _event_row, event_tables
from transforms.schemas import TABLES

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
        place_source=draw(st.sampled_from(["sentence", "dateline", "document"])) if place else "none",
        place_relation=draw(st.sampled_from([None, "event", "participant", "statement"])) if place else None,
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
