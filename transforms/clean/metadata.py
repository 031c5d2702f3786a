"""Metadata read from article text: dates, bylines, update stamps, headlines, language. Pure helpers."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime
from functools import lru_cache

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
WEEKDAYS.update({d.lower(): i for i, d in enumerate(calendar.day_abbr)})

_MONTH_RE = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_WEEKDAY_RE = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_TIME_RE = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*(?:UTC|GMT|Z))?"
# Dates as bylines and stamps write them; always with a year, so they never depend on "now".
DATE_RE = (
    rf"(?:(?:{_WEEKDAY_RE}),?\s+)?"
    rf"(?:{_MONTH_RE}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH_RE},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    rf"(?:(?:,|\s+at|\s*[-|•·])?\s+{_TIME_RE})?"
)
_DATE_AT_END = re.compile(rf"(?:\s*[,|•·–—-]\s*|\s+)(?:published|posted|updated)?:?\s*(?P<date>{DATE_RE})\s*$", re.I)

# dateparser without its relative-time parser and with a year required: "yesterday" or "May 5"
# would otherwise resolve against the wall clock and make output depend on the day of the run.
DATEPARSER_SETTINGS = {
    "TIMEZONE": "UTC",
    "TO_TIMEZONE": "UTC",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "REQUIRE_PARTS": ["year"],
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "PREFER_DAY_OF_MONTH": "first",
    "PREFER_DATES_FROM": "past",
}

_YEAR_ONLY = re.compile(r"^\s*(\d{4})\s*$")
_YEAR_MONTH = re.compile(rf"^\s*(?:(\d{{4}})-(\d{{2}})|({_MONTH_RE}),?\s+(\d{{4}}))\s*$", re.I)
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}|T\d{2}")
_HAS_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)|^\d{9,10}$")


def parse_date(raw: str | None) -> tuple[datetime | None, str]:
    """A date string to (UTC datetime, precision second|day|month|year), or (None, 'none')."""
    if not raw or not raw.strip():
        return None, "none"
    raw = raw.strip()
    if m := _YEAR_ONLY.match(raw):
        year = int(m.group(1))
        return (datetime(year, 1, 1, tzinfo=UTC), "year") if 1 <= year <= 9999 else (None, "none")
    if m := _YEAR_MONTH.match(raw):
        year = int(m.group(1) or m.group(4))
        month = int(m.group(2)) if m.group(2) else MONTHS.get(m.group(3).lower().rstrip("."), 0)
        if 1 <= month <= 12 and 1 <= year <= 9999:
            return datetime(year, month, 1, tzinfo=UTC), "month"
        return None, "none"
    if not _HAS_YEAR.search(raw) or len(raw) > 100:
        return None, "none"
    parsed = _dateparse(raw)
    if parsed is None:
        return None, "none"
    return parsed, "second" if _HAS_TIME.search(raw) else "day"


def _dateparse(raw: str) -> datetime | None:
    try:
        fromiso = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        fromiso = None
    if fromiso is not None:
        return fromiso.astimezone(UTC) if fromiso.tzinfo else fromiso.replace(tzinfo=UTC)
    import dateparser

    try:
        parsed = dateparser.parse(raw, languages=["en"], settings=DATEPARSER_SETTINGS)
    except Exception:  # dateparser raises on some odd inputs (overflowing numbers, etc.)
        return None
    if parsed is None:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# --- update stamps -----------------------------------------------------------------------------

UPDATE_STAMP = re.compile(
    r"^(?:last\s+(?:updated?|modified)|updated|modified)\s*(?:on|at)?\s*[:：\-–—]?\s*(?P<date>.*\d.*)$", re.I
)


def parse_update_stamp(line: str) -> tuple[bool, datetime | None]:
    """(is an update stamp, its UTC time) for lines like 'Last update: May 12, 2024 00:01'."""
    m = UPDATE_STAMP.match(line.strip())
    if not m or len(line.split()) > 12:
        return False, None
    return True, parse_date(m.group("date"))[0]


# --- bylines -------------------------------------------------------------------------------------

_BYLINE_PREFIX = re.compile(r"^(?:by|written by|words by|reporting by|author:|authors:|by:)\s+(?P<rest>.+)$", re.I)
# A line holding a date and nothing else is the page's dateline, as much as "Published: <date>" is (the
# WCXB dev pages' human-marked article text never holds one: 69 such lines on the tuning part, none kept).
_DATE_ONLY_STAMP = re.compile(
    rf"^(?:(?:published|posted|first published)(?:\s+on)?\s*:?\s*)?(?P<date>{DATE_RE})\s*$", re.I
)
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’.\-]*|[A-Z]\.)$")
_PARTICLES = {
    "de",
    "da",
    "del",
    "della",
    "van",
    "von",
    "der",
    "den",
    "al",
    "el",
    "bin",
    "ibn",
    "la",
    "le",
    "di",
    "du",
    "dos",
    "das",
    "ter",
    "ten",
}
_NOT_NAMES = set(WEEKDAYS) | {m for m in MONTHS if len(m) > 3} | {"the", "a", "an", "this", "that", "then", "now"}


def _looks_like_name(name: str) -> bool:
    tokens = name.split()
    if not 1 <= len(tokens) <= 5:
        return False
    capitalised = 0
    for tok in tokens:
        if tok.lower() in _NOT_NAMES:
            return False
        if _NAME_TOKEN.match(tok):
            capitalised += 1
        elif tok.lower() not in _PARTICLES and not tok.lower().startswith(("al-", "el-")):
            return False
    return capitalised >= 1


def parse_byline(line: str) -> tuple[list[str], datetime | None, str] | None:
    """(authors, date, precision) when the line is a byline like 'By Yaver Kazimbeyli September 21, 2023', else None."""
    text = " ".join(line.split())
    if len(text.split()) > 16:
        return None
    if m := _DATE_ONLY_STAMP.match(text):
        when, precision = parse_date(m.group("date"))
        return [], when, precision
    m = _BYLINE_PREFIX.match(text)
    if not m:
        return None
    rest = m.group("rest")
    when, precision = None, "none"
    if d := _DATE_AT_END.search(rest):
        when, precision = parse_date(d.group("date"))
        rest = rest[: d.start()]
    rest = rest.strip(" ,|•·–—-")
    # A sentence ("By the time of the cessation ...") ends in punctuation or has lowercase words.
    if not rest or rest.endswith((".", "!", "?", ":")) and not re.search(r"\b[A-Z]\.$", rest):
        return None
    names = [
        n.strip(" .") if not re.search(r"\b[A-Z]\.$", n) else n.strip() for n in _NAME_SPLIT.split(rest) if n.strip()
    ]
    if not names or not all(_looks_like_name(n) for n in names):
        return None
    return names, when, precision


# --- inferred publication dates ------------------------------------------------------------------

_YEAR_TOKEN = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?![\d])")
_WEEKDAY_DATE = re.compile(
    rf"\b(?P<wd>{_WEEKDAY_RE}),?\s+(?:(?P<mon>{_MONTH_RE})\s+(?P<day>\d{{1,2}})|(?P<day2>\d{{1,2}})\s+(?P<mon2>{_MONTH_RE}))"
    rf"(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}})\b)?"
)


def infer_published(text: str, *, horizon_years: int = 3) -> date | None:
    """Publication date inferred from weekday-anchored dates in the text ('Saturday, September 23'), or None.

    Soundness: an article is published no earlier than the latest year it names (``max_year``), and
    news reports the recent past, so a year-less date may only resolve into
    [max_year, max_year + horizon_years].  The weekday pins the year: the same month, day and weekday
    recur only after 5, 6 or 11 years, so with horizon_years <= 3 at most one year fits and we
    take it only when exactly one does.  The result is the latest such date the text reports,
    a lower bound on the publication date.  No year named anywhere -> no inference.
    """
    years = [int(y) for y in _YEAR_TOKEN.findall(text)]
    if not years:
        return None
    max_year = max(years)
    found: list[date] = []
    for m in _WEEKDAY_DATE.finditer(text):
        weekday = WEEKDAYS[m.group("wd").lower()]
        month = MONTHS.get((m.group("mon") or m.group("mon2")).lower().rstrip("."))
        day = int(m.group("day") or m.group("day2"))
        candidates = [int(m.group("year"))] if m.group("year") else range(max_year, max_year + horizon_years + 1)
        fits = []
        for year in candidates:
            try:
                d = date(year, month, day)
            except (ValueError, TypeError):
                continue
            if d.weekday() == weekday:
                fits.append(d)
        if len(fits) == 1:
            found.append(fits[0])
    return max(found) if found else None


# --- headlines and language ----------------------------------------------------------------------

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


# Lines up to this long are counted once per process (see word_count); longer texts each time they are asked.
_MEMO_MAX_CHARS = 4_000


def word_count(text: str) -> int:
    """Words as runs of letters/digits joined by hyphens or apostrophes."""
    # The cleaning rules ask for one line's count several times (line rules, prose and headline tests, template
    # candidates, the block classifier's features): a line's count is kept; a whole text is counted when asked.
    return _line_word_count(text) if len(text) <= _MEMO_MAX_CHARS else len(_WORD.findall(text))


@lru_cache(maxsize=4096)
def _line_word_count(line: str) -> int:
    return len(_WORD.findall(line))


def is_prose(line: str, *, max_fragment_words: int = 12) -> bool:
    """True for article prose: a long line, or a sentence of 6+ words ending in terminal punctuation."""
    n = word_count(line)
    if n > max_fragment_words:
        return True
    stripped = line.strip().rstrip("\"'”’)»]")
    return n >= 6 and stripped.endswith((".", "!", "?", "…"))


def is_headline(line: str, *, max_words: int = 25) -> bool:
    """A short line shaped like a headline: 3..max_words words, capitalised start, no sentence-final stop."""
    text = line.strip()
    n = word_count(text)
    if not 3 <= n <= max_words or len(text) > 250:
        return False
    if text.rstrip("\"'”’)»]").endswith((".", "!", ";", ":", ",", "…")):
        return False
    return bool(re.match(r"^[\"'“‘«(]?[A-Z0-9]", text))


# Function words: a text in English is full of them; other languages almost never are.
_EN_FUNCTION_WORDS = frozenset(
    "the of and to in a is that for on was with as by at from it his her be have has are were which an "
    "this not but or they their said he she its will would been who had".split()
)


def guess_language(text: str, *, min_words: int = 20, min_share: float = 0.2) -> str | None:
    """'en' when English function words make up min_share of the words, else None (unknown)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < min_words:
        return None
    share = sum(w in _EN_FUNCTION_WORDS for w in words) / len(words)
    return "en" if share >= min_share else None
