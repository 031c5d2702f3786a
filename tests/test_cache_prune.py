"""`newsevents prune-cache`: stale cache keys go, the keys a run reads stay (on a real seeds run's caches)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flows.cli import main

CACHE_KINDS = ("clean", "candidates", "dedupe", "parse", "extract", "entities")
STALE_KEY = "0000000000000000"


def _files(directory: Path) -> set[str]:
    return {str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file()}


@pytest.fixture
def cache_copy(seed_output, tmp_path) -> Path:
    """A private output folder holding a copy of the seeds run's caches plus one stale key per cache kind."""
    output = tmp_path / "out"
    shutil.copytree(seed_output / ".cache", output / ".cache")
    for kind in CACHE_KINDS:
        stale = output / ".cache" / kind / STALE_KEY / "ab"
        stale.mkdir(parents=True)
        (stale / ("ab" + "0" * 62 + ".bin")).write_bytes(b"entry of an older pipeline")
    return output


def _current_dirs(output: Path) -> dict[str, Path]:
    dirs = {}
    for kind in CACHE_KINDS:
        keys = [p for p in (output / ".cache" / kind).iterdir() if p.is_dir() and p.name != STALE_KEY]
        assert len(keys) == 1, f"the seeds run should leave one {kind} key, found {[p.name for p in keys]}"
        dirs[kind] = keys[0]
    return dirs


@pytest.mark.e2e
def test_prune_keeps_what_a_run_reads_and_deletes_stale_keys(cache_copy, capsys):
    current = _current_dirs(cache_copy)
    before = {kind: _files(path) for kind, path in current.items()}
    assert all(before.values()), "the seeds run wrote entries into every cache"
    leftover_tmp = current["parse"] / ".half-written.tmp"
    leftover_tmp.write_bytes(b"")

    assert main(["prune-cache", "--output", str(cache_copy)]) == 0

    for kind, path in current.items():
        # The drift check: had prune computed another key than the run's, these entries would be gone.
        assert _files(path) == before[kind], f"prune deleted {kind} entries the current code reads"
        assert not (cache_copy / ".cache" / kind / STALE_KEY).exists(), f"stale {kind} key kept"
    assert not leftover_tmp.exists()
    assert f"Deleted {len(CACHE_KINDS)} stale key(s)" in capsys.readouterr().out


@pytest.mark.e2e
def test_prune_dry_run_deletes_nothing(cache_copy, capsys):
    everything = _files(cache_copy)

    assert main(["prune-cache", "--output", str(cache_copy), "--dry-run"]) == 0

    assert _files(cache_copy) == everything
    out = capsys.readouterr().out
    assert out.count("would delete") == len(CACHE_KINDS)
    assert "nothing deleted" in out


def test_prune_on_an_output_without_caches_says_so(tmp_path, capsys):
    assert main(["prune-cache", "--output", str(tmp_path)]) == 0
    assert "No caches" in capsys.readouterr().out
