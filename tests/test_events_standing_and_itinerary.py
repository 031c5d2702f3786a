"""Statements that report no act done at a time (twentieth round): the simple present passive of a standing property,
a body's remit in the simple present, indefinite frequency adverbs, and the reader's itinerary told through a
subject shared by coordinated predicates; and the political agent nouns 'officials' and 'opposition'.

Each rule is checked on a sentence written for it and on a twin it must leave alone, both by the rule itself and
through the whole trigger pass.  The sentences follow a lede of their own, as the body-text rules look past the
story's first sentence.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.extract.events.codable import (
    PRESENT_SIMPLE,
    agent_participle,
    aspect_reason,
    generic_or_habitual,
    has_political_actor,
    label_heading,
    present_passive_state,
    present_state,
    reader_addressed,
)
from transforms.extract.events.dictionary import lexicon
from transforms.extract.events.story import political_agent_re
from transforms.extract.events.triggers import detect_triggers

LEDE = "Fighting broke out in the border town on Monday. "
LEX = lexicon()


def _token(nlp, text: str, word: str, *, lede: str = LEDE):
    doc = nlp(lede + text)
    return next(t for t in doc if t.text == word and t.i >= len(nlp(lede)))


def _categories(nlp, text: str) -> list[str]:
    doc = nlp(LEDE + text)
    start = len(nlp(LEDE))
    return [t.category for s in doc.sents if s.end > start for t in detect_triggers(s) if t.token_i >= start]


@pytest.mark.parametrize(
    ("text", "word", "category", "fires"),
    [
        ("Products are recognized by the dental association for being safe.", "recognized", "SUPPORT", True),
        ("The firm's growth is supported by a large customer base.", "supported", "SUPPORT", True),
        ("The model is structured and bound by its contracts.", "bound", "COOPERATE", True),
        # the past passive tells an act; a date, quoted speech or a threat keeps the act
        ("The plan was recognized by the council in March.", "recognized", "SUPPORT", False),
        ("The plan is backed by the council on Tuesday.", "backed", "SUPPORT", False),
        ('"We are supported by the people," the general said.', "supported", "SUPPORT", False),
        ("The town is threatened by the rebels.", "threatened", "THREATEN", False),
    ],
)
def test_present_passive_state_fires_on_a_property_and_not_on_an_act(nlp, text, word, category, fires):
    reason = present_passive_state(_token(nlp, text, word), category)
    assert (reason == "present_passive_state") if fires else reason is None


def test_present_passive_state_leaves_the_lede_alone(nlp):
    doc = nlp("The plan is backed by the council.")
    assert present_passive_state(doc[3], "SUPPORT") is None


@pytest.mark.parametrize(
    ("text", "word", "fires"),
    [
        ("The agency investigates reports of counterfeit drugs.", "investigates", True),
        ("The agency investigated reports of counterfeit drugs.", "investigated", False),
        # a speech tag reports the day's act ("X rejects the plan, the minister says")
        ("The agency investigates the shooting, the minister says.", "investigates", False),
    ],
)
def test_a_remit_in_the_simple_present_is_a_state_and_an_inquiry_done_is_not(nlp, text, word, fires):
    reason = present_state(_token(nlp, text, word), "INVESTIGATE")
    assert (reason == "present_state") if fires else reason is None


@pytest.mark.parametrize(
    ("text", "word", "fires"),
    [
        ("After lunch, you'll drive to the capital and visit the old palace.", "visit", True),
        ("Finally, you'll wrap up your trip exploring the old town.", "exploring", True),
        ("You'll board a ferry and spend the afternoon exploring the islands.", "exploring", True),
        # a conjunct with its own subject, a real party, or a past occasion
        ("You'll drive to the capital and the envoy will visit the old palace.", "visit", False),
        ("The envoy will drive to the capital and visit the president.", "visit", False),
        ("During your stay, you drove to the capital and visited the president.", "visited", False),
    ],
)
def test_reader_addressed_reaches_a_shared_subject(nlp, text, word, fires):
    reason = reader_addressed(_token(nlp, text, word))
    assert (reason == "reader_addressed") if fires else reason is None


@pytest.mark.parametrize(
    ("text", "word", "fires"),
    [
        (
            "The agency is reshaping the trade by automating tasks, providing data and enhancing controls.",
            "enhancing",
            True,
        ),
        ("The agency is reshaping the trade by automating tasks.", "automating", True),
        # a matrix in the past tells the act done, by those means
        ("The agency reshaped the trade on Monday by automating tasks.", "automating", False),
    ],
)
def test_a_means_clause_shares_its_matrix_clauses_aspect(nlp, text, word, fires):
    reason = aspect_reason(_token(nlp, text, word), "COOPERATE", LEX)
    assert (reason == "ongoing") if fires else reason is None


@pytest.mark.parametrize(
    ("text", "word", "fires"),
    [
        ("The tariffs, which are paid by importing companies, rose.", "importing", True),
        # a gerund clause with its own determined object tells an act
        ("The deaths were caused by shelling the town.", "shelling", False),
        ("The firm paid importing companies.", "importing", False),
    ],
)
def test_an_ing_word_after_a_passives_agent_by_is_an_adjective_of_a_bare_plural(nlp, text, word, fires):
    assert agent_participle(_token(nlp, text, word)) is fires


LISTING = "Lift Movers\n\nCompany Info\n\n{line}\n\nLocal moves\n\nPacking\n\nStorage\n"


@pytest.mark.parametrize(
    ("line", "fires"),
    [
        ("Services Offered", True),
        ("Discounts Offered", True),
        # a sentence, a line in lower case, a participle with an auxiliary, a participle not ending its line
        ("The company offered discounts.", False),
        ("services offered", False),
        ("Services Are Offered", False),
        ("Offered Services", False),
    ],
)
def test_label_heading_fires_on_a_listing_label_and_not_on_a_clause(nlp, line, fires):
    doc = nlp(LISTING.format(line=line))
    verb = next(t for t in doc if t.lower_ == "offered")
    assert (label_heading(verb) == "label_heading") if fires else label_heading(verb) is None


def test_label_heading_leaves_the_documents_first_line_alone(nlp):
    doc = nlp("Opposition Leader Arrested\n\nPolice detained the leader on Monday.")
    assert label_heading(doc[2]) is None


@pytest.mark.parametrize(
    ("text", "word", "fires"),
    [
        ("The group has filed 30 lawsuits in the last two weeks.", "filed", True),
        ("The group has filed 30 lawsuits in recent months.", "filed", True),
        # a span of one unit, or a term measured by 'for', can hold one act
        ("The group filed a lawsuit in the past week.", "filed", False),
        ("Police detained him for two weeks.", "detained", False),
    ],
)
def test_a_plural_span_of_weeks_or_months_up_to_now_is_a_course_of_acts(nlp, text, word, fires):
    reason = generic_or_habitual(_token(nlp, text, word), LEX)
    assert (reason == "habitual") if fires else reason is None


@pytest.mark.parametrize(
    ("non_act", "act", "category"),
    [
        (
            "Products are recognized by the dental association for being safe.",
            "Products were recognized by the dental association on Tuesday.",
            "SUPPORT",
        ),
        (
            "The agency investigates reports of counterfeit drugs.",
            "The agency investigated reports of counterfeit drugs on Tuesday.",
            "INVESTIGATE",
        ),
        (
            "The army periodically shells the border villages.",
            "The army shelled the border villages on Tuesday.",
            "ASSAULT",
        ),
        (
            "After lunch, you'll drive to the capital and visit the palace.",
            "After lunch, the envoy drove to the capital and visited the president.",
            "CONSULT",
        ),
    ],
)
def test_the_coder_drops_the_non_act_and_keeps_its_twin(nlp, non_act, act, category):
    assert _categories(nlp, non_act) == []
    assert category in _categories(nlp, act)


@pytest.mark.parametrize(
    ("text", "political"),
    [
        ("Officials said the border would stay closed.", True),
        ("The opposition boycotted the vote.", True),
        ("Visit the official website for the menu.", False),
        ("The restaurant opened a second branch.", False),
    ],
)
def test_officials_and_the_opposition_are_political_agents_and_the_adjective_is_not(nlp, text, political):
    assert has_political_actor(nlp(text)[:]) is political
    assert bool(political_agent_re().search(text)) is political


def test_a_discard_context_with_officials_is_still_coded(nlp):
    # 'champion' is a sentence-scope discard context (discards.tsv): sports news with no political actor
    sports = "The champion attacked the referee after the match."
    assert _categories(nlp, sports) == []
    assert _categories(nlp, "Officials said the champion attacked the referee after the match.")


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii", exclude_categories=("Cc",)), max_size=160))
def test_rules_return_their_reason_or_none_on_any_text(nlp, text):
    for t in nlp(text):
        reason = present_passive_state(t, "SUPPORT")
        assert reason in (None, "present_passive_state")
        if reason:
            # only a past participle with a present passive auxiliary, and never for a threat
            assert t.tag_ == "VBN"
            assert any(a.dep_ == "auxpass" and a.tag_ in PRESENT_SIMPLE for a in t.doc[t.sent.start : t.sent.end])
            assert present_passive_state(t, "THREATEN") is None
        assert reader_addressed(t) in (None, "reader_addressed")
        if label_heading(t):
            assert t.text[:1].isupper() and not t.is_sent_start
        if agent_participle(t):
            assert t.tag_ == "VBG" and t.head.dep_ == "agent"
