"""Codability, ninth round: events as causes, participles that share a habitual clause, contents of charges and laws.

Each rule is checked on sentences written for it (none taken from a judged sample), with a codable twin that
differs only in what the rule reads, so a rule that fires on everything fails its twin.
"""

from __future__ import annotations

import pytest

from tests.test_codable import cats


@pytest.mark.parametrize(
    ("cause", "actor", "category"),
    [
        # an event noun of another category as the subject of a transitive verb: the cause of a new situation
        (
            "The journalist's detention sent a clear message to the country's reporters.",
            "The minister sent a clear message to the country's reporters.",
            "CONSULT",
        ),
        (
            "The 2020 peace deal established a new electoral commission.",
            "The parliament established a new electoral commission.",
            "COOPERATE",
        ),
    ],
)
def test_an_event_noun_of_another_category_is_a_cause_not_an_actor(nlp, cause, actor, category):
    assert category not in cats(nlp, cause)
    assert category in cats(nlp, actor)


def test_an_event_noun_stays_the_event_of_its_own_category_or_an_occurrence(nlp):
    # the same category restates the act ("the attack killed"): metonymy of the event for its doer
    assert "ASSAULT" in cats(nlp, "The attack killed five soldiers near the border.")
    # an intransitive verb tells what became of the event itself
    assert "CONSULT" in cats(nlp, "Talks resumed in the capital on Monday.")
    # a military undertaking acts through its forces
    assert "AID" in cats(nlp, "A military operation rescued 190 passengers on Wednesday.")
    # our news patterns name the event-noun subjects they take (the codebook's RETREAT, ending a conflict)
    assert "RETREAT" in cats(nlp, "That agreement ended a war that lasted three years.")


@pytest.mark.parametrize(
    ("habitual", "single"),
    [
        (
            # the buyers are governments: buying by traders is business with no political agent (codable.private_sense)
            "The ministry issues hundreds of permits annually, with most bought by foreign governments.",
            "The ministry issued hundreds of permits on Monday, with most bought by foreign governments.",
        ),
        (
            "For years, the governor has defied the courts, challenging the federal institutions.",
            "On Monday, the governor defied the courts, challenging the federal institutions.",
        ),
    ],
)
def test_a_participle_adjunct_shares_its_clause_habitual_or_durative_reading(nlp, habitual, single):
    got, twin = cats(nlp, habitual), cats(nlp, single)
    assert twin, single  # the twin codes something, so the rule is what removes it
    assert not (got & twin), (got, twin)


def test_a_frequency_adverb_hung_on_the_object_makes_the_clause_habitual(nlp):
    assert "ASSAULT" not in cats(nlp, "Militants attack the border posts weekly, officials say.")
    assert "ASSAULT" in cats(nlp, "Militants attacked the border posts on Monday, officials said.")


def test_what_someone_is_charged_with_is_not_an_act_the_report_asserts(nlp):
    charged = "He was also charged with robbing trucks, raping, kidnapping and attacking motorists on the highway."
    got = cats(nlp, charged)
    assert "COERCE" in got  # the charge itself
    assert not got & {"ASSAULT", "CRIME"}, got
    # the same acts told as done are coded
    assert "ASSAULT" in cats(nlp, "Gunmen kidnapped and attacked motorists on the highway on Monday.")


def test_what_a_law_forbids_is_a_kind_of_act_not_one_that_happened(nlp):
    assert "COERCE" not in cats(nlp, "It violates the country's own law against deporting refugees to danger.")
    assert "COERCE" in cats(nlp, "The country deported 40 refugees to danger on Thursday.")
