"""Stages 4-5 per unit: the spaCy parse and the per-document extraction, each behind its own cache.

A document's parse is cached by its exact text and the parse settings; its extracted rows by the parse,
its ID and publication date, and the extraction version.  So a new article is the only one parsed, an
extraction rule change re-extracts from cached parses without parsing, and a model change re-parses.
The first half of an extraction (NER corrections, sentences, mentions: ``entity_pass``) is cached on its own,
keyed without the event rules, so an event rule change runs only ``event_pass`` (quotes and events).
The model is loaded once per worker process.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import orjson
import polars as pl
from prefect import task

from flows.cache import (
    doc_from_bytes,
    doc_to_bytes,
    entity_cache,
    exact_text_hash,
    extract_cache,
    extraction_entry_key,
    parse_cache,
)
from flows.stages.documents import STAGE as DOCUMENTS_STAGE
from flows.work import FrameWriter, Unit, WorkDir, read_files
from transforms.extract.document import (
    ENTITY_PARTS,
    ENTITY_SPANS,
    EXTRACTED_SCHEMAS,
    apply_entity_spans,
    entity_pass,
    event_pass,
    frames,
)
from transforms.nlp.pipeline import iter_parsed, load_pipeline

STAGE = "extract"
ENGLISH = "en"
_INPUT_COLUMNS = {
    "doc_id": pl.String(),
    "text": pl.String(),
    "language": pl.String(),
    "published_at": pl.Datetime("us", "UTC"),
    "published_precision": pl.String(),
}


@dataclass
class ExtractCounts:
    n_documents: int = 0
    n_parsed: int = 0
    n_parse_cached: int = 0
    n_extracted: int = 0
    n_extract_cached: int = 0
    # extractions whose entity pass came from its cache (an event rule change): only the event pass ran
    n_entities_cached: int = 0
    skipped_language: dict[str, int] = field(default_factory=dict)

    def add(self, other: ExtractCounts) -> None:
        for name in (
            "n_documents",
            "n_parsed",
            "n_parse_cached",
            "n_extracted",
            "n_extract_cached",
            "n_entities_cached",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for lang, n in other.skipped_language.items():
            self.skipped_language[lang] = self.skipped_language.get(lang, 0) + n


@dataclass(frozen=True)
class CacheSettings:
    output_dir: Path
    parse_settings: dict
    extraction_version: str
    # the entity pass's cache key (flows.versioning.entity_version); None: no entity cache
    entity_version: str | None = None
    full_refresh: bool = False
    batch_size: int = 32


@lru_cache(maxsize=1)
def _pipeline():
    return load_pipeline()


def preload_model() -> None:
    """Load the model and the gazetteer in this process (a worker-process initializer: every later task
    reuses them, and they load while the flow reads the input)."""
    from transforms.gazetteer import lookup_place

    _pipeline()
    lookup_place("London")


def _published_day(published_at, precision: str | None) -> date | None:
    return published_at.date() if published_at is not None and precision in ("second", "day") else None


# Date columns of the event candidates (JSON keeps them as ISO strings).
_DATE_FIELDS = tuple(name for name, dtype in EXTRACTED_SCHEMAS["events"].items() if dtype == pl.Date())


def _encode(rows: dict[str, list[dict]]) -> bytes:
    return json.dumps(rows, default=str, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _loads(blob: bytes):
    """json.loads of a cache entry; orjson parses the same JSON to the same values in a third of the time (the
    20,000 entries an incremental run reads).  What it refuses (NaN, integers above 2**64 - 1) goes to json; it
    would read an integer below -2**63 as a float, which no entry holds (its rows fill Int64 and UInt64 columns)."""
    try:
        return orjson.loads(blob)
    except orjson.JSONDecodeError:
        return json.loads(blob)


def _decode(blob: bytes | None) -> dict[str, list[dict]] | None:
    """Cached rows, or None for a miss (absent, or damaged: a cache entry is never trusted blindly)."""
    if blob is None:
        return None
    try:
        rows = _loads(blob)
        for event in rows.get("events", ()):
            for key in _DATE_FIELDS:
                if event.get(key):
                    event[key] = date.fromisoformat(event[key])
    except (ValueError, TypeError, AttributeError):
        return None
    return rows if isinstance(rows, dict) else None


def _decode_entities(blob: bytes | None) -> dict[str, list] | None:
    """A cached entity pass (ENTITY_PARTS and ENTITY_SPANS), or None for a miss (absent or damaged)."""
    rows = _decode(blob)
    if rows is None or any(not isinstance(rows.get(name), list) for name in (*ENTITY_PARTS, ENTITY_SPANS)):
        return None
    return rows


def _extract(doc_id: str, doc, text: str, published: date | None, key: str, entities, counts: ExtractCounts) -> dict:
    """extract_document's rows, re-using the entity pass from ``entities`` (the entity cache, or None) when an
    earlier run with the same entity rules stored it: then only the event pass runs.  The rows are the same
    either way (tests/test_extract_split.py)."""
    cached = None if entities is None else _decode_entities(entities.get(key))
    if cached is not None:
        try:
            apply_entity_spans(doc, cached[ENTITY_SPANS])
        except (ValueError, TypeError, IndexError):  # damaged spans: a miss, recomputed below
            cached = None
    if cached is not None:
        counts.n_entities_cached += 1
        return event_pass(doc_id, doc, cached, published=published, text=text)
    parts = entity_pass(doc_id, doc, text=text)
    if entities is not None:
        entities.put(key, _encode(parts))
    return event_pass(doc_id, doc, parts, published=published, text=text)


# Documents parsed and extracted at a time: a worker holds one chunk's parses and rows, never a whole unit's (a
# unit is up to a shard, 1,000 documents: at 20,000 articles workers holding a unit's rows peaked some 75 MB
# higher than with units of 125 documents).
CHUNK_DOCUMENTS = 125


@task
def extract_unit(work: WorkDir, unit: Unit, caches: CacheSettings) -> ExtractCounts:
    """Extracted rows of the unit's English documents (other languages skip NLP and are counted), in document
    order whatever came from a cache, written a chunk of documents at a time."""
    docs = read_files([work.unit_file(DOCUMENTS_STAGE, unit, "clean")], _INPUT_COLUMNS)
    parses = parse_cache(caches.output_dir, caches.parse_settings)
    extractions = extract_cache(caches.output_dir, caches.parse_settings, caches.extraction_version)
    entities = None
    if caches.entity_version is not None:
        entities = entity_cache(caches.output_dir, caches.parse_settings, caches.entity_version)
        if caches.full_refresh:
            entities = _WriteOnly(entities)
    counts = ExtractCounts()
    with ExitStack() as files:
        writers = {
            name: files.enter_context(FrameWriter(work.unit_file(STAGE, unit, name), schema))
            for name, schema in EXTRACTED_SCHEMAS.items()
        }
        for chunk in docs.iter_slices(CHUNK_DOCUMENTS):
            rows = _extract_chunk(chunk, caches, parses, extractions, entities, counts)
            for name, frame in frames(rows).items():
                writers[name].write(frame)
    return counts


def _extract_chunk(chunk: pl.DataFrame, caches: CacheSettings, parses, extractions, entities, counts) -> dict:
    """The extracted rows of a chunk of documents, in document order: from the extraction cache, else extracted
    from the parse (cached, else parsed)."""
    found: list[dict | None] = []
    todo: list[tuple[int, str, str, str, date | None, str]] = []  # position, doc_id, text, hash, published, key
    for doc_id, text, language, published_at, precision in chunk.rows():
        if not text or not text.strip() or (language or ENGLISH) != ENGLISH:
            counts.skipped_language[language or "none"] = counts.skipped_language.get(language or "none", 0) + 1
            found.append(None)
            continue
        counts.n_documents += 1
        text_hash = exact_text_hash(text)
        published = _published_day(published_at, precision)
        key = extraction_entry_key(text_hash, doc_id, published.isoformat() if published else None)
        rows = None if caches.full_refresh else _decode(extractions.get(key))
        if rows is not None:
            counts.n_extract_cached += 1
        else:
            todo.append((len(found), doc_id, text, text_hash, published, key))
        found.append(rows)
    for (position, doc_id, text, _, published, key), doc in zip(
        todo, _parses([item[1:] for item in todo], parses, caches, counts), strict=True
    ):
        rows = _extract(doc_id, doc, text, published, key, entities, counts)
        extractions.put(key, _encode(rows))
        counts.n_extracted += 1
        found[position] = rows
    out: dict[str, list[dict]] = {name: [] for name in EXTRACTED_SCHEMAS}
    for rows in found:
        if rows is not None:
            _append(out, rows)
    return out


class _WriteOnly:
    """A cache that --full-refresh writes but never reads."""

    def __init__(self, cache):
        self.cache = cache

    def get(self, key: str) -> None:
        return None

    def put(self, key: str, data: bytes) -> None:
        self.cache.put(key, data)


def _parses(todo, parses, caches: CacheSettings, counts: ExtractCounts):
    """The parse of every document in ``todo``, in order: from the cache, else parsed (and cached)."""
    nlp = _pipeline()
    cached = [
        None if caches.full_refresh else _cached_parse(parses.get(text_hash), text, nlp.vocab)
        for _, text, text_hash, _, _ in todo
    ]
    fresh = iter_parsed(nlp, [item[1] for item, doc in zip(todo, cached) if doc is None], batch_size=caches.batch_size)
    for (_, _, text_hash, _, _), doc in zip(todo, cached):
        if doc is not None:
            counts.n_parse_cached += 1
            yield doc
            continue
        doc = next(fresh)
        parses.put(text_hash, doc_to_bytes(doc))
        counts.n_parsed += 1
        yield doc


def _cached_parse(blob: bytes | None, text: str, vocab):
    """A cached parse of exactly this text, or None (absent or damaged entries are misses)."""
    if blob is None:
        return None
    try:
        doc = doc_from_bytes(blob, vocab)
    except Exception:  # spaCy/msgpack raise many types on damaged bytes
        return None
    return doc if doc.text == text else None


def _append(out: dict[str, list[dict]], rows: dict[str, list[dict]]) -> None:
    for name in out:
        out[name].extend(rows.get(name, ()))


def extracted(work: WorkDir, name: str) -> pl.DataFrame:
    return read_files(work.unit_files(STAGE, name), EXTRACTED_SCHEMAS[name])
