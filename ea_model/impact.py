"""Impact analysis: everything that depends on an element, transitively.

Dependency flows along a relationship from the *provider* to the *dependent*. The direction
follows what each relationship means in ArchiMate 3.2 (and its derivation rules: a chain of
these relationships derives a potential dependency of the last element on the first):

    ===================  =================================  ===========================================
    relationship X→Y     dependent                          why
    ===================  =================================  ===========================================
    Serving              Y depends on X                     X provides functionality Y uses
    Realization          Y depends on X                     the realized (service, object, goal...) exists
                                                            only through its realizer
    Assignment           Y depends on X                     the behaviour (or role) needs the active
                                                            structure that performs it
    Access (any type)    X depends on Y                     the behaviour/actor needs the passive object
    Access Write /       also Y depends on X                the object is produced by its writer (an issuer
      ReadWrite                                             going away leaves its document unissued)
    Composition          X depends on Y                     the whole cannot exist without its part
    Aggregation          X depends on Y                     likewise, weaker (the part may be shared)
    Flow                 Y depends on X                     the receiver needs what the sender passes on
    Triggering           Y depends on X                     the triggered behaviour waits on its trigger
    Influence,           no dependency                      motivation, annotation and classification,
      Association,                                          not operational dependency
      Specialization
    ===================  =================================  ===========================================

Junctions are passed through (they neither count as a step nor appear as dependents);
relationships that end on relationships are ignored.

Two things are shared by services without making them depend on each other, so the search reports
them but does not go on through them (docs/modeling-conventions.md §1 and §4):

* the citizen or business **role** (a BusinessRole whose `party` is citizen or business): every
  citizen service serves it, so walking on from it would reach every service that merely serves the
  same public;
* a document **the applicant writes** (a BusinessObject a party role writes to): the applicant, not
  the BMA process that also fills it in, provides it, so a process's Write access does not make the
  form, nor every service that reads it, depend on that process. One breadth-first search: each dependent is
reported once, at its shortest distance, with the path of ids that ties it to the element.

    >>> from ea_model import Model, Element, Relationship
    >>> m = Model()
    >>> for i, t in [("db", "DataObject"), ("proc", "BusinessProcess"), ("svc", "BusinessService")]:
    ...     m.add_element(Element(id=i, type=t, name={"en": i}))
    >>> m.add_relationship(Relationship(id="a", type="Access", source="proc", target="db", access_type="Read"))
    >>> m.add_relationship(Relationship(id="r", type="Realization", source="proc", target="svc"))
    >>> result = impact(m, "db")
    >>> [(d.id, d.depth, result.path(d.id)) for d in result.dependents]
    [('proc', 1, ['db', 'proc']), ('svc', 2, ['db', 'proc', 'svc'])]
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from ea_model import metamodel
from ea_model.compliance.index import PARTIES
from ea_model.errors import EaError
from ea_model.graph_scan import paused_gc
from ea_model.model import Model
from ea_model.naming import display_name
from ea_model.objects import Element, Relationship, text_in

# Relationship type -> the end that depends on the other.
TARGET_DEPENDS = frozenset({"Serving", "Realization", "Assignment", "Flow", "Triggering"})
SOURCE_DEPENDS = frozenset({"Composition", "Aggregation", "Access"})
WRITE_ACCESS = frozenset({"Write", "ReadWrite"})


def dependency_pairs(rel: Relationship) -> list[tuple[str, str]]:
    """(provider, dependent) pairs a relationship creates; empty for non-dependency types."""
    if rel.type in TARGET_DEPENDS:
        return [(rel.source, rel.target)]
    if rel.type == "Access":
        pairs = [(rel.target, rel.source)]
        if rel.access_type in WRITE_ACCESS:
            pairs.append((rel.source, rel.target))
        return pairs
    if rel.type in SOURCE_DEPENDS:
        return [(rel.target, rel.source)]
    return []


class Dependent(NamedTuple):
    id: str
    depth: int


@dataclass
class ImpactResult:
    """What depends on `element`: `dependents` in breadth-first order (nearest first);
    `citizen_services` lists the dependents that are citizen-facing services."""

    element: Element
    dependents: list[Dependent]
    parent: dict[str, tuple[str, str] | None]  # dependent -> (the element it depends on, relationship id)
    citizen_services: list[str] = field(default_factory=list)
    depth_limit: int | None = None

    def path(self, dependent: str) -> list[str]:
        """Element ids from the analysed element to `dependent` (junctions included)."""
        return self._walk(dependent)[0]

    def relationships_on_path(self, dependent: str) -> list[str]:
        return self._walk(dependent)[1]

    def _walk(self, node: str) -> tuple[list[str], list[str]]:
        path, via = [node], []
        step = self.parent[node]
        while step is not None:
            prev, rel_id = step
            path.append(prev)
            via.append(rel_id)
            step = self.parent[prev]
        return path[::-1], via[::-1]

    def by_layer(self, model: Model) -> dict[metamodel.Layer, list[Dependent]]:
        """Dependents grouped by layer, in ArchiMate's layer order."""
        groups: dict[metamodel.Layer, list[Dependent]] = {layer: [] for layer in metamodel.LAYER_ORDER}
        for dep in self.dependents:
            groups[metamodel.layer_of(model.element(dep.id).type)].append(dep)
        return {layer: deps for layer, deps in groups.items() if deps}

    def as_json(self, model: Model, lang: str | None = None) -> dict:
        citizen = set(self.citizen_services)
        first = [d for d in self.dependents if d.id in citizen]
        rest = [d for d in self.dependents if d.id not in citizen]
        return {
            "element": _element_json(self.element, lang),
            "depth_limit": self.depth_limit,
            "citizen_services": self.citizen_services,
            "dependents": [self._dependent_json(model, d, lang) for d in first + rest],
        }

    def _dependent_json(self, model: Model, dep: Dependent, lang: str | None) -> dict:
        path, via = self._walk(dep.id)
        return {**_element_json(model.element(dep.id), lang), "depth": dep.depth, "path": path, "relationships": via}


