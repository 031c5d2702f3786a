"""Date expressions in a sentence, resolved against the publication date (or the text's own dates).

``find_dates(sent, published)`` finds every explicit or relative date expression of a sentence (a
spaCy ``Span`` or plain text) and resolves it.  News conventions (AP style; a story is written on the
day it is published):

- Explicit dates are parsed with ``dateparser``; a month and day without a year ("on September 22")
  take the latest such date not more than ``max_future_days`` after publication (the next one when the
  clause is about the future), which is ``dateparser``'s ``PREFER_DATES_FROM`` with a shifted
  ``RELATIVE_BASE``.  Source ``sentence``.
- Relative days ("yesterday", "three days ago", "last Friday") are resolved by ``dateparser`` with
  ``RELATIVE_BASE`` = publication; a bare weekday ("on Monday") is the latest such day on or before
  publication (the next one in a future clause), "the next day" counts from the nearest day-precise date
  earlier in the text.  Periods ("last week", "earlier this month", "last summer") are date ranges whose
  precision is the smallest calendar unit holding the whole range (a week inside one month is ``month``;
  across a year end it is ``unresolved``).  Source ``relative``.
- A date that is the deadline or horizon of a pledge or plan ("by 2050", "until 2030", "in the next five
  years", "will meet on Monday", anything after publication) is marked ``is_target``: it is not when an
  event happened.  History dates long before publication are resolved like any other.
- Vague expressions ("recently", "the 1990s", "1992-1994") are reported with ``precision='unresolved'``
  and no date: they show that the sentence is placed in time without saying when.

``report_date(published, precision)`` is the fallback an event takes when its sentence has no date.
``resolve()`` and ``find_date_spans()`` are the older one-expression API, kept on top of the same rules.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from transforms.extract.coref import ancestors
from transforms.nlp.sentences import span_text

# Output of find_dates(): one row per date expression.
DATE_MENTION_SCHEMA = {
    "start": "int (character offset: in the document for a Span, in the text for a str)",
    "end": "int (exclusive)",
    "text": "str",
    "date": "date|None (first day of the month/year for month/year precision)",
    "precision": "day|month|year|unresolved",
    "source": "sentence|relative",
    "is_target": "bool (deadline or plan, not when an event happened)",
    "root_i": "int|None (document token index of the expression's root, for a Span)",
}
# Output of resolve(): one resolved expression.
RESOLVED_DATE_SCHEMA = {"date": "date|None", "precision": "day|month|year|unresolved", "text": "str"}

WORDS_FILE = Path(__file__).parent / "data" / "dates" / "date_words.tsv"
# A month and day without a year ("on January 8" in a January 3 story) is this year's up to a week after
# publication (a plan for next week), last year's beyond (the old code's rule, kept).
MAX_FUTURE_DAYS = 7
# A resolved date later than this after publication is a plan or deadline, not an event that happened:
# one day, because publication times are UTC and an event's day is local (a story stamped 23:30 UTC may
# report "Friday" in Asia).
TARGET_AFTER_DAYS = 1
REPORT_PRECISIONS = ("second", "day")  # documents.published_precision values that date a report to the day

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    date: date | None
    precision: str
    source: str
    is_target: bool
    root_i: int | None = None


@dataclass(frozen=True)
class Resolved:
    date: date | None
    precision: str
    text: str


@dataclass(frozen=True)
class _Words:
    target_preps: tuple[str, ...]
    windows: tuple[str, ...]
    future_aux: frozenset[str]
    plan_verbs: frozenset[str]
    vague: tuple[str, ...]
    seasons: dict[str, tuple[int, int]]
    numbers: dict[str, int]
    temporal_subordinators: frozenset[str] = frozenset()
    habitual: frozenset[str] = frozenset()
    recent: frozenset[str] = frozenset()
    anaphoric: frozenset[str] = frozenset()
    temporal_adjuncts: frozenset[str] = frozenset()
    offsets: dict[str, int] | None = None
    offset_units: dict[str, int] | None = None
    appointed_preps: frozenset[str] = frozenset()
    medium_nouns: frozenset[str] = frozenset()
    comparison_preps: frozenset[str] = frozenset()
    comparison_heads: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def _words() -> _Words:
    rows: dict[str, list[tuple[str, str]]] = {}
    with WORDS_FILE.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            word, cls, *value = line.rstrip("\n").split("\t")
            rows.setdefault(cls, []).append((word, value[0] if value else ""))

    def words(cls: str) -> tuple[str, ...]:
        return tuple(sorted((w for w, _ in rows.get(cls, [])), key=len, reverse=True))

    seasons = {}
    for w, v in rows.get("season", []):
        a, b = v.split("-")
        seasons[w] = (int(a), int(b))
    return _Words(
        target_preps=words("target_prep"),
        windows=words("window"),
        future_aux=frozenset(words("future_aux")),
        plan_verbs=frozenset(words("plan_verb")),
        vague=words("vague"),
        seasons=seasons,
        numbers={w: int(v) for w, v in rows.get("number", [])},
        temporal_subordinators=frozenset(words("temporal_sub")),
        habitual=frozenset(words("habitual")),
        recent=frozenset(words("recent")),
        anaphoric=frozenset(words("anaphoric")),
        temporal_adjuncts=frozenset(words("temporal_adjunct")),
        offsets={w: int(v) for w, v in rows.get("offset", [])},
        offset_units={w: int(v) for w, v in rows.get("offset_unit", [])},
        appointed_preps=frozenset(words("appointed_prep")),
        medium_nouns=frozenset(words("medium_noun")),
        comparison_preps=frozenset(words("comparison_prep")),
        comparison_heads=frozenset(words("comparison_head")),
    )


# --------------------------------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------------------------------


def _alt(words) -> str:
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)) + ")"


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern]]:
    w = _words()
    mon = rf"(?P<mon>{_alt(MONTHS)})\.?"
    wd = rf"(?P<wd>{_alt(WEEKDAYS)})"
    num = rf"(?P<n>\d+|{_alt(w.numbers)}|a\s+few|few|several|some|a\s+couple\s+of|a\s+couple)"
    year = r"(?P<y>(?:1[6-9]|20)\d{2})"
    season = rf"(?P<season>{_alt(w.seasons)})"
    prep = (
        r"(?:\b(?P<prep>on|in|by|since|from|until|till|through|throughout|before|after|during|at|as\s+of|"
        r"no\s+later\s+than|not\s+later\s+than|starting|beginning|of)\s+)?"
    )
    rel_year = r"(?:last|this|next)\s+year"
    kinds = {
        "iso": r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b",
        "numeric": r"\b\d{1,2}/\d{1,2}/\d{4}\b",
        "mdy": rf"(?:{wd},?\s+)?\b{mon}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+{year}\b)?",
        "dmy": rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{mon}\b(?:,?\s+{year}\b)?",
        "month_rel": rf"\b{mon}\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b",
        "month_year": rf"\b{mon}(?:\s+of)?,?\s+{year}\b",
        "part": (
            r"\b(?P<part>early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|"
            r"the\s+first\s+half\s+of|the\s+second\s+half\s+of|the\s+first\s+quarter\s+of|the\s+last\s+quarter\s+of)"
            rf"[-\s]+(?:(?P<what>(?:the|this|last|next)\s+(?:year|month|week))|{year}|{mon})\b"
        ),
        "season": (
            rf"\b(?:(?P<rel>last|this|next|past|early|late)\s+)?(?:the\s+)?{season}"
            rf"(?:\s+(?:of\s+)?(?:{year}|(?P<ry>{rel_year})))?\b"
        ),
        "rel_day": (
            r"\b(?P<word>today|tonight|this\s+(?:morning|afternoon|evening)|yesterday|tomorrow|last\s+night|"
            r"the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)\b"
        ),
        "ctx_day": (
            r"\b(?:(?:the\s+)?(?P<dir1>next|following|previous)\s+day|the\s+day\s+(?P<dir2>before|after)|"
            rf"{num}\s+days?\s+(?P<dir3>later|earlier|afterwards|after\s+that|before\s+that))\b"
        ),
        "ago": rf"\b(?:{num}\s+)?(?P<unit>days?|weeks?|months?|years?|decades?)\s+ago\b",
        "weekday": (
            rf"\b(?:(?P<rel>last|this|next|past|coming)\s+)?{wd}(?:'s)?(?:\s+(?:morning|afternoon|evening|night))?\b"
        ),
        "weekend": r"\b(?P<rel>this|last|next|the\s+past|over\s+the|the)\s+weekend\b",
        "rel_period": r"\b(?P<rel>last|this|next|past|previous|coming)\s+(?P<unit>week|month|year)\b",
        "earlier_later": r"\b(?P<el>earlier|later)\s+(?:this|in\s+the)\s+(?P<unit>week|month|year)\b",
        "window": (
            rf"\b(?P<win>{_alt(w.windows)}|over\s+the\s+past|over\s+the\s+last|in\s+the\s+past|in\s+the\s+last|"
            r"during\s+the\s+past|for\s+the\s+past|for\s+the\s+last|the\s+past|the\s+last)\s+"
            rf"(?:{num}\s+)?(?P<unit>days?|weeks?|months?|years?|decades?)\b"
        ),
        # "two weeks later", "days later", "months afterwards": counted from another event's time, which the
        # sentence does not give (with a known day, "two days later" is ctx_day)
        "ctx_period": (
            rf"\b(?:(?:just|only|some)\s+)?(?:{num}\s+)?(?P<unit>days|weeks?|months?|years?|decades?)\s+"
            r"(?P<dir>later|earlier|afterwards?)\b"
        ),
        # "the 19th century", "the 19th and early 20th centuries": a period that names no date
        "century": (
            r"(?:\bthe\s+)?(?:(?:early|mid|late)[-\s]+)?\b\d{1,2}(?:st|nd|rd|th)"
            r"(?:\s+(?:and|to|or)\s+(?:the\s+)?(?:(?:early|mid|late)[-\s]+)?\d{1,2}(?:st|nd|rd|th))?[-\s]+centur(?:y|ies)\b"
        ),
        "decade": r"(?:\bthe\s+)?(?:(?:early|mid|late)[-\s]+)?(?:\b(?:1[6-9]|20)\d0|'\d0)'?s\b",
        "range": rf"\b{year}\s*(?:-|\u2013|\u2014|to)\s*(?:(?:1[6-9]|20)\d{{2}}|\d{{2}})\b",
        "vague": rf"\b{_alt(w.vague)}\b",
        "month": (
            r"\b(?P<mprep>in|since|until|till|by|from|through|during|early|late|mid|of|last|this|next|before|after)"
            rf"[-\s]+{mon}\b(?!\s*\d)"
        ),
        "year": (
            r"\b(?P<yprep>in|since|until|till|by|from|through|during|before|after|of|early|late|mid|around|"
            rf"the\s+year|the)[-\s]+{year}\b(?![-\u2013\u2014/]\d)(?!,\d)(?!\s*(?:%|percent))"
        ),
    }
    # a preposition starts a word: "election this month" holds no "on this month"
    target = rf"(?:\b(?P<tprep>{_alt(w.target_preps)})\s+)?"
    out = []
    for kind, body in kinds.items():
        lead = target if kind in ("year", "month", "window") else target + prep
        out.append((kind, re.compile(lead + "(?P<core>" + body + ")", re.I)))
    return out


@lru_cache(maxsize=1)
def _core_screens() -> dict[str, re.Pattern]:
    """Each kind's core expression alone, without the optional leading prepositions.

    A match of a full pattern contains a match of its core at the same place of the same text, so a text
    the core does not match cannot match the pattern: a cheap screen (the optional leads, tried at every
    position, are most of a pattern's cost) that changes no result.
    """
    return {kind: re.compile(rx.pattern[rx.pattern.index("(?P<core>") :], re.I) for kind, rx in _patterns()}


# Characters that Python's case-insensitive matching equates with an ASCII letter although their str.lower() is no
# ASCII letter (dotless i, long s; Kelvin sign and dotted capital I lower differently): a text holding one is screened
# by the regular expressions alone.
_CASE_FOLD_EXCEPTIONS = frozenset("\u0131\u017f\u212a\u0130")
_DIGIT = "<digit>"  # a requirement met by any Unicode decimal digit (what \d matches in a str pattern)
_ANY_DIGIT = re.compile(r"\d")


def _required_literals(parsed) -> list[frozenset[str]]:
    """What any match of a parsed expression (``re._parser``) must contain, as groups of lower-case literals: every
    group must have at least one of its literals in the matched text.  Conservative: a construct it does not
    know (a class, an optional part, a look-around) requires nothing."""
    from re import _constants as c

    groups: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        literal = "".join(run).lower()
        # a cased non-ASCII letter may match other letters case-insensitively: no requirement from it
        if literal and all(ord(ch) < 128 or ch.lower() == ch.upper() for ch in literal):
            groups.append(frozenset({literal}))
        run.clear()

    for op, arg in parsed:
        if op is c.LITERAL:
            run.append(chr(arg))
            continue
        flush()
        if op is c.SUBPATTERN:
            groups += _required_literals(arg[-1])
        elif op is c.ATOMIC_GROUP:
            groups += _required_literals(arg)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and arg[0] >= 1:
            groups += _required_literals(arg[2])
        elif op is c.BRANCH:
            alternatives = [_required_literals(alt) for alt in arg[1]]
            if alternatives and all(alternatives):  # each alternative needs its most selective group
                groups.append(frozenset().union(*(max(alt, key=_selectivity) for alt in alternatives)))
        elif op is c.IN and arg == [(c.CATEGORY, c.CATEGORY_DIGIT)]:
            groups.append(frozenset({_DIGIT}))
        elif op is c.IN and arg and all(item_op is c.LITERAL for item_op, _ in arg):
            literals = {chr(code).lower() for _, code in arg}
            if all(ord(ch) < 128 or ch.lower() == ch.upper() for ch in literals):
                groups.append(frozenset(literals))
    flush()
    return groups


def _selectivity(group: frozenset[str]) -> int:
    return min(1 if literal == _DIGIT else len(literal) for literal in group)


def _minimal(group: frozenset[str]) -> tuple[str, ...]:
    """The group without literals that hold another of its literals ("april" holds "apr": testing "apr" suffices)."""
    words = [w for w in group if w != _DIGIT]
    kept = sorted(w for w in words if not any(o != w and o in w for o in words))
    return (*kept, _DIGIT) if _DIGIT in group else tuple(kept)


@lru_cache(maxsize=1)
def _screen_literals() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Per kind, the literal groups its core expression needs (``_required_literals``), the smallest first;
    none when the parser is missing."""
    try:
        from re import _parser
    except ImportError:  # a private module: without it every kind is screened by its expression alone
        return {}
    out = {}
    for kind, rx in _core_screens().items():
        groups = _required_literals(_parser.parse(rx.pattern, rx.flags))
        out[kind] = tuple(sorted({_minimal(g) for g in groups}, key=lambda g: (len(g), -_selectivity(frozenset(g)), g)))
    return out


def _screened_kinds(text: str) -> list[str]:
    """The kinds whose core expression can match ``text``: a kind needing a literal the lower-cased text lacks
    cannot (sentences name few dates, so most of the 21 core searches per sentence are skipped); the others are
    tested with their core expression.  Same result as testing every core."""
    screens = _core_screens()
    needs = _screen_literals()
    if not needs or not _CASE_FOLD_EXCEPTIONS.isdisjoint(text):
        return [kind for kind, rx in screens.items() if rx.search(text) is not None]
    low = text.lower()
    met: dict[tuple[str, ...], bool] = {}  # groups are shared by kinds (the month names by six)
    kinds = []
    for kind, rx in screens.items():
        for group in needs.get(kind, ()):
            hit = met.get(group)
            if hit is None:
                hit = met[group] = any(
                    _ANY_DIGIT.search(text) is not None if literal == _DIGIT else literal in low for literal in group
                )
            if not hit:
                break
        else:
            if rx.search(text) is not None:
                kinds.append(kind)
    return kinds


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    kind: str
    m: re.Match


# Kinds that win a tie of equal length (more specific first).
_PRIORITY = {
    k: i
    for i, k in enumerate(
        "iso numeric mdy dmy month_rel month_year part range century decade season ctx_day ctx_period rel_day ago "
        "earlier_later "
        "window weekend rel_period weekday month year vague".split()
    )
}


def _scan(text: str) -> list[_Found]:
    """Non-overlapping date expressions, longest first, left to right."""
    cands = []
    kinds = set(_screened_kinds(text))
    for kind, rx in _patterns():
        if kind not in kinds:
            continue
        for m in rx.finditer(text):
            if m.end() > m.start() and _plausible(kind, m):
                cands.append(_Found(m.start(), m.end(), kind, m))
    cands.sort(key=lambda f: (-(f.end - f.start), _PRIORITY[f.kind], f.start))
    taken: list[_Found] = []
    for f in cands:
        if all(f.end <= t.start or f.start >= t.end for t in taken):
            taken.append(f)
    return sorted(taken, key=lambda f: f.start)


def _plausible(kind: str, m: re.Match) -> bool:
    """Reject look-alikes: month names must be capitalised (the verbs 'may', 'march'), seasons need a
    year, a relative word or a preposition ('prices fall' is not autumn)."""
    g = m.groupdict()
    mon = g.get("mon")
    if mon and not mon[:1].isupper():
        return False
    if kind in ("mdy", "dmy") and not 1 <= int(g["day"]) <= 31:
        return False
    if kind == "season" and not (g.get("rel") or g.get("y") or g.get("ry") or g.get("prep") or g.get("tprep")):
        return False
    # weekdays are capitalised in edited English; "sunday best" or a lower-case heading is not a date
    return kind != "weekday" or g["wd"][:1].isupper()


# --------------------------------------------------------------------------------------------------
# Resolution
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Res:
    date: date | None
    precision: str
    source: str
    end: date | None = None  # last day the expression can mean (for periods and targets)
    future: bool = False  # the expression itself points ahead ("next week", "tomorrow")


_UNRESOLVED_REL = _Res(None, "unresolved", "relative")
_UNRESOLVED_SENT = _Res(None, "unresolved", "sentence")


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _from_range(lo: date, hi: date, source: str, *, future: bool = False) -> _Res:
    """The smallest calendar unit that holds the whole range [lo, hi]."""
    if lo == hi:
        return _Res(lo, "day", source, hi, future)
    if (lo.year, lo.month) == (hi.year, hi.month):
        return _Res(date(lo.year, lo.month, 1), "month", source, hi, future)
    if lo.year == hi.year:
        return _Res(date(lo.year, 1, 1), "year", source, hi, future)
    return _Res(None, "unresolved", source, hi, future)


# A pure function of its arguments (the base is given, so dateparser never reads the clock), some 30 ms a call: a
# story and the stories of a day repeat their dates ("Sept. 19, 2023" against the same publication day).
@lru_cache(maxsize=1 << 12)
def _parse(text: str, base: date, prefer: str) -> date | None:
    """dateparser, English only, relative to ``base``; None when it cannot read the text."""
    import dateparser

    try:
        got = dateparser.parse(
            text,
            languages=["en"],
            settings={
                "RELATIVE_BASE": datetime(base.year, base.month, base.day),
                "PREFER_DATES_FROM": prefer,
                "PREFER_DAY_OF_MONTH": "first",
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )
    except (ValueError, OverflowError, TypeError, AttributeError, re.error):
        return None
    return got.date() if got is not None else None


def _number(s: str | None) -> int | None:
    if not s:
        return None
    s = " ".join(s.lower().split())
    if s.isdigit():
        return int(s)
    return _words().numbers.get(s)


def _month_year(month: int, anchor: date, future: bool, tolerance: int) -> int:
    """The year of a month named without one: the latest that began before anchor + tolerance, or the
    next one not yet over in a future clause."""
    if future:
        return anchor.year if _month_end(anchor.year, month) >= anchor else anchor.year + 1
    return anchor.year if date(anchor.year, month, 1) <= anchor + timedelta(days=tolerance) else anchor.year - 1


def _week(anchor: date, offset: int) -> tuple[date, date]:
    monday = anchor - timedelta(days=anchor.weekday()) + timedelta(days=7 * offset)
    return monday, monday + timedelta(days=6)


def _resolve_found(
    f: _Found, anchor: date | None, context: date | None, tense: str | None, tolerance: int, *, parsed: bool = False
) -> _Res | None:
    """Resolve one found expression (None: not a date after all).  ``tense`` is the governing clause's
    ``future``/``past``/None; a deadline preposition ("by March") looks ahead unless the clause is past.
    ``parsed``: the tense was read from a parse, so None means the clause has none of its own (an infinitive, a
    noun), not that plain text hid it."""
    g = f.m.groupdict()
    future = tense == "future" or (tense != "past" and _target_cue(f))
    if f.kind in ("range", "decade", "century"):
        return _UNRESOLVED_SENT
    if f.kind == "ctx_period":
        return _UNRESOLVED_REL
    if f.kind == "vague":
        ahead = bool(re.match(r"soon|shortly|in\s+the\s+(?:near\s+)?future", g["core"], re.I))
        return _Res(None, "unresolved", "relative", None, ahead)
    if f.kind in _NAMED_KINDS:
        # a deadline ("until April 2", "by March 30") points forward from the act that set it, whatever that act's
        # tense: "extended his detention until April 2", reported on March 13, ends this April, not last year's
        # (the deadline's time follows the event time, Reichenbach 1947; a tenseless month-day takes the occurrence
        # nearest the report, HeidelTime's news strategy, Strötgen & Gertz 2013)
        deadline = tense == "past" and _target_cue(f)
        nearest = (parsed and tense is None and not future) or deadline
        return _resolve_named(f.kind, g, anchor, future, tolerance, nearest=nearest)
    if anchor is None:
        return _UNRESOLVED_REL
    if f.kind in ("rel_day", "ctx_day"):
        return _resolve_day_word(f.kind, g, anchor, context)
    if f.kind == "ago":
        return _resolve_ago(g, anchor)
    if f.kind == "weekday":
        return _resolve_weekday(g, anchor, future)
    if f.kind == "weekend":
        return _resolve_weekend(g, anchor, future)
    if f.kind == "rel_period":
        return _resolve_period(g["rel"].lower(), g["unit"].lower(), anchor)
    if f.kind == "earlier_later":
        return _resolve_earlier_later(g, anchor)
    if f.kind == "window":
        return _resolve_window(g, anchor)
    return None


# Expressions that name a calendar date, month, year or season (the year may still be inferred).
_NAMED_KINDS = frozenset({"iso", "numeric", "mdy", "dmy", "month_year", "month_rel", "month", "year", "part", "season"})


def _resolve_named(
    k: str, g: dict, anchor: date | None, future: bool, tolerance: int, *, nearest: bool = False
) -> _Res:
    if k in ("iso", "numeric") or (k in ("mdy", "dmy", "month_year") and g.get("y")):
        # A full date: dateparser reads the written form ("Sept. 19, 2023", "22nd of May 2023", "5/22/2023").
        d = _parse(g["core"], anchor or date(2000, 1, 1), "past")
        if d is None:
            return _UNRESOLVED_SENT
        if k == "month_year":
            return _Res(date(d.year, d.month, 1), "month", "sentence", _month_end(d.year, d.month))
        return _Res(d, "day", "sentence", d)
    if k == "year":
        y = int(g["y"])
        return _Res(date(y, 1, 1), "year", "sentence", date(y, 12, 31))
    if k == "part":
        return _resolve_part(g, anchor, future, tolerance)
    if k == "season":
        return _resolve_season(g, anchor, future)
    if anchor is None:
        return _UNRESOLVED_SENT
    if k in ("mdy", "dmy"):
        return _resolve_month_day(g, anchor, future, tolerance, nearest=nearest)
    return _resolve_month(k, g, anchor, future, tolerance)


# How far ahead of publication a tenseless month and day may be read as the coming one (_resolve_month_day):
# about two months, the horizon of the scheduled events news announces (hearings, summits, votes).
NEAREST_AHEAD_DAYS = 62


def _resolve_month_day(g: dict, anchor: date, future: bool, tolerance: int, *, nearest: bool = False) -> _Res:
    """A month and day without a year.  dateparser's preference for past (or future) dates, from a base
    shifted by the tolerance, gives the latest such day up to a week after publication (or the next one).
    ``nearest``: the clause has no tense of its own to say which (an infinitive, "ordered to appear on March
    27"): the occurrence nearest publication, the reading of an underspecified date that news gives when
    nothing else decides (HeidelTime's news strategy, Strötgen & Gertz 2013; AP style writes the year of any
    date outside the current one), so a day two weeks ahead is not read as last year's; a day ahead only
    within ``NEAREST_AHEAD_DAYS``, since news tells the past far more than the future ("an agreement based on
    17 September", said in April, is last September's)."""
    month = calendar.month_name[MONTHS[g["mon"].lower().rstrip(".")]]
    text = f"{month} {int(g['day'])}"
    if future:
        d = _parse(text, anchor - timedelta(days=tolerance), "future")
    else:
        d = _parse(text, anchor + timedelta(days=tolerance), "past")
        ahead = _parse(text, anchor - timedelta(days=tolerance), "future") if nearest and d else None
        near = ahead is not None and (ahead - anchor).days <= NEAREST_AHEAD_DAYS
        if near and abs((ahead - anchor).days) < abs((anchor - d).days):
            d = ahead
    return _Res(d, "day", "sentence", d) if d else _UNRESOLVED_SENT


def _resolve_month(k: str, g: dict, anchor: date, future: bool, tolerance: int) -> _Res:
    """'in March', 'last March', 'March of next year'."""
    m = MONTHS[g["mon"].lower().rstrip(".")]
    rel = (g.get("rel") if k == "month_rel" else g.get("mprep")) or ""
    rel = rel.lower()
    if rel in ("last", "next", "this"):
        y = anchor.year + {"last": -1, "this": 0, "next": 1}[rel]
        if k == "month" and rel == "last" and date(anchor.year, m, 1) < anchor:
            y = anchor.year  # "last March" said in September: this year's March
        return _Res(date(y, m, 1), "month", "relative", _month_end(y, m), rel == "next")
    y = _month_year(m, anchor, future, tolerance)
    return _Res(date(y, m, 1), "month", "sentence", _month_end(y, m))


def _resolve_day_word(k: str, g: dict, anchor: date, context: date | None) -> _Res:
    """'yesterday', 'tomorrow' (from publication); 'the next day', 'two days later' (from the context)."""
    if k == "rel_day":
        word = " ".join(g["word"].lower().split())
        offsets = {"yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2}
        offset = 2 if word == "the day after tomorrow" else offsets.get(word, 0)
        d = anchor + timedelta(days=offset)
        return _Res(d, "day", "relative", d, offset > 0)
    if context is None:
        return _UNRESOLVED_REL
    if g.get("dir3"):
        n = _number(g.get("n"))
        if n is None:
            return _UNRESOLVED_REL
        sign = -1 if g["dir3"].lower().startswith(("earlier", "before")) else 1
        d = context + timedelta(days=sign * n)
    else:
        back = (g.get("dir1") or "").lower() == "previous" or (g.get("dir2") or "").lower() == "before"
        d = context + timedelta(days=-1 if back else 1)
    return _Res(d, "day", "relative", d)


def _resolve_weekend(g: dict, anchor: date, future: bool) -> _Res:
    rel = " ".join(g["rel"].lower().split())
    ahead = rel == "next" or (rel == "this" and future)
    if ahead:
        sat = anchor + timedelta(days=(5 - anchor.weekday()) % 7 or 7)
    else:
        sat = anchor - timedelta(days=(anchor.weekday() - 5) % 7)  # the latest Saturday on or before
    return _from_range(sat, sat + timedelta(days=1), "relative", future=ahead)


def _resolve_earlier_later(g: dict, anchor: date) -> _Res:
    """'earlier this month' runs from its start to publication; 'later this year' from publication on."""
    unit, later = g["unit"].lower(), g["el"].lower() == "later"
    if unit == "week":
        lo, hi = _week(anchor, 0)
    elif unit == "month":
        lo, hi = date(anchor.year, anchor.month, 1), _month_end(anchor.year, anchor.month)
    else:
        lo, hi = date(anchor.year, 1, 1), date(anchor.year, 12, 31)
    return _from_range(anchor, hi, "relative", future=True) if later else _from_range(lo, anchor, "relative")


def _resolve_part(g: dict, anchor: date | None, future: bool, tolerance: int) -> _Res:
    part = " ".join(g["part"].lower().split())
    if g.get("y"):
        y = int(g["y"])
        return _Res(date(y, 1, 1), "year", "sentence", date(y, 12, 31))
    if anchor is None:
        return _UNRESOLVED_SENT
    if g.get("mon"):
        m = MONTHS[g["mon"].lower().rstrip(".")]
        y = _month_year(m, anchor, future, tolerance)
        return _Res(date(y, m, 1), "month", "sentence", _month_end(y, m))
    rel, unit = " ".join(g["what"].lower().split()).split()
    offset = {"last": -1, "next": 1}.get(rel, 0)
    if unit == "year":
        y = anchor.year + offset
        if part in ("the end of", "the second half of", "the last quarter of"):
            return _Res(date(y, 12, 1), "month" if part == "the end of" else "year", "relative", date(y, 12, 31))
        if part in ("the beginning of", "the start of"):
            return _Res(date(y, 1, 1), "month", "relative", date(y, 1, 31))
        return _Res(date(y, 1, 1), "year", "relative", date(y, 12, 31))
    if unit == "month":
        first = _add_months(date(anchor.year, anchor.month, 1), offset)
        return _Res(first, "month", "relative", _month_end(first.year, first.month))
    lo, hi = _week(anchor, offset)
    return _from_range(lo, hi, "relative")


def _resolve_season(g: dict, anchor: date | None, future: bool) -> _Res:
    first, last = _words().seasons[g["season"].lower()]
    if g.get("y"):
        y = int(g["y"])
        return _Res(date(y, 1, 1), "year", "sentence", date(y, 12, 31))
    if anchor is None:
        return _UNRESOLVED_REL

    def season_of(year: int) -> tuple[date, date]:
        end_year = year + 1 if last < first else year  # winter runs into the next year
        return date(year, first, 1), _month_end(end_year, last)

    seasons = [season_of(y) for y in range(anchor.year - 2, anchor.year + 2)]
    rel = (g.get("rel") or "").lower()
    if g.get("ry"):
        y = anchor.year + {"last": -1, "this": 0, "next": 1}[g["ry"].split()[0].lower()]
        lo, hi = season_of(y)
    elif rel in ("last", "past"):
        lo, hi = [s for s in seasons if s[1] < anchor][-1]  # the latest one over by now
    elif rel == "next":
        lo, hi = [s for s in seasons if s[0] > anchor][0]
    elif rel == "this" or future:
        lo, hi = [s for s in seasons if s[1] >= anchor][0]  # the current one, or the next to come
    else:
        lo, hi = [s for s in seasons if s[0] <= anchor][-1]  # the latest one begun by now
    return _from_range(lo, hi, "relative", future=lo > anchor)


def _resolve_ago(g: dict, anchor: date) -> _Res:
    unit = g["unit"].lower().rstrip("s")
    n = _number(g.get("n"))
    if n is None or unit == "decade":
        return _UNRESOLVED_REL  # "years ago", "several days ago", "decades ago": when is not said
    d = _parse(f"{n} {unit}s ago", anchor, "past")
    if d is None:
        return _UNRESOLVED_REL
    if unit == "day":
        return _Res(d, "day", "relative", d)
    if unit == "week":
        return _from_range(d - timedelta(days=3), d + timedelta(days=3), "relative")
    if unit == "month":
        return _Res(date(d.year, d.month, 1), "month", "relative", _month_end(d.year, d.month))
    return _Res(date(d.year, 1, 1), "year", "relative", date(d.year, 12, 31))


def _resolve_weekday(g: dict, anchor: date, future: bool) -> _Res:
    wd = WEEKDAYS[g["wd"].lower()]
    rel = (g.get("rel") or "").lower()
    if rel == "last":
        d = _parse(f"last {calendar.day_name[wd]}", anchor, "past")
        d = d or anchor - timedelta(days=(anchor.weekday() - wd) % 7 or 7)
        return _Res(d, "day", "relative", d)
    ahead = rel in ("next", "coming") or (future and rel != "past")
    if ahead:
        d = anchor + timedelta(days=(wd - anchor.weekday()) % 7 or (7 if rel == "next" else 0))
    else:
        # News convention: "on Monday" is the latest Monday on or before publication.
        d = anchor - timedelta(days=(anchor.weekday() - wd) % 7)
    return _Res(d, "day", "relative", d, ahead and d > anchor)


def _resolve_period(rel: str, unit: str, anchor: date) -> _Res:
    offset = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[rel]
    ahead = offset > 0
    if unit == "year":
        y = anchor.year + offset
        return _Res(date(y, 1, 1), "year", "relative", date(y, 12, 31), ahead)
    if unit == "month":
        first = _add_months(date(anchor.year, anchor.month, 1), offset)
        return _Res(first, "month", "relative", _month_end(first.year, first.month), ahead)
    lo, hi = _week(anchor, offset)
    if offset == 0:
        hi = anchor  # "this week", said of the past: up to publication
    return _from_range(lo, hi, "relative", future=ahead)


def _resolve_window(g: dict, anchor: date) -> _Res:
    win = " ".join(g["win"].lower().split())
    unit = g["unit"].lower().rstrip("s")
    plural = g["unit"].lower().endswith("s")
    n = _number(g.get("n")) if g.get("n") else (None if plural else 1)  # "the coming weeks": how many?
    if n is None:
        return _Res(None, "unresolved", "relative", None, win in _words().windows)
    span_days = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3650}[unit] * n
    if win in _words().windows:  # ahead of publication: a horizon, not a date an event happened
        return _from_range(anchor, anchor + timedelta(days=span_days), "relative", future=True)
    return _from_range(anchor - timedelta(days=span_days), anchor, "relative")


# --------------------------------------------------------------------------------------------------
# Clause future-ness and targets
# --------------------------------------------------------------------------------------------------

_FUTURE_TEXT = re.compile(
    r"\b(?:will|shall|would|going\s+to|won't|plans?\s+to|planned|planning|scheduled|expected\s+to|is\s+set\s+to|"
    r"are\s+set\s+to|due\s+to|intends?\s+to|aims?\s+to|hopes?\s+to|vow(?:ed|s)?\s+to|pledged?\s+to|promised?\s+to)\b|'ll\b",
    re.I,
)


def date_governor(t):
    """The verb (or adjective such as 'due') a date expression's root hangs from (the token itself at the root)."""
    x = t
    for _ in range(40):
        if x.pos_ in ("VERB", "AUX") or x.head.i == x.i:
            return x
        x = x.head
    return x


def medium_governor(gov):
    """The verb a date on a message's participle dates: for "[In a statement released on Tuesday], the ministry
    condemned ..." the verb the adjunct holding the message noun hangs from (class ``medium_noun``), since the
    statement was made when the message was released; ``gov`` itself otherwise."""
    noun = gov.head
    if gov.dep_ != "acl" or gov.tag_ != "VBN" or noun.lemma_.lower() not in _words().medium_nouns:
        return gov
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.head.pos_ not in ("VERB", "AUX"):
        return gov
    return prep.head


_PAST_AUX = frozenset({"had", "was", "were", "did", "'d"})
_PAST_TEXT = re.compile(r"\b(?:had|was|were|did)\b", re.I)


def _tense_span(root) -> str | None:
    """``future`` when the clause governing the expression is about the future: "will meet on Monday",
    "is going to meet", "plans to meet on Monday" (the date hangs from the planned act), "scheduled for
    Sunday", "due on Friday" (a participle or adjective of planning), but not "pledged on Monday" (the
    pledge's own date); ``past`` for a past-tense clause ("had withdrawn by March"); else None."""
    w = _words()
    gov = date_governor(root)
    if gov.lemma_.lower() in w.plan_verbs and (gov.tag_ in ("VBN", "JJ") or gov.pos_ == "ADJ"):
        return "future"
    auxes = [c.lower_ for c in gov.children if c.dep_ in ("aux", "auxpass")]
    if any(a in w.future_aux for a in auxes):
        return "future"
    head = gov.head
    if gov.dep_ == "xcomp" and head.i != gov.i:
        if head.lemma_.lower() in w.plan_verbs or (head.lemma_.lower() == "go" and head.tag_ == "VBG"):
            return "future"
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in w.future_aux for c in head.children):
            return "future"
    if gov.tag_ == "VBD" or any(a in _PAST_AUX for a in auxes):
        return "past"
    return None


def _tense_text(text: str, start: int) -> str | None:
    """The same from words alone (plain-text input): a future or past auxiliary earlier in the clause."""
    clause = re.split(r"[.;:!?]", text[:start])[-1]
    if _FUTURE_TEXT.search(clause):
        return "future"
    if _PAST_TEXT.search(clause):
        return "past"
    return None


def _target_cue(f: _Found) -> bool:
    """Introduced by "by", "until", "no later than"... (a deadline when it lies ahead)."""
    g = f.m.groupdict()
    preps = _words().target_preps
    return any(" ".join((g.get(k) or "").lower().split()) in preps for k in ("tprep", "prep", "mprep", "yprep"))


def _is_target(f: _Found, r: _Res, published: date | None, tense: str | None, after_days: int) -> bool:
    """A deadline, horizon or planned date: not when an event happened."""
    ahead = r.future or tense == "future" or (tense != "past" and _target_cue(f))
    if published is None:
        return ahead
    last = r.end or r.date
    if r.date is not None and r.date > published + timedelta(days=after_days):
        return True
    # "by 2050", "will meet on Friday" (ahead); not "until 2020", "was to meet in 2019" (over by now)
    return ahead and (last is None or last >= published)


def _appointed_time(root, start: int) -> bool:
    """The expression is the object of a preposition of appointed time (class ``appointed_prep``: "ordered a new
    trial for 2025", "a hearing set for March 3") standing before it, outside the expression ("for the past two
    years" is a span of its own): the time of the thing appointed, not of the act that set it."""
    prep = root.head
    return root.dep_ == "pobj" and prep.dep_ == "prep" and prep.idx < start and prep.lower_ in _words().appointed_preps


# --------------------------------------------------------------------------------------------------
# The time of a clause without a date
# --------------------------------------------------------------------------------------------------

PERFECT_AUX = frozenset({"have", "has", "had", "'ve", "'d", "having"})


def _clause_head(verb):
    """The verb whose auxiliaries and subordinator a conjoined verb shares ("has visited and signed")."""
    x = verb
    for _ in range(8):
        if x.dep_ != "conj" or x.head.i == x.i or any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in x.children):
            return x
        x = x.head
    return x


