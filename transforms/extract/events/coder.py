"""A small interpreter of the CAMEO verb patterns (and our news patterns) over a spaCy dependency parse.

For a verb token it finds the verb's dictionary entry (lemma, with its particle for multi-word
verbs such as "call off"), then the most specific pattern of the verb's block whose elements all
match the verb's arguments, read from the parse the way PETRARCH2 reads them from a
constituency tree:

- subject nouns: the head of the verb's subject (the ``by`` agent for a passive verb);
- object nouns: heads of direct objects, attributes, complements, particles and adverbial
  particles ("set *up*", "put *forward*"), and the passive subject;
- prepositional elements: ``prep`` children of the verb and of those heads (two levels), with
  their objects.

A noun element matches a token whose word or lemma is the element's head and whose left
subtree holds its modifiers; ``&NAME`` matches any phrase of that synonym set.  Without a
matching pattern a verb takes its own or its block's default code.  Event nouns of our table
(``news_nouns.tsv``) are coded when a support verb governs them ("held *talks*", "the *meeting* was
held") or when they end or start something ("the *end of* hostilities").

The code's PLOVER category comes from CAMEO2PLOVER; mood and codability are decided afterwards
(``mood.py``, ``codable.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from transforms.extract.events.dictionary import NULL_CODES, Lexicon, Noun, NounEvent, Pattern, Prep, VerbEntry
from transforms.nlp.sentences import document_memo

# Lexical strength of a coding, before the mood factor: a pattern that names the verb's arguments is
# the most reliable reading of the dictionary; a verb's own code next; a block default (a code shared
# by every verb of a synonym set) least.  Relative values, not calibrated probabilities: the bench
# reports precision by band (bench/results/events_plover.md).
STRENGTH = {"pattern": 0.9, "news_pattern": 0.85, "event_noun": 0.8, "verb": 0.8, "block": 0.7, "frame_noun": 0.6}

OBJECT_DEPS = {"dobj", "obj", "attr", "oprd", "dative", "acomp", "prt", "advmod", "npadvmod", "xcomp", "ccomp"}
CLAUSAL_DEPS = {"xcomp", "ccomp"}  # objects only when nominal or adjectival: CAMEO patterns contain no verbs
PREP_DEPS = {"prep", "agent", "dative"}
QUANTITY_HEADS = frozenset({"hundreds", "thousands", "dozens", "millions", "scores", "tens"})


@dataclass(frozen=True)
class Coded:
    """One coding of a verb or noun: its CAMEO code, PLOVER category (None: not a PLOVER event)."""

    code: str
    plover: str | None
    token_i: int  # the word that carries the event (the verb, or the event noun of a support verb)
    anchor_i: int  # the verb whose arguments give the roles
    text: str
    strength: float
    source: str  # data file and line the code comes from
    kind: str  # pattern | news_pattern | event_noun | verb | block: how the code was found (STRENGTH keys)
    roles_reversed: bool = False  # a CAMEO passive code: the verb's subject is the target ("died in a raid")


# --- word and noun matching ----------------------------------------------------------------------


def _forms(tok) -> frozenset[str]:
    """The spellings a dictionary word may take to match this token, computed once per token of a document
    (pattern matching asks for them hundreds of thousands of times per story)."""
    cache = document_memo(tok.doc, "newsevents.coder_forms", lambda _: {})
    forms = cache.get(tok.i)
    if forms is None:
        forms = cache[tok.i] = frozenset(_token_forms(tok))
    return forms


def _token_forms(tok) -> set[str]:
    low = tok.lower_
    out = {low, tok.lemma_.lower()}
    if low.endswith("ies"):
        out.add(low[:-3] + "y")
    elif low.endswith("es"):
        out.update((low[:-2], low[:-1]))
    elif low.endswith("s"):
        out.add(low[:-1])
    # hyphenated compounds: spaCy splits "cease-fire" into three tokens
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text == "-" and not doc[tok.i - 2].whitespace_:
        joined = f"{doc[tok.i - 2].lower_}-{low}"
        out.update((joined, joined.replace("-", "")))
        if low.endswith("s"):
            out.add(joined[:-1])
    return out


def word_matches(tok, word: str, lex: Lexicon) -> bool:
    """A dictionary word ('aid'), multi-word phrase ('martial law') or synonym set ('&WEAPON') vs a token."""
    if word.startswith("&"):
        return any(_phrase_matches(tok, phrase) for phrase in lex.synsets.get(word, ()))
    return _phrase_matches(tok, tuple(word.split()))


@lru_cache(maxsize=65536)
def _singular(word: str) -> str:
    """Naive singular of a pattern word ('ministers', 'talks', 'rallies'): the dictionary mixes numbers."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _phrase_matches(tok, phrase: tuple[str, ...]) -> bool:
    if not phrase:
        return False
    forms = _forms(tok)
    if phrase[-1] not in forms and _singular(phrase[-1]) not in forms:
        return False
    # the other words of a phrase must precede the head, in order, within its left part
    i = tok.i
    for w in reversed(phrase[:-1]):
        i -= 1
        while i >= 0 and tok.doc[i].text == "-":
            i -= 1
        if i < 0 or w not in _forms(tok.doc[i]):
            return False
    return True


def noun_matches(tok, noun: Noun, lex: Lexicon) -> bool:
    if not word_matches(tok, noun.head, lex):
        return False
    if not noun.mods:
        return True
    left = list(tok.doc[tok.left_edge.i : tok.i])
    return all(any(word_matches(t, m, lex) for t in left) for m in noun.mods)


# --- the verb's arguments ------------------------------------------------------------------------


def of_objects(tok) -> list:
    """The objects of ``tok``'s 'of' prepositions ('a wave of arrests', 'part of a stronghold'), in parse order."""
    return [g for p in tok.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]


def _with_conjuncts(toks) -> list:
    out = []
    for t in toks:
        out.append(t)
        out.extend(c for c in t.conjuncts if c.i > t.i)
    return out


def is_passive(v) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)


