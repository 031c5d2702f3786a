"""A month and day without a year, in a clause with no tense of its own, is the occurrence nearest the report."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.extract.events.dates import find_dates

REPORT = date(2025, 3, 13)


def _dates(nlp, text):
    return [(d.date, d.is_target) for d in find_dates(nlp(text)[:], REPORT)]


def test_an_infinitives_day_two_weeks_ahead_is_this_years_and_a_target(nlp):
    text = "The activist has been ordered to appear before an immigration judge on March 27."
    assert _dates(nlp, text) == [(date(2025, 3, 27), True)]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Police arrested the activist on March 27.", date(2024, 3, 27)),  # a past clause: the last March 27
        ("The activist was ordered to appear before a judge on Feb. 28.", date(2025, 2, 28)),  # nearest is past
    ],
)
def test_a_past_clause_or_a_nearer_past_day_keeps_the_past_reading(nlp, text, day):
    assert _dates(nlp, text) == [(day, False)]


def test_a_day_more_than_two_months_ahead_is_read_as_past(nlp):
    text = "The opposition urged the president to reach an agreement based on 17 September."
    assert _dates(nlp, text) == [(date(2024, 9, 17), False)]


@pytest.mark.parametrize(
    ("text", "day", "target"),
    [
        # a deadline set in a past clause points forward from that act: this April, and not the act's date
        ("The court on Wednesday extended his detention until April 2.", date(2025, 4, 2), True),
        ("The government gave the rebels until March 30 to hand over their weapons.", date(2025, 3, 30), True),
        # the same preposition with a day already past keeps the past reading (the nearest occurrence)
        ("The rebels had withdrawn from the town by March 1.", date(2025, 3, 1), False),
    ],
)
def test_a_deadline_in_a_past_clause_resolves_to_its_nearest_occurrence(nlp, text, day, target):
    assert (day, target) in _dates(nlp, text)
