"""PLOVER event mentions per sentence: trigger, roles, date, place candidates and magnitude.

Linking roles and places to canonical entities, confidence and clustering are in transforms.link.events.

Confidence.  A mention's confidence is ``strength x roles x date``: ``strength`` is the trigger's
lexical strength (0.45 for a bare death, 0.9 for "killed", "demanded") times its mood factor (1.0
done, 0.95 reported in a that-clause, 0.85 stated intent or threat, 0.75 refusal); ``roles`` is
0.7 + 0.2 if the actor is known + 0.1 if a recipient or place is; ``date`` is 1.0 day, 0.95 month,
0.9 year, 0.85 unresolved.  An event's confidence is the noisy-OR of its independent reports
(one per duplicate cluster, the best mention of each), capped at 0.99: 1 - prod(1 - c_i).  On the
PLOVER dev sentences top-1 type accuracy rises with confidence (see bench/results/events_plover.md).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import lru_cache, partial

import polars as pl

from transforms.extract.coref import Coreference, ancestors
from transforms.extract.events.actors import actor_codes, best_codes, mention_phrase
from transforms.extract.events.dates import (
    PERFECT_AUX,
    DateMention,
    Offset,
    ToldAct,
    across_temporal_clause,
    before_report,
    date_governor,
    describes_participant,
    find_dates,
    inside_time_adjunct,
    medium_governor,
    narrative_dates,
    narrative_time,
    offset_adjunct,
    paragraph_numbers,
    parallel_time,
    past_tense,
    points_back,
    shift_by_offset,
    undated_reason,
)
from transforms.extract.events.dictionary import lexicon, read_tsv
from transforms.extract.events.places import (
    SPEECH_ACTS,
    dateline,
    has_own_locative,
    incident_targets,
    object_place,
    part_of_a_word,
    place_relation,
    speaker_participle_place,
    target_state_place,
)
from transforms.extract.events.rejects import set_aside_rows, trigger_span
from transforms.extract.events.roles import (
    agent_filler,
    core_tokens,
    fatalities,
    is_passive,
    named_countries,
    on_actor_side,
    role_candidates,
    same_state,
    span_text,
)
from transforms.extract.events.setting import LEAD_SENTENCE, REALIS, SCENE_CATEGORIES, Act, NarrativeSetting, OwnTime
from transforms.extract.events.story import political_sentence_count
from transforms.extract.events.triggers import REPORTING, detect_triggers
from transforms.gazetteer import country_code, lookup_place
from transforms.nlp.sentences import trimmed_span

PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "unresolved": 3}
# The sentence that completes the story's Summary after the lede (van Dijk 1988; ``setting.OCCASION_SENTENCES``),
# where a present perfect still tells the day's news (``dates.undated_reason``).
SUMMARY_SENTENCE = 1
# The finite perfect auxiliaries: "having killed" is a participle clause, not an act told as done.
_FINITE_PERFECT_AUX = PERFECT_AUX - {"having"}
# Reporting verbs date the report, not the event they report.
DATE_BLOCKING = REPORTING - {"become", "know", "learn", "announce", "declare", "confirm"}
FATAL_CATEGORIES = {"ASSAULT", "COERCE", "CRIME", "PROTEST"}

# Output of event_candidates(): one row per (sentence, trigger), before entity linking and clustering.
# Roles and place candidates refer to entity mentions of the same document by mention_id, so linking
# needs only the corpus-wide mention -> entity table, never the parse.
# relation: event|participant|statement (transforms.extract.events.places.PLACE_CANDIDATE_SCHEMA, best first)
PLACE_CANDIDATE = pl.Struct({"mention_id": pl.String(), "relation": pl.String(), "distance": pl.Int64()})
EVENT_CANDIDATES_SCHEMA = {
    "doc_id": pl.String(),
    "sentence_idx": pl.Int64(),
    "char_start": pl.Int64(),
    "char_end": pl.Int64(),
    "sentence": pl.String(),
    "category": pl.String(),
    "cameo_code": pl.String(),  # CAMEO code of the pattern that matched (transforms.extract.events.coder)
    "trigger": pl.String(),
    # the trigger's offsets in the text (transforms.extract.events.rejects.trigger_span) and its dictionary line:
    # what an event_rejects row of a candidate the link stage leaves out gives
    "trigger_start": pl.Int64(),
    "trigger_end": pl.Int64(),
    "code_source": pl.String(),
    "strength": pl.Float64(),
    "mood": pl.String(),
    "event_date": pl.Date(),
    "precision": pl.String(),
    "date_text": pl.String(),
    # sentence|relative (the sentence dates it), none (an expression naming no date, or no publication
    # date), report (no date in the sentence: the report's day, report_date)
    "date_source": pl.String(),
    "report_date": pl.Date(),
    "actor_text": pl.String(),
    "actor_mention_ids": pl.List(pl.String()),
    "actor_codes": pl.List(pl.String()),
    "recipient_text": pl.String(),
    "recipient_mention_ids": pl.List(pl.String()),
    "recipient_codes": pl.List(pl.String()),
    "place_candidates": pl.List(PLACE_CANDIDATE),
    # the document's dateline place ("ISLAMABAD —"): its name and the entity mention covering it, if any
    "dateline": pl.String(),
    "dateline_mention_id": pl.String(),
    "fatalities": pl.Int64(),
    # the story's sentences and those naming a state, a people or a political agent (transforms.extract.events.story)
    "story_sentences": pl.Int64(),
    "story_political_sentences": pl.Int64(),
}


_WORD = re.compile(r"[\w-]+")
_GENITIVE = re.compile(r"\b([\w-]+)['’]s$")


@lru_cache(maxsize=1)
def _back_reference_words() -> tuple[frozenset[str], frozenset[str]]:
    """(determiners, words whose ’s is no genitive) of ``refers_back``, from data/mood_words.tsv."""
    sets: dict[str, set[str]] = {}
    for r in read_tsv("mood_words.tsv"):
        if r["set"].startswith("back_reference_"):
            sets.setdefault(r["set"], set()).add(r["word"])
    return frozenset(sets["back_reference_determiners"]), frozenset(sets["back_reference_genitive_exclusions"])


def refers_back(sentence: str, trigger: str) -> bool:
    """The mention names its act by a definite event noun: the trigger's first word right after a definite or
    genitive determiner ("the attack", "their restrictions", "Tuesday’s attack", "Modi’s visit"), which marks the
    act as one the story told already (discourse-old: Prince 1981; Quirk et al. 5.115-5.120 on genitive
    determiners).  A verb never follows such a determiner, so the text alone tells a noun here; "that" is left out
    (a relative pronoun before a verb) and a pronoun's ’s (he’s = he has) is no genitive."""
    first = _WORD.search(trigger or "")
    if first is None or not sentence:
        return False
    determiners, not_genitive = _back_reference_words()
    for hit in re.finditer(rf"(?<![\w-]){re.escape(first.group())}(?![\w-])", sentence):
        before = sentence[: hit.start()].rstrip()
        if before == sentence[: hit.start()]:
            continue  # no space before the trigger: part of a longer token
        word = _WORD.findall(before[-40:])
        if not word:
            continue
        if word[-1].lower() in determiners and before.lower().endswith(word[-1].lower()):
            return True
        genitive = _GENITIVE.search(before)
        if genitive is not None and genitive.group(1).lower() not in not_genitive:
            return True
    return False


