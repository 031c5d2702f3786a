"""CAMEO-style actor codes for an actor or recipient phrase, from the Phoenix (PETRARCH2) dictionaries.

A code is a country (or international body, or armed group) followed by sector codes: ``TURGOV``,
``UKRMIL``, ``IRNOPP``, ``IGOUNO``.  The dictionaries are converted once by
``scripts/build_actor_dictionary.py`` into the data files under ``data/actors/`` (MIT, Open Event Data
Alliance; the notice is kept in each file) and loaded here in one place.

How a phrase is coded (after PETRARCH2's noun-phrase coding, made stricter about the head):

1. The phrase is tokenised like the dictionary names (lower case, ``'s`` split off, hyphens as spaces)
   and matched left to right, longest name first, against the actor names (countries, their adjectives
   and cities; institutions; leaders; international bodies; armed groups) and the agent phrases
   (``soldier`` -> ``~MIL``, ``defense ministry`` -> ``~GOVMIL``).  Actor names must be capitalised in
   mixed-case text, so "us" (the pronoun) or "mobile" never become a country.
2. The phrase is split into conjuncts ("Georgia and Moldova"); a partitive ("some of the protesters")
   is coded by the noun phrase after "of".
3. The head is the last word before the first preposition or relative pronoun.  A pronoun, relative
   pronoun, quantifier or number head gets no code; nor does a common noun that is neither an agent
   nor an actor ("Pakistan's allegation", "coordinated airstrikes"): inanimate things do not act.
4. The code is the actor (the head's own entry, else a country or body named before the head, else
   one named in an ``of/in/from/at`` phrase after it, else ``context_country``) plus the sector codes
   of the agents before and at the head, PETRARCH's way: a sector already in the code is not repeated
   and ``~PPL`` gives way to any other agent.
   A region of CAMEO's actor codebook ("European", "West African": ``EUR``, ``WAF``) codes the people,
   offices and bodies it qualifies, never a name it opens ("Western Avenue").
5. A dated entry (a leader's term ``[USAGOV 010120-090120]``, ``>090120``) applies only on dates
   within it; the first term that holds wins, an undated term is the default (PETRARCH2's order).
   Without a date, or outside every term, a person keeps only their country (titles in the phrase add
   the sector: "former President" -> ``ELI``).  The open-ended term (``>date``) of someone whose code
   changed over time is trusted up to ``open_terms_until`` (default: the latest date the dictionaries
   name, 2015), since they cannot know who left office after they were compiled.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data" / "actors"
ACTORS_FILE = DATA_DIR / "actors.tsv.gz"  # gzip: 34,000 names, 1.9 MB as text
AGENTS_FILE = DATA_DIR / "agents.tsv"
AGENTS_EXTRA_FILE = DATA_DIR / "agents_extra.tsv"  # our own additions, each with its reason
ACTORS_EXTRA_FILE = DATA_DIR / "actors_extra.tsv"  # our own additions, each with its reason
CLOSED_CLASS_FILE = DATA_DIR / "closed_class.tsv"
ACT_NOUNS_FILE = DATA_DIR / "act_nouns.tsv"  # agent nouns that name an act with a complement preposition
COUNTRY_CODES_FILE = DATA_DIR / "iso_to_cameo.tsv"

NULL_CODE = "---"  # PETRARCH's null code: the name is known and deliberately gets no code
# Entity labels that are never agents (spaCy's numeric and time labels).  Other labels (EVENT, LAW,
# WORK_OF_ART...) are left to the phrase itself: NER mislabels "Malawi High Court" as a WORK_OF_ART.
NON_AGENT_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
PROPER_NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "PRODUCT"})
# Prepositions whose object can give the country of the head ("protesters in Tehran", "the leader of
# Hamas", "a spokesman for the army"); not "to"/"with"/"against", whose object is another party.
COUNTRY_PREPOSITIONS = frozenset({"of", "in", "from", "at", "for"})


# --------------------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------------------

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u201c": '"', "\u201d": '"'})
_TOKEN = re.compile(
    r"(?P<acro>(?:[A-Za-z]\.)+[A-Za-z]\b\.?)"  # U.S., U.N., U.S.A (dots kept, a final one added)
    r"|(?P<poss>'s\b)"
    r"|(?P<word>[A-Za-z0-9]+(?:['.][A-Za-z0-9]+)*)"
    r"|(?P<punct>[,;&])"
)


@dataclass(frozen=True)
class Token:
    norm: str  # lower case, folded to ASCII
    cased: bool  # starts with a capital or is an acronym in the original text
    first: bool  # first token of the phrase (its capital may only mark a sentence start)
    upper: bool = False  # written in capitals ("US", "U.S.")


def _fold(text: str) -> str:
    t = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    return "".join(c for c in t if not unicodedata.combining(c))


def tokens(text: str) -> list[Token]:
    """Tokens of a phrase or dictionary name, normalised the same way on both sides."""
    t = _fold(text)
    t = re.sub(r"(\w)'(?=\s|$)", r"\1 's", t)  # plural possessive "protesters'" -> "protesters 's"
    t = re.sub(r"(\w)'s\b", r"\1 's", t, flags=re.I)  # the dictionaries write "PEOPLE'S"
    t = re.sub(r"[-_/\u2010-\u2015]+", " ", t)
    out: list[Token] = []
    for m in _TOKEN.finditer(t):
        s = m.group(0)
        if m.lastgroup == "acro":
            norm = s.lower() if s.endswith(".") else s.lower() + "."
            cased = upper = True
        else:
            norm = s.lower()
            cased = s[:1].isupper()
            upper = len(s) > 1 and s.isupper()
        out.append(Token(norm, cased, not out, upper))
    return out


def name_key(text: str) -> tuple[str, ...]:
    """The lookup key of a dictionary name: its normalised words, without a leading article."""
    words = tuple(t.norm for t in tokens(text))
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return words


# --------------------------------------------------------------------------------------------------
# Dictionaries (loaded once)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One coded restriction of an actor entry: ``code`` applies from ``start`` (inclusive) to ``end``
    (exclusive), as PETRARCH2 compares them; ``None`` is unbounded.  Both ``None``: the default code."""

    code: str
    start: date | None = None
    end: date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    @property
    def open_ended(self) -> bool:
        return self.start is not None and self.end is None


