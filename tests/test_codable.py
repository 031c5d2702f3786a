"""Codability by aspect, genericity and evaluation (issue 11 item 6; fifth round).

Each rule is checked on sentences written for it, with a codable twin that differs only in what the rule reads
(aspect, tense, a time adverbial, the lede), so a rule that fires on everything fails its twin.  The body-text
rules look past the story's first sentence, so those sentences follow a lede of their own.
"""

from __future__ import annotations

import pytest

from transforms.extract.events.triggers import detect_triggers

LEDE = "Fighting broke out in the border town on Monday. "


def cats(nlp, text: str) -> set[str]:
    """Categories coded in the text's last sentence."""
    doc = nlp(text)
    last = list(doc.sents)[-1]
    return {t.category for t in detect_triggers(last)}


@pytest.mark.parametrize(
    ("ongoing", "done", "category"),
    [
        (
            "The rebel group has been attacking army posts in the north.",
            "The rebel group attacked army posts in the north on Tuesday.",
            "ASSAULT",
        ),
        (
            "Students have been protesting outside parliament.",
            "Students protested outside parliament on Friday.",
            "PROTEST",
        ),
    ],
)
def test_perfect_progressive_is_a_situation_not_an_act(nlp, ongoing, done, category):
    assert category not in cats(nlp, ongoing)
    assert category in cats(nlp, done)


def test_continuing_an_act_is_no_new_act(nlp):
    assert "ASSAULT" not in cats(nlp, LEDE + "The militia continues to attack villages in the valley.")
    assert "ASSAULT" in cats(nlp, LEDE + "The militia attacked villages in the valley on Sunday.")


def test_present_progressive_outside_the_lede_is_ongoing(nlp):
    body = LEDE + "The government is arresting opposition activists across the country."
    assert "COERCE" not in cats(nlp, body)
    assert "COERCE" in cats(nlp, "The government is arresting opposition activists across the country.")
    assert "COERCE" in cats(nlp, LEDE + "The government arrested opposition activists across the country.")


def test_a_threat_stated_as_going_on_is_still_a_threat(nlp):
    assert "THREATEN" in cats(nlp, LEDE + "The rebels are threatening to attack the capital.")


def test_a_lasting_state_after_a_copula(nlp):
    accusation = {"DISAPPROVE", "COERCE"}  # an accusation, or a charge when the accuser is a prosecutor
    assert not accusation & cats(nlp, LEDE + "Three officers stand accused of the killing of a journalist.")
    assert accusation & cats(nlp, LEDE + "Prosecutors accused three officers of the killing of a journalist.")


def test_predicative_participle_is_a_description(nlp):
    assert "AGREE" not in cats(nlp, LEDE + "The villagers are friendly and accepting, the mayor said.")


def test_standing_accusation_in_the_body_present(nlp):
    standing = LEDE + "The opposition accuses the government of rigging the vote."
    assert "DISAPPROVE" not in cats(nlp, standing)
    # in the lede the present tells the day's news, and a dated present is an act of that day
    assert "DISAPPROVE" in cats(nlp, "The opposition accuses the government of rigging the vote.")
    assert "DISAPPROVE" in cats(nlp, LEDE + "The opposition accused the government of rigging the vote.")


def test_universal_subject_makes_a_clause_generic(nlp):
    assert "COERCE" not in cats(nlp, "Everyone knows someone who has been detained by the police.")
    assert "COERCE" in cats(nlp, "The police detained a local journalist on Saturday.")


def test_a_count_over_a_period_is_a_series(nlp):
    assert "ASSAULT" not in cats(nlp, "The town was shelled five times over the last two years.")
    assert "ASSAULT" in cats(nlp, "The attacker stabbed the guard three times in the chest.")


def test_a_supplementive_participle_shares_its_clause_speculation(nlp):
    text = "The country will probably expand ties with the alliance, sending troops to its exercises."
    assert "MOBILIZE" not in cats(nlp, text)


