"""Codability of tallies, spans up to now and newsgathering (eighth round of the VOA event fields).

Each rule is checked on sentences written for it, with a codable twin that differs only in what the rule reads,
so a rule that fires on everything fails its twin.  None is taken from the judged samples."""

from __future__ import annotations

import pytest

from tests.test_codable import LEDE, cats


@pytest.mark.parametrize(
    ("series", "act", "category"),
    [
        # the perfect with a since-phrase: a series or a situation from then up to now (Comrie 1976, 3.1)
        (
            "The rebels have attacked army posts in the north since 2019.",
            "The rebels attacked army posts in the north on Tuesday.",
            "ASSAULT",
        ),
        (
            "Police have arrested 300 protesters since March 3.",
            "Police arrested 300 protesters on March 3.",
            "COERCE",
        ),
    ],
)
def test_a_perfect_over_a_span_up_to_now_is_no_single_act(nlp, series, act, category):
    assert category not in cats(nlp, LEDE + series)
    assert category in cats(nlp, LEDE + act)


def test_a_passive_since_phrase_dates_one_act_and_stays_codable(nlp):
    # "has been detained since May 2": the result of one arrest, which the since-time dates
    assert "COERCE" in cats(nlp, LEDE + "The opposition leader has been detained since May 2.")


def test_coordinated_verbs_share_the_perfect_progressive(nlp):
    # the auxiliaries sit on the first conjunct; the second shares them (Quirk et al. 13.60-13.67)
    assert "ASSAULT" not in cats(nlp, LEDE + "The militia has been raiding and shelling border villages.")
    assert "ASSAULT" in cats(nlp, LEDE + "The militia raided and shelled border villages on Sunday.")


def test_a_count_over_the_past_week_is_a_tally(nlp):
    # "in the past week": the days up to now, a span summed over, not one act
    tally = "The army said its soldiers had killed and wounded 400 rebels in the past week."
    one = "The army said its soldiers had killed and wounded 40 rebels in an ambush on Monday."
    assert "ASSAULT" not in cats(nlp, LEDE + tally)
    assert "ASSAULT" in cats(nlp, LEDE + one)


def test_an_act_summed_over_counted_events_is_a_tally(nlp):
    assert "ASSAULT" not in cats(nlp, LEDE + "Last year the insurgents killed 250 people in more than 300 attacks.")
    assert "ASSAULT" in cats(nlp, LEDE + "On Friday the insurgents killed 25 people in an attack on a market.")


@pytest.mark.parametrize(
    ("press", "political"),
    [
        (
            "VOA spoke with the former ambassador about his trip to Seoul.",
            "The foreign minister spoke with the former ambassador about his trip to Seoul.",
        ),
        (
            "A teacher in the capital, who spoke with reporters on condition of anonymity, said little.",
            "A minister in the capital, who spoke with rebel leaders on condition of anonymity, said little.",
        ),
    ],
)
def test_newsgathering_is_no_consultation(nlp, press, political):
    assert "CONSULT" not in cats(nlp, LEDE + press)
    assert "CONSULT" in cats(nlp, LEDE + political)


def test_a_speakers_label_is_no_party(nlp):
    # "VOA:" opens an interview's turn; the visit it tells is still an act
    assert "CONSULT" in cats(nlp, LEDE + "VOA: The Russian president recently visited Beijing after his election.")


# ------------------------------------------------------------------ who undergoes an act named by a noun


def test_the_of_phrase_and_possessor_of_an_arrest_are_its_recipient(nlp):
    from tests.test_events import only_event, run

    events, *_ = run(nlp, ["Police announced the arrest of five suspects in Mosul."])
    assert only_event(events, "COERCE")["recipient_text"] == "five suspects"
    events, *_ = run(nlp, ["A court on Monday ordered the opposition leader's arrest."])
    arrest = only_event(events, "COERCE")
    assert arrest["actor_text"] != "opposition leader" and "opposition leader" in (arrest["recipient_text"] or "")


def test_the_release_a_demand_names_is_not_the_demands_recipient(nlp):
    from tests.test_events import only_event, run

    events, *_ = run(nlp, ["The rebels demanded the release of political prisoners."])
    assert only_event(events, "DEMAND")["recipient_text"] != "political prisoners"


def test_a_counterpart_is_a_party(nlp):
    from tests.test_events import only_event, run

    events, *_ = run(nlp, ["The foreign minister spoke by phone with his Kenyan counterpart."])
    assert "counterpart" in (only_event(events, "CONSULT")["recipient_text"] or "")


def test_agreeing_with_a_remark_is_no_agreement(nlp):
    assert "AGREE" not in cats(nlp, LEDE + "The pilot agreed with the president's recent remark about travel.")
    assert "AGREE" in cats(nlp, LEDE + "The rebels agreed with the government to release the hostages.")


def test_a_perfect_over_the_past_weeks_is_a_series(nlp):
    assert not {"ASSAULT", "MOBILIZE"} & set(cats(nlp, LEDE + "Rebels have attacked the villages in recent weeks."))
    assert "ASSAULT" in cats(nlp, LEDE + "Rebels attacked the villages on Sunday.")
