"""The corpus-wide rules as simple in-memory code: the oracle the compact, partitioned stages are tested against.

These are the implementations the pipeline ran before the corpus-wide stages moved to compact tables
(duplicate clusters, paragraph repeats, entity linking), kept verbatim apart from imports (the per-name helpers of transforms.link.entities are imported: they are
rules on one string, not what the partitioned stages change).  They hold a
Python object per row, so they only suit small inputs; tests assert the new code gives the same tables.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import polars as pl

from transforms.dedupe.near_duplicates import DUPLICATES_SCHEMA
from transforms.extract.events.actors import is_dictionary_person
from transforms.gazetteer import fold, lookup_demonym, lookup_place
from transforms.ids import content_id, stable_id
from transforms.link.entities import (
    ENTITIES_SCHEMA,
    ENTITY_MENTIONS_SCHEMA,
    LABEL_PRIORITY,
    PLACE_LABELS,
    _canonical_name,
    _initials,
    _is_acronym,
    _org_country,
    _org_key,
    entity_id,
)
from transforms.schemas import TABLES

# --- duplicate clusters ----------------------------------------------------------------------------------


def _order_key(published_at: datetime | None, doc_id: str) -> tuple:
    # Earliest published first, undated last, then smallest doc_id: the canonical-document rule.
    return (published_at is None, published_at or datetime.min, doc_id)


def duplicate_clusters(keys: pl.DataFrame, edges: Iterable[tuple[str, str]]) -> pl.DataFrame:
    """DUPLICATES_SCHEMA rows (sorted by doc_id): exact copies share a content_hash, near ones an edge.

    The canonical document of a cluster is the earliest published, undated last, then the smallest doc_id.
    """
    rows = keys.sort("doc_id").select("doc_id", "content_hash", "published_at").rows()
    position = {doc_id: i for i, (doc_id, _, _) in enumerate(rows)}
    parent = list(range(len(rows)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    by_hash: dict[str, int] = {}
    for i, (_, key, _) in enumerate(rows):
        if key in by_hash:
            union(i, by_hash[key])
        else:
            by_hash[key] = i
    for a, b in edges:
        union(position[a], position[b])
    members: dict[int, list[int]] = {}
    for i in range(len(rows)):
        members.setdefault(find(i), []).append(i)
    cluster_id = [""] * len(rows)
    dup_of: list[str | None] = [None] * len(rows)
    for group in members.values():
        canonical = min(group, key=lambda i: _order_key(rows[i][2], rows[i][0]))
        cid = content_id("dup_cluster\n" + rows[canonical][0])
        for i in group:
            cluster_id[i] = cid
            dup_of[i] = None if i == canonical else rows[canonical][0]
    return pl.DataFrame(
        {"doc_id": [r[0] for r in rows], "dup_cluster_id": cluster_id, "dup_of": dup_of}, schema=DUPLICATES_SCHEMA
    )


# --- paragraph repeats ----------------------------------------------------------------------------------


def _positions(fingerprints: pl.DataFrame, order: pl.DataFrame) -> pl.DataFrame:
    """Fingerprints with ``pos``: the paragraph's rank in canonical order (documents, then paragraphs)."""
    ranked = order.select(
        "doc_id",
        pl.struct(pl.col("published_at").is_null().alias("undated"), "published_at", "doc_id")
        .rank("dense")
        .alias("doc_rank"),
    )
    return (
        fingerprints.join(ranked, on="doc_id", how="left")
        .sort("doc_rank", "para_idx")
        .with_row_index("pos")
        .with_columns(pl.col("pos").cast(pl.Int64))
    )


def _exact_targets(paras: pl.DataFrame) -> pl.DataFrame:
    """pos -> earliest earlier paragraph with the same normalised text."""
    first = paras.group_by("para_hash").agg(pl.col("pos").min().alias("target"))
    return (
        paras.select("pos", "para_hash")
        .join(first, on="para_hash")
        .filter(pl.col("target") < pl.col("pos"))
        .select("pos", "target")
    )


def _run_targets(paras: pl.DataFrame, exact: pl.DataFrame, min_word_containment: float) -> pl.DataFrame:
    """pos -> earliest earlier paragraph sharing a run and most of the smaller vocabulary (for non-exact ones)."""
    runs = paras.select("pos", "runs").explode("runs").drop_nulls("runs")
    pairs = (
        runs.join(runs, on="runs", suffix="_j")
        .filter(pl.col("pos_j") < pl.col("pos"))
        .select("pos", "pos_j")
        .unique()
        .join(exact.select("pos"), on="pos", how="anti")
    )
    if pairs.is_empty():
        return pl.DataFrame(schema={"pos": pl.Int64(), "target": pl.Int64()})
    vocab = paras.select("pos", "vocab", pl.col("vocab").list.len().alias("n_vocab"))
    scored = (
        pairs.join(vocab, on="pos")
        .join(vocab.rename({"pos": "pos_j", "vocab": "vocab_j", "n_vocab": "n_vocab_j"}), on="pos_j")
        .with_columns(
            (
                pl.col("vocab").list.set_intersection("vocab_j").list.len()
                / pl.max_horizontal(pl.min_horizontal("n_vocab", "n_vocab_j"), pl.lit(1))
            ).alias("containment")
        )
        .filter(pl.col("containment") >= min_word_containment)
    )
    return scored.group_by("pos").agg(pl.col("pos_j").min().alias("target"))


