"""Gap analysis: the TOGAF gap matrix between a baseline and a target architecture.

The two sides are either two plateaus of one model (`gap_between_plateaus`, modelling
convention 11) or two models (`gap_between_models`, e.g. two files). Elements are matched by id,
then (still unmatched) by type and name in any language. Per layer, each element is:

- **kept**: in both, unchanged;
- **changed**: in both, with a different name, documentation, type, properties or relationships
  (what changed is recorded);
- **new**: only in the target;
- **eliminated**: only in the baseline.

An eliminated element that a kept element depended on (see `ea_model.impact` for which end of
each relationship depends on the other) is a *dangling dependency*. It is resolved when the target
still gives the dependent the same relationship type from an element of the same aspect (active
structure, behaviour, passive structure...): a replacement (the new e-service serving the process
the old one served) or an alternative already there (the data object that realizes the document
whose paper copy is eliminated). Unresolved ones are what the board must hear about.

The migration plan's own structure (plateaus, gaps and the relationships touching them) is not
part of either side; junctions are matched by id and show only through relationships.

    >>> from ea_model import Model, Element, Relationship
    >>> base, target = Model(), Model()
    >>> base.add_element(Element(id="a", type="ApplicationComponent", name={"en": "Old OSS"}))
    >>> target.add_element(Element(id="b", type="ApplicationComponent", name={"en": "New OSS"}))
    >>> report = gap_between_models(base, target)
    >>> report.layers[Layer.APPLICATION].new, report.layers[Layer.APPLICATION].eliminated
    (['b'], ['a'])
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from functools import cached_property

from ea_model import metamodel
from ea_model.errors import EaError
from ea_model.graph_scan import paused_gc
from ea_model.impact import dependency_pairs
from ea_model.metamodel import Layer
from ea_model.model import Model
from ea_model.naming import display_name
from ea_model.objects import Concept, Element, Relationship, text_in
from ea_model.plateaus import PlateauMembers, find_plateau, plateau_members, plateau_memberships, scaffolding_ids

_JUNCTIONS = metamodel.JUNCTION_TYPES
_LAYER = {name: t.layer for name, t in metamodel.ELEMENT_TYPES.items()}


@dataclass
class Side:
    """One side of a comparison: a model and the concepts of it that take part."""

    model: Model
    label: str
    elements: dict[str, Element]
    relationships: dict[str, Relationship]
    plateau: Element | None = None

    @cached_property
    def definition_names(self) -> dict[str, str]:
        """Property definition id -> its name, for comparing properties across models."""
        return {pid: text_in(d.name) or pid for pid, d in self.model.property_definitions.items()}


def model_side(model: Model, label: str | None = None) -> Side:
    """A whole model as one side (its plateau scaffolding left out)."""
    scaffolding = scaffolding_ids(model)
    elements = {el.id: el for el in model.elements() if el.id not in scaffolding}
    rels = {r.id: r for r in model.relationships() if r.source not in scaffolding and r.target not in scaffolding}
    return Side(model, label or text_in(model.info.name) or model.source or "model", elements, rels)


def plateau_side(model: Model, plateau: str | Element) -> Side:
    """One plateau of a model as a side (see `ea_model.plateaus.plateau_members`)."""
    p = plateau if isinstance(plateau, Element) else find_plateau(model, plateau)
    return _side_of(model, plateau_members(model, p), p, scaffolding_ids(model))


def _side_of(model: Model, members: PlateauMembers, plateau: Element, scaffolding: set[str]) -> Side:
    elements, rels = dict(members.elements), dict(members.relationships)
    for ref in scaffolding:
        elements.pop(ref, None)
        for rel in model.relationships_of(ref):
            rels.pop(rel.id, None)
    return Side(model, display_name(plateau.name) or plateau.id, elements, rels, plateau=plateau)


@dataclass
class RelationshipChange:
    id: str  # the target's relationship id (the baseline's for a removed one)
    type: str
    direction: str  # "out" (the element is the source) or "in"
    other: str  # the other end's id, on the side the relationship is on
    what: list[str] = field(default_factory=list)  # for a changed relationship: what changed


@dataclass
class ElementChange:
    """An element in both sides whose facts differ."""

    id: str  # in the target
    baseline_id: str
    type: str
    baseline_type: str
    name: tuple[str, str] | None = None  # (baseline, target) display texts when the name changed
    documentation: bool = False
    properties: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    relationships_added: list[RelationshipChange] = field(default_factory=list)
    relationships_removed: list[RelationshipChange] = field(default_factory=list)
    relationships_changed: list[RelationshipChange] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.name
            or self.documentation
            or self.properties
            or self.type != self.baseline_type
            or self.relationships_added
            or self.relationships_removed
            or self.relationships_changed
        )

    def what(self) -> list[str]:
        out = []
        if self.type != self.baseline_type:
            out.append("type")
        if self.name:
            out.append("name")
        if self.documentation:
            out.append("documentation")
        if self.properties:
            out.append("properties")
        if self.relationships_added or self.relationships_removed or self.relationships_changed:
            out.append("relationships")
        return out


@dataclass
class DanglingDependency:
    eliminated: str  # baseline id of the eliminated element
    dependent: str  # target id of the kept element that depended on it
    relationship: str  # baseline relationship id
    relationship_type: str
    replaced_by: list[str] = field(default_factory=list)  # target ids that newly take its place
    alternatives: list[str] = field(default_factory=list)  # target ids that already gave the same

    @property
    def resolved(self) -> bool:
        return bool(self.replaced_by or self.alternatives)


@dataclass
class LayerGap:
    kept: list[str] = field(default_factory=list)  # target ids
    changed: list[ElementChange] = field(default_factory=list)
    new: list[str] = field(default_factory=list)  # target ids
    eliminated: list[str] = field(default_factory=list)  # baseline ids
    dangling_dependencies: list[DanglingDependency] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "kept": len(self.kept),
            "changed": len(self.changed),
            "new": len(self.new),
            "eliminated": len(self.eliminated),
            "dangling_dependencies": sum(1 for d in self.dangling_dependencies if not d.resolved),
        }


@dataclass
class GapReport:
    baseline: Side
    target: Side
    layers: dict[Layer, LayerGap]
    matched_by_name: list[tuple[str, str]]  # (baseline id, target id)
    relationships_new: list[str]
    relationships_eliminated: list[str]
    relationships_changed: list[str]  # target ids
    relationships_kept: int
    compliance: dict | None = None  # `compliance_delta(...)` as JSON, when it was run

    def dangling(self) -> list[DanglingDependency]:
        return [d for layer in self.layers.values() for d in layer.dangling_dependencies]

    def as_json(self, lang: str | None = None) -> dict:
        from ea_model.gap_report import gap_json

        return gap_json(self, lang)


def gap_between_plateaus(model: Model, baseline: str | Element, target: str | Element) -> GapReport:
    """The gap matrix between two plateaus (ids or names) of one model."""
    b = baseline if isinstance(baseline, Element) else find_plateau(model, baseline)
    t = target if isinstance(target, Element) else find_plateau(model, target)
    if b.id == t.id:
        raise EaError(f"the baseline and the target are the same plateau ({b.id})", file=model.source)
    with paused_gc():
        members = plateau_memberships(model, [b.id, t.id])
        scaffolding = scaffolding_ids(model)
        return gap_analysis(
            _side_of(model, members[b.id], b, scaffolding), _side_of(model, members[t.id], t, scaffolding)
        )


def gap_between_models(
    baseline: Model, target: Model, baseline_label: str | None = None, target_label: str | None = None
) -> GapReport:
    """The gap matrix between two whole models (matched by id, then by type and name)."""
    with paused_gc():
        return gap_analysis(model_side(baseline, baseline_label), model_side(target, target_label))


def gap_analysis(base: Side, target: Side) -> GapReport:
    """The gap matrix between two sides."""
    to_base = match_elements(base.elements, target.elements)
    rel_pairs, rels_new, rels_gone = _match_relationships(base, target, to_base)
    from_base = {b: t for t, b in to_base.items()}
    changes = _element_changes(base, target, to_base)
    b_rels, t_rels = base.relationships, target.relationships
    rel_diffs = {
        t: what for b, t in rel_pairs if b_rels[b] is not t_rels[t] and (what := _rel_differences(base, target, b, t))
    }
    _relationship_changes(base, target, to_base, from_base, rels_new, rels_gone, rel_diffs, changes)
    layers: dict[Layer, LayerGap] = {layer: LayerGap() for layer in metamodel.LAYER_ORDER}
    for t_id, el in target.elements.items():
        if el.type in _JUNCTIONS:
            continue
        bucket = layers[_LAYER[el.type]]
        if t_id not in to_base:
            bucket.new.append(t_id)
        elif t_id in changes:
            bucket.changed.append(changes[t_id])
        else:
            bucket.kept.append(t_id)
    for b_id, el in base.elements.items():
        if b_id not in from_base and el.type not in _JUNCTIONS:
            layers[_LAYER[el.type]].eliminated.append(b_id)
    for dangling in _dangling(base, target, from_base, rels_gone, rels_new):
        layers[_LAYER[base.elements[dangling.eliminated].type]].dangling_dependencies.append(dangling)
    return GapReport(
        baseline=base,
        target=target,
        layers={layer: gap for layer, gap in layers.items() if gap.kept or gap.changed or gap.new or gap.eliminated},
        matched_by_name=[(b, t) for t, b in to_base.items() if b != t],
        relationships_new=rels_new,
        relationships_eliminated=rels_gone,
        relationships_changed=list(rel_diffs),
        relationships_kept=len(rel_pairs) - len(rel_diffs),
    )


def match_elements(base: dict[str, Element], target: dict[str, Element]) -> dict[str, str]:
    """Target id -> baseline id for the elements both sides hold: same id first, then (among the
    rest) same type and a same name in some language (case-insensitive; first come, first paired)."""
    same = base.keys() & target.keys()
    to_base = dict(zip(same, same, strict=True))
    unmatched_base = [b_id for b_id in base if b_id not in same]
    if not unmatched_base:
        return to_base
    by_name: dict[tuple[str, str], deque[str]] = defaultdict(deque)
    for b_id in unmatched_base:
        el = base[b_id]
        if el.type not in _JUNCTIONS:
            for key in _name_keys(el):
                by_name[key].append(b_id)
    taken: set[str] = set()
    for t_id in target:
        if t_id in same:
            continue
        el = target[t_id]
        if el.type in _JUNCTIONS:
            continue
        for key in _name_keys(el):
            candidates = by_name.get(key)
            while candidates and candidates[0] in taken:
                candidates.popleft()
            if candidates:
                b_id = candidates.popleft()
                to_base[t_id] = b_id
                taken.add(b_id)
                break
    return to_base


def _name_keys(el: Element) -> list[tuple[str, str]]:
    return list(dict.fromkeys((el.type, v.strip().casefold()) for v in el.name.values() if v.strip()))


def _match_relationships(base: Side, target: Side, to_base: dict[str, str]):
    """Pairs (baseline id, target id), new target ids and eliminated baseline ids. A relationship
    matches one of the same type between the matched endpoints, its own id first."""
    base_rels, target_rels = base.relationships, target.relationships

    def key_in_target(rel: Relationship) -> tuple:
        return (rel.type, canon(rel.source), canon(rel.target))

    def canon(ref: str) -> str | None:
        if ref in target.elements:
            return to_base.get(ref)
        return ref if ref in base_rels else None  # a relationship endpoint: by id only

    pairs: list[tuple[str, str]] = []
    taken: set[str] = set()
    for rel_id in base_rels.keys() & target_rels.keys():
        b_rel, t_rel = base_rels[rel_id], target_rels[rel_id]
        # The same object (two plateaus of one model), or the same type between matched ends.
        if b_rel is t_rel or (b_rel.type, b_rel.source, b_rel.target) == key_in_target(t_rel):
            pairs.append((rel_id, rel_id))
            taken.add(rel_id)
    new: set[str] = set()
    pending = [t_id for t_id in target_rels if t_id not in taken]
    if pending:
        by_key: dict[tuple, deque[str]] = defaultdict(deque)
        for b_id, rel in base_rels.items():
            if b_id not in taken:
                by_key[(rel.type, rel.source, rel.target)].append(b_id)
        for t_id in pending:
            key = key_in_target(target_rels[t_id])
            candidates = by_key.get(key) if None not in key else None
            while candidates and candidates[0] in taken:
                candidates.popleft()
            if candidates:
                b_id = candidates.popleft()
                pairs.append((b_id, t_id))
                taken.add(b_id)
            else:
                new.add(t_id)
    gone = [b_id for b_id in base_rels if b_id not in taken]
    return pairs, [t_id for t_id in pending if t_id in new], gone


def _element_changes(base: Side, target: Side, to_base: dict[str, str]) -> dict[str, ElementChange]:
    """Target id -> what differs, for the matched elements whose own facts differ."""
    changes: dict[str, ElementChange] = {}
    for t_id, b_id in to_base.items():
        t_el, b_el = target.elements[t_id], base.elements[b_id]
        if t_el is b_el:  # two plateaus of one model share their element objects
            continue
        change = ElementChange(t_id, b_id, t_el.type, b_el.type)
        if _names_differ(b_el, t_el):
            change.name = (text_in(b_el.name), text_in(t_el.name))
        change.documentation = b_el.documentation != t_el.documentation
        change.properties = _property_differences(b_el, t_el, base.definition_names, target.definition_names)
        if change.changed:
            changes[t_id] = change
    return changes


def _change_for(changes: dict[str, ElementChange], base: Side, target: Side, t_id: str, b_id: str) -> ElementChange:
    change = changes.get(t_id)
    if change is None:
        change = changes[t_id] = ElementChange(t_id, b_id, target.elements[t_id].type, base.elements[b_id].type)
    return change


def _names_differ(a: Concept, b: Concept) -> bool:
    def norm(c: Concept) -> dict[str, str]:
        return {lang: text.strip() for lang, text in c.name.items() if text.strip()}

    return norm(a) != norm(b)


def _properties(concept: Concept, names: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for prop in concept.properties:
        out.setdefault(names.get(prop.definition_ref, prop.definition_ref), text_in(prop.value))
    return out


def _property_differences(b: Concept, t: Concept, b_names: dict[str, str], t_names: dict[str, str]) -> dict:
    if not b.properties and not t.properties:
        return {}
    before, after = _properties(b, b_names), _properties(t, t_names)
    return {
        name: (before.get(name), after.get(name))
        for name in dict.fromkeys([*before, *after])
        if before.get(name) != after.get(name)
    }


def _rel_differences(base: Side, target: Side, b_id: str, t_id: str) -> list[str]:
    b, t = base.relationships[b_id], target.relationships[t_id]
    if b is t:
        return []
    out = []
    if b.access_type != t.access_type:
        out.append("access type")
    if b.modifier != t.modifier:
        out.append("influence modifier")
    if _names_differ(b, t):
        out.append("name")
    if _property_differences(b, t, base.definition_names, target.definition_names):
        out.append("properties")
    return out


def _relationship_changes(base, target, to_base, from_base, rels_new, rels_gone, rel_diffs, changes) -> None:
    """Record on each matched element the relationships it gained, lost or saw change."""
    for t_id in rels_new:
        rel = target.relationships[t_id]
        for end, other, direction in ((rel.source, rel.target, "out"), (rel.target, rel.source, "in")):
            if end in to_base:
                change = _change_for(changes, base, target, end, to_base[end])
                change.relationships_added.append(RelationshipChange(t_id, rel.type, direction, other))
    for b_id in rels_gone:
        rel = base.relationships[b_id]
        for end, other, direction in ((rel.source, rel.target, "out"), (rel.target, rel.source, "in")):
            t_end = from_base.get(end)
            if t_end is not None:
                change = _change_for(changes, base, target, t_end, end)
                change.relationships_removed.append(RelationshipChange(b_id, rel.type, direction, other))
    for t_id, what in rel_diffs.items():
        rel = target.relationships[t_id]
        for end, other, direction in ((rel.source, rel.target, "out"), (rel.target, rel.source, "in")):
            if end in to_base:
                change = _change_for(changes, base, target, end, to_base[end])
                change.relationships_changed.append(RelationshipChange(t_id, rel.type, direction, other, what))


def _dangling(base: Side, target: Side, from_base: dict[str, str], rels_gone: list[str], rels_new: list[str]):
    """Kept elements that depended (directly) on an eliminated one, each with the elements that
    take its place: what gives the dependent the same relationship type in the target, from an
    element of the same aspect (active structure, behaviour, passive structure...), new ones first."""
    new_rels = set(rels_new)
    out: list[DanglingDependency] = []
    seen: set[tuple[str, str, str]] = set()
    for b_id in rels_gone:
        rel = base.relationships[b_id]
        for provider, dependent in dependency_pairs(rel):
            eliminated = provider in base.elements and provider not in from_base
            t_dependent = from_base.get(dependent)
            if not eliminated or t_dependent is None or (provider, t_dependent, rel.type) in seen:
                continue
            seen.add((provider, t_dependent, rel.type))
            aspect = metamodel.aspect_of(base.elements[provider].type)
            new, existing = _providers(target, t_dependent, rel.type, aspect, new_rels)
            out.append(DanglingDependency(provider, t_dependent, b_id, rel.type, new, existing))
    return out


def _providers(side: Side, dependent: str, rel_type: str, aspect, new_rels: set[str]) -> tuple[list[str], list[str]]:
    """What gives `dependent` a `rel_type` dependency in `side`, from elements of `aspect`:
    (through new relationships, through relationships already there)."""
    new: dict[str, None] = {}
    existing: dict[str, None] = {}
    for rel in side.model.relationships_of(dependent, {rel_type}):
        if rel.id not in side.relationships:
            continue
        for provider, d in dependency_pairs(rel):
            el = side.elements.get(provider)
            if d == dependent and el is not None and provider != dependent and metamodel.aspect_of(el.type) == aspect:
                (new if rel.id in new_rels else existing)[provider] = None
    return list(new), [p for p in existing if p not in new]
