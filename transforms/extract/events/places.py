"""Where an event took place, from the parse: place-name candidates of a trigger, and the dateline.

A place is where the event happened, so a candidate must be the object of a locative preposition that
belongs to the event (Quirk et al. 9.15-9.29; word lists in ``data/places/place_words.tsv``):

- ``event``: a locative of the trigger's own verb or event noun ("met in Geneva", "talks in Geneva",
  "an attack on a market in Kabul"), or a city named as a modifier of the event noun ("the Kabul attack";
  a country there is the actor: "U.S. strikes");
- ``participant``: a locative of one of the event's arguments ("protesters in Tehran rallied", "arrested
  journalists in Istanbul").  For a speech act (PLOVER's verbal categories performed by saying them) only
  the speaker's: the object of a statement is its topic ("criticised the war in Gaza" happened wherever the
  critic spoke);
- ``statement``: for a speech act in reported speech, a locative of the reporting clause ("said at a meeting
  in Moscow that it rejects ...": the statement is the act).

Anything else in the sentence (the topic of a statement, "said about Gaza"; the other party's country,
"Azerbaijan's President"; a place inside a role filler) is not a candidate.  Whether a candidate's entity
is really a place is decided when linking (transforms.link.events), where canonical types are known.

``dateline(text)`` finds an AP/Reuters-style dateline ("ISLAMABAD —", "KYIV, Ukraine (Reuters) -"): where
the story was reported from, the fallback place of its events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from transforms.extract.events.coder import code_noun, code_verb
from transforms.extract.events.dictionary import lexicon
from transforms.gazetteer import is_country_name, lookup_place, lookup_venue

WORDS_FILE = Path(__file__).parent / "data" / "places" / "place_words.tsv"
# Output of place_candidates(): one row per candidate mention.
PLACE_CANDIDATE_SCHEMA = {
    "mention_id": "str (entity mention of the same document)",
    "relation": "event|participant|statement (how the place attaches to the trigger; best first)",
    "distance": "int (tokens between the place name and the trigger)",
}
RELATIONS = ("event", "participant", "statement")
# PLOVER categories whose act is performed by saying it (PLOVER codebook: verbal cooperation and verbal
# conflict), so that a statement's date and place are the act's.  CONSULT (meetings, visits) and INVESTIGATE
# (an inquiry) are verbal in PLOVER's quad classes but are done apart from the statement reporting them.
SPEECH_ACTS = frozenset({"AGREE", "SUPPORT", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN"})
# Acts done to their target where the target is: an attack or an arrest happens where its victim is (ACLED
# codebook: the location is where the event took place; for attacks and arrests, the target's location).
TARGET_PLACED = frozenset({"ASSAULT", "COERCE"})
_NOMINAL = ("NOUN", "PROPN", "PRON", "NUM")
# Links that stay inside one place phrase: "the Karabakh region", "Pakistan's Balochistan province", "Kalat,
# a district of ...", "Kabul and Kandahar".
_NAME_LINKS = frozenset({"compound", "amod", "poss", "nmod", "appos", "conj", "nummod"})
# Links from an argument's head to the noun phrase above it ("a market in Kabul" under "attack on").
_ARGUMENT_LINKS = frozenset({"pobj", "dobj", "obj", "nsubj", "nsubjpass", "dative", "attr", "oprd", "appos", "conj"})


# Links by which a phrase belongs to the speaker, not to the reporting clause: "X, president of a group in
# Hong Kong, said" says where the group is, not where X spoke.
_SPEAKER_LINKS = frozenset({"nsubj", "nsubjpass", "appos", "csubj"})


@dataclass(frozen=True)
class _Words:
    locative: frozenset[str]
    source: frozenset[str]
    place_nouns: frozenset[str]
    travel_nouns: frozenset[str] = frozenset()
    object_place: frozenset[str] = frozenset()
    occasion_nouns: frozenset[str] = frozenset()
    speaking_verbs: frozenset[str] = frozenset()
    simultaneous_marks: frozenset[str] = frozenset()
    topic_verbs: frozenset[str] = frozenset()
    envoy_nouns: frozenset[str] = frozenset()
    joint_act_codes: frozenset[str] = frozenset()
    occurrence_verbs: frozenset[str] = frozenset()
    state_verbs: frozenset[str] = frozenset()
    removal_verbs: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def _words() -> _Words:
    rows: dict[str, set[str]] = {}
    for line in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, cls = line.split("\t")[:2]
        rows.setdefault(cls.strip(), set()).add(word.strip().lower())
    return _Words(
        frozenset(rows.get("locative_prep", ())),
        frozenset(rows.get("source_prep", ())),
        frozenset(rows.get("place_noun", ())),
        frozenset(rows.get("travel_noun", ())),
        frozenset(rows.get("object_place", ())),
        frozenset(rows.get("occasion_noun", ())),
        frozenset(rows.get("speaking_verb", ())),
        frozenset(rows.get("simultaneous_mark", ())),
        frozenset(rows.get("topic_verb", ())),
        frozenset(rows.get("envoy_noun", ())),
        frozenset(rows.get("joint_act_cameo", ())),
        frozenset(rows.get("occurrence_verb", ())),
        frozenset(rows.get("state_verb", ())),
        frozenset(rows.get("removal_verb", ())),
    )


def travel_nouns() -> frozenset[str]:
    """Nouns of travel (class ``travel_noun``): their "to"-phrase is the goal the traveller is at."""
    return _words().travel_nouns


def envoy_nouns() -> frozenset[str]:
    """Nouns of a diplomat sent to act for a state abroad (class ``envoy_noun``): such a speaker's state is not where
    he spoke."""
    return _words().envoy_nouns


def joint_act_codes() -> frozenset[str]:
    """CAMEO codes of acts the parties do together at one place (class ``joint_act_cameo``: a visit, a meeting at a
    third place, a negotiation, a signing)."""
    return _words().joint_act_codes


def _object_is_topic(anchor, speech: bool, w) -> bool:
    """The act's object is what it is about, not what it is done to: a statement's (its topic) or that of a verb of
    talking something over ("discussed maritime security in the Gulf of Guinea", class ``topic_verb``), so a locative
    inside the object places the topic, not the act (a locative adjunct of the clause places the act; Quirk et al.
    9.15-9.29, ch. 8 on adjuncts vs. postmodifiers)."""
    return speech or (anchor.pos_ in ("VERB", "AUX") and anchor.lemma_.lower() in w.topic_verbs)


def _climb_name(root):
    """From a place name's root to the head of the phrase it names: through compounds, possessives,
    appositions, conjuncts and the of-phrase of a place noun ("the city of Khojaly")."""
    w = _words()
    x = root
    for _ in range(8):
        h = x.head
        if h.i == x.i:
            break
        if x.dep_ in _NAME_LINKS and h.pos_ in ("NOUN", "PROPN"):
            x = h
        elif x.dep_ == "pobj" and h.lower_ == "of" and h.head.lemma_.lower() in w.place_nouns:
            x = h.head
        else:
            break
    return x


_NAME_LABELS = frozenset({"ORG", "FAC", "WORK_OF_ART", "EVENT", "LAW"})


def _inside_name(tok) -> bool:
    """The token ends a name's own prepositional phrase ("Committee for Freedom", "Institute of Peace"): a
    locative after it continues the name ("... in Hong Kong"), unlike one after a name's head ("the Qahira
    Hotel in central Somalia", which says where the hotel is)."""
    prep = tok.head
    return (
        tok.pos_ == "PROPN"
        and tok.ent_type_ in _NAME_LABELS
        and tok.dep_ == "pobj"
        and prep.dep_ == "prep"
        and prep.ent_type_ in _NAME_LABELS
    )


