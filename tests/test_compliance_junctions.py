"""The DGA checks read junctions as ArchiMate means them: a relationship of one type into a junction and
out of it to a real element counts as that relationship between the two ends (And: every pair holds; Or:
one of them does). Models drawn as Archi users draw a shared platform: Thai names, Or/And junctions."""

from __future__ import annotations

import datetime as dt

import pytest
from compliance_builder import ServiceModel

from catalog.dga import load_dga_catalog
from ea_model.compliance import check_model

TODAY = dt.date(2025, 9, 1)
DGA = load_dga_catalog()


def district_office(junction: str = "OrJunction") -> tuple[ServiceModel, dict[str, str]]:
    """Two fee-paying district services whose processes one payment platform serves through a junction."""
    b = ServiceModel()
    ids: dict[str, str] = {}
    for key, name in (("market", "ขอใช้พื้นที่ตลาดนัด"), ("sign", "ขออนุญาตติดตั้งป้าย")):
        svc = ids[key] = b.service(name, fee_thb=300)
        b.model.element(svc).name = {"th": name}  # Thai-only, as district staff name them
        b.owner(svc)
        ids[f"{key}_process"] = b.process(svc)
    ids["junction"] = b.element("OrJunction" if junction == "OrJunction" else "AndJunction", "Junction")
    ids["in"] = b.serve("dga-epayment", ids["junction"])
    ids["out_market"] = b.relate("Serving", ids["junction"], ids["market_process"])
    ids["out_sign"] = b.relate("Serving", ids["junction"], ids["sign_process"])
    return b, ids


def findings(b: ServiceModel, criterion: str) -> dict[str, object]:
    result = check_model(b.model, catalog=DGA, today=TODAY)
    return {f.service: f for f in result.findings if f.criterion == criterion}


@pytest.mark.parametrize("junction", ["OrJunction", "AndJunction"])
def test_a_payment_platform_serving_two_processes_through_a_junction_serves_both_services(junction):
    b, ids = district_office(junction)
    found = findings(b, "O6-C1")
    assert {found[ids["market"]].verdict, found[ids["sign"]].verdict} == {"pass"}


def test_evidence_names_the_real_relationships_and_the_junction():
    b, ids = district_office("AndJunction")
    evidence = findings(b, "O6-C1")[ids["market"]].evidence
    assert [x for x in evidence if x in (ids["in"], ids["junction"], ids["out_market"])] == [
        ids["in"],
        ids["junction"],
        ids["out_market"],
    ]
    assert ids["out_sign"] not in evidence
    assert all(b.model.get_concept(x) is not None for x in evidence)  # no made-up ids


def test_a_chain_of_junctions_is_followed():
    b, ids = district_office("AndJunction")
    b.model.remove_relationship(ids["out_sign"])
    second = b.element("OrJunction", "Junction")
    b.relate("Serving", ids["junction"], second)
    b.relate("Serving", second, ids["sign_process"])
    assert findings(b, "O6-C1")[ids["sign"]].verdict == "pass"


def test_without_the_junction_path_the_duty_fails():
    b, ids = district_office()
    b.model.remove_relationship(ids["out_sign"])
    found = findings(b, "O6-C1")
    assert found[ids["market"]].verdict == "pass" and found[ids["sign"]].verdict == "fail"


def test_a_junction_of_mixed_types_is_not_followed():
    b, ids = district_office()
    b.model.remove_relationship(ids["out_sign"])
    b.relate("Flow", ids["junction"], ids["sign_process"])  # ea validate reports the mixed junction
    assert findings(b, "O6-C1")[ids["sign"]].verdict == "fail"


def test_documents_read_through_a_junction_are_required_documents():
    b = ServiceModel()
    svc = b.service("รับรองสำเนาทะเบียนบ้าน", fee_thb=0)
    proc = b.process(svc)
    junction = b.element("AndJunction", "Junction")
    b.relate("Access", proc, junction, access="Read")
    house = b.element("BusinessObject", "ทะเบียนบ้าน")
    card = b.element("BusinessObject", "บัตรประจำตัวประชาชน")
    for doc in (house, card):
        b.relate("Access", junction, doc, access="Read")
        b.relate("Access", b.agency("DOPA"), doc, access="Write")
    b.digital_path(house, proc, "dopa-linkage")
    f = findings(b, "O3-C1")[svc]
    assert f.verdict == "fail"  # both documents are read through the junction; the ID card has no digital path
    assert card in f.evidence and "บัตรประจำตัวประชาชน" in f.message["th"]
    b.digital_path(card, proc, "dopa-linkage")
    assert findings(b, "O3-C1")[svc].verdict == "pass"


def test_one_owner_assigned_to_two_services_through_a_junction_owns_both():
    b = ServiceModel()
    actor = b.agency("BMA")
    junction = b.element("AndJunction", "Junction")
    b.relate("Assignment", actor, junction)
    services = [b.service(name, fee_thb=0) for name in ("ขอเลขที่บ้าน", "แจ้งรื้อถอนอาคาร")]
    for svc in services:
        b.relate("Assignment", junction, svc)
    found = findings(b, "O1-C8")
    assert [found[s].verdict for s in services] == ["pass", "pass"]


def test_one_channel_serving_two_services_through_a_junction_is_a_channel_of_both():
    b = ServiceModel()
    services = [b.service(name, fee_thb=0) for name in ("จองคิวออนไลน์", "ติดตามสถานะคำขอ")]
    web = b.element("ApplicationInterface", "เว็บไซต์สำนักงานเขต", channel="web")
    junction = b.element("OrJunction", "Junction")
    b.relate("Serving", web, junction)
    for svc in services:
        b.relate("Serving", junction, svc)
    found = findings(b, "O1-C1")
    assert [found[s].verdict for s in services] == ["pass", "pass"]


def test_a_plateau_that_leaves_the_junction_out_leaves_the_path_out():
    b, ids = district_office("AndJunction")
    baseline = b.element("Plateau", "Baseline")
    target = b.element("Plateau", "Target")
    for concept in b.model.element_ids() + b.model.relationship_ids():
        if concept not in (baseline, target):
            b.relate("Aggregation", baseline, concept)
            if concept != ids["junction"]:
                b.relate("Aggregation", target, concept)
    as_of_target = check_model(b.model, catalog=DGA, plateau=target, today=TODAY)
    verdicts = {f.service: f.verdict for f in as_of_target.findings if f.criterion == "O6-C1"}
    assert verdicts == {ids["market"]: "fail", ids["sign"]: "fail"}
    as_of_baseline = check_model(b.model, catalog=DGA, plateau=baseline, today=TODAY)
    assert {f.verdict for f in as_of_baseline.findings if f.criterion == "O6-C1"} == {"pass"}
