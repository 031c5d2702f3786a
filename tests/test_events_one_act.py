"""One act, one event: mentions from different sentences of one story join only when they tell the same act."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_events import run
from tests.test_events_when_where import _mention as story_mention
from transforms.extract.events.mentions import refers_back
from transforms.link.events import Mention, cluster_mentions

DAY = date(2024, 1, 10)


def _place(key: str | None, precision: str) -> dict | None:
    if key is None:
        return None
    return {"entity_id": key, "name": key, "country_code": "XXA", "geo_precision": precision}


def _mention(
    doc: str,
    sentence_idx: int,
    *,
    category="COERCE",
    day=DAY,
    precision="day",
    actors=("e_junta",),
    recipients=(),
    place=None,
    place_precision="city",
    trigger="imposed",
    sentence=None,
) -> Mention:
    return story_mention(
        0,
        doc=doc,
        sentence_idx=sentence_idx,
        sent=sentence or f"{doc} sentence {sentence_idx}",
        category=category,
        day=day,
        precision=precision,
        actors=actors,
        recipients=recipients,
        place=_place(place, place_precision),
        trigger=trigger,
        pub=DAY,
    )


def _events(mentions):
    clusters = cluster_mentions(mentions)
    assert len(clusters) == len(cluster_mentions(mentions, use_index=False))
    return len(clusters)


# ------------------------------------------------------------------------------------ back references


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("Tuesday’s attack marked an escalation of the insurgency.", "attack"),
        ("The attack drew condemnation.", "attack"),
        ("Officials said the president's visit came amid tensions.", "visit"),
        ('"Their restrictions have sparked resistance," he said.', "restrictions"),
    ],
)
def test_a_definite_event_noun_refers_back(sentence, trigger):
    assert refers_back(sentence, trigger)


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("The militants attacked a convoy.", "attacked"),  # a verb: its subject's determiner is not the trigger's
        ("Gunmen that attacked the convoy fled.", "attacked"),  # 'that' as a relative pronoun
        ("He's attacked them before.", "attacked"),  # he's = he has: no genitive
        ("An attack drew condemnation.", "attack"),  # indefinite: a new act
        ("The attackers fled.", "attack"),  # another word
    ],
)
def test_a_verb_or_an_indefinite_noun_does_not_refer_back(sentence, trigger):
    assert not refers_back(sentence, trigger)


# ------------------------------------------------------------------------------------ one story


def test_two_acts_of_one_actor_in_one_story_are_two_events():
    # same category, same actor, same day, different targets and places: a martial law and a killing
    # (no recipient entity on either side: different recipient entities would conflict anyway)
    martial = _mention("d1", 3, place="e_city_a")
    killing = _mention("d1", 9, place="e_city_b", trigger="killed")
    assert _events([martial, killing]) == 2


def test_lead_and_detail_sharing_a_target_are_one_event():
    lead = _mention("d1", 0, recipients={"e_protesters"})
    detail = _mention("d1", 7, recipients={"e_protesters"}, precision="report")
    assert _events([lead, detail]) == 1


def test_a_shared_town_joins_but_a_shared_country_does_not():
    a = _mention("d1", 0, place="e_town")
    b = _mention("d1", 5, place="e_town", trigger="killed")
    assert _events([a, b]) == 1
    c = _mention("d1", 0, place="e_country", place_precision="country")
    d = _mention("d1", 5, place="e_country", place_precision="country", trigger="killed")
    assert _events([c, d]) == 2


def test_a_later_mention_naming_the_act_as_known_joins_it():
    act = _mention("d1", 0, category="ASSAULT", trigger="attacked")
    later = _mention("d1", 6, category="ASSAULT", trigger="attack", sentence="Tuesday's attack shocked the region.")
    assert _events([act, later]) == 1
    other = _mention("d1", 6, category="ASSAULT", trigger="attack", sentence="An attack followed elsewhere.")
    assert _events([act, other]) == 2


def test_different_days_of_one_story_never_join_on_the_actor():
    a = _mention("d1", 0, recipients={"e_x"}, day=date(2024, 1, 5))
    b = _mention("d1", 4, recipients={"e_x"}, day=date(2024, 1, 9))
    assert _events([a, b]) == 2


def test_two_stories_of_one_day_need_more_than_the_actor():
    # ICEWS/Phoenix deduplication: source and target agree; one prolific actor's two acts of a day stay two events
    assert _events([_mention("d1", 0), _mention("d2", 4, trigger="killed")]) == 2
    both = _events([_mention("d1", 0, recipients={"e_x"}), _mention("d2", 4, recipients={"e_x"}, trigger="killed")])
    assert both == 1


def test_two_stories_of_one_day_join_on_a_shared_target_or_site():
    assert (
        _events([_mention("d1", 0, actors=(), recipients={"e_train"}), _mention("d2", 3, recipients={"e_train"})]) == 1
    )
    assert _events([_mention("d1", 0, actors=(), place="e_town"), _mention("d2", 3, place="e_town")]) == 1


def test_one_story_still_joins_its_lead_on_the_actor_with_a_back_reference():
    act = _mention("d1", 0, category="ASSAULT", trigger="attacked")
    later = _mention("d1", 6, category="ASSAULT", trigger="attack", sentence="The attack shocked the region.")
    elsewhere = _mention("d2", 6, category="ASSAULT", trigger="attack", sentence="The attack shocked the region.")
    assert _events([act, later]) == 1
    assert _events([act, elsewhere]) == 2


def test_meeting_parties_count_an_entity_and_its_country_once():
    # a symmetric category: sharing one party named as an entity and its country code is one party, not two
    a = _mention("d1", 2, category="CONSULT", actors={"e_usa", "USA"}, trigger="talks")
    b = _mention("d1", 8, category="CONSULT", actors=(), recipients={"e_usa", "USA"}, trigger="met")
    assert _events([a, b]) == 2
    c = _mention("d1", 2, category="CONSULT", actors={"e_usa", "USA"}, recipients={"e_fra", "FRA"}, trigger="talks")
    d = _mention("d1", 8, category="CONSULT", actors={"e_fra", "FRA"}, recipients={"e_usa", "USA"}, trigger="met")
    assert _events([c, d]) == 1


_docs = st.sampled_from(["d1", "d2"])


@st.composite
def _story_mentions(draw):
    out = []
    for _ in range(draw(st.integers(0, 10))):
        out.append(
            _mention(
                draw(_docs),
                draw(st.integers(0, 4)),
                day=draw(st.sampled_from([DAY, date(2024, 1, 11), date(2024, 1, 14)])),
                precision=draw(st.sampled_from(["day", "report"])),
                actors=draw(st.sets(st.sampled_from(["e1", "e2"]), max_size=1)),
                recipients=draw(st.sets(st.sampled_from(["e3", "e4"]), max_size=1)),
                place=draw(st.sampled_from([None, "e_town"])),
                trigger=draw(st.sampled_from(["imposed", "attack"])),
                sentence=draw(st.sampled_from([None, "The attack was condemned."])),
            )
        )
    return out


@settings(max_examples=150, deadline=None)
@given(_story_mentions())
def test_candidate_index_equals_a_full_scan_within_stories(mentions):
    def members(clusters):
        return sorted(sorted((m.doc_id, m.sentence_idx, m.char_start) for m in c.mentions) for c in clusters)

    indexed = cluster_mentions(mentions)
    assert members(indexed) == members(cluster_mentions(mentions, use_index=False))


def test_a_story_of_two_acts_of_one_government_gives_two_events(nlp):
    text = (
        "The Chilean army imposed a curfew in Valparaiso on Monday. "
        "Residents said the streets were empty. "
        "The Chilean army also arrested two protesters in Antofagasta on Monday."
    )
    events, *_ = run(nlp, [text])
    coerce = events.filter(events["event_type"] == "COERCE")
    assert coerce.height == 2, coerce.select("evidence").to_dicts()
