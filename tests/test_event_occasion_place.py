"""Fifteenth round: a statement's place where it was made.  The occasion the story's opening tells (a meeting, visit,
summit or talks with a place of its own) places a participant's later statements and meetings (``geo_source``
occasion) before the speaker's country; an occasion in the statement's own sentence (hung on its object by the parser,
or the antecedent of "where"); no speaker's country from a place name that is not the country's; divisions by the
English form of their ISO 3166-2 names.  Small stories written for these tests, each with a twin where the rule must
not apply (transforms/extract/events/setting.py and places.py name each rule's source)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_events import only_event, run
from transforms.extract.events.places import SPEECH_ACTS
from transforms.extract.events.setting import OCCASION, Act, NarrativeSetting, OwnTime
from transforms.gazetteer import lookup_division
from transforms.gazetteer.places import _english_name
from transforms.link.events import one_speaker_country, speaker_country
from transforms.schemas import GEO_SOURCES, PLOVER_CATEGORIES

VISIT = "Indian Prime Minister Narendra Modi visited Mauritius on Tuesday. "


def _placed(events, event_type: str) -> tuple:
    row = only_event(events, event_type)
    return row["location_name"], row["geo_source"]


def test_a_participants_later_statement_is_placed_at_the_openings_visit(nlp):
    events, *_ = run(nlp, [VISIT + "Modi condemned the attacks on shipping."])
    assert _placed(events, "DISAPPROVE") == ("Mauritius", "occasion")
    assert "occasion" in GEO_SOURCES


def test_a_statement_by_someone_the_occasion_did_not_name_is_not_placed_there(nlp):
    events, *_ = run(nlp, [VISIT + "Putin condemned the attacks on shipping."])
    assert _placed(events, "DISAPPROVE") == ("Russia", "speaker")


def test_the_host_named_as_the_occasions_place_is_a_participant(nlp):
    events, *_ = run(nlp, [VISIT + "Mauritius rejected the proposal."])
    assert _placed(events, "REJECT") == ("Mauritius", "occasion")


def test_a_statement_of_another_day_is_not_placed_at_the_occasion(nlp):
    events, *_ = run(nlp, [VISIT + "Modi condemned the attacks on shipping on Friday."])
    assert only_event(events, "DISAPPROVE")["geo_source"] != "occasion"


def test_once_the_story_moves_elsewhere_the_occasion_places_nothing(nlp):
    text = VISIT + "Modi met Pakistani officials in Karachi on Tuesday. Modi condemned the attacks on shipping."
    events, *_ = run(nlp, [text])
    assert only_event(events, "DISAPPROVE")["geo_source"] != "occasion"


def test_an_occasion_told_after_the_opening_places_nothing(nlp):
    text = "Modi condemned the attacks on Tuesday. India's economy grew fast. " + VISIT + "Modi rejected the proposal."
    events, *_ = run(nlp, [text])
    assert only_event(events, "REJECT")["geo_source"] != "occasion"


def test_an_occasion_the_parser_hangs_on_the_statements_object_places_it(nlp):
    events, *_ = run(nlp, ["Ukraine rejected the proposal at talks in Jeddah on Tuesday."])
    assert _placed(events, "REJECT") == ("Jeddah", "sentence")
    # a topic's place after the object stays the topic's (right association), as before
    events, *_ = run(nlp, ["Ukraine rejected the proposal for a port in Jeddah on Tuesday."])
    assert only_event(events, "REJECT")["location_name"] != "Jeddah"


def test_a_statement_in_a_where_clause_is_made_at_its_antecedent(nlp):
    text = "The ministers flew to Ottawa after talks in Jeddah, where Ukraine said it rejected the proposal."
    events, *_ = run(nlp, [text])
    assert _placed(events, "REJECT") == ("Jeddah", "sentence")
    text = "The ministers flew to Ottawa after talks in Jeddah, which Ukraine said it rejected."
    events, *_ = run(nlp, [text])
    assert all(r["location_name"] != "Jeddah" for r in events.filter(events["event_type"] == "REJECT").to_dicts())


def test_a_speaker_postmodified_by_an_occasion_spoke_there(nlp):
    events, *_ = run(nlp, ["Delegates at the summit in Hanoi rejected the proposal on Monday."])
    assert _placed(events, "REJECT") == ("Hanoi", "sentence")
    # a body's seat is no occasion: where the ministry is, not where its officials spoke
    events, *_ = run(nlp, ["Officials at the ministry in Kabul rejected the proposal on Monday."])
    assert only_event(events, "REJECT")["location_name"] != "Kabul"


# ---------------------------------------------------------------------------------------------------------------
# The setting's occasion, on acts as the extraction gives them
# ---------------------------------------------------------------------------------------------------------------

_PLACE = [{"mention_id": "m-mauritius", "relation": "event", "distance": 3}]
_NAMES = frozenset({"mauritius"})


def _act(sentence: int, category: str, actors=("modi",), own_date=None, **kw) -> Act:
    return Act(sentence, category, "realis", frozenset(actors), frozenset(), frozenset(), own_date, **kw)


def _with_visit(sentence: int = 0, day: date | None = date(2025, 3, 11)) -> NarrativeSetting:
    setting = NarrativeSetting([[] for _ in range(12)])
    own = OwnTime(day, "day", "Tuesday", True) if day else None
    setting.told(_act(sentence, "CONSULT", own_date=day), own, _PLACE, _NAMES)
    return setting


def test_the_occasion_lends_its_best_place_relabelled():
    setting = _with_visit()
    lent = setting.place_of(_act(2, "DISAPPROVE"))
    assert lent == [dict(_PLACE[0], relation=OCCASION)]


@pytest.mark.parametrize(
    "act",
    [
        _act(2, "ASSAULT"),  # no statement nor meeting: done at a scene of its own
        _act(2, "DISAPPROVE", actors=("putin",)),  # not a participant
        _act(2, "DISAPPROVE", actors=()),  # no speaker
        _act(2, "DISAPPROVE", own_date=date(2025, 3, 14)),  # another day
        _act(2, "DISAPPROVE", told_done=False, narrates=False),  # a plan or a habit
        _act(2, "DISAPPROVE", placed_apart=True),  # a locative of its own
        _act(0, "DISAPPROVE"),  # told with the occasion itself
    ],
)
def test_the_occasion_lends_nothing_outside_its_participants_narrative(act):
    assert _with_visit().occasion_of(act) == []


def test_an_occasion_after_the_opening_is_no_occasion():
    assert _with_visit(sentence=3).occasion_of(_act(5, "DISAPPROVE")) == []


def test_a_place_told_since_ends_the_occasion():
    setting = _with_visit()
    other = [{"mention_id": "m-karachi", "relation": "event", "distance": 2}]
    setting.told(_act(1, "CONSULT"), None, other, frozenset({"karachi"}))
    assert setting.occasion_of(_act(2, "DISAPPROVE")) == []


_CATEGORIES = st.sampled_from(PLOVER_CATEGORIES)
_ACTORS = st.frozensets(st.sampled_from(["modi", "putin", "mauritius", "officials"]), max_size=2)


@given(st.lists(st.tuples(_CATEGORIES, _ACTORS, st.booleans()), max_size=8), _CATEGORIES, _ACTORS)
def test_the_occasion_lends_only_to_a_participants_statement_or_meeting_after_it(told, category, actors):
    setting = NarrativeSetting([[] for _ in range(len(told) + 2)])
    for i, (cat, who, placed) in enumerate(told):
        act = Act(i, cat, "realis", who, frozenset(), frozenset())
        setting.told(act, None, _PLACE if placed else [], _NAMES if placed else frozenset())
    act = Act(len(told), category, "realis", actors, frozenset(), frozenset())
    lent = setting.occasion_of(act)
    if lent:
        assert category in SPEECH_ACTS or category == "CONSULT"
        assert actors and setting.occasion is not None and setting.occasion.sentence < act.sentence
        assert {c["relation"] for c in lent} == {OCCASION}


# ---------------------------------------------------------------------------------------------------------------
# The speaker's country: never from a place that is not the country's
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "codes", "text", "country"),
    [
        (set(), ["YEM"], "Aden Barre Duale, a lawmaker", None),  # a Yemeni port's name in a person's
        ({"SHN"}, [], "Janusz Bugajski of the Jamestown Foundation", None),  # a capital inside a body's name
        (set(), ["USA"], "Asia Society Texas", None),  # a state inside a body's name
        (set(), ["CHN"], "Beijing", "CHN"),  # the capital standing for its government
        ({"RUS"}, [], "the Kremlin", "RUS"),  # a venue standing for its occupant
        (set(), ["RUS"], "Putin", "RUS"),  # a person the dictionaries code
        (set(), ["CHNGOV"], "Beijing's foreign ministry", "CHN"),  # a code with a role vouches for the country
        (set(), ["TUR"], "Turkish officials in Izmir", "TUR"),  # the demonym names the country
    ],
)
def test_a_place_name_that_is_not_the_countrys_makes_no_speaker(keys, codes, text, country):
    assert speaker_country(keys, codes, "DISAPPROVE", text) == country


def test_a_body_named_after_a_town_gives_no_speakers_country(nlp):
    events, *_ = run(nlp, ["Janusz Bugajski of the Jamestown Foundation condemned the decision."])
    assert only_event(events, "DISAPPROVE")["country_code"] != "SHN"


@settings(deadline=None)  # the gazetteer loads on the first call
@given(st.sets(st.sampled_from(["RUS", "CHN", "YEM", "SHN"])), st.lists(st.sampled_from(["RUSGOV", "YEM", "CHN"])))
def test_the_actors_words_only_ever_take_a_country_away(countries, codes):
    towns = {"Aden": "YEM", "Jamestown officials": "SHN"}
    for text in (*towns, "Beijing", "Russian troops", "x"):
        found = one_speaker_country(set(countries), codes, text)
        assert found is None or found in countries
        if text in towns and found == towns[text]:
            assert any(c.startswith(found[:3]) and len(c) > 3 for c in codes)  # only a code with a role vouches
    # words naming no place change nothing
    assert one_speaker_country(set(countries), codes, "x") == one_speaker_country(set(countries), codes, None)


@settings(deadline=None)  # the gazetteer loads on the first call
@given(st.text(max_size=60))
def test_the_speaker_guard_takes_any_text(text):
    found = speaker_country({"RUS"}, [], "DEMAND", text)
    assert found in (None, "RUS")


# ---------------------------------------------------------------------------------------------------------------
# Divisions named as English news names them
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [("Hebei Province", "CHN"), ("Sichuan province", "CHN"), ("the Xinjiang Region", "CHN"), ("Zamfara State", "NGA")],
)
def test_a_division_is_found_by_the_english_form_of_its_iso_name(name, code):
    assert lookup_division(name).country_code == code


@pytest.mark.parametrize("name", ["Taiwan Province", "Sheng Province", "Zizhiqu Region"])
def test_no_division_from_a_countrys_name_or_a_generic_term(name):
    assert lookup_division(name) is None


def test_the_english_name_drops_trailing_generic_terms_only():
    generics = frozenset({"sheng", "zizhiqu", "uygur"})
    assert _english_name("Xinjiang Uygur Zizhiqu", generics) == "Xinjiang"
    assert _english_name("Hebei Sheng", generics) == "Hebei"
    assert _english_name("Sheng", generics) == "Sheng"  # a name is always left
    assert _english_name("Uygur Shan Road", generics) == "Uygur Shan Road"


@settings(deadline=None)  # the gazetteer loads on the first call
@given(st.text(max_size=40), st.frozensets(st.sampled_from(["sheng", "shi", "a"])))
def test_the_english_name_is_a_prefix_of_the_iso_name(name, generics):
    english = _english_name(name, generics)
    if name.split():
        assert english and " ".join(name.split()).startswith(english)
