"""``validation/report.html``: one self-contained page, what needs attention first.

Top: the subject and the verdict, then failures (blocking first, then row-rule quarantines, then
warnings) and the rows quarantined per rule.  Below: every table with every check and its result.
"""

from __future__ import annotations

import html
import json

from flows.validation.gx import gx_version
from flows.validation.results import CRITICAL, ExpectationResult, ValidationOutcome, json_safe, short
from flows.validation.suites import SUITE_ORDER
from transforms.schemas import TABLES

_REPORT_CSS = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;width:100%;margin-bottom:2em}
th,td{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left;font-size:14px}
th{background:#f3f3f3} .pass{color:#1a7f37} .fail-critical{color:#fff;background:#cf222e}
.fail-warning{background:#f5d90a} .quarantine{background:#fbd9a5} td.num{text-align:right}
code,pre{font-size:12px;white-space:pre-wrap;word-break:break-word;margin:0}
.summary td{font-size:16px}
"""

esc = html.escape


def _status(r: ExpectationResult) -> tuple[str, str]:
    """(css class, label) of one result."""
    if r.blocks:
        return "fail-critical", "FAIL"
    if r.quarantines:
        return "quarantine", "QUARANTINED"
    if not r.success:
        return f"fail-{r.severity}" if r.severity != CRITICAL else "fail-critical", "FAIL"
    return "pass", "pass"


def _examples(r: ExpectationResult) -> str:
    return "".join(
        f"<pre>{esc(json.dumps(json_safe(e), ensure_ascii=False, sort_keys=True))}</pre>" for e in r.examples
    )


def _result_row(r: ExpectationResult, *, with_table: bool) -> str:
    css, label = _status(r)
    kwargs = json.dumps(json_safe(r.kwargs), ensure_ascii=False, sort_keys=True)
    table_cell = f"<td>{esc(r.table)}</td>" if with_table else ""
    return (
        f"<tr><td class='{css}'>{label}</td>{table_cell}<td>{esc(r.kind)}</td><td>{esc(r.severity)}</td>"
        f"<td><b>{esc(r.check)}</b><br>{esc(r.notes)}</td>"
        f"<td><code>{esc(r.expectation_type)}</code><br><code>{esc(short(kwargs, 400))}</code></td>"
        f"<td>{esc(r.observed_text())}</td><td>{_examples(r)}</td></tr>"
    )


def _header(with_table: bool) -> str:
    table = "<th>table</th>" if with_table else ""
    return (
        f"<table><tr><th>result</th>{table}<th>kind</th><th>severity</th><th>check</th><th>expectation</th>"
        "<th>observed</th><th>examples</th></tr>"
    )


def _summary(outcome: ValidationOutcome, verdict: str) -> list[str]:
    n_quarantined = sum(int(row["rows"]) for row in outcome.quarantine_counts)
    checks = (
        f"{len(outcome.results)} evaluated, {sum(r.success and not r.quarantines for r in outcome.results)} passed, "
        f"{len(outcome.critical_failures)} critical failures, {len(outcome.quarantines)} row rules quarantining "
        f"{n_quarantined} rows, {len(outcome.warnings)} warnings"
    )
    return [
        f"<h1>Validation report: {verdict}</h1>",
        "<table class='summary'>",
        f"<tr><th>subject</th><td>{esc(outcome.subject or 'tables validated in memory')}</td></tr>",
        f"<tr><th>run date</th><td>{esc(outcome.run_date.isoformat() if outcome.run_date else '')}</td></tr>",
        f"<tr><th>schema version</th><td>{esc(str(outcome.schema_version))}</td></tr>",
        f"<tr><th>previous release</th><td>{esc(outcome.previous_release or 'none')}</td></tr>",
        f"<tr><th>checks</th><td>{esc(checks)}</td></tr>",
        f"<tr><th>engine</th><td>Great Expectations {esc(gx_version())}; suites in expectations/*.json</td></tr>",
        "</table>",
    ]


def _attention(outcome: ValidationOutcome) -> list[str]:
    """Failures first: blocking, then quarantining row rules, then warnings; then quarantine counts."""
    parts: list[str] = []
    failing = [*outcome.critical_failures, *outcome.quarantines, *outcome.warnings]
    if failing:
        parts.append("<h2 id='failures'>Failures</h2>")
        parts.append(_header(with_table=True))
        parts += [_result_row(r, with_table=True) for r in failing]
        parts.append("</table>")
    if outcome.quarantine_counts:
        parts.append("<h2 id='quarantine'>Rows quarantined per rule</h2>")
        parts.append(
            "<p>Rows removed from the release (or unlinked from removed rows), published in the "
            "<code>quarantine</code> table. <code>depends_on:&lt;rule&gt;</code> counts the dependants of "
            "the rows that failed the rule.</p>"
        )
        parts.append("<table><tr><th>rule</th><th>table</th><th>action</th><th>rows</th></tr>")
        parts += [
            f"<tr><td>{esc(row['rule'])}</td><td>{esc(row['table'])}</td><td>{esc(row['action'])}</td>"
            f"<td class='num'>{int(row['rows'])}</td></tr>"
            for row in outcome.quarantine_counts
        ]
        parts.append("</table>")
    return parts


def render_html_report(outcome: ValidationOutcome) -> str:
    """A self-contained HTML page: summary, what needs attention, then each table with each check."""
    verdict = "PASSED" if outcome.success else "FAILED"
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Validation report: {verdict}</title><style>{_REPORT_CSS}</style></head><body>",
        *_summary(outcome, verdict),
        *_attention(outcome),
    ]
    tables: dict[str, list[ExpectationResult]] = {}
    for r in outcome.results:
        tables.setdefault(r.table, []).append(r)
    order = [t for t in SUITE_ORDER if t in tables] + sorted(t for t in tables if t not in SUITE_ORDER)
    parts.append("<p>Tables: " + " · ".join(f"<a href='#{esc(t)}'>{esc(t)}</a>" for t in order) + "</p>")
    for name in order:
        results = tables[name]
        n_passed = sum(r.success and not r.quarantines for r in results)
        description = TABLES[name].description if name in TABLES else "Release-level and file checks."
        parts.append(f"<h2 id='{esc(name)}'>{esc(name)} <small>({n_passed}/{len(results)} passed)</small></h2>")
        parts.append(f"<p>{esc(description)}</p>")
        parts.append(_header(with_table=False))
        parts += [_result_row(r, with_table=False) for r in results]
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
