"""Event candidates linked as columns: the rows of ``linked_rows(link_mentions(...))`` built with polars joins.

``transforms.link.events.link_mentions`` links one candidate at a time in Python (about 96 us a candidate at
1,000,000 articles) and returns Mention objects that the partitioned stage then writes as compact rows.  Here
the same decisions are taken on columns, and the output is those compact rows (``LINKED_SCHEMA``) directly:

- what depends on an entity mention's name and entity only (its entity ids and country code as a role, whether
  and which place it names, the words of a person's name) is computed once per distinct (entity_id, text,
  label) of the corpus by the reference's own methods (``KeyFacts``) and joined to the mentions;
- roles, the sentence's place, the dateline's and the document's setting are joins and group-bys over
  exploded mention ids, with the reference's order and tie-breaks as sort keys;
- dates, confidence and place keys are expressions, or Python over their few distinct values.

``link_mentions`` stays the reference: tests compare the two row for row.
"""

from __future__ import annotations

import re
from datetime import date

import polars as pl

from transforms.extract.events.places import joint_act_codes
from transforms.extract.events.setting import LEAD_SENTENCE, LENT_RELATIONS, REALIS, SCENE_CATEGORIES
from transforms.gazetteer import fold
from transforms.link.entities import sorted_rows
from transforms.link.events import (
    DATE_FACTOR,
    GEO_RANK,
    JOINT_CATEGORIES,
    LINKED_SCHEMA,
    OWN_DATE_SOURCES,
    RELATION_RANK,
    SETTING_COUNTRY_COUNT,
    SETTING_COUNTRY_SHARE,
    SETTING_MIN_COUNT,
    SETTING_MIN_SHARE,
    SPEECH_ACTS,
    STRONG_RELATIONS,
    TARGET_PLACED,
    TOLERANCE_DAYS,
    EntityIndex,
    _borrowed_date,
    _cameo_countries,
    _columns_frame,
    _dateline_place,
    _place_name_key,
    _PlaceChecks,
    is_venue_name,
    one_speaker_country,
    place_country,
    placing_codes,
    speaker_place,
)

_S, _B, _F = pl.String(), pl.Boolean(), pl.Float64()
_KEY = ["entity_id", "text", "label"]
_PLACE = ["entity_id", "name", "country_code", "latitude", "longitude", "geo_precision"]
_PLACE_TYPES = {"entity_id": _S, "name": _S, "country_code": _S, "latitude": _F, "longitude": _F, "geo_precision": _S}
_FACTS_SCHEMA = {
    "entity_id": _S,
    "text": _S,
    "label": _S,
    "ids": pl.List(_S),  # EntityIndex.ids_for
    "key_ids": pl.List(_S),  # EntityIndex.key_ids_for
    "code": _S,  # EntityIndex.code_of
    "person_words": pl.List(_S),  # the folded words of a person's name (_PlaceChecks.person_words)
    "place_ok": _B,  # _PlaceChecks._name_checks is not None
    "folded": _S,
    "strong_known": _B,
    "weak_ok": _B,
    "venue": _B,  # the name is a political venue (is_venue_name): never evidence of the document's setting
    **{"p_" + k: t for k, t in _PLACE_TYPES.items()},
}
_EMPTY = pl.lit([], pl.List(_S))


