"""Governance review diagrams: what a service diagram contains (the traversal), how it looks (ArchiMate
notation, layer colours, verdict cells, Thai labels in the Loma font) read back from the SVG Graphviz
wrote, the other diagrams, rendering in every format, the CLI, and the speed on the BMA model."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import EXAMPLES
from lxml import etree

from catalog.dga import load_dga_catalog
from cli import main
from ea_model import EaError, Element, Model, Relationship, lang_string
from exporters import read_model, write_model
from exporters.diagrams import (
    Diagram,
    application_landscape,
    bma_strategy_ids,
    citizen_service_ids,
    render,
    render_all,
    require_dot,
    review_diagrams,
    review_verdicts,
    service_diagram,
    strategy_elements,
    strategy_map,
    view_diagram,
)
from exporters.diagrams.landscape import NATIONAL, UNASSIGNED, owning_group
from exporters.diagrams.notation import VERDICTS
from exporters.diagrams.scope import PLATFORMS_BAND, service_support
from exporters.xmlsafe import safe_parser

DGA = load_dga_catalog()  # the bundled DGA catalog, which the engine takes as an argument

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
YELLOW, BLUE, GREEN, LILAC = "#ffffb5", "#b5ffff", "#c9e7b7", "#ccccff"


@pytest.fixture(autouse=True, scope="module")
def graphviz_installed():
    """These tests need Graphviz and the Thai font; the set-up script installs both. Fail, never skip."""
    if shutil.which("dot") is None:
        pytest.fail("Graphviz `dot` is not installed: install the graphviz package (the set-up script does)")
    fonts = subprocess.run(["fc-list", ":family=Loma"], capture_output=True, text=True).stdout
    if "Loma" not in fonts:
        pytest.fail("the Thai font Loma is missing: install fonts-thai-tlwg (the set-up script does)")


# ---- a model built in code: one fully modelled citizen service (docs/modeling-conventions.md) --------


def build_service_model() -> Model:
    m = Model()

    def el(eid: str, etype: str, th: str, en: str, **props: str) -> None:
        element = Element(id=eid, type=etype, name=lang_string(th=th, en=en))
        m.add_element(element)
        for key, value in props.items():
            m.set_property(element, key, value)

    def rel(rid: str, rtype: str, source: str, target: str, **kw) -> None:
        m.add_relationship(Relationship(id=rid, type=rtype, source=source, target=target, **kw))

    el("id-citizen", "BusinessRole", "ประชาชน", "Citizen", party="citizen")
    el("id-svc", "BusinessService", "ขออนุญาตก่อสร้าง ดัดแปลง รื้อถอน หรือเคลื่อนย้ายอาคาร", "Building permit")
    el("id-svc2", "BusinessService", "รับชำระภาษีป้าย", "Signboard tax payment")
    el("id-internal", "BusinessService", "จัดซื้อจัดจ้าง", "Procurement")
    el("id-bma", "BusinessActor", "กรุงเทพมหานคร", "Bangkok Metropolitan Administration", agency="BMA")
    el("id-district", "BusinessActor", "สำนักงานเขตบางรัก", "Bang Rak District Office")
    el("id-works", "BusinessActor", "ฝ่ายโยธา", "Public Works Section")
    el("id-finance", "BusinessActor", "ฝ่ายการคลัง", "Finance Section")
    el("id-counter", "BusinessInterface", "เคาน์เตอร์บริการ", "Service counter", channel="counter")
    el("id-proc", "BusinessProcess", "พิจารณาคำขออนุญาตก่อสร้าง", "Review building permit application")
    el("id-proc2", "BusinessProcess", "รับชำระภาษีป้าย", "Collect signboard tax")
    el("id-doc-house", "BusinessObject", "ทะเบียนบ้าน", "House registration")
    el("id-doc-deed", "BusinessObject", "โฉนดที่ดิน", "Land title deed")
    el("id-copy-deed", "Representation", "สำเนาโฉนดที่ดิน", "Copy of title deed")
    el("id-dopa", "BusinessActor", "กรมการปกครอง", "Department of Provincial Administration", agency="DOPA")
    el("id-dol", "BusinessActor", "กรมที่ดิน", "Department of Lands", agency="DOL")
    el("id-data-house", "DataObject", "ข้อมูลทะเบียนบ้าน", "House-registration record")
    el("id-oss", "ApplicationComponent", "ระบบ BMA OSS", "BMA OSS", platform="bma-oss")
    el("id-oss-web", "ApplicationInterface", "เว็บไซต์ BMA OSS", "BMA OSS web", channel="web")
    el("id-linkage", "ApplicationComponent", "ศูนย์เชื่อมโยงข้อมูล", "DOPA Linkage Center", platform="dopa-linkage")
    el("id-linkage-api", "ApplicationService", "บริการเชื่อมโยงข้อมูลทะเบียนราษฎร", "Linkage API")
    el("id-thaid", "ApplicationService", "เข้าสู่ระบบด้วย ThaID", "ThaID login", platform="thaid")
    el("id-pay", "ApplicationService", "ชำระเงินอิเล็กทรอนิกส์", "DGA e-Payment", platform="dga-epayment")
    el("id-permit-db", "DataObject", "ทะเบียนใบอนุญาตก่อสร้าง", "Building permit register")
    el("id-other-db", "DataObject", "ทะเบียนร้านอาหาร", "Register of food premises")
    el("id-opendata", "ApplicationComponent", "data.bangkok.go.th", "Bangkok open data portal", platform="data-bangkok")
    el("id-tax-app", "ApplicationComponent", "ระบบภาษีป้าย", "Signboard tax system")
    el("id-server", "Node", "เครื่องแม่ข่าย ศูนย์ข้อมูล กทม.", "BMA data centre server")
    el("id-host", "TechnologyService", "บริการโฮสติ้ง", "Hosting service")
    el("id-goal", "Goal", "โปร่งใสดี", "Good Transparency", strategy="B9-3")
    el("id-pillar", "Goal", "ยุทธศาสตร์ชาติด้านการบริหารจัดการภาครัฐ", "National Strategy: public sector", strategy="NS-6")
    el("id-outcome", "Outcome", "ลดเวลาการอนุญาต", "Shorter permit times")
    el("id-plateau", "Plateau", "สถานะปัจจุบัน", "Baseline")

    rel("r-serve-citizen", "Serving", "id-svc", "id-citizen")
    rel("r-serve-citizen2", "Serving", "id-svc2", "id-citizen")
    rel("r-bma-district", "Composition", "id-bma", "id-district")
    rel("r-district-works", "Composition", "id-district", "id-works")
    rel("r-district-fin", "Composition", "id-district", "id-finance")
    rel("r-owner", "Assignment", "id-works", "id-svc")
    rel("r-owner2", "Assignment", "id-finance", "id-svc2")
    rel("r-counter", "Assignment", "id-counter", "id-svc")
    rel("r-realize", "Realization", "id-proc", "id-svc")
    rel("r-realize2", "Realization", "id-proc2", "id-svc2")
    rel("r-read-house", "Access", "id-proc", "id-doc-house", access_type="Read")
    rel("r-read-house2", "Access", "id-proc2", "id-doc-house", access_type="Read")
    rel("r-read-deed", "Access", "id-proc", "id-doc-deed", access_type="Read")
    rel("r-issue-house", "Access", "id-dopa", "id-doc-house", access_type="Write")
    rel("r-issue-deed", "Access", "id-dol", "id-doc-deed", access_type="Write")
    rel("r-copy", "Realization", "id-copy-deed", "id-doc-deed")
    rel("r-digital", "Realization", "id-data-house", "id-doc-house")
    rel("r-linkage-api", "Composition", "id-linkage", "id-linkage-api")
    rel("r-linkage-read", "Access", "id-linkage-api", "id-data-house", access_type="Read")
    rel("r-linkage-serve", "Serving", "id-linkage-api", "id-proc")
    rel("r-oss-web", "Composition", "id-oss", "id-oss-web")
    rel("r-web-serve", "Serving", "id-oss-web", "id-svc")
    rel("r-thaid", "Serving", "id-thaid", "id-oss")
    rel("r-pay", "Serving", "id-pay", "id-proc")
    rel("r-pay-flow", "Flow", "id-pay", "id-oss")
    rel("r-produce", "Access", "id-proc", "id-permit-db", access_type="Write")
    rel("r-publish", "Access", "id-opendata", "id-permit-db", access_type="Read")
    rel("r-publish-other", "Access", "id-opendata", "id-other-db", access_type="Read")
    rel("r-host", "Serving", "id-host", "id-oss")
    rel("r-server-host", "Realization", "id-server", "id-host")
    rel("r-tax-serve", "Serving", "id-tax-app", "id-proc2")
    rel("r-svc-outcome", "Realization", "id-svc", "id-outcome")
    rel("r-outcome-goal", "Realization", "id-outcome", "id-goal")
    rel("r-goal-pillar", "Influence", "id-goal", "id-pillar")
    rel("r-plateau", "Aggregation", "id-plateau", "id-svc")
    return m


VERDICTS_SAMPLE = {"O1": "pass", "O2": "fail", "O3": "warn", "O4": "n/a", "O5": "info", "O6": "unknown"}


def svg_of(graph) -> etree._Element:
    return etree.fromstring(graph.pipe(format="svg"), safe_parser())


def group(svg: etree._Element, ident: str) -> etree._Element:
    found = svg.find(f".//{SVG}g[@id='{ident}']")
    assert found is not None, f"no <g id={ident!r}> in the SVG"
    return found


def texts(g: etree._Element) -> list[str]:
    return [t.text for t in g.iter(f"{SVG}text") if t.text]


def fills(g: etree._Element) -> set[str]:
    return {e.get("fill") for e in g.iter() if e.get("fill") not in (None, "none", "transparent")}


def bbox(g: etree._Element) -> tuple[float, float, float, float]:
    """min x, min y, max x, max y of the first outline in a group (polygon, path or ellipse)."""
    for e in g.iter(f"{SVG}polygon", f"{SVG}path", f"{SVG}ellipse"):
        if e.tag == f"{SVG}ellipse":
            cx, cy, rx, ry = (float(e.get(k)) for k in ("cx", "cy", "rx", "ry"))
            return cx - rx, cy - ry, cx + rx, cy + ry
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", e.get("points") or e.get("d"))]
        xs, ys = numbers[0::2], numbers[1::2]
        return min(xs), min(ys), max(xs), max(ys)
    raise AssertionError("no outline in group")


def cluster(svg: etree._Element, title: str) -> etree._Element:
    for g in svg.iter(f"{SVG}g"):
        if g.get("class") == "cluster" and g.findtext(f"{SVG}title") == title:
            return g
    raise AssertionError(f"no cluster {title!r}")


# ---- what a service diagram contains ------------------------------------------------------------


def test_service_support_follows_the_conventions_and_stops_at_other_services():
    m = build_service_model()
    scope = service_support(m, "id-svc")
    chosen = set(scope.elements)
    # owner and its units, counter, process, documents, issuers, digital and paper paths, channels,
    # platforms (identity, payment, data exchange, open data), technology, and the "why"
    assert {"id-works", "id-district", "id-bma", "id-counter", "id-proc", "id-doc-house", "id-doc-deed"} <= chosen
    assert {"id-dopa", "id-dol", "id-data-house", "id-copy-deed", "id-oss-web", "id-oss", "id-thaid"} <= chosen
    assert {"id-pay", "id-linkage-api", "id-linkage", "id-permit-db", "id-opendata", "id-host", "id-server"} <= chosen
    assert scope.consumers == {"id-citizen"}
    assert scope.purposes == {"id-outcome", "id-goal", "id-pillar"}
    # not another service's process reading the same document, nor that service's application,
    # nor what the open-data portal publishes for other services, nor the model-wide plateau
    assert not chosen & {"id-proc2", "id-svc2", "id-tax-app", "id-finance", "id-other-db", "id-plateau"}
    assert scope.elements[0] == "id-svc"
    assert {"r-read-house2", "r-plateau", "r-publish-other"}.isdisjoint(scope.relationships)
    assert {"r-issue-house", "r-linkage-serve", "r-thaid", "r-pay-flow"} <= set(scope.relationships)


def test_national_platforms_get_their_own_band_but_bma_platforms_stay_in_the_application_layer():
    m = build_service_model()
    scope = service_support(m, "id-svc")
    assert scope.platforms["id-linkage-api"] == "dopa-linkage"  # inherited from the tagged component
    assert scope.national == {"id-linkage", "id-linkage-api", "id-thaid", "id-pay"}
    assert scope.band_of(m, "id-thaid") == PLATFORMS_BAND
    assert scope.band_of(m, "id-oss") == "Application"  # BMA OSS is operated by the BMA (catalog)
    assert scope.tier(m, "id-citizen") < scope.tier(m, "id-svc") < scope.tier(m, "id-proc") < scope.tier(m, "id-oss")
    assert scope.tier(m, "id-server") < scope.tier(m, "id-thaid")


def test_a_served_role_that_also_takes_part_stays_on_top():
    m = build_service_model()
    m.add_relationship(Relationship(id="r-applicant", type="Assignment", source="id-citizen", target="id-proc"))
    scope = service_support(m, "id-svc")
    assert scope.consumers == {"id-citizen"} and scope.elements.count("id-citizen") == 1
    assert scope.tier(m, "id-citizen") < scope.tier(m, "id-svc")


def test_unknown_service_is_a_one_line_error():
    with pytest.raises(EaError, match="no element with id 'id-nope'"):
        service_support(build_service_model(), "id-nope")


# ---- how it looks ---------------------------------------------------------------------------------


def test_service_diagram_has_bilingual_thai_labels_in_loma_and_layer_colours():
    svg = svg_of(service_diagram(build_service_model(), "id-svc", verdicts=VERDICTS_SAMPLE))
    process = group(svg, "id-proc")
    assert "พิจารณาคำขออนุญาตก่อสร้าง" in texts(process)
    assert "Review building permit application" in texts(process)
    # the type is the icon in the corner (and the tooltip), no longer a «BusinessProcess» line
    assert [i.get(f"{XLINK}href").rsplit("/", 1)[-1] for i in process.iter(f"{SVG}image")] == ["process.png"]
    assert not any("«" in t for t in texts(process))
    assert process.find(f".//{SVG}a").get(f"{XLINK}title").startswith("«BusinessProcess»")
    assert {t.get("font-family") for t in process.iter(f"{SVG}text")} == {"Loma"}
    assert YELLOW in fills(process)
    assert BLUE in fills(group(svg, "id-oss"))
    assert GREEN in fills(group(svg, "id-server"))
    assert LILAC in fills(group(svg, "id-goal"))
    assert any("dopa-linkage" in t for t in texts(group(svg, "id-linkage-api")))  # the platform badge
    assert "«Goal» [B9-3]" not in texts(group(svg, "id-goal"))  # strategy ids are for the strategy map


def test_english_first_when_asked():
    svg = svg_of(service_diagram(build_service_model(), "id-svc", lang="en"))
    text = " ".join(texts(group(svg, "id-proc")))
    assert text.index("Review building permit application") < text.index("พิจารณาคำขออนุญาตก่อสร้าง")


def test_verdict_row_shows_each_outcome_in_its_colour():
    svg = svg_of(service_diagram(build_service_model(), "id-svc", verdicts=VERDICTS_SAMPLE))
    service = group(svg, "id-svc")
    expected = {**{f"O{n}": "unknown" for n in range(1, 8)}, **VERDICTS_SAMPLE}
    for outcome, verdict in expected.items():
        cell = group(service, f"a_verdict-id-svc-{outcome}")
        assert VERDICTS[verdict].fill in fills(cell) or VERDICTS[verdict].fill == "#ffffff"
        title = cell.find(f"{SVG}a").get(f"{XLINK}title")
        assert title.startswith(outcome) and VERDICTS[verdict].en in title
        assert texts(cell) == [f"{outcome} {VERDICTS[verdict].mark}"]
    assert "ประชาชนไม่ต้องใช้สำเนาเอกสารราชการ" in group(service, "a_verdict-id-svc-O3").find(f"{SVG}a").get(
        f"{XLINK}title"
    )


def test_layers_are_stacked_top_to_bottom_in_archimate_order():
    svg = svg_of(service_diagram(build_service_model(), "id-svc"))
    tops = [
        bbox(cluster(svg, f"cluster_{name}"))[1]
        for name in ("Motivation", "Business", "Application", "Technology", "National_platforms")
    ]
    assert tops == sorted(tops)
    assert bbox(group(svg, "id-citizen"))[1] < bbox(group(svg, "id-svc"))[1] < bbox(group(svg, "id-proc"))[1]
    assert bbox(group(svg, "id-proc"))[3] < bbox(group(svg, "id-doc-house"))[1]


def test_relationships_use_archimate_line_styles_and_arrowheads():
    svg = svg_of(service_diagram(build_service_model(), "id-svc"))

    def parts(rel_id: str) -> tuple[etree._Element, list[etree._Element]]:
        g = group(svg, rel_id)
        return g.find(f".//{SVG}path"), g.findall(f".//{SVG}polygon")

    line, heads = parts("r-realize")  # dashed, hollow triangle
    assert line.get("stroke-dasharray") == "5,2" and [h.get("fill") for h in heads] == ["none"]
    line, heads = parts("r-read-house")  # dotted, open arrow at the reader
    assert line.get("stroke-dasharray") == "1,5" and len(heads) == 1
    line, heads = parts("r-oss-web")  # composition: a filled diamond at the whole
    assert line.get("stroke-dasharray") is None and len(heads) == 1 and len(heads[0].get("points").split()) == 5
    assert heads[0].get("fill") not in ("none", None)
    line, heads = parts("r-owner")  # assignment: a dot at the source and an arrowhead
    assert group(svg, "r-owner").find(f".//{SVG}ellipse") is not None and len(heads) == 1
    line, heads = parts("r-pay-flow")  # flow: dashed, filled arrow
    assert line.get("stroke-dasharray") == "5,2" and heads[0].get("fill") not in ("none", None)


def test_legend_names_layers_verdicts_outcomes_and_the_relationships_drawn():
    svg = svg_of(service_diagram(build_service_model(), "id-svc"))
    key = " ".join(texts(group(svg, "legend-key")))
    for text in ("Legend", "ชั้นธุรกิจ / Business layer", "ไม่ผ่าน / fail", "O7", "Lower fees on digital channels"):
        assert text in key
    edge_ids = {g.get("id") for g in svg.iter(f"{SVG}g") if g.get("class") == "edge"}
    assert {"legend-Serving", "legend-Realization", "legend-Access", "legend-Composition"} <= edge_ids
    assert "legend-Specialization" not in edge_ids  # only what the diagram uses


def test_names_with_markup_quotes_and_backslashes_are_shown_as_written(tmp_path: Path):
    m = build_service_model()
    nasty = '<b>A & "B"</b> C:\\temp\\'
    for element in m.elements():
        element.name["en"] = nasty
    for graph in (service_diagram(m, "id-svc"), application_landscape(m), strategy_map(m)):
        svg = etree.parse(str(render(graph, tmp_path / f"{graph.name}.svg")), safe_parser()).getroot()
        assert svg.find(f".//{SVG}b") is None  # no markup got through
        assert any(nasty in " ".join(texts(g)) for g in svg.iter(f"{SVG}g") if g.get("class") == "node")


def test_png_and_pdf_render_thai_with_the_loma_font(tmp_path: Path):
    graph = service_diagram(build_service_model(), "id-svc", verdicts=VERDICTS_SAMPLE)
    png = render(graph, tmp_path / "svc.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pdf = render(graph, tmp_path / "svc.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"Loma" in pdf  # the Thai font is embedded, not a fallback
    assert render(graph, tmp_path / "svc.svg").read_text(encoding="utf-8").count("ขออนุญาตก่อสร้าง") >= 1
    with pytest.raises(EaError, match="unknown diagram format 'gif'"):
        render(graph, tmp_path / "svc.gif")


def test_missing_graphviz_is_a_clear_error(monkeypatch):
    monkeypatch.setattr("exporters.diagrams.rendering.shutil.which", lambda name: None)
    with pytest.raises(EaError, match="Graphviz is not installed.*apt-get install graphviz"):
        require_dot()


# ---- the other diagrams ---------------------------------------------------------------------------


def test_landscape_groups_applications_by_owning_unit():
    m = build_service_model()
    assert owning_group(m, m.element("id-tax-app")) == ("unit", ["id-district", "id-finance"])
    assert owning_group(m, m.element("id-oss")) == ("unit", ["id-district", "id-works"])  # via its interface
    assert owning_group(m, m.element("id-linkage")) == (NATIONAL, ["DOPA"])
    assert owning_group(m, m.element("id-opendata")) == (UNASSIGNED, [])
    svg = svg_of(application_landscape(m))
    district = bbox(cluster(svg, "cluster_id_district"))
    finance = bbox(cluster(svg, "cluster_id_district_id_finance"))
    tax = bbox(group(svg, "id-tax-app"))
    assert district[0] <= finance[0] <= tax[0] and tax[2] <= finance[2] <= district[2]
    assert "สำนักงานเขตบางรัก / Bang Rak District Office" in texts(cluster(svg, "cluster_id_district"))
    assert "แพลตฟอร์มกลางระดับชาติ / National platforms" in texts(cluster(svg, "cluster__national"))


def test_strategy_map_runs_from_national_strategy_to_services():
    m = build_service_model()
    assert strategy_elements(m) == {
        "id-pillar": "national",
        "id-goal": "bma",
        "id-outcome": "means",
        "id-svc": "services",
    }
    svg = svg_of(strategy_map(m, verdicts={"id-svc": VERDICTS_SAMPLE}))
    ys = [bbox(group(svg, ref))[1] for ref in ("id-pillar", "id-goal", "id-outcome", "id-svc")]
    assert ys == sorted(ys)
    assert VERDICTS["fail"].fill in fills(group(svg, "a_verdict-id-svc-O2"))


def test_a_view_renders_at_its_own_coordinates():
    m = read_model(EXAMPLES / "archi_archisurance_with-dc-metadata.xml")
    view = m.view("id-4224")
    svg = svg_of(view_diagram(m, view))
    dx, dy = [], []
    for node in view.iter_nodes():
        x0, y0, x1, y1 = bbox(group(svg, node.id))
        dx.append((x0 + x1) / 2 - (node.bounds.x + node.bounds.w / 2))
        dy.append((y0 + y1) / 2 - (node.bounds.y + node.bounds.h / 2))
        assert x1 - x0 <= node.bounds.w + 1.5 and y1 - y0 <= node.bounds.h + 1.5
    # every node's centre where the view has it, relative to the others
    assert max(dx) - min(dx) <= 2 and max(dy) - min(dy) <= 2
    bent = next(c for c in view.connections if c.bendpoints)
    assert group(svg, bent.id).find(f".//{SVG}path") is not None


# ---- rendering sets, verdicts, CLI -----------------------------------------------------------------


def test_render_all_writes_each_diagram_and_reports_progress(tmp_path: Path):
    m = build_service_model()
    seen = []
    diagrams = review_diagrams(m)
    stems = ["service-id-svc", "service-id-svc2", "landscape", "strategy-map", "strategy-map-id-goal"]
    assert [d.stem for d in diagrams] == stems
    written = render_all(diagrams, tmp_path, fmt="svg", jobs=2, progress=lambda done, total, p: seen.append(done))
    assert sorted(p.name for p in written) == sorted(f"{d.stem}.svg" for d in diagrams)
    assert seen == [1, 2, 3, 4, 5]
    with pytest.raises(EaError, match="no service with id 'id-citizen'"):
        review_diagrams(m, service_ids=["id-citizen"])
    bad = Diagram("broken", lambda: service_diagram(m, "id-nope"))
    with pytest.raises(EaError):
        render_all([bad], tmp_path)


def test_verdicts_come_from_the_dga_check():
    from ea_model.compliance import check_model

    m = build_service_model()
    assert citizen_service_ids(m) == ["id-svc", "id-svc2"]
    verdicts = review_verdicts(m, ["id-svc"])
    result = check_model(m, catalog=DGA)
    assert verdicts == {"id-svc": {f"O{n}": result.goal_verdict("id-svc", f"O{n}") for n in range(1, 8)}}
    assert set(verdicts["id-svc"].values()) <= set(VERDICTS)


def _model_file(tmp_path: Path) -> Path:
    path = tmp_path / "model.xml"
    write_model(build_service_model(), path)
    return path


def test_cli_diagram_renders_every_citizen_service_and_the_overviews(tmp_path: Path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["diagram", str(_model_file(tmp_path)), "--out", str(out)])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "landscape.svg",
        "service-id-svc.svg",
        "service-id-svc2.svg",
        "strategy-map-id-goal.svg",
        "strategy-map.svg",
    ]
    assert str(out / "service-id-svc.svg") in result.stdout
    svg = etree.parse(str(out / "service-id-svc.svg"), safe_parser()).getroot()
    assert "ขออนุญาตก่อสร้าง ดัดแปลง รื้อถอน" in " ".join(texts(group(svg, "id-svc")))


def test_cli_diagram_one_service_as_png(tmp_path: Path):
    out = tmp_path / "out"
    args = ["diagram", str(_model_file(tmp_path)), "--out", str(out), "--service", "id-svc", "--format", "png"]
    result = CliRunner().invoke(main, [*args, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == ["service-id-svc.png"]


def test_cli_diagram_bad_input_is_one_line_exit_2(tmp_path: Path):
    model = _model_file(tmp_path)
    result = CliRunner().invoke(main, ["diagram", str(model), "--out", str(tmp_path / "o"), "--service", "id-nope"])
    assert result.exit_code == 2
    assert result.output.strip() == "ea: error: no service with id 'id-nope'"
    result = CliRunner().invoke(main, ["diagram", str(model), "--out", str(tmp_path / "o"), "--view", "id-nope"])
    assert result.exit_code == 2 and "no view with id 'id-nope'" in result.output


def test_cli_diagram_view_as_drawn_and_relaid_out(tmp_path: Path):
    model = EXAMPLES / "archi_archisurance_with-dc-metadata.xml"
    for extra in ([], ["--relayout"]):
        out = tmp_path / ("re" if extra else "as-is")
        result = CliRunner().invoke(main, ["diagram", str(model), "--out", str(out), "--view", "id-4224", *extra])
        assert result.exit_code == 0, result.output
        assert (out / "view-id-4224.svg").exists()


# ---- the BMA model: scale and speed ---------------------------------------------------------------


@pytest.fixture(scope="module")
def bma_model() -> Model:
    from catalog import bundled_model_path

    path = bundled_model_path()
    if path.exists():
        return read_model(path)
    from catalog.bma_model import build_bma_model  # the source the bundled file is built from

    return build_bma_model()


def test_all_service_diagrams_of_the_bma_model_render(bma_model: Model, tmp_path: Path):
    """Every citizen service gets its diagram (the time this takes is measured by scripts/benchmark.py)."""
    services = citizen_service_ids(bma_model)
    assert len(services) >= 30
    written = render_all(review_diagrams(bma_model), tmp_path, fmt="svg", jobs=2)
    assert len(written) == len(services) + 2 + len(bma_strategy_ids(bma_model))  # and a map per BMA strategy


def test_bma_service_diagram_stays_on_the_service(bma_model: Model):
    scope = service_support(bma_model, "id-svc-bldg-permit")
    assert {"id-app-gdx", "id-app-thaid", "id-app-dga-epayment"} <= scope.national
    assert "id-data-food-premises-register" not in scope.elements  # another service's register
