"""Canonical entities across the corpus, from the entity mentions of every document.

The rules, in order:

1. Label vote: a name (folded text) gets the label most of its mentions carry, ties to the label news
   more often means (``LABEL_PRIORITY``); places and demonyms keep the label the gazetteer-aware
   component gave them, and a vote for a place or demonym label does not relabel other mentions.
2. Clusters: places by the gazetteer (``PLACE|name|country``), demonyms by the gazetteer, organisations by
   a word-order-free key, other labels by the folded name.  A one-word person name joins the nearest full
   name before it in its document whose last word (else first word) it is, else the first such full name
   after it, else the full name with that last word used most in the corpus among those named in full at
   least twice or listed as people in the actor dictionaries.
3. Brackets and acronyms: "X (Y)" sends Y's cluster to X's when both have one label (the last such pair in
   corpus order wins; places are never redirected); an acronym that spells the initials of exactly one
   other cluster's multi-word names of its label joins it (the acronym's first such mention decides).
4. Each cluster gets a type (its most frequent label), a canonical name (a place's gazetteer name; the
   longest, then most frequent form for people; otherwise an expansion before an acronym, then the most
   frequent, then the longest form) and a content-derived ID; clusters with one ID make one entity.

At scale (tens of millions of mentions) nothing here holds a Python object per mention.  The work is
split into passes over partitions of whole documents (the corpus stage's units) and decisions over small
aggregates, with integer codes for names and clusters:

- pass 1, per partition: ``count_names`` -> (text, label, n); summed over partitions;
- ``decide_names``: one Python call per distinct name (fold, gazetteer) -> the label vote, base clusters,
  person-name keys and acronym expansions (``NameDecisions``, one row per distinct (text, label));
- pass 2, per partition: ``assign_clusters`` (person names resolved inside each document) and
  ``partition_evidence`` -> form counts per cluster, bracket pairs, first acronym mentions;
- ``decide_entities``: redirects, canonical names and IDs per cluster (``EntityDecisions``);
- pass 3, per partition: ``entity_mention_rows`` -> entity_mentions rows and per-entity counts;
  ``entities_table`` -> the entities table.

``link_entities`` runs all of them on one in-memory partition (small inputs and tests).  A partition must
hold whole documents: in-document person names and bracket pairs never cross it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from transforms.extract.events.actors import is_dictionary_person
from transforms.gazetteer import fold, lookup_demonym, lookup_place
from transforms.ids import stable_id
from transforms.schemas import TABLES

ENTITIES_SCHEMA = TABLES["entities"]  # output 1 of link_entities
ENTITY_MENTIONS_SCHEMA = TABLES["entity_mentions"]  # output 2 of link_entities
PLACE_LABELS = ("GPE", "LOC", "FAC")
# Tie-break for label votes: a name seen equally often as PERSON and ORG is more often a person in news.
LABEL_PRIORITY = {
    lab: i
    for i, lab in enumerate(
        ("PERSON", "GPE", "LOC", "NORP", "ORG", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "LANGUAGE")
    )
}
ACRONYM_STOPWORDS = frozenset({"of", "the", "and", "for", "on", "in", "to", "&"})
# Labels whose multi-word names an acronym can stand for.
ACRONYM_LABELS = ("ORG", "GPE", "LOC", "FAC", "EVENT", "LAW")
_UNRANKED = 99

# Output of count_names(): mentions per (surface text, extracted label).
NAME_COUNTS_SCHEMA = {"text": pl.String(), "label": pl.String(), "n": pl.Int64()}
# Output of assign_clusters(): one row per input mention, in input order.
ASSIGNED_SCHEMA = {"text_id": pl.UInt32(), "label": pl.String(), "cluster": pl.UInt32()}
_PERSON_FULL, _PERSON_SINGLE, _PERSON_BARE = 1, 2, 3  # >= 2 words, one word, no word (whitespace only)


def entity_id(entity_type: str, name: str) -> str:
    """Deterministic entity ID from type and canonical name."""
    return stable_id("entity", entity_type, name)


# --- rules on one name -----------------------------------------------------------------------------------


def _initials(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w.lower() not in ACRONYM_STOPWORDS]
    return "".join(w[0] for w in words if w[:1].isalpha()).upper()


# Organisation names share few words ("Ministry", "Defense", a country's demonym): the gazetteer answers for
# each word are cached, not asked again for every name holding it (a million-article corpus has hundreds
# of thousands of organisation names).
_WORD_CACHE = 1 << 16


@lru_cache(maxsize=_WORD_CACHE)
def _org_word_key(word: str) -> str:
    """An organisation name's word in its key: a country's code for a country name or demonym, else folded."""
    place = lookup_place(word)
    dem = lookup_demonym(word)
    if place is not None and place.kind == "country":
        return place.country_code
    if dem is not None:
        return dem.country_code
    return fold(word)


def _org_key(name: str) -> str:
    """Word-order-free key for organisation names: 'Defense Ministry of Azerbaijan' = 'Azerbaijani Ministry of Defense'."""
    words = [
        _org_word_key(word)
        for word in name.replace("’s", " ").replace("'s", " ").replace("-", " ").split()
        if word.lower() not in ACRONYM_STOPWORDS
    ]
    return "+".join(sorted(w for w in words if w)) or fold(name)


def _base_cluster(text: str, label: str, key: str) -> str:
    """The cluster of a non-person name: gazetteer place or demonym, organisation key, else label and key."""
    if label in PLACE_LABELS:
        place = lookup_place(text)
        return f"PLACE|{place.name}|{place.country_code}" if place else f"{label}|{key}"
    if label == "NORP":
        dem = lookup_demonym(text)
        return f"NORP|{dem.name}" if dem else f"NORP|{key}"
    if label == "ORG":
        return f"ORG|{_org_key(text)}"
    return f"{label}|{key}"


def _canonical_name(cluster: str, forms: Counter) -> str:
    if cluster.startswith("PLACE|"):
        return cluster.split("|")[1]
    if cluster.startswith("NORP|"):
        dem = lookup_demonym(cluster.split("|", 1)[1])
        if dem is not None:
            return dem.name
    # Longest form first for people (full name over surname), else the most frequent form.
    if cluster.startswith("PERSON|"):
        return sorted(forms.items(), key=lambda kv: (-len(kv[0].split()), -kv[1], kv[0]))[0][0]
    # Expansions over acronyms ("European Union" over "EU"), then the most frequent form.
    return sorted(forms.items(), key=lambda kv: (_is_acronym(kv[0]), -kv[1], -len(kv[0]), kv[0]))[0][0]


def _is_acronym(text: str) -> bool:
    t = text.replace(".", "")
    return 2 <= len(t) <= 6 and t.isupper() and t.isalpha()


def _org_country(name: str) -> str | None:
    """Country an organisation name places itself in ('Azerbaijani Defense Ministry' -> AZE), if exactly one."""
    codes = {_word_country(word) for word in name.replace("’s", "").replace("'s", "").split()} - {None}
    return codes.pop() if len(codes) == 1 else None


@lru_cache(maxsize=_WORD_CACHE)
def _word_country(word: str) -> str | None:
    """The country a word of an organisation's name places it in (a country, a capital or a demonym), if any."""
    place = lookup_place(word)
    # Only countries and capitals: a small town sharing a word ("Mets") says nothing about the organisation.
    hit = place if place is not None and place.kind in {"country", "capital"} else lookup_demonym(word)
    return hit.country_code if hit is not None and hit.country_code else None


