"""The release page (index.html): aggregates, rendering, and every chart drawn in headless Chromium."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime

import polars as pl
import pytest

from tests.browser import open_page
from transforms.publish.page import (
    EVENT_DAYS_BEFORE_FIRST_ARTICLE,
    chart_ids,
    release_page_data,
    render_release_page,
    summarise_validation,
)
from transforms.schemas import TABLES

# Page budget: the inlined Vega bundle is about 0.9 MB and the world outline 0.1 MB; aggregates add little.
MAX_PAGE_BYTES = 1_500_000


def _frame(name: str, rows: list[dict]) -> pl.LazyFrame:
    return pl.concat([TABLES[name].empty(), pl.DataFrame(rows, schema=TABLES[name].schema)]).lazy()


def _event(event_id, event_type, quad, day, *, actors=(), recipients=(), place=None, mentions=1, reported=None):
    lat, lon, name = place if place else (None, None, None)
    return {
        "event_id": event_id,
        "event_type": event_type,
        "quad_class": quad,
        "event_date": day,
        "date_precision": "day" if day else "unresolved",
        "actor_entity_ids": list(actors) or None,
        "recipient_entity_ids": list(recipients) or None,
        "location_name": name,
        "latitude": lat,
        "longitude": lon,
        "geo_precision": "city" if place else "none",
        "confidence": 0.5,
        "n_mentions": mentions,
        "n_documents": 1,
        "first_reported_at": reported or datetime(2025, 3, 10, tzinfo=UTC),
    }


@pytest.fixture()
def small_release():
    paris, lagos = (48.85, 2.35, "Paris"), (6.45, 3.39, "Lagos")
    events = [
        _event("e1", "ASSAULT", "material_conflict", date(2025, 3, 9), actors=["a"], recipients=["b"], place=lagos),
        _event("e2", "ASSAULT", "material_conflict", date(2025, 3, 9), actors=["a", "a"], place=lagos, mentions=3),
        _event("e3", "AGREE", "verbal_cooperation", None, actors=["b"], place=paris),  # dated by its report
        _event("e4", "DEMAND", "verbal_conflict", date(2050, 1, 1)),  # a pledge: outside the chart's window
    ]
    documents = [
        {"doc_id": "d1", "source_uri": "feed.jsonl#L1", "source_name": None, "url": "https://news.example.org/a",
         "published_at": datetime(2025, 3, 10, tzinfo=UTC)},
        {"doc_id": "d2", "source_uri": "feed.jsonl#L2", "source_name": "Wire", "url": None,
         "published_at": datetime(2025, 3, 11, tzinfo=UTC)},
        {"doc_id": "d3", "source_uri": "local/x.txt", "source_name": None, "url": None, "published_at": None},
    ]  # fmt: skip
    entities = [
        {"entity_id": "a", "name": "Army", "type": "ORG", "n_mentions": 4},
        {"entity_id": "b", "name": "Bloc", "type": "ORG", "n_mentions": 2},
        {"entity_id": "c", "name": "Paris", "type": "GPE", "n_mentions": 1},
    ]
    scans = {
        "events": _frame("events", events),
        "documents": _frame("documents", documents),
        "entities": _frame("entities", entities),
    }
    manifest = {
        "version": "v2025.03.12",
        "created_at": "2025-03-12T00:00:00Z",
        "pipeline_version": "0.1.0+test",
        "tables": {"documents": {"rows": 3}, "events": {"rows": 4}, "entities": {"rows": 3}},
    }
    previous = {"version": "v2025.03.11", "tables": {"documents": {"rows": 2}, "events": {"rows": 1}}}
    results = {
        "success": False,
        "results": [
            {"table": "events", "check": "events.ok", "severity": "critical", "success": True},
            {"table": "events", "check": "events.fatal", "severity": "critical", "success": False,
             "unexpected_count": 1, "element_count": 4},
            {"table": "documents", "check": "documents.warn", "severity": "warning", "success": False,
             "observed": 0.5},
        ],
    }  # fmt: skip
    return scans, manifest, previous, results


def test_page_data_aggregates(small_release):
    scans, manifest, previous, results = small_release
    data = release_page_data(scans, manifest=manifest, previous_manifest=previous, validation_results=results)
    assert data.time_unit == "day"
    by_day = {(r["period"], r["quad_class"]): r["events"] for r in data.events_over_time.iter_rows(named=True)}
    assert by_day == {(date(2025, 3, 9), "material_conflict"): 2, (date(2025, 3, 10), "verbal_cooperation"): 1}
    assert data.n_events_outside_window == 1
    places = {r["location_name"]: (r["events"], r["reports"]) for r in data.event_places.iter_rows(named=True)}
    assert places == {"Lagos": (2, 4), "Paris": (1, 1)}
    assert data.n_events_with_coordinates == 3
    # Each event counts once per actor, even when the actor is listed twice.
    assert data.top_actors.rows() == [("Army", 2), ("Bloc", 1)]
    assert data.top_recipients.rows() == [("Bloc", 1)]
    assert data.n_events_with_actor == 3 and data.n_events_with_recipient == 1
    assert sorted(data.documents_per_source.rows()) == [("Wire", 1), ("local/x.txt", 1), ("news.example.org", 1)]
    assert data.documents_over_time["documents"].sum() == 2 and data.n_documents_undated == 1
    assert data.entity_types.rows() == [("ORG", 2, 6), ("GPE", 1, 1)]
    rows = {(r["table"], r["release"].split()[0]): r["rows"] for r in data.table_rows.iter_rows(named=True)}
    assert rows[("events", "this")] == 4 and rows[("events", "previous")] == 1
    assert data.quarantine is None
    assert [f["check"] for f in data.validation.failures] == ["events.fatal", "documents.warn"]  # critical first
    assert data.validation.failures[0]["observed"] == "1 of 4 rows unexpected"


def test_quarantine_counts_when_the_table_exists(small_release):
    scans, manifest, _, _ = small_release
    quarantine = pl.LazyFrame(
        {
            "table": ["events", "events", "quotes"],
            "key": ["e9", "e8", "q1"],
            "rule": ["r1", "r1", "r2"],
            "observed": ["x"] * 3,
        }
    )
    data = release_page_data({**scans, "quarantine": quarantine}, manifest=manifest)
    assert data.quarantine.rows() == [("events", "r1", 2), ("quotes", "r2", 1)]
    page = render_release_page(data, javascript_bundle="window.vegaEmbed = () => Promise.resolve();")
    assert '<td>r1</td><td class="n">2</td>' in page


def test_time_charts_switch_to_months_over_long_spans(small_release):
    scans, manifest, _, _ = small_release
    scans = dict(scans)
    scans["documents"] = pl.concat(
        [scans["documents"], _frame("documents", [{"doc_id": "old", "published_at": datetime(2019, 1, 1, tzinfo=UTC)}])]
    )
    data = release_page_data(scans, manifest=manifest)
    assert data.time_unit == "month"
    assert all(p.day == 1 for p in data.events_over_time["period"])


def test_missing_tables_still_make_a_page():
    manifest = {"version": "v1", "tables": {"documents": {"rows": 0}}}
    data = release_page_data({"documents": TABLES["documents"].empty().lazy()}, manifest=manifest)
    assert data.events_over_time.height == 0 and data.validation.success is None
    assert "no validation results" in render_release_page(data, javascript_bundle="")


def test_render_is_self_contained_and_escapes_data(small_release):
    scans, manifest, previous, results = small_release
    entities = pl.concat(
        [
            scans["entities"],
            _frame("entities", [{"entity_id": "x", "name": "</script><b>", "type": "ORG", "n_mentions": 1}]),
        ]
    )
    events = pl.concat(
        [scans["events"], _frame("events", [_event("e9", "AID", "material_cooperation", None, actors=["x"])])]
    )
    data = release_page_data(
        {**scans, "entities": entities, "events": events},
        manifest=manifest,
        previous_manifest=previous,
        validation_results=results,
    )
    page = render_release_page(data)
    assert page.count("</script>") == 3  # the specs, the bundle, the embedding code: nothing from the data
    specs = json.loads(
        re.search(r'<script type="application/json" id="chart-specs">(.*?)</script>', page, re.S).group(1)
    )
    assert sorted(specs) == sorted(chart_ids(data))
    assert "</script><b>" in json.dumps(specs)  # the name survives, escaped only for HTML
    assert not re.search(r'(src|href)="https?://', page)
    assert len(page.encode()) < MAX_PAGE_BYTES
    assert render_release_page(data) == page  # deterministic
    assert "events.fatal" in page.split("Checks per table")[0]
    assert EVENT_DAYS_BEFORE_FIRST_ARTICLE > 0


def test_summarise_validation_without_results():
    summary = summarise_validation(None)
    assert summary.success is None and summary.failures == ()


def _assert_page_draws(release):
    import polars as pl

    from flows.publish import read_manifest

    manifest = read_manifest(release)
    scans = {name: pl.scan_parquet(release / info["path"]) for name, info in manifest["tables"].items()}
    ids = chart_ids(release_page_data(scans, manifest=manifest))
    assert len(ids) == 9
    with open_page(release / "index.html") as opened:
        marks = opened.chart_marks(ids)
        errors, outside = opened.console_errors, opened.outside_requests
    assert not errors, errors
    assert not outside, outside  # nothing fetched: the page works offline
    # Every chart drew its marks: axes and bars, the map's countries and points.
    assert all(n >= 5 for n in marks.values()), marks
    return marks


@pytest.mark.e2e
def test_seeds_release_page_draws_every_chart(seed_release):
    assert "[Release page](index.html)" in (seed_release / "README.md").read_text()
    assert "index.html" in (seed_release / "SHA256SUMS").read_text()
    _assert_page_draws(seed_release)


@pytest.mark.e2e
def test_voa_release_page_draws_every_chart(voa_release):
    marks = _assert_page_draws(voa_release)
    assert marks["chart-map"] > 177  # 177 country shapes, plus a circle per place with coordinates
    assert len((voa_release / "index.html").read_bytes()) < MAX_PAGE_BYTES
