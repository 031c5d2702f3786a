"""Standing situations and futures that are no act (sixteenth round): an absolute clause with a subject of its own on
a perfect or present matrix, a participle on a present-simple copula, a future act a report or the press tells of
another party, and a conditional clause opened by subject-operator inversion.

Each rule alone is checked on a sentence written for it and on a twin it must leave alone (a clear act, or the actor's
own statement of intent) in ``tests/test_events_non_acts.py``; here the whole trigger pass drops each situation and
keeps its twin's act, and the rules return their reason or nothing on arbitrary text.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_codable import LEDE, cats
from tests.test_events_non_acts import LEX
from transforms.extract.events.codable import aspect_reason, inverted_condition, press_forecast

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
    coded = [category in cats(nlp, LEDE + text) for text in (no_act, act)]
    assert coded == [False, True], "the rule should drop the first sentence's act and keep its twin's"


def test_a_protest_in_an_absolute_clause_on_a_past_act_is_kept(nlp):
    assert "PROTEST" in cats(nlp, LEDE + "Police fired tear gas on Monday, with protesters throwing stones at them.")


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