def _priority(label: pl.Expr) -> pl.Expr:
    return label.replace_strict(LABEL_PRIORITY, default=_UNRANKED, return_dtype=pl.Int64())


def _first_by(frame: pl.DataFrame, group: str, *order: pl.Expr | str, descending: list[bool] | None = None):
    """The first row of each group after sorting by ``order`` (a total order: the result is deterministic)."""
    return (
        frame.sort(group, *order, descending=[False, *(descending or [False] * len(order))])
        .group_by(group, maintain_order=True)
        .first()
    )


# --- pass 1 and the decisions on names -------------------------------------------------------------------


def count_names(raw_mentions: pl.DataFrame) -> pl.DataFrame:
    """NAME_COUNTS_SCHEMA rows of a partition of RAW_MENTIONS_SCHEMA rows (sum them over partitions)."""
    return raw_mentions.group_by("text", "label").agg(pl.len().cast(pl.Int64()).alias("n"))


def add_name_counts(*parts: pl.DataFrame) -> pl.DataFrame:
    """Name counts of several partitions as one table."""
    return pl.concat(parts).group_by("text", "label").agg(pl.col("n").sum())


@dataclass(frozen=True)
class NameDecisions:
    """Everything decided from the corpus's name counts; tables of one row per distinct name, never per mention.

    ``names``: per (text, extracted label): text_id, the voted label ``final``, ``cluster`` (the name's own
    cluster; for a one-word person the cluster it falls back to when its document has no full name for it),
    ``kind`` (person kinds, null for others), ``own`` (a person's own cluster), ``key_id``, ``first_id``,
    ``last_id`` (codes of folded words, for matching names inside a document).  ``texts``: text_id -> text,
    form (whitespace-normalised text).  ``clusters``: cluster code -> cluster string.  ``acronyms``: per
    (text_id, final label) of an acronym with exactly one expansion: its cluster and the expansion's.
    """

    names: pl.DataFrame
    texts: pl.DataFrame
    clusters: pl.DataFrame
    acronyms: pl.DataFrame
    bare_person_cluster: int | None  # code of "PERSON|" (a person name that folds to nothing), if any
    # ``names`` is sorted by ``name_key`` (text_id and a code of the extracted label, ``label_codes``), and
    # ``is_place`` is indexed by cluster code: a partition looks its mentions up by binary search and gathers,
    # never by joining against these corpus-sized tables (a hash table of millions of names built again for
    # each of a million-article corpus's thousand partitions was most of the entities stage).
    name_key: pl.Series
    label_codes: dict[str, int]
    is_place: pl.Series
    # The texts by 64-bit hash (``text_hashes`` sorted, ``text_ids`` the text_id of each): a binary search over
    # integers, then the text compared; texts whose hash another text shares (``colliding``) are looked up by a
    # join with those few texts instead.
    text_hashes: pl.Series
    text_ids: pl.Series
    colliding: pl.DataFrame

    def text_id_of(self, text: pl.Series) -> pl.Series:
        """Per text: its text_id (UInt32), null for a text no name has."""
        texts = self.texts["text"]  # sorted: text_id is the row
        if texts.is_empty():
            return pl.Series("text_id", [None] * len(text), dtype=pl.UInt32())
        hashes = text.hash(seed=_TEXT_HASH_SEED)
        at = self.text_hashes.search_sorted(hashes).clip(upper_bound=len(texts) - 1).cast(pl.UInt32())
        candidate = self.text_ids.gather(at)
        found = pl.DataFrame({"text_id": candidate, "text": text}).select(
            pl.when(texts.gather(candidate) == pl.col("text")).then(pl.col("text_id"))
        )["text_id"]
        if self.colliding.is_empty():
            return found
        other = text.to_frame("text").join(self.colliding, on="text", how="left", maintain_order="left")["text_id"]
        return found.fill_null(other)

    def name_rows(self, text: pl.Series, label: pl.Series) -> pl.Series:
        """Per (text, label): the row of ``names`` that holds it (UInt32), null when none does."""
        if self.texts.is_empty() or self.name_key.is_empty():
            return pl.Series("at", [None] * len(text), dtype=pl.UInt32())
        keys = pl.DataFrame({"at": self.text_id_of(text), "label": label}).select(
            _name_key(pl.col("at"), pl.col("label"), self)
        )["at"]
        return sorted_rows(self.name_key, keys)


