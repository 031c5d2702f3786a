"""The data-quality gate: run the Great Expectations suites in ``expectations/`` over the tables.

Every check runs inside GX (GX Core 1.x, ephemeral context, pandas batches).  Checks that need
more than one table (foreign keys, text at offsets, counts, comparisons with the previous
release) run built-in expectations over a *validation view*: the table plus derived columns
(``document_n_chars``, ``document_text_at_offsets``, ``mention_rows``, ...) computed here, or
over suite parameters (``<table>_<key>_values``, ``run_date``, ``max_shrink_fraction``).  The
release view has one row per table with its columns and row count beside the previous
release's.  Each expectation's ``meta.severity`` decides whether a failure blocks publishing
(``critical``) or is only reported (``warning``).

``validate_release`` re-checks a published release folder: checksums (``SHA256SUMS`` and the
manifest) first, then the suites over its Parquet files.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import threading
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from flows.publish import is_release_version, sha256_file, version_sort_key
from flows.settings import EXPECTATIONS_DIR, apply_environment
from transforms import schemas
from transforms.schemas import TABLES

CRITICAL, WARNING = "critical", "warning"
SEVERITIES = (CRITICAL, WARNING)
RELEASE_SUITE = "release"
SUITE_ORDER: tuple[str, ...] = (*schemas.PUBLISHED_TABLES, RELEASE_SUITE)

DEFAULT_MAX_SHRINK_FRACTION = 0.5
DEFAULT_EXAMPLE_ROWS = 5
# Long texts in example rows are cut to this many characters (around the offending match when
# there is one) so a report stays readable.
EXAMPLE_TEXT_CHARS = 160


# --- results -------------------------------------------------------------------------------------


@dataclass
class ExpectationResult:
    """The outcome of one expectation (or one release-file check) on one table."""

    table: str
    check: str
    expectation_type: str
    kwargs: dict[str, Any]
    severity: str
    success: bool
    observed: Any = None
    unexpected_count: int | None = None
    element_count: int | None = None
    examples: list[dict[str, Any]] = field(default_factory=list)
    notes: str = ""
    error: str | None = None

    @property
    def expectation(self) -> str:
        """Short label: the expectation type and the column(s) it looks at."""
        columns = _kwarg_columns(self.kwargs)
        return f"{self.expectation_type}({', '.join(columns)})" if columns else self.expectation_type

    def observed_text(self) -> str:
        if self.error:
            return f"error: {self.error}"
        if self.unexpected_count is not None and self.element_count is not None:
            text = f"{self.unexpected_count} of {self.element_count} rows unexpected"
            if self.observed is not None:
                text += f"; observed {_short(self.observed)}"
            return text
        return _short(self.observed)


@dataclass
class ValidationOutcome:
    """All results of one validation; ``success`` is False when any critical check failed."""

    results: list[ExpectationResult]
    run_date: dt.date | None = None
    schema_version: int | None = None
    previous_release: str | None = None
    subject: str | None = None  # e.g. the release folder that was re-validated

    @property
    def success(self) -> bool:
        return not self.critical_failures

    @property
    def critical_failures(self) -> list[ExpectationResult]:
        return [r for r in self.results if not r.success and r.severity == CRITICAL]

    @property
    def warnings(self) -> list[ExpectationResult]:
        return [r for r in self.results if not r.success and r.severity != CRITICAL]

    def failed_checks(self) -> list[str]:
        return [r.check for r in self.results if not r.success]

    def result(self, check: str) -> ExpectationResult:
        """The result of one named check (KeyError when it did not run)."""
        for r in self.results:
            if r.check == check:
                return r
        raise KeyError(check)

    def to_json(self) -> dict[str, Any]:
        return _json_safe(
            {
                "success": self.success,
                "subject": self.subject,
                "run_date": self.run_date.isoformat() if self.run_date else None,
                "schema_version": self.schema_version,
                "previous_release": self.previous_release,
                "great_expectations_version": _gx_version(),
                "statistics": {
                    "evaluated": len(self.results),
                    "successful": sum(r.success for r in self.results),
                    "critical_failures": len(self.critical_failures),
                    "warnings": len(self.warnings),
                },
                "results": [{**asdict(r), "expectation": r.expectation} for r in self.results],
            }
        )

    def summary_rows(self) -> list[dict[str, Any]]:
        """One row per expectation, for a Prefect table artifact."""
        return [
            {
                "table": r.table,
                "expectation": r.check,
                "severity": r.severity,
                "success": r.success,
                "observed": r.observed_text(),
            }
            for r in self.results
        ]

    def write(self, directory: Path) -> Path:
        """Write ``<directory>/validation/results.json`` and ``report.html``; returns the validation folder."""
        out = Path(directory) / "validation"
        out.mkdir(parents=True, exist_ok=True)
        (out / "results.json").write_text(
            json.dumps(self.to_json(), indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        (out / "report.html").write_text(render_html_report(self), encoding="utf-8")
        return out

    def format_failures(self, *, max_examples: int = 3) -> str:
        """Failed checks with example rows, for the terminal."""
        lines: list[str] = []
        for title, failures in (("Critical failures", self.critical_failures), ("Warnings", self.warnings)):
            if not failures:
                continue
            lines.append(f"{title} ({len(failures)}):")
            for r in failures:
                lines.append(f"  [{r.severity}] {r.check}: {r.expectation}")
                lines.append(f"      observed: {r.observed_text()}")
                for example in r.examples[:max_examples]:
                    lines.append(f"      e.g. {json.dumps(_json_safe(example), ensure_ascii=False, sort_keys=True)}")
        if not lines:
            return f"All {len(self.results)} checks passed."
        return "\n".join(lines)


# --- Great Expectations plumbing -------------------------------------------------------------------

_GX_LOCK = threading.RLock()
_GX_STATE: dict[str, Any] = {}


def _gx_version() -> str:
    from great_expectations import __version__

    return __version__


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


def load_suite_definitions(directory: Path = EXPECTATIONS_DIR) -> dict[str, dict[str, Any]]:
    """The suite JSON files as dicts, by suite name (``<table>.json`` and ``release.json``)."""
    suites: dict[str, dict[str, Any]] = {}
    for name in SUITE_ORDER:
        path = Path(directory) / f"{name}.json"
        if not path.exists():
            raise FileNotFoundError(f"missing expectation suite {path}")
        suite = json.loads(path.read_text(encoding="utf-8"))
        for exp in suite.get("expectations", []):
            severity = (exp.get("meta") or {}).get("severity")
            if severity not in SEVERITIES:
                raise ValueError(
                    f"{path.name}: {exp.get('type')} has meta.severity {severity!r}, expected one of {SEVERITIES}"
                )
        suites[name] = suite
    return suites


def _build_suite(definition: dict[str, Any]):
    from great_expectations.core import ExpectationSuite

    suite = ExpectationSuite(**json.loads(json.dumps(definition)))
    # GX logs and drops an expectation it cannot build; a gate must not silently lose checks.
    if len(suite.expectations) != len(definition.get("expectations", [])):
        raise ValueError(f"suite {definition['name']}: some expectations could not be built")
    return suite


# --- validation views ------------------------------------------------------------------------------


def _signature(schema: dict[str, pl.DataType] | pl.Schema) -> str:
    return ", ".join(f"{name}:{dtype}" for name, dtype in schema.items())


def _has(df: pl.DataFrame, *columns: str) -> bool:
    return all(c in df.columns for c in columns)


# Which documents' published text can be sliced at a table's offsets.  ``snippet`` blanks every
# character outside the event-mention and quote sentences but keeps positions (see
# transforms/text_policy.py), so quotes and event mentions still read there; entity mentions may
# fall in blanked text.  ``none`` publishes no text.
TEXT_POLICIES_WITH_SPANS: dict[str, tuple[str, ...]] = {
    "quotes": ("full", "snippet"),
    "event_mentions": ("full", "snippet"),
    "entity_mentions": ("full",),
    "paragraphs": ("full",),
    "sentences": ("full",),
}
# Policies whose published text keeps the clean text's length (n_chars).
TEXT_POLICIES_WITH_LENGTH = ("full", "snippet")


def _documents_lookup(documents: pl.DataFrame | None) -> pl.DataFrame:
    """doc_id -> n_chars, published text and text_policy."""
    schema = {
        "doc_id": pl.String(),
        "document_n_chars": pl.Int64(),
        "document_text": pl.String(),
        "document_text_policy": pl.String(),
    }
    if documents is None or not _has(documents, "doc_id", "n_chars", "text"):
        return pl.DataFrame(schema=schema)
    policy = pl.col("text_policy") if "text_policy" in documents.columns else pl.lit("full")
    return (
        documents.select(
            pl.col("doc_id").cast(pl.String),
            pl.col("n_chars").cast(pl.Int64).alias("document_n_chars"),
            pl.col("text").cast(pl.String).alias("document_text"),
            policy.cast(pl.String).alias("document_text_policy"),
        )
        .filter(pl.col("doc_id").is_not_null())
        .unique("doc_id", keep="first", maintain_order=True)
    )


def _with_document_columns(
    df: pl.DataFrame, docs: pl.DataFrame, *, policies_with_spans: tuple[str, ...]
) -> pl.DataFrame:
    if not _has(df, "doc_id"):
        return df
    out = df.join(docs, on="doc_id", how="left", maintain_order="left")
    if _has(out, "char_start", "char_end"):
        length = (pl.col("char_end") - pl.col("char_start")).clip(lower_bound=0)
        out = out.with_columns(
            pl.when(pl.col("document_text_policy").is_in(policies_with_spans))
            .then(pl.col("document_text").str.slice(pl.col("char_start").clip(lower_bound=0), length))
            .otherwise(None)
            .alias("document_text_at_offsets")
        )
    return out.drop("document_text", "document_text_policy")


def _count_by(df: pl.DataFrame | None, key: str, alias: str) -> pl.DataFrame:
    if df is None or key not in df.columns:
        return pl.DataFrame(schema={key: pl.String(), alias: pl.UInt32()})
    return df.group_by(key).agg(pl.len().alias(alias))


def _ids_resolve(df: pl.DataFrame, column: str, known: set[str]) -> pl.Expr:
    """True when every id in the list column is known; null for a null or empty list (nothing to check)."""
    return (
        pl.col(column)
        .map_elements(
            lambda ids: None if ids is None or len(ids) == 0 else all(i in known for i in ids),
            return_dtype=pl.Boolean,
            skip_nulls=False,
        )
        .alias(f"{column}_resolve")
    )


def _trigger_in_sentence() -> pl.Expr:
    """True when every word of the trigger occurs (case-insensitively) in the sentence text.

    Triggers can be discontinuous ("launched measures"), so words are checked one by one.
    """

    def check(row: dict) -> bool | None:
        sentence, trigger = row["document_text_at_offsets"], row["trigger"]
        if sentence is None or trigger is None:
            return None
        sentence = sentence.lower()
        return all(word in sentence for word in trigger.lower().split())

    return (
        pl.struct("document_text_at_offsets", "trigger")
        .map_elements(check, return_dtype=pl.Boolean, skip_nulls=False)
        .alias("trigger_in_sentence")
    )


def _with_within_sentence(view: pl.DataFrame, sentences: pl.DataFrame | None) -> pl.DataFrame:
    """Add ``within_sentence``: the row's span lies inside sentence (doc_id, sentence_idx)."""
    keys = ["doc_id", "sentence_idx"]
    if (
        sentences is None
        or not _has(sentences, *keys, "char_start", "char_end")
        or not _has(view, *keys, "char_start", "char_end")
    ):
        return view
    bounds = sentences.select(
        *keys, pl.col("char_start").alias("_sentence_start"), pl.col("char_end").alias("_sentence_end")
    ).unique(keys, keep="first")
    return (
        view.join(bounds, on=keys, how="left", maintain_order="left")
        .with_columns(
            ((pl.col("char_start") >= pl.col("_sentence_start")) & (pl.col("char_end") <= pl.col("_sentence_end")))
            .fill_null(False)
            .alias("within_sentence")
        )
        .drop("_sentence_start", "_sentence_end")
    )


