"""CAMEO-style actor codes from the Phoenix dictionaries (transforms.extract.events.actors).

Phrases are written from the dictionaries' own entries (a country record and its adjective and cities,
an agent such as SOLDIER -> ~MIL, a leader's dated terms) and from the wording of VOA stories.
"""

import importlib.util
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.extract.events.actors import (
    ActorEntry,
    Term,
    actor_codes,
    best_codes,
    dictionaries,
    format_term,
    mention_phrase,
    name_key,
    parse_term,
    resolve_entry,
)

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2023, 9, 21)


@pytest.mark.parametrize(
    "phrase, code",
    [
        # country (its name, possessive, adjective or city) + the agent's sector
        ("Turkey's defense ministry", "TURGOVMIL"),  # DEFENSE_MINIST [~GOVMIL]
        ("Ukrainian soldiers", "UKRMIL"),  # SOLDIER [~MIL]
        ("U.S. Secretary of State", "USAGOV"),  # SECRETARY_OF_STATE [~GOV]
        ("protesters in Tehran", "IRNOPP"),  # PROTESTER [~OPP]; +TEHRAN_ in the IRAN_ record
        ("Nigerian police", "NGACOP"),  # POLICE {} [~COP]
        ("Kenyan lawmakers", "KENLEG"),  # LAWMAKER [~LEG]
        ("the Pakistani military", "PAKMIL"),
        ("Israeli troops", "ISRMIL"),  # TROOP [~MIL]
        ("Iraqi Prime Minister Mohammed Shia al-Sudani", "IRQGOV"),  # a title before an unknown name
        ("Chinese Foreign Ministry spokesperson Mao Ning", "CHNGOVMED"),  # SPOKES!PERSON! [~MED], as PETRARCH2 mixes
        # institutions named in the country records
        ("the Kremlin", "RUSGOV"),
        ("the Iranian Revolutionary Guard Corps", "IRNMIL"),
        ("U.S. Central Command", "USAMIL"),
        # international bodies and armed non-state groups
        ("the United Nations", "IGOUNO"),
        ("the U.N. Security Council", "IGOUNO"),
        ("NATO", "IGOWSTNAT"),
        ("the European Union", "IGOEUREEC"),
        ("UNHCR", "IGOUNOREFHCR"),
        ("Amnesty International", "NGOHRIAMN"),
        ("the Taliban", "AFGREB"),
        ("Boko Haram", "NGAREB"),
        ("al-Shabab", "SOMREB"),
        ("the leader of Hezbollah", "LBNREB"),  # "leader" (our own agent noun) takes the body after "of"
        # our own additions, each with its reason in actors_extra.tsv
        ("the African Union", "IGOAFRAFU"),
    ],
)
def test_phrase_codes(phrase, code):
    assert actor_codes(phrase, on_date=DAY) == [code]


@pytest.mark.parametrize(
    "phrase, code",
    [
        # CAMEO's regional codes (Manual 1.1b3, ch. 3), which the Phoenix country records lack
        ("additional European peacekeepers", "EUR"),
        ("Latin American governments", "LAMGOV"),
        ("Western diplomats", "WSTGOV"),
        ("the Europeans", "EUR"),
    ],
)
def test_a_regional_adjective_codes_the_region_not_the_story_country(phrase, code):
    # the story is set in Bosnia: without the region the peacekeepers took BIH, the country they arrived in
    assert actor_codes(phrase, on_date=DAY, context_country="BIH") == [code]


def test_a_region_does_not_hide_a_longer_name_or_a_lower_case_direction():
    assert actor_codes("the European Union", on_date=DAY) == ["IGOEUREEC"]
    # "western" as a compass direction is lower case: no region, the country after "in" codes the people
    assert actor_codes("people in western Ukraine", on_date=DAY) == ["UKRPPL"]
    # a region opening a name codes nothing of it: a street or a firm is no actor of the West
    assert actor_codes("Western Avenue", entity_type="FAC", on_date=DAY) == []
    assert actor_codes("Western Digital", entity_type="ORG", on_date=DAY) == []


