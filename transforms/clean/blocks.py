"""Block classifier for plain text copied from a web page: which lines are the article, which are furniture.

A block is a non-blank line (or several, where the text was hard-wrapped).  The method follows jusText
(Pomikalek 2011, "Removing boilerplate and duplicate content from web corpora", PhD thesis, ch. 3) and
boilerpipe (Kohlschuetter, Fankhauser and Nejdl 2010, "Boilerplate detection using shallow text features",
WSDM), in named passes:

1. ``_features``: length, stop-word density, terminal punctuation, capitalised-word ratio (link-like labels),
   and the reason a furniture pattern (data/furniture_lines.tsv) or an earlier rule gives the block;
2. ``_classify_context_free`` (jusText): ``bad`` (named furniture, or long text poor in stop words),
   ``short``, ``neargood`` or ``good``;
3. ``_mark_sections``: the short lines under a "Related articles" heading are related links;
4. ``_revise_with_neighbours`` (jusText): short and near-good blocks take their neighbours' class, so a
   subheading or list item between two paragraphs is kept and runs of short lines at the edges are not;
5. ``main_region`` (body text extraction, Finn, Kushmerick and Smyth 2001, "Fact or fiction: content
   classification for digital libraries"): the span of blocks with the largest score, good text counting
   for and furniture against, grown over sentences at its edges, and ended early by a comment-thread
   heading after enough article text (boilerpipe's TerminatingBlocksFinder and
   IgnoreBlocksAfterContentFilter).  Inside the span every block not named as furniture is kept
   (headings, list items, table rows); outside it everything goes.

Every removed line gets a reason: the pattern's or rule's own, else one named after what the classifier saw
(``navigation``, ``short_fragment``, ``outside_main_text``).  Pure and per document.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from transforms.clean.metadata import guess_language, is_prose, word_count
from transforms.clean.resources import furniture_patterns, stoplist, stoplist_names

# jusText's defaults (justext/core.py; Pomikalek 2011, section 3.2), set there on English web pages.
LENGTH_LOW = 70
LENGTH_HIGH = 200
STOPWORDS_LOW = 0.30
STOPWORDS_HIGH = 0.32
MAX_HEADING_DISTANCE = 200
# boilerpipe's IgnoreBlocksAfterContentFilter: an end-of-text marker ends the article only after this many
# words of article text (its DEFAULT_MIN_NUM_WORDS = 60), so a "0 comments" counter above the article does not.
MIN_WORDS_BEFORE_END_MARKER = 60
# Main-region scores, per block: a good block counts its words, a near-good one (or a short sentence)
# NEARGOOD_WEIGHT of them; a short one costs SHORT_PENALTY, a bad one BAD_WEIGHT of its words (at least 1),
# named furniture KNOWN_WEIGHT of its words.  Chosen on the tuning part of the WCXB dev pages
# (bench/boilerplate_wcxb.py) over the grid bad {0.25, 0.5, 1} x near-good {0.25, 0.5, 1} x short
# {0.25, 0.5, 1, 2} x named {0.5, 1, 2}: the classifier's plain-text F1 spans 0.896-0.923 and is 0.918
# with these; near-good 0.25, short 2, bad 0.25, named 2 gives 0.923 on plain text but 0.928 instead of
# 0.939 on HTML, where the same region steers the extractor (clean/combine.py), so these were kept.
NEARGOOD_WEIGHT = 0.5
SHORT_PENALTY = 1.0
# A line of at most MAX_DATA_ROW_WORDS words holding two or more numbers is a table row or a ranked-list entry
# ("3 Kellogg 3 11% 664"), a part of an article's data more often than of a menu; it costs DATA_ROW_PENALTY,
# less than other short lines and than long lines poor in stop words, so a long table does not end the main
# region.  Chosen on the tuning part of the WCXB dev pages: penalty over {-0.5, 0, 0.5, 1} for short rows,
# 0.5 gives plain text 0.920 (0.919 at 1, as before) and HTML 0.943 (0.941 at 1); rows classed "bad" priced
# the same, up to 20 or 30 words alike, give plain 0.922 and HTML 0.946.
DATA_ROW_PENALTY = 0.5
MAX_DATA_ROW_WORDS = 20
BAD_WEIGHT = 0.5
KNOWN_WEIGHT = 2.0
# Outside the main text, a link-like block (a label of at most MAX_LABEL_WORDS words, at least
# MIN_LABEL_CAPITALS of them capitalised, as menu entries are written) in a run of at least
# MIN_NAVIGATION_RUN short blocks is navigation; other short blocks (dates, counters, names) are fragments.
MIN_NAVIGATION_RUN = 3
MAX_LABEL_WORDS = 6
MIN_LABEL_CAPITALS = 0.5
# A sentence of this many words at the edge of the main text is kept with it ("Three Americans were killed.").
MIN_EDGE_SENTENCE_WORDS = 4
# Language detection needs some text; below this many words the stop-word feature is not used.
MIN_WORDS_FOR_LANGUAGE = 30
# and reads the start of the text only (py3langid's cost grows with the length; 3,000 characters is a page).
LANGUAGE_SAMPLE_CHARS = 3_000

# The reasons the classifier itself gives (the others come from patterns, rules and templates).
CLASSIFIER_REASONS = ("navigation", "short_fragment", "outside_main_text")

_TERMINAL = re.compile(r"[.!?…:;](?:[\"'”’»)\]]*)$")
_SENTENCE_END = re.compile(r"[.!?…](?:[\"'”’»)\]]*)$")
_WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")
_STRIP = ".,;:!?\"'()[]{}“”‘’«»"


@dataclass
class Block:
    """One block (a line, or hard-wrapped lines) and what the classifier found about it."""

    line_nos: tuple[int, ...]
    text: str
    n_chars: int
    n_words: int
    stop_density: float
    terminal: bool
    cap_ratio: float
    known: str | None = None  # reason given by a rule, pattern or site template
    opens: str = ""  # 'section': heads a list of furniture (related links); 'end': ends the article (comments)
    cf_class: str = ""  # context-free class: good | neargood | short | bad
    cls: str = ""  # after the neighbours: good | bad

    @property
    def link_like(self) -> bool:
        """Shaped like a link or button label: a few words, mostly capitalised, no sentence punctuation."""
        return 0 < self.n_words <= MAX_LABEL_WORDS and not self.terminal and self.cap_ratio >= MIN_LABEL_CAPITALS

    @property
    def heading_like(self) -> bool:
        """Shaped like a heading: at most 20 words, no sentence-final stop, starts with a capital or digit."""
        return (
            0 < self.n_words <= 20
            and not self.text.endswith((".", "!", ",", ";", "…"))
            and bool(re.match(r"^[\"'“‘«(]?[A-Z0-9]", self.text))
        )


_TRAILING_MARKS = re.compile(r"[\s:»›>|–—-]+$")


def furniture_reason(line: str) -> tuple[str, str] | None:
    """(reason, opens: '' | 'section' | 'end') when a whole-line furniture pattern matches the line, else None."""
    return _furniture_reason(" ".join(line.split()))


@lru_cache(maxsize=1 << 16)  # menus and footers repeat on every page of a site: each distinct line is matched once
def _furniture_reason(text: str) -> tuple[str, str] | None:
    # A heading's closing colon, arrow or dash ("Also read:", "Related »") does not change what it is.
    text = _TRAILING_MARKS.sub("", text)
    if not text:
        return None
    n = word_count(text)
    for fp in furniture_patterns():
        if n <= fp.max_words and fp.pattern.fullmatch(text):
            return fp.reason, fp.opens
    return None


def stoplist_language(text: str, hint: str | None = None, *, min_words: int = MIN_WORDS_FOR_LANGUAGE) -> str | None:
    """Language whose stop words to count: the document's own when jusText has a list for it, else detected."""
    if hint in stoplist_names():
        return hint
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if word_count(sample) < min_words:
        return None
    # English, the bulk of the input, is recognised by its function words without the language model.
    if guess_language(sample, min_words=min_words) == "en":
        return "en"
    import py3langid

    detected, _ = py3langid.classify(sample)
    return detected if detected in stoplist_names() else None