def test_withholding_details_is_no_refusal(nlp):
    assert "REJECT" not in cats(nlp, "The ministry did not share further details of the raid.")
    assert "REJECT" in cats(nlp, "The ministry refused to cooperate with the inquiry.")


def test_what_is_needed_or_important_is_not_done(nlp):
    text = "The envoy stressed the importance of releasing political prisoners."
    assert "CONCEDE" not in cats(nlp, text) and "RETREAT" not in cats(nlp, text)
    assert "DEMAND" not in cats(nlp, "The minister underscored the need for observers at the border.")


# Tenth round: statements that are no codable act (issue 11 item 6).  Each row: a sentence a rule keeps from
# being coded, its codable twin, and the category.
NON_EVENT_TWINS = [
    pytest.param(
        LEDE + "Officials have hinted at lifting the sanctions on the bank.",
        LEDE + "Officials lifted the sanctions on the bank on Monday.",
        "CONCEDE",
        id="hinted_at_the_act",
    ),
    pytest.param(
        "The militants fired no shots at the convoy.",
        "The militants fired shots at the convoy on Monday.",
        "ASSAULT",
        id="object_under_no",
    ),
    pytest.param(
        LEDE + "He said he broke a leg during the trip.",
        LEDE + "He said police broke his leg during the protest.",
        "ASSAULT",
        id="bodily_injury",
    ),
    pytest.param(
        "The neighbouring state was accused of arming militias shelling the villages.",
        LEDE + "Militias shelled the villages near the capital on Sunday.",
        "ASSAULT",
        id="participle_describing_people",
    ),
    pytest.param(
        LEDE + "The jail holds a former senator, who is accused of illegal possession of weapons and conspiring "
        "against the state.",
        LEDE + "The former senator conspired against the state, prosecutors said.",
        "THREATEN",
        id="gerund_after_accusation",
    ),
    pytest.param(
        LEDE + "In recent years the government imposed curfews on the northern towns.",
        LEDE + "On Monday the government imposed curfews on the northern towns.",
        "COERCE",
        id="span_of_recent_years",
    ),
    pytest.param(
        "Analysts say Tehran would welcome the closure of the base.",
        # backshifted after a past reporting verb, 'would' reports the speaker's 'will'
        "The minister said Tehran would welcome the closure of the base.",
        "AGREE",
        id="would_under_present_reporting",
    ),
    pytest.param(
        "Army officials warned in June of a possible resurgence of the insurgency in the north.",
        "Officials warned in June of possible retaliation against the rebels.",
        "THREATEN",
        id="warning_of_a_possibility",
    ),
    pytest.param(
        "Still, Smith warns, the talks wouldn't end the war.",
        "Still, Smith warns, the army would strike the rebels' bases.",
        "THREATEN",
        id="warning_tag_after_hedged_clause",
    ),
    pytest.param(
        LEDE + "The five prisoners face the risk of being deported.",
        LEDE + "The five prisoners were deported on Sunday.",
        "COERCE",
        id="risk_of_the_act",
    ),
    pytest.param(
        LEDE + "Since 2015, hundreds of people have been killed in the clashes.",
        LEDE + "On Sunday, hundreds of people were killed in the clashes.",
        "ASSAULT",
        id="hundreds_over_a_span",
    ),
    pytest.param(
        LEDE + "More than 50,000 tourists have visited the country so far, the ministry says, and they contributed "
        "combined income of more than $1 billion.",
        LEDE + "More than 50,000 tourists have visited the country so far, the ministry says, and they contributed "
        "more than $1 billion to flood relief.",
        "AID",
        id="earnings_not_aid",
    ),
    pytest.param(
        '"We launched a drug war, not a trade war," he said.',
        "The rebels launched a war against the government in 2012.",
        "ASSAULT",
        id="figurative_conflict",
    ),
    pytest.param(
        LEDE + "Trade was dependent upon how well the two governments cooperated, the minister said.",
        LEDE + "The two governments cooperated well on trade, the minister said.",
        "SUPPORT",
        id="degree_question",
    ),
    pytest.param(
        LEDE + "The bloc will now have to see who among its members will send troops.",
        LEDE + "Three of its members will send troops, the bloc said.",
        "AGREE",
        id="open_indirect_question",
    ),
    pytest.param(
        LEDE + "The migrants arrived under the 1990 Act, which allowed refugees into the country.",
        LEDE + "The migrants were helped by the minister, who allowed refugees into the country.",
        "CONCEDE",
        id="norm_content",
    ),
    pytest.param(
        LEDE + "Wealthy buyers have pushed up the average price of apartments.",
        LEDE
        + "The city has attracted many wealthy immigrants, and that has pushed the government to build apartments.",
        "DEMAND",
        id="measure_changed",
    ),
    pytest.param(
        '"Release the prisoners now," the envoy said.',
        "The army released the prisoners on Monday, the envoy said.",
        "RETREAT",
        id="imperative",
    ),
    pytest.param(
        LEDE + "Firefighters battled blazes in the hills on Monday.",
        LEDE + "Soldiers fought the rebels in the hills on Monday.",
        "ASSAULT",
        id="hazard_as_target",
    ),
]


