"""The one module that reads input files: a stream of small records, one per file or per JSONL line.

``iter_input_records`` walks the input folder recursively, in a fixed order, and yields one dict per
``.txt``/``.html``/``.htm`` file and one per non-blank line of a ``.jsonl``/``.jsonl.gz`` file (keys as
``transforms.ingest.parse.INPUT_RECORDS_SCHEMA``).  JSONL files, gzipped or not, are read as a stream, so
memory does not depend on a file's size; ``max_record_bytes`` bounds one line and ``max_file_bytes`` one
``.txt``/``.html`` file.  Anything not read becomes a record with ``read_error`` set, which ingest turns into
a ``rejects`` row: nothing the walk meets is dropped silently (hidden files and folders excepted, below).

Safety rules of the walk:

- Symbolic links are never followed out of the input folder: a link (to a file or a folder) whose target
  lies outside is not read (``outside_input``).  A link to a file or folder the walk reads anyway under
  its own name is not read twice (``duplicate_link``); a link to a hidden file or folder inside the input
  folder is read under the link's name.  Dangling and looping links are ``unreadable``.
- FIFOs, sockets and devices are never opened (opening a FIFO blocks until a writer appears):
  ``not_regular_file``.  Regular files are opened with ``O_NOFOLLOW | O_NONBLOCK`` and checked again with
  ``fstat``, so a file swapped for a link or a FIFO during the walk is caught too.
- Hidden files and folders (a name starting with ``.``: ``.git/``, ``.DS_Store``, editor swap files) are
  tool or OS metadata, never articles; they are skipped without a row.

``source_uri`` is the path relative to the input folder with ``/`` separators, percent-encoded where
needed so that it is printable, valid UTF-8 and lossless (``input_path_bytes`` inverts it):

- bytes that are not part of valid UTF-8 (a file name in Latin-1, say) become ``%XX`` (upper-case hex);
- so do the UTF-8 bytes of characters that are not printable (controls, line and paragraph separators,
  format characters, non-space separators), and the characters ``%`` and ``#`` themselves
  (``#`` separates the line number of a JSONL record: ``feed.jsonl#L12``);
- everything else, including any printable non-ASCII letter, stays as it is.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import polars as pl

from transforms.ingest.parse import INPUT_RECORDS_SCHEMA, format_of

DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_RECORD_BYTES = 10 * 1024 * 1024
# Bytes read per call while skipping (and hashing) the rest of an oversized JSONL line.
_SKIP_CHUNK_BYTES = 1 << 20
_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")


# --------------------------------------------------------------------------------------------
# Names


def _escape_name_bytes(raw: bytes) -> str:
    """Percent-encode the bytes of one path that are undecodable, unprintable, '%' or '#' (module docstring)."""
    if raw.isascii():
        plain = raw.decode("ascii")
        if plain.isprintable() and "%" not in plain and "#" not in plain:
            return plain  # the common case
    out: list[str] = []
    i = 0
    while i < len(raw):
        chunk = raw[i:]
        try:
            text = chunk.decode("utf-8")
            bad_at = len(chunk)
        except UnicodeDecodeError as exc:
            text = chunk[: exc.start].decode("utf-8")
            bad_at = exc.start
        for char in text:
            if char in "%#" or not (char.isprintable() or char == "/"):
                out.append("".join(f"%{b:02X}" for b in char.encode("utf-8")))
            else:
                out.append(char)
        i += bad_at
        if i < len(raw):  # one undecodable byte
            out.append(f"%{raw[i]:02X}")
            i += 1
    return "".join(out)


def source_uri_for(relative_path: bytes | str) -> str:
    """The printable, lossless ``source_uri`` of a path relative to the input folder."""
    raw = os.fsencode(relative_path)
    return _escape_name_bytes(raw.replace(os.sep.encode(), b"/"))


def input_path_bytes(source_uri: str) -> bytes:
    """The relative path (bytes, '/'-separated) that a file's ``source_uri`` names: ``source_uri_for`` inverted."""
    out = bytearray()
    pos = 0
    for match in _ESCAPE.finditer(source_uri):
        out += source_uri[pos : match.start()].encode("utf-8")
        out.append(int(match.group(1), 16))
        pos = match.end()
    out += source_uri[pos:].encode("utf-8")
    return bytes(out)


