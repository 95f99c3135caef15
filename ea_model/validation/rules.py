"""The rules over concepts: the ArchiMate 3.2 relationship table, junctions, relationship attributes,
property references, names and duplicates. Each rule is `check_*(scope, emit)`; the views' rules are in
`ea_model.validation.views`, and `validate_model` runs them all."""

from __future__ import annotations

import unicodedata

from ea_model import metamodel
from ea_model.findings import Severity
from ea_model.objects import Element, LangString, Property, Relationship, text_in
from ea_model.validation.scope import Emit, Scope, label, name_of

# rule -> (severity, what it means). Severities follow Archi's validator (com.archimatetool.hammer)
# where it has the rule, except empty views and visual nesting, which Archi only advises about.
RULES: dict[str, tuple[Severity, str]] = {
    "relationship-not-allowed": ("error", "the relationship type is not allowed between its endpoint types"),
    "junction-mixed-types": ("error", "the relationships on a junction are not all of one type"),
    "junction-invalid-passthrough": (
        "error",
        "a source and target joined through a junction may not have that relationship type",
    ),
    "invalid-relationship-attribute": ("error", "accessType, isDirected or modifier on the wrong relationship type"),
    "dangling-reference": ("error", "a reference (in a view, organization or relationship) points to nothing"),
    "connection-mismatch": ("error", "a view connection joins other elements than its relationship does"),
    "unknown-property-definition": ("error", "a property refers to an undeclared property definition"),
    "duplicate-id": ("error", "two objects share an identifier"),
    "missing-name": ("warning", "an element has no name"),
    "unused-element": ("warning", "an element appears in no view (one advice when most elements are in none)"),
    "unused-relationship": (
        "warning",
        "a relationship appears in no view (one advice when most relationships are in none)",
    ),
    "duplicate-element": ("warning", "two elements have the same type and name"),
    "empty-view": ("warning", "a view shows nothing"),
    "viewpoint-violation": ("warning", "a view shows an element type its viewpoint does not allow"),
    "unknown-viewpoint": ("advice", "a view names a viewpoint ea does not know, so it was not checked"),
    "nesting-without-relationship": (
        "warning",
        "an element is drawn inside another with no relationship between the two",
    ),
    "junction-unused": ("warning", "a junction has no relationships"),
    "junction-dangling": ("warning", "a junction has no incoming or no outgoing relationship"),
}

# ---- metamodel ---------------------------------------------------------------------------------


def check_relationships(scope: Scope, emit: Emit) -> None:
    """Each relationship against the ArchiMate 3.2 relationship table, and its type-specific attributes."""
    allowed_cache: dict[tuple[str, str, str], bool] = {}
    get = scope.concepts.get
    for rel in scope.relationships:
        source, target = get(rel.source), get(rel.target)
        if source is None or target is None:
            missing = rel.source if source is None else rel.target
            emit("dangling-reference", rel.id, name_of(rel), f"{rel.type} refers to missing id '{missing}'")
            continue
        key = (rel.type, source.type, target.type)
        ok = allowed_cache.get(key)
        if ok is None:
            ok = allowed_cache[key] = metamodel.is_allowed(*key)
        if not ok:
            allowed = sorted(metamodel.allowed_relationships(source.type, target.type))
            hint = f"allowed: {', '.join(allowed)}" if allowed else "no relationship is allowed between these types"
            emit(
                "relationship-not-allowed",
                rel.id,
                name_of(rel),
                f"{rel.type} is not allowed from {label(source, rel.source)} to {label(target, rel.target)} ({hint})",
            )
        if rel.access_type is not None or rel.is_directed is not None or rel.modifier is not None:
            check_relationship_attributes(rel, emit)


def check_relationship_attributes(rel: Relationship, emit: Emit) -> None:
    """accessType, isDirected and modifier only on the relationship types that have them."""
    problems = []
    if rel.access_type is not None:
        if rel.type != "Access":
            problems.append(f"accessType on a {rel.type} relationship")
        elif rel.access_type not in metamodel.ACCESS_TYPES:
            problems.append(f"accessType {rel.access_type!r} is not one of {', '.join(metamodel.ACCESS_TYPES)}")
    if rel.is_directed is not None and rel.type != "Association":
        problems.append(f"isDirected on a {rel.type} relationship")
    if rel.modifier is not None and rel.type != "Influence":
        problems.append(f"modifier on a {rel.type} relationship")
    for problem in problems:
        emit("invalid-relationship-attribute", rel.id, name_of(rel), problem)