def _element_json(el: Element, lang: str | None) -> dict:
    return {
        "id": el.id,
        "name": display_name(el.name, lang),
        "type": el.type,
        "layer": metamodel.layer_of(el.type).value,
    }


def resolve_element(model: Model, key: str) -> Element:
    """The element with id `key`, else the one named `key` (any language, case-insensitive).

    Raises EaError when nothing matches (suggesting names that contain `key`) or when the name
    is ambiguous (listing the candidates: give the id instead).
    """
    el = model.get_element(key)
    if el is not None:
        return el
    wanted = key.strip().casefold()
    exact: list[Element] = []
    partial: list[Element] = []
    for candidate in model.elements():
        names = [v.strip().casefold() for v in candidate.name.values()]
        if wanted in names:
            exact.append(candidate)
        elif wanted and len(partial) < 6 and any(wanted in n for n in names):
            partial.append(candidate)
    if len(exact) == 1:
        return exact[0]
    if exact:
        raise EaError(f"{key!r} names {len(exact)} elements; give the id: " + _candidates(exact), file=model.source)
    hint = f"; similar: {_candidates(partial)}" if partial else ""
    raise EaError(f"no element with id or name {key!r}{hint}", file=model.source)


def _candidates(elements: list[Element]) -> str:
    return ", ".join(
        f"{e.id} ({e.type}: {' / '.join(dict.fromkeys(v for v in e.name.values() if v))})" for e in elements
    )


def impact(model: Model, element: str | Element, depth: int | None = None) -> ImpactResult:
    """Every element that depends on `element` (an id, a name or the Element), transitively,
    up to `depth` steps (None: no limit). Citizen-facing services among them are listed first
    in `citizen_services` (in the order they were found)."""
    start = element if isinstance(element, Element) else resolve_element(model, element)
    if depth is not None and depth < 0:
        raise EaError(f"the depth must be 0 or more, not {depth}")
    with paused_gc():
        dependents, parent = _search(model, start.id, depth)
    citizen = citizen_services_among(model, (d.id for d in dependents))
    return ImpactResult(
        element=start,
        dependents=dependents,
        parent=parent,
        citizen_services=[d.id for d in dependents if d.id in citizen],
        depth_limit=depth,
    )


