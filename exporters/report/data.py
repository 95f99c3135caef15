"""What the governance report shows, gathered from the model and the analyses (no HTML here).

The two states a board compares are the baseline plateau ("today") and the target plateau
("planned"), checked separately (`check_model(model, plateau=…)`, as `ea check --plateau` does); a
model without two plateaus is checked whole, as today only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from catalog.dga import load_dga_catalog
from catalog.strategies import strategy_kinds
from ea_model.compliance.criteria import Criterion, DgaCatalog
from ea_model.compliance.evaluation import GOAL_VERDICTS, ComplianceFinding, ComplianceResult, check_model
from ea_model.errors import EaError
from ea_model.gap.delta import attach_compliance_delta
from ea_model.gap.matrix import GapReport, gap_between_plateaus
from ea_model.model import Model
from ea_model.objects import Element, LangString
from ea_model.plateaus import baseline_and_target, find_plateau, plateau_model, plateaus
from ea_model.traceability import TraceResult, trace
from ea_model.trend import Trend
from exporters.report.org import ALL_DISTRICTS, Organisation, Unit
from exporters.report.trend import model_trend

WORST_LIMIT = 10
SUMMARY_VERDICTS = ("fail", "warn", "unknown", "pass")  # the executive summary's columns, per side
_SERVICE_FACTS = ("fee_thb", "digital_fee_thb", "fee_legal_basis", "legal_basis", "digital_exclusion_reason")


@dataclass
class Side:
    """One state of the architecture as the report shows it."""

    key: str  # "today" | "planned"
    plateau: Element | None
    model: Model  # the plateau's own model (or the whole model)
    result: ComplianceResult

    @cached_property
    def service_ids(self) -> set[str]:
        return {s.id for s in self.result.services}

    @cached_property
    def _findings(self) -> dict[tuple[str, str], list[ComplianceFinding]]:
        out: dict[tuple[str, str], list[ComplianceFinding]] = {}
        for f in self.result.findings:
            out.setdefault((f.service, f.goal), []).append(f)
        return out

    def findings_for(self, service_id: str, goal: str) -> list[ComplianceFinding]:
        return self._findings.get((service_id, goal), [])


@dataclass
class CriterionRow:
    """One criterion for one service: the finding in each side (None: no finding there)."""

    criterion: Criterion | None
    criterion_id: str
    findings: dict[str, ComplianceFinding | None]

    @property
    def shown(self) -> ComplianceFinding:
        """The finding whose message, evidence and remedy the page shows: today's, else the planned one."""
        return next(f for f in self.findings.values() if f is not None)

    @property
    def needs_remedy(self) -> bool:
        """Whether some side still has a gap (or cannot tell) on this criterion."""
        return any(f is not None and f.verdict in ("fail", "warn", "unknown") for f in self.findings.values())


@dataclass
class GoalBlock:
    goal: str
    name: LangString
    verdicts: dict[str, str | None]  # side key -> goal verdict (None: the service is not in that side)
    rows: list[CriterionRow]


@dataclass
class ServiceEntry:
    id: str
    name: LangString
    page: str
    owners: list[Unit]
    departments: list[Unit]
    districts: list[str]
    verdicts: dict[str, dict[str, str | None]]  # side key -> goal -> verdict
    status: str  # kept | new | eliminated | only
    facts: dict[str, str] = field(default_factory=dict)
    goals: list[GoalBlock] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    diagrams: dict[str, str | None] = field(default_factory=dict)  # side key -> diagram stem

    def counts(self, side: str) -> dict[str, int]:
        out = dict.fromkeys(GOAL_VERDICTS, 0)
        for verdict in self.verdicts.get(side, {}).values():
            if verdict is not None:
                out[verdict] += 1
        return out

    def rank(self, side: str) -> tuple[int, int, int]:
        c = self.counts(side)
        return (c["fail"], c["warn"], c["unknown"])


