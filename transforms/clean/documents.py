"""Metadata extraction and boilerplate removal over all raw documents."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import polars as pl

from transforms.clean.boilerplate import find_template_lines, line_rule
from transforms.clean.metadata import (
    guess_language,
    infer_published,
    is_headline,
    is_prose,
    parse_byline,
    parse_date,
    parse_update_stamp,
    word_count,
)
from transforms.ids import content_digest
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


def _at_midnight(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


def clean_documents(
    raw: pl.DataFrame,
    *,
    template_min_docs: int = 3,
    template_max_words: int = 12,
    infer_horizon_years: int = 3,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Clean raw documents: (CLEAN_DOCUMENTS_SCHEMA frame, TABLES['boilerplate'] frame).

    ``template_min_docs`` = 3: two unrelated articles can share a short line by chance (a common
    subheading, a one-line quote, a list item), three unrelated stories sharing one masked shape is
    a site's furniture.  The seeds' only same-site pair (001, 003) has furniture the line rules
    already name, so the cross-document mechanism is for sites the rules have never seen.
    """
    rows = list(raw.sort("doc_id").iter_rows(named=True))
    split = [(r.get("raw_text") or "").replace("\r\n", "\n").replace("\r", "\n").split("\n") for r in rows]

    # (a) line rules, then (b) templates over the lines the rules left.
    removed: list[dict[int, str]] = []
    for lines in split:
        removed.append({no: reason for no, line in enumerate(lines) if (reason := line_rule(line))})
    candidates = [
        [(no, line) for no, line in enumerate(lines) if line.strip() and no not in gone]
        for lines, gone in zip(split, removed)
    ]
    sites = [r.get("source_name") for r in rows]
    templates = find_template_lines(candidates, sites=sites, min_docs=template_min_docs, max_words=template_max_words)
    for gone, tmpl in zip(removed, templates):
        for no in tmpl:
            gone[no] = "site_template"

    docs_out: list[dict[str, Any]] = []
    bp_out: list[dict[str, Any]] = []
    for row, lines, gone in zip(rows, split, removed):
        doc = _clean_one(row, lines, gone, infer_horizon_years=infer_horizon_years)
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
    row: dict[str, Any], lines: list[str], gone: dict[int, str], *, infer_horizon_years: int
) -> dict[str, Any]:
    """Metadata and clean text of one document; records its title line in ``gone``."""
    authors: list[str] = list(row.get("authors") or [])
    title = row.get("title")
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

    kept = [no for no, line in enumerate(lines) if line.strip() and no not in gone]
    if kept:
        first = kept[0]
        line = " ".join(lines[first].split())
        if title:
            if _same_title(line, title):
                gone[first] = "title"
        elif (
            len(kept) > 1
            and is_headline(line)
            and (
                # The headline sits above the byline, or directly above the first paragraph of prose.
                (first_byline is not None and first < first_byline) or is_prose(lines[kept[1]])
            )
        ):
            title = line
            gone[first] = "title"
    kept = [no for no in kept if no not in gone]
    text = _assemble(lines, kept)

    published_at, precision, source = None, "none", "none"
    if row.get("published_raw"):
        published_at, precision = parse_date(row["published_raw"])
        source = "metadata" if published_at is not None else "none"
    if published_at is None and byline_date[0] is not None:
        (published_at, precision), source = byline_date, "byline"
    if published_at is None:
        inferred = infer_published(text, horizon_years=infer_horizon_years)
        if inferred is not None:
            published_at, precision, source = _at_midnight(inferred), "day", "inferred"
    if published_at is None:
        precision = "none"

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
        "language": row.get("language") or guess_language(text),
        "text": text,
        "n_chars": len(text),
        "n_words": word_count(text),
        "content_hash": content_hash(text),
        "boilerplate_lines": len(gone),
    }


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
