"""The parse-and-extract task writes a unit a chunk of documents at a time, its rows in document order whatever
came from a cache (flows.stages.nlp.extract_unit)."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from flows import versioning
from flows.cache import exact_text_hash, extract_cache, extraction_entry_key
from flows.stages import nlp as stage
from flows.stages.documents import STAGE as DOCUMENTS_STAGE
from flows.work import Unit, WorkDir, write_frame

STORIES = [
    "Armenian and Azerbaijani ministers met in Moscow on Monday. They agreed to reopen the border crossing.",
    "Police in Nairobi arrested 12 protesters on Tuesday, a spokesman said.",
    "Die Regierung in Berlin kündigte am Mittwoch neue Gespräche an.",
    "The United Nations sent food aid to Sudan, where fighting has displaced millions.",
    "Ukraine said Russian drones struck Odesa overnight, killing two people.",
]


def _unit(tmp_path) -> tuple[WorkDir, Unit]:
    work = WorkDir.create(tmp_path / "out", datetime(2024, 6, 1, tzinfo=UTC))
    unit = Unit(0, 0, len(STORIES))
    docs = pl.DataFrame(
        {
            "doc_id": [f"doc{i}" for i in range(len(STORIES))],
            "text": STORIES,
            "language": ["en", "en", "de", "en", "en"],
            "published_at": [datetime(2024, 5, 1 + i, tzinfo=UTC) for i in range(len(STORIES))],
            "published_precision": ["day"] * len(STORIES),
        },
        schema=stage._INPUT_COLUMNS,
    )
    write_frame(docs, work.unit_file(DOCUMENTS_STAGE, unit, "clean"))
    return work, unit


def _extract(tmp_path, version: str, *, chunk: int, monkeypatch) -> tuple[stage.ExtractCounts, dict]:
    monkeypatch.setattr(stage, "CHUNK_DOCUMENTS", chunk)
    work, unit = _unit(tmp_path)
    caches = stage.CacheSettings(
        output_dir=tmp_path / "out", parse_settings=versioning.parse_settings(), extraction_version=version
    )
    counts = stage.extract_unit.fn(work, unit, caches)
    rows = {name: pl.read_parquet(work.unit_file(stage.STAGE, unit, name)) for name in stage.EXTRACTED_SCHEMAS}
    work.remove()
    return counts, rows


@pytest.fixture(scope="module")
def module_tmp(tmp_path_factory):
    return tmp_path_factory.mktemp("extract-unit")


def test_chunks_and_cache_states_give_the_same_rows_in_document_order(module_tmp, monkeypatch):
    counts, whole = _extract(module_tmp, "v1", chunk=len(STORIES), monkeypatch=monkeypatch)
    assert (counts.n_parsed, counts.n_extracted, counts.skipped_language) == (4, 4, {"de": 1})
    assert whole["mentions"].height > 0 and whole["sentences"].height > 0

    _, chunked = _extract(module_tmp, "v2", chunk=2, monkeypatch=monkeypatch)  # parses cached, extraction not
    for name, frame in whole.items():
        assert chunked[name].equals(frame), name

    # Half the documents' extractions cached, the others extracted: the rows still come in document order.
    v1 = extract_cache(module_tmp / "out", versioning.parse_settings(), "v1")
    v3 = extract_cache(module_tmp / "out", versioning.parse_settings(), "v3")
    for i in (1, 4):
        key = extraction_entry_key(exact_text_hash(STORIES[i]), f"doc{i}", f"2024-05-0{1 + i}")
        v3.put(key, v1.get(key))
    counts, mixed = _extract(module_tmp, "v3", chunk=2, monkeypatch=monkeypatch)
    assert (counts.n_extract_cached, counts.n_extracted, counts.n_parsed) == (2, 2, 0)
    for name, frame in whole.items():
        assert mixed[name].equals(frame), name
    order = whole["sentences"]["doc_id"].to_list()
    assert order == sorted(order) and "doc2" not in order
