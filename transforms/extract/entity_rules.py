"""spaCy component correcting the small model's systematic NER errors: named passes over one document.

`fix_entities(doc) -> doc` is pure (it reads only the document and the gazetteer) and runs the passes in order:

1. `_model_spans`: each model entity is repaired (`_split_at_breaks`, `_trim_edges`), freed of role phrases
   (`_split_role_phrase`, `_strip_leading_roles`) and relabelled from the gazetteer and name heads
   (`_gazetteer_label`, `_head_label`); `_persons_by_context` then relabels names that apposition, a title,
   an age or coordination with a person mark as people, and `_join_split_person_names` rejoins a given name
   the model typed apart from its surname.
2. `_missed_names`: capitalised gazetteer places, demonyms and surnames of people named in the document that
   the model left untagged.
3. `_repeated_acronyms`: all-capital proper nouns repeated in the document.
4. `_parenthetical_alternates`: "Name (Alternate)" gives the alternate the name's label.
5. `_consistent_labels`: one label per name in the document (person evidence, gazetteer, weighted vote).

Word lists live in entity_lexicon/ beside this file, each citing its source; they are loaded here only.
Corpus-level logic (labels across documents, canonical names) is not here: see transforms/link/entities.py.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from spacy.attrs import IDX, IS_ALPHA, LENGTH, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from transforms.gazetteer import STRONG_KINDS, fold, is_country_name, lookup_demonym, lookup_place
from transforms.nlp.sentences import document_memo, document_text, span_text

LEXICON_DIR = Path(__file__).resolve().parent / "entity_lexicon"
ENTITY_LABELS = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE")
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Tie-break of the doc-level vote: a name seen equally often as PERSON and ORG is more often a person in news.
LABEL_PRIORITY = {
    label: rank
    for rank, label in enumerate(
        ("PERSON", "GPE", "LOC", "NORP", "ORG", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "LANGUAGE")
    )
}
FUNCTION_WORDS = frozenset("of the to on for and in at by a an".split())
ARTICLES = frozenset({"the", "a", "an"})
POSSESSIVES = frozenset({"'s", "’s", "'"})
# Tokens that end a span: a name never crosses a paragraph or a caption separator ("Name / Courtesy").
SEPARATORS = frozenset({"/", "|", "•", "—", "–"})
# Parts of speech the model swallows at the start of a name ("Representing Nigerian ...", "Then Paris").
NON_NAME_POS = frozenset({"VERB", "ADV", "ADP", "PRON", "AUX", "SCONJ", "CCONJ"})


def _lexicon_rows(name: str) -> list[list[str]]:
    rows = []
    for line in (LEXICON_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def _words(name: str, marker: str | None = None) -> frozenset[str]:
    """First column of a lexicon file, optionally only the rows whose second column is `marker`."""
    return frozenset(r[0].strip() for r in _lexicon_rows(name) if marker is None or r[1:2] == [marker])


ROLE_WORDS = _words("role_words.txt")
NAME_PARTICLES = _words("name_particles.txt")
KUNYA = _words("name_particles.txt", "kunya")
PLACE_NOUNS = _words("place_nouns.txt")
PLACE_PREPOSITIONS = _words("place_prepositions.txt")
LOCATIVE_PREPOSITIONS = _words("place_prepositions.txt", "locative")
HEAD_LABEL = {word: label for label, word in _lexicon_rows("name_heads.tsv")}
ORG_HEADS = _words("org_heads.txt")
PERSON_NOUNS = _words("person_nouns.txt")
PLACE_COMPLEMENT_NOUNS = _words("place_complement_nouns.txt")
LANGUAGE_NOUNS = _words("language_nouns.txt")


@dataclass(frozen=True)
class People:
    """Person evidence of one document: full names the model found, and their first and last words."""

    full_names: frozenset[str]
    # Surnames the model's PERSON names end in after an article ("al-Sudani"): repeated without it ("Sudani").
    article_surnames: frozenset[str] = frozenset()

    @cached_property  # asked per capitalised token of the document
    def first_names(self) -> frozenset[str]:
        return frozenset(name.split()[0] for name in self.full_names)

    @cached_property
    def surnames(self) -> frozenset[str]:
        return frozenset(name.split()[-1] for name in self.full_names) | self.article_surnames


# ---------------------------------------------------------------------------------------------- token tests


def _is_namelike(tok) -> bool:
    """A capitalised word that can be part of a personal name (not a role or function word)."""
    return tok.is_alpha and tok.text[0].isupper() and tok.lower_ not in ROLE_WORDS and tok.lower_ not in FUNCTION_WORDS


def _is_acronym(text: str) -> bool:
    return 2 <= len(text) <= 5 and text.isalpha() and text.isupper()


@lru_cache(maxsize=1 << 16)  # asked per token and span of every document; the gazetteer never changes in a run
def _is_geo(text: str) -> bool:
    """Only unambiguous geography (countries, capitals, regions, demonyms): "David" is also a town in Panama."""
    place = lookup_place(text)
    return (place is not None and place.kind in STRONG_KINDS) or lookup_demonym(text) is not None


def _text(doc: Doc, start: int, end: int) -> str:
    """``doc[start:end].text`` cut from the document's text (spaCy joins the span's tokens on every access), at the
    character offsets of its first and last token (Span.start_char, Span.end_char) read from arrays made once per
    document: building the Span was most of this function's time, asked some 300 times a document."""
    if 0 <= start < end <= len(doc):
        starts, ends = document_memo(doc, "newsevents.token_char_bounds", _char_bounds)
        return document_text(doc)[starts[start] : ends[end - 1]]
    return span_text(doc[start:end])  # an empty or out-of-range slice: as spaCy normalises it


