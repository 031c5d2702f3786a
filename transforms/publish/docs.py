"""Pure builders for the documents that ship with a release.

Everything here takes frames and plain values and returns structures or text: the diff between
two releases (rendered as CHANGELOG.md and by ``newsevents diff``), the Frictionless Data Package
v2 descriptor and the dataset card (README.md).  Column names, types and descriptions are read
from ``transforms.schemas.TABLES`` so each column is described in exactly one place.  No I/O apart
from reading this package's own data file (``open_licences.txt``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import polars as pl

from transforms.schemas import EVENT_REJECT_REASONS, SCHEMA_VERSION, TABLES, Table

DATAPACKAGE_V2_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
DATARESOURCE_V2_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
TABLESCHEMA_V2_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"

DATASET_NAME = "newsevents"
DATASET_TITLE = "newsevents: documents, entities, quotes and PLOVER events from news articles"
DEFAULT_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 (annotations; article texts remain their publishers')",
}

PIPELINE_STAGES: tuple[tuple[str, str], ...] = (
    (
        "ingest",
        "read .txt, .html/.htm and .jsonl(.gz) inputs; anything unreadable becomes a `rejects` row with a reason",
    ),
    (
        "extract/clean",
        "extract main text and metadata (trafilatura for HTML, byline/update-stamp rules for text); remove page furniture line by line, recorded in `boilerplate`",
    ),
    (
        "deduplicate",
        "exact duplicates by normalised text hash, near-duplicates by MinHash/LSH with the true similarity checked; duplicates stay, marked by `dup_cluster_id`/`dup_of`; repeated paragraphs marked in `paragraphs`",
    ),
    (
        "nlp",
        "spaCy sentences and named entities, quote attribution, PLOVER event candidates, in batches across processes",
    ),
    (
        "link",
        "canonical entities across documents, event clusters across articles with one `event_mentions` row per reporting sentence; every event candidate that makes no event (a coded verb a rule sets aside, a candidate with no party) becomes an `event_rejects` row with its reason",
    ),
    (
        "validate",
        "Great Expectations suites per table (results in `validation/`): a failed table invariant (keys, foreign keys, offsets, schema) blocks publishing; rows failing a row rule (implausible dates or death tolls, page furniture, text off its span) are taken out with the rows that depend on them and listed in `quarantine`, and block only above the rule's threshold",
    ),
    (
        "publish",
        "Parquet (zstd, sorted by primary key), manifest, checksums, data package, this card and a changelog, written atomically",
    ),
)

KNOWN_LIMITATIONS: tuple[str, ...] = (
    "English only; the NLP models and rules are tuned on English news.",
    "Events are coded automatically (rule- and model-based), not by hand: expect missed and spurious events; use `confidence` and `n_documents` to filter.",
    "An event needs a party: a sentence whose act has neither an actor nor a recipient the coder can find is not coded, except for material conflict (attacks, protests, arrests, sanctions, mobilization), which is kept with its perpetrator unknown as ACLED keeps it (PETRARCH2 codes no event without a source or target). This removes mostly sentences with no act, and some real acts whose parties the coder missed; every candidate left out is an `event_rejects` row (`reason` no_party, private_parties or apolitical_story).",
    "Event dates are resolved from the text relative to the publication date (`date_source` sentence or relative); an act told with no date of its own that elaborates an incident the story dated before ('21 passengers died in the initial attack') takes that incident's date and place (`date_source`, `geo_source` incident); an event whose sentence gives no date otherwise takes its report's day (`date_precision = 'report'`), and one whose date the text names but does not pin down ('in the 1990s') is `date_precision = 'unresolved'` rather than guessed.",
    "A statement or a meeting whose sentence says not where it happened, by a participant of the meeting, visit or summit the story's opening places ('Modi visited Mauritius ... Modi pledged ...'), told on that day or on none of its own and before the story moves elsewhere, takes that occasion's place (`geo_source` occasion).",
    "A statement (a verbal act: agreeing, supporting, demanding, criticising, rejecting, threatening) whose sentence says not where it was made is placed in the country its speaker acts for, from the actor's entity or code ('the Kremlin said' -> Russia; `geo_source` speaker, `geo_precision` country), unless the dateline lies in that country; never from a place in the actor's words that is not the country's own name or its capital standing for its government ('Janusz Bugajski of the Jamestown Foundation' is no speaker for Saint Helena); a speaker coded to a wrong country, or several speakers of different countries, give a wrong or no country.",
    "Actor codes (`actor_codes`, `recipient_codes`) follow the 2014 Phoenix dictionaries: leaders who took office later are coded from the titles the text gives them, or by country only.",
    "Geocoding covers places known to GeoNames' cities and countries lists; smaller places have no coordinates (`geo_precision = 'none'`).",
    "Entity linking is within this release only (no Wikidata IDs); the same entity may appear under two names if no alias links them.",
    "Content-derived IDs are stable for the same input and pipeline version; a change in the text or pipeline may change them.",
    "Article texts are published under each source's text policy; with `snippet` or `none` the text is partial or empty, and offsets index into what is published.",
)


# --------------------------------------------------------------------------------------------
# Types


def dtype_name(dtype: pl.DataType) -> str:
    """The stable, human-readable name of a polars dtype used in manifests and changelogs."""
    return str(dtype)


def frictionless_field_type(dtype: pl.DataType, *, nullable: bool = False) -> dict[str, object]:
    """Table Schema v2 ``type`` (and extras) for a polars dtype, as ``frictionless validate`` reads Parquet.

    frictionless reads Parquet through pyarrow's ``to_pandas``: a list cell arrives as a numpy array
    (which its ``array`` and ``list`` types reject) and an integer column with nulls as float64 with
    NaN (which its ``integer`` type rejects). So list columns are ``any`` and nullable integers
    ``number``, the most precise types under which every value of the file validates; the exact
    Parquet type of each such column is in the field's ``parquetType`` (and in manifest.json).
    """
    if dtype == pl.String or dtype == pl.Utf8 or dtype == pl.Categorical:
        return {"type": "string"}
    if dtype.is_integer():
        return {"type": "number", "parquetType": "int64"} if nullable else {"type": "integer"}
    if dtype.is_float() or dtype == pl.Decimal:
        return {"type": "number"}
    if dtype == pl.Boolean:
        return {"type": "boolean"}
    if isinstance(dtype, pl.Datetime):
        return {"type": "datetime"}
    if dtype == pl.Date:
        return {"type": "date"}
    if dtype == pl.Time:
        return {"type": "time"}
    if isinstance(dtype, pl.Duration):
        return {"type": "duration"}
    if isinstance(dtype, (pl.List, pl.Array)):
        return {"type": "any", "parquetType": f"list<{_parquet_item_type(dtype.inner)}>"}
    if isinstance(dtype, pl.Struct):
        return {"type": "object"}
    return {"type": "any"}


def _parquet_item_type(dtype: pl.DataType) -> str:
    if dtype == pl.String:
        return "string"
    return str(dtype).lower()


# --------------------------------------------------------------------------------------------
# Diff between two releases


@dataclass(frozen=True)
class TableDiff:
    """What changed in one table between two releases, by primary key."""

    table: str
    rows_before: int
    rows_after: int
    rows_added: int
    rows_removed: int
    rows_changed: int
    columns_added: tuple[str, ...] = ()
    columns_removed: tuple[str, ...] = ()
    columns_retyped: tuple[tuple[str, str, str], ...] = ()  # (column, old type, new type)
    table_added: bool = False
    table_removed: bool = False

    @property
    def has_schema_change(self) -> bool:
        return bool(self.columns_added or self.columns_removed or self.columns_retyped)

    def as_dict(self) -> dict[str, object]:
        return {
            "table": self.table,
            "rows_before": self.rows_before,
            "rows_after": self.rows_after,
            "rows_added": self.rows_added,
            "rows_removed": self.rows_removed,
            "rows_changed": self.rows_changed,
            "columns_added": list(self.columns_added),
            "columns_removed": list(self.columns_removed),
            "columns_retyped": [list(c) for c in self.columns_retyped],
            "table_added": self.table_added,
            "table_removed": self.table_removed,
        }


@dataclass(frozen=True)
class ReleaseDiff:
    """Per-table differences from ``old_version`` (None for the first release) to ``new_version``."""

    old_version: str | None
    new_version: str
    tables: tuple[TableDiff, ...]
    old_schema_version: int | None = None
    new_schema_version: int | None = None
    old_pipeline_version: str | None = None
    new_pipeline_version: str | None = None
    notes: tuple[str, ...] = field(default=())

    def table(self, name: str) -> TableDiff:
        for diff in self.tables:
            if diff.table == name:
                return diff
        raise KeyError(name)


def _column_types(schema: pl.Schema) -> dict[str, str]:
    return {name: dtype_name(dtype) for name, dtype in schema.items()}


def _height(frame: pl.LazyFrame) -> int:
    return frame.select(pl.len()).collect().item()


def diff_table(
    name: str,
    old: pl.DataFrame | pl.LazyFrame | None,
    new: pl.DataFrame | pl.LazyFrame | None,
    primary_key: Sequence[str],
) -> TableDiff:
    """Rows added, removed and changed (same key, different content) between two versions of a table.

    Row content is compared over the columns both versions share with the same type, so a schema
    change is reported as a schema change rather than as every row having changed.  Lazy frames (file
    scans of two releases) are compared without reading either table whole: only the key and a hash
    of each row's content are collected, with the streaming engine.
    """
    if old is None and new is None:
        raise ValueError(f"{name}: nothing to compare")
    if new is not None:
        new = new.lazy()
        new_schema = new.collect_schema()
    if old is None:
        return TableDiff(name, 0, (h := _height(new)), h, 0, 0, table_added=True, columns_added=tuple(new_schema))
    old = old.lazy()
    old_schema = old.collect_schema()
    if new is None:
        h = _height(old)
        return TableDiff(name, h, 0, 0, h, 0, table_removed=True, columns_removed=tuple(old_schema))

    old_types, new_types = _column_types(old_schema), _column_types(new_schema)
    columns_added = tuple(c for c in new_schema if c not in old_types)
    columns_removed = tuple(c for c in old_schema if c not in new_types)
    columns_retyped = tuple(
        (c, old_types[c], new_types[c]) for c in new_schema if c in old_types and old_types[c] != new_types[c]
    )
    key = [c for c in primary_key if c in old_types and c in new_types and old_types[c] == new_types[c]]
    if len(key) != len(primary_key):
        # Without a comparable key the rows cannot be matched: count everything as replaced.
        old_height, new_height = _height(old), _height(new)
        return TableDiff(
            name, old_height, new_height, new_height, old_height, 0, columns_added, columns_removed, columns_retyped
        )
    compared = [c for c in new_schema if c in old_types and old_types[c] == new_types[c] and c not in key]

    def keyed(frame: pl.LazyFrame) -> tuple[int, pl.DataFrame]:
        content = pl.struct(compared) if compared else pl.lit(0)
        # Both frames are hashed in this process with the same seed, so equal content hashes equal.
        rows = frame.select(*key, content.hash(seed=0).alias("__row_hash")).collect(engine="streaming")
        return rows.height, rows.unique(subset=key, keep="first", maintain_order=True)

    (old_height, old_keyed), (new_height, new_keyed) = keyed(old), keyed(new)
    joined = old_keyed.join(new_keyed, on=key, how="full", nulls_equal=True, coalesce=True, suffix="_new")
    in_old = pl.col("__row_hash").is_not_null()
    in_new = pl.col("__row_hash_new").is_not_null()
    counts = joined.select(
        added=(~in_old & in_new).sum(),
        removed=(in_old & ~in_new).sum(),
        changed=(in_old & in_new & (pl.col("__row_hash") != pl.col("__row_hash_new"))).sum(),
    ).row(0, named=True)
    return TableDiff(
        name,
        old_height,
        new_height,
        int(counts["added"]),
        int(counts["removed"]),
        int(counts["changed"]),
        columns_added,
        columns_removed,
        columns_retyped,
    )


def diff_releases(
    old_tables: Mapping[str, pl.DataFrame | pl.LazyFrame] | None,
    new_tables: Mapping[str, pl.DataFrame | pl.LazyFrame],
    *,
    old_version: str | None,
    new_version: str,
    primary_keys: Mapping[str, Sequence[str]] | None = None,
    old_schema_version: int | None = None,
    new_schema_version: int | None = None,
    old_pipeline_version: str | None = None,
    new_pipeline_version: str | None = None,
) -> ReleaseDiff:
    """Diff every table present in either release, in the declared table order (frames or lazy scans)."""
    old_tables = old_tables or {}
    keys = dict(primary_keys) if primary_keys else {n: t.primary_key for n, t in TABLES.items()}
    declared_order = list(TABLES)
    names = sorted(
        set(old_tables) | set(new_tables),
        key=lambda n: (declared_order.index(n) if n in declared_order else len(declared_order), n),
    )
    diffs = []
    for name in names:
        if name not in keys:
            raise KeyError(f"no primary key known for table {name!r}")
        diffs.append(diff_table(name, old_tables.get(name), new_tables.get(name), keys[name]))
    return ReleaseDiff(
        old_version=old_version,
        new_version=new_version,
        tables=tuple(diffs),
        old_schema_version=old_schema_version,
        new_schema_version=new_schema_version,
        old_pipeline_version=old_pipeline_version,
        new_pipeline_version=new_pipeline_version,
    )


def _schema_change_lines(d: TableDiff) -> list[str]:
    lines = []
    if d.table_added:
        lines.append(f"new table with columns: {', '.join(d.columns_added)}")
        return lines
    if d.table_removed:
        lines.append("table removed")
        return lines
    if d.columns_added:
        lines.append(f"columns added: {', '.join(d.columns_added)}")
    if d.columns_removed:
        lines.append(f"columns removed: {', '.join(d.columns_removed)}")
    for column, old_type, new_type in d.columns_retyped:
        lines.append(f"column retyped: {column} {old_type} -> {new_type}")
    return lines


def quarantine_markdown(counts: Mapping[str, int] | None) -> list[str]:
    """The quality gate's section: rows taken out of the release per rule (the ``quarantine`` table)."""
    out = ["## Quality gate", ""]
    if not counts:
        return out + ["No row was quarantined: every row passed the row rules of the expectation suites.", ""]
    out += [
        f"{sum(counts.values())} rows were taken out of this release by the row rules of the expectation "
        "suites and recorded in the `quarantine` table (`depends_on:<rule>` counts the rows that depended "
        "on a failing row).",
        "",
        "| rule | rows |",
        "|---|---:|",
    ]
    out += [f"| `{rule}` | {n} |" for rule, n in counts.items()]
    return out + [""]