class KeyFacts:
    """What linking needs of an entity mention that depends on its entity, text and label only, per distinct
    (entity_id, text, label), computed by EntityIndex's and _PlaceChecks' methods once for the whole corpus: names
    recur across partitions (Zipf), so each is computed once.

    A partition's keys are found by a 64-bit hash of the key in a dict (hash -> row of the facts computed so far)
    and its facts gathered by row, so a lookup costs the partition's keys, not the corpus's: joining every
    partition against the corpus's facts (a frame growing to millions of rows) made linking grow with the square
    of the corpus.  Gathered rows are checked against the keys asked for, so a hash collision costs a
    recomputation, never a wrong row.  Entities are sorted by id once and looked up by binary search."""

    def __init__(self, entities: pl.DataFrame, country_entity: dict[str, str]):
        self.entities = entities.sort("entity_id")
        self.country_entity = country_entity
        self._rows: dict[int, int] = {}  # key hash -> row of self._store
        self._store = pl.DataFrame(schema=_FACTS_SCHEMA)
        self._chunks = 0

    @property
    def frame(self) -> pl.DataFrame:
        """The facts computed so far, one row per distinct key."""
        return self._store

    def of(self, mentions: pl.DataFrame) -> pl.DataFrame:
        """``mentions`` (entity mention rows) with the facts of their names as columns."""
        return mentions.join(self.facts(mentions.select(_KEY)), on=_KEY, how="left", nulls_equal=True)

    def facts(self, keys: pl.DataFrame) -> pl.DataFrame:
        """The facts of the distinct keys (entity_id, text, label) of ``keys``, one row each."""
        keys = keys.select(_KEY).unique()
        hashes = keys.select(pl.struct(_KEY).hash(seed=0)).to_series().to_list()
        new = [i for i, h in enumerate(hashes) if h not in self._rows]
        if new:
            start = self._store.height
            self._append(self._compute(keys[new]))
            for j, i in enumerate(new):
                self._rows.setdefault(hashes[i], start + j)
        return self._gathered(keys, [self._rows[h] for h in hashes])

    def _gathered(self, keys: pl.DataFrame, rows: list[int]) -> pl.DataFrame:
        """The stored rows ``rows`` of ``keys``; a row whose key differs (a hash shared with another key) is
        recomputed."""
        found = self._store[pl.Series(rows, dtype=pl.Int64)]
        same = _same_keys(found, keys)
        if same.all():
            return found
        return pl.concat([found.filter(same), self._compute(keys.filter(~same))])

    def _append(self, computed: pl.DataFrame) -> None:
        self._store.vstack(computed, in_place=True)
        self._chunks += 1
        if self._chunks >= 64:  # gathering from many chunks is slower; a rechunk now and then costs little
            self._store = self._store.rechunk()
            self._chunks = 0

    def _compute(self, keys: pl.DataFrame) -> pl.DataFrame:
        index = EntityIndex(self._entities_of(keys["entity_id"]), pl.DataFrame(), self.country_entity)
        checks = _PlaceChecks(index)
        rows = []
        for eid, text, label in keys.iter_rows():
            m = {"entity_id": eid, "text": text, "label": label}
            e = index.entities.get(eid, {})
            person = (e.get("type") or label) == "PERSON"
            words = sorted({fold(w) for w in re.split(r"[\s\-]+", text) if len(w) > 1}) if person else []
            found = checks._name_checks(m)
            if found is None:
                place_cols = (False, None, None, None, False) + (None,) * len(_PLACE)
            else:
                folded, strong_known, weak_ok, place = found
                place_cols = (True, folded, strong_known, weak_ok, is_venue_name(text)) + tuple(
                    place[k] for k in _PLACE
                )
            rows.append(
                (eid, text, label, list(index.ids_for(m)), index.key_ids_for(m), index.code_of(m), words, *place_cols)
            )
        # by column, the lists through Arrow: polars made a Series of every list of every row (a third of the facts)
        columns = list(zip(*rows, strict=True)) or [()] * len(_FACTS_SCHEMA)
        return _columns_frame({n: list(v) for n, v in zip(_FACTS_SCHEMA, columns, strict=True)}, _FACTS_SCHEMA)

    def _entities_of(self, entity_ids: pl.Series) -> pl.DataFrame:
        """The entity rows of ``entity_ids`` (by binary search in the sorted entities, not a scan of them all)."""
        wanted = entity_ids.drop_nulls().unique().sort()
        if wanted.is_empty() or self.entities.is_empty():
            return self.entities.clear()
        return self.entities[sorted_rows(self.entities["entity_id"], wanted).drop_nulls()]


def _same_keys(found: pl.DataFrame, keys: pl.DataFrame) -> pl.Series:
    """Row by row: the two frames' (entity_id, text, label) are equal (nulls equal)."""
    same = pl.Series([True] * keys.height, dtype=pl.Boolean)
    for name in _KEY:
        a, b = found[name], keys[name]
        same &= ((a == b) | (a.is_null() & b.is_null())).fill_null(False)
    return same


def days_frame(days: dict[str, tuple[date, bool]]) -> pl.DataFrame:
    """``publication_days`` as a frame: doc_id, pub_day, borrowed."""
    return pl.DataFrame(
        {
            "doc_id": list(days),
            "pub_day": [v[0] for v in days.values()],
            "borrowed": [v[1] for v in days.values()],
        },
        schema={"doc_id": _S, "pub_day": pl.Date(), "borrowed": _B},
    )


def _truthy(name: str) -> pl.Expr:
    return pl.col(name).is_not_null() & (pl.col(name) != "")


