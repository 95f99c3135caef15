"""Words and property values for scripts/generate_model.py: Thai/English nouns per element type,
BMA topics, layer shares and labels, and the property definitions the synthetic model declares.

Names here are data for display only; nothing reads them back (checks use structure and ids).
"""

from __future__ import annotations

import random
from collections.abc import Callable

import yaml

from catalog.strategies import STRATEGIES_FILE
from ea_model.metamodel import Layer
from exporters.diagrams.notation import LAYER_LABEL

# (Thai noun, English noun) for every element type the generator writes.
TYPE_NOUNS: dict[str, tuple[str, str]] = {
    "Resource": ("ทรัพยากร", "Resource"),
    "Capability": ("ขีดความสามารถ", "Capability"),
    "ValueStream": ("สายธารคุณค่า", "Value stream"),
    "CourseOfAction": ("แนวทางดำเนินการ", "Course of action"),
    "BusinessActor": ("หน่วยงาน", "Unit"),
    "BusinessRole": ("บทบาท", "Role"),
    "BusinessCollaboration": ("คณะทำงาน", "Collaboration"),
    "BusinessInterface": ("จุดบริการ", "Service point"),
    "BusinessProcess": ("กระบวนการ", "Process"),
    "BusinessFunction": ("ภารกิจ", "Function"),
    "BusinessInteraction": ("การประสานงาน", "Interaction"),
    "BusinessEvent": ("เหตุการณ์", "Event"),
    "BusinessService": ("บริการ", "Service"),
    "BusinessObject": ("เอกสาร", "Record"),
    "Contract": ("สัญญา", "Contract"),
    "Representation": ("แบบฟอร์ม", "Form"),
    "Product": ("ชุดบริการ", "Service package"),
    "ApplicationComponent": ("ระบบ", "System"),
    "ApplicationCollaboration": ("ระบบร่วม", "System collaboration"),
    "ApplicationInterface": ("ส่วนต่อประสาน", "Interface"),
    "ApplicationFunction": ("ฟังก์ชันระบบ", "Application function"),
    "ApplicationInteraction": ("การเชื่อมโยงระบบ", "Application interaction"),
    "ApplicationProcess": ("กระบวนการระบบ", "Application process"),
    "ApplicationEvent": ("เหตุการณ์ระบบ", "Application event"),
    "ApplicationService": ("บริการระบบ", "Application service"),
    "DataObject": ("ข้อมูล", "Data"),
    "Node": ("เครื่องแม่ข่าย", "Server"),
    "Device": ("อุปกรณ์", "Device"),
    "SystemSoftware": ("ซอฟต์แวร์ระบบ", "System software"),
    "TechnologyCollaboration": ("กลุ่มเครื่องแม่ข่าย", "Cluster"),
    "TechnologyInterface": ("พอร์ตบริการ", "Technology interface"),
    "Path": ("เส้นทางเครือข่าย", "Network path"),
    "CommunicationNetwork": ("เครือข่าย", "Network"),
    "TechnologyFunction": ("ฟังก์ชันโครงสร้างพื้นฐาน", "Infrastructure function"),
    "TechnologyProcess": ("กระบวนการโครงสร้างพื้นฐาน", "Infrastructure process"),
    "TechnologyInteraction": ("การประสานโครงสร้างพื้นฐาน", "Infrastructure interaction"),
    "TechnologyEvent": ("เหตุการณ์โครงสร้างพื้นฐาน", "Infrastructure event"),
    "TechnologyService": ("บริการโครงสร้างพื้นฐาน", "Infrastructure service"),
    "Artifact": ("ชุดติดตั้ง", "Artifact"),
    "Equipment": ("เครื่องจักร", "Equipment"),
    "Facility": ("อาคาร", "Facility"),
    "DistributionNetwork": ("โครงข่ายสาธารณูปโภค", "Distribution network"),
    "Material": ("วัสดุ", "Material"),
    "Stakeholder": ("ผู้มีส่วนได้ส่วนเสีย", "Stakeholder"),
    "Driver": ("ปัจจัยขับเคลื่อน", "Driver"),
    "Assessment": ("ผลการประเมิน", "Assessment"),
    "Goal": ("เป้าหมาย", "Goal"),
    "Outcome": ("ผลลัพธ์", "Outcome"),
    "Principle": ("หลักการ", "Principle"),
    "Requirement": ("ข้อกำหนด", "Requirement"),
    "Constraint": ("ข้อจำกัด", "Constraint"),
    "Meaning": ("ความหมาย", "Meaning"),
    "Value": ("คุณค่า", "Value"),
    "WorkPackage": ("โครงการ", "Project"),
    "Deliverable": ("ผลส่งมอบ", "Deliverable"),
    "ImplementationEvent": ("หมุดหมายโครงการ", "Milestone"),
    "Plateau": ("สถาปัตยกรรม", "Plateau"),
    "Gap": ("ช่องว่าง", "Gap"),
    "Grouping": ("กลุ่ม", "Group"),
    "Location": ("สถานที่", "Location"),
}

