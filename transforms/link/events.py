"""Events: event mentions linked to canonical entities and places, then clustered across documents.

A mention's confidence is ``strength x roles x date`` (see transforms.extract.events.mentions); an
event's is the noisy-OR of its independent reports (one per duplicate cluster), capped at 0.99.

Dating.  A mention is dated by its sentence (``date_source`` sentence or relative), else by its report's
day (``report``: news reports the day's events; AP style gives a weekday or a date to anything older, so an
undated sentence of a news story is about the day it was published), else not at all (``none``).  A document
without a publication date borrows the earliest day of the dated reports that carry the same text: its
near-duplicates and the documents it shares repeated paragraphs with (``publication_days``).

Places.  The sentence's place (a locative of the event, transforms.extract.events.places), else the
story's dateline, else the document's main place, each with ``geo_source`` saying which; never a name that
only looks like a place (an entity not typed as one, a word of a person's name in the same story, an
unknown all-capitals initialism).

Clustering (``cluster_mentions``) is greedy in a fixed order (date precision, publication time, document,
sentence).  A mention joins an event only when their types match, their dates are compatible (day and
report dates within ``tolerance_days``, months and years equal, never across years; a sentence-dated
mention never joins an undated one), no report of it was published before the event happened, their
actors, recipients and places do not conflict, and they share a participant or place: for two day dates keys in
two roles, country codes included, or one entity (a canonical entity or a place's own key; one shared country is
no evidence of one act), which across stories must be a recipient or place, not the actor alone; for month or
year dates both an actor and a recipient or place.  Undated mentions (``none``) join only undated ones: copies of
the same sentence in near-duplicates, or the same actor and recipient or place reported within
``tolerance_days``.  Background sentences ("in the 1990s", "in 2011") thus stay events of their own.  The
candidate index (``_ClusterIndex``) returns every cluster ``_score`` could accept, grouped by the score it would
get, and they are scored best first until one accepts, so the result equals a scan of all clusters while the
cost stays proportional to the candidates that share the keys a join needs, not to the corpus.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

import polars as pl
import pyarrow as pa

from transforms.extract.events.actors import actor_codes as actor_codes_of_words
from transforms.extract.events.actors import dictionaries
from transforms.extract.events.dates import REPORT_PRECISIONS, find_dates
from transforms.extract.events.mentions import refers_back
from transforms.extract.events.places import SPEECH_ACTS, TARGET_PLACED, envoy_nouns, joint_act_codes
from transforms.extract.events.roles import PLACE_LABELS, geo_precision
from transforms.extract.events.setting import LEAD_SENTENCE, LENT_RELATIONS, REALIS, SCENE_CATEGORIES
from transforms.gazetteer import (
    STRONG_KINDS,
    Venue,
    country_code,
    country_place,
    fold,
    is_country_name,
    lookup_division,
    lookup_place,
    lookup_venue,
    names_a_feature,
)
from transforms.ids import stable_ids
from transforms.link.parties import with_parties
from transforms.schemas import PLOVER_QUAD_CLASS, TABLES

# Output schemas: TABLES["events"], TABLES["event_mentions"].
EVENTS_SCHEMA = TABLES["events"].schema
EVENT_MENTIONS_SCHEMA = TABLES["event_mentions"].schema

# Confidence factor of a candidate's date precision ("unresolved": no date in the sentence).
DATE_FACTOR = {"day": 1.0, "month": 0.95, "year": 0.9, "unresolved": 0.85}
# A linked mention's date precision, finest first: the clustering order ("report": its report's day).
CLUSTER_RANK = {"day": 0, "month": 1, "year": 2, "report": 3, "unresolved": 4}
GEO_RANK = {"point": 0, "city": 1, "region": 2, "country": 3, "none": 4}
GEO_SOURCE_RANK = {"sentence": 0, "incident": 1, "occasion": 2, "speaker": 3, "dateline": 4, "document": 5, "none": 6}
# "incident": the place of an incident told before that the act elaborates (transforms.extract.events.setting), lent
# only when the sentence attaches no place of its own
# only when the sentence attaches no place of its own; "occasion": the place of the meeting, visit or statement the story's
# opening told, lent to a participant's later statement or meeting (setting.NarrativeSetting.occasion_of)
RELATION_RANK = {"event": 0, "participant": 1, "statement": 2, "incident": 3, "occasion": 4}
# date_source of a date the candidate's own sentence or discourse gives (not the report's day)
OWN_DATE_SOURCES = ("sentence", "relative")
# geo_source of a place lent by the setting, per relation (any other relation is the sentence's own)
LENT_SOURCES = {"incident": "incident", "occasion": "occasion"}
# Relations that vouch for a place the gazetteer does not know: the sentence attaches it as where the act happened
# (an incident's place was so attached in the incident's own sentence)
STRONG_RELATIONS = frozenset({"event", "incident"})
SYMMETRIC = {"CONSULT", "COOPERATE", "AGREE"}
# Two dates of one event may differ by a day: publication times are UTC, an event's day is local (UTC-12 to
# UTC+14), and overnight reports name the previous day.  The same bound says how long before publication a
# report can be dated: it never precedes the event by more than this.
TOLERANCE_DAYS = 1


@dataclass(slots=True)  # one per event mention at corpus scale: no per-object __dict__
class Mention:
    doc_id: str
    sentence_idx: int
    char_start: int
    char_end: int
    sentence: str
    category: str
    trigger: str
    strength: float
    mood: str
    event_date: date | None  # the sentence's date, or the report's day when precision is "report"
    precision: str  # day|month|year|report|unresolved
    date_text: str | None
    actor_text: str | None
    actor_ids: list[str]
    actor_keys: set[str]
    recipient_text: str | None
    recipient_ids: list[str]
    recipient_keys: set[str]
    place: dict | None
    place_explicit: bool  # the place comes from the sentence itself (place_source == "sentence")
    place_keys: set[str]  # keys of the sentence's own place only (fallback places are no evidence)
    fatalities: int | None
    published_at: datetime | None
    dup_key: str
    confidence: float = 0.0
    cameo_code: str | None = None  # CAMEO code of the trigger's pattern
    # sentence|relative (the sentence dates it), report (no date in the sentence: the report's day, in
    # report_date), none (a date expression that names no date, or no publication date to fall back on)
    date_source: str = "none"
    report_date: date | None = None
    actor_codes: list[str] = field(default_factory=list)
    recipient_codes: list[str] = field(default_factory=list)
    place_source: str = "none"  # sentence|incident|occasion|speaker|dateline|document|none
    place_relation: str | None = None  # how a sentence place attaches: event|participant|statement
    identities: dict | None = None  # _conflict's parties of each role, computed once (keys never change)
    order: int = 0  # the candidate's row in the corpus's candidates: ties of _order_key keep that order

    @property
    def published_day(self) -> date | None:
        return self.report_date or (self.published_at.date() if self.published_at is not None else None)


@dataclass(slots=True)  # one per event mention at corpus scale: no per-object __dict__
class Cluster:
    category: str
    mentions: list[Mention] = field(default_factory=list)
    event_date: date | None = None
    precision: str = "unresolved"
    actor_keys: set[str] = field(default_factory=set)
    recipient_keys: set[str] = field(default_factory=set)
    place_keys: set[str] = field(default_factory=set)
    published_day: date | None = None  # the first mention's publication day
    earliest_day: date | None = None  # the earliest publication day of its mentions
    sentences: set[tuple[str, str]] = field(default_factory=set)  # (dup_key, sentence) of its mentions
    actor_codes: set[str] = field(default_factory=set)  # actor codes of its mentions (for conflicts)
    recipient_codes: set[str] = field(default_factory=set)
    identities: dict | None = None  # _conflict's parties of each role; reset whenever a mention joins


class EntityIndex:
    """Canonical entities and the entity of every mention, for linking roles and places."""

    def __init__(
        self, entities: pl.DataFrame, entity_mentions: pl.DataFrame, country_entity: dict[str, str] | None = None
    ):
        self.entities = {r["entity_id"]: r for r in named_rows(entities)} if entities.height else {}
        self.mentions = {r["mention_id"]: r for r in named_rows(entity_mentions)} if entity_mentions.height else {}
        self._by_doc: dict[str, list[dict]] | None = None
        # A mention's code and ids depend on its entity, text and label only: names recur across the corpus
        # (Zipf), so each distinct one is resolved once.
        self._codes: dict[tuple, str | None] = {}
        self._ids: dict[tuple, list[str]] = {}
        # The country entity for each ISO code: a GPE whose canonical name is that country.  ``country_entity``
        # passes one computed over the whole entities table (``country_entities``) when ``entities`` holds only
        # a partition's.
        self.country_entity = country_entities(entities) if country_entity is None else country_entity
        self._country_ids = frozenset(self.country_entity.values())

    def doc_mentions(self, doc_id: str) -> list[dict]:
        if self._by_doc is None:
            self._by_doc = defaultdict(list)
            for m in sorted(self.mentions.values(), key=lambda r: (r["doc_id"], r["char_start"], r["char_end"])):
                self._by_doc[m["doc_id"]].append(m)
        return self._by_doc.get(doc_id, [])

    def code_of(self, m: dict) -> str | None:
        key = (m["entity_id"], m["text"], m.get("label"))
        if key not in self._codes:
            self._codes[key] = self._code_of(m)
        return self._codes[key]

    def _code_of(self, m: dict) -> str | None:
        e = self.entities.get(m["entity_id"], {})
        label = m.get("label") or e.get("type")
        if label in ("NORP", "GPE"):
            return e.get("country_code") or country_code(m["text"]) or country_code(e.get("name") or "")
        if label == "ORG":
            return _country_in_text(m["text"]) or e.get("country_code")
        if label in ("LOC", "FAC"):
            return e.get("country_code")
        return None

    def ids_for(self, m: dict) -> list[str]:
        """Entity ids an argument mention stands for: a demonym acts for its country, a state organ too (the
        list is shared between mentions of the same name: never modify it)."""
        key = (m["entity_id"], m["text"], m.get("label"))
        if key not in self._ids:
            self._ids[key] = self._ids_for(m)
        return self._ids[key]

    def _ids_for(self, m: dict) -> list[str]:
        e = self.entities.get(m["entity_id"], {})
        label = m.get("label") or e.get("type")
        code = self.code_of(m)
        if label == "NORP" and code and code in self.country_entity:
            return [self.country_entity[code]]
        ids = [m["entity_id"]]
        if label == "ORG" and code and code in self.country_entity:
            ids.append(self.country_entity[code])
        return ids

    def key_ids_for(self, m: dict) -> list[str]:
        """The entity ids among a role's clustering keys: ``ids_for`` without the country entities, for which the
        role's country code stands.  A country shared alone is no evidence of one act ("Russian strikes hit
        Kharkiv", "Russian drones hit Odesa"), whether the story named it by its code's demonym or its name."""
        return [eid for eid in self.ids_for(m) if eid not in self._country_ids]

    def place_of(self, m: dict) -> dict | None:
        """The place a mention names (its entity's name, country, coordinates, precision), or None."""
        e = self.entities.get(m["entity_id"], {})
        if (m.get("label") or e.get("type")) not in PLACE_LABELS and e.get("type") not in PLACE_LABELS:
            return None
        prec = geo_precision(e or {"name": m["text"], "type": m.get("label")})
        return {
            "entity_id": m["entity_id"],
            "name": e.get("name") or m["text"],
            "country_code": e.get("country_code"),
            "latitude": e.get("latitude"),
            "longitude": e.get("longitude"),
            "geo_precision": prec,
        }


def country_entities(entities: pl.DataFrame) -> dict[str, str]:
    """ISO code -> the country entity: the first (by entity_id) GPE or LOC whose canonical name is that country."""
    out: dict[str, str] = {}
    if not entities.height:
        return out
    places = entities.filter(pl.col("type").is_in(["GPE", "LOC"]) & pl.col("name").is_not_null()).sort("entity_id")
    for eid, name, code in places.select("entity_id", "name", "country_code").iter_rows():
        if name and is_country_name(name):
            code = code or country_code(name)
            if code and code not in out:
                out[code] = eid
    return out


def _country_in_text(text: str) -> str | None:
    """A country named or implied inside an organisation name ('the Azerbaijani Defense Ministry')."""
    import re

    words = re.findall(r"[A-Za-z][\w.-]*", text)
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            code = country_code(" ".join(words[i : i + n]))
            if code:
                return code
    return None


def _role(mention_ids: list[str] | None, index: EntityIndex) -> tuple[list[str], set[str]]:
    """Entity ids (first seen first) and clustering keys (ids and country codes) of a role's mentions."""
    ids: list[str] = []
    keys: set[str] = set()
    for mid in mention_ids or ():
        m = index.mentions.get(mid)
        if m is None:
            continue
        for eid in index.ids_for(m):
            if eid not in ids:
                ids.append(eid)
        keys.update(index.key_ids_for(m))
        code = index.code_of(m)
        if code:
            keys.add(code)
    return ids, keys


# --------------------------------------------------------------------------------------------------
# Publication days
# --------------------------------------------------------------------------------------------------


def publication_days(
    documents: pl.DataFrame, paragraphs: pl.DataFrame | None = None, *, min_shared_paragraphs: int = 2
) -> dict[str, tuple[date, bool]]:
    """doc_id -> (publication day, borrowed) for every document whose events can be dated by their report.

    A document dated to the day (``published_precision`` second or day; any ``published_at`` when the column
    is absent) is its own; one without borrows the earliest day of the dated documents carrying the same
    text: its near-duplicate cluster (``dup_cluster_id``, ``dup_of``) and the documents it shares at least
    ``min_shared_paragraphs`` repeated paragraphs with (all of its paragraphs when it has fewer; one shared
    line such as a credit line is not the same story).  The earliest, because the text, and every event it
    reports, existed by the first day a copy of it was published.
    """
    if documents.height == 0:
        return {}
    own = _own_days(documents)
    out = {d: (day, False) for d, day in own.items()}
    undated = [r for r in documents.iter_rows(named=True) if r["doc_id"] not in own]
    if not undated:
        return out
    lenders = _duplicate_lenders(documents, undated)
    if paragraphs is not None and paragraphs.height:
        for a, b in _paragraph_lenders(paragraphs, [r["doc_id"] for r in undated], min_shared_paragraphs):
            lenders[a].add(b)
    for r in undated:
        days = [own[d] for d in lenders.get(r["doc_id"], ()) if d in own]
        if days:
            out[r["doc_id"]] = (min(days), True)
    return out


