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
            "speaker_entity_id": "ent_hajiyev",
            "speaker_text": "Hajiyev",
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
            "actor_entity_ids": ["ent_armenia"],
            "actor_text": "Armenia",
            "recipient_entity_ids": None,
            "recipient_text": None,
            "location_entity_id": None,
            "location_name": None,
            "country_code": "ARM",
            "latitude": None,
            "longitude": None,
            "geo_precision": "none",
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
    assert valid_outcome.success


# --- helpers ---------------------------------------------------------------------------------------


def _replace(tables: dict[str, pl.DataFrame], name: str, df: pl.DataFrame) -> dict[str, pl.DataFrame]:
    return {**tables, name: df}


def _set_first(tables, name: str, column: str, value) -> dict[str, pl.DataFrame]:
    """Tables with ``column`` of the first row of ``name`` set to ``value``."""
    df = tables[name]
    index = pl.int_range(pl.len()) == 0
    dtype = df.schema[column]
    return _replace(
        tables,
        name,
        df.with_columns(pl.when(index).then(pl.lit(value, dtype=dtype)).otherwise(pl.col(column)).alias(column)),
    )


def _failed(outcome) -> set[str]:
    return set(outcome.failed_checks())


def write_release(
    directory: Path,
    tables: dict[str, pl.DataFrame],
    *,
    schema_version: int = schemas.SCHEMA_VERSION,
    created_at: str = "2023-09-30T12:00:00Z",
) -> Path:
    """A minimal release folder in the DESIGN section 5 layout: data/*.parquet, manifest.json, SHA256SUMS."""
    data = directory / "data"
    data.mkdir(parents=True)
    entries = {}
    for name, df in tables.items():
        path = data / f"{name}.parquet"
        df.write_parquet(path, compression="zstd", statistics=True)
        entries[name] = {
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
    files = sorted(p for p in directory.rglob("*") if p.is_file())
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(directory).as_posix()}" for p in files]
    (directory / "SHA256SUMS").write_text("\n".join(lines) + "\n")
    return directory


# --- the suites as files ---------------------------------------------------------------------------


def test_every_published_table_has_a_suite_with_severities():
    definitions = validation.load_suite_definitions()
    assert set(schemas.PUBLISHED_TABLES) <= set(definitions)
    checks = []
    for name, suite in definitions.items():
        assert suite["name"] == name
        assert suite["expectations"], name
        for exp in suite["expectations"]:
            assert exp["meta"]["severity"] in (CRITICAL, WARNING)
            assert exp.get("severity", exp["meta"]["severity"]) == exp["meta"]["severity"]
            checks.append(exp["meta"]["check"])
    assert len(checks) == len(set(checks)), "check names must be unique"


# --- valid tables ----------------------------------------------------------------------------------


def test_outcome_reports_and_serialises(valid_outcome, tmp_path):
    folder = valid_outcome.write(tmp_path)
    results = json.loads((folder / "results.json").read_text())
    assert results["success"] is True
    assert results["statistics"]["evaluated"] == len(valid_outcome.results) > 100
    report = (folder / "report.html").read_text()
    assert "documents.doc_id.unique" in report and "Validation report: PASSED" in report
    rows = valid_outcome.summary_rows()
    assert {"table", "expectation", "severity", "success", "observed"} == set(rows[0])
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
    docs = t["documents"].with_columns(
        pl.when(pl.col("doc_id") == "doc_b")
        .then(pl.col("text") + "\nRead more: US is working to drive")
        .otherwise(pl.col("text"))
        .alias("text")
    )
    return _replace(t, "documents", docs)