def is_to_infinitive(v) -> bool:
    """The verb heads a to-infinitive clause: its marker "to" hangs on it as ``aux`` in spaCy's English parses."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)


@dataclass
class Arguments:
    subjects: list
    objects: list
    preps: list  # (preposition token, [object tokens])
    subject_preps: list
    verb: object = None

    def widened(self, lex: Lexicon | None = None) -> Arguments:
        """The arguments with each object's compound and adjective modifiers and 'of' objects as objects too, and
        the compound modifiers of prepositional objects: 'ceasefire agreement', 'a mission of observers', 'part
        of a stronghold', 'held X responsible', 'to the border region'.  Not the modifiers of an event noun that
        its sense test rejected ('held a fire drill': a drill with no military modifier is no exercise of force,
        and its modifier 'fire' names the drill's kind, not a ceasefire held)."""
        extra = []
        for o in self.objects:
            if lex is not None and _civil_sense(o, lex):
                continue
            extra += [c for c in o.children if c.dep_ == "compound" or (c.dep_ == "amod" and c.pos_ == "ADJ")]
            extra += of_objects(o)
            if o.dep_ == "dobj" and (o.like_num or o.ent_type_ == "MONEY"):
                # "sent $50 million in emergency aid": an amount's 'in' object is what is given (the amount only
                # measures it, as a quantity's 'of' object, Quirk et al. 5.9)
                extra += [g for p in o.children if p.dep_ == "prep" and p.lower_ == "in" for g in p.children]
        if lex is not None and self.verb is not None and self.verb.lemma_.lower() in lex.words["with_theme_verbs"]:
            # "provided Kiev with $2 billion in military assistance": after a verb of supplying the 'with' object is
            # what is given, as the direct object is in "provided assistance to Kiev" (Quirk et al. 16.58)
            given = [g for p in self.verb.children if p.dep_ == "prep" and p.lower_ == "with" for g in p.children]
            given = [g for g in given if g.dep_ == "pobj"]
            extra += given + [
                t
                for g in given
                if g.like_num or g.ent_type_ == "MONEY"
                for p in g.children
                if p.dep_ == "prep" and p.lower_ == "in"
                for t in p.children
            ]
        preps = [(p, objs + [c for o in objs for c in o.children if c.dep_ == "compound"]) for p, objs in self.preps]
        return Arguments(self.subjects, self.objects + _with_conjuncts(extra), preps, self.subject_preps, self.verb)


def _civil_sense(n, lex: Lexicon) -> bool:
    """An event noun of our table that is an event only with a military modifier, here without one ('fire drill')."""
    ev = lex.nouns.get(n.lemma_.lower()) or lex.nouns.get(n.lower_)
    return ev is not None and ev.needs == "military" and not _military(n, lex)


def _preps_of(heads, depth: int = 2) -> list:
    out = []
    frontier = list(heads)
    for _ in range(depth):
        nxt = []
        for h in frontier:
            for p in h.children:
                if p.dep_ in PREP_DEPS or (p.dep_ == "prt" and not list(p.children)):
                    objs = _with_conjuncts([g for g in p.children if g.dep_ in ("pobj", "pcomp", "obj")])
                    out.append((p, objs))
                    nxt.extend(objs)
                    if not objs:
                        # a complex preposition: "walked out of the talks", "ahead of the vote" ('of' hangs on 'out')
                        for q in p.children:
                            if q.dep_ == "prep":
                                inner = _with_conjuncts([g for g in q.children if g.dep_ in ("pobj", "pcomp")])
                                out.append((q, inner))
                                nxt.extend(inner)
        frontier = nxt
    return out


def reduced_passive(v) -> bool:
    """A past participle on a noun with no auxiliary ('40 protesters detained after clashes', 'the aid sent by
    Japan'): a reduced relative clause whose head noun is the participle's passive subject (Quirk et al. 17.97)."""
    return v.dep_ == "acl" and v.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in v.children)


