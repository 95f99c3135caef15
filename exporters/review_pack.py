"""The governance review pack: everything an EA Governance meeting takes, for one model, in one folder.

    review/
      summary.json            the headline numbers (also printed by `ea review`)
      validation.json         metamodel errors and hygiene findings
      compliance-<state>.json/.csv/.txt   the DGA check, per plateau (or for the whole model)
      gap.json, gap.txt       baseline vs target gap matrix and compliance delta (two plateaus)
      traceability.json       services to BMA strategies and National Strategy pillars
      report/index.html       the static site the board opens in a browser
      report/diagrams/*.svg   per-service review diagrams (today and planned), landscape, strategy map

Each step is a plain function; `write_review_pack` runs them in order, reporting progress.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ea_model.model import Model
from ea_model.naming import counted
from ea_model.objects import text_in
from ea_model.plateaus import baseline_and_target
from exporters.atomic import atomic_write_text

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


def _write_json(path: Path, data) -> None:
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def write_validation(model: Model, out: Path) -> dict[str, int]:
    from ea_model.validation import validate_model

    findings = validate_model(model)
    summary = {"error": 0, "warning": 0, "advice": 0}
    for f in findings:
        summary[f.severity] += 1
    _write_json(out / "validation.json", {"findings": [f.as_json() for f in findings], "summary": summary})
    return summary


def write_compliance(model: Model, out: Path, plateau: str | None, label: str, lang: str) -> dict:
    from ea_model.compliance import check_model
    from ea_model.compliance_format import format_csv, format_table

    result = check_model(model, plateau=plateau)
    _write_json(out / f"compliance-{label}.json", result.to_json(lang))
    atomic_write_text(out / f"compliance-{label}.csv", format_csv(result, lang))
    atomic_write_text(out / f"compliance-{label}.txt", format_table(result, lang) + "\n")
    return {"scorecard": result.scorecard(), "services": len(result.services)}


def write_gap(model: Model, out: Path, baseline: str, target: str, lang: str) -> dict:
    from ea_model.compliance_delta import compliance_delta
    from ea_model.gap import gap_between_plateaus
    from ea_model.gap_report import render_gap_text

    report = gap_between_plateaus(model, baseline, target)
    report.compliance = compliance_delta(model, model, baseline_plateau=baseline, target_plateau=target, lang=lang)
    data = report.as_json(lang)
    _write_json(out / "gap.json", data)
    atomic_write_text(out / "gap.txt", render_gap_text(report, lang) + "\n")
    layers = {layer.value: gap.counts() for layer, gap in report.layers.items()}
    delta = report.compliance or {}
    outcomes = {
        goal: {k: v[k] for k in ("closed", "remaining", "opened")} for goal, v in delta.get("outcomes", {}).items()
    }
    return {"layers": layers, "outcomes": outcomes}


def write_traceability(model: Model, out: Path, lang: str) -> int:
    from ea_model.traceability import trace

    result = trace(model)
    _write_json(out / "traceability.json", result.as_json(model, lang))
    return len(result.unlinked_services)


def write_review_pack(
    model: Model, out_dir: str | os.PathLike, *, lang: str = "th", progress: Progress | None = None, governance=None
):
    """Write the whole review pack for `model` into `out_dir`; returns a ReviewSummary."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    plan = baseline_and_target(model)
    steps: list[tuple[str, Callable[[], None]]] = []
    summary = ReviewSummary(
        model_name=text_in(model.info.name, lang) or "(unnamed model)", counts=model.counts(), validation={}
    )

    def validation() -> None:
        summary.validation = write_validation(model, out)
        summary.files["validation"] = "validation.json"

    def compliance() -> None:
        states = [("baseline", plan[0]), ("target", plan[1])] if plan else [("model", None)]
        for label, plateau in states:
            result = write_compliance(model, out, plateau, label, lang)
            summary.scorecards[label] = result["scorecard"]
            summary.services = max(summary.services, result["services"])
            summary.states.append(label)
            summary.files[f"compliance-{label}"] = f"compliance-{label}.json"

    def gap() -> None:
        summary.gap = write_gap(model, out, plan[0], plan[1], lang)
        summary.files["gap"] = "gap.json"

    def traceability() -> None:
        summary.unlinked_services = write_traceability(model, out, lang)
        summary.files["traceability"] = "traceability.json"

    def report() -> None:
        from exporters.report import write_report

        index = write_report(model, out / "report", lang=lang, governance=governance)  # governance: issue 16
        summary.files["report"] = str(Path(index).relative_to(out))
        diagrams = sorted((out / "report" / "diagrams").glob("*.svg"))
        summary.files["diagrams"] = f"report/diagrams/ ({len(diagrams)} SVG)"

    steps.append(("validating the model", validation))
    steps.append(("checking the Digital Government Act outcomes", compliance))
    if plan:
        steps.append(("comparing baseline and target", gap))
    steps.append(("tracing services to strategies", traceability))
    steps.append(("drawing the diagrams and writing the governance report", report))
    for number, (description, step) in enumerate(steps, 1):
        if progress is not None:
            progress(description, number, len(steps))
        step()
    _write_json(out / "summary.json", summary.as_json())
    return summary


def format_review_summary(summary: ReviewSummary, out_dir: str, lang: str = "th") -> str:
    """The headline `ea review` prints: counts, validation, the scorecard per plateau, the gap, where the files are."""
    from catalog.dga import load_dga_catalog
    from ea_model.compliance import GOAL_VERDICTS

    counts, v = summary.counts, summary.validation
    lines = [
        f"{summary.model_name}: {counted(counts['elements'], 'element')}, "
        f"{counted(counts['relationships'], 'relationship')}, {counted(counts['views'], 'view')}",
        f"validation: {v['error']} errors, {v['warning']} warnings, {v['advice']} advice",
        f"Digital Government Act outcomes, {summary.services} citizen services ({' -> '.join(summary.states)}):",
    ]
    catalog = load_dga_catalog()
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
