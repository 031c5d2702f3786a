"""Orchestration and I/O of newsevents. ``from flows import load_table`` loads a published table."""

from __future__ import annotations

from typing import Any

__all__ = ["load_table", "scan_table"]


def __getattr__(name: str) -> Any:
    # Lazy, so `import flows.cli` stays quick and `from flows import load_table` pulls in only polars.
    if name in __all__:
        from flows import api

        return getattr(api, name)
    raise AttributeError(f"module 'flows' has no attribute {name!r}")
