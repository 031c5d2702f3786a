"""The event coder: dictionary data, the pattern interpreter, mood rules and codability (issue 11 items 1, 6).

Sentences here are written for the rules they test (from the CAMEO and PLOVER codebooks), not taken from
the annotated PLOVER sentences.
"""

from __future__ import annotations

import importlib.util
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, SHARED_DATA
from transforms.extract.events.coder import code_verb
from transforms.extract.events.dictionary import DATA_DIR, lexicon, read_tsv
from transforms.extract.events.triggers import detect_triggers
from transforms.schemas import PLOVER_CATEGORIES

CAMEO_CODE = re.compile(r"^[0-9]{3,4}$")
CONVERTED = (
    "cameo_synsets.tsv",
    "cameo_verbs.tsv",
    "cameo_patterns.tsv",
    "cameo_nouns.tsv",
    "discards.tsv",
    "agents.tsv",
)
OURS = ("news_verbs.tsv", "news_patterns.tsv", "news_nouns.tsv", "news_phase_end.tsv", "plover_overrides.tsv")


def triggers(nlp, sentence: str) -> list:
    return detect_triggers(nlp(sentence)[:])


def cats(nlp, sentence: str) -> list[str]:
    return [t.category for t in triggers(nlp, sentence)]


def _verb(nlp, sentence: str, word: str):
    doc = nlp(sentence)
    return next(t for t in doc if t.text == word)


# --- data files -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CONVERTED)
def test_converted_files_keep_the_mit_notice(name):
    head = (DATA_DIR / name).read_text(encoding="utf-8")[:6000]
    assert "MIT License" in head and "Permission is hereby granted" in head


