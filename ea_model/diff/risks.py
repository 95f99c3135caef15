"""What a reviewer must see in a diff, besides the changes themselves:

- `removed-still-referenced`: a removed element that kept concepts had relationships with (they lose them);
- the relationship rules of `ea_model.validation` (`relationship-not-allowed`, `junction-mixed-types`,
  `junction-invalid-passthrough`, `invalid-relationship-attribute`) broken by the change: checked on
  the relationships added or changed, those touching an element whose type changed, and the junctions
  they touch; a finding the old model already had is not the change's doing;
- `dga-verdict`: each citizen service whose Digital Government Act verdict moves (outcome: old → new),
  from the compliance delta the caller computes (the criteria are the caller's, never imported here).
"""

from __future__ import annotations

from ea_model import metamodel
from ea_model.diff.changes import Risk
from ea_model.model import Model
from ea_model.objects import text_in
from ea_model.validation.rules import check_junctions, check_relationships
from ea_model.validation.scope import Scope

_RULES = ("relationship-not-allowed", "junction-mixed-types", "junction-invalid-passthrough")
_RULES += ("invalid-relationship-attribute",)
_SHOWN = 5


class _Lookup:
    """The part of `Scope.concepts` the relationship checks use, backed by the model itself."""

    def __init__(self, model: Model):
        self.model = model

    def get(self, ref):
        return self.model.get_concept(ref) if ref else None


def rule_findings(model: Model, rel_ids: set[str], junction_ids: set[str]) -> dict[tuple[str, str], str]:
    """(rule, id) -> message for the relationship and junction rules, on the given ids only."""
    # every junction when any: chains of junctions are followed through
    junctions = model.elements(metamodel.JUNCTION_TYPES) if junction_ids else ()
    relationships = [model.relationship(r) for r in sorted(rel_ids) if r in model]
    scope = Scope.part(model, elements=junctions, relationships=relationships, concepts=_Lookup(model))
    found: dict[tuple[str, str], str] = {}

    def emit(rule, ref, name, message, severity=None):
        if rule in _RULES:
            found.setdefault((rule, ref), message)

    check_relationships(scope, emit)
    if junction_ids:
        check_junctions(scope, emit)
    return found


def find_risks(old: Model, new: Model, diff, to_old: dict[str, str], rel_pairs: dict[str, str], dga_delta) -> list:
    risks: list[Risk] = []
    if diff.empty:
        return risks
    kept_old = set(to_old.values())
    for change in diff.removed:
        if change.kind != "element":
            continue
        kept = []
        for rel in old.relationships_of(change.id):
            other = rel.target if rel.source == change.id else rel.source
            if other in kept_old and other != change.id:
                kept.append(text_in(old.element(other).name) or other)
        if kept:
            kept = list(dict.fromkeys(kept))
            names = ", ".join(kept[:_SHOWN]) + (f" and {len(kept) - _SHOWN} more" if len(kept) > _SHOWN else "")
            risks.append(
                Risk(
                    "removed-still-referenced",
                    change.id,
                    change.name,
                    f"removed, but {len(kept)} kept element(s) had relationships with it: {names}",
                )
            )
    risks.extend(_rule_risks(old, new, diff, rel_pairs))
    if dga_delta is not None:
        risks.extend(_dga_risks(dga_delta(old, new)))
    return risks


def _rule_risks(old: Model, new: Model, diff, rel_pairs: dict[str, str]) -> list:
    rels: set[str] = set()
    retyped: set[str] = set()
    for change in (*diff.added, *diff.changed):
        if change.kind == "relationship":
            rels.add(change.id)
        elif change.kind == "element" and any(f.field == "type" for f in change.fields):
            retyped.add(change.id)
    for eid in retyped:
        rels.update(r.id for r in new.relationships_of(eid))
    if not rels:
        return []
    junction_types = metamodel.JUNCTION_TYPES
    junctions = set()
    for rid in rels:
        rel = new.relationship(rid)
        for end in (rel.source, rel.target):
            el = new.get_element(end)
            if el is not None and el.type in junction_types:
                junctions.add(end)
    after = rule_findings(new, rels, junctions)
    if not after:
        return []
    before_rels = {rel_pairs[r] for r in rels if r in rel_pairs}
    before = rule_findings(old, before_rels, {j for j in junctions if j in old})
    back = {v: k for k, v in rel_pairs.items()}
    before_keys = {(rule, back.get(ref, ref)) for rule, ref in before}
    out = []
    for (rule, ref), message in sorted(after.items()):
        if (rule, ref) in before_keys:
            continue
        concept = new.get_concept(ref)
        out.append(Risk(rule, ref, text_in(concept.name) if concept is not None else "", message))
    return out


def _dga_risks(delta: dict) -> list:
    out = []
    for service in delta.get("services", []):
        moves = [
            f"{goal} {v['baseline'] or '—'} → {v['target'] or '—'}"
            for goal, v in service["goals"].items()
            if v["baseline"] != v["target"]
        ]
        if moves:
            status = "" if service["status"] == "kept" else f" ({service['status']} service)"
            out.append(
                Risk("dga-verdict", service["id"], service["name"], "DGA verdict" + status + ": " + ", ".join(moves))
            )
    return out
