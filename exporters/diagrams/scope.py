"""What a diagram of a service shows: everything that serves it, across the layers, and where each
element sits in ArchiMate's top-to-bottom layered order.

`service_support(model, service_id)` walks *towards the providers* from a service, following the
modelling conventions (docs/modeling-conventions.md):

- into a behaviour or an interface: what serves, realizes or is assigned to it (processes,
  owners, counters, application services, interfaces), its events (Triggering/Flow from an
  event), its parts (outgoing Composition/Aggregation) and the objects it accesses;
- into an object: what realizes it (a DataObject digital path, a paper Representation), who
  writes it (the issuing agency), and the platforms that read it (open data, data exchange);
- into an application or technology structure element: what serves, realizes or is assigned to
  it (system software, nodes, artifacts) and the whole it belongs to (not the data it accesses:
  an open-data portal reads hundreds of datasets);
- into a business actor or role: who is assigned to it and the unit it belongs to (never "what
  serves the department": that is the department's support, not the service's).

Upward from the service it takes the roles it serves (the consumers) and the motivation and
strategy elements it realizes (the "why"). Plateaus, groupings and locations are never followed:
they aggregate whole models. The relationships shown are every relationship between two chosen
elements.

    >>> from ea_model import Model, Element, Relationship
    >>> m = Model()
    >>> for i, t in [("svc", "BusinessService"), ("proc", "BusinessProcess"), ("other", "BusinessProcess")]:
    ...     m.add_element(Element(id=i, type=t, name={"en": i}))
    >>> m.add_relationship(Relationship(id="r1", type="Realization", source="proc", target="svc"))
    >>> m.add_relationship(Relationship(id="r2", type="Triggering", source="other", target="proc"))
    >>> service_support(m, "svc").elements
    ['svc', 'proc']
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from ea_model import metamodel
from ea_model.errors import EaError
from ea_model.metamodel import Aspect, Layer
from ea_model.model import Model
from ea_model.objects import Element, Relationship
from exporters.diagrams.facts import is_bma_platform

_PROVIDING = frozenset({"Serving", "Realization", "Assignment"})
_WHOLES = frozenset({"Composition", "Aggregation"})
_MODEL_WIDE_AGGREGATORS = frozenset({"Plateau", "Grouping", "Location"})
_NOT_SUPPORT_LAYERS = frozenset({Layer.MOTIVATION, Layer.IMPLEMENTATION_MIGRATION})
_BUSINESS_BEHAVIOUR = frozenset(
    t for t, info in metamodel.ELEMENT_TYPES.items() if info.layer == Layer.BUSINESS and info.aspect == Aspect.BEHAVIOR
)
_EVENTS = frozenset({"BusinessEvent", "ApplicationEvent", "TechnologyEvent", "ImplementationEvent"})
_WRITES = frozenset({"Write", "ReadWrite"})
_PURPOSE_LAYERS = frozenset({Layer.MOTIVATION, Layer.STRATEGY})
_CONSUMER_TYPES = frozenset({"BusinessRole", "BusinessActor", "BusinessCollaboration", "Stakeholder"})

PLATFORMS_BAND = "National platforms"

# Top-to-bottom order of element kinds within a diagram (smaller = higher). Layers follow ArchiMate's
# layered order; inside a layer: services and interfaces over behaviour over structure over objects.
_TIERS: dict[str, int] = {}
for _layer, _base in (
    (Layer.MOTIVATION, 0),
    (Layer.STRATEGY, 10),
    (Layer.BUSINESS, 20),
    (Layer.APPLICATION, 30),
    (Layer.TECHNOLOGY, 40),
    (Layer.PHYSICAL, 50),
    (Layer.IMPLEMENTATION_MIGRATION, 80),
    (Layer.OTHER, 90),
):
    for _name in metamodel.elements_in_layer(_layer):
        _TIERS[_name] = _base + 4
_TIERS.update(
    {
        "Stakeholder": 0,
        "Driver": 0,
        "Assessment": 1,
        "Goal": 2,
        "Outcome": 4,
        "Principle": 6,
        "Requirement": 6,
        "Constraint": 6,
        "Meaning": 8,
        "Value": 8,
        "CourseOfAction": 12,
        "Capability": 14,
        "ValueStream": 14,
        "Resource": 16,
        "BusinessService": 22,
        "Product": 22,
        "BusinessObject": 26,
        "Contract": 26,
        "Representation": 26,
        "ApplicationInterface": 30,
        "ApplicationService": 30,
        "ApplicationFunction": 32,
        "ApplicationProcess": 32,
        "ApplicationInteraction": 32,
        "ApplicationEvent": 32,
        "DataObject": 36,
        "TechnologyInterface": 40,
        "TechnologyService": 40,
        "TechnologyFunction": 42,
        "TechnologyProcess": 42,
        "TechnologyInteraction": 42,
        "TechnologyEvent": 42,
        "Artifact": 46,
        "Material": 52,
        "Plateau": 80,
        "WorkPackage": 82,
        "Deliverable": 84,
        "Gap": 84,
    }
)
CONSUMER_TIER = 20
_PLATFORM_OFFSET = 30  # national platforms sit under technology: application tier 30..36 -> 60..66


def tier_of(element_type: str) -> int:
    """Where an element of this type sits top to bottom (smaller = higher)."""
    return _TIERS.get(element_type, 90)


@dataclass
class ServiceSupport:
    """A service and everything that serves it: what a service review diagram shows."""

    service: Element
    elements: list[str]  # the service first, then in discovery order
    relationships: list[str]
    consumers: set[str] = field(default_factory=set)
    purposes: set[str] = field(default_factory=set)
    platforms: dict[str, str] = field(default_factory=dict)  # element id -> platform id (badges)
    national: set[str] = field(default_factory=set)  # platform elements not operated by the BMA

    def band_of(self, model: Model, element_id: str) -> str:
        """The cluster an element is drawn in: a layer name or PLATFORMS_BAND."""
        if element_id in self.national:
            return PLATFORMS_BAND
        return metamodel.layer_of(model.element(element_id).type).value

    def tier(self, model: Model, element_id: str) -> int:
        el = model.element(element_id)
        if element_id in self.consumers:
            return CONSUMER_TIER
        if element_id in self.national:
            return tier_of(el.type) + _PLATFORM_OFFSET
        return tier_of(el.type)


def platform_of(model: Model, element: Element, hops: int = 3) -> str | None:
    """The platform id (convention 9) of an element: its own `platform` property, or that of the tagged
    component it belongs to (following Composition, Aggregation, Assignment and Realization back up)."""
    seen = {element.id}
    frontier = [element]
    for _ in range(hops + 1):
        following: list[Element] = []
        for el in frontier:
            value = model.property_value(el, "platform")
            if value:
                return value
            for rel in model.incoming(el.id, ("Realization", "Assignment", "Composition", "Aggregation")):
                provider = model.get_element(rel.source)
                if provider is not None and provider.id not in seen and provider.type not in _MODEL_WIDE_AGGREGATORS:
                    seen.add(provider.id)
                    following.append(provider)
        frontier = following
    return None


def _supporters(model: Model, el: Element) -> list[tuple[Relationship, str]]:
    """(relationship, other end) pairs that bring a provider of `el` into the diagram."""
    info = metamodel.ELEMENT_TYPES[el.type]
    out: list[tuple[Relationship, str]] = []
    business_structure = info.layer == Layer.BUSINESS and info.aspect == Aspect.ACTIVE_STRUCTURE
    business_structure = business_structure and el.type != "BusinessInterface"
    for rel in model.incoming(el.id):
        if rel.type in _PROVIDING:
            if business_structure and rel.type != "Assignment":
                continue
            out.append((rel, rel.source))
        elif rel.type in _WHOLES:
            out.append((rel, rel.source))
        elif rel.type in ("Triggering", "Flow") and info.aspect == Aspect.BEHAVIOR:
            source = model.get_element(rel.source)
            if source is not None and source.type in _EVENTS:
                out.append((rel, rel.source))
        elif rel.type == "Access" and info.aspect == Aspect.PASSIVE_STRUCTURE:
            source = model.get_element(rel.source)
            if source is None or source.type in _BUSINESS_BEHAVIOUR:
                continue  # other services' processes reading the same document are not this service's support
            if rel.access_type in _WRITES or platform_of(model, source):
                out.append((rel, rel.source))
    if info.aspect == Aspect.BEHAVIOR:
        # the objects a behaviour uses; not an application's every table (a portal reads hundreds)
        for rel in model.outgoing(el.id, ("Access",)):
            out.append((rel, rel.target))
        for rel in model.outgoing(el.id, _WHOLES):
            out.append((rel, rel.target))
    return out


def _purposes(model: Model, service: Element, hops: int = 3) -> list[str]:
    """Motivation and strategy elements the service realizes or influences, directly or via others."""
    found: list[str] = []
    frontier = [service.id]
    for _ in range(hops):
        following: list[str] = []
        for ref in frontier:
            for rel in model.outgoing(ref, ("Realization", "Influence")):
                target = model.get_element(rel.target)
                if target is None or target.id in found:
                    continue
                if metamodel.layer_of(target.type) in _PURPOSE_LAYERS:
                    found.append(target.id)
                    following.append(target.id)
        frontier = following
    return found


def service_support(model: Model, service_id: str, max_depth: int = 8) -> ServiceSupport:
    """The service, the roles it serves, what it realizes, and everything that serves it (see module doc)."""
    service = model.get_element(service_id)
    if service is None:
        raise EaError(f"no element with id {service_id!r}", ref=service_id)
    depth = {service.id: 0}
    order = [service.id]
    queue = deque([service.id])
    while queue:
        current = model.element(queue.popleft())
        if depth[current.id] >= max_depth:
            continue
        for _rel, other_id in _supporters(model, current):
            other = model.get_element(other_id)
            if other is None or other_id in depth:
                continue
            if other.type in _MODEL_WIDE_AGGREGATORS or metamodel.layer_of(other.type) in _NOT_SUPPORT_LAYERS:
                continue
            depth[other_id] = depth[current.id] + 1
            order.append(other_id)
            queue.append(other_id)
    # the roles it serves go on top even when they also take part (a role assigned to the process)
    consumers = {e.id for e in model.neighbours(service.id, ("Serving",), "out", _CONSUMER_TYPES)}
    purposes = [p for p in _purposes(model, service) if p not in depth]
    order.extend(sorted(consumers - set(depth)) + purposes)
    chosen = set(order)
    relationships = [
        rel.id
        for ref in order
        for rel in model.outgoing(ref)
        if rel.target in chosen and not _is_model_wide(model, rel)
    ]
    platforms = platforms_in(model, order)
    national = {ref for ref, platform in platforms.items() if not is_bma_platform(platform)}
    return ServiceSupport(service, order, relationships, consumers, set(purposes), platforms, national)


def platforms_in(model: Model, element_ids: list[str]) -> dict[str, str]:
    """Application and technology elements among `element_ids` that belong to a platform -> its id."""
    out: dict[str, str] = {}
    for ref in element_ids:
        el = model.element(ref)
        if metamodel.layer_of(el.type) in (Layer.APPLICATION, Layer.TECHNOLOGY):
            platform = platform_of(model, el)
            if platform:
                out[ref] = platform
    return out


def _is_model_wide(model: Model, rel: Relationship) -> bool:
    source = model.get_element(rel.source)
    return source is not None and source.type in _MODEL_WIDE_AGGREGATORS
