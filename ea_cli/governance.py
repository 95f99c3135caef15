"""The governance side of `ea check` and `ea validate` (waivers, lifecycle, office rules, CI formats) and
the governance commands (`ea portfolio`, `ea decisions`). `analysis.check` and `model.validate` call
`finish_check` / `finish_validate` after their analysis; `outputs.review` and `outputs.report` read the
registers with `report_registers`. The options are in `ea_cli/common.py`.

Registers are found in `governance/` next to the model (for the bundled model: catalog/model/governance/),
or given with --waivers FILE; docs/governance.md documents their files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import click

import ea_model
from ea_cli.common import (
    FAIL_ON_LEVELS,
    FORMAT_OPTION,
    MODEL_ARGUMENT,
    UserError,
    echo_json,
    in_language,
    lang_option,
    load_model,
    resolve_model_path,
)
from ea_model.errors import EaError

GOVERNANCE_DIR = "governance"
_LEVEL = {"fail": "error", "warn": "warning", "unknown": "note", "info": "note", "pass": "none"}
_SEVERITY_LEVEL = {"error": "error", "warning": "warning", "advice": "note"}


def _fail(message: str):
    raise UserError(message)


def parse_horizon(value: str) -> int:
    """Months in "12m", "2y" (or "90d", rounded up to months)."""
    match = re.fullmatch(r"\s*(\d+)\s*([mydMYD]?)\s*", value or "0")
    if not match:
        _fail(f"--horizon {value!r}: expected a number of months like 12m (or 2y)")
    number, unit = int(match.group(1)), (match.group(2) or "m").lower()
    return number * 12 if unit == "y" else -(-number // 30) if unit == "d" else number


# ---- registers -----------------------------------------------------------------------------------


def governance_folder(model_path: Path) -> Path:
    """`governance/` beside the model file (inside a CSV folder for an Archi CSV model)."""
    return (model_path if model_path.is_dir() else model_path.parent) / GOVERNANCE_DIR


@dataclass
class Registers:
    waivers: list = field(default_factory=list)
    waivers_file: Path | None = None
    lifecycle: list = field(default_factory=list)


def load_registers(
    model_path: Path, m, *, waivers_path: str | None, no_registers: bool, criteria, rules, lifecycle: bool
) -> Registers:
    from ea_model.governance.load import load_lifecycle, load_waivers

    folder = governance_folder(model_path)
    out = Registers()
    chosen = Path(waivers_path) if waivers_path else None
    if chosen is None and not no_registers and (folder / "waivers.yaml").is_file():
        chosen = folder / "waivers.yaml"
    try:
        if chosen is not None:
            out.waivers = load_waivers(chosen, criteria=criteria, rules=rules, elements=m)
            out.waivers_file = chosen
        if lifecycle and not no_registers:
            from catalog.paths import CATALOG_DIR

            paths = [CATALOG_DIR / "lifecycle.yaml", folder / "lifecycle.yaml"]
            out.lifecycle = load_lifecycle([p for p in paths if p.is_file()])
    except EaError as exc:
        _fail(str(exc))
    return out


def validation_rule_names() -> set[str]:
    from ea_model.governance import decisions, lifecycle, portfolio
    from ea_model.validation import RULES

    return {*RULES, *lifecycle.RULES, *portfolio.RULES, *decisions.RULES, *_READER_RULES}


def validate_rule_names() -> set[str]:
    """The rules `ea validate` runs (its waivers may select only these; the lifecycle dependency rules
    belong to `ea check`)."""
    from ea_model.governance import decisions, portfolio
    from ea_model.validation import RULES

    return {*RULES, *portfolio.RULES, *decisions.RULES, "lifecycle-unknown-entry", *_READER_RULES}


# Rules the tolerant readers report (ea validate shows them with the validation findings).
_READER_RULES = ("missing-identifier", "unknown-type", "invalid-value", "unexpected-content", "missing-name")


# ---- ea check ------------------------------------------------------------------------------------


def check_catalog(rule_files: tuple[str, ...]):
    """The DGA catalog, with the office's rule files added."""
    from catalog import load_dga_catalog
    from catalog.office_rules import load_rule_file, with_office_rules

    base = load_dga_catalog()
    if not rule_files:
        return base
    try:
        return with_office_rules(base, [load_rule_file(Path(p), base) for p in rule_files])
    except EaError as exc:
        _fail(str(exc))