def fewer_documents_note(diff: ReleaseDiff) -> str | None:
    """A warning line when this release has fewer documents than the previous one, else None.

    A scheduled run over a feed normally grows the corpus; fewer documents usually means inputs went
    missing (an unmounted folder, a failed download), which users should hear about first.
    """
    try:
        documents = diff.table("documents")
    except KeyError:
        return None
    if diff.old_version is None or documents.rows_after >= documents.rows_before:
        return None
    return (
        f"This release has fewer documents than the previous release {diff.old_version}: "
        f"{documents.rows_after} instead of {documents.rows_before}."
    )


def changelog_markdown(
    diff: ReleaseDiff, *, created_at: datetime, quarantine_counts: Mapping[str, int] | None = None
) -> str:
    """CHANGELOG.md for the release ``diff.new_version``."""
    out = [f"# Changelog: {diff.new_version}", "", f"Released {created_at.strftime('%Y-%m-%d %H:%M:%S UTC')}.", ""]
    fewer = fewer_documents_note(diff)
    if fewer:
        out += [f"**Warning:** {fewer}", ""]
    if diff.old_version is None:
        out += ["First release: every row is new.", ""]
    else:
        out += [
            f"Compared with the previous release **{diff.old_version}**, row by row on each table's "
            "primary key. *Changed* means the same key with different content in the columns both "
            "releases share.",
            "",
        ]
    if diff.old_schema_version is not None and diff.old_schema_version != diff.new_schema_version:
        out += [f"Schema version: {diff.old_schema_version} -> {diff.new_schema_version}.", ""]
    if diff.old_pipeline_version is not None and diff.old_pipeline_version != diff.new_pipeline_version:
        out += [f"Pipeline version: {diff.old_pipeline_version} -> {diff.new_pipeline_version}.", ""]
    out += ["| table | rows before | rows after | added | removed | changed |", "|---|---:|---:|---:|---:|---:|"]
    for d in diff.tables:
        out.append(
            f"| {d.table} | {d.rows_before} | {d.rows_after} | {d.rows_added} | {d.rows_removed} | {d.rows_changed} |"
        )
    out.append("")
    schema_lines = [(d.table, line) for d in diff.tables for line in _schema_change_lines(d)]
    out.append("## Schema changes")
    out.append("")
    if diff.old_version is None:
        out.append("None (first release).")
    elif not schema_lines:
        out.append("None.")
    else:
        out += [f"- `{table}`: {line}" for table, line in schema_lines]
    out.append("")
    if quarantine_counts is not None:
        out += quarantine_markdown(quarantine_counts)
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Data package