def _char_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """Each token's first character and the character after it (Token.idx, Token.idx + len(Token))."""
    starts = doc.to_array(IDX).tolist()
    return starts, [i + n for i, n in zip(starts, doc.to_array(LENGTH).tolist(), strict=True)]


def _lower_at(doc: Doc, i: int) -> str:
    return doc[i].lower_ if 0 <= i < len(doc) else ""


def _only_roles(span) -> bool:
    """'Foreign Policy Advisor', 'State': role and function words only, not a named entity.

    A span ending in an organisation head ("State Department", "Defense Ministry") names a body, not a title.
    """
    words = [t for t in span if not t.is_punct]
    if not words or words[-1].text in ORG_HEADS:
        return False
    return all(t.lower_ in ROLE_WORDS or t.lower_ in FUNCTION_WORDS for t in words)


def _has_non_person_head(doc: Doc, start: int, end: int) -> bool:
    """Whether a name ends in an organisation, facility, feature or admin-area word ("Samarra Barrage")."""
    last = doc[end - 1].text
    return last in ORG_HEADS or last in HEAD_LABEL


# ---------------------------------------------------------------------------------------------- span repair


def _split_at_breaks(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split a span at line breaks and separators: the model glues captions to the next paragraph."""
    out, s = [], start
    for i in range(start, end):
        tok = doc[i]
        if "\n" in tok.text or "\n" in tok.whitespace_ or tok.text in SEPARATORS:
            # A token followed by a line break stays in the piece before the break; a separator is dropped.
            cut_end = i + 1 if "\n" in tok.whitespace_ and "\n" not in tok.text and tok.text not in SEPARATORS else i
            if cut_end > s:
                out.append((s, cut_end))
            s = i + 1
    if end > s:
        out.append((s, end))
    return out


def _trim_edges(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop articles, possessives, punctuation, unbalanced brackets and leading verbs/adverbs from a span.

    Canonical names carry no article; "the Niger (Ni" is a span the model cut inside a bracket.
    """
    while start < end and (doc[start].lower_ in ARTICLES or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].lower_ in POSSESSIVES):
        end -= 1
    texts = [t.text for t in doc[start:end]]
    if "(" in texts and ")" not in texts:
        end = start + texts.index("(")
        return _trim_edges(doc, start, end) if end > start else (start, start)
    if ")" in texts and "(" not in texts:
        start = start + texts.index(")") + 1
        return _trim_edges(doc, start, end) if end > start else (start, start)
    while start < end and doc[start].pos_ in NON_NAME_POS:
        start += 1
    return start, end


def _strip_place_noun(doc: Doc, start: int, end: int) -> int:
    """'Kirkuk province' -> 'Kirkuk': the lower-case place noun after a known place is not part of its name."""
    if end - start >= 2 and doc[end - 1].lower_ in PLACE_NOUNS and _is_geo(_text(doc, start, end - 1)):
        return end - 1
    return end


def _strip_role_tail_after_place(doc: Doc, start: int, end: int) -> int:
    """'Nigeria on Foreign (Policy ...)' -> 'Nigeria': role words the model glued to a country name.

    Only when what remains is a known country, capital or region, so "Ministry of Foreign Affairs" is untouched.
    """
    cut = end
    while cut > start + 1 and (doc[cut - 1].lower_ in ROLE_WORDS or doc[cut - 1].lower_ in FUNCTION_WORDS):
        cut -= 1
    return cut if cut < end and _is_geo(_text(doc, start, cut)) else end


# ---------------------------------------------------------------------------------------------- labels