@dataclass(frozen=True)
class ActorEntry:
    kind: str  # "country" (a country, its adjective or a city in it) or "actor" (institution, person, body)
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Dictionaries:
    actors: dict[tuple[str, ...], ActorEntry]
    agents: dict[tuple[str, ...], str]
    word_class: dict[str, str]
    iso_to_cameo: dict[str, str]
    country_codes: frozenset[str]
    dictionary_date: date
    max_len: int


def format_term(term: Term) -> str:
    """``CODE``, ``CODE@2003-08-04..2003-11-04``, ``CODE@..1991-10-18`` or ``CODE@2003-10-31..``."""
    if not term.dated:
        return term.code
    a = term.start.isoformat() if term.start else ""
    b = term.end.isoformat() if term.end else ""
    return f"{term.code}@{a}..{b}"


def parse_term(text: str) -> Term:
    code, _, span = text.partition("@")
    if not span:
        return Term(code)
    a, _, b = span.partition("..")
    return Term(code, date.fromisoformat(a) if a else None, date.fromisoformat(b) if b else None)


def _open(path: Path):
    return gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open(encoding="utf-8")


def _data_lines(path: Path) -> Iterable[list[str]]:
    with _open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


def _header_value(path: Path, key: str) -> str | None:
    with _open(path) as f:
        for line in f:
            if not line.startswith("#"):
                return None
            if line.startswith(f"# {key}:"):
                return line.split(":", 1)[1].strip()
    return None


@lru_cache(maxsize=1)
def word_classes() -> dict[str, str]:
    """Closed-class word -> its class (data/actors/closed_class.tsv), read once per process."""
    return {w: c for w, c in _data_lines(CLOSED_CLASS_FILE)}


