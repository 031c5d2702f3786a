"""Whether a sentence or a clause reports a codable event at all (issue 11 item 6).

Not codable, whatever its verb: questions; generic and habitual statements, and standing properties
told in the simple present, active or passive ('present_state', 'present_passive_state'); the label line of a
list or table ('Services Offered': 'label_heading'); speculation;
sports, entertainment, disasters and accidents with no political actor (the PETRARCH2 discard
list); deaths whose cause is an accident or a natural hazard (PLOVER ASSAULT: "deliberate actions
which can potentially result in substantial physical harm").  Hypotheticals, forecasts and negated
acts are decided by the mood rules (``mood.py``).  Each rule returns a snake_case reason or None,
so the callers can count what they drop.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from spacy.attrs import ORTH

from transforms.extract.events.coder import code_noun, code_verb, is_passive, is_to_infinitive, verb_entry
from transforms.extract.events.dictionary import Lexicon, lexicon
from transforms.extract.events.phrase_regex import phrase_atoms, trie_pattern
from transforms.nlp.sentences import document_memo, document_text, sentence_of, span_text

PRESENT_SIMPLE = {"VBZ", "VBP"}
# PLOVER's verbal quad classes: acts done by saying.
VERBAL = {"AGREE", "CONSULT", "SUPPORT", "INVESTIGATE", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN"}


@lru_cache(maxsize=1)
def _discard_patterns() -> tuple[re.Pattern | None, re.Pattern | None]:
    """One regex per scope over lower-cased text; 'stem' phrases may run on into a longer word.  Each phrase starts
    on a word boundary; the phrases share their prefixes (phrase_regex.trie_pattern: the callers ask only whether
    one matches, and a flat alternation of the ~300 phrases was tried branch by branch at every character)."""
    by_scope: dict[str, list[list[str]]] = {"sentence": [], "story": []}
    for scope, phrase, match in lexicon().discards:
        by_scope[scope].append(phrase_atoms(phrase, whole_word=match == "word"))
    return tuple(
        re.compile(r"\b(?:" + trie_pattern(v) + ")") if v else None for v in (by_scope["sentence"], by_scope["story"])
    )


@lru_cache(maxsize=1)
def _agent_patterns() -> tuple[frozenset[str], re.Pattern | None]:
    single = frozenset(a for a in lexicon().political_agents if " " not in a)
    multi = sorted((a for a in lexicon().political_agents if " " in a), key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in multi) + r")\b") if multi else None
    return single, pattern


def has_political_actor(sent) -> bool:
    """A government, military, rebel, opposition, police, judicial or IGO agent word (Phoenix agents)."""
    single, multi = _agent_patterns()
    if any(t.lower_ in single or t.lemma_.lower() in single for t in sent):
        return True
    return bool(multi and multi.search(span_text(sent).lower()))


def _story_discarded(doc, story_re: re.Pattern) -> bool:
    """Whether the whole story names a story-scope discard context, searched once per document.

    Searching ``doc.text`` per sentence rebuilt and scanned the whole text for every sentence: quadratic,
    about an hour for one 1.5 M-character article."""
    return document_memo(doc, "newsevents.discard_story_hit", lambda d: bool(story_re.search(document_text(d).lower())))


def discarded(sent) -> str | None:
    """'discard_context' when the sentence or its story names a discard context and no political actor."""
    sentence_re, story_re = _discard_patterns()
    hit = bool(sentence_re and sentence_re.search(span_text(sent).lower()))
    if not hit and story_re is not None:
        hit = _story_discarded(sent.doc, story_re)
    if hit and not has_political_actor(sent):
        return "discard_context"
    return None


WH_WORDS = frozenset({"how", "whether", "what", "when", "where", "which", "who", "why"})


def question(v) -> str | None:
    """'question' when the clause of v ends in a question mark ('Will they attack?'), or v is an infinitive under
    a wh-word ('how to get out of this policy', 'whether to attack'), or an open indirect question ('how well
    people accepted them', 'who will fill the gap'): an indirect question asserts no act."""
    if is_to_infinitive(v) and any(
        c.lower_ in WH_WORDS and c.dep_ in ("advmod", "mark", "nsubj", "dobj") and c.i < v.i for c in v.children
    ):
        return "question"
    if _open_indirect_question(v) or _inverted_wh_question(v):
        return "question"
    doc = v.doc
    end = v.right_edge.i
    if _question_mark_in(doc, v.left_edge.i, end + 2):  # the clause, or a question mark right after it
        return "question"
    return None


def _inverted_wh_question(v) -> bool:
    """'why doesn't the U.S. give us the missiles': a wh-word, then an operator before the subject, is a direct
    question however it is punctuated (Quirk et al. 11.14, subject-operator inversion in wh-questions); an indirect
    question or a relative clause keeps the subject first ('asked why the U.S. does not give')."""
    kids = list(v.children)
    subjects = [c.i for c in kids if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return False
    operators = [c.i for c in kids if c.dep_ in ("aux", "auxpass") and c.i < min(subjects)]
    wh = [c.i for c in kids if c.lower_ in WH_WORDS and c.dep_ in ("advmod", "dobj", "attr") and c.i < min(subjects)]
    return bool(operators and wh) and min(wh) < min(operators)


def _question_mark_in(doc, start: int, end: int) -> bool:
    """A '?' token among doc[start:end], from the document's question marks listed once (no Token per word)."""
    marks = document_memo(doc, "newsevents.question_marks", _question_marks)
    k = bisect_left(marks, start)
    return k < len(marks) and marks[k] < end


def _question_marks(doc) -> list[int]:
    mark = doc.vocab.strings["?"]  # the hash of the text '?' (a token's ORTH)
    return [i for i, orth in enumerate(doc.to_array(ORTH).tolist()) if orth == mark]


# Adverbs a degree question asks about ('how well', 'how much', 'how far').
DEGREE_ADVERBS = frozenset({"well", "much", "far", "fast", "quickly", "soon", "long", "badly", "strongly"})
# Auxiliaries of a future or possible act: an indirect question about one leaves it open.
OPEN_AUX = frozenset({"will", "would", "could", "can", "may", "might", "shall", "'ll"})


def _open_indirect_question(v) -> bool:
    """An embedded clause that asks rather than asserts (Quirk et al. 15.5, subordinate wh-interrogatives):
    'dependent upon how well the neighborhood accepted them' asks a degree; 'to see who among them will augment
    the gap' asks who will act.  A wh-clause of a done act ('described how soldiers attacked the village') is
    left alone: it tells the act."""
    if v.dep_ not in ("ccomp", "pcomp", "pobj", "xcomp", "advcl", "csubj"):
        return False
    if any(
        c.dep_ == "advmod" and c.lower_ in DEGREE_ADVERBS and any(g.lower_ == "how" for g in c.children)
        for c in v.children
    ):
        return True
    wh = any(c.lower_ in WH_WORDS and c.dep_ in ("nsubj", "nsubjpass", "dobj", "mark", "advmod") for c in v.children)
    return wh and any(c.dep_ == "aux" and plain_form(c) in OPEN_AUX for c in v.children) and not _in_relative(v)


def _in_relative(v) -> bool:
    """v is in a relative clause ('an inquiry, which the firm said it would cooperate with'): its wh-word is a
    relative pronoun, not a question word."""
    t = v
    for _ in range(4):
        if t.dep_ == "relcl":
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def agent_participle(v) -> bool:
    """'tariffs, which are paid by importing companies': an -ing form right after the 'by' of a passive's agent, with
    a bare plural noun right after it as its object, is the participial adjective of that noun ('importing companies',
    Quirk et al. 7.15-7.16), which the parser reads as a gerund clause.  The agent of a passive names the doer with a
    noun phrase (Quirk et al. 3.64-3.69), so the noun is the doer and the -ing word tells what kind of doer, no act."""
    if v.tag_ != "VBG" or v.dep_ != "pcomp" or v.head.dep_ != "agent" or v.i != v.head.i + 1:
        return False
    return any(o.dep_ == "dobj" and o.i == v.i + 1 and _bare_plural(o) for o in v.children)


def _bare_plural(t) -> bool:
    """A bare plural common noun ('militants', 'protesters'): the generic reading of a subject."""
    if t.tag_ != "NNS" or t.ent_type_:
        return False
    return not any(c.dep_ in ("det", "poss", "nummod", "quantmod") for c in t.children)


MATERIAL = {"CONCEDE", "COOPERATE", "AID", "RETREAT", "SANCTION", "PROTEST", "CRIME", "MOBILIZE", "COERCE", "ASSAULT"}


def present_state(v, category: str) -> str | None:
    """'present_state': a dynamic act in the simple present reads as a habit or a state in running text
    ('the group that funds the rebels', 'who heads the foundation', 'Russia supplies arms'): specific acts
    are told in the past, the perfect or the progressive.  Verbal acts keep the performative present
    ('Iran rejects the plan', 'X accuses Y') in a story's first sentence; after it they state a standing
    position ('The group accuses the state of ...').  Also the aspect and predication rules of
    ``aspect_reason`` (an ongoing situation, a state, a description): one entry point for the state readings."""
    reason = aspect_reason(v, category, lexicon())
    if reason:
        return reason
    aux = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    if (
        v.tag_ == "VBN"
        and (category in MATERIAL or v.dep_ == "relcl")
        and aux
        and all(a.dep_ == "auxpass" and a.tag_ in PRESENT_SIMPLE for a in aux)
    ):
        # "women are prohibited from working", "anything is banned"; a relative clause of any act ("a former
        # deputy, who is accused of conspiring"): the present passive of a state, not an act
        return "present_state"
    v = _tense_carrier(v)
    aux = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    if v.tag_ not in PRESENT_SIMPLE or aux:
        return None
    if category in MATERIAL or v.dep_ in ("relcl", "acl") or v.lemma_.lower() == "have":
        # 'have' in the simple present ('he has good personal relations with both') is the stative verb of
        # possession and relation (Quirk et al. 4.28): a relation held, not an act done
        return "present_state"
    if category in STANDING_VERBAL and _standing_statement(v):
        return "present_state"
    return None


def present_passive_state(v, category: str) -> str | None:
    """'present_passive_state': 'Products are recognized by the American Dental Association', 'the firm's scale is
    supported by a large customer base', 'the model is structured and bound': the simple present passive of a
    dynamic verb, in the reporter's own voice after the lede, states a standing property or relation of its subject,
    as the active simple present does (Quirk et al. 4.5-4.8, the state and habitual present; 3.64-3.71, the passive
    keeps the aspect of the active), so it reports no act done at a time.  The auxiliary may sit on the first of
    coordinated predicates (Quirk et al. 13.60-13.67).  The guards of ``_standing_statement`` keep the lede's
    headline present, quoted speech, a first-person performative and a dated clause; threats and demands are coded
    in any aspect (``ASPECT_EXEMPT``)."""
    if category in ASPECT_EXEMPT or v.tag_ != "VBN":
        return None
    aux = [c for c in shared_children(v) if c.dep_ in ("aux", "auxpass")]
    if not aux or not all(a.dep_ == "auxpass" and a.tag_ in PRESENT_SIMPLE for a in aux):
        return None
    return "present_passive_state" if _standing_statement(v) else None


def _tense_carrier(v):
    """The verb that carries v's tense: a bare conjunct ('those who slaughter and butcher the dogs', tagged VB) shares
    the tense of the first of its coordinated predicates (Quirk et al. 13.60-13.67, ellipsis in coordination)."""
    if v.tag_ != "VB" or v.dep_ != "conj":
        return v
    first = coordinated_predicates(v)[0]
    return first if first.i != v.i else v


# Verbal acts whose simple present in the body of a story states a standing position rather than an act done at
# a time ("accuses the government of", "rejects claims that"): Quirk et al. 4.5-4.6, the state present.  Demands
# and threats stay codable in any tense (PLOVER: an explicit demand or threat is the event).  An investigation in the
# body's simple present ("the agency investigates reports of counterfeit drugs") states a body's remit, the habitual
# present of its office (Quirk et al. 4.6), as an inquiry done is told in the past, perfect or progressive.
STANDING_VERBAL = frozenset({"DISAPPROVE", "REJECT", "SUPPORT", "AGREE", "INVESTIGATE"})


def _standing_statement(v) -> bool:
    """A third-person simple present of the reporter's own voice, outside the lede and outside quotes, with no
    time adverbial of its own ('The group accuses Pakistan of exploiting ...').  A story's first sentence uses the
    present for the day's news (the headline present), so it is left alone; so is reported speech."""
    if _in_lede(v) or _quoted(v):
        return False
    if any(c.dep_ == "nsubj" and c.lower_ in ("i", "we", "you") for c in v.children):
        return False  # "we reject", "I condemn": the performative first person is the act itself
    if any(c.ent_type_ in ("DATE", "TIME") for c in v.subtree):
        return False  # "rejects ... on Tuesday": dated, an act of that day
    if v.dep_ == "ccomp":
        return _told_by_commentator(v)
    if v.dep_ not in ("ROOT", "conj"):
        return False
    return not any(
        c.dep_ in ("parataxis", "ccomp") and c.i > v.i and c.lemma_.lower() in REPORTING_TAGS for c in v.children
    )


def _told_by_commentator(v) -> bool:
    """v is the that-clause of a reporting verb whose subject is an analyst or expert (word set ``commentator_nouns``):
    'analysts point out that India backs the base' describes a party's standing position in the commentator's
    words; the party states nothing at the time (FactBank: the commitment is the source's, and the source is not
    the actor)."""
    lex = lexicon()
    if v.head.lemma_.lower() not in lex.words.get("reporting", frozenset()):
        return False
    commentators = lex.words.get("commentator_nouns", frozenset())
    return any(c.dep_ == "nsubj" and c.lemma_.lower() in commentators for c in v.head.children)


# Speech tags after a clause: "X rejects the plan, the minister says" reports the act of the day.
REPORTING_TAGS = frozenset({"say", "tell", "add", "report", "announce", "state"})


def _in_lede(v) -> bool:
    """v is in the document's first sentence."""
    return sentence_of(v).start == next(iter(v.doc.sents)).start


def _quoted(v) -> bool:
    """An opening quotation mark before v in its sentence that is not closed before v."""
    sent = sentence_of(v)
    marks = [t.text for t in v.doc[sent.start : v.i] if t.text in ('"', "\u201c", "\u201d")]
    opened = 0
    for m in marks:
        if m == "\u201c":
            opened = 1
        elif m == "\u201d":
            opened = 0
        else:
            opened ^= 1
    return bool(opened)


# Aspectual verbs whose complement is a situation already under way (TimeML ALINK relation CONTINUES; Quirk et al.
# 16.x catenatives of aspect): "continues to defy", "keeps attacking", "remains committed to".
CONTINUATIVE_HEADS = frozenset({"continue", "keep", "persist", "remain"})
# Copular verbs of a lasting state with a participle or adjective ("stand accused", "remain detained"): Quirk
# et al. 16.21-16.22, current copulas.
STATE_COPULAS = frozenset({"stand", "remain", "stay", "sit"})
# Categories coded in any aspect: an explicit threat or demand is the event (PLOVER THREATEN, DEMAND), including
# one stated as going on ("is threatening to", "is demanding").
ASPECT_EXEMPT = frozenset({"THREATEN", "DEMAND"})


# Dependencies that make a verb a clause of its own: a conjunct with its own subject or auxiliary does not share
# its neighbour's.
OWN_CLAUSE_DEPS = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "expl", "mark"})
PERFECT_AUX = frozenset({"has", "have", "had", "'s", "'ve", "'d"})


def plain_form(t) -> str:
    """The token's lower-case form with the typographic apostrophe of edited news ('he’s', 'we’re') as the
    ASCII one the word sets spell ("he's"): the parser keeps the character it was given."""
    return t.lower_.replace("\u2019", "'")


def _shares_clause(t) -> bool:
    return t.pos_ in ("VERB", "AUX") and not any(c.dep_ in OWN_CLAUSE_DEPS for c in t.children)


def coordinated_predicates(v) -> list:
    """v and the verbs coordinated with it in one clause: 'has been attacking and fighting Kenyan troops since
    2011', 'had killed and injured 1,000 fighters in the past week'.  Coordinated predicates share the
    auxiliaries, subject and adjuncts the parser hangs on one of them (Quirk et al. 13.60-13.67, coordination with
    ellipsis of shared constituents; the parser puts the auxiliaries on the first conjunct and a shared object or
    adjunct on the last).  A conjunct with a subject or auxiliary of its own is a clause of its own."""
    first = v
    while first.dep_ == "conj" and first.head.pos_ in ("VERB", "AUX") and _shares_clause(first):
        first = first.head
    out, todo = [first], [first]
    while todo:
        for c in todo.pop().children:
            if c.dep_ == "conj" and _shares_clause(c):
                out.append(c)
                todo.append(c)
    return out if v in out else [v]