def _bare_town_tagged_org(doc: Doc, start: int, end: int, label: str | None) -> bool:
    """A one-word gazetteer town the model tagged ORG, not modifying a noun ("the siege of <town>").

    The small model's commonest place error in conflict news; organisations named by one city word (sports
    clubs) are rare there. Acronyms ("UN") and modifiers of a noun ("a Liberal perspective") are left alone.
    """
    after_pos = doc[end].pos_ if end < len(doc) else ""
    return (
        label == "ORG" and end - start == 1 and not _is_acronym(doc[start].text) and after_pos not in {"NOUN", "PROPN"}
    )


def _place_ok(doc: Doc, start: int, end: int, place, label: str | None, *, min_population: int = 1_000_000) -> bool:
    """Whether a gazetteer hit should be trusted here: strong kinds, an existing place label, a large city
    (min_population: a city of a million is rarely anything else), else a town needs place context."""
    if place.kind in STRONG_KINDS or label in PLACE_LABELS or _bare_town_tagged_org(doc, start, end, label):
        return True
    if place.population >= min_population:
        return True
    before, before2, after = _lower_at(doc, start - 1), _lower_at(doc, start - 2), _lower_at(doc, end)
    return after in PLACE_NOUNS or before in PLACE_PREPOSITIONS or (before == "of" and before2 in PLACE_NOUNS)


def _gazetteer_label(doc: Doc, start: int, end: int, label: str | None) -> str | None:
    """NORP for a demonym, GPE/LOC for a trusted gazetteer place or a name before a place noun, else None.

    A country's own name is a place even where it reads as a demonym's plural ("the Philippines", "Philippine"):
    OntoNotes types a country GPE and only its people or adjective NORP.
    """
    span = doc[start:end]
    text = span_text(span)
    if end - start <= 2 and lookup_demonym(text) is not None and not is_country_name(text):
        return "NORP"
    place = lookup_place(text)
    if place is not None and _place_ok(doc, start, end, place, label):
        return place.label
    after, before = _lower_at(doc, end), _lower_at(doc, start - 1)
    # "the Jabrayil district": a proper noun naming a place by the noun that follows it.
    words = [t for t in span if t.text != "-"]  # hyphenated names ("Nagorno-Karabakh") are proper nouns too
    if after in PLACE_NOUNS and all(t.pos_ == "PROPN" for t in words) and (label != "PERSON" or before == "the"):
        return "LOC" if after in {"region", "area"} else "GPE"
    return None


def _head_label(doc: Doc, start: int, end: int) -> str | None:
    """FAC/LOC/GPE for a multi-word name ending in a facility, natural-feature or admin-area word."""
    if end - start < 2 or not doc[start].text[:1].isupper():
        return None
    return HEAD_LABEL.get(doc[end - 1].text)


# ---------------------------------------------------------------------------------------------- role phrases


def _known_people(doc: Doc) -> People:
    """Multi-word PERSON names of the model, plus names freed from role phrases ("Minister X Y" -> "X Y")."""
    names = {
        span_text(e)
        for e in doc.ents
        if e.label_ == "PERSON"
        and len(e) >= 2
        and all(_is_namelike(t) and not _is_geo(t.text) for t in e)
        and any(t.pos_ == "PROPN" for t in e)
        and not _has_non_person_head(doc, e.start, e.end)
    }
    for ent in doc.ents:
        if ent.label_ in {"ORG", "PERSON", "WORK_OF_ART", "FAC"}:
            split = _split_role_phrase(doc, ent.start, ent.end, names, ent.label_)
            if split is not None and split[1] - split[0] >= 2:
                names.add(_text(doc, split[0], split[1]))
    return People(frozenset(names), _article_surnames(doc))


def _article_surnames(doc: Doc) -> frozenset[str]:
    """'Sudani' from the model's PERSON 'Mohammed Shia al-Sudani': Arabic surnames are repeated without their
    article ("al-", "el-": name particles, entity_lexicon/name_particles.txt), and some then read as demonyms."""
    out = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) >= 3:
            particle, _, rest = span_text(ent).split()[-1].partition("-")
            if rest and particle.lower() in NAME_PARTICLES and rest[:1].isupper():
                out.add(rest)
    return frozenset(out)


