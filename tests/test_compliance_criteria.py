"""Every DGA criterion on small models built from the documented conventions: one where it passes,
one where it fails, and one where the model does not say enough (unknown) wherever that can happen.

`compliant()` builds a service that meets every criterion; each case changes one thing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from compliance_builder import ServiceModel

from catalog.dga import load_dga_catalog
from ea_model.compliance import check_model

DGA = load_dga_catalog()  # the bundled DGA catalog, which the engine takes as an argument

TODAY = dt.date(2025, 9, 1)


def compliant(party: str = "citizen", **overrides: object) -> tuple[ServiceModel, dict[str, str]]:
    """A licensing service that meets every criterion, and the ids of its parts."""
    b = ServiceModel()
    props = {
        "fee_thb": 200,
        "fee_legal_basis": "ข้อบัญญัติกรุงเทพมหานคร เรื่อง ค่าธรรมเนียม พ.ศ. 2562",
        "digital_fee_thb": 150,
        "is_licensing": True,
        "legal_basis": "Public Health Act B.E. 2535 s.56",
        "max_processing_days": 15,
        "statutory_max_days": 30,
        "citizen_manual_url": "https://info.go.th/manual/1",
        "last_reviewed": "2025-06-01",
        "dga_oss_status": "STA01",
        "required_ial": "2.1",
        "required_aal": "2.1",
    }
    props.update(overrides)
    props = {k: v for k, v in props.items() if v is not None}
    s = b.service("Food-premises licence", party=party, **props)
    ids = {"service": s, "owner": b.owner(s, "BMA"), "counter": b.counter(s)}
    oss = ids["oss"] = b.application("BMA OSS", platform="bma-oss")
    ids["web"] = b.channel(s, "web", component=oss)
    ids["thaid"] = b.serve("thaid", oss)
    b.serve("traffy-fondue", s)
    p = ids["process"] = b.process(s)
    ids["step"] = b.step(p, requires_presence=False)
    ids["pay"] = b.serve("dga-epayment", p)
    ids["callback"] = b.flow("dga-epayment", oss)
    doc = ids["state_doc"] = b.document(p, "DOPA", "House registration")
    ids["state_data"] = b.digital_path(doc, p, "dopa-linkage", agreement_ref="MOU-BORA-2566-01")
    bma_doc = ids["bma_doc"] = b.document(p, "BMA", "Current licence")
    ids["bma_data"] = b.document_data(bma_doc)
    b.relate("Access", oss, ids["bma_data"], access="Read")
    b.document(p, "citizen", "Application form")
    reg = ids["register"] = b.data(
        p, data_category="public", data_classification="open", open_format="csv", license="open-data-common"
    )
    ids["published"] = b.publish(reg, "data-bangkok")
    b.publish(reg, "gd-catalog")
    ids["personal"] = b.data(p, data_category="personal", data_classification="confidential")
    return b, ids


def verdict_of(b: ServiceModel, criterion: str, service: str | None = None) -> str | None:
    """The verdict of `criterion` for the (first) service; None when it does not apply."""
    result = check_model(b.model, today=TODAY, catalog=DGA)
    service = service or result.services[0].id
    hits = [f for f in result.findings if f.criterion == criterion and f.service == service]
    assert len(hits) <= 1
    return hits[0].verdict if hits else None


def finding_of(b: ServiceModel, criterion: str):
    result = check_model(b.model, today=TODAY, catalog=DGA)
    return next(f for f in result.findings if f.criterion == criterion)


# ---- the changes that break one criterion ---------------------------------------------------------


def counter_only(reason: str | None) -> ServiceModel:
    b = ServiceModel()
    s = b.service("Septic-tank emptying", fee_thb=0, **({"digital_exclusion_reason": reason} if reason else {}))
    b.owner(s)
    b.counter(s)
    b.process(s)
    return b


def bare() -> ServiceModel:
    """A citizen service and nothing else: the model says nothing about it."""
    b = ServiceModel()
    b.service("Unmodelled")
    return b


def without(*props: str) -> ServiceModel:
    return compliant(**dict.fromkeys(props))[0]


def remove(b: ServiceModel, *rel_ids: str) -> ServiceModel:
    for rel_id in rel_ids:
        b.model.remove_relationship(rel_id)
    return b


def compliant_minus(*keys: str) -> ServiceModel:
    b, ids = compliant()
    return remove(b, *(ids[k] for k in keys))


def with_state_doc(issuer: str | None, *, digital: bool, copy: bool, agreement: bool = True) -> ServiceModel:
    b = ServiceModel()
    s = b.service("Permit", fee_thb=0)
    p = b.process(s)
    doc = b.document(p, issuer, "Title deed")
    if digital:
        b.digital_path(doc, p, "gdx", **({"agreement_ref": "MOU-1"} if agreement else {}))
    if copy:
        b.paper_copy(doc)
    return b


def with_bma_doc(internal: bool) -> ServiceModel:
    b = ServiceModel()
    s = b.service("Licence renewal", fee_thb=0)
    p = b.process(s)
    system = b.application("District licensing system")
    b.relate("Serving", system, p)
    doc = b.document(p, "BMA", "Current licence")
    data = b.document_data(doc)
    if internal:
        b.relate("Access", system, data, access="Read")
    return b


def with_data(publish: str | None = None, **props: object) -> ServiceModel:
    b = ServiceModel()
    s = b.service("Permit", fee_thb=0)
    p = b.process(s)
    data = b.data(p, **props)
    if publish:
        b.publish(data, publish)
    return b


def published(**props: object) -> ServiceModel:
    base = {"data_category": "public", "data_classification": "open", "open_format": "csv", "license": "odc"}
    b = with_data("data-go-th", **{**base, **props})
    b.publish(next(iter(b.model.elements(type="DataObject"))).id, "gd-catalog")
    return b


def bundle(shared: bool) -> ServiceModel:
    b, ids = compliant()
    other = b.service("Signboard tax", fee_thb=0)
    if shared:
        b.channel(other, "web", component=ids["oss"])
    else:
        b.channel(other, "web")
    group = b.element("Grouping", "Open a restaurant", life_event="open-restaurant")
    b.relate("Aggregation", group, ids["service"])
    b.relate("Aggregation", group, other)
    return b


def with_assurance(required_ial: str, platform: str = "thaid") -> ServiceModel:
    b = ServiceModel()
    s = b.service("Allowance", fee_thb=0, required_ial=required_ial)
    b.channel(s, "web")
    b.serve(platform, s)
    return b


def paid(*platforms: str, flow: bool = False) -> ServiceModel:
    b = ServiceModel()
    s = b.service("Permit", fee_thb=100)
    p = b.process(s)
    for pid in platforms:
        b.serve(pid, p)
        if flow:
            b.flow(pid, p)
    return b


def business(on_biz_portal: bool) -> ServiceModel:
    b = ServiceModel()
    s = b.service("Commercial registration", party="business", fee_thb=50)
    b.channel(s, "web")
    if on_biz_portal:
        b.serve("biz-portal", s)
    return b


def review(date: str | None) -> ServiceModel:
    return compliant(last_reviewed=date)[0]


def presence_step() -> ServiceModel:
    b, ids = compliant()
    b.set(ids["step"], requires_presence=True)
    return b


def owner_agency(agency: str) -> ServiceModel:
    b = ServiceModel()
    s = b.service("Permit")
    b.owner(s, agency)
    return b


def channel_without_platforms() -> ServiceModel:
    """A web channel of the BMA's own (no platform): no tracking, complaints or one-stop portal."""
    b = ServiceModel()
    s = b.service("Permit", fee_thb=0)
    b.channel(s, "web", component=b.application("District website"))
    return b


