"""The citizen-service part of a synthetic model (scripts/generate_model.py), built by the modelling
conventions (docs/modeling-conventions.md): roles, agencies, platforms, strategies, shared
documents, services with their processes, documents, channels, fees, identity and produced data,
two plateaus, work packages and a few views.

It is small (about 5% of the model), so it is built in memory; the generator streams the rest.
Deliberate imperfections (services with no digital channel, no e-payment, paper-only documents,
unclassified data, a surcharge on the digital fee) give the DGA checks findings to report, and the
two plateaus differ (new services, retired paper copies, new channels) so a gap has work.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ea_model import metamodel
from scripts.synthetic_vocabulary import (
    DEPARTMENTS,
    DISTRICTS,
    NATIONAL_AGENCIES,
    PLATFORMS,
    SERVICE_KINDS,
    SHARED_DOCUMENTS,
    TOPICS,
    WORK_PACKAGES,
    district_agency,
    strategy_goals,
)

BOTH, BASELINE, TARGET = 0, 1, 2
ELEMENTS_PER_SERVICE = 6.5  # a service, its process, two steps, a form, produced data, an e-form most of the time


@dataclass
class El:
    id: str
    type: str
    th: str
    en: str
    props: list[tuple[str, str, str]] = field(default_factory=list)  # (property name, value, xml:lang or "")
    doc: tuple[str, str] | None = None
    plateau: int = BOTH


@dataclass
class Rel:
    id: str
    type: str
    source: str
    target: str
    access_type: str | None = None
    modifier: str | None = None
    is_directed: bool = False
    plateau: int = BOTH
    name_th: str | None = None
    name_en: str | None = None
    props: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class ViewSpec:
    id: str
    th: str
    en: str
    viewpoint: str | None
    nodes: list[tuple[str, str, tuple[int, int, int, int]]] = field(default_factory=list)  # node id, element, bounds
    connections: list[tuple[str, str, str, str]] = field(default_factory=list)  # id, relationship, source, target


@dataclass
class Landscape:
    elements: list[El]
    relationships: list[Rel]
    views: list[ViewSpec]
    baseline_id: str
    target_id: str
    service_ids: list[str]


class _Builder:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.elements: list[El] = []
        self.relationships: list[Rel] = []
        self.by_id: dict[str, El] = {}
        self.names: set[tuple[str, str]] = set()

    def new_id(self) -> str:
        return f"id-{self.rng.getrandbits(128):032x}"

    def el(self, etype: str, th: str, en: str, *props: tuple[str, str], plateau: int = BOTH, doc=None) -> El:
        if (etype, th) in self.names or (etype, en) in self.names:  # keep names distinct per type, as a modeller would
            th, en = f"{th} ({len(self.elements)})", f"{en} ({len(self.elements)})"
        self.names.update(((etype, th), (etype, en)))
        element = El(self.new_id(), etype, th, en, [(k, v, "") for k, v in props], doc, plateau)
        self.elements.append(element)
        self.by_id[element.id] = element
        return element

    def rel(self, rtype: str, source: El, target: El, plateau: int = BOTH, **extra) -> Rel:
        if not metamodel.is_allowed(rtype, source.type, target.type):
            raise AssertionError(f"{rtype} {source.type} -> {target.type} is not allowed")
        ends = {p for p in (source.plateau, target.plateau, plateau) if p}
        if len(ends) > 1:
            raise AssertionError(f"{rtype} {source.en} -> {target.en} joins concepts no plateau holds together")
        rel = Rel(self.new_id(), rtype, source.id, target.id, plateau=ends.pop() if ends else BOTH, **extra)
        self.relationships.append(rel)
        return rel


def service_count(n: int) -> int:
    return max(3, round(0.05 * n / ELEMENTS_PER_SERVICE))


def build_landscape(n: int, seed: int) -> Landscape:
    rng = random.Random(f"landscape-{seed}")
    b = _Builder(rng)
    roles = {
        "citizen": b.el("BusinessRole", "ประชาชน", "Citizen", ("party", "citizen")),
        "business": b.el("BusinessRole", "ผู้ประกอบการ", "Business operator", ("party", "business")),
    }
    bma = b.el("BusinessActor", "กรุงเทพมหานคร", "Bangkok Metropolitan Administration", ("agency", "BMA"))
    departments = [b.el("BusinessActor", th, en, ("agency", agency)) for agency, th, en in DEPARTMENTS]
    districts = []
    for code, th, en in DISTRICTS[: max(3, min(len(DISTRICTS), n // 4000))]:
        districts.append(
            b.el("BusinessActor", f"สำนักงานเขต{th}", f"{en} District Office", ("agency", district_agency(code)))
        )
    for unit in departments + districts:
        b.rel("Composition", bma, unit)
    agencies = {key: b.el("BusinessActor", th, en, ("agency", key)) for key, th, en in NATIONAL_AGENCIES}
    agencies["BMA"] = bma

    platforms = _platforms(b, agencies)
    goals = _strategies(b)
    documents = _shared_documents(b, agencies, platforms)
    counters = {}
    for office in districts:
        counters[office.id] = b.el(
            "BusinessInterface", f"เคาน์เตอร์บริการ {office.th}", f"Counter, {office.en}", ("channel", "counter")
        )
        b.rel("Composition", office, counters[office.id])
    city_hall = b.el(
        "BusinessInterface", "ศูนย์บริการ ศาลาว่าการกรุงเทพมหานคร", "City Hall service centre", ("channel", "counter")
    )
    b.rel("Composition", bma, city_hall)

    baseline = b.el("Plateau", "สถาปัตยกรรมปัจจุบัน พ.ศ. 2568", "Baseline architecture 2025")
    target = b.el("Plateau", "สถาปัตยกรรมเป้าหมาย พ.ศ. 2570", "Target architecture 2027")
    b.rel("Triggering", baseline, target)
    for th, en in WORK_PACKAGES:
        package = b.el("WorkPackage", th, en)
        deliverable = b.el("Deliverable", f"ผลส่งมอบ{th}", f"{en}: deliverable")
        b.rel("Realization", package, target)
        b.rel("Realization", package, deliverable)
        b.rel("Realization", deliverable, target)

    services = []
    for k in range(service_count(n)):
        owner = rng.choice(districts) if rng.random() < 0.7 else rng.choice(departments)
        counter = counters.get(owner.id, city_hall)
        services.append(_service(b, k, owner, counter, roles, platforms, documents, goals))
    views = _views(b, services, platforms, baseline, target)
    return Landscape(b.elements, b.relationships, views, baseline.id, target.id, [s.id for s in services])


def _platforms(b: _Builder, agencies: dict[str, El]) -> dict[str, dict[str, El]]:
    """Each platform: a tagged ApplicationComponent realizing its services and composing its channel interfaces."""
    out: dict[str, dict[str, El]] = {}
    for platform, th, en, operator, services, interfaces in PLATFORMS:
        props = [("platform", platform)] if platform else []
        component = b.el("ApplicationComponent", th, en, *props)
        parts = {"component": component}
        for key, sth, sen in services:
            parts[key] = b.el("ApplicationService", sth, sen)
            b.rel("Realization", component, parts[key])
        for channel, ith, ien in interfaces:
            parts[channel] = b.el("ApplicationInterface", ith, ien, ("channel", channel))
            b.rel("Composition", component, parts[channel])
        if operator in agencies:
            b.rel("Association", agencies[operator], component)
        out[platform or en] = parts
    # Payment status returns to the BMA's permit system automatically.
    b.rel("Flow", out["dga-epayment"]["component"], out["bma-oss"]["component"])
    # The BMA OSS signs applicants in with ThaID (identity serves everything behind its channels).
    b.rel("Serving", out["thaid"]["login"], out["bma-oss"]["component"])
    return out


def _strategies(b: _Builder) -> list[El]:
    """The National Strategy pillars and the BMA's "9 ด้าน 9 ดี" as Goals, from the strategy catalog."""
    pillar_specs, bma_specs = strategy_goals()
    pillars = {sid: b.el("Goal", th, en, ("strategy", sid)) for sid, th, en in pillar_specs}
    goals = []
    for sid, th, en, influences in bma_specs:
        goal = b.el("Goal", th, en, ("strategy", sid))
        for pillar in influences:
            b.rel("Influence", goal, pillars[pillar], modifier="+")
        goals.append(goal)
    return goals


