"""transforms/ingest/language.py: offline language identification, conservative for English."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SHARED_DATA
from tests.hostile_inputs import long_article
from transforms.ingest.language import detect_language

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "language"


@pytest.mark.parametrize("code", ["ru", "ar", "zh", "fr", "de"])
def test_articles_in_other_languages(code):
    text = (FIXTURES / f"{code}.txt").read_text(encoding="utf-8")
    language, confidence = detect_language(text)
    assert language == code
    assert 0.5 < confidence <= 1.0


@pytest.mark.parametrize("code", ["ru", "ar", "zh"])
def test_headlines_in_other_scripts_are_not_english(code):
    # A headline in Cyrillic, Arabic or Han script cannot be English, however short.
    headline = (FIXTURES / f"{code}.txt").read_text(encoding="utf-8").split("\n")[0]
    assert detect_language(headline)[0] == code


@pytest.mark.parametrize(
    "headline",
    [
        "Talks resume after ceasefire",
        "Police arrest two men over Lagos bank robbery",  # py3langid alone says Nigerian Pidgin
        "Merkel meets Macron in Berlin",  # py3langid alone says Dutch
        "Indonesian City Faces Ban on Dog Meat",  # py3langid alone says Bikol
        "Rain expected",
    ],
)
def test_short_english_headlines_stay_english(headline):
    assert detect_language(headline)[0] == "en"


def test_short_latin_text_in_another_language_is_not_relabelled():
    # Confident but too short to trust: the conservative default keeps it English.
    assert detect_language("Le président a démissionné")[0] == "en"


def test_english_with_foreign_names_stays_english():
    text = (FIXTURES / "en_names.txt").read_text(encoding="utf-8")
    language, confidence = detect_language(text)
    assert language == "en" and confidence > 0.9


def test_english_article_quoting_a_line_of_russian_stays_english():
    russian = (FIXTURES / "ru.txt").read_text(encoding="utf-8").split("\n")[2]
    text = long_article(3000) + f"\n\nThe notice read: «{russian}»\n\n" + long_article(3000, seed=8)
    assert detect_language(text)[0] == "en"


def test_no_letters_no_language():
    for text in ["", "   ", "12 345 678", "!!! ??? ...", "\U0001f600\U0001f600"]:
        assert detect_language(text) == (None, 0.0)


def test_long_text_is_sampled_not_read_whole():
    # 1.5 M characters: the sample keeps the cost of a short article and the answer right.
    assert detect_language(long_article())[0] == "en"
    # windows are spread over the whole text, not only its English opening
    mostly_german = long_article(20_000) + (FIXTURES / "de.txt").read_text(encoding="utf-8") * 2000
    assert detect_language(mostly_german)[0] == "de"
    half_and_half = long_article(700_000) + (FIXTURES / "de.txt").read_text(encoding="utf-8") * 900
    assert detect_language(half_and_half)[0] == "en"  # mixed: not clearly another language


@pytest.mark.skipif(not (SHARED_DATA / "voa").is_dir(), reason="shared VOA data not available")
def test_voa_stories_are_english():
    lines = (SHARED_DATA / "voa" / "voa_stories.jsonl").read_text(encoding="utf-8").splitlines()
    stories = [json.loads(line) for line in lines]
    assert {detect_language(s["text"])[0] for s in stories} == {"en"}
    assert {detect_language(s["title"])[0] for s in stories} == {"en"}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=500))
def test_never_raises(text):
    language, confidence = detect_language(text)
    assert language is None or (isinstance(language, str) and 2 <= len(language) <= 3)
    assert 0.0 <= confidence <= 1.0


# --- the numpy walk of py3langid's automaton and the letter counts: the library's and the plain results ---------


@functools.lru_cache(maxsize=1)
def _library_identifier():
    # loaded once: reading the model file for each of the property test's examples took minutes
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def test_checked_model_gets_the_numpy_walk():
    # Guards the speed-up: the shipped model is the one whose automaton was checked (bench/langid_sync.py).
    from transforms.ingest.language import _identifier

    assert type(_identifier()).__name__ == "VectorWalkIdentifier"


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=300),
        st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=300),
        st.lists(
            st.sampled_from(["the ", "Kyiv ", "Straße ", "Москва ", "東京", "é", "\n", "ﬁ", "X", "\ud800"]), max_size=60
        ).map("".join),
    )
)
def test_numpy_walk_ranks_as_py3langid_does(text):
    from transforms.ingest.language import _identifier

    assert _identifier().rank(text) == _library_identifier().rank(text)


def test_numpy_walk_ranks_voa_stories_as_py3langid_does():
    from transforms.ingest.language import _identifier, _sample

    library = _library_identifier()
    for line in (SHARED_DATA / "voa" / "voa_stories.jsonl").read_text(encoding="utf-8").splitlines()[:30]:
        sample = _sample(json.loads(line)["text"])
        assert _identifier().rank(sample) == library.rank(sample)


@given(st.text(max_size=500))
def test_letter_counts_count_every_letter_and_the_latin_ones(text):
    from transforms.ingest.language import _is_latin_letter, _letter_counts

    letters = [char for char in text if char.isalpha()]
    assert _letter_counts(text) == (len(letters), sum(1 for char in letters if _is_latin_letter(char)))
