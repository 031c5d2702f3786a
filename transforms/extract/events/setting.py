"""The narrative setting: the time and place an incident the story told lends to the acts told after it that elaborate
it, when they have no time or place of their own.

In narrative discourse the reference time and place persist from sentence to sentence until a new time or place
resets them (Kamp & Reyle 1993, ch. 5, DRT; Dowty 1986, the temporal discourse interpretation principle; Hinrichs
1986), and news tells its main incident in installments over the story (van Dijk 1988, News as Discourse).  An act
told with no time or place of its own that elaborates an incident told before (Hobbs 1979; Asher & Lascarides 2003,
Elaboration and Result) is part of that incident and took place when and where it did: event coreference in news
(an anaphoric act takes the time and place of the incident it elaborates).  An act elaborates the incident of its
category told last when

- it names that incident by a definite event noun of the incident's words ("21 passengers died in the initial
  attack", "claimed responsibility for the attack"): a definite description picks up a discourse-old referent
  (Prince 1981), however far back it was told; or, within ``MAX_GAP`` sentences of the incident's last act told,
- its actor is the incident's (the same head word; a pronoun counts by its resolved antecedent), or
- it has no actor at all ("Four soldiers were also killed", an agentless result of the act just told: Quirk et al.
  3.64-3.66 on the omitted agent the context gives).

An act of the category with another actor is another incident: it resets the setting of its category, so that a
later act is not given an older incident's time or place (blank rather than wrong when two incidents compete).  A
time expression in a sentence between (or in the act's own) that names another time resets the time; a sentence
between that places an act elsewhere resets the place.  An act named by an indefinite event noun ("an attack on a
bus") is new to the story (Prince 1981), and a state, a habit or a plan is no act told as done: neither elaborates.
Statements (``SPEECH_ACTS``) form one kind of their own: a statement elaborates only the same speaker's statement
told in the sentence right before (``STATEMENT_GAP``); otherwise each is made where and when its speaker made it.

The story's lead sets the scene of its main incident.  A news story opens with a lead that summarises its main event,
where and when included, and tells the rest in installments (van Dijk 1988, News as Discourse: the Summary and the
relevance ordering of news; the inverted pyramid), so an act done on the ground (``SCENE_CATEGORIES``) that the story
tells later without a place of its own, a date of its own other than the lead's, or an indefinite event noun is an
installment of the lead's incident and happened at the scene the lead gave (``scene_of``): "Militants attacked a train
in Balochistan province ... 'They shot and killed people,' a passenger said."  An act whose verb has a locative of its
own, though it names no place ("recovered in the prison yard"), is set apart from the scene.  The scene holds until the
story places an act elsewhere (a new place resets the scene, as above), and lends nothing to a statement, made where
its speaker was, nor to a political act done away from the scene (a sanction, an agreement, a visit), nor to an act
told in the perfect, which sums up acts done at times and places left unstated.  An act of the
lead's own kind by another actor is another incident (as above); once one is told, a later act could belong to either,
and the scene lends to none.

A statement is made where its speaker speaks, and the story's opening may tell the occasion its statements were made
at: a meeting, a visit, a summit or talks with a place of its own, or a statement made at a place, in the first two
sentences (van Dijk 1988, the Summary).  A later statement or meeting with no place of its own by one of the occasion's
participants (the same head word, or the host named as its place), on its day or none of its own, before the story
places an act elsewhere, was made there (``occasion_of``, relation ``occasion``); so was a participant's statement that
names a placed meeting by a definite event noun ("said after the talks").  Someone else's statement is not placed by it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from transforms.extract.events.dates import DateMention
from transforms.extract.events.places import SPEECH_ACTS

# Sentences from the incident's last act told within which an act without a definite reference may elaborate it:
# a news paragraph's usual length (as dates.narrative_dates).
MAX_GAP = 2
# Moods of an act that happened (transforms.extract.events.triggers.REALIS): a plan or a threat is no incident.
REALIS = frozenset({"realis", "reported"})
# Relations of a place candidate that place the act itself (places.RELATIONS), which an incident lends.
RELATION_ORDER = ("event", "participant", "statement")
LENT_RELATIONS = frozenset(RELATION_ORDER[:2])
# A statement's place is where it was made (places.py): its reporting clause's locative too.
STATEMENT_RELATIONS = frozenset(RELATION_ORDER)
# The kind of incident statements form (``family``).
STATEMENT = "statement"
# A statement elaborates only its speaker's statement told in the sentence right before ("In October 2024, Trump said
# he would secure Lai's release. 'I'll get him out,' Trump said in an interview"): a quotation that follows an
# indirect report by the same speaker gives its words (Elaboration; van Dijk 1988 on news quotation).
STATEMENT_GAP = 1
# Acts done on the ground, at a scene (PLOVER's material conflict and cooperation that happen where their parties
# physically are: force, coercion, deployments, protests, crime, relief and releases), which the lead's scene lends to.
# A sanction, an agreement or a concession is decided in an office away from the scene the story is set in.
SCENE_CATEGORIES = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "CRIME", "AID", "RETREAT"})
# The lead: the story's first sentence (van Dijk 1988; the inverted pyramid).
LEAD_SENTENCE = 0
# The occasions a story's opening may set: a meeting, a visit, a summit or talks (PLOVER CONSULT), or a statement made
# at a place, told in its first two sentences (the lead and the sentence that completes the Summary, van Dijk 1988).
OCCASION_CATEGORY = "CONSULT"
OCCASION_SENTENCES = 2
# The relation of a place an occasion lends (transforms.link.events: geo_source ``occasion``).
OCCASION = "occasion"


@dataclass
class Incident:
    """An act the story told with a time or place of its own, and the acts told since that elaborate it."""

    category: str
    sentence: int  # the sentence of its last act told (the incident or an elaboration)
    date: date | None  # its own date (sentence or relative), None when the story gave none
    precision: str
    date_text: str | None
    before_report: bool  # the date lies wholly before the report, beyond the tolerance of report days
    places: list[dict]  # its own sentence's place candidates that place the act (LENT_RELATIONS)
    place_names: frozenset[str]  # the folded names of those places, to tell a new place from the same one
    actors: set[str] = field(default_factory=set)  # head words of its actors
    nouns: set[str] = field(default_factory=set)  # the lemmas it was told with (its trigger, its event nouns)
    order: int = 0  # when it was first told, among the story's incidents


class OwnTime(NamedTuple):
    """An act's own date (from its sentence or discourse: date_source sentence or relative)."""

    date: date | None
    precision: str
    text: str | None
    before_report: bool


