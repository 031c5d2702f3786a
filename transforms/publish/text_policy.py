"""Per-source text policy: how much of a publisher's text a release carries.

Publishers' articles are not ours to give away, so each source has a policy
(``TEXT_POLICIES``) applied to ``documents.text`` and ``events.evidence`` just before publishing:

``full``
    The clean text, unchanged.
``snippet``
    Only the sentences the dataset needs: every event mention's sentence, and every sentence a
    quote overlaps (a quote is widened to whole sentences using the ``sentences`` table, so the
    reader sees it in context). Every other character is replaced by a space; newlines are kept.

    Why blank instead of cutting the text down to the kept sentences: every table (sentences,
    paragraphs, entity mentions, quotes, event mentions) gives spans as character offsets into
    ``documents.text``. Blanking keeps the text's length and every character's position, so all
    offsets keep pointing at the same place and ``text[char_start:char_end]`` still returns the
    exact words for every kept span. Cutting would force us to rewrite every offset column (and
    break joins against a user's own copy of the article). The cost is some runs of spaces, which
    Parquet's compression makes nearly free.
``none``
    ``documents.text`` is null. Offsets are still published, so a user who holds the article can
    apply them to their own copy (``content_hash`` lets them check it is the same text).

``events.evidence`` (the sentence of the event's earliest mention) is kept only when it can be
read in the published text of one of the event's mentions; otherwise it follows the policy of
the earliest mention's document (kept for ``full``, null for ``snippet`` and ``none``), so it is
always null when the document it came from has policy ``none`` and no other published copy
carries it.

Pure: frames in, frames out, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from transforms.schemas import TABLES, TEXT_POLICIES

# Output schemas: the published tables this function rewrites (other tables pass through).
OUTPUT_SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "documents": TABLES["documents"].schema,
    "events": TABLES["events"].schema,
}

_KEPT_AS_IS = frozenset("\n\r")  # line structure survives blanking, so paragraphs still read as such


def apply_text_policy(tables: Mapping[str, pl.DataFrame], policy_by_doc: Mapping[str, str]) -> dict[str, pl.DataFrame]:
    """Return new tables where documents.text, documents.text_policy and events.evidence follow
    each document's policy. ``tables`` needs ``documents``; ``sentences``, ``quotes``, ``events``
    and ``event_mentions`` are used when present. Every document needs a policy in
    ``policy_by_doc`` (a missing or unknown one raises ``ValueError``: publishing text by accident
    is the failure this module exists to prevent). Other tables are returned unchanged.
    """
    documents = tables["documents"]
    doc_ids = documents["doc_id"].to_list()
    missing = [d for d in doc_ids if d not in policy_by_doc]
    if missing:
        raise ValueError(f"no text policy for {len(missing)} document(s), e.g. {missing[0]!r}")
    bad = sorted({p for d, p in policy_by_doc.items() if p not in TEXT_POLICIES})
    if bad:
        raise ValueError(f"unknown text policy {bad[0]!r}; expected one of {'|'.join(TEXT_POLICIES)}")

    sentences = _table(tables, "sentences")
    quotes = _table(tables, "quotes")
    event_mentions = _table(tables, "event_mentions")

    # Spans matter only to snippet documents; without any, the (corpus-sized) span lists are not built.
    if any(policy_by_doc[d] == "snippet" for d in doc_ids):
        sentence_spans = _spans_by_doc(sentences)
        needed = _needed_spans(sentence_spans, _spans_by_doc(event_mentions), _spans_by_doc(quotes))
    else:
        needed = {}

    original_text = dict(zip(doc_ids, documents["text"].to_list(), strict=True))
    published_text: dict[str, str | None] = {}
    for doc_id in doc_ids:
        text = original_text[doc_id]
        policy = policy_by_doc[doc_id]
        if policy == "none" or text is None:
            published_text[doc_id] = None
        elif policy == "snippet":
            published_text[doc_id] = keep_spans(text, needed.get(doc_id, []))
        else:
            published_text[doc_id] = text

    out = dict(tables)
    out["documents"] = TABLES["documents"].conform(
        documents.with_columns(
            pl.Series("text", [published_text[d] for d in doc_ids], dtype=pl.String()),
            pl.Series("text_policy", [policy_by_doc[d] for d in doc_ids], dtype=pl.String()),
        )
    )
    if "events" in tables:
        out["events"] = _apply_to_evidence(tables["events"], event_mentions, documents, published_text, policy_by_doc)
    return out


def keep_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every character outside ``spans`` replaced by a space (newlines kept).
    Same length as ``text``; spans are clipped to it."""
    keep = bytearray(len(text))
    for start, end in spans:
        start, end = max(0, start), min(len(text), end)
        if start < end:
            keep[start:end] = b"\x01" * (end - start)
    return "".join(ch if keep[i] or ch in _KEPT_AS_IS else " " for i, ch in enumerate(text))