@lru_cache(maxsize=1)
def dictionaries() -> Dictionaries:
    """The converted Phoenix dictionaries and the closed-class word list (read once per process)."""
    actors: dict[tuple[str, ...], ActorEntry] = {}
    for name, kind, terms in _data_lines(ACTORS_FILE):
        actors[tuple(name.split(" "))] = ActorEntry(kind, tuple(parse_term(t) for t in terms.split(" ")))
    for name, kind, terms, *_why in _data_lines(ACTORS_EXTRA_FILE):
        actors.setdefault(tuple(name.split(" ")), ActorEntry(kind, tuple(parse_term(t) for t in terms.split(" "))))
    agents = {tuple(phrase.split(" ")): code for phrase, code in _data_lines(AGENTS_FILE)}
    for phrase, code, *_why in _data_lines(AGENTS_EXTRA_FILE):
        agents.setdefault(tuple(phrase.split(" ")), code)  # the dictionaries' own entry wins
    word_class = word_classes()
    iso = {a: b for a, b in _data_lines(COUNTRY_CODES_FILE)}
    countries = frozenset(t.code for e in actors.values() if e.kind == "country" for t in e.terms if len(t.code) == 3)
    stamp = _header_value(ACTORS_FILE, "dictionary_date")
    return Dictionaries(
        actors=actors,
        agents=agents,
        word_class=word_class,
        iso_to_cameo=iso,
        country_codes=countries,
        dictionary_date=date.fromisoformat(stamp) if stamp else date.max,
        max_len=max(max(map(len, actors), default=1), max(map(len, agents), default=1)),
    )


# --------------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A dictionary match (``actor``/``agent``) or a single unmatched token (``word``)."""

    kind: str
    start: int
    end: int
    norm: str  # the matched words
    entry: ActorEntry | None = None
    agent: str | None = None


def _mixed_case(toks: list[Token]) -> bool:
    words = [t for t in toks if t.norm[:1].isalpha()]
    return any(t.cased for t in words) and not all(t.cased for t in words)


def _match(toks: list[Token], d: Dictionaries) -> list[Piece]:
    """Greedy left-to-right longest match of actor names and agent phrases."""
    norms = [t.norm for t in toks]
    need_case = _mixed_case(toks)
    out: list[Piece] = []
    i = 0
    while i < len(toks):
        piece = None
        for n in range(min(d.max_len, len(toks) - i), 0, -1):
            key = tuple(norms[i : i + n])
            entry = d.actors.get(key)
            # A name must look like one: "mobile" or "nice" in lower case are not places; a pronoun
            # ("us", "It") or a short one-word name ("UN", not the "Un" of a Korean name) only in capitals.
            if (
                entry is not None
                and (not need_case or any(t.cased for t in toks[i : i + n]))
                and not (n == 1 and (key[0] in d.word_class or len(key[0].strip(".")) <= 3) and not toks[i].upper)
            ):
                piece = Piece("actor", i, i + n, " ".join(key), entry=entry)
                break
            if key in d.agents:
                piece = Piece("agent", i, i + n, " ".join(key), agent=d.agents[key])
                break
        if piece is None:
            piece = Piece("word", i, i + 1, norms[i])
        out.append(piece)
        i = piece.end
    return out


def _holding_term(entry: ActorEntry, on_date: date, open_terms_until: date | None) -> Term | None:
    """The first term that holds on ``on_date`` (an undated term always does: PETRARCH2's order), or
    None.  Someone whose code changed over time (ELI, then GOV) may have left an open-ended office after
    the dictionaries were compiled: past ``open_terms_until`` such a term is unknown and stops the search;
    a group or a single-role entry keeps its open-ended term."""
    changes = len({t.code for t in entry.terms}) > 1
    for t in entry.terms:
        if not t.dated:
            return t
        if (t.start is None or on_date >= t.start) and (t.end is None or on_date < t.end):
            capped = t.open_ended and changes and entry.kind == "actor" and open_terms_until is not None
            if capped and on_date > open_terms_until:
                return None
            return t
    return None


