"""ea: an ArchiMate 3.2 enterprise-architecture model as a typed networkx graph.

The metamodel (`ea_model.metamodel`), the model's objects (`ea_model.objects`), the graph
(`ea_model.model.Model`) and the analyses over it. Nothing here knows about file formats.
"""

from ea_model.errors import EaError, ModelError
from ea_model.findings import Finding
from ea_model.metamodel import Layer
from ea_model.model import Model
from ea_model.objects import (
    Bounds,
    Color,
    Element,
    Font,
    LangString,
    Metadata,
    ModelInfo,
    OrganizationItem,
    Point,
    Property,
    PropertyDefinition,
    Relationship,
    Style,
    View,
    ViewConnection,
    ViewNode,
    lang_string,
    text_in,
)

__version__ = "0.1.0"

__all__ = [
    "Bounds",
    "Color",
    "EaError",
    "Element",
    "Finding",
    "Font",
    "LangString",
    "Layer",
    "Metadata",
    "Model",
    "ModelError",
    "ModelInfo",
    "OrganizationItem",
    "Point",
    "Property",
    "PropertyDefinition",
    "Relationship",
    "Style",
    "View",
    "ViewConnection",
    "ViewNode",
    "lang_string",
    "text_in",
    "__version__",
]
