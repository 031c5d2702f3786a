"""Ninth round: the time of an act told with 'also' after a dated parallel act; places of coordinated predicates and
appositive places inside a possessed place noun; the one helped as the recipient of aid.  Sentences written for the
rules, each with a twin where one reads differently."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.test_events import run

REPORT = datetime(2020, 1, 23, 12, tzinfo=UTC)
FIRST = "The High Court on Jan. 14 ordered all public schools to admit students with long hair. "
QUOTE = '"We are very happy," the mother said. "The problem was everywhere."\n\n'


def _events(nlp, text):
    events, *_ = run(nlp, [text], pubs=[REPORT])
    return events.to_dicts()


def _by_type(nlp, text):
    return {r["event_type"]: r for r in _events(nlp, text)}


def _last(nlp, text, event_type):
    """The event of ``event_type`` told in the text's last sentence (its evidence holds 'extra classes')."""
    rows = [r for r in _events(nlp, text) if r["event_type"] == event_type and "extra classes" in r["evidence"]]
    assert len(rows) == 1, [(r["event_type"], r["evidence"]) for r in _events(nlp, text)]
    return rows[0]


def test_an_act_told_with_also_takes_the_time_of_the_parallel_act(nlp):
    text = FIRST + QUOTE + "The High Court also ordered the school to give the girl extra classes."
    got = _last(nlp, text, "DEMAND")
    assert (got["event_date"], got["date_source"]) == (date(2020, 1, 14), "relative")


def test_without_also_or_with_its_own_time_the_act_keeps_the_report_or_its_own_date(nlp):
    plain = FIRST + QUOTE + "The High Court ordered the school to give the girl extra classes."
    assert _last(nlp, plain, "DEMAND")["date_source"] == "report"
    own = FIRST + QUOTE + "The High Court also ordered the school on Wednesday to give the girl extra classes."
    assert _last(nlp, own, "DEMAND")["event_date"] == date(2020, 1, 22)


def test_a_coordinated_predicate_shares_the_first_ones_locative(nlp):
    text = "Last week, officials of the two countries met in Geneva and signed an agreement on border security."
    got = _by_type(nlp, text)
    assert got["SUPPORT"]["location_name"] == "Geneva"
    # a conjunct with a subject of its own is a clause of its own: no shared scene
    text = "Last week, officials of the two countries met in Geneva and their ministers signed an agreement."
    got = _by_type(nlp, text)
    assert got["SUPPORT"]["location_name"] is None


def test_the_apposition_of_a_possessed_place_noun_is_the_place_not_the_possessor(nlp):
    text = "Rebels attacked a base in the C.A.R.'s capital, Bangui, on Monday."
    got = _by_type(nlp, text)
    assert got["ASSAULT"]["location_name"] == "Bangui"
    # with no name inside the phrase the possessor is the finest place given
    text = "Rebels attacked a base in the C.A.R.'s capital on Monday."
    got = _by_type(nlp, text)
    assert got["ASSAULT"]["location_name"] == "C.A.R."


def test_the_one_helped_to_do_something_is_the_aids_recipient(nlp):
    text = "Last year, Japan helped Kenya build a new port on the coast."
    got = _by_type(nlp, text)
    assert got["AID"]["actor_text"] == "Japan"
    assert got["AID"]["recipient_text"] == "Kenya"
