"""Release writing: layout, checksums, versions, atomicity, determinism, index, changelog, CLI,
data package and the dataset card's runnable examples."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest
import yaml

from flows.commands import diff_between_versions, diff_cli, releases_cli
from flows.publish import (
    PublishResult,
    find_unchanged_release,
    latest_release_dir,
    load_previous_ingested_at,
    publish_release,
    quarantine_release,
)
from transforms.schemas import SCHEMA_VERSION, TABLES

CREATED_AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
PIPELINE = "0.1.0+test"


# --------------------------------------------------------------------------------------------
# Sample tables built from the declared schemas


def _doc_text(i: int) -> str:
    # Non-ASCII before the offsets: the card's examples must slice by characters, not bytes.
    return f"Officials met in Xankəndi “city” {i}. They agreed to talk again in round {i}. Nothing else happened."


def documents_frame(doc_numbers: list[int], *, title_override: dict[int, str] | None = None) -> pl.DataFrame:
    title_override = title_override or {}
    rows = []
    for i in doc_numbers:
        text = _doc_text(i)
        rows.append(
            {
                "doc_id": f"doc{i:03d}",
                "source_uri": f"{i:03d}.txt",
                "source_name": "Example News",
                "url": None,
                "title": title_override.get(i, f"Title {i}"),
                "authors": ["A. Writer"],
                "published_at": datetime(2024, 5, i % 28 + 1, tzinfo=UTC),
                "published_precision": "day",
                "published_source": "byline",
                "updated_at": None,
                "language": "en",
                "text": text,
                "text_policy": "full",
                "n_chars": len(text),
                "n_words": len(text.split()),
                "content_hash": hashlib.sha256(text.encode()).hexdigest(),
                "dup_cluster_id": f"doc{i:03d}",
                "dup_of": None,
                "boilerplate_lines": 1,
                "ingested_at": datetime(2024, 6, 1, tzinfo=UTC),
                "pipeline_version": PIPELINE,
            }
        )
    return pl.concat([TABLES["documents"].empty(), pl.DataFrame(rows, schema=TABLES["documents"].schema)])


def sample_tables(doc_numbers: list[int] | None = None, **documents_kwargs) -> dict[str, pl.DataFrame]:
    """documents, boilerplate, sentences, events, event_mentions, rejects: consistent offsets and keys."""
    doc_numbers = doc_numbers if doc_numbers is not None else [1, 2, 3]
    documents = documents_frame(doc_numbers, **documents_kwargs)
    boilerplate, sentences, mentions = [], [], []
    for i in doc_numbers:
        doc_id, text = f"doc{i:03d}", _doc_text(i)
        boilerplate.append({"doc_id": doc_id, "line_no": 0, "text": "Newsroom logo", "reason": "logo"})
        start = 0
        for idx, sentence in enumerate(text.split(". ")):
            end = start + len(sentence) + (1 if not sentence.endswith(".") else 0)
            sentences.append({"doc_id": doc_id, "sentence_idx": idx, "char_start": start, "char_end": end})
            start = end + 1
        second = sentences[-2]
        mentions.append(
            {
                "event_id": "evt_agree",
                "doc_id": doc_id,
                "sentence_idx": 1,
                "char_start": second["char_start"],
                "char_end": second["char_end"],
                "trigger": "agreed",
                "confidence": 0.8,
            }
        )
    events = (
        [
            {
                "event_id": "evt_agree",
                "event_type": "AGREE",
                "quad_class": "verbal_cooperation",
                "event_date": date(2024, 5, 2),
                "date_precision": "day",
                "date_text": "Thursday",
                "date_source": "relative",
                "actor_entity_ids": ["ent_officials"],
                "actor_text": "Officials",
                "recipient_entity_ids": [],
                "recipient_text": None,
                "location_entity_id": None,
                "location_name": None,
                "country_code": "AZE",
                "latitude": None,
                "longitude": None,
                "geo_precision": "none",
                "geo_source": "none",
                "fatalities": None,
                "evidence": "They agreed to talk again.",
                "confidence": 0.8,
                "n_mentions": len(mentions),
                "n_documents": len(doc_numbers),
                "first_reported_at": datetime(2024, 5, 2, tzinfo=UTC),
            }
        ]
        if doc_numbers
        else []
    )

    def frame(name: str, rows: list[dict]) -> pl.DataFrame:
        return pl.concat([TABLES[name].empty(), pl.DataFrame(rows, schema=TABLES[name].schema)])

    return {
        "documents": documents,
        "boilerplate": frame("boilerplate", boilerplate),
        "sentences": frame("sentences", sentences),
        "events": frame("events", events),
        "event_mentions": frame("event_mentions", mentions),
        "rejects": frame("rejects", [{"source_uri": "bad.bin", "reason": "binary_file", "detail": "NUL bytes"}]),
    }


def write_validation(release_dir: Path) -> None:
    (release_dir / "validation").mkdir()
    (release_dir / "validation" / "results.json").write_text('{"success": true}\n')
    (release_dir / "validation" / "report.html").write_text("<html><body>ok</body></html>\n")


def publish(tables, out: Path, *, fingerprint="fp1", created_at=CREATED_AT, **kwargs) -> PublishResult:
    return publish_release(
        tables,
        output_dir=out,
        input_fingerprint=fingerprint,
        pipeline_version=PIPELINE,
        created_at=created_at,
        validation_writer=write_validation,
        sources=[{"name": "seeds", "licence": "publishers' copyright", "text_policy": "full"}],
        **kwargs,
    )


@pytest.fixture()
def release(tmp_path) -> PublishResult:
    result = publish(sample_tables(), tmp_path / "out")
    assert result.published
    return result


# --------------------------------------------------------------------------------------------
# Layout, manifest, checksums


def test_release_layout_and_manifest(release):
    path = release.path
    assert release.version == "v2026.11.23" and path.name == "v2026.11.23"
    for name in [
        "manifest.json",
        "SHA256SUMS",
        "datapackage.json",
        "README.md",
        "CHANGELOG.md",
        "validation/results.json",
        "validation/report.html",
    ]:
        assert (path / name).is_file(), name
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["version"] == release.version
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert manifest["pipeline_version"] == PIPELINE
    assert manifest["input_fingerprint"] == "fp1"
    assert manifest["created_at"] == "2026-11-23T09:30:00Z"
    assert set(manifest["tables"]) == {"documents", "boilerplate", "sentences", "events", "event_mentions", "rejects"}
    for name, info in manifest["tables"].items():
        data = path / "data" / f"{name}.parquet"
        assert info["bytes"] == data.stat().st_size
        assert info["sha256"] == hashlib.sha256(data.read_bytes()).hexdigest()
        assert info["rows"] == pq.read_metadata(data).num_rows
        assert [c["name"] for c in info["columns"]] == TABLES[name].column_names
    assert manifest["tables"]["documents"]["rows"] == 3
    assert (path.parent.parent.parent / "out" / "LATEST").read_text().strip() == release.version


def test_parquet_is_zstd_with_statistics_sorted_by_primary_key(tmp_path):
    tables = sample_tables([5, 2, 9, 1])
    tables["documents"] = tables["documents"].reverse()  # publish must sort, not trust input order
    result = publish(tables, tmp_path / "out")
    meta = pq.read_metadata(result.path / "data" / "documents.parquet")
    column = meta.row_group(0).column(0)
    assert column.compression == "ZSTD"
    assert column.is_stats_set and column.statistics.has_min_max
    documents = pl.read_parquet(result.path / "data" / "documents.parquet")
    assert documents["doc_id"].to_list() == ["doc001", "doc002", "doc005", "doc009"]
    assert documents.schema == pl.Schema(TABLES["documents"].schema)
    sentences = pl.read_parquet(result.path / "data" / "sentences.parquet")
    assert sentences.equals(sentences.sort("doc_id", "sentence_idx"))


def test_sha256sums_pass_and_tampering_fails(release):
    listed = [line.split("  ", 1)[1] for line in (release.path / "SHA256SUMS").read_text().splitlines()]
    on_disk = sorted(
        p.relative_to(release.path).as_posix()
        for p in release.path.rglob("*")
        if p.is_file() and p.name != "SHA256SUMS"
    )
    assert sorted(listed) == on_disk
    assert "validation/results.json" in listed  # validation output is covered by the checksums
    ok = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=release.path, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    data = release.path / "data" / "rejects.parquet"
    data.write_bytes(data.read_bytes()[:-1] + b"\x00")
    bad = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=release.path, capture_output=True, text=True)
    assert bad.returncode != 0
    assert "data/rejects.parquet: FAILED" in bad.stdout


def test_unknown_table_is_refused(tmp_path):
    with pytest.raises(ValueError, match="not_a_table"):
        publish({"not_a_table": pl.DataFrame({"x": [1]})}, tmp_path / "out")
    assert not (tmp_path / "out" / "LATEST").exists()


# --------------------------------------------------------------------------------------------
# Versions, unchanged runs, atomicity, determinism


def test_same_day_releases_get_sequence_suffix(tmp_path):
    out = tmp_path / "out"
    versions = [publish(sample_tables(list(range(1, n + 2))), out, fingerprint=f"fp{n}").version for n in range(3)]
    assert versions == ["v2026.11.23", "v2026.11.23.1", "v2026.11.23.2"]
    assert (out / "LATEST").read_text().strip() == "v2026.11.23.2"
    assert latest_release_dir(out) == out / "releases" / "v2026.11.23.2"
    next_day = publish(
        sample_tables([1]), out, fingerprint="other", created_at=datetime(2026, 11, 24, 0, 5, tzinfo=UTC)
    )
    assert next_day.version == "v2026.11.24"


def test_calver_uses_the_utc_date(tmp_path):
    from datetime import timedelta, timezone

    # 01:00 on the 24th at UTC+5 is still the 23rd in UTC.
    created = datetime(2026, 11, 24, 1, 0, tzinfo=timezone(timedelta(hours=5)))
    assert publish(sample_tables(), tmp_path / "out", created_at=created).version == "v2026.11.23"


def test_find_unchanged_release_and_skip(tmp_path):
    out = tmp_path / "out"
    assert find_unchanged_release(out, input_fingerprint="fp1", pipeline_version=PIPELINE) is None
    first = publish(sample_tables(), out)
    assert find_unchanged_release(out, input_fingerprint="fp1", pipeline_version=PIPELINE) == first.version
    assert find_unchanged_release(out, input_fingerprint="fp2", pipeline_version=PIPELINE) is None
    assert find_unchanged_release(out, input_fingerprint="fp1", pipeline_version="0.2.0") is None
    again = publish(sample_tables(), out)
    assert not again.published and again.version == first.version and "unchanged" in again.message
    assert sorted(p.name for p in (out / "releases").iterdir() if p.is_dir()) == [first.version]


def test_identical_input_gives_byte_identical_parquet(tmp_path):
    a = publish(sample_tables([1, 2, 3]), tmp_path / "a")
    shuffled = {name: df.sample(fraction=1.0, shuffle=True, seed=7) for name, df in sample_tables([1, 2, 3]).items()}
    b = publish(shuffled, tmp_path / "b", created_at=datetime(2027, 1, 1, tzinfo=UTC))
    files = sorted(p.name for p in (a.path / "data").iterdir())
    assert files == sorted(p.name for p in (b.path / "data").iterdir()) and len(files) == 6
    for name in files:
        assert (a.path / "data" / name).read_bytes() == (b.path / "data" / name).read_bytes(), name


def test_no_partial_release_when_validation_writer_raises(tmp_path):
    out = tmp_path / "out"
    first = publish(sample_tables(), out)

    def broken_writer(release_dir: Path) -> None:
        (release_dir / "validation").mkdir()
        raise RuntimeError("validation report failed")

    with pytest.raises(RuntimeError, match="validation report failed"):
        publish_release(
            sample_tables([1, 2, 3, 4]),
            output_dir=out,
            input_fingerprint="fp2",
            pipeline_version=PIPELINE,
            created_at=CREATED_AT,
            validation_writer=broken_writer,
        )
    assert sorted(p.name for p in (out / "releases").iterdir()) == ["index.json", first.version]
    assert (out / "LATEST").read_text().strip() == first.version
    index = json.loads((out / "releases" / "index.json").read_text())
    assert [r["version"] for r in index["releases"]] == [first.version]


def test_stale_tmp_dirs_of_killed_runs_are_removed_fresh_ones_kept(tmp_path):
    import os

    out = tmp_path / "out"
    stale = out / "releases" / ".tmp-v2026.11.22-killed"
    fresh = out / "releases" / ".tmp-v2026.11.23-running"
    for path in (stale, fresh):
        (path / "data").mkdir(parents=True)
    os.utime(stale, (0, 0))
    result = publish(sample_tables(), out)
    assert result.published and not stale.exists() and fresh.exists()
    index = json.loads((out / "releases" / "index.json").read_text())
    assert [r["version"] for r in index["releases"]] == [result.version]


def test_load_previous_ingested_at(tmp_path):
    out = tmp_path / "out"
    empty = load_previous_ingested_at(out)
    assert empty.is_empty() and empty.columns == ["doc_id", "ingested_at"]
    assert empty.schema["ingested_at"] == pl.Datetime("us", "UTC")
    publish(sample_tables([1, 2]), out)
    previous = load_previous_ingested_at(out).sort("doc_id")
    assert previous["doc_id"].to_list() == ["doc001", "doc002"]
    assert previous["ingested_at"].to_list() == [datetime(2024, 6, 1, tzinfo=UTC)] * 2


def test_quarantine_keeps_tables_out_of_releases(tmp_path):
    out = tmp_path / "out"
    first = publish(sample_tables(), out)
    path = quarantine_release(
        sample_tables([7]), output_dir=out, created_at=CREATED_AT, validation_writer=write_validation
    )
    assert path.parent == out / "quarantine" and path.name == "20261123T093000Z"
    assert pl.read_parquet(path / "data" / "documents.parquet")["doc_id"].to_list() == ["doc007"]
    assert (path / "validation" / "results.json").is_file()
    assert (out / "LATEST").read_text().strip() == first.version
    second = quarantine_release(sample_tables([8]), output_dir=out, created_at=CREATED_AT)
    assert second != path and second.is_dir()


# --------------------------------------------------------------------------------------------
# Index, changelog, CLI


def test_index_lists_every_release_newest_first(tmp_path):
    out = tmp_path / "out"
    first = publish(sample_tables([1]), out, fingerprint="a")
    second = publish(sample_tables([1, 2]), out, fingerprint="b")
    index = json.loads((out / "releases" / "index.json").read_text())
    assert [r["version"] for r in index["releases"]] == [second.version, first.version]
    assert index["latest"] == second.version
    newest = index["releases"][0]
    assert newest["rows"]["documents"] == 2 and index["releases"][1]["rows"]["documents"] == 1
    assert newest["schema_version"] == SCHEMA_VERSION and newest["pipeline_version"] == PIPELINE
    assert newest["created_at"] == "2026-11-23T09:30:00Z"
    assert newest["data_bytes"] == sum(p.stat().st_size for p in (second.path / "data").iterdir())
    assert newest["total_bytes"] == sum(p.stat().st_size for p in second.path.rglob("*") if p.is_file())
    assert newest["total_bytes"] > newest["data_bytes"]


def _changelog_counts(changelog: str) -> dict[str, tuple[int, int, int]]:
    counts = {}
    for line in changelog.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0] in TABLES:
            counts[cells[0]] = tuple(int(c) for c in cells[3:6])
    return counts


def _independent_diff(old: pl.DataFrame, new: pl.DataFrame, key: list[str]) -> tuple[int, int, int]:
    def by_key(df):
        return {tuple(r[k] for k in key): r for r in df.to_dicts()}

    old_rows, new_rows = by_key(old), by_key(new)
    added = len(new_rows.keys() - old_rows.keys())
    removed = len(old_rows.keys() - new_rows.keys())
    changed = sum(1 for k in old_rows.keys() & new_rows.keys() if old_rows[k] != new_rows[k])
    return added, removed, changed


def two_releases(out: Path) -> tuple[PublishResult, PublishResult, dict, dict]:
    old_tables = sample_tables([1, 2, 3, 4])
    # doc 1 removed, docs 5 and 6 added, doc 3 retitled (changed), docs 2 and 4 untouched.
    new_tables = sample_tables([2, 3, 4, 5, 6], title_override={3: "A corrected headline"})
    new_tables["rejects"] = pl.concat(
        [
            new_tables["rejects"],
            pl.DataFrame(
                [{"source_uri": "empty.txt", "reason": "empty_file", "detail": None}], schema=TABLES["rejects"].schema
            ),
        ]
    )
    first = publish(old_tables, out, fingerprint="a")
    second = publish(new_tables, out, fingerprint="b")
    return first, second, old_tables, new_tables


def test_changelog_counts_match_an_independent_diff(tmp_path):
    first, second, old_tables, new_tables = two_releases(tmp_path / "out")
    assert "First release" in (first.path / "CHANGELOG.md").read_text()
    changelog = (second.path / "CHANGELOG.md").read_text()
    assert first.version in changelog
    counts = _changelog_counts(changelog)
    assert counts["documents"] == (2, 1, 1)
    for name in old_tables:
        expected = _independent_diff(old_tables[name], new_tables[name], list(TABLES[name].primary_key))
        assert counts[name] == expected, name
    assert counts["events"] == (0, 0, 1)  # n_mentions and n_documents changed
    assert counts["rejects"] == (1, 0, 0)
    assert "## Schema changes" in changelog and "None." in changelog


def test_diff_cli_agrees_with_changelog(tmp_path, capsys):
    out = tmp_path / "out"
    first, second, _, _ = two_releases(out)
    assert diff_cli(out, first.version, second.version) == 0
    printed = capsys.readouterr().out
    cli_counts = {}
    for line in printed.splitlines():
        cells = [c.strip() for c in re.split(r"[│┃|]", line) if c.strip()]
        if cells and cells[0] in TABLES:
            cli_counts[cells[0]] = tuple(int(c) for c in cells[3:6])
    changelog_counts = _changelog_counts((second.path / "CHANGELOG.md").read_text())
    assert cli_counts == changelog_counts and len(cli_counts) == 6
    structured = diff_between_versions(out, first.version, second.version)
    assert structured.table("documents").rows_added == 2


def test_diff_cli_unknown_version_fails_clearly(tmp_path, capsys):
    from flows.cli import main

    out = tmp_path / "out"
    first = publish(sample_tables(), out)
    assert main(["diff", first.version, "v1999.01.01", "--output", str(out)]) != 0
    err = capsys.readouterr().err
    assert "v1999.01.01" in err and first.version in err


def test_releases_cli_prints_every_version(tmp_path, capsys):
    out = tmp_path / "out"
    assert releases_cli(out) == 0
    assert "No releases" in capsys.readouterr().out
    first = publish(sample_tables([1]), out, fingerprint="a")
    second = publish(sample_tables([1, 2]), out, fingerprint="b")
    assert releases_cli(out) == 0
    printed = capsys.readouterr().out
    assert printed.index(second.version) < printed.index(first.version + " ")
    assert "LATEST" in printed


# --------------------------------------------------------------------------------------------
# Data package


def test_datapackage_validates_with_frictionless(release):
    """frictionless reads the published Parquet files themselves: types, required, keys, foreign keys."""
    from frictionless import Package

    descriptor = json.loads((release.path / "datapackage.json").read_text())
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    for resource in descriptor["resources"]:
        data = release.path / resource["path"]
        assert resource["format"] == "parquet" and "bytes" not in resource
        assert resource["hash"] == "sha256:" + hashlib.sha256(data.read_bytes()).hexdigest()
        assert [f["name"] for f in resource["schema"]["fields"]] == TABLES[resource["name"]].column_names
        assert all(f["description"] for f in resource["schema"]["fields"])
    mentions = next(r for r in descriptor["resources"] if r["name"] == "event_mentions")
    assert {"fields": ["event_id"], "reference": {"resource": "events", "fields": ["event_id"]}} in mentions["schema"][
        "foreignKeys"
    ]
    report = Package(str(release.path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])

    # A dangling foreign key in the file is caught (the hash no longer matches either, which
    # frictionless does not check for Parquet; `newsevents validate` does).
    path = release.path / "data" / "event_mentions.parquet"
    pl.read_parquet(path).with_columns(doc_id=pl.lit("doc_that_does_not_exist")).write_parquet(path)
    broken = Package(str(release.path / "datapackage.json")).validate()
    assert not broken.valid
    assert "foreign-key" in {e.type for task in broken.tasks for e in task.errors}


# --------------------------------------------------------------------------------------------
# Dataset card


def _card_parts(readme: str) -> tuple[dict, str]:
    match = re.match(r"^---\n(.*?)\n---\n", readme, re.S)
    assert match, "card must start with a YAML header"
    return yaml.safe_load(match.group(1)), readme[match.end() :]


def _snippet_after(body: str, heading: str, language: str) -> str:
    section = body.split(heading + "\n", 1)[1]
    match = re.search(rf"```{language}\n(.*?)```", section, re.S)
    assert match, f"no {language} block after {heading}"
    return match.group(1)


def test_card_header_has_one_config_per_table(release):
    header, body = _card_parts((release.path / "README.md").read_text())
    manifest = json.loads((release.path / "manifest.json").read_text())
    configs = {c["config_name"]: c["data_files"] for c in header["configs"]}
    assert configs == {name: f"data/{name}.parquet" for name in manifest["tables"]}
    assert all((release.path / path).is_file() for path in configs.values())
    assert header["license"] and header["language"] == ["en"] and header["pretty_name"]
    assert "full: 3 documents" in body  # text policy summary taken from the documents table
    assert f"version   = {{{release.version}}}" in body
    for description in (c.description for c in TABLES["events"].columns):
        assert description.replace("|", "\\|") in body


def test_card_duckdb_and_polars_examples_run_against_the_release(release, monkeypatch):
    _, body = _card_parts((release.path / "README.md").read_text())
    documents = pl.read_parquet(release.path / "data" / "documents.parquet")
    mentions = pl.read_parquet(release.path / "data" / "event_mentions.parquet")
    expected_sentences = sorted(
        documents.filter(pl.col("doc_id") == m["doc_id"])["text"][0][m["char_start"] : m["char_end"]]
        for m in mentions.to_dicts()
    )
    assert all(s.startswith("They agreed") for s in expected_sentences)
    monkeypatch.chdir(release.path)

    sql = _snippet_after(body, "### DuckDB", "sql")
    connection = duckdb.connect()
    code = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    results = [connection.sql(s).fetchall() for s in code.split(";") if s.strip()]
    assert results[0] == [(3,)]
    joined = results[-1]
    assert len(joined) == 3
    assert sorted(row[-1] for row in joined) == expected_sentences

    namespace: dict = {}
    exec(_snippet_after(body, "### polars", "python"), namespace)
    sentences = namespace["sentences"]
    assert sentences.height == 3
    assert sorted(sentences["sentence"].to_list()) == expected_sentences

    pandas_namespace: dict = {}
    exec(_snippet_after(body, "### pandas", "python"), pandas_namespace)
    assert sorted(pandas_namespace["joined"]["sentence"]) == expected_sentences
    assert "### R (arrow)" in body and 'read_parquet("data/event_mentions.parquet")' in body
