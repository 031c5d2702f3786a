"""The one ID helper: every ID and content hash in every table comes from here (SHA-256 throughout).

- ``stable_id(*parts)``: a row's ID from what identifies it (``stable_id("event", category, doc_id, start)``);
- ``content_id(data)``: an ID of raw content (a document's bytes with its source, a paragraph's text);
- ``content_digest(text)``: the full SHA-256 of a text (``documents.content_hash``);
- ``fingerprint64(data)``: a 64-bit integer for compact join keys (LSH bands, word runs), never published.
All are deterministic: the same input gives the same ID on any machine and in any run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

ID_HEX_DIGITS = 16


def _bytes(value: object) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


def stable_id(*parts: object) -> str:
    """The first 16 hex digits of SHA-256 over the parts joined by a unit separator."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:ID_HEX_DIGITS]


def stable_ids(*columns: object) -> list[str]:
    """``stable_id`` of each row of columns of equal length (a part that is no column, a str, is the same in
    every row): the IDs of many rows in one call."""
    n = max((len(c) for c in columns if not isinstance(c, str)), default=1)
    parts = [[c] * n if isinstance(c, str) else c for c in columns]
    return [stable_id(*row) for row in zip(*parts, strict=True)]


def content_id(data: bytes | str) -> str:
    """The first 16 hex digits of SHA-256 over raw content."""
    return hashlib.sha256(_bytes(data)).hexdigest()[:ID_HEX_DIGITS]


def content_digest(text: str) -> str:
    """The full SHA-256 hex digest of a text."""
    return hashlib.sha256(_bytes(text)).hexdigest()


def fingerprint64(data: bytes | str) -> int:
    """A 64-bit fingerprint (BLAKE2b) for join keys over compact tables."""
    return int.from_bytes(hashlib.blake2b(_bytes(data), digest_size=8).digest(), "big")


def fingerprints64(texts: Iterable[str]) -> list[int]:
    """``fingerprint64`` of each text, in order: the word runs and words of a corpus's paragraphs (some 900 per
    article) without a call and a type test per item."""
    blake2b, from_bytes = hashlib.blake2b, int.from_bytes
    return [from_bytes(blake2b(text.encode("utf-8"), digest_size=8).digest(), "big") for text in texts]