def shared_children(v) -> list:
    """The dependents of v and of the predicates coordinated with it (``coordinated_predicates``), without the
    coordination's own links."""
    return [c for p in coordinated_predicates(v) for c in p.children if c.dep_ not in ("conj", "cc", "punct")]


def _perfect(v) -> bool:
    """v, or the first of the predicates coordinated with it, has a perfect auxiliary ('has arrested', 'had
    killed and injured')."""
    return any(c.dep_ == "aux" and plain_form(c) in PERFECT_AUX for c in shared_children(v))


def aspect_reason(v, category: str, lex: Lexicon) -> str | None:
    """The reason v states a situation rather than one act that happened, or None.

    - 'ongoing': the perfect progressive ('has been fighting an insurgency', 'have been protesting for
      weeks'): a situation extending over a period up to the reference time (Quirk et al. 4.24; TimeML aspect
      PERFECTIVE_PROGRESSIVE); the complement of an aspectual verb of continuation ('continues to defy
      calls': TimeML ALINK CONTINUES); the present progressive outside the lede ('Iran is defying the
      council'): an activity in progress around now, a standing situation in running text (Quirk 4.11); an -ing
      participle postmodifying a noun of people ('rebels fighting the president'), a reduced progressive
      relative clause (Quirk 17.27);
    - 'present_state': a participle or adjective after a copula of lasting state in the present ('stand
      accused of the bombing', 'remain detained');
    - 'description': a predicative adjective or participle ('the Japanese are friendly and accepting'): a
      property of the subject, no act (Quirk 7.x predicative adjectives);
    - 'appeal': a verbal act whose object is a noun of necessity or importance ('underscored the need for
      monitors'): PLOVER does not code requests or appeals;
    - 'norm_content': a relative clause that says what a law provides ('the Act, which banned laborers').
    """
    evaluation = lex.words.get("evaluation_nouns", frozenset())
    if category in VERBAL and any(c.dep_ == "dobj" and c.lemma_.lower() in evaluation for c in v.children):
        return "appeal"  # "underscored the need for monitors", "stressed the importance of talks": an appeal
    if _tough_infinitive(v, lex) or _copular_complement(v, lex):
        return "description"
    if _since_perfect(v):
        # also a demand or a threat: 'since then, protesters have demanded ...' tells statements repeated over the
        # span, none of them dated (the perfect of persistent situation applies to speech acts as to any act)
        return "ongoing"
    if category in ASPECT_EXEMPT:
        return None
    aux = {plain_form(c) for c in shared_children(v) if c.dep_ == "aux"}
    if _perfect_progressive(v) or _continued_progressive(v):
        return "ongoing"
    head = v.head
    if v.dep_ == "xcomp" and head.lemma_.lower() in CONTINUATIVE_HEADS and head.pos_ in ("VERB", "AUX"):
        return "ongoing"
    if _present_progressive(v, aux):
        return "ongoing"
    matrix = _participle_matrix(v)
    if matrix is not None and _present_progressive(
        matrix, {plain_form(c) for c in shared_children(matrix) if c.dep_ == "aux"}
    ):
        # "I am availing myself, helping them build up their businesses": a supplementive participle shares its
        # matrix clause's time and aspect (Quirk et al. 15.58-15.60), here an activity in progress
        return "ongoing"
    if matrix is not None and (_perfect_progressive(matrix) or _since_perfect(matrix)) and not _dated(v):
        # "has been fighting an insurgency, accusing the government of ...", "have intensified attacks since the
        # withdrawal started, inflicting heavy casualties": the same sharing (Quirk et al. 15.58-15.60) with a
        # matrix that states a situation over a span up to now; a participle with a date of its own ('..., killing
        # five soldiers on Monday') tells one act
        return "ongoing"
    absolute = _absolute_matrix(v)
    if absolute is not None and _standing_matrix(absolute) and not _dated(v):
        # "has mostly been deadlocked, with both rivals accusing the other of delaying": an absolute clause with a
        # subject of its own is an adjunct of attendant circumstance that takes its matrix clause's time (Quirk et
        # al. 15.58-15.60); after a perfect or a present state it tells how things stand, not one act (on a past
        # act, 'fired tear gas on Monday, with protesters throwing stones', it tells a second act, left coded)
        return "ongoing"
    if matrix is not None and v.tag_ == "VBG" and _present_copular(matrix) and not _dated(v):
        # "It is endemic in several countries, ..., claiming more than 500 lives": an -ing participle adjunct on a
        # present-simple copula shares the state it predicates (Quirk et al. 4.6, the state present; 15.58); an
        # -ed one tells the act that led to the state ('is dead, killed in a joint operation'), left coded
        return "ongoing"
    if _describing_participle(v, lex):
        return "ongoing"
    if _norm_relative(v, lex):
        return "norm_content"
    if _norm_identified(v, lex):
        return "norm_reference"
    if (
        v.dep_ in ("advcl", "acomp", "oprd", "xcomp")
        and v.tag_ in ("VBN", "JJ")
        and head.lemma_.lower() in STATE_COPULAS
        and head.tag_ in PRESENT_SIMPLE
    ):
        return "present_state"
    if v.dep_ == "acomp" or (
        v.dep_ == "conj" and head.pos_ == "ADJ" and head.dep_ in ("acomp", "attr") and v.tag_ in ("VBG", "JJ")
    ):
        return "description"
    return None


# Adverbs of continuation with a progressive ('was already providing assistance before the coup', 'were still
# holding the town'): the situation was in progress before the time spoken of and went on through it (Quirk et al.
# 1985, ch. 8: 'already' and 'still' as adjuncts of time relationship), a background state, not the act reported.
CONTINUATION_ADVERBS = frozenset({"already", "still"})


def _continued_progressive(v) -> bool:
    """v is a progressive, in any tense, with 'already' or 'still' (``CONTINUATION_ADVERBS``)."""
    kids = shared_children(v)
    progressive = v.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_.lower() == "be" for c in kids)
    return progressive and any(c.dep_ == "advmod" and c.lower_ in CONTINUATION_ADVERBS for c in kids)


def _perfect_progressive(v) -> bool:
    """v is a perfect progressive ('has been fighting', 'have been protesting'): a situation extending over a
    period up to the reference time (Quirk et al. 4.24)."""
    aux = {plain_form(c) for c in shared_children(v) if c.dep_ == "aux"}
    return v.tag_ == "VBG" and "been" in aux and bool(aux & PERFECT_AUX)


def _present_progressive(v, aux: set[str]) -> bool:
    """v is a present progressive outside the lede with no time of its own ('Iran is defying the council'); 'is going
    to' is a future, not a progressive."""
    return (
        v.tag_ == "VBG"
        and bool(aux & PRESENT_BE)
        and not any(c.lower_ == "going" for c in v.children)
        and not _in_lede(v)
        and not any(c.ent_type_ in ("DATE", "TIME") for c in v.children)
    )


def _absolute_matrix(v):
    """The verb of the clause a 'with'/'without' absolute clause with a subject of its own and an -ing participle
    hangs from ('..., with both rivals accusing the other'); None for any other verb.  (A subjectless one, 'with
    most purchased by hunters', is read by ``_participle_matrix``.)"""
    head = v.head
    if v.tag_ != "VBG" or v.dep_ != "pcomp" or head.lower_ not in ("with", "without") or head.dep_ != "prep":
        return None
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children) or head.head.pos_ not in ("VERB", "AUX"):
        return None
    return head.head


def _standing_matrix(m) -> bool:
    """m states how things stand, with no time of its own: a perfect ('have stalled', 'has been deadlocked'), a
    present simple ('is tense') or a present progressive (Quirk et al. 4.6, 4.17-4.22), undated."""
    aux = {plain_form(c) for c in shared_children(m) if c.dep_ == "aux"}
    present = m.tag_ in PRESENT_SIMPLE or _present_progressive(m, aux)
    return (_perfect(m) or present) and not _dated_itself(m)


def _present_copular(m) -> bool:
    """m is a present-simple copula with a complement ('is endemic', 'remains tense'): the state present."""
    return (
        m.tag_ in PRESENT_SIMPLE
        and m.lemma_.lower() in ("be", *STATE_COPULAS)
        and any(c.dep_ in ("acomp", "attr") for c in m.children)
        and not _dated_itself(m)
    )


ADJUNCT_CLAUSES = frozenset({"advcl", "pcomp", "acl", "relcl", "ccomp", "xcomp", "conj", "parataxis"})


def _dated_itself(m) -> bool:
    """A date or time that places m's own clause ('is tense on Monday'), not one inside a clause or absolute adjunct
    of it ('with 2,800 cases reported this year') nor one opening a span ('since August')."""
    for t in m.subtree:
        if t.ent_type_ not in ("DATE", "TIME"):
            continue
        a = t
        while a.i != m.i and a.head.i != a.i and a.lower_ != "since" and a.dep_ not in ADJUNCT_CLAUSES:
            a = a.head
        if a.i == m.i:
            return True
    return False


def _tough_infinitive(v, lex: Lexicon) -> bool:
    """'He'll be easy to get out', 'it is difficult to negotiate with them': the infinitive complement of an adjective
    of ease or difficulty (word set ``tough_adjectives``) says how hard a kind of act is, a property predicated of
    its object or of the act, not an act that happened or is intended (Quirk et al. 16.75-16.78, 'tough' adjectives
    with infinitive complements).  The parser hangs the infinitive on the adjective or, extraposed, on the copula."""
    if v.dep_ != "xcomp" or not is_to_infinitive(v):
        return False
    tough = lex.words.get("tough_adjectives", frozenset())
    head = v.head
    if head.pos_ == "ADJ":
        return head.lemma_.lower() in tough
    return head.lemma_.lower() == "be" and any(c.dep_ == "acomp" and c.lemma_.lower() in tough for c in head.children)


def _copular_complement(v, lex: Lexicon) -> bool:
    """'has proved challenging', 'seemed threatening', 'became more accepting': an -ing form or adjective complementing a
    copular verb of seeming or becoming (word set ``copular_verbs``; Quirk et al. 16.21-16.24) is a subject complement,
    a property of the subject (here often an act named by a gerund: 'Ending dog meat consumption has proved
    challenging'), no act of anyone."""
    return (
        v.dep_ in ("xcomp", "acomp", "oprd")
        and v.tag_ in ("VBG", "JJ")
        and v.head.lemma_.lower() in lex.words.get("copular_verbs", frozenset())
        and not any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in v.children)
    )


def _norm_relative(v, lex: Lexicon) -> bool:
    """'the Chinese Exclusion Act, which allowed merchants into the country but banned laborers': a relative clause
    whose subject is a law or rule (word set ``norm_nouns``; a named 'Act') says what the norm provides, a kind of
    act, not one that happened (PLOVER codes acts; issue 11 item 6, generic remarks about a law)."""
    if v.dep_ != "relcl" and not (v.dep_ == "conj" and v.head.dep_ == "relcl"):
        return False
    clause = v if v.dep_ == "relcl" else v.head
    norm = clause.head
    if not (
        norm.lemma_.lower() in lex.words.get("norm_nouns", frozenset())
        or (norm.pos_ == "PROPN" and norm.lower_ == "act")
    ):
        return False
    return any(c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP") for c in clause.children)


def _norm_identified(v, lex: Lexicon) -> bool:
    """'repeals the public order act Bashir imposed', 'struck down the ban that the junta imposed': a relative clause
    whose gap is its object and whose antecedent is a law or rule (word set ``norm_nouns``, or a named act: 'public
    order act') tells which norm is meant by who made it, a restrictive modifier that identifies the antecedent
    (Quirk et al. 17.3, 17.13), not an act the sentence reports; the sentence's act is what is done to the norm.  A
    clause with a time of its own ('the ban the junta imposed on Tuesday') may be the news and is left alone."""
    if v.dep_ != "relcl" or any(c.dep_ == "dobj" and c.tag_ not in ("WDT", "WP") for c in v.children):
        return False
    norm = v.head
    named_act = norm.lower_ == "act" and any(c.dep_ == "compound" for c in norm.children)
    if not (norm.lemma_.lower() in lex.words.get("norm_nouns", frozenset()) or named_act):
        return False
    if not any(c.dep_ == "nsubj" and c.tag_ not in ("WDT", "WP") for c in v.children):
        return False
    return not any(t.ent_type_ in ("DATE", "TIME") for t in v.subtree)


def _describing_participle(v, lex: Lexicon) -> bool:
    """'accused of aiding rebels fighting then-president Gbagbo': an -ing postmodifier of a noun of people is a
    reduced progressive relative ('rebels who were fighting'), a situation that describes them (Quirk et al.
    17.27), not an act the sentence reports.  On the subject of the clause ('supporters marching through the
    capital demanded ...') it tells what they were doing as they acted, and is left to the other rules."""
    head = v.head
    return (
        v.dep_ == "acl"
        and v.tag_ == "VBG"
        and head.pos_ in ("NOUN", "PROPN")
        and head.dep_ not in ("nsubj", "nsubjpass")
        and agent_like(head, lex)
    )


def _since_perfect(v) -> bool:
    """'has attacked Kenyan troops since 2011', 'have arrested 2,400 people since February 1', 'have intensified
    attacks since the withdrawal started', 'have been detained and assaulted in the past two years': a perfect
    with an adjunct of a span up to now (a since-phrase or since-clause; 'in/over the past two years', 'over the
    last weeks', 'in recent years') states a situation or a series of acts over that span (the perfect of
    persistent situation, Comrie 1976, 3.1; Quirk et al. 4.22, 8.59), not one act at one time.  A passive with a
    since-phrase ('has been detained since Feb. 24') states the result of one act the since-time dates, and is
    left to the date rules."""
    if v.tag_ not in ("VBN", "VBG") or not _perfect(v):
        return False
    kids = shared_children(v)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in kids)
    for c in kids:
        if (
            c.dep_ == "prep"
            and c.lower_ == "since"
            and not passive
            and any(o.dep_ in ("pobj", "pcomp") for o in c.children)
        ):
            return True  # "since 2011", "since leaving the EU bureaucracy" (a since-phrase with an -ing clause)
        if c.dep_ == "advcl" and not passive and any(m.dep_ == "mark" and m.lower_ == "since" for m in c.children):
            return True  # with a perfect matrix, 'since' is temporal (Quirk et al. 15.25)
        if c.dep_ == "prep" and c.lower_ in SPAN_PREPS and any(_span_to_now(o, plural=True) for o in c.children):
            return True
    return False


# Prepositions of a span adjunct ('in the past two years', 'over the last weeks', 'during recent months').
SPAN_PREPS = frozenset({"in", "over", "during", "throughout"})


def generic_or_habitual(v, lex: Lexicon) -> str | None:
    """'habitual' for a habitual adverb or 'used to'; 'generic' for a present-simple act of a bare plural;
    'generic_clause' for an act named in a generic statement with a non-finite subject clause.  A
    participle adjunct without a subject of its own shares its matrix clause's habitual or durative reading."""
    if _habitual(v, lex):
        return "habitual"
    matrix = _participle_matrix(v)
    if matrix is not None and _habitual(matrix, lex):
        # "Botswana issues licenses annually, with most purchased by overseas hunters", "For years, he has engaged
        # in secessionist activity, challenging state institutions": a supplementive or absolute participle
        # takes its matrix clause's time and aspect (Quirk et al. 15.58-15.60)
        return "habitual"
    antecedent = v.head
    if v.dep_ == "relcl" and antecedent.head.pos_ in ("VERB", "AUX") and _habitual(antecedent.head, lex):
        # "At times, the facilities held close to 200 detainees, many of whom were deported": a relative clause on an
        # argument of a habitual clause tells of members of a set gathered over its occasions (Carlson 1977; Krifka
        # et al. 1995, quantification over situations), not one act
        return "habitual"
    if _universal_subject(v):
        return "generic"
    if generic_clause(v, lex):
        # "Being in opposition means speaking out": a non-finite subject clause under a present matrix of definition
        return "generic_clause"
    if _aggregate(v, lex):
        return "aggregate"
    if matrix is not None and _aggregate(matrix, lex):
        # "has claimed several attacks, primarily targeting security forces": the participle tells the same set
        return "aggregate"
    if v.tag_ in PRESENT_SIMPLE and not any(c.dep_ in ("aux", "auxpass") for c in v.children):
        subjects = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and all(_bare_plural(s) for s in subjects):
            return "generic"
    return None