@pytest.mark.parametrize(("non_event", "twin", "category"), NON_EVENT_TWINS)
def test_a_statement_of_no_act_is_not_coded_but_its_twin_is(nlp, non_event, twin, category):
    assert category not in cats(nlp, non_event)
    assert category in cats(nlp, twin)


def test_typographic_apostrophes_read_as_the_progressive(nlp):
    for quote in (
        "\u201cThey\u2019re attacking the villages in the valley,\u201d",
        '"They\'re attacking the villages in the valley,"',
    ):
        assert "ASSAULT" not in cats(nlp, f"{LEDE}{quote} a resident said.")
    assert "ASSAULT" in cats(
        nlp, LEDE + "\u201cThey attacked the villages in the valley on Sunday,\u201d a resident said."
    )


def test_offering_no_evidence_is_neither_an_offer_nor_a_refusal(nlp):
    assert not {"AGREE", "REJECT"} & cats(nlp, "The spokesman offered no evidence for the claims.")


def test_a_bare_conjunct_shares_the_present_of_a_relative_clause(nlp):
    generic = LEDE + "The danger falls on those who capture and kill the prisoners."
    assert not {"ASSAULT", "COERCE"} & cats(nlp, generic)
    assert {"ASSAULT", "COERCE"} <= cats(nlp, LEDE + "The guards captured and killed the prisoners on Sunday.")


def test_a_relative_clause_in_the_present_passive_is_a_state(nlp):
    accusation = {"DISAPPROVE", "COERCE"}  # an accusation, or a charge when the accuser is a prosecutor
    assert not accusation & cats(nlp, LEDE + "The prison holds a former deputy, who is accused of corruption.")
    assert accusation & cats(nlp, LEDE + "Prosecutors accused the former deputy of corruption.")


def test_would_under_a_participle_of_saying_takes_its_matrix_past(nlp):
    text = "The ministry issued a statement on Monday, saying it would investigate the deaths."
    assert "INVESTIGATE" in cats(nlp, text)


def test_a_relative_pronoun_is_no_question_word(nlp):
    text = (
        LEDE
        + "The minister said the government would cooperate with the inquiry, which the firm said it would welcome."
    )
    assert "AGREE" in cats(nlp, text)