# Types the bulk of the model never uses: the landscape has exactly two plateaus, and junctions
# need relationship chains of one type that random wiring would not respect.
NOT_GENERIC = frozenset({"Plateau"})

# Share of each layer among the generic (non-landscape) elements.
GENERIC_LAYER_SHARE: dict[Layer, float] = {
    Layer.BUSINESS: 0.30,
    Layer.APPLICATION: 0.25,
    Layer.TECHNOLOGY: 0.20,
    Layer.MOTIVATION: 0.08,
    Layer.STRATEGY: 0.05,
    Layer.IMPLEMENTATION_MIGRATION: 0.05,
    Layer.PHYSICAL: 0.04,
    Layer.OTHER: 0.03,
}

# Organization folders, one per layer, in ArchiMate's order.
LAYER_LABELS: dict[Layer, tuple[str, str]] = {
    layer: LAYER_LABEL[layer]
    for layer in (
        Layer.STRATEGY,
        Layer.BUSINESS,
        Layer.APPLICATION,
        Layer.TECHNOLOGY,
        Layer.PHYSICAL,
        Layer.MOTIVATION,
        Layer.IMPLEMENTATION_MIGRATION,
        Layer.OTHER,
    )
}

# (Thai, English) subjects of BMA work.
TOPICS: list[tuple[str, str]] = [
    ("ทะเบียนราษฎร", "civil registration"),
    ("ภาษีที่ดิน", "land tax"),
    ("ควบคุมอาคาร", "building control"),
    ("สาธารณสุข", "public health"),
    ("การศึกษา", "education"),
    ("สิ่งแวดล้อม", "environment"),
    ("การระบายน้ำ", "drainage"),
    ("การจราจร", "traffic"),
    ("การเก็บขยะ", "waste collection"),
    ("สวนสาธารณะ", "public parks"),
    ("ป้องกันน้ำท่วม", "flood prevention"),
    ("ดับเพลิงและกู้ภัย", "fire and rescue"),
    ("พัฒนาชุมชน", "community development"),
    ("สวัสดิการสังคม", "social welfare"),
    ("การคลัง", "finance"),
    ("งบประมาณ", "budgeting"),
    ("การจัดซื้อจัดจ้าง", "procurement"),
    ("ทรัพยากรบุคคล", "human resources"),
    ("เทศกิจ", "city law enforcement"),
    ("ผังเมือง", "city planning"),
    ("โยธา", "public works"),
    ("การท่องเที่ยว", "tourism"),
    ("วัฒนธรรม", "culture"),
    ("กีฬา", "sports"),
    ("เรื่องร้องเรียน", "complaints"),
    ("ข้อมูลเปิด", "open data"),
    ("ความปลอดภัย", "public safety"),
    ("คุณภาพอากาศ", "air quality"),
    ("ทะเบียนพาณิชย์", "commercial registration"),
    ("สุขาภิบาลอาหาร", "food sanitation"),
    ("ตลาด", "markets"),
    ("ป้ายโฆษณา", "signage"),
    ("สัตว์เลี้ยง", "pet registration"),
    ("ผู้สูงอายุ", "elderly care"),
    ("คนพิการ", "disability support"),
    ("โรงเรียน", "schools"),
    ("ห้องสมุด", "libraries"),
    ("ไฟฟ้าสาธารณะ", "street lighting"),
    ("ทางเท้า", "sidewalks"),
    ("กล้องวงจรปิด", "CCTV"),
]

