"""Antecedents of pronouns in one parsed document, for event roles and quote speakers.

Pure: one spaCy ``Doc``, its raw entity mentions (transforms.extract.entities rows) and, optionally, its
direct quotes (transforms.extract.quotes rows).  The rules are the textbook ones for news English, made
strict so that a role is left empty rather than given to the wrong party ("when it is clear"):

- A relative pronoun ("who", "which", "that", "whom" in "37 of whom") stands for the noun its relative
  clause attaches to.
- A third-person pronoun ("he", "she", "it", "they") stands for the subject of a clause that governs it in
  the same sentence and comes before it ("the militants said they ...", Hobbs 1978's first step), else for
  a main-clause subject of the previous sentence told in the reporter's voice.  The antecedent must agree:
  "he"/"she" a person (never one the text calls a woman/man), "it" an organisation or country, "they" a
  plural phrase, coordinated phrases or an organisation or group.
- Inside a direct quote, "I" is the quote's speaker and "we" the speaker when the speaker is an
  organisation or country; a third-person pronoun resolves only inside the quote.
- "you", "one" and anything else: no antecedent.

Agreement features and gender words are data files in ``coref_data/``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from transforms.nlp.sentences import document_memo, document_text

DATA_DIR = Path(__file__).parent / "coref_data"
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})
RELATIVE_WORDS = frozenset({"who", "whom", "which", "that", "whose"})
# Labels of mentions that can act; places (LOC, FAC), dates, numbers and works never do.
AGENT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
MAX_CHAIN = 4  # a pronoun whose antecedent is itself a pronoun ("He ... He ... he said"): at most this deep


def _rows(name: str) -> list[list[str]]:
    with (DATA_DIR / name).open(encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def pronoun_kinds() -> dict[str, str]:
    """pronoun -> person_m|person_f|thing|plural|speaker|speaker_group|none (coref_data/pronouns.tsv)."""
    return {w: k for w, k in _rows("pronouns.tsv")}


@lru_cache(maxsize=1)
def gender_words() -> dict[str, str]:
    """Honorifics and gendered nouns -> m|f (coref_data/gender_words.tsv)."""
    return {w: g for w, g in _rows("gender_words.tsv")}


@lru_cache(maxsize=1)
def _person_nouns() -> frozenset[str]:
    from transforms.extract.entity_rules import PERSON_NOUNS

    return frozenset(PERSON_NOUNS) | frozenset(gender_words())


def is_person_noun(word: str) -> bool:
    """A common noun that denotes a person ("spokesman", "residents" in the singular "resident")."""
    w = word.lower()
    nouns = _person_nouns()
    return w in nouns or (w.endswith("s") and w[:-1] in nouns) or (w.endswith("men") and w[:-3] + "man" in nouns)


@lru_cache(maxsize=1 << 16)  # asked for every role head's lemma and word; the word lists never change in a run
def is_agent_noun(word: str) -> bool:
    """A common noun that names people or an organisation: a Phoenix agent ("police", "militants",
    "ministry"), a person noun or an organisation head.  Anything else is a thing, which does not act."""
    from transforms.extract.entity_rules import ORG_HEADS
    from transforms.extract.events.actors import is_agent_word

    w = word.lower()
    return is_agent_word(w) or is_person_noun(w) or w.capitalize() in ORG_HEADS


def pronoun_kind(tok) -> str | None:
    """relative, or the kind in coref_data/pronouns.tsv, of a pronoun token; None for anything else."""
    low = tok.lower_
    if low in RELATIVE_WORDS and tok.tag_ in RELATIVE_TAGS:
        return "relative"
    if tok.pos_ != "PRON" and not (low in ("they", "he", "she", "it", "we", "i") and tok.pos_ in ("PRON", "X")):
        return None
    if tok.text.isupper() and len(tok.text) > 1 and low == "us":
        return None  # "US", the country
    return pronoun_kinds().get(low)


_OPENERS = frozenset("“„«")
_CLOSERS = frozenset("”»")
_BEFORE_OPEN = frozenset(" \t\n([{—–-/:")
# The only characters quoted_spans acts on: every other character leaves its state unchanged.
_MARKS_AND_BREAKS = re.compile('[\n"' + "".join(sorted(_OPENERS | _CLOSERS)) + "]")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every passage between double quotation marks, marks included, in text order.

    Each mark is read by its shape or, for a straight mark, by its position (after a space it opens, after a
    word it closes), so a stray or mixed mark ("a “constructive" dialogue") closes the passage it ends
    instead of pairing with the next passage's mark.  A passage never crosses a paragraph break."""
    return paired_marks(text, ((m.start(), m.group()) for m in _MARKS_AND_BREAKS.finditer(text)))


