"""Event linking on columns (transforms.link.event_linking.link_rows) gives the rows of the per-candidate reference
(``linked_rows(link_mentions(...))``): roles, the sentence's place, the dateline's, the document's setting, dates
borrowed or after their report, confidence, keys."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from transforms.extract.events.mentions import EVENT_CANDIDATES_SCHEMA
from transforms.link.event_linking import KeyFacts, dayless_rows, days_frame, link_rows
from transforms.link.events import (
    EntityIndex,
    country_entities,
    dayless_keys,
    link_mentions,
    linked_rows,
    mentions_from_rows,
    publication_days,
)
from transforms.schemas import TABLES

# (entity_id, name, type, country_code, latitude, geonames_id): countries, a city, a region, a facility, a
# person whose surname is also a place name, an unknown initialism, an organ of a state, a demonym's country.
_ENTITIES = [
    ("e-ukr", "Ukraine", "GPE", "UKR", 49.0, None),
    ("e-rus", "Russia", "GPE", "RUS", 60.0, None),
    ("e-kyiv", "Kyiv", "GPE", "UKR", 50.45, 703448),
    ("e-odesa", "Odesa", "GPE", "UKR", 46.48, None),
    ("e-donbas", "Donbas", "LOC", "UKR", None, None),
    ("e-port", "Port of Odesa", "FAC", None, None, None),
    ("e-smith", "John Lviv", "PERSON", None, None, None),
    ("e-lviv", "Lviv", "GPE", None, None, None),
    ("e-ai", "AI", "GPE", None, None, None),
    ("e-mod", "Russian Defense Ministry", "ORG", None, None, None),
    ("e-russians", "Russians", "NORP", "RUS", None, None),
    ("e-far", "Farland", "GPE", None, None, None),
]
# (entity_id, text, label) of mentions; every document holds each of them once
_FORMS = [
    ("e-ukr", "Ukraine", "GPE"),
    ("e-rus", "Russia", "GPE"),
    ("e-kyiv", "Kyiv", "GPE"),
    ("e-kyiv", "the Ukrainian capital", "GPE"),
    ("e-odesa", "Odesa", "GPE"),
    ("e-donbas", "Donbas", "LOC"),
    ("e-port", "the port", "FAC"),
    ("e-smith", "John Lviv", "PERSON"),
    ("e-lviv", "Lviv", "GPE"),
    ("e-ai", "AI", "GPE"),
    ("e-mod", "the Russian Defense Ministry", "ORG"),
    ("e-russians", "Russian", "NORP"),
    ("e-far", "Farland", "GPE"),
]
_DOCS = ["d0", "d1", "d2", "d3"]


def _entities() -> pl.DataFrame:
    rows = [
        {
            "entity_id": e,
            "name": n,
            "type": t,
            "aliases": [],
            "n_mentions": 1,
            "n_documents": 1,
            "country_code": cc,
            "latitude": lat,
            "longitude": lat,
            "geonames_id": g,
        }
        for e, n, t, cc, lat, g in _ENTITIES
    ]
    return pl.DataFrame(rows, schema=TABLES["entities"].schema)


def _mention_id(doc: str, form: int) -> str:
    return f"{doc}-m{form}"


@st.composite
def _corpus(draw):
    """Documents (some without a day, borrowing one from a near-duplicate), the entity mentions of some forms in
    each, and event candidates naming them."""
    forms_of = {d: draw(st.sets(st.integers(0, len(_FORMS) - 1), min_size=1)) for d in _DOCS}
    mentions = [
        {
            "mention_id": _mention_id(d, f),
            "entity_id": _FORMS[f][0],
            "doc_id": d,
            "sentence_idx": 0,
            "char_start": draw(st.integers(0, 5)) * 10,
            "char_end": 100 + f,
            "text": _FORMS[f][1],
            "label": _FORMS[f][2],
        }
        for d in _DOCS
        for f in sorted(forms_of[d])
    ]
    days = [None, date(2024, 3, 1), date(2024, 3, 2)]
    published = {d: draw(st.sampled_from(days)) for d in _DOCS}
    documents = pl.DataFrame(
        {
            "doc_id": _DOCS,
            "published_at": [
                datetime(p.year, p.month, p.day, 9, tzinfo=UTC) if p else None for p in published.values()
            ],
            "published_precision": ["day" if p else "none" for p in published.values()],
            "dup_cluster_id": [draw(st.sampled_from([None, "", "c1"])) for _ in _DOCS],
            "dup_of": [draw(st.sampled_from([None, "d0"])) for _ in _DOCS],
        },
        schema={
            "doc_id": pl.String(),
            "published_at": pl.Datetime("us", "UTC"),
            "published_precision": pl.String(),
            "dup_cluster_id": pl.String(),
            "dup_of": pl.String(),
        },
    )
    any_form = st.integers(0, len(_FORMS) - 1)
    candidates = []
    for i in range(draw(st.integers(1, 12))):
        doc = draw(st.sampled_from(_DOCS))
        pub = published[doc]
        precision = draw(st.sampled_from(["day", "month", "year", "unresolved"]))
        event_date = draw(st.sampled_from([date(2024, 3, 1), date(2024, 3, 5), date(2024, 4, 1), date(2025, 1, 1)]))
        candidates.append(
            {
                "doc_id": doc,
                "sentence_idx": i,
                "char_start": i * 10,
                "char_end": i * 10 + 5,
                "sentence": f"sentence {i}",
                "category": draw(
                    st.sampled_from(["ASSAULT", "COERCE", "CONSULT", "PROTEST", "DISAPPROVE", "REJECT", "SUPPORT"])
                ),
                # a signing (057), a joint act that gives no speaker's country with a party abroad
                "cameo_code": draw(st.sampled_from(["190", "057"])),
                "trigger": "struck",
                "strength": draw(st.sampled_from([0.45, 0.6, 0.85, 0.95])),
                "mood": "realis",
                "event_date": event_date if precision != "unresolved" else None,
                "precision": precision,
                "date_text": draw(st.sampled_from([None, "on Monday", "in the 1990s", "on March 4"])),
                "date_source": draw(st.sampled_from(["sentence", "report", "none", None])),
                "report_date": pub if draw(st.booleans()) else None,
                # a capital for its government, a town that gives no speaker's country, a demonym
                "actor_text": draw(st.sampled_from([None, "", "Russian forces", "Moscow", "Kharkiv officials"])),
                "actor_mention_ids": [_mention_id(doc, f) for f in draw(st.lists(any_form, max_size=3))]
                + (["missing"] if draw(st.booleans()) else []),
                "actor_codes": draw(
                    st.sampled_from([None, [], ["RUSMIL"], ["UKRGOV", "RUS"], ["UKRGOV"], ["UKR"], ["IGOUNO"]])
                ),
                "recipient_text": draw(st.sampled_from([None, "Ukraine"])),
                "recipient_mention_ids": [_mention_id(doc, f) for f in draw(st.lists(any_form, max_size=2))],
                "recipient_codes": draw(st.sampled_from([None, ["UKR"]])),
                "place_candidates": [
                    {
                        "mention_id": _mention_id(doc, f),
                        "relation": draw(
                            st.sampled_from(["event", "participant", "statement", "incident", "occasion"])
                        ),
                        "distance": draw(st.integers(0, 3)),
                    }
                    for f in draw(st.lists(any_form, max_size=3))
                ],
                "dateline": draw(st.sampled_from([None, "", "KYIV", "ODESA", "MOSCOW", "NOWHERE"])),
                "dateline_mention_id": draw(st.sampled_from([None, _mention_id(doc, 2), _mention_id(doc, 8)])),
                "fatalities": draw(st.sampled_from([None, 3])),
            }
        )
    return (
        pl.DataFrame(candidates, schema=EVENT_CANDIDATES_SCHEMA),
        documents,
        pl.DataFrame(mentions, schema=TABLES["entity_mentions"].schema),
    )


@settings(max_examples=300, deadline=None)
@given(_corpus(), st.integers(0, 1000))
def test_link_rows_are_the_rows_of_the_per_candidate_linking(corpus, first_order):
    candidates, documents, lookup = corpus
    entities = _entities()
    countries = country_entities(entities)
    days = publication_days(documents)
    reference = linked_rows(
        link_mentions(
            candidates, documents, EntityIndex(entities, lookup, countries), days=days, first_order=first_order
        )
    )
    rows = link_rows(
        candidates, documents, lookup, KeyFacts(entities, countries), days_frame(days), first_order=first_order
    )
    assert_frame_equal(rows, reference)
    assert dayless_rows(rows) == {k: v for k, v in dayless_keys(mentions_from_rows(reference)).items() if v}


def _forms_frame(forms) -> pl.DataFrame:
    return pl.DataFrame(
        forms, schema={"entity_id": pl.String(), "text": pl.String(), "label": pl.String()}, orient="row"
    )


def test_name_facts_are_computed_once_and_looked_up_by_key():
    entities = _entities()
    facts = KeyFacts(entities, country_entities(entities))
    first = facts.facts(_forms_frame(_FORMS[:7]))
    unknown = ("e-unknown", "Nowhere", "GPE")  # an entity id the entities table lacks
    again = facts.facts(_forms_frame([unknown, *reversed(_FORMS)]))
    assert facts.frame.height == len(_FORMS) + 1  # the first seven were not computed again
    fresh = KeyFacts(entities, country_entities(entities)).facts(_forms_frame([*_FORMS, unknown]))
    key = ["entity_id", "text", "label"]
    assert_frame_equal(again.sort(key), fresh.sort(key))
    assert_frame_equal(first.sort(key), fresh.filter(pl.col("text").is_in([f[1] for f in _FORMS[:7]])).sort(key))


def test_a_key_whose_hash_finds_another_keys_facts_gets_its_own():
    """A 64-bit hash shared by two keys (rare, never impossible) must not give one key the other's facts."""
    entities = _entities()
    facts = KeyFacts(entities, country_entities(entities))
    facts.facts(_forms_frame(_FORMS))
    kyiv, odesa = _FORMS[2], _FORMS[4]
    by_hash = {facts.frame.row(i)[:3]: h for h, i in facts._rows.items()}
    facts._rows[by_hash[odesa]] = facts._rows[by_hash[kyiv]]  # odesa's hash now leads to kyiv's row
    got = facts.facts(_forms_frame([odesa, kyiv]))
    expected = KeyFacts(entities, country_entities(entities)).facts(_forms_frame([odesa, kyiv]))
    key = ["entity_id", "text", "label"]
    assert_frame_equal(got.sort(key), expected.sort(key))
    assert got.filter(pl.col("text") == "Odesa")["p_name"].to_list() == ["Odesa"]
