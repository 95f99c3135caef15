"""Technology lifecycle: what depends on products past, or near, their end of support.

An element (Node, Device, SystemSoftware, TechnologyService, ApplicationComponent) links to a register entry
with its `lifecycle` property (the entry id). Findings:

* `lifecycle-end-of-support` (error): a citizen service depends, in `ea_model.impact`'s dependency
  direction (not through actors and roles), on an element whose product is past its end of support;
  the path is given.
* `lifecycle-support-ending` (warning): likewise, with the end of support within the horizon.
* `lifecycle-retired-in-target` (warning): an element of the target plateau is on a retired product.
* `lifecycle-unknown-entry` (warning): the `lifecycle` property names no register entry.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import deque
from collections.abc import Iterable, Sequence

from ea_model.governance.registers import GovernanceFinding, LifecycleEntry
from ea_model.impact import citizen_services_among, dependency_pairs
from ea_model.model import Model
from ea_model.naming import display_name
from ea_model.plateaus import plateau_members

LIFECYCLE_PROPERTY = "lifecycle"
LINKABLE_TYPES = frozenset({"Node", "Device", "SystemSoftware", "TechnologyService", "ApplicationComponent"})
PEOPLE = frozenset({"BusinessActor", "BusinessRole", "BusinessCollaboration", "Junction"})
RULES = (
    "lifecycle-end-of-support",
    "lifecycle-support-ending",
    "lifecycle-retired-in-target",
    "lifecycle-unknown-entry",
)


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus `months` calendar months (the last day of a shorter month when needed).

    >>> add_months(dt.date(2025, 1, 31), 1)
    datetime.date(2025, 2, 28)
    """
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def lifecycle_links(model: Model) -> dict[str, str]:
    """element id -> register entry id, for the linkable elements with a `lifecycle` property."""
    definition = {pid for pid, d in model.property_definitions.items() if LIFECYCLE_PROPERTY in d.name.values()}
    if not definition:
        return {}
    links = {}
    for el in model.elements(type=LINKABLE_TYPES):
        for prop in el.properties:
            if prop.definition_ref in definition:
                value = next(iter(prop.value.values()), "").strip()
                if value:
                    links[el.id] = value
    return links


def lifecycle_findings(
    model: Model,
    entries: Sequence[LifecycleEntry],
    *,
    as_of: dt.date,
    horizon_months: int = 0,
    target_plateau: str | None = None,
    lang: str | None = None,
) -> list[GovernanceFinding]:
    """The findings above for `model` as of `as_of`; `horizon_months` widens "ending" from today to that far
    ahead; `target_plateau` (an id) enables the retired-in-target check."""
    register = {e.id: e for e in entries}
    links = lifecycle_links(model)
    horizon = add_months(as_of, horizon_months)
    findings: list[GovernanceFinding] = []
    past: dict[str, LifecycleEntry] = {}
    ending: dict[str, LifecycleEntry] = {}
    for el_id, entry_id in links.items():
        entry = register.get(entry_id)
        if entry is None:
            findings.append(
                GovernanceFinding(
                    rule="lifecycle-unknown-entry",
                    severity="warning",
                    element=el_id,
                    message=f"{_name(model, el_id, lang)}: lifecycle {entry_id!r} is not in the lifecycle register",
                )
            )
        elif entry.end_of_support is not None and entry.end_of_support <= horizon:
            (past if entry.end_of_support < as_of else ending)[el_id] = entry
    findings.extend(_dependent_services(model, past, True, as_of, lang))
    findings.extend(_dependent_services(model, ending, False, as_of, lang))
    if target_plateau is not None:
        members = plateau_members(model, target_plateau).elements
        for el_id, entry_id in links.items():
            entry = register.get(entry_id)
            if entry is not None and entry.status == "retired" and el_id in members:
                findings.append(
                    GovernanceFinding(
                        rule="lifecycle-retired-in-target",
                        severity="warning",
                        element=el_id,
                        file=entry.file,
                        line=entry.line,
                        register_id=entry.id,
                        message=f"{_name(model, el_id, lang)} stays in the target plateau on {_product(entry)}, "
                        "which the register lists as retired: plan its replacement",
                    )
                )
    return findings


def dependents_with_paths(model: Model, starts: Iterable[str]) -> dict[str, list[str]]:
    """Everything that depends on one of `starts` (impact's dependency direction, `dependency_pairs`), with
    the shortest path of ids from the nearest start: one breadth-first search from all of them, so a
    thousand end-of-support products cost one walk. Unlike `ea impact`, the walk does not pass through
    actors and roles: a citizen who reads one document and writes another ties every service to every
    other, which says nothing about what runs on a server."""
    graph = model.graph
    succ, pred, nodes = graph._succ, graph._pred, graph._node
    parent: dict[str, str | None] = dict.fromkeys(starts)
    queue = deque(parent)
    while queue:
        node = queue.popleft()
        for adjacency in (succ[node], pred[node]):
            for other, edges in adjacency.items():
                if other in parent:
                    continue
                el = nodes[other].get("element")
                if el is None or el.type in PEOPLE:
                    continue
                if any((node, other) in dependency_pairs(attrs["relationship"]) for attrs in edges.values()):
                    parent[other] = node
                    queue.append(other)
    paths = {}
    for ref, step in parent.items():
        if step is None:
            continue
        path = [ref]
        while step is not None:
            path.append(step)
            step = parent[step]
        paths[ref] = path[::-1]
    return paths


def _dependent_services(
    model: Model, sources: dict[str, LifecycleEntry], past: bool, as_of: dt.date, lang: str | None
) -> list[GovernanceFinding]:
    """A finding per citizen service that depends on one of `sources`, naming the nearest."""
    if not sources:
        return []
    paths = dependents_with_paths(model, sources)
    out = []
    for service in sorted(citizen_services_among(model, paths)):
        path = paths[service]
        entry = sources[path[0]]
        eos = entry.end_of_support
        when = f"ended on {eos}" if past else f"ends on {eos} (in {(eos - as_of).days} days)"
        route = " → ".join(_name(model, ref, lang) for ref in path)
        out.append(
            GovernanceFinding(
                rule="lifecycle-end-of-support" if past else "lifecycle-support-ending",
                severity="error" if past else "warning",
                element=service,
                path=path,
                register_id=entry.id,
                message=f"{_name(model, service, lang)} depends on {_product(entry)}, whose support {when}: {route}",
            )
        )
    return out


def _product(entry: LifecycleEntry) -> str:
    return f"{entry.product} {entry.version}".strip()


def _name(model: Model, ref: str, lang: str | None) -> str:
    el = model.get_element(ref)
    return (display_name(el.name, lang) if el is not None else "") or ref
