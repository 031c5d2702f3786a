"""Great Expectations plumbing: one ephemeral context per process, one pandas batch per table.

A suite runs as GX Core 1.x builds it from its JSON; the results are converted to
``ExpectationResult`` with a few example rows, and for row rules the positions of every failing
row (``unexpected_index_list`` of the COMPLETE result format), which the gate quarantines.
"""

from __future__ import annotations

import json
import re
import threading
from typing import Any

import polars as pl

from flows.settings import apply_environment
from flows.validation.results import CRITICAL, INVARIANT, ROW_RULE, ExpectationResult, json_safe, kwarg_columns
from transforms.schemas import TABLES

DEFAULT_EXAMPLE_ROWS = 5
# Long texts in example rows are cut to this many characters (around the offending match when
# there is one) so a report stays readable.
EXAMPLE_TEXT_CHARS = 160

_GX_LOCK = threading.RLock()
_GX_STATE: dict[str, Any] = {}


def gx_version() -> str:
    from great_expectations import __version__

    return __version__


def gx_lock() -> threading.RLock:
    """GX's ephemeral context is not thread-safe: one suite at a time per process."""
    return _GX_LOCK


def _gx_datasource():
    """One ephemeral GX context and pandas data source per process (context creation is slow)."""
    with _GX_LOCK:
        if "datasource" not in _GX_STATE:
            apply_environment()  # analytics off before GX is imported
            import great_expectations as gx
            from great_expectations.data_context.types.base import ProgressBarsConfig

            context = gx.get_context(mode="ephemeral")
            context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
            _GX_STATE["context"] = context
            _GX_STATE["datasource"] = context.data_sources.add_pandas("newsevents_validation")
        return _GX_STATE["datasource"]


def warm_up() -> None:
    """Import Great Expectations and build its context now (seconds of work), e.g. in a background thread
    while the parse runs, so the gate does not wait for it."""
    _gx_datasource()


def _batch_definition(name: str):
    datasource = _gx_datasource()
    try:
        asset = datasource.get_asset(name)
    except LookupError:
        asset = datasource.add_dataframe_asset(name)
    try:
        return asset.get_batch_definition("whole")
    except (KeyError, LookupError):
        return asset.add_batch_definition_whole_dataframe("whole")


def _forget_batches() -> None:
    """Drop the batch and the metrics GX keeps after a suite has run.

    The pandas execution engine caches every batch's DataFrame and every resolved metric (value
    maps over all rows included) for the life of the context; over the 13 suites of a large
    release that holds every view in memory at once, so the gate frees them after each suite.
    """
    engine = _gx_datasource().get_execution_engine()
    engine.batch_manager.batch_data_cache.clear()
    engine.batch_manager.reset_batch_cache()
    metric_cache = getattr(engine, "_metric_cache", None)  # GX's own naive cache (execution_engine.py)
    if isinstance(metric_cache, dict):
        metric_cache.clear()


def _build_suite(definition: dict[str, Any]):
    from great_expectations.core import ExpectationSuite

    suite = ExpectationSuite(**json.loads(json.dumps(definition)))
    # GX logs and drops an expectation it cannot build; a gate must not silently lose checks.
    if len(suite.expectations) != len(definition.get("expectations", [])):
        raise ValueError(f"suite {definition['name']}: some expectations could not be built")
    return suite


# --- examples ----------------------------------------------------------------------------------------