def temporal_clause(verb):
    """The subordinator of the temporal clause the verb heads ("before Russia invaded", "after meeting X"),
    or None: such a clause is set before or after the time of the clause it modifies (Quirk et al.
    15.25-15.27), so neither that clause's date nor the report's day is its own."""
    head = _clause_head(verb)
    subs = _words().temporal_subordinators
    if head.head.i != head.i:  # a subordinate clause: "before Russia invaded" (advcl, or pcomp of "than")
        for c in head.children:
            if c.dep_ == "mark" and c.lower_ in subs:
                return c
    if head.dep_ == "pcomp" and head.head.dep_ == "prep" and head.head.lower_ in subs:
        return head.head
    return None


def across_temporal_clause(verb, governor) -> bool:
    """Is ``governor`` above the temporal clause holding ``verb`` ("China's presence today remains smaller than
    before Russia invaded Ukraine": "today" is not when Russia invaded)?"""
    x = verb
    for _ in range(40):
        if x.i == governor.i or x.head.i == x.i:
            return False
        if x.pos_ in ("VERB", "AUX") and temporal_clause(x) is not None:
            head = _clause_head(x)
            return any(a.i == governor.i for a in ancestors(head))
        x = x.head
    return False


def undated_reason(
    verb,
    *,
    lede: bool = False,
    speech: bool = False,
    published: date | None = None,
    sentence_dates: Sequence[DateMention] = (),
    background_after_days: int = TARGET_AFTER_DAYS,
    summary: bool = False,
) -> str | None:
    """Why an act with no date expression did not happen on its report's day, or None when nothing says so.

    English marks a time apart from the report's in the verb group and the clause (Quirk et al. 4.17-4.24,
    15.25): the perfect (``perfect``: the present perfect places an act at an unstated time up to now, it
    excludes a definite past time, "*has banned it yesterday"; the past perfect before another past time),
    a temporal clause (``temporal_clause``: "before Russia invaded"), or a habitual or iterative adverb
    (``habitual``: "have persistently alleged", "often clash").  ``lede``: the story's first sentence, where
    news uses the present perfect for the day's news ("hot news", Quirk 4.22), so there it is no reason; nor
    is it with an adverb of the recent past ("has just signed", "now has decided": class ``recent``).  ``summary``:
    the sentence that completes the story's Summary, right after the lede (van Dijk 1988, News as Discourse: the
    headline and lead summarise the day's news; ``setting.OCCASION_SENTENCES``): there too a present perfect is the
    day's news ("Opposition lawmakers have spoken out against the action"), unless a span adjunct makes it a state
    lasting up to now ("has been held for months", "has ruled since 2019": ``_span_adjunct``); the caller leaves
    out a perfect reported by a verb of saying ("noted that Beijing has rejected the ruling").

    With the sentence's date expressions and the publication day, more reasons (the act is then left undated
    rather than given a wrong day; each is ``None`` without its inputs):

    - ``anaphoric``: a time-relationship adverb on the act ("a court later sentenced him", "had previously
      been jailed"; Quirk et al. 8.67-8.74): its time is relative to another one the sentence does not give;
    - ``then_description``: a participant described as of the act's time by a premodifying "then" ("arrested the
      then interior minister", "met then-President Bush"; Merriam-Webster, then adj.: "existing or acting at or
      belonging to the time mentioned"): the description held at the act's time and no longer at the report's,
      so the act lies before it;
    - ``present_state``: an act stated in the simple present, or a participle adjunct of a present-tense
      clause ("are also in jail, facing trial"): the present tense of news prose states what holds or recurs
      at the report's time (Quirk et al. 4.5-4.8), not an act done that day; speech acts apart ("X says"
      reports the day's statement);
    - ``background``: the sentence is placed in a time long before the report by an expression the act does
      not take as its own date, on a governing or coordinate clause ("said in 2019 that troops attacked",
      "...; Russia adopted a colonial policy during the 19th century"): the sentence is background or history
      (van Dijk's news schema), and the report's day is not the act's.

    ``background_after_days``: an expression counts as before the report when it ends more than this many days
    before publication (the tolerance of report dates, TARGET_AFTER_DAYS)."""
    head = _clause_head(verb)
    words = _words()
    in_dates = {i for dm in sentence_dates for i in range(dm.start, dm.end)}
    adverbs = [c for c in (*verb.children, *head.children) if c.dep_ == "advmod" and c.idx not in in_dates]
    if any(c.lower_ in words.habitual for c in adverbs):
        return "habitual"
    if temporal_clause(verb) is not None:
        return "temporal_clause"
    perfect = [c.lower_ for c in head.children if c.dep_ == "aux" and c.lower_ in PERFECT_AUX]
    recent = any(c.lower_ in words.recent for c in adverbs)
    hot_news = summary and perfect[:1] in (["has"], ["have"], ["'ve"]) and not _span_adjunct(verb, head)
    if (
        verb.tag_ == "VBN"
        and perfect
        and not (lede or recent or hot_news or (_reported(head) and perfect[0] in ("had", "'d")))
    ):
        return "perfect"
    if published is None:
        return None
    if then_described(head):
        return "then_description"  # "Police arrested the then interior minister"
    if not lede and any(c.lower_ in words.anaphoric for c in adverbs):
        return "anaphoric"  # in the lede such an adverb orders the lede's own acts ("and later killed 50")
    if not speech and _present_state(verb):
        return "present_state"
    if any(_long_before(dm, published, background_after_days) and _frames(dm, verb) for dm in sentence_dates):
        return "background"
    return None