def finish_check(
    m,
    model_path: Path,
    result,
    *,
    fmt: str,
    lang: str,
    fail_on: str,
    as_of: dt.date | None,
    text: Callable[[], str],
    governance_text: bool = True,
    **governance,
) -> bool:
    """Waivers and lifecycle findings on top of a ComplianceResult; print in `fmt` (`text()` is the table
    the text format shows, followed by the governance findings when `governance_text`); True when it gates."""
    from ea_model.compliance import VERDICT_RANK, format_csv
    from ea_model.governance.lifecycle import lifecycle_findings
    from ea_model.governance.waivers import review_waivers
    from ea_model.plateaus import baseline_and_target, plateau_model

    day = as_of or dt.date.today()
    months = parse_horizon(governance.get("horizon") or "0m")
    criteria_ids = {c.id for c in result.catalog.criteria}
    registers = load_registers(
        model_path,
        m,
        waivers_path=governance.get("waivers_path"),
        no_registers=governance.get("no_registers", False),
        criteria=criteria_ids,
        rules=validation_rule_names(),
        lifecycle=True,
    )
    gov = []
    if registers.lifecycle:
        plan = baseline_and_target(m)
        checked = plateau_model(m, result.plateau) if result.plateau else m
        gov = lifecycle_findings(checked, registers.lifecycle, as_of=day, horizon_months=months, lang=lang)
        if plan:  # retired products in the target: the whole model's target plateau
            gov += [
                g
                for g in lifecycle_findings(m, registers.lifecycle, as_of=day, target_plateau=plan[1], lang=lang)
                if g.rule == "lifecycle-retired-in-target"
            ]
    from ea_model.governance import lifecycle as lifecycle_rules

    run_rules = set(lifecycle_rules.RULES) if registers.lifecycle else set()
    evaluated = {c.id for c in result.catalog.criteria if c.outcome in result.goals} | run_rules
    waivers = [w for w in registers.waivers if w.selects.key in evaluated]
    keys = [(f.criterion, f.service) if f.verdict in ("fail", "warn", "unknown") else None for f in result.findings]
    keys += [(g.rule, g.element) for g in gov]
    review = review_waivers(keys, waivers, day)
    gov_all = gov + review.findings
    n = len(result.findings)
    threshold = None if fail_on == "never" else VERDICT_RANK[fail_on]

    def gates(verdict: str, waived: bool) -> bool:
        return threshold is not None and not waived and VERDICT_RANK.get(verdict, 0) >= threshold

    gating = any(gates(f.verdict, i in review.waived) for i, f in enumerate(result.findings)) or any(
        gates(g.verdict, (n + i) in review.waived) for i, g in enumerate(gov)
    )
    gating = gating or any(gates(g.verdict, False) for g in review.findings)
    used_registers = bool(registers.waivers or registers.lifecycle)
    if fmt == "json":
        data = result.to_json(lang)
        if used_registers:
            for i, row in enumerate(data["findings"]):
                row["waiver"] = review.as_json(i)
            data["governance"] = {
                "as_of": day.isoformat(),
                "waivers_file": str(registers.waivers_file) if registers.waivers_file else None,
                "waived": len(review.waived),
                "findings": [
                    {**g.as_json(), "waiver": review.as_json(n + i) if i < len(gov) else None}
                    for i, g in enumerate(gov_all)
                ],
            }
        echo_json(data)
    elif fmt == "csv":
        click.echo(format_csv(result, lang, {i: w for i, w in review.waived.items() if i < n}), nl=False)
    elif fmt in ("sarif", "junit"):
        issues, cases = _check_issues(result, gov_all, review, model_path, lang, gates)
        click.echo(_ci_output(fmt, issues, cases, "ea check", _criterion_texts(result.catalog, lang)), nl=False)
    else:
        click.echo(text())
        extra = format_governance_text(result, gov_all, review, n, lang) if governance_text else ""
        if extra:
            click.echo(extra)
    return gating


