"""Small models built in code for the gap, impact and traceability tests.

`permit_model()` is a building-permit service modelled by the project's conventions, with a
baseline plateau (a legacy permit system, paper copies) and a target plateau (BMA OSS, the data
behind the document), a BMA strategy and a National Strategy pillar.
"""

from __future__ import annotations

from ea_model import Element, Model, Relationship

BASELINE_ONLY = ("copy", "legacy", "legacy-svc", "r-legacy-real", "r-legacy-serves", "r-copy-real", "r-node-serves")
TARGET_ONLY = ("oss", "oss-svc", "r-oss-real", "r-oss-serves", "data", "r-data-real")


class Builder:
    def __init__(self, model: Model | None = None):
        self.model = model or Model()

    def el(self, id: str, type: str, en: str, th: str | None = None, **props: str) -> str:
        name = {"th": th, "en": en} if th else {"en": en}
        self.model.add_element(Element(id=id, type=type, name=name))
        for key, value in props.items():
            self.model.set_property(self.model.element(id), key, value)
        return id

    def rel(self, id: str, type: str, source: str, target: str, **extra) -> str:
        self.model.add_relationship(Relationship(id=id, type=type, source=source, target=target, **extra))
        return id


def permit_model() -> Model:
    b = Builder()
    b.el("base", "Plateau", "Baseline", "สถาปัตยกรรมปัจจุบัน")
    b.el("tgt", "Plateau", "Target", "สถาปัตยกรรมเป้าหมาย")
    b.el("citizen", "BusinessRole", "Citizen", "ประชาชน", party="citizen")
    b.el("svc", "BusinessService", "Building permit", "ขออนุญาตก่อสร้าง", fee_thb="100")
    b.el("internal", "BusinessService", "Archive permits", "จัดเก็บใบอนุญาต")
    b.el("proc", "BusinessProcess", "Handle permit", "พิจารณาคำขออนุญาต")
    b.el("office", "BusinessActor", "District office", "สำนักงานเขต")
    b.el("doc", "BusinessObject", "Title deed", "โฉนดที่ดิน")
    b.el("copy", "Representation", "Paper copy of the title deed", "สำเนาโฉนดที่ดิน")
    b.el("data", "DataObject", "Land title record", "ข้อมูลทะเบียนที่ดิน")
    b.el("legacy", "ApplicationComponent", "Legacy permit system", "ระบบอนุญาตเดิม")
    b.el("legacy-svc", "ApplicationService", "Legacy intake", "รับคำขอ (ระบบเดิม)")
    b.el("oss", "ApplicationComponent", "BMA OSS")
    b.el("oss-svc", "ApplicationService", "Online intake", "รับคำขอออนไลน์")
    b.el("node", "Node", "District server", "เครื่องแม่ข่ายสำนักงานเขต")
    b.el("goal", "Goal", "Good management", "บริหารจัดการดี", strategy="B9-9")
    b.el("pillar", "Goal", "Public Sector Rebalancing", "ยุทธศาสตร์ชาติด้านการปรับสมดุลภาครัฐ", strategy="NS-6")
    b.rel("r-serves-citizen", "Serving", "svc", "citizen")
    b.rel("r-proc-real", "Realization", "proc", "svc")
    b.rel("r-owner", "Assignment", "office", "svc")
    b.rel("r-reads", "Access", "proc", "doc", access_type="Read")
    b.rel("r-copy-real", "Realization", "copy", "doc")
    b.rel("r-data-real", "Realization", "data", "doc")
    b.rel("r-legacy-real", "Realization", "legacy", "legacy-svc")
    b.rel("r-legacy-serves", "Serving", "legacy-svc", "proc")
    b.rel("r-oss-real", "Realization", "oss", "oss-svc")
    b.rel("r-oss-serves", "Serving", "oss-svc", "proc")
    b.rel("r-node-serves", "Serving", "node", "legacy")
    b.rel("r-strategy", "Realization", "svc", "goal")
    b.rel("r-pillar", "Influence", "goal", "pillar")
    for n, ref in enumerate(BASELINE_ONLY):
        b.rel(f"g-base-{n}", "Aggregation", "base", ref)
    for n, ref in enumerate(TARGET_ONLY):
        b.rel(f"g-tgt-{n}", "Aggregation", "tgt", ref)
    return b.model
