"""Direct and indirect quotes with speakers."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from transforms.schemas import TABLES


def build_quotes(doc_ids: Sequence[str], docs: Sequence, entity_mentions: pl.DataFrame) -> pl.DataFrame:
    """Quotes with speaker and cue (TABLES['quotes'])."""
    return TABLES["quotes"].empty()