def _split_role_phrase(doc: Doc, start: int, end: int, known: set | frozenset, label: str) -> tuple[int, int] | None:
    """The trailing personal name of a role phrase tagged as one entity, or None.

    "Adviser to the President on Foreign Policy John Smith" is one ORG span to the small model; the name is
    the run of name-like words at its end, kept only when a role word precedes it (or the name is known).
    """
    i = end
    while i > start and (
        (_is_namelike(doc[i - 1]) and not _is_geo(doc[i - 1].text))
        or doc[i - 1].lower_ in NAME_PARTICLES
        or doc[i - 1].text == "-"
    ):
        i -= 1
    while i < end and ((doc[i].lower_ in NAME_PARTICLES and doc[i].lower_ not in KUNYA) or doc[i].text == "-"):
        i += 1
    if i <= start or i >= end:
        return None
    head, tail = doc[start:i], doc[i:end]
    tail_text = span_text(tail)
    if _is_geo(tail_text):
        return None
    # Role words inside the span or just before it ("... to the President of | France Jean Dupont"); a comma or
    # bracket ends the role phrase ("Officials, Kurdish Leaders Hold Talks").
    c = start
    while c > max(0, start - 3) and not doc[c - 1].is_punct:
        c -= 1
    head_has_role = any(t.lower_ in ROLE_WORDS and t.text[:1].isupper() for t in (*head, *doc[c:start]))
    head_is_places = all(t.lower_ in FUNCTION_WORDS or _is_geo(t.text) for t in head)
    # A place before a name ("France Jean Dupont") only splits when the tail is surely a person, otherwise
    # "Nigeria Armed Forces" would lose its country. A demonym alone before it is an adjective inside the
    # name ("Somali Public Agenda", a think tank), which English does not put before a bare personal name
    # without a title: the model's PERSON label is not enough there, the name must be known.
    head_is_adjective = all(t.lower_ in FUNCTION_WORDS or lookup_demonym(t.text) is not None for t in head)
    person_tail = (label == "PERSON" and not head_is_adjective) or tail_text in known
    if (len(tail) >= 2 and (head_has_role or (head_is_places and person_tail))) or tail_text in known:
        return i, end
    return None


def _places_in_role_phrase(doc: Doc, start: int, end: int) -> list[tuple[int, int, str]]:
    """Single-word places named inside a stripped role phrase ("... to the President of France ...")."""
    out = []
    for i in range(start, end):
        label = _gazetteer_label(doc, i, i + 1, None)
        if label is not None and doc[i].pos_ == "PROPN":
            out.append((i, i + 1, label))
    return out


def _strip_leading_roles(doc: Doc, start: int, end: int) -> int:
    """'President Jane Doe' -> 'Jane Doe': titles and function words never open a PERSON name."""
    while start < end and (doc[start].lower_ in ROLE_WORDS or doc[start].lower_ in FUNCTION_WORDS):
        start += 1
    return start


# ---------------------------------------------------------------------------------------------- pass 1


def _split_place_demonym_run(doc: Doc, start: int, end: int, label: str) -> list[tuple[int, int, str]] | None:
    """'Iraq's Kurdish', 'Alaska & Hawaii': places and demonyms the model joined into one ORG are separate entities.

    Not a run that is itself a known place ("Guinea-Bissau", a country), nor a run of demonyms the model typed
    NORP: that is one group name ("Chinese Americans", an ethnic group; "Turkish-American", one compound
    adjective), which OntoNotes gives one NORP span.
    """
    words = [i for i in range(start, end) if not (doc[i].is_punct or doc[i].lower_ in POSSESSIVES)]
    if len(words) < 2 or label in {"GPE", "LOC"} or not all(_is_geo(doc[i].text) for i in words):
        return None
    if _is_geo(_text(doc, start, end)) or (label == "NORP" and all(lookup_demonym(doc[i].text) for i in words)):
        return None
    return [(i, i + 1, _gazetteer_label(doc, i, i + 1, None) or label) for i in words]


def _is_byline(doc: Doc, start: int, end: int) -> bool:
    """'By Jane Doe' under a headline names a person whatever the model says."""
    return (
        start > 0
        and doc[start - 1].text == "By"
        and end - start in (2, 3)
        and all(_is_namelike(t) for t in doc[start:end])
    )


