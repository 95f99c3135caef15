"""The compliance library API: citizen services, aggregation per outcome, scorecard, JSON, plateaus,
catalog problems, criteria an architect adds in YAML, and speed on a large model."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from compliance_builder import ServiceModel
from test_compliance_criteria import TODAY, bare, compliant, counter_only, with_state_doc

from catalog.dga import DGA_DIR, load_dga_catalog, load_dga_catalog_from
from ea_model.compliance import GOAL_VERDICTS, check_model, citizen_services
from ea_model.errors import EaError
from ea_model.objects import Element, Relationship

DGA = load_dga_catalog()  # the bundled DGA catalog, which the engine takes as an argument


def test_citizen_services_are_business_services_serving_a_citizen_or_business_role() -> None:
    b = ServiceModel()
    citizen = b.service("Birth registration")
    business = b.service("Commercial registration", party="business")
    internal = b.element("BusinessService", "Payroll")
    staff = b.element("BusinessRole", "Staff", party="staff")
    b.relate("Serving", internal, staff)
    unnamed_role = b.element("BusinessRole", "Anyone")
    other = b.element("BusinessService", "Other")
    b.relate("Serving", other, unnamed_role)
    assert [s.id for s in citizen_services(b.model, catalog=DGA)] == sorted([citizen, business])


def test_goal_verdict_aggregates_fail_over_warn_over_unknown_over_pass() -> None:
    b = counter_only(None)  # O1-C1 fails; O1-C5 unknown...
    result = check_model(b.model, today=TODAY, catalog=DGA)
    sid = result.services[0].id
    o1 = {f.verdict for f in result.findings_for(sid, "O1")}
    assert "fail" in o1 and result.goal_verdict(sid, "O1") == "fail"
    b = counter_only("few-users")  # O1-C1 passes, O1-C2 warns
    result = check_model(b.model, today=TODAY, catalog=DGA)
    assert result.goal_verdict(result.services[0].id, "O1") == "warn"


def test_info_alone_counts_as_pass_and_unknown_outranks_pass() -> None:
    b, _ = compliant(dga_oss_status="STA02")  # O2-C2 is info; everything else in O2 passes
    result = check_model(b.model, goals=["O2"], today=TODAY, catalog=DGA)
    sid = result.services[0].id
    assert {f.verdict for f in result.findings} == {"pass", "info"}
    assert result.goal_verdict(sid, "O2") == "pass"
    b, _ = compliant(last_reviewed=None)  # O1-C7 unknown, the rest of O1 passes
    result = check_model(b.model, goals=["O1"], today=TODAY, catalog=DGA)
    assert result.goal_verdict(result.services[0].id, "O1") == "unknown"


def test_no_applicable_criterion_is_not_applicable_never_pass() -> None:
    b = counter_only("law")  # no digital channel: O5 does not apply
    result = check_model(b.model, goals=["O5"], today=TODAY, catalog=DGA)
    assert result.findings == []
    assert result.goal_verdict(result.services[0].id, "O5") == "n/a"


def test_a_bare_service_is_unknown_not_pass() -> None:
    result = check_model(bare().model, today=TODAY, catalog=DGA)
    sid = result.services[0].id
    assert "pass" not in {f.verdict for f in result.findings}
    for goal in ("O1", "O2", "O3"):
        assert result.goal_verdict(sid, goal) == "unknown"


def test_scorecard_counts_services_per_outcome_and_verdict() -> None:
    b, _ = compliant()
    s = b.service("Building permit", fee_thb=0)  # a second service: a title deed the citizen copies
    p = b.process(s)
    b.paper_copy(b.document(p, "DOL", "Title deed"))
    result = check_model(b.model, today=TODAY, catalog=DGA)
    card = result.scorecard()
    assert list(card) == [f"O{n}" for n in range(1, 8)]
    assert all(list(counts) == list(GOAL_VERDICTS) for counts in card.values())
    assert all(sum(counts.values()) == len(result.services) == 2 for counts in card.values())
    assert card["O3"]["fail"] == 1 and card["O3"]["pass"] == 1
    assert result.goal_verdict(s, "O3") == "fail"


def test_json_has_the_documented_shape() -> None:
    b = with_state_doc("DOL", digital=False, copy=True)
    data = check_model(b.model, today=TODAY, catalog=DGA).to_json("th")
    finding = next(f for f in data["findings"] if f["criterion"] == "O3-C1")
    for key in ("service", "service_name", "goal", "criterion", "severity", "message", "evidence", "remediation"):
        assert key in finding
    assert finding["severity"] == finding["verdict"] == "fail"
    assert finding["criterion_severity"] == "fail"
    assert finding["service_name"] == "บริการ Permit" and finding["service_name_en"] == "Permit"
    assert "สำเนา" in finding["message"] and finding["message_en"]
    summary = data["summary"]
    assert summary["services"] == 1 and summary["findings"] == len(data["findings"])
    assert summary["goals"]["O3"]["services"]["fail"] == 1
    assert summary["goals"]["O3"]["name_th"].startswith("ประชาชนไม่ต้องใช้สำเนา")
    assert sum(summary["by_verdict"].values()) == summary["findings"]


def test_goals_limit_the_run_and_unknown_goals_are_errors() -> None:
    b, _ = compliant()
    result = check_model(b.model, goals=["O6"], today=TODAY, catalog=DGA)
    assert {f.goal for f in result.findings} == {"O6"} and result.goals == ["O6"]
    with pytest.raises(EaError, match="unknown outcome 'O9'"):
        check_model(b.model, goals=["O9"], catalog=DGA)


def test_checks_read_structure_and_ids_never_names() -> None:
    """Renaming every element (even to platform names) changes no verdict."""
    b, _ = compliant()
    before = [(f.criterion, f.verdict) for f in check_model(b.model, today=TODAY, catalog=DGA).findings]
    for n, el in enumerate(b.model.elements()):
        el.name = {"en": ["ThaID", "GDX", "Traffy Fondue", "counter", "paper copy"][n % 5]}
    assert [(f.criterion, f.verdict) for f in check_model(b.model, today=TODAY, catalog=DGA).findings] == before
    b = bare()
    app = b.element("ApplicationComponent", "ThaID DGA e-Payment GDX BMA OSS")  # names, no platform ids
    b.relate("Serving", app, next(b.model.elements(type="BusinessService")).id)
    assert all(f.verdict != "pass" for f in check_model(b.model, goals=["O5", "O6"], today=TODAY, catalog=DGA).findings)


def test_a_platform_id_missing_from_the_catalog_is_reported() -> None:
    b = bare()
    app = b.element("ApplicationComponent", "Login", platform="thai-id")
    b.relate("Serving", app, next(b.model.elements(type="BusinessService")).id)
    result = check_model(b.model, today=TODAY, catalog=DGA)
    assert result.problems == [f"element {app}: platform id 'thai-id' is not in the catalog"]
    assert result.summary()["catalog_problems"] == result.problems


def test_plateau_checks_the_architecture_as_of_that_state() -> None:
    """Baseline: citizens bring a copy of the title deed. Target: it comes through GDX."""
    b = ServiceModel()
    s = b.service("Building permit", fee_thb=0)
    p = b.process(s)
    doc = b.document(p, "DOL", "Title deed")
    copy = b.paper_copy(doc)
    copy_rel = next(r.id for r in b.model.incoming(doc, ["Realization"]) if r.source == copy)
    data = b.digital_path(doc, p, "gdx", agreement_ref="MOU-1")
    baseline = b.element("Plateau", "Baseline")
    target = b.element("Plateau", "Target")
    b.relate("Aggregation", baseline, copy)
    b.relate("Aggregation", baseline, copy_rel)
    for concept in [data, *(r.id for r in b.model.relationships() if data in (r.source, r.target))]:
        b.relate("Aggregation", target, concept)
    b.relate("Aggregation", target, b.serve("gdx", p))  # the serving already exists; a second one is harmless
    as_of = {
        pl: check_model(b.model, goals=["O3"], plateau=pl, today=TODAY, catalog=DGA) for pl in (baseline, "Target")
    }
    sid = s
    assert as_of[baseline].goal_verdict(sid, "O3") == "fail"
    assert as_of["Target"].goal_verdict(sid, "O3") == "pass"
    assert as_of["Target"].plateau == target
    with pytest.raises(EaError, match="no plateau"):
        check_model(b.model, plateau="Someday", catalog=DGA)


def test_today_decides_review_age() -> None:
    b, _ = compliant(last_reviewed="2024-01-15")
    late = check_model(b.model, goals=["O1"], today=dt.date(2025, 9, 1), catalog=DGA)
    early = check_model(b.model, goals=["O1"], today=dt.date(2024, 6, 1), catalog=DGA)
    verdicts = [next(f.verdict for f in r.findings if f.criterion == "O1-C7") for r in (late, early)]
    assert verdicts == ["info", "pass"]


def test_gates_follow_the_fail_on_threshold() -> None:
    b = counter_only("few-users")  # warnings, no failures
    result = check_model(b.model, goals=["O1"], today=TODAY, catalog=DGA)
    assert result.worst() == "warn"
    assert not result.gates("fail") and result.gates("warn") and not result.gates("never")


# ---- criteria as data ---------------------------------------------------------------------------


def _catalog_copy(tmp_path: Path) -> Path:
    target = tmp_path / "dga"
    shutil.copytree(DGA_DIR, target)
    return target


def test_an_architect_adds_a_criterion_in_yaml(tmp_path: Path) -> None:
    directory = _catalog_copy(tmp_path)
    extra = """
  - id: O5-C9
    outcome: O5
    severity: warn
    legal_basis: [ACT2562 s.12(4)]
    title: {th: ใช้ ThaID, en: Uses ThaID}
    checks: {th: บริการใช้ ThaID, en: The service is served by ThaID}
    remedy: {th: เชื่อม ThaID, en: Connect ThaID}
    applies_to: {has_channel: {kinds: [web, mobile]}}
    test: {served_by_platform: {platform: thaid}}
