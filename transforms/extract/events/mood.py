"""Mood of a coded act: done, reported, intended, threatened, refused, demanded, or not codable.

Rules from the PLOVER codebook summary (``../shared/data/plover/plover_reference.html``):

- AGREE: "All cooperative actions reported in future tense are also taken to imply intentions" ->
  a future or intended cooperative act is AGREE;
- THREATEN: "coercive or forceful warnings": a future or intended conflictual act is THREATEN;
- REJECT: "All rejections and refusals": a refused or negated cooperative act is REJECT; a negated
  conflictual act did not happen and is not coded;
- DEMAND: "All demands and orders": "X said Y must withdraw" is a demand by X;
- what is only possible, considered, hoped for, denied or conditional is not an event at all.

Word sets (reporting verbs, intent heads, ...) are in ``data/mood_words.tsv``.
"""

from __future__ import annotations

from dataclasses import dataclass

from transforms.extract.events.codable import BE_FORMS, agent_like, plain_form, reporting_verbs
from transforms.extract.events.coder import is_to_infinitive
from transforms.extract.events.dictionary import Lexicon, lexicon
from transforms.nlp.sentences import sentence_of

COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
MATERIAL_CONFLICT = {"SANCTION", "PROTEST", "CRIME", "MOBILIZE", "COERCE", "ASSAULT"}
CLAUSAL = ("xcomp", "ccomp", "advcl", "acl", "relcl", "pcomp")

# Mood factor on a trigger's strength (PLOVER codes all of these; the factor says how directly the
# sentence asserts the act): done 1.0, reported in a that-clause 0.95, intent/threat 0.85, refusal 0.75.
FACTOR = {"realis": 1.0, "reported": 0.95, "intent": 0.85, "threat": 0.85, "obligation": 0.7, "refusal": 0.75}


@dataclass(frozen=True)
class Mood:
    category: str
    mood: str
    factor: float
    frame_head: object | None  # the governing verb when it frames the act ("agreed to", "threatened to")


def aux_words(v) -> set[str]:
    return {plain_form(c) for c in v.children if c.dep_ in ("aux", "auxpass")}


def negated(v) -> bool:
    """'did not attack', 'never met'; also a subject under 'no' ('no talks were held', 'no agreement was reached'),
    or an object ('offered no evidence' = 'did not offer any evidence': the negative determiner negates the clause,
    Quirk et al. 10.58-10.60)."""
    if any(c.dep_ == "neg" or c.lower_ in ("never", "no") and c.dep_ in ("neg", "advmod", "det") for c in v.children):
        return True
    if any(c.dep_ == "dobj" and any(g.dep_ == "det" and g.lower_ == "no" for g in c.children) for c in v.children):
        return True
    if any(
        c.dep_ == "advmod" and c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children) for c in v.children
    ):
        return True  # "will no longer grant access": a stopped act is a refusal
    # the subject of an infinitive is its governing verb's ("no one is going to hold talks")
    holder = v.head if v.dep_ == "xcomp" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children) else v
    return any(
        c.dep_ in ("nsubj", "nsubjpass")
        and (c.lower_ in ("nobody", "none") or any(g.dep_ == "det" and g.lower_ == "no" for g in c.children))
        for c in holder.children
    )


def depth(t) -> int:
    d = 0
    while t.head.i != t.i and d < 50:
        t = t.head
        d += 1
    return d


def _w(lex: Lexicon, name: str) -> frozenset[str]:
    return lex.words.get(name, frozenset())


def _conditional_mark(tok) -> bool:
    """An if/unless/whether clause, or a comparative clause ('longer than we are willing to accept'): neither
    asserts its act."""
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether", "than") for c in tok.children)


def irrealis_ancestor(start, stop_at, lex: Lexicon) -> bool:
    """True when an ancestor above the immediate frame makes the clause possible, considered or conditional."""
    irrealis, reporting = _w(lex, "irrealis_heads"), _w(lex, "reporting")
    modal = _w(lex, "possible_aux") | _w(lex, "obligation_aux")
    t, steps = start, 0
    while t.head.i != t.i and steps < 30:
        child, t = t, t.head
        steps += 1
        if t.i == stop_at.i:
            continue
        if _conditional_mark(child):
            return True
        if t.pos_ not in ("VERB", "AUX", "ADJ", "NOUN"):
            continue
        lemma = t.lemma_.lower()
        if _epistemic_frame(t, child, lex) or _negated_frame(t, child, lex):
            return True
        if lemma in irrealis and lemma not in reporting and child.dep_ not in ("nsubj", "nsubjpass", "appos"):
            if child.dep_ in (*CLAUSAL, "pobj", "dobj", "prep", "conj") or t.pos_ == "NOUN":
                return True
        if t.pos_ in ("VERB", "AUX") and aux_words(t) & modal and (child.dep_ != "conj" or _shares_subject(child)):
            return True  # "Trump may overreach and start threatening": a conjunct with no subject shares the modal
    return False


