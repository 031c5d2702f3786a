"""Participle adjuncts of a characterizing present (nineteenth round): a supplementive participle on a present-simple
dynamic verb ('The agency provides loans, helping farmers buy seed') shares its matrix clause's habitual or
characterizing reading (Quirk et al. 1985, 4.6-4.8 and 15.58-15.60; Carlson 1977; Krifka et al. 1995) and reports no
occurrence.

Each case is a sentence written for the rule beside its minimal twin with a past or dated matrix, which tells one act.
The sentences follow a lede of their own.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.extract.events.codable import PRESENT_SIMPLE, _participle_matrix, characterizing_participle
from transforms.extract.events.dictionary import lexicon
from transforms.extract.events.triggers import detect_triggers

LEDE = "Fighting broke out in the border town on Monday. "
LEX = lexicon()


def _last_sentence(nlp, text: str):
    """The sentence written for the case, parsed after the lede."""
    return list(nlp(LEDE + text).sents)[-1]


def _token(nlp, text: str, word: str):
    return next(t for t in _last_sentence(nlp, text) if t.text == word)


def _categories(nlp, text: str) -> set[str]:
    return {t.category for t in detect_triggers(_last_sentence(nlp, text))}


@pytest.mark.parametrize(
    ("characterizing", "episodic", "word", "category"),
    [
        (
            "The army patrols the border, firing on smugglers.",
            "The army patrolled the border on Monday, firing on smugglers.",
            "firing",
            "ASSAULT",
        ),
        (
            "The agency provides loans to farmers, assisting villages hit by the drought.",
            "The agency provided loans to farmers last week, assisting villages hit by the drought.",
            "assisting",
            "AID",
        ),
        (
            "The programs raise scores while helping students stay engaged.",
            "The programs raised scores last year while helping students stay engaged.",
            "helping",
            "AID",
        ),
    ],
)
def test_participle_of_a_characterizing_present_is_no_act(nlp, characterizing, episodic, word, category):
    assert characterizing_participle(_token(nlp, characterizing, word), LEX) == "characterizing"
    assert characterizing_participle(_token(nlp, episodic, word), LEX) is None
    assert category in _categories(nlp, episodic)
    assert category not in _categories(nlp, characterizing)


def test_reported_speech_matrix_is_left_alone(nlp):
    text = "The group says the army shelled the town, accusing the government of war crimes."
    assert characterizing_participle(_token(nlp, text, "accusing"), LEX) is None


def test_headline_matrix_is_left_alone(nlp):
    text = "The agency provides loans to farmers, assisting villages hit by the drought."
    assisting = _token(nlp, text, "assisting")
    matrix = _participle_matrix(assisting)
    assert matrix is not None
    assert characterizing_participle(assisting, LEX) == "characterizing"
    # the same words as a headline's main verb: the simple present there tells a past act
    assert characterizing_participle(assisting, LEX, frozenset({matrix.i})) is None


@settings(max_examples=30, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii", exclude_categories=("Cc",)), max_size=160))
def test_characterizing_needs_a_present_simple_matrix(nlp, text):
    found = {t.i: characterizing_participle(t, LEX) for t in nlp(text)}
    assert set(found.values()) <= {None, "characterizing"}
    doc = nlp(text)
    for i, reason in found.items():
        if reason:
            # a participle of its own time (a VBG/VBN adjunct) hanging from a present-simple verb
            assert doc[i].tag_ in ("VBG", "VBN")
            assert doc[i].head.tag_ in PRESENT_SIMPLE or _participle_matrix(doc[i]).tag_ in PRESENT_SIMPLE
