"""Resolve explicit and relative date expressions against a publication date or the text's own dates.

Rules (news convention): a bare weekday ("on Tuesday") is the latest such day on or before the
anchor (the next one when the clause is in the future tense); "the next day" counts from the
nearest explicit date earlier in the text; a month-day without a year takes the anchor's year, or
the year before when that would put a past event more than a week after publication; seasons and
"early/late <year>" give year precision. Anything that cannot be pinned down is ``unresolved``,
never guessed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

# Output of resolve(): one resolved expression.
RESOLVED_DATE_SCHEMA = {"date": "date|None", "precision": "day|month|year|unresolved", "text": "str"}

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTH_RE = r"(?:" + "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True)) + r")\.?"
_WEEKDAY_RE = r"(?:" + "|".join(WEEKDAYS) + r")"
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
    "an": 1,
    "several": None,
    "few": None,
}

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MDY = re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?", re.I)
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})(?:,?\s+(\d{{4}})\b)?", re.I)
_MY = re.compile(rf"\b({_MONTH_RE})(?:\s+of)?,?\s+(\d{{4}})\b", re.I)
_MONTH_LAST_YEAR = re.compile(rf"\b({_MONTH_RE})\s+(?:of\s+)?(last|this|next)\s+year\b", re.I)
_MONTH_ONLY = re.compile(rf"\b(?:in\s+|early\s+|late\s+|mid-?\s*)?({_MONTH_RE})\b", re.I)
_YEAR = re.compile(r"\b(1[89]\d{2}|20\d{2})\b")
_WEEKDAY = re.compile(rf"\b({_WEEKDAY_RE})\b", re.I)
_REL_DAY = re.compile(
    r"\b(?P<w>today|tonight|this (?:morning|afternoon|evening)|yesterday|tomorrow|"
    r"(?:the )?(?:next|following|previous) day|the day (?:before|after)|a day (?:later|earlier|before)|"
    r"(?P<n>\w+) days? (?P<dir>later|earlier|ago|before))\b",
    re.I,
)
_REL_PERIOD = re.compile(r"\b(last|this|next|past|previous) (year|month|week)\b", re.I)
_VAGUE = re.compile(
    r"\b(recent(?:ly)?|soon|earlier|later|lately|near future|in the future|shortly|days? ago|weeks? ago|"
    r"years? ago|decades?|centur(?:y|ies)|the \d{4}s|\d{4}s)\b",
    re.I,
)


@dataclass(frozen=True)
class Resolved:
    date: date | None
    precision: str
    text: str


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _weekday_before(anchor: date, weekday: int, future: bool) -> date:
    if future:
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def resolve(
    text: str,
    published: date | None,
    context: date | None = None,
    *,
    future: bool = False,
    max_future_days: int = 7,
) -> Resolved:
    """Resolve one date expression; ``context`` is the nearest explicit date earlier in the text."""
    t = " ".join(text.split())
    anchor = published or context
    year_anchor = anchor.year if anchor else None

    def year_for(month: int, day: int = 1) -> int | None:
        # A past event cannot lie (much) after publication: roll back a year (e.g. "on December 30" in a January story).
        if year_anchor is None:
            return None
        y = year_anchor
        cand = _safe(y, month, min(day, 28) if day else 1)
        if not future and anchor and cand and cand > anchor + timedelta(days=max_future_days):
            y -= 1
        return y

    if m := _ISO.search(t):
        d = _safe(int(m[1]), int(m[2]), int(m[3]))
        return Resolved(d, "day" if d else "unresolved", t)
    if m := _MDY.search(t):
        month, day = MONTHS[m[1].lower().rstrip(".")], int(m[2])
        y = int(m[3]) if m[3] else year_for(month, day)
        d = _safe(y, month, day) if y else None
        return Resolved(d, "day" if d else "unresolved", t)
    if m := _DMY.search(t):
        month, day = MONTHS[m[2].lower().rstrip(".")], int(m[1])
        y = int(m[3]) if m[3] else year_for(month, day)
        d = _safe(y, month, day) if y else None
        return Resolved(d, "day" if d else "unresolved", t)
    if m := _MONTH_LAST_YEAR.search(t):
        if year_anchor is None:
            return Resolved(None, "unresolved", t)
        offset = {"last": -1, "this": 0, "next": 1}[m[2].lower()]
        return Resolved(date(year_anchor + offset, MONTHS[m[1].lower().rstrip(".")], 1), "month", t)
    if m := _MY.search(t):
        return Resolved(date(int(m[2]), MONTHS[m[1].lower().rstrip(".")], 1), "month", t)
    if m := _REL_DAY.search(t):
        w = m["w"].lower()
        if m["n"] is not None:
            n = _NUMBER_WORDS.get(m["n"].lower(), int(m["n"]) if m["n"].isdigit() else None)
            if n is None:
                return Resolved(None, "unresolved", t)
            if m["dir"].lower() == "ago":
                return (
                    Resolved(published - timedelta(days=n), "day", t) if published else Resolved(None, "unresolved", t)
                )
            base = context
            if base is None:
                return Resolved(None, "unresolved", t)
            sign = 1 if m["dir"].lower() == "later" else -1
            return Resolved(base + timedelta(days=sign * n), "day", t)
        if w in ("today", "tonight") or w.startswith("this "):
            return Resolved(anchor, "day", t) if anchor else Resolved(None, "unresolved", t)
        if w == "yesterday":
            return Resolved(anchor - timedelta(days=1), "day", t) if anchor else Resolved(None, "unresolved", t)
        if w == "tomorrow":
            return Resolved(anchor + timedelta(days=1), "day", t) if anchor else Resolved(None, "unresolved", t)
        # "the next day", "the day before": relative to the nearest explicit date in the text, not publication.
        if context is None:
            return Resolved(None, "unresolved", t)
        back = any(k in w for k in ("previous", "before", "earlier"))
        return Resolved(context + timedelta(days=-1 if back else 1), "day", t)
    if m := _WEEKDAY.search(t):
        if anchor is None:
            return Resolved(None, "unresolved", t)
        return Resolved(_weekday_before(anchor, WEEKDAYS[m[1].lower()], future), "day", t)
    if m := _REL_PERIOD.search(t):
        if anchor is None:
            return Resolved(None, "unresolved", t)
        rel, unit = m[1].lower(), m[2].lower()
        offset = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1}[rel]
        if unit == "year":
            return Resolved(date(anchor.year + offset, 1, 1), "year", t)
        if unit == "month":
            y, mo = divmod(anchor.year * 12 + anchor.month - 1 + offset, 12)
            return Resolved(date(y, mo + 1, 1), "month", t)
        # A week is only as precise as the month it falls in; otherwise unresolved.
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(days=7 * offset)
        sunday = monday + timedelta(days=6)
        if monday.month == sunday.month:
            return Resolved(date(monday.year, monday.month, 1), "month", t)
        return Resolved(None, "unresolved", t)
    if m := _YEAR.search(t):
        if re.search(r"\d{4}\s*[-–—]\s*\d{2,4}", t) or re.search(r"\b\d{4}s\b", t):
            return Resolved(None, "unresolved", t)  # ranges and decades are periods, not dates
        return Resolved(date(int(m[1]), 1, 1), "year", t)
    if m := _MONTH_ONLY.search(t):
        if year_anchor is None:
            return Resolved(None, "unresolved", t)
        month = MONTHS[m[1].lower().rstrip(".")]
        return Resolved(date(year_for(month), month, 1), "month", t)
    return Resolved(None, "unresolved", t)


# Spans in a sentence that look like date expressions (used besides spaCy DATE entities).
DATE_SPAN_RE = re.compile(
    rf"(?:\b(?:on|in|by|since|from|until|early|late|mid-?)\s+)?(?:"
    rf"\d{{4}}-\d{{2}}-\d{{2}}|"
    rf"(?:{_WEEKDAY_RE},?\s+)?{_MONTH_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|"
    rf"\d{{1,2}}\s+{_MONTH_RE}(?:\s+\d{{4}})?|"
    rf"{_MONTH_RE}\s+(?:of\s+)?(?:\d{{4}}|(?:last|this|next) year)|"
    rf"(?:the\s+)?(?:spring|summer|fall|autumn|winter)\s+of\s+\d{{4}}|"
    rf"{_WEEKDAY_RE}|today|yesterday|tomorrow|tonight|"
    rf"(?:the\s+)?(?:next|following|previous)\s+day|the\s+day\s+(?:before|after)|"
    rf"\w+\s+days?\s+(?:later|earlier|ago)|"
    rf"(?:last|this|next|past)\s+(?:year|month|week)|"
    rf"(?:late|early|mid-?)\s*{_MONTH_RE}|"
    rf"(?<![\d,.])(?:1[89]\d{{2}}|20\d{{2}})(?:\s*[-–—]\s*\d{{2,4}})?(?![\d,])"
    rf")\b",
    re.I,
)


def find_date_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of date expressions in ``text`` (non-overlapping, left to right)."""
    spans = []
    for m in DATE_SPAN_RE.finditer(text):
        s, e = m.span()
        low = m.group(0).lower()
        # "may" and "march" are also verbs: require a day or year next to them (the regex alternatives do).
        if re.fullmatch(r"(?:in\s+)?(?:may|march)", low):
            continue
        spans.append((s, e))
    return spans