def _epistemic_frame(t, child, lex: Lexicon) -> bool:
    """'I think X has decided', 'officials believe X attacked', 'it is unlikely that X will return': the clause is a
    belief or a possibility, not an asserted act (FactBank source-introducing predicates of probable or possible
    commitment; TimeML modality)."""
    if child.dep_ not in ("ccomp", "csubj"):
        return False
    if t.lemma_.lower() in _w(lex, "epistemic_heads"):
        return True
    adjectives = _w(lex, "irrealis_adjectives")
    if t.lower_ in adjectives:
        return True  # the parser hangs the that-clause on the adjective
    return t.lemma_.lower() == "be" and any(c.dep_ == "acomp" and c.lower_ in adjectives for c in t.children)


NEGATED_FRAME_EXCEPTIONS = ("refusal_heads", "threat_heads", "demand_heads", "promise_heads", "intent_heads")


def _negated_frame(t, child, lex: Lexicon) -> bool:
    """'the evidence would not show that his client planned to kill', 'did not say that troops fired': a clause
    under a negated verb is not asserted.  Refusals, threats, demands and pledges code the negation themselves
    (mood rules)."""
    if child.dep_ not in ("ccomp", "xcomp") or t.pos_ not in ("VERB", "AUX"):
        return False
    if not any(c.dep_ == "neg" for c in t.children):
        return False
    heads = frozenset().union(*(_w(lex, name) for name in NEGATED_FRAME_EXCEPTIONS))
    return t.lemma_.lower() not in heads


def _shares_subject(conj) -> bool:
    return not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in conj.children)


def reporting_head(v, lex: Lexicon):
    """The reporting verb whose that-clause holds v ('X said Y must withdraw' -> 'said')."""
    heads = _w(lex, "reporting") | {"conclude", "insist"}
    t = v
    for _ in range(4):
        if t.head.i == t.i:
            return None
        if t.dep_ == "ccomp" and t.head.lemma_.lower() in heads:
            return t.head
        t = t.head
    return None


def _speakers(v, lex: Lexicon) -> list:
    """The subjects of the reporting verb whose that-clause holds v, or of a speech tag hung on v ('..., analysts
    say'), with the nouns in apposition to them ('Jane Doe, a senior fellow')."""
    subjects = [s for r in reporting_verbs(v, lex) for s in r.children if s.dep_ in ("nsubj", "attr") and s.i != v.i]
    return subjects + [a for s in subjects for a in s.children if a.dep_ == "appos"]


def _commentator_speaks(v, lex: Lexicon) -> bool:
    """A future act told by an analyst or expert (word set ``commentator_nouns``): 'analysts say China will
    retaliate' foretells the act; PLOVER codes a future act as the stated intent or threat of its actor, and a
    commentator states none (FactBank: the commitment is the source's, and the source is not the actor)."""
    commentators = _w(lex, "commentator_nouns")
    return any(s.lemma_.lower() in commentators for s in _speakers(v, lex))


def _reported(v, lex: Lexicon) -> bool:
    """v is the that-clause of a reporting verb ('said it would prohibit'), directly."""
    return v.dep_ == "ccomp" and v.head.lemma_.lower() in _w(lex, "reporting")


def _backshifted(v, lex: Lexicon) -> bool:
    """v is the that-clause of a reporting verb in the past ('said it would prohibit'), where 'would' is the
    backshifted 'will' of the speaker's words.  Backshift follows a past reporting verb only (Quirk et al.
    14.31); under a present one ('analysts say Tehran would welcome the closure') 'would' keeps its own
    hypothetical meaning: a conditional, not a reported future."""
    if not _reported(v, lex):
        return False
    head = v.head
    if head.tag_ == "VBG" and head.dep_ in ("advcl", "conj") and head.head.i != head.i:
        head = head.head  # "..., saying it would investigate": a participle clause takes its matrix's tense (15.58)
    return head.tag_ in ("VBD", "VBN")