def _reporting_head(anchor, reporting: frozenset[str]):
    """The reporting verb whose that-clause holds the anchor ("said [Armenia has recognized ...]")."""
    t = anchor
    for _ in range(4):
        if t.head.i == t.i:
            return None
        if t.dep_ in ("ccomp", "xcomp", "conj") and t.head.lemma_.lower() in reporting:
            return t.head
        t = t.head
    return None


def _path_up(x, stops: set[int], *, limit: int = 10) -> tuple[list, object | None]:
    """Tokens from x up to the first of ``stops`` (exclusive) and that stop; (path, None) when the way up
    leaves the clause (another verb) or the sentence first."""
    path = []
    for _ in range(limit):
        if x.i in stops:
            return path, x
        if x.pos_ in ("VERB", "AUX") or x.head.i == x.i:
            return path, None
        path.append(x)
        x = x.head
    return path, None


def _follows_object(prep, verb) -> bool:
    """The preposition directly follows the verb's object ("criticised [the war] in Gaza").  A small parser
    attaches such a phrase to the verb or the noun alike; by right association (Kimball 1973; Frazier's late
    closure) a reader takes it with the nearest noun, and for a statement that noun is its topic."""
    return any(c.dep_ in ("dobj", "obj") and c.right_edge.i + 1 == prep.i for c in verb.children)


def _names_an_occasion(phrase_head) -> bool:
    """The locative's object is an occasion (class ``occasion_noun``: "at Friday's Security Council meeting", "at a
    Cato Institute event") or a political venue ("at the White House"): the setting in which a statement is made,
    not a modifier of its topic, so right association (``_follows_object``) does not take it from the verb."""
    if phrase_head.lemma_.lower() in _words().occasion_nouns:
        return True
    name = [t for t in phrase_head.subtree if t.i <= phrase_head.i and t.dep_ not in ("det", "poss", "case")]
    return lookup_venue(" ".join(t.text for t in name)) is not None


