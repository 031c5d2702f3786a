"""Shared fixtures: environment for Prefect/GX, the spaCy pipeline and the seed articles."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "seeds"
SHARED_DATA = ROOT.parent / "shared" / "data"

os.environ.setdefault("PREFECT_HOME", str(ROOT / ".prefect"))
from flows.settings import apply_environment  # noqa: E402

apply_environment()


@pytest.fixture(scope="session")
def nlp():
    """The project's spaCy pipeline, loaded once per test session."""
    from transforms.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """The five seed articles by file name, exactly as given."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt"))}