def _first_conjunct(v):
    first = v
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    return first


RANKING_WORDS = frozenset({"first", "second", "third", "last", "latest", "only", "sole"})


def _ranked_past(noun, lex: Lexicon) -> bool:
    """A noun ranked by an ordinal or 'only'/'latest' in a clause told in the simple past ("was the first leader
    to visit", "became the latest country to recognise"): its infinitival relative reports a done act."""
    if noun.pos_ not in ("NOUN", "PROPN", "ADJ") or not (
        noun.lower_ in RANKING_WORDS
        or any(c.lower_ in RANKING_WORDS and c.dep_ in ("amod", "advmod", "det") for c in noun.children)
    ):
        return False
    gov = noun.head
    return gov.tag_ == "VBD" and not aux_words(gov) & (_w(lex, "future_aux") | _w(lex, "possible_aux"))


def _not_done(v, lex: Lexicon) -> bool:
    """v's clause is an aim, an accusation or a prevention, not an act done."""
    head = v.head
    if any(c.dep_ == "mark" and c.lower_ in _w(lex, "purpose_marks") for c in v.children):
        return True  # "so that same-sex marriages are banned": an aim, not an act
    if v.dep_ in ("pcomp", "advcl") and {head.lower_, head.head.lower_} & _w(lex, "negating_preps"):
        return True  # "instead of hindering", "without attacking": not done
    if v.dep_ in ("pcomp", "acl") and head.lower_ == "of" and head.head.lemma_.lower() in _w(lex, "evaluation_nouns"):
        return True  # "the importance of ending detention", "the need of reforming": the topic of an evaluation
    if v.dep_ == "pcomp" and head.dep_ == "prep" and head.head.lemma_.lower() in _w(lex, "accusation_heads"):
        return True  # "charged with terrorizing residents": the accusation is the event
    if _content_of(v, lex):
        return True
    # "barred from visiting parks": not done
    return v.dep_ == "pcomp" and head.lower_ == "from" and head.head.lemma_.lower() in _w(lex, "prevention_heads")


# Dependencies that keep a word inside the phrase that names an accusation's or a norm's content ("charged with
# robbing trucks, raping, kidnapping and attacking motorists", where the parser may take the gerunds for nouns).
CONTENT_LINKS = frozenset({"conj", "compound", "pobj", "pcomp", "dobj"})


def _content_of(v, lex: Lexicon) -> bool:
    """v names what someone is accused or charged of (reached through coordinated gerunds and their objects, however
    the parser attaches them), or what a law or ban forbids or requires ('its own domestic law against deporting
    people', 'a ban on importing'): the content of an accusation is not an act the report asserts, and a norm
    names a kind of act, not one that happened (PLOVER codes acts; Quirk et al. 17.50, -ing complements of
    nouns)."""
    accusation, norms = _w(lex, "accusation_heads"), _w(lex, "norm_nouns")
    if _gerund_after_accusation(v, accusation):
        return True
    t = v
    for _ in range(6):
        if t.dep_ not in CONTENT_LINKS or t.head.i == t.i:
            return False
        head = t.head
        if head.dep_ == "prep" and t.dep_ in ("pobj", "pcomp"):
            gov = head.head.lemma_.lower()
            if head.lower_ in ("with", "of", "for", "over") and gov in accusation and head.head.pos_ == "VERB":
                return True
            return head.head.pos_ == "NOUN" and gov in norms and t.tag_ == "VBG"
        t = head
    return False


def _gerund_after_accusation(v, accusation: frozenset[str]) -> bool:
    """'is accused of illegal possession of firearms and conspiring against national security': a gerund with no
    subject or auxiliary that the parser coordinates with the accusing verb itself is the accusation's second
    content ('accused of [possession] and [conspiring]'; coordination joins like constituents, Quirk et al.
    13.61), not a second act of the accused."""
    head = v.head
    return (
        v.dep_ == "conj"
        and v.tag_ == "VBG"
        and head.pos_ == "VERB"
        and head.lemma_.lower() in accusation
        and any(p.dep_ == "prep" and p.lower_ in ("of", "with") for p in head.children)
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in v.children)
    )


