"""Entity mentions of one parsed document, as the NER (with our corrections) found them."""

from __future__ import annotations

import bisect

import polars as pl

from transforms.extract.entity_rules import ENTITY_LABELS
from transforms.ids import stable_id

# Output of entity_mentions_of(): the label is the document-level one; the corpus-wide vote, clusters and
# canonical entities are made by transforms.link.entities from these rows alone.
RAW_MENTIONS_SCHEMA = {
    "mention_id": pl.String(),
    "doc_id": pl.String(),
    "sentence_idx": pl.Int64(),
    "char_start": pl.Int64(),
    "char_end": pl.Int64(),
    "text": pl.String(),
    "label": pl.String(),
    # mention_id of the mention this one stands in brackets after ("European Union (EU)"), else null
    "paren_of": pl.String(),
}


def mention_id(doc_id: str, start: int, end: int) -> str:
    return stable_id("mention", doc_id, start, end)


def entity_mentions_of(doc_id: str, doc, sents: list | None = None, text: str | None = None) -> list[dict]:
    """RAW_MENTIONS_SCHEMA rows of one document, in text order (``sents``, ``text``: ``list(doc.sents)``, ``doc.text``
    when the caller has them; spaCy recomputes both on every access)."""
    starts = [s.start for s in (doc.sents if sents is None else sents)]
    text = doc.text if text is None else text
    rows: list[dict] = []
    prev = None
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        ent_text = text[ent.start_char : ent.end_char]  # ent.text, without joining the tokens anew
        if not ent_text.strip():
            continue
        row = {
            "mention_id": mention_id(doc_id, ent.start_char, ent.end_char),
            "doc_id": doc_id,
            "sentence_idx": bisect.bisect_right(starts, ent.start) - 1,
            "char_start": ent.start_char,
            "char_end": ent.end_char,
            "text": ent_text,
            "label": ent.label_,
            "paren_of": None,
        }
        if prev is not None:
            between = text[prev["char_end"] : ent.start_char]
            after = text[ent.end_char : ent.end_char + 1]
            if between.strip() == "(" and after == ")":
                row["paren_of"] = prev["mention_id"]
        rows.append(row)
        prev = row
    return rows
