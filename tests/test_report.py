"""The governance report (`exporters.report.write_report`, `ea report`): what the site contains, that its
numbers are the DGA check's, that every link inside it lands, that model names stay text, that it asks
nothing of the network, and the errors a user can meet. What a browser shows: test_report_browser.py."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from click.testing import CliRunner
from compliance_builder import ServiceModel
from conftest import EXAMPLES
from lxml import etree

from catalog import bundled_model_path
from catalog.dga import load_dga_catalog
from cli import main
from ea_model import EaError, Model
from ea_model.compliance import check_model
from exporters import read_model, write_model
from exporters.report import write_report
from exporters.report.data import collect, pick_plateaus
from exporters.report.index import unique_slugs
from exporters.report.org import ALL_DISTRICTS
from exporters.report.svg import inline_svg
from exporters.xmlsafe import safe_parser

DGA = load_dga_catalog()  # the bundled DGA catalog, which the engine takes as an argument

EVIL = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">&amp;'


@pytest.fixture(autouse=True, scope="module")
def graphviz_installed():
    if shutil.which("dot") is None:
        pytest.fail("Graphviz `dot` is not installed: install the graphviz package (scripts/install.sh does)")


# ---- a small model: three services, two plateaus, departments, district offices, strategies -----------


def report_model(evil: str | None = None) -> Model:
    """Three citizen services of the BMA, modelled by the conventions (docs/modeling-conventions.md).

    - building permit: the district offices and the Building Control Division; paper copies today, the
      DOPA record through GDX and a web channel in the target; realizes the BMA strategy B9-7;
    - street vending: the Phra Nakhon district office alone;
    - tree cutting: the Building Control Division; a new service in the target only.
    With `evil`, that text is the permit's name (Thai and English) and a unit's, to test escaping.
    """
    b = ServiceModel()
    m = b.model
    root = b.agency("BMA")
    pwd, bcd = b.agency("BMA-PWD"), b.agency("BMA-PWD-BCD")
    offices, nakhon, bangrak = b.agency("BMA-DISTRICTS"), b.agency("BMA-DISTRICT-1001"), b.agency("BMA-DISTRICT-1004")
    for parent, child in ((root, pwd), (pwd, bcd), (root, offices), (offices, nakhon), (offices, bangrak)):
        b.relate("Composition", parent, child)
    m.element(nakhon).name.update({"th": "สำนักงานเขตพระนคร", "en": "Phra Nakhon District Office"})

    baseline = b.element("Plateau", "Baseline", "ปัจจุบัน")
    target = b.element("Plateau", "Target", "เป้าหมาย")
    b.relate("Triggering", baseline, target)
    wp = b.element("WorkPackage", "No copies", "ไม่ใช้สำเนา")
    b.relate("Realization", wp, target)

    permit = b.service("Building permit", fee_thb=100, fee_legal_basis="Ministerial Regulation No. 7")
    m.element(permit).name.update({"th": "ขออนุญาตก่อสร้างอาคาร"})
    b.owner(permit, "BMA-DISTRICTS")
    b.owner(permit, "BMA-PWD-BCD")
    proc = b.process(permit, requires_presence="true")
    b.counter(permit)
    house = b.document(proc, issuer="DOPA", en="House registration")
    copy = b.paper_copy(house)
    record = b.digital_path(house, proc, platform_id="gdx", agreement_ref="MOU-BORA-2566-012")
    web = b.channel(permit, "web")
    for ref in (copy,):
        b.relate("Aggregation", baseline, ref)
    for ref in (record, web):
        b.relate("Aggregation", target, ref)

    vending = b.service("Street vending", fee_thb=0)
    b.owner(vending, "BMA-DISTRICT-1001")
    b.process(vending)
    b.counter(vending)

    trees = b.service("Tree cutting", digital_exclusion_reason="physical")
    b.owner(trees, "BMA-PWD-BCD")
    b.relate("Aggregation", target, trees)

    bma_goal = b.element("Goal", "Good economy", "เศรษฐกิจดี", strategy="B9-7")
    pillar = b.element("Goal", "Competitiveness", "การสร้างความสามารถในการแข่งขัน", strategy="NS-2")
    b.relate("Realization", permit, bma_goal)
    b.relate("Influence", bma_goal, pillar)
    b.application("BMA OSS")
    if evil is not None:
        m.element(permit).name.update({"th": evil, "en": evil})
        m.element(bcd).name.update({"th": evil, "en": evil})
        m.set_property(m.element(permit), "fee_note", evil)
    m.source = "report-test.xml"
    return m


def ids(model: Model) -> dict[str, str]:
    """Service names -> ids in `report_model`."""
    return {s.name.get("en"): s.id for s in model.elements(type="BusinessService")}


@pytest.fixture(scope="module")
def small_report(tmp_path_factory) -> tuple[Model, Path]:
    model = report_model()
    out = tmp_path_factory.mktemp("small") / "nested" / "report"
    index = write_report(model, out)
    assert index == out / "index.html"
    return model, out


def page(path: Path):
    return lxml.html.fromstring(path.read_text(encoding="utf-8"))


def scorecard(doc, side: str) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for cell in doc.xpath(f'//table[@data-scorecard="{side}"]//td[@data-goal and @data-verdict]'):
        out.setdefault(cell.get("data-goal"), {})[cell.get("data-verdict")] = int(cell.text_content().strip())
    return out


# ---- what the site contains ----------------------------------------------------------------------------


def test_the_site_has_every_page(small_report):
    model, out = small_report
    printed = page(out / "print.html").xpath("//div[@class='print-service']/article/@data-service")
    assert sorted(printed) == sorted(ids(model).values())
    files = {p.name for p in out.glob("*.html")}
    services = {f"service-{s}.html" for s in ids(model).values()}
    assert services <= files
    assert {"index.html", "services.html", "gap.html", "landscape.html", "strategy.html", "print.html"} <= files
    assert {"elements-business.html", "elements-application.html", "elements-motivation.html"} <= files
    assert (out / "assets" / "report.css").is_file() and (out / "assets" / "report.js").is_file()
    # no half-written files left behind by the atomic writes
    assert not [p for p in out.rglob(".*.tmp")]


def test_scorecards_are_the_dga_check_per_plateau(small_report):
    model, out = small_report
    doc = page(out / "index.html")
    for side, plateau in (("today", "Baseline"), ("planned", "Target")):
        expected = check_model(model, plateau=plateau, catalog=DGA).scorecard()
        assert scorecard(doc, side) == expected, side
    # the target brings the digital path: O3 (no copies) fails today and passes as planned for the permit
    today = check_model(model, plateau="Baseline", catalog=DGA)
    planned = check_model(model, plateau="Target", catalog=DGA)
    permit = ids(model)["Building permit"]
    assert today.goal_verdict(permit, "O3") == "fail" and planned.goal_verdict(permit, "O3") == "pass"
    closed = doc.xpath('//table[@data-scorecard="planned"]//tr[@data-goal="O3"]/td[@data-delta="closed"]')
    assert closed[0].text_content().strip() == "1"


def test_worst_gaps_come_first(small_report):
    model, out = small_report
    result = check_model(model, plateau="Baseline", catalog=DGA)
    listed = page(out / "index.html").xpath('//ol[@class="worst-list"]/li/@data-service')

    def rank(sid):
        verdicts = [result.goal_verdict(sid, g) for g in result.goals]
        return tuple(verdicts.count(v) for v in ("fail", "warn", "unknown"))

    assert listed and [rank(s) for s in listed] == sorted((rank(s) for s in listed), reverse=True)
    assert set(listed) == {s.id for s in result.services if any(rank(s.id))}


def test_service_page_has_verdicts_findings_evidence_remedies_and_links(small_report):
    model, out = small_report
    permit = ids(model)["Building permit"]
    doc = page(out / f"service-{permit}.html")
    today = check_model(model, plateau="Baseline", catalog=DGA)
    planned = check_model(model, plateau="Target", catalog=DGA)
    for row in doc.xpath('//table[@class="verdict-table"]//tr[@data-goal]'):
        goal = row.get("data-goal")
        cells = {td.get("data-side"): td.xpath(".//span/@data-verdict") for td in row.xpath("td")}
        assert cells["today"] == [today.goal_verdict(permit, goal)]
        assert cells["planned"] == [planned.goal_verdict(permit, goal)]
    criteria = doc.xpath("//table[@class='finding-table']//tr/@data-criterion")
    assert set(criteria) == {f.criterion for f in today.findings_for(permit)} | {
        f.criterion for f in planned.findings_for(permit)
    }
    failing = next(f for f in today.findings_for(permit) if f.verdict == "fail")
    row = doc.xpath(f"//tr[@data-criterion='{failing.criterion}']")[0]
    assert failing.remediation["en"] in row.xpath("string(.//td[@class='remedy'])")
    hrefs = row.xpath(".//td[@class='evidence']//a/@href")
    assert [unquote(h.split("#")[1]) for h in hrefs] == failing.evidence
    # today's diagram and the planned one, inline, the service's node linked to the element index
    figures = doc.xpath("//figure[@class='diagram']")
    assert len(figures) == 2
    node = figures[0].xpath(f".//*[local-name()='g'][@data-ref='{permit}']")
    assert node and node[0].xpath(".//*[local-name()='a']/@href")[0] == f"elements-business.html#{permit}"
    # the strategic link: the permit realizes B9-7, which influences the National Strategy pillar
    links = doc.xpath("//ul[@class='strategy-links']/li")
    assert len(links) == 1 and "เศรษฐกิจดี" in links[0].text_content() and "Competitiveness" in links[0].text_content()
    assert "Ministerial Regulation No. 7" in doc.text_content()


def test_departments_and_districts_for_the_filter(small_report):
    model, out = small_report
    doc = page(out / "services.html")
    island = json.loads(doc.xpath("//script[@id='services-data']")[0].text)
    by_id = {s["id"]: s for s in island["services"]}
    actor = {a.get("en") or a.get(""): a_id for a_id, a in ((e.id, e.name) for e in model.elements("BusinessActor"))}
    permit, vending = ids(model)["Building permit"], ids(model)["Street vending"]
    # the Building Control Division rolls up to the Public Works Department; the district offices as a whole
    # deliver at every district office
    assert set(by_id[permit]["departments"]) == {actor["BMA-PWD"], actor["BMA-DISTRICTS"]}
    assert by_id[permit]["districts"] == [ALL_DISTRICTS]
    assert by_id[vending]["districts"] == [actor["Phra Nakhon District Office"]]
    assert by_id[vending]["departments"] == [actor["BMA-DISTRICTS"]]
    # the tree-cutting service only exists in the target: no verdicts today
    trees = by_id[ids(model)["Tree cutting"]]
    assert set(trees["verdicts"]) == {"planned"}
    options = doc.xpath("//select[@name='district']/option/@value")
    assert options == ["", ALL_DISTRICTS, actor["Phra Nakhon District Office"], actor["BMA-DISTRICT-1004"]]
    assert doc.xpath("//select[@name='side']/option/@value") == ["today", "planned"]


def test_gap_page_shows_the_matrix_and_the_delta(small_report):
    model, out = small_report
    doc = page(out / "gap.html")
    o3 = doc.xpath("//table[@id='delta-outcomes']//tr[@data-goal='O3']")[0]
    assert o3.xpath("string(td[contains(@class, 'delta-closed')])") == "1"
    business = doc.xpath("//table[@id='gap-summary']//tr[@data-layer='Business']")[0]
    counts = {td.get("data-kind"): int(td.text_content()) for td in business.xpath("td")}
    assert counts["new"] == 1 and counts["eliminated"] == 1  # the tree-cutting service; the paper copy
    assert "Tree cutting" in doc.xpath("string(//ul[contains(@class, 'gap-new')])")


def test_every_link_inside_the_site_lands(small_report):
    _, out = small_report
    anchors: dict[str, set[str]] = {}
    links: list[tuple[str, str]] = []
    for path in out.glob("*.html"):
        doc = page(path)
        anchors[path.name] = set(doc.xpath("//@id"))
        for el in doc.xpath("//*[@href or @src]"):
            links.append((path.name, el.get("href") or el.get("src")))
    for svg in out.glob("diagrams/*.svg"):  # the full-size files link one folder up
        tree = etree.parse(str(svg), safe_parser())
        for href in tree.xpath("//@href"):
            assert href.startswith("../elements-"), f"{svg.name}: {href}"
            links.append((svg.name, href[3:]))
    assert len(links) > 100
    for origin, url in links:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, f"{origin}: {url} leaves the report"
        target = parts.path or origin
        assert (out / unquote(target)).is_file(), f"{origin}: {url}: no such file"
        if parts.fragment and target.endswith(".html") and "=" not in parts.fragment:
            assert unquote(parts.fragment) in anchors[target], f"{origin}: {url}: no such anchor"


def test_pages_are_self_contained_and_offline(small_report):
    _, out = small_report
    for path in out.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        doc = lxml.html.fromstring(text)
        csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert csp and "default-src 'none'" in csp[0] and "connect-src 'none'" in csp[0], path.name
        assert not re.search(r"(?:src|href)=\"(?:https?:)?//", text), path.name
        assert "@import" not in text and "fonts.googleapis" not in text
        scripts = doc.xpath("//script")
        assert [s.get("src") for s in scripts if s.get("src")] == ["assets/report.js"], path.name
        assert all(s.get("type") == "application/json" for s in scripts if not s.get("src")), path.name
    css = (out / "assets" / "report.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@font-face" not in css and "print-color-adjust: exact" in css


# ---- names are text, never markup ----------------------------------------------------------------------


def test_a_name_with_markup_stays_text_everywhere(tmp_path):
    model = report_model(evil=EVIL)
    write_report(model, tmp_path)
    permit = ids(model)[EVIL]
    for path in [*tmp_path.glob("*.html"), *tmp_path.glob("diagrams/*.svg")]:
        text = path.read_text(encoding="utf-8")
        assert "<script>window" not in text and "<img src=x" not in text, path.name
        if path.suffix == ".html":
            doc = lxml.html.fromstring(text)
            assert not doc.xpath("//*[@onerror or @onclick or @onload]"), path.name
            assert not doc.xpath("//img[@src='x']"), path.name
    service = (tmp_path / f"service-{permit}.html").read_text(encoding="utf-8")
    doc = lxml.html.fromstring(service)
    assert EVIL in doc.xpath("string(//h1)")  # shown as the text it is
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in service
    svg_text = "".join(doc.xpath("//figure//*[local-name()='text']/text()"))
    assert "<script>window.__pwned=1" in svg_text  # in the diagram, as text
    island = (tmp_path / "services.html").read_text(encoding="utf-8")
    raw = re.search(r'<script type="application/json" id="services-data">(.*?)</script>', island, re.S).group(1)
    assert "<" not in raw and "\\u003cscript\\u003e" in raw
    assert any(s["name_en"] == EVIL for s in json.loads(raw)["services"])


def test_inline_svg_keeps_drawing_and_drops_everything_else():
    hostile = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100pt" height="50pt"
     viewBox="0 0 100 50" onload="alert(1)">
  <script>alert(2)</script>
  <defs><linearGradient id="g1"><stop offset="0"/></linearGradient></defs>
  <g id="id-a" class="node"><title>a</title><a xlink:href="javascript:alert(3)" xlink:title="A">
    <rect fill="url(#g1)" width="10" height="10"/><text>&lt;b&gt;A</text></a></g>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>
  <image href="http://example.com/x.png"/>
</svg>"""
    out = inline_svg(hostile, "p-", lambda ref: f"elements.html#{ref}")
    assert "script" not in out and "alert" not in out and "foreignObject" not in out and "example.com" not in out
    assert 'id="p-id-a"' in out and 'data-ref="id-a"' in out and 'href="elements.html#id-a"' in out
    assert 'fill="url(#p-g1)"' in out and "&lt;b&gt;A" in out
    assert 'width="133"' in out and "height=" not in out.split(">")[0]
    with pytest.raises(EaError, match="cannot read"):
        inline_svg(b"<svg", "p-", lambda ref: None)


