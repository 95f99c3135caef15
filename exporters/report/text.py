"""The governance report's own words, Thai and English side by side (names from the model and the
catalog's texts come from there, not from here)."""

from __future__ import annotations

from ea_model.objects import LangString

# key -> (Thai, English)
TERMS: dict[str, tuple[str, str]] = {
    # the executive summary (issue 20)
    "exec_summary": ("สรุปสำหรับผู้บริหาร", "Executive summary"),
    "exec_summary_note": (
        "จำนวนบริการตามผลการตรวจในแต่ละเป้าหมาย ปัจจุบันเทียบกับเป้าหมาย ตัวเลขเดียวกับ ea check",
        "Services per verdict for each outcome, today against the target: the numbers of ea check.",
    ),
    "heatmap": ("บริการ × เป้าหมาย", "Services × outcomes"),
    "heatmap_note": (
        "ผลของแต่ละบริการในแต่ละเป้าหมาย (ปัจจุบัน) สัญลักษณ์อ่านได้แม้พิมพ์ขาวดำ",
        "Each service's verdict per outcome (today); the symbols read in grey print.",
    ),
    "expiring_waivers": ("การผ่อนผันที่จะหมดอายุภายใน 90 วัน", "Waivers expiring within 90 days"),
    "no_expiring_waivers": ("ไม่มีการผ่อนผันที่จะหมดอายุภายใน 90 วัน", "No waiver expires within 90 days."),
    "lifecycle_count": ("ผลการตรวจวงจรชีวิตเทคโนโลยี", "Lifecycle findings (technology out of support)"),
    "pack": ("ชุดเอกสารประกอบการทบทวนสถาปัตยกรรม", "Governance review pack"),
    "open_criteria": ("เกณฑ์ที่ยังไม่ผ่าน", "Criteria still open"),
    "changed_since": ("สิ่งที่เปลี่ยนไปตั้งแต่การทบทวนครั้งก่อน", "What changed since the previous review"),
    "no_change": ("ไม่มีการเปลี่ยนแปลงของผลการตรวจ", "No verdict changed."),
    # governance registers (issue 16)
    "governance": ("ทะเบียนธรรมาภิบาล", "Governance registers"),
    "waived_findings": ("ผลการตรวจที่ได้รับการผ่อนผัน", "Waived findings"),
    "waiver": ("การผ่อนผัน", "Waiver"),
    "waivers": ("ทะเบียนการผ่อนผัน", "Waiver register"),
    "justification": ("เหตุผล", "Justification"),
    "days_left": ("เหลือ (วัน)", "Days left"),
    "expires": ("หมดอายุ", "Expires"),
    "decisions": ("บันทึกการตัดสินใจ", "Decision records"),
    "portfolio": ("กลุ่มระบบงาน (TIME)", "Application portfolio (TIME)"),
    "functional_fit": ("ความเหมาะสมทางการใช้งาน", "Functional fit"),
    "technical_fit": ("ความเหมาะสมทางเทคนิค", "Technical fit"),
    "time_category": ("TIME", "TIME"),
    "governance_findings": (
        "ข้อค้นพบด้านธรรมาภิบาล (วงจรชีวิตเทคโนโลยี กลุ่มระบบงาน ทะเบียน)",
        "Governance findings (lifecycle, portfolio, registers)",
    ),
    "as_of": ("ณ วันที่", "As of"),
    "what": ("เกณฑ์หรือกฎ", "Criterion or rule"),
    "report": ("รายงานสถาปัตยกรรมองค์กรเพื่อการกำกับดูแล", "Enterprise architecture governance report"),
    "overview": ("ภาพรวม", "Overview"),
    "services": ("บริการประชาชน", "Citizen services"),
    "service": ("บริการ", "Service"),
    "gap": ("ช่องว่างและผลต่าง", "Gap and delta"),
    "landscape": ("ภูมิทัศน์ระบบงาน", "Application landscape"),
    "strategy": ("แผนที่ยุทธศาสตร์", "Strategy map"),
    "elements": ("ดัชนีองค์ประกอบ", "Element index"),
    "print": ("ฉบับพิมพ์", "Print version"),
    "matrices": ("เมทริกซ์และแผนที่ความร้อน", "Matrices"),
    "roadmap": ("แผนการเปลี่ยนผ่าน", "Roadmap"),
    "services-outcomes": ("บริการ × เป้าหมาย", "Services × outcomes"),
    "departments-outcomes": (
        "หน่วยงาน × เป้าหมาย (จำนวนบริการตามผลการประเมิน)",
        "Departments × outcomes (services per verdict)",
    ),
    "applications-services": ("ระบบงาน × บริการ", "Applications × services"),
    "download_csv": ("ดาวน์โหลด CSV", "Download CSV"),
    "filter_rows": ("กรองแถว", "Filter rows"),
    "sort_hint": ("คลิกหัวคอลัมน์เพื่อเรียงลำดับ", "Click a column heading to sort"),
    "link_serving": (
        "ให้บริการโดยตรง (Serving ไปยังบริการหรือกระบวนการ)",
        "serves directly (Serving to the service or its process)",
    ),
    "link_component": ("ระบบหลักเบื้องหลังช่องทาง", "the component behind a serving element"),
    "no_dates": ("ไม่ระบุวันเริ่มหรือวันสิ้นสุด", "no start or end date"),
    "work_package": ("ชุดงาน", "Work package"),
    "start": ("เริ่ม", "Start"),
    "end": ("สิ้นสุด", "End"),
    "deliverables": ("ผลผลิต", "Deliverables"),
    "services_moved": ("บริการที่ปรับปรุงและเกณฑ์ที่ปิดช่องว่าง", "Services it moves and the criteria whose gaps close"),
    "no_gap_closed": ("ไม่มีช่องว่างที่ปิด", "no gap closed"),
    "language": ("ภาษา", "Language"),
    "both": ("ทั้งสองภาษา", "Both"),
    "model": ("แบบจำลอง", "Model"),
    "source_file": ("ไฟล์ต้นทาง", "Source file"),
    "generated": ("สร้างเมื่อ", "Generated"),
    "counts": ("จำนวนองค์ประกอบตามชั้น", "Elements by layer"),
    "layer": ("ชั้น", "Layer"),
    "count": ("จำนวน", "Count"),
    "element_count": ("องค์ประกอบ", "Elements"),
    "relationship_count": ("ความสัมพันธ์", "Relationships"),
    "view_count": ("มุมมอง", "Views"),
    "plateaus": ("สถานะสถาปัตยกรรม (Plateau)", "Plateaus"),
    "today": ("ปัจจุบัน", "Today"),
    "planned": ("ตามแผน", "Planned"),
    "scorecard": ("ผลการตรวจตาม พ.ร.บ.รัฐบาลดิจิทัล: จำนวนบริการตามเป้าหมาย", "Digital Government Act: services per outcome"),
    "scorecard_note": (
        "แต่ละช่องคือจำนวนบริการที่ได้ผลนั้นในเป้าหมายนั้น คลิกตัวเลขเพื่อดูรายการบริการ",
        "Each cell counts the services with that verdict for that outcome; click a number to list them.",
    ),
    "outcome": ("เป้าหมาย", "Outcome"),
    "trend": ("แนวโน้มตามรุ่นของแบบจำลอง", "Trend over the model's revisions"),
    "trend_note": (
        "จำนวนบริการที่ผ่าน (วงกลม เส้นทึบ) และไม่ผ่าน (สี่เหลี่ยม เส้นประ) ในแต่ละเป้าหมาย ตามรุ่นของไฟล์แบบจำลองใน git จากเก่าไปใหม่",
        "Services passing (circles, solid line) and failing (squares, dashed line) per outcome, per revision of "
        "the model file in git, oldest left.",
    ),
    "delta": ("ผลต่าง", "Delta"),
    "closed": ("ปิดช่องว่าง", "Closed"),
    "remaining": ("ยังคงอยู่", "Remaining"),
    "opened": ("เกิดใหม่", "Opened"),
    "worst": ("ช่องว่างที่รุนแรงที่สุด", "Worst gaps first"),
    "worst_note": (
        "บริการเรียงตามจำนวนเป้าหมายที่ไม่ผ่าน แล้วตามจำนวนที่ควรปรับปรุงและที่ไม่ทราบ",
        "Services ranked by outcomes failed, then warned, then unknown.",
    ),
    "no_gaps": ("ไม่พบช่องว่าง", "No gaps found"),
    "no_services": (
        "ไม่พบบริการประชาชนในแบบจำลอง (BusinessService ที่ให้บริการแก่ BusinessRole ที่มี party เป็น citizen หรือ business)",
        "No citizen-facing service in the model (a BusinessService serving a BusinessRole whose party is citizen or"
        " business).",
    ),
    "search": ("ค้นหา", "Search"),
    "search_placeholder": ("ชื่อหรือรหัสบริการ", "service name or id"),
    "entry_placeholder": ("ชื่อ ประเภท หรือรหัส", "name, type or id"),
    "department": ("หน่วยงาน", "Department"),
    "district": ("สำนักงานเขต", "District"),
    "verdict": ("ผล", "Verdict"),
    "any": ("ทั้งหมด", "any"),
    "all_districts": ("ทุกสำนักงานเขต", "every district office"),
    "state": ("สถานะ", "State"),
    "shown": ("บริการที่แสดง", "services shown"),
    "reset": ("ล้างตัวกรอง", "Clear filters"),
    "owners": ("หน่วยงานที่รับผิดชอบ", "Responsible units"),
    "diagram": ("แผนภาพบริการ", "Service diagram"),
    "open_full": ("เปิดภาพขนาดเต็ม", "Open full size"),
    "verdicts": ("ผลตามเป้าหมาย", "Verdicts per outcome"),
    "findings": ("ผลการตรวจ", "Findings"),
    "criterion": ("เกณฑ์", "Criterion"),
    "message": ("รายละเอียด", "What the model says"),
    "evidence": ("หลักฐาน", "Evidence"),
    "remedy": ("แนวทางแก้ไข", "Remedy"),
    "to_record": ("สิ่งที่ต้องบันทึก", "To record"),
    "advice": ("ส่วนที่การตรวจอ่านไม่ได้", "Drawn so the checks cannot read it"),
    "advice_note": (
        "สิ่งเหล่านี้ถูกข้ามในการตรวจ จึงอาจทำให้ผลเป็น unknown หรือ fail โดยไม่จำเป็น: วาดตามคำแนะนำเพื่อให้ตรวจได้",
        "The checks skip these, which can leave a verdict unknown or a false fail: draw them as advised.",
    ),
    "verify": ("ตรวจสอบก่อนบันทึก", "Verify before recording"),
    "legal_basis": ("ฐานทางกฎหมาย", "Legal basis"),
    "strategic_links": ("ความเชื่อมโยงเชิงยุทธศาสตร์", "Strategic links"),
    "not_linked": ("ยังไม่เชื่อมโยงกับยุทธศาสตร์ใด", "Not linked to any strategy"),
    "national": ("ยุทธศาสตร์ชาติ", "National Strategy"),
    "not_in_plateau": ("ไม่มีในสถานะนี้", "not in this plateau"),
    "new_service": ("บริการใหม่ในสถานะเป้าหมาย", "new in the target"),
    "eliminated_service": ("ยกเลิกในสถานะเป้าหมาย", "eliminated in the target"),
    "gap_matrix": ("ตารางช่องว่าง (Gap matrix)", "Gap matrix"),
    "gap_note": ("เปรียบเทียบสถานะ", "Comparing plateaus"),
    "kept": ("คงเดิม", "Kept"),
    "changed": ("เปลี่ยนแปลง", "Changed"),
    "new": ("ใหม่", "New"),
    "eliminated": ("ยกเลิก", "Eliminated"),
    "dangling": ("การพึ่งพาที่ขาด", "Dangling dependencies"),
    "dangling_note": (
        "องค์ประกอบที่ถูกยกเลิกแต่ยังมีองค์ประกอบที่คงอยู่พึ่งพา",
        "Eliminated elements that a kept element still depended on.",
    ),
    "replaced_by": ("ทดแทนด้วย", "replaced by"),
    "unresolved": ("ยังไม่มีการทดแทน", "no replacement"),
    "what_changed": ("สิ่งที่เปลี่ยน", "What changed"),
    "compliance_delta": ("ผลต่างการปฏิบัติตาม พ.ร.บ.", "Compliance delta"),
    "delta_note": (
        "จำนวนบริการที่ช่องว่าง (ไม่ผ่านหรือควรปรับปรุง) ถูกปิด ยังคงอยู่ หรือเกิดใหม่ เมื่อไปสู่สถานะเป้าหมาย",
        "Services whose gap (fail or warn) the move to the target closes, keeps or opens.",
    ),
    "service_matrix": ("ผลรายบริการ: ปัจจุบัน → ตามแผน", "Per service: today → planned"),
    "name": ("ชื่อ", "Name"),
    "type": ("ประเภท", "Type"),
    "id": ("รหัส", "Id"),
    "relationships": ("ความสัมพันธ์", "Relationships"),
    "in_plateaus": ("อยู่ในสถานะ", "In plateaus"),
    "page": ("หน้า", "page"),
    "no_diagram": ("ไม่มีแผนภาพ", "No diagram"),
    "unchanged_diagram": (
        "โครงสร้างที่รองรับบริการนี้ไม่เปลี่ยนในสถานะเป้าหมาย",
        "What supports this service does not change in the target.",
    ),
    "too_large": (
        "แผนภาพนี้มีองค์ประกอบมากเกินกว่าจะวาดให้อ่านได้ในหน้านี้ วาดแยกได้ด้วยคำสั่ง",
        "Too many elements to draw legibly on this page; draw it on its own with",
    ),
    "skip": ("ข้ามไปยังเนื้อหา", "Skip to content"),
    "what_type": ("ประเภท", "type"),
    "what_name": ("ชื่อ", "name"),
    "what_documentation": ("คำอธิบาย", "documentation"),
    "what_properties": ("คุณสมบัติ", "properties"),
    "what_relationships": ("ความสัมพันธ์", "relationships"),
    "criteria_passed": ("เกณฑ์ที่ผ่าน", "criteria pass"),
    "this_service": ("บริการนี้", "this service"),
    "zoom": ("ขนาดจริง", "Actual size"),
    # views, validation, model-wide search, paging (issues 20 and 21)
    "views": ("มุมมอง", "Views"),
    "views_note": (
        "ทุกมุมมองในแบบจำลอง วาดตามตำแหน่งในแบบจำลอง (เหมือนใน Archi) คลิกองค์ประกอบเพื่อดูรายละเอียด",
        "Every view of the model, drawn where the model places each node (as Archi draws it); click an element"
        " for its entry.",
    ),
    "viewpoint": ("มุมมองมาตรฐาน (viewpoint)", "Viewpoint"),
    "nodes": ("โหนด", "Nodes"),
    "connections": ("เส้นเชื่อม", "Connections"),
    "no_views": ("แบบจำลองนี้ไม่มีมุมมอง", "The model has no views."),
    "laid_out_badge": ("จัดวางอัตโนมัติ", "laid out"),
    "laid_out_note": (
        "มุมมองนี้ไม่มีตำแหน่งของตนเอง (ทุกโหนดอยู่ที่เดียวกัน) จึงจัดวางอัตโนมัติแบบ ea layout",
        "This view has no layout of its own (every node at one position): it is drawn laid out, as ea layout"
        " would lay it out.",
    ),
    "used_in_views": ("ปรากฏในมุมมอง", "Used in views"),
    "validation": ("การตรวจความถูกต้อง", "Validation"),
    "validation_note": (
        "ผลของ ea validate: กฎของ ArchiMate 3.2 และการตรวจความเรียบร้อยแบบ Archi เรียงตามกฎ ข้อผิดพลาดก่อน",
        "What ea validate finds: the ArchiMate 3.2 rules and Archi's hygiene checks, by rule, errors first.",
    ),
    "severity": ("ระดับ", "Severity"),
    "severity_error": ("ข้อผิดพลาด", "errors"),
    "severity_warning": ("คำเตือน", "warnings"),
    "severity_advice": ("คำแนะนำ", "advice"),
    "rule": ("กฎ", "Rule"),
    "concept": ("องค์ประกอบ", "Concept"),
    "line": ("บรรทัด", "line"),
    "no_findings": ("ไม่พบปัญหา", "No findings."),
    "more_findings": ("ยังมีอีก (แสดงทั้งหมดด้วย)", "More not shown (ea validate lists them all)"),
    "search_model": ("ค้นหาในแบบจำลอง", "Search the model"),
    "search_loading": ("กำลังโหลดดัชนี…", "Loading the index…"),
    "search_none": ("ไม่พบ", "Nothing found"),
    "search_more": ("แสดง {shown} จาก {total}", "showing {shown} of {total}"),
    "pages": ("หน้า", "Pages"),
    "more_relationships": (
        "ความสัมพันธ์ที่ไม่ได้แสดง (ea impact หรือไฟล์แบบจำลองแสดงครบ)",
        "more relationships not listed (ea impact or the model file has them all)",
    ),
    "first_page": ("หน้าแรก", "First"),
    "prev_page": ("ก่อนหน้า", "Previous"),
    "next_page": ("ถัดไป", "Next"),
    "last_page": ("หน้าสุดท้าย", "Last"),
}

