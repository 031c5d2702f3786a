"""flows/cache.py: per-document NLP cache by content hash and pipeline key."""

from __future__ import annotations

import os

import pytest

from flows.cache import DocCache, exact_text_hash, pipeline_key

H1 = "ab" + "0" * 62
H2 = "cd" + "1" * 62


def test_put_then_get_roundtrip_and_stats(tmp_path):
    cache = DocCache(tmp_path, "k1")
    assert cache.get(H1) is None
    cache.put(H1, b"\x00parsed doc\xff")
    assert cache.get(H1) == b"\x00parsed doc\xff"
    assert H1 in cache and H2 not in cache
    assert (cache.stats.hits, cache.stats.misses, cache.stats.writes) == (1, 1, 1)
    assert cache.path_for(H1) == tmp_path / "k1" / "ab" / f"{H1}.bin"


def test_other_pipeline_key_does_not_see_entries(tmp_path):
    DocCache(tmp_path, "old").put(H1, b"old parse")
    assert DocCache(tmp_path, "new").get(H1) is None
    assert DocCache(tmp_path, "old").get(H1) == b"old parse"


def test_put_overwrites_atomically_and_leaves_no_temp_files(tmp_path):
    cache = DocCache(tmp_path, "k")
    cache.put(H1, b"first")
    cache.put(H1, b"second")
    assert cache.get(H1) == b"second"
    assert [p.name for p in (tmp_path / "k" / "ab").iterdir()] == [f"{H1}.bin"]


def test_failed_write_keeps_previous_entry_and_is_counted_not_raised(tmp_path, monkeypatch, caplog):
    cache = DocCache(tmp_path, "k")
    assert cache.put(H1, b"good") is True

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    assert cache.put(H1, b"half") is False
    assert cache.put(H2, b"other") is False
    monkeypatch.undo()
    assert cache.get(H1) == b"good"
    assert cache.get(H2) is None
    assert (cache.stats.writes, cache.stats.write_errors) == (1, 2)
    assert not any(p.name.endswith(".tmp") for p in (tmp_path / "k").rglob("*"))
    warnings = [r for r in caplog.records if "cannot store entries" in r.getMessage()]
    assert len(warnings) == 1, "one warning per cache, not one per document"


def test_cache_folder_that_is_a_file_fails_softly(tmp_path):
    (tmp_path / "k").write_text("not a folder")
    cache = DocCache(tmp_path, "k")
    assert cache.put(H1, b"x") is False
    assert cache.get(H1) is None
    assert cache.stats.write_errors == 1


def test_prune_removes_other_keys_temp_files_and_unused_entries(tmp_path):
    DocCache(tmp_path, "old").put(H1, b"x")
    cache = DocCache(tmp_path, "k")
    cache.put(H1, b"a")
    cache.put(H2, b"b")
    (tmp_path / "k" / "ab" / f".{H1}.123.tmp").write_bytes(b"crash leftover")
    assert cache.prune(keep_hashes={H2}) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k"]
    assert cache.get(H1) is None and cache.get(H2) == b"b"


@pytest.mark.parametrize("bad", ["../escape", "a/b", "", ".hidden"])
def test_unsafe_names_are_rejected(tmp_path, bad):
    with pytest.raises(ValueError):
        DocCache(tmp_path, bad)
    with pytest.raises(ValueError):
        DocCache(tmp_path, "k").put(bad, b"x")


def test_pipeline_key_is_stable_and_sensitive():
    key = pipeline_key(pipeline_version="1.0", model="en_core_web_sm", model_version="3.8.0")
    assert key == pipeline_key(model_version="3.8.0", model="en_core_web_sm", pipeline_version="1.0")
    assert key != pipeline_key(pipeline_version="1.1", model="en_core_web_sm", model_version="3.8.0")
    assert len(key) == 16


def test_pipeline_version_strings_are_valid_keys(tmp_path):
    cache = DocCache(tmp_path, "0.1.0+3f2a9c1d")
    cache.put(H1, b"x")
    assert cache.get(H1) == b"x"


def test_exact_text_hash_distinguishes_case_and_spacing():
    assert exact_text_hash("Hello  world") != exact_text_hash("hello world")
    assert exact_text_hash("a") == exact_text_hash("a")
