"""Quotes with their speaker linked to the canonical entity of the mention that names them."""

from __future__ import annotations

import polars as pl

from transforms.schemas import TABLES

QUOTES_SCHEMA = TABLES["quotes"]  # output of link_quotes


def link_quotes(candidates: pl.DataFrame, entity_mentions: pl.DataFrame) -> pl.DataFrame:
    """TABLES['quotes'] from quote candidates (extract stage) and the linked entity mentions."""
    if candidates.is_empty():
        return QUOTES_SCHEMA.empty()
    speakers = entity_mentions.select(
        pl.col("mention_id").alias("speaker_mention_id"), pl.col("entity_id").alias("speaker_entity_id")
    )
    linked = candidates.join(speakers, on="speaker_mention_id", how="left", maintain_order="left")
    return QUOTES_SCHEMA.conform(linked)


def build_quotes(doc_ids, docs, entity_mentions: pl.DataFrame, **kwargs) -> pl.DataFrame:
    """Quotes of already corrected parses whose mentions are linked already (small inputs and tests)."""
    from transforms.extract.quotes import QUOTE_CANDIDATES_SCHEMA, quotes_of

    by_doc: dict[str, list[dict]] = {}
    for m in entity_mentions.sort("doc_id", "char_start").iter_rows(named=True):
        by_doc.setdefault(m["doc_id"], []).append(m)
    rows = [
        row
        for doc_id, doc in zip(doc_ids, docs, strict=True)
        for row in quotes_of(doc_id, doc, by_doc.get(doc_id, []), **kwargs)
    ]
    return link_quotes(pl.DataFrame(rows, schema=QUOTE_CANDIDATES_SCHEMA, orient="row"), entity_mentions)