@dataclass(frozen=True)
class Act:
    """What the setting needs of one event mention."""

    sentence: int
    category: str
    mood: str
    actors: frozenset[str]  # head words of its actors (empty: no actor)
    nouns: frozenset[str]  # lemmas of its trigger and event nouns
    back_nouns: frozenset[str]  # lemmas of the definite event nouns it names its act by ("the attack")
    own_date: date | None = None  # its own date (sentence or relative), when it has one
    told_done: bool = True  # told as done: a statement made, or an act in the past or the perfect (``_narrated``)
    narrates: bool = True  # a statement made, or an act in the simple past: only such an act carries an incident on
    new: bool = False  # named by an indefinite event noun or "another" ("an attack on a bus"): a new referent
    placed_apart: bool = False  # its verb has a locative of its own, though no named place ("in the prison yard")


class NarrativeSetting:
    """Per story, the incidents told so far (the last per category) and the sentences that reset time or place.

    ``sentence_dates``: per sentence, its date expressions (targets apart, as dates.find_dates gives them)."""

    def __init__(self, sentence_dates: Sequence[Sequence[DateMention]]):
        self.sentence_dates = sentence_dates
        self.incidents: dict[str, Incident] = {}  # per category, the last incident told
        # (kind, lemma) -> the incidents told with that word, in story order: those a definite event noun may name
        self.named: dict[tuple[str, str], list[Incident]] = {}
        self.count = 0  # incidents told so far
        self.placed: dict[int, set[str]] = {}  # sentence -> folded names of the places its acts were given
        self.scene: Incident | None = None  # the lead's incident done on the ground, when the lead placed it
        self.scene_rival = False  # another actor's act of the lead incident's kind has been told since the lead
        self.occasion: Incident | None = None  # the opening's placed meeting, visit or statement (``occasion_of``)
        # sentence -> folded names of the places its acts, statements too, were given (an occasion ends there)
        self.said: dict[int, set[str]] = {}

    def scene_of(self, act: Act) -> list[dict]:
        """The lead's scene for an act done on the ground that the story tells after its lead with no place of its own
        (see the module docstring), its candidates relabelled ``incident``; [] when the act is a statement or not
        done at a scene, is told as a state, a habit or a plan, names a new act ("an attack on a bus"), has a date of
        its own other than the lead's or a locative of its own, or when an act told since the lead was placed elsewhere."""
        scene = self.scene
        if scene is None or act.category not in SCENE_CATEGORIES or act.sentence <= scene.sentence:
            return []
        if self.scene_rival or (act.category == scene.category and act.actors and not act.actors & scene.actors):
            return []  # another actor's act of the lead's kind is another incident (above), and after one is told an
            # act could belong to either: blank rather than wrong
        if act.placed_apart or act.own_date not in (None, scene.date):
            return []  # a place or a time of its own: another scene, or one the story does not name
        if not act.narrates or not _narrated(act) or act.new:
            return []  # only an act in the narrative tense moves the story's narrative on (Kamp & Reyle 1993, 5.2): a
            # perfect ("have occupied 36 hospitals") sums up what was done at unstated times and places
        if any(names - scene.place_names for j, names in self.placed.items() if scene.sentence < j <= act.sentence):
            return []
        best = min(RELATION_ORDER.index(c["relation"]) for c in scene.places)
        return [dict(c, relation="incident") for c in scene.places if RELATION_ORDER.index(c["relation"]) == best]

    def elaborated(self, act: Act) -> Incident | None:
        """The incident ``act`` elaborates (see the module docstring), or None."""
        link = self._link(act)
        return link[0] if link is not None else None

    def _link(self, act: Act) -> tuple[Incident, bool] | None:
        """(incident, named): the incident ``act`` elaborates and whether the act names it by a definite event noun
        (then no time or place told since resets it: the description picks up its referent directly)."""
        if not _narrated(act) or act.new:
            return None  # an indefinite introduces a referent new to the discourse (Prince 1981): another incident
        kind = family(act.category)
        named = [
            inc
            for noun in (act.back_nouns if kind != STATEMENT else ())
            for inc in self.named.get((kind, noun), ())
            if inc.sentence < act.sentence
            # "The single biggest attack, in 2009, ...": told at a time of its own, another incident
            and (act.own_date is None or act.own_date == inc.date)
        ]
        if named:
            return max(named, key=lambda inc: inc.order), True  # the latest told: the most salient referent
        inc = self.incidents.get(kind)
        gap = STATEMENT_GAP if kind == STATEMENT else MAX_GAP
        if inc is None or not 0 < act.sentence - inc.sentence <= gap:
            return None
        if act.own_date is not None and act.own_date != inc.date:
            return None
        if kind == STATEMENT and not act.actors:
            return None  # a statement elaborates only its own speaker's
        if act.actors and not act.actors & inc.actors:
            return None
        return inc, False

    def time_of(self, act: Act) -> Incident | None:
        """The incident ``act`` elaborates when its time holds at the act's sentence: it has a day or month of its
        own that lies before the report (else the report's day serves), and, unless the act names it, no sentence
        since, the act's own included, has a time expression (a new time adverbial resets the reference time; one
        naming the same day does not)."""
        link = self._link(act)
        if link is None:
            return None
        inc, named = link
        if inc.date is None or not inc.before_report or inc.precision not in ("day", "month"):
            return None
        for j in range(inc.sentence + 1, act.sentence + 1) if not named else ():
            if any(not dm.is_target and (dm.date is None or dm.date != inc.date) for dm in self.sentence_dates[j]):
                return None
        return inc

    def place_of(self, act: Act) -> list[dict]:
        """The place candidates of the incident ``act`` elaborates, relabelled ``incident``, when its place holds at
        the act's sentence: unless the act names it, no act in a sentence since was placed elsewhere (a new place
        resets the scene); else the opening's occasion (``occasion_of``); [] otherwise."""
        return self._incident_place(act) or self.occasion_of(act)

    def occasion_of(self, act: Act) -> list[dict]:
        """The place of the occasion a statement or a meeting with no place of its own was told at, relabelled
        ``occasion``: the meeting its sentence names by a definite event noun ("told reporters after the talks", "said
        at the summit": a definite description picks up a discourse-old referent, Prince 1981), else the occasion the
        story's opening told (a meeting, visit, summit or talks with a place of its own, or a statement made at one)
        when the act is a participant's (``_at_the_opening``).  [] otherwise.

        A statement is made where its speaker speaks (ACLED and PLOVER place an event where it happened), and a
        participant's words reported after an opening about a summit or a visit were said there, at the occasion: the
        opening summarises the story's main event, where and when included, and the rest tells its installments (van
        Dijk 1988, the Summary).  A statement by someone else, of another day, or after the story moved to another
        place is not placed by it: blank, or its speaker's country, rather than wrong."""
        if family(act.category) != STATEMENT and act.category != OCCASION_CATEGORY:
            return []
        if act.placed_apart or act.new or not _narrated(act):
            return []
        occ = self._named_occasion(act) or self._at_the_opening(act)
        if occ is None:
            return []
        best = min(RELATION_ORDER.index(c["relation"]) for c in occ.places)
        return [dict(c, relation=OCCASION) for c in occ.places if RELATION_ORDER.index(c["relation"]) == best]

    def _named_occasion(self, act: Act) -> Incident | None:
        """The latest placed meeting told before a statement by one of its participants (``_participant``) that names
        it by a definite event noun of its words, on the meeting's day or on none of its own (the meetings themselves
        are named by ``_link``).  Only a participant's: the meeting a non-participant names is the topic of his words
        ("Beijing condemned the talks")."""
        if family(act.category) != STATEMENT:
            return None
        named = [
            inc
            for noun in act.back_nouns
            for inc in self.named.get((OCCASION_CATEGORY, noun), ())
            if inc.sentence < act.sentence
            and inc.places
            and act.own_date in (None, inc.date)
            and _participant(act, inc)
        ]
        return max(named, key=lambda inc: inc.order) if named else None

    def _at_the_opening(self, act: Act) -> Incident | None:
        """The opening's occasion for an act told after it by one of its participants (the same head word as one of the
        occasion's actors or of the acts told at it since, a pronoun by its antecedent; or the host, named as the
        occasion's place: "Modi visited Mauritius ... Mauritius conferred its highest honour on Modi"), told on the
        occasion's day or on none of its own, before the story places an act anywhere else."""
        occ = self.occasion
        if occ is None or act.sentence <= occ.sentence or act.own_date not in (None, occ.date):
            return None
        if not _participant(act, occ):
            return None  # a speaker the occasion did not name may have spoken anywhere
        if any(names - occ.place_names for j, names in self.said.items() if occ.sentence < j <= act.sentence):
            return None  # the story has moved to another place since
        return occ

    def _set_occasion(self, act: Act, own: OwnTime | None, places: list[dict], names: frozenset[str]) -> None:
        """Record the opening's first placed meeting or visit, or statement made at a place, as the story's occasion;
        the actors of a meeting or statement told at its place later as its participants too."""
        if act.category != OCCASION_CATEGORY and family(act.category) != STATEMENT:
            return
        own_places = [c for c in places if c["relation"] in STATEMENT_RELATIONS]
        if not own_places or not names or not _narrated(act):
            return
        if self.occasion is not None:
            if act.sentence > self.occasion.sentence and names <= self.occasion.place_names:
                self.occasion.actors |= act.actors
            return
        if act.sentence < OCCASION_SENTENCES and act.actors:
            told = own or OwnTime(None, "unresolved", None, False)
            self.occasion = Incident(act.category, act.sentence, *told, own_places, names, set(act.actors))

    def _incident_place(self, act: Act) -> list[dict]:
        """The place candidates of the incident ``act`` elaborates (``place_of``), or []."""
        link = self._link(act)
        if link is None or not link[0].places:
            return []
        inc, named = link
        for j in range(inc.sentence + 1, act.sentence + 1) if not named else ():
            if self.placed.get(j, set()) - inc.place_names:
                return []
        # the incident's own place is its best-attached one (transforms.link.events ranks by relation first)
        best = min(RELATION_ORDER.index(c["relation"]) for c in inc.places)
        return [dict(c, relation="incident") for c in inc.places if RELATION_ORDER.index(c["relation"]) == best]

    def told(self, act: Act, own: OwnTime | None, places: list[dict], names: frozenset[str]) -> None:
        """Record an act: an incident when it has a time or place of its own (``own``; ``places``: its own place
        candidates, ``names`` their folded names), an elaboration carrying the incident on (``elaborated``), or
        another incident of the kind, which resets its kind."""
        kind = family(act.category)
        lent = [c for c in places if c["relation"] in (STATEMENT_RELATIONS if kind == STATEMENT else LENT_RELATIONS)]
        if lent and names and kind != STATEMENT:
            self.placed.setdefault(act.sentence, set()).update(names)
        if lent and names:
            self.said.setdefault(act.sentence, set()).update(names)
        self._set_occasion(act, own, places, names)
        if not _narrated(act):
            return
        self._set_scene(act, own, lent, names)
        inc = self.elaborated(act)
        if inc is not None and lent and inc.places and not names & inc.place_names:
            inc = None  # told at another place: another incident of the kind
        if inc is not None and not act.narrates:
            return  # a perfect names an act done at an unstated time: it does not move the narrative on
        if inc is not None:  # the story is back at (or still on) this incident: the current one of its kind
            self.incidents[kind] = inc
            inc.sentence = act.sentence
            inc.actors |= act.actors
            self._name(inc, act.nouns)
            if inc.date is None and own is not None:
                inc.date, inc.precision, inc.date_text, inc.before_report = own
            if not inc.places and lent:
                inc.places, inc.place_names = lent, names
            return
        own = own or OwnTime(None, "unresolved", None, False)
        self.incidents[kind] = inc = Incident(
            kind,
            act.sentence,
            own.date,
            own.precision,
            own.text,
            own.before_report,
            lent,
            names if lent else frozenset(),
            set(act.actors),
            order=self.count,
        )
        self.count += 1
        self._name(inc, act.nouns)

    def _set_scene(self, act: Act, own: OwnTime | None, lent: list[dict], names: frozenset[str]) -> None:
        """Record the lead's placed act done on the ground as the story's scene, or a rival act of its kind."""
        scene = self.scene
        if scene is not None and act.sentence > scene.sentence and act.category == scene.category:
            if act.actors and not act.actors & scene.actors:
                self.scene_rival = True
            return
        if act.sentence == LEAD_SENTENCE and scene is None and lent and names and act.category in SCENE_CATEGORIES:
            date_told = own or OwnTime(None, "unresolved", None, False)
            self.scene = Incident(act.category, act.sentence, *date_told, lent, names, set(act.actors))

    def _name(self, inc: Incident, nouns: frozenset[str]) -> None:
        """Add the words an incident was told with, as names a later definite event noun may give it."""
        for noun in nouns - inc.nouns:
            self.named.setdefault((inc.category, noun), []).append(inc)
        inc.nouns |= nouns


def _participant(act: Act, occasion: Incident) -> bool:
    """The act's actor is one of the occasion's: the same head word as one of its actors, or its host, named as its
    place ("Modi visited Mauritius ... Mauritius conferred ...")."""
    return bool(act.actors & occasion.actors or {a.casefold() for a in act.actors} & occasion.place_names)


def family(category: str) -> str:
    """The kind of incident an act of ``category`` belongs to: statements (``SPEECH_ACTS``) form one, each other
    category its own."""
    return STATEMENT if category in SPEECH_ACTS else category


def _narrated(act: Act) -> bool:
    """The act is told as a narrative event: a statement that was made, or an act told as done (the simple past, the
    narrative tense, or a perfect), not a state, a habit or a plan, which neither continue an incident nor start one
    (Kamp & Reyle 1993, 5.2)."""
    return act.told_done and (family(act.category) == STATEMENT or act.mood in REALIS)
