"""Shared fixtures: the real reference files in ../shared/archimate/ and small models built in code."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("EA_SHARED", ROOT.parent / "shared"))
ARCHIMATE = SHARED / "archimate"
EXAMPLES = ARCHIMATE / "examples"
XSD_DIR = ARCHIMATE / "xsd"


def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.xml"))


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.exists():
        pytest.fail(f"the shared reference files are missing: {SHARED}")
    return SHARED
