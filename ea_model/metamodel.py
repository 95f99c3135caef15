"""The ArchiMate 3.2 metamodel: element and relationship types, layers, aspects, validity.

Type names are spelled as in the Open Group exchange format (`xsi:type`). The relationship
validity table is data (`data/relationships.json`, derived from Archi's `relationships.xml` by
`scripts/build_metamodel_data.py`); this module only answers questions about it. It knows
nothing of files, screens or exporters.
"""

from __future__ import annotations

import json
from enum import Enum
from functools import lru_cache
from importlib import resources
from typing import NamedTuple


class Layer(str, Enum):
    STRATEGY = "Strategy"
    MOTIVATION = "Motivation"
    BUSINESS = "Business"
    APPLICATION = "Application"
    TECHNOLOGY = "Technology"
    PHYSICAL = "Physical"
    IMPLEMENTATION_MIGRATION = "Implementation & Migration"
    OTHER = "Other"


class Aspect(str, Enum):
    ACTIVE_STRUCTURE = "active structure"
    BEHAVIOR = "behavior"
    PASSIVE_STRUCTURE = "passive structure"
    MOTIVATION = "motivation"
    COMPOSITE = "composite"
    CONNECTOR = "connector"


class ElementType(NamedTuple):
    name: str
    layer: Layer
    aspect: Aspect


_A, _B, _P, _M, _C = (
    Aspect.ACTIVE_STRUCTURE,
    Aspect.BEHAVIOR,
    Aspect.PASSIVE_STRUCTURE,
    Aspect.MOTIVATION,
    Aspect.COMPOSITE,
)

_ELEMENTS_BY_LAYER: dict[Layer, list[tuple[str, Aspect]]] = {
    Layer.STRATEGY: [("Resource", _P), ("Capability", _B), ("ValueStream", _B), ("CourseOfAction", _B)],
    Layer.BUSINESS: [
        ("BusinessActor", _A),
        ("BusinessRole", _A),
        ("BusinessCollaboration", _A),
        ("BusinessInterface", _A),
        ("BusinessProcess", _B),
        ("BusinessFunction", _B),
        ("BusinessInteraction", _B),
        ("BusinessEvent", _B),
        ("BusinessService", _B),
        ("BusinessObject", _P),
        ("Contract", _P),
        ("Representation", _P),
        ("Product", _C),
    ],
    Layer.APPLICATION: [
        ("ApplicationComponent", _A),
        ("ApplicationCollaboration", _A),
        ("ApplicationInterface", _A),
        ("ApplicationFunction", _B),
        ("ApplicationInteraction", _B),
        ("ApplicationProcess", _B),
        ("ApplicationEvent", _B),
        ("ApplicationService", _B),
        ("DataObject", _P),
    ],
    Layer.TECHNOLOGY: [
        ("Node", _A),
        ("Device", _A),
        ("SystemSoftware", _A),
        ("TechnologyCollaboration", _A),
        ("TechnologyInterface", _A),
        ("Path", _A),
        ("CommunicationNetwork", _A),
        ("TechnologyFunction", _B),
        ("TechnologyProcess", _B),
        ("TechnologyInteraction", _B),
        ("TechnologyEvent", _B),
        ("TechnologyService", _B),
        ("Artifact", _P),
    ],
    Layer.PHYSICAL: [("Equipment", _A), ("Facility", _A), ("DistributionNetwork", _A), ("Material", _P)],
    Layer.MOTIVATION: [
        (name, _M)
        for name in (
            "Stakeholder",
            "Driver",
            "Assessment",
            "Goal",
            "Outcome",
            "Principle",
            "Requirement",
            "Constraint",
            "Meaning",
            "Value",
        )
    ],
    Layer.IMPLEMENTATION_MIGRATION: [
        ("WorkPackage", _B),
        ("Deliverable", _P),
        ("ImplementationEvent", _B),
        ("Plateau", _C),
        ("Gap", _P),
    ],
    Layer.OTHER: [
        ("Grouping", _C),
        ("Location", _C),
        ("AndJunction", Aspect.CONNECTOR),
        ("OrJunction", Aspect.CONNECTOR),
    ],
}

ELEMENT_TYPES: dict[str, ElementType] = {
    name: ElementType(name, layer, aspect) for layer, items in _ELEMENTS_BY_LAYER.items() for name, aspect in items
}
JUNCTION_TYPES = frozenset({"AndJunction", "OrJunction"})

# Layers in ArchiMate's top-to-bottom order, as diagrams and reports present them.
LAYER_ORDER: tuple[Layer, ...] = (
    Layer.MOTIVATION,
    Layer.STRATEGY,
    Layer.BUSINESS,
    Layer.APPLICATION,
    Layer.TECHNOLOGY,
    Layer.PHYSICAL,
    Layer.IMPLEMENTATION_MIGRATION,
    Layer.OTHER,
)


class RelationshipType(NamedTuple):
    name: str
    letter: str
    category: str  # structural, dependency, dynamic, other