_STATUS = ("active", "active", "active", "planned", "retiring")
_CRITICALITY = ("high", "medium", "medium", "low")
_VENDORS = ("in-house", "NECTEC", "CAT Telecom", "NT", "local integrator", "open source")
_UNITS_TH = (
    "สำนักยุทธศาสตร์และประเมินผล",
    "สำนักการคลัง",
    "สำนักการโยธา",
    "สำนักสิ่งแวดล้อม",
    "สำนักอนามัย",
    "สำนักการระบายน้ำ",
    "สำนักเทศกิจ",
    "สำนักงานเขตบางรัก",
    "สำนักงานเขตปทุมวัน",
    "สำนักงานเขตจตุจักร",
)


def _date(rng: random.Random) -> str:
    return f"20{rng.randint(20, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


# Generic properties: name -> value maker returning (value, xml:lang or "").
GENERIC_PROPERTIES: dict[str, Callable[[random.Random], tuple[str, str]]] = {
    "status": lambda rng: (rng.choice(_STATUS), ""),
    "criticality": lambda rng: (rng.choice(_CRITICALITY), ""),
    "owner_unit": lambda rng: (rng.choice(_UNITS_TH), "th"),
    "last_reviewed": lambda rng: (_date(rng), ""),
    "annual_cost_thb": lambda rng: (str(rng.randrange(10_000, 5_000_000, 500)), ""),
    "vendor": lambda rng: (rng.choice(_VENDORS), ""),
    "contact_email": lambda rng: (f"it{rng.randint(1, 400)}@bangkok.go.th", ""),
    "ea_reference": lambda rng: (f"BMA-EA-{rng.randint(1, 99999):05d}", ""),
}

_GENERIC_TYPES = {"last_reviewed": "date", "annual_cost_thb": "number"}

# The conventions' properties (docs/modeling-conventions.md) the landscape uses, with their types.
CONVENTION_PROPERTIES: dict[str, str] = {
    "party": "string",
    "agency": "string",
    "platform": "string",
    "channel": "string",
    "fee_thb": "number",
    "fee_legal_basis": "string",
    "digital_fee_thb": "number",
    "legal_basis": "string",
    "is_licensing": "boolean",
    "citizen_manual_url": "string",
    "max_processing_days": "number",
    "statutory_max_days": "number",
    "dga_oss_status": "string",
    "digital_exclusion_reason": "string",
    "requires_presence": "boolean",
    "agreement_ref": "string",
    "data_category": "string",
    "data_classification": "string",
    "open_format": "string",
    "license": "string",
    "strategy": "string",
}


def property_definitions() -> dict[str, str]:
    """Every property definition the generator declares: name -> exchange-format data type."""
    out = {name: _GENERIC_TYPES.get(name, "string") for name in GENERIC_PROPERTIES}
    out.update(CONVENTION_PROPERTIES)
    return out


# ---- reference data: ids must exist in catalog/ (tests/test_generator.py checks that) -------------