# Eleventh round: non-events read on real news (issue 11 item 6).  Each rule has a codable twin that differs in
# what the rule reads.
ROUND11_TWINS = {
    "frequency adverb on the agent": (
        "Most of the women had been raped, often by soldiers.",
        "Most of the women had been raped by soldiers.",
        "ASSAULT",
    ),
    "extent adverb of a course of conduct": (
        "The envoy, who had negotiated with Iran extensively, said the deal was dead.",
        "The envoy, who negotiated with Iran on Monday, said the deal was dead.",
        "CONSULT",
    ),
    "tough adjective": ("The hostages will be hard to free.", "The rebels freed the hostages.", "RETREAT"),
    "tough adjective with a speech tag": (
        "The protesters will be easy to arrest, the general said.",
        "Police arrested the protesters.",
        "COERCE",
    ),
    "warning of a present situation": (
        '"Sanctions are waiting," the senator warned.',
        '"We will impose sanctions," the senator warned.',
        "THREATEN",
    ),
    "warning of a progressive situation": (
        "Officials warned that the ceasefire is collapsing.",
        "Officials warned that the army is going to attack the town.",
        "THREATEN",
    ),
    "hazard warning issued": (
        "Authorities issued a flood warning for the valley.",
        "The army issued a warning to the rebels.",
        "THREATEN",
    ),
    "residents warned of a hazard": (
        "The meteorological agency warned residents of the storm.",
        "The army warned residents of an offensive.",
        "THREATEN",
    ),
    "passive consequent of an open condition": (
        "Farmers will be hit hard if the government imposes the tariff.",
        "Farmers were hit hard by the militia.",
        "ASSAULT",
    ),
    "past consequent of an open condition": (
        "If villagers refused, the soldiers beat them.",
        "The soldiers beat the villagers.",
        "ASSAULT",
    ),
    "participle of an inanimate matrix subject": (
        "Stock prices plunged for days, wiping out the savings of investors.",
        "A car bomb exploded in the market, killing five people.",
        "ASSAULT",
    ),
    "event as the cause of a consequence": (
        "The trade war has led to higher prices.",
        "The trade war began on Tuesday when Washington imposed tariffs on steel.",
        "SANCTION",
    ),
    "participle of a progressive matrix": (
        '"I am mentoring young women and I am availing myself, helping them build up their businesses," she said.',
        '"I mentored young women last year, helping them build up their businesses," she said.',
        "AID",
    ),
    "norm identified by its maker": (
        "The court struck down the ban that the junta imposed.",
        "The court struck down the ban that the junta imposed on Tuesday.",
        "COERCE",
    ),
    "what an act is seen as": (
        "The president was seen as supporting the rebels.",
        "The president supported the rebels.",
        "SUPPORT",
    ),
    "future act an analyst tells": (
        "Analysts say China will retaliate against the tariffs.",
        "The foreign ministry says China will retaliate against the tariffs.",
        "THREATEN",
    ),
    "future act a think-tank fellow tells": (
        "China will impose sanctions on the firms, said Jane Doe, a senior fellow at the Atlantic Council.",
        "China will impose sanctions on the firms, the ministry said.",
        "THREATEN",
    ),
}


def test_a_dated_event_causing_a_consequence_is_reported(nlp):
    assert "ASSAULT" in cats(nlp, LEDE + "The attack on Tuesday led to the deaths of five soldiers.")


def test_a_conditional_threat_or_refusal_is_still_coded(nlp):
    assert "THREATEN" in cats(nlp, LEDE + "The rebels will attack the capital if the talks fail.")
    assert "REJECT" in cats(nlp, LEDE + "Syria says it will not accept any more refugees if war starts in Iraq.")


def test_be_going_to_is_a_future(nlp):
    said = cats(nlp, LEDE + '"We are going to expel them," the minister said.')
    assert "THREATEN" in said and "COERCE" not in said
    assert "REJECT" in cats(nlp, LEDE + "We are not going to integrate this with the NATO systems.")
    assert "ASSAULT" not in cats(nlp, LEDE + "We are not going to attack them.")


