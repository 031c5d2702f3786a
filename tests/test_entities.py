"""Entity corrections (one test per pass, on general news phrasing), the gazetteer, canonical entities, seeds."""

from __future__ import annotations

import re
import string
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

import transforms.extract.entity_rules as rules
import transforms.extract.events.roles as roles
from transforms import gazetteer
from transforms.extract.entity_rules import ENTITY_LABELS, LEXICON_DIR, fix_entities
from transforms.gazetteer import country_code, fold, is_country_name, lookup_demonym, lookup_place
from transforms.link.entities import build_entities, entity_country_map, entity_id
from transforms.nlp.pipeline import load_base_model, parse_texts
from transforms.schemas import TABLES

# Names of the seed articles' own people, places and furniture: no rule or word list may contain them.
SEED_NAMES = (
    "karabakh azerbaijan armenia hajiyev yevlakh khojaly khankendi newsroom pashinyan aliyev mammadov "
    "garabagh zangezur nakhchivan lachin"
).split()


def _ents(nlp, text):
    return {(e.text, e.label_) for e in nlp(text).ents}


@pytest.fixture(scope="module")
def base_nlp():
    return load_base_model()


# ------------------------------------------------------------------------------------------- gazetteer


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Nigerians", "NGA"),
        ("the United States", "USA"),
        ("U.S.", "USA"),
        ("Canadian", "CAN"),
        ("Iraqi", "IRQ"),
        ("Britons", "GBR"),
        ("North Korean", "PRK"),
        ("Ivory Coast", "CIV"),
        ("Turkiye", "TUR"),
        ("Parliament", None),
        ("Smith", None),
    ],
)
def test_country_code_from_names_and_demonyms(text, code):
    assert country_code(text) == code


def test_country_names_and_initialisms():
    assert is_country_name("the Netherlands") and is_country_name("UK") and not is_country_name("Paris")
    assert lookup_place("C.A.R.").country_code == "CAF"  # initials of "Central African Republic"
    assert lookup_place("DRC").country_code == "COD"
    assert lookup_place("Paris").kind == "capital"
    # A two- or three-letter all-capitals form names a country or nothing: "U.N." is not the Indian town Un.
    assert lookup_place("U.N.") is None and lookup_place("UN") is None
    assert lookup_demonym("Somalis").country_code == "SOM"


def test_building_names_among_a_citys_alternate_names_are_not_the_city():
    # geonames gives Casablanca the translated name "White House": in news that is the building in Washington.
    assert lookup_place("White House") is None
    assert lookup_place("the White House") is None
    assert lookup_place("Casablanca").country_code == "MAR"
    # A city whose own name ends in such a noun is still the city.
    assert lookup_place("College Station").kind == "city"


def test_event_roles_use_the_one_gazetteer():
    assert roles.country_code is gazetteer.country_code
    assert roles.is_country_name is gazetteer.is_country_name
    assert not hasattr(roles, "DEMONYMS") and not hasattr(roles, "EXTRA_COUNTRY_NAMES")


def test_word_lists_are_data_files_citing_a_source_and_naming_no_seed_entity():
    files = sorted((Path(gazetteer.__file__).parent / "data").glob("*.tsv")) + sorted(LEXICON_DIR.iterdir())
    assert len(files) >= 9
    for path in files:
        text = path.read_text(encoding="utf-8")
        header = "".join(line for line in text.splitlines() if line.startswith("#"))
        assert "Source" in header, path.name
        words = set(re.findall(r"[a-z]+", text.casefold()))
        assert not words & set(SEED_NAMES), (path.name, words & set(SEED_NAMES))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_gazetteer_lookups_total_on_arbitrary_text(text):
    key = fold(text)
    assert set(key) <= set(string.ascii_lowercase + string.digits) and fold(key) == key
    code = country_code(text)
    assert code is None or re.fullmatch(r"[A-Z]{3}", code)
    place = lookup_place(text)
    assert place is None or place.label in {"GPE", "LOC"}
    lookup_demonym(text)
    is_country_name(text)


# ------------------------------------------------------------------------------------------- passes


def test_span_repair_splits_at_line_breaks_and_separators(nlp):
    ents = _ents(nlp, "Security adviser John Okafor / Reuters\n\nNigerian officials described the approach on Monday.")
    assert not any("\n" in t or "/" in t for t, _ in ents)
    assert ("Nigerian", "NORP") in ents


