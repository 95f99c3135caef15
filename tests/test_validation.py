"""Model validation: each rule on a model built in code (one case that trips it, one that does not),
the reader's recovered problems, ordering, speed, and the real example files."""

from __future__ import annotations

import pytest
from conftest import ARCHIMATE, example_files

from ea_model import (
    Bounds,
    Element,
    Finding,
    Model,
    OrganizationItem,
    Property,
    PropertyDefinition,
    Relationship,
    View,
    ViewConnection,
    ViewNode,
    lang_string,
)
from ea_model.validation import RULES, validate_model
from ea_model.validation.rules import normalised_name

BOX = Bounds(x=0, y=0, w=120, h=55)


def rules(model: Model, severity: str | None = None) -> list[str]:
    return [f.rule for f in validate_model(model) if severity is None or f.severity == severity]


def findings_for(model: Model, rule: str) -> list[Finding]:
    return [f for f in validate_model(model) if f.rule == rule]


def node(node_id: str, element_ref: str | None, children: list[ViewNode] | None = None, **kw) -> ViewNode:
    return ViewNode(id=node_id, element_ref=element_ref, bounds=BOX, children=children or [], **kw)


def conn(conn_id: str, rel: str | None, source: str, target: str, **kw) -> ViewConnection:
    return ViewConnection(id=conn_id, relationship_ref=rel, source=source, target=target, **kw)


def permit_model() -> Model:
    """A clean model: building-permit service, its process, the owning district office, one view of it all."""
    m = Model()
    m.add_element(Element(id="svc", type="BusinessService", name=lang_string(th="ขออนุญาตก่อสร้าง", en="Building permit")))
    m.add_element(Element(id="proc", type="BusinessProcess", name=lang_string(th="พิจารณาคำขอ", en="Review request")))
    m.add_element(Element(id="office", type="BusinessActor", name=lang_string(th="สำนักงานเขตพระนคร", en="Phra Nakhon")))
    m.add_relationship(Relationship(id="r-real", type="Realization", source="proc", target="svc"))
    m.add_relationship(Relationship(id="r-assign", type="Assignment", source="office", target="svc"))
    m.views.append(
        View(
            id="v1",
            name={"en": "Permit"},
            viewpoint="Service Realization",
            nodes=[node("n-svc", "svc"), node("n-proc", "proc"), node("n-office", "office")],
            connections=[conn("c1", "r-real", "n-proc", "n-svc"), conn("c2", "r-assign", "n-office", "n-svc")],
        )
    )
    return m


def test_clean_model_has_no_findings():
    assert validate_model(permit_model()) == []


def test_every_rule_is_declared_with_a_severity():
    assert all(sev in ("error", "warning", "advice") and text for sev, text in RULES.values())


# ---- metamodel ---------------------------------------------------------------------------------


def test_relationship_not_allowed_names_both_ends_and_the_allowed_types():
    m = permit_model()
    m.add_element(Element(id="data", type="DataObject", name={"en": "Permit record"}))
    m.add_relationship(Relationship(id="bad", type="Serving", source="data", target="office"))
    [f] = findings_for(m, "relationship-not-allowed")
    assert (f.severity, f.id) == ("error", "bad")
    assert "Serving is not allowed from 'Permit record' (DataObject) to 'Phra Nakhon' (BusinessActor)" in f.message
    assert "Association" in f.message  # what is allowed instead


def test_relationship_on_relationship_is_checked_against_the_relationship_row():
    m = permit_model()
    m.add_element(Element(id="doc", type="BusinessObject", name={"en": "Consent"}))
    m.add_relationship(Relationship(id="ok", type="Association", source="doc", target="r-assign"))
    assert "relationship-not-allowed" not in rules(m)
    m.add_relationship(Relationship(id="bad", type="Triggering", source="doc", target="r-assign"))
    assert [f.id for f in findings_for(m, "relationship-not-allowed")] == ["bad"]


def test_relationship_attributes_on_the_wrong_type():
    m = permit_model()
    m.add_element(Element(id="doc", type="BusinessObject", name={"en": "ID card copy"}))
    m.add_relationship(Relationship(id="read", type="Access", source="proc", target="doc", access_type="Read"))
    assert "invalid-relationship-attribute" not in rules(m)
    m.add_relationship(Relationship(id="odd", type="Access", source="proc", target="doc", access_type="Delete"))
    m.add_relationship(Relationship(id="odd2", type="Realization", source="proc", target="svc", access_type="Read"))
    found = sorted(findings_for(m, "invalid-relationship-attribute"), key=lambda f: f.id)
    assert [(f.id, f.severity) for f in found] == [("odd", "error"), ("odd2", "error")]
    assert "'Delete'" in found[0].message and "accessType on a Realization" in found[1].message