def sorted_rows(sorted_keys: pl.Series, wanted: pl.Series) -> pl.Series:
    """Per value of ``wanted``: its row in ``sorted_keys`` (ascending, not empty), UInt32, null when it is not
    there: a binary search, then the key found compared with the one asked for."""
    at = sorted_keys.search_sorted(wanted).clip(upper_bound=len(sorted_keys) - 1).cast(pl.UInt32())
    return pl.DataFrame({"at": at, "key": wanted}).select(
        pl.when(sorted_keys.gather(at) == pl.col("key")).then(pl.col("at"))
    )["at"]


_TEXT_HASH_SEED = 0


def _text_hashes(texts: pl.DataFrame) -> tuple[pl.Series, pl.Series, pl.DataFrame]:
    """(hashes sorted, text_id of each, the (text, text_id) rows whose hash is shared) of ``texts``."""
    by_hash = texts.select(pl.col("text").hash(seed=_TEXT_HASH_SEED).alias("hash"), "text_id", "text").sort("hash")
    shared = by_hash.filter(pl.col("hash").is_duplicated()).select("text", "text_id")
    return by_hash["hash"], by_hash["text_id"].cast(pl.UInt32()), shared.cast({"text_id": pl.UInt32()})


def _name_key(text_id: pl.Expr, label: pl.Expr, decisions_or_codes) -> pl.Expr:
    """UInt64 key of (text_id, extracted label): null for a label no name has."""
    codes = decisions_or_codes.label_codes if isinstance(decisions_or_codes, NameDecisions) else decisions_or_codes
    code = label.replace_strict(codes, default=None, return_dtype=pl.UInt64())
    return text_id.cast(pl.UInt64()) * pl.lit(max(len(codes), 1), pl.UInt64()) + code


def _text_table(name_counts: pl.DataFrame) -> pl.DataFrame:
    """text_id (by sorted text), key (folded), n_words and form of every distinct text: one fold() per text."""
    texts = name_counts.select(pl.col("text").unique().sort()).with_row_index("text_id")
    keys, n_words, forms = [], [], []
    for text in texts["text"]:
        words = text.split()
        keys.append(fold(text))
        n_words.append(len(words))
        forms.append(" ".join(words))
    return texts.with_columns(
        pl.Series("key", keys, dtype=pl.String()),
        pl.Series("n_words", n_words, dtype=pl.Int64()),
        pl.Series("form", forms, dtype=pl.String()),
    )


def _vote(named: pl.DataFrame) -> pl.DataFrame:
    """named (text, label, n, key) -> the same rows with ``final``: the label after the corpus-wide vote."""
    votes = named.group_by("key", "label").agg(pl.col("n").sum())
    best = _first_by(votes, "key", pl.col("n"), _priority(pl.col("label")), descending=[True, False]).select(
        "key", pl.col("label").alias("best")
    )
    keeps = pl.col("label").is_in([*PLACE_LABELS, "NORP"]) | pl.col("best").is_in([*PLACE_LABELS, "NORP"])
    return named.join(best, on="key").with_columns(
        pl.when(keeps).then(pl.col("label")).otherwise(pl.col("best")).alias("final")
    )