def test_conversion_script_reproduces_the_committed_data(tmp_path):
    spec = importlib.util.spec_from_file_location("build", ROOT / "scripts" / "build_event_dictionary.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    build.main(tmp_path)
    for p in sorted(tmp_path.glob("*.tsv")):
        assert p.read_bytes() == (DATA_DIR / p.name).read_bytes(), p.name
    assert {p.name for p in tmp_path.glob("*.tsv")} >= set(CONVERTED)


def test_our_patterns_state_each_pattern_once():
    # a second row of the same pattern is dead (the first wins) or, with another code, contradicts the first
    seen: dict[tuple, dict] = {}
    for r in read_tsv("news_patterns.tsv"):
        key = tuple(r[c] for c in ("verb", "subject", "subject_preps", "object", "object_preps"))
        assert key not in seen, (r, seen.get(key))
        seen[key] = r


@pytest.mark.parametrize("name", ["mood_words.tsv", "news_words.tsv"])
def test_word_sets_name_each_word_once(name):
    # a repeated row hides where a word's reason is stated and makes a removal leave the word in
    pairs = [(r["set"], r["word"]) for r in read_tsv(name)]
    assert len(pairs) == len(set(pairs)), sorted({p for p in pairs if pairs.count(p) > 1})


def test_every_code_is_a_cameo_code_and_maps_to_a_plover_category():
    lex = lexicon()
    assert set(lex.plover.values()) <= set(PLOVER_CATEGORIES)
    for r in read_tsv("cameo_patterns.tsv") + read_tsv("cameo_verbs.tsv"):
        for code in (r["code"], r.get("passive_code", ""), r.get("block_code", "")):
            assert code in ("", "---") or CAMEO_CODE.match(code), r
    # the table's old names are renamed to the schema's categories
    assert (lex.plover_of("090"), lex.plover_of("100"), lex.plover_of("112")) == ("INVESTIGATE", "DEMAND", "DISAPPROVE")
    assert lex.plover_of("010") is None and lex.plover_of("020") is None  # statements and appeals
    assert lex.plover_of("0256") is None and lex.plover_of("1833") == "ASSAULT"  # parent-code fallback


def test_the_chronology_discards_are_left_out():
    phrases = {p for _, p, _ in lexicon().discards}
    assert "world cup" in phrases and "road accident" in phrases
    assert not any(re.fullmatch(r"\d{4}", p) or "ago" in p.split() for p in phrases)


def test_exclusions_name_the_dictionary_lines_they_exclude():
    source = (SHARED_DATA / "petrarch2" / "CAMEO.2.0.txt").read_text(encoding="latin-1").splitlines()
    rows = read_tsv("cameo_exclusions.tsv")
    assert rows
    for r in rows:
        assert " ".join(source[int(r["line"]) - 1].split()) == " ".join(r["pattern"].split()), r
        assert r["why"].strip()


@pytest.mark.parametrize("name", OURS)
def test_our_rows_say_why_and_cite_the_codebook(name):
    rows = read_tsv(name)
    assert rows
    for r in rows:
        assert r["why"].strip(), r
        assert r.get("codebook", "x").strip(), r
        if r.get("plover"):
            assert r["plover"] in PLOVER_CATEGORIES, r
        if r.get("code") not in (None, "", "---"):
            assert CAMEO_CODE.match(r["code"]), r


def test_synsets_named_in_loaded_patterns_exist():
    # patterns naming an undefined synset are dropped when loading, as PETRARCH2 ignores them
    lex = lexicon()
    named = set()
    for pats in (*lex.patterns.values(), *lex.news_patterns.values()):
        for p in pats:
            for n in (*p.subject, *p.objects, *(x for pr in (*p.preps, *p.subject_preps) for x in pr.nouns)):
                named.update(w for w in (n.head, *n.mods) if w.startswith("&"))
    assert named and named <= set(lex.synsets)


def test_no_seed_names_in_our_data():
    forbidden = re.compile(
        r"karabakh|azerbaijan|armenia|hajiyev|yevlakh|khojaly|khankendi|pashinyan|aliyev|mammadov", re.I
    )
    for name in (
        *OURS,
        "news_light_verbs.tsv",
        "mood_words.tsv",
        "news_words.tsv",
        "hazards.tsv",
        "news_blocks.tsv",
        "news_synsets.tsv",
    ):
        assert not forbidden.search((DATA_DIR / name).read_text(encoding="utf-8")), name


# --- the pattern interpreter ----------------------------------------------------------------------


def test_object_pattern_beats_the_verb_default(nlp):
    # SEND (no default) + '&MILITARY'-less objects; WITHDRAW defaults to 0874 but names ambassadors (161)
    lex = lexicon()
    troops = code_verb(_verb(nlp, "The army withdrew its troops from the city.", "withdrew"), lex)
    envoy = code_verb(_verb(nlp, "The government withdrew its ambassador from the capital.", "withdrew"), lex)
    assert (troops.plover, envoy.plover) == ("RETREAT", "SANCTION")
    assert envoy.kind == "pattern" and envoy.source.startswith("CAMEO.2.0.txt:")


def test_modifier_and_preposition_elements(nlp):
    lex = lexicon()
    # IMPOSE * STATE (OF EMERGENCY) [1724]; IMPOSE * CURFEW [1723]
    emergency = code_verb(_verb(nlp, "The president imposed a state of emergency in the north.", "imposed"), lex)
    curfew = code_verb(_verb(nlp, "The police imposed a curfew on the town.", "imposed"), lex)
    assert (emergency.code, curfew.code) == ("1724", "1723")


def test_multi_word_verb_needs_its_particle(nlp):
    lex = lexicon()
    off = code_verb(_verb(nlp, "The union called off the strike after the talks.", "called"), lex)
    assert off.plover == "CONCEDE"  # calling off a strike eases dissent (082)
    plain = code_verb(_verb(nlp, "The minister called the attack cowardly.", "called"), lex)
    assert plain is None or plain.plover != "CONSULT"  # no phone call without a phone


def test_a_null_code_pattern_stops_the_verb_default(nlp):
    # KILL * (IN ACCIDENT) [---]: a death in an accident is no attack
    assert "ASSAULT" not in cats(nlp, "Three workers were killed in an accident at the factory.")
    assert "ASSAULT" in cats(nlp, "Three soldiers were killed in an ambush near the border.")


def test_support_verbs_code_event_nouns(nlp):
    assert "ASSAULT" in cats(nlp, "The rebels launched a new offensive in the east on Monday.")
    assert "PROTEST" in cats(nlp, "Students staged a sit-in outside the ministry.")
    assert "ASSAULT" in cats(nlp, "Heavy fighting broke out in the capital overnight.")
    assert "RETREAT" in cats(nlp, "The army announced the end of the military operation on Friday.")


def test_complex_preposition_reaches_its_object(nlp):
    # GO_SOMEWHERE 'WALK_OUT ... (OF TALKS)' [164]: spaCy hangs 'of' on 'out', not on the verb
    got = triggers(nlp, "The opposition walked out of the talks in Geneva.")
    assert [(t.category, t.cameo_code) for t in got] == [("SANCTION", "164")]


def test_intransitive_support_verb_predicates_of_its_subject(nlp):
    # "talks continued": the event noun is the subject when the support verb has no object
    assert cats(nlp, "Negotiations between the two governments continued in Geneva on Monday.") == ["CONSULT"]


def test_ending_an_event_is_coded_by_what_ends(nlp):
    # CANCEL block: 'call off' ends like 'cancel'; ending a protest eases dissent (082, CONCEDE)
    assert cats(nlp, "The union called off the rallies planned for next week.") == ["CONCEDE"]
    # CAMEO pairs 1724 'Impose state of emergency' with 0814 'Ease state of emergency'; CAMEO2PLOVER puts 0814 under
    # RETREAT, the codebook under CONCEDE ("easing of administrative or legal restrictions"; plover_overrides.tsv)
    got = triggers(nlp, "The prime minister lifted the state of emergency in the capital on Monday.")
    assert [(t.category, t.cameo_code) for t in got] == [("CONCEDE", "0814")]


def test_weapons_tests_demonstrate_military_power(nlp):
    # PLOVER MOBILIZE: "a demonstration of military capabilities"; CAMEO 150. "test-fired" is one verb, not 'fire'
    assert cats(nlp, "Iran test-fired a new cruise missile during naval drills.") == ["MOBILIZE"]
    assert cats(nlp, "The army tested a ballistic missile on Sunday.") == ["MOBILIZE"]
    assert cats(nlp, "The rebels fired rockets at the town.") == ["ASSAULT"]


def test_delivering_weapons_is_military_aid(nlp):
    got = triggers(nlp, "Germany delivered tanks and artillery to the army last month.")
    assert [(t.category, t.cameo_code) for t in got][:1] == [("AID", "072")]


def test_looking_into_is_investigating(nlp):
    assert cats(nlp, "Prosecutors are looking into the deaths of the two protesters.") == ["INVESTIGATE"]


def test_a_mandative_complement_is_a_demand_not_a_report(nlp):
    assert cats(nlp, "The opposition insisted that the commission annul the vote.") == ["DEMAND"]
    assert cats(nlp, "The minister insisted that the vote was fair.") == []


def test_concessions_made_are_concessions(nlp):
    assert cats(nlp, "The government made concessions to the striking miners on Friday.") == ["CONCEDE"]


def test_associations_and_kin_are_actors(nlp):
    assert cats(nlp, "The farmers' association filed a lawsuit against the ministry.") == ["DISAPPROVE"]
    assert cats(nlp, "Relatives of the miners filed a lawsuit against the mining company.") == ["DISAPPROVE"]


def test_travel_for_an_event_is_the_event(nlp):
    # a verb of travel governs an event noun only as its purpose ('for talks', 'on a visit')
    assert cats(nlp, "The foreign minister travelled to Beijing for talks with Chinese officials.") == ["CONSULT"]
    assert cats(nlp, "The president arrived in Nairobi on a three-day state visit.") == ["CONSULT"]
    assert cats(nlp, "The minister travelled to Beijing by train.") == []


def test_exchanges_are_events_only_when_started_or_stopped(nlp):
    # RESTART * EXPORT [061]; PLOVER COOPERATE "resume ... economic cooperation", SANCTION "stop ... exchange"
    assert cats(nlp, "The two countries resumed trade on Monday after a year-long dispute.") == ["COOPERATE"]
    assert cats(nlp, "The government halted oil exports to its neighbour.") == ["SANCTION"]
    assert cats(nlp, "The minister imposed new tariffs on imports.") != ["COOPERATE"]


def test_expelling_a_body_is_a_sanction_and_individuals_coercion(nlp):
    # PLOVER SANCTION: expulsions of groups or organizations; COERCE: expulsions of individuals (CAMEO 1663 / 174)
    assert cats(nlp, "The junta expelled the UN peacekeepers from the country.") == ["SANCTION"]
    assert cats(nlp, "The junta expelled two foreign journalists.") == ["COERCE"]


def test_warning_of_ones_own_protest_is_a_threat(nlp):
    # WARN * (OF HARTALS) [133]: a warning of a strike or protest threatens dissent; of a danger it is a comment
    assert cats(nlp, "The opposition warned of mass protests if the vote was rigged.") == ["THREATEN"]
    assert cats(nlp, "Doctors warned of a shortage of medicines.") == []


def test_sending_warships_to_a_place_deploys_them(nlp):
    # SEND * WARSHIPS (TO) [0332] is excluded: a sending done is no intent to give military aid
    assert cats(nlp, "Britain sent two destroyers to the Gulf on Tuesday.") == ["MOBILIZE"]


def test_taking_part_in_an_event_stands_for_it(nlp):
    # ending one's participation in talks halts negotiations (CAMEO 164, PLOVER SANCTION "walk-outs")
    got = triggers(nlp, "The union suspended its participation in the talks.")
    assert [(t.category, t.cameo_code) for t in got] == [("SANCTION", "164")]


def test_appeal_patterns_read_with_demand_are_demands(nlp):
    # DEMAND block: '- * RELEASE (OF PRISONERS) [0253] # WANT'; with 'demand' it is 1053 'Demand release of persons'
    got = triggers(nlp, "The militants demanded the release of political prisoners.")
    assert [(t.category, t.cameo_code) for t in got] == [("DEMAND", "1053")]


def test_handing_over_a_town_cedes_it(nlp):
    # PLOVER RETREAT "ceding territory"; handing goods over to someone stays aid
    assert cats(nlp, "The rebels handed over the town to government forces.") == ["RETREAT"]
    assert cats(nlp, "The government handed over food to the refugees.") == ["AID"]


def test_more_patrols_are_a_show_of_force_not_a_threat(nlp):
    # PLOVER: MOBILIZE covers police and military moves short of force; THREATEN "is typically verbal"
    assert cats(nlp, "Police stepped up patrols in the capital after the bombing.") == ["MOBILIZE"]


def test_forces_moved_to_a_border_mobilize(nlp):
    assert cats(nlp, "The army moved tanks to the border on Thursday.") == ["MOBILIZE"]


def test_acts_done_in_protest_and_gatherings_to_dissent_are_protests(nlp):
    # CAMEO 140 "Engage in political dissent": the sentence calls the act a protest
    assert cats(nlp, "Opposition lawmakers walked out of parliament in protest.") == ["PROTEST"]
    # CAMEO 141 "Demonstrate or rally": assembling to voice dissent; assembling to talk stays a meeting
    assert cats(nlp, "Hundreds of people assembled outside parliament to demand his resignation.") == ["PROTEST"]
    assert cats(nlp, "The ministers met in Geneva to discuss the crisis.") == ["CONSULT"]


def test_agreeing_to_a_demand_accedes_to_it(nlp):
    # CAMEO 083 "Accede to requests or demands for political reform" (PLOVER CONCEDE), not a mere agreement
    assert cats(nlp, "The government agreed to the opposition's demand for a new constitution.") == ["CONCEDE"]
    assert cats(nlp, "The government agreed to the opposition's proposal for talks.") == ["AGREE"]


def test_allowing_inspectors_in_is_a_retreat(nlp):
    # PLOVER RETREAT "allowing the entry of observers, peacekeepers, or humanitarian workers" (CAMEO 086x);
    # "allowed inspectors to visit": the raised object counts as the verb's object
    got = triggers(nlp, "The government allowed UN inspectors to visit the site.")
    assert [(t.category, t.cameo_code) for t in got] == [("RETREAT", "0862")]


def test_demands_voiced_by_protesters_are_protests(nlp):
    # PLOVER DEMAND: "demands that take the form of demonstrations, protests, etc. are coded as PROTEST"
    assert cats(nlp, "The opposition demanded the release of the detained activists.") == ["DEMAND"]
    assert cats(nlp, "Protesters demanded the release of the detained activists.") == ["PROTEST"]


def test_violence_by_protesters_is_a_violent_protest(nlp):
    # CAMEO 145 "Protest violently, riot" (PLOVER PROTEST); an abduction keeps its own code
    got = triggers(nlp, "Demonstrators burned tyres and threw stones at the police.")
    assert [(t.category, t.cameo_code) for t in got] == [("PROTEST", "145")]
    assert cats(nlp, "Protesters kidnapped a police officer.") == ["ASSAULT"]
    assert cats(nlp, "Soldiers threw stones at the villagers.") == ["ASSAULT"]


def test_plural_pattern_words_match_singular_nouns(nlp):
    # OBTAIN * MINISTERS [043]: the dictionary writes some pattern words in the plural
    assert "CONSULT" in cats(nlp, "The president received the foreign minister at the palace.")


def test_passive_subject_is_the_object(nlp):
    got = triggers(nlp, "Two journalists were arrested by the police in the capital.")
    assert [t.category for t in got] == ["COERCE"] and got[0].cameo_code == "173"


# --- mood -----------------------------------------------------------------------------------------


def test_future_cooperation_is_intent_and_future_force_a_threat(nlp):
    assert cats(nlp, "The two ministers will meet in Geneva next week.") == ["AGREE"]
    assert "THREATEN" in cats(nlp, "The general said his forces will attack the rebel positions.")


def test_pledge_to_fight_is_a_threat_not_an_agreement(nlp):
    got = cats(nlp, "The rebel commander vowed to attack the capital.")
    assert "THREATEN" in got and "AGREE" not in got


def test_negation_refusal_and_conditionals(nlp):
    assert "REJECT" in cats(nlp, "The government did not meet the opposition leaders.")
    assert cats(nlp, "The soldiers did not fire on the crowd.") == []
    assert "ASSAULT" not in cats(nlp, "If the talks fail, the army would attack the town.")
    assert cats(nlp, "Such a move would isolate the country.") == []  # conditional 'would', not reported


def test_the_first_to_act_in_the_past_is_an_act(nlp):
    # an infinitival relative on a ranked noun in the simple past reports a done act; in the future it does not
    assert cats(nlp, "Ghana became the first country to send troops to the mission.") != []
    assert cats(nlp, "He was the first foreign leader to visit the rebel-held city.") == ["CONSULT"]
    assert cats(nlp, "He will be the first foreign leader to visit the rebel-held city.") == []


def test_a_negated_passive_is_no_refusal(nlp):
    # the subject of "was not released" refused nothing; the active "did not release" with a future is REJECT
    assert cats(nlp, "The charges against the journalist have not been dropped.") == []
    assert cats(nlp, "The rebels said they will not release the hostages.") == ["REJECT"]


def test_reported_backshifted_future_is_kept(nlp):
    assert "THREATEN" in cats(nlp, "The minister said the government would expel the foreign journalists.")


def test_purpose_and_instead_of_are_not_acts(nlp):
    assert "COERCE" not in cats(nlp, "They collected signatures so that the law would be banned.")
    assert "ASSAULT" not in cats(nlp, "The envoy urged them to talk instead of attacking the town.")


# --- codability -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Will the army attack the town?",  # question
        "Militias usually attack convoys on this road.",  # habitual adverb
        "Rebels attack villages in the dry season.",  # generic bare plural, present
        "The army possibly attacked the village.",  # speculation
        "The minister declined to comment on the arrests.",  # declined to comment
        "The spokesman refused to elaborate.",
        "The ministers are expected to meet on Friday.",  # forecast
        "Analysts predict that the rebels will attack the capital.",  # forecast
        "The senator believes the two leaders will meet next month.",  # an opinion about the future
        "Japan will likely increase its military cooperation with NATO.",  # speculation
        "The team beat its rivals 3-1 to win the World Cup final.",  # sports, no political actor
        "Four people died in a traffic accident on the highway.",  # accident
        "A storm hit the coastal town, killing two fishermen.",  # natural hazard
        "The company supplies fuel to the region.",  # a state in the present, not an act
        "The report fails to reflect the reality on the ground.",  # a thing is no actor
        "The province is threatened by the high consumption of meat.",  # a thing as passive agent
        "Women are prohibited from working in many sectors.",  # present passive: a state
        "We encourage everybody to visit the nearest clinic.",  # urging with a to-infinitive: an appeal
        "The minister called on both sides to show restraint.",  # an appeal (CAMEO 02), not coded by PLOVER
    ],
)
def test_not_codable(nlp, sentence):
    assert cats(nlp, sentence) == []


