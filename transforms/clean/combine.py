"""Main text of a web page from two views: an extractor's paragraphs and the page's classified visible text.

The extractor (trafilatura) works on the DOM and is precise, but it drops lists, tables and whole sections
on some pages, and keeps furniture on others.  Another extractor's view of the same page (trafilatura's
readability port) votes beside it.  The block classifier (``blocks.py``) reads the page's visible
text, one line per block, as a person's select-all copy would give it, and finds the main text region.
Where they disagree, each corrects the other:

1. a page line is in the extractor's view when the extracted text holds most of its word 4-grams;
2. such a line is dropped when it is named furniture or lies outside the classifier's main region (the
   extractor kept a sidebar, a comment, a teaser), unless every view keeps it: a line that extractors built
   on different evidence (trafilatura's DOM rules and readability's paragraph scores) all keep is article
   text even where the plain-text classifier's region stops short (a long table, a list of results);
3. page lines between two extracted paragraphs are added when all of them are inside the main region and
   none is named furniture (the extractor dropped a list, a table, a subheading inside the article);
4. when the extractor found nothing, the classifier's main text is used on its own;
5. a run of table rows (short lines with two or more numbers) that another view holds and the extractor
   does not is added wherever it lies: trafilatura drops some tables whole, and a run of data rows is
   article data far more often than menus are (the classifier prices rows the same way, ``blocks.py``);
6. a page line that the article text stated in the page's structured data (schema.org ``articleBody`` in
   JSON-LD or microdata, an FAQPage's questions and answers; ``ingest/html.py structured_article_body``)
   holds is added: the publisher's own statement of what the article is, written for search engines and
   readers' apps, holds the subheadings and list entries the extractors drop (on the tuning part of the WCXB
   dev pages HTML F1 0.9501 -> 0.9505, with the FAQs 0.9509; as the only text, dropping what it does not
   hold, 0.9402: some pages state a 29-word teaser);
7. a page line that is the text of a figure caption (``<figcaption>``, the HTML Living Standard's "caption or
   legend" of a figure: photo descriptions and credits) is dropped, whichever step chose it: the gold of the
   WCXB dev pages leaves captions out (on the tuning part, caption lines in the chosen text held 94 gold
   4-grams against 418 others; dropping them raised HTML F1 0.9509 -> 0.9516);
8. a line of ten words or more that the chosen text already holds verbatim is dropped: the page laid the
   same block out twice (a mobile and a desktop header, a pull quote, a teaser repeating the standfirst).

The text returned is the page's own lines.  Pure and per page.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from transforms.clean.blocks import Block, furniture_lines, is_data_row, stoplist_language
from transforms.clean.boilerplate import rule_reasons

# A page line is in the extractor's view when the extracted text holds this share of its word 4-grams
# (the text is the same; the two views break lines and join inline elements differently).
MIN_SHARED_SHINGLES = 0.5
SHINGLE_WORDS = 4
# A page line outside the classifier's main region is kept when at least this many extractor views are given
# and all of them hold it.  With fewer views (one extractor alone) agreement is no evidence against the region.
# Chosen on the tuning part of the WCXB dev pages (bench/boilerplate_wcxb.py): keeping lines held by all four
# views (trafilatura default, favor_recall, favor_precision, readability) outside the region raised the
# combined text's F1 from 0.936 to 0.941; three of four gave 0.938 (the three trafilatura modes often keep the
# same sidebar); also adding lines inside the region held by two of the four changed nothing.  Then the two
# other trafilatura modes were dropped (ingest/html.py ``_other_views``): trafilatura's default and
# readability, both holding a line, give the same result as all four.
MIN_AGREEING_VIEWS = 2
# A repeated line this long is the same block laid out twice, not a refrain (as trafilatura's ``deduplicate``
# option treats repeated segments).  On the tuning part of the WCXB dev pages dropping later copies of lines
# of 8 to 20 words or more raised F1 from 0.942 to 0.945 (any value in that range); of 1 to 3 words lowered it
# (short list entries and labels do repeat inside articles).
MIN_REPEATED_LINE_WORDS = 10
# A table another view holds and the extractor dropped is added when it has at least this many consecutive data
# rows (``blocks.is_data_row``): two numbered lines in a row are often a date and a counter, a table has more.
# On the tuning part of the WCXB dev pages: HTML F1 0.9495 -> 0.9501 with 3 rows, 0.9499 with 5; adding
# single rows (any run length) gave 0.9500 but took stray numbered lines into four other pages.
MIN_TABLE_ROWS = 3

_TOKEN = re.compile(r"\w+")


def _shingles(text: str, n: int = SHINGLE_WORDS) -> list[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if len(tokens) < n:
        return [tuple(tokens)] if tokens else []
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def lines_in_view(page_lines: Sequence[str], view: str, *, min_shared: float = MIN_SHARED_SHINGLES) -> list[bool]:
    """For each page line, whether the view (an extractor's text) holds at least ``min_shared`` of its 4-grams."""
    return _held(_line_shingles(page_lines), view, min_shared=min_shared)


def _line_shingles(page_lines: Sequence[str]) -> list[list[tuple[str, ...]]]:
    return [_shingles(line) for line in page_lines]


def _held(page_shingles: Sequence[Sequence[tuple[str, ...]]], view: str, *, min_shared: float) -> list[bool]:
    """``lines_in_view`` given the page lines' shingles (computed once per page, not once per view)."""
    held = {s for line in view.split("\n") for s in _shingles(line)}
    return [bool(sh) and sum(s in held for s in sh) >= min_shared * len(sh) for sh in page_shingles]


def combine_views(
    extracted: str,
    page_lines: Sequence[str],
    *,
    language: str | None = None,
    other_views: Sequence[str] = (),
    min_agreeing_views: int = MIN_AGREEING_VIEWS,
    min_repeated_words: int = MIN_REPEATED_LINE_WORDS,
    min_table_rows: int = MIN_TABLE_ROWS,
    publisher_text: str = "",
    caption_lines: Collection[str] = (),
) -> tuple[list[str], dict[str, int]]:
    """(main-text lines, counts of what each step did) from an extractor's text and the page's lines.

    ``language``: the page's language code if known (picks the stop-word list), else detected.
    ``other_views``: texts of other extractors (or modes) for the same page; a line every view holds is kept
    outside the main region when there are at least ``min_agreeing_views`` views (``extracted`` included).
    A run of at least ``min_table_rows`` data rows that another view holds and ``extracted`` does not is added.
    ``publisher_text``: the article text the page's structured data states (``articleBody``); every page line
    it holds is added.  ``caption_lines``: the page's figure captions (``<figcaption>`` text); a page line equal
    to one is left out.
    A later verbatim copy of a chosen line of at least ``min_repeated_words`` words is dropped.
    """
    page = [" ".join(line.split()) for line in page_lines]
    page = [line for line in page if line]
    counts = {
        "page_lines": len(page),
        "dropped_furniture": 0,
        "dropped_outside": 0,
        "kept_by_agreement": 0,
        "added_gaps": 0,
        "added_table_rows": 0,
        "dropped_repeats": 0,
        "added_stated": 0,
        "dropped_captions": 0,
    }
    if not page:
        return [line for line in extracted.split("\n") if line.strip()], counts
    known = rule_reasons(page)
    lang = stoplist_language("\n".join(page), language)
    removed, blocks, region = furniture_lines(page, known=known, language=lang)
    named = {no for b in blocks if b.known is not None for no in b.line_nos}
    inside = {no for b in blocks[region[0] : region[1]] for no in b.line_nos} if region else set(range(len(page)))
    if not extracted.strip():
        counts["classifier_only"] = 1
        chosen = [line for line_no, line in enumerate(page) if line_no not in removed and line not in caption_lines]
        return _without_repeats(chosen, counts, min_words=min_repeated_words), counts

    page_shingles = _line_shingles(page)
    in_extracted = _held(page_shingles, extracted, min_shared=MIN_SHARED_SHINGLES)
    agreed = None
    in_others = [_held(page_shingles, view, min_shared=MIN_SHARED_SHINGLES) for view in other_views]
    if 1 + len(other_views) >= min_agreeing_views:
        agreed = [all(column) for column in zip(in_extracted, *in_others)]
    kept = _extracted_lines_kept(in_extracted, named=named, inside=inside, agreed=agreed, counts=counts)
    gaps = _gaps_between(kept, named=named, inside=inside)
    counts["added_gaps"] = len(gaps)
    tables = _tables_other_views_hold(blocks, in_extracted, in_others, named, min_rows=min_table_rows) - kept - gaps
    counts["added_table_rows"] = len(tables)
    # The publisher's own statement of the article text (structured data) adds the page lines it holds.
    stated = set()
    if publisher_text.strip():
        in_stated = _held(page_shingles, publisher_text, min_shared=MIN_SHARED_SHINGLES)
        stated = {no for no, held in enumerate(in_stated) if held} - kept - gaps - tables
    counts["added_stated"] = len(stated)
    # Last, so that captions still score in the region and bound the gaps as before (named furniture there,
    # they cut the region and the gaps: 0.9487 on the tuning part against 0.9516 here).
    captions = {no for no, line in enumerate(page) if line in caption_lines}
    counts["dropped_captions"] = len((kept | gaps | tables | stated) & captions)
    chosen = [page[no] for no in sorted((kept | gaps | tables | stated) - captions)]
    return _without_repeats(chosen, counts, min_words=min_repeated_words), counts


def _extracted_lines_kept(in_extracted, *, named, inside, agreed, counts: dict[str, int]) -> set[int]:
    """Page lines the extractor holds that stay: inside the main region, or outside it where every view agrees;
    never a line a rule named as furniture."""
    kept = set()
    for no, held in enumerate(in_extracted):
        if not held:
            continue
        if no in named:
            counts["dropped_furniture"] += 1
        elif no in inside:
            kept.add(no)
        elif agreed is not None and agreed[no]:
            counts["kept_by_agreement"] += 1
            kept.add(no)
        else:
            counts["dropped_outside"] += 1
    return kept


def _gaps_between(kept: set[int], *, named, inside) -> set[int]:
    """Lines between two kept lines, all inside the region and none named furniture: the article's own lines
    the extractor missed (jusText's rule for short blocks between good ones)."""
    ordered = sorted(kept)
    gaps: set[int] = set()
    for a, b in zip(ordered, ordered[1:]):
        between = range(a + 1, b)
        if all(no in inside and no not in named for no in between):
            gaps.update(between)
    return gaps


def _tables_other_views_hold(
    blocks: Sequence[Block],
    in_extracted: Sequence[bool],
    in_others: Sequence[Sequence[bool]],
    named: set[int],
    *,
    min_rows: int,
) -> set[int]:
    """Line numbers of runs of at least ``min_rows`` consecutive data rows another view holds, the extractor not."""
    rows = {
        no
        for b in blocks
        if is_data_row(b)
        for no in b.line_nos
        if no not in named and not in_extracted[no] and any(view[no] for view in in_others)
    }
    out: set[int] = set()
    run: list[int] = []
    for no in range(len(in_extracted) + 1):
        if no in rows:
            run.append(no)
            continue
        if len(run) >= min_rows:
            out.update(run)
        run = []
    return out


def _without_repeats(lines: list[str], counts: dict[str, int], *, min_words: int) -> list[str]:
    """``lines`` without later verbatim copies (case aside) of lines of at least ``min_words`` words."""
    seen: set[str] = set()
    out = []
    for line in lines:
        key = line.casefold()
        if key in seen:
            counts["dropped_repeats"] += 1
            continue
        if len(line.split()) >= min_words:
            seen.add(key)
        out.append(line)
    return out
