"""Which event candidates make events: an act needs a party, unless it is political violence or unrest.

PETRARCH2 codes an event only when the verb's code comes with a coded source or target: with its default
``require_dyad = True`` both, and even with it off one of the two (``PETRtree.Sentence.get_events``; its
configuration warns that coding without them "is likely to result in a very large number of nonsense events. As
happened with the infamous GDELT data set of 2013-2014"). A statement, meeting, agreement or aid delivery told
with nobody doing it and nobody receiving it is either a sentence about something else (a policy described, a
product, a forecast) or an act whose parties the coder could not find; either way the row says nothing a user
can count. Acts of the material-conflict quad class are the exception: ACLED records attacks, clashes, protests
and arrests whose perpetrators are unknown or unnamed ("Unidentified Armed Group", "Protesters") with their place,
date and fatalities (the ACLED Codebook's actor categories); those are kept without a party when their sentence
shows the act is one: it counts fatalities or names a victim, a weapon, a force, a crowd or a measure of state power
(``data/unrest_evidence.tsv``, from ACLED's event and actor types and the PLOVER codebook). ACLED codes no event
without such a trace, and a verb of force with nobody doing it and none of them is figurative or private: "clips
ruined by bad audio", "pulling cables through conduit", "software supply chain attacks were detected".

An act with parties is left out too when every party it names is private and its sentence names no political
agent: a firm, a firm's customer, a product or the text's reader (``private_parties_expr``).  PLOVER's actors are states,
governments, armed and political groups and organised civilians (protesters, unions, refugees); CAMEO and Phoenix
code business (BUS) and multinational corporations (MNC) as parties to political acts, a firm sanctioned or
striking a deal with a government, not to a firm's trade with its customers ("the brand offers free delivery",
"moving companies accept credit cards").  The rule reads the cooperative and verbal quad classes only: the acts the
codebook names for economic actors (SANCTION; strikes and boycotts as PROTEST), threats (of those acts too) and the
other material-conflict acts are left to the rules above.

The candidates left out become rows of the event_rejects table with their reason (``LEFT_OUT_REASONS``;
``left_out``), from which the run counts them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import polars as pl

from transforms.extract.events.actors import head_words
from transforms.extract.events.dictionary import POLITICAL_SECTORS, lexicon, read_tsv
from transforms.extract.events.rejects import left_out_rows
from transforms.extract.events.story import political_agent_pattern, political_agent_re
from transforms.schemas import PLOVER_QUAD_CLASS

# The party rule's word lists: link-stage data, so that editing them re-runs linking, not extraction (the
# extraction cache is keyed by the files under transforms/extract).
LINK_DATA_DIR = Path(__file__).resolve().parent / "data"

# PLOVER quad class whose acts are recorded with their perpetrators unknown (module docstring).
UNATTRIBUTED_QUAD_CLASS = "material_conflict"
UNATTRIBUTED_CATEGORIES: frozenset[str] = frozenset(
    category for category, quad in PLOVER_QUAD_CLASS.items() if quad == UNATTRIBUTED_QUAD_CLASS
)


def _named(text: str, ids: str) -> pl.Expr:
    return (pl.col(text).str.strip_chars().str.len_chars().fill_null(0) > 0) | (pl.col(ids).list.len().fill_null(0) > 0)


@lru_cache(maxsize=1)
def unrest_pattern() -> str:
    """One case-insensitive regex of the evidence words and phrases (data/unrest_evidence.tsv), each a whole word."""
    words = sorted({r["word"] for r in read_tsv("unrest_evidence.tsv", LINK_DATA_DIR)}, key=lambda w: (-len(w), w))
    return r"(?i)\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\b"


def unrest_evidence_expr() -> pl.Expr:
    """True for a candidate whose sentence shows political violence or unrest: fatalities counted, or a word of
    data/unrest_evidence.tsv (module docstring)."""
    counted = pl.col("fatalities").fill_null(0) > 0
    return counted | pl.col("sentence").fill_null("").str.contains(unrest_pattern())


def codable_expr() -> pl.Expr:
    """True for a candidate that names an actor or a recipient, or whose category may be unattributed
    (UNATTRIBUTED_CATEGORIES) and whose sentence shows political violence or unrest."""
    has_party = _named("actor_text", "actor_mention_ids") | _named("recipient_text", "recipient_mention_ids")
    return has_party | (pl.col("category").is_in(sorted(UNATTRIBUTED_CATEGORIES)) & unrest_evidence_expr())


# Why a candidate makes no event: it names no party (and is no unattributed act of violence or unrest), every
# party it names is private, or its story is not about a political world and the act names no political party
# (module docstring).
NO_PARTY, PRIVATE_PARTIES, APOLITICAL_STORY = "no_party", "private_parties", "apolitical_story"
LEFT_OUT_REASONS = (NO_PARTY, PRIVATE_PARTIES, APOLITICAL_STORY)


def left_out_reason_expr() -> pl.Expr:
    """The reason a candidate makes no event (LEFT_OUT_REASONS), null for one that makes an event."""
    return (
        pl.when(~codable_expr())
        .then(pl.lit(NO_PARTY))
        .when(private_parties_expr())
        .then(pl.lit(PRIVATE_PARTIES))
        .when(apolitical_story_expr())
        .then(pl.lit(APOLITICAL_STORY))
        .otherwise(pl.lit(None, dtype=pl.String()))
    )


# A story is apolitical when fewer than one sentence in five names a state, a people or a political agent
# (transforms.extract.events.story).  One in five lies below every story of the VOA development set (the lowest
# share there is 0.28, the median 0.71); the pages of the WCXB development set that hold events have a median of
# 0.09, most of them guides, reviews and business blogs.  The share is read only over five sentences or more: in a
# shorter story one sentence moves it by the threshold itself, and a news brief or a one-sentence story is judged by
# its parties alone (the rules above), as PETRARCH2 codes sentences.
MIN_STORY_SENTENCES = 5
MIN_POLITICAL_SHARE = 0.2


def apolitical_story_expr() -> pl.Expr:
    """True for a candidate of an apolitical story (``MIN_POLITICAL_SHARE``) that names no political party: no
    party with a political code (``political_code_pattern``) and no political agent in its sentence.  A political
    act told in a business or sports story ("regulators fined the company", "the minister opened the stadium")
    is kept; the firm's offer, the team's attack and the reader's visit are not (issue 11, item 6)."""
    sentences, political = pl.col("story_sentences"), pl.col("story_political_sentences")
    apolitical = (sentences >= MIN_STORY_SENTENCES) & (political < MIN_POLITICAL_SHARE * sentences)
    political_party = _political_code("actor_codes") | _political_code("recipient_codes")
    political_sentence = pl.col("sentence").fill_null("").str.contains(political_agent_pattern())
    return apolitical.fill_null(False) & ~political_party & ~political_sentence


