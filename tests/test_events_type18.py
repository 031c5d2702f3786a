"""Acts typed from the wrong clause (eighteenth round).

A gerund clause of ground ('banned him for defying the court') or of means ('pressed them by cutting supplies')
under a verb the dictionary codes is no second act; a verb of response ('retaliated by ...') takes its type from
what was done in its clause of means; the clause complement of a verb of accusing ('alleged that rebels attacked
...') is the allegation's content, and the act reported is the accusation.  Each rule is checked on a sentence
written for it and on a near twin it must leave alone, as a predicate and through the whole trigger pass.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_events_commerce_and_advice import LEX, _token
from tests.test_events_type17 import _categories
from transforms.extract.events.codable import alleged_content, ground_clause, responded_by_means


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("The court banned him from politics for defying the ruling.", "defying", "ground_clause"),
        (
            "The union was sanctioned for undermining democracy, including by targeting journalists.",
            "targeting",
            "ground_clause",
        ),
        ("The army pressured the rebels by blockading their villages.", "blockading", "means_clause"),
        # an act told on its own, and the means of a response, which has no type of its own
        ("The mayor defied the ruling of the court on Monday.", "defied", None),
        ("France responded to the attack by bombing the rebel bases.", "bombing", None),
    ],
)
def test_ground_clause_reads_the_ground_and_the_means_of_a_coded_act(nlp, text, word, expected):
    assert ground_clause(_token(nlp, text, word), LEX) == expected


@pytest.mark.parametrize(
    ("rule", "text", "word", "fires"),
    [
        (responded_by_means, "The government retaliated by expelling two diplomats.", "retaliated", True),
        (responded_by_means, "The government retaliated on Monday.", "retaliated", False),
        (responded_by_means, "The government retaliated by announcing new measures.", "retaliated", False),
        (alleged_content, "The ministry alleged that rebels attacked a convoy near the border.", "attacked", True),
        (alleged_content, "Police said that rebels attacked a convoy near the border.", "attacked", False),
        (
            alleged_content,
            "The ministry alleged on Monday that the rebels had looted and burned the market.",
            "burned",
            True,
        ),
    ],
)
def test_a_response_keeps_its_means_and_an_allegation_its_content(nlp, rule, text, word, fires):
    assert (rule(_token(nlp, text, word), LEX) == rule.__name__) is fires


PASS_TWINS = [
    # (sentence, category it must have, category it must not have)
    ("The court banned him from politics for defying the ruling.", "COERCE", "REJECT"),
    ("The mayor defied the ruling of the court on Monday.", "REJECT", None),
    ("Canada retaliated by announcing tariffs on American steel.", "SANCTION", "ASSAULT"),
    ("Rebels retaliated by shelling the town on Monday.", "ASSAULT", None),
    ("The ministry alleged that rebels attacked a convoy near the border.", "DISAPPROVE", "ASSAULT"),
    ("Police said that rebels attacked a convoy near the border.", "ASSAULT", None),
]


@pytest.mark.parametrize(("text", "has", "has_not"), PASS_TWINS)
def test_trigger_pass_codes_the_act_not_its_ground_means_or_allegation(nlp, text, has, has_not):
    got = _categories(nlp, text)
    assert has in got
    assert has_not is None or has_not not in got


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii", categories=("L", "Zs", "P")), min_size=1, max_size=80))
def test_rules_return_their_reason_or_nothing_on_any_text(nlp, text):
    doc = nlp(text)
    for t in doc:
        assert ground_clause(t, LEX) in (None, "ground_clause", "means_clause")
        assert responded_by_means(t, LEX) in (None, "responded_by_means")
        assert alleged_content(t, LEX) in (None, "alleged_content")
