"""The clean stage's per-document cache: hits give the rows a plain clean gives, and a change of the
corpus-wide template shapes re-cleans exactly the documents whose own lines they match."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
from polars.testing import assert_frame_equal

from flows.stages import documents as stage
from flows.work import Unit, WorkDir, write_frame
from transforms.clean.boilerplate import TEMPLATE_SHAPES_SCHEMA, line_shape, template_candidates
from transforms.ids import fingerprint64
from transforms.ingest import RAW_DOCUMENTS_SCHEMA

FURNITURE = "Weekend Edition | Metro Desk | 2024"
PROSE = (
    "The city council voted on Tuesday to extend the bus network to the northern suburbs, officials said. "
    "Residents had asked for the change for years, and the vote passed with a large majority."
)


def _raw(n: int) -> pl.DataFrame:
    rows = [
        {
            "doc_id": f"doc-{i}",
            "source_uri": f"file:///in/{i}.txt",
            "format": "txt",
            "raw_text": f"{FURNITURE}\n\n{PROSE} Story number {i} adds its own sentence about item {i}.",
            "url": None,
            "title": f"Story {i}",
            "authors": [],
            "published_raw": f"2024-05-0{1 + i % 9}",
            "source_name": "Tribune" if i % 2 == 0 else "Herald",
            "language": None,
        }
        for i in range(n)
    ]
    return pl.DataFrame(rows, schema=RAW_DOCUMENTS_SCHEMA)


def _work(tmp_path, raw: pl.DataFrame, shapes: pl.DataFrame) -> tuple[WorkDir, Unit]:
    work = WorkDir.create(tmp_path / "out", datetime(2024, 6, 1, tzinfo=UTC))
    unit = Unit(0, 0, raw.height)
    write_frame(raw, work.unit_file(stage.STAGE, unit, "raw"))
    write_frame(template_candidates(raw), work.unit_file(stage.STAGE, unit, "template_candidates"))
    write_frame(shapes, work.table("template_shapes"))
    return work, unit


def _outputs(work: WorkDir, unit: Unit) -> dict[str, pl.DataFrame]:
    return {name: pl.read_parquet(work.unit_file(stage.STAGE, unit, name)) for name in stage._CLEAN_OUTPUTS}


def _run(tmp_path, raw, shapes, cache):
    work, unit = _work(tmp_path, raw, shapes)
    counts = stage.clean_unit.fn(work, unit, stage.DedupeSettings(threshold=0.8), cache)
    outputs = _outputs(work, unit)
    work.remove()
    return counts, outputs


def test_cached_rows_equal_a_plain_clean_and_template_changes_reclean_only_matching_documents(tmp_path):
    raw = _raw(6)
    no_shapes = pl.DataFrame(schema=TEMPLATE_SHAPES_SCHEMA)
    tribune_furniture = pl.DataFrame(
        {"site": ["Tribune"], "shape_hash": [fingerprint64(line_shape(FURNITURE))]}, schema=TEMPLATE_SHAPES_SCHEMA
    )
    cache = stage.CleanCacheSettings(output_dir=tmp_path / "out", clean_version="test")

    _, plain = _run(tmp_path, raw, no_shapes, None)
    first, fresh = _run(tmp_path, raw, no_shapes, cache)
    second, cached = _run(tmp_path, raw, no_shapes, cache)
    assert (first.n_cleaned, first.n_from_cache) == (6, 0)
    assert (second.n_cleaned, second.n_from_cache) == (0, 6)
    for name in stage._CLEAN_OUTPUTS:
        assert_frame_equal(fresh[name], plain[name])
        assert_frame_equal(cached[name], plain[name])

    # The Tribune's furniture line becomes a site template: its three documents change, the Herald's do not.
    _, plain_templated = _run(tmp_path, raw, tribune_furniture, None)
    third, templated = _run(tmp_path, raw, tribune_furniture, cache)
    assert (third.n_cleaned, third.n_from_cache) == (3, 3)
    for name in stage._CLEAN_OUTPUTS:
        assert_frame_equal(templated[name], plain_templated[name])
    removed = plain_templated["boilerplate"].filter(pl.col("reason") == "site_template")
    assert sorted(removed["doc_id"].unique().to_list()) == ["doc-0", "doc-2", "doc-4"]


def test_a_damaged_entry_is_a_miss(tmp_path):
    raw = _raw(2)
    shapes = pl.DataFrame(schema=TEMPLATE_SHAPES_SCHEMA)
    cache = stage.CleanCacheSettings(output_dir=tmp_path / "out", clean_version="test")
    _, plain = _run(tmp_path, raw, shapes, None)
    _run(tmp_path, raw, shapes, cache)
    entries = sorted((tmp_path / "out" / ".cache" / "clean").rglob("*.bin"))
    assert len(entries) == 2
    entries[0].write_bytes(entries[0].read_bytes()[:-7])
    counts, outputs = _run(tmp_path, raw, shapes, cache)
    assert (counts.n_cleaned, counts.n_from_cache) == (1, 1)
    for name in stage._CLEAN_OUTPUTS:
        assert_frame_equal(outputs[name], plain[name])


def _prepare(tmp_path, raw: pl.DataFrame, cache) -> pl.DataFrame:
    """The template candidates prepare_unit writes for ``raw`` (as input records of one shard)."""
    from flows.stages.ingest import shard_records

    work = WorkDir.create(tmp_path / "out", datetime(2024, 6, 1, tzinfo=UTC))
    records = [
        {"source_uri": f"{row['doc_id']}.txt", "format": "txt", "data": row["raw_text"].encode(), "size": 1}
        for row in raw.iter_rows(named=True)
    ]
    shard_records(records, work, shard_size=100, settings={})
    stage.prepare_unit.fn(work, Unit(0, 0, len(records)), 1_000_000, cache)
    candidates = pl.read_parquet(work.unit_file(stage.STAGE, Unit(0, 0, len(records)), "template_candidates"))
    work.remove()
    return candidates


def _candidates_entry(frame: pl.DataFrame) -> bytes:
    return stage._encode_entry({"template_candidates": frame}, stage._CANDIDATE_OUTPUTS)


def test_cached_template_candidates_equal_computed_ones_and_damaged_entries_are_recomputed(tmp_path):
    raw = _raw(5)
    cache = stage.CleanCacheSettings(output_dir=tmp_path / "out", clean_version="test")
    plain = _prepare(tmp_path, raw, None)
    assert plain.height > raw.height  # every story has its furniture line and prose lines
    assert_frame_equal(_prepare(tmp_path, raw, cache), plain)
    entries = sorted((tmp_path / "out" / ".cache" / "candidates").rglob("*.bin"))
    assert len(entries) == 5
    entries[0].write_bytes(b"not an arrow stream")
    entries[1].write_bytes(_candidates_entry(pl.DataFrame({"x": [1]})))  # not the candidates' schema
    # One more story: candidates of the others come from the cache, in document order.
    grown = _raw(6)
    assert_frame_equal(_prepare(tmp_path, grown, cache), _prepare(tmp_path, grown, None))
    assert entries[0].read_bytes() != b"not an arrow stream"  # the damaged entry was rewritten
    assert len(sorted((tmp_path / "out" / ".cache" / "candidates").rglob("*.bin"))) == 6
    # Entries are read, not recomputed: an entry holding other (well-formed) rows shows up in the output.
    entries[2].write_bytes(_candidates_entry(plain.head(1).with_columns(pl.lit(7, pl.Int64).alias("line_no"))))
    assert (_prepare(tmp_path, grown, cache)["line_no"] == 7).sum() == 1