def _chain_roots(n: int, targets: pl.DataFrame) -> list[int]:
    """root[pos]: follow pos -> target (always earlier) to the first paragraph of the chain."""
    root = list(range(n))
    target = dict(targets.select("pos", "target").rows())
    for pos in range(n):  # targets point backwards, so the target's root is already final
        if pos in target:
            root[pos] = root[target[pos]]
    return root


def mark_repeats(fingerprints: pl.DataFrame, order: pl.DataFrame, *, min_word_containment: float = 0.6) -> pl.DataFrame:
    """TABLES['paragraphs'] from the paragraphs' fingerprints and the documents' publication times."""
    if fingerprints.is_empty():
        return TABLES["paragraphs"].empty()
    paras = _positions(fingerprints, order)
    exact = _exact_targets(paras)
    targets = pl.concat([exact, _run_targets(paras, exact, min_word_containment)])
    root = _chain_roots(paras.height, targets)
    doc_of = paras["doc_id"].to_list()
    out = paras.with_columns(pl.Series("first_doc_id", [doc_of[r] for r in root], dtype=pl.String())).with_columns(
        (pl.col("first_doc_id") != pl.col("doc_id")).alias("is_repeat")
    )
    return TABLES["paragraphs"].conform(out)


# --- entity linking -------------------------------------------------------------------------------------


@dataclass
class _Mention:
    doc_idx: int
    doc_id: str
    start: int
    end: int
    text: str
    label: str
    sentence_idx: int
    key: str = ""
    cluster: str = ""


def _collect(mentions: pl.DataFrame) -> tuple[list[_Mention], list[tuple[int, int]]]:
    """Mentions in corpus order (document, then text order), plus (mention, alternate) index pairs for 'X (Y)'."""
    ordered = mentions.sort("doc_id", "char_start", "char_end", maintain_order=True)
    out: list[_Mention] = []
    position: dict[str, int] = {}
    paren_pairs: list[tuple[int, int]] = []
    doc_idx, last_doc = -1, None
    for r in ordered.iter_rows(named=True):
        if r["doc_id"] != last_doc:
            doc_idx, last_doc = doc_idx + 1, r["doc_id"]
        position[r["mention_id"]] = len(out)
        out.append(
            _Mention(doc_idx, r["doc_id"], r["char_start"], r["char_end"], r["text"], r["label"], r["sentence_idx"])
        )
        if r["paren_of"] is not None and r["paren_of"] in position:
            paren_pairs.append((position[r["paren_of"]], len(out) - 1))
    return out, paren_pairs