def test_longest_name_wins_over_its_parts():
    # "UN Security Council" is one name, not "UN" + the agent "security council"
    assert actor_codes("the UN Security Council") == ["IGOUNO"]
    # "Islamic State" + the organisation noun "group": the name's code, not nothing
    assert actor_codes("the Islamic State terror group", on_date=DAY) == ["IMGMUSISI"]


@pytest.mark.parametrize(
    "phrase",
    [
        "they",
        "He",
        "who",
        "which",
        "Half",
        "37 of whom",
        "some of them",
        "Pakistan's allegation",  # inanimate head, however national its modifier
        "Coordinated airstrikes",
        "the statement",
        "internet",
        "Brexit",  # capitalised only because it opens the phrase; no entity label says it is a name
        "us",  # the pronoun, not the country
        "It",
        "",
        "   ",
    ],
)
def test_pronouns_quantifiers_numbers_and_things_get_no_code(phrase):
    assert actor_codes(phrase, on_date=DAY) == []


def test_non_agent_entity_labels_get_no_code():
    assert actor_codes("Friday", entity_type="DATE") == []
    assert actor_codes("$5 million", entity_type="MONEY") == []


def test_capitals_decide_between_a_pronoun_and_a_country():
    assert actor_codes("US troops") == ["USAMIL"]
    assert actor_codes("us troops") == []  # lower case in mixed-case text: the pronoun
    # "Un" of a Korean name is not the UN: short one-word names must be written in capitals
    assert "IGOUNO" not in actor_codes("Kim Jong Un", entity_type="PERSON")


def test_partitives_are_coded_by_the_noun_phrase_after_of():
    assert actor_codes("some of the Ukrainian soldiers") == ["UKRMIL"]
    assert actor_codes("two of the protesters in Tehran") == ["IRNOPP"]


def test_conjuncts_each_get_a_code_and_a_bare_country_shares_the_next_agent():
    assert actor_codes("Georgia and Moldova") == ["GEO", "MDA"]
    assert actor_codes("Russian and Ukrainian forces") == ["RUSMIL", "UKRMIL"]
    assert actor_codes("U.S. and Iraqi officials") == ["USAGOV", "IRQGOV"]


def test_demonym_plurals_act_for_their_country():
    assert actor_codes("Iranians") == ["IRN"]
    assert actor_codes("North Koreans") == ["PRK"]


def test_a_leaders_dated_terms_apply_only_within_them():
    # BARACK_OBAMA: [USAELI 780101-000101] [USAGOV >090120]
    assert actor_codes("Barack Obama", on_date=date(2012, 1, 1)) == ["USAGOV"]
    assert actor_codes("Barack Obama", on_date=date(2005, 1, 1)) == ["USA"]  # between terms: the country only
    # GEORGE_W._BUSH: [USAELI 640101-010120] [USAGOV 010120-090120] [USAELI] (the default)
    assert actor_codes("George W. Bush", on_date=date(2005, 1, 1)) == ["USAGOV"]
    assert actor_codes("George W. Bush", on_date=date(2010, 1, 1)) == ["USAELI"]
    # no date: the country only, never a guessed term
    assert actor_codes("Barack Obama") == ["USA"]


def test_open_ended_terms_of_changing_roles_are_capped_at_the_dictionary_date():
    after = date(2023, 1, 1)
    assert dictionaries().dictionary_date < after
    # the dictionary cannot know that an open-ended term ended after it was compiled
    assert actor_codes("Barack Obama", on_date=after) == ["USA"]
    assert actor_codes("Barack Obama", on_date=after, open_terms_until=date(2030, 1, 1)) == ["USAGOV"]
    # the phrase's own title dates the person: "former President" is ~ELI in the agents file
    assert actor_codes("former President Barack Obama", on_date=after) == ["USAELI"]
    # a single-role entry keeps its open-ended term (XI_JINPING: [CHNGOV >20121115])
    assert actor_codes("Xi Jinping", on_date=after) == ["CHNGOV"]
    # a country is never capped (UKRAINE_: [USRUKR <910824] ... [UKR >911221])
    assert actor_codes("Ukraine", on_date=after) == ["UKR"]
    assert actor_codes("Ukraine", on_date=date(1990, 1, 1)) == ["USRUKR"]


