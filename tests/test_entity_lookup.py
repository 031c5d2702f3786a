"""The entities pass's lookups by binary search equal the joins they replace (transforms.link.entities)."""

from __future__ import annotations

import dataclasses

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.link.entities import _decided, assign_clusters, count_names, decide_names

LABELS = ("PERSON", "GPE", "ORG", "NORP", "LOC")
names = st.sampled_from(["Ann Lee", "Lee", "Bo", "United Nations", "UN", "Paris", "French", "", " Lee ", "Zoë"])


def _mentions(rows):
    return pl.DataFrame(
        {
            "mention_id": [f"m{i}" for i in range(len(rows))],
            "doc_id": [f"d{d}" for d, _, _ in rows],
            "char_start": [10 * i for i in range(len(rows))],
            "char_end": [10 * i + 5 for i in range(len(rows))],
            "text": [t for _, t, _ in rows],
            "label": [lab for _, _, lab in rows],
            "paren_of": pl.Series([None] * len(rows), dtype=pl.String()),
        }
    )


def _joined(raw: pl.DataFrame, decisions) -> pl.DataFrame:
    """The join on (text, label) that ``_decided`` replaces."""
    return raw.with_row_index("row").join(decisions.names, on=["text", "label"], how="left", maintain_order="left")


mention_rows = st.lists(st.tuples(st.integers(0, 3), names, st.sampled_from(LABELS)), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(known=mention_rows, asked=mention_rows)
def test_decided_equals_the_join_on_text_and_label(known, asked):
    decisions = decide_names(count_names(_mentions(known)))
    raw = _mentions(asked)  # names the decisions never saw get nulls, as from a left join
    assert _decided(raw, decisions).equals(_joined(raw, decisions))
    # Every text's hash shared (the fallback join for colliding hashes): the same rows.
    colliding = dataclasses.replace(
        decisions,
        text_hashes=pl.Series([0] * decisions.texts.height, dtype=pl.UInt64()),
        text_ids=decisions.texts["text_id"].cast(pl.UInt32()),
        colliding=decisions.texts.select("text", pl.col("text_id").cast(pl.UInt32())),
    )
    assert _decided(raw, colliding).equals(_joined(raw, decisions))


@settings(max_examples=30, deadline=None)
@given(known=mention_rows)
def test_assigned_clusters_of_known_names_are_never_null(known):
    raw = _mentions(known)
    assigned = assign_clusters(raw, decide_names(count_names(raw)))
    assert assigned.height == raw.height
    assert assigned["text_id"].null_count() == 0