def table_schema_descriptor(table: Table, *, published_tables: Sequence[str]) -> dict[str, object]:
    """Table Schema v2 for one declared table; foreign keys only to tables present in the release."""
    fields = []
    for column in table.columns:
        spec: dict[str, object] = {"name": column.name, "description": column.description}
        spec.update(frictionless_field_type(column.dtype, nullable=column.nullable))
        if not column.nullable:
            spec["constraints"] = {"required": True}
        fields.append(spec)
    schema: dict[str, object] = {
        "$schema": TABLESCHEMA_V2_PROFILE,
        "fields": fields,
        "primaryKey": list(table.primary_key),
        # Parquet carries real nulls; no string sentinel stands for a missing value.
        "missingValues": [],
    }
    foreign_keys = [
        {"fields": list(local), "reference": {"resource": target, "fields": list(remote)}}
        for local, target, remote in table.foreign_keys
        if target in published_tables
    ]
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema


def _match_text(match: object) -> str:
    return ", ".join(str(m) for m in match) if isinstance(match, (list, tuple)) else str(match or "")


def _source_descriptor(source: Mapping[str, object]) -> dict[str, object]:
    title = source.get("title") or source.get("name") or "unnamed source"
    out: dict[str, object] = {"title": str(title)}
    path = source.get("path") or source.get("url") or source.get("homepage")
    if path:
        out["path"] = str(path)
    licence = source.get("licence") or source.get("license")
    policy = source.get("text_policy")
    details = [
        f"licence: {licence}" if licence else None,
        f"text policy: {policy}" if policy else None,
        f"files: {_match_text(source.get('match'))}" if source.get("match") else None,
    ]
    details = [d for d in details if d]
    if details:
        out["description"] = "; ".join(details)
    return out