def format_governance_text(result, gov, review, offset: int, lang: str) -> str:
    """The waived findings (justification, days left) and the register findings, after the table."""
    lines: list[str] = []
    if review.waived:
        lines += ["", f"Waived findings (as of {review.as_of}):"]
        for position, wid in sorted(review.waived.items()):
            w = review.waivers[wid]
            subject = (
                f"{result.findings[position].criterion} {result.findings[position].service} "
                f"({result.findings[position].verdict})"
                if position < offset
                else f"{gov[position - offset].rule} {gov[position - offset].element}"
            )
            lines.append(f"  WAIVED {subject} by {wid}: {w.justification.in_lang(lang)}")
            lines.append(f"         {w.decision}, approved by {w.approved_by}; {w.days_left(review.as_of)} days left")
    if gov:
        lines += ["", "Governance findings:"]
        for i, g in enumerate(gov):
            where = f" ({g.file}:{g.line})" if g.file and g.line else ""
            wid = review.waived.get(offset + i)
            waived = f" [waived by {wid}]" if wid else ""
            lines.append(
                f"  {g.severity.upper()} {g.rule} {g.element or g.register_id or '-'}: {g.message}{where}{waived}"
            )
    return "\n".join(lines)


def _criterion_texts(catalog, lang: str) -> dict[str, str]:
    return {c.id: c.title.in_lang(lang) for c in catalog.criteria}


def _check_issues(result, gov, review, model_path: Path, lang: str, gates):
    from exporters.findings import Issue, element_locations

    where = element_locations(model_path)
    names = {s.id: ea_model.text_in(s.name, lang) or s.id for s in result.services}
    issues = []
    for i, f in enumerate(result.findings):
        if f.verdict == "pass":
            continue
        waived = i in review.waived
        issues.append(
            Issue(
                rule=f.criterion,
                level=_LEVEL[f.verdict],
                message=f"{names.get(f.service, f.service)}: {f.message.get(lang) or f.message.get('en', '')} "
                f"— {f.remediation.get(lang) or f.remediation.get('en', '')}",
                suite=f.goal,
                case=f"{f.service} {names.get(f.service, '')}".strip(),
                element=f.service,
                file=where.get(f.service, (str(model_path), None))[0],
                line=where.get(f.service, (None, None))[1],
                waiver=review.as_json(i),
                gates=gates(f.verdict, waived),
                properties={"verdict": f.verdict, "evidence": list(f.evidence), "legal_basis": list(f.legal_basis)},
            )
        )
    n = len(result.findings)
    for i, g in enumerate(gov):
        waiver = review.as_json(n + i)
        issues.append(_governance_issue(g, model_path, where, waiver, gates(g.verdict, waiver is not None)))
    cases = [(g, f"{s.id} {names[s.id]}".strip()) for s in result.services for g in result.goals]
    return issues, cases


def _governance_issue(g, model_path: Path, where: dict[str, tuple[str, int]], waiver, gating: bool):
    from exporters.findings import Issue

    file, line = (g.file, g.line) if g.file else where.get(g.element or "", (str(model_path), None))
    return Issue(
        rule=g.rule,
        level=_SEVERITY_LEVEL[g.severity],
        message=g.message,
        suite="governance",
        case=f"{g.rule} {g.element or g.register_id or ''}".strip(),
        element=g.element,
        file=file,
        line=line,
        waiver=waiver,
        gates=gating,
        properties={"path": list(g.path)} if g.path else {},
    )


def _ci_output(fmt: str, issues, cases, name: str, rule_texts: dict[str, str]) -> str:
    from exporters.findings import generate_junit, generate_sarif

    if fmt == "sarif":
        return generate_sarif(issues, tool_version=ea_model.__version__, rule_texts=rule_texts, command=name[3:])
    return generate_junit(issues, cases, name=name)


