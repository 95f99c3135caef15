"""Views and folders of the bundled BMA model (used by ``catalog.bma_model.build_bma_model``).

Every view is a simple grid: rows of same-sized nodes, centred, never overlapping, at non-negative
integer coordinates, so Archi opens it readably; a layout engine may re-lay it. A connection is drawn
for each relationship between two elements on the view (of the view's relationship types), and, on a
view of one plateau, only for the concepts that belong to that plateau.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from catalog.bma_builder import BASELINE, PLATEAUS, TARGET, BmaBuilder, element_id
from catalog.bma_parts import service_changes
from ea_model.objects import Bounds, OrganizationItem, View, ViewConnection, ViewNode

NODE_W, NODE_H, GAP_X, GAP_Y, MARGIN = 180, 60, 30, 50, 20
KEY_SERVICES = ("bldg-permit", "food-premises", "cctv", "house-no", "elderly-allow")
PLATEAU_NAMES = {BASELINE: {"th": "ปัจจุบัน", "en": "baseline"}, TARGET: {"th": "เป้าหมาย", "en": "target"}}


def add_views(b: BmaBuilder) -> None:
    views = [_organisation(b), _districts(b), _strategy(b)]
    views.extend(_catalogue(b, plateau) for plateau in PLATEAUS)
    views.extend(_landscape(b, plateau) for plateau in PLATEAUS)
    views += [_agencies(b), _information(b), _technology(b), _migration(b)]
    for key in KEY_SERVICES:
        views.extend(_service_view(b, key, plateau) for plateau in PLATEAUS)
    for svc in b.src["services"]["services"]:
        if svc["key"] not in KEY_SERVICES:
            views.append(_service_view(b, svc["key"], TARGET, suffix=service_changes(b, svc)))
    b.model.views.extend(views)
    b.model.organizations = _folders(b)


# ---- the grid ----------------------------------------------------------------------------------


def grid_view(
    b: BmaBuilder,
    key: str,
    name: dict,
    viewpoint: str,
    rows: Iterable[Iterable[str]],
    *,
    plateau: str | None = None,
    rel_types: Iterable[str] | None = None,
    per_row: int = 10,
    documentation: dict | None = None,
) -> View:
    """A view of `rows` of element ids (duplicates and elements outside `plateau` dropped)."""
    view_id = f"id-view-{key}"
    placed: dict[str, str] = {}
    lines: list[list[str]] = []
    for row in rows:
        kept = [e for e in dict.fromkeys(row) if e not in placed and _in_plateau(b, e, plateau)]
        for start in range(0, len(kept), per_row):
            lines.append(kept[start : start + per_row])
            for eid in kept[start : start + per_row]:
                placed[eid] = f"{view_id}.{eid.removeprefix('id-')}"
    width = max((len(line) for line in lines), default=0)
    nodes = []
    for r, line in enumerate(lines):
        indent = (width - len(line)) * (NODE_W + GAP_X) // 2
        for c, eid in enumerate(line):
            x, y = MARGIN + indent + c * (NODE_W + GAP_X), MARGIN + r * (NODE_H + GAP_Y)
            nodes.append(ViewNode(id=placed[eid], element_ref=eid, bounds=Bounds(x=x, y=y, w=NODE_W, h=NODE_H)))
    wanted = set(rel_types) if rel_types is not None else None
    connections = []
    for rel in b.model.relationships():
        if rel.source in placed and rel.target in placed and (wanted is None or rel.type in wanted):
            if _in_plateau(b, rel.id, plateau):
                connections.append(
                    ViewConnection(
                        id=f"{view_id}.{rel.id.removeprefix('id-')}",
                        relationship_ref=rel.id,
                        source=placed[rel.source],
                        target=placed[rel.target],
                    )
                )
    return View(
        id=view_id,
        name=name,
        viewpoint=viewpoint,
        nodes=nodes,
        connections=connections,
        documentation=documentation or {},
    )


def _in_plateau(b: BmaBuilder, ref: str, plateau: str | None) -> bool:
    return plateau is None or plateau in b.plateaus_of.get(ref, PLATEAUS)


def _suffix(name: dict, plateau: str) -> dict:
    return {lang: f"{text} ({PLATEAU_NAMES[plateau][lang]})" for lang, text in name.items()}


def _related(
    b: BmaBuilder,
    ids: Iterable[str],
    rel_types: set[str],
    direction: str,
    keep: Callable[[str], bool] = lambda t: True,
    plateau: str | None = None,
) -> list[str]:
    """Elements one relationship of `rel_types` (in `plateau`) away from `ids` ("in": sources of incoming
    relationships, "out": targets of outgoing ones)."""
    found: list[str] = []
    for eid in ids:
        rels = b.model.incoming(eid, rel_types) if direction == "in" else b.model.outgoing(eid, rel_types)
        for rel in rels:
            if not _in_plateau(b, rel.id, plateau):
                continue
            other = rel.source if direction == "in" else rel.target
            element = b.model.get_element(other)
            if element is not None and keep(element.type):
                found.append(other)
    return list(dict.fromkeys(found))


def _of_type(*types: str) -> Callable[[str], bool]:
    return lambda t: t in types


# ---- the views ---------------------------------------------------------------------------------


def _organisation(b: BmaBuilder) -> View:
    """The BMA, its non-department units and their parts, then the departments and their divisions."""
    units = {u["id"]: u for u in b.src["agencies"]["agencies"] if "dopa_code" not in u}
    departments = [
        element_id("actor", u) for u, e in units.items() if e.get("unit") == "department" or e.get("affiliated")
    ]
    root = element_id("actor", "BMA")

    def children(ids: list[str]) -> list[str]:
        return [
            c
            for c in _related(b, ids, {"Composition", "Aggregation"}, "out", _of_type("BusinessActor"))
            if c in b.groups["org"]
        ]

    offices = [c for c in children([root]) if c not in departments]
    rows = [[root], offices, children(offices), departments, children(departments)]
    return grid_view(
        b,
        "organisation",
        {"th": "โครงสร้างองค์กรกรุงเทพมหานคร", "en": "BMA organisation"},
        "Organization",
        rows,
        rel_types={"Composition", "Aggregation"},
        per_row=16,
        documentation={
            "en": "BMA-ACT s.9 and s.60: the Council, the Governor, the offices and the "
            "district offices with their common sections; then the 15 departments identified "
            "(BMA counts 16) and their divisions."
        },
    )


def _districts(b: BmaBuilder) -> View:
    collective = element_id("actor", "BMA-DISTRICTS")
    sections = [c for c in _related(b, [collective], {"Composition"}, "out") if c in b.groups["org"]]
    return grid_view(
        b,
        "districts",
        {"th": "สำนักงานเขต 50 แห่ง", "en": "The 50 district offices"},
        "Organization",
        [[collective], sections, b.groups["district"]],
        rel_types={"Composition"},
        per_row=10,
        documentation={"en": "DOPA codes 1001-1050 are the districts' `dopa_code` property."},
    )


def _service_view(b: BmaBuilder, key: str, plateau: str, *, suffix: bool = True) -> View:
    """The service realization view of one service in one plateau (named without the plateau when the
    service is the same in both)."""
    m = b.model
    sid, pid = element_id("svc", key), element_id("proc", key)

    def near(ids, types, direction, keep=lambda t: True):
        return _related(b, ids, types, direction, keep, plateau)

    app = _of_type("ApplicationService", "ApplicationComponent", "ApplicationInterface")
    channels = near([sid], {"Assignment", "Serving"}, "in", _of_type("BusinessInterface", "ApplicationInterface"))
    served = near([sid, pid], {"Serving"}, "in", _of_type("ApplicationService"))
    junctions = near([sid, pid], {"Serving"}, "in", _of_type("AndJunction", "OrJunction"))
    served += [s for s in near(junctions, {"Serving"}, "in", _of_type("ApplicationService")) if s not in served]
    components = near(channels + served, {"Composition", "Realization"}, "in", _of_type("ApplicationComponent"))
    platforms = near(channels + components, {"Serving", "Flow"}, "in", _of_type("ApplicationService"))
    steps = near([pid], {"Composition"}, "out")
    documents = near([pid], {"Access"}, "out", _of_type("BusinessObject"))
    produced = near([pid], {"Access"}, "out", _of_type("DataObject"))
    issuers = near(documents, {"Access"}, "in", _of_type("BusinessActor", "BusinessRole"))
    behind = near(documents, {"Realization"}, "in", _of_type("Representation", "DataObject"))
    readers = near(behind + produced, {"Access"}, "in", app)
    readers = [r for r in readers if r in served + platforms or m.type_of(r) == "ApplicationComponent"]
    rows = [
        near([sid], {"Realization", "Serving"}, "out", _of_type("Goal", "BusinessRole")),
        [sid],
        near([sid], {"Assignment"}, "in", _of_type("BusinessActor")) + channels,
        components + junctions,
        served + platforms,
        [pid, *near([pid], {"Assignment"}, "in", _of_type("BusinessActor"))],
        steps,
        documents + produced,
        issuers + behind,
        readers,
    ]
    name = {
        lang: f"บริการ: {text}" if lang == "th" else f"Service: {text}" for lang, text in m.element(sid).name.items()
    }
    return grid_view(
        b,
        f"svc-{key}-{plateau}" if suffix else f"svc-{key}",
        _suffix(name, plateau) if suffix else name,
        "Layered",
        rows,
        plateau=plateau,
        per_row=9,
        documentation={
            "en": "Who serves whom, with what: channels, platforms, process steps, the "
            "documents the process reads (their issuers, paper copies and data), the data "
            "it produces and who publishes it."
        },
    )


def _catalogue(b: BmaBuilder, plateau: str) -> View:
    g = b.groups
    channels = g["counter"] + [
        i
        for i in g.get("bma_app_interface", []) + g.get("platform_interface", [])
        if _related(b, [i], {"Serving"}, "out", _of_type("BusinessService"))
    ]
    return grid_view(
        b,
        f"catalogue-{plateau}",
        _suffix({"th": "บัญชีบริการและช่องทาง", "en": "Services and channels"}, plateau),
        "Layered",
        [g["life_event"], g["service"], g["process"], channels],
        plateau=plateau,
        rel_types={"Assignment", "Serving", "Realization", "Aggregation"},
        per_row=11,
        documentation={"en": "Every citizen service, its process and the channels that reach it."},
    )


def _landscape(b: BmaBuilder, plateau: str) -> View:
    g = b.groups
    rows = [
        g.get("bma_app_interface", []),
        g.get("bma_app", []),
        g.get("bma_app_service", []),
        g.get("platform_service", []),
        g.get("platform", []),
        g.get("platform_interface", []),
    ]
    return grid_view(
        b,
        f"landscape-{plateau}",
        _suffix({"th": "ภูมิทัศน์ระบบงาน", "en": "Application landscape"}, plateau),
        "Application Cooperation",
        rows,
        plateau=plateau,
        rel_types={"Composition", "Realization", "Serving", "Flow"},
        per_row=11,
        documentation={"en": "BMA systems (top) and the national platforms (bottom) with the links between them."},
    )


def _agencies(b: BmaBuilder) -> View:
    g = b.groups
    agencies = [element_id("actor", "BMA"), *g["agency"]]
    operated = _related(b, agencies + g["org"], {"Association"}, "out", _of_type("ApplicationComponent"))
    bma_apps = [a for a in operated if a in g.get("bma_app", [])]
    return grid_view(
        b,
        "agencies",
        {"th": "หน่วยงานและแพลตฟอร์มที่ดูแล", "en": "Agencies and the platforms they run"},
        "Layered",
        [agencies, [a for a in operated if a not in bma_apps], g["org"], bma_apps],
        rel_types={"Association"},
        per_row=11,
        documentation={
            "en": "Who operates each national platform and BMA system (catalog/dga/platforms.yaml "
            "has the operators; the BMA units operating BMA systems are partly unsourced)."
        },
    )


def _information(b: BmaBuilder) -> View:
    g = b.groups
    return grid_view(
        b,
        "information",
        {"th": "เอกสารและข้อมูล", "en": "Documents and data"},
        "Information Structure",
        [g["document"], g["copy"], g["data"]],
        rel_types={"Realization"},
        per_row=12,
        documentation={
            "en": "The documents services ask for, their paper copies and the data behind "
            "them; then the data the services produce."
        },
    )


def _technology(b: BmaBuilder) -> View:
    tech = b.groups["location"] + b.groups["technology"]
    m = b.model
    by_type = {
        t: [e for e in tech if m.type_of(e) == t]
        for t in ("Location", "Node", "CommunicationNetwork", "TechnologyService")
    }
    hosted = _related(b, by_type["TechnologyService"], {"Serving"}, "out", _of_type("ApplicationComponent"))
    rows = [
        by_type["Location"],
        by_type["Node"] + by_type["CommunicationNetwork"],
        by_type["TechnologyService"],
        hosted,
    ]
    return grid_view(
        b,
        "technology",
        {"th": "โครงสร้างพื้นฐานเทคโนโลยี", "en": "Technology"},
        "Layered",
        rows,
        documentation={
            "en": "Which systems run in the BMA Data Center is not sourced: those links carry confidence low."
        },
    )


def _strategy(b: BmaBuilder) -> View:
    g = b.groups
    motivation = g["motivation"]
    m = b.model
    rows = [
        g["national_goal"],
        g["bma_goal"],
        [e for e in motivation if m.type_of(e) == "Outcome"] + g["strategy"],
        [e for e in motivation if m.type_of(e) == "Driver"],
        g["service"],
    ]
    return grid_view(
        b,
        "strategy",
        {
            "th": "ยุทธศาสตร์: 9 ด้าน 9 ดี และยุทธศาสตร์ชาติ",
            "en": "Strategy: 9 Aspects 9 Improvements and the National Strategy",
        },
        "Layered",
        rows,
        rel_types={"Influence", "Realization"},
        per_row=11,
        documentation={
            "en": "Services realize the BMA's nine goals, which influence the National "
            "Strategy's six pillars; the Digital Government Act drives the seven outcomes."
        },
    )


def _migration(b: BmaBuilder) -> View:
    m = b.model
    migration = b.groups["migration"]
    by_type = {t: [e for e in migration if m.type_of(e) == t] for t in ("Plateau", "WorkPackage", "Deliverable")}
    realized = _related(b, by_type["Deliverable"], {"Realization"}, "out")
    services = _related(b, by_type["WorkPackage"], {"Association"}, "out", _of_type("BusinessService"))
    rows = [by_type["Plateau"], by_type["WorkPackage"], by_type["Deliverable"], realized, services]
    return grid_view(
        b,
        "migration",
        {"th": "แผนการเปลี่ยนผ่าน: ปัจจุบันสู่เป้าหมาย", "en": "Migration: baseline to target"},
        "Implementation and Migration",
        rows,
        rel_types={"Triggering", "Realization", "Association"},
        per_row=11,
        documentation={
            "en": "The work packages that realize the target plateau and the services each "
            "moves. `ea gap` lists what changes."
        },
    )


# ---- folders -----------------------------------------------------------------------------------

_FOLDERS = (
    (
        "Business",
        "ธุรกิจ",
        [
            ("Organisation", "องค์กร", ["org", "role", "agency"]),
            ("District offices", "สำนักงานเขต", ["district"]),
            ("Services", "บริการ", ["service"]),
            ("Processes", "กระบวนการ", ["process", "step"]),
            ("Channels", "ช่องทาง", ["counter"]),
            ("Documents", "เอกสาร", ["document", "copy"]),
        ],
    ),
    (
        "Application",
        "แอปพลิเคชัน",
        [
            ("BMA systems", "ระบบของ กทม.", ["bma_app", "bma_app_service", "bma_app_interface"]),
            ("National platforms", "แพลตฟอร์มกลางภาครัฐ", ["platform", "platform_service", "platform_interface"]),
            ("Data", "ข้อมูล", ["data"]),
        ],
    ),
    ("Technology & Physical", "เทคโนโลยี", [(None, None, ["technology"])]),
    ("Motivation", "แรงจูงใจ", [(None, None, ["national_goal", "bma_goal", "motivation"])]),
    ("Implementation & Migration", "การดำเนินการและการเปลี่ยนผ่าน", [(None, None, ["migration"])]),
)


def _refs(b: BmaBuilder, *groups: str) -> list[OrganizationItem]:
    return [OrganizationItem(ref=e) for g in groups for e in b.groups.get(g, [])]


def _folders(b: BmaBuilder) -> list[OrganizationItem]:
    top = []
    for label_en, label_th, subs in _FOLDERS:
        items: list[OrganizationItem] = []
        for sub_en, sub_th, groups in subs:
            refs = [OrganizationItem(ref=e) for g in groups for e in b.groups.get(g, [])]
            items.extend(refs if sub_en is None else [OrganizationItem(label={"th": sub_th, "en": sub_en}, items=refs)])
        top.append(OrganizationItem(label={"th": label_th, "en": label_en}, items=items))
    top.insert(0, OrganizationItem(label={"th": "กลยุทธ์", "en": "Strategy"}, items=_refs(b, "strategy")))
    top.append(
        OrganizationItem(label={"th": "อื่น ๆ", "en": "Other"}, items=_refs(b, "life_event", "location", "junction"))
    )
    top.append(
        OrganizationItem(
            label={"th": "ความสัมพันธ์", "en": "Relations"},
            items=[OrganizationItem(ref=r.id) for r in b.model.relationships()],
        )
    )
    top.append(
        OrganizationItem(
            label={"th": "มุมมอง", "en": "Views"}, items=[OrganizationItem(ref=v.id) for v in b.model.views]
        )
    )
    return top
