"""Strategy traceability (convention 10): services → BMA strategies → National Strategy pillars."""

from __future__ import annotations

from _analysis_models import Builder, permit_model

from catalog.dga import load_dga_catalog
from catalog.strategies import strategy_kinds
from ea_model.traceability import classify_strategies, render_trace_text, strategy_goals, trace

DGA = load_dga_catalog()  # the bundled DGA catalog, which the engine takes as an argument


def _strategy_model() -> Builder:
    b = Builder(permit_model())
    m = b.model
    b.el("svc2", "BusinessService", "Waste fee", "ค่าธรรมเนียมมูลฝอย")
    b.el("svc3", "BusinessService", "Street vending licence", "ใบอนุญาตจำหน่ายสินค้าในที่สาธารณะ")
    b.rel("r-svc2-citizen", "Serving", "svc2", "citizen")
    b.rel("r-svc3-citizen", "Serving", "svc3", "citizen")
    b.el("outcome", "Outcome", "Cleaner streets", "ถนนสะอาด")
    b.el("env", "Goal", "Good environment", "สิ่งแวดล้อมดี", strategy="B9-4")
    b.el("eco", "Goal", "Eco-Friendly Development", "ยุทธศาสตร์ชาติด้านสิ่งแวดล้อม", strategy="NS-5")
    b.el("safety", "Goal", "Good safety", "ปลอดภัยดี", strategy="B9-2")  # nothing behind it, tied to no pillar
    b.rel("r-svc2-outcome", "Realization", "svc2", "outcome")
    b.rel("r-outcome-env", "Influence", "outcome", "env")
    b.rel("r-env-eco", "Influence", "env", "eco")
    assert m
    return b


def test_each_service_is_traced_to_its_strategies_and_pillars():
    m = _strategy_model().model
    result = trace(m, catalog=DGA, strategy_kinds=strategy_kinds())
    by_service = {s.service: s for s in result.services}
    assert set(by_service) == {"svc", "svc2", "svc3"}  # citizen services only
    (link,) = by_service["svc"].links
    assert (link.goal, link.kind, link.path, link.national) == ("goal", "bma", ["svc", "goal"], ["pillar"])
    (link,) = by_service["svc2"].links
    assert link.path == ["svc2", "outcome", "env"] and link.national == ["eco"]
    assert result.unlinked_services == ["svc3"]
    assert set(result.strategies_without_services) == {"safety"}
    assert result.bma_strategies_without_pillar == ["safety"]


def test_all_services_includes_internal_ones():
    result = trace(_strategy_model().model, all_services=True, catalog=DGA, strategy_kinds=strategy_kinds())
    internal = next(s for s in result.services if s.service == "internal")
    assert not internal.citizen and not internal.linked


def test_strategy_kinds_come_from_the_catalog_then_from_the_structure():
    b = _strategy_model()
    b.el("local", "Goal", "District plan", strategy="DIST-1")  # unknown to the catalog
    b.el("national-x", "Goal", "Some national goal", strategy="NX-9")
    b.rel("r-local", "Influence", "local", "national-x")
    m = b.model
    goals = strategy_goals(m)
    kinds = classify_strategies(m, goals, strategy_kinds())
    assert kinds["goal"] == "bma" and kinds["pillar"] == "national"  # B9-9 and NS-6 from the catalog
    assert kinds["eco"] == "national" and kinds["safety"] == "bma"
    assert kinds["local"] == "bma" and kinds["national-x"] == "national"  # read from the Influence


def test_a_service_realizing_a_pillar_directly_is_shown_as_such():
    b = _strategy_model()
    b.rel("r-direct", "Realization", "svc3", "eco")
    result = trace(b.model, catalog=DGA, strategy_kinds=strategy_kinds())
    (link,) = next(s for s in result.services if s.service == "svc3").links
    assert link.kind == "national"
    assert "directly, not through a BMA strategy" in render_trace_text(result, b.model)


def test_json_and_text():
    m = _strategy_model().model
    result = trace(m, catalog=DGA, strategy_kinds=strategy_kinds())
    data = result.as_json(m)
    svc = next(s for s in data["services"] if s["id"] == "svc")
    assert svc["strategies"][0]["strategy"] == "B9-9"
    assert svc["strategies"][0]["national"][0]["strategy"] == "NS-6"
    assert data["unlinked_services"] == ["svc3"]
    assert [g["strategy"] for g in data["strategies_without_services"]] == ["B9-2"]
    assert [g["strategy"] for g in data["bma_strategies_without_national"]] == ["B9-2"]
    text = render_trace_text(result, m, "th")
    assert "→ B9-4 สิ่งแวดล้อมดี  (through ถนนสะอาด)" in text
    assert "      → NS-5 ยุทธศาสตร์ชาติด้านสิ่งแวดล้อม" in text
    assert "Services with no strategic link: 1\n  ใบอนุญาตจำหน่ายสินค้าในที่สาธารณะ  [svc3]" in text


def test_bundled_model_services_trace_to_the_national_strategy():
    from catalog.bma_model import build_bma_model

    m = build_bma_model()
    result = trace(m, catalog=DGA, strategy_kinds=strategy_kinds())
    assert result.services and len(result.bma_strategies) == 9 and len(result.national_pillars) == 6
    linked = [s for s in result.services if s.linked]
    assert linked and all(link.national for s in linked for link in s.links if link.kind == "bma")