def _term_holds(entry: ActorEntry, on_date: date | None, open_terms_until: date | None) -> bool:
    """Does a dated term (not the undated default) hold on ``on_date``?"""
    t = _holding_term(entry, on_date, open_terms_until) if on_date is not None else None
    return t is not None and t.dated


def resolve_entry(
    entry: ActorEntry, on_date: date | None, *, open_terms_until: date | None, country_codes: frozenset[str]
) -> str | None:
    """The code an entry has on ``on_date``: the first term that holds, else its country.  Without a
    date a country takes its current (open-ended or default) code; anyone else only their country,
    never a guessed term."""
    if on_date is None:
        terms = entry.terms if entry.kind == "country" else ()
        t = next((t for t in terms if t.open_ended or not t.dated), None)
        if t is None and not any(t.dated for t in entry.terms):
            t = entry.terms[0] if entry.terms else None
    else:
        t = _holding_term(entry, on_date, open_terms_until)
    if t is not None:
        return None if t.code == NULL_CODE else t.code
    return _country_of(entry, country_codes)


def _country_of(entry: ActorEntry, country_codes: frozenset[str]) -> str | None:
    """No term holds: a person is still of their country, when all their codes agree on one."""
    prefixes = {t.code[:3] for t in entry.terms if t.code != NULL_CODE}
    if len(prefixes) == 1 and (p := prefixes.pop()) in country_codes:
        return p
    return None


# --------------------------------------------------------------------------------------------------
# Coding
# --------------------------------------------------------------------------------------------------


def _mix(base: str, agents: list[str]) -> str:
    """Actor code + agent codes, as PETRARCH2's mix_codes: '~X' appends X unless already in the code,
    'X~' (organisation types such as NGO~) leads when there is no actor; ~PPL yields to other agents."""
    if len(agents) > 1:
        agents = [a for a in agents if a != "~PPL"] or agents
    code = base
    for a in agents:
        if a.startswith("~"):
            if a[1:] not in code:
                code += a[1:]
        elif a.endswith("~") and a[:-1] not in code:
            code = a[:-1] + code if not base else code + a[:-1]
    return code


def _split(pieces: list[Piece], d: Dictionaries) -> list[list[Piece]]:
    """Conjuncts at top-level coordinators (matched names such as 'Bosnia and Herzegovina' stay whole)."""
    parts: list[list[Piece]] = [[]]
    for p in pieces:
        if p.kind == "word" and d.word_class.get(p.norm) == "coordinator":
            parts.append([])
        else:
            parts[-1].append(p)
    return [p for p in parts if p]


def _strip_partitive(part: list[Piece], d: Dictionaries) -> list[Piece]:
    """'some of the protesters', 'two of the soldiers' -> the noun phrase after 'of'."""
    while (
        len(part) > 2
        and part[0].kind == "word"
        and (d.word_class.get(part[0].norm) == "quantifier" or part[0].norm.isdigit())
        and part[1].kind == "word"
        and part[1].norm == "of"
    ):
        part = part[2:]
    return part


def head_end(classes: Sequence[str | None]) -> int:
    """Where a noun phrase's head ends, given the closed class of each of its words (None for an open-class word or
    a dictionary match): at the first preposition or relative word after the first word, or at a post-modifying
    adjective or participle followed by a preposition ("fighters loyal to"): Quirk et al. 1985, 17.2-17.5 on the
    noun phrase's head and its postmodification by a prepositional phrase or a relative clause."""
    for i in range(1, len(classes)):
        cls = classes[i]
        if cls in ("preposition", "relative"):
            return i
        if cls == "postmodifier" and i + 1 < len(classes) and classes[i + 1] == "preposition":
            return i
    return len(classes)


# Punctuation that ends a noun phrase's head in running text: an apposition's or a list's comma or semicolon, a
# parenthesis (Quirk et al. 1985, chapter 17 on apposition).
_PUNCTUATION_POSTMODIFIER = re.compile(r"[,;(]")
_TEXT_WORD = re.compile(r"\w[\w.&/'’-]*")


