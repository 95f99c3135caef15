"""Impact analysis: what depends on an element, along which relationships, in which direction."""

from __future__ import annotations

import pytest
from _analysis_models import Builder, permit_model
from compliance_builder import ServiceModel

from catalog.dga import load_dga_catalog
from ea_model import EaError, Layer
from ea_model.impact import dependency_pairs, impact, render_impact_text, resolve_element

DGA = load_dga_catalog()  # the bundled DGA catalog, which the engine takes as an argument


def _pair(type_: str, source_type: str, target_type: str, **extra) -> Builder:
    b = Builder()
    b.el("x", source_type, "X")
    b.el("y", target_type, "Y")
    b.rel("r", type_, "x", "y", **extra)
    return b


@pytest.mark.parametrize(
    ("type_", "source_type", "target_type", "extra", "depends_on_x", "depends_on_y"),
    [
        ("Serving", "ApplicationService", "BusinessProcess", {}, ["y"], []),  # X serves Y: Y depends on X
        ("Realization", "BusinessProcess", "BusinessService", {}, ["y"], []),  # the realized depends on the realizer
        ("Assignment", "BusinessActor", "BusinessService", {}, ["y"], []),  # behaviour depends on its performer
        ("Access", "BusinessProcess", "BusinessObject", {"access_type": "Read"}, [], ["x"]),  # reader depends on data
        ("Access", "BusinessProcess", "BusinessObject", {}, [], ["x"]),
        ("Access", "BusinessActor", "BusinessObject", {"access_type": "Write"}, ["y"], ["x"]),  # data needs its writer
        ("Composition", "ApplicationComponent", "ApplicationInterface", {}, [], ["x"]),  # whole depends on part
        ("Aggregation", "Grouping", "BusinessService", {}, [], ["x"]),
        ("Flow", "BusinessProcess", "BusinessProcess", {}, ["y"], []),  # receiver depends on sender
        ("Triggering", "BusinessEvent", "BusinessProcess", {}, ["y"], []),
        ("Influence", "Goal", "Goal", {}, [], []),  # motivation, not operational dependency
        ("Association", "BusinessActor", "BusinessObject", {}, [], []),
        ("Specialization", "BusinessService", "BusinessService", {}, [], []),
    ],
)
def test_dependency_direction_per_relationship_type(type_, source_type, target_type, extra, depends_on_x, depends_on_y):
    m = _pair(type_, source_type, target_type, **extra).model
    assert [d.id for d in impact(m, "x").dependents] == depends_on_x
    assert [d.id for d in impact(m, "y").dependents] == depends_on_y
    assert sorted(d for _, d in dependency_pairs(m.relationship("r"))) == sorted(depends_on_x + depends_on_y)


def test_transitive_impact_with_depth_and_path():
    m = permit_model()
    result = impact(m, "legacy")  # legacy realizes legacy-svc, which serves proc, which realizes svc...
    depth = {d.id: d.depth for d in result.dependents}
    assert depth["legacy-svc"] == 1 and depth["proc"] == 2 and depth["svc"] == 3 and depth["goal"] == 4
    assert result.path("svc") == ["legacy", "legacy-svc", "proc", "svc"]
    assert result.relationships_on_path("svc") == ["r-legacy-real", "r-legacy-serves", "r-proc-real"]
    assert "pillar" not in depth  # Influence carries no dependency
    assert "base" in depth  # the plateau aggregating it depends on it
    assert [d.id for d in impact(m, "legacy", depth=2).dependents] == ["legacy-svc", "base", "proc"]
    assert impact(m, "legacy", depth=0).dependents == []


def test_citizen_services_come_first_with_their_path():
    m = permit_model()
    Builder(m).rel("r-internal", "Serving", "oss-svc", "internal")
    result = impact(m, "oss")
    assert result.citizen_services == ["svc"]  # "internal" serves no citizen role
    assert {d.id for d in result.dependents} >= {"svc", "internal"}
    data = result.as_json(m)
    assert data["dependents"][0]["id"] == "svc"
    assert data["dependents"][0]["path"] == ["oss", "oss-svc", "proc", "svc"]
    assert set(data["dependents"][0]) >= {"id", "name", "type", "layer", "depth", "path"}
    assert data["element"] == {"id": "oss", "name": "BMA OSS", "type": "ApplicationComponent", "layer": "Application"}
    text = render_impact_text(result, m)
    first_service = text.index("Citizen services affected: 1")
    assert text.index("ขออนุญาตก่อสร้าง / Building permit") > first_service
    assert "BMA OSS —Realization→ รับคำขอออนไลน์ / Online intake —Serving→" in text
    assert "Business layer:" in text and "Motivation layer:" in text


