"""Where an act happened when its sentence does not say: an act with no named actor and no party of another country
is the story's own, set where the story is; a signing or a meeting with a party of another country is not placed at
the speaker's country.  Short stories written for these tests, each with a twin where the rule must not apply."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.test_events import only_event, run
from transforms.extract.events.places import joint_act_codes
from transforms.link.events import _actor_belongs, joint_act_abroad

_SCENE = "Zimbabwe votes on Monday. Zimbabwe has a new election law. Voters across Zimbabwe queued early. "
_ZIMBABWE = {"entity_id": "e-zwe", "name": "Zimbabwe", "country_code": "ZWE", "geo_precision": "country"}


def test_a_release_with_no_named_actor_is_placed_in_the_storys_country(nlp):
    # a release is no act placed by its target (an arrest is): the story's country comes from the agentless act
    events, *_ = run(nlp, [_SCENE + "A journalist was released on Tuesday."])
    release = only_event(events, "RETREAT")
    assert (release["country_code"], release["geo_source"]) == ("ZWE", "document")


def test_a_release_by_a_named_foreign_actor_is_not_placed_in_the_storys_country(nlp):
    events, *_ = run(nlp, [_SCENE + "Chinese police released a journalist on Tuesday."])
    release = only_event(events, "RETREAT")
    assert release["country_code"] != "ZWE"


def test_an_agentless_statement_is_not_placed_in_the_storys_country(nlp):
    # a statement is made where its speaker is, which an agentless one does not say
    events, *_ = run(nlp, [_SCENE + "The arrest of the journalist was criticized on Tuesday."])
    criticism = only_event(events, "DISAPPROVE")
    assert criticism["geo_source"] != "document"


def test_the_story_country_takes_an_agentless_act_only_without_a_party_abroad():
    assert _actor_belongs(_ZIMBABWE, set(), [], set(), [], "COERCE")
    assert _actor_belongs(_ZIMBABWE, set(), [], {"ZWE"}, ["ZWEMED"], "ASSAULT")
    assert not _actor_belongs(_ZIMBABWE, set(), [], {"KEN"}, [], "COERCE")  # the target is of another country
    assert not _actor_belongs(_ZIMBABWE, {"e-un"}, [], set(), [], "AID")  # a named actor of no country
    assert not _actor_belongs(_ZIMBABWE, set(), ["IGOUNO"], set(), [], "AID")  # an international body
    assert not _actor_belongs(_ZIMBABWE, set(), [], set(), [], "DISAPPROVE")  # a statement
    # a common noun standing for parties told elsewhere ("both countries withdrew their ambassadors")
    assert not _actor_belongs(_ZIMBABWE, set(), [], set(), [], "SANCTION", "both countries")


def test_a_signing_with_a_foreign_party_is_not_placed_at_the_signers_country(nlp):
    events, *_ = run(nlp, ["China signed a trade agreement with Mauritius on Monday."])
    signing = only_event(events, "SUPPORT")
    assert signing["geo_source"] != "speaker"
    assert signing["country_code"] != "CHN"


def test_a_condemnation_of_a_foreign_party_keeps_the_speakers_country(nlp):
    events, *_ = run(nlp, ["China condemned Mauritius on Monday."])
    condemnation = only_event(events, "DISAPPROVE")
    assert (condemnation["country_code"], condemnation["geo_source"]) == ("CHN", "speaker")


def test_joint_act_abroad_needs_a_joint_code_and_a_party_of_another_country():
    assert joint_act_abroad("057", {"CHN"}, {"MUS"})
    assert joint_act_abroad("0461", {"USA"}, {"UKR", "USA"})
    assert not joint_act_abroad("057", {"SDN"}, {"SDN"})  # a signing at home
    assert not joint_act_abroad("057", {"CHN"}, set())
    assert not joint_act_abroad("112", {"CHN"}, {"MUS"})  # a condemnation is made where its speaker is
    assert not joint_act_abroad(None, {"CHN"}, {"MUS"})
    # a demand whose pattern names talks ("talks with China must continue") is still a statement
    assert not joint_act_abroad("046", {"DEU"}, {"CHN"}, "DEMAND")


_COUNTRY = st.sampled_from(["CHN", "MUS", "USA", "UKR"])


@given(st.text(alphabet="0123456789", max_size=4) | st.none(), st.sets(_COUNTRY), st.sets(_COUNTRY))
def test_a_joint_act_abroad_has_a_joint_code_and_a_foreign_party(code, actors, recipients):
    found = joint_act_abroad(code, actors, recipients, "AGREE")
    assert found == ((code or "")[:3] in joint_act_codes() and bool(recipients - actors))
    assert not joint_act_abroad(code, actors, recipients, "DISAPPROVE")
    if found:
        assert not recipients <= actors