def _sentence_dates(doc, published: date | None, sents: list) -> list[list[tuple[object, DateMention]]]:
    """Per sentence: (root token, DateMention) pairs; "the next day" counts from the latest day-precise
    date earlier in the text."""
    context: date | None = None
    out = []
    # Span.ents walks the document's entities from its start on every access: collect each sentence's DATE
    # entities in one pass (per sentence it is quadratic: tens of minutes for a 1.5 M-character article).
    date_ents = [e for e in doc.ents if e.label_ == "DATE"]
    next_ent = 0
    for s in sents:
        found = []
        sentence_ents = []
        while next_ent < len(date_ents) and date_ents[next_ent].start < s.end:
            if date_ents[next_ent].start >= s.start and date_ents[next_ent].end <= s.end:
                sentence_ents.append(date_ents[next_ent])
            next_ent += 1
        for dm in find_dates(s, published, context=context, date_ents=sentence_ents):
            if dm.root_i is None:
                continue
            found.append((doc[dm.root_i], dm))
            if dm.precision == "day" and not dm.is_target:
                context = dm.date
        out.append(found)
    return out


def _anterior(anchor) -> bool:
    """The act is in the past perfect ("said it had rejected"): it came before the statement reporting it."""
    return anchor.tag_ == "VBN" and any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in ("had", "'d") for c in anchor.children
    )


def _across_relative_clause(anchor, gov, root) -> bool:
    """Is the act in a relative clause below ``gov`` that describes a participant ("adjourned on Wednesday the case
    of a journalist arrested over his interviews with a politician who criticized the president"), the date
    expression (its root token ``root``) lying outside the noun phrase the clause modifies?  A relative clause
    describes a participant of its matrix by an act whose time is its own, unstated unless the clause or its
    head noun gives it (Quirk et al. 17.9-17.15: the tense of a postmodifying clause is independent of the
    matrix's), so a date on the matrix verb does not date it; "the February 2020 pact the United States
    negotiated" is dated by its head's own modifier."""
    x = anchor
    for _ in range(40):
        if x.i == gov.i or x.head.i == x.i:
            return False
        if x.dep_ == "relcl" and describes_participant(x):
            head = x.head
            clause = {t.i for t in x.subtree}
            return not (head.left_edge.i <= root.i <= head.right_edge.i and root.i not in clause)
        x = x.head
    return False


def _event_date(doc, trig, dates, published: date | None = None):
    """(date, precision, text, source) of the date expression attached to the trigger; None source: none.

    Targets of a pledge or plan ("by 2050", "will meet on Friday") never date the event.  The nearest
    attachment wins (the trigger's own clause, then a governing verb), then the finest precision.  A date on a
    reporting verb dates the report, not the act it reports ("said on Monday that troops had attacked"), except
    for a speech act (``SPEECH_ACTS``: support, agreement, demand, criticism, rejection, threat) that is not
    anterior to the statement: saying it is the act (PLOVER codes verbal events when the statement is made), so
    "said on May 22 that Armenia has recognised ..." is dated May 22.  A promise or threat is dated by when it
    was made, never by when the act would happen.  Any other act in the simple past takes a reporting verb's
    date when that date lies before the report (``published``): "said last week that police arrested five".
    """
    anchor = doc[trig.anchor_i]
    noun = doc[trig.token_i]
    anc = ancestors(anchor)
    pledged = trig.mood in ("intent", "threat", "obligation")
    said_is_done = (trig.category in SPEECH_ACTS or pledged) and not _anterior(anchor)
    # A simple past reported under a past reporting verb is backshifted: it happened no later than the statement
    # (Reichenbach 1947; Quirk et al. 14.31), so a statement dated before the report dates it too (the report's
    # day cannot be the act's); a past perfect is anterior to the statement and stays undated.
    reported_past = not pledged and past_tense(anchor) and not _anterior(anchor)
    stops = {anchor.i, noun.i, *(x.i for x in anc)}
    best, best_key, earlier = None, None, None
    for root, r in dates:
        if r.is_target:
            continue
        if inside_time_adjunct(root, stops, (r.start, r.end)):
            # a date inside "after X was created in 2023" is X's time, not the act's; when it lies long before
            # the report, the act is set in that past (ordered after or before it), not on the report's day
            if earlier is None and (before_report(r, published) or (r.date is None and r.source == "sentence")):
                earlier = r
            continue
        gov = medium_governor(date_governor(root))
        direct = gov.i in (anchor.i, noun.i) or any(x.i == noun.i for x in [root, *ancestors(root)][:4])
        up = any(x.i == gov.i for x in anc) and not across_temporal_clause(anchor, gov)
        if up and not direct and _across_relative_clause(anchor, gov, root):
            # the matrix is set at a time the relative clause's act does not share, and its own is not given
            earlier = earlier or r
            continue
        if direct and (not pledged or points_back(r)):  # a past-pointing date dates the pledge itself
            rank = 0
        elif up and gov.lemma_.lower() not in DATE_BLOCKING:
            rank = 1
        elif up and said_is_done:
            rank = 2
        elif up and reported_past and ((r.precision == "day" and before_report(r, published)) or points_back(r)):
            # "officials said last week / on Feb. 24 that police arrested five": no later than the statement, and
            # a statement of a recent or given day reports a recent act; "said in 2019 that ..." stays undated
            rank = 3
        elif up and _anterior(anchor) and (before_report(r, published) or points_back(r)):
            earlier = earlier or r  # "said last week that police had arrested five": before it, not when
            continue
        else:
            continue
        key = (rank, PRECISION_RANK[r.precision])
        if best_key is None or key < best_key:
            best, best_key = r, key
    if best is None and earlier is not None:
        return None, "unresolved", earlier.text, "none"
    if best is None:
        return None, "unresolved", None, None
    return best.date, best.precision, best.text, (best.source if best.date is not None else "none")


