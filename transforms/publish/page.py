"""The release page: ``index.html`` in every release, a picture of the data that works offline.

Two pure steps. ``release_page_data`` aggregates the release's tables with polars, reading
``LazyFrame`` scans so that only the columns each chart needs are read and only aggregates are held
(a release of millions of rows makes a page of the same size as a small one). ``render_release_page``
turns those aggregates into one self-contained HTML file: Vega-Lite charts (specs built with Altair),
the Vega/Vega-Lite/Vega-Embed JavaScript inlined from ``vl-convert-python``'s bundle, and a world
outline from ``assets/countries-110m.json``; nothing is fetched when the page is opened.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl

from transforms.schemas import QUAD_CLASSES, TABLES

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
WORLD_OUTLINE_FILE = ASSETS_DIR / "countries-110m.json"
# Shown on the page with the outline; the ISC licence asks for the notice in every copy (assets/SOURCE.md).
WORLD_OUTLINE_CREDIT = (
    "World outline: Natural Earth 1:110m (public domain), as TopoJSON from world-atlas 2.0.2, "
    "Copyright 2013-2019 Michael Bostock, ISC licence."
)

# Bars for the 15 most frequent actors, recipients, sources and event places: what fits a chart
# half a page wide and still reads; the full counts are one query away in the tables.
DEFAULT_TOP_N = 15
# Above this span a bar per day is too thin to see, so time charts count per month instead.
DAILY_SPAN_LIMIT_DAYS = 180
# Events dated up to a month before the first article are charted: news reports the recent past
# (a month covers "last week" and "earlier this month" references).
EVENT_DAYS_BEFORE_FIRST_ARTICLE = 31
# Quad-class colours: cooperation in blues/greens, conflict in oranges/reds (as in PLOVER/GDELT
# dashboards, where colour tells the two sides apart at a glance); fixed so releases compare.
QUAD_CLASS_COLOURS = {
    "verbal_cooperation": "#4c9be8",
    "material_cooperation": "#2a9d63",
    "verbal_conflict": "#f2a541",
    "material_conflict": "#d1453b",
}
WORLD_DATASET = "world_outline"
HALF_WIDTH, FULL_WIDTH, BAR_STEP = 420, 890, 18


# --------------------------------------------------------------------------------------------
# Aggregates


@dataclass(frozen=True)
class ValidationSummary:
    """What the page says about the quality gate: every failure (critical first) and per-table counts."""

    success: bool | None
    failures: tuple[dict[str, Any], ...]
    per_table: tuple[dict[str, Any], ...]
    evaluated: int
    passed: int


@dataclass(frozen=True)
class PageData:
    """Everything the page shows, as small frames and values."""

    version: str
    created_at: str
    pipeline_version: str
    previous_version: str | None
    headline: dict[str, int]
    time_unit: str  # "day" | "month"
    events_over_time: pl.DataFrame  # period, quad_class, events
    n_events_outside_window: int  # dated long before the first or after the last article: not charted
    event_types: pl.DataFrame  # event_type, quad_class, events
    event_places: pl.DataFrame  # location_name, country_code, latitude, longitude, events, reports
    n_events_with_coordinates: int
    top_actors: pl.DataFrame  # name, events
    top_recipients: pl.DataFrame  # name, events
    n_events_with_actor: int
    n_events_with_recipient: int
    documents_over_time: pl.DataFrame  # period, documents
    n_documents_undated: int
    documents_per_source: pl.DataFrame  # source, documents
    entity_types: pl.DataFrame  # type, entities, mentions
    table_rows: pl.DataFrame  # table, release, rows
    validation: ValidationSummary
    quarantine: pl.DataFrame | None  # table, rule, rows; None when the release has no quarantine table
    notes: tuple[str, ...] = field(default=())


def _empty(schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=dict(schema))


def _time_unit(first: date | None, last: date | None, *, daily_span_limit_days: int) -> str:
    if first is None or last is None:
        return "day"
    return "day" if (last - first).days <= daily_span_limit_days else "month"


def _period(expr: pl.Expr, time_unit: str) -> pl.Expr:
    return expr.dt.truncate("1mo") if time_unit == "month" else expr


def _event_dates(events: pl.LazyFrame) -> pl.Expr:
    # The event's own date when the text gives one, else the day it was first reported (as GDELT's
    # DATEADDED): unresolved dates are the common case in news, and leaving them out would hide most events.
    return pl.coalesce(pl.col("event_date"), pl.col("first_reported_at").dt.date()).alias("day")


def _date_range(frame: pl.LazyFrame, expr: pl.Expr) -> tuple[date | None, date | None]:
    row = frame.select(expr.min().alias("first"), expr.max().alias("last")).collect().row(0)
    return row[0], row[1]


def _event_window(
    doc_range: tuple[date | None, date | None], event_range: tuple[date | None, date | None], days_before: int
) -> tuple[date | None, date | None]:
    """Dates the events chart covers: from ``days_before`` the first article to the last article's day.

    News reports what happened in the days before publication; events dated decades earlier
    (historical references) or later (pledges "by 2050") would stretch the axis until the rest is
    unreadable, so they are counted in the caption instead.
    """
    first, last = doc_range
    if first is None or last is None:
        return event_range
    return first - timedelta(days=days_before), last


def _events_over_time(
    events: pl.LazyFrame, time_unit: str, window: tuple[date | None, date | None]
) -> tuple[pl.DataFrame, int]:
    days = events.select(_event_dates(events), "quad_class")
    first, last = window
    inside = pl.lit(True) if first is None or last is None else pl.col("day").is_between(first, last)
    counts = (
        days.filter(inside)
        .select(_period(pl.col("day"), time_unit).alias("period"), "quad_class")
        .group_by("period", "quad_class")
        .agg(pl.len().alias("events"))
        .sort("period", "quad_class")
        .collect()
    )
    outside = int(days.select((pl.col("day").is_not_null() & ~inside).sum()).collect().item())
    return counts, outside


def _event_types(events: pl.LazyFrame) -> pl.DataFrame:
    return (
        events.group_by("event_type", "quad_class")
        .agg(pl.len().alias("events"))
        .sort(["events", "event_type"], descending=[True, False])
        .collect()
    )


def _event_places(events: pl.LazyFrame) -> pl.DataFrame:
    return (
        events.filter(pl.col("latitude").is_not_null() & pl.col("longitude").is_not_null())
        .group_by("latitude", "longitude")
        .agg(
            pl.col("location_name").drop_nulls().mode().sort().first().alias("location_name"),
            pl.col("country_code").drop_nulls().first().alias("country_code"),
            pl.len().alias("events"),
            # Reports: every sentence that reported an event here (event_mentions rows), GDELT's NumMentions.
            pl.col("n_mentions").sum().alias("reports"),
        )
        .sort(["reports", "latitude", "longitude"], descending=[True, False, False])
        .collect()
    )


def _top_entities(events: pl.LazyFrame, entities: pl.LazyFrame, column: str, top_n: int) -> pl.DataFrame:
    """Resolved entities by the number of events they take part in through ``column``."""
    return (
        events.select(pl.col(column).list.unique().alias("entity_id"))
        .explode("entity_id")
        .filter(pl.col("entity_id").is_not_null())
        .group_by("entity_id")
        .agg(pl.len().alias("events"))
        .join(entities.select("entity_id", "name"), on="entity_id", how="left")
        .with_columns(pl.coalesce("name", "entity_id").alias("name"))
        .sort(["events", "name"], descending=[True, False])
        .head(top_n)
        .select("name", "events")
        .collect()
    )


def _count_with_entities(events: pl.LazyFrame, column: str) -> int:
    return int(events.select((pl.col(column).list.len().fill_null(0) > 0).sum()).collect().item())


def _documents_over_time(documents: pl.LazyFrame, time_unit: str) -> tuple[pl.DataFrame, int]:
    days = documents.select(_period(pl.col("published_at").dt.date(), time_unit).alias("period"))
    counts = (
        days.filter(pl.col("period").is_not_null())
        .group_by("period")
        .agg(pl.len().alias("documents"))
        .sort("period")
        .collect()
    )
    undated = int(days.select(pl.col("period").is_null().sum()).collect().item())
    return counts, undated


def _documents_per_source(documents: pl.LazyFrame, top_n: int) -> pl.DataFrame:
    # The publisher when known, else the URL's host, else the input file the document came from.
    host = pl.col("url").str.extract(r"^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#:]+)", 1)
    input_file = pl.col("source_uri").str.replace(r"#L\d+$", "")
    source = pl.coalesce(pl.col("source_name"), host, input_file).alias("source")
    return (
        documents.select(source)
        .group_by("source")
        .agg(pl.len().alias("documents"))
        .sort(["documents", "source"], descending=[True, False])
        .head(top_n)
        .collect()
    )


def _entity_types(entities: pl.LazyFrame) -> pl.DataFrame:
    return (
        entities.group_by("type")
        .agg(pl.len().alias("entities"), pl.col("n_mentions").sum().alias("mentions"))
        .sort(["entities", "type"], descending=[True, False])
        .collect()
    )


def _table_rows(manifest: Mapping[str, Any], previous_manifest: Mapping[str, Any] | None) -> pl.DataFrame:
    rows = [
        {"table": name, "release": f"this release ({manifest['version']})", "rows": int(info["rows"])}
        for name, info in manifest["tables"].items()
    ]
    if previous_manifest:
        label = f"previous ({previous_manifest['version']})"
        rows += [
            {"table": name, "release": label, "rows": int(info["rows"])}
            for name, info in previous_manifest["tables"].items()
        ]
    return pl.DataFrame(rows, schema={"table": pl.String, "release": pl.String, "rows": pl.Int64})


_SEVERITY_ORDER = {"critical": 0, "warning": 1}


def summarise_validation(results: Mapping[str, Any] | None) -> ValidationSummary:
    """Failures first (critical, then warnings), then passed/evaluated per table."""
    if not results:
        return ValidationSummary(success=None, failures=(), per_table=(), evaluated=0, passed=0)
    checks = list(results.get("results", []))
    failures = sorted(
        (c for c in checks if not c.get("success")),
        key=lambda c: (_SEVERITY_ORDER.get(str(c.get("severity")), 2), str(c.get("table")), str(c.get("check"))),
    )
    per_table: dict[str, dict[str, Any]] = {}
    for check in checks:
        entry = per_table.setdefault(str(check.get("table")), {"table": str(check.get("table")), "checks": 0})
        entry["checks"] += 1
        entry["passed"] = entry.get("passed", 0) + bool(check.get("success"))
    return ValidationSummary(
        success=results.get("success"),
        failures=tuple(
            {
                "severity": str(c.get("severity", "")),
                "table": str(c.get("table", "")),
                "check": str(c.get("check", "")),
                "observed": _observed_text(c),
            }
            for c in failures
        ),
        per_table=tuple(per_table[t] for t in sorted(per_table)),
        evaluated=len(checks),
        passed=sum(bool(c.get("success")) for c in checks),
    )


def _observed_text(check: Mapping[str, Any]) -> str:
    if check.get("error"):
        return str(check["error"])
    unexpected, total = check.get("unexpected_count"), check.get("element_count")
    if unexpected is not None and total:
        return f"{unexpected} of {total} rows unexpected"
    observed = check.get("observed")
    return "" if observed is None else json.dumps(observed, default=str)[:200]


def _quarantine_counts(quarantine: pl.LazyFrame | None) -> pl.DataFrame | None:
    if quarantine is None:
        return None
    return (
        quarantine.group_by("table", "rule")
        .agg(pl.len().alias("rows"))
        .sort(["rows", "table", "rule"], descending=[True, False, False])
        .collect()
    )


def _scan_or_empty(scans: Mapping[str, pl.LazyFrame], name: str) -> pl.LazyFrame:
    # A release without the table (e.g. one built without the event stage) still gets a page.
    scan = scans.get(name)
    return scan if scan is not None else TABLES[name].empty().lazy()


def _headline(manifest: Mapping[str, Any]) -> dict[str, int]:
    tables = manifest["tables"]
    return {name: int(tables[name]["rows"]) for name in ("documents", "events", "entities", "quotes") if name in tables}


def release_page_data(
    scans: Mapping[str, pl.LazyFrame],
    *,
    manifest: Mapping[str, Any],
    previous_manifest: Mapping[str, Any] | None = None,
    validation_results: Mapping[str, Any] | None = None,
    top_n: int = DEFAULT_TOP_N,
    daily_span_limit_days: int = DAILY_SPAN_LIMIT_DAYS,
    event_days_before: int = EVENT_DAYS_BEFORE_FIRST_ARTICLE,
) -> PageData:
    """Aggregate a release for its page. ``scans``: a LazyFrame per published table (``quarantine``
    optional); ``manifest``: the release's manifest.json; ``validation_results``: validation/results.json."""
    events, entities, documents = (_scan_or_empty(scans, name) for name in ("events", "entities", "documents"))
    event_range = _date_range(events, _event_dates(events))
    doc_range = _date_range(documents, pl.col("published_at").dt.date())
    window = _event_window(doc_range, event_range, event_days_before)
    known = [d for d in (*window, *doc_range) if d is not None]
    # One unit for both time charts, so they line up.
    time_unit = _time_unit(
        min(known, default=None), max(known, default=None), daily_span_limit_days=daily_span_limit_days
    )
    events_over_time, n_events_outside = _events_over_time(events, time_unit, window)
    documents_over_time, n_undated = _documents_over_time(documents, time_unit)
    event_places = _event_places(events)
    return PageData(
        version=str(manifest["version"]),
        created_at=str(manifest.get("created_at", "")),
        pipeline_version=str(manifest.get("pipeline_version", "")),
        previous_version=str(previous_manifest["version"]) if previous_manifest else None,
        headline=_headline(manifest),
        time_unit=time_unit,
        events_over_time=events_over_time,
        n_events_outside_window=n_events_outside,
        event_types=_event_types(events),
        event_places=event_places,
        n_events_with_coordinates=int(event_places["events"].sum()) if event_places.height else 0,
        top_actors=_top_entities(events, entities, "actor_entity_ids", top_n),
        top_recipients=_top_entities(events, entities, "recipient_entity_ids", top_n),
        n_events_with_actor=_count_with_entities(events, "actor_entity_ids"),
        n_events_with_recipient=_count_with_entities(events, "recipient_entity_ids"),
        documents_over_time=documents_over_time,
        n_documents_undated=n_undated,
        documents_per_source=_documents_per_source(documents, top_n),
        entity_types=_entity_types(entities),
        table_rows=_table_rows(manifest, previous_manifest),
        validation=summarise_validation(validation_results),
        quarantine=_quarantine_counts(scans.get("quarantine")),
    )


