"""Main text and metadata of one saved web page."""

from __future__ import annotations

import re
from typing import Any

from transforms.ingest.fields import _language_code, _normalise_newlines, _Reject, _split_authors, _str_or_none

# trafilatura's fallback extractors return menu crumbs ("Home") for pages without an article; fewer
# words than this is not a main text.
MIN_HTML_MAIN_TEXT_WORDS = 3
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?""", re.I)


def extract_html(html: str, *, url: str | None = None) -> dict[str, Any]:
    """Main text (paragraphs as lines) and metadata of one HTML page via trafilatura; _Reject when none."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
            # extensive_search guesses dates from free text and URLs; we only want declared dates.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura/lxml raise many types on hostile markup
        raise _Reject("no_main_text", f"extraction failed: {type(exc).__name__}: {exc}") from None
    if doc is None:
        raise _Reject("no_main_text", "trafilatura found no main text")
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = _normalise_newlines(meta.get("text") or "")
    if len(text.split()) < MIN_HTML_MAIN_TEXT_WORDS:
        raise _Reject("no_main_text", f"trafilatura found no main text (got {len(text.split())} words)")
    lang = _HTML_LANG.search(html[:20000])
    return {
        "raw_text": text,
        "url": _str_or_none(meta.get("url")) or url,
        "title": _str_or_none(meta.get("title")),
        "authors": _split_authors(meta.get("author")),
        "published_raw": _str_or_none(meta.get("date")),
        "source_name": _str_or_none(meta.get("sitename")) or _str_or_none(meta.get("hostname")),
        "language": _language_code(lang.group(1)) if lang else None,
    }
