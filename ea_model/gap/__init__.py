"""Gap analysis: the TOGAF gap matrix between a baseline and a target, and what it does to compliance.

`match` pairs elements and relationships across the two sides, `matrix` builds the `GapReport`
(and its JSON), `delta` runs the DGA check on both sides and compares, `text` renders the report for
people, `emit` writes ArchiMate Gap elements back into the model.
"""

from ea_model.gap.delta import attach_compliance_delta, compliance_delta, render_compliance_delta_text
from ea_model.gap.emit import emit_gaps
from ea_model.gap.match import ElementChange, RelationshipChange, match_elements
from ea_model.gap.matrix import (
    DanglingDependency,
    GapReport,
    LayerGap,
    Side,
    gap_analysis,
    gap_between_models,
    gap_between_plateaus,
    gap_json,
    model_side,
    plateau_side,
)
from ea_model.gap.text import render_gap_text

__all__ = [
    "DanglingDependency",
    "ElementChange",
    "GapReport",
    "LayerGap",
    "RelationshipChange",
    "Side",
    "attach_compliance_delta",
    "compliance_delta",
    "emit_gaps",
    "gap_analysis",
    "gap_between_models",
    "gap_between_plateaus",
    "gap_json",
    "match_elements",
    "model_side",
    "plateau_side",
    "render_compliance_delta_text",
    "render_gap_text",
]