def head_words(text: str) -> list[str]:
    """The words of a noun phrase up to its head (``head_end``) in running text, the head last: the words before
    its first punctuation post-modifier, up to its first preposition or relative word ("the ambassador to the
    U.N., Jane Doe" -> ['the', 'ambassador']).  Words keep their case and inner punctuation."""
    words = _TEXT_WORD.findall(_PUNCTUATION_POSTMODIFIER.split(text, maxsplit=1)[0])
    classes = word_classes()
    return words[: head_end([classes.get(w.lower()) for w in words])]


def _head_split(part: list[Piece], d: Dictionaries) -> tuple[list[Piece], list[tuple[str, list[Piece]]]]:
    """(pre-head pieces ending with the head, [(preposition, pieces)...] of the post-modifiers)."""
    i = head_end([d.word_class.get(p.norm) if p.kind == "word" else None for p in part])
    head: list[Piece] = part[:i]
    posts: list[tuple[str, list[Piece]]] = []
    prep, cur = None, []
    for p in part[i:]:
        if p.kind == "word" and d.word_class.get(p.norm) == "preposition":
            if prep is not None:
                posts.append((prep, cur))
            prep, cur = p.norm, []
        elif prep is not None:
            cur.append(p)
    if prep is not None:
        posts.append((prep, cur))
    return head, posts


def _agents_within(piece: Piece, toks: list[Token], d: Dictionaries) -> list[str]:
    """Agent phrases inside a matched actor name ("russian president vladimir putin" -> ~GOV)."""
    sub = [Token(t.norm, False, False) for t in toks[piece.start : piece.end]]
    found = []
    i = 0
    while i < len(sub):
        for n in range(min(d.max_len, len(sub) - i), 0, -1):
            key = tuple(t.norm for t in sub[i : i + n])
            if key in d.agents:
                found.append(d.agents[key])
                i += n
                break
        else:
            i += 1
    return found


def _is_person(entry: ActorEntry) -> bool:
    """A person of the dictionaries: an actor entry with dated terms (institutions and bodies have none)."""
    return entry.kind == "actor" and any(t.dated for t in entry.terms)


def is_dictionary_person(name: str) -> bool:
    """A person the actor dictionaries list (an entry with dated terms): a public figure of the news."""
    entry = dictionaries().actors.get(name_key(name))
    return entry is not None and _is_person(entry)


def _after_unknown_name(piece: Piece, content: list[Piece], toks: list[Token]) -> bool:
    i = content.index(piece)
    prev = content[i - 1] if i else None
    return prev is not None and prev.kind == "word" and toks[prev.start].cased and prev.norm not in ("'s",)


def _modifier_actors(content: list[Piece], toks: list[Token]) -> list[Piece]:
    """Actor names before the head.  A person's name (an entry with dated terms) run into an unknown
    capitalised word is part of a longer name ("Albert" of "Albert Gee", "Hassan" of "Hassan Sheikh
    Mohamud"), not a modifier; a title ("Secretary of State Marco Rubio") is."""
    out = []
    for i, p in enumerate(content[:-1]):
        if p.kind != "actor":
            continue
        nxt = content[i + 1]
        if _is_person(p.entry) and nxt.kind == "word" and toks[nxt.start].cased:
            continue
        out.append(p)
    return out


def _is_number(norm: str) -> bool:
    return bool(re.fullmatch(r"[\d.,]+", norm))


def _demonym_plural(content: list[Piece], d: Dictionaries) -> ActorEntry | None:
    """'Iranians', 'North Koreans': the plural of a country adjective acts for the country."""
    norm = content[-1].norm
    if not (norm.endswith("s") and len(norm) > 3):
        return None
    before = [p.norm for p in content[:-1]]
    for n in (2, 1, 0):
        if n > len(before):
            continue
        key = (*" ".join(before[len(before) - n :]).split(), norm[:-1]) if n else (norm[:-1],)
        e = d.actors.get(key)
        if e is not None and e.kind == "country":
            return e
    return None


@dataclass(frozen=True)
class _Context:
    on_date: date | None
    open_terms_until: date | None
    entity_type: str | None
    country: str | None
    context_country: str | None


