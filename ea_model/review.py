"""The main job, `ea review`: the analyses a governance review takes, in order, over one model.

Validation, the DGA check per plateau (baseline and target when the model has a migration plan, else
the whole model), the gap matrix with its compliance delta, and strategy traceability. `run_review`
runs them as numbered steps, reporting progress, then any further steps the caller adds (writing the
review pack: `exporters.report.pack`); the results stay on the returned `Review`. The DGA catalog and
the strategy kinds are arguments (`catalog.dga`, `catalog.strategies` load the bundled ones).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ea_model.compliance.criteria import DgaCatalog
from ea_model.compliance.evaluation import GOAL_VERDICTS, ComplianceResult, check_model
from ea_model.findings import Finding
from ea_model.gap.delta import compliance_delta
from ea_model.gap.matrix import GapReport, gap_between_plateaus
from ea_model.model import Model
from ea_model.naming import counted
from ea_model.objects import text_in
from ea_model.plateaus import baseline_and_target
from ea_model.traceability import StrategyKind, TraceResult, trace
from ea_model.validation.validate import validate_model

Progress = Callable[[str, int, int], None]  # (step description, step number, step count)


@dataclass
class ReviewSummary:
    """What `ea review` prints: the headline a board reads first."""

    model_name: str
    counts: dict
    validation: dict[str, int]
    states: list[str] = field(default_factory=list)  # plateau names checked, or ["model"]
    scorecards: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)  # state -> goal -> verdict -> n
    services: int = 0
    gap: dict | None = None  # per-layer counts and compliance delta headline
    unlinked_services: int = 0
    files: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "model": self.model_name,
            "counts": {k: self.counts[k] for k in ("elements", "relationships", "views")},
            "validation": self.validation,
            "services": self.services,
            "states": self.states,
            "scorecards": self.scorecards,
            "gap": self.gap,
            "unlinked_services": self.unlinked_services,
            "files": self.files,
        }


@dataclass
class Review:
    """The analyses' results for one model, filled in step by step, and the summary they make."""

    model: Model
    catalog: DgaCatalog
    strategy_kinds: Mapping[str, StrategyKind]
    lang: str
    plan: tuple[str, str] | None
    summary: ReviewSummary
    today: dt.date | None = None  # the date the checks evaluate as of (`--as-of`); None: today
    findings: list[Finding] = field(default_factory=list)
    compliance: dict[str, ComplianceResult] = field(default_factory=dict)  # state label -> result
    gap: GapReport | None = None
    traced: TraceResult | None = None


Step = tuple[str, Callable[[Review], None]]


def validation(review: Review) -> None:
    review.findings = validate_model(review.model)
    summary = {"error": 0, "warning": 0, "advice": 0}
    for f in review.findings:
        summary[f.severity] += 1
    review.summary.validation = summary


def compliance(review: Review) -> None:
    plan = review.plan
    states = [("baseline", plan[0]), ("target", plan[1])] if plan else [("model", None)]
    for label, plateau in states:
        result = check_model(review.model, catalog=review.catalog, plateau=plateau, today=review.today)
        review.compliance[label] = result
        review.summary.scorecards[label] = result.scorecard()
        review.summary.services = max(review.summary.services, len(result.services))
        review.summary.states.append(label)


def gap(review: Review) -> None:
    model, (baseline, target) = review.model, review.plan
    report = gap_between_plateaus(model, baseline, target)
    report.compliance = compliance_delta(
        model,
        model,
        catalog=review.catalog,
        baseline_plateau=baseline,
        target_plateau=target,
        lang=review.lang,
        today=review.today,
    )
    review.gap = report
    layers = {layer.value: g.counts() for layer, g in report.layers.items()}
    delta = report.compliance or {}
    outcomes = {
        goal: {k: v[k] for k in ("closed", "remaining", "opened")} for goal, v in delta.get("outcomes", {}).items()
    }
    review.summary.gap = {"layers": layers, "outcomes": outcomes}


def traceability(review: Review) -> None:
    review.traced = trace(review.model, catalog=review.catalog, strategy_kinds=review.strategy_kinds)
    review.summary.unlinked_services = len(review.traced.unlinked_services)


def run_review(
    model: Model,
    *,
    catalog: DgaCatalog,
    strategy_kinds: Mapping[str, StrategyKind],
    lang: str = "th",
    progress: Progress | None = None,
    then: Sequence[Step] = (),
    today: dt.date | None = None,
) -> Review:
    """Run the review's analyses over `model`, then the steps in `then`, numbering them all for `progress`.
    `today` fixes the date the checks evaluate as of, so a pack can be rebuilt as it was on that day."""
    plan = baseline_and_target(model)
    summary = ReviewSummary(
        model_name=text_in(model.info.name, lang) or "(unnamed model)", counts=model.counts(), validation={}
    )
    review = Review(model, catalog, strategy_kinds, lang, plan, summary, today=today)
    steps: list[Step] = [
        ("validating the model", validation),
        ("checking the Digital Government Act outcomes", compliance),
    ]
    if plan:
        steps.append(("comparing baseline and target", gap))
    steps.append(("tracing services to strategies", traceability))
    steps.extend(then)
    for number, (description, step) in enumerate(steps, 1):
        if progress is not None:
            progress(description, number, len(steps))
        step(review)
    return review


def format_review_summary(summary: ReviewSummary, out_dir: str, lang: str, *, catalog: DgaCatalog) -> str:
    """The headline `ea review` prints: counts, validation, the scorecard per plateau, the gap, where the files are."""
    counts, v = summary.counts, summary.validation
    lines = [
        f"{summary.model_name}: {counted(counts['elements'], 'element')}, "
        f"{counted(counts['relationships'], 'relationship')}, {counted(counts['views'], 'view')}",
        f"validation: {v['error']} errors, {v['warning']} warnings, {v['advice']} advice",
        f"Digital Government Act outcomes, {summary.services} citizen services ({' -> '.join(summary.states)}):",
    ]
    for goal in next(iter(summary.scorecards.values()), {}):
        outcome = catalog.outcome(goal)
        title = (outcome.name_th if lang == "th" else outcome.name_en) if outcome else goal
        cells = []
        for state in summary.states:
            card = summary.scorecards[state][goal]
            cells.append(", ".join(f"{card[k]} {k}" for k in GOAL_VERDICTS if card.get(k)))
        lines += [f"  {goal} {title}", "       " + "  ->  ".join(cells)]
    if summary.gap:
        layers = summary.gap["layers"].values()
        totals = {k: sum(layer[k] for layer in layers) for k in ("new", "changed", "eliminated")}
        closed = sum(o["closed"] for o in summary.gap["outcomes"].values())
        remaining = sum(o["remaining"] for o in summary.gap["outcomes"].values())
        lines.append(
            f"gap: {totals['new']} new, {totals['changed']} changed, {totals['eliminated']} eliminated elements; "
            f"the target closes {closed} service-outcome gaps, {remaining} remain"
        )
    if summary.unlinked_services:
        lines.append(f"traceability: {summary.unlinked_services} services with no strategic link")
    lines.append(f"review pack: {out_dir}/ (open {out_dir}/{summary.files.get('report', 'report/index.html')})")
    return "\n".join(lines)