def test_span_repair_drops_articles(nlp, base_nlp):
    text = "The United Nations and the World Bank announced the plan."
    assert any(t.startswith(("the ", "The ")) for t, _ in _ents(base_nlp, text))
    assert not any(t.startswith(("the ", "The ")) for t, _ in _ents(nlp, text))


def test_role_phrase_yields_the_person_and_keeps_its_place(nlp):
    text = "Adviser to the President of Nigeria on Foreign Policy Ahmed Bello announced a new working group."
    ents = _ents(nlp, text)
    assert ("Ahmed Bello", "PERSON") in ents
    assert not any(label == "ORG" and "Bello" in t for t, label in ents)
    assert ("Nigeria", "GPE") in ents


def test_titles_stripped_from_person(nlp):
    ents = _ents(nlp, "In a televised address on Wednesday, President Emmanuel Macron said the process had begun.")
    assert ("Emmanuel Macron", "PERSON") in ents
    assert not any("President" in t for t, _ in ents)


def test_person_by_context(nlp, base_nlp):
    cases = [
        ("The farm's owner, Jamal Rashed, said costs had risen.", "Jamal Rashed"),  # apposition
        ("Santiago Pena, a local resident, said the road was closed.", "Santiago Pena"),  # apposition
        ("The statement was signed by Olena Kovalenko and Mykola Bondar.", "Olena Kovalenko"),  # coordination
        ("For 14-year-old Amira the library is safer.", "Amira"),  # age
    ]
    for text, name in cases:
        assert (name, "PERSON") not in _ents(base_nlp, text)  # the plain model gets these wrong
        assert (name, "PERSON") in _ents(nlp, text), text


def test_given_name_typed_apart_is_joined_to_the_person(nlp, base_nlp):
    text = "Stringers Abdiaziz Barrow and Khadar Hared contributed. Abdiweli Mohamed Ali contributed reporting."
    base = _ents(base_nlp, text)
    assert ("Abdiweli", "GPE") in base and ("Barrow", "PERSON") in base  # the plain model's split names
    ents = _ents(nlp, text)
    assert ("Abdiweli Mohamed Ali", "PERSON") in ents and ("Abdiaziz Barrow", "PERSON") in ents
    # A country, a title or an organisation word before a name is not a given name.
    ents = _ents(nlp, "The envoy for Myanmar Andrew Kirkwood and Police Chief Jane Doe spoke.")
    assert not any(t.startswith(("Myanmar ", "Police ")) for t, _ in ents)


def test_organisations_are_not_places_or_titles(nlp):
    ents = _ents(nlp, "Lawmakers in Parliament rejected the bill, the State Department said.")
    assert ("Parliament", "ORG") in ents
    assert ("State Department", "ORG") in ents


def test_initialisms_of_countries(nlp):
    ents = _ents(nlp, "Rebels in the C.A.R. attacked a convoy on Monday, the U.N. said.")
    assert ("C.A.R.", "GPE") in ents
    assert ("U.N.", "ORG") in ents


def test_place_noun_context_makes_unknown_place(nlp):
    ents = _ents(nlp, "Two people died when a truck struck a mine in the Zarghun region.")
    assert ("Zarghun", "LOC") in ents


def test_facility_and_feature_heads(nlp):
    text = "Engineers inspected the Tarbela Dam on Monday. Water levels at the Kajaki Dam were falling, officials said."
    ents = _ents(nlp, text)
    assert ("Tarbela Dam", "FAC") in ents and ("Kajaki Dam", "FAC") in ents
    assert not any(label in {"ORG", "PERSON"} and "Dam" in t for t, label in ents)


def test_missed_place_extends_to_its_facility_head(nlp, base_nlp):
    text = "Fighting resumed near Mosul Dam on Friday."
    if ("Mosul Dam", "FAC") not in _ents(base_nlp, text):
        assert ("Mosul Dam", "FAC") in _ents(nlp, text)
    assert ("Mosul", "GPE") not in _ents(nlp, text)


def test_weak_town_names_need_context(nlp):
    assert lookup_place("Police") is not None  # a Polish town: must not turn every capitalised "Police" into a place
    assert ("Police", "GPE") not in _ents(nlp, "Police said the suspect was arrested on Friday.")