def _main_clause_time(doc, off: Offset, dates, published: date | None) -> tuple[date | None, str]:
    """(date, precision) of the main clause a measured time adjunct hangs from: its own date expression or one
    on a clause governing it ("said Wednesday a ... operation rescued 190 passengers, a day after an attack"),
    else the report's day ("His comments come two days after ..."); expressions inside the adjunct are the
    adjunct's own."""
    main = off.main
    inside = {t.i for t in off.adjunct.subtree}
    above = [main, *ancestors(main)]
    stops = {x.i for x in above}
    best, best_key = None, None
    for root, r in dates:
        if r.is_target or r.date is None or root.i in inside or inside_time_adjunct(root, stops, (r.start, r.end)):
            continue
        gov = date_governor(root)
        rank = next((k for k, x in enumerate(above) if x.i == gov.i), None)
        if rank is None:
            continue
        key = (rank, PRECISION_RANK[r.precision])
        if best_key is None or key < best_key:
            best, best_key = r, key
    if best is not None:
        return best.date, best.precision
    return published, "report"


def _offset_date(doc, trig, dates, published: date | None):
    """The date of an act inside a measured time adjunct ("two days after Erdogan denounced Israel", "a day
    after an attack on a train"): its own date expression if it has one, else the main clause's time shifted by
    the measure (dates.offset_adjunct; Reichenbach's reference time is the main clause's, the adjunct's act lies
    the measured distance before or after it); an act the adjunct's verb reports in the past perfect ("a day after
    the Taliban reported that they had barred him") lies before that report by an unstated time: undated.  None
    when the trigger is in no such adjunct."""
    off = offset_adjunct(doc[trig.anchor_i]) or offset_adjunct(doc[trig.token_i])
    if off is None:
        return None
    inside = {t.i for t in off.adjunct.subtree}
    own = _event_date(doc, trig, [(root, r) for root, r in dates if root.i in inside], published)
    if own[3] is not None:
        return own
    anchor = doc[trig.anchor_i]
    if anchor.i != off.adjunct.i and _anterior(anchor):
        # reported in the past perfect by the adjunct's verb: before that report, at a time not given
        return None, "unresolved", off.text, "none"
    day, precision = _main_clause_time(doc, off, dates, published)
    if day is None:
        return None, "unresolved", off.text, "none"
    shifted, precision = shift_by_offset(day, precision, off)
    return shifted, precision, off.text, ("relative" if shifted is not None else "none")


def _carried_adjunct_date(doc, trig, dates):
    """The date of an act measured from a dated time adjunct of its own clause ("took over the train hours after
    it left Quetta on Tuesday": Tuesday; "a week after the vote on May 2": May 9): the adjunct's date shifted by
    the measure, "hours" without a number counting as the same day.  Measured in days or more from a time the
    sentence does not date ("Three days after President Lai took office, China conducted drills"), the act is set
    at that distance from another event (Quirk et al. 9.41, 15.27), not at the report's time: (None,
    'unresolved', the measure's text, 'none').  None without such an adjunct."""
    anchor = doc[trig.anchor_i]
    for c in anchor.children:
        off = None
        if c.dep_ == "advcl" and c.pos_ in ("VERB", "AUX"):
            off = offset_adjunct(c)
        elif c.dep_ == "npadvmod":  # "a day after the vote" with "after" under the measure
            off = next((offset_adjunct(g) for p in c.children if p.dep_ == "prep" for g in p.children), None)
        elif c.dep_ == "prep":  # "a week after the vote" with the measure under "after"
            off = next((offset_adjunct(g) for g in c.children if g.dep_ == "pobj"), None)
        if off is None or off.main.i != anchor.i:
            continue
        inside = {t.i for t in off.adjunct.subtree}
        own = [r for root, r in dates if root.i in inside and not r.is_target and r.date is not None]
        if not own:
            if off.unit != "hour":  # "Three days after Lai took office, China conducted drills": from an undated time
                return None, "unresolved", off.text, "none"
            continue
        r = min(own, key=lambda r: PRECISION_RANK[r.precision])
        count = 0 if off.count is None and off.unit == "hour" else off.count
        shifted, precision = shift_by_offset(r.date, r.precision, replace(off, sign=-off.sign, count=count))
        return shifted, precision, f"{off.text} {r.text}", ("relative" if shifted is not None else "none")
    return None


# Dependents that stay in the phrase an actor is coded from: its modifiers, its prepositional phrases
# ("officials from Turkey", "protesters in Tehran"), appositions and conjuncts, not its relative clauses.
_CODING_LEFT = frozenset({"det", "amod", "compound", "poss", "case", "nmod", "nummod", "quantmod"})


def _coding_phrase(head, *, max_tokens: int = 16) -> str:
    """The head's noun phrase with its prepositional and appositive modifiers, for coding; just the
    head and its left modifiers when that phrase is discontinuous or long."""
    left = {head.i}
    for c in head.lefts:
        if c.dep_ in _CODING_LEFT:
            left.update(t.i for t in c.subtree)
    keep = set(left)
    for c in head.rights:
        if c.dep_ in ("prep", "appos", "cc", "conj") and not any(t.pos_ == "VERB" for t in c.subtree):
            keep.update(t.i for t in c.subtree)
    for part in (keep, left):
        a, b = min(part), max(part) + 1
        if b - a == len(part) and b - a <= max_tokens:
            return head.doc[a:b].text
    return head.text


def _mention_country(m: dict) -> str | None:
    """The country a mention names itself (a country, a place in it or a nationality), from the gazetteer."""
    if m["label"] not in ("GPE", "LOC", "FAC", "NORP"):
        return None
    code = country_code(m["text"])
    if code is None and m["label"] == "GPE":
        place = lookup_place(m["text"])
        code = place.country_code if place is not None else None
    return code


# A dateline: the story's first words in capitals, then a dash ("KYIV, UKRAINE —", "ISLAMABAD/PENTAGON —").
_DATELINE = re.compile(r"^\s*([A-Z][A-Z .'’-]+?)(?:[,/][A-Z .,'’/-]+)?\s+[—–-]+\s")