"""
    with open(directory / "criteria.yaml", "a", encoding="utf-8") as handle:
        handle.write(extra)
    catalog = load_dga_catalog_from(directory)
    b, _ = compliant()
    result = check_model(b.model, goals=["O5"], catalog=catalog, today=TODAY)
    assert any(f.criterion == "O5-C9" and f.verdict == "pass" for f in result.findings)
    b = ServiceModel()
    s = b.service("Allowance")
    b.channel(s, "mobile")
    b.serve("ndid", s)
    result = check_model(b.model, goals=["O5"], catalog=catalog, today=TODAY)
    finding = next(f for f in result.findings if f.criterion == "O5-C9")
    assert finding.verdict == "warn" and "ThaID" in finding.message["en"]


@pytest.mark.parametrize(
    "test_yaml,error",
    [
        ("{served_by_thaid: {}}", "unknown predicate 'served_by_thaid'"),
        ("{served_by_platform: {provides: teleportation}}", "unknown capability 'teleportation'"),
        ("{served_by_platform: {platform: thai-id}}", "unknown platform id 'thai-id'"),
        ("{each: {in: documents, test: {has_paper_copy: {}}}}", "unknown collection 'documents'"),
        ("{property_compare: {property: fee_thb, op: '=>', value: 0}}", "property_compare"),
        ("{all: []}", "non-empty list"),
        ("[has_channel]", "exactly one key"),
    ],
)
def test_a_broken_criterion_is_a_one_line_error_naming_it(tmp_path: Path, test_yaml: str, error: str) -> None:
    directory = _catalog_copy(tmp_path)
    text = (directory / "criteria.yaml").read_text(encoding="utf-8")
    text += f"""
  - id: O1-C99
    outcome: O1
    severity: warn
    legal_basis: ACT2562 s.4
    title: {{th: ทดสอบ, en: Test}}
    checks: {{th: ทดสอบ, en: Test}}
    remedy: {{th: ทดสอบ, en: Test}}
    test: {test_yaml}