# --------------------------------------------------------------------------------------------
# Charts (Vega-Lite specs built with Altair)


@dataclass(frozen=True)
class Chart:
    """One chart of the page: its element id, heading, a sentence on how to read it, and its spec."""

    chart_id: str
    title: str
    caption: str
    spec: dict[str, Any]
    wide: bool = False


def _records(frame: pl.DataFrame) -> list[dict[str, Any]]:
    def plain(value: Any) -> Any:
        return value.isoformat() if isinstance(value, (date, datetime)) else value

    return [{k: plain(v) for k, v in row.items()} for row in frame.iter_rows(named=True)]


def _spec(chart: Any) -> dict[str, Any]:
    # No "$schema" URL in the page: nothing on it should even look like something to fetch.
    spec = chart.to_dict()
    spec.pop("$schema", None)
    # The width given is the whole chart's, labels and legend included, so it fits its box on the page.
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    return spec


def _bars_height(n_bars: int) -> int:
    # A fixed height per bar (not Vega-Lite's discrete "step"), so the chart can fit its box's width.
    return max(3, n_bars) * BAR_STEP


def _quad_scale(alt: Any) -> Any:
    return alt.Scale(domain=list(QUAD_CLASSES), range=[QUAD_CLASS_COLOURS[q] for q in QUAD_CLASSES])