def build_validation_views(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Each table plus the derived columns its suite refers to (the table itself is not changed)."""
    docs = _documents_lookup(tables.get("documents"))
    sentences = tables.get("sentences")
    entity_ids = set()
    if tables.get("entities") is not None and "entity_id" in tables["entities"].columns:
        entity_ids = set(tables["entities"]["entity_id"].drop_nulls().to_list())
    views: dict[str, pl.DataFrame] = {}
    for name, df in tables.items():
        view = df
        if name == "documents" and _has(df, "doc_id"):
            if _has(df, "text"):
                keeps_length = (
                    pl.col("text_policy").is_in(TEXT_POLICIES_WITH_LENGTH)
                    if "text_policy" in df.columns
                    else pl.lit(True)
                )
                view = view.with_columns(
                    pl.when(keeps_length)
                    .then(pl.col("text").str.len_chars())
                    .otherwise(None)
                    .cast(pl.Int64)
                    .alias("text_length")
                )
            counts = _count_by(tables.get("boilerplate"), "doc_id", "boilerplate_rows")
            view = view.join(counts, on="doc_id", how="left", maintain_order="left").with_columns(
                pl.col("boilerplate_rows").fill_null(0).cast(pl.Int64)
            )
        elif name in ("paragraphs", "sentences", "quotes", "entity_mentions", "event_mentions"):
            view = _with_document_columns(df, docs, policies_with_spans=TEXT_POLICIES_WITH_SPANS[name])
            if name == "event_mentions" and _has(view, "trigger", "document_text_at_offsets"):
                view = view.with_columns(_trigger_in_sentence())
            if name in ("entity_mentions", "event_mentions"):
                view = _with_within_sentence(view, sentences)
        elif name == "entities" and _has(df, "entity_id"):
            counts = _count_by(tables.get("entity_mentions"), "entity_id", "mention_rows")
            view = view.join(counts, on="entity_id", how="left", maintain_order="left").with_columns(
                pl.col("mention_rows").fill_null(0).cast(pl.Int64)
            )
        elif name == "events" and _has(df, "event_id"):
            counts = _count_by(tables.get("event_mentions"), "event_id", "mention_rows")
            view = view.join(counts, on="event_id", how="left", maintain_order="left").with_columns(
                pl.col("mention_rows").fill_null(0).cast(pl.Int64)
            )
            for column in ("actor_entity_ids", "recipient_entity_ids"):
                if column in view.columns:
                    view = view.with_columns(_ids_resolve(view, column, entity_ids))
        views[name] = view
    return views


@dataclass(frozen=True)
class PreviousRelease:
    """What the release checks need from the previous release: its schema version, rows and columns."""

    path: str
    schema_version: int | None
    rows: dict[str, int]
    columns: dict[str, str]  # table -> "name:type, ..." signature


def read_previous_release(release_dir: Path) -> PreviousRelease:
    """Schema version from manifest.json; rows and column signatures from the Parquet files themselves."""
    release_dir = Path(release_dir)
    manifest: dict[str, Any] = {}
    if (release_dir / "manifest.json").exists():
        manifest = json.loads((release_dir / "manifest.json").read_text(encoding="utf-8"))
    rows: dict[str, int] = {}
    columns: dict[str, str] = {}
    for path in sorted((release_dir / "data").glob("*.parquet")):
        table = path.stem
        columns[table] = _signature(pl.read_parquet_schema(path))
        rows[table] = pl.scan_parquet(path).select(pl.len()).collect().item()
    return PreviousRelease(str(release_dir), manifest.get("schema_version"), rows, columns)


def build_release_view(
    tables: dict[str, pl.DataFrame], *, schema_version: int, previous: PreviousRelease | None
) -> pl.DataFrame:
    """One row per table: its columns and rows beside the declared schema and the previous release."""
    rows = []
    for name in sorted(tables):
        df = tables[name]
        declared = TABLES.get(name)
        current_columns = _signature(df.schema)
        previous_rows = previous.rows.get(name) if previous else None
        previous_columns = previous.columns.get(name) if previous else None
        previous_version = previous.schema_version if previous else None
        schema_changed = previous_columns is not None and previous_columns != current_columns
        version_bumped = previous_version is not None and schema_version > previous_version
        rows.append(
            {
                "table": name,
                "rows": df.height,
                "previous_rows": previous_rows,
                "shrink_fraction": (max(0.0, (previous_rows - df.height) / previous_rows) if previous_rows else None),
                "columns": current_columns,
                "declared_columns": _signature(declared.schema) if declared else "(not a published table)",
                "previous_columns": previous_columns,
                "schema_version": schema_version,
                "previous_schema_version": previous_version,
                "schema_change_without_version_bump": bool(schema_changed and not version_bumped),
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "table": pl.String(),
            "rows": pl.Int64(),
            "previous_rows": pl.Int64(),
            "shrink_fraction": pl.Float64(),
            "columns": pl.String(),
            "declared_columns": pl.String(),
            "previous_columns": pl.String(),
            "schema_version": pl.Int64(),
            "previous_schema_version": pl.Int64(),
            "schema_change_without_version_bump": pl.Boolean(),
        },
    )


def expectation_parameters(
    tables: dict[str, pl.DataFrame], *, run_date: dt.date, max_shrink_fraction: float
) -> dict[str, Any]:
    """Values for the suites' ``$PARAMETER`` references."""
    params: dict[str, Any] = {
        # GX compares pandas datetime64 columns with a datetime, not a date.
        "run_date": dt.datetime.combine(run_date, dt.time()),
        "max_shrink_fraction": max_shrink_fraction,
    }
    for table in TABLES.values():
        for key in table.primary_key:
            df = tables.get(table.name)
            values = df[key].drop_nulls().unique().sort().to_list() if df is not None and key in df.columns else []
            params[f"{table.name}_{key}_values"] = values
    return params


# --- running the suites ----------------------------------------------------------------------------


def _kwarg_columns(kwargs: dict[str, Any]) -> list[str]:
    columns = [kwargs[k] for k in ("column", "column_A", "column_B") if isinstance(kwargs.get(k), str)]
    columns += [c for c in kwargs.get("column_list") or [] if isinstance(c, str)]
    return columns


def _short(value: Any, limit: int = 200) -> str:
    text = value if isinstance(value, str) else json.dumps(_json_safe(value), ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_json_safe(v) for v in value]
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN is not JSON
        return None
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "tolist"):
        return _json_safe(value.tolist())
    if hasattr(value, "item"):
        return _json_safe(value.item())
    return str(value)