def excerpt(text: str, patterns: list[str], limit: int = EXAMPLE_TEXT_CHARS) -> str:
    """The text cut around the first match of any pattern (or its start) to ``limit`` characters."""
    if len(text) <= limit:
        return text
    start = 0
    for pattern in patterns:
        match = re.search(pattern, text)
        if match:
            start = max(0, match.start() - limit // 3)
            break
    piece = text[start : start + limit]
    return ("…" if start else "") + piece + ("…" if start + limit < len(text) else "")


# Columns an example row shows beside the checked ones when a check compares a span with its document.
_SPAN_CHECK_COLUMNS = ("document_text_at_offsets", "document_n_chars", "trigger_in_sentence")
_SPAN_EXAMPLE_COLUMNS = (
    "doc_id",
    "char_start",
    "char_end",
    "text",
    "trigger",
    "document_n_chars",
    "document_text_at_offsets",
)


def _example_rows(view: pl.DataFrame, indices: list[int], table: str, kwargs: dict[str, Any]) -> list[dict[str, Any]]:
    declared = TABLES.get(table)
    keys = list(declared.primary_key) if declared else ["table"]
    wanted = [*keys, *kwarg_columns(kwargs)]
    if any(c in wanted for c in _SPAN_CHECK_COLUMNS):
        wanted += list(_SPAN_EXAMPLE_COLUMNS)
    columns = [c for c in dict.fromkeys(wanted) if c in view.columns]
    patterns = regex_patterns(kwargs)
    rows = [i for i in indices if isinstance(i, int) and 0 <= i < view.height]
    if not rows:
        return []
    picked = view.select(columns)[rows]
    return [
        {k: excerpt(v, patterns) if isinstance(v, str) else json_safe(v) for k, v in row.items()}
        for row in picked.iter_rows(named=True)
    ]


def regex_patterns(kwargs: dict[str, Any]) -> list[str]:
    patterns = list(kwargs.get("regex_list") or [])
    return patterns + ([kwargs["regex"]] if isinstance(kwargs.get("regex"), str) else [])


def _exception_message(exception_info: Any) -> str | None:
    if not isinstance(exception_info, dict):
        return None
    if exception_info.get("raised_exception"):
        return exception_info.get("exception_message") or "exception"
    for value in exception_info.values():
        if isinstance(value, dict) and value.get("exception_message"):
            return str(value["exception_message"])
    return None


def _convert_result(
    table: str,
    definition: dict[str, Any],
    gx_result: Any,
    view: pl.DataFrame | None,
    example_rows: int,
    *,
    examples: list[dict[str, Any]] | None = None,
    failing_values: list[str] | None = None,
) -> ExpectationResult:
    """GX's result as ours; example rows and failing values are read from ``view`` (``_batch_examples``) unless
    given (batches read them from their own views)."""
    result = gx_result.result or {}
    meta = definition.get("meta") or {}
    kwargs = definition.get("kwargs") or {}
    kind = meta.get("kind", INVARIANT)
    error = _exception_message(gx_result.exception_info)
    all_indices = [int(i) for i in result.get("unexpected_index_list") or []]
    if examples is None:
        examples, failing_values = _batch_examples(table, definition, gx_result, view, example_rows)
    if not examples and result.get("partial_unexpected_list"):
        examples = [{"value": v} for v in result["partial_unexpected_list"][:example_rows]]
    observed = result.get("observed_value")
    if observed is None and result.get("partial_missing_list"):
        # Distinct-value expectations report the expected values that are absent.
        observed = {"missing": result["partial_missing_list"]}
        examples = examples or [{"missing": v} for v in result["partial_missing_list"][:example_rows]]
    return ExpectationResult(
        table=table,
        check=meta.get("check") or f"{table}.{definition['type']}",
        expectation_type=definition["type"],
        kwargs={k: v for k, v in kwargs.items() if k != "mostly"},
        severity=meta.get("severity", CRITICAL),
        success=bool(gx_result.success) and error is None,
        observed=json_safe(observed),
        unexpected_count=result.get("unexpected_count"),
        element_count=result.get("element_count"),
        examples=examples,
        notes=definition.get("notes") or "",
        error=error,
        kind=kind,
        mostly=kwargs.get("mostly"),
        failing_rows=all_indices if kind == ROW_RULE else [],
        failing_values=failing_values if kind == ROW_RULE else [],
    )


def _failing_values(view: pl.DataFrame, rows: list[int], kwargs: dict[str, Any]) -> list[str]:
    """The checked value(s) of each failing row as short text, read from the view with their polars types
    (a Date stays a date, an integer an integer); long texts are cut around the offending match."""
    columns = [c for c in kwarg_columns(kwargs) if c in view.columns]
    if not rows or not columns:
        return [""] * len(rows)
    patterns = regex_patterns(kwargs)
    picked = view.select(columns)[rows]  # only the failing rows, a few in a sound corpus
    return [
        " | ".join(excerpt(v, patterns) if isinstance(v, str) else ("null" if v is None else str(v)) for v in values)
        for values in picked.iter_rows()
    ]


def suite_columns(definition: dict[str, Any], table: str) -> set[str]:
    """Every view column a suite's run reads: the checked columns and row conditions, and what its results
    show (the table's primary key, the span columns of example rows).  The view needs no other column."""
    declared = TABLES.get(table)
    return (
        _referenced_columns(definition)
        | set(declared.primary_key if declared else ["table"])
        | set(_SPAN_EXAMPLE_COLUMNS)
    )


def _checked_columns(definition: dict[str, Any], view: pl.DataFrame) -> list[str]:
    """The view's columns that some expectation of the suite reads (its columns and row conditions)."""
    wanted = _referenced_columns(definition)
    return [c for c in view.columns if c in wanted] or view.columns[:1]


def _referenced_columns(definition: dict[str, Any]) -> set[str]:
    wanted: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("column", "column_A", "column_B") and isinstance(item, str):
                    wanted.add(item)
                elif key == "column" and isinstance(item, dict) and isinstance(item.get("name"), str):
                    wanted.add(item["name"])  # a row condition's column
                elif key == "column_list" and isinstance(item, list):
                    wanted.update(c for c in item if isinstance(c, str))
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk([e.get("kwargs") for e in definition.get("expectations", [])])
    return wanted


# Row-wise expectations (each row passes or fails on its own values, a row condition included) run over
# batches of rows in large views, so GX's pandas batch and its per-row metrics cover one batch at a time;
# expectations over whole columns (uniqueness, distinct values, row counts) see the whole view, only the
# columns they read.  A batch holds at most BATCH_ROWS rows and at most BATCH_BYTES of the columns its
# expectations read (polars' estimate; pandas holds each string as a Python object, several times that):
# the documents' text checks then run over a few thousand documents at a time, the narrow checks of the
# same table over all of them.  Views within both limits run in one batch, exactly as before.
BATCH_ROWS = 100_000
BATCH_BYTES = 16 * 2**20
ROW_WISE = frozenset(
    {
        "expect_column_values_to_not_be_null",
        "expect_column_values_to_be_null",
        "expect_column_values_to_be_between",
        "expect_column_values_to_be_in_set",
        "expect_column_values_to_match_regex",
        "expect_column_values_to_not_match_regex_list",
        "expect_column_pair_values_a_to_be_greater_than_b",
        "expect_column_pair_values_to_be_equal",
    }
)
# Counts that add up over batches; failing row positions are offset by each batch's first row.
_SUMMED = ("element_count", "unexpected_count", "missing_count")


# Rows of a large view's first slice from which the bytes per row of each expectation's columns are estimated.
SAMPLE_ROWS = 10_000


class _FrameSource:
    """A view already in memory, served as a ``ViewSource`` is (whole, or a slice of its rows)."""

    def __init__(self, view: pl.DataFrame):
        self.view, self.height = view, view.height

    def whole(self, columns: set[str]) -> pl.DataFrame:
        return self.view

    def rows(self, start: int, length: int) -> pl.DataFrame:
        return self.view if (start, length) == (0, self.height) else self.view.slice(start, length)


def _rows_per_batch(sample: pl.DataFrame, expectation: dict[str, Any], batch_rows: int, batch_bytes: int) -> int:
    """Rows per batch for one row-wise expectation: at most ``batch_rows``, and few enough that the columns
    it reads stay within ``batch_bytes`` (bytes per row as in ``sample``, the view or its first rows)."""
    columns = _checked_columns({"expectations": [expectation]}, sample)
    per_row = sample.select(columns).estimated_size() / max(sample.height, 1)
    return max(1, min(batch_rows, int(batch_bytes // max(per_row, 1.0))))


def run_suite(
    name: str,
    definition: dict[str, Any],
    view: Any,
    parameters: dict[str, Any],
    example_rows: int,
    *,
    batch_rows: int = BATCH_ROWS,
    batch_bytes: int = BATCH_BYTES,
) -> list[ExpectationResult]:
    """Run one suite over one view (pandas batches); one result per expectation, in suite order.

    ``view`` is the view itself (a frame) or a ``views.ViewSource``, which builds the whole view only when
    it fits one batch; otherwise the checks over whole columns see only the columns they read, and the
    row-wise checks a slice of rows at a time, each slice's view built, checked and dropped in turn.
    """
    source = _FrameSource(view) if isinstance(view, pl.DataFrame) else view
    expectations = definition.get("expectations", [])
    row_wise = [e for e in expectations if e["type"] in ROW_WISE]
    groups: dict[int, list[dict[str, Any]]] = {}  # rows per batch -> the expectations run in such batches
    sample = None
    if row_wise and source.height:
        # A view in memory is measured whole; a view still to build, on its first rows (all of a small table).
        sample = source.rows(0, min(source.height, SAMPLE_ROWS))
        for e in row_wise:
            groups.setdefault(_rows_per_batch(sample, e, batch_rows, batch_bytes), []).append(e)
    if all(rows >= source.height for rows in groups):
        whole_view = sample if sample is not None and sample.height == source.height else source.rows(0, source.height)
        by_check = _validate(name, definition, whole_view, parameters, example_rows)
        converted = {
            check: _convert_result(name, e, by_check[check], whole_view, example_rows)
            for e in expectations
            if (check := (e.get("meta") or {}).get("check")) in by_check
        }
    else:
        del sample
        converted = _run_in_batches(name, definition, source, groups, parameters, example_rows)
    return [converted.get((e.get("meta") or {}).get("check")) or _did_not_run(name, e) for e in expectations]


def _did_not_run(name: str, expectation: dict[str, Any]) -> ExpectationResult:
    meta = expectation.get("meta") or {}
    return ExpectationResult(
        name,
        meta.get("check") or expectation["type"],
        expectation["type"],
        expectation.get("kwargs") or {},
        meta.get("severity", CRITICAL),
        False,
        error="expectation did not run",
        kind=meta.get("kind", INVARIANT),
    )


def _run_in_batches(
    name: str,
    definition: dict[str, Any],
    source: Any,
    groups: dict[int, list[dict[str, Any]]],
    parameters: dict[str, Any],
    example_rows: int,
) -> dict[str | None, ExpectationResult]:
    """The expectations over whole columns on a view of their columns, then each group of row-wise ones over
    consecutive batches of its size; a batch's examples and failing values are read from that batch's view."""
    converted: dict[str | None, ExpectationResult] = {}
    whole = [e for e in definition.get("expectations", []) if e["type"] not in ROW_WISE]
    if whole:
        declared = TABLES.get(name)
        wanted = _referenced_columns({"expectations": whole}) | set(declared.primary_key if declared else ["table"])
        whole_view = source.whole(wanted)
        by_check = _validate(name, {**definition, "expectations": whole}, whole_view, parameters, example_rows)
        for e in whole:
            check = (e.get("meta") or {}).get("check")
            if check in by_check:
                converted[check] = _convert_result(name, e, by_check[check], whole_view, example_rows)
        del whole_view
    for rows, group in sorted(groups.items()):
        parts: dict[str | None, list[tuple[Any, list[dict[str, Any]], list[str]]]] = {}
        for start in range(0, source.height, rows):
            batch_view = source.rows(start, rows)
            by_check = _validate(name, {**definition, "expectations": group}, batch_view, parameters, example_rows)
            for e in group:
                check = (e.get("meta") or {}).get("check")
                part = by_check.get(check)
                examples, values = _batch_examples(name, e, part, batch_view, example_rows) if part else ([], [])
                parts.setdefault(check, []).append((part, examples, values))
            del batch_view
        for e in group:
            check = (e.get("meta") or {}).get("check")
            batch_results = [p[0] for p in parts.get(check, [])]
            merged = _merged(batch_results, rows, example_rows, (e.get("kwargs") or {}).get("mostly"))
            if merged is None:
                continue
            examples = [x for p in parts[check] for x in p[1]][:example_rows]
            values = [v for p in parts[check] for v in p[2]]
            converted[check] = _convert_result(
                name, e, merged, None, example_rows, examples=examples, failing_values=values
            )
    return converted


def _batch_examples(
    table: str, definition: dict[str, Any], gx_result: Any, view: pl.DataFrame, example_rows: int
) -> tuple[list[dict[str, Any]], list[str]]:
    """Example rows and (row rules) failing values of a result, read from the view it ran on (a batch's own)."""
    result = gx_result.result or {}
    kwargs = definition.get("kwargs") or {}
    all_indices = [int(i) for i in result.get("unexpected_index_list") or []]
    indices = (all_indices or list(result.get("partial_unexpected_index_list") or []))[:example_rows]
    examples = _example_rows(view, indices, table, kwargs)
    kind = (definition.get("meta") or {}).get("kind", INVARIANT)
    return examples, (_failing_values(view, all_indices, kwargs) if kind == ROW_RULE else [])


def _validate(
    name: str, definition: dict[str, Any], view: pl.DataFrame, parameters: dict[str, Any], example_rows: int
) -> dict[str | None, Any]:
    """GX's results of a suite over one view (or a batch of its rows), by check name."""
    suite = _build_suite(definition)
    # COMPLETE lists every failing row's position, which the quarantine needs for row rules.
    result_format = {"result_format": "COMPLETE", "partial_unexpected_count": max(example_rows, 1)}
    # Only the columns the expectations read go to pandas (examples are read from the polars view).
    batch_frame = view.select(_checked_columns(definition, view)).to_pandas()
    with _GX_LOCK:
        try:
            batch = _batch_definition(name).get_batch(batch_parameters={"dataframe": batch_frame})
            gx_results = batch.validate(suite, result_format=result_format, expectation_parameters=parameters)
        finally:
            _forget_batches()
    return {(r.expectation_config.meta or {}).get("check"): r for r in gx_results.results}


def _merged(parts: list[Any], batch_rows: int, example_rows: int, mostly: float | None) -> Any:
    """One row-wise expectation's result over the whole view from its results over consecutive batches:
    counts summed, failing positions offset to the view's, examples the first ones, success as GX decides
    it (every row passes, or with ``mostly`` the share of non-missing rows that pass)."""
    from types import SimpleNamespace

    if any(p is None for p in parts):
        return None
    failed = next((p for p in parts if _exception_message(p.exception_info)), None)
    if failed is not None:
        return failed
    results = [p.result or {} for p in parts]
    merged: dict[str, Any] = {key: sum(r.get(key) or 0 for r in results) for key in _SUMMED if key in results[0]}
    merged["unexpected_index_list"] = [
        int(i) + n * batch_rows for n, r in enumerate(results) for i in r.get("unexpected_index_list") or []
    ]
    merged["partial_unexpected_index_list"] = merged["unexpected_index_list"][: max(example_rows, 1)]
    merged["partial_unexpected_list"] = [v for r in results for v in r.get("partial_unexpected_list") or []][
        : max(example_rows, 1)
    ]
    if mostly is None:
        success = all(bool(p.success) for p in parts)
    else:
        nonmissing = merged.get("element_count", 0) - merged.get("missing_count", 0)
        unexpected = merged.get("unexpected_count", 0)
        success = nonmissing == 0 or (nonmissing - unexpected) / nonmissing >= mostly
    return SimpleNamespace(result=merged, success=success, exception_info=parts[0].exception_info)