def _code_part(part: list[Piece], toks: list[Token], d: Dictionaries, ctx: _Context) -> tuple[str | None, str]:
    """(code or None, what the head is: actor|agent|name|country_only|none) for one conjunct."""
    part = _strip_partitive(part, d)
    head_pieces, posts = _head_split(part, d)
    # Articles and possessive markers are not heads; a trailing "'s" belongs to the last word.
    content = [p for p in head_pieces if not (p.kind == "word" and p.norm in ("'s", "the", "a", "an"))]
    if not content:
        return None, "none"
    head = content[-1]
    if head.kind == "actor" and _is_person(head.entry) and _after_unknown_name(head, content, toks):
        # "Ilyas Ali Hassan" is not the dictionary's "Hassan": a longer name that ends like a known one.
        head = Piece("word", head.start, head.end, head.norm)
    agents = [p.agent for p in content if p.kind == "agent" and p.agent]
    # The most specific actor before the head, the nearest on a tie ("U.S. Secretary of State Jane Doe":
    # the title's USAGOV, not the U.S.'s USA).
    modifiers = _modifier_actors(content, toks)
    pre = [(len(c), i, c) for i, p in enumerate(modifiers) if (c := _resolve(p.entry, d, ctx))]
    pre_actor = max(pre)[2] if pre else None
    # A region ("Western", "European") codes the people and offices it qualifies, not a name it opens: "Western
    # Avenue" and "Western Digital" are no actors of the West.
    name_pre = [(n, i, c) for n, i, c in pre if modifiers[i].entry.kind != "region"]
    name_pre_actor = max(name_pre)[2] if name_pre else None
    if head.kind == "actor":
        return _code_actor_head(head, agents, pre_actor, toks, d, ctx), "actor"
    if head.kind == "agent":
        context = None if _generic(head, content) else ctx.context_country
        base = pre_actor or _post_actor(posts, d, ctx) or ctx.country or context or ""
        return (_mix(base, agents) if base else None), "agent"
    return _code_word_head(head, content, agents, name_pre_actor, posts, toks, d, ctx)


# Plural nouns for states name several countries ("13 countries", "the G7 nations"), never the one a story is
# set in; and "no country" names none.  Neither takes the story's context country.
_STATE_PLURALS = frozenset({"countries", "nations", "states"})


def _generic(head: Piece, content: list[Piece]) -> bool:
    return head.norm in _STATE_PLURALS or any(p.kind == "word" and p.norm == "no" for p in content)


def _resolve(entry: ActorEntry, d: Dictionaries, ctx: _Context) -> str | None:
    return resolve_entry(entry, ctx.on_date, open_terms_until=ctx.open_terms_until, country_codes=d.country_codes)


def _post_actor(posts: list[tuple[str, list[Piece]]], d: Dictionaries, ctx: _Context) -> str | None:
    """The first actor named in an of/in/from/at/for phrase after the head ("protesters in Tehran")."""
    for prep, pieces in posts:
        if prep in COUNTRY_PREPOSITIONS:
            for p in pieces:
                if p.kind == "actor" and (c := _resolve(p.entry, d, ctx)):
                    return c
    return None


def _code_actor_head(
    head: Piece, agents: list[str], pre_actor: str | None, toks: list[Token], d: Dictionaries, ctx: _Context
) -> str | None:
    """The head is a dictionary actor: its code on the date, with the sectors of the agents before it."""
    base = _resolve(head.entry, d, ctx)
    if base is None:
        return None
    if _is_person(head.entry) and pre_actor and not _term_holds(head.entry, ctx.on_date, ctx.open_terms_until):
        # Outside every dated term the title in the text is newer evidence than the dictionary's default
        # ("U.N. Secretary-General Antonio Guterres", listed as a former Portuguese premier).
        return _mix(pre_actor, agents)
    if len(base) == 3 and head.entry.kind == "actor":
        # A leader outside a known term keeps the title the name is written with ("President X").
        agents = _agents_within(head, toks, d) + agents
    return _mix(base, agents)


