"""The data-quality gate: valid tables pass; each corruption the suites guard against is caught by name,
as an invariant (blocks) or a row rule (quarantined with its dependants, blocks above its threshold)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from pathlib import Path

import polars as pl
import pytest

from flows import validation
from flows.settings import EXPECTATIONS_DIR
from flows.validation import (
    CRITICAL,
    INVARIANT,
    KINDS,
    REFERENCES,
    ROW_RULE,
    WARNING,
    Failure,
    nothing_survived_message,
    quarantine_failures,
    run_gate,
    validate_release,
    validate_tables,
)
from transforms import schemas
from transforms.publish.docs import datapackage_descriptor
from transforms.schemas import TABLES

ROOT = Path(__file__).resolve().parent.parent
RUN_DATE = dt.date(2023, 9, 30)
UTC = dt.UTC

TEXT_A = (
    "Maria Lopez said the talks in Lisbon would resume.\n\n"
    "“We are ready for peace,” Lopez said. Portugal agreed to a ceasefire on September 20."
)
TEXT_B = "Spanish officials met Portuguese residents in Porto. They agreed to meet again."


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
        {"doc_id": "doc_a", "line_no": 2, "text": "Example News logo", "reason": "logo"},
    ]
    for doc_id, text in (("doc_a", TEXT_A), ("doc_b", TEXT_B)):
        start = 0
        for i, para in enumerate(text.split("\n\n")):
            s = text.index(para, start)
            rows["paragraphs"].append(
                {
                    "doc_id": doc_id,
                    "para_idx": i,
                    "char_start": s,
                    "char_end": s + len(para),
                    "para_hash": hashlib.sha256(para.encode()).hexdigest()[:16],
                    "first_doc_id": doc_id,
                    "is_repeat": False,
                }
            )
            start = s + len(para)
    sentences_a = [
        "Maria Lopez said the talks in Lisbon would resume.",
        "“We are ready for peace,” Lopez said.",
        "Portugal agreed to a ceasefire on September 20.",
    ]
    sentences_b = ["Spanish officials met Portuguese residents in Porto.", "They agreed to meet again."]
    for doc_id, text, sentences in (("doc_a", TEXT_A, sentences_a), ("doc_b", TEXT_B, sentences_b)):
        for i, sentence in enumerate(sentences):
            s, e = _span(text, sentence)
            rows["sentences"].append({"doc_id": doc_id, "sentence_idx": i, "char_start": s, "char_end": e})
    entities = {
        "ent_lopez": ("Maria Lopez", "PERSON", None, None, None),
        "ent_lisbon": ("Lisbon", "GPE", "PRT", 38.7223, -9.1393),
        "ent_portugal": ("Portugal", "GPE", "PRT", 39.5, -8.0),
        "ent_porto": ("Porto", "GPE", "PRT", 41.1579, -8.6291),
    }
    mentions = [
        ("doc_a", 0, "Maria Lopez", "ent_lopez", "PERSON"),
        ("doc_a", 0, "Lisbon", "ent_lisbon", "GPE"),
        ("doc_a", 2, "Portugal", "ent_portugal", "GPE"),
        ("doc_b", 0, "Porto", "ent_porto", "GPE"),
    ]
    counts: dict[str, int] = {}
    for doc_id, sentence_idx, surface, entity_id, label in mentions:
        text = TEXT_A if doc_id == "doc_a" else TEXT_B
        s, e = _span(text, surface)
        rows["entity_mentions"].append(
            {
                "mention_id": f"m_{doc_id}_{s}",
                "entity_id": entity_id,
                "doc_id": doc_id,
                "sentence_idx": sentence_idx,
                "char_start": s,
                "char_end": e,
                "text": surface,
                "label": label,
            }
        )
        counts[entity_id] = counts.get(entity_id, 0) + 1
    for entity_id, (name, type_, country, lat, lon) in entities.items():
        rows["entities"].append(
            {
                "entity_id": entity_id,
                "name": name,
                "type": type_,
                "aliases": [],
                "n_mentions": counts[entity_id],
                "n_documents": 1,
                "country_code": country,
                "latitude": lat,
                "longitude": lon,
                "geonames_id": None,
            }
        )
    qs, qe = _span(TEXT_A, "We are ready for peace,")
    rows["quotes"] = [
        {
            "quote_id": "q1",
            "doc_id": "doc_a",
            "speaker_entity_id": "ent_lopez",
            "speaker_text": "Lopez",
            "text": TEXT_A[qs:qe],
            "char_start": qs,
            "char_end": qe,
            "cue": "said",
            "direct": True,
        }
    ]
    s, e = _span(TEXT_A, sentences_a[2])
    rows["events"] = [
        {
            "event_id": "ev1",
            "event_type": "AGREE",
            "quad_class": "verbal_cooperation",
            "event_date": dt.date(2023, 9, 20),
            "date_precision": "day",
            "date_text": "September 20",
            "date_source": "sentence",
            "actor_entity_ids": ["ent_portugal"],
            "actor_text": "Portugal",
            "recipient_entity_ids": None,
            "recipient_text": None,
            "location_entity_id": None,
            "location_name": None,
            "country_code": "PRT",
            "latitude": None,
            "longitude": None,
            "geo_precision": "none",
            "geo_source": "none",
            "fatalities": 0,
            "evidence": sentences_a[2],
            "confidence": 0.8,
            "n_mentions": 1,
            "n_documents": 1,
            "first_reported_at": dt.datetime(2023, 9, 23, tzinfo=UTC),
        }
    ]
    rows["event_mentions"] = [
        {
            "event_id": "ev1",
            "doc_id": "doc_a",
            "sentence_idx": 2,
            "char_start": s,
            "char_end": e,
            "trigger": "agreed",
            "confidence": 0.8,
        }
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
    assert valid_outcome.success and not valid_outcome.quarantines


# --- helpers ---------------------------------------------------------------------------------------


def _replace(tables: dict[str, pl.DataFrame], name: str, df: pl.DataFrame) -> dict[str, pl.DataFrame]:
    return {**tables, name: df}


def _set_where(tables, name: str, column: str, value, condition: pl.Expr) -> dict[str, pl.DataFrame]:
    """Tables with ``column`` set to ``value`` on the rows of ``name`` where ``condition`` holds."""
    df = tables[name]
    dtype = df.schema[column]
    return _replace(
        tables,
        name,
        df.with_columns(pl.when(condition).then(pl.lit(value, dtype=dtype)).otherwise(pl.col(column)).alias(column)),
    )


def _set_first(tables, name: str, column: str, value) -> dict[str, pl.DataFrame]:
    """Tables with ``column`` of the first row of ``name`` set to ``value``."""
    return _set_where(tables, name, column, value, pl.int_range(pl.len()) == 0)


def _failed(outcome) -> set[str]:
    return set(outcome.failed_checks())


def _append_to_text(tables, doc_id: str, suffix: str) -> dict[str, pl.DataFrame]:
    docs = tables["documents"].with_columns(
        pl.when(pl.col("doc_id") == doc_id).then(pl.col("text") + suffix).otherwise(pl.col("text")).alias("text"),
    )
    docs = docs.with_columns(pl.col("text").str.len_chars().cast(pl.Int64).alias("n_chars"))
    return _replace(tables, "documents", docs)


def write_release(
    directory: Path,
    tables: dict[str, pl.DataFrame],
    *,
    schema_version: int = schemas.SCHEMA_VERSION,
    created_at: str = "2023-09-30T12:00:00Z",
) -> Path:
    """A minimal release folder in the DESIGN section 5 layout: data/*.parquet, manifest, data package, SHA256SUMS."""
    tables = {**tables}
    tables.setdefault("quarantine", TABLES["quarantine"].empty())
    data = directory / "data"
    data.mkdir(parents=True)
    entries = {}
    for name, df in tables.items():
        path = data / f"{name}.parquet"
        df.write_parquet(path, compression="zstd", statistics=True)
        entries[name] = {
            "path": f"data/{name}.parquet",
            "rows": df.height,
            "bytes": path.stat().st_size,
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "columns": [{"name": c, "type": str(t)} for c, t in df.schema.items()],
        }
    manifest = {
        "version": directory.name,
        "schema_version": schema_version,
        "pipeline_version": "0.1.0+test",
        "created_at": created_at,
        "input_fingerprint": "test",
        "tables": entries,
    }
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    declared = {n: e for n, e in entries.items() if n in TABLES}
    package = datapackage_descriptor(
        version=directory.name, created_at=dt.datetime.fromisoformat(created_at), resources=declared
    )
    (directory / "datapackage.json").write_text(json.dumps(package, indent=2, sort_keys=True))
    files = sorted(p for p in directory.rglob("*") if p.is_file())
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(directory).as_posix()}" for p in files]
    (directory / "SHA256SUMS").write_text("\n".join(lines) + "\n")
    return directory


# --- the suites as files ---------------------------------------------------------------------------


def _raw_suites() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text()) for p in sorted(EXPECTATIONS_DIR.glob("*.json"))}


def test_every_expectation_is_classified():
    definitions = validation.load_suite_definitions()
    assert set(definitions) == {*schemas.PUBLISHED_TABLES, "release"}
    checks = []
    for name, suite in _raw_suites().items():
        assert suite["name"] == name and suite["expectations"], name
        for exp in suite["expectations"]:
            meta = exp["meta"]
            assert meta["severity"] in (CRITICAL, WARNING) and meta["kind"] in KINDS, meta
            assert exp.get("severity", meta["severity"]) == meta["severity"]
            mostly = exp["kwargs"].get("mostly")
            if meta["kind"] == ROW_RULE and meta["severity"] == CRITICAL:
                assert mostly is not None and 0 < mostly <= 1, f"{meta['check']}: the threshold is set in the file"
            if meta["kind"] == INVARIANT:
                assert mostly is None, f"{meta['check']}: an invariant tolerates no failing row"
            checks.append(meta["check"])
    assert len(checks) == len(set(checks)), "check names must be unique"
    row_rules = {c for s in _raw_suites().values() for e in s["expectations"] if (c := e["meta"]["check"])}
    assert {
        "events.event_date.not_after_run_date",
        "events.fatalities.plausible_for_one_event",
        "documents.published_at.plausible",
        "documents.text.no_boilerplate_markers",
        "entity_mentions.text.matches_document_offsets",
    } <= row_rules


def test_suites_cover_the_declared_schema():
    """The JSON is the only source of the suites; this keeps it in step with transforms/schemas.py."""
    suites = _raw_suites()
    by_check = {e["meta"]["check"]: e for s in suites.values() for e in s["expectations"]}
    for table in TABLES.values():
        for column in table.columns:
            if not column.nullable:
                assert by_check[f"{table.name}.{column.name}.not_null"]["kwargs"]["column"] == column.name
        key = table.primary_key
        unique = by_check.get(f"{table.name}.{key[0]}.unique") or by_check[f"{table.name}.primary_key.unique"]
        assert unique["kwargs"].get("column_list", [unique["kwargs"].get("column")]) == list(key)
    for ref in REFERENCES:
        exp = by_check[ref.check]
        assert exp["kwargs"] == {"column": ref.view_column, "value_set": [True]}
        assert (exp["meta"]["kind"], exp["meta"]["severity"]) == (INVARIANT, CRITICAL)
    enums = {
        "documents.published_precision.in_set": schemas.PUBLISHED_PRECISIONS,
        "documents.published_source.in_set": schemas.PUBLISHED_SOURCES,
        "documents.text_policy.in_set": schemas.TEXT_POLICIES,
        "boilerplate.reason.in_set": schemas.BOILERPLATE_REASONS,
        "entities.type.in_set": schemas.ENTITY_TYPES,
        "entity_mentions.label.in_set": schemas.ENTITY_TYPES,
        "events.event_type.in_set": schemas.PLOVER_CATEGORIES,
        "events.quad_class.in_set": schemas.QUAD_CLASSES,
        "events.date_precision.in_set": schemas.DATE_PRECISIONS,
        "events.geo_precision.in_set": schemas.GEO_PRECISIONS,
        "events.geo_source.in_set": schemas.GEO_SOURCES,
        "rejects.reason.in_set": schemas.REJECT_REASONS,
        "event_rejects.reason.in_set": tuple(schemas.EVENT_REJECT_REASONS),
        "event_rejects.stage.in_set": schemas.EVENT_REJECT_STAGES,
        "event_rejects.event_type.in_set": schemas.PLOVER_CATEGORIES,
        "quarantine.action.in_set": schemas.QUARANTINE_ACTIONS,
        "release.tables.all_present": schemas.PUBLISHED_TABLES,
    }
    for check, values in enums.items():
        assert by_check[check]["kwargs"]["value_set"] == list(values), check
    view = validation.build_validation_view("events", {"events": build_valid_tables()["events"]})
    assert by_check["events.quad_class.matches_event_type"]["kwargs"]["column_B"] == "event_type_quad_class"
    assert view["event_type_quad_class"].to_list() == [schemas.PLOVER_QUAD_CLASS["AGREE"]]


def test_suites_have_one_owner_and_no_seed_furniture():
    """`make bench` runs every bench/*.py: none may write the suites, and the seed-specific patterns are gone."""
    for script in (ROOT / "bench").glob("*.py"):
        assert "expectations" not in script.read_text(), f"{script.name} touches the expectation suites"
    text = "\n".join(p.read_text() for p in EXPECTATIONS_DIR.glob("*.json"))
    for seed_specific in ("Newsroom logo", "News ID", "/ Courtesy$"):
        assert seed_specific not in text


def test_loader_rejects_unclassified_or_ambiguous_expectations(tmp_path):
    def copy_with(edit) -> Path:
        target = tmp_path / f"suites{len(list(tmp_path.iterdir()))}"
        shutil.copytree(EXPECTATIONS_DIR, target)
        suite = json.loads((target / "events.json").read_text())
        edit(suite["expectations"])
        (target / "events.json").write_text(json.dumps(suite))
        return target

    def find(expectations, check):
        return next(e for e in expectations if e["meta"]["check"] == check)

    unclassified = copy_with(lambda es: find(es, "events.event_id.unique")["meta"].pop("kind"))
    with pytest.raises(validation.SuiteError, match="meta.kind"):
        validation.load_suite_definitions(unclassified)
    tolerant = copy_with(lambda es: find(es, "events.event_id.unique")["kwargs"].update(mostly=0.9))
    with pytest.raises(validation.SuiteError, match="invariant tolerates no failing row"):
        validation.load_suite_definitions(tolerant)
    no_threshold = copy_with(lambda es: find(es, "events.event_date.not_after_run_date")["kwargs"].pop("mostly"))
    loaded = validation.load_suite_definitions(no_threshold)
    rule = find(loaded["events"]["expectations"], "events.event_date.not_after_run_date")
    assert rule["kwargs"]["mostly"] == validation.DEFAULT_ROW_RULE_MOSTLY == 0.99


# --- valid tables ----------------------------------------------------------------------------------


def test_outcome_reports_and_serialises(valid_outcome, tmp_path):
    folder = valid_outcome.write(tmp_path)
    results = json.loads((folder / "results.json").read_text())
    assert results["success"] is True
    assert results["statistics"]["evaluated"] == len(valid_outcome.results) > 100
    assert all("failing_rows" not in r and r["kind"] in KINDS for r in results["results"])
    report = (folder / "report.html").read_text()
    assert "documents.doc_id.unique" in report and "Validation report: PASSED" in report
    rows = valid_outcome.summary_rows()
    assert {"table", "expectation", "kind", "severity", "success", "quarantined", "observed"} == set(rows[0])
    assert valid_outcome.format_failures().startswith("All ")
    # Deterministic output: the same tables give byte-identical results.
    again = validate_tables(build_valid_tables(), run_date=RUN_DATE)
    assert json.dumps(again.to_json(), sort_keys=True) == json.dumps(valid_outcome.to_json(), sort_keys=True)


# --- each guarded corruption is caught, by name ----------------------------------------------------


def _duplicate_document(t):
    return _replace(t, "documents", pl.concat([t["documents"], t["documents"].head(1)]))


def _duplicate_boilerplate_key(t):
    return _replace(
        t,
        "boilerplate",
        pl.concat([t["boilerplate"], t["boilerplate"].head(1).with_columns(pl.lit("caption").alias("reason"))]),
    )


def _marker_back_in_text(t):
    return _append_to_text(t, "doc_b", "\nRead more: Ministers to meet again next week")


def _quarantine_row(table: str, action: str = "removed"):
    def corrupt(t):
        row = {
            "table": table,
            "key": '{"doc_id":"doc_x"}',
            "rule": "documents.text.x",
            "observed": "",
            "action": action,
        }
        return _replace(t, "quarantine", pl.DataFrame([row], schema=TABLES["quarantine"].schema))

    return corrupt


DOC_B = pl.col("doc_id") == "doc_b"
CORRUPTIONS = {
    # name: (corrupt(tables) -> tables, suite that must catch it, check that must fail, its kind)
    "duplicate doc_id": (_duplicate_document, "documents", "documents.doc_id.unique", INVARIANT),
    "duplicate compound key": (_duplicate_boilerplate_key, "boilerplate", "boilerplate.primary_key.unique", INVARIANT),
    "null key": (
        lambda t: _set_first(t, "entities", "entity_id", None),
        "entities",
        "entities.entity_id.not_null",
        INVARIANT,
    ),
    "dangling entity_id": (
        lambda t: _set_first(t, "entity_mentions", "entity_id", "ent_nobody"),
        "entity_mentions",
        "entity_mentions.entity_id.references_entities",
        INVARIANT,
    ),
    "dangling mention doc_id": (
        lambda t: _set_first(t, "entity_mentions", "doc_id", "doc_gone"),
        "entity_mentions",
        "entity_mentions.doc_id.references_documents",
        INVARIANT,
    ),
    "dangling event_id": (
        lambda t: _set_first(t, "event_mentions", "event_id", "ev_gone"),
        "event_mentions",
        "event_mentions.event_id.references_events",
        INVARIANT,
    ),
    "dangling speaker": (
        lambda t: _set_first(t, "quotes", "speaker_entity_id", "ent_nobody"),
        "quotes",
        "quotes.speaker_entity_id.references_entities",
        INVARIANT,
    ),
    "dangling actor": (
        lambda t: _set_first(t, "events", "actor_entity_ids", ["ent_portugal", "ent_nobody"]),
        "events",
        "events.actor_entity_ids.references_entities",
        INVARIANT,
    ),
    "dangling recipient": (
        lambda t: _set_first(t, "events", "recipient_entity_ids", ["ent_nobody"]),
        "events",
        "events.recipient_entity_ids.references_entities",
        INVARIANT,
    ),
    "dangling location": (
        lambda t: _set_first(t, "events", "location_entity_id", "ent_nowhere"),
        "events",
        "events.location_entity_id.references_entities",
        INVARIANT,
    ),
    "dangling dup_of": (
        lambda t: _set_where(t, "documents", "dup_of", "doc_gone", DOC_B),
        "documents",
        "documents.dup_of.references_documents",
        INVARIANT,
    ),
    "dangling first_doc_id": (
        lambda t: _set_first(t, "paragraphs", "first_doc_id", "doc_gone"),
        "paragraphs",
        "paragraphs.first_doc_id.references_documents",
        INVARIANT,
    ),
    "event without mentions": (
        lambda t: _replace(t, "event_mentions", t["event_mentions"].clear()),
        "events",
        "events.mention_rows.has_mentions",
        INVARIANT,
    ),
    "latitude out of range": (
        lambda t: _set_first(t, "events", "latitude", 123.0),
        "events",
        "events.latitude.range",
        INVARIANT,
    ),
    "longitude out of range": (
        lambda t: _set_first(t, "entities", "longitude", -181.0),
        "entities",
        "entities.longitude.range",
        INVARIANT,
    ),
    "confidence above 1": (
        lambda t: _set_first(t, "event_mentions", "confidence", 1.5),
        "event_mentions",
        "event_mentions.confidence.range",
        INVARIANT,
    ),
    "negative fatalities": (
        lambda t: _set_first(t, "events", "fatalities", -3),
        "events",
        "events.fatalities.non_negative",
        INVARIANT,
    ),
    "n_mentions zero": (
        lambda t: _set_first(t, "events", "n_mentions", 0),
        "events",
        "events.n_mentions.at_least_one",
        INVARIANT,
    ),
    "offset past the text": (
        lambda t: _set_first(t, "sentences", "char_end", 10_000),
        "sentences",
        "sentences.char_end.within_document",
        INVARIANT,
    ),
    "end before start": (
        lambda t: _set_first(t, "paragraphs", "char_start", 5_000),
        "paragraphs",
        "paragraphs.char_end.not_before_char_start",
        INVARIANT,
    ),
    "bad event_type": (
        lambda t: _set_first(t, "events", "event_type", "RIOT"),
        "events",
        "events.event_type.in_set",
        INVARIANT,
    ),
    "quad_class of another type": (
        lambda t: _set_first(t, "events", "quad_class", "material_conflict"),
        "events",
        "events.quad_class.matches_event_type",
        INVARIANT,
    ),
    "bad date_precision": (
        lambda t: _set_first(t, "events", "date_precision", "week"),
        "events",
        "events.date_precision.in_set",
        INVARIANT,
    ),
    "bad date_source": (
        lambda t: _set_first(t, "events", "date_source", "guess"),
        "events",
        "events.date_source.in_set",
        INVARIANT,
    ),
    "bad published_precision": (
        lambda t: _set_first(t, "documents", "published_precision", "hour"),
        "documents",
        "documents.published_precision.in_set",
        INVARIANT,
    ),
    "bad boilerplate reason": (
        lambda t: _set_first(t, "boilerplate", "reason", "junk"),
        "boilerplate",
        "boilerplate.reason.in_set",
        INVARIANT,
    ),
    "bad entity type": (
        lambda t: _set_first(t, "entities", "type", "ANIMAL"),
        "entities",
        "entities.type.in_set",
        INVARIANT,
    ),
    "bad reject reason": (
        lambda t: _set_first(t, "rejects", "reason", "cosmic_rays"),
        "rejects",
        "rejects.reason.in_set",
        INVARIANT,
    ),
    "quarantined reject": (_quarantine_row("rejects"), "quarantine", "quarantine.table.in_set", INVARIANT),
    "unknown quarantine action": (
        _quarantine_row("documents", "deleted"),
        "quarantine",
        "quarantine.action.in_set",
        INVARIANT,
    ),
    "missing table": (
        lambda t: {k: v for k, v in t.items() if k != "quotes"},
        "release",
        "release.tables.all_present",
        INVARIANT,
    ),
    "undeclared column": (
        lambda t: _replace(t, "rejects", t["rejects"].with_columns(pl.lit(1).alias("extra"))),
        "release",
        "release.columns.match_declared_schema",
        INVARIANT,
    ),
    # Row rules: the failing rows are quarantined; one document's rows never block.
    "page furniture in text": (_marker_back_in_text, "documents", "documents.text.no_boilerplate_markers", ROW_RULE),
    "publication in the future": (
        lambda t: _set_where(t, "documents", "published_at", dt.datetime(2023, 10, 2, tzinfo=UTC), DOC_B),
        "documents",
        "documents.published_at.plausible",
        ROW_RULE,
    ),
    "publication before newspapers": (
        lambda t: _set_where(t, "documents", "published_at", dt.datetime(1066, 10, 14, tzinfo=UTC), DOC_B),
        "documents",
        "documents.published_at.plausible",
        ROW_RULE,
    ),
    "mention text off its offsets": (
        lambda t: _set_first(t, "entity_mentions", "text", "Maria Lopes"),
        "entity_mentions",
        "entity_mentions.text.matches_document_offsets",
        ROW_RULE,
    ),
    "quote offsets shifted": (
        lambda t: _set_first(t, "quotes", "char_start", 1),
        "quotes",
        "quotes.text.matches_document_offsets",
        ROW_RULE,
    ),
    "event after the run date": (
        lambda t: _set_first(t, "events", "event_date", dt.date(2050, 1, 1)),
        "events",
        "events.event_date.not_after_run_date",
        ROW_RULE,
    ),
    "war toll read as one event": (
        lambda t: _set_first(t, "events", "fatalities", 100_000),
        "events",
        "events.fatalities.plausible_for_one_event",
        ROW_RULE,
    ),
}


@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
def test_corruption_fails_the_named_check(valid_tables, corruption):
    corrupt, suite, check, kind = CORRUPTIONS[corruption]
    outcome = validate_tables(corrupt(valid_tables), run_date=RUN_DATE, suites=(suite,))
    assert check in _failed(outcome)
    result = outcome.result(check)
    assert (result.kind, result.severity) == (kind, CRITICAL)
    assert check in outcome.format_failures()
    if kind == INVARIANT:
        assert result in outcome.critical_failures and not outcome.success
    else:
        # One document's rows: quarantined, never blocking, whatever their share.
        assert result.quarantines and result.documents_affected == 1 and result.failing_rows
        assert outcome.success and result in outcome.quarantines


def test_missing_table_is_named(valid_tables):
    outcome = validate_tables(
        {k: v for k, v in valid_tables.items() if k != "quotes"}, run_date=RUN_DATE, suites=("release",)
    )
    assert outcome.result("release.tables.all_present").observed == {"missing": ["quotes"]}


def test_failure_examples_show_the_offending_rows(valid_tables):
    outcome = validate_tables(_marker_back_in_text(valid_tables), run_date=RUN_DATE, suites=("documents",))
    result = outcome.result("documents.text.no_boilerplate_markers")
    assert result.unexpected_count == 1
    assert result.examples[0]["doc_id"] == "doc_b"
    assert "Read more:" in result.examples[0]["text"]
    assert len(result.failing_values) == 1 and "Read more: Ministers" in result.failing_values[0]
    mention = validate_tables(
        CORRUPTIONS["mention text off its offsets"][0](valid_tables), run_date=RUN_DATE, suites=("entity_mentions",)
    )
    result = mention.result("entity_mentions.text.matches_document_offsets")
    assert (
        result.examples[0]["text"] == "Maria Lopes" and result.examples[0]["document_text_at_offsets"] == "Maria Lopez"
    )
    assert result.failing_values == ["Maria Lopes | Maria Lopez"]


def test_warning_does_not_block(valid_tables):
    tables = _set_first(valid_tables, "events", "n_mentions", 2)  # mention_rows is 1: inconsistent count
    outcome = validate_tables(tables, run_date=RUN_DATE, suites=("events",))
    assert _failed(outcome) == {"events.n_mentions.equals_mention_rows"}
    assert outcome.result("events.n_mentions.equals_mention_rows").severity == WARNING
    assert outcome.success and len(outcome.warnings) == 1


# --- the row rules, one by one ---------------------------------------------------------------------


def _rule_fails(tables, suite: str, check: str, run_date=RUN_DATE) -> bool:
    return check in _failed(validate_tables(tables, run_date=run_date, suites=(suite,)))


@pytest.mark.parametrize(
    ("event_date", "run_date", "fails"),
    [
        (dt.date(2023, 9, 30), RUN_DATE, False),
        # The run's date plus 14 hours (UTC+14, the largest offset) may already be tomorrow locally.
        (dt.date(2023, 10, 1), RUN_DATE, False),
        (dt.date(2023, 10, 1), dt.datetime(2023, 9, 30, 9, 0, tzinfo=UTC), True),
        (dt.date(2023, 10, 1), dt.datetime(2023, 9, 30, 11, 0, tzinfo=UTC), False),
        (dt.date(2023, 10, 2), RUN_DATE, True),
        (dt.date(2050, 1, 1), RUN_DATE, True),
    ],
)
def test_event_date_rule(valid_tables, event_date, run_date, fails):
    tables = _set_first(valid_tables, "events", "event_date", event_date)
    assert _rule_fails(tables, "events", "events.event_date.not_after_run_date", run_date) is fails


@pytest.mark.parametrize(
    ("published_at", "fails"),
    [
        (dt.datetime(1605, 1, 1, tzinfo=UTC), False),
        (dt.datetime(1604, 12, 31, tzinfo=UTC), True),
        (dt.datetime(1, 1, 1, tzinfo=UTC), True),
        (dt.datetime(2023, 9, 30, 21, 59, tzinfo=UTC), False),  # run at 08:00 UTC + 14 h
        (dt.datetime(2023, 9, 30, 22, 1, tzinfo=UTC), True),
        (None, False),
    ],
)
def test_published_at_rule(valid_tables, published_at, fails):
    tables = _set_where(valid_tables, "documents", "published_at", published_at, DOC_B)
    run = dt.datetime(2023, 9, 30, 8, 0, tzinfo=UTC)
    assert _rule_fails(tables, "documents", "documents.published_at.plausible", run) is fails


@pytest.mark.parametrize(("fatalities", "fails"), [(None, False), (0, False), (10_000, False), (10_001, True)])
def test_fatalities_rule(valid_tables, fatalities, fails):
    tables = _set_first(valid_tables, "events", "fatalities", fatalities)
    assert _rule_fails(tables, "events", "events.fatalities.plausible_for_one_event") is fails


def _furniture_patterns(check: str) -> list[re.Pattern]:
    suite = json.loads((EXPECTATIONS_DIR / "documents.json").read_text())
    exp = next(e for e in suite["expectations"] if e["meta"]["check"] == check)
    return [re.compile(p) for p in exp["kwargs"]["regex_list"]]


# Written as web pages print them, none taken from the seeds; the tests on the suites as GX runs
# them are the corruption table's "page furniture in text".
FURNITURE_LINES = [
    "Share this article",
    "Share on Facebook",
    "Facebook | Twitter | WhatsApp | Email",
    "Read more: Storm closes schools across the region",
    "READ MORE",
    "Related Articles",
    "See also: How the vote works",
    "You may also like",
    "Subscribe",
    "Sign up for our free daily newsletter",
    "We use cookies to give you the best experience on our website.",
    "This site uses cookies. Accept all cookies",
    "© 2024 Example Media Group. All rights reserved.",
    "Copyright 2019 The Daily Example",
    "Advertisement",
    "Story continues below advertisement",
    "Follow us on Twitter and Instagram",
    "Follow Jane Doe on X",
    "Skip to main content",
    "12 Comments",
    "Download our app",
    "Watch it here pic.twitter.com/AbCdEf1234",
    "Last updated: 14:05 GMT",
]
ARTICLE_LINES = [
    "Officials said they would share the findings with Facebook and other platforms.",
    "Read more about the plan in the annex, the minister told parliament.",
    "Related talks were held on Monday in the capital.",
    "The court ruled on copyright claims brought in 2021.",
    "The advertisement campaign ran for three weeks before the vote.",
    "Updated figures show that 40 people were injured.",
    "He urged supporters to subscribe to the party's newsletter, a spokesman said.",
    "Cookies and cakes were handed out at the rally.",
    "All rights reserved for the victims, the lawyer said, are at stake in the trial.",
    "Click here to see the full list of candidates.",  # a link line, but also body text: warning only
]


@pytest.mark.parametrize("line", FURNITURE_LINES)
def test_furniture_lines_are_caught(line):
    text = f"The council met on Monday.\n{line}\nIt will meet again next week."
    assert any(p.search(text) for p in _furniture_patterns("documents.text.no_boilerplate_markers")), line


@pytest.mark.parametrize("line", ARTICLE_LINES)
def test_article_lines_are_not_furniture(line):
    text = f"The council met on Monday.\n{line}\nIt will meet again next week."
    assert not any(p.search(text) for p in _furniture_patterns("documents.text.no_boilerplate_markers")), line


def test_an_update_stamp_in_the_future_is_a_warning(valid_tables):
    tables = _set_where(valid_tables, "documents", "updated_at", dt.datetime(2030, 1, 1, tzinfo=UTC), DOC_B)
    outcome = validate_tables(tables, run_date=RUN_DATE, suites=("documents",))
    assert _failed(outcome) == {"documents.updated_at.not_in_future"}
    assert outcome.success and outcome.warnings == [outcome.result("documents.updated_at.not_in_future")]


def test_probable_furniture_is_a_warning(valid_tables):
    tables = _append_to_text(valid_tables, "doc_b", "\nClick here to see the full list of candidates.")
    outcome = validate_tables(tables, run_date=RUN_DATE, suites=("documents",))
    assert _failed(outcome) == {"documents.text.no_probable_boilerplate"}
    result = outcome.result("documents.text.no_probable_boilerplate")
    assert result.severity == WARNING and not result.quarantines and outcome.success


# --- validation views ------------------------------------------------------------------------------


def test_reference_view_columns_are_null_when_there_is_nothing_to_check(valid_tables):
    events = pl.concat([valid_tables["events"]] * 4).with_columns(
        pl.Series("event_id", ["e1", "e2", "e3", "e4"]),
        pl.Series("actor_entity_ids", [None, [], ["ent_lopez", "ent_porto"], ["ent_lopez", "ent_x"]]),
        pl.Series("location_entity_id", [None, "ent_lisbon", "ent_x", None]),
    )
    view = validation.build_validation_view("events", _replace(valid_tables, "events", events))
    assert view["actor_entity_ids_in_entities"].to_list() == [None, None, True, False]
    assert view["location_entity_id_in_entities"].to_list() == [None, True, False, None]
    assert view["mention_rows"].to_list() == [0, 0, 0, 0]


def test_trigger_words_are_found_one_by_one(valid_tables):
    s, e = _span(TEXT_A, "Portugal agreed to a ceasefire on September 20.")
    mentions = pl.concat([valid_tables["event_mentions"]] * 4).with_columns(
        pl.Series("trigger", ["agreed", "AGREED ceasefire", "agreed truce", "Portugal agreed"]),
        pl.Series("char_start", [s, s, s, s + 3], dtype=pl.Int64),  # the last span cuts "Portugal"
    )
    view = validation.build_validation_view("event_mentions", _replace(valid_tables, "event_mentions", mentions))
    assert view["trigger_in_sentence"].to_list() == [True, True, False, False]
    assert e == view["char_end"][0]


# --- the quarantine: failing rows go with their dependants ----------------------------------------


def _row_of(df: pl.DataFrame, column: str, value) -> int:
    return df.with_row_index().filter(pl.col(column) == value)["index"][0]


def _assert_references_hold(tables: dict[str, pl.DataFrame]) -> None:
    """Every foreign key and list reference resolves, every event has a mention (independent of the gate)."""
    doc_ids = set(tables["documents"]["doc_id"])
    entity_ids = set(tables["entities"]["entity_id"])
    for name in ("boilerplate", "paragraphs", "sentences", "entity_mentions", "quotes", "event_mentions"):
        assert set(tables[name]["doc_id"]) <= doc_ids, name
    assert set(tables["paragraphs"]["first_doc_id"]) <= doc_ids
    assert set(tables["documents"]["dup_of"].drop_nulls()) <= doc_ids
    assert set(tables["entity_mentions"]["entity_id"]) <= entity_ids
    assert set(tables["quotes"]["speaker_entity_id"].drop_nulls()) <= entity_ids
    assert set(tables["events"]["location_entity_id"].drop_nulls()) <= entity_ids
    for column in ("actor_entity_ids", "recipient_entity_ids"):
        assert set(tables["events"][column].explode().drop_nulls()) <= entity_ids
    assert set(tables["event_mentions"]["event_id"]) == set(tables["events"]["event_id"])
    assert set(tables["entity_mentions"]["entity_id"]) == entity_ids


def test_a_removed_document_takes_every_row_that_depends_on_it(valid_tables):
    documents = valid_tables["documents"]
    failure = Failure("documents", "documents.published_at.plausible", [_row_of(documents, "doc_id", "doc_a")], ["x"])
    kept, quarantine = quarantine_failures(valid_tables, [failure])
    for name in ("documents", "boilerplate", "paragraphs", "sentences", "entity_mentions", "quotes", "event_mentions"):
        assert "doc_a" not in set(kept[name]["doc_id"]), name
        assert kept[name].height == valid_tables[name].filter(pl.col("doc_id") != "doc_a").height, name
    assert kept["events"].is_empty()  # ev1 lost its only mention
    assert set(kept["entities"]["entity_id"]) == {"ent_porto"}  # mentioned in doc_b only
    assert kept["rejects"].equals(valid_tables["rejects"])
    _assert_references_hold(kept)
    # One quarantine row per removed row: 1 document + 2 boilerplate + 2 paragraphs + 3 sentences
    # + 3 entity mentions + 1 quote + 1 event mention + 1 event + 3 entities.
    assert quarantine.height == 17 and set(quarantine["action"]) == {"removed"}
    direct = quarantine.filter(pl.col("table") == "documents").row(0, named=True)
    assert direct == {
        "table": "documents",
        "key": '{"doc_id":"doc_a"}',
        "rule": "documents.published_at.plausible",
        "observed": "x",
        "action": "removed",
    }
    dependants = quarantine.filter(pl.col("table") != "documents")
    assert set(dependants["rule"]) == {"depends_on:documents.published_at.plausible"}
    sentence = dependants.filter(pl.col("table") == "sentences").row(0, named=True)
    assert sentence["key"] == '{"doc_id":"doc_a","sentence_idx":0}'
    assert sentence["observed"] == 'documents {"doc_id":"doc_a"}'
    event = dependants.filter(pl.col("table") == "events").row(0, named=True)
    assert event["observed"].startswith('event_mentions {"event_id":"ev1","doc_id":"doc_a"')


def _two_document_event(tables) -> dict[str, pl.DataFrame]:
    """ev1 reported in doc_a and doc_b; Portugal its actor and Lopez's quote; doc_b a duplicate of doc_a."""
    s, e = _span(TEXT_B, "They agreed to meet again.")
    extra = tables["event_mentions"].with_columns(
        pl.lit("doc_b").alias("doc_id"),
        pl.lit(1, dtype=pl.Int64).alias("sentence_idx"),
        pl.lit(s, dtype=pl.Int64).alias("char_start"),
        pl.lit(e, dtype=pl.Int64).alias("char_end"),
    )
    out = _replace(
        tables, "event_mentions", TABLES["event_mentions"].conform(pl.concat([tables["event_mentions"], extra]))
    )
    out = _set_first(out, "events", "n_mentions", 2)
    return _set_where(out, "documents", "dup_of", "doc_a", DOC_B)


def test_an_event_that_loses_one_mention_goes_with_all_of_them(valid_tables):
    tables = _two_document_event(valid_tables)
    failure = Failure("documents", "documents.text.no_boilerplate_markers", [0], ["Advertisement"])
    kept, quarantine = quarantine_failures(tables, [failure])
    # The event's date, place, actors and evidence are computed over both mentions: it cannot stay.
    assert kept["events"].is_empty() and kept["event_mentions"].is_empty()
    removed_mention = quarantine.filter((pl.col("table") == "event_mentions") & pl.col("key").str.contains("doc_b"))
    assert removed_mention["rule"].to_list() == ["depends_on:documents.text.no_boilerplate_markers"]
    # doc_b stays, its reference to the removed canonical document cleared and recorded.
    assert kept["documents"]["doc_id"].to_list() == ["doc_b"] and kept["documents"]["dup_of"].to_list() == [None]
    unlinked = quarantine.filter(pl.col("action") == "unlinked").to_dicts()
    assert unlinked == [
        {
            "table": "documents",
            "key": '{"doc_id":"doc_b"}',
            "rule": "depends_on:documents.text.no_boilerplate_markers",
            "observed": "dup_of lost doc_a",
            "action": "unlinked",
        }
    ]
    _assert_references_hold(kept)


def test_a_removed_entity_is_unlinked_from_events_and_quotes(valid_tables):
    # The quote's speaker is mentioned once, by a mention whose text is off its span.
    tables = _set_first(valid_tables, "events", "actor_entity_ids", ["ent_lopez", "ent_portugal"])
    tables = _set_first(tables, "events", "location_entity_id", "ent_lopez")
    mentions = tables["entity_mentions"]
    failure = Failure(
        "entity_mentions",
        "entity_mentions.text.matches_document_offsets",
        [_row_of(mentions, "entity_id", "ent_lopez")],
        ["Maria Lopes | Maria Lopez"],
    )
    kept, quarantine = quarantine_failures(tables, [failure])
    assert "ent_lopez" not in set(kept["entities"]["entity_id"])
    assert kept["events"]["actor_entity_ids"].to_list() == [["ent_portugal"]]
    assert kept["events"]["location_entity_id"].to_list() == [None]
    assert kept["quotes"]["speaker_entity_id"].to_list() == [None]
    assert kept["quotes"]["speaker_text"].to_list() == ["Lopez"]  # the quote itself stays
    assert kept["event_mentions"].equals(tables["event_mentions"])
    rows = {(r["table"], r["action"]): r for r in quarantine.to_dicts()}
    assert set(rows) == {
        ("entity_mentions", "removed"),
        ("entities", "removed"),
        ("events", "unlinked"),
        ("quotes", "unlinked"),
    }
    assert (
        rows[("events", "unlinked")]["observed"] == "location_entity_id lost ent_lopez; actor_entity_ids lost ent_lopez"
    )
    assert rows[("quotes", "unlinked")]["rule"] == "depends_on:entity_mentions.text.matches_document_offsets"
    _assert_references_hold(kept)


def test_an_entity_losing_some_mentions_is_recounted(valid_tables):
    second = (
        valid_tables["entity_mentions"]
        .filter(pl.col("entity_id") == "ent_portugal")
        .with_columns(
            pl.lit("m_doc_b_x").alias("mention_id"),
            pl.lit("doc_b").alias("doc_id"),
        )
    )
    mentions = TABLES["entity_mentions"].conform(pl.concat([valid_tables["entity_mentions"], second]))
    tables = _set_where(
        _replace(valid_tables, "entity_mentions", mentions),
        "entities",
        "n_mentions",
        2,
        pl.col("entity_id") == "ent_portugal",
    )
    tables = _set_where(tables, "entities", "n_documents", 2, pl.col("entity_id") == "ent_portugal")
    failure = Failure(
        "entity_mentions",
        "entity_mentions.text.matches_document_offsets",
        [_row_of(mentions, "mention_id", "m_doc_b_x")],
        [""],
    )
    kept, _ = quarantine_failures(tables, [failure])
    portugal = kept["entities"].filter(pl.col("entity_id") == "ent_portugal").row(0, named=True)
    assert (portugal["n_mentions"], portugal["n_documents"]) == (1, 1)
    assert not validate_tables(kept, run_date=RUN_DATE, suites=("entities",)).warnings


def test_a_paragraph_first_seen_in_a_removed_document_goes(valid_tables):
    tables = _set_where(valid_tables, "paragraphs", "first_doc_id", "doc_a", DOC_B)
    tables = _set_where(tables, "paragraphs", "is_repeat", True, DOC_B)
    kept, quarantine = quarantine_failures(
        tables, [Failure("documents", "documents.published_at.plausible", [0], [""])]
    )
    assert kept["paragraphs"].is_empty()
    assert quarantine.filter(pl.col("key") == '{"doc_id":"doc_b","para_idx":0}')["observed"].to_list() == [
        'documents {"doc_id":"doc_a"}'
    ]
    _assert_references_hold(kept)


# --- the gate --------------------------------------------------------------------------------------


def test_gate_quarantines_below_the_threshold_and_publishes(gate_on_a_future_event):
    # conftest: the valid tables with events' first event_date set to 2050-01-01, gated with subject "test run".
    _, gate = gate_on_a_future_event
    assert gate.success
    assert gate.tables["events"].is_empty() and gate.tables["event_mentions"].is_empty()
    assert gate.quarantine.height == 2 and gate.tables["quarantine"].equals(gate.quarantine)
    assert gate.quarantined_by_rule() == {
        "events.event_date.not_after_run_date": 1,
        "depends_on:events.event_date.not_after_run_date": 1,
    }
    result = gate.outcome.result("events.event_date.not_after_run_date")
    assert result.quarantined_rows == 1 and result.examples[0]["event_id"] == "ev1"
    # The second pass validated what is published: every invariant holds on it.
    assert not gate.outcome.critical_failures and gate.outcome.subject == "test run"
    _assert_references_hold(gate.tables)


def _many_documents(tables, n: int) -> dict[str, pl.DataFrame]:
    """n copies of doc_b (no events or entities of their own), for shares of documents."""
    docs = pl.concat(
        [tables["documents"].filter(DOC_B).with_columns(pl.lit(f"doc_c{i:02d}").alias("doc_id")) for i in range(n)]
    ).with_columns(pl.col("doc_id").alias("dup_cluster_id"))
    return _replace(tables, "documents", TABLES["documents"].conform(pl.concat([tables["documents"], docs])))


def test_row_rule_above_its_threshold_blocks(gate_blocked_by_boilerplate):
    # conftest: 10 documents, doc_c00 and doc_c01 ending in "Advertisement": 20% of documents, from two documents.
    _, gate = gate_blocked_by_boilerplate
    result = gate.outcome.result("documents.text.no_boilerplate_markers")
    assert not gate.success and result.blocks and result in gate.outcome.critical_failures
    assert result.documents_affected == 2 and result.unexpected_count == 2
    assert gate.quarantine.is_empty() and gate.tables["documents"].height == 10  # blocked: nothing removed


def test_one_odd_document_never_blocks(valid_tables):
    tables = _append_to_text(_many_documents(valid_tables, 1), "doc_c00", "\nAdvertisement")  # 1 of 3 documents
    gate = run_gate(tables, run_date=RUN_DATE)
    result = gate.outcome.result("documents.text.no_boilerplate_markers")
    assert not result.success and not result.blocks and gate.success  # over 1%, but one document
    assert "doc_c00" not in set(gate.tables["documents"]["doc_id"]) and gate.tables["documents"].height == 2
    strict = validate_tables(tables, run_date=RUN_DATE, suites=("documents",), min_documents_to_block=1)
    assert strict.result("documents.text.no_boilerplate_markers").blocks and not strict.success


def test_a_higher_threshold_in_the_suite_file_tolerates_more(valid_tables, tmp_path):
    suites = tmp_path / "suites"
    shutil.copytree(EXPECTATIONS_DIR, suites)
    definition = json.loads((suites / "documents.json").read_text())
    rule = next(e for e in definition["expectations"] if e["meta"]["check"] == "documents.text.no_boilerplate_markers")
    rule["kwargs"]["mostly"] = 0.5
    (suites / "documents.json").write_text(json.dumps(definition))
    tables = _many_documents(valid_tables, 8)
    for doc_id in ("doc_c00", "doc_c01"):
        tables = _append_to_text(tables, doc_id, "\nAdvertisement")
    gate = run_gate(tables, run_date=RUN_DATE, expectations_dir=suites)
    assert gate.success and gate.quarantined_by_rule()["documents.text.no_boilerplate_markers"] == 2


@pytest.fixture(scope="module")
def invariant_failure_gate(valid_tables):
    """The gate on tables with an invariant failure (a latitude out of range) and a row rule's failure (a war
    toll as one event's): the two tests below read the same gate run, one run of every suite fewer."""
    tables = _set_first(_set_first(valid_tables, "events", "latitude", 123.0), "events", "fatalities", 50_000)
    return tables, run_gate(tables, run_date=RUN_DATE)


def test_an_invariant_failure_blocks_and_removes_nothing(invariant_failure_gate):
    tables, gate = invariant_failure_gate
    assert not gate.success and gate.quarantine.is_empty()
    assert {r.check for r in gate.outcome.critical_failures} == {"events.latitude.range"}
    assert [r.check for r in gate.outcome.quarantines] == ["events.fatalities.plausible_for_one_event"]
    assert gate.tables["events"].equals(tables["events"])


def test_report_puts_failures_first_and_counts_the_quarantine(valid_tables, tmp_path):
    tables = _set_first(valid_tables, "events", "event_date", dt.date(2050, 1, 1))
    tables = _set_first(tables, "entities", "n_mentions", 5)  # a warning
    tables = _append_to_text(tables, "doc_b", "\nClick here to see the list.")  # a row rule's warning
    gate = run_gate(tables, run_date=RUN_DATE, subject="run of inbox/ at 2023-09-30T12:00:00Z")
    assert gate.success
    report = (gate.outcome.write(tmp_path) / "report.html").read_text()
    assert "<th>subject</th><td>run of inbox/ at 2023-09-30T12:00:00Z</td>" in report
    top = report[: report.index("<p>Tables:")]
    assert top.index("QUARANTINED") < top.index("entities.n_mentions.equals_mention_rows")
    assert "Rows quarantined per rule" in top and "depends_on:events.event_date.not_after_run_date" in top
    results = json.loads((tmp_path / "validation" / "results.json").read_text())
    assert results["statistics"]["quarantined_rows"] == 2 and results["statistics"]["warnings"] == 2
    assert {(q["rule"], q["rows"]) for q in results["quarantine"]} == {
        ("events.event_date.not_after_run_date", 1),
        ("depends_on:events.event_date.not_after_run_date", 1),
    }
    failures = gate.outcome.format_failures()
    assert failures.index("Quarantined by row rules") < failures.index("Warnings")


def test_blocking_failures_come_before_quarantines_in_the_report(invariant_failure_gate, tmp_path):
    _, gate = invariant_failure_gate
    report = (gate.outcome.write(tmp_path) / "report.html").read_text()
    top = report[: report.index("<p>Tables:")]
    assert top.index("events.latitude.range") < top.index("events.fatalities.plausible_for_one_event")


# --- nothing in, nothing out -----------------------------------------------------------------------


def test_nothing_survived_message_counts_reasons():
    rejects = pl.DataFrame(
        {
            "source_uri": ["a.bin", "b.bin", "c.txt", "d.jsonl#L3"],
            "reason": ["binary_file", "binary_file", "empty_file", "malformed_json"],
            "detail": [None] * 4,
        }
    )
    assert nothing_survived_message(rejects, "out/quarantine/x") == (
        "no document survived ingest: 4 inputs rejected (binary_file: 2, empty_file: 1, malformed_json: 1), "
        "see out/quarantine/x"
    )
    assert nothing_survived_message(rejects.head(1), "q") == (
        "no document survived ingest: 1 input rejected (binary_file: 1), see q"
    )
    empty = TABLES["rejects"].empty()
    assert nothing_survived_message(empty, "q") == (
        "no document survived ingest: 0 inputs rejected (the input folder holds no input files), see q"
    )


# --- release-level checks --------------------------------------------------------------------------


def test_schema_change_without_version_bump_is_critical(valid_tables, tmp_path):
    old_events = valid_tables["events"].drop("fatalities")  # the previous release had no fatalities column
    previous = write_release(tmp_path / "v2023.09.29", {**valid_tables, "events": old_events})
    same_version = validate_tables(valid_tables, run_date=RUN_DATE, previous_release=previous, suites=("release",))
    assert _failed(same_version) == {"release.schema_change_without_version_bump.in_set"}
    assert same_version.result("release.schema_change_without_version_bump.in_set").examples[0]["table"] == "events"
    assert not same_version.success
    bumped = validate_tables(
        valid_tables,
        run_date=RUN_DATE,
        previous_release=previous,
        suites=("release",),
        schema_version=schemas.SCHEMA_VERSION + 1,
    )
    assert bumped.success and not _failed(bumped)


def test_shrinking_table_is_a_warning(valid_tables, tmp_path):
    bigger = {
        **valid_tables,
        "rejects": pl.concat([valid_tables["rejects"]] * 4).with_columns(
            pl.format("bad{}.bin", pl.int_range(pl.len())).alias("source_uri")
        ),
    }
    previous = write_release(tmp_path / "v2023.09.29", bigger)
    outcome = validate_tables(valid_tables, run_date=RUN_DATE, previous_release=previous, suites=("release",))
    assert _failed(outcome) == {"release.shrink_fraction.within_limit"}
    assert outcome.success  # a warning: reported, not blocking
    tolerant = validate_tables(
        valid_tables, run_date=RUN_DATE, previous_release=previous, suites=("release",), max_shrink_fraction=0.8
    )
    assert not _failed(tolerant)


# --- re-validating a published release -------------------------------------------------------------


@pytest.fixture(scope="module")
def published(valid_tables, tmp_path_factory) -> Path:
    releases = tmp_path_factory.mktemp("out") / "releases"
    write_release(releases / "v2023.09.29", valid_tables, created_at="2023-09-29T12:00:00Z")
    return write_release(releases / "v2023.09.30", valid_tables)


def test_published_release_validates(published):
    assert validation.previous_release_of(published).name == "v2023.09.29"
    outcome = validate_release(published)
    assert outcome.success, outcome.format_failures()
    assert outcome.result("checksum:data/documents.parquet").success
    assert outcome.result("manifest:documents.rows").success
    assert outcome.result("datapackage:documents.hash").success
    assert outcome.result("datapackage:quarantine.bytes").success
    assert outcome.previous_release.endswith("v2023.09.29")


def _copy_release(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def test_tampered_parquet_fails_its_checksum(published, tmp_path, valid_tables):
    release = _copy_release(published, tmp_path / "releases" / "v2023.09.30")
    tampered = valid_tables["documents"].with_columns(pl.col("title").str.to_uppercase())
    tampered.write_parquet(release / "data" / "documents.parquet", compression="zstd")
    outcome = validate_release(release)
    failed = _failed(outcome)
    assert {"checksum:data/documents.parquet", "manifest:documents.sha256", "datapackage:documents.hash"} <= failed
    assert "checksum:data/entities.parquet" not in failed
    assert not outcome.success
    assert "checksum:data/documents.parquet" in outcome.format_failures()


def test_one_changed_byte_fails_the_data_package_hash(published, tmp_path):
    release = _copy_release(published, tmp_path / "releases" / "v2023.09.30")
    path = release / "data" / "entities.parquet"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    failed = {r.check for r in validation.check_datapackage(release) if not r.success}
    assert failed == {"datapackage:entities.hash"}


def _edit_datapackage(release: Path, resource: str, **changes) -> None:
    path = release / "datapackage.json"
    package = json.loads(path.read_text())
    next(r for r in package["resources"] if r["name"] == resource).update(changes)
    path.write_text(json.dumps(package))


def test_a_changed_declared_hash_or_size_fails(published, tmp_path):
    release = _copy_release(published, tmp_path / "releases" / "v2023.09.30")
    _edit_datapackage(release, "quotes", hash="sha256:" + "0" * 64, bytes=1)
    results = {r.check: r for r in validation.check_datapackage(release)}
    assert {c for c, r in results.items() if not r.success} == {"datapackage:quotes.hash", "datapackage:quotes.bytes"}
    assert results["datapackage:quotes.hash"].observed["expected"] == "sha256:" + "0" * 64
    # A hash without an algorithm is MD5 (Frictionless): the right MD5 passes, a wrong one fails.
    md5 = hashlib.md5((release / "data" / "events.parquet").read_bytes()).hexdigest()
    _edit_datapackage(release, "events", hash=md5)
    _edit_datapackage(release, "entities", hash=md5)
    results = {r.check: r for r in validation.check_datapackage(release)}
    assert results["datapackage:events.hash"].success and not results["datapackage:entities.hash"].success


def test_a_removed_resource_file_fails(published, tmp_path):
    release = _copy_release(published, tmp_path / "releases" / "v2023.09.30")
    (release / "data" / "sentences.parquet").unlink()
    outcome = validate_release(release)
    assert {"datapackage:sentences.file", "manifest:sentences.file", "release.tables.all_present"} <= _failed(outcome)
    assert not outcome.success


def test_data_package_paths_cannot_point_outside_the_release(published, tmp_path):
    release = _copy_release(published, tmp_path / "releases" / "v2023.09.30")
    (tmp_path / "secret").write_text("x")
    _edit_datapackage(release, "rejects", path="../../secret")
    results = {r.check: r for r in validation.check_datapackage(release)}
    assert results["datapackage:rejects.path"].observed == "path points outside the release folder"
    assert not results["datapackage:rejects.path"].success


def test_corrupted_bytes_and_bad_data_in_a_release(published, tmp_path, valid_tables):
    release = _copy_release(published, tmp_path / "releases" / "v2023.09.30")
    (release / "data" / "quotes.parquet").write_bytes(b"not parquet at all")
    duplicated = pl.concat([valid_tables["entities"], valid_tables["entities"].head(1)])
    duplicated.write_parquet(release / "data" / "entities.parquet")
    failed = _failed(validate_release(release))
    assert {"checksum:data/quotes.parquet", "load:data/quotes.parquet", "release.tables.all_present"} <= failed
    assert {"checksum:data/entities.parquet", "manifest:entities.rows", "entities.entity_id.unique"} <= failed


def test_a_published_row_failing_a_row_rule_is_invalid(valid_tables, tmp_path):
    """The gate removes such rows before publishing, so one in a release is a failure."""
    tables = _set_first(valid_tables, "events", "event_date", dt.date(2050, 1, 1))
    release = write_release(tmp_path / "releases" / "v2023.09.30", tables)
    outcome = validate_release(release)
    assert "events.event_date.not_after_run_date" in {r.check for r in outcome.critical_failures}


def test_sha256sums_cannot_point_outside_the_release(published, tmp_path):
    release = _copy_release(published, tmp_path / "releases" / "v2023.09.30")
    (tmp_path / "secret").write_text("x")
    with (release / "SHA256SUMS").open("a") as sums:
        sums.write(f"{'0' * 64}  ../../secret\n")
    results, _ = validation.check_release_files(release)
    (outside,) = [r for r in results if r.check == "checksum:../../secret"]
    assert outside.observed == "path points outside the release folder" and outside.blocks


def test_validate_cli_exit_codes(published, tmp_path):
    printed: list = []
    assert validation.validate_cli(str(published), print_fn=printed.append) == 0
    release = _copy_release(published, tmp_path / "releases" / "v2023.09.30")
    (release / "data" / "rejects.parquet").write_bytes(b"tampered")
    assert validation.validate_cli(str(release), print_fn=printed.append) == 1
    assert any("checksum:data/rejects.parquet" in str(p) for p in printed)
    assert validation.validate_cli(str(tmp_path / "nowhere"), print_fn=printed.append) == 2


def test_row_conditions_apply_only_to_their_rows(valid_tables):
    unresolved_with_date = _set_first(valid_tables, "events", "date_precision", "unresolved")
    outcome = validate_tables(unresolved_with_date, run_date=RUN_DATE, suites=("events",))
    assert _failed(outcome) == {"events.event_date.absent_when_unresolved"}
    resolved_without_date = _set_first(valid_tables, "events", "event_date", None)
    outcome = validate_tables(resolved_without_date, run_date=RUN_DATE, suites=("events",))
    assert _failed(outcome) == {"events.event_date.present_unless_unresolved"}


def test_text_policies_skip_only_the_spans_they_do_not_publish(valid_tables):
    from transforms.publish.text_policy import apply_text_policy

    snippet = apply_text_policy(valid_tables, {"doc_a": "snippet", "doc_b": "none"})
    outcome = validate_tables(
        snippet, run_date=RUN_DATE, suites=("documents", "entity_mentions", "quotes", "event_mentions")
    )
    assert not _failed(outcome), outcome.format_failures()
    # Snippet text keeps positions, so a quote moved off its words is still caught there.
    moved = _set_first(snippet, "quotes", "char_start", 1)
    outcome = validate_tables(moved, run_date=RUN_DATE, suites=("quotes",))
    assert "quotes.text.matches_document_offsets" in _failed(outcome)


def test_mention_outside_its_sentence_is_a_warning(valid_tables):
    shifted = _set_first(valid_tables, "event_mentions", "sentence_idx", 0)  # the span is in sentence 2
    outcome = validate_tables(shifted, run_date=RUN_DATE, suites=("event_mentions",))
    assert _failed(outcome) == {"event_mentions.within_sentence.in_set"}
    assert outcome.success
    wrong_trigger = _set_first(valid_tables, "event_mentions", "trigger", "signed treaty")
    outcome = validate_tables(wrong_trigger, run_date=RUN_DATE, suites=("event_mentions",))
    assert _failed(outcome) == {"event_mentions.trigger_in_sentence.in_set"}


# Four corruptions of different kinds of check (offsets, an ordering, a range, a foreign key), planted together:
# each fails its own check, so one run of the suites covers all four (the suites ran once per corruption before,
# 40 s of the test suite on this 2-core machine).
BATCHED_CORRUPTIONS = ("mention text off its offsets", "end before start", "negative fatalities", "dangling speaker")


def _all_batched_corruptions(tables):
    for name in BATCHED_CORRUPTIONS:
        tables = CORRUPTIONS[name][0](tables)
    return tables


@pytest.mark.parametrize("corrupted", [False, True])
def test_row_batches_give_the_results_of_one_batch(valid_tables, valid_outcome, corrupted, monkeypatch):
    """Large views run row-wise expectations over row batches: results (counts, failing rows, examples,
    success) equal those of one batch, here with batches of 2 rows."""
    from functools import partial

    from flows.validation import gx
    from flows.validation import validate as validate_module

    tables = _all_batched_corruptions(valid_tables) if corrupted else valid_tables
    # The valid tables' one-batch outcome is the module's (the same call on the same tables): one run of every
    # suite fewer, some 7-14 s on this 2-core machine.
    whole = validate_tables(tables, run_date=RUN_DATE) if corrupted else valid_outcome
    monkeypatch.setattr(validate_module, "run_suite", partial(gx.run_suite, batch_rows=2))
    batched = validate_tables(tables, run_date=RUN_DATE)
    assert [r.check for r in batched.results] == [r.check for r in whole.results]
    for one, many in zip(whole.results, batched.results, strict=True):
        assert many == one, one.check
    # Not vacuous: the corrupted tables fail each planted corruption's check (in both runs, by the equality above).
    failed = {r.check for r in whole.results if not r.success}
    expected = {CORRUPTIONS[name][2] for name in BATCHED_CORRUPTIONS} if corrupted else set()
    assert expected <= failed and bool(failed) == corrupted


def test_streamed_checks_catch_a_bad_row_in_a_later_row_group(valid_tables, tmp_path, monkeypatch):
    """On table files, a large table's view is built and checked a slice of rows at a time: a bad row planted
    in the last row group of its file (the last document, the last entity mention) is caught at its own
    position, with its own example and failing value, exactly as when the whole view is checked at once."""
    from functools import partial

    from flows.validation import gx
    from flows.validation import validate as validate_module
    from flows.work import TableFiles

    last = pl.int_range(pl.len()) == pl.len() - 1
    tables = _set_where(valid_tables, "entity_mentions", "text", "Porta", last)  # the document says "Porto"
    documents = tables["documents"]
    last_doc = documents["doc_id"][-1]
    tables = _append_to_text(tables, last_doc, "\n\nAdvertisement")
    folder = tmp_path / "tables"
    folder.mkdir()
    for name, df in tables.items():
        df.write_parquet(folder / f"{name}.parquet", row_group_size=1)  # one row group per row
    files = TableFiles(folder, list(tables))

    whole = validate_tables(tables, run_date=RUN_DATE)  # frames: every view whole, one batch
    monkeypatch.setattr(validate_module, "run_suite", partial(gx.run_suite, batch_rows=1, batch_bytes=1))
    streamed = validate_tables(files, run_date=RUN_DATE)
    assert [r.check for r in streamed.results] == [r.check for r in whole.results]
    for one, many in zip(whole.results, streamed.results, strict=True):
        assert many == one, one.check
        assert (many.failing_rows, many.failing_values) == (one.failing_rows, one.failing_values), one.check
    mention = streamed.result("entity_mentions.text.matches_document_offsets")
    assert mention.failing_rows == [tables["entity_mentions"].height - 1]
    assert mention.examples[0]["text"] == "Porta" and mention.examples[0]["document_text_at_offsets"] == "Porto"
    marker = streamed.result("documents.text.no_boilerplate_markers")
    assert marker.failing_rows == [documents.height - 1] and marker.examples[0]["doc_id"] == last_doc
    assert _failed(streamed) == {
        "entity_mentions.text.matches_document_offsets",
        "documents.text.no_boilerplate_markers",
    }
