"""Read-only commands on an output folder: `newsevents releases`, `diff` and `export`."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path
from typing import IO

from flows.api import LATEST, ReleaseNotFoundError, release_path, table_path
from flows.publish import (
    INDEX_FILENAME,
    build_index,
    latest_release_dir,
    read_index,
    read_manifest,
    read_release_tables,
    release_diff_between,
    releases_dir,
)
from transforms.publish.docs import ReleaseDiff
from transforms.schemas import TABLES

# Wide enough for every command's tables; what a piped or logged output is laid out for.
CONSOLE_WIDTH = 100
# Example cells are cut to this many characters so one long text does not fill the screen.
CELL_CHARS = 60
# Columns shown for added and removed example rows: the key, then the table's first declared columns.
EXAMPLE_COLUMNS = 6
EXPORT_BATCH_ROWS = 50_000


def make_console():
    from rich.console import Console

    console = Console()
    # Piped output would otherwise take the terminal's default of 80 columns.
    return console if console.is_terminal else Console(width=CONSOLE_WIDTH)


# --- releases ---------------------------------------------------------------------------------


def human_size(n_bytes: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n_bytes < 1000 or unit == "GB":
            return f"{n_bytes:,.0f} {unit}" if unit == "B" else f"{n_bytes:,.1f} {unit}"
        n_bytes /= 1000
    raise AssertionError("unreachable")


# The counts a reader looks for first; every table's count is in releases/index.json and each manifest.
RELEASES_TABLE_COLUMNS = ("documents", "events", "entities")


def releases_cli(output_dir: Path) -> int:
    """Print the releases index as a table that fits 100 columns."""
    from rich import box
    from rich.table import Table as RichTable

    console = make_console()
    index = read_index(output_dir) if (releases_dir(output_dir) / INDEX_FILENAME).is_file() else None
    releases = index["releases"] if index else build_index(output_dir)
    if not releases:
        console.print(f"No releases in {releases_dir(output_dir)}.")
        return 0
    latest = latest_release_dir(output_dir)
    table = RichTable(
        title=f"Releases in {releases_dir(output_dir)}",
        caption=f"* = LATEST. All row counts: {releases_dir(output_dir) / INDEX_FILENAME}",
        box=box.SIMPLE_HEAD,  # no vertical rules: the columns fit 100 characters with room to spare
    )
    table.add_column("version", no_wrap=True)
    table.add_column("created (UTC)", no_wrap=True)
    for name in RELEASES_TABLE_COLUMNS:
        table.add_column(name, justify="right")
    table.add_column("size", justify="right", no_wrap=True)
    table.add_column("pipeline", no_wrap=True, overflow="ellipsis", max_width=24)
    for r in releases:
        marker = " *" if latest is not None and latest.name == r["version"] else ""
        table.add_row(
            r["version"] + marker,
            r["created_at"].replace("T", " ").removesuffix("Z")[:16],
            *[f"{r['rows'][n]:,}" if n in r["rows"] else "-" for n in RELEASES_TABLE_COLUMNS],
            human_size(r["total_bytes"]),
            str(r["pipeline_version"]),
        )
    console.print(table)
    return 0


# --- diff -------------------------------------------------------------------------------------


def diff_between_versions(output_dir: Path, old_version: str, new_version: str) -> ReleaseDiff:
    """The changelog diff between any two releases (raises ReleaseNotFoundError naming an unknown one)."""
    old_path, new_path = release_path(old_version, output_dir), release_path(new_version, output_dir)
    return release_diff_between(
        read_manifest(old_path), read_release_tables(old_path), read_manifest(new_path), read_release_tables(new_path)
    )


def _cell(value: object, limit: int = CELL_CHARS) -> str:
    text = "null" if value is None else str(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _counts_table(diff: ReleaseDiff, v1: str, v2: str):
    from rich.table import Table as RichTable

    table = RichTable(title=f"{v1} -> {v2}")
    for column in ["table", "rows before", "rows after", "added", "removed", "changed", "schema changes"]:
        table.add_column(column, justify="left" if column in ("table", "schema changes") else "right")
    for d in diff.tables:
        schema_changes = []
        if d.table_added:
            schema_changes.append("new table")
        elif d.table_removed:
            schema_changes.append("table removed")
        else:
            schema_changes += [f"+{c}" for c in d.columns_added]
            schema_changes += [f"-{c}" for c in d.columns_removed]
            schema_changes += [f"{c}: {a} -> {b}" for c, a, b in d.columns_retyped]
        table.add_row(
            d.table,
            str(d.rows_before),
            str(d.rows_after),
            str(d.rows_added),
            str(d.rows_removed),
            str(d.rows_changed),
            "; ".join(schema_changes) or "none",
        )
    return table


def diff_example_rows(output_dir: Path, v1: str, v2: str, table: str, limit: int):
    """Example rows added, removed and changed in ``table``, read lazily from both Parquet files."""
    import polars as pl

    from transforms.publish.diff_rows import diff_examples

    if table not in TABLES:
        raise LookupError(f"unknown table {table!r} (tables: {', '.join(TABLES)})")

    def scan(version: str) -> pl.LazyFrame:
        # a table the release does not have (a release made before the table existed) has no rows
        try:
            return pl.scan_parquet(table_path(table, version, output_dir))
        except ReleaseNotFoundError:
            release_path(version, output_dir)  # an unknown release is still an error
            return pl.LazyFrame(schema=TABLES[table].schema)

    return diff_examples(table, scan(v1), scan(v2), TABLES[table].primary_key, limit=limit)


def _print_examples(console, examples) -> None:
    from rich.table import Table as RichTable

    for kind, frame, total in (
        ("added", examples.added, examples.n_added),
        ("removed", examples.removed, examples.n_removed),
    ):
        title = f"{examples.table}: {kind} rows ({frame.height} of {total:,})"
        if frame.height == 0:
            console.print(f"{title}: none")
            continue
        columns = list(examples.key) + [c for c in frame.columns if c not in examples.key]
        shown = columns[: max(EXAMPLE_COLUMNS, len(examples.key))]
        hidden = len(columns) - len(shown)
        caption = f"{hidden} more columns: newsevents export {examples.table}" if hidden else None
        rich_table = RichTable(title=title, caption=caption)
        for column in shown:
            rich_table.add_column(column, overflow="fold")
        for row in frame.select(shown).iter_rows():
            rich_table.add_row(*[_cell(v, CELL_CHARS // 2) for v in row])
        console.print(rich_table)

    n_rows = len({c.key for c in examples.changed})
    title = f"{examples.table}: changed rows ({n_rows} of {examples.n_changed:,}), column by column"
    if not examples.changed:
        console.print(f"{title}: none")
        return
    rich_table = RichTable(title=title)
    for column in (", ".join(examples.key), "column", "before", "after"):
        rich_table.add_column(column, overflow="fold")
    for change in examples.changed:
        rich_table.add_row(
            _cell(" ".join(str(k) for k in change.key), 24),
            change.column,
            _cell(change.before, 30),
            _cell(change.after, 30),
        )
    console.print(rich_table)


def diff_cli(output_dir: Path, v1: str, v2: str, *, table: str | None = None, example_rows: int = 5) -> int:
    """Print rows added/removed/changed per table and schema changes from release v1 to v2; with
    ``table``, up to ``example_rows`` example rows of each kind."""
    console = make_console()
    try:
        v1_name, v2_name = release_path(v1, output_dir).name, release_path(v2, output_dir).name
    except ReleaseNotFoundError as error:
        print(f"newsevents: {error}", file=sys.stderr)
        return 2
    diff = diff_between_versions(output_dir, v1, v2)
    console.print(_counts_table(diff, v1_name, v2_name))
    if diff.old_schema_version != diff.new_schema_version:
        console.print(f"schema version: {diff.old_schema_version} -> {diff.new_schema_version}")
    if diff.old_pipeline_version != diff.new_pipeline_version:
        console.print(f"pipeline version: {diff.old_pipeline_version} -> {diff.new_pipeline_version}")
    if table is not None:
        _print_examples(console, diff_example_rows(output_dir, v1, v2, table, example_rows))
    return 0


# --- export -----------------------------------------------------------------------------------


def write_export(source: Path, handle: IO[str], fmt: str, *, batch_rows: int = EXPORT_BATCH_ROWS) -> int:
    """Stream one Parquet file to ``handle`` as CSV (lists joined by ';') or JSON Lines; returns rows.

    Batch by batch, so a table larger than memory exports too.
    """
    import polars as pl
    import pyarrow.parquet as pq

    from transforms.publish.export import csv_ready

    parquet = pq.ParquetFile(source)
    n_rows = 0
    try:
        if fmt == "csv":
            csv_ready(pl.from_arrow(parquet.schema_arrow.empty_table())).write_csv(handle, include_header=True)
        for batch in parquet.iter_batches(batch_size=batch_rows):
            frame = pl.from_arrow(batch)
            if fmt == "csv":
                csv_ready(frame).write_csv(handle, include_header=False)
            else:
                frame.write_ndjson(handle)
            n_rows += frame.height
    except (OSError, pl.exceptions.PolarsError) as error:
        # polars reports a closed pipe (`| head`) as its own error; the CLI treats BrokenPipeError as the
        # reader having all it wanted.
        if isinstance(error, BrokenPipeError) or "Broken pipe" in str(error):
            raise BrokenPipeError(str(error)) from error
        raise
    return n_rows


def export_cli(output_dir: Path, table: str, *, fmt: str = "csv", release: str = LATEST, to: Path | None = None) -> int:
    """`newsevents export TABLE`: one table of a release to a file or standard output."""
    if fmt not in ("csv", "jsonl"):
        raise ValueError(f"unknown export format {fmt!r} (csv or jsonl)")
    source = table_path(table, release, output_dir)
    if to is not None:
        to.parent.mkdir(parents=True, exist_ok=True)
    with to.open("w", encoding="utf-8", newline="") if to is not None else nullcontext(sys.stdout) as handle:
        n_rows = write_export(source, handle, fmt)
        handle.flush()
    if to is not None:
        print(f"{n_rows:,} rows of {table} ({source.parent.parent.name}) written to {to}", file=sys.stderr)
    return 0
