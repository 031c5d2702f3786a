"""Main text of a web page from two views: an extractor's paragraphs and the page's classified visible text.

The extractor (trafilatura) works on the DOM and is precise, but it drops lists, tables and whole sections
on some pages, and keeps furniture on others.  The block classifier (``blocks.py``) reads the page's visible
text, one line per block, as a person's select-all copy would give it, and finds the main text region.
Where they disagree, each corrects the other:

1. a page line is in the extractor's view when the extracted text holds most of its word 4-grams;
2. such a line is dropped when it is named furniture or lies outside the classifier's main region (the
   extractor kept a sidebar, a comment, a teaser);
3. page lines between two extracted paragraphs are added when all of them are inside the main region and
   none is named furniture (the extractor dropped a list, a table, a subheading inside the article);
4. when the extractor found nothing, the classifier's main text is used on its own.

The text returned is the page's own lines.  Pure and per page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from transforms.clean.blocks import furniture_lines, stoplist_language
from transforms.clean.boilerplate import rule_reasons

# A page line is in the extractor's view when the extracted text holds this share of its word 4-grams
# (the text is the same; the two views break lines and join inline elements differently).
MIN_SHARED_SHINGLES = 0.5
SHINGLE_WORDS = 4

_TOKEN = re.compile(r"\w+")


def _shingles(text: str, n: int = SHINGLE_WORDS) -> list[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if len(tokens) < n:
        return [tuple(tokens)] if tokens else []
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def lines_in_view(page_lines: Sequence[str], view: str, *, min_shared: float = MIN_SHARED_SHINGLES) -> list[bool]:
    """For each page line, whether the view (an extractor's text) holds at least ``min_shared`` of its 4-grams."""
    held = {s for line in view.split("\n") for s in _shingles(line)}
    out = []
    for line in page_lines:
        shingles = _shingles(line)
        out.append(bool(shingles) and sum(s in held for s in shingles) >= min_shared * len(shingles))
    return out


def combine_views(
    extracted: str, page_lines: Sequence[str], *, language: str | None = None
) -> tuple[list[str], dict[str, int]]:
    """(main-text lines, counts of what each step did) from an extractor's text and the page's lines.

    ``language``: the page's language code if known (picks the stop-word list), else detected.
    """
    page = [" ".join(line.split()) for line in page_lines]
    page = [line for line in page if line]
    counts = {"page_lines": len(page), "dropped_furniture": 0, "dropped_outside": 0, "added_gaps": 0}
    if not page:
        return [line for line in extracted.split("\n") if line.strip()], counts
    known = rule_reasons(page)
    lang = stoplist_language("\n".join(page), language)
    removed, blocks, region = furniture_lines(page, known=known, language=lang)
    named = {no for b in blocks if b.known is not None for no in b.line_nos}
    inside = {no for b in blocks[region[0] : region[1]] for no in b.line_nos} if region else set(range(len(page)))
    if not extracted.strip():
        counts["classifier_only"] = 1
        return [line for no, line in enumerate(page) if no not in removed], counts

    kept = set()
    for no, held in enumerate(lines_in_view(page, extracted)):
        if not held:
            continue
        if no in named:
            counts["dropped_furniture"] += 1
        elif no not in inside:
            counts["dropped_outside"] += 1
        else:
            kept.add(no)
    ordered = sorted(kept)
    gaps: set[int] = set()
    for a, b in zip(ordered, ordered[1:]):
        between = range(a + 1, b)
        if all(no in inside and no not in named for no in between):
            gaps.update(between)
    counts["added_gaps"] = len(gaps)
    return [page[no] for no in sorted(kept | gaps)], counts