def process_only(**props: object) -> ServiceModel:
    b = ServiceModel()
    s = b.service("Permit", fee_thb=0, **props)
    b.process(s)
    return b


def complaints_through_the_bma() -> ServiceModel:
    """Traffy Fondue serves the BMA as a whole; the owning district office is one of its units."""
    b = channel_without_platforms()
    service = next(b.model.elements(type="BusinessService")).id
    district = b.owner(service, "BMA-SED")
    b.relate("Composition", b.agency("BMA"), district)
    b.serve("traffy-fondue", b.agency("BMA"))
    return b


def compliant_model(**overrides: object) -> ServiceModel:
    return compliant(**overrides)[0]


# criterion -> [(expected verdict, model factory)]. Every criterion has a pass and a non-pass case.
CASES: dict[str, list[tuple[str, Callable[[], ServiceModel]]]] = {
    "O1-C1": [
        ("pass", compliant_model),
        ("pass", lambda: counter_only("law")),
        ("fail", lambda: counter_only(None)),
        ("unknown", bare),
    ],
    "O1-C2": [("pass", lambda: counter_only("physical")), ("warn", lambda: counter_only("few-users"))],
    "O1-C3": [
        ("pass", compliant_model),
        ("warn", lambda: without("citizen_manual_url")),
        ("unknown", lambda: without("is_licensing")),
    ],
    "O1-C4": [("pass", compliant_model), ("warn", channel_without_platforms), ("unknown", bare)],
    "O1-C5": [
        ("pass", compliant_model),
        ("pass", complaints_through_the_bma),
        ("warn", channel_without_platforms),
        ("unknown", bare),
    ],
    "O1-C6": [
        ("pass", compliant_model),
        ("warn", lambda: compliant_model(max_processing_days=45)),
        ("unknown", lambda: without("max_processing_days")),
    ],
    "O1-C7": [
        ("pass", lambda: review("2025-06-01")),
        ("info", lambda: review("2023-01-01")),
        ("unknown", lambda: review(None)),
        ("unknown", lambda: review("last spring")),
    ],
    "O1-C8": [
        ("pass", lambda: owner_agency("BMA-SED")),
        ("warn", lambda: owner_agency("DOPA")),
        ("unknown", bare),
        ("unknown", lambda: owner_agency("NOT-AN-AGENCY")),
    ],
    "O2-C1": [("pass", compliant_model), ("warn", channel_without_platforms), ("unknown", bare)],
    "O2-C2": [
        ("pass", compliant_model),
        ("info", lambda: compliant_model(dga_oss_status="STA02")),
        ("unknown", lambda: without("dga_oss_status")),
    ],
    "O2-C3": [
        ("pass", lambda: compliant_model(dga_oss_status="STA05", dga_oss_reason="RSN01")),
        ("info", lambda: compliant_model(dga_oss_status="STA05")),
    ],
    "O2-C4": [("pass", lambda: bundle(shared=True)), ("warn", lambda: bundle(shared=False))],
    "O2-C5": [("pass", lambda: business(True)), ("info", lambda: business(False))],
    "O3-C1": [
        ("pass", compliant_model),
        ("pass", lambda: with_state_doc("DOL", digital=True, copy=False)),
        ("fail", lambda: with_state_doc("DOL", digital=False, copy=True)),
        ("unknown", lambda: with_state_doc(None, digital=True, copy=False)),
        ("unknown", lambda: with_state_doc("UNKNOWN-AGENCY", digital=True, copy=False)),
        ("unknown", bare),
    ],
    "O3-C2": [
        ("pass", compliant_model),
        ("pass", lambda: with_bma_doc(internal=True)),
        ("fail", lambda: with_bma_doc(internal=False)),
    ],
    "O3-C3": [
        ("pass", lambda: with_state_doc("DOL", digital=True, copy=False)),
        ("fail", lambda: with_state_doc("DOL", digital=True, copy=True)),
        ("unknown", lambda: with_state_doc(None, digital=True, copy=True)),
    ],
    "O3-C4": [
        ("pass", lambda: with_state_doc("DOL", digital=True, copy=False)),
        ("warn", lambda: with_state_doc("DOL", digital=True, copy=False, agreement=False)),
    ],
    "O3-C5": [("pass", lambda: compliant_model(copy_fee_thb=0)), ("warn", lambda: compliant_model(copy_fee_thb=20))],
    "O4-C1": [
        ("pass", compliant_model),
        ("warn", lambda: with_data(data_category="public")),
        ("warn", lambda: with_data(data_category="public", data_classification="restricted")),
        ("unknown", process_only),
    ],
    "O4-C2": [
        ("pass", compliant_model),
        ("fail", lambda: with_data(data_category="public", data_classification="open")),
        ("unknown", lambda: with_data(data_classification="open")),
    ],
    "O4-C3": [
        ("pass", published),
        ("warn", lambda: published(open_format="pdf")),
        ("unknown", lambda: published(open_format=None)),
    ],
    "O4-C4": [
        ("pass", published),
        ("fail", lambda: published(data_category="personal", data_classification="confidential")),
        ("unknown", lambda: with_data("data-go-th")),
    ],
    "O4-C5": [("pass", published), ("warn", lambda: with_data("data-go-th", data_category="public"))],
    "O4-C6": [("pass", lambda: published(access_fee_thb=0)), ("fail", lambda: published(access_fee_thb=100))],
    "O5-C1": [("pass", compliant_model), ("fail", lambda: compliant_minus("thaid"))],
    "O5-C2": [
        ("pass", lambda: with_assurance("2.1")),
        ("pass", lambda: with_assurance("IAL2.3")),
        ("warn", lambda: with_assurance("3")),
        ("unknown", lambda: with_assurance("2.1", platform="dga-digital-id")),
        ("unknown", lambda: with_assurance("high")),
    ],
    "O5-C3": [("pass", compliant_model), ("warn", presence_step)],
    "O6-C1": [
        ("pass", compliant_model),
        ("pass", lambda: paid("promptpay")),
        ("fail", lambda: compliant_minus("pay")),
        ("unknown", lambda: without("fee_thb", "fee_legal_basis", "digital_fee_thb")),
    ],
    "O6-C2": [
        ("pass", compliant_model),
        ("pass", lambda: paid("promptpay", flow=True)),
        ("warn", lambda: compliant_minus("callback")),
    ],
    "O6-C3": [("pass", compliant_model), ("warn", lambda: paid("promptpay"))],
    "O7-C1": [("pass", compliant_model), ("warn", lambda: compliant_model(digital_fee_thb=215))],
    "O7-C2": [("pass", compliant_model), ("info", lambda: without("fee_legal_basis"))],
    "O7-C3": [("pass", compliant_model), ("info", lambda: without("digital_fee_thb"))],
}


