"""Entity mentions, corrections and canonical entities across the corpus."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from transforms.schemas import TABLES


def build_entities(doc_ids: Sequence[str], docs: Sequence, documents: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Canonical entities and their mentions: (TABLES['entities'], TABLES['entity_mentions'])."""
    return TABLES["entities"].empty(), TABLES["entity_mentions"].empty()
