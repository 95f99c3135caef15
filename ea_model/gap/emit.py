"""Write a gap analysis back into the model, as ArchiMate `Gap` elements Archi can open.

One `Gap` per layer that differs (plus one for the compliance delta, when it was run), each
`Association` → the baseline and the target `Plateau` and → every element the gap concerns
(the association's name says how: new, changed, eliminated). Its documentation lists what
changed; its properties count it. A "Gap analysis" view shows the plateaus and the gaps.

Comparing two files, the gaps go into the *target* model: the two plateaus are created when
absent, the eliminated elements and relationships are copied in from the baseline and aggregated
by the baseline plateau, and the new ones are aggregated by the target plateau (convention 11), so
`ea gap OUT.xml --baseline … --target …` finds the same new and eliminated elements again.

Emitting again replaces the gaps of the same two plateaus (their ids are derived from the
plateaus' ids and the layer), so the file does not fill up with stale gaps.
"""

from __future__ import annotations

from ea_model import metamodel
from ea_model.gap.matrix import GapReport, LayerGap
from ea_model.model import Model
from ea_model.naming import display_name
from ea_model.objects import Bounds, Element, Property, Relationship, View, ViewConnection, ViewNode, text_in

LAYER_TH = {
    metamodel.Layer.MOTIVATION: "แรงจูงใจ",
    metamodel.Layer.STRATEGY: "กลยุทธ์",
    metamodel.Layer.BUSINESS: "ธุรกิจ",
    metamodel.Layer.APPLICATION: "แอปพลิเคชัน",
    metamodel.Layer.TECHNOLOGY: "เทคโนโลยี",
    metamodel.Layer.PHYSICAL: "กายภาพ",
    metamodel.Layer.IMPLEMENTATION_MIGRATION: "การดำเนินการและการย้ายระบบ",
    metamodel.Layer.OTHER: "อื่น ๆ",
}
ROLE_NAMES = {
    "baseline": {"th": "สถานะปัจจุบัน", "en": "baseline"},
    "target": {"th": "สถานะเป้าหมาย", "en": "target"},
    "new": {"th": "ใหม่", "en": "new"},
    "changed": {"th": "เปลี่ยนแปลง", "en": "changed"},
    "eliminated": {"th": "ยกเลิก", "en": "eliminated"},
}
LIST_LIMIT = 40  # names listed per category in a gap's documentation


def emit_gaps(report: GapReport) -> list[Element]:
    """Add the report's Gap elements to the target side's model (see the module docstring);
    returns them. The model is changed in place: write it to a new file."""
    model = report.target.model
    if report.baseline.model is model and report.baseline.plateau and report.target.plateau:
        base_plateau, target_plateau = report.baseline.plateau, report.target.plateau
        placed = {ref: ref for layer in report.layers.values() for ref in layer.eliminated}
    else:
        base_plateau, target_plateau, placed = _merge_baseline(report)
    stem = f"id-gap-{base_plateau.id}-{target_plateau.id}"
    gaps: list[Element] = []
    for layer, gap in report.layers.items():
        if not (gap.changed or gap.new or gap.eliminated):
            _remove(model, f"{stem}-{_slug(layer.value)}")
            continue
        element = _gap_element(
            model, f"{stem}-{_slug(layer.value)}", _layer_name(layer, report), _layer_doc(gap, report)
        )
        for key, value in gap.counts().items():
            model.set_property(element, f"gap_{key}", str(value))
        _associate(model, element, base_plateau.id, "baseline")
        _associate(model, element, target_plateau.id, "target")
        for change in gap.changed:
            _associate(model, element, change.id, "changed")
        for ref in gap.new:
            _associate(model, element, ref, "new")
        for ref in gap.eliminated:
            if ref in placed:
                _associate(model, element, placed[ref], "eliminated")
        gaps.append(element)
    if report.compliance is not None:
        gaps.append(_compliance_gap(model, f"{stem}-dga", report, base_plateau, target_plateau, placed))
    _gap_view(model, f"{stem}-view", base_plateau, target_plateau, gaps, report)
    return gaps


# ---- two files: bring the baseline into the target model -----------------------------------------


