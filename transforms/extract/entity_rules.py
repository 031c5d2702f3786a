"""spaCy component correcting the small model's systematic NER errors with the gazetteer and doc-level rules."""

from __future__ import annotations

from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from transforms.gazetteer import fold, lookup_demonym, lookup_place

ENTITY_LABELS = ("PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE")

# Words that make up titles and roles ("Foreign Policy Advisor to the President"): never part of a name.
ROLE_WORDS = frozenset(
    """
    president presidents vice prime minister ministers deputy foreign policy affairs advisor adviser advisers advisors
    assistant secretary secretary-general general spokesman spokeswoman spokesperson envoy ambassador chief head
    director commander representative special senior chairman chairwoman chair leader governor mayor senator
    congressman congresswoman lawmaker mp king queen prince princess sheikh emir pope cardinal bishop judge justice
    attorney lieutenant colonel major captain sergeant admiral marshal officer official officials mr mrs ms dr
    prof professor sir lord lady dame his her excellency state premier chancellor counsellor counselor aide
    interior defence defense economy finance security national presidential administration department press
    assignments first acting former late ceo founder executive correspondent reporter editor
    """.split()
)
# Short name particles that may sit inside a person name ("Bashar al-Assad", "Ursula von der Leyen").
NAME_PARTICLES = frozenset("al el bin ibn abu de da di van von der den du la le dos das ul".split())
KUNYA = frozenset({"abu", "umm", "ibn", "bin"})  # may start an Arabic name ("Abu Ghadiya")
FUNCTION_WORDS = frozenset("of the to on for and in at by a an".split())
PLACE_NOUNS = frozenset(
    "region district province city village town oblast governorate county municipality area suburb neighbourhood neighborhood".split()
)
# Capitalised last words that make a name a facility, a natural feature or an administrative area whatever the
# model said ("the Samarra Barrage" is a dam, not an organisation; "Kirkuk Province" a place, not a person).
FAC_HEADS = frozenset(
    "Dam Barrage Airport Airbase Bridge Mosque Church Cathedral Synagogue Temple Shrine Stadium Palace Square Highway Canal Harbour Harbor Port Prison".split()
)
LOC_HEADS = frozenset(
    "River Lake Lakes Mountains Mountain Mount Valley Desert Sea Gulf Island Islands Peninsula Strait Plain Plateau".split()
)
GPE_HEADS = frozenset("Province Governorate District Municipality County Oblast Prefecture".split())
# Context words after which a bare proper noun is a place ("fighting in Husaybah", "the city of Husaybah").
PLACE_CONTEXT_BEFORE = frozenset({"in", "near", "outside", "into"})
PLACE_PREPOSITIONS = frozenset("in at from near to into across outside inside toward towards".split())
PRONOUN_LIKE = frozenset("i me my we us our you your he him his she her they them their it its".split())
STRONG_KINDS = frozenset({"country", "capital", "region", "continent", "state"})


def _is_namelike(tok) -> bool:
    # A token that can be part of a personal name: capitalised word that is not a role word.
    return tok.is_alpha and tok.text[0].isupper() and tok.lower_ not in ROLE_WORDS and tok.lower_ not in FUNCTION_WORDS


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop determiners, possessives, stray punctuation and unbalanced brackets from span edges."""
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].lower_ in {"'s", "’s", "'"}):
        end -= 1
    texts = [t.text for t in doc[start:end]]
    if "(" in texts and ")" not in texts:
        end = start + texts.index("(")  # "the Karabakh (Garabagh" -> "Karabakh"
        return _trim(doc, start, end) if end > start else (start, start)
    if ")" in texts and "(" not in texts:
        start = start + texts.index(")") + 1
        return _trim(doc, start, end) if end > start else (start, start)
    return start, end


def _pieces(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split a span at line breaks and slashes: an entity never crosses a paragraph or a caption separator."""
    out, s = [], start
    for i in range(start, end):
        tok = doc[i]
        if "\n" in tok.text or "\n" in tok.whitespace_ or tok.text in {"/", "|", "•", "—", "–"}:
            cut_end = (
                i + 1
                if "\n" in tok.whitespace_ and "\n" not in tok.text and tok.text not in {"/", "|", "•", "—", "–"}
                else i
            )
            if cut_end > s:
                out.append((s, cut_end))
            s = i + 1
    if end > s:
        out.append((s, end))
    return out


