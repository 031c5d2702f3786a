"""Dates of acts told in relative clauses (eighth round of the VOA event fields): a relative clause describing a
participant tells an act at a time of its own (Quirk et al. 17.9-17.15).  Sentences written for the tests."""

from __future__ import annotations

from datetime import date

from tests.test_events import only_event, run
from transforms.extract.events.mentions import event_candidates


def test_a_date_on_the_matrix_does_not_date_a_relative_clause(nlp):
    events, *_ = run(
        nlp, ["A judge on Monday adjourned the case of a reporter who interviewed a general who criticized the king."]
    )
    act = only_event(events, "DISAPPROVE")
    assert (act["event_date"], act["date_source"]) == (None, "none")
    # the same act in a clause of its own takes the date
    events, *_ = run(nlp, ["A general criticized the king on Monday."])
    assert only_event(events, "DISAPPROVE")["event_date"] == date(2023, 9, 18)


def test_an_adverbial_relative_takes_its_heads_time(nlp):
    # "in 2015, when ...": the clause is set at its head's time
    events, *_ = run(nlp, ["The conflict began in 2015, when rebels attacked the capital."])
    assert only_event(events, "ASSAULT")["event_date"] == date(2015, 1, 1)


def test_a_date_on_the_head_noun_dates_its_relative_clause(nlp):
    events, *_ = run(nlp, ["The president praised the March 2019 accord the government signed with the rebels."])
    assert (only_event(events, "SUPPORT")["event_date"] or date(1, 1, 1)).year == 2019


def test_an_initially_agreed_act_is_earlier_than_the_report(nlp):
    events, *_ = run(nlp, ["Parliament met on Thursday. Four nations initially agreed to send troops to the force."])
    assert only_event(events, "AGREE")["date_source"] == "none"


# ------------------------------------------------------------------------ the agent of a told result


def _candidate(nlp, text: str, words: str) -> dict:
    """The event candidate (before clustering) of the sentence holding ``words``."""
    rows = event_candidates("d0", nlp(text), [], date(2023, 9, 21))
    return next(r for r in rows if words in r["sentence"] and r["category"] == "ASSAULT")


def test_an_agentless_passive_right_after_an_act_of_its_kind_takes_that_acts_actor(nlp):
    text = "Gunmen attacked a police post in Garissa on Monday. Three officers were killed."
    assert _candidate(nlp, text, "Three officers")["actor_text"] == "Gunmen"


def test_another_referent_of_the_kind_is_not_the_result(nlp):
    text = "Gunmen attacked a police post in Garissa on Monday. Another officer was killed in Wajir."
    assert _candidate(nlp, text, "Another officer")["actor_text"] is None
    # nor is a passive with an agent of its own, or one told far later
    text = "Gunmen attacked a police post in Garissa on Monday. Three officers were killed by a landmine."
    assert _candidate(nlp, text, "Three officers")["actor_text"] != "Gunmen"