def _code_word_head(
    head: Piece,
    content: list[Piece],
    agents: list[str],
    pre_actor: str | None,
    posts: list[tuple[str, list[Piece]]],
    toks: list[Token],
    d: Dictionaries,
    ctx: _Context,
) -> tuple[str | None, str]:
    """The head is in no dictionary: a demonym plural, a name, or (no code) a pronoun, quantifier,
    number or common noun."""
    if d.word_class.get(head.norm) is not None or _is_number(head.norm):
        return None, "none"  # pronoun, relative, quantifier, determiner, number
    demonym = _demonym_plural(content, d)
    if demonym is not None:
        return _resolve(demonym, d, ctx), "country_only"
    tok = toks[head.start]
    # A name is capitalised.  With an entity label saying the phrase names one, a capitalised head is it;
    # without, a capitalised word inside the phrase (not its first word, whose capital may only open a
    # sentence, and not in an all-capitals headline) is taken for a name.
    shouting = all(t.upper for t in toks if t.norm[:1].isalpha())
    proper = tok.cased and (ctx.entity_type in PROPER_NAME_LABELS or (not tok.first and not shouting))
    if not proper:
        return None, "none"  # a common noun that is neither an agent nor an actor: an inanimate thing
    base = pre_actor or ctx.country or (_post_actor(posts, d, ctx) if agents else None) or ""
    if not base and agents:
        base = ctx.context_country or ""
    return (_mix(base, agents) if base else None), "name"


def _cameo_country(code: str | None, d: Dictionaries) -> str | None:
    if not code:
        return None
    code = code.upper()
    return d.iso_to_cameo.get(code, code)


def actor_codes(
    text: str | None,
    *,
    entity_type: str | None = None,
    country_code: str | None = None,
    on_date: date | None = None,
    context_country: str | None = None,
    open_terms_until: date | None = None,
) -> list[str]:
    """CAMEO-style codes of an actor phrase, one per coded conjunct, in order, without repeats.

    ``entity_type`` is the spaCy label of the entity the phrase names (a PERSON/ORG/GPE... head is a
    name even when the dictionaries do not know it; DATE, MONEY... are never agents); ``country_code``
    the ISO alpha-3 country of that entity (gazetteer), used when the phrase names no country;
    ``on_date`` the event's (or report's) date for dated entries; ``context_country`` the country a bare
    agent ("the defense ministry") belongs to when the caller knows it (e.g. the story's dateline);
    ``open_terms_until`` caps open-ended terms (default: the date the dictionaries were compiled).
    Never raises on arbitrary text; an empty list when nothing can be derived.
    """
    if not text or not text.strip() or (entity_type or "").upper() in NON_AGENT_LABELS:
        return []
    return list(_codes_of_phrase(text, entity_type, country_code, on_date, context_country, open_terms_until))


# A pure function of its arguments and the dictionaries (read once per process): a story names the same agents again
# and again ("the police", a leader's name), and each coding tokenises and matches the phrase anew.
@lru_cache(maxsize=1 << 16)
def _codes_of_phrase(
    text: str,
    entity_type: str | None,
    country_code: str | None,
    on_date: date | None,
    context_country: str | None,
    open_terms_until: date | None,
) -> tuple[str, ...]:
    return tuple(
        _phrase_codes(text, dictionaries(), entity_type, country_code, on_date, context_country, open_terms_until)
    )


