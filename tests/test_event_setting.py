"""The document's country setting as an event's place, and multi-word agent nouns as roles (issue 11 items 3, 5).

Stories written for the rules: each names its places so that no single one dominates, and their twins show what
must stay unplaced (another party's act, an act with no known actor or target there).
"""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from transforms.link.entities import build_entities
from transforms.link.events import _actor_belongs, build_events

STORY = (
    "Kenyan police arrested ten protesters in Nairobi on Monday. Protests also took place in Mombasa. "
    "Kenya's opposition leader called for more rallies. Gunmen attacked Kenyan soldiers on Tuesday. "
    "U.N. Secretary-General Antonio Guterres condemned the violence on Wednesday."
)


def events_of(nlp, text: str) -> pl.DataFrame:
    doc = nlp(text)
    documents = pl.DataFrame(
        {
            "doc_id": ["d"],
            "text": [text],
            "published_at": [datetime(2025, 3, 13, tzinfo=UTC)],
            "published_precision": ["day"],
            "dup_of": [None],
            "dup_cluster_id": ["d"],
        },
        schema_overrides={"published_at": pl.Datetime("us", "UTC"), "dup_of": pl.String},
    )
    entities, mentions = build_entities(["d"], [doc])
    events, _ = build_events(["d"], [doc], documents, entities, mentions)
    return events


@pytest.fixture(scope="module")
def story_events(nlp) -> dict[str, dict]:
    return {r["event_type"]: r for r in events_of(nlp, STORY).iter_rows(named=True)}


def test_an_attack_on_the_countrys_own_people_takes_the_country_setting(story_events):
    # no place dominates (Nairobi, Mombasa, Kenya once each) but all three lie in one country
    attack = story_events["ASSAULT"]
    assert attack["recipient_text"] == "Kenyan soldiers"
    assert (attack["location_name"], attack["geo_source"]) == ("Kenya", "document")


def test_another_partys_statement_is_not_put_in_the_storys_country(story_events):
    assert story_events["DISAPPROVE"]["location_name"] is None


def test_a_sentence_place_still_wins(story_events):
    assert (story_events["COERCE"]["location_name"], story_events["COERCE"]["geo_source"]) == ("Nairobi", "sentence")


def test_the_target_places_only_attacks_and_coercion():
    place = {"country_code": "KEN"}
    assert _actor_belongs(place, set(), [], {"KEN"}, ["KENMIL"], "ASSAULT")
    assert _actor_belongs(place, set(), [], {"KEN"}, ["KENMIL"], "COERCE")
    # a statement about the country's soldiers is made wherever its speaker is
    assert not _actor_belongs(place, set(), [], {"KEN"}, ["KENMIL"], "DISAPPROVE")
    # an actor the linker cannot place may be of another country (an act with no actor at all is the story's own)
    assert not _actor_belongs(place, set(), [], set(), [], "ASSAULT", "gunmen")
    assert _actor_belongs(place, {"KEN"}, ["KENCOP"])  # the actor's own country, as before


def test_a_story_spread_over_countries_has_no_setting(nlp):
    text = (
        "Gunmen attacked Kenyan soldiers on Tuesday. Talks were held in Nairobi, Kampala and Kigali. "
        "Ministers from Kenya, Uganda and Rwanda attended."
    )
    got = {r["event_type"]: r for r in events_of(nlp, text).iter_rows(named=True)}
    assert got["ASSAULT"]["recipient_text"] == "Kenyan soldiers"
    assert got["ASSAULT"]["geo_source"] == "none"  # Kenya holds 2 of 6 place mentions


def test_a_multi_word_agent_noun_fills_its_role(nlp):
    got = {
        r["event_type"]: r
        for r in events_of(nlp, "In November, a terrorist cell was dismantled in Seville.").iter_rows(named=True)
    }
    assert got["COERCE"]["recipient_text"] == "terrorist cell"
    charged = {
        r["event_type"]: r
        for r in events_of(nlp, "Law enforcement charged the suspect with robbery.").iter_rows(named=True)
    }
    assert charged["COERCE"]["actor_text"] == "Law enforcement"
    # the head alone names no agent: a prison cell is no party
    escaped = events_of(nlp, "Police raided a prison cell in the capital on Monday.")
    assert all(r != "prison cell" for r in escaped["recipient_text"].to_list())


def test_the_region_a_story_keeps_returning_to_is_its_setting(nlp):
    text = (
        "Gunmen attacked Pakistani soldiers in a remote district on Tuesday. Officials said it was the worst attack "
        "this year in Balochistan. Schools in Balochistan were closed. The provincial capital, Quetta, was put on "
        "alert, and Pakistan's neighbours India and Afghanistan condemned the attack."
    )
    got = {r["event_type"]: r for r in events_of(nlp, text).iter_rows(named=True)}
    attack = got["ASSAULT"]
    # Balochistan 2 of 6 place mentions (no place dominates); Pakistan's 4 of 6; within it, Balochistan 2 of 3
    assert attack["recipient_text"] == "Pakistani soldiers"
    assert (attack["location_name"], attack["geo_source"]) == ("Balochistan", "document")
