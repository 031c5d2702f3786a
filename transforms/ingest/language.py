"""Offline language identification of a document's text (py3langid, whose model ships in the package).

The pipeline's NLP is English, so the question that matters is "is this English?", and the costly
mistake is sending an English article away from it.  ``detect_language`` is therefore conservative:
Latin-script text stays English unless the classifier is confident it is another language and there is
enough text for that confidence to mean something; text written mostly in another script (Cyrillic,
Arabic, Han, ...) cannot be English and gets the classifier's best guess.
"""

from __future__ import annotations

import functools
import hashlib
import re

# Character n-gram identifiers are unreliable on short inputs: on the 89 English VOA headlines in
# ../shared/data/voa, py3langid labels 9 as Nigerian Pidgin, Bikol or Indonesian (probability up to 0.65),
# and "Merkel meets Macron in Berlin" as Dutch.  Below this many letters (about one headline) a
# Latin-script text is not re-labelled however confident the classifier is.
MIN_LETTERS_TO_LEAVE_ENGLISH = 40
# py3langid's normalised probabilities are calibrated across lengths (softmax temperature sqrt(bytes));
# "clearly not English" means at least this probability for one other language.
MIN_CONFIDENCE_TO_LEAVE_ENGLISH = 0.9
# A text with fewer letters than this has no language to speak of (numbers, punctuation, a symbol).
MIN_LETTERS = 3
# Share of letters in Latin script at or above which a text is treated as Latin-script.
LATIN_SCRIPT_SHARE = 0.5
# The classifier reads a sample of a long text: up to SAMPLE_WINDOWS windows of SAMPLE_WINDOW_CHARS
# characters spread evenly over it, so a 5 M-character text costs what a short article costs.
SAMPLE_WINDOWS = 8
SAMPLE_WINDOW_CHARS = 2_000

ENGLISH = "en"


# py3langid scores a text by walking its byte automaton in Python, one step per byte: most of the cost of
# detect_language.  The automaton forgets all but the last bytes it read: from every one of its states, every
# string of LANGID_SYNC_BYTES bytes leads where it leads from the start state (checked for the model below over
# all its states and all such strings: bench/langid_sync.py).  The state after each byte is therefore the walk
# from the start over the LANGID_SYNC_BYTES bytes ending there, which numpy takes for every byte at once: the
# same states, so the same feature counts (in the same first-seen order) and the same scores.
LANGID_SYNC_BYTES = 6
# SHA-256 of the model file so checked (py3langid 0.4.0's); any other model is walked by py3langid itself.
LANGID_CHECKED_MODEL = "f4f4a2c3465ca1f081541037f9cac23021d68151c2f709c55ae5eedfca522963"


@functools.cache
def _identifier():
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    checked = hashlib.sha256((MODEL_DIR / MODEL_FILE).read_bytes()).hexdigest() == LANGID_CHECKED_MODEL
    cls = _vector_walk_identifier() if checked else LanguageIdentifier
    return cls.from_model_file(MODEL_FILE, norm_probs=True)


def _vector_walk_identifier():
    """py3langid's identifier with the automaton walked by ``_visit_counts``; the scoring is the library's."""
    from py3langid.langid import LanguageIdentifier

    class VectorWalkIdentifier(LanguageIdentifier):
        __slots__ = ()

        def _raw_score(self, text):
            visits = _visit_counts(self, text)
            # No feature in the text: the library's own score for it.
            return super()._raw_score(text) if visits is None else self._sparse_score(visits, self.nb_ptc)

    return VectorWalkIdentifier


@functools.cache
def _walk_tables(identifier):
    import numpy as np

    nextmove = np.asarray(identifier.tk_nextmove).astype(np.int64)
    rowbase = np.asarray(identifier.tk_row, dtype=np.int64) << 8
    return nextmove, rowbase, np.asarray(identifier.tk_output, dtype=np.int64)


