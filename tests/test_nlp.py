"""NLP stage: pipeline loading, batched parsing, serialisable docs and sentence spans."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from transforms.nlp.pipeline import ModelNotInstalledError, load_base_model, parse_texts
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