def text_policy_summary(documents: pl.DataFrame) -> dict[str, int]:
    """Documents per text policy, every policy listed (for the run summary and the dataset card)."""
    counts = dict.fromkeys(TEXT_POLICIES, 0)
    if "text_policy" in documents.columns:
        for policy, n in documents.group_by("text_policy").len().iter_rows():
            counts[policy] = counts.get(policy, 0) + n
    return counts


# ---------------------------------------------------------------------------------------------


def _table(tables: Mapping[str, pl.DataFrame], name: str) -> pl.DataFrame:
    frame = tables.get(name)
    return frame if frame is not None else TABLES[name].empty()


def _spans_by_doc(frame: pl.DataFrame) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    if frame.height == 0:
        return spans
    for doc_id, start, end in frame.select("doc_id", "char_start", "char_end").iter_rows():
        if start is not None and end is not None:
            spans.setdefault(doc_id, []).append((start, end))
    return spans


def _needed_spans(
    sentence_spans: dict[str, list[tuple[int, int]]],
    event_spans: dict[str, list[tuple[int, int]]],
    quote_spans: dict[str, list[tuple[int, int]]],
) -> dict[str, list[tuple[int, int]]]:
    """Per document: each event mention and quote span, widened to the sentences it overlaps."""
    needed: dict[str, list[tuple[int, int]]] = {}
    for doc_id in sorted(set(event_spans) | set(quote_spans)):
        sents = sentence_spans.get(doc_id, [])
        kept: list[tuple[int, int]] = []
        for start, end in event_spans.get(doc_id, []) + quote_spans.get(doc_id, []):
            kept.append((start, end))  # the span itself, even if the sentence table misses it
            kept.extend((s, e) for s, e in sents if s < end and e > start)
        needed[doc_id] = kept
    return needed


def _normalise_space(text: str) -> str:
    return " ".join(text.split())


def _apply_to_evidence(
    events: pl.DataFrame,
    event_mentions: pl.DataFrame,
    documents: pl.DataFrame,
    published_text: dict[str, str | None],
    policy_by_doc: Mapping[str, str],
) -> pl.DataFrame:
    published_at = (
        dict(zip(documents["doc_id"].to_list(), documents["published_at"].to_list(), strict=True))
        if "published_at" in documents.columns
        else {}
    )
    mentions_by_event: dict[str, list[tuple]] = {}
    if event_mentions.height:
        for event_id, doc_id, sentence_idx, start, end in event_mentions.select(
            "event_id", "doc_id", "sentence_idx", "char_start", "char_end"
        ).iter_rows():
            mentions_by_event.setdefault(event_id, []).append((doc_id, sentence_idx, start, end))

    def earliest_first(mention: tuple) -> tuple:
        doc_id, sentence_idx, start, _ = mention
        when = published_at.get(doc_id)
        return (when is None, when or 0, doc_id, sentence_idx if sentence_idx is not None else -1, start)

    every_doc_full = all(p == "full" for p in policy_by_doc.values())
    new_evidence = []
    for event_id, evidence in events.select("event_id", "evidence").iter_rows():
        if evidence is None or every_doc_full:
            new_evidence.append(evidence)
            continue
        mentions = sorted(mentions_by_event.get(event_id, []), key=earliest_first)
        wanted = _normalise_space(evidence)
        readable = any(
            published_text.get(doc_id) is not None and wanted in _normalise_space(published_text[doc_id][start:end])
            for doc_id, _, start, end in mentions
        )
        if readable:
            new_evidence.append(evidence)
        elif mentions and policy_by_doc.get(mentions[0][0]) == "full":
            new_evidence.append(evidence)  # same document, evidence only normalised differently
        else:
            new_evidence.append(None)
    return TABLES["events"].conform(events.with_columns(pl.Series("evidence", new_evidence, dtype=pl.String())))