# ---- other models ----------------------------------------------------------------------------------------


def test_a_model_without_plateaus_has_one_state_and_no_gap_page(tmp_path):
    b = ServiceModel()
    svc = b.service("Dog registration")
    b.owner(svc, "BMA-HEA")
    b.process(svc)
    write_report(b.model, tmp_path)
    assert not (tmp_path / "gap.html").exists()
    doc = page(tmp_path / "index.html")
    assert doc.xpath("//table/@data-scorecard") == ["today"]
    assert scorecard(doc, "today") == check_model(b.model, catalog=DGA).scorecard()
    assert not doc.xpath("//a[@href='gap.html']")


def test_a_model_without_citizen_services_still_reports(tmp_path):
    m = Model()
    from ea_model import Element

    m.add_element(Element(id="id-app", type="ApplicationComponent", name={"en": "Payroll"}))
    write_report(m, tmp_path)
    doc = page(tmp_path / "index.html")
    assert "No citizen-facing service" in doc.text_content()
    assert (tmp_path / "elements-application.html").is_file()


def test_a_real_exchange_file_from_archi(tmp_path):
    model = read_model(EXAMPLES / "archi_Sample1.xml")
    index = write_report(model, tmp_path)
    doc = page(index)
    assert int(doc.xpath("string(//*[@data-count='elements'])")) == model.counts()["elements"]
    entries = sum(len(page(p).xpath("//section[@class='entry']")) for p in tmp_path.glob("elements-*.html"))
    assert entries == model.counts()["elements"]