def junction_model(out_target_type: str = "BusinessService", out_type: str = "Realization") -> Model:
    """Two processes realize a service through an And junction."""
    m = Model()
    m.add_element(Element(id="p1", type="BusinessProcess", name={"en": "Check documents"}))
    m.add_element(Element(id="p2", type="BusinessProcess", name={"en": "Inspect site"}))
    m.add_element(Element(id="j", type="AndJunction"))
    m.add_element(Element(id="t", type=out_target_type, name={"en": "Target"}))
    m.add_relationship(Relationship(id="in1", type="Realization", source="p1", target="j"))
    m.add_relationship(Relationship(id="in2", type="Realization", source="p2", target="j"))
    m.add_relationship(Relationship(id="out", type=out_type, source="j", target="t"))
    return m


def test_junction_with_one_type_and_allowed_ends_is_clean():
    assert not [r for r in rules(junction_model()) if r.startswith("junction")]


def test_junction_mixed_types():
    m = junction_model(out_type="Serving")
    [f] = findings_for(m, "junction-mixed-types")
    assert (f.severity, f.id) == ("error", "j")
    assert "Realization, Serving" in f.message


def test_junction_passthrough_checks_the_real_source_and_target():
    # Realization from a process to a business actor is not allowed, even though
    # process -> junction and junction -> actor both are.
    m = junction_model(out_target_type="BusinessActor")
    assert "relationship-not-allowed" not in rules(m)
    [f] = findings_for(m, "junction-invalid-passthrough")
    assert (f.severity, f.id) == ("error", "out")
    assert "through junction 'j'" in f.message and "(BusinessProcess)" in f.message and "(BusinessActor)" in f.message


def test_junction_passthrough_follows_chains_of_junctions():
    m = junction_model(out_target_type="BusinessActor")
    m.remove_relationship("out")
    m.add_element(Element(id="j2", type="OrJunction"))
    m.add_relationship(Relationship(id="hop", type="Realization", source="j", target="j2"))
    m.add_relationship(Relationship(id="out2", type="Realization", source="j2", target="t"))
    assert [f.id for f in findings_for(m, "junction-invalid-passthrough")] == ["out2"]


def test_junction_passthrough_exempts_grouping_aggregation():
    m = Model()
    m.add_element(Element(id="g", type="Grouping", name={"en": "Permits"}))
    m.add_element(Element(id="j", type="OrJunction"))
    m.add_element(Element(id="x", type="Assessment", name={"en": "Backlog"}))
    m.add_element(Element(id="y", type="Node", name={"en": "Server"}))
    m.add_relationship(Relationship(id="a1", type="Aggregation", source="g", target="j"))
    m.add_relationship(Relationship(id="a2", type="Aggregation", source="j", target="x"))
    m.add_relationship(Relationship(id="a3", type="Aggregation", source="j", target="y"))
    assert "junction-invalid-passthrough" not in rules(m)


def test_junction_unused_and_dangling():
    m = permit_model()
    m.add_element(Element(id="lonely", type="OrJunction"))
    m.add_element(Element(id="half", type="AndJunction"))
    m.add_relationship(Relationship(id="to-half", type="Realization", source="proc", target="half"))
    assert [(f.id, f.severity) for f in findings_for(m, "junction-unused")] == [("lonely", "warning")]
    [f] = findings_for(m, "junction-dangling")
    assert f.id == "half" and "no outgoing" in f.message


# ---- references and ids ------------------------------------------------------------------------


def test_reader_findings_come_first_and_are_not_repeated():
    m = permit_model()
    recovered = Finding(severity="error", rule="dangling-reference", id="r9", message="target 'gone' missing", line=42)
    m.load_findings.append(recovered)
    found = validate_model(m)
    assert found == [recovered]


def test_view_references_pointing_nowhere():
    m = permit_model()
    view = m.views[0]
    view.nodes.append(node("n-ghost", "ghost"))
    view.nodes.append(node("n-label", None, type="Label", view_ref="no-such-view", label={"en": "see"}))
    view.connections.append(conn("c-ghost", "no-rel", "n-proc", "n-svc"))
    view.connections.append(conn("c-loose", "r-real", "n-proc", "nowhere"))
    found = findings_for(m, "dangling-reference")
    assert {f.id for f in found} == {"n-ghost", "n-label", "c-ghost", "c-loose"}
    assert all(f.severity == "error" for f in found)
    assert any("missing element 'ghost'" in f.message for f in found)
    assert any("missing view 'no-such-view'" in f.message for f in found)
    assert any("missing relationship 'no-rel'" in f.message for f in found)
    assert any("target 'nowhere', not on the view" in f.message for f in found)


