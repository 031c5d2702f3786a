"""Direct and indirect quotes of one parsed document, with the mention that names the speaker."""

from __future__ import annotations

import bisect

import polars as pl
from spacy.attrs import IDX, LEMMA

from transforms.extract.coref import Coreference, document_quoted_spans, pronoun_kind, quoted_spans
from transforms.ids import stable_id
from transforms.nlp.sentences import TEXT_KEY, document_text, sentence_of
from transforms.schemas import TABLES

QUOTES_SCHEMA = TABLES["quotes"]
# Output of quotes_of(): a quotes row whose speaker is still a mention of the document (linked to its entity by
# transforms.link.quotes).
QUOTE_CANDIDATES_SCHEMA = {
    **{c: t for c, t in QUOTES_SCHEMA.schema.items() if c != "speaker_entity_id"},
    "speaker_mention_id": pl.String(),
}

# Entity labels that can speak (places and dates cannot; "January" over a quote is a heading).
SPEAKER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
CUE_LEMMAS = frozenset(
    """say tell add state note stress announce declare emphasize emphasise underline underscore claim insist explain
    warn write confirm deny argue comment remark reply respond urge assert acknowledge admit suggest quote
    reiterate point tweet post allege concede recall caution complain lament predict vow testify contend""".split()
)


def _quote_spans(text: str, quoted: list[tuple[int, int]] | None = None) -> list[tuple[int, int, int, int]]:
    """(open, close_end, content_start, content_end) of every quoted passage, in text order.  The marks are
    read by transforms.extract.coref.quoted_spans (``quoted``: its result when the caller has it), so a passage
    ends at its own closing mark and never runs into the next quote when a mark is stray or mixed."""
    spans = []
    for a, b in quoted_spans(text) if quoted is None else quoted:
        cs, ce = a + 1, b - 1
        content = text[cs:ce]
        lead = len(content) - len(content.lstrip())
        # Trailing comma/space belongs to the attribution, not the quote ("... welcome," he said).
        trimmed = content.rstrip().rstrip(",;:").rstrip()
        if trimmed:
            spans.append((a, b, cs + lead, cs + len(trimmed)))
    return spans


def _first_token_from(starts: list[int], char: int) -> int:
    """Index of the first token starting at or after char (len(doc) if none)."""
    return bisect.bisect_left(starts, char)


def _subject(verb, outside: tuple[int, int] | None = None):
    """The speaker of a reporting verb: its subject; for a passive one ("were told that") the agent of its
    by-phrase, never its subject, who is the one spoken to."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
        if child.dep_ == "nsubjpass" and _is_cue(verb):
            return None
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            if outside is not None and outside[0] <= child.idx < outside[1]:
                continue  # the parser took a word inside the quote as subject
            return child
    if outside is not None and verb.idx >= outside[1]:
        # '..." Hajiyev told Arab News': the last name or pronoun between the quote and the verb.
        doc = verb.doc
        for tok in reversed(doc[: verb.i]):
            if tok.idx < outside[1]:
                break
            if tok.pos_ in {"PROPN", "PRON"} or tok.ent_type_ in {"PERSON", "ORG"}:
                return tok
    # "..., he stated, adding": the subject of the first verb in a coordination.
    if verb.dep_ in {"conj", "advcl", "xcomp"} and verb.head is not verb:
        for child in verb.head.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                return child
    return None


def _attribution_follows(doc, start: int, cue, quote: tuple[int, int]) -> bool:
    """Is the reporting verb after a closing mark the quote's own attribution ('," the minister said')?
    Only the speaker's phrase may stand between the mark and the verb; anything else ('?" Earlier this
    month, the ministry said') opens another sentence."""
    subj = _subject(cue, quote)
    allowed = {t.i for t in subj.subtree} if subj is not None else set()
    return all(t.i in allowed or t.is_punct or t.is_space for t in doc[start : cue.i])


