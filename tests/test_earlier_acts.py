"""Dates of earlier acts, roles the sentence fills and finer places (sixth round of the VOA event fields).

Every sentence is written for the test from the grammar each rule reads; none is taken from the judged samples."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.test_events import only_event, run
from transforms.extract.events.dates import find_dates

THURSDAY = datetime(2023, 9, 21, tzinfo=UTC)  # the harness's publication time


# ------------------------------------------------------------------------------------------- dates


def test_an_act_a_measured_time_before_the_news_is_dated_back_from_it(nlp):
    # "two days after X": X lies two days before the main clause's time (here the report's: "come" is present)
    events, *_ = run(nlp, ["The minister's remarks come two days after the president denounced the rebels."])
    act = only_event(events, "DISAPPROVE")
    assert (act["event_date"], act["date_precision"], act["date_source"]) == (date(2023, 9, 19), "day", "relative")


def test_a_measured_adjunct_counts_from_the_main_clauses_own_date(nlp):
    events, *_ = run(
        nlp, ["Three days after the president denounced the rebels, the army attacked the town on Monday."]
    )
    assert only_event(events, "DISAPPROVE")["event_date"] == date(2023, 9, 15)  # Monday the 18th, less three days
    assert only_event(events, "ASSAULT")["event_date"] == date(2023, 9, 18)


def test_days_after_without_a_number_is_earlier_but_not_when(nlp):
    events, *_ = run(nlp, ["The minister's remarks come days after the president denounced the rebels."])
    act = only_event(events, "DISAPPROVE")
    assert act["event_date"] is None and act["date_source"] == "none"


def test_a_date_inside_a_time_adjunct_is_the_other_events_not_the_acts(nlp):
    # "before the election this month": this month is the election's; the visit is dated by its own "in August"
    events, *_ = run(nlp, ["Before the election this month, the prime minister visited Taiwan in August."])
    visit = only_event(events, "CONSULT")
    assert (visit["event_date"], visit["date_precision"]) == (date(2023, 8, 1), "month")
    # "after the council was created in 2019": 2019 is the council's creation, not the attack's date
    events, *_ = run(nlp, ["Rebels attacked the capital after the council was created in 2019."])
    assert only_event(events, "ASSAULT")["event_date"] != date(2019, 1, 1)


def test_a_main_clause_measured_from_a_dated_adjunct_takes_its_date(nlp):
    events, *_ = run(nlp, ["Militants took over the train near Kandahar hours after it left the capital on Tuesday."])
    assert only_event(events, "COERCE")["event_date"] == date(2023, 9, 19)  # "hours after" Tuesday: the same day
    events, *_ = run(nlp, ["Police arrested the opposition leader a week after the vote on Sept. 2."])
    assert only_event(events, "COERCE")["event_date"] == date(2023, 9, 9)


def test_an_act_ordered_after_a_long_past_event_is_not_the_reports(nlp):
    events, *_ = run(nlp, ["Britain took control of the islands from France after the defeat of Napoleon in 1815."])
    act = only_event(events, "ASSAULT")
    assert (act["event_date"], act["date_source"]) == (None, "none")
    # the date a since-phrase gives is its own object: "since Feb. 24" still dates the detention's start
    events, *_ = run(nlp, ["Police detained the journalist on Feb. 24 and he has been in custody since Feb. 24."])
    assert only_event(events, "COERCE")["event_date"] == date(2023, 2, 24)


def test_last_week_sets_the_paragraphs_reference_time(nlp):
    # "last week" is a month to the calendar here, but it lies wholly before the report: the next past act is
    # set then too (Webber 1988), not on the report's day
    events, *_ = run(nlp, ["Earlier this month, rebels seized the town. They killed ten soldiers."])
    killing = [r for r in events.to_dicts() if "ten soldiers" in r["evidence"]]
    assert killing and all(r["date_source"] == "relative" for r in killing)
    # a following act in the present tense is not moved
    events, *_ = run(nlp, ["Earlier this month, rebels seized the town. The army says it is ready to attack."])
    assert all(r["date_source"] != "relative" for r in events.to_dicts() if "ready" in r["evidence"])


def test_a_preposition_of_a_date_starts_a_word():
    found = find_dates("Before the election this month, he visited Taiwan.", date(2023, 9, 21))
    assert [f.text for f in found] == ["this month"]


def test_a_simple_past_reported_last_week_happened_no_later_than_the_statement(nlp):
    events, *_ = run(nlp, ["Officials said last week that police arrested five activists."])
    arrest = only_event(events, "COERCE")
    assert arrest["date_source"] == "relative" and arrest["event_date"] < date(2023, 9, 21)
    # the same report made on the report's own day leaves the report's day
    events, *_ = run(nlp, ["Officials said on Thursday that police arrested five activists."])
    assert only_event(events, "COERCE")["event_date"] == date(2023, 9, 21)
    # a past perfect is anterior to the statement: undated, not the statement's day
    events, *_ = run(nlp, ["Officials said last week that police had arrested five activists."])
    assert only_event(events, "COERCE")["date_source"] == "none"


def test_a_participle_adjunct_shares_its_clauses_narrative_time(nlp):
    text = "Gunmen attacked the convoy on Sept. 2. Witnesses said the gunmen stopped the trucks, shooting the drivers."
    events, *_ = run(nlp, [text])
    shooting = [r for r in events.to_dicts() if r["event_type"] == "ASSAULT" and "shooting" in r["evidence"]]
    assert shooting and all(r["event_date"] == date(2023, 9, 2) for r in shooting)


# ------------------------------------------------------------------------------------------- roles


def test_the_party_of_an_event_noun_object_is_the_recipient(nlp):
    events, *_ = run(nlp, ["Senior officials held talks with Russian officials in Riyadh on Monday."])
    assert only_event(events, "CONSULT")["recipient_text"] == "Russian officials"
    events, *_ = run(nlp, ["Rights groups filed several lawsuits against the government."])
    assert only_event(events, "DISAPPROVE")["recipient_text"] == "government"


def test_the_subject_of_a_mandative_clause_is_the_demands_recipient(nlp):
    events, *_ = run(nlp, ["The government demanded that Beijing remove the vessels immediately."])
    assert only_event(events, "DEMAND")["recipient_text"] == "Beijing"


def test_the_body_a_member_is_expelled_from_expelled_them(nlp):
    events, *_ = run(nlp, ["On Friday, the lawmaker was expelled from the ruling party for breaking its rules."])
    expulsion = only_event(events, "COERCE")
    assert (expulsion["actor_text"], expulsion["recipient_text"]) == ("ruling party", "lawmaker")
    # not for a rescue or a release: their from-phrase is the captor or the place
    events, *_ = run(nlp, ["The hostages were freed from the militants' camp on Friday."])
    assert all(r["actor_text"] != "militants" for r in events.to_dicts())


# ------------------------------------------------------------------------------------------- places


def test_a_participle_adjunct_happens_where_its_clause_does(nlp):
    events, *_ = run(nlp, ["Gunmen attacked a passenger train on Tuesday in Quetta, taking many hostages."])
    assert {r["location_name"] for r in events.to_dicts() if r["event_type"] == "ASSAULT"} == {"Quetta"}


def test_a_locative_hung_from_a_time_adjunct_places_the_clause(nlp):
    events, *_ = run(nlp, ["On Thursday in Geneva, the foreign minister met his Iranian counterpart."])
    assert only_event(events, "CONSULT")["location_name"] == "Geneva"


def test_the_place_visited_is_where_the_visit_happened(nlp):
    events, *_ = run(nlp, ["The prime minister visited Kenya in August and met the president."])
    visits = [r for r in events.to_dicts() if r["event_type"] == "CONSULT" and "visited" in r["evidence"]]
    assert visits and {r["location_name"] for r in visits} == {"Kenya"}
    # a person visited is no place
    events, *_ = run(nlp, ["The prime minister visited the French president."])
    assert all(r["location_name"] != "France" for r in events.to_dicts())
