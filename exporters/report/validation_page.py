"""The report's validation page: what `ea validate` finds (the ArchiMate 3.2 rules and Archi's hygiene
checks, `ea_model.validation.validate_model`), grouped by rule, errors first, each finding linked to the
concept it is about.

On a large model one hygiene rule can find tens of thousands of things (every element in no view): a
group shows its first `ROWS_PER_RULE` findings and says how many more `ea validate` lists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ea_model.findings import SEVERITY_RANK, Finding
from ea_model.validation import RULES

ROWS_PER_RULE = 500


@dataclass
class RuleGroup:
    rule: str
    severity: str
    description: str
    total: int
    findings: list[Finding] = field(default_factory=list)  # the first ROWS_PER_RULE

    @property
    def hidden(self) -> int:
        return self.total - len(self.findings)


@dataclass
class ValidationView:
    counts: dict[str, int]  # per severity, error first
    groups: list[RuleGroup]


def validation_view(findings: list[Finding], rows_per_rule: int = ROWS_PER_RULE) -> ValidationView:
    counts = {"error": 0, "warning": 0, "advice": 0}
    groups: dict[tuple[str, str], RuleGroup] = {}
    for f in findings:
        counts[f.severity] += 1
        group = groups.get((f.severity, f.rule))
        if group is None:
            description = RULES[f.rule][1] if f.rule in RULES else ""
            group = groups[(f.severity, f.rule)] = RuleGroup(f.rule, f.severity, description, 0)
        group.total += 1
        if len(group.findings) < rows_per_rule:
            group.findings.append(f)
    ordered = sorted(groups.values(), key=lambda g: (-SEVERITY_RANK[g.severity], -g.total, g.rule))
    return ValidationView(counts, ordered)
