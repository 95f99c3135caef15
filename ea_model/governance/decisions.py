"""Decision records: the board's decisions, each concerning some elements of the model.

>>> from ea_model.governance.registers import DecisionRecord
>>> r = DecisionRecord(id="ADR-1", title="t", date="2025-01-01", status="accepted", elements=["a", "zz"])
>>> [r.id for r in decisions_for([r], "a")]
['ADR-1']
"""

from __future__ import annotations

from collections.abc import Sequence

from ea_model.governance.registers import DecisionRecord, GovernanceFinding
from ea_model.model import Model

RULES = ("decision-unknown-element", "decision-unknown-supersedes")


def decisions_for(records: Sequence[DecisionRecord], element_id: str) -> list[DecisionRecord]:
    """The records that concern `element_id`, newest first."""
    return sorted((r for r in records if element_id in r.elements), key=lambda r: (r.date, r.id), reverse=True)


def decisions_by_element(records: Sequence[DecisionRecord]) -> dict[str, list[DecisionRecord]]:
    """element id -> the records that concern it, newest first (for report pages)."""
    out: dict[str, list[DecisionRecord]] = {}
    for r in sorted(records, key=lambda r: (r.date, r.id), reverse=True):
        for el in r.elements:
            out.setdefault(el, []).append(r)
    return out


def decision_findings(model: Model, records: Sequence[DecisionRecord]) -> list[GovernanceFinding]:
    """An element id no element of the model has (error, at its line), and a `supersedes` naming no record."""
    ids = {r.id for r in records}
    out = []
    for r in records:
        for el in r.elements:
            if model.get_element(el) is None:
                out.append(
                    GovernanceFinding(
                        rule="decision-unknown-element",
                        severity="error",
                        message=f"decision {r.id} concerns {el!r}, which is no element of the model: correct the id "
                        "or record that the element was removed",
                        file=r.file,
                        line=r.element_lines.get(el, r.line),
                        register_id=r.id,
                    )
                )
        for old in r.supersedes:
            if old not in ids:
                out.append(
                    GovernanceFinding(
                        rule="decision-unknown-supersedes",
                        severity="warning",
                        message=f"decision {r.id} supersedes {old!r}, which is not a decision record",
                        file=r.file,
                        line=r.line,
                        register_id=r.id,
                    )
                )
    return out
