"""Parties the sentence names that the role rules of the fifteenth round read (their short sentences are in
tests/test_event_role_arguments.py ROLE_CASES): the singular mandative subjunctive, group nouns that act ("the
opposition", not "opposition to the plan"), and no bare pronoun or number as a role."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.extract.coref import Coreference, pronoun_kind
from transforms.extract.events.roles import (
    _base_form,
    _is_quantity,
    _names_act,
    agent_filler,
    is_agent,
    spacy_entity_frames,
)


def _token(nlp, sentence: str, word: str):
    doc = nlp(sentence)
    _, ments = spacy_entity_frames(["d"], [doc])
    coref = Coreference(doc, ments.to_dicts(), list(doc.sents), [])
    return next(t for t in doc if t.text == word), coref


@pytest.mark.parametrize(
    "sentence, agent",
    [
        ("The opposition rejected the plan.", True),
        ("Syria's opposition rejected the plan.", True),
        ("The minister voiced opposition to the plan.", False),  # the act, a mass noun with its complement
        ("Lawmakers faced growing opposition.", False),
    ],
)
def test_opposition_is_the_group_only_as_a_definite_referent(nlp, sentence, agent):
    tok, coref = _token(nlp, sentence, "opposition")
    assert _names_act(tok) is not agent
    assert is_agent(tok, coref) is agent


@pytest.mark.parametrize(
    "sentence, verb, base",
    [
        ("They demanded that the government end the curbs.", "end", True),
        ("They demanded that the government ends the curbs.", "ends", False),
        ("They said that the workers end their shift at noon.", "end", False),  # plural: the indicative looks alike
    ],
)
def test_the_subjunctive_shows_in_the_third_person_singular(nlp, sentence, verb, base):
    doc = nlp(sentence)
    assert _base_form(next(t for t in doc if t.text == verb)) is base


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=120))
def test_a_filled_role_is_never_a_pronoun_or_a_number(nlp, text):
    doc = nlp(text)
    _, ments = spacy_entity_frames(["d"], [doc])
    coref = Coreference(doc, ments.to_dicts(), list(doc.sents), [])
    for tok in doc:
        found = agent_filler(tok, coref)
        if found is not None:  # an entity mention may be tagged anything; a bare pronoun or number never acts
            assert pronoun_kind(found.head) is None
            assert not _is_quantity(found.head) or coref.mention_at(found.head) is not None