def _participle_locative(prep, attach, anchor, speech: bool, reporting: frozenset[str]) -> str | None:
    """A locative of a subjectless participle clause that supplements the trigger's clause ("Dodik rejected the
    warrant, telling journalists in Banja Luka ...", "troops attacked the village, killing ten people in X"): such a
    clause shares its matrix clause's subject, time and place (Quirk et al. 15.58-15.60).  For a speech act, only a
    participle of saying or of speaking to an audience ("Speaking at a news conference in Ankara, the minister
    rejected ...", class ``speaking_verb``, as ``speaker_participle_place``): the act was performed by that telling,
    where its hearers were; None otherwise."""
    w = _words()
    if prep.lower_ not in w.locative or _participle_host(attach) is None or attach.head.i != anchor.i:
        return None
    if speech:
        return "statement" if attach.lemma_.lower() in reporting | w.speaking_verbs else None
    return "event"


def _preposition_admits(prep, attach, anchor, w) -> bool:
    """Can a place after this preposition be where the event happened?"""
    if prep.lower_ in w.source:
        return attach.i == anchor.i  # "a delegation from Iran": where they come from, not where it happened
    if prep.lower_ == "to" and attach.lemma_.lower() in w.travel_nouns:
        return True  # "during his visit to Taiwan, he met ...": the goal of a visit is where the visitor is
    return prep.lower_ in w.locative  # not "about Gaza", "on Ukraine", "with Russia": a topic or a party


def _relation_up_the_path(path, stop, noun, anchor, attach, actors, topical: bool, w) -> str | None:
    """The relation of a place attached below the trigger (``path`` from its attachment up to ``stop``); ``topical``:
    the act's object is its topic (``_object_is_topic``)."""
    top = path[-1]
    if stop.i == noun.i and noun.i != anchor.i:
        return "event"  # inside the event noun's own arguments: "an attack on a market in Kabul"
    if top.dep_ == "prep" and top.lower_ in w.locative:
        return "event"  # a locative adjunct of the clause: "met at a hotel in Geneva"
    if not topical and top.dep_ in ("dobj", "nsubjpass") and {top.lemma_.lower(), top.lower_} & lexicon().nouns.keys():
        return "event"  # the event noun of a support verb: "held talks in Geneva" (a statement's is its topic)
    actor_ids = {a.i for a in actors}
    if attach.i in actor_ids or (attach.dep_ == "conj" and attach.head.i in actor_ids):
        return "participant"  # "protesters in Tehran rallied"
    if {t.i for t in path} & actor_ids:
        # the locative of someone the actor is described by ("X, director of a centre in Y, said"):
        # where that body is, not where the actor acted
        return None
    return None if topical else "participant"  # a statement's object is its topic


def _statement_place(anchor, attach, reporting: frozenset[str]) -> str | None:
    """ "said at a meeting in Moscow that it recognises ...": where the statement was made."""
    rep = _reporting_head(anchor, reporting)
    path, stop = _path_up(attach, {rep.i}) if rep is not None else ([], None)
    if stop is not None and not any(t.dep_ in _SPEAKER_LINKS for t in path):
        return "statement"
    return None


# Marks that join the parts of one hyphenated word (hyphen-minus, hyphen, non-breaking hyphen, and the en dash of
# compounds such as "the Kenya\u2013Somalia border").
_HYPHENS = frozenset({"-", "\u2010", "\u2011", "\u2013"})


def _name_edges(root) -> tuple[int, int]:
    """(first, last) token index of the recognised name whose root is ``root`` (the root alone outside a name)."""
    doc, first, last = root.doc, root.i, root.i
    if root.ent_iob_ not in ("B", "I"):
        return first, last
    while first > 0 and doc[first].ent_iob_ == "I":
        first -= 1
    while last + 1 < len(doc) and doc[last + 1].ent_iob_ == "I":
        last += 1
    return first, last


def part_of_a_word(root) -> bool:
    """The name is joined by a hyphen, without a space, to a word before or after it ("Croix" of "Croix-des-Bouquets",
    "Guinea" of "Guinea-Bissau", "Paris-based", "the Russia-Ukraine war"): the hyphenated whole is one word, a longer
    place name or a compound modifier (Quirk et al. 1985, App. I.57-I.64, hyphenated compounds), and a name read from
    a piece of a word is not the place the word names (another town, another country) nor a locative of the act
    (ACLED and GDELT's ActionGeo code the location the source names for the action, a whole place name)."""
    doc = root.doc
    first, last = _name_edges(root)
    before = first >= 2 and doc[first - 1].text in _HYPHENS
    before = before and not doc[first - 1].whitespace_ and not doc[first - 2].whitespace_ and doc[first - 2].is_alpha
    after = last + 2 < len(doc) and doc[last + 1].text in _HYPHENS
    after = after and not doc[last].whitespace_ and not doc[last + 1].whitespace_ and doc[last + 2].is_alpha
    return before or after


