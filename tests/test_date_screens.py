"""The literal screen in front of the date patterns (dates._screened_kinds) keeps exactly the kinds whose core
expression matches: it only skips searches that cannot succeed."""

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.settings import SHARED_DIR
from transforms.extract.events import dates

VOA = SHARED_DIR / "data" / "voa" / "voa_stories.jsonl"


def _by_search(text: str) -> list[str]:
    return [kind for kind, rx in dates._core_screens().items() if rx.search(text) is not None]


def _voa_sentences() -> list[str]:
    if not VOA.exists():
        pytest.fail(f"shared VOA stories missing: {VOA}")
    texts = [json.loads(line)["text"] for line in VOA.read_text(encoding="utf-8").splitlines()]
    return [s for text in texts for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def test_every_kind_needs_literals():
    """Each of the kinds has a requirement (else the screen would skip nothing for it); only the optional
    look-alike kinds are exempt, and there are none today."""
    needs = dates._screen_literals()
    assert set(needs) == set(dates._core_screens())
    assert all(needs[kind] for kind in needs)


def test_screen_equals_searching_every_core_on_news_sentences():
    sentences = _voa_sentences()
    assert len(sentences) > 1000
    matched = 0
    for sentence in sentences:
        expected = _by_search(sentence)
        assert dates._screened_kinds(sentence) == expected, sentence
        matched += bool(expected)
    assert matched > 100  # the comparison covers sentences with dates, not only sentences without


def test_each_core_match_holds_its_required_literals():
    """The property the screen rests on, checked on real matches: every core match contains one literal of each
    of its kind's groups."""
    needs = dates._screen_literals()
    seen = set()
    for sentence in _voa_sentences():
        for kind, rx in dates._core_screens().items():
            for m in rx.finditer(sentence):
                low = m.group(0).lower()
                for group in needs[kind]:
                    assert any(re.search(r"\d", low) if lit == dates._DIGIT else lit in low for lit in group), (
                        kind,
                        m.group(0),
                        sorted(group),
                    )
                seen.add(kind)
    assert len(seen) >= 12


_WORDS = [
    "on",
    "in",
    "the",
    "last",
    "next",
    "this",
    "week",
    "weeks",
    "month",
    "year",
    "years",
    "ago",
    "days",
    "later",
    "earlier",
    "Monday",
    "friday",
    "May",
    "march",
    "Sept.",
    "12",
    "2021",
    "1990s",
    "'90s",
    "19th",
    "century",
    "summer",
    "weekend",
    "today",
    "recently",
    "-",
    "/",
    "–",
    "of",
    "early",
    "mid",
    "since",
    "ſince",
    "ıN",
    "\u212aey",
    "İn",
    "٢٠٢١",
    "2021-03-04",
    "3/4/2021",
    ",",
    "the past",
    "few",
    "two",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=12), st.sampled_from([" ", "  ", "\n", "-"]))
def test_screen_equals_searching_every_core_on_word_salad(words, sep):
    text = sep.join(words)
    assert dates._screened_kinds(text) == _by_search(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_screen_equals_searching_every_core_on_any_text(text):
    assert dates._screened_kinds(text) == _by_search(text)


@pytest.mark.parametrize("text", ["In ſummer 2021", "ıN 2021", "this wee\u212aend", "on Monday", "two days ago"])
def test_letters_outside_ascii_that_match_case_insensitively_fall_back_to_searching(text):
    assert dates._screened_kinds(text) == _by_search(text)
    assert dates._screened_kinds(text)  # every one of these is a date expression to the patterns
