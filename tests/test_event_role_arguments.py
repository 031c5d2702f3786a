"""Who did it to whom: to-datives, the target and source prepositions of event nouns, the dictionary's marked slots,
the author of a thing that acts, reactions drawn, topics of talks, and the speaker labels of interviews."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.build_event_dictionary import _marked_preps
from tests.test_events import only_event, run
from transforms.extract.events.dictionary import marked_slots
from transforms.extract.events.roles import is_speaker_label, source_preps, target_preps

# (sentence, category, actor, recipient): one short sentence of our own per rule
ROLE_CASES = {
    # the parser labels the to-phrase of "sent aid to Ukraine" a dative: its object, not "to", is the recipient
    "to-dative": ("Japan sent aid to Ukraine on Monday.", "AID", "Japan", "Ukraine"),
    "to-phrase": ("The United States provided military aid to Ukraine last year.", "AID", "United States", "Ukraine"),
    "passive by-agent": ("The protesters were arrested by police in Lima on Monday.", "COERCE", "police", "protesters"),
    "noun target by category": ("Western support for Ukraine grew last year.", "SUPPORT", None, "Ukraine"),
    # '- * &MILITARY (INTO +)': moving troops into a country is aimed at the country, not at the troops
    "marked target slot": ("The army moved troops into Lebanon on Monday.", "ASSAULT", "army", "Lebanon"),
    "author of a thing": (
        "Pyongyang issued a series of warnings demanding that Washington change its stance.",
        "DEMAND",
        "Pyongyang",
        "Washington",
    ),
    # "drew condemnation from X": the subject caused the reaction, the from-phrase reacted
    "reaction drawn": (
        "The raid drew condemnation of Israel from Arab leaders on Monday.",
        "DISAPPROVE",
        "Arab leaders",
        "Israel",
    ),
    "reaction to an arrest": (
        "The journalist's arrest drew condemnation from rights groups on Monday.",
        "DISAPPROVE",
        "rights groups",
        None,
    ),
    "objective of-phrase": ("The UN's condemnation of the junta came on Monday.", "DISAPPROVE", "UN", "junta"),
    "topic possessor": (
        "G7 foreign ministers discussed China's role in global security on Thursday.",
        "CONSULT",
        "G7 foreign ministers",
        None,
    ),
    "topic noun": ("The ministers discussed sanctions against Russia on Thursday.", "CONSULT", "ministers", None),
    # the gerund of "took credit for attacking" is done by the one the credit is taken by
    "gerund of a noun": ("The BLA took credit for attacking a military vehicle on Tuesday.", "ASSAULT", "BLA", None),
    "interview label": ("VOA: The president visited China last week.", "CONSULT", "president", "China"),
    # fifteenth round (tests/test_event_role_parties.py has the rules' finer tests): one sentence each rule fills,
    # one it must leave alone
    # a nationality adjective of a thing stands for its author
    "nationality adjective of a proposal": (
        "Bangladesh rejected an Indian proposal on Monday.",
        "REJECT",
        "Bangladesh",
        "Indian",
    ),
    "nationality adjective of an operation": (
        "A Pakistani military operation rescued 190 passengers on Wednesday.",
        "AID",
        "Pakistani",
        "190 passengers",
    ),
    "no entity modifier": ("Bangladesh rejected a new proposal on Monday.", "REJECT", "Bangladesh", None),
    # the source of an act the verb answers or judges is the one it is aimed at
    "author of an offer": ("Russia accepted the Turkish offer on Monday.", "AGREE", "Russia", "Turkish"),
    "author of an attack": ("Egypt condemned Israel's attack on Gaza on Monday.", "DISAPPROVE", "Egypt", "Israel"),
    # after a support verb the noun's source is the verb's own actor, its with-phrase the other party
    "support verb": ("Egypt held talks with Israeli officials on Monday.", "CONSULT", "Egypt", "Israeli officials"),
    # the to-goal of an infinitive of giving
    "infinitive to-goal": ("Libya offered to hand over the two suspects to Britain.", "AGREE", "Libya", "Britain"),
    # the singular mandative subjunctive ("that the government end") names the one the demand is made of
    "mandative subjunctive": (
        "Amnesty International demanded that the government end its curbs on the press.",
        "DEMAND",
        "Amnesty International",
        "government",
    ),
    # group nouns Phoenix lists only in compounds
    "prisoners": ("The prisoners rioted at the jail on Monday.", "PROTEST", "prisoners", None),
    "the opposition": ("The opposition rejected the budget on Monday.", "REJECT", "opposition", None),
    # the possessor of an act done to someone underwent it: no author for the condemnation to be aimed at
    "undergoer's arrest": ("Rights groups condemned Mhlanga's arrest on Monday.", "DISAPPROVE", "Rights groups", None),
    # the forces a mobilization moves are the source's own, never its recipient
    "forces sent": ("Mexico sent 10,000 troops to the border on Monday.", "MOBILIZE", "Mexico", None),
    "forces deployed": (
        "Several hundred troops were deployed to the villages on Thursday.",
        "MOBILIZE",
        "Several hundred troops",
        None,
    ),
    # a description before a name is no part of the agent's name
    "description before a name": (
        "Opposition leader Juan Guaido met the envoy on Monday.",
        "CONSULT",
        "Juan Guaido",
        "envoy",
    ),
}


@pytest.mark.parametrize("case", ROLE_CASES.values(), ids=ROLE_CASES.keys())
def test_roles_of_short_sentences(nlp, case):
    sentence, category, actor, recipient = case
    events, *_ = run(nlp, [sentence])
    act = only_event(events, category)
    assert (act["actor_text"], act["recipient_text"]) == (actor, recipient)


def test_the_category_prepositions_come_from_the_word_sets():
    assert set(target_preps("AID")) == {"to", "for"}
    assert target_preps("NO_SUCH_CATEGORY") == ()
    assert source_preps("DISAPPROVE") == ("by", "from")
    assert source_preps("ASSAULT") == ("by",)  # "an attack from the north" names a direction


def test_the_dictionary_lines_marked_prepositions_are_kept():
    assert _marked_preps(" BOLSTER TIES (WITH +)") == ("with", "")
    assert _marked_preps(" (INTO $)") == ("", "into")
    assert _marked_preps(" (TO) MEETING") == ("", "")
    assert ("into", "") in marked_slots().values()


@pytest.mark.parametrize(
    "sentence, label_words, others",
    [
        ("VOA: The president visited China last week.", ["VOA"], ["president", "China"]),
        ("Jane Doe: Police arrested the mayor on Monday.", ["Jane", "Doe"], ["Police", "mayor"]),
        ("Officials said: the army attacked the village.", [], ["Officials", "army"]),
        ("The minister visited China: talks followed.", [], ["minister", "China"]),
    ],
)
def test_a_speaker_label_opening_an_interview_turn(nlp, sentence, label_words, others):
    doc = nlp(sentence)
    for t in doc:
        if t.text in label_words:
            assert is_speaker_label(t)
        if t.text in others:
            assert not is_speaker_label(t)


def test_a_speaker_label_is_never_the_actor(nlp):
    events, *_ = run(nlp, ["Armitage: We condemned the invasion."])
    assert "Armitage" not in events["actor_text"].to_list()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=120))
def test_speaker_labels_never_raise_and_need_a_colon(nlp, text):
    doc = nlp(text)
    labels = [t for t in doc if is_speaker_label(t)]
    if labels:
        assert ":" in text
        assert all(t.i < next(c.i for c in t.sent if c.text == ":") for t in labels)