def link_rows(
    candidates: pl.DataFrame,
    documents: pl.DataFrame,
    lookup: pl.DataFrame,
    facts: KeyFacts,
    days: pl.DataFrame,
    *,
    tolerance_days: int = TOLERANCE_DAYS,
    first_order: int = 0,
) -> pl.DataFrame:
    """``linked_rows(link_mentions(candidates, documents, index, days=days, first_order=first_order))``, where the
    index holds the entity mentions ``lookup`` (entity_mentions rows) and ``facts`` the corpus's entities.

    ``documents``: doc_id, published_at, dup_cluster_id, dup_of; ``days``: ``days_frame(publication_days(...))``.
    """
    if candidates.height == 0:
        return pl.DataFrame(schema=LINKED_SCHEMA)
    c = _with_documents(candidates.with_row_index("_row"), documents, days)
    lookup = lookup.unique("mention_id", keep="last", maintain_order=True).with_row_index("_mrow")
    mentions = facts.of(lookup)
    person = (
        mentions.select("doc_id", pl.col("person_words").alias("folded"))
        .explode("folded")
        .drop_nulls()
        .unique()
        .with_columns(pl.lit(True).alias("is_person"))
    )
    # a mention that may name a place: its name allows it and it is no word of a person's name in its story
    mentions = mentions.join(person, on=["doc_id", "folded"], how="left").with_columns(
        (pl.col("place_ok") & (pl.col("strong_known") | pl.col("is_person").is_null())).alias("place_here")
    )
    c = c.join(_role(c, "actor_mention_ids", mentions, "actor"), on="_row", how="left")
    c = c.join(_role(c, "recipient_mention_ids", mentions, "recipient"), on="_row", how="left")
    c = c.join(_sentence_places(c, mentions), on="_row", how="left")
    c = c.join(_dateline_places(c, mentions), on=["dateline", "dateline_mention_id"], how="left", nulls_equal=True)
    unplaced = c.filter(pl.col("s_geo_precision").is_null() & pl.col("d_geo_precision").is_null())
    settings = _doc_settings(unplaced["doc_id"].unique(), mentions)
    c = c.join(settings, on="doc_id", how="left")
    c = c.with_columns(
        pl.col(n).fill_null(_EMPTY) for n in ("actor_ids", "actor_keys", "recipient_ids", "recipient_keys")
    )
    c = _with_placing_codes(c).with_columns(_belongs().alias("t_belongs"))
    c = _with_lead_scene(c.join(_lead_places(c), on="doc_id", how="left"))
    c = _speakers(c)
    c = c.join(_speaker_places(c, facts.country_entity), on="_speaker", how="left", nulls_equal=False)
    c = c.join(_dateline_countries(c), on=["d_country_code", "d_name"], how="left", nulls_equal=True)
    return _finish(c.sort("_row"), tolerance_days, first_order)


def _with_placing_codes(c: pl.DataFrame) -> pl.DataFrame:
    """``c`` with _place_codes: ``placing_codes`` of each statement (its actor codes without a country that is only
    the sentence's topic), computed in Python once per distinct actor text, codes, keys and sentence; other rows
    keep their actor codes."""
    key = ["category", "actor_text", "actor_codes", "actor_keys", "sentence"]
    speech = pl.col("category").is_in(list(SPEECH_ACTS)) & (pl.col("actor_codes").list.len().fill_null(0) > 0)
    distinct = c.filter(speech).select(key).unique(maintain_order=True)
    found = [placing_codes(row, row["actor_keys"]) for row in distinct.iter_rows(named=True)]
    placed = distinct.with_columns(pl.Series("_place_codes", found, dtype=pl.List(_S)))
    c = c.join(placed, on=key, how="left", nulls_equal=True)
    return c.with_columns(pl.coalesce("_place_codes", pl.col("actor_codes").fill_null(_EMPTY)).alias("_place_codes"))


def _speakers(c: pl.DataFrame) -> pl.DataFrame:
    """``c`` with _speaker: ``speaker_country`` of each statement, computed in Python once per distinct actor text,
    actor codes and candidate countries (the guard on a country named only by a town reads the actor's words)."""
    countries = _countries("actor_keys", "_place_codes").list.unique().list.sort()
    others = _countries("recipient_keys", "recipient_codes").list.set_difference(countries)
    # a visit, a meeting, a negotiation or a signing with a party of another country (``joint_act_abroad``)
    joint = (
        pl.col("category").is_in(list(JOINT_CATEGORIES))
        & pl.col("cameo_code").str.slice(0, 3).is_in(list(joint_act_codes()))
        & (others.list.len() > 0)
    )
    keyed = c.with_columns(
        pl.when(pl.col("category").is_in(list(SPEECH_ACTS)) & ~joint.fill_null(False))
        .then(countries)
        .otherwise(_EMPTY)
        .alias("_cands"),
    ).with_columns(
        pl.col("_cands").list.join("|").alias("_ckey"),
        pl.col("_place_codes").list.join("|").alias("_akey"),
    )
    distinct = keyed.filter(pl.col("_cands").list.len() > 0).select("actor_text", "_akey", "_ckey").unique()
    found = [
        one_speaker_country(set(cands.split("|")), codes.split("|") if codes else [], text)
        for text, codes, cands in distinct.iter_rows()
    ]
    speakers = distinct.with_columns(pl.Series("_speaker", found, dtype=_S))
    keyed = keyed.join(speakers, on=["actor_text", "_akey", "_ckey"], how="left", nulls_equal=True)
    return keyed.drop("_cands", "_ckey", "_akey")