def occurrence_clause(noun):
    """The verb of occurrence whose subject is the event noun ("The attack came while the train was passing through a
    tunnel near Sibi", "the bombing occurred at a market"; class ``occurrence_verb``, "take place" and "break out" with
    their particle or object), else None.  Such a predicate only says that the event happened, so its clause is the
    event's own and its locatives and circumstances place the event (Quirk et al. 9.15-9.29, the locative adjunct of
    the clause)."""
    if noun.pos_ != "NOUN" or noun.dep_ not in ("nsubj", "nsubjpass") or noun.head.i == noun.i:
        return None
    verb = noun.head
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    lemma = verb.lemma_.lower()
    words = {lemma} | {f"{lemma} {c.lower_}" for c in verb.children if c.dep_ in ("dobj", "obj", "prt")}
    return verb if words & _words().occurrence_verbs else None


def _placed_occurrence(prep, attach, noun, w) -> bool:
    """The place is a locative adjunct of the verb of occurrence whose subject is the event noun (``occurrence_clause``:
    "the bombing occurred at a market in X"), or hangs in that clause's participle of simultaneous activity ("The attack
    came while passing through a tunnel near Sibi", ``_in_simultaneous_activity``).  Only these: another phrase of the
    clause is no locative of the event ("came as a shock to officials in X")."""
    verb = occurrence_clause(noun)
    if verb is None or prep.lower_ not in w.locative:
        return False
    return attach.i == verb.i or _in_simultaneous_activity(attach, verb, w)


# Articles that introduce a new referent to the discourse (indefinite) and that refer back to one (definite).
_INDEFINITE, _DEFINITE = frozenset({"a", "an"}), frozenset({"the"})
# Prepositions whose object an act on the ground is done to ("an attack on a train", "a raid against a camp").
_TARGET_PREPS = frozenset({"on", "against"})


def _with_article(noun, articles: frozenset[str]) -> bool:
    return any(c.dep_ == "det" and c.lower_ in articles for c in noun.children)


def incident_targets(sent) -> frozenset[str]:
    """Lemmas of the things the sentence's act on the ground is done to (``TARGET_PLACED``: an attack, a raid, an
    arrest), introduced to the story by an indefinite article: the object of such a verb ("Militants attacked a train")
    or of "on"/"against" after such an event noun ("an attack on a train").  A definite noun of the same lemma later in
    the story refers back to that thing (Prince 1981, evoked entities; Quirk et al. 5.26-5.36 anaphoric "the")."""
    lex = lexicon()
    out = set()
    for noun in sent:
        if noun.pos_ != "NOUN" or not _with_article(noun, _INDEFINITE) or noun.head.i == noun.i:
            continue
        head = noun.head
        if noun.dep_ == "pobj" and head.lower_ in _TARGET_PREPS and head.head.pos_ == "NOUN":
            got = code_noun(head.head, lex)
            category = got[1] if got else None
        elif noun.dep_ in ("dobj", "obj", "nsubjpass") and head.pos_ == "VERB":
            coded = code_verb(head, lex)
            category = coded.plover if coded else None
        else:
            continue
        if category in TARGET_PLACED:
            out.add(noun.lemma_.lower())
    return frozenset(out)


def _locative_clause(root, w, *, complements: bool = False, limit: int = 8):
    """The verb the place name hangs from through a chain of locative phrases ("speaking at a news conference in
    Ankara", "remains blocked in a tunnel near Sibi"), else None.  ``complements``: also through an adjective
    complementing the verb ("remained stuck in a tunnel")."""
    x = _climb_name(root)
    for _ in range(limit):
        prep = x.head
        if x.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in w.locative:
            return None
        x = prep.head
        if complements and x.pos_ == "ADJ" and x.dep_ == "acomp":
            x = x.head
        if x.pos_ in ("VERB", "AUX"):
            return x
    return None


def target_state_place(root, targets: frozenset[str]) -> bool:
    """The place name is a locative of a stative clause (class ``state_verb``, alone or as the auxiliary of a
    participle) whose subject is a definite noun of one of ``targets`` (``incident_targets``): "the train remains
    blocked in a tunnel near Sibi" says where the thing attacked is, and an act on the ground done to it was done where
    it is (ACLED codebook: an attack's location is its target's; Quirk et al. 9.15-9.29, position).  The phrase may
    nest locatives ("in a tunnel near Sibi"); a phrase of direction or source is no position."""
    w = _words()
    x = _locative_clause(root, w, complements=True)
    if x is None:
        return False
    auxiliaries = [a for a in x.children if a.dep_ in ("aux", "auxpass")]
    if not {x.lemma_.lower(), *(a.lemma_.lower() for a in auxiliaries)} & w.state_verbs:
        return False
    # the subject of the clause, which the parser may hang on its auxiliary ("the train remains blocked")
    subjects = [s for v in (x, *auxiliaries) for s in v.children if s.dep_ in ("nsubj", "nsubjpass")]
    return any(s.lemma_.lower() in targets and _with_article(s, _DEFINITE) for s in subjects)