def _is_geo(text: str) -> bool:
    # Only unambiguous geography (countries, capitals, regions, demonyms): "David" is also a town in Panama.
    place = lookup_place(text)
    return (place is not None and place.kind in STRONG_KINDS) or lookup_demonym(text) is not None


def _place_ok(doc: Doc, start: int, end: int, place, label: str | None) -> bool:
    """Whether a gazetteer hit should be trusted here (weak city names need context or an existing place label)."""
    if place.kind in STRONG_KINDS:
        return True
    if label in {"GPE", "LOC", "FAC"}:
        return True
    after_pos = doc[end].pos_ if end < len(doc) else ""
    if label == "ORG" and end - start == 1 and not _is_acronym(doc[start].text) and after_pos not in {"NOUN", "PROPN"}:
        # A bare town name tagged ORG ("the siege of Darayya") is the small model's commonest place error in
        # conflict news; organisations named by one city word (sports clubs) are rare there. Acronyms ("UN")
        # and modifiers of a noun ("a Liberal perspective") are left to the model.
        return True
    if place.population >= 1_000_000:
        return True
    before = doc[start - 1].lower_ if start > 0 else ""
    before2 = doc[start - 2].lower_ if start > 1 else ""
    after = doc[end].lower_ if end < len(doc) else ""
    return after in PLACE_NOUNS or before in PLACE_PREPOSITIONS or (before == "of" and before2 in PLACE_NOUNS)


def _gazetteer_label(doc: Doc, start: int, end: int, label: str | None) -> str | None:
    """GPE/LOC/NORP when the gazetteer or a place noun settles the label, else None."""
    span = doc[start:end]
    text = span.text
    if lookup_demonym(text) is not None and end - start <= 2:
        return "NORP"
    place = lookup_place(text)
    if place is not None and _place_ok(doc, start, end, place, label):
        return place.label
    after = doc[end].lower_ if end < len(doc) else ""
    # "the Yevlakh district", "Jabrayil region": a proper noun naming a place by the noun that follows it.
    before = doc[start - 1].lower_ if start > 0 else ""
    if after in PLACE_NOUNS and all(t.pos_ == "PROPN" for t in span) and (label != "PERSON" or before == "the"):
        return "LOC" if after in {"region", "area"} else "GPE"
    return None


def _head_label(doc: Doc, start: int, end: int) -> str | None:
    """FAC/LOC/GPE for multi-word names ending in a facility, natural-feature or admin-area word, else None."""
    if end - start < 2 or not doc[start].text[:1].isupper():
        return None
    last = doc[end - 1].text
    return "FAC" if last in FAC_HEADS else "LOC" if last in LOC_HEADS else "GPE" if last in GPE_HEADS else None


def _role_split(doc: Doc, start: int, end: int, known_persons: set[str], label: str) -> tuple[int, int] | None:
    """For 'Advisor to the President of Azerbaijan on Foreign Policy Hikmet Hajiyev', the trailing name span."""
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
    head = doc[start:i]
    tail = doc[i:end]
    if _is_geo(tail.text):
        return None
    # Role words inside the span or just before it ("... to the President of | Azerbaijan Hikmet Hajiyev").
    c = start
    while c > max(0, start - 3) and not doc[c - 1].is_punct:
        c -= 1  # a comma or bracket ends the role phrase ("Officials, Karabakh Armenians Hold Talks")
    context = doc[c:start]
    head_has_role = any(t.lower_ in ROLE_WORDS and t.text[:1].isupper() for t in (*head, *context))
    head_is_places = all(t.lower_ in FUNCTION_WORDS or _is_geo(t.text) for t in head)
    # A place before a name ("Azerbaijan Hikmet Hajiyev") only splits when the tail is surely a person,
    # otherwise "Azerbaijan Armed Forces" would lose its country.
    person_tail = label == "PERSON" or tail.text in known_persons
    if (len(tail) >= 2 and (head_has_role or (head_is_places and person_tail))) or tail.text in known_persons:
        return i, end
    return None


