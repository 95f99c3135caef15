"""Reference data: DGA outcomes and criteria, platforms, strategies, the BMA's organisation and
the bundled BMA model. Data files an architect reads and extends; small loaders here.

`dga` loads the DGA catalog (into the types of `ea_model.compliance.criteria`), `strategies` the
strategy kinds, `bma_model` builds the BMA reference model from `bma/*.yaml` (with `bma_builder`,
`bma_parts`, `bma_views`), `paths` says where the files are. The core takes what these load as
arguments; nothing here imports `exporters` or the CLI.
"""

from __future__ import annotations

from catalog.dga import load_dga_catalog
from catalog.paths import BUNDLED_MODEL, CATALOG_DIR, bundled_model_path
from catalog.strategies import strategy_kinds

__all__ = ["BUNDLED_MODEL", "CATALOG_DIR", "bundled_model_path", "load_dga_catalog", "strategy_kinds"]