def characterizing_participle(v, lex: Lexicon, headline: frozenset[int] = frozenset()) -> str | None:
    """'characterizing': a participle adjunct on a present-simple dynamic verb ('Commerce Manager provides insights,
    aiding in the optimization of your offerings', 'Programs like Kumon maximize achievement while helping students
    stay engaged').  Outside headlines the simple present of a dynamic verb reads as habitual or characterizing, a
    property of its subject, not one occurrence (Quirk et al. 4.6-4.8; Carlson 1977, Krifka et al. 1995 on
    characterizing sentences); a supplementive participle takes its matrix clause's time and aspect (Quirk et al.
    15.58-15.60), as ``generic_or_habitual`` already reads for a habitual matrix.  A matrix that reports speech ('the
    group says ..., accusing'), that has a date of its own, or that heads a headline is left alone; so is a participle
    with a date of its own.  A participle led by 'while' or 'whilst' ('maximize achievement while helping students')
    is the same supplementive clause with its link to the matrix made explicit (Quirk et al. 15.59)."""
    matrix = _participle_matrix(v) or _while_participle_matrix(v)
    if matrix is None or matrix.i in headline or matrix.tag_ not in PRESENT_SIMPLE or matrix.lemma_.lower() == "be":
        return None
    if any(c.dep_ in ("aux", "auxpass") for c in matrix.children):
        return None
    if matrix.lemma_.lower() in lex.words.get("reporting", frozenset()) or any(
        c.dep_ == "ccomp" for c in matrix.children
    ):
        return None
    if _dated_itself(matrix) or _dated(v):
        return None
    return "characterizing"


def _while_participle_matrix(v):
    """The verb a 'while/whilst' + participle adjunct without subject or auxiliary hangs from, else None."""
    marks = [c.lower_ for c in v.children if c.dep_ == "mark"]
    if (
        v.tag_ != "VBG"
        or v.dep_ != "advcl"
        or marks not in (["while"], ["whilst"])
        or v.head.pos_ not in ("VERB", "AUX")
        or any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in v.children)
    ):
        return None
    return v.head


def _habitual(v, lex: Lexicon) -> bool:
    """v's clause has a habitual or frequency adverb (also where the parser hangs it on the object: 'issues licenses
    annually'), 'every/each' + a period, 'used to', a period of years as its span, or a count over a period."""
    adverbs = lex.words.get("habitual_adverbs", frozenset())
    objects = [c for c in v.children if c.dep_ == "dobj"]
    # "had been raped, often by armed men": a frequency adverb focusing an adjunct quantifies over the occasions of
    # the act all the same (Quirk et al. 8.64, 8.116: focusing frequency adjuncts); the parser hangs it on the phrase
    adjuncts = [c for c in v.children if c.dep_ in ("agent", "prep")]
    for c in [*v.children, *(g for o in objects for g in o.children), *(g for a in adjuncts for g in a.children)]:
        if c.dep_ in ("advmod", "npadvmod") and c.lower_ in adverbs:
            return True
        if c.dep_ == "npadvmod" and c.head.i == v.i and any(g.lower_ in ("every", "each") for g in c.children):
            return True  # "every year", "each week"
    if v.dep_ == "xcomp" and v.head.lemma_.lower() == "use" and v.head.tag_ == "VBD":
        return True  # "used to attack"
    # "at times", "from time to time" (which the parser may split into two phrases): a frequency adjunct of words
    adjuncts = " ".join(_phrase_of(c) for c in shared_children(v) if c.dep_ in ("prep", "advmod", "npadvmod"))
    if any(f" {p} " in f" {adjuncts} " for p in lex.words.get("frequency_phrases", frozenset())):
        return True
    return _over_years(v, lex) or _counted_over_period(v, lex)


def _phrase_of(t) -> str:
    """The lower-case words of t's phrase (its subtree), space-joined."""
    return " ".join(w.lower_ for w in t.subtree)


def _participle_matrix(v):
    """The verb of the clause a participle adjunct without subject, auxiliary or subordinator of its own hangs from
    (through coordinated participles: 'challenging ..., undermining ... and threatening ...'), of the 'with' of an
    absolute clause ('with most purchased by hunters') or of the 'by' or 'through' of a clause of means ('is
    revolutionizing the trade by automating tasks'); None for any other verb.  A matrix that is itself such an
    adjunct ('by automating tasks, providing insights': the parser hangs a listed gerund on the one before it) is
    followed up to the clause that carries the tense: the nonfinite clause takes its matrix clause's subject, time
    and aspect (Quirk et al. 15.58-15.60; 9.48 for the 'by' of means)."""
    matrix = _adjunct_matrix(v)
    for _ in range(4):
        if matrix is None or matrix.tag_ != "VBG":
            return matrix
        above = _adjunct_matrix(matrix)
        if above is None:
            return matrix
        matrix = above
    return matrix


def _adjunct_matrix(v):
    """One step of ``_participle_matrix``: the verb v's own participle adjunct hangs from."""
    t = v
    for _ in range(6):
        if t.tag_ not in ("VBG", "VBN") or any(c.dep_ in ("nsubj", "nsubjpass", "aux", "mark") for c in t.children):
            return None
        if t.dep_ == "conj" and t.head.i != t.i:
            t = t.head
            continue
        if t.dep_ == "advcl" and t.head.i != t.i and t.head.pos_ in ("VERB", "AUX"):
            return t.head
        if (
            t.dep_ == "pcomp"
            and t.head.lower_ == "with"
            and t.head.dep_ == "prep"
            and t.head.head.pos_ in ("VERB", "AUX")
        ):
            return t.head.head
        if (
            t.tag_ == "VBG"
            and t.dep_ == "pcomp"
            and t.head.lower_ in MEANS_PREPS
            and t.head.dep_ == "prep"
            and t.head.head.pos_ in ("VERB", "AUX")
        ):
            return t.head.head
        return None
    return None


# Shorter units that, in the plural as a span up to now ('in the last two weeks', 'in recent months'), hold several
# days: UCDP GED and ACLED code one event per day and place, so an act told over such a span is a tally or a course
# of acts, not one event.  Only this span adjunct reads them: 'for two weeks' measures one act ('detained him for two
# weeks'), as 'for years' is read only with no count (``_over_years``).
SPAN_UNITS = frozenset({"week", "month"})


def _span_of(o, durations: frozenset[str]) -> bool:
    """o names a span of years, or of several weeks or months (``SPAN_UNITS``, plural only: 'in the past week' can
    hold one act)."""
    lemma = o.lemma_.lower()
    return lemma in durations or (lemma in SPAN_UNITS and o.tag_ == "NNS")


def _over_years(v, lex: Lexicon) -> bool:
    """'have been fighting an insurgency for decades', 'has pressed its claims over the past two decades', 'in the
    last few years imposed controls': a period of years ('years', 'decades'; plural) as the span of the act."""
    durations = lex.words.get("duration_nouns", frozenset())
    for p in v.children:
        if p.dep_ == "prep" and p.lower_ in ("in", "during"):
            # "in the last few years imposed onerous controls", "in recent years": a span of years up to now holds
            # the act somewhere in it, or many times (Quirk et al. 8.59); either way no one act at a time
            if any(o.dep_ == "pobj" and _span_of(o, durations) and _span_to_now(o, plural=True) for o in p.children):
                return True
            continue
        if p.dep_ != "prep" or p.lower_ not in ("for", "over", "throughout"):
            continue
        for o in p.children:
            if o.dep_ != "pobj" or o.tag_ != "NNS" or o.lemma_.lower() not in durations:
                continue
            if is_passive(v) and any(c.dep_ == "nummod" for c in o.children):
                continue  # "was jailed for two years": a counted term is the measure of the penalty, not the act's span
            return True
    return False


def _counted_over_period(v, lex: Lexicon) -> bool:
    """'assisted four times out of the last five years', 'has been attacked several times this year': a frequency
    adjunct over a period makes the act iterative, a series rather than one event (Quirk et al. 8.64-8.66,
    frequency adjuncts; TimeML SET).  A count alone ('stabbed three times') can be the parts of one act."""
    for c in v.children:
        if c.lemma_.lower() != "time" or c.tag_ != "NNS":
            continue
        if not any(g.dep_ in ("nummod", "amod") and (g.like_num or g.lower_ in COUNT_WORDS) for g in c.children):
            continue
        spans = [c, *(p for p in v.children if p.dep_ in ("prep", "npadvmod") and p.i != c.i)]
        if _period(v) is not None or any(t.lemma_.lower() in PERIOD_NOUNS for p in spans for t in p.subtree):
            return True
    return False


# Universal and free-choice pronouns as subject make a clause generic (Carlson 1977, characterizing sentences):
# "Everybody knows somebody who has been arrested", "anyone who protests is detained".
UNIVERSAL_SUBJECTS = frozenset({"everybody", "everyone", "anybody", "anyone", "whoever"})


def _universal_subject(v) -> bool:
    """v, or a present-simple clause v hangs in (through relative, object and complement clauses), has a universal
    pronoun as subject, in the simple present."""
    t, steps = v, 0
    while steps < 6:
        if t.tag_ in PRESENT_SIMPLE and any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in UNIVERSAL_SUBJECTS for c in t.children
        ):
            return True
        if t.head.i == t.i or t.dep_ in ("ROOT", "parataxis"):
            return False
        t, steps = t.head, steps + 1
    return False


PERIOD_NOUNS = frozenset({"week", "month", "year", "decade"})
COUNT_WORDS = frozenset({"several", "many", "numerous", "dozens", "hundreds", "thousands", "scores"})


# Prepositions that place an act before or after a time ("after weeks in captivity", "before years of talks"):
# the period anchors the act, it does not hold a count of acts (Quirk et al. 8.61, time-position adjuncts).
ANCHORING_PREPS = frozenset({"after", "before", "following", "ahead"})