def _time_title(time_unit: str) -> str:
    return "month" if time_unit == "month" else "day"


def _events_over_time_chart(alt: Any, data: PageData) -> Chart:
    unit = "yearmonth" if data.time_unit == "month" else "yearmonthdate"
    chart = (
        alt.Chart(alt.Data(values=_records(data.events_over_time)))
        .mark_bar()
        .encode(
            x=alt.X("period:T", timeUnit=unit, title=_time_title(data.time_unit)),
            y=alt.Y("sum(events):Q", title="events"),
            color=alt.Color("quad_class:N", scale=_quad_scale(alt), title="quad class"),
            tooltip=[
                alt.Tooltip("period:T", timeUnit=unit, title=_time_title(data.time_unit)),
                alt.Tooltip("quad_class:N", title="quad class"),
                alt.Tooltip("sum(events):Q", title="events"),
            ],
        )
        .properties(width=FULL_WIDTH, height=220)
    )
    return Chart(
        "chart-events-over-time",
        f"Events per {_time_title(data.time_unit)} by quad class",
        "By the event's date where the text gives one, else the day it was first reported."
        + (
            f" {data.n_events_outside_window:,} events dated long before or after the articles"
            " (historical references, pledges) are not shown."
            if data.n_events_outside_window
            else ""
        ),
        _spec(chart),
        wide=True,
    )