def test_entity_country_and_context_country():
    assert actor_codes("Jane Doe", entity_type="PERSON") == []
    assert actor_codes("Jane Doe", entity_type="PERSON", country_code="KEN") == ["KEN"]
    assert actor_codes("President Jane Doe", entity_type="PERSON", context_country="KEN") == ["KENGOV"]
    assert actor_codes("the defense ministry", context_country="TUR") == ["TURGOVMIL"]
    # the phrase's own country wins over the context
    assert actor_codes("Nigerian police", context_country="KEN") == ["NGACOP"]
    # ISO codes the dictionaries spell differently (XKX Kosovo -> KSV, TLS East Timor -> TMP)
    assert actor_codes("Jane Doe", entity_type="PERSON", country_code="XKX") == ["KSV"]
    assert actor_codes("Jane Doe", entity_type="PERSON", country_code="TLS") == ["TMP"]


def test_a_title_before_a_name_gives_the_sector():
    assert actor_codes("U.S. Secretary of State Jane Doe", entity_type="PERSON") == ["USAGOV"]
    assert actor_codes("The People's Republic of China") == ["CHN"]  # "PEOPLE'S" in the dictionary, not ~PPL


def test_mention_phrase_takes_the_title_and_apposition_of_news_style(nlp):
    doc = nlp(
        "Ukrainian President Jane Doe met Iraq's Prime Minister John Roe. "
        "Mary Major, the U.S. secretary of state, said so. Doe's remarks angered them."
    )
    phrases = {e.text: mention_phrase(e) for e in doc.ents if e.label_ == "PERSON"}
    assert phrases["Jane Doe"] == "Ukrainian President Jane Doe"
    assert phrases["Mary Major"] == "Mary Major, the U.S. secretary of state"
    assert phrases["Doe"] == "Doe"  # the possessive's noun ("remarks") is not a title
    assert actor_codes(phrases["Jane Doe"], entity_type="PERSON") == ["UKRGOV"]
    assert actor_codes(phrases["Mary Major"], entity_type="PERSON") == ["USAGOV"]


def test_best_codes_prefers_a_sector_then_the_first_mention():
    assert best_codes([[], ["USA"], ["USAGOV"], ["USAMIL"]]) == ["USAGOV"]
    assert best_codes([[], []]) == []


def test_a_title_outranks_a_persons_default_code_outside_their_terms():
    # ANTONIO_GUTERRES is in the dictionaries as a Portuguese premier (PRTGOV 1995-2002, then PRTELI)
    assert actor_codes("Antonio Guterres", on_date=date(1999, 1, 1)) == ["PRTGOV"]
    assert actor_codes("U.N. Secretary-General Antonio Guterres", on_date=date(2021, 3, 1)) == ["IGOUNO"]


def test_a_longer_name_ending_like_a_known_person_is_not_that_person():
    assert not any(c.startswith("JOR") for c in actor_codes("Ilyas Ali Hassan", entity_type="PERSON", on_date=DAY))


def test_an_apposition_does_not_repeat_the_country():
    assert actor_codes("the Taliban, Afghanistan's de facto leaders") == ["AFGREB"]


def test_a_first_name_that_is_someone_else_is_not_a_modifier():
    codes = actor_codes("Hassan Sheikh Mohamud", entity_type="PERSON", on_date=DAY)
    assert not any(c.startswith("JOR") for c in codes)  # HASSAN_ is a Jordanian royal in the dictionary


