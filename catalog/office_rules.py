"""The office's own rules: a rule file in the predicate vocabulary of the DGA criteria (docs/criteria.md).

A rule file names a group (shown like an outcome: its own column in the scorecard) and lists rules with
exactly the fields of a criterion, less `outcome`. `with_office_rules` returns the DGA catalog with the
groups and rules added, so `ea check --rules FILE` runs them through the same compiler and evaluator, with
the same verdicts, evidence and remedy texts.

    >>> from catalog.office_rules import load_rule_file
    >>> rules = load_rule_file(CATALOG_DIR / "rules" / "application-ownership.yaml")
    >>> rules.group.id, [r.id for r in rules.rules]
    ('EA-OWN', ['EA-OWN-R1'])
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict

from catalog.paths import CATALOG_DIR
from ea_model.compliance.compiler import _check_catalog_ids
from ea_model.compliance.criteria import Criterion, DgaCatalog, Outcome
from ea_model.compliance.predicates import compile_expression
from ea_model.errors import EaError
from ea_model.governance.load import LineDict, entries_of, read_yaml_with_lines, validate_entry

RULES_DIR = CATALOG_DIR / "rules"


class RuleGroup(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name_th: str
    name_en: str
    legal_basis: list[str] = []
    note: str | None = None


class RuleFile(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: str
    group: RuleGroup
    rules: list[Criterion]
    lines: dict[str, int]  # rule id -> line


class _Rule(Criterion):
    """A rule entry as written: a criterion without `outcome` (the file's group gives it)."""

    outcome: str = ""
    file: str = ""
    line: int | None = None


def load_rule_file(path: Path, catalog: DgaCatalog | None = None) -> RuleFile:
    """Read and compile a rule file; every problem is one error naming the file and line. With `catalog`,
    the platform ids and capabilities a rule names must be in it."""
    label = str(path)
    data = read_yaml_with_lines(Path(path))
    if not isinstance(data, LineDict) or not isinstance(data.get("group"), LineDict):
        raise EaError("expected a `group:` mapping (id, name_th, name_en) and a `rules:` list", file=label, line=1)
    group = validate_entry(RuleGroup, data["group"], label, "group")
    rules, lines = [], {}
    for raw in entries_of(data, "rules", label):
        if "outcome" in raw:
            raise EaError(
                "a rule takes its group from the file; remove `outcome`", file=label, line=raw.key_lines["outcome"]
            )
        entry = validate_entry(_Rule, raw, label, "rule")
        if entry.id in lines:
            raise EaError(
                f"duplicate rule id {entry.id!r} (first at line {lines[entry.id]})", file=label, line=raw.line
            )
        for part in ("applies_to", "test"):
            expr = getattr(entry, part)
            if expr is None:
                continue
            line = raw.key_lines.get(part, raw.line)
            try:
                compile_expression(expr, f"rule {entry.id}.{part}")
                if catalog is not None:
                    _check_catalog_ids(expr, catalog, f"rule {entry.id}.{part}")
            except EaError as exc:
                raise EaError(exc.message, file=label, line=line) from None
        lines[entry.id] = raw.line
        rules.append(Criterion.model_validate({**entry.model_dump(exclude={"file", "line"}), "outcome": group.id}))
    return RuleFile(path=label, group=group, rules=rules, lines=lines)


def with_office_rules(catalog: DgaCatalog, rule_files: list[RuleFile]) -> DgaCatalog:
    """The catalog with each rule file's group as an outcome and its rules as criteria."""
    outcomes, criteria = list(catalog.outcomes), list(catalog.criteria)
    seen_groups = {o.id for o in outcomes}
    seen_ids = {c.id for c in criteria}
    for rf in rule_files:
        if rf.group.id in seen_groups:
            raise EaError(f"group id {rf.group.id!r} is already an outcome or another file's group", file=rf.path)
        seen_groups.add(rf.group.id)
        outcomes.append(
            Outcome(
                id=rf.group.id,
                name_th=rf.group.name_th,
                name_en=rf.group.name_en,
                legal_basis=rf.group.legal_basis,
                duty=False,
                note=rf.group.note,
            )
        )
        for rule in rf.rules:
            if rule.id in seen_ids:
                raise EaError(f"rule id {rule.id!r} is already a criterion id", file=rf.path, line=rf.lines[rule.id])
            seen_ids.add(rule.id)
            criteria.append(rule)
    fields = {name: getattr(catalog, name) for name in type(catalog).model_fields}
    return DgaCatalog(**{**fields, "outcomes": outcomes, "criteria": criteria})