def test_perfect_tense_is_not_a_present_state(nlp):
    assert cats(nlp, "Security forces have arrested a senior member of the rebel group.") == ["COERCE"]
    assert cats(nlp, "The activist was arrested at the airport.") == ["COERCE"]


def test_a_subject_under_no_negates(nlp):
    got = cats(nlp, "No agreement was reached after two days of talks.")
    assert "AGREE" not in got and "REJECT" in got  # failing to agree is a rejection (CAMEO 12)


def test_discard_context_with_a_political_actor_is_coded(nlp):
    assert "SUPPORT" in cats(nlp, "The president praised the national football team after the World Cup final.")


def test_accusation_is_coded_not_its_content(nlp):
    got = cats(nlp, "The opposition leader accused the governor of embezzling public funds.")
    assert got == ["DISAPPROVE"]
    # a prosecutor's accusation is a legal charge (CAMEO 'PROSECUTOR * [173]')
    assert cats(nlp, "The prosecutor accused the governor of embezzling public funds.") == ["COERCE"]


# --- interface ------------------------------------------------------------------------------------


def test_trigger_carries_the_cameo_code_of_its_category(nlp):
    lex = lexicon()
    for sentence in (
        "The foreign ministers met in Vienna on Tuesday.",
        "Police detained dozens of protesters in the capital.",
        "The government recalled its ambassador.",
    ):
        for t in triggers(nlp, sentence):
            assert t.mood == "realis" and lex.plover_of(t.cameo_code) == t.category, (sentence, t)
            assert t.source and 0 < t.strength <= 1


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_detect_triggers_is_total_on_arbitrary_text(nlp, text):
    doc = nlp(text)
    for sent in doc.sents:
        for t in detect_triggers(sent):
            assert t.category in PLOVER_CATEGORIES
            assert 0 <= t.strength <= 1
            assert t.cameo_code == "" or CAMEO_CODE.match(t.cameo_code)
            assert sent.start <= t.anchor_i < sent.end and sent.start <= t.token_i < sent.end


def test_shared_sources_are_where_the_script_reads_them():
    assert (SHARED_DATA / "petrarch2" / "CAMEO.2.0.txt").is_file()
    assert (SHARED_DATA / "plover" / "CAMEO2PLOVER-2021.txt").is_file()


# --- events that are events (round three): modality, epistemic frames, negation scope, fragments ----------