def test_first_holding_term_wins_and_the_null_code_means_nothing():
    entry = ActorEntry(
        "actor",
        (Term("ABCGOV", date(2000, 1, 1), date(2005, 1, 1)), Term("ABCELI"), Term("ABCGOV", date(2001, 1, 1))),
    )
    kw = {"open_terms_until": None, "country_codes": frozenset({"ABC"})}
    assert resolve_entry(entry, date(2003, 1, 1), **kw) == "ABCGOV"
    assert resolve_entry(entry, date(2007, 1, 1), **kw) == "ABCELI"  # the undated term is reached first
    assert resolve_entry(entry, date(2005, 1, 1), **kw) == "ABCELI"  # terms end exclusive, as PETRARCH2
    null = ActorEntry("actor", (Term("IGOUNO", date(2000, 1, 1), date(2008, 8, 1)), Term("---")))
    assert resolve_entry(null, date(2010, 1, 1), **kw) is None


def test_terms_round_trip_through_the_data_format():
    for t in (Term("AZXGOV"), Term("AZXGOV", date(2003, 8, 4), date(2003, 11, 4)), Term("X", None, date(1991, 1, 1))):
        assert parse_term(format_term(t)) == t
    assert format_term(Term("ABC", date(2003, 10, 31))) == "ABC@2003-10-31.."


def test_names_are_normalised_like_the_dictionary():
    assert name_key("THE_UNITED_NATIONS_".replace("_", " ")) == ("united", "nations")
    assert name_key("Côte d’Ivoire's") == ("cote", "d'ivoire", "'s")
    assert name_key("U.S") == ("u.s.",)


def test_data_files_keep_the_mit_notice():
    import gzip

    from transforms.extract.events import actors

    with gzip.open(actors.ACTORS_FILE, "rt", encoding="utf-8") as f:
        head = "".join(next(f) for _ in range(40))
    assert "Copyright (c) 2014 Open Event Data Alliance" in head and "MIT License" in head
    assert "Copyright (c) 2014 Open Event Data Alliance" in actors.AGENTS_FILE.read_text(encoding="utf-8")[:3000]


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=80),
    st.sampled_from([None, "PERSON", "ORG", "GPE", "NORP", "DATE", "weird"]),
    st.one_of(st.none(), st.dates()),
    st.one_of(st.none(), st.sampled_from(["USA", "XKX", "zzz", ""])),
)
def test_never_raises_and_codes_look_like_codes(text, label, when, country):
    codes = actor_codes(text, entity_type=label, on_date=when, country_code=country, context_country=country)
    assert isinstance(codes, list) and len(codes) == len(set(codes))
    assert all(isinstance(c, str) and len(c) >= 3 and c == c.upper() and " " not in c for c in codes)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["they", "who", "which", "it", "them", "half", "many", "some", "12", "thousands"]))
def test_closed_class_words_alone_are_never_coded(word):
    assert actor_codes(word) == [] and actor_codes(word.capitalize(), entity_type="PERSON") == []


