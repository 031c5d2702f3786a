"""The quality gate of a run: validate, quarantine what row rules reject, validate what is left.

``run_gate`` is what the flow calls between building the tables and publishing them:

1. every suite runs over the staged tables (plus an empty ``quarantine`` table);
2. a blocking failure (an invariant, or a row rule above its threshold) stops there: nothing is
   removed, the run is blocked;
3. otherwise the rows failing critical row rules are removed with their dependants
   (``quarantine.py``) and recorded in the ``quarantine`` table;
4. the suites run again over the kept tables, so the published report describes what is published
   and every foreign key is checked after the removal; the row-rule results of step 1 (what was
   found and removed) replace the now-empty ones of step 4.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from flows.settings import EXPECTATIONS_DIR
from flows.validation.gx import DEFAULT_EXAMPLE_ROWS
from flows.validation.quarantine import QUARANTINE, Failure, quarantine_failures
from flows.validation.results import MIN_DOCUMENTS_TO_BLOCK, ExpectationResult, ValidationOutcome
from flows.validation.validate import validate_tables
from flows.validation.views import DEFAULT_MAX_SHRINK_FRACTION
from flows.work import TableFiles
from transforms.schemas import TABLES


@dataclass
class GateResult:
    """What the gate decided: the outcome, the tables to publish (or to keep for inspection when blocked)."""

    outcome: ValidationOutcome
    tables: Mapping[str, pl.DataFrame]  # TableFiles when the gate ran on files
    quarantine: pl.DataFrame

    @property
    def success(self) -> bool:
        return self.outcome.success

    def quarantined_by_rule(self) -> dict[str, int]:
        return self.outcome.quarantined_by_rule()


def quarantine_counts(quarantine: pl.DataFrame) -> list[dict[str, Any]]:
    """Rows per (rule, table, action), biggest first: for the report, the run summary and the card."""
    if quarantine.is_empty():
        return []
    counts = (
        quarantine.group_by("rule", "table", "action")
        .agg(pl.len().alias("rows"))
        .sort(["rows", "rule", "table", "action"], descending=[True, False, False, False])
    )
    return counts.to_dicts()


def _merge(first: ValidationOutcome, second: ValidationOutcome) -> list[ExpectationResult]:
    """The second pass's results, with the first pass's row-rule findings where rows were removed."""
    found = {r.check: r for r in first.results if r.quarantines}
    merged = []
    for r in second.results:
        if r.quarantines:
            # The quarantine removed every failing row; one left means the cascade has a bug.
            r.success, r.documents_affected = False, None
            r.error = "rows still fail after the quarantine"
        elif r.check in found:
            r = found[r.check]
            r.quarantined_rows = r.unexpected_count or 0
        merged.append(r)
    return merged


def run_gate(
    tables: Mapping[str, pl.DataFrame],
    *,
    run_date: dt.date,
    previous_release: Path | None = None,
    subject: str | None = None,
    max_shrink_fraction: float = DEFAULT_MAX_SHRINK_FRACTION,
    example_rows: int = DEFAULT_EXAMPLE_ROWS,
    expectations_dir: Path = EXPECTATIONS_DIR,
    min_documents_to_block: int = MIN_DOCUMENTS_TO_BLOCK,
) -> GateResult:
    """Validate the staged tables, quarantine rows failing row rules, and validate what is left."""
    if isinstance(tables, TableFiles):  # the run's tables: files in, files out (one table in memory at a time)
        staged = tables if QUARANTINE in tables else tables.with_table(QUARANTINE, TABLES[QUARANTINE].empty())
        kept_folder = tables.folder.with_name(f"{tables.folder.name}-kept")
    else:
        staged = {**tables}
        staged.setdefault(QUARANTINE, TABLES[QUARANTINE].empty())
        kept_folder = None
    options = dict(
        run_date=run_date,
        previous_release=previous_release,
        subject=subject,
        max_shrink_fraction=max_shrink_fraction,
        example_rows=example_rows,
        expectations_dir=expectations_dir,
        min_documents_to_block=min_documents_to_block,
    )
    first = validate_tables(staged, **options)
    failures = [Failure(r.table, r.check, r.failing_rows, r.failing_values) for r in first.results if r.quarantines]
    if not first.success or not failures:
        return GateResult(first, staged, staged[QUARANTINE])
    kept, quarantine = quarantine_failures(staged, failures, folder=kept_folder)
    second = validate_tables(kept, **options)
    second.results = _merge(first, second)
    second.quarantine_counts = quarantine_counts(quarantine)
    return GateResult(second, kept, quarantine)


def nothing_survived_message(rejects: pl.DataFrame, where: str | Path) -> str:
    """The message of a run in which no document survived ingest (publish nothing, exit 1).

    "no document survived ingest: 3 inputs rejected (binary_file: 2, empty_file: 1), see <where>".
    """
    n = rejects.height
    if n and "reason" in rejects.columns:
        counts = rejects.group_by("reason").agg(pl.len().alias("n")).sort(["n", "reason"], descending=[True, False])
        reasons = ", ".join(f"{reason}: {count}" for reason, count in counts.iter_rows())
    else:
        reasons = "the input folder holds no input files"
    return f"no document survived ingest: {n} input{'' if n == 1 else 's'} rejected ({reasons}), see {where}"
