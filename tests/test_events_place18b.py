"""The lead incident's finest place, wherever the story gives it: a later act of the same incident (the same act,
on the lead's day or none of its own) placed more precisely in the lead place's country refines the place an act on
the ground takes from the lead.  Small frames written for these tests, each rule with a twin where it must not apply."""

from __future__ import annotations

from datetime import date

import polars as pl

from tests.test_events_place18 import _DONBAS, _KYIV, _MINSK, _UKRAINE, _candidate
from tests.test_events_place18 import _linked as linked_frames
from transforms.link.events import _same_incident

# days before the stories' report day (1 March), so that the linking keeps them
_MONDAY, _TUESDAY, _WEDNESDAY = date(2024, 2, 26), date(2024, 2, 27), date(2024, 2, 28)

# each story names Ukraine three times (its setting), Donbas, Kyiv and Odesa once
_MENTIONS = [
    ("m-donbas", "e-donbas", "Donbas", "LOC", 10),
    ("m-ukr1", "e-ukr", "Ukraine", "GPE", 40),
    ("m-kyiv", "e-kyiv", "Kyiv", "GPE", 70),
    ("m-ukr2", "e-ukr", "Ukraine", "GPE", 100),
    ("m-odesa", "e-odesa", "Odesa", "GPE", 130),
    ("m-ukr3", "e-ukr", "Ukraine", "GPE", 160),
]


def _act(doc: str, i: int, *, place: str | None = None, cameo="190", day=None, codes=None) -> dict:
    return dict(_candidate(doc, i, "ASSAULT", place=place, day=day, codes=codes), cameo_code=cameo)


def _linked(candidates: list[dict]) -> pl.DataFrame:
    return linked_frames(candidates, _MENTIONS)  # asserts the columnar linking gives the reference's rows


def _place(rows: pl.DataFrame, doc: str, i: int) -> tuple:
    row = rows.filter((pl.col("doc_id") == doc) & (pl.col("sentence_idx") == i)).row(0, named=True)
    return row["place_name"], row["place_source"]


def test_a_later_sentence_gives_the_leads_incident_a_finer_place():
    rows = _linked(
        [
            _act("d0", 0, place="m-donbas"),  # "Militants attacked a train in Donbas."
            _act("d0", 2, place="m-kyiv"),  # "The attack happened near Kyiv."
            _act("d0", 4),  # "They also attacked the guards."
        ]
    )
    assert _place(rows, "d0", 0) == ("Donbas", "sentence")  # an act's own place stays its own
    assert _place(rows, "d0", 4) == ("Kyiv", "document")


def test_another_act_or_another_day_does_not_refine_the_leads_place():
    rows = _linked(
        [
            _act("d1", 0, place="m-donbas"),
            _act("d1", 2, place="m-kyiv", cameo="183"),  # a bombing, not the lead's attack
            _act("d1", 4),
            _act("d2", 0, place="m-donbas", day=_MONDAY),
            _act("d2", 2, place="m-kyiv", day=_WEDNESDAY),  # an attack two days later is another incident
            _act("d2", 4),
        ]
    )
    assert _place(rows, "d1", 4) == ("Donbas", "document")
    assert _place(rows, "d2", 4) == ("Donbas", "document")


def test_the_finest_of_several_later_places_and_the_first_of_equals():
    rows = _linked(
        [
            _act("d3", 0, place="m-ukr1"),
            _act("d3", 1, place="m-donbas"),
            _act("d3", 2, place="m-kyiv"),
            _act("d3", 3, place="m-odesa"),  # as fine as Kyiv, told later
            _act("d3", 5),
        ]
    )
    assert _place(rows, "d3", 5) == ("Kyiv", "document")


def test_the_same_incident_is_the_same_act_on_the_same_day_in_the_same_country_more_precisely():
    lead = _act("d", 0, day=_MONDAY)
    assert _same_incident(lead, _act("d", 3), _DONBAS, _KYIV)  # no date of its own
    assert _same_incident(lead, _act("d", 3, day=_MONDAY), _UKRAINE, _DONBAS)
    assert _same_incident(lead, _act("d", 3, day=_TUESDAY), _DONBAS, _KYIV)  # within the release's one-day tolerance
    assert not _same_incident(lead, _act("d", 3, day=_WEDNESDAY), _DONBAS, _KYIV)
    assert not _same_incident(lead, _act("d", 3, cameo="183"), _DONBAS, _KYIV)
    assert not _same_incident(lead, dict(_act("d", 3), category="PROTEST"), _DONBAS, _KYIV)
    assert not _same_incident(lead, _act("d", 3), _DONBAS, _MINSK)  # another country
    assert not _same_incident(lead, _act("d", 3), _KYIV, _DONBAS)  # coarser
    assert not _same_incident(lead, _act("d", 3), dict(_DONBAS, country_code=None), _KYIV)
