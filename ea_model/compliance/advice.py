"""Drawings the DGA checks cannot read, reported as `advice` with how to draw them so they can.

A fact drawn in a way docs/modeling-conventions.md does not cover is otherwise silently ignored, and the
service gets an `unknown` (or a false fail) with no hint why. Each advice names the element or
relationship and says what to draw instead.
"""

from __future__ import annotations

from ea_model.compliance.index import PROCESS_TYPES, ModelIndex
from ea_model.findings import Finding
from ea_model.objects import text_in

PASSIVE = frozenset({"BusinessObject", "DataObject"})


def unreadable_drawings(index: ModelIndex, services: list) -> list[Finding]:
    """Advice for each drawing the checks skip, in a stable order (by rule, then id)."""
    found: dict[tuple[str, str], Finding] = {}

    def advise(rule: str, ref: str, message: str) -> None:
        concept = index.element(ref) or index.model.get_relationship(ref)
        name = text_in(concept.name) if concept is not None else ""
        found.setdefault((rule, ref), Finding(severity="advice", rule=rule, id=ref, name=name, message=message))

    for service in services:
        ctx = index.context(service.id)
        for proc in ctx.processes:
            for rel, target in index.out(proc, ("Access",)):
                if rel.access_type is None and index.type_of(target) in PASSIVE:
                    advise(
                        "dga-access-without-type",
                        rel.id if rel.id in index.model else proc,
                        f"the Access from '{_name(index, proc)}' to '{_name(index, target)}' has no accessType, so "
                        "the checks cannot tell a document it reads from data it writes: set accessType Read "
                        "(a required document) or Write (data the service produces)",
                    )
        for _rel, source in index.into(service.id, ("Assignment",)):
            if index.type_of(source) == "BusinessRole":
                advise(
                    "dga-owner-is-a-role",
                    source,
                    f"'{_name(index, source)}' is a BusinessRole assigned to '{_name(index, service.id)}'; the "
                    "checks read the accountable unit from a BusinessActor (with `agency`) assigned to the service",
                )
        for rel, source in index.into(service.id, ("Realization",)):
            if index.type_of(source) not in PROCESS_TYPES and index.type_of(source) not in (None, "BusinessService"):
                advise(
                    "dga-service-realized-by-non-process",
                    rel.id,
                    f"'{_name(index, service.id)}' is realized by a {index.type_of(source)}; the checks read the "
                    "service's documents and steps from a realizing BusinessProcess, BusinessFunction or "
                    "BusinessInteraction",
                )
    for junction, rel_id in sorted(index.dead_ends.items()):
        advise(
            "dga-junction-leads-nowhere",
            junction,
            f"the junction '{junction}' is reached by '{rel_id}' but no relationship of the same type leaves "
            "it, so nothing is served (or accessed) through it: draw the relationships out of the junction",
        )
    for problem in index.problems:
        element_id = problem.split(":", 1)[0].removeprefix("element ").strip()
        advise("dga-unknown-platform-id", element_id, problem + ": use an id from catalog/dga/platforms.yaml")
    return [found[key] for key in sorted(found)]


def _name(index: ModelIndex, ref: str) -> str:
    el = index.element(ref)
    return (text_in(el.name) if el is not None else "") or ref