@pytest.mark.parametrize(
    "sentence",
    [
        "The commission plans to investigate the bribery allegations.",  # a plan that is not cooperation
        "Exports will be hit by the new tariffs.",  # future passive with a thing as agent: a forecast
        "I think the general has decided to resign.",  # epistemic frame
        "Officials believe the militia attacked the convoy.",
        "It is unlikely that the rebels will return to the negotiating table.",  # epistemic adjective
        "It is possible that the militia attacked the convoy.",
        "His lawyer said the evidence would not show that his client planned to kill the journalist.",  # negated frame
        "Officials said no ransom was paid to free the hostages.",  # negated existence, not a refusal
        "The separatists have been fighting an insurgency against the state for decades.",  # over years
        "The opposition has persistently alleged that the army rigged the vote.",  # a standing stance
        "Countering China",  # a heading
        "Bilateral trade between the two countries hit $1.1 billion last year.",  # a figure, not a target
        "Collapsing buildings injured 15 people.",  # a thing with no violence
        "Online forums that have facilitated public debate were shut down.",  # relative pronoun of a thing
        "The mayor cautioned that the proposed ban should not add any burden to the city.",  # advice
        "The general warned that the truce could collapse.",  # a warning about a possibility
        "Ankara will tend to close the smaller base.",  # a propensity
        "The ambassador warned against travel to the region.",  # advice
        '"But how to get out of this policy is the president\'s problem," he added.',  # an indirect question
        "The group conducts bombings in the region, aiming to topple the government.",  # a goal
        "The ministry issues around 400 hunting licenses annually.",  # a routine
        "Pressed on the timing of the withdrawal, the minister said no date had been set.",  # a participle adjunct
        '"It is really important to emphasize that the situation could get worse," he warned.',  # a state
        "Several countries are planning re-opening for tourists.",  # a plan that is not cooperation
        "The two sides had no discussion about the ship.",  # a negated event noun
        "It took longer than the rebels were willing to accept.",  # a comparative clause
        "An emergency was declared at the government hospital to facilitate receiving the injured.",  # people
        "Nearly 60,000 such operations were conducted nationwide last year, he said.",  # an aggregate count
        "In the last 15 months, 1,250 terrorists have been killed in Pakistan, the spokesman said.",
        "The separatist group launched 504 attacks in 2024.",
        "The analyst said the president may overreach and start threatening military action.",  # shared modal
        "Members of the committee are responsible for scrutinizing the policies of the government.",  # a duty
    ],
)
def test_not_an_event(nlp, sentence):
    assert cats(nlp, sentence) == []


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("The two presidents will meet in Geneva next month.", "AGREE"),  # future cooperation is intent
        ("The president warned that troops would strike back.", "THREATEN"),  # a warning of force is a threat
        ("The army warned that anyone crossing the line would face severe consequences.", "THREATEN"),
        ("The ministry said it would investigate the deaths.", "INVESTIGATE"),  # an announced investigation
        ("No agreement was reached at the talks.", "REJECT"),  # a joint act that failed
        ("A car bomb killed 12 people in the market.", "ASSAULT"),  # an instrument of violence
        ("Two soldiers were wounded by the armed formations.", "ASSAULT"),  # a passive agent acts
        ("The envoy defended the treaty, saying it was peaceful.", "SUPPORT"),  # defending a text is verbal
        ("Troops defended the city against the rebel assault.", "MOBILIZE"),
        ("The ambassador warned the rebels against attacking the convoy.", "THREATEN"),
        ("Several countries are planning a summit on the crisis.", "AGREE"),
        ("The rebels will not release the hostages.", "REJECT"),
        ("A bomb killed 12 people in the capital last year.", "ASSAULT"),  # one event with its toll
        ("Rebels attacked the town in 2019, killing 40 people.", "ASSAULT"),
        ("Police arrested 300 protesters over the past two days.", "COERCE"),
        ("Troops launched several attacks on rebel positions on Monday.", "ASSAULT"),  # one day
    ],
)
def test_still_an_event(nlp, sentence, category):
    assert cats(nlp, sentence)[:1] == [category]


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("French and German warships launched five days of war games in the Baltic.", "COOPERATE"),  # joint
        ("The government mobilized reservists after the border clash.", "MOBILIZE"),
        ("Striking doctors returned to work after a month-long walkout.", "CONCEDE"),
        ("The United States delivered 20 armored vehicles to the Lebanese army.", "AID"),
        ("The anti-corruption agency questioned the mayor over missing funds.", "INVESTIGATE"),
        ("Investigators exhumed mass graves to gather evidence.", "INVESTIGATE"),
        ("The rebels dismissed a government call for fresh talks.", "REJECT"),
        ("Envoys from both countries sat down for talks.", "CONSULT"),
        ("The government blocked access to social media websites.", "COERCE"),  # censorship
        ("Protesters blocked access to the parliament building.", "PROTEST"),
        ("Police raided the offices of the newspaper and seized documents.", "COERCE"),
        ("Soldiers raided the village at dawn, killing three people.", "ASSAULT"),
        ("Hackers defaced hundreds of government websites.", "COERCE"),
        ("The government sent additional troops to the restive province.", "MOBILIZE"),  # to a place
        ("North Korea fired a ballistic missile into the Sea of Japan.", "MOBILIZE"),  # a test, no target
        ("NATO beefed up its presence in the Baltic states.", "MOBILIZE"),
        ("The government suspended the controversial law after weeks of protests.", "CONCEDE"),
        ("Parliament repealed the emergency law.", "CONCEDE"),
        ("Kosovo Serbs dismantled roadblocks.", "RETREAT"),
        ("Britain sent a team of doctors to the quake zone.", "AID"),
        ("China gave Pakistan two warships.", "AID"),
        ("Students boycotted classes.", "PROTEST"),  # a boycott by students is a strike, not an embargo
        ("The United States boycotted the summit.", "REJECT"),  # a state boycotting talks: CAMEO 125
    ],
)
def test_codebook_recall_round_three(nlp, sentence, category):
    assert cats(nlp, sentence)[:1] == [category]


# --- fourth round: nominalisations, reported speech, codebook category rules --------------------------------------


def test_nouns_derived_from_the_dictionary_verbs_take_the_verbs_codes():
    lex = lexicon()
    derived = lex.derived_nouns
    # derivational morphology over the CAMEO verbs: -ation, -ing, irregular and converted forms
    assert lex.plover_of(derived["condemnation"].code) == "DISAPPROVE"
    assert lex.plover_of(derived["kidnapping"].code if "kidnapping" in derived else lex.nouns["kidnapping"].code)
    assert lex.plover_of(derived["criticism"].code) == "DISAPPROVE"
    assert lex.plover_of(derived["threat"].code) == "THREATEN"
    assert lex.plover_of(derived["imprisonment"].code) == "COERCE"
    # our own nouns win; lexicalised derivations and verbs switched off give no event noun
    assert "attack" not in derived and "attack" in lex.nouns
    for noun in ("organization", "constitution", "relation", "settlement", "shelter", "order"):
        assert noun not in derived, noun
    assert "call" not in derived  # the verb 'call' codes nothing by default (news_verbs.tsv)


def test_excluded_derived_nouns_are_words_the_script_derives():
    derived = {r["noun"] for r in read_tsv("cameo_nouns.tsv")}
    excluded = [r["noun"] for r in read_tsv("news_nouns_excluded.tsv")]
    assert excluded and all(n in derived for n in excluded)


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        # nominal events: governed by a reaction verb, or the subject of a past verb that is no event itself
        ("The shooting of the student drew sharp condemnation from the bar association.", "DISAPPROVE"),
        ("The execution of the activist sparked protests in several cities.", "PROTEST"),
        ("Fighting between the two clans left eight people dead.", "ASSAULT"),
        ("Threats of new sanctions from Brussels failed to deter the government.", "THREATEN"),
        # reported speech with the speech tag after the clause, including 'told'
        ("The rebels rejected the truce offer, a spokesman told reporters.", "REJECT"),
        ("The army arrested two opposition leaders overnight, a police source told AFP.", "COERCE"),
        # a preposition that only dates the verb is no argument of a pattern
        ("The Indian prime minister telephoned the Nepali premier on Friday.", "CONSULT"),
        # orders with an infinitive are demands
        ("The judge ordered the ministry to reinstate the dismissed teachers.", "DEMAND"),
        # the codebook's distinctions
        ("Police dismantled a smuggling ring operating from the port.", "COERCE"),  # not force
        ("Security forces broke up a militant cell in the capital.", "COERCE"),
        ("The mayor was charged with embezzlement on Monday.", "COERCE"),  # legal action, not an accusation
        ("The two navies conducted joint patrols in the strait.", "COOPERATE"),
        ("Both governments signed an economic cooperation agreement.", "SUPPORT"),  # signing
        ("Negotiators walked out of the talks on Tuesday.", "SANCTION"),  # walk-outs
        ("Mediators were meeting at a hotel in the capital.", "CONSULT"),  # a meeting done, not an intent
        ("Beijing retaliated with tariffs on soybeans.", "SANCTION"),  # force read on trade measures
        ("Dockers struck for a third day over pay.", "PROTEST"),
        ("Thousands of demonstrators gathered in front of the ministry.", "PROTEST"),
        ("The army sent reinforcements to the northern front.", "MOBILIZE"),
        ("The militants handed over control of the district to the army.", "RETREAT"),
        ("The foreign minister resigned, and his resignation was announced on television.", "RETREAT"),
        ("The journalist was jailed for three years.", "COERCE"),  # a counted term is no span
        ("The militia vowed to avenge its commander.", "THREATEN"),
        ("Moscow warned Tbilisi of grave consequences.", "THREATEN"),
    ],
)
def test_codebook_recall_round_four(nlp, sentence, category):
    assert cats(nlp, sentence)[:1] == [category]


@pytest.mark.parametrize(
    "sentence",
    [
        "Relations between the two neighbours have deteriorated in recent years.",  # a relation, no occurrence
        "The storm slammed into the coast on Sunday.",  # an impact, not criticism
        "Detainees were flown to another prison on Tuesday.",  # transport, not a visit
        "It was decided that the reports were biased.",  # a judgment, not an intent
        "Residents heard gunfire near the border.",  # hearing is not consulting
        "The agency called for more support for renewable energy.",  # an appeal's object
        "No one is going to hold joint patrols in the area.",  # negated by the subject
        "Tariff wars between the two powers have sent jitters through markets.",  # a figure of speech
        "The arrest is related to his interviews with a politician.",  # a present statement about an event
        '"The danger has not passed yet," agreed a community leader.',  # a verb of saying after its quote
    ],
)
def test_not_an_event_round_four(nlp, sentence):
    assert cats(nlp, sentence) == []


