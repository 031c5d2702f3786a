"""Process-wide settings applied before Prefect or GX are imported (analytics off, no network, timeouts)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
# The shared development data (VOA stories, PLOVER, PETRARCH2 dictionaries, WCXB, re3d) sits beside the
# checkout in development and CI; NEWSEVENTS_SHARED points elsewhere.
SHARED_DIR = Path(os.environ.get("NEWSEVENTS_SHARED", PROJECT_ROOT.parent / "shared"))

_DEFAULTS = {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "GX_ANALYTICS_ENABLED": "false",
    # Prefect's temporary local server can take >20 s to start on small machines.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_TO_API_ENABLED": "true",
    "TOKENIZERS_PARALLELISM": "false",
}


def apply_environment() -> None:
    """Set safe defaults for Prefect/GX unless the user already chose otherwise."""
    for key, value in _DEFAULTS.items():
        os.environ.setdefault(key, value)
