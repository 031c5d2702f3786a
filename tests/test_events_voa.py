"""Done-when checks of the events issue on the release built from the 89 VOA stories by the real CLI and flow:
roles are agents (never a pronoun, relative pronoun, quantifier or number) and most actors have a CAMEO code."""

from __future__ import annotations

import re

import polars as pl
import pytest

from transforms.extract.coref import pronoun_kinds
from transforms.extract.events.actors import dictionaries

# The share of events with an actor entity that must carry an actor code (issue 11, "done when").
MIN_ACTOR_CODE_SHARE = 0.80


def _not_an_agent(text: str) -> bool:
    """A role text that is only a pronoun, relative pronoun, quantifier, determiner or number."""
    words = dictionaries().word_class
    low = text.strip().lower()
    if text.strip() == "US":  # the country, not "us"
        return False
    return (
        low in pronoun_kinds()
        or low in {"who", "whom", "which", "that", "whose"}
        or words.get(low) is not None
        or re.fullmatch(r"[\d.,%]+", low) is not None
    )


@pytest.fixture(scope="module")
def voa_events(voa_release) -> pl.DataFrame:
    return pl.read_parquet(voa_release / "data" / "events.parquet")


@pytest.mark.e2e
@pytest.mark.parametrize("column", ["actor_text", "recipient_text"])
def test_voa_roles_are_never_pronouns_or_quantifiers(voa_events, column):
    texts = [t for t in voa_events[column].drop_nulls().to_list()]
    assert texts, f"no {column} at all on the VOA release"
    bad = sorted({t for t in texts if _not_an_agent(t)})
    assert bad == []


def test_not_an_agent_flags_what_it_should():
    assert all(_not_an_agent(t) for t in ["they", "He", "who", "which", "Half", "many", "40", "them"])
    assert not any(_not_an_agent(t) for t in ["US", "police", "the ministry", "Kenya", "37 of whom were"])


@pytest.mark.e2e
def test_voa_most_actors_with_an_entity_have_an_actor_code(voa_events):
    with_entity = voa_events.filter(pl.col("actor_entity_ids").list.len() > 0)
    assert with_entity.height >= 100, "too few events with an actor entity for the share to mean anything"
    coded = with_entity.filter(pl.col("actor_codes").list.len() > 0).height
    assert coded / with_entity.height >= MIN_ACTOR_CODE_SHARE, f"{coded}/{with_entity.height} coded"