def _event_types_chart(alt: Any, data: PageData) -> Chart:
    chart = (
        alt.Chart(alt.Data(values=_records(data.event_types)))
        .mark_bar()
        .encode(
            y=alt.Y("event_type:N", sort="-x", title=None),
            x=alt.X("events:Q", title="events"),
            color=alt.Color("quad_class:N", scale=_quad_scale(alt), legend=None),
            tooltip=["event_type:N", "quad_class:N", "events:Q"],
        )
        .properties(width=HALF_WIDTH, height=_bars_height(data.event_types["event_type"].n_unique()))
    )
    return Chart("chart-event-types", "Event types (PLOVER)", "Events per PLOVER category.", _spec(chart))


def load_world_outline(path: Path = WORLD_OUTLINE_FILE) -> dict[str, Any]:
    """The TopoJSON world outline shipped in assets/ (see assets/SOURCE.md)."""
    return json.loads(path.read_text(encoding="utf-8"))


def _map_chart(alt: Any, data: PageData, world: Mapping[str, Any]) -> Chart:
    # The outline goes in as a named dataset after validation: schema-checking 100 kB of TopoJSON
    # inline took most of a page's build time and checks nothing of ours.
    countries = alt.Chart(
        alt.NamedData(name=WORLD_DATASET, format=alt.DataFormat(type="topojson", feature="countries"))
    ).mark_geoshape(fill="#eceff1", stroke="#b0bec5", strokeWidth=0.5)
    points = (
        alt.Chart(alt.Data(values=_records(data.event_places)))
        .mark_circle(color=QUAD_CLASS_COLOURS["material_conflict"], opacity=0.6, stroke="#7f1d1d", strokeWidth=0.5)
        .encode(
            longitude="longitude:Q",
            latitude="latitude:Q",
            size=alt.Size("reports:Q", title="reports", scale=alt.Scale(range=[20, 900])),
            tooltip=[
                alt.Tooltip("location_name:N", title="place"),
                alt.Tooltip("country_code:N", title="country"),
                alt.Tooltip("events:Q", title="events"),
                alt.Tooltip("reports:Q", title="reports"),
            ],
        )
    )
    chart = alt.layer(countries, points).project(type="equalEarth").properties(width=FULL_WIDTH, height=430)
    spec = _spec(chart)
    spec.setdefault("datasets", {})[WORLD_DATASET] = dict(world)
    total = data.headline.get("events", 0)
    return Chart(
        "chart-map",
        "Where events happened",
        f"{data.n_events_with_coordinates:,} of {total:,} events have coordinates (the rest are placed at country "
        "level or not at all); a circle's size is the number of sentences reporting events there.",
        spec,
        wide=True,
    )