def context_country(text: str, mentions: list[dict], *, min_share: float = 0.5, min_count: int = 3) -> str | None:
    """The country a story is set in, for coding officials it names without a country ("the interior
    minister", "President X"): the country of the places and nationalities the story names when one
    clearly dominates (at least ``min_share`` of those mentions and ``min_count`` of them: news names the
    story's own country throughout, other countries in passing), else the dateline's country; None when
    neither says (never a guess).  The defaults were set by reading, not tuned on any annotated set."""
    counts: dict[str, int] = {}
    for m in mentions:
        code = _mention_country(m) if m["label"] in ("GPE", "NORP") else None
        if code:
            counts[code] = counts.get(code, 0) + 1
    if counts:
        top, n = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if n >= min_count and n / sum(counts.values()) >= min_share:
            return top
    head = _DATELINE.match(text[:80])
    if head:
        place = lookup_place(head.group(1).strip().title())
        if place is not None:
            return place.country_code
    return None


class _DocumentCodes:
    """CAMEO-style codes of role fillers, helped by the codes of the same name's titled mentions in the
    document ("U.S. President Donald Trump" codes a later bare "Trump")."""

    def __init__(self, doc, mentions: _DocMentions, published: date | None, text: str):
        self.doc, self.mentions, self.published = doc, mentions, published
        self._spans_by_name: dict[str, list[tuple[dict, object]]] | None = None
        self._by_name: dict[str, list[str] | None] = {}
        self.context_country = context_country(text, mentions.rows)

    def _context_for(self, m: dict | None) -> str | None:
        """The context country for an agent phrase, but not for a named person: news names foreign
        officials by title and name in stories set elsewhere ("National Security Advisor X" in a story
        about another country), so a person's country must come from the dictionaries or the text."""
        return None if m is not None and m["label"] == "PERSON" else self.context_country

    def _named_spans(self) -> dict[str, list[tuple[dict, object]]]:
        """folded mention text -> (mention, its span) of each mention the name codes: a surname alone counts under
        the longer names containing it, never on its own (it may be another person).  Names in the order of their
        first mention with a span."""
        if self._spans_by_name is not None:
            return self._spans_by_name
        persons = [m["text"] for m in self.mentions.rows if m["label"] == "PERSON"]
        found: dict[str, list[tuple[dict, object]]] = {}
        for m in map(self.mentions.as_named, self.mentions.rows):
            if m["label"] == "PERSON" and any(m["text"] != p and m["text"] in p for p in persons):
                continue
            span = self.doc.char_span(m["char_start"], m["char_end"], alignment_mode="expand")
            if span is None or not len(span):
                continue
            found.setdefault(m["text"].casefold(), []).append((m, span))
        self._spans_by_name = found
        return found

    def _name_codes(self, name: str) -> list[str] | None:
        """The most specific codes of a name's mentions in this document (None when no mention has that name),
        coded when first asked: a document names some fifty entities and its roles ask for a few (coding every
        name up front was a twentieth of the extract stage's time)."""
        if name not in self._by_name:
            spans = self._named_spans().get(name)
            self._by_name[name] = None if spans is None else best_codes(self._codes_of_span(m, s) for m, s in spans)
        return self._by_name[name]

    def _codes_of_span(self, m: dict, span) -> list[str]:
        return actor_codes(
            mention_phrase(span),
            entity_type=m["label"],
            country_code=_mention_country(m),
            on_date=self.published,
            context_country=self._context_for(m),
        )

    def _codes_of_mention(self, m: dict) -> list[str]:
        folded = m["text"].casefold()
        codes = self._name_codes(folded)
        if codes:
            return codes
        if m["label"] == "PERSON":  # a surname: the codes of the full name containing it
            for name in self._named_spans():
                if folded in name.split() and (codes := self._name_codes(name)):
                    return codes
        return []

    def of_role(self, heads, on_date: date | None) -> list[str]:
        """Codes of a role's agents (their head tokens), in order, without repeats."""
        out: list[str] = []
        for head in heads:
            for code in self._of_head(head, on_date):
                if code not in out:
                    out.append(code)
        return out

    def _of_head(self, head, on_date: date | None) -> list[str]:
        """Codes of one agent: its head's phrase, helped by the type and country of the mention its head names;
        a name the phrase alone cannot code takes its titled mentions' codes.  Only the head's own mention
        counts: "Pakistan's allegation" is not Pakistan.  A bare agent ("the interior minister") takes the
        document's context country (transforms.extract.events.context), never a guess."""
        covering = self.mentions.overlapping(head.idx, head.idx + len(head.text))
        m = self.mentions.as_named(covering[0]) if covering else None
        codes = actor_codes(
            _coding_phrase(head),
            entity_type=m["label"] if m else None,
            country_code=_mention_country(m) if m else None,
            on_date=on_date,
            context_country=self._context_for(m),
        )
        if codes:
            return codes
        if m is not None:
            return self._codes_of_mention(m)
        return []


class _DocMentions:
    """The document's entity mentions (sorted by offsets) as role and place lookups."""

    def __init__(self, mentions: list[dict], text: str = ""):
        self.rows = sorted(mentions, key=lambda m: (m["char_start"], m["char_end"]))
        self.by_id = {m["mention_id"]: m for m in self.rows}
        # The dateline ("NAIROBI, KENYA — ...") says where the story was filed; the parser attaches it to
        # the first clause, but it never fills a role.
        head = _DATELINE.match(text[:80])
        self.dateline_end = head.end() if head else 0
        self._person_words: set[str] | None = None

    def overlapping(self, start: int, end: int) -> list[dict]:
        return [m for m in self.rows if m["char_start"] < end and m["char_end"] > start]

    def as_named(self, m: dict) -> dict:
        """The mention, typed PERSON when a place-typed mention is a word of a longer person's name the story
        gives ("Jose Ruben Zamora" ... "Zamora returned": the surname, not the Spanish town; news names a person
        in full first, then by surname, AP style), so a place's country never codes a person.  The link stage's
        place rules read the same evidence (transforms.link.events._PlaceChecks.person_words)."""
        if m["label"] not in ("GPE", "LOC") or " " in m["text"].strip():
            return m
        if self._person_words is None:
            self._person_words = {
                w.casefold() for x in self.rows if x["label"] == "PERSON" for w in x["text"].split()[1:]
            }
        return {**m, "label": "PERSON"} if m["text"].strip().casefold() in self._person_words else m