def _span_adjunct(verb, head) -> bool:
    """Does the verb or its clause head take a span adjunct ("for months", "since 2019", "since the coup"): the
    perfect then states a situation lasting up to now (Quirk et al. 4.20-4.21, 8.57), not a day's news?"""
    return any(c.dep_ == "prep" and c.lower_ in ("for", "since") for c in (*verb.children, *head.children))


# Dependencies by which a noun phrase is a participant of its verb: subject, object, dative or attribute (then_described
# adds the objects of its prepositions and its agent).
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "dative", "attr"})


def then_described(head) -> bool:
    """Is a participant of the clause ``head`` heads premodified by "then" ("the then interior minister",
    "then-President Bush")?  Only the verb's own subject, object or prepositional object (or an apposition of
    one): inside a complement ("accused of aiding rebels fighting then-president Gbagbo") the word dates the
    complement's act, not this one."""
    nouns = [c for c in head.children if c.dep_ in _ARGUMENT_DEPS]
    nouns += [g for c in head.children if c.dep_ in ("prep", "agent") for g in c.children if g.dep_ == "pobj"]
    nouns += [a for n in nouns for a in n.children if a.dep_ == "appos"]
    premodifiers = (t for n in nouns for left in n.lefts for t in left.subtree)  # "then-President Bozize" too
    return any(t.lower_ == "then" and t.dep_ in ("amod", "advmod", "compound", "nmod") for t in premodifiers)