def test_bundled_model_numbers(tmp_path):
    """The analyses behind the report on the BMA model (the site itself is opened in a browser in
    test_report_browser.py)."""
    model = read_model(bundled_model_path())
    data = collect(model)
    assert [s.plateau.id for s in data.sides] == ["id-plateau-baseline", "id-plateau-target"]
    assert len(data.services) == 33 and len(data.districts) == 50
    for side in data.sides:
        card = {row["goal"]: row["counts"] for row in data.scorecard(side)}
        assert card == check_model(model, plateau=side.plateau.id, catalog=DGA).scorecard()
    assert data.delta["outcomes"]["O3"]["closed"] == 17
    permit = next(s for s in data.services if s.id == "id-svc-bldg-permit")
    assert {d.id for d in permit.departments} == {"id-actor-bma-pwd", "id-actor-bma-districts"}


def test_a_landscape_too_large_to_draw_points_to_ea_diagram(tmp_path, monkeypatch):
    import exporters.report.figures as plan

    monkeypatch.setattr(plan, "LANDSCAPE_LIMIT", 0)
    write_report(report_model(), tmp_path)
    doc = page(tmp_path / "landscape.html")
    assert "ea diagram MODEL --landscape" in doc.text_content() and not doc.xpath("//figure")
    assert not list(tmp_path.glob("diagrams/landscape-*")) and page(tmp_path / "strategy.html").xpath("//figure")


