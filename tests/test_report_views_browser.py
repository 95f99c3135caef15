"""The report's view pages, model-wide search and element index pager as a reader uses them: opened
from file:// in headless Chromium (exporters/chromium.py), clicked and typed into as a person would.

The view pages are checked on Archi's Archisurance example (nested nodes, connections with bendpoints),
the search on the small Thai model of test_report.py.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES
from test_report import report_model
from test_report_browser import chromium_path

from ea_model.metamodel import Layer
from exporters import read_model
from exporters.chromium import Chromium
from exporters.report import write_report

pytestmark = pytest.mark.browser

ARCHISURANCE = EXAMPLES / "archi_archisurance_with-dc-metadata.xml"
NESTED_VIEW = "id-4165"  # Actor Cooperation view: three nesting parents, 13 bendpoints
PAGE_SIZE = 10


@pytest.fixture(scope="module")
def browser():
    chromium_path()  # a missing Chromium fails with how to install it
    with tempfile.TemporaryDirectory(prefix="ea-chromium-") as profile:
        chrome = Chromium(Path(profile))
        try:
            yield chrome
        finally:
            chrome.close()


@pytest.fixture(scope="module")
def archisurance(tmp_path_factory):
    model = read_model(str(ARCHISURANCE))
    out = tmp_path_factory.mktemp("archisurance-report")
    write_report(model, out, page_size=PAGE_SIZE)
    return model, out


def _wait(browser: Chromium, expression: str, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = browser.js(expression)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"still false after {timeout} s: {expression}")


def _click(browser: Chromium, x: float, y: float) -> None:
    for kind in ("mousePressed", "mouseReleased"):
        browser.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


def _view_page(out: Path, view_id: str) -> Path:
    return out / f"view-{view_id}.html"


SHAPES = """(() => {
  const svg = document.querySelector('figure.diagram svg');
  const out = {};
  for (const g of svg.querySelectorAll('g.node[data-ref]')) {
    const shape = g.querySelector('polygon, path, ellipse');
    const b = shape.getBBox();
    out[g.dataset.ref] = [b.x, b.y, b.width, b.height];
  }
  const edges = {};
  for (const g of svg.querySelectorAll('g.edge[data-ref]')) {
    const d = g.querySelector('path').getAttribute('d');
    edges[g.dataset.ref] = (d.match(/-?[\\d.]+,-?[\\d.]+/g) || []).map(p => p.split(',').map(Number));
  }
  return {nodes: out, edges};
})()"""


def test_view_page_draws_every_node_at_its_coordinates(browser, archisurance):
    model, out = archisurance
    view = model.view(NESTED_VIEW)
    browser.log.clear()
    browser.open(_view_page(out, NESTED_VIEW))
    drawn = browser.js(SHAPES)
    nodes = list(view.iter_nodes())
    assert set(drawn["nodes"]) == {n.id for n in nodes}
    # one offset (the drawing's margin) for every node: each sits at its own x, y, w, h from the model
    first = nodes[0]
    dx = drawn["nodes"][first.id][0] - first.bounds.x
    dy = drawn["nodes"][first.id][1] - first.bounds.y
    for node in nodes:
        x, y, w, h = drawn["nodes"][node.id]
        b = node.bounds
        assert abs(x - b.x - dx) < 1.5 and abs(y - b.y - dy) < 1.5, node.id
        assert abs(w - b.w) < 1.5 and abs(h - b.h) < 1.5, node.id
    # nested nodes are drawn inside their parents
    for parent in (n for n in nodes if n.children):
        px, py, pw, ph = drawn["nodes"][parent.id]
        for child in parent.children:
            cx, cy, cw, ch = drawn["nodes"][child.id]
            assert px <= cx and py <= cy and cx + cw <= px + pw + 0.5 and cy + ch <= py + ph + 0.5, child.id
    # connections run through their bendpoints
    bent = [c for c in view.connections if c.bendpoints]
    assert bent
    for conn in bent:
        points = drawn["edges"][conn.id]
        for bp in conn.bendpoints:
            assert any(abs(px - bp.x - dx) < 1.5 and abs(py - bp.y - dy) < 1.5 for px, py in points), conn.id
    assert browser.problems() == []


def test_clicking_a_node_opens_the_element_entry(browser, archisurance):
    model, out = archisurance
    view = model.view(NESTED_VIEW)
    node = next(n for n in view.iter_nodes() if n.element_ref and not n.children)
    browser.open(_view_page(out, NESTED_VIEW))
    box = browser.js(
        f"""(() => {{ const g = document.querySelector('g.node[data-ref={json.dumps(node.id)}]');
             g.scrollIntoView({{block: 'center', inline: 'center'}});
             const r = g.querySelector('polygon, path').getBoundingClientRect();
             return [r.left + r.width / 2, r.top + r.height / 2]; }})()"""
    )
    _click(browser, box[0], box[1])
    browser.wait_for("Page.loadEventFired")
    landed = browser.js("[location.pathname.split('/').pop(), decodeURIComponent(location.hash.slice(1))]")
    assert re.fullmatch(r"elements-[a-z-]+(-\d+)?\.html", landed[0])
    assert landed[1] == node.element_ref
    # the entry is there and is the one the page points at
    assert browser.js("document.querySelector('section.entry:target') && document.querySelector(':target').id") == (
        node.element_ref
    )


def test_an_element_entry_lists_the_views_it_is_in(browser, archisurance):
    model, out = archisurance
    element = next(n.element_ref for n in model.view(NESTED_VIEW).iter_nodes() if n.element_ref)
    expected = sorted({v.id for v in model.views for n in v.iter_nodes() if n.element_ref == element})
    browser.open(_view_page(out, NESTED_VIEW))
    href = browser.js(f"document.querySelector('g.node a[href$=\"#{element}\"]').getAttribute('href')")
    page, anchor = href.split("#")
    browser.open(out / page, "#" + anchor)
    listed = browser.js(
        f"""[...document.getElementById({json.dumps(element)}).querySelectorAll('p.used-in a[data-view]')]
             .map(a => [a.dataset.view, a.getAttribute('href')])"""
    )
    assert sorted(v for v, _ in listed) == expected and NESTED_VIEW in expected
    # each link opens that view's page
    view_id, link = next((v, h) for v, h in listed if v == NESTED_VIEW)
    browser.open(out / link)
    assert browser.js("document.querySelector('h1').id") == view_id
    assert browser.js("document.querySelectorAll('figure.diagram svg g.node').length") == len(
        list(model.view(view_id).iter_nodes())
    )


def test_pager_reaches_the_last_page_of_a_layer(browser, archisurance):
    model, out = archisurance
    business = sorted(e.id for e in model.elements(layer=Layer.BUSINESS))
    browser.open(out / "elements-business-1.html")
    seen: list[str] = []
    pages = 0
    while True:
        pages += 1
        seen += browser.js("[...document.querySelectorAll('section.entry')].map(e => e.id)")
        current = browser.js("document.querySelector('nav.pager a[aria-current=page]').textContent")
        assert current == str(pages)
        has_next = browser.js("!!document.querySelector('nav.pager a[rel=next]')")
        if not has_next:
            break
        box = browser.js(
            """(() => { const a = document.querySelector('nav.pager a[rel=next]');
                 a.scrollIntoView({block: 'center'}); const r = a.getBoundingClientRect();
                 return [r.left + r.width / 2, r.top + r.height / 2]; })()"""
        )
        _click(browser, *box)
        browser.wait_for("Page.loadEventFired")
    assert pages == -(-len(business) // PAGE_SIZE) > 2
    assert sorted(seen) == business  # every business element once, across the pages
    # "last" from the first page lands on the same last page
    browser.open(out / "elements-business-1.html")
    browser.js("document.querySelector('nav.pager a[rel=last]').click()")
    browser.wait_for("Page.loadEventFired")
    assert browser.js("location.pathname").endswith(f"elements-business-{pages}.html")


def test_search_as_you_type_finds_a_thai_name(browser, tmp_path):
    model = report_model()
    write_report(model, tmp_path)
    permit = next(e for e in model.elements(type="BusinessService") if e.name.get("th") == "ขออนุญาตก่อสร้างอาคาร")
    browser.log.clear()
    browser.open(tmp_path / "services.html")
    assert browser.js("typeof window.eaSearchIndex") == "undefined"  # not loaded before the reader searches
    browser.js("document.querySelector('#ea-search input').focus()")
    browser.call("Input.insertText", text="ก่อสร้าง")
    _wait(browser, "document.getElementById('ea-search').dataset.query === 'ก่อสร้าง'")
    hits = browser.js(
        "[...document.querySelectorAll('#ea-search-results li a')].map(a => [a.dataset.ref, a.textContent])"
    )
    assert permit.id in [ref for ref, _ in hits]
    assert all("ก่อสร้าง" in text for _, text in hits)
    assert browser.js("!document.getElementById('ea-search-results').hidden")
    # typing on narrows the list; Enter opens the first hit's entry
    browser.call("Input.insertText", text="อาคาร")
    _wait(browser, "document.getElementById('ea-search').dataset.query === 'ก่อสร้างอาคาร'")
    first = browser.js("document.querySelector('#ea-search-results li a').dataset.ref")
    browser.call(
        "Input.dispatchKeyEvent", type="keyDown", key="Enter", code="Enter", windowsVirtualKeyCode=13, text="\r"
    )
    browser.call("Input.dispatchKeyEvent", type="keyUp", key="Enter", code="Enter", windowsVirtualKeyCode=13)
    browser.wait_for("Page.loadEventFired")
    assert browser.js("decodeURIComponent(location.hash.slice(1))") == first == permit.id
    assert browser.js(f"!!document.getElementById({json.dumps(permit.id)})")
    # an English word finds it too, and nonsense finds nothing
    browser.js("document.querySelector('#ea-search input').focus()")
    browser.call("Input.insertText", text="building permit")
    _wait(browser, "document.getElementById('ea-search').dataset.query === 'building permit'")
    assert permit.id in browser.js("[...document.querySelectorAll('#ea-search-results li a')].map(a => a.dataset.ref)")
    browser.js(
        """(() => { const q = document.querySelector('#ea-search input'); q.value = 'ไม่มีชื่อนี้ zzz';
             q.dispatchEvent(new Event('input', {bubbles: true})); })()"""
    )
    assert browser.js("document.getElementById('ea-search').dataset.total") == "0"
    assert browser.problems() == []
