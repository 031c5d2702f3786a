"""Dates of acts the text sets before the report's time without dating them (twentieth round): a participant
described as of the act's time ("the then interior minister"), a time measured from an undated event ("Three days
after the president took office"), an act reported in the past perfect inside a measured adjunct; dates that name the
standard of a comparison ("an increase from the previous year"), which set no time for the acts told after them; and
the hot-news perfect of the sentence that completes the story's Summary ("Opposition lawmakers have denounced the
extension" right after the lede), the day's news.  Each rule is tested with a sentence it changes and a minimally
different one it leaves.  Sentences written for the tests."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.extract.events.dates import (
    _words,
    comparison_standard,
    find_dates,
    then_described,
    undated_reason,
)
from transforms.extract.events.mentions import event_candidates

REPORT = date(2025, 3, 13)
LEAD = "Markets fell sharply on the news. "  # a first sentence, so that the act is not in the lede


def _dated(nlp, text: str, trigger: str) -> tuple:
    """(event_date, precision, date_source, date_text) of the candidate whose trigger starts with ``trigger``."""
    rows = [r for r in event_candidates("d0", nlp(text), [], REPORT) if r["trigger"].startswith(trigger)]
    assert rows, [r["trigger"] for r in event_candidates("d0", nlp(text), [], REPORT)]
    r = rows[0]
    return r["event_date"], r["precision"], r["date_source"], r["date_text"]


SUMMARY_LEDE = "Somalia's president extended his term on Tuesday. "

# Each rule with a sentence it changes and a minimally different one it leaves: case | lead | sentence | trigger |
# date_source, the lead being the story's first sentence ("plain": LEAD, "summary": SUMMARY_LEDE, "rain": RAIN_LEDE).
SOURCE_PAIRS_TABLE = """
then_object | plain | Police arrested the then interior minister. | arrested | none
then_title | plain | Police arrested then-President Bozize. | arrested | none
no_then | plain | Police arrested the interior minister. | arrested | report
then_in_complement | plain | Paris was accused of aiding rebels fighting then-president Laurent Gbagbo. | accused | report
then_sequence_adverb | plain | Police arrested the minister and then released him. | released | report
measure_in_hours | plain | Hours after the attack, police arrested five people. | arrested | report
summary_perfect | summary | Opposition lawmakers have denounced the extension. | denounced | report
perfect_after_summary | summary | Markets fell. Opposition lawmakers have denounced the extension. | denounced | none
summary_perfect_reported | rain | The opposition also noted that Beijing has rejected the ruling. | rejected | none
summary_perfect_with_span | summary | Opposition lawmakers have denounced the president for months. | denounced | none
"""
RAIN_LEDE = "Heavy rain fell on the capital on Monday. "
LEDES = {"plain": LEAD, "summary": SUMMARY_LEDE, "rain": RAIN_LEDE}
SOURCE_PAIRS = {
    case: (LEDES[lead] + sentence, trigger, source)
    for case, lead, sentence, trigger, source in (
        [cell.strip() for cell in row.split("|")] for row in SOURCE_PAIRS_TABLE.strip().splitlines()
    )
}


@pytest.mark.parametrize("case", sorted(SOURCE_PAIRS))
def test_the_date_source_each_rule_gives(nlp, case):
    text, trigger, source = SOURCE_PAIRS[case]
    assert _dated(nlp, text, trigger)[2] == source


# Acts measured from another time: case | sentence (after LEAD) | trigger | event_date (- for none) | precision |
# date_source
MEASURED_TABLE = """
from_an_undated_event | Three days after the president took office, China conducted military drills around Taiwan. \
    | conducted | - | unresolved | none
from_a_dated_event | Three days after the inauguration on May 20, China conducted military drills around Taiwan. \
    | conducted | 2024-05-23 | day | relative
past_perfect_reported_in_it | He made the statement a day after the Taliban reported that they had barred him. \
    | barred | - | unresolved | none
simple_past_reported_in_it | He made the statement on Wednesday, a day after police said they arrested five people. \
    | arrested | 2025-03-11 | day | relative
"""
MEASURED = {
    case: (LEAD + sentence, trigger, (None if day == "-" else date.fromisoformat(day), precision, source))
    for case, sentence, trigger, day, precision, source in (
        [cell.strip() for cell in row.split("|")] for row in MEASURED_TABLE.strip().splitlines()
    )
}


@pytest.mark.parametrize("case", sorted(MEASURED))
def test_an_act_measured_from_another_time(nlp, case):
    text, trigger, expected = MEASURED[case]
    assert _dated(nlp, text, trigger)[:3] == expected


def test_an_act_measured_from_an_undated_event_names_the_measure(nlp):
    text = LEAD + "Three days after the president took office, China conducted military drills around Taiwan."
    assert _dated(nlp, text, "conducted")[3] == "Three days after"


# The standard of a comparison sets no narrative time


def test_a_comparisons_standard_is_no_reference_time(nlp):
    text = (
        LEAD + "Bilateral trade hit $1.1 billion, a 10.1% increase from the previous year. "
        "An Indian warship paid a visit to the capital, Port Louis."
    )
    assert _dated(nlp, text, "paid")[2] == "report"


def test_a_time_the_narrative_sets_is_the_reference_time(nlp):
    text = LEAD + "In 2019, police raided the office. They arrested five people."
    assert _dated(nlp, text, "arrested")[:3] == (date(2019, 1, 1), "year", "relative")


def test_comparison_standard_finds_the_standard_and_not_a_time_adjunct(nlp):
    doc = nlp("This marks an almost tenfold increase compared to 2019. Police raided the office in 2019.")
    first, second = list(doc.sents)
    standard = [dm for dm in find_dates(first, REPORT) if dm.root_i is not None]
    adjunct = [dm for dm in find_dates(second, REPORT) if dm.root_i is not None]
    assert standard and all(comparison_standard(doc, dm) for dm in standard)
    assert adjunct and not any(comparison_standard(doc, dm) for dm in adjunct)


# Properties over arbitrary text

_VOCAB = [
    "police", "arrested", "the", "then", "minister", "once", "at", "first", "increase", "from", "compared", "to",
    "2019", "last", "year", "on", "Monday", "three", "days", "after", "took", "office", "reported", "had", "barred",
    "him", "and", "a", "rose", "than", "in", "said", ",", ".",
]  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_VOCAB), min_size=1, max_size=25), st.text(max_size=40))
def test_the_rules_read_only_their_own_words(nlp, words, noise):
    """Over arbitrary text: a then-description needs the word "then", a comparison's standard a preposition of
    comparison in its sentence, and the reasons given for an undated act are among the documented ones."""
    doc = nlp(" ".join(words) + " " + noise)
    folded = {t.lower_ for t in doc}
    reasons = {None, "habitual", "temporal_clause", "perfect", "then_description", "anaphoric"}
    reasons |= {"present_state", "background"}
    for t in doc:
        if then_described(t):
            assert "then" in folded
        assert undated_reason(t, published=REPORT) in reasons
    for s in doc.sents:
        for dm in find_dates(s, REPORT):
            if dm.root_i is not None and comparison_standard(doc, dm):
                assert {t.lower_ for t in s} & _words().comparison_preps