# ---- choosing the plateaus -------------------------------------------------------------------------------


def test_plateaus_come_from_the_migration_plan():
    model = report_model()
    b, t = pick_plateaus(model)
    assert (b.name["en"], t.name["en"]) == ("Baseline", "Target")
    b, t = pick_plateaus(model, baseline="Target", target="Baseline")  # named: as asked
    assert (b.name["en"], t.name["en"]) == ("Target", "Baseline")
    b, t = pick_plateaus(model, target="Baseline")  # one named: the other is the other plateau
    assert (b.name["en"], t.name["en"]) == ("Target", "Baseline")
    with pytest.raises(EaError, match="same plateau"):
        pick_plateaus(model, baseline="Target", target="Target")
    with pytest.raises(EaError, match="no plateau 'Future'"):
        pick_plateaus(model, target="Future")
    assert pick_plateaus(ServiceModel().model) is None


def test_unique_slugs_survive_case_insensitive_file_systems():
    slugs = unique_slugs(["id-A", "id-a", "id-ก", "id a"])
    assert len(set(slugs.values())) == 4
    assert all(re.fullmatch(r"[a-z0-9._~-]+", s) for s in slugs.values())


# ---- errors and writes -----------------------------------------------------------------------------------


def test_output_folder_that_is_a_file_is_a_one_line_error(tmp_path):
    blocker = tmp_path / "report"
    blocker.write_text("not a folder")
    with pytest.raises(EaError) as err:
        write_report(report_model(), blocker)
    assert "\n" not in str(err.value) and "report" in str(err.value)
    with pytest.raises(EaError, match="language"):
        write_report(report_model(), tmp_path / "x", lang="fr")


