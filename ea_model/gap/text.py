"""The gap matrix as text for people (per layer, Thai and English names); its JSON is `GapReport.as_json`."""

from __future__ import annotations

from ea_model.gap.delta import render_compliance_delta_text
from ea_model.gap.match import ElementChange
from ea_model.gap.matrix import DanglingDependency, GapReport, name_of
from ea_model.model import Model
from ea_model.naming import display_name

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
        out.append(f"+ {rel.type} {_ARROW[rel.direction]} {name_of(report.target.model, rel.other, lang)}")
    for rel in change.relationships_removed:
        out.append(f"- {rel.type} {_ARROW[rel.direction]} {name_of(report.baseline.model, rel.other, lang)}")
    for rel in change.relationships_changed:
        other = name_of(report.target.model, rel.other, lang)
        out.append(f"~ {rel.type} {_ARROW[rel.direction]} {other}: {', '.join(rel.what)}")
    return out


def _value(value: str | None) -> str:
    return "(none)" if value is None else value


def _dangling_text(d: DanglingDependency, report: GapReport, lang: str | None) -> str:
    model = report.target.model
    dependent = name_of(model, d.dependent, lang)
    if d.replaced_by:
        replacements = ", ".join(name_of(model, r, lang) for r in d.replaced_by)
        return f"needed by {dependent} ({d.relationship_type}); replaced by {replacements}"
    if d.alternatives:
        others = ", ".join(name_of(model, r, lang) for r in d.alternatives)
        return f"needed by {dependent} ({d.relationship_type}); it still has {others}"
    return f"⚠ still needed by {dependent} ({d.relationship_type}), nothing takes its place in the target"
