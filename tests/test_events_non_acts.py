"""Sentences with no codable act: an infinitive naming a kind of act, 'meet with' a reaction, a count of acts
compared or left vague, a measure's effects, the dismissal of a view, and a reader addressed as 'you' (fourteenth
round); the rejection of a content clause, 'as opposed to', a wh-question without its question mark, a participle
adjunct of a clause that states a situation over a span up to now and the progressive of 'face' (sixteenth round).

Each rule is checked on a sentence written for it and on a twin it must leave alone; the whole-coder twins (a
non-act and a clear act of the same category) are in ``tests/test_codable.py`` (ROUND14_TWINS).  The sentences
follow a lede of their own, as the body-text rules look past the story's first sentence.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.extract.events.codable import (
    aspect_reason,
    compared_count,
    complex_preposition,
    denial,
    inverted_condition,
    measure_effect,
    press_forecast,
    question,
    reaction_met,
    reader_addressed,
    subject_clause,
    undergoer_state,
)
from transforms.extract.events.dictionary import lexicon

LEDE = "Fighting broke out in the border town on Monday. "


def _token(nlp, text: str, word: str):
    doc = nlp(LEDE + text)
    return next(t for t in doc if t.text == word and t.i >= len(nlp(LEDE)))


LEX = lexicon()
RULES = {
    "subject_clause": lambda t, category: subject_clause(t),
    "reaction_met": lambda t, category: reaction_met(t, category, LEX),
    "measure_effect": lambda t, category: measure_effect(t, category, LEX),
    "denial": lambda t, category: denial(t, category, LEX),
    "compared_count": lambda t, category: "compared_count" if compared_count(t) else None,
    "reader_addressed": lambda t, category: reader_addressed(t),
    "complex_preposition": lambda t, category: complex_preposition(t, LEX),
    "question": lambda t, category: question(t),
    "ongoing": lambda t, category: aspect_reason(t, category, LEX),
    # the CAMEO FACE patterns reverse the roles; the rule reads only such a coding
    "undergoer_state": lambda t, category: undergoer_state(t, True, LEX),
    "forecast": lambda t, category: press_forecast(t, LEX),
    "open_condition": lambda t, category: inverted_condition(t, LEX),
}


@pytest.mark.parametrize(
    ("rule", "text", "word", "category", "fires"),
    [
        ("subject_clause", "To negotiate with the rebels would be a mistake.", "negotiate", "CONSULT", True),
        ("subject_clause", "The army negotiated with the rebels on Monday.", "negotiated", "CONSULT", False),
        ("reaction_met", "The proposal met with fierce criticism.", "met", "CONSULT", True),
        ("reaction_met", "The president met with Putin.", "met", "CONSULT", False),
        # only a meeting is read: the rule leaves another category alone
        ("reaction_met", "The proposal met with fierce criticism.", "met", "DISAPPROVE", False),
        ("measure_effect", "The tariffs have hurt farmers across the region.", "hurt", "COERCE", True),
        ("measure_effect", "The tariffs hurt farmers across the region on Monday.", "hurt", "COERCE", False),
        ("measure_effect", "The soldiers have hurt farmers across the region.", "hurt", "COERCE", False),
        ("compared_count", "The town saw more raids than its neighbours.", "raids", "ASSAULT", True),
        ("compared_count", "The town saw more raids.", "raids", "ASSAULT", False),
        ("denial", "The minister dismissed the rumors of a coup.", "dismissed", "DISAPPROVE", True),
        ("denial", "The minister dismissed the police chief.", "dismissed", "DISAPPROVE", False),
        ("reader_addressed", "You will then visit the old fortress with your guide.", "visit", "CONSULT", True),
        ("reader_addressed", "Our advisers will help you find a lawyer.", "help", "AID", True),
        # an interviewer's 'you' in the past tells one occasion; a quoted 'you' is someone the speaker addresses
        ("reader_addressed", "During that trip, you met the foreign minister.", "met", "CONSULT", False),
        ("reader_addressed", '"You will meet the minister tomorrow," the aide told him.', "meet", "CONSULT", False),
        ("reader_addressed", "The delegation will visit the old fortress on Monday.", "visit", "CONSULT", False),
        # sixteenth round: a finite content clause under a verb of rejection asserts a proposition; a noun phrase
        # object is what is refused
        ("denial", "The governor rejected that the vote had been rigged.", "rejected", "REJECT", True),
        ("denial", "The governor rejected the plan the council had drafted.", "rejected", "REJECT", False),
        ("complex_preposition", "Pilots will train in Moscow, as opposed to Texas.", "opposed", "DISAPPROVE", True),
        ("complex_preposition", "Farmers opposed the new dam on Friday.", "opposed", "DISAPPROVE", False),
        ("complex_preposition", "The farmers, who were opposed to the dam, marched.", "opposed", "DISAPPROVE", False),
        ("question", "So why doesn't the army send more troops to the border, he said.", "send", "MOBILIZE", True),
        ("question", "The general explained why the army sends more troops to the border.", "sends", "MOBILIZE", False),
        ("question", "The army sends more troops to the border, he said.", "sends", "MOBILIZE", False),
        # a supplementive participle shares a perfect progressive or a since-perfect matrix's span; a dated one and
        # one on a simple past matrix tell one act
        ("ongoing", "Rebels have been fighting the army, accusing it of theft.", "accusing", "DISAPPROVE", True),
        ("ongoing", "Rebels have intensified raids since March, killing dozens.", "killing", "ASSAULT", True),
        ("ongoing", "Rebels have been shelling the town, killing five on Monday.", "killing", "ASSAULT", False),
        ("ongoing", "The rebels attacked the army, accusing the governor of theft.", "accusing", "DISAPPROVE", False),
        ("ongoing", "The rebels intensified raids in March, killing dozens of soldiers.", "killing", "ASSAULT", False),
        # the progressive of 'face' tells the subject's situation; a source, a date, a participle or a finite form is left alone
        ("undergoer_state", "Two ministers are in jail, facing trial for fraud.", "facing", "COERCE", False),
        ("undergoer_state", "The province is facing an increasing threat.", "facing", "THREATEN", True),
        ("undergoer_state", "Kenya is facing a growing threat from rebels.", "facing", "THREATEN", False),
        ("undergoer_state", "The minister was facing arrest on Monday.", "facing", "COERCE", False),
        ("undergoer_state", "The minister faces an increasing threat.", "faces", "THREATEN", False),
        # an absolute clause with its own subject takes its matrix's time: a perfect or a present tells how things
        # stand; a past act's absolute tells a second act at that time
        ("ongoing", "The talks have stalled, with both sides accusing each other.", "accusing", "DISAPPROVE", True),
        ("ongoing", "The region is tense, with rebels accusing the army of abuses.", "accusing", "DISAPPROVE", True),
        ("ongoing", "Police fired tear gas on Monday, with protesters throwing stones.", "throwing", "PROTEST", False),
        ("ongoing", "The talks have stalled, with rebels shelling the town on Friday.", "shelling", "ASSAULT", False),
        # a participle on a present-simple copula shares its state; on a past act it tells an act
        ("ongoing", "The disease is endemic in the region, claiming hundreds of lives.", "claiming", "ASSAULT", True),
        ("ongoing", "Gunmen stormed the village, killing five farmers.", "killing", "ASSAULT", False),
        # a report of another party's future; the party's own announcement, reported, stays
        ("forecast", "British media report that Britain will cede the islands.", "cede", "AGREE", True),
        ("forecast", "Local newspapers said the army would withdraw from the town.", "withdraw", "AGREE", True),
        ("forecast", "The foreign minister said Britain will cede the islands.", "cede", "AGREE", False),
        ("forecast", "Britain said it would cede the islands to Mauritius.", "cede", "AGREE", False),
        ("forecast", "British media reported that Britain ceded the islands.", "ceded", "CONCEDE", False),
        # subject-operator inversion opens a condition; the same operators in a main clause do not
        ("open_condition", "Had the army attacked the town, thousands would have fled.", "attacked", "ASSAULT", True),
        ("open_condition", "Should the rebels attack the town, the army will respond.", "attack", "ASSAULT", True),
        ("open_condition", "The army had attacked the town before the talks began.", "attacked", "ASSAULT", False),
        ("open_condition", "After the army attacked the town, thousands fled.", "attacked", "ASSAULT", False),
    ],
)
def test_rule_fires_on_its_case_and_not_on_its_twin(nlp, rule, text, word, category, fires):
    reason = RULES[rule](_token(nlp, text, word), category)
    assert (reason == rule) if fires else reason is None


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii", exclude_categories=("Cc",)), max_size=160))
def test_rules_return_a_reason_or_none_on_any_text(nlp, text):
    for t in nlp(text):
        for rule, category in (
            ("subject_clause", "SUPPORT"),
            ("reaction_met", "CONSULT"),
            ("measure_effect", "COERCE"),
        ):
            assert RULES[rule](t, category) in (None, rule)
        assert RULES["denial"](t, "DISAPPROVE") in (None, "denial")
        assert RULES["denial"](t, "REJECT") in (None, "denial")
        assert complex_preposition(t, LEX) in (None, "complex_preposition")
        assert question(t) in (None, "question")
        assert undergoer_state(t, True, LEX) in (None, "undergoer_state")
        assert reader_addressed(t) in (None, "reader_addressed")
        if subject_clause(t):
            assert t.dep_ in ("csubj", "csubjpass")