def _period(v) -> str | None:
    """'span' for a period of several units ('in the last 15 months', 'over the past weeks'); 'unit' for one whole
    period ('last year', 'in 2024', 'since last August'); None when the clause names no period."""
    found = None
    for c in shared_children(v):
        if c.dep_ == "prep" and c.lower_ in ANCHORING_PREPS:
            continue  # "released after weeks in captivity": a time the act follows, not a span it is summed over
        objs = [o for p in [c] if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"] if c.dep_ == "prep" else []
        for o in [*objs, *([c] if c.dep_ == "npadvmod" else [])]:
            lemma = o.lemma_.lower()
            if lemma in PERIOD_NOUNS and o.tag_ == "NNS":
                return "span"
            if lemma in PERIOD_NOUNS and _span_to_now(o):
                return "span"  # "in the past week", "over the last month": the days up to now, not a calendar unit
            if lemma in PERIOD_NOUNS and any(m.lower_ in ("last", "past", "previous") for m in o.children):
                found = "unit"
            if lemma in PERIOD_NOUNS and any(m.lower_ == "this" for m in o.children) and _perfect(v):
                return (
                    "span"  # "have conducted 11,654 operations so far this year": the perfect spans the period to now
                )
            if o.like_num and len(o.text) == 4 and o.text.isdigit():
                found = "unit"  # "in 2024"
        if c.dep_ == "prep" and c.lower_ == "since":
            if _perfect(v):
                return "span"  # "have arrested 2,400 people since February 1": the span from then up to now
            found = "unit"
    return found


def _span_to_now(o, *, plural: bool = False) -> bool:
    """'the past week', 'the last month': a definite 'past'/'last' period measures the span up to the reference
    time (Quirk et al. 8.59, span adjuncts; it goes with the perfect: 'has risen in the past week'), whereas
    'last week' without the article names one calendar unit before it (a position in time, Quirk 8.53).
    ``plural``: also 'recent years', 'the past two years', 'the last couple of weeks' (several units)."""
    mods = {m.lower_ for m in o.children}
    lemma = o.lemma_.lower()
    if lemma == "couple":  # "the last couple of weeks"
        units = [g for p in o.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"]
        return bool(mods & {"past", "last"}) and any(u.lemma_.lower() in PERIOD_NOUNS for u in units)
    if lemma not in PERIOD_NOUNS:
        return False
    if plural and o.tag_ == "NNS" and mods & {"past", "last", "recent", "previous"}:
        return True
    return bool(mods & {"past", "last"}) and "the" in mods


def _counted(t) -> bool:
    """A counted noun phrase: 'five people', 'several attacks', and 'hundreds of people' (the count word heads it)."""
    return t.lower_ in COUNT_WORDS or any(c.dep_ == "nummod" or c.lower_ in COUNT_WORDS for c in t.children)


def _aggregate(v, lex: Lexicon) -> bool:
    """'launched 504 attacks in 2024', 'nearly 60,000 operations were conducted last year', '1,250 militants have been
    killed in the last 15 months': a count summed over a period is a statistic, not one event (UCDP GED and ACLED
    code one event per day and place)."""
    kids = shared_children(v)
    if any(
        o.dep_ == "pobj" and o.tag_ == "NNS" and _counted(o) and code_noun(o, lex)
        for p in kids
        if p.dep_ == "prep" and p.lower_ in ("in", "across", "during")
        for o in p.children
    ):
        return True  # "killed nearly 400 people in over 500 attacks": the act summed over counted events
    args = [c for c in kids if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    if any(compared_count(a) and code_noun(a, lex) for a in args):
        return True  # "has suffered more attacks than any other city": a comparison of counts of acts
    if _claims_a_set(v, args, lex):
        return True  # "claimed responsibility for several attacks", "past attacks were claimed": a set of acts
    # "claimed responsibility for several attacks": the acts a claim or a charge is for (Quirk et al. 17.51)
    args += [o for a in args for p in a.children if p.dep_ == "prep" and p.lower_ == "for" for o in p.children]
    period = _period(v)
    if period is None:
        return False
    if any(_counted(a) and (code_noun(a, lex) or not agent_like(a, lex)) for a in args):
        return True  # counted acts or things ("504 attacks", "60,000 operations") over any period
    return period == "span" and any(_counted(a) for a in args)


SET_MODIFIERS = frozenset({"past", "previous", "earlier", "multiple"})


def _claims_a_set(v, args, lex: Lexicon) -> bool:
    """'claimed responsibility for several attacks', 'past attacks were claimed by the group': the verb is coded as the
    acts its for-object or passive subject names (the dictionary reads a claim of an attack as the attack), and those
    acts are an indefinite set (``_indefinite_set``) in a clause with no day of its own.  An act done to or about such
    a set ('blamed several attacks on militants', 'filed multiple lawsuits') is an act of its own and is left alone."""
    coded = code_verb(v, lex)
    category = coded.plover if coded is not None else None
    if category is None or _dated(v):
        return False
    sets = [a for a in args if a.dep_ == "nsubjpass"]
    sets += [
        o
        for a in args
        if a.dep_ == "dobj"
        for p in a.children
        if p.dep_ == "prep" and p.lower_ == "for"
        for o in p.children
        if o.dep_ == "pobj"
    ]
    return any(_indefinite_set(a, lex) == category for a in sets)


def _indefinite_set(t, lex: Lexicon) -> str | None:
    """The PLOVER category of a plural event noun counted vaguely ('several attacks', 'numerous raids') or placed as a
    class in the past ('past attacks', 'previous arrests') with no determiner: an indefinite set of acts over unstated
    occasions (Carlson 1977 on bare plurals; UCDP GED and ACLED code one event per day and place), no one act."""
    if t.tag_ != "NNS" or any(c.dep_ in ("det", "poss") and c.lower_ not in COUNT_WORDS for c in t.children):
        return None
    mods = {c.lower_ for c in t.children if c.dep_ in ("amod", "det", "nummod", "quantmod")}
    got = code_noun(t, lex) if mods & (COUNT_WORDS | SET_MODIFIERS) else None
    return (got[1] or lex.plover_of(got[0])) if got else None


def _dated(v) -> bool:
    """A date or time in v's clause that places it ('on Monday'), not one that opens a span ('since August')."""
    for t in v.subtree:
        if t.ent_type_ not in ("DATE", "TIME"):
            continue
        a = t
        while a.i != v.i and a.head.i != a.i and a.lower_ != "since":
            a = a.head
        if a.lower_ != "since":
            return True
    return False


def compared_count(t) -> bool:
    """'more attacks than any other', 'fewer arrests than last year': a plural noun counted by a comparative of
    quantity with its than-phrase compares the numbers of two sets of acts (Quirk et al. 1985, ch. 15 on
    comparative clauses of quantity), a statistic, no one act."""
    return (
        t.tag_ == "NNS"
        and any(c.lower_ in ("more", "fewer", "less") for c in t.children)
        and any(c.lower_ == "than" for c in t.subtree)
    )


def heading(sent) -> str | None:
    """'heading' for a section heading or a fragment: no finite verb and no closing punctuation ('Countering
    China', 'Talks in Geneva'). A nominal or participial trigger there has no actor and no act."""
    if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in sent):
        return None
    last = [t for t in sent if not t.is_space]
    if last and last[-1].text in (".", "!", "?", '"', "”", "'", "’", ":", ";"):
        return None
    return "heading"


# Words a label heading may hold at most ('Services Offered', 'Discounts Offered', 'Payment Options Accepted').
LABEL_MAX_WORDS = 5
LABEL_CLOSING = frozenset(".!?:;\"'\u201d\u2019)")


def label_heading(v) -> str | None:
    """'label_heading': 'Services Offered', 'Discounts Offered': a past participle ending a short line of its own in
    title case, with no auxiliary and no closing punctuation, heads a list or table as its label.  Such a line is block
    language (Quirk et al. 1985, ch. 11 on block language: headings and labels are noun phrases, not clauses), here a noun with
    a postmodifying -ed participle ('the services offered', Quirk et al. 17.97, the reduced relative clause), which
    names a kind of thing and tells no act; the tagger reads its participle as a past tense.  The document's first
    line, where a news headline tells an act in headlinese ('Opposition Leader Arrested'), is left alone."""
    if v.tag_ not in ("VBN", "VBD") or not v.text[:1].isupper() or v.is_sent_start:
        return None
    if any(c.dep_ in ("aux", "auxpass") for c in v.children):
        return None
    text = v.doc.text
    start = text.rfind("\n", 0, v.idx) + 1
    if start == 0:
        return None  # the document's first line
    end = text.find("\n", v.idx)
    line = text[start : end if end >= 0 else len(text)].strip()
    words = line.split()
    if not 2 <= len(words) <= LABEL_MAX_WORDS or words[-1] != v.text or line[-1] in LABEL_CLOSING:
        return None
    return "label_heading" if all(w[:1].isupper() for w in words if w[:1].isalpha()) else None


def warning_not_threat(v, category: str, lex: Lexicon) -> str | None:
    """'warning_not_threat': 'warned that the truce could collapse', 'cautioned the ban should not add costs' warn
    about something; a warning is a threat only when its that-clause is a conflictual act (PLOVER THREATEN:
    'coercive or forceful warnings')."""
    if category == "THREATEN" and _hazard_warning(v, lex):
        return "hazard_warning"
    if category != "THREATEN" or v.lemma_.lower() not in lex.words.get("warning_verbs", frozenset()):
        return None
    if any(p.dep_ == "prep" and p.lower_ == "against" for p in v.children) and not any(
        c.dep_ in ("ccomp", "xcomp", "dobj") for c in v.children
    ):
        return "warning_not_threat"  # "warned against hospital care": advice, no threat of the speaker's own act
    if _warned_of_possibility(v, lex):
        return "warning_not_threat"  # "warned of a possible resurgence": a warning about what may happen
    clauses = [c for c in v.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")]
    if v.dep_ == "parataxis" and v.head.pos_ in ("VERB", "AUX"):
        clauses.append(v.head)  # "their return wouldn't signal a rapprochement, Hecker cautions": the tag's clause
    hedges = lex.words.get("possible_aux", frozenset()) | lex.words.get("obligation_aux", frozenset())
    for c in clauses:
        got = code_verb(c, lex)
        if got is not None and got.plover in CONFLICT_THREATS:
            continue
        if c.lemma_.lower() == "be":
            return "warning_not_threat"  # "warned that the situation is dangerous": a statement of a state
        if _present_situation(c):
            return "warning_not_threat"  # "sanctions are waiting, X warned": a situation now, no act threatened
        # 'would face consequences' is a threat; 'could collapse', 'should not add costs' are warnings about a
        # possibility or advice
        if any(a.dep_ in ("aux", "neg") and (a.lower_ in hedges or a.dep_ == "neg") for a in c.children):
            return "warning_not_threat"
    return None


PRESENT_BE = frozenset({"is", "are", "am", "'s", "'re", "'m"})


def _present_situation(c) -> bool:
    """A clause in the simple present or the present progressive with no modal ('sanctions are waiting', 'the
    economy depends on it'): it states a situation at the time of speaking (Quirk et al. 4.5-4.11, state and
    progressive present), no act the speaker announces."""
    if any(x.dep_ in ("xcomp", "ccomp") and x.pos_ in ("VERB", "AUX") for x in c.children):
        return False  # "warned that it is going to cut ties", "says it plans to strike": the act is in the complement
    aux = {plain_form(a) for a in c.children if a.dep_ in ("aux", "auxpass")}
    if c.tag_ in PRESENT_SIMPLE:
        return not aux
    return c.tag_ == "VBG" and bool(aux) and aux <= PRESENT_BE


# Nouns of a public warning: 'issued a warning', 'an alert was raised'.
WARNING_NOUNS = frozenset({"warning", "alert", "advisory"})


def _hazard_warning(v, lex: Lexicon) -> bool:
    """'Health warnings have been issued', 'issued a flood alert', 'warned residents of the storm': a public warning
    about a hazard (hazards.tsv, or a domain of public advisories: word set ``advisory_domains``) is advice to the
    public, no coercive or forceful warning of the speaker's own act (PLOVER THREATEN)."""
    domains = lex.hazards | lex.words.get("advisory_domains", frozenset())
    nouns = [c for c in v.children if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in WARNING_NOUNS]
    if any(m.dep_ in ("compound", "amod") and _forms(m) & domains for n in nouns for m in n.children):
        return True
    if v.lemma_.lower() not in lex.words.get("warning_verbs", frozenset()):
        return False
    preps = [*_warning_preps(v), *(p for o in v.children if o.dep_ == "dobj" for p in _warning_preps(o))]
    topics = [o for p in preps for o in p.children if o.dep_ == "pobj"]
    return bool(topics) and all(_forms(o) & lex.hazards for o in topics)


def _warned_of_possibility(v, lex: Lexicon) -> bool:
    """'warned of a possible IS resurgence': the object of 'warn of/about' is marked possible ('possible', 'likely';
    word set ``irrealis_adjectives``) and names no act of conflict ('warned of possible retaliation' is a threat)."""
    possible = lex.words.get("irrealis_adjectives", frozenset())
    for p in _warning_preps(v):
        for o in p.children:
            if o.dep_ != "pobj" or not any(m.dep_ == "amod" and m.lower_ in possible for m in o.children):
                continue
            got = code_noun(o, lex)
            if got is None or (got[1] or lex.plover_of(got[0])) not in CONFLICT_THREATS:
                return True
    return False


def _warning_preps(v) -> list:
    """v's 'of'/'about' phrases, also where the parser hangs them on a time phrase before them ('warned in July of
    a possible resurgence')."""
    out = []
    for p in v.children:
        if p.dep_ != "prep":
            continue
        out += [p] if p.lower_ in ("of", "about") else []
        out += [
            q
            for o in p.children
            if o.dep_ == "pobj" and o.ent_type_ in ("DATE", "TIME")
            for q in o.children
            if q.dep_ == "prep" and q.lower_ in ("of", "about")
        ]
    return out


# Acts a warning may threaten (PLOVER THREATEN: threats of sanctions, force, coercion, mobilization).
CONFLICT_THREATS = frozenset({"THREATEN", "SANCTION", "COERCE", "MOBILIZE", "ASSAULT", "PROTEST", "REJECT"})


def intent_not_cooperative(v, category: str, lex: Lexicon) -> str | None:
    """'intent_not_cooperative': 'plans to investigate', 'decided to publish': a plan is PLOVER AGREE only when what
    is planned is cooperation ('All cooperative actions reported in future tense are also taken to imply
    intentions'); a planned conflictual act is coded on its own verb as a threat.  'concurrence': agreeing with
    a view ('agreed with the minister's remark') is no AGREE at all."""
    lemma = v.lemma_.lower()
    if category == "AGREE" and lemma == "agree" and _concurs_with_view(v, lex):
        return "concurrence"  # "agreed with the president's remark": sharing a view, no agreement to act
    intent = lex.words.get("intent_heads", frozenset()) - lex.words.get("promise_heads", frozenset())
    if category != "AGREE" or lemma not in intent:
        return None
    plans = [c for c in v.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")]
    for c in plans:
        got = code_verb(c, lex)
        if got is not None and got.plover in COOPERATIVE_ACTS:
            return None
    if plans:
        return "intent_not_cooperative"
    planned = [c for c in v.children if c.dep_ == "dobj"]
    if lemma != "plan" or not planned:
        return None
    for c in planned:  # "are planning a summit" plans a meeting; "are planning re-opening" plans a policy
        got = code_noun(c, lex)
        if got is not None and got[1] in COOPERATIVE_ACTS:
            return None
    return "intent_not_cooperative"


COOPERATIVE_ACTS = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})


def _concurs_with_view(v, lex: Lexicon) -> bool:
    """'agreed with Biden's recent remark', 'agreed with officials' concerns': the object of 'agree with' is a
    view (word set ``opinion_nouns``), so the verb reports concurrence in opinion, not an agreement."""
    views = lex.words.get("opinion_nouns", frozenset())
    return any(
        o.dep_ == "pobj" and o.lemma_.lower() in views
        for p in v.children
        if p.dep_ == "prep" and p.lower_ == "with"
        for o in p.children
    )


def speculative(v, lex: Lexicon) -> str | None:
    """'speculation' for 'possibly', 'perhaps', 'probably' on the verb or its auxiliary; 'open_condition' for the
    consequent of an if-clause that no actor commits to (``_uncommitted_consequent``); 'interpretation' for what
    something is seen as (``_construed_as``)."""
    if _uncommitted_consequent(v, lex) and not _conditional_act(v, lex):
        return "open_condition"
    if _construed_as(v, lex):
        return "interpretation"
    words = lex.words.get("speculation_adverbs", frozenset())
    if any(c.dep_ == "advmod" and c.lower_ in words for c in v.children):
        return "speculation"
    if _supplementive(v) and any(c.dep_ == "advmod" and c.lower_ in words for c in v.head.children):
        return "speculation"  # "will likely increase cooperation, deepening agreements": the adjunct shares it
    return None


def _construed_as(v, lex: Lexicon) -> bool:
    """'his meeting, which was seen as emphasizing the alliance', 'a move viewed as undermining the talks': the
    'as'-complement of a verb of construal (word set ``construal_verbs``) says how someone reads a situation, an
    assessment of it, not an act done (Quirk et al. 16.47, complex-transitive 'regard ... as'; FactBank: a source
    introducing its own reading)."""
    if v.dep_ != "pcomp" or v.head.lower_ != "as":
        return False
    return v.head.head.lemma_.lower() in lex.words.get("construal_verbs", frozenset())


def _verb_chain(v, *, steps: int = 4):
    """v, then the verbs it completes or is coordinated with, upwards ('kick' in 'we're going to revoke it and kick
    you out': 'kick', 'revoke', 'going'), at most ``steps`` of them."""
    t = v
    for _ in range(steps):
        yield t
        if t.dep_ not in ("xcomp", "conj") or t.head.i == t.i:
            return
        t = t.head


def _if_clause_of(v):
    """The if-clause of v's clause, looked for on v and on the verbs v completes or is coordinated with ('we're going
    to revoke it and kick you out', the if-clause on 'going'); None when there is none."""
    for t in _verb_chain(v):
        for c in t.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "if" for m in c.children):
                return c
    return None


FUTURE_FORMS = frozenset({"will", "'ll", "shall", "would", "'d", "going"})


def _future_marked(v) -> bool:
    """v, a verb it completes or a conjunct it shares auxiliaries with, has a future auxiliary, also one the parser
    hangs on a passive auxiliary ('will be the hardest hit', 'will' under 'be'), or 'be going to' (Quirk et al. 4.44)."""
    for t in _verb_chain(v):
        aux = [c for c in t.children if c.dep_ in ("aux", "auxpass")]
        words = {plain_form(a) for a in aux} | {plain_form(g) for a in aux for g in a.children if g.dep_ == "aux"}
        if words & FUTURE_FORMS or t.lower_ == "going":
            return True
    return False


# Categories whose act is itself conditional: a threat or a demand states what will follow if its condition is or is
# not met ('threatened to expel the mission if it continued', 'warned of a strike if wages were not paid').
CONDITIONAL_ACTS = frozenset({"THREATEN", "DEMAND"})


def _conditional_act(v, lex: Lexicon) -> bool:
    """v threatens, warns or demands (its coded category, or its word: 'warned of a strike if ...')."""
    coded = code_verb(v, lex)
    if coded is not None and coded.plover in CONDITIONAL_ACTS:
        return True
    heads = lex.words.get("threat_heads", frozenset()) | lex.words.get("warning_verbs", frozenset())
    return v.lemma_.lower() in heads | lex.words.get("demand_heads", frozenset())


def _uncommitted_consequent(v, lex: Lexicon) -> bool:
    """'farmers will be the hardest hit if the government imposes the tariff', 'if villagers refused, soldiers beat them':
    the consequent of an open condition is not asserted (Quirk et al. 15.33-15.36: an open condition leaves the
    fulfilment of both clauses unresolved).  PLOVER codes a conditional as what its actor commits to: a threat
    ('will retaliate if ...'), an offer ('will lift the sanctions if ...') or a refusal ('will not accept any more
    refugees if war starts', REJECT), also in the present of a speaker's own conditional ('if they attack, we strike
    back').  A passive one with no agent that no speaker announces names no one committed, and a past one states a
    hypothetical or habitual link."""
    if _if_clause_of(v) is None:
        return False
    if v.tag_ == "VBD" and not _future_marked(v):
        return True  # "if villagers refused, the soldiers beat them": a hypothetical or habitual link in the past
    return is_passive(v) and not any(c.dep_ == "agent" for c in v.children) and not _reported_by_speaker(v, lex)


def _reported_by_speaker(v, lex: Lexicon) -> bool:
    """A speaker announces v ('the president said Iran will be punished if ...'): the speaker commits to it, as
    the mood rules read a reported future passive (mood._forecast_passive)."""
    return bool(reporting_verbs(v, lex))


def reporting_verbs(v, lex: Lexicon) -> list:
    """The reporting verbs that tell v: the one whose that-clause v is ('said Iran will be punished'), and speech tags
    hung on v ('China will retaliate, analysts say')."""
    reporting = lex.words.get("reporting", frozenset())
    verbs = [v.head] if v.dep_ == "ccomp" and v.head.lemma_.lower() in reporting else []
    return verbs + [c for c in v.children if c.dep_ in ("parataxis", "ccomp") and c.lemma_.lower() in reporting]


def _supplementive(v) -> bool:
    """A participle adjunct with no subject of its own ('..., deepening agreements'): it takes its matrix clause's
    subject, time and modality (Quirk et al. 15.58-15.60, supplementive clauses)."""
    return (
        v.dep_ == "advcl"
        and v.tag_ == "VBG"
        and v.head.i != v.i
        and not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in v.children)
    )


@lru_cache(maxsize=1)
def _conflict_words() -> frozenset[str]:
    lex = lexicon()
    out = set(lex.words.get("conflict_context", frozenset()))
    for name in ("&WEAPON", "&FIGHT"):
        out.update(p[-1] for p in lex.synsets.get(name, ()))
    out.update(n for n, ev in lex.nouns.items() if (ev.plover or lex.plover_of(ev.code)) == "ASSAULT")
    return frozenset(out)


def _forms(t) -> set[str]:
    low = t.lower_
    return {low, t.lemma_.lower(), low[:-1] if low.endswith("s") else low}


