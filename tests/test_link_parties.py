"""An event needs a party unless it is political violence or unrest (transforms.link.parties)."""

from __future__ import annotations

import re

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_events import run
from transforms.link.parties import (
    LEFT_OUT_REASONS,
    PRIVATE_PARTIES,
    PRIVATE_RULE_CATEGORIES,
    UNATTRIBUTED_CATEGORIES,
    code_kind,
    left_out_reason_expr,
    party_kind,
    split_parties,
    unrest_pattern,
    with_parties,
)
from transforms.schemas import PLOVER_QUAD_CLASS

_SCHEMA = {
    "category": pl.String(),
    "actor_text": pl.String(),
    "actor_mention_ids": pl.List(pl.String()),
    "actor_codes": pl.List(pl.String()),
    "recipient_text": pl.String(),
    "recipient_mention_ids": pl.List(pl.String()),
    "recipient_codes": pl.List(pl.String()),
    "sentence": pl.String(),
    "fatalities": pl.Int64(),
    "story_sentences": pl.Int64(),
    "story_political_sentences": pl.Int64(),
}


def _frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=_SCHEMA, orient="row")


def _row(
    category,
    actor=None,
    actor_ids=(),
    recipient=None,
    recipient_ids=(),
    sentence="",
    fatalities=None,
    *,
    actor_codes=(),
    recipient_codes=(),
    story=(None, None),
):
    return {
        "category": category,
        "actor_text": actor,
        "actor_mention_ids": list(actor_ids),
        "actor_codes": list(actor_codes),
        "recipient_text": recipient,
        "recipient_mention_ids": list(recipient_ids),
        "recipient_codes": list(recipient_codes),
        "sentence": sentence,
        "fatalities": fatalities,
        "story_sentences": story[0],
        "story_political_sentences": story[1],
    }


def test_only_material_conflict_may_be_unattributed():
    assert {"ASSAULT", "PROTEST", "COERCE"} <= UNATTRIBUTED_CATEGORIES
    assert not {"CONSULT", "AGREE", "SUPPORT", "COOPERATE", "DISAPPROVE"} & UNATTRIBUTED_CATEGORIES


def test_a_party_is_an_actor_or_a_recipient_named_by_text_or_mention():
    rows = [
        _row("CONSULT", actor="Ministers"),
        _row("CONSULT", recipient="Iran"),
        _row("AGREE", actor_ids=["m1"]),
        _row("AID", recipient_ids=["m2"]),
        _row("CONSULT"),
        _row("AGREE", actor="  ", recipient=""),
        _row("ASSAULT", sentence="A bomb went off near the station."),
        _row("PROTEST", sentence="Crowds marched to the palace."),
    ]
    kept = with_parties(_frame(rows))
    assert kept["category"].to_list() == ["CONSULT", "CONSULT", "AGREE", "AID", "ASSAULT", "PROTEST"]
    assert with_parties(_frame([])).height == 0


def test_an_unattributed_act_needs_a_trace_of_political_violence_or_unrest():
    rows = [
        _row("ASSAULT", sentence="Gunmen opened fire on a bus near the border."),
        _row("ASSAULT", sentence="Two people were hit on the road.", fatalities=2),
        _row("COERCE", sentence="Dozens were detained overnight."),
        _row("SANCTION", sentence="New tariffs were imposed on steel."),
        _row("ASSAULT", sentence="The photos were ruined by bad lighting."),
        _row("COERCE", sentence="Pull the cable through the conduit."),
        _row("ASSAULT", sentence="Our team crushed the quarterly targets.", fatalities=0),
        _row("ASSAULT", actor="the team", sentence="Our team crushed the quarterly targets."),
    ]
    kept = with_parties(_frame(rows))
    assert kept["sentence"].to_list() == [r["sentence"] for i, r in enumerate(rows) if i not in (4, 5, 6)]


def test_evidence_words_are_whole_words():
    rows = [_row("ASSAULT", sentence=s) for s in ("Mr. Warburton struck a deal.", "The plan was bombproof.", "A war.")]
    assert with_parties(_frame(rows))["sentence"].to_list() == ["A war."]


_sentences = st.one_of(st.text(max_size=60), st.sampled_from(["Troops shelled the town.", "Pull the lever."]))


@settings(deadline=None)
@given(st.lists(st.builds(_row, st.sampled_from(sorted(UNATTRIBUTED_CATEGORIES)), sentence=_sentences), max_size=20))
def test_an_unattributed_act_is_kept_exactly_when_its_sentence_holds_an_evidence_word(rows):
    frame = _frame(rows)
    kept = with_parties(frame)
    pattern = re.compile(unrest_pattern().removeprefix("(?i)"), re.IGNORECASE)
    assert kept["sentence"].to_list() == [r["sentence"] for r in rows if pattern.search(r["sentence"])]


_roles = st.one_of(st.none(), st.sampled_from(["", " ", "Iran", "the ministry", "Acme Ltd", "customers", "you"]))
_ids = st.lists(st.sampled_from(["m1", "m2"]), max_size=2)
_codes = st.lists(st.sampled_from(["USAGOV", "IRN", "USABUS", "USACVL"]), max_size=2)


