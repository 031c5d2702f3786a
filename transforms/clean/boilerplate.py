"""Page-furniture detection: per-line rules and cross-document template lines. Pure helpers."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from transforms.clean.metadata import is_prose, parse_byline, parse_update_stamp, word_count

_I = re.I

# Each rule: (reason, compiled pattern) tried on the whitespace-normalised line.  The patterns come
# from the furniture seen in seeds/ (VOA-style and news-agency pages) generalised to its usual variants.
_EMPTY_PLACEHOLDER = re.compile(r"^(?:none|null|nil|nan|n/?a|undefined|\[\s*\]|\{\s*\})$", _I)
_LOGO = re.compile(r"^(?:[\w&.'’-]+\s+){0,4}logo$|^logo(?:\s*[:\-–]\s*.{0,60})?$", _I)
_FOOTER_ID = re.compile(
    r"^(?:news|article|story|post|content|item)\s*(?:id|no\.?|number|#)\s*[:：#]?\s*[\w-]*\d[\w-]*$", _I
)
_READ_MORE = re.compile(
    r"^(?:read more|read also|also read|see also|more on this|related(?: article| story| news| content)?|recommended)\s*[:：»>|–—-]+\s*\S",
    _I,
)
_SOCIAL = [
    re.compile(r"pic\.twitter\.com/\w+", _I),
    # The attribution line under an embedded tweet: "— Name (@handle) September 19, 2023".
    re.compile(
        r"^[—–-]\s*.{0,100}\(@\w{1,15}\)\s*(?:[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|\d{4}-\d{2}-\d{2})?$"
    ),
    re.compile(r"^(?:https?://)?(?:www\.)?(?:twitter|x)\.com/\w+/status/\d+\S*$", _I),
    re.compile(r"^(?:a post shared by|view this post on instagram|view on (?:instagram|tiktok|facebook))\b", _I),
]
_CREDIT_WORDS = (
    r"(?:courtesy|photo|file(?: photo)?|reuters|afp|ap|epa|efe|dpa|upi|getty(?: images)?|anadolu(?: agency)?|tass|xinhua|"
    r"sputnik|shutterstock|istock|ria novosti|press service|handout|pool|wikimedia commons|social media)"
)
_CAPTION = [
    # "... meet in the Yevlakh district of Azerbaijan, September 21, 2023 / Courtesy"
    re.compile(rf"\s/\s*{_CREDIT_WORDS}\b[^/]{{0,40}}$", _I),
    re.compile(
        r"^(?:photo|image|picture|credit|photo credit|image credit|file photo|illustration|photograph)(?:\s+by)?\s*[:：]",
        _I,
    ),
    # A short line ending in a parenthesised agency/photo credit: "Protesters in Yerevan. (Reuters)".
    re.compile(rf"\((?:[^()]{{0,60}}\b)?{_CREDIT_WORDS}\b[^()]{{0,60}}\)\s*$", _I),
]
CAPTION_MAX_WORDS = 40


def line_rule(line: str) -> str | None:
    """Boilerplate reason for one line by the furniture rules (not title/template), or None."""
    text = " ".join(line.split())
    if not text:
        return None
    if _EMPTY_PLACEHOLDER.match(text):
        return "empty_placeholder"
    if parse_update_stamp(text)[0]:
        return "update_stamp"
    if _LOGO.match(text):
        return "logo"
    if _FOOTER_ID.match(text):
        return "footer_id"
    if any(p.search(text) for p in _SOCIAL):
        return "social_embed"
    if _READ_MORE.match(text):
        return "read_more"
    if parse_byline(text) is not None:
        return "byline"
    n = word_count(text)
    if n <= CAPTION_MAX_WORDS and any(p.search(text) for p in _CAPTION):
        # A caption credit, unless the line is an ordinary sentence that happens to end in "(AP)".
        if n <= 25 or not is_prose(text[: text.rfind("(")] if text.endswith(")") else text, max_fragment_words=25):
            return "caption"
    return None


# --- cross-document templates ---------------------------------------------------------------------

_MONTH_WORD = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_WEEKDAY_WORD = re.compile(r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\b")
_DIGITS = re.compile(r"\d+")


def line_shape(line: str) -> str:
    """Shape of a line for template matching: casefolded, whitespace folded, numbers/months/weekdays masked."""
    text = " ".join(line.casefold().split())
    text = _MONTH_WORD.sub("<m>", text)
    text = _WEEKDAY_WORD.sub("<d>", text)
    return _DIGITS.sub("0", text)


def _prose_key(line: str) -> str:
    return " ".join(line.casefold().split())


def _template_candidate(line: str, max_words: int) -> bool:
    text = line.strip()
    # Markdown table rows (trafilatura renders tables as "| a | b |") are content, however often
    # their separator rows repeat.
    if not text or (text.startswith("|") and text.endswith("|")):
        return False
    return not is_prose(text) and word_count(text) <= max_words


def find_template_lines(
    docs: Sequence[Sequence[tuple[int, str]]],
    *,
    sites: Sequence[str | None] | None = None,
    min_docs: int = 3,
    max_words: int = 12,
    max_story_copies: int = 50,
) -> list[set[int]]:
    """For each doc (a list of (line_no, line) candidates), the line numbers that are site templates.

    A line is a template when its shape recurs in at least ``min_docs`` unrelated stories of one
    site and it is not prose (``is_prose``).  Stories are unrelated unless they share half their
    prose lines: copies of one story (syndication, near-duplicates) would otherwise make their own subheadings
    look like furniture, and those must be kept for the deduplication stage to mark instead.
    Counting per site (``sites``: source name, None = unknown, all pooled) keeps generic section
    headings that many unrelated sites use ("Introduction", "Conclusion", "FAQs") as content.
    """
    sites = list(sites) if sites is not None else [None] * len(docs)
    # Union-find over documents that share an exact prose line: one "story family" each.
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Docs are copies of one story when they share at least half the prose lines of the shorter
    # one; a single shared sentence (background paragraph, a site's stock sentence) is not enough.
    holders: dict[str, list[int]] = defaultdict(list)
    n_prose = [0] * len(docs)
    for i, lines in enumerate(docs):
        keys = {_prose_key(line) for _, line in lines if is_prose(line)}
        n_prose[i] = len(keys)
        for key in keys:
            holders[key].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for owners in holders.values():
        # A prose line in very many docs is furniture, not a story; skipping it bounds the pair count.
        if 1 < len(owners) <= max_story_copies:
            for a in range(len(owners)):
                for b in range(a + 1, len(owners)):
                    shared[(owners[a], owners[b])] += 1
    for (a, b), n in shared.items():
        if n >= 0.5 * min(n_prose[a], n_prose[b]):
            parent[find(a)] = find(b)

    families: dict[tuple[str | None, str], set[int]] = defaultdict(set)
    for i, lines in enumerate(docs):
        for _, line in lines:
            if _template_candidate(line, max_words):
                families[(sites[i], line_shape(line))].add(find(i))
    templates = {key for key, fams in families.items() if len(fams) >= min_docs}
    return [
        {no for no, line in lines if _template_candidate(line, max_words) and (sites[i], line_shape(line)) in templates}
        for i, lines in enumerate(docs)
    ]
