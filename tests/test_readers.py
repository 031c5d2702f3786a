"""flows/readers.py: the one module that touches input files."""

from __future__ import annotations

import os

import polars as pl
import pytest

from flows.readers import read_input_files
from tests.conftest import SEEDS_DIR
from transforms.ingest.parse import INPUT_FILES_SCHEMA


def test_reads_seeds_recursively_sorted_with_relative_posix_paths(tmp_path):
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "z.txt").write_text("zed")
    (tmp_path / "b" / "c" / "deep.txt").write_text("deep")
    (tmp_path / "a.jsonl").write_text("{}")
    files = read_input_files(tmp_path)
    assert files.schema == pl.Schema(INPUT_FILES_SCHEMA)
    assert files["source_uri"].to_list() == ["a.jsonl", "b/c/deep.txt", "z.txt"]
    assert files.filter(pl.col("source_uri") == "b/c/deep.txt")["data"][0] == b"deep"
    assert files["read_error"].null_count() == 3


def test_seed_bytes_are_read_exactly():
    files = read_input_files(SEEDS_DIR)
    assert files.height == 5
    for row in files.iter_rows(named=True):
        raw = (SEEDS_DIR / row["source_uri"]).read_bytes()
        assert row["data"] == raw and row["size"] == len(raw)


def test_hidden_files_and_folders_are_skipped(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("no")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / "ok.txt").write_text("yes")
    assert read_input_files(tmp_path)["source_uri"].to_list() == ["ok.txt"]


def test_oversized_file_is_not_read(tmp_path):
    (tmp_path / "big.txt").write_text("x" * 101)
    (tmp_path / "small.txt").write_text("x" * 100)
    files = read_input_files(tmp_path, max_bytes=100)
    big = files.row(0, named=True)
    assert big["source_uri"] == "big.txt"
    assert big["data"] is None and big["read_error"] == "oversized" and big["size"] == 101
    assert files.row(1, named=True)["data"] == b"x" * 100


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read mode-000 files")
def test_unreadable_file_is_flagged(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text("hidden")
    p.chmod(0)
    try:
        row = read_input_files(tmp_path).row(0, named=True)
    finally:
        p.chmod(0o644)
    assert row["read_error"] == "unreadable" and row["data"] is None


def test_empty_folder_gives_empty_frame(tmp_path):
    files = read_input_files(tmp_path)
    assert files.height == 0 and files.schema == pl.Schema(INPUT_FILES_SCHEMA)


def test_broken_symlink_is_unreadable_not_fatal(tmp_path):
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing-target.txt")
    (tmp_path / "good.txt").write_text("fine")
    files = read_input_files(tmp_path)
    bad = files.filter(pl.col("source_uri") == "dangling.txt").row(0, named=True)
    assert bad["read_error"] == "unreadable" and bad["data"] is None
    assert files.filter(pl.col("source_uri") == "good.txt")["data"][0] == b"fine"
