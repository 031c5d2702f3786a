"""Done-when of the event dates and clusters on the VOA release (89 real stories through the CLI)."""

from __future__ import annotations

from datetime import timedelta

import polars as pl
import pytest

from transforms.link.events import TOLERANCE_DAYS
from transforms.schemas import DATE_SOURCES, GEO_SOURCES

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def voa(voa_release) -> dict[str, pl.DataFrame]:
    data = voa_release / "data"
    return {name: pl.read_parquet(data / f"{name}.parquet") for name in ("events", "event_mentions", "documents")}


@pytest.fixture(scope="module")
def reports(voa) -> pl.DataFrame:
    """One row per event: its date and the first and last publication time of its reports."""
    pubs = voa["event_mentions"].join(voa["documents"].select("doc_id", "published_at"), on="doc_id")
    spans = pubs.group_by("event_id").agg(
        pl.col("published_at").min().alias("first"), pl.col("published_at").max().alias("last")
    )
    return voa["events"].join(spans, on="event_id", how="left")


def test_every_event_has_a_date_unless_its_source_is_none(voa):
    events = voa["events"]
    assert events.height > 100
    assert set(events["date_source"]) <= set(DATE_SOURCES)
    assert events.filter(pl.col("event_date").is_null() & (pl.col("date_source") != "none")).height == 0
    assert events.filter(pl.col("event_date").is_not_null() & (pl.col("date_source") == "none")).height == 0
    # the VOA stories all carry a publication date, so almost every event is dated
    assert events.filter(pl.col("date_source") == "none").height / events.height < 0.1


def test_no_undated_event_merges_reports_more_than_seven_days_apart(reports):
    undated = reports.filter(pl.col("event_date").is_null())
    apart = undated.filter((pl.col("last") - pl.col("first")) > pl.duration(days=7))
    assert apart.height == 0, apart.select("event_type", "n_mentions", "evidence").to_dicts()


def test_no_dated_event_has_a_report_published_before_it(reports):
    # Tolerance: TOLERANCE_DAYS (1) day.  Publication times are UTC, an event's day is local time (UTC-12 to
    # UTC+14): a report from Asia on the morning of the 10th can carry a UTC time of the 9th.
    dated = reports.filter(pl.col("event_date").is_not_null())
    early = dated.filter(pl.col("first").dt.date() < pl.col("event_date") - timedelta(days=TOLERANCE_DAYS))
    assert early.height == 0, early.select("event_date", "first", "evidence").to_dicts()


def test_events_dated_by_their_reports_never_span_more_than_the_tolerance(reports):
    # an event known only by its reports' day joins reports of that day (plus or minus the tolerance), never
    # ones months or years apart (the AGREE of 2021-2025 in the issue)
    by_report = reports.filter(pl.col("date_precision") == "report")
    assert by_report.height > 0
    spread = by_report.filter((pl.col("last") - pl.col("first")) > pl.duration(days=2 * TOLERANCE_DAYS + 1))
    assert spread.height == 0, spread.select("event_type", "event_date", "evidence").to_dicts()


def test_places_have_a_source_and_sentence_places_are_most_precise(voa):
    events = voa["events"]
    assert set(events["geo_source"]) <= set(GEO_SOURCES)
    assert events.filter((pl.col("geo_source") == "none") != pl.col("location_name").is_null()).height == 0
    # nothing that only looks like a place
    assert not set(events["location_name"].drop_nulls()) & {"Un", "Parliament", "UN", "AI"}
