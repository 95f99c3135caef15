"""The migration roadmap (`ea roadmap`, the report's Roadmap page): work packages with their dates,
the services whose gaps they close, and work packages without dates reported, not placed."""

from __future__ import annotations

import datetime as dt
import html
import json

import pytest
from click.testing import CliRunner
from compliance_builder import ServiceModel

from catalog import bundled_model_path, load_dga_catalog
from cli import main
from ea_model.gap.delta import compliance_delta
from ea_model.roadmap import render_roadmap_text, roadmap
from exporters import read_model
from exporters.diagrams.roadmap import roadmap_graph, write_roadmap

CATALOG = load_dga_catalog()


@pytest.fixture(scope="module")
def bma():
    return read_model(bundled_model_path())


def planned(dated: bool = True) -> tuple[ServiceModel, dict[str, str]]:
    """A service that gains a web channel in the target plateau, moved by one work package."""
    b = ServiceModel()
    svc = b.service("Permit")
    b.owner(svc)
    b.process(svc)
    base = b.element("Plateau", "Baseline", "ปัจจุบัน")
    target = b.element("Plateau", "Target", "เป้าหมาย")
    b.relate("Triggering", base, target)
    web = b.channel(svc, "web", component=b.application("BMA OSS", platform="bma-oss"))
    for rel in [*b.model.incoming(web, ("Serving", "Composition")), *b.model.outgoing(web, ("Serving",))]:
        b.relate("Aggregation", target, rel.id)
    b.relate("Aggregation", target, web)
    dates = {"start": "2025-01-01", "end": "2025-12-31"} if dated else {}
    wp = b.element("WorkPackage", "Go online", "ให้บริการออนไลน์", **dates)
    b.relate("Realization", wp, target)
    dlv = b.element("Deliverable", "Web form", "แบบฟอร์มออนไลน์")
    b.relate("Realization", wp, dlv)
    b.relate("Association", wp, svc)
    return b, {"svc": svc, "wp": wp, "dlv": dlv, "base": base, "target": target}


def test_bundled_roadmap_lists_every_work_package_with_dates(bma):
    plan = roadmap(bma, catalog=CATALOG)
    assert len(plan.work_packages) == 6 and plan.undated == []
    assert all(w.start < w.end for w in plan.work_packages)
    assert [w.start for w in plan.work_packages] == sorted(w.start for w in plan.work_packages)
    oss = next(w for w in plan.work_packages if w.id == "id-wp-wp-oss-rollout")
    assert oss.start == dt.date(2023, 5, 1)
    assert oss.plateaus == [plan.target] and oss.deliverables


def test_services_and_closed_gaps_come_from_the_compliance_delta(bma):
    plan = roadmap(bma, catalog=CATALOG)
    delta = compliance_delta(bma, bma, catalog=CATALOG, baseline_plateau=plan.baseline, target_plateau=plan.target)
    closed = {s["id"]: s["closed"] for s in delta["services"]}
    for wp in plan.work_packages:
        associated = {r.target for r in bma.outgoing(wp.id, {"Association"})}
        assert {s.id for s in wp.services} == associated
        for s in wp.services:
            assert s.closed == closed[s.id]
    assert any(s.closed for w in plan.work_packages for s in w.services)
    assert plan.closed_by_outcome == {g: o["closed"] for g, o in delta["outcomes"].items()}


def test_small_model_work_package_closes_the_services_gaps():
    b, ids = planned()
    plan = roadmap(b.model, catalog=CATALOG)
    (wp,) = plan.work_packages
    assert (wp.start, wp.end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert [s.id for s in wp.services] == [ids["svc"]]
    assert wp.deliverables[0][0] == ids["dlv"]
    assert (plan.baseline, plan.target) == (ids["base"], ids["target"])


def test_a_work_package_without_dates_is_reported_not_placed(tmp_path):
    b, ids = planned(dated=False)
    b.set(ids["wp"], end="31/12/2025")
    plan = roadmap(b.model, catalog=CATALOG)
    (wp,) = plan.undated
    assert wp.start is None and wp.end is None
    assert "no `start` date" in wp.problems and any("not a date" in p for p in wp.problems)
    assert "without dates" in render_roadmap_text(plan)
    assert "undated" in roadmap_graph(plan).source
    out = tmp_path / "rm.svg"
    write_roadmap(plan, out)
    assert "no start or end date" in out.read_text(encoding="utf-8")


def test_an_end_before_the_start_is_a_problem():
    b, ids = planned()
    b.set(ids["wp"], end="2024-01-01")
    (wp,) = roadmap(b.model, catalog=CATALOG).undated
    assert any("before start" in p for p in wp.problems)


@pytest.mark.parametrize("suffix", ["svg", "png", "pdf"])
def test_cli_draws_the_timeline(tmp_path, suffix):
    out = tmp_path / f"roadmap.{suffix}"
    result = CliRunner().invoke(main, ["roadmap", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data[:4] in (b"<?xm", b"<svg", b"\x89PNG", b"%PDF")
    if suffix == "svg":
        text = html.unescape(data.decode("utf-8"))
        assert "ขยาย BMA OSS" in text and "Roll BMA OSS out" in text and "2023-05-01" in text


def test_cli_json_and_text():
    runner = CliRunner()
    data = json.loads(runner.invoke(main, ["roadmap", "--format", "json"]).stdout)
    assert {w["id"] for w in data["work_packages"]} >= {"id-wp-wp-oss-rollout", "id-wp-wp-epayment"}
    assert all(w["start"] and w["end"] for w in data["work_packages"])
    text = runner.invoke(main, ["roadmap", "--lang", "en"]).stdout
    assert "2023-05-01 → 2025-12-31" in text


def test_report_has_the_roadmap_and_matrices_pages(tmp_path):
    from exporters.report import write_report

    b, _ = planned(dated=False)
    index = write_report(b.model, tmp_path)
    html = index.read_text(encoding="utf-8")
    assert 'href="roadmap.html"' in html and 'href="matrices.html"' in html
    page = (tmp_path / "roadmap.html").read_text(encoding="utf-8")
    assert "<svg" in page and "roadmap-undated" in page
    matrices = (tmp_path / "matrices.html").read_text(encoding="utf-8")
    for kind in ("services-outcomes", "departments-outcomes", "applications-services"):
        assert f'id="matrix-{kind}"' in matrices and f'href="matrix-{kind}.csv"' in matrices
        assert (tmp_path / f"matrix-{kind}.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert 'class="cell v-' in matrices  # colour class beside the symbol