# BMA departments: (agency id, Thai, English).
DEPARTMENTS: list[tuple[str, str, str]] = [
    ("BMA-SED", "สำนักยุทธศาสตร์และประเมินผล", "Strategy and Evaluation Department"),
    ("BMA-FIN", "สำนักการคลัง", "Finance Department"),
    ("BMA-PWD", "สำนักการโยธา", "Public Works Department"),
    ("BMA-DDS", "สำนักการระบายน้ำ", "Drainage and Sewerage Department"),
    ("BMA-ENV", "สำนักสิ่งแวดล้อม", "Environment Department"),
    ("BMA-SDD", "สำนักพัฒนาสังคม", "Social Development Department"),
]

# District offices: (DOPA code, Thai, English); the generator uses the first N/4000 of them (at least 3).
DISTRICTS: list[tuple[str, str, str]] = [
    ("1001", "พระนคร", "Phra Nakhon"),
    ("1002", "ดุสิต", "Dusit"),
    ("1003", "หนองจอก", "Nong Chok"),
    ("1004", "บางรัก", "Bang Rak"),
    ("1005", "บางเขน", "Bang Khen"),
    ("1006", "บางกะปิ", "Bang Kapi"),
    ("1007", "ปทุมวัน", "Pathum Wan"),
    ("1008", "ป้อมปราบศัตรูพ่าย", "Pom Prap Sattru Phai"),
    ("1009", "พระโขนง", "Phra Khanong"),
    ("1010", "มีนบุรี", "Min Buri"),
    ("1011", "ลาดกระบัง", "Lat Krabang"),
    ("1012", "ยานนาวา", "Yan Nawa"),
    ("1013", "สัมพันธวงศ์", "Samphanthawong"),
    ("1014", "พญาไท", "Phaya Thai"),
    ("1015", "ธนบุรี", "Thon Buri"),
    ("1016", "บางกอกใหญ่", "Bangkok Yai"),
    ("1017", "ห้วยขวาง", "Huai Khwang"),
    ("1018", "คลองสาน", "Khlong San"),
    ("1019", "ตลิ่งชัน", "Taling Chan"),
    ("1020", "บางกอกน้อย", "Bangkok Noi"),
    ("1021", "บางขุนเทียน", "Bang Khun Thian"),
    ("1022", "ภาษีเจริญ", "Phasi Charoen"),
    ("1023", "หนองแขม", "Nong Khaem"),
    ("1024", "ราษฎร์บูรณะ", "Rat Burana"),
    ("1025", "บางพลัด", "Bang Phlat"),
    ("1026", "ดินแดง", "Din Daeng"),
    ("1027", "บึงกุ่ม", "Bueng Kum"),
    ("1028", "สาทร", "Sathon"),
    ("1029", "บางซื่อ", "Bang Sue"),
    ("1030", "จตุจักร", "Chatuchak"),
    ("1031", "บางคอแหลม", "Bang Kho Laem"),
    ("1032", "ประเวศ", "Prawet"),
    ("1033", "คลองเตย", "Khlong Toei"),
    ("1034", "สวนหลวง", "Suan Luang"),
    ("1035", "จอมทอง", "Chom Thong"),
    ("1036", "ดอนเมือง", "Don Mueang"),
    ("1037", "ราชเทวี", "Ratchathewi"),
    ("1038", "ลาดพร้าว", "Lat Phrao"),
    ("1039", "วัฒนา", "Watthana"),
    ("1040", "บางแค", "Bang Khae"),
    ("1041", "หลักสี่", "Lak Si"),
    ("1042", "สายไหม", "Sai Mai"),
    ("1043", "คันนายาว", "Khan Na Yao"),
    ("1044", "สะพานสูง", "Saphan Sung"),
    ("1045", "วังทองหลาง", "Wang Thonglang"),
    ("1046", "คลองสามวา", "Khlong Sam Wa"),
    ("1047", "บางนา", "Bang Na"),
    ("1048", "ทวีวัฒนา", "Thawi Watthana"),
    ("1049", "ทุ่งครุ", "Thung Khru"),
    ("1050", "บางบอน", "Bang Bon"),
]