def _own_days(documents: pl.DataFrame) -> dict[str, date]:
    """doc_id -> publication day of the documents dated to the day."""
    has_precision = "published_precision" in documents.columns
    own: dict[str, date] = {}
    for r in documents.iter_rows(named=True):
        pub = r.get("published_at")
        if pub is not None and (not has_precision or r.get("published_precision") in REPORT_PRECISIONS):
            own[r["doc_id"]] = pub.date() if isinstance(pub, datetime) else pub
    return own


def _duplicate_lenders(documents: pl.DataFrame, undated: list[dict]) -> dict[str, set[str]]:
    """Undated doc_id -> the other documents of its near-duplicate cluster."""
    lenders: dict[str, set[str]] = defaultdict(set)
    groups: dict[str, set[str]] = defaultdict(set)
    for r in documents.iter_rows(named=True):
        for key in (r.get("dup_cluster_id"), r.get("dup_of")):
            if key:
                groups[key].add(r["doc_id"])
        if r.get("dup_of"):
            groups[r["dup_of"]].add(r["dup_of"])
    for r in undated:
        for key in (r.get("dup_cluster_id"), r.get("dup_of")):
            if key:
                lenders[r["doc_id"]] |= groups[key] - {r["doc_id"]}
    return lenders


def _paragraph_lenders(paragraphs: pl.DataFrame, undated_ids: list[str], min_shared: int) -> list[tuple[str, str]]:
    """(undated doc_id, other doc_id) pairs sharing at least ``min_shared`` repeated paragraphs (all of the
    undated one's paragraphs when it has fewer)."""
    wanted = pl.Series(undated_ids, dtype=pl.String())
    repeats = paragraphs.filter(pl.col("is_repeat") & (pl.col("doc_id") != pl.col("first_doc_id")))
    pairs = pl.concat(
        [
            repeats.select(pl.col("doc_id").alias("a"), pl.col("first_doc_id").alias("b")),
            repeats.select(pl.col("first_doc_id").alias("a"), pl.col("doc_id").alias("b")),
        ]
    ).filter(pl.col("a").is_in(wanted.implode()))
    shared = pairs.group_by("a", "b").len()
    n_paras = dict(paragraphs.filter(pl.col("doc_id").is_in(wanted.implode())).group_by("doc_id").len().rows())
    return [(a, b) for a, b, n in shared.iter_rows() if n >= min(min_shared, n_paras.get(a, 0) or min_shared)]


def _borrowed_date(row: dict, day: date) -> dict:
    """A candidate of an undated document re-dated against a borrowed publication day: its date expression
    resolved (it could not be without a day to count from), else the report's day."""
    row = dict(row, report_date=day)
    if row["event_date"] is not None:
        return row
    if row["date_text"]:
        for dm in find_dates(row["date_text"], day):
            if dm.date is not None and not dm.is_target:
                return dict(row, event_date=dm.date, precision=dm.precision, date_source=dm.source)
        return row  # an expression that names no date ("in the 1990s") stays undated
    return dict(row, date_source="report")


# --------------------------------------------------------------------------------------------------
# Places
# --------------------------------------------------------------------------------------------------


class _PlaceChecks:
    """Which entity mentions may name an event's place: the entity is typed as a place, is known to the
    gazetteer or is a region or facility, and is not a word of a person's name in the same story ("Zamora" of
    "Jose Ruben Zamora", "Un" of "Kim Jong Un"), nor an unknown all-capitals initialism ("AI", "G7")."""

    def __init__(self, index: EntityIndex):
        self.index = index
        self._person_words: dict[str, frozenset[str]] = {}
        # (entity_id, text, label) -> what place() decides without the document (None: never a place)
        self._static: dict[tuple, tuple | None] = {}

    def person_words(self, doc_id: str) -> frozenset[str]:
        if doc_id not in self._person_words:
            words = set()
            for m in self.index.doc_mentions(doc_id):
                e = self.index.entities.get(m["entity_id"], {})
                if (e.get("type") or m.get("label")) == "PERSON":
                    words.update(fold(w) for w in re.split(r"[\s\-]+", m["text"]) if len(w) > 1)
            self._person_words[doc_id] = frozenset(words)
        return self._person_words[doc_id]

    def place(self, m: dict, *, strong: bool) -> dict | None:
        """The place a mention names, or None.  ``strong``: the mention attaches as the event's place in its
        sentence, which vouches for a place the gazetteer does not know."""
        key = (m["entity_id"], m["text"], m.get("label"))
        if key not in self._static:
            self._static[key] = self._name_checks(m)
        found = self._static[key]
        if found is None:
            return None
        folded, strong_known, weak_ok, place = found
        if not strong_known and folded in self.person_words(m["doc_id"]):
            return None
        if not strong and not weak_ok:
            return None
        return place

    def _name_checks(self, m: dict) -> tuple | None:
        """What place() decides from the name and its entity alone, the same in every document: None when it is
        never a place, else (folded name, known to the gazetteer as a strong kind, a place without the sentence
        vouching for it, the place)."""
        e = self.index.entities.get(m["entity_id"], {})
        text = _without_possessive(m["text"])
        venue = lookup_venue(text)
        if venue is not None:
            # a political venue ("at the White House", "at the Security Council") names its city, whatever label the
            # recogniser gave the name (mostly ORG); the sentence attaches it as the event's place or not
            return fold(text), True, True, venue_place(venue)
        if (e.get("type") or m.get("label")) == "ORG" and names_a_feature(text):
            # "the Boni Forest", "Deh Yak District" typed ORG by the recogniser: a natural feature or division
            m, e = dict(m, label="LOC"), dict(e, type="LOC")
        elif (e.get("type") or m.get("label")) not in PLACE_LABELS:
            return None
        known = lookup_place(text)
        letters = text.replace(".", "")
        if letters.isupper() and len(letters) <= 4 and known is None and not e.get("country_code"):
            return None
        division = lookup_division(text) if known is None and not e.get("country_code") else None
        gazetteer = e.get("country_code") or e.get("latitude") is not None or known is not None or division is not None
        weak_ok = bool(gazetteer) or e.get("type") != "GPE"
        strong_known = bool(known and known.kind in STRONG_KINDS) or division is not None
        place = self.index.place_of(m)
        if place is not None and division is not None:
            # "Balochistan province": a division the entity linker left without a country, which its proper name
            # gives (gazetteer.lookup_division); a region, not a town
            place = dict(place, country_code=division.country_code, geo_precision="region")
        return fold(text), strong_known, weak_ok, place


def _without_possessive(text: str) -> str:
    return re.sub(r"[\u2019']s$", "", text.strip())


def is_venue_name(text: str) -> bool:
    """The mention names a political venue (data/venues.tsv of the gazetteer)."""
    return lookup_venue(_without_possessive(text)) is not None


def venue_place(venue: Venue) -> dict:
    """The place of an act at a political venue: the venue's city (the venue's own coordinates)."""
    return {
        "entity_id": None,
        "name": venue.city,
        "country_code": venue.country_code,
        "latitude": venue.latitude,
        "longitude": venue.longitude,
        "geo_precision": "city",
    }


def _sentence_place(candidates: list[dict] | None, index: EntityIndex, checks: _PlaceChecks) -> tuple[dict, str] | None:
    """(place, relation) of the sentence: the best attached candidate that is a place (event locatives first,
    then participants', then the statement's; then the most precise, then the nearest to the trigger)."""
    best = None
    for cand in candidates or ():
        m = index.mentions.get(cand["mention_id"])
        if m is None:
            continue
        place = checks.place(m, strong=cand["relation"] in STRONG_RELATIONS)
        if place is None:
            continue
        score = (RELATION_RANK[cand["relation"]], GEO_RANK[place["geo_precision"]], cand["distance"])
        if best is None or score < best[0]:
            best = (score, place, cand["relation"])
    return (best[1], best[2]) if best else None


def _place_source(relation: str) -> str:
    """geo_source of a place the candidates give: ``incident`` when lent by an incident the act elaborates, ``occasion``
    by the story's occasion."""
    return LENT_SOURCES.get(relation, "sentence")


def _dateline_place(row: dict, index: EntityIndex, checks: _PlaceChecks) -> dict | None:
    """The place of the story's dateline: its entity when one was found there, else the gazetteer's."""
    if not row.get("dateline"):
        return None
    m = index.mentions.get(row.get("dateline_mention_id") or "")
    if m is not None:
        place = checks.place(m, strong=True)
        if place is not None:
            return place
    known = lookup_place(row["dateline"].title())
    if known is None:
        return None
    entity = {"name": known.name, "type": known.label, "geonames_id": known.geonames_id, "latitude": known.latitude}
    return {
        "entity_id": None,
        "name": known.name,
        "country_code": known.country_code,
        "latitude": known.latitude,
        "longitude": known.longitude,
        "geo_precision": geo_precision(entity),
    }


def speaker_country(actor_keys: set[str], actor_codes, category: str, actor_text: str | None = None) -> str | None:
    """The country a statement (``SPEECH_ACTS``) was made in when its sentence places it nowhere: its speaker's,
    the one country its actor stands for (an entity's country, a demonym, a state organ's code, a capital or seat
    named for its government: "Beijing said", "the Kremlin said", which the actor dictionaries code).  PLOVER and
    ACLED place an event where it occurred, never at its topic; a statement occurs where its speaker speaks, and
    when the story does not say where, ACLED codes the most specific area the source does support (its
    geo-precision 3), which for a state's or an official's statement is the country the speaker acts for.  None
    for other acts, and when the actor stands for no country or for several ("Trump and Zelenskyy said").  With
    ``actor_text``, a country the actor's words give only by a place that is not the country's is no speaker's
    country (``_named_by_a_town``)."""
    if category not in SPEECH_ACTS:
        return None
    countries, _ = _identity(actor_keys, actor_codes or ())
    return one_speaker_country(countries, actor_codes, actor_text)


# PLOVER's verbal cooperation, where CAMEO2PLOVER puts a signing (057) and an agreement to meet or negotiate: the
# categories whose act can be the joint act itself.  A demand or a rejection whose pattern names talks ("said talks
# must continue") is still a statement, made where its speaker is.
JOINT_CATEGORIES = frozenset({"AGREE", "SUPPORT"})


def joint_act_abroad(
    cameo_code: str | None, actor_countries: set[str], recipient_countries: set[str], category: str = "SUPPORT"
) -> bool:
    """The act is one the parties do together at one place (``places.joint_act_codes``: a visit, a meeting, a
    negotiation, a signing; of ``JOINT_CATEGORIES``) and its other party is of a country the actor is not of: it took
    place at a venue that is either party's home or a third place, so the speaker's own country is no evidence of where
    (ACLED: the location is where the event took place, never the actors' homes; GDELT's ActionGeo, the action's
    location, is not Actor1Geo).  The story's venue, when named, is the sentence's or the occasion's place, found
    before this."""
    if category not in JOINT_CATEGORIES:
        return False
    return (cameo_code or "")[:3] in joint_act_codes() and bool(recipient_countries - actor_countries)


def one_speaker_country(countries: set[str], actor_codes, actor_text: str | None) -> str | None:
    """The one country of ``countries`` (a statement's actor's) left once those its words give only by a place that
    is not the country's are set aside (``_named_by_a_town``); None for none or several, and for a diplomat sent
    abroad (``_sent_abroad``)."""
    if actor_text and _sent_abroad(actor_text):
        return None
    if actor_text:
        countries = {c for c in countries if not _named_by_a_town(actor_text, c, actor_codes)}
    return next(iter(countries)) if len(countries) == 1 else None


_NAME_WORD = re.compile(r"[A-Z][\w.'\u2019-]*")
# Where a noun phrase's head ends before its postmodifier: an apposition's comma, a prepositional phrase
# ("Russia's ambassador to the U.N.", "the envoy for Ukraine"), a relative clause.
_POSTMODIFIER = re.compile(r",|\s(?:to|at|in|for|of|from|on|who|which|that)\s", re.IGNORECASE)


def _sent_abroad(actor_text: str) -> bool:
    """The speaker, or the one it is in apposition with, is named by a noun of a diplomat sent to act for a state
    abroad ("North Korea's envoy", "Russia's ambassador to the U.N., Vassily Nebenzia"; class ``envoy_noun`` of the
    place words): a diplomat speaks where he is posted or sent, so the state he acts for is no evidence of where his
    statement was made (PLOVER and ACLED place an event where it occurred; ACLED codes no place the source does not
    support).  The head is the last word before a postmodifier (Quirk et al. 17.2: head and postmodification)."""
    nouns = envoy_nouns()
    for part in actor_text.split(","):
        words = _POSTMODIFIER.split(part.strip())[0].split()
        last = re.split(r"['\u2019]", words[-1].lower().strip(".'\u2019"))[-1] if words else ""
        if last in nouns or last.removesuffix("s") in nouns:  # "envoys"; "charge d'affaires" by its last word
            return True
    return False


@lru_cache(maxsize=1 << 14)
def _places_named(text: str) -> tuple[tuple[str, str], ...]:
    """(kind, country) of every gazetteer place a run of one to three capitalised words of ``text`` names: a country
    name or demonym as ``country``, a division named with its noun as ``division``, else the place's own kind (a
    capital, a city, a state, a region)."""
    words = _NAME_WORD.findall(text)
    found = []
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            name = _without_possessive(" ".join(words[i : i + n]))
            code = country_code(name)
            if code is not None:
                found.append(("country", code))
                continue
            known = lookup_place(name) or lookup_division(name)
            if known is not None and known.country_code:
                found.append((known.kind, known.country_code))
    return tuple(found)


def _named_by_a_town(actor_text: str, country: str, actor_codes) -> bool:
    """The speaker's country ``country`` rests only on a place name that is not the country's: the actor's words name
    a town, a province or a state of it (the actor dictionaries code "Aden" as Yemen; "Janusz Bugajski of the
    Jamestown Foundation" holds Saint Helena's capital) but neither the country nor its demonym, the actor is not that
    country's capital or political venue standing alone for its government (a metonym: "Beijing said", "the Kremlin
    said"), and no actor code gives the country with a role (a dictionary entry of a body or a person acting for it,
    "CHNGOV").  A place is where a body sits or what it is named after, not whom a person speaks for (CAMEO and
    PLOVER code an actor by the state or group it acts for, never by a place in its name)."""
    if any(len(c) > 3 and _identity(set(), [c])[0] == {country} for c in actor_codes or ()):
        return False
    whole = lookup_place(actor_text)  # both lookups leave a leading "the" aside
    venue = lookup_venue(actor_text)
    if (whole is not None and whole.kind == "capital" and whole.country_code == country) or (
        venue is not None and venue.country_code == country
    ):
        return False
    named = _places_named(actor_text)
    if ("country", country) in named:
        return False
    return any(code == country for _, code in named)