# --- round five: shapes of news the coder missed (sentences written for each rule) -------------------------


@pytest.mark.parametrize(
    ("sentence", "category"),
    [
        ("Police arrest opposition leader in capital", "COERCE"),  # headline: the simple present tells a past act
        ("Prosecutors investigate deaths in police custody", "INVESTIGATE"),  # a bare plural subject, no habit
        ("The envoy was received by the president at the palace.", "CONSULT"),  # a passive visit, no transport
        ("The rebel group claimed responsibility for the bombing.", "ASSAULT"),  # the claimant's attack
        ("The kidnapping was claimed by an armed group.", "ASSAULT"),
        ("The ministry said the foreign troops must leave the country.", "DEMAND"),  # a reported obligation
        ("A wave of arrests followed the elections.", "COERCE"),  # a collective head names events by its object
        ("A sit-in by students entered its second week, organisers said.", "PROTEST"),  # subject under a report
        ("The government set up a commission to look into the riot.", "INVESTIGATE"),  # a body set up to investigate
        ("The UN sent a team of experts to investigate the massacre.", "INVESTIGATE"),
        ("The suspects were questioned by police on Monday.", "INVESTIGATE"),
        ("Villagers fled after an attack by gunmen on the market.", "ASSAULT"),  # framed noun with its agent
        ("The regional leaders came out in support of the interim government.", "SUPPORT"),
        (
            "The government eased curbs on the press.",
            "CONCEDE",
        ),  # CAMEO 081 (curfews, 0813, are RETREAT in CAMEO2PLOVER)
        ("North Korea carried out a test of a cruise missile.", "MOBILIZE"),
        ("Thousands of refugees returned to their villages in the north.", "RETREAT"),  # a quantity's 'of' subject
        ("Police handed the suspect over to the Spanish authorities.", "COOPERATE"),  # an extradition, no aid
        ("Donors suspended disbursements to the government after the coup.", "SANCTION"),
        ("The country was suspended from the regional bloc.", "SANCTION"),
        ("Soldiers set up checkpoints on the roads into the town.", "MOBILIZE"),  # police or military moves
        ("The US stationed more troops in the region.", "MOBILIZE"),
        ("The navy raised its alert level.", "MOBILIZE"),
        ("The opposition dropped its demand for a recount.", "CONCEDE"),  # yielding
        ("The cabinet withdrew the bill after the protests.", "CONCEDE"),  # a text withdrawn, no forces
        ("Truck drivers parked their lorries on the motorway to protest fuel taxes.", "PROTEST"),  # 'to protest'
        ("Dock workers walked off the job on Monday.", "PROTEST"),
        ("Two rockets landed near the airport overnight.", "ASSAULT"),  # a projectile's landing is fire
    ],
)
def test_codebook_recall_round_five(nlp, sentence, category):
    assert cats(nlp, sentence)[:1] == [category]


@pytest.mark.parametrize(
    "sentence",
    [
        "Rights groups say arrests are common in the region.",  # full stop: no headline, a generic statement
        "He claimed responsibility for the defeat.",  # claiming anything but an attack stays CAMEO 015
        "The minister said each company must fend for itself.",  # a distributive subject states a rule
        "The official said our allies must take a long-term view.",  # the speaker's own side
        "She said the letter must have been lost.",  # epistemic 'must have'
        "The minister said the situation must improve.",  # no party obliged
        "The government plans to set up a commission to investigate.",  # a plan, not an inquiry
        "Prices rose after a decision by the central bank.",  # a framed noun that is no event
        "The officer was suspended from duty.",  # a suspension from a job, no relation between parties
        "The central bank raised interest rates.",  # no alert
        "Ambulances were stationed outside the stadium.",  # no armed force
        "The plane landed in the capital on Monday.",  # no weapon
    ],
)
def test_not_an_event_round_five(nlp, sentence):
    assert cats(nlp, sentence) == []


def test_headline_needs_a_short_clause_without_closing_punctuation(nlp):
    from transforms.extract.events.triggers import headline

    assert headline(nlp("Rebels release hostages in north")[:])
    assert not headline(nlp("Rebels release hostages in north.")[:])  # a full stop: running text
    assert not headline(nlp("Talks in Geneva")[:])  # no verb: a section heading


def test_an_inquiry_body_sent_names_its_sender_as_investigator(nlp):
    """'sent a mission to investigate': one INVESTIGATE event anchored on the investigating verb (its controller, the
    sender, is the actor) and no intent to meet read from the dispatch."""
    got = triggers(nlp, "The United Nations sent a fact-finding mission to investigate the killings.")
    assert [t.category for t in got] == ["INVESTIGATE"]
    assert got[0].anchor_i == got[0].token_i and got[0].text == "investigate"


# --- sixth round: the codebook's category mapping and wire-news ranking -----------------------------------------


def test_codebook_overrides_of_cameo2plover(nlp):
    # plover_overrides.tsv: where CAMEO2PLOVER and the codebook disagree the codebook wins.  Easing curfews,
    # emergencies and sanctions and declaring a ceasefire are CONCEDE; observing one stays RETREAT (CAMEO 087)
    assert cats(nlp, "Authorities lifted the curfew in the port city on Tuesday.")[:1] == ["CONCEDE"]
    assert cats(nlp, "The European Union eased sanctions on the country's airline on Wednesday.")[:1] == ["CONCEDE"]
    assert cats(nlp, "The rebels declared a ceasefire on Sunday.")[:1] == ["CONCEDE"]
    assert cats(nlp, "Both armies observed the ceasefire through the weekend.")[:1] == ["RETREAT"]
    # repression and destroying property are COERCE (codebook COERCE: "Repression ...", mode "destroy property")
    assert cats(nlp, "Soldiers razed the houses of suspected rebels on Monday.")[:1] == ["COERCE"]
    assert cats(nlp, "The rebels used villagers as human shields.")[:1] == ["COERCE"]  # violence against civilians
    # the release of prisoners stays RETREAT: the codebook's RETREAT names it
    assert cats(nlp, "The authorities freed 200 political prisoners on Saturday.")[:1] == ["RETREAT"]


def test_removing_or_exempting_from_trade_measures_eases_them(nlp):
    # REMOVE sits in the DEPORT block (174): removing tariffs is no expulsion (CAMEO 085, PLOVER CONCEDE)
    got = triggers(nlp, "The government removed tariffs on imported rice on Monday.")
    assert [(t.category, t.cameo_code) for t in got][:1] == [("CONCEDE", "085")]
    assert cats(nlp, "The government removed the refugees from the camp on Monday.")[:1] == ["COERCE"]
    assert cats(nlp, "The administration exempted Canadian cars from the new tariffs.")[:1] == ["CONCEDE"]
    assert cats(nlp, "The president exempted the duties on imported cars.")[:1] == ["CONCEDE"]


def test_peacekeepers_who_arrive_move_there(nlp):
    # the dictionary's ARRIVE &PKO codes 0861 (a host receives peacekeepers, RETREAT) with the peacekeepers as actor;
    # their arrival is a military move short of force (PLOVER MOBILIZE), their deployment by a sender peacekeeping (074)
    got = triggers(nlp, "Additional peacekeepers arrived in the capital on Wednesday.")
    assert [(t.category, t.cameo_code) for t in got][:1] == [("MOBILIZE", "150")]
    # receiving them is still the host's act
    assert cats(nlp, "The government received U.N. peacekeepers on Wednesday.")[:1] == ["RETREAT"]


def test_objecting_is_disapproval_and_refusing_is_rejection(nlp):
    # PLOVER DISAPPROVE: "Express disapprovals, objections"; the dictionary's VERBAL_CONFLICT reads OBJECT as 120
    assert cats(nlp, "Several senators objected to the nomination on Tuesday.")[:1] == ["DISAPPROVE"]
    assert cats(nlp, "The senators rejected the nomination on Tuesday.")[:1] == ["REJECT"]


def test_an_armed_force_holding_drills_shows_military_power(nlp):
    # the support verb's subject makes the drills military; 'drills' tagged as a verb in an object's function
    assert cats(nlp, "The military staged drills near the border on Tuesday.")[:1] == ["MOBILIZE"]
    assert cats(nlp, "The navy held live-fire drills off the coast.")[:1] == ["MOBILIZE"]
    assert cats(nlp, "The school held drills in the gym on Tuesday.") == []


