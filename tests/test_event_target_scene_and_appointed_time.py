"""Where an act done to its target happened when the target's ongoing activity is placed, and which dates are the
time something was set for (issue 11 items 4 and 5): each rule on small constructed sentences parsed by the real
model."""

from __future__ import annotations

from datetime import date

import pytest

from tests.test_events import only_event, run
from transforms.extract.events.dates import find_dates
from transforms.extract.events.mentions import event_candidates
from transforms.extract.events.roles import spacy_entity_frames

REPORT_DAY = date(2025, 3, 13)


def _event(nlp, sentence: str, event_type: str) -> dict:
    """The one event of ``event_type`` that the sentence gives."""
    events, *_ = run(nlp, [sentence])
    return only_event(events, event_type)


def _dates(nlp, text: str):
    """The sentence's date expressions by their last word ("in 2025" under "2025")."""
    return {dm.text.split()[-1]: dm for dm in find_dates(nlp(text)[:], REPORT_DAY)}


def test_a_date_a_thing_is_set_for_is_a_target(nlp):
    # "for 2025" is when the new trial is to be held, not when the court ordered it, though the year has begun
    found = _dates(nlp, "An appeals court overturned the conviction and ordered a new trial for 2025.")
    assert found["2025"].is_target


def test_a_date_under_another_preposition_stays_the_acts(nlp):
    found = _dates(nlp, "An appeals court overturned the conviction in 2025.")
    assert not found["2025"].is_target


def test_a_span_introduced_by_for_is_no_appointed_time(nlp):
    # the preposition is part of the expression ("for the past two years"): a span up to now, not a time set
    found = _dates(nlp, "Police have detained him for the past two years.")
    assert not found["years"].is_target


@pytest.mark.parametrize(
    ("sentence", "event_type", "place"),
    [
        # an -ing participle on an attack's or an arrest's target: where the target was when the act was done
        ("Police arrested journalists covering a protest in Istanbul on Monday.", "COERCE", "Istanbul"),
        ("Last month, insurgents ambushed a bus transporting soldiers in Kalat.", "ASSAULT", "Kalat"),
        # criticising is done where the critic speaks; the protest in Istanbul is the topic's setting
        ("The minister criticised journalists covering a protest in Istanbul.", "DISAPPROVE", None),
        # where the target came from is not where it was attacked
        ("Gunmen attacked a bus carrying workers from Punjab on Monday.", "ASSAULT", None),
        # a statement made during the speaker's own visit was made at its goal; not during someone else's
        ("During his visit to Beijing, the president rejected the proposal.", "REJECT", "Beijing"),
        ("During Xi's visit to Moscow, the president rejected the proposal.", "REJECT", None),
        # a speaking participle on the speaker tells where the statement was made; a description of the speaker not
        ("The minister, speaking at a news conference in Ankara, rejected the demand.", "REJECT", "Ankara"),
        ("The minister, a professor at a university in Ankara, rejected the demand.", "REJECT", None),
    ],
)
def test_a_targets_activity_or_the_speakers_visit_or_speaking_places_the_act(nlp, sentence, event_type, place):
    event = _event(nlp, sentence, event_type)
    assert event["location_name"] == place
    assert event["geo_source"] == ("sentence" if place else "none")


# ------------------------------------------------------------------ an act told again the same day


def _candidates(nlp, text: str, category: str) -> list[dict]:
    """The event candidates (before clustering) of ``category``, with the parse's own entity mentions."""
    doc = nlp(text)
    _, mentions = spacy_entity_frames(["d0"], [doc])
    return [r for r in event_candidates("d0", doc, mentions.to_dicts(), date(2023, 9, 21)) if r["category"] == category]


def _place_names(nlp, text: str, row: dict) -> set[str]:
    doc = nlp(text)
    _, mentions = spacy_entity_frames(["d0"], [doc])
    names = {m["mention_id"]: m["text"] for m in mentions.to_dicts()}
    return {names[c["mention_id"]] for c in row["place_candidates"]}


def test_an_unplaced_act_of_the_same_kind_and_day_happened_where_the_first_did(nlp):
    text = "Gunmen stormed a hotel in Beledweyne on Tuesday. Officials said the gunmen shot the guards on Tuesday."
    first, later = _candidates(nlp, text, "ASSAULT")
    assert _place_names(nlp, text, first) == {"Beledweyne"}
    assert _place_names(nlp, text, later) == {"Beledweyne"}


def test_an_act_named_by_an_indefinite_noun_is_another_act(nlp):
    # "an attack on a bus" is new to the story (an indefinite), not the hotel attack told before
    text = "Gunmen stormed a hotel in Beledweyne on Tuesday. Officials said gunmen carried out an attack on a bus on Tuesday."
    later = _candidates(nlp, text, "ASSAULT")[-1]
    assert "bus" in later["sentence"]
    assert later["place_candidates"] == []


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # another day: another installment, perhaps elsewhere
        (
            "Gunmen stormed a hotel in Beledweyne on Tuesday. Officials said the gunmen shot the guards on Monday.",
            "ASSAULT",
        ),
        # (dated only by the report, "... Officials said the gunmen shot the guards." takes no place by this rule;
        # the narrative setting lends it the hotel's as the same actor's next act: tests/test_event_narrative_setting.py)
        # statements are made wherever their speakers are, not where the day's first statement was
        (
            "The president criticised the rebels in Nairobi on Tuesday. The minister criticised the rebels on Tuesday.",
            "DISAPPROVE",
        ),
    ],
)
def test_a_later_act_not_of_the_same_day_and_kind_of_act_takes_no_place_from_the_first(nlp, text, category):
    _, later = _candidates(nlp, text, category)
    assert later["place_candidates"] == []


# ------------------------------------------------------------------ the date of a statement's medium


def test_a_statement_is_dated_by_the_release_of_its_message(nlp):
    # a Thursday report: the statement released on Tuesday is when the ministry condemned the attack
    condemnation = _event(nlp, "In a statement released on Tuesday, the ministry condemned the attack.", "DISAPPROVE")
    assert (condemnation["event_date"], condemnation["date_source"]) == (date(2023, 9, 19), "relative")


def test_a_date_describing_a_place_noun_does_not_date_the_act(nlp):
    # a hotel is no message: "opened on Monday" is the hotel's time, not when the minister spoke
    condemnation = _event(nlp, "In a hotel opened on Monday, the minister condemned the attack.", "DISAPPROVE")
    assert condemnation["event_date"] != date(2023, 9, 18)
