"""The extract stage's shortcuts give what the plain computations give (bench/extract_speed.py measures the speed).

Each shortcut (the coder's pattern index and its kept pattern lists, the quotation-mark scan, text cut from the
document's text, the discard phrases' trie, the trigger passes' token screens and word counts, question marks and
capitalised words read from the parse's columns, actor codes kept per phrase) is checked against the plain
computation it replaces, on real VOA stories and on generated text.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SHARED_DATA
from transforms.extract.coref import paired_marks, quoted_spans
from transforms.extract.events.coder import (
    best_pattern,
    code_verb,
    outranks,
    pattern_matches,
    verb_arguments,
    verb_entry,
)
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
    """Over a new list of the patterns (an index built for it) and over the list the coder keeps per block and verb
    (its index found by the list's identity)."""
    from transforms.extract.events.coder import _particle_lines_elsewhere, _verb_patterns

    lex = lexicon()
    checked = matched = 0
    for doc in voa_docs:
        for v in doc:
            if v.pos_ not in ("VERB", "AUX"):
                continue
            entry = verb_entry(v, lex)
            block, key = (entry.block, entry.lemma) if entry is not None else (None, v.lemma_.lower())
            particle = entry.particle if entry is not None else ()
            # the block's lines that apply to this verb (a particle line keeps to the verbs it was written for),
            # the phrasal verb's own lines of other blocks, then ours
            own = [p for p in lex.patterns.get(block, []) if p.applies_to(key)] if entry is not None else []
            plain = own + _particle_lines_elsewhere(lex, block, key, particle) + lex.news_patterns.get(key, [])
            kept = _verb_patterns(lex, block, key, particle)
            assert kept == plain and _verb_patterns(lex, block, key, particle) is kept  # one list per key
            args = verb_arguments(v)
            for a in (args, args.widened(), args.widened(lex)):
                want = _every_pattern(plain, a, lex)
                assert best_pattern(list(plain), a, lex) is want, (v.sent.text, v.text)
                assert best_pattern(kept, a, lex) is want, (v.sent.text, v.text)
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


def _flat_discard_pattern(scope: str):
    """The discard phrases of one scope as a flat alternation, longest first (what the trie replaces)."""
    import re

    alternatives = []
    for phrase_scope, phrase, match in lexicon().discards:
        if phrase_scope == scope:
            body = r"\s+".join(re.escape(w) for w in phrase.split())
            alternatives.append(rf"\b{body}\b" if match == "word" else rf"\b{body}")
    return re.compile("|".join(sorted(set(alternatives), key=len, reverse=True)))


def test_discard_trie_finds_a_phrase_where_the_flat_alternation_does():
    from transforms.extract.events.codable import _discard_patterns

    for scope, trie in zip(("sentence", "story"), _discard_patterns(), strict=True):
        flat = _flat_discard_pattern(scope)
        phrases = [p for s, p, _ in lexicon().discards if s == scope]
        texts = [json.loads(line)["text"].lower() for line in VOA.read_text(encoding="utf-8").splitlines()]
        for p in phrases:  # each phrase alone, run on into a longer word, glued to one before, split by a break
            texts += [p, f"the {p}s said", f"x{p} y", p.replace(" ", "\n  "), p[:-1], f"{p}-led"]
        hits = 0
        for text in texts:
            assert (trie.search(text) is None) == (flat.search(text) is None), (scope, text[:80])
            hits += trie.search(text) is not None
        assert 0 < hits < len(texts)  # both outcomes are compared


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcdefgilmnoprstuwy -'\n2")), max_size=60))
def test_discard_trie_on_generated_text(text):
    from transforms.extract.events.codable import _discard_patterns

    trie = _discard_patterns()[0]
    assert (trie.search(text) is None) == (_flat_discard_pattern("sentence").search(text) is None)


def test_phrase_trie_matches_the_union_of_its_phrases():
    import re

    from transforms.extract.events.phrase_regex import phrase_atoms, trie_pattern

    phrases = ["cup", "cup final", "world cup", "world series"]
    rx = re.compile(r"\b(?:" + trie_pattern([phrase_atoms(p, whole_word=True) for p in phrases]) + ")")
    assert rx.fullmatch("cup") and rx.fullmatch("cup   final") and rx.fullmatch("world series")
    assert rx.search("the world  cup ended") and not rx.search("cupboard") and not rx.search("worlds")
    stem = re.compile(r"\b(?:" + trie_pattern([phrase_atoms("footbal", whole_word=False)]) + ")")
    assert stem.search("footballer") and not stem.search("afootball")


def test_screened_tokens_are_the_sentences_tokens_of_each_class(voa_docs):
    from transforms.extract.events.triggers import _screened, _word_count

    classes = {
        "verb": lambda t: t.pos_ in ("VERB", "AUX"),
        "noun": lambda t: t.pos_ in ("NOUN", "PROPN"),
        "be": lambda t: t.lemma_.lower() == "be",
        "pobj": lambda t: t.dep_ == "pobj",
        "past": lambda t: t.tag_ in ("VBD", "VBN"),
    }
    for doc in voa_docs:
        for sent in doc.sents:
            assert _word_count(sent) == len([t for t in sent if not t.is_space])
            for kind, member in classes.items():
                assert [t.i for t in _screened(sent, kind)] == [t.i for t in sent if member(t)], kind


def test_question_marks_and_capitalised_words_read_from_columns(voa_docs, nlp):
    from transforms.extract.entity_rules import _capitalised_words
    from transforms.extract.events.codable import _question_mark_in

    docs = [*voa_docs, nlp('Will they attack? "Why?" she asked.  Who knows?'), nlp("?")]
    marks = 0
    for doc in docs:
        assert _capitalised_words(doc) == [t.is_alpha and t.text[:1].isupper() for t in doc]
        for start in range(0, len(doc), 3):
            for end in (start, start + 1, start + 4, start + 30):
                want = any(t.text == "?" for t in doc[start:end])
                assert _question_mark_in(doc, start, end) == want
                marks += want
    assert marks > 10


def test_actor_codes_kept_per_phrase_are_the_computed_codes_and_fresh_lists():
    from datetime import date

    from transforms.extract.events.actors import _phrase_codes, actor_codes, dictionaries

    phrases = [("U.S. President Donald Trump", "PERSON"), ("Iraqi police", None), ("Iraqi forces", None)]
    for text, label in phrases:
        first = actor_codes(text, entity_type=label, on_date=date(2020, 1, 1))
        assert first == _phrase_codes(text, dictionaries(), label, None, date(2020, 1, 1), None, None)
        assert first  # the phrases have codes: the comparison is not between empty lists
        first.append("XXX")
        assert actor_codes(text, entity_type=label, on_date=date(2020, 1, 1)) == first[:-1]
    assert actor_codes("the police", context_country="IRQ") != actor_codes("the police")  # the key holds it


def _coded_verb_rules_first(v, lex, *, headline=frozenset()):
    """The trigger pass's verb test in its former order: the codability rules before the mood (what the order of
    cheap checks first replaces)."""
    from transforms.extract.events.mood import irrealis_ancestor, mood_of
    from transforms.extract.events.triggers import _not_codable

    if v.pos_ not in ("VERB", "AUX") or v.dep_ in ("aux", "auxpass") or v.lemma_.lower() == "be":
        return None
    if v.lower_ in lex.words["prepositional_participles"]:
        return None
    coded = code_verb(v, lex)
    if coded is None or coded.plover is None or _not_codable(v, coded, lex, headline=headline):
        return None
    mood = mood_of(v, coded.plover, lex)
    if mood is None or irrealis_ancestor(v, mood.frame_head if mood.frame_head is not None else v, lex):
        return None
    return coded, mood


def test_coded_verb_with_the_mood_first_equals_the_rules_first(voa_docs, nlp):
    """Also with every verb read as a headline's main verb (the codability rules that spare a headline)."""
    from transforms.extract.events.triggers import _coded_verb

    lex = lexicon()
    headlines = [nlp("Police arrest opposition leader as rebels attack city"), nlp("3 killed in blast, army says")]
    kept = rejected = 0
    for doc in [*voa_docs, *headlines]:
        verbs = frozenset(t.i for t in doc if t.pos_ in ("VERB", "AUX"))
        for v in doc:
            for headline in (frozenset(), verbs):
                want = _coded_verb_rules_first(v, lex, headline=headline)
                assert _coded_verb(v, lex, headline=headline) == want, (v.sent.text, v.text)
                if v.i in verbs and code_verb(v, lex) is not None:
                    kept += want is not None
                    rejected += want is None
    assert kept > 20 and rejected > 20  # both outcomes are compared