def check_junctions(scope: Scope, emit: Emit) -> None:
    """One relationship type per junction; every source-target pair it joins allowed; no loose ends."""
    model = scope.model
    junctions = {el.id: el for el in scope.elements if el.type in metamodel.JUNCTION_TYPES}
    for jid, junction in junctions.items():
        incoming = list(model.incoming(jid))
        outgoing = list(model.outgoing(jid))
        name = name_of(junction)
        if not incoming and not outgoing:
            emit("junction-unused", jid, name, "the junction joins nothing: remove it")
            continue
        if not incoming or not outgoing:
            side = "incoming" if not incoming else "outgoing"
            emit("junction-dangling", jid, name, f"the junction has no {side} relationship")
        types = {r.type for r in incoming} | {r.type for r in outgoing}
        if len(types) > 1:
            emit(
                "junction-mixed-types",
                jid,
                name,
                f"relationships on a junction must all be of one type; found {', '.join(sorted(types))}",
            )
        _check_passthrough(scope, junctions, jid, outgoing, emit)


def _real_sources(scope: Scope, junctions: dict[str, Element], jid: str) -> dict[str, dict[str, str]]:
    """{relationship type: {source type: an example source id}} for the non-junction concepts that reach
    `jid`, following chains of junctions backwards."""
    out: dict[str, dict[str, str]] = {}
    stack, seen = [jid], {jid}
    while stack:
        for rel in scope.model.incoming(stack.pop()):
            if rel.source in junctions:
                if rel.source not in seen:
                    seen.add(rel.source)
                    stack.append(rel.source)
                continue
            source = scope.concepts.get(rel.source)
            if source is not None:
                out.setdefault(rel.type, {}).setdefault(source.type, rel.source)
    return out


def _check_passthrough(
    scope: Scope, junctions: dict[str, Element], jid: str, outgoing: list[Relationship], emit: Emit
) -> None:
    # Checked where a chain of junctions ends: at each relationship from a junction to a real target.
    exits = [r for r in outgoing if r.target not in junctions]
    if not exits:
        return
    sources = _real_sources(scope, junctions, jid)
    for rel in exits:
        target = scope.concepts.get(rel.target)
        if target is None:
            continue
        for source_type, source_id in sources.get(rel.type, {}).items():
            if metamodel.junction_passthrough_exempt(rel.type, source_type):
                continue
            if metamodel.is_allowed(rel.type, source_type, target.type):
                continue
            source = scope.concepts.get(source_id)
            emit(
                "junction-invalid-passthrough",
                rel.id,
                name_of(rel),
                f"{rel.type} through junction '{jid}' joins {label(source, source_id)} to "
                f"{label(target, rel.target)}, which {rel.type} may not join",
            )


# ---- properties, names, duplicates -------------------------------------------------------------


def check_properties(scope: Scope, emit: Emit) -> None:
    """Every property on the model, its concepts and its views names a declared property definition."""
    model = scope.model
    known = model.property_definitions

    def check(owner_id: str | None, owner_name: LangString, properties: list[Property]) -> None:
        for prop in properties:
            if prop.definition_ref not in known:
                emit(
                    "unknown-property-definition",
                    owner_id,
                    text_in(owner_name),
                    f"property refers to undeclared property definition '{prop.definition_ref}'",
                )

    check(model.info.id, model.info.name, model.info.properties)
    for viewpoint in model.info.viewpoints:
        check(viewpoint.id, viewpoint.name, viewpoint.properties)
    for concept in (*scope.elements, *scope.relationships):
        if concept.properties:
            check(concept.id, concept.name, concept.properties)
    for view in model.views:
        check(view.id, view.name, view.properties)
        for node in view.iter_nodes():
            if node.properties:
                check(node.id, node.label, node.properties)
        for conn in view.connections:
            if conn.properties:
                check(conn.id, conn.label, conn.properties)


def check_names(scope: Scope, emit: Emit) -> None:
    for el in scope.elements:
        if el.type in metamodel.JUNCTION_TYPES:
            continue
        if not any(v.strip() for v in el.name.values()):
            emit("missing-name", el.id, "", f"{el.type} '{el.id}' has no name: give it one")


def normalised_name(text: str) -> str:
    """The form names are compared in: Unicode NFC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def check_duplicates(scope: Scope, emit: Emit) -> None:
    """Elements of one type sharing a name in any language. Each later one is reported against the first."""
    first: dict[tuple[str, str], str] = {}
    for el in scope.elements:
        if el.type in metamodel.JUNCTION_TYPES:  # junctions are all called "Junction" or nothing (as in Archi)
            continue
        original = matched = None
        for lang, value in sorted(el.name.items(), key=_thai_first):
            key = (el.type, normalised_name(value))
            if not key[1]:
                continue
            earlier = first.setdefault(key, el.id)
            if earlier != el.id and original is None:
                original, matched = earlier, (lang, value)
        if original is not None:
            lang, value = matched
            in_lang = f" ({lang})" if lang else ""
            emit(
                "duplicate-element",
                el.id,
                name_of(el),
                f"another {el.type} ({original}) has the same name{in_lang}: '{value.strip()}'; "
                "merge them or tell them apart",
            )


def _thai_first(item: tuple[str, str]) -> tuple[int, str]:
    """Names compared Thai first: when Thai names collide, the Thai name is the one quoted."""
    return (0 if item[0].startswith("th") else 1, item[0])