def district_agency(code: str) -> str:
    """The agency id of a district office (catalog/bma/agencies.yaml)."""
    return f"BMA-DISTRICT-{code}"


# National agencies the landscape refers to: (agency id, Thai, English) from catalog/dga/agencies.yaml.
NATIONAL_AGENCIES: list[tuple[str, str, str]] = [
    ("DOPA", "กรมการปกครอง", "Department of Provincial Administration"),
    ("DOL", "กรมที่ดิน", "Department of Lands"),
    ("DBD", "กรมพัฒนาธุรกิจการค้า", "Department of Business Development"),
    ("DGA", "สำนักงานพัฒนารัฐบาลดิจิทัล (องค์การมหาชน)", "Digital Government Development Agency"),
    ("RTP", "สำนักงานตำรวจแห่งชาติ", "Royal Thai Police"),
    ("COE", "สภาวิศวกร", "Council of Engineers"),
    ("NECTEC", "ศูนย์เทคโนโลยีอิเล็กทรอนิกส์และคอมพิวเตอร์แห่งชาติ", "NECTEC"),
    ("NDIDCO", "บริษัท เนชั่นแนล ดิจิทัล ไอดี จำกัด", "National Digital ID Co."),
]

# Platforms: (platform id or "" for a BMA application not in the catalog, Thai, English, operator agency,
# [(key, Thai, English) application services], [(channel, Thai, English) interfaces]).
PLATFORMS: list[tuple[str, str, str, str, list, list]] = [
    ("thaid", "ไทยดี (ThaID)", "ThaID", "DOPA", [("login", "ยืนยันตัวตนด้วย ThaID", "ThaID sign-in")], []),
    (
        "dga-digital-id",
        "ดิจิทัลไอดีภาครัฐ",
        "DGA Digital ID",
        "DGA",
        [("login", "เข้าสู่ระบบด้วย Digital ID", "Digital ID sign-in")],
        [],
    ),
    ("ndid", "เอ็นดีไอดี (NDID)", "NDID platform", "NDIDCO", [("login", "ยืนยันตัวตนผ่าน NDID", "NDID verification")], []),
    (
        "gdx",
        "ศูนย์แลกเปลี่ยนข้อมูลกลางภาครัฐ (GDX)",
        "Government Data Exchange (GDX)",
        "DGA",
        [("exchange", "บริการแลกเปลี่ยนข้อมูล GDX", "GDX data exchange API")],
        [],
    ),
    (
        "dopa-linkage",
        "ศูนย์บริการเชื่อมโยงข้อมูล กรมการปกครอง",
        "DOPA Linkage Center",
        "DOPA",
        [("exchange", "บริการเชื่อมโยงข้อมูลทะเบียนราษฎร", "Civil-registry linkage API")],
        [],
    ),
    (
        "dga-epayment",
        "ระบบรับชำระเงินทางอิเล็กทรอนิกส์ภาครัฐ",
        "DGA e-Payment",
        "DGA",
        [("payment", "รับชำระเงินอิเล็กทรอนิกส์", "Electronic payment")],
        [],
    ),
    (
        "tang-rat",
        "ทางรัฐ",
        "Tang Rat citizen portal",
        "DGA",
        [("status", "ติดตามสถานะคำขอ", "Request status tracking")],
        [("mobile", "แอปพลิเคชันทางรัฐ", "Tang Rat app")],
    ),
    (
        "biz-portal",
        "ระบบกลางทางธุรกิจ (Biz Portal)",
        "Biz Portal",
        "DGA",
        [],
        [("web", "เว็บไซต์ Biz Portal", "Biz Portal web")],
    ),
    (
        "bma-oss",
        "ศูนย์รับคำขออนุญาตกรุงเทพมหานคร (BMA OSS)",
        "BMA OSS permit centre",
        "BMA",
        [("intake", "รับคำขออนุญาตออนไลน์", "Online permit intake"), ("status", "ติดตามสถานะคำขอ", "Application status")],
        [("web", "เว็บไซต์ BMA OSS", "BMA OSS web")],
    ),
    (
        "traffy-fondue",
        "ทราฟฟี่ ฟองดูว์",
        "Traffy Fondue",
        "NECTEC",
        [("complaints", "รับเรื่องร้องเรียน", "Complaints")],
        [("line", "ไลน์ทราฟฟี่ ฟองดูว์", "Traffy Fondue LINE chatbot")],
    ),
    (
        "data-bangkok",
        "ศูนย์ข้อมูลเปิดกรุงเทพมหานคร",
        "data.bangkok.go.th",
        "BMA",
        [("publish", "เผยแพร่ชุดข้อมูลเปิด", "Open data publishing")],
        [],
    ),
    (
        "data-go-th",
        "ศูนย์กลางข้อมูลเปิดภาครัฐ",
        "data.go.th",
        "DGA",
        [("publish", "เผยแพร่ชุดข้อมูลเปิด", "Open data publishing")],
        [],
    ),
    ("", "บัญชีไลน์ทางการ กทม.", "BMA LINE Official Account", "BMA", [], [("line", "ไลน์ @bangkok", "LINE @bangkok")]),
]

