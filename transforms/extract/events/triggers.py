"""PLOVER event triggers in a parsed sentence: the CAMEO coder, mood rules and codability filters.

``detect_triggers(sent)`` codes every verb of the sentence with the CAMEO dictionary interpreter
(``coder.py``: CAMEO verb patterns converted from PETRARCH2, then our news patterns for what the
dictionaries lack), keeps what is codable (``codable.py``: no questions, generic or habitual
statements, speculation, discard contexts, accidents), reads the mood of each act (``mood.py``:
intent, threat, refusal, reported, hypothetical) and returns the best trigger per PLOVER category,
ranked best first (closest to the sentence root, then strongest).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from transforms.extract.events.codable import (
    VERBAL,
    accidental,
    agent_like,
    discarded,
    figure_reached,
    generic_or_habitual,
    heading,
    inanimate_source,
    intent_not_cooperative,
    present_state,
    question,
    speculative,
    statement_refusal,
    warning_not_threat,
)
from transforms.extract.events.coder import STRENGTH, Coded, code_noun, code_verb
from transforms.extract.events.dictionary import NULL_CODES, Lexicon, lexicon
from transforms.extract.events.mood import Mood, depth, irrealis_ancestor, mood_of

# Output of detect_triggers(): one candidate event per trigger.
TRIGGER_SCHEMA = {
    "category": "PLOVER category",
    "token_i": "doc index of the trigger token",
    "anchor_i": "doc index of the verb whose arguments give the roles",
    "text": "trigger phrase",
    "strength": "lexical strength x mood factor, 0..1",
    "mood": "realis|reported|intent|threat|refusal|obligation",
    "depth": "distance of the anchor from the sentence root",
    "cameo_code": "CAMEO event code of the pattern that matched",
    "roles_reversed": "true for a CAMEO passive code: the anchor's subject is the target, not the actor",
    "source": "data file and line the code comes from",
}

# Reporting verbs: a that-clause under one of them is reported speech (also used to date events).
REPORTING = lexicon().words["reporting"]
# Nominal events coded on their own only in a temporal frame ("during a meeting between X and Y").
FRAME_CATEGORIES = {"CONSULT", "ASSAULT", "PROTEST"}

FRAME_PREPS = {"during", "at", "after", "following"}


@dataclass
class Trigger:
    category: str
    token_i: int
    anchor_i: int
    text: str
    strength: float
    mood: str
    depth: int
    cameo_code: str = ""
    roles_reversed: bool = False
    source: str = ""  # data file and line of the code ('CAMEO.2.0.txt:8817', 'news_nouns.tsv:40')


SUBJECT_OR_AUX = ("nsubj", "nsubjpass", "aux", "auxpass")


def _not_codable(v, coded: Coded, lex: Lexicon) -> str | None:
    """The reason a coded verb does not report a codable act, or None."""
    from_pattern = coded.kind in ("pattern", "news_pattern")
    for reason in (
        question(v),
        generic_or_habitual(v, lex),
        present_state(v, coded.plover),
        inanimate_source(v, coded.plover, lex),
        speculative(v, lex),
        accidental(v, lex, from_pattern=from_pattern) if coded.plover == "ASSAULT" else None,
        statement_refusal(v, lex) if coded.plover == "REJECT" else None,
        figure_reached(v, coded.plover, lex),
        warning_not_threat(v, coded.plover, lex),
        intent_not_cooperative(v, coded.plover, lex),
    ):
        if reason:
            return reason
    if v.lemma_.lower() in lex.words["forecast_heads"] and any(c.dep_ == "xcomp" for c in v.children):
        return "forecast"  # "will tend to close", "is projected to grow": the verb frames a forecast, it is no act
    if v.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass") and _people_by_participle(v):
        return "participle_as_noun"  # "receiving the injured": the parser keeps the verb tag on a noun of people
    if v.dep_ == "amod":
        return "adjectival_participle"  # "armed groups", "deployed" as an adjective
    if v.dep_ == "acl" and not (coded.plover == "ASSAULT" and any(c.dep_ == "dobj" for c in v.children)):
        # "formations deployed in ...": a participle backgrounds its act; but "a declaration demanding that ..."
        # states the verbal act itself (PLOVER verbal categories)
        if v.tag_ == "VBN" or v.tag_ == "VBG" and coded.plover not in VERBAL | {"ASSAULT"}:
            return "backgrounded_participle"
    if (
        v.dep_ == "advcl"
        and v.tag_ == "VBN"
        and v.i < v.head.i
        and not any(c.dep_ in SUBJECT_OR_AUX for c in v.children)
    ):
        # "Pressed on how sure he was, X said": a fronted passive participle adjunct sets the scene (Quirk et
        # al. 15.58, supplementive clauses); a trailing one can report the act itself ("is dead, killed in an
        # air strike")
        return "backgrounded_participle"
    if v.dep_ in ("csubj", "csubjpass") and v.tag_ == "VBG":
        return "gerund_subject"  # "removing the sanctions is out of the question": a kind of act, not one done
    if coded.plover != "DEMAND" and v.lemma_.lower() in lex.words["demand_heads"]:
        if any(c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") for c in v.children):
            return "appeal"  # "we encourage everybody to visit": urging with a to-infinitive is an appeal (CAMEO 02)
    if coded.kind in ("verb", "block") and v.lemma_.lower() in REPORTING:
        if any(c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX") and not _mandative(c) for c in v.children):
            return "reporting_verb"  # "claims to be manufacturing": the complement is the news, not the claim
    return None


def _mandative(c) -> bool:
    """A mandative subjunctive complement ("insisted that the government scrap the reform"): a bare verb after a
    singular noun subject, with no auxiliary, states what is required, not what is reported (CAMEO 10 DEMAND).
    The word form decides, not the tag: the tagger often reads the bare form as a past or a noun."""
    return (
        c.dep_ == "ccomp"
        and c.lower_ == c.lemma_.lower()
        and any(s.dep_ == "nsubj" and s.tag_ in ("NN", "NNP") for s in c.children)
        and not any(a.dep_ in ("aux", "auxpass") for a in c.children)
    )


RIOT_CODES = frozenset({"180", "182", "190"})  # unconventional violence, physical assault, conventional force


DISSENT = frozenset({"DISAPPROVE", "PROTEST", "DEMAND", "REJECT"})


def _gathered_to_dissent(v, lex: Lexicon) -> bool:
    """The verb has a purpose infinitive of dissent ('gathered to denounce', 'assembled to demand')."""
    for c in v.children:
        if c.dep_ in ("xcomp", "advcl") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            got = code_verb(c, lex)
            if got is not None and got.plover in DISSENT and got.kind != "block":
                return True
    return False


def _voiced_by(v, nouns: frozenset[str]) -> bool:
    """The verb's subject (or the noun a participle modifies) is one of ``nouns``."""
    subjects = [c for c in v.children if c.dep_ == "nsubj"] or ([v.head] if v.dep_ in ("acl", "relcl") else [])
    if not subjects and v.dep_ == "conj":
        return _voiced_by(v.head, nouns)  # "protesters burned tyres and threw stones": the subject is shared
    return any(s.lemma_.lower() in nouns or s.lower_ in nouns for s in subjects)


