"""Model validation: what the metamodel forbids, and the hygiene Archi's validator checks.

`validate_model(model)` returns findings, errors first. It covers what Archi's validator
(com.archimatetool.hammer) checks and what its editor enforces when a relationship is drawn:

- metamodel errors: relationships the ArchiMate 3.2 table does not allow, junctions mixing
  relationship types or joining a source and target the relationship type cannot join,
  relationship attributes on the wrong type, references that point nowhere (in views,
  organizations, properties), view connections that do not match their relationship, duplicate ids;
- hygiene: missing names, elements and relationships in no view, duplicate elements, empty views,
  elements outside their view's viewpoint, visual nesting with no relationship behind it, junctions
  that join nothing.

Problems a tolerant reader worked around (`Model.load_findings`, e.g. a dangling reference
dropped with the line it was on) come first in the result. Every rule is one pass over the model
with sets and dicts, so a 200,000-element model validates in seconds.

    >>> from ea_model import Element, Model, Relationship
    >>> from ea_model.validation import validate_model
    >>> m = Model()
    >>> m.add_element(Element(id="a", type="BusinessActor", name={"en": "Clerk"}))
    >>> m.add_element(Element(id="d", type="DataObject", name={"en": "Permit record"}))
    >>> m.add_relationship(Relationship(id="r", type="Serving", source="d", target="a"))
    >>> [f.rule for f in validate_model(m) if f.severity == "error"]
    ['relationship-not-allowed']
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from ea_model import metamodel
from ea_model.findings import SEVERITY_RANK, Finding, Severity
from ea_model.model import Model
from ea_model.objects import Concept, Element, LangString, Property, Relationship, text_in

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

Emit = Callable[..., None]


def validate_model(model: Model) -> list[Finding]:
    """Every finding about `model`: the reader's recovered problems, then each rule's; errors first."""
    from ea_model.validation_views import check_ids, check_organizations, check_usage, check_views

    scope = Scope(model)
    findings: list[Finding] = list(model.load_findings)
    # What the reader already said (with a line number) is not said again.
    said = {(f.rule, f.id) for f in findings if f.id is not None and f.rule not in _REPEATABLE}

    def emit(rule: str, ref: str | None, name: str, message: str, severity: Severity | None = None) -> None:
        if said and (rule, ref) in said:
            return
        findings.append(Finding(severity=severity or RULES[rule][0], rule=rule, id=ref, name=name, message=message))

    for check in (
        check_relationships,
        check_junctions,
        check_properties,
        check_names,
        check_duplicates,
        check_ids,
        check_views,
        check_organizations,
        check_usage,
    ):
        check(scope, emit)
    return sorted(findings, key=lambda f: -SEVERITY_RANK[f.severity])


# Rules that may say several different things about one object (never deduplicated against the reader's).
_REPEATABLE = frozenset(
    {
        "dangling-reference",
        "junction-invalid-passthrough",
        "invalid-relationship-attribute",
        "unknown-property-definition",
        "viewpoint-violation",
        "nesting-without-relationship",
        "connection-mismatch",
    }
)


# ---- helpers -----------------------------------------------------------------------------------


def name_of(concept: Concept | None) -> str:
    return text_in(concept.name) if concept is not None else ""


def label(concept: Concept | None, ref: str) -> str:
    """How a message names a concept: 'its name' (Type), or its id when it has no name."""
    if concept is None:
        return f"'{ref}'"
    name = text_in(concept.name)
    return f"'{name}' ({concept.type})" if name else f"{concept.type} '{concept.id}'"


class Scope:
    """What every check works on: the model, its elements and relationships listed once, and one
    id -> concept index (dict lookups; the graph's views are much slower in tight loops)."""

    def __init__(self, model: Model):
        self.model = model
        self.elements: list[Element] = list(model.elements())
        self.relationships: list[Relationship] = list(model.relationships())
        self.concepts: dict[str, Concept] = {el.id: el for el in self.elements}
        self.concepts.update((rel.id, rel) for rel in self.relationships)
        self._labels: dict[str, str] = {}

    def element(self, ref: str | None) -> Element | None:
        concept = self.concepts.get(ref) if ref else None
        return concept if isinstance(concept, Element) else None

    def relationship(self, ref: str | None) -> Relationship | None:
        concept = self.concepts.get(ref) if ref else None
        return concept if isinstance(concept, Relationship) else None

    def describe(self, ref: str | None) -> str:
        """`label` of the concept with id `ref`, computed once per concept."""
        if not ref:
            return "nothing"
        text = self._labels.get(ref)
        if text is None:
            text = self._labels[ref] = label(self.concepts.get(ref), ref)
        return text


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
            _check_attributes(rel, emit)


def _check_attributes(rel: Relationship, emit: Emit) -> None:
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
