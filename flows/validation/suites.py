"""The suite files in ``expectations/``: loading them and checking that each expectation is classified.

The JSON files are the only source of the suites (nothing rebuilds them in code).  Each expectation
carries ``meta.check`` (a stable name), ``meta.kind`` (``invariant`` | ``row_rule``) and
``meta.severity`` (``critical`` | ``warning``); a critical row rule states its threshold as GX's
``mostly`` (the share of non-null rows that must pass; ``DEFAULT_ROW_RULE_MOSTLY`` when absent).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from flows.settings import EXPECTATIONS_DIR
from flows.validation.results import CRITICAL, INVARIANT, KINDS, ROW_RULE, SEVERITIES
from transforms import schemas

RELEASE_SUITE = "release"
SUITE_ORDER: tuple[str, ...] = (*schemas.PUBLISHED_TABLES, RELEASE_SUITE)

# A row rule blocks the release when more than 1% of its rows fail (issue 9: "default 1%, set per
# rule in the suite file"): above that share a failure is systematic, a bug rather than odd inputs.
DEFAULT_ROW_RULE_MOSTLY = 0.99


class SuiteError(ValueError):
    """A suite file that the gate cannot trust (missing, unclassified or ambiguous expectations)."""


def _check_expectation(path: Path, exp: dict[str, Any]) -> dict[str, Any]:
    """The expectation with its defaults filled in; SuiteError when it is not classified properly."""
    meta = exp.get("meta") or {}
    label = f"{path.name}: {meta.get('check') or exp.get('type')}"
    if not meta.get("check"):
        raise SuiteError(f"{label} has no meta.check")
    if meta.get("severity") not in SEVERITIES:
        raise SuiteError(f"{label} has meta.severity {meta.get('severity')!r}, expected one of {SEVERITIES}")
    if meta.get("kind") not in KINDS:
        raise SuiteError(f"{label} has meta.kind {meta.get('kind')!r}, expected one of {KINDS}")
    kwargs = exp.setdefault("kwargs", {})
    mostly = kwargs.get("mostly")
    if meta["kind"] == INVARIANT and mostly is not None and mostly < 1:
        raise SuiteError(f"{label}: an invariant tolerates no failing row, yet it sets mostly={mostly}")
    if meta["kind"] == ROW_RULE and meta["severity"] == CRITICAL:
        if mostly is None:
            kwargs["mostly"] = DEFAULT_ROW_RULE_MOSTLY
        elif not 0 < mostly <= 1:
            raise SuiteError(f"{label}: mostly={mostly} is not a share in (0, 1]")
    return exp


def load_suite_definitions(directory: Path = EXPECTATIONS_DIR) -> dict[str, dict[str, Any]]:
    """The suite JSON files as dicts, by suite name (``<table>.json`` and ``release.json``)."""
    suites: dict[str, dict[str, Any]] = {}
    checks: dict[str, str] = {}
    for name in SUITE_ORDER:
        path = Path(directory) / f"{name}.json"
        if not path.exists():
            raise FileNotFoundError(f"missing expectation suite {path}")
        suite = json.loads(path.read_text(encoding="utf-8"))
        suite["expectations"] = [_check_expectation(path, copy.deepcopy(e)) for e in suite.get("expectations", [])]
        for exp in suite["expectations"]:
            check = exp["meta"]["check"]
            if check in checks:
                raise SuiteError(f"{path.name}: check {check} is also in {checks[check]}")
            checks[check] = path.name
        suites[name] = suite
    return suites
