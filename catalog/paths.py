"""Where the catalog's files are: the package folder and the bundled BMA model."""

from __future__ import annotations

from pathlib import Path

CATALOG_DIR = Path(__file__).resolve().parent
BUNDLED_MODEL = CATALOG_DIR / "model" / "bma.xml"


def bundled_model_path() -> Path:
    """The BMA reference model the tool uses when a command is given no MODEL."""
    return BUNDLED_MODEL