def _removal_purpose(prep, attach, anchor, w) -> bool:
    """The place is the source ("from") or a locative of a subjectless infinitive clause of purpose of the act whose verb
    drives someone out of a place (class ``removal_verb``: "launched an operation to flush out militants from the Boni
    Forest"): the purpose clause shares the act's subject and says what the act does (Quirk et al. 15.48), and a removal
    is done in the place it clears, so the act on the ground happened there.  Not for a statement (a vow to drive
    someone out is made where its speaker is)."""
    if prep.lower_ not in w.source | w.locative or attach.pos_ != "VERB" or attach.head.i != anchor.i:
        return False
    if attach.dep_ not in ("advcl", "xcomp") or not any(c.dep_ == "aux" and c.lower_ == "to" for c in attach.children):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in attach.children):
        return False
    lemma = attach.lemma_.lower()
    return bool(({lemma} | {f"{lemma} {c.lower_}" for c in attach.children if c.dep_ == "prt"}) & w.removal_verbs)


def place_relation(root, trig, doc, *, actors=(), reporting: frozenset[str] = frozenset()) -> str | None:
    """How the place name whose root token is ``root`` attaches to the trigger (see the module docstring);
    None when it does not name where the event happened, or is part of a hyphenated word (``part_of_a_word``).
    ``actors``: the trigger's actor head tokens; ``reporting``: lemmas of reporting verbs."""
    if part_of_a_word(root):
        return None
    w = _words()
    anchor, noun = doc[trig.anchor_i], doc[trig.token_i]
    speech = trig.category in SPEECH_ACTS
    topical = _object_is_topic(anchor, speech, w)
    head = _climb_name(root)
    if head.i in (noun.i, anchor.i):
        return None  # the place name is the trigger itself
    if _where_clause_of(head, anchor, reporting if speech else frozenset(), w):
        return "statement" if speech else "event"  # "talks in Jeddah, where Ukraine said it accepts ...": said there
    if head.head.i == noun.i and head.dep_ in ("compound", "nmod") and noun.pos_ == "NOUN":
        # "the Kabul attack", "the Geneva talks"; a country there is the actor ("U.S. strikes")
        return None if is_country_name(root.text) or is_country_name(head.text) else "event"
    prep = head.head
    if head.dep_ != "pobj" or prep.dep_ != "prep":
        return None
    attach = _past_time_adjunct(prep.head)
    if _inside_name(attach):
        return None  # "the Committee for Freedom in Hong Kong" names a body, not where it acts
    if not speech and _removal_purpose(prep, attach, anchor, w):
        return "event"  # "launched an operation to flush out militants from the Boni Forest"
    if not _preposition_admits(prep, attach, anchor, w):
        return None
    if anchor.i == noun.i and _placed_occurrence(prep, attach, noun, w):
        return "event"  # "The attack came while the train was passing through a tunnel near Sibi"
    host = _participle_host(anchor)
    if attach.i in (anchor.i, noun.i) or (host is not None and attach.i == host.i):
        if topical and _follows_object(prep, attach) and not _names_an_occasion(head):
            return None  # "criticised the war in Gaza": right association puts it on the topic, not the act
        return "event"  # "met in Geneva", "talks in Geneva", "attacked a train in X, taking hostages"
    supplement = _participle_locative(prep, attach, anchor, speech, reporting)
    if supplement is not None:
        return supplement
    if trig.category in TARGET_PLACED and _in_target_activity(attach, anchor, w):
        return "participant"  # "ambushed a bus transporting troops in Kalat": the target was in Kalat then
    path, stop = _path_up(attach, {anchor.i, noun.i} | ({host.i} if host is not None else set()))
    if stop is not None and host is not None and stop.i == host.i:
        return _host_relation(path[-1], _object_is_topic(host, speech, w), w)
    if stop is not None and speech and stop.i == anchor.i and _own_visit(prep, attach, path, w):
        return "event"  # "During a visit to Kyiv, the minister pledged support": said where the visitor was
    if stop is not None and speech and stop.i == anchor.i and _occasion_on_the_object(path, anchor, w):
        return "event"  # "rejected the proposal at talks in Jeddah": the parser hung the occasion on the object
    if stop is not None:
        return _relation_up_the_path(path, stop, noun, anchor, attach, actors, topical, w)
    if _in_simultaneous_activity(attach, anchor, w):
        return "statement" if speech else "event"  # "came under attack while passing through a tunnel near Sibi"
    return _statement_place(anchor, attach, reporting) if speech else None


def _host_relation(top, topical: bool, w) -> str | None:
    """The relation of a place attached below the clause a participle or a coordinated predicate shares its scene
    with (``_participle_host``), ``top`` being the host's dependent it hangs from.  A locative adjunct of the host
    ("attacked a train in X, taking hostages") is the scene itself; one of the host's object ("attacked a train
    in X's Y province, taking hostages", the parser hanging the locative on the noun) places what the host act was
    done to, and the participle, with no place of its own, happens where the host act did (Quirk et al. 15.58-15.60).
    Not when the host's object is its topic (a statement's, or what is discussed: ``_object_is_topic``)."""
    if top.dep_ == "prep" and top.lower_ in w.locative:
        return "event"
    if not topical and top.dep_ in _TARGET_LINKS:
        return "participant"
    return None


