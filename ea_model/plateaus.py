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

from collections.abc import Iterable
from dataclasses import dataclass

from ea_model.errors import EaError
from ea_model.idsets import IdSet
from ea_model.model import Model
from ea_model.objects import Element, OrganizationItem, Relationship, View, ViewConnection, ViewNode

MEMBERSHIP_TYPES = frozenset({"Aggregation", "Composition"})
SCAFFOLDING_TYPES = frozenset({"Plateau", "Gap"})


@dataclass(frozen=True)
class PlateauMembers:
    """The ids of the elements and relationships in one plateau (the plateau itself included),
    as `IdSet`s: everything but what the plateau leaves out."""

    plateau: str
    elements: IdSet
    relationships: IdSet

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


def claimed_concepts(model: Model, plateau_ids: Iterable[str] | None = None) -> dict[str, set[str]]:
    """Concept id -> the plateaus that aggregate or compose it (concepts no plateau claims are absent).
    `plateau_ids`: every plateau of the model, when the caller already has them."""
    claimed: dict[str, set[str]] = {}
    for pid in (p.id for p in plateaus(model)) if plateau_ids is None else plateau_ids:
        for rel in model.outgoing(pid, MEMBERSHIP_TYPES):
            claimed.setdefault(rel.target, set()).add(pid)
    return claimed


def plateau_members(model: Model, plateau: str | Element, claimed: dict[str, set[str]] | None = None) -> PlateauMembers:
    """The concepts in `plateau` (an id, a name or the element): what it aggregates or composes, plus
    what no plateau claims; other plateaus are left out, and a relationship is in only when both
    its endpoints are."""
    p = plateau if isinstance(plateau, Element) else find_plateau(model, plateau)
    return plateau_memberships(model, [p.id], claimed)[p.id]


def plateau_memberships(
    model: Model,
    plateau_ids: list[str],
    claimed: dict[str, set[str]] | None = None,
    all_plateaus: set[str] | None = None,
) -> dict[str, PlateauMembers]:
    """`plateau_members` for several plateaus (`claimed` and `all_plateaus`, the ids of every
    plateau in the model, when the caller has them already).

    Set algebra rather than a sweep: a plateau is everything *minus* what it leaves out (what only
    other plateaus claim, the other plateaus, and the relationships that touch any of these), so
    the work grows with the size of the change, not of the model.
    """
    all_plateaus = {p.id for p in plateaus(model)} if all_plateaus is None else all_plateaus
    claimed = claimed_concepts(model, all_plateaus) if claimed is None else claimed
    out = {}
    for pid in plateau_ids:
        left_out = {ref for ref, owners in claimed.items() if pid not in owners}
        left_out |= all_plateaus - {pid}
        elements = IdSet.elements(model, left_out)
        relationships = IdSet.relationships(model, left_out | relationships_touching(model, left_out))
        out[pid] = PlateauMembers(pid, elements, relationships)
    return out


def relationships_touching(model: Model, refs: Iterable[str]) -> set[str]:
    """The relationships with an end in `refs`, and (a relationship may end on a relationship)
    those with an end among these, and so on."""
    succ, pred = model.graph._succ, model.graph._pred
    found: set[str] = set()
    stack = list(refs)
    while stack:
        ref = stack.pop()
        for adjacency in (succ, pred):
            for edges in adjacency.get(ref, {}).values():
                for rel_id in edges:
                    if rel_id not in found:
                        found.add(rel_id)
                        stack.append(rel_id)
    return found


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


def baseline_and_target(model: Model) -> tuple[str, str] | None:
    """The baseline and target plateaus (ids) of a model's migration plan, or None without one.

    The one rule every command uses. A Triggering/Flow chain between plateaus runs from the
    baseline (no plateau before it) to the target (none after it). Otherwise convention 11: the
    target is the last plateau a WorkPackage or Deliverable realizes, the baseline the first
    plateau none realizes (else the first other one). With neither, the first and last plateaus.
    """
    found = plateaus(model)
    if len(found) < 2:
        return None
    ids = {p.id for p in found}
    before: dict[str, set[str]] = {p.id: set() for p in found}
    after: dict[str, set[str]] = {p.id: set() for p in found}
    for p in found:
        for rel in model.outgoing(p.id, ("Triggering", "Flow")):
            if rel.target in ids and rel.target != p.id:
                after[p.id].add(rel.target)
                before[rel.target].add(p.id)
    starts = [p.id for p in found if not before[p.id] and after[p.id]]
    ends = [p.id for p in found if before[p.id] and not after[p.id]]
    if starts and ends:
        return starts[0], ends[-1]
    realized = {
        rel.target
        for rel in model.relationships(type="Realization")
        if rel.target in ids and model.type_of(rel.source) in ("WorkPackage", "Deliverable")
    }
    targets = [p.id for p in found if p.id in realized]
    target = targets[-1] if targets else found[-1].id
    others = [p.id for p in found if p.id != target]
    baseline = next((pid for pid in others if pid not in realized), others[0])
    return baseline, target


def default_plateau(model: Model) -> str | None:
    """The plateau commands work on when none is named: the baseline (the architecture as it is today)."""
    plan = baseline_and_target(model)
    return plan[0] if plan else None
