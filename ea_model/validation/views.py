"""Validation rules about views, organizations, identifiers and usage (see `ea_model.validation`)."""

from __future__ import annotations

from ea_model import metamodel
from ea_model.objects import Concept, LangString, OrganizationItem, Relationship, View, ViewNode, text_in
from ea_model.validation.scope import Emit, Scope, label, name_of


def check_ids(scope: Scope, emit: Emit) -> None:
    """Identifiers are unique across the whole model: concepts, property definitions, views, nodes, connections.
    (The model itself keeps element and relationship ids unique; a reader reports clashes among those.)"""
    model, concepts = scope.model, scope.concepts
    seen: set[str] = set()

    def claim(ref: str, what: str, name: LangString) -> None:
        if ref in concepts or ref in seen:
            emit("duplicate-id", ref, text_in(name), f"the {what} id '{ref}' is already used by another object")
        else:
            seen.add(ref)

    for pid, definition in model.property_definitions.items():
        claim(pid, "property definition", definition.name)
    for viewpoint in model.info.viewpoints:
        claim(viewpoint.id, "viewpoint", viewpoint.name)
    for view in model.views:
        claim(view.id, "view", view.name)
        for node in view.iter_nodes():
            claim(node.id, "view node", node.label)
        for conn in view.connections:
            claim(conn.id, "view connection", conn.label)


def check_views(scope: Scope, emit: Emit) -> None:
    """References, connections, viewpoints and nesting on every view; views that show nothing."""
    view_ids = {view.id for view in scope.model.views}
    for view in scope.model.views:
        view_name = text_in(view.name)
        if not view.nodes:
            emit("empty-view", view.id, view_name, "the view shows nothing: fill it or delete it")
        viewpoint, allowed = _viewpoint(scope, view, view_name, emit)
        concept_at = _check_nodes(scope, view, view_name, view_ids, viewpoint, allowed, emit)
        _check_connections(scope, view, view_name, view_ids, concept_at, emit)


def _viewpoint(scope: Scope, view: View, view_name: str, emit: Emit) -> tuple[str, frozenset[str] | None]:
    """The viewpoint a view names (a standard one by name, or one the model defines, by reference) and the
    element types it allows; None when anything goes or the viewpoint is unknown."""
    if view.viewpoint_ref:
        definition = next((vp for vp in scope.model.info.viewpoints if vp.id == view.viewpoint_ref), None)
        if definition is None:
            emit(
                "dangling-reference",
                view.id,
                view_name,
                f"the view's viewpointRef '{view.viewpoint_ref}' names no viewpoint the model defines",
            )
        elif definition.allowed_element_types:
            name = text_in(definition.name) or definition.id
            return name, frozenset(definition.allowed_element_types) | metamodel.JUNCTION_TYPES
    if not view.viewpoint:
        return "", None
    known = metamodel.viewpoints()
    if view.viewpoint not in known:
        emit(
            "unknown-viewpoint",
            view.id,
            view_name,
            f"viewpoint '{view.viewpoint}' is not one ea knows; the view's element types were not checked",
        )
        return view.viewpoint, None
    return view.viewpoint, known[view.viewpoint]


def _check_view_links(
    obj_id: str, name: str, refs: list[str | None], view_ids: set[str], what: str, emit: Emit
) -> None:
    for ref in refs:
        if ref and ref not in view_ids:
            emit("dangling-reference", obj_id, name, f"{what} links to missing view '{ref}'")


def _nodes_with_parents(view: View):
    stack: list[tuple[ViewNode, ViewNode | None]] = [(n, None) for n in reversed(view.nodes)]
    while stack:
        node, parent = stack.pop()
        yield node, parent
        stack.extend((child, node) for child in reversed(node.children))


def _check_nodes(
    scope: Scope,
    view: View,
    view_name: str,
    view_ids: set[str],
    viewpoint: str,
    allowed: frozenset[str] | None,
    emit: Emit,
) -> dict[str, str | None]:
    """Check every node; return node id -> the element it shows (None for containers and labels)."""
    concept_at: dict[str, str | None] = {}
    where = f"on view '{view_name or view.id}'"
    for node, parent in _nodes_with_parents(view):
        concept_at[node.id] = None
        _check_view_links(
            node.id, text_in(node.label), [node.view_ref, *node.extra_view_refs], view_ids, f"node {where}", emit
        )
        if node.concept_ref and node.concept_ref not in scope.concepts:
            emit(
                "dangling-reference",
                node.id,
                text_in(node.label),
                f"node {where} refers to missing concept '{node.concept_ref}'",
            )
        if node.type != "Element":
            continue
        element = scope.element(node.element_ref)
        if element is None:
            what = f"missing element '{node.element_ref}'" if node.element_ref else "no element (elementRef is empty)"
            emit("dangling-reference", node.id, text_in(node.label), f"node {where} shows {what}")
            continue
        concept_at[node.id] = element.id
        if allowed is not None and element.type not in allowed:
            emit(
                "viewpoint-violation",
                element.id,
                name_of(element),
                f"{element.type} does not belong in view '{view_name or view.id}' ({viewpoint} viewpoint)",
            )
        if parent is not None and parent.type == "Element":
            _check_nesting(scope, concept_at.get(parent.id), element.id, where, emit)
    return concept_at


