"""The executive summary at the top of the report's overview and on the printed report's first page
(issue 20): its numbers are `ea check`'s, its heatmap cells are the verdicts, its worst gaps name the
accountable units, and the governance registers and the trend add their lines when they exist."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from compliance_builder import ServiceModel

from catalog import bundled_model_path
from catalog.dga import load_dga_catalog
from cli import main
from ea_cli.governance import report_registers
from ea_model import Model
from ea_model.compliance import check_model
from ea_model.plateaus import baseline_and_target
from ea_model.trend import Revision, Trend, TrendPoint
from exporters import read_model, write_model
from exporters.report import write_report
from exporters.report.data import SUMMARY_VERDICTS, collect
from exporters.report.governance import build_view

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")

DGA = load_dga_catalog()


def small_model() -> Model:
    """Two citizen services, no plateaus: a permit owned by the Public Works Department (paper copy,
    counter only) and a licence owned by a district office (web channel)."""
    b = ServiceModel()
    permit = b.service("Permit", fee_thb=100, fee_legal_basis="Regulation 7")
    b.owner(permit, "BMA-PWD")
    proc = b.process(permit, requires_presence="true")
    b.counter(permit)
    b.paper_copy(b.document(proc, issuer="DOPA", en="House registration"))
    licence = b.service("Licence")
    b.owner(licence, "BMA-DISTRICT-1001")
    b.process(licence)
    b.channel(licence, "web")
    return b.model


def page(path: Path):
    return lxml.html.fromstring(path.read_text(encoding="utf-8"))


def check_json(model_file: Path) -> dict:
    result = CliRunner().invoke(main, ["check", "--format", "json", str(model_file)])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def summary_counts(doc, side: str) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for row in doc.xpath('//table[@class="exec-outcomes"]/tbody/tr'):
        cells = row.xpath(f'td[@data-side="{side}"]')
        out[row.get("data-goal")] = {c.get("data-verdict"): int(c.text_content()) for c in cells}
    return out


def heatmap(doc) -> dict[tuple[str, str], str]:
    return {
        (cell.getparent().get("data-service"), cell.get("data-goal")): cell.get("data-verdict")
        for cell in doc.xpath('//table[@class="heatmap"]//td[@data-verdict]')
    }


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    model = read_model(bundled_model_path())
    out = tmp_path_factory.mktemp("summary-bundled")
    write_report(model, out, lang="en", jobs=2)
    return model, out


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    folder = tmp_path_factory.mktemp("summary-small")
    model_file = folder / "small.xml"
    write_model(small_model(), model_file)
    model = read_model(model_file)
    write_report(model, folder / "report", lang="en", jobs=2)
    return model, model_file, folder / "report"


def expected(summary: dict) -> dict[str, dict[str, int]]:
    return {g: {v: entry["services"][v] for v in SUMMARY_VERDICTS} for g, entry in summary["goals"].items()}


def test_the_summary_counts_are_ea_checks_for_the_baseline(bundled):
    model, out = bundled
    doc = page(out / "index.html")
    assert doc.xpath('//section[@class="exec-summary"]')  # at the top of the overview
    assert summary_counts(doc, "today") == expected(check_json(Path(bundled_model_path()))["summary"])
    target = baseline_and_target(model)[1]
    planned = check_model(model, catalog=DGA, plateau=target).summary()
    assert summary_counts(doc, "planned") == expected(planned)


def test_the_summary_counts_are_ea_checks_on_a_small_model(small):
    _, model_file, out = small
    doc = page(out / "index.html")
    assert summary_counts(doc, "today") == expected(check_json(model_file)["summary"])
    assert not doc.xpath('//td[@data-side="planned"]')  # no plateaus: today only


@pytest.mark.parametrize("which", ["bundled", "small"])
def test_each_heatmap_cell_is_the_services_goal_verdict(which, request):
    model, *_, out = request.getfixturevalue(which)
    plan = baseline_and_target(model)
    result = check_model(model, catalog=DGA, plateau=plan[0] if plan else None)
    cells = heatmap(page(out / "index.html"))
    want = {(s.id, g): result.goal_verdict(s.id, g) for s in result.services for g in result.goals}
    assert cells == want
    assert page(out / "print.html").xpath('count(//table[@class="heatmap"]//td[@data-verdict])') == len(want)


def test_heatmap_cells_carry_the_verdict_symbol_and_a_colour_class(bundled):
    symbols = {"fail": "✘", "warn": "!", "unknown": "?", "pass": "✔", "n/a": "–"}
    for cell in page(bundled[1] / "index.html").xpath('//table[@class="heatmap"]//td[@data-verdict]'):
        verdict = cell.get("data-verdict")
        assert cell.text_content() == symbols[verdict]
        assert f"v-{verdict.replace('/', '')}" in cell.get("class").split()


@pytest.mark.parametrize("which", ["bundled", "small"])
def test_the_ten_worst_name_their_accountable_units(which, request):
    model, *_, out = request.getfixturevalue(which)
    data = collect(model, catalog=DGA)
    doc = page(out / "index.html")
    items = doc.xpath('//section[@class="exec-summary"]//ol[@class="worst-list"]/li')
    assert [li.get("data-service") for li in items] == [s.id for s in data.worst()]
    assert 0 < len(items) <= 10
    for li, entry in zip(items, data.worst(), strict=True):
        assert [u.get("data-unit") for u in li.xpath(".//*[@data-unit]")] == [u.id for u in entry.owners]
        assert entry.owners, entry.id
    assert len(doc.xpath('//ol[@class="worst-list"]')) == 1  # one list, not a copy further down


def test_the_registers_add_expiring_waivers_and_the_lifecycle_count(tmp_path):
    model = read_model(bundled_model_path())
    as_of = dt.date(2027, 5, 1)  # W-2026-001 expires on 2027-06-30: 60 days later
    registers = report_registers(model, bundled_model_path(), as_of=as_of)
    write_report(model, tmp_path, lang="en", governance=registers, jobs=2, today=as_of)
    doc = page(tmp_path / "index.html")
    listed = {
        li.get("data-waiver"): int(li.get("data-days-left")) for li in doc.xpath('//ul[@class="expiring-waivers"]/li')
    }
    assert listed.get("W-2026-001") == 60 and all(0 <= d <= 90 for d in listed.values())
    view = build_view(collect(model, catalog=DGA, today=as_of), registers, "en")
    lifecycle = [f for f in view.findings if f.rule.startswith("lifecycle-")]
    assert lifecycle and doc.xpath('string(//*[@data-count="lifecycle"])') == str(len(lifecycle))


def test_without_registers_or_trend_the_summary_omits_them(small):
    doc = page(small[2] / "index.html")  # a file outside git, no governance folder
    assert not doc.xpath('//*[@class="exec-registers"]') and not doc.xpath('//*[@class="exec-change"]')


def test_what_changed_shows_the_trends_last_two_revisions(bundled):
    model, out = bundled
    trend = collect(model, catalog=DGA).trend
    if trend is None:
        pytest.skip("the bundled model's file has fewer than two revisions in git here")
    before, after = trend.points[-2], trend.points[-1]
    doc = page(out / "index.html")
    box = doc.xpath('//*[@class="exec-change"]')[0]
    assert (box.get("data-previous"), box.get("data-latest")) == (before.revision.short, after.revision.short)
    shown = {
        (row.get("data-goal"), cell.get("data-verdict")): int(cell.get("data-delta"))
        for row in box.xpath('.//table[@class="exec-delta"]/tbody/tr')
        for cell in row.xpath("td")
    }
    for (goal, verdict), delta in shown.items():
        assert delta == after.scorecard[goal][verdict] - before.scorecard[goal][verdict]
    changed = {g for g in trend.goals if any(after.scorecard[g][v] != before.scorecard[g][v] for v in SUMMARY_VERDICTS)}
    assert {goal for goal, _ in shown} == changed


def test_what_changed_is_the_scorecard_delta_of_the_last_two_revisions(small):
    data = collect(small[0], catalog=DGA)
    assert data.change_since_previous() is None  # no trend
    goals = data.goals
    base = {g: dict.fromkeys(("fail", "warn", "unknown", "pass", "n/a"), 1) for g in goals}
    later = {g: dict(base[g]) for g in goals}
    later[goals[0]].update({"fail": 0, "pass": 3})
    points = [
        TrendPoint(Revision(c * 40, f"2026-0{n + 1}-01"), 10, card)
        for n, (c, card) in enumerate((("a", base), ("b", base), ("c", later)))
    ]
    data.trend = Trend(goals, points)
    change = data.change_since_previous()
    assert change["previous"].short == "bbbbbbb" and change["latest"].short == "ccccccc"
    first, *rest = change["goals"]
    assert first["delta"] == {"fail": -1, "warn": 0, "unknown": 0, "pass": 2} and first["changed"]
    assert not any(g["changed"] for g in rest)
