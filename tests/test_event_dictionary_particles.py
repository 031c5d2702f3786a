"""The converted CAMEO verb dictionary: a pattern that starts with a phrasal-verb particle applies to the verbs it was
written for, a prepositional pattern to every verb of its block; the comments' verbs are read as lemmas; the
conversion script's table of how each kind of dictionary line is read.

Sentences are written for the rules they test (Quirk et al. 1985, 16.2-16.6: a particle forms a lexeme with its own
verb), not taken from the annotated sets.
"""

from __future__ import annotations

import importlib.util

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from transforms.extract.events.coder import _verb_patterns, code_verb
from transforms.extract.events.dictionary import Noun, Pattern, lexicon, read_tsv


@pytest.fixture(scope="module")
def build():
    spec = importlib.util.spec_from_file_location("build", ROOT / "scripts" / "build_event_dictionary.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# a dictionary of one block written for this file: two verbs, a particle pattern written for one of them, a
# prepositional pattern written for the other, a particle pattern whose comment names an irregular past form and
# one that names no verb
TOY = """
&TALKS
+TALKS
####### VERB PATTERNS #######
---  STEER_GUIDE   [060]  ---
STEER
GUIDE
HEAD
THROW {THROWS THREW THROWN THROWING}
- * BACK TO                                  [042]    # HEAD
- * (AGAINST PLAN)                           [111]    # GUIDE
- * OUT &TALKS                               [161]    # THREW
- * AWAY                                     [080]
- * (FOR TALKS)                              [046]    # HEADED
""".splitlines()


def _rows(build, lines):
    _verbs, patterns = build.read_verbs_and_patterns(lines)
    return {
        r[8]: dict(zip(("object", "object_preps", "written_for", "particle", "verbs"), r[3:5] + r[7:8] + r[11:]))
        for r in patterns
    }


def test_a_particle_pattern_is_limited_to_the_verb_its_comment_names(build):
    rows = _rows(build, TOY)
    back = next(r for r in rows.values() if r["object"] == "back to")
    assert back["particle"] == "back" and back["verbs"] == "head"


def test_a_prepositional_pattern_stays_with_the_whole_block(build):
    rows = _rows(build, TOY)
    against = next(r for r in rows.values() if r["object_preps"] == "against(plan)")
    assert against["particle"] == "" and against["verbs"] == ""
    assert against["written_for"] == "guide"


def test_a_comment_naming_an_inflected_form_is_read_as_the_lemma(build):
    rows = _rows(build, TOY)
    out = next(r for r in rows.values() if r["object"].startswith("out"))
    assert out["written_for"] == "throw" and out["verbs"] == "throw"
    headed = next(r for r in rows.values() if r["object_preps"] == "for(talks)")
    assert headed["written_for"] == "head"  # a regular past form


def test_a_particle_pattern_naming_no_verb_goes_to_the_verbs_the_block_is_named_after(build):
    rows = _rows(build, TOY)
    away = next(r for r in rows.values() if r["object"] == "away")
    assert away["written_for"] == "" and away["verbs"] == "steer,guide"


def test_inflection_stems_find_regular_and_doubled_forms(build):
    forms = {"step": "step", "rally": "rally", "throw": "throw", "threw": "throw", "fell": "fell", "fall": "fall"}
    assert build._lemma_in_block("stepped up", forms) == "step up"
    assert build._lemma_in_block("rallied", forms) == "rally"
    assert build._lemma_in_block("threw", forms) == "throw"
    assert build._lemma_in_block("fell", forms) == "fell"  # a lemma of the block is itself
    assert build._lemma_in_block("urge", forms) == "urge"  # no verb of the block: as written


def test_the_table_counts_the_toy_dictionary(build):
    table = {kind: (count, ours) for kind, count, _theirs, ours in build.conversion_table(TOY)}
    assert table["pattern lines converted"][0] == 5
    assert table["pattern lines without a code or '*'"][0] == 0
    particle = table["particle patterns ('* BACK TO # HEAD')"]
    assert particle[0] == 3
    assert "the comment's 2" in particle[1] and "the block's name 1" in particle[1] and "every verb 0" in particle[1]
    assert table["comments naming an inflected form ('# THREW')"][0] == 2
    assert table["lines whose comment names verbs"][0] == 4


def test_the_table_of_the_real_dictionary_matches_the_committed_rows(build):
    lines = (build.PETRARCH / "CAMEO.2.0.txt").read_text(encoding="latin-1").splitlines()
    table = {kind: count for kind, count, _theirs, _ours in build.conversion_table(lines)}
    rows = read_tsv("cameo_patterns.tsv")
    assert table["pattern lines converted"] == len(rows)
    particle_rows = [r for r in rows if r["particle"]]
    assert table["particle patterns ('* BACK TO # HEAD')"] == len(particle_rows) > 0
    assert all(r["object"].split()[0] == r["particle"] for r in particle_rows)


def test_a_mark_after_the_code_is_read_as_petrarch2_reads_it(build):
    # PETRARCH2 reads a code its table lacks by its first two digits ('080!' -> 080): the line is not lost
    assert build._code(" * DOWN (FROM)   [080!]   # BACK") == ("080", "")
    assert build._code(" * DOWN   [042:043]") == ("042", "043")
    rows = _rows(build, [*TOY, "- * DOWN (FROM)                              [080!]   # HEAD"])
    assert any(r["object"] == "down" and r["object_preps"] == "from()" and r["verbs"] == "head" for r in rows.values())


def test_every_particle_pattern_names_the_verbs_it_applies_to():
    for r in read_tsv("cameo_patterns.tsv"):
        if r["particle"]:
            assert r["verbs"], r


# --- the coder ----------------------------------------------------------------------------------------


def test_pattern_applies_to():
    p = Pattern((), (), (Noun("back"), Noun("to")), (), "042", "test", verbs=("head",))
    assert p.applies_to("head") and not p.applies_to("order")
    assert Pattern((), (), (Noun("plan"),), (), "111", "test").applies_to("order")


def test_a_block_mate_does_not_get_the_particle_pattern():
    lex = lexicon()
    own = {p.source for p in _verb_patterns(lex, "OVERSEE_MANAGE", "head")}
    mate = {p.source for p in _verb_patterns(lex, "OVERSEE_MANAGE", "order")}
    back_to = next(p.source for p in lex.patterns["OVERSEE_MANAGE"] if [n.head for n in p.objects] == ["back", "to"])
    assert back_to in own and back_to not in mate
    # the block's prepositional patterns are the same for both verbs
    prepositional = {p.source for p in lex.patterns["OVERSEE_MANAGE"] if p.preps and not p.objects}
    assert prepositional <= own and prepositional <= mate


def _coded(nlp, sentence: str, word: str):
    doc = nlp(sentence)
    return code_verb(next(t for t in doc if t.text == word), lexicon())


def test_heading_back_is_travel_and_ordering_back_is_not(nlp):
    went = _coded(nlp, "The envoy headed back to the capital.", "headed")
    assert went.code == "042" and went.plover == "CONSULT"
    sent = _coded(nlp, "The general ordered the prisoners back to their cells.", "ordered")
    assert sent.code != "042" and sent.plover != "CONSULT"


def test_a_prepositional_pattern_still_generalises_to_a_block_mate(nlp):
    # '- * (FOR STATEHOOD) [1044] # FIGHT': struggling for statehood is the same demand
    for verb, sentence in (
        ("fought", "The rebels fought for statehood."),
        ("struggled", "The rebels struggled for statehood."),
    ):
        got = _coded(nlp, sentence, verb)
        assert got.code == "1044", (sentence, got)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12),
    st.lists(st.sampled_from(["up", "off", "out", "back"]), max_size=2),
)
def test_a_comment_verb_keeps_its_particle_and_becomes_a_lemma_or_stays(build, word, particle):
    forms = {"step": "step", "stepped": "step", "rally": "rally", "throw": "throw", "threw": "throw"}
    got = build._lemma_in_block(" ".join([word, *particle]), forms).split()
    assert got[1:] == particle
    assert got[0] == word or got[0] in forms.values()
