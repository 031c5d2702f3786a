"""The quality gate in the real flow: one odd article is quarantined and the release publishes; a
systematic failure blocks; nothing in, nothing out; `newsevents validate` on real releases."""

from __future__ import annotations

import json
import shutil

import polars as pl
import pyarrow.parquet as pq
import pytest

from flows.cli import main
from tests.conftest import ROOT, SEEDS_DIR
from tests.test_validation import _assert_references_hold
from transforms.schemas import TABLES

FIXTURE_ARTICLE = ROOT / "tests" / "fixtures" / "voa_6202743.jsonl"


@pytest.mark.e2e
def test_validate_command_accepts_the_seed_release(seed_release, capsys):
    assert main(["validate", str(seed_release)]) == 0
    assert (seed_release / "validation" / "results.json").is_file()
    assert (seed_release / "validation" / "report.html").read_text().count("<table") >= 1


@pytest.mark.e2e
def test_seed_release_publishes_an_empty_quarantine(seed_release, seed_tables):
    quarantine = seed_tables["quarantine"]
    assert quarantine.height == 0 and quarantine.schema == pl.Schema(TABLES["quarantine"].schema)
    package = json.loads((seed_release / "datapackage.json").read_text())
    assert "quarantine" in {r["name"] for r in package["resources"]}
    assert "No row was quarantined" in (seed_release / "README.md").read_text()
    results = json.loads((seed_release / "validation" / "results.json").read_text())
    assert results["success"] and results["statistics"]["quarantined_rows"] == 0
    assert "run of " in results["subject"]


@pytest.mark.e2e
def test_validate_command_names_a_tampered_parquet_file(seed_release, tmp_path, capsys):
    copy = tmp_path / seed_release.name
    shutil.copytree(seed_release, copy)
    path = copy / "data" / "entities.parquet"
    table = pq.read_table(path)
    pq.write_table(table.slice(1), path, compression="zstd")  # drop one row: a plausible, silent corruption
    assert main(["validate", str(copy)]) == 1
    out = capsys.readouterr().out
    assert "checksum:data/entities.parquet" in out and "datapackage:entities.hash" in out


def test_validate_command_rejects_a_folder_that_is_not_a_release(tmp_path):
    assert main(["validate", str(tmp_path)]) == 2