def verb_arguments(v) -> Arguments:
    passive = is_passive(v)
    reduced = reduced_passive(v)
    kids = list(v.children)  # read by every pass below: spaCy builds a Token per child on each walk
    objects = [c for c in kids if c.dep_ in OBJECT_DEPS and not (c.dep_ in CLAUSAL_DEPS and c.pos_ in ("VERB", "AUX"))]
    # object raising: "allowed inspectors to visit" - spaCy makes the object the subject of the infinitive;
    # likewise an object followed by a participle ("conducted drills encircling the island"): the parser reads a
    # small clause, but the participle modifies the object (a reduced relative clause, Quirk et al. 17.97)
    objects += [
        s
        for c in kids
        if c.dep_ in CLAUSAL_DEPS
        and (is_to_infinitive(c) or (c.tag_ == "VBG" and not any(a.dep_ in ("aux", "auxpass") for a in c.children)))
        for s in c.children
        if s.dep_ == "nsubj"
    ]
    if passive or reduced:
        objects += [c for c in kids if c.dep_ == "nsubjpass"] + ([v.head] if reduced else [])
        agents = [g for c in kids if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        subjects = agents
    else:
        subjects = [c for c in kids if c.dep_ in ("nsubj", "csubj")]
    # "thousands of refugees returned": a quantity's 'of' object is who acts (the head only counts them)
    subjects += [
        g for s in subjects if s.like_num or s.pos_ == "NUM" or s.lower_ in QUANTITY_HEADS for g in of_objects(s)
    ]
    objects = _with_conjuncts(objects)
    preps = _preps_of([v, *[o for o in objects if o.dep_ != "prt"]])
    return Arguments(
        subjects=_with_conjuncts(subjects),
        objects=objects,
        preps=preps,
        subject_preps=_preps_of(subjects, 1),
        verb=v,
    )


# --- pattern matching ----------------------------------------------------------------------------


def _row_tokens(toks: list) -> list:
    """The tokens unbraced words in a row ('ARMS EMBARGO', 'OUT VIEWS', '&MEDIATION BETWEEN') may match: each
    may also be a modifier in a head's phrase or a preposition after it."""
    toks = toks + [t for h in toks for t in h.doc[h.left_edge.i : h.i]]
    return toks + [p for h in toks for p in h.children if p.dep_ == "prep"]


def _nouns_match(nouns: tuple[Noun, ...], toks: list, lex: Lexicon) -> bool:
    if not nouns:
        return True
    if len(nouns) > 1:
        toks = _row_tokens(toks)
    # a token without one of the noun's head words among its forms cannot match it (see _head_words): that set
    # test rules out nearly every token before the phrase-by-phrase match, which pattern matching repeats
    # for every pattern of a verb's block
    forms = [_forms(t) for t in toks]
    for n in nouns:
        heads = _head_words(n.head, lex)
        if not any(not f.isdisjoint(heads) and noun_matches(t, n, lex) for t, f in zip(toks, forms)):
            return False
    return True


# word -> (its synset's phrases, their head words): the phrases are kept to check the entry belongs to the
# lexicon asked (a lexicon's synsets are built once; another lexicon's phrases are other objects)
_SYNSET_HEADS: dict[str, tuple[tuple, frozenset[str]]] = {}


def _head_words(word: str, lex: Lexicon) -> frozenset[str]:
    """The forms a token must have one of to match ``word`` (word_matches): the last word of each of its
    phrases, or that word's singular, as _phrase_matches requires."""
    if not word.startswith("&"):
        return _phrase_heads((tuple(word.split()),))
    phrases = lex.synsets.get(word, ())
    known = _SYNSET_HEADS.get(word)
    if known is None or known[0] is not phrases:
        known = _SYNSET_HEADS[word] = (phrases, _phrase_heads(phrases))
    return known[1]


@lru_cache(maxsize=65536)
def _phrase_heads(phrases: tuple[tuple[str, ...], ...]) -> frozenset[str]:
    return frozenset(w for phrase in phrases if phrase for w in (phrase[-1], _singular(phrase[-1])))


def _preps_match(preps: tuple[Prep, ...], candidates: list, lex: Lexicon, verb=None) -> bool:
    for p in preps:
        if p.nouns:
            ok = any(tok.lower_ == p.prep and _nouns_match(p.nouns, objs, lex) for tok, objs in candidates)
        else:
            # a bare preposition ('ATTACK * (FOR)': attacked someone for something) belongs to the verb itself, and
            # is not one that only dates or times it ('called on Tuesday' is no 'CALL * (ON)' appeal)
            ok = any(
                tok.lower_ == p.prep
                and (verb is None or tok.head.i == verb.i)
                and not (objs and all(o.ent_type_ in ("DATE", "TIME") for o in objs))
                for tok, objs in candidates
            )
        if not ok:
            return False
    return True


def pattern_matches(p: Pattern, args: Arguments, lex: Lexicon) -> bool:
    return (
        _nouns_match(p.objects, args.objects, lex)
        and _preps_match(p.preps, args.preps, lex, args.verb)
        and _nouns_match(p.subject, args.subjects, lex)
        and _preps_match(p.subject_preps, args.subject_preps, lex)
    )


def outranks(p: Pattern, best: Pattern | None) -> bool:
    """Whether ``p``, met after ``best`` in the list, would replace it if it matched: more elements win; on a tie
    the earlier pattern stays, unless it names only a preposition and ``p`` names a noun."""
    if best is None:
        return True
    if p.size != best.size:
        return p.size > best.size
    return _bare_preposition(best) and not _bare_preposition(p)


def best_pattern(patterns: list[Pattern], args: Arguments, lex: Lexicon) -> Pattern | None:
    """The matching pattern with the most elements (the file's order breaks ties), as PETRARCH2 prefers
    the longest path through its pattern tree."""
    best = None
    index = _pattern_index(patterns, lex)
    present = _PresentWords(args)
    # only patterns whose words the arguments offer can match (_PatternIndex); in the list's order, as before
    for i in index.candidates(present):
        p = patterns[i]
        if not outranks(p, best):
            continue
        for slot, words in index.needs[i]:
            if present[slot].isdisjoint(words):
                break
        else:
            if pattern_matches(p, args, lex):
                best = p
    return best


class _PresentWords(dict):
    """What the verb's arguments offer a pattern, by slot, computed when first asked: every form of every token
    an element of that slot could match (``<slot>_rows``: with _row_tokens, for elements of several nouns), and the
    words of its prepositions."""

    def __init__(self, args: Arguments):
        super().__init__()
        self.args = args

    def __missing__(self, slot: str) -> set[str]:
        args = self.args
        if slot == "preps_words":
            value = {tok.lower_ for tok, _ in args.preps}
        elif slot == "subject_preps_words":
            value = {tok.lower_ for tok, _ in args.subject_preps}
        else:
            value = set().union(*map(_row_forms if slot.endswith("_rows") else _forms, self._tokens(slot)))
        self[slot] = value
        return value

    def _tokens(self, slot: str) -> list:
        args, name = self.args, slot.removesuffix("_rows")
        if name == "objects":
            return args.objects
        if name == "subject":
            return args.subjects
        if name == "preps":
            return [g for _, objs in args.preps for g in objs]
        if name == "subject_preps":
            return [g for _, objs in args.subject_preps for g in objs]
        raise KeyError(slot)


def _row_forms(tok) -> frozenset[str]:
    """The forms of _row_tokens([tok]), once per token of a document (_row_tokens works token by token, so the
    forms of a list's row tokens are the union of its tokens' row forms)."""
    cache = document_memo(tok.doc, "newsevents.coder_row_forms", lambda _: {})
    forms = cache.get(tok.i)
    if forms is None:
        forms = cache[tok.i] = frozenset().union(*(_forms(t) for t in _row_tokens([tok])))
    return forms


def _requirements(p: Pattern, lex: Lexicon) -> tuple[tuple[str, frozenset[str]], ...]:
    """(slot, words) pairs: each element of ``p`` needs one of the words in that slot of _PresentWords (a
    necessary condition of pattern_matches: an element naming words none of which its slot offers cannot match)."""
    needs: list[tuple[str, frozenset[str]]] = []

    def nouns_need(slot: str, nouns: tuple[Noun, ...]) -> list[tuple[str, frozenset[str]]]:
        # several nouns are matched against the row tokens too (_nouns_match)
        where = f"{slot}_rows" if len(nouns) > 1 else slot
        return [(where, _head_words(n.head, lex)) for n in nouns]

    needs += nouns_need("objects", p.objects) + nouns_need("subject", p.subject)
    for slot, preps in (("preps", p.preps), ("subject_preps", p.subject_preps)):
        for x in preps:
            needs.append((f"{slot}_words", frozenset((x.prep,))))
            needs += nouns_need(slot, x.nouns)
    return tuple(needs)


class _PatternIndex:
    """The patterns of one list by a word each needs (its first noun's head words, else its first preposition):
    a verb's block holds up to ~150 patterns and testing each against the arguments was most of the extract
    stage's time; the index hands best_pattern only those whose key word the arguments offer."""

    def __init__(self, patterns: list[Pattern], lex: Lexicon):
        self.synsets = lex.synsets
        self.needs = [_requirements(p, lex) for p in patterns]
        self.always: list[int] = []  # patterns that need no word (none in the dictionaries; kept for safety)
        self.by_word: dict[str, dict[str, list[int]]] = {}  # slot -> word -> positions in the list
        for i, (p, needs) in enumerate(zip(patterns, self.needs, strict=True)):
            if p.size == 0:
                continue  # never chosen
            if not needs:
                self.always.append(i)
                continue
            slot, words = next((n for n in needs if not n[0].endswith("_words")), needs[0])
            table = self.by_word.setdefault(slot, {})
            for w in words:
                table.setdefault(w, []).append(i)

    def candidates(self, present: _PresentWords) -> list[int]:
        """Positions of the patterns whose key word ``present`` offers, in list order."""
        found = set(self.always)
        for slot, table in self.by_word.items():
            offered = present[slot]
            if len(offered) <= len(table):
                for w in offered:
                    found.update(table.get(w, ()))
            else:
                for w, positions in table.items():
                    if w in offered:
                        found.update(positions)
        return sorted(found)


# id of a pattern list -> (that list, its index): the lists _verb_patterns keeps are asked for again and again (the
# list kept here keeps its id unique while the entry lives)
_INDEX_OF_LIST: dict[int, tuple[list[Pattern], _PatternIndex]] = {}
_MAX_PATTERN_INDEXES = 8192  # (block, verb) lists seen in a process; cleared past this (memory only)


def _pattern_index(patterns: list[Pattern], lex: Lexicon) -> _PatternIndex:
    known = _INDEX_OF_LIST.get(id(patterns))
    if known is not None and known[0] is patterns and known[1].synsets is lex.synsets:
        return known[1]
    if len(_INDEX_OF_LIST) >= _MAX_PATTERN_INDEXES:
        _INDEX_OF_LIST.clear()
    index = _PatternIndex(patterns, lex)
    _INDEX_OF_LIST[id(patterns)] = (patterns, index)
    return index


# (id of the lexicon, CAMEO block, news-pattern key) -> (lexicon, the block's patterns then the verb's news patterns)
_VERB_PATTERNS: dict[tuple[int, str | None, str], tuple[Lexicon, list[Pattern]]] = {}


def _verb_patterns(lex: Lexicon, block: str | None, news_key: str, particle: tuple[str, ...] = ()) -> list[Pattern]:
    """The CAMEO patterns of ``block`` followed by the news patterns of ``news_key``, one list object per lexicon
    and pair (_pattern_index finds its index by the list's identity).  The lexicon is kept beside the list: an
    ``id`` alone could be reused by another lexicon."""
    key = (id(lex), block, news_key, particle)
    known = _VERB_PATTERNS.get(key)
    if known is None or known[0] is not lex:
        if len(_VERB_PATTERNS) >= _MAX_PATTERN_INDEXES:
            _VERB_PATTERNS.clear()
        cameo = [p for p in lex.patterns.get(block, []) if p.applies_to(news_key)] if block is not None else []
        cameo += _particle_lines_elsewhere(lex, block, news_key, particle)
        known = _VERB_PATTERNS[key] = (lex, cameo + lex.news_patterns.get(news_key, []))
    return known[1]


def _particle_lines_elsewhere(lex: Lexicon, block: str | None, lemma: str, particle: tuple[str, ...]) -> list[Pattern]:
    """The dictionary's lines for this phrasal verb that another block holds: APPREHEND's '* OVER &INVESTIGATION
    [090] # TAKE' is written for "take over", which the dictionary lists as a verb of TAKE_CONTROL; a particle line
    keeps to the verbs it was written for (Pattern.applies_to), so it is read with the phrasal verb it names, in
    whichever block that verb is listed (a phrasal verb is one lexeme, Quirk et al. 1985, 16.2-16.6).  Only lines
    that name an argument besides the particle: a bare particle line ('* OFF [046] # KICK') restates the phrasal
    verb's sense, which the block the dictionary lists the phrasal verb in gives with its own code."""
    if not particle:
        return []
    return [
        p
        for name, lines in lex.patterns.items()
        if name != block
        for p in lines
        if p.verbs
        and lemma in p.verbs
        and p.objects
        and p.objects[0].head == particle[0]
        and (len(p.objects) > 1 or p.preps or p.subject)
    ]


# --- verbs ---------------------------------------------------------------------------------------


def _particles(v) -> list[str]:
    """Words after the verb that can complete a multi-word verb: particles, then prepositions."""
    kids = [c for c in v.children if c.i > v.i and c.dep_ in ("prt", "prep", "advmod", "agent")]
    return [c.lower_ for c in sorted(kids, key=lambda c: (c.dep_ != "prt", c.i))]


def _verb_keys(v) -> list[str]:
    """The lemma, then the word, then regular-inflection guesses: the lemmatizer misses some ('staged' -> 'stag')."""
    low = v.lower_
    keys = [v.lemma_.lower(), low]
    doc = v.doc
    if v.i >= 2 and doc[v.i - 1].text == "-" and doc[v.i - 2].head.i == v.i:
        # a hyphenated compound verb ("test-fired"): spaCy splits it and hangs the first part on the verb
        keys.insert(0, f"{doc[v.i - 2].lower_}-{v.lemma_.lower()}")
    if v.tag_ in ("VBD", "VBN") and low.endswith("ed"):
        keys += [low[:-1], low[:-2]]
    elif v.tag_ == "VBG" and low.endswith("ing"):
        keys += [low[:-3] + "e", low[:-3]]
    elif v.tag_ == "VBZ" and low.endswith("s"):
        keys += [low[:-1], low[:-2]]
    return keys


def verb_entry(v, lex: Lexicon) -> VerbEntry | None:
    """The dictionary entry of a verb token: a multi-word verb when its particle is there, else the verb."""
    entries = next((lex.verbs[k] for k in _verb_keys(v) if k in lex.verbs), None)
    if not entries:
        return None
    after = before = None  # read when an entry names particles or a prefix (most name neither)
    for e in entries:
        if e.particle:
            after = _particles(v) if after is None else after
            if not all(w in after for w in e.particle):
                continue
        if e.prefix:
            before = [t.lower_ for t in v.doc[max(0, v.i - 3) : v.i]] if before is None else before
            if before[-len(e.prefix) :] != list(e.prefix):
                continue
        return e
    return None


def _verb_text(v, entry: VerbEntry | None) -> str:
    if entry and entry.particle:
        last = max((c.i for c in v.children if c.lower_ in entry.particle), default=v.i)
        if last > v.i and last - v.i <= 4:
            return v.doc[v.i : last + 1].text
    return v.text


def _coded(lex: Lexicon, code: str, plover: str | None, v, text: str, kind: str, source: str, passive: str = ""):
    if code in NULL_CODES and passive and passive not in NULL_CODES:
        code, reversed_ = passive, True
    else:
        reversed_ = False
    category = plover or lex.plover_of(code)
    return Coded(code, category, v.i, v.i, text, STRENGTH[kind], source, kind, reversed_)


def _bare_preposition(p: Pattern) -> bool:
    """A pattern that names nothing but a preposition ('FLY * (INTO)', 'DEPART * (FOR)'): the weakest reading of
    a verb, which an event noun the verb governs ('flew into the capital on a visit') outranks."""
    return not (p.subject or p.subject_preps or p.objects) and all(not x.nouns for x in p.preps)


def _demanded(p: Pattern, entry: VerbEntry | None, words: set[str]) -> str:
    """The code of pattern p read with a verb of demanding: CAMEO numbers each appeal 02x like the demand 10x of
    the same thing (0253 'Appeal for release of persons' / 1053 'Demand release of persons'). The DEMAND block
    shares patterns written for URGE, WANT or NEED; read with 'demand' itself they are demands."""
    if (
        entry is None
        or not entry.code.startswith("10")
        or not p.code.startswith("02")
        or not p.source.startswith("CAMEO")
    ):
        return p.code
    if any(w.split()[0] in words for w in p.written_for):
        return p.code  # the line was written for this verb
    return "10" + p.code[2:]


def code_verb(v, lex: Lexicon) -> Coded | None:
    """The CAMEO coding of a verb token, or None when the dictionaries know nothing of it.

    The returned coding may have ``plover=None`` (a null code, a public statement, an appeal): the
    verb was read and is not a PLOVER event, which also stops weaker readings of it.
    """
    # the verb pass, the subject-noun pass and the codability rules ask for the same main verbs (a fifth of the
    # calls); the coding reads only the parse, which extraction no longer changes once the entity pass has run,
    # and Coded is frozen
    return _per_token(v, lex, "newsevents.coded_verbs", _code_verb)


def _per_token(v, lex: Lexicon, key: str, compute):
    """``compute(v, lex)``, once per token and lexicon of a document (kept in ``doc.user_data`` under ``key``).
    The lexicon is kept beside the value: an ``id`` alone could be reused by another lexicon."""
    cache = document_memo(v.doc, key, lambda _: {})
    hit = cache.get((v.i, id(lex)))
    if hit is not None and hit[0] is lex:
        return hit[1]
    value = compute(v, lex)
    cache[(v.i, id(lex))] = (lex, value)
    return value


def _code_verb(v, lex: Lexicon) -> Coded | None:
    entry = verb_entry(v, lex)
    args = verb_arguments(v)
    text = _verb_text(v, entry)
    if _names_an_event(v, lex):
        # read, and no event: stops the CALL block's 'meeting' pattern (036) and its default (041, a phone call)
        return Coded("---", None, v.i, v.i, text, STRENGTH["verb"], "coder.py:names_an_event", "verb")
    ordered = _ordered_act(v, entry, lex)
    if ordered is not None:
        return ordered
    # the block's patterns, then ours, keyed by the entry's verb: "test-fired" is not read with the patterns of "fire"
    patterns = _verb_patterns(
        lex,
        entry.block if entry is not None else None,
        entry.lemma if entry else v.lemma_.lower(),
        entry.particle if entry is not None else (),
    )
    for widened in (False, True):
        # the most specific pattern of either table (the dictionary's on a tie), then an event noun the verb
        # supports; first over the argument heads, then over their modifiers and 'of' objects (each read only
        # when needed: the event noun decides only without a pattern or against a bare preposition)
        a = args.widened(lex) if widened else args
        p = best_pattern(patterns, a, lex)
        nominal = code_support_verb(v, a, lex) if p is None or _bare_preposition(p) else None
        if p is not None and not (nominal is not None and _bare_preposition(p)):
            words = {v.lemma_.lower(), v.lower_, entry.lemma if entry else ""}
            p = lex.variant_for(p, words)
            kind = "pattern" if p.source.startswith("CAMEO") else "news_pattern"
            return _coded(lex, _demanded(p, entry, words), p.plover, v, text, kind, p.source, p.passive_code)
        if nominal is not None:
            return nominal
    if (entry is None or entry.plover is None and lex.plover_of(entry.code) is None) and _in_protest(v):
        # "walked out of parliament in protest": an act the sentence itself calls a protest (CAMEO 140)
        return Coded("140", "PROTEST", v.i, v.i, text, STRENGTH["block"], "coder.py:in_protest", "block")
    if entry is None:
        return None
    return _coded(lex, entry.code, entry.plover, v, text, "verb" if entry.explicit else "block", entry.source)


def _participle_complements(v) -> list:
    """The -ed participles complementing a verb's object: 'ordered him detained' (parsed as a clausal complement of
    the verb), 'ordered the journalist jailed' (parsed as a clause on the object).  A participle with an auxiliary or
    a conjunction of its own is another construction ('ordered that he be detained', 'ordered him to be detained')."""
    objects = [c for c in v.children if c.dep_ in ("dobj", "obj")]
    cands = [c for c in v.children if c.dep_ in ("ccomp", "xcomp", "oprd")]
    cands += [c for o in objects for c in o.children if c.dep_ == "acl" and c.i > o.i]
    own = ("aux", "auxpass", "mark")
    return [c for c in cands if c.tag_ == "VBN" and not any(k.dep_ in own for k in c.children)]


def _ordered_act(v, entry: VerbEntry | None, lex: Lexicon) -> Coded | None:
    """'the court ordered the journalist jailed', 'ordered the prisoners released': an order the authority giving it
    carries out is the act ordered, as the dictionary's ORDER lines code an ordered detention or release
    (news_ordered_acts.tsv); the order takes the participle's code.  Other orders keep the dictionary's reading."""
    prefixes = lex.ordered_acts.get(entry.lemma) if entry is not None else None
    if not prefixes:
        return None
    for c in _participle_complements(v):
        got = code_verb(c, lex)
        if got is None or got.plover is None:
            continue
        source = next((src for prefix, src in prefixes if got.code.startswith(prefix)), None)
        if source is not None:
            text = v.doc[v.i : c.i + 1].text if c.i - v.i <= 6 else f"{v.text} {c.text}"
            return Coded(got.code, got.plover, v.i, v.i, text, STRENGTH["news_pattern"], source, "news_pattern")
    return None


def _in_protest(v) -> bool:
    """The verb carries 'in protest' ('walked out in protest', 'resigned in protest at'), or its purpose infinitive
    'to protest' ('drove their tractors into the capital to protest low prices'), which says the same."""
    return any(
        p.dep_ == "prep" and p.lower_ == "in" and any(g.dep_ == "pobj" and g.lower_ == "protest" for g in p.children)
        for p in v.children
    ) or any(c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() == "protest" and is_to_infinitive(c) for c in v.children)


# --- event nouns ---------------------------------------------------------------------------------


def _military(n, lex: Lexicon) -> bool:
    """A military or security modifier on the noun ('military operation', 'anti-terrorist measures')."""
    words = lex.words.get("military_modifiers", frozenset())
    left = n.doc[n.left_edge.i : n.i].text.lower()
    if any(w in left for w in words):
        return True
    # "the navy held drills", "troops staged exercises": the support verb's subject is an armed force, whose
    # exercises are military ones (PLOVER MOBILIZE: "a demonstration of military capabilities and readiness")
    actors = lex.words.get("military_actors", frozenset())
    verb = n.head if n.dep_ in ("dobj", "nsubjpass") else None
    return verb is not None and any(
        s.dep_ == "nsubj" and (s.lemma_.lower() in actors or s.lower_ in actors) for s in verb.children
    )


NounCode = tuple[str, str | None, str]  # (CAMEO code, PLOVER category, source)


def _noun_keys(n) -> list[str]:
    """Table keys for an event noun, longest first: 'hunger strike', 'strike'; 'cease-fire'; 'talks'."""
    forms = sorted(_forms(n), key=len, reverse=True)
    if n.lower_ == "talks":
        forms.insert(0, "talks")
    lefts = [t for t in n.doc[max(n.left_edge.i, n.i - 2) : n.i] if t.head.i == n.i or t.head.head.i == n.i]
    keys = []
    for k in range(len(lefts), 0, -1):
        words = [t.lower_ for t in lefts[-k:]]
        keys.extend(" ".join([*words, f]) for f in (n.lemma_.lower(), n.lower_))
    # a noun with its 'of' complement: "state of emergency"
    keys.extend(
        f"{n.lemma_.lower()} of {g.lower_}"
        for p in n.children
        if p.lower_ == "of"
        for g in p.children
        if g.dep_ == "pobj"
    )
    # one modifier anywhere before the noun: "joint naval drills" -> "joint drill"
    keys.extend(f"{t.lower_} {n.lemma_.lower()}" for t in n.doc[n.left_edge.i : n.i] if t.dep_ in ("amod", "compound"))
    return keys + forms


def _nominal(n) -> bool:
    """A noun, or a word the tagger read as a verb in a noun's function: the object of a verb or preposition with a
    plural or present-tense -s form ('held live-fire drills', 'drills' tagged VBZ): the parse's function decides."""
    if n.pos_ in ("NOUN", "PROPN"):
        return True
    return n.pos_ == "VERB" and n.dep_ in ("dobj", "pobj") and n.tag_ in ("VBZ", "NNS")


def code_noun(n, lex: Lexicon, *, depth: int = 0, phased: bool = False) -> NounCode | None:
    """The coding of an event noun of our table, with 'start/end of X' and 'X effort' readings.

    ``phased``: the noun is what a verb or noun of starting or ending governs ('resumed trade'); nouns marked
    needs=phase (exchanges that are cooperation only when started or stopped) are coded only then."""
    if depth > 2 or not _nominal(n) or n.ent_type_ in ("DATE", "TIME"):
        return None  # "March 24" is no march
    keys = _noun_keys(n)
    ev = next((lex.nouns[k] for k in keys if k in lex.nouns), None)
    if ev is None:
        # "stepped up deliveries of food": a delivery of aid goods is aid (before the nouns derived from the
        # CAMEO verbs, which read 'delivery' by its verb's block)
        delivered = aid_delivery(n, lex)
        if delivered:
            return delivered
    if ev is None:  # then the nouns derived from the CAMEO verbs ('condemnation', 'kidnapping')
        ev = next((lex.derived_nouns[k] for k in keys if k in lex.derived_nouns), None)
    phase = lex.phase_verbs.get(n.lemma_.lower())
    if ev is None and phase:
        inner = of_objects(n)
        got = code_noun(inner[0], lex, depth=depth + 1, phased=True) if inner else None
        return phase_of(phase, got, lex) if got else None
    if ev is None:
        # "a mediation effort", "the peace process": the compound carries the event
        if n.lemma_.lower() in lex.words.get("frame_nouns", frozenset()):
            for c in n.children:
                if c.dep_ == "compound":
                    got = code_noun(c, lex, depth=depth + 1, phased=phased)
                    if got:
                        return got
        if n.lemma_.lower() in lex.words.get("taking_part_nouns", frozenset()):
            # "suspended its participation in the talks": taking part in an event stands for the event
            inner = [g for p in n.children if p.lower_ == "in" for g in p.children if g.dep_ == "pobj"]
            return code_noun(inner[0], lex, depth=depth + 1, phased=phased) if inner else None
        return None
    if ev.needs == "military" and not _military(n, lex):
        return None
    if _economic_figure(n, ev, lex):
        # "started a trade war", "ramped up his tariff war": the economic measures the figure stands for (CAMEO 163,
        # as tariffs imposed are coded; PLOVER SANCTION "restrict commercial or other material exchange")
        return "163", lex.plover_of("163"), "coder.py:economic_figure"
    if ev.lemma in lex.words.get("military_sense_nouns", frozenset()) and _military(n, lex):
        # "warplanes launched strikes", "military strikes": the force, not a labour strike (CAMEO 190)
        return "190", lex.plover_of("190"), ev.source
    if ev.needs == "phase" and not phased:
        return None
    return ev.code, ev.plover or lex.plover_of(ev.code), ev.source


def _economic_figure(n, ev: NounEvent, lex: Lexicon) -> bool:
    """'a trade war', 'tariff battles': a noun of force modified by a word of economic means is a figure of speech for
    economic measures, no violence (PLOVER ASSAULT is "the use of ... force"); read wherever the noun is (object of a
    support verb, adjunct); the subject-noun reading of ``triggers.py`` drops it ("tariff wars have led to ...")."""
    if (ev.plover or lex.plover_of(ev.code)) != "ASSAULT":
        return False
    means = lex.words.get("economic_means", frozenset())
    return any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in means for c in n.children)