def _excerpt(text: str, patterns: list[str]) -> str:
    """The text cut around the first match of any pattern (or its start) to EXAMPLE_TEXT_CHARS."""
    if len(text) <= EXAMPLE_TEXT_CHARS:
        return text
    start = 0
    for pattern in patterns:
        match = re.search(pattern, text)
        if match:
            start = max(0, match.start() - EXAMPLE_TEXT_CHARS // 3)
            break
    piece = text[start : start + EXAMPLE_TEXT_CHARS]
    return ("…" if start else "") + piece + ("…" if start + EXAMPLE_TEXT_CHARS < len(text) else "")


def _example_rows(view: pl.DataFrame, indices: list[int], table: str, kwargs: dict[str, Any]) -> list[dict[str, Any]]:
    declared = TABLES.get(table)
    keys = list(declared.primary_key) if declared else ["table"]
    wanted = [*keys, *_kwarg_columns(kwargs)]
    if "document_text_at_offsets" in wanted or "document_n_chars" in wanted or "trigger_in_sentence" in wanted:
        wanted += [
            "doc_id",
            "char_start",
            "char_end",
            "text",
            "trigger",
            "document_n_chars",
            "document_text_at_offsets",
        ]
    columns = [c for c in dict.fromkeys(wanted) if c in view.columns]
    patterns = list(kwargs.get("regex_list") or []) + (
        [kwargs["regex"]] if isinstance(kwargs.get("regex"), str) else []
    )
    examples = []
    for index in indices:
        if not isinstance(index, int) or not 0 <= index < view.height:
            continue
        row = view.select(columns).row(index, named=True)
        examples.append({k: _excerpt(v, patterns) if isinstance(v, str) else _json_safe(v) for k, v in row.items()})
    return examples


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
    table: str, definition: dict[str, Any], gx_result: Any, view: pl.DataFrame, example_rows: int
) -> ExpectationResult:
    result = gx_result.result or {}
    meta = definition.get("meta") or {}
    error = _exception_message(gx_result.exception_info)
    indices = list(result.get("partial_unexpected_index_list") or [])[:example_rows]
    examples = _example_rows(view, indices, table, definition.get("kwargs") or {})
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
        kwargs=definition.get("kwargs") or {},
        severity=meta.get("severity", CRITICAL),
        success=bool(gx_result.success) and error is None,
        observed=_json_safe(observed),
        unexpected_count=result.get("unexpected_count"),
        element_count=result.get("element_count"),
        examples=examples,
        notes=definition.get("notes") or "",
        error=error,
    )