# The byte size of a resource's Parquet file (see datapackage_descriptor for why not "bytes").
PARQUET_BYTES_PROPERTY = "parquetBytes"


def datapackage_descriptor(
    *,
    version: str,
    created_at: datetime,
    resources: Mapping[str, Mapping[str, object]],
    licenses: Sequence[Mapping[str, object]] = (DEFAULT_LICENSE,),
    sources: Sequence[Mapping[str, object]] = (),
    tables: Mapping[str, Table] = TABLES,
) -> dict[str, object]:
    """Frictionless Data Package v2 descriptor.

    ``resources`` maps each published table to ``{"path", "sha256"}`` (other keys are ignored).
    """
    published = [n for n in tables if n in resources]
    unknown = sorted(set(resources) - set(tables))
    if unknown:
        raise KeyError(f"tables without a declared schema: {unknown}")
    resource_descriptors = []
    for name in published:
        info = resources[name]
        table = tables[name]
        resource_descriptors.append(
            {
                "name": name,
                "type": "table",
                "description": table.description,
                "path": str(info["path"]),
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                # Not the standard "bytes": frictionless reads Parquet without counting bytes, so any
                # byte count fails `frictionless validate` (byte-count error, actual None). The size is a
                # custom property instead (the spec allows them), checked by `newsevents validate`
                # with the hash; the sha256 here and in SHA256SUMS pins the exact file.
                PARQUET_BYTES_PROPERTY: info["bytes"],
                "hash": f"sha256:{info['sha256']}",
                "schema": table_schema_descriptor(table, published_tables=published),
            }
        )
    return {
        "$schema": DATAPACKAGE_V2_PROFILE,
        "name": DATASET_NAME,
        "title": DATASET_TITLE,
        "description": (
            "Clean news documents with boilerplate removed and duplicates marked, the entities they "
            "name, the quotes they carry and the PLOVER events they report, each traceable to the "
            f"sentence it came from. Schema version {SCHEMA_VERSION}."
        ),
        "version": version,
        "created": created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "keywords": ["news", "events", "PLOVER", "named entities", "quotes", "deduplication"],
        "licenses": [dict(lic) for lic in licenses],
        "sources": [_source_descriptor(s) for s in sources],
        "resources": resource_descriptors,
    }


