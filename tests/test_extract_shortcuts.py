"""The extract stage's shortcuts give what the plain computations give (bench/extract_speed.py measures the speed).

Each shortcut (the coder's pattern index, the quotation-mark scan, text cut from the document's text) is checked
against the plain computation it replaces, on real VOA stories and on generated text.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SHARED_DATA
from transforms.extract.coref import paired_marks, quoted_spans
from transforms.extract.events.coder import best_pattern, outranks, pattern_matches, verb_arguments, verb_entry
from transforms.extract.events.dictionary import lexicon
from transforms.nlp.sentences import document_text, span_text

VOA = SHARED_DATA / "voa" / "voa_stories.jsonl"


@pytest.fixture(scope="module")
def voa_docs(nlp):
    stories = [json.loads(line)["text"] for line in VOA.read_text(encoding="utf-8").splitlines()[:12]]
    return list(nlp.pipe(stories))


def _every_pattern(patterns, args, lex):
    """best_pattern without its index: every pattern of the list tested in full, in order."""
    best = None
    for p in patterns:
        if p.size == 0 or not outranks(p, best):
            continue
        if pattern_matches(p, args, lex):
            best = p
    return best


def test_pattern_index_chooses_what_testing_every_pattern_chooses(voa_docs):
    lex = lexicon()
    checked = matched = 0
    for doc in voa_docs:
        for v in doc:
            if v.pos_ not in ("VERB", "AUX"):
                continue
            entry = verb_entry(v, lex)
            cameo = lex.patterns.get(entry.block, []) if entry is not None else []
            news = lex.news_patterns.get(entry.lemma if entry else v.lemma_.lower(), [])
            args = verb_arguments(v)
            for a in (args, args.widened()):
                want = _every_pattern(cameo + news, a, lex)
                assert best_pattern(cameo + news, a, lex) is want, (v.sent.text, v.text)
                checked += 1
                matched += want is not None
    assert checked > 500 and matched > 20  # the stories exercise both outcomes


def _quoted_spans_by_character(text: str) -> list[tuple[int, int]]:
    """quoted_spans read character by character (what its scan of marks and line breaks replaces)."""
    return paired_marks(text, enumerate(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab .,\n\t(-:"“”„«»\u00a0')), max_size=80))
def test_quoted_spans_scan_equals_reading_every_character(text):
    assert quoted_spans(text) == _quoted_spans_by_character(text)


def test_quoted_spans_on_stories():
    for line in VOA.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        assert quoted_spans(text) == _quoted_spans_by_character(text)


def test_span_text_is_the_spans_own_text(voa_docs, nlp):
    docs = [*voa_docs, nlp("  Leading spaces.  Two  spaces\n\nand a break "), nlp("")]
    for doc in docs:
        assert document_text(doc) == doc.text
        spans = [*doc.sents, *doc.ents, *(doc[i : i + 3] for i in range(0, len(doc), 7))]
        for span in spans:
            assert span_text(span) == span.text


def test_cue_lemma_positions_are_the_tokens_with_a_reporting_lemma(voa_docs):
    from transforms.extract.quotes import CUE_LEMMAS, _cue_lemma_positions

    found = 0
    for doc in voa_docs:
        want = [t.i for t in doc if t.lemma_.lower() in CUE_LEMMAS]
        assert _cue_lemma_positions(doc) == want
        found += len(want)
    assert found > 50  # the stories report speech: the comparison is not between empty lists
