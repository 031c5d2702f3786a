"""A statement whose actor is a bare agent coded with the story's country is not placed in that country when its
predicate names the country as the statement's topic or other party ("the court's president rejected Kenya's
request"): the country is what the statement is about, not where it was made (``topic_countries``).  Small
sentences written for these tests, each with a twin where the rule must not apply."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.test_events import run
from transforms.link.events import placing_codes, topic_countries

_KENYA_LEAD = (
    "Kenya has refused to attend a hearing of the court over its dispute with Somalia. Kenya said the pandemic made it "
    "hard to prepare, and Kenyan officials wrote to the court. "
)


def _rejection_by_the_court(events) -> dict:
    rows = [r for r in events.filter(events["event_type"] == "REJECT").to_dicts() if r["actor_text"] != "Kenya"]
    assert len(rows) == 1, events.select("event_type", "actor_text", "evidence").to_dicts()
    return rows[0]


def test_a_statement_about_the_storys_country_is_not_placed_there(nlp):
    events, *_ = run(nlp, [_KENYA_LEAD + "The court's president rejected Kenya's request on Monday."])
    rejection = _rejection_by_the_court(events)
    assert rejection["actor_codes"] == ["KENJUDGOV"]  # the actor's code keeps the story's country
    assert rejection["country_code"] != "KEN"
    assert rejection["geo_source"] == "none"


def test_a_statement_naming_no_country_keeps_its_speakers_country(nlp):
    events, *_ = run(nlp, [_KENYA_LEAD + "The court's president rejected the request on Monday."])
    rejection = _rejection_by_the_court(events)
    assert (rejection["country_code"], rejection["geo_source"]) == ("KEN", "speaker")


def test_a_country_named_in_the_predicate_of_a_bare_agent_is_its_topic():
    sentence = "A State Department spokesperson told reporters the U.N. must keep sanctions on North Korea."
    assert topic_countries("State Department spokesperson", ["PRKMED"], set(), sentence) == {"PRK"}
    twin = "A State Department spokesperson told reporters the U.N. must keep its sanctions."
    assert topic_countries("State Department spokesperson", ["PRKMED"], set(), twin) == frozenset()


def test_a_country_named_before_the_actor_is_not_the_predicates():
    # the reporting clause's speaker is Pakistani; the country does not follow the act's actor
    sentence = "The Pakistani military's spokesman said attackers collaborated with partners."
    assert topic_countries("attackers", ["PAKUAF"], set(), sentence) == frozenset()
    twin = "Attackers collaborated with partners in Pakistan, the spokesman said."
    assert topic_countries("Attackers", ["PAKUAF"], set(), twin) == {"PAK"}


def test_an_actor_whose_own_words_or_entities_give_the_country_keeps_it():
    sentence = "North Korean spokesperson told reporters the U.N. must lift sanctions on North Korea."
    assert topic_countries("North Korean spokesperson", ["PRKMED"], set(), sentence) == frozenset()
    groups = "Immigration rights groups, including the American Civil Liberties Union"
    suit = groups + ", have filed lawsuits against the U.S. government."
    assert topic_countries(groups, ["USAHRI"], set(), suit) == frozenset()
    keyed = "A spokesperson told reporters the U.N. must keep sanctions on North Korea."
    assert topic_countries("spokesperson", ["PRKMED"], {"PRK"}, keyed) == frozenset()
    assert topic_countries("spokesperson", ["PRKMED"], set(), keyed) == {"PRK"}


def test_a_persons_name_never_takes_the_storys_country():
    # a name is coded by the dictionaries or its titles, never by the story's context, so it is no guess
    sentence = "Suga demanded that China stop its drills near Japan."
    assert topic_countries("Suga", ["JPNGOV"], set(), sentence) == frozenset()


def test_placing_codes_drop_only_a_statements_topic_country():
    row = {
        "category": "REJECT",
        "actor_text": "court's president",
        "actor_codes": ["KENJUDGOV"],
        "sentence": "The court's president rejected Kenya's request.",
    }
    assert placing_codes(row, set()) == []
    assert placing_codes({**row, "sentence": "The court's president rejected the request."}, set()) == ["KENJUDGOV"]
    assault = {**row, "category": "ASSAULT"}  # only a statement is placed at its speaker's country
    assert placing_codes(assault, set()) == ["KENJUDGOV"]


_WORDS = st.sampled_from(
    ["Kenya", "Kenya's", "Kenyan", "the", "court's", "president", "spokesperson", "rejected", "North", "Korea", "on"]
)
_CODES = st.lists(st.sampled_from(["KENJUDGOV", "PRKMED", "USA", "IGOUNO", "REB", "CHNGOV"]), max_size=3)


@given(
    actor=st.one_of(st.text(max_size=30), st.lists(_WORDS, min_size=1, max_size=4).map(" ".join)),
    sentence=st.one_of(st.text(max_size=120), st.lists(_WORDS, max_size=12).map(" ".join)),
    codes=_CODES,
    keys=st.sets(st.sampled_from(["KEN", "PRK", "e-1"])),
)
def test_topic_countries_are_guessed_countries_of_the_codes(actor, sentence, codes, keys):
    found = topic_countries(actor, codes, keys, sentence)
    coded = {c[:3] for c in codes}  # these CAMEO country parts are the ISO codes
    assert found <= coded - keys
    if actor not in sentence:
        assert found == frozenset()