@dataclass
class ReportData:
    model: Model
    catalog: DgaCatalog
    sides: list[Side]
    goals: list[str]
    goal_names: dict[str, LangString]
    services: list[ServiceEntry]
    gap: GapReport | None
    delta: dict | None
    trace: TraceResult
    districts: list[Unit]
    departments: list[Unit]
    as_of: dt.date | None = None  # the date the checks evaluated as of (`--as-of`); None: the day of the run
    trend: Trend | None = None  # the scorecard per revision, when the model's file is in git with 2+ revisions

    @property
    def today(self) -> Side:
        return self.sides[0]

    @property
    def planned(self) -> Side | None:
        return self.sides[1] if len(self.sides) > 1 else None

    def scorecard(self, side: Side) -> list[dict[str, Any]]:
        card = side.result.scorecard()
        return [{"goal": g, "name": self.goal_names[g], "counts": card[g]} for g in self.goals]

    def worst(self, limit: int = WORST_LIMIT) -> list[ServiceEntry]:
        key = self.today.key
        hit = [s for s in self.services if key in s.verdicts and any(s.rank(key))]
        return sorted(hit, key=lambda s: tuple(-n for n in s.rank(key)))[:limit]

    def heatmap(self) -> list[ServiceEntry]:
        """The services × outcomes heatmap's rows: every service checked today (its cells are
        `verdicts[today][goal]`)."""
        key = self.today.key
        return [s for s in self.services if key in s.verdicts]

    def outcome_summary(self) -> list[dict[str, Any]]:
        """Per outcome, the services per verdict on each side (today, and planned when there is one):
        the executive summary's today-vs-target table, the scorecards' numbers."""
        cards = {side.key: side.result.scorecard() for side in self.sides}
        return [
            {
                "goal": g,
                "name": self.goal_names[g],
                "sides": {key: {v: card[g][v] for v in SUMMARY_VERDICTS} for key, card in cards.items()},
            }
            for g in self.goals
        ]

    def change_since_previous(self) -> dict[str, Any] | None:
        """What changed between the last two revisions of the trend: per outcome, the change in services
        per verdict (last minus previous). None without a trend of two revisions or more."""
        if self.trend is None or len(self.trend.points) < 2:
            return None
        before, after = self.trend.points[-2], self.trend.points[-1]
        goals = []
        for g in self.trend.goals:
            delta = {
                v: after.scorecard.get(g, {}).get(v, 0) - before.scorecard.get(g, {}).get(v, 0)
                for v in SUMMARY_VERDICTS
            }
            goals.append(
                {"goal": g, "name": self.goal_names.get(g, {"": g}), "delta": delta, "changed": any(delta.values())}
            )
        return {"previous": before.revision, "latest": after.revision, "goals": goals}


def pick_plateaus(
    model: Model, baseline: str | None = None, target: str | None = None
) -> tuple[Element, Element] | None:
    """The baseline and target plateaus: the ones named, else read from the migration plan.

    Detection is `ea_model.plateaus.baseline_and_target`, the rule every command shares. None when
    the model has fewer than two plateaus.
    """
    if baseline or target:
        return _named_plateaus(model, baseline, target)
    plan = baseline_and_target(model)
    return (model.element(plan[0]), model.element(plan[1])) if plan else None


def _named_plateaus(model: Model, baseline: str | None, target: str | None) -> tuple[Element, Element]:
    """The plateaus asked for; a side left out is the detected one (or the first other plateau)."""
    auto = pick_plateaus(model)
    b = find_plateau(model, baseline) if baseline else None
    t = find_plateau(model, target) if target else None

    def other_than(chosen: Element, detected: Element | None) -> Element | None:
        if detected is not None and detected.id != chosen.id:
            return detected
        return next((p for p in plateaus(model) if p.id != chosen.id), None)

    if b is None:
        b = other_than(t, auto[0] if auto else None)
    if t is None:
        t = other_than(b, auto[1] if auto else None)
    if b is None or t is None:
        raise EaError("the model has a single plateau: there is nothing to compare it with", file=model.source)
    if b.id == t.id:
        raise EaError(f"the baseline and the target are the same plateau ({b.id})", file=model.source)
    return b, t


