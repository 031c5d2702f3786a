"""Generic statements with a non-finite subject clause (eighteenth round, second part): an act named by an -ing or
to-infinitive subject clause with no subject of its own, or by the complement of its present-simple copula or verb
of definition ('means', 'involves', 'requires'), reports no occurrence (Carlson 1977; Quirk et al. 1985 ch. 15).

Each case is a sentence written for the rule, beside a near twin it must leave alone: a past or dated matrix, a
subject clause with a subject of its own, a plain finite act.  The sentences follow a lede of their own.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.extract.events.codable import generic_clause, generic_or_habitual
from transforms.extract.events.dictionary import lexicon

LEDE = "Fighting broke out in the border town on Monday. "
LEX = lexicon()


def _token(nlp, text: str, word: str):
    doc = nlp(LEDE + text)
    start = len(nlp(LEDE))
    return next(t for t in doc if t.text == word and t.i >= start)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Being in the opposition means speaking out against the army.", "speaking"),
        ("Protecting civilians requires negotiating with the rebels.", "negotiating"),
        ("Protecting civilians requires negotiating with the rebels.", "Protecting"),
        ("Fighting the rebels involves arresting their leaders.", "arresting"),
        ("Opposing the government is dangerous.", "Opposing"),
        ("Trying to negotiate with the rebels is futile.", "negotiate"),
    ],
)
def test_generic_statement_is_no_act(nlp, text, word):
    assert generic_or_habitual(_token(nlp, text, word), LEX) == "generic_clause"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # a past matrix: the gerund may name the act the story told
        ("Attacking the embassy sparked riots.", "Attacking"),
        # a dated matrix: the requirement holds on one day
        ("Protecting civilians required negotiating with the rebels on Monday.", "negotiating"),
        # a subject of its own makes the subject clause one party's act
        ("His attacking the embassy is a crime.", "attacking"),
        # a finite act with a referential subject
        ("The army negotiated with the rebels.", "negotiated"),
        # a verb of requirement with a noun-phrase subject: left to the other rules
        ("The president requires the army to leave the town.", "leave"),
    ],
)
def test_near_cases_are_left_alone(nlp, text, word):
    assert generic_clause(_token(nlp, text, word), LEX) is None


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii", exclude_categories=("Cc",)), max_size=160))
def test_generic_clause_needs_a_clause_subject(nlp, text):
    for t in nlp(text):
        reason = generic_clause(t, LEX)
        assert reason in (None, "generic_clause")
        if reason:
            assert any(s.dep_ in ("csubj", "csubjpass") for s in t.sent)