def aid_delivery(n, lex: Lexicon) -> NounCode | None:
    """AID (CAMEO 070) for a noun of delivery that names aid goods ('an aid convoy', 'a shipment of medical
    supplies', 'relief flights', 'a convoy carrying food', 'the arrival of an aid shipment'), else None.  The
    nouns of AID name standing relations as often ('aid to Ukraine'), so AID is no occurrence category; a delivery
    is one act of giving (PLOVER AID: "Humanitarian aid such as emergency assistance").  The goods are read in the
    noun's modifiers, its 'of' object and the object of a participle of carrying on it."""
    words = lex.words
    if n.lemma_.lower() in words["arrival_heads"] and of_objects(n):
        n = of_objects(n)[0]  # "the arrival of a second aid shipment": the shipment arrived
    if n.lemma_.lower() not in words["delivery_nouns"]:
        return None
    near = [c for c in n.children if c.dep_ in ("compound", "amod")] + of_objects(n)
    near += [
        o
        for a in n.children
        if a.dep_ == "acl" and a.lemma_.lower() in words["carrying_verbs"]
        for o in a.children
        if o.dep_ == "dobj"
    ]
    # "40 tonnes of food": a quantity's 'of' object is the goods (Quirk et al. 5.9)
    near += [g for t in list(near) if t.like_num or t.tag_ in ("NNS", "NN") for g in of_objects(t)]
    near += [c for t in list(near) for c in t.children if c.dep_ in ("compound", "amod")]
    if not any(t.lemma_.lower() in words["aid_goods"] or t.lower_ in words["aid_goods"] for t in near):
        return None
    return "070", "AID", "news_words.tsv:delivery_nouns"


