"""An event needs a party unless it is political violence or unrest (transforms.link.parties)."""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from tests.test_events import run
from transforms.link.parties import UNATTRIBUTED_CATEGORIES, with_parties
from transforms.schemas import PLOVER_QUAD_CLASS

_SCHEMA = {
    "category": pl.String(),
    "actor_text": pl.String(),
    "actor_mention_ids": pl.List(pl.String()),
    "recipient_text": pl.String(),
    "recipient_mention_ids": pl.List(pl.String()),
}


def _frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=_SCHEMA, orient="row")


def _row(category, actor=None, actor_ids=(), recipient=None, recipient_ids=()):
    return {
        "category": category,
        "actor_text": actor,
        "actor_mention_ids": list(actor_ids),
        "recipient_text": recipient,
        "recipient_mention_ids": list(recipient_ids),
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
        _row("ASSAULT"),
        _row("PROTEST"),
    ]
    kept = with_parties(_frame(rows))
    assert kept["category"].to_list() == ["CONSULT", "CONSULT", "AGREE", "AID", "ASSAULT", "PROTEST"]
    assert with_parties(_frame([])).height == 0


_roles = st.one_of(st.none(), st.sampled_from(["", " ", "Iran", "the ministry"]))
_ids = st.lists(st.sampled_from(["m1", "m2"]), max_size=2)


@given(
    st.lists(
        st.builds(_row, st.sampled_from(sorted(PLOVER_QUAD_CLASS)), _roles, _ids, _roles, _ids),
        max_size=30,
    )
)
def test_kept_candidates_keep_their_order_and_every_left_out_one_lacks_a_party(rows):
    frame = _frame(rows).with_row_index("i")
    kept = with_parties(frame)
    assert kept["i"].to_list() == sorted(kept["i"].to_list())
    for row in frame.filter(~pl.col("i").is_in(kept["i"].implode())).iter_rows(named=True):
        assert row["category"] not in UNATTRIBUTED_CATEGORIES
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
