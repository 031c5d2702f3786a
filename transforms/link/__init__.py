"""Stage 6, link: canonical entities, quote speakers and events clustered across documents.

Everything here reads the compact rows of the extract stage (never a parse), so it runs corpus-wide
in memory bounded by those rows.
"""

from __future__ import annotations

import polars as pl

from transforms.link.entities import link_entities
from transforms.link.events import link_events
from transforms.link.quotes import link_quotes


def link_extracted(
    extracted: dict[str, pl.DataFrame], documents: pl.DataFrame, paragraphs: pl.DataFrame | None = None
) -> dict[str, pl.DataFrame]:
    """The linked tables (entities, entity_mentions, quotes, events, event_mentions) of extracted rows.

    ``extracted``: the ``mentions``, ``quotes`` and ``events`` rows of transforms.extract.document for every
    document; ``documents``: doc_id, published_at (published_precision), dup_cluster_id and dup_of of the same
    documents; ``paragraphs``: the paragraphs table (documents without a publication date borrow one from
    those they share paragraphs with).
    """
    entities, entity_mentions = link_entities(extracted["mentions"])
    events, event_mentions = link_events(
        extracted["events"], documents, entities, entity_mentions, paragraphs=paragraphs
    )
    return {
        "entities": entities,
        "entity_mentions": entity_mentions,
        "quotes": link_quotes(extracted["quotes"], entity_mentions),
        "events": events,
        "event_mentions": event_mentions,
    }


__all__ = ["link_entities", "link_events", "link_extracted", "link_quotes"]