def topic_countries(actor_text: str | None, actor_codes, actor_keys, sentence: str | None) -> frozenset[str]:
    """Countries of a statement's actor codes that are only the story's context and, in this sentence, its topic or
    other party.  The actor is a bare agent ("a State Department spokesperson", "the court's president", "rights
    groups") whose code took the country the story is about (``context_country``, PETRARCH's convention for an agent
    no word places): neither its entities nor its own words give that country (``_guessed_countries``).  And the
    predicate after the actor names that country ("told VOA the U.N. must maintain sanctions on North Korea",
    "rejected Kenya's request", "urged the Zimbabwean government"): the verb's complements and adjuncts follow the
    subject (Quirk et al. 2.5, 10.1), so a country named there is what the statement is about or whom it is made to,
    not where it was made.  PLOVER and ACLED place an event where it occurred, never at its topic or the other
    party's home, and code no place the source does not support.  A country named before the actor (a reporting
    clause's speaker, "the Pakistani military's spokesman said attackers ...") is not the predicate's."""
    if not actor_text or not sentence or actor_text not in sentence:
        return frozenset()
    guessed = _guessed_countries(actor_text, actor_codes, actor_keys)
    if not guessed:
        return frozenset()
    predicate = sentence[sentence.index(actor_text) + len(actor_text) :]
    named = {code for kind, code in _places_named(predicate) if kind == "country"}
    return frozenset(guessed & named)


def _guessed_countries(actor_text: str, actor_codes, actor_keys) -> set[str]:
    """Countries of ``actor_codes`` that only the story's context gave: not among the countries of the actor's
    entities (``actor_keys``), not named by a country name or demonym in its words ("the American Civil Liberties
    Union"), not coded by its words alone, and coded by them once that country is the context
    (``actor_codes``' ``context_country``, given to a bare agent and never to a person's name)."""
    coded, _ = _identity(set(), actor_codes or ())
    keyed, _ = _identity(set(actor_keys or ()), ())
    own, _ = _identity(set(), actor_codes_of_words(actor_text))
    named = {code for kind, code in _places_named(actor_text) if kind == "country"}
    return {
        country
        for country in coded - keyed - own - named
        if country in _identity(set(), actor_codes_of_words(actor_text, context_country=country))[0]
    }


def placing_codes(row: dict, actor_keys) -> list[str]:
    """The actor codes a statement's place may rest on (``speaker_country``, the document's setting): its actor codes
    without those whose country is only the sentence's topic (``topic_countries``); other acts keep all."""
    codes = list(row.get("actor_codes") or ())
    if row.get("category") not in SPEECH_ACTS or not codes:
        return codes
    topical = topic_countries(row.get("actor_text"), codes, actor_keys, row.get("sentence"))
    if not topical:
        return codes
    cameo = _cameo_countries()
    return [c for c in codes if cameo.get(c[:3]) not in topical]


def speaker_place(code: str, country_entity: dict[str, str]) -> dict:
    """The place of a statement placed at its speaker's country: the country's canonical entity when the corpus
    names it, its gazetteer name otherwise."""
    known = country_place(code)
    return {
        "entity_id": country_entity.get(code),
        "name": known.name if known is not None else code,
        "country_code": code,
        "latitude": None,
        "longitude": None,
        "geo_precision": "country",
    }


def place_country(code: str | None, name: str | None) -> str | None:
    """The country a place lies in: its entity's, else the gazetteer's for its name (a dateline's entity the
    linker gave no country)."""
    if code or not name:
        return code
    known = lookup_place(name.title() if name.isupper() else name)
    return known.country_code if known is not None else None


def _dateline_or_speaker(
    row: dict, actor_keys: set[str], index: EntityIndex, checks, recipient_keys: frozenset[str] | set[str] = frozenset()
) -> tuple[dict | None, str]:
    """(place, geo_source) of an act its sentence places nowhere, before the document's setting: a statement's
    speaker's country (``speaker_country``), unless the dateline lies in that country, whose town is then the more
    precise place, or the act was done together with a party of another country (``joint_act_abroad``); else the
    dateline, where the story was reported from.  A dateline in another country says where the reporter was, not the
    speaker."""
    line = _dateline_place(row, index, checks)
    speaker = speaker_country(actor_keys, row["actor_codes"], row["category"], row.get("actor_text"))
    if speaker is not None and joint_act_abroad(
        row.get("cameo_code"),
        _identity(actor_keys, row["actor_codes"] or ())[0],
        _identity(set(recipient_keys), row.get("recipient_codes") or ())[0],
        row["category"],
    ):
        speaker = None
    if speaker is not None and (line is None or place_country(line["country_code"], line["name"]) != speaker):
        return speaker_place(speaker, index.country_entity), "speaker"
    return line, "dateline" if line else "none"


# When a document's most-named place is its setting (``_doc_setting``; the columnar linking uses the same bounds).
SETTING_MIN_SHARE, SETTING_MIN_COUNT = 0.4, 2
SETTING_COUNTRY_SHARE, SETTING_COUNTRY_COUNT = 0.5, 3


