"""Strategy traceability: from each service to the BMA strategies and the National Strategy.

Modelling convention 10: BMA strategies ("9 ด้าน 9 ดี") and National Strategy pillars are `Goal`
elements with property `strategy` (a strategy id from the catalog). A service `Realization` → a
BMA strategy Goal, directly or through `Outcome`s, `CourseOfAction`s, `Capability`s or
(untagged) sub-`Goal`s linked by `Realization` or `Influence`; a BMA strategy Goal `Influence` →
National Strategy pillar Goals.

Which strategy Goals are BMA strategies and which are national pillars: the catalog says, for the
ids it knows; otherwise the structure does (a strategy Goal that influences another strategy Goal
is a BMA strategy, one that only receives such influence is a pillar).

    >>> from ea_model import Model, Element, Relationship
    >>> m = Model()
    >>> for i, t in [("svc", "BusinessService"), ("b9", "Goal"), ("ns", "Goal")]:
    ...     m.add_element(Element(id=i, type=t, name={"en": i}))
    >>> m.set_property(m.element("b9"), "strategy", "B9-9"); m.set_property(m.element("ns"), "strategy", "NS-6")
    >>> m.add_relationship(Relationship(id="r", type="Realization", source="svc", target="b9"))
    >>> m.add_relationship(Relationship(id="i", type="Influence", source="b9", target="ns"))
    >>> from catalog.dga import load_dga_catalog
    >>> result = trace(m, all_services=True, catalog=load_dga_catalog(), strategy_kinds={})
    >>> [(l.goal, l.path, l.national) for l in result.services[0].links]
    [('b9', ['svc', 'b9'], ['ns'])]
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from ea_model.compliance.criteria import DgaCatalog
from ea_model.compliance.evaluation import citizen_services
from ea_model.model import Model
from ea_model.naming import display_name
from ea_model.objects import Element

StrategyKind = Literal["bma", "national"]
STRATEGY_PROPERTY = "strategy"
LINK_TYPES = frozenset({"Realization", "Influence"})
INTERMEDIATE_TYPES = frozenset({"Outcome", "CourseOfAction", "Capability", "Goal"})


@dataclass
class StrategyLink:
    goal: str  # the strategy Goal the service reaches
    kind: StrategyKind
    path: list[str]  # element ids from the service to the goal
    national: list[str] = field(default_factory=list)  # pillars the (BMA) goal influences


@dataclass
class ServiceTrace:
    service: str
    citizen: bool
    links: list[StrategyLink]

    @property
    def linked(self) -> bool:
        return bool(self.links)


@dataclass
class TraceResult:
    services: list[ServiceTrace]
    strategy: dict[str, str]  # goal id -> strategy id
    kinds: dict[str, StrategyKind]  # goal id -> bma | national
    reached: set[str]  # strategy goals some service reaches (directly or through a BMA strategy)
    pillars_of: dict[str, list[str]]  # BMA strategy goal -> pillars it influences

    @property
    def unlinked_services(self) -> list[str]:
        return [s.service for s in self.services if not s.linked]

    @property
    def bma_strategies(self) -> list[str]:
        return [g for g, kind in self.kinds.items() if kind == "bma"]

    @property
    def national_pillars(self) -> list[str]:
        return [g for g, kind in self.kinds.items() if kind == "national"]

    @property
    def strategies_without_services(self) -> list[str]:
        """Strategy goals (BMA and national) that no service is traced to."""
        return [g for g in self.kinds if g not in self.reached]

    @property
    def bma_strategies_without_pillar(self) -> list[str]:
        return [g for g in self.bma_strategies if not self.pillars_of.get(g)]

    def as_json(self, model: Model, lang: str | None = None) -> dict:
        def goal_json(goal: str) -> dict:
            el = model.element(goal)
            return {
                "id": goal,
                "strategy": self.strategy[goal],
                "kind": self.kinds[goal],
                "name": display_name(el.name, lang),
            }

        return {
            "services": [
                {
                    "id": s.service,
                    "name": display_name(model.element(s.service).name, lang),
                    "citizen": s.citizen,
                    "strategies": [
                        {**goal_json(link.goal), "path": link.path, "national": [goal_json(n) for n in link.national]}
                        for link in s.links
                    ],
                }
                for s in self.services
            ],
            "unlinked_services": self.unlinked_services,
            "strategies_without_services": [goal_json(g) for g in self.strategies_without_services],
            "bma_strategies_without_national": [goal_json(g) for g in self.bma_strategies_without_pillar],
        }


def strategy_goals(model: Model) -> dict[str, str]:
    """Goal id -> its `strategy` id, for every Goal that carries one."""
    out = {}
    for goal in model.elements(type="Goal"):
        value = model.property_value(goal, STRATEGY_PROPERTY)
        if value and value.strip():
            out[goal.id] = value.strip()
    return out


def classify_strategies(
    model: Model, goals: dict[str, str], known: Mapping[str, StrategyKind]
) -> dict[str, StrategyKind]:
    """Each strategy goal's kind: the catalog's (`known`) for the ids it knows, else read from the structure."""
    kinds: dict[str, StrategyKind] = {}
    for goal, strategy_id in goals.items():
        if strategy_id in known:
            kinds[goal] = known[strategy_id]
            continue
        influences_strategy = any(r.target in goals for r in model.outgoing(goal, {"Influence"}))
        influenced_by_strategy = any(r.source in goals for r in model.incoming(goal, {"Influence"}))
        kinds[goal] = "national" if influenced_by_strategy and not influences_strategy else "bma"
    return kinds


def trace(
    model: Model,
    all_services: bool = False,
    *,
    catalog: DgaCatalog,
    strategy_kinds: Mapping[str, StrategyKind],
) -> TraceResult:
    """Trace every citizen-facing service (every BusinessService with `all_services`) to the
    strategy Goals it serves, and each BMA strategy to its National Strategy pillars.

    `strategy_kinds` (strategy id -> "bma" or "national", `catalog.strategies.strategy_kinds()`) says
    what the strategy catalog knows; `catalog` (the DGA catalog) decides the citizen services."""
    goals = strategy_goals(model)
    kinds = classify_strategies(model, goals, strategy_kinds)
    pillars_of = {
        g: [r.target for r in model.outgoing(g, {"Influence"}) if kinds.get(r.target) == "national"]
        for g, kind in kinds.items()
        if kind == "bma"
    }
    citizen = {s.id for s in citizen_services(model, catalog=catalog)}
    services = (
        list(model.elements(type="BusinessService"))
        if all_services
        else [el for el in model.elements(type="BusinessService") if el.id in citizen]
    )
    traces: list[ServiceTrace] = []
    reached: set[str] = set()
    for service in services:
        links = _links(model, service, kinds, pillars_of)
        for link in links:
            reached.add(link.goal)
            reached.update(link.national)
        traces.append(ServiceTrace(service.id, service.id in citizen, links))
    return TraceResult(traces, goals, kinds, reached, pillars_of)


def _links(
    model: Model, service: Element, kinds: dict[str, StrategyKind], pillars_of: dict[str, list[str]]
) -> list[StrategyLink]:
    """Breadth-first from the service along Realization/Influence through motivation and
    strategy elements, stopping at each strategy Goal (shortest path to each)."""
    parent: dict[str, str | None] = {service.id: None}
    queue = deque([service.id])
    links: list[StrategyLink] = []
    while queue:
        node = queue.popleft()
        for rel in model.outgoing(node, LINK_TYPES):
            other = rel.target
            if other in parent:
                continue
            el = model.get_element(other)
            if el is None or el.type not in INTERMEDIATE_TYPES:
                continue
            parent[other] = node
            if other in kinds:
                path = _path(parent, other)
                links.append(StrategyLink(other, kinds[other], path, list(pillars_of.get(other, []))))
            else:
                queue.append(other)
    return links


def _path(parent: dict[str, str | None], node: str) -> list[str]:
    path = [node]
    while (step := parent[path[-1]]) is not None:
        path.append(step)
    return path[::-1]


def render_trace_text(result: TraceResult, model: Model, lang: str | None = None) -> str:
    """For people: each service with its strategies and pillars, then what is not linked."""

    def name(ref: str) -> str:
        return display_name(model.element(ref).name, lang) or ref

    def goal(ref: str) -> str:
        return f"{result.strategy[ref]} {name(ref)}"

    linked = sum(1 for s in result.services if s.linked)
    lines = [f"Strategy traceability: {len(result.services)} services, {linked} linked to a strategy", ""]
    for s in result.services:
        if not s.linked:
            continue
        lines.append(f"{name(s.service)}  [{s.service}]")
        for link in s.links:
            via = [name(ref) for ref in link.path[1:-1]]
            through = f"  (through {' → '.join(via)})" if via else ""
            kind = "" if link.kind == "bma" else "  ⚠ a National Strategy pillar directly, not through a BMA strategy"
            lines.append(f"  → {goal(link.goal)}{through}{kind}")
            for pillar in link.national:
                lines.append(f"      → {goal(pillar)}")
    sections = [
        ("Services with no strategic link", [f"{name(r)}  [{r}]" for r in result.unlinked_services]),
        ("Strategies with no service behind them", [goal(r) for r in result.strategies_without_services]),
        (
            "BMA strategies linked to no National Strategy pillar",
            [goal(r) for r in result.bma_strategies_without_pillar],
        ),
    ]
    for title, items in sections:
        lines += ["", f"{title}: {len(items)}", *(f"  {item}" for item in items)]
    if not result.strategy:
        lines += ["", "The model has no strategy Goals (Goal elements with property `strategy`, convention 10)."]
    return "\n".join(lines) + "\n"
