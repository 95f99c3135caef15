"""ArchiMate notation for Graphviz: fill colour per layer, a shape per element type, and the line
style and arrowheads per relationship type.

The colours are Archi's defaults (what architects see in the tool); the shapes are the nearest
Graphviz shapes to the ArchiMate box notation (active structure: square corners; behaviour:
rounded; services: a stadium, drawn as an ellipse; objects: a box with a header band; motivation:
cut corners, drawn as an octagon). Every node also carries its type as text («BusinessProcess»), so
nothing depends on recognising a shape. Pure data and small lookups: no Graphviz calls here.

    >>> fill_of("BusinessProcess"), shape_of("ApplicationComponent").shape
    ('#ffffb5', 'component')
    >>> edge_style("Realization")["arrowhead"]
    'onormal'
"""

from __future__ import annotations

from typing import NamedTuple

from ea_model.metamodel import ELEMENT_TYPES, Layer, layer_of

# The font that renders Thai with Graphviz here (fonts-thai-tlwg); Latin text renders with it too.
FONT = "Loma"
FONT_SIZE = 11
SMALL_FONT_SIZE = 8

LAYER_FILL: dict[Layer, str] = {
    Layer.STRATEGY: "#f5deaa",
    Layer.MOTIVATION: "#ccccff",
    Layer.BUSINESS: "#ffffb5",
    Layer.APPLICATION: "#b5ffff",
    Layer.TECHNOLOGY: "#c9e7b7",
    Layer.PHYSICAL: "#c9e7b7",
    Layer.IMPLEMENTATION_MIGRATION: "#ffe0e0",
    Layer.OTHER: "#ffffff",
}
_TYPE_FILL = {
    "Plateau": "#e0ffe0",
    "Gap": "#e0ffe0",
    "Location": "#fbb875",
    "Grouping": "#ffffff",
    "AndJunction": "#000000",
    "OrJunction": "#ffffff",
}

# Layer names as the diagrams show them (Thai first, then English).
LAYER_LABEL: dict[Layer, tuple[str, str]] = {
    Layer.MOTIVATION: ("แรงจูงใจ", "Motivation"),
    Layer.STRATEGY: ("กลยุทธ์", "Strategy"),
    Layer.BUSINESS: ("ธุรกิจ", "Business"),
    Layer.APPLICATION: ("แอปพลิเคชัน", "Application"),
    Layer.TECHNOLOGY: ("เทคโนโลยี", "Technology"),
    Layer.PHYSICAL: ("กายภาพ", "Physical"),
    Layer.IMPLEMENTATION_MIGRATION: ("การดำเนินการและการเปลี่ยนผ่าน", "Implementation & Migration"),
    Layer.OTHER: ("อื่น ๆ", "Other"),
}


def fill_of(element_type: str) -> str:
    """The fill colour Archi gives an element of this type by default."""
    if element_type in _TYPE_FILL:
        return _TYPE_FILL[element_type]
    return LAYER_FILL[layer_of(element_type)] if element_type in ELEMENT_TYPES else LAYER_FILL[Layer.OTHER]


class Shape(NamedTuple):
    shape: str
    style: str = "filled"  # Graphviz node style
    peripheries: int = 1


_BOX = Shape("box")
_ROUNDED = Shape("box", "rounded,filled")
_SERVICE = Shape("ellipse")
_EVENT = Shape("cds", "filled")
_PROCESS = Shape("cds", "rounded,filled")
_OBJECT = Shape("box")  # the header band is drawn by the label
_MOTIVATION = Shape("octagon")
_NODE = Shape("box3d")

_SHAPES: dict[str, Shape] = {
    # business
    "BusinessActor": _BOX,
    "BusinessRole": Shape("cylinder"),
    "BusinessCollaboration": Shape("box", "filled", 2),
    "BusinessInterface": Shape("box", "filled"),
    "BusinessProcess": _PROCESS,
    "BusinessFunction": Shape("invhouse", "filled"),
    "BusinessInteraction": Shape("box", "rounded,filled", 2),
    "BusinessEvent": _EVENT,
    "BusinessService": _SERVICE,
    "BusinessObject": _OBJECT,
    "Contract": Shape("box", "filled", 2),
    "Representation": Shape("note"),
    "Product": Shape("tab"),
    # application
    "ApplicationComponent": Shape("component"),
    "ApplicationCollaboration": Shape("component", "filled", 2),
    "ApplicationInterface": Shape("box"),
    "ApplicationFunction": Shape("invhouse", "filled"),
    "ApplicationInteraction": Shape("box", "rounded,filled", 2),
    "ApplicationProcess": _PROCESS,
    "ApplicationEvent": _EVENT,
    "ApplicationService": _SERVICE,
    "DataObject": _OBJECT,
    # technology and physical
    "Node": _NODE,
    "Device": Shape("box3d", "rounded,filled"),
    "SystemSoftware": Shape("box3d"),
    "TechnologyCollaboration": Shape("box3d", "filled", 2),
    "TechnologyInterface": Shape("box"),
    "Path": Shape("box", "dashed,filled"),
    "CommunicationNetwork": Shape("box", "bold,filled"),
    "TechnologyFunction": Shape("invhouse", "filled"),
    "TechnologyProcess": _PROCESS,
    "TechnologyInteraction": Shape("box", "rounded,filled", 2),
    "TechnologyEvent": _EVENT,
    "TechnologyService": _SERVICE,
    "Artifact": Shape("note"),
    "Equipment": _NODE,
    "Facility": Shape("house"),
    "DistributionNetwork": Shape("box", "bold,filled"),
    "Material": Shape("hexagon"),
    # motivation
    "Stakeholder": Shape("cylinder"),
    "Driver": _MOTIVATION,
    "Assessment": _MOTIVATION,
    "Goal": _MOTIVATION,
    "Outcome": _MOTIVATION,
    "Principle": _MOTIVATION,
    "Requirement": Shape("parallelogram"),
    "Constraint": Shape("parallelogram", "filled", 2),
    "Meaning": Shape("egg"),
    "Value": Shape("ellipse"),
    # strategy
    "Resource": _BOX,
    "Capability": _ROUNDED,
    "ValueStream": _EVENT,
    "CourseOfAction": _ROUNDED,
    # implementation and migration
    "WorkPackage": _ROUNDED,
    "Deliverable": Shape("note"),
    "ImplementationEvent": _EVENT,
    "Plateau": Shape("box3d"),
    "Gap": Shape("ellipse"),
    # other
    "Grouping": Shape("box", "dashed,filled"),
    "Location": _BOX,
    "AndJunction": Shape("point"),
    "OrJunction": Shape("circle"),
}

