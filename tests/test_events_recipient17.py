"""The other party of an act: the category's verb target prepositions (CAMEO's pattern lines), never the actor's own
side, the name before a thing, a clausal of-phrase, coordinated infinitives and prepositional verbs.  Each rule has a
short sentence of our own it fills and a near one it leaves blank."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_events import run
from transforms.extract.events.roles import same_state, verb_target_preps

# (sentence, category, recipient or None): a pair per construction, the filled case first
CASES = {
    # CAMEO '- * (WITH)' [046]: the party negotiated with, though the verb's object is a thing
    "with, consult": ("Kenya negotiated a truce with the rebels on Monday.", "CONSULT", "rebels"),
    "with, consult, a thing": ("Kenya negotiated a truce with great patience on Monday.", "CONSULT", None),
    # CAMEO '- * AT' [190]: the one fired at, though the verb's object is the weapon
    "at, assault": ("Rebels fired rockets at the soldiers on Monday.", "ASSAULT", "soldiers"),
    "at, assault, a place": ("Rebels fired rockets at the hills on Monday.", "ASSAULT", None),
    # a name compound of a thing that cannot act is the thing's author: the name, not the thing
    "name before a thing": ("Ukraine rejected the Hungarian proposal on Monday.", "REJECT", "Hungarian"),
    "name compound of a thing": ("Ukraine rejected the U.S. proposal on Monday.", "REJECT", "U.S."),
    "people named by a name": ("Ukraine met U.S. officials on Monday.", "CONSULT", "U.S. officials"),
    "a thing alone": ("Ukraine rejected the proposal on Monday.", "REJECT", None),
    # "accuse someone of doing": the clausal of-phrase complements the verb, not the noun
    "clausal of-phrase": ("Kenya accused the envoy of lying on Monday.", "DISAPPROVE", "envoy"),
    "nominal of-phrase": ("Kenya accused the envoy of Somalia of lying on Monday.", "DISAPPROVE", "envoy of Somalia"),
    # coordinated infinitives share the object the parser hangs on the last one
    "coordinated infinitives": (
        "Turkey threatened to close or suspend U.S. operations last week.",
        "THREATEN",
        "U.S.",
    ),
    "coordinated infinitives, a thing": ("Turkey threatened to close or suspend the base last week.", "THREATEN", None),
    # the object of a prepositional verb takes its party by its argument preposition, as a verb's object does
    "prepositional verb": ("The president called for a war against the rebels on Monday.", "THREATEN", "rebels"),
    "prepositional verb, a thing": ("The president called for a war against poverty on Monday.", "THREATEN", None),
    # never the actor's own side: the state whose head of government acts, a coordination's member
    "own state": ("Mexican President Claudia Sheinbaum sent troops to Mexico's border on Monday.", "MOBILIZE", None),
    "coordinated actors": ("Canada and Mexico met on Monday.", "CONSULT", None),
    "another party": ("Canada met Mexico on Monday.", "CONSULT", "Mexico"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_recipient_constructions(nlp, name):
    sentence, category, recipient = CASES[name]
    events, *_ = run(nlp, [sentence])
    rows = events.filter(events["event_type"] == category).to_dicts()
    assert rows, (name, events.select("event_type", "actor_text", "recipient_text").to_dicts())
    assert rows[0]["recipient_text"] == recipient, (name, rows[0]["actor_text"], rows[0]["recipient_text"])


def test_verb_target_prepositions_are_data():
    """Each category's prepositions come from the word sets citing CAMEO's pattern lines; force takes no "with"
    (CAMEO's '- * (WITH &WEAPON)' lines are instruments), consultation does."""
    assert "with" in verb_target_preps("CONSULT")
    assert "with" not in verb_target_preps("ASSAULT")
    assert {"on", "at", "against"} <= set(verb_target_preps("ASSAULT"))
    assert verb_target_preps("NO_SUCH_CATEGORY") == ()


@pytest.mark.parametrize(
    "actor, recipient, named, own",
    [
        (["MEXGOV"], ["MEX"], {"MEX"}, True),  # the president's own state, named in the actor's phrase
        (["MEX"], ["MEX"], {"MEX"}, True),
        (["MEXGOV"], ["MEX"], set(), False),  # the country not named by the actor: a context code decides nothing
        (["IDN"], ["IDNGOV"], {"IDN"}, False),  # a state yields to its regional governments
        (["MEXREB"], ["MEX"], {"MEX"}, False),  # rebels act on the state
        (["MEXGOV"], ["MEXCVL"], {"MEX"}, False),  # the state acts on its civilians
        (["MEXGOV"], ["USA"], {"MEX"}, False),
        ([], ["MEX"], {"MEX"}, False),
        (["MEXGOV", "CAN"], ["MEX"], {"MEX", "CAN"}, False),  # a coalition with another state
    ],
)
def test_same_state(actor, recipient, named, own):
    assert same_state(actor, recipient, named) is own


CODES = st.lists(st.sampled_from(["MEX", "MEXGOV", "MEXMIL", "MEXREB", "USA", "USAGOV", "CAN", "IGOUNO"]), max_size=3)
COUNTRIES = st.sets(st.sampled_from(["MEX", "USA", "CAN"]))


@settings(max_examples=200, deadline=None)
@given(CODES, CODES, COUNTRIES)
def test_same_state_needs_one_named_country(actor, recipient, named):
    """Only a recipient that is one bare country, the single state the actor codes and names, is the actor's own."""
    if same_state(actor, recipient, named):
        assert len(set(recipient)) == 1 and recipient[0] in named
        assert {c[:3] for c in actor} == {recipient[0]}
        assert not same_state(actor, recipient, named - {recipient[0]})


NAMES = st.sampled_from(["Kenya", "Mali", "the rebels", "Russia", "the army", "it", "they"])
VERBS = st.sampled_from(["met with", "withdrew from", "fired at", "protested against", "negotiated a deal with"])


@settings(max_examples=12, deadline=None)
@given(NAMES, VERBS, NAMES)
def test_recipient_is_never_the_actor(nlp, actor, verb, recipient):
    """For any pairing, a filled recipient is never the actor's own name (a pronoun resolving to the actor included)."""
    sentence = f"{actor[0].upper()}{actor[1:]} {verb} {recipient} on Monday."
    events, *_ = run(nlp, [sentence])
    for row in events.to_dicts():
        if row["recipient_text"] and row["actor_text"]:
            assert row["recipient_text"].casefold() != row["actor_text"].casefold(), sentence
