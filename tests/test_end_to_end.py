"""End to end: build the seeds release through the CLI and Prefect flow, then check and load it."""

from __future__ import annotations

import json
import subprocess

import polars as pl
import pytest

from transforms.schemas import TABLES

REMOVED_MARKERS = [
    "Last update",
    "Newsroom logo",
    "News ID",
    "pic.twitter.com",
    "Read more:",
    "/ Courtesy",
    "By Yaver Kazimbeyli",
]
KEPT_SENTENCES = [
    "The sides agreed to sit for the next round of talks in the near future.",
    "The operation lasted one day before the armed groups surrendered, and military activities were halted by Baku.",
]


def test_release_layout_and_checksums(seed_output, seed_release):
    assert (seed_output / "LATEST").read_text().strip() == seed_release.name
    for name in ["manifest.json", "SHA256SUMS", "datapackage.json", "README.md", "CHANGELOG.md"]:
        assert (seed_release / name).is_file(), name
    for table in TABLES:
        assert (seed_release / "data" / f"{table}.parquet").is_file(), table
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=seed_release, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    manifest = json.loads((seed_release / "manifest.json").read_text())
    assert manifest["version"] == seed_release.name
    for table, info in manifest["tables"].items():
        assert info["rows"] == pl.read_parquet(seed_release / "data" / f"{table}.parquet").height


def test_tables_match_declared_schemas(seed_tables):
    for name, table in TABLES.items():
        assert seed_tables[name].schema == pl.Schema(table.schema), name


def test_boilerplate_removed_and_sentences_kept(seed_tables):
    documents = seed_tables["documents"]
    assert documents.height == 5
    corpus = "\n".join(documents["text"].to_list())
    for marker in REMOVED_MARKERS:
        assert marker not in corpus, marker
    assert not any(line.strip() == "None" for line in corpus.splitlines())
    for sentence in KEPT_SENTENCES:
        assert sentence in corpus, sentence


def test_every_removed_line_is_recorded(seed_tables):
    boilerplate = seed_tables["boilerplate"]
    removed = "\n".join(boilerplate["text"].to_list())
    for marker in ["Last update", "Newsroom logo", "News ID", "pic.twitter.com", "Read more:", "/ Courtesy"]:
        assert marker in removed, marker
    assert boilerplate.filter(pl.col("reason").is_null()).height == 0
    counts = boilerplate.group_by("doc_id").len()
    joined = seed_tables["documents"].join(counts, on="doc_id", how="left").with_columns(pl.col("len").fill_null(0))
    assert (joined["boilerplate_lines"] == joined["len"]).all()


def test_paragraph_offsets_and_shared_background(seed_tables):
    texts = dict(seed_tables["documents"].select("doc_id", "text").iter_rows())
    paragraphs = seed_tables["paragraphs"]
    assert paragraphs.height > 0
    for row in paragraphs.iter_rows(named=True):
        paragraph = texts[row["doc_id"]][row["char_start"] : row["char_end"]]
        assert paragraph and paragraph == paragraph.strip() and "\n\n" not in paragraph
    # Seeds 001 and 003 share background paragraphs: kept in both texts, marked as repeats in one.
    assert paragraphs.filter(pl.col("is_repeat")).height >= 1


def test_seed_001_metadata(seed_tables):
    doc = seed_tables["documents"].filter(pl.col("source_uri").str.starts_with("001_")).row(0, named=True)
    assert doc["title"] == "Azerbaijan Officials, Karabakh Armenians Hold Reintegration Talks"
    assert doc["authors"] == ["Yaver Kazimbeyli"]
    assert doc["published_at"].date().isoformat() == "2023-09-21"
    assert doc["published_source"] == "byline"
    assert doc["updated_at"].isoformat().startswith("2024-05-12T00:01")


def test_second_run_publishes_nothing(seed_output, seed_release):
    from flows.cli import main
    from flows.settings import PROJECT_ROOT

    before = sorted(p.name for p in (seed_output / "releases").iterdir())
    assert main(["run", "--input", str(PROJECT_ROOT / "seeds"), "--output", str(seed_output)]) == 0
    after = sorted(p.name for p in (seed_output / "releases").iterdir())
    assert before == after
    assert (seed_output / "LATEST").read_text().strip() == seed_release.name


@pytest.mark.parametrize("table", ["documents", "paragraphs", "boilerplate"])
def test_release_loads_in_duckdb_polars_pandas(seed_release, table):
    import duckdb
    import pandas as pd

    path = seed_release / "data" / f"{table}.parquet"
    n_polars = pl.read_parquet(path).height
    n_pandas = len(pd.read_parquet(path))
    n_duckdb = duckdb.sql(f"select count(*) from read_parquet('{path}')").fetchall()[0][0]
    assert n_polars == n_pandas == n_duckdb > 0


def test_release_loads_with_hugging_face_datasets(seed_release, seed_tables, tmp_path, monkeypatch):
    """The card's YAML configs let `datasets.load_dataset` find every table, offline."""
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    import datasets

    for table in ("documents", "events", "entity_mentions"):
        loaded = datasets.load_dataset(str(seed_release), table, cache_dir=str(tmp_path / "cache"))
        assert loaded["train"].num_rows == seed_tables[table].height > 0
        assert loaded["train"].column_names == seed_tables[table].columns
