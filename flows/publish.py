"""Writing and reading releases: the one module that touches ``output/releases`` and ``output/LATEST``.

Layout (DESIGN.md section 5)::

    output/
      releases/
        index.json                 every release, newest first (rebuilt from the manifests)
        vYYYY.MM.DD[.N]/
          data/<table>.parquet     zstd, sorted by primary key, statistics on, deterministic bytes
          manifest.json  SHA256SUMS  datapackage.json  README.md  CHANGELOG.md  validation/
      LATEST                       version of the newest complete release
      quarantine/<timestamp>/      tables of a run that failed validation (never a release)

A release is assembled in ``releases/.tmp-*`` and renamed into place, so it appears complete or
not at all.  ``LATEST`` and ``index.json`` are replaced atomically afterwards.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from flows.work import TableFiles
from transforms.publish.docs import (
    DEFAULT_LICENSE,
    ReleaseDiff,
    changelog_markdown,
    datapackage_descriptor,
    dataset_card_markdown,
    diff_releases,
    dtype_name,
    fewer_documents_note,
)
from transforms.schemas import SCHEMA_VERSION, TABLES, UTC_DATETIME

RELEASES_DIRNAME = "releases"
LATEST_FILENAME = "LATEST"
INDEX_FILENAME = "index.json"
CHECKSUMS_FILENAME = "SHA256SUMS"
QUARANTINE_DIRNAME = "quarantine"
TMP_PREFIX = ".tmp-"
PARQUET_COMPRESSION_LEVEL = 3  # fixed so the bytes do not depend on a library default

_VERSION_RE = re.compile(r"^v(\d{4})\.(\d{2})\.(\d{2})(?:\.(\d+))?$")


@dataclass
class PublishResult:
    version: str | None
    path: Path | None
    published: bool
    message: str
    # Set when the new release has fewer documents than the one before it (also in its CHANGELOG.md).
    fewer_documents: str | None = None
    # True when nothing was published because another run held the output's publish lock too long.
    locked_out: bool = False


# --------------------------------------------------------------------------------------------
# Small helpers


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _iso(moment: datetime) -> str:
    return _utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def version_sort_key(version: str) -> tuple[int, int, int, int]:
    """Orders versions by date, then same-day sequence (v2026.11.23 < v2026.11.23.1)."""
    match = _VERSION_RE.match(version)
    if not match:
        raise ValueError(f"not a release version: {version!r}")
    year, month, day, seq = match.groups()
    return int(year), int(month), int(day), int(seq or 0)


def is_release_version(name: str) -> bool:
    return _VERSION_RE.match(name) is not None


def sha256_file(path: Path, *, chunk_size: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(chunk_size):
            digest.update(chunk)
    return digest.hexdigest()


def _json_text(value: object) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def _replace_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so readers see the old or the new content, never a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)  # mkstemp makes 0600; LATEST and the index are for everyone to read
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def write_table_parquet(df: pl.DataFrame, path: Path) -> None:
    """Deterministic Parquet: same frame, same bytes (no timestamps in polars' file metadata)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    df.write_parquet(path, compression="zstd", compression_level=PARQUET_COMPRESSION_LEVEL, statistics=True)


def releases_dir(output_dir: Path) -> Path:
    return Path(output_dir) / RELEASES_DIRNAME


def list_release_versions(output_dir: Path) -> list[str]:
    """Complete releases (those with a manifest), oldest first."""
    root = releases_dir(output_dir)
    if not root.is_dir():
        return []
    versions = [
        p.name for p in root.iterdir() if p.is_dir() and is_release_version(p.name) and (p / "manifest.json").is_file()
    ]
    return sorted(versions, key=version_sort_key)


def release_dir(output_dir: Path, version: str) -> Path | None:
    path = releases_dir(output_dir) / version
    return path if is_release_version(version) and (path / "manifest.json").is_file() else None


def read_manifest(release_path: Path) -> dict:
    return json.loads((release_path / "manifest.json").read_text(encoding="utf-8"))


def read_release_tables(release_path: Path) -> dict[str, pl.DataFrame]:
    """Every table of a release, keyed by table name (from the manifest)."""
    manifest = read_manifest(release_path)
    return {name: pl.read_parquet(release_path / info["path"]) for name, info in sorted(manifest["tables"].items())}


# --------------------------------------------------------------------------------------------
# Reading the latest release


def latest_release_dir(output_dir: Path) -> Path | None:
    """The release named by ``output/LATEST``, if it exists and is complete."""
    latest_file = Path(output_dir) / LATEST_FILENAME
    if not latest_file.is_file():
        return None
    version = latest_file.read_text(encoding="utf-8").strip()
    return release_dir(output_dir, version) if version else None


def find_unchanged_release(output_dir: Path, *, input_fingerprint: str, pipeline_version: str) -> str | None:
    """Version of LATEST if it was built from the same inputs by the same pipeline, else None."""
    latest = latest_release_dir(output_dir)
    if latest is None:
        return None
    manifest = read_manifest(latest)
    if manifest.get("input_fingerprint") == input_fingerprint and manifest.get("pipeline_version") == pipeline_version:
        return str(manifest["version"])
    return None


PREVIOUS_INGESTED_AT_SCHEMA = {"doc_id": pl.String(), "ingested_at": UTC_DATETIME}


def load_previous_ingested_at(output_dir: Path) -> pl.DataFrame:
    """(doc_id, ingested_at) of LATEST's documents, so a document keeps the time it first arrived."""
    latest = latest_release_dir(output_dir)
    path = latest / "data" / "documents.parquet" if latest else None
    if path is None or not path.is_file():
        return pl.DataFrame(schema=PREVIOUS_INGESTED_AT_SCHEMA)
    return pl.read_parquet(path, columns=list(PREVIOUS_INGESTED_AT_SCHEMA)).cast(PREVIOUS_INGESTED_AT_SCHEMA)


# --------------------------------------------------------------------------------------------
# Publishing


def next_version(output_dir: Path, created_at: datetime) -> str:
    """CalVer from the UTC date; a second release the same day gets ``.1``, then ``.2``..."""
    base = _utc(created_at).strftime("v%Y.%m.%d")
    root = releases_dir(output_dir)
    taken = {p.name for p in root.iterdir()} if root.is_dir() else set()
    if base not in taken:
        return base
    seq = 1
    while f"{base}.{seq}" in taken:
        seq += 1
    return f"{base}.{seq}"


def remove_stale_tmp_dirs(root: Path, *, older_than_seconds: float, now: float | None = None) -> list[Path]:
    """Remove half-built ``.tmp-*`` folders left by a killed run (a clean failure removes its own)."""
    import time

    now = time.time() if now is None else now
    removed = []
    if not root.is_dir():
        return removed
    for path in sorted(root.glob(f"{TMP_PREFIX}*")):
        if path.is_dir() and now - path.stat().st_mtime > older_than_seconds:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _publishable_names(tables: Mapping[str, pl.DataFrame]) -> list[str]:
    """The tables to publish, in the declared order (every one must have a declared schema)."""
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        raise ValueError(f"tables without a declared schema cannot be published: {unknown}")
    return [name for name in TABLES if name in tables]


def _write_checksums(release_path: Path) -> None:
    files = sorted(
        (p for p in release_path.rglob("*") if p.is_file() and p.name != CHECKSUMS_FILENAME),
        key=lambda p: p.relative_to(release_path).as_posix(),
    )
    lines = [f"{sha256_file(p)}  {p.relative_to(release_path).as_posix()}" for p in files]
    _write_text(release_path / CHECKSUMS_FILENAME, "\n".join(lines) + "\n")


def _text_policy_summary_from(documents: pl.DataFrame | None) -> dict[str, int] | None:
    if documents is None or "text_policy" not in documents.columns:
        return None
    counts = documents.group_by("text_policy").len().sort("text_policy")
    return {str(row["text_policy"]): int(row["len"]) for row in counts.iter_rows(named=True)}


def _quarantine_counts_from(quarantine: pl.DataFrame | None) -> dict[str, int] | None:
    """Rows of the quarantine table per rule, biggest first (None when the release has no such table)."""
    if quarantine is None:
        return None
    counts = quarantine.group_by("rule").agg(pl.len().alias("rows")).sort(["rows", "rule"], descending=[True, False])
    return dict(counts.iter_rows())


def _release_table_files(release_path: Path, manifest: dict) -> Mapping[str, pl.DataFrame]:
    """A release's tables read one at a time when asked for (``TableFiles``), not all at once."""
    names = sorted(manifest["tables"])
    if all(manifest["tables"][n]["path"] == f"data/{n}.parquet" for n in names):
        return TableFiles(release_path / "data", names)
    return read_release_tables(release_path)


def _previous_release(output_dir: Path) -> tuple[str | None, dict | None, Mapping[str, pl.DataFrame] | None]:
    latest = latest_release_dir(output_dir)
    if latest is None:
        return None, None, None
    manifest = read_manifest(latest)
    return str(manifest["version"]), manifest, _release_table_files(latest, manifest)


def _lazy_tables(tables: Mapping[str, pl.DataFrame] | None) -> Mapping[str, pl.DataFrame | pl.LazyFrame] | None:
    """File-backed tables as scans (the diff then reads keys and row hashes, never a whole table)."""
    if isinstance(tables, TableFiles):
        return {name: tables.scan(name) for name in tables}
    return tables


def release_diff_between(
    old_manifest: dict | None,
    old_tables: Mapping[str, pl.DataFrame] | None,
    new_manifest: dict,
    new_tables: Mapping[str, pl.DataFrame],
) -> ReleaseDiff:
    return diff_releases(
        _lazy_tables(old_tables),
        _lazy_tables(new_tables),
        old_version=old_manifest["version"] if old_manifest else None,
        new_version=new_manifest["version"],
        old_schema_version=old_manifest.get("schema_version") if old_manifest else None,
        new_schema_version=new_manifest.get("schema_version"),
        old_pipeline_version=old_manifest.get("pipeline_version") if old_manifest else None,
        new_pipeline_version=new_manifest.get("pipeline_version"),
    )


def publish_release(
    tables: Mapping[str, pl.DataFrame],
    *,
    output_dir: Path,
    input_fingerprint: str,
    pipeline_version: str,
    created_at: datetime,
    validation_writer: Callable[[Path], None] | None = None,
    sources: list[dict] | None = None,
    text_policy_summary: dict[str, int] | None = None,
    licenses: Sequence[Mapping[str, object]] = (DEFAULT_LICENSE,),
    skip_if_unchanged: bool = True,
    stale_tmp_after_seconds: float = 6 * 3600,
) -> PublishResult:
    """Write a complete release atomically, then point LATEST at it and rebuild the index.

    With ``skip_if_unchanged`` a run whose input fingerprint and pipeline version equal LATEST's
    publishes nothing and says so.  Any failure removes the half-built folder and re-raises.
    Tables are conformed and written one at a time (``tables`` may be ``TableFiles``); the release
    diff reads the written files and the previous release's files a table at a time.
    """
    output_dir = Path(output_dir)
    created_at = _utc(created_at)
    if skip_if_unchanged:
        unchanged = find_unchanged_release(
            output_dir, input_fingerprint=input_fingerprint, pipeline_version=pipeline_version
        )
        if unchanged is not None:
            return PublishResult(
                version=unchanged,
                path=releases_dir(output_dir) / unchanged,
                published=False,
                message=f"inputs and pipeline unchanged since {unchanged}; nothing new published",
            )

    names = _publishable_names(tables)
    if not names:
        raise ValueError("no tables to publish")
    previous_version, previous_manifest, previous_tables = _previous_release(output_dir)
    if text_policy_summary is None and "documents" in tables:
        text_policy_summary = _text_policy_summary_from(TABLES["documents"].conform(tables["documents"]))
    sources = list(sources or [])

    root = releases_dir(output_dir)
    root.mkdir(parents=True, exist_ok=True)
    # Old enough that no live run can still be writing into it.
    remove_stale_tmp_dirs(root, older_than_seconds=stale_tmp_after_seconds)
    version = next_version(output_dir, created_at)
    tmp = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{version}-", dir=root))
    try:
        table_entries = _write_tables(tmp, tables, names)
        published = TableFiles(tmp / "data", names)
        if validation_writer is not None:
            validation_writer(tmp)

        manifest = {
            "version": version,
            "previous_version": previous_version,
            "schema_version": SCHEMA_VERSION,
            "pipeline_version": pipeline_version,
            "created_at": _iso(created_at),
            "input_fingerprint": input_fingerprint,
            "text_policy_summary": text_policy_summary or {},
            "tables": table_entries,
            "total_bytes": sum(e["bytes"] for e in table_entries.values()),
        }
        _write_text(tmp / "manifest.json", _json_text(manifest))

        datapackage = datapackage_descriptor(
            version=version,
            created_at=created_at,
            resources={n: {k: e[k] for k in ("path", "bytes", "sha256", "rows")} for n, e in table_entries.items()},
            licenses=licenses,
            sources=sources,
        )
        _write_text(tmp / "datapackage.json", _json_text(datapackage))

        diff = release_diff_between(previous_manifest, previous_tables, manifest, published)
        fewer_documents = fewer_documents_note(diff)
        _write_release_docs(
            tmp,
            manifest,
            previous_manifest,
            diff,
            created_at=created_at,
            text_policy_summary=text_policy_summary,
            quarantined=_quarantine_counts_from(published.get("quarantine")),
            licenses=licenses,
            sources=sources,
        )
        _write_checksums(tmp)
        os.chmod(tmp, 0o755)  # mkdtemp makes 0700; a published release is world-readable
        final = root / version
        # Directory rename within one filesystem is atomic: the release appears complete or not at all.
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise

    _replace_atomically(output_dir / LATEST_FILENAME, version + "\n")
    write_index(output_dir)
    message = f"published {version} at {final}" + (f"\nWarning: {fewer_documents}" if fewer_documents else "")
    return PublishResult(version=version, path=final, published=True, message=message, fewer_documents=fewer_documents)


def _write_tables(tmp: Path, tables: Mapping[str, pl.DataFrame], names: Sequence[str]) -> dict[str, dict]:
    """Conform and write each table in turn (one in memory at a time); its manifest entry."""
    entries: dict[str, dict] = {}
    for name in names:
        relpath = f"data/{name}.parquet"
        path = tmp / relpath
        df = TABLES[name].conform(tables[name])
        write_table_parquet(df, path)
        entries[name] = {
            "path": relpath,
            "rows": df.height,
            "bytes": path.stat().st_size,
            "sha256": sha256_file(path),
            "columns": [{"name": c, "type": dtype_name(t)} for c, t in df.schema.items()],
        }
        del df
    return entries


def _write_release_docs(
    tmp: Path, manifest, previous_manifest, diff, *, created_at, text_policy_summary, quarantined, licenses, sources
) -> None:
    """The release's changelog, dataset card and page, written from its manifest and its diff."""
    _write_text(tmp / "CHANGELOG.md", changelog_markdown(diff, created_at=created_at, quarantine_counts=quarantined))
    _write_text(
        tmp / "README.md",
        dataset_card_markdown(
            version=manifest["version"],
            created_at=created_at,
            pipeline_version=manifest["pipeline_version"],
            row_counts={n: e["rows"] for n, e in manifest["tables"].items()},
            text_policy_summary=text_policy_summary,
            licenses=licenses,
            sources=sources,
            quarantine_counts=quarantined,
        ),
    )
    write_release_page(tmp, manifest, previous_manifest)


# --------------------------------------------------------------------------------------------
# Release page


RELEASE_PAGE_FILENAME = "index.html"


def write_release_page(release_path: Path, manifest: dict, previous_manifest: dict | None) -> Path:
    """``index.html``: charts and the validation summary, aggregated from the release's own Parquet files."""
    from transforms.publish.page import release_page_data, render_release_page

    scans = {name: pl.scan_parquet(release_path / info["path"]) for name, info in manifest["tables"].items()}
    results_path = release_path / "validation" / "results.json"
    results = json.loads(results_path.read_text(encoding="utf-8")) if results_path.is_file() else None
    data = release_page_data(scans, manifest=manifest, previous_manifest=previous_manifest, validation_results=results)
    path = release_path / RELEASE_PAGE_FILENAME
    _write_text(path, render_release_page(data))
    return path


# --------------------------------------------------------------------------------------------
# Index


def build_index(output_dir: Path) -> list[dict]:
    """One entry per complete release, newest first, from the releases' own manifests."""
    entries = []
    for version in reversed(list_release_versions(output_dir)):
        path = releases_dir(output_dir) / version
        manifest = read_manifest(path)
        entries.append(
            {
                "version": manifest["version"],
                "created_at": manifest["created_at"],
                "schema_version": manifest["schema_version"],
                "pipeline_version": manifest["pipeline_version"],
                "rows": {name: info["rows"] for name, info in sorted(manifest["tables"].items())},
                "data_bytes": sum(info["bytes"] for info in manifest["tables"].values()),
                # What a download of the whole release folder costs: data plus docs and validation.
                "total_bytes": sum(p.stat().st_size for p in path.rglob("*") if p.is_file()),
            }
        )
    return entries


def write_index(output_dir: Path) -> Path:
    path = releases_dir(output_dir) / INDEX_FILENAME
    latest = latest_release_dir(output_dir)
    index = {"latest": latest.name if latest else None, "releases": build_index(output_dir)}
    _replace_atomically(path, _json_text(index))
    return path


def read_index(output_dir: Path) -> dict:
    path = releases_dir(output_dir) / INDEX_FILENAME
    if not path.is_file():
        return {"latest": None, "releases": []}
    return json.loads(path.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------------------------
# Quarantine


def quarantine_release(
    tables: Mapping[str, pl.DataFrame],
    *,
    output_dir: Path,
    created_at: datetime,
    validation_writer: Callable[[Path], None] | None = None,
) -> Path:
    """Keep the tables of a run that failed validation for inspection; never a release, never LATEST."""
    root = Path(output_dir) / QUARANTINE_DIRNAME
    root.mkdir(parents=True, exist_ok=True)
    stamp = _utc(created_at).strftime("%Y%m%dT%H%M%SZ")
    name, seq = stamp, 1
    while (root / name).exists():
        name, seq = f"{stamp}.{seq}", seq + 1
    tmp = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{name}-", dir=root))
    try:
        for table_name in sorted(tables):
            df = tables[table_name]
            try:
                out = TABLES[table_name].conform(df) if table_name in TABLES else df
            except Exception:
                # A table that fails to conform is exactly what someone needs to look at: keep it as is.
                out = df
            write_table_parquet(out, tmp / "data" / f"{table_name}.parquet")
        if validation_writer is not None:
            validation_writer(tmp)
        os.chmod(tmp, 0o755)
        final = root / name
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final