def xsd_ci_output(fmt: str, path: Path, problems) -> str:
    """`ea validate --xsd` in SARIF or JUnit: a result per schema error at its line, one test case."""
    from exporters.findings import Issue

    case = f"{path.name} against the ArchiMate exchange XSDs"
    issues = [
        Issue(
            rule="xsd",
            level="error",
            message=p.message,
            suite="schema",
            case=case,
            file=str(path),
            line=p.line or None,
            gates=True,
        )
        for p in problems
    ]
    texts = {"xsd": "the file is valid against the Open Group ArchiMate 3.1 exchange-format XSDs"}
    return _ci_output(fmt, issues, [("schema", case)], "ea validate", texts)


# ---- ea validate ---------------------------------------------------------------------------------


def finish_validate(
    m, model_path: Path, findings, *, fmt: str, fail_on: str, as_of: dt.date | None, **governance
) -> bool:
    """Waivers and register checks on top of the validation findings; print in `fmt`; True when it gates."""
    from ea_model.findings import SEVERITY_RANK
    from ea_model.governance.waivers import review_waivers
    from exporters.findings import element_locations

    day = as_of or dt.date.today()
    rules = validation_rule_names()
    registers = load_registers(
        model_path,
        m,
        waivers_path=governance.get("waivers_path"),
        no_registers=governance.get("no_registers", False),
        criteria=None,
        rules=rules,
        lifecycle=False,
    )
    gov = [] if governance.get("no_registers") else register_findings(m, model_path, day)
    evaluated = {f.rule for f in findings} | validate_rule_names()
    waivers = [w for w in registers.waivers if w.selects.rule is not None and w.selects.key in evaluated]
    keys = [(f.rule, f.id) for f in findings] + [(g.rule, g.element) for g in gov]
    review = review_waivers(keys, waivers, day)
    threshold = FAIL_ON_LEVELS[fail_on]
    n = len(findings)
    gov_all = gov + review.findings

    def gates(severity: str, waived: bool) -> bool:
        return not waived and SEVERITY_RANK[severity] >= threshold

    gating = any(gates(f.severity, i in review.waived) for i, f in enumerate(findings))
    gating = gating or any(gates(g.severity, (n + i) in review.waived) for i, g in enumerate(gov_all))
    # Where each element is defined, so every finding names its line (the readers keep no source lines).
    where = element_locations(model_path) if findings or gov_all else {}
    # A finding the reader located keeps its line (in the model file); the others get their element's.
    findings = [_located(f, where, str(model_path)) for f in findings]
    files = [f.file or str(model_path) for f in findings]
    if fmt in ("sarif", "junit"):
        from exporters.findings import Issue

        issues = [
            Issue(
                rule=f.rule,
                level=_SEVERITY_LEVEL[f.severity],
                message=f'{f.id} "{f.name}": {f.message}' if f.id else f.message,
                suite="validation",
                case=f.rule,
                element=f.id,
                file=files[i],
                line=f.line,
                waiver=review.as_json(i),
                gates=gates(f.severity, i in review.waived),
            )
            for i, f in enumerate(findings)
        ]
        for i, g in enumerate(gov_all):
            waiver = review.as_json(n + i) if i < len(gov) else None
            issues.append(_governance_issue(g, model_path, where, waiver, gates(g.severity, waiver is not None)))
        from ea_model.validation import RULES

        cases = [("validation", rule) for rule in RULES]
        texts = {rule: text for rule, (_, text) in RULES.items()}
        click.echo(_ci_output(fmt, issues, cases, "ea validate", texts), nl=False)
    elif fmt == "json":
        summary = {level: sum(1 for f in findings if f.severity == level) for level in ("error", "warning", "advice")}
        rows = [
            {**f.as_json(), "line": f.line, **({"file": f.file} if f.file else {}), "waiver": review.as_json(i)}
            for i, f in enumerate(findings)
        ]
        data = {"findings": rows, "summary": summary}
        if registers.waivers or gov_all:
            data["governance"] = {
                "as_of": day.isoformat(),
                "waived": len(review.waived),
                "findings": [
                    {**g.as_json(), "waiver": review.as_json(n + i) if i < len(gov) else None}
                    for i, g in enumerate(gov_all)
                ],
            }
        echo_json(data)
    else:
        for i, f in enumerate(findings):
            where = f" ({f.file}:{f.line})" if f.file and f.line else f" (line {f.line})" if f.line else ""
            waived = f" [waived by {review.waived[i]}]" if i in review.waived else ""
            click.echo(f'{f.severity.upper()} {f.rule} {f.id or "-"} "{f.name}": {f.message}{where}{waived}')
        summary = {level: sum(1 for f in findings if f.severity == level) for level in ("error", "warning", "advice")}
        plural = {"error": "errors", "warning": "warnings", "advice": "advice"}
        click.echo(", ".join(f"{k} {level if k == 1 else plural[level]}" for level, k in summary.items()))
        for i, g in enumerate(gov_all):
            where = f" ({g.file}:{g.line})" if g.file and g.line else ""
            waived = f" [waived by {review.waived[n + i]}]" if (n + i) in review.waived else ""
            click.echo(f"{g.severity.upper()} {g.rule} {g.element or g.register_id or '-'}: {g.message}{where}{waived}")
        if review.waived:
            click.echo(f"{len(review.waived)} findings waived as of {day}")
    return gating