def test_doc_level_consistency_bare_town_tagged_org(nlp):
    doc = nlp("The siege of Madaya began four years ago. Food has not reached Madaya since then.")
    assert {e.label_ for e in doc.ents if e.text == "Madaya"} == {"GPE"}


def test_surname_of_a_named_person_is_a_person(nlp):
    doc = nlp("Grace Okonjo leads the agency. Okonjo said the review would end in May.")
    assert [e.label_ for e in doc.ents if e.text == "Okonjo"] == ["PERSON"]


def test_acronym_modifier_not_turned_into_place(nlp):
    ents = _ents(nlp, "UN human rights staff said the reports were credible. The UN says it is investigating.")
    assert not any(t == "UN" and label in {"GPE", "LOC", "FAC"} for t, label in ents)


def test_repeated_untagged_acronym_is_org(nlp):
    # Only where the tagger reads "IS" as a proper noun; as a verb ("IS" in a headline) it stays untagged.
    text = "Iraqi officials said the IS group had used laboratories. Fighting continued in areas under IS control."
    assert [e.label_ for e in nlp(text).ents if e.text == "IS"] == ["ORG", "ORG"]


def test_parenthetical_alternate_takes_the_label(nlp):
    doc = nlp("The Rapid Support Forces (RSF) attacked the town, witnesses said.")
    labels = {e.text: e.label_ for e in doc.ents}
    assert labels.get("Rapid Support Forces") == "ORG" and labels.get("RSF") == "ORG"


# ------------------------------------------------------------------------------------------- NORP


def test_a_country_name_is_a_place_not_a_demonym(nlp):
    # "Philippines" is also the plural of the demonym "Philippine": the country stays GPE, the adjective NORP.
    ents = _ents(nlp, "China lost an arbitration case to the Philippines, and people in the Philippines want action.")
    assert ("Philippines", "GPE") in ents and ("Philippines", "NORP") not in ents
    assert ("Philippine", "NORP") in _ents(nlp, "Philippine officials said the ship had left.")


def test_a_language_the_model_found_stays_a_language(nlp):
    ents = _ents(nlp, "When his father died, his mother, who did not speak English, took the children home.")
    assert ("English", "LANGUAGE") in ents and ("English", "NORP") not in ents
    assert ("English", "NORP") in _ents(nlp, "English fans travelled to the match in Rome.")


def _token_index(doc, word: str, nth: int = 0) -> int:
    return [t.i for t in doc if t.text == word][nth]


# The demonym under test in brackets; first the uses that are no nationality, then those that are.
DEMONYM_NOT_NATIONALITY = (
    "The border runs between Arabic-speaking Iraq and [Kurdish]-speaking Iraq.",  # a language
    "Most residents are [Kurdish] speakers, officials said.",
    "The colony is officially known as the British [Indian] Ocean Territory.",  # inside a longer name
    "He directs the Mogadishu-based group [Somali] Public Agenda.",
)
DEMONYM_NATIONALITY = (
    "[Kurdish] fighters took the town on Monday.",
    "China repatriated 48 [Chinese] Uyghurs it had held since 2017.",  # a plural group name after it
    "[Somali] President Mohamed Abdullahi Mohamed has returned.",  # a title after it
    "[Somali] government soldiers retook the town.",
)


@pytest.mark.parametrize("marked", DEMONYM_NOT_NATIONALITY + DEMONYM_NATIONALITY)
def test_untagged_demonym_is_a_nationality_only_when_used_as_one(base_nlp, marked):
    word = marked[marked.index("[") + 1 : marked.index("]")]
    doc = base_nlp(marked.replace("[", "").replace("]", ""))
    i = _token_index(doc, word)
    assert rules._nationality_use(doc, i, i + 1) is (marked in DEMONYM_NATIONALITY)


def test_a_language_stays_out_of_the_document_vote(base_nlp):
    doc = base_nlp("Kurdish fighters took the town. Most of the region is Kurdish-speaking.")
    first, second = _token_index(doc, "Kurdish"), _token_index(doc, "Kurdish", 1)
    people = rules.People(frozenset())
    spans = [(first, first + 1, "NORP"), (second, second + 1, "LANGUAGE")]
    assert rules._consistent_labels(doc, spans, people) == spans
    # Any other pair of labels for one name is still settled by the vote.
    out = rules._consistent_labels(doc, [(first, first + 1, "NORP"), (second, second + 1, "ORG")], people)
    assert len({label for _, _, label in out}) == 1