def accidental(v, lex: Lexicon, *, from_pattern: bool) -> str | None:
    """Deaths and damage with no deliberate agent.

    'bodily_injury' when the subject suffers the injury to a part of their own body ('after he broke a leg');
    'hazard' when the verb's subject, agent or the object of one of its prepositions is an accident or
    natural hazard ('killed in a crash', 'a storm hit the town'), or its object is one ('battled blazes');
    'no_conflict_context' when a bare death verb ('died', 'lost their lives') has no weapon or fighting word in
    its sentence, unless a dictionary pattern named its cause.
    """
    if _bodily_injury(v, lex):
        return "bodily_injury"
    hazards = lex.hazards
    conflict = _conflict_words()
    near = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass", "agent", "prep", "advcl", "npadvmod")]
    if v.dep_ == "advcl" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children):
        # "a storm hit the town, killing two": the participle's cause is its head's subject
        near += [c for c in v.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    words = set()
    for c in near:
        for t in c.subtree:
            words |= _forms(t)
    if words & hazards and not words & conflict:
        return "hazard"
    if any(o.dep_ == "dobj" and _forms(o) & hazards for o in v.children):
        return "hazard"  # "firefighters battled blazes", "fought the flood": a hazard as the target is no enemy
    if v.lemma_.lower() in lex.words.get("casualty_verbs", frozenset()) and not from_pattern:
        sentence_words = set().union(*(_forms(t) for t in sentence_of(v)))
        if not sentence_words & conflict:
            return "no_conflict_context"
    return None


# The possessive pronoun of each subject pronoun: "she broke her wrist" names the subject's own body part.
OWN_POSSESSIVE = {"he": "his", "she": "her", "they": "their", "i": "my", "we": "our", "you": "your", "it": "its"}


def _bodily_injury(v, lex: Lexicon) -> bool:
    """'he broke a leg', 'she sprained her ankle': with a part of the subject's own body as object, a verb of
    hurting tells an injury the subject undergoes, not an act on someone (Levin 1993, 40.8.3 'hurt' verbs: the
    subject is the experiencer and the body part inalienably theirs).  The body part is the subject's when it has
    an indefinite article or the subject pronoun's own possessive; 'police broke his arm' stays an attack."""
    parts = lex.words.get("body_part_nouns", frozenset())
    subjects = [c for c in v.children if c.dep_ == "nsubj"]
    if not subjects or is_passive(v):
        return False
    own = {OWN_POSSESSIVE.get(s.lower_) for s in subjects}
    for o in v.children:
        if o.dep_ != "dobj" or o.lemma_.lower() not in parts:
            continue
        dets = {c.lower_ for c in o.children if c.dep_ in ("det", "poss")}
        if dets & {"a", "an"} or dets & own:
            return True
    return False


def statement_refusal(v, lex: Lexicon) -> str | None:
    """'declined_to_comment': refusing to comment, elaborate or say is no rejection (CAMEO 12 is refusing
    cooperation, demands or proposals; declining to comment is a journalistic formula)."""
    statement = lex.words.get("statement_verbs", frozenset())
    for c in v.children:
        if c.dep_ in ("xcomp", "ccomp", "dobj") and c.lemma_.lower() in statement:
            return "declined_to_comment"
    information = lex.words.get("information_nouns", frozenset())
    if any(c.dep_ == "dobj" and c.lemma_.lower() in information for c in v.children):
        # "did not share further details", "gave no information": withholding what a reporter asked for is the
        # same formula, no refusal of cooperation (CAMEO 12)
        return "declined_to_comment"
    return None


ANIMATE_ENTITIES = {"PERSON", "ORG", "GPE", "NORP"}
# CAMEO synonym sets of people and groups.
PEOPLE_SYNSETS = ("&PEOPLE", "&MILITARY", "&HOSTAGE", "&LEADER", "&NEGOTIATOR", "&OPPOSITION", "&REFUGEE", "&SUSPECT")
# English suffixes of nouns of persons ("-ist": activist, separatist; "-ian": civilian, politician).
AGENTIVE_SUFFIXES = ("ist", "ian")
# Categories whose source may be an instrument rather than an actor: "a bomb killed", "the blast wounded"
# (PLOVER ASSAULT: "any explosive not incorporated in a heavy weapon: mines, IEDS, car bombs").
INSTRUMENT_CATEGORIES = {"ASSAULT"}


def agent_like(t, lex: Lexicon) -> bool:
    """A token that can name an actor: a named person, organisation, state or people; a pronoun; a number
    ('thousands'); a noun of people, groups or offices (Phoenix agents, CAMEO &PEOPLE and &MILITARY)."""
    if t.ent_type_ in ANIMATE_ENTITIES or t.pos_ in ("PRON", "PROPN", "NUM"):
        return True
    forms = _forms(t)
    if forms & lex.agents:
        return True
    if t.pos_ == "NOUN" and t.lemma_.lower().endswith(AGENTIVE_SUFFIXES):
        return True  # "activist", "separatist", "civilian", "politician"
    if t.tag_ == "NNS" and t.lower_.endswith(("ers", "ors")):
        return True  # "supporters", "protesters", "investigators": plural agent nouns
    for name in PEOPLE_SYNSETS:
        if any(p[-1] in forms for p in lex.synsets.get(name, ())):
            return True
    # "the Defense Ministry", "Islamic State fighters": an agent word inside the phrase
    if any(_forms(c) & lex.agents or c.ent_type_ in ANIMATE_ENTITIES for c in t.children if c.dep_ == "compound"):
        return True
    # "the central banks", "the interior ministries": a Phoenix agent of several words, its modifiers and head
    mods = [c.lower_ for c in t.children if c.dep_ in ("amod", "compound") and c.i < t.i]
    return bool(mods) and any(" ".join([*mods[-2:], f]) in lex.agents or f"{mods[-1]} {f}" in lex.agents for f in forms)


def inanimate_source(v, category: str, lex: Lexicon) -> str | None:
    """'inanimate_source' when the verb's subject or passive agent is a thing ('the document fails to reflect',
    'is threatened by the consumption of meat', 'the internet provides'): PLOVER events are acts of actors.  A text speaks for its
    author in a verbal act ('a declaration demanding', 'the statement condemned')."""
    subjects = [c for c in v.children if c.dep_ == "nsubj"]
    subjects += [g for c in v.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if not subjects and v.dep_ in ("relcl", "acl") and v.tag_ != "VBN":
        subjects = [v.head]  # "the group, which rejected ...", "bills proposing sanctions"
    if not subjects and v.dep_ == "conj" and _shares_clause(v):
        # "prices rose and hurt exporters": a conjunct without a subject of its own shares the first conjunct's
        # (Quirk et al. 13.60-13.67, coordination with ellipsis of the subject); a quantifier or number subject ('many
        # waving flags, massed') stands for people its phrase or context names and is left alone
        first = coordinated_predicates(v)[0]
        subjects = [c for c in first.children if c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN")]
    if not subjects and _supplementive(v):
        # "stock indexes have plunged for days, wiping out market gains": a supplementive participle's implied subject
        # is its matrix clause's subject (Quirk et al. 15.58-15.60)
        subjects = [c for c in v.head.children if c.dep_ == "nsubj"]
    if v.dep_ == "relcl":
        # "platforms that have facilitated", "bases, which will reduce": the relative pronoun stands for its head
        subjects = [v.head if s.tag_ == "WDT" else s for s in subjects]
    if not subjects:
        return None
    if any(agent_like(s, lex) and not _technology(s, lex) for s in subjects):
        return None
    if lex.support_verbs.get(v.lemma_.lower()) == "react":
        return None  # "the execution sparked protests": the subject of a reaction verb is its cause, not the actor
    if category in INSTRUMENT_CATEGORIES:
        # only an active subject: the passive agent of a violent verb ('wounded by the formations') is its actor
        active = [s for s in subjects if s.dep_ == "nsubj" or s.i == v.head.i]
        return _no_instrument(v, active, lex) if active else None
    if category in VERBAL | {"COERCE"} and any(
        _forms(s) & lex.words.get("communication_nouns", frozenset()) for s in subjects
    ):
        return None  # "the statement condemned", "the new law bans protests"
    causes = [s for s in subjects if _event_as_cause(v, s, category, lex)]
    if causes:
        return "event_as_cause"
    if _causal_background(v, subjects, lex):
        return "cause_background"
    if any(code_noun(s, lex) for s in subjects):
        return None  # "talks resumed", "fighting broke out": the subject is the event itself
    return "inanimate_source"


def _technology(s, lex: Lexicon) -> bool:
    """A technology named by an acronym or a name the parser reads as a proper noun ('AI', 'VR', 'machine
    learning'; word set ``technology_names``): a thing, whatever its tag, never an actor (PLOVER: acts of
    actors)."""
    words = lex.words.get("technology_names", frozenset())
    phrase = " ".join(t.lower_ for t in s.subtree if t.dep_ == "compound" and t.i < s.i)
    return s.lower_ in words or f"{phrase} {s.lower_}".strip() in words


def _causal_background(v, subjects, lex: Lexicon) -> bool:
    """'Trump's tariff wars have led to a stock selloff', 'the conflict has caused shortages': an event noun as the
    subject of a verb of causation (word set ``causal_verbs``) in the perfect or the present, with no time of its
    own, tells a consequence of an event the story refers to (the perfect of result, Quirk et al. 4.21-4.22), not
    the event itself: PLOVER codes the act where it is reported, and the consequence is no act of anyone.  A dated
    clause ('an attack on Tuesday led to five deaths') reports the event and is left alone."""
    if v.lemma_.lower() not in lex.words.get("causal_verbs", frozenset()) or is_passive(v):
        return False
    if not any(s.dep_ == "nsubj" and code_noun(s, lex) for s in subjects):
        return False
    if any(t.ent_type_ in ("DATE", "TIME") and _clause_verb(t) is v for t in v.subtree):
        return False
    return _perfect(v) or v.tag_ in PRESENT_SIMPLE


def _clause_verb(t):
    """The nearest verb above t: the clause t's phrase belongs to."""
    head = t.head
    for _ in range(12):
        if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
            return head
        head = head.head
    return head


# Roles of news_light_verbs.tsv whose subject is the event itself: "clashes erupted", "talks resumed", "the meeting
# took place".
OCCURRENCE_ROLES = frozenset({"occur", "start", "end"})


def _event_as_cause(v, subject, category: str, lex: Lexicon) -> bool:
    """An event noun of another category as the active subject of v: 'the arrest sent a chilling message', 'the
    September deal established the electoral process', 'sanctions hit the banks'.  An event noun is the subject of
    its own act only through a verb of occurrence or phase ('talks resumed', 'fighting broke out') or a verb of the
    same category that restates it ('the attack killed five', metonymy of the event for its doer); a verb of
    another category makes it the cause of a new situation, a causer with no agent (Levin & Rappaport Hovav 1995,
    ch. 3: external causers of change of state need not be agents; Talmy 1976, event causation), and PLOVER codes
    acts of actors, not the consequences of events.  A noun the dictionaries code with no PLOVER category (a
    statement, 010) is left to the other rules, and so is a verb coded by our news patterns, which name the
    event-noun subjects they take ('the ceasefire took effect', 'that agreement ended a war': the codebook's
    RETREAT, ending a conflict)."""
    if subject.dep_ != "nsubj" or v.dep_ == "relcl" or is_passive(v):
        return False
    if lex.support_verbs.get(v.lemma_.lower()) in OCCURRENCE_ROLES | {"react"}:
        return False
    if not any(c.dep_ in ("dobj", "xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ == "to") for c in v.children):
        return False  # "talks failed", "the deal collapsed": an intransitive verb tells what became of the event itself
    coded = code_verb(v, lex)
    if coded is not None and coded.kind == "news_pattern":
        return False  # our patterns name their event-noun subjects ("the ceasefire took effect", "the agreement ended a war")
    got = code_noun(subject, lex)
    if got is None:
        return False
    entry = lex.nouns.get(subject.lemma_.lower())
    if entry is not None and entry.needs == "military":
        return False  # "a military operation rescued 190 passengers": a military undertaking acts through its forces
    plover = got[1] or lex.plover_of(got[0])
    return plover is not None and plover != category


# Categories whose other party is a partner in talks or the subject of an inquiry: with the press there, the act is
# the report's own newsgathering (``press_contact``).
PRESS_CONTACT_CATEGORIES = frozenset({"CONSULT", "INVESTIGATE"})
PARTY_PREPS = frozenset({"with", "to"})


def _press_party(t, lex: Lexicon) -> bool:
    """t names the press: a word of ``press_parties`` ('reporters', 'the media'), or a news outlet named by its
    entity ('VOA', 'Voice of America', 'Reuters'), not a person the word describes ('journalist Jose Zamora')."""
    press = lex.words.get("press_parties", frozenset())
    if t.pos_ != "PROPN" and t.lemma_.lower() in press:
        return True
    if t.ent_type_ in ("ORG", "PERSON", "") and t.pos_ == "PROPN":
        ent = next((e for e in t.doc.ents if e.start <= t.i < e.end), None)
        name = (ent.text if ent is not None else t.text).lower().removeprefix("the ")
        return name in press
    return False


def press_contact(v, category: str, lex: Lexicon) -> str | None:
    """'press_contact' for a consultation or an inquiry whose subject or other party is the press ('VOA spoke with
    Armitage about his trip', 'a student, who spoke with VOA', 'VOA examined the facts'): the interview or the
    reporter's research is how the news was gathered, not an event between political actors it reports (CAMEO
    040: consultations between actors; comments to the press are CAMEO 010 statements, not coded by PLOVER)."""
    if category not in PRESS_CONTACT_CATEGORIES:
        return None
    kids = shared_children(v)
    parties = [c for c in kids if c.dep_ in ("nsubj", "dobj")]
    parties += [o for p in kids if p.dep_ == "prep" and p.lower_ in PARTY_PREPS for o in p.children if o.dep_ == "pobj"]
    # "had no comment when contacted by VOA": the passive agent is the party who called
    parties += [o for p in kids if p.dep_ == "agent" for o in p.children if o.dep_ == "pobj"]
    parties = [q for p in parties for q in (p, *p.conjuncts)]
    # a speaker's label before a colon ("VOA: Putin recently visited China") opens an interview's turn; it is no
    # party of the act the turn tells
    parties = [p for p in parties if not (p.i + 1 < len(p.doc) and p.doc[p.i + 1].text == ":")]
    return "press_contact" if any(_press_party(p, lex) for p in parties) else None


def _no_instrument(v, subjects, lex: Lexicon) -> str | None:
    """An ASSAULT whose subject is a thing: an instrument of violence ('a car bomb killed', 'the blast wounded',
    'the vehicle hit a landmine') keeps it; with no word of violence in the clause ('trade hit $1.1 billion',
    'collapsing buildings injured 15 people') it is no attack (PLOVER ASSAULT: deliberate actions)."""
    if any(code_noun(s, lex) and not _event_as_cause(v, s, "ASSAULT", lex) for s in subjects):
        return None  # "the attack killed", "fighting wounded": the subject is the event itself
    conflict = _conflict_words()
    if any(_forms(t) & conflict for t in [*v.subtree, *(t for s in subjects for t in s.subtree)]):
        return None  # "the bomb exploded, killing five": a weapon as the (implied) subject is the instrument
    return "inanimate_source"


def figure_reached(v, category: str, lex: Lexicon) -> str | None:
    """'figure_not_attack': 'trade hit $1.1 billion', 'prices hit a record': the object is an amount or a level,
    not a target (PLOVER ASSAULT: 'deliberate actions which can potentially result in substantial physical
    harm').  'earnings_not_aid': 'tourists contributed income of $1 billion': money earned in trade is no aid
    (PLOVER AID: the provision of humanitarian, economic or military aid).  'measure_changed': 'pushed up the
    average price'."""
    if category == "AID" and _earnings_object(v, lex):
        return "earnings_not_aid"
    if _measure_moved(v, lex):
        return "measure_changed"
    if category in FIGURATIVE_CATEGORIES and _figurative_conflict(v, lex):
        return "figurative_conflict"
    if category != "ASSAULT":
        return None
    figures = lex.words.get("figure_objects", frozenset())
    for o in v.children:
        if o.dep_ != "dobj":
            continue
        if o.ent_type_ in ("MONEY", "PERCENT", "QUANTITY") or o.lemma_.lower() in figures:
            return "figure_not_attack"
    return None


def _measure_moved(v, lex: Lexicon) -> bool:
    """'has pushed up the average price', 'drove down costs': a phrasal verb of direction with a measure as object
    tells a change in a scale (Levin 1993, 45.6 verbs of calibratable change of state), a market or economic
    description, no act on an actor (issue 11 item 6)."""
    if not any(c.dep_ == "prt" and c.lower_ in ("up", "down") for c in v.children):
        return False
    measures = lex.words.get("measure_nouns", frozenset())
    return any(o.dep_ == "dobj" and o.lemma_.lower() in measures for o in v.children)


def _earnings_object(v, lex: Lexicon) -> bool:
    """v's object is a noun of money earned ('income', 'revenue'; word set ``earnings_nouns``)."""
    earnings = lex.words.get("earnings_nouns", frozenset())
    return any(o.dep_ == "dobj" and o.lemma_.lower() in earnings for o in v.children)


# Categories of physical force a figurative war or battle is coded as by its noun ('launched a trade war').
FIGURATIVE_CATEGORIES = frozenset({"ASSAULT", "COERCE"})


def _figurative_conflict(v, lex: Lexicon) -> bool:
    """'launched a trade war', 'ignited the economic war', 'a verbal attack': a noun of fighting whose modifier
    names a domain without force (word set ``figurative_domains``) is a metaphor for a dispute (Lakoff & Johnson
    1980, ARGUMENT IS WAR), no act of physical force (PLOVER ASSAULT, COERCE)."""
    domains = lex.words.get("figurative_domains", frozenset())
    fight_nouns = lex.words.get("fight_nouns", frozenset())
    for o in v.children:
        if o.dep_ != "dobj" or o.lemma_.lower() not in fight_nouns:
            continue
        if any(m.dep_ in ("compound", "amod") and m.lemma_.lower() in domains for m in o.children):
            return True
    return False


def private_sense(v, lex: Lexicon) -> str | None:
    """'private_sense': a verb whose everyday sense is an act of private life (word set ``private_sense_verbs``:
    settling somewhere, travelling, migrating, buying, investing) done by one who is evidently no political agent
    ('people, including Chinese Americans, settled in Houston', 'after immigrating to Japan, my quality of life
    increased', 'China's wealthy focus on buying property').  The CAMEO sense of these verbs (settling a dispute, a
    visit between actors, economic exchange) is an act between political actors: PETRARCH2 codes an event only when
    its source is an actor or agent its dictionaries know, and an actor must be a volitional agent (Dowty 1991, the
    agent proto-role) acting for a state, group or organisation.  A subject whose role the sentence leaves open (a
    name, a pronoun with no clear antecedent) is left to the other rules.  The other readings of private life
    (``private_life``: life course, enrolment, a following counted, private help, a person recognised) come first."""
    life = private_life(v, lex)
    if life is not None or v.lemma_.lower() not in lex.words.get("private_sense_verbs", frozenset()):
        return life
    subject = _acting_subject(v)
    if subject is not None and subject.pos_ == "PRON":
        subject = _subject_antecedent(subject)
    if subject is None:
        return None
    return "private_sense" if _evidently_private(subject, lex) else None


def private_life(v, lex: Lexicon) -> str | None:
    """The private-life readings apart from ``private_sense``: a step of a person's life course ('life_course',
    'enrolment'), a count of a following or of sales ('audience_tally'), private persons helping each other
    ('private_help') and a person recognised by sight ('person_recognised').  None when none reads v."""
    return (
        life_course(v, lex)
        or enrolment(v, lex)
        or audience_tally(v, lex)
        or private_help(v, lex)
        or person_recognised(v, lex)
    )


def life_course(v, lex: Lexicon) -> str | None:
    """'life_course': a verb of a person's life course (word set ``life_course_verbs``: migrating, studying,
    graduating, marrying) with a person as its subject ('David Gee migrated from China to the U.S. in the late
    1920s', 'some of the dentists studied overseas').  Biography is no interaction between political actors (the
    PLOVER codebook's introduction: events are interactions of states, governments, groups and organised civilians),
    whoever's life it is; CAMEO gives these verbs codes only in their other senses ('study' a proposal, 061/INVESTIGATE;
    'migrate' in an aid pattern).  'Study' is a life step only without a direct object (Merriam-Webster 'study',
    intransitive: to engage in study, to undertake formal study); a body (an organisation or state) has no life
    course, so a named one as subject is left alone."""
    lemma = v.lemma_.lower()
    if lemma not in lex.words.get("life_course_verbs", frozenset()):
        return None
    if lemma in lex.words.get("transitive_sense_verbs", frozenset()) and any(
        c.dep_ in ("dobj", "nsubjpass") for c in v.children
    ):
        return None  # 'the panel studied the proposal': an inquiry, CAMEO 061
    subject = _acting_subject(v)
    return "life_course" if subject is not None and _a_person(subject, lex) else None


# Personal pronouns of persons (Quirk et al. 6.3-6.5): 'it' and 'they' may stand for a body and are not read.
PERSON_PRONOUNS = frozenset({"i", "you", "he", "she", "we"})


def _a_person(t, lex: Lexicon) -> bool:
    """t names one or more persons, not a body: a person's name, a personal pronoun of persons, or a partitive or
    noun of persons (``_evidently_private``, or a plural agent noun); a partitive ('some of the dentists', 'many
    of the nurses') is who its 'of' phrase names (Quirk et al. 5.9)."""
    kinds = [g for p in t.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
    if kinds and (t.pos_ in ("PRON", "DET", "ADJ", "NUM") or t.lower_ in COUNT_WORDS):
        return _a_person(kinds[0], lex)
    if t.ent_type_ == "PERSON" or t.lower_ in PERSON_PRONOUNS:
        return True
    # a plural noun of persons ('dentists', 'officials'): their biography too is private life, whatever their office
    return t.pos_ == "NOUN" and (_evidently_private(t, lex) or t.tag_ == "NNS" and agent_like(t, lex))


def enrolment(v, lex: Lexicon) -> str | None:
    """'enrolment': joining or enrolling in a school, a course or a training programme (word sets
    ``enrolment_verbs`` and ``education_nouns``: 'in 2021, I joined the IT Bridger Academy').  Becoming a student is
    a step of a person's schooling (Merriam-Webster 'join' 2: to become a member of; 'enroll'), not an alliance or a
    membership between political actors (CAMEO 'join' patterns, 04 and 06, code a state joining an organisation or
    talks); the object's head ('the University of Nairobi', 'the IT Bridger Academy') says it is a place of learning."""
    if v.lemma_.lower() not in lex.words.get("enrolment_verbs", frozenset()):
        return None
    schools = lex.words.get("education_nouns", frozenset())
    objects = [c for c in v.children if c.dep_ == "dobj"]
    objects += [g for c in v.children if c.dep_ == "prep" and c.lower_ in ("in", "at") for g in c.children]
    for o in objects:
        if o.dep_ in ("dobj", "pobj") and _forms(o) & schools:
            subject = _acting_subject(v)
            return "enrolment" if subject is not None and _a_person(subject, lex) else None
    return None


# Object pronouns of persons (Quirk et al. 6.3): 'them' and 'it' may stand for a state or a body and are not read.
PERSON_OBJECT_PRONOUNS = frozenset({"me", "you", "him", "her", "us"})


def person_recognised(v, lex: Lexicon) -> str | None:
    """'person_recognised': a verb of recognition (word set ``perception_sense_verbs``) whose object is a personal
    pronoun of a person and has no 'as' complement ('an officer recognized her'): the sense is to know someone again
    by sight (Merriam-Webster 'recognize' 1), not the diplomatic recognition of a state, a government or a claim
    (CAMEO 0x4, SUPPORT), which names what is recognised and often 'as' what ('recognized him as president')."""
    if v.lemma_.lower() not in lex.words.get("perception_sense_verbs", frozenset()):
        return None
    objects = [c for c in v.children if c.dep_ == "dobj"]
    if not objects or any(o.lower_ not in PERSON_OBJECT_PRONOUNS for o in objects):
        return None
    if any(c.dep_ in ("oprd", "xcomp", "ccomp") or c.lower_ == "as" for c in v.children):
        return None
    return "person_recognised"


def audience_tally(v, lex: Lexicon) -> str | None:
    """'audience_tally': a verb of obtaining or having (word set ``obtain_verbs``) whose object is a counted
    following, clientele or sales (word set ``audience_nouns``: followers, subscribers, customers, sales) with a
    number ('amassed 12.89 million followers on Douyin').  The clause reports the size of an audience or a market, a state reached over time, not an act
    directed at another party (PLOVER codes interactions; a firm's or a blogger's reach is no actor's act, and a
    count of a measure is no event: the fourteenth round's tallies)."""
    if v.lemma_.lower() not in lex.words.get("obtain_verbs", frozenset()):
        return None  # 'gunmen killed 12 customers': an act done to people counted is still an act
    nouns = lex.words.get("audience_nouns", frozenset())
    for o in v.children:
        if o.dep_ != "dobj" or not _counted(o):
            continue
        # 'thousands of followers': the count word heads the phrase, the counted noun is in its 'of' phrase
        heads = [o, *(g for p in o.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children)]
        if any(_forms(h) & nouns for h in heads):
            return "audience_tally"
    return None


def private_help(v, lex: Lexicon) -> str | None:
    """'private_help': a verb of helping (word set ``private_help_verbs``) whose subject and object are both
    evidently private ('the established Chinese Americans helped newcomers', 'elders ... helped our family').  AID
    in the PLOVER codebook is aid extended by an actor (a state, an organisation, an armed group) to another; help
    between neighbours, kin or members of a community is private life.  An object that names a body or a political
    agent, or none, leaves the verb to the other rules."""
    if v.lemma_.lower() not in lex.words.get("private_help_verbs", frozenset()):
        return None
    subject = _acting_subject(v)
    # 'helped fuel the growth': help with a bare infinitive is contributing to what the infinitive's object names
    # (Quirk et al. 16.52; Merriam-Webster 'help' 1b), so that object is the one read
    objects = [g for c in v.children if c.dep_ == "xcomp" for g in c.children if g.dep_ == "dobj"]
    objects += [c for c in v.children if c.dep_ == "dobj"]
    if subject is None or not objects or subject.pos_ == "PRON":
        return None
    return "private_help" if all(_evidently_private(t, lex) for t in (subject, *objects)) else None


def _acting_subject(v, *, steps: int = 5):
    """Who does v: its subject or passive agent (a relative pronoun's antecedent), else the subject of the clause v
    continues or completes, whose subject a conjunct, an infinitive or a participle adjunct without one of its own
    shares (Quirk et al. 13.60-13.67, 15.58-15.60, 16.x subject control), also through a preposition ('after
    immigrating to Japan, my quality of life increased', 'when looking at buying property, the wealthy focus on');
    None for an agentless passive or a clause with no subject to take."""
    t = v
    for _ in range(steps):
        subjects = [c for c in t.children if c.dep_ == "nsubj"]
        subjects += [g for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if subjects:
            s = subjects[0]
            return t.head if s.tag_ in ("WDT", "WP") and t.dep_ == "relcl" else s
        if any(c.dep_ == "nsubjpass" for c in t.children) or t.head.i == t.i:
            return None
        if t.dep_ in ("conj", "xcomp", "advcl") and t.head.pos_ in ("VERB", "AUX"):
            t = t.head
        elif t.dep_ == "pcomp" and t.head.dep_ == "prep" and t.head.head.pos_ in ("VERB", "AUX"):
            t = t.head.head
        else:
            return None
    return None


# Pronouns whose antecedent the subject rule looks for: 'it' (a thing or a body) and 'they'.  'He', 'she', 'I' and
# 'we' name persons, whose role a sentence may leave open; they are not resolved here.
RESOLVED_PRONOUNS = {"it": False, "they": True}  # pronoun -> plural


def _subject_antecedent(p):
    """The antecedent of a subject 'it' or 'they': the nearest subject before it in its sentence that agrees in number,
    else the subject of the previous sentence's main verb when it agrees (Centering theory: the subject of the
    previous utterance is the preferred antecedent, Grosz, Joshi & Weinstein 1995; Brennan, Friedman & Pollard 1987);
    None when there is none or it is itself a pronoun."""
    plural = RESOLVED_PRONOUNS.get(p.lower_)
    if plural is None:
        return None
    sent = sentence_of(p)
    doc = p.doc
    earlier = [t for t in doc[sent.start : p.i] if t.dep_ in ("nsubj", "nsubjpass")]
    if not earlier and sent.start > 0:
        previous = sentence_of(doc[sent.start - 1])
        earlier = [t for t in previous.root.children if t.dep_ in ("nsubj", "nsubjpass")]
    for t in reversed(earlier):
        if t.pos_ == "PRON":
            return None
        if _plural(t) == plural:
            return t
    return None


def _plural(t) -> bool:
    return t.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in t.children)


def _evidently_private(t, lex: Lexicon) -> bool:
    """t names someone in a private capacity or a thing: people of the Phoenix agents' private sectors ('residents',
    'people', 'investors'; ``Lexicon.private_agents``) or of ``private_person_nouns`` ('family', 'the wealthy'), a
    nationality or ethnic group in the plural ('Afghans', 'Chinese Americans'), or a thing that is no agent and no
    aid ('the vessel', 'quality of life').  A name (person, organisation, place) and any noun with a political agent
    word in its phrase ('government officials') may act for a state or group and are never private here."""
    if t.ent_type_ in ("PERSON", "ORG", "GPE", "FAC", "LOC") or (t.pos_ in ("PRON", "PROPN") and t.ent_type_ != "NORP"):
        return False
    if t.like_num or t.lower_ in COUNT_WORDS or t.lemma_.lower() in lex.words.get("partitive_heads", frozenset()):
        # "thousands of refugees", "a group of immigrants": a partitive is who its 'of' phrase names (Quirk et al. 5.9)
        kinds = [g for p in t.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
        return bool(kinds) and _evidently_private(kinds[0], lex)
    phrase = [t, *(c for c in t.children if c.dep_ in ("compound", "amod", "appos"))]
    if any(_forms(w) & lex.political_agents for w in phrase):
        return False
    if t.ent_type_ == "NORP":
        return _plural(t) or t.lower_.endswith("s")
    private = lex.private_agents | lex.words.get("private_person_nouns", frozenset())
    if _forms(t) & private:
        return True
    if agent_like(t, lex) or code_noun(t, lex):
        return False
    aid = lex.words.get("aid_goods", frozenset()) | lex.words.get("delivery_nouns", frozenset())
    return not any(_forms(w) & aid for w in t.subtree)


def denial(v, category: str, lex: Lexicon) -> str | None:
    """'denial': rejecting or rebuffing a proposition ('rejected the accusations', 'rebuffed fears that the tariffs
    would cause a recession', 'rejected questions that the hijacking was an intelligence failure'; word set
    ``proposition_nouns``) denies a statement: CAMEO 016 'Deny responsibility' or a comment (010), neither of which
    PLOVER codes.  PLOVER REJECT is the rejection of a proposal, demand, request or offer."""
    if category == "DISAPPROVE" and v.lemma_.lower() == "disagree" and not _disagreement_named(v):
        return "denial"  # "Of course I disagree", asked about the charges: a denial with no party or view named
    propositions = lex.words.get("proposition_nouns", frozenset())
    if category == "DISAPPROVE" and v.lemma_.lower() in lex.words.get("dismissal_verbs", frozenset()):
        # "dismissed concerns about the tariffs", "dismissed the report as a conspiracy theory": the same denial of a
        # proposition, which the dictionary files under criticism (110) by its verb alone
        if any(_forms(o) & propositions for o in _dismissed(v)):
            return "denial"
    if category != "REJECT":
        return None
    for c in v.children:
        if c.dep_ in ("dobj", "nsubjpass") and (c.lemma_.lower() in propositions or _appositive_content(c)):
            return "denial"
    if any(_content_clause(c) for c in v.children if c.dep_ == "ccomp"):
        # "rejected that the vote was rigged", and the parser's reading of "rejected the idea migration can lead to
        # ...", where the noun becomes a modifier of the clause's subject: a finite content clause is a proposition
        # (Quirk et al. 16.31-16.35, that-clauses as objects), so rejecting it denies a statement (CAMEO 016); a
        # mandative clause ('rejected that talks be held') states a proposal and is left to REJECT
        return "denial"
    return None


def _content_clause(c) -> bool:
    """c is a finite clause with a subject of its own that is not mandative: it asserts that something is so."""
    return (
        c.pos_ in ("VERB", "AUX")
        and _finite(c)
        and not mandative(c)
        and any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)
    )


def complex_preposition(v, lex: Lexicon) -> str | None:
    """'complex_preposition': 'as opposed to' (word set ``as_preposition_participles``) is a complex preposition of
    contrast (Quirk et al. 9.10-9.12; Merriam-Webster 'as opposed to': in contrast with), no act of opposing: the
    participle with 'as' before it and 'to' after it and no subject or auxiliary of its own."""
    if v.lower_ not in lex.words.get("as_preposition_participles", frozenset()):
        return None
    doc = v.doc
    if v.i == 0 or doc[v.i - 1].lower_ != "as" or v.i + 1 >= len(doc) or doc[v.i + 1].lower_ != "to":
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in v.children):
        return None
    return "complex_preposition"


def undergoer_state(v, coded_reversed: bool, lex: Lexicon) -> str | None:
    """'undergoer_state': the progressive of a verb of undergoing (word set ``undergoing_verbs``: 'Algeria is facing
    an increasing threat'), which the CAMEO FACE patterns code with the roles reversed (the subject is the target),
    describes the situation the subject is in around now (Quirk et al. 4.27-4.29, the progressive of a stative
    reading): no party is named doing the act and no time of an act is told.  A dated clause ('was facing arrest on
    Monday'), a named source ('a threat from China'), the finite forms ('faces charges') and a participle adjunct
    ('in jail, facing trial', which may tell the charge itself) are left alone."""
    if not coded_reversed or v.tag_ != "VBG" or v.lemma_.lower() not in lex.words.get("undergoing_verbs", frozenset()):
        return None
    if not any(c.dep_ == "aux" and plain_form(c) in BE_FORMS for c in v.children):
        return None
    heads = [v, *(c for c in v.children if c.dep_ == "dobj")]
    if _dated(v) or any(c.dep_ in ("agent", "prep") and c.lower_ in ("from", "by") for h in heads for c in h.children):
        return None  # "is facing a growing threat from China": the party acting is named
    return "undergoer_state"


# Forms of 'be' (a progressive with an -ing form, a passive with a participle); mood.py reads them too.
BE_FORMS = frozenset({"is", "are", "am", "was", "were", "be", "been", "'s", "'re", "'m"})


def _dismissed(v) -> list:
    """What v dismisses: its object or passive subject, and the noun of its 'as' phrase ('dismissed it as a rumour')."""
    objects = [c for c in v.children if c.dep_ in ("dobj", "nsubjpass")]
    return objects + [o for p in v.children if p.dep_ == "prep" and p.lower_ == "as" for o in p.children]


def _appositive_content(n) -> bool:
    """'the idea migration can lead to cultural enrichment', 'questions that the hijacking was a failure': a noun with
    a finite content clause in apposition states a proposition (Quirk et al. 17.26-17.27, appositive clauses); one with
    a mandative clause ('the proposal that talks be held') states a proposal and is left alone."""
    for c in n.children:
        if c.dep_ not in ("acl", "ccomp") or c.pos_ not in ("VERB", "AUX") or not _finite(c):
            continue
        if any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children) and not mandative(c):
            return True
    return False


def _disagreement_named(v) -> bool:
    """'disagree' names what or whom it disagrees with or about: an object, a clause, or a 'with', 'about', 'over' or
    'on' phrase ('disagreed with the minister', 'publicly disagreed about who was responsible'), or has a plural or
    coordinated subject that disagrees among itself ('the two leaders disagreed')."""
    if any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in v.children):
        return True
    if any(c.dep_ == "prep" and c.lower_ in ("with", "about", "over", "on") for c in v.children):
        return True
    return any(c.dep_ == "nsubj" and _plural(c) and c.pos_ != "PRON" for c in v.children)


# Subject pronouns of the speaker and the addressee: 'we do not recognize' performs a refusal.
SPEAKER_PRONOUNS = frozenset({"i", "we", "you"})


def negated_state(v, lex: Lexicon) -> str | None:
    """'negated_state': a verb of standing attitude (word set ``stative_verbs``) negated in the simple present ('Dodik
    does not recognize the court', 'Indonesia does not recognize dog meat as edible') states a lasting position, not a
    refusal done at a time: negating an event predicate yields a state (de Swart 1996; Quirk et al. 4.5, the state
    present).  The performative first person ('we do not recognize this vote'), a clause with a time of its own and
    the lede, which tells the day's news in the present, are left to the mood rules (a refusal, REJECT)."""
    if v.lemma_.lower() not in lex.words.get("stative_verbs", frozenset()):
        return None
    if not any(c.dep_ == "neg" for c in v.children):
        return None
    aux = [c for c in v.children if c.dep_ == "aux"]
    if not aux or any(a.lemma_.lower() != "do" or a.tag_ not in PRESENT_SIMPLE for a in aux):
        return None
    if any(c.dep_ == "nsubj" and c.lower_ in SPEAKER_PRONOUNS for c in v.children) or _in_lede(v):
        return None
    if any(t.ent_type_ in ("DATE", "TIME") for t in v.subtree):
        return None
    return "negated_state"


# Entity labels of names: a word inside a name of several words is part of the name, not a predicate.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "FAC", "LOC", "NORP", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"})


def proper_name(v) -> str | None:
    """'proper_name': a verb form inside a name of several words the entity recogniser found ('the Standing Rock
    Sioux'), or one the parser hangs on a proper noun as a compound ('Blessed Mhlanga, a journalist'): a word of a
    name, which the tagger read as a verb; a participle as a premodifier is no predicate (Quirk et al. 17.98-17.101)."""
    if v.dep_ == "compound" and v.head.pos_ == "PROPN":
        return "proper_name"
    if v.ent_iob_ not in ("B", "I") or v.ent_type_ not in NAME_LABELS:
        return None
    ent = next((e for e in v.doc.ents if e.start <= v.i < e.end), None)
    return "proper_name" if ent is not None and len(ent) > 1 else None


def mandative(c) -> bool:
    """A mandative subjunctive complement ("insisted that the government scrap the reform") or appositive clause ("the
    demand that the government scrap the reform"): a bare verb after a singular noun subject, with no auxiliary,
    states what is required, not what is reported (CAMEO 10 DEMAND).  The word form decides, not the tag: the tagger
    often reads the bare form as a past or a noun."""
    return (
        c.dep_ in ("ccomp", "acl")
        and c.lower_ == c.lemma_.lower()
        and any(s.dep_ == "nsubj" and s.tag_ in ("NN", "NNP") for s in c.children)
        and not any(a.dep_ in ("aux", "auxpass") for a in c.children)
    )


def _finite(v) -> bool:
    """v heads a finite clause: a tensed verb, or a verb with a tensed or modal auxiliary ('had failed', 'can lead')."""
    finite = ("VBD", "VBZ", "VBP", "MD")
    return v.tag_ in finite or any(c.dep_ in ("aux", "auxpass") and c.tag_ in finite for c in v.children)


def publication(v, category: str, lex: Lexicon) -> str | None:
    """'publication': 'released an AI development program', 'released a video of the meeting': releasing a text, a
    recording or a plan (word sets ``publication_nouns`` and ``communication_nouns``) publishes it; CAMEO 084 (PLOVER
    RETREAT, the RELEASE block's default) releases persons or property, and the dictionary's own lines read 'release
    report', 'recording' and 'polls' as no event.  Its other lines ('release documents', 064) keep their reading."""
    if category != "RETREAT" or v.lemma_.lower() != "release":
        return None
    published = lex.words.get("publication_nouns", frozenset()) | lex.words.get("communication_nouns", frozenset())
    objects = [c for c in v.children if c.dep_ in ("dobj", "nsubjpass")]
    return "publication" if any(_forms(o) & published for o in objects) else None


def nominal_gerund(v) -> str | None:
    """'nominal_gerund': an -ing clause without a subject of its own as the complement of a preposition in a noun phrase
    ('experience in countering Western weapons', 'the wisdom of punishing a foreign politician', 'support for Ukraine in
    defending its territory', 'talks on ending the war') names a kind of activity the noun is about, not an act the
    sentence reports (Quirk et al. 17.53-17.55, nominal -ing clauses as prepositional complements in noun phrases).  A
    verb's own preposition ('accused of attacking', 'convicted of killing') is left to the other rules."""
    prep = v.head
    if v.dep_ != "pcomp" or v.tag_ != "VBG" or prep.dep_ != "prep" or prep.head.i == prep.i:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "poss") for c in v.children):
        return None
    return "nominal_gerund" if prep.head.pos_ == "NOUN" else None


def subject_clause(v) -> str | None:
    """'subject_clause': a to-infinitive clause without a subject of its own as the subject of its sentence ('To
    collaborate with a terrorist is making you a terrorist', 'To negotiate now would be a mistake') names a kind of act
    and says what it is or brings; its unexpressed subject is anyone, and no one's act is reported (Quirk et al. 1985,
    ch. 15, nominal to-infinitive clauses as subject, whose understood subject is indefinite; Chierchia 1984,
    infinitives as names of properties).  A gerund subject can name one act the story told ('Burning the flag sparked riots'),
    so only the infinitive is read here in any tense; the gerund, and the acts inside or beside either, under a present
    matrix, by ``generic_clause`` (in ``generic_or_habitual``)."""
    if v.dep_ not in ("csubj", "csubjpass") or v.tag_ != "VB" or not is_to_infinitive(v):
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in v.children):
        return None  # "for the army to withdraw would ...": a subject of its own makes it one party's act
    return "subject_clause"


