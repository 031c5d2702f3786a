"""Where a statement was made when its sentence does not say: the country its speaker acts for (``geo_source``
speaker); a statement placed by a participle of speaking; a division named "X province" or "X State".  Small
sentences written for these tests, each with a twin where the rule must not apply."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.test_events import only_event, run
from transforms.extract.events.places import SPEECH_ACTS
from transforms.gazetteer import lookup_division
from transforms.link.events import speaker_country, speaker_place
from transforms.schemas import GEO_SOURCES, PLOVER_CATEGORIES


def test_a_statement_placed_nowhere_is_made_in_its_speakers_country(nlp):
    events, *_ = run(nlp, ["The Kremlin condemned the attack on Monday."])
    condemnation = only_event(events, "DISAPPROVE")
    assert (condemnation["country_code"], condemnation["geo_precision"]) == ("RUS", "country")
    assert condemnation["geo_source"] == "speaker"


def test_a_capital_named_for_its_government_gives_the_speakers_country(nlp):
    events, *_ = run(nlp, ["Beijing rejected the proposal on Tuesday."])
    rejection = only_event(events, "REJECT")
    assert (rejection["country_code"], rejection["geo_source"]) == ("CHN", "speaker")


def test_a_statement_with_a_place_of_its_own_keeps_it(nlp):
    events, *_ = run(nlp, ["The Kremlin condemned the attack on Monday at a news conference in Minsk."])
    condemnation = only_event(events, "DISAPPROVE")
    assert (condemnation["location_name"], condemnation["geo_source"]) == ("Minsk", "sentence")


def test_an_act_on_the_ground_is_not_placed_at_its_actors_country(nlp):
    # troops act where they are, which may be abroad: only a statement is made where its speaker is
    events, *_ = run(nlp, ["Russian troops attacked the village on Monday."])
    attack = only_event(events, "ASSAULT")
    assert attack["geo_source"] != "speaker"


def test_speakers_of_two_countries_give_no_country(nlp):
    events, *_ = run(nlp, ["Russia and China condemned the sanctions on Monday."])
    condemnation = only_event(events, "DISAPPROVE")
    assert condemnation["geo_source"] != "speaker"
    assert condemnation["country_code"] not in ("RUS", "CHN")


def test_a_dateline_in_the_speakers_country_is_the_finer_place(nlp):
    events, *_ = run(nlp, ["MOSCOW (AP) — The Kremlin rejected the proposal on Monday."])
    rejection = only_event(events, "REJECT")
    assert (rejection["location_name"].lower(), rejection["geo_source"]) == ("moscow", "dateline")


def test_a_dateline_in_another_country_gives_way_to_the_speakers_country(nlp):
    # the reporter was in Kyiv; the Kremlin spoke in Russia
    events, *_ = run(nlp, ["KYIV (AP) — The Kremlin rejected the proposal on Monday."])
    rejection = only_event(events, "REJECT")
    assert (rejection["country_code"], rejection["geo_source"]) == ("RUS", "speaker")


def test_speaker_country_of_codes_and_keys():
    assert speaker_country({"RUS"}, [], "DISAPPROVE") == "RUS"
    assert speaker_country(set(), ["CHNGOV"], "REJECT") == "CHN"
    assert speaker_country(set(), ["CHNGOV"], "ASSAULT") is None
    assert speaker_country({"RUS"}, ["CHNGOV"], "DEMAND") is None  # two countries
    assert speaker_country(set(), ["IGOUNO"], "DEMAND") is None  # a body of no one country


def test_the_speakers_place_is_the_country_entity_when_the_corpus_names_it():
    place = speaker_place("RUS", {"RUS": "e-rus"})
    assert (place["entity_id"], place["name"], place["geo_precision"]) == ("e-rus", "Russia", "country")
    assert speaker_place("RUS", {})["entity_id"] is None


_KEY = st.sampled_from(["RUS", "CHN", "USA", "e-1", "e-2"])
_CODE = st.sampled_from(["RUSGOV", "CHNMIL", "USA", "IGOUNO", "REB", "UKRGOV"])


@given(st.sets(_KEY), st.lists(_CODE), st.sampled_from(PLOVER_CATEGORIES))
def test_the_speakers_country_is_one_the_actor_stands_for_and_only_for_statements(keys, codes, category):
    code = speaker_country(keys, codes, category)
    if category not in SPEECH_ACTS:
        assert code is None
    if code is not None:
        assert code in keys or any(c.startswith(code[:3]) for c in codes)
        assert speaker_place(code, {})["country_code"] == code
    assert "speaker" in GEO_SOURCES


def test_a_fronted_participle_of_speaking_places_the_statement(nlp):
    text = "Speaking at a news conference in Ankara on Monday, the Turkish minister rejected the demand."
    events, *_ = run(nlp, [text])
    rejection = only_event(events, "REJECT")
    assert (rejection["location_name"], rejection["geo_source"]) == ("Ankara", "sentence")


def test_a_participle_of_speaking_about_a_place_does_not_place_the_statement(nlp):
    text = "Speaking about the war in Gaza on Monday, the Turkish minister rejected the demand."
    events, *_ = run(nlp, [text])
    rejection = only_event(events, "REJECT")
    assert rejection["location_name"] != "Gaza"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Balochistan province", "PAK"),
        ("Zamfara State", "NGA"),
        ("the Borno State", "NGA"),
        ("Lamu County", "KEN"),
        ("Ghazni province", "AFG"),  # the town's name, the division's noun: the subdivision is meant
    ],
)
def test_a_division_is_found_by_its_name_before_a_division_noun(name, code):
    assert lookup_division(name).country_code == code


@pytest.mark.parametrize(
    "name",
    ["Islamic State", "the Africa region", "Indo-Pacific region", "Balochistan", "Nowhereland province", "province"],
)
def test_no_division_without_a_known_name_of_one_country_before_the_noun(name):
    assert lookup_division(name) is None


def test_an_attack_in_a_named_province_is_placed_in_its_country(nlp):
    events, *_ = run(nlp, ["Militants attacked a police post in Zamfara State on Monday."])
    attack = only_event(events, "ASSAULT")
    assert (attack["location_name"], attack["country_code"], attack["geo_precision"]) == (
        "Zamfara State",
        "NGA",
        "region",
    )


@given(st.text(max_size=40))
def test_lookup_division_takes_any_text(text):
    place = lookup_division(text)
    assert place is None or (place.country_code and place.kind == "division")


def test_a_participle_of_speaking_on_the_reporting_verb_places_a_reported_statement(nlp):
    text = "Speaking at a news conference in Ankara on Monday, the Turkish minister said Turkey rejects the demand."
    events, *_ = run(nlp, [text])
    rejection = only_event(events, "REJECT")
    assert (rejection["location_name"], rejection["geo_source"]) == ("Ankara", "sentence")