def inside_time_adjunct(root, stops, span: tuple[int, int] | None = None) -> bool:
    """Is the date expression whose root token is ``root`` inside a time adjunct that lies below the act (a
    clause or phrase headed by "after", "before", "since", ...: class ``temporal_adjunct``), on its way up to one
    of ``stops`` (token indices: the act's anchor, its event noun and their governors)?  Such an adjunct orders
    the act relative to another event (Quirk et al. 9.36-9.43, 15.25-15.27): in "Yoon retracted his statement
    after the group was created in April 2023" or "Before the election this month, he visited Taiwan in
    August", the expression dates that other event, not the act.  An expression that is itself the object of
    the preposition ("after Monday") is not inside one: it is read as before.  ``span``: the expression's
    character offsets, when its root may lie outside it (a root is the token spaCy's span alignment gives)."""
    adjuncts = _words().temporal_adjuncts
    own = span is None or span[0] <= root.idx < span[1]
    x = root
    if own and root.dep_ == "prep" and root.lower_ in adjuncts and root.head.i != root.i:
        x = root.head  # the expression is the adjunct's own object with its preposition ("since Feb. 24")
    if span is not None and root.dep_ == "npadvmod" and root.i > 0:
        # a bare time noun phrase right after a noun post-modifies it ("the election this month", "the meeting
        # yesterday": Quirk et al. 17.53; right association, Kimball 1973), whatever the parser hangs it from
        first = next((t for t in root.doc[max(0, root.i - 6) : root.i + 1] if t.idx >= span[0]), root)
        before = root.doc[first.i - 1] if first.i > 0 else None
        if before is not None and before.pos_ in ("NOUN", "PROPN") and before.i not in stops:
            x = before
    for _ in range(40):
        if x.i in stops or x.head.i == x.i:
            return False
        if x.pos_ in ("VERB", "AUX") and any(c.dep_ == "mark" and c.lower_ in adjuncts for c in x.children):
            return True  # "after the group was created in April 2023"
        if x.dep_ == "prep" and x.lower_ in adjuncts and not (own and root.dep_ == "pobj" and root.head.i == x.i):
            return True  # "before Japan's own election this month", "after meeting him on Monday"
        x = x.head
    return False


