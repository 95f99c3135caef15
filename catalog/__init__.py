"""Reference data: DGA outcomes and criteria, platforms, strategies, the BMA's organisation and
the bundled BMA model. Data files an architect reads and extends; small loaders here."""

from __future__ import annotations

from pathlib import Path

CATALOG_DIR = Path(__file__).resolve().parent
BUNDLED_MODEL = CATALOG_DIR / "model" / "bma.xml"


def bundled_model_path() -> Path:
    """The BMA reference model the tool uses when a command is given no MODEL."""
    return BUNDLED_MODEL


def strategy_kinds() -> dict[str, str]:
    """Strategy id -> "bma" or "national", for the `strategy` property of Goals (catalog/bma/strategies.yaml)."""
    from catalog.bma_model import strategy_kinds as kinds

    return kinds()