def test_a_failed_run_leaves_the_previous_report_intact(small_report, tmp_path, monkeypatch):
    model, site = small_report
    shutil.copytree(site, tmp_path, dirs_exist_ok=True)
    before = (tmp_path / "index.html").read_bytes()
    import exporters.report.site as report

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report, "atomic_write_text", broken)
    with pytest.raises(OSError):
        write_report(model, tmp_path)
    assert (tmp_path / "index.html").read_bytes() == before
    assert not list(tmp_path.rglob(".*.tmp"))


def test_progress_is_reported_per_file(tmp_path):
    seen: list[tuple[int, int]] = []
    write_report(report_model(), tmp_path, progress=lambda done, total, path: seen.append((done, total)))
    assert [d for d, _ in seen] == list(range(1, len(seen) + 1))
    assert (
        seen[-1][0]
        == seen[-1][1]
        == len(list(tmp_path.glob("*.html")))
        + len(list(tmp_path.glob("*.csv")))
        + len(list(tmp_path.glob("diagrams/*")))
        + len(list(tmp_path.glob("assets/*")))
    )


# ---- the command ---------------------------------------------------------------------------------------


def test_cli_report_writes_the_site(tmp_path):
    source = tmp_path / "model.xml"
    write_model(report_model(), source)
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["report", str(source), "--out", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out / "index.html")
    doc = page(out / "index.html")  # English first
    assert doc.xpath("/html/@lang") == ["en"] and doc.xpath("//h1//span[@class='bi']/span[1]/@lang") == ["en"]
    result = CliRunner().invoke(main, ["report", str(source), "--out", str(out), "--format", "json"])
    assert json.loads(result.output)["index"] == str(out / "index.html")


