"""The report's view pages, used-in-views, validation page, search index and element index pager, read
from the written files (what a browser makes of them: test_report_views_browser.py)."""

from __future__ import annotations

import json
from urllib.parse import unquote

import lxml.html
import pytest
from conftest import EXAMPLES
from test_report import EVIL, report_model

from catalog import bundled_model_path
from ea_model import Model
from ea_model.findings import Finding
from ea_model.metamodel import Layer
from ea_model.objects import Bounds, Element, Relationship, View, ViewNode
from ea_model.validation import validate_model
from exporters import read_model
from exporters.report import write_report
from exporters.report.index import PAGE_SIZE as DEFAULT_PAGE_SIZE
from exporters.report.index import RELATIONSHIPS_PER_ENTRY, Index
from exporters.report.validation_page import validation_view

ARCHISURANCE = EXAMPLES / "archi_archisurance_with-dc-metadata.xml"
PAGE_SIZE = 10


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    model = read_model(str(ARCHISURANCE))
    out = tmp_path_factory.mktemp("archisurance")
    write_report(model, out, page_size=PAGE_SIZE)
    return model, out


def page(path):
    return lxml.html.fromstring(path.read_text(encoding="utf-8"))


def test_every_view_has_a_page_with_its_nodes_linked_to_their_entries(site):
    model, out = site
    listed = page(out / "views.html").xpath("//table[@class='view-list']//tr[@data-view]/@data-view")
    assert listed == [v.id for v in model.views]
    for view in model.views:
        doc = page(out / f"view-{view.id}.html")
        assert doc.xpath("//h1/@id") == [view.id]
        drawn = {g.get("data-ref"): g for g in doc.xpath("//figure//*[local-name()='g'][@class='node']")}
        assert set(drawn) == {n.id for n in view.iter_nodes()}, view.id
        for node in view.iter_nodes():
            hrefs = drawn[node.id].xpath(".//*[local-name()='a']/@href")
            if node.element_ref:
                assert len(hrefs) == 1 and unquote(hrefs[0].split("#")[1]) == node.element_ref, node.id
                target = page(out / hrefs[0].split("#")[0])
                assert target.xpath(f"//section[@class='entry'][@id='{node.element_ref}']"), node.id
            else:  # a group or a note: no concept to open
                assert hrefs == [], node.id
        edges = doc.xpath("//figure//*[local-name()='g'][@class='edge']/@data-ref")
        assert sorted(edges) == sorted(c.id for c in view.connections), view.id


def test_each_entry_lists_exactly_the_views_it_is_in(site):
    model, out = site
    expected: dict[str, set[str]] = {}
    for view in model.views:
        for node in view.iter_nodes():
            if node.element_ref:
                expected.setdefault(node.element_ref, set()).add(view.id)
    seen: dict[str, set[str]] = {}
    for path in out.glob("elements-*.html"):
        for entry in page(path).xpath("//section[@class='entry']"):
            views = entry.xpath("./p[@class='used-in']/a/@data-view")
            if views:
                seen[entry.get("id")] = set(views)
    assert seen == expected


def test_a_view_without_a_layout_is_drawn_laid_out_and_says_so(tmp_path):
    model = Model()
    for i in range(3):
        model.add_element(Element(id=f"a{i}", type="BusinessActor", name={"en": f"Actor {i}"}))
    pile = [ViewNode(id=f"n{i}", element_ref=f"a{i}", bounds=Bounds(x=0, y=0, w=120, h=55)) for i in range(3)]
    model.views.append(View(id="v", name={"en": "Unplaced"}, nodes=pile))
    write_report(model, tmp_path)
    doc = page(tmp_path / "view-v.html")
    assert doc.xpath("//p[@class='empty']")  # the note that it was laid out
    xs = {
        float(p.get("points").split()[0].split(",")[0])
        for p in doc.xpath("//*[local-name()='g'][@class='node']//*[local-name()='polygon']")
    }
    assert len(xs) == 3  # three places, not one pile
    assert page(tmp_path / "views.html").xpath("//tr[@data-view='v']//span[@class='badge']")


def test_validation_page_shows_ea_validate_findings_linked_to_elements(site):
    model, out = site
    findings = validate_model(model)
    doc = page(out / "validation.html")
    counts = {li.get("data-severity"): int(li.text) for li in doc.xpath("//span[@data-severity]")}
    assert counts == {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "advice")}
    assert sum(counts.values()) > 0
    rows = doc.xpath("//table[@class='validation-findings']//tr[@data-ref]")
    assert len(rows) == sum(1 for f in findings if f.id)
    element_rows = [r for r in rows if r.get("data-ref") in {e.id for e in model.elements()}]
    assert element_rows
    for row in element_rows:
        href = row.xpath(".//a/@href")[0]
        assert unquote(href.split("#")[1]) == row.get("data-ref")
        assert page(out / href.split("#")[0]).xpath(f"//*[@id='{row.get('data-ref')}']")