def _phrase_codes(
    text: str,
    d: Dictionaries,
    entity_type: str | None,
    country_code: str | None,
    on_date: date | None,
    context_country: str | None,
    open_terms_until: date | None,
) -> list[str]:
    """actor_codes of a non-empty phrase (see there), computed."""
    toks = tokens(text)
    if not toks:
        return []
    ctx = _Context(
        on_date=on_date,
        open_terms_until=open_terms_until if open_terms_until is not None else d.dictionary_date,
        entity_type=(entity_type or "").upper() or None,
        country=_cameo_country(country_code, d),
        context_country=_cameo_country(context_country, d),
    )
    pieces = _match(toks, d)
    parts = _split(pieces, d)
    coded: list[tuple[str | None, str, list[str]]] = []
    for part in parts:
        code, what = _code_part(part, toks, d, ctx)
        agents = [p.agent for p in _head_split(_strip_partitive(part, d), d)[0] if p.kind == "agent" and p.agent]
        coded.append((code, what, agents))
    # "Russian and Ukrainian forces", "the U.S. and Iraqi officials": a conjunct that is only a
    # country shares the agents of the next conjunct's head.
    out: list[str] = []
    for i, (code, what, _) in enumerate(coded):
        if code and what in ("actor", "country_only") and len(code) == 3 and i + 1 < len(coded):
            nxt_code, nxt_what, nxt_agents = coded[i + 1]
            if nxt_what == "agent" and nxt_agents:
                code = _mix(code, nxt_agents)
        if code and code not in out:
            out.append(code)
    # An apposition repeats its actor ("Saudi Crown Prince X, known as MBS"): a bare country that
    # another code extends (SAU beside SAUGOV) adds nothing.
    return [c for c in out if not (len(c) == 3 and any(o != c and o.startswith(c) for o in out))]


# --------------------------------------------------------------------------------------------------
# Entity mentions in a parsed document
# --------------------------------------------------------------------------------------------------

# Dependents that carry a name's title in news style ("U.S. President Donald Trump", "Iraq's prime minister").
TITLE_DEPS = frozenset({"compound", "amod", "poss", "case", "nmod", "det"})


def mention_phrase(span, *, max_tokens: int = 14) -> str:
    """An entity mention (spaCy Span) with the title and apposition news style gives it at first mention:
    "U.S. President Donald Trump", "Marco Rubio, the U.S. secretary of state", "the U.S. secretary of state,
    Marco Rubio".  Titles come from the mention's own noun phrase only, never from the rest of the clause."""
    doc, root = span.doc, span.root
    start = span.start
    for c in sorted((c for c in root.lefts if c.i < span.start and c.dep_ in TITLE_DEPS), key=lambda t: -t.i):
        if c.right_edge.i + 1 >= start - 1 and span.start - c.left_edge.i <= max_tokens:
            start = min(start, c.left_edge.i)
    parts = [doc[start : span.end].text]
    if root.dep_ == "appos" and root.head.i < span.start:
        head = root.head
        a = max(head.left_edge.i, span.start - max_tokens)
        before = doc[a : span.start].text.strip(" ,;:-\u2013\u2014")
        if before:
            parts.insert(0, before)
    for c in root.rights:
        if c.dep_ == "appos" and c.i >= span.end:
            b = min(c.right_edge.i + 1, c.left_edge.i + max_tokens)
            parts.append(doc[c.left_edge.i : b].text)
    return ", ".join(parts)


def best_codes(candidates: Iterable[list[str]]) -> list[str]:
    """The most specific codes among one entity's mentions: a sector beats a bare country; the first
    such mention wins a tie (news style gives the full title at first mention)."""
    best: list[str] = []
    for codes in candidates:
        if codes and (not best or max(map(len, codes)) > max(map(len, best))):
            best = codes
    return best


def ends_in_agent_phrase(words: list[str], *, longest: int = 3) -> bool:
    """The last words of a noun phrase (up to its head) form an agent phrase of the Phoenix agents dictionary or our
    additions ("law enforcement", "a similar terrorist cell"): the head alone ("enforcement", "cell") need not
    name people."""
    agents = dictionaries().agents
    for n in range(min(longest, len(words)), 1, -1):
        key = tuple(t.norm for t in tokens(" ".join(words[-n:])))
        if key in agents:
            return True
    return False


@lru_cache(maxsize=1)
def act_noun_complements() -> dict[str, frozenset[str]]:
    """noun -> the prepositions with which the agent noun names an act instead of a group (act_nouns.tsv)."""
    return {noun: frozenset(preps.split()) for noun, preps, *_why in _data_lines(ACT_NOUNS_FILE)}


def is_agent_word(word: str) -> bool:
    """A one-word agent of the Phoenix agents dictionary or our additions ("police", "militants",
    "ministry", "group"): a noun that names people or an organisation."""
    key = tuple(t.norm for t in tokens(word))
    return len(key) == 1 and key in dictionaries().agents
