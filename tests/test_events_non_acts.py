"""Sentences with no codable act: an infinitive naming a kind of act, 'meet with' a reaction, a count of acts
compared or left vague, a measure's effects, and the dismissal of a view (fourteenth round).

Each rule is checked on a sentence written for it and on a clear act it must leave alone.  The body-text rules
look past the story's first sentence, so the sentences follow a lede of their own.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.extract.events.codable import (
    compared_count,
    denial,
    measure_effect,
    reaction_met,
    subject_clause,
)
from transforms.extract.events.dictionary import lexicon
from transforms.extract.events.triggers import detect_triggers

LEDE = "Fighting broke out in the border town on Monday. "


def cats(nlp, text: str) -> set[str]:
    """Categories coded in the text's last sentence (after the lede)."""
    doc = nlp(LEDE + text)
    last = list(doc.sents)[-1]
    return {t.category for t in detect_triggers(last)}


@pytest.mark.parametrize(
    ("no_act", "act", "category"),
    [
        # an infinitive as subject names a kind of act; with a subject of its own in a finite clause it is one act
        (
            "To cooperate with the militia is to become its accomplice.",
            "The mayor cooperated with the militia on Sunday.",
            "SUPPORT",
        ),
        # 'meet with' a reaction is no meeting; 'meet with' leaders is one
        (
            "The reform plan has met with stiff resistance.",
            "The foreign minister met with opposition leaders on Tuesday.",
            "CONSULT",
        ),
        (
            "Their appeal for calm was met with silence.",
            "The envoy met with the rebel commander in the capital on Friday.",
            "CONSULT",
        ),
        # a comparison of counts of attacks is a statistic; an attack on a day is an act
        (
            "The province has seen more bombings than any other region.",
            "Militants bombed a police station in the province on Friday.",
            "ASSAULT",
        ),
        # a vague set of attacks claimed over a span; one attack claimed on a day
        (
            "The faction has claimed responsibility for numerous deadly attacks since March.",
            "The faction claimed responsibility for the attack on the barracks on Thursday.",
            "ASSAULT",
        ),
        # a measure's effects in the perfect; the imposing of the measure
        (
            "The restrictions have forced most vendors out of business.",
            "Police forced the vendors off the streets on Saturday.",
            "COERCE",
        ),
        # dismissing a view denies a statement; criticising a party is disapproval
        (
            "The spokesman dismissed the allegations as a baseless theory.",
            "The spokesman criticized the opposition for its boycott on Monday.",
            "DISAPPROVE",
        ),
    ],
)
def test_non_act_dropped_and_its_act_twin_kept(nlp, no_act, act, category):
    assert category not in cats(nlp, no_act)
    assert category in cats(nlp, act)


def _token(nlp, text: str, word: str):
    doc = nlp(LEDE + text)
    return next(t for t in doc if t.text == word and t.i >= len(nlp(LEDE)))


def test_subject_clause_reads_only_a_subjectless_infinitive(nlp):
    assert subject_clause(_token(nlp, "To negotiate with the rebels would be a mistake.", "negotiate"))
    assert subject_clause(_token(nlp, "The army negotiated with the rebels on Monday.", "negotiated")) is None


def test_reaction_met_keeps_a_meeting_with_a_named_party(nlp):
    lex = lexicon()
    met = _token(nlp, "The proposal met with fierce criticism.", "met")
    assert reaction_met(met, "CONSULT", lex) == "reaction_met"
    met = _token(nlp, "The president met with Putin.", "met")
    assert reaction_met(met, "CONSULT", lex) is None
    # only a meeting is read: the rule does not touch another category
    met = _token(nlp, "The proposal met with fierce criticism.", "met")
    assert reaction_met(met, "DISAPPROVE", lex) is None


def test_measure_effect_needs_a_measure_in_an_undated_perfect(nlp):
    lex = lexicon()
    verb = _token(nlp, "The tariffs have hurt farmers across the region.", "hurt")
    assert measure_effect(verb, "COERCE", lex) == "measure_effect"
    verb = _token(nlp, "The tariffs hurt farmers across the region on Monday.", "hurt")
    assert measure_effect(verb, "COERCE", lex) is None
    verb = _token(nlp, "The soldiers have hurt farmers across the region.", "hurt")
    assert measure_effect(verb, "COERCE", lex) is None


def test_compared_count_needs_the_than_phrase(nlp):
    assert compared_count(_token(nlp, "The town saw more raids than its neighbours.", "raids"))
    assert not compared_count(_token(nlp, "The town saw more raids.", "raids"))


def test_dismissal_of_a_person_is_not_a_denial(nlp):
    lex = lexicon()
    verb = _token(nlp, "The minister dismissed the rumors of a coup.", "dismissed")
    assert denial(verb, "DISAPPROVE", lex) == "denial"
    verb = _token(nlp, "The minister dismissed the police chief.", "dismissed")
    assert denial(verb, "DISAPPROVE", lex) is None


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii", exclude_categories=("Cc",)), max_size=160))
def test_rules_return_a_reason_or_none_on_any_text(nlp, text):
    lex = lexicon()
    doc = nlp(text)
    for t in doc:
        assert subject_clause(t) in (None, "subject_clause")
        assert reaction_met(t, "CONSULT", lex) in (None, "reaction_met")
        assert measure_effect(t, "COERCE", lex) in (None, "measure_effect")
        assert denial(t, "DISAPPROVE", lex) in (None, "denial")
        if subject_clause(t):
            assert t.dep_ in ("csubj", "csubjpass")