def has_own_locative(anchor) -> bool:
    """The act's verb has a locative adjunct naming a place by a common noun ("were recovered in the prison yard",
    "shot them on the street"): the sentence gives the act a place of its own, though no named one, so no place the
    story told elsewhere is lent to it.  Not a time ("in 2019", "at noon") nor an event noun ("died in the attack",
    which names the act, not its place)."""
    w = _words()
    for prep in anchor.children:
        if prep.dep_ != "prep" or prep.lower_ not in w.locative:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj" or obj.pos_ != "NOUN" or obj.ent_type_ in ("DATE", "TIME"):
                continue
            if obj.lemma_.lower() not in lexicon().nouns and obj.lemma_.lower() not in w.occasion_nouns:
                return True
    return False


def _in_simultaneous_activity(attach, anchor, w) -> bool:
    """The locative hangs in an -ing participle clause of the act's own clause introduced by a subordinator of
    simultaneity and without a subject of its own ("The train came under attack while passing through a tunnel near
    Sibi", "troops were ambushed when patrolling in X"; class ``simultaneous_mark``): the clause tells what the main
    clause's subject was doing, and where, at the time of the act (Quirk et al. 15.58-15.60), so the act happened
    there.  Not through a clause of its own or a source phrase ("while driving from Quetta")."""
    x = attach
    for _ in range(8):
        if x.head.i == x.i:
            return False
        if x.pos_ in ("VERB", "AUX"):
            return (
                x.dep_ == "advcl"
                and x.tag_ == "VBG"
                and x.head.i == anchor.i
                and any(c.dep_ == "mark" and c.lower_ in w.simultaneous_marks for c in x.children)
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in x.children)
            )
        if x.dep_ == "prep" and x.lower_ in w.source:
            return False
        x = x.head
    return False


_TARGET_LINKS = frozenset({"dobj", "obj", "nsubjpass"})


def _in_target_activity(attach, anchor, w) -> bool:
    """The locative hangs in an -ing participle that postmodifies the act's target ("ambushed a bus transporting
    troops in Kalat", "arrested journalists covering a protest in Istanbul"): such a participle stands for a
    progressive relative clause ("a bus which was transporting ...": nonfinite postmodifying clauses, Quirk et al. ch. 17), an activity going
    on when the act was done, so its locative places the target at the time of an act placed by its target
    (``TARGET_PLACED``).  Not through a clause of its own or a source phrase ("workers from Punjab")."""
    x = attach
    for _ in range(8):
        if x.head.i == x.i:
            return False
        if x.pos_ in ("VERB", "AUX"):
            target = x.head
            return (
                x.dep_ == "acl"
                and x.tag_ == "VBG"
                and target.dep_ in _TARGET_LINKS
                and target.head.i == anchor.i
                and not any(c.dep_ in ("nsubj", "mark") for c in x.children)
            )
        if x.dep_ == "prep" and x.lower_ not in w.locative:
            return False
        x = x.head
    return False


def speaker_participle_place(root, trig, doc, reporting: frozenset[str]) -> str | None:
    """``statement`` when the place name is a locative of a participle of saying that postmodifies the subject of a
    speech act ("The minister, speaking at a news conference in Ankara, rejected the demand") or supplements its
    clause ("Speaking at a news conference in Ankara, the minister rejected the demand"): the supplementive
    participle tells where the speaker spoke (Quirk et al. 15.58-15.60, as ``_participle_locative``), and a speech
    act is done by that speaking.  Such a phrase lies inside the actor's words, which are otherwise never its place.
    None otherwise."""
    if trig.category not in SPEECH_ACTS or part_of_a_word(root):
        return None
    w = _words()
    anchor = doc[trig.anchor_i]
    if _speaker_at_an_occasion(_climb_name(root), anchor, reporting, w):
        return "statement"
    x = _locative_clause(root, w)
    if x is None or x.tag_ != "VBG" or x.lemma_.lower() not in reporting | w.speaking_verbs:
        return None
    reporter = _reporting_head(anchor, reporting)
    if x.dep_ == "advcl" and (x.head.i == anchor.i or (reporter is not None and x.head.i == reporter.i)):
        # fronted or trailing, the participle clause modifies the act's own clause ("Speaking at a news conference in
        # Ankara, the minister rejected ...") or, in reported speech, the reporting clause that performs the act
        # ("Speaking in Ankara, the minister said Turkey rejects ..."); one with a subject or a subordinator of its own
        # is a clause apart
        own = any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in x.children)
        return None if own else "statement"
    subject = x.head
    return "statement" if x.dep_ == "acl" and subject.dep_ == "nsubj" and subject.head.i == anchor.i else None