def _run_suite(
    name: str, definition: dict[str, Any], view: pl.DataFrame, parameters: dict[str, Any], example_rows: int
) -> list[ExpectationResult]:
    suite = _build_suite(definition)
    batch = _batch_definition(name).get_batch(batch_parameters={"dataframe": view.to_pandas()})
    gx_results = batch.validate(
        suite,
        result_format={"result_format": "SUMMARY", "partial_unexpected_count": max(example_rows, 1)},
        expectation_parameters=parameters,
    )
    by_check = {}
    for gx_result in gx_results.results:
        meta = gx_result.expectation_config.meta or {}
        by_check[meta.get("check")] = gx_result
    results = []
    for definition_exp in definition.get("expectations", []):
        check = (definition_exp.get("meta") or {}).get("check")
        gx_result = by_check.get(check)
        if gx_result is None:
            results.append(
                ExpectationResult(
                    name,
                    check or definition_exp["type"],
                    definition_exp["type"],
                    definition_exp.get("kwargs") or {},
                    (definition_exp.get("meta") or {}).get("severity", CRITICAL),
                    False,
                    error="expectation did not run",
                )
            )
            continue
        results.append(_convert_result(name, definition_exp, gx_result, view, example_rows))
    return results


def validate_tables(
    tables: dict[str, pl.DataFrame],
    *,
    run_date: dt.date,
    previous_release: Path | None = None,
    schema_version: int = schemas.SCHEMA_VERSION,
    max_shrink_fraction: float = DEFAULT_MAX_SHRINK_FRACTION,
    example_rows: int = DEFAULT_EXAMPLE_ROWS,
    expectations_dir: Path = EXPECTATIONS_DIR,
    suites: Collection[str] | None = None,
) -> ValidationOutcome:
    """Run every suite in ``expectations_dir`` over the tables (and the release view).

    ``suites`` restricts the run to some suite names (for debugging and fast tests); the gate
    always runs them all.
    """
    definitions = load_suite_definitions(expectations_dir)
    previous = read_previous_release(previous_release) if previous_release else None
    views = build_validation_views(tables)
    views[RELEASE_SUITE] = build_release_view(tables, schema_version=schema_version, previous=previous)
    parameters = expectation_parameters(tables, run_date=run_date, max_shrink_fraction=max_shrink_fraction)
    results: list[ExpectationResult] = []
    with _GX_LOCK:
        for name in SUITE_ORDER:
            if name not in views or (suites is not None and name not in suites):
                continue  # a missing table fails release.tables.all_present
            results += _run_suite(name, definitions[name], views[name], parameters, example_rows)
    return ValidationOutcome(
        results=results,
        run_date=run_date,
        schema_version=schema_version,
        previous_release=str(previous_release) if previous_release else None,
    )