RELATIONSHIP_TYPES: dict[str, RelationshipType] = {
    r.name: r
    for r in (
        RelationshipType("Composition", "c", "structural"),
        RelationshipType("Aggregation", "g", "structural"),
        RelationshipType("Assignment", "i", "structural"),
        RelationshipType("Realization", "r", "structural"),
        RelationshipType("Serving", "v", "dependency"),
        RelationshipType("Access", "a", "dependency"),
        RelationshipType("Influence", "n", "dependency"),
        RelationshipType("Association", "o", "dependency"),
        RelationshipType("Triggering", "t", "dynamic"),
        RelationshipType("Flow", "f", "dynamic"),
        RelationshipType("Specialization", "s", "other"),
    )
}

ACCESS_TYPES = ("Access", "Read", "Write", "ReadWrite")
DEFAULT_ACCESS_TYPE = "Access"  # the XSD's default: an Access with no accessType is *not* Write
INFLUENCE_MODIFIERS = ("+", "++", "-", "--", *(str(n) for n in range(11)))  # informative; any string is allowed

# The pseudo concept used by the reference table for "a relationship as endpoint".
RELATIONSHIP_CONCEPT = "Relationship"
_JUNCTION_CONCEPT = "Junction"


def is_element_type(name: str) -> bool:
    return name in ELEMENT_TYPES


def is_relationship_type(name: str) -> bool:
    return name in RELATIONSHIP_TYPES


def layer_of(element_type: str) -> Layer:
    return ELEMENT_TYPES[element_type].layer


def aspect_of(element_type: str) -> Aspect:
    return ELEMENT_TYPES[element_type].aspect


def elements_in_layer(layer: Layer) -> list[str]:
    return [t.name for t in ELEMENT_TYPES.values() if t.layer == layer]


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, frozenset[str]]]:
    raw = json.loads(resources.files("ea_model").joinpath("data/relationships.json").read_text(encoding="utf-8"))
    letter_to_type = raw["keys"]
    return {
        src: {tgt: frozenset(letter_to_type[ch] for ch in letters) for tgt, letters in targets.items()}
        for src, targets in raw["table"].items()
    }


def concept_of(endpoint_type: str) -> str:
    """The reference table's concept for an endpoint type (junctions and relationships are pooled)."""
    if endpoint_type in JUNCTION_TYPES:
        return _JUNCTION_CONCEPT
    if endpoint_type in RELATIONSHIP_TYPES:
        return RELATIONSHIP_CONCEPT
    return endpoint_type


def allowed_relationships(source_type: str, target_type: str) -> frozenset[str]:
    """Relationship types the specification allows from `source_type` to `target_type`.

    Endpoint types are element types, junction types, or a relationship type (for a
    relationship whose endpoint is another relationship).
    """
    return _table().get(concept_of(source_type), {}).get(concept_of(target_type), frozenset())


def is_allowed(relationship_type: str, source_type: str, target_type: str) -> bool:
    return relationship_type in allowed_relationships(source_type, target_type)


def junction_passthrough_exempt(relationship_type: str, source_type: str) -> bool:
    """Archi does not check the through-junction pair for Aggregation/Composition from Grouping/Location."""
    return relationship_type in ("Aggregation", "Composition") and source_type in ("Grouping", "Location")


@lru_cache(maxsize=1)
def viewpoints() -> dict[str, frozenset[str] | None]:
    """Viewpoint name -> the element types it allows (None: every type is allowed)."""
    raw = json.loads(resources.files("ea_model").joinpath("data/viewpoints.json").read_text(encoding="utf-8"))
    groups = {
        "$BusinessElements$": elements_in_layer(Layer.BUSINESS),
        "$ApplicationElements$": elements_in_layer(Layer.APPLICATION),
        "$TechnologyElements$": elements_in_layer(Layer.TECHNOLOGY),
        "$PhysicalElements$": elements_in_layer(Layer.PHYSICAL),
        "$MotivationElements$": elements_in_layer(Layer.MOTIVATION),
        "$StrategyElements$": elements_in_layer(Layer.STRATEGY),
        "$ImplementationMigrationElements$": elements_in_layer(Layer.IMPLEMENTATION_MIGRATION),
    }
    out: dict[str, frozenset[str] | None] = {}
    for name, spec in raw.items():
        if not spec["concepts"]:
            out[name] = None
            continue
        allowed: set[str] = set()
        for concept in spec["concepts"]:
            allowed.update(groups.get(concept, [concept]))
        # Archi allows junctions and groupings on every viewpoint.
        allowed.update(("AndJunction", "OrJunction", "Grouping"))
        out[name] = frozenset(allowed)
    return out


def viewpoint_allows(viewpoint: str, element_type: str) -> bool:
    """True when the viewpoint allows the type, or when the viewpoint is unknown to us (informative)."""
    allowed = viewpoints().get(viewpoint)
    return allowed is None or element_type in allowed