def _person_keys(persons: pl.DataFrame) -> pl.DataFrame:
    """Person names (text_id, text, key, n_words, n) with first/last folded words and the corpus fallback."""
    first, last = [], []
    for text, n_words in persons.select("text", "n_words").rows():
        words = text.split()
        first.append(fold(words[0]) if n_words >= 2 else None)
        last.append(fold(words[-1]) if n_words >= 2 else None)
    persons = persons.with_columns(
        pl.Series("first", first, dtype=pl.String()),
        pl.Series("last", last, dtype=pl.String()),
        pl.when(pl.col("n_words") >= 2)
        .then(_PERSON_FULL)
        .when(pl.col("n_words") == 1)
        .then(_PERSON_SINGLE)
        .otherwise(_PERSON_BARE)
        .cast(pl.UInt8())
        .alias("kind"),
    )
    # A one-word name with no full name in its document: the full name with that last word used most, among
    # those named in full at least twice or listed as people (``_listed``).
    fulls = persons.filter(pl.col("kind") == _PERSON_FULL)
    by_last = (
        fulls.with_columns(_listed(fulls))
        .group_by("last", "key")
        .agg(pl.col("n").sum(), pl.col("listed").any())
        .filter((pl.col("n") >= 2) | pl.col("listed"))
    )
    fallback = _first_by(by_last, "last", pl.col("n"), pl.col("key"), descending=[True, False]).select(
        pl.col("last").alias("key"), pl.col("key").alias("fallback_key")
    )
    return persons.join(fallback, on="key", how="left").with_columns(
        pl.when(pl.col("kind") == _PERSON_SINGLE).then(pl.col("fallback_key")).alias("fallback_key")
    )


def _listed(fulls: pl.DataFrame) -> pl.Series:
    """Full person names the actor dictionaries list as people (public figures: 'Barack Obama', 'Vladimir Putin').

    Which full name can stand behind a bare surname in another story (``_person_keys``): news names a person in
    full at first reference in each story (AP Stylebook), so a surname alone reaches across stories only to
    someone named in full at least twice in the corpus (in practice, in two stories) or to a listed public figure.
    A person named in full once is that story's ('Yang', a businessman quoted in one story, is not 'Andrew Yang',
    a think-tank official of another)."""
    return pl.Series("listed", [is_dictionary_person(text) for text in fulls["text"]], dtype=pl.Boolean())


def _acronym_expansions(names: pl.DataFrame, texts: pl.DataFrame) -> pl.DataFrame:
    """(text_id, final, cluster, target) of acronyms whose initials match multi-word names of one other cluster."""
    long_names = names.filter(pl.col("final").is_in(ACRONYM_LABELS) & (pl.col("n_words") >= 2)).select(
        "text", "final", "cluster"
    )
    initials = long_names.with_columns(
        pl.Series("initials", [_initials(t) for t in long_names["text"]], dtype=pl.String())
    ).unique(["final", "initials", "cluster"])
    acronym_texts = texts.filter(pl.Series([_is_acronym(t) for t in texts["text"]], dtype=pl.Boolean()))
    acronyms = names.filter(pl.col("final").is_in(ACRONYM_LABELS)).join(
        acronym_texts.select("text_id", pl.col("text").str.replace_all(".", "", literal=True).alias("initials")),
        on="text_id",
    )
    targets = (
        acronyms.select("text_id", "final", "cluster", "initials")
        .unique()
        .join(initials.rename({"cluster": "target"}), on=["final", "initials"])
        .filter(pl.col("target") != pl.col("cluster"))
        .group_by("text_id", "final", "cluster")
        .agg(pl.col("target").unique())
        .filter(pl.col("target").list.len() == 1)
    )
    return targets.select("text_id", "final", "cluster", pl.col("target").list.first())


def _base_clusters(named: pl.DataFrame) -> pl.DataFrame:
    """(text_id, text, key, final, cluster_name) of every name not voted PERSON: one gazetteer call each."""
    others = named.filter(pl.col("final") != "PERSON").select("text_id", "text", "key", "final").unique()
    names = [_base_cluster(t, f, k) for t, f, k in others.select("text", "final", "key").rows()]
    return others.with_columns(pl.Series("cluster_name", names, dtype=pl.String()))


def _with_code(frame: pl.DataFrame, name: pl.Expr, clusters: pl.DataFrame, alias: str) -> pl.DataFrame:
    """frame with the code of the cluster named by ``name`` as ``alias`` (null when ``name`` is)."""
    return (
        frame.with_columns(name.alias("name"))
        .join(clusters, on="name", how="left")
        .rename({"cluster": alias})
        .drop("name")
    )


def _coded_persons(persons: pl.DataFrame, clusters: pl.DataFrame) -> pl.DataFrame:
    """Person names with their own and fallback cluster codes and codes of the folded words they match on."""
    persons = _with_code(persons, pl.lit("PERSON|") + pl.col("key"), clusters, "own")
    persons = _with_code(persons, pl.lit("PERSON|") + pl.col("fallback_key"), clusters, "fallback")
    words = pl.concat([persons["key"], persons["first"].drop_nulls(), persons["last"].drop_nulls()]).unique().sort()
    word_ids = pl.DataFrame({"word": words}).with_row_index("word_id")
    for column, alias in (("key", "key_id"), ("first", "first_id"), ("last", "last_id")):
        persons = persons.join(word_ids.rename({"word": column, "word_id": alias}), on=column, how="left")
    return persons.select(
        "text_id",
        pl.lit("PERSON").alias("final"),
        pl.coalesce("fallback", "own").alias("cluster"),
        "kind",
        "own",
        "key_id",
        "first_id",
        "last_id",
    )


