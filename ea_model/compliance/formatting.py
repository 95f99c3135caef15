"""Text and CSV renderings of a ComplianceResult (what `ea check` prints)."""

from __future__ import annotations

import csv
import io
import unicodedata

from ea_model.compliance.evaluation import GOAL_VERDICTS, VERDICTS, ComplianceFinding, ComplianceResult
from ea_model.objects import Element

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
)

_HEADINGS = {
    "title": {"en": "Digital Government Act compliance", "th": "การตรวจสอบตาม พ.ร.บ.รัฐบาลดิจิทัล"},
    "services": {"en": "citizen services", "th": "บริการประชาชน"},
    "criteria": {"en": "criteria", "th": "เกณฑ์"},
    "scorecard": {"en": "Scorecard: services per outcome", "th": "สรุปผล: จำนวนบริการตามเป้าหมาย"},
    "outcome": {"en": "Outcome", "th": "เป้าหมาย"},
    "findings": {"en": "Findings", "th": "ผลการตรวจ"},
    "remedy": {"en": "remedy", "th": "แนวทางแก้ไข"},
    "evidence": {"en": "evidence", "th": "หลักฐาน"},
    "none": {
        "en": "No citizen-facing service in the model (a BusinessService serving a role with party citizen"
        " or business).",
        "th": "ไม่พบบริการประชาชนในแบบจำลอง (BusinessService ที่ให้บริการแก่ role ที่มี party เป็น citizen หรือ business)",
    },
    "problems": {"en": "Catalog problems", "th": "ปัญหาเกี่ยวกับแค็ตตาล็อก"},
}


def _h(key: str, lang: str) -> str:
    return _HEADINGS[key][lang]


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: Thai vowel and tone marks take none, wide characters two."""
    width = 0
    for ch in text:
        if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


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
            lines.append(f"{indent}{_h('remedy', lang)}: {f.remediation.get(lang, '')}")
        if verbose:
            lines.append(f"{indent}{_h('evidence', lang)}: {', '.join(f.evidence)}")
    for message, group in unknown_groups.items():
        word = _pad(_verdict_word(result, "unknown", lang), 8)
        label = titles[group[0].criterion] if len(group) == 1 else ""
        lines.append(f"      {word} {', '.join(f.criterion for f in group)}  {label}".rstrip())
        lines.append(f"{indent}{message}")
    return lines


def format_scorecard(result: ComplianceResult, lang: str = "en") -> list[str]:
    cat = result.catalog
    card = result.scorecard()
    names = {g: f"{g} {cat.outcome(g).name(lang)}" for g in result.goals}
    width = max([display_width(n) for n in names.values()] + [display_width(_h("outcome", lang))]) + 2
    words = [_verdict_word(result, v, lang) for v in GOAL_VERDICTS]
    cols = [max(display_width(w), 5) + 2 for w in words]
    header = _pad(_h("outcome", lang), width)
    header += "".join(" " * (c - display_width(w)) + w for w, c in zip(words, cols, strict=True))
    lines = [_h("scorecard", lang), "  " + header]
    for g in result.goals:
        row = _pad(names[g], width) + "".join(f"{card[g][v]:>{c}}" for v, c in zip(GOAL_VERDICTS, cols, strict=True))
        lines.append("  " + row)
    totals = result.summary()["by_verdict"]
    counts = ", ".join(f"{totals[v]} {_verdict_word(result, v, lang)}" for v in VERDICTS)
    lines += ["", f"{_h('findings', lang)}: {counts}"]
    return lines


def format_csv(result: ComplianceResult, lang: str = "en") -> str:
    """One row per finding (UTF-8 text; evidence ids separated by spaces)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in result.findings:
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
            ]
        )
    return out.getvalue()