# --------------------------------------------------------------------------------------------
# Records


def _record(
    source_uri: str,
    fmt: str | None,
    *,
    data: bytes | None = None,
    size: int | None = None,
    sha256: str | None = None,
    read_error: str | None = None,
    read_detail: str | None = None,
) -> dict[str, Any]:
    return {
        "source_uri": source_uri,
        "format": fmt,
        "size": size,
        "sha256": sha256,
        "data": data,
        "read_error": read_error,
        "read_detail": read_detail,
    }


def _record_format(file_format: str | None) -> str | None:
    # Each line of a .jsonl.gz is a JSONL record like any other once decompressed.
    return "jsonl" if file_format == "jsonl.gz" else file_format


def _os_error_detail(exc: BaseException) -> str:
    # strerror, not str(exc): the message of an OSError repeats the path, which may not be valid UTF-8.
    if isinstance(exc, OSError) and exc.strerror:
        return f"{type(exc).__name__}: {exc.strerror}"
    return f"{type(exc).__name__}: {exc}"


def _stream_break(source_uri: str, line_no: int, exc: BaseException, *, gzipped: bool) -> dict[str, Any]:
    """The reject record for a stream that broke while reading line ``line_no`` (lines before it are kept)."""
    where = f"{source_uri}#L{line_no}"
    if isinstance(exc, EOFError):
        return _record(where, "jsonl", read_error="truncated", read_detail=f"gzip stream ends early: {exc}")
    if gzipped and isinstance(exc, (gzip.BadGzipFile, zlib.error)):
        if line_no == 1 and isinstance(exc, gzip.BadGzipFile):
            return _record(source_uri, "jsonl", read_error="undecodable", read_detail=f"not a gzip file: {exc}")
        return _record(where, "jsonl", read_error="undecodable", read_detail=f"corrupt gzip stream: {exc}")
    return _record(where, "jsonl", read_error="unreadable", read_detail=_os_error_detail(exc))


def iter_jsonl_stream(
    source_uri: str, stream: IO[bytes], *, max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES, gzipped: bool = False
) -> Iterator[dict[str, Any]]:
    """One record per non-blank line of a binary JSONL stream, reading at most one line into memory.

    A line over ``max_record_bytes`` is skipped (hashed on the way) and yields an ``oversized`` record; a
    stream that breaks yields the records before the break plus one record saying where it broke; a stream
    without a single non-blank line yields one ``empty_file`` record for the file.
    """
    line_no = 0
    n_records = 0
    while True:
        line_no += 1
        try:
            line = stream.readline(max_record_bytes + 1)
            if not line:
                break
            oversized = len(line) > max_record_bytes and not line.endswith(b"\n")
            if oversized:
                digest = hashlib.sha256(line)
                size = len(line) + _skip_rest_of_line(stream, digest)
        except (OSError, EOFError, zlib.error) as exc:
            yield _stream_break(source_uri, line_no, exc, gzipped=gzipped)
            return
        n_records += 1
        if oversized:
            detail = f"line of {size} bytes > limit of {max_record_bytes} bytes; not read"
            yield _record(
                f"{source_uri}#L{line_no}",
                "jsonl",
                size=size,
                sha256=digest.hexdigest(),
                read_error="oversized",
                read_detail=detail,
            )
            continue
        content = line[:-1] if line.endswith(b"\n") else line
        if content.endswith(b"\r"):
            content = content[:-1]
        if not content.strip():
            n_records -= 1  # blank separator lines are not records
            continue
        yield _record(
            f"{source_uri}#L{line_no}",
            "jsonl",
            data=content,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
    if n_records == 0:
        yield _record(source_uri, "jsonl", size=0, read_error="empty_file", read_detail="no JSON lines")


def _skip_rest_of_line(stream: IO[bytes], digest) -> int:
    """Read (and hash) up to and including the next newline; return the number of bytes before it."""
    skipped = 0
    while True:
        chunk = stream.readline(_SKIP_CHUNK_BYTES)
        if not chunk:
            return skipped
        if chunk.endswith(b"\n"):
            digest.update(chunk[:-1])
            return skipped + len(chunk) - 1
        digest.update(chunk)
        skipped += len(chunk)


def _read_whole(source_uri: str, fmt: str, handle: IO[bytes], size: int, max_file_bytes: int) -> dict[str, Any]:
    if size > max_file_bytes:
        detail = f"{size} bytes > limit of {max_file_bytes} bytes; not read"
        return _record(source_uri, fmt, size=size, read_error="oversized", read_detail=detail)
    # Read at most one byte past the limit: the file may have grown since fstat().
    data = handle.read(max_file_bytes + 1)
    if len(data) > max_file_bytes:
        detail = f"more than {max_file_bytes} bytes; not read"
        return _record(source_uri, fmt, size=len(data), read_error="oversized", read_detail=detail)
    return _record(source_uri, fmt, data=data, size=len(data), sha256=hashlib.sha256(data).hexdigest())


def _read_regular_file(
    path: bytes, source_uri: str, fmt: str, *, max_file_bytes: int, max_record_bytes: int
) -> Iterator[dict[str, Any]]:
    """The records of one regular file; opened without following links and without blocking."""
    record_format = _record_format(fmt)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        yield _record(source_uri, record_format, read_error="unreadable", read_detail=_os_error_detail(exc))
        return
    with open(fd, "rb", closefd=True) as handle:
        try:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                detail = f"a {_file_kind(info.st_mode)}, not a regular file; not read"
                yield _record(source_uri, record_format, read_error="not_regular_file", read_detail=detail)
                return
            if fmt in ("txt", "html"):
                record = _read_whole(source_uri, fmt, handle, info.st_size, max_file_bytes)
        except OSError as exc:
            yield _record(source_uri, record_format, read_error="unreadable", read_detail=_os_error_detail(exc))
            return
        if fmt in ("txt", "html"):
            yield record
        elif fmt == "jsonl":
            yield from iter_jsonl_stream(source_uri, handle, max_record_bytes=max_record_bytes)
        else:
            with gzip.GzipFile(fileobj=handle, mode="rb") as stream:
                yield from iter_jsonl_stream(source_uri, stream, max_record_bytes=max_record_bytes, gzipped=True)


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISFIFO, "FIFO (named pipe)"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISDIR, "directory"),
        (stat.S_ISLNK, "symbolic link"),
    )
    return next((name for test, name in kinds if test(mode)), "special file")