@dataclass(frozen=True)
class Offset:
    """A time adjunct measured from its main clause, holding an act: "[two days after] Erdogan denounced Israel"
    (sign -1: the act is that long before the main clause's time), "[a day after] an attack on a train"."""

    sign: int
    count: int | None  # None: "days after" without a number
    unit: str  # hour|day|week|month|year
    main: object  # the main clause's verb (spaCy token)
    adjunct: object  # the adjunct's head (the act's verb, or the preposition): its subtree is the adjunct
    text: str


def _measure(tok) -> tuple[int | None, str] | None:
    """(count, unit) of a measure phrase ("two days", "a day", "48 hours", "days"), or None."""
    w = _words()
    unit = tok.lemma_.lower()
    if unit not in (w.offset_units or {}):
        return None
    count = None
    for c in tok.children:
        if c.dep_ == "nummod":
            count = _number(c.text.replace(",", ""))
        elif c.dep_ == "det" and c.lower_ in ("a", "an", "one"):
            count = 1
    return count, unit


def offset_adjunct(token) -> Offset | None:
    """The measured time adjunct whose act is ``token`` (the trigger's verb or event noun), or None: a clause
    "two days after X did" (the measure phrase hangs from its verb or from "after"), also with the act in a
    clause the adjunct's verb reports ("a day after the Taliban reported that they had barred him"), or a phrase
    "a day after an attack" (the preposition hangs from the measure phrase, which modifies the main clause's
    verb)."""
    w = _words()
    offsets = w.offsets or {}
    doc = token.doc
    if token.pos_ in ("VERB", "AUX"):
        v = _clause_head(token)
        for _ in range(2):  # an act reported in the adjunct ("a day after the Taliban reported they had barred him")
            if v.dep_ != "ccomp" or any(c.dep_ == "mark" and c.lower_ in offsets for c in v.children):
                break
            v = _clause_head(v.head)
        mark = next((c for c in v.children if c.dep_ == "mark" and c.lower_ in offsets), None)
        if mark is None or v.head.i == v.i:
            return None
        # the measure hangs from the adjunct's verb, from "after", or from the main verb just before "after"
        beside = [c for c in v.head.children if c.dep_ == "npadvmod" and c.right_edge.i + 1 == mark.i]
        for m in (*v.children, *mark.children, *beside):
            if m.dep_ == "npadvmod" and (found := _measure(m)) is not None:
                text = doc[m.left_edge.i : mark.i + 1].text
                return Offset(offsets[mark.lower_], found[0], found[1], v.head, v, text)
        return None
    prep = token.head
    if token.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in offsets:
        return None
    for m in (prep.head, *prep.children):
        if m.dep_ == "npadvmod" and (found := _measure(m)) is not None:
            main = date_governor(m.head if m.i == prep.head.i else prep.head)
            text = doc[m.left_edge.i : prep.i + 1].text
            return Offset(offsets[prep.lower_], found[0], found[1], main, prep, text)
    return None


