"""The extraction cache's entries decode to the values json gives, whichever parser reads them."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from flows.stages.nlp import _encode, _loads

# Integers of the tables' Int64 and UInt64 columns: orjson reads an integer below -2**63 as a float (no row can
# hold one: the frames built from the rows are of those types), and refuses one above 2**64 - 1 (json reads it).
_scalars = st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.floats(allow_nan=True) | st.text()
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner))
_rows = st.dictionaries(st.sampled_from(["sentences", "mentions", "quotes", "events"]), st.lists(_values, max_size=4))


def _same(a, b) -> bool:
    """Equal values of equal types (NaN equal to NaN)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


@settings(max_examples=300, deadline=None)
@given(_rows)
def test_cache_entries_decode_as_json_decodes_them(rows):
    blob = _encode(rows)
    assert _same(_loads(blob), json.loads(blob))


def test_values_the_fast_parser_refuses_still_decode():
    blob = _encode({"events": [{"strength": float("nan"), "n": 2**70}]})  # orjson refuses both
    decoded = _loads(blob)
    assert math.isnan(decoded["events"][0]["strength"]) and decoded["events"][0]["n"] == 2**70
