"""Statements that are not the acts their verbs name (sixteenth round): rejecting a proposition in a content clause
is a denial (CAMEO 016), not a refusal (REJECT); 'as opposed to' is a complex
preposition; a wh-question keeps its inversion when its question mark is lost; a participle adjunct of a clause that
states a situation over a span up to now shares that span.

Each rule is checked on a sentence written for it and on a twin it must leave alone, both through the rule and
through the whole coder (the twin keeps its category).  The sentences follow a lede of their own, as the body-text
rules look past the story's first sentence.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.extract.events.codable import aspect_reason, complex_preposition, denial, question
from transforms.extract.events.dictionary import lexicon
from transforms.extract.events.triggers import detect_triggers

LEDE = "Fighting broke out in the border town on Monday. "
LEX = lexicon()


def _token(nlp, text: str, word: str):
    doc = nlp(LEDE + text)
    return next(t for t in doc if t.text == word and t.i >= len(nlp(LEDE)))


def _categories(nlp, text: str) -> set[str]:
    doc = nlp(LEDE + text)
    return {t.category for t in detect_triggers(list(doc.sents)[-1])}


RULES = {
    "denial": lambda t, category: denial(t, category, LEX),
    "complex_preposition": lambda t, category: complex_preposition(t, LEX),
    "question": lambda t, category: question(t),
    "ongoing": lambda t, category: aspect_reason(t, category, LEX),
}


@pytest.mark.parametrize(
    ("rule", "text", "word", "category", "fires"),
    [
        # a finite content clause under a verb of rejection; a mandative one is a proposal
        ("denial", "The governor rejected that the vote had been rigged.", "rejected", "REJECT", True),
        ("denial", "The governor rejected the plan the council had drafted.", "rejected", "REJECT", False),
        ("complex_preposition", "Pilots will train in Moscow, as opposed to Texas.", "opposed", "DISAPPROVE", True),
        ("complex_preposition", "Farmers opposed the new dam on Friday.", "opposed", "DISAPPROVE", False),
        ("complex_preposition", "The farmers, who were opposed to the dam, marched.", "opposed", "DISAPPROVE", False),
        # a supplementive participle shares a perfect progressive or a since-perfect matrix's span; a dated one and
        # one on a simple past matrix tell one act
        (
            "ongoing",
            "The rebels have been fighting the army, accusing the governor of theft.",
            "accusing",
            "DISAPPROVE",
            True,
        ),
        (
            "ongoing",
            "The rebels have intensified raids since March, killing dozens of soldiers.",
            "killing",
            "ASSAULT",
            True,
        ),
        (
            "ongoing",
            "The rebels have been shelling the town, killing five soldiers on Monday.",
            "killing",
            "ASSAULT",
            False,
        ),
        ("ongoing", "The rebels attacked the army, accusing the governor of theft.", "accusing", "DISAPPROVE", False),
        ("ongoing", "The rebels intensified raids in March, killing dozens of soldiers.", "killing", "ASSAULT", False),
        ("question", "So why doesn't the army send more troops to the border, he said.", "send", "MOBILIZE", True),
        ("question", "The general explained why the army sends more troops to the border.", "sends", "MOBILIZE", False),
        ("question", "The army sends more troops to the border, he said.", "sends", "MOBILIZE", False),
    ],
)
def test_rule_fires_on_its_case_and_not_on_its_twin(nlp, rule, text, word, category, fires):
    reason = RULES[rule](_token(nlp, text, word), category)
    assert (reason == rule) if fires else reason is None


@pytest.mark.parametrize(
    ("statement", "act", "category"),
    [
        (
            "He rejected the idea migration can lead to cultural enrichment.",
            "He rejected the migration pact on Tuesday.",
            "REJECT",
        ),
        (
            "The pilots train in Moscow, as opposed to Texas.",
            "Farmers opposed the new dam on Friday.",
            "DISAPPROVE",
        ),
        (
            "The rebels have been fighting the army, accusing the governor of theft.",
            "The rebels attacked the army, accusing the governor of theft.",
            "DISAPPROVE",
        ),
    ],
)
def test_statement_is_not_coded_and_its_act_twin_is(nlp, statement, act, category):
    assert category not in _categories(nlp, statement)
    assert category in _categories(nlp, act)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii", exclude_categories=("Cc",)), max_size=160))
def test_rules_return_their_reason_or_none_on_any_text(nlp, text):
    for t in nlp(text):
        for category in ("REJECT", "DISAPPROVE"):
            assert RULES["denial"](t, category) in (None, "denial")
        assert RULES["complex_preposition"](t, "DISAPPROVE") in (None, "complex_preposition")
        assert RULES["question"](t, "ASSAULT") in (None, "question")
        assert aspect_reason(t, "ASSAULT", LEX) in (None, "ongoing", "present_state", "description", "appeal") or (
            aspect_reason(t, "ASSAULT", LEX).startswith("norm_")
        )