def _dateline_countries(c: pl.DataFrame) -> pl.DataFrame:
    """(d_country_code, d_name) -> _d_country: ``place_country`` of each distinct dateline place (in Python: few)."""
    lines = (
        c.filter(pl.col("d_geo_precision").is_not_null())
        .select("d_country_code", "d_name")
        .unique()
        .sort("d_name", "d_country_code", nulls_last=True)
    )
    found = [place_country(code, name) for code, name in lines.iter_rows()]
    return lines.with_columns(pl.Series("_d_country", found, dtype=_S))


def _speaker_places(c: pl.DataFrame, country_entity: dict[str, str]) -> pl.DataFrame:
    """_speaker -> k_<place fields>: ``speaker_place`` of each distinct speaker country (in Python: few)."""
    codes = c["_speaker"].drop_nulls().unique().sort().to_list()
    places = [speaker_place(code, country_entity) for code in codes]
    schema = {"_speaker": _S, **{f"k_{k}": t for k, t in _PLACE_TYPES.items()}}
    columns = {"_speaker": codes, **{f"k_{k}": [p[k] for p in places] for k in _PLACE}}
    return pl.DataFrame(columns, schema=schema)


def _with_documents(c: pl.DataFrame, documents: pl.DataFrame, days: pl.DataFrame) -> pl.DataFrame:
    """Candidates with their document's publication time and duplicate key, re-dated where the report's day is
    borrowed (``_borrowed_date``, in Python: few rows)."""

    def column(name: str, dtype: pl.DataType) -> pl.Expr:
        return (pl.col(name) if name in documents.columns else pl.lit(None)).cast(dtype).alias(name)

    docs = documents.select(
        "doc_id", column("published_at", pl.Datetime("us", "UTC")), column("dup_cluster_id", _S), column("dup_of", _S)
    ).unique("doc_id", keep="last", maintain_order=True)
    docs = docs.with_columns(
        pl.when(_truthy("dup_cluster_id"))
        .then(pl.col("dup_cluster_id"))
        .when(_truthy("dup_of"))
        .then(pl.col("dup_of"))
        .otherwise(pl.col("doc_id"))
        .alias("_dup_key")
    ).select("doc_id", "published_at", "_dup_key")
    c = c.join(docs, on="doc_id", how="left").join(days, on="doc_id", how="left")
    c = c.with_columns(pl.col("_dup_key").fill_null(pl.col("doc_id")))
    redate = pl.col("borrowed").fill_null(False) & pl.col("report_date").is_null()
    few = c.filter(redate)
    if few.height:
        fields = ["report_date", "event_date", "precision", "date_source"]
        redated = [
            _borrowed_date(r, r["pub_day"]) for r in few.select("date_text", "pub_day", *fields).iter_rows(named=True)
        ]
        new = pl.DataFrame(
            {"_row": few["_row"], **{f: [r[f] for r in redated] for f in fields}},
            schema={"_row": few.schema["_row"], **{f: c.schema[f] for f in fields}},
        )
        c = pl.concat([c.filter(~redate), c.filter(redate).drop(fields).join(new, on="_row").select(c.columns)])
        c = c.sort("_row")
    return c


def _role(c: pl.DataFrame, column: str, mentions: pl.DataFrame, role: str) -> pl.DataFrame:
    """_row -> <role>_ids (entity ids, first seen first) and <role>_keys (the ids but country entities, and
    country codes, sorted: ``events._role``)."""
    found = (
        c.select("_row", pl.col(column).alias("mention_id"))
        .explode("mention_id")
        .with_row_index("_pos")
        .join(mentions.select("mention_id", "ids", "key_ids", "code"), on="mention_id", how="inner")
        .sort("_pos")
    )
    ids = (
        found.select("_row", "ids")
        .explode("ids")
        .group_by("_row", maintain_order=True)
        .agg(pl.col("ids").unique(maintain_order=True).alias(f"{role}_ids"))
    )
    keys = (
        pl.concat(
            [
                found.select("_row", pl.col("key_ids").alias("key")).explode("key"),
                found.select("_row", pl.col("code").alias("key")).drop_nulls(),
            ]
        )
        .group_by("_row")
        .agg(pl.col("key").unique().sort().alias(f"{role}_keys"))
    )
    return ids.join(keys, on="_row", how="left")


def _place_columns(prefix: str) -> list[pl.Expr]:
    return [pl.col("p_" + k).alias(f"{prefix}_{k}") for k in _PLACE]