def phase_of(phase: str, got: NounCode, lex: Lexicon) -> NounCode | None:
    """Starting an event is the event; ending it is coded by what ends (news_phase_end.tsv)."""
    if phase == "start":
        return got
    return lex.phase_end.get(got[0]) or lex.phase_end.get(got[1] or "")


def _governed_event_noun(v, args: Arguments, role: str, lex: Lexicon):
    """The event noun a support verb governs: its object, passive subject, or the object of its particle;
    for verbs of occurring and (intransitive) starting, its subject ('clashes erupted', 'talks began')."""
    objects = [
        o
        for o in args.objects
        if o.dep_ in ("dobj", "obj", "attr", "nsubjpass", "oprd") or (o.dep_ == "nsubj" and o.head.i != v.i)
    ]  # the last: an object the parser made the subject of a following clause (see verb_arguments)
    if role == "partake":
        # "took part in a demonstration", "participated in the talks": the event is the object of 'in', on the verb or
        # on its object 'part'
        heads = {v.i, *(o.i for o in args.objects)}
        cands = [g for p, objs in args.preps if p.lower_ == "in" and p.head.i in heads for g in objs]
    elif role == "motion":
        # a verb of travel governs an event only as its purpose: "travelled to the capital for talks"
        cands = [g for p, objs in args.preps if p.head.i == v.i and p.lower_ in ("for", "on") for g in objs]
    else:
        cands = list(objects)
        if role == "occur" or (role in ("start", "support") and not objects):
            # "talks began", "talks continued", "the ceasefire held": an intransitive use predicates of its subject
            cands += [c for c in v.children if c.dep_ == "nsubj"]
        # 'for' after a verb of appeal names what is asked for ("calling for support"), not an event performed
        # (CAMEO 02 appeals are not coded in PLOVER)
        preps = ("to", "on", "into") if v.lemma_.lower() in lex.words["demand_heads"] else ("to", "on", "into", "for")
        cands += [g for p, objs in args.preps if p.head.i == v.i and p.lower_ in preps for g in objs]
    if _naming(v, lex):
        return None
    # "carried out a wave of arrests", "conducted a series of raids": a collective or quantity head only groups the
    # events its 'of' object names (Quirk et al. 5.9, partitive constructions), as the noun passes of triggers.py read it
    collective = lex.words["collective_heads"]
    cands = [next(iter(of_objects(c)), c) if c.lemma_.lower() in collective else c for c in cands]
    for c in cands:
        if _resultative(v, c, lex):
            continue
        got = code_noun(c, lex, phased=role in ("start", "end"))
        if got and got[1]:
            return c, got
    return None