def decide_names(name_counts: pl.DataFrame) -> NameDecisions:
    """Labels, clusters, person keys and acronym expansions of every distinct name (see the module docstring)."""
    texts = _text_table(name_counts)
    named = _vote(name_counts.join(texts, on="text"))
    persons = _person_keys(
        named.filter(pl.col("final") == "PERSON").group_by("text_id", "text", "key", "n_words").agg(pl.col("n").sum())
    )
    others = _base_clusters(named)
    # Cluster codes in the order of their names: every cluster a name can start in or fall back to.
    cluster_names = pl.concat(
        [
            others.select(pl.col("cluster_name").alias("name")),
            persons.select((pl.lit("PERSON|") + pl.col("key")).alias("name")),
            persons.select((pl.lit("PERSON|") + pl.col("fallback_key")).alias("name")).drop_nulls(),
        ]
    )["name"]
    clusters = pl.DataFrame({"name": cluster_names.unique().sort()}).with_row_index("cluster")
    decided = pl.concat(
        [
            _with_code(others, pl.col("cluster_name"), clusters, "cluster").select("text_id", "final", "cluster"),
            _coded_persons(persons, clusters),
        ],
        how="diagonal",
    )
    names = named.select("text", "label", "text_id", "final", "n_words").join(
        decided, on=["text_id", "final"], how="left"
    )
    bare = clusters.filter(pl.col("name") == "PERSON|")["cluster"]
    label_codes = {label: i for i, label in enumerate(names["label"].drop_nulls().unique().sort())}
    keyed = (
        names.drop("n_words")
        .with_columns(_name_key(pl.col("text_id"), pl.col("label"), label_codes).alias("_key"))
        .drop_nulls("_key")
        .sort("_key")
    )
    return NameDecisions(
        names=keyed.drop("_key"),
        texts=texts.select("text_id", "text", "form"),
        clusters=clusters,
        acronyms=_acronym_expansions(names, texts),
        bare_person_cluster=bare[0] if bare.len() else None,
        name_key=keyed["_key"],
        label_codes=label_codes,
        is_place=clusters["name"].str.starts_with("PLACE|"),
        **dict(zip(("text_hashes", "text_ids", "colliding"), _text_hashes(texts), strict=True)),
    )


# --- pass 2: clusters and evidence of one partition ------------------------------------------------------


def _decided(raw_mentions: pl.DataFrame, decisions: NameDecisions) -> pl.DataFrame:
    """The mentions (with their row number) and their name's decisions: a left join on (text, label), by lookup."""
    at = decisions.name_rows(raw_mentions["text"], raw_mentions["label"])
    decided = decisions.names.drop("text", "label").select(pl.all().gather(at))
    return pl.concat([raw_mentions.with_row_index("row"), decided], how="horizontal")


def _is_code(column: pl.Expr, code: int | None) -> pl.Expr:
    return column == pl.lit(code, pl.UInt32()) if code is not None else pl.lit(False)


def _in_document_targets(rows: pl.DataFrame, bare: int | None) -> pl.DataFrame:
    """row -> cluster of each one-word person name: a full name in its document, else its fallback."""
    fulls = rows.filter(pl.col("kind") == _PERSON_FULL).select(
        "doc_id", pl.col("char_start").alias("f_start"), pl.col("own").alias("f_cluster"), "first_id", "last_id"
    )
    singles = rows.filter(pl.col("kind") == _PERSON_SINGLE).select(
        "row", "doc_id", "char_start", "key_id", "cluster", "own"
    )

    def nearest(word: str) -> pl.DataFrame:
        found = singles.select("row", "doc_id", "char_start", "key_id").join(
            fulls.select("doc_id", "f_start", "f_cluster", pl.col(word).alias("key_id")), on=["doc_id", "key_id"]
        )
        order = [pl.col("f_start"), pl.col("f_cluster")]
        # The nearest full name before the mention, else the first one after it.
        before = (
            found.filter(pl.col("f_start") < pl.col("char_start"))
            .group_by("row")
            .agg(pl.col("f_cluster").sort_by(order).last().alias("before"))
        )
        after = found.group_by("row").agg(pl.col("f_cluster").sort_by(order).first().alias("after"))
        return after.join(before, on="row", how="left").select("row", pl.coalesce("before", "after").alias(word))

    by_last, by_first = nearest("last_id"), nearest("first_id")
    target = pl.coalesce("last_id", "first_id", "cluster")
    resolved = (
        singles.join(by_last, on="row", how="left")
        .join(by_first, on="row", how="left")
        .select("row", pl.when(_is_code(target, bare)).then(pl.col("own")).otherwise(target).alias("target"))
    )
    return resolved


def assign_clusters(raw_mentions: pl.DataFrame, decisions: NameDecisions) -> pl.DataFrame:
    """ASSIGNED_SCHEMA: each mention's text_id, voted label and cluster before redirects (input row order)."""
    rows = _decided(raw_mentions, decisions)
    targets = _in_document_targets(rows, decisions.bare_person_cluster)
    return (
        rows.join(targets, on="row", how="left", maintain_order="left")
        .select("text_id", pl.col("final").alias("label"), pl.coalesce("target", "cluster").alias("cluster"))
        .cast(ASSIGNED_SCHEMA)
    )