def _only_roles(span) -> bool:
    # "Foreign Policy Advisor", "State": role words only, not a named entity.
    words = [t for t in span if not t.is_punct]
    return bool(words) and all(t.lower_ in ROLE_WORDS or t.lower_ in FUNCTION_WORDS for t in words)


def _vote(doc: Doc, s: int, e: int, label: str, name_parts: frozenset = frozenset()) -> tuple[str, float]:
    """The label one mention votes for in the doc-level vote, and how much: place context outvotes ORG/PERSON."""
    before = doc[s - 1].lower_ if s > 0 else ""
    before2 = doc[s - 2].lower_ if s > 1 else ""
    if label in {"ORG", "PERSON"} and e - s <= 2 and all(t.pos_ == "PROPN" for t in doc[s:e]):
        # "the city of Husaybah" names a place; "fighting in Husaybah" too, unless the name is a person's.
        if before == "of" and before2 in PLACE_NOUNS:
            return "GPE", 2.0
        if label == "ORG" and before in PLACE_CONTEXT_BEFORE and not _is_acronym(doc[s:e].text):
            return "GPE", 1.0
    return label, _vote_weight(doc, s, e, label, name_parts)


def _is_acronym(text: str) -> bool:
    return 2 <= len(text) <= 5 and text.isalpha() and text.isupper()


def _vote_weight(doc: Doc, s: int, e: int, label: str, name_parts: frozenset = frozenset()) -> float:
    """How much one mention's label counts in the doc-level vote: context that contradicts the label halves it."""
    before = doc[s - 1].lower_ if s > 0 else ""
    after = doc[e].lower_ if e < len(doc) else ""
    place_context = before in PLACE_PREPOSITIONS or after in PLACE_NOUNS
    if label in {"GPE", "LOC", "FAC"}:
        return 2.0 if place_context else 1.0
    if label == "NORP" and lookup_demonym(doc[s:e].text) is None and e - s > 1:
        return 0.5  # multi-word "nationalities" the demonym list does not know are usually names
    if label in {"PERSON", "ORG"} and before in {"in", "at", "near", "outside"}:
        return 0.5
    if label == "PERSON" and e - s == 1 and doc[s].text not in name_parts:
        return 0.5  # a lone word as PERSON is weak evidence unless a full name in the doc contains it
    return 1.0


@Language.component("newsevents_entity_fixer")
def entity_fixer(doc: Doc) -> Doc:
    """The registered pipeline component (thresholds at their defaults, see fix_entities)."""
    return fix_entities(doc)