def _complement_frame(v, base: str, lex: Lexicon, infinitive: bool):
    """_frame for a clause complementing its governing verb ("agreed to meet", "threatened to strike")."""
    head = v.head
    hl = head.lemma_.lower()
    threat, demand, refusal = _w(lex, "threat_heads"), _w(lex, "demand_heads"), _w(lex, "refusal_heads")
    intent, irrealis = _w(lex, "intent_heads"), _w(lex, "irrealis_heads")
    if hl in _w(lex, "forecast_heads"):
        return "drop"  # "is expected to meet": a forecast, not an act (issue 11 item 6)
    if hl in threat | demand or (hl in refusal and hl != "fail"):
        return "drop"  # the governing verb is itself the event (THREATEN / DEMAND / REJECT)
    if hl == "fail":
        return ("REJECT", "refusal", head, False) if base in COOPERATIVE else "drop"
    if hl in irrealis - intent:
        return "drop"
    if hl in intent and head.tag_ == "VBG" and head.dep_ in ("advcl", "acl", "xcomp"):
        return "drop"  # "..., aiming to topple the government": a participial adjunct states a goal, not an act
    if hl in intent:
        if hl == "prepare" and base == "ASSAULT":
            return ("MOBILIZE", "intent", head, False)  # CAMEO 15: readiness for force falls short of its use
        if hl in _w(lex, "promise_heads") and base in COOPERATIVE:
            return "drop"  # a pledge to cooperate is coded by the pledging verb itself (AGREE)
        return (None, "realis", head, True)  # intent; a pledge to fight is a threat (see detect_triggers)
    if hl == "go" and head.tag_ == "VBG" and aux_words(head) & BE_FORMS:
        # "we're going to revoke it": 'be going to' is a future (Quirk et al. 4.44); "we are not going to integrate
        # it" refuses a cooperative act (CAMEO 12) and foretells no conflictual one, as a negated 'will' does
        if negated(head):
            return ("REJECT", "refusal", head, False) if base in COOPERATIVE else "drop"
        return (None, "realis", head, True)
    if hl in _w(lex, "attempt_heads"):
        return (None, "realis", head, False)
    if infinitive and any(a.dep_ == "attr" and _ranked_past(a, lex) for a in head.children):
        return None  # the parser hangs "became the first country to recognise" on the verb: a done act
    if infinitive and head.pos_ in ("VERB", "AUX"):
        return "drop"  # purpose clause ("came together to establish"): intended, not done
    if hl in _w(lex, "reporting"):
        return (None, "reported", None, False)
    return None


def _mandative_form(v) -> bool:
    """A bare verb with no auxiliary ('told them that they leave', 'insisted that the army withdraw'): the subjunctive
    of a demand, not a reported fact."""
    return v.lower_ == v.lemma_.lower() and not any(a.dep_ in ("aux", "auxpass") for a in v.children)


def _frame(v, base: str, lex: Lexicon):
    """Mood set by the verb governing v's clause: (category|None, mood, factor, frame_head, future) or 'drop'."""
    head = v.head
    hl = head.lemma_.lower()
    infinitive = is_to_infinitive(v)
    threat, demand, refusal = _w(lex, "threat_heads"), _w(lex, "demand_heads"), _w(lex, "refusal_heads")
    if _not_done(v, lex):
        return "drop"
    # a that-clause is what a verb of threatening or demanding demands, unless it is the news a speech tag after it
    # reports ("X rejected the plan, an official told Reuters") or a finite clause a reporting verb ('tell') reports
    reported_clause = v.dep_ == "ccomp" and (
        v.i < head.i or (hl in _w(lex, "reporting") and not infinitive and not _mandative_form(v))
    )
    complement = v.dep_ in ("xcomp", "pcomp") or (
        v.dep_ in ("ccomp", "advcl") and hl in threat | demand and not reported_clause
    )
    # "have sworn to fight until ...": the parser often attaches the infinitive of a pledge as advcl
    complement = complement or (
        v.dep_ == "advcl" and infinitive and hl in _w(lex, "intent_heads") | threat | demand | refusal
    )
    if complement:
        return _complement_frame(v, base, lex, infinitive)
    if v.dep_ in ("acl", "relcl") and infinitive and _ranked_past(head, lex):
        return None  # "became the first country to recognise": an infinitival relative on a ranked noun, in the past
    if v.dep_ in ("acl", "relcl") and infinitive:
        return "drop"  # "an invitation to visit", "the need to withdraw": not done
    if v.dep_ == "ccomp" and hl in _w(lex, "reporting"):
        return (None, "reported", None, False)
    if (
        v.dep_ == "ccomp"
        and hl in _w(lex, "irrealis_heads") | _w(lex, "forecast_heads")
        or v.dep_ == "advcl"
        and infinitive
    ):
        return "drop"
    return None


