"""transforms/ingest: every input format and every kind of bad input, record by record."""

from __future__ import annotations

import gzip
import hashlib
import io
import json

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from flows.readers import iter_jsonl_stream, read_input_files
from tests.conftest import SEEDS_DIR
from tests.hostile_inputs import LONG_ARTICLE_URI, OUTSIDE_MARKER, PASSWD_MARKER, write_hostile_inputs
from transforms.ingest.parse import (
    INPUT_RECORDS_SCHEMA,
    RAW_DOCUMENTS_SCHEMA,
    format_of,
    parse_inputs,
    parse_record,
)
from transforms.schemas import REJECT_REASONS, TABLES

# A page written for these tests (not copied from any site).
HTML_PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>Harbour Bridge Reopens After Repairs | Example Gazette</title>
<meta property="og:site_name" content="Example Gazette">
<meta name="author" content="Ada Lovelace">
<meta property="article:published_time" content="2024-03-05T10:30:00+00:00">
<link rel="canonical" href="https://gazette.example/news/bridge-reopens">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Harbour Bridge Reopens After Repairs</h1>
<p>The harbour bridge reopened to traffic on Tuesday after six months of repairs to its steel deck, the city council said in a statement.</p>
<p>Engineers replaced more than two hundred corroded girders and resurfaced the entire roadway, according to the council's transport department.</p>
<p>Commuters welcomed the reopening, which cuts the journey between the two districts by almost forty minutes at peak times.</p>
</article>
<footer>Copyright 2024 Example Gazette. All rights reserved.</footer>
</body></html>"""


def _file_records(uri: str, data: bytes | None, error: str | None) -> list[dict]:
    fmt = format_of(uri)
    if error is None and data is not None and fmt in ("jsonl", "jsonl.gz"):
        stream = io.BytesIO(data)
        if fmt == "jsonl.gz":
            return list(iter_jsonl_stream(uri, gzip.GzipFile(fileobj=stream), gzipped=True))
        return list(iter_jsonl_stream(uri, stream))
    record = {"source_uri": uri, "format": fmt, "size": None if data is None else len(data), "sha256": None}
    return [record | {"data": data, "read_error": error, "read_detail": error}]


def files_frame(items: dict[str, bytes | None], errors: dict[str, str] | None = None) -> pl.DataFrame:
    """Input records as the reader makes them from files with these names and bytes (JSONL split by line)."""
    errors = errors or {}
    rows = [r for uri, data in sorted(items.items()) for r in _file_records(uri, data, errors.get(uri))]
    return pl.DataFrame(rows, schema=INPUT_RECORDS_SCHEMA, orient="row")


def test_seeds_parse_as_txt_with_content_ids():
    raw, rejects = parse_inputs(read_input_files(SEEDS_DIR))
    assert rejects.height == 0
    assert raw.schema == pl.Schema(RAW_DOCUMENTS_SCHEMA)
    assert raw.height == 5 and set(raw["format"]) == {"txt"}
    for row in raw.iter_rows(named=True):
        data = (SEEDS_DIR / row["source_uri"]).read_bytes()
        assert row["doc_id"] == hashlib.sha256(row["source_uri"].encode() + b"\n" + data).hexdigest()[:16]
        assert row["raw_text"] == data.decode("utf-8")


def test_html_main_text_and_metadata():
    raw, rejects = parse_inputs(files_frame({"page.html": HTML_PAGE.encode()}))
    assert rejects.height == 0
    doc = raw.row(0, named=True)
    assert doc["format"] == "html"
    assert "steel deck" in doc["raw_text"] and "forty minutes" in doc["raw_text"]
    assert "All rights reserved" not in doc["raw_text"] and "Sport" not in doc["raw_text"]
    # paragraphs stay on their own lines
    assert any(line.startswith("Engineers replaced") for line in doc["raw_text"].split("\n"))
    assert "Harbour Bridge Reopens" in doc["title"]
    assert doc["authors"] == ["Ada Lovelace"]
    assert doc["published_raw"].startswith("2024-03-05")
    assert doc["source_name"] == "Example Gazette"
    assert doc["url"] == "https://gazette.example/news/bridge-reopens"
    assert doc["language"] == "en"


def test_html_without_main_text_is_rejected():
    page = b"<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    raw, rejects = parse_inputs(files_frame({"nav.htm": page}))
    assert raw.height == 0
    assert rejects.row(0, named=True)["reason"] == "no_main_text"


def test_html_in_declared_legacy_charset_is_decoded():
    page = HTML_PAGE.replace("utf-8", "iso-8859-1").replace("the city council", "the café council")
    raw, rejects = parse_inputs(files_frame({"latin.html": page.encode("latin-1")}))
    assert rejects.height == 0
    assert "café council" in raw["raw_text"][0]


def test_jsonl_records_with_a_malformed_line_among_good_ones():
    good1 = {
        "id": "a1",
        "url": "https://x.example/1",
        "title": "One",
        "author": "Jane Roe",
        "published": "2025-03-12 15:25:56Z",
        "source": "Example Wire",
        "language": "en",
        "text": "First story body.\nSecond paragraph.",
    }
    good2 = {"authors": ["A. Writer", "B. Writer"], "text": "Another story."}
    lines = [json.dumps(good1), "{not json", "", json.dumps(good2), json.dumps({"title": "no body"}), "[1, 2]"]
    raw, rejects = parse_inputs(files_frame({"feed.jsonl": "\n".join(lines).encode()}))
    assert raw["source_uri"].sort().to_list() == ["feed.jsonl#L1", "feed.jsonl#L4"]
    first = raw.filter(pl.col("source_uri") == "feed.jsonl#L1").row(0, named=True)
    assert first["raw_text"] == good1["text"]
    assert first["title"] == "One" and first["authors"] == ["Jane Roe"]
    assert first["published_raw"] == "2025-03-12 15:25:56Z" and first["source_name"] == "Example Wire"
    assert first["url"] == "https://x.example/1" and first["language"] == "en" and first["format"] == "jsonl"
    assert first["doc_id"] == hashlib.sha256(b"feed.jsonl#L1\n" + json.dumps(good1).encode()).hexdigest()[:16]
    second = raw.filter(pl.col("source_uri") == "feed.jsonl#L4").row(0, named=True)
    assert second["authors"] == ["A. Writer", "B. Writer"]
    got = dict(zip(rejects["source_uri"], rejects["reason"]))
    assert got == {
        "feed.jsonl#L2": "malformed_json",
        "feed.jsonl#L5": "missing_text",
        "feed.jsonl#L6": "malformed_json",
    }


def test_jsonl_gz_and_html_records():
    lines = [json.dumps({"html": HTML_PAGE, "url": "https://given.example/x"}), json.dumps({"text": "Plain body."})]
    blob = gzip.compress("\n".join(lines).encode(), mtime=0)
    raw, rejects = parse_inputs(files_frame({"pages.jsonl.gz": blob}))
    assert rejects.height == 0 and raw.height == 2
    page = raw.filter(pl.col("source_uri") == "pages.jsonl.gz#L1").row(0, named=True)
    assert "steel deck" in page["raw_text"]
    assert page["url"] == "https://given.example/x"  # the record's own field wins
    assert page["authors"] == ["Ada Lovelace"]


def test_every_bad_input_is_a_reject_and_good_files_still_ingest(tmp_path):
    seed = next(SEEDS_DIR.glob("001_*.txt")).read_bytes()
    (tmp_path / "good.txt").write_bytes(seed)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.html").write_text(HTML_PAGE)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n \t\n")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "controls.txt").write_bytes(bytes(range(1, 9)) * 20 + b"text")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    (tmp_path / "mixed.jsonl").write_text('{"text": "ok line"}\n{"text": broken\n{"text": "also ok"}\n')
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "broken.jsonl.gz").write_bytes(b"not gzip at all")
    (tmp_path / "huge.txt").write_bytes(b"word " * 5000)
    raw, rejects = parse_inputs(read_input_files(tmp_path, max_file_bytes=20_000))
    got = dict(zip(rejects["source_uri"], rejects["reason"]))
    assert got == {
        "empty.txt": "empty_file",
        "blank.txt": "empty_file",
        "binary.txt": "binary_file",
        "controls.txt": "binary_file",
        "latin1.txt": "undecodable",
        "mixed.jsonl#L2": "malformed_json",
        "notes.docx": "unsupported_extension",
        "broken.jsonl.gz": "undecodable",
        "huge.txt": "oversized",
    }
    assert set(rejects["reason"]) <= set(REJECT_REASONS)
    assert rejects["detail"].null_count() == 0
    assert sorted(raw["source_uri"]) == ["good.txt", "mixed.jsonl#L1", "mixed.jsonl#L3", "sub/page.html"]
    assert raw.filter(pl.col("source_uri") == "good.txt")["raw_text"][0] == seed.decode()


def test_gzip_bomb_is_an_oversized_record(tmp_path):
    blob = gzip.compress(b'{"text": "' + b"a" * 100_000 + b'"}\n{"text": "after the bomb"}', mtime=0)
    (tmp_path / "bomb.jsonl.gz").write_bytes(blob)
    raw, rejects = parse_inputs(read_input_files(tmp_path, max_record_bytes=1000))
    assert rejects.select("source_uri", "reason").rows() == [("bomb.jsonl.gz#L1", "oversized")]
    assert raw["raw_text"].to_list() == ["after the bomb"]


def test_reader_errors_pass_through():
    raw, rejects = parse_inputs(
        files_frame({"a.txt": None, "b.txt": None}, {"a.txt": "oversized", "b.txt": "unreadable"})
    )
    assert raw.height == 0
    assert rejects.select("source_uri", "reason").rows() == [("a.txt", "oversized"), ("b.txt", "unreadable")]


def test_crlf_and_bom_are_normalised():
    raw, _ = parse_inputs(files_frame({"w.txt": b"\xef\xbb\xbfTitle line\r\n\r\nBody text here.\r\n"}))
    assert raw["raw_text"][0] == "Title line\n\nBody text here.\n"


def test_parse_is_deterministic():
    files = read_input_files(SEEDS_DIR)
    a = parse_inputs(files)
    b = parse_inputs(files.sample(fraction=1.0, shuffle=True, seed=3))
    assert_frame_equal(a[0], b[0])
    assert_frame_equal(a[1], b[1])


NAMES = st.sampled_from(["a.txt", "b.html", "c.jsonl", "d.jsonl.gz", "e.htm", "f.bin", "g/h.txt"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(NAMES, st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)), max_size=5))
def test_arbitrary_bytes_never_raise(items):
    raw, rejects = parse_inputs(files_frame(items))
    assert raw.schema == pl.Schema(RAW_DOCUMENTS_SCHEMA)
    assert rejects.schema == pl.Schema(TABLES["rejects"].schema)
    assert set(rejects["reason"]) <= set(REJECT_REASONS)
    # every input file is accounted for: a document or a reject (a JSONL file may give several)
    seen = {uri.split("#")[0] for uri in raw["source_uri"].to_list() + rejects["source_uri"].to_list()}
    assert set(items) == seen


FORMATS = st.sampled_from(["txt", "html", "jsonl", None, "docx"])
JSON_TEXT = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["text", "html", "title", "authors", "published", "language", "url"]), children, max_size=4
        )
    ),
    max_leaves=10,
).map(lambda value: json.dumps(value).encode())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    uri=st.text(max_size=40),
    fmt=FORMATS,
    data=st.one_of(st.none(), st.binary(max_size=400), st.text(max_size=400).map(str.encode), JSON_TEXT),
    read_error=st.one_of(st.none(), st.sampled_from(["oversized", "outside_input", "truncated"])),
)
def test_parse_record_never_raises_and_gives_exactly_one_row(uri, fmt, data, read_error):
    doc, reject = parse_record(uri, fmt, data, read_error, None, max_text_chars=200)
    assert (doc is None) != (reject is None)
    if reject is not None:
        assert reject["reason"] in REJECT_REASONS and reject["detail"]
        row = reject
    else:
        assert set(doc) == set(RAW_DOCUMENTS_SCHEMA) and len(doc["raw_text"]) <= 200
        row = doc
    # any str reaching a table encodes as UTF-8: polars and Parquet writers never see a lone surrogate
    for value in row.values():
        if isinstance(value, str):
            value.encode("utf-8")
    frame = pl.DataFrame([doc], schema=RAW_DOCUMENTS_SCHEMA, orient="row") if doc else pl.DataFrame([reject])
    frame.write_parquet(io.BytesIO())


def test_parse_record_shapes():
    doc, reject = parse_record("a.txt", "txt", b"Hello world.\n")
    assert reject is None and doc["raw_text"] == "Hello world.\n" and doc["format"] == "txt"
    doc, reject = parse_record("b.txt", "txt", None, "outside_input", "link out")
    assert doc is None and reject == {"source_uri": "b.txt", "reason": "outside_input", "detail": "link out"}
    doc, reject = parse_record("c.pdf", None, None)
    assert reject["reason"] == "unsupported_extension"


def test_text_over_the_hard_cap_is_too_long():
    doc, reject = parse_record("long.txt", "txt", b"word " * 100, max_text_chars=499)
    assert doc is None and reject["reason"] == "too_long" and "500" in reject["detail"]
    doc, reject = parse_record("long.txt", "txt", b"word " * 100, max_text_chars=500)
    assert reject is None and len(doc["raw_text"]) == 500


def test_lone_surrogate_escape_in_json_becomes_a_replacement_character():
    line = b'{"text": "before \\ud800 after", "title": "t \\udc80", "authors": ["x \\udfff"]}'
    doc, reject = parse_record("f.jsonl#L1", "jsonl", line)
    assert reject is None
    assert doc["raw_text"] == "before \ufffd after" and doc["title"] == "t \ufffd" and doc["authors"] == ["x \ufffd"]


def test_authors_given_as_objects():
    line = json.dumps({"text": "Body.", "authors": [{"name": "Jane Roe", "url": "x"}, {"id": 3}, "Max Muster"]})
    doc, _ = parse_record("f.jsonl#L1", "jsonl", line.encode())
    assert doc["authors"] == ["Jane Roe", "Max Muster"]


def test_hostile_inputs_are_each_a_document_or_a_reject(tmp_path):
    expected = write_hostile_inputs(tmp_path / "in", outside=tmp_path / "outside")
    assert len({uri.split("#")[0] for uri in expected}) >= 25
    raw, rejects = parse_inputs(read_input_files(tmp_path / "in"))
    got = {uri: "document" for uri in raw["source_uri"]}
    got.update(dict(zip(rejects["source_uri"], rejects["reason"])))
    assert got == expected
    assert rejects["detail"].null_count() == 0
    long_doc = raw.filter(pl.col("source_uri") == LONG_ARTICLE_URI)
    assert long_doc["raw_text"].str.len_chars()[0] >= 1_500_000
    for frame in (raw, rejects):
        for column in frame.select(pl.col(pl.String)).columns:
            assert not frame[column].str.contains(PASSWD_MARKER, literal=True).any()
            assert not frame[column].str.contains(OUTSIDE_MARKER, literal=True).any()
