"""Acts the coder used to miss in wire-news shapes: an event nominal carrying its verb's arguments as a clause's
subject, the irregular nominals of CAMEO verbs, the nouns of our CRIME verbs, and two multiword verbs the dictionary
files under another sense.  Each rule has a short sentence of our own it codes and a near one it leaves alone."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.extract.events.dictionary import lexicon
from transforms.extract.events.triggers import detect_triggers
from transforms.schemas import PLOVER_CATEGORIES


def _categories(nlp, sentence: str) -> list[str]:
    return [t.category for t in detect_triggers(nlp(sentence)[:])]


# (sentence, category the top trigger must have, or None: the category must not be found)
CASES = {
    # an event nominal with its 'of' object names the act (Grimshaw 1990), in a category a bare noun would not give
    "nominal with of-object": ("The easing of the curfew on Monday came after a week of calm.", "CONCEDE"),
    "nominal with to-infinitive": ("Kenya's promise to reopen the border came on Monday.", "AGREE"),
    "bare standing noun": ("The agreement came as a surprise.", None),
    # an ordinal predicate of a past 'be' counts its subject among events that took place; other superlatives judge
    "ordinal predicate": ("The release of the hostages was the second this year.", "RETREAT"),
    "evaluative superlative": ("The talks were the best option.", None),
    # irregular nominals of CAMEO verbs, read as the object of a light verb
    "irregular nominal": ("Police carried out the demolition of the houses on Monday.", "COERCE"),
    # the nouns of our CRIME verbs
    "crime noun": ("Armed men carried out a robbery at the bank.", "CRIME"),
    # 'vote down' rejects (the dictionary's EXCLUDE block would read a ban)
    "vote down": ("The senate voted down the bill.", "REJECT"),
    "vote on": ("The senate voted on the bill.", "REJECT-absent"),
    # 'speak out against' criticizes; 'speak out' alone is no act
    "speak out against": ("The bishop spoke out against the executions.", "DISAPPROVE"),
    "speak out": ("The bishop spoke out on Monday.", "DISAPPROVE-absent"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_wire_shapes(nlp, name):
    sentence, expected = CASES[name]
    found = _categories(nlp, sentence)
    if expected is None:
        assert found == [], (name, found)
    elif expected.endswith("-absent"):
        assert expected.removesuffix("-absent") not in found, (name, found)
    else:
        assert found and found[0] == expected, (name, found)


def test_irregular_nominals_take_their_verbs_codes():
    """The nominals no suffix rule yields are derived from the dictionary's verbs, with the verb's code."""
    nouns = lexicon().derived_nouns
    assert nouns["expulsion"].code == "174"  # DEPORT block: expel
    assert nouns["demolition"].code == "1712"  # demolish: destroy property
    assert nouns["denunciation"].code.startswith("111")
    assert "destruction" not in nouns  # storms and fires destroy too: not derived


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("abcdefghij of the lifting pledge to ,.")), max_size=80))
def test_any_text_gives_known_categories(nlp, text):
    assert set(_categories(nlp, text)) <= set(PLOVER_CATEGORIES)
