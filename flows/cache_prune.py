"""`newsevents prune-cache`: free the cache entries the current code can no longer read.

Every cache (clean, dedupe indexes, parse, extraction) keeps its entries under a directory named by a key of the
code and settings that produced them (``flows.cache``).  A rule edit starts a new extraction key, a
model upgrade a new parse key, and the old directories stay behind: on a daily feed they grow by one
copy of the corpus's extraction rows per rule change.  This command keeps the current keys (the ones a
``newsevents run`` with the same config would read) and deletes the others, plus leftover temporary
files.  It never touches releases.

The current keys are computed by the same functions the stages call (``flows.cache``), with the same
settings objects the flow builds; ``tests/test_cache_prune.py`` runs a release first and checks that a
prune then removes none of that run's entries, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from flows import versioning
from flows.cache import DocCache, candidates_cache, clean_cache, dedupe_cache, entity_cache, extract_cache, parse_cache
from flows.config import Config


@dataclass(frozen=True)
class CacheUsage:
    """One cache directory (one key) of one cache kind."""

    cache: str
    key: str
    current: bool
    files: int
    bytes: int


def current_caches(config: Config) -> dict[str, DocCache]:
    """The caches a run with ``config`` reads, by kind, keyed exactly as the flow keys them."""
    from flows.stages.documents import DedupeSettings
    from transforms.clean.boilerplate import TEMPLATE_MAX_WORDS

    output = Path(config.output)
    parse_settings = versioning.parse_settings()
    dedupe = DedupeSettings(threshold=config.dup_threshold)
    return {
        "clean": clean_cache(output, clean=versioning.clean_version(), dedupe=asdict(dedupe)),
        "candidates": candidates_cache(output, clean=versioning.clean_version(), max_words=TEMPLATE_MAX_WORDS),
        "dedupe": dedupe_cache(output, clean=versioning.clean_version(), dedupe=asdict(dedupe)),
        "parse": parse_cache(output, parse_settings),
        "extract": extract_cache(output, parse_settings, versioning.extraction_version()),
        "entities": entity_cache(output, parse_settings, versioning.entity_version()),
    }


def _usage(directory: Path) -> tuple[int, int]:
    files = [p for p in directory.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def cache_usage(caches: dict[str, DocCache]) -> list[CacheUsage]:
    """Every key directory under each cache's root, current or not, with its size."""
    usage = []
    for kind, cache in caches.items():
        if not cache.root.is_dir():
            continue
        for directory in sorted(p for p in cache.root.iterdir() if p.is_dir()):
            files, size = _usage(directory)
            usage.append(CacheUsage(kind, directory.name, directory.name == cache.key, files, size))
    return usage


def prune_caches(caches: dict[str, DocCache]) -> int:
    """Delete every non-current key directory and stale temporary file; returns the files removed."""
    return sum(cache.prune() for cache in caches.values())


def prune_cache_cli(config: Config, *, dry_run: bool = False) -> int:
    """Print each cache key's size, marking the current ones; delete the others unless ``dry_run``."""
    from rich import box
    from rich.table import Table as RichTable

    from flows.commands import human_size, make_console

    caches = current_caches(config)
    usage = cache_usage(caches)
    console = make_console()
    if not usage:
        console.print(f"No caches in {Path(config.output) / '.cache'}.")
        return 0
    table = RichTable(title=f"Caches in {Path(config.output) / '.cache'}", box=box.SIMPLE_HEAD)
    for name in ("cache", "key", "entries", "size", "action"):
        table.add_column(name, justify="right" if name in ("entries", "size") else "left", no_wrap=True)
    for u in usage:
        action = "keep (current)" if u.current else ("would delete" if dry_run else "delete")
        table.add_row(u.cache, u.key, f"{u.files:,}", human_size(u.bytes), action)
    console.print(table)
    stale = [u for u in usage if not u.current]
    freed = human_size(sum(u.bytes for u in stale))
    if dry_run:
        console.print(f"{len(stale)} stale key(s), {freed}: nothing deleted (--dry-run).")
        return 0
    removed = prune_caches(caches)
    console.print(f"Deleted {len(stale)} stale key(s): {removed:,} files, {freed}.")
    return 0