def _visit_counts(identifier, data: bytes) -> dict[int, int] | None:
    """py3langid's ``visit_counts`` (feature -> count, in first-seen order; None for none) over encoded text."""
    import numpy as np

    nextmove, rowbase, output = _walk_tables(identifier)
    codes = np.frombuffer(data, dtype=np.uint8).astype(np.int64)
    n = len(codes)
    states = np.zeros(n, dtype=np.int64)
    for back in range(min(LANGID_SYNC_BYTES, n) - 1, -1, -1):  # the byte `back` places before each position
        states[back:] = nextmove[rowbase[states[back:]] + codes[: n - back]]
    features = output[states]
    features = features[features >= 0]
    if not len(features):
        return None
    keys, first, counts = np.unique(features, return_index=True, return_counts=True)
    order = np.argsort(first, kind="stable")
    return dict(zip(keys[order].tolist(), counts[order].tolist(), strict=True))


def _sample(text: str) -> str:
    budget = SAMPLE_WINDOWS * SAMPLE_WINDOW_CHARS
    if len(text) <= budget:
        return text
    step = (len(text) - SAMPLE_WINDOW_CHARS) / (SAMPLE_WINDOWS - 1)
    return "\n".join(text[round(i * step) : round(i * step) + SAMPLE_WINDOW_CHARS] for i in range(SAMPLE_WINDOWS))


def _is_latin_letter(char: str) -> bool:
    # Basic Latin, Latin-1 Supplement, Latin Extended-A/B, IPA (U+0000-U+02AF) and Latin Extended
    # Additional (U+1E00-U+1EFF: Vietnamese); the letters of every Latin-alphabet language.
    code = ord(char)
    return code < 0x2B0 or 0x1E00 <= code <= 0x1EFF


# Every byte but the ASCII letters (an ASCII character is alphabetic exactly when it is one of A-Z, a-z).
_NOT_ASCII_LETTERS = bytes(b for b in range(256) if not (b < 128 and chr(b).isalpha()))
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _letter_counts(sample: str) -> tuple[int, int]:
    """(letters, Latin-script letters) of ``sample``.  The ASCII letters (all Latin) are counted by deleting the
    other ASCII bytes of the UTF-8 encoding (whose multi-byte sequences hold no ASCII byte); only the
    non-ASCII characters, few in English text, are tested one by one."""
    ascii_letters = len(sample.encode("utf-8", "surrogatepass").translate(None, _NOT_ASCII_LETTERS))
    others = [char for run in _NON_ASCII.findall(sample) for char in run if char.isalpha()]
    return ascii_letters + len(others), ascii_letters + sum(1 for char in others if _is_latin_letter(char))


def detect_language(
    text: str,
    *,
    min_letters_to_leave_english: int = MIN_LETTERS_TO_LEAVE_ENGLISH,
    min_confidence_to_leave_english: float = MIN_CONFIDENCE_TO_LEAVE_ENGLISH,
) -> tuple[str | None, float]:
    """``(ISO 639 code, confidence in 0..1)`` of ``text``'s language; ``(None, 0.0)`` when it has no words.

    Latin-script text is English unless one other language reaches ``min_confidence_to_leave_english``
    on at least ``min_letters_to_leave_english`` letters; the confidence returned is then the
    classifier's probability of the code returned.  Never raises on any str.
    """
    sample = _sample(text)
    n_letters, n_latin = _letter_counts(sample)
    if n_letters < MIN_LETTERS:
        return None, 0.0
    ranking = _identifier().rank(sample)
    best, best_p = ranking[0]
    if n_latin / n_letters < LATIN_SCRIPT_SHARE:
        return best, float(best_p)
    clearly_other = (
        best != ENGLISH and best_p >= min_confidence_to_leave_english and n_letters >= min_letters_to_leave_english
    )
    if clearly_other:
        return best, float(best_p)
    return ENGLISH, float(dict(ranking).get(ENGLISH, 0.0))