def _clause_subject(v) -> bool:
    """v is a to-infinitive clause as subject, or an -ing clause as subject, with no subject of its own."""
    if v.dep_ not in ("csubj", "csubjpass") or any(
        c.dep_ in ("nsubj", "nsubjpass", "mark", "poss") for c in v.children
    ):
        return False
    return v.tag_ == "VBG" or (v.tag_ == "VB" and is_to_infinitive(v))


def _generic_matrix(m, lex: Lexicon) -> bool:
    """m is an undated, auxiliary-free present-simple copula or verb of definition or requirement (word set
    ``definition_verbs``: 'means', 'involves', 'requires'): the tense and verbs of a characterizing sentence, which
    states what a kind of act is or takes and reports no occurrence (Carlson 1977; Krifka et al. 1995, generic
    sentences; Quirk et al. 4.5-4.6, the state present)."""
    if m.tag_ not in PRESENT_SIMPLE or any(c.dep_ in ("aux", "auxpass") for c in m.children):
        return False
    lemma = m.lemma_.lower()
    if lemma not in ("be", *STATE_COPULAS) and lemma not in lex.words.get("definition_verbs", frozenset()):
        return False
    return not _dated_itself(m)


def generic_clause(v, lex: Lexicon) -> str | None:
    """'generic_clause': an act named in a generic statement whose subject is an -ing or to-infinitive clause with
    no subject of its own, under a present-simple copula or verb of definition or requirement: the subject clause
    itself or a verb inside it ('Opposing the government is dangerous', 'Trying to negotiate with them is futile'),
    or the -ing or infinitive complement of the matrix ('Being in opposition means speaking out against larger
    forces', 'Protecting civilians requires negotiating with the rebels').  A non-finite subject clause has an
    indefinite understood subject (Quirk et al. 1985, ch. 15, nominal -ing and to-infinitive clauses), so the
    sentence characterizes a kind of act (Carlson 1977; Krifka et al. 1995): no one's act at a time.  A gerund
    subject of a past or dated matrix ('Burning the flag sparked riots') may name an act the story told, and is
    left alone; so is one with a subject of its own ('His attacking the embassy is ...')."""
    t = v
    for _ in range(4):
        if _clause_subject(t):
            return "generic_clause" if _generic_matrix(t.head, lex) else None
        if t.dep_ not in ("xcomp", "ccomp", "dobj", "pcomp", "prep", "conj", "advcl") or t.head.i == t.i:
            break
        t = t.head
    if v.dep_ in ("xcomp", "ccomp", "attr") and v.tag_ in ("VBG", "VB") and _generic_matrix(v.head, lex):
        # "means speaking out", "requires negotiating": the complement clause shares the subject clause's
        # indefinite understood subject
        if not any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children):
            return "generic_clause" if any(_clause_subject(c) for c in v.head.children) else None
    return None