def _repair_piece(doc: Doc, s: int, e: int, label: str, people: People, broken: bool) -> list[tuple[int, int, str]]:
    """One piece of a model entity after span repair, role stripping and gazetteer/head labels (0+ spans)."""
    s, e = _trim_edges(doc, s, e)
    if s >= e or not any(c.isalpha() for c in _text(doc, s, e)):
        return []
    e = _strip_role_tail_after_place(doc, s, _strip_place_noun(doc, s, e))
    run = _split_place_demonym_run(doc, s, e, label)
    if run is not None:
        return run
    if _is_byline(doc, s, e):
        label = "PERSON"
    split = (
        _split_role_phrase(doc, s, e, people.full_names, label)
        if label in {"PERSON", "ORG", "GPE", "WORK_OF_ART", "FAC", "NORP"}
        else None
    )
    if split is not None:
        return [(split[0], split[1], "PERSON"), *_places_in_role_phrase(doc, s, split[0])]
    if label == "PERSON":
        s = _strip_leading_roles(doc, s, e)
        if s >= e:
            return []
    if _only_roles(doc[s:e]) and lookup_place(_text(doc, s, e)) is None:
        return []
    if (
        broken
        and e - s == 1
        and _text(doc, s, e) not in people.full_names
        and _gazetteer_label(doc, s, e, None) is None
    ):
        return []  # a single word cut off a broken span counts only if the gazetteer or demonyms know it
    gazetteer = _gazetteer_label(doc, s, e, label)
    if gazetteer is not None and not _model_label_stands(label, gazetteer, _text(doc, s, e), people):
        label = gazetteer
    head = _head_label(doc, s, e)
    if head is not None and label in {"ORG", "PERSON", "GPE", "NORP", "WORK_OF_ART", "PRODUCT", "LOC", "FAC"}:
        label = head
    return [(s, e, label)]


def _model_label_stands(label: str, gazetteer: str, text: str, people: People) -> bool:
    """Whether the model's label outranks the gazetteer's for this span.

    - a PERSON that is a full name or a surname of this document's people ("Sudani" after "Mohammed Shia
      al-Sudani" is the man, not a demonym);
    - a LANGUAGE the gazetteer reads as a demonym ("did not speak English", "tweeted in English"): OntoNotes 5.0
      types named languages LANGUAGE and keeps NORP for nationalities, religious and political groups.
    """
    if label == "PERSON":
        return text in people.full_names or text in people.surnames
    return label == "LANGUAGE" and gazetteer == "NORP"


def _model_spans(doc: Doc, people: People) -> list[tuple[int, int, str]]:
    """Pass 1: every model entity repaired, freed of role phrases and relabelled where the evidence says so."""
    spans: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        pieces = _split_at_breaks(doc, ent.start, ent.end)
        if ent.label_ not in ENTITY_LABELS:
            # Dates, numbers etc. are not published, but splitting frees tokens the gazetteer may claim.
            spans.extend((s, e, ent.label_) for s, e in pieces)
            continue
        for s, e in pieces:
            spans.extend(_repair_piece(doc, s, e, ent.label_, people, broken=len(pieces) > 1))
    return spans


# ---------------------------------------------------------------------------------------------- passes 2-4


def _covered(doc: Doc, spans) -> list[bool]:
    covered = [False] * len(doc)
    for s, e, _ in spans:
        for i in range(s, e):
            covered[i] = True
    return covered


def _capitalised_words(doc: Doc) -> list[bool]:
    """Per token, whether it is alphabetic and its first character upper case (``t.is_alpha and
    t.text[:1].isupper()``), from the parse's columns and the text: no Token built per word."""
    text = document_text(doc)
    return [bool(alpha) and text[idx : idx + 1].isupper() for idx, alpha in doc.to_array([IDX, IS_ALPHA]).tolist()]


def _missed_names(doc: Doc, spans, people: People, *, max_words: int = 3) -> list[tuple[int, int, str]]:
    """Pass 2: capitalised gazetteer places, demonyms and surnames of this document's people left untagged."""
    covered = _covered(doc, spans)
    capitalised = _capitalised_words(doc)
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(doc):
        if covered[i] or not capitalised[i]:
            i += 1
            continue
        hit = None
        if doc[i].text in people.article_surnames and doc[i].tag_ == "NNP":
            hit = (i, i + 1, "PERSON")  # "Sudani" after "al-Sudani" is the man before it is a demonym
        for n in range(max_words, 0, -1) if hit is None else ():  # longest first: "New York City", "New York"
            j = i + n
            if j > len(doc) or any(covered[i:j]):
                continue
            if n > 1 and not all(doc[k].text[:1].isupper() or doc[k].text == "-" for k in range(i, j)):
                continue
            label = _gazetteer_label(doc, i, j, None)
            if label == "NORP" and not _nationality_use(doc, i, j):
                continue
            if label == "NORP" or (
                label is not None and all(doc[k].tag_ == "NNP" or doc[k].text == "-" for k in range(i, j))
            ):
                hit = (i, j, label)
                break
        if hit is None and doc[i].text in people.surnames and doc[i].tag_ == "NNP":
            hit = (i, i + 1, "PERSON")
        if hit is not None and hit[2] != "NORP" and hit[1] < len(doc) and not covered[hit[1]]:
            # "Mosul Dam": a place name followed by a facility or feature head names that facility.
            head = HEAD_LABEL.get(doc[hit[1]].text)
            if head is not None:
                hit = (hit[0], hit[1] + 1, head)
        if hit is None:
            i += 1
            continue
        found.append(hit)
        for k in range(hit[0], hit[1]):
            covered[k] = True
        i = hit[1]
    return found