def _naming(v, lex: Lexicon) -> bool:
    """'called them a punishment', 'called the arrests a necessary measure': a verb of naming with an object and an
    object complement names or judges the object; it does not perform the event its complement names, as the
    support use does ('called a strike') (Quirk et al. 16.43-16.44, complex-transitive complementation)."""
    return bool(_object_complements(v, lex))


def _object_complements(v, lex: Lexicon) -> list:
    """The object complements of a verb of naming: each nominal that follows another at once ('called them a
    punishment'); a noun after a comma is an apposition to the clause ('called a ceasefire ..., a move welcomed by
    ...').  [] for other verbs."""
    if v.lemma_.lower() not in lex.words["naming_verbs"]:
        return []
    nominal = sorted(
        (
            c
            for c in v.children
            if c.dep_ in ("dobj", "oprd", "attr", "ccomp", "xcomp", "dative") and c.pos_ in ("NOUN", "PROPN", "PRON")
        ),
        key=lambda c: c.i,
    )
    doc = v.doc
    return [
        b
        for a, b in zip(nominal, nominal[1:])
        if b.left_edge.i > a.right_edge.i and all(doc[k].is_quote for k in range(a.right_edge.i + 1, b.left_edge.i))
    ]


def _names_an_event(v, lex: Lexicon) -> bool:
    """'called it a productive meeting', 'what he called a "wonderful meeting"': a verb of naming whose object
    complement is an event noun names or judges its object as that event; it neither convenes nor performs it
    (Quirk et al. 16.43-16.44).  A judging complement that is no event noun keeps the dictionary's reading
    ('called the vote illegitimate', CAMEO 111).  The parser's 'oprd' marks a complement whose object went before
    the verb ('what he called ...')."""
    if v.lemma_.lower() not in lex.words["naming_verbs"]:
        return False
    marked = [c for c in v.children if c.dep_ == "oprd" and c.pos_ in ("NOUN", "PROPN")]
    return any((got := code_noun(c, lex)) is not None and got[1] for c in marked or _object_complements(v, lex))