def _speaker_at_an_occasion(head, anchor, reporting: frozenset[str], w) -> bool:
    """The place names an occasion, or where one was held, in a locative that postmodifies the statement's speaker
    ("representatives at a U.N. Security Council meeting criticised him", "delegates at the summit in Hanoi rejected
    it"): a prepositional postmodifier of place tells where the speaker was (Quirk et al. 17.38-17.39; "at" of an
    occasion, 9.15-9.17), and the statement was made there, by his words at it.  The speaker is the subject of the act
    or of its reporting verb, or the agent of a passive act ("was criticised by X"); a body's seat ("officials of the
    ministry in Kabul") names no occasion."""
    x = head
    prep = x.head
    if x.dep_ == "pobj" and prep.lower_ in w.locative and prep.head.lemma_.lower() in w.occasion_nouns:
        x = prep.head  # "the summit in Hanoi": where the occasion was held
    prep = x.head
    if x.lemma_.lower() not in w.occasion_nouns or x.dep_ != "pobj" or prep.lower_ not in w.locative:
        return False
    speaker = prep.head
    reporter = _reporting_head(anchor, reporting)
    clauses = {anchor.i} | ({reporter.i} if reporter is not None else set())
    if speaker.dep_ in ("nsubj", "nsubjpass") and speaker.head.i in clauses:
        return True
    agent = speaker.head  # "criticised by representatives at a meeting"
    return speaker.dep_ == "pobj" and agent.dep_ == "agent" and agent.head.i == anchor.i


def _own_visit(prep, attach, path, w) -> bool:
    """The place is the to-goal of a noun of travel heading a time adjunct of the act's verb ("During a visit to
    Kyiv, the minister pledged support", "on his trip to Beijing"): the adjunct's unstated traveller is the
    clause's subject (subject attachment of a nominal adjunct, as roles._travel_goal takes it; Quirk et al.
    15.59), who was at the goal while on the visit (Quirk et al. 9.17), so a statement made then was made there.
    Not a visit of someone else's ("during Xi's visit to Moscow"), nor one that is the statement's topic."""
    if prep.lower_ != "to" or attach.lemma_.lower() not in w.travel_nouns or len(path) != 2:
        return False
    adjunct = path[-1]
    if adjunct.dep_ != "prep" or adjunct.lower_ in w.source:
        return False
    return not any(c.dep_ == "poss" and c.pos_ != "PRON" for c in attach.children)


def _occasion_on_the_object(path, anchor, w) -> bool:
    """The place hangs in a locative phrase of an occasion ("at talks in Jeddah", "at a meeting in Paris") that the
    parser attached to the statement's direct object ("rejected [the proposal at talks in Jeddah]"): a phrase naming
    the occasion a statement is made at belongs to the verb wherever the parser hangs it (Quirk et al. 9.15-9.17, "at"
    of an occasion; as ``_names_an_occasion``), so it places the statement, not its topic."""
    for prep in path:
        if prep.dep_ != "prep" or prep.lower_ not in w.locative:
            continue
        obj = prep.head
        occasion = any(c.dep_ == "pobj" and c.lemma_.lower() in w.occasion_nouns for c in prep.children)
        if occasion and obj.dep_ in ("dobj", "obj") and obj.head.i == anchor.i:
            return True
    return False


def _where_clause_of(head, anchor, reporting: frozenset[str], w) -> bool:
    """The act's clause (for a statement in reported speech, its reporting clause) is a relative clause introduced by
    "where" whose antecedent is the place itself ("Jeddah, where Ukraine said ...") or an occasion held at it ("talks in
    Jeddah, where ..."): the relative adverb of place stands for a preposition and a relative pronoun, "at which"
    (Quirk et al. 1985, ch. 17, relative adverbs), so the act happened at the antecedent."""
    clauses = [anchor]
    rep = _reporting_head(anchor, reporting) if reporting else None
    if rep is not None:
        clauses.append(rep)
    for clause in clauses:
        if clause.dep_ != "relcl" or not any(c.dep_ == "advmod" and c.lower_ == "where" for c in clause.children):
            continue
        antecedent = clause.head
        if _climb_name(antecedent).i == head.i:
            return True  # the antecedent is (a part of) the place name: "Jeddah, Saudi Arabia, where ..."
        prep = head.head
        if (
            antecedent.lemma_.lower() in w.occasion_nouns | w.travel_nouns
            and head.dep_ == "pobj"
            and prep.lower_ in w.locative
            and prep.head.i == antecedent.i
        ):
            return True  # "at the summit in Hanoi, where ...": the occasion's place
    return False


def _coordinated_host(anchor):
    """The first of two coordinated predicates when the second has no subject and no locative of its own ("officials
    met in Bangui and signed an agreement"): the conjuncts share the subject and the scene the first one sets
    (coordination with ellipsis, Quirk et al. 13.60-13.67); None otherwise."""
    if anchor.dep_ != "conj" or anchor.head.i == anchor.i or anchor.head.pos_ not in ("VERB", "AUX"):
        return None
    if anchor.pos_ not in ("VERB", "AUX"):
        return None
    w = _words()
    if any(
        c.dep_ in ("nsubj", "nsubjpass", "mark") or (c.dep_ == "prep" and c.lower_ in w.locative)
        for c in anchor.children
    ):
        return None
    return anchor.head