def test_the_reported_clause_outranks_the_speech_tags_participle(nlp):
    # wire news: the event is the clause a verb of saying reports, not the participle after the tag
    s = "Two soldiers were killed by a roadside bomb on Tuesday, the army said, blaming the attack on insurgents."
    assert cats(nlp, s)[0] == "ASSAULT"
    assert "DISAPPROVE" in cats(nlp, s)  # the accusation is still a mention of its own


def test_an_event_named_only_in_an_adjunct_is_coded(nlp):
    # wire news reports an event through its consequence: the noun of an 'after/following/amid' adjunct of a clause
    # that reports no act is the sentence's event
    assert cats(nlp, "Schools stayed shut on Monday amid protests over rising fuel prices.") == ["PROTEST"]
    assert cats(nlp, "The currency fell on Tuesday following the arrest of the opposition leader.") == ["COERCE"]
    assert cats(nlp, "Families fled the town following heavy shelling by government forces.") == ["ASSAULT"]
    # not a state of affairs, a possible or growing one, a press conference, or a noun of another clause's act
    assert cats(nlp, "Prices rose sharply after the war.") == []
    assert cats(nlp, "Tension rose amid the possible eviction of families from their homes.") == []
    assert cats(nlp, "The minister spoke during a news conference on Monday.") == []
    # a clause with an act of its own keeps it: the adjunct is read only when nothing else is
    assert cats(nlp, "Police arrested ten people on Monday after the protests over fuel prices.") == ["COERCE"]


def test_a_participle_describing_a_coded_event_noun_is_no_event_of_its_own(nlp):
    # "drills encircling the island": the participle tells how the drills went, it is no assault
    got = cats(nlp, "China conducted military drills encircling the island on Thursday.")
    assert got == ["MOBILIZE"]
    # a participle on a noun of people is still an act ("arrested protesters blocking the road" keeps the arrest)
    assert cats(nlp, "Police arrested protesters blocking the road.")[:1] == ["COERCE"]


def test_strikes_by_an_armed_force_are_force_not_labour_strikes(nlp):
    assert cats(nlp, "Warplanes launched strikes on fuel depots on Monday.")[:1] == ["ASSAULT"]
    assert cats(nlp, "Dock workers launched strikes at three ports on Monday.")[:1] == ["PROTEST"]


def test_making_something_conditional_performs_nothing(nlp):
    # complex-transitive 'make X ADJ' is no support verb: no aid is given
    assert "AID" not in cats(nlp, "The president voiced interest in making military aid conditional on reforms.")
    assert cats(nlp, "The government made an offer of aid to the flood victims.")[:1] == ["AGREE"]


def test_forces_moved_massed_or_reinforced_mobilize(nlp):
    # CAMEO 154 "Mobilize or increase armed forces": with or without a stated destination
    assert cats(nlp, "The navy moved two warships to the area on Friday.")[:1] == ["MOBILIZE"]
    assert cats(nlp, "The army reinforced its positions along the ceasefire line.")[:1] == ["MOBILIZE"]
    # reinforcing ties is no coercion (the dictionary's IMPEL default, 170)
    assert "COERCE" not in cats(nlp, "The two countries reinforced their ties with a new treaty.")


def test_the_noun_of_easing_names_what_is_eased(nlp):
    got = triggers(nlp, "The easing of sanctions on the country's banks was announced on Friday.")
    assert [(t.category, t.cameo_code) for t in got][:1] == [("CONCEDE", "085")]


def test_ending_fighting_is_retreat_and_declaring_a_ceasefire_concede(nlp):
    # codebook RETREAT: "observing a ceasefire or otherwise ending active conflicts"; CONCEDE: "declarations (but not
    # implementations) of ceasefires" (the dictionary codes both 0871)
    assert cats(nlp, "That agreement ended a war that lasted three years.")[:1] == ["RETREAT"]
    assert cats(nlp, "The two sides halted attacks on Monday.")[:1] == ["RETREAT"]
    assert cats(nlp, "Hundreds of fighters laid down their weapons on Monday.")[:1] == ["RETREAT"]
    assert cats(nlp, "The army declared a truce on Monday.")[:1] == ["CONCEDE"]
    # ending sanctions or a curfew follows the easing codes (news_phase_end.tsv)
    assert cats(nlp, "The government ended the curfew in the capital.")[:1] == ["CONCEDE"]


# --- seventh round: real-news shapes ----------------------------------------------------------------


def test_an_existential_sentence_asserts_its_event_noun(nlp):
    assert cats(nlp, "There were clashes between rival gangs in the port city on Sunday.")[:1] == ["ASSAULT"]
    assert "COERCE" in cats(nlp, "There has been a wave of arrests in the north since the vote.")
    assert cats(nlp, "There was no fighting in the city overnight.") == []
    assert "PROTEST" not in cats(nlp, "There will be protests in the capital tomorrow.")
    # an existential 'threat' is a danger, not a threat made
    assert "THREATEN" not in cats(nlp, "There was a security threat near the airport.")


def test_light_verbs_perform_their_event_noun_but_not_as_phrasal_verbs(nlp):
    assert "SUPPORT" in cats(nlp, "Parliament gave its endorsement to the new cabinet.")
    assert "DISAPPROVE" in cats(nlp, "The embassy lodged a formal complaint with the foreign ministry.")
    assert "DISAPPROVE" in cats(nlp, "The villagers filed a lawsuit against the mining company.")
    assert "DEMAND" not in cats(nlp, "The government gave in to the strikers' demands.")


def test_a_verb_of_report_attests_the_event_its_object_names(nlp):
    assert "ASSAULT" in cats(nlp, "Residents reported heavy fighting near the airport on Monday.")
    assert "MOBILIZE" in cats(nlp, "Officials confirmed the deployment of 3,000 soldiers to the frontier.")
    assert "ASSAULT" not in cats(nlp, "The army denied reports of fighting near the airport.")
    assert "ASSAULT" not in cats(nlp, "Residents did not report any fighting near the airport.")


def test_an_act_on_a_named_patient_in_an_adjunct_is_coded_in_any_category(nlp):
    assert cats(nlp, "Shops reopened on Monday after the lifting of the curfew in the old city.") == ["CONCEDE"]


def test_a_count_anchored_after_a_period_is_one_act(nlp):
    assert "RETREAT" in cats(nlp, "Four hostages were freed on Friday after months in captivity.")


def test_a_verb_of_naming_with_an_object_complement_performs_nothing(nlp):
    assert cats(nlp, "The minister called the raids a necessary step.") == []
    assert "PROTEST" in cats(nlp, "The dockers' union called a strike at the port.")


def test_naming_an_object_as_an_event_convenes_nothing_and_a_judgement_keeps_its_reading(nlp):
    # the CALL block's 'meeting' pattern (036) read a name given to a meeting as an intent to meet
    assert cats(nlp, "The minister called it a productive meeting.") == []
    assert cats(nlp, 'Trump hosted Erdogan for what he called a "wonderful meeting."') == []
    assert "AGREE" in cats(nlp, "Putin called a meeting of the security council.")
    assert "DISAPPROVE" in cats(nlp, "The opposition leader called the president a dictator.")


def test_a_verdict_against_an_organisation_is_disapproval_against_a_person_coercion(nlp):
    found = cats(nlp, "A court found the bank guilty of money laundering.")
    assert "DISAPPROVE" in found and "COERCE" not in found
    assert "COERCE" in cats(nlp, "A court found the activist guilty of sedition and jailed him.")


def test_founding_a_business_and_a_fire_drill_are_no_events(nlp):
    assert "COOPERATE" not in cats(nlp, "She founded a software company in 2010.")
    assert "CONCEDE" not in cats(nlp, "The hospital held a fire drill on Tuesday.")


def test_a_ceasefire_that_holds_is_observed(nlp):
    assert cats(nlp, "The truce held through the weekend, monitors said.") == ["RETREAT"]
    assert "RETREAT" in cats(nlp, "The ceasefire took effect at dawn on Friday.")


def test_funds_released_or_disbursed_are_aid(nlp):
    assert "AID" in cats(nlp, "The World Bank disbursed $200 million to the government on Monday.")
    assert "AID" in cats(nlp, "The European Union released 5 million euros in aid to the flooded region.")
    assert "RETREAT" not in cats(nlp, "The European Union released 5 million euros in aid to the flooded region.")