def test_element_node_without_element_and_node_pointing_at_a_relationship():
    m = permit_model()
    m.views[0].nodes.append(node("n-empty", None))
    m.views[0].nodes.append(node("n-rel", "r-real"))
    assert {f.id for f in findings_for(m, "dangling-reference")} == {"n-empty", "n-rel"}


def test_connection_must_join_the_elements_of_its_relationship():
    m = permit_model()
    m.views[0].connections.append(conn("c-wrong", "r-real", "n-office", "n-svc"))
    m.views[0].connections.append(conn("c-rev", "r-assign", "n-svc", "n-office"))
    found = findings_for(m, "connection-mismatch")
    assert [f.id for f in found] == ["c-wrong", "c-rev"]
    assert "joins 'Phra Nakhon' (BusinessActor) to 'Building permit' (BusinessService)" in found[0].message
    assert "Realization 'r-real' joins 'Review request' (BusinessProcess)" in found[0].message


def test_connection_to_a_connection_for_a_relationship_on_a_relationship():
    m = permit_model()
    m.add_element(Element(id="doc", type="BusinessObject", name={"en": "Consent"}))
    m.add_relationship(Relationship(id="assoc", type="Association", source="doc", target="r-assign"))
    m.views[0].nodes.append(node("n-doc", "doc"))
    m.views[0].connections.append(conn("c-assoc", "assoc", "n-doc", "c2"))
    assert validate_model(m) == []
    m.views[0].connections[-1] = conn("c-assoc", "assoc", "n-doc", "c1")  # the wrong relationship's connection
    assert [f.id for f in findings_for(m, "connection-mismatch")] == ["c-assoc"]


def test_organization_refs_pointing_nowhere():
    m = permit_model()
    m.organizations.append(
        OrganizationItem(
            label={"en": "Business"},
            items=[OrganizationItem(ref="svc"), OrganizationItem(ref="v1"), OrganizationItem(ref="deleted")],
        )
    )
    [f] = findings_for(m, "dangling-reference")
    assert f.id == "deleted" and "organization item" in f.message


def test_unknown_property_definition():
    m = permit_model()
    m.set_property(m.element("svc"), "fee_thb", "0")
    assert "unknown-property-definition" not in rules(m)
    m.element("proc").properties.append(Property(definition_ref="propid-gone", value={"": "x"}))
    m.views[0].properties.append(Property(definition_ref="propid-gone2", value={"": "y"}))
    found = findings_for(m, "unknown-property-definition")
    assert [(f.id, f.severity) for f in found] == [("proc", "error"), ("v1", "error")]
    assert "'propid-gone'" in found[0].message


def test_duplicate_ids_across_views_and_concepts():
    m = permit_model()
    m.property_definitions["svc"] = PropertyDefinition(id="svc", name={"": "clash"})
    m.views.append(View(id="v1", name={"en": "Again"}, nodes=[node("n-svc", "svc")]))
    found = findings_for(m, "duplicate-id")
    assert sorted(f.id for f in found) == ["n-svc", "svc", "v1"]


def test_model_defined_viewpoint_and_view_links():
    from ea_model.objects import ViewpointDefinition

    m = permit_model()
    m.info.viewpoints.append(
        ViewpointDefinition(id="vp-svc", name={"en": "Services only"}, allowed_element_types=["BusinessService"])
    )
    m.views[0].viewpoint = None
    m.views[0].viewpoint_ref = "vp-svc"
    found = findings_for(m, "viewpoint-violation")
    assert sorted(f.id for f in found) == ["office", "proc"]
    assert "(Services only viewpoint)" in found[0].message
    m.views[0].viewpoint_ref = "vp-gone"
    m.views[0].connections[0].view_ref = "v-gone"
    assert sorted(f.id for f in findings_for(m, "dangling-reference")) == ["c1", "v1"]


# ---- hygiene -----------------------------------------------------------------------------------


def test_missing_name_skips_junctions():
    m = permit_model()
    m.add_element(Element(id="nameless", type="BusinessRole", name={"en": "  "}))
    m.add_element(Element(id="jn", type="AndJunction"))
    assert [(f.id, f.severity) for f in findings_for(m, "missing-name")] == [("nameless", "warning")]


