"""Event layer: triggers, mood, roles, dates, fatalities, clustering, schema and offsets."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.extract.events.roles import fatalities, spacy_entity_frames
from transforms.extract.events.triggers import detect_triggers
from transforms.link.events import build_events
from transforms.schemas import PLOVER_QUAD_CLASS, TABLES


def _utc(y, m, d):
    return datetime(y, m, d, tzinfo=UTC)


def run(nlp, texts, pubs=None, dup_clusters=None, ids=None):
    """Events of ``texts`` with entities taken from the parse itself (independent of the entity layer)."""
    ids = ids or [f"d{i}" for i in range(len(texts))]
    pubs = pubs or [_utc(2023, 9, 21)] * len(texts)
    docs = list(nlp.pipe(texts))
    documents = pl.DataFrame(
        {
            "doc_id": ids,
            "text": texts,
            "published_at": pubs,
            "published_precision": ["day" if p else "none" for p in pubs],
            "dup_of": [None] * len(texts),
            "dup_cluster_id": dup_clusters or ids,
        },
        schema_overrides={"published_at": pl.Datetime("us", "UTC"), "dup_of": pl.String},
    )
    ents, ments = spacy_entity_frames(ids, docs)
    events, mentions = build_events(ids, docs, documents, ents, ments)
    return events, mentions, ents, dict(zip(ids, texts))


def only_event(events: pl.DataFrame, event_type: str) -> dict:
    """The one event of ``event_type`` in ``events`` (fails, listing them, when there is not exactly one)."""
    rows = events.filter(pl.col("event_type") == event_type).to_dicts()
    assert len(rows) == 1, events.select("event_type", "evidence").to_dicts()
    return rows[0]


def cats(nlp, sentence):
    return [t.category for t in detect_triggers(nlp(sentence)[:])]


@pytest.mark.parametrize(
    "sentence, category",
    [
        ("Representing Azerbaijani authorities, Ramin Mammadov held discussions with Sergey Martirosyan.", "CONSULT"),
        (
            "On September 21, a meeting was held in Yevlakh between the Armenians of Karabakh and the delegates of Azerbaijan.",
            "CONSULT",
        ),
        (
            "Azerbaijan Armed Forces launched on Tuesday local anti-terrorist measures in the Karabakh region.",
            "ASSAULT",
        ),
        (
            "On September 19, the Azerbaijani Ministry of Defense announced the start of anti-terrorist measures in Nagorno-Karabakh.",
            "ASSAULT",
        ),
        ("The sides agreed to sit for the next round of talks in the near future.", "AGREE"),
        (
            "They advocated for a status for the region's Armenian residents and demanded independence from Azerbaijan.",
            "DEMAND",
        ),
        (
            "Two individuals lost their lives when a truck struck a mine on the highway in the Jabrayil region.",
            "ASSAULT",
        ),
        ("Hundreds of fighters laid down their arms in the Karabakh region on Wednesday.", "RETREAT"),
        ("Two servicemen of the Azerbaijani army were wounded by the Armenian armed formations.", "ASSAULT"),
        ("In 2022, Nikol Pashinyan and Ilham Aliyev signed a statement in Prague.", "SUPPORT"),
        (
            "The Defense Ministry of Azerbaijan announced on Wednesday the end of the local counter-terrorism measures.",
            "RETREAT",
        ),
        ("The next day the conflicting parties agreed to a complete cessation of hostilities.", "RETREAT"),
        ("Angry demonstrators in Yerevan blocked the Tigran Mets avenue.", "PROTEST"),
        ("Turkish police arrested twelve students in Sivas on Monday.", "COERCE"),
        ("The European Union imposed sanctions on the central bank on Monday.", "SANCTION"),
        ("Iran today threatened to launch a new military offensive against Iraq.", "THREATEN"),
        ("Serbia on Thursday flatly rejected an Australian ultimatum.", "REJECT"),
        ("Amnesty International accused the United States of violating human rights.", "DISAPPROVE"),
        ("The commission investigated reports of torture in the prison last year.", "INVESTIGATE"),
        ("Swiss doctors handed over 700 kg of medicine to the Red Crescent in Bam.", "AID"),
        ("The government deployed troops to the border region on Friday.", "MOBILIZE"),
        ("The ministry demanded that the authorities release the detained journalists.", "DEMAND"),
        (
            "Armenian residents in Nagorno-Karabakh held the international community responsible for the conflict.",
            "DISAPPROVE",
        ),
    ],
)
def test_trigger_families_on_real_sentences(nlp, sentence, category):
    assert category in cats(nlp, sentence)


@pytest.mark.parametrize(
    "sentence, not_category",
    [
        # possible, considered, conditional acts are not coded as done
        (
            "Hajiyev noted that residents of Nagorno-Karabakh who laid down their arms could be amnestied by the authorities.",
            "CONCEDE",
        ),
        (
            "Hajiyev noted that residents of Nagorno-Karabakh who laid down their arms could be amnestied by the authorities.",
            "RETREAT",
        ),
        ("Baku mulls amnesty to groups in Nagorno-Karabakh that lay down weapons.", "RETREAT"),
        (
            "Azerbaijan says that armed groups can be permitted to live in the region on condition that they lay down their arms.",
            "RETREAT",
        ),
        ("The army did not attack the village.", "ASSAULT"),
        ("If the rebels attack the town, the army will respond.", "ASSAULT"),
        ("Iran today threatened to launch a new military offensive against Iraq.", "ASSAULT"),
        ("The government denied that its troops had attacked the village.", "ASSAULT"),
        ("The World Bank will provide a loan of 200 million dollars to Kenya.", "AID"),
    ],
)
def test_negation_modality_and_hypotheticals(nlp, sentence, not_category):
    assert not_category not in cats(nlp, sentence)


def test_future_cooperation_is_intent_and_refusal_is_reject(nlp):
    assert cats(nlp, "The United Nations will provide 25,000 tons of food aid to refugees.") == ["AGREE"]
    assert "REJECT" in cats(nlp, "Pakistan has refused to deploy peacekeepers in Iraq.")
    assert "REJECT" in cats(nlp, "Syria says it will not accept any more refugees.")


def test_reported_statement_alone_is_not_an_event(nlp):
    assert cats(nlp, "“We have no enmity,” Aliyev said on Wednesday.") == []
    assert cats(nlp, "Hajiyev told Arab News that the talks were useful.") == []


def test_fatalities(nlp):
    s = nlp(
        "The operation followed mine incidents in the Khojavand district killing four Azerbaijani police officers and two road construction workers."
    )
    assert fatalities(s[:]) == 6
    assert (
        fatalities(
            nlp("In two days of fighting in September of last year, around 300 soldiers were killed on both sides.")[:]
        )
        == 300
    )
    assert fatalities(nlp("Vietnamese forces launched rocket fire, killing or wounding 50, sources said.")[:]) is None
    assert fatalities(nlp("The delegates met in Geneva.")[:]) is None


def test_roles_demonym_and_state_organ_act_for_their_country(nlp):
    text = (
        "Azerbaijan is in the South Caucasus. "
        "On Tuesday, the Azerbaijani Defense Ministry announced launching an anti-terrorist operation in Nagorno-Karabakh."
    )
    events, _, ents, _ = run(nlp, [text], [_utc(2023, 9, 22)])
    azerbaijan = ents.filter(pl.col("name") == "Azerbaijan")["entity_id"][0]
    op = events.filter(pl.col("event_type") == "ASSAULT").row(0, named=True)
    assert azerbaijan in op["actor_entity_ids"]
    assert "Defense Ministry" in op["actor_text"]
    assert (op["event_date"], op["date_precision"], op["date_text"]) == (date(2023, 9, 19), "day", "On Tuesday")


def test_roles_passive_agent_is_actor_and_subject_is_recipient(nlp):
    text = "Armenia and Azerbaijan are neighbours. Two servicemen of the Azerbaijani army were wounded by Armenian armed formations on Tuesday."
    events, _, ents, _ = run(nlp, [text])
    ids = dict(zip(ents["name"], ents["entity_id"]))
    ev = events.filter(pl.col("event_type") == "ASSAULT").row(0, named=True)
    assert ids["Armenia"] in ev["actor_entity_ids"]
    assert ids["Azerbaijan"] in ev["recipient_entity_ids"]


SEED000 = (
    "On September 19, the Azerbaijani Ministry of Defense announced the start of anti-terrorist measures in Nagorno-Karabakh. "
    "The next day it became known that the conflicting parties had agreed to a complete cessation of hostilities.\n\n"
    "On September 21, a meeting was held in Yevlakh between the Armenians of Karabakh and the delegates of Azerbaijan. "
    "Later, on September 22, Hajiyev noted that residents who laid down their arms could be amnestied by the country's authorities."
)


def test_dates_places_and_offsets_on_seed_paragraph(nlp):
    events, mentions, _, texts = run(nlp, [SEED000], [_utc(2023, 9, 23)])
    by_type = {r["event_type"]: r for r in events.iter_rows(named=True)}
    assert by_type["ASSAULT"]["event_date"] == date(2023, 9, 19)
    assert by_type["RETREAT"]["event_date"] == date(2023, 9, 20)
    assert by_type["RETREAT"]["date_text"] == "The next day"
    meeting = by_type["CONSULT"]
    assert (meeting["event_date"], meeting["location_name"]) == (date(2023, 9, 21), "Yevlakh")
    assert meeting["quad_class"] == PLOVER_QUAD_CLASS["CONSULT"] == "verbal_cooperation"
    assert "CONCEDE" not in by_type  # "could be amnestied" is not an amnesty
    assert all(r["event_date"] != date(2023, 9, 22) for r in events.iter_rows(named=True))
    for m in mentions.iter_rows(named=True):
        sentence = texts[m["doc_id"]][m["char_start"] : m["char_end"]]
        assert sentence == sentence.strip() and sentence.endswith(".")
    assert set(events["evidence"]) <= {
        texts["d0"][m["char_start"] : m["char_end"]] for m in mentions.iter_rows(named=True)
    }


A1 = "Azerbaijan Armed Forces launched on Tuesday local anti-terrorist measures in the Karabakh region."
A2 = "On Tuesday, the Azerbaijani Defense Ministry announced launching an anti-terrorist operation in the Karabakh region."


def test_same_event_in_two_articles_merges(nlp):
    events, mentions, _, _ = run(nlp, [A1, A2], [_utc(2023, 9, 21), _utc(2023, 9, 22)])
    ops = events.filter(pl.col("event_type") == "ASSAULT")
    assert ops.height == 1
    op = ops.row(0, named=True)
    assert (op["n_mentions"], op["n_documents"], op["event_date"]) == (2, 2, date(2023, 9, 19))
    assert op["first_reported_at"] == _utc(2023, 9, 21)
    assert op["evidence"] == A1
    assert set(mentions.filter(pl.col("event_id") == op["event_id"])["doc_id"]) == {"d0", "d1"}
    assert op["confidence"] > mentions["confidence"].max()  # two independent reports beat one


def test_near_duplicates_are_not_independent_reports(nlp):
    events, _, _, _ = run(nlp, [A1, A1 + " "], dup_clusters=["c1", "c1"])
    op = events.filter(pl.col("event_type") == "ASSAULT").row(0, named=True)
    assert (op["n_mentions"], op["n_documents"]) == (2, 1)


def test_two_meetings_on_different_days_do_not_merge(nlp):
    m1 = "On March 1, Azerbaijani officials met with representatives of Armenians in the Karabakh region."
    m2 = "On September 21, Azerbaijani officials met with representatives of Armenians in the Karabakh region."
    events, _, _, _ = run(nlp, [m1, m2])
    meetings = events.filter(pl.col("event_type") == "CONSULT")
    assert meetings.height == 2
    assert sorted(meetings["event_date"].to_list()) == [date(2023, 3, 1), date(2023, 9, 21)]


def test_schema_and_stable_ids(nlp):
    e1, m1, _, _ = run(nlp, [A1, SEED000])
    e2, m2, _, _ = run(nlp, [A1, SEED000])
    assert e1.schema == TABLES["events"].schema and m1.schema == TABLES["event_mentions"].schema
    assert e1.equals(e2) and m1.equals(m2)
    assert set(m1["event_id"]) == set(e1["event_id"])  # every event has a mention and vice versa
    assert e1["event_id"].is_unique().all()
    assert e1.select(pl.col("confidence").is_between(0, 1).all()).item()


def test_empty_input(nlp):
    events, mentions, _, _ = run(nlp, [""])
    assert events.height == 0 and mentions.height == 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_build_events_never_raises_on_arbitrary_text(nlp, text):
    events, mentions, _, texts = run(nlp, [text])
    assert set(mentions["event_id"]) == set(events["event_id"])
    for m in mentions.iter_rows(named=True):
        assert texts["d0"][m["char_start"] : m["char_end"]].strip()


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The 12-year civil war has killed more than 500,000 people.", None),
        ("A conflict that lasted three years and killed 100,000 people ended in 1995.", None),
        ("More than 300,000 people were killed by the war.", None),
        ("Rebels stormed the town and killed 20 civilians.", 20),
        ("Five soldiers were killed by a roadside bomb.", 5),
    ],
)
def test_a_period_of_violence_gives_a_cumulative_toll_not_an_events_fatalities(nlp, sentence, expected):
    from transforms.extract.events.roles import fatalities

    assert fatalities(list(nlp(sentence).sents)[0]) == expected