def _located(f, where: dict[str, tuple[str, int]], model_file: str):
    """The finding with its element's file and line, unless the reader already located it."""
    if f.line or not f.id or f.id not in where:
        return f
    file, line = where[f.id]
    return f.model_copy(update={"line": line, "file": None if file == model_file else file})


def register_findings(m, model_path: Path, day: dt.date) -> list:
    """What `ea validate` checks of the registers next to the model: decision records (unknown element ids),
    lifecycle links to unknown entries, and the portfolio's consistency with the migration plan."""
    from ea_model.governance.decisions import decision_findings
    from ea_model.governance.lifecycle import lifecycle_findings
    from ea_model.governance.load import load_decisions, load_lifecycle
    from ea_model.governance.portfolio import portfolio_findings
    from ea_model.plateaus import baseline_and_target

    folder = governance_folder(model_path)
    out = []
    try:
        if (folder / "decisions").is_dir():
            out += decision_findings(m, load_decisions(folder / "decisions"))
        from catalog.paths import CATALOG_DIR

        paths = [p for p in (CATALOG_DIR / "lifecycle.yaml", folder / "lifecycle.yaml") if p.is_file()]
        if paths:
            out += [
                g
                for g in lifecycle_findings(m, load_lifecycle(paths), as_of=day)
                if g.rule == "lifecycle-unknown-entry"
            ]
    except EaError as exc:
        _fail(str(exc))
    plan = baseline_and_target(m)
    if plan:
        out += portfolio_findings(m, baseline=plan[0], target=plan[1])
    return out


# ---- commands ------------------------------------------------------------------------------------


@click.command()
@MODEL_ARGUMENT
@click.option("--out", type=click.Path(dir_okay=False), help="Also draw the portfolio matrix to this SVG file.")
@FORMAT_OPTION
@lang_option(
    "Names in Thai and English side by side (both), or in one language; the --out matrix labels in Thai for both."
)
def portfolio(model: str | None, out: str | None, fmt: str, lang: str) -> None:
    """The application portfolio: TIME (tolerate, invest, migrate, eliminate) per application.

    TIME is the `time` property when stated, else derived from `functional_fit` and `technical_fit`
    (1-4; docs/governance.md). Lists the applications with their fits and TIME, then the findings
    against the migration plan (eliminate but kept in the target, invest but dropped). --out draws the
    fit × fit matrix as SVG with Thai labels.
    """
    from ea_model.governance.portfolio import portfolio_findings, portfolio_of
    from ea_model.plateaus import baseline_and_target

    m, first = in_language(load_model(model), lang)
    entries = portfolio_of(m)
    plan = baseline_and_target(m)
    found = portfolio_findings(m, baseline=plan[0], target=plan[1], entries=entries) if plan else []
    if out:
        from exporters.portfolio import write_portfolio_svg

        try:
            write_portfolio_svg(entries, out, lang=first)
        except OSError as exc:
            _fail(f"{out}: {exc.strerror or exc}")
    if fmt == "json":
        echo_json({"applications": [e.as_json() for e in entries], "findings": [g.as_json() for g in found]})
        return
    if not entries:
        click.echo(
            "ea: note: the model has no ApplicationComponents to place in the portfolio (docs/governance.md)", err=True
        )
    for e in entries:
        fits = f"F{e.functional_fit or '?'} T{e.technical_fit or '?'}"
        click.echo(f"{(e.time or '-').upper():<10} {fits:<7} {e.id}  {e.name(lang)}  ({e.basis})")
    for g in found:
        click.echo(f"{g.severity.upper()} {g.rule} {g.element}: {g.message}")
    if out:
        click.echo(f"matrix: {out}", err=True)


