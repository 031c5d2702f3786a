"""Thirteenth round: where an act happened when its own sentence does not say.

- A participle or a coordinated predicate shares the scene of its host clause, including a locative the parser hangs
  on the host's object ("attacked a train in X's Y province, taking hostages").
- The story's lead sets the scene of its main incident: a later act done on the ground with no place of its own is an
  installment of it (geo_source 'incident'), unless it is a statement, names a new act, has a date of its own, follows
  an act placed elsewhere, or is of the lead's kind by another actor.
- A possessor is no place of its own inside a possessed place noun that names the place ("Pakistan's Balochistan
  province"), and a statement takes the document's place only when that is a country.

Stories written for the rules, each with a twin where the rule must not apply (transforms/extract/events/places.py and
setting.py name each rule's source)."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_event_narrative_setting import REPORT, _candidates, _told
from tests.test_events import run
from transforms.extract.events.mentions import _without_containing_possessors
from transforms.extract.events.places import SPEECH_ACTS
from transforms.extract.events.setting import Act, NarrativeSetting, OwnTime
from transforms.link.events import _actor_belongs

LEAD = "Militants stormed a hotel in Beledweyne on Tuesday.\n\n"
FILLER = "The city council met to discuss the budget, a spokesman said.\n\n" * 3


def _scene_names(row: dict) -> list[str]:
    return [name for name, relation in row["places"] if relation == "incident"]


# ------------------------------------------------------------------ the host clause's object


def test_a_participle_takes_the_locative_of_its_hosts_object(nlp):
    text = "Militants attacked a passenger train on Tuesday in Pakistan's Balochistan province, taking many hostages."
    events, *_ = run(nlp, [text], pubs=[REPORT])
    assault = [r for r in events.to_dicts() if r["event_type"] == "ASSAULT"]
    assert assault and all(r["geo_source"] == "sentence" for r in assault)
    assert all("Balochistan" in r["location_name"] for r in assault)


def test_a_possessor_is_dropped_when_the_possessed_place_noun_heads_a_named_place(nlp):
    # the genitive of location (Quirk et al. 17.37): "Pakistan's Balochistan province" lies in Pakistan, and the act
    # happened in the province the name gives, whether the name is "Balochistan" or "Balochistan province"
    doc = nlp("Militants attacked a passenger train in Pakistan's Balochistan province on Tuesday.")
    pakistan, province = next(t for t in doc if t.text == "Pakistan"), next(t for t in doc if t.text == "province")
    assert pakistan.head.i == province.i  # the parse the rule reads
    kept = _without_containing_possessors(["Pakistan", "Balochistan province"], [(pakistan, "GPE"), (province, "GPE")])
    assert kept == ["Balochistan province"]
    # the possessed noun names no place: the possessor is the finest place given
    assert _without_containing_possessors(["Pakistan"], [(pakistan, "GPE")]) == ["Pakistan"]
    assert _without_containing_possessors(["Pakistan", "x"], [(pakistan, "GPE"), (province, "DATE")]) == [
        "Pakistan",
        "x",
    ]


def test_a_speech_participle_does_not_take_its_hosts_topic(nlp):
    rows = _candidates(nlp, "The minister criticized the war in Gaza, calling it a disaster.")
    assert all(not r["places"] for r in rows if r["category"] in ("DISAPPROVE", "SUPPORT"))


# ------------------------------------------------------------------ the lead's scene


def test_a_later_installment_of_the_lead_incident_happened_at_its_scene(nlp):
    rows = _candidates(nlp, LEAD + FILLER + '"They shot the guards," a survivor told reporters.')
    assert _scene_names(_told(rows, "shot")) == ["Beledweyne"]


def test_a_scene_set_after_the_lead_lends_nothing_far_away(nlp):
    text = "The city council met on Monday.\n\n" + LEAD + FILLER + '"They shot the guards," a survivor said.'
    assert _scene_names(_told(_candidates(nlp, text), "shot")) == []


def test_a_statement_keeps_its_own_place(nlp):
    rows = _candidates(nlp, LEAD + FILLER + "The governor condemned the violence.")
    assert _scene_names(_told(rows, "condemned")) == []


def test_an_act_placed_elsewhere_ends_the_scene(nlp):
    text = LEAD + "Police arrested two men in Mogadishu.\n\n" + FILLER + '"They shot the guards," a survivor said.'
    assert _scene_names(_told(_candidates(nlp, text), "shot")) == []


def test_an_act_with_a_locative_of_its_own_is_set_apart_from_the_scene(nlp):
    rows = _candidates(nlp, LEAD + FILLER + "Police said two rifles were recovered in a prison yard.")
    assert _scene_names(_told(rows, "recovered")) == []
    # a time or an event noun after "in" gives no place: the act is still an installment of the lead's incident
    rows = _candidates(nlp, LEAD + FILLER + "Police said two guards were killed in the attack.")
    assert _scene_names(_told(rows, "killed")) == ["Beledweyne"]


def test_an_act_told_in_the_perfect_sums_up_and_is_not_placed_at_the_scene(nlp):
    rows = _candidates(nlp, LEAD + FILLER + "Security forces have occupied 36 hospitals, a spokesman said.")
    assert _scene_names(_told(rows, "occupied")) == []


def test_an_act_with_a_date_of_its_own_is_another_incident(nlp):
    rows = _candidates(nlp, LEAD + FILLER + "In 2019, militants shot the city's mayor.")
    assert _scene_names(_told(rows, "shot")) == []


# ------------------------------------------------------------------ the setting itself, act by act

_TUESDAY = OwnTime(date(2025, 3, 11), "day", "Tuesday", True)
_PLACE = [{"mention_id": "m1", "relation": "event", "distance": 3}]


def _act(sentence: int, category: str = "ASSAULT", actors: frozenset[str] = frozenset(), **kw) -> Act:
    return Act(sentence, category, kw.pop("mood", "realis"), actors, frozenset({"attack"}), frozenset(), **kw)


def _story(*acts: Act) -> NarrativeSetting:
    setting = NarrativeSetting([[] for _ in range(20)])
    setting.told(_act(0, actors=frozenset({"militant"})), _TUESDAY, _PLACE, frozenset({"beledweyne"}))
    for act in acts:
        setting.told(act, None, [], frozenset())
    return setting


def test_the_scene_lends_to_acts_done_on_the_ground_only():
    setting = _story()
    assert [c["relation"] for c in setting.scene_of(_act(6, "RETREAT"))] == ["incident"]
    assert setting.scene_of(_act(6, "SANCTION")) == []  # decided away from the scene
    assert setting.scene_of(_act(6, "DISAPPROVE", frozenset({"governor"}))) == []  # a statement
    assert setting.scene_of(_act(6, mood="hypothetical")) == []  # a plan or a threat is no installment
    assert setting.scene_of(_act(6, new=True)) == []  # "an attack on a bus": a new act
    assert setting.scene_of(_act(6, placed_apart=True)) == []  # "in the prison yard": a place of its own


def test_another_actor_of_the_leads_kind_is_another_incident():
    setting = _story()
    assert setting.scene_of(_act(5, actors=frozenset({"army"}))) == []
    assert setting.scene_of(_act(5)) != []  # no actor of its own: the lead's incident's result
    rival = _story(_act(4, actors=frozenset({"army"})))
    assert rival.scene_of(_act(5)) == []  # after a rival act of the kind, an agentless one could be either's
    assert rival.scene_of(_act(5, "AID")) == []  # nor an act of another kind: it could belong to either incident
    assert _story(_act(4, "AID", frozenset({"army"}))).scene_of(_act(5)) != []  # another kind's actor is no rival


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["ASSAULT", "COERCE", "AID", "AGREE", "SANCTION", "DEMAND"]),
            st.sets(st.sampled_from(["militant", "army", "police"]), max_size=2),
            st.booleans(),
        ),
        max_size=8,
    )
)
def test_the_scene_is_lent_only_after_the_lead_to_unplaced_acts_of_the_ground(acts):
    setting = _story()
    for i, (category, actors, placed) in enumerate(acts, start=1):
        act = _act(i, category, frozenset(actors))
        lent = setting.scene_of(act)
        assert all(c["relation"] == "incident" for c in lent)
        if category in ("AGREE", "SANCTION", "DEMAND"):
            assert lent == []
        places = [{"mention_id": f"p{i}", "relation": "event", "distance": 1}] if placed else []
        setting.told(act, None, places, frozenset({f"place {i}"}) if placed else frozenset())
        if placed and category not in SPEECH_ACTS:  # an act placed elsewhere ends the scene (a statement is made
            # where its speaker is, which says nothing of the scene)
            assert setting.scene_of(_act(i + 1, "AID")) == []


# ------------------------------------------------------------------ a statement and the story's own region


def test_a_statement_takes_the_documents_place_only_when_that_is_a_country():
    zamfara = {"entity_id": "z", "name": "Zamfara", "country_code": "NGA", "geo_precision": "region"}
    nigeria = {"entity_id": "n", "name": "Nigeria", "country_code": "NGA", "geo_precision": "country"}
    # the president's refusal is made where he speaks, not in the province the story is about
    assert not _actor_belongs(zamfara, {"NGA"}, [], category="REJECT")
    assert _actor_belongs(nigeria, {"NGA"}, [], category="REJECT")
    # a kidnapping by the country's own gunmen happened in the story's province
    assert _actor_belongs(zamfara, {"NGA"}, [], category="ASSAULT")
