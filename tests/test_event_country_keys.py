"""A country shared alone is no evidence that two same-day reports tell one act, however the story names it."""

from __future__ import annotations

from datetime import date

import polars as pl

from tests.test_events_when_where import _mention as story_mention
from transforms.link.events import EntityIndex, _role, cluster_mentions

DAY = date(2025, 3, 12)

ENTITIES = pl.DataFrame(
    {
        "entity_id": ["e_usa", "e_state_dept", "e_witkoff"],
        "type": ["GPE", "ORG", "PERSON"],
        "name": ["United States", "U.S. State Department", "Steve Witkoff"],
        "country_code": ["USA", "USA", None],
    }
)
MENTIONS = pl.DataFrame(
    {
        "mention_id": ["m_country", "m_demonym", "m_organ", "m_person"],
        "entity_id": ["e_usa", "e_usa", "e_state_dept", "e_witkoff"],
        "text": ["the United States", "American", "the U.S. State Department", "Witkoff"],
        "label": ["GPE", "NORP", "ORG", "PERSON"],
        "doc_id": ["d1", "d1", "d1", "d1"],
        "char_start": [0, 20, 40, 80],
        "char_end": [17, 28, 65, 87],
    }
)


def test_a_country_entity_keys_a_role_by_its_code_alone():
    index = EntityIndex(ENTITIES, MENTIONS)
    for mention_id in ("m_country", "m_demonym"):
        ids, keys = _role([mention_id], index)
        assert ids == ["e_usa"]  # the published role still names the country's entity
        assert keys == {"USA"}


def test_an_organ_of_a_state_keys_its_own_entity_and_its_country_code():
    ids, keys = _role(["m_organ"], EntityIndex(ENTITIES, MENTIONS))
    assert ids == ["e_state_dept", "e_usa"]
    assert keys == {"e_state_dept", "USA"}


def _report(doc: str, actor_keys: set[str], recipient_keys: set[str] = frozenset()):
    return story_mention(
        0, doc=doc, sentence_idx=0, sent=f"{doc} sentence", category="AGREE", day=DAY, precision="day",
        actors=tuple(actor_keys), recipients=tuple(recipient_keys), place=None, trigger="pledged", pub=DAY,
    )  # fmt: skip


def test_two_stories_sharing_only_their_actors_country_report_two_acts():
    country_keys = _role(["m_country"], EntityIndex(ENTITIES, MENTIONS))[1]
    assert len(cluster_mentions([_report("d1", country_keys), _report("d2", country_keys)])) == 2


def test_two_stories_sharing_a_named_party_the_same_day_report_one_act():
    # an agreement's parties: across stories one named participant is not enough, two are (test_events_one_act)
    person_keys = _role(["m_person"], EntityIndex(ENTITIES, MENTIONS))[1]
    assert len(cluster_mentions([_report("d1", person_keys), _report("d2", person_keys)])) == 2
    both = [_report("d1", person_keys, {"e_other"}), _report("d2", person_keys, {"e_other"})]
    assert len(cluster_mentions(both)) == 1