def _arg(heads, mentions: _DocMentions, coref: Coreference, actors: list | None = None, codes_of=None):
    """Role text, the ids of the mentions it covers (offset order), its token indices in the sentence and the
    agents it names (roles.RoleFiller, whose heads are coded): each head is resolved to the agent it stands for
    (roles.agent_filler), or dropped.  ``actors``: for a recipient, the actor's fillers as its own ``_arg`` found
    them (never resolved a second time, so the own-side tests read the agents the actor's text and codes name): a
    filler on the actor's own side is dropped (roles.on_actor_side), and so is the state the actor governs or
    commands (roles.same_state, over the codes ``codes_of`` gives a list of heads)."""
    recipient = actors is not None  # a recipient reads a name before a thing as the party (roles.agent_filler)
    fillers = [
        f
        for f in (agent_filler(h, coref, named_thing=recipient) for h in heads)
        if f is not None and f.head.idx >= mentions.dateline_end
    ]
    if actors:
        fillers = [f for f in fillers if not on_actor_side(f, actors)]
        if codes_of is not None:
            mine, named = codes_of([f.head for f in actors]), named_countries(actors, coref)
            fillers = [f for f in fillers if not same_state(mine, codes_of([f.head]), named)]
    if not fillers:
        return None, [], set(), []
    tokens = sorted({t for f in fillers for t in f.tokens}, key=lambda t: t.i)
    text = "; ".join(dict.fromkeys(x for x in (span_text(f.tokens) for f in fillers) if x)) or None
    ids: list[str] = []
    for t in tokens:
        for m in mentions.overlapping(t.idx, t.idx + len(t.text)):
            if m["mention_id"] not in ids:
                ids.append(m["mention_id"])
    own = {t.i for h in heads for t in core_tokens(h)}
    return text, ids, own, fillers


def _place_candidates(doc, sent, trig, mentions: _DocMentions, role_tokens: set[int], actors) -> list[dict]:
    """Mentions of the sentence that may name where the event happened, with how they attach to it
    (transforms.extract.events.places); mentions inside a role filler are the event's parties, not its place.

    Whether a mention's entity is a place is decided when linking (by its canonical type), so any mention that
    attaches as a place is a candidate.
    """
    out, roots = [], []
    for m in mentions.overlapping(sent.start_char, sent.end_char):
        span = doc.char_span(m["char_start"], m["char_end"], alignment_mode="expand")
        if span is None or not len(span):
            continue
        # a place that is itself what was attacked or taken is the event's place, also when it fills a role
        relation = object_place(span.root, trig, doc) or speaker_participle_place(span.root, trig, doc, REPORTING)
        if relation is None and not any(t.i in role_tokens for t in span):
            relation = place_relation(span.root, trig, doc, actors=actors, reporting=REPORTING)
        if relation is not None:
            out.append(
                {"mention_id": m["mention_id"], "relation": relation, "distance": abs(span.root.i - trig.token_i)}
            )
            roots.append((span.root, m.get("label")))
    return _without_containing_possessors(out, roots)


# Entity labels of a named place: only such a name inside a possessed place noun replaces its possessor.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _without_containing_possessors(candidates: list[dict], roots: list[tuple]) -> list[dict]:
    """Drop a place candidate that is the possessor of a place noun another candidate names by apposition or as a
    compound ("in the C.A.R.'s capital, Bangui", "in Pakistan's Balochistan province"): the possessor locates the
    named place within itself (Quirk et al. 17.37, the genitive of location), the named one is where it happened.
    ``roots``: per candidate, (root token, entity label) of its mention."""
    kept = []
    for cand, (root, _label) in zip(candidates, roots, strict=True):
        head = root.head
        # the named place is the possessed noun's appositive or compound ("Pakistan's Balochistan province" with
        # "Balochistan" named), or the possessed place noun heads the name itself ("Balochistan province" named)
        contains = root.dep_ == "poss" and any(
            other.i != root.i
            and (other.i == head.i or (other.head.i == head.i and other.dep_ in ("appos", "compound")))
            and label in PLACE_LABELS
            for other, label in roots
        )
        if not contains:
            kept.append(cand)
    return kept


def _dateline(doc, text: str, mentions: _DocMentions) -> tuple[str | None, str | None]:
    """(name, entity mention id) of the document's dateline place, when it opens with one."""
    found = dateline(text)
    if found is None:
        return None, None
    start, end, name = found
    covering = mentions.overlapping(start, end)
    return name, (covering[0]["mention_id"] if covering else None)


