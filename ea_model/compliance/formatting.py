"""Text and CSV renderings of a ComplianceResult (what `ea check` prints)."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from rich.console import Console
from rich.table import Table

from ea_model.compliance.evaluation import GOAL_VERDICTS, VERDICTS, ComplianceFinding, ComplianceResult
from ea_model.naming import counted
from ea_model.objects import Element
from ea_model.text_wrap import display_width

CSV_COLUMNS = (
    "service",
    "service_name_th",
    "service_name_en",
    "goal",
    "criterion",
    "verdict",
    "criterion_severity",
    "message",
    "evidence",
    "remediation",
    "legal_basis",
    "accountable",
    "accountable_name",
    "caveats",
    "waiver",
)

_HEADINGS = {
    "title": {"en": "Digital Government Act compliance", "th": "การตรวจสอบตาม พ.ร.บ.รัฐบาลดิจิทัล"},
    "services": {"en": "citizen services", "th": "บริการประชาชน"},
    "criteria": {"en": "criteria", "th": "เกณฑ์"},
    "scorecard": {"en": "Scorecard: services per outcome", "th": "สรุปผล: จำนวนบริการตามเป้าหมาย"},
    "outcome": {"en": "Outcome", "th": "เป้าหมาย"},
    "findings": {"en": "Findings", "th": "ผลการตรวจ"},
    "remedy": {"en": "remedy", "th": "แนวทางแก้ไข"},
    "record": {"en": "to record", "th": "สิ่งที่ต้องบันทึก"},
    "by_unit": {"en": "Scorecard per accountable unit", "th": "สรุปผลตามหน่วยงานที่รับผิดชอบ"},
    "unassigned": {"en": "(no accountable unit in the model)", "th": "(แบบจำลองไม่ระบุหน่วยงานที่รับผิดชอบ)"},
    "accountable": {"en": "accountable", "th": "หน่วยงานรับผิดชอบ"},
    "verify": {"en": "verify", "th": "ตรวจสอบ"},
    "evidence": {"en": "evidence", "th": "หลักฐาน"},
    "none": {
        "en": "No citizen-facing service in the model (a BusinessService serving a role with party citizen"
        " or business).",
        "th": "ไม่พบบริการประชาชนในแบบจำลอง (BusinessService ที่ให้บริการแก่ role ที่มี party เป็น citizen หรือ business)",
    },
    "problems": {"en": "Catalog problems", "th": "ปัญหาเกี่ยวกับแค็ตตาล็อก"},
    "advice": {
        "en": "Drawn in a way the checks cannot read (how to draw it)",
        "th": "ส่วนที่วาดในแบบที่การตรวจอ่านไม่ได้ (วิธีวาดให้อ่านได้)",
    },
}


def _h(key: str, lang: str) -> str:
    return _HEADINGS[key][lang]


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def _service_label(service: Element) -> str:
    th, en = service.name.get("th", ""), service.name.get("en", "") or service.name.get("", "")
    return " / ".join(n for n in (th, en) if n) or service.id


def _verdict_word(result: ComplianceResult, verdict: str, lang: str) -> str:
    term = result.catalog.term(f"verdict_{verdict}")
    return term.in_lang(lang) if term else verdict


def format_table(result: ComplianceResult, lang: str = "en", *, verbose: bool = False) -> str:
    """Findings grouped by service and outcome, then the per-outcome scorecard. Passes (and evidence)
    only with `verbose`."""
    cat = result.catalog
    lines = [
        f"{_h('title', lang)} — {cat.act_name.in_lang(lang)}",
        f"{len(result.services)} {_h('services', lang)}, {result.summary()['criteria']} {_h('criteria', lang)}",
        "",
    ]
    if not result.services:
        lines.append(_h("none", lang))
    by_service: dict[str, list[ComplianceFinding]] = {}
    for f in result.findings:
        by_service.setdefault(f.service, []).append(f)
    titles = {c.id: c.title.in_lang(lang) for c in cat.criteria}
    goal_width = max((display_width(f"{g} {cat.outcome(g).name(lang)}") for g in result.goals), default=20) + 2
    for service in result.services:
        lines.append(f"■ {_service_label(service)}  [{service.id}]")
        findings = by_service.get(service.id, [])
        for goal in result.goals:
            verdict = result.goal_verdict(service.id, goal)
            label = f"{goal} {cat.outcome(goal).name(lang)}"
            lines.append(f"  {_pad(label, goal_width)}{_verdict_word(result, verdict, lang).upper()}")
            shown = [f for f in findings if f.goal == goal and (verbose or f.verdict != "pass")]
            lines.extend(_finding_lines(result, shown, lang, verbose, titles))
        lines.append("")
    lines.extend(format_scorecard(result, lang))
    if result.advice:
        lines += ["", f"{_h('advice', lang)}:"]
        lines += [f"  ADVICE {a.rule} {a.id}: {a.message}" for a in result.advice]
    if result.problems:
        lines += ["", f"{_h('problems', lang)}:"] + [f"  {p}" for p in result.problems]
    return "\n".join(lines)


def _finding_lines(
    result: ComplianceResult, findings: list[ComplianceFinding], lang: str, verbose: bool, titles: dict[str, str]
) -> list[str]:
    """Lines for one outcome's findings. Unknowns with the same message (one missing fact several criteria
    need) are shown once, with every criterion id."""
    lines: list[str] = []
    indent = " " * 15
    unknown_groups: dict[str, list[ComplianceFinding]] = {}
    for f in findings:
        if f.verdict == "unknown" and not verbose:
            unknown_groups.setdefault(f.message.get(lang) or f.message.get("en", ""), []).append(f)
            continue
        word = _pad(_verdict_word(result, f.verdict, lang), 8)
        lines.append(f"      {word} {f.criterion}  {titles[f.criterion]}")
        lines.append(f"{indent}{f.message.get(lang) or f.message.get('en', '')}")
        if f.verdict != "pass":
            heading = "record" if f.verdict == "unknown" else "remedy"
            lines.append(f"{indent}{_h(heading, lang)}: {_text(f.remediation, lang)}")
        lines.extend(_action_lines(f, lang, indent))
        if verbose:
            lines.append(f"{indent}{_h('evidence', lang)}: {', '.join(f.evidence)}")
    for message, group in unknown_groups.items():
        word = _pad(_verdict_word(result, "unknown", lang), 8)
        label = titles[group[0].criterion] if len(group) == 1 else ""
        lines.append(f"      {word} {', '.join(f.criterion for f in group)}  {label}".rstrip())
        lines.append(f"{indent}{message}")
        lines.append(f"{indent}{_h('record', lang)}: {_text(group[0].remediation, lang)}")
        lines.extend(_action_lines(group[0], lang, indent))
    return lines


def _action_lines(f: ComplianceFinding, lang: str, indent: str) -> list[str]:
    """Who acts on a finding, and what to verify before recording it."""
    lines = []
    if f.verdict != "pass" and f.accountable_name:
        lines.append(f"{indent}{_h('accountable', lang)}: {_text(f.accountable_name, lang)}")
    lines.extend(f"{indent}{_h('verify', lang)}: {_text(c, lang)}" for c in f.caveats)
    return lines


def _text(value: dict[str, str], lang: str) -> str:
    return value.get(lang) or value.get("en", "")


TABLE_WIDTH = 120  # columns the terminal tables are laid out for, whatever the terminal: output stays stable


def text_table(headers: list[str], rows: list[list[str]], *, indent: int = 2) -> list[str]:
    """A borderless table as plain lines: the first column left-aligned, the others right-aligned. rich lays
    it out by display width, so Thai vowel and tone marks take no column; no colour codes are written."""
    table = Table(box=None, pad_edge=False, padding=(0, 0, 0, 2), header_style="", show_edge=False)
    for i, heading in enumerate(headers):
        table.add_column(heading, justify="left" if i == 0 else "right")
    for row in rows:
        table.add_row(*row)
    out = io.StringIO()
    Console(file=out, width=TABLE_WIDTH - indent, color_system=None, force_terminal=False, no_color=True).print(table)
    return [(" " * indent + line).rstrip() for line in out.getvalue().splitlines()]


def _scorecard_lines(result: ComplianceResult, card: dict[str, dict[str, int]], lang: str) -> list[str]:
    cat = result.catalog
    headers = [_h("outcome", lang)] + [_verdict_word(result, v, lang) for v in GOAL_VERDICTS]
    rows = [[f"{g} {cat.outcome(g).name(lang)}"] + [str(card[g][v]) for v in GOAL_VERDICTS] for g in result.goals]
    return text_table(headers, rows)


def format_scorecard(result: ComplianceResult, lang: str = "en") -> list[str]:
    lines = [_h("scorecard", lang), *_scorecard_lines(result, result.scorecard(), lang)]
    totals = result.summary()["by_verdict"]
    counts = ", ".join(f"{totals[v]} {_verdict_word(result, v, lang)}" for v in VERDICTS)
    lines += ["", f"{_h('findings', lang)}: {counts}"]
    lines += [""] + [f"  {line}" for line in scorecard_legend(result.goals, lang)]
    return lines


_LEGEND = {
    "verdict": {
        "en": "An outcome is the worst of its criteria: fail > warn > unknown > pass; n/a when none applies.",
        "th": "ผลของเป้าหมายคือผลที่แย่ที่สุดของเกณฑ์: fail > warn > unknown > pass; n/a เมื่อไม่มีเกณฑ์ที่ใช้ได้",
    },
    "unknown": {
        "en": "unknown: the model does not say a fact a criterion needs. An info-level criterion never fails an "
        "outcome, but its unknown still makes the outcome unknown until the fact is recorded.",
        "th": "unknown: แบบจำลองไม่ระบุข้อเท็จจริงที่เกณฑ์ต้องใช้ เกณฑ์ระดับ info ไม่ทำให้เป้าหมาย fail "
        "แต่ถ้าเป็น unknown เป้าหมายก็เป็น unknown จนกว่าจะบันทึกข้อเท็จจริงนั้น",
    },
    "O7": {
        "en": "O7 pass: no digital channel costs the citizen more than the counter; it does not mean the fee is "
        "lower (s.7(5) is a power of the Committee, not a duty of the BMA).",
        "th": "O7 pass: ค่าธรรมเนียมช่องทางดิจิทัลไม่สูงกว่าที่เคาน์เตอร์ ไม่ได้หมายความว่าค่าธรรมเนียมลดลง "
        "(มาตรา 7(5) เป็นอำนาจของคณะกรรมการ ไม่ใช่หน้าที่ของ กทม.)",
    },
}


def format_unit_scorecards(result: ComplianceResult, lang: str = "en") -> str:
    """`ea check --by-unit`: the scorecard of each accountable unit's services, so actions can be assigned."""
    lines = [f"{_h('by_unit', lang)}", ""]
    for entry in result.scorecard_by_unit():
        name = _text(entry["name"], lang) if entry["name"] else _h("unassigned", lang)
        n = len(entry["services"])
        many = counted(n, "citizen service") if lang == "en" else f"{n} {_h('services', lang)}"
        lines.append(f"■ {name}  [{entry['unit']}]: {many}")
        lines.extend(_scorecard_lines(result, entry["scorecard"], lang))
        lines.append("")
    lines += [f"  {line}" for line in scorecard_legend(result.goals, lang)]
    return "\n".join(lines)


