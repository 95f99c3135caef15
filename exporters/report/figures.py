"""Which diagrams the report draws: a review diagram per service and side (the planned one only when
something around the service changes), the application landscape per side, and the strategy map (the
whole map, then one per BMA strategy).

Graphviz's layout time grows much faster than the drawing: a landscape of a thousand applications
takes minutes and is unreadable on a page, so past `LANDSCAPE_LIMIT` applications (`STRATEGY_LIMIT`
strategy-map elements) the page says so and points to `ea diagram`, which draws it anyway."""

from __future__ import annotations

from dataclasses import dataclass, field

from exporters.diagrams import (
    Diagram,
    application_landscape,
    service_diagram,
    strategy_diagrams,
    strategy_elements,
    strategy_map,
)
from exporters.diagrams.scope import service_support
from exporters.report.data import ReportData, ServiceEntry, Side

LANDSCAPE_LIMIT = 500
STRATEGY_LIMIT = 400


@dataclass
class DiagramPlan:
    diagrams: list[Diagram] = field(default_factory=list)
    landscapes: list[tuple[Side, str | None]] = field(default_factory=list)
    strategy: list[tuple[Side | None, str | None]] = field(default_factory=list)
    too_large: dict[str, int] = field(default_factory=dict)  # page kind -> elements it would have drawn


def plan_diagrams(data: ReportData, slugs: dict[str, str], lang: str) -> DiagramPlan:
    """The diagrams to render, and the stems each page shows (set on the service entries)."""
    plan = DiagramPlan()
    for entry in data.services:
        for side in data.sides:
            if side.key not in entry.verdicts:
                continue
            if side is not data.sides[0] and _unchanged(data, entry, side):
                entry.diagrams[side.key] = None
                continue
            stem = f"service-{slugs[entry.id]}-{side.key}"
            entry.diagrams[side.key] = stem
            plan.diagrams.append(Diagram(stem, _service_builder(side, entry, lang)))
    for side in data.sides:
        applications = sum(1 for _ in side.model.elements(("ApplicationComponent", "ApplicationCollaboration")))
        if applications > LANDSCAPE_LIMIT:
            plan.too_large["landscape"] = max(applications, plan.too_large.get("landscape", 0))
            plan.landscapes.append((side, None))
        elif applications:
            stem = f"landscape-{side.key}"
            plan.diagrams.append(Diagram(stem, lambda side=side: application_landscape(side.model, lang=lang)))
            plan.landscapes.append((side, stem))
        else:
            plan.landscapes.append((side, None))
    today = data.sides[0]
    placed = len(strategy_elements(today.model))
    if placed > STRATEGY_LIMIT:
        plan.too_large["strategy"] = placed
        plan.strategy.append((None, None))
    elif placed:
        verdicts = {s.id: s.verdicts[today.key] for s in data.services if today.key in s.verdicts}
        plan.diagrams.append(Diagram("strategy-map", lambda: strategy_map(today.model, verdicts=verdicts, lang=lang)))
        plan.strategy.append((None, "strategy-map"))
        for diagram in strategy_diagrams(today.model, verdicts=verdicts, lang=lang):  # one legible map each
            plan.diagrams.append(diagram)
            plan.strategy.append((None, diagram.stem))
    else:
        plan.strategy.append((None, None))
    return plan


def _service_builder(side: Side, entry: ServiceEntry, lang: str):
    verdicts = dict(entry.verdicts[side.key])
    return lambda: service_diagram(side.model, entry.id, verdicts=verdicts, lang=lang)


def _unchanged(data: ReportData, entry: ServiceEntry, side: Side) -> bool:
    """The same supporting elements and relationships, and the same verdicts, as today."""
    today = data.sides[0]
    if today.key not in entry.verdicts or entry.verdicts[today.key] != entry.verdicts[side.key]:
        return False
    before = service_support(today.model, entry.id)
    after = service_support(side.model, entry.id)
    return set(before.elements) == set(after.elements) and set(before.relationships) == set(after.relationships)
