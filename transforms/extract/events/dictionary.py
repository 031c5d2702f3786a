"""The event coder's data: CAMEO verbs and patterns, CAMEO->PLOVER, our news patterns, mood words.

Loaded in one place (``lexicon()``, cached) from ``data/*.tsv`` beside this module.  The ``cameo_*``,
``discards`` and ``agents`` files are converted from the PETRARCH2 dictionaries by
``scripts/build_event_dictionary.py`` (MIT, notice in each file); ``news_*``, ``mood_words`` and
``hazards`` are ours, each row with the reason it exists and the codebook line behind it.

Pattern syntax (the same in ``cameo_patterns.tsv`` and ``news_patterns.tsv``): a noun element is
``head`` or ``mod+mod+head`` (``&NAME`` = a CAMEO synonym set); a prepositional element is
``prep(noun elements)`` or ``prep()``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
NULL_CODES = {"", "---"}
# CAMEO actor sectors that make an actor political (CAMEO actor codebook): government, military, rebels,
# opposition, parties, police, judiciary, legislature, intelligence, unaligned armed forces, insurgents,
# separatists, intergovernmental organisations.
POLITICAL_SECTORS = frozenset(
    {"GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "LEG", "SPY", "UAF", "INS", "SEP", "IGO"}
)
# CAMEO actor sectors of people in their private lives (CAMEO actor codebook): civilians, people, refugees,
# business, labour, agriculture, education.  Media (MED: 'spokesman'), health, religion and the like are left out:
# their agent words name office holders who may speak for a government.
PRIVATE_SECTORS = frozenset({"CVL", "PPL", "REF", "BUS", "LAB", "AGR", "EDU"})


@dataclass(frozen=True)
class Noun:
    """A noun element of a pattern: its head word (or '&SYNSET') and the modifiers it must carry."""

    head: str
    mods: tuple[str, ...] = ()

    @cached_property
    def size(self) -> int:
        return 1 + len(self.mods)


@dataclass(frozen=True)
class Prep:
    """A prepositional element: the preposition and the nouns its object must match (none: any object)."""

    prep: str
    nouns: tuple[Noun, ...] = ()

    @cached_property
    def size(self) -> int:
        return 1 + sum(n.size for n in self.nouns)


@dataclass(frozen=True)
class Pattern:
    """Arguments a verb must have for ``code``: subject nouns, object nouns, prepositional phrases."""

    subject: tuple[Noun, ...]
    subject_preps: tuple[Prep, ...]
    objects: tuple[Noun, ...]
    preps: tuple[Prep, ...]
    code: str
    source: str
    plover: str | None = None  # set by our own rows where the codebook overrides the CAMEO->PLOVER table
    passive_code: str = ""  # CAMEO '[:173]': the code read with the verb's subject as the target
    written_for: tuple[str, ...] = ()  # verbs the dictionary line's comment names ('# GIVE , PROVIDE'), as lemmas
    block: str = ""
    verbs: tuple[str, ...] = ()  # the only verbs of the block it applies to (a particle pattern's own); () = all

    @property
    def elements(self) -> tuple:
        """What a pattern matches, without its code: identical elements make one path in PETRARCH2's tree (the
        verbs a particle pattern is limited to are part of what it matches)."""
        return (self.block, self.subject, self.subject_preps, self.objects, self.preps, self.verbs)

    def applies_to(self, lemma: str) -> bool:
        """Whether the pattern is read for a verb of this lemma: a pattern starting with a phrasal-verb particle only
        for the verbs it was written for (cameo_patterns.tsv ``verbs``: "head back" is not "order back", Quirk et al.
        1985, 16.2-16.6), any other for every verb of its block, as PETRARCH2 reads a block."""
        return not self.verbs or lemma in self.verbs

    @cached_property
    def size(self) -> int:
        return sum(x.size for x in (*self.subject, *self.subject_preps, *self.objects, *self.preps))


@dataclass(frozen=True)
class VerbEntry:
    """A verb (lemma, particle words after it, words before it) with its block and default code."""

    lemma: str
    particle: tuple[str, ...]
    prefix: tuple[str, ...]
    block: str
    code: str
    source: str
    explicit: bool  # the code is the verb's own, not its block's default
    plover: str | None = None


@dataclass(frozen=True)
class NounEvent:
    """An event noun of our own table ('talks', 'ceasefire', 'protest') with its CAMEO code."""

    lemma: str
    code: str
    plover: str | None
    needs: (
        str  # '' | 'military' (an event only with a military modifier: 'military operation') | 'phase' (see code_noun)
    )
    source: str


@dataclass
class Lexicon:
    synsets: dict[str, tuple[tuple[str, ...], ...]]
    verbs: dict[str, list[VerbEntry]]
    patterns: dict[str, list[Pattern]]
    news_patterns: dict[str, list[Pattern]]
    pattern_variants: dict[tuple, tuple[Pattern, ...]]  # identical CAMEO patterns with different codes
    plover: dict[str, str]
    nouns: dict[str, NounEvent]  # our event nouns (news_nouns.tsv)
    derived_nouns: dict[str, NounEvent]  # nouns derived from the CAMEO verbs (cameo_nouns.tsv), after ``nouns``
    support_verbs: dict[str, str]  # lemma -> 'support' | 'occur' | 'agree' | 'motion' | 'react' (news_light_verbs.tsv)
    phase_verbs: dict[str, str]  # lemma or noun -> 'start' | 'end'
    phase_end: dict[str, tuple[str, str, str]]  # CAMEO code or PLOVER category of what ends -> (code, PLOVER, source)
    words: dict[str, frozenset[str]]  # mood and codability word sets by name
    discards: list[tuple[str, str, str]]  # (scope, phrase, match)
    agents: frozenset[str]  # people, groups and offices (Phoenix agents and our actor nouns)
    political_agents: frozenset[str]
    private_agents: frozenset[str]  # Phoenix agents of the private sectors (PRIVATE_SECTORS)
    hazards: frozenset[str]
    sources: dict[str, str] = field(default_factory=dict)
    # verb of ordering -> (code prefix, source) of the acts whose order is the act itself (news_ordered_acts.tsv)
    ordered_acts: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    def variant_for(self, p: Pattern, words: set[str]) -> Pattern:
        """Of identical CAMEO patterns with different codes, the one written for the verb (``words``: the
        token's lemma and form), else the last one, as PETRARCH2 reads its dictionary (see _cameo_patterns)."""
        variants = self.pattern_variants.get(p.elements)
        if not variants:
            return p
        own = [v for v in variants if any(w.split()[0] in words for w in v.written_for)]
        return (own or variants)[-1]

    def plover_of(self, code: str) -> str | None:
        """PLOVER category of a CAMEO code: exact, else its parent code (4 -> 3 digits); None if not coded."""
        return plover_of_code(self.plover, code)


def plover_of_code(plover: dict[str, str], code: str) -> str | None:
    """PLOVER category of a CAMEO code in the table: exact, else its parent code (4 -> 3 digits); None if not coded."""
    if code in NULL_CODES:
        return None
    c = code
    while len(c) >= 3:
        if c in plover:
            return plover[c]
        c = c[:-1]
    return None


def read_tsv(name: str, data_dir: Path = DATA_DIR) -> list[dict[str, str]]:
    """Rows of a data file: '#' lines are comments, the first other line names the columns.  ``data_dir``: the
    link stage keeps its own word lists beside its code, outside the extraction cache's key."""
    path = data_dir / name
    header: list[str] | None = None
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        row = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
        row["_line"] = str(n)
        rows.append(row)
    return rows


def parse_nouns(text: str) -> tuple[Noun, ...]:
    out = []
    for elem in text.split():
        *mods, head = elem.split("+")
        out.append(Noun(head, tuple(m for m in mods if m)))
    return tuple(out)


def parse_preps(text: str) -> tuple[Prep, ...]:
    return tuple(Prep(p, parse_nouns(inner)) for p, inner in re.findall(r"([^\s()]+)\(([^()]*)\)", text))


def _pattern(row: dict[str, str], source: str) -> Pattern:
    return Pattern(
        subject=parse_nouns(row.get("subject", "")),
        subject_preps=parse_preps(row.get("subject_preps", "")),
        objects=parse_nouns(row.get("object", "")),
        preps=parse_preps(row.get("object_preps", "")),
        code=row["code"],
        source=f"{source}:{row['_line']}",
        plover=row.get("plover") or None,
    )


def _synsets_of(p: Pattern) -> set[str]:
    nouns = (*p.subject, *p.objects, *(n for pr in (*p.preps, *p.subject_preps) for n in pr.nouns))
    return {w for n in nouns for w in (n.head, *n.mods) if w.startswith("&")}


def _verbs(rows_cameo, rows_news, block_defaults: dict[str, str]) -> dict[str, list[VerbEntry]]:
    """Verb entries by lemma; our rows first (they correct a block default), then CAMEO's, first one wins."""
    verbs: dict[str, list[VerbEntry]] = {}
    seen: set[tuple] = set()
    for r in rows_news:
        e = VerbEntry(
            lemma=r["verb"],
            particle=tuple(r["particle"].split()),
            prefix=(),
            block=r["block"],
            code=r["code"],
            source=f"news_verbs.tsv:{r['_line']}",
            explicit=True,
            plover=r.get("plover") or None,
        )
        seen.add((e.lemma, e.particle, e.prefix))
        verbs.setdefault(e.lemma, []).append(e)
    for r in rows_cameo:
        key = (r["verb"], tuple(r["particle"].split()), tuple(r["prefix"].split()))
        if key in seen:
            continue
        seen.add(key)
        verbs.setdefault(r["verb"], []).append(
            VerbEntry(
                lemma=key[0],
                particle=key[1],
                prefix=key[2],
                block=r["block"],
                code=r["code"] or block_defaults.get(r["block"], r["block_code"]),
                source=f"CAMEO.2.0.txt:{r['line']}",
                explicit=bool(r["code"]),
            )
        )
    for entries in verbs.values():
        entries.sort(key=lambda e: -len(e.particle) - len(e.prefix))  # multi-word verbs first
    return verbs


def _cameo_patterns() -> tuple[dict[str, list[Pattern]], dict[tuple, tuple[Pattern, ...]]]:
    """CAMEO patterns by block, in file order, without the excluded lines; and the variants of repeated ones.

    The dictionary repeats some patterns with another code ('- * WILLINGNESS [013]' then '[030]',
    '- * SUPPORT [032] # ASSERT' then '[051] # SAY', '- * &MILITARY [072] # PROVIDE' then '[150] # GIVE').
    PETRARCH2's reader stores a pattern's code at the end of the pattern's path in its tree, so a later
    identical pattern replaces the earlier one; the line's comment names the verb the pattern was written
    for before the verbs were merged into synonym blocks.  We read both: a repeated pattern keeps the first
    one's place in the list, and ``Lexicon.variant_for`` picks the code written for the token's verb, else
    the last one.
    """
    patterns: dict[str, list[Pattern]] = {}
    variants: dict[tuple, list[Pattern]] = {}
    excluded = {r["line"] for r in read_tsv("cameo_exclusions.tsv")}
    for r in read_tsv("cameo_patterns.tsv"):
        if r["line"] in excluded:
            continue
        p = Pattern(
            subject=parse_nouns(r["subject"]),
            subject_preps=parse_preps(r["subject_preps"]),
            objects=parse_nouns(r["object"]),
            preps=parse_preps(r["object_preps"]),
            code=r["code"],
            source=f"CAMEO.2.0.txt:{r['line']}",
            passive_code=r["passive_code"],
            written_for=tuple(w for w in r["written_for"].split(",") if w),
            block=r["block"],
            verbs=tuple(w for w in r["verbs"].split(",") if w),
        )
        if p.elements not in variants:
            patterns.setdefault(r["block"], []).append(p)
        variants.setdefault(p.elements, []).append(p)
    repeated = {k: tuple(v) for k, v in variants.items() if len({(x.code, x.passive_code) for x in v}) > 1}
    return patterns, repeated


def _derived_nouns(
    nouns: dict[str, NounEvent], verbs: dict[str, list[VerbEntry]], plover: dict[str, str]
) -> dict[str, NounEvent]:
    """The nouns derived from the CAMEO verbs (cameo_nouns.tsv) with their verb's code as
    we read it (our verb corrections included, which switch off the defaults of general verbs and blocks): a verb
    that codes no PLOVER event gives no event noun; a verb coded by its block's default gives its derived nouns
    but not its bare form as a noun.  Nouns whose common sense is not the act are excluded
    (news_nouns_excluded.tsv)."""
    skip = {r["noun"] for r in read_tsv("news_nouns_excluded.tsv")}
    out: dict[str, NounEvent] = {}
    for r in read_tsv("cameo_nouns.tsv"):
        if r["noun"] in out or r["noun"] in nouns or r["noun"] in skip:
            continue
        entry = next((e for e in verbs.get(r["verb"], ()) if not e.particle and not e.prefix), None)
        head_of_block = entry is not None and entry.block.lower().replace("_", " ") == entry.lemma
        if entry is None or (r["derivation"] == "conversion" and not (entry.explicit or head_of_block)):
            # the bare verb form as a noun only for a verb with its own code or the verb the block is named after
            # (whose default is that verb's own sense: OFFER, DEMAND, TORTURE): a default shared by a block's
            # other verbs, read on a noun ('fire', 'hit', 'force', 'bill'), names a thing more often than the act
            continue
        category = entry.plover or plover_of_code(plover, entry.code)
        if category is None:
            continue
        out[r["noun"]] = NounEvent(r["noun"], entry.code, entry.plover, "", f"cameo_nouns.tsv:{r['_line']}")
    return out


@lru_cache(maxsize=1)
def marked_slots() -> dict[str, tuple[str, str]]:
    """CAMEO pattern source ('CAMEO.2.0.txt:2434') -> (target preposition, source preposition) for the lines that
    mark the object of a preposition as the event's target ``+`` or source ``$`` ('- * BOLSTER TIES (WITH +)')."""
    return {
        f"CAMEO.2.0.txt:{r['line']}": (r.get("target_prep", ""), r.get("source_prep", ""))
        for r in read_tsv("cameo_patterns.tsv")
        if r.get("target_prep") or r.get("source_prep")
    }


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    synsets: dict[str, list[tuple[str, ...]]] = {}
    for r in read_tsv("cameo_synsets.tsv"):
        synsets.setdefault(r["name"], []).append(tuple(r["phrase"].split()))
    for r in read_tsv("news_synsets.tsv"):  # members the dictionary's sets lack (each with its reason)
        synsets.setdefault(r["name"], []).append(tuple(r["phrase"].split()))
    patterns, pattern_variants = _cameo_patterns()
    news_patterns: dict[str, list[Pattern]] = {}
    for r in read_tsv("news_patterns.tsv"):
        news_patterns.setdefault(r["verb"], []).append(_pattern(r, "news_patterns.tsv"))
    # PETRARCH2 ignores a pattern that names an undefined synonym set (a few do: '&WEATHER', '&FIGHT_GAMES')
    defined = set(synsets)
    patterns = {b: [p for p in ps if _synsets_of(p) <= defined] for b, ps in patterns.items()}
    plover = {r["code"]: r["plover"] for r in read_tsv("cameo_plover.tsv")}
    for r in read_tsv("plover_overrides.tsv"):
        plover[r["code"]] = r["plover"]
    nouns = {
        r["noun"]: NounEvent(r["noun"], r["code"], r.get("plover") or None, r["needs"], f"news_nouns.tsv:{r['_line']}")
        for r in read_tsv("news_nouns.tsv")
    }
    verbs = _verbs(
        read_tsv("cameo_verbs.tsv"),
        read_tsv("news_verbs.tsv"),
        {r["block"]: r["code"] for r in read_tsv("news_blocks.tsv")},
    )
    derived_nouns = _derived_nouns(nouns, verbs, plover)
    support, phase = {}, {}
    for r in read_tsv("news_light_verbs.tsv"):
        if r["role"] in ("support", "occur", "agree", "motion", "react"):
            support[r["word"]] = r["role"]
        else:
            phase[r["word"]] = r["role"]
    phase_end = {
        r["ends"]: (r["code"], r["plover"], f"news_phase_end.tsv:{r['_line']}") for r in read_tsv("news_phase_end.tsv")
    }
    words: dict[str, set[str]] = {}
    for name in ("mood_words.tsv", "news_words.tsv"):
        for r in read_tsv(name):
            words.setdefault(r["set"], set()).add(r["word"])
    agents = read_tsv("agents.tsv")
    ordered: dict[str, list[tuple[str, str]]] = {}
    for r in read_tsv("news_ordered_acts.tsv"):
        ordered.setdefault(r["verb"], []).append((r["code"], f"news_ordered_acts.tsv:{r['_line']}"))
    return Lexicon(
        synsets={k: tuple(v) for k, v in synsets.items()},
        verbs=verbs,
        patterns=patterns,
        news_patterns=news_patterns,
        pattern_variants=pattern_variants,
        plover=plover,
        nouns=nouns,
        derived_nouns=derived_nouns,
        support_verbs=support,
        phase_verbs=phase,
        phase_end=phase_end,
        words={k: frozenset(v) for k, v in words.items()},
        discards=[(r["scope"], r["phrase"], r["match"]) for r in read_tsv("discards.tsv")],
        agents=frozenset(r["agent"] for r in agents) | words.get("actor_nouns", set()),
        political_agents=frozenset(
            r["agent"] for r in [*agents, *read_tsv("political_agent_heads.tsv")] if r["sector"] in POLITICAL_SECTORS
        ),
        private_agents=frozenset(r["agent"] for r in agents if r["sector"] in PRIVATE_SECTORS),
        hazards=frozenset(r["word"] for r in read_tsv("hazards.tsv")),
        ordered_acts={k: tuple(v) for k, v in ordered.items()},
    )
