"""The done-when checks of the entity, quote and event issues, on the seeds release built by the real flow."""

from __future__ import annotations

import polars as pl
import pytest

from transforms.schemas import PLOVER_QUAD_CLASS

TITLE_WORDS = {
    "president",
    "minister",
    "advisor",
    "adviser",
    "assistant",
    "secretary",
    "mr",
    "mrs",
    "ms",
    "prime",
    "deputy",
    "head",
    "envoy",
}


@pytest.fixture(scope="module")
def seed_of(seed_tables):
    """doc_id -> seed number ("000".."004")."""
    return dict(seed_tables["documents"].select("doc_id", pl.col("source_uri").str.slice(0, 3)).iter_rows())


def _entity(tables, name):
    rows = tables["entities"].filter(pl.col("name") == name)
    assert rows.height == 1, f"expected one entity named {name!r}, found {rows.height}"
    return rows.row(0, named=True)


def test_hajiyev_is_one_person_across_three_seeds(seed_tables, seed_of):
    hajiyev = _entity(seed_tables, "Hikmet Hajiyev")
    assert hajiyev["type"] == "PERSON"
    mentions = seed_tables["entity_mentions"].filter(pl.col("entity_id") == hajiyev["entity_id"])
    assert {seed_of[d] for d in mentions["doc_id"]} >= {"000", "003", "004"}
    assert "Hajiyev" in set(mentions["text"])  # surname-only mentions resolved to the full name


@pytest.mark.parametrize("name", ["Ilham Aliyev", "Nikol Pashinyan"])
def test_leaders_are_persons(seed_tables, name):
    assert _entity(seed_tables, name)["type"] == "PERSON"


@pytest.mark.parametrize(("name", "country"), [("Yerevan", "ARM"), ("Baku", "AZE")])
def test_capitals_are_places_with_country(seed_tables, name, country):
    entity = _entity(seed_tables, name)
    assert entity["type"] in {"GPE", "LOC", "FAC"}
    assert entity["country_code"] == country
    assert entity["latitude"] is not None and entity["geonames_id"] is not None


def test_nagorno_karabakh_is_a_place_in_every_mention(seed_tables):
    mentions = seed_tables["entity_mentions"].filter(pl.col("text").str.contains("Nagorno-Karabakh"))
    assert mentions.height >= 5
    assert set(mentions["label"]) <= {"GPE", "LOC"}


def test_no_entity_name_carries_a_title_or_role(seed_tables):
    for name in seed_tables["entities"].filter(pl.col("type") == "PERSON")["name"]:
        assert not (set(name.casefold().replace(".", "").split()) & TITLE_WORDS), name


def test_offsets_of_mentions_and_quotes_hold(seed_tables):
    texts = dict(seed_tables["documents"].select("doc_id", "text").iter_rows())
    for table in ("entity_mentions", "quotes"):
        rows = seed_tables[table]
        assert rows.height > 0
        for row in rows.iter_rows(named=True):
            assert texts[row["doc_id"]][row["char_start"] : row["char_end"]] == row["text"], (table, row)


@pytest.mark.parametrize(
    ("start", "speaker"),
    [
        (
            "Our approach is that anybody who is willing to contribute to real peace on the ground, they are most welcome",
            "Hikmet Hajiyev",
        ),
        (
            "I am sure that the Armenian population living in Karabakh will soon see a change for the better.",
            "Ilham Aliyev",
        ),
    ],
)
def test_quotes_attributed(seed_tables, start, speaker):
    quote = seed_tables["quotes"].filter(pl.col("text").str.starts_with(start))
    assert quote.height == 1
    assert quote["speaker_entity_id"][0] == _entity(seed_tables, speaker)["entity_id"]
    assert quote["direct"][0] is True


def test_aliyev_quote_keeps_the_rest_of_it(seed_tables):
    quote = seed_tables["quotes"].filter(pl.col("text").str.starts_with("I am sure that the Armenian population"))
    assert quote["text"][0].rstrip(".").endswith("We have no enmity")


def _event_docs(tables, seed_of, event):
    mentions = tables["event_mentions"].filter(pl.col("event_id") == event["event_id"])
    return {seed_of[d] for d in mentions["doc_id"]}


def test_september_19_operation_is_one_event_from_three_seeds(seed_tables, seed_of):
    from datetime import date

    operations = seed_tables["events"].filter(
        (pl.col("event_type") == "ASSAULT") & (pl.col("event_date") == date(2023, 9, 19))
    )
    best = max(operations.iter_rows(named=True), key=lambda e: e["n_documents"])
    assert len(_event_docs(seed_tables, seed_of, best)) >= 3
    assert best["n_documents"] >= 3


def test_yevlakh_meeting_is_one_consult_event(seed_tables, seed_of):
    from datetime import date

    meetings = seed_tables["events"].filter(pl.col("location_name") == "Yevlakh")
    assert meetings.height == 1
    meeting = meetings.row(0, named=True)
    assert (meeting["event_type"], meeting["event_date"], meeting["date_precision"]) == (
        "CONSULT",
        date(2023, 9, 21),
        "day",
    )
    assert _event_docs(seed_tables, seed_of, meeting) >= {"000", "001"}


def test_cessation_of_hostilities_dated_september_20(seed_tables):
    from datetime import date

    texts = dict(seed_tables["documents"].select("doc_id", "text").iter_rows())
    mentions = seed_tables["event_mentions"].filter(
        pl.struct("doc_id", "char_start", "char_end").map_elements(
            lambda r: "cessation of hostilities" in texts[r["doc_id"]][r["char_start"] : r["char_end"]],
            return_dtype=pl.Boolean,
        )
    )
    ceasefires = seed_tables["events"].filter(
        pl.col("event_id").is_in(mentions["event_id"].implode()) & (pl.col("event_type") == "RETREAT")
    )
    assert ceasefires.height >= 1
    assert set(ceasefires["event_date"]) == {date(2023, 9, 20)}


def test_mine_incidents_carry_fatalities(seed_tables):
    mines = seed_tables["events"].filter(pl.col("evidence").str.contains("mine"))
    assert set(mines["fatalities"].drop_nulls()) >= {6}


def test_hypothetical_amnesty_is_not_coded(seed_tables):
    events = seed_tables["events"]
    assert events.filter(pl.col("evidence").str.contains("amnestied")).height == 0
    assert events.filter(pl.col("event_type") == "CONCEDE").height == 0


def test_every_event_has_a_sentence_mention(seed_tables):
    texts = dict(seed_tables["documents"].select("doc_id", "text").iter_rows())
    sentences = {(d, i): (s, e) for d, i, s, e in seed_tables["sentences"].iter_rows()}
    mentions = seed_tables["event_mentions"]
    assert set(seed_tables["events"]["event_id"]) == set(mentions["event_id"])
    for row in mentions.iter_rows(named=True):
        assert sentences[(row["doc_id"], row["sentence_idx"])] == (row["char_start"], row["char_end"])
        assert row["trigger"].split()[0] in texts[row["doc_id"]][row["char_start"] : row["char_end"]]
    events = seed_tables["events"]
    assert (events["quad_class"] == events["event_type"].replace_strict(PLOVER_QUAD_CLASS)).all()
    assert events["confidence"].is_between(0, 1).all()