def _continues(previous: str, line: str) -> bool:
    """A hard-wrapped line: the previous one stops mid-sentence and this one goes on in lower case."""
    return not _TERMINAL.search(previous) and line[:1].islower()


def _line_groups(lines: Sequence[str], known: Mapping[int, str]) -> list[list[int]]:
    """Non-blank line numbers grouped into blocks; a block spans lines only where text was hard-wrapped."""
    groups: list[list[int]] = []
    previous: int | None = None
    for no, line in enumerate(lines):
        if not line.strip():
            previous = None
            continue
        if (
            previous is not None
            and previous not in known
            and no not in known
            and _continues(lines[previous].strip(), line.strip())
        ):
            groups[-1].append(no)
        else:
            groups.append([no])
        previous = no
    return groups


def _features(lines: Sequence[str], stops: frozenset[str], known: Mapping[int, str]) -> list[Block]:
    blocks = []
    for group in _line_groups(lines, known):
        text = " ".join(" ".join(lines[no].split()) for no in group)
        words = text.split()
        alpha = [w for w in _WORD_RE.findall(text) if w[:1].isalpha()]
        block = Block(
            line_nos=tuple(group),
            text=text,
            n_chars=len(text),
            n_words=word_count(text),
            stop_density=sum(w.casefold().strip(_STRIP) in stops for w in words) / len(words),
            terminal=bool(_TERMINAL.search(text)),
            cap_ratio=sum(w[:1].isupper() for w in alpha) / len(alpha) if alpha else 0.0,
            known=known.get(group[0]),
        )
        hit = furniture_reason(text)
        if hit is not None and block.known in (None, hit[0]):
            block.known, block.opens = hit
        blocks.append(block)
    return blocks