def scorecard_legend(goals: list[str], lang: str = "en") -> list[str]:
    """What the scorecard's verdicts mean, so a pass is not read for more than it says."""
    return [text.get(lang) or text["en"] for text in legend_texts(goals)]


def legend_texts(goals: list[str]) -> list[dict[str, str]]:
    """The legend in both languages (the report shows both)."""
    keys = ["verdict", "unknown"] + (["O7"] if "O7" in goals else [])
    return [_LEGEND[k] for k in keys]


def format_csv(result: ComplianceResult, lang: str = "en", waived: Mapping[int, str] | None = None) -> str:
    """One row per finding (evidence ids separated by spaces), starting with a byte-order mark: without
    it Excel reads the UTF-8 as a legacy code page and garbles the Thai. `waived` maps a finding's position
    to the id of the waiver covering it (the `waiver` column; empty when none)."""
    waived = waived or {}
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for position, f in enumerate(result.findings):
        row = f.as_json(lang)
        writer.writerow(
            [
                f.service,
                row["service_name_th"],
                row["service_name_en"],
                f.goal,
                f.criterion,
                f.verdict,
                f.criterion_severity,
                row["message"],
                " ".join(f.evidence),
                row["remediation"],
                "; ".join(f.legal_basis),
                " ".join(f.accountable),
                row["accountable_name"],
                "; ".join(row["caveats"]),
                waived.get(position, ""),
            ]
        )
    return out.getvalue()
