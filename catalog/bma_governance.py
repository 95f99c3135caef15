"""Governance facts of the BMA model's applications and technology (catalog/bma/governance.yaml): the
lifecycle link, fit scores, TIME and owner, set as properties (docs/governance.md)."""

from __future__ import annotations

from typing import Any

from ea_model.errors import EaError

GOVERNANCE_PROPERTIES = ("lifecycle", "functional_fit", "technical_fit", "time", "owner")


def build_governance(b: Any) -> None:
    """Set each `elements:` entry's properties on the element its key names (a BmaBuilder `b`)."""
    for key, facts in (b.src.get("governance") or {}).get("elements", {}).items():
        unknown = set(facts) - set(GOVERNANCE_PROPERTIES)
        if unknown:
            raise EaError(f"catalog/bma/governance.yaml: {key}: unknown fields {sorted(unknown)}")
        b.set_props(b.ref(key), {name: facts.get(name) for name in GOVERNANCE_PROPERTIES})
