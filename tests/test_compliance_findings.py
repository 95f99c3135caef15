"""Findings a board can act on: an unknown says which fact to record, a failure names the elements it
concerns, uncertain catalog facts and Or-junction paths are flagged, and the accountable unit is named."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner
from compliance_builder import ServiceModel
from test_compliance_criteria import compliant

from catalog.dga import load_dga_catalog
from cli import main
from ea_model.compliance import check_model
from exporters import write_model

TODAY = dt.date(2025, 9, 1)
DGA = load_dga_catalog()


def finding(b: ServiceModel, criterion: str, service: str | None = None):
    result = check_model(b.model, catalog=DGA, today=TODAY)
    return next(f for f in result.findings if f.criterion == criterion and (service is None or f.service == service))


def test_an_unknown_says_which_fact_to_record_in_the_users_terms():
    b, ids = compliant(is_licensing=None)
    f = finding(b, "O1-C3")
    assert f.verdict == "unknown"
    assert (
        f.remediation["en"] == "record `is_licensing` = true or false on “Food-premises licence” (does the "
        "Licensing Facilitation Act apply?)"
    )
    assert "is_licensing" in f.remediation["th"] and "บริการ Food-premises licence" in f.remediation["th"]
    assert f.remedy["en"] != f.remediation["en"]  # the criterion's fail remedy is kept apart


def test_an_unknown_issuer_says_which_access_to_draw():
    b = ServiceModel()
    s = b.service("Renew a licence", fee_thb=0)
    p = b.process(s)
    b.document(p, None, "Old licence")
    f = finding(b, "O3-C1")
    assert f.verdict == "unknown"
    assert f.remediation["en"].startswith("draw the Access (Write) from the issuing agency's BusinessActor")
    assert "“Old licence”" in f.remediation["en"]


def test_documents_a_process_does_not_read_say_to_draw_the_read_access():
    b = ServiceModel()
    s = b.service("Renew a licence", fee_thb=0)
    b.process(s)
    f = finding(b, "O3-C1")
    assert f.verdict == "unknown" and "draw the Access (Read) from the process" in f.remediation["en"]
    assert "`required_documents` = none" in f.remediation["en"]


def test_a_failure_names_the_elements_it_concerns():
    b, ids = compliant()
    b.paper_copy(ids["state_doc"])
    f = finding(b, "O3-C3")
    assert f.verdict == "fail"
    assert f.remediation["en"].startswith(f.remedy["en"])
    assert "concerns “House registration”, “Paper copy”" in f.remediation["en"]
    assert "เกี่ยวข้องกับ" in f.remediation["th"]


def test_a_criterion_on_a_secondary_source_is_flagged():
    b, _ = compliant(copy_fee_thb=20)
    f = finding(b, "O3-C5")
    assert f.verdict == "warn"
    assert f.caveats == [
        {
            "th": "เกณฑ์นี้อาศัยแหล่งข้อมูลทุติยภูมิ: ตรวจสอบก่อนบันทึกว่าไม่เป็นไปตามกฎหมาย",
            "en": "this criterion rests on a secondary source: verify before recording a breach",
        }
    ]
    assert finding(b, "O3-C1").caveats == []


def test_a_platform_fact_the_catalog_marks_uncertain_is_flagged():
    b, _ = compliant(required_ial="3")  # ThaID's IAL in the catalog is not confirmed by a primary source
    f = finding(b, "O5-C2")
    assert any("IAL" in c["en"].upper() and "ThaID" in c["en"] and "verify" in c["en"] for c in f.caveats), f.caveats


def test_a_verdict_resting_on_an_or_junction_says_so():
    b = ServiceModel()
    services = [b.service(name, fee_thb=100) for name in ("ขอใช้ที่สาธารณะ", "ขออนุญาตตั้งวางสิ่งของ")]
    junction = b.element("OrJunction", "Junction")
    b.serve("dga-epayment", junction)
    for svc in services:
        b.relate("Serving", junction, svc)
    f = finding(b, "O6-C1", services[0])
    assert f.verdict == "pass"
    assert f.caveats and "Or junction" in f.caveats[0]["en"] and "one of its alternatives" in f.caveats[0]["en"]


def test_every_finding_names_the_accountable_unit_in_json_and_csv(tmp_path):
    b, ids = compliant()
    b.model.element(ids["owner"]).name = {"th": "สำนักงานเขตบางรัก", "en": "Bang Rak District Office"}
    path = tmp_path / "m.xml"
    write_model(b.model, path)
    runner = CliRunner()
    result = runner.invoke(
        main, ["check", str(path), "--format", "json", "--fail-on", "never", "--as-of", "2025-09-01"]
    )
    findings = json.loads(result.output)["findings"]
    assert findings and {f["accountable"][0] for f in findings} == {ids["owner"]}
    assert {f["accountable_name"] for f in findings} == {"Bang Rak District Office"}
    assert {f["accountable_name_th"] for f in findings} == {"สำนักงานเขตบางรัก"}
    csv_out = runner.invoke(main, ["check", str(path), "--format", "csv", "--fail-on", "never"]).output
    header, first = csv_out.splitlines()[:2]
    assert "accountable" in header.split(",") and "Bang Rak District Office" in first


def advice_of(b: ServiceModel) -> list[tuple[str, str]]:
    return [(a.rule, a.id) for a in check_model(b.model, catalog=DGA, today=TODAY).advice]


def test_drawings_the_checks_cannot_read_get_advice_on_how_to_draw_them():
    b = ServiceModel()
    s = b.service("ขอหนังสือรับรอง", fee_thb=0)
    p = b.process(s)
    doc = b.element("BusinessObject", "สำเนาทะเบียนบ้าน")
    untyped = b.relate("Access", p, doc)  # no accessType: neither read nor written, for the checks
    role = b.element("BusinessRole", "เจ้าหน้าที่ทะเบียน")
    b.relate("Assignment", role, s)
    junction = b.element("OrJunction", "Junction")
    b.serve("thaid", junction)  # and nothing leaves the junction
    app = b.application("ระบบชำระเงินเขต", platform="no-such-platform")
    b.relate("Serving", app, p)
    advice = advice_of(b)
    assert advice == sorted(advice)
    assert ("dga-access-without-type", untyped) in advice
    assert ("dga-owner-is-a-role", role) in advice
    assert ("dga-junction-leads-nowhere", junction) in advice
    assert ("dga-unknown-platform-id", app) in advice
    messages = {a.rule: a.message for a in check_model(b.model, catalog=DGA, today=TODAY).advice}
    assert "set accessType Read" in messages["dga-access-without-type"]
    assert "draw the relationships out of the junction" in messages["dga-junction-leads-nowhere"]


def test_a_model_drawn_by_the_conventions_gets_no_advice():
    b, _ = compliant()
    assert advice_of(b) == []


def test_advice_is_in_the_json_and_the_text(tmp_path):
    b = ServiceModel()
    s = b.service("ขอหนังสือรับรอง", fee_thb=0)
    b.relate("Access", b.process(s), b.element("BusinessObject", "แบบคำขอ"))
    path = tmp_path / "m.xml"
    write_model(b.model, path)
    runner = CliRunner()
    report = json.loads(runner.invoke(main, ["check", str(path), "--format", "json", "--fail-on", "never"]).output)
    assert [a["rule"] for a in report["advice"]] == ["dga-access-without-type"]
    text = runner.invoke(main, ["check", str(path), "--fail-on", "never"]).output
    assert "ADVICE dga-access-without-type" in text


def test_the_scorecard_legend_says_what_unknown_and_an_o7_pass_mean():
    text = CliRunner().invoke(main, ["check", "--fail-on", "never"]).output
    assert "its unknown still makes the outcome unknown" in text
    assert "O7 pass: no digital channel costs the citizen more than the counter" in text
    thai = CliRunner().invoke(main, ["check", "--fail-on", "never", "--lang", "th"]).output
    assert "ไม่ได้หมายความว่าค่าธรรมเนียมลดลง" in thai
    only_o3 = CliRunner().invoke(main, ["check", "--goal", "O3", "--fail-on", "never"]).output
    assert "O7 pass" not in only_o3


def test_the_scorecard_per_accountable_unit(tmp_path):
    b = ServiceModel()
    district = b.element("BusinessActor", "Bang Rak District Office", "สำนักงานเขตบางรัก", agency="BMA")
    for name in ("ขอเลขที่บ้าน", "แจ้งรื้อถอนอาคาร"):
        b.relate("Assignment", district, b.service(name, fee_thb=0))
    b.service("ไม่มีเจ้าของ", fee_thb=0)
    result = check_model(b.model, catalog=DGA, today=TODAY)
    units = {e["unit"]: e for e in result.scorecard_by_unit()}
    assert sorted(units) == [district, "unassigned"]
    assert len(units[district]["services"]) == 2 and len(units["unassigned"]["services"]) == 1
    assert sum(units[district]["scorecard"]["O1"].values()) == 2
    path = tmp_path / "m.xml"
    write_model(b.model, path)
    text = CliRunner().invoke(main, ["check", str(path), "--by-unit", "--lang", "th", "--fail-on", "never"]).output
    assert "■ สำนักงานเขตบางรัก" in text and "2 บริการประชาชน" in text
    report = json.loads(CliRunner().invoke(main, ["check", str(path), "--format", "json", "--fail-on", "never"]).output)
    assert [e["unit"] for e in report["by_unit"]] == [district, "unassigned"]
    assert report["by_unit"][0]["name"] == "Bang Rak District Office"
