"""NLP stage: pipeline loading, batched parsing, serialisable docs and sentence spans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from transforms.nlp.pipeline import (
    ModelNotInstalledError,
    iter_parsed,
    load_base_model,
    parse_texts,
    split_long_text,
)
from transforms.nlp.sentences import build_sentences
from transforms.schemas import TABLES

TEXTS = [
    "Baku mulls amnesty to groups in Nagorno-Karabakh. Hajiyev said the talks would go on.",
    "Protesters in Yerevan called on Pashinyan to resign.",
]


def test_pipeline_has_entity_fixer(nlp):
    assert nlp.pipe_names[-1] == "newsevents_entity_fixer"


def test_missing_model_gives_clear_error():
    with pytest.raises(ModelNotInstalledError, match="No spaCy English model"):
        load_base_model("no_such_model_package")


def test_parse_texts_batches_and_processes_agree(nlp):
    one = parse_texts(nlp, TEXTS, batch_size=1)
    two = parse_texts(nlp, TEXTS, n_process=2, batch_size=1)
    assert [d.text for d in one] == TEXTS
    assert [[(e.text, e.label_) for e in d.ents] for d in one] == [[(e.text, e.label_) for e in d.ents] for d in two]
    # A place from context ("in X"): no word list may name the seeds' own places, so GPE or LOC.
    assert {label for text, label in {(e.text, e.label_) for e in one[0].ents} if text == "Nagorno-Karabakh"} <= {
        "GPE",
        "LOC",
    }
    assert "Nagorno-Karabakh" in {e.text for e in one[0].ents}


def test_docs_round_trip_through_bytes(nlp):
    doc = parse_texts(nlp, TEXTS[:1])[0]
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert [(e.start_char, e.end_char, e.label_) for e in again.ents] == [
        (e.start_char, e.end_char, e.label_) for e in doc.ents
    ]
    assert [s.start_char for s in again.sents] == [s.start_char for s in doc.sents]


def test_build_sentences_spans(nlp):
    docs = parse_texts(nlp, TEXTS)
    sents = build_sentences(["a", "b"], docs)
    assert sents.schema == TABLES["sentences"].schema
    a = sents.filter(sents["doc_id"] == "a")
    assert a["sentence_idx"].to_list() == list(range(a.height)) and a.height == 2
    assert TEXTS[0][a["char_start"][1] : a["char_end"][1]] == "Hajiyev said the talks would go on."
    assert build_sentences([], []).height == 0


# --- long texts ---------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .!?\n\t\"'”"), max_size=400), st.integers(min_value=1, max_value=60))
def test_split_long_text_is_lossless_and_bounded(text, max_chars):
    pieces = split_long_text(text, max_chars)
    assert "".join(pieces) == text
    assert all(0 < len(p) <= max_chars for p in pieces) or pieces == [""]


def test_split_prefers_paragraphs_then_sentences_then_whitespace():
    para = "One two three. Four five six.\n\n"
    assert split_long_text(para * 3, 70) == [para * 2, para]
    sentences = "One two three. Four five six. Seven eight nine."
    assert split_long_text(sentences, 35) == ["One two three. Four five six. ", "Seven eight nine."]
    words = "alpha beta gamma delta"
    assert split_long_text(words, 12) == ["alpha beta ", "gamma delta"]
    assert split_long_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


LONG_PARAGRAPH = (
    "The council in Leeds approved the budget on Tuesday. Mary Jones, the treasurer, said the vote was close.\n\n"
)


def _sentence_spans(doc):
    return [(s.start_char, s.end_char) for s in doc.sents]


def test_text_over_max_length_is_parsed_in_pieces_into_one_doc(nlp):
    text = "Short opening line.\n\n" + LONG_PARAGRAPH * 40 + "Closing words without a final newline"
    old_max = nlp.max_length
    nlp.max_length = 1500  # spaCy would raise E088 on the whole text
    try:
        short, long_doc, after = parse_texts(nlp, ["First.", text, "After."])
    finally:
        nlp.max_length = old_max
    assert [short.text, after.text] == ["First.", "After."]
    assert long_doc.text == text and len(text) > 1500
    spans = _sentence_spans(long_doc)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(spans, spans[1:]))
    # entities in every piece, with offsets into the whole text
    people = [(e.start_char, e.end_char) for e in long_doc.ents if e.label_ == "PERSON"]
    assert len(people) >= 30 and all(text[s:e] == "Mary Jones" for s, e in people)
    # pieces change nothing inside a paragraph: the same paragraph parses the same wherever it is
    whole = parse_texts(nlp, [LONG_PARAGRAPH])[0]
    offset = text.index(LONG_PARAGRAPH, len(text) // 2)
    piece_sents = [(s - offset, e - offset) for s, e in spans if offset <= s < offset + len(LONG_PARAGRAPH)]
    assert piece_sents == _sentence_spans(whole)


def test_long_doc_round_trips_through_bytes(nlp):
    text = LONG_PARAGRAPH * 10
    doc = list(iter_parsed(nlp, [text], long_text_chars=300, piece_chars=250))[0]
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert again.text == text and _sentence_spans(again) == _sentence_spans(doc)
