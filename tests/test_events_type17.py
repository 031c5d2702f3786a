"""Statements typed as the acts they talk about, and disputes in words typed as force (seventeenth round).

A verb of judging or discussing is coded by its own CAMEO code, not by the act it governs ('praised the withdrawal'
is SUPPORT, not RETREAT); the ground of a judgment ('attacked the paper for refusing ...') is no second act; a clash
with evidence of words only is DISAPPROVE (CAMEO 111), not ASSAULT; a restated claim with a that-clause is an
assertion, not a DEMAND; a technology named like a proper noun ('AI') is no actor.  Each rule is checked on a
sentence written for it and on a near twin it must leave alone, as a predicate and through the whole trigger pass.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_events_commerce_and_advice import LEDE, LEX, _token
from transforms.extract.events.codable import (
    asserted_claim,
    inanimate_source,
    judged_reason,
    judged_topic,
    verbal_clash,
)
from transforms.extract.events.triggers import detect_triggers


def _categories(nlp, text: str) -> list[str]:
    """The categories the trigger pass finds in the sentence alone (after a lede of its own, which holds an ASSAULT
    that would take the category's one slot if the two sentences were read as one span)."""
    doc = nlp(LEDE + text)
    start = len(nlp(LEDE))
    return [t.category for t in detect_triggers(doc[start:])]


@pytest.mark.parametrize(
    ("text", "word", "category", "expected"),
    [
        ("The senator praised the withdrawal of troops from the border.", "praised", "RETREAT", "SUPPORT"),
        ("The ministers discussed aid to the region on Monday.", "discussed", "COOPERATE", "CONSULT"),
        # a verbal reading the dictionary gives the pair stays; a verb of doing is no judgment
        ("The minister welcomed the offer of talks on Monday.", "welcomed", "AGREE", None),
        ("The army withdrew its troops from the border on Monday.", "withdrew", "RETREAT", None),
    ],
)
def test_judged_topic_gives_the_statement_its_own_code(nlp, text, word, category, expected):
    got = judged_topic(_token(nlp, text, word), category, LEX)
    assert (got[1] if got else None) == expected


TOPIC_TWINS = [
    # (sentence, category it must have, category it must not have)
    ("The senator praised the withdrawal of troops from the border.", "SUPPORT", "RETREAT"),
    ("The army withdrew its troops from the border on Monday.", "RETREAT", "SUPPORT"),
    ("The ministers discussed aid to the region on Monday.", "CONSULT", "COOPERATE"),
]


@pytest.mark.parametrize(("text", "has", "has_not"), TOPIC_TWINS)
def test_trigger_pass_codes_the_statement_not_its_topic(nlp, text, has, has_not):
    got = _categories(nlp, text)
    assert has in got
    assert has_not not in got


@pytest.mark.parametrize(
    ("text", "word", "fires"),
    [
        ("Trump also attacked the newspaper for refusing to support his tariff plans.", "refusing", True),
        ("The opposition praised the army for withdrawing from the town.", "withdrawing", True),
        # the ground of an arrest or a conviction is a legal matter, not a judgment in words
        ("Police arrested the man for attacking a guard on Monday.", "attacking", False),
        ("The newspaper refused to support his tariff plans.", "refused", False),
    ],
)
def test_judged_reason_fires_on_the_ground_of_a_judgment_only(nlp, text, word, fires):
    assert (judged_reason(_token(nlp, text, word), LEX) == "judged_reason") is fires


def test_trigger_pass_drops_the_ground_of_a_judgment_and_keeps_its_twin(nlp):
    assert "REJECT" not in _categories(nlp, "Trump also attacked the newspaper for refusing to support his plans.")
    assert "REJECT" in _categories(nlp, "The newspaper refused to support his tariff plans.")


@pytest.mark.parametrize(
    ("text", "word", "fires"),
    [
        ("The two senators clashed over the bill in a heated debate on Tuesday.", "clashed", True),
        ("The two ministers clashed on television on Sunday.", "clashed", True),
        (
            "The army suspended aid after the Oval Office clash between Donald Trump and Volodymyr Zelenskyy.",
            "clash",
            True,
        ),
        # armed or protesting sides, or words of violence, keep the physical clash
        ("Rebels clashed with government troops near the border on Friday.", "clashed", False),
        ("Rebels clashed with troops over control of the town on Friday.", "clashed", False),
        ("Protesters clashed with police over the new law on Sunday.", "clashed", False),
        ("The army suspended aid after the clash between rebels and soldiers on Friday.", "clash", False),
        ("The senators clashed over the bill, and a bomb exploded outside.", "clashed", False),
    ],
)
def test_verbal_clash_needs_evidence_of_words_only(nlp, text, word, fires):
    assert verbal_clash(_token(nlp, text, word), LEX) is fires


@pytest.mark.parametrize(
    ("text", "has", "has_not"),
    [
        ("The two senators clashed over the bill in a heated debate on Tuesday.", "DISAPPROVE", "ASSAULT"),
        (
            "The army suspended aid after the Oval Office clash between Donald Trump and Volodymyr Zelenskyy.",
            None,
            "ASSAULT",
        ),
        ("Rebels clashed with government troops near the border on Friday.", "ASSAULT", "DISAPPROVE"),
        ("The army suspended aid after the clash between rebels and soldiers on Friday.", "ASSAULT", "DISAPPROVE"),
    ],
)
def test_trigger_pass_types_a_clash_in_words_as_disapprove(nlp, text, has, has_not):
    got = _categories(nlp, text)
    assert has is None or has in got
    assert has_not not in got


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("Bugti and Chaudhry reiterated the claim that the attack was planned abroad.", True),
        ("The government reiterated its claim to the islands on Monday.", False),
        ("The ministry restated its claim on Monday.", False),
    ],
)
def test_asserted_claim_is_no_demand(nlp, text, fires):
    verb = next(w for w in ("reiterated", "restated") if w in text)
    assert (asserted_claim(_token(nlp, text, verb), "DEMAND") == "asserted_claim") is fires
    assert ("DEMAND" in _categories(nlp, text)) is not fires


@pytest.mark.parametrize(
    ("text", "word", "fires"),
    [
        ("Experts said AI revealed hidden risks in the data.", "revealed", True),
        ("The ministry revealed hidden risks in the data.", "revealed", False),
    ],
)
def test_a_technology_is_no_actor(nlp, text, word, fires):
    assert (inanimate_source(_token(nlp, text, word), "SUPPORT", LEX) is not None) is fires
    assert ("SUPPORT" in _categories(nlp, text)) is not fires


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii", categories=("L", "Zs", "P")), min_size=1, max_size=80))
def test_rules_return_their_reason_or_nothing_on_any_text(nlp, text):
    doc = nlp(text)
    for t in doc:
        assert judged_reason(t, LEX) in (None, "judged_reason")
        assert asserted_claim(t, "DEMAND") in (None, "asserted_claim")
        assert verbal_clash(t, LEX) in (True, False)
        got = judged_topic(t, "RETREAT", LEX)
        assert got is None or got[1] in ("SUPPORT", "DISAPPROVE", "CONSULT", "AGREE", "DEMAND", "REJECT")
