"""Where a statement was made when its sentence does not say: the country its speaker acts for (``geo_source``
speaker), on small sentences written for these tests, each with a twin where the rule must not apply."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.test_events import only_event, run
from transforms.extract.events.places import SPEECH_ACTS
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