def test_forces_mobilised_or_ordered_to_a_place(nlp):
    assert "MOBILIZE" in cats(nlp, "The governor mobilised the national guard after the riots.")
    assert cats(nlp, "The defence minister ordered troops to the frontier.")[:1] == ["MOBILIZE"]
    assert cats(nlp, "The defence minister ordered the troops to withdraw from the town.")[:1] == ["DEMAND"]


def test_a_progressive_participle_on_people_describes_them(nlp):
    assert "DEMAND" not in cats(nlp, "The minister met farmers demanding higher prices.")
    assert "DEMAND" in cats(nlp, "Parliament passed a resolution demanding the release of the journalists.")


def test_added_synonym_set_members_name_existing_sets():
    synsets = {r["name"] for r in read_tsv("cameo_synsets.tsv")}
    added = read_tsv("news_synsets.tsv")
    assert added and all(r["name"] in synsets and r["phrase"] and r["why"] for r in added)


def test_a_subject_noun_the_parser_made_the_root_keeps_its_finite_verb(nlp):
    # the parser reads 'Heavy clashes' as the root and 'left' as a clause on it; a VBD is never a reduced relative
    assert cats(nlp, "Heavy clashes left at least 12 people dead in the city on Sunday.") == ["ASSAULT"]


def test_negotiating_and_mediating_are_consultations(nlp):
    assert cats(nlp, "Union leaders negotiated with the transport ministry until dawn.")[:1] == ["CONSULT"]
    assert cats(nlp, "The Norwegian envoy mediated in the dispute.")[:1] == ["CONSULT"]


def test_dispersing_a_protest_is_repression(nlp):
    assert cats(nlp, "Police dispersed the demonstrators with batons.") == ["COERCE"]
    assert cats(nlp, "The crowd dispersed peacefully after the speech.") == []


def test_people_or_craft_seized_are_abducted_or_hijacked(nlp):
    assert cats(nlp, "Gunmen seized 20 passengers from a bus in the north.") == ["ASSAULT"]
    assert cats(nlp, "Pirates seized a Greek tanker off the coast.") == ["ASSAULT"]
    assert cats(nlp, "Customs officers seized two tonnes of cocaine.") == ["COERCE"]


def test_a_phoenix_agent_of_several_words_is_an_actor(nlp):
    assert "SUPPORT" in cats(nlp, "The central banks of the two countries signed a currency swap agreement.")


def test_reopening_a_border_eases_a_restriction_and_to_trade_resumes_exchange(nlp):
    assert cats(nlp, "Authorities reopened the border crossing for the first time in weeks.") == ["CONCEDE"]
    assert cats(nlp, "The two countries reopened their border to trade on Monday.") == ["COOPERATE"]


# --- eighth round: headline grammar, aid deliveries ------------------------------------------------


def test_a_headlines_bare_participle_is_its_passive_main_verb(nlp):
    # headlinese drops the auxiliary: "5 wounded" = were wounded; the attribution before the colon is the source
    assert cats(nlp, "Officials: 5 wounded in grenade attack on bus station")[:1] == ["ASSAULT"]
    assert cats(nlp, "Two journalists arrested at border crossing")[:1] == ["COERCE"]
    # in running text the same participle only describes its noun
    assert "COERCE" not in cats(nlp, "The lawyer of two journalists arrested last year spoke to reporters.")


def test_a_headlines_bare_progressive_and_its_speech_tags_clause_are_main_verbs(nlp):
    assert cats(nlp, "Militia fighters massing near border town, officials say")[:1] == ["MOBILIZE"]
    assert cats(nlp, "Army frees 30 hostages, ministry says")[:1] == ["RETREAT"]


def test_a_verbless_headline_reports_its_event_noun(nlp):
    assert cats(nlp, "Navy on high alert after drone sighting") == ["MOBILIZE"]
    assert cats(nlp, "Former minister under arrest, lawyers say") == ["COERCE"]
    assert cats(nlp, "Car bomb near army base, 4 dead")[:1] == ["ASSAULT"]
    # a section heading is a bare noun phrase: no actor, no act
    assert cats(nlp, "Protests in the capital") == []
    assert cats(nlp, "Talks with the rebels") == []
    assert cats(nlp, "Sanctions, tariffs and trade") == []


def test_a_headline_attribution_speaks_an_obligation(nlp):
    assert cats(nlp, "Opposition: president must step down") == ["DEMAND"]


def test_a_delivery_of_aid_goods_is_aid(nlp):
    assert cats(nlp, "Witnesses reported the arrival of a relief convoy in the town.") == ["AID"]
    assert cats(nlp, "A shipment of medical supplies reached the hospital on Friday.") == ["AID"]
    # a delivery of other goods, or aid as a standing relation, is no act of giving
    assert cats(nlp, "A shipment of cars reached the port on Friday.") == []
    assert "AID" not in cats(nlp, "The arrival of the new ambassador was reported on Friday.")


def test_an_amounts_in_object_is_what_is_given(nlp):
    assert cats(nlp, "Canada sent $20 million in humanitarian aid to the region.") == ["AID"]


def test_armed_group_members_and_police_reinforcements_mobilize(nlp):
    assert cats(nlp, "The militia massed fighters near the airport.") == ["MOBILIZE"]
    assert cats(nlp, "Police reinforcements streamed into the town overnight.") == ["MOBILIZE"]
    # reinforcements with no armed modifier may be firefighters or doctors
    assert "CONSULT" not in cats(nlp, "Reinforcements have arrived from neighbouring countries to fight the fires.")


def test_handing_over_power_is_a_change_of_leadership(nlp):
    assert cats(nlp, "The junta handed over power to a transitional council.") == ["RETREAT"]


def test_a_headline_verb_the_parser_reads_as_a_noun(nlp):
    # "protest" as a noun with its subject, "attack" as a compound between an agent and its patient
    assert cats(nlp, "Hundreds protest in Nairobi over tax bill") == ["PROTEST"]
    assert cats(nlp, "Rebels attack army post in the north")[:1] == ["ASSAULT"]


def test_an_aid_delivery_that_arrives_is_aid_and_a_delegation_that_arrives_is_a_visit(nlp):
    assert cats(nlp, "A second shipment of tents and blankets arrived at the camp on Sunday.") == ["AID"]
    assert cats(nlp, "A lorry carrying 20 tonnes of food reached the border town on Monday.") == ["AID"]
    assert cats(nlp, "The delegation arrived in the capital on Monday.") == ["CONSULT"]


def test_sending_warships_mobilizes(nlp):
    assert cats(nlp, "The government dispatched two frigates to the gulf.") == ["MOBILIZE"]


def test_police_moves_and_forces_going_on_alert_mobilize(nlp):
    assert cats(nlp, "The interior ministry mobilised 3,000 riot police before the match.") == ["MOBILIZE"]
    assert cats(nlp, "The troops went on high alert after the shelling.")[:1] == ["MOBILIZE"]
    # a country on alert for a disease makes no military move
    assert "MOBILIZE" not in cats(nlp, "Kenya went on high alert on Friday over cholera cases.")
    assert cats(nlp, "Government soldiers took up positions around the airport.") == ["MOBILIZE"]
    assert cats(nlp, "The navy staged a show of force off the coast.") == ["MOBILIZE"]


def test_aid_goods_that_arrive_are_delivered_not_a_visit(nlp):
    assert cats(nlp, "Food and medicine began arriving in the flooded villages on Tuesday.") == ["AID"]


def test_taking_part_in_an_event_is_the_event(nlp):
    assert cats(nlp, "Hundreds of lawyers took part in a demonstration outside the court.") == ["PROTEST"]
    assert cats(nlp, "Envoys of the two governments participated in the talks in Oslo.") == ["CONSULT"]


def test_violence_by_demonstrators_during_a_protest_is_a_violent_protest(nlp):
    assert cats(nlp, "Students fought with police during a protest against the new law.")[:1] == ["PROTEST"]
    # the security forces' violence there is not the protest's own
    assert "PROTEST" not in cats(nlp, "Police clashed with students during a protest against the new law.")


def test_a_past_state_an_act_created_reports_the_act(nlp):
    assert cats(nlp, "Government troops were on high alert along the frontier on Sunday.") == ["MOBILIZE"]
    assert cats(nlp, "The dock workers had been on strike for a week.") == ["PROTEST"]
    assert cats(nlp, "The former governor was under arrest, his lawyer said.")[:1] == ["COERCE"]
    # a present state is a standing situation; a country on alert for a storm makes no military move
    assert cats(nlp, "Government troops are on high alert along the frontier.") == []
    assert cats(nlp, "The country was on alert for the storm.") == []
    assert cats(nlp, "Kenya on high alert over cholera outbreak") == []


