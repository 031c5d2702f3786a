"""Read-only commands on an output folder: `newsevents releases` and `newsevents diff`."""

from __future__ import annotations

import sys
from pathlib import Path

from flows.publish import (
    INDEX_FILENAME,
    build_index,
    latest_release_dir,
    list_release_versions,
    read_index,
    read_manifest,
    read_release_tables,
    release_diff_between,
    release_dir,
    releases_dir,
)
from transforms.publish.docs import ReleaseDiff
from transforms.schemas import TABLES


def _console():
    from rich.console import Console

    console = Console()
    # Piped output would otherwise be cut at 80 columns and truncate table names and versions.
    return console if console.is_terminal else Console(width=200)


def releases_cli(output_dir: Path) -> int:
    """Print the releases index as a table."""
    from rich.table import Table as RichTable

    console = _console()
    index = read_index(output_dir) if (releases_dir(output_dir) / INDEX_FILENAME).is_file() else None
    releases = index["releases"] if index else build_index(output_dir)
    if not releases:
        console.print(f"No releases in {releases_dir(output_dir)}.")
        return 0
    table_names = [n for n in TABLES if any(n in r["rows"] for r in releases)]
    latest = latest_release_dir(output_dir)
    table = RichTable(title=f"Releases in {releases_dir(output_dir)}")
    for column in ["version", "created_at", "schema", "pipeline", *table_names, "bytes"]:
        table.add_column(column, justify="right" if column in table_names or column == "bytes" else "left")
    for r in releases:
        marker = " (LATEST)" if latest is not None and latest.name == r["version"] else ""
        table.add_row(
            r["version"] + marker,
            r["created_at"],
            str(r["schema_version"]),
            str(r["pipeline_version"]),
            *[str(r["rows"].get(n, "-")) for n in table_names],
            f"{r['total_bytes']:,}",
        )
    console.print(table)
    return 0


def diff_between_versions(output_dir: Path, old_version: str, new_version: str) -> ReleaseDiff:
    """The changelog diff between any two releases (raises KeyError naming an unknown version)."""
    paths = {}
    for version in (old_version, new_version):
        path = release_dir(output_dir, version)
        if path is None:
            raise KeyError(version)
        paths[version] = path
    return release_diff_between(
        read_manifest(paths[old_version]),
        read_release_tables(paths[old_version]),
        read_manifest(paths[new_version]),
        read_release_tables(paths[new_version]),
    )


def diff_cli(output_dir: Path, v1: str, v2: str) -> int:
    """Print rows added/removed/changed per table and schema changes from release v1 to v2."""
    from rich.table import Table as RichTable

    console = _console()
    try:
        diff = diff_between_versions(output_dir, v1, v2)
    except KeyError as missing:
        known = ", ".join(list_release_versions(output_dir)) or "none"
        print(
            f"error: unknown release {missing.args[0]!r} in {releases_dir(output_dir)} (known: {known})",
            file=sys.stderr,
        )
        return 2
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
    console.print(table)
    if diff.old_schema_version != diff.new_schema_version:
        console.print(f"schema version: {diff.old_schema_version} -> {diff.new_schema_version}")
    if diff.old_pipeline_version != diff.new_pipeline_version:
        console.print(f"pipeline version: {diff.old_pipeline_version} -> {diff.new_pipeline_version}")
    return 0
