"""Metadata extraction and boilerplate removal: a shard of raw documents to clean documents and removed lines."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

import polars as pl

from transforms.clean.blocks import CLASSIFIER_REASONS, Block, furniture_lines, stoplist_language
from transforms.clean.boilerplate import (
    TEMPLATE_MAX_WORDS,
    TEMPLATE_MIN_DOCS,
    author_lines,
    contents_lines,
    document_lines,
    rule_reasons,
    template_candidates,
    template_lines,
    template_shapes,
)
from transforms.clean.metadata import (
    infer_published,
    is_headline,
    is_prose,
    parse_byline,
    parse_date,
    parse_update_stamp,
    word_count,
)
from transforms.ids import content_digest
from transforms.ingest.language import detect_language
from transforms.schemas import TABLES

CLEAN_DOCUMENTS_SCHEMA = {
    "doc_id": pl.String(),
    "source_uri": pl.String(),
    "source_name": pl.String(),
    "url": pl.String(),
    "title": pl.String(),
    "authors": pl.List(pl.String()),
    "published_at": pl.Datetime("us", "UTC"),
    "published_precision": pl.String(),
    "published_source": pl.String(),
    "updated_at": pl.Datetime("us", "UTC"),
    "language": pl.String(),
    "text": pl.String(),
    "n_chars": pl.Int64(),
    "n_words": pl.Int64(),
    "content_hash": pl.String(),
    "boilerplate_lines": pl.Int64(),
}
BOILERPLATE_SCHEMA = TABLES["boilerplate"].schema
# How far above the first paragraph of the main text a headline may sit (blocks): bylines, dates, a
# subtitle, an image and its credit usually stand between them.
TITLE_LOOKBACK_BLOCKS = 8


def normalise_for_hash(text: str) -> str:
    """Casefolded text with all whitespace runs collapsed to one space (the content_hash input)."""
    return " ".join(text.casefold().split())


def content_hash(text: str) -> str:
    """SHA-256 hex of the normalised text."""
    return content_digest(normalise_for_hash(text))


def _same_title(line: str, title: str) -> bool:
    a, b = normalise_for_hash(line), normalise_for_hash(title)
    # Page titles often carry the site name: "Headline | Example Gazette".
    return bool(a) and (a == b or b.startswith(a + " ") and b[len(a) + 1 : len(a) + 2] in "|-–—:·")


def _language(text: str, declared: str | None) -> str | None:
    """The clean text's language as detected (offline model), else the one the source declared.

    Detection wins over a declaration: page templates often declare one language for every page.
    """
    detected, _ = detect_language(text)
    return detected or declared


def _at_midnight(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


def clean_documents(
    raw: pl.DataFrame,
    *,
    template_min_docs: int = TEMPLATE_MIN_DOCS,
    template_max_words: int = TEMPLATE_MAX_WORDS,
    infer_horizon_years: int = 3,
    classify: bool = True,
    block_thresholds: Mapping[str, float] | None = None,
    region_weights: Mapping[str, float] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Clean raw documents: (CLEAN_DOCUMENTS_SCHEMA frame, TABLES['boilerplate'] frame).

    The composition of the three steps a sharded run performs separately: ``template_candidates`` per
    shard, ``template_shapes`` once over all candidates, ``clean_shard`` per shard.
    ``template_min_docs`` = 3: two unrelated articles can share a short line by chance, three unrelated
    stories sharing one masked shape is a site's furniture.
    """
    candidates = template_candidates(raw, max_words=template_max_words)
    shapes = template_shapes(candidates, min_docs=template_min_docs)
    return clean_shard(
        raw,
        shapes,
        template_max_words=template_max_words,
        infer_horizon_years=infer_horizon_years,
        classify=classify,
        block_thresholds=block_thresholds,
        region_weights=region_weights,
    )


