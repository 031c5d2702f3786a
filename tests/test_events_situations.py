"""Standing situations and futures that are no act (sixteenth round): an absolute clause with a subject of its own on
a perfect or present matrix, a participle on a present-simple copula, a future act a report or the press tells of
another party, and a conditional clause opened by subject-operator inversion.

Each rule is checked on a sentence written for it and on a twin it must leave alone (a clear act, or the actor's own
statement of intent), once as the rule alone and once through the whole trigger pass.  The sentences follow a lede
of their own, as the body-text rules look past the story's first sentence.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.extract.events.codable import aspect_reason, inverted_condition, press_forecast
from transforms.extract.events.dictionary import lexicon
from transforms.extract.events.triggers import detect_triggers

LEDE = "Fighting broke out in the border town on Monday. "
LEX = lexicon()
RULES = {
    "ongoing": lambda t, category: aspect_reason(t, category, LEX),
    "forecast": lambda t, category: press_forecast(t, LEX),
    "open_condition": lambda t, category: inverted_condition(t, LEX),
}


def _token(nlp, text: str, word: str):
    doc = nlp(LEDE + text)
    return next(t for t in doc if t.text == word and t.i >= len(nlp(LEDE)))


@pytest.mark.parametrize(
    ("rule", "text", "word", "category", "fires"),
    [
        # an absolute clause with its own subject takes its matrix's time: a perfect or a present tells how things
        # stand; a past act's absolute tells a second act at that time
        ("ongoing", "The talks have stalled, with both sides accusing each other.", "accusing", "DISAPPROVE", True),
        ("ongoing", "The region is tense, with rebels accusing the army of abuses.", "accusing", "DISAPPROVE", True),
        ("ongoing", "Police fired tear gas on Monday, with protesters throwing stones.", "throwing", "PROTEST", False),
        ("ongoing", "The talks have stalled, with rebels shelling the town on Friday.", "shelling", "ASSAULT", False),
        # a participle on a present-simple copula shares its state; on a past act it tells an act
        ("ongoing", "The disease is endemic in the region, claiming hundreds of lives.", "claiming", "ASSAULT", True),
        ("ongoing", "Gunmen stormed the village, killing five farmers.", "killing", "ASSAULT", False),
        # a report of another party's future; the party's own announcement, reported, stays
        ("forecast", "British media report that Britain will cede the islands.", "cede", "AGREE", True),
        ("forecast", "Local newspapers said the army would withdraw from the town.", "withdraw", "AGREE", True),
        ("forecast", "The foreign minister said Britain will cede the islands.", "cede", "AGREE", False),
        ("forecast", "Britain said it would cede the islands to Mauritius.", "cede", "AGREE", False),
        ("forecast", "British media reported that Britain ceded the islands.", "ceded", "CONCEDE", False),
        # subject-operator inversion opens a condition; the same operators in a main clause do not
        ("open_condition", "Had the army attacked the town, thousands would have fled.", "attacked", "ASSAULT", True),
        ("open_condition", "Should the rebels attack the town, the army will respond.", "attack", "ASSAULT", True),
        ("open_condition", "The army had attacked the town before the talks began.", "attacked", "ASSAULT", False),
        ("open_condition", "After the army attacked the town, thousands fled.", "attacked", "ASSAULT", False),
    ],
)
def test_rule_fires_on_its_case_and_not_on_its_twin(nlp, rule, text, word, category, fires):
    reason = RULES[rule](_token(nlp, text, word), category)
    assert (reason == rule) if fires else reason is None


def cats(nlp, text: str) -> set[str]:
    """Categories coded in the text's last sentence."""
    last = list(nlp(LEDE + text).sents)[-1]
    return {t.category for t in detect_triggers(last)}


TWINS = {
    "an absolute clause on a perfect": (
        "The talks have stalled, with both sides accusing each other of bad faith.",
        "Both sides accused each other of bad faith on Tuesday.",
        "DISAPPROVE",
    ),
    "a press report of another party's future": (
        "British media report that Britain will cede sovereignty of the islands to Mauritius.",
        "The foreign minister said Britain will cede the islands to Mauritius.",
        "AGREE",
    ),
    "an inverted conditional": (
        "Had the army attacked the town, thousands would have fled.",
        "The army attacked the town, and thousands fled.",
        "ASSAULT",
    ),
}


@pytest.mark.parametrize(("no_act", "act", "category"), TWINS.values(), ids=TWINS.keys())
def test_the_trigger_pass_drops_the_situation_and_keeps_its_twin(nlp, no_act, act, category):
    coded = [category in cats(nlp, text) for text in (no_act, act)]
    assert coded == [False, True], "the rule should drop the first sentence's act and keep its twin's"


def test_a_protest_in_an_absolute_clause_on_a_past_act_is_kept(nlp):
    assert "PROTEST" in cats(nlp, "Police fired tear gas on Monday, with protesters throwing stones at them.")


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii", exclude_categories=("Cc",)), max_size=160))
def test_rules_return_their_reason_or_none_on_any_text(nlp, text):
    for t in nlp(text):
        assert press_forecast(t, LEX) in (None, "forecast")
        assert inverted_condition(t, LEX) in (None, "open_condition")
        if inverted_condition(t, LEX):
            assert t.dep_ == "advcl" and t.i < t.head.i
        assert aspect_reason(t, "DISAPPROVE", LEX) in (
            None,
            "ongoing",
            "present_state",
            "description",
            "appeal",
            "norm_content",
            "norm_reference",
        )
