"""The extract stage's per-process and per-document memos give what the plain computations give."""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.extract.document import extract_rows
from transforms.extract.entity_rules import _text
from transforms.extract.events.actors import actor_codes, best_codes, mention_phrase
from transforms.extract.events.dates import _parse
from transforms.extract.events.mentions import _DocMentions, _DocumentCodes, _mention_country

_BLANK = spacy.blank("en")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60), st.integers(-3, 25), st.integers(-3, 25))
def test_entity_rule_span_text_is_the_spans_text(text, start, end):
    doc = _BLANK(text)
    assert _text(doc, start, end) == doc[start:end].text


@settings(max_examples=15, deadline=None)
@given(
    st.sampled_from(["Sept. 19, 2023", "22 May", "last Friday", "3 days ago", "May", "12/5/2022", "no date", ""]),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
    st.sampled_from(["past", "future"]),
)
def test_the_memo_of_dateparser_reads_as_dateparser(text, base, prefer):
    assert _parse(text, base, prefer) == _parse.__wrapped__(text, base, prefer)
    assert _parse(text, base, prefer) == _parse.__wrapped__(text, base, prefer)  # the memo's answer


def _eager_name_codes(codes: _DocumentCodes) -> dict[str, list[str]]:
    """Every name's codes computed up front, in the order of its first mention with a span (the former way)."""
    rows = codes.mentions.rows
    persons = [m["text"] for m in rows if m["label"] == "PERSON"]
    found: dict[str, list[list[str]]] = {}
    for m in map(codes.mentions.as_named, rows):
        if m["label"] == "PERSON" and any(m["text"] != p and m["text"] in p for p in persons):
            continue
        span = codes.doc.char_span(m["char_start"], m["char_end"], alignment_mode="expand")
        if span is None or not len(span):
            continue
        found.setdefault(m["text"].casefold(), []).append(
            actor_codes(
                mention_phrase(span),
                entity_type=m["label"],
                country_code=_mention_country(m),
                on_date=codes.published,
                context_country=codes._context_for(m),
            )
        )
    return {name: best_codes(c) for name, c in found.items()}


def _eager_codes_of_mention(names: dict[str, list[str]], m: dict) -> list[str]:
    if names.get(m["text"].casefold()):
        return names[m["text"].casefold()]
    if m["label"] == "PERSON":
        for name, codes in names.items():
            if codes and m["text"].casefold() in name.split():
                return codes
    return []


@pytest.mark.parametrize(
    "text",
    [
        "U.S. President Donald Trump met Russian leader Vladimir Putin in Helsinki. Trump said Putin was strong. "
        "Later, Trump flew to Washington.",
        "Iraqi Prime Minister Mohammed al-Sudani visited Tehran. Sudani met Iranian officials, and al-Sudani "
        "thanked Iran. Police in Baghdad arrested three men.",
        "No names here at all.",
    ],
)
def test_names_coded_when_asked_code_as_all_names_coded_up_front(nlp, text):
    doc = nlp(text)
    rows = extract_rows("d", doc, published=date(2025, 3, 1), text=text)["mentions"]
    index = _DocMentions(rows, text)
    eager = _eager_name_codes(_DocumentCodes(doc, index, date(2025, 3, 1), text))
    lazy = _DocumentCodes(doc, index, date(2025, 3, 1), text)
    asked = [*rows, *({**m, "text": w} for m in rows if m["label"] == "PERSON" for w in m["text"].split())]
    assert asked or text.startswith("No")
    for m in asked:
        assert lazy._codes_of_mention(m) == _eager_codes_of_mention(eager, m)
