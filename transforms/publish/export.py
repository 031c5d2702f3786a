"""Flat exports of a published table: CSV as GDELT and ACLED users expect it, and JSON Lines.

Pure: a frame in, a frame ready for ``write_csv`` out. ``newsevents export`` streams a table's Parquet
file batch by batch through ``csv_ready`` (flows/commands.py owns the files).
"""

from __future__ import annotations

import polars as pl

# GDELT's event and GKG files and ACLED's exports join several values in one cell with ';'
# (GDELT GKG 2.1 codebook: "semicolon-delimited"; ACLED: "assoc_actor_1 ... separated by ;").
# Items that themselves contain ';' are not escaped, as in those files: use JSON Lines for exact lists.
LIST_SEPARATOR = ";"
# RFC 3339 / ISO 8601 with the offset written +00:00 and fractional seconds only when there are any,
# the same text JSON Lines exports carry.
DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S%.f%:z"


def _flat(column: str, dtype: pl.DataType, separator: str) -> pl.Expr:
    if isinstance(dtype, (pl.List, pl.Array)):
        inner = dtype.inner
        items = pl.col(column) if inner == pl.String else pl.col(column).list.eval(pl.element().cast(pl.String))
        return items.list.join(separator).alias(column)
    if isinstance(dtype, pl.Datetime):
        return pl.col(column).dt.to_string(DATETIME_FORMAT).alias(column)
    if isinstance(dtype, pl.Struct):
        return pl.col(column).struct.json_encode().alias(column)
    return pl.col(column)


def csv_ready(frame: pl.DataFrame | pl.LazyFrame, *, separator: str = LIST_SEPARATOR) -> pl.DataFrame | pl.LazyFrame:
    """The same rows with list cells joined by ``separator`` and datetimes as RFC 3339 text.

    In the CSV polars writes, a null list is an empty cell and an empty list a quoted empty string ("").
    """
    schema = frame.collect_schema() if isinstance(frame, pl.LazyFrame) else frame.schema
    return frame.select([_flat(name, dtype, separator) for name, dtype in schema.items()])