CORRUPTIONS = {
    # name: (corrupt(tables) -> tables, suite that must catch it, check that must fail)
    "duplicate doc_id": (_duplicate_document, "documents", "documents.doc_id.unique"),
    "duplicate compound key": (_duplicate_boilerplate_key, "boilerplate", "boilerplate.primary_key.unique"),
    "null key": (lambda t: _set_first(t, "entities", "entity_id", None), "entities", "entities.entity_id.not_null"),
    "dangling entity_id": (
        lambda t: _set_first(t, "entity_mentions", "entity_id", "ent_nobody"),
        "entity_mentions",
        "entity_mentions.entity_id.references_entities",
    ),
    "dangling mention doc_id": (
        lambda t: _set_first(t, "entity_mentions", "doc_id", "doc_gone"),
        "entity_mentions",
        "entity_mentions.doc_id.references_documents",
    ),
    "dangling event_id": (
        lambda t: _set_first(t, "event_mentions", "event_id", "ev_gone"),
        "event_mentions",
        "event_mentions.event_id.references_events",
    ),
    "dangling speaker": (
        lambda t: _set_first(t, "quotes", "speaker_entity_id", "ent_nobody"),
        "quotes",
        "quotes.speaker_entity_id.references_entities",
    ),
    "dangling actor": (
        lambda t: _set_first(t, "events", "actor_entity_ids", ["ent_nobody"]),
        "events",
        "events.actor_entity_ids_resolve.in_set",
    ),
    "event without mentions": (
        lambda t: _replace(t, "event_mentions", t["event_mentions"].clear()),
        "events",
        "events.mention_rows.has_mentions",
    ),
    "latitude out of range": (lambda t: _set_first(t, "events", "latitude", 123.0), "events", "events.latitude.range"),
    "longitude out of range": (
        lambda t: _set_first(t, "entities", "longitude", -181.0),
        "entities",
        "entities.longitude.range",
    ),
    "confidence above 1": (
        lambda t: _set_first(t, "event_mentions", "confidence", 1.5),
        "event_mentions",
        "event_mentions.confidence.range",
    ),
    "negative fatalities": (
        lambda t: _set_first(t, "events", "fatalities", -3),
        "events",
        "events.fatalities.non_negative",
    ),
    "n_mentions zero": (lambda t: _set_first(t, "events", "n_mentions", 0), "events", "events.n_mentions.at_least_one"),
    "offset past the text": (
        lambda t: _set_first(t, "sentences", "char_end", 10_000),
        "sentences",
        "sentences.char_end.within_document",
    ),
    "end before start": (
        lambda t: _set_first(t, "paragraphs", "char_start", 5_000),
        "paragraphs",
        "paragraphs.char_end.not_before_char_start",
    ),
    "bad event_type": (lambda t: _set_first(t, "events", "event_type", "RIOT"), "events", "events.event_type.in_set"),
    "quad_class of another type": (
        lambda t: _set_first(t, "events", "quad_class", "material_conflict"),
        "events",
        "events.quad_class.matches_event_type",
    ),
    "bad date_precision": (
        lambda t: _set_first(t, "events", "date_precision", "week"),
        "events",
        "events.date_precision.in_set",
    ),
    "bad date_source": (
        lambda t: _set_first(t, "events", "date_source", "guess"),
        "events",
        "events.date_source.in_set",
    ),
    "bad published_precision": (
        lambda t: _set_first(t, "documents", "published_precision", "hour"),
        "documents",
        "documents.published_precision.in_set",
    ),
    "bad boilerplate reason": (
        lambda t: _set_first(t, "boilerplate", "reason", "junk"),
        "boilerplate",
        "boilerplate.reason.in_set",
    ),
    "bad entity type": (lambda t: _set_first(t, "entities", "type", "ANIMAL"), "entities", "entities.type.in_set"),
    "bad reject reason": (
        lambda t: _set_first(t, "rejects", "reason", "cosmic_rays"),
        "rejects",
        "rejects.reason.in_set",
    ),
    "boilerplate marker in text": (_marker_back_in_text, "documents", "documents.text.no_boilerplate_markers"),
    "mention text off its offsets": (
        lambda t: _set_first(t, "entity_mentions", "text", "Hikmet Hajiyew"),
        "entity_mentions",
        "entity_mentions.text.matches_document_offsets",
    ),
    "quote offsets shifted": (
        lambda t: _set_first(t, "quotes", "char_start", 1),
        "quotes",
        "quotes.text.matches_document_offsets",
    ),
    "event after the run date": (
        lambda t: _set_first(t, "events", "event_date", dt.date(2023, 10, 1)),
        "events",
        "events.event_date.not_after_run_date",
    ),
    "missing table": (lambda t: {k: v for k, v in t.items() if k != "quotes"}, "release", "release.tables.all_present"),
    "undeclared column": (
        lambda t: _replace(t, "rejects", t["rejects"].with_columns(pl.lit(1).alias("extra"))),
        "release",
        "release.columns.match_declared_schema",
    ),
}


