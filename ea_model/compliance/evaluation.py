"""Digital Government Act compliance: every DGA criterion, for every citizen-facing service.

The criteria are data (catalog/dga/criteria.yaml, loaded by `catalog.dga`), written in the predicate
vocabulary of `ea_model.compliance.predicates`; `ea_model.compliance.compiler` compiles them once per
catalog, and this module runs them over a model and collects findings.

    >>> from catalog.dga import load_dga_catalog
    >>> from ea_model.compliance import check_model
    >>> result = check_model(model, catalog=load_dga_catalog())   # doctest: +SKIP
    >>> result.goal_verdict("id-svc-building-permit", "O3")  # doctest: +SKIP
    'fail'

Verdicts of a finding: pass, fail, warn, info, unknown. A failed test becomes the criterion's severity
(fail, warn or info); a test the model cannot answer is unknown ("the model does not say …"), never a pass.
A criterion that does not apply to a service (a free service and e-payment) gives no finding.

A service's verdict for an outcome aggregates its findings: fail > warn > unknown > pass, where info counts
as pass; "n/a" when no criterion of the outcome applies.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, PrivateAttr, computed_field

from ea_model.compliance.advice import unreadable_drawings
from ea_model.compliance.compiler import CompiledCriterion, compile_criteria
from ea_model.compliance.criteria import DgaCatalog
from ea_model.compliance.index import ModelIndex, plateau_exclusions
from ea_model.compliance.notes import finding_caveats, render_record, with_concerned
from ea_model.compliance.predicates import render_notes
from ea_model.compliance.vocabulary import FAIL, NA, PASS, UNKNOWN
from ea_model.errors import EaError
from ea_model.findings import Finding
from ea_model.graph_scan import paused_gc
from ea_model.model import Model
from ea_model.objects import Element, LangString
from ea_model.plateaus import find_plateau

Verdict = Literal["pass", "fail", "warn", "info", "unknown"]
GoalVerdict = Literal["pass", "fail", "warn", "unknown", "n/a"]
VERDICTS: tuple[str, ...] = ("fail", "warn", "unknown", "info", "pass")
GOAL_VERDICTS: tuple[str, ...] = ("fail", "warn", "unknown", "pass", "n/a")
# For --fail-on: a finding at or above the threshold gates.
VERDICT_RANK = {"pass": 0, "info": 0, "unknown": 1, "warn": 2, "fail": 3}
_GOAL_RANK = {"n/a": -1, "pass": 0, "info": 0, "unknown": 1, "warn": 2, "fail": 3}
_FAILED_AS = {"fail": "fail", "warn": "warn", "info": "info"}


class ComplianceFinding(BaseModel):
    """What one criterion says about one service. `message` ({"th": …, "en": …}) is rendered from the
    facts the predicates observed the first time it is read (a run makes many findings; few are shown)."""

    model_config = ConfigDict(frozen=True)

    service: str
    service_name: LangString
    goal: str
    criterion: str
    verdict: Verdict
    criterion_severity: Literal["fail", "warn", "info"]
    evidence: list[str]  # ids of the elements and relationships behind the verdict
    remedy: LangString  # the criterion's remedy when the test fails (catalog text)
    legal_basis: list[str]
    accountable: list[str] = []  # the BusinessActors assigned to the service: who acts on the finding
    accountable_name: LangString = {}
    caveats: list[LangString] = []  # why to verify before recording a breach (uncertain facts, Or junctions)
    _notes: Any = PrivateAttr(default=None)
    _index: Any = PrivateAttr(default=None)
    _message: LangString | None = PrivateAttr(default=None)
    _remediation: LangString | None = PrivateAttr(default=None)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def message(self) -> LangString:
        if self._message is None:
            self._render()
        return self._message

    @computed_field  # type: ignore[prop-decorator]
    @property
    def remediation(self) -> LangString:
        """What would settle the finding: for `unknown`, the fact to record (in the conventions' terms); for
        a failed test, the criterion's remedy with the elements it concerns; for a pass, the remedy as is."""
        if self._remediation is None:
            self._render()
        return self._remediation

    def _render(self) -> None:
        index = self._index
        if index is None:
            self._message = self._message or {"th": "", "en": ""}
            self._remediation = self._remediation or dict(self.remedy)
            return
        self._message = {lang: render_notes(self._notes, lang, index) for lang in ("th", "en")}
        if self.verdict == "unknown":
            self._remediation = render_record(self._notes, index, self.service) or dict(self.remedy)
        elif self.verdict == "pass":
            self._remediation = dict(self.remedy)
        else:
            self._remediation = with_concerned(self.remedy, self._notes, index, self.service)
        self._index = None  # the rendered texts are all a finding keeps

    def as_json(self, lang: str = "en") -> dict[str, Any]:
        """The JSON shape of `ea check --format json` (texts in `lang`, both languages alongside)."""
        return {
            "service": self.service,
            "service_name": _in(self.service_name, lang),
            "goal": self.goal,
            "criterion": self.criterion,
            "severity": self.verdict,
            "verdict": self.verdict,
            "criterion_severity": self.criterion_severity,
            "message": _in(self.message, lang),
            "evidence": list(self.evidence),
            "remediation": _in(self.remediation, lang),
            "legal_basis": list(self.legal_basis),
            "accountable": list(self.accountable),
            "accountable_name": _in(self.accountable_name, lang),
            "caveats": [_in(c, lang) for c in self.caveats],
            "service_name_th": self.service_name.get("th", ""),
            "service_name_en": self.service_name.get("en", ""),
            "message_th": self.message.get("th", ""),
            "message_en": self.message.get("en", ""),
            "remediation_th": self.remediation.get("th", ""),
            "remediation_en": self.remediation.get("en", ""),
            "accountable_name_th": self.accountable_name.get("th", ""),
            "accountable_name_en": self.accountable_name.get("en", ""),
        }


def _in(value: LangString, lang: str) -> str:
    other = "en" if lang == "th" else "th"
    return value.get(lang) or value.get(other) or value.get("", "")


@dataclass
class ComplianceResult:
    """The findings of one run, with per-service, per-outcome verdicts."""

    findings: list[ComplianceFinding]
    services: list[Element]
    goals: list[str]
    catalog: DgaCatalog
    problems: list[str] = field(default_factory=list)  # catalog ids the model uses that the catalog lacks
    plateau: str | None = None  # the Plateau the model was checked as of, if any
    advice: list[Finding] = field(default_factory=list)  # drawings the checks cannot read, and how to draw them
    units: dict[str, list[str]] = field(default_factory=dict)  # service id -> its accountable units' ids
    unit_names: dict[str, LangString] = field(default_factory=dict)
    _verdicts: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for f in self.findings:
            key = (f.service, f.goal)
            if _GOAL_RANK[f.verdict] > _GOAL_RANK.get(self._verdicts.get(key, "n/a"), -1):
                self._verdicts[key] = "pass" if f.verdict == "info" else f.verdict

    def goal_verdict(self, service_id: str, goal_id: str) -> str:
        """fail > warn > unknown > pass (info counts as pass); "n/a" when no criterion of the goal applies."""
        return self._verdicts.get((service_id, goal_id), "n/a")

    def findings_for(self, service_id: str, goal_id: str | None = None) -> list[ComplianceFinding]:
        return [f for f in self.findings if f.service == service_id and (goal_id is None or f.goal == goal_id)]

    def scorecard(self, services: Iterable[Element] | None = None) -> dict[str, dict[str, int]]:
        """{goal: {verdict: number of services}} with every goal verdict present (zero when none); of
        `services` when given, else of every citizen service."""
        card = {g: dict.fromkeys(GOAL_VERDICTS, 0) for g in self.goals}
        for s in self.services if services is None else services:
            for g in self.goals:
                card[g][self.goal_verdict(s.id, g)] += 1
        return card

    def scorecard_by_unit(self) -> list[dict[str, Any]]:
        """The scorecard per accountable unit (the BusinessActors assigned to a service; a service with
        several counts for each), units by id, services with none under "unassigned"."""
        members: dict[str, list[Element]] = {}
        for s in self.services:
            for unit in self.units.get(s.id) or ["unassigned"]:
                members.setdefault(unit, []).append(s)
        return [
            {
                "unit": unit,
                "name": self.unit_names.get(unit, {}),
                "services": [s.id for s in members[unit]],
                "scorecard": self.scorecard(members[unit]),
            }
            for unit in sorted(members)
        ]

    def worst(self) -> str:
        """The most severe finding verdict ("pass" when there are no findings)."""
        return max((f.verdict for f in self.findings), key=VERDICT_RANK.__getitem__, default="pass")

    def gates(self, threshold: str) -> bool:
        """Whether any finding is at or above `threshold` (fail | warn | unknown; never → False)."""
        if threshold == "never":
            return False
        return any(VERDICT_RANK[f.verdict] >= VERDICT_RANK[threshold] for f in self.findings)

    def summary(self) -> dict[str, Any]:
        card = self.scorecard()
        by_goal_findings: dict[str, Counter] = {g: Counter() for g in self.goals}
        for f in self.findings:
            by_goal_findings[f.goal][f.verdict] += 1
        goals = {}
        for g in self.goals:
            outcome = self.catalog.outcome(g)
            goals[g] = {
                "name_th": outcome.name_th,
                "name_en": outcome.name_en,
                "services": card[g],
                "findings": {v: by_goal_findings[g][v] for v in VERDICTS},
            }
        totals = Counter(f.verdict for f in self.findings)
        return {
            "services": len(self.services),
            "criteria": sum(1 for c in self.catalog.criteria if c.outcome in self.goals),
            "findings": len(self.findings),
            "by_verdict": {v: totals[v] for v in VERDICTS},
            "goals": goals,
            "plateau": self.plateau,
            "catalog_problems": list(self.problems),
            "advice": len(self.advice),
        }

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        """A JSON-ready dict: {"findings": [...], "summary": {...}, "services": [...]}."""
        return {
            "findings": [f.as_json(lang) for f in self.findings],
            "summary": self.summary(),
            "services": [
                {
                    "id": s.id,
                    "name_th": s.name.get("th", ""),
                    "name_en": s.name.get("en", "") or s.name.get("", ""),
                    "goals": {g: self.goal_verdict(s.id, g) for g in self.goals},
                }
                for s in self.services
            ],
            "advice": [a.as_json() for a in self.advice],
            "by_unit": [
                {**entry, "name": _in(entry["name"], lang) if entry["name"] else ""}
                for entry in self.scorecard_by_unit()
            ],
        }


# ---- running -----------------------------------------------------------------------------------


def citizen_services(model: Model, *, catalog: DgaCatalog) -> list[Element]:
    """The citizen-facing services: BusinessServices serving a BusinessRole whose `party` is citizen or
    business (convention 1), sorted by id."""
    return ModelIndex(model, catalog).citizen_services()


def check_model(
    model: Model,
    *,
    goals: Iterable[str] | None = None,
    catalog: DgaCatalog,
    plateau: str | None = None,
    today: dt.date | None = None,
) -> ComplianceResult:
    """Evaluate every criterion (of `goals`, default all seven outcomes) for every citizen service.

    `plateau` evaluates the model as of that Plateau (convention 11); `today` fixes the date that
    review-age criteria compare with. `catalog` is the compiled-from-data DGA catalog
    (`catalog.dga.load_dga_catalog()` for the bundled one).
    """
    known = [o.id for o in catalog.outcomes]
    wanted = list(goals) if goals else known
    for g in wanted:
        if g not in known:
            raise EaError(f"unknown outcome {g!r}; known: {', '.join(known)}")
    compiled = [c for c in compile_criteria(catalog) if c.criterion.outcome in wanted]
    plateau_id = find_plateau(model, plateau).id if plateau else None
    excluded = plateau_exclusions(model, plateau_id) if plateau_id else frozenset()
    with paused_gc():
        index = ModelIndex(model, catalog, excluded=excluded, today=today)
        services = index.citizen_services()
        findings: list[ComplianceFinding] = []
        for service in services:
            ctx = index.context(service.id)
            for cc in compiled:
                finding = _evaluate(cc, ctx, service, index)
                if finding is not None:
                    findings.append(finding)
        advice = unreadable_drawings(index, services)
        units = {s.id: index.accountable(s.id)[0] for s in services}
        unit_names = {u: dict(index.element(u).name) for ids in units.values() for u in ids}
        index.release()
        order = {g: n for n, g in enumerate(known)}
        goals_in_order = sorted(wanted, key=order.__getitem__)
        return ComplianceResult(
            findings,
            services,
            goals_in_order,
            catalog,
            list(index.problems),
            plateau_id,
            advice=advice,
            units=units,
            unit_names=unit_names,
        )


def _evaluate(cc: CompiledCriterion, ctx, service: Element, index: ModelIndex) -> ComplianceFinding | None:
    c = cc.criterion
    if cc.applies_to is not None:
        scope = cc.applies_to(ctx, service.id)
        if scope.status in (FAIL, NA):
            return None
        if scope.status == UNKNOWN:
            return _finding(cc, service, "unknown", [("applies_unknown", {}), *scope.notes], scope.evidence, index)
    result = cc.test(ctx, service.id)
    if result.status == NA:
        return None
    verdict = "pass" if result.status == PASS else "unknown" if result.status == UNKNOWN else _FAILED_AS[c.severity]
    return _finding(cc, service, verdict, result.notes, result.evidence, index)


_FINDING_FIELDS = frozenset(ComplianceFinding.model_fields)


def _finding(
    cc: CompiledCriterion, service: Element, verdict: str, notes: list, evidence: list[str], index: ModelIndex
) -> ComplianceFinding:
    c = cc.criterion
    accountable, accountable_name = index.accountable(service.id)
    values = {
        "service": service.id,
        "service_name": service.name,
        "goal": c.outcome,
        "criterion": c.id,
        "verdict": verdict,
        "criterion_severity": c.severity,
        "evidence": list(dict.fromkeys(index.real_ids(evidence))),
        "remedy": cc.remedy,
        "legal_basis": c.legal_basis,
        "accountable": accountable,
        "accountable_name": accountable_name,
        "caveats": finding_caveats(c, verdict, notes, evidence, index),
    }
    # What `model_construct` does (the values are ours and already valid), without its per-call overhead:
    # a run builds one finding per service and criterion.
    finding = ComplianceFinding.__new__(ComplianceFinding)
    object.__setattr__(finding, "__dict__", values)
    object.__setattr__(finding, "__pydantic_fields_set__", set(_FINDING_FIELDS))
    object.__setattr__(finding, "__pydantic_extra__", None)
    private = {"_notes": notes, "_index": index, "_message": None, "_remediation": None}
    object.__setattr__(finding, "__pydantic_private__", private)
    return finding
