"""Sentences with no codable act: an infinitive naming a kind of act, 'meet with' a reaction, a count of acts
compared or left vague, a measure's effects, the dismissal of a view, and a reader addressed as 'you' (fourteenth
round).

Each rule is checked on a sentence written for it and on a twin it must leave alone; the whole-coder twins (a
non-act and a clear act of the same category) are in ``tests/test_codable.py`` (ROUND14_TWINS).  The sentences
follow a lede of their own, as the body-text rules look past the story's first sentence.
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
    reader_addressed,
    subject_clause,
)
from transforms.extract.events.dictionary import lexicon

LEDE = "Fighting broke out in the border town on Monday. "


def _token(nlp, text: str, word: str):
    doc = nlp(LEDE + text)
    return next(t for t in doc if t.text == word and t.i >= len(nlp(LEDE)))


LEX = lexicon()
RULES = {
    "subject_clause": lambda t, category: subject_clause(t),
    "reaction_met": lambda t, category: reaction_met(t, category, LEX),
    "measure_effect": lambda t, category: measure_effect(t, category, LEX),
    "denial": lambda t, category: denial(t, category, LEX),
    "compared_count": lambda t, category: "compared_count" if compared_count(t) else None,
    "reader_addressed": lambda t, category: reader_addressed(t),
}


@pytest.mark.parametrize(
    ("rule", "text", "word", "category", "fires"),
    [
        ("subject_clause", "To negotiate with the rebels would be a mistake.", "negotiate", "CONSULT", True),
        ("subject_clause", "The army negotiated with the rebels on Monday.", "negotiated", "CONSULT", False),
        ("reaction_met", "The proposal met with fierce criticism.", "met", "CONSULT", True),
        ("reaction_met", "The president met with Putin.", "met", "CONSULT", False),
        # only a meeting is read: the rule leaves another category alone
        ("reaction_met", "The proposal met with fierce criticism.", "met", "DISAPPROVE", False),
        ("measure_effect", "The tariffs have hurt farmers across the region.", "hurt", "COERCE", True),
        ("measure_effect", "The tariffs hurt farmers across the region on Monday.", "hurt", "COERCE", False),
        ("measure_effect", "The soldiers have hurt farmers across the region.", "hurt", "COERCE", False),
        ("compared_count", "The town saw more raids than its neighbours.", "raids", "ASSAULT", True),
        ("compared_count", "The town saw more raids.", "raids", "ASSAULT", False),
        ("denial", "The minister dismissed the rumors of a coup.", "dismissed", "DISAPPROVE", True),
        ("denial", "The minister dismissed the police chief.", "dismissed", "DISAPPROVE", False),
        ("reader_addressed", "You will then visit the old fortress with your guide.", "visit", "CONSULT", True),
        ("reader_addressed", "Our advisers will help you find a lawyer.", "help", "AID", True),
        # an interviewer's 'you' in the past tells one occasion; a quoted 'you' is someone the speaker addresses
        ("reader_addressed", "During that trip, you met the foreign minister.", "met", "CONSULT", False),
        ("reader_addressed", '"You will meet the minister tomorrow," the aide told him.', "meet", "CONSULT", False),
        ("reader_addressed", "The delegation will visit the old fortress on Monday.", "visit", "CONSULT", False),
    ],
)
def test_rule_fires_on_its_case_and_not_on_its_twin(nlp, rule, text, word, category, fires):
    reason = RULES[rule](_token(nlp, text, word), category)
    assert (reason == rule) if fires else reason is None


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii", exclude_categories=("Cc",)), max_size=160))
def test_rules_return_a_reason_or_none_on_any_text(nlp, text):
    for t in nlp(text):
        for rule, category in (
            ("subject_clause", "SUPPORT"),
            ("reaction_met", "CONSULT"),
            ("measure_effect", "COERCE"),
        ):
            assert RULES[rule](t, category) in (None, rule)
        assert RULES["denial"](t, "DISAPPROVE") in (None, "denial")
        assert reader_addressed(t) in (None, "reader_addressed")
        if subject_clause(t):
            assert t.dep_ in ("csubj", "csubjpass")