def _doc_setting(
    index: EntityIndex,
    doc_id: str,
    checks: _PlaceChecks | None = None,
    *,
    min_share: float = SETTING_MIN_SHARE,
    min_count: int = SETTING_MIN_COUNT,
    country_share: float = SETTING_COUNTRY_SHARE,
    country_count: int = SETTING_COUNTRY_COUNT,
) -> dict | None:
    """The document's main place: the place named most often in it, when it clearly dominates (at least
    ``min_count`` mentions and ``min_share`` of the document's place mentions); else its single country setting:
    the country that at least ``country_count`` and ``country_share`` of its place mentions lie in (a story
    naming a province, its capital and the country; the thresholds of the story's country for actor codes,
    docs/evaluation/actors-and-quotes.md), given as the place within it that the story names most when that
    one holds at least ``min_count`` and half of the country's other place mentions, else as the country itself
    when the story names it."""
    checks = checks or _PlaceChecks(index)
    counts: dict[str, int] = {}
    first: dict[str, dict] = {}
    for m in index.doc_mentions(doc_id):
        place = checks.place(m, strong=False)
        if place is None or is_venue_name(m["text"]):
            continue  # a venue is mostly named as an actor ("the White House said"): no evidence of the setting
        counts[m["entity_id"]] = counts.get(m["entity_id"], 0) + 1
        first.setdefault(m["entity_id"], place)
    if not counts:
        return None
    total = sum(counts.values())
    eid, n = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    if n >= min_count and n / total >= min_share:
        return first[eid]
    by_country: dict[str, int] = {}
    for e, k in counts.items():
        if first[e].get("country_code"):
            by_country[first[e]["country_code"]] = by_country.get(first[e]["country_code"], 0) + k
    if not by_country:
        return None
    code, k = sorted(by_country.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    if k < country_count or k / total < country_share:
        return None
    inside = sorted(
        (
            (k, e)
            for e, k in counts.items()
            if first[e].get("country_code") == code and first[e]["geo_precision"] != "country"
        ),
        key=lambda kv: (-kv[0], kv[1]),
    )
    if inside and inside[0][0] >= min_count and inside[0][0] * 2 >= sum(k for k, _ in inside):
        # the region or town the story keeps returning to within that country (a province, its capital): the most
        # specific place the story gives for its setting (ACLED geo-precision 2, "a larger region mentioned")
        return first[inside[0][1]]
    country = [p for p in first.values() if p.get("country_code") == code and p.get("geo_precision") == "country"]
    return sorted(country, key=lambda p: p["entity_id"] or "")[0] if country else None


def own_date(row: dict) -> date | None:
    """A candidate's own date: the one its sentence or discourse gives (date_source sentence or relative)."""
    return row["event_date"] if row.get("date_source") in OWN_DATE_SOURCES else None


def lead_places(
    candidates: pl.DataFrame, index: EntityIndex, checks: _PlaceChecks, days: dict[str, tuple[date, bool]]
) -> dict[str, tuple[dict, date | None]]:
    """doc_id -> (place, own date) of the story's lead incident: the sentence place (``_sentence_place``) that the
    lead's act done on the ground (``setting.SCENE_CATEGORIES``, told as done) attaches as its own (an event's or a
    participant's locative, not a statement's), the finest when the lead places several, else the first; its own date
    as ``link_mentions`` dates it (``days``: the publication days, borrowed ones re-date it).  A finer place the story
    gives the same incident later (``_same_incident``) replaces it (``_finest_told``).  A lead whose acts on the ground
    place nothing of their own still names the incident (its first such act), whose place is then the finest a later
    act of it gives (``unplaced_leads``)."""
    lead = candidates.with_row_index("_row").filter(
        (pl.col("sentence_idx") == LEAD_SENTENCE)
        & pl.col("category").is_in(list(SCENE_CATEGORIES))
        & pl.col("mood").is_in(list(REALIS))
    )
    best: dict[str, tuple] = {}
    for row, found in _placed_acts(lead, index, checks, days):
        rank = (GEO_RANK[found["geo_precision"]], row["_row"])
        if row["doc_id"] not in best or rank < best[row["doc_id"]][0]:
            best[row["doc_id"]] = (rank, row, found)
    leads = {d: (row, found) for d, (_, row, found) in best.items()}
    leads.update((d, (row, None)) for d, row in unplaced_leads(lead, set(leads), days).items())
    later = candidates.with_row_index("_row").filter(
        (pl.col("sentence_idx") > LEAD_SENTENCE)
        & pl.col("doc_id").is_in(list(leads))
        & pl.col("category").is_in(list(SCENE_CATEGORIES))
        & pl.col("mood").is_in(list(REALIS))
    )
    return _finest_told(leads, _placed_acts(later, index, checks, days))


def unplaced_leads(lead: pl.DataFrame, placed: set[str], days: dict[str, tuple[date, bool]]) -> dict[str, dict]:
    """doc_id -> the first act on the ground of a lead that places none of its own (``lead``: the lead's acts on the
    ground told as done, with ``_row``; ``placed``: the stories whose lead places one), re-dated by a borrowed
    publication day as ``link_mentions`` does.  The lead still tells the story's main incident, whose place a later
    installment may give (van Dijk 1988, the Summary and the installments)."""
    out: dict[str, dict] = {}
    for row in named_rows(lead.filter(~pl.col("doc_id").is_in(list(placed))).sort("_row")):
        if row["doc_id"] in out:
            continue
        day, borrowed = days.get(row["doc_id"], (None, False))
        out[row["doc_id"]] = _borrowed_date(row, day) if borrowed and row["report_date"] is None else row
    return out


def _placed_acts(rows: pl.DataFrame, index: EntityIndex, checks: _PlaceChecks, days: dict[str, tuple[date, bool]]):
    """(row, place) of each candidate row whose sentence place it attaches as its own (``LENT_RELATIONS``), the row
    re-dated by a borrowed publication day as ``link_mentions`` does."""
    for row in named_rows(rows):
        found = _sentence_place(row["place_candidates"], index, checks)
        if found is None or found[1] not in LENT_RELATIONS:
            continue
        day, borrowed = days.get(row["doc_id"], (None, False))
        if borrowed and row["report_date"] is None:
            row = _borrowed_date(row, day)
        yield row, found[0]


def same_time(day: date | None, lead_day: date | None) -> bool:
    """The same act told again is at the lead incident's time: it has no date of its own, or one within the release's
    tolerance of the lead's own day (``TOLERANCE_DAYS``: an incident running across midnight, a siege or a
    hostage-taking, is told on either day, and the clustering joins one act's mentions within the same tolerance).
    Only for the same act (``_same_incident``): another act on another day is another incident (``lead_scene``)."""
    if day is None:
        return True
    return lead_day is not None and abs((day - lead_day).days) <= TOLERANCE_DAYS


def _same_incident(lead: dict, row: dict, lead_place: dict | None, place: dict) -> bool:
    """A later act tells the lead's incident again at a finer place: the same act (category and CAMEO code: the same
    act word or its event noun, which the coder codes alike), told at the lead's time (``same_time``), placed in the
    lead place's country more precisely than the lead (anywhere, when the lead places nothing of its own: the setting
    is checked when the place is lent, ``lead_scene``).  A news story tells its main incident in installments and its
    later paragraphs give the details the lead summed up, the exact spot among them (van Dijk 1988, News as Discourse:
    the Summary and the installments); ACLED codes an event at the most specific location the source gives for it
    (codebook, geo-precision 1-3), wherever in the report it is given."""
    if (row["category"], row["cameo_code"]) != (lead["category"], lead["cameo_code"]):
        return False
    if not same_time(own_date(row), own_date(lead)):
        return False
    if lead_place is None:
        return True
    if not lead_place.get("country_code") or place.get("country_code") != lead_place["country_code"]:
        return False
    return GEO_RANK[place["geo_precision"]] < GEO_RANK[lead_place["geo_precision"]]


def _finest_told(leads: dict[str, tuple[dict, dict | None]], later) -> dict[str, tuple[dict, date | None]]:
    """doc_id -> (place, own date) of the lead incident: the finest place the story gives it (the lead's, else a later
    act's of the same incident, ``_same_incident``; the first of the finest); a lead placed nowhere is left out."""
    finest = {doc_id: place for doc_id, (_, place) in leads.items()}
    for row, place in later:
        lead_row, _ = leads[row["doc_id"]]
        if _same_incident(lead_row, row, finest[row["doc_id"]], place):
            finest[row["doc_id"]] = place
    return {doc_id: (finest[doc_id], own_date(row)) for doc_id, (row, _) in leads.items() if finest[doc_id]}


def lead_scene(setting: dict, lead: tuple[dict, date | None] | None, category: str, day: date | None) -> dict:
    """The document's setting for an act done on the ground, made as fine as the story's lead gives it: the lead's
    place (``lead_places``) when it lies in the setting's country and is finer than the setting ("Militants attacked a
    train in Pakistan's Balochistan province", in a story that names Pakistan most).  A news story's lead tells where
    its main incident happened and the rest tells that incident in installments (van Dijk 1988, News as Discourse: the
    Summary; the inverted pyramid), and an act on the ground the story places nowhere belongs to that incident far more
    often than to the country at large; ACLED codes an event at the most specific location the source gives for it
    (codebook, geo-precision 1-3: a town, else "a larger region mentioned", else the country), GDELT's ActionGeo the
    location of the action, not the story's most-named place.  A statement, an agreement or a sanction is made away
    from the scene (``setting.SCENE_CATEGORIES``) and keeps the setting; so does an act with a date of its own (``day``)
    other than the lead's, another incident (a new time resets the scene, as ``setting.NarrativeSetting.scene_of``)."""
    if lead is None or category not in SCENE_CATEGORIES or not setting.get("country_code"):
        return setting
    lead, lead_day = lead
    if day is not None and day != lead_day:
        return setting
    if lead.get("country_code") != setting["country_code"]:
        return setting
    return lead if GEO_RANK[lead["geo_precision"]] < GEO_RANK[setting["geo_precision"]] else setting


def _actor_belongs(
    place: dict,
    actor_keys: set[str],
    actor_codes,
    recipient_keys: set[str] | None = None,
    recipient_codes=None,
    category: str | None = None,
    actor_text: str | None = None,
) -> bool:
    """The actor is of the country of the document's main place, so the act is presumed to happen there; for an
    attack or a coercive act (``TARGET_PLACED``), also when its target is of that country.

    The story's main country is where its own actors act; an act of another party (a U.N. chief condemning a
    coup, a foreign court, a company abroad) happens wherever that party is, which the story does not say, so
    such an event stays unplaced rather than put in the story's country (ACLED/UCDP code a location only from
    what the source says).  An event whose actor is named but neither known nor of that country, and whose target is
    not of it, is not placed by the document either; an act with no actor at all and no party of another country
    (``_without_a_party_abroad``, ``actor_text`` empty) is the story's own.  A statement (``SPEECH_ACTS``) takes the
    document's place only when that is a country."""
    country = place.get("country_code")
    if not country or (category in SPEECH_ACTS and place.get("geo_precision") != "country"):
        # a statement is made where its speaker is (PLOVER: where the event occurred, never at its topic): the
        # speaker's country, not the town or province the story is about
        return False
    countries, _ = _identity(actor_keys, actor_codes)
    if country in countries:
        return True
    if category not in SPEECH_ACTS and _without_a_party_abroad(
        country, actor_text, actor_keys, actor_codes, recipient_keys, recipient_codes
    ):
        return True
    if category not in TARGET_PLACED or not (recipient_keys or recipient_codes):
        return False
    targets, _ = _identity(recipient_keys or set(), recipient_codes)
    return country in targets


def _without_a_party_abroad(
    country: str, actor_text: str | None, actor_keys: set[str], actor_codes, recipient_keys, recipient_codes
) -> bool:
    """The act has no actor at all (a passive without its by-phrase, "three people were killed", "was arrested"; a
    nominal with none, "the attack") and no party of a country other than ``country``, the story's: an agentless act
    told in a story set in one country happened there, the story's setting being the only place its discourse gives
    (Quirk et al. 3.64-3.66: the omitted agent is the one the context gives; ACLED codes the country "in which the event
    took place" and, when the source gives no town, the larger region it supports, geo-precision 3).  An act with a
    named actor of no country, or a party of another country, could have taken place at that party's home, so it is
    left unplaced rather than put at the story's (ACLED and GDELT's ActionGeo code the action's location, never an
    actor's home).  A statement is made where its speaker is, and stays apart."""
    if actor_text or actor_keys or actor_codes:
        return False  # a common noun stands for a party told elsewhere ("both countries", "the organization")
    targets, _ = _identity(recipient_keys or set(), recipient_codes)
    return targets <= {country}


# A leading word that names a different place ("South Sudan", "West Bank", "New Delhi"), not the same one.
_DIRECTIONAL = frozenset(
    "north south east west northern southern eastern western upper lower new central greater".split()
)
_NAME_PARTS = re.compile(r"[\s\-‐–]+")


def _place_name_key(name: str | None) -> str | None:
    """A key shared by the spellings of one place the gazetteer does not know: its last name part
    ("Nagorno-Karabakh" and "Karabakh" -> "name:karabakh"), unless a directional word leads it."""
    parts = [p for p in _NAME_PARTS.split(name or "") if p]
    if not parts or parts[0].lower() in _DIRECTIONAL or len(parts[-1]) < 4 or not parts[-1][0].isupper():
        return None
    return "name:" + parts[-1].lower()


def _place_keys(place: dict | None) -> set[str]:
    keys = set()
    if place:
        if place.get("entity_id"):
            keys.add(place["entity_id"])
        if place.get("country_code"):
            keys.add(place["country_code"])
        elif (name_key := _place_name_key(place.get("name"))) is not None:
            keys.add(name_key)
    return keys


# --------------------------------------------------------------------------------------------------
# Linking
# --------------------------------------------------------------------------------------------------


def _after_report(day: date, precision: str, report_day: date | None, tolerance_days: int) -> bool:
    """The date lies after the day of the report that gives it (beyond the time-zone tolerance; a month or a
    year after the report's own)."""
    if report_day is None:
        return False
    if precision == "day":
        return day > report_day + timedelta(days=tolerance_days)
    if precision == "month":
        return (day.year, day.month) > (report_day.year, report_day.month)
    return day.year > report_day.year


def named_rows(frame: pl.DataFrame, *, chunk: int = 20_000):
    """The rows of ``frame`` as dicts, the values ``iter_rows(named=True)`` gives, built from column lists a chunk
    of rows at a time (about three times as fast on the candidates' nested columns)."""
    names = frame.columns
    for part in frame.iter_slices(chunk):
        yield from (dict(zip(names, values, strict=True)) for values in zip(*(s.to_list() for s in part)))


def link_mentions(
    candidates: pl.DataFrame,
    documents: pl.DataFrame,
    index: EntityIndex,
    paragraphs: pl.DataFrame | None = None,
    *,
    tolerance_days: int = TOLERANCE_DAYS,
    days: dict[str, tuple[date, bool]] | None = None,
    first_order: int = 0,
) -> list[Mention]:
    """Event candidates (extract stage) with roles and places linked to entities, dated, with confidence.

    ``documents``: doc_id, published_at, dup_cluster_id, dup_of (and published_precision when known);
    ``paragraphs``: doc_id, first_doc_id, is_repeat, for borrowing publication days (``publication_days``);
    ``days``: those publication days computed already (a partition of a corpus: computed over all of it);
    ``first_order``: the corpus-wide row number of the first candidate (``Mention.order``).
    """
    docs = {r["doc_id"]: r for r in named_rows(documents)}
    days = publication_days(documents, paragraphs) if days is None else days
    checks = _PlaceChecks(index)
    settings: dict[str, dict | None] = {}
    leads = lead_places(candidates, index, checks, days)
    out = []
    for order, row in enumerate(named_rows(candidates), start=first_order):
        doc = docs.get(row["doc_id"], {})
        day, borrowed = days.get(row["doc_id"], (None, False))
        if borrowed and row["report_date"] is None:
            row = _borrowed_date(row, day)
        a_ids, a_keys = _role(row["actor_mention_ids"], index)
        r_ids, r_keys = _role(row["recipient_mention_ids"], index)
        found = _sentence_place(row["place_candidates"], index, checks)
        place, source, relation = (found[0], _place_source(found[1]), found[1]) if found else (None, "none", None)
        if place is None:
            # read only where no sentence place was found: the topic test is Python per row
            placing = {**row, "actor_codes": placing_codes(row, a_keys)}
            place, source = _dateline_or_speaker(placing, a_keys, index, checks, r_keys)
        if place is None:
            if row["doc_id"] not in settings:
                settings[row["doc_id"]] = _doc_setting(index, row["doc_id"], checks)
            place = settings[row["doc_id"]]
            if place is not None and not _actor_belongs(
                place,
                a_keys,
                placing["actor_codes"],
                r_keys,
                row.get("recipient_codes"),
                row["category"],
                row["actor_text"],
            ):
                place = None
            if place is not None:
                place = lead_scene(place, leads.get(row["doc_id"]), row["category"], own_date(row))
            source = "document" if place else "none"
        explicit = source == "sentence"
        a_text, r_text = row["actor_text"], row["recipient_text"]
        roles = 0.7 + (0.2 if (a_ids or a_text) else 0.0) + (0.1 if (r_ids or r_text or explicit) else 0.0)
        event_date, precision, date_source = row["event_date"], row["precision"], row["date_source"]
        report_day = row["report_date"]
        if event_date is not None and _after_report(event_date, precision, report_day, tolerance_days):
            # a date after its own report is a plan's target the mood rules missed: never the event's date
            event_date, date_source = None, "report"
        if event_date is None and date_source == "report" and report_day is not None:
            event_date, precision = report_day, "report"
        elif event_date is None:
            precision, date_source = "unresolved", "none"
        out.append(
            Mention(
                doc_id=row["doc_id"],
                sentence_idx=row["sentence_idx"],
                char_start=row["char_start"],
                char_end=row["char_end"],
                sentence=row["sentence"],
                category=row["category"],
                trigger=row["trigger"],
                strength=row["strength"],
                mood=row["mood"],
                event_date=event_date,
                precision=precision,
                date_text=row["date_text"],
                actor_text=a_text,
                actor_ids=a_ids,
                actor_keys=a_keys,
                recipient_text=r_text,
                recipient_ids=r_ids,
                recipient_keys=r_keys,
                place=place,
                place_explicit=explicit,
                place_keys=_place_keys(place) if explicit else set(),
                fatalities=row["fatalities"],
                published_at=doc.get("published_at"),
                dup_key=doc.get("dup_cluster_id") or doc.get("dup_of") or row["doc_id"],
                confidence=round(min(0.99, row["strength"] * roles * DATE_FACTOR[row["precision"]]), 4),
                cameo_code=row["cameo_code"],
                date_source=date_source,
                report_date=row["report_date"],
                actor_codes=row["actor_codes"] or [],
                recipient_codes=row["recipient_codes"] or [],
                place_source=source,
                place_relation=relation,
                order=order,
            )
        )
    return out


# --------------------------------------------------------------------------------------------------
# Clustering
# --------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _cameo_countries() -> dict[str, str]:
    """CAMEO country code -> ISO 3166-1 alpha-3 (they differ for a few countries), from the actor dictionaries."""
    import pycountry

    d = dictionaries()
    to_iso = {cameo: iso for iso, cameo in d.iso_to_cameo.items() if pycountry.countries.get(alpha_3=cameo) is None}
    return {code: to_iso.get(code, code) for code in d.country_codes}


def _identity(keys: set[str], codes) -> tuple[set[str], set[str]]:
    """(countries, entities) a role stands for: the ISO codes among its keys and the country part of its
    actor codes ("AZEGOV" -> AZE), and its entity ids."""
    countries = {k for k in keys if len(k) == 3 and k.isalpha() and k.isupper()}
    cameo = _cameo_countries()
    countries |= {cameo[c[:3]] for c in codes or () if c[:3] in cameo}
    return countries, {k for k in keys if not (len(k) == 3 and k.isalpha() and k.isupper())}


def _differ(a: tuple[set[str], set[str]], b: tuple[set[str], set[str]], *, symmetric: bool = False) -> bool:
    """Two roles name different parties: different countries when both know theirs, else different entities
    when neither does; unknown on either side is no conflict.  ``symmetric``: the parties of a meeting or
    agreement, which conflict only when each side has one the other lacks ("A met B" and "A met C"), not when
    one report names fewer ("A held talks")."""
    (a_countries, a_entities), (b_countries, b_entities) = a, b
    if a_countries and b_countries:
        mine, theirs = a_countries, b_countries
    elif not a_countries and not b_countries and a_entities and b_entities:
        mine, theirs = a_entities, b_entities
    else:
        return False
    if symmetric:
        return bool(mine - theirs) and bool(theirs - mine)
    return not mine & theirs


def _parties(x: Cluster | Mention) -> dict:
    """The identities _conflict compares (both roles together for a symmetric category, else each role) and the
    countries among the place keys, cached on the cluster or mention (a cluster's cache is reset on a join)."""
    if x.identities is None:
        if x.category in SYMMETRIC:
            x.identities = {
                "both": _identity(x.actor_keys | x.recipient_keys, list(x.actor_codes) + list(x.recipient_codes))
            }
        else:
            x.identities = {
                "actor": _identity(x.actor_keys, x.actor_codes),
                "recipient": _identity(x.recipient_keys, x.recipient_codes),
            }
        x.identities["places"] = {k for k in x.place_keys if len(k) == 3 and k.isupper()}
    return x.identities


def _conflict(c: Cluster, m: Mention) -> bool:
    """Different parties in the same role, or places in different countries."""
    mine, theirs = _parties(c), _parties(m)
    if c.category in SYMMETRIC:
        if _differ(mine["both"], theirs["both"], symmetric=True):
            return True
    else:
        if _differ(mine["actor"], theirs["actor"]):
            return True
        if _differ(mine["recipient"], theirs["recipient"]):
            return True
    c_places, m_places = mine["places"], theirs["places"]
    return bool(c_places and m_places and not c_places & m_places)


def _dates_compatible(c: Cluster, m: Mention, tolerance_days: int) -> bool:
    """Same day within the tolerance (day or report dates), same month, same year; never across years, and a
    report's day never stands for a month or year: it says when the news was, not which period is meant."""
    a, b = c.event_date, m.event_date
    if a is None or b is None:
        return a is None and b is None
    if a.year != b.year:
        return False
    ranks = {c.precision, m.precision}
    if "report" in ranks and not ranks <= {"day", "report"}:
        return False
    coarsest = max(ranks, key=CLUSTER_RANK.__getitem__)
    if coarsest in ("day", "report"):
        return abs((a - b).days) <= tolerance_days
    if coarsest == "month":
        return a.month == b.month
    return True


def _reported_before(c: Cluster, m: Mention, tolerance_days: int) -> bool:
    """Joining would give the event a report published before it happened (beyond the time-zone tolerance):
    m's report before the cluster's day, or one of the cluster's reports before m's day."""
    late = timedelta(days=tolerance_days)
    if c.event_date is not None and c.precision in ("day", "report"):
        pub = m.published_day
        if pub is not None and pub < c.event_date - late:
            return True
    if m.event_date is not None and m.precision in ("day", "report"):
        return c.earliest_day is not None and c.earliest_day < m.event_date - late
    return False


def _dayless(m: Mention) -> bool:
    """An undated mention of a report with no day to date it by ("on Tuesday" in a story without a
    publication date): nothing says when it happened, so it may join a dated event on the strict
    participant rule (an actor and a recipient or place in common), unlike a dated report's undated
    sentence, which is background."""
    return m.event_date is None and m.published_day is None


def _is_country(key: str) -> bool:
    """A country key (an ISO alpha-3 code, as ``_identity`` reads them), not an entity's."""
    return len(key) == 3 and key.isalpha() and key.isupper()


def _shared_roles(c: Cluster, m: Mention) -> tuple[set[str], ...]:
    """The keys c and m share in each role whose sharing ``_score`` counts: (actor, recipient, place) outside the
    symmetric categories; in a symmetric one (participants, participants again when two are shared, place)."""
    if c.category in SYMMETRIC:
        shared = (c.actor_keys | c.recipient_keys) & (m.actor_keys | m.recipient_keys)
        return shared, shared if len(shared) >= 2 else set(), c.place_keys & m.place_keys
    return c.actor_keys & m.actor_keys, c.recipient_keys & m.recipient_keys, c.place_keys & m.place_keys


def _loose_level(c: Cluster, m: Mention) -> int:
    """The score of two day-or-report dated reports (a + r + p: the roles they share keys in), 0 when that is no
    evidence of one act.  Two shared roles count with any keys, country codes included (Russia against Ukraine
    twice in a day); one shared role only when a shared key is an entity (a canonical entity id or a place's own
    key), never a country code alone ("Russian strikes hit Kharkiv" and "Russian drones hit Odesa" the same day
    share a country, not an act), and across stories only a recipient or place, not the actor alone
    (``_holds_story``)."""
    shared = _shared_roles(c, m)
    roles = [keys for keys in shared if keys]
    if len(roles) == 1:
        if all(_is_country(k) for k in roles[0]):
            return 0
        if shared[0] and not _holds_story(c, m):
            return 0
    return len(roles)


def _holds_story(c: Cluster, m: Mention) -> bool:
    """c holds a mention of m's story (its document or a near-duplicate of it).  Across stories a shared actor
    alone (or one participant of a meeting) is no evidence of one act: a head of state criticises or meets several
    parties in a day ("Trump attacked the Journal" and "Trump and Zelenskyy disagreed", two stories of one day), so
    the event deduplication of ICEWS and the Phoenix pipeline asks for the source and the target actor to agree.
    A shared target or site (the train that was attacked, the town where ministers met) names the act more
    narrowly and still counts.  Within a story ``_same_act`` decides whether two sentences tell one act."""
    key = m.dup_key
    return any(x.dup_key == key for x in c.mentions)


def _score(c: Cluster, m: Mention, tolerance_days: int) -> int | None:
    """How strongly m belongs to c (shared participants and place), or None when it may not join it."""
    if c.category != m.category:
        return None
    dayless = _dayless(m) and c.event_date is not None
    if not dayless and not _dates_compatible(c, m, tolerance_days):
        return None
    if not dayless and (c.precision == "unresolved" or m.precision == "unresolved"):
        if c.precision != m.precision:
            return None  # an undated mention of a dated report (background, "in the 1990s") never joins a dated event
        if (m.dup_key, m.sentence) in c.sentences:
            return 3  # the same sentence in a near-duplicate: the same report
        if c.published_day is None or m.published_day is None:
            return None
        if abs((c.published_day - m.published_day).days) > tolerance_days:
            return None
    if _reported_before(c, m, tolerance_days) or _conflict(c, m):
        return None
    if not _one_act_in_document(c, m, tolerance_days):
        return None
    if c.category in SYMMETRIC:
        # "A met B" and "B hosted A" report one meeting: compare all participants
        shared = (c.actor_keys | c.recipient_keys) & (m.actor_keys | m.recipient_keys)
        a, r = bool(shared), len(shared) >= 2
    else:
        a = bool(c.actor_keys & m.actor_keys)
        r = bool(c.recipient_keys & m.recipient_keys)
        if not a and (c.actor_keys & m.recipient_keys or c.recipient_keys & m.actor_keys):
            return None  # roles reversed: A against B and B against A are two events
    p = bool(c.place_keys & m.place_keys)
    if {c.precision, m.precision} <= {"day", "report"}:
        # same type, same day: two shared roles, or one whose shared keys name an entity, not only a country
        return _loose_level(c, m) or None
    # a month, a year or no date at all: an actor and a recipient or place in common
    return (a + r + p) if a and (r or p) else None


def _same_time(x: Mention, m: Mention, tolerance_days: int) -> bool:
    """Two mentions' dates name the same time: days (or report days) within the tolerance, the same month or year
    at that precision, or both undated."""
    if x.event_date is None or m.event_date is None:
        return x.event_date is None and m.event_date is None
    ranks = {x.precision, m.precision}
    if ranks <= {"day", "report"}:
        return abs((x.event_date - m.event_date).days) <= tolerance_days
    if len(ranks) > 1:
        return False
    if ranks == {"month"}:
        return (x.event_date.year, x.event_date.month) == (m.event_date.year, m.event_date.month)
    return x.event_date.year == m.event_date.year


def _fine_place_keys(m: Mention) -> set[str]:
    """The sentence place's own keys when it is finer than a country, without its country's: within one story a
    country is mostly the story's setting, which every act of the story shares."""
    if m.place is None or GEO_RANK.get(m.place.get("geo_precision") or "none", 4) >= GEO_RANK["country"]:
        return set()
    return m.place_keys - {m.place.get("country_code")}


def _same_act(x: Mention, m: Mention, tolerance_days: int) -> bool:
    """Two mentions from different sentences of one story tell one act.  News tells an act in its lead and
    again in the body (the inverted pyramid: van Dijk 1988, News as Discourse), and a repetition either names the
    act as one already told (a definite event noun: "the attack", "Tuesday's attack", ``refers_back``) or gives
    the same time and a participant or place beyond the actor; two acts of one actor in one category (a
    martial law and a killing by one junta, two pledges of one government) share no more than that."""
    if refers_back(x.sentence, x.trigger) or refers_back(m.sentence, m.trigger):
        return True
    if not _same_time(x, m, tolerance_days):
        return False
    if _fine_place_keys(x) & _fine_place_keys(m):
        return True
    if m.category in SYMMETRIC:  # the parties of a meeting or agreement: two of them, not one named twice
        shared = (x.actor_keys | x.recipient_keys) & (m.actor_keys | m.recipient_keys)
        countries, entities = _identity(shared, ())  # an entity and its country code are one party
        return len(entities) >= 2 or len(countries) >= 2
    return bool(x.recipient_keys & m.recipient_keys)


def _one_act_in_document(c: Cluster, m: Mention, tolerance_days: int) -> bool:
    """m may join c as far as its own story goes: c holds no mention of m's story (the document or its
    near-duplicates), or one from m's own sentence, or one that ``_same_act`` says tells the same act."""
    own = [x for x in c.mentions if x.dup_key == m.dup_key]
    if not own or any(x.sentence == m.sentence for x in own):
        return True
    return any(_same_act(x, m, tolerance_days) for x in own)


# How a mention's and a cluster's shared keys score (``_score``): s = a + r + p, where, outside the symmetric
# categories, a is a shared actor key, r a shared recipient key and p a shared place key; in a symmetric one a is
# a shared participant key (actor or recipient), r a second one, p a shared place key.  Two day-or-report dates
# accept one shared key ("loose"); any other pair of precisions needs a and (r or p) ("strict"), that is a shared
# actor key together with a shared recipient or place key (two participant keys, or one and a place key).
_LOOSE = ("day", "report")


def _role_keys(m: Mention) -> tuple[set, set, set]:
    """(first, second, place) role keys of a mention: actor, recipient, place keys (participant keys twice,
    as 'x', in a symmetric category, where a second shared one counts as r)."""
    if m.category in SYMMETRIC:
        both = {("x", k) for k in m.actor_keys | m.recipient_keys}
        return both, set(), {("p", k) for k in m.place_keys}
    return {("a", k) for k in m.actor_keys}, {("r", k) for k in m.recipient_keys}, {("p", k) for k in m.place_keys}


def _participants(first: set) -> bool:
    """The first role keys are a symmetric category's participants (tagged "x" by ``_role_keys``), not actors: two
    actor keys of one report (an entity and its country) are one role, which ``_score`` never accepts alone, yet
    pairing them found every cluster of the year with that actor, a number growing with the corpus."""
    return any(tag == "x" for tag, _key in first)


def _key_pairs(first: set, second: set, place: set) -> set:
    """The key pairs a strict acceptance needs one of (see above): an actor key with a recipient or place key;
    in a symmetric category two participant keys or one with a place key."""
    pairs = {(f, o) for f in first for o in second | place}
    if _participants(first) and len(first) > 1:  # symmetric: two participant keys, unordered
        ordered = sorted(first)
        pairs |= {(x, y) for j, x in enumerate(ordered) for y in ordered[j + 1 :]}
    return pairs


def _new_pairs(old: tuple[set, set, set], new: tuple[set, set, set]) -> set:
    """``_key_pairs`` of the union of a cluster's role keys ``old`` and a joining mention's ``new``, less those of
    ``old``: the pairs holding a key new to the cluster (a cluster's pairs grow with the square of its keys, so
    they are not built again at every join)."""
    first = old[0] | new[0]
    others_old = old[1] | old[2]
    others = others_old | new[1] | new[2]
    added_first, added_others = first - old[0], others - others_old
    if not added_first and not added_others:
        return set()
    pairs = {(f, o) for f in added_first for o in others} | {(f, o) for f in first for o in added_others}
    if added_first and _participants(first) and len(first) > 1:  # symmetric: unordered participant pairs
        ordered = sorted(first)
        pairs |= {
            (x, y) for j, x in enumerate(ordered) for y in ordered[j + 1 :] if x in added_first or y in added_first
        }
    return pairs


def _country_pairs(keys: tuple[set, set, set]) -> set:
    """Pairs of country keys in two roles (``_role_keys``: an actor's and a recipient's or place's, a recipient's and
    a place's; two participants' in a symmetric category), ordered: the day buckets find by them the clusters that
    share countries only, in two roles (``_loose_level``)."""
    countries = sorted(k for role in keys for k in role if _is_country(k[1]))
    return {(x, y) for j, x in enumerate(countries) for y in countries[j + 1 :] if x[0] != y[0] or x[0] == "x"}


def _new_country_pairs(c: Cluster, keys: tuple[set, set, set]) -> set:
    """``_country_pairs`` of cluster c's role keys joined by a mention's ``keys``, less those of c's alone: the pairs
    holding a country key new to c in its role (building all of a cluster's pairs at each join cost the square of
    its countries, every join)."""
    if not c.mentions:  # nothing registered yet: every pair is new
        return _country_pairs(keys)
    held = _role_keys(c)
    new = {k for role, had in zip(keys, held, strict=True) for k in role if _is_country(k[1]) and k not in had}
    if not new:
        return set()
    merged = tuple(had | role for had, role in zip(held, keys, strict=True))
    return {pair for pair in _country_pairs(merged) if pair[0] in new or pair[1] in new}


def _lookup_buckets(m: Mention, tolerance_days: int) -> tuple[tuple, tuple]:
    """(day buckets, pair buckets) of the index a mention's candidates are looked up in (``_ClusterIndex``)."""
    return _buckets_of_dating(m.category, m.event_date, m.precision, m.published_day, tolerance_days)


@lru_cache(maxsize=1 << 16)  # mentions share their datings (a category, a day, a publication day): few distinct
def _buckets_of_dating(
    cat: str, d: date | None, precision: str, pub: date | None, tolerance_days: int
) -> tuple[tuple, tuple]:
    """``_lookup_buckets`` of a mention dated so."""
    near = range(-tolerance_days, tolerance_days + 1)
    day_buckets: tuple = ()
    pair_buckets: tuple = ()
    if d is None:
        if pub is not None:
            pair_buckets = tuple(("undated", cat, pub + timedelta(days=k)) for k in near)
        else:  # _dayless: any dated cluster of its category
            pair_buckets = (("dated", cat),)
    elif precision in _LOOSE:
        day_buckets = tuple(("day", cat, d + timedelta(days=k)) for k in near)
        if precision == "day":
            pair_buckets = (("month", cat, d.year, d.month), ("year", cat, d.year))
    elif precision == "month":
        pair_buckets = (
            ("day-in-month", cat, d.year, d.month),
            ("month", cat, d.year, d.month),
            ("year", cat, d.year),
        )
    else:
        pair_buckets = (("year-all", cat, d.year),)
    return day_buckets, pair_buckets


class _ClusterIndex:
    """The only clusters ``_score`` can accept for a mention, each with the score it would get, so that the best
    is the first accepted in the order (score, day gap, creation) and most candidates are never scored.

    Clusters are looked up by date bucket (of the mention's category, compatible dates; undated ones by
    publication day) and key: for two day-or-report dates a single entity key of a role (actor, recipient,
    place), where one shared entity suffices, or a pair of country keys in two roles (``_loose``; a country key
    alone never suffices, ``_loose_level``), and a key pair (``_key_pairs``) for every other bucket, where
    ``_score`` needs two.
    Undated clusters are also found by sentence (a copy in a near-duplicate, accepted with score 3 without a
    shared key).  A cluster's keys by role are the union of its mentions', so how many of a mention's roles a
    cluster shares keys in is exactly the a + r + p ``_score`` returns when it accepts: candidates are scored
    highest level first, and within a level by (day gap, creation), stopping at the first accepted, which is the
    best of the scan of all clusters (``cluster_mentions(use_index=False)``, the reference of the tests).
    Looking up by single key in every bucket made a month- or year-dated report compare with every cluster of
    its year holding a frequent key ("USA"), quadratic in the corpus; in the day buckets, a lookup by a country
    alone compared a report with every cluster of its days holding that country, which grow with the reports
    per day."""

    def __init__(self, clusters: list[Cluster]):
        self.clusters = clusters
        self.by_sentence: dict[tuple, list[int]] = defaultdict(list)
        # Bucket first, so that ``sweep`` drops a bucket's sets at once: a sweep going over every (bucket, key) entry
        # went over the live buckets' keys, which grow with the reports per day, once per batch (quadratic).
        self.by_key: dict[tuple, dict[tuple, set[int]]] = {}  # day bucket -> role key -> clusters
        self.by_pair: dict[tuple, dict[tuple, set[int]]] = {}  # other bucket (or day bucket) -> key pair -> clusters
        self.day_bucket_of: list[tuple | None] = []
        self.pair_buckets_of: list[tuple] = []
        # _role_keys of each cluster, kept as mentions join while a later mention may find it by key pair
        self.keys_of: list[tuple[set, set, set] | None] = []
        # The last step (mention, in clustering order) that looks up each kind of bucket ("day", "month", ...):
        # a registration after it is never read, so it is skipped (``plan``; None: register everything).
        self.last_lookup: dict[str, int] | None = None
        self.last_use: dict[tuple, int] | None = None  # bucket -> the last step looking it up (``plan``)
        self.step = -1
        self._last: tuple[Mention, tuple] | None = None
        self._last_country_pairs: tuple[tuple, set] | None = None

    def plan(self, mentions, tolerance_days: int, *, buckets: bool = False) -> None:
        """Note the last of ``mentions`` (in the order they will be clustered; Mention or ``_Dating``) that looks up
        each kind of bucket, and with ``buckets`` each bucket.  Report-dated mentions, two thirds of all, come after
        every day-, month- and year-dated one of a group and look up day buckets only, so the key pairs of the
        clusters they form or join are never read."""
        last: dict[str, int] = {}
        uses: dict[tuple, int] = {}
        for j, m in enumerate(mentions):
            day_buckets, pair_buckets = _lookup_buckets(m, tolerance_days)
            if day_buckets:
                last["day"] = j
            for bucket in pair_buckets:
                last[bucket[0]] = j
            if buckets:
                for bucket in day_buckets + pair_buckets:
                    uses[bucket] = j
        self.last_lookup = last
        self.last_use = uses if buckets else None

    def retire_step(self, i: int) -> int | None:
        """The last step whose mention looks up a bucket cluster i is in (-1: none), after which no mention can
        join it; None when that is not known (no ``plan(buckets=True)``, or an undated cluster, which is also
        found by its sentences)."""
        c = self.clusters[i]
        if self.last_use is None or c is None or c.event_date is None:
            return None
        buckets = [self.day_bucket_of[i], *self.pair_buckets_of[i]]
        return max((self.last_use.get(b, -1) for b in buckets if b is not None), default=-1)

    def forget(self, i: int) -> None:
        """Drop what the index keeps of cluster i, retired (its ids in bucket sets go with ``sweep``)."""
        self.keys_of[i] = None
        self.day_bucket_of[i] = None
        self.pair_buckets_of[i] = ()

    def sweep(self) -> None:
        """Drop the bucket sets no later mention looks up (with ``plan(buckets=True)``)."""
        if self.last_use is None:
            return
        uses, step = self.last_use, self.step
        for table in (self.by_key, self.by_pair):
            for bucket in [b for b in table if uses.get(b, -1) <= step]:
                del table[bucket]

    def _wanted(self, kind: str) -> bool:
        """Some mention after the current step looks up buckets of this kind."""
        return self.last_lookup is None or self.last_lookup.get(kind, -1) > self.step

    @staticmethod
    def _keys(m: Mention) -> set[str]:
        return m.actor_keys | m.recipient_keys | m.place_keys

    def _role_keys(self, m: Mention, *, fresh: bool) -> tuple[set, set, set]:
        """_role_keys of m: computed by its lookup (``fresh``), reused by its registration right after."""
        if fresh or self._last is None or self._last[0] is not m:
            self._last = (m, _role_keys(m))
        keys = self._last[1]
        if not fresh:
            self._last = None
        return keys

    def _country_pairs(self, keys: tuple[set, set, set]) -> set:
        """``_country_pairs`` of a mention's role keys: computed by its lookup, reused by the registration of the
        cluster it opens right after (computing them twice was a tenth of the clustering)."""
        if self._last_country_pairs is None or self._last_country_pairs[0] is not keys:
            self._last_country_pairs = (keys, _country_pairs(keys))
        return self._last_country_pairs[1]

    def seed(self, i: int, c: Cluster) -> None:
        """Register cluster i, formed already: its keys are the union of its mentions'."""
        self._buckets(c)
        keys = _role_keys(c)
        self.keys_of.append(tuple(set(k) for k in keys))
        self._register(i, keys, _key_pairs(*keys), seeded=True)
        if c.event_date is None:
            for m in c.mentions:
                self.by_sentence[(c.category, m.dup_key, m.sentence)].append(i)

    def add(self, i: int, c: Cluster, m: Mention) -> None:
        """Register cluster i, created from mention m (c holds no mention yet)."""
        self._buckets(c)
        # a cluster no later mention can find by key pair keeps no keys of its own here (memory: most clusters)
        self.keys_of.append((set(), set(), set()) if self._pairs_wanted(i) else None)
        self.join(i, c, m)

    def _pairs_wanted(self, i: int) -> bool:
        """Some later mention looks up one of cluster i's pair buckets (once false, it stays false)."""
        return any(self._wanted(bucket[0]) for bucket in self.pair_buckets_of[i])

    def _buckets(self, c: Cluster) -> None:
        d, cat = c.event_date, c.category
        day = None
        if d is None:
            pair_buckets = (("undated", cat, c.published_day),) if c.published_day is not None else ()
        elif c.precision in _LOOSE:
            day = ("day", cat, d)
            pair_buckets = (("year-all", cat, d.year), ("day-in-month", cat, d.year, d.month), ("dated", cat))
        elif c.precision == "month":
            pair_buckets = (("year-all", cat, d.year), ("month", cat, d.year, d.month), ("dated", cat))
        else:
            pair_buckets = (("year-all", cat, d.year), ("year", cat, d.year), ("dated", cat))
        self.day_bucket_of.append(day)
        self.pair_buckets_of.append(pair_buckets)

    def join(self, i: int, c: Cluster, m: Mention) -> None:
        """Register mention m's keys and sentence with cluster i (called before m's keys are added to c)."""
        new = self._role_keys(m, fresh=False)
        old = self.keys_of[i]
        pairs: set | tuple = ()
        if old is not None and self._pairs_wanted(i):  # else no later lookup reads its pairs or its keys here
            pairs = _key_pairs(*new) if not c.mentions else _new_pairs(old, new)
            for role, keys in zip(old, new, strict=True):
                role |= keys
        self._register(i, new, pairs)
        if c.event_date is None:
            self.by_sentence[(c.category, m.dup_key, m.sentence)].append(i)

    def _register(self, i: int, keys: tuple[set, set, set], pairs, *, seeded: bool = False) -> None:
        """Add cluster i to the buckets of ``keys`` (a joining mention's role keys, or all of a ``seeded`` cluster's)
        and of the key ``pairs`` new to it."""
        day = self.day_bucket_of[i]
        if day is not None and self._wanted("day"):
            by_key = self.by_key.setdefault(day, {})
            for role_keys in keys:
                for k in role_keys:
                    if not _is_country(k[1]):
                        by_key.setdefault(k, set()).add(i)
            by_day_pair = self.by_pair.setdefault(day, {})
            c = self.clusters[i]
            if seeded:
                new_pairs = _country_pairs(keys)
            elif not c.mentions:  # a new cluster: its pairs are those its mention was looked up by
                new_pairs = self._country_pairs(keys)
            else:
                new_pairs = _new_country_pairs(c, keys)
            for pair in new_pairs:
                by_day_pair.setdefault(pair, set()).add(i)
        if not pairs:
            return
        for bucket in self.pair_buckets_of[i]:
            if not self._wanted(bucket[0]):
                continue
            by_pair = self.by_pair.setdefault(bucket, {})
            for pair in pairs:
                by_pair.setdefault(pair, set()).add(i)

    def levels(self, m: Mention, tolerance_days: int) -> list[set[int]]:
        """The candidate clusters of m by the score they would get if accepted: [3, 2, 1]."""
        out: list[set[int]] = [set(), set(), set()]
        for level, _gap_days, group in self.ordered(m, tolerance_days):
            out[3 - level] |= group
        return out

    def ordered(self, m: Mention, tolerance_days: int):
        """m's candidate clusters in the order ``_best_of_all`` ranks them, as (level, gap, clusters): levels 3, 2,
        1 (the score a cluster would get), within a level by gap (``_gap``); the clusters of one yield are ranked by
        creation (ascending index).  Lazy: a level's sets are built only when the levels above held no cluster that
        accepts.  In a day bucket every cluster has the bucket's day, so its gap is the bucket's: the clusters are
        ranked by set operations per bucket, never one by one (a frequent key holds hundreds of clusters a day)."""
        day_buckets, pair_buckets = _lookup_buckets(m, tolerance_days)
        keys = self._role_keys(m, fresh=True)
        found = self._strict(m, pair_buckets, keys, tolerance_days) if pair_buckets else {}
        if day_buckets:
            for (level, gap), group in self._loose(m, day_buckets, keys).items():
                found[(level, gap)] = found[(level, gap)] | group if (level, gap) in found else group
        if not found:  # most reports: no cluster to rank
            return
        for level in (3, 2, 1):
            for gap in sorted(gap for lev, gap in found if lev == level):
                yield level, gap, found[(level, gap)]

    def _loose(self, m: Mention, day_buckets, keys: tuple[set, set, set]) -> dict:
        """(level, gap) -> clusters of the day buckets that ``_loose_level`` accepts: those holding one of m's entity
        keys in the same role, or a pair of its country keys in two roles (``_country_pairs``); a country key alone
        finds nothing (the clusters of a frequent country are hundreds a day, and one shared country is no
        evidence)."""
        by_key, by_pair = self.by_key, self.by_pair
        singles = [k for role in keys for k in role if not _is_country(k[1])]
        pairs = self._country_pairs(keys)
        out: dict[tuple[int, int], set[int]] = defaultdict(set)
        clusters = self.clusters
        pub = m.published_day
        for b in day_buckets:
            found: set[int] = set()
            keyed, paired = by_key.get(b, {}), by_pair.get(b, {})
            for k in singles:
                found |= keyed.get(k, set())
            for pair in pairs:
                found |= paired.get(pair, set())
            gap = abs((b[2] - pub).days) if pub else 10**6
            for i in found:
                level = _loose_level(clusters[i], m)
                if level:
                    out[(level, gap)].add(i)
        return out

    def _strict(self, m: Mention, pair_buckets, keys: tuple[set, set, set], tolerance_days: int) -> dict:
        """(level, gap) -> clusters, of the clusters found by key pair (they share two keys: few) and, for an
        undated mention, by sentence; less the day-dated ones m's report precedes, which ``_score`` rejects (a
        year-dated report found every cluster of its year sharing a pair, and scored the later ones in vain)."""
        first, second, place = keys
        symmetric = m.category in SYMMETRIC
        by_pair = self.by_pair
        pairs = _key_pairs(first, second, place)
        paired = [by_pair[b] for b in pair_buckets if b in by_pair]
        strict = set().union(*(bucket[p] for p in pairs for bucket in paired if p in bucket))
        levels: dict[int, int] = {}
        clusters, pub = self.clusters, m.published_day
        latest = pub + timedelta(days=tolerance_days) if pub is not None else None
        for i in strict:
            c = clusters[i]
            if latest is not None and c is not None and c.precision in _LOOSE and (c.event_date or pub) > latest:
                continue  # m's report precedes c's day: _reported_before rejects it (a year-dated report, most)
            f, s, p = self.keys_of[i]
            level_sets = (first & f, second & s, place & p)
            if symmetric:
                shared = len(level_sets[0])
                level_sets = (shared >= 1, shared >= 2, bool(level_sets[2]))
            levels[i] = sum(1 for hit in level_sets if hit)
        if m.event_date is None:
            for i in self.by_sentence.get((m.category, m.dup_key, m.sentence), ()):
                levels[i] = 3
        out: dict[tuple[int, int], set[int]] = defaultdict(set)
        for i, level in levels.items():
            if level:
                out[(level, _gap(clusters[i], pub))].add(i)
        return out


def _order_key(m: Mention) -> tuple:
    return (
        CLUSTER_RANK[m.precision],
        m.published_at is None,
        m.published_at or datetime.min,
        m.doc_id,
        m.sentence_idx,
        m.category,
    )


def cluster_mentions(
    mentions: list[Mention], *, tolerance_days: int = TOLERANCE_DAYS, use_index: bool = True
) -> list[Cluster]:
    """Greedy, order-independent clustering (see the module docstring).  ``use_index=False`` scores every
    cluster instead of the candidate index's (the reference the index must equal; for tests)."""
    return _cluster(mentions, [], tolerance_days=tolerance_days, use_index=use_index)


def _gap(c: Cluster, pub: date | None) -> int:
    """Days between a cluster's date and a report's day (a report-dated mention most likely reports the news of
    its day: the nearest cluster is preferred); 10**6 when either has none."""
    return abs((c.event_date - pub).days) if (pub and c.event_date) else 10**6


def _best_of_all(clusters: list[Cluster], m: Mention, tolerance_days: int) -> int | None:
    """The cluster m joins, by scoring every cluster: the highest score, then the smallest gap, then the first."""
    best, best_key = None, None
    pub = m.published_day
    for i, c in enumerate(clusters):
        s = _score(c, m, tolerance_days)
        if not s:
            continue
        key = (-s, _gap(c, pub), i)
        if best_key is None or key < best_key:
            best, best_key = i, key
    return best


def _first_accepting(index: _ClusterIndex, m: Mention, tolerance_days: int) -> int | None:
    """The cluster m joins (that of ``_best_of_all``), scoring the index's candidates best first."""
    clusters = index.clusters
    for _level, _gap_days, group in index.ordered(m, tolerance_days):
        first = min(group)
        if clusters[first] is None:  # retired: no mention after its last lookup may find it (a bug if it does)
            raise AssertionError(
                f"retired cluster {first} found by a later mention"
            )  # usually accepted: the rest are ranked only when it is not
        if _score(clusters[first], m, tolerance_days):
            return first
        for i in sorted(group):
            if i != first and _score(clusters[i], m, tolerance_days):
                return i
    return None


def _cluster(
    mentions: list[Mention], seeds: list[Cluster], *, tolerance_days: int, use_index: bool = True
) -> list[Cluster]:
    """cluster_mentions after the clusters ``seeds`` (formed earlier in the same order): the seeds first, then
    the clusters the mentions open."""
    ordered = sorted(mentions, key=lambda m: (*_order_key(m), m.order))
    return [c for part in _clustered(ordered, seeds, tolerance_days=tolerance_days, use_index=use_index) for c in part]


def _clustered(
    ordered,
    seeds: list[Cluster],
    *,
    tolerance_days: int,
    use_index: bool = True,
    retire: bool = False,
    datings=None,
    batch: int = 20_000,
):
    """The clustering of ``_cluster`` over mentions already in clustering order (any iterable, read once), yielding
    lists of finished clusters: all of them at the end, in creation order; with ``retire`` (and the index), in
    batches of about ``batch`` (so that event rows are built a batch at a time), on the way and at the end, each
    cluster as soon as no later mention looks up any bucket it is in (``_ClusterIndex.retire_step``), so that a
    group's clusters and mentions are not all alive at once (a report-dated mention looks up the day buckets of its
    own day and the day either side only).  Retired
    clusters are dropped from the index; the clusters, and which mention joins which, are those of one pass.
    ``datings``: ``_Dating`` of the mentions in the same order (by default read from ``ordered``, which must then
    be a list)."""
    clusters: list[Cluster | None] = list(seeds)
    index = _ClusterIndex(clusters)
    if use_index:
        index.plan(ordered if datings is None else datings, tolerance_days, buckets=retire)
    retire = retire and use_index
    for i, c in enumerate(clusters):
        index.seed(i, c)
    due: dict[int, list[int]] = defaultdict(list)  # step -> clusters that no mention after it can join
    finished: list[Cluster] = []
    for step, m in enumerate(ordered):
        index.step = step
        pub = m.published_day
        best = _first_accepting(index, m, tolerance_days) if use_index else _best_of_all(clusters, m, tolerance_days)
        if best is None:
            best = len(clusters)
            clusters.append(
                Cluster(category=m.category, event_date=m.event_date, precision=m.precision, published_day=pub)
            )
            index.add(best, clusters[best], m)
            if retire and (last := index.retire_step(best)) is not None:
                due[max(last, step)].append(best)
        else:
            index.join(best, clusters[best], m)
        c = clusters[best]
        c.identities = None
        c.mentions.append(m)
        c.actor_codes.update(m.actor_codes)
        c.recipient_codes.update(m.recipient_codes)
        c.actor_keys |= m.actor_keys
        c.recipient_keys |= m.recipient_keys
        c.place_keys |= m.place_keys
        c.sentences.add((m.dup_key, m.sentence))
        if pub is not None and (c.earliest_day is None or pub < c.earliest_day):
            c.earliest_day = pub
        if retire and step in due:
            for i in due.pop(step):
                finished.append(clusters[i])
                clusters[i] = None
                index.forget(i)
            if len(finished) >= batch:
                yield finished
                finished = []
                index.sweep()
    rest = finished + [c for c in clusters if c is not None]
    clusters.clear()
    if not retire:
        yield rest
        return
    while rest:  # in batches too: the event rows of one batch are built at a time
        yield rest[:batch]
        del rest[:batch]


# --------------------------------------------------------------------------------------------------
# Event rows
# --------------------------------------------------------------------------------------------------


def _event_dating(c: Cluster, ms: list[Mention]) -> tuple[date | None, str, str | None, str]:
    """(event_date, date_precision, date_text, date_source) of a cluster: its date, from the first of its
    mentions dated so (a sentence's date, else the report's day); none when it has no date."""
    if c.event_date is None:
        return None, "unresolved", None, "none"
    if c.precision == "report":
        return c.event_date, "report", None, "report"
    dated = [m for m in ms if m.precision == c.precision and m.event_date == c.event_date and m.date_text]
    first = dated[0] if dated else None
    return c.event_date, c.precision, first.date_text if first else None, first.date_source if first else "sentence"


def _event_place(ms: list[Mention]) -> Mention | None:
    """The mention whose place the event takes: a sentence's place before the dateline's before the
    document's; then how it attaches, its precision, then document order."""
    return min(
        (m for m in ms if m.place),
        default=None,
        key=lambda m: (
            GEO_SOURCE_RANK[m.place_source],
            RELATION_RANK.get(m.place_relation or "", 3),
            GEO_RANK[m.place["geo_precision"]],
            m.doc_id,
            m.sentence_idx,
        ),
    )


def build_events(doc_ids, docs, documents, entities, entity_mentions, **kwargs) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Events of already parsed documents whose entity mentions are linked already (small inputs, tests and
    benchmarks): event_candidates per document, then link_events."""
    from transforms.extract.events.mentions import EVENT_CANDIDATES_SCHEMA, event_candidates

    by_doc: dict[str, list[dict]] = {}
    for m in entity_mentions.iter_rows(named=True):
        by_doc.setdefault(m["doc_id"], []).append(m)
    info = {r["doc_id"]: r for r in documents.iter_rows(named=True)}
    rows = []
    for doc_id, doc in zip(doc_ids, docs, strict=True):
        if doc is None or not len(doc):
            continue
        row = info.get(doc_id, {})
        pub = row.get("published_at")
        published = pub.date() if pub is not None and row.get("published_precision") in ("second", "day") else None
        rows.extend(event_candidates(doc_id, doc, by_doc.get(doc_id, []), published))
    candidates = pl.DataFrame(rows, schema=EVENT_CANDIDATES_SCHEMA, orient="row")
    return link_events(candidates, documents, entities, entity_mentions, **kwargs)


def link_events(
    candidates: pl.DataFrame,
    documents: pl.DataFrame,
    entities: pl.DataFrame,
    entity_mentions: pl.DataFrame,
    *,
    paragraphs: pl.DataFrame | None = None,
    tolerance_days: int = TOLERANCE_DAYS,
    min_confidence: float = 0.0,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Events clustered across documents and their mentions: (TABLES['events'], TABLES['event_mentions']).

    ``candidates``: event candidates of every document (EVENT_CANDIDATES_SCHEMA, extract stage);
    ``documents``: doc_id, published_at, dup_cluster_id, dup_of (published_precision when known) of those
    documents; ``paragraphs``: the paragraphs table (doc_id, first_doc_id, is_repeat), for documents without
    a publication date to borrow one (``publication_days``).
    """
    index = EntityIndex(entities, entity_mentions)
    linked = link_mentions(with_parties(candidates), documents, index, paragraphs, tolerance_days=tolerance_days)
    mentions = [m for m in linked if m.confidence >= min_confidence]
    by_group: dict[tuple, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_group[mention_group(m)].append(m)
    parts = [
        event_tables(clusters)
        for clusters in cluster_groups(
            sorted(by_group, key=group_order),
            by_group.__getitem__,
            dayless_keys(mentions),
            tolerance_days=tolerance_days,
        )
    ]
    return finish_event_tables([p[0] for p in parts], [p[1] for p in parts])


# --------------------------------------------------------------------------------------------------
# At corpus scale: groups that never share an event, compact rows between the passes
# --------------------------------------------------------------------------------------------------
#
# Which mentions can meet (``_score``): only of one category; a dated mention only a cluster dated in the same
# year (``_dates_compatible``: never across years; a dated mention never joins an undated cluster nor the
# reverse); an undated mention only undated clusters, except a dayless one (``_dayless``: no date and no
# report day), which may join a dated cluster of any year sharing a key.  Every dated mention comes before
# every undated one in the clustering order (``CLUSTER_RANK``: "unresolved" last).  So the clusters are the
# same when each (category, year) group of dated mentions is clustered alone, and then each category's undated
# mentions after the dated clusters their dayless mentions could join (those sharing a key with one of them),
# formed already, in their order.  Cluster order (ties of event_id, the sort of the published tables) is kept
# by sorting on the order of each cluster's first mention (``_CREATED``).
#
# Within a group, a cluster can be joined only by a mention that looks up a bucket it is in (``_ClusterIndex``):
# its day bucket, or its month, year or "dated" pair buckets.  The group's mentions are known before it is
# clustered, so the last step looking up each bucket is known (``_ClusterIndex.plan``), and a dated cluster is
# final after the last of its buckets' steps (``_clustered`` with ``retire``).  Report-dated mentions, two thirds
# of all and clustered after the day-, month- and year-dated ones in publication order, look up the buckets of
# their own day and the days either side only: the clusters of earlier days are handed out as the clustering
# moves on, and the group's rows are made into Mention objects a chunk at a time (``mentions_in_order``), so a
# group of millions of mentions is never alive as objects at once.


def mention_group(m: Mention) -> tuple[str, int | None]:
    """(category, year) of a dated mention, (category, None) of an undated one."""
    return m.category, (m.event_date.year if m.event_date is not None else None)


def group_order(group: tuple[str, int | None]) -> tuple:
    """Each category's dated groups (by year) before its undated one."""
    category, year = group
    return category, year is None, year or 0


def dayless_keys(mentions) -> dict[str, set[str]]:
    """category -> the participant and place keys of its dayless mentions (``_dayless``)."""
    out: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if _dayless(m):
            out[m.category] |= _ClusterIndex._keys(m)
    return out


def cluster_groups(groups, load, dayless: dict[str, set[str]], *, tolerance_days: int = TOLERANCE_DAYS):
    """Clusters of every group, a group at a time (the same clusters as cluster_mentions over all mentions).

    ``groups``: the (category, year) groups in ``group_order``; ``load(group)``: that group's mentions, as Mention
    objects or as LINKED_SCHEMA rows (then made into objects a chunk at a time in clustering order, and the
    clusters yielded as they are finished: ``_clustered`` with ``retire``); ``dayless``: ``dayless_keys`` of all
    mentions.  Yields lists of finished clusters; a dated cluster that a dayless mention of its category could join
    is held back and yielded with that category's undated group (or after the category's last group)."""
    held: list[Cluster] = []
    category = None
    for group in groups:
        if group[0] != category:
            if held:
                yield held
            held, category = [], group[0]
        parts = _clusters_of(load(group), [] if group[1] is not None else held, tolerance_days)
        if group[1] is None:
            held = []
            yield from parts
            continue
        keys = dayless.get(category, ())
        for part in parts:
            done = []
            for c in part:
                # each role's keys on their own: the union of a cluster's keys was a set made for every cluster
                if keys and not (
                    keys.isdisjoint(c.actor_keys)
                    and keys.isdisjoint(c.recipient_keys)
                    and keys.isdisjoint(c.place_keys)
                ):
                    held.append(c)
                else:
                    done.append(c)
            yield done
    if held:
        yield held


def _clusters_of(mentions, held: list[Cluster], tolerance_days: int):
    """The clusters of one group's mentions (a list of Mention objects or LINKED_SCHEMA rows) after the clusters
    ``held`` from earlier groups, in parts (``_clustered``)."""
    seeds = sorted(held, key=lambda c: (*_order_key(c.mentions[0]), c.mentions[0].order))
    if not isinstance(mentions, pl.DataFrame):
        return [_cluster(mentions, seeds, tolerance_days=tolerance_days)]
    rows = ordered_rows(mentions)
    return _clustered(
        mentions_in_order(rows), seeds, tolerance_days=tolerance_days, retire=True, datings=datings_of(rows)
    )


# A cluster's position in the clustering order: its first mention's _order_key and candidate row (hidden
# columns, sorted on with the primary key so that tables built group by group keep the order of one pass).
_CREATED = {
    "_rank": pl.Int64(),
    "_unpublished": pl.Boolean(),
    "_published": pl.Datetime("us", "UTC"),
    "_doc": pl.String(),
    "_sentence": pl.Int64(),
    "_category": pl.String(),
    "_order": pl.Int64(),
}


def _created(m: Mention) -> tuple:
    return (
        CLUSTER_RANK[m.precision],
        m.published_at is None,
        m.published_at,
        m.doc_id,
        m.sentence_idx,
        m.category,
        m.order,
    )


def event_tables(clusters: list[Cluster], rows: pl.DataFrame | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Event rows and event-mention rows of clusters, each with the hidden ``_CREATED`` columns (and
    ``_position``, a mention's place in its cluster); ``finish_event_tables`` sorts and drops them.

    The rows of a per-cluster reference (``_event_row``, with ``_earliest`` and ``_ranked_ids``, in
    tests/test_event_rows.py), built on columns: the mentions' fields are read once into a frame (``_members``)
    and each event column is a group-by over it, with the reference's order and tie-breaks as sort keys; only the event's place and date (``_event_place``,
    ``_event_dating``), its id and its confidence's rounding stay per cluster in Python.  Building every row in
    Python was a fifth of the events stage.  ``rows``: LINKED_SCHEMA rows the mentions were made from (by their
    ``order``), whose columns are taken instead of the mentions' fields when they hold every mention."""
    ev_schema = TABLES["events"].schema | _CREATED
    em_schema = TABLES["event_mentions"].schema | _CREATED | {"_position": pl.Int64()}
    if not clusters:
        return pl.DataFrame(schema=ev_schema), pl.DataFrame(schema=em_schema)
    members = _members(clusters, rows)
    heads = _cluster_heads(clusters).join(_earliest_members(members), on="_cluster", how="left")
    heads = heads.with_columns(
        pl.Series("event_id", _event_ids(heads), dtype=pl.String()),
        pl.Series("confidence", _noisy_or(members, heads.height), dtype=pl.Float64()),
    )
    per_role = [_ranked(members, name, out) for name, out in _RANKED_COLUMNS.items()]
    chosen = [_chosen_text(members, role) for role in ("actor", "recipient")]
    counts = members.group_by("_cluster").agg(
        pl.len().cast(pl.Int64).alias("n_mentions"),
        pl.col("dup_key").n_unique().cast(pl.Int64).alias("n_documents"),
        pl.col("fatalities").max().alias("fatalities"),
        pl.col("published_at").min().alias("first_reported_at"),
    )
    for part in (counts, *per_role, *chosen):
        heads = heads.join(part, on="_cluster", how="left")
    created = members.filter(pl.col("_position") == 0).select("_cluster", *_created_columns())
    ev = heads.join(created, on="_cluster", how="left").sort("_cluster")
    em = members.join(ev.select("_cluster", "event_id", *_CREATED), on="_cluster", how="left")
    em = em.sort("_cluster", "_position")
    return ev.select([pl.col(n).cast(t) for n, t in ev_schema.items()]), em.select(
        [pl.col(n).cast(t) for n, t in em_schema.items()]
    )


# The Mention fields event rows read (``_members``), typed as in LINKED_SCHEMA.
_MEMBER_FIELDS = (
    "doc_id",
    "sentence_idx",
    "char_start",
    "char_end",
    "sentence",
    "category",
    "trigger",
    "precision",
    "actor_text",
    "actor_ids",
    "actor_codes",
    "recipient_text",
    "recipient_ids",
    "recipient_codes",
    "fatalities",
    "published_at",
    "dup_key",
    "confidence",
    "cameo_code",
    "order",
)
# Role lists ranked over an event's mentions (``_ranked_ids``): the mentions' column -> the event's.
_RANKED_COLUMNS = {
    "actor_ids": "actor_entity_ids",
    "actor_codes": "actor_codes",
    "recipient_ids": "recipient_entity_ids",
    "recipient_codes": "recipient_codes",
}


def _members(clusters: list[Cluster], rows: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per mention of the clusters: ``_cluster`` (its index in ``clusters``), ``_position`` (its place in
    the cluster's mentions, the joining order), ``_read`` (its place in the order ``_event_row`` reads them: by
    document and sentence, ties in joining order) and the ``_MEMBER_FIELDS``: gathered from ``rows`` by ``order``
    when they hold every mention (made into Python values and back, the fields were a third of the event rows),
    else read from the mentions."""
    mentions = [m for c in clusters for m in c.mentions]
    sizes = [len(c.mentions) for c in clusters]
    columns = {
        "_cluster": [i for i, n in enumerate(sizes) for _ in range(n)],
        "_position": [j for n in sizes for j in range(n)],
    }
    schema = {name: LINKED_SCHEMA[name] for name in _MEMBER_FIELDS} | {"_cluster": pl.Int64(), "_position": pl.Int64()}
    frame = None
    if rows is not None:
        keys = pl.DataFrame({"order": [m.order for m in mentions], **columns}, schema_overrides={"order": pl.Int64()})
        found = keys.join(rows.select(_MEMBER_FIELDS), on="order", how="inner", maintain_order="left")
        if found.height == len(mentions):  # orders are unique (``unique_orders``): every mention found once
            codes = [pl.col(n).fill_null(pl.lit([], pl.List(pl.String()))) for n in ("actor_codes", "recipient_codes")]
            frame = found.with_columns(codes).select(list(schema))
    if frame is None:
        columns |= {name: list(map(attrgetter(name), mentions)) for name in _MEMBER_FIELDS}
        frame = _columns_frame(columns, schema)
    frame = frame.sort("_cluster", "doc_id", "sentence_idx", "_position")
    return frame.with_row_index("_read").with_columns(pl.col("_read").cast(pl.Int64))


def _cluster_heads(clusters: list[Cluster]) -> pl.DataFrame:
    """_cluster -> event_type, quad_class and the event's date and place (``_event_dating``, ``_event_place``,
    per cluster over its mentions in document order, as ``_event_row`` calls them)."""
    dating, places, sources = [], [], []
    for c in clusters:
        ms = c.mentions if len(c.mentions) == 1 else sorted(c.mentions, key=lambda m: (m.doc_id, m.sentence_idx))
        dating.append(_event_dating(c, ms))
        placed = _event_place(ms)
        places.append(placed.place if placed else None)
        sources.append(placed.place_source if placed else "none")
    columns: dict[str, list] = {
        "_cluster": list(range(len(clusters))),
        "event_type": [c.category for c in clusters],
        "quad_class": [PLOVER_QUAD_CLASS[c.category] for c in clusters],
    }
    for j, name in enumerate(("event_date", "date_precision", "date_text", "date_source")):
        columns[name] = [d[j] for d in dating]
    for name, key in _EVENT_PLACE_COLUMNS.items():
        columns[name] = [p[key] if p else None for p in places]
    columns["geo_precision"] = [p["geo_precision"] if p else "none" for p in places]
    columns["geo_source"] = sources
    schema = {"_cluster": pl.Int64()} | {name: EVENTS_SCHEMA[name] for name in columns if name != "_cluster"}
    return _columns_frame(columns, schema)


# The event's place columns: the place's fields (``_event_row``).
_EVENT_PLACE_COLUMNS = {
    "location_entity_id": "entity_id",
    "location_name": "name",
    "country_code": "country_code",
    "latitude": "latitude",
    "longitude": "longitude",
}


def unique_orders(rows: pl.DataFrame) -> pl.DataFrame | None:
    """The ``_MEMBER_FIELDS`` of LINKED_SCHEMA rows, for ``event_tables`` to gather from; None when two rows share
    an ``order`` (a mention would not be found by it)."""
    return rows.select(_MEMBER_FIELDS) if rows["order"].n_unique() == rows.height else None


def _earliest_members(members: pl.DataFrame) -> pl.DataFrame:
    """_cluster -> the first report's doc_id, char_start, cameo_code and sentence (``_earliest``: by publication
    time, unpublished last, then document and sentence, ties in joining order)."""
    return (
        members.sort(
            "_cluster", pl.col("published_at").is_null(), "published_at", "doc_id", "sentence_idx", "_position"
        )
        .group_by("_cluster", maintain_order=True)
        .first()
        .select("_cluster", "category", "doc_id", "char_start", "cameo_code", pl.col("sentence").alias("evidence"))
    )


def _event_ids(heads: pl.DataFrame) -> list[str]:
    """``stable_id("event", category, doc_id, char_start)`` of each event's first report (``_event_row``)."""
    return stable_ids("event", *(heads[name].to_list() for name in ("event_type", "doc_id", "char_start")))


def _noisy_or(members: pl.DataFrame, n_clusters: int) -> list[float]:
    """Each event's confidence (``_event_row``): the noisy-OR of its reports' best mentions (one per duplicate
    cluster, in the order they first appear), capped at 0.99 and rounded; the products in Python, so that the
    floats are those of the reference (a polars product may multiply in another order)."""
    per_dup = (
        members.group_by("_cluster", "dup_key")
        .agg(pl.col("confidence").max(), pl.col("_read").min())
        .sort("_cluster", "_read")
        .select("_cluster", pl.max_horizontal(pl.col("confidence"), pl.lit(0.0)).alias("_best"))
        .group_by("_cluster", maintain_order=True)
        .agg("_best")
    )
    out = [0.0] * n_clusters
    for cluster, best in per_dup.iter_rows():
        miss = 1.0
        for v in best:
            miss *= 1.0 - v
        out[cluster] = round(min(0.99, 1.0 - miss), 4)
    return out


def _ranked(members: pl.DataFrame, column: str, out: str) -> pl.DataFrame:
    """_cluster -> ``_ranked_ids`` of the mentions' lists in ``column`` (most frequent first, ties by first
    appearance in document order), null when empty."""
    exploded = (
        members.filter(pl.col(column).list.len() > 0)
        .sort("_read")
        .select("_cluster", pl.col(column).alias(out))
        .explode(out)
        .with_row_index("_at")
    )
    return (
        exploded.group_by("_cluster", out)
        .agg(pl.len().alias("_n"), pl.col("_at").min())
        .sort("_cluster", "_n", "_at", descending=[False, True, False])
        .group_by("_cluster", maintain_order=True)
        .agg(out)
    )


def _chosen_text(members: pl.DataFrame, role: str) -> pl.DataFrame:
    """_cluster -> <role>_text: that of the mention naming the most entities in the role, then the most
    confident, ties in document order (``_event_row``)."""
    text = pl.col(f"{role}_text")
    return (
        members.filter(text.is_not_null() & (text != ""))
        .sort(
            "_cluster", pl.col(f"{role}_ids").list.len(), "confidence", "_read", descending=[False, True, True, False]
        )
        .group_by("_cluster", maintain_order=True)
        .first()
        .select("_cluster", text)
    )


def _created_columns() -> list[pl.Expr]:
    """``_created`` of a mention, as the ``_CREATED`` columns."""
    return [
        pl.col("precision").replace_strict(CLUSTER_RANK, return_dtype=pl.Int64).alias("_rank"),
        pl.col("published_at").is_null().alias("_unpublished"),
        pl.col("published_at").alias("_published"),
        pl.col("doc_id").alias("_doc"),
        pl.col("sentence_idx").alias("_sentence"),
        pl.col("category").alias("_category"),
        pl.col("order").alias("_order"),
    ]


def _columns_frame(columns: dict[str, list], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """A frame of Python value lists: lists and times through Arrow (polars converts a list of lists element by
    element, and time-zoned datetimes five times slower, Arrow in one call), other values by polars (twice as
    fast as Arrow for strings)."""
    return pl.DataFrame([_series(name, columns[name], dtype) for name, dtype in schema.items()])


def _series(name: str, values: list, dtype: pl.DataType) -> pl.Series:
    if isinstance(dtype, pl.List | pl.Datetime):
        return pl.Series(name, pa.array(values, type=_arrow_type(dtype))).cast(dtype)
    return pl.Series(name, values, dtype=dtype)


def finish_event_tables(events: list[pl.DataFrame], mentions: list[pl.DataFrame]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The published events and event_mentions of ``event_tables`` parts: sorted by primary key, ties in the
    order of one clustering pass (the order of cluster creation, then of joining)."""
    te, tm = TABLES["events"], TABLES["event_mentions"]
    created = list(_CREATED)
    ev = pl.concat(events) if events else pl.DataFrame(schema=te.schema | _CREATED)
    em = pl.concat(mentions) if mentions else pl.DataFrame(schema=tm.schema | _CREATED | {"_position": pl.Int64()})
    ev = ev.sort([*te.primary_key, *created], nulls_last=True)
    em = em.sort([*tm.primary_key, *created, "_position"], nulls_last=True)
    events_out = te.conform(ev) if ev.height else te.empty()
    mentions_out = tm.conform(em) if em.height else tm.empty()
    return events_out, mentions_out


# Linked mentions as compact rows (written per partition of documents, read back per group).
LINKED_SCHEMA: dict[str, pl.DataType] = {
    "doc_id": pl.String(),
    "sentence_idx": pl.Int64(),
    "char_start": pl.Int64(),
    "char_end": pl.Int64(),
    "sentence": pl.String(),
    "category": pl.String(),
    "trigger": pl.String(),
    "strength": pl.Float64(),
    "mood": pl.String(),
    "event_date": pl.Date(),
    "precision": pl.String(),
    "date_text": pl.String(),
    "actor_text": pl.String(),
    "actor_ids": pl.List(pl.String()),
    "actor_keys": pl.List(pl.String()),
    "recipient_text": pl.String(),
    "recipient_ids": pl.List(pl.String()),
    "recipient_keys": pl.List(pl.String()),
    "has_place": pl.Boolean(),
    "place_entity_id": pl.String(),
    "place_name": pl.String(),
    "place_country_code": pl.String(),
    "place_latitude": pl.Float64(),
    "place_longitude": pl.Float64(),
    "place_geo_precision": pl.String(),
    "place_explicit": pl.Boolean(),
    "place_keys": pl.List(pl.String()),
    "fatalities": pl.Int64(),
    "published_at": pl.Datetime("us", "UTC"),
    "dup_key": pl.String(),
    "confidence": pl.Float64(),
    "cameo_code": pl.String(),
    "date_source": pl.String(),
    "report_date": pl.Date(),
    "actor_codes": pl.List(pl.String()),
    "recipient_codes": pl.List(pl.String()),
    "place_source": pl.String(),
    "place_relation": pl.String(),
    "order": pl.Int64(),
    "year": pl.Int64(),
}
_PLACE_FIELDS = ("entity_id", "name", "country_code", "latitude", "longitude", "geo_precision")
_SET_FIELDS = ("actor_keys", "recipient_keys", "place_keys")


def linked_rows(mentions: list[Mention]) -> pl.DataFrame:
    """Linked mentions as LINKED_SCHEMA rows (sets as sorted lists; ``year``: the event date's)."""
    columns: dict[str, list] = {}
    for name in LINKED_SCHEMA:
        if name == "has_place":
            columns[name] = [m.place is not None for m in mentions]
        elif name.startswith("place_") and name[6:] in _PLACE_FIELDS:
            key = name[6:]
            columns[name] = [m.place[key] if m.place is not None else None for m in mentions]
        elif name in _SET_FIELDS:
            columns[name] = [sorted(getattr(m, name)) for m in mentions]
        elif name == "year":
            columns[name] = [m.event_date.year if m.event_date is not None else None for m in mentions]
        else:
            columns[name] = [getattr(m, name) for m in mentions]
    # through Arrow: polars converts a Python list of lists element by element, Arrow in one call
    arrow = pa.table({name: pa.array(values, type=_ARROW_TYPES[name]) for name, values in columns.items()})
    return pl.from_arrow(arrow).cast(LINKED_SCHEMA)


def _arrow_type(dtype: pl.DataType):
    if dtype == pl.List(pl.String()):
        return pa.list_(pa.large_string())
    return {
        pl.String(): pa.large_string(),
        pl.Int64(): pa.int64(),
        pl.Float64(): pa.float64(),
        pl.Boolean(): pa.bool_(),
        pl.Date(): pa.date32(),
        pl.Datetime("us", "UTC"): pa.timestamp("us", tz="UTC"),
    }[dtype]


_ARROW_TYPES = {name: _arrow_type(dtype) for name, dtype in LINKED_SCHEMA.items()}


def mentions_from_rows(rows: pl.DataFrame) -> list[Mention]:
    """The Mention objects of LINKED_SCHEMA rows."""
    cols = {name: rows[name].to_list() for name in LINKED_SCHEMA}
    places = [
        dict(zip(_PLACE_FIELDS, values, strict=True)) if has else None
        for has, *values in zip(cols["has_place"], *(cols["place_" + f] for f in _PLACE_FIELDS), strict=True)
    ]
    for name in _SET_FIELDS:
        cols[name] = [set(v) for v in cols[name]]
    for name in ("actor_codes", "recipient_codes"):
        cols[name] = [v if v is not None else [] for v in cols[name]]
    cols["place"] = places
    cols["identities"] = [None] * rows.height
    return list(map(Mention, *(cols[f] for f in Mention.__dataclass_fields__)))


class _Dating(NamedTuple):
    """What the candidate index's lookups read of a mention (``_lookup_buckets``), without the mention."""

    category: str
    event_date: date | None
    precision: str
    published_day: date | None


def ordered_rows(rows: pl.DataFrame) -> pl.DataFrame:
    """LINKED_SCHEMA rows in clustering order: ``_order_key``, then ``order`` (as ``_cluster`` sorts Mentions)."""
    rank = pl.col("precision").replace_strict(CLUSTER_RANK, return_dtype=pl.Int64)
    return rows.sort(
        [rank, pl.col("published_at").is_null(), "published_at", "doc_id", "sentence_idx", "category", "order"]
    )


def datings_of(rows: pl.DataFrame) -> list[_Dating]:
    """``_Dating`` of LINKED_SCHEMA rows (``Mention.published_day``: the report's day, else the publication's)."""
    day = pl.coalesce(pl.col("report_date"), pl.col("published_at").dt.date())
    cols = rows.select("category", "event_date", "precision", day.alias("published_day"))
    return list(map(_Dating, *(cols[name].to_list() for name in _Dating._fields)))


def mentions_in_order(rows: pl.DataFrame, *, chunk: int = 50_000):
    """The Mention objects of LINKED_SCHEMA rows, in their order, made a chunk of rows at a time."""
    for part in rows.iter_slices(chunk):
        yield from mentions_from_rows(part)
