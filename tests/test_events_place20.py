"""The incident's finest place when the lead gives none of its own, and the place of an event noun that is the subject of
a verb of occurrence.

- "The attack came while the train was passing through a tunnel near Sibi": the verb of occurrence's clause is the
  event noun's own, so its locative adjuncts and its participle of simultaneous activity place the event
  (``places.occurrence_clause``); a verb that is not one of occurrence ("stopped", "came as a shock to officials in X")
  places nothing.
- "Militants attacked a train ... The train remains blocked in a tunnel near Sibi": a later sentence of state whose
  definite subject is the thing the lead's act on the ground was done to tells where it is, and a later act on the
  ground with no place or date of its own takes that place as its incident's (``places.incident_targets``,
  ``places.target_state_place``, ``mentions._TargetScene``); not a verb of motion, an indefinite subject, a lead with no
  such target, nor after an act dated apart from the lead.
- "Kenya launched an operation to flush out militants from the Boni Forest": the source of a subjectless infinitive of
  purpose whose verb drives someone out of a place (class ``removal_verb``) is where the act on the ground happened
  (``places._removal_purpose``); not another verb ("to help families from the forest"), a clause with a subject of its
  own, nor a statement ("vowed to flush out militants from the forest").
- A lead whose act on the ground places nothing of its own still names the story's main incident: a later act of the
  same incident (the same act, at the lead's time) placed finer in the setting's country gives the place the story's
  unplaced acts on the ground take (``link.events.lead_places``, ``unplaced_leads``); the same act told again is at
  the lead's time within the release's one-day tolerance (``same_time``), while another act keeps the strict day.

Sentences and small frames written for these tests, each rule with a twin where it must not apply; the reference and
the columnar linking are compared on every frame (``tests.test_events_place18._linked``)."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_event_narrative_setting import _candidates
from tests.test_events_place18 import _candidate
from tests.test_events_place18 import _linked as linked_frames
from tests.test_events_place18b import _MENTIONS, _place
from transforms.extract.events.places import (
    RELATIONS,
    _words,
    incident_targets,
    occurrence_clause,
    place_relation,
    target_state_place,
)
from transforms.extract.events.triggers import detect_triggers
from transforms.link.events import same_time

# ------------------------------------------------------------------ the event noun's verb of occurrence

_CAME = "The attack The Khyber Mail, a passenger train, came under a gun attack on Tuesday while passing through a tunnel near Kandahar."
_STOPPED = (
    "The attack The Khyber Mail, a passenger train, stopped on Tuesday while passing through a tunnel near Kandahar."
)


def _relations(nlp, text: str) -> dict[str, str | None]:
    """The place relation of each named place to the sentence's ASSAULT trigger."""
    doc = nlp(text)
    (trig,) = [t for s in doc.sents for t in detect_triggers(s) if t.category == "ASSAULT"]
    return {e.text: place_relation(e.root, trig, doc) for e in doc.ents if e.label_ in ("GPE", "LOC")}


def test_a_verb_of_occurrence_places_its_event_nouns_event(nlp):
    # the section heading "The attack" read as the subject of "came": the clause tells that the attack happened there
    assert _relations(nlp, _CAME) == {"Kandahar": "event"}


def test_a_verb_that_is_not_one_of_occurrence_places_nothing(nlp):
    assert _relations(nlp, _STOPPED) == {"Kandahar": None}
    # "came as a shock to officials in Kandahar": a phrase of the clause that is no locative adjunct of the verb
    assert _relations(nlp, "The attack came as a shock to officials in Kandahar.") == {"Kandahar": None}


def test_the_occurrence_clause_is_the_verb_its_event_noun_is_the_subject_of(nlp):
    doc = nlp("The bombing occurred at a market. The clashes broke out at dawn. The raid took place at night.")
    verbs = {t.text: occurrence_clause(t) for t in doc if t.lemma_ in ("bombing", "clash", "raid")}
    assert {noun: verb.lemma_ if verb is not None else None for noun, verb in verbs.items()} == {
        "bombing": "occur",
        "clashes": "break",
        "raid": "take",
    }
    doc = nlp("The bombing killed ten people. Police stopped the raid. The raid took ten lives.")
    assert all(occurrence_clause(t) is None for t in doc)  # not a verb of occurrence, or not its subject


