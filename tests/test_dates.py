"""Date expressions resolved against publication date or the text's own dates."""

from datetime import date

import pytest

from transforms.extract.events.dates import find_date_spans, resolve

PUB = date(2023, 9, 21)  # a Thursday


@pytest.mark.parametrize(
    "text, expected",
    [
        ("on Tuesday", date(2023, 9, 19)),
        ("on Thursday", date(2023, 9, 21)),  # the publication day itself
        ("Earlier on Wednesday", date(2023, 9, 20)),
        ("at 1:00 p.m. on Wednesday", date(2023, 9, 20)),
        ("yesterday", date(2023, 9, 20)),
    ],
)
def test_weekdays_and_relative_days_count_back_from_publication(text, expected):
    r = resolve(text, PUB)
    assert (r.date, r.precision) == (expected, "day")


def test_future_weekday_counts_forward():
    assert resolve("on Monday", PUB, future=True).date == date(2023, 9, 25)


def test_next_day_counts_from_nearest_explicit_date_not_publication():
    r = resolve("The next day", date(2023, 9, 23), context=date(2023, 9, 19))
    assert (r.date, r.precision) == (date(2023, 9, 20), "day")
    assert resolve("The next day", PUB, context=None).precision == "unresolved"


def test_month_day_takes_publication_year_and_rolls_back_for_past_events():
    assert resolve("Later, on September 22", PUB).date == date(2023, 9, 22)
    assert resolve("on December 30", date(2024, 1, 3)).date == date(2023, 12, 30)
    assert resolve("May 22, 2023", None).date == date(2023, 5, 22)


@pytest.mark.parametrize(
    "text, expected, precision",
    [
        ("In 2022", date(2022, 1, 1), "year"),
        ("last year", date(2022, 1, 1), "year"),
        ("in the fall of 2020", date(2020, 1, 1), "year"),
        ("In late March", date(2023, 3, 1), "month"),
        ("in September of last year", date(2022, 9, 1), "month"),
        ("September 2023", date(2023, 9, 1), "month"),
        ("last month", date(2023, 8, 1), "month"),
    ],
)
def test_year_and_month_precision(text, expected, precision):
    r = resolve(text, PUB)
    assert (r.date, r.precision) == (expected, precision)


@pytest.mark.parametrize("text", ["recently", "in the near future", "1992–1994", "the 1990s", "just days", "soon"])
def test_vague_phrases_are_unresolved(text):
    r = resolve(text, PUB)
    assert r.precision == "unresolved" and r.date is None and r.text == text


def test_nothing_relative_resolves_without_an_anchor():
    assert resolve("on Tuesday", None).precision == "unresolved"
    assert resolve("September 19", None).precision == "unresolved"


def test_find_date_spans():
    s = "Later, on September 22, he said. In late March we may go. The next day it ended. In 2022 they met."
    found = [s[a:b] for a, b in find_date_spans(s)]
    assert "on September 22" in found and "In late March" in found and "The next day" in found and "In 2022" in found
    assert not any(x.lower().endswith("may") for x in found)
