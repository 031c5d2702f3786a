"""Sixteenth round: the place of an act is a locative adjunct of its clause, not a place inside what it is about.  A
place inside the object of a verb of talking something over ("discussed piracy in the Gulf of Guinea") is the topic's,
not where the talks were held; a diplomat sent abroad (an envoy, an ambassador) gives no speaker's country.  Small
sentences written for these tests, each with a twin where the rule must not apply (places.py and link/events.py name
each rule's source)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_events import only_event, run
from transforms.extract.events.places import envoy_nouns
from transforms.link.events import _sent_abroad, one_speaker_country


def _placed(events, event_type: str) -> tuple:
    row = only_event(events, event_type)
    return row["location_name"], row["geo_source"]


@pytest.mark.parametrize(
    "sentence, event_type, placed",
    [
        # a place inside what is discussed is the topic's, not where the talks were
        ("The defence chiefs discussed maritime security in the Gulf of Guinea on Tuesday.", "CONSULT", (None, "none")),
        # twin: a locative of the talks themselves still places them
        ("The defence chiefs met in Abuja on Tuesday.", "CONSULT", ("Abuja", "sentence")),
        # twin: talks held somewhere about somewhere else keep their own place
        ("The ministers met in Abuja and discussed piracy in the Gulf of Guinea.", "CONSULT", ("Abuja", "sentence")),
        # twin: an attack's object is what is attacked, not a topic: "a market in Kabul" is where it happened
        ("Gunmen attacked a market in Kabul on Tuesday.", "ASSAULT", ("Kabul", "sentence")),
        # an envoy speaks where posted: the state he acts for is not where he spoke
        ("North Korea's envoy defended the treaty on Friday.", "SUPPORT", (None, "none")),
        # twin: a minister with no place of his own is still placed in his country
        ("North Korea's foreign minister defended the treaty on Friday.", "SUPPORT", ("North Korea", "speaker")),
    ],
)
def test_the_place_of_an_act_is_not_its_topics_nor_an_envoys_home(nlp, sentence, event_type, placed):
    events, *_ = run(nlp, [sentence])
    assert _placed(events, event_type) == placed


def test_an_envoy_is_recognised_by_the_head_of_the_actors_words():
    assert _sent_abroad("Russia's ambassador to the U.N.")
    assert _sent_abroad("Vassily Nebenzia, Russia's ambassador")
    assert _sent_abroad("the charge d'affaires")
    assert not _sent_abroad("the ambassador's wife")  # the head is the wife
    assert not _sent_abroad("Foreign Minister Wang Yi")
    assert one_speaker_country({"RUS"}, ["RUSGOV"], "Russia's ambassador") is None
    assert one_speaker_country({"RUS"}, ["RUSGOV"], "Russia's foreign minister") == "RUS"


@settings(deadline=None)  # the word lists load on the first call
@given(st.text(max_size=60))
def test_any_text_is_read_without_error_and_only_an_envoy_noun_blanks_the_country(text):
    sent = _sent_abroad(text)
    assert isinstance(sent, bool)
    if sent:
        words = text.lower().replace("\u2019", "'").replace("'", " ").replace(".", " ").split()
        assert any(w in envoy_nouns() or w.removesuffix("s") in envoy_nouns() for w in words)
