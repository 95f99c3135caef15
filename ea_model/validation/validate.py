"""Model validation: what the metamodel forbids, and the hygiene Archi's validator checks.

`validate_model(model)` returns findings, errors first. It covers what Archi's validator
(com.archimatetool.hammer) checks and what its editor enforces when a relationship is drawn:

- metamodel errors: relationships the ArchiMate 3.2 table does not allow, junctions mixing
  relationship types or joining a source and target the relationship type cannot join,
  relationship attributes on the wrong type, references that point nowhere (in views,
  organizations, properties), view connections that do not match their relationship, duplicate ids;
- hygiene: missing names, elements and relationships in no view, duplicate elements, empty views,
  elements outside their view's viewpoint, visual nesting with no relationship behind it, junctions
  that join nothing.

Problems a tolerant reader worked around (`Model.load_findings`, e.g. a dangling reference
dropped with the line it was on) come first in the result. Every rule is one pass over the model
with sets and dicts, so a 200,000-element model validates in seconds.

    >>> from ea_model import Element, Model, Relationship
    >>> from ea_model.validation import validate_model
    >>> m = Model()
    >>> m.add_element(Element(id="a", type="BusinessActor", name={"en": "Clerk"}))
    >>> m.add_element(Element(id="d", type="DataObject", name={"en": "Permit record"}))
    >>> m.add_relationship(Relationship(id="r", type="Serving", source="d", target="a"))
    >>> [f.rule for f in validate_model(m) if f.severity == "error"]
    ['relationship-not-allowed']
"""

from __future__ import annotations

from ea_model.findings import SEVERITY_RANK, Finding, Severity
from ea_model.model import Model
from ea_model.validation.rules import (
    RULES,
    check_duplicates,
    check_junctions,
    check_names,
    check_properties,
    check_relationships,
)
from ea_model.validation.scope import Scope
from ea_model.validation.views import check_ids, check_organizations, check_usage, check_views


def validate_model(model: Model) -> list[Finding]:
    """Every finding about `model`: the reader's recovered problems, then each rule's; errors first."""
    scope = Scope(model)
    findings: list[Finding] = list(model.load_findings)
    # What the reader already said (with a line number) is not said again.
    said = {(f.rule, f.id) for f in findings if f.id is not None and f.rule not in _REPEATABLE}

    def emit(rule: str, ref: str | None, name: str, message: str, severity: Severity | None = None) -> None:
        if said and (rule, ref) in said:
            return
        findings.append(Finding(severity=severity or RULES[rule][0], rule=rule, id=ref, name=name, message=message))

    for check in (
        check_relationships,
        check_junctions,
        check_properties,
        check_names,
        check_duplicates,
        check_ids,
        check_views,
        check_organizations,
        check_usage,
    ):
        check(scope, emit)
    return sorted(findings, key=lambda f: -SEVERITY_RANK[f.severity])


# Rules that may say several different things about one object (never deduplicated against the reader's).
_REPEATABLE = frozenset(
    {
        "dangling-reference",
        "junction-invalid-passthrough",
        "invalid-relationship-attribute",
        "unknown-property-definition",
        "viewpoint-violation",
        "nesting-without-relationship",
        "connection-mismatch",
    }
)