def event_candidates(
    doc_id: str,
    doc,
    mentions: list[dict],
    published: date | None,
    sents: list | None = None,
    text: str | None = None,
    quotes: list[dict] | None = None,
    rejects: list[dict] | None = None,
) -> list[dict]:
    """Event mentions of one parsed document (EVENT_CANDIDATES_SCHEMA rows), one per trigger.

    ``mentions``: the document's entity mentions (mention_id, char_start, char_end, text, label);
    ``published``: the publication date when known to the day (relative dates resolve against it);
    ``sents``, ``text``: ``list(doc.sents)``, ``doc.text`` when the caller has them; ``quotes``: the
    document's quote candidates (transforms.extract.quotes), so "I" and "we" in a quote resolve to its speaker;
    ``rejects``, when given, receives the event_rejects rows of the candidates the trigger rules set aside
    (transforms.extract.events.rejects).
    """
    sents = list(doc.sents) if sents is None else sents
    text = doc.text if text is None else text
    index = _DocMentions(mentions, text)
    coref = Coreference(doc, mentions, sents, quotes)
    dates = _sentence_dates(doc, published, sents)
    plain_dates = [[dm for _, dm in found] for found in dates]  # per sentence, for dates.undated_reason
    paragraph_of = paragraph_numbers(text, sents)
    dl_name, dl_mention = _dateline(doc, text, index)
    codes = _DocumentCodes(doc, index, published, text)
    codes_of = partial(codes.of_role, on_date=published)  # a recipient's own-state test (``_arg``)
    out = []
    told: dict[str, dict] = {}  # per category, the last candidate with an actor (``_carried_agent``)
    placed: dict[str, dict] = {}  # per category, the last candidate whose sentence places it (``_antecedent_places``)
    # per (category, day), the last candidate whose sentence places it and dates it to the day (``_same_day_places``)
    placed_on: dict[tuple, dict] = {}
    dated_acts: dict[tuple[str, str], ToldAct] = {}  # (category, verb lemma) -> the last dated act (``parallel_time``)
    setting = NarrativeSetting(plain_dates)  # the incidents told so far (transforms.extract.events.setting)
    scene = _TargetScene(incident_targets(sents[LEAD_SENTENCE]) if sents else frozenset())
    for si, sent in enumerate(sents):
        if si > LEAD_SENTENCE:
            scene.read(doc, sent, index)
        set_aside = None if rejects is None else []
        triggers = detect_triggers(sent, set_aside=set_aside)
        if set_aside:
            rejects.extend(set_aside_rows(doc_id, doc, si, set_aside))
        if not triggers:
            continue
        s0, e0 = trimmed_span(text, sent.start_char, sent.end_char)
        if e0 <= s0:
            continue
        dead = fatalities(sent)
        for trig in triggers:
            a_heads, r_heads, r_fallback = role_candidates(doc, trig)
            a_text, a_ids, a_tok, a_fillers = _arg(a_heads, index, coref)
            r_text, r_ids, r_tok, r_fillers = _arg(r_heads, index, coref, a_fillers, codes_of)
            for tier in r_fallback if r_text is None else ():  # the object is no agent: a party of a preposition
                r_text, r_ids, r_tok, r_fillers = _arg(tier, index, coref, a_fillers, codes_of)
                if r_text is not None:
                    break
            a_heads, r_heads = [f.head for f in a_fillers], [f.head for f in r_fillers]
            ev_date, prec, dtext, dsource = _mention_date(
                doc, trig, si, dates, plain_dates, paragraph_of, published, dated_acts
            )
            own_time = _own_time(ev_date, prec, dtext, dsource, published)
            act = _setting_act(doc, trig, si, a_heads, own_time, dsource not in (None, "none"))
            if dsource == "report" and (told_time := _incident_time(doc, trig, act, setting, plain_dates[si])):
                ev_date, prec, dtext, dsource = told_time
            if ev_date is not None and dsource in ("sentence", "relative"):
                dated_acts[(trig.category, doc[trig.anchor_i].lemma_.lower())] = ToldAct(si, ev_date, prec, dtext)
            place_candidates = _place_candidates(doc, sent, trig, index, a_tok | r_tok, a_heads)
            carried = None
            if a_text is None and trig.category in RESULT_CATEGORIES and _agentless_result(doc[trig.anchor_i]):
                carried = _carried_agent(told.get(trig.category), si, paragraph_of, bool(place_candidates))
            on_date = ev_date or published
            trigger_start, trigger_end = trigger_span(doc, trig.token_i, trig.anchor_i)
            out.append(
                {
                    "doc_id": doc_id,
                    "sentence_idx": si,
                    "char_start": s0,
                    "char_end": e0,
                    "sentence": text[s0:e0],
                    "category": trig.category,
                    "cameo_code": trig.cameo_code or None,
                    "trigger": trig.text,
                    "trigger_start": trigger_start,
                    "trigger_end": trigger_end,
                    "code_source": trig.source or None,
                    "strength": trig.strength,
                    "mood": trig.mood,
                    "event_date": ev_date,
                    "precision": prec,
                    "date_text": dtext,
                    "date_source": dsource,
                    "report_date": published,
                    "actor_text": a_text,
                    "actor_mention_ids": a_ids,
                    "actor_codes": codes.of_role(a_heads, on_date),
                    "recipient_text": r_text,
                    "recipient_mention_ids": r_ids,
                    "recipient_codes": codes.of_role(r_heads, on_date),
                    "place_candidates": place_candidates,
                    "dateline": dl_name,
                    "dateline_mention_id": dl_mention,
                    "fatalities": dead if trig.category in FATAL_CATEGORIES else None,
                }
            )
            if carried is not None:
                out[-1].update(carried)
            day_key = _day_key(out[-1])
            if place_candidates:
                placed[trig.category] = out[-1]
                if day_key is not None:
                    placed_on[day_key] = out[-1]
            elif not out[-1]["place_candidates"]:
                out[-1]["place_candidates"] = _antecedent_places(
                    out[-1], placed.get(trig.category), names_told_act(doc, trig)
                )
                if not out[-1]["place_candidates"] and day_key is not None and not names_new_act(doc, trig):
                    out[-1]["place_candidates"] = _same_day_places(placed_on.get(day_key))
                if not out[-1]["place_candidates"]:
                    out[-1]["place_candidates"] = setting.place_of(act) or setting.scene_of(act)
                if not out[-1]["place_candidates"]:
                    out[-1]["place_candidates"] = scene.lent_to(act)
            scene.told(act)
            setting.told(act, own_time, place_candidates, _place_names(place_candidates, index))
            if a_text is not None and _done_by_subject(doc[trig.anchor_i]):
                told[trig.category] = out[-1]
    if out:
        spans = [(s.start_char, s.end_char) for s in sents]
        political = political_sentence_count(spans, text, mentions)
        for row in out:
            row["story_sentences"], row["story_political_sentences"] = len(spans), political
    return out


class _TargetScene:
    """Where the thing the lead's act on the ground was done to is, told in a later sentence of state ("Militants
    attacked a train ... The train remains blocked in a tunnel near Sibi"; ``places.incident_targets``,
    ``places.target_state_place``), lent as the incident's place (relation ``incident``) to a later act on the ground
    told as done with no place and no date of its own other than the lead's: an attack is done where its target is
    (ACLED codebook: the location of the event, for an attack its target's), and the story's later acts on the ground
    tell the lead's incident in installments (van Dijk 1988, the Summary and the installments).  An act dated apart
    from the lead ends the scene (a new time resets it, as ``setting.NarrativeSetting.scene_of``)."""

    def __init__(self, targets: frozenset[str]):
        self.targets = targets
        self.places: list[dict] = []
        self.lead_day: date | None = None
        self.lead_told = False

    def read(self, doc, sent, index: _DocMentions) -> None:
        """Record the places a sentence gives the lead's target (the latest sentence that gives any)."""
        if not self.targets or not any(t.lemma_.lower() in self.targets for t in sent):
            return
        found = []
        for m in index.overlapping(sent.start_char, sent.end_char):
            span = doc.char_span(m["char_start"], m["char_end"], alignment_mode="expand")
            if span is not None and len(span) and not part_of_a_word(span.root):
                if target_state_place(span.root, self.targets):
                    found.append({"mention_id": m["mention_id"], "relation": "incident", "distance": 0})
        if found:
            self.places = found

    def lent_to(self, act: Act) -> list[dict]:
        """The target's places for an act of the lead's incident done on the ground, else none."""
        if act.category not in SCENE_CATEGORIES or act.mood not in REALIS or act.placed_apart:
            return []
        if act.own_date is not None and act.own_date != self.lead_day:
            return []
        return list(self.places)

    def told(self, act: Act) -> None:
        """The lead's day from its first act on the ground; a later act dated apart from it ends the scene."""
        if act.sentence == LEAD_SENTENCE:
            if act.category in SCENE_CATEGORIES and not self.lead_told:
                self.lead_day, self.lead_told = act.own_date, True
        elif act.own_date is not None and act.own_date != self.lead_day:
            self.places = []


