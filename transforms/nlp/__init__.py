"""Stage 4, nlp: the spaCy parse and sentence spans."""

from transforms.nlp.pipeline import (
    ModelNotInstalledError,
    load_base_model,
    load_corrected_pipeline,
    load_pipeline,
    parse_texts,
)
from transforms.nlp.sentences import build_sentences, trimmed_span

__all__ = [
    "load_corrected_pipeline",
    "ModelNotInstalledError",
    "build_sentences",
    "load_base_model",
    "load_pipeline",
    "parse_texts",
    "trimmed_span",
]
