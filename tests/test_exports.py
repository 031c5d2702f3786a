"""What users call on a published release: load_table, `newsevents export`, `diff --table --rows`, `releases`."""

from __future__ import annotations

import csv
import io
import json
import re

import pandas as pd
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows import load_table
from flows.api import ReleaseNotFoundError, release_path
from flows.cli import main
from flows.commands import CONSOLE_WIDTH, diff_example_rows, write_export
from tests.test_publish import publish, sample_tables
from transforms.publish.diff_rows import diff_examples
from transforms.publish.export import csv_ready
from transforms.schemas import TABLES


@pytest.fixture()
def two_releases(tmp_path):
    """v1 with docs 1-4; v2 without doc 1, with docs 5 and 6, and doc 3 retitled."""
    out = tmp_path / "out"
    first = publish(sample_tables([1, 2, 3, 4]), out, fingerprint="a")
    second = publish(sample_tables([2, 3, 4, 5, 6], title_override={3: "A corrected headline"}), out, fingerprint="b")
    return out, first, second


# --- load_table -------------------------------------------------------------------------------


def test_load_table_latest_version_and_folder(two_releases, monkeypatch):
    out, first, second = two_releases
    latest = load_table("documents", output=out)
    assert isinstance(latest, pl.DataFrame)
    assert latest["doc_id"].to_list() == ["doc002", "doc003", "doc004", "doc005", "doc006"]
    older = load_table("documents", release=first.version, output=out, columns=["doc_id", "title"])
    assert older.columns == ["doc_id", "title"] and older.height == 4
    as_pandas = load_table("events", release=second.path, as_pandas=True)
    assert isinstance(as_pandas, pd.DataFrame) and list(as_pandas["event_id"]) == ["evt_agree"]
    monkeypatch.chdir(second.path)
    assert load_table("documents", release=".").height == 5


def test_load_table_errors_name_what_exists(two_releases, tmp_path):
    out, first, second = two_releases
    with pytest.raises(ReleaseNotFoundError, match=re.escape(first.version)):
        load_table("documents", release="v1999.01.01", output=out)
    with pytest.raises(ReleaseNotFoundError, match="event_mentions"):
        load_table("nonsense", output=out)
    with pytest.raises(ReleaseNotFoundError, match="no release"):
        release_path("latest", tmp_path / "empty")
    assert release_path("previous", out) == first.path
    publish(sample_tables([1]), tmp_path / "single")
    with pytest.raises(ReleaseNotFoundError, match="first release"):
        release_path("previous", tmp_path / "single")


# --- export -----------------------------------------------------------------------------------


def test_export_csv_joins_lists_and_keeps_every_row(two_releases, tmp_path):
    out, _, second = two_releases
    target = tmp_path / "exports" / "documents.csv"
    assert main(["export", "documents", "--output", str(out), "--to", str(target)]) == 0
    rows = list(csv.DictReader(target.open(encoding="utf-8", newline="")))
    expected = load_table("documents", output=out)
    assert [r["doc_id"] for r in rows] == expected["doc_id"].to_list()
    assert list(rows[0]) == TABLES["documents"].column_names
    assert rows[0]["authors"] == ";".join(expected["authors"][0])
    assert rows[0]["published_at"] == expected["published_at"][0].isoformat()  # RFC 3339, +00:00
    assert rows[0]["text"] == expected["text"][0]  # commas, quotes and non-ASCII survive