@settings(deadline=None)
@given(
    st.lists(
        st.builds(
            _row,
            st.sampled_from(sorted(PLOVER_QUAD_CLASS)),
            _roles,
            _ids,
            _roles,
            _ids,
            _sentences,
            actor_codes=_codes,
            recipient_codes=_codes,
        ),
        max_size=30,
    )
)
def test_kept_candidates_keep_their_order_and_every_left_out_one_lacks_a_party_or_names_only_private_ones(rows):
    frame = _frame(rows).with_row_index("i")
    kept, counts = split_parties(frame)
    assert kept["i"].to_list() == sorted(kept["i"].to_list())
    assert set(counts) == set(LEFT_OUT_REASONS) and sum(counts.values()) == frame.height - kept.height
    left_out = frame.filter(~pl.col("i").is_in(kept["i"].implode()))
    for row in left_out.with_columns(left_out_reason_expr().alias("reason")).iter_rows(named=True):
        if row["reason"] == PRIVATE_PARTIES:
            assert row["category"] in PRIVATE_RULE_CATEGORIES
            codes = row["actor_codes"] + row["recipient_codes"]
            assert "USAGOV" not in codes and "IRN" not in codes
            assert "ministry" not in f"{row['actor_text']} {row['recipient_text']}"
            continue
        assert row["category"] not in UNATTRIBUTED_CATEGORIES or not re.search(unrest_pattern(), row["sentence"])
        assert not (row["actor_text"] or "").strip() and not (row["recipient_text"] or "").strip()
        assert not row["actor_mention_ids"] and not row["recipient_mention_ids"]


def test_a_code_of_a_state_an_igo_or_a_political_sector_is_political_and_a_firm_code_is_a_firm():
    for code in ("USA", "IGOUNO", "PAKGOV", "USAELI", "AFGREB", "USAGOVBUS", "MNCUSAGOV"):
        assert code_kind(code) == "political", code
    for code in ("USABUS", "MNCUSA", "MNCUSAMED", "USACVLBUS"):
        assert code_kind(code) == "firm", code
    for code in ("USAEDU", "KENCVL", "USALAB", "USAMED"):
        assert code_kind(code) == "other", code


def test_what_a_party_is_from_its_text_and_codes():
    assert party_kind("Acme Holdings Ltd", []) == "firm"  # a legal form ends the name (ISO 20275)
    assert party_kind("PJSC Gazprom", []) == "firm"  # or opens it
    assert party_kind("Ltd", []) == "open"  # a form alone names no firm
    assert party_kind("the state AG", []) == "open"  # AG is an attorney general too: not in the list
    assert party_kind("Acme", ["USABUS"]) == "firm"
    assert party_kind("smaller local businesses", []) == "firm"  # a firm noun as the head
    assert party_kind("businesses in the capital", []) == "firm"  # its head before a postmodifier
    assert party_kind("Customers", ["USACVL"]) == "customer"
    assert party_kind("your employees", ["USALAB"]) == "reader"
    assert party_kind("you", []) == "reader"
    assert party_kind("cleaning services", [], recipient=True) == "product"
    assert party_kind("emergency services", []) == "open"  # a product is read only as the recipient
    assert party_kind("Acme Ltd", ["USAGOV"]) == "political"  # a political code wins
    assert party_kind("the company's government partners", []) == "political"  # so does a political agent word
    assert party_kind("your government", []) == "political"
    assert party_kind("the union", ["USALAB"]) == "open"  # organised civilians may act politically
    assert party_kind("Apple", []) == "open"  # a name alone leaves its role open


def test_an_act_whose_parties_are_all_private_makes_no_event_unless_it_is_political():
    rows = [
        # a firm's offer to its customers: commerce
        _row(
            "AGREE", actor="Acme Ltd", recipient="its customers", sentence="Acme Ltd offers its customers a discount."
        ),
        _row("SUPPORT", actor="you", sentence="You will love our new menu."),
        _row("AGREE", recipient="plumbing services", sentence="We offer plumbing services."),
        # a firm sanctioned by a government, a union's strike at a firm: acts the codebook names for economic actors
        _row(
            "SANCTION", actor="the Treasury", actor_codes=["USAGOV"], recipient="Acme Ltd", recipient_codes=["USABUS"]
        ),
        _row("SANCTION", recipient="Acme Ltd", sentence="Sanctions were imposed on Acme Ltd by the regime."),
        _row("PROTEST", actor="the union", actor_codes=["USALAB"], recipient="Acme Ltd", sentence="A strike at Acme."),
        _row("PROTEST", actor="Acme Ltd", sentence="Acme Ltd boycotted the fair."),
        _row("THREATEN", actor="Acme Ltd", sentence="Acme Ltd threatened to pull out."),  # of a boycott, say
        # a firm's deal with a ministry; a firm with a government named in its sentence; a name of open role
        _row("AGREE", actor="Acme Ltd", recipient="the Ministry of Energy", sentence="Acme Ltd signed a deal."),
        _row("AGREE", actor="Acme Ltd", sentence="Acme Ltd agreed to pay, the government said."),
        _row("AGREE", actor="Acme Ltd", recipient="Iran", recipient_codes=["IRN"], sentence="A deal with Iran."),
        _row("AGREE", actor="Apple", recipient="customers", sentence="Apple offers customers a discount."),
        _row("AGREE", actor_ids=["m1"], recipient="customers", sentence="It offers customers a discount."),
    ]
    kept, counts = split_parties(_frame(rows))
    assert counts == {"no_party": 0, "private_parties": 3, "apolitical_story": 0}
    assert kept.height == len(rows) - 3 and kept["category"].to_list()[:4] == [
        "SANCTION",
        "SANCTION",
        "PROTEST",
        "PROTEST",
    ]