@dataclass(frozen=True)
class Evidence:
    """What decide_entities needs from the mentions, summed over partitions (``add_evidence``).

    ``forms``: (cluster, text_id, label) -> n.  ``brackets``: "X (Y)" pairs as (cluster, target) with Y's
    place in corpus order (``CORPUS_ORDER``).  ``acronyms``: the first mention (``CORPUS_ORDER``) of each
    acronym with an expansion.
    """

    forms: pl.DataFrame
    brackets: pl.DataFrame
    acronyms: pl.DataFrame


# Corpus order of mentions: (doc_id, char_start, char_end), ties in input order.  A document never spans
# partitions, so its rows keep their relative order and (doc_id, char_start, char_end, seq), with seq the row
# within the partition, orders mentions across partitions as the whole corpus sorted would.
CORPUS_ORDER = ("doc_id", "char_start", "char_end", "seq")


def _before_or_same(a: str, b: str) -> pl.Expr:
    """Row ``a`` (columns prefixed a_) comes no later than row ``b`` in corpus order."""
    earlier = pl.lit(True)
    for column in reversed(CORPUS_ORDER):
        x, y = pl.col(f"{a}{column}"), pl.col(f"{b}{column}")
        earlier = (x < y) | ((x == y) & earlier)
    return earlier


def partition_evidence(raw_mentions: pl.DataFrame, assigned: pl.DataFrame, decisions: NameDecisions) -> Evidence:
    """Evidence of one partition (whole documents) from its raw mentions and their assigned clusters."""
    rows = pl.concat(
        [raw_mentions.select("mention_id", "doc_id", "char_start", "char_end", "paren_of"), assigned], how="horizontal"
    ).with_row_index("seq")
    forms = rows.group_by("cluster", "text_id", "label").agg(pl.len().cast(pl.Int64()).alias("n"))
    # "X (Y)": Y's mention names X's in paren_of; X must come before it (as the corpus-order scan found it).
    named = rows.select(
        pl.col("mention_id").alias("paren_of"),
        *(pl.col(c).alias(f"a_{c}") for c in CORPUS_ORDER),
        pl.col("label").alias("a_label"),
        pl.col("cluster").alias("target"),
    )
    pairs = (
        rows.filter(pl.col("paren_of").is_not_null())
        .join(named, on="paren_of")
        .filter(
            _before_or_same("a_", "") & (pl.col("a_label") == pl.col("label")) & (pl.col("target") != pl.col("cluster"))
        )
    )
    # Places are never redirected (looked up by cluster code: a filter on the corpus's place clusters per
    # partition grew with the corpus).
    brackets = pairs.filter(~decisions.is_place.gather(pairs["cluster"])).select("cluster", "target", *CORPUS_ORDER)
    acronyms = _first_in_corpus_order(
        rows.join(decisions.acronyms.select("text_id", pl.col("final").alias("label")), on=["text_id", "label"])
    )
    return Evidence(forms=forms, brackets=brackets, acronyms=acronyms)


def _first_in_corpus_order(rows: pl.DataFrame) -> pl.DataFrame:
    """The first mention (in corpus order) of each (text_id, label)."""
    return (
        rows.sort(*CORPUS_ORDER)
        .group_by("text_id", "label", maintain_order=True)
        .first()
        .select("text_id", "label", *CORPUS_ORDER)
    )


def add_evidence(*parts: Evidence) -> Evidence:
    """The evidence of several partitions as one (forms summed; the first acronym mention kept)."""
    return Evidence(
        forms=pl.concat([p.forms for p in parts]).group_by("cluster", "text_id", "label").agg(pl.col("n").sum()),
        brackets=pl.concat([p.brackets for p in parts]),
        acronyms=_first_in_corpus_order(pl.concat([p.acronyms for p in parts])),
    )


# --- decisions on clusters -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntityDecisions:
    """``entity_of``: cluster code (before redirects) -> entity_id; ``entities``: one row per entity
    without its counts (entity_id, name, type, aliases, country_code, latitude, longitude, geonames_id)."""

    entity_of: pl.DataFrame
    entities: pl.DataFrame
    # entity_id by cluster code (null for a cluster without one): each partition's mentions gather from it
    # rather than join ``entity_of``, a table as large as the corpus's clusters, once per partition.
    entity_by_cluster: pl.Series


def _redirects(decisions: NameDecisions, evidence: Evidence) -> dict[int, int]:
    """Cluster -> cluster after brackets, then acronyms, with chains followed (and cycles stopped)."""
    brackets = evidence.brackets.sort(*CORPUS_ORDER).group_by("cluster", maintain_order=True).last()
    redirect = dict(brackets.select("cluster", "target").rows())
    acronyms = (
        decisions.acronyms.rename({"final": "label"})
        .join(evidence.acronyms, on=["text_id", "label"])
        .filter(~pl.col("cluster").is_in(list(redirect)))
        .sort(*CORPUS_ORDER)
        .group_by("cluster", maintain_order=True)
        .first()
    )
    redirect.update(acronyms.select("cluster", "target").rows())
    final = {}
    for start in redirect:
        cluster, seen = start, set()
        while cluster in redirect and cluster not in seen:
            seen.add(cluster)
            cluster = redirect[cluster]
        final[start] = cluster
    return final