def paired_marks(text: str, positions) -> list[tuple[int, int]]:
    """quoted_spans over the (index, character) pairs ``positions`` of ``text``, in order: only marks and line
    breaks change its state, so visiting those alone (quoted_spans) equals visiting every character."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for i, ch in positions:
        if ch == "\n" and open_at is not None and "\n" in text[open_at:i]:
            open_at = None  # a quote continued in the next paragraph reopens there
            continue
        if ch in _OPENERS:
            opens = True
        elif ch in _CLOSERS:
            opens = False
        elif ch == '"':
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            if before in _BEFORE_OPEN and not after.isspace():
                opens = True
            elif not before.isspace():
                opens = False
            else:
                continue
        else:
            continue
        if opens:
            open_at = i
        elif open_at is not None:
            if "\n\n" not in text[open_at:i]:
                spans.append((open_at, i + 1))
            open_at = None
    return spans


def document_quoted_spans(doc) -> list[tuple[int, int]]:
    """quoted_spans of the document's text, once per document (the quotes and every resolver read them)."""
    return document_memo(doc, "newsevents.quoted_spans", lambda d: quoted_spans(document_text(d)))


@dataclass(frozen=True)
class Antecedent:
    """What a pronoun stands for: the head token of its antecedent's noun phrase and the entity mention
    covering that head (None when the antecedent is a common noun phrase such as "the militants")."""

    head: object
    mention: dict | None


