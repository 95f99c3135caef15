"""The migration roadmap: plateaus, work packages on a timeline, and the gaps each closes.

Convention 11 (docs/modeling-conventions.md): a `WorkPackage` realizes the target `Plateau` and its
`Deliverable`s; its `start` and `end` properties (ISO dates, `YYYY-MM-DD`) place it on the timeline. The
services a work package moves are those it (or one of its deliverables) is associated with or realizes,
and the citizen services that depend on an element a deliverable realizes (`ea_model.impact`). For each,
the compliance delta (`ea_model.gap.delta.compliance_delta`) says which criteria's gaps the target
closes. A work package without a date, or with an end before its start, is reported, never guessed.

    >>> plan = roadmap(model, catalog=catalog)  # doctest: +SKIP
    >>> [(w.id, w.start, w.end) for w in plan.work_packages]  # doctest: +SKIP
    >>> plan.undated  # doctest: +SKIP
    []
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ea_model.compliance.criteria import DgaCatalog
from ea_model.gap.delta import compliance_delta
from ea_model.impact import citizen_services_among, impact
from ea_model.model import Model
from ea_model.naming import display_name
from ea_model.objects import Element, LangString, text_in
from ea_model.plateaus import baseline_and_target, plateaus

__all__ = ["DATE_PROPERTIES", "Roadmap", "ServiceMove", "WorkPackageEntry", "render_roadmap_text", "roadmap"]

DATE_PROPERTIES = ("start", "end")
_TIES = ("Association", "Realization")


@dataclass
class ServiceMove:
    """A citizen service a work package moves, and the gaps the target closes for it."""

    id: str
    name: LangString
    via: str | None  # None: tied to the work package directly; else the element a deliverable realizes
    closed: list[str] = field(default_factory=list)  # criterion ids
    closed_outcomes: list[str] = field(default_factory=list)  # outcomes whose verdict turns from a gap to pass
    remaining: list[str] = field(default_factory=list)


@dataclass
class WorkPackageEntry:
    id: str
    name: LangString
    start: dt.date | None
    end: dt.date | None
    plateaus: list[str]  # the plateaus it realizes
    deliverables: list[tuple[str, LangString]]
    services: list[ServiceMove]
    problems: list[str] = field(default_factory=list)  # missing or unreadable dates

    @property
    def dated(self) -> bool:
        return self.start is not None and self.end is not None and not self.problems


@dataclass
class Roadmap:
    plateaus: list[tuple[str, LangString]]
    baseline: str | None
    target: str | None
    work_packages: list[WorkPackageEntry]
    closed_by_outcome: dict[str, int] = field(default_factory=dict)  # service-outcome gaps the target closes

    @property
    def undated(self) -> list[WorkPackageEntry]:
        return [w for w in self.work_packages if not w.dated]

    @property
    def span(self) -> tuple[dt.date, dt.date] | None:
        dated = [w for w in self.work_packages if w.dated]
        if not dated:
            return None
        return min(w.start for w in dated), max(w.end for w in dated)  # type: ignore[type-var]

    def as_json(self, lang: str | None = None) -> dict:
        def name(value: LangString) -> dict:
            out = {"name_th": text_in(value, "th"), "name_en": text_in(value, "en")}
            return {**out, "name": display_name(value, lang)} if lang else out

        return {
            "baseline": self.baseline,
            "target": self.target,
            "plateaus": [{"id": pid, **name(n)} for pid, n in self.plateaus],
            "closed_by_outcome": self.closed_by_outcome,
            "work_packages": [
                {
                    "id": w.id,
                    **name(w.name),
                    "start": w.start.isoformat() if w.start else None,
                    "end": w.end.isoformat() if w.end else None,
                    "problems": w.problems,
                    "plateaus": w.plateaus,
                    "deliverables": [{"id": d, **name(n)} for d, n in w.deliverables],
                    "services": [
                        {
                            "id": s.id,
                            **name(s.name),
                            "via": s.via,
                            "closed": s.closed,
                            "closed_outcomes": s.closed_outcomes,
                            "remaining": s.remaining,
                        }
                        for s in w.services
                    ],
                }
                for w in self.work_packages
            ],
        }


def roadmap(model: Model, *, catalog: DgaCatalog | None = None, today: dt.date | None = None) -> Roadmap:
    """The roadmap of `model`'s migration plan. With `catalog`, and a baseline and a target plateau, each
    service carries the gaps the target closes (the compliance delta); without, only the ties."""
    plan = baseline_and_target(model)
    delta: dict[str, dict] = {}
    closed_by_outcome: dict[str, int] = {}
    if plan is not None and catalog is not None:
        found = compliance_delta(
            model, model, catalog=catalog, baseline_plateau=plan[0], target_plateau=plan[1], today=today
        )
        delta = {s["id"]: s for s in found["services"]}
        closed_by_outcome = {g: summary["closed"] for g, summary in found["outcomes"].items()}
    packages = [_entry(model, wp, delta) for wp in model.elements(type="WorkPackage")]
    packages.sort(key=lambda w: (w.start or dt.date.max, w.end or dt.date.max, w.id))
    return Roadmap(
        plateaus=[(p.id, p.name) for p in plateaus(model)],
        baseline=plan[0] if plan else None,
        target=plan[1] if plan else None,
        work_packages=packages,
        closed_by_outcome=closed_by_outcome,
    )


def _entry(model: Model, wp: Element, delta: dict[str, dict]) -> WorkPackageEntry:
    problems: list[str] = []
    dates = {key: _date(model, wp, key, problems) for key in DATE_PROPERTIES}
    if dates["start"] and dates["end"] and dates["end"] < dates["start"]:
        problems.append(f"end {dates['end']} is before start {dates['start']}")
    targets = [r.target for r in model.outgoing(wp.id, {"Realization"})]
    deliverables = [t for t in targets if model.type_of(t) == "Deliverable"]
    moves: dict[str, ServiceMove] = {}
    realized: list[str] = []
    for source in (wp.id, *deliverables):
        tied = [r.target for r in model.outgoing(source, set(_TIES))]
        for sid in sorted(citizen_services_among(model, tied)):
            moves.setdefault(sid, _move(model, sid, None, delta))
        if source != wp.id:
            realized += [t for t in tied if model.type_of(t) not in ("BusinessService", "Plateau")]
    if not moves:  # no service named: the citizen services that depend on what the deliverables realize
        for ref in realized:
            for sid in impact(model, ref).citizen_services:
                moves.setdefault(sid, _move(model, sid, ref, delta))
    return WorkPackageEntry(
        id=wp.id,
        name=wp.name,
        start=dates["start"],
        end=dates["end"],
        plateaus=[t for t in targets if model.type_of(t) == "Plateau"],
        deliverables=[(d, model.element(d).name) for d in deliverables],
        services=list(moves.values()),
        problems=problems,
    )


def _date(model: Model, wp: Element, key: str, problems: list[str]) -> dt.date | None:
    value = model.property_value(wp, key)
    if not value or not value.strip():
        problems.append(f"no `{key}` date")
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        problems.append(f"`{key}` {value!r} is not a date YYYY-MM-DD")
        return None


def _move(model: Model, sid: str, via: str | None, delta: dict[str, dict]) -> ServiceMove:
    entry = delta.get(sid, {})
    closed_outcomes = [
        g
        for g, v in entry.get("goals", {}).items()
        if v.get("baseline") in ("fail", "warn") and v.get("target") in ("pass", "info", "n/a")
    ]
    return ServiceMove(
        id=sid,
        name=model.element(sid).name,
        via=via,
        closed=list(entry.get("closed", [])),
        closed_outcomes=closed_outcomes,
        remaining=list(entry.get("remaining", [])),
    )


def render_roadmap_text(plan: Roadmap, lang: str = "en") -> str:
    """The roadmap as text: each work package with its dates, its services and the gaps they close; names
    in `lang`, or both side by side for "both"."""
    lines = []
    for w in plan.work_packages:
        when = f"{w.start or '?'} → {w.end or '?'}"
        lines.append(f"{when}  {display_name(w.name, lang) or w.id}  ({w.id})")
        for problem in w.problems:
            lines.append(f"    ! {problem}")
        for s in w.services:
            closed = ", ".join(s.closed) if s.closed else "no gap closed"
            via = f" (through {s.via})" if s.via else ""
            lines.append(f"    - {display_name(s.name, lang) or s.id}{via}: {closed}")
    if plan.undated:
        lines.append("")
        lines.append(f"{len(plan.undated)} work package(s) without dates: {', '.join(w.id for w in plan.undated)}")
    if not plan.work_packages:
        lines.append("(the model has no work packages)")
    return "\n".join(lines) + "\n"
