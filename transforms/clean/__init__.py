"""Stage 2, clean: page furniture removed, title/byline/date metadata read, content hashes.

A sharded run cleans in three steps: ``template_candidates`` per shard (a compact table), ``template_shapes``
once over all shards' candidates (corpus-wide site templates), ``clean_shard`` per shard given those shapes.
``clean_documents`` is the three in one call.
"""

from transforms.clean.boilerplate import (
    TEMPLATE_CANDIDATES_SCHEMA,
    TEMPLATE_SHAPES_SCHEMA,
    template_candidates,
    template_shapes,
)
from transforms.clean.documents import (
    CLEAN_DOCUMENTS_SCHEMA,
    clean_documents,
    clean_shard,
    content_hash,
    normalise_for_hash,
)

__all__ = [
    "CLEAN_DOCUMENTS_SCHEMA",
    "TEMPLATE_CANDIDATES_SCHEMA",
    "TEMPLATE_SHAPES_SCHEMA",
    "clean_documents",
    "clean_shard",
    "content_hash",
    "normalise_for_hash",
    "template_candidates",
    "template_shapes",
]