def _canonical_names(forms: pl.DataFrame, clusters: pl.DataFrame) -> pl.DataFrame:
    """cluster -> canonical name from its forms (cluster, form, n): the rule of ``_canonical_name``."""
    named = forms.join(clusters, on="cluster")
    kind = pl.col("name").str.split("|").list.first()
    persons = named.filter(kind == "PERSON").with_columns(
        pl.when(pl.col("form") == "")
        .then(0)
        .otherwise(pl.col("form").str.count_matches(" ", literal=True) + 1)
        .alias("n_words")
    )
    person_names = _first_by(persons, "cluster", "n_words", "n", "form", descending=[True, True, False])
    others = named.filter(kind != "PERSON")
    others = others.with_columns(
        pl.Series("acronym", [_is_acronym(f) for f in others["form"]], dtype=pl.Boolean()),
        pl.col("form").str.len_chars().alias("length"),
    )
    other_names = _first_by(others, "cluster", "acronym", "n", "length", "form", descending=[False, True, True, False])
    by_forms = pl.concat(
        [person_names.select("cluster", "name", "form"), other_names.select("cluster", "name", "form")]
    )
    canonical = []
    for name, form in by_forms.select("name", "form").rows():
        if name.startswith("PLACE|"):
            canonical.append(name.split("|")[1])
            continue
        dem = lookup_demonym(name.split("|", 1)[1]) if name.startswith("NORP|") else None
        canonical.append(dem.name if dem is not None else form)
    return by_forms.select("cluster", pl.Series("canonical", canonical, dtype=pl.String()))


def _entity_attributes(entities: pl.DataFrame) -> pl.DataFrame:
    """country_code, latitude, longitude, geonames_id of each entity from its type and name (gazetteer).

    Only places, demonyms and organisations can have them: the gazetteer is asked about those alone.
    """
    schema = {c: ENTITIES_SCHEMA.schema[c] for c in ("country_code", "latitude", "longitude", "geonames_id")}
    located = entities.filter(pl.col("type").is_in([*PLACE_LABELS, "NORP", "ORG"])).select("entity_id", "name", "type")
    rows = []
    for name, etype in located.select("name", "type").rows():
        place = lookup_place(name) if etype in PLACE_LABELS else None
        dem = lookup_demonym(name) if etype == "NORP" else None
        country = (
            place.country_code if place else dem.country_code if dem else _org_country(name) if etype == "ORG" else None
        )
        rows.append(
            (
                country,
                place.latitude if place else None,
                place.longitude if place else None,
                place.geonames_id if place else None,
            )
        )
    found = pl.concat([located.select("entity_id"), pl.DataFrame(rows, schema=schema, orient="row")], how="horizontal")
    return entities.join(found, on="entity_id", how="left", maintain_order="left")


def _named_clusters(forms: pl.DataFrame, labels: pl.DataFrame, clusters: pl.DataFrame) -> pl.DataFrame:
    """(cluster, canonical, type, entity_id) of every final cluster from its form and label counts."""
    types = _first_by(labels, "cluster", pl.col("n"), _priority(pl.col("label")), descending=[True, False]).select(
        "cluster", pl.col("label").alias("type")
    )
    named = _canonical_names(forms, clusters).join(types, on="cluster")
    ids = [entity_id(t, n) for t, n in named.select("type", "canonical").rows()]
    return named.with_columns(pl.Series("entity_id", ids, dtype=pl.String()))


def _entity_rows(named: pl.DataFrame, forms: pl.DataFrame) -> pl.DataFrame:
    """One row per entity (clusters with one ID merge): name, type and every other form as an alias."""
    aliases = (
        forms.join(named.select("cluster", "entity_id", "canonical"), on="cluster")
        .filter(pl.col("form") != pl.col("canonical"))
        .select("entity_id", "form")
        .unique()
        .sort("entity_id", "form")
        .group_by("entity_id", maintain_order=True)
        .agg(pl.col("form").alias("aliases"))
    )
    return (
        named.select("entity_id", pl.col("canonical").alias("name"), "type")
        .unique("entity_id")
        .sort("entity_id")
        .join(aliases, on="entity_id", how="left", maintain_order="left")
        .with_columns(pl.col("aliases").fill_null(pl.lit([], dtype=pl.List(pl.String()))))
    )