def _shared_documents(b: _Builder, agencies, platforms) -> list[tuple[El, str | None]]:
    """State-issued documents: issuer, digital record read by an exchange platform, and a paper copy
    that exists only in the baseline when a digital path exists."""
    out = []
    for th, en, issuer, platform in SHARED_DOCUMENTS:
        document = b.el("BusinessObject", th, en)
        b.rel("Access", agencies[issuer], document, access_type="Write")
        if platform:
            record = b.el("DataObject", f"ข้อมูล{th}", f"{en} record")
            b.rel("Realization", record, document)
            b.rel("Access", platforms[platform]["exchange"], record, access_type="Read")
        copy = b.el("Representation", f"สำเนา{th}", f"Copy of {en.lower()}", plateau=BASELINE if platform else BOTH)
        b.rel("Realization", copy, document)
        out.append((document, platform))
    return out


def _service(b: _Builder, k: int, owner: El, counter: El, roles, platforms, documents, goals) -> El:
    rng = b.rng
    kind_th, kind_en, licensing, party = rng.choice(SERVICE_KINDS)
    topic_th, topic_en = rng.choice(TOPICS)
    place_th = owner.th.replace("สำนักงานเขต", "เขต")
    new_service = rng.random() < 0.08 and k >= 3
    plateau = TARGET if new_service else BOTH
    fee = rng.choice((0, 0, 20, 50, 100, 200, 500, 1000))
    props = [
        ("fee_thb", str(fee)),
        ("last_reviewed", f"202{rng.randint(2, 5)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"),
        ("max_processing_days", str(rng.choice((1, 3, 7, 15, 30)))),
        ("is_licensing", str(licensing).lower()),
        ("dga_oss_status", rng.choice(("STA01", "STA02", "STA04", "STA05"))),
    ]
    if fee:
        props.append(("fee_legal_basis", f"ข้อบัญญัติกรุงเทพมหานคร เรื่อง ค่าธรรมเนียม{topic_th} พ.ศ. 25{rng.randint(50, 67)}"))
        if rng.random() < 0.1:
            props.append(("digital_fee_thb", str(fee + 15)))  # a gateway surcharge passed on to the citizen
    if licensing:
        props += [("legal_basis", f"พ.ร.บ.{topic_th} มาตรา {rng.randint(5, 60)}"), ("statutory_max_days", "30")]
        if rng.random() < 0.7:
            props.append(("citizen_manual_url", f"https://info.go.th/manual/bma-{k + 1:05d}"))
    label_th, label_en = f"{kind_th}{topic_th} ({place_th})", f"{kind_en.format(topic_en)} ({owner.en})"
    service = b.el("BusinessService", label_th, label_en, *props, plateau=plateau)
    b.rel("Serving", service, roles[party])
    b.rel("Assignment", owner, service)
    process = b.el("BusinessProcess", f"กระบวนการ{label_th}", f"Process: {label_en}", plateau=plateau)
    b.rel("Realization", process, service)
    intake = b.el(
        "BusinessProcess",
        f"รับและตรวจสอบคำขอ: {label_th}",
        f"Receive and check the application: {label_en}",
        ("requires_presence", "true" if rng.random() < 0.3 else "false"),
        plateau=plateau,
    )
    decide = b.el("BusinessProcess", f"พิจารณาและแจ้งผล: {label_th}", f"Decide and notify: {label_en}", plateau=plateau)
    b.rel("Composition", process, intake)
    b.rel("Composition", process, decide)
    b.rel("Triggering", intake, decide)
    if rng.random() < 0.85:
        b.rel("Realization", service, rng.choice(goals))

    form = b.el("BusinessObject", f"แบบคำขอ{label_th}", f"Application form: {label_en}", plateau=plateau)
    b.rel("Access", roles[party], form, access_type="Write")
    b.rel("Access", intake, form, access_type="Read")
    linked = set()
    for document, platform in rng.sample(documents, rng.randint(1, 3)):
        b.rel("Access", intake, document, access_type="Read")
        if platform and platform not in linked and rng.random() < 0.6:
            linked.add(platform)
            agreement = [
                ("agreement_ref", f"MOU-{platform.upper()}-25{rng.randint(60, 67)}-{rng.randint(1, 300):03d}", "")
            ]
            b.rel("Serving", platforms[platform]["exchange"], process, props=agreement)

    # The first three services cover digital, counter-only and digital again, so even a tiny model has both.
    online = new_service or (rng.random() < 0.65 if k >= 3 else k != 1)
    counter_only_to_digital = not online and rng.random() < 0.2 and k >= 3  # gets a channel in the target only
    if online or counter_only_to_digital:
        later = TARGET if counter_only_to_digital else BOTH
        b.rel("Serving", platforms["bma-oss"]["web"], service, plateau=later)
        eform = b.el("DataObject", f"คำขออิเล็กทรอนิกส์{label_th}", f"E-application: {label_en}", plateau=later)
        b.rel("Realization", eform, form)
        if party == "business" and rng.random() < 0.5:
            b.rel("Serving", platforms["biz-portal"]["web"], service, plateau=later)
        elif rng.random() < 0.3:
            b.rel("Serving", platforms["tang-rat"]["mobile"], service, plateau=later)
        if rng.random() < 0.2:
            b.rel("Serving", platforms["BMA LINE Official Account"]["line"], service, plateau=later)
        if rng.random() < 0.25:
            provider = platforms[rng.choice(("dga-digital-id", "ndid"))]["login"]
            b.rel("Serving", provider, process, plateau=later)
        if fee:
            roll = rng.random()
            if roll < 0.7:
                b.rel("Serving", platforms["dga-epayment"]["payment"], service, plateau=later)
            elif roll < 0.85:
                b.rel("Serving", platforms["dga-epayment"]["payment"], service, plateau=TARGET)
    elif rng.random() < 0.5:
        service.props.append(("digital_exclusion_reason", rng.choice(("law", "physical", "few-users", "budget")), ""))
    if not new_service and rng.random() < 0.85:
        b.rel("Assignment", counter, service)
    if rng.random() < 0.5:
        b.rel("Serving", platforms["traffy-fondue"]["complaints"], service)

    produced = b.el(
        "DataObject", f"ทะเบียน{topic_th} {k + 1}", f"{topic_en.capitalize()} register {k + 1}", plateau=plateau
    )
    category, classification = rng.choice((("public", "open"), ("personal", "confidential"), ("internal", "internal")))
    produced.props.append(("data_category", category, ""))
    if rng.random() < 0.85:
        produced.props.append(("data_classification", classification, ""))
    b.rel("Access", decide, produced, access_type="Write")
    if category == "public" and rng.random() < 0.6:
        produced.props += [
            ("open_format", rng.choice(("csv", "csv", "json", "xlsx", "pdf")), ""),
            ("license", "open-data-common", ""),
        ]
        b.rel("Access", platforms["data-bangkok"]["component"], produced, access_type="Read")
    return service