def test_junctions_are_passed_through_without_a_step():
    b = Builder()
    b.el("a", "ApplicationService", "A")
    b.el("j", "OrJunction", "")
    b.el("p", "BusinessProcess", "P")
    b.el("q", "BusinessProcess", "Q")
    b.rel("r1", "Serving", "a", "j")
    b.rel("r2", "Serving", "j", "p")
    b.rel("r3", "Serving", "j", "q")
    result = impact(b.model, "a")
    assert [(d.id, d.depth) for d in result.dependents] == [("p", 1), ("q", 1)]
    assert result.path("q") == ["a", "j", "q"]


def test_elements_are_found_by_id_or_by_thai_or_english_name():
    m = permit_model()
    assert resolve_element(m, "legacy").id == "legacy"
    assert resolve_element(m, "ระบบอนุญาตเดิม").id == "legacy"
    assert resolve_element(m, "legacy permit SYSTEM").id == "legacy"
    with pytest.raises(EaError, match=r"no element with id or name 'Legacy'; similar: legacy \(ApplicationComponent"):
        resolve_element(m, "Legacy")


def test_an_ambiguous_name_lists_the_candidates():
    m = permit_model()
    Builder(m).el("legacy-2", "Node", "Legacy permit system")
    with pytest.raises(
        EaError, match=r"names 2 elements; give the id: legacy \(ApplicationComponent: .*legacy-2 \(Node"
    ):
        impact(m, "Legacy permit system")


def test_by_layer_follows_archimate_layer_order():
    m = permit_model()
    layers = list(impact(m, "node").by_layer(m))
    assert layers == sorted(
        layers,
        key=[
            Layer.MOTIVATION,
            Layer.STRATEGY,
            Layer.BUSINESS,
            Layer.APPLICATION,
            Layer.TECHNOLOGY,
            Layer.PHYSICAL,
            Layer.IMPLEMENTATION_MIGRATION,
            Layer.OTHER,
        ].index,
    )
    assert Layer.APPLICATION in layers and Layer.BUSINESS in layers


def test_citizen_services_among_agrees_with_the_dga_check():
    """Impact tests only its dependents for convention 1; it must agree with the DGA check's list."""
    from catalog.bma_model import build_bma_model
    from ea_model.compliance import citizen_services
    from ea_model.impact import citizen_services_among

    m = build_bma_model()
    everything = [el.id for el in m.elements()]
    assert citizen_services_among(m, everything) == {s.id for s in citizen_services(m, catalog=DGA)}


def _district_services() -> ServiceModel:
    """Two district services drawn as Archi users draw them (Thai-only names): both serve the one citizen
    role, both read the application form the citizen writes; only the first uses the queue system."""
    b = ServiceModel()
    for key, name in (("a", "รับแจ้งเกิด"), ("b", "ขออนุญาตตัดต้นไม้")):
        svc = b.element("BusinessService", name, name)
        b.model.element(svc).name.pop("en")
        b.relate("Serving", svc, b.citizen)
        proc = b.element("BusinessProcess", f"กระบวนงาน{name}")
        b.relate("Realization", proc, svc)
        setattr(b, f"svc_{key}", svc)
        setattr(b, f"proc_{key}", proc)
    b.form = b.element("BusinessObject", "แบบคำร้อง")
    b.relate("Access", b.citizen, b.form, access="Write")
    b.relate("Access", b.proc_a, b.form, access="ReadWrite")  # the officer fills in the office's part
    b.relate("Access", b.proc_b, b.form, access="Read")
    b.queue = b.element("ApplicationComponent", "ระบบบัตรคิว")
    b.relate("Serving", b.queue, b.proc_a)
    return b


def test_impact_does_not_pass_through_the_shared_citizen_role():
    b = _district_services()
    found = [d.id for d in impact(b.model, b.queue).dependents]
    assert b.svc_a in found and b.citizen in found  # the public is affected, and says so
    assert b.svc_b not in found and b.proc_b not in found  # but the other service does not depend on the queue


def test_a_process_filling_in_the_applicants_form_does_not_become_its_provider():
    b = _district_services()
    found = [d.id for d in impact(b.model, b.proc_a).dependents]
    assert b.form not in found and b.proc_b not in found and b.svc_b not in found
    # what the citizen writes still depends on the citizen, and reaches every service that reads it
    from_citizen = [d.id for d in impact(b.model, b.citizen).dependents]
    assert {b.form, b.proc_a, b.proc_b, b.svc_a, b.svc_b} <= set(from_citizen)


def test_a_document_an_agency_issues_still_carries_the_dependency():
    b = _district_services()
    registry = b.element("BusinessObject", "ทะเบียนบ้าน")
    issuer = b.element("BusinessProcess", "งานทะเบียน")
    b.relate("Access", issuer, registry, access="Write")
    b.relate("Access", b.proc_b, registry, access="Read")
    found = [d.id for d in impact(b.model, issuer).dependents]
    assert [registry, b.proc_b, b.svc_b] == [x for x in found if x in (registry, b.proc_b, b.svc_b)]
