"""Stage 2, clean: page furniture removed, title/byline/date metadata read, content hashes."""

from transforms.clean.documents import CLEAN_DOCUMENTS_SCHEMA, clean_documents, content_hash, normalise_for_hash

__all__ = ["CLEAN_DOCUMENTS_SCHEMA", "clean_documents", "content_hash", "normalise_for_hash"]
