"""Private lives told in political news are no PLOVER events: a step of a person's life course (migrating,
studying, enrolling), a counted following or clientele, private persons helping each other and a person recognised
by sight (sixteenth round).

Each rule is checked on a sentence written for it and on a twin with a clear act that it must leave alone, both as a
predicate on the verb and through the whole trigger pass.  The sentences follow a lede of their own, as the
body-text rules look past the story's first sentence (the helpers of the fifteenth round's tests).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_events_commerce_and_advice import LEX, _categories, _token
from transforms.extract.events.codable import (
    audience_tally,
    enrolment,
    life_course,
    person_recognised,
    private_help,
    private_life,
)

CASES = [
    # (rule, sentence, verb, fires)
    (life_course, "Maria Lopez migrated from Peru to Spain in the 1990s.", "migrated", True),
    (life_course, "Several of the nurses studied abroad in 2010.", "studied", True),
    (life_course, "She studied in Lyon for three years.", "studied", True),
    (life_course, "The committee studied the draft law on Tuesday.", "studied", False),
    (life_course, "The ministry studied abroad, officials said.", "studied", False),
    (audience_tally, "The singer gained two million followers on the app.", "gained", True),
    (audience_tally, "The shop attracted thousands of customers last year.", "attracted", True),
    (audience_tally, "The rebels captured two towns on Sunday.", "captured", False),
    (audience_tally, "The singer thanked her followers on Friday.", "thanked", False),
    (audience_tally, "Gunmen killed 12 customers at a bar on Friday.", "killed", False),
    (private_help, "Residents helped the elderly couple after the flood.", "helped", True),
    (private_help, "The United States helped Ukraine with weapons.", "helped", False),
    (private_help, "Residents helped the army after the flood.", "helped", False),
    (enrolment, "In 2019 he joined a coding academy in Lagos.", "joined", True),
    (enrolment, "She enrolled at the University of Ghana in 2015.", "enrolled", True),
    (enrolment, "Finland joined NATO in 2023.", "joined", False),
    (enrolment, "The school joined the protest on Friday.", "joined", False),
    (person_recognised, "A soldier at the gate recognized him at once.", "recognized", True),
    (person_recognised, "The United States recognized him as the country's president.", "recognized", False),
    (person_recognised, "France recognized the new government on Monday.", "recognized", False),
]


@pytest.mark.parametrize(("rule", "text", "word", "fires"), CASES)
def test_rule_fires_on_its_case_and_not_on_its_twin(nlp, rule, text, word, fires):
    reason = rule(_token(nlp, text, word), LEX)
    assert (reason == rule.__name__) is fires
    assert (private_life(_token(nlp, text, word), LEX) is not None) is fires


TWINS = {
    "a migration": ("Maria Lopez migrated from Peru to Spain in 1995.", "Spain sent aid to Peru in 1995.", "AID"),
    "schooling": (
        "Some of the engineers studied overseas and returned home for work.",
        "The commission studied the complaint in 2010.",
        "INVESTIGATE",
    ),
    "a following": (
        "The actor amassed three million followers on the platform.",
        "The minister met three opposition leaders on Monday.",
        "CONSULT",
    ),
    "schooling begun": (
        "In 2019 he joined a coding academy in Lagos.",
        "In 2019 Ghana joined the trade bloc in Lagos.",
        "CONSULT",
    ),
    "a face known": (
        "A guard recognized her at the checkpoint on Monday.",
        "Spain recognized the new government on Monday.",
        "SUPPORT",
    ),
    "neighbours' help": (
        "Local families helped the stranded tourists on Friday.",
        "The government helped the stranded tourists on Friday.",
        "AID",
    ),
}


@pytest.mark.parametrize(("private", "act", "category"), TWINS.values(), ids=TWINS.keys())
def test_private_life_is_not_coded_but_the_act_is(nlp, private, act, category):
    """The private sentence (coded before this round's rules) makes no event; its twin keeps its act."""
    assert not _categories(nlp, private)
    assert category in _categories(nlp, act)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii", exclude_categories=("Cc",)), max_size=160))
def test_rules_return_a_reason_or_none_on_any_text(nlp, text):
    reasons = {None, "life_course", "enrolment", "audience_tally", "private_help", "person_recognised"}
    for t in nlp(text):
        assert private_life(t, LEX) in reasons
