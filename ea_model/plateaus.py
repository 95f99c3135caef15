"""Plateaus: which concepts belong to which state of the architecture (modelling convention 11).

A `Plateau` `Aggregation` (or `Composition`) → an element or a relationship puts that concept in
the plateau. A concept that no plateau aggregates belongs to every plateau: the parts of the
architecture that do not change need not be drawn into each state. A relationship belongs to a
plateau only when both its endpoints do, whatever aggregates it.

    >>> from ea_model import Model, Element, Relationship
    >>> m = Model()
    >>> for i, t in [("base", "Plateau"), ("tgt", "Plateau"), ("old", "ApplicationComponent"),
    ...              ("new", "ApplicationComponent"), ("db", "DataObject")]:
    ...     m.add_element(Element(id=i, type=t, name={"en": i}))
    >>> m.add_relationship(Relationship(id="g1", type="Aggregation", source="base", target="old"))
    >>> m.add_relationship(Relationship(id="g2", type="Aggregation", source="tgt", target="new"))
    >>> sorted(plateau_members(m, "tgt").elements)
    ['db', 'new', 'tgt']

The plateau structure itself (plateaus, the relationships from a plateau, `Gap` elements and
their associations) is the *scaffolding* of a migration plan, not part of any state:
`is_scaffolding` tells analyses such as the gap matrix what to leave out.
"""

from __future__ import annotations

from dataclasses import dataclass

from ea_model.errors import EaError
from ea_model.model import Model
from ea_model.objects import Element, OrganizationItem, Relationship, View, ViewConnection, ViewNode

MEMBERSHIP_TYPES = frozenset({"Aggregation", "Composition"})
SCAFFOLDING_TYPES = frozenset({"Plateau", "Gap"})


@dataclass(frozen=True)
class PlateauMembers:
    """The elements and relationships in one plateau (the plateau itself included), in model order."""

    plateau: str
    elements: dict[str, Element]
    relationships: dict[str, Relationship]

    def __contains__(self, ref: str) -> bool:
        return ref in self.elements or ref in self.relationships


def plateaus(model: Model) -> list[Element]:
    """The model's plateaus, in model order."""
    return list(model.elements(type="Plateau"))


def find_plateau(model: Model, key: str) -> Element:
    """The plateau with id `key`, else the one named `key` in any language (case-insensitive).

    Raises EaError naming the candidates when there is none or more than one.
    """
    found = model.get_element(key)
    if found is not None and found.type == "Plateau":
        return found
    wanted = key.strip().casefold()
    candidates = [p for p in plateaus(model) if any(v.strip().casefold() == wanted for v in p.name.values())]
    if len(candidates) == 1:
        return candidates[0]
    where = model.source
    if not candidates:
        known = ", ".join(f"{p.id} ({_names(p)})" for p in plateaus(model)) or "none"
        raise EaError(f"no plateau {key!r} in the model (plateaus: {known})", file=where)
    listed = ", ".join(f"{p.id} ({_names(p)})" for p in candidates)
    raise EaError(f"plateau name {key!r} is ambiguous: {listed}; give the id instead", file=where)


def _names(element: Element) -> str:
    return " / ".join(dict.fromkeys(v for v in element.name.values() if v)) or "unnamed"


def claimed_concepts(model: Model) -> dict[str, set[str]]:
    """Concept id -> the plateaus that aggregate or compose it (concepts no plateau claims are absent)."""
    claimed: dict[str, set[str]] = {}
    for plateau in plateaus(model):
        for rel in model.outgoing(plateau.id, MEMBERSHIP_TYPES):
            claimed.setdefault(rel.target, set()).add(plateau.id)
    return claimed


def plateau_members(model: Model, plateau: str | Element, claimed: dict[str, set[str]] | None = None) -> PlateauMembers:
    """The concepts in `plateau` (an id, a name or the element): what it aggregates or composes, plus
    what no plateau claims; other plateaus are left out, and a relationship is in only when both
    its endpoints are."""
    p = plateau if isinstance(plateau, Element) else find_plateau(model, plateau)
    return plateau_memberships(model, [p.id], claimed)[p.id]


def plateau_memberships(
    model: Model, plateau_ids: list[str], claimed: dict[str, set[str]] | None = None
) -> dict[str, PlateauMembers]:
    """`plateau_members` for several plateaus in one pass over the model.

    What no plateau claims is collected once and shared (copied at C speed) into every plateau,
    so the unchanging bulk of a large model costs one dictionary insert per concept, not one per
    plateau. Within a plateau, unclaimed concepts come first, then the claimed ones, each in
    model order.
    """
    claimed = claimed_concepts(model) if claimed is None else claimed
    wanted = set(plateau_ids)
    common: dict[str, Element] = {}
    own: dict[str, dict[str, Element]] = {pid: {} for pid in plateau_ids}
    all_plateaus: set[str] = set()
    for el in model.elements():
        owners = claimed.get(el.id)
        if el.type == "Plateau":
            all_plateaus.add(el.id)
            if el.id in wanted:
                own[el.id][el.id] = el
        elif owners is None:
            common[el.id] = el
        else:
            for pid in owners & wanted:
                own[pid][el.id] = el
    elements = {pid: {**common, **own[pid]} for pid in plateau_ids}
    common_rels: dict[str, Relationship] = {}
    own_rels: dict[str, dict[str, Relationship]] = {pid: {} for pid in plateau_ids}
    on_relationships: list[Relationship] = []
    for rel in model.relationships():
        owners = claimed.get(rel.id)
        source, target = rel.source, rel.target
        if owners is None and source in common and target in common:
            common_rels[rel.id] = rel
            continue
        if source in all_plateaus:  # a plateau's own relationship can only be in that plateau
            owners = {source} if owners is None else owners & {source}
        for pid in wanted if owners is None else owners & wanted:
            mine = elements[pid]
            if source in mine and target in mine:
                own_rels[pid][rel.id] = rel
            elif model.is_relationship(source) or model.is_relationship(target):
                on_relationships.append(rel)
    out = {}
    for pid in plateau_ids:
        relationships = {**common_rels, **own_rels[pid]}
        _add_relationships_on_relationships(on_relationships, elements[pid], relationships, claimed, pid)
        out[pid] = PlateauMembers(pid, elements[pid], relationships)
    return out


