"""Running every suite over the tables: views, then GX one table at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from pathlib import Path

import polars as pl

from flows.settings import EXPECTATIONS_DIR
from flows.validation.gx import DEFAULT_EXAMPLE_ROWS, run_suite, suite_columns
from flows.validation.quarantine import documents_of_rows
from flows.validation.results import MIN_DOCUMENTS_TO_BLOCK, ROW_RULE, ExpectationResult, ValidationOutcome
from flows.validation.suites import RELEASE_SUITE, SUITE_ORDER, load_suite_definitions
from flows.validation.views import (
    DEFAULT_MAX_SHRINK_FRACTION,
    ViewSource,
    build_release_view,
    expectation_parameters,
    read_previous_release,
)
from flows.work import trim_c_heap
from transforms import schemas


def _with_documents_affected(
    results: list[ExpectationResult], table: str, tables: Mapping[str, pl.DataFrame], min_documents_to_block: int
) -> None:
    """Row rules: how many documents their failing rows come from (decides whether a rule may block)."""
    for r in results:
        if r.kind == ROW_RULE:
            r.min_documents_to_block = min_documents_to_block
            if r.failing_rows:
                r.documents_affected = documents_of_rows(table, r.failing_rows, tables)


def validate_tables(
    tables: Mapping[str, pl.DataFrame],
    *,
    run_date: dt.date,
    previous_release: Path | None = None,
    schema_version: int = schemas.SCHEMA_VERSION,
    max_shrink_fraction: float = DEFAULT_MAX_SHRINK_FRACTION,
    example_rows: int = DEFAULT_EXAMPLE_ROWS,
    expectations_dir: Path = EXPECTATIONS_DIR,
    suites: Collection[str] | None = None,
    subject: str | None = None,
    min_documents_to_block: int = MIN_DOCUMENTS_TO_BLOCK,
) -> ValidationOutcome:
    """Run every suite in ``expectations_dir`` over the tables (and the release view).

    ``run_date`` may be a datetime (the run's time) or a date (then its end is the run's time).
    ``suites`` restricts the run to some suite names (for debugging and fast tests); the gate
    always runs them all.  A row rule above its threshold blocks only when its failing rows come
    from at least ``min_documents_to_block`` documents (see ``results.MIN_DOCUMENTS_TO_BLOCK``).
    Nothing is removed here: see ``flows.validation.gate.run_gate``.
    """
    definitions = load_suite_definitions(expectations_dir)
    previous = read_previous_release(previous_release) if previous_release else None
    parameters = expectation_parameters(run_date=run_date, max_shrink_fraction=max_shrink_fraction)
    results: list[ExpectationResult] = []
    for name in SUITE_ORDER:
        if suites is not None and name not in suites:
            continue
        if name == RELEASE_SUITE:
            view = build_release_view(tables, schema_version=schema_version, previous=previous)
        elif name in tables:
            # Built by the suite's run: whole when it fits one batch, else a slice of rows at a time.
            view = ViewSource(name, tables, suite_columns(definitions[name], name))
        else:
            continue  # a missing table fails release.tables.all_present
        suite_results = run_suite(name, definitions[name], view, parameters, example_rows)
        del view  # one view alive at a time
        # a suite's pandas batches are freed when it ends, but glibc keeps their pages mapped (tens of MB per
        # view at 20,000 articles) and the next view adds to them: trimmed, the gate stays near one view's memory
        trim_c_heap()
        if name != RELEASE_SUITE:
            _with_documents_affected(suite_results, name, tables, min_documents_to_block)
        results += suite_results
    return ValidationOutcome(
        results=results,
        run_date=run_date.date() if isinstance(run_date, dt.datetime) else run_date,
        schema_version=schema_version,
        previous_release=str(previous_release) if previous_release else None,
        subject=subject,
    )
