"""Matching the two sides of a gap analysis, and what differs between matched concepts.

Elements match by id, then (among the rest) by type and a same name in some language
(case-insensitive, first come first paired, in id order). Relationships match by id when their
type and (matched) ends agree, then by type and matched ends. Everything works on id sets, so
two plateaus of one 200,000-element model compare at the speed of set algebra.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from ea_model import metamodel
from ea_model.idsets import IdCollection, difference, intersection
from ea_model.objects import Concept, Element, same_text, text_in

_JUNCTIONS = metamodel.JUNCTION_TYPES


@dataclass(slots=True)
class RelationshipChange:
    id: str  # the target's relationship id (the baseline's for a removed one)
    type: str
    direction: str  # "out" (the element is the source) or "in"
    other: str  # the other end's id, on the side the relationship is on
    what: list[str] = field(default_factory=list)  # for a changed relationship: what changed


@dataclass(slots=True)
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
        return bool(self.what())

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
class Matching:
    """Which target element is which baseline element."""

    same: IdCollection  # ids both sides hold
    by_name: dict[str, str]  # target id -> baseline id, matched by type and name
    by_name_base: dict[str, str] = field(init=False)  # baseline id -> target id

    def __post_init__(self) -> None:
        self.by_name_base = {b: t for t, b in self.by_name.items()}

    def to_base(self, target_id: str) -> str | None:
        return target_id if target_id in self.same else self.by_name.get(target_id)

    def from_base(self, base_id: str) -> str | None:
        return base_id if base_id in self.same else self.by_name_base.get(base_id)


def match_elements(base: dict[str, Element], target: dict[str, Element]) -> dict[str, str]:
    """Target id -> baseline id for the elements both sides hold (see the module docstring)."""
    m = match_ids(set(base), set(target), base.__getitem__, target.__getitem__)
    out = dict(zip(m.same, m.same, strict=True))
    out.update(m.by_name)
    return out


def match_ids(
    base: IdCollection,
    target: IdCollection,
    base_element: Callable[[str], Element],
    target_element: Callable[[str], Element],
) -> Matching:
    same = intersection(base, target)
    by_name: dict[str, str] = {}
    unmatched_target = difference(target, base)
    unmatched_base = difference(base, target)
    if not unmatched_target or not unmatched_base:
        return Matching(same, by_name)
    candidates_of: dict[tuple[str, str], deque[str]] = defaultdict(deque)
    for b_id in sorted(unmatched_base):
        for key in _name_keys(base_element(b_id)):
            candidates_of[key].append(b_id)
    taken: set[str] = set()
    for t_id in sorted(unmatched_target):
        for key in _name_keys(target_element(t_id)):
            candidates = candidates_of.get(key)
            while candidates and candidates[0] in taken:
                candidates.popleft()
            if candidates:
                b_id = candidates.popleft()
                by_name[t_id] = b_id
                taken.add(b_id)
                break
    return Matching(same, by_name)


def _name_keys(el: Element) -> list[tuple[str, str]]:
    if el.type in _JUNCTIONS:
        return []
    return list(dict.fromkeys((el.type, v.strip().casefold()) for v in el.name.values() if v.strip()))


def match_relationships(base, target, matching: Matching):
    """(ids of the relationships both sides share as one object, other matched pairs (baseline id,
    target id), new target ids, eliminated baseline ids); the lists in id order."""
    base_ids, target_ids = base.relationship_ids, target.relationship_ids

    def canon(ref: str) -> str | None:
        if ref in target.element_ids:
            return matching.to_base(ref)
        return ref if ref in base_ids else None  # a relationship endpoint: by id only

    def key_in_target(t_id: str) -> tuple:
        rel = target.relationship(t_id)
        return (rel.type, canon(rel.source), canon(rel.target))

    def key_in_base(b_id: str) -> tuple:
        rel = base.relationship(b_id)
        return (rel.type, rel.source, rel.target)

    pairs: list[tuple[str, str]] = []
    if base.model is target.model:
        identical = intersection(base_ids, target_ids)  # in one model an id is one object
        pending = sorted(difference(target_ids, base_ids))
        base_rest = sorted(difference(base_ids, target_ids))
    else:
        identical = set()
        pairs = [(r, r) for r in sorted(intersection(base_ids, target_ids)) if key_in_base(r) == key_in_target(r)]
        paired = {r for r, _ in pairs}
        pending = sorted(r for r in target_ids if r not in paired)
        base_rest = sorted(r for r in base_ids if r not in paired)
    new: list[str] = []
    taken: set[str] = set()
    if pending:
        by_key: dict[tuple, deque[str]] = defaultdict(deque)
        for b_id in base_rest:
            by_key[key_in_base(b_id)].append(b_id)
        for t_id in pending:
            key = key_in_target(t_id)
            candidates = by_key.get(key) if None not in key else None
            if candidates:
                b_id = candidates.popleft()
                pairs.append((b_id, t_id))
                taken.add(b_id)
            else:
                new.append(t_id)
    return identical, pairs, new, [b_id for b_id in base_rest if b_id not in taken]


def element_changes(base, target, pairs: dict[str, str]) -> dict[str, ElementChange]:
    """Target id -> what differs, for the given matched pairs whose own facts differ."""
    changes: dict[str, ElementChange] = {}
    for t_id, b_id in pairs.items():
        t_el, b_el = target.element(t_id), base.element(b_id)
        if t_el is b_el:
            continue
        change = ElementChange(t_id, b_id, t_el.type, b_el.type)
        if _names_differ(b_el, t_el):
            change.name = (text_in(b_el.name), text_in(t_el.name))
        change.documentation = not same_text(b_el.documentation, t_el.documentation)
        change.properties = _property_differences(b_el, t_el, base.definition_names, target.definition_names)
        if change.changed:
            changes[t_id] = change
    return changes


def relationship_differences(base, target, b_id: str, t_id: str) -> list[str]:
    """What differs between two matched relationships (their ends and type agree)."""
    b, t = base.relationship(b_id), target.relationship(t_id)
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


def record_relationship_changes(base, target, matching: Matching, rels_new, rels_gone, rel_diffs, changes) -> None:
    """Record on each matched element the relationships it gained, lost or saw change."""

    def change_for(t_id: str, b_id: str) -> ElementChange:
        change = changes.get(t_id)
        if change is None:
            change = ElementChange(t_id, b_id, target.element(t_id).type, base.element(b_id).type)
            changes[t_id] = change
        return change

    for t_id in rels_new:
        rel = target.relationship(t_id)
        for end, other, direction in ((rel.source, rel.target, "out"), (rel.target, rel.source, "in")):
            b_end = matching.to_base(end) if end in target.element_ids else None
            if b_end is not None:
                change_for(end, b_end).relationships_added.append(RelationshipChange(t_id, rel.type, direction, other))
    for b_id in rels_gone:
        rel = base.relationship(b_id)
        for end, other, direction in ((rel.source, rel.target, "out"), (rel.target, rel.source, "in")):
            t_end = matching.from_base(end) if end in base.element_ids else None
            if t_end is not None:
                change_for(t_end, end).relationships_removed.append(
                    RelationshipChange(b_id, rel.type, direction, other)
                )
    for t_id, what in rel_diffs.items():
        rel = target.relationship(t_id)
        for end, other, direction in ((rel.source, rel.target, "out"), (rel.target, rel.source, "in")):
            b_end = matching.to_base(end) if end in target.element_ids else None
            if b_end is not None:
                change = RelationshipChange(t_id, rel.type, direction, other, what)
                change_for(end, b_end).relationships_changed.append(change)


def _names_differ(a: Concept, b: Concept) -> bool:
    return not same_text(a.name, b.name)


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