def clean_shard(
    raw: pl.DataFrame,
    shapes: pl.DataFrame,
    *,
    template_max_words: int = TEMPLATE_MAX_WORDS,
    infer_horizon_years: int = 3,
    classify: bool = True,
    block_thresholds: Mapping[str, float] | None = None,
    region_weights: Mapping[str, float] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(c) Clean one shard of raw documents given the corpus-wide template shapes (``template_shapes``).

    Per document and deterministic: the result for a document depends on its own row and ``shapes`` only.
    ``classify`` = False keeps every line the rules and templates do not name (no block classifier);
    ``block_thresholds`` and ``region_weights`` override the classifier's defaults (``blocks.furniture_lines``).
    """
    sites = set(raw["source_name"].to_list()) if raw.height else set()
    shape_set = {
        (site, shape)
        for site, shape in shapes.filter(
            pl.col("site").is_in([s for s in sites if s is not None]) | pl.col("site").is_null()
        )
        .select("site", "shape_hash")
        .iter_rows()
    }
    docs_out: list[dict[str, Any]] = []
    bp_out: list[dict[str, Any]] = []
    for row in raw.sort("doc_id").iter_rows(named=True):
        lines = document_lines(row.get("raw_text"))
        gone = rule_reasons(lines)
        site = row.get("source_name")
        for no in template_lines(site, lines, shape_set, named=gone, max_words=template_max_words):
            gone[no] = "site_template"
        doc = _clean_one(
            row,
            lines,
            gone,
            infer_horizon_years=infer_horizon_years,
            classifier={"block_thresholds": block_thresholds, "region_weights": region_weights} if classify else None,
        )
        docs_out.append(doc)
        bp_out.extend(
            {"doc_id": row["doc_id"], "line_no": no, "text": lines[no], "reason": reason}
            for no, reason in sorted(gone.items())
        )

    docs = (
        pl.DataFrame(docs_out, schema=CLEAN_DOCUMENTS_SCHEMA, orient="row")
        if docs_out
        else pl.DataFrame(schema=CLEAN_DOCUMENTS_SCHEMA)
    )
    bp = pl.DataFrame(bp_out, schema=BOILERPLATE_SCHEMA, orient="row") if bp_out else TABLES["boilerplate"].empty()
    return docs.sort("doc_id"), TABLES["boilerplate"].conform(bp)


def _clean_one(
    row: dict[str, Any],
    lines: list[str],
    gone: dict[int, str],
    *,
    infer_horizon_years: int,
    classifier: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """Metadata and clean text of one document; adds the classifier's and the title's lines to ``gone``."""
    authors, byline_date, updated_at, first_byline = _metadata_from_lines(row, lines, gone)
    for no, reason in author_lines(lines, authors).items():
        gone.setdefault(no, reason)
    blocks: list[Block] = []
    region = None
    if classifier is not None:
        language = stoplist_language(row.get("raw_text") or "", row.get("language"))
        removed, blocks, region = furniture_lines(lines, known=gone, language=language, **classifier)
        gone.update({no: reason for no, reason in removed.items() if no not in gone})
    # After the classifier: its main region is scored with the contents as ordinary short lines (as named
    # furniture they would split the region and cut the introduction above them).
    for no, reason in contents_lines(lines).items():
        gone.setdefault(no, reason)

    title = row.get("title")
    title_lines = _title_lines(lines, gone, blocks, region, title, first_byline)
    if title is None and title_lines:
        title = " ".join(lines[title_lines[0]].split())
    gone.update(dict.fromkeys(title_lines, "title"))

    kept = [no for no, line in enumerate(lines) if line.strip() and no not in gone]
    text = _assemble(lines, kept)
    published_at, precision, source = _published(row, byline_date, text, infer_horizon_years=infer_horizon_years)
    return {
        "doc_id": row["doc_id"],
        "source_uri": row["source_uri"],
        "source_name": row.get("source_name"),
        "url": row.get("url"),
        "title": " ".join(title.split()) if title else None,
        "authors": authors or None,
        "published_at": published_at,
        "published_precision": precision,
        "published_source": source,
        "updated_at": updated_at,
        "language": _language(text, row.get("language")),
        "text": text,
        "n_chars": len(text),
        "n_words": word_count(text),
        "content_hash": content_hash(text),
        "boilerplate_lines": len(gone),
    }


def _metadata_from_lines(
    row: dict[str, Any], lines: list[str], gone: Mapping[int, str]
) -> tuple[list[str], tuple[datetime | None, str], datetime | None, int | None]:
    """(authors, byline date and precision, update time, first byline line) read from the named lines."""
    authors: list[str] = list(row.get("authors") or [])
    byline_date: tuple[datetime | None, str] = (None, "none")
    updated_at: datetime | None = None
    first_byline: int | None = None
    for no in sorted(gone):
        if gone[no] == "update_stamp" and updated_at is None:
            updated_at = parse_update_stamp(lines[no])[1]
        elif gone[no] == "byline":
            first_byline = no if first_byline is None else first_byline
            names, when, precision = parse_byline(lines[no]) or ([], None, "none")
            if not row.get("authors"):
                authors.extend(n for n in names if n not in authors)
            if byline_date[0] is None and when is not None:
                byline_date = (when, precision)
    return authors, byline_date, updated_at, first_byline


def _title_lines(
    lines: list[str],
    gone: Mapping[int, str],
    blocks: list[Block],
    region: tuple[int, int] | None,
    title: str | None,
    first_byline: int | None,
) -> list[int]:
    """Line numbers of the headline above the main text: the lines equal to the metadata title, or one
    headline-shaped line (it becomes the title) sitting above the byline or directly above prose.

    Candidates are the first line no rule removed, and the lines of the blocks just above the main text's
    first paragraph (the classifier may have removed them as short fragments).
    """
    unnamed = [no for no, line in enumerate(lines) if line.strip() and no not in gone]
    candidates: list[int] = unnamed[:1]
    anchor = _first_paragraph(blocks, region)
    if anchor is not None:
        for b in blocks[max(0, anchor - TITLE_LOOKBACK_BLOCKS) : anchor]:
            if len(b.line_nos) == 1 and gone.get(b.line_nos[0]) in (None, *CLASSIFIER_REASONS):
                candidates.append(b.line_nos[0])
    candidates = sorted(set(candidates))
    if title:
        return [no for no in candidates if _same_title(lines[no], title)]
    for no in candidates:
        line = " ".join(lines[no].split())
        below = [k for k in unnamed if k > no]
        if (
            is_headline(line)
            and below
            and ((first_byline is not None and no < first_byline) or is_prose(lines[below[0]]))
        ):
            return [no]
    return []


def _first_paragraph(blocks: list[Block], region: tuple[int, int] | None) -> int | None:
    """Index of the first long article paragraph (context-free good or near-good) in the main region."""
    if region is None:
        return None
    for i in range(*region):
        if blocks[i].known is None and blocks[i].cf_class in ("good", "neargood"):
            return i
    return None


def _published(
    row: dict[str, Any], byline_date: tuple[datetime | None, str], text: str, *, infer_horizon_years: int
) -> tuple[datetime | None, str, str]:
    """(published_at, precision, source): the metadata date, else the byline's, else one inferred from the text."""
    if row.get("published_raw"):
        published_at, precision = parse_date(row["published_raw"])
        if published_at is not None:
            return published_at, precision, "metadata"
    if byline_date[0] is not None:
        return byline_date[0], byline_date[1], "byline"
    inferred = infer_published(text, horizon_years=infer_horizon_years)
    if inferred is not None:
        return _at_midnight(inferred), "day", "inferred"
    return None, "none", "none"


def _assemble(lines: list[str], kept: list[int]) -> str:
    """Kept lines as paragraphs joined by a blank line, keeping the source's paragraph structure.

    Pages copied as text either separate paragraphs with blank lines (then consecutive lines, such
    as a bullet list, belong to one paragraph and stay joined by a single newline) or put one
    paragraph per line (trafilatura output, seeds 002 and 004).
    """
    nonblank = [no for no, line in enumerate(lines) if line.strip()]
    blank_separated = any(b - a > 1 for a, b in zip(nonblank, nonblank[1:]))
    keep = set(kept)
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for no, line in enumerate(lines):
        if not line.strip():
            if current:
                paragraphs.append(current)
                current = []
            continue
        if no in keep:
            current.append(" ".join(line.split()))
            if not blank_separated:
                paragraphs.append(current)
                current = []
    if current:
        paragraphs.append(current)
    return "\n\n".join("\n".join(p) for p in paragraphs)
