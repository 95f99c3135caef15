"""Technology lifecycle findings (end of support, --horizon, retired in the target), the portfolio (TIME,
consistency with the plan, the matrix) and decision records."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner

from cli import main
from ea_model import Element, Model, Relationship
from ea_model.governance.decisions import decision_findings, decisions_for
from ea_model.governance.lifecycle import add_months, lifecycle_findings
from ea_model.governance.portfolio import derive_time, portfolio_findings, portfolio_of
from ea_model.governance.registers import DecisionRecord, LifecycleEntry
from exporters.portfolio import generate_portfolio_svg


def small_model() -> Model:
    m = Model()
    for i, t in [
        ("srv", "Node"),
        ("ts", "TechnologyService"),
        ("app", "ApplicationComponent"),
        ("as", "ApplicationService"),
        ("proc", "BusinessProcess"),
        ("svc", "BusinessService"),
        ("citizen", "BusinessRole"),
        ("base", "Plateau"),
        ("tgt", "Plateau"),
    ]:
        m.add_element(Element(id=i, type=t, name={"en": i, "th": f"ไทย {i}"}))
    for rid, t, s, d in [
        ("r1", "Realization", "srv", "ts"),
        ("r2", "Serving", "ts", "app"),
        ("r3", "Realization", "app", "as"),
        ("r4", "Serving", "as", "proc"),
        ("r5", "Realization", "proc", "svc"),
        ("r6", "Serving", "svc", "citizen"),
        ("r7", "Triggering", "base", "tgt"),
    ]:
        m.add_relationship(Relationship(id=rid, type=t, source=s, target=d))
    m.set_property(m.element("citizen"), "party", "citizen")
    m.set_property(m.element("srv"), "lifecycle", "ws2012")
    return m


def entry(eos: str, status: str = "retired") -> LifecycleEntry:
    return LifecycleEntry(id="ws2012", product="Windows Server", version="2012 R2", status=status, end_of_support=eos)


def test_a_citizen_service_on_a_product_past_end_of_support_with_the_path():
    (finding,) = lifecycle_findings(small_model(), [entry("2023-10-10")], as_of=dt.date(2025, 1, 1))
    assert (finding.rule, finding.severity, finding.element) == ("lifecycle-end-of-support", "error", "svc")
    assert finding.path == ["srv", "ts", "app", "as", "proc", "svc"]


def test_the_horizon_reports_support_ending_and_the_boundary():
    m = small_model()
    assert lifecycle_findings(m, [entry("2025-06-01")], as_of=dt.date(2025, 1, 1)) == []
    (soon,) = lifecycle_findings(m, [entry("2025-06-01")], as_of=dt.date(2025, 1, 1), horizon_months=6)
    assert soon.rule == "lifecycle-support-ending" and "in 151 days" in soon.message
    on_the_day = lifecycle_findings(m, [entry("2025-01-01")], as_of=dt.date(2025, 1, 1))
    assert [f.rule for f in on_the_day] == ["lifecycle-support-ending"]  # the last day of support
    assert add_months(dt.date(2024, 12, 31), 2) == dt.date(2025, 2, 28)


def test_retired_in_target_and_unknown_entries():
    m = small_model()
    found = lifecycle_findings(m, [entry("2030-01-01")], as_of=dt.date(2025, 1, 1), target_plateau="tgt")
    assert [(f.rule, f.element) for f in found] == [("lifecycle-retired-in-target", "srv")]
    assert [f.rule for f in lifecycle_findings(m, [], as_of=dt.date(2025, 1, 1))] == ["lifecycle-unknown-entry"]


def test_the_bundled_check_reports_lifecycle_findings_and_the_horizon():
    args = ["check", "--format", "json", "--fail-on", "never", "--as-of", "2026-12-03"]
    now = json.loads(CliRunner().invoke(main, args).stdout)["governance"]["findings"]
    rules = {g["rule"] for g in now}
    assert {"lifecycle-end-of-support", "lifecycle-retired-in-target"} <= rules
    assert "lifecycle-support-ending" not in rules
    ahead = json.loads(CliRunner().invoke(main, [*args, "--horizon", "12m"]).stdout)["governance"]["findings"]
    assert any(g["rule"] == "lifecycle-support-ending" and g["path"] for g in ahead)
    out = CliRunner().invoke(main, ["check", "--horizon", "soon"])
    assert out.exit_code == 2 and "--horizon 'soon'" in out.stderr


def test_time_from_fits_and_consistency_with_the_plan():
    assert [derive_time(f, t) for f, t in [(4, 4), (4, 1), (1, 4), (1, 1)]] == [
        "invest",
        "migrate",
        "tolerate",
        "eliminate",
    ]
    m = small_model()
    m.set_property(m.element("app"), "functional_fit", "1")
    m.set_property(m.element("app"), "technical_fit", "2")
    (e,) = portfolio_of(m)
    assert (e.time, e.basis) == ("eliminate", "derived")
    (kept,) = portfolio_findings(m, baseline="base", target="tgt")
    assert kept.rule == "portfolio-eliminate-kept"
    m.set_property(m.element("app"), "time", "invest")
    m.add_relationship(Relationship(id="g", type="Aggregation", source="base", target="app"))  # only in the baseline
    assert [f.rule for f in portfolio_findings(m, baseline="base", target="tgt")] == ["portfolio-invest-dropped"]
    m.set_property(m.element("app"), "technical_fit", "7")
    assert "portfolio-invalid-fit" in {f.rule for f in portfolio_findings(m, baseline="base", target="tgt")}


def test_the_portfolio_matrix_has_a_bubble_per_application_with_thai_labels():
    m = small_model()
    m.set_property(m.element("app"), "functional_fit", "3")
    m.set_property(m.element("app"), "technical_fit", "4")
    svg = generate_portfolio_svg(portfolio_of(m), lang="th")
    assert svg.count("<circle") == 1 and "ไทย app" in svg and "ลงทุนเพิ่ม" in svg


def test_ea_portfolio_on_the_bundled_model(tmp_path):
    out = CliRunner().invoke(main, ["portfolio", "--format", "json", "--out", str(tmp_path / "m.svg")])
    data = json.loads(out.stdout)
    assert len(data["applications"]) >= 8 and {a["time"] for a in data["applications"]} >= {"invest", "migrate"}
    assert (tmp_path / "m.svg").read_text(encoding="utf-8").startswith("<svg")


def test_decision_records_unknown_ids_and_per_element():
    m = small_model()
    record = DecisionRecord(
        id="ADR-1",
        title="t",
        date="2025-01-01",
        status="accepted",
        elements=["app", "gone"],
        file="d.md",
        line=1,
        element_lines={"gone": 8},
    )
    (finding,) = decision_findings(m, [record])
    assert (finding.rule, finding.file, finding.line) == ("decision-unknown-element", "d.md", 8)
    assert decisions_for([record], "app") == [record] and decisions_for([record], "svc") == []
    out = CliRunner().invoke(main, ["decisions", "id-app-bma-oss", "--format", "json"])
    assert {d["id"] for d in json.loads(out.stdout)["decisions"]} >= {"ADR-0001", "ADR-0005"}