def _governing_verb(doc, starts: list[int], open_: int, cs: int, close: int):
    """The verb of the reporter's clause that embeds a quote opened mid-sentence, or None (a quote that opens
    its sentence or paragraph is not embedded)."""
    first_mark = _first_token_from(starts, open_)
    first = _first_token_from(starts, cs)
    if first >= len(doc) or first_mark == 0:
        return None
    before = doc[first_mark - 1]
    if sentence_of(doc[first]).start >= first_mark or before.is_space or before.text in {":", ".", "!", "?", "“", '"'}:
        return None
    for a in [doc[first], *doc[first].ancestors]:
        if a.pos_ in {"VERB", "AUX"}:
            subj = _subject(a, (open_, close))
            if subj is not None and not (open_ <= subj.idx < close):
                return a
    return None


def _is_cue(tok) -> bool:
    """A reporting verb that reports: "did not say" / "never said" report nothing."""
    return (
        tok.lemma_.lower() in CUE_LEMMAS
        and tok.pos_ in {"VERB", "AUX"}
        and not any(c.dep_ == "neg" for c in tok.children)
    )


class _Speakers:
    """Resolves the subject of a reporting verb to (speaker_text, mention_id) by the resolution the event roles
    use (transforms.extract.events.roles.agent_filler): a pronoun is its antecedent (gender and number
    agreeing, else no speaker), a statement or report is its source ("a statement from the ministry"),
    and a phrase keeps its own head's entity ("the top U.S. diplomat" is the diplomat, not the U.S.; an
    appositive name says who: "the spokesman, Jane Doe,").  A subject that cannot speak (a date, a
    heading word) gives no speaker."""

    def __init__(self, doc, mentions: list[dict], quoted: list[tuple[int, int]], sents: list | None = None):
        self.doc = doc
        self.mentions = mentions
        self.coref = Coreference(doc, mentions, sents)
        # Mentions inside quotation marks are what speakers talk about, not speakers.
        self.outside = [m for m in mentions if not any(a <= m["char_start"] < b for a, b in quoted)]

    def before(self, char: int, labels: set[str], contains: str | None = None) -> dict | None:
        best = None
        for m in self.outside:
            if m["char_end"] <= char and m["label"] in labels and (contains is None or contains in m["text"].lower()):
                best = m if best is None or m["char_start"] > best["char_start"] else best
        return best

    def _named(self, head) -> dict | None:
        """The agent mention naming the phrase's head: the head's own, else an appositive person's."""
        m = self.coref.mention_at(head)
        if m is not None:
            return m if m["label"] in SPEAKER_LABELS else None
        for c in head.children:
            if c.dep_ == "appos":
                a = self.coref.mention_at(c)
                if a is not None and a["label"] == "PERSON":
                    return a
        return None

    def resolve(self, subj) -> tuple[str | None, str | None]:
        from transforms.extract.events.roles import agent_filler, core_tokens, span_text

        if subj is None:
            return None, None
        titled = self.coref.titled_person(subj)
        if titled is not None:
            m = self.coref.mention_at(titled)
            return m["text"], m["mention_id"]
        filler = agent_filler(subj, self.coref)
        if (
            filler is not None
            and filler.head.head.i == subj.i
            and filler.head.i < subj.i
            and filler.head.dep_ != "poss"
        ):
            # The event roles let a nationality word stand for a thing's agent ("an Indian proposal" -> India), but
            # the subject of a reporting verb is the one who speaks: "a British charity says" cites the charity,
            # "a Western diplomatic source said" the source, and the modifier only describes them.
            filler = None
        if filler is None:
            # No agent behind the subject: a pronoun without a clear antecedent, a date or a number speaks
            # for nobody; a source that is not an agent ("local media reports") is still the one cited.
            m = self.coref.mention_at(subj)
            if (
                pronoun_kind(subj) is not None
                or subj.pos_ not in {"NOUN", "PROPN"}
                or (m and m["label"] not in SPEAKER_LABELS)
            ):
                return None, None
            return span_text(core_tokens(subj)), (m["mention_id"] if m else None)
        m = self._named(filler.head)
        if m is not None:
            return m["text"], m["mention_id"]
        head = filler.head
        if head.pos_ == "NOUN" and head.i == subj.i:
            # "the ministry said": the nearest organisation named before whose name has that noun.
            ante = self.before(head.idx, {"ORG"}, contains=head.lemma_.lower())
            if ante is not None:
                return ante["text"], ante["mention_id"]
        return span_text(filler.tokens), None