def _classify_context_free(
    blocks: list[Block],
    *,
    length_low: int,
    length_high: int,
    stopwords_low: float,
    stopwords_high: float,
    use_stopwords: bool,
) -> None:
    """jusText's context-free classes; without a stop-word list, long blocks are judged by punctuation."""
    for b in blocks:
        if b.known is not None:
            b.cf_class = "bad"
        elif b.n_chars < length_low:
            b.cf_class = "short"
        elif not use_stopwords:
            b.cf_class = ("good" if b.n_chars > length_high else "neargood") if b.terminal else "bad"
        elif b.stop_density >= stopwords_high:
            b.cf_class = "good" if b.n_chars > length_high else "neargood"
        elif b.stop_density >= stopwords_low:
            b.cf_class = "neargood"
        else:
            b.cf_class = "bad"
        b.cls = b.cf_class


def _mark_sections(blocks: list[Block]) -> None:
    """The short lines under a section heading ("Related articles") get its reason, up to the next prose.

    The last heading-shaped line before that prose is left alone: it heads the article text that resumes.
    One pass: a section is not scanned again from a heading inside it.
    """
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.opens != "section":
            i += 1
            continue
        j = i + 1
        while j < len(blocks) and blocks[j].cf_class in ("short", "bad"):
            j += 1
        last = j - 1
        if j < len(blocks) and last > i and blocks[last].heading_like and blocks[last].known is None:
            last -= 1
        for k in range(i + 1, last + 1):
            if blocks[k].known is None:
                blocks[k].known = b.known
                blocks[k].cf_class = blocks[k].cls = "bad"
        i = max(j, i + 1)


def _nearest_classes(blocks: list[Block], *, ignore_neargood: bool) -> tuple[list[str], list[str]]:
    """For each block, the class of the nearest good/bad (or near-good) block before it and after it.

    The page edges count as bad.  Two linear passes, so long runs of short lines cost O(n), not O(n^2).
    """
    wanted = ("good", "bad") if ignore_neargood else ("good", "bad", "neargood")
    before, after = ["bad"] * len(blocks), ["bad"] * len(blocks)
    last = "bad"
    for i, b in enumerate(blocks):
        before[i] = last
        if b.cls in wanted:
            last = b.cls
    last = "bad"
    for i in range(len(blocks) - 1, -1, -1):
        after[i] = last
        if blocks[i].cls in wanted:
            last = blocks[i].cls
    return before, after