class Coreference:
    """Antecedent resolution over one document (see the module docstring for the rules)."""

    def __init__(self, doc, mentions: list[dict], sents: list | None = None, quotes: list[dict] | None = None):
        self.doc = doc
        self.sents = list(doc.sents) if sents is None else sents
        self._sent_starts = [s.start for s in self.sents]
        self.mentions = sorted(mentions, key=lambda m: (m["char_start"], m["char_end"]))
        self._starts = [m["char_start"] for m in self.mentions]
        self.by_id = {m["mention_id"]: m for m in self.mentions}
        self.quoted = document_quoted_spans(doc)
        self._quote_starts = [a for a, _ in self.quoted]
        # direct quotes with a speaker: (start, end, speaker mention)
        self.speakers = [
            (q["char_start"], q["char_end"], self.by_id[q["speaker_mention_id"]])
            for q in quotes or ()
            if q.get("direct") and q.get("speaker_mention_id") in self.by_id
        ]
        self._genders: dict[str, str | None] | None = None
        self._full_names: dict[str, list[dict]] | None = None  # surname -> full-name person mentions, in order

    # ---------------------------------------------------------------------------------------------
    # lookups
    # ---------------------------------------------------------------------------------------------

    def mention_at(self, tok) -> dict | None:
        """The entity mention covering the token, if any (the shortest when mentions nest)."""
        i = bisect.bisect_right(self._starts, tok.idx) - 1
        best = None
        while i >= 0 and i >= bisect.bisect_right(self._starts, tok.idx) - 4:
            m = self.mentions[i]
            if m["char_start"] <= tok.idx < m["char_end"] and (
                best is None or m["char_end"] - m["char_start"] < best["char_end"] - best["char_start"]
            ):
                best = m
            i -= 1
        return best

    def quote_at(self, char: int) -> tuple[int, int] | None:
        """The quoted passage containing the character offset, if any."""
        i = bisect.bisect_right(self._quote_starts, char) - 1
        for j in range(i, max(-1, i - 3), -1):
            a, b = self.quoted[j]
            if a <= char < b:
                return a, b
        return None

    def sentence_of(self, tok):
        return self.sents[bisect.bisect_right(self._sent_starts, tok.i) - 1]

    # ---------------------------------------------------------------------------------------------
    # agreement
    # ---------------------------------------------------------------------------------------------

    def gender(self, m: dict) -> str | None:
        """m|f when the document marks the person's gender (an honorific or gendered title in the
        mention's phrase, "himself"/"herself", or "X said he ..." with X the only person named in the
        sentence), None when it does not or the evidence conflicts."""
        if self._genders is None:
            self._genders = self._collect_genders()
        return self._genders.get(_person_key(m["text"]))

    def _collect_genders(self) -> dict[str, str | None]:
        found: dict[str, set[str]] = {}
        words = gender_words()
        for m in self.mentions:
            if m["label"] != "PERSON":
                continue
            span = self.doc.char_span(m["char_start"], m["char_end"], alignment_mode="expand")
            if span is None or not len(span):
                continue
            before = self.doc[max(0, span.start - 3) : span.start]
            near = [t for t in before if t.dep_ in ("compound", "appos", "amod", "punct") or t.i == span.start - 1]
            appos = [t for c in span.root.children if c.dep_ == "appos" and c.i >= span.end for t in c.subtree][:8]
            if span.root.dep_ == "appos":
                appos += [span.root.head]
            for t in [*near, *appos]:
                g = words.get(t.lower_)
                if g:
                    found.setdefault(_person_key(m["text"]), set()).add(g)
        kinds = pronoun_kinds()
        for s in self.sents:
            persons = [m for m in self._mentions_in(s.start_char, s.end_char) if m["label"] == "PERSON"]
            if len({_person_key(m["text"]) for m in persons}) != 1:
                continue
            key = _person_key(persons[0]["text"])
            for t in s:
                kind = kinds.get(t.lower_) if t.pos_ == "PRON" else None
                if kind not in ("person_m", "person_f"):
                    continue
                reflexive = t.lower_.endswith("self")
                governed = any(
                    (sub := self.mention_at(c)) is not None and sub["label"] == "PERSON"
                    for a in ancestors(t)
                    for c in a.children
                    if c.dep_ in SUBJECT_DEPS and c.i < t.i
                )
                if reflexive or (t.dep_ in SUBJECT_DEPS and governed):
                    found.setdefault(key, set()).add("m" if kind == "person_m" else "f")
        return {k: (v.pop() if len(v) == 1 else None) for k, v in found.items()}

    def _mentions_in(self, start: int, end: int) -> list[dict]:
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i]["char_start"] < end:
            out.append(self.mentions[i])
            i += 1
        return out

    def agrees(self, kind: str, head) -> bool:
        """Can the noun phrase headed by ``head`` be the antecedent of a pronoun of this kind?"""
        if kind == "plural" and _quantity_of(head) is not None:
            return self.agrees(kind, _quantity_of(head))  # "thousands of protesters" ... "they"
        m = self.mention_at(head)
        label = m["label"] if m is not None else None
        if label != "PERSON" and (named := self.named_person(head)) is not None:
            m, label = named, "PERSON"
        if label is not None and label not in AGENT_LABELS:
            return False
        coordinated = any(c.dep_ == "conj" for c in head.children)
        plural = head.tag_ in ("NNS", "NNPS") or coordinated
        if kind in ("person_m", "person_f"):
            if coordinated or plural:
                return False
            want = "m" if kind == "person_m" else "f"
            if label == "PERSON":
                return self.gender(m) in (None, want)
            if label is not None:
                return False
            return (
                head.pos_ == "NOUN" and is_person_noun(head.lemma_) and gender_words().get(head.lower_) in (None, want)
            )
        if kind == "thing":
            if label in ("ORG", "GPE"):
                return not plural
            return (
                label is None and head.tag_ == "NN" and is_agent_noun(head.lemma_) and not is_person_noun(head.lemma_)
            )
        if kind == "plural":
            if label in ("ORG", "NORP"):
                return True
            if coordinated:
                return label is not None or is_agent_noun(head.lemma_)
            return plural and (label is not None or is_agent_noun(head.lemma_))
        return False

    # ---------------------------------------------------------------------------------------------
    # resolution
    # ---------------------------------------------------------------------------------------------

    def antecedent(self, tok, *, _depth: int = 0) -> Antecedent | None:
        """The antecedent of a pronoun token, or None when it has none or it is not clear."""
        kind = pronoun_kind(tok)
        if kind is None or kind == "none" or _depth > MAX_CHAIN:
            return None
        if kind == "relative":
            return self._relative(tok, _depth)
        quote = self.quote_at(tok.idx)
        if kind in ("speaker", "speaker_group"):
            return self._speaker(tok, kind, quote)
        for cand in self._candidates(tok, quote):
            if pronoun_kind(cand) is not None:
                if pronoun_kinds().get(cand.lower_) != kind:
                    continue
                found = self.antecedent(cand, _depth=_depth + 1)
                if found is not None:
                    return found
                continue
            cand = self.titled_person(cand) or self._appositive_person(cand) or cand
            if self.agrees(kind, cand):
                return Antecedent(cand, self._covering(cand))
        return None

    def titled_person(self, head):
        """The name a capitalised title heads ("Advisor to the President on Foreign Policy Jane Doe",
        "Foreign Ministry Spokesperson Jane Doe"): the parser often makes the title the head and the name
        the end of its phrase.  The last token of the person's mention when the phrase ends with one, else
        None.  A lowercase head ("the wife of Jane Doe") is someone else, not the name."""
        if head.pos_ != "PROPN" or not head.text[:1].isupper() or self.mention_at(head) is not None:
            return None
        end = head.right_edge
        while end.i > head.i and (end.is_punct or end.is_space):
            end = end.nbor(-1)
        m = self.mention_at(end)
        if m is None or m["label"] != "PERSON" or m["char_end"] != end.idx + len(end.text):
            return None
        return end

    def named_person(self, head) -> dict | None:
        """The person the story named in full whose surname this bare name is ("Jeffrey Towson ... Towson
        said"), or None.  News style names a person in full once, then by surname alone (AP Stylebook,
        "names"); the entity model may read such a surname as a place or an organisation ("Towson", a town),
        which would otherwise make "he" find no antecedent or "it" find a person.  The latest such person
        named before the token, else the first named after it."""
        if head.pos_ != "PROPN":
            return None
        first = head
        while (
            first.i > 0
            and first.nbor(-1).head.i == head.i
            and (first.nbor(-1).pos_ == "PROPN" or first.nbor(-1).text in ("-", "‐"))
        ):
            first = first.nbor(-1)
        key = _person_key(self.doc[first.i : head.i + 1].text)
        same = self._full_names_by_surname().get(key, [])
        before = [m for m in same if m["char_start"] < head.idx]
        return before[-1] if before else (same[0] if same else None)

    def _full_names_by_surname(self) -> dict[str, list[dict]]:
        """The story's person mentions of more than one word by surname (``_person_key``), built once: every
        candidate antecedent of every pronoun asks."""
        if self._full_names is None:
            self._full_names = {}
            for m in self.mentions:
                if m["label"] == "PERSON" and len(m["text"].split()) > 1:
                    self._full_names.setdefault(_person_key(m["text"]), []).append(m)
        return self._full_names

    def _appositive_person(self, head):
        """The person an appositive names ("One of the report's authors, Vasily Gatov, told VOA"): an appositive
        refers to the same one as the phrase it follows (Quirk et al. 1985 on apposition), so the name is the antecedent."""
        for c in head.children:
            if c.dep_ == "appos":
                m = self.mention_at(c)
                if m is not None and m["label"] == "PERSON":
                    return c
        return None

    def _could_act(self, head) -> bool:
        """Is the phrase headed by ``head`` a possible agent: a pronoun, an agent entity or an agent noun?"""
        if pronoun_kind(head) is not None:
            return True
        m = self.mention_at(head)
        if m is not None:
            return m["label"] in AGENT_LABELS
        return is_agent_noun(head.lemma_) or _quantity_of(head) is not None

    def _covering(self, head) -> dict | None:
        m = self.mention_at(head)
        return m if m is not None and m["label"] in AGENT_LABELS else None

    def _relative(self, tok, depth: int) -> Antecedent | None:
        """The noun a relative clause attaches to ("the man who", "fighters, 37 of whom")."""
        for a in ancestors(tok):
            if a.dep_ == "relcl":
                head = a.head
                if pronoun_kind(head) is not None:
                    return self.antecedent(head, _depth=depth + 1)
                if head.pos_ in ("NOUN", "PROPN"):
                    return Antecedent(head, self._covering(head))
                return None
            if a.dep_ in ("ccomp", "ROOT") or a.is_sent_start:
                return None
        return None

    def _speaker_of(self, quote: tuple[int, int]) -> Antecedent | None:
        """The speaker of a direct quote, when the document's quotes give one."""
        for a, b, m in self.speakers:
            if quote[0] <= a and b <= quote[1]:
                span = self.doc.char_span(m["char_start"], m["char_end"], alignment_mode="expand")
                return Antecedent(span.root, m) if span is not None and len(span) else None
        return None

    def _speaker(self, tok, kind: str, quote: tuple[int, int] | None) -> Antecedent | None:
        found = self._speaker_of(quote) if quote is not None else None
        if found is None or (kind == "speaker_group" and found.mention["label"] not in ("ORG", "GPE", "NORP")):
            return None
        return found

    def _candidates(self, tok, quote: tuple[int, int] | None, *, max_back: int = 3):
        """Possible antecedents in order: subjects of governing clauses before the pronoun in its sentence,
        then main-clause subjects of the previous sentence in the reporter's voice (not inside a quote)."""
        own = {t.i for t in tok.subtree}
        bound = _coargument_subject(tok)
        for a in ancestors(tok):
            if a.dep_ == "relcl" and a.head.i < tok.i:
                yield a.head
            if a.pos_ == "NOUN" and a.i < tok.i:
                # "the group's announcement that they will ...": the possessor of a noun whose content
                # clause holds the pronoun is who announced, claimed or decided (Quirk et al. 17.26 on
                # appositive clauses of such nouns; 5.115 on the subjective genitive)
                yield from (c for c in a.children if c.dep_ == "poss" and c.i < tok.i and pronoun_kind(c) is None)
            for c in a.children:
                if c.dep_ in SUBJECT_DEPS and c.i < tok.i and c.i not in own and c is not bound:
                    if quote is None or quote[0] <= c.idx < quote[1]:
                        yield c
        if tok.dep_ not in SUBJECT_DEPS:
            yield from (c for c in _earlier_objects(tok) if quote is None or quote[0] <= c.idx < quote[1])
        if quote is not None:
            return  # a pronoun in a quote belongs to the speaker's world: only its own sentence counts
        k = bisect.bisect_right(self._sent_starts, tok.i) - 1
        told = 0  # sentences in the reporter's voice looked at; a quote's own sentences do not count
        for prev in self.sents[:k][::-1]:
            quote = self.quote_at(prev.root.idx)
            if quote is None:
                told += 1
                if told > max_back:
                    return
                subjects = _main_subjects(prev)
                yield from subjects
                if any(self._could_act(t) for t in subjects):
                    return
                # A sentence whose subject cannot act ("Airstrikes destroyed a bridge.") does not shift
                # the focus: look one sentence further back (Hobbs 1978 walks back sentence by sentence).
                continue
            # a sentence of a quote: its subjects are the speaker's; the speaker is the one last named
            speaker = self._speaker_of(quote)
            if speaker is not None:
                yield speaker.head
                return


