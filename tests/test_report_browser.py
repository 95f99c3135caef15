"""The governance report as a reader sees it: opened from file:// in headless Chromium, driven over the
DevTools protocol on a pipe (exporters/chromium.py: no port, no extra package, nothing downloaded).

Chromium is part of the test set-up (`scripts/install.sh --test`), so a missing one FAILS these tests.
Set EA_CHROMIUM to use another binary; EA_REPORT_SCREENSHOTS=<folder> keeps the screenshots.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_report import EVIL, ids, report_model

from catalog import bundled_model_path
from cli import main
from exporters.chromium import Chromium, ChromiumError
from exporters.chromium import chromium_path as find_chromium
from exporters.report import write_report

pytestmark = pytest.mark.browser


def chromium_path() -> str:
    try:
        return find_chromium()
    except ChromiumError as exc:
        pytest.fail(f"{exc}: the report's browser tests need it", pytrace=False)


# ---- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    chromium_path()
    with tempfile.TemporaryDirectory(prefix="ea-chromium-") as profile:
        chrome = Chromium(Path(profile))
        try:
            yield chrome
        finally:
            chrome.close()


@pytest.fixture(scope="module")
def bma_report(tmp_path_factory) -> Path:
    """`ea report` on the bundled BMA model, once for the module."""
    out = tmp_path_factory.mktemp("bma-report")
    result = CliRunner().invoke(main, ["report", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def ea_check_json() -> dict[str, dict]:
    """What `ea check --plateau … --format json` says, for both plateaus of the bundled model."""
    out = {}
    for key, plateau in (("today", "id-plateau-baseline"), ("planned", "id-plateau-target")):
        result = CliRunner().invoke(
            main, ["check", str(bundled_model_path()), "--plateau", plateau, "--format", "json", "--fail-on", "never"]
        )
        assert result.exit_code == 0, result.output
        out[key] = json.loads(result.output)
    return out


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> tuple:
    """The small model of test_report.py with markup in a service's and a unit's name."""
    model = report_model(evil=EVIL)
    out = tmp_path_factory.mktemp("hostile")
    write_report(model, out)
    return model, out


def _screenshot_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("EA_REPORT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


# ---- what a reader sees --------------------------------------------------------------------------


def test_scorecard_numbers_match_ea_check(browser, bma_report, ea_check_json):
    browser.open(bma_report / "index.html")
    shown = browser.js(
        """(() => {
          const out = {};
          for (const table of document.querySelectorAll('table.scorecard[data-scorecard]')) {
            const card = out[table.dataset.scorecard] = {};
            for (const cell of table.querySelectorAll('td[data-goal][data-verdict]')) {
              (card[cell.dataset.goal] ??= {})[cell.dataset.verdict] = Number(cell.innerText.trim());
            }
          }
          return out;
        })()"""
    )
    assert set(shown) == {"today", "planned"}
    for side, report in ea_check_json.items():
        expected = {g: info["services"] for g, info in report["summary"]["goals"].items()}
        assert shown[side] == expected, side
    # the overview shows the plan's effect on O3 (no copies): 17 services close the gap
    closed = browser.js(
        "document.querySelector('table[data-scorecard=planned] tr[data-goal=O3] td[data-delta=closed]').innerText"
    )
    assert closed.strip() == "17"


def test_service_page_shows_its_diagram_verdicts_and_evidence(browser, bma_report, ea_check_json):
    page = bma_report / "service-id-svc-bldg-permit.html"
    browser.open(page)
    seen = browser.js(
        """(() => {
          const svg = document.querySelector('figure.diagram svg');
          const node = svg && svg.querySelector('g.node[data-ref="id-svc-bldg-permit"]');
          const box = node ? node.getBoundingClientRect() : null;
          const verdicts = {};
          for (const row of document.querySelectorAll('table.verdict-table tr[data-goal]')) {
            const cell = row.querySelector('td[data-side=today] .v');
            verdicts[row.dataset.goal] = cell ? cell.dataset.verdict : null;
          }
          const evidence = [...document.querySelectorAll('td.evidence a')].map(a => a.getAttribute('href'));
          return {diagrams: document.querySelectorAll('figure.diagram svg').length,
                  nodeWidth: box ? box.width : 0, nodeHeight: box ? box.height : 0,
                  nodeLink: node ? node.querySelector('a').getAttribute('href') : null,
                  actual: svg.closest('figure').classList.contains('actual'),
                  inView: (() => { const w = svg.closest('.svg-wrap').getBoundingClientRect();
                                   return box && box.left >= w.left && box.right <= w.right; })(),
                  verdicts, evidence, title: document.querySelector('h1').innerText};
        })()"""
    )
    assert seen["diagrams"] == 2  # today and planned
    assert seen["nodeWidth"] > 20 and seen["nodeHeight"] > 10
    assert seen["nodeLink"].startswith("elements-business.html#id-svc-bldg-permit")
    # the permit's diagram is drawn A3-wide at most (issue 21): it opens fitted to the page, the service in view
    assert not seen["actual"] and seen["inView"]
    expected = next(s for s in ea_check_json["today"]["services"] if s["id"] == "id-svc-bldg-permit")["goals"]
    assert seen["verdicts"] == expected
    assert "ขออนุญาตก่อสร้าง" in seen["title"] or "Building" in seen["title"]
    assert seen["evidence"] and all(re.match(r"elements-[a-z-]+\.html#", href) for href in seen["evidence"])
    # an evidence link lands on an element index entry that exists
    target = seen["evidence"][0]
    browser.open(bma_report / target.split("#")[0], "#" + target.split("#")[1])
    assert browser.js(f"!!document.getElementById(decodeURIComponent({json.dumps(target.split('#')[1])}))")


def test_filter_narrows_the_service_list(browser, bma_report, ea_check_json):
    browser.open(bma_report / "services.html")
    total = browser.js("document.querySelectorAll('#service-table tbody tr:not([hidden])').length")
    assert total == len(ea_check_json["today"]["services"]) == 33

    def visible() -> list[str]:
        return browser.js(
            "[...document.querySelectorAll('#service-table tbody tr')].filter(r => !r.hidden).map(r => r.dataset.id)"
        )

    def choose(name: str, value: str) -> None:
        browser.js(
            f"""(() => {{ const f = document.getElementById('filters'); const el = f.elements[{json.dumps(name)}];
                 el.value = {json.dumps(value)}; el.dispatchEvent(new Event('change', {{bubbles: true}})); }})()"""
        )

    choose("outcome", "O3")
    choose("verdict", "fail")
    expected = sorted(s["id"] for s in ea_check_json["today"]["services"] if s["goals"]["O3"] == "fail")
    assert sorted(visible()) == expected and 0 < len(expected) < total
    assert browser.js("document.querySelector('#filters .shown-count').innerText") == str(len(expected))

    choose("side", "planned")
    planned = sorted(s["id"] for s in ea_check_json["planned"]["services"] if s["goals"]["O3"] == "fail")
    assert sorted(visible()) == planned and len(planned) < len(expected)

    browser.js("document.getElementById('filters').reset()")
    time.sleep(0.05)
    choose("department", "id-actor-bma-cpd")  # City Planning and Urban Development Department
    assert visible() == ["id-svc-cityplan-check"]

    browser.js("document.getElementById('filters').reset()")
    time.sleep(0.05)
    choose("district", "id-actor-bma-district-1001")  # Phra Nakhon: what every district office delivers
    by_district = visible()
    assert "id-svc-bldg-permit" in by_district and "id-svc-cityplan-check" not in by_district

    browser.js("document.getElementById('filters').reset()")
    time.sleep(0.05)
    browser.js(
        """(() => { const q = document.getElementById('filters').elements.q; q.value = 'ก่อสร้าง';
             q.dispatchEvent(new Event('input', {bubbles: true})); })()"""
    )
    assert "id-svc-bldg-permit" in visible() and len(visible()) < total

    # a scorecard link opens the list already filtered
    browser.open(bma_report / "services.html", "#side=today&outcome=O3&verdict=fail")
    assert sorted(visible()) == expected


def test_element_index_finds_an_entry(browser, bma_report):
    browser.open(bma_report / "elements-business.html", "#id-svc-bldg-permit")
    assert browser.js("document.getElementById('id-svc-bldg-permit').getBoundingClientRect().top") < 200
    total = browser.js("document.querySelectorAll('section.entry').length")
    browser.js(
        """(() => { const q = document.getElementById('ea-entry-filter').elements.q; q.value = 'ขออนุญาตก่อสร้าง';
             q.dispatchEvent(new Event('input', {bubbles: true})); })()"""
    )
    shown = browser.js("[...document.querySelectorAll('section.entry')].filter(e => !e.hidden).map(e => e.id)")
    assert "id-svc-bldg-permit" in shown and len(shown) < total


def test_thai_names_break_between_words_and_are_still_found(browser, bma_report):
    """A long Thai name carries <wbr> between its words (so a narrow cell breaks it there, not inside a
    word); the text, and so search across those breaks, is the name unchanged."""
    name = "ใบอนุญาตหรือหนังสือรับรองการแจ้งจัดตั้งสถานที่จำหน่ายอาหารหรือสะสมอาหาร"
    browser.open(bma_report / "services.html")
    cell = "document.querySelector('tr[data-id=\"id-svc-food-premises\"] td span[lang=th]')"
    assert browser.js(f"{cell}.querySelectorAll('wbr').length") > 3
    assert browser.js(f"{cell}.textContent") == name
    browser.js(
        """(() => { const q = document.getElementById('filters').elements.q; q.value = 'หนังสือรับรองการแจ้ง';
             q.dispatchEvent(new Event('input', {bubbles: true})); })()"""
    )
    visible = browser.js(
        "[...document.querySelectorAll('#service-table tbody tr[data-id]')].filter(r => !r.hidden)"
        ".map(r => r.dataset.id)"
    )
    assert visible == ["id-svc-food-premises"]


def test_matrix_sorts_by_a_heading_and_filters_rows(browser, bma_report):
    browser.open(bma_report / "matrices.html")
    first = "[...document.querySelectorAll('#matrix-services-outcomes tbody tr')].filter(r => !r.hidden)"
    browser.js("document.querySelector('#matrix-services-outcomes thead th:nth-child(7)').click()")  # O6
    browser.js("document.querySelector('#matrix-services-outcomes thead th:nth-child(7)').click()")  # worst first
    top = browser.js(f"{first}[0].cells[6].className")
    assert "v-fail" in top
    total = browser.js(f"{first}.length")
    browser.js(
        """(() => { const q = document.querySelector('#filter-services-outcomes input'); q.value = 'ก่อสร้าง';
             q.dispatchEvent(new Event('input', {bubbles: true})); })()"""
    )
    shown = browser.js(f"{first}.map(r => r.textContent)")
    assert 0 < len(shown) < total and all("ก่อสร้าง" in t for t in shown)


def test_language_switch_hides_the_other_language(browser, bma_report):
    browser.open(bma_report / "index.html")
    assert browser.js("!document.querySelector('.langswitch').hidden")
    shown = """(() => { const s = document.querySelector('h1 .bi');
                 return [...s.children].filter(c => c.getClientRects().length).map(c => c.lang).filter(Boolean); })()"""
    assert browser.js(shown) == ["th", "en"]
    browser.js("document.querySelector('.langswitch button[data-show=en]').click()")
    assert browser.js(shown) == ["en"]
    browser.js("document.querySelector('.langswitch button[data-show=th]').click()")
    assert browser.js(shown) == ["th"]
    browser.js("document.querySelector('.langswitch button[data-show=both]').click()")
    assert browser.js(shown) == ["th", "en"]


def test_without_javascript_everything_shows(browser, bma_report):
    browser.call("Emulation.setScriptExecutionDisabled", value=True)
    try:
        browser.open(bma_report / "services.html")
        seen = browser.js(
            """(() => ({rows: [...document.querySelectorAll('#service-table tbody tr')]
                               .filter(r => r.getClientRects().length).length,
                        filters: !!document.getElementById('filters').getClientRects().length,
                        langs: [...document.querySelector('h1 .bi').children].filter(c => c.getClientRects().length)
                               .map(c => c.lang).filter(Boolean)}))()"""
        )
    finally:
        browser.call("Emulation.setScriptExecutionDisabled", value=False)
    assert seen == {"rows": 33, "filters": False, "langs": ["th", "en"]}


def test_every_page_loads_offline_without_errors(browser, bma_report):
    pages = [
        "index.html",
        "services.html",
        "gap.html",
        "landscape.html",
        "strategy.html",
        "matrices.html",
        "elements-business.html",
        "service-id-svc-bldg-permit.html",
    ]
    browser.log.clear()
    for name in pages:
        browser.open(bma_report / name)
        assert browser.js("document.querySelectorAll('main').length") == 1, name
    assert browser.problems() == []
    urls = browser.requested_urls()
    assert urls, "the browser recorded no requests at all"
    leaving = [u for u in urls if not u.startswith(("file://", "data:"))]
    assert leaving == [], f"requests leave the machine: {leaving[:5]}"
    # the stylesheet and the script came from the report's own folder
    assert any(u.endswith("/assets/report.css") for u in urls) and any(u.endswith("/assets/report.js") for u in urls)


def test_screenshots_show_thai_text_and_the_scorecard(browser, bma_report, tmp_path):
    folder = _screenshot_dir(tmp_path)
    browser.open(bma_report / "index.html")
    shot = browser.screenshot(folder / "report-index.png")
    assert _png_size(shot) == (1366, 900)
    # Thai glyphs come from a real Thai font, not boxes: the heading in Thai is as wide as laid out text
    widths = browser.js(
        """(() => { const c = document.createElement('canvas').getContext('2d');
             const f = getComputedStyle(document.body).fontFamily;
             c.font = '16px ' + f; const thai = c.measureText('ภาพรวมบริการประชาชน').width;
             c.font = '16px monospace'; return {thai, tofu: c.measureText('\\u0E01').width}; })()"""
    )
    assert widths["thai"] > 60
    browser.open(bma_report / "service-id-svc-bldg-permit.html")
    shot = browser.screenshot(folder / "report-service.png")
    assert shot.stat().st_size > 20_000


def test_print_version_keeps_colours_and_breaks_pages_between_services(browser, hostile_site):
    """On the small site: printing the BMA's 33 services to PDF takes long (its print.html has the same
    template; test_report.py checks it holds every service)."""
    model, site = hostile_site
    browser.log.clear()
    browser.open(site / "print.html")
    services = browser.js("document.querySelectorAll('.print-service').length")
    assert services == len(ids(model)) == 3
    assert browser.js("[...document.images].every(img => img.complete && img.naturalWidth > 0)")
    browser.call("Emulation.setEmulatedMedia", media="print")
    browser.call("Emulation.setDeviceMetricsOverride", width=700, height=1000, deviceScaleFactor=1, mobile=False)
    try:  # laid out for paper (A4 is about 700 CSS pixels wide inside its margins)
        style = browser.js(
            """(() => { const s = getComputedStyle(document.querySelector('.print-service'));
                 const cell = getComputedStyle(document.querySelector('.v-fail'));
                 const nav = getComputedStyle(document.querySelector('header.site nav'));
                 const rows = [...document.querySelectorAll('.finding-table tr')].map(r => r.offsetHeight);
                 return {breakBefore: s.breakBefore, adjust: cell.printColorAdjust || cell.webkitPrintColorAdjust,
                         background: cell.backgroundColor, nav: nav.display, tallestRow: Math.max(...rows),
                         overflow: document.documentElement.scrollWidth - window.innerWidth}; })()"""
        )
    finally:
        browser.call("Emulation.setEmulatedMedia", media="")
        browser.call("Emulation.setDeviceMetricsOverride", width=1366, height=900, deviceScaleFactor=1, mobile=False)
    assert style["overflow"] <= 0 and style["tallestRow"] < 600, style  # no column squeezed to a word per line
    assert style["breakBefore"] == "page"
    assert style["adjust"] == "exact" and style["background"] == "rgb(239, 83, 80)"  # the fail red survives
    assert style["nav"] == "none"
    pdf = browser.pdf()  # printed for real: the cover and scorecards, then a page (or more) per service
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    assert pages >= services + 1
    assert browser.problems() == []


def test_markup_in_a_name_does_not_run(browser, hostile_site):
    model, site = hostile_site
    browser.log.clear()
    permit = ids(model)[EVIL]
    for name in ("index.html", "services.html", f"service-{permit}.html", "strategy.html", "elements-business.html"):
        browser.open(site / name)
        assert browser.js("window.__pwned === undefined"), name
        assert (
            browser.js("document.querySelectorAll('img[src=x], main script:not([type=\"application/json\"])').length")
            == 0
        ), name
    assert browser.js("document.body.innerText.includes('<script>window.__pwned=1</script>')")
    browser.open(site / "services.html")
    names = browser.js("JSON.parse(document.getElementById('services-data').textContent).services.map(s => s.name_en)")
    assert EVIL in names
    browser.open(site / f"service-{permit}.html")
    assert EVIL in browser.js("document.querySelector('h1').innerText")
    assert browser.js("[...document.querySelectorAll('figure svg text')].some(t => t.textContent.includes('<script>'))")
    assert browser.problems() == []