# Acts done jointly: a subject under 'no' ("no agreement was reached", "no talks were held") is a failure to agree or
# meet, which CAMEO 12 codes as a rejection.
JOINT_ACTS = frozenset({"AGREE", "CONSULT"})
# Future acts PLOVER codes as stated intent besides AGREE and THREATEN: demands and refusals are made by stating them.
STATED_INTENTS = frozenset({"DEMAND", "REJECT"})
# An investigation its actor announces ("the ministry said it would investigate the deaths") is opened by the
# announcement; one foretold by the reporter ("a commission will investigate") is a plan.
ANNOUNCED_INTENTS = frozenset({"INVESTIGATE"})


def _negated_by_subject_only(v) -> bool:
    """The only negation is 'no' on the subject ('no ransom was paid')."""
    if any(c.dep_ == "neg" or c.lower_ in ("never", "no") for c in v.children):
        return False
    return not any(c.dep_ == "advmod" and c.lower_ == "longer" for c in v.children)


def _reported_in_sentence(v, lex: Lexicon) -> bool:
    """v is reported by a speaker: its that-clause head is a reporting verb, or a reporting verb hangs on it
    ('the prisoners will be released, the minister said')."""
    if _reported(v, lex):
        return True
    reporting = _w(lex, "reporting")
    return any(c.dep_ in ("parataxis", "ccomp") and c.lemma_.lower() in reporting for c in v.children)


def _forecast_passive(v, frame_v, lex: Lexicon) -> bool:
    """A future passive with no one who intends it: 'exports will be hit by the tariffs', 'products will be hit'.
    PLOVER codes a future act as intent (AGREE) or threat (THREATEN) of its actor; a passive with no agent, or a
    thing as agent, names no actor and is a forecast -- unless a speaker announces it ('X said the prisoners will
    be released')."""
    if not any(c.dep_ == "auxpass" for c in v.children):
        return False
    agents = [g for c in v.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if agents:
        return not any(agent_like(a, lex) for a in agents)
    return not (_reported_in_sentence(v, lex) or _reported_in_sentence(frame_v, lex))


def _shared_frame(v, base: str, lex: Lexicon):
    """(frame verb, auxiliaries) of v: a conjunct shares its first verb's frame ("lay down their arms,
    withdraw ... and are disarmed"); "drop" when that first verb is not codable."""
    aux = aux_words(v)
    if v.dep_ != "conj":
        return v, aux
    first = _first_conjunct(v)
    if first.i == v.i:
        return v, aux
    if first.pos_ in ("VERB", "AUX") and mood_of(first, base, lex) is None:
        return "drop"
    return first, aux | aux_words(first)


def _governed(frame_v, base: str, lex: Lexicon, future: bool):
    """The governing verb's say: a Mood it sets, "drop" (as _frame), or (mood, frame_head, future) for the passes
    after it."""
    mood, frame_head = "realis", None
    if not (frame_v.dep_ in CLAUSAL and frame_v.head.i != frame_v.i):
        return mood, frame_head, future
    got = _frame(frame_v, base, lex)
    if got == "drop":
        return got
    if got is not None:
        cat, mood, frame_head, more_future = got
        if cat is not None:
            return Mood(cat, mood, FACTOR[mood], frame_head)
        future = future or more_future
    head = frame_v.head
    if head.pos_ in ("VERB", "AUX"):
        haux = aux_words(head)
        if haux & _w(lex, "possible_aux"):
            return "drop"
        if haux & _w(lex, "future_aux") and frame_v.dep_ == "xcomp":
            future = True
    return mood, frame_head, future


def _negated_mood(v, base: str, future: bool, frame_head) -> Mood | None:
    """A negated act: a refusal (CAMEO 12) or nothing."""
    if any(c.dep_ == "dobj" and c.lemma_.lower() in _w(lexicon(), "information_nouns") for c in v.children):
        return None  # "did not share further details": withholding information from a reporter, no refusal
    if _negated_by_subject_only(v) and base not in JOINT_ACTS:
        # "no ransom was paid", "no civilians were harmed": the act did not happen, nobody refused it; a joint
        # act that did not come about ("no agreement was reached") is a failure to agree (CAMEO 12)
        return None
    if any(c.dep_ == "auxpass" for c in v.children) and any(c.dep_ == "neg" for c in v.children):
        # "have not been heard from", "was not consulted": the subject refused nothing (but "no agreement was
        # reached" is a failure to agree, CAMEO 12)
        return None
    if base in COOPERATIVE - {"RETREAT"} or base == "RETREAT" and future:
        # CAMEO 12: refuse to cooperate, meet; "will not release", "will no longer allow" declines to yield
        # (CAMEO 124x); a past "did not withdraw" only says what did not happen
        return Mood("REJECT", "refusal", FACTOR["refusal"], frame_head)
    return None


def _conditional(v) -> bool:
    return any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)
        for c in v.children
    ) or any(t.lower_ == "unless" for t in sentence_of(v))


