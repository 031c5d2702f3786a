"""Clauses with no political act: the reader told what to do (an imperative outside quotation marks) and a firm
trading with its customers (fifteenth round).

Each rule is checked on a sentence written for it and on a twin it must leave alone, both by the rule itself and
through the whole trigger pass.  The sentences follow a lede of their own, as the body-text rules look past the
story's first sentence.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.extract.events.codable import commercial_act, imperative
from transforms.extract.events.dictionary import lexicon
from transforms.extract.events.triggers import detect_triggers

LEDE = "Fighting broke out in the border town on Monday. "
LEX = lexicon()


def _token(nlp, text: str, word: str):
    doc = nlp(LEDE + text)
    return next(t for t in doc if t.text == word and t.i >= len(nlp(LEDE)))


def _categories(nlp, text: str) -> list[str]:
    doc = nlp(LEDE + text)
    start = len(nlp(LEDE))
    return [t.category for t in detect_triggers(doc[:]) if t.token_i >= start]


@pytest.mark.parametrize(
    ("text", "word", "fires"),
    [
        ("Visit the old harbour on the second day of your trip.", "Visit", True),
        ("But be warned: the rates change every spring.", "warned", True),
        ("Don't forget to book the ferry early.", "forget", True),
        # a subject, quotation marks or a reporting clause: someone acts or speaks
        ("The envoy will visit the old harbour on Monday.", "visit", False),
        ('"Leave the square now," the commander told the crowd.', "Leave", False),
        ("The minister warned the rebels on Monday.", "warned", False),
    ],
)
def test_imperative_fires_on_an_instruction_and_not_on_an_act(nlp, text, word, fires):
    reason = imperative(_token(nlp, text, word))
    assert (reason == "imperative") if fires else reason is None


@pytest.mark.parametrize(
    ("text", "word", "category", "fires"),
    [
        ("Most moving companies offer free boxes to new customers.", "offer", "AGREE", True),
        ("The company supports payments in six currencies.", "supports", "SUPPORT", True),
        # a political actor or a polity in the sentence, an act the codebook names for firms, a named firm
        ("The company agreed to pay the ministry a fine.", "agreed", "AGREE", False),
        ("The company offered loans to Kenya.", "offered", "AGREE", False),
        ("The company boycotted the trade fair.", "boycotted", "SANCTION", False),
        ("The company threatened to close its mines.", "threatened", "THREATEN", False),
        ("The minister offered talks to the rebels.", "offered", "AGREE", False),
    ],
)
def test_commercial_act_fires_on_a_firm_trading_and_not_on_a_political_act(nlp, text, word, category, fires):
    reason = commercial_act(_token(nlp, text, word), category, LEX)
    assert (reason == "commercial_act") if fires else reason is None


@pytest.mark.parametrize(
    ("non_act", "act", "category"),
    [
        (
            "Explore the old fortress with our guides.",
            "Inspectors explored the old fortress on Tuesday.",
            None,
        ),
        (
            "Some moving companies offer storage to their customers.",
            "The government offered aid to the flood victims on Tuesday.",
            "AGREE",
        ),
    ],
)
def test_the_coder_drops_the_non_act_and_keeps_its_political_twin(nlp, non_act, act, category):
    assert _categories(nlp, non_act) == []
    got = _categories(nlp, act)
    assert got if category is None else category in got


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii", exclude_categories=("Cc",)), max_size=160))
def test_rules_return_their_reason_or_none_on_any_text(nlp, text):
    for t in nlp(text):
        assert imperative(t) in (None, "imperative")
        reason = commercial_act(t, "AGREE", LEX)
        assert reason in (None, "commercial_act")
        if reason:
            assert commercial_act(t, "SANCTION", LEX) is None
