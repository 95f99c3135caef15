"""The governance review pack: everything an EA Governance meeting takes, for one model, in one folder.

    review/
      summary.json            the headline numbers (also printed by `ea review`)
      validation.json         metamodel errors and hygiene findings
      compliance-<state>.json/.csv/.txt   the DGA check, per plateau (or for the whole model)
      gap.json, gap.txt       baseline vs target gap matrix and compliance delta (two plateaus)
      traceability.json       services to BMA strategies and National Strategy pillars
      report/index.html       the static site the board opens in a browser
      report/diagrams/*.svg   per-service review diagrams (today and planned), landscape, strategy map

The analyses and their order are `ea_model.review`; this module writes their results, and the report,
as the pipeline's last step.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from pathlib import Path

from ea_model.compliance.criteria import DgaCatalog
from ea_model.compliance.formatting import format_csv, format_table
from ea_model.gap.text import render_gap_text
from ea_model.model import Model
from ea_model.review import Progress, Review, ReviewSummary, run_review
from ea_model.traceability import StrategyKind
from exporters.atomic import atomic_write_text
from exporters.report.governance import Registers
from exporters.report.site import write_report

WRITE_STEP = "drawing the diagrams and writing the governance report"


def _write_json(path: Path, data) -> None:
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def write_pack(review: Review, out_dir: str | os.PathLike, governance: Registers | None = None) -> ReviewSummary:
    """Write the results of `review` and the governance report into `out_dir`; returns the summary,
    with the files it names. `governance` (the registers beside the model) adds the report's governance
    page, waived findings and decision records."""
    out, lang, summary = Path(out_dir), review.lang, review.summary
    out.mkdir(parents=True, exist_ok=True)
    findings = [f.as_json() for f in review.findings]
    _write_json(out / "validation.json", {"findings": findings, "summary": summary.validation})
    summary.files["validation"] = "validation.json"
    for label, result in review.compliance.items():
        _write_json(out / f"compliance-{label}.json", result.to_json(lang))
        atomic_write_text(out / f"compliance-{label}.csv", format_csv(result, lang))
        atomic_write_text(out / f"compliance-{label}.txt", format_table(result, lang) + "\n")
        summary.files[f"compliance-{label}"] = f"compliance-{label}.json"
    if review.gap is not None:
        _write_json(out / "gap.json", review.gap.as_json(lang))
        atomic_write_text(out / "gap.txt", render_gap_text(review.gap, lang) + "\n")
        summary.files["gap"] = "gap.json"
    _write_json(out / "traceability.json", review.traced.as_json(review.model, lang))
    summary.files["traceability"] = "traceability.json"
    index = write_report(
        review.model, out / "report", lang=lang, today=review.today, governance=governance, findings=review.findings
    )
    summary.files["report"] = str(Path(index).relative_to(out))
    diagrams = sorted((out / "report" / "diagrams").glob("*.svg"))
    summary.files["diagrams"] = f"report/diagrams/ ({len(diagrams)} SVG)"
    _write_json(out / "summary.json", summary.as_json())
    return summary


def write_review_pack(
    model: Model,
    out_dir: str | os.PathLike,
    *,
    catalog: DgaCatalog,
    strategy_kinds: Mapping[str, StrategyKind],
    lang: str = "th",
    progress: Progress | None = None,
    today: dt.date | None = None,
    governance: Registers | None = None,
) -> ReviewSummary:
    """The whole pipeline: `ea_model.review.run_review`, then `write_pack` as its last step. `today` is the
    date the checks evaluate as of (and the report's date), so the same model and day give the same pack.
    `governance`: the registers beside the model, for the report (see `write_pack`)."""
    step = (WRITE_STEP, lambda review: write_pack(review, out_dir, governance))
    review = run_review(
        model,
        catalog=catalog,
        strategy_kinds=strategy_kinds,
        lang=lang,
        progress=progress,
        then=[step],
        today=today,
    )
    return review.summary


def format_governance_note(registers: Registers, out_dir: str | os.PathLike) -> str:
    """One line for the `ea review` summary: what the report's governance page shows."""
    expired = sum(1 for w in registers.waivers if w.expires < registers.as_of)
    return (
        f"governance: {len(registers.waivers)} waivers ({expired} expired), {len(registers.lifecycle)} lifecycle "
        f"entries, {len(registers.decisions)} decision records -> {Path(out_dir) / 'report' / 'governance.html'}"
    )
