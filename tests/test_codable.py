"""Codability by aspect, genericity and evaluation (issue 11 item 6; fifth round).

Each rule is checked on sentences written for it, with a codable twin that differs only in what the rule reads
(aspect, tense, a time adverbial, the lede), so a rule that fires on everything fails its twin.  The body-text
rules look past the story's first sentence, so those sentences follow a lede of their own.
"""

from __future__ import annotations

import pytest

from transforms.extract.events.triggers import detect_triggers

LEDE = "Fighting broke out in the border town on Monday. "


def cats(nlp, text: str) -> set[str]:
    """Categories coded in the text's last sentence."""
    doc = nlp(text)
    last = list(doc.sents)[-1]
    return {t.category for t in detect_triggers(last)}


@pytest.mark.parametrize(
    ("ongoing", "done", "category"),
    [
        (
            "The rebel group has been attacking army posts in the north.",
            "The rebel group attacked army posts in the north on Tuesday.",
            "ASSAULT",
        ),
        (
            "Students have been protesting outside parliament.",
            "Students protested outside parliament on Friday.",
            "PROTEST",
        ),
    ],
)
def test_perfect_progressive_is_a_situation_not_an_act(nlp, ongoing, done, category):
    assert category not in cats(nlp, ongoing)
    assert category in cats(nlp, done)


def test_continuing_an_act_is_no_new_act(nlp):
    assert "ASSAULT" not in cats(nlp, LEDE + "The militia continues to attack villages in the valley.")
    assert "ASSAULT" in cats(nlp, LEDE + "The militia attacked villages in the valley on Sunday.")


def test_present_progressive_outside_the_lede_is_ongoing(nlp):
    body = LEDE + "The government is arresting opposition activists across the country."
    assert "COERCE" not in cats(nlp, body)
    assert "COERCE" in cats(nlp, "The government is arresting opposition activists across the country.")
    assert "COERCE" in cats(nlp, LEDE + "The government arrested opposition activists across the country.")


def test_a_threat_stated_as_going_on_is_still_a_threat(nlp):
    assert "THREATEN" in cats(nlp, LEDE + "The rebels are threatening to attack the capital.")


def test_a_lasting_state_after_a_copula(nlp):
    accusation = {"DISAPPROVE", "COERCE"}  # an accusation, or a charge when the accuser is a prosecutor
    assert not accusation & cats(nlp, LEDE + "Three officers stand accused of the killing of a journalist.")
    assert accusation & cats(nlp, LEDE + "Prosecutors accused three officers of the killing of a journalist.")


def test_predicative_participle_is_a_description(nlp):
    assert "AGREE" not in cats(nlp, LEDE + "The villagers are friendly and accepting, the mayor said.")


def test_standing_accusation_in_the_body_present(nlp):
    standing = LEDE + "The opposition accuses the government of rigging the vote."
    assert "DISAPPROVE" not in cats(nlp, standing)
    # in the lede the present tells the day's news, and a dated present is an act of that day
    assert "DISAPPROVE" in cats(nlp, "The opposition accuses the government of rigging the vote.")
    assert "DISAPPROVE" in cats(nlp, LEDE + "The opposition accused the government of rigging the vote.")


def test_universal_subject_makes_a_clause_generic(nlp):
    assert "COERCE" not in cats(nlp, "Everyone knows someone who has been detained by the police.")
    assert "COERCE" in cats(nlp, "The police detained a local journalist on Saturday.")


def test_a_count_over_a_period_is_a_series(nlp):
    assert "ASSAULT" not in cats(nlp, "The town was shelled five times over the last two years.")
    assert "ASSAULT" in cats(nlp, "The attacker stabbed the guard three times in the chest.")


def test_a_supplementive_participle_shares_its_clause_speculation(nlp):
    text = "The country will probably expand ties with the alliance, sending troops to its exercises."
    assert "MOBILIZE" not in cats(nlp, text)


def test_withholding_details_is_no_refusal(nlp):
    assert "REJECT" not in cats(nlp, "The ministry did not share further details of the raid.")
    assert "REJECT" in cats(nlp, "The ministry refused to cooperate with the inquiry.")


def test_what_is_needed_or_important_is_not_done(nlp):
    text = "The envoy stressed the importance of releasing political prisoners."
    assert "CONCEDE" not in cats(nlp, text) and "RETREAT" not in cats(nlp, text)
    assert "DEMAND" not in cats(nlp, "The minister underscored the need for observers at the border.")
