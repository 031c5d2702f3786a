"""Stories with no political actor and the cheaper party rule (transforms.link.parties)."""

from __future__ import annotations

import re

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.extract.events.mentions import EVENT_CANDIDATES_SCHEMA
from transforms.link.parties import (
    NO_POLITICAL_ACTOR,
    PRIVATE_RULE_CATEGORIES,
    all_parties_private,
    code_kind,
    left_out_reason_expr,
    political_agent_pattern,
    political_code_pattern,
    private_parties_expr,
    split_parties,
)
from transforms.schemas import PLOVER_QUAD_CLASS

_COLUMNS = ("doc_id", "category", "sentence", "fatalities") + tuple(
    f"{role}_{part}" for role in ("actor", "recipient") for part in ("text", "mention_ids", "codes")
)
_SCHEMA = {name: EVENT_CANDIDATES_SCHEMA[name] for name in _COLUMNS}


def _row(doc, category, sentence, actor=None, recipient=None, *, actor_codes=(), actor_ids=(), recipient_codes=()):
    return {
        "doc_id": doc,
        "category": category,
        "actor_text": actor,
        "actor_mention_ids": list(actor_ids),
        "actor_codes": list(actor_codes),
        "recipient_text": recipient,
        "recipient_mention_ids": [],
        "recipient_codes": list(recipient_codes),
        "sentence": sentence,
        "fatalities": None,
    }


def _reasons(rows: list[dict]) -> list[str | None]:
    frame = pl.DataFrame(rows, schema=_SCHEMA, orient="row")
    return frame.select(left_out_reason_expr().alias("reason"))["reason"].to_list()


def test_a_party_without_identity_in_a_story_without_politics_makes_no_event():
    rows = [
        _row("guide", "SUPPORT", "Good habits support your growth.", actor="Good habits"),
        _row("guide", "INVESTIGATE", "Researchers explored how sleep works.", actor="Researchers"),
        _row("guide", "AGREE", "Workers agreed to a new contract.", actor="Workers"),  # a Phoenix agent noun
        _row("guide", "CONSULT", "Mary met Tom.", actor="Mary", actor_ids=["m1"]),  # a named party
        _row("guide", "AID", "The union helped.", actor="The union", actor_codes=["USALAB"]),  # a coded party
        _row("guide", "ASSAULT", "Bad light ruined the photos.", actor="Bad light"),
        _row("guide", "ASSAULT", "Attackers threw a grenade at the bus.", actor="a grenade thrower"),  # unrest
    ]
    assert _reasons(rows) == [NO_POLITICAL_ACTOR, NO_POLITICAL_ACTOR, None, None, None, NO_POLITICAL_ACTOR, None]


def test_the_same_party_stands_in_a_story_with_a_political_actor():
    for anchor in (
        _row("news", "CONSULT", "Kenya hosted the talks.", actor="Kenya", actor_codes=["KEN"]),
        _row("news", "DISAPPROVE", "The minister criticised the plan.", actor="the plan"),  # an agent word
    ):
        rows = [anchor, _row("news", "INVESTIGATE", "Researchers explored the site.", actor="Researchers")]
        assert _reasons(rows) == [None, None]
    # another document's politics does not count
    rows = [
        _row("a", "CONSULT", "Kenya hosted the talks.", actor="Kenya", actor_codes=["KEN"]),
        _row("b", "INVESTIGATE", "Researchers explored the site.", actor="Researchers"),
    ]
    assert _reasons(rows) == [None, NO_POLITICAL_ACTOR]


def test_a_firm_code_does_not_make_a_story_political_but_keeps_its_own_act():
    rows = [
        _row("shop", "AGREE", "Acme signed with Globex.", actor="Acme", actor_codes=["USABUS"], recipient="Globex"),
        _row("shop", "SUPPORT", "Good reviews backed the idea.", actor="Good reviews"),
    ]
    assert _reasons(rows) == [None, NO_POLITICAL_ACTOR]


def test_the_run_counts_the_reason():
    rows = [
        _row("guide", "SUPPORT", "Good habits support your growth.", actor="Good habits"),
        _row("guide", "AGREE", "Workers agreed to a new contract.", actor="Workers"),
    ]
    kept, counts = split_parties(pl.DataFrame(rows, schema=_SCHEMA, orient="row"))
    assert kept["actor_text"].to_list() == ["Workers"] and counts[NO_POLITICAL_ACTOR] == 1


_codes = st.one_of(
    st.sampled_from(["USA", "IGOUNO", "PAKGOV", "USAELI", "USABUS", "MNC", "MNCUSA", "MNCGOV", "USAGO", "KENCVLGOV"]),
    st.text(max_size=10),
)


@settings(deadline=None)
@given(_codes)
def test_the_political_code_pattern_is_code_kind(code):
    political = re.search(political_code_pattern(), code) is not None and code != "MNC"
    frame = pl.DataFrame({"c": [code]}).select(
        pl.col("c").str.contains(political_code_pattern()) & (pl.col("c") != "MNC")
    )
    assert frame.item() == political == (code_kind(code) == "political")


_words = [
    "you", "your", "Acme", "Ltd", "Inc.", "company", "companies", "Companies'", "customers", "customer's",
    "service", "services", "the ministry", "minister", "Apple", "goods", "app", "happy", "of", "in", "\n\n",
    ", ", " ", "İnc", "K", "\u0301", "\x1c", "GmbH", "s.à.r.l.", "buyers", "website",
]  # fmt: skip
_texts = st.one_of(st.none(), st.lists(st.sampled_from(_words), max_size=5).map("".join), st.text(max_size=15))
_code_lists = st.lists(st.sampled_from(["USABUS", "MNCUSA", "USAGOV", "IRN", "USACVL", "USAEDU"]), max_size=2)
_ids = st.lists(st.just("m1"), max_size=1)


def _random_row(category, actor, actor_codes, actor_ids, recipient, recipient_codes, recipient_ids, sentence):
    return {
        "doc_id": "d",
        "category": category,
        "actor_text": actor,
        "actor_mention_ids": actor_ids,
        "actor_codes": actor_codes,
        "recipient_text": recipient,
        "recipient_mention_ids": recipient_ids,
        "recipient_codes": recipient_codes,
        "sentence": sentence,
        "fatalities": None,
    }


@settings(deadline=None, max_examples=60)
@given(
    st.lists(
        st.builds(
            _random_row,
            st.sampled_from(sorted(PLOVER_QUAD_CLASS)),
            _texts,
            _code_lists,
            _ids,
            _texts,
            _code_lists,
            _ids,
            st.sampled_from(["", "Acme sells goods.", "The minister met Acme."]),
        ),
        max_size=25,
    )
)
def test_the_cheaper_party_rule_equals_the_party_function_on_every_row(rows):
    """Only rows that may be private reach the party function; the result is the function's on every row."""
    frame = pl.DataFrame(rows, schema=_SCHEMA, orient="row")
    political = re.compile(political_agent_pattern().removeprefix("(?i)"), re.IGNORECASE)
    expected = [
        r["category"] in PRIVATE_RULE_CATEGORIES and not political.search(r["sentence"]) and all_parties_private(r)
        for r in rows
    ]
    assert frame.select(private_parties_expr().alias("p"))["p"].to_list() == expected
