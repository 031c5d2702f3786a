"""The extraction split in two passes: an event rule change re-runs only the event pass, from the entity pass's cached
rows, and gets exactly the rows of a full extraction."""

from __future__ import annotations

import ast
import json

import pytest

from flows import versioning
from flows.cache import DocCache, doc_from_bytes, doc_to_bytes
from flows.stages.nlp import ExtractCounts, _decode_entities, _encode, _extract
from tests.conftest import ROOT, SHARED_DATA
from transforms.extract.document import (
    ENTITY_SPANS,
    apply_entity_spans,
    entity_pass,
    event_pass,
    extract_document,
)

VOA = SHARED_DATA / "voa" / "voa_stories.jsonl"
PUBLISHED = None


@pytest.fixture(scope="module")
def base_model():
    """The parse model, loaded once: every parse below is decoded with its vocabulary, as the flow decodes every
    cached parse with its process's model (loading it for each decode took 39 loads, about a second each)."""
    from transforms.nlp.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="module")
def voa_parses(base_model):
    """(doc_id, text, DocBin bytes of the base-model parse) of twelve VOA stories."""
    stories = [json.loads(line) for line in VOA.read_text(encoding="utf-8").splitlines()[:12]]
    texts = [s["text"] for s in stories]
    parsed = base_model.pipe(texts)
    return [(str(s["id"]), t, doc_to_bytes(d)) for s, t, d in zip(stories, texts, parsed, strict=True)]


@pytest.fixture(scope="module")
def parse(base_model):
    """DocBin bytes -> a fresh Doc, decoded with the model's vocabulary."""
    return lambda blob: doc_from_bytes(blob, base_model.vocab)


def test_event_pass_on_cached_entity_rows_equals_a_full_extraction(voa_parses, parse):
    from datetime import date

    n_events = 0
    for doc_id, text, blob in voa_parses:
        published = date(2024, 5, 1)
        full = extract_document(doc_id, parse(blob), published=published, text=text)
        stored = _encode(entity_pass(doc_id, parse(blob), text=text))  # as the entity cache keeps it
        cached = _decode_entities(stored)
        fresh = parse(blob)
        apply_entity_spans(fresh, cached[ENTITY_SPANS])
        split = event_pass(doc_id, fresh, cached, published=published, text=text)
        assert _encode(split) == _encode(full), doc_id
        n_events += len(full["events"])
    assert n_events > 20  # the stories have events: the event pass was compared, not only empty lists


def test_extract_reads_the_entity_cache_and_treats_damage_as_a_miss(voa_parses, parse, tmp_path):
    cache = DocCache(tmp_path, "test")
    doc_id, text, blob = voa_parses[0]
    first, second, third = ExtractCounts(), ExtractCounts(), ExtractCounts()
    rows = _extract(doc_id, parse(blob), text, None, "k" * 64, cache, first)
    assert first.n_entities_cached == 0 and cache.get("k" * 64) is not None
    again = _extract(doc_id, parse(blob), text, None, "k" * 64, cache, second)
    assert second.n_entities_cached == 1
    assert _encode(again) == _encode(rows)
    cache.put("k" * 64, b'{"sentences": [], "mentions": [')  # truncated entry
    damaged = _extract(doc_id, parse(blob), text, None, "k" * 64, cache, third)
    assert third.n_entities_cached == 0
    assert _encode(damaged) == _encode(rows)


def test_entity_version_ignores_event_rules_only(tmp_path):
    for name, body in {
        "transforms/extract/events/triggers.py": "A = 1\n",
        "transforms/extract/entity_rules.py": "B = 1\n",
        "transforms/gazetteer/places.tsv": "x\n",
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body)
    before = versioning.entity_version(tmp_path), versioning.extraction_version(tmp_path)
    (tmp_path / "transforms/extract/events/triggers.py").write_text("A = 2\n")
    after_event_rule = versioning.entity_version(tmp_path), versioning.extraction_version(tmp_path)
    assert after_event_rule[0] == before[0] and after_event_rule[1] != before[1]
    (tmp_path / "transforms/extract/entity_rules.py").write_text("B = 2\n")
    after_entity_rule = versioning.entity_version(tmp_path), versioning.extraction_version(tmp_path)
    assert after_entity_rule[0] != after_event_rule[0] and after_entity_rule[1] != after_event_rule[1]


# What the entity pass runs: a module here importing an event rule would make the entity cache outlive a change
# of that rule (quote candidates are not in the entity pass for that reason: quotes.py uses the event roles).
ENTITY_PASS_MODULES = [
    "transforms/extract/entities.py",
    "transforms/extract/entity_rules.py",
    "transforms/nlp/sentences.py",
    "transforms/ids.py",
    "transforms/schemas.py",
    *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "transforms" / "gazetteer").glob("*.py")),
]


@pytest.mark.parametrize("path", ENTITY_PASS_MODULES)
def test_entity_pass_modules_import_no_event_rules(path):
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    assert imported  # the check reads the module's imports
    assert not [name for name in imported if name.startswith("transforms.extract.events")]
