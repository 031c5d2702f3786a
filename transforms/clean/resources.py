"""Data files of the clean stage (patterns, stop-word lists), loaded in this one place and cached."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def _data_rows(name: str) -> list[dict[str, str]]:
    """Rows of a tab-separated data file; lines starting with '#' are its header comment."""
    with open(DATA_DIR / name, encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@dataclass(frozen=True)
class FurniturePattern:
    """One whole-line pattern of data/furniture_lines.tsv."""

    reason: str
    max_words: int
    opens: str  # '' | 'section' (heads a list of furniture) | 'end' (ends the article)
    pattern: re.Pattern[str]


@cache
def furniture_patterns() -> tuple[FurniturePattern, ...]:
    """The whole-line furniture patterns, in file order (the first match wins)."""
    return tuple(
        FurniturePattern(
            reason=row["reason"],
            max_words=int(row["max_words"]),
            opens=row["opens"] or "",
            pattern=re.compile(row["pattern"], re.IGNORECASE),
        )
        for row in _data_rows("furniture_lines.tsv")
    )


@cache
def stoplist_names() -> dict[str, str]:
    """Language code -> jusText stop-word list name."""
    return {row["code"]: row["stoplist"] for row in _data_rows("stoplist_languages.tsv")}


@cache
def stoplist(language: str) -> frozenset[str]:
    """Casefolded stop words of a language (ISO 639 code), empty when jusText has no list for it."""
    name = stoplist_names().get(language)
    if name is None:
        return frozenset()
    import justext

    return frozenset(w.casefold() for w in justext.get_stoplist(name))