def test_a_verb_of_supplying_gives_its_with_object(nlp):
    assert cats(nlp, "Moscow supplied the government with attack helicopters.") == ["AID"]
    assert cats(nlp, "The ministry provided journalists with a statement.") == []


def test_forces_sent_to_assist_are_assistance_not_a_show_of_force(nlp):
    assert cats(nlp, "Uganda sent troops to help the government fight the insurgents.") == ["AID"]
    assert cats(nlp, "The government sent troops to the border to restore order.") == ["MOBILIZE"]


def test_states_named_by_their_relation_are_actors(nlp):
    assert cats(nlp, "The two neighbours signed a border treaty on Friday.") == ["SUPPORT"]


def test_a_joint_police_operation_is_cooperation_and_a_joint_military_one_force(nlp):
    assert cats(nlp, "Thai and Malaysian police launched a joint operation against arms smugglers.") == ["COOPERATE"]
    assert cats(nlp, "Thai and Malaysian troops launched a joint operation against the insurgents.") == ["ASSAULT"]


def test_experts_are_actors_and_an_ended_peacekeeping_mission_is_a_sanction(nlp):
    assert cats(nlp, "Forensic experts examined the bodies found in the well.") == ["INVESTIGATE"]
    assert cats(nlp, "The council ended the peacekeeping mission in the country.") == ["SANCTION"]


def test_a_verb_of_carriage_gives_aid_only_when_it_carries_aid(nlp):
    assert "AID" not in cats(nlp, "The agreement exempted the duties on cars being transported across the border.")
    assert cats(nlp, "The army trucked food and water to the stranded villagers.") == ["AID"]


def test_imposing_tariffs_restricts_exchange_and_a_ban_on_rallies_coerces(nlp):
    assert cats(nlp, "The president imposed 30% tariffs on imported steel.") == ["SANCTION"]
    assert cats(nlp, "The government imposed a ban on opposition rallies.") == ["COERCE"]


# --- ninth round: classes found uncoded in text we did not write (bench/results/coder_coverage9.md) ----------------


def test_a_past_be_locating_an_event_noun_in_time_or_place_asserts_it(nlp):
    # the 'be' of occurrence: an event noun with a predicate of time or place took place
    assert cats(nlp, "The attack on the police station was on Tuesday night.")[:1] == ["ASSAULT"]
    assert cats(nlp, "Their second round of talks was in Geneva last month.")[:1] == ["CONSULT"]
    # a present or future 'be' states a plan; an idiom ('in order') is no place; a predicate noun judges the event
    assert "CONSULT" not in cats(nlp, "The meeting is in Geneva next week.")
    assert "CONSULT" not in cats(nlp, "A meeting of the two leaders was in order.")
    assert "ASSAULT" not in cats(nlp, "The attack was a blow to the government.")


def test_verbs_of_undergoing_and_succession_attest_their_event_noun(nlp):
    assert cats(nlp, "The town has suffered repeated rocket attacks since the spring.")[:1] == ["ASSAULT"]
    assert cats(nlp, "The convoy sustained heavy shelling on the road to the capital.")[:1] == ["ASSAULT"]
    assert cats(nlp, "The announcement followed a crackdown on opposition websites.")[:1] == ["COERCE"]
    # what is suffered must be an event noun; a present 'follows' is not read
    assert cats(nlp, "The city suffered a power cut on Monday.") == []
    assert "COERCE" not in cats(nlp, "Critics fear the announcement follows a crackdown.")


def test_ramping_up_an_event_performs_it(nlp):
    assert cats(nlp, "The government ramped up sanctions on the neighbouring state.")[:1] == ["SANCTION"]
    assert cats(nlp, "Washington ratcheted up sanctions on Caracas last week.")[:1] == ["SANCTION"]


def test_a_trade_war_is_economic_measures_wherever_it_is_read(nlp):
    # a noun of force with a modifier of economic means stands for the measures (CAMEO 163), never for violence
    assert cats(nlp, "The president ramped up his trade war with the neighbouring country on Tuesday.")[:1] == [
        "SANCTION"
    ]
    assert "ASSAULT" not in cats(nlp, "The two countries launched a tariff war last year.")
    assert cats(nlp, "Rebels launched a war against the government in 2012.")[:1] == ["ASSAULT"]


def test_a_support_verb_reads_the_events_a_collective_head_groups(nlp):
    assert cats(nlp, "Police carried out a wave of arrests in the northern province.")[:1] == ["COERCE"]
    assert cats(nlp, "The opposition leader has leveled a string of criticisms at the government.")[:1] == [
        "DISAPPROVE"
    ]
    assert cats(nlp, "The company launched a series of products.") == []


# The category a real act takes where the dictionary's reading depends on the verb's object, particle or subject
# (sentence, the first trigger's category): each row a constructed case of one class, with a contrast beside it.
READING_BY_ARGUMENT = [
    # lowering, lifting or putting off a trade measure or sanction eases it (CAMEO 085, PLOVER CONCEDE); the
    # dictionary names only 'EASE * SANCTIONS', and EASE's block default read on a tariff was recoded a restriction
    ("Washington eased tariffs on Chinese goods on Friday.", "CONCEDE"),
    ("The government lowered duties on imported cars.", "CONCEDE"),
    ("The president delayed the tariffs on Canadian goods for a month.", "CONCEDE"),
    ("The United States granted exemptions from the tariffs to Canada.", "CONCEDE"),
    ("The president imposed new tariffs on imported steel.", "SANCTION"),
    # a requirement for a visa or for entry is an administrative restriction on persons (CAMEO 081)
    ("The government eased visa requirements for tourists.", "CONCEDE"),
    # stepped-up attacks are carried out (the excluded STEP_UP * ATTACK rows read a threat, 138); more patrols are a
    # show of force; an armed force stepping something up is no mobilisation by itself
    ("The rebels stepped up attacks on government positions.", "ASSAULT"),
    ("Russia stepped up its bombardment of Kharkiv.", "ASSAULT"),
    ("The army escalated its offensive in the north.", "ASSAULT"),
    ("Police stepped up patrols in the capital.", "MOBILIZE"),
    # armed forces or police arriving move there (PLOVER MOBILIZE); deploying peacekeepers provides them (074)
    ("Security forces arrived at the site of the blast.", "MOBILIZE"),
    ("Riot police arrived at the square on Sunday.", "MOBILIZE"),
    ("Hundreds of soldiers arrived in the capital on Monday.", "MOBILIZE"),
    ("The government deployed peacekeepers to the region.", "AID"),
    ("The minister arrived in Paris for talks.", "CONSULT"),
    # encircling a place in drills shows force short of its use; encircling it in a battle is force
    ("Chinese warships encircled the island during the exercises.", "MOBILIZE"),
    ("Warships surrounded the island in large-scale military drills.", "MOBILIZE"),
    ("Rebels encircled the town and shelled it.", "ASSAULT"),
    # expelling or ordering out a diplomat is a sanction (PLOVER: "diplomats are withdrawn or expelled"); deporting
    # people coerces; an order to do anything else stays a demand
    ("The government expelled the Russian ambassador on Monday.", "SANCTION"),
    ("The junta ordered the French ambassador to leave the country within 48 hours.", "SANCTION"),
    ("The government deported 300 migrants to their home countries.", "COERCE"),
    ("The minister ordered the army to withdraw from the town.", "DEMAND"),
    ("The minister ordered the ambassador to attend the meeting.", "DEMAND"),
    # pulling out of a deal or talks reduces relations (CAMEO 161, 164); out of a town, forces retreat (0874)
    ("Russia pulled out of the grain deal in July.", "SANCTION"),
    ("The opposition pulled out of the talks on Monday.", "SANCTION"),
    ("The army pulled out of the town on Monday.", "RETREAT"),
]


@pytest.mark.parametrize(("sentence", "category"), READING_BY_ARGUMENT)
def test_the_reading_that_depends_on_the_verbs_arguments(nlp, sentence, category):
    assert cats(nlp, sentence)[:1] == [category]


def test_readings_by_argument_keep_to_their_arguments(nlp):
    assert cats(nlp, "The president raised tariffs on imported steel.")[:1] != ["CONCEDE"]
    assert "ASSAULT" not in cats(nlp, "Beijing escalated the trade war with Washington.")
    assert cats(nlp, "Aid workers arrived in the town on Monday.")[:1] != ["MOBILIZE"]