# State-issued documents services ask for: (Thai, English, issuer agency id, exchange platform id or None).
SHARED_DOCUMENTS: list[tuple[str, str, str, str | None]] = [
    ("บัตรประจำตัวประชาชน", "National ID card", "DOPA", "dopa-linkage"),
    ("ทะเบียนบ้าน", "House registration", "DOPA", "dopa-linkage"),
    ("โฉนดที่ดิน", "Land title deed", "DOL", "gdx"),
    ("หนังสือรับรองการจดทะเบียนนิติบุคคล", "Company registration certificate", "DBD", "gdx"),
    ("ใบอนุญาตประกอบวิชาชีพวิศวกรรมควบคุม", "Engineer licence", "COE", None),
    ("บันทึกประจำวันของตำรวจ", "Police daily report", "RTP", None),
]

# Kinds of service: (Thai prefix, English pattern, licensing?, party served).
SERVICE_KINDS: list[tuple[str, str, bool, str]] = [
    ("ขออนุญาต", "{} permit", True, "business"),
    ("ต่ออายุใบอนุญาต", "{} licence renewal", True, "business"),
    ("แจ้ง", "{} notification", True, "citizen"),
    ("ขอรับบริการ", "{} service request", False, "citizen"),
    ("ยื่นคำร้อง", "{} petition", False, "citizen"),
    ("ขอข้อมูล", "{} information request", False, "citizen"),
    ("ชำระค่าธรรมเนียม", "{} fee payment", False, "citizen"),
]


def strategy_goals() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str, list[str]]]]:
    """The National Strategy pillars [(id, Thai, English)] and the BMA strategies [(id, Thai, English,
    [pillar ids it influences])] from catalog/bma/strategies.yaml (modelling convention 10)."""
    data = yaml.load(STRATEGIES_FILE.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    pillars = [(g["id"], g["th"], g["en"]) for g in data["national_strategy"]["goals"]]
    bma = [(g["id"], g["th"], g["en"], list(g.get("influences") or [])) for g in data["bma_strategy"]["goals"]]
    return pillars, bma


# Work packages that realise the target plateau: (Thai, English).
WORK_PACKAGES: list[tuple[str, str]] = [
    ("โครงการ BMA OSS ระยะที่ 2", "BMA OSS phase 2"),
    ("โครงการเชื่อมโยงข้อมูลผ่าน GDX", "GDX data linkage"),
    ("โครงการยกเลิกการเรียกสำเนาเอกสาร", "No more document copies"),
]
