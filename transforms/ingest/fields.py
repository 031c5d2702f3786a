"""Record fields shared by the input formats: authors, plain strings, language codes, and the reject signal."""

from __future__ import annotations

import re
from typing import Any

_AUTHOR_SPLIT = re.compile(r"\s*(?:;|\||\band\b|&)\s*")
# JSON may spell a lone UTF-16 surrogate ("\ud800"); such a str cannot be encoded as UTF-8, so polars,
# pyarrow and spaCy would raise UnicodeEncodeError on it.  Python's decoders use U+FFFD for the same thing.
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
# A reject's detail is for people reading the table; a runaway exception message is cut here.
MAX_DETAIL_CHARS = 500


class _Reject(Exception):
    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def _valid_unicode(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD, so it always encodes as UTF-8."""
    try:
        text.encode("utf-8")  # the common case, checked at C speed
        return text
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub("\ufffd", text)


def _detail_text(detail: Any) -> str:
    text = _valid_unicode(str(detail))
    return text if len(text) <= MAX_DETAIL_CHARS else text[: MAX_DETAIL_CHARS - 1] + "…"


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split_authors(value: Any) -> list[str] | None:
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, dict):  # schema.org / JSON Feed style: {"name": "Jane Roe", "url": ...}
            item = item.get("name")
        if item is None or isinstance(item, (dict, list)):
            continue
        for name in _AUTHOR_SPLIT.split(_valid_unicode(str(item))):
            name = " ".join(name.split()).strip(" ,")
            if name and name not in out:
                out.append(name)
    return out or None


def _str_or_none(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = " ".join(_valid_unicode(str(value)).split())
    return text or None


def _language_code(value: Any) -> str | None:
    text = _str_or_none(value)
    if not text:
        return None
    code = re.split(r"[-_]", text)[0].lower()
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None
