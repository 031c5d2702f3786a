"""The judged-events bench keeps a verdict while its value is the one judged, and marks changed values for a reader."""

from __future__ import annotations

from bench.events_voa_judged import UNJUDGED, field_verdicts, mark_changed, read_judgements, summary

HEADER = (
    "doc_id\tchar_start\ttype\tactor\trecipient\tdate\tplace\ttype_verdict\tactor_verdict\trecipient_verdict\t"
    "date_verdict\tplace_verdict\tnote"
)


def _row(**kw):
    row = {"doc_id": "d1", "char_start": 5, "type": "ASSAULT", "actor": "police", "recipient": "-"}
    row.update({"date": "2021-01-01 (report, report)", "place": "-", "evidence": "Police fired."})
    row.update(kw)
    return row


def _write(tmp_path):
    path = tmp_path / "judged.tsv"
    verdicts = "right\tright\tmissed\tright\tmissed\tthe note"
    path.write_text(f"# a comment\n{HEADER}\nd1\t5\tASSAULT\tpolice\t-\t2021-01-01 (report, report)\t-\t{verdicts}\n")
    return path


def test_a_changed_field_is_unjudged_and_the_others_keep_their_verdicts(tmp_path):
    judged = read_judgements(_write(tmp_path))
    same = field_verdicts(_row(), judged)
    assert same == {"type": "right", "actor": "right", "recipient": "missed", "date": "right", "place": "missed"}
    changed = field_verdicts(_row(recipient="a gang leader"), judged)
    assert changed["recipient"] == UNJUDGED
    assert changed["actor"] == "right" and changed["place"] == "missed"
    assert field_verdicts(_row(doc_id="d2"), judged) is None
    _, counts = summary([_row(recipient="a gang leader")], judged)
    assert counts["judged"] == 0  # fully right counts only rows whose five fields are judged
    assert counts["actor"] == {"right": 1} and counts["recipient"] == {}


def test_mark_changed_writes_new_values_as_unjudged_and_adds_new_rows(tmp_path):
    path = _write(tmp_path)
    judged = read_judgements(path)
    rows = [_row(recipient="a gang leader"), _row(doc_id="d2", char_start=9)]
    assert mark_changed(rows, judged, path) == 2
    again = read_judgements(path)
    first = again[("d1", 5, "ASSAULT")]
    assert first["recipient"] == "a gang leader" and first["recipient_verdict"] == UNJUDGED
    assert first["actor_verdict"] == "right" and "the note" in first["note"]
    assert {again[("d2", 9, "ASSAULT")][f"{f}_verdict"] for f in ("type", "actor", "date")} == {UNJUDGED}
    assert path.read_text().startswith("# a comment\n")


def test_another_seed_needs_its_own_verdicts_file():
    import pytest

    from bench.events_voa_judged import main

    with pytest.raises(SystemExit, match="its own --judgements"):
        main(["--release", "unused", "--seed", "1"])


def test_a_new_verdicts_file_starts_with_the_header(tmp_path):
    from bench.events_voa_judged import JUDGED_COLUMNS

    assert "\t".join(JUDGED_COLUMNS) == HEADER
    path = tmp_path / "dev.tsv"
    path.write_text("\t".join(JUDGED_COLUMNS) + "\n")
    assert mark_changed([_row()], read_judgements(path), path) == 1
    assert read_judgements(path)[("d1", 5, "ASSAULT")]["type_verdict"] == UNJUDGED


def test_the_report_reads_the_release_size_and_names_no_corpus(tmp_path):
    import polars as pl

    from bench.events_voa_judged import report

    data = tmp_path / "release" / "data"
    data.mkdir(parents=True)
    pl.DataFrame({"doc_id": ["d1", "d2", "d3"]}).write_parquet(data / "documents.parquet")
    text = report([_row()], {}, tmp_path / "release", seed=7, verdicts=tmp_path / "dev.tsv")
    assert "built from 3 documents" in text and "VOA" not in text.splitlines()[0]


def test_a_value_across_a_line_break_stays_one_cell_of_the_verdicts_file(tmp_path):
    import datetime as dt

    import polars as pl

    from bench.events_voa_judged import JUDGED_COLUMNS, sample_rows

    data = tmp_path / "release" / "data"
    data.mkdir(parents=True)
    event = {"event_id": "e1", "event_type": "AGREE", "actor_text": "Our Prices\n\nThe firm", "evidence": "x"}
    event.update({"recipient_text": "the\ttown", "event_date": dt.date(2024, 8, 1), "date_precision": "report"})
    event.update({"date_source": "report", "location_name": None, "geo_precision": None, "geo_source": None})
    pl.DataFrame([event]).write_parquet(data / "events.parquet")
    pl.DataFrame([{"event_id": "e1", "doc_id": "d1", "char_start": 3}]).write_parquet(data / "event_mentions.parquet")
    rows = sample_rows(tmp_path / "release", n=5, seed=1)
    assert rows[0]["actor"] == "Our Prices The firm" and rows[0]["recipient"] == "the town"
    path = tmp_path / "dev.tsv"
    path.write_text("\t".join(JUDGED_COLUMNS) + "\n")
    mark_changed(rows, read_judgements(path), path)
    assert read_judgements(path)[("d1", 3, "AGREE")]["actor"] == "Our Prices The firm"
    assert field_verdicts(rows[0], read_judgements(path))["actor"] == UNJUDGED