def decide_entities(decisions: NameDecisions, evidence: Evidence) -> EntityDecisions:
    """Final clusters, their types, canonical names and IDs, and the entities they make."""
    redirect = _redirects(decisions, evidence)
    final_of = pl.DataFrame(
        {"cluster": list(redirect), "final": list(redirect.values())},
        schema={"cluster": pl.UInt32(), "final": pl.UInt32()},
    )
    final = pl.coalesce("final", "cluster").alias("final")
    counted = (
        evidence.forms.join(final_of, on="cluster", how="left")
        .with_columns(final)
        .join(decisions.texts.select("text_id", "form"), on="text_id")
    )
    forms = counted.group_by(pl.col("final").alias("cluster"), "form").agg(pl.col("n").sum())
    labels = counted.group_by(pl.col("final").alias("cluster"), "label").agg(pl.col("n").sum())
    named = _named_clusters(forms, labels, decisions.clusters)
    entity_of = (
        decisions.clusters.select("cluster")
        .join(final_of, on="cluster", how="left")
        .with_columns(final)
        .join(named.select(pl.col("cluster").alias("final"), "entity_id"), on="final")
        .select("cluster", "entity_id")
    )
    entity_by_cluster = (
        decisions.clusters.select("cluster")
        .join(entity_of, on="cluster", how="left", maintain_order="left")
        .sort("cluster")["entity_id"]
    )
    return EntityDecisions(
        entity_of=entity_of,
        entities=_entity_attributes(_entity_rows(named, forms)),
        entity_by_cluster=entity_by_cluster,
    )


# --- pass 3 and the tables -------------------------------------------------------------------------------


def entity_mention_rows(raw_mentions: pl.DataFrame, assigned: pl.DataFrame, entities: EntityDecisions) -> pl.DataFrame:
    """TABLES['entity_mentions'] rows of one partition, in input order (``ENTITY_MENTIONS_SCHEMA.conform``
    sorts them; the release does, so partitions need not).

    ``mention_id`` is the extract stage's (``transforms.extract.entities.mention_id``: a hash of doc_id and
    offsets), not recomputed.
    """
    rows = pl.concat(
        [
            raw_mentions.select("mention_id", "doc_id", "sentence_idx", "char_start", "char_end", "text"),
            assigned.select("label", "cluster"),
            entities.entity_by_cluster.gather(assigned["cluster"]).alias("entity_id").to_frame(),
        ],
        how="horizontal",
    )
    return rows.select(ENTITY_MENTIONS_SCHEMA.column_names).cast(ENTITY_MENTIONS_SCHEMA.schema)


def mention_counts(entity_mentions: pl.DataFrame) -> pl.DataFrame:
    """(entity_id, n_mentions, n_documents) of one partition's entity mentions (sum them over partitions:
    a document is in one partition only)."""
    return entity_mentions.group_by("entity_id").agg(
        pl.len().cast(pl.Int64()).alias("n_mentions"), pl.col("doc_id").n_unique().cast(pl.Int64()).alias("n_documents")
    )


def add_mention_counts(*parts: pl.DataFrame) -> pl.DataFrame:
    return pl.concat(parts).group_by("entity_id").agg(pl.col("n_mentions").sum(), pl.col("n_documents").sum())


def entities_table(entities: EntityDecisions, counts: pl.DataFrame) -> pl.DataFrame:
    """TABLES['entities'] from the decided entities and their mention counts."""
    return ENTITIES_SCHEMA.conform(entities.entities.join(counts, on="entity_id", how="inner"))


def link_entities(raw_mentions: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Canonical entities and their mentions: (TABLES['entities'], TABLES['entity_mentions']).

    ``raw_mentions``: the entity mentions of every document (RAW_MENTIONS_SCHEMA, extract stage), as one
    partition; flows.stages.link runs the same passes unit by unit.
    """
    if raw_mentions.is_empty():
        return ENTITIES_SCHEMA.empty(), ENTITY_MENTIONS_SCHEMA.empty()
    decisions = decide_names(count_names(raw_mentions))
    assigned = assign_clusters(raw_mentions, decisions)
    entities = decide_entities(decisions, partition_evidence(raw_mentions, assigned, decisions))
    mentions = entity_mention_rows(raw_mentions, assigned, entities)
    return entities_table(entities, mention_counts(mentions)), ENTITY_MENTIONS_SCHEMA.conform(mentions)


def build_entities(doc_ids, docs, documents=None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """link_entities over the mentions of already corrected parses (small inputs, tests and benchmarks)."""
    from transforms.extract.entities import RAW_MENTIONS_SCHEMA, entity_mentions_of

    rows = [row for doc_id, doc in zip(doc_ids, docs, strict=True) for row in entity_mentions_of(doc_id, doc)]
    return link_entities(pl.DataFrame(rows, schema=RAW_MENTIONS_SCHEMA, orient="row"))


def entity_country_map(entities: pl.DataFrame) -> dict[str, str]:
    """entity_id -> ISO alpha-3 country code for every entity that has one (places, demonyms, national bodies)."""
    rows = entities.filter(pl.col("country_code").is_not_null()).select("entity_id", "country_code")
    return dict(rows.iter_rows())


__all__ = [
    "EntityDecisions",
    "Evidence",
    "NameDecisions",
    "add_evidence",
    "add_mention_counts",
    "add_name_counts",
    "assign_clusters",
    "build_entities",
    "count_names",
    "decide_entities",
    "decide_names",
    "entities_table",
    "entity_country_map",
    "entity_id",
    "entity_mention_rows",
    "link_entities",
    "mention_counts",
    "partition_evidence",
]