@settings(deadline=None)
@given(st.text(max_size=40), st.lists(st.sampled_from(["USA", "USABUS", "MNCUSA", "USAEDU", "X"]), max_size=3))
def test_any_party_text_gets_one_kind_and_a_political_code_always_wins(text, codes):
    kind = party_kind(text, codes, recipient=True)
    assert kind in {"political", "reader", "firm", "customer", "product", "open"}
    if "USA" in codes:
        assert kind == "political"


def test_a_meeting_with_nobody_makes_no_event_but_an_unattributed_bombing_does(nlp):
    events, _, _, _ = run(
        nlp,
        [
            "Talks were held on Monday.",
            "A bomb exploded in a market in Kabul on Monday, killing 12 people.",
            "The foreign ministers of France and Germany met in Paris on Monday.",
        ],
    )
    types = events["event_type"].to_list()
    assert "ASSAULT" in types
    assert "CONSULT" in types
    consult = events.filter(pl.col("event_type") == "CONSULT").to_dicts()
    assert all(e["actor_text"] or e["recipient_text"] for e in consult)


def test_a_firms_offer_to_its_customers_is_no_event_but_its_sanction_strike_and_deal_with_a_ministry_are(nlp):
    texts = [
        "Acme Ltd offered its customers a discount last week.",
        "Acme Ltd met its customers in Boston on Monday.",
        "The U.S. Treasury sanctioned Acme Ltd on Monday.",
        "The union went on strike at Acme Ltd on Monday.",
        "Acme Ltd agreed with the Ministry of Energy to build a power plant.",
    ]
    events, _, _, _ = run(nlp, texts)
    by_sentence = {t: events.filter(pl.col("evidence") == t)["event_type"].to_list() for t in texts}
    assert by_sentence[texts[0]] == [] and by_sentence[texts[1]] == []
    assert "SANCTION" in by_sentence[texts[2]]
    assert "PROTEST" in by_sentence[texts[3]]
    assert "AGREE" in by_sentence[texts[4]]


def test_an_apolitical_story_codes_only_acts_with_a_political_party():
    guide = (20, 2)  # a story of 20 sentences, 2 naming a state, a people or a political agent
    rows = [
        _row("AGREE", actor="Acme Ltd", recipient="its partners", sentence="Acme Ltd offers a bundle.", story=guide),
        _row("ASSAULT", actor="the striker", recipient="the defence", sentence="The striker attacked.", story=guide),
        # a political party by its code, or a political agent in the sentence: kept in any story
        _row("SANCTION", actor="Acme", recipient="Iran", recipient_codes=["IRN"], sentence="A deal.", story=guide),
        _row("COERCE", actor="regulators", sentence="Regulators fined the company.", story=guide),
        # a story with one sentence in five political, a story too short to measure, a story not measured
        _row("AGREE", actor="Acme Ltd", recipient="its partners", sentence="Acme Ltd offers a bundle.", story=(20, 4)),
        _row("AGREE", actor="Acme Ltd", recipient="its partners", sentence="Acme Ltd offers a bundle.", story=(4, 0)),
        _row("AGREE", actor="Acme Ltd", recipient="its partners", sentence="Acme Ltd offers a bundle."),
    ]
    kept, counts = split_parties(_frame(rows))
    assert counts == {"no_party": 0, "private_parties": 0, "apolitical_story": 2}
    assert kept["category"].to_list() == ["SANCTION", "COERCE", "AGREE", "AGREE", "AGREE"]


@settings(max_examples=60, deadline=None)
@given(
    sentences=st.integers(min_value=0, max_value=200),
    political=st.integers(min_value=0, max_value=200),
    more=st.integers(min_value=0, max_value=50),
)
def test_a_more_political_story_never_loses_an_event(sentences, political, more):
    political = min(political, sentences)
    row = dict(actor="Acme Ltd", recipient="its partners", sentence="Acme Ltd offers a bundle.")
    before = _frame([_row("AGREE", **row, story=(sentences, political))])
    after = _frame([_row("AGREE", **row, story=(sentences + more, political + more))])
    reason = lambda f: f.select(left_out_reason_expr())[0, 0]  # noqa: E731
    if reason(before) is None:
        assert reason(after) is None