def _add_relationships_on_relationships(
    candidates: list[Relationship], elements: dict, relationships: dict, claimed: dict[str, set[str]], pid: str
) -> None:
    """A relationship may end on a relationship: it is in once that one is (repeat until stable)."""

    def ok(rel: Relationship) -> bool:
        owners = claimed.get(rel.id)
        ends = (rel.source, rel.target)
        return (owners is None or pid in owners) and all(e in elements or e in relationships for e in ends)

    waiting = [r for r in {r.id: r for r in candidates}.values() if r.id not in relationships]
    while waiting:
        ready = [r for r in waiting if ok(r)]
        if not ready:
            break
        for rel in ready:
            relationships[rel.id] = rel
        waiting = [r for r in waiting if r.id not in relationships]


def scaffolding_ids(model: Model) -> set[str]:
    """Ids of the plateau and gap elements (the migration plan's own structure)."""
    return {el.id for el in model.elements(type=SCAFFOLDING_TYPES)}


def is_scaffolding(model: Model, concept: Element | Relationship) -> bool:
    """True for the migration plan's own structure: plateaus, gaps, and relationships touching them."""
    if isinstance(concept, Relationship):
        return any(_is_scaffolding_element(model, end) for end in (concept.source, concept.target))
    return concept.type in SCAFFOLDING_TYPES


def _is_scaffolding_element(model: Model, ref: str) -> bool:
    el = model.get_element(ref)
    return el is not None and el.type in SCAFFOLDING_TYPES


def plateau_model(model: Model, plateau_id_or_name: str) -> Model:
    """A new Model holding one plateau's concepts (see `plateau_members`), the property
    definitions, the organizations and views filtered to what is kept (a view left with no
    element on it is dropped).

    The new model shares its element and relationship objects with `model` (as a networkx
    subgraph copy shares attribute values): copy a concept before changing it.
    """
    members = plateau_members(model, plateau_id_or_name)
    out = Model(info=model.info.model_copy(deep=True))
    out.source = model.source
    out.property_definitions = dict(model.property_definitions)
    for el in model.elements():
        if el.id in members.elements:
            out.add_element(el)
    added: set[str] = set()

    def add(rel: Relationship) -> None:
        if rel.id in added:
            return
        for end in (rel.source, rel.target):
            if end in members.relationships:
                add(model.relationship(end))
        out.add_relationship(rel)
        added.add(rel.id)

    for rel in model.relationships():
        if rel.id in members.relationships:
            add(rel)
    out.views = [v for v in (filter_view(view, members) for view in model.views) if v is not None]
    kept_views = {v.id for v in out.views}
    out.organizations = _filter_items(model.organizations, lambda ref: ref in members or ref in kept_views)
    return out


def filter_view(view: View, keep: PlateauMembers | set[str] | frozenset[str]) -> View | None:
    """The view with the nodes and connections of concepts not in `keep` removed (the children of
    a removed node move up to its parent: exchange-format bounds are absolute). None when the view
    showed elements and shows none any more."""
    dropped: set[str] = set()

    def nodes(items: list[ViewNode]) -> list[ViewNode]:
        out: list[ViewNode] = []
        for node in items:
            children = nodes(node.children)
            if node.type == "Element" and node.element_ref not in keep:
                dropped.add(node.id)
                out.extend(children)
                continue
            out.append(node.model_copy(update={"children": children}))
        return out

    kept_nodes = nodes(view.nodes)
    connections: list[ViewConnection] = []
    pending = list(view.connections)
    # A connection may end on another connection: drop until nothing more falls.
    while True:
        connections = []
        for conn in pending:
            gone = conn.source in dropped or conn.target in dropped
            if conn.type == "Relationship" and conn.relationship_ref not in keep:
                gone = True
            if gone:
                dropped.add(conn.id)
            else:
                connections.append(conn)
        if len(connections) == len(pending):
            break
        pending = connections
    had_elements = any(n.type == "Element" for n in view.iter_nodes())
    result = view.model_copy(update={"nodes": kept_nodes, "connections": connections})
    if had_elements and not any(n.type == "Element" for n in result.iter_nodes()):
        return None
    return result


def _filter_items(items: list[OrganizationItem], keep) -> list[OrganizationItem]:
    out: list[OrganizationItem] = []
    for item in items:
        if item.ref is not None:
            if keep(item.ref):
                out.append(item)
            continue
        out.append(item.model_copy(update={"items": _filter_items(item.items, keep)}))
    return out
