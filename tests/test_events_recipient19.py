"""The partner of a reciprocal exchange ("exchanged gunfire with guards") and the source of a banned trade ("banned
the import of chicks from Europe"), from CAMEO's TRADE and IMPORT verbs; a police patrol can be attacked.  Each rule
has a short sentence of our own it fills and a near one it leaves blank; no recipient is ever a pronoun or a
quantifier.  A purpose infinitive's object is its target when its on-phrase is a place."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_events import run
from transforms.extract.coref import pronoun_kinds
from transforms.extract.events.actors import dictionaries

# One row per rule: (filled sentence, near sentence left blank, category, recipient of the filled one)
PAIRS = {
    # CAMEO's TRADE block: EXCHANGE patterns carry one code both ways ('- * GUNFIRE [193:193]'); 'with' names the partner
    "exchange": (
        "Armed prisoners exchanged gunfire with guards on Monday.",
        "Armed prisoners exchanged gunfire with great intensity on Monday.",
        "ASSAULT",
        "guards",
    ),
    # a verb of force whose with-phrase is an instrument ('- * (WITH &WEAPON)') takes no partner by it
    "trade, not an instrument": (
        "Rebels traded fire with government troops on Monday.",
        "Rebels attacked the town with rockets on Monday.",
        "ASSAULT",
        "government troops",
    ),
    # CAMEO IMPORT '- * FROM' [061]: the trade's partner; a ban on it is aimed there
    "import from": (
        "Cameroon banned the import of chicks from Europe on Monday.",
        "Cameroon banned the import of chicks on Monday.",
        "SANCTION",
        "Europe",
    ),
    # Phoenix lists the army, military, border and security patrols; the police patrol is the same kind of unit
    "police patrol": (
        "Gunmen opened fire on a police patrol on Monday.",
        "Gunmen opened fire on a market on Monday.",
        "ASSAULT",
        "police patrol",
    ),
    # a purpose infinitive's object when its on-phrase is a place ("on the border" is locative, Quirk et al. 9.17)
    "infinitive object behind a place": (
        "Kenya launched an operation to flush out the militants on the border with Somalia in 2015.",
        "Kenya launched an operation to clear the roads on the border with Somalia in 2015.",
        "ASSAULT",
        "militants",
    ),
}


def _recipients(nlp, sentence: str, category: str) -> list:
    events, *_ = run(nlp, [sentence])
    return [r["recipient_text"] for r in events.to_dicts() if r["event_type"] == category]


@pytest.mark.parametrize("rule", list(PAIRS))
def test_rule_fills_its_case_and_leaves_the_near_one(nlp, rule):
    filled, near, category, recipient = PAIRS[rule]
    assert _recipients(nlp, filled, category)[:1] == [recipient], (rule, filled)
    assert _recipients(nlp, near, category)[:1] == [None], (rule, near)


ACTORS = st.sampled_from(["Kenya", "The rebels", "Gunmen", "The army"])
VERBS = st.sampled_from(
    [
        "exchanged gunfire with",
        "traded fire with",
        "swapped prisoners with",
        "banned the import of rice from",
        "opened fire on",
        "met with",
    ]
)
PARTIES = st.sampled_from(
    ["them", "it", "him", "us", "some", "many", "most", "several", "others", "all", "Mali", "a police patrol"]
)


@settings(max_examples=24, deadline=None)
@given(ACTORS, VERBS, PARTIES)
def test_recipient_is_never_a_pronoun_or_quantifier(nlp, actor, verb, party):
    """Whatever the party phrase, a filled recipient is never a bare pronoun or quantifier (issue 11 item 3)."""
    sentence = f"{actor} {verb} {party} on Monday."
    events, *_ = run(nlp, [sentence])
    quantifiers = {w for w, c in dictionaries().word_class.items() if c == "quantifier"}
    for row in events.to_dicts():
        text = (row["recipient_text"] or "").casefold()
        assert text not in pronoun_kinds(), (sentence, row["recipient_text"])
        assert text not in quantifiers, (sentence, row["recipient_text"])