def reaction_met(v, category: str, lex: Lexicon) -> str | None:
    """'reaction_met': 'the offensive has met with surprising success', 'a plea for reform was met with brutality':
    'meet (with)' whose only other party is no actor means to experience a reaction or an outcome (WordNet 3.1,
    meet v. 'experience as a reaction', 'My proposal met with much opposition'), not a meeting; CAMEO 04 and PLOVER
    CONSULT are consultations between actors.  The reaction can be an act of its own (brutality), told elsewhere."""
    if category != "CONSULT" or v.lemma_.lower() not in lex.words.get("meeting_verbs", frozenset()):
        return None
    others = [c for c in v.children if c.dep_ == "dobj"]
    others += [o for p in v.children if p.dep_ == "prep" and p.lower_ == "with" for o in p.children if o.dep_ == "pobj"]
    others += [o for p in v.children if p.dep_ == "agent" for o in p.children if o.dep_ == "pobj"]
    if not others:
        return None
    if any(agent_like(o, lex) or o.ent_type_ or any(g.ent_type_ for g in o.subtree) for o in others):
        return None
    return "reaction_met"


def measure_effect(v, category: str, lex: Lexicon) -> str | None:
    """'measure_effect': 'the restrictions have pushed traders out of business', 'the tariffs, which have hurt
    farmers': a standing measure (a law, ban, tariff or restriction: word sets ``norm_nouns``, ``trade_restrictions``
    and ``restriction_nouns``) as the subject of a perfect or present clause with no time of its own tells what the
    measure has brought about, the perfect of result (Quirk et al. 4.21-4.22).  PLOVER codes the imposing of the
    measure (SANCTION, COERCE: 'impose restrictions'), an act of its actor at a time; its effects are no act of
    anyone.  A dated clause ('the ban closed 40 shops on Monday') is left to the other rules."""
    if category in VERBAL or is_passive(v) or not (_perfect(v) or v.tag_ in PRESENT_SIMPLE):
        return None
    measures = frozenset().union(
        *(lex.words.get(name, frozenset()) for name in ("norm_nouns", "trade_restrictions", "restriction_nouns"))
    )
    subjects = [c for c in v.children if c.dep_ == "nsubj"]
    if v.dep_ == "relcl":
        subjects = [v.head if s.tag_ == "WDT" else s for s in subjects]  # "restrictions, which have pushed"
    if not any(s.lemma_.lower() in measures for s in subjects):
        return None
    if any(t.ent_type_ in ("DATE", "TIME") and _clause_verb(t).i == v.i for t in v.subtree):
        return None
    return "measure_effect"


READER_PRONOUNS = frozenset({"you", "yourself", "yourselves"})


def reader_addressed(v) -> str | None:
    """'reader_addressed': 'You'll visit the cider mill', 'our specialists will help match you with insurers', 'the
    platform lets you interact with customers': outside quotation marks, a 'you' as the act's subject or object is the
    text's reader, addressed by a guide, an advertisement or a review, or anyone at all, the generic 'you' (Quirk et
    al. 1985, 6.21; Kitagawa & Lehrer 1990, impersonal uses of personal pronouns).  Either way no political actor acts
    or undergoes the act, and PLOVER codes acts between political actors.  A clause in the simple past tells one
    occasion of a real addressee ('During your visit, you met the president', an interviewer's question) and is left
    alone; so is quoted speech, whose 'you' is someone the speaker addresses."""
    if _in_quotation(v):
        return None
    sharing = _subject_sharers(v)
    clauses = [v, *([v.head] if v.dep_ in ("xcomp", "ccomp") else []), *sharing]
    if any(
        c.tag_ == "VBD" or any(a.dep_ in ("aux", "auxpass") and a.tag_ == "VBD" for a in c.children) for c in clauses
    ):
        return None
    parties = [*v.children, *(g for c in v.children if c.dep_ in ("xcomp", "ccomp") for g in c.children)]
    if v.dep_ in ("xcomp", "ccomp"):
        parties += list(v.head.children)
    parties += [c for p in sharing for c in p.children if c.dep_ in ("nsubj", "nsubjpass")]
    reader = any(p.lower_ in READER_PRONOUNS and p.dep_ in ("nsubj", "nsubjpass", "dobj", "dative") for p in parties)
    return "reader_addressed" if reader else None


def _subject_sharers(v) -> list:
    """The predicates whose subject v takes: those coordinated with it ('you'll drive to Santa Fe and visit the
    weaving shop': coordinated predicates share the subject the parser hangs on the first, Quirk et al. 13.60-13.67)
    and, for a participle adjunct without a subject, its matrix clause and the predicates coordinated with that
    ('you'll wrap up your trip exploring Santa Fe': Quirk et al. 15.58-15.60, the supplementive clause's subject is
    the matrix clause's); an open complement ('spend some time exploring the towns') takes its subject from the verb
    it completes (Quirk et al. 16.42, subject control), whose own subject may in turn be a conjunct's."""
    own = {v.i}
    sharers = [p for p in coordinated_predicates(v) if p.i not in own]
    matrix = v.head if v.dep_ == "xcomp" and v.head.i != v.i else _participle_matrix(v)
    if matrix is not None:
        sharers += [p for p in coordinated_predicates(matrix) if p.i not in own]
    return sharers


def _in_quotation(v) -> bool:
    """v is inside quotation marks: opened before it in its sentence (``_quoted``), or closed after it with none
    opened before (a quotation running on from an earlier sentence: 'So, to collaborate ... you a terrorist," he
    said.')."""
    if _quoted(v):
        return True
    sent = sentence_of(v)
    before = any(t.text in ('"', "\u201c") for t in v.doc[sent.start : v.i])
    return not before and any(t.text in ('"', "\u201d") for t in v.doc[v.i : sent.end])


# Words before an imperative verb in its own clause: a coordinator or sentence adverb ('But be warned', 'So grab a
# seat'), 'please', the 'do' and negation of a negative imperative ('Don't miss'), punctuation.
IMPERATIVE_LEAD_POS = frozenset({"CCONJ", "ADV", "INTJ", "PUNCT", "SPACE"})
IMPERATIVE_LEAD_WORDS = frozenset({"do", "don't", "n't", "not", "never", "please", "just"})


def imperative(v) -> str | None:
    """'imperative': 'Explore the quintessential Northeast', 'Get certified for free', 'But be warned', 'Grab the
    template': outside quotation marks, a main clause in the imperative (or one put before the clause it
    belongs to, 'Be warned: these are guidelines'), a verb in the base form with no subject
    opening its clause (Quirk et al. 1985, 11.24-11.30: the imperative's understood subject is 'you'), tells the
    text's reader what to do: a guide's instruction or an advertisement's invitation, which no one has done and no
    political actor undergoes, while PLOVER codes acts between political actors (as ``reader_addressed`` for an
    explicit 'you').  Quoted speech is left alone: an imperative there is a speaker's order, demand or appeal to
    someone ('"Leave the city now," the commander told them'), which CAMEO codes by its reporting verb."""
    if _in_quotation(v):
        return None
    head = v
    while head.dep_ in ("xcomp", "conj") and not any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
        head = head.head
    fronted = head.dep_ in ("ccomp", "parataxis", "advcl") and head.i < head.head.i
    if not (head.dep_ == "ROOT" or fronted) or not _imperative_form(head):
        return None
    sent = sentence_of(head)
    own = {c.i for c in head.children if c.dep_ in ("aux", "auxpass", "neg")}
    lead = [t for t in head.doc[sent.start : head.i] if t.i not in own]
    if any(t.pos_ not in IMPERATIVE_LEAD_POS and t.lower_ not in IMPERATIVE_LEAD_WORDS for t in lead):
        return None  # a subject, a fronted phrase or a heading before the verb: no clause-initial imperative
    return "imperative"


