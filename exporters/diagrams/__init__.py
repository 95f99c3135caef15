"""Diagrams in ArchiMate notation, drawn with Graphviz: the governance review diagrams (per service,
the application landscape, the strategy map), views as the model draws them, and automatic layout.

`notation`, `icons` and `labels` are the house style (`notation_key` draws it), `graph` the building
blocks, `scope` what a service's diagram shows, `landscape`/`view`/`review` the diagrams, `layout`
and `service_view` lay views out and write them back, `rendering` runs Graphviz, `facts` are the
catalog facts the diagrams show.
"""

from exporters.diagrams.landscape import application_landscape
from exporters.diagrams.layout import keep_positions, layout_problems, layout_view, layout_views, needs_layout
from exporters.diagrams.notation_key import notation_key
from exporters.diagrams.rendering import FORMATS, Diagram, render, render_all, require_dot
from exporters.diagrams.review import (
    bma_strategy_ids,
    citizen_service_ids,
    review_diagrams,
    review_verdicts,
    service_diagram,
    strategy_diagrams,
    strategy_elements,
    strategy_map,
)
from exporters.diagrams.scope import ServiceSupport, service_support
from exporters.diagrams.service_view import generate_service_views
from exporters.diagrams.view import view_diagram

__all__ = [
    "FORMATS",
    "Diagram",
    "ServiceSupport",
    "application_landscape",
    "citizen_service_ids",
    "generate_service_views",
    "keep_positions",
    "layout_problems",
    "layout_view",
    "layout_views",
    "needs_layout",
    "notation_key",
    "render",
    "render_all",
    "require_dot",
    "review_diagrams",
    "review_verdicts",
    "service_diagram",
    "service_support",
    "bma_strategy_ids",
    "strategy_diagrams",
    "strategy_elements",
    "strategy_map",
    "view_diagram",
]