def _top_chart(alt: Any, frame: pl.DataFrame, chart_id: str, title: str, caption: str, label: str) -> Chart:
    chart = (
        alt.Chart(alt.Data(values=_records(frame)))
        .mark_bar(color="#5c6bc0")
        .encode(
            y=alt.Y(f"{label}:N", sort="-x", title=None),
            x=alt.X(f"{frame.columns[1]}:Q", title=frame.columns[1]),
            tooltip=[f"{label}:N", f"{frame.columns[1]}:Q"],
        )
        .properties(width=HALF_WIDTH, height=_bars_height(frame.height))
    )
    return Chart(chart_id, title, caption, _spec(chart))


def _documents_over_time_chart(alt: Any, data: PageData) -> Chart:
    unit = "yearmonth" if data.time_unit == "month" else "yearmonthdate"
    chart = (
        alt.Chart(alt.Data(values=_records(data.documents_over_time)))
        .mark_bar(color="#607d8b")
        .encode(
            x=alt.X("period:T", timeUnit=unit, title=_time_title(data.time_unit)),
            y=alt.Y("sum(documents):Q", title="documents"),
            tooltip=[
                alt.Tooltip("period:T", timeUnit=unit, title=_time_title(data.time_unit)),
                alt.Tooltip("sum(documents):Q", title="documents"),
            ],
        )
        .properties(width=HALF_WIDTH, height=200)
    )
    undated = (
        f" {data.n_documents_undated:,} without a publication date are not shown." if data.n_documents_undated else ""
    )
    return Chart(
        "chart-documents-over-time",
        f"Documents per {_time_title(data.time_unit)}",
        f"By publication date.{undated}",
        _spec(chart),
    )