def _quote_row(doc_id, text, cs, ce, speaker_text, speaker_id, cue, *, direct, close) -> dict:
    """One quote candidate row (plus the private _close offset used to order attribution)."""
    return {
        "quote_id": stable_id("quote", doc_id, cs, ce),
        "doc_id": doc_id,
        "speaker_mention_id": speaker_id,
        "speaker_text": speaker_text,
        "text": text[cs:ce],
        "char_start": cs,
        "char_end": ce,
        "cue": cue,
        "direct": direct,
        "_close": close,
    }


def _cue_after(doc, starts: list[int], open_: int, close: int, max_tokens: int):
    """The reporting verb after the closing mark, same paragraph: '..." Hajiyev said.' / '..." he stated'."""
    start_tok = _first_token_from(starts, close)
    for tok in doc[start_tok : min(len(doc), start_tok + max_tokens)]:
        if "\n" in tok.text or tok.text in {"“", '"'}:
            return None
        if _is_cue(tok):
            return tok if _attribution_follows(doc, start_tok, tok, (open_, close)) else None
        if tok.is_sent_end and tok.i > start_tok + 1:
            return None
    return None


def _ends_with_full_stop(doc, starts: list[int], content_end: int) -> bool:
    """Does the quoted passage end with a sentence's full stop ('... other means."')?  A quotation its
    attribution follows ends in a comma, or in the question or exclamation mark it carries; a full stop
    closes the sentence, so what comes after the closing mark is a new one (the AP Stylebook and the Chicago
    Manual of Style on punctuating quotations: '"We will stay," she said.' but '"We will stay." She left.'),
    and a reporting verb there with a clause of its own reports that clause, not the quote.  An
    abbreviation's point ("U.S.") and an ellipsis are not a full stop."""
    if content_end <= 0:
        return False
    last = doc[max(0, bisect.bisect_right(starts, content_end - 1) - 1)]
    # the document's text once per document: spaCy's doc.text joins every token anew
    return last.text == "." and last.is_punct and document_text(doc)[max(0, last.idx - 1) : last.idx] != "."


def _reports_its_own_clause(doc, cue) -> bool:
    """Has the reporting verb a reported clause of its own ("Sanchez said during a visit that he would urge
    restraint")?  One that has none ("Chao said, adding that ...") needs the quote before it as its content,
    even after a full stop: a reporting clause goes with a reported one (Quirk et al. 1985 on direct speech)."""
    comp = _reported_clause(doc, cue)
    if comp is None:
        return False
    for a in [comp, *comp.ancestors]:
        if a.i == cue.i:
            return True
        if a.i != comp.i and _is_cue(a):
            return False  # the clause of another reporting verb ("adding that ...")
    return True


def _cue_before(doc, starts: list[int], open_: int, max_tokens: int):
    """The reporting verb before the opening mark, same sentence or a colon-ended lead-in: 'Hajiyev said: "..."'."""
    first = _first_token_from(starts, open_)
    i = min(first, len(doc)) - 1
    while i >= 0 and i >= first - max_tokens and "\n" not in doc[i].text:
        if _is_cue(doc[i]):
            return doc[i]
        if doc[i].is_sent_start and not (i > 0 and doc[i - 1].text == ":"):
            return None
        i -= 1
    return None


def _according_to(doc, starts: list[int], open_: int):
    """The source named by "according to X" before the opening mark in the quote's sentence ('According to
    the agency, "The operation dealt a blow"'), or None: "according to" attributes what its sentence
    reports to X (Quirk et al. 1985 on "according to" as a disjunct naming the source)."""
    first_mark = _first_token_from(starts, open_)
    if first_mark >= len(doc):
        return None
    sent = sentence_of(doc[first_mark])
    for tok in doc[sent.start : first_mark]:
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            return next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
    return None


