"""Write the first version of ``expectations/<table>.json`` from ``transforms.schemas``.

The JSON files are the source of truth: the flow loads them and never rebuilds them in code.
This script only bootstraps them (and can regenerate them after a schema change); review the
diff before committing.  Run: ``uv run python bench/generate_expectations.py``.

Columns named here that are not in ``schemas.TABLES`` (``document_n_chars``,
``document_text_at_offsets``, ``mention_rows``, ...) are validation-view columns that
``flows.validation.build_validation_views`` derives before the suites run.  ``$PARAMETER``
values are supplied at validation time by ``flows.validation.expectation_parameters``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transforms import schemas  # noqa: E402
from transforms.schemas import TABLES  # noqa: E402

CRITICAL, WARNING = "critical", "warning"

# Page furniture the cleaner must remove (seen in the seeds).  A hit in documents.text means
# boilerplate leaked into the published text.
BOILERPLATE_MARKERS_CRITICAL = [
    r"Last update:",
    r"Newsroom logo",
    r"News ID\s*:",
    r"pic\.twitter\.com",
    r"Read more:",
]
BOILERPLATE_MARKERS_WARNING = [
    r"(?m)^None$",  # empty placeholder line
    r"(?m)/ Courtesy$",  # photo caption credit
    r"(?m)^— .*\(@\w+\)",  # attribution line of an embedded post
]

# Tables whose rows carry char offsets into documents.text.
OFFSET_TABLES = ("paragraphs", "sentences", "entity_mentions", "quotes", "event_mentions")
# Tables whose ``text`` column must equal documents.text[char_start:char_end].
TEXT_SPAN_TABLES = ("entity_mentions", "quotes")

# Key sets passed as suite parameters (``<table>_<column>_values``): foreign keys use the built-in
# expect_column_values_to_be_in_set against the referenced table's keys.
EXTRA_REFERENCES = {
    # (table, column) -> (referenced table, referenced column); beyond schemas' declared foreign keys
    ("documents", "dup_of"): ("documents", "doc_id"),
    ("paragraphs", "first_doc_id"): ("documents", "doc_id"),
    ("events", "location_entity_id"): ("entities", "entity_id"),
}


def expectation(type_: str, check: str, severity: str, notes: str, **kwargs) -> dict:
    return {
        "type": type_,
        "kwargs": kwargs,
        "meta": {"check": check, "severity": severity},
        "severity": severity,
        "notes": notes,
    }


def condition(column: str, operator: str, value) -> dict:
    """A GX 1.x row condition (the serialised form of ``Column(column) <operator> value``)."""
    return {"type": "comparison", "column": {"name": column}, "operator": operator, "parameter": value}


def key_expectations(table) -> list[dict]:
    name = table.name
    out = []
    for column in table.columns:
        if not column.nullable:
            out.append(
                expectation(
                    "expect_column_values_to_not_be_null",
                    f"{name}.{column.name}.not_null",
                    CRITICAL,
                    f"{column.name} is declared non-nullable.",
                    column=column.name,
                )
            )
    if len(table.primary_key) == 1:
        key = table.primary_key[0]
        out.append(
            expectation(
                "expect_column_values_to_be_unique",
                f"{name}.{key}.unique",
                CRITICAL,
                f"{key} is the primary key.",
                column=key,
            )
        )
    else:
        out.append(
            expectation(
                "expect_compound_columns_to_be_unique",
                f"{name}.primary_key.unique",
                CRITICAL,
                f"({', '.join(table.primary_key)}) is the primary key.",
                column_list=list(table.primary_key),
                ignore_row_if="never",
            )
        )
    return out


def reference_expectations(table) -> list[dict]:
    references = [(cols[0], ref, ref_cols[0]) for cols, ref, ref_cols in table.foreign_keys]
    references += [(col, ref, ref_col) for (t, col), (ref, ref_col) in EXTRA_REFERENCES.items() if t == table.name]
    return [
        expectation(
            "expect_column_values_to_be_in_set",
            f"{table.name}.{column}.references_{ref}",
            CRITICAL,
            f"Every non-null {column} is a {ref}.{ref_column}.",
            column=column,
            value_set={"$PARAMETER": f"{ref}_{ref_column}_values"},
        )
        for column, ref, ref_column in references
    ]


def in_set(table: str, column: str, values, severity: str = CRITICAL, what: str = "") -> dict:
    return expectation(
        "expect_column_values_to_be_in_set",
        f"{table}.{column}.in_set",
        severity,
        what or f"{column} takes one of the documented values.",
        column=column,
        value_set=list(values),
    )


def between(table: str, column: str, severity: str = CRITICAL, check: str = "range", notes: str = "", **bounds) -> dict:
    return expectation(
        "expect_column_values_to_be_between",
        f"{table}.{column}.{check}",
        severity,
        notes or f"{column} within {bounds}.",
        column=column,
        **bounds,
    )


def not_less_than(check: str, severity: str, notes: str, *, larger: str, smaller: str) -> dict:
    """larger >= smaller on every row where both are present."""
    return expectation(
        "expect_column_pair_values_a_to_be_greater_than_b",
        check,
        severity,
        notes,
        column_A=larger,
        column_B=smaller,
        or_equal=True,
        ignore_row_if="either_value_is_missing",
    )


def offset_expectations(name: str) -> list[dict]:
    return [
        between(name, "char_start", check="non_negative", notes="Offsets start at 0.", min_value=0),
        not_less_than(
            f"{name}.char_end.not_before_char_start",
            CRITICAL,
            "char_start <= char_end.",
            larger="char_end",
            smaller="char_start",
        ),
        not_less_than(
            f"{name}.char_end.within_document",
            CRITICAL,
            "char_end <= documents.n_chars (view column document_n_chars): the span lies inside the text.",
            larger="document_n_chars",
            smaller="char_end",
        ),
    ]


def text_span_expectation(name: str) -> dict:
    return expectation(
        "expect_column_pair_values_to_be_equal",
        f"{name}.text.matches_document_offsets",
        CRITICAL,
        "text == documents.text[char_start:char_end] (view column document_text_at_offsets; "
        "skipped where the document's text_policy does not publish that span: 'none' always, 'snippet' for entity mentions).",
        column_A="text",
        column_B="document_text_at_offsets",
        ignore_row_if="either_value_is_missing",
    )


def country_code(name: str) -> dict:
    return expectation(
        "expect_column_values_to_match_regex",
        f"{name}.country_code.iso3",
        WARNING,
        "ISO 3166-1 alpha-3 code.",
        column="country_code",
        regex=r"^[A-Z]{3}$",
    )


def geo_ranges(name: str) -> list[dict]:
    return [
        between(name, "latitude", min_value=-90, max_value=90),
        between(name, "longitude", min_value=-180, max_value=180),
    ]


def table_specific(name: str) -> list[dict]:
    if name == "documents":
        return [
            expectation(
                "expect_table_row_count_to_be_between",
                "documents.rows.at_least_one",
                WARNING,
                "A release without documents is probably a broken input folder.",
                min_value=1,
            ),
            in_set(name, "published_precision", schemas.PUBLISHED_PRECISIONS),
            in_set(name, "published_source", schemas.PUBLISHED_SOURCES),
            in_set(name, "text_policy", schemas.TEXT_POLICIES),
            between(name, "n_chars", check="non_negative", min_value=0),
            between(name, "n_words", check="non_negative", min_value=0),
            between(name, "boilerplate_lines", check="non_negative", min_value=0),
            expectation(
                "expect_column_values_to_not_match_regex_list",
                "documents.text.no_boilerplate_markers",
                CRITICAL,
                "No page furniture left in the clean text.",
                column="text",
                regex_list=BOILERPLATE_MARKERS_CRITICAL,
            ),
            expectation(
                "expect_column_values_to_not_match_regex_list",
                "documents.text.no_probable_boilerplate",
                WARNING,
                "Lines that look like captions, placeholders or embedded-post attributions.",
                column="text",
                regex_list=BOILERPLATE_MARKERS_WARNING,
            ),
            expectation(
                "expect_column_pair_values_to_be_equal",
                "documents.n_chars.equals_text_length",
                WARNING,
                "n_chars == len(text) where text is published ('full' or position-preserving 'snippet'; view column text_length).",
                column_A="n_chars",
                column_B="text_length",
                ignore_row_if="either_value_is_missing",
            ),
            expectation(
                "expect_column_pair_values_to_be_equal",
                "documents.boilerplate_lines.equals_boilerplate_rows",
                WARNING,
                "boilerplate_lines == rows of this document in the boilerplate table (view column boilerplate_rows).",
                column_A="boilerplate_lines",
                column_B="boilerplate_rows",
                ignore_row_if="either_value_is_missing",
            ),
            expectation(
                "expect_column_values_to_match_regex",
                "documents.content_hash.sha256_hex",
                WARNING,
                "SHA-256 hex digest.",
                column="content_hash",
                regex=r"^[0-9a-f]{64}$",
            ),
            expectation(
                "expect_column_values_to_match_regex",
                "documents.language.iso639",
                WARNING,
                "ISO 639 language code.",
                column="language",
                regex=r"^[a-z]{2,3}$",
            ),
        ]
    if name == "boilerplate":
        return [
            in_set(name, "reason", schemas.BOILERPLATE_REASONS),
            between(name, "line_no", check="non_negative", min_value=0),
        ]
    if name == "paragraphs":
        return [between(name, "para_idx", check="non_negative", min_value=0), *offset_expectations(name)]
    if name == "sentences":
        return [between(name, "sentence_idx", check="non_negative", min_value=0), *offset_expectations(name)]
    if name == "entities":
        return [
            in_set(name, "type", schemas.ENTITY_TYPES),
            *geo_ranges(name),
            between(name, "n_mentions", check="at_least_one", min_value=1),
            between(name, "n_documents", check="at_least_one", min_value=1),
            expectation(
                "expect_column_pair_values_to_be_equal",
                "entities.n_mentions.equals_mention_rows",
                WARNING,
                "n_mentions == rows in entity_mentions for this entity (view column mention_rows).",
                column_A="n_mentions",
                column_B="mention_rows",
            ),
            country_code(name),
        ]
    if name == "entity_mentions":
        return [
            in_set(name, "label", schemas.ENTITY_TYPES),
            *offset_expectations(name),
            text_span_expectation(name),
            in_set(
                name,
                "within_sentence",
                [True],
                WARNING,
                "The span lies inside sentence (doc_id, sentence_idx) of the sentences table (view column within_sentence).",
            ),
        ]
    if name == "quotes":
        return [*offset_expectations(name), text_span_expectation(name)]
    if name == "events":
        return [
            in_set(name, "event_type", schemas.PLOVER_CATEGORIES, what="PLOVER category."),
            in_set(name, "quad_class", schemas.QUAD_CLASSES, what="PLOVER quad class."),
            expectation(
                "expect_column_pair_values_to_be_in_set",
                "events.quad_class.matches_event_type",
                CRITICAL,
                "quad_class is the PLOVER codebook's quad class of event_type.",
                column_A="event_type",
                column_B="quad_class",
                value_pairs_set=[[k, v] for k, v in schemas.PLOVER_QUAD_CLASS.items()],
            ),
            in_set(name, "date_precision", schemas.DATE_PRECISIONS),
            in_set(name, "geo_precision", schemas.GEO_PRECISIONS),
            between(
                name,
                "event_date",
                check="not_after_run_date",
                notes="An event cannot happen after the run that reports it.",
                max_value={"$PARAMETER": "run_date"},
            ),
            expectation(
                "expect_column_values_to_not_be_null",
                "events.event_date.present_unless_unresolved",
                WARNING,
                "A resolved date_precision comes with an event_date.",
                column="event_date",
                row_condition=condition("date_precision", "!=", "unresolved"),
            ),
            expectation(
                "expect_column_values_to_be_null",
                "events.event_date.absent_when_unresolved",
                WARNING,
                "date_precision 'unresolved' means no event_date.",
                column="event_date",
                row_condition=condition("date_precision", "==", "unresolved"),
            ),
            in_set(name, "date_source", schemas.DATE_SOURCES),
            expectation(
                "expect_column_values_to_be_in_set",
                "events.date_precision.unresolved_iff_source_none",
                WARNING,
                "date_source 'none' (no date can be given) comes with date_precision 'unresolved'; with "
                "present_unless_unresolved, every event has an event_date unless its date_source is 'none'.",
                column="date_precision",
                value_set=["unresolved"],
                row_condition=condition("date_source", "==", "none"),
            ),
            expectation(
                "expect_column_values_to_be_in_set",
                "events.date_precision.report_iff_source_report",
                WARNING,
                "A date taken from the report (date_source 'report') has date_precision 'report'.",
                column="date_precision",
                value_set=["report"],
                row_condition=condition("date_source", "==", "report"),
            ),
            *geo_ranges(name),
            between(name, "fatalities", check="non_negative", min_value=0),
            between(name, "confidence", min_value=0, max_value=1),
            between(name, "n_mentions", check="at_least_one", min_value=1),
            between(name, "n_documents", check="at_least_one", severity=WARNING, min_value=1),
            between(
                name,
                "mention_rows",
                check="has_mentions",
                notes="Every event is traceable to at least one row of event_mentions (view column mention_rows).",
                min_value=1,
            ),
            expectation(
                "expect_column_pair_values_to_be_equal",
                "events.n_mentions.equals_mention_rows",
                WARNING,
                "n_mentions == rows in event_mentions for this event (view column mention_rows).",
                column_A="n_mentions",
                column_B="mention_rows",
            ),
            in_set(
                name,
                "actor_entity_ids_resolve",
                [True],
                what="Every id in actor_entity_ids is an entities.entity_id (view column actor_entity_ids_resolve).",
            ),
            in_set(
                name,
                "recipient_entity_ids_resolve",
                [True],
                what="Every id in recipient_entity_ids is an entities.entity_id (view column recipient_entity_ids_resolve).",
            ),
            country_code(name),
        ]
    if name == "event_mentions":
        return [
            between(name, "confidence", min_value=0, max_value=1),
            *offset_expectations(name),
            in_set(
                name,
                "within_sentence",
                [True],
                WARNING,
                "The span lies inside sentence (doc_id, sentence_idx) of the sentences table (view column within_sentence).",
            ),
            in_set(
                name,
                "trigger_in_sentence",
                [True],
                WARNING,
                "Every word of the trigger occurs (case-insensitively) in documents.text[char_start:char_end] "
                "(view column trigger_in_sentence; skipped when the document publishes no text).",
            ),
        ]
    if name == "rejects":
        return [in_set(name, "reason", schemas.REJECT_REASONS)]
    raise KeyError(name)


def table_suite(name: str) -> dict:
    table = TABLES[name]
    return {
        "name": name,
        "meta": {"schema_version": schemas.SCHEMA_VERSION, "table": name},
        "notes": table.description,
        "expectations": [*key_expectations(table), *reference_expectations(table), *table_specific(name)],
    }


def release_suite() -> dict:
    """Release-level checks on the release view: one row per published table."""
    return {
        "name": "release",
        "meta": {"schema_version": schemas.SCHEMA_VERSION, "table": "release"},
        "notes": "Release-level checks: one row per published table, compared with the declared schema and the previous release.",
        "expectations": [
            expectation(
                "expect_column_distinct_values_to_contain_set",
                "release.tables.all_present",
                CRITICAL,
                "Every published table is in the release.",
                column="table",
                value_set=list(schemas.PUBLISHED_TABLES),
            ),
            expectation(
                "expect_column_pair_values_to_be_equal",
                "release.columns.match_declared_schema",
                CRITICAL,
                "Each table has exactly the declared columns, in order, with the declared types.",
                column_A="columns",
                column_B="declared_columns",
            ),
            in_set(
                "release",
                "schema_change_without_version_bump",
                [False],
                CRITICAL,
                "A table's columns differ from the previous release's while schema_version did not increase.",
            ),
            not_less_than(
                "release.schema_version.not_decreasing",
                CRITICAL,
                "schema_version never goes down between releases.",
                larger="schema_version",
                smaller="previous_schema_version",
            ),
            between(
                "release",
                "shrink_fraction",
                WARNING,
                check="within_limit",
                notes="A table lost more than max_shrink_fraction of its rows since the previous release.",
                max_value={"$PARAMETER": "max_shrink_fraction"},
            ),
        ],
    }


def main() -> None:
    out_dir = ROOT / "expectations"
    out_dir.mkdir(exist_ok=True)
    suites = {name: table_suite(name) for name in schemas.PUBLISHED_TABLES}
    suites["release"] = release_suite()
    for name, suite in suites.items():
        path = out_dir / f"{name}.json"
        path.write_text(json.dumps(suite, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(suite['expectations'])} expectations")


if __name__ == "__main__":
    main()
