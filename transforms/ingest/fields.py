"""Record fields shared by the input formats: authors, plain strings, language codes, and the reject signal."""

from __future__ import annotations

import re
from typing import Any

_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\||\band\b|&)\s*")


class _Reject(Exception):
    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split_authors(value: Any) -> list[str] | None:
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if item is None:
            continue
        for name in _AUTHOR_SPLIT.split(str(item)):
            name = " ".join(name.split()).strip(" ,")
            if name and name not in out:
                out.append(name)
    return out or None


def _str_or_none(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = " ".join(str(value).split())
    return text or None


def _language_code(value: Any) -> str | None:
    text = _str_or_none(value)
    if not text:
        return None
    code = re.split(r"[-_]", text)[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None
