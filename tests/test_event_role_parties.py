"""Parties the sentence names that the role rules of the fifteenth round read: a thing's nationality or organisation
modifier, the author of an act another party answers or judges, an infinitive's to-goal, the singular mandative
subjunctive, and group nouns ("the prisoners", "the opposition") that act."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_events import only_event, run
from transforms.extract.coref import Coreference, pronoun_kind
from transforms.extract.events.roles import (
    _base_form,
    _is_quantity,
    _names_act,
    agent_filler,
    is_agent,
    spacy_entity_frames,
)

# (sentence, category, actor, recipient): per rule one sentence it fills and one it must leave alone
ROLE_CASES = {
    # a relational adjective or a proper-noun modifier of a thing stands for its author
    "nationality adjective of a proposal": (
        "Bangladesh rejected an Indian proposal on Monday.",
        "REJECT",
        "Bangladesh",
        "Indian",
    ),
    "nationality adjective of an operation": (
        "A Pakistani military operation rescued 190 passengers on Wednesday.",
        "AID",
        "Pakistani",
        "190 passengers",
    ),
    "no entity modifier": ("Bangladesh rejected a new proposal on Monday.", "REJECT", "Bangladesh", None),
    # the source of an act the verb answers or judges is the one it is aimed at
    "author of an offer": ("Russia accepted the Turkish offer on Monday.", "AGREE", "Russia", "Turkish"),
    "author of an attack": ("Egypt condemned Israel's attack on Gaza on Monday.", "DISAPPROVE", "Egypt", "Israel"),
    # after a support verb the noun's source is the verb's own actor, its with-phrase the other party
    "support verb": ("Egypt held talks with Israeli officials on Monday.", "CONSULT", "Egypt", "Israeli officials"),
    # the to-goal of an infinitive of giving
    "infinitive to-goal": ("Libya offered to hand over the two suspects to Britain.", "AGREE", "Libya", "Britain"),
    # the singular mandative subjunctive ("that the government end") names the one the demand is made of
    "mandative subjunctive": (
        "Amnesty International demanded that the government end its curbs on the press.",
        "DEMAND",
        "Amnesty International",
        "government",
    ),
    # group nouns Phoenix lists only in compounds
    "prisoners": ("The prisoners rioted at the jail on Monday.", "PROTEST", "prisoners", None),
    "the opposition": ("The opposition rejected the budget on Monday.", "REJECT", "opposition", None),
}


@pytest.mark.parametrize("case", ROLE_CASES.values(), ids=ROLE_CASES.keys())
def test_roles_of_short_sentences(nlp, case):
    sentence, category, actor, recipient = case
    events, *_ = run(nlp, [sentence])
    act = only_event(events, category)
    assert (act["actor_text"], act["recipient_text"]) == (actor, recipient)


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
