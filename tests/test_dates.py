"""Date expressions resolved against publication date or the text's own dates."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.extract.events.dates import TARGET_AFTER_DAYS, find_date_spans, find_dates, report_date, resolve

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


# ---------------------------------------------------------------------------------------------------
# find_dates: every expression of a sentence, resolved, with its source and whether it is a target
# ---------------------------------------------------------------------------------------------------

# (sentence, expression, date, precision, source, is_target); published PUB, a Thursday.
NEWS_CASES = [
    ("Officials said on Monday that the talks had failed.", "on Monday", date(2023, 9, 18), "day", "relative", False),
    ("The two leaders will meet on Monday in Geneva.", "on Monday", date(2023, 9, 25), "day", "relative", True),
    ("Police arrested 12 people yesterday.", "yesterday", date(2023, 9, 20), "day", "relative", False),
    ("The attack happened three days ago.", "three days ago", date(2023, 9, 18), "day", "relative", False),
    ("Rebels shelled the town last Friday.", "last Friday", date(2023, 9, 15), "day", "relative", False),
    ("On Tuesday night, a drone struck a depot.", "On Tuesday night", date(2023, 9, 19), "day", "relative", False),
    ("The summit took place on Sept. 19.", "on Sept. 19", date(2023, 9, 19), "day", "sentence", False),
    ("The clashes began in late March.", "in late March", date(2023, 3, 1), "month", "sentence", False),
    ("Earlier this month, protesters gathered.", "Earlier this month", date(2023, 9, 1), "month", "relative", False),
    ("Last week, the army withdrew.", "Last week", date(2023, 9, 1), "month", "relative", False),
    ("Two weeks ago, the president visited.", "Two weeks ago", date(2023, 9, 1), "month", "relative", False),
    ("Inflation rose last month.", "last month", date(2023, 8, 1), "month", "relative", False),
    (
        "In September of last year, they signed.",
        "In September of last year",
        date(2022, 9, 1),
        "month",
        "relative",
        False,
    ),
    ("The ceasefire was agreed last summer.", "last summer", date(2023, 1, 1), "year", "relative", False),
    ("In mid-2021 the group split.", "In mid-2021", date(2021, 1, 1), "year", "sentence", False),
    ("In 1995, the accords were signed.", "In 1995", date(1995, 1, 1), "year", "sentence", False),
    ("He was born in 1961.", "in 1961", date(1961, 1, 1), "year", "sentence", False),
    # targets of pledges and plans
    ("The government pledged to cut emissions by 2050.", "by 2050", date(2050, 1, 1), "year", "sentence", True),
    ("The deal runs until 2030.", "until 2030", date(2030, 1, 1), "year", "sentence", True),
    (
        "By the end of the year, troops will leave.",
        "By the end of the year",
        date(2023, 12, 1),
        "month",
        "relative",
        True,
    ),
    (
        "The ministry said it would announce the results next month.",
        "next month",
        date(2023, 10, 1),
        "month",
        "relative",
        True,
    ),
    ("The forces will withdraw by March.", "by March", date(2024, 3, 1), "month", "sentence", True),
    (
        "The deadline is no later than December 31.",
        "no later than December 31",
        date(2023, 12, 31),
        "day",
        "sentence",
        True,
    ),
    (
        "The country will hold elections in the next five years.",
        "in the next five years",
        None,
        "unresolved",
        "relative",
        True,
    ),
    # a deadline preposition in a past clause is history, not a target
    ("He served until 2020.", "until 2020", date(2020, 1, 1), "year", "sentence", False),
    ("The forces had withdrawn by March.", "by March", date(2023, 3, 1), "month", "sentence", False),
    # named but not datable
    ("In the 1990s, the war killed thousands.", "In the 1990s", None, "unresolved", "sentence", False),
    ("The fighting of 1992-1995 displaced millions.", "of 1992-1995", None, "unresolved", "sentence", False),
    ("He recently said so.", "recently", None, "unresolved", "relative", False),
    ("Over the past two years, prices rose.", "Over the past two years", None, "unresolved", "relative", False),
]


@pytest.mark.parametrize("sentence, expr, expected, precision, source, target", NEWS_CASES)
def test_find_dates_in_news_phrasing(sentence, expr, expected, precision, source, target):
    found = find_dates(sentence, PUB)
    assert [m.text for m in found] == [expr]
    m = found[0]
    assert (m.date, m.precision, m.source, m.is_target) == (expected, precision, source, target)
    assert sentence[m.start : m.end] == m.text and m.root_i is None


@pytest.mark.parametrize(
    "text",
    [
        "They met on May 22, 2023 in the capital.",
        "They met on 22 May 2023 in the capital.",
        "They met on Monday, May 22, 2023, in the capital.",
        "They met on May 22nd, 2023 in the capital.",
        "They met on 2023-05-22 in the capital.",
        "They met on 5/22/2023 in the capital.",
    ],
)
@pytest.mark.parametrize("published", [PUB, date(2024, 2, 1), None])
def test_explicit_dates_resolve_whatever_the_publication_date(text, published):
    found = [m for m in find_dates(text, published) if m.precision != "unresolved"]
    assert [(m.date, m.precision, m.source, m.is_target) for m in found] == [
        (date(2023, 5, 22), "day", "sentence", False)
    ]


def test_month_day_without_year_takes_the_latest_such_day_up_to_a_week_ahead():
    (m,) = find_dates("Talks opened on January 8.", date(2024, 1, 3))
    assert m.date == date(2024, 1, 8) and m.is_target  # five days ahead: a plan, not an event
    (m,) = find_dates("Talks opened on January 28.", date(2024, 1, 3))
    assert m.date == date(2023, 1, 28) and not m.is_target  # beyond a week ahead: last year's


def test_relative_day_counts_from_the_nearest_day_precise_date():
    found = find_dates("Fighting began on September 12 and the next day rebels took the airport.", PUB)
    assert [(m.text, m.date) for m in found] == [
        ("on September 12", date(2023, 9, 12)),
        ("the next day", date(2023, 9, 13)),
    ]
    (m,) = find_dates("Two days later, the army retook it.", PUB, context=date(2023, 9, 13))
    assert m.date == date(2023, 9, 15) and m.source == "relative"


def test_nothing_relative_without_a_publication_date():
    found = find_dates("On Tuesday, officials met, and last week protesters marched.", None)
    assert found and all(m.date is None and m.precision == "unresolved" for m in found)


def test_month_names_that_are_verbs_are_not_dates():
    assert find_dates("Officials may meet again; protesters march to the square.", PUB) == []


def test_report_date_is_the_fallback_only_for_day_precise_publication():
    assert report_date(datetime(2023, 9, 21, 14, 5), "second") == (date(2023, 9, 21), "report")
    assert report_date(date(2023, 9, 21), "day") == (date(2023, 9, 21), "report")
    assert report_date(date(2023, 9, 1), "month") == (None, "unresolved")
    assert report_date(None, "day") == (None, "unresolved")


def test_spans_use_the_parse_for_future_clauses_and_give_document_offsets(nlp):
    doc = nlp(
        "The foreign minister pledged on Monday to hold talks. The two sides plan to meet on Friday. "
        "The vote, scheduled for Sunday, was postponed."
    )
    s1, s2, s3 = list(doc.sents)
    (m1,) = find_dates(s1, PUB)
    assert (m1.date, m1.is_target) == (date(2023, 9, 18), False)  # the pledge's own date
    (m2,) = find_dates(s2, PUB)
    assert (m2.date, m2.is_target) == (date(2023, 9, 22), True)  # the planned meeting
    assert doc.text[m2.start : m2.end] == m2.text == "on Friday"
    assert doc[m2.root_i].idx >= m2.start and doc[m2.root_i].idx < m2.end
    (m3,) = find_dates(s3, PUB)
    assert m3.is_target


def test_spacy_date_entities_add_adjectival_years(nlp):
    doc = nlp("The 2014 annexation changed the region.")
    found = find_dates(next(doc.sents), PUB)
    assert [(m.date, m.precision) for m in found] == [(date(2014, 1, 1), "year")]


DATE_WORDS = (
    "on in by until since last next this past earlier later the a two three several days weeks months years ago "
    "Monday Friday Sunday yesterday today tomorrow March May September December 12 22 31 1995 2023 2050 1990s "
    "summer winter fall end of year month week mid early late within coming recently soon will had said , ."
).split()


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(st.text(max_size=120), st.lists(st.sampled_from(DATE_WORDS), max_size=14).map(" ".join)),
    st.one_of(st.none(), st.dates(min_value=date(1950, 1, 1), max_value=date(2040, 12, 31))),
    st.one_of(st.none(), st.dates()),
)
def test_find_dates_never_raises_and_never_dates_an_event_after_publication(text, published, context):
    for m in find_dates(text, published, context=context):
        assert 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.text
        assert m.precision in ("day", "month", "year", "unresolved") and m.source in ("sentence", "relative")
        assert (m.date is None) == (m.precision == "unresolved")
        if published is not None and m.date is not None and not m.is_target:
            assert m.date <= published + timedelta(days=TARGET_AFTER_DAYS)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.one_of(st.none(), st.dates()))
def test_resolve_never_raises(text, published):
    r = resolve(text, published)
    assert r.precision in ("day", "month", "year", "unresolved")


def _events(nlp, text: str, published: datetime | None):
    import polars as pl

    from transforms.extract.events.roles import spacy_entity_frames
    from transforms.link.events import build_events

    docs = [nlp(text)]
    documents = pl.DataFrame(
        {
            "doc_id": ["d0"],
            "published_at": [published],
            "published_precision": ["second" if published else "none"],
            "dup_of": [None],
            "dup_cluster_id": ["d0"],
        },
        schema_overrides={"published_at": pl.Datetime("us", "UTC"), "dup_of": pl.String},
    )
    events, _ = build_events(["d0"], docs, documents, *spacy_entity_frames(["d0"], docs))
    return {r["event_type"]: r for r in events.iter_rows(named=True)}


def test_events_take_the_sentence_date_else_the_reports_day_else_none(nlp):
    from datetime import UTC

    # The undated arrest comes first: after "On Tuesday, rebels attacked ..." a past-tense act would take that
    # Tuesday as its reference time (dates.narrative_time, tested in tests/test_events_when_where.py).
    text = (
        "Police arrested 12 protesters in the capital. "
        "On Tuesday, rebels attacked a police convoy near the border. "
        "In the 1990s, the two countries signed a peace deal."
    )
    by_type = _events(nlp, text, datetime(2023, 9, 21, 15, 0, tzinfo=UTC))
    attack, arrest, deal = by_type["ASSAULT"], by_type["COERCE"], by_type["SUPPORT"]
    assert (attack["event_date"], attack["date_precision"], attack["date_source"]) == (
        date(2023, 9, 19),
        "day",
        "relative",
    )
    assert (arrest["event_date"], arrest["date_precision"], arrest["date_source"]) == (
        date(2023, 9, 21),
        "report",
        "report",
    )
    assert (deal["event_date"], deal["date_precision"], deal["date_source"]) == (None, "unresolved", "none")
    # without a publication date nothing relative resolves and there is no report day to fall back on
    undated = _events(nlp, text, None)
    assert all(r["date_source"] == "none" and r["event_date"] is None for r in undated.values())


def test_a_pledges_target_date_never_dates_the_event(nlp):
    from datetime import UTC

    by_type = _events(
        nlp, "The government agreed on Monday to withdraw its troops by 2030.", datetime(2023, 9, 21, tzinfo=UTC)
    )
    (row,) = by_type.values()
    assert row["event_date"] == date(2023, 9, 18) and row["date_source"] == "relative"


@pytest.mark.parametrize(
    "text, expr",
    [
        (
            "Russia adopted a colonial policy during the 19th and early 20th centuries.",
            "the 19th and early 20th centuries",
        ),
        ("The city was founded in the 12th century.", "the 12th century"),
        ("Just days later, a roadside bomb killed 11 miners.", "days later"),
        ("Several months later, the army invaded.", "months later"),
        ("Two weeks later, talks resumed.", "Two weeks later"),
    ],
)
def test_periods_and_counted_times_that_name_no_date_are_found_unresolved(text, expr):
    (m,) = find_dates(text, PUB, context=date(2023, 9, 1))
    assert expr in m.text
    assert (m.date, m.precision, m.is_target) == (None, "unresolved", False)


def test_days_later_with_a_known_day_still_resolves():
    (m,) = find_dates("Two days later, the army retook it.", PUB, context=date(2023, 9, 13))
    assert (m.date, m.precision) == (date(2023, 9, 15), "day")
