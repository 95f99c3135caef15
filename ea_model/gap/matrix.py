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

Speed: a side holds its ids as `ea_model.idsets.IdSet`s ("the model minus what this plateau
leaves out"), so between two plateaus of one model the matching and the relationship sets cost
what the change costs; only the per-layer sort touches every element once. Two files are compared
element by element (their objects differ).

    >>> from ea_model import Model, Element, Relationship
    >>> base, target = Model(), Model()
    >>> base.add_element(Element(id="a", type="ApplicationComponent", name={"en": "Old OSS"}))
    >>> target.add_element(Element(id="b", type="ApplicationComponent", name={"en": "New OSS"}))
    >>> report = gap_between_models(base, target)
    >>> report.layers[Layer.APPLICATION].new, report.layers[Layer.APPLICATION].eliminated
    (['b'], ['a'])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ea_model import metamodel
from ea_model.errors import EaError
from ea_model.gap.match import (
    ElementChange,
    Matching,
    RelationshipChange,
    element_changes,
    match_ids,
    match_relationships,
    record_relationship_changes,
    relationship_differences,
)
from ea_model.graph_scan import paused_gc
from ea_model.idsets import IdCollection, IdSet
from ea_model.impact import dependency_pairs
from ea_model.metamodel import Layer
from ea_model.model import Model
from ea_model.naming import display_name
from ea_model.objects import Element, Relationship, text_in
from ea_model.plateaus import (
    PlateauMembers,
    claimed_concepts,
    find_plateau,
    plateau_memberships,
    relationships_touching,
    scaffolding_ids,
)

_JUNCTIONS = metamodel.JUNCTION_TYPES
_LAYER = {name: t.layer for name, t in metamodel.ELEMENT_TYPES.items()}


@dataclass
class Side:
    """One side of a comparison: a model and the ids of the concepts of it that take part."""

    model: Model
    label: str
    element_ids: IdCollection
    relationship_ids: IdCollection
    plateau: Element | None = None

    def element(self, ref: str) -> Element:
        return self.model.element(ref)

    def relationship(self, ref: str) -> Relationship:
        return self.model.relationship(ref)

    @cached_property
    def definition_names(self) -> dict[str, str]:
        """Property definition id -> its name, for comparing properties across models."""
        return {pid: text_in(d.name) or pid for pid, d in self.model.property_definitions.items()}


def model_side(model: Model, label: str | None = None) -> Side:
    """A whole model as one side (its plateau scaffolding left out)."""
    scaffolding = scaffolding_ids(model)
    elements = IdSet.elements(model, scaffolding)
    relationships = IdSet.relationships(model, relationships_touching(model, scaffolding))
    return Side(model, label or display_name(model.info.name) or model.source or "model", elements, relationships)


def plateau_side(model: Model, plateau: str | Element) -> Side:
    """One plateau of a model as a side (see `ea_model.plateaus.plateau_members`)."""
    p = plateau if isinstance(plateau, Element) else find_plateau(model, plateau)
    scaffolding = scaffolding_ids(model)
    plateau_ids = {ref for ref in scaffolding if model.element(ref).type == "Plateau"}
    members = plateau_memberships(model, [p.id], all_plateaus=plateau_ids)[p.id]
    return _side_of(model, members, p, scaffolding, relationships_touching(model, scaffolding))


def _side_of(
    model: Model, members: PlateauMembers, plateau: Element, scaffolding: set[str], scaffolding_rels: set[str]
) -> Side:
    elements = members.elements.excluding(scaffolding)
    relationships = members.relationships.excluding(scaffolding_rels)
    return Side(model, display_name(plateau.name) or plateau.id, elements, relationships, plateau=plateau)


@dataclass(slots=True)
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
        return gap_json(self, lang)


def gap_between_plateaus(model: Model, baseline: str | Element, target: str | Element) -> GapReport:
    """The gap matrix between two plateaus (ids or names) of one model."""
    b = baseline if isinstance(baseline, Element) else find_plateau(model, baseline)
    t = target if isinstance(target, Element) else find_plateau(model, target)
    if b.id == t.id:
        raise EaError(f"the baseline and the target are the same plateau ({b.id})", file=model.source)
    with paused_gc():
        scaffolding = scaffolding_ids(model)
        plateau_ids = {ref for ref in scaffolding if model.element(ref).type == "Plateau"}
        claimed = claimed_concepts(model, plateau_ids)
        members = plateau_memberships(model, [b.id, t.id], claimed, plateau_ids)
        scaffolding_rels = relationships_touching(model, scaffolding)
        base_side, target_side = (_side_of(model, members[p.id], p, scaffolding, scaffolding_rels) for p in (b, t))
        return gap_analysis(base_side, target_side)


def gap_between_models(
    baseline: Model, target: Model, baseline_label: str | None = None, target_label: str | None = None
) -> GapReport:
    """The gap matrix between two whole models (matched by id, then by type and name)."""
    with paused_gc():
        return gap_analysis(model_side(baseline, baseline_label), model_side(target, target_label))


def gap_analysis(base: Side, target: Side) -> GapReport:
    """The gap matrix between two sides."""
    matching = match_ids(base.element_ids, target.element_ids, base.element, target.element)
    identical, rel_pairs, rels_new, rels_gone = match_relationships(base, target, matching)
    # Two plateaus of one model share their objects: only elements matched by name can differ.
    same_model = base.model is target.model
    compared = (
        matching.by_name if same_model else {**dict(zip(matching.same, matching.same, strict=True)), **matching.by_name}
    )
    changes = element_changes(base, target, compared)
    rel_diffs = {t: what for b, t in rel_pairs if (what := relationship_differences(base, target, b, t))}
    record_relationship_changes(base, target, matching, rels_new, rels_gone, rel_diffs, changes)
    layers = _matrix(base, target, matching, changes)
    for dangling in _dangling(base, target, matching, rels_gone, rels_new):
        layers[_LAYER[base.element(dangling.eliminated).type]].dangling_dependencies.append(dangling)
    return GapReport(
        baseline=base,
        target=target,
        layers={layer: gap for layer, gap in layers.items() if gap.kept or gap.changed or gap.new or gap.eliminated},
        matched_by_name=sorted((b, t) for t, b in matching.by_name.items()),
        relationships_new=rels_new,
        relationships_eliminated=rels_gone,
        relationships_changed=sorted(rel_diffs),
        relationships_kept=len(identical) + len(rel_pairs) - len(rel_diffs),
    )


def _matrix(base: Side, target: Side, matching: Matching, changes: dict[str, ElementChange]) -> dict[Layer, LayerGap]:
    """Each element into its layer's kept / changed / new / eliminated, in model order."""
    layers: dict[Layer, LayerGap] = {layer: LayerGap() for layer in metamodel.LAYER_ORDER}
    by_name, matched_base = matching.by_name, matching.by_name_base
    in_target, in_base, same = (
        _membership(ids, el_model)
        for ids, el_model in (
            (target.element_ids, target.model),
            (base.element_ids, base.model),
            (matching.same, target.model),
        )
    )
    one_model = base.model is target.model
    for el in target.model.elements():
        ref = el.id
        if el.type in _JUNCTIONS:
            continue
        if in_target(ref):
            bucket = layers[_LAYER[el.type]]
            if ref in changes:
                bucket.changed.append(changes[ref])
            elif ref in by_name or same(ref):
                bucket.kept.append(ref)
            else:
                bucket.new.append(ref)
        elif one_model and in_base(ref) and ref not in matched_base:
            layers[_LAYER[el.type]].eliminated.append(ref)
    if not one_model:
        for el in base.model.elements():
            ref = el.id
            if in_base(ref) and not same(ref) and ref not in matched_base and el.type not in _JUNCTIONS:
                layers[_LAYER[el.type]].eliminated.append(ref)
    return layers


def _membership(ids: IdCollection, model: Model):
    """A fast membership test for ids of `model`'s elements (skips the "is it in the model" check)."""
    if isinstance(ids, IdSet) and ids.model is model:
        return lambda ref, left_out=ids.left_out: ref not in left_out
    return ids.__contains__


def _dangling(base: Side, target: Side, matching: Matching, rels_gone: list[str], rels_new: list[str]):
    """Kept elements that depended (directly) on an eliminated one, each with the elements that
    take its place: what gives the dependent the same relationship type in the target, from an
    element of the same aspect (active structure, behaviour, passive structure...)."""
    new_rels = set(rels_new)
    out: list[DanglingDependency] = []
    seen: set[tuple[str, str, str]] = set()
    for b_id in rels_gone:
        rel = base.relationship(b_id)
        for provider, dependent in dependency_pairs(rel):
            if provider not in base.element_ids or dependent not in base.element_ids:
                continue
            eliminated = matching.from_base(provider) is None
            t_dependent = matching.from_base(dependent)
            if not eliminated or t_dependent is None or (provider, t_dependent, rel.type) in seen:
                continue
            seen.add((provider, t_dependent, rel.type))
            aspect = metamodel.aspect_of(base.element(provider).type)
            new, existing = _providers(target, t_dependent, rel.type, aspect, new_rels)
            out.append(DanglingDependency(provider, t_dependent, b_id, rel.type, new, existing))
    return out


def _providers(side: Side, dependent: str, rel_type: str, aspect, new_rels: set[str]) -> tuple[list[str], list[str]]:
    """What gives `dependent` a `rel_type` dependency in `side`, from elements of `aspect`:
    (through new relationships, through relationships already there)."""
    new: dict[str, None] = {}
    existing: dict[str, None] = {}
    for rel in side.model.relationships_of(dependent, {rel_type}):
        if rel.id not in side.relationship_ids:
            continue
        for provider, d in dependency_pairs(rel):
            if d != dependent or provider == dependent or provider not in side.element_ids:
                continue
            if metamodel.aspect_of(side.element(provider).type) == aspect:
                (new if rel.id in new_rels else existing)[provider] = None
    return list(new), [p for p in existing if p not in new]


# ---- JSON -------------------------------------------------------------------------------------


def name_of(model: Model, ref: str, lang: str | None) -> str:
    concept = model.get_concept(ref)
    return display_name(concept.name, lang) if concept is not None else ref


def gap_json(report: GapReport, lang: str | None = None) -> dict:
    """The report as plain JSON data: per layer, ids under `kept`, `changed` (with what changed),
    `new`, `eliminated` and `dangling_dependencies`."""
    base, target = report.baseline, report.target
    return {
        "baseline": _side_json(base),
        "target": _side_json(target),
        "summary": {layer.value: gap.counts() for layer, gap in report.layers.items()},
        "layers": {
            layer.value: {
                "kept": gap.kept,
                "changed": [_change_json(c, report, lang) for c in gap.changed],
                "new": gap.new,
                "eliminated": gap.eliminated,
                "dangling_dependencies": [_dangling_json(d, report, lang) for d in gap.dangling_dependencies],
            }
            for layer, gap in report.layers.items()
        },
        "matched_by_name": [{"baseline": b, "target": t} for b, t in report.matched_by_name],
        "relationships": {
            "kept": report.relationships_kept,
            "changed": report.relationships_changed,
            "new": report.relationships_new,
            "eliminated": report.relationships_eliminated,
        },
        "compliance_delta": report.compliance,
    }


def _side_json(side) -> dict:
    return {
        "label": side.label,
        "plateau": side.plateau.id if side.plateau is not None else None,
        "file": side.model.source,
    }


def _change_json(change: ElementChange, report: GapReport, lang: str | None) -> dict:
    out: dict = {"id": change.id, "name": name_of(report.target.model, change.id, lang), "what": change.what()}
    if change.baseline_id != change.id:
        out["baseline_id"] = change.baseline_id
    if change.type != change.baseline_type:
        out["type"] = {"from": change.baseline_type, "to": change.type}
    if change.name:
        out["name_change"] = {"from": change.name[0], "to": change.name[1]}
    if change.properties:
        out["properties"] = {k: {"from": a, "to": b} for k, (a, b) in change.properties.items()}
    if change.what().count("relationships"):
        out["relationships"] = {
            "added": [_rel_json(r) for r in change.relationships_added],
            "removed": [_rel_json(r) for r in change.relationships_removed],
            "changed": [_rel_json(r) for r in change.relationships_changed],
        }
    return out


def _rel_json(rel: RelationshipChange) -> dict:
    out = {"id": rel.id, "type": rel.type, "direction": rel.direction, "other": rel.other}
    if rel.what:
        out["what"] = rel.what
    return out


def _dangling_json(d: DanglingDependency, report: GapReport, lang: str | None) -> dict:
    return {
        "eliminated": d.eliminated,
        "eliminated_name": name_of(report.baseline.model, d.eliminated, lang),
        "dependent": d.dependent,
        "dependent_name": name_of(report.target.model, d.dependent, lang),
        "relationship": d.relationship,
        "relationship_type": d.relationship_type,
        "replaced_by": d.replaced_by,
        "alternatives": d.alternatives,
        "resolved": d.resolved,
    }