def shift_by_offset(day: date, precision: str, off: Offset) -> tuple[date | None, str]:
    """The act's (date, precision) from its main clause's time and the measured offset; (None, 'unresolved')
    when the measure has no number ("days after"): the act is earlier (or later) by an unstated time."""
    if off.count is None:
        return None, "unresolved"
    n = off.sign * off.count
    if off.unit in ("hour", "day", "week"):
        days = round(off.count / 24) if off.unit == "hour" else off.count * (_words().offset_units or {})[off.unit]
        return day + timedelta(days=off.sign * days), ("day" if precision in ("day", "report") else precision)
    if off.unit == "month":
        return _add_months(day.replace(day=1), n), ("month" if precision in ("day", "report", "month") else precision)
    return date(day.year + n, 1, 1), "year"


_POINTS_BACK = re.compile(r"\b(?:last|past|ago|yesterday|earlier|previous)\b", re.I)


def points_back(dm: DateMention) -> bool:
    """Does the expression itself denote a time before the report ("this past Tuesday", "last week", "two days
    ago", "yesterday")?  Such a time cannot be when a planned or promised act will happen, so on the verb of a
    decision or pledge ("decided to remove them this past Tuesday") it dates the decision."""
    return not dm.is_target and dm.date is not None and _POINTS_BACK.search(dm.text) is not None


