"""Eighteenth round: the parties of an act read once.  The party rule reads the political agents' '-ies' plurals
("the authorities"); its code test has one definition; a noun phrase's head is found by one helper; a recipient's
own-side tests read the actor's fillers as found, never resolved twice.  Short sentences written for the rules."""

from __future__ import annotations

import re

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_link_relevance17 import _SCHEMA, _random_row
from transforms.extract.events.actors import (
    Piece,
    _head_split,
    dictionaries,
    head_end,
    head_words,
    tokens,
    word_classes,
)
from transforms.extract.events.dictionary import lexicon
from transforms.extract.events.mentions import event_candidates
from transforms.link.parties import (
    FIRM_CODE_ALONE,
    code_kind,
    party_kind,
    political_agent_pattern,
    political_code_pattern,
    private_parties_expr,
)


def _political(text: str) -> bool:
    return re.search(political_agent_pattern(), text) is not None


# --- the political agents' plurals --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["The authorities met Acme.", "Both militaries agreed.", "Embassies called Acme.", "Opposition parties met."],
)
def test_an_ies_plural_of_a_political_agent_names_one(text):
    assert _political(text)


@pytest.mark.parametrize("text", ["The partyies met.", "Authoritiesque goods.", "The companies met."])
def test_a_misspelt_or_longer_word_or_a_firm_plural_names_no_political_agent(text):
    assert not _political(text)


def test_every_consonant_y_political_agent_is_matched_in_its_ies_plural():
    agents = sorted(a for a in lexicon().political_agents if re.search(r"[^aeiou\W]y$", a))
    assert agents  # the dictionary has such agents ("authority", "embassy", "military")
    missed = [a for a in agents if not _political(f"x {a[:-1]}ies x")]
    assert missed == []


def test_a_firms_act_in_a_sentence_naming_the_authorities_is_not_left_out_as_private():
    rows = [
        _random_row("AGREE", "Acme Ltd", [], [], None, [], [], "Acme Ltd agreed with the authorities."),
        _random_row("AGREE", "Acme Ltd", [], [], None, [], [], "Acme Ltd agreed with its customers."),
    ]
    frame = pl.DataFrame(rows, schema=_SCHEMA, orient="row")
    assert frame.select(private_parties_expr().alias("p"))["p"].to_list() == [False, True]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("the authorities", "political"),
        ("the embassies of two states", "political"),
        ("Acme Ltd, a firm of the valley", "firm"),
        ("customers near the store", "customer"),
        ("buyers of the app", "customer"),
    ],
)
def test_a_partys_kind_reads_its_head_and_the_agent_plurals(text, kind):
    assert party_kind(text, []) == kind


# --- the political code test: one definition ----------------------------------------------------------------


@settings(deadline=None)
@given(
    st.one_of(st.sampled_from(["USA", "MNC", "MNCUSA", "IGOUNO", "USAGOV", "USAGO\n", "ABC\n"]), st.text(max_size=9))
)
def test_code_kind_and_the_vectorised_test_read_the_same_pattern(code):
    vectorised = (
        pl.DataFrame({"c": [code]})
        .select(pl.col("c").str.contains(political_code_pattern()) & (pl.col("c") != FIRM_CODE_ALONE))
        .item()
    )
    assert vectorised == (code_kind(code) == "political")


def test_a_firm_code_with_no_country_is_no_political_code():
    assert code_kind(FIRM_CODE_ALONE) == "firm"
    assert code_kind("MNCUSA") == "firm"
    assert code_kind("IGOUNO") == "political"


# --- one head finder ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "head"),
    [
        ("the ambassador to the island, Jane Doe", "ambassador"),
        ("fighters loyal to the chief", "fighters"),
        ("Acme Ltd (the firm)", "Ltd"),
        ("customers near the store", "customers"),
        ("companies that sell tea", "companies"),
        ("of the people", "people"),
    ],
)
def test_the_head_is_the_last_word_before_a_postmodifier(text, head):
    assert head_words(text)[-1] == head


@settings(deadline=None)
@given(st.text(max_size=40))
def test_head_words_are_the_first_words_of_the_text(text):
    words = re.findall(r"\w[\w.&/'\u2019-]*", re.split(r"[,;(]", text, maxsplit=1)[0])
    found = head_words(text)
    assert found == words[: len(found)]
    assert bool(found) == bool(words)


@pytest.mark.parametrize("phrase", ["protesters in the capital", "fighters loyal to the army", "the envoy who spoke"])
def test_the_actor_codes_head_split_and_the_text_head_agree(phrase):
    d = dictionaries()
    toks = tokens(phrase)
    pieces = [Piece("word", i, i + 1, t.norm) for i, t in enumerate(toks)]
    head, _posts = _head_split(pieces, d)
    assert [p.norm for p in head] == [w.lower() for w in head_words(phrase)]
    assert len(head) == head_end([word_classes().get(p.norm) for p in pieces])


# --- the recipient's own-side test reads the actor's fillers ----------------------------------------------------


def _candidates(nlp, text: str) -> list[dict]:
    doc = nlp(text)
    mentions = [
        {"mention_id": f"m{i}", "char_start": e.start_char, "char_end": e.end_char, "text": e.text, "label": e.label_}
        for i, e in enumerate(doc.ents)
    ]
    return event_candidates("d", doc, mentions, None)


def test_a_recipient_on_the_actors_side_stays_out_and_another_stays_in(nlp):
    rows = _candidates(nlp, "Mexico and Canada met Germany on Monday.")
    met = [r for r in rows if r["trigger"].lower().startswith("met")]
    assert met, [(r["trigger"], r["actor_text"]) for r in rows]
    assert "Germany" in (met[0]["recipient_text"] or "")
    assert "Germany" not in (met[0]["actor_text"] or "")
