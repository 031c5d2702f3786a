"""The parties of a visit: the visitor acts, the visited country or city is the host (CAMEO 042/043)."""

from __future__ import annotations

from tests.test_events import only_event, run


def test_the_goal_of_a_visit_noun_is_its_host_and_its_place(nlp):
    text = "The announcement came during a two-day visit by the Chilean president to Uruguay."
    events, *_ = run(nlp, [text])
    visit = only_event(events, "CONSULT")
    assert visit["recipient_text"] == "Uruguay"
    assert visit["location_name"] == "Uruguay"


def test_a_visit_adjunct_takes_its_clauses_subject_as_visitor(nlp):
    text = "Chilean President Gabriel Boric said during a visit to Montevideo that trade would grow."
    events, *_ = run(nlp, [text])
    visit = only_event(events, "CONSULT")
    assert visit["actor_text"] == "Chilean President Gabriel Boric"
    assert visit["recipient_text"] == "Montevideo"


def test_the_visitor_is_the_clauses_subject_in_either_voice(nlp):
    for text in (
        "Chilean President Gabriel Boric posed for photographs during a visit to Montevideo.",
        "Chilean President Gabriel Boric was photographed during a visit to Montevideo.",
    ):
        events, *_ = run(nlp, [text])
        assert only_event(events, "CONSULT")["actor_text"] == "Chilean President Gabriel Boric", text


def test_a_thing_visited_is_no_host(nlp):
    text = "The minister spoke to reporters during a visit to the market."
    events, *_ = run(nlp, [text])
    visit = only_event(events, "CONSULT")
    assert visit["recipient_text"] is None