def test_a_rule_with_many_findings_shows_the_first_and_says_how_many_more():
    many = [Finding(severity="warning", rule="unused-element", id=f"e{i}", message="in no view") for i in range(30)]
    errors = [Finding(severity="error", rule="relationship-not-allowed", id="r", message="not allowed")]
    view = validation_view(many + errors, rows_per_rule=10)
    assert [g.rule for g in view.groups] == ["relationship-not-allowed", "unused-element"]  # errors first
    unused = view.groups[1]
    assert (unused.total, len(unused.findings), unused.hidden) == (30, 10, 20)
    assert view.counts == {"error": 1, "warning": 30, "advice": 0}


def _search_index(out) -> dict:
    text = (out / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert text.startswith("window.eaSearchIndex = ")
    return json.loads(text.removeprefix("window.eaSearchIndex = ").rstrip().removesuffix(";"))


def test_search_index_holds_every_element_and_view_with_where_it_is(site):
    model, out = site
    data = _search_index(out)
    by_id = {item[0]: item for item in data["items"]}
    assert set(by_id) == {e.id for e in model.elements()} | {v.id for v in model.views}
    assert len(data["items"]) == len(by_id)
    for element in model.elements():
        ref, _th, en, kind, where = by_id[element.id]
        assert data["types"][kind] == element.type
        assert en == element.name.get("en", "") or not en
        target = page(out / data["pages"][where])
        assert target.xpath(f"//section[@class='entry'][@id='{ref}']"), ref
    view = model.views[0]
    assert data["pages"][by_id[view.id][4]] == f"view-{view.id}.html"


def test_search_index_keeps_thai_names_as_text(tmp_path):
    model = report_model(evil=EVIL)
    out_names = {e.name.get("th") for e in model.elements() if e.name.get("th")}
    write_report(model, tmp_path)
    data = _search_index(tmp_path)
    raw = (tmp_path / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert out_names <= {item[1] for item in data["items"]}
    assert EVIL in {item[1] for item in data["items"]}  # markup stays a string (report.js sets textContent)
    assert "\u2028" not in raw and raw.count("\n") == 1


def test_pager_splits_a_layer_and_links_every_part(site):
    model, out = site
    business = sorted(e.id for e in model.elements(layer=Layer.BUSINESS))
    parts = -(-len(business) // PAGE_SIZE)
    files = [f"elements-business-{n}.html" for n in range(1, parts + 1)]
    assert sorted(p.name for p in out.glob("elements-business-*.html")) == sorted(files)
    listed = []
    for n, name in enumerate(files, start=1):
        doc = page(out / name)
        listed += doc.xpath("//section[@class='entry']/@id")
        pager = doc.xpath("//nav[@class='pager']")[0]
        assert pager.xpath(".//a[@aria-current='page']/text()") == [str(n)]
        rel = {a.get("rel"): a.get("href") for a in pager.xpath(".//a[@rel]")}
        if n > 1:
            assert rel["first"] == files[0] and rel["prev"] == files[n - 2]
        if n < parts:
            assert rel["next"] == files[n] and rel["last"] == files[-1]
        else:
            assert "next" not in rel
    assert sorted(listed) == business


def test_bundled_model_keeps_one_page_per_layer():
    """The default page size keeps the bundled BMA model's index as it was: one page per layer."""
    model = read_model(str(bundled_model_path()))
    assert all(p.parts == 1 for p in Index(model, DEFAULT_PAGE_SIZE).pages)


def test_an_element_with_thousands_of_relationships_lists_the_first_and_counts_the_rest(tmp_path):
    model = Model()
    model.add_element(Element(id="p", type="Plateau", name={"en": "Target"}))
    extra = 7
    for i in range(RELATIONSHIPS_PER_ENTRY + extra):
        model.add_element(Element(id=f"a{i}", type="ApplicationComponent", name={"en": f"App {i}"}))
        model.add_relationship(Relationship(id=f"r{i}", type="Aggregation", source="p", target=f"a{i}"))
    write_report(model, tmp_path)
    entry = page(tmp_path / "elements-implementation-migration.html").xpath("//section[@id='p']")[0]
    listed = entry.xpath(".//ul[@class='rels']/li[@id]/@id")
    assert len(listed) == RELATIONSHIPS_PER_ENTRY
    more = entry.xpath(".//li[contains(@class, 'more')]")
    assert len(more) == 1 and more[0].text_content().strip().endswith(f": {extra}")
    index = Index(model)
    index.fill()
    unlisted = next(f"r{i}" for i in range(RELATIONSHIPS_PER_ENTRY + extra) if f"r{i}" not in listed)
    assert index.url(unlisted) == "elements-implementation-migration.html#p"  # its source's entry
    assert index.url(listed[0]) == f"elements-implementation-migration.html#{listed[0]}"