def _check_nesting(scope: Scope, parent_id: str | None, child_id: str, where: str, emit: Emit) -> None:
    """A node drawn inside another element's node should stand for a relationship between the two
    (Archi's NestedElementsChecker; any relationship type, in either direction, counts here)."""
    if parent_id is None or parent_id == child_id:
        return
    child = scope.concepts[child_id]
    if child.type in metamodel.JUNCTION_TYPES:
        return
    graph = scope.model.graph
    if graph.has_edge(parent_id, child_id) or graph.has_edge(child_id, parent_id):
        return
    parent = scope.concepts[parent_id]
    emit(
        "nesting-without-relationship",
        child_id,
        name_of(child),
        f"drawn inside {label(parent, parent_id)} {where} with no relationship between them: "
        "add one (e.g. Composition, Aggregation, Assignment) or move it out",
    )


def _check_connections(
    scope: Scope, view: View, view_name: str, view_ids: set[str], concept_at: dict[str, str | None], emit: Emit
) -> None:
    where = f"on view '{view_name or view.id}'"
    # A connection may end on another connection (a relationship on a relationship): map those ends too.
    for conn in view.connections:
        concept_at.setdefault(conn.id, conn.relationship_ref if scope.relationship(conn.relationship_ref) else None)
    for conn in view.connections:
        name = text_in(conn.label)
        _check_view_links(conn.id, name, [conn.view_ref, *conn.extra_view_refs], view_ids, f"connection {where}", emit)
        for end in ("source", "target"):
            ref = getattr(conn, end)
            if not ref or ref not in concept_at:
                emit(
                    "dangling-reference", conn.id, name, f"connection {where} has {end} '{ref or ''}', not on the view"
                )
        if conn.type != "Relationship":
            continue
        rel = scope.relationship(conn.relationship_ref)
        if rel is None:
            what = f"missing relationship '{conn.relationship_ref}'" if conn.relationship_ref else "no relationship"
            emit("dangling-reference", conn.id, name, f"connection {where} shows {what}")
            continue
        shown = (concept_at.get(conn.source or ""), concept_at.get(conn.target or ""))
        if None in shown or shown == (rel.source, rel.target):
            continue
        emit(
            "connection-mismatch",
            conn.id,
            name_of(rel),
            f"connection {where} joins {scope.describe(shown[0])} to {scope.describe(shown[1])}, but "
            f"{rel.type} '{rel.id}' joins {scope.describe(rel.source)} to {scope.describe(rel.target)}",
        )


def check_organizations(scope: Scope, emit: Emit) -> None:
    """Every folder item refers to a concept or a view that exists."""
    model, concepts = scope.model, scope.concepts
    view_ids = {view.id for view in model.views}
    stack: list[OrganizationItem] = list(model.organizations)
    while stack:
        item = stack.pop()
        if item.items:
            stack.extend(item.items)
        if item.ref and item.ref not in concepts and item.ref not in view_ids:
            folder = text_in(item.label)
            emit(
                "dangling-reference",
                item.id or item.ref,
                folder,
                f"organization item refers to missing concept or view '{item.ref}'",
            )


def check_usage(scope: Scope, emit: Emit) -> None:
    """Elements and relationships that appear in no view (Archi: UnusedElements/UnusedRelationsChecker).

    Archi warns about each one, which suits a model drawn view by view. When fewer than half of a
    kind appear in any view (a generated or imported model, or one with no views at all), "in no
    view" says nothing about any single concept, so that kind gets one advice with the count instead
    of a warning each. A plateau's Aggregation of a relationship (how a relationship is put in a
    plateau, modelling convention 11) is bookkeeping no view draws, so it is never reported."""
    shown_elements: set[str] = set()
    shown_relationships: set[str] = set()
    for view in scope.model.views:
        shown_elements.update(node.element_ref for node in view.iter_nodes() if node.element_ref)
        shown_relationships.update(conn.relationship_ref for conn in view.connections if conn.relationship_ref)
    unused_elements = [el for el in scope.elements if el.id not in shown_elements]
    if not _mostly_undrawn("unused-element", "elements", unused_elements, len(scope.elements), emit):
        for el in unused_elements:
            emit("unused-element", el.id, name_of(el), f"the {el.type} appears in no view")
    concepts = scope.concepts
    unused_relationships = [
        rel
        for rel in scope.relationships
        if rel.id not in shown_relationships and not _plateau_membership(rel, concepts)
    ]
    if not _mostly_undrawn(
        "unused-relationship", "relationships", unused_relationships, len(scope.relationships), emit
    ):
        for rel in unused_relationships:
            emit(
                "unused-relationship",
                rel.id,
                name_of(rel),
                f"{rel.type} from {scope.describe(rel.source)} to {scope.describe(rel.target)} appears in no view",
            )


def _mostly_undrawn(rule: str, kind: str, unused: list[Concept], total: int, emit: Emit) -> bool:
    """One advice for the whole kind when fewer than half of it is drawn; True when it said so."""
    if not unused or 2 * len(unused) <= total:
        return False
    examples = ", ".join(c.id for c in unused[:3])
    emit(
        rule,
        None,
        "",
        f"{len(unused)} of the model's {total} {kind} appear in no view (e.g. {examples}); with most of the "
        "model undrawn they are not listed one by one",
        severity="advice",
    )
    return True


def _plateau_membership(rel: Relationship, concepts: dict[str, Concept]) -> bool:
    if rel.type != "Aggregation" or not isinstance(concepts.get(rel.target), Relationship):
        return False
    source = concepts.get(rel.source)
    return source is not None and source.type == "Plateau"
