"""Everything the pipeline reads from one parsed document, in one pass: the extract stage.

``extract_document`` depends only on the document's parse and its own publication date, never on
other documents, so its rows are cached per document (keyed by the parse and the extraction version)
and recomputed only when an extraction rule changes.  Linking to canonical entities and clustering
across documents happen afterwards, on these rows (transforms.link).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from transforms.extract.entities import RAW_MENTIONS_SCHEMA, entity_mentions_of
from transforms.extract.entity_rules import fix_entities
from transforms.extract.events.mentions import EVENT_CANDIDATES_SCHEMA, event_candidates
from transforms.extract.quotes import QUOTE_CANDIDATES_SCHEMA, quotes_of
from transforms.nlp.sentences import TEXT_KEY, document_memo, document_text, sentence_rows
from transforms.schemas import TABLES

# The four outputs of extract_document, by name: rows of these schemas.
EXTRACTED_SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "sentences": TABLES["sentences"].schema,
    "mentions": RAW_MENTIONS_SCHEMA,
    "quotes": QUOTE_CANDIDATES_SCHEMA,
    "events": EVENT_CANDIDATES_SCHEMA,
}


def extract_document(doc_id: str, doc, *, published: date | None, text: str | None = None) -> dict[str, list[dict]]:
    """Sentences, entity mentions, quote candidates and event candidates of one base-model parse.

    ``published``: the publication date when known to the day (relative dates resolve against it).
    The NER corrections (transforms.extract.entity_rules) are applied here, not in the parse, so a
    rule change never invalidates cached parses.  ``text``: the parsed text when the caller has it.
    """
    return extract_rows(doc_id, fix_entities(doc), published=published, text=text)


def extract_rows(doc_id: str, doc, *, published: date | None, text: str | None = None) -> dict[str, list[dict]]:
    """extract_document for a parse whose entities are already corrected (load_corrected_pipeline)."""
    # spaCy rebuilds doc.sents and doc.text (a join over every token) on every access: once for all passes.
    sents = list(doc.sents)
    # every pass that needs the text reads it from here (transforms.nlp.sentences.document_text)
    text = document_text(doc) if text is None else document_memo(doc, TEXT_KEY, lambda _: text)
    mentions = entity_mentions_of(doc_id, doc, sents, text)
    quotes = quotes_of(doc_id, doc, mentions, text=text, sents=sents)
    return {
        "sentences": sentence_rows(doc_id, doc, sents, text),
        "mentions": mentions,
        "quotes": quotes,
        "events": event_candidates(doc_id, doc, mentions, published, sents, text, quotes=quotes),
    }


def frames(rows: dict[str, list[dict]]) -> dict[str, pl.DataFrame]:
    """The rows of one or more documents as typed frames (empty frames keep their schema)."""
    return {
        name: pl.DataFrame(rows.get(name) or [], schema=schema, orient="row")
        for name, schema in EXTRACTED_SCHEMAS.items()
    }


def extract_corpus(doc_ids, docs, published: dict[str, date | None] | None = None) -> dict[str, pl.DataFrame]:
    """extract_rows over already corrected parses, as typed frames (small inputs, tests and benchmarks)."""
    rows: dict[str, list[dict]] = {name: [] for name in EXTRACTED_SCHEMAS}
    for doc_id, doc in zip(doc_ids, docs, strict=True):
        for name, part in extract_rows(doc_id, doc, published=(published or {}).get(doc_id)).items():
            rows[name].extend(part)
    return frames(rows)
