"""The cheaper party rule: vectorised tests first, the Python party function only on the rows they let through
(transforms.link.parties)."""

from __future__ import annotations

import re

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.extract.events.mentions import EVENT_CANDIDATES_SCHEMA
from transforms.link.parties import (
    PRIVATE_RULE_CATEGORIES,
    all_parties_private,
    code_kind,
    political_agent_pattern,
    political_code_pattern,
    private_parties_expr,
)
from transforms.schemas import PLOVER_QUAD_CLASS

_COLUMNS = ("doc_id", "category", "sentence", "fatalities") + tuple(
    f"{role}_{part}" for role in ("actor", "recipient") for part in ("text", "mention_ids", "codes")
)
_SCHEMA = {name: EVENT_CANDIDATES_SCHEMA[name] for name in _COLUMNS}


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


def test_only_rows_that_may_be_private_reach_the_party_function(monkeypatch):
    from transforms.link import parties

    seen: list[str] = []

    def spy(row: dict) -> bool:
        seen.append(row["actor_text"])
        return all_parties_private(row)

    monkeypatch.setattr(parties, "all_parties_private", spy)
    rows = [
        _random_row("AGREE", "Acme Ltd", [], [], "its customers", [], [], "Acme Ltd offers its customers a discount."),
        _random_row("AGREE", "Zenith", [], [], None, [], [], "Zenith agreed."),  # a name with no private word
        _random_row("AGREE", "Globex", ["USAGOV"], [], None, [], [], "Globex agreed."),  # a political code
        _random_row("AGREE", "Acme Ltd", [], [], None, [], [], "The minister met Acme Ltd."),  # a political agent
        _random_row("SANCTION", "Acme Ltd", [], [], None, [], [], "Acme Ltd was fined."),  # outside the rule
    ]
    frame = pl.DataFrame(rows, schema=_SCHEMA, orient="row")
    assert frame.select(private_parties_expr().alias("p"))["p"].to_list() == [True, False, False, False, False]
    assert seen == ["Acme Ltd"]
