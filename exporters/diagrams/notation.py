"""ArchiMate notation for Graphviz: fill colour per layer, the box notation per element type (outline,
corners and the type's icon in the top-right corner), and the line style and arrowheads per
relationship type.

The colours are Archi's defaults (what architects see in the tool). Every element is drawn in the
specification's box notation: a rectangle with square corners for structure and passive elements,
rounded ones for behaviour, cut ones for motivation, the type's icon top right (`icons/`); the
Grouping is a dashed, tabbed frame; an And-junction a filled circle, an Or-junction a hollow one.
`node_attrs` gives a node's Graphviz attributes, `labels.element_label` its name and icon. Pure data
and small lookups: no Graphviz calls here.

    >>> fill_of("BusinessProcess"), node_attrs("BusinessProcess")["style"], icon_of("BusinessProcess")
    ('#ffffb5', 'rounded,filled', 'process')
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


class Notation(NamedTuple):
    """How the specification draws an element type in its box notation: the outline, its corners and
    the icon in the top-right corner (None: no icon, the junctions)."""

    shape: str  # "box", "tab" (the Grouping's dashed, tabbed frame) or "circle" (junctions)
    corners: str  # "square" (structure, passive), "rounded" (behaviour), "cut" (motivation), "none"
    icon: str | None


def _box(corners: str, icon: str) -> Notation:
    return Notation("box", corners, icon)


_SQUARE, _ROUNDED, _CUT = "square", "rounded", "cut"

# ArchiMate 3.2: structure elements and passive objects have square corners, behaviour elements
# (processes, functions, interactions, events, services; strategy's capability, value stream and
# course of action; work packages) rounded ones, motivation elements cut ones. The same concept
# has the same icon in every layer (a process arrow is a process arrow); the layer colour tells
# business, application and technology apart. Stakeholder has the role's cylinder, as in the spec.
NOTATION: dict[str, Notation] = {
    # strategy
    "Resource": _box(_SQUARE, "resource"),
    "Capability": _box(_ROUNDED, "capability"),
    "ValueStream": _box(_ROUNDED, "value-stream"),
    "CourseOfAction": _box(_ROUNDED, "course-of-action"),
    # business
    "BusinessActor": _box(_SQUARE, "actor"),
    "BusinessRole": _box(_SQUARE, "role"),
    "BusinessCollaboration": _box(_SQUARE, "collaboration"),
    "BusinessInterface": _box(_SQUARE, "interface"),
    "BusinessProcess": _box(_ROUNDED, "process"),
    "BusinessFunction": _box(_ROUNDED, "function"),
    "BusinessInteraction": _box(_ROUNDED, "interaction"),
    "BusinessEvent": _box(_ROUNDED, "event"),
    "BusinessService": _box(_ROUNDED, "service"),
    "BusinessObject": _box(_SQUARE, "object"),
    "Contract": _box(_SQUARE, "contract"),
    "Representation": _box(_SQUARE, "representation"),
    "Product": _box(_SQUARE, "product"),
    # application
    "ApplicationComponent": _box(_SQUARE, "component"),
    "ApplicationCollaboration": _box(_SQUARE, "collaboration"),
    "ApplicationInterface": _box(_SQUARE, "interface"),
    "ApplicationFunction": _box(_ROUNDED, "function"),
    "ApplicationInteraction": _box(_ROUNDED, "interaction"),
    "ApplicationProcess": _box(_ROUNDED, "process"),
    "ApplicationEvent": _box(_ROUNDED, "event"),
    "ApplicationService": _box(_ROUNDED, "service"),
    "DataObject": _box(_SQUARE, "object"),
    # technology
    "Node": _box(_SQUARE, "node"),
    "Device": _box(_SQUARE, "device"),
    "SystemSoftware": _box(_SQUARE, "system-software"),
    "TechnologyCollaboration": _box(_SQUARE, "collaboration"),
    "TechnologyInterface": _box(_SQUARE, "interface"),
    "Path": _box(_SQUARE, "path"),
    "CommunicationNetwork": _box(_SQUARE, "communication-network"),
    "TechnologyFunction": _box(_ROUNDED, "function"),
    "TechnologyProcess": _box(_ROUNDED, "process"),
    "TechnologyInteraction": _box(_ROUNDED, "interaction"),
    "TechnologyEvent": _box(_ROUNDED, "event"),
    "TechnologyService": _box(_ROUNDED, "service"),
    "Artifact": _box(_SQUARE, "artifact"),
    # physical
    "Equipment": _box(_SQUARE, "equipment"),
    "Facility": _box(_SQUARE, "facility"),
    "DistributionNetwork": _box(_SQUARE, "distribution-network"),
    "Material": _box(_SQUARE, "material"),
    # motivation
    "Stakeholder": _box(_CUT, "role"),
    "Driver": _box(_CUT, "driver"),
    "Assessment": _box(_CUT, "assessment"),
    "Goal": _box(_CUT, "goal"),
    "Outcome": _box(_CUT, "outcome"),
    "Principle": _box(_CUT, "principle"),
    "Requirement": _box(_CUT, "requirement"),
    "Constraint": _box(_CUT, "constraint"),
    "Meaning": _box(_CUT, "meaning"),
    "Value": _box(_CUT, "value"),
    # implementation and migration
    "WorkPackage": _box(_ROUNDED, "work-package"),
    "Deliverable": _box(_SQUARE, "deliverable"),
    "ImplementationEvent": _box(_ROUNDED, "event"),
    "Plateau": _box(_SQUARE, "plateau"),
    "Gap": _box(_SQUARE, "gap"),
    # other
    "Grouping": Notation("tab", "square", "grouping"),
    "Location": _box(_SQUARE, "location"),
    "AndJunction": Notation("circle", "none", None),
    "OrJunction": Notation("circle", "none", None),
}
_UNKNOWN = Notation("box", _SQUARE, None)

# Graphviz draws the corners with a node style: `rounded`, and `diagonals` (a chord across each
# corner) for the cut corners, since Graphviz has no box with cut corners of a fixed size (its
# octagon cuts a third of a wide box away).
_CORNER_STYLE = {_SQUARE: "filled", _ROUNDED: "rounded,filled", _CUT: "diagonals,filled", "none": "filled"}
JUNCTION_SIZE = 0.16  # inches


def notation_of(element_type: str) -> Notation:
    return NOTATION.get(element_type, _UNKNOWN)


def icon_of(element_type: str) -> str | None:
    """The icon drawn in the element's top-right corner (None: none, the junctions)."""
    return notation_of(element_type).icon