_WORDS = st.sampled_from(
    "the a an attack bombing raid clashes came occurred happened took place broke out killed stopped while passing "
    "through near in at tunnel train remains blocked attacked Kandahar Sibi Kabul on Tuesday , .".split()
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=80), st.lists(_WORDS, min_size=1, max_size=16).map(" ".join)))
def test_an_occurrence_clause_is_always_the_head_verb_of_a_subject_noun(nlp, text):
    doc = nlp(text)
    for tok in doc:
        verb = occurrence_clause(tok)
        if verb is None:
            continue
        assert tok.pos_ == "NOUN" and tok.dep_ in ("nsubj", "nsubjpass") and verb.i == tok.head.i
        lemma = verb.lemma_.lower()
        phrases = {lemma} | {f"{lemma} {c.lower_}" for c in verb.children}
        assert phrases & _words().occurrence_verbs
    for sent in doc.sents:
        for trig in detect_triggers(sent):
            for ent in doc.ents:
                assert place_relation(ent.root, trig, doc) in (*RELATIONS, None)


# ------------------------------------------------------------------ an act's purpose of driving someone out of a place


def _place_relations(nlp, text: str, category: str) -> dict[str, str | None]:
    doc = nlp(text)
    (trig,) = [t for s in doc.sents for t in detect_triggers(s) if t.category == category]
    return {e.text: place_relation(e.root, trig, doc) for e in doc.ents if e.label_ in ("GPE", "LOC", "ORG")}


def test_the_source_of_a_purpose_of_removal_is_where_the_operation_happened(nlp):
    text = "Kenya launched an operation to flush out al-Shabab militants from the Boni Forest in 2015."
    assert _place_relations(nlp, text, "ASSAULT")["Boni Forest"] == "event"
    # the parser hangs the phrase on the object ("militants from the forest": where they come from): left unplaced
    text = "Kenya launched an operation to flush out the militants from the Boni Forest in 2015."
    assert _place_relations(nlp, text, "ASSAULT")["Boni Forest"] is None


def test_another_purpose_a_clause_of_its_own_or_a_statement_is_not_placed_by_the_source(nlp):
    text = "Kenya launched an operation to help families from the Boni Forest in 2015."
    assert _place_relations(nlp, text, "ASSAULT")["Boni Forest"] is None
    text = "Kenya launched an operation so that troops could flush out the militants from the Boni Forest."
    assert _place_relations(nlp, text, "ASSAULT")["Boni Forest"] is None
    text = "The army vowed to flush out the militants from the Boni Forest."
    assert _place_relations(nlp, text, "AGREE")["Boni Forest"] is None


# ------------------------------------------------------------------ where the lead's target is

_LEAD = "Soldiers rescued 190 passengers and killed 30 militants on Wednesday, a day after an attack on a train in Balochistan."
_CLAIM = (
    "The BLA quickly claimed responsibility for the attack."  # another actor's attack: the lead's scene lends no more
)
_RELEASE = "Militants said they released dozens of women."


def _released_places(nlp, text: str) -> list:
    (row,) = [r for r in _candidates(nlp, text) if r["trigger"] == "released"]
    return row["places"]


def test_where_the_leads_target_remains_is_where_its_incidents_acts_were_done(nlp):
    text = f"{_LEAD} The train remains blocked in a tunnel near Sibi. {_CLAIM} {_RELEASE}"
    assert _released_places(nlp, text) == [("Sibi", "incident")]


def test_a_verb_of_motion_an_indefinite_subject_or_no_target_lends_nothing(nlp):
    assert _released_places(nlp, f"{_LEAD} The train arrived in Quetta later. {_CLAIM} {_RELEASE}") == []
    assert _released_places(nlp, f"{_LEAD} A train remains blocked in a tunnel near Sibi. {_CLAIM} {_RELEASE}") == []
    talks = _LEAD.replace("an attack on", "talks on")  # talks are not done to the train
    assert _released_places(nlp, f"{talks} The train remains blocked in a tunnel near Sibi. {_CLAIM} {_RELEASE}") == []


def test_an_act_dated_apart_from_the_lead_ends_the_targets_scene(nlp):
    text = f"{_LEAD} The train remains blocked in a tunnel near Sibi. {_CLAIM} On Monday, militants bombed a bus. {_RELEASE}"
    assert _released_places(nlp, text) == []