# --- re-validating a published release -------------------------------------------------------------


def _file_result(
    check: str,
    success: bool,
    observed: Any,
    *,
    table: str = RELEASE_SUITE,
    kind: str = "sha256_matches",
    notes: str = "",
) -> ExpectationResult:
    return ExpectationResult(
        table=table,
        check=check,
        expectation_type=kind,
        kwargs={},
        severity=CRITICAL,
        success=success,
        observed=observed,
        notes=notes,
    )


def _table_of(relative: str) -> str:
    path = Path(relative)
    return path.stem if path.parent.name == "data" and path.suffix == ".parquet" else RELEASE_SUITE


def check_release_files(release_dir: Path) -> tuple[list[ExpectationResult], dict[str, Any] | None]:
    """Checksums of every file in SHA256SUMS, and manifest.json's per-table sha256 and rows."""
    release_dir = Path(release_dir)
    root = release_dir.resolve()
    results: list[ExpectationResult] = []
    sums_path = release_dir / "SHA256SUMS"
    listed: dict[str, str] = {}
    if not sums_path.exists():
        results.append(_file_result("checksum:SHA256SUMS", False, "SHA256SUMS is missing"))
    else:
        for line_no, line in enumerate(sums_path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            match = re.fullmatch(r"([0-9a-fA-F]{64}) [ *](.+)", line)
            if not match:
                results.append(
                    _file_result(f"checksum:SHA256SUMS#L{line_no}", False, f"malformed line: {line[:100]!r}")
                )
                continue
            listed[match.group(2)] = match.group(1).lower()
    for relative, expected in sorted(listed.items()):
        path = (release_dir / relative).resolve()
        check = f"checksum:{relative}"
        if not path.is_relative_to(root):
            # A downloaded SHA256SUMS must not make us read files outside the release.
            results.append(_file_result(check, False, "path points outside the release folder"))
        elif not path.is_file():
            results.append(_file_result(check, False, "file is missing", table=_table_of(relative)))
        else:
            actual = sha256_file(path)
            results.append(
                _file_result(
                    check,
                    actual == expected,
                    {"expected": expected, "actual": actual},
                    table=_table_of(relative),
                    notes="sha256 of the file equals its line in SHA256SUMS.",
                )
            )
    for path in sorted((release_dir / "data").glob("*.parquet")):
        relative = path.relative_to(release_dir).as_posix()
        if relative not in listed and sums_path.exists():
            results.append(_file_result(f"checksum:{relative}", False, "not listed in SHA256SUMS", table=path.stem))

    manifest: dict[str, Any] | None = None
    try:
        manifest = json.loads((release_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        results.append(
            _file_result("manifest:manifest.json", False, f"unreadable manifest: {exc}", kind="manifest_readable")
        )
        return results, None
    for table, info in sorted((manifest.get("tables") or {}).items()):
        path = release_dir / "data" / f"{table}.parquet"
        if not path.is_file():
            results.append(
                _file_result(
                    f"manifest:{table}.file", False, f"data/{table}.parquet is missing", table=table, kind="file_exists"
                )
            )
            continue
        if "sha256" in info:
            actual = sha256_file(path)
            results.append(
                _file_result(
                    f"manifest:{table}.sha256",
                    actual == info["sha256"],
                    {"expected": info["sha256"], "actual": actual},
                    table=table,
                    notes="sha256 of the Parquet file equals manifest.json.",
                )
            )
        if "rows" in info:
            try:
                actual_rows = pl.scan_parquet(path).select(pl.len()).collect().item()
            except Exception as exc:  # a tampered file may not even parse
                actual_rows = f"unreadable: {exc}"
            results.append(
                _file_result(
                    f"manifest:{table}.rows",
                    actual_rows == info["rows"],
                    {"expected": info["rows"], "actual": actual_rows},
                    table=table,
                    kind="row_count_matches",
                    notes="Rows in the Parquet file equal manifest.json.",
                )
            )
    return results, manifest


def previous_release_of(release_dir: Path) -> Path | None:
    """The sibling release with the highest version below this one (only complete ones: with a manifest)."""
    release_dir = Path(release_dir)
    if not is_release_version(release_dir.name) or not release_dir.parent.is_dir():
        return None
    own = version_sort_key(release_dir.name)
    older = [
        (key, sibling)
        for sibling in release_dir.parent.iterdir()
        if sibling.is_dir()
        and is_release_version(sibling.name)
        and (key := version_sort_key(sibling.name)) < own
        and (sibling / "manifest.json").exists()
    ]
    return max(older)[1] if older else None


def validate_release(
    release_dir: Path,
    *,
    max_shrink_fraction: float = DEFAULT_MAX_SHRINK_FRACTION,
    example_rows: int = DEFAULT_EXAMPLE_ROWS,
    expectations_dir: Path = EXPECTATIONS_DIR,
) -> ValidationOutcome:
    """Re-validate a published release folder: checksums first, then the suites over its tables."""
    release_dir = Path(release_dir)
    file_results, manifest = check_release_files(release_dir)
    tables: dict[str, pl.DataFrame] = {}
    for path in sorted((release_dir / "data").glob("*.parquet")):
        try:
            tables[path.stem] = pl.read_parquet(path)
        except Exception as exc:  # a tampered file may not parse; report it instead of crashing
            file_results.append(
                _file_result(
                    f"load:data/{path.name}",
                    False,
                    f"unreadable Parquet: {exc}",
                    table=path.stem,
                    kind="parquet_readable",
                )
            )
    manifest = manifest or {}
    run_date = _manifest_date(manifest.get("created_at")) or dt.datetime.now(dt.UTC).date()
    schema_version = manifest.get("schema_version")
    if not isinstance(schema_version, int):
        file_results.append(
            _file_result(
                "manifest:schema_version", False, f"schema_version is {schema_version!r}", kind="manifest_field"
            )
        )
        schema_version = schemas.SCHEMA_VERSION
    outcome = validate_tables(
        tables,
        run_date=run_date,
        previous_release=previous_release_of(release_dir),
        schema_version=schema_version,
        max_shrink_fraction=max_shrink_fraction,
        example_rows=example_rows,
        expectations_dir=expectations_dir,
    )
    outcome.results = file_results + outcome.results
    outcome.subject = str(release_dir)
    return outcome


def _manifest_date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def validate_cli(path: str, *, print_fn: Callable[..., None] | None = None) -> int:
    """`newsevents validate PATH`: 0 when every critical check passes, 1 when one fails, 2 for a bad path."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    emit = print_fn or console.print
    # Failure text holds brackets ("[critical]") that rich would read as markup.
    emit_plain = print_fn or (lambda text: console.print(text, markup=False, highlight=False, soft_wrap=True))
    release_dir = Path(path)
    if not (release_dir / "manifest.json").exists() and not (release_dir / "SHA256SUMS").exists():
        emit(f"[red]{path} is not a release folder (no manifest.json or SHA256SUMS)[/red]")
        return 2
    outcome = validate_release(release_dir)
    failed = [r for r in outcome.results if not r.success]
    if failed:
        table = Table(title=f"Failed checks in {release_dir.name}")
        for column in ("severity", "table", "check", "observed"):
            table.add_column(column)
        for r in failed:
            style = "red" if r.severity == CRITICAL else "yellow"
            table.add_row(f"[{style}]{r.severity}[/{style}]", r.table, r.check, r.observed_text())
        emit(table)
        emit_plain(outcome.format_failures())
    passed = sum(r.success for r in outcome.results)
    verdict = "[green]valid[/green]" if outcome.success else "[red]INVALID[/red]"
    emit(
        f"{release_dir}: {verdict} - {passed}/{len(outcome.results)} checks passed, "
        f"{len(outcome.critical_failures)} critical failures, {len(outcome.warnings)} warnings"
    )
    return 0 if outcome.success else 1


# --- HTML report -----------------------------------------------------------------------------------

_REPORT_CSS = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;width:100%;margin-bottom:2em}
th,td{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left;font-size:14px}
th{background:#f3f3f3} .pass{color:#1a7f37} .fail-critical{color:#fff;background:#cf222e}
.fail-warning{background:#f5d90a} code,pre{font-size:12px;white-space:pre-wrap;word-break:break-word;margin:0}
.summary td{font-size:16px}
"""


def render_html_report(outcome: ValidationOutcome) -> str:
    """A self-contained HTML page: summary, then each table with each expectation and its result."""
    esc = html.escape
    verdict = "PASSED" if outcome.success else "FAILED"
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Validation report: {verdict}</title><style>{_REPORT_CSS}</style></head><body>",
        f"<h1>Validation report: {verdict}</h1>",
        "<table class='summary'>",
        f"<tr><th>subject</th><td>{esc(outcome.subject or '')}</td></tr>",
        f"<tr><th>run date</th><td>{esc(outcome.run_date.isoformat() if outcome.run_date else '')}</td></tr>",
        f"<tr><th>schema version</th><td>{esc(str(outcome.schema_version))}</td></tr>",
        f"<tr><th>previous release</th><td>{esc(outcome.previous_release or 'none')}</td></tr>",
        f"<tr><th>checks</th><td>{len(outcome.results)} evaluated, {sum(r.success for r in outcome.results)} passed, "
        f"{len(outcome.critical_failures)} critical failures, {len(outcome.warnings)} warnings</td></tr>",
        f"<tr><th>engine</th><td>Great Expectations {esc(_gx_version())}; suites in expectations/*.json</td></tr>",
        "</table>",
    ]
    tables: dict[str, list[ExpectationResult]] = {}
    for r in outcome.results:
        tables.setdefault(r.table, []).append(r)
    order = [t for t in (*SUITE_ORDER,) if t in tables] + sorted(t for t in tables if t not in SUITE_ORDER)
    parts.append("<p>Tables: " + " · ".join(f"<a href='#{esc(t)}'>{esc(t)}</a>" for t in order) + "</p>")
    for name in order:
        results = tables[name]
        n_failed = sum(not r.success for r in results)
        description = TABLES[name].description if name in TABLES else "Release-level and file checks."
        parts.append(
            f"<h2 id='{esc(name)}'>{esc(name)} <small>({len(results) - n_failed}/{len(results)} passed)</small></h2>"
        )
        parts.append(f"<p>{esc(description)}</p>")
        parts.append(
            "<table><tr><th>result</th><th>severity</th><th>check</th><th>expectation</th><th>observed</th><th>examples of failures</th></tr>"
        )
        for r in results:
            css = "pass" if r.success else f"fail-{r.severity}"
            label = "pass" if r.success else "FAIL"
            kwargs = json.dumps(_json_safe(r.kwargs), ensure_ascii=False, sort_keys=True)
            examples = "".join(
                f"<pre>{esc(json.dumps(_json_safe(e), ensure_ascii=False, sort_keys=True))}</pre>" for e in r.examples
            )
            parts.append(
                f"<tr><td class='{css}'>{label}</td><td>{esc(r.severity)}</td>"
                f"<td><b>{esc(r.check)}</b><br>{esc(r.notes)}</td>"
                f"<td><code>{esc(r.expectation_type)}</code><br><code>{esc(_short(kwargs, 400))}</code></td>"
                f"<td>{esc(r.observed_text())}</td><td>{examples}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