def node_attrs(element_type: str) -> dict[str, str]:
    """Graphviz node attributes that draw an element of this type in ArchiMate notation: outline, corners
    and fill. The label (name and icon) comes from `labels.element_label`; a junction has none.

    And-junctions are filled black, Or-junctions hollow, whatever fill a view gives them."""
    notation = notation_of(element_type)
    attrs = {"shape": notation.shape, "style": _CORNER_STYLE[notation.corners], "fillcolor": fill_of(element_type)}
    if notation.shape == "tab":
        attrs["style"] = "dashed,filled"
    if notation.shape == "circle":
        size = f"{JUNCTION_SIZE:g}"
        attrs.update(width=size, height=size, fixedsize="true", label="", color="#000000")
    else:
        attrs["margin"] = "0.04,0.03"  # the label's own columns keep the name clear of the icon
    return attrs


class Shape(NamedTuple):
    """The Graphviz shape and style of a type (what `node_attrs` gives), for callers that want only those."""

    shape: str
    style: str = "filled"
    peripheries: int = 1


def shape_of(element_type: str) -> Shape:
    attrs = node_attrs(element_type)
    return Shape(attrs["shape"], attrs["style"])


# The element types as a legend names them (Thai, English).
TYPE_LABEL: dict[str, tuple[str, str]] = {
    "Resource": ("ทรัพยากร", "Resource"),
    "Capability": ("ขีดความสามารถ", "Capability"),
    "ValueStream": ("สายธารคุณค่า", "Value stream"),
    "CourseOfAction": ("แนวทางดำเนินการ", "Course of action"),
    "BusinessActor": ("ผู้กระทำทางธุรกิจ", "Business actor"),
    "BusinessRole": ("บทบาททางธุรกิจ", "Business role"),
    "BusinessCollaboration": ("ความร่วมมือทางธุรกิจ", "Business collaboration"),
    "BusinessInterface": ("ช่องทางทางธุรกิจ", "Business interface"),
    "BusinessProcess": ("กระบวนการทางธุรกิจ", "Business process"),
    "BusinessFunction": ("หน้าที่ทางธุรกิจ", "Business function"),
    "BusinessInteraction": ("ปฏิสัมพันธ์ทางธุรกิจ", "Business interaction"),
    "BusinessEvent": ("เหตุการณ์ทางธุรกิจ", "Business event"),
    "BusinessService": ("บริการทางธุรกิจ", "Business service"),
    "BusinessObject": ("วัตถุทางธุรกิจ", "Business object"),
    "Contract": ("สัญญา", "Contract"),
    "Representation": ("รูปแบบการแสดง", "Representation"),
    "Product": ("ผลิตภัณฑ์", "Product"),
    "ApplicationComponent": ("ส่วนประกอบแอปพลิเคชัน", "Application component"),
    "ApplicationCollaboration": ("ความร่วมมือของแอปพลิเคชัน", "Application collaboration"),
    "ApplicationInterface": ("ส่วนต่อประสานแอปพลิเคชัน", "Application interface"),
    "ApplicationFunction": ("หน้าที่ของแอปพลิเคชัน", "Application function"),
    "ApplicationInteraction": ("ปฏิสัมพันธ์ของแอปพลิเคชัน", "Application interaction"),
    "ApplicationProcess": ("กระบวนการของแอปพลิเคชัน", "Application process"),
    "ApplicationEvent": ("เหตุการณ์ของแอปพลิเคชัน", "Application event"),
    "ApplicationService": ("บริการแอปพลิเคชัน", "Application service"),
    "DataObject": ("วัตถุข้อมูล", "Data object"),
    "Node": ("โหนด", "Node"),
    "Device": ("อุปกรณ์", "Device"),
    "SystemSoftware": ("ซอฟต์แวร์ระบบ", "System software"),
    "TechnologyCollaboration": ("ความร่วมมือทางเทคโนโลยี", "Technology collaboration"),
    "TechnologyInterface": ("ส่วนต่อประสานทางเทคโนโลยี", "Technology interface"),
    "Path": ("เส้นทางสื่อสาร", "Path"),
    "CommunicationNetwork": ("เครือข่ายสื่อสาร", "Communication network"),
    "TechnologyFunction": ("หน้าที่ทางเทคโนโลยี", "Technology function"),
    "TechnologyProcess": ("กระบวนการทางเทคโนโลยี", "Technology process"),
    "TechnologyInteraction": ("ปฏิสัมพันธ์ทางเทคโนโลยี", "Technology interaction"),
    "TechnologyEvent": ("เหตุการณ์ทางเทคโนโลยี", "Technology event"),
    "TechnologyService": ("บริการทางเทคโนโลยี", "Technology service"),
    "Artifact": ("อาร์ทิแฟกต์", "Artifact"),
    "Equipment": ("เครื่องมือและอุปกรณ์", "Equipment"),
    "Facility": ("สิ่งอำนวยความสะดวก", "Facility"),
    "DistributionNetwork": ("เครือข่ายการกระจาย", "Distribution network"),
    "Material": ("วัสดุ", "Material"),
    "Stakeholder": ("ผู้มีส่วนได้ส่วนเสีย", "Stakeholder"),
    "Driver": ("ปัจจัยขับเคลื่อน", "Driver"),
    "Assessment": ("ผลการประเมิน", "Assessment"),
    "Goal": ("เป้าหมาย", "Goal"),
    "Outcome": ("ผลลัพธ์", "Outcome"),
    "Principle": ("หลักการ", "Principle"),
    "Requirement": ("ข้อกำหนด", "Requirement"),
    "Constraint": ("ข้อจำกัด", "Constraint"),
    "Meaning": ("ความหมาย", "Meaning"),
    "Value": ("คุณค่า", "Value"),
    "WorkPackage": ("ชุดงาน", "Work package"),
    "Deliverable": ("สิ่งส่งมอบ", "Deliverable"),
    "ImplementationEvent": ("เหตุการณ์การดำเนินการ", "Implementation event"),
    "Plateau": ("สถานะสถาปัตยกรรม", "Plateau"),
    "Gap": ("ช่องว่าง", "Gap"),
    "Grouping": ("การจัดกลุ่ม", "Grouping"),
    "Location": ("สถานที่", "Location"),
    "AndJunction": ("จุดเชื่อม และ", "And junction"),
    "OrJunction": ("จุดเชื่อม หรือ", "Or junction"),
}


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
