"""Who acts and who undergoes: unaccusative subjects, content clauses of nouns, a surname taken for a place."""

from __future__ import annotations

from tests.test_events import only_event, run
from transforms.extract.events.mentions import _DocMentions


def test_the_subject_returned_to_prison_is_the_recipient_and_the_orders_name_the_actor(nlp):
    text = "Former President Alberto Fujimori returned to prison on Monday on the orders of Judge Carlos Rivas."
    events, *_ = run(nlp, [text])
    act = only_event(events, "COERCE")
    assert act["recipient_text"] == "Former President Alberto Fujimori"
    assert act["actor_text"] == "Judge Carlos Rivas"


def test_a_motion_verb_with_an_object_keeps_its_subject_as_actor(nlp):
    text = "Police returned fire and arrested two gunmen in Lima on Monday."
    events, *_ = run(nlp, [text])
    assert only_event(events, "COERCE")["actor_text"] == "Police"


def _mention(text, label, start):
    return {"mention_id": text, "text": text, "label": label, "char_start": start, "char_end": start + len(text)}


def test_a_place_typed_surname_of_a_named_person_is_that_person():
    mentions = _DocMentions([_mention("Jose Luis Toro", "PERSON", 0), _mention("Toro", "GPE", 40)])
    assert mentions.as_named(mentions.by_id["Toro"])["label"] == "PERSON"
    other = _DocMentions([_mention("Maria Lopez", "PERSON", 0), _mention("Toro", "GPE", 40)])
    assert other.as_named(other.by_id["Toro"])["label"] == "GPE"


def test_the_subject_of_a_nouns_content_clause_acts(nlp):
    # "the rebels' claim that they attacked": a finite clause the parser hangs from the noun keeps its subject
    text = "The ministry said the rebels' claim that they attacked the convoy was false."
    events, *_ = run(nlp, [text])
    assert only_event(events, "ASSAULT")["actor_text"] == "rebels"


def test_a_participle_modifying_a_noun_still_makes_the_noun_act(nlp):
    text = "Police arrested dozens of protesters demanding reform in Santiago on Monday."
    events, *_ = run(nlp, [text])
    assert only_event(events, "COERCE")["actor_text"] == "Police"