def _merge_baseline(report: GapReport) -> tuple[Element, Element, dict[str, str]]:
    """Create (or find) the two plateaus in the target model, copy the eliminated concepts in and
    aggregate what belongs to one side only. Returns the plateaus and baseline id -> id in the model."""
    model, base = report.target.model, report.baseline
    base_plateau = _plateau(model, "Baseline", "สถานะปัจจุบัน", report.baseline.label)
    target_plateau = _plateau(model, "Target", "สถานะเป้าหมาย", report.target.label)
    to_base = _to_base(report)
    placed = {b: t for t, b in to_base.items()}  # baseline id -> its id in the target model
    for layer in report.layers.values():
        for ref in layer.eliminated:
            copy = _copy_element(model, base.model, base.element(ref))
            placed[ref] = copy.id
            _aggregate(model, base_plateau.id, copy.id)
    for b_id in report.relationships_eliminated:
        rel = base.relationship(b_id)
        source, target = placed.get(rel.source), placed.get(rel.target)
        if source is None or target is None:
            continue  # an end the baseline kept outside the compared concepts
        copy = _copy_relationship(model, base.model, rel, source, target)
        placed[b_id] = copy.id
        _aggregate(model, base_plateau.id, copy.id)
    for layer in report.layers.values():
        for ref in layer.new:
            _aggregate(model, target_plateau.id, ref)
    for t_id in report.relationships_new:
        _aggregate(model, target_plateau.id, t_id)
    return base_plateau, target_plateau, placed


def _to_base(report: GapReport) -> dict[str, str]:
    out = {t: t for layer in report.layers.values() for t in layer.kept}
    out.update({c.id: c.baseline_id for layer in report.layers.values() for c in layer.changed})
    out.update({t: b for b, t in report.matched_by_name})
    return out


def _plateau(model: Model, en: str, th: str, label: str) -> Element:
    name = {"th": f"{th}: {label}", "en": f"{en}: {label}"}
    for plateau in model.elements(type="Plateau"):
        if plateau.name.get("en") == name["en"]:
            return plateau
    element = Element(id=_free_id(model, f"id-plateau-{_slug(en)}"), type="Plateau", name=name)
    model.add_element(element)
    return element


def _copy_element(model: Model, source_model: Model, element: Element) -> Element:
    wanted = element.id if element.id not in model and element.id not in model.graph else f"{element.id}-baseline"
    copy = element.model_copy(
        update={"id": _free_id(model, wanted), "properties": _copy_properties(model, source_model, element)}
    )
    model.add_element(copy)
    return copy


def _copy_relationship(model: Model, source_model: Model, rel: Relationship, source: str, target: str) -> Relationship:
    wanted = rel.id if rel.id not in model and rel.id not in model.graph else f"{rel.id}-baseline"
    copy = rel.model_copy(
        update={
            "id": _free_id(model, wanted),
            "source": source,
            "target": target,
            "properties": _copy_properties(model, source_model, rel),
        }
    )
    model.add_relationship(copy)
    return copy


def _copy_properties(model: Model, source_model: Model, concept) -> list[Property]:
    out = []
    for prop in concept.properties:
        definition = source_model.property_definitions.get(prop.definition_ref)
        name = text_in(definition.name) if definition else prop.definition_ref
        mine = model.define_property(name, definition.type if definition else "string")
        out.append(Property(definition_ref=mine.id, value=dict(prop.value)))
    return out


def _aggregate(model: Model, plateau_id: str, ref: str) -> None:
    if any(r.target == ref for r in model.outgoing(plateau_id, {"Aggregation", "Composition"})):
        return
    rel = Relationship(id=_free_id(model, f"{plateau_id}-has-{ref}"), type="Aggregation", source=plateau_id, target=ref)
    model.add_relationship(rel)


# ---- gap elements -------------------------------------------------------------------------------


def _gap_element(model: Model, gap_id: str, name: dict, documentation: str) -> Element:
    _remove(model, gap_id)
    element = Element(id=gap_id, type="Gap", name=name, documentation={"en": documentation})
    model.add_element(element)
    return element


def _remove(model: Model, ref: str) -> None:
    if model.get_element(ref) is not None:
        model.remove_element(ref)


def _associate(model: Model, gap: Element, ref: str, role: str) -> None:
    if ref not in model:
        return
    rel_id = _free_id(model, f"{gap.id}-{role[:3]}-{ref}")
    model.add_relationship(
        Relationship(id=rel_id, type="Association", source=gap.id, target=ref, name=dict(ROLE_NAMES[role]))
    )


def _layer_name(layer: metamodel.Layer, report: GapReport) -> dict:
    arrow = f"{report.baseline.label} → {report.target.label}"
    return {"th": f"ช่องว่าง ชั้น{LAYER_TH[layer]}: {arrow}", "en": f"Gap, {layer.value} layer: {arrow}"}