def test_unused_elements_and_relationships():
    m = permit_model()
    m.add_element(Element(id="role", type="BusinessRole", name=lang_string(th="ประชาชน", en="Citizen")))
    m.add_relationship(Relationship(id="serves", type="Serving", source="svc", target="role"))
    assert [(f.id, f.severity) for f in findings_for(m, "unused-element")] == [("role", "warning")]
    [f] = findings_for(m, "unused-relationship")
    assert f.id == "serves" and "'Building permit' (BusinessService)" in f.message


def test_plateau_membership_of_a_relationship_is_not_unused():
    m = permit_model()
    m.add_element(Element(id="target", type="Plateau", name={"en": "Target 2027"}))
    m.views[0].nodes.append(node("n-target", "target"))
    m.add_relationship(Relationship(id="in-target", type="Aggregation", source="target", target="r-real"))
    m.add_relationship(Relationship(id="svc-in-target", type="Aggregation", source="target", target="svc"))
    assert [f.id for f in findings_for(m, "unused-relationship")] == ["svc-in-target"]


def test_mostly_undrawn_model_gets_one_advice_per_kind():
    m = permit_model()
    for i in range(4):  # 4 more undrawn services: 4 of 7 elements are in no view
        m.add_element(Element(id=f"extra{i}", type="BusinessService", name={"en": f"Service {i}"}))
    [f] = [f for f in validate_model(m) if f.rule.startswith("unused-")]
    assert (f.rule, f.severity, f.id) == ("unused-element", "advice", None)
    assert f.message.startswith("4 of the model's 7 elements appear in no view (e.g. extra0, extra1, extra2)")
    m.views[0].nodes.append(node("n-extra0", "extra0"))  # now 3 of 7: each one is a warning again
    assert [(f.id, f.severity) for f in findings_for(m, "unused-element")] == [
        ("extra1", "warning"),
        ("extra2", "warning"),
        ("extra3", "warning"),
    ]


def test_model_without_views_gets_one_advice_per_kind():
    m = permit_model()
    m.views.clear()
    found = [f for f in validate_model(m) if f.rule.startswith("unused-")]
    assert [(f.rule, f.severity, f.id) for f in found] == [
        ("unused-element", "advice", None),
        ("unused-relationship", "advice", None),
    ]
    assert "3 elements" in found[0].message and "2 relationships" in found[1].message


def test_duplicate_elements_same_type_and_name_in_any_language():
    m = permit_model()
    m.add_element(Element(id="svc2", type="BusinessService", name={"th": "ขออนุญาตก่อสร้าง"}))
    m.add_element(Element(id="svc3", type="BusinessService", name={"en": "building  PERMIT "}))
    m.add_element(Element(id="proc2", type="BusinessProcess", name={"en": "Building permit"}))  # other type
    found = findings_for(m, "duplicate-element")
    assert [(f.id, f.severity) for f in found] == [("svc2", "warning"), ("svc3", "warning")]
    # the message quotes the name that matched: the Thai one when the Thai names collide
    assert "another BusinessService (svc) has the same name (th): 'ขออนุญาตก่อสร้าง'" in found[0].message
    assert "(svc) has the same name (en): 'building  PERMIT'" in found[1].message
    assert normalised_name(" Building\u00a0 Permit") == "building permit"


def test_empty_view():
    m = permit_model()
    m.views.append(View(id="v-empty", name={"en": "Draft"}))
    assert [(f.id, f.severity) for f in findings_for(m, "empty-view")] == [("v-empty", "warning")]


def test_viewpoint_violation_and_unknown_viewpoint():
    m = permit_model()
    m.add_element(Element(id="node", type="Node", name={"en": "App server"}))
    m.views[0].nodes.append(node("n-node", "node"))
    m.views[0].nodes.append(node("n-j", None, type="Container"))
    [f] = findings_for(m, "viewpoint-violation")
    assert (f.id, f.severity) == ("node", "warning")
    assert "Service Realization viewpoint" in f.message
    m.views[0].viewpoint = "Business Process View"
    assert "viewpoint-violation" not in rules(m)
    assert [f.severity for f in findings_for(m, "unknown-viewpoint")] == ["advice"]