def _imperative_form(c) -> bool:
    """c is a base-form verb with no subject and no auxiliary but 'do' ('Explore', 'Don't miss'), or a passive
    participle after a base-form 'be' ('be warned', 'Get certified' is the first kind)."""
    if any(t.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for t in c.children):
        return False
    aux = [t for t in c.children if t.dep_ in ("aux", "auxpass")]
    if c.tag_ == "VB":
        return all(a.lemma_.lower() == "do" and a.tag_ == "VB" for a in aux)
    return c.tag_ == "VBN" and len(aux) == 1 and aux[0].dep_ == "auxpass" and aux[0].tag_ == "VB"


# The PLOVER categories of exchange, in which a firm's act is trade with its customers: agreeing, offering,
# consulting, supporting, cooperating, giving, easing and conceding (the verbal and material cooperation quad
# classes).  A firm's conflictual act (a threat, a refusal, an accusation) is aimed at someone, who may be a
# political actor, and is left to the other rules; so are the acts the codebook names for economic actors,
# sanctions, embargoes and boycotts (SANCTION) and strikes (PROTEST), which are conflictual too.
# The category read is the verb's own, before negation: a firm's negated offer ('they do not provide housing
# support') is trade withheld and is read the same way.
EXCHANGE_CATEGORIES = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"})
# Entities that may be or act for a political actor: a state or place, a people, an organisation (a ministry, a
# court, a party); with one in the sentence a firm may be dealing with a political actor.
POLITY_ENTITIES = frozenset({"GPE", "NORP", "ORG"})


def commercial_act(v, category: str, lex: Lexicon) -> str | None:
    """'commercial_act': 'Not all moving companies offer the same range of services', 'the brand supports dark mode':
    a firm (word set ``commercial_nouns``: the Phoenix agents' BUS sector and nouns of trade) doing the act, in a
    sentence that names no political actor (``has_political_actor``), offers, serves or sells: trade between a firm
    and its customers.  The PLOVER codebook's actors are states, governments, armed groups and organised civilians,
    and it names firms only as the doers of sanctions, boycotts and strikes; the rule reads only acts of exchange
    (EXCHANGE_CATEGORIES), the trade a firm does with anyone.  A firm dealing with a government ('the company agreed
    to pay the ministry') names a political actor, or a state, people or organisation (POLITY_ENTITIES) that may be
    one, and is left alone; so is a named firm, whose role the sentence leaves open."""
    if category not in EXCHANGE_CATEGORIES:
        return None
    subject = _acting_subject(v)
    if subject is not None and subject.pos_ == "PRON":
        subject = _subject_antecedent(subject)
    if subject is None or not _commercial(subject, lex):
        return None
    sent = sentence_of(v)
    if has_political_actor(sent) or any(e.label_ in POLITY_ENTITIES for e in sent.ents):
        return None
    return "commercial_act"


def _commercial(t, lex: Lexicon) -> bool:
    """t is a common noun of a firm ('companies', 'the moving company', 'brands'), with no political agent word in
    its phrase ('state companies', 'defense firm' stay political or open)."""
    if t.pos_ != "NOUN" or t.ent_type_:
        return False
    phrase = [t, *(c for c in t.children if c.dep_ in ("compound", "amod"))]
    if any(_forms(w) & lex.political_agents for w in phrase):
        return False
    return bool(_forms(t) & lex.words.get("commercial_nouns", frozenset()))


def press_forecast(v, lex: Lexicon) -> str | None:
    """'forecast' for a future act that a report or the press tells of another party ('British media report that
    Britain will cede sovereignty', 'Reports say the army will withdraw'): PLOVER codes a future act as its actor's
    stated intent (AGREE) or threat (THREATEN); a report states no intent of the party it reports on, it foretells
    (FactBank: the source commits to the event, and the source is not the actor).  The actor's own announcement,
    reported ('the government said it will cede'), is left to the mood rules.  Sources: word sets
    ``press_parties`` and ``press_reports``."""
    if not _future_marked(v):
        return None
    press = lex.words.get("press_parties", frozenset()) | lex.words.get("press_reports", frozenset())
    sources = [s for r in reporting_verbs(v, lex) for s in r.children if s.dep_ == "nsubj" and s.i != v.i]
    if v.dep_ in ("acl", "ccomp") and v.head.pos_ == "NOUN":
        sources.append(v.head)  # "British media report that Britain will cede": the content clause of a report noun
    subjects = {s.lemma_.lower() for s in v.children if s.dep_ in ("nsubj", "nsubjpass")}
    if any(s.lemma_.lower() in press and s.lemma_.lower() not in subjects for s in sources):
        return "forecast"
    return None


def inverted_condition(v, lex: Lexicon) -> str | None:
    """'open_condition' for a conditional clause opened by subject-operator inversion instead of 'if' ('Had the army
    attacked the town, thousands would have fled', 'Should the talks fail, ...'; Quirk et al. 1985, 15.36): like
    an if-clause (mood.py) it states a hypothetical or open condition, no act done.  Operators: word set
    ``inversion_operators``, before the clause's subject, the clause before its matrix verb."""
    if v.dep_ != "advcl" or v.i > v.head.i or any(c.dep_ == "mark" for c in v.children):
        return None
    operators = lex.words.get("inversion_operators", frozenset())
    subjects = [c.i for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
    ops = [c.i for c in v.children if c.dep_ in ("aux", "auxpass") and c.lower_ in operators]
    if subjects and ops and min(ops) < min(subjects) and min(ops) == v.left_edge.i:
        return "open_condition"
    return None


def judged_topic(v, category: str, lex: Lexicon) -> tuple[str, str, str] | None:
    """(code, category, source) of a verb of judging or discussing (word set ``judgment_verbs``) that the
    dictionary coded by the act it judges or discusses: 'praised the withdrawal of troops' (CAMEO's ACCLAIM line
    '- * WITHDRAWAL [:0874]' reads the withdrawal, RETREAT), 'discussed aid' (061).  The object of such a verb is
    what was talked about (Levin 1993, 33 and 31.2); the act the sentence reports is the statement, coded with the
    verb's own CAMEO code (ACCLAIM 051, DENOUNCE 111, CONFER 046: PLOVER codes a statement by its own category).
    Only a material reading is replaced: a verbal code the dictionary gives the pair ('welcomed the offer' 030,
    'denounced the sanctions' 053) is CAMEO's own reading of a statement and stays; a verb with no verbal code of
    its own is left alone."""
    if category in VERBAL or v.lemma_.lower() not in lex.words.get("judgment_verbs", frozenset()):
        return None
    entry = verb_entry(v, lex)
    if entry is None:
        return None
    own = entry.plover or lex.plover_of(entry.code)
    if own not in VERBAL:
        return None
    return entry.code, own, entry.source


def judged_reason(v, lex: Lexicon) -> str | None:
    """'judged_reason': 'attacked the newspaper for refusing to support his plans', 'praised the army for
    withdrawing': a clause in the 'for' or 'over' phrase of a verb of judging gives the ground of the judgment
    (Levin 1993, 33: 'praise someone for something'), which is the statement's topic; the act reported is the
    judgment, coded on its own verb (PLOVER: a statement is coded by its own category).  'Attack' and 'blame' take
    the same ground phrase when they judge in words ('attacked the paper for ...')."""
    if v.dep_ != "pcomp" or v.head.lower_ not in ("for", "over"):
        return None
    judge = v.head.head
    words = lex.words.get("judgment_verbs", frozenset()) | lex.words.get("ground_judgment_verbs", frozenset())
    if judge.pos_ != "VERB" or judge.lemma_.lower() not in words:
        return None
    return "judged_reason"


GROUND_PREPS = frozenset({"for", "over"})
MEANS_PREPS = frozenset({"by", "through"})


def _codable_verb(t, lex: Lexicon) -> bool:
    """A verb the dictionary codes as a PLOVER act of its own (not a '---' block of no event, and not a CAMEO code
    PLOVER leaves out, such as 010 'make statement')."""
    if t.pos_ != "VERB":
        return False
    entry = verb_entry(t, lex)
    return entry is not None and (entry.plover or lex.plover_of(entry.code)) is not None


def _gerund_phrase(v):
    """(preposition, its head) of the 'for', 'over', 'by' or 'through' phrase whose gerund clause v is or is
    coordinated into ('for undermining ... and for defying ...', 'by targeting journalists and trying to ...'),
    or None."""
    t = v
    while t.dep_ == "conj" and t.head.tag_ == "VBG":
        t = t.head
    if t.dep_ != "pcomp":
        return None
    p = t.head
    while p.dep_ == "conj" and p.head.pos_ == "ADP":
        p = p.head
    if p.lower_ not in GROUND_PREPS | MEANS_PREPS:
        return None
    return p, p.head


def _earlier_ground(including, lex: Lexicon) -> bool:
    """A ground clause of a codable verb before 'including' in its sentence."""
    return any(
        t.dep_ == "pcomp" and t.head.lower_ in GROUND_PREPS and _codable_verb(t.head.head, lex)
        for t in including.sent
        if t.i < including.i
    )


def ground_clause(v, lex: Lexicon) -> str | None:
    """'ground_clause': 'banned him from politics for defying the court', 'was sanctioned for undermining democracy,
    including by targeting journalists': a gerund clause in the 'for' or 'over' phrase of a verb the dictionary
    codes names the ground of that act (Quirk et al. 9.44, 'for' of cause and reason; Levin 1993, 33, 'for' of
    the ground), which its agent asserts and the story reports as the reason of the act; the act reported is the
    governing verb's (PLOVER codes the act done; CAMEO 163 codes the sanction, not what it punishes).
    'Including' adds members of what was named before it (Quirk et al. 9.59), so a 'by' phrase after it belongs
    to the ground clause before it.  'means_clause': 'pressed the rebels by cutting their supplies', a 'by'
    clause of means of a codable verb specifies how that act was done, not a second act (Quirk et al. 9.48,
    means); a verb of response (word set ``response_verbs``) has no type of its own and keeps its means
    (responded_by_means)."""
    for _ in range(4):
        phrase = _gerund_phrase(v)
        if phrase is None:
            return None
        prep, gov = phrase
        if gov.lower_ == "including":
            return "ground_clause" if _earlier_ground(gov, lex) else None
        if gov.pos_ != "VERB":
            return None
        if prep.lower_ in GROUND_PREPS:
            return "ground_clause" if _codable_verb(gov, lex) else None
        if _codable_verb(gov, lex) and gov.lemma_.lower() not in lex.words.get("response_verbs", frozenset()):
            return "means_clause"
        v = gov  # the means of a ground ('blamed them for disrupting the deal by withdrawing from it')
    return None


def responded_by_means(v, lex: Lexicon) -> str | None:
    """'responded_by_means': 'retaliated by expelling the diplomats': a verb of response (word set
    ``response_verbs``) names the act only as an answer to another; CAMEO codes a response by what was done (its
    REACT block, respond, react, reply, answer, codes no event), so a codable act in its 'by' clause of means
    supplies the type and the response verb itself is no second act."""
    if v.lemma_.lower() not in lex.words.get("response_verbs", frozenset()):
        return None
    return "responded_by_means" if any(_codable_verb(g, lex) for g in means_gerunds(v)) else None


def means_gerunds(v) -> list:
    """The gerunds of v's 'by' or 'through' phrase of means ('by announcing tariffs': Quirk et al. 9.48)."""
    return [
        g for p in v.children if p.dep_ == "prep" and p.lower_ in MEANS_PREPS for g in p.children if g.dep_ == "pcomp"
    ]


def alleged_content(v, lex: Lexicon) -> str | None:
    """'alleged_content': 'the ministry alleged that rebels attacked a convoy': the clause complement of a verb of
    accusing (word set ``allegation_verbs``) is what is alleged, not an act the story reports; the act reported is
    the accusation (CAMEO 112 'Accuse', PLOVER ACCUSE within DISAPPROVE), coded on the accusing verb itself."""
    t = _first_conjunct_clause(v)
    if t.dep_ != "ccomp" or t.head.pos_ != "VERB":
        return None
    if t.head.lemma_.lower() not in lex.words.get("allegation_verbs", frozenset()):
        return None
    return "alleged_content"


def _first_conjunct_clause(v):
    """The first of coordinated clauses ('alleged that they looted and burned ...' reaches 'looted')."""
    t = v
    while t.dep_ == "conj" and t.head.pos_ in ("VERB", "AUX"):
        t = t.head
    return t


def asserted_claim(v, category: str) -> str | None:
    """'asserted_claim': 'reiterated the claim that the attack was orchestrated from abroad': a claim with a content
    clause is an assertion (Merriam-Webster 'claim' noun 2: 'an assertion open to challenge'), not a demand for
    something due (noun 1, 'a claim to the territory', which CAMEO's 'RESTATE * CLAIM [100]' reads); restating an
    assertion is a statement (CAMEO 010), no PLOVER DEMAND."""
    if category != "DEMAND":
        return None
    for o in v.children:
        if o.dep_ != "dobj" or o.lemma_.lower() != "claim":
            continue
        if any(
            c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            for c in o.children
        ):
            return "asserted_claim"
    return None


def verbal_clash(t, lex: Lexicon) -> bool:
    """A verb or noun of clashing (word set ``verbal_clash_verbs``) with evidence of words only: a setting of
    speech ('clashed in a debate', 'on television'; ``speech_settings``), or a text, plan or policy as what is
    disputed ('clashed over the bill'; ``dispute_topics`` and the sets of norms, opinions, propositions and texts),
    or only single persons as its sides ('the clash between Trump and Zelenskyy').  Such a clash is a dispute in
    words (Merriam-Webster 'clash' 2, 'spar' 3), CAMEO 111, not force (190).  Any armed or police party, or a word
    of violence elsewhere in the sentence (``conflict_context``), keeps the physical reading: 'rebels clashed with
    troops over control of the town'."""
    if t.lemma_.lower() not in lex.words.get("verbal_clash_verbs", frozenset()):
        return False
    sides = _clash_sides(t)
    if any(_armed(s, lex) for s in sides) or _violence_nearby(t, lex):
        return False
    settings = lex.words.get("speech_settings", frozenset())
    topics = lex.words.get("dispute_topics", frozenset())
    for name in ("norm_nouns", "opinion_nouns", "proposition_nouns", "communication_nouns"):
        topics = topics | lex.words.get(name, frozenset())
    for prep in (c for c in t.children if c.dep_ == "prep"):
        for o in (c for c in prep.children if c.dep_ == "pobj"):
            words = {o.lemma_.lower(), o.lower_} | {c.lower_ for c in o.children if c.dep_ == "compound"}
            if prep.lower_ in ("in", "during", "at", "on") and words & settings:
                return True
            if prep.lower_ in ("over", "about", "on") and o.lemma_.lower() in topics:
                return True
    return bool(sides) and all(s.ent_type_ == "PERSON" and s.tag_ == "NNP" for s in sides)


def _clash_sides(t) -> list:
    """The parties of a clash: a verb's subject and its 'with' object; a noun's 'between' objects and its 'with'
    object, with their conjuncts."""
    between = [o for p in t.children if p.dep_ == "prep" and p.lower_ == "between" for o in p.children]
    heads = [o for o in between if o.dep_ == "pobj"]
    if not heads and t.pos_ in ("VERB", "AUX"):
        # a 'between' phrase names both sides; only without one is the subject a side (the parser makes a
        # compound before a noun of clashing its subject: 'the Oval Office clash between ...')
        heads = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
    for prep in (c for c in t.children if c.dep_ == "prep" and c.lower_ == "with"):
        heads += [c for c in prep.children if c.dep_ == "pobj"]
    out = []
    for h in heads:
        out.append(h)
        out += [c for c in h.conjuncts]
    return out


def _armed(s, lex: Lexicon) -> bool:
    """An armed, police or protesting party: a word of the military, police or protester sets, or such a modifier."""
    words = lex.words["military_actors"] | lex.words["police_actors"] | lex.words["protester_nouns"]
    toks = [s, *(c for c in s.children if c.dep_ in ("compound", "amod"))]
    return any(x.lemma_.lower() in words or x.lower_ in words for x in toks)


def _violence_nearby(t, lex: Lexicon) -> bool:
    """A word of deliberate violence in the sentence besides the clash itself (word set ``conflict_context``)."""
    words = lex.words.get("conflict_context", frozenset())
    return any(x.i != t.i and x.lemma_.lower() in words for x in t.sent)