def collect(
    model: Model,
    *,
    baseline: str | None = None,
    target: str | None = None,
    catalog: DgaCatalog | None = None,
    service_page: Callable[[str], str] = lambda sid: f"service-{sid}.html",
    today: dt.date | None = None,
) -> ReportData:
    """Run the analyses the report needs: the DGA check per side, the gap matrix and the compliance
    delta when there are two plateaus, strategy traceability, who delivers each service, and the trend
    of the model's file when it is in a git repository."""
    catalog = catalog or load_dga_catalog()
    pair = pick_plateaus(model, baseline, target)
    sides: list[Side] = []
    gap = delta = None
    if pair is None:
        sides.append(Side("today", None, model, check_model(model, catalog=catalog, today=today)))
    else:
        for key, plateau in zip(("today", "planned"), pair, strict=True):
            result = check_model(model, catalog=catalog, plateau=plateau.id, today=today)
            sides.append(Side(key, plateau, plateau_model(model, plateau.id), result))
        gap = gap_between_plateaus(model, pair[0], pair[1])
        delta = attach_compliance_delta(gap, catalog=catalog, today=today)
    goals = sides[0].result.goals
    goal_names = {o.id: {"th": o.name_th, "en": o.name_en} for o in catalog.outcomes}
    org = Organisation(model, catalog)
    traced = trace(model, all_services=True, catalog=catalog, strategy_kinds=strategy_kinds())
    services = _services(model, sides, goals, goal_names, catalog, org, traced, delta, service_page)
    departments: dict[str, Unit] = {}
    for s in services:
        for d in s.departments:
            departments.setdefault(d.id, d)
    return ReportData(
        model=model,
        catalog=catalog,
        sides=sides,
        goals=goals,
        goal_names=goal_names,
        services=services,
        gap=gap,
        delta=delta,
        trace=traced,
        districts=org.districts(),
        departments=sorted(departments.values(), key=lambda u: u.name.get("th") or u.name.get("en") or u.id),
        as_of=today,
        trend=model_trend(model, catalog, today),
    )


def _services(model, sides, goals, goal_names, catalog, org, traced, delta, service_page) -> list[ServiceEntry]:
    elements: dict[str, Element] = {}
    for side in sides:
        for s in side.result.services:
            elements.setdefault(s.id, s)
    status = {s["id"]: s["status"] for s in delta["services"]} if delta else {}
    links = {t.service: t.links for t in traced.services}
    criteria = {c.id: c for c in catalog.criteria}
    out = []
    for sid, element in elements.items():
        delivery = org.delivery(sid) if sid in model else None
        entry = ServiceEntry(
            id=sid,
            name=element.name,
            page=service_page(sid),
            owners=delivery.owners if delivery else [],
            departments=delivery.departments if delivery else [],
            districts=delivery.districts if delivery else [],
            verdicts={
                side.key: {g: side.result.goal_verdict(sid, g) for g in goals}
                for side in sides
                if sid in side.service_ids
            },
            status=status.get(sid, "kept" if len(sides) > 1 else "only"),
            facts={k: v for k in _SERVICE_FACTS if (v := model.property_value(element, k))},
        )
        entry.goals = _goal_blocks(sid, sides, goals, goal_names, criteria)
        entry.links = [
            {"goal": link.goal, "kind": link.kind, "path": link.path, "national": link.national}
            for link in links.get(sid, [])
        ]
        out.append(entry)
    return out


def _goal_blocks(sid, sides, goals, goal_names, criteria) -> list[GoalBlock]:
    blocks = []
    order = {cid: n for n, cid in enumerate(criteria)}
    for goal in goals:
        per_side = {side.key: {f.criterion: f for f in side.findings_for(sid, goal)} for side in sides}
        ids = list(dict.fromkeys(c for found in per_side.values() for c in found))
        ids.sort(key=lambda c: order.get(c, len(order)))
        rows = [
            CriterionRow(criteria.get(cid), cid, {side.key: per_side[side.key].get(cid) for side in sides})
            for cid in ids
        ]
        verdicts = {
            side.key: side.result.goal_verdict(sid, goal) if sid in side.service_ids else None for side in sides
        }
        blocks.append(GoalBlock(goal, goal_names[goal], verdicts, rows))
    return blocks


def filter_island(data: ReportData) -> dict[str, Any]:
    """The services list's data for the in-page filter (plain JSON; the page escapes it)."""
    return {
        "sides": [s.key for s in data.sides],
        "all_districts": ALL_DISTRICTS,
        "services": [
            {
                "id": s.id,
                "name_th": s.name.get("th", ""),
                "name_en": s.name.get("en", "") or s.name.get("", ""),
                "departments": [d.id for d in s.departments],
                "districts": s.districts,
                "verdicts": s.verdicts,
            }
            for s in data.services
        ],
    }
