"""Re-validating a published release folder: its files first, then the suites over its tables.

File checks: every line of ``SHA256SUMS``; ``manifest.json``'s per-table sha256 and rows; and
``datapackage.json``'s ``bytes`` and ``hash`` of every resource (Frictionless: ``"<algorithm>:<hex>"``,
MD5 when no algorithm is named).  A path in a downloaded file is never followed outside the release.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from flows.publish import is_release_version, sha256_file, version_sort_key
from flows.settings import EXPECTATIONS_DIR
from flows.validation.gx import DEFAULT_EXAMPLE_ROWS
from flows.validation.results import CRITICAL, ROW_RULE, ExpectationResult, ValidationOutcome
from flows.validation.suites import RELEASE_SUITE
from flows.validation.validate import validate_tables
from flows.validation.views import DEFAULT_MAX_SHRINK_FRACTION
from transforms import schemas
from transforms.publish.docs import PARQUET_BYTES_PROPERTY


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


def _inside(release_dir: Path, relative: str) -> Path | None:
    """The file ``relative`` names, or None when it points outside the release folder."""
    path = (release_dir / relative).resolve()
    return path if path.is_relative_to(release_dir.resolve()) else None


def _file_digest(path: Path, algorithm: str) -> str:
    if algorithm == "sha256":
        return sha256_file(path)
    digest = hashlib.new(algorithm)
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def check_checksums(release_dir: Path) -> list[ExpectationResult]:
    """Every file listed in SHA256SUMS has its listed sha256; every data file is listed."""
    results: list[ExpectationResult] = []
    sums_path = release_dir / "SHA256SUMS"
    listed: dict[str, str] = {}
    if not sums_path.exists():
        return [_file_result("checksum:SHA256SUMS", False, "SHA256SUMS is missing")]
    for line_no, line in enumerate(sums_path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        match = re.fullmatch(r"([0-9a-fA-F]{64}) [ *](.+)", line)
        if not match:
            results.append(_file_result(f"checksum:SHA256SUMS#L{line_no}", False, f"malformed line: {line[:100]!r}"))
            continue
        listed[match.group(2)] = match.group(1).lower()
    for relative, expected in sorted(listed.items()):
        path = _inside(release_dir, relative)
        check = f"checksum:{relative}"
        if path is None:
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
        if relative not in listed:
            results.append(_file_result(f"checksum:{relative}", False, "not listed in SHA256SUMS", table=path.stem))
    return results


def check_manifest(release_dir: Path) -> tuple[list[ExpectationResult], dict[str, Any] | None]:
    """manifest.json's per-table sha256 and row counts against the Parquet files."""
    results: list[ExpectationResult] = []
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


def _resource_results(release_dir: Path, resource: dict[str, Any], index: int) -> list[ExpectationResult]:
    name = str(resource.get("name") or f"resource[{index}]")
    table = name if name in schemas.TABLES else RELEASE_SUITE
    relative = resource.get("path")
    if not isinstance(relative, str):
        return [
            _file_result(f"datapackage:{name}.path", False, f"path is {relative!r}", table=table, kind="file_exists")
        ]
    path = _inside(release_dir, relative)
    if path is None:
        return [_file_result(f"datapackage:{name}.path", False, "path points outside the release folder", table=table)]
    if not path.is_file():
        return [
            _file_result(f"datapackage:{name}.file", False, f"{relative} is missing", table=table, kind="file_exists")
        ]
    results = []
    # The standard "bytes" if a producer wrote it, else ours (frictionless cannot count Parquet bytes).
    declared_bytes = resource.get("bytes", resource.get(PARQUET_BYTES_PROPERTY))
    actual_bytes = path.stat().st_size
    results.append(
        _file_result(
            f"datapackage:{name}.bytes",
            declared_bytes == actual_bytes,
            {"expected": declared_bytes, "actual": actual_bytes},
            table=table,
            kind="bytes_match",
            notes=f"Size of the file equals the resource's bytes ({PARQUET_BYTES_PROPERTY}) in datapackage.json.",
        )
    )
    declared_hash = resource.get("hash")
    algorithm, _, expected = str(declared_hash).rpartition(":")
    algorithm = (algorithm or "md5").lower()  # Frictionless: a hash without a prefix is MD5
    if declared_hash is None or algorithm not in hashlib.algorithms_available:
        results.append(
            _file_result(
                f"datapackage:{name}.hash", False, f"hash is {declared_hash!r}", table=table, kind="hash_matches"
            )
        )
        return results
    actual = _file_digest(path, algorithm)
    results.append(
        _file_result(
            f"datapackage:{name}.hash",
            actual == expected.lower(),
            {"expected": declared_hash, "actual": f"{algorithm}:{actual}"},
            table=table,
            kind="hash_matches",
            notes="Digest of the file equals the resource's hash in datapackage.json.",
        )
    )
    return results


def check_datapackage(release_dir: Path) -> list[ExpectationResult]:
    """``bytes`` and ``hash`` of every resource in datapackage.json against its file."""
    try:
        descriptor = json.loads((release_dir / "datapackage.json").read_text(encoding="utf-8"))
        resources = descriptor["resources"]
        if not isinstance(resources, list):
            raise ValueError("resources is not a list")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [
            _file_result(
                "datapackage:datapackage.json", False, f"unreadable data package: {exc}", kind="datapackage_readable"
            )
        ]
    results = []
    for index, resource in enumerate(resources):
        if isinstance(resource, dict):
            results += _resource_results(release_dir, resource, index)
        else:
            results.append(_file_result(f"datapackage:resource[{index}]", False, "not an object"))
    return results


def check_release_files(release_dir: Path) -> tuple[list[ExpectationResult], dict[str, Any] | None]:
    """Checksums (SHA256SUMS), manifest.json and datapackage.json against the files of a release."""
    release_dir = Path(release_dir)
    manifest_results, manifest = check_manifest(release_dir)
    return check_checksums(release_dir) + manifest_results + check_datapackage(release_dir), manifest


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


def _manifest_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _published_rows_must_pass_row_rules(results: list[ExpectationResult]) -> None:
    """In a published release a row failing a row rule is a failure: the gate should have removed it."""
    for r in results:
        if r.kind == ROW_RULE and r.severity == CRITICAL and r.unexpected_count:
            r.success, r.documents_affected = False, None
            r.notes = (r.notes + " " if r.notes else "") + (
                "A published release holds no row failing a row rule: the gate quarantines them before publishing."
            )


def validate_release(
    release_dir: Path,
    *,
    max_shrink_fraction: float = DEFAULT_MAX_SHRINK_FRACTION,
    example_rows: int = DEFAULT_EXAMPLE_ROWS,
    expectations_dir: Path = EXPECTATIONS_DIR,
) -> ValidationOutcome:
    """Re-validate a published release folder: its files first, then the suites over its tables."""
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
    # The run's own time, so time-dependent rules judge the release as its gate did.
    run_time = _manifest_time(manifest.get("created_at")) or dt.datetime.now(dt.UTC)
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
        run_date=run_time,
        previous_release=previous_release_of(release_dir),
        schema_version=schema_version,
        max_shrink_fraction=max_shrink_fraction,
        example_rows=example_rows,
        expectations_dir=expectations_dir,
        subject=str(release_dir),
    )
    _published_rows_must_pass_row_rules(outcome.results)
    outcome.results = file_results + outcome.results
    return outcome


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