def _negated_noun(n) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "no" for c in n.children)


def _people_by_participle(n) -> bool:
    """'receiving the injured', 'the wounded', 'the accused': a participle used as a noun names people, not an act."""
    return (
        n.tag_ in ("NN", "NNS", "JJ", "VBN", "VBD")
        and n.lower_.endswith("ed")
        and any(c.lower_ == "the" for c in n.children)
    )


SHOW_OF_FORCE = frozenset({"150"})  # CAMEO 150 "Demonstrate military or police power" (exercises, drills)


def _joint(v, noun, lex: Lexicon) -> bool:
    """Two or more parties act together: conjoined subjects ('X and Y held drills'), conjoined nationality
    modifiers of the subject ('French and Egyptian warships'), or a comitative 'with' naming a party."""
    for s in (c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")):
        if any(c.dep_ == "conj" for c in s.children):
            return True
        if any(m.dep_ in ("amod", "compound") and any(c.dep_ == "conj" for c in m.children) for m in s.children):
            return True
    for head in (v, noun):
        for p in head.children:
            if p.dep_ == "prep" and p.lower_ == "with" and any(agent_like(o, lex) for o in p.children):
                return True
    return False


def _recoded(v, coded, mood: Mood, sent, lex: Lexicon):
    """(coded, mood) after the codebook's reclassifications by who acts and with whom."""
    if mood.category == "DEMAND" and _voiced_by(v, lex.words["protester_nouns"]):
        mood = Mood("PROTEST", mood.mood, mood.factor, mood.frame_head)  # demands in the form of protests
    if mood.category == "CONSULT" and _gathered_to_dissent(v, lex):
        # "thousands gathered to denounce the government": assembling to voice dissent is a rally (CAMEO 141)
        mood = Mood("PROTEST", mood.mood, mood.factor, mood.frame_head)
        coded = replace(coded, code="141", plover="PROTEST")
    if mood.category == "ASSAULT" and coded.code in RIOT_CODES and _voiced_by(v, lex.words["protester_nouns"]):
        # protesters who throw stones or attack the police protest violently (CAMEO 145 "Protest violently,
        # riot", PLOVER PROTEST); abductions, bombings and killings keep their codes
        mood = Mood("PROTEST", mood.mood, mood.factor, mood.frame_head)
        coded = replace(coded, code="145", plover="PROTEST")
    if coded.code in SHOW_OF_FORCE and _joint(v, sent.doc[coded.token_i], lex):
        # "French and Egyptian warships launched war games", "held drills with the navy of X": exercises held
        # together are military cooperation (PLOVER COOPERATE: "joint military games and maneuvers")
        coded = replace(coded, code="062", plover="COOPERATE")
        mood = Mood("COOPERATE", mood.mood, mood.factor, mood.frame_head)
    return coded, mood


def _coded_verb(v, lex: Lexicon):
    """(coded, mood) of a verb that reports a codable act, else None."""
    if v.pos_ not in ("VERB", "AUX") or v.dep_ in ("aux", "auxpass") or v.lemma_.lower() == "be":
        return None
    if v.lower_ in lex.words["prepositional_participles"]:
        return None
    coded = code_verb(v, lex)
    if coded is None or coded.plover is None or _not_codable(v, coded, lex):
        return None
    mood = mood_of(v, coded.plover, lex)
    if mood is None or irrealis_ancestor(v, mood.frame_head if mood.frame_head is not None else v, lex):
        return None
    return coded, mood


def _verb_triggers(sent, lex: Lexicon) -> tuple[list[Trigger], set[int]]:
    out, used_nouns, threat_frames = [], set(), set()
    for v in sent:
        found = _coded_verb(v, lex)
        if found is None:
            continue
        coded, mood = _recoded(v, *found, sent, lex)
        if coded.token_i != v.i:
            noun = sent.doc[coded.token_i]
            if _people_by_participle(noun) or _negated_noun(noun):
                continue  # "receiving the injured"; "had no discussion", "reached no deal": nothing happened
            used_nouns.add(coded.token_i)
        if mood.category == "THREATEN" and mood.frame_head is not None:
            threat_frames.add(mood.frame_head.i)
        out.append(
            Trigger(
                mood.category,
                coded.token_i,
                v.i,
                coded.text,
                round(coded.strength * mood.factor, 4),
                mood.mood,
                depth(v),
                "" if coded.code in NULL_CODES else coded.code,
                coded.roles_reversed,
                coded.source,
            )
        )
    # "vowed to fight": the pledge is a threat (CAMEO 13), not an intent to cooperate (CAMEO 03)
    out = [t for t in out if not (t.category == "AGREE" and t.anchor_i in threat_frames)]
    return out, used_nouns


def _frame_noun_triggers(sent, lex: Lexicon, used: set[int]) -> list[Trigger]:
    """Nominal events with a temporal frame and participants ('during a meeting between X and Y')."""
    out = []
    for n in sent:
        if n.i in used or n.pos_ not in ("NOUN", "PROPN"):
            continue
        # the frame first: coding every noun of the sentence was this pass's cost, and few nouns have the frame
        if not (n.dep_ == "pobj" and n.head.lower_ in FRAME_PREPS):
            continue
        if not any(p.dep_ == "prep" and p.lower_ in ("between", "with") for p in n.children):
            continue
        got = code_noun(n, lex)
        if not got or got[1] not in FRAME_CATEGORIES:
            continue
        if irrealis_ancestor(n, n, lex):
            continue
        out.append(Trigger(got[1], n.i, n.i, n.text, STRENGTH["frame_noun"], "realis", depth(n), got[0], False, got[2]))
    return out


def detect_triggers(sent, *, min_strength: float = 0.3) -> list[Trigger]:
    """Candidate PLOVER events in a spaCy sentence span: the strongest per category, best first."""
    lex = lexicon()
    if discarded(sent) or heading(sent):
        return []
    out, used = _verb_triggers(sent, lex)
    out += _frame_noun_triggers(sent, lex, used)
    # one mention per category per sentence: the strongest trigger ("struck a mine" over "lost their lives")
    out.sort(key=lambda t: (-t.strength, t.depth, t.token_i))
    best: dict[str, Trigger] = {}
    for t in out:
        if t.strength >= min_strength and t.category not in best:
            best[t.category] = t
    return sorted(best.values(), key=lambda t: (t.depth, -t.strength, t.token_i))