def _participle_host(anchor):
    """The clause a participle adjunct belongs to ("Militants attacked a train in X, taking hostages"): a
    supplementive participle clause has no subject, time or place of its own and shares its main clause's
    (Quirk et al. 15.58-15.60), so the main clause's locative is the participle's act's too.  None otherwise."""
    if _coordinated_host(anchor) is not None:
        return anchor.head
    if anchor.tag_ not in ("VBG", "VBN") or anchor.dep_ not in ("advcl", "xcomp") or anchor.head.i == anchor.i:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "mark") or c.tag_ == "WRB" for c in anchor.children):
        return None  # a clause with a subject or a subordinator of its own ("after taking", "when attacked")
    host = anchor.head
    return host if host.pos_ in ("VERB", "AUX") else None


def _past_time_adjunct(attach):
    """A locative hung from a time adjunct ("On Thursday in Washington, X met Y": the parser hangs "in
    Washington" from "On" or from "Thursday") places the clause, not the time: climb to what the time adjunct
    modifies."""
    for _ in range(2):
        if attach.dep_ == "prep" and attach.pos_ == "ADP" and attach.head.i != attach.i:
            attach = attach.head
        elif attach.ent_type_ in ("DATE", "TIME") and attach.dep_ == "pobj" and attach.head.dep_ == "prep":
            attach = attach.head.head
        else:
            break
    return attach


# --------------------------------------------------------------------------------------------------
# Datelines
# --------------------------------------------------------------------------------------------------

_PLACE = r"[A-Z][A-Za-z.'\u2019\-]*(?:\s+[A-Z][A-Za-z.'\u2019\-]*){0,3}"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    rf"\A\s*(?P<first>{_PLACE})(?:\s*/\s*{_PLACE})*(?:,\s*{_PLACE})?(?:,?\s+{_MONTH}\s+\d{{1,2}})?"
    r"\s*(?:\((?P<agency>[A-Za-z .&\-]{1,40})\))?\s*(?:\u2014|\u2013|--|-)\s+\S"
)


def _travel_goal(head, noun) -> bool:
    """The place phrase is the to-goal of the trigger's noun of travel ("a visit to Beijing")."""
    prep = head.head
    return (
        head.dep_ == "pobj"
        and prep.dep_ == "prep"
        and prep.lower_ == "to"
        and prep.head.i == noun.i
        and noun.lemma_.lower() in _words().travel_nouns
    )


def object_place(root, trig, doc) -> str | None:
    """``event`` when the place name is the direct object of a verb whose object is where the act happened
    ("Russia invaded Ukraine", "troops entered the town of X"; class ``object_place``), or the goal of the trigger's
    noun of travel ("a visit to Beijing"): the place is then both the event's recipient and its place, so it is a
    candidate although it fills a role.  None else."""
    if part_of_a_word(root):
        return None  # "Croix" of "Croix-des-Bouquets": no whole place name
    anchor = doc[trig.anchor_i]
    head = _climb_name(root)
    if _travel_goal(head, doc[trig.token_i]) and root.ent_type_ not in ("PERSON", "NORP", "ORG"):
        return "event"  # "a visit to Beijing": the goal is the host (a recipient, roles._travel_goal) and the place
    if anchor.lemma_.lower() not in _words().object_place or anchor.pos_ not in ("VERB", "AUX"):
        return None
    if root.ent_type_ in ("PERSON", "NORP", "ORG"):
        return None  # "visited the Australian minister": a person or a nationality word is no place
    if trig.category in SPEECH_ACTS:
        return None  # "attacked the newspaper" in words: the object is the topic of a statement, never its place
    return "event" if head.dep_ in ("dobj", "obj") and head.head.i == anchor.i else None


def dateline(text: str, *, max_chars: int = 80) -> tuple[int, int, str] | None:
    """(start, end, name) of the first place of the text's dateline, or None.

    AP style writes the dateline city in capitals ("WASHINGTON (AP) —"); a title-case one ("Kyiv, Ukraine —")
    counts only when the gazetteer knows the place, so "Trump — who ..." is not a dateline.  ``max_chars``:
    a dateline is a short prefix of the first line.
    """
    head = text[: max_chars + 2]
    m = _DATELINE.match(head)
    if m is None or "\n" in head[: m.start("first")].strip("\n") or "\n" in m.group(0).strip():
        return None
    first = m.group("first").rstrip(".")
    letters = [c for c in first if c.isalpha()]
    shouted = len(letters) >= 3 and all(c.isupper() for c in letters)
    if not shouted and lookup_place(first) is None:
        return None
    start = m.start("first")
    return start, start + len(first), first