# --------------------------------------------------------------------------------------------
# Dataset card


def _yaml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _md_cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


OPEN_LICENCES_FILE = Path(__file__).resolve().parent / "open_licences.txt"


@lru_cache(maxsize=1)
def open_licence_ids() -> frozenset[str]:
    """Licence identifiers under which article text may be republished (open_licences.txt)."""
    lines = OPEN_LICENCES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(_licence_key(line) for line in lines if line.strip() and not line.startswith("#"))


def _licence_key(licence: object) -> str:
    return re.sub(r"[\s_]+", "-", str(licence or "").strip().lower())


def closed_text_sources(sources: Sequence[Mapping[str, object]]) -> list[Mapping[str, object]]:
    """Sources whose published text (policy ``full`` or ``snippet``) has no open licence."""
    return [
        s
        for s in sources
        if str(s.get("text_policy") or "full") != "none"
        and _licence_key(s.get("licence") or s.get("license")) not in open_licence_ids()
    ]


def hf_license_id(licenses: Sequence[Mapping[str, object]], sources: Sequence[Mapping[str, object]] = ()) -> str:
    """Hugging Face hub licence identifier (lower-case SPDX where the hub knows it, else 'other').

    The release carries the sources' texts as well as our annotations, so it is ``other`` as soon as
    one source's published text lacks an open licence, whatever the annotations' licence.
    """
    if closed_text_sources(sources) or len(licenses) != 1:
        return "other"
    name = str(licenses[0].get("name", "")).lower()
    known = {"cc-by-4.0", "cc-by-sa-4.0", "cc0-1.0", "odc-by", "odbl", "pddl", "mit", "apache-2.0", "cc-by-nc-4.0"}
    return name if name in known else "other"