@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
def test_corruption_fails_the_named_critical_check(valid_tables, corruption):
    corrupt, suite, check = CORRUPTIONS[corruption]
    outcome = validate_tables(corrupt(valid_tables), run_date=RUN_DATE, suites=(suite,))
    assert check in _failed(outcome)
    assert outcome.result(check).severity == CRITICAL
    assert not outcome.success
    assert check in outcome.format_failures()


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
    mention = validate_tables(
        CORRUPTIONS["mention text off its offsets"][0](valid_tables), run_date=RUN_DATE, suites=("entity_mentions",)
    )
    example = mention.result("entity_mentions.text.matches_document_offsets").examples[0]
    assert example["text"] == "Hikmet Hajiyew" and example["document_text_at_offsets"] == "Hikmet Hajiyev"


def test_warning_does_not_block(valid_tables):
    tables = _set_first(valid_tables, "events", "n_mentions", 2)  # mention_rows is 1: inconsistent count
    outcome = validate_tables(tables, run_date=RUN_DATE, suites=("events",))
    assert _failed(outcome) == {"events.n_mentions.equals_mention_rows"}
    assert outcome.result("events.n_mentions.equals_mention_rows").severity == WARNING
    assert outcome.success and len(outcome.warnings) == 1


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
    assert outcome.previous_release.endswith("v2023.09.29")


def _copy_release(source: Path, target: Path) -> Path:
    import shutil

    shutil.copytree(source, target)
    return target


def test_tampered_parquet_fails_its_checksum(published, tmp_path, valid_tables):
    release = _copy_release(published, tmp_path / "releases" / "v2023.09.30")
    tampered = valid_tables["documents"].with_columns(pl.col("title").str.to_uppercase())
    tampered.write_parquet(release / "data" / "documents.parquet", compression="zstd")
    outcome = validate_release(release)
    failed = _failed(outcome)
    assert {"checksum:data/documents.parquet", "manifest:documents.sha256"} <= failed
    assert "checksum:data/entities.parquet" not in failed
    assert not outcome.success
    assert "checksum:data/documents.parquet" in outcome.format_failures()


def test_corrupted_bytes_and_bad_data_in_a_release(published, tmp_path, valid_tables):
    release = _copy_release(published, tmp_path / "releases" / "v2023.09.30")
    (release / "data" / "quotes.parquet").write_bytes(b"not parquet at all")
    duplicated = pl.concat([valid_tables["entities"], valid_tables["entities"].head(1)])
    duplicated.write_parquet(release / "data" / "entities.parquet")
    failed = _failed(validate_release(release))
    assert {"checksum:data/quotes.parquet", "load:data/quotes.parquet", "release.tables.all_present"} <= failed
    assert {"checksum:data/entities.parquet", "manifest:entities.rows", "entities.entity_id.unique"} <= failed


def test_sha256sums_cannot_point_outside_the_release(published, tmp_path):
    release = _copy_release(published, tmp_path / "releases" / "v2023.09.30")
    (tmp_path / "secret").write_text("x")
    with (release / "SHA256SUMS").open("a") as sums:
        sums.write(f"{'0' * 64}  ../../secret\n")
    outcome = validate_release(release)
    assert outcome.result("checksum:../../secret").observed == "path points outside the release folder"
    assert not outcome.success


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