# ---------------------------------------------------------------------------------------------------
# The converter (scripts/build_actor_dictionary.py), on hand-made records in the dictionaries' format
# ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def converter():
    spec = importlib.util.spec_from_file_location(
        "build_actor_dictionary", ROOT / "scripts" / "build_actor_dictionary.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_converter_reads_dates_as_petrarch2(converter):
    assert converter.parse_date("030804") == date(2003, 8, 4)
    assert converter.parse_date("450703") == date(1945, 7, 3)  # YY > 30 is 19YY
    assert converter.parse_date("20121115") == date(2012, 11, 15)
    assert converter.parse_date("20100931") is None
    assert converter.parse_restriction("AZXGOV >031031") == Term("AZXGOV", date(2003, 10, 31), None)
    assert converter.parse_restriction("USRAZX <911018") == Term("USRAZX", None, date(1991, 10, 18))
    assert converter.parse_restriction("KORGOVBUS 2004017-20061201") is None  # a typo that ends before it starts


def test_converter_groups_records(converter, tmp_path):
    src = tmp_path / "Phoenix.Countries.actors.txt"
    src.write_text(
        "# comment\n"
        "FREEDONIA_  [FRD]\n+FREEDONIAN_ \n+FREEDONIA_CITY_ # the capital\n+SAMOA_(FREEDONIAN)_\n"
        "RUFUS_T._FIREFLY_  # CountryInfo.txt\n+PRESIDENT_FIREFLY\n\t[FRDELI 310101-330101]\n\t[FRDGOV >330101]\n"
        "NATIONAL_GUARD\n\t[FRDMIL]\n",
        encoding="utf-8",
    )
    records = converter.read_actor_file(src, True)
    assert [(r[0], r[2]) for r in records] == [
        ([("freedonia",), ("freedonian",), ("freedonia", "city"), ("samoa",)], "country"),
        ([("rufus", "t", "firefly"), ("president", "firefly")], "actor"),
        ([("national", "guard")], "actor"),
    ]
    assert records[1][1] == [Term("FRDELI", date(1931, 1, 1), date(1933, 1, 1)), Term("FRDGOV", date(1933, 1, 1))]


def test_converter_expands_agents(converter, tmp_path):
    (tmp_path / "Phoenix.agents.txt").write_text(
        "!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON\n!MINIST! = MINISTER, MINISTERS, MINISTRY, MINISTRIES\n"
        "SOLDIER [~MIL]\nPOLICE {} [~COP]\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]\n"
        "CONGRESS!PERSON! [~LEG]\nDEFENSE_MINIST [~GOVMIL]\nMILITARY_PARTY [~MIL]\n",
        encoding="utf-8",
    )
    agents = converter.build_agents(tmp_path)
    assert agents[("soldier",)] == agents[("soldiers",)] == "~MIL"
    assert ("polices",) not in agents and agents[("police",)] == "~COP"
    assert agents[("attorneys", "general")] == "~GOVATG"
    assert agents[("congresswoman",)] == "~LEG" and ("congresswomans",) not in agents
    assert agents[("defense", "ministry")] == agents[("defense", "ministers")] == "~GOVMIL"
    assert agents[("military", "parties")] == "~MIL"


def test_events_carry_the_codes_of_their_actors_and_recipients(nlp):
    """Through the release path: entities linked by build_entities, events by build_events."""
    from datetime import UTC, datetime

    import polars as pl

    from transforms.link.entities import build_entities
    from transforms.link.events import build_events

    text = (
        "Ukrainian President Jane Doe met Kenyan officials in Nairobi on Tuesday. "
        "Doe later condemned the shelling of a hospital. "
        "Coordinated airstrikes destroyed a bridge on Wednesday. "
        "He also demanded that Russia withdraw its troops."
    )
    docs = [nlp(text)]
    documents = pl.DataFrame(
        {
            "doc_id": ["d0"],
            "published_at": [datetime(2023, 9, 21, tzinfo=UTC)],
            "published_precision": ["second"],
            "dup_of": [None],
            "dup_cluster_id": ["d0"],
        },
        schema_overrides={"published_at": pl.Datetime("us", "UTC"), "dup_of": pl.String},
    )
    events, _ = build_events(["d0"], docs, documents, *build_entities(["d0"], docs, documents))
    by_type = {r["event_type"]: r for r in events.iter_rows(named=True)}
    meeting = by_type["CONSULT"]
    assert (meeting["actor_codes"], meeting["recipient_codes"]) == (["UKRGOV"], ["KENGOV"])
    # "Doe" alone: the code of the same person's titled mention; "He": the code of his antecedent
    assert by_type["DISAPPROVE"]["actor_codes"] == ["UKRGOV"]
    assert by_type["DEMAND"]["actor_codes"] == ["UKRGOV"]
    # inanimate actors and recipients get none
    assert by_type["ASSAULT"]["actor_codes"] is None and by_type["ASSAULT"]["recipient_codes"] is None


def test_context_country_is_not_given_to_several_or_no_countries():
    assert actor_codes("the country", context_country="KEN") == ["KEN"]
    assert actor_codes("13 countries", context_country="KEN") == []
    assert actor_codes("No country", context_country="KEN") == []
    assert actor_codes("Kenyan and Somali nations", context_country="KEN") == ["KEN", "SOM"]