def ancestors(tok) -> list:
    """The token's heads up to the root, nearest first (at most 40: a guard against a malformed tree)."""
    out = []
    while tok.head.i != tok.i and len(out) < 40:
        tok = tok.head
        out.append(tok)
    return out


def _clause_verb(tok):
    """The verb whose clause the token is an argument of (through a preposition: "sent to him")."""
    for a in ancestors(tok)[:3]:
        if a.pos_ in ("VERB", "AUX"):
            return a
    return None


def _coargument_subject(tok):
    """The subject a non-reflexive object pronoun cannot stand for: its own clause's subject, also when the
    clause shares it with a coordinated one ("Smith met Jones and praised him": him is not Smith; Chomsky's
    Principle B)."""
    if tok.dep_ in SUBJECT_DEPS or tok.lower_.endswith(("self", "selves")):
        return None
    v = _clause_verb(tok)
    for _ in range(6):
        if v is None:
            return None
        subjects = [c for c in v.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            return subjects[0]
        if v.dep_ not in ("conj", "xcomp") or v.head.i == v.i:
            return None
        v = v.head
    return None


def _earlier_objects(tok) -> list:
    """Objects before an object pronoun in its sentence, nearest clause first: those of the verbs governing
    it and of the verbs coordinated with them ("the military removed Bashir and jailed him": him is Bashir;
    Hobbs 1978 proposes every noun phrase to the left in the governing clauses, after their subjects)."""
    v = _clause_verb(tok)
    if v is None:
        return []
    verbs = []
    for a in [v, *ancestors(v)]:
        if a.pos_ in ("VERB", "AUX"):
            verbs.append(a)
            verbs += [c for c in a.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    out = []
    for verb in verbs:
        for c in verb.children:
            if c.dep_ in ("dobj", "dative", "nsubjpass") and c.i < tok.i and c not in out:
                out.append(c)
    return out


def _quantity_of(tok):
    """The noun after "of" when ``tok`` is a quantifier or number heading a partitive ("thousands of X")."""
    from transforms.extract.events.actors import dictionaries

    if not (tok.like_num or tok.pos_ == "NUM" or dictionaries().word_class.get(tok.lower_) == "quantifier"):
        return None
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def _main_subjects(sent) -> list:
    """Subjects of the sentence's root and of the clauses coordinated with it, in text order."""
    root = sent.root
    verbs = [root, *[c for c in root.children if c.dep_ == "conj"]]
    out = [c for v in verbs for c in v.children if c.dep_ in SUBJECT_DEPS]
    if not out:  # "Officials ... , police said": the subject of a reporting clause the parser made the root's ccomp
        out = [c for t in sent for c in t.children if c.dep_ in SUBJECT_DEPS and t.dep_ in ("ccomp", "conj")]
    return sorted(out, key=lambda t: t.i)


def _person_key(text: str) -> str:
    """A person's surname: the mentions "Jane Doe", "Doe" and "Ms. Doe" of one story share it."""
    words = re.findall(r"[\w'-]+", text)
    return words[-1].lower() if words else text.lower()


def antecedent(token, doc, mentions: list[dict], sents: list | None = None) -> Antecedent | None:
    """The antecedent of one pronoun token (convenience over ``Coreference``; build one per document to
    resolve many)."""
    return Coreference(doc, mentions, sents).antecedent(token)