def usage_examples(*, has_events: bool, version: str = "v2026.11.23") -> dict[str, str]:
    """Copy-paste snippets per tool, run from inside the release folder. Tests execute these."""
    duckdb_sql = (
        "-- Row counts, then each event with the exact sentence of every document that reports it.\n"
        "SELECT count(*) AS documents FROM 'data/documents.parquet';\n"
    )
    polars_py = (
        "import polars as pl\n"
        "\n"
        'documents = pl.read_parquet("data/documents.parquet")\n'
        'print(documents.select("doc_id", "title", "published_at", "n_words", "dup_of"))\n'
    )
    pandas_py = (
        "import pandas as pd\n"
        "\n"
        'documents = pd.read_parquet("data/documents.parquet")\n'
        'print(documents[["doc_id", "title", "published_at"]].head())\n'
    )
    r_code = (
        "library(arrow)\n"
        "library(dplyr)\n"
        "\n"
        'documents <- read_parquet("data/documents.parquet")\n'
        "documents |> select(doc_id, title, published_at) |> head()\n"
    )
    if has_events:
        duckdb_sql += (
            "\n"
            "SELECT e.event_id, e.event_type, e.event_date, d.title,\n"
            "       substring(d.text, m.char_start + 1, m.char_end - m.char_start) AS sentence\n"
            "FROM 'data/events.parquet' AS e\n"
            "JOIN 'data/event_mentions.parquet' AS m USING (event_id)\n"
            "JOIN 'data/documents.parquet' AS d USING (doc_id)\n"
            "ORDER BY e.event_id, m.doc_id, m.char_start;\n"
        )
        polars_py += (
            "\n"
            "# Events -> their mentions -> the sentence in each reporting document.\n"
            'events = pl.read_parquet("data/events.parquet")\n'
            'mentions = pl.read_parquet("data/event_mentions.parquet")\n'
            "sentences = (\n"
            '    events.join(mentions, on="event_id", suffix="_mention")\n'
            '    .join(documents.select("doc_id", "title", "text"), on="doc_id")\n'
            "    .with_columns(\n"
            '        pl.col("text").str.slice(pl.col("char_start"), pl.col("char_end") - pl.col("char_start")).alias("sentence")\n'
            "    )\n"
            '    .select("event_id", "event_type", "event_date", "title", "sentence")\n'
            '    .sort("event_id", "title")\n'
            ")\n"
            "print(sentences)\n"
        )
        pandas_py += (
            "\n"
            'events = pd.read_parquet("data/events.parquet")\n'
            'mentions = pd.read_parquet("data/event_mentions.parquet")\n'
            'joined = events.merge(mentions, on="event_id", suffixes=("", "_mention")).merge(\n'
            '    documents[["doc_id", "text"]], on="doc_id"\n'
            ")\n"
            'joined["sentence"] = [t[s:e] for t, s, e in zip(joined["text"], joined["char_start"], joined["char_end"])]\n'
            'print(joined[["event_id", "event_type", "sentence"]].head())\n'
        )
        r_code += (
            "\n"
            'events <- read_parquet("data/events.parquet")\n'
            'mentions <- read_parquet("data/event_mentions.parquet")\n'
            "events |>\n"
            '  inner_join(mentions, by = "event_id", suffix = c("", "_mention")) |>\n'
            '  inner_join(select(documents, doc_id, text), by = "doc_id") |>\n'
            "  # R's substr is 1-based and inclusive; the offsets are 0-based, end-exclusive.\n"
            "  mutate(sentence = substr(text, char_start + 1, char_end)) |>\n"
            "  select(event_id, event_type, event_date, sentence)\n"
        )
    datasets_py = (
        "from datasets import load_dataset\n"
        "\n"
        "# One configuration per table, declared in this card's header. Run from inside the release\n"
        '# folder; it is named rather than "." because datasets names the dataset after the folder.\n'
        f'documents = load_dataset("../{version}", "documents", split="train")\n'
        "print(documents)\n"
    )
    newsevents_py = (
        "from flows import load_table\n"
        "\n"
        'documents = load_table("documents", release=".", columns=["doc_id", "title", "published_at"])\n'
        "print(documents)\n"
    )
    if has_events:
        newsevents_py += 'events = load_table("events", release=".", as_pandas=True)\nprint(events.head())\n'
    return {
        "duckdb": duckdb_sql,
        "polars": polars_py,
        "pandas": pandas_py,
        "r": r_code,
        "datasets": datasets_py,
        "newsevents": newsevents_py,
    }


# The documented reasons of a table's ``reason`` column, listed under the table in the data dictionary.
REASON_LISTS: dict[str, Mapping[str, str]] = {"event_rejects": EVENT_REJECT_REASONS}


def _reason_list(name: str) -> list[str]:
    reasons = REASON_LISTS.get(name)
    if not reasons:
        return []
    return ["", "Reasons (`reason`):", "", *(f"- `{r}`: {meaning}" for r, meaning in reasons.items())]


def data_dictionary_markdown(tables: Mapping[str, Table], published: Sequence[str]) -> str:
    out = []
    for name in published:
        table = tables[name]
        out += [f"### `{name}`", "", table.description, "", f"Primary key: `{', '.join(table.primary_key)}`."]
        fks = [
            f"`{', '.join(local)}` -> `{target}.{', '.join(remote)}`"
            for local, target, remote in table.foreign_keys
            if target in published
        ]
        if fks:
            out.append(f"Foreign keys: {'; '.join(fks)}.")
        out += _reason_list(name)
        out += ["", "| column | type | nullable | description |", "|---|---|---|---|"]
        for c in table.columns:
            out.append(
                f"| `{c.name}` | `{dtype_name(c.dtype)}` | {'yes' if c.nullable else 'no'} | {_md_cell(c.description)} |"
            )
        out.append("")
    return "\n".join(out)


