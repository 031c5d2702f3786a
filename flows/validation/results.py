"""The result model of the gate: one ``ExpectationResult`` per check, gathered in a ``ValidationOutcome``.

A check has a *kind* (what a failure means) and a *severity* (what a failure does):

- ``invariant`` + ``critical``: a bug in the pipeline (a key, a foreign key, an offset, the schema);
  any failing row blocks the release;
- ``row_rule`` + ``critical``: an implausible row (a date after the run, page furniture left in a
  text...); failing rows are quarantined with their dependants, and the rule blocks only when its
  failing share exceeds its threshold (GX ``mostly``) in rows from more than one document;
- ``warning`` (either kind): reported, never blocks, removes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

CRITICAL, WARNING = "critical", "warning"
SEVERITIES = (CRITICAL, WARNING)
INVARIANT, ROW_RULE = "invariant", "row_rule"
KINDS = (INVARIANT, ROW_RULE)

# Failing rows of a row rule that all come from one document never block a release, whatever their
# share: "one odd article must never stop a release" (issue 9).  Small releases make the share
# meaningless (one bad article in six is 17%), so a share above the threshold blocks only when the
# failing rows come from at least this many documents.
MIN_DOCUMENTS_TO_BLOCK = 2


@dataclass
class ExpectationResult:
    """The outcome of one expectation (or one release-file check) on one table."""

    table: str
    check: str
    expectation_type: str
    kwargs: dict[str, Any]
    severity: str
    success: bool
    observed: Any = None
    unexpected_count: int | None = None
    element_count: int | None = None
    examples: list[dict[str, Any]] = field(default_factory=list)
    notes: str = ""
    error: str | None = None
    kind: str = INVARIANT
    mostly: float | None = None
    # Row rules: distinct documents the failing rows come from, and rows the gate quarantined.
    documents_affected: int | None = None
    min_documents_to_block: int = MIN_DOCUMENTS_TO_BLOCK
    quarantined_rows: int = 0
    # Row positions (in the validated table) of every failing row; used by the gate, never serialised.
    failing_rows: list[int] = field(default_factory=list, repr=False, compare=False)
    # The failing value of each of those rows as text (an excerpt for long texts), same order.
    failing_values: list[str] = field(default_factory=list, repr=False, compare=False)

    @property
    def expectation(self) -> str:
        """Short label: the expectation type and the column(s) it looks at."""
        columns = kwarg_columns(self.kwargs)
        return f"{self.expectation_type}({', '.join(columns)})" if columns else self.expectation_type

    @property
    def quarantines(self) -> bool:
        """A critical row rule with failing rows: those rows are taken out of the release."""
        return self.kind == ROW_RULE and self.severity == CRITICAL and bool(self.unexpected_count)

    @property
    def blocks(self) -> bool:
        """This failure stops the release."""
        if self.success or self.severity != CRITICAL:
            return False
        if self.kind == ROW_RULE and self.error is None and self.documents_affected is not None:
            return self.documents_affected >= self.min_documents_to_block
        return True

    def observed_text(self) -> str:
        if self.error:
            return f"error: {self.error}"
        if self.unexpected_count is not None and self.element_count is not None:
            text = f"{self.unexpected_count} of {self.element_count} rows unexpected"
            if self.mostly is not None and self.mostly < 1:
                text += f" (threshold {1 - self.mostly:.0%})"
            if self.documents_affected is not None and self.unexpected_count:
                text += f" in {self.documents_affected} document{'s' if self.documents_affected != 1 else ''}"
            if self.observed is not None:
                text += f"; observed {short(self.observed)}"
            return text
        return short(self.observed)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("failing_rows")
        out.pop("failing_values")
        return {**out, "expectation": self.expectation, "blocks": self.blocks}


@dataclass
class ValidationOutcome:
    """All results of one validation; ``success`` is False when any failure blocks the release."""

    results: list[ExpectationResult]
    run_date: dt.date | None = None
    schema_version: int | None = None
    previous_release: str | None = None
    subject: str | None = None  # what was validated: a run's staged tables or a release folder
    # Rows the gate quarantined, per (rule, table): [{"rule", "table", "action", "rows"}], biggest first.
    quarantine_counts: list[dict[str, Any]] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return not self.critical_failures

    @property
    def critical_failures(self) -> list[ExpectationResult]:
        """Failures that block the release: invariants, and row rules above their threshold."""
        return [r for r in self.results if r.blocks]

    @property
    def quarantines(self) -> list[ExpectationResult]:
        """Row rules whose failing rows were (or would be) quarantined without blocking."""
        return [r for r in self.results if r.quarantines and not r.blocks]

    @property
    def warnings(self) -> list[ExpectationResult]:
        return [r for r in self.results if not r.success and r.severity != CRITICAL]

    def failed_checks(self) -> list[str]:
        """Every check with failing rows (blocking, quarantining or warning)."""
        return [r.check for r in self.results if not r.success or r.quarantines]

    def result(self, check: str) -> ExpectationResult:
        """The result of one named check (KeyError when it did not run)."""
        for r in self.results:
            if r.check == check:
                return r
        raise KeyError(check)

    def quarantined_by_rule(self) -> dict[str, int]:
        """Rows taken out of the release per rule (``depends_on:<rule>`` for dependants)."""
        counts: dict[str, int] = {}
        for row in self.quarantine_counts:
            counts[row["rule"]] = counts.get(row["rule"], 0) + int(row["rows"])
        return counts

    def to_json(self) -> dict[str, Any]:
        from flows.validation.gx import gx_version

        return json_safe(
            {
                "success": self.success,
                "subject": self.subject,
                "run_date": self.run_date.isoformat() if self.run_date else None,
                "schema_version": self.schema_version,
                "previous_release": self.previous_release,
                "great_expectations_version": gx_version(),
                "statistics": {
                    "evaluated": len(self.results),
                    "successful": sum(r.success and not r.quarantines for r in self.results),
                    "critical_failures": len(self.critical_failures),
                    "quarantining_rules": len(self.quarantines),
                    "quarantined_rows": sum(int(row["rows"]) for row in self.quarantine_counts),
                    "warnings": len(self.warnings),
                },
                "quarantine": self.quarantine_counts,
                "results": [r.to_json() for r in self.results],
            }
        )

    def summary_rows(self) -> list[dict[str, Any]]:
        """One row per expectation, for a Prefect table artifact."""
        return [
            {
                "table": r.table,
                "expectation": r.check,
                "kind": r.kind,
                "severity": r.severity,
                "success": r.success,
                "quarantined": r.quarantined_rows,
                "observed": r.observed_text(),
            }
            for r in self.results
        ]

    def write(self, directory: Path) -> Path:
        """Write ``<directory>/validation/results.json`` and ``report.html``; returns the validation folder."""
        from flows.validation.report import render_html_report

        out = Path(directory) / "validation"
        out.mkdir(parents=True, exist_ok=True)
        (out / "results.json").write_text(
            json.dumps(self.to_json(), indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        (out / "report.html").write_text(render_html_report(self), encoding="utf-8")
        return out

    def format_failures(self, *, max_examples: int = 3) -> str:
        """Failed checks with example rows, for the terminal: blocking first, then quarantines, then warnings."""
        lines: list[str] = []
        sections = (
            ("Critical failures", self.critical_failures),
            ("Quarantined by row rules", self.quarantines),
            ("Warnings", self.warnings),
        )
        for title, failures in sections:
            if not failures:
                continue
            lines.append(f"{title} ({len(failures)}):")
            for r in failures:
                lines.append(f"  [{r.severity}] {r.check}: {r.expectation}")
                lines.append(f"      observed: {r.observed_text()}")
                for example in r.examples[:max_examples]:
                    lines.append(f"      e.g. {json.dumps(json_safe(example), ensure_ascii=False, sort_keys=True)}")
        by_rule = self.quarantined_by_rule()
        if by_rule:
            lines.append("Quarantined rows per rule: " + ", ".join(f"{rule}: {n}" for rule, n in by_rule.items()))
        if not lines:
            return f"All {len(self.results)} checks passed."
        return "\n".join(lines)


# --- small helpers shared by the package -----------------------------------------------------------


def kwarg_columns(kwargs: dict[str, Any]) -> list[str]:
    columns = [kwargs[k] for k in ("column", "column_A", "column_B") if isinstance(kwargs.get(k), str)]
    columns += [c for c in kwargs.get("column_list") or [] if isinstance(c, str)]
    return columns


def short(value: Any, limit: int = 200) -> str:
    text = value if isinstance(value, str) else json.dumps(json_safe(value), ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [json_safe(v) for v in value]
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN is not JSON
        return None
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "tolist"):
        return json_safe(value.tolist())
    if hasattr(value, "item"):
        return json_safe(value.item())
    return str(value)
