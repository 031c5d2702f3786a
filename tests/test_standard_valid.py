"""A release as other tools see it: `frictionless validate`, Hugging Face `datasets`, and the dataset
card's own code examples run verbatim from inside the release folder. On the seeds and the VOA release."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

BIN = Path(sys.executable).parent
RELEASES = ["seed_release", "voa_release"]


@pytest.fixture(params=RELEASES)
def release(request) -> Path:
    return request.getfixturevalue(request.param)


def _offline_hf_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(HF_HOME=str(tmp_path / "hf"), HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1")
    return env


@pytest.mark.e2e
def test_frictionless_validate_passes_on_every_resource(release):
    done = subprocess.run(
        [str(BIN / "frictionless"), "validate", "--json", "datapackage.json"],
        cwd=release,
        capture_output=True,
        text=True,
        timeout=900,
    )
    report = json.loads(done.stdout)
    errors = [(task["name"], e["type"], e["note"]) for task in report["tasks"] for e in task["errors"]]
    assert done.returncode == 0 and report["valid"], errors[:20]
    manifest = json.loads((release / "manifest.json").read_text())
    assert "event_rejects" in manifest["tables"]  # every published table, the newest too
    assert sorted(task["name"] for task in report["tasks"]) == sorted(manifest["tables"])
    assert all(task["valid"] for task in report["tasks"])
    rows = {task["name"]: task["stats"].get("rows", 0) for task in report["tasks"]}  # omitted when 0
    assert rows == {name: info["rows"] for name, info in manifest["tables"].items()}  # every row was read


@pytest.mark.e2e
def test_every_table_loads_with_hugging_face_datasets(release, tmp_path, monkeypatch):
    for key, value in _offline_hf_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    import datasets
    import polars as pl

    manifest = json.loads((release / "manifest.json").read_text())
    assert any(info["rows"] == 0 for info in manifest["tables"].values()), "expected an empty table (rejects)"
    assert manifest["tables"]["event_rejects"]["rows"] > 0  # loaded below with rows, not only as a stream
    for name, info in manifest["tables"].items():
        expected = pl.read_parquet(release / info["path"])
        if info["rows"]:
            loaded = datasets.load_dataset(str(release), name, split="train", cache_dir=str(tmp_path / "cache"))
            assert loaded.num_rows == info["rows"]
        else:
            # datasets cannot materialise a split without rows; the card tells users to stream it.
            loaded = datasets.load_dataset(str(release), name, split="train", streaming=True)
            assert list(loaded) == []
        assert list(loaded.features) == expected.columns, name


def _card_blocks(readme: str) -> dict[str, list[str]]:
    blocks: dict[str, list[str]] = {}
    for language, code in re.findall(r"```(\w+)\n(.*?)```", readme, re.S):
        blocks.setdefault(language, []).append(code)
    return blocks


@pytest.mark.e2e
def test_card_examples_run_verbatim_inside_the_release(release, tmp_path):
    readme = (release / "README.md").read_text()
    header = yaml.safe_load(re.match(r"^---\n(.*?)\n---\n", readme, re.S).group(1))
    blocks = _card_blocks(readme)
    manifest = json.loads((release / "manifest.json").read_text())

    # SQL: every statement of the DuckDB block, from inside the release folder.
    [sql] = blocks["sql"]
    cwd = Path.cwd()
    os.chdir(release)
    try:
        connection = duckdb.connect()
        code = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
        results = [connection.sql(s).fetchall() for s in code.split(";") if s.strip()]
    finally:
        os.chdir(cwd)
    assert results[0] == [(manifest["tables"]["documents"]["rows"],)]
    assert len(results[-1]) == manifest["tables"]["event_mentions"]["rows"]

    # Python: polars, pandas, datasets (and its streaming form for empty tables), load_table.
    python_blocks = blocks["python"]
    assert len(python_blocks) >= 5
    env = _offline_hf_env(tmp_path)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)  # `flows`, as an installed package would be
    for i, code in enumerate(python_blocks):
        script = tmp_path / f"example_{i}.py"
        script.write_text(code)
        done = subprocess.run(
            [sys.executable, str(script)], cwd=release, env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, f"card example {i} failed:\n{code}\n{done.stderr[-3000:]}"
        assert done.stdout.strip(), f"card example {i} printed nothing"
    assert header["license"] == "other"  # both releases publish full texts whose licence is not open


def test_card_licence_follows_the_sources():
    from datetime import UTC, datetime

    from transforms.publish.docs import dataset_card_markdown

    def header(sources):
        card = dataset_card_markdown(
            version="v2026.11.23",
            created_at=datetime(2026, 11, 23, tzinfo=UTC),
            pipeline_version="0.1.0",
            row_counts={"documents": 1},
            text_policy_summary={"full": 1},
            sources=sources,
        )
        return yaml.safe_load(re.match(r"^---\n(.*?)\n---\n", card, re.S).group(1)), card

    open_only, _ = header([{"name": "VOA", "licence": "Public Domain", "text_policy": "full"}])
    assert open_only["license"] == "cc-by-4.0"
    mixed, card = header(
        [
            {"name": "VOA", "licence": "public-domain", "text_policy": "full"},
            {"name": "Wire", "licence": "unknown", "text_policy": "snippet"},
        ]
    )
    assert mixed["license"] == "other"
    assert "Wire (licence: unknown)" in card and "| Wire | all | unknown | snippet |" in card
    # A closed source whose text is not published does not make the release's licence "other".
    hidden, _ = header(
        [
            {"name": "VOA", "licence": "CC0-1.0", "text_policy": "full"},
            {"name": "Wire", "licence": "unknown", "text_policy": "none"},
        ]
    )
    assert hidden["license"] == "cc-by-4.0"
