"""The data-quality gate: the Great Expectations suites in ``expectations/`` run over the tables.

Every check runs inside GX (GX Core 1.x, ephemeral context, pandas batches, one table at a time).
Checks that need more than one table (foreign keys, text at offsets, counts, the previous release)
run built-in expectations over *validation views*: the table plus derived columns computed with
polars joins.  Each expectation is classified in its suite file: ``meta.kind`` says what a failure
means (``invariant``: a bug; ``row_rule``: an implausible row), ``meta.severity`` what it does.

The package, along its seams:

- ``results``: the result model (``ExpectationResult``, ``ValidationOutcome``);
- ``suites``: loading and checking the suite files;
- ``gx``: Great Expectations plumbing (context, batches, converting results);
- ``references``: the dependency graph of the tables (foreign keys, aggregates);
- ``views``: the validation views and the release view;
- ``validate``: ``validate_tables``, every suite over a set of tables;
- ``quarantine``: removing failing rows with their dependants into the ``quarantine`` table;
- ``gate``: ``run_gate``, what a run calls before publishing; ``nothing_survived_message``;
- ``release_files``: ``validate_release`` / ``validate_cli`` for a published folder (checksums,
  manifest, data package hashes, then the suites);
- ``report``: ``validation/report.html``.
"""

from flows.validation.gate import GateResult, nothing_survived_message, quarantine_counts, run_gate
from flows.validation.gx import DEFAULT_EXAMPLE_ROWS, EXAMPLE_TEXT_CHARS, warm_up
from flows.validation.quarantine import Failure, quarantine_failures
from flows.validation.references import AGGREGATES, REFERENCES, Aggregate, Reference
from flows.validation.release_files import (
    check_datapackage,
    check_release_files,
    previous_release_of,
    validate_cli,
    validate_release,
)
from flows.validation.report import render_html_report
from flows.validation.results import (
    CRITICAL,
    INVARIANT,
    KINDS,
    MIN_DOCUMENTS_TO_BLOCK,
    ROW_RULE,
    SEVERITIES,
    WARNING,
    ExpectationResult,
    ValidationOutcome,
)
from flows.validation.suites import (
    DEFAULT_ROW_RULE_MOSTLY,
    RELEASE_SUITE,
    SUITE_ORDER,
    SuiteError,
    load_suite_definitions,
)
from flows.validation.validate import validate_tables
from flows.validation.views import (
    DEFAULT_MAX_SHRINK_FRACTION,
    TEXT_POLICIES_WITH_LENGTH,
    TEXT_POLICIES_WITH_SPANS,
    PreviousRelease,
    build_release_view,
    build_validation_view,
    build_validation_views,
    expectation_parameters,
    read_previous_release,
)

__all__ = [
    "warm_up",
    "AGGREGATES",
    "CRITICAL",
    "DEFAULT_EXAMPLE_ROWS",
    "DEFAULT_MAX_SHRINK_FRACTION",
    "DEFAULT_ROW_RULE_MOSTLY",
    "EXAMPLE_TEXT_CHARS",
    "INVARIANT",
    "KINDS",
    "MIN_DOCUMENTS_TO_BLOCK",
    "REFERENCES",
    "RELEASE_SUITE",
    "ROW_RULE",
    "SEVERITIES",
    "SUITE_ORDER",
    "TEXT_POLICIES_WITH_LENGTH",
    "TEXT_POLICIES_WITH_SPANS",
    "WARNING",
    "Aggregate",
    "ExpectationResult",
    "Failure",
    "GateResult",
    "PreviousRelease",
    "Reference",
    "SuiteError",
    "ValidationOutcome",
    "build_release_view",
    "build_validation_view",
    "build_validation_views",
    "check_datapackage",
    "check_release_files",
    "expectation_parameters",
    "load_suite_definitions",
    "nothing_survived_message",
    "previous_release_of",
    "quarantine_counts",
    "quarantine_failures",
    "read_previous_release",
    "render_html_report",
    "run_gate",
    "validate_cli",
    "validate_release",
    "validate_tables",
]
