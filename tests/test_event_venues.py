"""Where an act happened when the story names a political venue, an occasion or a natural feature instead of a
town, or refers back to an act it placed already (issue 11 item 5): each rule on small constructed sentences parsed
by the real model."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.test_events import only_event, run
from transforms.extract.events.places import place_relation
from transforms.extract.events.triggers import REPORTING
from transforms.gazetteer import lookup_venue, names_a_feature
from transforms.gazetteer.data import read_tsv


def test_every_venue_row_cites_its_source_and_a_pin():
    for name, code, city, lat, lon, _aliases, source in read_tsv("venues.tsv"):
        assert name and city and source, name
        assert len(code) == 3 and code.isupper(), name
        assert -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180, name


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("the White House", "Washington"),
        ("U.N. Security Council", "New York"),
        ("Kremlin", "Moscow"),
        ("Downing Street", "London"),
    ],
)
def test_a_venue_is_found_by_any_of_its_names(text, city):
    assert lookup_venue(text).city == city


def test_a_name_other_bodies_share_is_no_venue():
    # a U.S. state's General Assembly, the United Nations (which sits in several cities)
    assert lookup_venue("General Assembly") is None
    assert lookup_venue("United Nations") is None


def test_an_act_at_a_venue_happened_in_its_city(nlp):
    events, *_ = run(nlp, ["Putin met the Chinese foreign minister in the Kremlin on Tuesday."])
    meeting = only_event(events, "CONSULT")
    assert (meeting["location_name"], meeting["country_code"], meeting["geo_source"]) == ("Moscow", "RUS", "sentence")


def test_a_venue_as_the_actor_is_not_the_place(nlp):
    # the White House acting (a metonym for the administration) says nothing about where it acted: not its city,
    # only the country it speaks for (a statement placed nowhere in its sentence: geo_source speaker)
    events, *_ = run(nlp, ["The White House condemned the attack on Monday."])
    condemnation = only_event(events, "DISAPPROVE")
    assert condemnation["location_name"] != "Washington"
    assert (condemnation["country_code"], condemnation["geo_source"]) in (("USA", "speaker"), (None, "none"))


def test_a_statement_at_an_occasion_after_its_object_is_made_there(nlp):
    # "at ... meeting" after the object is the setting of the veto, not a modifier of the resolution
    events, *_ = run(nlp, ["Russia vetoed the resolution at Friday's Security Council meeting."])
    veto = only_event(events, "REJECT")
    assert (veto["location_name"], veto["geo_source"]) == ("New York", "sentence")


def test_a_statements_topic_after_its_object_is_still_not_its_place(nlp):
    events, *_ = run(nlp, ["The minister criticised the war in Gaza."])
    criticism = only_event(events, "DISAPPROVE")
    assert criticism["location_name"] != "Gaza"


def test_a_statement_made_by_telling_hearers_somewhere_is_made_there(nlp):
    text = "President Milorad Dodik rejected the warrant, telling journalists in the regional capital, Banja Luka, that it was unlawful."
    events, *_ = run(nlp, [text])
    rejection = only_event(events, "REJECT")
    assert (rejection["location_name"], rejection["geo_source"]) == ("Banja Luka", "sentence")


def _relation(nlp, text: str, trigger: str, place: str, category: str) -> str | None:
    doc = nlp(text)
    trig_token = next(t for t in doc if t.text == trigger)
    root = next(t for t in doc if t.text == place)
    prep = root.head
    # the rule under test: the locative hangs from a participle clause of the trigger's clause
    assert prep.dep_ == "prep" and prep.head.dep_ == "advcl" and prep.head.head.i == trig_token.i
    trig = SimpleNamespace(anchor_i=trig_token.i, token_i=trig_token.i, category=category)
    return place_relation(root, trig, doc, reporting=REPORTING)


def test_a_participle_of_saying_places_the_statement(nlp):
    assert _relation(
        nlp, "Russia rejected the plan, saying in Moscow that it was unfair.", "rejected", "Moscow", "REJECT"
    ) == ("statement")


def test_a_participle_of_another_act_does_not_place_a_statement(nlp):
    # only a participle of saying performs the statement; travelling somewhere is not where it was said
    text = "The minister rejected the plan, travelling in Kabul with aides."
    assert _relation(nlp, text, "rejected", "Kabul", "REJECT") is None


def test_a_participle_shares_the_scene_of_a_physical_act(nlp):
    text = "Troops attacked the village, killing ten people in Gao."
    assert _relation(nlp, text, "attacked", "Gao", "ASSAULT") == "event"


@pytest.mark.parametrize(
    ("name", "feature"),
    [("the Boni Forest", True), ("Deh Yak District", True), ("Forest", False), ("the Trump camp", False)],
)
def test_a_name_headed_by_a_feature_noun_names_a_place(name, feature):
    assert names_a_feature(name) is feature


def test_a_forest_typed_as_an_organisation_is_still_the_place(nlp):
    events, *_ = run(nlp, ["Militants attacked a military convoy in the Boni Forest on Monday."])
    attack = only_event(events, "ASSAULT")
    assert (attack["location_name"], attack["geo_precision"]) == ("Boni Forest", "region")


def _claim(nlp, text: str) -> dict:
    """The event of the one 'claimed' mention of the text."""
    events, mentions, *_ = run(nlp, [text])
    claimed = mentions.filter(mentions["trigger"] == "claimed")
    assert claimed.height == 1
    return events.filter(events["event_id"] == claimed["event_id"][0]).to_dicts()[0]


def test_a_definite_event_noun_takes_the_place_of_the_act_told_before(nlp):
    text = (
        "Militants attacked a passenger train on Tuesday in Balochistan province. "
        "The Baloch Liberation Army quickly claimed responsibility for the attack."
    )
    assert (_claim(nlp, text)["location_name"] or "").startswith("Balochistan")


def test_an_indefinite_act_of_the_kind_is_not_the_one_told_before(nlp):
    text = (
        "Militants attacked a passenger train on Tuesday in Balochistan province. "
        "Separatists claimed responsibility for an attack on a bus."
    )
    assert _claim(nlp, text)["location_name"] is None


def test_a_statement_about_the_act_is_not_placed_where_the_act_was(nlp):
    # "condemned the attack": the attack is the statement's topic; a statement is placed only by its own sentence
    text = (
        "At a news conference in Kabul on Monday, the army condemned the bombing. "
        "The United Nations also condemned the bombing."
    )
    events, mentions, *_ = run(nlp, [text])

    def place_of_sentence(i):
        rows = mentions.filter(mentions["sentence_idx"] == i)
        assert rows.height == 1
        return events.filter(events["event_id"] == rows["event_id"][0])["location_name"][0]

    assert place_of_sentence(0) == "Kabul"
    assert place_of_sentence(1) != "Kabul"