def test_a_demonym_opening_a_name_does_not_split_it(nlp):
    ents = _ents(nlp, "Wasuge is the executive director of the Mogadishu-based group Somali Public Agenda.")
    assert ("Somali", "NORP") not in ents and ("Public Agenda", "PERSON") not in ents
    # A title after the demonym is a role phrase: the nationality and the person are separate.
    ents = _ents(nlp, "Officers talked together, said Turkish Presidential Advisor Mesut Casin of Istanbul.")
    assert ("Turkish", "NORP") in ents and ("Mesut Casin", "PERSON") in ents


def test_a_surname_repeated_without_its_article_is_the_person(nlp):
    doc = nlp(
        "Iraqi Prime Minister Mohammed Shia al-Sudani was first to share the news. "
        "Sudani, posting on X, called the death a sign of progress."
    )
    assert [e.label_ for e in doc.ents if e.text == "Sudani"] == ["PERSON"]
    assert ("Sudani", "PERSON") not in _ents(nlp, "Sudani officials said the talks would resume.")


def test_demonym_groups_and_hyphenated_countries_stay_whole(nlp, base_nlp):
    text = "By assisting newcomers, the established Chinese Americans helped fuel the growth of the business."
    assert ("Chinese Americans", "NORP") in _ents(nlp, text)
    ents = _ents(nlp, "At its peak, the kingdom encompassed Guinea-Bissau and reached into Senegal.")
    assert ("Guinea-Bissau", "GPE") in ents and ("Guinea", "GPE") not in ents
    # Two places the model joined into one organisation are two places.
    text = "Shipping to Alaska & Hawaii costs extra."
    assert ("Alaska & Hawaii", "ORG") in _ents(base_nlp, text)
    assert {("Alaska", "GPE"), ("Hawaii", "GPE")} <= _ents(nlp, text)


WORDS = ["Paris", "President", "John", "Smith", "the", "in", "Dam", "UN", "C.A.R.", "said", "(", ")", "/", "\n", "of"]
WORDS += ["Philippines", "English", "Kurdish", "-", "speaking", "Indian", "Ocean", "al", "Sudani", "Americans"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.text(max_size=200), st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join)))
def test_fix_entities_gives_valid_spans_on_arbitrary_text(base_nlp, text):
    doc = fix_entities(base_nlp(text))
    last_end = 0
    for ent in doc.ents:  # sorted, non-overlapping, non-empty, never across a paragraph
        assert ent.start >= last_end and ent.end > ent.start
        last_end = ent.end
        assert "\n" not in ent.text
        assert ent.label_ in ENTITY_LABELS or ent.label_ in base_nlp.get_pipe("ner").labels
        assert not (ent.label_ == "NORP" and is_country_name(ent.text))  # a country is never a nationality


# ------------------------------------------------------------------------------------------- canonical entities


def test_acronym_and_parenthetical_alias(nlp):
    texts = [
        "The European Union (EU) imposed sanctions on Monday. Officials in Brussels said the EU would act.",
        "The North Atlantic Treaty Organization met in Brussels. NATO said it would help.",
    ]
    docs = parse_texts(nlp, texts)
    entities, mentions = build_entities(["a", "b"], docs, pl.DataFrame({"doc_id": ["a", "b"], "text": texts}))
    eu = entities.filter(pl.col("aliases").list.contains("EU"))
    assert eu.height == 1 and eu["name"][0] == "European Union"
    assert mentions.filter(pl.col("text") == "EU")["entity_id"].n_unique() == 1


def test_empty_inputs():
    e, m = build_entities([], [], None)
    assert e.height == 0 and m.height == 0 and e.schema == TABLES["entities"].schema


# ------------------------------------------------------------------------------------------- seeds (acceptance)


@pytest.fixture(scope="module")
def seeds_release(nlp, seed_texts):
    doc_ids = [name[:3] for name in seed_texts]
    texts = list(seed_texts.values())
    docs = parse_texts(nlp, texts)
    documents = pl.DataFrame({"doc_id": doc_ids, "text": texts})
    entities, mentions = build_entities(doc_ids, docs, documents)
    return doc_ids, texts, docs, entities, mentions


