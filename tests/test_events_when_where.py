"""When and where events happened, and which reports are one event (dates, places, publication days, clusters)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_events import only_event, run
from transforms.extract.events.places import dateline
from transforms.link.events import Mention, cluster_mentions, publication_days
from transforms.schemas import DATE_SOURCES, GEO_SOURCES


def _utc(y, m, d):
    return datetime(y, m, d, tzinfo=UTC)


# ---------------------------------------------------------------------------------------------- dates


def test_relative_date_and_locative_of_a_meeting(nlp):
    events, *_ = run(nlp, ["Foreign ministers of France and Germany met in Geneva on Monday to discuss the crisis."])
    meeting = only_event(events, "CONSULT")
    assert meeting["event_date"] == date(2023, 9, 18)  # the Monday before Thursday 21 September 2023
    assert (meeting["date_precision"], meeting["date_source"]) == ("day", "relative")
    assert (meeting["location_name"], meeting["geo_source"]) == ("Geneva", "sentence")


def test_a_speech_act_is_dated_by_its_statement(nlp):
    # rejecting is done by saying it (PLOVER's verbal conflict): the date on "said" is the act's
    events, *_ = run(nlp, ["The government said on Monday that it rejects the proposal."])
    rejection = only_event(events, "REJECT")
    assert rejection["event_date"] == date(2023, 9, 18)
    assert rejection["date_source"] == "relative"


def test_a_reported_act_keeps_its_own_date_not_the_reports(nlp):
    events, *_ = run(nlp, ["Russia said on Monday that its troops had attacked a depot in Kharkiv on Saturday."])
    attack = only_event(events, "ASSAULT")
    assert attack["event_date"] == date(2023, 9, 16)
    assert attack["location_name"] == "Kharkiv"


def test_undated_sentence_takes_the_report_day(nlp):
    events, *_ = run(nlp, ["Police arrested dozens of protesters in Istanbul."], pubs=[_utc(2021, 1, 5)])
    arrest = only_event(events, "COERCE")
    assert (arrest["event_date"], arrest["date_precision"], arrest["date_source"]) == (
        date(2021, 1, 5),
        "report",
        "report",
    )


def test_document_without_publication_date_has_undated_events(nlp):
    events, *_ = run(nlp, ["Police arrested dozens of protesters in Istanbul."], pubs=[None])
    arrest = only_event(events, "COERCE")
    assert arrest["event_date"] is None
    assert arrest["date_source"] == "none"


def test_undated_duplicate_borrows_its_copys_publication_day(nlp):
    text = "Police arrested dozens of protesters in Istanbul."
    events, mentions, *_ = run(nlp, [text, text], pubs=[None, _utc(2021, 1, 5)], dup_clusters=["c", "c"])
    arrest = only_event(events, "COERCE")
    assert arrest["event_date"] == date(2021, 1, 5)
    assert arrest["n_mentions"] == 2


def _documents(rows):
    return pl.DataFrame(
        rows,
        schema={
            "doc_id": pl.String,
            "published_at": pl.Datetime("us", "UTC"),
            "published_precision": pl.String,
            "dup_cluster_id": pl.String,
            "dup_of": pl.String,
        },
        orient="row",
    )


def test_publication_days_borrow_the_earliest_day_of_the_same_text():
    documents = _documents(
        [
            ("a", _utc(2024, 5, 3), "second", "c1", None),
            ("b", _utc(2024, 5, 1), "day", "c1", None),
            ("u", None, "none", "c1", None),
            ("p", None, "none", "p", None),  # shares two paragraphs with "a"
            ("q", None, "none", "q", None),  # shares only one of its three paragraphs (a credit line)
            ("lone", None, "none", "lone", None),
        ]
    )
    paragraphs = pl.DataFrame(
        {
            "doc_id": ["a", "a", "p", "p", "q", "q", "q"],
            "first_doc_id": ["a", "a", "a", "a", "a", "q", "q"],
            "is_repeat": [False, False, True, True, True, False, False],
        }
    )
    days = publication_days(documents, paragraphs)
    assert days["a"] == (date(2024, 5, 3), False)
    assert days["u"] == (date(2024, 5, 1), True)  # the earliest copy
    assert days["p"] == (date(2024, 5, 3), True)
    assert "q" not in days and "lone" not in days


def test_month_precise_publication_is_not_a_report_day():
    documents = _documents([("m", _utc(2024, 5, 1), "month", "m", None)])
    assert publication_days(documents) == {}


# ---------------------------------------------------------------------------------------------- places


def test_topic_of_a_statement_is_not_its_place(nlp):
    events, *_ = run(nlp, ["The minister criticised the war in Gaza in a speech."])
    criticism = only_event(events, "DISAPPROVE")
    assert criticism["location_name"] != "Gaza"
    assert criticism["geo_source"] != "sentence"


def test_place_of_an_attack_inside_its_object(nlp):
    events, *_ = run(nlp, ["Gunmen attacked a market in Kabul on Friday."])
    attack = only_event(events, "ASSAULT")
    assert (attack["location_name"], attack["geo_source"]) == ("Kabul", "sentence")


def test_dateline_is_the_fallback_place(nlp):
    events, *_ = run(nlp, ["ISLAMABAD — Pakistani troops attacked militants on Tuesday, officials said."])
    attack = only_event(events, "ASSAULT")
    assert attack["location_name"].lower() == "islamabad"
    assert attack["geo_source"] == "dateline"


@pytest.mark.parametrize(
    "text, name",
    [
        ("ISLAMABAD — Pakistan's army said on Sunday", "ISLAMABAD"),
        ("KYIV, Ukraine (Reuters) - Russian forces", "KYIV"),
        ("WASHINGTON (AP) — The Senate voted", "WASHINGTON"),
        ("Nairobi, Kenya — Police said", "Nairobi"),
        ("Trump — who spoke on Monday — said", None),
        ("The talks — the first in years — ended", None),
        ("No dateline here at all.", None),
    ],
)
def test_dateline(text, name):
    found = dateline(text)
    assert (found[2] if found else None) == name
    if found:
        assert text[found[0] : found[1]] == name


@given(st.text(max_size=120))
def test_dateline_is_a_prefix_span_of_any_text(text):
    found = dateline(text)
    if found is not None:
        start, end, name = found
        assert text[start:end] == name and end <= 82


# ---------------------------------------------------------------------------------------------- clusters


def test_background_sentence_never_merges_across_years(nlp):
    history = "About 100,000 people were killed in the Bosnian war in the 1990s."
    events, *_ = run(nlp, [history, history], pubs=[_utc(2021, 1, 5), _utc(2025, 3, 1)])
    assert events.height == 2
    assert set(events["date_source"]) == {"none"}
    assert events["event_date"].null_count() == 2


def test_same_report_day_months_apart_are_two_events(nlp):
    text = "Police arrested dozens of protesters in Istanbul."
    events, *_ = run(nlp, [text, text], pubs=[_utc(2021, 1, 5), _utc(2021, 3, 1)])
    assert events.height == 2


def test_reports_a_day_apart_merge(nlp):
    text = "Police arrested dozens of protesters in Istanbul."
    events, *_ = run(nlp, [text, text], pubs=[_utc(2021, 1, 5), _utc(2021, 1, 6)])
    assert events.height == 1


def _mention(
    i,
    *,
    category="ASSAULT",
    day=None,
    precision="day",
    actors=(),
    recipients=(),
    codes=(),
    pub=None,
    sent=None,
    doc=None,
    sentence_idx=0,
    trigger="x",
    place=None,
):
    """pub: the report's day; "none" for a report without a publication date. doc: the story (default d<i>);
    place: a place record (entity_id, name, country_code, geo_precision), its keys the entity and country."""
    pub = None if pub == "none" else pub or (day or date(2024, 1, 10))
    doc = doc or f"d{i}"
    return Mention(
        doc_id=doc,
        sentence_idx=sentence_idx,
        char_start=sentence_idx * 100,
        char_end=sentence_idx * 100 + 10,
        sentence=sent or f"sentence {i}",
        category=category,
        trigger=trigger,
        strength=0.9,
        mood="asserted",
        event_date=day,
        precision=precision if day else "unresolved",
        date_text=None,
        actor_text=None,
        actor_ids=[],
        actor_keys=set(actors),
        recipient_text=None,
        recipient_ids=[],
        recipient_keys=set(recipients),
        place=place,
        place_explicit=place is not None,
        place_keys={place["entity_id"], place["country_code"]} if place else set(),
        fatalities=None,
        published_at=datetime(pub.year, pub.month, pub.day, 12, tzinfo=UTC) if pub else None,
        dup_key=doc,
        actor_codes=list(codes),
    )


def test_different_countries_in_the_same_role_do_not_merge():
    day = date(2024, 1, 10)
    a = _mention(0, day=day, actors={"RUS"}, recipients={"e_city"})
    b = _mention(1, day=day, actors={"UKR"}, recipients={"e_city"})
    assert len(cluster_mentions([a, b])) == 2
    c = _mention(2, day=day, actors={"RUS"}, recipients={"e_city"})
    assert len(cluster_mentions([a, c])) == 1


def test_actor_code_country_conflicts_too():
    day = date(2024, 1, 10)
    a = _mention(0, day=day, actors={"e1"}, codes=["RUSMIL"], recipients={"e_city"})
    b = _mention(1, day=day, actors={"e2"}, codes=["UKRMIL"], recipients={"e_city"})
    assert len(cluster_mentions([a, b])) == 2


def test_no_report_published_before_its_event():
    event = _mention(0, day=date(2024, 1, 10), actors={"RUS"})
    early = _mention(1, day=date(2024, 1, 10), actors={"RUS"}, pub=date(2024, 1, 5))
    assert len(cluster_mentions([event, early])) == 2


def test_dated_and_undated_mentions_of_dated_reports_never_merge():
    dated = _mention(0, day=date(2024, 1, 10), actors={"RUS"}, recipients={"UKR"})
    undated = _mention(1, actors={"RUS"}, recipients={"UKR"}, pub=date(2024, 1, 10))
    assert len(cluster_mentions([dated, undated])) == 2


_days = st.dates(min_value=date(2023, 12, 20), max_value=date(2024, 2, 10))
_keys = st.sets(st.sampled_from(["RUS", "UKR", "e1", "e2", "e3"]), max_size=2)


def _shift(day, k):
    return day + timedelta(days=k)


def draw_mention(draw, i, keys=_keys):
    """Mention i of a drawn list: one of two categories, dated or not, its report published around its day."""
    day = draw(st.none() | _days)
    return _mention(
        i,
        category=draw(st.sampled_from(["ASSAULT", "CONSULT"])),
        day=day,
        precision=draw(st.sampled_from(["day", "month", "year", "report"])),
        actors=draw(keys),
        recipients=draw(keys),
        codes=draw(st.lists(st.sampled_from(["RUSGOV", "UKRMIL", "USAGOV"]), max_size=1)),
        pub=draw(st.just("none") | st.builds(_shift, st.just(day) if day else _days, st.integers(-2, 3))),
        sent=draw(st.sampled_from(["s1", "s2", None])),
    )


@st.composite
def _mentions(draw):
    return [draw_mention(draw, i) for i in range(draw(st.integers(0, 14)))]


@settings(max_examples=150, deadline=None)
@given(_mentions())
def test_candidate_index_equals_a_full_scan(mentions):
    def members(clusters):
        return sorted(sorted(m.doc_id for m in c.mentions) for c in clusters)

    indexed = cluster_mentions(mentions)
    assert members(indexed) == members(cluster_mentions(mentions, use_index=False))
    for c in indexed:  # and every cluster obeys the rules
        assert len({m.category for m in c.mentions}) == 1
        years = {m.event_date.year for m in c.mentions if m.event_date}
        assert len(years) <= 1
        # an undated mention joins a dated event only when its report has no day either
        undated = [m for m in c.mentions if m.event_date is None]
        if c.event_date is not None:
            assert all(m.published_at is None for m in undated)
        else:
            assert len(undated) == len(c.mentions)


def test_every_event_has_a_date_unless_its_source_is_none(nlp):
    texts = [
        "Leaders met in Paris on March 3. Protesters marched in Lagos.",
        "In the 1990s, troops attacked the town.",
        "Police arrested dozens of protesters in Istanbul.",
    ]
    events, *_ = run(nlp, texts, pubs=[_utc(2024, 3, 5), _utc(2024, 3, 5), None])
    assert events.height >= 3
    assert set(events["date_source"]) <= set(DATE_SOURCES)
    assert set(events["geo_source"]) <= set(GEO_SOURCES)
    for r in events.iter_rows(named=True):
        assert (r["event_date"] is None) == (r["date_source"] == "none"), r
        assert (r["location_name"] is None) == (r["geo_source"] == "none"), r


def test_a_mention_without_any_day_joins_a_dated_event_on_its_participants():
    dated = _mention(0, day=date(2024, 1, 10), actors={"RUS"}, recipients={"UKR"})
    dayless = _mention(1, actors={"RUS"}, recipients={"UKR"}, pub="none")
    assert len(cluster_mentions([dated, dayless])) == 1
    actor_only = _mention(2, actors={"RUS"}, pub="none")  # the strict rule: an actor and a recipient or place
    assert len(cluster_mentions([dated, actor_only])) == 2


def test_place_name_key_joins_spellings_of_one_unknown_place_but_not_directional_names():
    from transforms.link.events import _place_name_key

    assert _place_name_key("Nagorno-Karabakh") == _place_name_key("Karabakh") == "name:karabakh"
    assert _place_name_key("South Sudan") is None
    assert _place_name_key("West Bank") is None
    assert _place_name_key("Gaza Strip") != _place_name_key("Gaza")
    assert _place_name_key(None) is None


# ------------------------------------------------------------------ third round: the time and place of the act


@pytest.mark.parametrize(
    "text",
    [
        "The opposition also noted that Beijing has rejected the court ruling.",  # present perfect: no definite day
        "Officials noted that the rebels have repeatedly attacked army posts in the north.",  # iterative adverb
    ],
)
def test_a_clause_set_apart_from_the_report_is_not_dated_by_it(nlp, text):
    events, *_ = run(nlp, ["Heavy rain fell on the capital on Monday. " + text])
    acts = events.filter(pl.col("event_type").is_in(["REJECT", "ASSAULT"])).to_dicts()
    assert acts
    assert all((e["date_source"], e["event_date"]) == ("none", None) for e in acts)


def test_the_lede_perfect_is_the_days_news(nlp):
    events, *_ = run(nlp, ["Police have arrested dozens of protesters in Istanbul."], pubs=[_utc(2021, 1, 5)])
    arrest = only_event(events, "COERCE")
    assert (arrest["event_date"], arrest["date_source"]) == (date(2021, 1, 5), "report")


def test_reported_past_perfect_is_the_speakers_past(nlp):
    text = "Heavy rain fell on Monday. The army said it had shelled rebel positions near the border."
    events, *_ = run(nlp, [text], pubs=[_utc(2021, 1, 5)])
    shelling = only_event(events, "ASSAULT")
    assert shelling["date_source"] == "report"


def test_a_before_clause_takes_neither_the_main_date_nor_the_report(nlp):
    text = "Heavy rain fell on Monday. Trade today is smaller than before the army invaded the province."
    events, *_ = run(nlp, [text])
    invasion = only_event(events, "ASSAULT")
    assert invasion["date_source"] == "none"


def test_an_after_clause_keeps_the_main_clauses_date(nlp):
    # the release names its party (an event needs one, transforms.link.parties): "after being freed" leaves it to
    # the main clause's subject, which the role rules do not read yet
    events, *_ = run(
        nlp, ["The journalist thanked his supporters on Tuesday after the authorities freed him from prison."]
    )
    release = events.filter(pl.col("evidence").str.contains("freed") & (pl.col("event_type") == "RETREAT"))
    assert release.height == 1 and release["event_date"][0] == date(2023, 9, 19)


def test_the_documents_main_place_only_for_its_own_actors(nlp):
    story = (
        "Kenyan police arrested 20 protesters on Monday. Kenya's president met opposition leaders in Kenya. "
        "Kenya has asked for help. The United Nations criticised the arrests on Tuesday."
    )
    events, *_ = run(nlp, [story])
    arrest = only_event(events, "COERCE")
    criticism = only_event(events, "DISAPPROVE")
    assert (arrest["location_name"], arrest["geo_source"]) == ("Kenya", "document")
    assert (criticism["location_name"], criticism["geo_source"]) == (None, "none")


def test_a_locative_inside_an_organisations_name_is_not_the_place(nlp):
    text = "Jane Doe, director of the Center for Democracy in Myanmar, demanded the release of the prisoners."
    events, *_ = run(nlp, [text])
    demand = only_event(events, "DEMAND")
    assert demand["location_name"] != "Myanmar"


def test_the_goal_of_a_visit_is_where_the_visitor_met(nlp):
    events, *_ = run(nlp, ["During his visit to Peru, the senator met with President Ana Torres."])
    meeting = only_event(events, "CONSULT")
    assert (meeting["location_name"], meeting["geo_source"]) == ("Peru", "sentence")


def test_a_perfect_of_the_recent_past_is_the_days_news(nlp):
    events, *_ = run(nlp, ["Heavy rain fell on Monday. The army has just attacked rebel positions near the border."])
    attack = only_event(events, "ASSAULT")
    assert (attack["date_source"], attack["event_date"]) == ("report", date(2023, 9, 21))


# ------------------------------------------------------------------ fourth round: which time an act happened


def test_a_past_act_takes_the_time_its_paragraph_set(nlp):
    # a simple past takes its reference time from the discourse (Webber 1988): the arrests are in 2019
    events, *_ = run(
        nlp, ["Police seized the archive of a newspaper in Lagos in 2019. They detained five journalists."]
    )
    later = events.filter(pl.col("evidence").str.contains("five journalists")).to_dicts()
    assert len(later) == 1
    assert (later[0]["event_date"], later[0]["date_precision"], later[0]["date_source"]) == (
        date(2019, 1, 1),
        "year",
        "relative",
    )


def test_a_sentence_with_its_own_time_keeps_the_report_day(nlp):
    # "On Thursday" (the report's day) sets the sentence's own time: the earlier 2019 is not inherited
    events, *_ = run(nlp, ["The war began in 2019. On Thursday, officials said soldiers detained ten protesters."])
    detention = events.filter(pl.col("evidence").str.contains("ten protesters")).to_dicts()
    assert len(detention) == 1
    assert (detention[0]["event_date"], detention[0]["date_source"]) == (date(2023, 9, 21), "report")


def test_a_recent_reference_time_keeps_the_report_day(nlp):
    events, *_ = run(nlp, ["Fighting resumed on Wednesday. Soldiers detained ten protesters in the capital."])
    detention = events.filter(pl.col("evidence").str.contains("ten protesters")).to_dicts()
    assert len(detention) == 1
    assert detention[0]["date_source"] == "report"


def test_an_act_ordered_after_another_has_no_date_of_its_own(nlp):
    # "later": its time is relative to the arrest, which the sentence does not date (Quirk et al. 8.67-8.74)
    text = "Police arrested the activist in the capital on Monday. A court later sentenced the activist to six years."
    events, *_ = run(nlp, [text])
    sentence = events.filter(pl.col("evidence").str.contains("sentenced")).to_dicts()
    assert len(sentence) == 1
    assert (sentence[0]["event_date"], sentence[0]["date_source"]) == (None, "none")


def test_a_report_of_long_ago_does_not_date_the_act_by_the_report(nlp):
    # the date is on the reporting verb (the act is anterior to it, day unknown) and lies years before the report
    events, *_ = run(nlp, ["The government said in 2019 that soldiers attacked the village."])
    attack = only_event(events, "ASSAULT")
    assert (attack["event_date"], attack["date_source"]) == (None, "none")


def test_a_present_state_is_not_an_act_of_the_report_day(nlp):
    events, *_ = run(
        nlp, ["Heavy rain fell. Several opposition leaders are in jail, facing trial on charges of treason."]
    )
    acts = events.filter(pl.col("evidence").str.contains("facing")).to_dicts()
    assert acts
    assert all(e["date_source"] == "none" for e in acts)


def test_a_past_pointing_date_on_a_decided_act_dates_the_decision(nlp):
    # "this past Tuesday" cannot be when a planned act will happen, so it dates the decision
    events, *_ = run(nlp, ["Officials decided to remove the migrants from the camp this past Tuesday."])
    decision = only_event(events, "THREATEN")
    assert (decision["event_date"], decision["date_source"]) == (date(2023, 9, 19), "relative")


def test_a_future_date_on_a_planned_act_still_never_dates_it(nlp):
    events, *_ = run(nlp, ["Officials vowed to remove the migrants from the camp next Tuesday."])
    pledge = only_event(events, "THREATEN")
    assert pledge["event_date"] != date(2023, 9, 26)


def test_a_place_attacked_or_taken_is_where_it_happened(nlp):
    events, *_ = run(nlp, ["Troops invaded Kenya on Monday."])
    invasion = only_event(events, "ASSAULT")
    assert (invasion["recipient_text"], invasion["location_name"], invasion["geo_source"]) == (
        "Kenya",
        "Kenya",
        "sentence",
    )


def test_the_country_a_statement_is_about_is_still_not_its_place(nlp):
    # the criticism is about Uganda; it was made in Kenya, the speaker's country (geo_source speaker)
    events, *_ = run(nlp, ["Kenya criticised Uganda on Monday."])
    criticism = only_event(events, "DISAPPROVE")
    assert criticism["location_name"] != "Uganda"
    assert (criticism["country_code"], criticism["geo_source"]) == ("KEN", "speaker")


def test_a_verbal_attack_on_a_country_is_not_placed_there(nlp):
    from transforms.extract.events.places import object_place
    from transforms.extract.events.triggers import Trigger

    doc = nlp("The president attacked Kenya.")
    kenya = next(t for t in doc if t.text == "Kenya")
    verb = next(t for t in doc if t.text == "attacked")

    def trig(category):
        return Trigger(category, verb.i, verb.i, "attacked", 0.9, "realis", 0)

    assert object_place(kenya, trig("ASSAULT"), doc) == "event"
    assert object_place(kenya, trig("DISAPPROVE"), doc) is None  # in words: Kenya is the topic