# --- one odd article ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def odd_article_run(tmp_path_factory, threads_config):
    """The seeds plus one real article whose metadata dates it in 2099: a row rule, not a bug."""
    inputs = tmp_path_factory.mktemp("odd_in")
    for path in SEEDS_DIR.iterdir():
        shutil.copy(path, inputs / path.name)
    record = json.loads(FIXTURE_ARTICLE.read_text(encoding="utf-8").splitlines()[0])
    record["published"] = "2099-06-01 09:16:52Z"
    (inputs / "future.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    output = tmp_path_factory.mktemp("odd_out")
    exit_code = main(["run", "--input", str(inputs), "--output", str(output), "--config", str(threads_config)])
    release = output / "releases" / (output / "LATEST").read_text().strip() if exit_code == 0 else None
    return exit_code, release


@pytest.mark.e2e
def test_one_odd_article_is_quarantined_and_the_release_publishes(odd_article_run, capsys):
    exit_code, release = odd_article_run
    assert exit_code == 0 and release is not None
    tables = {p.stem: pl.read_parquet(p) for p in (release / "data").glob("*.parquet")}
    quarantine = tables["quarantine"]
    (odd,) = quarantine.filter(pl.col("rule") == "documents.published_at.plausible").to_dicts()
    assert odd["table"] == "documents" and odd["observed"].startswith("2099-06-01")
    doc_id = json.loads(odd["key"])["doc_id"]
    # Its dependants went with it, each recorded; none of its rows is published.
    removed = quarantine.filter(pl.col("action") == "removed")
    assert {"sentences", "paragraphs", "entity_mentions"} <= set(removed["table"])
    for name in ("sentences", "paragraphs", "event_mentions"):  # keys that hold the doc_id
        recorded = {json.loads(key)["doc_id"] for key in removed.filter(pl.col("table") == name)["key"]}
        assert recorded <= {doc_id}, name
    for name in ("sentences", "paragraphs", "entity_mentions", "quotes", "event_mentions", "boilerplate"):
        assert doc_id not in set(tables[name]["doc_id"]), name
    assert doc_id not in set(tables["documents"]["doc_id"])
    assert all(rule.startswith("depends_on:") for rule in removed.filter(pl.col("table") == "sentences")["rule"])
    _assert_references_hold(tables)
    assert main(["validate", str(release)]) == 0
    card = (release / "README.md").read_text()
    assert "| `documents.published_at.plausible` | 1 |" in card
    assert "documents.published_at.plausible" in (release / "CHANGELOG.md").read_text()


@pytest.mark.e2e
def test_the_seeds_rows_are_those_of_a_seeds_only_run(odd_article_run, seed_tables):
    _, release = odd_article_run
    for name in TABLES:
        if name == "quarantine":
            continue
        published = pl.read_parquet(release / "data" / f"{name}.parquet")
        expected = seed_tables[name]
        if name == "documents":  # first-seen time is the run's day; compare the rest
            published, expected = published.drop("ingested_at"), expected.drop("ingested_at")
        assert published.equals(expected), name


# --- a systematic failure blocks ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def blocked_run(tmp_path_factory):
    """A seeds run in which cleaning leaves an ad slot in every text: a row rule far above its threshold."""
    from transforms import clean

    output = tmp_path_factory.mktemp("blocked")
    original = clean.clean_shard
    # Threads, so the patched cleaner runs in this process (worker processes would import the real one).
    config = output / "threads.toml"
    config.write_text('[runner]\nkind = "thread"\n', encoding="utf-8")

    def leaky_clean(raw, shapes, **kwargs):
        docs, boilerplate = original(raw, shapes, **kwargs)
        return docs.with_columns(pl.col("text") + "\n\nAdvertisement"), boilerplate

    mp = pytest.MonkeyPatch()
    mp.setattr(clean, "clean_shard", leaky_clean)
    exit_code = main(["run", "--input", str(SEEDS_DIR), "--output", str(output), "--config", str(config)])
    mp.undo()
    return exit_code, output


@pytest.mark.e2e
def test_gate_blocks_publishing_when_a_row_rule_is_above_its_threshold(blocked_run):
    exit_code, output = blocked_run
    assert exit_code == 1
    assert not (output / "LATEST").exists()
    assert not list(output.glob("releases/v*"))


@pytest.mark.e2e
def test_gate_keeps_a_blocked_run_with_its_report(blocked_run):
    _, output = blocked_run
    (kept,) = list((output / "quarantine").iterdir())
    results = json.loads((kept / "validation" / "results.json").read_text())
    (rule,) = [r for r in results["results"] if r["check"] == "documents.text.no_boilerplate_markers"]
    assert rule["blocks"] and rule["unexpected_count"] == rule["documents_affected"] == 5
    texts = pl.read_parquet(kept / "data" / "documents.parquet")["text"]
    assert texts.str.ends_with("Advertisement").sum() == 5  # nothing was removed from a blocked run
    report = (kept / "validation" / "report.html").read_text()
    assert report.index("documents.text.no_boilerplate_markers") < report.index("<p>Tables:")


# --- nothing in, nothing out -------------------------------------------------------------------------


@pytest.mark.e2e
def test_nothing_in_nothing_out(tmp_path, capsys, threads_config):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_bytes(b"\x00\x01\x02 not text")
    (inputs / "b.txt").write_bytes(b"")
    output = tmp_path / "out"
    # Threads: the rejects and the message do not depend on the runner (worker processes would start for 2 records).
    assert main(["run", "--input", str(inputs), "--output", str(output), "--config", str(threads_config)]) == 1
    err = capsys.readouterr().err
    assert "no document survived ingest: 2 inputs rejected (binary_file: 1, empty_file: 1), see " in err
    assert not list(output.glob("releases/v*")) and not (output / "LATEST").exists()
    where = err.split(", see ")[1].split()[0]
    assert set(pl.read_parquet(where)["reason"]) == {"binary_file", "empty_file"}


# --- the snippet policy end to end ----------------------------------------------------------------------


@pytest.mark.e2e
def test_snippet_policy_release_keeps_only_needed_sentences(tmp_path):
    config = tmp_path / "newsevents.toml"
    config.write_text('[defaults]\ntext_policy = "snippet"\nlicence = "publisher terms"\n[runner]\nkind = "thread"\n')
    output = tmp_path / "out"
    assert main(["run", "--input", str(SEEDS_DIR), "--output", str(output), "--config", str(config)]) == 0
    release = output / "releases" / (output / "LATEST").read_text().strip()
    tables = {p.stem: pl.read_parquet(p) for p in (release / "data").glob("*.parquet")}
    documents = tables["documents"]
    assert set(documents["text_policy"]) == {"snippet"}
    texts = dict(documents.select("doc_id", "text").iter_rows())
    needed: dict[str, list[tuple[int, int]]] = {}
    for d, s, e in tables["event_mentions"].select("doc_id", "char_start", "char_end").iter_rows():
        needed.setdefault(d, []).append((s, e))
    for d, s, e in tables["quotes"].select("doc_id", "char_start", "char_end").iter_rows():
        needed.setdefault(d, []).append((s, e))
    n_blanked = 0
    for d, _, s, e in tables["sentences"].iter_rows():
        published = texts[d][s:e]
        if any(a < e and s < b for a, b in needed.get(d, [])):
            assert published.strip(), "a sentence an event or quote needs was blanked"
        else:
            assert not published.strip(), f"an unneeded sentence was published: {published[:60]!r}"
            n_blanked += 1
    assert n_blanked > 0
    for table in ("quotes",):
        for row in tables[table].iter_rows(named=True):
            assert texts[row["doc_id"]][row["char_start"] : row["char_end"]] == row["text"]
    assert tables["quarantine"].height == 0
    assert main(["validate", str(release)]) == 0
    assert "snippet" in (release / "README.md").read_text()