def narrative_dates(
    per_sentence: Sequence[Sequence[DateMention]],
    index: int,
    paragraphs: Sequence[int] | None = None,
    *,
    max_back: int = 2,
) -> list:
    """The date expressions of the nearest sentence before ``index`` that has one that is not a target: the
    discourse's reference time for a following past-tense act (``narrative_time``).  At most ``max_back``
    sentences back and, when ``paragraphs`` (a paragraph number per sentence) is given, within the sentence's
    own paragraph: a news paragraph is one unit of the story and a new one often moves to another time.
    ``max_back``: two sentences, a news paragraph's usual length."""
    for j in range(index - 1, max(index - 1 - max_back, -1), -1):
        if paragraphs is not None and paragraphs[j] != paragraphs[index]:
            break
        found = [dm for dm in per_sentence[j] if not dm.is_target]
        if found:
            return found
    return []


def paragraph_numbers(text: str, sents: Sequence) -> list[int]:
    """Per sentence (spaCy spans of ``text``, in order), the number of its paragraph: paragraphs of a cleaned
    document are separated by a blank line."""
    out, para, pos = [], 0, 0
    for s in sents:
        para += text.count("\n\n", pos, max(pos, s.start_char))
        pos = max(pos, s.start_char)
        out.append(para)
    return out


def narrative_time(
    verb,
    earlier_dates: Sequence[DateMention],
    published: date | None,
    *,
    lede: bool = False,
    sentence_dates: Sequence[DateMention] = (),
    after_days: int = TARGET_AFTER_DAYS,
) -> DateMention | None:
    """The time a past-tense act with no time expression of its own takes from the discourse, when that time is
    not the report's: a simple past takes its reference time from the last time the text set (Webber 1988,
    "Tense as discourse anaphor"; Kamp & Reyle 1993, 5.2), so in "In 2019, police raided the office. They
    arrested five people." the arrest is in 2019, not on the report's day.  ``earlier_dates``: the expressions
    of the nearest earlier sentence of the same paragraph that has one (``narrative_dates``); its last one
    that is no target is the reference time, and it is returned when it ends more than ``after_days`` before
    publication (its date may be None: "in the 1990s" leaves the act undated).  None in the lede, which sets
    the story's own time, for an act not in the past tense, in a sentence with a time expression of its own
    (``sentence_dates``: "On Thursday, officials said troops were deployed"), or when the reference time is
    the report's."""
    if lede or published is None or not past_tense(verb) or any(not dm.is_target for dm in sentence_dates):
        return None  # a sentence with a time expression of its own sets its own time
    doc = verb.doc
    last = next((dm for dm in reversed(earlier_dates) if not dm.is_target and not comparison_standard(doc, dm)), None)
    if last is None or not (_long_before(last, published, after_days) or recent_past(last)):
        return None
    return last


def comparison_standard(doc, dm: DateMention, *, max_up: int = 4) -> bool:
    """Is the date expression the standard of a comparison ("a 10.1% increase from the previous year", "an almost
    tenfold increase compared to 2019", "surged from 88 in 2023 to 388 in 2024")?  Such a date names the period a
    figure is measured against (Quirk et al. 15.63-15.70, the standard of comparison), not a time the story sets
    its acts in, so it is no reference time for the acts told after it (``narrative_time``).  Found by a
    preposition of comparison (``comparison_prep``) whose head is a word of comparison or change
    (``comparison_head``), at most ``max_up`` steps above the expression's root, below any other verb."""
    if dm.root_i is None or not 0 <= dm.root_i < len(doc):
        return False
    words = _words()
    x = doc[dm.root_i]
    for _ in range(max_up):
        if x.head.i == x.i:
            return False
        if x.dep_ == "prep" and x.lower_ in words.comparison_preps and x.head.lemma_.lower() in words.comparison_heads:
            return True
        if x.pos_ in ("VERB", "AUX") and x.lemma_.lower() not in words.comparison_heads:
            return False  # a clause of its own: the expression dates its act
        x = x.head
    return False


# Additive adjuncts: "also", "too", "likewise" presuppose a parallel proposition told before (Quirk et al.
# 8.116-8.118, additive subjuncts).
ADDITIVE_ADVERBS = frozenset({"also", "too", "likewise", "similarly"})
# How many sentences back the parallel act may be told: a news story tells an act's parts over a few paragraphs.
PARALLEL_MAX_BACK = 6


@dataclass(frozen=True)
class ToldAct:
    """A dated act told earlier in the story: its sentence, date, precision and date expression."""

    sentence: int
    date: date
    precision: str
    text: str | None


def parallel_time(
    verb,
    told: ToldAct | None,
    index: int,
    published: date | None,
    *,
    sentence_dates: Sequence[DateMention] = (),
    max_back: int = PARALLEL_MAX_BACK,
    after_days: int = TARGET_AFTER_DAYS,
) -> ToldAct | None:
    """The time of an act told with an additive adverb ("The court also ordered the school to ...") after an act of
    the same category and verb dated earlier in the story ("The court on Jan. 14 ordered all schools to ..."):
    "also" presupposes the parallel act (Quirk et al. 8.116), and a past-tense act with no time of its own shares
    the reference time of the proposition it adds to (Webber 1988; Kamp & Reyle 1993), so it happened then, not
    on the report's day.  ``told``: the last such dated act (same category and verb lemma) in sentence
    ``told.sentence``; used only within ``max_back`` sentences, when that time ends more than ``after_days``
    before publication, and when the sentence has no time expression of its own."""
    if told is None or published is None or not past_tense(verb) or index - told.sentence > max_back:
        return None
    if any(not dm.is_target for dm in sentence_dates):
        return None
    if not any(c.dep_ == "advmod" and c.lower_ in ADDITIVE_ADVERBS for c in verb.children):
        return None
    if told.date >= published - timedelta(days=after_days):
        return None
    return told


# A period just before the report that a coarse precision hides ("last week" in a week across a month's end is
# a month or year to the calendar, yet it lies wholly before the report): it sets a past reference time too.
_RECENT_PAST = re.compile(
    r"\b(?:last|past|previous)\s+(?:week|weekend|month)\b|\bearlier\s+(?:this|in\s+the)\s+(?:week|month)\b"
    r"|\b(?:days|weeks)\s+ago\b",
    re.I,
)


def recent_past(dm: DateMention) -> bool:
    """Is the expression a period just before the report ("last week", "earlier this month", "days ago")?"""
    return dm.date is not None and not dm.is_target and _RECENT_PAST.search(dm.text) is not None


def before_report(dm: DateMention, published: date | None, *, after_days: int = TARGET_AFTER_DAYS) -> bool:
    """Does a resolved expression lie wholly before the report, beyond the tolerance of report days?"""
    return published is not None and dm.date is not None and _long_before(dm, published, after_days)