def _future_mood(v, frame_v, base: str, lex: Lexicon, frame_head) -> Mood | None:
    """A future act: PLOVER codes stated intent, never a plan or forecast."""
    if _forecast_passive(v, frame_v, lex):
        return None
    if base in COOPERATIVE:
        return Mood("AGREE", "intent", FACTOR["intent"], frame_head)  # PLOVER: future cooperation = intent
    if base in MATERIAL_CONFLICT or base == "THREATEN" or _conditional(v):
        return Mood("THREATEN", "threat", FACTOR["threat"], frame_head)
    if base in STATED_INTENTS or base in ANNOUNCED_INTENTS and _reported_in_sentence(frame_v, lex):
        return Mood(base, "intent", FACTOR["intent"], frame_head)
    # "a commission will investigate", "will criticise": PLOVER codes intent only as AGREE (cooperation),
    # THREATEN (conflict), DEMAND and REJECT; other future acts are plans or forecasts, not events
    return None


def _imperative(v) -> bool:
    """A main clause in the imperative (Quirk et al. 11.24: the base form with no subject or auxiliary), also quoted
    before its speech tag, or a conjunct sharing one ('Stop the shelling and release them'): it commands an act,
    the act is not done."""
    first = _first_conjunct(v)
    # a main clause, or the quoted clause a speech tag after it reports ('"Release them," the envoy said')
    main = first.dep_ == "ROOT" or first.dep_ in ("ccomp", "parataxis") and first.i < first.head.i
    return (
        main
        and first.tag_ == "VB"
        and v.tag_ == "VB"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "expl") for c in first.children)
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in v.children)
    )


def mood_of(v, base: str, lex: Lexicon) -> Mood | None:
    """The mood of an act coded ``base`` (PLOVER) at verb v, with its final category; None: not codable."""
    if _conditional_mark(v):
        return None  # if-clauses are hypothetical
    if _imperative(v):
        return None  # "Get the drug cartels out of Canada": a command, its act not done
    if aux_words(v) & _w(lex, "possible_aux"):
        return None  # "could be amnestied" is not an amnesty
    if v.dep_ in ("conj", "compound", "pobj", "dobj") and _content_of(v, lex):
        return None  # "charged with robbing trucks, raping, kidnapping ...": gerunds the parser hangs off nouns
    shared = _shared_frame(v, base, lex)
    if shared == "drop":
        return None
    frame_v, aux = shared
    future = bool(aux & _w(lex, "future_aux")) or any(c.lower_ == "going" for c in v.children)
    governed = _governed(frame_v, base, lex, future)
    if governed == "drop":
        return None
    if isinstance(governed, Mood):
        return governed
    mood, frame_head, future = governed
    if future and frame_v.dep_ == "ccomp" and frame_v.head.lemma_.lower() in _w(lex, "opinion_heads"):
        return None  # "he believes the leaders will meet": a forecast
    if future and _commentator_speaks(frame_v, lex):
        return None  # "analysts say China will retaliate": a forecast
    if "would" in aux and not aux & {"will", "shall", "'ll"} and frame_head is None and not _backshifted(frame_v, lex):
        return None  # "as that would reward the regime": conditional, not a reported future (backshifted "will")
    if negated(v):
        return _negated_mood(v, base, future, frame_head)
    if aux & _w(lex, "obligation_aux"):
        rep = reporting_head(frame_v, lex)
        if rep is not None:
            return Mood("DEMAND", "obligation", FACTOR["obligation"], rep)  # "X said Y must withdraw" (CAMEO 10)
        return None
    if future:
        return _future_mood(v, frame_v, base, lex, frame_head)
    return Mood(base, mood, FACTOR[mood], frame_head)