def _entity_types_chart(alt: Any, data: PageData) -> Chart:
    chart = (
        alt.Chart(alt.Data(values=_records(data.entity_types)))
        .mark_bar(color="#8d6e63")
        .encode(
            y=alt.Y("type:N", sort="-x", title=None),
            x=alt.X("entities:Q", title="entities"),
            tooltip=["type:N", "entities:Q", "mentions:Q"],
        )
        .properties(width=HALF_WIDTH, height=_bars_height(data.entity_types.height))
    )
    return Chart("chart-entity-types", "Entity types", "Canonical entities per spaCy label.", _spec(chart))


def _table_rows_chart(alt: Any, data: PageData) -> Chart:
    releases = data.table_rows["release"].unique(maintain_order=True).to_list()
    chart = (
        alt.Chart(alt.Data(values=_records(data.table_rows)))
        .mark_bar()
        .encode(
            y=alt.Y("table:N", title=None, sort=data.table_rows["table"].unique(maintain_order=True).to_list()),
            yOffset=alt.YOffset("release:N", sort=releases),
            x=alt.X("rows:Q", title="rows"),
            color=alt.Color(
                "release:N",
                sort=releases,
                scale=alt.Scale(range=["#37474f", "#b0bec5"]),
                legend=alt.Legend(orient="bottom", title=None),
            ),
            tooltip=["table:N", "release:N", "rows:Q"],
        )
        .properties(width=HALF_WIDTH, height=_bars_height(data.table_rows["table"].n_unique() * len(releases)))
    )
    caption = (
        f"Rows per table in this release and in the previous one ({data.previous_version})."
        if data.previous_version
        else "Rows per table (first release: nothing to compare with)."
    )
    return Chart("chart-table-rows", "Rows per table", caption, _spec(chart))