def _setting_act(doc, trig, si: int, actor_heads, own_time: OwnTime | None, dated: bool) -> Act:
    """The mention as the narrative setting sees it (transforms.extract.events.setting): its actors' head words, the
    lemmas it is told with and those of the definite event nouns it names its act by, whether it is told as done and
    whether it carries the narrative on.  ``dated``: its sentence, discourse or report dates it (a statement made)."""
    anchor, noun = doc[trig.anchor_i], doc[trig.token_i]
    adjunct_nouns = _adjunct_event_nouns(anchor)
    nouns = {noun.lemma_.lower(), anchor.lemma_.lower(), *(o.lemma_.lower() for o in adjunct_nouns)}
    determiners, _ = _back_reference_words()
    back = {
        o.lemma_.lower()
        for o in adjunct_nouns
        if any(d.dep_ == "poss" or (d.dep_ == "det" and d.lower_ in determiners) for d in o.children)
    }
    if refers_back(anchor.sent.text, trig.text):
        back.add(noun.lemma_.lower())
    actors = frozenset(h.lemma_.lower() for h in actor_heads)
    own_date = own_time.date if own_time is not None else None
    speech = trig.category in SPEECH_ACTS
    narrates = dated if speech else past_tense(anchor)
    done = narrates or (not speech and _perfect(anchor))
    new = names_new_act(doc, trig)
    apart = has_own_locative(anchor)
    return Act(
        si, trig.category, trig.mood, actors, frozenset(nouns), frozenset(back), own_date, done, narrates, new, apart
    )


def _perfect(anchor) -> bool:
    """The act's verb group is a perfect ("have killed", "had been freed"): told as done, at a time left unstated."""
    return anchor.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in _FINITE_PERFECT_AUX for c in anchor.children)


