"""flows/readers.py: the one module that touches input files; a stream of records, safe against hostile folders."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import threading
import tracemalloc

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flows.readers import (
    input_path_bytes,
    iter_input_records,
    iter_jsonl_stream,
    read_input_files,
    source_uri_for,
)
from tests.conftest import SEEDS_DIR
from transforms.ingest.parse import INPUT_RECORDS_SCHEMA


def by_uri(records) -> dict[str, dict]:
    return {r["source_uri"]: r for r in records}


def test_reads_recursively_in_order_with_relative_posix_paths(tmp_path):
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / "z.txt").write_text("zed")
    (tmp_path / "b" / "c" / "deep.txt").write_text("deep")
    (tmp_path / "a.jsonl").write_text('{"text": "x"}')
    (tmp_path / "b.txt").write_text("bee")  # "b.txt" sorts before the folder "b/" as a path would
    files = read_input_files(tmp_path)
    assert files.schema == pl.Schema(INPUT_RECORDS_SCHEMA)
    assert files["source_uri"].to_list() == ["a.jsonl#L1", "b.txt", "b/c/deep.txt", "z.txt"]
    deep = files.filter(pl.col("source_uri") == "b/c/deep.txt").row(0, named=True)
    assert deep["data"] == b"deep" and deep["format"] == "txt" and deep["size"] == 4
    assert deep["sha256"] == hashlib.sha256(b"deep").hexdigest()
    assert files["read_error"].null_count() == 4


def test_seed_bytes_are_read_exactly():
    files = read_input_files(SEEDS_DIR)
    assert files.height == 5
    for row in files.iter_rows(named=True):
        raw = (SEEDS_DIR / row["source_uri"]).read_bytes()
        assert row["data"] == raw and row["size"] == len(raw)
        assert row["sha256"] == hashlib.sha256(raw).hexdigest()


def test_hidden_files_and_folders_are_skipped(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("no")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / "ok.txt").write_text("yes")
    assert read_input_files(tmp_path)["source_uri"].to_list() == ["ok.txt"]


def test_oversized_file_is_not_read(tmp_path):
    (tmp_path / "big.txt").write_text("x" * 101)
    (tmp_path / "small.txt").write_text("x" * 100)
    files = read_input_files(tmp_path, max_file_bytes=100)
    big = files.row(0, named=True)
    assert big["source_uri"] == "big.txt"
    assert big["data"] is None and big["read_error"] == "oversized" and big["size"] == 101
    assert files.row(1, named=True)["data"] == b"x" * 100


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read mode-000 files")
def test_unreadable_file_is_flagged(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text("hidden")
    p.chmod(0)
    try:
        row = read_input_files(tmp_path).row(0, named=True)
    finally:
        p.chmod(0o644)
    assert row["read_error"] == "unreadable" and row["data"] is None


def test_empty_folder_gives_empty_frame(tmp_path):
    files = read_input_files(tmp_path)
    assert files.height == 0 and files.schema == pl.Schema(INPUT_RECORDS_SCHEMA)


def test_unsupported_files_are_listed_but_not_read(tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (record,) = iter_input_records(tmp_path)
    assert record["format"] is None and record["data"] is None and record["size"] == 4
    assert record["read_error"] is None  # ingest gives the reason: unsupported_extension


# --- JSONL streams ------------------------------------------------------------------------------


def test_jsonl_lines_are_records_with_line_numbers(tmp_path):
    lines = [b'{"text": "one"}', b"", b"   ", b'{"text": "four"}\r', b"{broken", b'{"text": "last, no newline"}']
    (tmp_path / "feed.jsonl").write_bytes(b"\n".join(lines))
    records = by_uri(iter_input_records(tmp_path))
    assert list(records) == ["feed.jsonl#L1", "feed.jsonl#L4", "feed.jsonl#L5", "feed.jsonl#L6"]
    assert records["feed.jsonl#L4"]["data"] == b'{"text": "four"}'  # CR of a CRLF line stripped
    assert records["feed.jsonl#L5"]["data"] == b"{broken"  # a bad line is still a record: ingest rejects it
    assert records["feed.jsonl#L6"]["data"] == lines[-1]
    assert all(r["format"] == "jsonl" and r["read_error"] is None for r in records.values())


def test_oversized_jsonl_line_is_skipped_and_the_rest_kept(tmp_path):
    big = json.dumps({"text": "y" * 5000}).encode()
    (tmp_path / "feed.jsonl").write_bytes(b'{"text": "a"}\n' + big + b'\n{"text": "c"}\n')
    records = by_uri(iter_input_records(tmp_path, max_record_bytes=1000))
    assert list(records) == ["feed.jsonl#L1", "feed.jsonl#L2", "feed.jsonl#L3"]
    skipped = records["feed.jsonl#L2"]
    assert skipped["read_error"] == "oversized" and skipped["data"] is None
    # the digest covers the whole line although it was never held in memory at once
    assert skipped["size"] == len(big) and skipped["sha256"] == hashlib.sha256(big).hexdigest()
    assert records["feed.jsonl#L3"]["data"] == b'{"text": "c"}'


def test_a_line_exactly_at_the_limit_is_kept(tmp_path):
    line = b'{"text": "' + b"z" * 90 + b'"}'
    (tmp_path / "f.jsonl").write_bytes(line + b"\n" + line)
    records = list(iter_input_records(tmp_path, max_record_bytes=len(line)))
    assert [r["data"] for r in records] == [line, line]


def test_truncated_gzip_keeps_the_records_before_the_break(tmp_path):
    payload = b"".join(json.dumps({"text": f"story {i}"}).encode() + b"\n" for i in range(2000))
    blob = gzip.compress(payload, mtime=0)
    (tmp_path / "cut.jsonl.gz").write_bytes(blob[: len(blob) // 2])
    records = list(iter_input_records(tmp_path))
    good, last = records[:-1], records[-1]
    assert len(good) > 100 and all(r["read_error"] is None for r in good)
    assert [r["source_uri"] for r in good] == [f"cut.jsonl.gz#L{n}" for n in range(1, len(good) + 1)]
    assert good[-1]["data"] == json.dumps({"text": f"story {len(good) - 1}"}).encode()
    assert last["source_uri"] == f"cut.jsonl.gz#L{len(good) + 1}" and last["read_error"] == "truncated"


def test_not_gzip_and_empty_jsonl_are_one_record_each(tmp_path):
    (tmp_path / "fake.jsonl.gz").write_bytes(b"plain text, not gzip")
    (tmp_path / "blank.jsonl").write_bytes(b"\n \n")
    (tmp_path / "zero.jsonl.gz").write_bytes(gzip.compress(b"", mtime=0))
    records = by_uri(iter_input_records(tmp_path))
    assert {uri: r["read_error"] for uri, r in records.items()} == {
        "blank.jsonl": "empty_file",
        "fake.jsonl.gz": "undecodable",
        "zero.jsonl.gz": "empty_file",
    }


def test_jsonl_stream_memory_does_not_grow_with_the_file(tmp_path):
    # ~24 MB of JSONL (gzipped) with 2 KB lines: Python allocations while streaming stay near one line
    # plus the reader's buffers, not the file.
    line = json.dumps({"text": "w" * 2000}).encode() + b"\n"
    path = tmp_path / "big.jsonl.gz"
    with gzip.open(path, "wb", compresslevel=1) as handle:
        for _ in range(12_000):
            handle.write(line)
    tracemalloc.start()
    try:
        n = sum(1 for _ in iter_input_records(tmp_path, max_record_bytes=4096))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == 12_000
    assert peak < 2_000_000, peak


def test_jsonl_stream_works_on_any_binary_stream():
    records = list(iter_jsonl_stream("x.jsonl", io.BytesIO(b'{"a": 1}\n\n{"b": 2}'), max_record_bytes=100))
    assert [(r["source_uri"], r["data"]) for r in records] == [("x.jsonl#L1", b'{"a": 1}'), ("x.jsonl#L3", b'{"b": 2}')]


# --- links and special files ------------------------------------------------------------------


@pytest.fixture
def outside(tmp_path):
    folder = tmp_path / "outside"
    (folder / "inner").mkdir(parents=True)
    (folder / "secret.txt").write_text("SECRET-OUTSIDE")
    (folder / "inner" / "more.txt").write_text("SECRET-OUTSIDE-INNER")
    return folder


def test_links_out_of_the_folder_are_never_read(tmp_path, outside):
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "passwd.txt").symlink_to("/etc/passwd")
    (root / "etc").symlink_to("/etc")
    (root / "secret.txt").symlink_to(outside / "secret.txt")
    (root / "sub" / "escape.txt").symlink_to("../../outside/secret.txt")  # relative, via ..
    (root / "folder").symlink_to(outside / "inner")
    records = by_uri(iter_input_records(root))
    assert {uri: r["read_error"] for uri, r in records.items()} == {
        "etc": "outside_input",
        "folder": "outside_input",
        "passwd.txt": "outside_input",
        "secret.txt": "outside_input",
        "sub/escape.txt": "outside_input",
    }
    assert all(r["data"] is None and r["sha256"] is None for r in records.values())
    # the detail does not name the target either: it is outside what the user gave us to publish
    assert not any(str(outside) in r["read_detail"] or "/etc" in r["read_detail"] for r in records.values())


def test_links_inside_the_folder_are_read_once(tmp_path):
    root = tmp_path / "in"
    (root / "real").mkdir(parents=True)
    (root / "real" / "a.txt").write_text("article a")
    (root / ".drafts").mkdir()
    (root / ".drafts" / "d.txt").write_text("draft d")
    (root / "alias.txt").symlink_to("real/a.txt")  # the walk reads real/a.txt anyway
    (root / "again").symlink_to("real")  # the walk reads real/ anyway
    (root / "self").symlink_to(".")  # a link to the input folder itself
    (root / "real" / "up").symlink_to("..")  # a cycle
    (root / "draft.txt").symlink_to(".drafts/d.txt")  # hidden target: read under the link's name
    (root / "drafts").symlink_to(".drafts")
    records = by_uri(iter_input_records(root))
    outcome = {uri: r["read_error"] or r["data"] for uri, r in records.items()}
    assert outcome == {
        "again": "duplicate_link",
        "alias.txt": "duplicate_link",
        "draft.txt": b"draft d",
        "drafts/d.txt": b"draft d",
        "real/a.txt": b"article a",
        "real/up": "duplicate_link",
        "self": "duplicate_link",
    }


def test_broken_and_looping_links_are_unreadable_not_fatal(tmp_path):
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing-target.txt")
    (tmp_path / "loop.txt").symlink_to("loop.txt")
    (tmp_path / "good.txt").write_text("fine")
    records = by_uri(iter_input_records(tmp_path))
    assert records["dangling.txt"]["read_error"] == "unreadable"
    assert records["loop.txt"]["read_error"] == "unreadable"
    assert records["good.txt"]["data"] == b"fine"


def test_fifo_is_never_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "pipe.jsonl")
    (tmp_path / "link.txt").symlink_to("pipe.txt")
    (tmp_path / "inner").mkdir()
    os.mkfifo(tmp_path / "inner" / ".x")  # hidden: skipped
    result: list = []
    # Opening a FIFO for reading blocks until a writer appears: a reader that opened one would hang here.
    worker = threading.Thread(target=lambda: result.extend(iter_input_records(tmp_path)), daemon=True)
    worker.start()
    worker.join(timeout=120)
    assert not worker.is_alive(), "the reader blocked on a FIFO"
    assert {r["source_uri"]: r["read_error"] for r in result} == {
        "link.txt": "duplicate_link",
        "pipe.jsonl": "not_regular_file",
        "pipe.txt": "not_regular_file",
    }


# --- names ---------------------------------------------------------------------------------------


def test_non_utf8_and_unprintable_names_get_printable_lossless_uris(tmp_path):
    names = [b"caf\xe9.txt", b"tab\there.txt", b"100% #1.txt", "Привет.txt".encode(), b"line\xe2\x80\xa8sep.txt"]
    for name in names:
        with open(os.path.join(os.fsencode(tmp_path), name), "wb") as handle:
            handle.write(b"text of " + name)
    files = read_input_files(tmp_path)
    uris = files["source_uri"].to_list()
    assert sorted(uris) == sorted(
        ["caf%E9.txt", "tab%09here.txt", "100%25 %231.txt", "Привет.txt", "line%E2%80%A8sep.txt"]
    )
    for row in files.iter_rows(named=True):
        assert row["data"] == b"text of " + input_path_bytes(row["source_uri"])
    files.write_parquet(tmp_path / "records.parquet")  # no UnicodeEncodeError on the way out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(min_size=1, max_size=30).filter(lambda b: b"/" not in b and b"\x00" not in b), max_size=4))
def test_source_uri_is_printable_and_lossless_for_any_path(parts):
    relative = b"/".join(parts)
    uri = source_uri_for(relative)
    assert uri.isprintable() or uri == ""
    assert "#" not in uri
    uri.encode("utf-8")  # never a lone surrogate
    assert input_path_bytes(uri) == relative