@pytest.mark.parametrize(
    "criterion,expected,factory",
    [(c, verdict, factory) for c, cases in CASES.items() for verdict, factory in cases],
    ids=[f"{c}-{verdict}-{n}" for c, cases in CASES.items() for n, (verdict, _) in enumerate(cases)],
)
def test_criterion(criterion: str, expected: str, factory: Callable[[], ServiceModel]) -> None:
    assert verdict_of(factory(), criterion) == expected


def test_every_criterion_has_a_passing_and_a_failing_model() -> None:
    catalog = load_dga_catalog()
    for c in catalog.criteria:
        verdicts = {v for v, _ in CASES.get(c.id, [])}
        assert "pass" in verdicts, c.id
        assert verdicts & {"fail", "warn", "info"}, c.id
        assert verdicts & {"fail", "warn", "info"} == {c.severity}, c.id  # a failed test becomes the severity


def test_the_compliant_service_passes_every_applicable_criterion() -> None:
    b, _ = compliant()
    result = check_model(b.model, today=TODAY, catalog=DGA)
    assert {f.verdict for f in result.findings} == {"pass"}
    assert {f.goal for f in result.findings} == {f"O{n}" for n in range(1, 8)}


# ---- what the findings say ---------------------------------------------------------------------------


def test_a_paper_copy_of_an_unlinked_state_document_fails_o3_with_evidence_and_remedy() -> None:
    b = with_state_doc("DOPA", digital=False, copy=True)
    doc = next(b.model.elements(type="BusinessObject")).id
    rep = next(b.model.elements(type="Representation")).id
    f = finding_of(b, "O3-C1")
    assert f.verdict == "fail" and f.criterion_severity == "fail"
    assert doc in f.evidence
    assert "Title deed" in f.message["en"] and "paper copy" in f.message["en"]
    assert "สำเนา" in f.message["th"]
    assert "GDX" in f.remediation["en"]
    assert "Paper copy" in f.message["en"] and rep  # the copy the citizen brings is named