def test_seed_acceptance(seeds_release):
    doc_ids, texts, docs, entities, mentions = seeds_release
    hajiyev = entities.filter(pl.col("name") == "Hikmet Hajiyev")
    assert hajiyev.height == 1 and hajiyev["type"][0] == "PERSON"
    hm = mentions.filter(pl.col("entity_id") == hajiyev["entity_id"][0])
    assert {"000", "003", "004"} <= set(hm["doc_id"].to_list())
    assert "Hajiyev" in hm["text"].to_list()
    for name in ("Ilham Aliyev", "Nikol Pashinyan"):
        assert entities.filter(pl.col("name") == name)["type"].to_list() == ["PERSON"]
    for name, code in (("Yerevan", "ARM"), ("Baku", "AZE")):
        row = entities.filter(pl.col("name") == name)
        assert row["type"].to_list() == ["GPE"] and row["country_code"].to_list() == [code]
        assert row["latitude"][0] is not None and row["geonames_id"][0] is not None
    nk = mentions.filter(pl.col("text") == "Nagorno-Karabakh")
    assert nk.height >= 5 and set(nk["label"].to_list()) <= {"GPE", "LOC"}
    roles_ = ("President", "Minister", "Advisor", "Assistant", "Secretary")
    persons = entities.filter(pl.col("type") == "PERSON")["name"].to_list()
    assert not [n for n in persons if any(r in n for r in roles_)]


def test_seed_aliases_resolve(seeds_release):
    _, _, _, entities, _ = seeds_release
    us = entities.filter(pl.col("name") == "United States").row(0, named=True)
    assert "US" in us["aliases"] and us["country_code"] == "USA"
    defence = entities.filter(pl.col("aliases").list.contains("Defense Ministry of Azerbaijan"))
    assert defence.height == 1 and defence["country_code"][0] == "AZE"
    assert "Azerbaijani Ministry of Defense" in defence["aliases"][0].to_list() + [defence["name"][0]]


def test_offsets_invariant_and_schema(seeds_release):
    doc_ids, texts, docs, entities, mentions = seeds_release
    by_id = dict(zip(doc_ids, texts, strict=True))
    bad = [
        r for r in mentions.iter_rows(named=True) if by_id[r["doc_id"]][r["char_start"] : r["char_end"]] != r["text"]
    ]
    assert bad == []
    assert mentions.schema == TABLES["entity_mentions"].schema and entities.schema == TABLES["entities"].schema
    assert set(mentions["entity_id"].to_list()) == set(entities["entity_id"].to_list())
    for r in mentions.head(50).iter_rows(named=True):
        s = list(docs[doc_ids.index(r["doc_id"])].sents)[r["sentence_idx"]]
        assert s.start_char <= r["char_start"] and r["char_end"] <= s.end_char


def test_ids_deterministic(nlp, seeds_release):
    doc_ids, texts, docs, entities, mentions = seeds_release
    again_e, again_m = build_entities(doc_ids, parse_texts(nlp, texts), None)
    assert_frame_equal(entities, again_e)
    assert_frame_equal(mentions, again_m)
    assert entity_id("PERSON", "Hikmet Hajiyev") == entities.filter(pl.col("name") == "Hikmet Hajiyev")["entity_id"][0]


def test_entity_country_map(seeds_release):
    _, _, _, entities, _ = seeds_release
    cmap = entity_country_map(entities)
    azerbaijani = entities.filter((pl.col("name") == "Azerbaijani") & (pl.col("type") == "NORP"))["entity_id"][0]
    assert cmap[azerbaijani] == "AZE"


@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=40))
def test_ascii_names_fold_as_the_full_normalisation(text):
    # fold's ASCII shortcut skips the decomposition, which changes no ASCII character.
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    full = re.sub(r"[^0-9a-z]+", "", "".join(c for c in decomposed if not unicodedata.combining(c)).lower())
    assert fold.__wrapped__(text) == full


@pytest.mark.parametrize(
    "text",
    [
        "The UN and NATO met in Geneva; the UN said NATO would reply.",
        "IS fighters held the town. Officials said IS lost ground to the SDF.",
        "No acronyms here at all.",
    ],
)
def test_acronym_tokens_are_the_all_capital_proper_nouns(base_nlp, text):
    from transforms.extract.entity_rules import _acronym_tokens, _is_acronym

    doc = base_nlp(text)
    assert _acronym_tokens(doc) == [(t.i, t.text) for t in doc if t.tag_ == "NNP" and _is_acronym(t.text)]
