"""End to end on the seeds plus the hostile inputs: a release publishes, nothing crashes, nothing leaks in.

One run through ``newsevents run`` (the CLI and the Prefect flow) on a folder holding the five seed
articles and every input of ``tests/hostile_inputs.py``.  Its seeds' rows are compared with the
seeds-only release of the session fixture ``seed_tables``.
"""

from __future__ import annotations

import shutil

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tests.conftest import SEEDS_DIR
from tests.hostile_inputs import (
    LONG_ARTICLE_CHARS,
    LONG_ARTICLE_URI,
    OUTSIDE_MARKER,
    PASSWD_MARKER,
    write_hostile_inputs,
)
from transforms.schemas import TABLES

# Tables whose rows belong to one document: the seeds' rows of these must not change.
PER_DOCUMENT_TABLES = (
    "documents",
    "boilerplate",
    "paragraphs",
    "sentences",
    "entity_mentions",
    "quotes",
    "event_mentions",
)


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory, run_on_seeds_date):
    root = tmp_path_factory.mktemp("hostile")
    folder = root / "in"
    folder.mkdir()
    for seed in SEEDS_DIR.glob("*.txt"):
        shutil.copyfile(seed, folder / seed.name)
    expected = write_hostile_inputs(folder, outside=root / "outside")
    expected.update({seed.name: "document" for seed in SEEDS_DIR.glob("*.txt")})
    out = root / "out"
    # The seeds release's run date: a document's ingested_at is its run's day, and the seeds' rows are compared
    # with that release's.
    exit_code = run_on_seeds_date(folder, out)
    release = out / "releases" / (out / "LATEST").read_text().strip() if (out / "LATEST").is_file() else None
    tables = {p.stem: pl.read_parquet(p) for p in sorted((release / "data").glob("*.parquet"))} if release else {}
    return exit_code, expected, tables


@pytest.mark.e2e
def test_run_publishes(hostile_run):
    exit_code, _, tables = hostile_run
    assert exit_code == 0
    assert set(tables) == set(TABLES)


@pytest.mark.e2e
def test_every_input_is_a_document_or_a_reject(hostile_run):
    _, expected, tables = hostile_run
    got = {uri: "document" for uri in tables["documents"]["source_uri"]}
    got.update(dict(zip(tables["rejects"]["source_uri"], tables["rejects"]["reason"])))
    assert got == expected


@pytest.mark.e2e
def test_nothing_from_outside_the_input_folder_is_published(hostile_run):
    _, _, tables = hostile_run
    for name, frame in tables.items():
        text_columns = frame.select(pl.col(pl.String), pl.col(pl.List(pl.String)).list.join("\n"))
        for column in text_columns.columns:
            for marker in (PASSWD_MARKER, OUTSIDE_MARKER):
                hits = text_columns[column].str.contains(marker, literal=True).sum()
                assert hits == 0, f"{name}.{column} holds {marker!r}"


@pytest.mark.e2e
def test_seed_rows_equal_a_seeds_only_run(hostile_run, seed_tables):
    _, _, tables = hostile_run
    seed_ids = seed_tables["documents"]["doc_id"]
    assert seed_ids.len() == 5
    for name in PER_DOCUMENT_TABLES:
        key = list(TABLES[name].primary_key)
        mine = tables[name].filter(pl.col("doc_id").is_in(seed_ids.implode())).sort(key)
        assert_frame_equal(mine, seed_tables[name].sort(key), check_row_order=True), name


@pytest.mark.e2e
def test_long_article_is_a_document_with_valid_sentence_offsets(hostile_run):
    _, _, tables = hostile_run
    doc = tables["documents"].filter(pl.col("source_uri") == LONG_ARTICLE_URI).row(0, named=True)
    text = doc["text"]
    assert len(text) >= LONG_ARTICLE_CHARS * 0.99 and doc["n_chars"] == len(text)
    sentences = tables["sentences"].filter(pl.col("doc_id") == doc["doc_id"]).sort("sentence_idx")
    starts, ends = sentences["char_start"].to_list(), sentences["char_end"].to_list()
    assert len(starts) > 10_000
    assert sentences["sentence_idx"].to_list() == list(range(len(starts)))
    assert all(0 <= s < e <= len(text) for s, e in zip(starts, ends))
    assert all(prev_end <= start for prev_end, start in zip(ends, starts[1:]))
    # sentences cover the text beyond the first spaCy piece, up to its end
    assert ends[-1] == len(text.rstrip())
    assert all(text[s:e].strip() == text[s:e] and text[s:e][-1] in ".!?" for s, e in zip(starts, ends))
