"""Entity mentions, corrections and canonical entities across the corpus."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from transforms.extract.entity_rules import ENTITY_LABELS, ROLE_WORDS
from transforms.gazetteer import fold, lookup_demonym, lookup_place
from transforms.schemas import TABLES

ENTITIES_SCHEMA = TABLES["entities"]  # output 1 of build_entities
ENTITY_MENTIONS_SCHEMA = TABLES["entity_mentions"]  # output 2 of build_entities
PLACE_LABELS = ("GPE", "LOC", "FAC")
# Tie-break for label votes: a name seen equally often as PERSON and ORG is more often a person in news.
LABEL_PRIORITY = {
    lab: i
    for i, lab in enumerate(
        ("PERSON", "GPE", "LOC", "NORP", "ORG", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "LANGUAGE")
    )
}
ACRONYM_STOPWORDS = frozenset({"of", "the", "and", "for", "on", "in", "to", "&"})


def stable_id(*parts: object) -> str:
    """Content-derived ID: the first 16 hex digits of SHA-256 over the parts."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def entity_id(entity_type: str, name: str) -> str:
    """Deterministic entity ID from type and canonical name."""
    return stable_id("entity", entity_type, name)


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


def _sentence_index(doc) -> list[int]:
    """Token index -> index of its sentence in doc.sents (same indexing as build_sentences)."""
    out = [0] * len(doc)
    for si, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            out[i] = si
    return out


def _initials(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w.lower() not in ACRONYM_STOPWORDS]
    return "".join(w[0] for w in words if w[:1].isalpha()).upper()


def _collect(doc_ids: Sequence[str], docs: Sequence) -> tuple[list[_Mention], list[tuple[int, int]]]:
    """All entity mentions in corpus order, plus (mention, alternate) index pairs for 'X (Y)' patterns."""
    mentions: list[_Mention] = []
    paren_pairs: list[tuple[int, int]] = []
    for di, (doc_id, doc) in enumerate(zip(doc_ids, docs, strict=True)):
        sent_of = _sentence_index(doc)
        text = doc.text  # rebuilt from the tokens on every access: once per document (long texts)
        prev: tuple[int, object] | None = None
        for ent in doc.ents:
            if ent.label_ not in ENTITY_LABELS or not ent.text.strip():
                continue
            m = _Mention(di, doc_id, ent.start_char, ent.end_char, ent.text, ent.label_, sent_of[ent.start])
            mentions.append(m)
            if prev is not None:
                pi, pent = prev
                between = text[pent.end_char : ent.start_char]
                after = text[ent.end_char : ent.end_char + 1]
                if between.strip() == "(" and after == ")":
                    paren_pairs.append((pi, len(mentions) - 1))
            prev = (len(mentions) - 1, ent)
    return mentions, paren_pairs


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
    """Short person names ('Hajiyev') join the full name met earlier in the doc, else the corpus's most used one."""
    corpus_by_last: dict[str, Counter] = defaultdict(Counter)
    in_doc: dict[tuple[int, str], list[tuple[int, str]]] = defaultdict(list)
    for m in mentions:
        words = m.text.split()
        if m.label == "PERSON" and len(words) >= 2:
            corpus_by_last[fold(words[-1])][m.key] += 1
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
            if target is None and corpus_by_last.get(m.key):
                target = sorted(corpus_by_last[m.key].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        m.cluster = "PERSON|" + (target or m.key)


def _org_key(name: str) -> str:
    """Word-order-free key for organisation names: 'Defense Ministry of Azerbaijan' = 'Azerbaijani Ministry of Defense'."""
    words = []
    for word in name.replace("’s", " ").replace("'s", " ").replace("-", " ").split():
        if word.lower() in ACRONYM_STOPWORDS:
            continue
        place = lookup_place(word)
        dem = lookup_demonym(word)
        if place is not None and place.kind == "country":
            words.append(place.country_code)
        elif dem is not None:
            words.append(dem.country_code)
        else:
            words.append(fold(word))
    return "+".join(sorted(w for w in words if w)) or fold(name)


def build_entity_mentions_raw(doc_ids: Sequence[str], docs: Sequence) -> list[_Mention]:
    """Mentions with corpus-consistent labels and cluster keys (internal; used by build_entities)."""
    mentions, paren_pairs = _collect(doc_ids, docs)
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
    codes = set()
    for word in name.replace("’s", "").replace("'s", "").split():
        place = lookup_place(word)
        # Only countries and capitals: a small town sharing a word ("Mets") says nothing about the organisation.
        hit = place if place is not None and place.kind in {"country", "capital"} else lookup_demonym(word)
        if hit is not None and hit.country_code:
            codes.add(hit.country_code)
    return codes.pop() if len(codes) == 1 else None


def build_entities(
    doc_ids: Sequence[str], docs: Sequence, documents: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Canonical entities and their mentions: (TABLES['entities'], TABLES['entity_mentions'])."""
    mentions = build_entity_mentions_raw(doc_ids, docs)
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


def entity_country_map(entities: pl.DataFrame) -> dict[str, str]:
    """entity_id -> ISO alpha-3 country code for every entity that has one (places, demonyms, national bodies)."""
    rows = entities.filter(pl.col("country_code").is_not_null()).select("entity_id", "country_code")
    return dict(rows.iter_rows())


__all__ = ["build_entities", "entity_country_map", "entity_id", "stable_id", "ROLE_WORDS"]