def _adjunct_event_nouns(anchor) -> list:
    """Event nouns (``lexicon().nouns``) the verb takes as object, object's complement or in a prepositional adjunct
    ("claimed responsibility for the attack", "died in the initial attack", "was killed during the siege")."""
    preps = [g for p in anchor.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"]
    return _object_event_nouns(anchor) + [g for g in preps if g.lemma_.lower() in lexicon().nouns]


def _own_time(ev_date, prec: str, dtext, dsource, published: date | None) -> OwnTime | None:
    """The act's own date, told by its sentence or discourse (date_source sentence or relative), or None."""
    if dsource not in ("sentence", "relative"):
        return None
    told = DateMention(0, 0, dtext or "", ev_date, prec, dsource, False)
    return OwnTime(ev_date, prec, dtext, before_report(told, published))


def _incident_time(doc, trig, act: Act, setting: NarrativeSetting, sentence_dates) -> tuple | None:
    """(date, precision, text, 'incident') of an act with no time of its own that elaborates an incident the story
    dated (transforms.extract.events.setting), or None: only in a sentence with no time expression of its own, and
    (outside statements, timed by their saying) only a simple past, the narrative tense (Kamp & Reyle 1993, 5.2;
    Dowty 1986)."""
    if any(not dm.is_target for dm in sentence_dates):
        return None
    if trig.category not in SPEECH_ACTS and not past_tense(doc[trig.anchor_i]):
        return None
    inc = setting.time_of(act)
    if inc is None:
        return None
    return inc.date, inc.precision, inc.date_text, "incident"


def _place_names(candidates: list[dict], index: _DocMentions) -> frozenset[str]:
    """The folded names of the place candidates' mentions."""
    return frozenset(
        index.by_id[c["mention_id"]]["text"].casefold() for c in candidates if c["mention_id"] in index.by_id
    )


def _mention_date(doc, trig, si: int, dates, plain_dates, paragraph_of, published, dated_acts):
    """(event_date, precision, date_text, date_source) of one trigger: a date its clause gives, else the report's
    day unless the clause is set apart from it, else the time of its paragraph's narrative or of a parallel act
    told before (dates.py names each rule's source)."""
    offset = _offset_date(doc, trig, dates[si], published)
    ev_date, prec, dtext, dsource = offset or _event_date(doc, trig, dates[si], published)
    if offset is None and dsource in (None, "none"):
        carried = _carried_adjunct_date(doc, trig, dates[si])
        ev_date, prec, dtext, dsource = carried or (ev_date, prec, dtext, dsource)
    if dsource is None:  # no date expression attached: the report's day, when it is known
        dsource = "report" if published is not None else "none"
        if dsource == "report" and (
            undated_reason(
                doc[trig.anchor_i],
                lede=si == 0,
                speech=trig.category in SPEECH_ACTS,
                published=published,
                sentence_dates=plain_dates[si],
                summary=si == SUMMARY_SENTENCE and not _reported_by_statement(doc[trig.anchor_i]),
            )
            is not None
        ):
            dsource = "none"  # the clause is set apart from the report's time (dates.undated_reason)
        elif dsource == "report" and (
            ref := narrative_time(
                doc[trig.anchor_i],
                narrative_dates(plain_dates, si, paragraph_of),
                published,
                lede=si == 0,
                sentence_dates=plain_dates[si],
            )
        ):  # a past-tense act in a paragraph set at an earlier time takes that time (dates.narrative_time)
            ev_date, prec, dtext = ref.date, ref.precision, ref.text
            dsource = "relative" if ref.date is not None else "none"
        elif dsource == "report" and (
            same := parallel_time(
                doc[trig.anchor_i],
                dated_acts.get((trig.category, doc[trig.anchor_i].lemma_.lower())),
                si,
                published,
                sentence_dates=plain_dates[si],
            )
        ):  # "The court also ordered ...": the time of the parallel act told before (dates.parallel_time)
            ev_date, prec, dtext, dsource = same.date, same.precision, same.text, "relative"
    return ev_date, prec, dtext, dsource


def _reported_by_statement(anchor) -> bool:
    """Is the act's clause the that-clause of a verb of saying ("The opposition noted that Beijing has rejected the
    ruling")?  A present perfect there is relative to that statement's time, an indefinite past before it (Quirk et
    al. 4.22, 14.31), not the Summary's own news."""
    x = anchor
    while x.dep_ == "conj" and x.head.i != x.i:
        x = x.head
    return x.dep_ == "ccomp" and x.head.lemma_.lower() in REPORTING


def names_told_act(doc, trig) -> bool:
    """The mention names its act by a definite event noun: the trigger itself ("Tuesday's attack", ``refers_back``)
    or, for an act that is not a statement, an event noun its verb takes as object or object's complement ("claimed
    responsibility for the attack"; event nouns of ``lexicon().nouns``).  A statement's object is its topic."""
    if refers_back(doc[trig.anchor_i].sent.text, trig.text):
        return True
    if trig.category in SPEECH_ACTS:
        return False
    determiners, _ = _back_reference_words()
    return any(
        any(d.dep_ == "poss" or (d.dep_ == "det" and d.lower_ in determiners) for d in o.children)
        for o in _object_event_nouns(doc[trig.anchor_i])
    )


def _object_event_nouns(anchor) -> list:
    """Event nouns (``lexicon().nouns``) the verb takes as object or object's complement ("claimed responsibility
    for the attack")."""
    objects = [c for c in anchor.children if c.dep_ in ("dobj", "obj")]
    objects += [g for o in objects for p in o.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"]
    return [o for o in objects if o.lemma_.lower() in lexicon().nouns]


def names_new_act(doc, trig) -> bool:
    """The mention names its act by an indefinite event noun or one of another referent ("claimed responsibility for
    an attack on a bus", "another attack"): the trigger itself or an event noun its verb takes as object.  An
    indefinite introduces a referent new to the discourse (Prince 1981, the given/new taxonomy), so the act is not
    one the story told already."""
    nouns = [doc[trig.token_i], *_object_event_nouns(doc[trig.anchor_i])]
    return any(
        any((d.dep_ == "det" and d.lower_ in ("a", "an")) or d.lower_ in _ANOTHER for d in n.children)
        for n in nouns
        if n.pos_ in ("NOUN", "PROPN")
    )


def _antecedent_places(row: dict, antecedent: dict | None, told_act: bool) -> list[dict]:
    """The place candidates of the act a definite event noun refers back to ("The BLA claimed responsibility for the
    attack", "Tuesday's attack marked an escalation"; ``told_act``: ``names_told_act``): a definite or genitive
    determiner marks the act as one told already (discourse-old: Prince 1981), the latest of its category whose own
    sentence placed it, and the same act happened at the same place.  Not when the mention's own sentence dates it
    on another day ("the 2009 attack"): that is another act of the kind.  [] when no such antecedent."""
    if antecedent is None or not told_act:
        return []
    own_date = row["event_date"] if row["date_source"] in ("sentence", "relative") else None
    if own_date is not None and own_date != antecedent["event_date"]:
        return []
    return antecedent["place_candidates"]


def _day_key(row: dict) -> tuple | None:
    """(category, day) of a candidate its own sentence or discourse dates to the day, for an act that is not a
    statement; None otherwise (a report's day is no evidence that two acts are one)."""
    if row["precision"] != "day" or row["date_source"] not in ("sentence", "relative") or row["event_date"] is None:
        return None
    if row["category"] in SPEECH_ACTS:
        return None  # each statement is made where its speaker is: two the same day may be anywhere
    return row["category"], row["event_date"]


def _same_day_places(antecedent: dict | None) -> list[dict]:
    """The event and participant place candidates of an earlier act of the same story, category and day, for an
    act placed by nothing in its own sentence ("Gunmen stormed a hotel in Beledweyne on Tuesday ... 'They attacked
    the hotel at dawn'"): news tells its main event in installments over the story (van Dijk 1988, News as
    Discourse: the relevance ordering of news), so within one story an act of the same kind on the same day that
    the sentence does not place is a further detail of the act placed already, and happened there.  A statement's
    place is not carried (each is made where its speaker is); [] when there is no such act."""
    if antecedent is None:
        return []
    return [c for c in antecedent["place_candidates"] if c["relation"] in ("event", "participant")]


# Acts done to people or things whose result news tells next in the passive ("At least five people were killed",
# "The girls were released at 3 a.m."): ``_carried_agent``.
RESULT_CATEGORIES = frozenset({"ASSAULT", "COERCE", "RETREAT"})
# Modifiers that introduce another referent of the kind ("a similar cell was dismantled", "seven other people
# were killed"): that one is not the result of the act just told (Quirk et al. 6.57-6.59, 'other', 'another').
_ANOTHER = frozenset({"another", "other", "similar", "separate", "different"})


def _done_by_subject(v) -> bool:
    """An active verb with a subject of its own: the act whose actor a following passive may take."""
    return v.pos_ in ("VERB", "AUX") and not is_passive(v) and any(c.dep_ == "nsubj" for c in v.children)


def _agentless_result(v) -> bool:
    """A passive verb without a by-agent, its subject a participant already known: not in a relative clause
    ("37 of whom were injured" describes those freed), not another referent ("a similar cell was dismantled")."""
    if not is_passive(v) or v.dep_ in ("relcl", "acl") or any(c.dep_ == "agent" for c in v.children):
        return False
    x = v
    while x.dep_ == "conj" and x.head.i != x.i and not any(c.dep_ == "nsubjpass" for c in x.children):
        x = x.head
    subjects = [c for c in x.children if c.dep_ == "nsubjpass"]
    if any(t.tag_ in ("WP", "WDT") for s in subjects for t in s.subtree):
        return False  # "37 of whom were injured": a relative clause the parser did not mark as one
    return bool(subjects) and not any(m.lower_ in _ANOTHER for s in subjects for m in s.children)


def _carried_agent(
    antecedent: dict | None, si: int, paragraph_of: list[int], placed: bool, *, max_back: int = 2
) -> dict | None:
    """The actor (and, when the act's own sentence names no place, the place) an agentless passive takes from the
    act of its category told just before it: "Militants stormed a hotel in Beledweyne. At least five people were
    killed." The passive leaves out an agent the context gives (Quirk et al. 3.64-3.66), and a sentence telling
    what was done right after an act of the same kind tells that act's result (the Result relation of discourse:
    Hobbs 1979; Asher & Lascarides 2003), done by the same actor at the same place.  ``max_back``: the antecedent
    lies at most this many sentences before, in the same paragraph (the nearest act of the kind is the one
    continued).  ``placed``: the act's own sentence names a place candidate; else the antecedent's are taken."""
    if antecedent is None or not (0 < si - antecedent["sentence_idx"] <= max_back):
        return None
    if paragraph_of[antecedent["sentence_idx"]] != paragraph_of[si]:
        return None
    out = {k: antecedent[k] for k in ("actor_text", "actor_mention_ids", "actor_codes")}
    if not placed:
        out["place_candidates"] = antecedent["place_candidates"]
    return out