def _revise_with_neighbours(blocks: list[Block], *, max_heading_distance: int) -> None:
    """jusText's context-sensitive pass: short and near-good blocks take their neighbours' class."""

    def good_follows(i: int) -> bool:
        distance = 0
        for j in range(i + 1, len(blocks)):
            if distance > max_heading_distance:
                return False
            if blocks[j].cls == "good":
                return True
            distance += blocks[j].n_chars
        return False

    # Headings shortly before good text are near-good.
    for i, b in enumerate(blocks):
        if b.cls == "short" and b.heading_like and good_follows(i):
            b.cls = "neargood"
    # Short blocks: good between good, bad between bad; at a good/bad border, good only beside near-good.
    prev_gb, next_gb = _nearest_classes(blocks, ignore_neargood=True)
    prev_any, next_any = _nearest_classes(blocks, ignore_neargood=False)
    revised = {}
    for i, b in enumerate(blocks):
        if b.cls != "short":
            continue
        prev, nxt = prev_gb[i], next_gb[i]
        if prev == nxt:
            revised[i] = prev
        elif (prev == "bad" and prev_any[i] == "neargood") or (nxt == "bad" and next_any[i] == "neargood"):
            revised[i] = "good"
        else:
            revised[i] = "bad"
    for i, c in revised.items():
        blocks[i].cls = c
    # Near-good blocks: bad only between two bad ones (earlier decisions count, as in jusText).
    _, next_gb = _nearest_classes(blocks, ignore_neargood=True)
    last = "bad"
    for i, b in enumerate(blocks):
        if b.cls == "neargood":
            b.cls = "bad" if (last, next_gb[i]) == ("bad", "bad") else "good"
        if b.cls in ("good", "bad"):
            last = b.cls
    # Headings that became bad without being bad on their own: good when good text follows closely.
    for i, b in enumerate(blocks):
        if b.heading_like and b.cls == "bad" and b.cf_class != "bad" and good_follows(i):
            b.cls = "good"


def classify_blocks(
    lines: Sequence[str],
    *,
    known: Mapping[int, str] | None = None,
    language: str | None = "en",
    length_low: int = LENGTH_LOW,
    length_high: int = LENGTH_HIGH,
    stopwords_low: float = STOPWORDS_LOW,
    stopwords_high: float = STOPWORDS_HIGH,
    max_heading_distance: int = MAX_HEADING_DISTANCE,
) -> list[Block]:
    """Classified blocks of one document's lines; ``known`` maps line_no -> reason already given by a rule.

    ``language`` picks the jusText stop-word list; None (or a language without one) judges long blocks by
    terminal punctuation instead of stop-word density.
    """
    stops = stoplist(language) if language else frozenset()
    blocks = _features(lines, stops, known or {})
    _classify_context_free(
        blocks,
        length_low=length_low,
        length_high=length_high,
        stopwords_low=stopwords_low,
        stopwords_high=stopwords_high,
        use_stopwords=bool(stops),
    )
    _mark_sections(blocks)
    _revise_with_neighbours(blocks, max_heading_distance=max_heading_distance)
    return blocks


def main_region(
    blocks: Sequence[Block],
    *,
    neargood_weight: float = NEARGOOD_WEIGHT,
    short_penalty: float = SHORT_PENALTY,
    data_row_penalty: float = DATA_ROW_PENALTY,
    bad_weight: float = BAD_WEIGHT,
    known_weight: float = KNOWN_WEIGHT,
    min_words_before_end: int = MIN_WORDS_BEFORE_END_MARKER,
    extend_over_prose: bool = True,
) -> tuple[int, int] | None:
    """[start, end) indices into ``blocks`` of the main text, or None when no block is article-like.

    Scores are from the context-free classes (see the constants above); a short block that is a sentence
    (``is_prose``) scores as near-good, so one-sentence paragraphs of a news story hold the region together.
    A page without one good block (only short paragraphs) is scored with its near-good blocks as good; a
    page with neither has no evidence for a main text, and None tells the caller to keep it.  With
    ``extend_over_prose`` the span then grows over sentences at its edges (a closing "Three Americans were
    killed."), and a comment heading ends it once ``min_words_before_end`` words of good text are in.
    """
    classes = {b.cf_class for b in blocks}
    if "good" in classes:
        promoted = ""
    elif "neargood" in classes:
        promoted = "neargood"
    else:
        return None

    def score(b: Block) -> float:
        if b.known is not None:
            return -max(1.0, b.n_words * known_weight)
        if b.cf_class == "good" or b.cf_class == promoted:
            return b.n_words
        if b.cf_class == "neargood":
            return b.n_words * neargood_weight
        if b.cf_class == "short":
            if _is_sentence_block(b):
                return b.n_words * neargood_weight
            return -data_row_penalty if is_data_row(b) else -short_penalty
        # A table row long enough to be classed "bad" (few stop words) is still a table row.
        return -data_row_penalty if is_data_row(b) else -max(1.0, b.n_words * bad_weight)

    # Maximum-sum contiguous span (Kadane); ties keep the earliest span.
    best, best_span = 0.0, (0, 0)
    run, run_start = 0.0, 0
    for i, b in enumerate(blocks):
        if run <= 0:
            run, run_start = 0.0, i
        run += score(b)
        if run > best:
            best, best_span = run, (run_start, i + 1)
    start, end = best_span
    if extend_over_prose:
        while start > 0 and _is_edge_sentence(blocks[start - 1]):
            start -= 1
        while end < len(blocks) and _is_edge_sentence(blocks[end]):
            end += 1
    good_words = 0
    for i in range(start, end):
        if blocks[i].opens == "end" and good_words >= min_words_before_end:
            return start, i
        if blocks[i].cls == "good":
            good_words += blocks[i].n_words
    return start, end


