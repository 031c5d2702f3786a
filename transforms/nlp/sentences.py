"""Sentence spans of parsed documents."""

from __future__ import annotations

import bisect
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


def document_memo(doc, key: str, build):
    """``build(doc)``, computed once per document and kept in ``doc.user_data`` under ``key`` (never stored with
    the parse: the parse cache writes DocBins without user data).  For values the extraction passes ask for
    once per sentence or token but that depend only on the document."""
    value = doc.user_data.get(key)
    if value is None:
        value = doc.user_data[key] = build(doc)
    return value


TEXT_KEY = "newsevents.text"


def document_text(doc) -> str:
    """``doc.text``, computed once per document: spaCy joins every token's text on each access.
    (transforms.extract.document.extract_rows stores the text it was given, the parsed text, under TEXT_KEY.)"""
    return document_memo(doc, TEXT_KEY, lambda d: d.text)


def span_text(span) -> str:
    """``span.text`` cut from the document's text: the same string (spaCy joins the span's tokens' text and
    whitespace, less the last token's), without building a Token per word on every access."""
    return document_text(span.doc)[span.start_char : span.end_char]


def _sentence_bounds(doc) -> tuple[list[int], list[int]]:
    sents = list(doc.sents)
    return [s.start for s in sents], [s.end for s in sents]


def sentence_of(tok):
    """The sentence span holding ``tok``, like ``tok.sent`` but from sentence bounds computed once per document:
    spaCy's ``Token.sent`` walks every sentence of the document on each call."""
    doc = tok.doc
    starts, ends = document_memo(doc, "newsevents.sentence_bounds", _sentence_bounds)
    k = bisect.bisect_right(starts, tok.i) - 1
    return doc[starts[k] : ends[k]]