def _nationality_use(doc: Doc, start: int, end: int) -> bool:
    """Whether an untagged demonym is used as a nationality, so that it is a NORP mention of its own.

    Not when it names a language ("Kurdish-speaking", "the English language": entity_lexicon/language_nouns.txt)
    nor when it opens a longer name the model missed ("the Indian Ocean", "Somali Public Agenda"): a capitalised
    singular proper noun after it that is no title and no place continues the name, and OntoNotes 5.0 marks the
    whole name, the demonym inside it being part of the ORG, LOC or FAC. "Somali President X", "Chinese Uyghurs"
    (a plural proper noun, another group) and "Somali government soldiers" stay nationalities.
    """
    nxt = end + 1 if end < len(doc) and doc[end].text == "-" else end
    if nxt < len(doc) and doc[nxt].lower_ in LANGUAGE_NOUNS:
        return False
    if end >= len(doc) or nxt != end or "\n" in doc[end - 1].whitespace_:
        return True
    follower = doc[end]
    plural = follower.tag_ == "NNPS" or (follower.text.endswith("s") and not follower.text.endswith("ss"))
    return not (
        follower.tag_ == "NNP"
        and not plural  # the tagger often reads a plural group name ("Uyghurs") as NNP
        and follower.text[:1].isupper()
        and follower.lower_ not in ROLE_WORDS
        and not _is_geo(follower.text)
    )


def _repeated_acronyms(doc: Doc, spans, *, min_repeats: int) -> list[tuple[int, int, str]]:
    """Pass 3: an untagged all-capital proper noun takes the label it has elsewhere in the doc, else ORG if repeated.

    The small model misses acronyms it has not seen ("IS" for Islamic State, seven times in one article); in
    news a repeated capitalised acronym is overwhelmingly an organisation (places are in the gazetteer).
    """
    covered = _covered(doc, spans)
    known = {
        doc[s].text: lab for s, e, lab in spans if e - s == 1 and lab in ENTITY_LABELS and _is_acronym(doc[s].text)
    }
    acronyms = _acronym_tokens(doc)
    counts = Counter(text for _, text in acronyms)
    found = []
    for i, text in acronyms:
        if covered[i] or lookup_place(text) is not None:
            continue
        if text in known or counts[text] >= min_repeats:
            found.append((i, i + 1, known.get(text, "ORG")))
    return found


def _acronym_tokens(doc: Doc) -> list[tuple[int, str]]:
    """(index, text) of every all-capital proper noun (tag NNP) in token order, the tags read from the parse's
    column: a Token is built for the proper nouns only, not for every word (twice) of the document."""
    nnp = doc.vocab.strings["NNP"]
    return [
        (i, text) for i, tag in enumerate(doc.to_array(TAG).tolist()) if tag == nnp and _is_acronym(text := doc[i].text)
    ]


def _parenthetical_alternates(doc: Doc, spans, *, max_words: int = 5) -> list[tuple[int, int, str]]:
    """Pass 4: 'European Union (EU)', 'Myanmar (Burma)': the capitalised alternate in brackets takes the label."""
    covered = _covered(doc, spans)
    found = []
    for _s, e, label in spans:
        if label not in ENTITY_LABELS or e + 2 >= len(doc) or doc[e].text != "(":
            continue
        j = k = e + 1
        while (
            k < len(doc)
            and k - j < max_words
            and doc[k].text != ")"
            and (doc[k].text[:1].isupper() or doc[k].text == "-")
        ):
            k += 1
        if j < k < len(doc) and doc[k].text == ")" and not any(covered[j:k]):
            found.append((j, k, label))
            for m in range(j, k):
                covered[m] = True
    return found


# ---------------------------------------------------------------------------------------------- person context