def _continues_previous(text: str, prev: dict | None, open_: int) -> bool:
    """A quote paragraph with no attribution continues the previous speaker (news convention), only when the
    previous quote sits in the paragraph just before and this one opens its paragraph."""
    if prev is None or prev["speaker_text"] is None:
        return False
    between = text[prev["_close"] : open_]
    lead_in = between[between.rfind("\n") + 1 :]
    return (
        between.count("\n\n") <= 1 and between.strip("\n").count("\n") <= 1 and "\n" in between and not lead_in.strip()
    )


def _attribution(doc, starts: list[int], span: tuple[int, int, int, int], max_tokens: int):
    """(reporting verb, the token naming the speaker) of one quoted passage; (None, None) when nothing
    attributes it.  In order: the reporting clause after the marks or before them in the quote's sentence, a
    source named by "according to", the subject of a clause that embeds a partial quote; then a reporting verb
    right after a full stop that has no clause of its own (a stray full stop before the attribution); last,
    the reporting verb of the sentence before ('..." Hassan said. "So we urged ..."')."""
    open_, close, cs, ce = span
    cue = _cue_after(doc, starts, open_, close, max_tokens)
    after_stop = None
    if cue is not None and _ends_with_full_stop(doc, starts, ce):
        # '... other means." The statement said the G7 countries affirmed ...': a new sentence, mostly a new report
        after_stop, cue = (None if _reports_its_own_clause(doc, cue) else cue), None
    before = _cue_before(doc, starts, open_, max_tokens) if cue is None else None
    earlier = before is not None and _in_an_earlier_sentence(doc, starts, before, span)
    for found in (cue, None if earlier else before):
        if found is not None:
            return found, _subject(found, (open_, close))
    if (source := _according_to(doc, starts, open_)) is not None:
        return None, source
    if (verb := _governing_verb(doc, starts, open_, cs, close)) is not None:
        # A partial quote inside the reporter's sentence ('She called for a "credible transition"'): the
        # words are those of the subject of the clause that embeds them.
        return None, _subject(verb, (open_, close))
    for found in (after_stop, before):
        if found is not None:
            return found, _subject(found, (open_, close))
    return None, None


def _in_an_earlier_sentence(doc, starts: list[int], cue, span: tuple[int, int, int, int]) -> bool:
    """Is the reporting verb in a sentence before the one the quoted words begin (a colon lead-in, 'Hajiyev
    said: "...', counts as the quote's own)?"""
    first_mark, first = _first_token_from(starts, span[0]), _first_token_from(starts, span[2])
    if first >= len(doc) or first_mark == 0:
        return False
    return sentence_of(cue).start < sentence_of(doc[first]).start and doc[first_mark - 1].text != ":"


def _direct_quotes(doc_id, doc, text, spans, speakers, starts, *, max_attribution_tokens) -> tuple[list[dict], set]:
    """Rows of the quoted passages, and the token indices of the reporting verbs they used."""
    rows: list[dict] = []
    direct_cues: set[int] = set()
    prev: dict | None = None
    for span in spans:
        open_, close, cs, ce = span
        cue_tok, source = _attribution(doc, starts, span, max_attribution_tokens)
        speaker_text = speaker_id = cue = None
        if cue_tok is not None or source is not None:
            speaker_text, speaker_id = speakers.resolve(source)
            if cue_tok is not None:
                direct_cues.add(cue_tok.i)
                cue = cue_tok.text
        elif _continues_previous(text, prev, open_):
            speaker_text, speaker_id = prev["speaker_text"], prev["speaker_mention_id"]
        row = _quote_row(doc_id, text, cs, ce, speaker_text, speaker_id, cue, direct=True, close=close)
        rows.append(row)
        prev = row
    return rows, direct_cues


def _reported_clause(doc, cue):
    """The clausal complement of a reporting verb, or None; "said in a statement that ...": the parser may hang
    the that-clause elsewhere."""
    comp = next((c for c in cue.children if c.dep_ == "ccomp"), None)
    if comp is not None:
        return comp
    for nxt in doc[cue.i + 1 : min(len(doc), cue.i + 8)]:
        if nxt.lower_ == "that" and nxt.dep_ == "mark" and nxt.head.i > nxt.i:
            return nxt.head
        if nxt.is_sent_end or nxt.text in {"“", '"'}:
            return None
    return None


