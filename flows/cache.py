"""Per-document NLP cache for incremental runs.

A parsed document depends only on its clean text and on the NLP pipeline, so results are stored
by ``content_hash`` (of the clean text) under a directory named by a *pipeline key* (pipeline
version, model name and version, anything else that changes the parse)::

    output/.cache/nlp/<key>/<content_hash[:2]>/<content_hash>.bin

A new pipeline key starts an empty cache; ``prune()`` deletes the other keys' directories.
Writes are atomic (temporary file in the same directory, then ``os.replace``), so a crashed or
concurrent run never leaves a half-written entry under its final name.  Entries are not fsynced (one per
document would dominate a large run): after a power loss an entry may read back damaged, which its reader
treats as a miss.
``--full-refresh`` bypasses the cache (the flow does not read it; it still writes fresh entries).
A write that fails (disk full, a read-only cache folder) is counted and logged once, never raised: the
cache only saves work, and a run that cannot store an entry still produces the same release.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# Letters, digits and ._-+ (PEP 440 versions like "0.1.0+abc123" are valid keys); no separators.
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}$")
_SUFFIX = ".bin"

logger = logging.getLogger(__name__)


def pipeline_key(**parts: object) -> str:
    """A short, stable cache key from whatever determines the NLP output
    (e.g. ``pipeline_version=..., model="en_core_web_sm", model_version="3.8.0"``)."""
    canonical = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def exact_text_hash(text: str) -> str:
    """SHA-256 of the exact text to be parsed. Use this, not ``documents.content_hash`` (which is
    casefolded and whitespace-collapsed), as the cache's content hash: two texts differing only in
    case or spacing parse to different tokens and offsets and must not share an entry."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    writes: int = 0
    write_errors: int = 0


@dataclass
class DocCache:
    root: Path
    key: str
    stats: CacheStats = field(default_factory=CacheStats)

    def __post_init__(self) -> None:
        self.root = Path(self.root)
        if not _SAFE_NAME.match(self.key):
            raise ValueError(f"cache key must be a simple file name, got {self.key!r}")

    @property
    def directory(self) -> Path:
        return self.root / self.key

    def path_for(self, content_hash: str) -> Path:
        if not _SAFE_NAME.match(content_hash):
            raise ValueError(f"content hash must be a simple file name, got {content_hash!r}")
        return self.directory / content_hash[:2] / f"{content_hash}{_SUFFIX}"

    def get(self, content_hash: str) -> bytes | None:
        """The stored bytes, or None when absent (or unreadable: a cache miss is never fatal)."""
        try:
            data = self.path_for(content_hash).read_bytes()
        except OSError:
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        return data

    def __contains__(self, content_hash: str) -> bool:
        return self.path_for(content_hash).is_file()

    def put(self, content_hash: str, data: bytes) -> bool:
        """Store ``data`` atomically (last writer wins; equal content hashes mean equal data).
        Returns False when the entry could not be written (see the module docstring)."""
        target = self.path_for(content_hash)
        try:
            self._write_atomically(target, content_hash, data)
        except OSError as error:
            if self.stats.write_errors == 0:
                logger.warning(
                    "cache %s: cannot store entries (%s); the run goes on without them", self.directory, error
                )
            self.stats.write_errors += 1
            return False
        self.stats.writes += 1
        return True

    @staticmethod
    def _write_atomically(target: Path, content_hash: str, data: bytes) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{content_hash}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp_name, target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise

    def prune(self, keep_hashes: set[str] | None = None) -> int:
        """Delete other pipeline keys' caches and leftover temporary files; with ``keep_hashes``,
        also the entries of this key whose content hash is not in it. Returns files removed."""
        removed = 0
        if self.root.is_dir():
            for child in sorted(self.root.iterdir()):
                if child.name != self.key and child.is_dir():
                    removed += sum(1 for p in child.rglob("*") if p.is_file())
                    shutil.rmtree(child, ignore_errors=True)
        if self.directory.is_dir():
            for path in sorted(self.directory.rglob("*")):
                if not path.is_file():
                    continue
                stale_tmp = path.name.endswith(".tmp")
                unused = keep_hashes is not None and path.suffix == _SUFFIX and path.stem not in keep_hashes
                if stale_tmp or unused:
                    path.unlink(missing_ok=True)
                    removed += 1
        return removed


# ---------------------------------------------------------------------------------------------
# The two caches of the NLP stage (DESIGN section 6)

PARSE_CACHE_DIR = Path(".cache") / "parse"
EXTRACT_CACHE_DIR = Path(".cache") / "extract"
CLEAN_CACHE_DIR = Path(".cache") / "clean"
ENTITY_CACHE_DIR = Path(".cache") / "entities"
DEDUPE_CACHE_DIR = Path(".cache") / "dedupe"
CANDIDATES_CACHE_DIR = Path(".cache") / "candidates"


def clean_cache(output_dir: Path, **settings: object) -> DocCache:
    """Clean-stage rows per document (by raw row and matched template shapes), under a key of the clean
    version and the clean settings."""
    return DocCache(Path(output_dir) / CLEAN_CACHE_DIR, pipeline_key(**settings))


def candidates_cache(output_dir: Path, **settings: object) -> DocCache:
    """Site-template candidate lines per document (by its doc_id, site and raw text), under a key of the clean
    version and the candidate settings."""
    return DocCache(Path(output_dir) / CANDIDATES_CACHE_DIR, pipeline_key(**settings))


def dedupe_cache(output_dir: Path, **settings: object) -> DocCache:
    """Corpus-wide indexes of the duplicates stage (the previous run's paragraph-repeat targets), one file per
    index under a key of the clean version (which digests ``transforms/dedupe/``) and the dedupe settings."""
    return DocCache(Path(output_dir) / DEDUPE_CACHE_DIR, pipeline_key(**settings))


def parse_cache(output_dir: Path, settings: dict) -> DocCache:
    """spaCy parses by exact text hash, under a key of spaCy's and the model's versions and the NLP settings."""
    return DocCache(Path(output_dir) / PARSE_CACHE_DIR, pipeline_key(**settings))


def extract_cache(output_dir: Path, settings: dict, extraction_version: str) -> DocCache:
    """Extracted rows per document, under a key of the parse settings and the extraction version."""
    return DocCache(Path(output_dir) / EXTRACT_CACHE_DIR, pipeline_key(**settings, extraction=extraction_version))


def entity_cache(output_dir: Path, settings: dict, entity_version: str) -> DocCache:
    """The entity pass's rows per document (what an event rule change re-uses), under a key of the parse settings
    and the version of the extraction files outside the event rules (``flows.versioning.entity_version``)."""
    return DocCache(Path(output_dir) / ENTITY_CACHE_DIR, pipeline_key(**settings, entities=entity_version))


def extraction_entry_key(text_hash: str, doc_id: str, published: str | None) -> str:
    """What else besides the parse an extraction depends on: the document's ID (in every row) and the
    publication date relative dates resolve against."""
    return hashlib.sha256(f"{text_hash}\x1f{doc_id}\x1f{published}".encode()).hexdigest()


def doc_to_bytes(doc) -> bytes:
    """A parse as compact bytes: DocBin keeps tokens, tags, lemmas, morphology, the tree and entities, not the
    tok2vec tensor (which no stage reads and which is most of ``Doc.to_bytes``)."""
    from spacy.tokens import DocBin

    return DocBin(docs=[doc], store_user_data=False).to_bytes()


def doc_from_bytes(data: bytes, vocab):
    from spacy.tokens import DocBin

    return next(iter(DocBin().from_bytes(data).get_docs(vocab)))
