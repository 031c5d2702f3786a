"""Standing situations and futures that are no act (sixteenth round): an absolute clause with a subject of its own on
a perfect or present matrix, a participle on a present-simple copula, a future act a report or the press tells of
another party, and a conditional clause opened by subject-operator inversion.

Each rule alone is checked on a sentence written for it and on a twin it must leave alone (a clear act, or the actor's
own statement of intent) in ``tests/test_events_non_acts.py``; here the whole trigger pass drops each situation and
keeps its twin's act (``ROUND16_TWINS`` in ``tests/test_codable.py``), and the rules return their reason or
nothing on arbitrary text.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_codable import LEDE, cats
from tests.test_events_non_acts import LEX
from transforms.extract.events.codable import aspect_reason, inverted_condition, press_forecast


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