def _resultative(v, obj, lex: Lexicon) -> bool:
    """'making aid conditional', 'made the talks impossible': a verb of causing with an object predicate says what
    becomes of the object, it does not perform it as a support verb would ('made an offer'); the predicate is an
    adjective after the object, which the parser attaches to the object or to the verb (Quirk et al. 16.43,
    complex-transitive complementation)."""
    if v.lemma_.lower() not in lex.words.get("resultative_verbs", frozenset()):
        return False
    after_object = [c for c in obj.children if c.i > obj.i and c.dep_ == "amod" and c.pos_ == "ADJ"]
    return bool(after_object) or any(c.dep_ in ("oprd", "ccomp", "acomp") and c.pos_ == "ADJ" for c in v.children)


def support_role(v, lex: Lexicon) -> str | None:
    """The role of a verb towards event nouns: by 'verb particle' or 'verb object' ('take place', 'break out')
    first, then by the verb alone."""
    # code_verb asks for it over the plain and the widened arguments
    return _per_token(v, lex, "newsevents.support_roles", _support_role)


def _support_role(v, lex: Lexicon) -> str | None:
    # the lemma, then the word and its regular-inflection guesses: the lemmatizer misses some ('staged' -> 'stag')
    # the particles' and objects' words in the children's order, read once for every key below
    complements = [c.lower_ for c in v.children if c.dep_ in ("prt", "dobj")]
    particle = any(c.dep_ == "prt" for c in v.children)
    for lemma in _verb_keys(v):
        for word in complements:
            role = lex.support_verbs.get(f"{lemma} {word}") or lex.phase_verbs.get(f"{lemma} {word}")
            if role:
                return role
        if particle and lemma in lex.words["particle_free_support"]:
            continue  # "gave in to the demands", "filed out": a phrasal verb is another verb than its base
        role = lex.support_verbs.get(lemma) or lex.phase_verbs.get(lemma)
        if role:
            return role
    return None


def code_support_verb(v, args: Arguments, lex: Lexicon) -> Coded | None:
    """'held talks', 'launched an offensive', 'fighting broke out', 'halted the talks'."""
    role = support_role(v, lex)
    if role is None:
        return None
    found = _governed_event_noun(v, args, role, lex)
    if found is None:
        return None
    noun, got = found
    if role in ("start", "end"):
        got = phase_of(role, got, lex)
    elif role == "agree":
        got = agreed_to(got, lex)
    if got is None:
        return None
    code, plover, source = got
    lo, hi = min(v.i, noun.i), max(v.i, noun.i)
    text = v.doc[lo : hi + 1].text if hi - lo <= 6 else f"{v.text} {noun.text}"
    return Coded(code, plover, noun.i, v.i, text, STRENGTH["event_noun"], source, "event_noun")


def agreed_to(got: NounCode, lex: Lexicon) -> NounCode:
    """Agreeing to a ceasefire declares it (CAMEO 0871 "Declare truce, ceasefire", PLOVER RETREAT); agreeing to
    any other event is an intent to cooperate (CAMEO 030, PLOVER AGREE: "Agree to")."""
    code, plover, source = got
    if code.startswith("087"):
        return got
    return "030", lex.plover_of("030"), source