# Agentivity and verb sense (twelfth round): an event's actor is a volitional agent acting for a state, group or
# organisation; the everyday senses of the dictionary's verbs, a denial, a standing attitude, a name, a published text
# and a kind of act named in a noun phrase are no acts.  Each pair: the sentence the rule drops, and a twin that differs
# in what the rule reads.
ROUND12_TWINS = {
    "private sense: settling": (
        "Chinese Americans settled in Houston in the 1970s.",
        "Chinese troops settled in the border area in the 1970s.",
        "CONCEDE",
    ),
    "private sense: a visit": (
        "Tourists visited the temple on Sunday.",
        "The French president visited the temple on Sunday.",
        "CONSULT",
    ),
    "private sense: buying": (
        "Investors bought shares of the company on Monday.",
        "China bought Russian oil worth $5 billion last month.",
        "COOPERATE",
    ),
    "private sense: the matrix subject of an adjunct": (
        "After arriving in Tokyo, my quality of life improved significantly.",
        "After arriving in Tokyo on Monday, the president praised the alliance.",
        "CONSULT",
    ),
    "private sense: 'it' takes the subject before it": (
        "That meant the Iranian vessel was sitting at the same depth as when it arrived in eastern China last year.",
        "The minister was sitting in the hall when he arrived in Beijing last year.",
        "CONSULT",
    ),
    "private sense: a partitive is who its of-phrase names": (
        "Thousands of tourists arrived in Geneva on Monday.",
        "Dozens of diplomats arrived in Geneva on Monday.",
        "CONSULT",
    ),
    "private sense: a group is who its of-phrase names": (
        "The first large group of Chinese immigrants arrived in Houston in the 1940s.",
        "A group of rebels arrived in Doha on Monday.",
        "CONSULT",
    ),
    "weeping is no disapproval": (
        "Erdogan publicly wept over the crackdown.",
        "Erdogan publicly condemned the crackdown.",
        "DISAPPROVE",
    ),
    "denial: an accusation rejected": (
        "Officials rejected accusations that the hijacking was an intelligence failure.",
        "The rebels rejected the peace proposal on Monday.",
        "REJECT",
    ),
    "denial: a fear rebuffed": (
        "The minister rebuffed fears that the tariffs would cause a recession.",
        "The minister rebuffed the union's demands on Monday.",
        "REJECT",
    ),
    "denial: a view stated in a clause": (
        "The minister rejected the view that the army had lost control of the border.",
        "The rebels rejected the demand that the government scrap the reform.",
        "REJECT",
    ),
    "denial: disagreeing with nothing named": (
        '"Of course I disagree," Lai said.',
        "The opposition leader disagreed with the president over the budget.",
        "DISAPPROVE",
    ),
    "a negated attitude in the present": (
        "Dodik does not recognize the court, his lawyer said.",
        '"We do not recognize this court," Dodik said.',
        "REJECT",
    ),
    "a copular complement": (
        "Ending the trade has proved challenging.",
        "The minister challenged the ruling on Monday.",
        "DISAPPROVE",
    ),
    "a commentator's present tense": (
        "Analysts point out that India backs the continuation of the base.",
        "The minister said that India backs the continuation of the base.",
        "SUPPORT",
    ),
    "having relations in the present": (
        "The president has said he has good personal relations with both leaders.",
        "The president said he improved relations with both leaders on Monday.",
        "SUPPORT",
    ),
    "contacted by the press": (
        "The ministry had no comment when contacted by VOA.",
        "The ministry was contacted by the Chinese embassy on Monday.",
        "CONSULT",
    ),
    "a word of a name": (
        "Blessed Mhlanga, a journalist with NewsDay, has been in custody since Feb. 24 over accusations of incitement.",
        "The bishop blessed the peace agreement on Sunday.",
        "SUPPORT",
    ),
    "a conjunct shares its first verb's subject": (
        "Prices rose sharply and hurt exporters in the region.",
        "Soldiers entered the village and hurt several residents on Monday.",
        "ASSAULT",
    ),
    "a count so far this year": (
        "The spokesperson said the police have conducted 11,654 operations across the country so far this year.",
        "The spokesperson said the police conducted an operation in the village on Monday.",
        "ASSAULT",
    ),
    "releasing a video publishes it": (
        "The army released the video of the attack on Monday.",
        "The rebels released 20 hostages on Monday.",
        "RETREAT",
    ),
    "a gerund in a noun phrase": (
        "Analysts are questioning the wisdom of punishing a foreign politician.",
        "The court punished a foreign politician on Monday.",
        "COERCE",
    ),
    "a perfect since an -ing clause": (
        "Since leaving the government in February, he has criticized the prime minister.",
        "He criticized the prime minister in February.",
        "DISAPPROVE",
    ),
    "a frequency phrase": (
        "The police arrested protesters from time to time.",
        "The police arrested protesters on Monday.",
        "COERCE",
    ),
    "a relative clause in a habitual clause": (
        "At times, the facilities held close to 200 detainees, many of whom were deported to Honduras.",
        "In February, the facilities held close to 200 detainees, many of whom were deported to Honduras on Monday.",
        "COERCE",
    ),
}


