"""The data-quality gate: valid tables pass; each corruption the suites guard against is caught by name."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import polars as pl
import pytest

from flows import validation
from flows.validation import CRITICAL, WARNING, validate_release, validate_tables
from transforms import schemas
from transforms.schemas import TABLES

RUN_DATE = dt.date(2023, 9, 30)
UTC = dt.UTC

TEXT_A = (
    "Hikmet Hajiyev said the talks in Baku would resume.\n\n"
    "“We are ready for peace,” Hajiyev said. Armenia agreed to a ceasefire on September 20."
)
TEXT_B = "Azerbaijani officials met Armenian residents in Yevlakh. They agreed to meet again."


def _span(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def _doc(doc_id: str, text: str, boilerplate_lines: int) -> dict:
    return {
        "doc_id": doc_id,
        "source_uri": f"{doc_id}.txt",
        "source_name": "Example News",
        "url": None,
        "title": "A title",
        "authors": ["A. Writer"],
        "published_at": dt.datetime(2023, 9, 23, tzinfo=UTC),
        "published_precision": "day",
        "published_source": "byline",
        "updated_at": None,
        "language": "en",
        "text": text,
        "text_policy": "full",
        "n_chars": len(text),
        "n_words": len(text.split()),
        "content_hash": hashlib.sha256(text.encode()).hexdigest(),
        "dup_cluster_id": doc_id,
        "dup_of": None,
        "boilerplate_lines": boilerplate_lines,
        "ingested_at": dt.datetime(2023, 9, 30, tzinfo=UTC),
        "pipeline_version": "0.1.0+test",
    }


def build_valid_tables() -> dict[str, pl.DataFrame]:
    """A small, internally consistent release: two documents, entities, a quote and an event."""
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    rows["documents"] = [_doc("doc_a", TEXT_A, 2), _doc("doc_b", TEXT_B, 0)]
    rows["boilerplate"] = [
        {"doc_id": "doc_a", "line_no": 0, "text": "Last update: May 12, 2024 00:01", "reason": "update_stamp"},
        {"doc_id": "doc_a", "line_no": 2, "text": "Newsroom logo", "reason": "logo"},
    ]
    for doc_id, text in (("doc_a", TEXT_A), ("doc_b", TEXT_B)):
        start = 0
        for i, para in enumerate(text.split("\n\n")):
            s = text.index(para, start)
            rows["paragraphs"].append(
                {"doc_id": doc_id, "para_idx": i, "char_start": s, "char_end": s + len(para),
                 "para_hash": hashlib.sha256(para.encode()).hexdigest()[:16], "first_doc_id": doc_id, "is_repeat": False}
            )
            start = s + len(para)
    sentences_a = [
        "Hikmet Hajiyev said the talks in Baku would resume.",
        "“We are ready for peace,” Hajiyev said.",
        "Armenia agreed to a ceasefire on September 20.",
    ]
    sentences_b = ["Azerbaijani officials met Armenian residents in Yevlakh.", "They agreed to meet again."]
    for doc_id, text, sentences in (("doc_a", TEXT_A, sentences_a), ("doc_b", TEXT_B, sentences_b)):
        for i, sentence in enumerate(sentences):
            s, e = _span(text, sentence)
            rows["sentences"].append({"doc_id": doc_id, "sentence_idx": i, "char_start": s, "char_end": e})
    entities = {
        "ent_hajiyev": ("Hikmet Hajiyev", "PERSON", None, None, None),
        "ent_baku": ("Baku", "GPE", "AZE", 40.3777, 49.892),
        "ent_armenia": ("Armenia", "GPE", "ARM", 40.0, 45.0),
        "ent_yevlakh": ("Yevlakh", "GPE", "AZE", 40.6183, 47.15),
    }
    mentions = [
        ("doc_a", 0, "Hikmet Hajiyev", "ent_hajiyev", "PERSON"),
        ("doc_a", 0, "Baku", "ent_baku", "GPE"),
        ("doc_a", 2, "Armenia", "ent_armenia", "GPE"),
        ("doc_b", 0, "Yevlakh", "ent_yevlakh", "GPE"),
    ]
    counts: dict[str, int] = {}
    for doc_id, sentence_idx, surface, entity_id, label in mentions:
        text = TEXT_A if doc_id == "doc_a" else TEXT_B
        s, e = _span(text, surface)
        rows["entity_mentions"].append(
            {"mention_id": f"m_{doc_id}_{s}", "entity_id": entity_id, "doc_id": doc_id, "sentence_idx": sentence_idx,
             "char_start": s, "char_end": e, "text": surface, "label": label}
        )
        counts[entity_id] = counts.get(entity_id, 0) + 1
    for entity_id, (name, type_, country, lat, lon) in entities.items():
        rows["entities"].append(
            {"entity_id": entity_id, "name": name, "type": type_, "aliases": [], "n_mentions": counts[entity_id],
             "n_documents": 1, "country_code": country, "latitude": lat, "longitude": lon, "geonames_id": None}
        )
    qs, qe = _span(TEXT_A, "We are ready for peace,")
    rows["quotes"] = [
        {"quote_id": "q1", "doc_id": "doc_a", "speaker_entity_id": "ent_hajiyev", "speaker_text": "Hajiyev",
         "text": TEXT_A[qs:qe], "char_start": qs, "char_end": qe, "cue": "said", "direct": True}
    ]
    s, e = _span(TEXT_A, sentences_a[2])
    rows["events"] = [
        {"event_id": "ev1", "event_type": "AGREE", "quad_class": "verbal_cooperation", "event_date": dt.date(2023, 9, 20),
         "date_precision": "day", "date_text": "September 20", "actor_entity_ids": ["ent_armenia"], "actor_text": "Armenia",
         "recipient_entity_ids": None, "recipient_text": None, "location_entity_id": None, "location_name": None,
         "country_code": "ARM", "latitude": None, "longitude": None, "geo_precision": "none", "fatalities": 0,
         "evidence": sentences_a[2], "confidence": 0.8, "n_mentions": 1, "n_documents": 1,
         "first_reported_at": dt.datetime(2023, 9, 23, tzinfo=UTC)}
    ]
    rows["event_mentions"] = [
        {"event_id": "ev1", "doc_id": "doc_a", "sentence_idx": 2, "char_start": s, "char_end": e, "trigger": "agreed", "confidence": 0.8}
    ]
    rows["rejects"] = [{"source_uri": "bad.bin", "reason": "binary_file", "detail": "contains NUL bytes"}]
    return {name: TABLES[name].conform(pl.DataFrame(rows[name], schema=TABLES[name].schema)) for name in TABLES}


@pytest.fixture(scope="module")
def valid_tables() -> dict[str, pl.DataFrame]:
    return build_valid_tables()


@pytest.fixture(scope="module")
def valid_outcome(valid_tables):
    return validate_tables(valid_tables, run_date=RUN_DATE)


def test_valid_tables_pass_every_check(valid_outcome):
    failed = [(r.check, r.observed_text(), r.examples) for r in valid_outcome.results if not r.success]
    assert failed == []
    assert valid_outcome.success
