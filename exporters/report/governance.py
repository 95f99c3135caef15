"""The governance registers in the report: waived findings (justification, days left) on service pages,
decision records on element pages, and a governance page (portfolio matrix, lifecycle findings, the
waiver register). The caller reads the registers; this module only arranges them for the templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from ea_model.governance.decisions import decisions_by_element
from ea_model.governance.lifecycle import lifecycle_findings
from ea_model.governance.portfolio import portfolio_findings, portfolio_of
from ea_model.governance.registers import DecisionRecord, GovernanceFinding, LifecycleEntry, Waiver
from ea_model.governance.waivers import review_waivers
from ea_model.plateaus import baseline_and_target
from exporters.portfolio import generate_portfolio_svg

EXPIRING_WITHIN_DAYS = 90  # the executive summary lists the waivers that expire this soon


@dataclass
class Registers:
    """What the report shows of the governance folder, as read by the caller."""

    as_of: dt.date
    waivers: list[Waiver] = field(default_factory=list)
    decisions: list[DecisionRecord] = field(default_factory=list)
    lifecycle: list[LifecycleEntry] = field(default_factory=list)
    horizon_months: int = 12


@dataclass
class GovernanceView:
    as_of: dt.date
    waived: dict[str, list[dict[str, Any]]]  # service id -> waived findings
    decisions: dict[str, list[DecisionRecord]]  # element id -> records
    portfolio: list
    matrix: Markup | None
    findings: list[GovernanceFinding]  # lifecycle, portfolio and register findings
    waivers: list[dict[str, Any]]  # every waiver with its state

    def expiring_waivers(self, within_days: int = EXPIRING_WITHIN_DAYS) -> list[dict[str, Any]]:
        """The waivers still in force that expire within `within_days` days, soonest first."""
        soon = [w for w in self.waivers if w["state"] == "in force" and 0 <= w["days_left"] <= within_days]
        return sorted(soon, key=lambda w: (w["days_left"], w["id"]))

    @property
    def lifecycle_findings(self) -> list[GovernanceFinding]:
        """The lifecycle findings: technology out of support, support ending, retired in the target."""
        return [f for f in self.findings if f.rule.startswith("lifecycle-")]


def build_view(data, registers: Registers, lang: str) -> GovernanceView:
    """`data` is the report's ReportData: its today side is what the waivers apply to."""
    model, result = data.model, data.today.result
    plan = baseline_and_target(model)
    found = lifecycle_findings(
        data.today.model,
        registers.lifecycle,
        as_of=registers.as_of,
        horizon_months=registers.horizon_months,
        lang=lang,
    )
    if plan:
        found += [
            g
            for g in lifecycle_findings(model, registers.lifecycle, as_of=registers.as_of, target_plateau=plan[1])
            if g.rule == "lifecycle-retired-in-target"
        ]
    entries = portfolio_of(model)
    if plan:
        found += portfolio_findings(model, baseline=plan[0], target=plan[1], entries=entries)
    keys = [(f.criterion, f.service) if f.verdict in ("fail", "warn", "unknown") else None for f in result.findings]
    keys += [(g.rule, g.element) for g in found]
    review = review_waivers(keys, registers.waivers, registers.as_of)
    waived: dict[str, list[dict[str, Any]]] = {}
    for position, wid in review.waived.items():
        w = review.waivers[wid]
        if position < len(result.findings):
            f = result.findings[position]
            subject, what, verdict = f.service, f.criterion, f.verdict
        else:
            g = found[position - len(result.findings)]
            subject, what, verdict = g.element, g.rule, g.verdict
        waived.setdefault(subject or "", []).append(
            {
                "what": what,
                "verdict": verdict,
                "waiver": w.id,
                "justification": {"th": w.justification.th, "en": w.justification.en},
                "decision": w.decision,
                "approved_by": w.approved_by,
                "expires": w.expires.isoformat(),
                "days_left": w.days_left(registers.as_of),
            }
        )
    states = {g.register_id: g.rule.removeprefix("waiver-") for g in review.findings}
    waivers = [
        {
            "id": w.id,
            "selects": w.selects.key,
            "elements": w.selects.elements,
            "justification": {"th": w.justification.th, "en": w.justification.en},
            "decision": w.decision,
            "expires": w.expires.isoformat(),
            "days_left": w.days_left(registers.as_of),
            "state": states.get(w.id, "in force"),
        }
        for w in registers.waivers
    ]
    # the matrix is ours: every model text in it is escaped by exporters.portfolio
    matrix = Markup(generate_portfolio_svg(entries, lang=lang)) if entries else None
    return GovernanceView(
        as_of=registers.as_of,
        waived=waived,
        decisions=decisions_by_element(registers.decisions),
        portfolio=entries,
        matrix=matrix,
        findings=found + review.findings,
        waivers=waivers,
    )