def test_cli_report_errors_are_one_line(tmp_path):
    source = tmp_path / "model.xml"
    write_model(report_model(), source)
    runner = CliRunner()
    result = runner.invoke(main, ["report", str(source), "--out", str(tmp_path / "o"), "--target", "Future"])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert result.output.startswith("ea: error:") and "no plateau 'Future'" in result.output
    (tmp_path / "file").write_text("x")
    result = runner.invoke(main, ["report", str(source), "--out", str(tmp_path / "file")])
    assert result.exit_code == 2 and result.output.startswith("ea: error:")
    result = runner.invoke(main, ["report", str(tmp_path / "missing.xml"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "missing.xml" in result.output
    assert "--out" in runner.invoke(main, ["report", "--help"]).output


def test_every_page_title_is_plain_text(small_report):
    """The browser tab and bookmarks show the <title>: a page name, never markup or page content."""
    _, out = small_report
    for html in sorted(out.rglob("*.html")):
        title = page(html).findtext(".//title")
        assert title and "<" not in title and len(title) < 200, (html.name, title)


def test_the_report_shows_who_acts_what_to_record_what_to_verify_and_the_legend(tmp_path):
    b = ServiceModel()
    s = b.service("ขอใช้ที่สาธารณะ", fee_thb=100, copy_fee_thb=20)
    district = b.element("BusinessActor", "Bang Rak District Office", "สำนักงานเขตบางรัก", agency="BMA")
    b.relate("Assignment", district, s)
    b.process(s)
    b.relate("Access", b.process(s), b.element("BusinessObject", "แบบคำขอ"))  # no accessType: advice
    index = write_report(b.model, tmp_path / "site")
    page = lxml.html.parse(str(index))
    assert "สำนักงานเขตบางรัก" in page.xpath("string(//ol[@class='worst-list'])")
    notes = [n.text_content() for n in page.xpath("//p[contains(@class, 'legend-note')]")]
    assert any("O7 pass" in n for n in notes) and any("unknown" in n for n in notes)
    assert page.xpath("//section[@class='advice']//li[@data-rule='dga-access-without-type']")
    service = lxml.html.parse(str(next((tmp_path / "site").glob("service-*.html"))))
    caveats = [c.text_content() for c in service.xpath("//tr[@data-criterion='O3-C5']//div[@class='caveat']")]
    assert caveats and "secondary source" in caveats[0]
    record = service.xpath("string(//tr[@data-criterion='O1-C7']//td[@class='remedy'])")
    assert "To record" in record and "last_reviewed" in record