# Types whose notation has a header band (drawn as a line under the type caption).
HEADER_BAND_TYPES = frozenset({"BusinessObject", "DataObject", "Contract"})


def shape_of(element_type: str) -> Shape:
    return _SHAPES.get(element_type, _BOX)


# Relationship notation, for an edge drawn from the relationship's source to its target.
# Graphviz arrow names: vee = open arrow, normal = filled triangle, onormal = hollow triangle,
# diamond/odiamond = filled/hollow diamond, dot = filled circle.
_EDGE_STYLES: dict[str, dict[str, str]] = {
    "Composition": {"style": "solid", "arrowhead": "none", "arrowtail": "diamond"},
    "Aggregation": {"style": "solid", "arrowhead": "none", "arrowtail": "odiamond"},
    "Assignment": {"style": "solid", "arrowhead": "normal", "arrowtail": "dot"},
    "Realization": {"style": "dashed", "arrowhead": "onormal", "arrowtail": "none"},
    "Serving": {"style": "solid", "arrowhead": "vee", "arrowtail": "none"},
    "Access": {"style": "dotted", "arrowhead": "vee", "arrowtail": "none"},
    "Influence": {"style": "dashed", "arrowhead": "vee", "arrowtail": "none"},
    "Triggering": {"style": "solid", "arrowhead": "normal", "arrowtail": "none"},
    "Flow": {"style": "dashed", "arrowhead": "normal", "arrowtail": "none"},
    "Specialization": {"style": "solid", "arrowhead": "onormal", "arrowtail": "none"},
    "Association": {"style": "solid", "arrowhead": "none", "arrowtail": "none"},
}

RELATIONSHIP_LABEL: dict[str, tuple[str, str]] = {
    "Composition": ("ประกอบด้วย", "composition"),
    "Aggregation": ("รวม", "aggregation"),
    "Assignment": ("มอบหมาย", "assignment"),
    "Realization": ("ทำให้เกิด", "realization"),
    "Serving": ("ให้บริการ", "serving"),
    "Access": ("เข้าถึง", "access"),
    "Influence": ("มีอิทธิพล", "influence"),
    "Triggering": ("กระตุ้น", "triggering"),
    "Flow": ("ส่งต่อ", "flow"),
    "Specialization": ("เป็นชนิดหนึ่งของ", "specialization"),
    "Association": ("เกี่ยวข้อง", "association"),
}


def edge_style(
    relationship_type: str, access_type: str | None = None, is_directed: bool | None = None
) -> dict[str, str]:
    """Graphviz edge attributes (style, arrowhead, arrowtail) for a relationship drawn source -> target.

    Access arrows follow the data: Read points at the reader (the source), Write at the object,
    ReadWrite both ways, plain Access has none.
    """
    attrs = dict(_EDGE_STYLES.get(relationship_type, _EDGE_STYLES["Association"]))
    if relationship_type == "Access":
        kind = access_type or "Access"
        attrs["arrowhead"] = "vee" if kind in ("Write", "ReadWrite") else "none"
        attrs["arrowtail"] = "vee" if kind in ("Read", "ReadWrite") else "none"
    elif relationship_type == "Association" and is_directed:
        attrs["arrowhead"] = "halfopen"
    return attrs


class Verdict(NamedTuple):
    fill: str
    mark: str
    th: str
    en: str


# Verdict colours for the outcome cells (O1..O7); the mark keeps them readable without colour.
VERDICTS: dict[str, Verdict] = {
    "pass": Verdict("#7bc96f", "✔", "ผ่าน", "pass"),
    "warn": Verdict("#ffd54f", "!", "ควรปรับปรุง", "warning"),
    "fail": Verdict("#ef5350", "✘", "ไม่ผ่าน", "fail"),
    "info": Verdict("#90caf9", "i", "ข้อสังเกต", "info"),
    "unknown": Verdict("#d9d9d9", "?", "ไม่ทราบ", "unknown"),
    "n/a": Verdict("#ffffff", "–", "ไม่เกี่ยวข้อง", "not applicable"),
}