@click.command()
@click.argument("args", nargs=-1, metavar="[MODEL] [ELEMENT]")
@FORMAT_OPTION
def decisions(args: tuple[str, ...], fmt: str) -> None:
    """The decision records in governance/decisions/ next to the model, or those concerning ELEMENT.

    Each record is Markdown with a front matter (id, title, date, status, elements). Unknown element
    ids are reported (they also show in `ea validate`).
    """
    from ea_model.governance.decisions import decision_findings, decisions_for
    from ea_model.governance.load import load_decisions

    if len(args) > 2:
        _fail("give [MODEL] [ELEMENT]")
    model_arg = args[0] if args and (len(args) == 2 or Path(args[0]).exists()) else None
    element = args[-1] if args and (len(args) == 2 or model_arg is None) else None
    path = resolve_model_path(model_arg)
    m = load_model(model_arg)
    folder = governance_folder(path) / "decisions"
    try:
        records = load_decisions(folder) if folder.is_dir() else []
    except EaError as exc:
        _fail(str(exc))
    if element:
        from ea_model.impact import resolve_element

        try:
            element = resolve_element(m, element).id
        except EaError as exc:
            _fail(str(exc))
        records = decisions_for(records, element)
    found = decision_findings(m, records)
    if fmt == "json":
        echo_json({"decisions": [r.model_dump(mode="json") for r in records], "findings": [g.as_json() for g in found]})
        return
    for r in records:
        click.echo(f"{r.id}  {r.date}  {r.status:<10} {r.title}  [{', '.join(r.elements)}]")
    for g in found:
        click.echo(f"{g.severity.upper()} {g.rule} {g.register_id}: {g.message} ({g.file}:{g.line})")


# ---- report, review, impact ----------------------------------------------------------------------


def report_registers(m, model_path: Path, as_of: dt.date | None = None):
    """The registers next to the model for `ea report` / `ea review` (None when there are none)."""
    from catalog.paths import CATALOG_DIR
    from ea_model.governance.load import load_decisions, load_lifecycle, load_waivers
    from exporters.report.governance import Registers

    folder = governance_folder(model_path)
    if not folder.is_dir():
        return None
    try:
        waivers = load_waivers(folder / "waivers.yaml", elements=m) if (folder / "waivers.yaml").is_file() else []
        decisions = load_decisions(folder / "decisions") if (folder / "decisions").is_dir() else []
        paths = [p for p in (CATALOG_DIR / "lifecycle.yaml", folder / "lifecycle.yaml") if p.is_file()]
        lifecycle = load_lifecycle(paths)
    except EaError as exc:
        _fail(str(exc))
    return Registers(as_of=as_of or dt.date.today(), waivers=waivers, decisions=decisions, lifecycle=lifecycle)


def impact_decisions(model_path: Path, element_id: str) -> list:
    """The decision records next to the model that concern `element_id`, newest first."""
    from ea_model.governance.decisions import decisions_for
    from ea_model.governance.load import load_decisions

    folder = governance_folder(model_path) / "decisions"
    if not folder.is_dir():
        return []
    try:
        return decisions_for(load_decisions(folder), element_id)
    except EaError as exc:
        _fail(str(exc))
