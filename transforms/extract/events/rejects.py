"""Rows of the event_rejects table: every event candidate that makes no event, with its reason.

The project's rule is that nothing is dropped silently.  An event candidate is a verb or an event noun the CAMEO and
news dictionaries code with a PLOVER category; two stages set candidates aside:

- extraction (``stage`` extract): a rule of transforms.extract.events.triggers finds the coded verb no act (its mood,
  the frame above it, a codability rule of codable.py), the event noun its support verb carries negated, or every
  trigger of the category too weak (``triggers.SetAside``).  A word the dictionaries do not code is no candidate
  and makes no row;
- linking (``stage`` link): the party rules of transforms.link.parties leave the candidate out (no party, private
  parties only, an apolitical story).

Each row gives the trigger's offsets in ``documents.text`` (from the first to the last of its words: the coded verb
and the event noun it carries), its category and CAMEO code as the dictionary gave them, the dictionary line and the
reason (transforms.schemas.EVENT_REJECT_REASONS).  Pure: no I/O.
"""

from __future__ import annotations

import polars as pl

from transforms.ids import stable_id, stable_ids
from transforms.schemas import EVENT_REJECT_REASONS, TABLES

EVENT_REJECTS_SCHEMA = TABLES["event_rejects"].schema
EXTRACT, LINK = "extract", "link"


def trigger_span(doc, token_i: int, anchor_i: int) -> tuple[int, int]:
    """The character offsets of a trigger in the document's text: from the first to the last of its verb
    (``anchor_i``) and the word that carries the event (``token_i``)."""
    first, last = doc[min(token_i, anchor_i)], doc[max(token_i, anchor_i)]
    return first.idx, last.idx + len(last.text)


def reject_id(doc_id: str, sentence_idx: int, char_start: int, char_end: int, event_type: str, stage: str, reason: str):
    """The content-derived ID of a reject row."""
    return stable_id("event_reject", doc_id, sentence_idx, char_start, char_end, event_type, stage, reason)


def reject_row(
    doc_id: str,
    sentence_idx: int,
    span: tuple[int, int],
    trigger: str,
    event_type: str,
    cameo_code: str | None,
    code_source: str | None,
    stage: str,
    reason: str,
) -> dict:
    """One event_rejects row.  A reason outside EVENT_REJECT_REASONS is an error of the code, not of the data."""
    if reason not in EVENT_REJECT_REASONS:
        raise ValueError(f"event reject reason {reason!r} is not in transforms.schemas.EVENT_REJECT_REASONS")
    start, end = span
    return {
        "reject_id": reject_id(doc_id, sentence_idx, start, end, event_type, stage, reason),
        "doc_id": doc_id,
        "sentence_idx": sentence_idx,
        "char_start": start,
        "char_end": end,
        "trigger": trigger,
        "event_type": event_type,
        "cameo_code": cameo_code or None,
        "code_source": code_source or None,
        "stage": stage,
        "reason": reason,
    }


def set_aside_rows(doc_id: str, doc, sentence_idx: int, set_aside) -> list[dict]:
    """The extraction's reject rows of one sentence's set-aside candidates (``triggers.SetAside``), one per
    candidate: the same trigger set aside twice for the same reason is one row."""
    rows: dict[str, dict] = {}
    for a in set_aside:
        span = trigger_span(doc, a.token_i, a.anchor_i)
        row = reject_row(doc_id, sentence_idx, span, a.text, a.category, a.cameo_code, a.source, EXTRACT, a.reason)
        rows.setdefault(row["reject_id"], row)
    return list(rows.values())


def left_out_rows(candidates: pl.DataFrame, reasons: pl.Series) -> pl.DataFrame:
    """The link stage's reject rows (EVENT_REJECTS_SCHEMA) of event candidates (EVENT_CANDIDATES_SCHEMA) left out
    for ``reasons`` (one a candidate, null for a candidate that makes an event), in the candidates' order."""
    left = candidates.with_columns(reasons.alias("_reason")).filter(pl.col("_reason").is_not_null())
    unknown = set(left["_reason"].unique().to_list()) - set(EVENT_REJECT_REASONS)
    if unknown:
        raise ValueError(f"event reject reasons {sorted(unknown)} are not in transforms.schemas.EVENT_REJECT_REASONS")
    ids = stable_ids(
        "event_reject",
        left["doc_id"].to_list(),
        left["sentence_idx"].to_list(),
        left["trigger_start"].to_list(),
        left["trigger_end"].to_list(),
        left["category"].to_list(),
        LINK,
        left["_reason"].to_list(),
    )
    out = left.select(
        pl.Series("reject_id", ids, dtype=pl.String()),
        "doc_id",
        "sentence_idx",
        pl.col("trigger_start").alias("char_start"),
        pl.col("trigger_end").alias("char_end"),
        "trigger",
        pl.col("category").alias("event_type"),
        "cameo_code",
        "code_source",
        pl.lit(LINK).alias("stage"),
        pl.col("_reason").alias("reason"),
    )
    # one row a candidate, none merged: extraction gives one candidate a category per sentence, so two rows with one
    # ID would be a fault the table's unique-key check reports, not a row to drop here
    return out.cast(EVENT_REJECTS_SCHEMA)


def reason_counts(rejects: pl.DataFrame) -> dict[str, int]:
    """Rows per reason of event_rejects rows, every reason of EVENT_REJECT_REASONS included (zero or more)."""
    counts = dict.fromkeys(EVENT_REJECT_REASONS, 0)
    for reason, n in rejects.group_by("reason").len().iter_rows():
        counts[reason] += n
    return counts
