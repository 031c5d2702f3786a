"""transforms/text_policy.py: full / snippet / none on small frames, and a property test."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.publish.text_policy import apply_text_policy, keep_spans, text_policy_summary
from transforms.schemas import TABLES

UTC = dt.UTC


def frame(table: str, rows: list[dict]) -> pl.DataFrame:
    """A frame of a published table from partial rows: other columns filled with plausible values."""
    defaults = {
        "documents": dict(
            source_uri="x.txt",
            source_name=None,
            url=None,
            title=None,
            authors=None,
            published_at=None,
            published_precision="none",
            published_source="none",
            updated_at=None,
            language="en",
            text_policy="full",
            n_chars=0,
            n_words=0,
            content_hash="h",
            dup_cluster_id="c",
            dup_of=None,
            boilerplate_lines=0,
            ingested_at=dt.datetime(2026, 1, 1, tzinfo=UTC),
            pipeline_version="t",
        ),
        "events": dict(
            event_type="PROTEST",
            quad_class="material_conflict",
            event_date=None,
            date_precision="unresolved",
            date_text=None,
            actor_entity_ids=None,
            actor_text=None,
            recipient_entity_ids=None,
            recipient_text=None,
            location_entity_id=None,
            location_name=None,
            country_code=None,
            latitude=None,
            longitude=None,
            geo_precision="none",
            fatalities=None,
            confidence=0.9,
            n_mentions=1,
            n_documents=1,
            first_reported_at=None,
        ),
        "event_mentions": dict(trigger="t", confidence=0.9),
        "quotes": dict(speaker_entity_id=None, speaker_text=None, cue="said", direct=True),
    }.get(table, {})
    full_rows = [{**defaults, **row} for row in rows]
    return pl.DataFrame(full_rows, schema=TABLES[table].schema) if rows else TABLES[table].empty()


# Four sentences with distinct words, so "no other sentence's words remain" is checkable.
TEXT = 'Alpha bravo charlie.\nDelta echo foxtrot.\n\nGolf hotel "india juliet" said kilo.\nLima mike november.'
SENTENCES_TEXT = [
    "Alpha bravo charlie.",
    "Delta echo foxtrot.",
    'Golf hotel "india juliet" said kilo.',
    "Lima mike november.",
]
SPANS = [(TEXT.index(s), TEXT.index(s) + len(s)) for s in SENTENCES_TEXT]


def tables_for(text: str = TEXT, doc_id: str = "d1") -> dict[str, pl.DataFrame]:
    q_start = text.index("india")
    return {
        "documents": frame("documents", [{"doc_id": doc_id, "text": text, "n_chars": len(text)}]),
        "sentences": frame(
            "sentences",
            [{"doc_id": doc_id, "sentence_idx": i, "char_start": s, "char_end": e} for i, (s, e) in enumerate(SPANS)],
        ),
        "event_mentions": frame(
            "event_mentions",
            [
                {
                    "event_id": "e1",
                    "doc_id": doc_id,
                    "sentence_idx": 1,
                    "char_start": SPANS[1][0],
                    "char_end": SPANS[1][1],
                }
            ],
        ),
        "quotes": frame(
            "quotes",
            [
                {
                    "quote_id": "q1",
                    "doc_id": doc_id,
                    "text": "india juliet",
                    "char_start": q_start,
                    "char_end": q_start + 12,
                }
            ],
        ),
        "events": frame("events", [{"event_id": "e1", "evidence": SENTENCES_TEXT[1]}]),
        "entity_mentions": frame(
            "entity_mentions",
            [
                {
                    "mention_id": "m1",
                    "entity_id": "x",
                    "doc_id": doc_id,
                    "sentence_idx": 0,
                    "char_start": 0,
                    "char_end": 5,
                    "text": "Alpha",
                    "label": "PERSON",
                }
            ],
        ),
    }


def test_full_changes_nothing_but_the_policy_column():
    tables = tables_for()
    out = apply_text_policy(tables, {"d1": "full"})
    assert out["documents"]["text"].to_list() == [TEXT]
    assert out["documents"]["text_policy"].to_list() == ["full"]
    assert out["events"]["evidence"].to_list() == [SENTENCES_TEXT[1]]
    assert out["entity_mentions"] is tables["entity_mentions"]  # untouched tables pass through


def test_snippet_keeps_exactly_the_needed_sentences():
    tables = tables_for()
    out = apply_text_policy(tables, {"d1": "snippet"})
    text = out["documents"]["text"][0]
    assert out["documents"]["text_policy"].to_list() == ["snippet"]
    assert len(text) == len(TEXT)
    # The event's sentence and the quote's whole sentence (widened from the quote span) remain ...
    for kept in (1, 2):
        s, e = SPANS[kept]
        assert text[s:e] == TEXT[s:e]
    # ... and no word of any other sentence does.
    for word in "Alpha bravo charlie Lima mike november".split():
        assert word not in text
    assert set(text[SPANS[0][0] : SPANS[0][1]]) == {" "}
    # Newlines keep the paragraph structure; everything else outside is a space.
    assert [i for i, c in enumerate(text) if c == "\n"] == [i for i, c in enumerate(TEXT) if c == "\n"]
    # All offsets of the published spans still hold.
    quote = out["quotes"].row(0, named=True)
    assert text[quote["char_start"] : quote["char_end"]] == quote["text"]
    assert out["events"]["evidence"].to_list() == [SENTENCES_TEXT[1]]


def test_none_nulls_text_and_evidence():
    out = apply_text_policy(tables_for(), {"d1": "none"})
    assert out["documents"]["text"].to_list() == [None]
    assert out["documents"]["text_policy"].to_list() == ["none"]
    assert out["documents"]["n_chars"].to_list() == [len(TEXT)]  # offsets' frame of reference still stated
    assert out["events"]["evidence"].to_list() == [None]


def test_evidence_follows_the_document_it_came_from():
    """Event reported by a `none` document (earliest) and a `full` one carrying the same sentence:
    the evidence is readable in the published copy, so it stays; with no readable copy it goes."""
    t1, t2 = tables_for(doc_id="d1"), tables_for(doc_id="d2")
    docs = pl.concat([t1["documents"], t2["documents"]]).with_columns(
        published_at=pl.Series([dt.datetime(2026, 1, 1, tzinfo=UTC), dt.datetime(2026, 1, 2, tzinfo=UTC)])
    )
    tables = {
        "documents": docs,
        "sentences": pl.concat([t1["sentences"], t2["sentences"]]),
        "event_mentions": pl.concat([t1["event_mentions"], t2["event_mentions"]]),
        "events": t1["events"],
    }
    assert apply_text_policy(tables, {"d1": "none", "d2": "full"})["events"]["evidence"].to_list() == [
        SENTENCES_TEXT[1]
    ]
    assert apply_text_policy(tables, {"d1": "none", "d2": "none"})["events"]["evidence"].to_list() == [None]
    # Evidence that matches no published mention (e.g. normalised differently) follows the earliest document.
    odd = {**tables, "events": frame("events", [{"event_id": "e1", "evidence": "Delta  echo (foxtrot)"}])}
    assert apply_text_policy(odd, {"d1": "full", "d2": "none"})["events"]["evidence"].to_list() == [
        "Delta  echo (foxtrot)"
    ]
    assert apply_text_policy(odd, {"d1": "none", "d2": "full"})["events"]["evidence"].to_list() == [None]
    assert apply_text_policy(odd, {"d1": "snippet", "d2": "snippet"})["events"]["evidence"].to_list() == [None]


def test_snippet_document_without_events_or_quotes_is_all_blank():
    tables = tables_for()
    tables["event_mentions"] = TABLES["event_mentions"].empty()
    tables["quotes"] = TABLES["quotes"].empty()
    text = apply_text_policy(tables, {"d1": "snippet"})["documents"]["text"][0]
    assert set(text) <= {" ", "\n"} and len(text) == len(TEXT)


def test_output_has_the_published_schemas():
    out = apply_text_policy(tables_for(), {"d1": "snippet"})
    assert out["documents"].schema == pl.Schema(TABLES["documents"].schema)
    assert out["events"].schema == pl.Schema(TABLES["events"].schema)


def test_missing_or_unknown_policy_raises():
    with pytest.raises(ValueError, match="no text policy"):
        apply_text_policy(tables_for(), {})
    with pytest.raises(ValueError, match="unknown text policy 'partial'"):
        apply_text_policy(tables_for(), {"d1": "partial"})


def test_summary_counts_every_policy():
    docs = pl.DataFrame({"doc_id": ["a", "b", "c"], "text_policy": ["full", "none", "full"]})
    assert text_policy_summary(docs) == {"full": 2, "snippet": 0, "none": 1}


def test_keep_spans_clips_out_of_range_spans():
    assert keep_spans("abc\ndef", [(-3, 2), (6, 99)]) == "ab \n  f"


@st.composite
def documents_with_spans(draw):
    text = draw(st.text(alphabet=st.sampled_from('ab .\n"é😀'), max_size=60))
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=6)) + [0, len(text)]))
    sentences = list(zip(cuts, cuts[1:]))
    span = st.tuples(st.integers(-2, len(text) + 2), st.integers(-2, len(text) + 2))
    events = draw(st.lists(span, max_size=3))
    quotes = draw(st.lists(span, max_size=3))
    policy = draw(st.sampled_from(["full", "snippet", "none"]))
    return text, sentences, events, quotes, policy


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents_with_spans())
def test_property_never_raises_and_keeps_offsets(case):
    text, sentences, events, quotes, policy = case
    tables = {
        "documents": frame("documents", [{"doc_id": "d", "text": text}]),
        "sentences": frame(
            "sentences",
            [{"doc_id": "d", "sentence_idx": i, "char_start": s, "char_end": e} for i, (s, e) in enumerate(sentences)],
        ),
        "event_mentions": frame(
            "event_mentions",
            [
                {"event_id": f"e{i}", "doc_id": "d", "sentence_idx": 0, "char_start": s, "char_end": e}
                for i, (s, e) in enumerate(events)
            ],
        ),
        "quotes": frame(
            "quotes",
            [
                {"quote_id": f"q{i}", "doc_id": "d", "text": "", "char_start": s, "char_end": e}
                for i, (s, e) in enumerate(quotes)
            ],
        ),
        "events": frame(
            "events", [{"event_id": f"e{i}", "evidence": text[max(s, 0) : e]} for i, (s, e) in enumerate(events)]
        ),
    }
    out = apply_text_policy(tables, {"d": policy})
    published = out["documents"]["text"][0]
    if policy == "none":
        assert published is None
        assert out["events"]["evidence"].null_count() == out["events"].height
        return
    assert len(published) == len(text)
    for s, e in events + quotes:
        assert published[max(s, 0) : max(e, 0)] == text[max(s, 0) : max(e, 0)]
        for s_start, s_end in sentences:  # quotes and events are widened to whole sentences
            if s_start < e and s_end > s:
                assert published[s_start:s_end] == text[s_start:s_end]
    if policy == "full":
        assert published == text
    else:
        for original, now in zip(text, published):
            assert now == original or (now == " " and original not in "\n\r")
