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

The candidates left out stay in the extraction tables of the work folder (and its cache); the run counts them.
"""

from __future__ import annotations

import re
from functools import lru_cache

import polars as pl

from transforms.extract.events.dictionary import read_tsv
from transforms.schemas import PLOVER_QUAD_CLASS

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
    words = sorted({r["word"] for r in read_tsv("unrest_evidence.tsv")}, key=lambda w: (-len(w), w))
    return r"(?i)\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\b"


def unrest_evidence_expr() -> pl.Expr:
    """True for a candidate whose sentence shows political violence or unrest: fatalities counted, or a word of
    data/unrest_evidence.tsv (module docstring)."""
    counted = pl.col("fatalities").fill_null(0) > 0
    return counted | pl.col("sentence").fill_null("").str.contains(unrest_pattern())


def codable_expr() -> pl.Expr:
    """True for a candidate that makes an event: it names an actor or a recipient, or its category may be
    unattributed (UNATTRIBUTED_CATEGORIES) and its sentence shows political violence or unrest."""
    has_party = _named("actor_text", "actor_mention_ids") | _named("recipient_text", "recipient_mention_ids")
    return has_party | (pl.col("category").is_in(sorted(UNATTRIBUTED_CATEGORIES)) & unrest_evidence_expr())


def with_parties(candidates: pl.DataFrame) -> pl.DataFrame:
    """The event candidates (EVENT_CANDIDATES_SCHEMA) that make events, in their order."""
    return candidates.filter(codable_expr())