def _sentence_places(c: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """_row -> s_<place fields>, s_relation: the best attached candidate that is a place (``_sentence_place``:
    relation, then precision, then distance, then the candidates' order)."""
    relation_rank = pl.col("relation").replace_strict(RELATION_RANK, return_dtype=pl.Int64)
    geo_rank = pl.col("p_geo_precision").replace_strict(GEO_RANK, return_dtype=pl.Int64)
    return (
        c.select("_row", "place_candidates")
        .explode("place_candidates")
        .drop_nulls("place_candidates")
        .with_row_index("_pos")
        .unnest("place_candidates")
        .join(mentions.filter("place_here"), on="mention_id", how="inner")
        .filter(pl.col("relation").is_in(list(STRONG_RELATIONS)) | pl.col("weak_ok"))
        .sort("_row", relation_rank, geo_rank, "distance", "_pos")
        .group_by("_row", maintain_order=True)
        .first()
        .select("_row", *_place_columns("s"), pl.col("relation").alias("s_relation"))
    )


def _dateline_places(c: pl.DataFrame, mentions: pl.DataFrame) -> pl.DataFrame:
    """(dateline, dateline_mention_id) -> d_<place fields>: the dateline's entity when it may name a place, else
    the gazetteer's place of the name (``_dateline_place``, in Python per distinct dateline)."""
    datelines = c.filter(_truthy("dateline")).select("dateline", "dateline_mention_id").unique(maintain_order=True)
    own = datelines.join(
        mentions.filter("place_here").select(pl.col("mention_id").alias("dateline_mention_id"), *_place_columns("d")),
        on="dateline_mention_id",
        how="left",
    )
    rows = []
    for r in own.iter_rows(named=True):
        if r["d_geo_precision"] is not None:
            rows.append(r)
            continue
        place = _dateline_place({"dateline": r["dateline"]}, _NO_MENTIONS, None)
        rows.append({**r, **{f"d_{k}": (place[k] if place else None) for k in _PLACE}})
    schema = {"dateline": _S, "dateline_mention_id": _S, **{f"d_{k}": t for k, t in _PLACE_TYPES.items()}}
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    return frame


class _NoMentions:
    mentions: dict = {}


_NO_MENTIONS = _NoMentions()


def _doc_settings(
    doc_ids: pl.Series,
    mentions: pl.DataFrame,
    *,
    min_share: float = SETTING_MIN_SHARE,
    min_count: int = SETTING_MIN_COUNT,
    country_share: float = SETTING_COUNTRY_SHARE,
    country_count: int = SETTING_COUNTRY_COUNT,
) -> pl.DataFrame:
    """doc_id -> t_<place fields>: each document's main place (``_doc_setting``, whose thresholds these are), from
    the counts of the places its mentions name."""
    placed = (
        mentions.filter(
            pl.col("doc_id").is_in(doc_ids.implode()) & pl.col("place_here") & pl.col("weak_ok") & ~pl.col("venue")
        )
        .sort("doc_id", "char_start", "char_end", "_mrow")
        .select("doc_id", "entity_id", *_place_columns("t"))
    )
    per = placed.group_by("doc_id", "entity_id", maintain_order=True).agg(
        pl.len().cast(pl.Int64).alias("n"), pl.all().first()
    )
    per = per.with_columns(pl.col("n").sum().over("doc_id").alias("total"))
    top = per.sort("doc_id", pl.col("n"), "entity_id", descending=[False, True, False]).group_by("doc_id").first()
    main = top.filter((pl.col("n") >= min_count) & (pl.col("n") / pl.col("total") >= min_share))
    rest = per.join(main.select("doc_id"), on="doc_id", how="anti").with_columns(
        pl.when(_truthy("t_country_code")).then(pl.col("t_country_code")).alias("_cc")
    )
    countries = (
        rest.drop_nulls("_cc")
        .group_by("doc_id", "_cc")
        .agg(pl.col("n").sum().alias("k"), pl.col("total").first())
        .sort("doc_id", "k", "_cc", descending=[False, True, False])
        .group_by("doc_id")
        .first()
        .filter((pl.col("k") >= country_count) & (pl.col("k") / pl.col("total") >= country_share))
        .select("doc_id", pl.col("_cc").alias("_code"))
    )
    within = rest.join(countries, on="doc_id").filter(pl.col("_cc") == pl.col("_code"))
    inside = (
        within.filter(pl.col("t_geo_precision") != "country")
        .with_columns(pl.col("n").sum().over("doc_id").alias("_inside"))
        .sort("doc_id", "n", "entity_id", descending=[False, True, False])
        .group_by("doc_id")
        .first()
        .filter((pl.col("n") >= min_count) & (pl.col("n") * 2 >= pl.col("_inside")))
    )
    country = (
        within.join(inside.select("doc_id"), on="doc_id", how="anti")
        .filter(pl.col("t_geo_precision") == "country")
        .sort("doc_id", pl.col("t_entity_id").fill_null(""))
        .group_by("doc_id")
        .first()
    )
    columns = ["doc_id", *(f"t_{k}" for k in _PLACE)]
    return pl.concat([main.select(columns), inside.select(columns), country.select(columns)])


def _lead_places(c: pl.DataFrame) -> pl.DataFrame:
    """doc_id -> l_<place fields>: the place the story's lead gives its incident done on the ground
    (``lead_places``): its sentence place attached as an event's or a participant's, the finest, then the first;
    replaced by the finest, then the first, a later act of the same incident gives (``_same_incident``).  A lead
    whose acts on the ground place nothing names the incident by its first such act (``unplaced_leads``)."""
    geo_rank = pl.col("s_geo_precision").replace_strict(GEO_RANK, default=None, return_dtype=pl.Int64)
    ground_act = pl.col("category").is_in(list(SCENE_CATEGORIES)) & pl.col("mood").is_in(list(REALIS))
    placed_act = ground_act & pl.col("s_relation").is_in(list(LENT_RELATIONS)) & pl.col("s_geo_precision").is_not_null()
    in_lead = c.filter(pl.col("sentence_idx") == LEAD_SENTENCE)
    placed = in_lead.filter(placed_act).sort("doc_id", geo_rank, "_row").group_by("doc_id", maintain_order=True).first()
    unplaced = (
        in_lead.filter(ground_act & ~pl.col("doc_id").is_in(placed["doc_id"].implode()))
        .sort("doc_id", "_row")
        .group_by("doc_id", maintain_order=True)
        .first()
        .with_columns(pl.lit(None, dtype=_PLACE_TYPES[k]).alias(f"s_{k}") for k in _PLACE)
    )
    lead = pl.concat([placed.select(unplaced.columns), unplaced], how="vertical_relaxed").select(
        "doc_id",
        *(pl.col(f"s_{k}").alias(f"l_{k}") for k in _PLACE),
        _own_date().alias("l_date"),
        pl.col("category").alias("l_category"),
        pl.col("cameo_code").alias("l_cameo_code"),
        geo_rank.alias("l_rank"),
    )
    later = (
        c.filter((pl.col("sentence_idx") > LEAD_SENTENCE) & placed_act)
        .join(lead, on="doc_id", how="inner")
        .filter(
            (pl.col("category") == pl.col("l_category"))
            & pl.col("cameo_code").eq_missing(pl.col("l_cameo_code"))
            & _same_time("l_date")
            & (
                pl.col("l_rank").is_null()  # a lead placed nowhere: the setting is checked where the place is lent
                | (
                    _truthy("l_country_code")
                    & (pl.col("s_country_code") == pl.col("l_country_code"))
                    & (geo_rank < pl.col("l_rank"))
                )
            )
        )
        .sort("doc_id", geo_rank, "_row")
        .group_by("doc_id", maintain_order=True)
        .first()
        .select("doc_id", *(pl.col(f"s_{k}").alias(f"f_{k}") for k in _PLACE))
    )
    finer = pl.col("f_geo_precision").is_not_null()
    return (
        lead.join(later, on="doc_id", how="left")
        .select(
            "doc_id",
            *(pl.when(finer).then(pl.col(f"f_{k}")).otherwise(pl.col(f"l_{k}")).alias(f"l_{k}") for k in _PLACE),
            "l_date",
        )
        .filter(pl.col("l_geo_precision").is_not_null())
    )


def _same_time(lead_date: str) -> pl.Expr:
    """``same_time``: the same act has no date of its own, or one within the release's tolerance of the lead's day."""
    gap = (_own_date() - pl.col(lead_date)).dt.total_days().abs()
    return (_own_date().is_null() | (gap <= TOLERANCE_DAYS)).fill_null(False)


def _own_date() -> pl.Expr:
    """A candidate's own date (``own_date``): the one its sentence or discourse gives."""
    return pl.when(pl.col("date_source").is_in(list(OWN_DATE_SOURCES))).then(pl.col("event_date"))


def _with_lead_scene(c: pl.DataFrame) -> pl.DataFrame:
    """The document's setting (t_<place fields>) replaced by the lead's finer place in the same country for an act
    done on the ground (``lead_scene``), after the actor's belonging to the setting was decided on the setting."""
    rank = {k: pl.col(f"{k}_geo_precision").replace_strict(GEO_RANK, default=None, return_dtype=pl.Int64) for k in "tl"}
    finer = (
        pl.col("category").is_in(list(SCENE_CATEGORIES))
        & _truthy("t_country_code")
        & (pl.col("l_country_code") == pl.col("t_country_code"))
        & (rank["l"] < rank["t"])
        # an act with a date of its own other than the lead's is another incident
        & (_own_date().is_null() | (_own_date() == pl.col("l_date")).fill_null(False))
    ).fill_null(False)
    return c.with_columns(
        pl.when(finer).then(pl.col(f"l_{k}")).otherwise(pl.col(f"t_{k}")).alias(f"t_{k}") for k in _PLACE
    ).drop([f"l_{k}" for k in _PLACE], "l_date")


def _countries(keys: str, codes: str) -> pl.Expr:
    """The countries a role stands for (``_identity``): ISO codes among its keys, the country of its codes."""
    cameo = _cameo_countries()
    iso = pl.col(keys).list.eval(pl.element().filter(pl.element().str.contains(r"^[A-Z]{3}$")))
    coded = pl.col(codes).list.eval(
        pl.element().str.slice(0, 3).replace_strict(cameo, default=None, return_dtype=_S).drop_nulls()
    )
    return iso.list.concat(coded.fill_null(_EMPTY))


def _belongs() -> pl.Expr:
    """``_actor_belongs`` of the document's setting (t_country_code), as an expression."""
    country = pl.col("t_country_code")
    actor = _countries("actor_keys", "_place_codes").list.contains(country)
    has_target = (pl.col("recipient_keys").list.len() > 0) | (pl.col("recipient_codes").list.len().fill_null(0) > 0)
    target = _countries("recipient_keys", "recipient_codes").list.contains(country)
    placed = pl.col("category").is_in(list(TARGET_PLACED)) & has_target & target
    spoken_in_town = pl.col("category").is_in(list(SPEECH_ACTS)) & (pl.col("t_geo_precision") != "country")
    # no named actor and no party of another country (``_without_a_party_abroad``)
    unnamed = (
        ~_truthy("actor_text")
        & (pl.col("actor_keys").list.len() == 0)
        & (pl.col("actor_codes").list.len().fill_null(0) == 0)
    )
    others = _countries("recipient_keys", "recipient_codes").list.set_difference(pl.concat_list(country))
    home_only = others.list.len() == 0
    domestic = ~pl.col("category").is_in(list(SPEECH_ACTS)) & unnamed & home_only
    return (_truthy("t_country_code") & (actor | placed | domestic) & ~spoken_in_town).fill_null(False)


def _finish(c: pl.DataFrame, tolerance_days: int, first_order: int) -> pl.DataFrame:
    """The LINKED_SCHEMA columns: the place by source, dates after the report's checks, confidence, keys."""
    sentence = pl.col("s_geo_precision").is_not_null()
    dateline = pl.col("d_geo_precision").is_not_null()
    setting = pl.col("t_geo_precision").is_not_null() & pl.col("t_belongs")
    # a statement's speaker's country unless the dateline lies in it (``_dateline_or_speaker``)
    speaker = pl.col("_speaker").is_not_null() & (~dateline | (pl.col("_d_country") != pl.col("_speaker"))).fill_null(
        True
    )
    source = (
        pl.when(sentence & (pl.col("s_relation") == "incident"))
        .then(pl.lit("incident"))
        .when(sentence & (pl.col("s_relation") == "occasion"))
        .then(pl.lit("occasion"))
        .when(sentence)
        .then(pl.lit("sentence"))
        .when(speaker)
        .then(pl.lit("speaker"))
        .when(dateline)
        .then(pl.lit("dateline"))
        .when(setting)
        .then(pl.lit("document"))
        .otherwise(pl.lit("none"))
    )
    c = c.with_columns(source.alias("place_source"))
    src = pl.col("place_source")
    places = [
        pl.when(src.is_in(["sentence", "incident", "occasion"]))
        .then(pl.col(f"s_{k}"))
        .when(src == "speaker")
        .then(pl.col(f"k_{k}"))
        .when(src == "dateline")
        .then(pl.col(f"d_{k}"))
        .when(src == "document")
        .then(pl.col(f"t_{k}"))
        .alias(f"place_{k}")
        for k in _PLACE
    ]
    c = c.with_columns(
        *places,
        (src != "none").alias("has_place"),
        (src == "sentence").alias("place_explicit"),
        pl.when(src.is_in(["sentence", "incident", "occasion"])).then(pl.col("s_relation")).alias("place_relation"),
    )
    c = _dates(c, tolerance_days)
    c = _confidence(c)
    c = _keys_of_places(c)
    return c.with_columns(
        pl.col("_dup_key").alias("dup_key"),
        (pl.col("_row").cast(pl.Int64) + first_order).alias("order"),
        pl.col("event_date").dt.year().cast(pl.Int64).alias("year"),
        pl.col("actor_codes").fill_null(_EMPTY),
        pl.col("recipient_codes").fill_null(_EMPTY),
    ).select([pl.col(n).cast(t) for n, t in LINKED_SCHEMA.items()])


def _dates(c: pl.DataFrame, tolerance_days: int) -> pl.DataFrame:
    """event_date, precision, date_source as link_mentions sets them (``_after_report``, then the report's day);
    the candidate's own precision kept as _cand_precision for the confidence."""
    d, r, p = pl.col("event_date"), pl.col("report_date"), pl.col("precision")
    after = (
        pl.when(r.is_null() | d.is_null())
        .then(False)
        .when(p == "day")
        .then(d > r + pl.duration(days=tolerance_days))
        .when(p == "month")
        .then((d.dt.year() > r.dt.year()) | ((d.dt.year() == r.dt.year()) & (d.dt.month() > r.dt.month())))
        .otherwise(d.dt.year() > r.dt.year())
    )
    c = c.with_columns(
        p.alias("_cand_precision"),
        pl.when(after).then(None).otherwise(d).alias("event_date"),
        pl.when(after).then(pl.lit("report")).otherwise(pl.col("date_source")).alias("date_source"),
    )
    d, s = pl.col("event_date"), pl.col("date_source")
    by_report = (d.is_null() & (s == "report") & r.is_not_null()).fill_null(False)
    undated = d.is_null() & ~by_report
    return c.with_columns(
        pl.when(by_report).then(r).otherwise(d).alias("event_date"),
        pl.when(by_report)
        .then(pl.lit("report"))
        .when(undated)
        .then(pl.lit("unresolved"))
        .otherwise(p)
        .alias("precision"),
        pl.when(undated).then(pl.lit("none")).otherwise(s).alias("date_source"),
    )


def _confidence(c: pl.DataFrame) -> pl.DataFrame:
    """``strength x roles x date``, rounded as link_mentions rounds it (in Python, per distinct factor)."""
    has_actor = (pl.col("actor_ids").list.len() > 0) | _truthy("actor_text")
    has_other = (pl.col("recipient_ids").list.len() > 0) | _truthy("recipient_text") | pl.col("place_explicit")
    c = c.with_columns(has_actor.alias("_a"), has_other.alias("_r"))
    factors = c.select("strength", "_a", "_r", "_cand_precision").unique()
    values = []
    for strength, a, r, precision in factors.iter_rows():
        roles = 0.7 + (0.2 if a else 0.0) + (0.1 if r else 0.0)
        values.append(round(min(0.99, strength * roles * DATE_FACTOR[precision]), 4))
    factors = factors.with_columns(pl.Series("confidence", values, dtype=_F))
    return c.join(factors, on=["strength", "_a", "_r", "_cand_precision"], how="left", nulls_equal=True)


def _keys_of_places(c: pl.DataFrame) -> pl.DataFrame:
    """place_keys: ``_place_keys`` of the sentence's own place (its entity id, and its country code or else the key
    of its name, sorted), none otherwise; as expressions, only the name's key in Python, per distinct name without
    a country code.  Built per distinct place in Python, the lists were made into a column element by element
    (some 8% of linking at 10,000 articles, growing with the candidates)."""
    explicit = pl.col("place_explicit")
    names = c.filter(explicit & ~_truthy("place_country_code"))["place_name"].unique().to_list()
    name_keys = pl.DataFrame(
        {"place_name": names, "_name_key": [_place_name_key(n) for n in names]},
        schema={"place_name": _S, "_name_key": _S},
    )
    c = c.join(name_keys, on="place_name", how="left", nulls_equal=True)
    keys = (
        pl.concat_list(
            pl.when(_truthy("place_entity_id")).then(pl.col("place_entity_id")),
            pl.when(_truthy("place_country_code")).then(pl.col("place_country_code")).otherwise(pl.col("_name_key")),
        )
        .list.drop_nulls()
        .list.unique()
        .list.sort()
    )
    return c.with_columns(pl.when(explicit).then(keys).otherwise(_EMPTY).alias("place_keys")).drop("_name_key")


def dayless_rows(rows: pl.DataFrame) -> dict[str, set[str]]:
    """``dayless_keys`` of LINKED_SCHEMA rows: category -> the participant and place keys of its dayless mentions
    (no date and no report day)."""
    dayless = rows.filter(
        pl.col("event_date").is_null() & pl.col("report_date").is_null() & pl.col("published_at").is_null()
    )
    if dayless.height == 0:
        return {}
    keys = (
        dayless.select("category", pl.concat_list("actor_keys", "recipient_keys", "place_keys").alias("key"))
        .explode("key")
        .drop_nulls()
        .group_by("category")
        .agg(pl.col("key").unique())
    )
    return {category: set(found) for category, found in keys.iter_rows()}
