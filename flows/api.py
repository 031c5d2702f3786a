"""Loading published tables from Python: ``from flows import load_table``.

    events = load_table("events")                                  # LATEST release under ./output
    docs = load_table("documents", release="v2026.11.30", columns=["doc_id", "title"])
    events_pd = load_table("events", release=".", as_pandas=True)  # from inside a release folder

Reads the release's Parquet file directly (no Prefect, no spaCy), so it is quick to import.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    import pandas as pd

LATEST = "latest"
PREVIOUS = "previous"  # the release LATEST replaced (its manifest's previous_version)


class ReleaseNotFoundError(LookupError):
    """The release or table asked for is not in the output folder (the message says what is)."""

    def __str__(self) -> str:  # LookupError would show the repr of its argument
        return str(self.args[0]) if self.args else ""


def _known_versions(output: Path) -> list[str]:
    from flows.publish import list_release_versions

    return list_release_versions(output)


def release_path(release: str | Path = LATEST, output: str | Path = "output") -> Path:
    """The folder of a release: ``"latest"`` (what ``output/LATEST`` names), ``"previous"`` (the one
    before it), a version such as ``"v2026.11.30"`` under ``output/releases/``, or a release folder."""
    from flows.publish import LATEST_FILENAME, latest_release_dir, release_dir

    output = Path(output)
    if str(release) == PREVIOUS:
        latest = release_path(LATEST, output)
        previous = json.loads((latest / "manifest.json").read_text(encoding="utf-8")).get("previous_version")
        if not previous:
            raise ReleaseNotFoundError(f"{latest.name} is the first release in {output}: there is no previous one")
        return release_path(previous, output)
    if str(release) == LATEST:
        path = latest_release_dir(output)
        if path is None:
            raise ReleaseNotFoundError(f"no release in {output} ({output / LATEST_FILENAME} is missing or stale)")
        return path
    as_path = Path(release)
    if (as_path / "manifest.json").is_file():
        return as_path
    path = release_dir(output, str(release))
    if path is None:
        known = ", ".join(_known_versions(output)) or "none"
        raise ReleaseNotFoundError(f"unknown release {str(release)!r} in {output} (known: {known})")
    return path


def table_path(table: str, release: str | Path = LATEST, output: str | Path = "output") -> Path:
    """The Parquet file of ``table`` in a release, as listed in its manifest."""
    folder = release_path(release, output)
    tables = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["tables"]
    if table not in tables:
        raise ReleaseNotFoundError(f"no table {table!r} in {folder} (tables: {', '.join(sorted(tables))})")
    return folder / tables[table]["path"]


def scan_table(table: str, release: str | Path = LATEST, output: str | Path = "output") -> pl.LazyFrame:
    """A lazy polars scan of a published table, for filters and aggregations on large releases."""
    return pl.scan_parquet(table_path(table, release, output))


def load_table(
    table: str,
    release: str | Path = LATEST,
    output: str | Path = "output",
    *,
    columns: Sequence[str] | None = None,
    as_pandas: bool = False,
) -> pl.DataFrame | pd.DataFrame:
    """One published table as a polars DataFrame (``as_pandas=True``: a pandas DataFrame).

    ``release``: ``"latest"``, a version (``"v2026.11.30"``) or a release folder; ``output``: the folder
    holding ``releases/`` and ``LATEST``; ``columns``: read only these.
    """
    frame = pl.read_parquet(table_path(table, release, output), columns=list(columns) if columns else None)
    return frame.to_pandas() if as_pandas else frame
