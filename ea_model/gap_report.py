"""The gap matrix as JSON and as text for people (per layer, Thai and English names)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ea_model.model import Model
from ea_model.naming import display_name

if TYPE_CHECKING:
    from ea_model.gap import DanglingDependency, ElementChange, GapReport, RelationshipChange


def _name_of(model: Model, ref: str, lang: str | None) -> str:
    concept = model.get_concept(ref)
    return display_name(concept.name, lang) if concept is not None else ref


# ---- JSON -------------------------------------------------------------------------------------


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
    out: dict = {"id": change.id, "name": _name_of(report.target.model, change.id, lang), "what": change.what()}
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
        "eliminated_name": _name_of(report.baseline.model, d.eliminated, lang),
        "dependent": d.dependent,
        "dependent_name": _name_of(report.target.model, d.dependent, lang),
        "relationship": d.relationship,
        "relationship_type": d.relationship_type,
        "replaced_by": d.replaced_by,
        "alternatives": d.alternatives,
        "resolved": d.resolved,
    }


# ---- text -------------------------------------------------------------------------------------

_ARROW = {"out": "→", "in": "←"}


def render_gap_text(report: GapReport, lang: str | None = None, show_kept: bool = False) -> str:
    """The gap matrix for people: per layer, what changed, what is new, what goes, and the
    dependencies that going leaves dangling."""
    base, target = report.baseline, report.target
    lines = [f"Gap analysis: {base.label}  →  {target.label}", ""]
    if not report.layers:
        lines.append("Both sides are empty.")
    else:
        lines.extend(_matrix(report))
        lines.append("")
    for layer, gap in report.layers.items():
        c = gap.counts()
        lines.append(
            f"{layer.value} layer: kept {c['kept']}, changed {c['changed']}, new {c['new']}, "
            f"eliminated {c['eliminated']}"
        )
        for change in gap.changed:
            lines.append(f"  ~ changed     {_label(target.model, change.id, lang)}")
            lines.extend(f"                  {detail}" for detail in _change_details(change, report, lang))
        for ref in gap.new:
            lines.append(f"  + new         {_label(target.model, ref, lang)}")
        dangling_by_element: dict[str, list[DanglingDependency]] = {}
        for d in gap.dangling_dependencies:
            dangling_by_element.setdefault(d.eliminated, []).append(d)
        for ref in gap.eliminated:
            lines.append(f"  - eliminated  {_label(base.model, ref, lang)}")
            for d in dangling_by_element.get(ref, []):
                lines.append("                  " + _dangling_text(d, report, lang))
        if show_kept:
            lines.extend(f"  = kept        {_label(target.model, ref, lang)}" for ref in gap.kept)
        lines.append("")
    lines.append(
        f"Relationships: kept {report.relationships_kept}, changed {len(report.relationships_changed)}, "
        f"new {len(report.relationships_new)}, eliminated {len(report.relationships_eliminated)}"
    )
    unresolved = [d for d in report.dangling() if not d.resolved]
    if unresolved:
        lines.append(f"⚠ {len(unresolved)} dependencies on eliminated elements have no replacement in the target")
    if report.compliance is not None:
        from ea_model.compliance_delta import render_compliance_delta_text

        lines.extend(["", render_compliance_delta_text(report.compliance, lang)])
    return "\n".join(lines).rstrip() + "\n"


def _matrix(report: GapReport) -> list[str]:
    columns = ("kept", "changed", "new", "eliminated", "dangling_dependencies")
    head = f"  {'layer':<28}" + "".join(f"{c.split('_')[0]:>12}" for c in columns)
    rows = [head]
    for layer, gap in report.layers.items():
        counts = gap.counts()
        rows.append(f"  {layer.value:<28}" + "".join(f"{counts[c]:>12}" for c in columns))
    return rows


def _label(model: Model, ref: str, lang: str | None) -> str:
    el = model.get_element(ref)
    if el is None:
        return ref
    return f"{display_name(el.name, lang) or '(unnamed)'}  [{el.type} {el.id}]"


def _change_details(change: ElementChange, report: GapReport, lang: str | None) -> list[str]:
    out = []
    if change.type != change.baseline_type:
        out.append(f"type: {change.baseline_type} → {change.type}")
    if change.baseline_id != change.id:
        out.append(f"matched by name with baseline {change.baseline_id}")
    if change.name:
        out.append(f"name: “{change.name[0]}” → “{change.name[1]}”")
    if change.documentation:
        out.append("documentation changed")
    for key, (before, after) in change.properties.items():
        out.append(f"property {key}: {_value(before)} → {_value(after)}")
    for rel in change.relationships_added:
        out.append(f"+ {rel.type} {_ARROW[rel.direction]} {_name_of(report.target.model, rel.other, lang)}")
    for rel in change.relationships_removed:
        out.append(f"- {rel.type} {_ARROW[rel.direction]} {_name_of(report.baseline.model, rel.other, lang)}")
    for rel in change.relationships_changed:
        other = _name_of(report.target.model, rel.other, lang)
        out.append(f"~ {rel.type} {_ARROW[rel.direction]} {other}: {', '.join(rel.what)}")
    return out


def _value(value: str | None) -> str:
    return "(none)" if value is None else value


def _dangling_text(d: DanglingDependency, report: GapReport, lang: str | None) -> str:
    model = report.target.model
    dependent = _name_of(model, d.dependent, lang)
    if d.replaced_by:
        replacements = ", ".join(_name_of(model, r, lang) for r in d.replaced_by)
        return f"needed by {dependent} ({d.relationship_type}); replaced by {replacements}"
    if d.alternatives:
        others = ", ".join(_name_of(model, r, lang) for r in d.alternatives)
        return f"needed by {dependent} ({d.relationship_type}); it still has {others}"
    return f"⚠ still needed by {dependent} ({d.relationship_type}), nothing takes its place in the target"