# Fourteenth round: an infinitive naming a kind of act, 'meet with' a reaction, counts of acts compared or claimed as a
# vague set, a standing measure's effects, the dismissal of a view, a reader addressed as 'you' (each rule read in
# tests/test_events_non_acts.py).
ROUND14_TWINS = {
    "an infinitive as subject": (
        "To cooperate with the militia is to become its accomplice.",
        "The mayor cooperated with the militia on Sunday.",
        "SUPPORT",
    ),
    "meeting with a reaction": (
        "The reform plan has met with stiff resistance.",
        "The foreign minister met with opposition leaders on Tuesday.",
        "CONSULT",
    ),
    "met with a reaction, passive": (
        "Their appeal for calm was met with silence.",
        "The envoy met with the rebel commander in the capital on Friday.",
        "CONSULT",
    ),
    "a comparison of counts": (
        "The province has seen more bombings than any other region.",
        "Militants bombed a police station in the province on Friday.",
        "ASSAULT",
    ),
    "a claim of a vague set of attacks": (
        "The faction has claimed responsibility for numerous deadly attacks since March.",
        "The faction claimed responsibility for the attack on the barracks on Thursday.",
        "ASSAULT",
    ),
    "a measure's effects": (
        "The restrictions have forced most vendors out of business.",
        "Police forced the vendors off the streets on Saturday.",
        "COERCE",
    ),
    "the dismissal of a view": (
        "The spokesman dismissed the allegations as a baseless theory.",
        "The spokesman criticized the opposition for its boycott on Monday.",
        "DISAPPROVE",
    ),
    "a reader addressed as you": (
        "On the second day you will meet local officials at the town hall.",
        "On Tuesday the governor met local officials at the town hall.",
        "CONSULT",
    ),
}


ROUND16_TWINS = {
    "the rejection of a proposition": (
        "He rejected the idea migration can lead to cultural enrichment.",
        "He rejected the migration pact on Tuesday.",
        "REJECT",
    ),
    "a complex preposition": (
        "The pilots train in Moscow, as opposed to Texas.",
        "Farmers opposed the new dam on Friday.",
        "DISAPPROVE",
    ),
    "a situation faced": (
        "Kenya is facing an increasing threat.",
        "The rebels threatened Kenya on Monday.",
        "THREATEN",
    ),
    "a participle sharing a perfect progressive": (
        "The rebels have been fighting the army, accusing the governor of theft.",
        "The rebels attacked the army, accusing the governor of theft.",
        "DISAPPROVE",
    ),
    # standing situations and futures (situation rules of the same round)
    "an absolute clause on a perfect": (
        "The talks have stalled, with both sides accusing each other of bad faith.",
        "Both sides accused each other of bad faith on Tuesday.",
        "DISAPPROVE",
    ),
    "a press report of another party's future": (
        "British media report that Britain will cede sovereignty of the islands to Mauritius.",
        "The foreign minister said Britain will cede the islands to Mauritius.",
        "AGREE",
    ),
    "an inverted conditional": (
        "Had the army attacked the town, thousands would have fled.",
        "The army attacked the town, and thousands fled.",
        "ASSAULT",
    ),
}

TWINS = {**ROUND11_TWINS, **ROUND12_TWINS, **ROUND14_TWINS, **ROUND16_TWINS}


@pytest.mark.parametrize(("no_act", "act", "category"), TWINS.values(), ids=TWINS.keys())
def test_non_events_and_their_codable_twins(nlp, no_act, act, category):
    coded = [category in cats(nlp, LEDE + text) for text in (no_act, act)]
    assert coded == [False, True], "the rule should drop the first sentence's act and keep its twin's"