VERDICT_TERMS: dict[str, tuple[str, str]] = {
    "fail": ("ไม่ผ่าน", "fail"),
    "warn": ("ควรปรับปรุง", "warn"),
    "unknown": ("ไม่ทราบ", "unknown"),
    "info": ("ข้อสังเกต", "info"),
    "pass": ("ผ่าน", "pass"),
    "n/a": ("ไม่เกี่ยวข้อง", "n/a"),
}

VERDICT_SYMBOL = {"pass": "✔", "warn": "!", "fail": "✘", "info": "i", "unknown": "?", "n/a": "–"}


def term(key: str) -> dict[str, str]:
    """A report term as {"th": …, "en": …}."""
    th, en = TERMS[key]
    return {"th": th, "en": en}


def verdict_term(verdict: str) -> dict[str, str]:
    th, en = VERDICT_TERMS.get(verdict, (verdict, verdict))
    return {"th": th, "en": en}


def pair(value: LangString | None) -> tuple[str, str]:
    """(Thai, English) texts of a LangString; text with no language counts as either."""
    if not value:
        return "", ""
    plain = value.get("", "")
    th = value.get("th") or next((v for k, v in value.items() if k.lower().startswith("th")), "") or plain
    en = value.get("en") or next((v for k, v in value.items() if k.lower().startswith("en")), "") or plain
    if not th and not en:
        th = en = next((v for v in value.values() if v), "")
    return th, en
