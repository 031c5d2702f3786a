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


# Each rule as a function of the token alone (the category it is asked about where it reads one).
RULES = {
    "passive": lambda t: present_passive_state(t, "SUPPORT"),
    "threat": lambda t: present_passive_state(t, "THREATEN"),
    "remit": lambda t: present_state(t, "INVESTIGATE"),
    "reader": reader_addressed,
    "means": lambda t: aspect_reason(t, "COOPERATE", LEX),
    "agent": lambda t: "adjectival" if agent_participle(t) else None,
    "span": lambda t: generic_or_habitual(t, LEX),
    "aid": lambda t: aspect_reason(t, "AID", LEX),
    "demand": lambda t: aspect_reason(t, "DEMAND", LEX),
}


@pytest.mark.parametrize(
    ("rule", "text", "word", "reason"),
    [
        # the simple present passive of a property; the past passive, a date, quoted speech or a threat is an act
        ("passive", "Products are recognized by the association as safe.", "recognized", "present_passive_state"),
        ("passive", "Its growth is supported by a large customer base.", "supported", "present_passive_state"),
        ("passive", "The model is structured and bound by its contracts.", "bound", "present_passive_state"),
        ("passive", "The plan was recognized by the council in March.", "recognized", None),
        ("passive", "The plan is backed by the council on Tuesday.", "backed", None),
        ("passive", '"We are supported by the people," the general said.', "supported", None),
        ("threat", "The town is threatened by the rebels.", "threatened", None),
        # a remit in the simple present; an inquiry done, or the day's act with a speech tag
        ("remit", "The agency investigates reports of counterfeit drugs.", "investigates", "present_state"),
        ("remit", "The agency investigated reports of counterfeit drugs.", "investigated", None),
        ("remit", "The agency investigates the shooting, the minister says.", "investigates", None),
        # the reader's subject shared by a conjunct, a participle adjunct or an open complement
        ("reader", "You'll drive to the capital and visit the old palace.", "visit", "reader_addressed"),
        ("reader", "You'll wrap up your trip exploring the old town.", "exploring", "reader_addressed"),
        ("reader", "You'll board a ferry and spend a day exploring.", "exploring", "reader_addressed"),
        ("reader", "You'll drive to the capital and the envoy will visit the palace.", "visit", None),
        ("reader", "The envoy will drive to the capital and visit the president.", "visit", None),
        ("reader", "During your stay, you drove to the capital and visited the president.", "visited", None),
        # a means clause shares its matrix clause's aspect; a past matrix tells the act done by those means
        ("means", "It is changing trade by automating tasks, adding data and enhancing it.", "enhancing", "ongoing"),
        ("means", "The agency is reshaping trade by automating tasks.", "automating", "ongoing"),
        ("means", "The agency reshaped trade on Monday by automating tasks.", "automating", None),
        # an -ing word before a bare plural after a passive's 'by'; a gerund clause with a determined object
        ("agent", "The tariffs, which are paid by importing companies, rose.", "importing", "adjectival"),
        ("agent", "The deaths were caused by shelling the town.", "shelling", None),
        ("agent", "The firm paid importing companies.", "importing", None),
        # a plural span of weeks or months up to now; one unit, or a term measured by 'for'
        ("span", "The group has filed 30 lawsuits in the last two weeks.", "filed", "habitual"),
        ("span", "The group has filed 30 lawsuits in recent months.", "filed", "habitual"),
        ("span", "The group filed a lawsuit in the past week.", "filed", None),
        ("span", "Police detained him for two weeks.", "detained", None),
        # a progressive with 'already' or 'still'; a progressive alone tells the act in progress
        ("aid", "The agency was already providing aid to the refugees before the coup.", "providing", "ongoing"),
        ("aid", "The agency was still providing aid to the refugees.", "providing", "ongoing"),
        ("aid", "The agency was providing aid to the refugees when the coup began.", "providing", None),
        # a demand repeated over a span up to now; a demand made on a day
        ("demand", "Since then, protesters have demanded that the party be banned.", "demanded", "ongoing"),
        ("demand", "Protesters demanded on Monday that the party be banned.", "demanded", None),
    ],
)
def test_each_rule_fires_on_its_non_act_and_not_on_its_twin(nlp, rule, text, word, reason):
    assert RULES[rule](_token(nlp, text, word)) == reason


def test_present_passive_state_leaves_the_lede_alone(nlp):
    doc = nlp("The plan is backed by the council.")
    assert present_passive_state(doc[3], "SUPPORT") is None


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