_NUMBER = re.compile(r"(?<![\w.])[$€£]?\d[\d.,:/%]*")


def is_data_row(b: Block, *, min_numbers: int = 2, max_words: int = MAX_DATA_ROW_WORDS) -> bool:
    """A table row or a ranked list entry: an unnamed line of at most ``max_words`` words holding at least
    ``min_numbers`` numbers."""
    return b.known is None and b.n_words <= max_words and len(_NUMBER.findall(b.text)) >= min_numbers


def _is_sentence_block(b: Block) -> bool:
    """Prose the length and stop-word tests may have missed: a short sentence, one thick with names."""
    return b.known is None and is_prose(b.text)


def _is_edge_sentence(b: Block, *, min_words: int = MIN_EDGE_SENTENCE_WORDS) -> bool:
    """A sentence right at the edge of the main text ("Three Americans were killed."): kept with it."""
    if b.known is not None:
        return False
    if is_prose(b.text):
        return True
    lower_words = sum(w[:1].islower() for w in b.text.split())
    return b.n_words >= min_words and lower_words >= 2 and bool(_SENTENCE_END.search(b.text))


def block_reasons(blocks: Sequence[Block], region: tuple[int, int] | None) -> dict[int, str]:
    """line_no -> reason for every line the classifier removes: named furniture, and all outside the region."""
    start, end = region if region is not None else (0, len(blocks))
    runs = _short_run_lengths(blocks)
    out: dict[int, str] = {}
    for i, b in enumerate(blocks):
        if b.known is not None:
            reason = b.known
        elif start <= i < end:
            continue
        elif b.cf_class != "short":
            reason = "outside_main_text"
        else:
            reason = "navigation" if runs[i] >= MIN_NAVIGATION_RUN and b.link_like else "short_fragment"
        out.update(dict.fromkeys(b.line_nos, reason))
    return out


def _short_run_lengths(blocks: Sequence[Block]) -> list[int]:
    """For each block, the length of the run of consecutive short blocks (named furniture included) holding it."""
    lengths = [0] * len(blocks)
    i = 0
    while i < len(blocks):
        if blocks[i].n_chars >= LENGTH_LOW:
            i += 1
            continue
        j = i
        while j < len(blocks) and blocks[j].n_chars < LENGTH_LOW:
            j += 1
        lengths[i:j] = [j - i] * (j - i)
        i = j
    return lengths


def furniture_lines(
    lines: Sequence[str],
    *,
    known: Mapping[int, str] | None = None,
    language: str | None = "en",
    block_thresholds: Mapping[str, float] | None = None,
    region_weights: Mapping[str, float] | None = None,
) -> tuple[dict[int, str], list[Block], tuple[int, int] | None]:
    """(line_no -> reason for every furniture line, the blocks, the main region) of one document.

    ``block_thresholds`` go to ``classify_blocks`` (length_low, stopwords_high, ...), ``region_weights`` to
    ``main_region`` (neargood_weight, short_penalty, ...); their defaults and sources are documented there.
    """
    blocks = classify_blocks(lines, known=known, language=language, **(block_thresholds or {}))
    region = main_region(blocks, **(region_weights or {}))
    return block_reasons(blocks, region), blocks, region