# --------------------------------------------------------------------------------------------
# The walk


class _Walk:
    """Depth-first walk of one input folder in source_uri order, yielding input records."""

    def __init__(self, input_dir: Path | str | bytes, *, max_file_bytes: int, max_record_bytes: int):
        self.root = os.path.realpath(os.fsencode(input_dir))
        self.max_file_bytes = max_file_bytes
        self.max_record_bytes = max_record_bytes
        self.followed_dirs: set[bytes] = set()

    def records(self) -> Iterator[dict[str, Any]]:
        # Explicit stack instead of recursion: a folder tree thousands deep must not hit the recursion limit.
        # Items are (relative path, path to open, is_dir); a followed link's folder is listed at its real path.
        stack = list(reversed(self._children(self.root, b"")))
        while stack:
            rel, path, is_dir = stack.pop()
            if is_dir:
                try:
                    stack.extend(reversed(self._children(path, rel)))
                except OSError as exc:
                    yield _record(source_uri_for(rel), None, read_error="unreadable", read_detail=_os_error_detail(exc))
                continue
            yield from self._entry(rel, path, stack)

    def _children(self, dir_path: bytes, rel_prefix: bytes) -> list[tuple[bytes, bytes, bool]]:
        keyed = []
        with os.scandir(dir_path) as entries:
            for entry in entries:
                if entry.name.startswith(b"."):
                    continue
                rel = rel_prefix + b"/" + entry.name if rel_prefix else entry.name
                try:
                    is_dir = entry.is_dir(follow_symlinks=False)
                except OSError:
                    is_dir = False
                # A folder sorts as "name/" so the walk yields records in source_uri order.
                keyed.append((source_uri_for(rel) + ("/" if is_dir else ""), rel, entry.path, is_dir))
        keyed.sort()
        return [(rel, path, is_dir) for _, rel, path, is_dir in keyed]

    def _entry(self, rel: bytes, path: bytes, stack: list) -> Iterator[dict[str, Any]]:
        uri = source_uri_for(rel)
        fmt = format_of(uri)
        try:
            info = os.lstat(path)
        except OSError as exc:
            yield _record(uri, _record_format(fmt), read_error="unreadable", read_detail=_os_error_detail(exc))
            return
        if stat.S_ISLNK(info.st_mode):
            yield from self._link(rel, path, stack)
        elif not stat.S_ISREG(info.st_mode):
            detail = f"a {_file_kind(info.st_mode)}, not a regular file; not opened"
            yield _record(uri, _record_format(fmt), read_error="not_regular_file", read_detail=detail)
        elif fmt is None:
            yield _record(uri, None, size=info.st_size)  # not read: ingest rejects it (unsupported_extension)
        else:
            yield from self._read(path, uri, fmt)

    def _read(self, path: bytes, uri: str, fmt: str) -> Iterator[dict[str, Any]]:
        yield from _read_regular_file(
            path, uri, fmt, max_file_bytes=self.max_file_bytes, max_record_bytes=self.max_record_bytes
        )

    def _inside(self, target: bytes) -> bool:
        return os.path.commonpath([self.root, target]) == self.root

    def _walked_anyway(self, target: bytes) -> bool:
        """True if the plain walk (no links) reaches ``target``: inside the root, no hidden part on the way."""
        if target == self.root:
            return True
        return not any(part.startswith(b".") for part in os.path.relpath(target, self.root).split(b"/"))

    def _link(self, rel: bytes, path: bytes, stack: list) -> Iterator[dict[str, Any]]:
        uri = source_uri_for(rel)
        fmt = format_of(uri)
        target = os.path.realpath(path)
        try:
            info = os.stat(target)
        except OSError as exc:
            detail = f"symbolic link to a missing or looping target: {_os_error_detail(exc)}"
            yield _record(uri, _record_format(fmt), read_error="unreadable", read_detail=detail)
            return
        if not self._inside(target):
            # The target path itself is not reported: it is outside what the user gave us to publish.
            detail = "symbolic link to a path outside the input folder; not read"
            yield _record(uri, _record_format(fmt), read_error="outside_input", read_detail=detail)
            return
        already = self._walked_anyway(target) or (stat.S_ISDIR(info.st_mode) and target in self.followed_dirs)
        if already:
            where = source_uri_for(os.path.relpath(target, self.root)) if target != self.root else "."
            detail = f"symbolic link to {where!r}, which is read under its own name"
            yield _record(uri, _record_format(fmt), read_error="duplicate_link", read_detail=detail)
        elif stat.S_ISDIR(info.st_mode):
            self.followed_dirs.add(target)
            try:
                stack.extend(reversed(self._children(target, rel)))
            except OSError as exc:
                yield _record(uri, None, read_error="unreadable", read_detail=_os_error_detail(exc))
        elif not stat.S_ISREG(info.st_mode):
            detail = f"symbolic link to a {_file_kind(info.st_mode)}, not a regular file; not opened"
            yield _record(uri, _record_format(fmt), read_error="not_regular_file", read_detail=detail)
        elif fmt is None:
            yield _record(uri, None, size=info.st_size)
        else:
            yield from self._read(target, uri, fmt)


def iter_input_records(
    input_dir: Path | str,
    *,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
) -> Iterator[dict[str, Any]]:
    """Every input record under ``input_dir`` (keys of INPUT_RECORDS_SCHEMA), one at a time, in a fixed order.

    Files are yielded in ``source_uri`` order, a JSONL file's lines in file order.  Memory is bounded by
    one ``.txt``/``.html`` file (``max_file_bytes``) or one JSONL line (``max_record_bytes``).
    """
    yield from _Walk(input_dir, max_file_bytes=max_file_bytes, max_record_bytes=max_record_bytes).records()


def read_input_files(
    input_dir: Path | str,
    *,
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
) -> pl.DataFrame:
    """All input records under ``input_dir`` as one frame (INPUT_RECORDS_SCHEMA): for small inputs and tests."""
    rows = list(iter_input_records(input_dir, max_file_bytes=max_file_bytes, max_record_bytes=max_record_bytes))
    return (
        pl.DataFrame(rows, schema=INPUT_RECORDS_SCHEMA, orient="row")
        if rows
        else pl.DataFrame(schema=INPUT_RECORDS_SCHEMA)
    )
