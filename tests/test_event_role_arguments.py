"""Who did it to whom: to-datives, the target prepositions of event nouns, the dictionary's marked slots, the
author of a thing that acts, and the speaker labels of interviews."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.build_event_dictionary import _marked_preps
from tests.test_events import only_event, run
from transforms.extract.events.dictionary import marked_slots
from transforms.extract.events.roles import is_speaker_label, target_preps


@pytest.mark.parametrize(
    "sentence, category, recipient",
    [
        ("Japan sent aid to Ukraine on Monday.", "AID", "Ukraine"),
        ("The United States provided military aid to Ukraine last year.", "AID", "Ukraine"),
    ],
)
def test_a_to_phrase_of_a_giving_verb_names_the_recipient(nlp, sentence, category, recipient):
    # the parser labels the to-phrase of "sent aid to Ukraine" a dative: its object, not "to", is the recipient
    events, *_ = run(nlp, [sentence])
    assert only_event(events, category)["recipient_text"] == recipient


def test_a_passive_by_phrase_acts_and_the_subject_undergoes(nlp):
    events, *_ = run(nlp, ["The protesters were arrested by police in Lima on Monday."])
    act = only_event(events, "COERCE")
    assert (act["actor_text"], act["recipient_text"]) == ("police", "protesters")


def test_event_nouns_take_their_target_by_the_categorys_prepositions(nlp):
    assert set(target_preps("AID")) == {"to", "for"}
    assert target_preps("NO_SUCH_CATEGORY") == ()
    events, *_ = run(nlp, ["Western support for Ukraine grew last year."])
    assert only_event(events, "SUPPORT")["recipient_text"] == "Ukraine"


def test_a_thing_acting_through_a_participle_acts_for_its_author(nlp):
    text = "Pyongyang issued a series of warnings demanding that Washington change its stance."
    events, *_ = run(nlp, [text])
    act = only_event(events, "DEMAND")
    assert (act["actor_text"], act["recipient_text"]) == ("Pyongyang", "Washington")


def test_the_dictionary_lines_marked_prepositions_are_kept():
    assert _marked_preps(" BOLSTER TIES (WITH +)") == ("with", "")
    assert _marked_preps(" (INTO $)") == ("", "into")
    assert _marked_preps(" (TO) MEETING") == ("", "")
    assert ("into", "") in marked_slots().values()


def test_a_marked_target_preposition_names_the_recipient_before_the_object(nlp):
    # '- * &MILITARY (INTO +)': moving troops into a country is aimed at the country, not at the troops
    events, *_ = run(nlp, ["The army moved troops into Lebanon on Monday."])
    act = only_event(events, "ASSAULT")
    assert (act["actor_text"], act["recipient_text"]) == ("army", "Lebanon")


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


def test_an_interviewers_label_is_never_the_actor(nlp):
    events, *_ = run(nlp, ["VOA: The president visited China last week."])
    assert only_event(events, "CONSULT")["actor_text"] == "president"
    events, *_ = run(nlp, ["Armitage: We condemned the invasion."])
    assert all(a != "Armitage" for a in events["actor_text"].to_list())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=120))
def test_speaker_labels_never_raise_and_need_a_colon(nlp, text):
    doc = nlp(text)
    labels = [t for t in doc if is_speaker_label(t)]
    if labels:
        assert ":" in text
        assert all(t.i < next(c.i for c in t.sent if c.text == ":") for t in labels)


def test_a_reaction_drawn_is_done_by_its_source_to_its_target(nlp):
    # "drew condemnation from X": the subject caused the reaction, the from-phrase reacted
    events, *_ = run(nlp, ["The raid drew condemnation of Israel from Arab leaders on Monday."])
    act = only_event(events, "DISAPPROVE")
    assert (act["actor_text"], act["recipient_text"]) == ("Arab leaders", "Israel")


def test_a_criticism_noun_takes_its_of_phrase_as_the_target(nlp):
    events, *_ = run(nlp, ["The UN's condemnation of the junta came on Monday."])
    act = only_event(events, "DISAPPROVE")
    assert (act["actor_text"], act["recipient_text"]) == ("UN", "junta")


@pytest.mark.parametrize(
    "sentence",
    [
        "G7 foreign ministers discussed China's role in global security on Thursday.",
        "The ministers discussed sanctions against Russia on Thursday.",
    ],
)
def test_the_matter_discussed_is_no_party(nlp, sentence):
    events, *_ = run(nlp, [sentence])
    assert only_event(events, "CONSULT")["recipient_text"] is None


def test_a_reaction_to_an_arrest_is_not_aimed_at_the_arrested(nlp):
    events, *_ = run(nlp, ["The journalist's arrest drew condemnation from rights groups on Monday."])
    act = only_event(events, "DISAPPROVE")
    assert (act["actor_text"], act["recipient_text"]) == ("rights groups", None)
