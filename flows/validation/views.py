"""Validation views: each table plus the derived columns its suite checks, computed with polars joins.

Checks that need more than one table (foreign keys, text at offsets, counts, the previous release)
run built-in GX expectations over these columns.  Everything here is vectorised (joins, group-bys,
string kernels; no Python per row), so the views of 20,000 articles and their hundreds of
thousands of mention rows build in seconds.  ``expectations/README.md`` lists every view column.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from flows.validation.references import Reference, references_from
from flows.work import lazy_table, table_height, table_schema
from transforms.schemas import PLOVER_QUAD_CLASS, TABLES

DEFAULT_MAX_SHRINK_FRACTION = 0.5

# The largest UTC offset in use is +14:00 (Line Islands, Kiribati; IANA time zone database), so a
# local date or time can run up to 14 hours ahead of the run's UTC clock without being in the future.
MAX_UTC_OFFSET = dt.timedelta(hours=14)

# Which documents' published text can be sliced at a table's offsets.  ``snippet`` blanks every
# character outside the event-mention and quote sentences but keeps positions (see
# transforms/publish/text_policy.py), so quotes and event mentions still read there; entity mentions
# may fall in blanked text.  ``none`` publishes no text.
TEXT_POLICIES_WITH_SPANS: dict[str, tuple[str, ...]] = {
    "quotes": ("full", "snippet"),
    "event_mentions": ("full", "snippet"),
    "event_rejects": ("full",),  # a reject's sentence is no event mention's: blanked in a snippet
    "entity_mentions": ("full",),
    "paragraphs": ("full",),
    "sentences": ("full",),
}
# Policies whose published text keeps the clean text's length (n_chars).
TEXT_POLICIES_WITH_LENGTH = ("full", "snippet")
ROW = "__row"


def _has(df: pl.DataFrame | pl.LazyFrame | None, *columns: str) -> bool:
    if df is None:
        return False
    names = df.collect_schema().names() if isinstance(df, pl.LazyFrame) else df.columns
    return all(c in names for c in columns)


def signature(schema: dict[str, pl.DataType] | pl.Schema) -> str:
    return ", ".join(f"{name}:{dtype}" for name, dtype in schema.items())


# --- foreign keys ------------------------------------------------------------------------------------


def _cached(cache: dict[str, pl.DataFrame] | None, key: str, frame: pl.LazyFrame) -> pl.LazyFrame:
    """``frame`` collected once per cache (a table's lookups shared by the views of its row batches)."""
    if cache is None:
        return frame
    if key not in cache:
        cache[key] = frame.collect()
    return cache[key].lazy()


def _known_values(tables: Mapping[str, pl.DataFrame], ref: Reference) -> pl.LazyFrame:
    """The target's key values, each once, with ``__found`` = True (empty when the target is missing)."""
    target = lazy_table(tables, ref.target)
    dtype = TABLES[ref.target].schema[ref.target_column]
    if not _has(target, ref.target_column):
        return pl.LazyFrame(schema={"__ref": dtype, "__found": pl.Boolean()})
    return (
        target.lazy()
        .select(pl.col(ref.target_column).alias("__ref"))
        .drop_nulls()
        .unique()
        .with_columns(pl.lit(True).alias("__found"))
    )


def _with_reference(
    view: pl.LazyFrame, tables: Mapping[str, pl.DataFrame], ref: Reference, cache: dict | None = None
) -> pl.LazyFrame:
    """Add ``ref.view_column``: True when the value (every id of the list) exists in the target, False
    when one does not, null when there is nothing to check (a null value or an empty list)."""
    known = _cached(cache, f"known:{ref.target}.{ref.target_column}", _known_values(tables, ref))
    if not ref.many:
        return (
            view.join(known, left_on=ref.column, right_on="__ref", how="left", maintain_order="left")
            .with_columns(
                pl.when(pl.col(ref.column).is_null())
                .then(None)
                .otherwise(pl.col("__found").fill_null(False))
                .alias(ref.view_column)
            )
            .drop("__found")
        )
    resolved = (
        view.select(ROW, pl.col(ref.column).alias("__id"))
        .explode("__id")
        .drop_nulls("__id")
        .join(known, left_on="__id", right_on="__ref", how="left")
        .group_by(ROW)
        .agg(pl.col("__found").fill_null(False).all().alias(ref.view_column))
    )
    return view.join(resolved, on=ROW, how="left", maintain_order="left")


# --- documents and spans -----------------------------------------------------------------------------


def _documents_lookup(documents: pl.LazyFrame | None) -> pl.LazyFrame:
    """doc_id -> n_chars, published text and text_policy."""
    schema = {
        "doc_id": pl.String(),
        "document_n_chars": pl.Int64(),
        "document_text": pl.String(),
        "document_text_policy": pl.String(),
    }
    if not _has(documents, "doc_id", "n_chars", "text"):
        return pl.LazyFrame(schema=schema)
    policy = pl.col("text_policy") if _has(documents, "text_policy") else pl.lit("full")
    return (
        documents.lazy()
        .select(
            pl.col("doc_id").cast(pl.String),
            pl.col("n_chars").cast(pl.Int64).alias("document_n_chars"),
            pl.col("text").cast(pl.String).alias("document_text"),
            policy.cast(pl.String).alias("document_text_policy"),
        )
        .filter(pl.col("doc_id").is_not_null())
        .unique("doc_id", keep="first", maintain_order=True)
    )


def _with_document_columns(view: pl.LazyFrame, docs: pl.LazyFrame, table: str) -> pl.LazyFrame:
    """Add ``document_n_chars`` and ``document_text_at_offsets`` (text[char_start:char_end])."""
    out = view.join(docs, on="doc_id", how="left", maintain_order="left")
    if _has(view, "char_start", "char_end"):
        length = (pl.col("char_end") - pl.col("char_start")).clip(lower_bound=0)
        out = out.with_columns(
            pl.when(pl.col("document_text_policy").is_in(TEXT_POLICIES_WITH_SPANS[table]))
            .then(pl.col("document_text").str.slice(pl.col("char_start").clip(lower_bound=0), length))
            .otherwise(None)
            .alias("document_text_at_offsets")
        )
    return out.drop("document_text", "document_text_policy")


def _with_trigger_in_sentence(view: pl.LazyFrame) -> pl.LazyFrame:
    """Add ``trigger_in_sentence``: every word of the trigger occurs (case-insensitively) in the sentence.

    Triggers can be discontinuous ("launched measures"), so words are checked one by one: the
    trigger is split into words, one row each, matched as literal substrings, then gathered back.
    """
    words = (
        view.select(
            ROW,
            pl.col("document_text_at_offsets").str.to_lowercase().alias("__sentence"),
            pl.col("trigger").str.to_lowercase().str.extract_all(r"\S+").alias("__word"),
        )
        .filter(pl.col("__sentence").is_not_null() & pl.col("__word").is_not_null())
        .explode("__word")
        .with_columns(
            pl.col("__sentence")
            .str.contains(pl.col("__word"), literal=True)
            .fill_null(True)  # a trigger without words has nothing to miss
            .alias("__found")
        )
    )
    found = words.group_by(ROW).agg(pl.col("__found").all().alias("trigger_in_sentence"))
    return view.join(found, on=ROW, how="left", maintain_order="left")


def _with_within_sentence(
    view: pl.LazyFrame, sentences: pl.LazyFrame | None, cache: dict | None = None
) -> pl.LazyFrame:
    """Add ``within_sentence``: the row's span lies inside sentence (doc_id, sentence_idx)."""
    keys = ["doc_id", "sentence_idx"]
    if not _has(sentences, *keys, "char_start", "char_end") or not _has(view, *keys, "char_start", "char_end"):
        return view
    bounds = (
        sentences.lazy()
        .select(*keys, pl.col("char_start").alias("__sentence_start"), pl.col("char_end").alias("__sentence_end"))
        .unique(keys, keep="first")
    )
    bounds = _cached(cache, "sentence_bounds", bounds)
    return (
        view.join(bounds, on=keys, how="left", maintain_order="left")
        .with_columns(
            ((pl.col("char_start") >= pl.col("__sentence_start")) & (pl.col("char_end") <= pl.col("__sentence_end")))
            .fill_null(False)
            .alias("within_sentence")
        )
        .drop("__sentence_start", "__sentence_end")
    )


def _with_count(
    view: pl.LazyFrame, parts: pl.LazyFrame | None, key: str, alias: str, cache: dict | None = None
) -> pl.LazyFrame:
    """Add ``alias``: rows of ``parts`` with this row's ``key`` (0 when none)."""
    if not _has(parts, key):
        return view.with_columns(pl.lit(0, dtype=pl.Int64).alias(alias))
    counts = _cached(cache, f"count:{alias}", parts.lazy().group_by(key).agg(pl.len().cast(pl.Int64).alias(alias)))
    return view.join(counts, on=key, how="left", maintain_order="left").with_columns(pl.col(alias).fill_null(0))


# --- the views ---------------------------------------------------------------------------------------


def build_validation_view(
    name: str,
    tables: Mapping[str, pl.DataFrame],
    columns: set[str] | None = None,
    *,
    rows: tuple[int, int] | None = None,
    cache: dict[str, pl.DataFrame] | None = None,
) -> pl.DataFrame:
    """One table plus the derived columns its suite refers to (the table itself is not changed).

    ``columns``: keep only these (and the first column), in the view's order; the others are never
    computed (no join is made for a derived column nobody reads) nor materialised (a large table's view
    then holds the checked columns, not every text column).  ``rows`` = (start, length): the view of
    those rows of the table only (the same rows as that slice of the whole view).  With ``TableFiles``
    every table is a file scan: only the columns and rows the view needs are read.  ``cache``: the
    other tables' lookups (key sets, counts, document texts, sentence bounds) collected once into this
    dict and reused by the next view given the same dict (the row batches of one table).
    """

    def wanted(column: str) -> bool:
        return columns is None or column in columns

    df = lazy_table(tables, name)
    height = table_height(tables, name)
    if rows is not None:
        start, length = rows
        df = df.slice(start, length)
        height = max(0, min(length, height - start))
    view = df.with_row_index(ROW)
    for ref in references_from(name):
        if _has(df, ref.column) and wanted(ref.view_column):
            view = _with_reference(view, tables, ref, cache)
    view = _with_derived_columns(name, view, df, tables, wanted, cache)
    view = view.sort(ROW).drop(ROW)
    if columns is not None:
        names = view.collect_schema().names()
        view = view.select([c for i, c in enumerate(names) if i == 0 or c in columns])
    out = view.collect()
    if out.height != height:  # a view row must stay the table row of the same position
        raise AssertionError(f"view of {name} has {out.height} rows, the table {height}")
    return out


def _with_derived_columns(name: str, view, df, tables, wanted, cache):
    """The derived columns of one table's suite: lengths, row counts of dependants, document offsets and
    sentence bounds, quad classes."""
    if name == "documents" and _has(df, "doc_id"):
        if _has(df, "text") and wanted("text_length"):
            keeps_length = (
                pl.col("text_policy").is_in(TEXT_POLICIES_WITH_LENGTH) if _has(df, "text_policy") else pl.lit(True)
            )
            view = view.with_columns(
                pl.when(keeps_length).then(pl.col("text").str.len_chars()).cast(pl.Int64).alias("text_length")
            )
        if wanted("boilerplate_rows"):
            view = _with_count(view, lazy_table(tables, "boilerplate"), "doc_id", "boilerplate_rows", cache)
    elif name in TEXT_POLICIES_WITH_SPANS and _has(df, "doc_id"):
        if any(wanted(c) for c in ("document_n_chars", "document_text_at_offsets", "trigger_in_sentence")):
            documents = _cached(cache, "documents", _documents_lookup(lazy_table(tables, "documents")))
            view = _with_document_columns(view, documents, name)
            if (
                name == "event_mentions"
                and _has(df, "trigger", "char_start", "char_end")
                and wanted("trigger_in_sentence")
            ):
                view = _with_trigger_in_sentence(view)
        if name in ("entity_mentions", "event_mentions", "event_rejects") and wanted("within_sentence"):
            view = _with_within_sentence(view, lazy_table(tables, "sentences"), cache)
    elif name == "entities" and _has(df, "entity_id") and wanted("mention_rows"):
        view = _with_count(view, lazy_table(tables, "entity_mentions"), "entity_id", "mention_rows", cache)
    elif name == "events" and _has(df, "event_id"):
        if wanted("mention_rows"):
            view = _with_count(view, lazy_table(tables, "event_mentions"), "event_id", "mention_rows", cache)
        if _has(df, "event_type") and wanted("event_type_quad_class"):
            view = view.with_columns(
                pl.col("event_type")
                .replace_strict(PLOVER_QUAD_CLASS, default=None, return_dtype=pl.String)
                .alias("event_type_quad_class")
            )
    return view


class ViewSource:
    """A table's validation view, built when asked for: whole with a few columns (the checks over whole
    columns), or a slice of rows with every column its suite reads (the row-wise checks, batch by batch).
    The gate on a large table then never holds its whole view, nor the joins that build it, at once."""

    def __init__(self, name: str, tables: Mapping[str, pl.DataFrame], columns: set[str]):
        self.name, self.tables, self.columns = name, tables, set(columns)
        self.height = table_height(tables, name)
        self.lookups: dict[str, pl.DataFrame] = {}  # built once, shared by the views of the row batches

    def whole(self, columns: set[str]) -> pl.DataFrame:
        return build_validation_view(self.name, self.tables, columns=self.columns & set(columns))

    def rows(self, start: int, length: int) -> pl.DataFrame:
        if (start, length) == (0, self.height):  # the whole view in one batch: nothing to share
            return build_validation_view(self.name, self.tables, columns=self.columns)
        return build_validation_view(
            self.name, self.tables, columns=self.columns, rows=(start, length), cache=self.lookups
        )


def build_validation_views(tables: Mapping[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Every table's validation view (see ``build_validation_view``)."""
    return {name: build_validation_view(name, tables) for name in tables}


# --- the release view --------------------------------------------------------------------------------


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
        columns[table] = signature(pl.read_parquet_schema(path))
        rows[table] = pl.scan_parquet(path).select(pl.len()).collect().item()
    return PreviousRelease(str(release_dir), manifest.get("schema_version"), rows, columns)


def build_release_view(
    tables: Mapping[str, pl.DataFrame], *, schema_version: int, previous: PreviousRelease | None
) -> pl.DataFrame:
    """One row per table: its columns and rows beside the declared schema and the previous release."""
    rows = []
    for name in sorted(tables):
        height = table_height(tables, name)
        declared = TABLES.get(name)
        current_columns = signature(table_schema(tables, name))
        previous_rows = previous.rows.get(name) if previous else None
        previous_columns = previous.columns.get(name) if previous else None
        previous_version = previous.schema_version if previous else None
        schema_changed = previous_columns is not None and previous_columns != current_columns
        version_bumped = previous_version is not None and schema_version > previous_version
        rows.append(
            {
                "table": name,
                "rows": height,
                "previous_rows": previous_rows,
                "shrink_fraction": (max(0.0, (previous_rows - height) / previous_rows) if previous_rows else None),
                "columns": current_columns,
                "declared_columns": signature(declared.schema) if declared else "(not a published table)",
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


def run_moment(run_date: dt.date) -> dt.datetime:
    """The run's UTC time: the datetime given, or the end of the day given (the most lenient)."""
    if isinstance(run_date, dt.datetime):
        return run_date.replace(tzinfo=dt.UTC) if run_date.tzinfo is None else run_date.astimezone(dt.UTC)
    return dt.datetime.combine(run_date, dt.time.max, tzinfo=dt.UTC)


def expectation_parameters(*, run_date: dt.date, max_shrink_fraction: float) -> dict[str, Any]:
    """Values for the suites' ``$PARAMETER`` references."""
    latest_local = run_moment(run_date) + MAX_UTC_OFFSET
    return {
        # GX compares pandas datetime64 columns with a datetime, not a date (naive for Date columns,
        # UTC-aware for the UTC datetime columns).
        "run_date": dt.datetime.combine(run_date, dt.time()),
        "latest_plausible_date": dt.datetime.combine(latest_local.date(), dt.time()),
        "latest_plausible_time": latest_local,
        "max_shrink_fraction": max_shrink_fraction,
    }
