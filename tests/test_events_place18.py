"""The incident's own place, not the story's most-named one: an act done on the ground that only the document's setting
places takes the finer place the story's lead gives its incident, in the setting's country; a name that is a piece of
a hyphenated word ("Croix" of "Croix-des-Bouquets", "Paris-based") is never where an act happened.  Short sentences
and small frames written for these tests, each rule with a twin where it must not apply."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from spacy.tokens import Doc
from spacy.vocab import Vocab

from tests.test_events import only_event, run
from tests.test_link_events_columns import _entities
from transforms.extract.events.mentions import EVENT_CANDIDATES_SCHEMA
from transforms.extract.events.places import part_of_a_word
from transforms.link.event_linking import KeyFacts, days_frame, link_rows
from transforms.link.events import (
    EntityIndex,
    country_entities,
    lead_scene,
    link_mentions,
    linked_rows,
    publication_days,
)
from transforms.schemas import TABLES

_UKRAINE = {"entity_id": "e-ukr", "name": "Ukraine", "country_code": "UKR", "geo_precision": "country"}
_KYIV = {"entity_id": "e-kyiv", "name": "Kyiv", "country_code": "UKR", "geo_precision": "city"}
_MINSK = {"entity_id": "e-minsk", "name": "Minsk", "country_code": "BLR", "geo_precision": "city"}
_DONBAS = {"entity_id": "e-donbas", "name": "Donbas", "country_code": "UKR", "geo_precision": "region"}


_MONDAY, _TUESDAY = date(2024, 3, 4), date(2024, 3, 5)


def test_an_act_on_the_ground_takes_the_leads_finer_place_in_the_settings_country():
    assert lead_scene(_UKRAINE, (_KYIV, None), "ASSAULT", None) == _KYIV
    assert lead_scene(_DONBAS, (_KYIV, _MONDAY), "PROTEST", None) == _KYIV  # a town is finer than a region
    assert lead_scene(_UKRAINE, (_KYIV, _MONDAY), "ASSAULT", _MONDAY) == _KYIV  # told on the lead's day


def test_the_lead_does_not_refine_a_statement_another_country_another_day_or_a_coarser_setting():
    assert lead_scene(_UKRAINE, (_KYIV, None), "SANCTION", None) == _UKRAINE  # decided away from the scene
    assert lead_scene(_UKRAINE, (_KYIV, None), "DISAPPROVE", None) == _UKRAINE  # made where its speaker is
    assert lead_scene(_UKRAINE, (_MINSK, None), "ASSAULT", None) == _UKRAINE  # the lead is set in another country
    assert lead_scene(_KYIV, (_DONBAS, None), "ASSAULT", None) == _KYIV  # no finer than the setting
    assert lead_scene(_UKRAINE, (_KYIV, _MONDAY), "ASSAULT", _TUESDAY) == _UKRAINE  # another day: another incident
    assert lead_scene(_UKRAINE, (_KYIV, None), "ASSAULT", _TUESDAY) == _UKRAINE
    assert lead_scene(_UKRAINE, None, "ASSAULT", None) == _UKRAINE
    assert lead_scene(dict(_UKRAINE, country_code=None), (_KYIV, None), "ASSAULT", None)["entity_id"] == "e-ukr"


# the story: d0's lead places an attack in Kyiv and names Ukraine three times; d1's lead is a statement made in Kyiv
_MENTIONS = [
    ("m-kyiv", "e-kyiv", "Kyiv", "GPE", 20),
    ("m-ukr1", "e-ukr", "Ukraine", "GPE", 60),
    ("m-ukr2", "e-ukr", "Ukraine", "GPE", 90),
    ("m-ukr3", "e-ukr", "Ukraine", "GPE", 120),
]


def _candidate(
    doc: str, i: int, category: str, *, place: str | None = None, codes=None, mood="realis", day: date | None = None
) -> dict:
    return {
        "doc_id": doc,
        "sentence_idx": i,
        "char_start": i * 30,
        "char_end": i * 30 + 5,
        "sentence": f"sentence {i}",
        "category": category,
        "cameo_code": "190",
        "trigger": "struck",
        "strength": 0.85,
        "mood": mood,
        "event_date": day,
        "precision": "day" if day else "unresolved",
        "date_text": "on Tuesday" if day else None,
        "date_source": "sentence" if day else "report",
        "report_date": date(2024, 3, 1),
        "actor_text": "Ukrainian forces" if codes else None,
        "actor_mention_ids": [],
        "actor_codes": codes,
        "recipient_text": None,
        "recipient_mention_ids": [],
        "recipient_codes": None,
        "place_candidates": [{"mention_id": f"{doc}-{place}", "relation": "event", "distance": 2}] if place else [],
        "dateline": None,
        "dateline_mention_id": None,
        "fatalities": None,
    }


def _linked(candidates: list[dict], mentions: list[tuple] = _MENTIONS) -> pl.DataFrame:
    docs = sorted({c["doc_id"] for c in candidates})
    lookup = pl.DataFrame(
        [
            {
                "mention_id": f"{d}-{mid}",
                "entity_id": e,
                "doc_id": d,
                "sentence_idx": start // 30,
                "char_start": start,
                "char_end": start + len(text),
                "text": text,
                "label": label,
            }
            for d in docs
            for mid, e, text, label, start in mentions
        ],
        schema=TABLES["entity_mentions"].schema,
    )
    documents = pl.DataFrame(
        {
            "doc_id": docs,
            "published_at": [datetime(2024, 3, 1, 9, tzinfo=UTC)] * len(docs),
            "published_precision": ["day"] * len(docs),
            "dup_cluster_id": docs,
            "dup_of": [None] * len(docs),
        },
        schema_overrides={"published_at": pl.Datetime("us", "UTC"), "dup_of": pl.String()},
    )
    frame = pl.DataFrame(candidates, schema=EVENT_CANDIDATES_SCHEMA)
    entities = _entities()
    countries = country_entities(entities)
    days = publication_days(documents)
    reference = linked_rows(link_mentions(frame, documents, EntityIndex(entities, lookup, countries), days=days))
    rows = link_rows(frame, documents, lookup, KeyFacts(entities, countries), days_frame(days))
    assert_frame_equal(rows, reference)  # the columnar linking gives the reference's rows
    return rows


def _place(rows: pl.DataFrame, doc: str, i: int) -> tuple:
    row = rows.filter((pl.col("doc_id") == doc) & (pl.col("sentence_idx") == i)).row(0, named=True)
    return row["place_name"], row["place_source"]


def test_a_later_attack_the_setting_places_takes_the_town_of_the_leads_attack():
    rows = _linked(
        [
            _candidate("d0", 0, "ASSAULT", place="m-kyiv"),
            _candidate("d0", 2, "ASSAULT", codes=["UKRMIL"]),
            _candidate("d0", 3, "SANCTION", codes=["UKRGOV"]),
            _candidate("d0", 4, "ASSAULT", codes=["UKRMIL"], day=date(2024, 2, 27)),
        ]
    )
    assert _place(rows, "d0", 0) == ("Kyiv", "sentence")
    assert _place(rows, "d0", 2) == ("Kyiv", "document")
    assert _place(rows, "d0", 3) == ("Ukraine", "document")  # a sanction is decided away from the scene
    assert _place(rows, "d0", 4) == ("Ukraine", "document")  # an attack of another day is another incident


def test_a_lead_that_places_no_act_on_the_ground_leaves_the_setting():
    rows = _linked(
        [
            _candidate("d1", 0, "CONSULT", place="m-kyiv"),  # a meeting is no scene
            _candidate("d1", 2, "ASSAULT", codes=["UKRMIL"]),
            _candidate("d2", 0, "ASSAULT", place="m-kyiv", mood="hypothetical"),  # an attack not told as done
            _candidate("d2", 2, "ASSAULT", codes=["UKRMIL"]),
        ]
    )
    assert _place(rows, "d1", 2) == ("Ukraine", "document")
    assert _place(rows, "d2", 2) == ("Ukraine", "document")


def test_a_piece_of_a_hyphenated_name_is_no_whole_name(nlp):
    for sentence, name in [
        ("Inmates escaped from a prison in Croix-des-Bouquets on Friday.", "Croix"),
        ("Police arrested a Paris-based lawyer in Lyon on Friday.", "Paris"),
    ]:
        doc = nlp(sentence)
        ent = next(e for e in doc.ents if e.text == name)
        assert part_of_a_word(ent.root)
    doc = nlp("Police arrested a lawyer in Lyon on Friday.")
    assert not part_of_a_word(next(e for e in doc.ents if e.text == "Lyon").root)


def test_a_jailbreak_in_a_hyphenated_town_is_not_placed_at_its_first_word(nlp):
    events, *_ = run(nlp, ["Gunmen attacked a prison in Croix-des-Bouquets on Friday."])
    attack = only_event(events, "ASSAULT")
    assert attack["location_name"] != "Croix"
    events, *_ = run(nlp, ["Gunmen attacked a prison in Gonaives on Friday."])
    assert only_event(events, "ASSAULT")["location_name"] == "Gonaives"


_VOCAB = Vocab()
_WORD = st.text(alphabet="abcdefgh", min_size=1, max_size=5)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_WORD, st.sampled_from(["", " "])), min_size=1, max_size=6), st.data())
def test_a_word_is_part_of_a_word_exactly_when_a_hyphen_joins_it_to_a_word(words, data):
    """Tokens (a word, then a hyphen or not) with or without a space after each: a token outside a recognised name
    is a piece of a word exactly when a hyphen without spaces joins it to a neighbouring word."""
    tokens, spaces = [], []
    for word, space in words:
        tokens.append(word)
        spaces.append(space == " ")
        if data.draw(st.booleans()):
            tokens.append("-")
            spaces.append(data.draw(st.booleans()))
    doc = Doc(_VOCAB, words=tokens, spaces=spaces)
    for tok in doc:
        if tok.text == "-":
            continue
        i = tok.i
        after = i + 2 < len(doc) and doc[i + 1].text == "-" and not tok.whitespace_ and not doc[i + 1].whitespace_
        before = i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_
        after = after and doc[i + 2].is_alpha
        before = before and doc[i - 2].is_alpha
        assert part_of_a_word(tok) == (before or after)