def test_missing_facts_say_what_the_model_does_not_say() -> None:
    f = finding_of(without("dga_oss_status"), "O2-C2")
    assert f.verdict == "unknown"
    assert "does not say dga_oss_status" in f.message["en"]
    f = finding_of(process_only(), "O3-C1")
    assert f.verdict == "unknown" and "required_documents = none" in f.message["en"]


def test_declaring_no_documents_makes_o3_not_applicable() -> None:
    b = process_only(required_documents="none")
    result = check_model(b.model, goals=["O3"], today=TODAY, catalog=DGA)
    assert result.findings == []
    assert result.goal_verdict(result.services[0].id, "O3") == "n/a"


def test_pass_evidence_names_the_elements_and_relationships_behind_it() -> None:
    b, ids = compliant()
    f = finding_of(b, "O5-C1")
    assert ids["thaid"] in f.evidence  # the Serving from ThaID to the BMA OSS component
    f = finding_of(b, "O3-C1")
    assert {ids["state_doc"], ids["state_data"]} <= set(f.evidence)
    f = finding_of(b, "O1-C1")
    assert ids["web"] in f.evidence


def test_identity_behind_a_national_portal_channel_counts_but_not_behind_a_back_end() -> None:
    b = ServiceModel()
    s = b.service("Elderly allowance", fee_thb=0)
    portal = b.application("Tang Rat", platform="tang-rat")
    b.channel(s, "mobile", component=portal)
    b.serve("dga-digital-id", portal)  # Tang Rat signs citizens in
    assert verdict_of(b, "O5-C1") == "pass"
    b = ServiceModel()
    s = b.service("Elderly allowance", fee_thb=0)
    b.channel(s, "web")
    p = b.process(s)
    b.serve("gdx", p)
    b.serve("thaid", b.platform("gdx"))  # ThaID authenticates GDX's API clients: not the citizen
    assert verdict_of(b, "O5-C1") == "fail"