def _search(model: Model, start: str, limit: int | None) -> tuple[list[Dependent], dict]:
    """Breadth-first along dependency directions, straight over the graph's adjacency dicts:
    this is the hot loop of `ea impact` on a 200,000-element model."""
    graph = model.graph
    succ, pred, nodes = graph._succ, graph._pred, graph._node
    junctions = metamodel.JUNCTION_TYPES
    target_depends, source_depends, write_access = TARGET_DEPENDS, SOURCE_DEPENDS, WRITE_ACCESS
    max_step = float("inf") if limit is None else limit
    make = tuple.__new__
    roles = party_roles(model)
    applicant_documents = _written_by(model, roles)
    parent: dict[str, tuple[str, str] | None] = {start: None}
    found: list[Dependent] = []
    queue: deque[tuple[str, int]] = deque([(start, 0)])

    def reach(node: str, here: int, other: str, rel_id: str) -> None:
        el = nodes[other].get("element")
        if el is None:  # a relationship that is itself an endpoint: not a dependent
            return
        junction = el.type in junctions
        step = here if junction else here + 1
        if step > max_step:
            return
        parent[other] = (node, rel_id)
        if junction:
            queue.appendleft((other, step))  # a junction is no step: explore it at the same distance
        else:
            if other not in roles:  # the public a service serves is reported, not walked through
                queue.append((other, step))
            found.append(make(Dependent, (other, step)))

    while queue:
        node, here = queue.popleft()
        for other, edges in succ[node].items():
            if other in parent:
                continue
            for rel_id, attrs in edges.items():
                rel = attrs["relationship"]
                kind = rel.type
                if kind in target_depends or (
                    kind == "Access"
                    and rel.access_type in write_access
                    and (other not in applicant_documents or node in roles)
                ):
                    reach(node, here, other, rel_id)
                    break
        for other, edges in pred[node].items():
            if other in parent:
                continue
            for rel_id, attrs in edges.items():
                if attrs["relationship"].type in source_depends:
                    reach(node, here, other, rel_id)
                    break
    return found, parent


def party_roles(model: Model) -> frozenset[str]:
    """The BusinessRoles whose `party` is citizen or business (convention 1)."""
    party_ids = {pid for pid, d in model.property_definitions.items() if "party" in d.name.values()}
    if not party_ids:
        return frozenset()
    return frozenset(
        el.id
        for el in model.elements("BusinessRole")
        if el.properties and _party(el, party_ids) in ("citizen", "business")
    )


def _written_by(model: Model, writers: frozenset[str]) -> frozenset[str]:
    """The elements that one of `writers` accesses with Write or ReadWrite (the applicant's documents)."""
    return frozenset(
        rel.target
        for writer in writers
        for rel in model.outgoing(writer, {"Access"})
        if rel.access_type in WRITE_ACCESS
    )


def citizen_services_among(model: Model, refs: Iterable[str]) -> set[str]:
    """The citizen-facing services among `refs` (convention 1, the test `ea_model.compliance.citizen_services`
    applies to the whole model): a BusinessService serving a BusinessRole whose `party` is citizen or
    business. Asked only of the dependents, so an impact query does not index the whole model."""
    party_ids = {pid for pid, d in model.property_definitions.items() if "party" in d.name.values()}
    if not party_ids:
        return set()
    out = set()
    for ref in refs:
        el = model.get_element(ref)
        if el is None or el.type != "BusinessService":
            continue
        for rel in model.outgoing(ref, {"Serving"}):
            role = model.get_element(rel.target)
            if role is not None and role.type == "BusinessRole" and _party(role, party_ids) in PARTIES:
                out.add(ref)
                break
    return out


def _party(role: Element, definition_ids: set[str]) -> str | None:
    for prop in role.properties:
        if prop.definition_ref in definition_ids:
            return text_in(prop.value).strip()
    return None


def render_impact_text(result: ImpactResult, model: Model, lang: str | None = None) -> str:
    """For people: the affected citizen services first, each with the path that ties it to the
    element, then every dependent grouped by layer."""
    el = result.element
    limit = f" (depth ≤ {result.depth_limit})" if result.depth_limit is not None else ""
    lines = [
        f"Impact of {display_name(el.name, lang) or el.id}  [{el.type} {el.id}]: "
        f"{len(result.dependents)} dependent elements{limit}"
    ]
    if not result.dependents:
        lines.append("Nothing depends on it.")
        return "\n".join(lines) + "\n"
    lines += ["", f"Citizen services affected: {len(result.citizen_services)}"]
    for service in result.citizen_services:
        lines.append(f"  {_label(model, service, lang)}")
        lines.append(f"      {_path_text(result, model, service, lang)}")
    for layer, deps in result.by_layer(model).items():
        lines += ["", f"{layer.value} layer: {len(deps)}"]
        for dep in deps:
            lines.append(f"  [{dep.depth}] {_label(model, dep.id, lang)}")
    return "\n".join(lines) + "\n"


def _label(model: Model, ref: str, lang: str | None) -> str:
    el = model.element(ref)
    return f"{display_name(el.name, lang) or '(unnamed)'}  [{el.type} {el.id}]"


def _path_text(result: ImpactResult, model: Model, ref: str, lang: str | None) -> str:
    path, via = result._walk(ref)
    parts = [display_name(model.element(path[0]).name, lang) or path[0]]
    for node, rel_id in zip(path[1:], via, strict=True):
        rel = model.relationship(rel_id)
        arrow = f"—{rel.type}→" if rel.target == node else f"←{rel.type}—"
        parts.append(f"{arrow} {display_name(model.element(node).name, lang) or node}")
    return " ".join(parts)
