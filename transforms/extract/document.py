"""Everything the pipeline reads from one parsed document, in one pass: the extract stage.

``extract_document`` depends only on the document's parse and its own publication date, never on
other documents, so its rows are cached per document (keyed by the parse and the extraction version)
and recomputed only when an extraction rule changes.  Linking to canonical entities and clustering
across documents happen afterwards, on these rows (transforms.link).
"""

from __future__ import annotations

from datetime import date

import polars as pl
from spacy.tokens import Span

from transforms.extract.entities import RAW_MENTIONS_SCHEMA, entity_mentions_of
from transforms.extract.entity_rules import fix_entities
from transforms.extract.events.mentions import EVENT_CANDIDATES_SCHEMA, event_candidates
from transforms.extract.quotes import QUOTE_CANDIDATES_SCHEMA, quotes_of
from transforms.nlp.sentences import TEXT_KEY, document_memo, document_text, sentence_rows
from transforms.schemas import TABLES

# The five outputs of extract_document, by name: rows of these schemas.
EXTRACTED_SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "sentences": TABLES["sentences"].schema,
    "mentions": RAW_MENTIONS_SCHEMA,
    "quotes": QUOTE_CANDIDATES_SCHEMA,
    "events": EVENT_CANDIDATES_SCHEMA,
    # the candidates the trigger rules set aside (transforms.extract.events.rejects): rows of the event_rejects table
    "event_rejects": TABLES["event_rejects"].schema,
}


def extract_document(doc_id: str, doc, *, published: date | None, text: str | None = None) -> dict[str, list[dict]]:
    """Sentences, entity mentions, quote candidates and event candidates of one base-model parse.

    ``published``: the publication date when known to the day (relative dates resolve against it).
    The NER corrections (transforms.extract.entity_rules) are applied here, not in the parse, so a
    rule change never invalidates cached parses.  ``text``: the parsed text when the caller has it.
    """
    _remember_text(doc, text)
    return extract_rows(doc_id, fix_entities(doc), published=published, text=text)


def _remember_text(doc, text: str | None) -> None:
    """Keep the parsed text the caller has as the document's text (transforms.nlp.sentences.document_text) before
    the NER corrections read span texts from it: else they join every token for it."""
    if text is not None:
        document_memo(doc, TEXT_KEY, lambda _: text)


def extract_rows(doc_id: str, doc, *, published: date | None, text: str | None = None) -> dict[str, list[dict]]:
    """extract_document for a parse whose entities are already corrected (load_corrected_pipeline)."""
    sents, text = _document_parts(doc, text)
    return _with_events(doc_id, doc, _entity_rows(doc_id, doc, sents, text), published, sents, text)


# The entity pass's part of extract_document's rows: what an event rule change re-uses (flows.stages.nlp).  Quote
# candidates are not in it: their speakers are found with the event roles' agent rules (events.roles.agent_filler).
ENTITY_PARTS = ("sentences", "mentions")
# Key of the corrected entity spans in entity_pass's result: [start token, end token, label] of every doc.ents
# span after the NER corrections, dates and numbers included (the event pass reads them from the parse).
ENTITY_SPANS = "entity_spans"


def _document_parts(doc, text: str | None) -> tuple[list, str]:
    # spaCy rebuilds doc.sents and doc.text (a join over every token) on every access: once for all passes.
    sents = list(doc.sents)
    # every pass that needs the text reads it from here (transforms.nlp.sentences.document_text)
    text = document_text(doc) if text is None else document_memo(doc, TEXT_KEY, lambda _: text)
    return sents, text


def _entity_rows(doc_id: str, doc, sents: list, text: str) -> dict[str, list]:
    return {
        "sentences": sentence_rows(doc_id, doc, sents, text),
        "mentions": entity_mentions_of(doc_id, doc, sents, text),
    }


def entity_pass(doc_id: str, doc, *, text: str | None = None) -> dict[str, list]:
    """The part of extract_document that no event rule changes (its code imports none): the NER corrections
    (applied to ``doc``), sentences and entity mentions (``ENTITY_PARTS``), and the corrected entity spans
    (``ENTITY_SPANS``) from which ``apply_entity_spans`` restores the corrections on another copy of the parse."""
    _remember_text(doc, text)
    fix_entities(doc)
    sents, text = _document_parts(doc, text)
    return {**_entity_rows(doc_id, doc, sents, text), ENTITY_SPANS: [[e.start, e.end, e.label_] for e in doc.ents]}


def apply_entity_spans(doc, spans: list) -> None:
    """Set the entity pass's corrected spans on a base-model parse of the same text (as fix_entities sets them)."""
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in spans]


def event_pass(
    doc_id: str, doc, entity_rows: dict[str, list], *, published: date | None, text: str | None = None
) -> dict[str, list[dict]]:
    """extract_document's rows from the entity pass's rows (just computed or cached) and the parse carrying the
    corrected entities: its ENTITY_PARTS, the quote candidates and the event candidates."""
    sents, text = _document_parts(doc, text)
    return _with_events(doc_id, doc, entity_rows, published, sents, text)


def _with_events(doc_id: str, doc, entity_rows: dict, published: date | None, sents: list, text: str) -> dict:
    mentions = entity_rows["mentions"]
    quotes = quotes_of(doc_id, doc, mentions, text=text, sents=sents)
    rejects: list[dict] = []
    events = event_candidates(doc_id, doc, mentions, published, sents, text, quotes=quotes, rejects=rejects)
    return {
        "sentences": entity_rows["sentences"],
        "mentions": mentions,
        "quotes": quotes,
        "events": events,
        "event_rejects": rejects,
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
