"""Build the bundled BMA reference model from the readable YAML in ``catalog/bma/``.

The YAML is the source of truth; ``catalog/model/bma.xml`` is generated from it by
``scripts/build_bma_model.py`` (deterministically: the same YAML gives the same bytes). The builder
follows docs/modeling-conventions.md: organisation and agencies (§2), services with their processes,
documents, channels, fees, identity and data (§1-§8), platforms (§9), strategy (§10) and the two
plateaus with the work packages between them (§11). Views are laid out by ``catalog.bma_views``.

    >>> from catalog.bma_model import build_bma_model
    >>> model = build_bma_model()
    >>> model.element("id-svc-bldg-permit").name["en"][:15]
    'Building permit'
"""

from __future__ import annotations

from pathlib import Path

from catalog.bma_builder import BMA_DIR, BmaBuilder, element_id, load_sources, strategy_kinds
from catalog.bma_parts import (
    build_documents,
    build_migration,
    build_organisation,
    build_services,
    build_strategy,
    build_systems,
)
from catalog.bma_views import add_views
from ea_model.model import Model

__all__ = ["BMA_DIR", "BmaBuilder", "build_bma_model", "element_id", "load_sources", "strategy_kinds"]


def build_bma_model(source_dir: Path = BMA_DIR, *, views: bool = True) -> Model:
    """The BMA reference model, built from the YAML in `source_dir`."""
    builder = BmaBuilder(load_sources(source_dir))
    builder.describe_model()
    build_organisation(builder)
    build_documents(builder)
    build_systems(builder)
    build_strategy(builder)
    build_services(builder)
    build_migration(builder)
    builder.finish_plateaus()
    if views:
        add_views(builder)
    return builder.model