def _layer_doc(gap: LayerGap, report: GapReport) -> str:
    c = gap.counts()
    lines = [
        f"kept {c['kept']}, changed {c['changed']}, new {c['new']}, eliminated {c['eliminated']}, "
        f"dependencies left without replacement {c['dangling_dependencies']}"
    ]
    target, base = report.target.model, report.baseline.model
    lines += _listed("Changed", [f"{_name(target, ch.id)} ({', '.join(ch.what())})" for ch in gap.changed])
    lines += _listed("New", [_name(target, ref) for ref in gap.new])
    lines += _listed("Eliminated", [_name(base, ref) for ref in gap.eliminated])
    unresolved = [d for d in gap.dangling_dependencies if not d.resolved]
    lines += _listed(
        "Still needed after elimination",
        [f"{_name(base, d.eliminated)} ← {_name(target, d.dependent)} ({d.relationship_type})" for d in unresolved],
    )
    return "\n".join(lines)


def _listed(title: str, names: list[str]) -> list[str]:
    if not names:
        return []
    shown = names[:LIST_LIMIT]
    more = [f"  … and {len(names) - LIST_LIMIT} more"] if len(names) > LIST_LIMIT else []
    return ["", f"{title}:", *(f"  - {n}" for n in shown), *more]


def _name(model: Model, ref: str) -> str:
    concept = model.get_concept(ref)
    return display_name(concept.name) if concept is not None else ref


def _compliance_gap(model, gap_id, report: GapReport, base_plateau, target_plateau, placed) -> Element:
    delta = report.compliance
    lines = ["Digital Government Act outcomes, services whose gaps close / remain / open:"]
    for goal, o in delta["outcomes"].items():
        lines.append(f"  {goal} {o['name_en']}: closed {o['closed']}, remaining {o['remaining']}, opened {o['opened']}")
    arrow = f"{report.baseline.label} → {report.target.label}"
    name = {"th": f"ช่องว่าง การปฏิบัติตาม พ.ร.บ. รัฐบาลดิจิทัล: {arrow}", "en": f"Gap, DGA compliance: {arrow}"}
    element = _gap_element(model, gap_id, name, "\n".join(lines))
    for goal, o in delta["outcomes"].items():
        model.set_property(element, f"dga_{goal}_closed", str(o["closed"]))
        model.set_property(element, f"dga_{goal}_opened", str(o["opened"]))
    _associate(model, element, base_plateau.id, "baseline")
    _associate(model, element, target_plateau.id, "target")
    for service in delta["services"]:
        if service["closed"] or service["opened"]:
            _associate(model, element, placed.get(service["id"], service["id"]), "changed")
    return element


def _gap_view(model: Model, view_id: str, base: Element, target: Element, gaps: list[Element], report) -> None:
    """A view with the two plateaus left and right and the gaps between them."""
    model.views = [v for v in model.views if v.id != view_id]
    if not gaps:
        return
    nodes = [
        ViewNode(id=f"{view_id}-n-base", element_ref=base.id, bounds=Bounds(x=24, y=24, w=200, h=80)),
        ViewNode(id=f"{view_id}-n-target", element_ref=target.id, bounds=Bounds(x=664, y=24, w=200, h=80)),
    ]
    connections = []
    for i, gap in enumerate(gaps):
        node_id = f"{view_id}-n-{i}"
        nodes.append(ViewNode(id=node_id, element_ref=gap.id, bounds=Bounds(x=304, y=24 + i * 100, w=280, h=70)))
        for rel in model.outgoing(gap.id, {"Association"}):
            end = {base.id: f"{view_id}-n-base", target.id: f"{view_id}-n-target"}.get(rel.target)
            if end is not None:
                connections.append(
                    ViewConnection(
                        id=f"{view_id}-c-{len(connections)}", relationship_ref=rel.id, source=node_id, target=end
                    )
                )
    arrow = f"{report.baseline.label} → {report.target.label}"
    model.views.append(
        View(
            id=view_id,
            name={"th": f"การวิเคราะห์ช่องว่าง: {arrow}", "en": f"Gap analysis: {arrow}"},
            viewpoint="Migration",
            nodes=nodes,
            connections=connections,
        )
    )


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-").replace("--", "-")


def _free_id(model: Model, wanted: str) -> str:
    """`wanted`, made an NCName-safe id not yet used in the model."""
    base = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in wanted)
    if not (base[:1].isalpha() or base[:1] == "_"):
        base = f"id-{base}"
    candidate, n = base, 1
    while candidate in model or candidate in model.graph or any(v.id == candidate for v in model.views):
        n += 1
        candidate = f"{base}-{n}"
    return candidate
