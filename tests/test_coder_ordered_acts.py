"""The coder's category for acts the dictionary reads in another sense: an order that is itself the act ordered
(CAMEO's ORDER lines code an ordered detention, expulsion or release as that act), and a phrasal verb's own lines
kept in another block of the dictionary ('* OVER &INVESTIGATION [090] # TAKE' for "take over").

Sentences are written for the rules they test, not taken from the annotated sets.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.extract.events.coder import _particle_lines_elsewhere, _verb_patterns, code_verb
from transforms.extract.events.dictionary import lexicon
from transforms.extract.events.triggers import detect_triggers


def _coded(nlp, sentence: str, word: str):
    doc = nlp(sentence)
    return code_verb(next(t for t in doc if t.text == word), lexicon())


# --- an order carried out by the authority that gives it ------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("A judge ordered the editor jailed on Friday.", "173"),
        ("The court ordered him detained for thirty days.", "173"),
        ("The judge ordered the two men deported.", "174"),
        ("The court ordered the editor back to prison on Monday.", "173"),
        ("The magistrate ordered the suspect into custody.", "173"),
    ],
)
def test_an_ordered_detention_or_expulsion_is_the_coercion(nlp, sentence, code):
    got = _coded(nlp, sentence, "ordered")
    assert (got.code, got.plover) == (code, "COERCE")


def test_an_ordered_release_is_the_release(nlp):
    got = _coded(nlp, "The court ordered the activists released.", "ordered")
    released = _coded(nlp, "The police released the activists.", "released")
    assert got.code.startswith("084") and got.plover == released.plover


@pytest.mark.parametrize(
    "sentence",
    [
        "The general ordered the troops to withdraw.",  # an order to act: the one ordered does it
        "The judge ordered him to be detained.",  # a to-infinitive, whatever it names
        "The minister ordered the report published.",  # a participle that is no act of the table
        "The court ordered a new trial.",  # no participle
    ],
)
def test_other_orders_keep_the_demand(nlp, sentence):
    got = _coded(nlp, sentence, "ordered")
    assert (got.code, got.plover) == ("100", "DEMAND")


def test_a_detention_without_an_order_keeps_its_own_code(nlp):
    got = _coded(nlp, "Police detained the editor on Friday.", "detained")
    assert (got.code, got.plover) == ("173", "COERCE")


def test_every_ordered_act_row_names_a_dictionary_verb_and_a_coded_prefix():
    lex = lexicon()
    assert lex.ordered_acts
    for verb, rows in lex.ordered_acts.items():
        assert verb in lex.verbs
        for prefix, source in rows:
            assert prefix.isdigit() and lex.plover_of(prefix.ljust(3, "0")) is not None
            assert source.startswith("news_ordered_acts.tsv:")


# --- a phrasal verb's lines in another block ------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "coded"),
    [
        ("The federal agency took over the investigation on Monday.", ("090", "INVESTIGATE")),  # APPREHEND's line
        ("Rebels took over the town on Monday.", ("171", "COERCE")),  # TAKE_CONTROL's own reading
    ],
)
def test_took_over_reads_its_own_lines_in_both_blocks(nlp, sentence, coded):
    got = _coded(nlp, sentence, "took")
    assert (got.code, got.plover) == coded


def test_bare_particle_lines_of_other_blocks_are_not_read():
    # '* OFF [046] # KICK' (PHYSICAL_CONFLICT) restates "kick off", which the dictionary lists under START
    lex = lexicon()
    lines = _particle_lines_elsewhere(lex, "START", "kick", ("off",))
    assert all(len(p.objects) > 1 or p.preps or p.subject for p in lines)
    bare = [p for ps in lex.patterns.values() for p in ps if p.verbs == ("kick",) and len(p.objects) == 1]
    assert bare and not set(bare) & set(_verb_patterns(lex, "START", "kick", ("off",)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.sampled_from(sorted({(e.lemma, e.block, e.particle) for es in lexicon().verbs.values() for e in es})),
)
def test_lines_read_from_elsewhere_are_written_for_the_verb_and_start_with_its_particle(entry):
    lemma, block, particle = entry
    for p in _particle_lines_elsewhere(lexicon(), block, lemma, particle):
        assert particle and lemma in p.verbs and p.objects[0].head == particle[0] and p.block != block


# --- a done endorsement read as an intent ---------------------------------------------------------


@pytest.mark.parametrize("sentence", ["Spain supported the call for a meeting.", "Germany backed the call for talks."])
def test_backing_a_call_is_support_done(nlp, sentence):
    verb = next(t for t in nlp(sentence) if t.dep_ == "ROOT")
    got = code_verb(verb, lexicon())
    assert got.plover == "SUPPORT" and not got.code.startswith("03")


def test_an_intent_to_back_a_call_stays_an_intent(nlp):
    cats = [t.category for t in detect_triggers(nlp("France said it would back the call for sanctions.")[:])]
    assert cats == ["AGREE"]
