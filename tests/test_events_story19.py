"""A story's political sentences (transforms.extract.events.story), counted once per document by the extraction."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.extract.events.mentions import event_candidates
from transforms.extract.events.story import political_agent_pattern, political_sentence_count


def _spans(sentences: list[str]) -> tuple[str, list[tuple[int, int]]]:
    text, spans = "", []
    for s in sentences:
        spans.append((len(text), len(text) + len(s)))
        text += s + " "
    return text, spans


def test_a_sentence_counts_for_a_state_a_people_or_a_political_agent():
    sentences = [
        "Trash anything that is broken.",  # nothing political
        "We shipped it to Boston last week.",  # a GPE mention
        "French bakers love it.",  # a NORP mention
        "The minister tried it too.",  # a political agent word
        "Our customers offer tips.",  # an ORG mention is not a state
    ]
    text, spans = _spans(sentences)
    mentions = [
        {"char_start": text.index("Boston"), "label": "GPE"},
        {"char_start": text.index("French"), "label": "NORP"},
        {"char_start": text.index("Our"), "label": "ORG"},
    ]
    assert political_sentence_count(spans, text, mentions) == 3
    assert political_sentence_count(spans, text, []) == 1


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.text(alphabet=st.characters(codec="ascii", exclude_categories=("Cc",)), max_size=60), max_size=12),
    st.data(),
)
def test_the_count_is_the_sentences_with_a_political_entity_or_agent(sentences, data):
    import re

    text, spans = _spans(sentences)
    labels = st.sampled_from(["GPE", "NORP", "ORG", "PERSON"])
    mentions = [
        {
            "char_start": data.draw(st.integers(min_value=start, max_value=max(start, end - 1))),
            "label": data.draw(labels),
        }
        for start, end in spans
        if data.draw(st.booleans())
    ]
    agent = re.compile(political_agent_pattern())
    expected = sum(
        1
        for start, end in spans
        if any(start <= m["char_start"] < end and m["label"] in ("GPE", "NORP") for m in mentions)
        or agent.search(text, start, end)
    )
    assert political_sentence_count(spans, text, mentions) == expected


def test_every_candidate_of_a_story_carries_its_counts(nlp):
    text = (
        "The company offers free delivery. It supports local farmers. Customers visit the shop on Mondays. "
        "The president of Kenya met the minister."
    )
    doc = nlp(text)
    mentions = [
        {"mention_id": f"m{i}", "char_start": e.start_char, "char_end": e.end_char, "text": e.text, "label": e.label_}
        for i, e in enumerate(doc.ents)
    ]
    rows = event_candidates("d1", doc, mentions, None)
    assert rows
    assert {(r["story_sentences"], r["story_political_sentences"]) for r in rows} == {(4, 1)}
