"""An event needs a party unless it is political violence or unrest (transforms.link.parties)."""

from __future__ import annotations

import re

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_events import run
from transforms.link.parties import UNATTRIBUTED_CATEGORIES, unrest_pattern, with_parties
from transforms.schemas import PLOVER_QUAD_CLASS

_SCHEMA = {
    "category": pl.String(),
    "actor_text": pl.String(),
    "actor_mention_ids": pl.List(pl.String()),
    "recipient_text": pl.String(),
    "recipient_mention_ids": pl.List(pl.String()),
    "sentence": pl.String(),
    "fatalities": pl.Int64(),
}


def _frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=_SCHEMA, orient="row")


def _row(category, actor=None, actor_ids=(), recipient=None, recipient_ids=(), sentence="", fatalities=None):
    return {
        "category": category,
        "actor_text": actor,
        "actor_mention_ids": list(actor_ids),
        "recipient_text": recipient,
        "recipient_mention_ids": list(recipient_ids),
        "sentence": sentence,
        "fatalities": fatalities,
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


_roles = st.one_of(st.none(), st.sampled_from(["", " ", "Iran", "the ministry"]))
_ids = st.lists(st.sampled_from(["m1", "m2"]), max_size=2)


@settings(deadline=None)
@given(
    st.lists(
        st.builds(_row, st.sampled_from(sorted(PLOVER_QUAD_CLASS)), _roles, _ids, _roles, _ids, _sentences),
        max_size=30,
    )
)
def test_kept_candidates_keep_their_order_and_every_left_out_one_lacks_a_party(rows):
    frame = _frame(rows).with_row_index("i")
    kept = with_parties(frame)
    assert kept["i"].to_list() == sorted(kept["i"].to_list())
    for row in frame.filter(~pl.col("i").is_in(kept["i"].implode())).iter_rows(named=True):
        assert row["category"] not in UNATTRIBUTED_CATEGORIES or not re.search(unrest_pattern(), row["sentence"])
        assert not (row["actor_text"] or "").strip() and not (row["recipient_text"] or "").strip()
        assert not row["actor_mention_ids"] and not row["recipient_mention_ids"]


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
