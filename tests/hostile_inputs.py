"""Hostile inputs: every kind of file a news folder may hold by accident or malice, with its expected fate.

``write_hostile_inputs(folder, outside=...)`` writes them and returns ``{source_uri: outcome}``, where the
outcome is ``"document"`` or the ``rejects`` reason ingest must give.  Every text here is written for
these tests (see tests/fixtures/SOURCE.md); none names the seed articles' people or places, so a run on
seeds + hostile inputs must leave the seeds' rows exactly as a seeds-only run makes them.

Run as a script to write them into a folder: ``uv run python tests/hostile_inputs.py DIR OUTSIDE_DIR``.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import socket
import sys
import zlib
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Written into the file outside the input folder that a link points to: it must never reach any table.
OUTSIDE_MARKER = "OUTSIDE-THE-INPUT-FOLDER-a41c9e"
# The first line of /etc/passwd on every Unix: it must never reach any table either.
PASSWD_MARKER = "root:x:0:0"
LONG_ARTICLE_URI = "long-article.txt"
LONG_ARTICLE_CHARS = 1_500_000

_SUBJECTS = (
    "The committee",
    "Local farmers",
    "The school board",
    "Volunteers from the valley",
    "The water utility",
    "Engineers at the depot",
    "The regional museum",
    "Residents of the old quarter",
    "The harbour office",
    "Teachers at the secondary school",
)
_VERBS = (
    "reviewed",
    "repaired",
    "inspected",
    "planned",
    "painted",
    "measured",
    "cleaned",
    "catalogued",
    "surveyed",
    "rebuilt",
)
_OBJECTS = (
    "the footbridge over the canal",
    "the drainage along the main road",
    "a new timetable for the ferry",
    "the roof of the covered market",
    "the orchard behind the library",
    "the lamps in the central square",
    "the records of the parish archive",
    "the fences around the sports ground",
    "the pumps at the reservoir",
    "the benches in the riverside park",
)
_TIMES = ("on Monday", "last week", "in the spring", "before the holidays", "over the weekend", "this month")
_TAILS = (
    "and the work went faster than expected",
    "although the weather slowed them down",
    "with help from several neighbours",
    "after a long delay over the budget",
    "so that the season could start on time",
)

ENGLISH_BODY = (
    "The old library in the town centre reopened its doors after a year of repairs to the roof and the heating.\n\n"
    "Visitors queued before opening time to see the restored reading room, the librarian said.\n"
)


def long_article(n_chars: int = LONG_ARTICLE_CHARS, *, seed: int = 7) -> str:
    """About ``n_chars`` characters of plain English prose in paragraphs, without names of people or places."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    size = 0
    while size < n_chars:
        sentences = [
            f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_TIMES)}, "
            f"{rng.choice(_TAILS)}."
            for _ in range(rng.randint(3, 6))
        ]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs) + "\n"


def _jsonl(*records: object) -> bytes:
    return b"".join(json.dumps(record, ensure_ascii=False).encode() + b"\n" for record in records)