"""
    (directory / "criteria.yaml").write_text(text, encoding="utf-8")
    catalog = load_dga_catalog_from(directory)
    with pytest.raises(EaError, match="O1-C99") as caught:
        check_model(bare().model, catalog=catalog)
    assert error in str(caught.value) and "\n" not in str(caught.value)


# ---- speed ---------------------------------------------------------------------------------------


def large_model(services: int, total: int) -> ServiceModel:
    """`services` citizen services modelled like `compliant()` varies them, in a model of `total` elements."""
    b = ServiceModel()
    oss = b.application("BMA OSS", platform="bma-oss")
    b.serve("thaid", oss)
    for i in range(services):
        s = b.service(
            f"Service {i}",
            fee_thb=(0, 100, 500)[i % 3],
            is_licensing=i % 2 == 0,
            legal_basis="law",
            dga_oss_status=("STA01", "STA02", "STA05")[i % 3],
            last_reviewed="2025-01-01",
        )
        b.owner(s, "BMA")
        b.counter(s)
        if i % 10:
            b.channel(s, "web", component=oss)
        p = b.process(s)
        b.step(p, requires_presence=i % 4 == 0)
        for issuer in ("DOPA", "DOL", "citizen"):
            d = b.document(p, issuer)
            if i % 2:
                b.digital_path(d, p, "gdx", agreement_ref="MOU-1")
            else:
                b.paper_copy(d)
        x = b.data(p, data_category="public", data_classification="open", open_format="csv", license="odc")
        if i % 2:
            b.publish(x)
        if i % 3:
            b.serve("dga-epayment", p)
    # The rest of the landscape: application and technology elements in a chain of associations, added in
    # bulk (the reader's fast path): they are valid by construction.
    types = ("ApplicationComponent", "DataObject", "Node", "SystemSoftware")
    start = len(b.model.graph)
    filler = [
        Element.model_construct(
            id=f"id-filler-{n}", type=types[n % 4], name={"en": f"Filler {n}"}, documentation={}, properties=[]
        )
        for n in range(total - start)
    ]
    links = [
        Relationship.model_construct(
            id=f"id-filler-rel-{n}",
            type="Association",
            source=a.id,
            target=z.id,
            name={},
            documentation={},
            properties=[],
        )
        for n, (a, z) in enumerate(zip(filler, filler[1:], strict=False))
    ]
    b.model.add_concepts_from(filler, links, checked=True)
    return b


def test_checking_a_large_model_finds_every_service() -> None:
    """Scale without timing (speed is measured by scripts/benchmark.py): every service is checked."""
    b = large_model(300, 20_000)
    result = check_model(b.model, today=TODAY, catalog=DGA)
    assert len(result.services) == 300 and len(result.findings) > 4_000


def test_catalog_is_loaded_once() -> None:
    assert load_dga_catalog() is load_dga_catalog()
