"""Page-furniture detection: per-line rules and cross-document site templates. Pure helpers."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import accumulate

import polars as pl

from transforms.clean.blocks import furniture_reason
from transforms.clean.metadata import is_prose, parse_byline, parse_update_stamp, word_count
from transforms.ids import fingerprint64

_I = re.I

# Each rule: (reason, compiled pattern) tried on the whitespace-normalised line.  The patterns come
# from the furniture seen in seeds/ (VOA-style and news-agency pages) generalised to its usual variants.
_EMPTY_PLACEHOLDER = re.compile(r"^(?:none|null|nil|nan|n/?a|undefined|\[\s*\]|\{\s*\})$", _I)
_LOGO = re.compile(r"^(?:[\w&.'’-]+\s+){0,4}logo$|^logo(?:\s*[:\-–]\s*.{0,60})?$", _I)
_FOOTER_ID = re.compile(
    r"^(?:news|article|story|post|content|item)\s*(?:id|no\.?|number|#)\s*[:：#]?\s*[\w-]*\d[\w-]*$", _I
)
_READ_MORE = re.compile(
    r"^(?:read more|read also|also read|see also|more on this|related(?: article| story| news| content)?|recommended)\s*[:：»>|–—-]+\s*\S",
    _I,
)
_SOCIAL = [
    re.compile(r"pic\.twitter\.com/\w+", _I),
    # The attribution line under an embedded tweet: "— Name (@handle) September 19, 2023".
    re.compile(
        r"^[—–-]\s*.{0,100}\(@\w{1,15}\)\s*(?:[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|\d{4}-\d{2}-\d{2})?$"
    ),
    re.compile(r"^(?:https?://)?(?:www\.)?(?:twitter|x)\.com/\w+/status/\d+\S*$", _I),
    re.compile(r"^(?:a post shared by|view this post on instagram|view on (?:instagram|tiktok|facebook))\b", _I),
]
_CREDIT_WORDS = (
    r"(?:courtesy|photo|file(?: photo)?|reuters|afp|ap|epa|efe|dpa|upi|getty(?: images)?|anadolu(?: agency)?|tass|xinhua|"
    r"sputnik|shutterstock|istock|ria novosti|press service|handout|pool|wikimedia commons|social media)"
)
_CAPTION = [
    # "... meet in the Yevlakh district of Azerbaijan, September 21, 2023 / Courtesy"
    re.compile(rf"\s/\s*{_CREDIT_WORDS}\b[^/]{{0,40}}$", _I),
    re.compile(
        r"^(?:photo|image|picture|credit|photo credit|image credit|file photo|illustration|photograph)(?:\s+by)?\s*[:：]",
        _I,
    ),
    # A short line ending in a parenthesised agency/photo credit: "Protesters in Yerevan. (Reuters)".
    re.compile(rf"\((?:[^()]{{0,60}}\b)?{_CREDIT_WORDS}\b[^()]{{0,60}}\)\s*$", _I),
]
CAPTION_MAX_WORDS = 40
# Template defaults: two unrelated articles can share a short line by chance (a common subheading, a
# one-line quote, a list item); three unrelated stories sharing one masked shape is a site's furniture.
TEMPLATE_MIN_DOCS = 3
TEMPLATE_MAX_WORDS = 12


def line_rule(line: str) -> str | None:
    """Boilerplate reason for one line by the furniture rules (not title/template), or None."""
    return _line_rule(" ".join(line.split()))


@lru_cache(maxsize=1 << 16)  # repeated lines (site furniture) are judged once
def _line_rule(text: str) -> str | None:
    if not text:
        return None
    if _EMPTY_PLACEHOLDER.match(text):
        return "empty_placeholder"
    if parse_update_stamp(text)[0]:
        return "update_stamp"
    if _LOGO.match(text):
        return "logo"
    if _FOOTER_ID.match(text):
        return "footer_id"
    if any(p.search(text) for p in _SOCIAL):
        return "social_embed"
    if _READ_MORE.match(text):
        return "read_more"
    if parse_byline(text) is not None:
        return "byline"
    n = word_count(text)
    if n <= CAPTION_MAX_WORDS and any(p.search(text) for p in _CAPTION):
        # A caption credit, unless the line is an ordinary sentence that happens to end in "(AP)".
        if n <= 25 or not is_prose(text[: text.rfind("(")] if text.endswith(")") else text, max_fragment_words=25):
            return "caption"
    return None


# --- cross-document templates ---------------------------------------------------------------------

_MONTH_WORD = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_WEEKDAY_WORD = re.compile(r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\b")
_DIGITS = re.compile(r"\d+")


def line_shape(line: str) -> str:
    """Shape of a line for template matching: casefolded, whitespace folded, numbers/months/weekdays masked."""
    text = " ".join(line.casefold().split())
    text = _MONTH_WORD.sub("<m>", text)
    text = _WEEKDAY_WORD.sub("<d>", text)
    return _DIGITS.sub("0", text)


def _prose_key(line: str) -> str:
    return " ".join(line.casefold().split())


def is_template_candidate(line: str, *, max_words: int = TEMPLATE_MAX_WORDS) -> bool:
    """A line that may be site furniture repeated across stories: short and not prose."""
    text = line.strip()
    # Markdown table rows (trafilatura renders tables as "| a | b |") are content, however often
    # their separator rows repeat.
    if not text or (text.startswith("|") and text.endswith("|")):
        return False
    return not is_prose(text) and word_count(text) <= max_words


def rule_reasons(lines: Sequence[str]) -> dict[int, str]:
    """line_no -> reason for the lines the per-line rules name (``line_rule``, then the furniture patterns)."""
    out = {}
    for no, line in enumerate(lines):
        reason = line_rule(line)
        if reason is None and (hit := furniture_reason(line)) is not None:
            reason = hit[0]
        if reason is not None:
            out[no] = reason
    return out


# --- cross-document templates, in three steps that let cleaning run per shard ----------------------
# (a) template_candidates: per document, a compact table of the candidate lines' shapes and of its prose
#     lines (to tell copies of one story apart from unrelated stories);
# (b) template_shapes: corpus-wide, from that table alone, the (site, shape) pairs that are templates;
# (c) documents.clean_shard: a shard of documents cleaned given those pairs.

TEMPLATE_CANDIDATES_SCHEMA = {
    "doc_id": pl.String(),
    "line_no": pl.Int64(),
    "site": pl.String(),  # source_name; null = unknown site (all such documents are pooled)
    "kind": pl.String(),  # shape: a template candidate line; prose: a prose line (story identity)
    "hash": pl.UInt64(),  # fingerprint64 of line_shape(line) (shape) or of the casefolded line (prose)
}
TEMPLATE_SHAPES_SCHEMA = {"site": pl.String(), "shape_hash": pl.UInt64()}


def document_lines(raw_text: str | None) -> list[str]:
    """A raw text's lines, with any newline convention."""
    return (raw_text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def candidate_rows(
    doc_id: str, site: str | None, lines: Sequence[str], *, max_words: int = TEMPLATE_MAX_WORDS
) -> list[tuple[str, int, str | None, str, int]]:
    """Rows of TEMPLATE_CANDIDATES_SCHEMA for one document (lines the per-line rules name are not candidates)."""
    named = rule_reasons(lines)
    rows = []
    for no, line in enumerate(lines):
        if not line.strip() or no in named:
            continue
        if is_template_candidate(line, max_words=max_words):
            rows.append((doc_id, no, site, "shape", fingerprint64(line_shape(line))))
        elif is_prose(line):
            rows.append((doc_id, no, site, "prose", fingerprint64(_prose_key(line))))
    return rows


def template_candidates(raw: pl.DataFrame, *, max_words: int = TEMPLATE_MAX_WORDS) -> pl.DataFrame:
    """(a) The compact per-document table (TEMPLATE_CANDIDATES_SCHEMA) of raw documents' candidate lines."""
    rows = []
    for row in raw.select("doc_id", "source_name", "raw_text").iter_rows(named=True):
        rows.extend(
            candidate_rows(row["doc_id"], row["source_name"], document_lines(row["raw_text"]), max_words=max_words)
        )
    return pl.DataFrame(rows, schema=TEMPLATE_CANDIDATES_SCHEMA, orient="row")


def story_families(candidates: pl.DataFrame, *, max_story_copies: int = 50) -> pl.DataFrame:
    """(doc_id, family): documents that are copies of one story share a family (the least doc_id among them).

    Docs are copies of one story when they share at least half the prose lines of the shorter one; a
    single shared sentence (a background paragraph, a site's stock sentence) is not enough.  A prose line
    in more than ``max_story_copies`` docs is furniture, not a story, and is skipped (it bounds the pairs).
    """
    prose = candidates.filter(pl.col("kind") == "prose").select("doc_id", "hash").unique()
    docs = candidates.select("doc_id").unique()
    n_prose = prose.group_by("doc_id").agg(pl.len().alias("n_prose"))
    held = prose.group_by("hash").agg(pl.len().alias("holders"))
    held = held.filter((pl.col("holders") > 1) & (pl.col("holders") <= max_story_copies))
    shared_lines = prose.join(held.select("hash"), on="hash")
    pairs = (
        shared_lines.join(shared_lines, on="hash", suffix="_b")
        .filter(pl.col("doc_id") < pl.col("doc_id_b"))
        .group_by("doc_id", "doc_id_b")
        .agg(pl.len().alias("shared"))
        .join(n_prose, on="doc_id")
        .join(n_prose.rename({"doc_id": "doc_id_b", "n_prose": "n_prose_b"}), on="doc_id_b")
        .filter(pl.col("shared") >= 0.5 * pl.min_horizontal("n_prose", "n_prose_b"))
        .select("doc_id", "doc_id_b")
    )
    edges = pl.concat([pairs, pairs.select(pl.col("doc_id_b").alias("doc_id"), pl.col("doc_id").alias("doc_id_b"))])
    # Connected components by min-label propagation: each round a doc takes its neighbours' least label.
    labels = docs.with_columns(pl.col("doc_id").alias("family"))
    while True:
        offered = edges.join(labels.rename({"doc_id": "doc_id_b", "family": "offered"}), on="doc_id_b")
        updated = (
            labels.join(offered.group_by("doc_id").agg(pl.col("offered").min()), on="doc_id", how="left")
            .with_columns(pl.min_horizontal("family", "offered").alias("family"))
            .select("doc_id", "family")
        )
        if updated.sort("doc_id").equals(labels.sort("doc_id")):
            return labels
        labels = updated


def template_shapes(
    candidates: pl.DataFrame, *, min_docs: int = TEMPLATE_MIN_DOCS, max_story_copies: int = 50
) -> pl.DataFrame:
    """(b) The (site, shape_hash) pairs that are site templates, from the candidates table alone.

    A shape is a template when it recurs in at least ``min_docs`` unrelated stories of one site and is not
    prose.  Copies of one story (syndication, near-duplicates) count once, or their own subheadings would
    look like furniture; those are left for the deduplication stage to mark.  Counting per site keeps
    generic headings that many unrelated sites use ("Introduction", "Conclusion") as content.
    """
    families = story_families(candidates, max_story_copies=max_story_copies)
    return (
        candidates.filter(pl.col("kind") == "shape")
        .join(families, on="doc_id", how="left")
        .select("site", pl.col("hash").alias("shape_hash"), "family")
        .unique()
        .group_by("site", "shape_hash")
        .agg(pl.len().alias("n_stories"))
        .filter(pl.col("n_stories") >= min_docs)
        .select(list(TEMPLATE_SHAPES_SCHEMA))
        .cast(TEMPLATE_SHAPES_SCHEMA)
        .sort("site", "shape_hash", nulls_last=True)
    )


def template_lines(
    site: str | None,
    lines: Sequence[str],
    shapes: set[tuple[str | None, int]],
    *,
    named: Mapping[int, str],
    max_words: int = TEMPLATE_MAX_WORDS,
) -> set[int]:
    """(c) The line numbers of one document whose (site, shape) is a template; ``named`` lines are skipped."""
    return {
        no
        for no, line in enumerate(lines)
        if no not in named
        and line.strip()
        and is_template_candidate(line, max_words=max_words)
        and (site, fingerprint64(line_shape(line))) in shapes
    }


# --- the author's own lines, known from the page metadata or a byline ---------------------------------
# An author box closes an article (WordPress "author bio" blocks, news sites' contributor notes: a name line,
# then "<Name> is ..." sentences); it lies in this final share of the document's lines.  A quarter: the box
# is followed at most by tags, share buttons and a comment form, which the other rules name.
AUTHOR_BOX_TAIL_SHARE = 0.25
# Lines after a bio line that go on about the author by first name ("Karina holds an MBA ...").
AUTHOR_BOX_MAX_LINES = 4
_BIO_VERB = re.compile(
    r"(?:is|was|has|had|holds|writes|covers|leads|serves|joined|works|worked|lives|teaches|founded|co-founded|"
    r"brings|specializes|specialises|received|earned|graduated|helps|loves|enjoys|began|started|reports)\b"
)


def author_lines(
    lines: Sequence[str], authors: Sequence[str], *, tail_share: float = AUTHOR_BOX_TAIL_SHARE
) -> dict[int, str]:
    """line_no -> reason for the lines about the page's own authors: their name alone (``byline``, anywhere),
    and the author box at the end (``author_bio``): a line opening with an author's full name and a verb of a
    biography ("Jane Roe is the editor of ..."), and the next lines that go on by the author's first name.
    """
    names = [" ".join(a.split()) for a in authors if a and len(a.split()) >= 2]
    if not names:
        return {}
    # The name alone, or after "By" where the byline rule does not read it as names ("By The Currency editors").
    folded = {n.casefold() for n in names} | {f"by {n.casefold()}" for n in names}
    nonblank = [no for no, line in enumerate(lines) if line.strip()]
    tail_start = nonblank[int(len(nonblank) * (1 - tail_share))] if nonblank else 0
    out: dict[int, str] = {}
    about: str | None = None  # the first name of the author the previous line was about
    run = 0
    for no in nonblank:
        text = " ".join(lines[no].split())
        if text.casefold() in folded:
            out[no] = "byline"
            words = text.split()
            about, run = words[1] if words[0].casefold() == "by" else words[0], 0
            continue
        if no >= tail_start:
            bio_of = next((n for n in names if _opens_with(text, n)), None)
            if bio_of is not None:
                out[no] = "author_bio"
                about, run = bio_of.split()[0], 0
                continue
            if about is not None and run < AUTHOR_BOX_MAX_LINES and _opens_with(text, about):
                out[no] = "author_bio"
                run += 1
                continue
        about = None
    return out


def _opens_with(text: str, name: str) -> bool:
    """``text`` is a sentence whose subject is ``name``: the name, then a verb of a biography."""
    if not text.startswith(name + " ") or not is_prose(text):
        return False
    return bool(_BIO_VERB.match(text[len(name) + 1 :]))


# --- a table of contents: in-page navigation ---------------------------------------------------------
# A table of contents lists the article's own headings: a run of at least MIN_CONTENTS_ENTRIES short lines,
# each found again further down, in the same order, each later copy heading its own section (prose between
# one copy and the next).  Three entries: two headings repeated in order can be a page's repeated table header.
MIN_CONTENTS_ENTRIES = 3
# Headings are short (the classifier's heading shape, blocks.Block.heading_like, allows 20 words).
MAX_CONTENTS_ENTRY_WORDS = 20


def contents_lines(
    lines: Sequence[str],
    *,
    min_entries: int = MIN_CONTENTS_ENTRIES,
    max_entry_words: int = MAX_CONTENTS_ENTRY_WORDS,
) -> dict[int, str]:
    """line_no -> "navigation" for the entries of a table of contents whose headings follow in the text."""
    nonblank = [no for no, line in enumerate(lines) if line.strip()]
    keys = [" ".join(lines[no].casefold().split()).strip(" .:") for no in nonblank]
    prose = [is_prose(lines[no]) for no in nonblank]
    # prose_before[k]: prose lines among the first k (so "any prose between a and b" is a subtraction).
    prose_before = [0, *accumulate(prose)]
    positions: dict[str, list[int]] = {}
    for k, key in enumerate(keys):
        positions.setdefault(key, []).append(k)
    entry = [bool(key) and not p and word_count(key) <= max_entry_words for key, p in zip(keys, prose)]
    out: dict[int, str] = {}
    k = 0
    while k < len(nonblank):
        end = _contents_run_end(k, keys, entry, prose_before, positions) if entry[k] else k
        if end - k >= min_entries:
            out.update(dict.fromkeys((nonblank[j] for j in range(k, end)), "navigation"))
            k = end
        else:
            k += 1
    return out


def _contents_run_end(
    start: int, keys: list[str], entry: list[bool], prose_before: list[int], positions: Mapping[str, list[int]]
) -> int:
    """End (exclusive) of the run of entries from ``start`` whose later copies follow in order, prose between."""
    end, previous_copy = start, None
    while end < len(keys) and entry[end]:
        floor = end if previous_copy is None else max(end, previous_copy)
        later = positions[keys[end]]
        at = bisect_right(later, floor)
        if at == len(later):
            break
        copy = later[at]
        if previous_copy is not None and prose_before[copy] == prose_before[previous_copy + 1]:
            break
        previous_copy = copy
        end += 1
    # The run's last entry must head a section too: prose follows its copy.
    if end > start and previous_copy is not None and prose_before[-1] == prose_before[previous_copy + 1]:
        end -= 1
    return end