def _truncated_gzip(folder: Path, name: str, expected: dict[str, str]) -> None:
    records = [{"text": long_article(300, seed=100 + i)} for i in range(1, 61)]
    blob = gzip.compress(_jsonl(*records), mtime=0)
    cut = blob[: len(blob) * 2 // 3]
    (folder / name).write_bytes(cut)
    # How many whole lines the cut stream still holds, computed with zlib rather than the reader.
    kept = zlib.decompressobj(wbits=31).decompress(cut).count(b"\n")
    assert 0 < kept < len(records)
    expected.update({f"{name}#L{n}": "document" for n in range(1, kept + 1)})
    expected[f"{name}#L{kept + 1}"] = "truncated"


def _links(folder: Path, outside: Path, expected: dict[str, str]) -> None:
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.txt").write_text(f"{OUTSIDE_MARKER}\nThis file lies outside the input folder.\n")
    (outside / "inner").mkdir(exist_ok=True)
    (outside / "inner" / "also-secret.txt").write_text(f"{OUTSIDE_MARKER} inner\n")
    links = {
        "passwd.txt": ("/etc/passwd", "outside_input"),
        "etc": ("/etc", "outside_input"),
        "outside-secret.txt": (str(outside / "secret.txt"), "outside_input"),
        "outside-folder": (str(outside / "inner"), "outside_input"),
        "relative-escape.txt": (os.path.relpath(outside / "secret.txt", folder), "outside_input"),
        "inside-link.txt": ("crlf.txt", "duplicate_link"),
        "dangling.txt": ("no-such-file.txt", "unreadable"),
        "loop.txt": ("loop.txt", "unreadable"),
    }
    for name, (target, outcome) in links.items():
        (folder / name).symlink_to(target)
        expected[name] = outcome


def _special_files(folder: Path, expected: dict[str, str]) -> None:
    os.mkfifo(folder / "fifo.txt")
    expected["fifo.txt"] = "not_regular_file"
    sock_path = folder / "socket.txt"
    if len(os.fsencode(sock_path)) < 100:  # AF_UNIX paths are limited to about 108 bytes
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(os.fsencode(sock_path))
        server.close()  # the socket file stays until it is removed
        expected["socket.txt"] = "not_regular_file"


def write_hostile_inputs(
    folder: Path,
    *,
    outside: Path,
    max_record_bytes: int = 10 * 1024 * 1024,
    max_text_chars: int = 5_000_000,
) -> dict[str, str]:
    """Write at least 25 hostile inputs into ``folder`` (links to files in ``outside``, /etc/passwd and /etc).

    Returns ``{source_uri: "document" | reject reason}`` for every record ingest must produce.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}

    def put(name: str | bytes, data: bytes, outcome: str, uri: str | None = None) -> None:
        path = os.path.join(os.fsencode(folder), os.fsencode(name))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)
        expected[uri or os.fsdecode(name)] = outcome

    english = ENGLISH_BODY.encode()
    # Files that are not text at all, or not in a supported encoding.
    put("empty.txt", b"", "empty_file")
    noise = random.Random(1234).randbytes(4096)
    assert b"\x00" in noise
    put("random-bytes.txt", noise, "binary_file")
    put("nul-bytes.txt", b"A line of text\x00with a NUL byte in the middle.\n", "binary_file")
    put("controls.txt", bytes(range(1, 9)) * 40 + b"text", "binary_file")
    put("latin1.txt", "Le café du marché était fermé à cause des travaux.\n".encode("latin-1"), "undecodable")
    put("utf16-no-bom.txt", ENGLISH_BODY.encode("utf-16-le"), "binary_file")
    put("report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "unsupported_extension")
    # Text files in unusual but valid encodings and line endings: documents.
    put("utf16.txt", ENGLISH_BODY.encode("utf-16"), "document")
    put("bom.txt", b"\xef\xbb\xbf" + english, "document")
    put("crlf.txt", ENGLISH_BODY.replace("\n", "\r\n").replace("library", "museum").encode(), "document")
    put("sub/deeper/nested.txt", english.replace(b"library", b"swimming pool"), "document")
    # File names: not UTF-8 (Latin-1 bytes), and characters that need escaping in a source_uri.
    put(b"caf\xe9-menu.txt", english.replace(b"library", b"cafe"), "document", uri="caf%E9-menu.txt")
    put("odd #1 %41\tname.txt", english.replace(b"library", b"bakery"), "document", uri="odd %231 %2541%09name.txt")
    # HTML that defeats extraction.
    nested = "<html><body>" + "<div>" * 100_000 + "<p>Deep inside.</p>" + "</div>" * 100_000 + "</body></html>"
    put("nested-divs.html", nested.encode(), "no_main_text")
    put("no-text.html", b"<html><head><title>Nothing</title></head><body><div></div></body></html>", "no_main_text")
    # Size: one line of 5 MiB (over the text cap), and a 1.5 M-character article (under it: a document).
    line = ("word " * (5 * 1024 * 1024 // 5)).encode()
    put("single-line-5mb.txt", line, "too_long" if len(line) > max_text_chars else "document")
    put(LONG_ARTICLE_URI, long_article().encode(), "document")
    # Other scripts: documents (their language is detected downstream).
    put("russian.txt", (FIXTURES / "language" / "ru.txt").read_bytes(), "document")
    put("arabic.txt", (FIXTURES / "language" / "ar.txt").read_bytes(), "document")
    # JSONL: good records around bad ones, each bad line its own reject.
    put(
        "feed-broken-line.jsonl",
        _jsonl({"text": "First record: the ferry timetable changed on Monday."})
        + b'{"text": "an unterminated string\n'
        + _jsonl({"text": "Third record: the reservoir pumps were cleaned."}),
        "document",
        uri="feed-broken-line.jsonl#L1",
    )
    expected["feed-broken-line.jsonl#L2"] = "malformed_json"
    expected["feed-broken-line.jsonl#L3"] = "document"
    put("array.jsonl", b"[1, 2, 3]\n", "malformed_json", uri="array.jsonl#L1")
    put("null-text.jsonl", _jsonl({"text": None, "title": "No body"}), "missing_text", uri="null-text.jsonl#L1")
    deep = '{"text": "A record with a deep value.", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
    put("deep-json.jsonl", deep.encode(), "malformed_json", uri="deep-json.jsonl#L1")
    put(
        "lone-surrogate.jsonl",
        b'{"text": "A broken escape \\ud800 inside an English sentence about the weather."}\n',
        "document",
        uri="lone-surrogate.jsonl#L1",
    )
    put("empty.jsonl", b"\n\n", "empty_file")
    put("not-gzip.jsonl.gz", b"this is not gzip data\n", "undecodable")
    big_text = "x" * (max_record_bytes + 1000)
    put(
        "big-record.jsonl.gz",
        gzip.compress(_jsonl({"text": big_text}, {"text": "A small record after the big one."}), mtime=0),
        "oversized",
        uri="big-record.jsonl.gz#L1",
    )
    expected["big-record.jsonl.gz#L2"] = "document"
    # A zip bomb: 8x max_record_bytes of zeros (at least 64 MiB) in about a thousandth of that.
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\x00" * (1 << 20)
    parts = [compressor.compress(chunk) for _ in range(max(64, 8 * max_record_bytes >> 20))]
    put("bomb.jsonl.gz", b"".join(parts) + compressor.flush(), "oversized", uri="bomb.jsonl.gz#L1")
    _truncated_gzip(folder, "truncated.jsonl.gz", expected)
    # Links and special files.
    _links(folder, Path(outside), expected)
    _special_files(folder, expected)
    # Hidden files are tool metadata: skipped, no row (and not in ``expected``).
    put(".hidden-notes.txt", english, "document")
    del expected[".hidden-notes.txt"]
    return expected


if __name__ == "__main__":  # pragma: no cover
    outcomes = write_hostile_inputs(Path(sys.argv[1]), outside=Path(sys.argv[2]))
    for uri, outcome in sorted(outcomes.items()):
        print(f"{outcome:24} {uri}")