def _person_context(doc: Doc, s: int, e: int) -> bool:
    """Whether the syntax around a name says it names a person (OntoNotes: people are introduced this way).

    - apposition to a person noun: "the farm's owner, Jane Doe", "Jane Doe, a local resident,";
    - a person noun or a capitalised title right before it: "activist Jane Doe", "Minister Jane Doe";
    - an age: "14-year-old Jane";
    - coordination with a person: "Jane Doe and John Roe" where the model tagged only John Roe.
    """
    root = doc[s:e].root
    before = doc[s - 1] if s > 0 else None
    if root.dep_ == "appos" and root.head.lemma_.lower() in PERSON_NOUNS and root.head.pos_ == "NOUN":
        return True
    if any(c.dep_ == "appos" and c.pos_ == "NOUN" and c.lemma_.lower() in PERSON_NOUNS for c in root.children):
        return True
    if (
        before is not None
        and before.pos_ == "NOUN"
        and before.lemma_.lower() in PERSON_NOUNS
        and before.dep_ == "compound"
    ):
        return True
    if (
        before is not None
        and before.text[:1].isupper()
        and before.lower_ in ROLE_WORDS
        and before.lower_ in PERSON_NOUNS
    ):
        return True
    if s >= 3 and doc[s - 1].lower_ == "old" and doc[s - 3].lower_ in {"year", "years"}:
        return True
    partners = [root.head] if root.dep_ == "conj" else []
    partners += [c for c in root.children if c.dep_ == "conj"]
    return any(p.ent_type_ == "PERSON" for p in partners)


