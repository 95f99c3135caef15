"""Shared fixtures: the real reference files in tests/data/ (sources in tests/data/SOURCES.md)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
ARCHIMATE = DATA / "archimate"
EXAMPLES = ARCHIMATE / "examples"
XSD_SHA256 = ARCHIMATE / "xsd.sha256"


def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.xml"))
