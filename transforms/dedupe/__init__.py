"""Stage 3, dedupe: exact and near-duplicate documents, paragraph repeats across documents."""

from transforms.dedupe.near_duplicates import mark_duplicates, shingles
from transforms.dedupe.paragraphs import build_paragraphs, paragraph_spans

__all__ = ["build_paragraphs", "mark_duplicates", "paragraph_spans", "shingles"]
