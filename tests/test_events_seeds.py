"""Integration: the event layer on the five seeds through the real entity layer (issue 4 done-when)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
import pytest

from transforms.link.entities import build_entities
from transforms.link.events import build_events

# Publication dates as the seeds state them (000: "Saturday, September 23"; 001: byline; 003: byline;
# 004: "Reuters reported on Friday" after the Tuesday operation); 002 carries none.
PUBLISHED = {"000": (2023, 9, 23), "001": (2023, 9, 21), "002": None, "003": (2023, 9, 6), "004": (2023, 9, 22)}


@pytest.fixture(scope="module")
def seed_events(nlp, seed_texts):
    names = sorted(seed_texts)
    ids = [n[:3] for n in names]
    texts = [seed_texts[n] for n in names]
    pubs = [datetime(*PUBLISHED[i], tzinfo=UTC) if PUBLISHED[i] else None for i in ids]
    documents = pl.DataFrame(
        {
            "doc_id": ids,
            "text": texts,
            "published_at": pubs,
            "published_precision": ["day" if p else "none" for p in pubs],
            "dup_of": [None] * 5,
            "dup_cluster_id": ids,
        },
        schema_overrides={"published_at": pl.Datetime("us", "UTC"), "dup_of": pl.String},
    )
    docs = list(nlp.pipe(texts))
    entities, mentions = build_entities(ids, docs, documents)
    assert entities.height > 0, "the entity layer returned no rows: every event check below would be vacuous"
    events, event_mentions = build_events(ids, docs, documents, entities, mentions)
    return events, event_mentions, dict(zip(ids, texts))


def _docs(event_mentions, event_id):
    return set(event_mentions.filter(pl.col("event_id") == event_id)["doc_id"])


def test_military_operation_is_one_event_from_three_documents(seed_events):
    events, em, _ = seed_events
    ops = events.filter((pl.col("event_type") == "ASSAULT") & (pl.col("event_date") == date(2023, 9, 19)))
    best = max(ops.iter_rows(named=True), key=lambda r: r["n_documents"])
    assert best["n_documents"] >= 3 and len(_docs(em, best["event_id"])) >= 3


def test_yevlakh_meeting(seed_events):
    events, em, _ = seed_events
    meeting = events.filter((pl.col("event_type") == "CONSULT") & (pl.col("location_name") == "Yevlakh"))
    assert meeting.height == 1
    row = meeting.row(0, named=True)
    assert row["event_date"] == date(2023, 9, 21) and row["date_precision"] == "day"
    assert {"000", "001"} <= _docs(em, row["event_id"])


def test_mine_incidents_carry_fatalities(seed_events):
    events, _, _ = seed_events
    mines = events.filter(pl.col("evidence").str.contains("mine") & (pl.col("event_type") == "ASSAULT"))
    assert mines.height >= 1 and mines["fatalities"].drop_nulls().len() == mines.height
    assert 6 in mines["fatalities"].to_list()


def test_cessation_of_hostilities_dated_20_september(seed_events):
    events, _, _ = seed_events
    ret = events.filter((pl.col("event_type") == "RETREAT") & pl.col("evidence").str.contains("cessation|end of"))
    assert date(2023, 9, 20) in ret["event_date"].to_list()


def test_nothing_dated_from_a_hypothetical(seed_events):
    events, _, _ = seed_events
    assert events.filter(pl.col("event_type") == "CONCEDE").height == 0  # the amnesty is only considered
    assert events.filter(pl.col("evidence").str.contains("amnest")).height == 0


def test_every_mention_points_at_its_sentence(seed_events):
    events, em, texts = seed_events
    assert set(em["event_id"]) == set(events["event_id"])
    for m in em.iter_rows(named=True):
        s = texts[m["doc_id"]][m["char_start"] : m["char_end"]]
        assert s and s == s.strip()
    evidence = {texts[m["doc_id"]][m["char_start"] : m["char_end"]] for m in em.iter_rows(named=True)}
    assert set(events["evidence"]) <= evidence


def test_operation_start_keeps_type_date_and_place(seed_events):
    events, _, _ = seed_events
    ops = events.filter((pl.col("event_type") == "ASSAULT") & (pl.col("event_date") == date(2023, 9, 19)))
    best = max(ops.iter_rows(named=True), key=lambda r: r["n_documents"])
    assert best["date_precision"] == "day"
    assert "Karabakh" in best["location_name"] and best["geo_source"] == "sentence"


def test_yevlakh_meeting_is_placed_by_its_sentence(seed_events):
    events, _, _ = seed_events
    (row,) = events.filter((pl.col("event_type") == "CONSULT") & (pl.col("location_name") == "Yevlakh")).to_dicts()
    assert row["geo_source"] == "sentence" and row["date_source"] == "sentence"


def test_end_of_the_operation_is_placed_and_dated(seed_events):
    events, _, _ = seed_events
    end = events.filter((pl.col("event_type") == "RETREAT") & pl.col("evidence").str.contains("end of the local"))
    assert end.height == 1
    assert end["event_date"][0] == date(2023, 9, 20) and "Karabakh" in end["location_name"][0]


def test_mine_incidents_keep_their_own_tolls_and_places(seed_events):
    events, _, _ = seed_events
    mines = events.filter(pl.col("evidence").str.contains("mine") & (pl.col("event_type") == "ASSAULT"))
    by_toll = {r["fatalities"]: r for r in mines.iter_rows(named=True)}
    assert by_toll[2]["location_name"] == "Jabrayil" and by_toll[2]["geo_source"] == "sentence"
    # seed 002 carries no publication date and shares no text with a dated one: its events stay undated
    assert by_toll[2]["date_source"] == "none" and by_toll[2]["event_date"] is None
    assert by_toll[6]["event_date"] == date(2023, 9, 21) and by_toll[6]["date_source"] == "report"


def test_moscow_meeting_sentence_is_dated_and_placed(seed_events):
    # "At a meeting ... in Moscow on May 22, 2023, ... Pashinyan ... recognized": a statement made there and then
    events, _, _ = seed_events
    moscow = events.filter(pl.col("evidence").str.contains("May 22, 2023"))
    assert moscow.height >= 1
    for row in moscow.iter_rows(named=True):
        assert row["event_date"] == date(2023, 5, 22) and row["date_precision"] == "day"
        assert row["location_name"] == "Moscow" and row["geo_source"] == "sentence"


def test_background_years_stay_their_own_events(seed_events):
    events, _, _ = seed_events
    history = events.filter(pl.col("evidence").str.contains("date back to 1991"))
    assert history.height == 1 and history["event_date"][0].year == 1991 and history["n_mentions"][0] == 1
    fighting = events.filter(pl.col("evidence").str.contains("300 soldiers"))
    assert fighting["event_date"][0] == date(2022, 9, 1) and fighting["date_precision"][0] == "month"
    assert fighting["fatalities"][0] == 300
