"""The governance report: a static site an EA Governance board opens in a browser, from a file, offline.

    >>> from exporters import read_model
    >>> from exporters.report import write_report
    >>> index = write_report(read_model("bma.xml"), "report/")     # doctest: +SKIP
    >>> index.name                                                  # doctest: +SKIP
    'index.html'

Pages (all in `out_dir`, linked relatively, so the folder can be zipped, copied or served as is):

- `index.html`: first the executive summary (also the first page of `print.html`): services per
  verdict for each outcome, today against the target; the ten worst services with their accountable
  units; a services × outcomes heatmap (a symbol and a colour per cell); with governance registers, the
  waivers expiring within 90 days and the number of lifecycle findings; with a trend, what changed
  between the last two revisions. Then the model in numbers; the Digital Government Act scorecard
  (services per outcome and verdict) for today and, when the model has a baseline and a target
  plateau, as planned, with the gaps the plan closes.
- `services.html`: every citizen service with its verdicts, searchable and filterable in the page by
  department, district office, outcome and verdict (plain JavaScript over a JSON island; without
  JavaScript the whole list shows).
- `service-<id>.html`: one per service: who delivers it, its verdict per outcome, its review diagram
  (today and planned), every finding with its evidence (linked to the element index) and remedy, and
  its links to the BMA strategies and the National Strategy.
- `gap.html` (two plateaus only): the compliance delta and the gap matrix per layer.
- `landscape.html`, `strategy.html`: the application landscape and the strategy map.
- `matrices.html`: services × outcomes, departments × outcomes and applications × services, sortable
  and filterable in the page, each also written beside it as `matrix-<kind>.csv`.
- `roadmap.html` (a model with work packages): the plateaus and work packages on a timeline, each
  with its dates, deliverables and the citizen services it moves with the gaps closed for them.
- `elements-<layer>.html`: every element with its properties, relationships and the views it is in (a
  layer of more than `page_size` elements takes several pages, `elements-<layer>-<n>.html`, with a pager).
- `views.html` and `view-<id>.html`: every view of the model, drawn as the model draws it, each node a
  link to its element's entry.
- `validation.html`: what `ea validate` finds, by rule, each finding linked to its concept.
- `print.html`: the whole report as one document, a page per service, for printing or PDF.
- `pack.html` (with `pack=True`): the printable review pack `ea review --pdf` prints: one A4 page per
  section, the executive summary, each service with its diagrams, the gap matrix, the roadmap.

Every page has a model-wide search over element and view names in both languages (search as you
type); its index, `assets/search-index.js`, loads when the reader first uses the box.

Thai and English show side by side; a switch (which needs JavaScript) shows one of them. Nothing is
fetched from the network: the pages carry a Content-Security-Policy that allows only the report's own
files, the stylesheet and script are copied beside the pages, Thai text uses the reader's system fonts
(Sarabun, Noto Sans Thai, Leelawadee UI, Thonburi, or the TLWG fonts on Linux), and the diagrams are
inlined as SVG. Names from the model are always text: the templates autoescape, the JSON island is
escaped for HTML, and the SVG is rebuilt from a parsed tree with only drawing elements kept.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

import ea_model
from ea_model.compliance.evaluation import GOAL_VERDICTS
from ea_model.compliance.formatting import legend_texts
from ea_model.errors import EaError
from ea_model.findings import Finding
from ea_model.matrices import KINDS as MATRIX_KINDS
from ea_model.metamodel import Layer
from ea_model.model import Model
from ea_model.objects import LangString, text_in
from ea_model.roadmap import roadmap
from ea_model.text_wrap import break_opportunities, display_width
from ea_model.validation import validate_model
from exporters.atomic import atomic_write_bytes, atomic_write_text
from exporters.diagrams.notation import LAYER_LABEL
from exporters.diagrams.rendering import render_all, require_dot
from exporters.diagrams.roadmap import write_roadmap
from exporters.report.data import SUMMARY_VERDICTS, ReportData, collect, filter_island
from exporters.report.figures import DiagramPlan, plan_diagrams
from exporters.report.governance import Registers, build_view
from exporters.report.index import PAGE_SIZE, Index, unique_slugs
from exporters.report.matrix_page import matrix_tables, write_matrix_csv
from exporters.report.org import ALL_DISTRICTS
from exporters.report.search import FILE as SEARCH_INDEX
from exporters.report.search import search_index_script
from exporters.report.svg import clean_svg_document, inline_svg
from exporters.report.text import VERDICT_SYMBOL, pair, term, verdict_term
from exporters.report.trend import trend_chart
from exporters.report.validation_page import validation_view
from exporters.report.views import Link, ViewPages

__all__ = ["CSP", "write_report"]

Progress = Callable[[int, int, Path], None]

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
ASSETS = ("report.css", "report.js")
# Only the report's own files: no network, no inline script (the JSON island is data, not script).
CSP = (
    "default-src 'none'; script-src 'self' file:; style-src 'self' 'unsafe-inline' file:; "
    "img-src 'self' data: file:; font-src 'self' data: file:; connect-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)
GAP_KINDS = ("kept", "changed", "new", "eliminated", "dangling")


def write_report(
    model: Model,
    out_dir: str | os.PathLike,
    *,
    lang: str = "th",
    progress: Progress | None = None,
    baseline: str | None = None,
    target: str | None = None,
    jobs: int | None = None,
    today: dt.date | None = None,
    governance: Registers | None = None,
    pack: bool = False,
    findings: list[Finding] | None = None,
    page_size: int = PAGE_SIZE,
) -> Path:
    """Write the governance report for `model` into `out_dir` (created when missing) and return the path
    of its `index.html`.

    `lang` ("th" or "en") is the language shown first; both are always there. `baseline`/`target` name
    the plateaus to compare (ids or names; by default read from the migration plan: see
    `exporters.report.data.pick_plateaus`). `progress(done, total, path)` is called for each file
    written; `jobs` is the number of Graphviz processes at a time (default: the CPU count). `today` is the
    date the checks evaluate as of and the report is dated (default: today).
    `governance` (an `exporters.report.governance.Registers`) adds waived findings to the service pages,
    decision records to the element pages and a governance page (portfolio, lifecycle, waivers).
    `pack` also writes `pack.html`, the page `exporters.report.pdf.print_pack` prints.
    `findings` are the validation findings the validation page shows (default: `validate_model(model)`);
    `page_size` the most elements an element index page lists.
    Raises EaError for a bad plateau, a folder that cannot be written, or a missing Graphviz.
    """
    if lang not in ("th", "en"):
        raise EaError(f"unknown report language {lang!r} (use th or en)")
    out = _prepare(Path(out_dir))
    model_ids = [s.id for s in model.elements(type="BusinessService")]
    slugs = unique_slugs(model_ids)
    data = collect(
        model, baseline=baseline, target=target, service_page=lambda sid: f"service-{slugs[sid]}.html", today=today
    )
    views = ViewPages(model)
    index = Index(model, page_size=max(1, page_size))
    index.fill(views.used_in)
    if findings is None:
        findings = validate_model(model)
    site = _Site(out, data, index, lang, progress, governance, pack=pack, views=views, findings=findings)
    site.plan(slugs)
    # `dot` runs in subprocesses: draw while the pages that show no inline diagram are rendered
    with ThreadPoolExecutor(max_workers=1) as pool:
        drawing = pool.submit(site.render_diagrams, jobs or os.cpu_count() or 2)
        site.write_text_pages()
        drawing.result()
    site.write_diagram_pages()
    return out / "index.html"


def _prepare(out: Path) -> Path:
    if out.exists() and not out.is_dir():
        raise EaError("the report folder is a file; give a folder (it is created when missing)", file=str(out))
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / "diagrams").mkdir(exist_ok=True)
    except OSError as exc:
        raise EaError(f"cannot create the report folder: {exc.strerror or exc}", file=str(out)) from None
    if not os.access(out, os.W_OK):
        raise EaError("the report folder is not writable", file=str(out))
    return out


class _Site:
    """Renders and writes one report."""

    def __init__(
        self,
        out: Path,
        data: ReportData,
        index: Index,
        lang: str,
        progress: Progress | None,
        governance: Registers | None = None,
        *,
        pack: bool = False,
        views: ViewPages | None = None,
        findings: list[Finding] | None = None,
    ) -> None:
        self.pack = pack
        self.plan_of_work = None  # the roadmap, once its page is written
        self.views = views or ViewPages(data.model)
        self.validation = validation_view(findings or [])
        self.gov = build_view(data, governance, lang) if governance is not None else None
        self.out = out
        self.data = data
        self.index = index
        self.lang = lang
        self.progress = progress
        self.svgs: dict[str, Markup] = {}
        self.todo = DiagramPlan()
        self.done = 0
        self.total = 0
        self._lock = threading.Lock()
        self.env = _environment()
        self.common = self._common()

    # ---- diagrams ---------------------------------------------------------------------------------

    def plan(self, slugs: dict[str, str]) -> None:
        self.todo = plan_diagrams(self.data, slugs, self.lang)
        self.todo.diagrams += self.views.diagrams(self.lang)
        if self.todo.diagrams:
            require_dot()  # before any page is written
        pages = (
            6 + len(MATRIX_KINDS) + len(self.data.services) + len(self.index.pages) + (1 if self.data.planned else 0)
        )
        pages += (1 if self.gov is not None else 0) + (1 if self.pack else 0)
        pages += 2 + len(self.views.entries)  # views.html, validation.html, a page per view
        self.total = len(self.todo.diagrams) + pages + len(ASSETS) + 1  # the search index

    def render_diagrams(self, jobs: int) -> None:

        if not self.todo.diagrams:
            return
        folder = self.out / "diagrams"
        written = render_all(self.todo.diagrams, folder, fmt="svg", jobs=jobs, progress=lambda d, t, p: self._tick(p))
        for path in written:
            stem, raw = path.stem, path.read_bytes()
            link = self.views.link(stem, self.index.url) or self.index.url
            self.svgs[stem] = Markup(inline_svg(raw, f"{stem}--", link, source=str(path)))
            # the file "open full size" shows: cleaned the same way, its links one folder up
            atomic_write_bytes(path, clean_svg_document(raw, _one_folder_up(link), source=str(path)))

    def _url_from_diagrams(self, ref: str) -> str | None:
        return _one_folder_up(self.index.url)(ref)

    # ---- pages ------------------------------------------------------------------------------------

    def write_text_pages(self) -> None:
        """The pages with no inline diagram (the print version shows the diagram files as images)."""
        data, common = self.data, self.common
        legend = legend_texts(data.goals)
        advice = data.today.result.advice
        self._page("index.html", "index.html", common, page_kind="overview", legend_texts=legend, advice=advice)
        has_all = any(ALL_DISTRICTS in s.districts for s in data.services)
        self._page(
            "services.html",
            "services.html",
            common,
            page_kind="services",
            island=filter_island(data),
            has_all_districts=has_all,
        )
        if data.planned is not None and data.gap is not None:
            self._page("gap.html", "gap.html", common, page_kind="gap", gap_kinds=GAP_KINDS)
        for page in self.index.pages:
            self._page(page.file, "elements.html", common, page_kind="elements", index_page=page)
        self._page("validation.html", "validation.html", common, page_kind="validation", validation=self.validation)
        search = self.out / "assets" / SEARCH_INDEX
        atomic_write_text(search, search_index_script(self.index, self.views))
        self._tick(search)
        tables = matrix_tables(data)
        for table in tables:
            self._tick(write_matrix_csv(table, self.out, self.lang))
        self._page("matrices.html", "matrices.html", common, page_kind="matrices", matrices=tables)
        if self.has_roadmap:
            self._roadmap_page(common)
        self._page("print.html", "print.html", common, page_kind="print", print_mode=True)
        if self.pack:
            self._page(
                "pack.html",
                "pack.html",
                common,
                page_kind="pack",
                print_mode=True,
                plan=self.plan_of_work,
                gap_kinds=GAP_KINDS,
            )
        if self.gov is not None:
            self._page("governance.html", "governance.html", common, page_kind="governance")
        for name in ASSETS:
            target = self.out / "assets" / name
            atomic_write_bytes(target, (STATIC / name).read_bytes())
            self._tick(target)

    @property
    def has_roadmap(self) -> bool:
        return any(True for _ in self.data.model.elements(type="WorkPackage"))

    def _roadmap_page(self, common: dict[str, Any]) -> None:
        plan = self.plan_of_work = roadmap(self.data.model, catalog=self.data.catalog, today=self.data.as_of)
        path = write_roadmap(plan, self.out / "diagrams" / "roadmap.svg", self.lang)
        raw = path.read_bytes()
        atomic_write_bytes(path, clean_svg_document(raw, self._url_from_diagrams, source=str(path)))
        self._tick(path)
        svg = Markup(inline_svg(raw, "roadmap--", self.index.url, source=str(path)))
        self._page("roadmap.html", "roadmap.html", common, page_kind="roadmap", plan=plan, roadmap_svg=svg)

    def write_diagram_pages(self) -> None:
        common = self.common
        for s in self.data.services:
            self._page(s.page, "service.html", common, page_kind="service", s=s)
        for kind, diagrams in (("landscape", self.todo.landscapes), ("strategy", self.todo.strategy)):
            self._page(
                f"{kind}.html",
                "diagram_page.html",
                common,
                page_kind=kind,
                diagrams=diagrams,
                too_large=self.todo.too_large,
            )
        self._page("views.html", "views.html", common, page_kind="views", view_entries=self.views.entries)
        for entry in self.views.entries:
            self._page(entry.file, "view.html", common, page_kind="views", v=entry)

    def _page(self, file: str, template: str, common: dict[str, Any], **context: Any) -> None:
        html = self.env.get_template(template).render({**common, **context})
        path = self.out / file
        atomic_write_text(path, html)
        self._tick(path)

    def _tick(self, path: Path) -> None:
        with self._lock:  # pages and diagrams finish on different threads
            self.done += 1
            if self.progress is not None:
                self.progress(self.done, max(self.total, self.done), path)

    def _common(self) -> dict[str, Any]:
        data, model = self.data, self.data.model
        nav = [
            {"kind": "overview", "href": "index.html"},
            {"kind": "services", "href": "services.html"},
        ]
        if data.planned is not None:
            nav.append({"kind": "gap", "href": "gap.html"})
        nav += [
            {"kind": "landscape", "href": "landscape.html"},
            {"kind": "strategy", "href": "strategy.html"},
            {"kind": "matrices", "href": "matrices.html"},
            *([{"kind": "roadmap", "href": "roadmap.html"}] if self.has_roadmap else []),
            {"kind": "elements", "href": self.index.pages[0].file if self.index.pages else "index.html"},
            {"kind": "views", "href": "views.html"},
            {"kind": "validation", "href": "validation.html"},
            {"kind": "print", "href": "print.html"},
        ]
        if self.gov is not None:
            elements = next(i for i, item in enumerate(nav) if item["kind"] == "elements")
            nav.insert(elements, {"kind": "governance", "href": "governance.html"})
        name = model.info.name or {"en": Path(model.source).stem if model.source else "model"}
        return {
            "lang": self.lang,
            "order": ("th", "en") if self.lang == "th" else ("en", "th"),
            "csp": CSP,
            "version": ea_model.__version__,
            "generated": (self.data.as_of or dt.date.today()).isoformat(),
            "source": Path(model.source).name if model.source else "",
            "model_name": name,
            "model_doc": model.info.documentation,
            "counts": model.counts(),
            "data": data,
            "nav": nav,
            "goal_verdicts": GOAL_VERDICTS,
            "summary_verdicts": SUMMARY_VERDICTS,
            "all_districts": ALL_DISTRICTS,
            "layer_pages": [p for p in self.index.pages if p.part == 1],
            "service_pages": {s.id: s.page for s in data.services},
            "ref": self._ref,
            "ref_type": lambda ref: model.type_of(ref) if ref in model else "",
            "svg": lambda stem: self.svgs.get(stem),
            "trend_chart": lambda goal: trend_chart(data.trend, goal),
            "print_mode": False,
            "gov": self.gov,
        }

    def _ref(self, ref: str) -> dict[str, Any]:
        """What a link to a concept shows: its name (a relationship without one: its type and ends)."""
        model = self.data.model
        concept = model.get_concept(ref)
        if concept is None:
            view = self.views.entry_of(ref)
            if view is not None:
                return {"id": ref, "url": view.file, "name": view.view.name or {"": ref}, "type": "View"}
            return {"id": ref, "url": None, "name": {"": ref}, "type": ""}
        name: LangString = concept.name
        if not any(name.values()):
            if model.is_relationship(ref):
                rel = model.relationship(ref)
                ends = [text_in(model.get_concept(e).name, self.lang) or e for e in (rel.source, rel.target)]
                name = {"": f"{rel.type}: {ends[0]} → {ends[1]}"}
            else:
                name = {"": ref}
        return {"id": ref, "url": self.index.url(ref), "name": name, "type": concept.type}


WORD_BREAKS_FROM = 16  # display columns: shorter names fit any table cell and are left alone


def _one_folder_up(link: Link) -> Link:
    def up(ref: str) -> str | None:
        url = link(ref)
        return f"../{url}" if url else None

    return up


def word_breaks(text: str) -> Markup:
    """`text` escaped, with `<wbr>` between Thai words: Thai has no spaces, so without them a browser
    either overflows a narrow table cell or (with overflow-wrap) cuts a word in the middle. `<wbr>`
    adds nothing to the text, so copying, search and the page's filters see the name unchanged."""
    if display_width(text) < WORD_BREAKS_FROM or not any("\u0e00" <= ch <= "\u0e7f" for ch in text):
        return Markup.escape(text)
    return Markup("<wbr>").join(Markup.escape(piece) for piece in break_opportunities(text))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    env.filters["word_breaks"] = word_breaks
    # Thai stays readable in the JSON island; `tojson` still escapes < > & ' for HTML.
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    env.globals.update(
        T=term,
        V=verdict_term,
        pair=pair,
        symbol=lambda v: VERDICT_SYMBOL.get(v, "?"),
        layer_name=_layer_name,
    )
    return env


def _layer_name(layer: Layer) -> dict[str, str]:
    th, en = LAYER_LABEL.get(layer, (layer.value, layer.value))
    return {"th": th, "en": en}
