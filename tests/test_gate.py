"""The validation gate in the real flow, `newsevents validate` on a real release, and the snippet text policy end to end."""

from __future__ import annotations

import shutil

import polars as pl
import pyarrow.parquet as pq
import pytest

from flows.cli import main
from tests.conftest import SEEDS_DIR


def test_validate_command_accepts_the_seed_release(seed_release, capsys):
    assert main(["validate", str(seed_release)]) == 0
    assert (seed_release / "validation" / "results.json").is_file()
    assert (seed_release / "validation" / "report.html").read_text().count("<table") >= 1


def test_validate_command_names_a_tampered_parquet_file(seed_release, tmp_path, capsys):
    copy = tmp_path / seed_release.name
    shutil.copytree(seed_release, copy)
    path = copy / "data" / "entities.parquet"
    table = pq.read_table(path)
    pq.write_table(table.slice(1), path, compression="zstd")  # drop one row: a plausible, silent corruption
    assert main(["validate", str(copy)]) == 1
    assert "checksum:data/entities.parquet" in capsys.readouterr().out


def test_validate_command_rejects_a_folder_that_is_not_a_release(tmp_path):
    assert main(["validate", str(tmp_path)]) == 2


@pytest.fixture(scope="module")
def blocked_run(tmp_path_factory):
    """A seeds run in which cleaning leaves a footer in one text: the gate must block it."""
    from transforms import clean

    output = tmp_path_factory.mktemp("blocked")
    original = clean.clean_shard
    # Threads, so the patched cleaner runs in this process (worker processes would import the real one).
    config = output / "threads.toml"
    config.write_text('[runner]\nkind = "thread"\n', encoding="utf-8")

    def leaky_clean(raw, shapes, **kwargs):
        docs, boilerplate = original(raw, shapes, **kwargs)
        first = pl.int_range(pl.len()) == 0
        return docs.with_columns(
            pl.when(first).then(pl.col("text") + "\n\nNews ID : 2502").otherwise(pl.col("text")).alias("text")
        ), boilerplate

    mp = pytest.MonkeyPatch()
    mp.setattr(clean, "clean_shard", leaky_clean)
    exit_code = main(["run", "--input", str(SEEDS_DIR), "--output", str(output), "--config", str(config)])
    mp.undo()
    return exit_code, output


def test_gate_blocks_publishing_on_a_critical_failure(blocked_run):
    exit_code, output = blocked_run
    assert exit_code == 1
    assert not (output / "LATEST").exists()
    assert not list(output.glob("releases/v*"))


def test_gate_quarantines_tables_and_report(blocked_run):
    _, output = blocked_run
    (quarantined,) = list((output / "quarantine").iterdir())
    assert (quarantined / "data" / "documents.parquet").is_file()
    results = (quarantined / "validation" / "results.json").read_text()
    assert "documents.text.no_boilerplate_markers" in results
    texts = pl.read_parquet(quarantined / "data" / "documents.parquet")["text"]
    assert texts.str.contains("News ID : 2502").sum() == 1


def test_snippet_policy_release_keeps_only_needed_sentences(tmp_path):
    config = tmp_path / "newsevents.toml"
    config.write_text('[defaults]\ntext_policy = "snippet"\nlicence = "publisher terms"\n')
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
    assert main(["validate", str(release)]) == 0
    assert "snippet" in (release / "README.md").read_text()