def test_the_leads_targets_are_what_its_acts_on_the_ground_are_done_to(nlp):
    assert incident_targets(nlp("Militants attacked a bus in Kalat.")[:]) == {"bus"}
    assert incident_targets(nlp("An attack on a train killed ten people.")[:]) == {"train"}
    assert incident_targets(nlp("Police rescued a boy in Kalat.")[:]) == frozenset()  # aid is no act done to a target
    assert incident_targets(nlp("Militants attacked the bus in Kalat.")[:]) == frozenset()  # not new to the story


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=80), st.lists(_WORDS, min_size=1, max_size=16).map(" ".join)))
def test_a_targets_place_needs_a_target_and_the_targets_are_the_sentences_nouns(nlp, text):
    doc = nlp(text)
    targets = incident_targets(doc[:])
    assert targets <= {t.lemma_.lower() for t in doc if t.pos_ == "NOUN"}
    for ent in doc.ents:
        assert not target_state_place(ent.root, frozenset())
        if target_state_place(ent.root, targets | {"train", "tunnel"}):
            assert ent.root.dep_ in ("pobj", "appos", "compound", "conj") or ent.root.head.dep_ == "pobj"


# ------------------------------------------------------------------ an unplaced lead's incident

_MONDAY, _TUESDAY, _WEDNESDAY = date(2024, 2, 26), date(2024, 2, 27), date(2024, 2, 28)


def _act(doc: str, i: int, *, place: str | None = None, cameo="190", day=None, category="ASSAULT") -> dict:
    return dict(_candidate(doc, i, category, place=place, day=day), cameo_code=cameo)


def test_a_lead_that_places_nothing_takes_the_finer_place_a_later_act_of_its_incident_gives():
    rows = linked_frames(
        [
            _act("d0", 0, day=_WEDNESDAY),  # "The army killed 30 militants on Wednesday."
            _act("d0", 1),  # "They shot the passengers."
            _act("d0", 3, place="m-kyiv", day=_TUESDAY),  # "The attack came on Tuesday near Kyiv." (a day before)
            _act("d0", 5),  # "Snipers killed the bombers."
        ],
        _MENTIONS,
    )
    assert _place(rows, "d0", 3) == ("Kyiv", "sentence")
    assert _place(rows, "d0", 0) == ("Kyiv", "document")  # the lead's act itself, placed by the setting before
    assert _place(rows, "d0", 1) == ("Kyiv", "document")
    assert _place(rows, "d0", 5) == ("Kyiv", "document")


def test_another_act_another_time_or_a_statement_keeps_the_setting():
    rows = linked_frames(
        [
            _act("d1", 0, day=_WEDNESDAY),
            _act("d1", 2, place="m-kyiv", cameo="183"),  # a bombing, not the lead's act
            _act("d1", 4),
            _act("d2", 0, day=_WEDNESDAY),
            _act("d2", 2, place="m-kyiv", day=_MONDAY),  # two days before the lead: another incident
            _act("d2", 4),
            _act("d3", 0, category="DISAPPROVE"),  # a lead that tells no act on the ground names no incident
            _act("d3", 2, place="m-kyiv", category="DISAPPROVE"),
            _act("d3", 4),
        ],
        _MENTIONS,
    )
    assert _place(rows, "d1", 4) == ("Ukraine", "document")
    assert _place(rows, "d2", 4) == ("Ukraine", "document")
    assert _place(rows, "d3", 4) == ("Ukraine", "document")


def test_a_later_place_abroad_is_not_lent_to_the_settings_acts():
    russia = [*_MENTIONS, ("m-rus", "e-rus", "Russia", "GPE", 190)]
    rows = linked_frames([_act("d4", 0), _act("d4", 2, place="m-rus"), _act("d4", 4)], russia)
    assert _place(rows, "d4", 2) == ("Russia", "sentence")
    assert _place(rows, "d4", 4) == ("Ukraine", "document")  # the setting's country is not the incident's


def test_the_lead_incidents_time_is_its_day_within_a_days_tolerance():
    assert same_time(None, _MONDAY) and same_time(None, None)  # no date of its own
    assert same_time(_MONDAY, _MONDAY) and same_time(_TUESDAY, _MONDAY) and same_time(_MONDAY, _TUESDAY)
    assert not same_time(_WEDNESDAY, _MONDAY)
    assert not same_time(_MONDAY, None)  # a dated act after an undated lead may be any incident
