"""Twelfth round: the narrative setting.  An act told with no time or place of its own that elaborates an incident
the story told before (a definite reference to it, the same actor, or no actor of its own, told right after it) takes
the incident's date (date_source 'incident') and place (geo_source 'incident'); a new time, a new place or another
actor of the kind resets it, and statements keep their own.  Stories written for the rules, each with a twin where
the setting must not carry (transforms/extract/events/setting.py names each rule's source)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.test_events import run
from transforms.extract.events.mentions import event_candidates
from transforms.extract.quotes import quotes_of

REPORT = datetime(2025, 3, 14, 12, tzinfo=UTC)  # a Friday: "Tuesday" is March 11, beyond a report day's tolerance
TUESDAY = date(2025, 3, 11)
ATTACK = "Militants attacked a passenger train in Balochistan's Sibi district on Tuesday.\n\n"
_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC")


def _candidates(nlp, text: str) -> list[dict]:
    """The story's event candidates, each place candidate given with its mention's text."""
    doc = nlp(text)
    mentions = [
        {"mention_id": f"m{i}", "char_start": e.start_char, "char_end": e.end_char, "text": e.text, "label": e.label_}
        for i, e in enumerate(doc.ents)
        if e.label_ in _LABELS
    ]
    names = {m["mention_id"]: m["text"] for m in mentions}
    rows = event_candidates("d", doc, mentions, REPORT.date(), quotes=quotes_of("d", doc, mentions, text=text))
    for r in rows:
        r["places"] = [(names[c["mention_id"]], c["relation"]) for c in r["place_candidates"]]
    return rows


def _told(rows: list[dict], trigger: str) -> dict:
    found = [r for r in rows if r["trigger"] == trigger]
    assert len(found) == 1, [(r["trigger"], r["sentence"]) for r in rows]
    return found[0]


def test_an_agentless_result_told_next_takes_the_incidents_date_and_place(nlp):
    rows = _candidates(nlp, ATTACK + "Four soldiers were also killed, officials said.")
    killed = _told(rows, "killed")
    assert (killed["event_date"], killed["precision"], killed["date_source"]) == (TUESDAY, "day", "incident")
    assert killed["places"] and {relation for _, relation in killed["places"]} == {"incident"}


def test_the_same_actors_next_act_happened_at_the_incidents_place(nlp):
    text = "Gunmen stormed a hotel in Beledweyne. Officials said the gunmen shot the guards."
    shot = _told(_candidates(nlp, text), "shot")
    assert shot["places"] == [("Beledweyne", "incident")]
    # an act named by an indefinite event noun is new to the story (Prince 1981): another incident, not this one
    text = "Gunmen stormed a hotel in Beledweyne. Officials said gunmen carried out an attack on a bus."
    other = _told(_candidates(nlp, text), "carried out")
    assert other["places"] == []


def test_a_new_time_adverbial_between_resets_the_time(nlp):
    text = ATTACK + "On Wednesday, officials met in Quetta.\n\nFour soldiers were also killed, officials said."
    killed = _told(_candidates(nlp, text), "killed")
    assert killed["date_source"] == "report"


def test_another_actor_of_the_kind_is_another_incident(nlp):
    rows = _candidates(nlp, ATTACK + "The army shelled several villages, officials said.")
    shelled = _told(rows, "shelled")
    assert shelled["date_source"] == "report"
    assert not any(relation == "incident" for _, relation in shelled["places"])


def test_a_definite_reference_reaches_past_another_incident(nlp):
    text = (
        ATTACK + "The army launched an operation against the militants.\n\n"
        "At least 21 passengers died in the initial attack, a spokesman said."
    )
    died = _told(_candidates(nlp, text), "died")
    assert (died["event_date"], died["date_source"]) == (TUESDAY, "incident")
    assert died["places"] and died["places"][0][1] == "incident"
    # without the definite reference, the operation between is another incident of the kind: nothing is carried
    plain = ATTACK + "The army launched an operation against the militants.\n\nAt least 21 passengers were killed."
    assert _told(_candidates(nlp, plain), "killed")["date_source"] == "report"


def test_a_scene_placed_elsewhere_between_resets_the_place(nlp):
    text = ATTACK + "Police arrested two suspects in Quetta.\n\nFour soldiers were also killed, officials said."
    killed = _told(_candidates(nlp, text), "killed")
    assert not any(relation == "incident" for _, relation in killed["places"])


def test_a_statement_is_no_elaboration(nlp):
    rows = _candidates(nlp, ATTACK + "The prime minister condemned the attack, his office said.")
    condemned = _told(rows, "condemned")
    assert condemned["date_source"] != "incident"
    assert not any(relation == "incident" for _, relation in condemned["places"])


@pytest.mark.parametrize("gap", [0, 3])
def test_an_agentless_act_far_from_the_incident_is_not_carried(nlp, gap):
    filler = "The railway company said services would resume soon.\n\n" * gap
    killed = _told(_candidates(nlp, ATTACK + filler + "Four soldiers were also killed."), "killed")
    assert (killed["date_source"] == "incident") == (gap == 0)


def test_a_quotation_after_its_speakers_dated_statement_takes_its_date(nlp):
    condemned = "On Monday, Foreign Minister Andrii Sybiha condemned Russia's attacks on Ukraine.\n\n"
    quoted = '"I demand that Russia withdraw its troops immediately," {} said.'
    demand = _told(_candidates(nlp, condemned + quoted.format("Sybiha")), "demand")
    assert (demand["event_date"], demand["date_source"]) == (date(2025, 3, 10), "incident")
    # another speaker's words are another statement, made whenever the report says (here: not at all)
    other = _told(_candidates(nlp, condemned + quoted.format("President Volodymyr Zelenskyy")), "demand")
    assert other["date_source"] == "report"


def test_the_release_says_where_the_date_and_place_come_from(nlp):
    text = ATTACK + "The army launched an operation.\n\nAt least 21 passengers died in the initial attack."
    events, *_ = run(nlp, [text], pubs=[REPORT])
    died = [r for r in events.to_dicts() if "died" in r["evidence"]]
    assert len(died) == 1
    assert (died[0]["event_date"], died[0]["date_source"]) == (TUESDAY, "incident")
    assert died[0]["geo_source"] == "incident" and "Sibi" in died[0]["location_name"]


def _ambush(nlp, text: str) -> dict:
    events, *_ = run(nlp, [text], pubs=[REPORT])
    found = [r for r in events.to_dicts() if r["event_type"] == "ASSAULT"]
    assert len(found) == 1, events.select("event_type", "evidence").to_dicts()
    return found[0]


def test_a_locative_of_a_subjectless_while_clause_places_the_act(nlp):
    ambush = _ambush(nlp, "Soldiers were ambushed on Tuesday while patrolling near Sibi.")
    assert (ambush["location_name"], ambush["geo_source"]) == ("Sibi", "sentence")
    # a while-clause with a subject of its own tells another clause's scene (a contrast or another actor's activity)
    ambush = _ambush(nlp, "Soldiers were ambushed on Tuesday while the army was patrolling near Sibi.")
    assert ambush["geo_source"] != "sentence"


def test_only_an_act_told_as_done_is_an_incident(nlp):
    killed = "\n\nFour soldiers were killed, officials said."
    told = _told(_candidates(nlp, "Militants attacked a train near Sibi on Tuesday." + killed), "killed")
    assert any(relation == "incident" for _, relation in told["places"])
    # a habit in the simple present states what recurs, not an incident whose result the next sentence tells
    habit = _told(_candidates(nlp, "Militants often attack trains near Sibi." + killed), "killed")
    assert not any(relation == "incident" for _, relation in habit["places"])