def _persons_by_context(doc: Doc, spans, *, max_words: int = 3) -> list[tuple[int, int, str]]:
    """Pass 1b: names of one to three capitalised words the model typed otherwise, relabelled PERSON by context.

    Only name-shaped spans qualify: no acronym, no organisation/facility head, not a country or demonym.
    """
    out = []
    for s, e, label in spans:
        if (
            label in {"ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "WORK_OF_ART"}
            and 1 <= e - s <= max_words
            and all(_is_namelike(t) and t.pos_ == "PROPN" for t in doc[s:e])
            and not _has_non_person_head(doc, s, e)
            and not _is_acronym(_text(doc, s, e))
            and not _is_geo(_text(doc, s, e))
            and _person_context(doc, s, e)
        ):
            label = "PERSON"
        out.append((s, e, label))
    return out


def _given_name_before(doc: Doc, i: int) -> bool:
    """Whether token i can be a given name glued to the name after it: one space, a capitalised proper noun that
    is no title, acronym, country/demonym, or organisation/facility head."""
    tok = doc[i]
    return (
        tok.whitespace_ == " "
        and tok.tag_ == "NNP"
        and _is_namelike(tok)
        and not _is_acronym(tok.text)
        and not _is_geo(tok.text)
        and tok.text not in ORG_HEADS
        and tok.text not in HEAD_LABEL
    )


def _join_split_person_names(doc: Doc, spans) -> list[tuple[int, int, str]]:
    """Pass 1c: 'Abdiweli' (GPE) + 'Mohamed Ali' (PERSON) -> one PERSON: a given name the model typed apart.

    A one-word name that is not a known country, capital, region or demonym, directly followed (one space,
    same line) by a PERSON span, is that person's given name: a full name is one span (OntoNotes).
    """
    ordered = sorted(spans)
    covered = _covered(doc, ordered)
    out: list[tuple[int, int, str]] = []
    skip = set()
    for k, (s, e, label) in enumerate(ordered):
        if label == "PERSON":
            # An untagged given name right before the surname the model did tag ("Abdiaziz [Barrow]").
            while s > 0 and not covered[s - 1] and _given_name_before(doc, s - 1):
                s -= 1
        if k in skip:
            continue
        nxt = ordered[k + 1] if k + 1 < len(ordered) else None
        if (
            nxt is not None
            and label in {"GPE", "LOC", "NORP", "ORG"}
            and e - s == 1
            and nxt[0] == e
            and nxt[2] == "PERSON"
            and _given_name_before(doc, s)
        ):
            out.append((s, nxt[1], "PERSON"))
            skip.add(k + 1)
            continue
        out.append((s, e, label))
    return out


# ---------------------------------------------------------------------------------------------- pass 5


def _in_apposition_to_place_noun(root) -> bool:
    """'Transnistria, a breakaway territory,' / 'Transnistria is a territory': a name equated with a place noun."""
    nouns = PLACE_NOUNS | PLACE_COMPLEMENT_NOUNS
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.lower_ in nouns:
        return True
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":  # "Transnistria is a territory of ..."
        return any(c.dep_ == "attr" and c.lower_ in nouns for c in root.head.children)
    return any(c.dep_ == "appos" and c.pos_ == "NOUN" and c.lower_ in nouns for c in root.children)


def _vote(doc: Doc, s: int, e: int, label: str, name_parts: frozenset) -> tuple[str, float]:
    """The label one mention votes for in the doc-level vote, and how much.

    Place context outvotes ORG/PERSON ("the city of X", "fighting in X"); context that contradicts a label
    halves its weight.
    """
    before, before2, after = _lower_at(doc, s - 1), _lower_at(doc, s - 2), _lower_at(doc, e)
    place_like = not _has_non_person_head(doc, s, e) and not _is_acronym(_text(doc, s, e))
    words = [t for t in doc[s:e] if t.text != "-"]  # "Nagorno-Karabakh" is one name of two words
    if label in {"ORG", "PERSON"} and len(words) <= 2 and all(t.pos_ == "PROPN" for t in words) and place_like:
        if before == "of" and (before2 in PLACE_NOUNS or before2 in PLACE_COMPLEMENT_NOUNS):
            return "GPE", 2.0
        if _in_apposition_to_place_noun(doc[s:e].root):
            return "GPE", 2.0
        if label == "ORG" and before in LOCATIVE_PREPOSITIONS:
            return "GPE", 1.0
    if label in PLACE_LABELS:
        return label, 2.0 if before in PLACE_PREPOSITIONS or after in PLACE_NOUNS else 1.0
    if label == "NORP" and lookup_demonym(_text(doc, s, e)) is None and e - s > 1:
        return label, 0.5  # multi-word "nationalities" the demonym list does not know are usually names
    if label in {"PERSON", "ORG"} and before in LOCATIVE_PREPOSITIONS:
        return label, 0.5
    if label == "PERSON" and e - s == 1 and doc[s].text not in name_parts:
        return label, 0.5  # a lone word as PERSON is weak evidence unless a full name in the doc contains it
    return label, 1.0


def _person_evidence(doc: Doc, s: int, e: int, label: str, people: People, single_persons: set) -> bool:
    """Whether this document's people say the span is a person whatever its label."""
    text = _text(doc, s, e)
    if (
        label == "ORG"
        and 2 <= e - s <= 3
        and doc[e - 1].text in single_persons
        and all(_is_namelike(t) for t in doc[s:e])
    ):
        return True  # "Jane Doe" tagged ORG where "Doe" alone is a person in the same doc
    if e - s == 1 and label != "PERSON" and not _is_geo(text):
        if text in people.first_names:
            return True  # a first name cut off its surname at a bracket or line break
        if text in people.surnames and label in {"ORG", "WORK_OF_ART", "PRODUCT", "GPE", "NORP", "FAC"}:
            return lookup_place(text) is None  # "Doe" tagged ORG next to "Jane Doe"
    return False


def _consistent_labels(doc: Doc, spans, people: People) -> list[tuple[int, int, str]]:
    """Pass 5: the same name gets one label in the document: person evidence, then gazetteer, then a weighted vote.

    A language stays out of the vote: "Kurdish" names a language in "Kurdish-speaking" and a people in "Kurdish
    fighters" in one text, two senses of one word that OntoNotes 5.0 types LANGUAGE and NORP.
    """
    name_parts = frozenset(w for s, e, lab in spans if lab == "PERSON" and e - s >= 2 for w in _text(doc, s, e).split())
    votes: dict[str, Counter] = {}
    for s, e, label in spans:
        if label in ENTITY_LABELS and label != "LANGUAGE":
            vote_label, weight = _vote(doc, s, e, label, name_parts)
            votes.setdefault(fold(_text(doc, s, e)), Counter())[vote_label] += weight
    single_persons = {doc[s].text for s, e, lab in spans if lab == "PERSON" and e - s == 1}
    out = []
    for s, e, label in spans:
        if label in ENTITY_LABELS:
            if _person_evidence(doc, s, e, label, people, single_persons):
                label = "PERSON"
            elif label != "LANGUAGE" and _gazetteer_label(doc, s, e, label) is None:
                tally = votes[fold(_text(doc, s, e))]
                label = sorted(tally.items(), key=lambda kv: (-kv[1], LABEL_PRIORITY.get(kv[0], 99)))[0][0]
        out.append((s, e, label))
    return out


# ---------------------------------------------------------------------------------------------- component


def fix_entities(doc: Doc, *, min_acronym_repeats: int = 2) -> Doc:
    """The passes above in order; `doc.ents` replaced by the corrected, non-overlapping spans."""
    people = _known_people(doc)
    spans = _model_spans(doc, people)
    spans = _persons_by_context(doc, spans)
    spans = _join_split_person_names(doc, spans)
    spans += _missed_names(doc, spans, people)
    spans += _repeated_acronyms(doc, spans, min_repeats=min_acronym_repeats)
    spans += _parenthetical_alternates(doc, spans)
    spans = _consistent_labels(doc, spans, people)
    doc.ents = filter_spans([Span(doc, s, e, label=label) for s, e, label in spans])
    return doc


@Language.component("newsevents_entity_fixer")
def entity_fixer(doc: Doc) -> Doc:
    """The registered pipeline component (thresholds at their defaults, see fix_entities)."""
    return fix_entities(doc)