def _vote_labels(mentions: list[_Mention]) -> None:
    """Corpus-level label consistency: the gazetteer decides for places/demonyms, else the majority label."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        votes[m.key][m.label] += 1
    for m in mentions:
        if m.label in PLACE_LABELS or m.label == "NORP":
            continue  # set by the gazetteer-aware component; a city name may also be a club or a person elsewhere
        v = votes[m.key]
        best = sorted(v.items(), key=lambda kv: (-kv[1], LABEL_PRIORITY.get(kv[0], 99)))[0][0]
        if best not in PLACE_LABELS and best != "NORP":
            m.label = best


def _person_clusters(mentions: list[_Mention]) -> None:
    """Short person names ('Hajiyev') join the full name met earlier in the doc, else the corpus's most used one
    among those named in full twice or more or listed as people in the actor dictionaries."""
    corpus_by_last: dict[str, Counter] = defaultdict(Counter)
    known: set[str] = set()  # keys of full names the actor dictionaries list as people
    in_doc: dict[tuple[int, str], list[tuple[int, str]]] = defaultdict(list)
    for m in mentions:
        words = m.text.split()
        if m.label == "PERSON" and len(words) >= 2:
            corpus_by_last[fold(words[-1])][m.key] += 1
            if is_dictionary_person(m.text):
                known.add(m.key)
            in_doc[(m.doc_idx, "last:" + fold(words[-1]))].append((m.start, m.key))
            in_doc[(m.doc_idx, "first:" + fold(words[0]))].append((m.start, m.key))
    for m in mentions:
        if m.label != "PERSON":
            continue
        target = None
        if len(m.text.split()) == 1:
            for kind in ("last:", "first:"):
                found = sorted(in_doc.get((m.doc_idx, kind + m.key), []))
                if found:
                    earlier = [k for s, k in found if s < m.start]
                    # The nearest full name before the mention, else the first one after it.
                    target = earlier[-1] if earlier else found[0][1]
                    break
            # across documents only to a person named in full twice or more, or a listed public figure
            recurring = {k: n for k, n in corpus_by_last.get(m.key, {}).items() if n >= 2 or k in known}
            if target is None and recurring:
                target = sorted(recurring.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        m.cluster = "PERSON|" + (target or m.key)


def build_entity_mentions_raw(raw_mentions: pl.DataFrame) -> list[_Mention]:
    """Mentions with corpus-consistent labels and cluster keys (internal; used by build_entities)."""
    mentions, paren_pairs = _collect(raw_mentions)
    for m in mentions:
        m.key = fold(m.text)
    _vote_labels(mentions)
    for m in mentions:
        if m.label in PLACE_LABELS:
            place = lookup_place(m.text)
            m.cluster = f"PLACE|{place.name}|{place.country_code}" if place else f"{m.label}|{m.key}"
        elif m.label == "NORP":
            dem = lookup_demonym(m.text)
            m.cluster = f"NORP|{dem.name}" if dem else f"NORP|{m.key}"
        elif m.label == "ORG":
            m.cluster = f"ORG|{_org_key(m.text)}"
        elif m.label != "PERSON":
            m.cluster = f"{m.label}|{m.key}"
    _person_clusters(mentions)
    # Parenthetical alternates and acronyms: "Karabakh (Garabagh)", "European Union (EU)".
    redirect: dict[str, str] = {}
    for a, b in paren_pairs:
        ma, mb = mentions[a], mentions[b]
        if ma.label == mb.label and mb.cluster != ma.cluster and not mb.cluster.startswith("PLACE|"):
            redirect[mb.cluster] = ma.cluster
    by_initials: dict[tuple[str, str], set[str]] = defaultdict(set)
    for m in mentions:
        if m.label in {"ORG", "GPE", "LOC", "FAC", "EVENT", "LAW"} and len(m.text.split()) >= 2:
            by_initials[(m.label, _initials(m.text))].add(m.cluster)
    for m in mentions:
        t = m.text.replace(".", "")
        if _is_acronym(m.text) and m.cluster not in redirect:
            targets = sorted(by_initials.get((m.label, t), set()) - {m.cluster})
            if len(targets) == 1:
                redirect[m.cluster] = targets[0]
    for m in mentions:
        seen = set()
        while m.cluster in redirect and m.cluster not in seen:
            seen.add(m.cluster)
            m.cluster = redirect[m.cluster]
    return mentions


def link_entities(raw_mentions: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Canonical entities and their mentions: (TABLES['entities'], TABLES['entity_mentions']).

    ``raw_mentions``: the entity mentions of every document (RAW_MENTIONS_SCHEMA, extract stage).
    """
    mentions = build_entity_mentions_raw(raw_mentions)
    if not mentions:
        return ENTITIES_SCHEMA.empty(), ENTITY_MENTIONS_SCHEMA.empty()
    forms: dict[str, Counter] = defaultdict(Counter)
    labels: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        forms[m.cluster][" ".join(m.text.split())] += 1
        labels[m.cluster][m.label] += 1
    entity_rows, id_of = [], {}
    merged: dict[str, dict] = {}
    for cluster in sorted(forms):
        etype = sorted(labels[cluster].items(), key=lambda kv: (-kv[1], LABEL_PRIORITY.get(kv[0], 99)))[0][0]
        name = _canonical_name(cluster, forms[cluster])
        eid = entity_id(etype, name)
        id_of[cluster] = eid
        row = merged.setdefault(eid, {"entity_id": eid, "name": name, "type": etype, "aliases": set(), "clusters": []})
        row["aliases"].update(f for f in forms[cluster] if f != name)
        row["clusters"].append(cluster)
    mention_rows = [
        {
            "mention_id": stable_id("mention", m.doc_id, m.start, m.end),
            "entity_id": id_of[m.cluster],
            "doc_id": m.doc_id,
            "sentence_idx": m.sentence_idx,
            "char_start": m.start,
            "char_end": m.end,
            "text": m.text,
            "label": m.label,
        }
        for m in mentions
    ]
    mentions_df = ENTITY_MENTIONS_SCHEMA.conform(pl.DataFrame(mention_rows, schema=ENTITY_MENTIONS_SCHEMA.schema))
    counts = mentions_df.group_by("entity_id").agg(
        pl.len().alias("n_mentions"), pl.col("doc_id").n_unique().alias("n_documents")
    )
    count_of = {r["entity_id"]: (r["n_mentions"], r["n_documents"]) for r in counts.iter_rows(named=True)}
    for eid, row in sorted(merged.items()):
        name, etype = row["name"], row["type"]
        place = lookup_place(name) if etype in PLACE_LABELS else None
        dem = lookup_demonym(name) if etype == "NORP" else None
        country = (
            place.country_code if place else dem.country_code if dem else _org_country(name) if etype == "ORG" else None
        )
        entity_rows.append(
            {
                "entity_id": eid,
                "name": name,
                "type": etype,
                "aliases": sorted(row["aliases"]),
                "n_mentions": count_of[eid][0],
                "n_documents": count_of[eid][1],
                "country_code": country,
                "latitude": place.latitude if place else None,
                "longitude": place.longitude if place else None,
                "geonames_id": place.geonames_id if place else None,
            }
        )
    entities_df = ENTITIES_SCHEMA.conform(pl.DataFrame(entity_rows, schema=ENTITIES_SCHEMA.schema))
    return entities_df, mentions_df