def _views(b: _Builder, services: list[El], platforms, baseline: El, target: El) -> list[ViewSpec]:
    rels_by_end: dict[str, list[Rel]] = {}
    for rel in b.relationships:
        rels_by_end.setdefault(rel.source, []).append(rel)
        rels_by_end.setdefault(rel.target, []).append(rel)
    views = []
    for service in services[:3]:
        ids = [service.id]
        for rel in rels_by_end[service.id]:
            ids.append(rel.source if rel.target == service.id else rel.target)
        process = next(r.source for r in rels_by_end[service.id] if r.type == "Realization" and r.target == service.id)
        ids += [r.target for r in rels_by_end[process] if r.source == process]
        views.append(_view(b, f"ทบทวนบริการ: {service.th}", f"Service review: {service.en}", None, ids, rels_by_end))
    components = [parts["component"].id for parts in platforms.values()]
    parts = [el.id for p in platforms.values() for key, el in p.items() if key != "component"]
    views.append(
        _view(b, "ภูมิทัศน์แพลตฟอร์ม", "Platform landscape", "Application Cooperation", components + parts, rels_by_end)
    )
    migration = [baseline.id, target.id] + [e.id for e in b.elements if e.type in ("WorkPackage", "Deliverable")]
    views.append(
        _view(b, "แผนการเปลี่ยนผ่าน", "Migration roadmap", "Implementation and Migration", migration, rels_by_end)
    )
    return views


def _view(b: _Builder, th: str, en: str, viewpoint: str | None, element_ids: list[str], rels_by_end) -> ViewSpec:
    view = ViewSpec(b.new_id(), th, en, viewpoint)
    order = {layer: i for i, layer in enumerate(metamodel.LAYER_ORDER)}
    placed: dict[str, str] = {}
    columns: dict[int, int] = {}
    for element_id in dict.fromkeys(element_ids):
        row = order[metamodel.layer_of(b.by_id[element_id].type)]
        col = columns.get(row, 0)
        columns[row] = col + 1
        placed[element_id] = node_id = b.new_id()
        view.nodes.append((node_id, element_id, (24 + col * 180, 24 + row * 96, 160, 60)))
    seen = set()
    for element_id in placed:
        for rel in rels_by_end.get(element_id, ()):
            if rel.id not in seen and rel.source in placed and rel.target in placed:
                seen.add(rel.id)
                view.connections.append((b.new_id(), rel.id, placed[rel.source], placed[rel.target]))
    return view
