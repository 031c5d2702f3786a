"""PLOVER event triggers in a parsed sentence: the CAMEO coder, mood rules and codability filters.

``detect_triggers(sent)`` codes every verb of the sentence with the CAMEO dictionary interpreter
(``coder.py``: CAMEO verb patterns converted from PETRARCH2, then our news patterns for what the
dictionaries lack), keeps what is codable (``codable.py``: no questions, generic or habitual
statements, speculation, discard contexts, accidents), reads the mood of each act (``mood.py``:
intent, threat, refusal, reported, hypothetical) and returns the best trigger per PLOVER category,
ranked best first (closest to the sentence root, then strongest).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace

from spacy.attrs import DEP, IS_SPACE, LEMMA, POS, TAG
from spacy.symbols import AUX, NOUN, PROPN, VERB

from transforms.extract.events.codable import (
    VERBAL,
    accidental,
    agent_like,
    agent_participle,
    alleged_content,
    asserted_claim,
    characterizing_participle,
    commercial_act,
    compared_count,
    complex_preposition,
    denial,
    discarded,
    figure_reached,
    generic_or_habitual,
    ground_clause,
    heading,
    imperative,
    inanimate_source,
    intent_not_cooperative,
    inverted_condition,
    judged_reason,
    judged_topic,
    label_heading,
    mandative,
    means_gerunds,
    measure_effect,
    negated_state,
    nominal_gerund,
    present_passive_state,
    present_state,
    press_contact,
    press_forecast,
    private_sense,
    proper_name,
    publication,
    question,
    reaction_met,
    reader_addressed,
    responded_by_means,
    speculative,
    statement_refusal,
    subject_clause,
    undergoer_state,
    verbal_clash,
    warning_not_threat,
)
from transforms.extract.events.coder import (
    STRENGTH,
    Coded,
    aid_delivery,
    code_noun,
    code_verb,
    is_passive,
    is_to_infinitive,
    of_objects,
)
from transforms.extract.events.dictionary import NULL_CODES, Lexicon, lexicon
from transforms.extract.events.mood import FACTOR, Mood, depth, irrealis_ancestor, mood_of, negated, reporting_head
from transforms.nlp.sentences import document_memo

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
# the prepositions that name a framed event's participants: "a meeting between X and Y", "talks with X", and the
# agent of a nominal, "shelling by government forces" (Quirk et al. 17.51, the agentive 'by' of a nominalisation)
FRAME_PARTICIPANT_PREPS = frozenset({"between", "with", "by"})
OBLIGATION_FACTOR = FACTOR["obligation"]  # mood.py's factor for a reported obligation


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


@dataclass(frozen=True)
class SetAside:
    """A candidate the dictionaries code with a PLOVER category that a rule of this module sets aside: it makes no
    trigger, and a row of the event_rejects table (transforms.extract.events.rejects) says why."""

    category: str
    token_i: int  # the word that carries the event
    anchor_i: int  # the verb coded
    text: str
    cameo_code: str
    source: str
    reason: str  # one of transforms.schemas.EVENT_REJECT_REASONS


SUBJECT_OR_AUX = ("nsubj", "nsubjpass", "aux", "auxpass")


def _not_codable(v, coded: Coded, lex: Lexicon, *, headline: frozenset[int] = frozenset()) -> str | None:
    """The reason a coded verb does not report a codable act, or None.  In a headline the simple present tells a
    past act ("Police arrest opposition leader") and a bare participle a past or current one ("3 killed in blast",
    "Rebels massing near city"), so the present-tense readings of habit and state, and the backgrounding of a
    participle, do not apply to a headline's main verbs (``headline``: their token indices)."""
    from_pattern = coded.kind in ("pattern", "news_pattern")
    headline_verb = v.i in headline
    plover = coded.plover
    # in this order, each read only while the ones before found nothing (the rules are pure predicates)
    for rule in (
        lambda: proper_name(v),
        lambda: label_heading(v),
        lambda: question(v),
        lambda: subject_clause(v),
        lambda: None if headline_verb else generic_or_habitual(v, lex),
        lambda: None if headline_verb else characterizing_participle(v, lex, headline),
        lambda: None if headline_verb else present_state(v, plover),
        lambda: None if headline_verb else present_passive_state(v, plover),
        lambda: inanimate_source(v, plover, lex),
        lambda: private_sense(v, lex),
        lambda: negated_state(v, lex),
        lambda: speculative(v, lex),
        lambda: accidental(v, lex, from_pattern=from_pattern) if plover == "ASSAULT" else None,
        lambda: statement_refusal(v, lex) if plover == "REJECT" else None,
        lambda: denial(v, plover, lex),
        lambda: complex_preposition(v, lex),
        lambda: undergoer_state(v, coded.roles_reversed, lex),
        lambda: publication(v, plover, lex),
        lambda: nominal_gerund(v),
        lambda: figure_reached(v, plover, lex),
        lambda: warning_not_threat(v, plover, lex),
        lambda: intent_not_cooperative(v, plover, lex),
        lambda: press_contact(v, plover, lex),
        lambda: reaction_met(v, plover, lex),
        lambda: measure_effect(v, plover, lex),
        lambda: reader_addressed(v),
        lambda: imperative(v),
        lambda: commercial_act(v, plover, lex),
        lambda: press_forecast(v, lex),
        lambda: inverted_condition(v, lex),
        lambda: judged_reason(v, lex),
        lambda: ground_clause(v, lex),
        lambda: alleged_content(v, lex),
        lambda: responded_by_means(v, lex),
        lambda: asserted_claim(v, plover),
    ):
        reason = rule()
        if reason:
            return reason
    if v.lemma_.lower() in lex.words["forecast_heads"] and any(c.dep_ == "xcomp" for c in v.children):
        return "forecast"  # "will tend to close", "is projected to grow": the verb frames a forecast, it is no act
    if v.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass") and _people_by_participle(v):
        return "participle_as_noun"  # "receiving the injured": the parser keeps the verb tag on a noun of people
    if v.dep_ == "amod" or agent_participle(v):
        return "adjectival_participle"  # "armed groups", "deployed" as an adjective; "paid by importing companies"
    if (
        v.dep_ == "acl"
        and not headline_verb
        and not (coded.plover == "ASSAULT" and any(c.dep_ == "dobj" for c in v.children))
    ):
        # "formations deployed in ...": a participle backgrounds its act; but "a declaration demanding that ..."
        # states the verbal act itself (PLOVER verbal categories)
        if v.tag_ == "VBN" or v.tag_ == "VBG" and coded.plover not in VERBAL | {"ASSAULT"}:
            return "backgrounded_participle"
        if v.tag_ == "VBG" and coded.plover in VERBAL and not _text_or_event(v.head, lex):
            # "petitions from lawyers contesting the appointment": a progressive participle on a noun of people
            # describes them by what they do or keep doing (a reduced relative, Quirk et al. 17.97); only a text
            # speaks in one act ("a declaration demanding", "a resolution condemning")
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
    if (
        coded.code[:3] in VISIT_CODES
        and is_passive(v)
        and coded.kind == "pattern"
        and v.lemma_.lower() not in lex.words["meeting_verbs"] | lex.words["hosting_verbs"]
    ):
        # "detainees were flown to Louisiana": a passive verb of travel under a visit code moves things or people;
        # the meeting and hosting verbs are left out: "was met by", "was received by", "was hosted by" report the
        # meeting or the visit from the guest's side
        return "transported"
    if coded.plover == "AID" and v.lemma_.lower() in lex.words["carriage_verbs"] and not _carries_aid(v, lex):
        # "vehicles being transported into the U.S.": a verb of carriage moves goods or people; it gives aid only
        # when what it carries is aid (the SEND block's 'vehicles' pattern, 070, read trade as a gift)
        return "carriage_not_aid"
    if any(c.dep_ == "ccomp" and c.i < v.i for c in v.children) and any(
        c.dep_ == "nsubj" and c.i > v.i for c in v.children
    ):
        return "quotation_verb"  # '"The danger has not passed," agreed X': a verb of saying after its quote
    if coded.plover == "AGREE" and v.lemma_.lower() in lex.words["judgment_heads"] and _judgment_clause(v):
        return "judgment"  # "it was decided that his reports are biased": deciding that something is so is no intent
    if v.dep_ in ("csubj", "csubjpass") and v.tag_ == "VBG":
        return "gerund_subject"  # "removing the sanctions is out of the question": a kind of act, not one done
    if (
        coded.plover != "DEMAND"
        and v.lemma_.lower() in lex.words["demand_heads"]
        and v.lemma_.lower() not in lex.words["order_verbs"]
    ):
        if any(c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") for c in v.children):
            return "appeal"  # "we encourage everybody to visit": urging with a to-infinitive is an appeal (CAMEO 02)
    if coded.kind in ("verb", "block") and v.lemma_.lower() in REPORTING:
        if any(c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX") and not mandative(c) for c in v.children):
            return "reporting_verb"  # "claims to be manufacturing": the complement is the news, not the claim
    return None


def _carries_aid(v, lex: Lexicon) -> bool:
    """What a verb of carriage carries (its object or passive subject, their modifiers and 'of' objects: "tonnes
    of medical supplies") names aid goods or an aid noun."""
    goods = [c for c in v.children if c.dep_ in ("dobj", "nsubjpass")]
    goods += [g for t in list(goods) for g in of_objects(t)]
    goods += [c for t in list(goods) for c in t.children if c.dep_ in ("compound", "amod")]
    words = lex.words["aid_goods"]
    return any(
        t.lemma_.lower() in words or t.lower_ in words or (code_noun(t, lex) or ("", None, ""))[1] == "AID"
        for t in goods
    )


def _text_or_event(n, lex: Lexicon) -> bool:
    """A text or an event noun ('a statement', 'a resolution', 'protests'): what a participle on it can report."""
    words = lex.words["communication_nouns"]
    return bool({n.lemma_.lower(), n.lower_} & words) or code_noun(n, lex) is not None


# CAMEO 036 "Express intent to meet or negotiate", 042/043 "Make / Host a visit", 044 "Meet at a third location":
# the dictionary's travel patterns ('FLY * (TO)') read an active traveller.
VISIT_CODES = frozenset({"036", "042", "043", "044"})


def _judgment_clause(v) -> bool:
    """The verb takes a finite that-clause and no infinitive ('decided that ...')."""
    kids = list(v.children)
    has_infinitive = any(
        c.dep_ == "xcomp" or any(a.lower_ == "to" for a in c.children) for c in kids if c.pos_ == "VERB"
    )
    return not has_infinitive and any(c.dep_ == "ccomp" for c in kids)


RIOT_CODES = frozenset({"180", "182", "190"})  # unconventional violence, physical assault, conventional force


DISSENT = frozenset({"DISAPPROVE", "PROTEST", "DEMAND", "REJECT"})


def _gathered_to_dissent(v, lex: Lexicon) -> bool:
    """The verb has a purpose infinitive of dissent ('gathered to denounce', 'assembled to demand')."""
    for c in v.children:
        if c.dep_ in ("xcomp", "advcl") and is_to_infinitive(c):
            got = code_verb(c, lex)
            if got is not None and got.plover in DISSENT and got.kind != "block":
                return True
    return False


def _voiced_by(v, nouns: frozenset[str]) -> bool:
    """The verb's subject (or the noun a participle modifies) is one of ``nouns``."""
    subjects = [c for c in v.children if c.dep_ == "nsubj"] or ([v.head] if v.dep_ in ("acl", "relcl") else [])
    if not subjects and v.dep_ == "conj":
        return _voiced_by(v.head, nouns)  # "protesters burned tyres and threw stones": the subject is shared
    # "hundreds of demonstrators": a quantity's 'of' object is who acts
    subjects = subjects + [
        g
        for s in subjects
        if s.like_num or s.pos_ == "NUM" or s.tag_ == "NNS" and s.lower_.endswith(("hundreds", "thousands", "dozens"))
        for g in of_objects(s)
    ]
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
    if any(m.dep_ == "amod" and m.lower_ in lex.words["joint_modifiers"] for m in noun.children):
        return True  # "joint patrols", "combined exercises"
    for head in (v, noun):
        for p in head.children:
            if p.dep_ == "prep" and p.lower_ == "with" and any(agent_like(o, lex) for o in p.children):
                return True
    return False


def _joint_police_operation(v, noun, lex: Lexicon) -> bool:
    """A joint operation ('a joint operation', 'X and Y police launched an operation') whose subject is police."""
    if noun.i == v.i:  # the dictionary's pattern ('LAUNCH * OPERATION') codes the verb: its object is the operation
        noun = next((c for c in v.children if c.dep_ == "dobj"), None)
    if noun is None or not _joint(v, noun, lex):
        return False
    police = lex.words["police_actors"]
    subjects = [c for c in v.children if c.dep_ == "nsubj"]
    toks = [t for s in subjects for t in (s, *s.conjuncts, *(c for c in s.children if c.dep_ == "compound"))]
    # the nationality words of "Thai and Malaysian police" name whose police, not another actor
    heads = [t for t in toks if t.pos_ in ("NOUN", "PROPN") and t.ent_type_ not in ("NORP", "GPE")]
    is_police = [t.lemma_.lower() in police or t.lower_ in police for t in heads]
    return bool(is_police) and all(is_police)


def _recoded(v, coded, mood: Mood, sent, lex: Lexicon):
    """(coded, mood) after the codebook's reclassifications by who acts and with whom (protesters, orders, strikes,
    gatherings, riots), then by what is done (``_recoded_by_object``)."""
    if mood.category == "DEMAND" and _voiced_by(v, lex.words["protester_nouns"]):
        mood = replace(mood, category="PROTEST")  # demands in the form of protests
    if mood.category != "DEMAND" and _orders_act(v, lex) and not _orders_diplomat_out(v, coded, lex):
        # "ordered the police to release the journalists": an order to act is a demand, whatever the dictionary
        # reads on the order's object (ORDER * POLICE 152) (PLOVER DEMAND: "All demands and orders"; CAMEO 10)
        coded, mood = _retyped(coded, mood, "100", "DEMAND")
    if v.lemma_.lower() == "strike" and mood.category != "PROTEST" and _workers_stop_work(v, lex):
        # "nurses struck for a second day": workers who strike stop work (CAMEO 143 "Conduct strike or boycott")
        coded, mood = _retyped(coded, mood, "143", "PROTEST")
    if mood.category == "CONSULT" and (_gathered_to_dissent(v, lex) or _voiced_by(v, lex.words["protester_nouns"])):
        # "thousands gathered to denounce the government", "demonstrators gathered outside the embassy": assembling
        # to voice dissent, or as demonstrators, is a rally (CAMEO 141)
        coded, mood = _retyped(coded, mood, "141", "PROTEST")
    if mood.category == "ASSAULT" and coded.code in RIOT_CODES and _voiced_by(v, lex.words["protester_nouns"]):
        # protesters who throw stones or attack the police protest violently (CAMEO 145 "Protest violently,
        # riot", PLOVER PROTEST); abductions, bombings and killings keep their codes
        coded, mood = _retyped(coded, mood, "145", "PROTEST")
    if mood.category == "ASSAULT" and coded.code in RIOT_CODES and _violence_at_protest(v, lex):
        # "students clashed with police during a protest against fees": violence by the demonstrators of a protest
        # is a violent protest (CAMEO 145 "Protest violently, riot"); security forces' violence there keeps its code
        coded, mood = _retyped(coded, mood, "145", "PROTEST")
    return _recoded_by_object(v, coded, mood, sent, lex)


def _recoded_by_object(v, coded, mood: Mood, sent, lex: Lexicon):
    """(coded, mood) after the codebook's reclassifications by what is done and to whom (meetings, trade
    measures, signatures, verdicts, seizures, arrivals, forces sent, joint operations)."""
    judged = judged_topic(v, mood.category, lex)
    if judged is not None:
        # "praised the withdrawal of troops", "discussed aid to the region": what a verb of judging or discussing
        # governs is the statement's topic; the act reported is the statement, coded with the verb's own code and
        # roles (codable.judged_topic)
        code, category, source = judged
        coded = replace(coded, token_i=v.i, text=v.text, roles_reversed=False, kind="verb")
        coded, mood = _retyped(coded, mood, code, category, source=source)
    if mood.category == "ASSAULT" and verbal_clash(v, lex):
        # "the senators clashed over the bill in a debate": a clash in words (codable.verbal_clash), CAMEO 111
        coded, mood = _retyped(coded, mood, "111", "DISAPPROVE", source="mood_words.tsv:verbal_clash_verbs")
    if coded.code.startswith("036") and v.lemma_.lower() in lex.words["meeting_verbs"] and mood.mood in REALIS:
        # "officials were meeting at the hotel": the dictionary's MEET patterns code 036 (intent to meet) for the
        # verb of meeting itself, which done is the meeting (PLOVER CONSULT: "All consultations and meetings")
        coded, mood = _retyped(coded, mood, "040", "CONSULT")
    if mood.category == "COOPERATE" and coded.kind == "block" and _economic_means(v, lex, "trade_restrictions"):
        # "boosting the steel tariffs": raising a restriction is no cooperation (PLOVER SANCTION; CAMEO 163)
        coded, mood = _retyped(coded, mood, "163", "SANCTION")
    if mood.category == "COERCE" and coded.kind == "block" and _economic_means(v, lex, "trade_measures"):
        # "imposed 25% tariffs on exports": the IMPOSE block's default (170, coerce) read on a trade measure is a
        # restriction of exchange (PLOVER SANCTION: "Stop or restrict commercial or other material exchange";
        # CAMEO 163 "Impose embargo, boycott, or sanctions"); the codebook's COERCE is repression of persons
        coded, mood = _retyped(coded, mood, "163", "SANCTION")
    if mood.category == "ASSAULT" and coded.kind == "block" and _economic_means(v, lex):
        # "retaliated with tariffs on farm goods", "targeted exports": a block default of force read on trade
        # measures is a restriction of exchange (PLOVER SANCTION: "Stop or restrict commercial or other material
        # exchange as a form of protest or punishment"; CAMEO 163)
        coded, mood = _retyped(coded, mood, "163", "SANCTION")
    if (
        v.lemma_.lower() in lex.words["signing_verbs"]
        and mood.category in ("COOPERATE", "AID", "AGREE")
        and _signed_text(v, lex)
    ):
        # "signed a trade agreement": the dictionary codes the signature by the agreement's subject (061 trade);
        # the codebook codes signing and ratifying as SUPPORT (CAMEO 057 "Sign formal agreement")
        coded, mood = _retyped(coded, mood, "057", "SUPPORT")
    if coded.code.startswith("173") and v.lemma_.lower() in lex.words["verdict_verbs"] and _organisation_object(v, lex):
        # "a court found the cement company guilty": the codebook codes a verdict against a non-individual, where
        # imprisonment is not an issue, as DISAPPROVE (CAMEO 116 "Find guilty or liable (legally)"); a person found
        # guilty and detained stays COERCE
        coded, mood = _retyped(coded, mood, "116", "DISAPPROVE")
    if coded.kind == "block" and coded.code.startswith("171") and _seized_people_or_craft(v, lex):
        # "gunmen seized 20 passengers", "pirates seized a tanker": the SEIZE block's default reads property
        # (171); people or a vessel seized are abducted or hijacked (CAMEO 181 "Abduct, hijack, or take hostage";
        # PLOVER ASSAULT: "abduct, kidnap, hijack").  Patterns keep theirs ('police seized two suspects', 173)
        coded, mood = _retyped(coded, mood, "181", "ASSAULT")
    if v.lemma_.lower() in lex.words["arriving_verbs"] and mood.category != "AID" and _aid_arrives(v, lex):
        # "relief supplies began arriving", "the aid convoy reached the town": goods that arrive are delivered, no
        # visit (the ARRIVE block's 040); PLOVER AID: "Humanitarian aid such as emergency assistance"
        coded, mood = _retyped(coded, mood, "070", "AID", source="news_words.tsv:arriving_verbs")
    if coded.code[:2] == "15" and _sent_to_help(v, lex):
        # "will send 100 police officers to train the country's security forces", "sent troops to help the army":
        # forces sent to assist another party are military or police assistance (PLOVER AID: "Military and police
        # assistance including arms and personnel"; CAMEO 072), not a show of force (15x)
        helped = mood_of(v, "AID", lex)
        if helped is not None:
            coded = replace(coded, code="072", plover="AID", source="news_words.tsv:assistance_purposes")
            mood = helped
    if mood.category == "ASSAULT" and _joint_police_operation(v, sent.doc[coded.token_i], lex):
        # "Colombian and Ecuadorian police launched a joint operation against drug traffickers": police forces of
        # two states working together cooperate in law enforcement (PLOVER COOPERATE: "Cooperation on judicial
        # matters"; CAMEO 063); the force of a joint military operation stays ASSAULT
        coded, mood = _retyped(coded, mood, "063", "COOPERATE")
    if coded.code in SHOW_OF_FORCE and _joint(v, sent.doc[coded.token_i], lex):
        # "French and Egyptian warships launched war games", "held drills with the navy of X": exercises held
        # together are military cooperation (PLOVER COOPERATE: "joint military games and maneuvers")
        coded, mood = _retyped(coded, mood, "062", "COOPERATE")
    return coded, mood


def _retyped(coded, mood: Mood, code: str, category: str, **changes):
    """The coding and mood of a trigger read as another CAMEO code and PLOVER category (mood and frame kept)."""
    return replace(coded, code=code, plover=category, **changes), replace(mood, category=category)


REALIS = frozenset({"realis", "reported"})


def _violence_at_protest(v, lex: Lexicon) -> bool:
    """The verb happens during, at or in a protest ('clashed with police during a protest') and its subject is no
    armed or police force."""
    frame = [
        g
        for p in v.children
        if p.dep_ == "prep" and p.lower_ in ("during", "at", "in")
        for g in p.children
        if g.dep_ == "pobj"
    ]
    if not any((code_noun(g, lex) or ("", None, ""))[1] == "PROTEST" for g in frame):
        return False
    subjects = [c for c in v.children if c.dep_ == "nsubj"]
    return bool(subjects) and not any(_force(s, lex) for s in subjects)


def _military_member(s, lex: Lexicon) -> bool:
    """A member of the dictionary's &MILITARY set ('troops', 'soldiers', 'fighters')."""
    forms = {s.lower_, s.lemma_.lower()}
    return any(p[-1] in forms for p in lex.synsets.get("&MILITARY", ()))


def _sent_to_help(v, lex: Lexicon) -> bool:
    """A verb of sending with a purpose infinitive of assisting ('sent 400 police officers to help', 'to train')."""
    if v.lemma_.lower() not in lex.words["sending_verbs"]:
        return False
    return any(
        c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in lex.words["assistance_purposes"] and is_to_infinitive(c)
        for c in v.children
    )


def _aid_arrives(v, lex: Lexicon) -> bool:
    """The subject of a verb of arriving (or of the verb it complements, "began arriving") is an aid delivery or
    aid goods ("relief supplies", "food")."""
    subjects = [c for c in v.children if c.dep_ == "nsubj"]
    if not subjects and v.dep_ == "xcomp":
        subjects = [c for c in v.head.children if c.dep_ == "nsubj"]
    goods = lex.words["aid_goods"]
    return any(aid_delivery(s, lex) or s.lemma_.lower() in goods or s.lower_ in goods for s in subjects)


def _seized_people_or_craft(v, lex: Lexicon) -> bool:
    """The verb's object (or passive subject) names people ('passengers', 'two aid workers') or a craft that is
    hijacked ('a tanker', 'the airliner')."""
    objs = [c for c in v.children if c.dep_ in ("dobj", "nsubjpass")]
    objs += [g for o in objs if o.like_num or o.lower_ in ("hundreds", "dozens", "scores") for g in of_objects(o)]
    craft = lex.words["hijacked_craft"]
    # a place seized is territory, which the dictionary's own patterns read (occupation, 192)
    people = [o for o in objs if o.ent_type_ not in ("GPE", "LOC", "FAC")]
    return any(agent_like(o, lex) or o.ent_type_ == "NORP" or o.lemma_.lower() in craft for o in people)


def _organisation_object(v, lex: Lexicon) -> bool:
    """The verb's object (or passive subject) is an organisation: an ORG entity or an organisation noun ('the
    company', 'two banks')."""
    objs = [c for c in v.children if c.dep_ in ("dobj", "nsubjpass")]
    # "found the company guilty": the parser makes the object the subject of the predicate adjective
    objs += [s for c in v.children if c.dep_ in ("ccomp", "xcomp", "oprd") for s in c.children if s.dep_ == "nsubj"]
    return any(o.ent_type_ == "ORG" or o.lemma_.lower() in lex.words["organisation_nouns"] for o in objs)


def _signed_text(v, lex: Lexicon) -> bool:
    """The verb's object (or passive subject) is an agreement or treaty (CAMEO &TREATY: treaty, pact, accord,
    agreement, deal, memorandum)."""
    texts = {p[-1] for p in lex.synsets.get("&TREATY", ())} | lex.words["agreement_nouns"]
    objs = [c for c in v.children if c.dep_ in ("dobj", "nsubjpass")]
    return any(o.lemma_.lower() in texts or o.lower_ in texts for o in objs)


def _economic_means(v, lex: Lexicon, words_set: str = "economic_means") -> bool:
    """A trade measure among the verb's objects or prepositional objects ('with tariffs', 'targeted exports'), or
    the objects of its 'by' clause of means ('retaliated by announcing tariffs': the measure is how the act was
    done, Quirk et al. 9.48, and CAMEO codes a response by what was done, its REACT block coding no event)."""
    words = lex.words[words_set]
    heads = [c for c in v.children if c.dep_ in ("dobj", "nsubjpass")]
    heads += [g for p in v.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"]
    heads += [o for g in means_gerunds(v) for o in g.children if o.dep_ == "dobj"]
    return any(h.lemma_.lower() in words or h.lower_ in words for h in heads)


def _orders_act(v, lex: Lexicon) -> bool:
    """A verb of ordering with a to-infinitive complement ('ordered the troops to withdraw')."""
    return v.lemma_.lower() in lex.words["order_verbs"] and any(
        c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX") and any(a.lower_ == "to" for a in c.children)
        for c in v.children
    )


def _orders_diplomat_out(v, coded, lex: Lexicon) -> bool:
    """'ordered the French ambassador to leave the country': an order to leave given to a diplomat (coded 161 on the
    diplomat object, news_patterns.tsv) is the expulsion itself, which the diplomat cannot refuse (PLOVER SANCTION:
    "diplomats are withdrawn or expelled"), not a demand."""
    return coded.code == "161" and any(
        c.dep_ in ("xcomp", "ccomp") and c.lemma_.lower() in lex.words["departure_verbs"] for c in v.children
    )


def _workers_stop_work(v, lex: Lexicon) -> bool:
    """An intransitive verb whose subject names workers or protesters ('nurses struck', 'dockers struck')."""
    if any(c.dep_ == "dobj" for c in v.children):
        return False
    return _voiced_by(v, lex.words["striker_nouns"] | lex.words["protester_nouns"])


def _screened(sent, kind: str):
    """The tokens of ``sent`` in one class of _token_classes ("verb": VERB or AUX; "noun": NOUN or PROPN; "be": lemma 'be';
    "pobj": a prepositional object; "past": tag VBD or VBN), in order.
    The passes below read only such tokens and test the class again themselves: the screen spares building a spaCy
    Token for each of the others (about 570 a document, per pass); the class's sorted indices spare testing each
    index of the sentence.  (Tokens are not kept in the document's user data: they would hold the Doc in a
    reference cycle, freed only by the garbage collector.)"""
    doc = sent.doc if hasattr(sent, "doc") else sent
    start, end = (sent.start, sent.end) if doc is not sent else (0, len(doc))
    wanted = _token_classes(doc)[kind]
    return [doc[i] for i in wanted[bisect_left(wanted, start) : bisect_left(wanted, end)]]


def _token_classes(doc) -> dict[str, tuple[int, ...]]:
    """Token indices by the classes _screened reads, in order, from the parse's arrays once per document."""

    def build(d) -> dict[str, tuple[int, ...]]:
        strings = d.vocab.strings
        verb_pos, noun_pos = {VERB, AUX}, {NOUN, PROPN}
        pos = d.to_array(POS).tolist()
        lemmas = d.to_array(LEMMA).tolist()
        deps = d.to_array(DEP).tolist()
        tags = d.to_array(TAG).tolist()
        be = {h for h in set(lemmas) if strings[h].lower() == "be"}
        pobj = strings["pobj"]
        past = {strings["VBD"], strings["VBN"]}
        return {
            "verb": tuple(i for i, p in enumerate(pos) if p in verb_pos),
            "noun": tuple(i for i, p in enumerate(pos) if p in noun_pos),
            "be": tuple(i for i, h in enumerate(lemmas) if h in be),
            "pobj": tuple(i for i, h in enumerate(deps) if h == pobj),
            "past": tuple(i for i, h in enumerate(tags) if h in past),
        }

    return document_memo(doc, "newsevents.trigger_token_classes", build)


def _coded_verb(v, lex: Lexicon, *, headline: frozenset[int] = frozenset()):
    """(coded, mood) of a verb that reports a codable act, else None."""
    coded, verdict = _verb_verdict(v, lex, headline=headline)
    return None if coded is None or isinstance(verdict, str) else (coded, verdict)


def _verb_verdict(v, lex: Lexicon, *, headline: frozenset[int] = frozenset()) -> tuple[Coded | None, Mood | str | None]:
    """(coded, mood) of a verb that reports a codable act; (coded, reason) of a verb the dictionaries code with a
    PLOVER category that a rule sets aside (transforms.schemas.EVENT_REJECT_REASONS); (None, None) of one the
    cheap screens or the dictionaries pass over (no PLOVER category: no candidate, so no reason)."""
    if v.pos_ not in ("VERB", "AUX") or v.dep_ in ("aux", "auxpass") or v.lemma_.lower() == "be":
        return None, None
    if v.lower_ in lex.words["prepositional_participles"]:
        return None, None
    coded = code_verb(v, lex)
    if coded is None or coded.plover is None:
        return None, None
    # the mood and the frame above it first: either rejects about a third of the coded verbs at a tenth of the
    # cost of the codability rules; all three are pure predicates of the parse, so their order changes no result
    mood = mood_of(v, coded.plover, lex)
    if mood is None:
        return coded, "unasserted_mood"
    if irrealis_ancestor(v, mood.frame_head if mood.frame_head is not None else v, lex):
        return coded, "irrealis_frame"
    reason = _not_codable(v, coded, lex, headline=headline)
    return (coded, reason) if reason else (coded, mood)


def _set_aside(coded: Coded, category: str, reason: str) -> SetAside:
    code = "" if coded.code in NULL_CODES else coded.code
    return SetAside(category, coded.token_i, coded.anchor_i, coded.text, code, coded.source, reason)


def _verb_triggers(
    sent, lex: Lexicon, *, headline: frozenset[int] = frozenset(), set_aside: list[SetAside] | None = None
) -> tuple[list[Trigger], set[int]]:
    """The triggers of the sentence's coded verbs and the event nouns they carry; a coded verb a rule sets aside is
    added to ``set_aside`` (when given) with its reason."""
    out, used_nouns, threat_frames = [], set(), set()
    aside = [] if set_aside is None else set_aside
    for v in _screened(sent, "verb"):  # _verb_verdict codes VERB and AUX tokens only
        coded, verdict = _verb_verdict(v, lex, headline=headline)
        if coded is None:
            continue
        if isinstance(verdict, str):
            aside.append(_set_aside(coded, coded.plover, verdict))
            continue
        coded, mood = _recoded(v, coded, verdict, sent, lex)
        if coded.token_i != v.i:
            noun = sent.doc[coded.token_i]
            if _people_by_participle(noun) or _negated_noun(noun):
                # "receiving the injured"; "had no discussion", "reached no deal": nothing happened
                reason = "participle_as_noun" if _people_by_participle(noun) else "negated_event_noun"
                aside.append(_set_aside(coded, mood.category, reason))
                continue
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
    for n in _screened(sent, "noun"):
        if n.i in used or n.pos_ not in ("NOUN", "PROPN"):
            continue
        # the frame first: coding every noun of the sentence was this pass's cost, and few nouns have the frame
        if not (n.dep_ == "pobj" and n.head.lower_ in FRAME_PREPS):
            continue
        if not any(p.dep_ in ("prep", "agent") and p.lower_ in FRAME_PARTICIPANT_PREPS for p in n.children):
            continue
        got = code_noun(n, lex)
        if not got or got[1] not in FRAME_CATEGORIES:
            continue
        if irrealis_ancestor(n, n, lex):
            continue
        out.append(_frame_noun_trigger(n, got))
    return out


# Categories whose nouns name an occurrence ('clashes', 'the arrest', 'threats'); the nouns of the cooperative
# categories name standing relations and their results as often ('relations', 'the settlement', 'aid', 'cooperation'),
# which a comment on them does not report as happening.
OCCURRENCE_CATEGORIES = frozenset(
    {"CONSULT", "RETREAT", "INVESTIGATE", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "SANCTION"}
    | {"MOBILIZE", "COERCE", "ASSAULT"}
)


def _main_clause(v) -> bool:
    """The sentence's main verb, or the main verb of the clause a reporting verb frames ('A hunger strike entered its
    third week, their lawyers said', 'Officials said clashes left 12 dead'): news reports most events as speech."""
    if v.dep_ == "ROOT":
        return True
    return v.dep_ == "ccomp" and v.head.dep_ == "ROOT" and v.head.lemma_.lower() in REPORTING


def _collective_member(n, lex: Lexicon):
    """The 'of' object of a collective or quantity head ('a wave of arrests', 'a series of attacks', 'a round of
    talks'), whose noun names the events; else the noun itself.  The head only counts or groups them (Quirk et al.
    5.9, partitive constructions)."""
    if n.lemma_.lower() not in lex.words["collective_heads"]:
        return n
    return next(iter(of_objects(n)), n)


def _root_noun_with_finite_verb(v) -> bool:
    """'Heavy clashes left 12 people dead': the parser made the subject noun the root and the finite past verb a
    clause on it (an 'acl'), though a reduced relative takes a participle, never a simple past tagged VBD: the
    verb is the main clause's and the root noun its subject."""
    head = v.head
    return (
        v.dep_ == "acl"
        and v.tag_ == "VBD"
        and head.dep_ == "ROOT"
        and head.pos_ in ("NOUN", "PROPN")
        and head.i < v.i
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children)
    )


def _event_nominal(n) -> bool:
    """'The lifting of the curfew', 'Japan's pledge to double its aid': a nominal that takes its verb's object in an
    'of' phrase or its verb's complement clause names the act itself, whatever its category, where the bare noun
    ('relations', 'aid', 'the agreement') often names a standing relation or a result (Grimshaw 1990, Argument
    Structure, ch. 3: complex event nominals take their verb's arguments, result nominals need not)."""
    return bool(of_objects(n)) or any(c.dep_ == "acl" and is_to_infinitive(c) for c in n.children)


def _subject_noun_triggers(sent, lex: Lexicon, used: set[int]) -> list[Trigger]:
    """An event noun as the subject of a past-tense main verb that is no event itself ('Clashes between rival
    militias left 12 dead', 'A build-up of troops alarmed its neighbours', 'Threats of sanctions failed'): news
    reports the event as the topic of a comment on it (the noun is the predicate the clause is about)."""
    out = []
    for v in _screened(sent, "verb"):  # VERB or AUX only (below)
        # a main clause's verb is never the misparsed 'acl' below (its dependency is ROOT or ccomp)
        misparsed = not _main_clause(v) and _root_noun_with_finite_verb(v)
        if not (_main_clause(v) or misparsed) or v.pos_ not in ("VERB", "AUX") or v.lemma_.lower() == "be":
            continue
        # a simple past, a perfect ('have sent'), or a past passive ('was completed'); not a present passive
        # ('is related', 'is directed'), which states a standing relation
        past = v.tag_ == "VBD" or (
            v.tag_ == "VBN"
            and any(
                a.dep_ in ("aux", "auxpass") and (a.lemma_.lower() == "have" or a.tag_ == "VBD") for a in v.children
            )
        )
        if not past:
            continue
        # the verb's coding first: the verb pass has kept it for this token, and the negation and question tests,
        # pure predicates as it is, cost more; each rejects the verb on its own, so the order changes no result
        coded = code_verb(v, lex)
        # a verb of arriving codes a visit or a meeting of people; with a delivery as its subject the delivery is
        # the news ("The first shipment of vaccines arrived in the capital", "An aid convoy reached the town")
        arriving = v.lemma_.lower() in lex.words["arriving_verbs"]
        if coded is not None and coded.plover is not None and not arriving:
            continue  # the verb is coded (or rejected) as an event of its own
        if negated(v) or question(v):
            continue
        subjects = [v.head] if misparsed else [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        for n in (_collective_member(c, lex) for c in subjects):
            if n.i in used:
                continue
            got = code_noun(n, lex) if not arriving or coded is None or coded.plover is None else None
            if not got or (got[1] not in OCCURRENCE_CATEGORIES and not _event_nominal(n)):
                got = aid_delivery(n, lex)  # "an aid convoy reached the town"
            if not got or _negated_noun(n) or _people_by_participle(n):
                continue
            if any(
                m.dep_ in ("compound", "amod") and m.lemma_.lower() in lex.words["economic_means"] for m in n.subtree
            ):
                continue  # "trade wars", "tariff battles": a figure of speech for economic measures, no violence
            if irrealis_ancestor(n, n, lex):
                continue
            out.append(_frame_noun_trigger(n, got))
    return out


def _attested_noun_triggers(sent, lex: Lexicon, used: set[int]) -> list[Trigger]:
    """An event noun as the object of a past verb that attests it ('Witnesses reported heavy clashes', 'Officials
    confirmed the deployment of 2,000 troops', 'The capital saw protests on Sunday', 'The UN documented the killing
    of 20 civilians'): the verb reports or witnesses an event that took place, and its object names it (factive
    verbs of perception and report, Kiparsky & Kiparsky 1970).  Only when the verb codes nothing itself;
    occurrence categories only (see OCCURRENCE_CATEGORIES); the noun specific and not negated."""
    out = []
    for v in _screened(sent, "past"):
        if v.tag_ not in ("VBD", "VBN") or _verb_key(v) not in lex.words["attesting_verbs"]:
            continue
        if v.tag_ == "VBN" and not any(a.dep_ == "aux" and a.lemma_.lower() == "have" for a in v.children):
            continue  # a past participle only in a perfect ('have reported'), not a passive or an adjective
        if negated(v) or question(v) or irrealis_ancestor(v, v, lex):
            continue
        coded = code_verb(v, lex)
        if coded is not None and coded.plover is not None:
            continue  # the dictionary reads the verb with its object ('CONFIRM * ARREST')
        for n in (_collective_member(c, lex) for c in v.children if c.dep_ == "dobj"):
            if not any(c.dep_ in SPECIFIC_DEPS for c in n.children) and n.tag_ != "NNS":
                continue
            trigger = _occurring_noun_trigger(n, lex, used, OCCURRENCE_CATEGORIES)
            if trigger is not None:
                out.append(trigger)
    return out


def _occurring_noun_trigger(n, lex: Lexicon, used: set[int], categories) -> Trigger | None:
    """The event noun ``n`` as a realis trigger when a clause asserts its occurrence (existential 'there was', the
    object of a verb of report or perception): not already a trigger, not a standing noun, of ``categories``, not
    negated, not people described by a participle, not modified as unasserted or a press event."""
    if n.i in used or n.lemma_.lower() in lex.words["standing_nouns"]:
        return None
    got = code_noun(n, lex)
    if not got or got[1] not in categories:
        got = aid_delivery(n, lex)
    if not got or _negated_noun(n) or _people_by_participle(n):
        return None
    if _unasserted_by_modifier(n, lex) or compared_count(n):
        return None
    return _frame_noun_trigger(n, got)


def _unasserted_by_modifier(n, lex: Lexicon) -> bool:
    """A modifier that leaves the event unasserted ('planned protests') or makes it a press event."""
    mods = {c.lower_ for c in n.children if c.dep_ in ("amod", "compound")}
    return bool(mods & (lex.words["unasserted_modifiers"] | lex.words["press_event_modifiers"]))


def _frame_noun_trigger(n, got) -> Trigger:
    """A realis trigger on the event noun ``n`` coded ``got`` (code_noun's result)."""
    return Trigger(got[1], n.i, n.i, n.text, STRENGTH["frame_noun"], "realis", depth(n), got[0], False, got[2])


# "there was a threat" states a danger, not a threat made: an existential 'threat' names a risk (Quirk et al. 18.47,
# existentials assert existence), so THREATEN is left to the verbs and nouns governed by a threatening party
EXISTENTIAL_CATEGORIES = OCCURRENCE_CATEGORIES - {"THREATEN"}


def _asserted_past_be(v, lex: Lexicon) -> bool:
    """A past or perfect 'be' heading a clause, asserted: not negated, questioned or under an irrealis word (a
    present or modal 'be' states a standing situation or a forecast, as the present-tense rules read)."""
    if v.lemma_.lower() != "be" or v.dep_ not in ("ROOT", "ccomp", "conj"):
        return False
    aux = [a for a in v.children if a.dep_ == "aux"]
    perfect = any(a.lemma_.lower() == "have" for a in aux)
    if not (v.tag_ == "VBD" and not aux or perfect) or any(a.tag_ == "MD" for a in aux):
        return False
    return not (negated(v) or question(v) or irrealis_ancestor(v, v, lex))


def _existential_triggers(sent, lex: Lexicon, used: set[int]) -> list[Trigger]:
    """An event noun introduced by existential 'there' ('There were protests in several cities', 'There has been
    heavy shelling overnight', 'There was a wave of arrests'): the existential clause asserts that the event
    occurred, with the noun as its notional subject (Quirk et al. 18.44-18.50, existential sentences).  A past or
    perfect 'be' only (a present or modal 'there is/will be' states a situation or a forecast); occurrence
    categories but THREATEN (EXISTENTIAL_CATEGORIES); the noun specific and not negated ('there was no fighting')."""
    out = []
    for v in _screened(sent, "be"):  # _asserted_past_be reads 'be' only
        if not _asserted_past_be(v, lex) or not any(c.dep_ == "expl" and c.lower_ == "there" for c in v.children):
            continue
        attrs = [c for c in v.children if c.dep_ in ("attr", "nsubj") and c.pos_ in ("NOUN", "PROPN")]
        for n in (_collective_member(a, lex) for a in [*attrs, *(c for a in attrs for c in a.conjuncts)]):
            trigger = _occurring_noun_trigger(n, lex, used, EXISTENTIAL_CATEGORIES)
            if trigger is not None:
                out.append(trigger)
    return out


# the prepositions of a predicate that locates an event in time or place ("the attack was in the capital", "the
# summit was on Tuesday"), and the entity types of their objects that are a time or a place
LOCATING_PREPS = frozenset({"in", "on", "at", "near", "outside", "inside"})
TIME_OR_PLACE_ENTITIES = frozenset({"DATE", "TIME", "GPE", "LOC", "FAC"})


def _time_or_place(t) -> bool:
    """A date, time or place: an entity of those types, or a noun inside one ('last week', 'in the capital')."""
    return t.ent_type_ in TIME_OR_PLACE_ENTITIES or any(c.ent_type_ in TIME_OR_PLACE_ENTITIES for c in t.subtree)


def _ranked_in_series(v) -> bool:
    """'The raid was the first since the truce', 'the expulsion was the third this year', 'the attack was the latest in
    a series': an ordinal predicate places its subject in a series of events that took place (Quirk et al. 1985,
    6.63-6.64, ordinal numerals pick out a member of a sequence), so it asserts the subject event's occurrence as a place
    or a time does.  Other superlatives ('the best option', 'the worst outcome') judge rather than count."""
    ranks = [a for c in v.children if c.dep_ == "attr" for a in (c, *(m for m in c.children if m.dep_ == "amod"))]
    return any(a.ent_type_ == "ORDINAL" or a.lower_ == "latest" for a in ranks)


def _located_event_triggers(sent, lex: Lexicon, used: set[int]) -> list[Trigger]:
    """An event noun as the subject of a past 'be' whose predicate locates it in time or place ("Their second summit
    was in February in Hanoi", "The attack was on Tuesday", "The heaviest shelling was near the border"): 'be' with an
    adverbial of time or place predicates the occurrence of an event noun (Quirk et al. 10.13 and 16.21, the
    'be' of occurrence: "the concert was yesterday"), as existential 'there was' does; the same screens as the
    existential reading (a past or perfect 'be', asserted; occurrence categories but THREATEN; the noun specific)."""
    out = []
    for v in _screened(sent, "be"):  # _asserted_past_be reads 'be' only
        ranked = _ranked_in_series(v)
        if not _asserted_past_be(v, lex) or (
            not ranked and any(c.dep_ in ("acomp", "attr", "oprd") for c in v.children)
        ):
            continue  # "segregation was legal in Texas": the predicate is the adjective, the place only its scope
        located = [
            g
            for p in v.children
            if p.dep_ == "prep" and p.lower_ in LOCATING_PREPS
            for g in p.children
            if g.dep_ == "pobj" and _time_or_place(g)
        ]
        located += [c for c in v.children if c.dep_ in ("npadvmod", "advmod") and c.ent_type_ in ("DATE", "TIME")]
        if not located and not ranked:
            continue
        for s in (c for c in v.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")):
            n = _collective_member(s, lex)
            if not any(c.dep_ in SPECIFIC_DEPS for c in n.children) and n.tag_ != "NNS":
                continue  # "a meeting was in order": a specific event ("the attack", "their summit"), or plural
            trigger = _occurring_noun_trigger(n, lex, used, EXISTENTIAL_CATEGORIES)
            if trigger is not None:
                out.append(trigger)
    return out


# a prepositional predicate that puts its subject in a state an act created ("on high alert", "on strike", "under
# arrest"): the categories of those acts
STATE_PREPS = frozenset({"on", "under"})
STATE_CATEGORIES = frozenset({"MOBILIZE", "PROTEST", "COERCE"})


def _state_triggers(sent, lex: Lexicon, used: set[int]) -> list[Trigger]:
    """A past or perfect 'be' whose prepositional predicate names the state an act put its subject in ("Troops were
    on high alert along the border", "The workers had been on strike for a week", "The former minister was under
    arrest"): the state reports the act that began it (forces put on alert, a strike, an arrest; Quirk et al.
    16.21, prepositional predicatives).  The subject an agent; a past or perfect 'be' only (a present one states a
    standing situation, as the present-tense rules read); MOBILIZE, PROTEST and COERCE only."""
    out = []
    for v in _screened(sent, "be"):  # _asserted_past_be reads 'be' only
        if not _asserted_past_be(v, lex):
            continue
        subjects = [c for c in v.children if c.dep_ == "nsubj" and agent_like(c, lex)]
        if not subjects:
            continue
        for p in v.children:
            if p.dep_ != "prep" or p.lower_ not in STATE_PREPS:
                continue
            for n in (g for g in p.children if g.dep_ == "pobj"):
                trigger = _occurring_noun_trigger(n, lex, used, STATE_CATEGORIES)
                if trigger is not None and (trigger.category != "MOBILIZE" or any(_force(s, lex) for s in subjects)):
                    out.append(trigger)  # "the country was on alert for the storm" makes no military move
    return out


def _force(s, lex: Lexicon) -> bool:
    """An armed or police force: a military or police actor word, a member of &MILITARY, or its compound ('army
    units', 'police officers')."""
    forces = lex.words["military_actors"] | lex.words["police_actors"]
    toks = [s, *(c for c in s.children if c.dep_ in ("compound", "amod"))]
    return any(t.lemma_.lower() in forces or t.lower_ in forces or _military_member(t, lex) for t in toks)


# Prepositions of an adjunct that places a clause after or amid an event ("fled following heavy shelling", "stayed
# shut amid protests over fuel prices", "fell after the arrest of the opposition leader"): the adjunct presupposes
# the event happened (Quirk et al. 9.7-9.9, 15.25: a temporal or circumstantial adjunct), unlike "ahead of talks"
# or "to avoid clashes".
ADJUNCT_EVENT_PREPS = frozenset({"after", "following", "amid", "amidst", "during", "despite"})
# what makes the noun a specific event rather than a kind ("after war"): a determiner, possessive, number,
# modifier or complement (Quirk et al. 5.26-5.30, specific reference)
SPECIFIC_DEPS = frozenset({"det", "poss", "nummod", "amod", "compound", "prep", "acl", "relcl"})


def _adjunct_noun_triggers(sent, lex: Lexicon) -> list[Trigger]:
    """The event of a sentence whose clauses report none, named by a noun in a temporal or circumstantial adjunct
    ('Schools stayed shut on Monday amid protests over fuel prices', 'The currency fell following the arrest of the
    opposition leader', 'Families fled the town following heavy shelling by government forces'): wire news often
    reports an event only through the consequence it leads with.  Occurrence categories only (see
    OCCURRENCE_CATEGORIES), a specific noun, not negated, not under an irrealis frame."""
    out = []
    for n in _screened(sent, "pobj"):
        if n.dep_ != "pobj" or n.head.lower_ not in ADJUNCT_EVENT_PREPS or n.head.dep_ != "prep":
            continue
        if n.head.head.pos_ not in ("VERB", "AUX", "ADJ"):
            continue  # the adjunct of a clause, not of a noun ("the talks after the war")
        n = _collective_member(n, lex)
        if n.lemma_.lower() in lex.words["standing_nouns"]:
            continue
        got = code_noun(n, lex) or aid_delivery(n, lex)
        if not got or _negated_noun(n) or _people_by_participle(n):
            continue
        if got[1] not in OCCURRENCE_CATEGORIES and not _act_on_named_patient(n) and not aid_delivery(n, lex):
            continue
        if not any(c.dep_ in SPECIFIC_DEPS for c in n.children) and n.tag_ != "NNS":
            continue
        if _unasserted_by_modifier(n, lex) or irrealis_ancestor(n, n, lex):
            continue
        out.append(_frame_noun_trigger(n, got))
    return out


def _act_on_named_patient(n) -> bool:
    """A nominalised act with its patient in an 'of' phrase and a definite determiner ('the lifting of the curfew',
    'the signing of the accord', 'the easing of restrictions'): the noun names one act done to that thing, not a
    standing relation or a result ('relations', 'the agreement'), so a cooperative category is an occurrence too
    (Quirk et al. 17.52-17.54, the objective genitive of a deverbal noun)."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in n.children) and bool(of_objects(n))


HEADLINE_TAGS = frozenset({"VBZ", "VBP", "VB"})
CLOSING = frozenset({".", "!", "?", '"', "”", "'", "’", ":", ";", ")"})


def headline(sent, *, max_tokens: int = 16) -> bool:
    """A headline: a short clause with no closing punctuation whose main verb is in the simple present (the tagger
    often reads headline presents as base forms: "Police arrest opposition leader") and has its own subject.
    Headlinese tells past events in the simple present and drops articles and the full stop (Quirk et al. 4.20;
    AP Stylebook, "headlines"); ``max_tokens`` keeps to headline length (AP: one line, some eight to ten words)."""
    if _word_count(sent) > max_tokens:
        return False  # most sentences: no Token built for each of their words
    words = [t for t in sent if not t.is_space]
    if not words or len(words) > max_tokens or words[-1].text in CLOSING:
        return False
    root = sent.root
    return (
        root.pos_ in ("VERB", "AUX")
        and root.tag_ in HEADLINE_TAGS
        and root.lemma_.lower() != "be"
        and any(c.dep_ == "nsubj" and c.i < root.i for c in root.children)
        and not any(c.dep_ in ("aux", "auxpass") for c in root.children)
        and words[0].text[:1].isupper()
    )


def headline_form(sent, *, max_tokens: int = 16) -> bool:
    """Headline-style: short, no closing punctuation, a capital first letter (AP Stylebook, "headlines"; see
    ``headline``), whatever its verb: "Police: 3 killed in bomb blast", "Car bomb in northern city, 10 dead"."""
    if _word_count(sent) > max_tokens:
        return False
    words = [t for t in sent if not t.is_space]
    return bool(words) and len(words) <= max_tokens and words[-1].text not in CLOSING and words[0].text[:1].isupper()


def _word_count(sent) -> int:
    """The tokens of ``sent`` that are not whitespace, from the parse's IS_SPACE column summed once per document."""

    def build(doc) -> list[int]:
        before = [0]
        for space in doc.to_array(IS_SPACE).tolist():
            before.append(before[-1] + (not space))
        return before

    before = document_memo(sent.doc, "newsevents.words_before", build)
    return before[sent.end] - before[sent.start]


def headline_start(sent, *, max_attribution: int = 4) -> int:
    """The doc index where a headline's own clause starts: after an attribution before a colon ("Police: 3 killed
    in blast", "Union: government must reinstate workers"; headlinese puts the source first, AP Stylebook), which
    is a short phrase with no verb (``max_attribution`` words); else the sentence's start."""
    for t in sent[: max_attribution + 1]:
        if t.text == ":":
            prefix = sent.doc[sent.start : t.i]
            if len(prefix) and not any(w.pos_ in ("VERB", "AUX") for w in prefix):
                return t.i + 1
            break
    return sent.start


# the functions of a noun at the top of a headline ("40 protesters detained": the parser hangs it on the root as an
# apposition, a subject or an unlabelled dependent)
HEADLINE_TOP_DEPS = frozenset({"ROOT", "appos", "nsubj", "nsubjpass", "dep"})


def _speech_tag_clause(v) -> bool:
    """The clause a trailing speech tag reports ("Rebels free 12 hostages, army says")."""
    return v.dep_ == "ccomp" and v.head.dep_ == "ROOT" and v.head.lemma_.lower() in REPORTING and v.i < v.head.i


def headline_predicates(sent) -> frozenset[int]:
    """The participles that are a headline's main verb: headlinese drops the auxiliary, so a bare past participle
    is a past passive ("40 protesters detained after clashes" = were detained) and a bare -ing form a progressive
    ("Rebel fighters massing near port city, residents say" = are massing) (Quirk et al. 4.20, headline English).
    The first verb of the headline's own clause only, on a noun at its top or as its (reported) main clause."""
    if not headline_form(sent):
        return frozenset()
    start = headline_start(sent)
    for v in sent.doc[start : sent.end]:
        if v.pos_ not in ("VERB", "AUX"):
            continue
        if v.tag_ not in ("VBN", "VBG") or any(c.dep_ in ("aux", "auxpass") for c in v.children):
            return frozenset()  # the headline's first verb is finite: the present-tense rule reads it
        if v.dep_ == "acl" and v.tag_ == "VBN":
            top = v.head.dep_ in HEADLINE_TOP_DEPS and v.head.pos_ in ("NOUN", "PROPN", "NUM")
            return frozenset({v.i}) if top else frozenset()
        if v.dep_ == "ROOT" or _speech_tag_clause(v):
            has_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children)
            return frozenset({v.i}) if has_subject or v.tag_ == "VBN" else frozenset()
        return frozenset()
    return frozenset()


# prepositions of a verbless headline's predicate: "Army on high alert", "Opposition leader under arrest", "Foreign
# ministers in Geneva for talks" (a prepositional phrase predicated of the subject, the copula dropped)
HEADLINE_STATE_PREPS = frozenset({"on", "under", "in", "for", "at"})


def _headline_noun_triggers(sent, lex: Lexicon) -> list[Trigger]:
    """The event of a headline with no main verb, named by a noun: its head ("Thousands rally in capital over
    fuel prices", "Car bomb in northern city, at least 10 dead") or a noun in a prepositional predicate of its
    head ("Army on high alert along frontier", "Opposition leader under arrest, party says").  Headlinese drops the
    copula and the verb (Quirk et al. 4.20); a section heading is a bare noun phrase ("Talks in Geneva"), so the
    head counts only when the headline also has an attribution, a speech tag, a predicate with a counted subject
    or a subject of its own, and a predicate noun only with those or after an agent ("Army on alert").  Occurrence
    categories only (see OCCURRENCE_CATEGORIES) and aid deliveries."""
    start = headline_start(sent)
    root = sent.root
    # an attribution, a speech tag, or a predicate with a counted subject ("Car bomb near army base, 4 dead"); not
    # a mere comma, which a heading's list has too ("Sanctions, tariffs and trade")
    counted = any(t.pos_ in ("ADJ", "VERB") and any(c.like_num for c in t.children) for t in sent)
    reported = start > sent.start or root.lemma_.lower() in REPORTING or counted
    tops = [
        t
        for t in sent.doc[start : sent.end]
        if t.pos_ in ("NOUN", "PROPN", "NUM")
        and (
            t.dep_ == "ROOT"
            or t.head.i == root.i
            and t.dep_ in HEADLINE_TOP_DEPS
            and not (t.dep_ == "nsubj" and root.lemma_.lower() in REPORTING)
        )
    ]
    out = []
    for top in tops:
        # the head with a subject of its own ("Thousands rally", "Thousands protest in the capital")
        subject = any(c.dep_ in ("nummod", "nsubj") for c in top.children)
        cands = [top] if reported or subject else []
        # "Gunmen attack church": the verb read as a noun between an agent and its patient, all one compound
        cands += [
            c
            for c in top.children
            if c.dep_ == "compound"
            and any(a.dep_ == "compound" and a.i < c.i and agent_like(a, lex) for a in [*top.children, *c.children])
        ]
        if reported or agent_like(top, lex):
            preds = [
                g for p in top.children if p.dep_ == "prep" and p.lower_ in HEADLINE_STATE_PREPS for g in p.children
            ]
            preds += [g for t in preds for p in t.children if p.dep_ == "prep" for g in p.children]
            cands += [g for g in preds if g.dep_ == "pobj"]
        for n in (_collective_member(c, lex) for c in cands):
            if irrealis_ancestor(n, n, lex):
                continue
            trigger = _occurring_noun_trigger(n, lex, set(), OCCURRENCE_CATEGORIES)
            if trigger is not None and trigger.category == "MOBILIZE" and n.i != top.i and not _force(top, lex):
                continue  # "Nigeria on high alert over mpox": a state on alert is a military move only for a force
            if trigger is not None:
                out.append(trigger)
    return out


FIRST_PERSON = frozenset({"we", "us", "our", "ours", "i", "me", "my"})
DISTRIBUTIVE = frozenset({"each", "every", "any", "all"})


def _addressed_party(s, lex: Lexicon) -> bool:
    """A subject that names a party other than the speaker: an agent, no pronoun, no first person inside the phrase
    ('the U.S. and our allies must' is a resolve shared by the speaker), no distributive or generic determiner
    ('each company must fend for itself' states a rule)."""
    if s.pos_ == "PRON" or not agent_like(s, lex):
        return False
    words = {t.lower_ for t in s.subtree}
    return not (words & FIRST_PERSON or any(c.dep_ == "det" and c.lower_ in DISTRIBUTIVE for c in s.children))


def _obligation_triggers(sent, lex: Lexicon, taken: set[int]) -> list[Trigger]:
    """A reported obligation on another party with a verb the dictionary does not code ('the ministry said the
    foreign forces must leave the country'): the speaker demands the act (PLOVER DEMAND: "All demands and orders";
    mood.py codes the same frame when the complement's verb has a code).  Only 'must': 'should' advises, an
    appeal the codebook does not code."""
    out = []
    for v in _screened(sent, "verb"):
        if v.i in taken or v.pos_ not in ("VERB", "AUX") or v.lemma_.lower() == "be":
            continue
        aux = [a for a in v.children if a.dep_ in ("aux", "auxpass")]
        # the cheap test of the auxiliary before the negation's (few verbs have 'must'; the tests are pure)
        if not any(a.dep_ == "aux" and a.lower_ in lex.words["strong_obligation"] for a in aux) or negated(v):
            continue
        if any(a.dep_ == "auxpass" or a.lemma_.lower() == "have" for a in aux):
            continue  # "must have been told", "must be given": epistemic 'must' (an inference) or no agent acting
        rep = reporting_head(v, lex)
        if rep is None and v.dep_ == "ROOT" and headline_form(sent) and headline_start(sent) > sent.start:
            rep = v  # "Union: government must reinstate sacked workers": the attribution before the colon speaks
        subjects = [c for c in v.children if c.dep_ == "nsubj"]
        if rep is None or not subjects or not all(_addressed_party(s, lex) for s in subjects):
            continue  # "said it must", "said the situation must improve": the speaker's own duty, or no party
        if irrealis_ancestor(rep, rep, lex) or question(rep):
            continue
        strength = round(STRENGTH["block"] * OBLIGATION_FACTOR, 4)
        out.append(Trigger("DEMAND", v.i, v.i, v.text, strength, "obligation", depth(v), "100", False, "triggers.py"))
    return out


def _verb_key(v) -> str:
    """A verb's lemma with its particle ('set up')."""
    prt = [c.lower_ for c in v.children if c.dep_ == "prt"]
    return " ".join([v.lemma_.lower(), *prt])


def _inquiry_triggers(sent, lex: Lexicon, taken: set[int]) -> list[tuple[Trigger, int]]:
    """A body set up or sent to investigate ('set up a commission to look into the riot', 'sent a fact-finding mission
    to investigate the killings', 'appointed investigators to probe'): creating or sending the inquiry is the
    investigation the news reports (PLOVER INVESTIGATE: "All investigations"), though its purpose infinitive alone
    reads as a plan.  The trigger and its anchor are the investigating verb (whose controller is the actor); each
    comes with the index of the verb that sets the body up."""
    out = []
    for v in _screened(sent, "verb"):
        if v.pos_ != "VERB" or not is_to_infinitive(v):
            continue
        body = v.head if v.dep_ in ("acl", "relcl") else None
        setter = body.head if body is not None and body.dep_ in ("dobj", "nsubjpass") else None
        if v.dep_ in ("advcl", "xcomp"):
            setter = v.head
            body = next((c for c in v.head.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if setter is None or body is None or setter.i in taken:
            continue
        if not {body.lemma_.lower(), body.lower_} & lex.words["inquiry_bodies"]:
            continue
        if _verb_key(setter) not in lex.words["inquiry_verbs"] or negated(setter) or question(setter):
            continue
        coded = code_verb(v, lex)
        if coded is None or coded.plover != "INVESTIGATE":
            continue
        mood = mood_of(setter, "INVESTIGATE", lex)
        if mood is None or mood.category != "INVESTIGATE" or irrealis_ancestor(setter, setter, lex):
            continue
        strength = round(coded.strength * mood.factor, 4)
        out.append(
            (
                Trigger(
                    "INVESTIGATE",
                    v.i,
                    v.i,
                    v.text,
                    strength,
                    mood.mood,
                    depth(setter),
                    coded.code,
                    False,
                    coded.source,
                ),
                setter.i,
            )
        )
    return out


def detect_triggers(sent, *, min_strength: float = 0.3, set_aside: list[SetAside] | None = None) -> list[Trigger]:
    """Candidate PLOVER events in a spaCy sentence span: the strongest per category, best first.

    ``set_aside``, when given, receives the candidates the dictionaries code with a PLOVER category that a rule
    then sets aside (``SetAside``, with its reason): a coded verb the mood, frame or codability rules find no act,
    an event noun a support verb carries that is negated or names people, a category whose triggers are all too
    weak.  A candidate that another trigger takes over (a pledge read as a threat, a participle describing an event
    noun, a dispatch read as an inquiry, a weaker trigger of a category kept) is no reject: its act is coded."""
    aside: list[SetAside] = []
    found = _detect_triggers(sent, min_strength, aside)
    if set_aside is not None:
        kept = {i for t in found for i in (t.token_i, t.anchor_i)}
        set_aside.extend(a for a in aside if a.token_i not in kept and a.anchor_i not in kept)
    return found


def _detect_triggers(sent, min_strength: float, set_aside: list[SetAside]) -> list[Trigger]:
    lex = lexicon()
    is_headline = headline(sent)
    predicates = headline_predicates(sent)
    if discarded(sent):
        return []
    if heading(sent) and not (is_headline or predicates):
        # no finite verb: a verbless headline's event noun, or nothing (a section heading)
        found = _headline_noun_triggers(sent, lex) if headline_form(sent) else []
        return _ranked(sent, found, min_strength, set_aside)
    main_verbs = predicates | (frozenset(v.i for v in sent if _main_clause(v)) if is_headline else frozenset())
    out, used = _verb_triggers(sent, lex, headline=main_verbs, set_aside=set_aside)
    out = [t for t in out if not _describes_event_noun(sent.doc[t.anchor_i], used)]
    out += _obligation_triggers(sent, lex, {t.anchor_i for t in out})
    inquiries = _inquiry_triggers(sent, lex, {t.anchor_i for t in out if t.category == "INVESTIGATE"})
    # "sent a mission to investigate": the dispatch is the inquiry, not an intent to meet (the SEND patterns' 036)
    setters = {setter for _, setter in inquiries}
    out = [t for t in out if not (t.anchor_i in setters and t.category in ("AGREE", "CONSULT"))]
    out += [t for t, _ in inquiries]
    out += _frame_noun_triggers(sent, lex, used)
    out += _subject_noun_triggers(sent, lex, used)
    out += _existential_triggers(sent, lex, used)
    out += _located_event_triggers(sent, lex, used)
    out += _state_triggers(sent, lex, used)
    out += _attested_noun_triggers(sent, lex, used)
    if not out and headline_form(sent):
        out = _headline_noun_triggers(sent, lex)  # "Opposition leader under arrest, party says"
    if not out:
        out = _adjunct_noun_triggers(sent, lex)
    return _ranked(sent, [_as_dispute(t, sent, lex) for t in out], min_strength, set_aside)


def _as_dispute(t: Trigger, sent, lex: Lexicon) -> Trigger:
    """An ASSAULT read on a noun of clashing with evidence of words only ('after the Oval Office clash between the
    two presidents') is a dispute in words (codable.verbal_clash; CAMEO 111 'Criticize or denounce'); the verbs
    are retyped where they are coded (``_recoded_by_object``)."""
    tok = sent.doc[t.token_i]
    if t.category != "ASSAULT" or tok.pos_ not in ("NOUN", "PROPN") or not verbal_clash(tok, lex):
        return t
    return replace(t, category="DISAPPROVE", cameo_code="111", source="mood_words.tsv:verbal_clash_verbs")


def _ranked(sent, out: list[Trigger], min_strength: float, set_aside: list[SetAside] | None = None) -> list[Trigger]:
    """One trigger per category, the strongest, ranked best first; the strongest trigger of a category whose
    triggers are all weaker than ``min_strength`` goes to ``set_aside`` (when given) as a weak trigger."""
    # one mention per category per sentence: the strongest trigger ("struck a mine" over "lost their lives")
    out.sort(key=lambda t: (-t.strength, t.depth, t.token_i))
    best: dict[str, Trigger] = {}
    weak: dict[str, Trigger] = {}
    for t in out:
        if t.strength >= min_strength and t.category not in best:
            best[t.category] = t
        elif t.strength < min_strength:
            weak.setdefault(t.category, t)
    if set_aside is not None:
        for category, t in weak.items():
            if category not in best:
                set_aside.append(
                    SetAside(category, t.token_i, t.anchor_i, t.text, t.cameo_code, t.source, "weak_trigger")
                )
    return sorted(best.values(), key=lambda t: (news_depth(sent.doc[t.anchor_i]), -t.strength, t.token_i))


def _describes_event_noun(v, event_nouns: set[int]) -> bool:
    """A bare participle whose noun is an event coded in the sentence ('conducted drills encircling the island',
    'launched strikes targeting depots'): the participle tells how that event went (Quirk et al. 17.97-17.101,
    participial postmodifiers), whether the parser attaches it to the noun or makes the noun its subject."""
    if v.tag_ != "VBG" or any(c.dep_ in ("aux", "auxpass") for c in v.children):
        return False
    if v.dep_ == "acl":
        return v.head.i in event_nouns
    return any(c.dep_ == "nsubj" and c.i in event_nouns for c in v.children)


def news_depth(t) -> int:
    """The distance of a token from the sentence root, not counting the step from a reported clause to its verb of
    saying: news reports most events as speech ("Two soldiers were killed, the army said, blaming insurgents",
    "Police said they had arrested 40 people"), and the reported clause is the news, not the speech tag's own
    adjuncts (a participle after the tag, "blaming", "adding", "accusing", is one step further down)."""
    d = 0
    while t.head.i != t.i and d < 50:
        if not (t.dep_ == "ccomp" and t.head.lemma_.lower() in REPORTING):
            d += 1
        t = t.head
    return d