def dataset_card_markdown(
    *,
    version: str,
    created_at: datetime,
    pipeline_version: str,
    row_counts: Mapping[str, int],
    text_policy_summary: Mapping[str, int] | None,
    licenses: Sequence[Mapping[str, object]] = (DEFAULT_LICENSE,),
    sources: Sequence[Mapping[str, object]] = (),
    tables: Mapping[str, Table] = TABLES,
    language: str = "en",
    homepage: str | None = None,
    quarantine_counts: Mapping[str, int] | None = None,
) -> str:
    """README.md of a release: a Hugging Face dataset card generated from the declared schemas."""
    published = [n for n in tables if n in row_counts]
    has_events = all(n in published for n in ("events", "event_mentions", "documents"))
    examples = usage_examples(has_events=has_events, version=version)
    header = _card_header(published, row_counts, licenses, sources, language)

    body = [
        f"# {DATASET_TITLE}",
        "",
        f"Release **{version}**, created {created_at.strftime('%Y-%m-%d %H:%M UTC')} by pipeline version "
        f"`{pipeline_version}`, schema version {SCHEMA_VERSION}.",
        "",
        "## What it is",
        "",
        "News articles turned into linked tables: clean documents with their boilerplate removed and "
        "duplicates marked, the entities they name, the quotes they carry and the political events they "
        "report (typed with the PLOVER ontology), every row traceable to the sentence it came from by "
        "character offsets into `documents.text`. IDs are content-derived hashes, so the same input gives "
        "the same IDs on every run. Dates are UTC.",
        "",
        "## Files",
        "",
        "| table | rows | file | what it holds |",
        "|---|---:|---|---|",
    ]
    body += [f"| `{n}` | {row_counts[n]} | `data/{n}.parquet` | {_md_cell(tables[n].description)} |" for n in published]
    body += [
        "",
        "**[Release page](index.html)** (`index.html`, opens offline in any browser): events over time by "
        "quad class, event types, a map of event locations, top actors and recipients, documents over time "
        "and per source, entity types, rows per table against the previous release and the validation summary.",
        "",
        "Alongside the data: `manifest.json` (versions, input fingerprint, per-file rows, bytes, sha256 and "
        "columns), `SHA256SUMS` (check with `sha256sum -c SHA256SUMS`), `datapackage.json` (Frictionless "
        "Data Package v2 with field types, descriptions and keys), `CHANGELOG.md` (rows added, removed and "
        "changed since the previous release) and `validation/` (expectation results and report).",
        "",
        "## How it was made",
        "",
    ]
    body += [f"{i}. **{stage}**: {what}." for i, (stage, what) in enumerate(PIPELINE_STAGES, start=1)]
    if quarantine_counts is not None:
        body += ["", *quarantine_markdown(quarantine_counts)[:-1]]
    body += ["", "## Data dictionary", "", data_dictionary_markdown(tables, published)]
    body += _card_licence_section(licenses, sources, text_policy_summary)
    body += ["## Known limitations", ""]
    body += [f"- {item}" for item in KNOWN_LIMITATIONS]
    body += _card_usage_section(examples, published, row_counts, version, created_at, homepage)
    return "\n".join(header + [""] + body)


def _card_header(published, row_counts, licenses, sources, language: str) -> list[str]:
    """The card's YAML header: what the Hugging Face Hub reads (licence, tags, one config per table)."""
    header = [
        "---",
        f"pretty_name: {_yaml_str(DATASET_TITLE)}",
        f"license: {hf_license_id(licenses, sources)}",
        "language:",
        f"- {language}",
        "task_categories:",
        "- text-classification",
        "- token-classification",
        "tags:",
        "- news",
        "- event-extraction",
        "- plover",
        "- named-entity-recognition",
        "- quotes",
        "- deduplication",
        "size_categories:",
        f"- {_size_category(row_counts.get('documents', 0))}",
        "configs:",
    ]
    for i, name in enumerate(published):
        header.append(f"- config_name: {name}")
        header.append(f"  data_files: data/{name}.parquet")
        if i == 0:
            header.append("  default: true")
    header.append("---")
    return header


def _card_licence_section(licenses, sources, text_policy_summary) -> list[str]:
    """Licence of the annotations, the texts' policy and the per-source table."""
    policy_text = _text_policy_sentence(text_policy_summary)
    licence_names = ", ".join(str(lic.get("title") or lic.get("name")) for lic in licenses) or "not stated"
    body = [
        "## Licence and attribution",
        "",
        f"Annotations (IDs, offsets, entities, quotes, events, duplicate marks): {licence_names}.",
        "",
        "The article texts are the publishers' texts and remain theirs; they are included only as the "
        f"text policy of each source allows. {policy_text}",
        "",
        _licence_verdict(licenses, sources),
        "",
    ]
    if sources:
        body += ["| source | files | licence | text policy |", "|---|---|---|---|"]
        for s in sources:
            body.append(
                f"| {_md_cell(str(s.get('title') or s.get('name') or ''))} | "
                f"{_md_cell(_match_text(s.get('match')) or 'all')} | "
                f"{_md_cell(str(s.get('licence') or s.get('license') or 'not stated'))} | "
                f"{_md_cell(str(s.get('text_policy') or 'full'))} |"
            )
        body.append("")
    return body