def page_charts(data: PageData, world: Mapping[str, Any]) -> list[Chart]:
    """The page's charts in reading order."""
    import altair as alt

    return [
        _events_over_time_chart(alt, data),
        _map_chart(alt, data, world),
        _event_types_chart(alt, data),
        _top_chart(
            alt,
            data.top_actors,
            "chart-top-actors",
            "Top actors",
            f"Resolved entities acting in the most events ({data.n_events_with_actor:,} events name one).",
            "name",
        ),
        _top_chart(
            alt,
            data.top_recipients,
            "chart-top-recipients",
            "Top recipients",
            f"Resolved entities acted upon in the most events ({data.n_events_with_recipient:,} events name one).",
            "name",
        ),
        _documents_over_time_chart(alt, data),
        _top_chart(
            alt,
            data.documents_per_source,
            "chart-documents-per-source",
            "Documents per source",
            "Publisher when known, else the web site, else the input file.",
            "source",
        ),
        _entity_types_chart(alt, data),
        _table_rows_chart(alt, data),
    ]


# --------------------------------------------------------------------------------------------
# HTML


@lru_cache(maxsize=1)
def vega_javascript_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed as one script (from vl-convert-python; about 0.9 MB)."""
    import vl_convert

    return vl_convert.javascript_bundle()


def _json_script_safe(text: str) -> str:
    # Inside <script>, "</" could close the element early; in JSON "<\/" is the same string.
    return text.replace("</", "<\\/")


def _javascript_script_safe(code: str) -> str:
    # JavaScript cannot be rewritten blindly ("</" occurs in regular expressions), so refuse code that
    # would end or comment out its own <script> element instead of breaking the page.
    lowered = code.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise ValueError("the JavaScript bundle contains '</script' or '<!--' and cannot be inlined")
    return code


_CSS = """
:root{--fg:#1f2933;--muted:#52606d;--line:#d9e2ec;--bg:#f8fafc;--bad:#b42318;--warn:#b54708;--ok:#027a48}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);margin:0;background:var(--bg)}
header,main,footer{max-width:960px;margin:0 auto;padding:0 16px}
header{padding-top:24px} h1{font-size:24px;margin:0 0 4px} h2{font-size:17px;margin:0 0 2px}
.meta{color:var(--muted);font-size:14px} .meta a{color:inherit}
.numbers{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.number{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:120px}
.number b{display:block;font-size:22px}
.grid{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:16px}
section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:12px 14px;overflow-x:auto}
section.wide{grid-column:1/-1}
.caption{color:var(--muted);font-size:13px;margin:0 0 8px}
table{border-collapse:collapse;width:100%;font-size:13px} th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.critical{color:var(--bad);font-weight:600} .warning{color:var(--warn);font-weight:600} .ok{color:var(--ok);font-weight:600}
footer{color:var(--muted);font-size:12px;padding:24px 16px}
@media (max-width:800px){.grid{grid-template-columns:1fr}}
"""

_EMBED_SCRIPT = """
const specs = JSON.parse(document.getElementById("chart-specs").textContent);
for (const [id, spec] of Object.entries(specs)) {
  window.vegaEmbed("#" + id, spec, {renderer: "svg", actions: false}).catch((error) => {
    console.error("chart " + id + " failed:", error);
    document.getElementById(id).textContent = "This chart could not be drawn: " + error;
  });
}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _validation_html(summary: ValidationSummary, quarantine: pl.DataFrame | None) -> str:
    if summary.success is None:
        verdict = '<span class="warning">no validation results in this release</span>'
    elif summary.success:
        verdict = f'<span class="ok">passed</span>: {summary.passed:,} of {summary.evaluated:,} checks'
    else:
        verdict = f'<span class="critical">failed</span>: {summary.passed:,} of {summary.evaluated:,} checks passed'
    out = [f'<p class="caption">Quality gate {verdict}. Details: <a href="validation/report.html">report</a>.</p>']
    if summary.failures:
        out.append(
            "<table><thead><tr><th>severity</th><th>table</th><th>check</th><th>observed</th></tr></thead><tbody>"
        )
        out += [
            f'<tr><td class="{_e(f["severity"])}">{_e(f["severity"])}</td><td>{_e(f["table"])}</td>'
            f"<td>{_e(f['check'])}</td><td>{_e(f['observed'])}</td></tr>"
            for f in summary.failures
        ]
        out.append("</tbody></table>")
    else:
        out.append('<p class="caption">No check failed.</p>')
    out.append("<h2>Quarantined rows</h2>")
    if quarantine is None:
        out.append('<p class="caption">This release has no quarantine table.</p>')
    elif quarantine.height == 0:
        out.append('<p class="caption">No row was moved to quarantine.</p>')
    else:
        out.append(
            '<p class="caption">Rows moved out of the tables by a row rule of the gate (table <code>quarantine</code>).</p>'
        )
        out.append('<table><thead><tr><th>table</th><th>rule</th><th class="n">rows</th></tr></thead><tbody>')
        out += [
            f'<tr><td>{_e(r["table"])}</td><td>{_e(r["rule"])}</td><td class="n">{r["rows"]:,}</td></tr>'
            for r in quarantine.iter_rows(named=True)
        ]
        out.append("</tbody></table>")
    if summary.per_table:
        out.append(
            '<h2>Checks per table</h2><table><thead><tr><th>table</th><th class="n">passed</th><th class="n">checks</th></tr></thead><tbody>'
        )
        out += [
            f'<tr><td>{_e(t["table"])}</td><td class="n">{t.get("passed", 0):,}</td><td class="n">{t["checks"]:,}</td></tr>'
            for t in summary.per_table
        ]
        out.append("</tbody></table>")
    return "\n".join(out)


def _chart_section(chart: Chart) -> str:
    return (
        f'<section class="{"wide" if chart.wide else ""}"><h2>{_e(chart.title)}</h2>'
        f'<p class="caption">{_e(chart.caption)}</p><div class="chart" id="{_e(chart.chart_id)}"></div></section>'
    )


def render_release_page(
    data: PageData,
    *,
    world: Mapping[str, Any] | None = None,
    javascript_bundle: str | None = None,
) -> str:
    """The page as one HTML string: charts, validation summary, links to the release's other files."""
    charts = page_charts(data, world if world is not None else load_world_outline())
    bundle = javascript_bundle if javascript_bundle is not None else vega_javascript_bundle()
    specs = json.dumps({c.chart_id: c.spec for c in charts}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    numbers = "".join(f'<div class="number"><b>{n:,}</b>{_e(name)}</div>' for name, n in data.headline.items())
    previous = f" Previous release: {_e(data.previous_version)}." if data.previous_version else " First release."
    body = [
        "<header>",
        f"<h1>newsevents release {_e(data.version)}</h1>",
        f'<p class="meta">Created {_e(data.created_at)} by pipeline {_e(data.pipeline_version)}.{previous} '
        '<a href="README.md">Dataset card</a> · <a href="CHANGELOG.md">changelog</a> · '
        '<a href="datapackage.json">data package</a> · <a href="validation/report.html">validation report</a> · '
        '<a href="manifest.json">manifest</a></p>',
        f'<div class="numbers">{numbers}</div>',
        "</header>",
        '<main class="grid">',
        *[_chart_section(c) for c in charts],
        f'<section class="wide" id="validation"><h2>Validation</h2>{_validation_html(data.validation, data.quarantine)}</section>',
        "</main>",
        f"<footer>{_e(WORLD_OUTLINE_CREDIT)} Charts drawn with Vega-Lite (BSD-3-Clause), inlined: the page needs no network.</footer>",
    ]
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>newsevents {_e(data.version)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
            *body,
            f'<script type="application/json" id="chart-specs">{_json_script_safe(specs)}</script>',
            f'<script type="module">{_javascript_script_safe(bundle)}</script>',
            f'<script type="module">{_EMBED_SCRIPT}</script>',
            "</body>",
            "</html>",
            "",
        ]
    )


def chart_ids(data: PageData, world: Mapping[str, Any] | None = None) -> list[str]:
    """The element id of every chart the page draws (what a browser test looks for)."""
    return [c.chart_id for c in page_charts(data, world if world is not None else load_world_outline())]