def _clause_tokens(doc, comp) -> tuple[int, int]:
    """Token range of a reported clause without its complementiser and edge punctuation."""
    toks = list(comp.subtree)
    start, end = toks[0].i, toks[-1].i + 1
    while start < end and (doc[start].dep_ == "mark" or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


# lemma hash -> whether the lower-cased lemma is a reporting verb's (hashes are the strings' own, stable across documents)
_CUE_LEMMA_HASHES: dict[int, bool] = {}


def _cue_lemma_positions(doc) -> list[int]:
    """Indices of the tokens whose lower-cased lemma is in CUE_LEMMAS, in order: the lemma column is read once
    instead of building a spaCy Token for every word of the document (most are no reporting verb)."""
    strings = doc.vocab.strings
    out = []
    for i, h in enumerate(doc.to_array(LEMMA).tolist()):
        is_cue = _CUE_LEMMA_HASHES.get(h)
        if is_cue is None:
            is_cue = _CUE_LEMMA_HASHES[h] = strings[h].lower() in CUE_LEMMAS
        if is_cue:
            out.append(i)
    return out


def _indirect_quotes(doc_id, doc, text, spans, speakers, direct_cues: set[int]) -> list[dict]:
    """Indirect speech: a reporting verb with a subject and a clausal complement ("Hajiyev said that ...")."""
    rows = []
    for i in _cue_lemma_positions(doc):
        tok = doc[i]
        if not _is_cue(tok) or tok.i in direct_cues:
            continue
        comp = _reported_clause(doc, tok)
        subj = _subject(tok)
        if comp is None or subj is None:
            continue
        start, end = _clause_tokens(doc, comp)
        if end - start < 3:
            continue
        cs, ce = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
        if any(o <= cs < c or o < ce <= c for o, c, _, _ in spans):
            continue  # the clause is (inside) a direct quote already attributed
        speaker_text, speaker_id = speakers.resolve(subj)
        rows.append(_quote_row(doc_id, text, cs, ce, speaker_text, speaker_id, tok.text, direct=False, close=ce))
    return rows


def _doc_quotes(
    doc_id: str,
    doc,
    mentions: list[dict],
    *,
    min_direct_words: int,
    max_attribution_tokens: int,
    text: str | None,
    sents: list | None = None,
) -> list[dict]:
    text = doc.text if text is None else text
    # the document's passages as every resolver reads them (the same text: extract_rows stores it on the doc)
    quoted = document_quoted_spans(doc) if doc.user_data.get(TEXT_KEY) is text else None
    spans = [s for s in _quote_spans(text, quoted) if len(text[s[2] : s[3]].split()) >= min_direct_words]
    speakers = _Speakers(doc, mentions, [(o, c) for o, c, _, _ in spans], sents)
    starts = doc.to_array([IDX]).tolist()  # token offsets without building a Token per word
    rows, direct_cues = _direct_quotes(
        doc_id, doc, text, spans, speakers, starts, max_attribution_tokens=max_attribution_tokens
    )
    return rows + _indirect_quotes(doc_id, doc, text, spans, speakers, direct_cues)


def quotes_of(
    doc_id: str,
    doc,
    mentions: list[dict],
    *,
    min_direct_words: int = 4,
    max_attribution_tokens: int = 40,
    text: str | None = None,
    sents: list | None = None,
) -> list[dict]:
    """QUOTE_CANDIDATES_SCHEMA rows of one document; ``mentions`` are its entity mentions in text order.

    A passage found twice (nested marks) keeps one row: quote_id is a hash of its offsets.
    """
    rows = _doc_quotes(
        doc_id,
        doc,
        sorted(mentions, key=lambda m: m["char_start"]),
        min_direct_words=min_direct_words,
        max_attribution_tokens=max_attribution_tokens,
        text=text,
        sents=sents,
    )
    seen: set[str] = set()
    out = []
    for row in rows:
        if row["quote_id"] in seen:
            continue
        seen.add(row["quote_id"])
        out.append({k: v for k, v in row.items() if k != "_close"})
    return out