def _card_usage_section(examples, published, row_counts, version: str, created_at, homepage) -> list[str]:
    """How to load the release with each tool, and how to cite it (the examples run verbatim in the folder)."""
    return [
        "",
        "## How to use",
        "",
        "Run these from inside the release folder (paths are relative to it).",
        "",
        "### DuckDB",
        "",
        "```sql",
        examples["duckdb"].rstrip("\n"),
        "```",
        "",
        "### polars",
        "",
        "```python",
        examples["polars"].rstrip("\n"),
        "```",
        "",
        "### pandas",
        "",
        "```python",
        examples["pandas"].rstrip("\n"),
        "```",
        "",
        "### R (arrow)",
        "",
        "```r",
        examples["r"].rstrip("\n"),
        "```",
        "",
        "### Hugging Face datasets",
        "",
        "```python",
        examples["datasets"].rstrip("\n"),
        "```",
        "",
        *_empty_tables_note([n for n in published if row_counts[n] == 0], version),
        "### newsevents (Python)",
        "",
        "With the `newsevents` package installed, `load_table` reads a table by name from a release folder "
        '(`release="."` here), a version (`release="v2026.11.30", output="output"`) or the newest release '
        '(`release="latest"`, the default); `as_pandas=True` returns pandas, `columns=[...]` reads only those.',
        "",
        "```python",
        examples["newsevents"].rstrip("\n"),
        "```",
        "",
        "On the command line, `newsevents export events --release . --format csv --to events.csv` writes "
        "a table as CSV (list cells joined by `;`, as in GDELT and ACLED files) or JSON Lines (`--format jsonl`).",
        "",
        "## How to cite",
        "",
        "```bibtex",
        bibtex_entry(version=version, created_at=created_at, homepage=homepage),
        "```",
        "",
    ]


def _licence_verdict(licenses: Sequence[Mapping[str, object]], sources: Sequence[Mapping[str, object]]) -> str:
    """Why the header says what it says about the licence."""
    closed = closed_text_sources(sources)
    if not closed:
        return (
            f"Header licence `{hf_license_id(licenses, sources)}`: every source whose text is published "
            "carries an open licence."
        )
    names = ", ".join(
        f"{s.get('title') or s.get('name') or 'unnamed'} (licence: {s.get('licence') or s.get('license') or 'not stated'})"
        for s in closed
    )
    return (
        "Header licence `other`: this release publishes text (policy `full` or `snippet`) of sources "
        f"without an open licence: {names}. Check each source's terms below before reusing its text; "
        "the annotations alone are under the licence above."
    )


def _empty_tables_note(empty_tables: Sequence[str], version: str) -> list[str]:
    if not empty_tables:
        return []
    names = ", ".join(f"`{n}`" for n in empty_tables)
    first = empty_tables[0]
    return [
        f"Empty in this release: {names}. `datasets` cannot build a split without rows "
        '("Instruction "train" corresponds to no data"), so load an empty table as a stream; it yields no '
        "rows and carries the table's columns:",
        "",
        "```python",
        "from datasets import load_dataset",
        "",
        f'{first} = load_dataset("../{version}", "{first}", split="train", streaming=True)',
        f"print(list({first}.features))",
        "```",
        "",
    ]


def bibtex_entry(*, version: str, created_at: datetime, homepage: str | None = None) -> str:
    key = f"newsevents_{re.sub(r'[^0-9a-zA-Z]+', '_', version)}"
    lines = [
        f"@misc{{{key},",
        "  title     = {newsevents: documents, entities, quotes and PLOVER events from news articles},",
        "  author    = {{newsevents contributors}},",
        f"  year      = {{{created_at.year}}},",
        f"  version   = {{{version}}},",
        "  note      = {Dataset release " + version + "}",
    ]
    if homepage:
        lines[-1] += ","
        lines.append(f"  howpublished = {{\\url{{{homepage}}}}}")
    lines.append("}")
    return "\n".join(lines)


def _size_category(n: int) -> str:
    for limit, label in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M")):
        if n < limit:
            return label
    return "n>1M"


def _text_policy_sentence(summary: Mapping[str, int] | None) -> str:
    if not summary:
        return "Text policy of this release: not stated."
    parts = [f"{policy}: {count} document{'s' if count != 1 else ''}" for policy, count in sorted(summary.items())]
    return (
        "Text policy of this release (`full` = whole clean text, `snippet` = only the sentences events "
        "and quotes need, `none` = no text): " + ", ".join(parts) + "."
    )
