"""Sentence spans of parsed documents."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from transforms.schemas import TABLES


def trimmed_span(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) narrowed to exclude surrounding whitespace (spaCy attaches "\n\n" to sentence ends)."""
    piece = text[start:end]
    return start + (len(piece) - len(piece.lstrip())), end - (len(piece) - len(piece.rstrip()))


def sentence_rows(doc_id: str, doc, sents: list | None = None, text: str | None = None) -> list[dict]:
    """Sentence spans of one document, whitespace trimmed, indexed as doc.sents (TABLES['sentences'] rows).

    ``sents``, ``text``: ``list(doc.sents)``, ``doc.text`` when the caller has them (spaCy recomputes both on every
    access).
    """
    text = doc.text if text is None else text
    return [
        {"doc_id": doc_id, "sentence_idx": i, "char_start": start, "char_end": end}
        for i, s in enumerate(doc.sents if sents is None else sents)
        for start, end in [trimmed_span(text, s.start_char, s.end_char)]
    ]


def build_sentences(doc_ids: Sequence[str], docs: Sequence) -> pl.DataFrame:
    """Sentence spans per document, whitespace trimmed, indexed as doc.sents (TABLES['sentences'])."""
    rows = [row for doc_id, doc in zip(doc_ids, docs, strict=True) for row in sentence_rows(doc_id, doc)]
    table = TABLES["sentences"]
    return table.conform(pl.DataFrame(rows, schema=table.schema)) if rows else table.empty()
