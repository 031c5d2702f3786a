"""Offline language identification of a document's text (py3langid, whose model ships in the package).

The pipeline's NLP is English, so the question that matters is "is this English?", and the costly
mistake is sending an English article away from it.  ``detect_language`` is therefore conservative:
Latin-script text stays English unless the classifier is confident it is another language and there is
enough text for that confidence to mean something; text written mostly in another script (Cyrillic,
Arabic, Han, ...) cannot be English and gets the classifier's best guess.
"""

from __future__ import annotations

import functools

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


@functools.cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


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


def _letter_counts(sample: str) -> tuple[int, int]:
    letters = [char for char in sample if char.isalpha()]
    return len(letters), sum(1 for char in letters if _is_latin_letter(char))


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