def test_export_jsonl_to_stdout_round_trips(two_releases, capsys):
    out, _, _ = two_releases
    assert main(["export", "events", "--format", "jsonl", "--output", str(out)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["event_id"] for r in records] == ["evt_agree"]
    assert records[0]["actor_entity_ids"] == ["ent_officials"] and records[0]["fatalities"] is None


def test_export_of_an_empty_table_writes_its_header(tmp_path):
    out = tmp_path / "out"
    publish(sample_tables([]), out)
    handle = io.StringIO()
    path = release_path("latest", out) / "data" / "events.parquet"
    assert write_export(path, handle, "csv") == 0
    assert handle.getvalue().strip() == ",".join(TABLES["events"].column_names)


def test_export_streams_in_batches(two_releases):
    out, _, _ = two_releases
    path = release_path("latest", out) / "data" / "sentences.parquet"
    whole, batched = io.StringIO(), io.StringIO()
    n = write_export(path, whole, "csv")
    assert write_export(path, batched, "csv", batch_rows=2) == n > 2
    assert whole.getvalue() == batched.getvalue()


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.lists(st.text(alphabet=st.characters(exclude_characters=";\r", exclude_categories=["Cs"]), max_size=5)),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_csv_ready_list_cells_split_back(values):
    frame = pl.DataFrame({"items": values}, schema={"items": pl.List(pl.String)})
    handle = io.StringIO()
    csv_ready(frame).write_csv(handle)
    read = pl.read_csv(io.StringIO(handle.getvalue()), schema={"items": pl.String})
    for original, cell in zip(values, read["items"].to_list(), strict=True):
        if original is None:
            assert cell is None
        else:
            assert (cell or "") == ";".join(original)


# --- diff --rows ------------------------------------------------------------------------------


def test_diff_examples_match_an_independent_diff(two_releases):
    out, first, second = two_releases
    examples = diff_example_rows(out, first.version, second.version, "documents", 5)
    assert examples.added["doc_id"].to_list() == ["doc005", "doc006"]
    assert examples.removed["doc_id"].to_list() == ["doc001"]
    assert [(c.key, c.column, c.after) for c in examples.changed] == [(("doc003",), "title", "A corrected headline")]
    assert (examples.n_added, examples.n_removed, examples.n_changed) == (2, 1, 1)
    limited = diff_example_rows(out, first.version, second.version, "documents", 1)
    assert limited.added.height == 1 and limited.n_added == 2


def test_diff_examples_with_a_composite_key_and_lists():
    old = pl.LazyFrame({"d": ["a", "a", "b"], "i": [0, 1, 0], "tags": [["x"], [], None], "v": [1, 2, 3]})
    new = pl.LazyFrame({"d": ["a", "b", "c"], "i": [1, 0, 0], "tags": [["y"], None, []], "v": [2, 3, 4]})
    examples = diff_examples("t", old, new, ["d", "i"], limit=5)
    assert examples.removed.select("d", "i").rows() == [("a", 0)]
    assert examples.added.select("d", "i").rows() == [("c", 0)]
    assert [(c.key, c.column, c.before, c.after) for c in examples.changed] == [(("a", 1), "tags", [], ["y"])]


def test_diff_cli_shows_example_rows(two_releases, capsys):
    out, first, second = two_releases
    assert main(["diff", "previous", "latest", "--table", "documents", "--rows", "5", "--output", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "documents: added rows (2 of 2)" in printed and "doc005" in printed and "doc006" in printed
    assert "documents: removed rows (1 of 1)" in printed and "doc001" in printed
    assert "A corrected headline" in printed and "Title 3" in printed
    assert max(len(line) for line in printed.splitlines()) <= CONSOLE_WIDTH


# --- releases ---------------------------------------------------------------------------------


def test_releases_fits_100_columns(tmp_path, capsys):
    out = tmp_path / "out"
    for i, fingerprint in enumerate("abc"):
        publish(sample_tables(list(range(1, i + 3))), out, fingerprint=fingerprint)
    assert main(["releases", "--output", str(out)]) == 0
    printed = capsys.readouterr().out
    lines = printed.splitlines()
    assert max(len(line) for line in lines) <= CONSOLE_WIDTH
    for version in ("v2026.11.23 ", "v2026.11.23.1 ", "v2026.11.23.2 *"):
        assert version in printed  # never cut to fit
    assert "…" not in printed.split("pipeline")[0]


def test_diff_examples_of_a_table_the_older_release_lacks_are_all_added(tmp_path):
    from transforms.extract.events.rejects import reject_row

    out = tmp_path / "out"
    first = publish(sample_tables([1, 2]), out, fingerprint="a")
    row = reject_row("doc001", 0, (0, 4), "meet", "CONSULT", "040", "CAMEO.2.0.txt:1", "link", "no_party")
    with_rejects = sample_tables([1, 2]) | {"event_rejects": pl.DataFrame([row], schema=TABLES["event_rejects"].schema)}
    second = publish(with_rejects, out, fingerprint="b")
    examples = diff_example_rows(out, first.version, second.version, "event_rejects", 5)
    assert examples.added["reject_id"].to_list() == [row["reject_id"]]
    assert (examples.n_added, examples.n_removed, examples.n_changed) == (1, 0, 0)
    with pytest.raises(ReleaseNotFoundError, match="v1999.01.01"):
        diff_example_rows(out, "v1999.01.01", second.version, "event_rejects", 5)