def test_nesting_needs_a_relationship_either_way():
    m = permit_model()
    view = m.views[0]
    # The process drawn inside the service it realizes: fine (the relationship goes child -> parent).
    view.nodes[0] = node("n-svc", "svc", children=[node("n-proc-in", "proc")])
    assert "nesting-without-relationship" not in rules(m)
    # A role drawn inside the process with no relationship at all.
    m.add_element(Element(id="role", type="BusinessRole", name={"en": "Inspector"}))
    view.nodes[0].children[0].children.append(node("n-role", "role"))
    [f] = findings_for(m, "nesting-without-relationship")
    assert (f.id, f.severity) == ("role", "warning")
    assert "inside 'Review request' (BusinessProcess)" in f.message
    m.add_relationship(Relationship(id="r-role", type="Assignment", source="role", target="proc"))
    assert "nesting-without-relationship" not in rules(m)


def test_nesting_in_a_container_or_a_junction_child_is_not_checked():
    m = permit_model()
    m.add_element(Element(id="jn", type="OrJunction"))
    m.views[0].nodes = [
        node("box", None, type="Container", children=[node("n-svc", "svc"), node("n-proc", "proc")]),
        node("n-office", "office", children=[node("n-jn", "jn")]),
    ]
    assert "nesting-without-relationship" not in rules(m)


def test_errors_first_then_warnings_then_advice_in_rule_order():
    m = permit_model()
    m.add_element(Element(id="data", type="DataObject", name={"en": "Permit record"}))
    m.add_relationship(Relationship(id="bad", type="Serving", source="data", target="office"))
    m.views[0].viewpoint = "Not A Viewpoint"
    severities = [f.severity for f in validate_model(m)]
    assert severities == sorted(severities, key=["error", "warning", "advice"].index)
    assert severities[0] == "error" and severities[-1] == "advice"


# ---- real files ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.name)
def test_example_files_have_no_metamodel_errors(path):
    from exporters import read_model

    model = read_model(path, recover=True)
    errors = [f for f in validate_model(model) if f.severity == "error"]
    assert errors == []
    assert model.load_findings == [] or all(f.severity != "error" for f in model.load_findings)


def test_archisurance_hygiene_findings_are_real():
    from exporters import read_model

    model = read_model(ARCHIMATE / "archi-native" / "Archisurance.archimate", recover=True)
    found = validate_model(model)
    assert not [f for f in found if f.severity == "error"]
    # "Register" is drawn inside "Handle Claim" with no relationship between the two in the model.
    assert any(f.rule == "nesting-without-relationship" and f.name == "Register" for f in found)
    assert {f.id for f in found if f.rule == "duplicate-element"} >= {"id-1540", "id-1101"}


# ---- size --------------------------------------------------------------------------------------


def big_model(n_elements: int) -> Model:
    """A model the shape of a generated one: services, processes, actors in chains, one view per 1,000 elements.
    Built with `model_construct` (all fields given) as a reader does, so building stays cheap."""
    m = Model()
    kinds = ("BusinessService", "BusinessProcess", "BusinessActor", "ApplicationComponent", "DataObject")

    def element(i: int) -> Element:
        return Element.model_construct(
            id=f"e{i}", type=kinds[i % 5], name={"en": f"Thing {i}"}, documentation={}, properties=[]
        )

    def relationship(rel_id: str, type: str, source: int, target: int) -> Relationship:
        return Relationship.model_construct(
            id=rel_id, type=type, source=f"e{source}", target=f"e{target}", name={}, documentation={},
            properties=[], access_type=None, is_directed=None, modifier=None,
        )  # fmt: skip

    for i in range(n_elements):
        m.add_element(element(i))
    for i in range(0, n_elements - 5, 5):
        m.add_relationship(relationship(f"ra{i}", "Realization", i + 1, i))
        m.add_relationship(relationship(f"rb{i}", "Assignment", i + 2, i))
        m.add_relationship(relationship(f"rc{i}", "Access", i + 1, i + 4))
    for v in range(0, n_elements, 1000):
        nodes = [node(f"n{i}", f"e{i}") for i in range(v, min(v + 1000, n_elements))]
        m.views.append(View(id=f"v{v}", name={"en": f"View {v}"}, nodes=nodes))
    return m


def test_a_large_mostly_undrawn_model_gives_one_advice_not_thousands_of_warnings():
    """Scale without timing (speed is measured by scripts/benchmark.py)."""
    m = big_model(20_000)
    found = validate_model(m)
    # big_model draws every element but no relationship: one advice, not 12,000 warnings.
    assert [(f.rule, f.severity) for f in found] == [("unused-relationship", "advice")]