def with_parties(candidates: pl.DataFrame) -> pl.DataFrame:
    """The event candidates (EVENT_CANDIDATES_SCHEMA) that make events, in their order."""
    return split_parties(candidates)[0]


def split_parties(candidates: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, int]]:
    """The event candidates that make events, in their order, and how many were left out for each reason
    (every one of LEFT_OUT_REASONS, zero or more)."""
    reasons = candidates.select(left_out_reason_expr().alias("reason"))["reason"]
    counts = {reason: 0 for reason in LEFT_OUT_REASONS}
    for reason, n in reasons.drop_nulls().value_counts().iter_rows():
        counts[reason] += n
    return candidates.filter(reasons.is_null()), counts


def left_out(candidates: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The event candidates that make events, in their order, and the event_rejects rows (stage link) of those
    left out, with their reasons (transforms.extract.events.rejects.left_out_rows)."""
    reasons = candidates.select(left_out_reason_expr().alias("reason"))["reason"]
    return candidates.filter(reasons.is_null()), left_out_rows(candidates, reasons)


# --- private parties -------------------------------------------------------------------------------------------

# Political sectors of the CAMEO actor codebook (dictionary.POLITICAL_SECTORS) and ELI, its elites: former
# officials and other persons with a political role.  A code of a country or an IGO alone names a state or an IGO.
CODE_POLITICAL_SECTORS = POLITICAL_SECTORS | {"ELI"}
# Categories the rule reads: cooperation and verbal conflict (module docstring), but THREATEN.  PLOVER's threats
# include threats of the acts it names for economic actors, boycotts, embargoes and halted trade (SANCTION,
# PROTEST), so a firm's threat may be aimed at a state even when the sentence names none ('the company threatened
# to pull out of the country'); like those acts it is left to the other rules.
PRIVATE_RULE_CATEGORIES: frozenset[str] = frozenset(PLOVER_QUAD_CLASS) - UNATTRIBUTED_CATEGORIES - {"THREATEN"}
# A party's text: the name or noun phrase after a heading run into it across a blank line ("Services\n\nAcme");
# its head is the last word before a post-modifier (``actors.head_words``).
_LAST_BLOCK = re.compile(r"\n\s*\n")
_GENITIVE = re.compile(r"['’]s?$")


@lru_cache(maxsize=1)
def private_words() -> dict[str, frozenset[str]]:
    """The word sets of data/private_parties.tsv (lower-cased), with the firm nouns of ``commercial_nouns``."""
    sets: dict[str, set[str]] = {}
    for r in read_tsv("private_parties.tsv", LINK_DATA_DIR):
        sets.setdefault(r["set"], set()).add(r["word"].lower())
    sets["firm_noun"] = set(lexicon().words.get("commercial_nouns", frozenset()))
    return {name: frozenset(words) for name, words in sets.items()}


def code_kind(code: str) -> str:
    """'political' for a code of a country or an IGO alone or with a political sector ('USA', 'IGOUNO', 'PAKGOV',
    'USAELI': ``political_code_pattern``), 'firm' for one of a firm's sector ('USABUS', 'MNCUSAMED'), 'other' for
    any other sector ('USAEDU', 'KENCVL')."""
    if code != FIRM_CODE_ALONE and _political_code_re().search(code):
        return "political"
    sectors = {code[i : i + 3] for i in range(3, len(code), 3)}
    firm = private_words().get("firm_sector", frozenset())
    return "firm" if code[:3].lower() in firm or {s.lower() for s in sectors} & firm else "other"


def _forms(word: str) -> set[str]:
    """A lower-cased word and its singular by the regular plural endings ('companies' -> 'company')."""
    w = _GENITIVE.sub("", word.lower())
    forms = {w}
    if w.endswith("ies"):
        forms.add(w[:-3] + "y")
    if w.endswith("es"):
        forms.add(w[:-2])
    if w.endswith("s"):
        forms.add(w[:-1])
    return forms


def party_kind(text: str | None, codes: list[str] | None, *, recipient: bool = False) -> str:
    """What a named party is: 'political' (a political code or agent word), 'reader', 'firm' (a legal form, a
    firm's code or firm noun), 'customer', 'product' (only as the recipient: data/private_parties.tsv) or 'open'
    (anything else: a name or a noun whose role the text leaves open)."""
    kinds = {code_kind(c) for c in codes or ()}
    text = text or ""
    if "political" in kinds or political_agent_re().search(text):
        return "political"
    blocks = [b for b in _LAST_BLOCK.split(text) if b.strip()]
    words = head_words(blocks[-1]) if blocks else []
    sets = private_words()
    if words and words[0].lower() in sets.get("reader_word", frozenset()):
        return "reader"
    legal = sets.get("legal_form", frozenset())
    if len(words) > 1 and (words[0].lower() in legal or words[-1].lower() in legal):
        return "firm"
    if kinds == {"firm"}:
        return "firm"
    head = _forms(words[-1]) if words else set()
    for kind, name in (("firm", "firm_noun"), ("customer", "customer_noun")):
        if head & sets.get(name, frozenset()):
            return kind
    if recipient and head & sets.get("product_noun", frozenset()):
        return "product"
    return "open"


def all_parties_private(row: dict) -> bool:
    """Every party a candidate row names (an actor or a recipient with a text, codes or entity mentions) is private:
    a reader, a firm, a customer or a product (``party_kind``; a party named by mentions alone is open); False when
    it names none."""
    kinds = [
        party_kind(row[f"{role}_text"], row[f"{role}_codes"], recipient=role == "recipient")
        for role in ("actor", "recipient")
        if (row[f"{role}_text"] or "").strip() or row[f"{role}_codes"] or row[f"{role}_mention_ids"]
    ]
    return bool(kinds) and all(k not in ("political", "open") for k in kinds)


_PARTY_COLUMNS = tuple(f"{role}_{part}" for role in ("actor", "recipient") for part in ("text", "codes", "mention_ids"))


def private_parties_expr() -> pl.Expr:
    """True for a cooperative or verbal-conflict candidate (PRIVATE_RULE_CATEGORIES) whose parties are all private
    (``all_parties_private``) in a sentence that names no political agent (``political_agent_pattern``): the
    coder may have missed a government or a group the sentence names, and then the firm may be dealing with it.
    The sentence is searched and ``all_parties_private`` called only on the rows that the vectorised tests of
    category and parties (``_may_be_private``, ``_private_trace``) let through: a tenth of the candidates."""
    maybe = (
        pl.col("category").is_in(sorted(PRIVATE_RULE_CATEGORIES)).fill_null(False)
        & _may_be_private("actor")
        & _may_be_private("recipient")
        & (_private_trace("actor") | _private_trace("recipient"))
    )
    return pl.struct(maybe.alias("_maybe"), "sentence", *_PARTY_COLUMNS).map_batches(
        _all_private_batch, return_dtype=pl.Boolean()
    )


def _all_private_batch(rows: pl.Series) -> pl.Series:
    out = pl.Series(values=[False] * len(rows), dtype=pl.Boolean())
    maybe = rows.struct.field("_maybe")
    subset, index = rows.filter(maybe), maybe.arg_true()
    apolitical = ~subset.struct.field("sentence").fill_null("").str.contains(political_agent_pattern())
    subset, index = subset.filter(apolitical), index.filter(apolitical)
    if subset.len() == 0:
        return out
    return out.scatter(index, [all_parties_private(r) for r in subset])


@lru_cache(maxsize=1)
def private_stem_pattern() -> str:
    """A regex that matches every party text ``party_kind`` may call private: each word of
    data/private_parties.tsv and each firm noun at the start of a word, the nouns ending in 'y' without it (their
    plural 'ies'), case-insensitive; a word starts after a character that is no ASCII letter, digit or '_'.  It
    matches more than ``party_kind`` accepts (any place in the text, any ending): it only spares the rows it
    cannot match a call of ``party_kind``."""
    stems = {w[:-1] if w.endswith("y") else w for words in private_words().values() for w in words if w}
    alternatives = "|".join(re.escape(s) for s in sorted(stems, key=lambda s: (-len(s), s)))
    return r"(?:^|[^A-Za-z0-9_])(?i:" + alternatives + ")"


# A multinational firm's code with no country (CAMEO actor codebook: MNC leads the code of a multinational
# corporation): a code of three characters that names no country or IGO.  Polars' regex engine has no look-ahead,
# so it stays out of ``political_code_pattern`` and both tests of a code set it aside by equality.
FIRM_CODE_ALONE = "MNC"


def political_code_pattern() -> str:
    """The regex of the codes ``code_kind`` calls political, but ``FIRM_CODE_ALONE``: an IGO, a country or
    other code of three characters at most, or a political sector at a sector's place (the CAMEO actor codebook's
    country + sector triples).  It is the one definition, read by ``code_kind`` and by the vectorised
    ``_political_code``."""
    sectors = "|".join(sorted(CODE_POLITICAL_SECTORS))
    return r"(?s)^(?:IGO|.{0,3}$|(?:.{3})+(?:" + sectors + "))"


@lru_cache(maxsize=1)
def _political_code_re() -> re.Pattern:
    # Python's '$' also matches before a final newline, Polars' (Rust's) only at the end, as Python's '\Z' does.
    return re.compile(political_code_pattern().replace("$", r"\Z"))


def _political_code(codes: str) -> pl.Expr:
    element = pl.element()
    political = element.str.contains(political_code_pattern()) & (element != FIRM_CODE_ALONE)
    return pl.col(codes).list.eval(political).list.any().fill_null(False)


def _may_be_private(role: str) -> pl.Expr:
    """False only for a party ``party_kind`` never calls private: one with a political code, or one named that
    carries no code and no word of ``private_stem_pattern``.  A text without an ASCII letter or digit may be blank
    (no party), so it is let through."""
    text = pl.col(f"{role}_text").fill_null("")
    codes = pl.col(f"{role}_codes").list.len().fill_null(0) > 0
    ids = pl.col(f"{role}_mention_ids").list.len().fill_null(0) > 0
    maybe_blank = ~codes & ~ids & ~text.str.contains("[A-Za-z0-9]")
    return ~_political_code(f"{role}_codes") & (codes | maybe_blank | text.str.contains(private_stem_pattern()))


def _private_trace(role: str) -> pl.Expr:
    """A party that may be private, not absent: it has a code or a word of ``private_stem_pattern``.  A row
    where neither party has one names no private party (and may name none)."""
    codes = pl.col(f"{role}_codes").list.len().fill_null(0) > 0
    return codes | pl.col(f"{role}_text").fill_null("").str.contains(private_stem_pattern())