def _long_before(dm: DateMention, published: date, after_days: int) -> bool:
    """Does the expression lie wholly before the report (beyond the tolerance), or name a past period with no
    date ("the 1990s", "the 19th century")?"""
    if dm.is_target:
        return False
    if dm.date is None:
        return dm.source == "sentence"  # decades, ranges, centuries; not "recently" or "days later"
    end = {"day": dm.date, "month": None, "year": date(dm.date.year, 12, 31)}.get(dm.precision, dm.date)
    if dm.precision == "month":
        end = _month_end(dm.date.year, dm.date.month)
    return end < published - timedelta(days=after_days)


def _frames(dm: DateMention, verb) -> bool:
    """Does the expression place the act's sentence in time: on a clause governing the act or coordinate with
    it, not inside a modifier of one of its participants ("Kenya, which launched an operation in 2015, ...")?"""
    if dm.root_i is None:
        return True
    doc = verb.doc
    above = {a.i for a in ancestors(verb)}
    x = doc[dm.root_i]
    for _ in range(40):
        if x.i == verb.i:
            return False  # inside the act's own phrase, not where it is attached: another event's time
        if x.i in above:
            return True
        if x.dep_ in ("relcl", "acl", "appos", "amod", "compound") or x.head.i == x.i:
            return x.head.i == x.i  # reached the root through clauses only: a coordinate clause
        x = x.head
    return False


def describes_participant(clause) -> bool:
    """Is ``clause`` (a verb) a relative clause describing a participant ("a politician who criticized the
    president", "countries that initially agreed to send troops")?  Such a clause tells an act at a time of its
    own (Quirk et al. 17.9-17.15).  Not an adverbial relative ("in 2013, when rebels seized power", "the region,
    where forces clashed"), which is set at its head's time or place, nor a clause on a time noun ("the day
    troops attacked"), nor a cleft ("it was the leader who was killed": Quirk 18.25, one clause split for focus)."""
    if clause.dep_ != "relcl" or clause.head.i == clause.i:
        return False
    head = clause.head
    if any(c.dep_ == "advmod" and c.lower_ in ("when", "where", "whereby") for c in clause.children):
        return False
    if head.ent_type_ in ("DATE", "TIME") or head.lemma_.lower() in _TIME_HEADS:
        return False
    copula = head.head
    return not (
        head.dep_ == "attr"
        and copula.lemma_ == "be"
        and any(c.dep_ == "expl" or c.lower_ == "it" for c in copula.children)
    )


# Nouns of time a relative clause can date ("the day when", "the week that"): such a clause is dated by its head.
_TIME_HEADS = frozenset({"day", "week", "month", "year", "time", "moment", "night", "morning", "evening", "hour"})


def _present_state(verb) -> bool:
    """The act's clause is in the simple present: a present-tense verb with no future or perfect auxiliary,
    or a progressive participle adjunct (no auxiliary of its own) of a present-tense clause."""
    if verb.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return True
    # a progressive participle only: a past participle adjunct is a completed act ("is dead, killed in a strike")
    if (
        verb.tag_ == "VBG"
        and verb.dep_ == "advcl"
        and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "mark") for c in verb.children)
    ):
        head = verb.head
        return head.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in head.children)
    return False


def past_tense(verb) -> bool:
    """A simple past, active or passive ("attacked", "was arrested"); an event noun takes its verb's tense."""
    x = verb
    for _ in range(6):
        if x.pos_ in ("VERB", "AUX") or x.head.i == x.i:
            break
        x = x.head
    if x.tag_ == "VBG" and x.dep_ in ("advcl", "conj") and not any(c.dep_ in ("aux", "nsubj") for c in x.children):
        x = x.head  # a participle adjunct has no tense of its own, it shares its main clause's (Quirk et al. 15.58)
    if x.tag_ == "VBD":
        return True
    return x.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("was", "were") for c in x.children)


def _reported(clause) -> bool:
    """The clause is the object of a past-tense verb ("said it had killed ten"): reported speech backshifts the
    speaker's tenses (Quirk et al. 14.31), so a past perfect there is as often the speaker's simple past."""
    return clause.dep_ == "ccomp" and clause.head.tag_ == "VBD"


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------


def _as_date(d) -> date | None:
    if d is None:
        return None
    return d.date() if isinstance(d, datetime) else d


def find_dates(
    sent,
    published: date | datetime | None,
    *,
    context: date | None = None,
    max_future_days: int = MAX_FUTURE_DAYS,
    target_after_days: int = TARGET_AFTER_DAYS,
    date_ents: list | None = None,
) -> list[DateMention]:
    """Every date expression of a sentence (spaCy Span or str), resolved against ``published``.

    ``context`` is the nearest day-precise date earlier in the text ("the next day" counts from it; it
    is updated by day-precise dates found earlier in this sentence).  ``max_future_days`` decides the
    year of a month and day written without one; a date more than ``target_after_days`` after
    publication is always marked ``is_target``.  Offsets are document offsets for a
    Span (with ``root_i`` set) and text offsets for a str.  ``date_ents``: the Span's DATE entities when
    the caller has them (see ``_with_entities``).  Never raises on arbitrary text.
    """
    published = _as_date(published)
    is_span = not isinstance(sent, str)
    text = span_text(sent) if is_span else str(sent)
    base = sent.start_char if is_span else 0
    found = _scan(text)
    if is_span:
        found = _with_entities(sent, text, found, date_ents)
    anchor = published or context
    out = []
    for f in found:
        root = None
        if is_span:
            span = sent.doc.char_span(base + f.start, base + f.end, alignment_mode="expand")
            root = span.root if span is not None and len(span) else None
        tense = _tense_span(root) if root is not None else _tense_text(text, f.start)
        try:
            r = _resolve_found(f, anchor, context, tense, max_future_days, parsed=root is not None)
            if r is None:
                continue
            target = _is_target(f, r, published, tense, target_after_days) or (
                root is not None and _appointed_time(root, base + f.start)
            )
        except (OverflowError, ValueError):  # a date at the edge of the calendar (year 1 or 9999)
            r, target = _UNRESOLVED_REL, False
        out.append(
            DateMention(
                start=base + f.start,
                end=base + f.end,
                text=text[f.start : f.end],
                date=r.date,
                precision=r.precision,
                source=r.source,
                is_target=target,
                root_i=root.i if root is not None else None,
            )
        )
        if r.precision == "day" and not target:
            context = r.date  # "the next day" counts from here
    return out


def _with_entities(sent, text: str, found: list[_Found], date_ents: list | None = None) -> list[_Found]:
    """spaCy DATE entities the patterns missed, when their text is itself a date expression.

    ``date_ents``: the sentence's DATE entities when the caller has them (``Span.ents`` walks the document's
    entities from its start on every access: per sentence of a very long text that is quadratic)."""
    extra = []
    for e in sent.ents if date_ents is None else date_ents:
        if e.label_ != "DATE":
            continue
        a, b = e.start_char - sent.start_char, e.end_char - sent.start_char
        if any(a < f.end and f.start < b for f in found):
            continue
        # "2022" inside "the 2022 election" is a DATE entity with no preposition before it.
        if m := re.fullmatch(r"(?:the\s+)?(?P<y>(?:1[6-9]|20)\d{2})", e.text, re.I):
            extra.append(_Found(a, b, "year", m))
    return sorted(found + extra, key=lambda f: f.start)


def report_date(published: date | datetime | None, precision: str | None) -> tuple[date | None, str]:
    """The fallback date of an event whose sentence gives none: the report's own day.

    ``precision`` is ``documents.published_precision``; only a report dated to the day (or second)
    dates its events, as ``(day, 'report')``; otherwise ``(None, 'unresolved')``.
    """
    d = _as_date(published)
    if d is None or precision not in REPORT_PRECISIONS:
        return None, "unresolved"
    return d, "report"


def resolve(
    text: str,
    published: date | None,
    context: date | None = None,
    *,
    future: bool = False,
    max_future_days: int = MAX_FUTURE_DAYS,
) -> Resolved:
    """Resolve one date expression (the first one found in ``text``); ``context`` is the nearest
    explicit date earlier in the text.  ``future`` says the clause is about the future."""
    t = " ".join(text.split())
    found = _scan(t)
    if not found:
        return Resolved(None, "unresolved", t)
    f = found[0]
    anchor = published or context
    try:
        r = _resolve_found(f, anchor, context, "future" if future else _tense_text(t, f.start), max_future_days)
    except (OverflowError, ValueError):
        r = None
    if r is None or r.date is None:
        return Resolved(None, "unresolved", t)
    return Resolved(r.date, r.precision, t)


def find_date_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of date expressions in ``text`` (non-overlapping, left to right)."""
    return [(f.start, f.end) for f in _scan(text)]
