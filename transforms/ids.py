"""The one content-derived ID helper: every ID in every table is a hash of what identifies the row."""

from __future__ import annotations

import hashlib


def stable_id(*parts: object) -> str:
    """Content-derived ID: the first 16 hex digits of SHA-256 over the parts joined by a unit separator."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]