def fix_entities(doc: Doc, *, min_acronym_repeats: int = 2) -> Doc:
    """Repair spans, strip roles from names, apply gazetteer/demonym labels and doc-level label consistency."""
    spans: list[tuple[int, int, str]] = []
    known_persons = {
        e.text
        for e in doc.ents
        if e.label_ == "PERSON"
        and len(e) >= 2
        and all(_is_namelike(t) and not _is_geo(t.text) for t in e)
        and any(t.pos_ == "PROPN" for t in e)
    }
    # Names freed from role phrases count as known people too ("Foreign Policy Hikmet Hajiyev" -> "Hikmet Hajiyev").
    for ent in doc.ents:
        if ent.label_ in {"ORG", "PERSON", "WORK_OF_ART", "FAC"}:
            split = _role_split(doc, ent.start, ent.end, known_persons, ent.label_)
            if split is not None and split[1] - split[0] >= 2:
                known_persons.add(doc[split[0] : split[1]].text)
    first_names = {name.split()[0] for name in known_persons}

    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            # Dates, numbers etc. are not published, but splitting frees tokens the gazetteer may claim.
            spans.extend((s, e, ent.label_) for s, e in _pieces(doc, ent.start, ent.end))
            continue
        pieces = _pieces(doc, ent.start, ent.end)
        for s, e in pieces:
            s, e = _trim(doc, s, e)
            # Verbs or adverbs swallowed at the start of a name ("Representing Azerbaijani").
            while s < e and doc[s].pos_ in {"VERB", "ADV", "ADP", "PRON", "AUX", "SCONJ", "CCONJ"}:
                s += 1
            if s >= e or not any(c.isalpha() for c in doc[s:e].text):
                continue
            label = ent.label_
            # "Karabakh region": the lower-case place noun is not part of the name.
            if e - s >= 2 and doc[e - 1].lower_ in PLACE_NOUNS and _is_geo(doc[s : e - 1].text):
                e -= 1
            # "Karabakh Armenians", "Karabakh's Armenian": adjacent place and demonym, not an organisation.
            words = [i for i in range(s, e) if not (doc[i].is_punct or doc[i].lower_ in {"'s", "’s"})]
            if len(words) >= 2 and label not in {"GPE", "LOC"} and all(_is_geo(doc[i].text) for i in words):
                for i in words:
                    spans.append((i, i + 1, _gazetteer_label(doc, i, i + 1, None) or label))
                continue
            # Bylines: "By Yaver Kazimbeyli" names a person whatever the model says.
            if s > 0 and doc[s - 1].text == "By" and e - s in (2, 3) and all(_is_namelike(t) for t in doc[s:e]):
                label = "PERSON"
            split = (
                _role_split(doc, s, e, known_persons, label)
                if label in {"PERSON", "ORG", "GPE", "WORK_OF_ART", "FAC", "NORP"}
                else None
            )
            if split is not None:
                ps, pe = split
                spans.append((ps, pe, "PERSON"))
                # Keep places named inside the role phrase ("... of Azerbaijan ...").
                for i in range(s, ps):
                    g = _gazetteer_label(doc, i, i + 1, None)
                    if g is not None and doc[i].pos_ == "PROPN":
                        spans.append((i, i + 1, g))
                continue
            if label == "PERSON":
                while s < e and doc[s].lower_ in ROLE_WORDS | FUNCTION_WORDS:
                    s += 1
                if s >= e:
                    continue
            if _only_roles(doc[s:e]) and lookup_place(doc[s:e].text) is None:
                continue
            if len(pieces) > 1 and e - s == 1 and doc[s:e].text not in known_persons:
                # A single word cut off a broken span counts only if the gazetteer or demonyms know it.
                g = _gazetteer_label(doc, s, e, None)
                if g is None:
                    continue
            g = _gazetteer_label(doc, s, e, label)
            if g is not None and not (label == "PERSON" and doc[s:e].text in known_persons):
                label = g
            head = _head_label(doc, s, e)
            if head is not None and label in {"ORG", "PERSON", "GPE", "NORP", "WORK_OF_ART", "PRODUCT", "LOC", "FAC"}:
                label = head
            spans.append((s, e, label))

    covered = [False] * len(doc)
    for s, e, _ in spans:
        for i in range(s, e):
            covered[i] = True
    surnames = {name.split()[-1] for name in known_persons}
    # Add proper nouns the model missed: gazetteer places, demonyms, surnames of people named in this doc.
    i = 0
    while i < len(doc):
        if covered[i] or not doc[i].text[:1].isupper() or not doc[i].is_alpha:
            i += 1
            continue
        hit = None
        for n in (3, 2, 1):
            j = i + n
            if j > len(doc) or any(covered[k] for k in range(i, j)):
                continue
            if n > 1 and not all(doc[k].text[:1].isupper() or doc[k].text == "-" for k in range(i, j)):
                continue
            g = _gazetteer_label(doc, i, j, None)
            if g == "NORP" or (g is not None and all(doc[k].tag_ == "NNP" or doc[k].text == "-" for k in range(i, j))):
                hit = (i, j, g)
                break
        if hit is None and doc[i].text in surnames and doc[i].tag_ == "NNP":
            hit = (i, i + 1, "PERSON")
        if hit is not None:
            spans.append(hit)
            for k in range(hit[0], hit[1]):
                covered[k] = True
            i = hit[1]
        else:
            i += 1

    # Acronyms the model left untagged ("IS" for Islamic State, 7 times in one article): an all-capitals proper
    # noun repeated in the document takes the label it has elsewhere in the document, else ORG (in news,
    # repeated capitalised acronyms are overwhelmingly organisations; places and units are in the gazetteer or
    # tagged by the model).
    acronym_label = {
        doc[s].text: lab for s, e, lab in spans if e - s == 1 and lab in ENTITY_LABELS and _is_acronym(doc[s].text)
    }
    acronym_count = Counter(t.text for t in doc if t.tag_ == "NNP" and _is_acronym(t.text))
    for i, tok in enumerate(doc):
        if covered[i] or tok.tag_ != "NNP" or not _is_acronym(tok.text) or lookup_place(tok.text) is not None:
            continue
        if tok.text in acronym_label or acronym_count[tok.text] >= min_acronym_repeats:
            spans.append((i, i + 1, acronym_label.get(tok.text, "ORG")))
            covered[i] = True

    # Parenthetical alternates "Karabakh (Garabagh)" / "European Union (EU)": the alternate takes the label.
    by_end = {e: (s, lab) for s, e, lab in spans if lab in ENTITY_LABELS}
    for _s, e, lab in list(spans):
        if lab not in ENTITY_LABELS or e + 2 >= len(doc) or doc[e].text != "(":
            continue
        j = e + 1
        k = j
        while k < len(doc) and k - j < 5 and doc[k].text != ")" and (doc[k].text[:1].isupper() or doc[k].text == "-"):
            k += 1
        if k > j and k < len(doc) and doc[k].text == ")" and not any(covered[m] for m in range(j, k)):
            spans.append((j, k, lab))
            for m in range(j, k):
                covered[m] = True
    del by_end

    # Doc-level label consistency: the same name gets one label (gazetteer first, then majority, then priority).
    name_parts = frozenset(w for s, e, lab in spans if lab == "PERSON" and e - s >= 2 for w in doc[s:e].text.split())
    votes: dict[str, Counter] = {}
    for s, e, lab in spans:
        if lab in ENTITY_LABELS:
            vote_label, weight = _vote(doc, s, e, lab, name_parts)
            votes.setdefault(fold(doc[s:e].text), Counter())[vote_label] += weight
    surname_of = {name.split()[-1] for name in known_persons}
    priority = {
        lab: i
        for i, lab in enumerate(
            ("PERSON", "GPE", "LOC", "NORP", "ORG", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT", "LANGUAGE")
        )
    }
    single_persons = {doc[s].text for s, e, lab in spans if lab == "PERSON" and e - s == 1}
    final: list[Span] = []
    for s, e, lab in spans:
        if lab in ENTITY_LABELS:
            text = doc[s:e].text
            if (
                lab == "ORG"
                and 2 <= e - s <= 3
                and doc[e - 1].text in single_persons
                and all(_is_namelike(t) for t in doc[s:e])
            ):
                lab = "PERSON"  # "Hikmet Hajiyev" tagged ORG where "Hajiyev" alone is a person in the same doc
            elif e - s == 1 and text in first_names and lab != "PERSON" and not _is_geo(text):
                lab = "PERSON"  # "Nikol (Pashinyan)" cut at the bracket
            elif (
                e - s == 1
                and text in surname_of
                and not _is_geo(text)
                and lab in {"ORG", "WORK_OF_ART", "PRODUCT", "GPE", "NORP", "FAC"}
                and lookup_place(text) is None
            ):
                lab = "PERSON"  # "Mammadov" tagged ORG next to "Ramin Mammadov"
            elif _gazetteer_label(doc, s, e, lab) is None:
                v = votes[fold(text)]
                lab = sorted(v.items(), key=lambda kv: (-kv[1], priority.get(kv[0], 99)))[0][0]
        final.append(Span(doc, s, e, label=lab))
    doc.ents = filter_spans(final)
    return doc
